"""Counter languages (not regular): Dyck-1, Shuffle-Dyck-k, aⁿbⁿ, aⁿbⁿcⁿ, aⁿbⁿcⁿdⁿ.

Source: Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
Recognize Formal Languages* (EMNLP), §4 (counter languages: Dyck-1, Shuffle-k, aⁿbⁿ, aⁿbⁿcⁿ,
aⁿbⁿcⁿdⁿ); Suzgun, Gehrmann, Belinkov & Shieber (2019), *LSTM Networks Can Perform Dynamic
Counting* (Shuffle-Dyck); Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State
Space Models: A Formal Language Perspective* (NeurIPS), Theorem 5 (SSMs with counters) and
Appendix (suite generators). Their reference machines are counters (``finite = False``):
checks against them are bounded.
"""

from __future__ import annotations

import numpy as np

from statecheck.theory.languages.base import DEAD, Language, Machine, Param, register
from statecheck.theory.languages.sampling import dyck1_walk

__all__ = ["Dyck1", "ShuffleDyck", "AnBn", "AnBnCn", "AnBnCnDn"]

_SOURCE = (
    "Bhattamishra, Ahuja & Goyal 2020 (EMNLP) §4; Sarrof, Veitsman & Hahn 2024 (NeurIPS) "
    "Thm 5 and Appendix (suite generators)"
)


class _DepthMachine(Machine):
    """The unbounded depth ``d ≥ 0``: ``(`` raises it, ``)`` lowers it (legal iff ``d > 0``)."""

    initial = 0

    def move(self, state, symbol):
        if symbol == "(":
            return state + 1
        return state - 1 if state > 0 else DEAD

    def accepting(self, state):
        return state == 0

    def legal(self, state):
        return ("(", ")") if state > 0 else ("(",)


@register
class Dyck1(Language):
    """Dyck-1: balanced words over ``(`` and ``)`` (a counter language, not regular).

    Reference machine: the depth counter (``finite = False``). Predictive: ``(`` always, ``)``
    iff depth ``> 0``, ``$`` iff depth ``= 0``. Distribution of :meth:`sample`: uniform over
    members of that length (exact ballot probabilities; odd lengths have none).

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §4 (counter languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 5 and Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("dyck1")
    >>> lang.accepts(list("(()())")), lang.accepts(list("())("))
    (True, False)
    >>> sorted(lang.next_symbols(list("(()")))
    ['(', ')']
    """

    name = "dyck1"
    family = "counter"
    regular = False
    source = _SOURCE

    def _alphabet(self):
        return ("(", ")")

    def _accepts(self, word):
        depth = 0
        for symbol in word:
            depth += 1 if symbol == "(" else -1
            if depth < 0:
                return False
        return depth == 0

    def _machine(self, semantics):
        return _DepthMachine(("(", ")"), semantics=semantics, name=f"{self.label} counter",
                             finite=False)

    def _sample(self, length, rng):
        if length % 2:
            raise self._no_member(length, "balanced words have even length")
        return tuple("(" if up else ")" for up in dyck1_walk(length, rng))


class _ShuffleMachine(Machine):
    """One counter per bracket type (a tuple); ``")i"`` is legal iff counter ``i > 0``."""

    def __init__(self, k: int, **kwargs):
        self.k = k
        self.opens = tuple(f"({i}" for i in range(k))
        self.closes = tuple(f"){i}" for i in range(k))
        self._type = {s: i for i, s in enumerate(self.opens)} | {s: i for i, s in enumerate(self.closes)}
        self.initial = (0,) * k
        super().__init__(self.opens + self.closes, **kwargs)

    def move(self, state, symbol):
        t = self._type[symbol]
        delta = 1 if symbol[0] == "(" else -1
        if state[t] + delta < 0:
            return DEAD
        return state[:t] + (state[t] + delta,) + state[t + 1:]

    def accepting(self, state):
        return not any(state)

    def legal(self, state):
        return self.opens + tuple(c for c, n in zip(self.closes, state, strict=True) if n > 0)


