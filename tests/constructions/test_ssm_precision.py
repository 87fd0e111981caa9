"""Precision reports and the ``statecheck precision`` command (statecheck.constructions.precision)."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from statecheck.constructions import ssm_commands
from statecheck.constructions.precision import precision_report
from statecheck.constructions.ssm_registry import CONSTRUCTIONS, build, get_construction
from statecheck.errors import BadParameterError, UnknownNameError


@pytest.mark.parametrize("name", ["dyck1", "anbn"])
def test_bf16_counter_sticks_at_256(name):
    # The stress word is x^300 y^300. bf16 keeps 8 significant bits: 257 is the first integer it
    # cannot hold, so the counter leaves the exact run at length 257 (256 + 1 rounds to 256,
    # ties to even) in every summation order. Sequentially it then stays at 256; after j of the
    # closing symbols it reads 256 − j, which hits 0 at j = 256 while the exact count is still
    # 44: the readout first differs at length 300 + 256 = 556. fp16 (11 bits) and fp32 hold
    # every count up to 600.
    report = precision_report(name, length=600, samples=0)
    for mode in ("sequential", "scan", "chunked"):
        assert report.row("bf16", mode).state_deviation == 257
        for dtype in ("fp16", "fp32"):
            row = report.row(dtype, mode)
            assert row.state_deviation is None and row.output_deviation is None
    assert report.row("bf16", "sequential").output_deviation == 556
    assert "bf16: state 257, output 556" in report.summary()
    assert "fp16: none up to 600" in report.summary()


def test_parity_and_flipflop_never_leave_the_exact_run():
    # every state value is in {−1, +1} resp. {0, 1, 2, 3}: exact in every float type
    for name in ("parity", "flipflop"):
        report = precision_report(name, length=300, samples=0)
        assert all(r.state_deviation is None and r.output_deviation is None for r in report.rows)
        assert len(report.rows) == 9  # 3 dtypes x 3 modes


def test_report_rejects_bad_input():
    with pytest.raises(UnknownNameError, match="known: flipflop"):
        precision_report("dyck2")
    with pytest.raises(BadParameterError, match="no parameter 'n'"):
        precision_report("dyck", n=3)
    with pytest.raises(BadParameterError, match="k must be"):
        precision_report("dyck", k=0, samples=0)
    with pytest.raises(BadParameterError, match="length"):
        precision_report("parity", length=0)
    with pytest.raises(BadParameterError, match="mode"):
        precision_report("parity", length=5, modes=("parallel",))


def test_registry_names_and_stress_words():
    assert set(CONSTRUCTIONS) == {"flipflop", "dyck", "dyck1", "shuffle_dyck", "anbn", "anbncn",
                                  "parity", "mod_counter"}
    assert get_construction("dyck_ssm") is CONSTRUCTIONS["dyck"]
    for construction in CONSTRUCTIONS.values():
        _, params, model = build(construction.name)
        _, word = construction.stress(40, params)
        assert 0 < len(word) <= 40
        if model.semantics == "predictive":  # a member (recognition tasks take any word)
            assert "$" in model.next_symbols(word), construction.name


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """statecheck (test harness)."""

    ssm_commands.register(app)
    return app


def test_cli_precision_json_and_errors():
    runner = CliRunner()
    result = runner.invoke(_app(), ["precision", "anbn", "--length", "600", "--samples", "0", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = {(r["dtype"], r["mode"]): r for r in data["rows"]}
    assert rows[("bf16", "sequential")]["output_deviation"] == 556
    assert data["length"] == 600
    table = runner.invoke(_app(), ["precision", "parity", "--length", "20", "--samples", "0"])
    assert table.exit_code == 0 and "none up to 20" in table.output
    for args in (["precision", "nope"], ["precision", "dyck", "--param", "k=0"],
                 ["precision", "dyck", "--param", "q=1"], ["precision", "parity", "--length", "0"],
                 ["precision", "parity", "--samples", "-1"]):
        bad = runner.invoke(_app(), args)
        assert bad.exit_code == 2, args
        assert "Traceback" not in bad.output
