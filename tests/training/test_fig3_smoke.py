"""The committed Figure-3 config's ``--smoke`` size, run whole through the CLI as CI must (issue 6:
"``--smoke`` … finishes on CPU in under 3 minutes and is run in CI"), then rerun and reported."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from statecheck.cli import app
from statecheck.training import commands

if "sweep" not in {command.name for command in app.registered_commands}:
    commands.register(app)

runner = CliRunner()
CONFIG = Path(commands.__file__).resolve().parent / "configs" / "merrill_fig3.toml"


def test_merrill_fig3_smoke_runs_whole_reruns_nothing_and_reports(tmp_path):
    swept = runner.invoke(app, ["sweep", str(CONFIG), "--smoke", "--device", "cpu", "--out",
                                str(tmp_path), "--json"])
    assert swept.exit_code == 0, swept.stderr
    summary = json.loads(swept.stdout)
    # S3, lengths 2 and 4, depths 1-2, six architectures: 24 cells, each trained or settled
    assert summary["cells"] == 24 and summary["ran"] + summary["settled"] == 24
    rows = [json.loads(line) for line in Path(summary["results"]).read_text().splitlines()]
    assert len(rows) == summary["ran"] == len({r["cell_hash"] for r in rows})
    assert {r["arch"] for r in rows} == {"rnn", "ids4", "transformer", "s4", "mamba", "mamba_neg"}
    for row in rows:
        assert 0.0 <= row["val_sequence_accuracy"] <= row["val_token_accuracy"] <= 1.0
        assert row["group"] == "S3" and row["device"] == "cpu" and row["steps"] <= 200
    # the theory allows one RNN layer at every length; the smoke budget is enough for k <= 4
    assert all(r["solved"] for r in rows if r["arch"] == "rnn" and r["layers"] == 1)

    again = runner.invoke(app, ["sweep", str(CONFIG), "--smoke", "--device", "cpu", "--out",
                                str(tmp_path), "--json"])
    assert json.loads(again.stdout)["ran"] == 0
    assert Path(summary["results"]).read_text().count("\n") == len(rows)

    reported = runner.invoke(app, ["report", summary["results"], "--out", str(tmp_path / "report"),
                                   "--json"])
    assert reported.exit_code == 0, reported.stderr
    table = (tmp_path / "report" / "word_problem_fig3.md").read_text()
    assert "## S3" in table and "| rnn |" in table
    assert (tmp_path / "report" / "word_problem_fig3.png").stat().st_size > 0
