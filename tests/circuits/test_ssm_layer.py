"""Tests of the S4-like and S6-like SSM layers as constant-depth threshold circuits.

The reference is the exact recurrence (:meth:`S4Layer.run`, :meth:`S6Layer.run`, Python ints);
the convolutional forms are checked against it independently, and the S4 kernel's matrix
powers against the matrix-powering circuit.
"""

from __future__ import annotations

import itertools
import random
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statecheck.circuits.ir import pack_numbers, unpack_numbers
from statecheck.circuits.matrix_power import matrix_power
from statecheck.circuits.ssm_layer import (
    DEFAULT_S4,
    DEFAULT_S6,
    MAX_LENGTH,
    InvalidLayerError,
    S4Layer,
    S6Layer,
    decode_signed,
    encode_tokens,
    s4_kernel,
    s4_layer_circuit,
    s6_layer_circuit,
)
from statecheck.circuits.validation import CircuitBudgetError
from statecheck.errors import BadParameterError, UnknownSymbolError

S4_3D = S4Layer(alphabet=("x", "y"), A=((0, 1, 0), (0, 0, 1), (1, -1, 1)),
                B=((1, -1), (0, 2), (1, 0)), C=(1, 0, -1))
S6_WIDE = S6Layer(alphabet=("p", "q", "r", "s"), A_diag=((3, 1), (0, -2), (1, 1), (-1, 0)),
                  B=((1, -1, 0, 2), (0, 1, 1, -1)), C=(1, 3))


@cache
def _s4(n, layer=DEFAULT_S4):
    return s4_layer_circuit(n, layer=layer)


@cache
def _s6(n, layer=DEFAULT_S6):
    return s6_layer_circuit(n, layer=layer)


def _words(layer, n, count=None, seed=0):
    if count is None:
        return list(itertools.product(layer.alphabet, repeat=n))
    rng = random.Random(seed)
    return [tuple(rng.choice(layer.alphabet) for _ in range(n)) for _ in range(count)]


def _check(circuit, layer, words):
    got = decode_signed(circuit.evaluate(encode_tokens(layer, words)))
    assert got == [layer.run(w) for w in words]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_s4_every_input_small_n(n):
    _check(_s4(n), DEFAULT_S4, _words(DEFAULT_S4, n))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_s6_every_input_small_n(n):
    _check(_s6(n), DEFAULT_S6, _words(DEFAULT_S6, n))


@pytest.mark.parametrize("n", [16, 64])
def test_s4_random_inputs_larger_n(n):
    _check(_s4(n), DEFAULT_S4, _words(DEFAULT_S4, n, count=200, seed=n))


@pytest.mark.parametrize("n", [9, 14])
def test_s6_random_inputs_larger_n(n):
    words = _words(DEFAULT_S6, n, count=200, seed=n)
    words += [("a",) * n, ("b",) * n, ("c",) * n, ("b",) + ("a",) * (n - 1)]
    _check(_s6(n), DEFAULT_S6, words)


def test_other_layers():
    for n in (1, 4, 6):
        _check(_s4(n, S4_3D), S4_3D, _words(S4_3D, n))
    for n in (1, 3):
        _check(_s6(n, S6_WIDE), S6_WIDE, _words(S6_WIDE, n))
    _check(_s6(7, S6_WIDE), S6_WIDE, _words(S6_WIDE, 7, count=150, seed=3))


def test_depth_does_not_grow_with_n():
    assert len({_s4(n).depth for n in (4, 8, 16, 32, 64)}) == 1
    assert len({_s6(n).depth for n in (2, 4, 8, 9, 14)}) == 1


def test_convolution_forms_equal_recurrence():
    """y_n = Σ_k C A^{n−k} B e(x_k) and Σ_k Σ_i C_i B_{i,x_k} Π_{j>k} a_{x_j,i} (Merrill §4)."""
    for n in (1, 3, 6):
        for word in _words(DEFAULT_S4, n, count=30, seed=n):
            index = [DEFAULT_S4.alphabet.index(t) for t in word]
            d = DEFAULT_S4.state_size
            total = 0
            for k in range(n):
                power = np.eye(d, dtype=object)
                for _ in range(n - 1 - k):
                    power = power.dot(np.asarray(DEFAULT_S4.A, dtype=object))
                column = np.asarray([DEFAULT_S4.B[i][index[k]] for i in range(d)], dtype=object)
                total += int(np.asarray(DEFAULT_S4.C, dtype=object).dot(power.dot(column)))
            assert total == DEFAULT_S4.run(word)
        for word in _words(DEFAULT_S6, n, count=30, seed=n):
            index = [DEFAULT_S6.alphabet.index(t) for t in word]
            total = 0
            for k in range(n):
                for i in range(DEFAULT_S6.state_size):
                    decay = 1
                    for j in range(k + 1, n):
                        decay *= DEFAULT_S6.A_diag[index[j]][i]
                    total += DEFAULT_S6.C[i] * DEFAULT_S6.B[i][index[k]] * decay
            assert total == DEFAULT_S6.run(word)


