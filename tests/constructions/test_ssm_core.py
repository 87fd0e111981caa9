"""The exact SSM layer and stack (statecheck.constructions.ssm) and its torch export."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from statecheck.constructions.ssm import BOS, Grid, SSMLayer, SSMStack, Threshold, exact
from statecheck.constructions.ssm_torch import (
    chunked_recurrence,
    resolve_dtype,
    scan_recurrence,
    sequential_recurrence,
)
from statecheck.errors import BadParameterError, InvalidPrefixError, UnknownSymbolError

ALPHABET = ("a", "b", "c")


# ----------------------------------------------------------------------------- exact numbers
def test_exact_normalises_and_refuses_floats():
    assert exact(Fraction(4, 2)) == 2 and type(exact(Fraction(4, 2))) is int
    assert exact(sympy.Rational(1, 3)) == Fraction(1, 3)
    assert exact(True) == 1
    with pytest.raises(BadParameterError, match="0.5"):
        exact(0.5, "A")


def test_grid_rounds_to_nearest_ties_up_and_clamps():
    grid = Grid(2, 1)  # quarters in [-1, 1]
    assert grid.round(Fraction(3, 8)) == Fraction(1, 2)  # 1.5 quarters -> 2 quarters
    assert grid.round(Fraction(-3, 8)) == Fraction(-1, 4)  # -1.5 quarters -> -1 quarter
    assert grid.round(5) == 1 and grid.round(-5) == -1
    assert grid.values() == tuple(Fraction(j, 4) for j in range(-4, 5))
    with pytest.raises(BadParameterError):
        Grid(-1, 1)
    with pytest.raises(BadParameterError):
        Grid(2, 0)


@given(st.fractions(-4, 4), st.fractions(-4, 4), st.integers(0, 4))
def test_grid_rounding_is_monotone_and_lands_on_the_grid(x, y, bits):
    grid = Grid(bits, 2)
    low, high = sorted((x, y))
    assert grid.round(low) <= grid.round(high)
    assert grid.round(x) in grid.values()
    assert abs(grid.round(x) - x) <= Fraction(1, 2 ** (bits + 1)) or abs(x) > 2


# ----------------------------------------------------------------------------- layer validation
def _layer(**overrides):
    spec = dict(inputs=(BOS, *ALPHABET), dim=1, A=lambda u: (1,), B=lambda u: (0,),
                features=lambda u: [Threshold(0, 1, 0)], decide=lambda u, bits: bits[0])
    spec.update(overrides)
    return SSMLayer(**spec)


@pytest.mark.parametrize("overrides, message", [
    ({"A": lambda u: (0.5,)}, "exact"),
    ({"B": lambda u: (1, 2)}, "length dim=1"),
    ({"features": lambda u: [Threshold(3, 1, 0)]}, "coordinate 3"),
    ({"features": lambda u: ["h > 0"]}, "Threshold"),
    ({"features": lambda u: [Threshold(0, 1, j) for j in range(17)]}, "at most 16"),
    ({"decide": lambda u, bits: [bits]}, "unhashable"),
    ({"A": {BOS: (1,)}}, "no entry for input 'a'"),
    ({"dim": 0}, "dim"),
    ({"inputs": ("a", "a")}, "repeats"),
])
def test_layer_rejects_bad_tables(overrides, message):
    with pytest.raises(BadParameterError, match=message):
        _layer(**overrides)


def test_layer_properties_diagonal():
    assert _layer(A=lambda u: (0,) if u == "a" else (1,)).nonnegative
    assert not _layer(A=lambda u: (-1,) if u == "a" else (1,)).nonnegative
    assert _layer().time_invariant
    assert not _layer(A=lambda u: (0,) if u == "a" else (1,)).time_invariant


@pytest.mark.parametrize("matrix, diagonal, nonnegative", [
    (((1, 1), (0, 1)), False, True),      # Jordan block: eigenvalue 1 twice
    (((0, 1), (1, 0)), False, False),     # swap: eigenvalues +1, -1
    (((0, -1), (1, 0)), False, False),    # rotation by 90 degrees: eigenvalues ±i
    (((1, 2), (2, 1)), False, False),     # eigenvalues 3, -1 though every entry is positive
    (((2, 0), (0, 3)), True, True),
    (((Fraction(1, 2), 1), (0, Fraction(1, 3))), False, True),
])
def test_layer_properties_matrix(matrix, diagonal, nonnegative):
    layer = _layer(dim=2, diagonal=False, A=lambda u: matrix, B=lambda u: (0, 0))
    assert layer.diagonal is diagonal
    assert layer.nonnegative is nonnegative
    assert layer.time_invariant


# ----------------------------------------------------------------------------- stack
def _counter_stack() -> SSMStack:
    """Count a − b; predict {a, b} while the count is positive, {a, $} at zero (Dyck-1 over a/b)."""
    layer = _layer(B={BOS: (0,), "a": (1,), "b": (-1,), "c": (0,)},
                   features=lambda u: [Threshold(0, 1, Fraction(1, 2))],
                   decide=lambda u, bits: frozenset({"a", "b"} if bits[0] else {"a", "$"}))
    return SSMStack(name="toy", alphabet=ALPHABET, layers=[layer], finite=False)


def test_stack_runs_and_reports_invalid_prefixes():
    stack = _counter_stack()
    assert stack.next_symbols([]) == {"a", "$"}
    assert stack.next_symbols(["a", "a", "b"]) == {"a", "b"}
    assert stack.accepts(["a", "b"]) and not stack.accepts(["a"]) and not stack.accepts(["b"])
    with pytest.raises(InvalidPrefixError, match="position 2"):
        stack.next_symbols(["a", "b", "b"])
    with pytest.raises(UnknownSymbolError, match="'z'"):
        stack.next_symbols(["a", "z"])
    with pytest.raises(UnknownSymbolError):
        stack.step(stack.initial_state, "z")
    with pytest.raises(UnknownSymbolError, match="not the string"):
        stack.accepts("ab")
    trace = stack.trace(["a", "a", "b"])
    assert [step.states[0] for step in trace] == [(0,), (1,), (2,), (1,)]
    assert trace[0].symbol == BOS


def test_stack_validates_its_layers():
    with pytest.raises(BadParameterError, match="no input for token"):
        SSMStack(name="x", alphabet=("a", "d"), layers=[_layer()])
    lower = _layer(decide=lambda u, bits: ("out", bits[0]))
    with pytest.raises(BadParameterError, match="no input for"):
        SSMStack(name="x", alphabet=ALPHABET, layers=[lower, _layer()])
    with pytest.raises(BadParameterError, match="semantics"):
        SSMStack(name="x", alphabet=ALPHABET, layers=[_layer()], semantics="tagging")


def test_grid_makes_the_state_finite():
    stack = _counter_stack().with_grid(Grid(0, 3))
    assert stack.run(["a"] * 10)[0] == (3,)  # saturates at the bound
    assert stack.layers[0].grid == Grid(0, 3)


# ----------------------------------------------------------------------------- torch export
@st.composite
def random_stacks(draw):
    """Two-layer stacks with small integer weights (exact in fp64), diagonal or matrix."""
    dim = draw(st.integers(1, 3))
    matrix = draw(st.booleans())
    ints = st.integers(-1, 1)

    def table(shape):
        return {u: draw(shape) for u in (BOS, *ALPHABET)}

    vector = st.tuples(*[ints] * dim)
    A1 = table(st.tuples(*[vector] * dim) if matrix else vector)
    B1 = table(st.tuples(*[st.integers(-2, 2)] * dim))
    units1 = [Threshold(draw(st.integers(0, dim - 1)), draw(st.sampled_from([1, -1])),
                        Fraction(draw(st.integers(-3, 3)), 2)) for _ in range(2)]
    layer1 = SSMLayer(inputs=(BOS, *ALPHABET), dim=dim, A=A1, B=B1, diagonal=not matrix,
                      features=lambda u: units1, decide=lambda u, bits: (u, bits))
    pairs = tuple((u, (x, y)) for u in (BOS, *ALPHABET) for x in (0, 1) for y in (0, 1))
    a2 = {p: (draw(ints),) for p in pairs}
    b2 = {p: (draw(st.integers(-2, 2)),) for p in pairs}
    layer2 = SSMLayer(inputs=pairs, dim=1, A=a2, B=b2,
                      features=lambda p: [Threshold(0, 1, Fraction(1, 2))],
                      decide=lambda p, bits: bool(bits[0]))
    return SSMStack(name="random", alphabet=ALPHABET, layers=[layer1, layer2],
                    semantics="recognition")


@settings(max_examples=25, deadline=None)
@given(random_stacks(), st.lists(st.lists(st.sampled_from(ALPHABET), min_size=9, max_size=9),
                                 min_size=1, max_size=3))
def test_torch_export_matches_the_exact_run_in_every_mode(stack, words):
    module = stack.to_torch(torch.float64)
    exact_runs = [stack.trace(w) for w in words]
    for mode in ("sequential", "scan", "chunked"):
        indices, states = module(module.encode(words), mode=mode, return_states=True)
        outputs = module.decode(indices)
        for row, (trace, word) in enumerate(zip(exact_runs, words, strict=True)):
            assert outputs[row] == [step.outputs[-1] for step in trace], (mode, word)
            for layer, float_states in enumerate(states):
                expected = torch.tensor([[float(x) for x in step.states[layer]] for step in trace],
                                        dtype=torch.float64)
                assert torch.equal(float_states[row], expected), (mode, word, layer)


@pytest.mark.parametrize("matrix", [False, True])
@pytest.mark.parametrize("length", [1, 2, 7, 64, 65])
def test_scans_equal_the_sequential_loop(matrix, length):
    generator = torch.Generator().manual_seed(length)
    shape = (3, length, 2, 2) if matrix else (3, length, 2)
    a = torch.randint(-1, 2, shape, generator=generator).double()
    b = torch.randint(-2, 3, (3, length, 2), generator=generator).double()
    h0 = torch.tensor([1.0, -2.0], dtype=torch.float64)
    expected = torch.zeros(3, length, 2, dtype=torch.float64)
    for batch in range(3):  # the recurrence written out, independently of the module
        h = h0.clone()
        for t in range(length):
            h = (a[batch, t] @ h if matrix else a[batch, t] * h) + b[batch, t]
            expected[batch, t] = h
    assert torch.equal(sequential_recurrence(a, b, h0, matrix=matrix), expected)
    assert torch.equal(scan_recurrence(a, b, h0, matrix=matrix), expected)
    assert torch.equal(chunked_recurrence(a, b, h0, matrix=matrix), expected)
    assert torch.equal(chunked_recurrence(a, b, h0, matrix=matrix, chunk=5), expected)


def test_torch_export_validates_input():
    module = _counter_stack().to_torch("bf16")
    assert module.dtype is torch.bfloat16
    with pytest.raises(UnknownSymbolError, match="'z'"):
        module.encode([["a", "z"]])
    with pytest.raises(BadParameterError, match="equal length"):
        module.encode([["a"], ["a", "b"]])
    with pytest.raises(BadParameterError, match="mode"):
        module(module.encode([["a"]]), mode="parallel")
    with pytest.raises(BadParameterError, match="unknown dtype"):
        resolve_dtype("float8")
    with pytest.raises(BadParameterError, match="floating-point"):
        resolve_dtype(torch.int32)
