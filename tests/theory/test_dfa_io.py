"""DFA exchange format: validation, completion, regex and alphabet extension."""

from __future__ import annotations

import json

import pytest

from statecheck.errors import MalformedDFAError
from statecheck.theory.dfa_io import (
    SINK_STATE,
    dfa_from_dict,
    dfa_from_regex,
    dfa_to_dict,
    load_dfa,
    with_alphabet,
)

EVEN_AS = {
    "states": ["e", "o"],
    "input_symbols": ["a", "b"],
    "transitions": {"e": {"a": "o", "b": "e"}, "o": {"a": "e", "b": "o"}},
    "initial_state": "e",
    "final_states": ["e"],
}


def test_round_trip_keeps_the_language():
    dfa, completed = dfa_from_dict(EVEN_AS)
    assert not completed
    again, _ = dfa_from_dict(json.loads(json.dumps(dfa_to_dict(dfa))))
    assert again == dfa


def test_partial_dfa_is_completed_with_a_rejecting_sink():
    data = {**EVEN_AS, "transitions": {"e": {"a": "o"}, "o": {"a": "e", "b": "o"}}}
    dfa, completed = dfa_from_dict(data)
    assert completed and SINK_STATE in dfa.states
    assert dfa.transitions["e"]["b"] == SINK_STATE
    assert dfa.accepts_input(["a", "a"]) and not dfa.accepts_input(["b"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"states": None}, "'states' must be a list of strings"),
        ({"initial_state": "x"}, "initial_state 'x'"),
        ({"final_states": ["e", "z"]}, "final state 'z'"),
        ({"transitions": {"e": {"a": "nowhere", "b": "e"}, "o": {"a": "e", "b": "o"}}}, "'nowhere'"),
        ({"transitions": {"e": {"c": "e"}, "o": {"a": "e"}}}, "symbol 'c'"),
        ({"transitions": {"e": {}, "o": {}, "ghost": {}}}, "unknown state 'ghost'"),
        ({"extra": 1}, "unknown key"),
    ],
)
def test_malformed_dfas_name_the_bad_value(change, message):
    data = {**EVEN_AS, **change}
    with pytest.raises(MalformedDFAError, match=message):
        dfa_from_dict(data)


def test_missing_key_and_bad_json(tmp_path):
    data = dict(EVEN_AS)
    del data["final_states"]
    with pytest.raises(MalformedDFAError, match="missing key"):
        dfa_from_dict(data)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(MalformedDFAError, match="not valid JSON"):
        load_dfa(bad)
    with pytest.raises(MalformedDFAError, match="cannot read"):
        load_dfa(tmp_path / "absent.json")


def test_regex_gives_the_minimal_dfa_and_rejects_bad_syntax():
    dfa = dfa_from_regex("(ab)*")
    assert len(dfa.states) == 3  # start/accept, after a, sink
    assert dfa.accepts_input(list("abab")) and not dfa.accepts_input(list("aba"))
    with pytest.raises(MalformedDFAError, match="not valid"):
        dfa_from_regex("(ab")


def test_with_alphabet_rejects_words_with_new_symbols():
    dfa, _ = dfa_from_dict(EVEN_AS)
    wider = with_alphabet(dfa, ["a", "b", "c"])
    assert wider.accepts_input(["a", "a"]) and not wider.accepts_input(["c"])
