"""Predictive training on formal languages: multi-label next-symbol loss and the suite's criteria.

Loss: binary cross-entropy with logits between the model's ``n_classes`` outputs and the
multi-hot next-symbol set, averaged over real (unmasked) positions and classes (Bhattamishra,
Ahuja & Goyal 2020, §4; Sarrof, Veitsman & Hahn 2024, §5 train the same multi-label task).

Criteria recorded on every test split (all are float fractions):

- ``threshold`` — the criterion of the issue and of Bhattamishra et al.: a string counts only if
  at **every** position and for **every** class ``sigmoid(logit) > 0.5`` equals the target bit;
- ``argmax`` — the paper's code (lacoco-lab/ssm_expressivity, ``get_batch_accuracy_mse``): at
  every position ``argmax(output) == argmax(target)`` (ties in the multi-hot target resolve to the
  lowest class index, which here is alphabet order, then ``$``); a string counts if every position
  does. It is weaker than ``threshold`` for sets of several symbols;
- ``position`` — fraction of real positions whose thresholded set is exactly right;
- ``final`` — fraction of strings whose last position's ``$`` bit (membership of the whole word)
  is right after the 0.5 threshold (recognition accuracy; Grazzi et al. 2025 report it scaled);
- ``answer`` — over words of length ≥ 1, the fraction where the argmax of the output just before
  the last symbol is that symbol (for ``mod_arith``, whose set there is the single value of the
  expression: the answer's accuracy, the label Grazzi et al. 2025 score, scaled, in Table 3);
- ``close_bracket`` (when close classes are given) — over positions where exactly one closing
  bracket is legal, the fraction where the highest-scoring closing bracket is that one (Sarrof et
  al.'s bounded-Dyck metric, after Yao et al. 2021).

The loop keeps no state between runs: a run is a pure function of the model's initial weights,
the data and :class:`LanguageTrainSettings`, the batch order seeded by ``seed``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from statecheck.errors import BadParameterError
from statecheck.training.language_data import PredictiveSplit
from statecheck.training.loop import StepSettings

__all__ = ["LanguageTrainSettings", "CRITERIA", "predictive_loss", "evaluate_predictive",
           "scaled_accuracy", "train_predictive"]

#: Names of the criteria :func:`evaluate_predictive` returns.
CRITERIA = ("threshold", "argmax", "position", "final", "answer", "close_bracket")


@dataclass(frozen=True)
class LanguageTrainSettings(StepSettings):
    """Optimiser and budget of one predictive training run.

    Attributes
    ----------
    lr : float
        AdamW learning rate (constant).
    weight_decay : float
        AdamW weight decay (Sarrof et al.: 0.1).
    batch_size : int
        Strings per step.
    max_steps : int
        Step budget.
    eval_every : int
        Evaluate the test splits every this many steps (the learning curve) and after the last.
    grad_clip : float
        Gradient-norm clip (0 disables).
    """

    lr: float = 1e-3
    weight_decay: float = 0.1
    batch_size: int = 32
    max_steps: int = 500
    eval_every: int = 100
    grad_clip: float = 1.0

    def __post_init__(self) -> None:
        self._check_steps()


def predictive_loss(logits: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean binary cross-entropy with logits over real positions and classes.

    ``logits``, ``targets``: ``(B, T, C)``; ``mask``: ``(B, T)`` bool.
    """
    per_class = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    weights = mask.unsqueeze(-1).to(per_class.dtype)
    return (per_class * weights).sum() / (weights.sum() * logits.shape[-1]).clamp_min(1)


def _criteria(logits: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor,
              close_classes: Sequence[int] | None) -> dict[str, tuple[int, int]]:
    """Counts ``(right, total)`` of every criterion on one batch."""
    predicted = logits > 0  # sigmoid(z) > 0.5  <=>  z > 0
    wanted = targets > 0.5
    exact = (predicted == wanted).all(-1) | ~mask
    argmax_right = (logits.argmax(-1) == targets.argmax(-1)) | ~mask
    lengths = mask.sum(1) - 1
    rows = torch.arange(len(mask))
    last_logit = logits[rows, lengths, -1]
    last_target = wanted[rows, lengths, -1]
    counts = {
        "threshold": (int(exact.all(1).sum()), len(mask)),
        "argmax": (int(argmax_right.all(1).sum()), len(mask)),
        "position": (int((exact & mask).sum()), int(mask.sum())),
        "final": (int(((last_logit > 0) == last_target).sum()), len(mask)),
    }
    has_symbol = lengths >= 1
    before = (lengths - 1).clamp_min(0)
    answered = logits[rows, before].argmax(-1) == targets[rows, before].argmax(-1)
    counts["answer"] = (int((answered & has_symbol).sum()), int(has_symbol.sum()))
    if close_classes:
        index = torch.as_tensor(list(close_classes), dtype=torch.long)
        close_targets = wanted[..., index]
        scored = mask & (close_targets.sum(-1) == 1)
        right = (logits[..., index].argmax(-1) == close_targets.float().argmax(-1)) & scored
        counts["close_bracket"] = (int(right.sum()), int(scored.sum()))
    return counts


