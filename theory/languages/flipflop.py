"""The Flip-Flop language: write, read and ignore instructions on one stored bit (star-free).

Source: Liu, Ash, Goel, Krishnamurthy & Zhang (2023), *Exposing Attention Glitches with
Flip-Flop Language Modeling* (NeurIPS), Definition 1 (the flip-flop language) and §3 (FFL(p):
instructions ``i`` with probability ``p``, ``w`` and ``r`` with ``(1 − p)/2`` each; the first
instruction ``w``, the last ``r``); Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of
State Space Models: A Formal Language Perspective* (NeurIPS), Theorem 1 (a two-layer SSM
predicts it at every length) and §5 (FFL(0.8), FFL(0.98)).
"""

from __future__ import annotations

from statecheck.theory.languages.base import DEAD, Language, Machine, Param, register
from statecheck.theory.languages.dfas import regex_dfa

__all__ = ["FlipFlop", "FLIPFLOP_ALPHABET"]

#: Instructions ``w`` (write), ``r`` (read), ``i`` (ignore), then the two bits.
FLIPFLOP_ALPHABET = ("w", "r", "i", "0", "1")
_INSTRUCTIONS = ("w", "r", "i")
_BITS = ("0", "1")


class _FlipFlopMachine(Machine):
    """The flip-flop machine: the phase, the pending instruction and the stored bit.

    States: ``("start",)``; ``("data", x, s)`` after instruction ``x`` with stored bit ``s``
    (``None`` before the first write completes); ``("instr", s)`` after a bit (a member).
    Legal next symbols: ``{w}`` at the start; ``{0, 1}`` after ``w`` or ``i``; ``{s}`` after
    ``r``; ``{w, r, i}`` (and ``$``) after a bit.
    """

    initial = ("start",)

    def move(self, state, symbol):
        phase = state[0]
        if phase == "start":
            return ("data", "w", None) if symbol == "w" else DEAD
        if phase == "instr":
            return ("data", symbol, state[1]) if symbol in _INSTRUCTIONS else DEAD
        _, instruction, stored = state
        if symbol not in _BITS:
            return DEAD
        if instruction == "w":
            return ("instr", symbol)
        if instruction == "r":
            return ("instr", stored) if symbol == stored else DEAD
        return ("instr", stored)

    def accepting(self, state):
        return state[0] == "instr"

    def legal(self, state):
        phase = state[0]
        if phase == "start":
            return ("w",)
        if phase == "instr":
            return _INSTRUCTIONS
        return (state[2],) if state[1] == "r" else _BITS


@register
class FlipFlop(Language):
    """Flip-Flop: words ``σ₁ b₁ σ₂ b₂ … σₙ bₙ`` (``n ≥ 1``) over ``{w, r, i, 0, 1}`` with
    ``σⱼ ∈ {w, r, i}``, ``bⱼ ∈ {0, 1}``, ``σ₁ = w``, and the bit after every ``r`` equal to the
    bit after the latest ``w`` (star-free).

    DFA: automata-lib from ``(w0(i0|i1|r0)* | w1(i0|i1|r1)*)+``. Reference machine: the
    stored bit and the pending instruction. Predictive: ``{w}`` at the start, ``{0, 1}`` after
    ``w`` or ``i``, the remembered bit after ``r``, ``{w, r, i, $}`` after a bit.

    Distribution of :meth:`sample` (FFL(p) of Liu et al. with ``p = p_i``): for an even length
    ``2n ≥ 4``, ``σ₁ = w``, ``σₙ = r``, and ``σ₂ … σₙ₋₁`` independent with ``P(i) = p_i``,
    ``P(w) = P(r) = (1 − p_i)/2``; the bits after ``w`` and ``i`` are independent fair coins and
    the bit after ``r`` is the stored one. Length 2 gives ``w b`` with a fair bit; odd lengths
    and 0 have no member.

    Parameters
    ----------
    p_i : float
        The probability of ``i`` in :meth:`sample` (default 0.8, Sarrof et al.'s FFL(0.8));
        membership does not depend on it.

    References
    ----------
    - Liu, Ash, Goel, Krishnamurthy & Zhang (2023), *Exposing Attention Glitches with Flip-Flop
      Language Modeling*, NeurIPS, Definition 1 and §3 (FFL(p)).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 1.

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("flipflop")
    >>> lang.accepts(list("w1i0r1")), lang.accepts(list("w1i0r0"))
    (True, False)
    >>> sorted(lang.next_symbols(list("w1i0r")))
    ['1']
    """

    name = "flipflop"
    family = "star-free"
    source = "Liu et al. 2023 (NeurIPS) Def. 1; Sarrof, Veitsman & Hahn 2024 (NeurIPS) Thm 1"
    PARAMS = (
        Param("p_i", "probability", "probability of the ignore instruction i in sample()",
              default=0.8, minimum=0, maximum=1, sampling_only=True),
    )

    def _alphabet(self):
        return FLIPFLOP_ALPHABET

    def _accepts(self, word):
        if len(word) < 2 or len(word) % 2 or word[0] != "w":
            return False
        stored = None
        for instruction, bit in zip(word[::2], word[1::2], strict=True):
            if instruction not in _INSTRUCTIONS or bit not in _BITS:
                return False
            if instruction == "w":
                stored = bit
            elif instruction == "r" and bit != stored:
                return False
        return True

    def _build_dfa(self):
        return regex_dfa("(w0(i0|i1|r0)*|w1(i0|i1|r1)*)+", FLIPFLOP_ALPHABET)

    def _machine(self, semantics):
        return _FlipFlopMachine(FLIPFLOP_ALPHABET, semantics=semantics, name=f"{self.label} machine")

    def _sample(self, length, rng):
        if length == 0 or length % 2:
            raise self._no_member(length, "members are instruction-bit pairs (even length >= 2)")
        pairs = length // 2
        p_i = float(self.params["p_i"])
        instructions = ["w"]
        for _ in range(pairs - 2):
            u = rng.random()
            instructions.append("i" if u < p_i else "w" if u < p_i + (1 - p_i) / 2 else "r")
        if pairs >= 2:
            instructions.append("r")
        word, stored = [], None
        for instruction in instructions:
            bit = stored if instruction == "r" else str(int(rng.integers(0, 2)))
            if instruction == "w":
                stored = bit
            word += [instruction, bit]
        return tuple(word)
