"""Log-depth shortcut: the states of any DFA by a parallel doubling scan of transition functions.

Liu, Ash, Goel, Krishnamurthy & Zhang (2023), *Transformers Learn Shortcuts to Automata*
(ICLR 2023), Thm 1: every semiautomaton is simulated on inputs of length ``T`` by a network of
depth ``O(log T)``, because the state after ``t`` letters is the initial state pushed through the
*composition* of the ``t`` transition functions, and function composition is associative, so all
``T`` prefix compositions are a parallel prefix (scan) of depth ``⌈log₂ T⌉``.

Objects
-------
A DFA with states ``q_0 … q_{n−1}`` (row order :attr:`TransitionFunctions.states`, the initial
state first) and alphabet ``σ_0 … σ_{k−1}`` becomes ``k`` integer arrays, one per symbol:

    δ_σ[q] = index of δ(q_q, σ)            (``delta[a, q]``, shape ``(k, n)``)

A word ``x_1 … x_T`` gives the functions ``f_t = δ_{x_t}``. Composition "f first, then g" is
the array ``(f ; g)[q] = g[f[q]]`` (:func:`compose`, a gather), associative like any composition.

The scan (Hillis & Steele 1986, an inclusive scan on the monoid of functions ``[n] → [n]``)
---------------------------------------------------------------------------------------------
    P_t^{(0)} = f_t                                     (t = 1 … T)
    P_t^{(r+1)} = P_{t − 2^r}^{(r)} ; P_t^{(r)}   if t > 2^r,   else P_t^{(r)}

After round ``r`` (``r = 0 … R − 1``) position ``t`` holds ``f_{max(1, t−2^{r+1}+1)} ; … ; f_t``,
so after ``R = ⌈log₂ T⌉`` rounds (``R = 0`` for ``T ≤ 1``) every position holds the full prefix
``P_t = f_1 ; … ; f_t``, and the state after ``t`` letters is ``P_t[q_0]``; the DFA accepts the
prefix iff that state is final. Each round is one gather per position, all positions at once (a
transformer layer in Liu et al.'s construction); work is ``O(T log T · n)`` integer lookups.
Everything is exact (integer arrays); there are no floats.

:func:`shortcut_states` runs the scan vectorised over a batch of words with numpy;
:func:`sequential_states` is the ``T``-step recurrence ``s_t = δ_{x_t}[s_{t−1}]`` it replaces;
:func:`check_all_words` compares them on every word up to a length and returns a bounded
:class:`~statecheck.theory.check.CheckResult` with the shortlex-least counterexample if any.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from statecheck.errors import (
    BadParameterError,
    BudgetExceededError,
    MalformedDFAError,
    UnknownSymbolError,
)
from statecheck.theory.check import CheckResult

__all__ = [
    "MAX_EXHAUSTIVE_ENTRIES",
    "ScanRun",
    "TransitionFunctions",
    "all_words",
    "check_all_words",
    "compose",
    "doubling_rounds",
    "doubling_scan",
    "sequential_states",
    "shortcut_states",
    "transition_functions",
]

#: Largest ``k^L · L · n`` (words × positions × states) :func:`check_all_words` will touch.
MAX_EXHAUSTIVE_ENTRIES = 2_000_000_000
#: Entries of one batch in the exhaustive check (bounds memory to a few hundred MB at most).
_CHUNK_ENTRIES = 4_000_000


@dataclass(frozen=True)
class TransitionFunctions:
    """A complete DFA as one integer array per symbol (the state maps ``q ↦ δ(q, σ)``).

    Attributes
    ----------
    alphabet : tuple of str
        Symbol order: row ``a`` of :attr:`delta` belongs to ``alphabet[a]``.
    states : tuple
        State order (the DFA's state objects): index ``0`` is the initial state, the others
        follow sorted by ``repr``.
    delta : numpy.ndarray
        Shape ``(len(alphabet), len(states))``, ``delta[a, q]`` = index of
        ``δ(states[q], alphabet[a])``; the narrowest unsigned integer dtype that holds the
        state indices (uint8 up to 256 states). Read-only.
    initial : int
        Index of the initial state (always ``0``).
    accepting : numpy.ndarray
        Boolean, shape ``(len(states),)``: which states are final. Read-only.
    """

    alphabet: tuple[str, ...]
    states: tuple
    delta: np.ndarray
    initial: int
    accepting: np.ndarray

    def encode(self, word: Sequence[str]) -> np.ndarray:
        """The symbol indices of ``word`` (a sequence of symbols of :attr:`alphabet`).

        Raises
        ------
        UnknownSymbolError
            For a symbol outside :attr:`alphabet` (naming it and its position), or a plain string.
        """
        if isinstance(word, str):
            raise UnknownSymbolError(
                f"a word must be a sequence of symbols, not the string {word!r}; pass a tuple or list"
            )
        position_of = {symbol: a for a, symbol in enumerate(self.alphabet)}
        indices = []
        for position, symbol in enumerate(word):
            if symbol not in position_of:
                raise UnknownSymbolError(
                    f"symbol {symbol!r} at position {position} is not in the alphabet {self.alphabet!r}"
                )
            indices.append(position_of[symbol])
        return np.asarray(indices, dtype=np.int64)


def transition_functions(dfa, *, alphabet: Iterable[str] | None = None) -> TransitionFunctions:
    """The transition functions ``δ_σ`` of an automata-lib DFA as integer arrays.

    Parameters
    ----------
    dfa : automata.fa.dfa.DFA
        A complete DFA.
    alphabet : iterable of str, optional
        Symbol order; by default the DFA's input symbols sorted by ``str``. Must be exactly the
        DFA's input symbols.

    Returns
    -------
    TransitionFunctions

    Raises
    ------
    MalformedDFAError
        If ``dfa`` is not an automata-lib DFA, or a transition is missing (the message names the
        state and symbol; complete it with :func:`statecheck.theory.dfa_io.complete_dfa`).
    BadParameterError
        If ``alphabet`` is not a reordering of the DFA's input symbols.
    """
    from automata.fa.dfa import DFA

    from statecheck.theory.dfa_io import ordered_dfa

    if not isinstance(dfa, DFA):
        raise MalformedDFAError(f"expected an automata-lib DFA, got {type(dfa).__name__}")
    dfa, order, states = ordered_dfa(dfa, alphabet, complete=False)
    index = {q: i for i, q in enumerate(states)}
    delta = np.empty((len(order), len(states)), dtype=_state_dtype(len(states)))
    for q, state in enumerate(states):
        row = dfa.transitions.get(state, {})
        for a, symbol in enumerate(order):
            if symbol not in row:
                raise MalformedDFAError(
                    f"the DFA has no transition from state {state!r} on symbol {symbol!r}; "
                    "complete it first (statecheck.theory.dfa_io.complete_dfa)"
                )
            delta[a, q] = index[row[symbol]]
    accepting = np.array([state in dfa.final_states for state in states], dtype=bool)
    delta.flags.writeable = False
    accepting.flags.writeable = False
    return TransitionFunctions(order, states, delta, 0, accepting)


def _state_dtype(states: int) -> type:
    """The narrowest unsigned dtype holding state indices (gathers move fewer bytes)."""
    if states <= 2**8:
        return np.uint8
    if states <= 2**16:
        return np.uint16
    return np.int64


def compose(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Composition "``first``, then ``second``" of state maps: ``(first ; second)[q] = second[first[q]]``.

    Parameters
    ----------
    first, second : numpy.ndarray
        Integer arrays of the same shape ``(..., n)``, values in ``0..n-1``; leading axes are a
        batch (composed elementwise).

    Returns
    -------
    numpy.ndarray
        Same shape.
    """
    return np.take_along_axis(second, first, axis=-1)


def doubling_rounds(length: int) -> int:
    """Rounds of the doubling scan for ``length`` positions: ``⌈log₂ length⌉`` (``0`` if ``≤ 1``)."""
    return max(0, int(length) - 1).bit_length()


def doubling_scan(functions: np.ndarray) -> tuple[np.ndarray, int]:
    """Inclusive Hillis–Steele scan of state maps along axis ``-2``.

    ``P_t^{(r+1)} = P_{t−2^r}^{(r)} ; P_t^{(r)}`` for ``t > 2^r`` (1-based), for ``r = 0, 1, …``
    while ``2^r < T``. After the last round ``P_t = f_1 ; … ; f_t``.

    Parameters
    ----------
    functions : numpy.ndarray
        Shape ``(..., T, n)``: ``functions[..., t, :]`` is the map ``f_{t+1}``.

    Returns
    -------
    prefixes : numpy.ndarray
        Shape ``(..., T, n)``: ``prefixes[..., t, :]`` is ``f_1 ; … ; f_{t+1}``.
    rounds : int
        Number of rounds performed (``⌈log₂ T⌉``).
    """
    prefixes = np.array(functions, copy=True)
    length = prefixes.shape[-2]
    rounds = 0
    stride = 1
    while stride < length:
        earlier = prefixes[..., :-stride, :]
        later = prefixes[..., stride:, :]
        # new P_t = P_{t-stride} ; P_t, computed from the previous round's values only
        prefixes[..., stride:, :] = compose(earlier, later)
        rounds += 1
        stride *= 2
    return prefixes, rounds


@dataclass(frozen=True)
class ScanRun:
    """States of a batch of words computed by the doubling scan.

    Attributes
    ----------
    states : numpy.ndarray
        Shape ``(B, T)``: ``states[b, t]`` is the state index after ``words[b, :t+1]``.
    accepted : numpy.ndarray
        Shape ``(B, T)``, bool: whether that prefix is accepted.
    rounds : int
        Parallel rounds used, ``⌈log₂ T⌉``.
    """

    states: np.ndarray
    accepted: np.ndarray
    rounds: int


def index_words(words, count: int, what: str, where: str) -> np.ndarray:
    """``words`` as a ``(batch, length)`` int64 array of indices in ``0..count−1`` (one word may be
    given as a 1-d array).

    Raises
    ------
    BadParameterError
        Not a 1-d or 2-d integer array.
    UnknownSymbolError
        An index outside ``0..count−1`` (the message names ``what`` and ``where``).
    """
    words = np.asarray(words)
    if words.ndim == 1:
        words = words[None, :]
    if words.ndim != 2:
        raise BadParameterError(f"expected words as a (batch, length) integer array, got shape {words.shape}")
    if words.size and not np.issubdtype(words.dtype, np.integer):
        raise BadParameterError(f"expected integer {what} indices, got dtype {words.dtype}")
    if words.size and (words.min() < 0 or words.max() >= count):
        bad = int(words[(words < 0) | (words >= count)][0])
        raise UnknownSymbolError(f"{what} index {bad} is outside 0..{count - 1} {where}")
    return words.astype(np.int64, copy=False)


def _as_word_array(table: TransitionFunctions, words) -> np.ndarray:
    return index_words(words, len(table.alphabet), "symbol", f"(alphabet {table.alphabet!r})")


def shortcut_states(table: TransitionFunctions, words) -> ScanRun:
    """The state after every prefix of every word, by the log-depth doubling scan.

    Parameters
    ----------
    table : TransitionFunctions
        The DFA.
    words : array_like of int
        Shape ``(B, T)`` (or ``(T,)`` for one word) of symbol indices (see
        :meth:`TransitionFunctions.encode`).

    Returns
    -------
    ScanRun
        ``states[b, t] = P_{t+1}[q_0]`` with ``P`` from :func:`doubling_scan`.

    Raises
    ------
    UnknownSymbolError
        A symbol index outside the alphabet.
    """
    words = _as_word_array(table, words)
    functions = table.delta[words]  # (B, T, n): f_t = δ_{x_t}
    prefixes, rounds = doubling_scan(functions)
    states = prefixes[..., table.initial]
    return ScanRun(states=states, accepted=table.accepting[states], rounds=rounds)


def sequential_states(table: TransitionFunctions, words) -> np.ndarray:
    """The state after every prefix by the ``T``-step recurrence ``s_t = δ_{x_t}[s_{t−1}]``.

    Parameters
    ----------
    table : TransitionFunctions
    words : array_like of int
        Shape ``(B, T)`` or ``(T,)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(B, T)``.
    """
    words = _as_word_array(table, words)
    states = np.empty(words.shape, dtype=np.int64)
    current = np.full(words.shape[0], table.initial, dtype=np.int64)
    for t in range(words.shape[1]):
        current = table.delta[words[:, t], current]
        states[:, t] = current
    return states


def all_words(alphabet_size: int, length: int, *, first: int | None = None) -> np.ndarray:
    """Every word of exactly ``length`` letters over ``0..alphabet_size-1``, in lexicographic order.

    Parameters
    ----------
    alphabet_size, length : int
    first : int, optional
        Only the words starting with this letter.

    Returns
    -------
    numpy.ndarray
        Shape ``(alphabet_size**length, length)`` (or ``alphabet_size**(length-1)`` rows with
        ``first``), dtype int64.
    """
    if alphabet_size < 1 or length < 0:
        raise BadParameterError(f"need alphabet_size >= 1 and length >= 0, got {alphabet_size}, {length}")
    free = length - (first is not None)
    if free == 0:
        grid = np.zeros((1, 0), dtype=np.int64)
    else:
        grid = np.indices((alphabet_size,) * free, dtype=np.int64).reshape(free, -1).T
    if first is not None:
        grid = np.concatenate([np.full((grid.shape[0], 1), first, dtype=np.int64), grid], axis=1)
    return grid


def _word_blocks(alphabet_size: int, length: int, states: int, chunk_entries: int = _CHUNK_ENTRIES):
    """All words of ``length`` letters in lexicographic blocks of at most about ``chunk_entries``
    (words × length × states) entries."""
    prefix_letters = 0
    while prefix_letters < length and alphabet_size ** (length - prefix_letters) * length * states > chunk_entries:
        prefix_letters += 1
    tails = all_words(alphabet_size, length - prefix_letters)
    for head in all_words(alphabet_size, prefix_letters):
        yield np.concatenate([np.broadcast_to(head, (tails.shape[0], prefix_letters)), tails], axis=1)


def check_all_words(table: TransitionFunctions, max_length: int) -> CheckResult:
    """Compare the doubling scan with the sequential run on every word up to ``max_length``.

    Every word of length exactly ``L = max_length`` is run; its ``L`` prefixes cover every
    shorter word, so this checks all ``Σ_{ℓ ≤ L} k^ℓ`` words (both the state and acceptance at
    each prefix), and also that the scan used ``⌈log₂ L⌉`` rounds.

    Parameters
    ----------
    table : TransitionFunctions
    max_length : int
        ``L ≥ 1``.

    Returns
    -------
    CheckResult
        ``mode="bounded"``, ``max_length=L``; on disagreement the shortlex-least word whose last
        state differs, with the expected (sequential) and actual (scan) state.

    Raises
    ------
    BudgetExceededError
        If ``k^L · L · n`` exceeds :data:`MAX_EXHAUSTIVE_ENTRIES`.
    """
    if not isinstance(max_length, (int, np.integer)) or max_length < 1:
        raise BadParameterError(f"max_length must be an integer >= 1, got {max_length!r}")
    k, n = len(table.alphabet), len(table.states)
    entries = k ** int(max_length) * int(max_length) * n
    if entries > MAX_EXHAUSTIVE_ENTRIES:
        raise BudgetExceededError(
            f"all {k}^{max_length} words × {max_length} positions × {n} states = {entries} entries; "
            f"the limit is {MAX_EXHAUSTIVE_ENTRIES}"
        )
    start = time.perf_counter()
    rounds_expected = doubling_rounds(max_length)
    best = None  # (length, word) shortlex-least separating prefix
    total_words = 0
    for block in _word_blocks(k, int(max_length), n):
        run = shortcut_states(table, block)
        if run.rounds != rounds_expected:
            raise AssertionError(f"scan used {run.rounds} rounds, expected {rounds_expected}")  # pragma: no cover
        reference = sequential_states(table, block)
        total_words += block.shape[0]
        differ = run.states != reference
        if differ.any():
            rows, cols = np.nonzero(differ)
            for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
                candidate = (col + 1, tuple(block[row, :col + 1].tolist()))
                if best is None or candidate < best:
                    best = candidate
                    expected = table.states[reference[row, col]]
                    actual = table.states[run.states[row, col]]
    seconds = time.perf_counter() - start
    checked = sum(k ** ell for ell in range(int(max_length) + 1))
    if best is None:
        return CheckResult(
            agree=True, mode="bounded", max_length=int(max_length), depth=int(max_length),
            states_explored=checked, transitions=total_words * int(max_length), seconds=seconds,
            detail=(f"doubling scan ({rounds_expected} round{'' if rounds_expected == 1 else 's'} at "
                    f"length {max_length}) equals the "
                    f"sequential run on all {checked} words up to length {max_length} "
                    f"({k} symbols, {n} states)"),
        )
    word = tuple(table.alphabet[a] for a in best[1])
    return CheckResult(
        agree=False, mode="bounded", max_length=int(max_length), depth=best[0],
        states_explored=checked, transitions=total_words * int(max_length), seconds=seconds,
        counterexample=word, expected=expected, actual=actual,
        detail=f"doubling scan differs from the sequential run on {word!r}",
    )
