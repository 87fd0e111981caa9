"""Claims of the product circuits (iterated product, matrix powering, SSM layers) for
``statecheck verify`` (names ``circuit.product.*``).

Each claim builds circuits and compares them with exact Python-integer references on **every**
input of the stated sizes (a finite, exhaustive check: ``mode="bounded"`` with ``max_length``
the largest number of factors, power or sequence length checked; nothing is claimed beyond
it), or measures depths and asserts they are equal across the stated sizes. On a disagreement
the counterexample is the input (numbers or tokens, as strings).
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np

from statecheck.theory.check import CheckResult
from statecheck.theory.claims import Claim, claim_recorder

__all__ = ["CLAIMS", "PRODUCT_CASES", "POWER_CASES", "LAYER_LENGTHS", "DEPTH_SIZES"]

#: The claims this module registers, in order.
CLAIMS: list[Claim] = []

#: (n, m) of the iterated products checked on every input.
PRODUCT_CASES = ((2, 4), (3, 3), (4, 2), (6, 1))
#: (d, m, N) of the matrix powers checked on every input matrix.
POWER_CASES = tuple((2, 1, N) for N in range(1, 9)) + ((2, 2, 3), (3, 1, 3), (3, 1, 4))
#: Sequence lengths at which each SSM layer circuit is checked on every token sequence.
LAYER_LENGTHS = (1, 2, 3, 4, 5)
#: Sizes across which depths are measured and asserted equal.
DEPTH_SIZES = {
    "iterated_product": {"m": 3, "n": (2, 4, 8, 16)},
    "matrix_power": {"d": 2, "m": 1, "N": (4, 8, 16)},
    "s4": (4, 16, 64, 256),
    "s6": (2, 4, 8, 12),
}

HAB = "Hesse, Allender & Barrington 2002, Thm 4.1"
MP = "Mereghetti & Palano 2000, Thm 3.3"
MERRILL = "Merrill, Petty & Sabharwal 2024"


#: Registers a claim with :func:`statecheck.theory.claims.claim` and records it in :data:`CLAIMS`.
claim = claim_recorder(CLAIMS)


def _result(agree: bool, *, max_length: int, explored: int, start: float, detail: str,
            counterexample=None, expected=None, actual=None) -> CheckResult:
    return CheckResult(
        agree=bool(agree), mode="bounded", max_length=max_length, depth=max_length,
        states_explored=explored, transitions=0, seconds=time.perf_counter() - start,
        counterexample=None if agree else tuple(str(v) for v in counterexample),
        expected=None if agree else expected, actual=None if agree else actual, detail=detail,
    )


def _first_difference(inputs, got, want):
    for row, g, w in zip(inputs, got, want, strict=True):
        if g != w:
            return row, w, g
    return None


@claim("circuit.product.iterated_product.exact", source=HAB)
def _iterated_product_exact() -> CheckResult:
    from statecheck.circuits.ir import pack_numbers, unpack_numbers
    from statecheck.circuits.iterated_product import iterated_product

    start = time.perf_counter()
    explored = 0
    for n, m in PRODUCT_CASES:
        rows = list(itertools.product(range(2**m), repeat=n))
        circuit = iterated_product(n, m)
        bits = pack_numbers(np.asarray(rows), [m] * n)
        got = [v[0] for v in unpack_numbers(circuit.evaluate(bits), [n * m])]
        explored += len(rows)
        bad = _first_difference(rows, got, [math.prod(r) for r in rows])
        if bad:
            return _result(False, max_length=n, explored=explored, start=start,
                           counterexample=bad[0], expected=bad[1], actual=bad[2],
                           detail=f"iterated_product({n}, {m}) differs from the product")
    return _result(True, max_length=max(n for n, _ in PRODUCT_CASES), explored=explored,
                   start=start, detail=f"the product of n m-bit numbers on every input, (n, m) in "
                   f"{list(PRODUCT_CASES)} ({explored} inputs), Python ints as reference")


@claim("circuit.product.iterated_product.depth_constant", source=HAB)
def _iterated_product_depth() -> CheckResult:
    from statecheck.circuits.iterated_product import iterated_product

    start = time.perf_counter()
    sizes = DEPTH_SIZES["iterated_product"]
    depths = {n: iterated_product(n, sizes["m"]).depth for n in sizes["n"]}
    return _result(len(set(depths.values())) == 1, max_length=max(depths), explored=len(depths),
                   start=start, counterexample=list(depths), expected="one depth",
                   actual=str(depths), detail=f"depth by n at m={sizes['m']}: {depths} (measured)")


@claim("circuit.product.matrix_power.exact", source=MP)
def _matrix_power_exact() -> CheckResult:
    from statecheck.circuits.ir import pack_numbers, unpack_numbers
    from statecheck.circuits.matrix_power import matrix_power

    start = time.perf_counter()
    explored = 0
    for d, m, N in POWER_CASES:
        matrices = list(itertools.product(range(2**m), repeat=d * d))
        circuit = matrix_power(d, m, N)
        width = circuit.meta["width"]
        bits = pack_numbers(np.asarray(matrices), [m] * (d * d))
        got = unpack_numbers(circuit.evaluate(bits), [width] * (d * d))
        want = [_python_power(e, d, N) for e in matrices]
        explored += len(matrices)
        bad = _first_difference(matrices, got, want)
        if bad:
            return _result(False, max_length=N, explored=explored, start=start,
                           counterexample=bad[0], expected=bad[1], actual=bad[2],
                           detail=f"matrix_power({d}, {m}, {N}) differs from M^N")
    return _result(True, max_length=max(N for *_, N in POWER_CASES), explored=explored,
                   start=start, detail=f"M^N on every input matrix for (d, m, N) in "
                   f"{list(POWER_CASES)} ({explored} matrices), Python ints as reference")


def _python_power(entries, d, N):
    rows = [list(entries[i * d:(i + 1) * d]) for i in range(d)]
    result = [[int(i == k) for k in range(d)] for i in range(d)]
    for _ in range(N):
        result = [[sum(result[i][j] * rows[j][k] for j in range(d)) for k in range(d)]
                  for i in range(d)]
    return [int(v) for row in result for v in row]


@claim("circuit.product.matrix_power.depth_constant", source=MP)
def _matrix_power_depth() -> CheckResult:
    from statecheck.circuits.matrix_power import matrix_power

    start = time.perf_counter()
    sizes = DEPTH_SIZES["matrix_power"]
    depths = {N: matrix_power(sizes["d"], sizes["m"], N).depth for N in sizes["N"]}
    return _result(len(set(depths.values())) == 1, max_length=max(depths), explored=len(depths),
                   start=start, counterexample=list(depths), expected="one depth",
                   actual=str(depths),
                   detail=f"depth by N at d={sizes['d']}, m={sizes['m']}: {depths} (measured)")


def _layer_claim(kind: str) -> CheckResult:
    from statecheck.circuits import ssm_layer

    layer = ssm_layer.DEFAULT_S4 if kind == "s4" else ssm_layer.DEFAULT_S6
    build = ssm_layer.s4_layer_circuit if kind == "s4" else ssm_layer.s6_layer_circuit
    start = time.perf_counter()
    explored = 0
    for n in LAYER_LENGTHS:
        words = list(itertools.product(layer.alphabet, repeat=n))
        got = ssm_layer.decode_signed(build(n).evaluate(ssm_layer.encode_tokens(layer, words)))
        explored += len(words)
        bad = _first_difference(words, got, [layer.run(w) for w in words])
        if bad:
            return _result(False, max_length=n, explored=explored, start=start,
                           counterexample=bad[0], expected=bad[1], actual=bad[2],
                           detail=f"{kind} layer circuit at n={n} differs from the recurrence")
    depths = {n: build(n).depth for n in DEPTH_SIZES[kind]}
    equal = len(set(depths.values())) == 1
    return _result(equal, max_length=max(LAYER_LENGTHS), explored=explored, start=start,
                   counterexample=list(depths), expected="one depth", actual=str(depths),
                   detail=f"y_n of the default {kind.upper()} layer equals the exact recurrence on "
                   f"every token sequence of length n <= {max(LAYER_LENGTHS)} ({explored} "
                   f"sequences); depth by n {depths} (measured, equal)")


@claim("circuit.product.s4_layer.recurrence", source=f"{MERRILL}, Thm 4.2")
def _s4_layer() -> CheckResult:
    return _layer_claim("s4")


@claim("circuit.product.s6_layer.recurrence", source=f"{MERRILL}, Thm 4.4")
def _s6_layer() -> CheckResult:
    return _layer_claim("s6")
