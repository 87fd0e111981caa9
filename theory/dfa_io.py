"""Reading, validating and completing DFAs in statecheck's exchange format.

The exchange format (files, CLI) is the JSON object of automata-lib ``DFA`` keyword arguments::

    {"states": ["q0", "q1"], "input_symbols": ["a", "b"],
     "transitions": {"q0": {"a": "q1", "b": "q0"}, "q1": {"a": "q0", "b": "q1"}},
     "initial_state": "q0", "final_states": ["q0"]}

States and symbols are strings. A DFA with missing transitions is *partial*: it is completed
with a fresh, rejecting sink state (the result says so).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from automata.fa.dfa import DFA

from statecheck.errors import BadParameterError, MalformedDFAError

__all__ = [
    "load_dfa", "dfa_from_dict", "dfa_to_dict", "dfa_from_regex", "relabel_states", "complete_dfa", "ordered_dfa",
    "with_alphabet",
    "SINK_STATE",
]

SINK_STATE = "__sink__"
_KEYS = ("states", "input_symbols", "transitions", "initial_state", "final_states")


def load_dfa(path: str | Path) -> tuple[DFA, bool]:
    """Read a DFA JSON file; return ``(dfa, completed)``.

    ``completed`` is True when transitions were missing and a sink state was added.

    Raises
    ------
    MalformedDFAError
        Unreadable file, malformed JSON, or an invalid DFA (see :func:`dfa_from_dict`).
    """
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise MalformedDFAError(f"cannot read DFA file {str(path)!r}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedDFAError(
            f"{str(path)!r} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return dfa_from_dict(data, source=str(path))


def dfa_from_dict(data: Any, *, source: str = "DFA") -> tuple[DFA, bool]:
    """Validate an exchange-format dict and build a complete DFA; return ``(dfa, completed)``.

    Raises
    ------
    MalformedDFAError
        Not an object, a missing or unknown key, a transition from or to an unknown state, a
        transition on a symbol outside ``input_symbols``, an unknown initial or final state.
    """
    if not isinstance(data, dict):
        raise MalformedDFAError(f"{source}: expected a JSON object with keys {list(_KEYS)}")
    missing = [k for k in _KEYS if k not in data]
    if missing:
        raise MalformedDFAError(f"{source}: missing key(s) {missing}; expected {list(_KEYS)}")
    unknown = sorted(set(data) - set(_KEYS) - {"allow_partial"})
    if unknown:
        raise MalformedDFAError(f"{source}: unknown key(s) {unknown}; expected {list(_KEYS)}")
    states = _string_list(data["states"], "states", source)
    symbols = _string_list(data["input_symbols"], "input_symbols", source)
    finals = _string_list(data["final_states"], "final_states", source)
    if not states:
        raise MalformedDFAError(f"{source}: 'states' is empty; a DFA needs at least one state")
    state_set, symbol_set = set(states), set(symbols)
    initial = data["initial_state"]
    if initial not in state_set:
        raise MalformedDFAError(
            f"{source}: initial_state {initial!r} is not one of the states {sorted(state_set)}"
        )
    for f in finals:
        if f not in state_set:
            raise MalformedDFAError(f"{source}: final state {f!r} is not one of the states")
    transitions = data["transitions"]
    if not isinstance(transitions, dict):
        raise MalformedDFAError(f"{source}: 'transitions' must be an object state -> {{symbol: state}}")
    table: dict[str, dict[str, str]] = {}
    completed = False
    for q in states:
        row = transitions.get(q, {})
        if not isinstance(row, dict):
            raise MalformedDFAError(f"{source}: transitions[{q!r}] must be an object symbol -> state")
        table[q] = {}
        for a, target in row.items():
            if a not in symbol_set:
                raise MalformedDFAError(
                    f"{source}: transition {q!r} --{a!r}--> uses symbol {a!r}, not in "
                    f"input_symbols {symbols}"
                )
            if target not in state_set:
                raise MalformedDFAError(
                    f"{source}: transition {q!r} --{a!r}--> {target!r} goes to an unknown state"
                )
            table[q][a] = target
        if len(table[q]) < len(symbol_set):
            completed = True
    for q in transitions:
        if q not in state_set:
            raise MalformedDFAError(f"{source}: transitions given for unknown state {q!r}")
    if completed:
        sink = SINK_STATE
        while sink in state_set:
            sink += "_"
        for q in states:
            for a in symbols:
                table[q].setdefault(a, sink)
        table[sink] = {a: sink for a in symbols}
        states = [*states, sink]
    dfa = DFA(
        states=set(states),
        input_symbols=set(symbols),
        transitions=table,
        initial_state=initial,
        final_states=set(finals),
    )
    return dfa, completed


def _string_list(value: Any, key: str, source: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MalformedDFAError(f"{source}: {key!r} must be a list of strings, got {value!r:.80}")
    return value


def dfa_to_dict(dfa: DFA) -> dict:
    """The exchange-format dict of a DFA (states and symbols as strings, sorted)."""
    name = {q: str(q) for q in dfa.states}
    return {
        "states": sorted(name.values()),
        "input_symbols": sorted(str(a) for a in dfa.input_symbols),
        "transitions": {
            name[q]: {str(a): name[t] for a, t in sorted(dfa.transitions[q].items(), key=repr)}
            for q in sorted(dfa.states, key=repr)
        },
        "initial_state": name[dfa.initial_state],
        "final_states": sorted(name[q] for q in dfa.final_states),
    }


def complete_dfa(dfa: DFA) -> tuple[DFA, bool]:
    """Return ``(dfa, False)`` if complete, else a copy completed with a rejecting sink state."""
    symbols = dfa.input_symbols
    if all(len(dfa.transitions.get(q, {})) == len(symbols) for q in dfa.states):
        return dfa, False
    sink = SINK_STATE
    while sink in dfa.states:
        sink += "_"
    transitions = {q: dict(dfa.transitions.get(q, {})) for q in dfa.states}
    for q in dfa.states:
        for a in symbols:
            transitions[q].setdefault(a, sink)
    transitions[sink] = {a: sink for a in symbols}
    completed = DFA(
        states=set(dfa.states) | {sink},
        input_symbols=set(symbols),
        transitions=transitions,
        initial_state=dfa.initial_state,
        final_states=set(dfa.final_states),
    )
    return completed, True


def ordered_dfa(dfa: DFA, alphabet: Iterable[str] | None = None, *,
                complete: bool = True) -> tuple[DFA, tuple[str, ...], tuple]:
    """``(dfa, symbols, states)``: the row and column order every model built from a DFA uses.

    ``dfa`` is completed with a rejecting sink (:func:`complete_dfa`) unless ``complete=False``;
    ``symbols`` is ``alphabet`` when given (a reordering of the input symbols, each once), else
    the input symbols sorted; ``states`` is the initial state first, then the others sorted by
    ``repr``.

    Raises
    ------
    BadParameterError
        ``alphabet`` is not a reordering of the DFA's input symbols.
    """
    if complete:
        dfa, _ = complete_dfa(dfa)
    symbols = tuple(sorted(dfa.input_symbols)) if alphabet is None else tuple(alphabet)
    if set(symbols) != set(dfa.input_symbols) or len(set(symbols)) != len(symbols):
        raise BadParameterError(
            f"alphabet {symbols!r} must list the DFA's input symbols "
            f"{tuple(sorted(dfa.input_symbols))!r} once each (a reordering of them)"
        )
    others = sorted((q for q in dfa.states if q != dfa.initial_state), key=repr)
    return dfa, symbols, (dfa.initial_state, *others)


def dfa_from_regex(regex: str, *, alphabet: Iterable[str] | None = None) -> DFA:
    """The minimal complete DFA of an automata-lib regular expression, with string states.

    automata-lib's syntax: single-character symbols, ``|`` union, ``*`` star, ``+`` one or more,
    ``?`` optional, ``()`` grouping, ``&`` intersection, ``.`` any symbol of the alphabet.
    ``alphabet`` defaults to the symbols that occur in ``regex``.

    Raises
    ------
    MalformedDFAError
        The expression does not parse, or uses a symbol outside ``alphabet``.
    """
    from automata.base.exceptions import AutomatonException, RegexException
    from automata.fa.nfa import NFA

    symbols = None if alphabet is None else set(alphabet)
    try:
        nfa = NFA.from_regex(regex, input_symbols=symbols)
        dfa = DFA.from_nfa(nfa, minify=True).to_complete()
    except (RegexException, AutomatonException) as exc:
        raise MalformedDFAError(f"regular expression {regex!r} is not valid: {exc}") from None
    return relabel_states(dfa)


def relabel_states(dfa: DFA) -> DFA:
    """A copy of ``dfa`` whose states are the strings "0", "1", … in breadth-first order."""
    order = [dfa.initial_state]
    seen = {dfa.initial_state}
    symbols = sorted(dfa.input_symbols)
    for q in order:
        for a in symbols:
            t = dfa.transitions[q][a]
            if t not in seen:
                seen.add(t)
                order.append(t)
    order += sorted((q for q in dfa.states if q not in seen), key=repr)
    name = {q: str(i) for i, q in enumerate(order)}
    return DFA(
        states=set(name.values()),
        input_symbols=set(dfa.input_symbols),
        transitions={name[q]: {a: name[t] for a, t in dfa.transitions[q].items()} for q in dfa.states},
        initial_state=name[dfa.initial_state],
        final_states={name[q] for q in dfa.final_states},
    )


def with_alphabet(dfa: DFA, alphabet: Iterable[str]) -> DFA:
    """``dfa`` over a larger alphabet: every new symbol leads to a fresh rejecting sink state."""
    symbols = set(alphabet)
    if not set(dfa.input_symbols) <= symbols:
        raise MalformedDFAError(
            f"alphabet {sorted(symbols)} lacks symbols {sorted(set(dfa.input_symbols) - symbols)}"
        )
    if symbols == set(dfa.input_symbols):
        return dfa
    sink = SINK_STATE
    while sink in dfa.states:
        sink += "_"
    transitions = {q: {a: dfa.transitions[q].get(a, sink) for a in symbols} for q in dfa.states}
    transitions[sink] = {a: sink for a in symbols}
    return DFA(
        states=set(dfa.states) | {sink},
        input_symbols=symbols,
        transitions=transitions,
        initial_state=dfa.initial_state,
        final_states=set(dfa.final_states),
    )
