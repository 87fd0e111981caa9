"""Mamba (selective S6) in pure torch, with the non-negative gate ``A ∈ (0, 1]`` (``mamba``) or
the signed gate ``A ∈ (−1, 1]`` (``mamba_neg``), as token taggers.

Source: Gu & Dao 2023, *Mamba: Linear-Time Sequence Modeling with Selective State Spaces*, §3 and
Algorithm 2; the signed range is Grazzi, Siems, Franke, Zela, Hutter & Pontil 2025, *Unlocking
State-Tracking in Linear RNNs Through Negative Eigenvalues* (``A ↦ 2A − 1``). Merrill, Petty &
Sabharwal 2024 (Thm 4.4) place S6/Mamba in TC⁰; Sarrof, Veitsman & Hahn 2024 (Thm 2) show that
non-negative gates cannot do PARITY at finite precision.

Mixer, with ``E = expand·d_model`` inner channels and ``N = d_state`` states per channel:

- ``[x, z] = W_in·u``; ``x ← SiLU(causal depthwise conv₄(x))``;
- ``[δ, B_t, C_t] = W_x·x``, ``Δ_t = softplus(W_Δ·δ + b_Δ)`` (per channel, input dependent);
- gate ``Ā_t = exp(Δ_t · a)`` with ``a = −exp(A_log) < 0`` (so ``Ā ∈ (0, 1]``), or for
  ``mamba_neg`` ``Ā_t = 2·exp(Δ_t · a) − 1 ∈ (−1, 1]``;
- ``h_t = Ā_t ⊙ h_{t−1} + Δ_t·B_t·x_t`` (diagonal, ``E × N`` states);
- ``y_t = C_t·h_t + D ⊙ x_t``, output ``W_out·(y ⊙ SiLU(z))``.

The diagonal recurrence (``E·N`` independent channels) runs by the odd/even associative scan of
:mod:`statecheck.training.scan` (``mode="scan"``, default: depth ``2⌈log₂ T⌉``, ``O(T)`` work,
no logarithms, so the signed gates of ``mamba_neg`` are handled as they are) or step by step
(``mode="sequential"``, the reference the tests compare the scan against, forward and
gradients). Sequences longer than ``chunk`` (default 256) are cut into checkpointed time chunks
with the state carried across, so the ``(batch, T, E, N)`` gate/state tensors exist for one chunk
at a time and training memory grows with ``chunk``, not ``T``. No CUDA kernel (mamba-ssm does not
install without CUDA). Block: ``x ← x + Mixer(RMSNorm(x))``.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from statecheck.training.scan import SCANS, chunked, last_state
from statecheck.training.tagger import Residual, TokenTagger

__all__ = ["MambaMixer", "build_mamba", "build_mamba_neg", "SCAN_MODES", "DEFAULT_CHUNK"]

#: Recurrence modes of the scan-based models (names of :data:`statecheck.training.scan.SCANS`),
#: the parallel one first.
SCAN_MODES = ("scan", "sequential")

#: Default time-chunk length of the scan (longer sequences run in checkpointed chunks).
DEFAULT_CHUNK = 256


class MambaMixer(nn.Module):
    """The selective SSM mixer of one Mamba block.

    Parameters
    ----------
    d_model : int
        Model width.
    d_state : int
        States ``N`` per inner channel.
    expand : int
        Inner width ``E = expand · d_model``.
    conv : int
        Width of the causal depthwise convolution.
    signed : bool
        ``Ā = 2·exp(Δa) − 1 ∈ (−1, 1]`` instead of ``exp(Δa) ∈ (0, 1]``.
    mode : {"scan", "sequential"}
        How the recurrence is evaluated.
    chunk : int or None
        Time-chunk length of the scan (``None``: the whole sequence at once).
    """

    #: Evaluation modes, the default first.
    MODES = SCAN_MODES

    def __init__(self, d_model: int, *, d_state: int = 16, expand: int = 2, conv: int = 4,
                 signed: bool = False, mode: str = "scan", chunk: int | None = DEFAULT_CHUNK):
        super().__init__()
        inner = expand * d_model
        self.inner, self.d_state, self.signed, self.mode, self.chunk = inner, d_state, signed, mode, chunk
        self.dt_rank = math.ceil(d_model / 16)
        self.in_proj = nn.Linear(d_model, 2 * inner, bias=False)
        self.conv = nn.Conv1d(inner, inner, conv, groups=inner, padding=conv - 1)
        self.x_proj = nn.Linear(inner, self.dt_rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(self.dt_rank, inner)
        nn.init.uniform_(self.dt_proj.weight, -self.dt_rank ** -0.5, self.dt_rank ** -0.5)
        dt = torch.exp(torch.rand(inner) * (math.log(0.1) - math.log(0.001)) + math.log(0.001))
        with torch.no_grad():  # softplus⁻¹(dt): Δ starts log-uniform in [10⁻³, 10⁻¹]
            self.dt_proj.bias.copy_(dt + torch.log(-torch.expm1(-dt)))
        self.A_log = nn.Parameter(torch.log(torch.arange(1, d_state + 1, dtype=torch.float32)).repeat(inner, 1))
        self.D = nn.Parameter(torch.ones(inner))
        self.out_proj = nn.Linear(inner, d_model, bias=False)

    def gates(self, delta: torch.Tensor) -> torch.Tensor:
        """``Ā = exp(Δ·a)`` (or ``2·exp(Δ·a) − 1``), ``(batch, T, E, N)``, from ``Δ`` ``(batch, T, E)``."""
        decay = torch.exp(delta[..., None] * -torch.exp(self.A_log))
        return 2 * decay - 1 if self.signed else decay

    def _selective_scan(self, delta: torch.Tensor, x: torch.Tensor, b: torch.Tensor, c: torch.Tensor,
                        h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``y_t = C_t·h_t`` for one stretch of time, and the last state ``(batch, E·N)``."""
        batch, length, _ = x.shape
        gate = self.gates(delta).reshape(batch, length, -1)
        drive = ((delta * x)[..., None] * b[:, :, None, :]).reshape(batch, length, -1)
        states = SCANS[self.mode](gate, drive, h)
        y = (states.reshape(batch, length, self.inner, self.d_state) * c[:, :, None, :]).sum(-1)
        return y, last_state(states)

    def forward(self, u: torch.Tensor) -> torch.Tensor:
        """``(batch, T, d_model) → (batch, T, d_model)``, causal."""
        batch, length, _ = u.shape
        x, z = self.in_proj(u).chunk(2, dim=-1)
        x = F.silu(self.conv(x.transpose(1, 2))[..., :length].transpose(1, 2))
        dt, b, c = self.x_proj(x).split([self.dt_rank, self.d_state, self.d_state], dim=-1)
        delta = F.softplus(self.dt_proj(dt))
        h0 = u.new_zeros(batch, self.inner * self.d_state)
        chunk = None if self.mode == "sequential" else self.chunk
        y = chunked(self._selective_scan, (delta, x, b, c), h0, chunk=chunk)
        y = y + self.D * x
        return self.out_proj(y * F.silu(z))


