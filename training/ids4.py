"""IDS4: an SSM whose dense transition matrix is an affine function of the input (Merrill, Petty &
Sabharwal 2024, *The Illusion of State in State-Space Models*, §5.2, Thm 5.2), as a token tagger.

Per layer, with ``N = d_state`` states and the layer input ``x_t ∈ ℝ^d``:

- ``A(x_t) = A₀ + Σ_k x_{t,k} A_k`` (a dense ``N × N`` matrix, affine in ``x_t``: one
  ``nn.Linear(d, N²)`` whose bias is ``A₀`` and whose weights are the ``A_k``);
- initialisation: ``A₀ = ρ·I`` with ``ρ = 0.8``, entries of ``A_k`` drawn from ``𝒩(0, σ²)``
  with ``σ = √(v / (d·N))``, ``v = 0.01``. For a layer input with ``‖x‖² ≈ d`` (it comes out of
  a LayerNorm) the input-dependent part ``Σ_k x_k A_k`` has entries of variance ``v / N``, so
  (circular law) the eigenvalues of ``A(x)`` lie near the disk of radius ``√v = 0.1`` around
  ``ρ``: the recurrence contracts for every input at initialisation and long sequences stay
  finite (measured: largest spectral radius ≈ 0.97 over 2,000 random inputs at ``d = 64``,
  ``N = 16``). With ``A₀ = I`` and larger ``A_k`` the state overflows float32 within a few
  hundred steps;
- option ``bound=True``: ``A(x) = M(x) / max(1, ‖M(x)‖₁)`` with ``M`` the affine map above and
  ``‖M‖₁`` the largest absolute column sum. The scale depends on ``x_t`` only, so the recurrence
  stays linear in ``h`` and associative; ``‖h_t‖₁ ≤ Σ_{s≤t} ‖b_s‖₁`` at any length and any
  weights; and every DFA transition matrix of Thm 5.2 (one ``1`` per column) has ``‖·‖₁ = 1``,
  so it is unchanged. ``A`` is then affine in ``x`` only where ``‖M(x)‖₁ ≤ 1``; the default
  (``bound=False``) is exactly affine;
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

from statecheck.training.scan import SCANS, chunked, last_state
from statecheck.training.tagger import FeedForward, Residual, TokenTagger

__all__ = ["IDS4Layer", "build_ids4", "IDS4_MODES", "DEFAULT_CHUNK", "INIT_VARIANCE", "INIT_DIAGONAL"]

#: Evaluation modes of :class:`IDS4Layer`, the parallel one first.
IDS4_MODES = ("scan", "sequential")

#: Default time-chunk length of the scan.
DEFAULT_CHUNK = 256

#: ``v``: variance scale of the input-dependent part at initialisation (eigenvalue spread ``√v``).
INIT_VARIANCE = 0.01

#: ``ρ``: the initial ``A₀ = ρ·I``.
INIT_DIAGONAL = 0.8


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
    bound : bool
        Divide ``A(x)`` by ``max(1, ‖A(x)‖₁)`` (states bounded at every length).
    """

    #: Evaluation modes, the default first.
    MODES = IDS4_MODES

    def __init__(self, d_model: int, d_state: int = 16, *, mode: str = "scan",
                 chunk: int | None = DEFAULT_CHUNK, bound: bool = False):
        super().__init__()
        self.d_state, self.mode, self.chunk, self.bound = d_state, mode, chunk, bound
        self.transition = nn.Linear(d_model, d_state * d_state)
        rho = INIT_DIAGONAL  # A₀ = ρ·I
        sigma = math.sqrt(INIT_VARIANCE / (d_model * d_state))  # A_k entries ~ 𝒩(0, σ²)
        nn.init.normal_(self.transition.weight, std=sigma)
        with torch.no_grad():
            self.transition.bias.copy_(rho * torch.eye(d_state).flatten())
        self.inject = nn.Linear(d_model, d_state, bias=False)
        self.readout = nn.Linear(d_state, d_model)

    def matrices(self, x: torch.Tensor) -> torch.Tensor:
        """``A(x_t)`` for every position, ``(…, N, N)`` for ``x`` of shape ``(…, d_model)``."""
        m = self.transition(x).unflatten(-1, (self.d_state, self.d_state))  # M(x) = A₀ + Σ x_k A_k
        if not self.bound:
            return m
        column_norm = m.abs().sum(-2).amax(-1).clamp(min=1)  # max(1, ‖M(x)‖₁)
        return m / column_norm[..., None, None]

    def _states(self, x: torch.Tensor, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        states = SCANS[self.mode](self.matrices(x), self.inject(x), h, matrix=True)
        return states, last_state(states)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(batch, T, d_model) → (batch, T, d_model)``, causal."""
        h0 = x.new_zeros(x.shape[0], self.d_state)
        chunk = None if self.mode == "sequential" else self.chunk
        return self.readout(chunked(self._states, (x,), h0, chunk=chunk))


def build_ids4(spec: dict[str, Any], *, d_state: int = 16, chunk: int | None = DEFAULT_CHUNK,
               bound: bool = False, mode: str = "scan") -> TokenTagger:
    """An IDS4 token tagger: ``layers`` blocks of (IDS4 layer, MLP), each pre-norm residual."""
    d_model = spec["d_model"]
    blocks = []
    for _ in range(spec["layers"]):
        blocks.append(Residual(d_model, IDS4Layer(d_model, d_state, mode=mode, chunk=chunk, bound=bound)))
        blocks.append(Residual(d_model, FeedForward(d_model)))
    return TokenTagger(spec, nn.Sequential(*blocks))
