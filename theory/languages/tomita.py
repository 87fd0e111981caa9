"""The seven Tomita grammars over ``{0, 1}``.

Source: M. Tomita (1982), *Dynamic construction of finite-state automata from examples using
hill-climbing*, Proc. 4th Annual Conference of the Cognitive Science Society; as used (with the
generators of their suite) by Bhattamishra, Ahuja & Goyal (2020), *On the Ability and
Limitations of Transformers to Recognize Formal Languages* (EMNLP), §5 and Appendix, and Sarrof,
Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal Language
Perspective* (NeurIPS), Table 1 / Appendix (Tomita 1, 2, 4, 7 star-free; 3, 5, 6 not).

Every DFA here comes from automata-lib (a regex, or ``DFA.count_mod`` and set operations);
membership (``accepts``) is written from the definition with runs, counts or Python ``re``.
"""

from __future__ import annotations

import itertools
import re

from automata.fa.dfa import DFA

from statecheck.theory.languages.base import Language, Machine, register
from statecheck.theory.languages.dfas import regex_dfa, tidy

__all__ = ["Tomita1", "Tomita2", "Tomita3", "Tomita4", "Tomita5", "Tomita6", "Tomita7"]

_BITS = ("0", "1")
_TOMITA_SOURCE = (
    "Tomita 1982; Bhattamishra, Ahuja & Goyal 2020 (EMNLP) §5; Sarrof, Veitsman & Hahn 2024 "
    "(NeurIPS) Appendix (suite generators)"
)


class _Tomita(Language):
    source = _TOMITA_SOURCE

    def _alphabet(self):
        return _BITS


@register
class Tomita1(_Tomita):
    """Tomita 1: ``1*`` (star-free).

    Distribution of :meth:`sample`: uniform over members of that length (there is one, ``1ⁿ``).

    References
    ----------
    - Tomita (1982), Proc. 4th Annual Conf. of the Cognitive Science Society (grammars 1–7).
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5.
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("tomita1")
    >>> lang.accepts(["1", "1"]), lang.accepts(["1", "0"])
    (True, False)
    >>> sorted(lang.next_symbols(["1"]))
    ['$', '1']
    """

    name = "tomita1"
    family = "star-free"

    def _accepts(self, word):
        return all(a == "1" for a in word)

    def _build_dfa(self):
        return regex_dfa("1*", _BITS)


