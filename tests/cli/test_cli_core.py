"""The core CLI commands: equiv, classify, languages, verify — output and bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from statecheck.cli import app

runner = CliRunner()

MOD3 = {
    "states": ["0", "1", "2"],
    "input_symbols": ["0", "1"],
    "transitions": {str(r): {str(b): str((2 * r + b) % 3) for b in (0, 1)} for r in range(3)},
    "initial_state": "0",
    "final_states": ["0"],
}


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_equiv_reports_the_shortest_separating_word(tmp_path):
    broken = json.loads(json.dumps(MOD3))
    broken["transitions"]["2"]["0"] = "2"
    a, b = write(tmp_path, "a.json", MOD3), write(tmp_path, "b.json", broken)
    result = runner.invoke(app, ["equiv", a, b, "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["equivalent"] is False
    assert data["counterexample"] == ["1", "0", "0", "1"]  # 9 = 1001b: only A accepts


def test_equiv_of_a_dfa_and_its_relabelled_copy(tmp_path):
    renamed = {
        "states": ["x", "y", "z"],
        "input_symbols": ["0", "1"],
        "transitions": {
            "x": {"0": "x", "1": "y"}, "y": {"0": "z", "1": "x"}, "z": {"0": "y", "1": "z"},
        },
        "initial_state": "x",
        "final_states": ["x"],
    }
    result = runner.invoke(app, ["equiv", write(tmp_path, "a.json", MOD3),
                                 write(tmp_path, "b.json", renamed), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {**json.loads(result.stdout), "equivalent": True,
                                         "counterexample": None}


def test_equiv_completes_partial_dfas_and_says_so(tmp_path):
    partial = {**MOD3, "transitions": {"0": {"0": "0"}, "1": {}, "2": {}}}
    only_zeros = {"states": ["s", "d"], "input_symbols": ["0", "1"],
                  "transitions": {"s": {"0": "s", "1": "d"}, "d": {"0": "d", "1": "d"}},
                  "initial_state": "s", "final_states": ["s"]}
    result = runner.invoke(app, ["equiv", write(tmp_path, "p.json", partial),
                                 write(tmp_path, "z.json", only_zeros), "--json"])
    data = json.loads(result.stdout)
    assert data["equivalent"] is True and result.exit_code == 0
    assert any("sink" in note for note in data["notes"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops", "not valid JSON"),
        (json.dumps({k: v for k, v in MOD3.items() if k != "initial_state"}), "missing key"),
        (json.dumps({**MOD3, "transitions": {"0": {"0": "9"}}}), "unknown state"),
        (json.dumps({**MOD3, "transitions": {"0": {"7": "0"}}}), "symbol '7'"),
    ],
)
def test_bad_dfa_files_give_one_line_and_exit_2(tmp_path, content, message):
    bad = write(tmp_path, "bad.json", content)
    result = runner.invoke(app, ["equiv", bad, write(tmp_path, "ok.json", MOD3), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


def test_classify_needs_exactly_one_subject():
    result = runner.invoke(app, ["classify", "--json"])
    assert result.exit_code == 2 and "exactly one" in result.stderr


def test_entry_point_prints_no_traceback_for_bad_input(tmp_path):
    bad = write(tmp_path, "bad.json", "[1, 2]")
    proc = subprocess.run(
        [sys.executable, "-m", "statecheck.cli", "equiv", bad, bad],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "expected a JSON object" in proc.stderr
