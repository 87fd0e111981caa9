"""``statecheck counterexample``: JSON keys, exit codes (0 none found, 1 found, 2 bad input), the
default language from the checkpoint, constructions, and clear errors."""

from __future__ import annotations

import json

import pytest
import torch
from typer.testing import CliRunner

from statecheck.cli import app
from statecheck.theory.languages import get
from statecheck.training import language_commands, models
from statecheck.training.counterexample import save_checkpoint

if "counterexample" not in {command.name for command in app.registered_commands}:
    language_commands.register(app)

runner = CliRunner()


@pytest.fixture
def parity_checkpoint(tmp_path):
    torch.manual_seed(0)
    model = models.build("mamba", vocab_size=3, n_classes=3, layers=1, d_model=8)
    return str(save_checkpoint(tmp_path / "parity.pt", model, language=get("parity")))


def test_constructions_have_no_counterexample():
    result = runner.invoke(app, ["counterexample", "--construction", "parity_ssm", "--max-length", "9", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["agree"] is True and data["counterexample"] is None and data["mode"] == "bounded"
    assert data["exhaustive_length"] == 9 and data["prefixes_checked"] == 2 ** 10 - 1
    assert data["model"] == {"source": "construction", "construction": "parity_ssm", "built_for": "parity"}


def test_an_untrained_checkpoint_has_the_brute_force_counterexample(parity_checkpoint):
    result = runner.invoke(app, ["counterexample", "--checkpoint", parity_checkpoint, "--max-length", "5", "--json"])
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["language"] == "parity" and data["model"]["arch"] == "mamba"
    found = data["counterexample"]
    # brute force: the first word in shortlex order whose last-position prediction is wrong
    model = models.build("mamba", vocab_size=3, n_classes=3, layers=1, d_model=8)
    model.load_state_dict(torch.load(parity_checkpoint, weights_only=True)["state_dict"])
    model.eval()
    import itertools

    first = None
    for n in range(6):
        for word in itertools.product("01", repeat=n):
            with torch.no_grad():
                fired = (model(torch.tensor([[2, *map(int, word)]]))[0, -1] > 0).tolist()
            predicted = sorted(c for c, b in zip(("0", "1", "$"), fired, strict=True) if b)
            expected = sorted({"0", "1"} | ({"$"} if word.count("1") % 2 == 0 else set()))
            if predicted != expected:
                first = (list(word), expected, predicted)
                break
        if first:
            break
    assert (found["word"], found["expected"], found["predicted"]) == first


def test_human_output_names_the_word(parity_checkpoint):
    result = runner.invoke(app, ["counterexample", "--checkpoint", parity_checkpoint, "--language", "Parity"])
    assert result.exit_code == 1
    assert "shortest counterexample" in result.stdout and "bounded" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--language", "flipflop"], "does not match flipflop"),
    (["--language", "Paritee"], "unknown language 'Paritee'"),
    (["--max-length", "-1"], "--max-length must be >= 0"),
])
def test_bad_input_exits_2_with_one_line(parity_checkpoint, args, message):
    result = runner.invoke(app, ["counterexample", "--checkpoint", parity_checkpoint, *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_other_bad_input(tmp_path, parity_checkpoint):
    cases = [
        (["--construction", "nope_ssm"], "unknown SSM construction"),
        (["--construction", "parity_ssm", "--language", "flipflop"], "reads ['0', '1']"),
        (["--checkpoint", str(tmp_path / "none.pt")], "does not exist"),
        ([], "exactly one of --checkpoint"),
        (["--checkpoint", parity_checkpoint, "--construction", "parity_ssm"], "exactly one of"),
    ]
    for args, message in cases:
        result = runner.invoke(app, ["counterexample", *args])
        assert result.exit_code == 2, (args, result.stdout)
        assert message in result.stderr
    payload = torch.load(parity_checkpoint, weights_only=True)
    payload["arch"] = "lstm"
    torch.save(payload, tmp_path / "other.pt")
    result = runner.invoke(app, ["counterexample", "--checkpoint", str(tmp_path / "other.pt")])
    assert result.exit_code == 2 and "do not fit architecture 'lstm'" in result.stderr


def test_smoke_sweep_and_report_through_the_engine(tmp_path):
    from pathlib import Path

    from statecheck.training import commands

    if "sweep" not in {command.name for command in app.registered_commands}:
        commands.register(app)
    config = Path(language_commands.__file__).resolve().parent / "configs" / "grazzi_parity.toml"
    swept = runner.invoke(app, ["sweep", str(config), "--smoke", "--device", "cpu", "--out", str(tmp_path),
                                "--json"])
    assert swept.exit_code == 0, swept.stderr
    rows = [json.loads(line) for line in (tmp_path / "grazzi_parity_smoke.jsonl").read_text().splitlines()]
    assert [(r["language"], r["arch"]) for r in rows] == [
        ("parity", "mamba"), ("parity", "mamba_neg"), ("mod_arith(5)", "mamba"), ("mod_arith(5)", "mamba_neg")]
    assert all(r["task"] == "language" and r["metric"] == "scaled" and "scaled" in r["bins"][1] for r in rows)
    assert [r["words"] for r in rows] == ["random", "random", "members", "members"]
    again = runner.invoke(app, ["sweep", str(config), "--smoke", "--device", "cpu", "--out", str(tmp_path),
                                "--json"])
    assert json.loads(again.stdout)["already_done"] == 4  # cells are stable: a rerun skips them
    reported = runner.invoke(app, ["report", str(tmp_path / "grazzi_parity_smoke.jsonl"), "--out",
                                   str(tmp_path / "report"), "--json"])
    assert reported.exit_code == 0, reported.stderr
    assert (tmp_path / "report" / "language_report.md").read_text().count("| grazzi_parity | parity |") == 2


@pytest.mark.parametrize(("body", "message"), [
    ('protocol = "sarof"\n', "unknown protocol 'sarof'"),
    ('protocol = "sarrof_suite"\nlanguages = ["AAStar"]\n[lengths.AAStar]\ntrain = [2, 10]\nbins = [[3, 3]]\n',
     "aa_star has no member with a length in [3, 3]"),
    ('protocol = "sarrof_suite"\nlanguages = ["Tomita-9"]\n', "unknown language 'Tomita-9'"),
])
def test_bad_sweep_configs_exit_2_before_any_work(tmp_path, body, message):
    from statecheck.training import commands

    if "sweep" not in {command.name for command in app.registered_commands}:
        commands.register(app)
    config = tmp_path / "bad.toml"
    config.write_text('task = "language"\n' + body)
    result = runner.invoke(app, ["sweep", str(config), "--device", "cpu", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("out/*.jsonl"))  # no rows file: the error came before any work
