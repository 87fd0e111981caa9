"""Causal transformer encoder as a token tagger (Merrill, Petty & Sabharwal 2024, §6).

As in the paper's code: sinusoidal positions added to the token embedding (Vaswani et al. 2017,
``PE[t, 2i] = sin(t / 10000^{2i/d})``, ``PE[t, 2i+1] = cos(t / 10000^{2i/d})``), post-norm
encoder layers (``x ← LN(x + SA(x))``, ``x ← LN(x + FF(x))``) with GELU, a causal attention mask,
and pre-norm (``x ← x + SA(LN(x))``) as an option. Dropout is 0 by default (the paper used 0.1).
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from statecheck.training.tagger import TokenTagger

__all__ = ["sinusoidal_positions", "CausalTransformer", "build_transformer"]


def sinusoidal_positions(length: int, d_model: int, *, device=None, dtype=torch.float32) -> torch.Tensor:
    """``(length, d_model)`` sinusoidal position table (Vaswani et al. 2017, §3.5).

    ``PE[t, 2i] = sin(t · ω_i)``, ``PE[t, 2i+1] = cos(t · ω_i)`` with ``ω_i = 10000^{−2i/d}``.
    """
    position = torch.arange(length, device=device, dtype=torch.float64)[:, None]
    omega = torch.exp(-math.log(10000.0) * torch.arange(0, d_model, 2, device=device,
                                                        dtype=torch.float64) / d_model)
    table = torch.zeros(length, d_model, device=device, dtype=torch.float64)
    table[:, 0::2] = torch.sin(position * omega)
    table[:, 1::2] = torch.cos(position * omega[: d_model // 2])
    return table.to(dtype)


class CausalTransformer(nn.Module):
    """``layers`` causal encoder layers of width ``d_model`` over sinusoidal positions.

    Parameters
    ----------
    d_model, layers : int
        Width and depth.
    heads : int
        Attention heads (must divide ``d_model``).
    norm_first : bool
        Pre-norm instead of the paper's post-norm.
    dropout : float
        Dropout inside every layer.
    """

    def __init__(self, d_model: int, layers: int, *, heads: int, norm_first: bool, dropout: float):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=4 * d_model,
                                           dropout=dropout, activation="gelu",
                                           batch_first=True, norm_first=norm_first)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.d_model = d_model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Causally encoded ``(batch, T, d_model)``."""
        length = x.shape[1]
        x = x + sinusoidal_positions(length, self.d_model, device=x.device, dtype=x.dtype)
        mask = nn.Transformer.generate_square_subsequent_mask(length, device=x.device, dtype=x.dtype)
        return self.encoder(x, mask=mask, is_causal=True)


def build_transformer(spec: dict[str, Any], *, heads: int | None = None, norm_first: bool = False,
                      dropout: float = 0.0) -> TokenTagger:
    """A causal transformer token tagger; ``heads`` defaults to 4 when it divides ``d_model``, else 1."""
    d_model = spec["d_model"]
    if heads is None:
        heads = 4 if d_model % 4 == 0 else 1
    return TokenTagger(spec, CausalTransformer(d_model, spec["layers"], heads=heads,
                                               norm_first=norm_first, dropout=dropout))
