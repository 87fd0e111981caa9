"""Counting gates and comparison, exhaustively against Python integers."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from statecheck.circuits.counting import at_least_k, compare, exactly_k, majority
from statecheck.circuits.ir import pack_numbers
from statecheck.errors import BadParameterError, BudgetExceededError


def all_inputs(n: int) -> np.ndarray:
    return np.array(list(itertools.product([0, 1], repeat=n)), dtype=np.uint8)


@pytest.mark.parametrize("n", range(1, 9))
def test_majority_at_least_and_exactly_on_every_input(n):
    inputs = all_inputs(n)
    ones = [sum(row) for row in inputs.tolist()]
    assert majority(n).evaluate(inputs)[:, 0].tolist() == [int(2 * c > n) for c in ones]
    for k in range(n + 1):
        assert at_least_k(n, k).evaluate(inputs)[:, 0].tolist() == [int(c >= k) for c in ones]
        assert exactly_k(n, k).evaluate(inputs)[:, 0].tolist() == [int(c == k) for c in ones]


def test_counting_depths_and_sizes_do_not_depend_on_n():
    for n in (3, 17, 200):
        assert (majority(n).depth, majority(n).size, majority(n).max_weight) == (1, 1, 1)
        assert (exactly_k(n, 2).depth, exactly_k(n, 2).size) == (2, 3)


@pytest.mark.parametrize("weights", ["exponential", "polynomial"])
@pytest.mark.parametrize("m", [1, 2, 3, 4, 5])
def test_compare_on_every_pair(m, weights):
    pairs = list(itertools.product(range(2**m), repeat=2))
    circuit = compare(m, weights=weights)
    got = circuit.evaluate(pack_numbers(pairs, [m, m]))[:, 0].tolist()
    assert got == [int(x >= y) for x, y in pairs]


def test_compare_depths_and_weights():
    assert {compare(m).depth for m in (1, 8, 40)} == {1}
    assert compare(40).max_weight == 2**39
    assert {compare(m, weights="polynomial").depth for m in (2, 8, 40)} == {3}
    assert compare(40, weights="polynomial").max_weight == 1


def test_compare_on_random_wide_numbers():
    rng = random.Random(11)
    m = 80
    pairs = [(rng.getrandbits(m), rng.getrandbits(m)) for _ in range(200)]
    pairs += [(x, x) for x, _ in pairs[:20]] + [(x, x + 1) for x, _ in pairs[:20] if x + 1 < 2**m]
    for weights in ("exponential", "polynomial"):
        got = compare(m, weights=weights).evaluate(pack_numbers(pairs, [m, m]))[:, 0].tolist()
        assert got == [int(x >= y) for x, y in pairs]


def test_bad_parameters():
    with pytest.raises(BadParameterError, match="n must be an integer >= 1, got 0"):
        majority(0)
    with pytest.raises(BadParameterError, match=r"k must be an integer in 0\.\.4, got 5"):
        at_least_k(4, 5)
    with pytest.raises(BadParameterError, match="m must be an integer >= 1, got -2"):
        compare(-2)
    with pytest.raises(BadParameterError, match="weights must be one of"):
        compare(3, weights="linear")
    with pytest.raises(BudgetExceededError, match="gate budget"):
        compare(100, weights="polynomial", budget=10)
