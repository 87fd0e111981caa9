"""Figure-3 report: minimum depths from hand-written rows, the markdown table with the classifier's
class and verdicts, the PNG, and ``statecheck report`` (grouping by task, bad input)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from statecheck.cli import app
from statecheck.theory import algebra, groups
from statecheck.training import commands
from statecheck.training.fig3_report import min_depths, verdicts_for, write_report

commands.register(app)
runner = CliRunner()


def row(group, arch, length, layers, accuracy, seed=0):
    return {"task": "word_problem", "group": group, "arch": arch, "length": length, "layers": layers,
            "seed": seed, "val_sequence_accuracy": accuracy, "solved": accuracy > 0.9, "depth_threshold": 0.9,
            "device": "cpu", "seconds": 1.0}


ROWS = [
    row("A5", "rnn", 4, 1, 0.99), row("A5", "rnn", 8, 1, 0.95),
    row("A5", "transformer", 4, 1, 0.5), row("A5", "transformer", 4, 2, 0.93),
    row("A5", "transformer", 8, 1, 0.1), row("A5", "transformer", 8, 2, 0.4, seed=0),
    row("A5", "transformer", 8, 2, 0.91, seed=1), row("A5", "transformer", 8, 3, 0.99),
    row("Z60", "mamba", 4, 1, 0.2), row("Z60", "mamba", 4, 2, 0.9),  # exactly 0.9 is not > 0.9
]


def test_min_depths_take_the_fewest_solving_layers_over_seeds():
    depths = {(c.group, c.arch, c.length): c for c in min_depths(ROWS)}
    assert depths[("A5", "rnn", 4)].min_layers == 1 and depths[("A5", "rnn", 8)].min_layers == 1
    assert depths[("A5", "transformer", 4)].min_layers == 2
    assert depths[("A5", "transformer", 8)].min_layers == 2  # seed 1 solved at depth 2
    unsolved = depths[("Z60", "mamba", 4)]
    assert unsolved.min_layers is None and unsolved.shown() == "> 2" and unsolved.best_accuracy == 0.9


def test_verdicts_follow_the_classifier():
    a5 = algebra.classify(groups.get("A5")).to_dict()
    assert [v["expressible"] for v in verdicts_for("rnn", a5)] == [True]
    assert [v["expressible"] for v in verdicts_for("transformer", a5)] == [False]  # NC1-complete
    assert len(verdicts_for("mamba", a5)) == 2 and len(verdicts_for("mamba_neg", a5)) == 2


def test_report_writes_a_png_and_a_table_with_class_and_depths(tmp_path):
    png, table = write_report(ROWS, tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    text = table.read_text()
    assert f"## A5: class {algebra.classify(groups.get('A5')).to_dict()['class']}" in text
    assert "## Z60: class ACC0" in text  # Z60 is abelian: solvable, not aperiodic
    lines = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| ")}
    assert lines["| transformer"].endswith("| 2 | 2 |") and lines["| rnn"].endswith("| 1 | 1 |")
    assert lines["| mamba"].endswith("| > 2 |")


def test_report_cli_groups_by_task_and_refuses_unknown_tasks(tmp_path):
    results = tmp_path / "r.jsonl"
    results.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    result = runner.invoke(app, ["report", str(results), "--out", str(tmp_path / "fig"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rows"] == {"word_problem": len(ROWS)}
    assert sorted(p.split("/")[-1] for p in data["files"]["word_problem"]) == ["word_problem_fig3.md",
                                                                               "word_problem_fig3.png"]
    mixed = tmp_path / "m.jsonl"
    mixed.write_text(results.read_text() + json.dumps({"task": "chess"}) + "\n")
    bad = runner.invoke(app, ["report", str(mixed), "--out", str(tmp_path / "none"), "--json"])
    assert bad.exit_code == 2 and "chess" in bad.stderr and not (tmp_path / "none").exists()
    missing = runner.invoke(app, ["report", str(tmp_path / "absent.jsonl")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
