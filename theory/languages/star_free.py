"""The three star-free regular expressions of the suite.

Source: Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
Recognize Formal Languages* (EMNLP), §5 (star-free languages ``aa*bb*cc*dd*ee*``,
``{a,b}*d{b,c}*``, ``{0,1,2}*02*``); Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of
State Space Models: A Formal Language Perspective* (NeurIPS), Theorem 4 (non-negative SSMs
predict exactly the star-free languages) and Appendix (suite generators). DFAs from the regexes
by automata-lib; membership by Python ``re``.
"""

from __future__ import annotations

import re

from statecheck.theory.languages.base import Language, register
from statecheck.theory.languages.dfas import regex_dfa

__all__ = ["AAStarToEEStar", "ABStarDBCStar", "ZeroOneTwoStarZeroTwoStar"]

_SOURCE = (
    "Bhattamishra, Ahuja & Goyal 2020 (EMNLP) §5; Sarrof, Veitsman & Hahn 2024 (NeurIPS) "
    "Thm 4 and Appendix (suite generators)"
)


class _StarFreeRegex(Language):
    """A language given by one regular expression over one-character symbols."""

    family = "star-free"
    source = _SOURCE
    SYMBOLS: tuple[str, ...] = ()
    PYTHON_RE = ""
    AUTOMATA_RE = ""

    def _alphabet(self):
        return self.SYMBOLS

    def _accepts(self, word):
        return re.fullmatch(self.PYTHON_RE, "".join(word)) is not None

    def _build_dfa(self):
        return regex_dfa(self.AUTOMATA_RE, self.SYMBOLS)


@register
class AAStarToEEStar(_StarFreeRegex):
    """``aa*bb*cc*dd*ee*`` = ``a⁺b⁺c⁺d⁺e⁺`` over ``{a, b, c, d, e}`` (star-free).

    Predictive: after a symbol ``x`` the legal next symbols are ``x`` and its successor
    (``$`` after ``e``) — the suite's one-letter targets name that successor. Distribution of
    :meth:`sample`: uniform over members of that length (members need length ``≥ 5``).

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5 (star-free languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 4 and Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("aa_star_bb_star_cc_star_dd_star_ee_star")
    >>> lang.accepts(list("aabcde")), lang.accepts(list("abde"))
    (True, False)
    >>> sorted(lang.next_symbols(["a", "b"]))
    ['b', 'c']
    """

    name = "aa_star_bb_star_cc_star_dd_star_ee_star"
    SYMBOLS = ("a", "b", "c", "d", "e")
    PYTHON_RE = "a+b+c+d+e+"
    AUTOMATA_RE = "aa*bb*cc*dd*ee*"


@register
class ABStarDBCStar(_StarFreeRegex):
    """``{a,b}* d {b,c}*`` over ``{a, b, c, d}`` (star-free): exactly one ``d``, only ``a``/``b``
    before it and only ``b``/``c`` after it.

    Predictive: ``{a, b, d}`` before the ``d``; ``{b, c, $}`` from the ``d`` on. Distribution
    of :meth:`sample`: uniform over members of that length (members need length ``≥ 1``).

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5 (star-free languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 4 and Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("ab_star_d_bc_star")
    >>> lang.accepts(list("abdcb")), lang.accepts(list("adda"))
    (True, False)
    >>> sorted(lang.next_symbols(["b", "d"]))
    ['$', 'b', 'c']
    """

    name = "ab_star_d_bc_star"
    SYMBOLS = ("a", "b", "c", "d")
    PYTHON_RE = "[ab]*d[bc]*"
    AUTOMATA_RE = "(a|b)*d(b|c)*"


@register
class ZeroOneTwoStarZeroTwoStar(_StarFreeRegex):
    """``{0,1,2}* 0 2*`` over ``{0, 1, 2}`` (star-free): the last symbol other than ``2`` is ``0``.

    Predictive: every prefix is valid, so the legal next symbols are always ``{0, 1, 2}``,
    plus ``$`` when the last non-``2`` symbol is ``0`` (including right after a ``0``).

    Note on the suite's targets: its generator (class ``ZOT_Z_T``) outputs ``e`` (end allowed)
    only at a ``2`` reached after a ``0``, and ``c`` after the ``0`` itself, although its own
    strings may end with that ``0`` (the ``2*`` part may be empty) — there its target omits
    ``$``. Distribution of :meth:`sample`: uniform over members of that length.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5 (star-free languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 4 and Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("012_star_02_star")
    >>> lang.accepts(list("10222")), lang.accepts(list("0221")), lang.accepts(list("0"))
    (True, False, True)
    >>> sorted(lang.next_symbols(list("01")))
    ['0', '1', '2']
    """

    name = "012_star_02_star"
    SYMBOLS = ("0", "1", "2")
    PYTHON_RE = "[012]*02*"
    AUTOMATA_RE = "(0|1|2)*02*"
