"""S4D: a time-invariant diagonal state-space layer (Gu, Gupta, Goel & Ré 2022, *On the
Parameterization and Initialization of Diagonal State Space Models*), as a token tagger.

Per channel ``c`` (``d_model`` channels) and state ``n`` (``d_state / 2`` complex pairs):

- ``A_{c,n} = −exp(log_a_real) + i·a_imag`` (S4D-Lin init: ``−1/2 + iπn``), step
  ``Δ_c = exp(log_dt_c)`` (init log-uniform in ``[10⁻³, 10⁻¹]``);
- zero-order hold: ``Ā = exp(Δ·A)``, ``B̄ = (exp(Δ·A) − 1) / A`` (``B = 1``, folded into ``C``);
- recurrence ``h_t = Ā ⊙ h_{t−1} + B̄·u_t``, output ``y_t = 2·Re(Σ_n C_n h_{t,n}) + D·u_t``.

Because ``Ā`` does not depend on the input, the whole layer is the causal convolution
``y = K * u + D·u`` with kernel ``K_k = 2·Re(Σ_n C_n B̄_n Ā_n^k)``; the default
``mode="convolution"`` computes it with an FFT (``O(T log T)``), ``mode="sequential"`` runs the
recurrence step by step (used in tests to check the convolution). The complex parameters are
stored as real pairs. Merrill, Petty & Sabharwal 2024 (Thm 4.2) place S4 in TC⁰.

Block: ``x ← x + W_out·GELU(S4D(LN(x)))`` then ``x ← x + MLP(LN(x))``.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from statecheck.training.tagger import FeedForward, Residual, TokenTagger

__all__ = ["S4DLayer", "build_s4", "S4D_MODES"]

#: Evaluation modes of :class:`S4DLayer`.
S4D_MODES = ("convolution", "sequential")


class S4DLayer(nn.Module):
    """One S4D layer on ``d_model`` channels with ``d_state`` real state dimensions per channel.

    Parameters
    ----------
    d_model : int
        Channels.
    d_state : int
        State size per channel (even: ``d_state / 2`` complex modes).
    mode : {"convolution", "sequential"}
        FFT convolution (default) or the step-by-step recurrence.
    """

    #: Evaluation modes, the parallel one first.
    MODES = S4D_MODES

    def __init__(self, d_model: int, d_state: int = 32, *, mode: str = "convolution"):
        super().__init__()
        modes = max(1, d_state // 2)
        log_dt = torch.rand(d_model) * (math.log(0.1) - math.log(0.001)) + math.log(0.001)
        self.log_dt = nn.Parameter(log_dt)
        self.log_a_real = nn.Parameter(torch.full((d_model, modes), math.log(0.5)))
        self.a_imag = nn.Parameter(math.pi * torch.arange(modes, dtype=torch.float32).expand(d_model, modes).clone())
        self.c_real = nn.Parameter(torch.randn(d_model, modes) * math.sqrt(0.5))
        self.c_imag = nn.Parameter(torch.randn(d_model, modes) * math.sqrt(0.5))
        self.skip = nn.Parameter(torch.randn(d_model))
        self.mode = mode

    def discretised(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """``(Ā, B̄, C)`` as complex ``(d_model, modes)`` tensors (zero-order hold)."""
        a = torch.complex(-torch.exp(self.log_a_real), self.a_imag)
        dt_a = torch.exp(self.log_dt)[:, None] * a
        a_bar = torch.exp(dt_a)
        b_bar = (a_bar - 1) / a
        return a_bar, b_bar, torch.complex(self.c_real, self.c_imag)

    def kernel(self, length: int) -> torch.Tensor:
        """The real convolution kernel ``K_k = 2·Re(Σ_n C_n B̄_n Ā_n^k)``, ``(d_model, length)``."""
        a = torch.complex(-torch.exp(self.log_a_real), self.a_imag)
        dt_a = torch.exp(self.log_dt)[:, None] * a
        b_bar = (torch.exp(dt_a) - 1) / a
        c = torch.complex(self.c_real, self.c_imag)
        # Ā^k = exp(k·Δ·A), computed directly rather than by repeated products
        powers = torch.exp(dt_a[..., None] * torch.arange(length, device=dt_a.device))
        return 2 * torch.einsum("dn,dnk->dk", c * b_bar, powers).real

    def forward(self, u: torch.Tensor) -> torch.Tensor:
        """``(batch, T, d_model) → (batch, T, d_model)``."""
        length = u.shape[1]
        if self.mode == "sequential":
            a_bar, b_bar, c = self.discretised()
            h = torch.zeros(u.shape[0], *a_bar.shape, dtype=a_bar.dtype, device=u.device)
            outputs = []
            for u_t in u.unbind(1):
                h = a_bar * h + b_bar * u_t[..., None]
                outputs.append(2 * torch.einsum("dn,bdn->bd", c, h).real)
            y = torch.stack(outputs, dim=1)
        else:
            k = self.kernel(length)
            n = 2 * length
            spectrum = torch.fft.rfft(u.transpose(1, 2), n=n) * torch.fft.rfft(k, n=n)
            y = torch.fft.irfft(spectrum, n=n)[..., :length].transpose(1, 2)
        return y + self.skip * u


class _S4DMixer(nn.Module):
    def __init__(self, d_model: int, d_state: int, mode: str):
        super().__init__()
        self.ssm = S4DLayer(d_model, d_state, mode=mode)
        self.out = nn.Linear(d_model, d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(nn.functional.gelu(self.ssm(x)))


def build_s4(spec: dict[str, Any], *, d_state: int = 32, mode: str = "convolution") -> TokenTagger:
    """An S4D token tagger: ``layers`` blocks of (S4D mixer, MLP), each pre-norm residual."""
    d_model = spec["d_model"]
    blocks = []
    for _ in range(spec["layers"]):
        blocks.append(Residual(d_model, _S4DMixer(d_model, d_state, mode)))
        blocks.append(Residual(d_model, FeedForward(d_model)))
    return TokenTagger(spec, nn.Sequential(*blocks))