@torch.no_grad()
def evaluate_predictive(model: nn.Module, split: PredictiveSplit, *, device: str = "cpu",
                        batch_size: int = 256, close_classes: Sequence[int] | None = None) -> dict[str, float]:
    """Every criterion of :data:`CRITERIA` on ``split`` (eval mode, no grad; floats in [0, 1]).

    ``close_bracket`` is present only when ``close_classes`` is given (and ``None`` when no
    position has a single legal closing bracket).
    """
    was_training = model.training
    model.eval()
    totals: dict[str, list[int]] = {}
    for start in range(0, len(split), batch_size):
        inputs, targets, mask = split.batch(slice(start, start + batch_size))
        logits = model(inputs.to(device)).float().cpu()
        for name, (right, total) in _criteria(logits, targets, mask, close_classes).items():
            acc = totals.setdefault(name, [0, 0])
            acc[0] += right
            acc[1] += total
    model.train(was_training)
    return {name: (right / total if total else None) for name, (right, total) in totals.items()}


def scaled_accuracy(accuracy: float, chance: float) -> float:
    """``(accuracy − chance) / (1 − chance)`` (Grazzi et al. 2025, Table 3).

    Raises
    ------
    BadParameterError
        ``chance`` outside ``[0, 1)``.
    """
    if not 0 <= chance < 1:
        raise BadParameterError(f"chance must lie in [0, 1), got {chance!r}")
    return (accuracy - chance) / (1 - chance)


def train_predictive(model: nn.Module, train: PredictiveSplit, settings: LanguageTrainSettings, *,
                     device: str = "cpu", seed: int = 0,
                     curve_splits: dict[str, PredictiveSplit] | None = None,
                     on_eval: Callable[[int, dict], None] | None = None) -> dict:
    """Train ``model`` in place on ``train``; return the loss and learning curve (final weights kept).

    Parameters
    ----------
    model : nn.Module
        Maps ``(B, T)`` token ids to ``(B, T, n_classes)`` logits, causally.
    train : PredictiveSplit
        Training strings (kept on the CPU; batches move to ``device``).
    settings : LanguageTrainSettings
        Optimiser and budget.
    device : str
        ``"cpu"`` or ``"cuda"``.
    seed : int
        Seeds the batch order.
    curve_splits : dict of str to PredictiveSplit, optional
        Evaluated (``threshold`` criterion) every ``eval_every`` steps: the learning curve.
    on_eval : callable, optional
        Called as ``on_eval(step, point)`` with each curve point.

    Returns
    -------
    dict
        ``steps``, ``final_loss`` (mean of the last ``eval_every`` steps), ``seconds`` (wall time)
        and ``curve``: a list of ``{"step", "loss", "<split>": threshold accuracy, …}``.
    """
    start = time.perf_counter()
    model.to(device)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.lr, weight_decay=settings.weight_decay)
    order = torch.Generator().manual_seed(seed)
    permutation = torch.randperm(len(train), generator=order)
    cursor, losses, curve = 0, [], []
    for step in range(1, settings.max_steps + 1):
        if cursor + settings.batch_size > len(train) and cursor > 0:
            permutation, cursor = torch.randperm(len(train), generator=order), 0
        index = permutation[cursor:cursor + settings.batch_size]
        cursor += settings.batch_size
        inputs, targets, mask = train.batch(index)
        logits = model(inputs.to(device))
        loss = predictive_loss(logits, targets.to(device), mask.to(device))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if settings.grad_clip:
            nn.utils.clip_grad_norm_(model.parameters(), settings.grad_clip)
        optimizer.step()
        losses.append(float(loss.detach()))
        if step % settings.eval_every == 0 or step == settings.max_steps:
            recent = losses[-settings.eval_every:]
            point = {"step": step, "loss": sum(recent) / len(recent)}
            for name, split in (curve_splits or {}).items():
                point[name] = evaluate_predictive(model, split, device=device)["threshold"]
            curve.append(point)
            if on_eval is not None:
                on_eval(step, point)
    recent = losses[-settings.eval_every:]
    return {"steps": settings.max_steps, "final_loss": sum(recent) / len(recent), "curve": curve,
            "seconds": time.perf_counter() - start}
