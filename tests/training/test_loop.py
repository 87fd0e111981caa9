"""The training loop: metrics against a brute-force count, early stop, restoring the best weights,
a small real learning run, and settings validation."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from statecheck.errors import BadParameterError
from statecheck.training import models
from statecheck.training.loop import TrainSettings, evaluate, seed_everything, train_tagger
from statecheck.training.word_problem_data import IGNORE, TaggingSplit, word_problem_data


@pytest.fixture(autouse=True)
def _one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the CI machine is shared; tiny models run faster on one thread
    yield
    torch.set_num_threads(threads)


class _Fixed(nn.Module):
    """Predicts the class stored in a lookup of (row position) → class: a model with known output."""

    def __init__(self, predictions: torch.Tensor, n_classes: int):
        super().__init__()
        self.predictions, self.n_classes = predictions, n_classes
        self.dummy = nn.Parameter(torch.zeros(()))

    def forward(self, tokens):
        rows = tokens[:, 0]  # row id stored in the first token
        return nn.functional.one_hot(self.predictions[rows], self.n_classes).float() + 0 * self.dummy


def test_evaluate_matches_a_brute_force_count():
    generator = torch.Generator().manual_seed(0)
    n, width, classes = 50, 6, 4
    targets = torch.randint(0, classes, (n, width), generator=generator)
    targets[:, 0] = IGNORE
    targets[::3, 4:] = IGNORE
    predictions = targets.clamp(min=0).clone()
    flip = torch.rand(n, width, generator=generator) < 0.08
    predictions[flip] = (predictions[flip] + 1) % classes
    inputs = torch.arange(n)[:, None].expand(n, width).contiguous()
    model = _Fixed(predictions, classes)
    seq, tok = evaluate(model, TaggingSplit(inputs, targets), device="cpu", batch_size=7)
    # brute force in plain Python
    right_sequences = right_tokens = counted = 0
    for i in range(n):
        ok = True
        for t in range(width):
            if int(targets[i, t]) == IGNORE:
                continue
            counted += 1
            if int(predictions[i, t]) == int(targets[i, t]):
                right_tokens += 1
            else:
                ok = False
        right_sequences += ok
    assert seq == right_sequences / n and tok == right_tokens / counted
    assert 0 < seq < 1


def test_rnn_learns_s3_and_stops_early_at_the_target():
    data = word_problem_data("S3", 5, samples=3000, seed=0)
    seed_everything(0)
    model = models.build("rnn", vocab_size=data.vocab_size, n_classes=data.n_classes, layers=1, d_model=48)
    before = evaluate(model, data.val, device="cpu")[0]
    seen = []
    outcome = train_tagger(model, data.train, data.val, TrainSettings(max_steps=1500, eval_every=50),
                           device="cpu", seed=0, on_eval=lambda step, acc, loss: seen.append((step, acc)))
    assert before < 0.1
    assert outcome.reached_target and outcome.val_sequence_accuracy >= 0.99
    assert outcome.steps < 1500 and outcome.steps % 50 == 0 and outcome.best_step == outcome.steps
    assert seen[-1] == (outcome.steps, outcome.val_sequence_accuracy)
    assert all(acc < 0.99 for _, acc in seen[:-1])  # it stopped at the first evaluation that reached 0.99
    assert evaluate(model, data.val, device="cpu")[0] == outcome.val_sequence_accuracy


def test_best_weights_are_restored_and_seeds_repeat():
    data = word_problem_data("S3", 4, samples=500, seed=1)
    results = []
    for _ in range(2):
        seed_everything(3)
        model = models.build("rnn", vocab_size=7, n_classes=6, layers=1, d_model=8)
        outcome = train_tagger(model, data.train, data.val, TrainSettings(max_steps=60, eval_every=20, lr=0.05),
                               device="cpu", seed=3)
        results.append(outcome)
        assert evaluate(model, data.val, device="cpu") == (outcome.val_sequence_accuracy,
                                                           outcome.val_token_accuracy)
    assert results[0].val_token_accuracy == results[1].val_token_accuracy
    assert results[0].train_loss == results[1].train_loss


@pytest.mark.parametrize("bad", [{"batch_size": 0}, {"max_steps": -1}, {"lr": 0.0}, {"target_accuracy": 1.5},
                                 {"eval_every": True}, {"weight_decay": -0.1}])
def test_bad_settings_are_refused(bad):
    with pytest.raises(BadParameterError):
        TrainSettings(**bad)
