"""``statecheck circuit``: JSON keys, metrics that match the builders, GraphML, bad input."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from statecheck.circuits import commands as circuit_commands
from statecheck.circuits import registry
from statecheck.cli import app

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def registered():
    if "circuit" not in {command.name for command in app.registered_commands}:
        circuit_commands.register(app)


def run_json(*args):
    result = runner.invoke(app, ["circuit", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_exactly_the_documented_keys_and_the_metrics_of_the_circuit():
    from statecheck.circuits.addition import iterated_addition

    data = run_json("iterated_addition", "--n", "5", "--m", "3", "--weights", "polynomial", "--batch", "64")
    assert list(data) == ["name", "params", "depth", "size", "edges", "max_weight", "max_fan_in",
                          "build_seconds", "eval_seconds"]
    circuit = iterated_addition(5, 3, weights="polynomial")
    assert data["params"] == {"n": 5, "m": 3, "weights": "polynomial"}
    assert (data["depth"], data["size"], data["edges"]) == (circuit.depth, circuit.size, circuit.edges)
    assert (data["max_weight"], data["max_fan_in"]) == (circuit.max_weight, circuit.max_fan_in)
    assert data["build_seconds"] >= 0 and data["eval_seconds"] >= 0


def test_text_output_names_the_metrics():
    result = runner.invoke(app, ["circuit", "exactly_k", "--n", "6", "--k", "2"])
    assert result.exit_code == 0, result.stderr
    assert "depth         2" in result.stdout and "size          3" in result.stdout


def test_graphml_export_round_trips_the_gates(tmp_path):
    out = tmp_path / "mul.graphml"
    data = run_json("multiplication", "--m", "3", "--graphml", str(out))
    graph = nx.read_graphml(out)
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(kind == "gate" for kind in kinds.values()) == data["size"]
    assert graph.number_of_edges() == data["edges"]
    assert sum(kind == "input" for kind in kinds.values()) == 6


@pytest.mark.parametrize(
    "args, message",
    [
        (["iterated_addition", "--n", "0", "--m", "3"], "n must be an integer >= 1, got 0"),
        (["iterated_addition", "--n", "3", "--m", "0"], "m must be an integer >= 1, got 0"),
        (["iterated_addition", "--n", "3"], "missing --m"),
        (["iterated_addition", "--n", "64", "--m", "64", "--weights", "polynomial", "--budget", "100"],
         "more than the gate budget 100"),
        (["majority", "--n", "3", "--k", "1"], "unexpected --k"),
        (["majority", "--n", "3", "--weights", "exponential"], "no weights option"),
        (["addition", "--m", "3", "--weights", "cubic"], "weights must be one of"),
        (["no_such_circuit", "--n", "3"], "unknown circuit 'no_such_circuit'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = runner.invoke(app, ["circuit", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_builder_whose_module_is_missing_is_reported_not_available(monkeypatch):
    monkeypatch.setitem(registry.BUILDERS, "ghost", registry.BuilderEntry(
        "ghost", "statecheck.circuits.no_such_module:ghost", ("n",)))
    result = runner.invoke(app, ["circuit", "ghost", "--n", "2"])
    assert result.exit_code == 2
    assert "not available" in result.stderr


def test_graphml_is_not_written_when_the_build_is_refused(tmp_path):
    out = tmp_path / "refused.graphml"
    result = runner.invoke(app, ["circuit", "iterated_addition", "--n", "64", "--m", "64",
                                 "--budget", "10", "--graphml", str(out)])
    assert result.exit_code == 2
    assert not out.exists()


def test_verify_runs_the_circuit_claims_and_all_are_verified():
    from statecheck.circuits.claims import CLAIM_NAMES

    only = [arg for name in CLAIM_NAMES for arg in ("--only", name)]
    result = runner.invoke(app, ["verify", *only, "--json"])
    assert result.exit_code == 0, result.stdout
    rows = json.loads(result.stdout)
    assert [row["claim"] for row in rows] == list(CLAIM_NAMES)
    assert {row["status"] for row in rows} == {"verified"}
    assert {row["mode"] for row in rows} == {"bounded"}


def test_exhaustive_check_reports_a_counterexample_when_the_reference_differs():
    from statecheck.circuits.addition import addition
    from statecheck.circuits.claims import exhaustive_check

    result = exhaustive_check(addition(3), [3, 3], lambda x, y: x + y + (x == 5 and y == 6),
                              size=3, what="addition(m=3)")
    assert not result.agree
    assert result.counterexample == ("5", "6")
    assert (result.expected, result.actual) == (12, 11)
