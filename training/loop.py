"""The training loop shared by every task: AdamW on per-position cross-entropy, periodic
evaluation on the held-out split, early stop at a target full-sequence accuracy, a step budget.

Metrics (Merrill, Petty & Sabharwal 2024, §6): *sequence accuracy* is the fraction of held-out
sequences whose every targeted position is predicted right; *token accuracy* the fraction of
targeted positions predicted right (positions whose target is :data:`IGNORE` are skipped). The
reported numbers are those of the best evaluation (the weights are restored to it), so a run
that reaches the target stops with the weights that reached it.
"""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from statecheck.errors import BadParameterError
from statecheck.training.word_problem_data import IGNORE, TaggingSplit

__all__ = ["StepSettings", "TrainSettings", "TrainOutcome", "seed_everything", "evaluate", "train_tagger"]


class StepSettings:
    """What every training loop's settings share (a mixin for frozen dataclasses with the fields
    ``lr``, ``weight_decay``, ``batch_size``, ``max_steps``, ``eval_every``, ``grad_clip``)."""

    def _check_steps(self) -> None:
        """Raise BadParameterError on a non-integer or < 1 size, lr <= 0, or a negative decay/clip."""
        for name in ("batch_size", "max_steps", "eval_every"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise BadParameterError(f"{name} must be an integer >= 1, got {value!r}")
        if not (isinstance(self.lr, (int, float)) and self.lr > 0):
            raise BadParameterError(f"lr must be a number > 0, got {self.lr!r}")
        if self.weight_decay < 0 or self.grad_clip < 0:
            raise BadParameterError("weight_decay and grad_clip must be >= 0")

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Names of the settings."""
        return tuple(f.name for f in fields(cls))

    def to_dict(self) -> dict:
        """The settings as a plain dict."""
        return asdict(self)


@dataclass(frozen=True)
class TrainSettings(StepSettings):
    """Optimiser and budget of one training run.

    Attributes
    ----------
    lr : float
        AdamW learning rate (constant).
    weight_decay : float
        AdamW weight decay.
    batch_size : int
        Sequences per step.
    max_steps : int
        Step budget.
    eval_every : int
        Evaluate on the held-out split every this many steps (and after the last step).
    target_accuracy : float
        Stop as soon as held-out sequence accuracy reaches this (0.99 in the paper).
    grad_clip : float
        Gradient-norm clip (0 disables).
    """

    lr: float = 3e-3
    weight_decay: float = 0.01
    batch_size: int = 64
    max_steps: int = 2000
    eval_every: int = 50
    target_accuracy: float = 0.99
    grad_clip: float = 1.0

    def __post_init__(self) -> None:
        self._check_steps()
        if not 0 < self.target_accuracy <= 1:
            raise BadParameterError(f"target_accuracy must lie in (0, 1], got {self.target_accuracy!r}")


@dataclass(frozen=True)
class TrainOutcome:
    """What a training run achieved (float metrics; ``seconds`` is wall time of the loop).

    Attributes
    ----------
    val_sequence_accuracy, val_token_accuracy : float
        Held-out accuracies at the best evaluation.
    train_loss : float
        Mean loss over the last ``eval_every`` steps.
    steps : int
        Optimiser steps taken.
    best_step : int
        Step of the best evaluation.
    reached_target : bool
        Whether held-out sequence accuracy reached ``target_accuracy``.
    seconds : float
        Wall time of the loop.
    """

    val_sequence_accuracy: float
    val_token_accuracy: float
    train_loss: float
    steps: int
    best_step: int
    reached_target: bool
    seconds: float


def seed_everything(seed: int) -> None:
    """Seed Python's, numpy's and torch's global generators (model initialisation uses torch's)."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


@torch.no_grad()
def evaluate(model: nn.Module, split: TaggingSplit, *, device: str, batch_size: int = 1024) -> tuple[float, float]:
    """``(sequence accuracy, token accuracy)`` of ``model`` on ``split`` (eval mode, no grad)."""
    was_training = model.training
    model.eval()
    sequences_right = tokens_right = tokens = 0
    for start in range(0, len(split), batch_size):
        inputs = split.inputs[start:start + batch_size].to(device)
        targets = split.targets[start:start + batch_size].to(device)
        predicted = model(inputs).argmax(-1)
        counted = targets != IGNORE
        right = (predicted == targets) & counted
        tokens_right += int(right.sum())
        tokens += int(counted.sum())
        sequences_right += int((right | ~counted).all(dim=1).sum())
    model.train(was_training)
    return sequences_right / max(1, len(split)), tokens_right / max(1, tokens)


def train_tagger(model: nn.Module, train: TaggingSplit, val: TaggingSplit, settings: TrainSettings, *,
                 device: str, seed: int,
                 on_eval: Callable[[int, float, float], None] | None = None) -> TrainOutcome:
    """Train ``model`` in place; return the outcome and leave the best weights loaded.

    Parameters
    ----------
    model : nn.Module
        Maps ``(batch, T)`` token ids to ``(batch, T, n_classes)`` logits.
    train, val : TaggingSplit
        Training and held-out data (kept on the CPU; batches are moved to ``device``).
    settings : TrainSettings
        Optimiser and budget.
    device : str
        ``"cpu"`` or ``"cuda"``.
    seed : int
        Seeds the batch order.
    on_eval : callable, optional
        Called as ``on_eval(step, val_sequence_accuracy, train_loss)`` after each evaluation.
    """
    start = time.perf_counter()
    model.to(device)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.lr, weight_decay=settings.weight_decay)
    order = torch.Generator().manual_seed(seed)
    permutation = torch.randperm(len(train), generator=order)
    cursor = 0
    best = (-1.0, 0.0)
    best_state, best_step = None, 0
    losses: list[torch.Tensor] = []
    step = 0
    while step < settings.max_steps:
        if cursor + settings.batch_size > len(train) and cursor > 0:
            permutation, cursor = torch.randperm(len(train), generator=order), 0
        index = permutation[cursor:cursor + settings.batch_size]
        cursor += settings.batch_size
        inputs, targets = train.inputs[index].to(device), train.targets[index].to(device)
        logits = model(inputs)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=IGNORE)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if settings.grad_clip:
            nn.utils.clip_grad_norm_(model.parameters(), settings.grad_clip)
        optimizer.step()
        losses.append(loss.detach())
        step += 1
        if step % settings.eval_every == 0 or step == settings.max_steps:
            accuracy = evaluate(model, val, device=device)
            recent = float(torch.stack(losses[-settings.eval_every:]).mean())
            if on_eval is not None:
                on_eval(step, accuracy[0], recent)
            if accuracy > best:
                best, best_step = accuracy, step
                best_state = copy.deepcopy(model.state_dict())
            if accuracy[0] >= settings.target_accuracy:
                break
    if best_state is not None:
        model.load_state_dict(best_state)
    return TrainOutcome(val_sequence_accuracy=best[0], val_token_accuracy=best[1],
                        train_loss=float(torch.stack(losses[-settings.eval_every:]).mean()) if losses else float("nan"),
                        steps=step, best_step=best_step,
                        reached_target=best[0] >= settings.target_accuracy,
                        seconds=time.perf_counter() - start)