def _build(spec: dict[str, Any], *, signed: bool, d_state: int, expand: int, chunk: int | None,
           mode: str) -> TokenTagger:
    d_model = spec["d_model"]
    blocks = [Residual(d_model, MambaMixer(d_model, d_state=d_state, expand=expand, signed=signed,
                                           chunk=chunk, mode=mode),
                       norm=nn.RMSNorm(d_model))
              for _ in range(spec["layers"])]
    return TokenTagger(spec, nn.Sequential(*blocks))


def build_mamba(spec: dict[str, Any], *, d_state: int = 16, expand: int = 2,
                chunk: int | None = DEFAULT_CHUNK, mode: str = "scan") -> TokenTagger:
    """A Mamba token tagger with non-negative gates ``Ā ∈ (0, 1]`` (``layers`` residual blocks)."""
    return _build(spec, signed=False, d_state=d_state, expand=expand, chunk=chunk, mode=mode)


def build_mamba_neg(spec: dict[str, Any], *, d_state: int = 16, expand: int = 2,
                    chunk: int | None = DEFAULT_CHUNK, mode: str = "scan") -> TokenTagger:
    """A Mamba token tagger with signed gates ``Ā = 2·exp(Δa) − 1 ∈ (−1, 1]`` (Grazzi et al. 2025)."""
    return _build(spec, signed=True, d_state=d_state, expand=expand, chunk=chunk, mode=mode)
