"""Mamba-style parameterisation of a diagonal layer with ``A ∈ [0, 1]``: ``A = exp(−Δ·a)``, ``Δ = softplus(z)``.

Source: Gu & Dao 2023, *Mamba* (§3, the selective SSM: ``Ā = exp(Δ·A)`` with ``A = −exp(A_log)``
negative and ``Δ = softplus(Linear(x) + bias)``); Sarrof et al. 2024, §2 (this is why Mamba's
gates lie in ``(0, 1)`` and are non-negative).

For a layer whose every ``A(u)`` lies in ``[0, 1]`` we choose, per input ``u`` and coordinate
``i``, a pre-activation ``z_i(u)`` with

    ``A_i(u) = exp(−softplus(z_i(u)) · a)``,   ``a > 0`` fixed (``A = −a`` in Mamba's notation).

``A = 1`` needs ``Δ = 0`` and ``A = 0`` needs ``Δ = ∞``; neither is reachable, but in floating
point they become *exact* once ``exp(−Δ·a)`` rounds to 1 or underflows to 0:

- :func:`reset_delta` — the least ``Δ`` (representable in the dtype) with ``exp(−Δ·a) = 0``;
  with ``a = 1``: fp16 17.34 (``2^−25`` rounds to 0), bf16 93.0 (``2^−134``), fp32 103.97
  (``2^−150`` rounds to 0);
- :func:`keep_delta` — the largest ``Δ`` with ``exp(−Δ·a) = 1`` (``Δ·a`` below half an ulp of 1).

Values strictly inside ``(0, 1)`` use ``Δ = −ln(A)/a`` and are then only approximate.
``B`` stays direct: Mamba's ``B̄(u) = Δ(u)·B'(u)`` is the same map with ``B'(u) = B(u)/Δ(u)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import torch

from statecheck.constructions.ssm import SSMLayer
from statecheck.constructions.ssm_torch import resolve_dtype
from statecheck.errors import BadParameterError

__all__ = ["reset_delta", "keep_delta", "reset_preactivation", "keep_preactivation",
           "MambaParameters", "mamba_parameters"]

_INT = {16: torch.int16, 32: torch.int32, 64: torch.int64}


def _from_pattern(pattern: int, dtype: torch.dtype) -> torch.Tensor:
    return torch.tensor([pattern], dtype=_INT[torch.finfo(dtype).bits]).view(dtype)


def _least_pattern(predicate, dtype: torch.dtype) -> torch.Tensor:
    """The least non-negative float (by bit pattern) satisfying a monotone ``predicate``."""
    high = int(torch.tensor([torch.finfo(dtype).max], dtype=dtype).view(_INT[torch.finfo(dtype).bits]).item())
    low = 0
    if not predicate(_from_pattern(high, dtype)):
        raise BadParameterError(f"no finite {dtype} value satisfies the condition")
    while low < high:
        middle = (low + high) // 2
        if predicate(_from_pattern(middle, dtype)):
            high = middle
        else:
            low = middle + 1
    return _from_pattern(low, dtype)


def _check_a(a: float) -> float:
    if not isinstance(a, (int, float)) or not a > 0 or math.isinf(a):
        raise BadParameterError(f"a must be a positive finite number, got {a!r}")
    return float(a)


def reset_delta(dtype: Any = torch.float32, a: float = 1.0) -> float:
    """The least ``Δ`` in ``dtype`` at which ``exp(−Δ·a)`` (computed in ``dtype``) is exactly 0.

    Parameters
    ----------
    dtype : torch.dtype or str
        fp16, bf16, fp32 or fp64.
    a : float
        The decay rate ``a > 0``.
    """
    dtype, a = resolve_dtype(dtype), _check_a(a)
    rate = torch.tensor([a], dtype=dtype)
    return _least_pattern(lambda d: bool(torch.exp(-(d * rate)) == 0), dtype).item()


def keep_delta(dtype: Any = torch.float32, a: float = 1.0) -> float:
    """The largest ``Δ`` in ``dtype`` at which ``exp(−Δ·a)`` (computed in ``dtype``) is exactly 1."""
    dtype, a = resolve_dtype(dtype), _check_a(a)
    rate = torch.tensor([a], dtype=dtype)
    first_below = _least_pattern(lambda d: bool(torch.exp(-(d * rate)) < 1), dtype)
    return torch.nextafter(first_below, torch.zeros_like(first_below)).item()


def reset_preactivation(dtype: Any = torch.float32, a: float = 1.0) -> float:
    """The least ``z`` with ``exp(−softplus(z)·a) = 0`` in ``dtype`` (a reset, ``A = 0``)."""
    dtype, a = resolve_dtype(dtype), _check_a(a)
    rate = torch.tensor([a], dtype=dtype)
    return _least_pattern(
        lambda z: bool(torch.exp(-torch.nn.functional.softplus(z) * rate) == 0), dtype).item()


def keep_preactivation(dtype: Any = torch.float32, a: float = 1.0) -> float:
    """The greatest ``z`` with ``exp(−softplus(z)·a) = 1`` in ``dtype`` (a keep, ``A = 1``)."""
    dtype, a = resolve_dtype(dtype), _check_a(a)
    rate = torch.tensor([a], dtype=dtype)
    magnitude = _least_pattern(
        lambda m: bool(torch.exp(-torch.nn.functional.softplus(-m) * rate) == 1), dtype)
    return -magnitude.item()


@dataclass(frozen=True)
class MambaParameters:
    """Pre-activations realising a layer's ``A`` table as ``exp(−softplus(z)·a)`` in one dtype.

    Attributes
    ----------
    dtype : torch.dtype
        The float type the values were chosen (and checked) for.
    a : float
        The decay rate.
    pre_activation : Tensor
        ``(n_inputs, d)``: ``z_i(u)``, row ``u`` in the layer's input order.
    A : Tensor
        ``exp(−softplus(z)·a)`` computed in ``dtype``.
    exact : bool
        True iff ``A`` equals the layer's exact table entry for entry (always the case when every
        exact ``A`` is 0 or 1).
    """

    dtype: torch.dtype
    a: float
    pre_activation: torch.Tensor
    A: torch.Tensor
    exact: bool


def mamba_parameters(layer: SSMLayer, dtype: Any = torch.float32, *, a: float = 1.0,
                     margin: float = 2.0) -> MambaParameters:
    """Choose ``z(u)`` so that ``exp(−softplus(z(u))·a)`` reproduces ``layer``'s ``A`` table.

    ``A = 0`` uses ``z = margin · reset_preactivation``, ``A = 1`` uses
    ``z = margin · keep_preactivation`` (both exact in ``dtype`` for ``margin ≥ 1``), and
    ``0 < A < 1`` uses ``z = log(expm1(−ln(A)/a))`` (approximate).

    Raises
    ------
    BadParameterError
        A matrix layer, an ``A`` outside ``[0, 1]``, or ``margin < 1``.
    """
    dtype, a = resolve_dtype(dtype), _check_a(a)
    if layer.is_matrix:
        raise BadParameterError(f"{layer.name} is a matrix layer; the Mamba form needs a diagonal one")
    if not margin >= 1:
        raise BadParameterError(f"margin must be at least 1, got {margin!r}")
    values = [x for row in layer.A_table for x in row]
    outside = [x for x in values if not 0 <= x <= 1]
    if outside:
        raise BadParameterError(
            f"{layer.name} has A = {outside[0]} outside [0, 1]; the Mamba form exp(-softplus(z)*a) "
            "only reaches [0, 1]"
        )
    reset, keep = margin * reset_preactivation(dtype, a), margin * keep_preactivation(dtype, a)
    z = [reset if x == 0 else keep if x == 1 else math.log(math.expm1(-math.log(x) / a)) for x in values]
    pre = torch.tensor(z, dtype=torch.float64).to(dtype).reshape(len(layer.inputs), layer.dim)
    A = torch.exp(-torch.nn.functional.softplus(pre) * torch.tensor(a, dtype=dtype))
    target = torch.tensor([float(x) for x in values], dtype=torch.float64).reshape(A.shape)
    return MambaParameters(dtype=dtype, a=a, pre_activation=pre, A=A,
                           exact=bool(torch.equal(A.to(torch.float64), target)))
