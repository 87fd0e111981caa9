"""Counting modulo k over ``{0, 1}``: PARITY and MOD-k.

Source: PARITY as generated in the suites of Bhattamishra, Ahuja & Goyal (2020), *On the Ability
and Limitations of Transformers to Recognize Formal Languages* (EMNLP), §5 ("Parity": an even
number of 1s), and Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space
Models: A Formal Language Perspective* (NeurIPS), Theorem 2 (no non-negative finite-precision
SSM recognises PARITY); MOD-k generalises it to "the number of 1s is divisible by k" (the
modular counting of Grazzi et al. 2025, *Unlocking State-Tracking in Linear RNNs Through
Negative Eigenvalues*, ICLR).
"""

from __future__ import annotations

from automata.fa.dfa import DFA

from statecheck.theory.languages.base import Language, Machine, Param, register
from statecheck.theory.languages.dfas import tidy

__all__ = ["Parity", "Mod"]

_BITS = ("0", "1")


class _OnesModMachine(Machine):
    """``#1 mod k``; every prefix is valid (more 1s reach 0 mod k)."""

    initial = 0

    def __init__(self, k: int, **kwargs):
        self.k = k
        super().__init__(_BITS, **kwargs)

    def move(self, state, symbol):
        return (state + 1) % self.k if symbol == "1" else state

    def accepting(self, state):
        return state == 0

    def legal(self, state):
        return _BITS


@register
class Parity(Language):
    """PARITY: words over ``{0, 1}`` with an even number of 1s (non-star-free; Z₂).

    As in the suite of Bhattamishra et al. (2020) (their ``check_parity``: the count of ``1``
    is even; the empty word is a member). DFA: automata-lib ``DFA.count_mod`` of ``1`` modulo
    2. Reference machine: ``#1 mod 2``. Every word is a valid prefix, so the predictive output
    is ``{0, 1}`` plus ``$`` on members. Distribution of :meth:`sample`: uniform over members
    of that length.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5 (parity).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 2 (PARITY and non-negative SSMs).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("parity")
    >>> lang.accepts(["1", "0", "1"]), lang.accepts(["1"])
    (True, False)
    >>> sorted(lang.next_symbols(["1", "1"]))
    ['$', '0', '1']
    """

    name = "parity"
    family = "non-star-free"
    source = "Bhattamishra, Ahuja & Goyal 2020 (EMNLP) §5; Sarrof, Veitsman & Hahn 2024 (NeurIPS) Thm 2"

    def _alphabet(self):
        return _BITS

    def _accepts(self, word):
        return word.count("1") % 2 == 0

    def _build_dfa(self):
        return tidy(DFA.count_mod(set(_BITS), 2, symbols_to_count={"1"}))

    def _machine(self, semantics):
        return _OnesModMachine(2, semantics=semantics, name=f"{self.label} ones mod 2")


@register
class Mod(Language):
    """MOD-k: words over ``{0, 1}`` whose number of 1s is divisible by ``k``.

    ``mod(k=2)`` is PARITY. Family: non-star-free for ``k ≥ 2`` (the syntactic monoid is
    Z_k), star-free for ``k = 1`` (every word). DFA: automata-lib ``DFA.count_mod`` of ``1``
    modulo ``k``. Reference machine: ``#1 mod k``. Distribution of :meth:`sample`: uniform
    over members of that length.

    Parameters
    ----------
    k : int
        The modulus, ``1 ≤ k ≤ 1000``.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5 (parity).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 2 (PARITY and non-negative SSMs).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("mod", k=3)
    >>> lang.accepts(["1", "0", "1", "1"]), lang.accepts(["1", "1"])
    (True, False)
    """

    name = "mod"
    source = (
        "Bhattamishra, Ahuja & Goyal 2020 (EMNLP) §5 (parity); Grazzi et al. 2025 (ICLR) "
        "(modular counting)"
    )
    PARAMS = (Param("k", "int", "the modulus", example=3, minimum=1, maximum=1000),)

    def _setup(self):
        self._set("family", "star-free" if self.params["k"] == 1 else "non-star-free")

    def _alphabet(self):
        return _BITS

    def _accepts(self, word):
        return word.count("1") % self.params["k"] == 0

    def _build_dfa(self):
        return tidy(DFA.count_mod(set(_BITS), self.params["k"], symbols_to_count={"1"}))

    def _machine(self, semantics):
        k = self.params["k"]
        return _OnesModMachine(k, semantics=semantics, name=f"{self.label} ones mod {k}")
