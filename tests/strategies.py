"""Shared hypothesis strategies: random complete DFAs and random words."""

from __future__ import annotations

from automata.fa.dfa import DFA
from hypothesis import strategies as st

SYMBOLS = ("a", "b", "c", "d")


@st.composite
def dfas(draw, *, max_states: int = 5, max_symbols: int = 3, alphabet: tuple[str, ...] | None = None):
    """A complete DFA with states "q0".."q{n-1}" (initial "q0") over a prefix of SYMBOLS."""
    n = draw(st.integers(1, max_states))
    symbols = alphabet or SYMBOLS[: draw(st.integers(1, max_symbols))]
    states = [f"q{i}" for i in range(n)]
    transitions = {
        q: {a: states[draw(st.integers(0, n - 1))] for a in symbols} for q in states
    }
    finals = {q for q in states if draw(st.booleans())}
    return DFA(
        states=set(states),
        input_symbols=set(symbols),
        transitions=transitions,
        initial_state="q0",
        final_states=finals,
    )


@st.composite
def dfa_pairs(draw, *, max_states: int = 4, max_symbols: int = 2):
    """Two complete DFAs over the same alphabet (often equivalent: one may copy the other)."""
    k = draw(st.integers(1, max_symbols))
    alphabet = SYMBOLS[:k]
    first = draw(dfas(max_states=max_states, alphabet=alphabet))
    if draw(st.booleans()):
        return first, draw(dfas(max_states=max_states, alphabet=alphabet))
    # a relabelled copy with possibly one transition or final flag changed
    rename = {q: f"p{i}" for i, q in enumerate(sorted(first.states))}
    transitions = {rename[q]: {a: rename[t] for a, t in row.items()} for q, row in first.transitions.items()}
    finals = {rename[q] for q in first.final_states}
    change = draw(st.integers(0, 2))
    states = sorted(transitions)
    if change == 1:
        q = draw(st.sampled_from(states))
        a = draw(st.sampled_from(alphabet))
        transitions[q][a] = draw(st.sampled_from(states))
    elif change == 2:
        finals ^= {draw(st.sampled_from(states))}
    second = DFA(
        states=set(states), input_symbols=set(alphabet), transitions=transitions,
        initial_state=rename[first.initial_state], final_states=finals,
    )
    return first, second


def words(alphabet, *, max_size: int = 12):
    """Random words (tuples of symbols) over ``alphabet``."""
    return st.lists(st.sampled_from(tuple(alphabet)), max_size=max_size).map(tuple)
