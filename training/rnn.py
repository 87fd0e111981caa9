"""Recurrent baselines: Elman RNN (tanh), LSTM and GRU, as token taggers.

Merrill, Petty & Sabharwal 2024 (§6, Fig. 3) train a one-layer RNN as the baseline that keeps up
with group word problems at every length; Thm 5.1 (RNN-SSM) is the expressivity statement behind
it. These models use torch's fused recurrent kernels (``nn.RNN``, ``nn.LSTM``, ``nn.GRU``): a
nonlinear recurrence ``h_t = tanh(W_ih x_t + W_hh h_{t−1} + b)`` (LSTM and GRU with gates)
has no associative form, so there is no parallel scan; the kernel is the sequential path.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from statecheck.training.tagger import TokenTagger

__all__ = ["RecurrentBackbone", "build_rnn", "build_lstm", "build_gru"]

_KINDS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class RecurrentBackbone(nn.Module):
    """A stack of ``layers`` recurrent layers of width ``d_model`` (batch first).

    Parameters
    ----------
    kind : {"rnn", "lstm", "gru"}
        ``rnn`` is Elman's ``h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)``.
    d_model, layers : int
        Width and depth.
    """

    def __init__(self, kind: str, d_model: int, layers: int):
        super().__init__()
        self.recurrent = _KINDS[kind](d_model, d_model, num_layers=layers, batch_first=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Hidden states of the last layer, ``(batch, T, d_model)``."""
        return self.recurrent(x)[0]


def _builder(kind: str):
    def build(spec: dict[str, Any]) -> TokenTagger:
        return TokenTagger(spec, RecurrentBackbone(kind, spec["d_model"], spec["layers"]))

    build.__name__ = f"build_{kind}"
    build.__doc__ = f"A {kind.upper()} token tagger for ``spec`` (see :func:`statecheck.training.models.build`)."
    return build


build_rnn = _builder("rnn")
build_lstm = _builder("lstm")
build_gru = _builder("gru")
