"""The periodic (non-star-free) regular languages of the suite: ``(aa)*``, ``(aaaa)*``, ``(abab)*``.

Source: Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
Recognize Formal Languages* (EMNLP), §5 (non-star-free languages ``(aa)*``, ``(aaaa)*``,
``(abab)*``); Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A
Formal Language Perspective* (NeurIPS), Appendix (their generators, class
``AAStarLanguage(n)`` / ``ABABStarLanguage``). DFAs from the regexes by automata-lib.
"""

from __future__ import annotations

from statecheck.theory.languages.base import Language, register
from statecheck.theory.languages.dfas import regex_dfa

__all__ = ["AAStar", "AAAAStar", "ABABStar"]

_SOURCE = (
    "Bhattamishra, Ahuja & Goyal 2020 (EMNLP) §5; Sarrof, Veitsman & Hahn 2024 (NeurIPS) "
    "Appendix (suite generators)"
)


class _Periodic(Language):
    """``(block)*`` for a fixed block over the alphabet."""

    family = "non-star-free"
    source = _SOURCE
    BLOCK: tuple[str, ...] = ()

    def _alphabet(self):
        return tuple(dict.fromkeys(self.BLOCK))

    def _accepts(self, word):
        size = len(self.BLOCK)
        return len(word) % size == 0 and word == self.BLOCK * (len(word) // size)

    def _build_dfa(self):
        return regex_dfa(f"({''.join(self.BLOCK)})*", self._alphabet())


@register
class AAStar(_Periodic):
    """``(aa)*`` over ``{a}``: even length (non-star-free; Z₂).

    Predictive: the next symbol is always ``a``; ``$`` after an even number of symbols.
    Distribution of :meth:`sample`: the only member of that length (``aⁿ``, ``n`` even).

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5 (non-star-free languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("aa_star")
    >>> lang.accepts(["a", "a"]), lang.accepts(["a"])
    (True, False)
    >>> sorted(lang.next_symbols(["a", "a"]))
    ['$', 'a']
    """

    name = "aa_star"
    BLOCK = ("a", "a")


@register
class AAAAStar(_Periodic):
    """``(aaaa)*`` over ``{a}``: length divisible by 4 (non-star-free; Z₄).

    Distribution of :meth:`sample`: the only member of that length.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5 (non-star-free languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("aaaa_star")
    >>> lang.accepts(["a"] * 8), lang.accepts(["a"] * 6)
    (True, False)
    """

    name = "aaaa_star"
    BLOCK = ("a", "a", "a", "a")


@register
class ABABStar(_Periodic):
    """``(abab)*`` over ``{a, b}`` (non-star-free: the period-4 counter of the block).

    The suite's class ``ABABStarLanguage`` uses the block ``σσ`` with ``σ = ab``, i.e.
    ``abab`` (not ``ab``). Predictive: the next symbol is forced (``a`` after an even number
    of symbols, else ``b``); ``$`` after a multiple of 4. Distribution of :meth:`sample`: the
    only member of that length.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5 (non-star-free languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("abab_star")
    >>> lang.accepts(["a", "b", "a", "b"]), lang.accepts(["a", "b"])
    (True, False)
    >>> sorted(lang.next_symbols(["a", "b"]))
    ['a']
    """

    name = "abab_star"
    BLOCK = ("a", "b", "a", "b")
