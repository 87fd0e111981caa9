"""Bounded Dyck(k, h): well-nested words over k bracket types with depth at most h (star-free).

Source: Hewitt, Hahn, Ganguli, Liang & Manning (2020), *RNNs can generate bounded hierarchical
languages with optimal memory* (EMNLP) (Dyck-(k, m)); Yao, Peng, Papadimitriou & Narasimhan
(2021), *Self-Attention Networks Can Process Bounded Hierarchical Languages* (ACL); Sarrof,
Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal Language
Perspective* (NeurIPS), Theorem 6 (a two-layer SSM predicts Dyck(K, h) with O(h log K) memory)
and §5 (Dyck(8, 10)).
"""

from __future__ import annotations

from statecheck.theory.languages.base import DEAD, Language, Machine, Param, register
from statecheck.theory.languages.dfas import regex_dfa, rename_symbols
from statecheck.theory.languages.sampling import layered_random_walk

__all__ = ["BoundedDyck", "bracket_symbols"]


def bracket_symbols(k: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The opening and closing symbols ``("(0", …, "(k−1")`` and ``(")0", …, ")k−1")``."""
    return tuple(f"({i}" for i in range(k)), tuple(f"){i}" for i in range(k))


class _BoundedStackMachine(Machine):
    """The stack of open bracket types (a tuple, bottom first), at most ``h`` deep.

    ``"(i"`` pushes ``i`` (legal iff depth ``< h``); ``")i"`` pops (legal iff the top is
    ``i``); a member ends with the empty stack.
    """

    initial = ()

    def __init__(self, k: int, h: int, **kwargs):
        self.k, self.h = k, h
        self.opens, self.closes = bracket_symbols(k)
        self._type = {s: i for i, s in enumerate(self.opens)} | {s: i for i, s in enumerate(self.closes)}
        super().__init__(self.opens + self.closes, **kwargs)

    def move(self, state, symbol):
        t = self._type[symbol]
        if symbol[0] == "(":
            return state + (t,) if len(state) < self.h else DEAD
        return state[:-1] if state and state[-1] == t else DEAD

    def accepting(self, state):
        return not state

    def legal(self, state):
        opens = self.opens if len(state) < self.h else ()
        return opens + ((self.closes[state[-1]],) if state else ())


@register
class BoundedDyck(Language):
    """Dyck(k, h): balanced words over ``k`` bracket pairs ``"(i"``/``")i"`` of depth ``≤ h``.

    Alphabet: ``"(0" … "(k−1"`` then ``")0" … ")k−1"``. Star-free. Reference machine: the
    bounded stack (``Σ_{d≤h} k^d`` states). DFA: automata-lib from the nested regex
    ``D_0 = ε``, ``D_d = (Σ_i "(i" D_{d−1} ")i")*`` (built over one-character stand-ins, then
    renamed), refused past :data:`~statecheck.theory.languages.base.MAX_DFA_STATES` states (the
    estimate is ``Σ_{d≤h} k^d + 1``; Dyck(8, 10) would have about 1.2·10⁹).

    Predictive: every ``"(i"`` iff depth ``< h``, ``")τ"`` for the top type ``τ`` iff depth
    ``> 0``, ``$`` iff depth ``= 0``. Distribution of :meth:`sample`: uniform over members of
    that length (exact depth-profile counts, ``k`` choices per opening; odd lengths have none).

    Parameters
    ----------
    k : int
        Number of bracket types, ``1 ≤ k ≤ 256``.
    h : int
        Depth bound, ``1 ≤ h ≤ 256``.

    References
    ----------
    - Hewitt, Hahn, Ganguli, Liang & Manning (2020), *RNNs can generate bounded hierarchical
      languages with optimal memory*, EMNLP.
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 6 and §5 (Dyck(8, 10)).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("dyck", k=2, h=2)
    >>> lang.accepts(["(0", "(1", ")1", ")0"]), lang.accepts(["(0", ")1"])
    (True, False)
    >>> sorted(lang.next_symbols(["(0", "(1"]))
    [')1']
    """

    name = "dyck"
    family = "star-free"
    source = "Hewitt et al. 2020 (EMNLP); Yao et al. 2021 (ACL); Sarrof, Veitsman & Hahn 2024 (NeurIPS) Thm 6"
    PARAMS = (
        Param("k", "int", "the number of bracket types", example=2, minimum=1, maximum=256),
        Param("h", "int", "the depth bound", example=3, minimum=1, maximum=256),
    )

    def _alphabet(self):
        opens, closes = bracket_symbols(self.params["k"])
        return opens + closes

    def _accepts(self, word):
        stack: list[str] = []
        for symbol in word:
            kind, t = symbol[0], symbol[1:]
            if kind == "(":
                stack.append(t)
                if len(stack) > self.params["h"]:
                    return False
            elif not stack or stack.pop() != t:
                return False
        return not stack

    def dfa_size_estimate(self):
        k, h = self.params["k"], self.params["h"]
        return sum(k**d for d in range(h + 1)) + 1

    def _build_dfa(self):
        k = self.params["k"]
        opens, closes = bracket_symbols(k)
        open_chars = [chr(0x100 + i) for i in range(k)]
        close_chars = [chr(0x200 + i) for i in range(k)]
        regex = ""
        for _ in range(self.params["h"]):
            inner = "|".join(f"{o}{regex}{c}" for o, c in zip(open_chars, close_chars, strict=True))
            regex = f"({inner})*"
        dfa = regex_dfa(regex, open_chars + close_chars)
        return rename_symbols(dfa, dict(zip(open_chars + close_chars, opens + closes, strict=True)))

    def _machine(self, semantics):
        k, h = self.params["k"], self.params["h"]
        return _BoundedStackMachine(k, h, semantics=semantics, name=f"{self.label} bounded stack")

    def _sample(self, length, rng):
        k, h = self.params["k"], self.params["h"]
        if length % 2:
            raise self._no_member(length, "balanced words have even length")
        moves = {d: ([("open", d + 1, k)] if d < h else []) + ([("close", d - 1, 1)] if d > 0 else [])
                 for d in range(h + 1)}
        walk = layered_random_walk(length, 0, range(h + 1), {0}, moves, rng)
        opens, closes = bracket_symbols(k)
        word, stack = [], []
        for label, choice in walk:
            if label == "open":
                stack.append(choice)
                word.append(opens[choice])
            else:
                word.append(closes[stack.pop()])
        return tuple(word)
