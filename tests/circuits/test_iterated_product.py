"""Tests of the constant-depth iterated product (HAB 2002) and its residue gadgets.

Every circuit output is compared with Python integers (``math.prod``, ``pow``, ``%``), never
with values taken from the code under test.
"""

from __future__ import annotations

import itertools
import math
from functools import cache

import numpy as np
import pytest
import sympy

from statecheck.circuits.ir import CircuitBuilder, pack_numbers, unpack_numbers
from statecheck.circuits.iterated_product import (
    estimate_iterated_product,
    iterated_product,
)
from statecheck.circuits.residue_circuits import (
    crt_primes,
    crt_reconstruct,
    discrete_log_table,
    linear_mod,
    polynomial_mod,
    product_mod,
    residue_of_bits,
)
from statecheck.circuits.validation import CircuitBudgetError
from statecheck.errors import BadParameterError


@cache
def _circuit(n: int, m: int):
    return iterated_product(n, m)


def _run(circuit, rows, m):
    n = len(rows[0])
    bits = pack_numbers(np.asarray(rows, dtype=object), [m] * n)
    return [row[0] for row in unpack_numbers(circuit.evaluate(bits), [n * m])]


@pytest.mark.parametrize("n, m", [(1, 1), (1, 3), (2, 2), (3, 2), (2, 3), (4, 1), (3, 3)])
def test_exhaustive_small(n, m):
    rows = list(itertools.product(range(2**m), repeat=n))
    assert _run(_circuit(n, m), rows, m) == [math.prod(r) for r in rows]


def test_random_larger_with_zero_factors():
    n, m = 8, 4
    rng = np.random.default_rng(1)
    rows = [tuple(int(v) for v in rng.integers(0, 2**m, n)) for _ in range(150)]
    rows += [tuple([0] + [15] * (n - 1)), tuple([15] * n), tuple([1] * n), tuple([15] * 7 + [0])]
    assert any(0 in r for r in rows[:150])
    assert _run(_circuit(n, m), rows, m) == [math.prod(r) for r in rows]


def test_output_layout():
    c = _circuit(3, 2)
    assert (c.n_inputs, c.n_outputs) == (6, 6)
    assert math.prod(c.meta["primes"]) > 2 * 3**3


def test_depth_constant_in_n():
    depths = {n: _circuit(n, 3).depth for n in (2, 3, 4, 6, 8)}
    assert len(set(depths.values())) == 1, depths
    assert _circuit(12, 2).depth == _circuit(2, 2).depth


def test_estimate_bounds_built_size():
    for n, m in [(2, 2), (4, 3), (8, 4)]:
        gates, edges = estimate_iterated_product(n, m)
        c = _circuit(n, m)
        assert c.size <= gates and c.edges <= edges


def test_networkx_matches_evaluate():
    import networkx as nx

    c = _circuit(2, 2)
    graph = c.to_networkx()
    rows = list(itertools.product(range(4), repeat=2))
    bits = pack_numbers(np.asarray(rows), [2, 2])
    expected = c.evaluate(bits)
    order = list(nx.topological_sort(graph))
    for r, row_bits in enumerate(bits):
        value = {}
        outputs = {}
        for node in order:
            data = graph.nodes[node]
            if data["kind"] == "input":
                value[node] = int(row_bits[data["index"]])
            elif data["kind"] == "gate":
                total = sum(graph.edges[u, node]["weight"] * value[u]
                            for u in graph.predecessors(node))
                value[node] = int(total >= data["threshold"])
            else:  # constant
                value[node] = int(data["value"])
            if "output_index" in data:
                outputs[data["output_index"]] = value[node]
        assert [outputs[j] for j in range(c.n_outputs)] == expected[r].tolist()


@pytest.mark.parametrize("kwargs, error", [
    (dict(n=0, m=2), BadParameterError),
    (dict(n=2, m=0), BadParameterError),
    (dict(n="3", m=2), BadParameterError),
    (dict(n=64, m=64), CircuitBudgetError),
    (dict(n=4, m=4, budget=10), CircuitBudgetError),
    (dict(n=4, m=4, edge_budget=10), CircuitBudgetError),
])
def test_bad_input(kwargs, error):
    with pytest.raises(error) as info:
        iterated_product(**kwargs)
    assert str(info.value)
    if error is CircuitBudgetError:  # a bad size parameter and a budget refusal at once
        assert isinstance(info.value, BadParameterError)


