"""Multiplication against Python integers: exhaustive for small m, random for larger."""

from __future__ import annotations

import itertools
import random

import pytest

from statecheck.circuits.ir import pack_numbers, unpack_numbers
from statecheck.circuits.multiplication import multiplication
from statecheck.errors import BadParameterError, BudgetExceededError


def products(circuit, pairs, m):
    return [row[0] for row in unpack_numbers(circuit.evaluate(pack_numbers(pairs, [m, m])), [2 * m])]


@pytest.mark.parametrize("weights", ["exponential", "polynomial"])
@pytest.mark.parametrize("m", [1, 2, 3, 4, 5])
def test_every_product_of_small_numbers(m, weights):
    pairs = list(itertools.product(range(2**m), repeat=2))
    circuit = multiplication(m, weights=weights)
    assert circuit.n_outputs == 2 * m
    assert products(circuit, pairs, m) == [x * y for x, y in pairs]


@pytest.mark.parametrize("weights,m", [("exponential", 20), ("polynomial", 24)])
def test_random_products_of_wide_numbers(weights, m):
    rng = random.Random(m)
    pairs = [(rng.getrandbits(m), rng.getrandbits(m)) for _ in range(300)] + [(2**m - 1, 2**m - 1)]
    assert products(multiplication(m, weights=weights), pairs, m) == [x * y for x, y in pairs]


def test_depth_is_at_most_four_with_exponential_weights_and_constant_in_m():
    depths = {multiplication(m).depth for m in (2, 4, 8, 16)}
    assert depths == {3}
    assert multiplication(8).max_weight == 2**14  # 2^{i+j} on the partial product p_{7,7}
    assert {multiplication(m, weights="polynomial").depth for m in (4, 8, 16)} == {7}


def test_bad_parameters():
    with pytest.raises(BadParameterError, match="m must be an integer >= 1, got 0"):
        multiplication(0)
    with pytest.raises(BudgetExceededError, match="multiplication"):
        multiplication(64, budget=1000)
