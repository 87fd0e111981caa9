"""Word-problem data: prefix-product targets against sympy, the split, the length-2 words, bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from statecheck.errors import BadParameterError, UnknownNameError
from statecheck.theory import groups
from statecheck.training.word_problem_data import (
    IGNORE,
    sample_words,
    tagging_targets,
    word_problem_data,
)


def _sympy_prefix_indices(group, word):
    """Independent reference: multiply sympy permutations left to right (p*q applies p first)."""
    index_of = {tuple(g.array_form): i for i, g in enumerate(group.elements)}
    product, out = group.elements[0], []
    for symbol in word:
        product = product * group.elements[symbol]
        out.append(index_of[tuple(product.array_form)])
    return out


@pytest.mark.parametrize("name", ["S3", "A4xZ5"])
def test_targets_are_sympy_prefix_products(name):
    group = groups.get(name)
    rng = np.random.default_rng(1)
    words = rng.integers(0, group.order, size=(40, 7))
    targets = tagging_targets(group, words)
    for word, target in zip(words, targets, strict=True):
        assert list(target) == _sympy_prefix_indices(group, [int(s) for s in word])


def test_identity_is_element_zero():
    group = groups.get("S3")
    assert group.elements[0].is_Identity


def test_exhaustive_split_is_a_partition_of_every_word():
    data = word_problem_data("S3", 3, samples=10_000, seed=0)
    assert data.exhaustive and data.bos == 6 and data.vocab_size == 7 and data.n_classes == 6
    val_words = {tuple(row[1:].tolist()) for row in data.val.inputs}
    long_train = {tuple(row[1:].tolist()) for row, t in zip(data.train.inputs, data.train.targets, strict=True)
                  if t[3] != IGNORE}
    assert len(val_words) == len(data.val) and not (val_words & long_train)
    assert val_words | long_train == set(itertools.product(range(6), repeat=3))
    assert len(long_train) == round(0.8 * 216)
    assert (data.train.inputs[:, 0] == 6).all() and (data.val.inputs[:, 0] == 6).all()
    assert (data.val.targets[:, 0] == IGNORE).all()


def test_training_split_holds_every_length_two_word():
    data = word_problem_data("S3", 5, samples=500, seed=3)
    short = data.train.targets[:, 3] == IGNORE
    pairs = {tuple(row[1:3].tolist()) for row in data.train.inputs[short]}
    assert pairs == set(itertools.product(range(6), repeat=2))
    group = groups.get("S3")
    for row, target in zip(data.train.inputs[short], data.train.targets[short], strict=True):
        assert target[1:3].tolist() == _sympy_prefix_indices(group, row[1:3].tolist())
        assert (target[3:] == IGNORE).all()


def test_sampled_words_are_distinct_and_seeded():
    rng_a, rng_b = np.random.default_rng(7), np.random.default_rng(7)
    a, exhaustive = sample_words(60, 6, 300, rng_a)
    b, _ = sample_words(60, 6, 300, rng_b)
    assert not exhaustive and a.shape == (300, 6) and len({r.tobytes() for r in a}) == 300
    assert (a == b).all()
    first = word_problem_data("A5", 4, samples=200, seed=5)
    second = word_problem_data("A5", 4, samples=200, seed=5)
    assert (first.val.inputs == second.val.inputs).all() and not first.exhaustive


@pytest.mark.parametrize("kwargs", [{"length": 0}, {"length": 3, "samples": 1},
                                    {"length": 3, "train_fraction": 1.0}])
def test_bad_parameters_are_refused(kwargs):
    length = kwargs.pop("length")
    with pytest.raises(BadParameterError):
        word_problem_data("S3", length, **kwargs)


def test_unknown_group_is_refused():
    with pytest.raises(UnknownNameError, match="Q9"):
        word_problem_data("Q9", 3)
