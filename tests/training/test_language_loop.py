"""Predictive loss and criteria against hand computation and an exact parity oracle; a short
training run that must learn parity at in-distribution lengths; bad settings."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch import nn

from statecheck.errors import BadParameterError
from statecheck.theory.languages import get
from statecheck.training import models
from statecheck.training.language_data import encoding, make_split, split_from_words
from statecheck.training.language_loop import (
    LanguageTrainSettings,
    evaluate_predictive,
    predictive_loss,
    scaled_accuracy,
    train_predictive,
)

pytestmark = pytest.mark.usefixtures("one_thread")


class ParityOracle(nn.Module):
    """Exact prefix parity by cumulative sums: logits ±5 for classes (0, 1, $); BOS id 2."""

    def __init__(self, flip_at: int | None = None, tie_towards_one: bool = False):
        super().__init__()
        self.flip_at = flip_at
        self.tie_towards_one = tie_towards_one

    def forward(self, tokens):
        ones = torch.cumsum((tokens == 1).long(), dim=1)
        even = (ones % 2 == 0).float()
        dollar = 10 * even - 5
        if self.flip_at is not None:
            dollar[:, self.flip_at] = -dollar[:, self.flip_at]
        zero = torch.full_like(dollar, 5.0)
        one = zero + (1.0 if self.tie_towards_one else -1.0)
        return torch.stack([zero, one, dollar], dim=-1)


def test_loss_equals_the_bce_formula():
    logits = torch.tensor([[[2.0, -1.0], [0.5, 0.0]]])
    targets = torch.tensor([[[1.0, 0.0], [0.0, 1.0]]])
    mask = torch.tensor([[True, False]])

    def bce(z, y):
        p = 1 / (1 + math.exp(-z))
        return -(y * math.log(p) + (1 - y) * math.log(1 - p))

    expected = (bce(2.0, 1.0) + bce(-1.0, 0.0)) / 2
    assert float(predictive_loss(logits, targets, mask)) == pytest.approx(expected, rel=1e-6)


def test_criteria_of_an_exact_oracle_and_of_a_flipped_position():
    language = get("parity")
    words = [("1", "1"), ("0", "1", "1"), ("1", "0", "1", "0"), ()]
    split = split_from_words(language, words)
    perfect = evaluate_predictive(ParityOracle(), split)
    assert perfect["threshold"] == 1.0 and perfect["position"] == 1.0 and perfect["final"] == 1.0
    assert perfect["argmax"] == 1.0  # argmax of target {0,1,...} is class 0, the oracle's top class
    flipped = evaluate_predictive(ParityOracle(flip_at=2), split)
    # position 2 exists in the three words of length >= 2: they fail; the empty word does not
    assert flipped["threshold"] == pytest.approx(1 / 4)
    assert flipped["position"] == pytest.approx((3 + 4 + 5 + 1 - 3) / (3 + 4 + 5 + 1))
    # the last position of ("1","1") is 2, so its membership bit is wrong: final 3/4
    assert flipped["final"] == pytest.approx(3 / 4)
    tie = evaluate_predictive(ParityOracle(tie_towards_one=True), split)
    assert tie["threshold"] == 1.0 and tie["argmax"] == 0.0  # argmax criterion breaks on ties


def test_close_bracket_accuracy_counts_positions_with_one_legal_close():
    language = get("dyck", k=2, h=2)
    coding = encoding(language)
    split = split_from_words(language, [language.sample(6, 0)])
    closes = [i for i, c in enumerate(coding.classes) if c.startswith(")")]
    word = split.words[0]
    depth = [sum(1 if s.startswith("(") else -1 for s in word[:t]) for t in range(len(word) + 1)]
    oracle_logits = 10 * split.targets - 5
    perfect = _Wrap(lambda tokens: oracle_logits[:, : tokens.shape[1]])
    assert evaluate_predictive(perfect, split, close_classes=closes)["close_bracket"] == 1.0
    scored = sum(1 for d in depth if d > 0)
    wrong = oracle_logits.clone()
    wrong[..., closes] = -wrong[..., closes]  # the illegal close now scores highest
    result = evaluate_predictive(_Wrap(lambda tokens: wrong[:, : tokens.shape[1]]), split, close_classes=closes)
    assert scored > 0 and result["close_bracket"] == 0.0


class _Wrap(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, tokens):
        return self.fn(tokens)


def test_scaled_accuracy():
    assert scaled_accuracy(0.5, 0.5) == 0.0
    assert scaled_accuracy(1.0, 0.2) == 1.0
    assert scaled_accuracy(0.6, 0.2) == pytest.approx(0.5)
    with pytest.raises(BadParameterError, match="chance"):
        scaled_accuracy(0.5, 1.0)


def test_a_short_run_learns_parity_in_distribution():
    torch.manual_seed(0)
    language = get("parity")
    train = make_split(language, (1, 10), 512, np.random.default_rng(0))
    test = make_split(language, (1, 10), 128, np.random.default_rng(1))
    coding = encoding(language)
    model = models.build("lstm", vocab_size=coding.vocab_size, n_classes=coding.n_classes, layers=1, d_model=16)
    before = evaluate_predictive(model, test)["threshold"]
    run = train_predictive(model, train, LanguageTrainSettings(lr=1e-2, max_steps=300, eval_every=100),
                           seed=0, curve_splits={"bin0": test})
    assert [p["step"] for p in run["curve"]] == [100, 200, 300]
    assert before < 0.5
    assert evaluate_predictive(model, test)["threshold"] >= 0.95


def test_bad_settings():
    with pytest.raises(BadParameterError, match="batch_size"):
        LanguageTrainSettings(batch_size=0)
    with pytest.raises(BadParameterError, match="lr"):
        LanguageTrainSettings(lr=-1.0)


class ArithmeticOracle(nn.Module):
    """Exact mod-5 arithmetic reader: at every position, logit 5 on the machine's legal symbols,
    −5 elsewhere; ``wrong_answer`` shifts the value it predicts right after ``=``."""

    def __init__(self, language, wrong_answer: bool = False):
        super().__init__()
        self.language, self.coding, self.wrong = language, encoding(language), wrong_answer

    def forward(self, tokens):
        out = torch.full((*tokens.shape, self.coding.n_classes), -5.0)
        for b, row in enumerate(tokens.tolist()):
            prefix = []
            for t, token in enumerate(row):
                if t > 0:
                    if token == self.coding.bos:  # padding
                        break
                    prefix.append(self.coding.alphabet[token])
                legal = self.language.next_symbols(prefix)
                if self.wrong and prefix and prefix[-1] == "=":
                    legal = frozenset({str((int(next(iter(legal))) + 1) % 5)})
                for symbol in legal:
                    out[b, t, self.coding.classes.index(symbol)] = 5.0
        return out


def test_answer_criterion_reads_the_value_after_the_equals_sign():
    language = get("mod_arith", modulus=5)
    rng = np.random.default_rng(0)
    split = split_from_words(language, [language.sample(n, rng) for n in (3, 5, 7, 9, 11, 13)])
    right = evaluate_predictive(ArithmeticOracle(language), split)
    assert right["answer"] == 1.0 and right["threshold"] == 1.0
    wrong = evaluate_predictive(ArithmeticOracle(language, wrong_answer=True), split)
    assert wrong["answer"] == 0.0 and wrong["threshold"] == 0.0 and wrong["final"] == 1.0