@register
class ShuffleDyck(Language):
    """Shuffle-Dyck-k: words over ``k`` bracket pairs ``"(i"``/``")i"`` in which every type,
    taken alone, is a balanced Dyck-1 word (the shuffle of ``k`` Dyck-1 languages).

    Alphabet: ``"(0" … "(k−1"`` then ``")0" … ")k−1"`` (the suite's ``()``, ``[]``, ``{}``,
    ``<>``, ``+-``, ``ab``, … are these pairs in order). Counter language, not regular.
    Reference machine: ``k`` counters (``finite = False``). Predictive: every ``"(i"``,
    ``")i"`` iff type ``i`` is open, ``$`` iff none is.

    Distribution of :meth:`sample` (not uniform over members): split the ``n/2`` pairs into
    ``k`` per-type counts by a uniformly random weak composition (stars and bars), draw each
    type's Dyck-1 word uniformly, and interleave the ``k`` words by a uniformly random
    arrangement of their positions. Odd lengths have no member.

    Parameters
    ----------
    k : int
        Number of bracket types, ``1 ≤ k ≤ 64``.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §4 (counter languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 5 and Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("shuffle_dyck", k=2)
    >>> lang.accepts(["(0", "(1", ")0", ")1"]), lang.accepts([")0", "(0"])
    (True, False)
    >>> sorted(lang.next_symbols(["(0", "(1", ")0"]))
    ['(0', '(1', ')1']
    """

    name = "shuffle_dyck"
    family = "counter"
    regular = False
    source = _SOURCE + "; Suzgun et al. 2019"
    PARAMS = (Param("k", "int", "the number of bracket types", example=2, minimum=1, maximum=64),)

    def _alphabet(self):
        k = self.params["k"]
        return tuple(f"({i}" for i in range(k)) + tuple(f"){i}" for i in range(k))

    def _accepts(self, word):
        counts = [0] * self.params["k"]
        for symbol in word:
            t = int(symbol[1:])
            counts[t] += 1 if symbol[0] == "(" else -1
            if counts[t] < 0:
                return False
        return not any(counts)

    def _machine(self, semantics):
        k = self.params["k"]
        return _ShuffleMachine(k, semantics=semantics, name=f"{self.label} counters", finite=False)

    def _sample(self, length, rng):
        k = self.params["k"]
        if length % 2:
            raise self._no_member(length, "every type is balanced, so the length is even")
        pairs = length // 2
        bars = np.sort(rng.choice(pairs + k - 1, size=k - 1, replace=False)) if k > 1 else []
        edges = [-1, *[int(b) for b in bars], pairs + k - 1]
        sizes = [edges[j + 1] - edges[j] - 1 for j in range(k)]
        owners = rng.permutation(np.repeat(np.arange(k), [2 * s for s in sizes]))
        words = [iter(dyck1_walk(2 * s, rng)) for s in sizes]
        return tuple(f"{'(' if next(words[t]) else ')'}{t}" for t in owners.tolist())


class _BlocksMachine(Machine):
    """``(block j, n, count)``: ``n`` = number of ``a``s, ``count`` = symbols of block ``j``."""

    initial = (0, 0, 0)

    def __init__(self, letters: tuple[str, ...], **kwargs):
        self.letters = letters
        super().__init__(letters, **kwargs)

    def move(self, state, symbol):
        j, n, count = state
        if j == 0 and symbol == self.letters[0]:
            return (0, n + 1, count + 1)
        if count < n and j > 0 and symbol == self.letters[j]:
            return (j, n, count + 1)
        if count == n and n > 0 and j + 1 < len(self.letters) and symbol == self.letters[j + 1]:
            return (j + 1, n, 1)
        return DEAD

    def accepting(self, state):
        j, n, count = state
        return n > 0 and j == len(self.letters) - 1 and count == n

    def legal(self, state):
        j, n, count = state
        if j == 0:
            return self.letters[:2] if n > 0 else self.letters[:1]
        if count < n:
            return (self.letters[j],)
        return (self.letters[j + 1],) if j + 1 < len(self.letters) else ()


class _Blocks(Language):
    """``a₁ⁿ a₂ⁿ … a_mⁿ`` with ``n ≥ 1`` (the suite's ``min_rept = 1``)."""

    family = "counter"
    regular = False
    source = _SOURCE
    LETTERS: tuple[str, ...] = ()

    def _alphabet(self):
        return self.LETTERS

    def _accepts(self, word):
        m = len(self.LETTERS)
        n = len(word) // m
        return n >= 1 and word == tuple(a for a in self.LETTERS for _ in range(n))

    def _machine(self, semantics):
        return _BlocksMachine(self.LETTERS, semantics=semantics, name=f"{self.label} counter",
                              finite=False)

    def _sample(self, length, rng):
        m = len(self.LETTERS)
        if length < m or length % m:
            raise self._no_member(length, f"members have length {m}·n with n >= 1")
        return tuple(a for a in self.LETTERS for _ in range(length // m))


@register
class AnBn(_Blocks):
    """``aⁿbⁿ`` (``n ≥ 1``; the empty word is not a member, as in the suite's generator).

    Predictive: ``{a}`` at the start, ``{a, b}`` after ``aⁱ``, ``{b}`` after ``aⁱbʲ`` with
    ``j < i``, ``{$}`` after ``aⁱbⁱ``. Distribution of :meth:`sample`: the only member of that
    length.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §4 (counter languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 5 and Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("anbn")
    >>> lang.accepts(list("aabb")), lang.accepts(list("aab")), lang.accepts([])
    (True, False, False)
    >>> sorted(lang.next_symbols(list("aab")))
    ['b']
    """

    name = "anbn"
    LETTERS = ("a", "b")


@register
class AnBnCn(_Blocks):
    """``aⁿbⁿcⁿ`` (``n ≥ 1``).

    Predictive: ``{a, b}`` after ``aⁱ``; then each block's letter until it has ``n``
    symbols, then the next letter, and ``{$}`` at the end. Distribution of :meth:`sample`: the
    only member of that length.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §4 (counter languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 5 and Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("anbncn")
    >>> lang.accepts(list("aabbcc")), lang.accepts(list("aabbc"))
    (True, False)
    >>> sorted(lang.next_symbols(list("aabb")))
    ['c']
    """

    name = "anbncn"
    LETTERS = ("a", "b", "c")


@register
class AnBnCnDn(_Blocks):
    """``aⁿbⁿcⁿdⁿ`` (``n ≥ 1``).

    Distribution of :meth:`sample`: the only member of that length.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §4 (counter languages).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Theorem 5 and Appendix (suite generators).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("anbncndn")
    >>> lang.accepts(list("abcd")), lang.accepts(list("aabbccd"))
    (True, False)
    """

    name = "anbncndn"
    LETTERS = ("a", "b", "c", "d")
