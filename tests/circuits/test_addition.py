"""Addition and iterated addition against Python integers, in both weight modes."""

from __future__ import annotations

import itertools
import random

import pytest

from statecheck.circuits.addition import (
    addition,
    emit_add,
    emit_iterated_sum,
    estimate_iterated_addition,
    iterated_addition,
)
from statecheck.circuits.ir import CircuitBuilder, pack_numbers, unpack_numbers
from statecheck.errors import BadParameterError, BudgetExceededError

MODES = ["exponential", "polynomial"]


def sums(circuit, rows, widths):
    out = circuit.evaluate(pack_numbers(rows, widths))
    return [row[0] for row in unpack_numbers(out, [circuit.n_outputs])]


@pytest.mark.parametrize("weights", MODES)
@pytest.mark.parametrize("n,m", [(1, 1), (1, 3), (2, 1), (2, 4), (3, 3), (4, 2), (5, 2), (6, 2), (4, 3)])
def test_iterated_addition_on_every_input(n, m, weights):
    rows = list(itertools.product(range(2**m), repeat=n))
    circuit = iterated_addition(n, m, weights=weights)
    assert circuit.n_outputs == (n * (2**m - 1)).bit_length()
    assert sums(circuit, rows, [m] * n) == [sum(r) for r in rows]


@pytest.mark.parametrize("weights", MODES)
@pytest.mark.parametrize("n,m", [(9, 7), (33, 12), (64, 16), (17, 70)])
def test_iterated_addition_on_random_and_extreme_inputs(n, m, weights):
    rng = random.Random(n * 1000 + m)
    rows = [[rng.getrandbits(m) for _ in range(n)] for _ in range(150)]
    rows += [[2**m - 1] * n, [0] * n, [2**m - 1 if i % 2 else 0 for i in range(n)]]
    assert sums(iterated_addition(n, m, weights=weights), rows, [m] * n) == [sum(r) for r in rows]


@pytest.mark.parametrize("weights", MODES)
@pytest.mark.parametrize("m", [1, 2, 3, 5])
def test_addition_on_every_pair(m, weights):
    pairs = list(itertools.product(range(2**m), repeat=2))
    circuit = addition(m, weights=weights)
    assert circuit.n_outputs == m + 1
    assert sums(circuit, pairs, [m, m]) == [x + y for x, y in pairs]


def test_depth_does_not_grow_with_n():
    assert {iterated_addition(n, 8).depth for n in (2, 5, 16, 64)} == {2}
    assert {iterated_addition(n, 8, weights="polynomial").depth for n in (4, 5, 16, 64, 200)} == {6}
    assert {iterated_addition(n, m, weights="polynomial").depth for n in (2, 3) for m in (4, 30)} == {5}
    assert {addition(m, weights="polynomial").depth for m in (2, 16, 64)} == {5}


def test_polynomial_weights_stay_polynomial_and_exponential_ones_do_not():
    for n in (4, 64, 300):  # column counts have bitlen(n) bits; block weights stay below 2·bitlen(n)
        assert iterated_addition(n, 12, weights="polynomial").max_weight < 2 * n.bit_length()
    assert iterated_addition(4, 32).max_weight == 2**31  # weight 2^p on bit p of an input


def test_estimates_bound_the_built_circuits():
    for n, m, weights in [(5, 3, "exponential"), (5, 3, "polynomial"), (40, 9, "polynomial")]:
        gates, edges = estimate_iterated_addition(n, m, weights)
        circuit = iterated_addition(n, m, weights=weights)
        assert circuit.size <= gates and circuit.edges <= edges
        assert gates <= 2 * circuit.size + 10


def test_emit_iterated_sum_with_mixed_widths_and_constants():
    widths = [3, 1, 5, 2]
    b = CircuitBuilder(sum(widths))
    numbers, pos = [], 0
    for w in widths:
        numbers.append(b.inputs[pos : pos + w])
        pos += w
    numbers.append([b.const(1), b.const(0), b.const(1)])  # the constant 5
    for weights in MODES:
        total = emit_iterated_sum(b, numbers, weights=weights)
        circuit = b.build(total)
        rows = [[a, c, d, e] for a in range(8) for c in range(2) for d in (0, 7, 31) for e in range(4)]
        got = [row[0] for row in unpack_numbers(circuit.evaluate(pack_numbers(rows, widths)), [len(total)])]
        assert got == [sum(r) + 5 for r in rows]


def test_emit_add_of_different_widths():
    b = CircuitBuilder(7)
    circuit = b.build(emit_add(b, b.inputs[:5], b.inputs[5:]))
    pairs = list(itertools.product(range(32), range(4)))
    got = [row[0] for row in unpack_numbers(circuit.evaluate(pack_numbers(pairs, [5, 2])), [circuit.n_outputs])]
    assert got == [x + y for x, y in pairs]


def test_bad_parameters():
    with pytest.raises(BadParameterError, match="n must be an integer >= 1, got 0"):
        iterated_addition(0, 4)
    with pytest.raises(BadParameterError, match="m must be an integer >= 1, got 0"):
        iterated_addition(4, 0)
    with pytest.raises(BadParameterError, match="weights must be one of"):
        iterated_addition(4, 4, weights="unary")
    with pytest.raises(BudgetExceededError, match=r"iterated_addition\(n=64, m=64"):
        iterated_addition(64, 64, weights="polynomial", budget=5000)
    with pytest.raises(BudgetExceededError, match="edges"):
        iterated_addition(256, 64)


@pytest.mark.parametrize("weights", MODES)
def test_column_sums_of_random_shapes(weights):
    from statecheck.circuits.addition import emit_column_sum

    rng = random.Random(2024 if weights == "polynomial" else 7)
    for _ in range(25):
        counts = {p: rng.randint(1, 12) for p in rng.sample(range(12), rng.randint(1, 6))}
        n_inputs = sum(counts.values())
        b = CircuitBuilder(n_inputs)
        columns, positions, wire = {}, [], 0
        for p, k in counts.items():
            columns[p] = b.inputs[wire : wire + k]
            positions += [p] * k
            wire += k
        bits = emit_column_sum(b, columns, weights=weights)
        circuit = b.build(bits)
        assert circuit.depth <= (2 if weights == "exponential" else 7)
        rows = [[rng.randint(0, 1) for _ in range(n_inputs)] for _ in range(60)]
        rows += [[1] * n_inputs, [0] * n_inputs]
        got = unpack_numbers(circuit.evaluate(rows), [len(bits)])
        assert [g[0] for g in got] == [sum(x << p for x, p in zip(r, positions, strict=True)) for r in rows]


def test_closed_form_estimates_equal_a_dry_run_of_the_construction():
    from statecheck.circuits.addition import _dry_run_estimate, estimate_column_sum

    rng = random.Random(5)
    for _ in range(120):
        counts = {p: rng.randint(1, rng.choice([3, 12, 70])) for p in rng.sample(range(40), rng.randint(1, 10))}
        for weights in MODES:
            assert estimate_column_sum(counts, weights) == _dry_run_estimate(counts, weights)
