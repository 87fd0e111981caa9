"""Claims of the threshold-circuit builders (TC0 arithmetic) for ``statecheck verify``.

Each claim builds circuits at stated sizes and compares :meth:`Circuit.evaluate` with Python
integer arithmetic on **every** input of those sizes (an exact proof for those sizes), or checks
a depth/weight bound over a stated range of sizes. Nothing is claimed beyond the stated sizes,
so every result has ``mode="bounded"`` with ``max_length`` the largest size parameter checked;
a failing claim's counterexample names the numbers on which the circuit is wrong.
"""

from __future__ import annotations

import itertools
import time

import numpy as np

from statecheck.theory.check import CheckResult
from statecheck.theory.claims import claim

__all__ = ["exhaustive_check", "CLAIM_NAMES"]

#: The claims this module registers (the products module registers its own ``circuit.*`` claims).
CLAIM_NAMES = (
    "circuit.counting.exhaustive_n8",
    "circuit.compare.exhaustive_m5",
    "circuit.addition.exhaustive_m6",
    "circuit.iterated_addition.exhaustive_n4_m3",
    "circuit.iterated_addition.constant_depth_n4_to_256",
    "circuit.multiplication.exhaustive_m5",
)

SIU = "Siu & Roychowdhury 1994"
MERRILL = "Merrill, Petty & Sabharwal 2024, §4 and App. A"


def _result(agree: bool, *, size: int, explored: int, start: float, detail: str,
            counterexample=None, expected=None, actual=None) -> CheckResult:
    return CheckResult(
        agree=bool(agree), mode="bounded", max_length=size, depth=0, states_explored=explored,
        transitions=0, seconds=time.perf_counter() - start,
        counterexample=counterexample, expected=expected, actual=actual, detail=detail,
    )


def exhaustive_check(circuit, widths, reference, *, size: int, what: str) -> CheckResult:
    """Compare ``circuit`` with ``reference(*numbers)`` on every tuple of ``widths``-bit numbers.

    Parameters
    ----------
    circuit : Circuit
        Inputs: the numbers concatenated, little-endian; outputs: one number, little-endian.
    widths : sequence of int
    reference : callable
        Exact integer function of the numbers.
    size : int
        Reported as ``max_length`` (the size parameter the check covers).
    what : str
        The circuit, for the detail sentence.
    """
    from statecheck.circuits.ir import pack_numbers, unpack_numbers

    start = time.perf_counter()
    rows = list(itertools.product(*(range(2**w) for w in widths)))
    got = unpack_numbers(circuit.evaluate(pack_numbers(rows, widths)), [circuit.n_outputs])
    for row, (value,) in zip(rows, got, strict=True):
        expected = reference(*row)
        if value != expected:
            return _result(False, size=size, explored=len(rows), start=start,
                           detail=f"{what} is wrong on {row}",
                           counterexample=tuple(str(v) for v in row), expected=expected, actual=value)
    return _result(True, size=size, explored=len(rows), start=start,
                   detail=f"{what} equals Python integers on all {len(rows):,} inputs "
                          f"(depth {circuit.depth}, {circuit.size} gates)")


@claim("circuit.counting.exhaustive_n8", source=SIU)
def _counting() -> CheckResult:
    from statecheck.circuits.counting import at_least_k, exactly_k, majority

    start = time.perf_counter()
    explored = 0
    for n in range(1, 9):
        inputs = np.array(list(itertools.product([0, 1], repeat=n)), dtype=np.uint8)
        ones = inputs.sum(axis=1)
        cases = [("majority", majority(n), 2 * ones > n)]
        cases += [(f"at_least_k(k={k})", at_least_k(n, k), ones >= k) for k in range(n + 1)]
        cases += [(f"exactly_k(k={k})", exactly_k(n, k), ones == k) for k in range(n + 1)]
        for label, circuit, expected in cases:
            got = circuit.evaluate(inputs)[:, 0]
            explored += len(inputs)
            bad = np.flatnonzero(got != expected)
            if len(bad):
                row = inputs[bad[0]]
                return _result(False, size=n, explored=explored, start=start,
                               detail=f"{label} with n={n} is wrong",
                               counterexample=tuple(str(b) for b in row),
                               expected=int(expected[bad[0]]), actual=int(got[bad[0]]))
    return _result(True, size=8, explored=explored, start=start,
                   detail="majority, at_least_k and exactly_k agree with bit counts on every input "
                          "for every n <= 8 and k <= n (depths 1, 1, 2)")


@claim("circuit.compare.exhaustive_m5", source=SIU)
def _compare() -> CheckResult:
    from statecheck.circuits.counting import compare

    for weights in ("exponential", "polynomial"):
        result = exhaustive_check(compare(5, weights=weights), [5, 5], lambda x, y: int(x >= y),
                                  size=5, what=f"compare(m=5, {weights})")
        if not result.agree:
            return result
    return result


@claim("circuit.addition.exhaustive_m6", source=SIU)
def _addition() -> CheckResult:
    from statecheck.circuits.addition import addition

    for weights in ("exponential", "polynomial"):
        result = exhaustive_check(addition(6, weights=weights), [6, 6], lambda x, y: x + y,
                                  size=6, what=f"addition(m=6, {weights})")
        if not result.agree:
            return result
    return result


@claim("circuit.iterated_addition.exhaustive_n4_m3", source=f"{SIU}; {MERRILL}")
def _iterated_addition() -> CheckResult:
    from statecheck.circuits.addition import iterated_addition

    for weights in ("exponential", "polynomial"):
        result = exhaustive_check(iterated_addition(4, 3, weights=weights), [3] * 4,
                                  lambda *xs: sum(xs), size=4,
                                  what=f"iterated_addition(n=4, m=3, {weights})")
        if not result.agree:
            return result
    return result


@claim("circuit.iterated_addition.constant_depth_n4_to_256", source=f"{SIU}; {MERRILL}")
def _iterated_addition_depth() -> CheckResult:
    """Depth 2 (exponential) and 6 (polynomial, max weight < 2·bitlen(n)) for n = 4 … 256, m = 8."""
    from statecheck.circuits.addition import iterated_addition

    start = time.perf_counter()
    rows = []
    for n in (4, 8, 16, 32, 64, 128, 256):
        exponential = iterated_addition(n, 8, weights="exponential")
        polynomial = iterated_addition(n, 8, weights="polynomial", budget=2_000_000)
        rows.append((n, exponential.depth, polynomial.depth, polynomial.max_weight))
    holds = all(e == 2 and p == 6 and w < 2 * n.bit_length() for n, e, p, w in rows)
    shown = "; ".join(f"n={n}: depth {e}/{p}, poly max weight {w}" for n, e, p, w in rows)
    return _result(holds, size=256, explored=len(rows), start=start,
                   detail=f"m=8, exponential/polynomial depth: {shown}")


@claim("circuit.multiplication.exhaustive_m5", source=f"{SIU}; {MERRILL}")
def _multiplication() -> CheckResult:
    from statecheck.circuits.multiplication import multiplication

    circuit = multiplication(5)
    result = exhaustive_check(circuit, [5, 5], lambda x, y: x * y, size=5,
                              what="multiplication(m=5, exponential)")
    if result.agree and circuit.depth > 4:
        return _result(False, size=5, explored=result.states_explored, start=time.perf_counter(),
                       detail=f"multiplication(m=5) has depth {circuit.depth} > 4")
    return result
