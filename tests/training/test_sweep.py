"""The resumable sweep engine: hashing, skip-finished, settled depths, SIGKILL mid-run, bad configs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomllib
import torch

from statecheck.errors import BadParameterError, StatecheckError, UnknownNameError
from statecheck.training import tasks, word_problem_task
from statecheck.training.device import DeviceUnavailableError
from statecheck.training.sweep import (
    cell_hash,
    execute,
    finish_row,
    read_records,
    results_path,
    run_sweep,
)

CONFIG = Path(__file__).resolve().parents[2] / "training" / "configs" / "merrill_fig3.toml"


@pytest.fixture(autouse=True)
def _one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _toml_value(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def write_config(tmp_path: Path, name: str = "tiny.toml", **overrides) -> Path:
    config = {"task": "word_problem", "groups": ["S3"], "lengths": [3], "archs": ["rnn"], "layers": [1],
              "seeds": [0], "train": {"max_steps": 20, "eval_every": 10}, "model": {"d_model": 8},
              "data": {"samples": 300}}
    config.update(overrides)
    path = tmp_path / name
    path.write_text("\n".join(f"{k} = {_toml_value(v)}" for k, v in config.items()) + "\n")
    return path


def test_cell_hash_is_canonical_and_sensitive():
    cell = {"a": 1, "b": {"x": [1, 2]}}
    assert cell_hash("t", cell) == cell_hash("t", {"b": {"x": [1, 2]}, "a": 1})
    assert cell_hash("t", cell) != cell_hash("t", {"a": 2, "b": {"x": [1, 2]}})
    assert cell_hash("t", cell) != cell_hash("u", cell)
    assert len({cell_hash("word_problem", c) for c in word_problem_task.expand(tomllib.loads(CONFIG.read_text()),
                                                                                 smoke=False)}) == 3 * 19 * 6 * 5


def test_committed_config_is_merrills_grid_and_smoke_is_a_slice_of_it():
    config = tomllib.loads(CONFIG.read_text())
    full = word_problem_task.expand(config, smoke=False)
    assert {c["group"] for c in full} == {"Z60", "A4xZ5", "A5"}
    assert {c["length"] for c in full} == set(range(2, 21))
    assert {c["arch"] for c in full} == {"rnn", "ids4", "transformer", "s4", "mamba", "mamba_neg"}
    assert {c["layers"] for c in full} == {1, 2, 3, 4, 5}
    assert {c["train"]["lr"] for c in full if c["arch"] == "transformer"} == {5e-5}
    smoke = word_problem_task.expand(config, smoke=True)
    assert {c["arch"] for c in smoke} == {c["arch"] for c in full} and len(smoke) < 40


def test_rerun_skips_finished_cells_and_a_cut_line_is_repaired(tmp_path):
    config = write_config(tmp_path, lengths=[3, 4])
    out = tmp_path / "out"
    first = execute(config, smoke=False, device="cpu", out_dir=out, progress=False)
    assert (first.cells, first.ran, first.already_done) == (2, 2, 0)
    rows = read_records(first.path)
    assert [r["length"] for r in rows] == [3, 4] and all(r["task"] == "word_problem" for r in rows)
    # simulate a kill in the middle of writing a third line
    with open(first.path, "a") as handle:
        handle.write('{"task": "word_problem", "cell_hash": "dead')
    assert len(read_records(first.path)) == 2
    again = execute(config, smoke=False, device="cpu", out_dir=out, progress=False)
    assert (again.ran, again.already_done) == (0, 2)
    assert first.path.read_text().count("\n") == 2 and first.path.read_text().endswith("}\n")


def test_settled_depths_are_skipped(tmp_path):
    config = write_config(tmp_path, layers=[1, 2], train={"max_steps": 1500, "eval_every": 50},
                          model={"d_model": 32}, data={"samples": 2000})
    outcome = execute(config, smoke=False, device="cpu", out_dir=tmp_path, progress=False)
    rows = read_records(outcome.path)
    assert [r["layers"] for r in rows] == [1] and rows[0]["solved"] and rows[0]["val_sequence_accuracy"] > 0.9
    assert outcome.settled == 1
    cells = word_problem_task.expand(tomllib.loads(config.read_text()), smoke=False)
    assert word_problem_task.settled(cells[1], rows) and not word_problem_task.settled(cells[0], rows)


def test_sigkill_mid_sweep_loses_and_duplicates_nothing(tmp_path):
    config = write_config(tmp_path, lengths=[3, 4, 5, 6], seeds=[0, 1], train={"max_steps": 60, "eval_every": 20})
    out = tmp_path / "out"
    path = results_path(config, out, smoke=False)
    code = ("from statecheck.training.sweep import run_sweep; "
            f"run_sweep({str(config)!r}, smoke=False, device='cpu', out_dir={str(out)!r}, progress=False)")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    process = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not path.exists() or path.read_text().count("\n") < 2):
        time.sleep(0.05)
    assert process.poll() is None, "the sweep ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    before = path.read_text()
    finished_before = before[: before.rfind("\n") + 1]
    assert 2 <= finished_before.count("\n") < 8
    run_sweep(config, smoke=False, device="cpu", out_dir=out, progress=False)
    after = path.read_text()
    assert after.startswith(finished_before)  # nothing finished was rewritten
    hashes = [r["cell_hash"] for r in read_records(path)]
    cells = word_problem_task.expand(tomllib.loads(config.read_text()), smoke=False)
    assert len(hashes) == len(set(hashes)) == 8
    assert set(hashes) == {cell_hash("word_problem", c) for c in cells}


@pytest.mark.parametrize("overrides, error, named", [
    ({"widths": [3]}, BadParameterError, "widths"),
    ({"train": {"max_steps": 10, "momentum": 0.9}}, BadParameterError, "momentum"),
    ({"archs": ["lstm2"]}, UnknownNameError, "lstm2"),
    ({"groups": ["Q9"]}, UnknownNameError, "Q9"),
    ({"lengths": [0, 3]}, BadParameterError, "lengths"),
    ({"layers": [0]}, BadParameterError, "layers"),
    ({"task": "parsing"}, UnknownNameError, "parsing"),
])
def test_bad_configs_fail_before_any_file(tmp_path, overrides, error, named):
    config = write_config(tmp_path, **overrides)
    out = tmp_path / "out"
    with pytest.raises(error, match=named):
        run_sweep(config, smoke=False, device="cpu", out_dir=out, progress=False)
    assert not out.exists()


def test_missing_smoke_table_and_missing_file(tmp_path):
    with pytest.raises(BadParameterError, match="smoke"):
        run_sweep(write_config(tmp_path), smoke=True, device="cpu", out_dir=tmp_path / "o", progress=False)
    with pytest.raises(BadParameterError, match="does not exist"):
        run_sweep(tmp_path / "none.toml", smoke=False, device="cpu", out_dir=tmp_path / "o", progress=False)
    assert not (tmp_path / "o").exists()


def test_cuda_without_a_device_is_refused_before_any_file(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(DeviceUnavailableError, match="cuda"):
        run_sweep(write_config(tmp_path), smoke=False, device="cuda", out_dir=tmp_path / "o", progress=False)
    assert not (tmp_path / "o").exists()


def test_task_registry_names_both_tasks():
    assert tasks.names() == ["word_problem", "language"]
    assert tasks.get("word_problem") is word_problem_task
    with pytest.raises(StatecheckError, match="nope"):
        tasks.get("nope")


def test_a_slice_of_the_smoke_config_runs_every_architecture_and_reports(tmp_path):
    config = tomllib.loads(CONFIG.read_text())
    config["smoke"].update({"lengths": [2], "layers": [1]})
    config["smoke"]["train"] = {**config["smoke"]["train"], "max_steps": 10, "eval_every": 10}
    path = tmp_path / "slice.toml"
    path.write_text("\n".join(f"{k} = {_toml_value(v)}" for k, v in config.items()) + "\n")
    outcome = execute(path, smoke=True, device="cpu", out_dir=tmp_path, progress=False)
    rows = read_records(outcome.path)
    assert [r["arch"] for r in rows] == ["rnn", "ids4", "transformer", "s4", "mamba", "mamba_neg"]
    assert all(r["group"] == "S3" and r["length"] == 2 and r["steps"] == 10 and r["seed"] == 0 for r in rows)
    assert all(r["device"] == "cpu" and r["environment"]["torch"] == torch.__version__ for r in rows)
    files = word_problem_task.report(rows, tmp_path)
    assert [f.name for f in files] == ["word_problem_fig3.png", "word_problem_fig3.md"]


def test_rows_run_outside_the_engine_are_skipped_by_it(tmp_path):
    config = write_config(tmp_path, lengths=[3, 4])
    cells = word_problem_task.expand(tomllib.loads(config.read_text()), smoke=False)
    external = finish_row("word_problem", cells[1], word_problem_task.run_cell(cells[1], device="cpu"))
    out = tmp_path / "out"
    out.mkdir()
    results_path(config, out, smoke=False).write_text(json.dumps(external) + "\n")
    outcome = execute(config, smoke=False, device="cpu", out_dir=out, progress=False)
    assert (outcome.ran, outcome.already_done) == (1, 1)
    assert [r["length"] for r in read_records(outcome.path)] == [4, 3]