# ------------------------------------------------------------------------- residue gadgets


def test_crt_primes_cover_bound():
    for bound in (0, 1, 10, 2**40, 3**50):
        primes = crt_primes(bound)
        assert all(sympy.isprime(p) and p >= 3 for p in primes)
        assert math.prod(primes) > 2 * bound
        assert math.prod(primes[:-1]) <= 2 * bound or len(primes) == 1


@pytest.mark.parametrize("p", [3, 5, 7, 11, 13, 31])
def test_discrete_log_table(p):
    g, log = discrete_log_table(p)
    assert sorted(log) == list(range(1, p))
    assert all(pow(g, e, p) == a for a, e in log.items())


def _decode(residue, values):
    """The residue's one-hot, value-bit and log-bit readings for one evaluated row."""
    onehot = [values[w] for w in residue.onehot]
    assert sum(onehot) == 1
    a = onehot.index(1)
    value = sum(values[w] << j for j, w in enumerate(residue.value_bits))
    log = sum(values[w] << j for j, w in enumerate(residue.log_bits))
    return a, value, log


@pytest.mark.parametrize("p", [5, 7, 11])
def test_gadgets_against_python(p):
    """residue_of_bits, product_mod (with exponents and a token selector), linear_mod,
    polynomial_mod: every encoding, on every input of two 3-bit numbers and a 3-token input."""
    m = 3
    tokens = (2, 0, p - 1)  # a token table whose middle token is 0 (a zero factor)
    b = CircuitBuilder(2 * m + 3)
    consts: dict = {}
    x = residue_of_bits(b, b.inputs[:m], p, consts=consts)
    y = residue_of_bits(b, b.inputs[m:2 * m], p, consts=consts)
    token = [(b.inputs[2 * m + t], tokens[t]) for t in range(3)]
    prod = product_mod(b, [(x, 2), (y, 3), (token, 1)], p, constant=3, consts=consts)
    lin = linear_mod(b, [(x, 4), (y, -1), (token, 2)], p, offset=5, consts=consts)
    poly = polynomial_mod(b, [x, y], {(2, 1): 3, (0, 1): -2, (0, 0): 7}, p, consts=consts)
    residues = {"x": x, "y": y, "prod": prod, "lin": lin, "poly": poly}
    wires = sorted({w for r in residues.values()
                    for w in (*r.onehot, *r.value_bits, *r.log_bits)})
    circuit = b.build(wires)
    _, log = discrete_log_table(p)
    rows = []
    expected = []
    for xv, yv, t in itertools.product(range(2**m), range(2**m), range(3)):
        rows.append([(xv >> j) & 1 for j in range(m)] + [(yv >> j) & 1 for j in range(m)]
                    + [int(t == k) for k in range(3)])
        expected.append({
            "x": xv % p, "y": yv % p,
            "prod": 3 * xv**2 * yv**3 * tokens[t] % p,
            "lin": (5 + 4 * xv - yv + 2 * tokens[t]) % p,
            "poly": (3 * xv**2 * yv - 2 * yv + 7) % p,
        })
    out = circuit.evaluate(np.asarray(rows))
    for row, want in zip(out, expected, strict=True):
        values = dict(zip(wires, row.tolist(), strict=True))
        for name, residue in residues.items():
            a, value, lg = _decode(residue, values)
            assert a == value == want[name], (name, want)
            assert lg == (log[a] if a else 0)


def test_crt_reconstruct_with_subtract():
    """Rebuild X from its residues and return X − 5 modulo 2^W (two's complement)."""
    m, width = 4, 6
    primes = crt_primes(2**m - 1)
    b = CircuitBuilder(m)
    consts: dict = {}
    residues = [residue_of_bits(b, b.inputs, p, consts=consts) for p in primes]
    circuit = b.build(crt_reconstruct(b, residues, width, subtract=5, consts=consts))
    rows = [[(x >> j) & 1 for j in range(m)] for x in range(2**m)]
    got = [v[0] for v in unpack_numbers(circuit.evaluate(np.asarray(rows)), [width])]
    assert got == [(x - 5) % 2**width for x in range(2**m)]
