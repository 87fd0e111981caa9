"""IDS4: an SSM whose dense transition matrix is an affine function of the input (Merrill, Petty &
Sabharwal 2024, *The Illusion of State in State-Space Models*, §5.2, Thm 5.2), as a token tagger.

Per layer, with ``N = d_state`` states and the layer input ``x_t ∈ ℝ^d``:

- ``A(x_t) = A₀ + Σ_k x_{t,k} A_k`` (a dense ``N × N`` matrix, affine in ``x_t``: one
  ``nn.Linear(d, N²)`` whose bias is ``A₀`` and whose weights are the ``A_k``);
- initialisation: ``A₀ = ρ·I`` with ``ρ = √(1 − v)``, entries of ``A_k`` drawn from
  ``𝒩(0, σ²)`` with ``σ = √(v / (d·N))``, ``v = 0.1``. For a layer input with ``‖x‖² ≈ d`` (it
  comes out of a LayerNorm) this gives ``E‖A(x) h‖² = (ρ² + N·d·σ²)‖h‖² = ‖h‖²``, so the
  state neither explodes nor vanishes in expectation at initialisation, also at long ``T``
  (with ``A₀ = I`` the squared norm would grow by ``1 + v`` per step);
- ``b(x_t) = W_b x_t``; recurrence ``h_t = A(x_t) h_{t−1} + b(x_t)``, ``h_{−1} = 0``;
- output ``y_t = W_out h_t``.

Thm 5.2: with ``A(σ)`` the transition matrices of a DFA (one-hot states), one such layer
recognises every regular language — the word problem of any finite group included. The
recurrence is a product of input-dependent matrices, so it runs by the log-depth odd/even
associative scan of matrices of :func:`statecheck.training.scan.tree_scan` (``mode="scan"``,
default: depth ``2⌈log₂ T⌉``, ``T − 1`` matrix products) or step by step (``"sequential"``, the
reference in tests). Sequences longer than ``chunk`` (default 256) run in checkpointed time
chunks with the state carried across (memory grows with ``chunk``, not ``T``).

Block: ``x ← x + IDS4(LN(x))`` then ``x ← x + MLP(LN(x))``.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from statecheck.training.scan import SCANS, chunked
from statecheck.training.tagger import FeedForward, Residual, TokenTagger

__all__ = ["IDS4Layer", "build_ids4", "IDS4_MODES", "DEFAULT_CHUNK", "INIT_VARIANCE"]

#: Evaluation modes of :class:`IDS4Layer`, the parallel one first.
IDS4_MODES = ("scan", "sequential")

#: Default time-chunk length of the scan.
DEFAULT_CHUNK = 256

#: ``v``: the share of ``E‖A(x)h‖²`` that the input-dependent part carries at initialisation.
INIT_VARIANCE = 0.1


class IDS4Layer(nn.Module):
    """One input-dependent dense SSM layer ``h_t = A(x_t) h_{t−1} + W_b x_t``, ``y_t = W_out h_t``.

    Parameters
    ----------
    d_model : int
        Input and output width.
    d_state : int
        State size ``N``.
    mode : {"scan", "sequential"}
        How the matrix recurrence is evaluated.
    chunk : int or None
        Time-chunk length of the scan (``None``: the whole sequence at once).
    """

    #: Evaluation modes, the default first.
    MODES = IDS4_MODES

    def __init__(self, d_model: int, d_state: int = 16, *, mode: str = "scan",
                 chunk: int | None = DEFAULT_CHUNK):
        super().__init__()
        self.d_state, self.mode, self.chunk = d_state, mode, chunk
        self.transition = nn.Linear(d_model, d_state * d_state)
        rho = math.sqrt(1 - INIT_VARIANCE)  # A₀ = ρ·I
        sigma = math.sqrt(INIT_VARIANCE / (d_model * d_state))  # A_k entries ~ 𝒩(0, σ²)
        nn.init.normal_(self.transition.weight, std=sigma)
        with torch.no_grad():
            self.transition.bias.copy_(rho * torch.eye(d_state).flatten())
        self.inject = nn.Linear(d_model, d_state, bias=False)
        self.readout = nn.Linear(d_state, d_model)

    def matrices(self, x: torch.Tensor) -> torch.Tensor:
        """``A(x_t)`` for every position, ``(batch, T, N, N)``."""
        return self.transition(x).unflatten(-1, (self.d_state, self.d_state))

    def _states(self, x: torch.Tensor, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        states = SCANS[self.mode](self.matrices(x), self.inject(x), h, matrix=True)
        return states, states[:, -1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(batch, T, d_model) → (batch, T, d_model)``, causal."""
        h0 = x.new_zeros(x.shape[0], self.d_state)
        chunk = None if self.mode == "sequential" else self.chunk
        return self.readout(chunked(self._states, (x,), h0, chunk=chunk))


def build_ids4(spec: dict[str, Any], *, d_state: int = 16, chunk: int | None = DEFAULT_CHUNK,
               mode: str = "scan") -> TokenTagger:
    """An IDS4 token tagger: ``layers`` blocks of (IDS4 layer, MLP), each pre-norm residual."""
    d_model = spec["d_model"]
    blocks = []
    for _ in range(spec["layers"]):
        blocks.append(Residual(d_model, IDS4Layer(d_model, d_state, mode=mode, chunk=chunk)))
        blocks.append(Residual(d_model, FeedForward(d_model)))
    return TokenTagger(spec, nn.Sequential(*blocks))
