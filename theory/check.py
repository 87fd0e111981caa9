"""The equivalence checker: product breadth-first search with shortest counterexamples.

A *stepper* is any object with

- ``alphabet`` — a tuple of symbols, in a fixed order;
- ``initial_state`` — a hashable, exact value;
- ``step(state, symbol) -> state`` — total on the alphabet;
- ``output(state)`` — a hashable value compared with ``==`` (a bool for recognition, a
  ``frozenset`` of next symbols for predictive semantics, a group element for tagging);

and, optionally,

- ``symbols(state)`` — the symbols to explore from ``state``, in alphabet order (a *reference*
  uses it to restrict the search to valid prefixes under predictive semantics); the whole
  alphabet when absent;
- ``finite`` — ``False`` when the reachable state set is infinite (counters, stacks): the check
  then needs ``max_length``.

:func:`check` explores the pairs ``(reference state, candidate state)`` reachable from the pair
of initial states, level by level (level ``n`` = words of length ``n``). Because both steppers
are deterministic and outputs are functions of states, two words that reach the same pair agree
on every extension, so each pair is expanded once:

- if the set of reachable pairs *closes* (a level adds no new pair), the two agree on **every
  word of every length** (``mode="all-lengths"``): this is a proof, not a sample;
- if ``max_length`` is reached first, they agree on every word of length at most ``max_length``
  (``mode="bounded"``), and nothing is claimed beyond it;
- on the first disagreement the search stops and returns the **shortlex-least** counterexample
  (shortest, then first in alphabet order): pairs are discovered in shortlex order of the words
  that reach them, so the first disagreeing pair found carries the least disagreeing word;
- past ``max_states`` pairs it raises :class:`~statecheck.errors.BudgetExceededError`.

Two DFA-backed steppers (anything with integer ``table`` and ``output_ids``) take a vectorised
path that expands a whole level with numpy; its results are identical.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from statecheck.errors import BadParameterError, BudgetExceededError, UnknownSymbolError

__all__ = [
    "Stepper",
    "CheckResult",
    "check",
    "DFAStepper",
    "FunctionStepper",
    "DEFAULT_MAX_STATES",
]

DEFAULT_MAX_STATES = 2_000_000


@runtime_checkable
class Stepper(Protocol):
    """A deterministic machine with exact, hashable states (see the module docstring)."""

    alphabet: tuple[str, ...]
    initial_state: Hashable

    def step(self, state: Hashable, symbol: str) -> Hashable:
        """The state after reading ``symbol`` in ``state``."""

    def output(self, state: Hashable) -> Hashable:
        """The observable output in ``state``."""


@dataclass(frozen=True)
class CheckResult:
    """Outcome of :func:`check`.

    Attributes
    ----------
    agree : bool
        True iff no explored word separates the two steppers.
    mode : str
        ``"all-lengths"`` when the reachable pairs closed (a proof for every length), else
        ``"bounded"`` (every word up to ``max_length`` explored, nothing claimed beyond).
    max_length : int or None
        The length bound in bounded mode; ``None`` in all-lengths mode.
    depth : int
        The longest word length the search had to expand (the closure depth when it closed).
    states_explored : int
        Number of distinct reachable (reference, candidate) state pairs visited.
    transitions : int
        Number of (pair, symbol) expansions performed.
    seconds : float
        Wall time of the search.
    counterexample : tuple of str or None
        The shortlex-least word on which the outputs differ, or ``None``.
    expected, actual
        The reference's and the candidate's outputs on ``counterexample`` (``None`` if agree).
    detail : str
        A human-readable sentence.
    """

    agree: bool
    mode: str
    max_length: int | None
    depth: int
    states_explored: int
    transitions: int
    seconds: float
    counterexample: tuple[str, ...] | None = None
    expected: Any = None
    actual: Any = None
    detail: str = field(default="")

    @property
    def proven_all_lengths(self) -> bool:
        """True iff the check is a proof of agreement at every length."""
        return self.agree and self.mode == "all-lengths"

    def to_dict(self) -> dict:
        """A JSON-ready dict (outputs rendered with :func:`jsonable`)."""
        return {
            "agree": self.agree,
            "mode": self.mode,
            "max_length": self.max_length,
            "depth": self.depth,
            "states_explored": self.states_explored,
            "transitions": self.transitions,
            "seconds": self.seconds,
            "counterexample": None if self.counterexample is None else list(self.counterexample),
            "expected": jsonable(self.expected),
            "actual": jsonable(self.actual),
            "detail": self.detail,
        }


def jsonable(value: Any) -> Any:
    """Render an output value for JSON: sets become sorted lists, numpy scalars Python ones."""
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def check(
    reference: Stepper,
    candidate: Stepper,
    *,
    max_length: int | None = None,
    max_states: int = DEFAULT_MAX_STATES,
) -> CheckResult:
    """Compare ``candidate`` with ``reference`` on every word (see the module docstring).

    Parameters
    ----------
    reference, candidate : Stepper
        The exact reference (decides which symbols are explored, via ``symbols``) and the
        machine under test. Every symbol the reference explores must be in the candidate's
        alphabet.
    max_length : int, optional
        Stop after exploring every word of this length; required when the reference has
        ``finite = False``. Without it the search runs until the pairs close.
    max_states : int
        Refuse (raise) past this many distinct state pairs.

    Returns
    -------
    CheckResult

    Raises
    ------
    BadParameterError
        ``max_length < 0``, ``max_states < 1``, or an infinite-state reference without
        ``max_length``.
    UnknownSymbolError
        The reference's alphabet has a symbol the candidate does not know.
    BudgetExceededError
        More than ``max_states`` reachable pairs.
    """
    if max_length is not None and (not isinstance(max_length, int) or max_length < 0):
        raise BadParameterError(f"max_length must be a non-negative integer, got {max_length!r}")
    if not isinstance(max_states, int) or max_states < 1:
        raise BadParameterError(f"max_states must be a positive integer, got {max_states!r}")
    for role, stepper in (("reference", reference), ("candidate", candidate)):
        if max_length is None and getattr(stepper, "finite", True) is False:
            raise BadParameterError(
                f"the {role} {_name(stepper)} is infinite-state: give max_length for a bounded check"
            )
    missing = [a for a in reference.alphabet if a not in set(candidate.alphabet)]
    if missing:
        raise UnknownSymbolError(
            f"the candidate {_name(candidate)} does not know symbol(s) {missing!r} of the "
            f"reference alphabet {tuple(reference.alphabet)!r}"
        )
    if _is_table(reference) and _is_table(candidate):
        return _check_tables(reference, candidate, max_length, max_states)
    return _check_generic(reference, candidate, max_length, max_states)


def _name(stepper: Any) -> str:
    return getattr(stepper, "name", None) or type(stepper).__name__


def _is_table(stepper: Any) -> bool:
    return isinstance(getattr(stepper, "table", None), np.ndarray) and hasattr(stepper, "output_ids")


def _result(agree, mode, max_length, depth, pairs, transitions, start, word=None, exp=None, act=None):
    seconds = time.perf_counter() - start
    if agree:
        if mode == "all-lengths":
            detail = (
                f"agree at every length: {pairs} reachable state pairs closed at depth {depth}"
            )
        else:
            detail = f"agree on every word of length <= {max_length} ({pairs} state pairs)"
    else:
        detail = (
            f"disagree on {list(word)!r} (length {len(word)}): expected {jsonable(exp)!r}, "
            f"got {jsonable(act)!r}"
        )
    return CheckResult(
        agree=agree,
        mode=mode,
        max_length=max_length if mode == "bounded" else None,
        depth=depth,
        states_explored=pairs,
        transitions=transitions,
        seconds=seconds,
        counterexample=None if agree else tuple(word),
        expected=exp,
        actual=act,
        detail=detail,
    )


def _budget_error(max_states: int, depth: int) -> BudgetExceededError:
    return BudgetExceededError(
        f"more than max_states={max_states} reachable state pairs (at word length {depth}); "
        "raise max_states or give a smaller max_length"
    )


def _check_generic(reference, candidate, max_length, max_states) -> CheckResult:
    start = time.perf_counter()
    mode = "bounded" if max_length is not None else "all-lengths"
    ref_step, cand_step = reference.step, candidate.step
    ref_out, cand_out = reference.output, candidate.output
    explore = getattr(reference, "symbols", None)
    alphabet = tuple(reference.alphabet)

    pair = (reference.initial_state, candidate.initial_state)
    expected, actual = ref_out(pair[0]), cand_out(pair[1])
    if expected != actual:
        return _result(False, mode, max_length, 0, 1, 0, start, (), expected, actual)
    parent: dict[tuple, tuple | None] = {pair: None}
    frontier = [pair]
    depth = transitions = 0
    while frontier:
        if max_length is not None and depth >= max_length:
            return _result(True, "bounded", max_length, depth, len(parent), transitions, start)
        next_frontier = []
        for pair in frontier:
            r, c = pair
            for symbol in explore(r) if explore is not None else alphabet:
                transitions += 1
                r2, c2 = ref_step(r, symbol), cand_step(c, symbol)
                new = (r2, c2)
                if new in parent:
                    continue
                parent[new] = (pair, symbol)
                expected, actual = ref_out(r2), cand_out(c2)
                if expected != actual:
                    word = _unwind(parent, new)
                    return _result(
                        False, mode, max_length, depth + 1, len(parent), transitions, start,
                        word, expected, actual,
                    )
                next_frontier.append(new)
                if len(parent) > max_states:
                    raise _budget_error(max_states, depth + 1)
        frontier = next_frontier
        depth += 1
    return _result(True, "all-lengths", None, depth - 1, len(parent), transitions, start)


def _unwind(parent: dict, pair: tuple) -> tuple[str, ...]:
    word = []
    link = parent[pair]
    while link is not None:
        pair, symbol = link
        word.append(symbol)
        link = parent[pair]
    return tuple(reversed(word))


def _check_tables(reference, candidate, max_length, max_states) -> CheckResult:
    """Level-synchronous BFS over integer pair codes ``r * n_c + c`` with numpy."""
    start = time.perf_counter()
    mode = "bounded" if max_length is not None else "all-lengths"
    alphabet = tuple(reference.alphabet)
    cand_index = {a: i for i, a in enumerate(candidate.alphabet)}
    ref_table = reference.table  # (n_r, k) in the reference's alphabet order
    cand_table = candidate.table[:, [cand_index[a] for a in alphabet]]
    explore_mask = getattr(reference, "explore_mask", None)  # (n_r, k) bool or None
    n_c = cand_table.shape[0]
    k = len(alphabet)

    # Outputs are compared through one shared id space.
    ids: dict[Hashable, int] = {}
    ref_outputs = reference.outputs
    cand_outputs = candidate.outputs
    ref_ids = np.array([ids.setdefault(o, len(ids)) for o in ref_outputs], dtype=np.int64)
    cand_ids = np.array([ids.setdefault(o, len(ids)) for o in cand_outputs], dtype=np.int64)

    r0, c0 = int(reference.initial_state), int(candidate.initial_state)
    if ref_ids[r0] != cand_ids[c0]:
        return _result(False, mode, max_length, 0, 1, 0, start, (), ref_outputs[r0], cand_outputs[c0])

    codes = np.array([r0 * n_c + c0], dtype=np.int64)
    # parent links per discovered code: (parent code, symbol index)
    parent_code = {r0 * n_c + c0: (-1, -1)}
    seen = {r0 * n_c + c0}
    depth = transitions = 0
    symbol_ids = np.arange(k, dtype=np.int64)
    while codes.size:
        if max_length is not None and depth >= max_length:
            return _result(True, "bounded", max_length, depth, len(seen), transitions, start)
        r, c = np.divmod(codes, n_c)
        r_next = ref_table[r]  # (F, k)
        c_next = cand_table[c]
        new_codes = (r_next.astype(np.int64) * n_c + c_next).ravel()  # row-major: shortlex order
        src = np.repeat(codes, k)
        sym = np.tile(symbol_ids, codes.size)
        if explore_mask is not None:
            keep = explore_mask[r].ravel()
            new_codes, src, sym = new_codes[keep], src[keep], sym[keep]
        transitions += int(new_codes.size)
        # first occurrence of each code in shortlex order, then drop already-seen codes
        uniq, first = np.unique(new_codes, return_index=True)
        order = np.argsort(first, kind="stable")
        uniq, first = uniq[order], first[order]
        fresh = np.fromiter((u not in seen for u in uniq.tolist()), dtype=bool, count=uniq.size)
        uniq, first = uniq[fresh], first[fresh]
        for code, s, a in zip(uniq.tolist(), src[first].tolist(), sym[first].tolist(), strict=True):
            parent_code[code] = (s, a)
        r2, c2 = np.divmod(uniq, n_c)
        bad = np.nonzero(ref_ids[r2] != cand_ids[c2])[0]
        if bad.size:
            # count as the sequential search would: up to the first disagreeing discovery
            explored = len(seen) + int(bad[0]) + 1
            transitions += int(first[bad[0]]) + 1 - int(new_codes.size)
            code = int(uniq[bad[0]])
            word = []
            walk = code
            while parent_code[walk][0] != -1:
                walk, a = parent_code[walk]
                word.append(alphabet[a])
            word.reverse()
            rr, cc = divmod(code, n_c)
            return _result(
                False, mode, max_length, depth + 1, explored, transitions, start,
                tuple(word), ref_outputs[rr], cand_outputs[cc],
            )
        seen.update(uniq.tolist())
        if len(seen) > max_states:
            raise _budget_error(max_states, depth + 1)
        codes = uniq
        depth += 1
    return _result(True, "all-lengths", None, depth - 1, len(seen), transitions, start)


class DFAStepper:
    """A complete automata-lib DFA as a stepper over integer states.

    Parameters
    ----------
    dfa : automata.fa.dfa.DFA
        A DFA; a partial one is completed with a sink state first.
    alphabet : sequence of str, optional
        The symbol order (default: sorted input symbols). Must equal the DFA's input symbols.
    semantics : {"recognition", "predictive"}
        ``"recognition"``: the output is ``True`` iff the state is accepting.
        ``"predictive"``: the output is the frozenset of legal next symbols — the symbols
        leading to a *live* state (one from which an accepting state is reachable), plus
        ``"$"`` when the state is accepting — and, used as a reference, the checker explores
        only legal symbols (valid prefixes).

    Attributes
    ----------
    states : tuple
        The DFA's states; state ``i`` of the stepper is ``states[i]``.
    table : numpy.ndarray
        ``table[i, j]`` = index of ``δ(states[i], alphabet[j])``.
    outputs : list
        ``outputs[i]`` is ``output(i)``; ``output_ids`` indexes them.
    """

    def __init__(self, dfa, *, alphabet: Sequence[str] | None = None, semantics: str = "recognition",
                 name: str | None = None):
        from statecheck.theory.dfa_io import ordered_dfa

        if semantics not in ("recognition", "predictive"):
            raise BadParameterError(
                f"semantics must be 'recognition' or 'predictive', got {semantics!r}"
            )
        dfa, symbols, self.states = ordered_dfa(dfa, alphabet)
        index = {s: i for i, s in enumerate(self.states)}
        self.alphabet = symbols
        self.name = name or "DFA"
        self.semantics = semantics
        self.finite = True
        self.initial_state = 0
        self.table = np.array(
            [[index[dfa.transitions[s][a]] for a in symbols] for s in self.states], dtype=np.int64
        ).reshape(len(self.states), len(symbols))
        self.accepting = np.array([s in dfa.final_states for s in self.states], dtype=bool)
        self._rows = self.table.tolist()
        self._col = {a: j for j, a in enumerate(symbols)}
        if semantics == "recognition":
            self.outputs = [bool(x) for x in self.accepting]
            self.explore_mask = None
        else:
            live = live_states(self.table, self.accepting)
            self.explore_mask = live[self.table]
            self.outputs = [
                frozenset(
                    [a for j, a in enumerate(symbols) if self.explore_mask[i, j]]
                    + (["$"] if self.accepting[i] else [])
                )
                for i in range(len(self.states))
            ]
            self._explore = [
                tuple(a for j, a in enumerate(symbols) if self.explore_mask[i, j])
                for i in range(len(self.states))
            ]
        ids: dict = {}
        self.output_ids = np.array([ids.setdefault(o, len(ids)) for o in self.outputs])

    def step(self, state: int, symbol: str) -> int:
        """Index of the next state (raises on an unknown symbol)."""
        try:
            return self._rows[state][self._col[symbol]]
        except KeyError:
            raise UnknownSymbolError(
                f"symbol {symbol!r} is not in the alphabet {self.alphabet!r}"
            ) from None

    def output(self, state: int):
        """Acceptance (recognition) or the legal next symbols (predictive)."""
        return self.outputs[state]

    def symbols(self, state: int) -> Iterable[str]:
        """Symbols explored from ``state``: all (recognition) or the legal ones (predictive)."""
        if self.explore_mask is None:
            return self.alphabet
        return self._explore[state]

    def run(self, word: Iterable[str]) -> int:
        """The state index after reading ``word`` from the initial state."""
        state = self.initial_state
        for symbol in word:
            state = self.step(state, symbol)
        return state


def live_states(table: np.ndarray, accepting: np.ndarray) -> np.ndarray:
    """Boolean mask of states from which an accepting state is reachable (backward search)."""
    n = table.shape[0]
    live = accepting.copy()
    predecessors: list[list[int]] = [[] for _ in range(n)]
    for q, row in enumerate(table.tolist()):
        for q2 in set(row):
            predecessors[q2].append(q)
    stack = [int(q) for q in np.nonzero(live)[0]]
    while stack:
        q = stack.pop()
        for p in predecessors[q]:
            if not live[p]:
                live[p] = True
                stack.append(p)
    return live


class FunctionStepper:
    """A stepper whose state is the word read so far and whose output is ``function(word)``.

    Wraps a plain membership (or next-symbol) function so the checker can compare it with a
    machine. Its state set is infinite (``finite = False``): a check against it is bounded.
    """

    finite = False

    def __init__(self, alphabet: Sequence[str], function: Callable[[tuple[str, ...]], Hashable],
                 *, name: str | None = None):
        self.alphabet = tuple(alphabet)
        self.function = function
        self.initial_state: tuple[str, ...] = ()
        self.name = name or getattr(function, "__name__", "function")

    def step(self, state: tuple[str, ...], symbol: str) -> tuple[str, ...]:
        """Append ``symbol`` to the word."""
        return state + (symbol,)

    def output(self, state: tuple[str, ...]) -> Hashable:
        """``function(word)``."""
        return self.function(state)
