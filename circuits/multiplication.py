"""Multiplication of two m-bit numbers in constant depth.

Source: Siu & Roychowdhury 1994 ("On optimal depth threshold circuits for multiplication and
related problems", SIAM J. Discrete Math. 7): multiplication reduces to one layer of partial
products and an iterated addition; Merrill, Petty & Sabharwal (ICML 2024, App. A) use it for the
products inside S4/S6 layers.

Construction (inputs ``x`` then ``y``, each ``m`` bits little-endian; ``2m`` output bits):

- partial products ``p_{i,j} = [x_i + y_j ≥ 2] = x_i ∧ y_j`` (``m²`` gates, weights 1, depth 1);
- ``x·y = Σ_{i,j} 2^{i+j} p_{i,j}``: the column sum of :mod:`statecheck.circuits.addition` with
  column ``i + j`` holding the ``p_{i,j}``.

Depth: 1 + 2 = **3** with ``weights="exponential"`` (layer-1 weights ``2^{i+j}``, max weight
``2^{2m-2}``), within the required ≤ 4. With ``weights="polynomial"`` the column sum has depth
6, so multiplication has depth 7 (max weight ``< 2·bitlen(m)``); the depth-4 polynomial-weight
construction of Siu & Roychowdhury is not implemented here.
"""

from __future__ import annotations

from statecheck.circuits.addition import emit_column_sum, estimate_column_sum
from statecheck.circuits.ir import Circuit, CircuitBuilder
from statecheck.circuits.validation import check_budget, check_positive, check_weights_mode

__all__ = ["emit_multiply", "multiplication", "estimate_multiplication"]

SOURCE = "Siu & Roychowdhury 1994; Merrill, Petty & Sabharwal 2024, App. A"


def emit_multiply(b: CircuitBuilder, x, y, *, weights: str = "exponential") -> list[int]:
    """Add ``x · y`` (little-endian wire lists, any widths) to ``b``; return its bits.

    Returns ``bitlen((2^{|x|} − 1)(2^{|y|} − 1))`` wires (depth 1 + the column sum's depth).
    """
    check_weights_mode(weights)
    columns: dict[int, list[int]] = {}
    for i, xi in enumerate(x):
        for j, yj in enumerate(y):
            columns.setdefault(i + j, []).append(b.gate([xi, yj], [1, 1], 2))  # p_ij = x_i ∧ y_j
    if not columns:
        return [b.const(0)]
    return emit_column_sum(b, columns, weights=weights)


def estimate_multiplication(m: int, weights: str = "exponential") -> tuple[int, int]:
    """``(gates, edges)`` of :func:`multiplication` before building it."""
    counts = {p: min(p, 2 * m - 2 - p) + 1 for p in range(2 * m - 1)}
    gates, edges = estimate_column_sum(counts, weights)
    return gates + m * m, edges + 2 * m * m


def multiplication(m: int, *, weights: str = "exponential", budget: int | None = None) -> Circuit:
    """``x · y`` for two ``m``-bit numbers: inputs ``x`` then ``y``; ``2m`` output bits.

    Depth 3 with exponential weights, 7 with polynomial weights (module docstring).

    Raises
    ------
    BadParameterError
        ``m < 1`` or an unknown ``weights``.
    BudgetExceededError
        The estimated gates or edges exceed the budget.
    """
    m = check_positive("m", m)
    check_weights_mode(weights)
    what = f"multiplication(m={m}, weights={weights})"
    gates, edges = estimate_multiplication(m, weights)
    check_budget(what, gates, budget, estimated_edges=edges)
    b = CircuitBuilder(2 * m, name=what)
    product = emit_multiply(b, b.inputs[:m], b.inputs[m:], weights=weights)
    product += [b.const(0)] * (2 * m - len(product))  # m = 1: the product has 1 bit
    return b.build(product, meta={"construction": "multiplication", "source": SOURCE, "m": m,
                                  "weights": weights})
