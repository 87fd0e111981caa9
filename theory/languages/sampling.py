"""Exact samplers of members of a given length.

- :func:`dfa_random_word`: uniform over the members of that length, by automata-lib's
  ``DFA.random_word`` (path counting in the DFA, exact big integers).
- :func:`layered_random_walk`: uniform over the accepted walks of a small weighted automaton
  (counts per layer with exact integers, then unranking one uniform integer); used for bounded
  Dyck (depth states, ``k`` choices per opening bracket) and Boolean expressions (states =
  missing operands). Memory ``O(√L · S)`` integers by recomputing layers from checkpoints.
- :func:`dyck1_walk`: a uniform Dyck-1 word, one step at a time with the exact ballot
  probability ``P(close) = d (r + 1 − u) / (r (d + 1))`` (depth ``d``, ``r`` steps left,
  ``u = (r − d)/2`` openings left): ``O(L)`` time and memory.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np

from statecheck.errors import BadParameterError, NoMemberError

__all__ = ["as_generator", "uniform_below", "dfa_random_word", "layered_random_walk", "dyck1_walk"]


def as_generator(rng) -> np.random.Generator:
    """``rng`` as a numpy Generator: a Generator as is, an int (or None) as a seed.

    Raises
    ------
    BadParameterError
        Any other type.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise BadParameterError(
        f"rng must be a numpy.random.Generator or an integer seed, got {type(rng).__name__}"
    )


def uniform_below(n: int, rng: np.random.Generator) -> int:
    """An exactly uniform integer in ``[0, n)`` for any ``n >= 1`` (rejection sampling on bits)."""
    if n < 1:
        raise BadParameterError(f"uniform_below needs n >= 1, got {n}")
    bits = (n - 1).bit_length()
    if bits == 0:
        return 0
    nbytes = (bits + 7) // 8
    while True:
        x = int.from_bytes(rng.bytes(nbytes), "little") >> (8 * nbytes - bits)
        if x < n:
            return x


def dfa_random_word(language, length: int, rng: np.random.Generator) -> tuple[str, ...]:
    """A uniformly random member of ``length`` symbols, from the language's DFA.

    Uses automata-lib's ``DFA.random_word`` (exact path counts), seeded from ``rng``; the
    language's symbols must be single characters (automata-lib joins them into a string).

    Raises
    ------
    NoMemberError
        No member of that length.
    """
    dfa = language.dfa
    if any(len(a) != 1 for a in language.alphabet):
        raise BadParameterError(f"{language.label}: dfa_random_word needs one-character symbols")
    seed = int(rng.integers(0, 2**63 - 1))
    try:
        word = dfa.random_word(length, seed=seed)
    except ValueError:
        raise NoMemberError(f"{language.label} has no member of length {length}") from None
    finally:
        if length > 256:  # the library caches per-length counts on the DFA: free them
            dfa.clear_cache()
    return tuple(word)


def layered_random_walk(
    length: int,
    start: Hashable,
    states: Sequence[Hashable],
    accepting: set,
    moves: dict,
    rng: np.random.Generator,
) -> list[tuple[object, int]]:
    """A uniformly random accepted walk of ``length`` moves in a weighted automaton.

    Parameters
    ----------
    length : int
        Number of moves.
    start : state
        The initial state.
    states : sequence
        Every state.
    accepting : set
        States where a walk may end.
    moves : dict
        ``moves[s]`` = list of ``(label, target, weight)``: ``weight`` distinct symbols lead
        from ``s`` to ``target`` (e.g. ``k`` opening brackets).

    Returns
    -------
    list of (label, choice)
        The moves taken; ``choice`` in ``range(weight)`` says which of the ``weight`` symbols.
        Every accepted walk (with its choices) has the same probability.

    Raises
    ------
    NoMemberError
        No accepted walk of that length.
    """
    index = {s: i for i, s in enumerate(states)}
    n = len(states)
    edges = [[(label, index[t], w) for label, t, w in moves.get(s, ())] for s in states]
    base = [1 if s in accepting else 0 for s in states]

    def advance(row: list[int]) -> list[int]:
        return [sum(w * row[t] for _, t, w in edges[i]) for i in range(n)]

    block = max(1, math.isqrt(length))
    checkpoints = {0: base}
    row = base
    for r in range(1, length + 1):
        row = advance(row)
        if r % block == 0:
            checkpoints[r] = row
    total = row[index[start]]
    if total == 0:
        raise NoMemberError(f"no accepted walk of length {length}")

    cache: dict[int, list[int]] = {}

    def counts(r: int) -> list[int]:
        if r not in cache:
            cache.clear()
            origin = (r // block) * block
            row = checkpoints[origin]
            cache[origin] = row
            for q in range(origin + 1, min(origin + block, length)):
                row = advance(row)
                cache[q] = row
        return cache[r]

    x = uniform_below(total, rng)
    state = index[start]
    walk = []
    for remaining in range(length, 0, -1):
        after = counts(remaining - 1)
        for label, target, weight in edges[state]:
            c = after[target]
            if x < weight * c:
                choice, x = divmod(x, c)
                walk.append((label, choice))
                state = target
                break
            x -= weight * c
    return walk


def dyck1_walk(length: int, rng: np.random.Generator) -> list[bool]:
    """A uniformly random Dyck-1 word of ``length`` symbols as booleans (True = open).

    At depth ``d`` with ``r`` symbols left, of which ``u = (r − d)/2`` are openings, the
    number of completions is ``N(d, r) = (d+1)/(r+1) · C(r+1, u)``, so closing has the exact
    probability ``N(d−1, r−1)/N(d, r) = d (r + 1 − u) / (r (d + 1))``; it is drawn as an
    integer comparison.

    Raises
    ------
    NoMemberError
        ``length`` is odd.
    """
    if length % 2:
        raise NoMemberError(f"Dyck-1 has no word of odd length {length}")
    depth, word = 0, []
    for remaining in range(length, 0, -1):
        opens_left = (remaining - depth) // 2
        numerator = depth * (remaining + 1 - opens_left)
        denominator = remaining * (depth + 1)
        close = int(rng.integers(0, denominator)) < numerator
        word.append(not close)
        depth += -1 if close else 1
    return word
