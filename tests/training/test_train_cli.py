"""``statecheck train`` and ``statecheck sweep`` on the command line: the JSON contract, a real
run of the issue's contract (S3, length 8, one-layer RNN reaches 0.99), bad input → exit 2."""

from __future__ import annotations

import json

import pytest
import torch
from typer.testing import CliRunner

from statecheck.cli import app
from statecheck.training import commands

commands.register(app)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_train_contract_rnn_reaches_099_on_s3_length_8():
    result = runner.invoke(app, ["train", "--task", "word_problem", "--group", "S3", "--length", "8", "--arch",
                                 "rnn", "--layers", "1", "--device", "cpu", "--seed", "0", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["arch", "layers", "length", "group", "val_sequence_accuracy", "val_token_accuracy",
                          "steps", "seconds", "device", "seed"]
    assert (data["arch"], data["layers"], data["length"], data["group"], data["device"], data["seed"]) == \
        ("rnn", 1, 8, "S3", "cpu", 0)
    assert data["val_sequence_accuracy"] >= 0.99 and data["val_token_accuracy"] >= data["val_sequence_accuracy"]
    assert 0 < data["steps"] <= 2000 and data["seconds"] > 0


def test_train_plain_output_says_what_happened():
    result = runner.invoke(app, ["train", "--group", "S3", "--length", "2", "--arch", "gru", "--device", "cpu",
                                 "--max-steps", "20", "--d-model", "8"])
    assert result.exit_code == 0, result.output
    assert "gru x1 on S3 k=2" in result.stdout and "held-out sequence accuracy" in result.stdout


@pytest.mark.parametrize("args, named", [
    (["--arch", "lstm2"], "lstm2"),
    (["--group", "Q9"], "Q9"),
    (["--task", "parsing"], "parsing"),
    (["--length", "0"], "--length"),
    (["--layers", "0"], "--layers"),
    (["--device", "tpu"], "tpu"),
    (["--threads", "-1"], "--threads"),
])
def test_train_bad_input_exits_2_with_one_line(args, named):
    result = runner.invoke(app, ["train", "--json", *args])
    assert result.exit_code == 2
    assert named in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 and not result.stdout.strip()


def test_cuda_without_a_device_exits_2_and_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    result = runner.invoke(app, ["train", "--device", "cuda", "--json"])
    assert result.exit_code == 2 and "cuda" in result.stderr
    config = tmp_path / "c.toml"
    config.write_text('task = "word_problem"\ngroups = ["S3"]\nlengths = [2]\narchs = ["rnn"]\nlayers = [1]\n')
    result = runner.invoke(app, ["sweep", str(config), "--device", "cuda", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "cuda" in result.stderr and not (tmp_path / "o").exists()


def test_sweep_cli_runs_reruns_and_refuses_unknown_keys(tmp_path):
    config = tmp_path / "mini.toml"
    config.write_text('task = "word_problem"\ngroups = ["S3"]\nlengths = [2]\narchs = ["rnn"]\nlayers = [1]\n'
                      '[train]\nmax_steps = 10\neval_every = 5\n[model]\nd_model = 8\n')
    out = tmp_path / "out"
    first = runner.invoke(app, ["sweep", str(config), "--device", "cpu", "--out", str(out), "--json"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert (summary["cells"], summary["ran"], summary["already_done"]) == (1, 1, 0)
    second = json.loads(runner.invoke(app, ["sweep", str(config), "--device", "cpu", "--out", str(out),
                                            "--json"]).stdout)
    assert (second["ran"], second["already_done"]) == (0, 1)
    bad = tmp_path / "bad.toml"
    bad.write_text(config.read_text().replace("layers = [1]", "layers = [1]\ndepth = 3"))
    result = runner.invoke(app, ["sweep", str(bad), "--out", str(tmp_path / "bad_out"), "--json"])
    assert result.exit_code == 2 and "depth" in result.stderr and not (tmp_path / "bad_out").exists()
