"""``statecheck construct wfa|minsky``: output, saved weights, bad input (exit 2, nothing written);
and the ``wfa.*`` / ``minsky.*`` claims through ``statecheck verify``."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from statecheck.cli import app
from statecheck.constructions import automata_commands

runner = CliRunner()

# x ≡ 0 (mod 3) for binary numbers read most significant bit first
MOD3 = {
    "states": ["0", "1", "2"],
    "input_symbols": ["0", "1"],
    "transitions": {str(r): {str(b): str((2 * r + b) % 3) for b in (0, 1)} for r in range(3)},
    "initial_state": "0",
    "final_states": ["0"],
}


def registered_app():
    if "construct" not in {command.name for command in app.registered_commands}:
        automata_commands.register(app)
    return app


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def binary_accepts(weights_A, h0, C, alphabet, word) -> bool:
    index = {a: i for i, a in enumerate(alphabet)}
    h = h0
    for symbol in word:
        h = weights_A[index[symbol]] @ h
    return int(C @ h) > 0


def test_construct_wfa_writes_weights_that_decide_mod3(tmp_path):
    out = tmp_path / "w.npz"
    result = runner.invoke(registered_app(), ["construct", "wfa", "--dfa", write(tmp_path, "m.json", MOD3),
                                              "--out", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["check"]["agree"] is True and report["check"]["mode"] == "all-lengths"
    assert report["dim"] == 3 and report["alphabet"] == ["0", "1"] and report["out"] == str(out)
    assert report["transition_monoid_size"] == 6  # x ↦ 2x + b on Z3: the affine maps with slope ±1
    weights = np.load(out)
    alphabet = weights["alphabet"].tolist()
    assert weights["A"].dtype.kind == "i"
    for n in range(64):
        word = list(format(n, "b"))
        assert binary_accepts(weights["A"], weights["h0"], weights["C"], alphabet, word) == (n % 3 == 0)


@pytest.mark.parametrize("activation", ["heaviside", "relu", "sign"])
def test_construct_minsky_reports_the_proof_and_margin(tmp_path, activation):
    out = tmp_path / "m.npz"
    result = runner.invoke(registered_app(), ["construct", "minsky", "--dfa", write(tmp_path, "m.json", MOD3),
                                              "--activation", activation, "--out", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["activation"] == activation and report["dim"] == 6
    assert report["check"]["mode"] == "all-lengths" and report["check"]["agree"] is True
    assert report["margin"] == [1, 1]
    weights = np.load(out)
    assert weights["U"].shape == (6, 6) and weights["V"].shape == (6, 2)
    assert str(weights["activation"]) == activation


def test_construct_human_output_and_partial_dfa(tmp_path):
    partial = {**MOD3, "transitions": {"0": {"0": "0"}, "1": {}, "2": {}}}
    result = runner.invoke(registered_app(), ["construct", "minsky", "--dfa", write(tmp_path, "p.json", partial)])
    assert result.exit_code == 0, result.stderr
    assert "proven equal at every length" in result.stdout
    assert "completed with a rejecting sink" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["construct", "minsky", "--activation", "tanh"], "'tanh'"),
        (["construct", "lstm"], "'lstm'"),
        (["construct", "wfa", "--activation", "relu"], "applies to 'minsky' only"),
    ],
)
def test_bad_arguments_exit_2_without_writing(tmp_path, arguments, message):
    out = tmp_path / "w.npz"
    result = runner.invoke(registered_app(), [*arguments, "--dfa", write(tmp_path, "m.json", MOD3),
                                              "--out", str(out)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"states": [', "not valid JSON"),
        (json.dumps({**MOD3, "initial_state": "9"}), "'9'"),
        (json.dumps({k: v for k, v in MOD3.items() if k != "transitions"}), "transitions"),
        (json.dumps({**MOD3, "transitions": {"0": {"2": "1"}}}), "'2'"),
    ],
)
def test_malformed_dfa_files_exit_2_without_writing(tmp_path, content, message):
    out = tmp_path / "w.npz"
    for kind in ("wfa", "minsky"):
        result = runner.invoke(registered_app(), ["construct", kind, "--dfa", write(tmp_path, "bad.json", content),
                                                  "--out", str(out), "--json"])
        assert result.exit_code == 2
        assert message in result.stderr and result.stdout == ""
        assert not out.exists()


def test_missing_file_and_missing_output_folder_exit_2(tmp_path):
    result = runner.invoke(registered_app(), ["construct", "wfa", "--dfa", str(tmp_path / "none.json")])
    assert result.exit_code == 2 and "cannot read" in result.stderr
    result = runner.invoke(registered_app(), ["construct", "wfa", "--dfa", write(tmp_path, "m.json", MOD3),
                                              "--out", str(tmp_path / "no" / "w.npz")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_verify_runs_the_parity_claims_of_both_constructions():
    result = runner.invoke(app, ["verify", "--only", "wfa.parity.*", "--only", "minsky.parity.*",
                                 "--only", "wfa.transition_monoid_sizes", "--json"])
    assert result.exit_code == 0, result.stdout
    rows = json.loads(result.stdout)
    assert [r["claim"] for r in rows] == ["wfa.parity.all_lengths", "minsky.parity.all_lengths",
                                          "wfa.transition_monoid_sizes"]
    assert all(r["status"] == "verified" and r["mode"] == "all-lengths" for r in rows)
