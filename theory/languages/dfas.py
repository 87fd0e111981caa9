"""Small helpers that build the catalogue's DFAs with automata-lib (regexes and set operations).

Every DFA leaves here complete, minimal, with string states ``"0", "1", …`` (breadth-first from
the initial state) and ``input_symbols`` equal to the language's alphabet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from automata.fa.dfa import DFA

from statecheck.theory.dfa_io import dfa_from_regex, relabel_states

__all__ = ["regex_dfa", "tidy", "rename_symbols"]


def tidy(dfa: DFA) -> DFA:
    """``dfa`` completed, minimised and relabelled with string states."""
    return relabel_states(dfa.to_complete().minify().to_complete())


def regex_dfa(regex: str, alphabet: Iterable[str]) -> DFA:
    """The minimal complete DFA of an automata-lib regex over ``alphabet`` (one-char symbols)."""
    return tidy(dfa_from_regex(regex, alphabet=alphabet))


def rename_symbols(dfa: DFA, mapping: Mapping[str, str]) -> DFA:
    """A copy of ``dfa`` whose input symbol ``a`` is renamed ``mapping[a]``."""
    return DFA(
        states=set(dfa.states),
        input_symbols={mapping[a] for a in dfa.input_symbols},
        transitions={q: {mapping[a]: t for a, t in row.items()} for q, row in dfa.transitions.items()},
        initial_state=dfa.initial_state,
        final_states=set(dfa.final_states),
    )
