"""Mamba-style parameterisation A = exp(−softplus(z)·a) (statecheck.constructions.ssm_mamba)."""

from __future__ import annotations

import math

import pytest
import torch

from statecheck.constructions.dyck_ssm import dyck_ssm
from statecheck.constructions.flipflop_ssm import flipflop_ssm
from statecheck.constructions.parity_ssm import mod_counter_ssm, parity_ssm
from statecheck.constructions.ssm_mamba import (
    keep_delta,
    keep_preactivation,
    mamba_parameters,
    reset_delta,
    reset_preactivation,
)
from statecheck.errors import BadParameterError


def _least_above(threshold: float, spacing: float) -> float:
    """The least multiple of ``spacing`` that is >= ``threshold`` (the dtype's grid near it)."""
    return math.ceil(threshold / spacing) * spacing


def test_reset_delta_is_where_exp_underflows():
    # exp(−Δ) rounds to 0 once it is below half the least subnormal: 2^-25 (fp16), 2^-134
    # (bf16), 2^-150 (fp32); i.e. Δ > m·ln 2. Spacing of the dtype near Δ: fp16 2^-6 in
    # [16, 32), bf16 2^-1 in [64, 128), fp32 2^-17 in [64, 128).
    assert reset_delta("fp16") == _least_above(25 * math.log(2), 2.0 ** -6) == 17.34375
    assert reset_delta("bf16") == _least_above(134 * math.log(2), 0.5) == 93.0
    fp32 = _least_above(150 * math.log(2), 2.0 ** -17)
    assert reset_delta("fp32") in (fp32, fp32 + 2.0 ** -17)  # exp's last-ulp accuracy
    assert reset_delta("fp32", a=2.0) == pytest.approx(reset_delta("fp32") / 2, rel=1e-6)


def test_keep_delta_is_half_an_ulp_below_one():
    # exp(−Δ) rounds to 1 while Δ ≤ half the spacing just below 1: 2^-12, 2^-9, 2^-25.
    assert keep_delta("fp16") == 2.0 ** -12
    assert keep_delta("bf16") == 2.0 ** -9
    assert keep_delta("fp32") == 2.0 ** -25


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.float32])
def test_preactivations_give_exact_zero_and_one(dtype):
    def gate(z):
        return torch.exp(-torch.nn.functional.softplus(z)).item()

    reset = torch.tensor([reset_preactivation(dtype)], dtype=dtype)
    keep = torch.tensor([keep_preactivation(dtype)], dtype=dtype)
    assert gate(reset) == 0.0 and gate(keep) == 1.0
    # the neighbouring values of the dtype are no longer exact: these are the thresholds
    assert gate(torch.nextafter(reset, torch.zeros_like(reset))) > 0.0
    assert gate(torch.nextafter(keep, torch.ones_like(keep))) < 1.0


@pytest.mark.parametrize("dtype", ["fp16", "bf16", "fp32"])
def test_mamba_form_reproduces_the_flipflop_and_dyck_gates(dtype):
    for model in (flipflop_ssm(), dyck_ssm(3, 3)):
        for layer in model.layers:
            params = mamba_parameters(layer, dtype)
            assert params.exact
            expected = torch.tensor([[float(x) for x in row] for row in layer.A_table])
            assert torch.equal(params.A.float(), expected)


def test_mamba_module_runs_like_the_direct_one():
    model = flipflop_ssm()
    words = [["w", "1", "i", "0", "r", "1", "w", "0", "r", "0"]]
    for dtype in ("bf16", "fp32"):
        direct = model.to_torch(dtype).run_words(words)
        mamba = model.to_torch(dtype, parameterisation="mamba").run_words(words, mode="sequential")
        assert mamba == direct
        assert mamba[0][-1] == frozenset({"w", "r", "i", "$"})


def test_mamba_form_refuses_what_it_cannot_express():
    with pytest.raises(BadParameterError, match="outside"):
        mamba_parameters(parity_ssm().layers[0])  # A = −1
    with pytest.raises(BadParameterError, match="matrix"):
        mamba_parameters(mod_counter_ssm(3).layers[0])
    with pytest.raises(BadParameterError, match="margin"):
        mamba_parameters(flipflop_ssm().layers[0], margin=0.5)
    with pytest.raises(BadParameterError, match="positive"):
        reset_delta("fp32", a=0)
    with pytest.raises(BadParameterError, match="parameterisation"):
        flipflop_ssm().to_torch(parameterisation="s4")
