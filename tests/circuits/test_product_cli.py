"""``statecheck circuit`` reaches the product builders by their registered names."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from statecheck.circuits import commands as circuit_commands
from statecheck.circuits.iterated_product import iterated_product
from statecheck.circuits.matrix_power import matrix_power
from statecheck.circuits.ssm_layer import s4_layer_circuit, s6_layer_circuit
from statecheck.cli import app

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def registered():
    if "circuit" not in {command.name for command in app.registered_commands}:
        circuit_commands.register(app)


@pytest.mark.parametrize("args, build", [
    (["iterated_product", "--n", "3", "--m", "2"], lambda: iterated_product(3, 2)),
    (["matrix_power", "--d", "2", "--m", "1", "--N", "4"], lambda: matrix_power(2, 1, 4)),
    (["s4_layer", "--n", "6"], lambda: s4_layer_circuit(6)),
    (["s6_layer", "--n", "3"], lambda: s6_layer_circuit(3)),
])
def test_cli_metrics_match_the_builder(args, build):
    result = runner.invoke(app, ["circuit", *args, "--json", "--batch", "16"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    circuit = build()
    assert (data["depth"], data["size"], data["edges"]) == (circuit.depth, circuit.size,
                                                            circuit.edges)


@pytest.mark.parametrize("args, phrase", [
    (["matrix_power", "--d", "4", "--m", "1", "--N", "2"], "d must be one of"),
    (["matrix_power", "--d", "2", "--m", "1", "--N", "0"], "N must be"),
    (["iterated_product", "--n", "0", "--m", "2"], "n must be"),
    (["s6_layer", "--n", "200"], "budget"),
])
def test_cli_bad_input_exits_2_with_one_line(args, phrase):
    result = runner.invoke(app, ["circuit", *args, "--json"])
    assert result.exit_code == 2
    assert phrase in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
