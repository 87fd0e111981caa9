"""`statecheck classify`, `languages` and `verify`: JSON contracts and bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from statecheck.cli import app
from statecheck.theory import algebra, groups, languages

runner = CliRunner()

CLASSIFY_KEYS = {"states", "monoid_size", "aperiodic", "star_free", "solvable", "class",
                 "subgroups", "verdicts"}


def run_json(*args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_classify_language_with_param():
    data = run_json("classify", "--language", "mod", "--param", "k=3")
    assert CLASSIFY_KEYS <= set(data)
    assert data["class"] == "ACC0" and data["subgroups"] == [{"order": 3, "solvable": True}]
    for verdict in data["verdicts"]:
        assert set(verdict) == {"architecture", "expressible", "source"}
        assert verdict["expressible"] in (True, False, "open")


def test_classify_group_and_regex_and_dfa(tmp_path):
    assert run_json("classify", "--group", "A5")["class"] == "NC1-complete"
    assert run_json("classify", "--group", "A4xZ5")["class"] == "ACC0"
    assert run_json("classify", "--regex", "(ab)*")["star_free"] is True
    dfa = tmp_path / "partial.json"
    dfa.write_text(json.dumps({"states": ["p"], "input_symbols": ["a", "b"],
                               "transitions": {"p": {"a": "p"}}, "initial_state": "p",
                               "final_states": ["p"]}))
    data = run_json("classify", "--dfa", str(dfa))
    assert data["class"] == "AC0" and data["states"] == 2  # a* plus the added sink
    assert any("partial" in note for note in data["notes"])


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--language", "nosuch"], "unknown language"),
        (["--language", "mod", "--param", "k=0"], "k"),
        (["--language", "mod", "--param", "k"], "key=value"),
        (["--group", "Q8"], "unknown group name"),
        (["--group", "A2"], "n >= 3"),
        (["--regex", "(ab"], "regular expression"),
        (["--dfa", "/nonexistent/dfa.json"], "dfa.json"),
        (["--group", "S5", "--language", "parity"], "exactly one"),
        (["--group", "S5", "--param", "k=2"], "--param"),
    ],
)
def test_classify_bad_input_is_one_line_exit_2(args, fragment):
    result = runner.invoke(app, ["classify", *args, "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert fragment.lower() in result.stderr.lower()


def test_languages_lists_the_catalogue_with_classes():
    rows = run_json("languages")
    assert [r["name"] for r in rows] == languages.names()
    by_name = {r["name"]: r for r in rows}
    assert by_name["parity"]["class"] == "ACC0" and by_name["parity"]["regular"] is True
    assert by_name["dyck1"]["regular"] is False and by_name["dyck1"]["class"] == "TC0"
    assert by_name["word_problem"]["class"] == algebra.classify(groups.get("S5")).class_


def test_verify_json_rows_have_the_contract_keys():
    rows = run_json("verify", "--only", "algebra.parity.*", "--only", "algebra.word_problem.A5.*")
    assert [r["claim"] for r in rows] == ["algebra.parity.not_star_free",
                                          "algebra.word_problem.A5.class"]
    for row in rows:
        assert {"claim", "source", "status", "mode", "max_length", "states_explored", "seconds",
                "counterexample"} <= set(row)
        assert row["status"] == "verified" and row["mode"] == "all-lengths"


def test_verify_list_and_unknown_claim():
    listed = run_json("verify", "--list", "--only", "algebra.suite.*")
    assert len(listed) == 27
    result = runner.invoke(app, ["verify", "--only", "no.such.claim"])
    assert result.exit_code == 2 and "no claim matches" in result.stderr


def test_budget_exceeded_is_a_clear_error(tmp_path):
    """A DFA whose transition monoid is the full transformation monoid T_7 (7^7 = 823,543
    elements: a 7-cycle, a transposition and a rank-6 map generate it) past a small budget."""
    from statecheck.cli_support import guarded

    n = 7
    cycle = [(q + 1) % n for q in range(n)]
    swap = [1, 0, *range(2, n)]
    merge = [0, 0, *range(2, n)]
    from automata.fa.dfa import DFA

    states = [str(q) for q in range(n)]
    dfa = DFA(states=set(states), input_symbols={"c", "s", "m"},
              transitions={states[q]: {"c": states[cycle[q]], "s": states[swap[q]],
                                       "m": states[merge[q]]} for q in range(n)},
              initial_state="0", final_states={"0"})
    import typer

    with pytest.raises(typer.Exit) as stop:
        guarded(lambda: algebra.transition_monoid(dfa, max_size=1000))
    assert stop.value.exit_code == 2