def test_s4_kernel_powers_match_matrix_power_circuit():
    """The kernel's A^j (computed when the S4 circuit is built) equals the matrix-powering
    circuit's output on A, so the S4 circuit is matrix powering + iterated addition."""
    A = [v for row in DEFAULT_S4.A for v in row]
    kernel = s4_kernel(DEFAULT_S4, 7)
    for j in range(1, 7):
        circuit = matrix_power(2, 1, j)
        width = circuit.meta["width"]
        out = unpack_numbers(circuit.evaluate(pack_numbers(np.asarray([A]), [1] * 4)),
                             [width] * 4)[0]
        power = [out[0:2], out[2:4]]
        expected = [sum(DEFAULT_S4.C[i] * power[i][k] * DEFAULT_S4.B[k][x]
                        for i in range(2) for k in range(2)) for x in range(3)]
        assert kernel[j] == expected


def test_bounds_and_widths_hold():
    for layer, build in ((DEFAULT_S4, _s4), (DEFAULT_S6, _s6)):
        for n in (1, 2, 5):
            values = [layer.run(w) for w in _words(layer, n)]
            circuit = build(n)
            assert max(abs(v) for v in values) <= circuit.meta["bound"]
            assert circuit.n_outputs == circuit.meta["bound"].bit_length() + 1


def test_encode_and_decode():
    bits = encode_tokens(DEFAULT_S4, [("a", "c"), ("b", "b")])
    assert bits.tolist() == [[1, 0, 0, 0, 0, 1], [0, 1, 0, 0, 1, 0]]
    assert decode_signed([[1, 1, 1], [1, 0, 0], [0, 1, 0]]) == [-1, 1, 2]
    with pytest.raises(UnknownSymbolError):
        encode_tokens(DEFAULT_S4, [("a", "z")])
    with pytest.raises(BadParameterError):
        encode_tokens(DEFAULT_S4, [("a",), ("a", "b")])


@pytest.mark.parametrize("build, kwargs, error", [
    (s4_layer_circuit, dict(n=0), BadParameterError),
    (s6_layer_circuit, dict(n=0), BadParameterError),
    (s4_layer_circuit, dict(n=MAX_LENGTH + 1), BadParameterError),
    (s6_layer_circuit, dict(n=64), CircuitBudgetError),
    (s6_layer_circuit, dict(n=4, budget=10), CircuitBudgetError),
    (s4_layer_circuit, dict(n=4, layer=DEFAULT_S6), InvalidLayerError),
    (s6_layer_circuit, dict(n=4, layer="S6"), InvalidLayerError),
])
def test_bad_parameters(build, kwargs, error):
    with pytest.raises(error) as info:
        build(**kwargs)
    assert str(info.value)
    if error is CircuitBudgetError:  # a bad size parameter and a budget refusal at once
        assert isinstance(info.value, BadParameterError)


@pytest.mark.parametrize("make", [
    lambda: S4Layer(alphabet=("a",), A=((1, 0.5), (0, 1)), B=((1,), (0,)), C=(1, 1)),
    lambda: S4Layer(alphabet=("a",), A=((1, 0), (0,)), B=((1,), (0,)), C=(1, 1)),
    lambda: S4Layer(alphabet=("a", "a"), A=((1,),), B=((1, 1),), C=(1,)),
    lambda: S6Layer(alphabet=("a", "b"), A_diag=((1,),), B=((1, 1),), C=(1,)),
    lambda: S6Layer(alphabet=("a",), A_diag=((1,),), B=((1,),), C=()),
])
def test_invalid_layers(make):
    with pytest.raises(InvalidLayerError):
        make()


# ------------------------------------------------------------------------- random layers

_small = st.integers(min_value=-3, max_value=3)


@st.composite
def _s4_layers(draw):
    d = draw(st.integers(1, 3))
    size = draw(st.integers(1, 3))
    alphabet = tuple("abc"[:size])
    A = tuple(tuple(draw(_small) for _ in range(d)) for _ in range(d))
    B = tuple(tuple(draw(_small) for _ in range(size)) for _ in range(d))
    C = tuple(draw(_small) for _ in range(d))
    return S4Layer(alphabet=alphabet, A=A, B=B, C=C)


@st.composite
def _s6_layers(draw):
    d = draw(st.integers(1, 2))
    size = draw(st.integers(1, 3))
    alphabet = tuple("abc"[:size])
    A_diag = tuple(tuple(draw(_small) for _ in range(d)) for _ in range(size))
    B = tuple(tuple(draw(_small) for _ in range(size)) for _ in range(d))
    C = tuple(draw(_small) for _ in range(d))
    return S6Layer(alphabet=alphabet, A_diag=A_diag, B=B, C=C)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layer=_s4_layers(), n=st.integers(1, 4))
def test_random_s4_layers_every_input(layer, n):
    _check(s4_layer_circuit(n, layer=layer), layer, _words(layer, n))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layer=_s6_layers(), n=st.integers(1, 4))
def test_random_s6_layers_every_input(layer, n):
    _check(s6_layer_circuit(n, layer=layer), layer, _words(layer, n))
