"""The shared shell of every trained model: token embedding → backbone → norm → per-position logits.

Every architecture in :mod:`statecheck.training.models` is a :class:`TokenTagger` whose backbone
maps ``(batch, T, d_model)`` to ``(batch, T, d_model)`` causally; the tagger adds the embedding
in front and a final LayerNorm and linear read-out behind, so every model maps token ids
``(batch, T)`` to logits ``(batch, T, n_classes)`` (Merrill, Petty & Sabharwal 2024, §6: a
token-tagging model that predicts the running group product at every position).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

__all__ = ["TokenTagger", "FeedForward", "Residual"]


class TokenTagger(nn.Module):
    """Embedding, a causal backbone, LayerNorm and a linear head.

    Parameters
    ----------
    spec : dict
        What :func:`statecheck.training.models.build` was called with (``arch``, ``vocab_size``,
        ``n_classes``, ``layers``, ``d_model`` and the options); kept for checkpoints.
    backbone : nn.Module
        ``(batch, T, d_model) → (batch, T, d_model)``; output ``t`` depends on inputs ``≤ t`` only.
    embedding : nn.Module, optional
        Token ids → vectors; ``nn.Embedding(vocab_size, d_model)`` by default.
    """

    def __init__(self, spec: dict[str, Any], backbone: nn.Module, embedding: nn.Module | None = None):
        super().__init__()
        self.spec = dict(spec)
        d_model = spec["d_model"]
        self.embedding = embedding if embedding is not None else nn.Embedding(spec["vocab_size"], d_model)
        self.backbone = backbone
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, spec["n_classes"])

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """Logits ``(batch, T, n_classes)`` for token ids ``(batch, T)``."""
        return self.head(self.norm(self.backbone(self.embedding(tokens))))


class FeedForward(nn.Module):
    """Position-wise MLP ``Linear(d, 4d) → GELU → Linear(4d, d)``."""

    def __init__(self, d_model: int, expansion: int = 4):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d_model, expansion * d_model), nn.GELU(),
                                 nn.Linear(expansion * d_model, d_model))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply the MLP at every position."""
        return self.net(x)


class Residual(nn.Module):
    """Pre-norm residual wrapper ``x + f(norm(x))``."""

    def __init__(self, d_model: int, inner: nn.Module, norm: nn.Module | None = None):
        super().__init__()
        self.norm = norm if norm is not None else nn.LayerNorm(d_model)
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``x + inner(norm(x))``."""
        return x + self.inner(self.norm(x))