@register
class Tomita2(_Tomita):
    """Tomita 2: ``(10)*`` (star-free).

    Distribution of :meth:`sample`: uniform over members of that length (``(10)^{n/2}``).

    References
    ----------
    - Tomita (1982), Proc. 4th Annual Conf. of the Cognitive Science Society (grammars 1–7).
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5.
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("tomita2")
    >>> lang.accepts(["1", "0", "1", "0"]), lang.accepts(["1", "1"])
    (True, False)
    >>> sorted(lang.next_symbols(["1"]))
    ['0']
    """

    name = "tomita2"
    family = "star-free"

    def _accepts(self, word):
        return len(word) % 2 == 0 and word == ("1", "0") * (len(word) // 2)

    def _build_dfa(self):
        return regex_dfa("(10)*", _BITS)


@register
class Tomita3(_Tomita):
    """Tomita 3: no maximal run of an odd number of 1s directly followed by a maximal run of an
    odd number of 0s (non-star-free: it counts run lengths modulo 2).

    The DFA is the complement of ``((0|1)*0)? 1(11)* 0(00)* (1(0|1)*)?`` (automata-lib).
    Distribution of :meth:`sample`: uniform over members of that length.

    Note on the suite's targets: the generator of Bhattamishra et al. marks the state "odd 1s
    then odd 0s" as dead, so its two-bit targets call a bit legal only when ``prefix + bit`` is a
    member — a subset of :meth:`next_symbols`, which lists every continuation of a valid prefix
    (after ``1`` it lists ``0``, since ``1 0`` continues to the member ``1 0 0``).

    References
    ----------
    - Tomita (1982), Proc. 4th Annual Conf. of the Cognitive Science Society (grammars 1–7).
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5.
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("tomita3")
    >>> lang.accepts(["1", "0", "0"]), lang.accepts(["1", "0"]), lang.accepts(["1", "1", "0"])
    (True, False, True)
    >>> sorted(lang.next_symbols(["1", "0"]))
    ['0']
    """

    name = "tomita3"
    family = "non-star-free"

    def _accepts(self, word):
        runs = [(symbol, len(list(group))) for symbol, group in itertools.groupby(word)]
        return not any(
            a == "1" and m % 2 == 1 and b == "0" and n % 2 == 1
            for (a, m), (b, n) in zip(runs, runs[1:], strict=False)
        )

    def _build_dfa(self):
        bad = regex_dfa("((0|1)*0)?1(11)*0(00)*(1(0|1)*)?", _BITS)
        return tidy(bad.complement())


@register
class Tomita4(_Tomita):
    """Tomita 4: no three consecutive 0s (star-free).

    The DFA is the complement of ``(0|1)*000(0|1)*``. Distribution of :meth:`sample`: uniform
    over members of that length.

    References
    ----------
    - Tomita (1982), Proc. 4th Annual Conf. of the Cognitive Science Society (grammars 1–7).
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5.
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("tomita4")
    >>> lang.accepts(["0", "0", "1", "0", "0"]), lang.accepts(["1", "0", "0", "0"])
    (True, False)
    >>> sorted(lang.next_symbols(["0", "0"]))
    ['$', '1']
    """

    name = "tomita4"
    family = "star-free"

    def _accepts(self, word):
        return "000" not in "".join(word)

    def _build_dfa(self):
        return tidy(regex_dfa("(0|1)*000(0|1)*", _BITS).complement())


class _ParityPairMachine(Machine):
    """Tomita 5's machine: the parities ``(#0 mod 2, #1 mod 2)``; every prefix is valid."""

    initial = (0, 0)

    def move(self, state, symbol):
        zeros, ones = state
        return ((zeros + 1) % 2, ones) if symbol == "0" else (zeros, (ones + 1) % 2)

    def accepting(self, state):
        return state == (0, 0)

    def legal(self, state):
        return _BITS


@register
class Tomita5(_Tomita):
    """Tomita 5: an even number of 0s and an even number of 1s (non-star-free; Z₂ × Z₂).

    DFA: automata-lib ``count_mod(2, {"0"}) ∩ count_mod(2, {"1"})``. Reference machine: the
    pair of parities. Every word is a valid prefix. Distribution of :meth:`sample`: uniform
    over members of that length.

    References
    ----------
    - Tomita (1982), Proc. 4th Annual Conf. of the Cognitive Science Society (grammars 1–7).
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5.
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("tomita5")
    >>> lang.accepts(["0", "1", "1", "0"]), lang.accepts(["0", "1"])
    (True, False)
    >>> sorted(lang.next_symbols(["0", "0"]))
    ['$', '0', '1']
    """

    name = "tomita5"
    family = "non-star-free"

    def _accepts(self, word):
        return word.count("0") % 2 == 0 and word.count("1") % 2 == 0

    def _build_dfa(self):
        zeros = DFA.count_mod(set(_BITS), 2, symbols_to_count={"0"})
        ones = DFA.count_mod(set(_BITS), 2, symbols_to_count={"1"})
        return tidy(zeros & ones)

    def _machine(self, semantics):
        return _ParityPairMachine(_BITS, semantics=semantics, name=f"{self.label} parity pair")


class _DifferenceMod3Machine(Machine):
    """Tomita 6's machine: ``(#0 − #1) mod 3``; every prefix is valid."""

    initial = 0

    def move(self, state, symbol):
        return (state + (1 if symbol == "0" else -1)) % 3

    def accepting(self, state):
        return state == 0

    def legal(self, state):
        return _BITS


@register
class Tomita6(_Tomita):
    """Tomita 6: ``#0 − #1 ≡ 0 (mod 3)`` (non-star-free; Z₃).

    DFA: automata-lib, the union over ``r ∈ {0, 1, 2}`` of ``count_mod(3, {r}, {"0"}) ∩
    count_mod(3, {r}, {"1"})``. Reference machine: the difference modulo 3. Every word is a
    valid prefix. Distribution of :meth:`sample`: uniform over members of that length.

    References
    ----------
    - Tomita (1982), Proc. 4th Annual Conf. of the Cognitive Science Society (grammars 1–7).
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5.
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("tomita6")
    >>> lang.accepts(["0", "0", "0"]), lang.accepts(["0", "1"]), lang.accepts(["0"])
    (True, True, False)
    """

    name = "tomita6"
    family = "non-star-free"

    def _accepts(self, word):
        return (word.count("0") - word.count("1")) % 3 == 0

    def _build_dfa(self):
        union = None
        for r in range(3):
            zeros = DFA.count_mod(set(_BITS), 3, remainders={r}, symbols_to_count={"0"})
            ones = DFA.count_mod(set(_BITS), 3, remainders={r}, symbols_to_count={"1"})
            both = zeros & ones
            union = both if union is None else union | both
        return tidy(union)

    def _machine(self, semantics):
        return _DifferenceMod3Machine(_BITS, semantics=semantics, name=f"{self.label} difference mod 3")


@register
class Tomita7(_Tomita):
    """Tomita 7: ``0*1*0*1*`` (star-free).

    Distribution of :meth:`sample`: uniform over members of that length.

    References
    ----------
    - Tomita (1982), Proc. 4th Annual Conf. of the Cognitive Science Society (grammars 1–7).
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5.
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("tomita7")
    >>> lang.accepts(["0", "1", "0", "1"]), lang.accepts(["1", "0", "1", "0"])
    (True, False)
    >>> sorted(lang.next_symbols(["1", "0", "1"]))
    ['$', '1']
    """

    name = "tomita7"
    family = "star-free"

    def _accepts(self, word):
        return re.fullmatch("0*1*0*1*", "".join(word)) is not None

    def _build_dfa(self):
        return regex_dfa("0*1*0*1*", _BITS)
