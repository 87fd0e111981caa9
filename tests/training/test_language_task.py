"""The language sweep task: config expansion (the four protocol configs, bad keys, bad bins,
equal learning rates across depths), one smoke cell end to end, the report's contradiction marks."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import tomllib

from statecheck.errors import BadParameterError, UnknownNameError
from statecheck.training import language_task
from statecheck.training.language_data import LengthBinError

CONFIGS = Path(language_task.__file__).resolve().parent / "configs"


def load(name):
    with open(CONFIGS / f"{name}.toml", "rb") as handle:
        return tomllib.load(handle)


pytestmark = pytest.mark.usefixtures("one_thread")


def test_full_configs_expand_to_the_protocols():
    suite = language_task.expand(load("sarrof_suite"), smoke=False)
    assert len({c["language"] for c in suite}) == 27
    assert {c["arch"] for c in suite} == {"mamba", "transformer", "lstm"}
    assert {c["layers"] for c in suite} == {1, 2, 3}
    parity = next(c for c in suite if c["language"] == "Parity")
    assert parity["train_lengths"] == [2, 50] and parity["bins"] == [[2, 50], [51, 100]]
    assert all(c["protocol"] == "sarrof_suite" for c in suite)
    assert "heads" not in next(c for c in suite if c["arch"] == "mamba")["model_options"]
    assert next(c for c in suite if c["arch"] == "transformer")["model_options"] == {"heads": 4}
    flip = language_task.expand(load("flipflop"), smoke=False)
    assert {c["language"]: c["language_params"]["p_i"] for c in flip} == {"FFL(0.8)": 0.8, "FFL(0.98)": 0.98}
    grazzi = language_task.expand(load("grazzi_parity"), smoke=False)
    assert {c["arch"] for c in grazzi} == {"mamba", "mamba_neg", "lstm", "transformer"}
    assert grazzi[0]["bins"] == [[3, 40], [40, 256]] and grazzi[0]["metric"] == "scaled"
    assert {(c["language"], c["words"]) for c in grazzi} == {("parity", "random"), ("mod_arith(5)", "members")}


def test_mod_arith_cell_scales_the_answer_by_the_majority_value():
    config = {**load("grazzi_parity"), "languages": [{"name": "mod_arith", "params": {"modulus": 5},
                                                       "words": "members"}]}
    cell = language_task.expand(config, smoke=True)[0]
    record = language_task.run_cell(cell, device="cpu")
    for entry in record["bins"]:
        assert 0.2 <= entry["chance"] < 1  # at least uniform over five values
        assert entry["scaled"] == pytest.approx((entry["answer"] - entry["chance"]) / (1 - entry["chance"]))
        assert entry["primary"] == entry["scaled"]
    with pytest.raises(BadParameterError, match="words of 'mod_arith'"):
        language_task.expand({**config, "languages": [{"name": "mod_arith", "words": "some"}]}, smoke=True)


def test_bounded_dyck_runs_every_learning_rate_at_every_depth():
    cells = language_task.expand(load("bounded_dyck"), smoke=False)
    pairs = {(c["layers"], c["train"]["lr"], c["d_model"]) for c in cells}
    assert pairs == {(depth, lr, width) for depth in (1, 2) for lr in (1e-3, 1e-4) for width in (20, 40, 60, 80, 100)}
    assert cells[0]["language_params"] == {"k": 8, "h": 10} and cells[0]["bins"][1] == [701, 1400]


@pytest.mark.parametrize("name", ["sarrof_suite", "flipflop", "bounded_dyck", "grazzi_parity"])
def test_smoke_configs_are_small(name):
    cells = language_task.expand(load(name), smoke=True)
    assert 1 <= len(cells) <= 4  # grazzi_parity: two languages x two archs
    assert all(c["train"]["max_steps"] <= 50 and c["train_size"] <= 100 and c["bins"][-1][1] <= 48 for c in cells)


def test_bad_configs_name_the_problem():
    config = load("sarrof_suite")
    with pytest.raises(BadParameterError, match=r"unknown key\(s\) \['langauges'\]"):
        language_task.expand({**config, "langauges": ["Parity"]}, smoke=False)
    with pytest.raises(UnknownNameError, match="unknown protocol 'sarof'"):
        language_task.expand({**config, "protocol": "sarof"}, smoke=False)
    with pytest.raises(UnknownNameError, match="Paritee"):
        language_task.expand({**config, "languages": ["Paritee"]}, smoke=False)
    with pytest.raises(UnknownNameError, match="unknown architecture 'mamba3'"):
        language_task.expand({**config, "archs": ["mamba3"]}, smoke=False)
    with pytest.raises(BadParameterError, match=r"unknown \[model\] option\(s\) \['headz'\]"):
        language_task.expand({**config, "model": {"headz": 2}}, smoke=False)
    bad_bin = copy.deepcopy(config)
    bad_bin["languages"] = ["AAStar"]
    bad_bin["lengths"] = {"AAStar": {"train": [2, 10], "bins": [[3, 3]]}}
    with pytest.raises(LengthBinError, match=r"aa_star has no member with a length in \[3, 3\]"):
        language_task.expand(bad_bin, smoke=False)
    with pytest.raises(BadParameterError, match="not a suite dataset"):
        language_task.expand({**config, "languages": ["tomita4"]}, smoke=False)
    with pytest.raises(BadParameterError, match=r"\[smoke\]"):
        language_task.expand({k: v for k, v in config.items() if k != "smoke"}, smoke=True)


def test_a_smoke_cell_runs_end_to_end(tmp_path):
    cell = next(c for c in language_task.expand(load("sarrof_suite"), smoke=True) if c["language"] == "Parity")
    record = language_task.run_cell({**cell, "checkpoint_dir": str(tmp_path)}, device="cpu")
    assert record["task"] == "language"
    assert [b["lengths"] for b in record["bins"]] == [[2, 12], [13, 24]]
    assert all(b["n"] == 16 and 0 <= b["threshold"] <= 1 and 0 <= b["argmax"] <= 1 for b in record["bins"])
    # Sarrof et al. 2024, Thm 2: no non-negative finite-precision SSM does PARITY
    assert record["theory"]["expressible"] is False and record["theory"]["class"] == "ACC0"
    assert record["counterexample"]["max_length"] == 4
    assert record["device"] == "cpu" and record["seconds"] > 0
    from statecheck.theory.languages import get
    from statecheck.training.counterexample import load_checkpoint

    model, meta = load_checkpoint(record["checkpoint"], language=get("parity"))
    assert meta["arch"] == "mamba" and meta["build"]["layers"] == 1 and meta["params"]["cell"]["seed"] == 0


def synthetic(language, arch, expressible, scores, family="star-free"):
    return {"task": "language", "protocol": "sarrof_suite", "language": language, "arch": arch, "layers": 1,
            "d_model": 8, "seed": 0, "metric": "threshold", "train_size": 10, "test_size": 5,
            "train": {"lr": 1e-3, "max_steps": 5}, "curve": [], "device": "cpu",
            "environment": {"device_name": "test"}, "counterexample": None,
            "theory": {"family": family, "class": "AC0", "monoid_size": 3, "expressible": expressible,
                       "verdict_architecture": "v", "source": "s"},
            "bins": [{"bin": i, "lengths": [i, i + 1], "primary": s, "argmax": s} for i, s in enumerate(scores)]}


def test_report_marks_and_explains_each_contradiction(tmp_path):
    records = [
        synthetic("Parity", "mamba", False, [1.0, 0.95], "non-star-free"),  # above the theory
        synthetic("Tomita-4", "mamba", True, [1.0, 0.4]),                    # below the theory
        synthetic("Tomita-1", "mamba", True, [1.0, 1.0]),                    # as predicted
        synthetic("Dyck1", "transformer", "open", [0.2, 0.0], "counter"),    # no verdict: no mark
        {"task": "word_problem"},                                              # another task: ignored
    ]
    paths = language_task.report(records, tmp_path)
    assert [p.name for p in paths] == ["language_report.md", "language_classes.png"]
    text = paths[0].read_text()
    rows = {line.split(" | ")[1]: line for line in text.splitlines() if line.startswith("| sarrof_suite")}
    assert "▲" in rows["Parity"] and "▼" in rows["Tomita-4"]
    assert "▲" not in rows["Tomita-1"] and "▼" not in rows["Tomita-1"] and "▼" not in rows["Dyck1"]
    contradictions = text.split("## Contradictions")[1].split("## Notes")[0]
    assert contradictions.count("\n- ") == 2 and "**Parity / mamba" in contradictions
    assert paths[1].stat().st_size > 1000
    with pytest.raises(BadParameterError, match="no language records"):
        language_task.report([{"task": "word_problem"}], tmp_path)


def test_published_numbers_equal_the_vendored_csv():
    import csv

    path = Path(__file__).resolve().parents[1] / "data" / "sarrof_2024_mamba_vs_transformer.csv"
    with open(path) as handle:
        rows = list(csv.DictReader(handle))
    published = language_task.PUBLISHED
    assert len(published) == 27
    csv_total = sum(float(r[k]) for r in rows for k in ("bin1_accuracy", "bin2_accuracy", "bin3_accuracy") if r[k])
    assert sum(sum(v) for models in published.values() for v in models.values()) == pytest.approx(csv_total)
    parity = {r["model"]: r for r in rows if r["language"] == "Parity"}
    assert published["Parity"]["Mamba3"] == (float(parity["Mamba3"]["bin1_accuracy"]),
                                             float(parity["Mamba3"]["bin2_accuracy"]))
