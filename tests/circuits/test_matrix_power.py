"""Tests of constant-depth matrix powering (Mereghetti & Palano 2000, Cayley–Hamilton + CRT).

Outputs are compared with sympy matrix powers and plain Python integer matrix products.
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
import pytest
import sympy

from statecheck.circuits.ir import pack_numbers, unpack_numbers
from statecheck.circuits.matrix_power import (
    UnsupportedDimensionError,
    characteristic_coefficients,
    estimate_matrix_power,
    matrix_power,
    output_width,
    power_reduction,
)
from statecheck.circuits.validation import CircuitBudgetError
from statecheck.errors import BadParameterError


@cache
def _circuit(d: int, m: int, N: int):
    return matrix_power(d, m, N)


def _python_power(entries, d, N):
    """M^N by repeated Python-integer matrix products (row-major lists)."""
    rows = [list(entries[i * d:(i + 1) * d]) for i in range(d)]
    result = [[int(i == k) for k in range(d)] for i in range(d)]
    for _ in range(N):
        result = [[sum(result[i][j] * rows[j][k] for j in range(d)) for k in range(d)]
                  for i in range(d)]
    return [v for row in result for v in row]


def _run(circuit, matrices, d, m):
    width = circuit.meta["width"]
    bits = pack_numbers(np.asarray(matrices, dtype=object), [m] * (d * d))
    return unpack_numbers(circuit.evaluate(bits), [width] * (d * d))


@pytest.mark.parametrize("d, m, N", [(1, 3, 4), (2, 1, 1), (2, 1, 2), (2, 1, 3), (2, 1, 5)])
def test_exhaustive_small_against_sympy(d, m, N):
    matrices = list(itertools.product(range(2**m), repeat=d * d))
    got = _run(_circuit(d, m, N), matrices, d, m)
    for entries, out in zip(matrices, got, strict=True):
        assert out == list(sympy.Matrix(d, d, list(entries)) ** N)


@pytest.mark.parametrize("d, m, N, count", [(3, 1, 3, 64), (3, 1, 5, 40), (2, 2, 16, 40),
                                            (2, 3, 6, 40)])
def test_random_and_extreme_matrices(d, m, N, count):
    rng = np.random.default_rng(d * 100 + N)
    top = 2**m - 1
    matrices = [tuple(int(v) for v in rng.integers(0, 2**m, d * d)) for _ in range(count)]
    matrices += [(top,) * (d * d), (0,) * (d * d), tuple(int(i % (d + 1) == 0) * top
                                                           for i in range(d * d))]
    got = _run(_circuit(d, m, N), matrices, d, m)
    assert got == [_python_power(e, d, N) for e in matrices]


def test_width_fits_the_largest_value():
    d, m, N = 2, 2, 16
    c = _circuit(d, m, N)
    largest = d ** (N - 1) * (2**m - 1) ** N
    assert c.meta["width"] == output_width(d, m, N) == largest.bit_length()
    assert c.n_outputs == d * d * largest.bit_length()
    assert _run(c, [(3, 3, 3, 3)], d, m)[0] == [largest] * 4


def test_depth_equal_across_N():
    """Equal for N >= 4 at fixed (d, m); below that some stages are constant and fold away."""
    depth_d2 = {N: _circuit(2, 1, N).depth for N in (4, 5, 8, 16)}
    assert len(set(depth_d2.values())) == 1, depth_d2
    depth_d3 = {N: _circuit(3, 1, N).depth for N in (3, 4, 5, 7)}
    assert len(set(depth_d3.values())) == 1, depth_d3
    assert all(_circuit(2, 1, N).depth <= depth_d2[4] for N in (1, 2, 3))


def test_cayley_hamilton_reduction_is_exact():
    """M^N = Σ_j c_{N,j}(s(M)) M^j with the symbolic s and c, on random integer matrices."""
    rng = np.random.default_rng(7)
    for d in (2, 3):
        for N in (1, 2, d, 7, 12):
            reduction = power_reduction(d, N)
            for _ in range(3):
                entries = [int(v) for v in rng.integers(-5, 6, d * d)]
                s = [sum(coef * np.prod([x**e for x, e in zip(entries, exps, strict=True)],
                                        dtype=object)
                         for exps, coef in poly.items())
                     for poly in characteristic_coefficients(d)]
                matrix = sympy.Matrix(d, d, entries)
                total = sympy.zeros(d, d)
                for j, poly in enumerate(reduction):
                    c = sum(coef * np.prod([x**e for x, e in zip(s, exps, strict=True)],
                                           dtype=object)
                            for exps, coef in poly.items())
                    total += int(c) * matrix**j
                assert total == matrix**N


def test_estimate_bounds_built_size():
    for args in [(2, 2, 8), (3, 1, 5)]:
        gates, edges = estimate_matrix_power(*args)
        c = _circuit(*args)
        assert c.size <= gates and c.edges <= edges


@pytest.mark.parametrize("kwargs, error", [
    (dict(d=4, m=1, N=2), UnsupportedDimensionError),
    (dict(d=0, m=1, N=2), BadParameterError),
    (dict(d=2, m=0, N=2), BadParameterError),
    (dict(d=2, m=1, N=0), BadParameterError),
    (dict(d=2, m=1, N=10**6), BadParameterError),
    (dict(d=3, m=8, N=16), CircuitBudgetError),
    (dict(d=2, m=2, N=4, budget=100), CircuitBudgetError),
])
def test_bad_input(kwargs, error):
    with pytest.raises(error) as info:
        matrix_power(**kwargs)
    assert str(info.value)
    if error is CircuitBudgetError:  # a bad size parameter and a budget refusal at once
        assert isinstance(info.value, BadParameterError)
