"""Counting gates (majority, at-least-k, exactly-k) and comparison of two numbers.

Source: the classical threshold-circuit primitives of Siu & Roychowdhury (1994, "On optimal
depth threshold circuits for multiplication and related problems", SIAM J. Discrete Math. 7,
§2) and Siu, Roychowdhury & Kailath (1995, *Discrete Neural Computation*, ch. 2). They are the
building blocks of the TC0 arguments in Merrill, Petty & Sabharwal (ICML 2024, §4, App. A).

Weights, as formulas next to the code that builds them (``x`` the input bits):

- ``at_least(x, k)  = [Σ_i x_i ≥ k]``                     (one gate, weights 1, depth 1)
- ``majority(x)     = [Σ_i x_i ≥ ⌊n/2⌋ + 1]``              (strictly more than half the bits are 1)
- ``exactly(x, k)   = [at_least(x, k) − at_least(x, k+1) ≥ 1]``   (depth 2, weights ±1)
- ``compare(x, y)   = [Σ_i 2^i x_i − Σ_i 2^i y_i ≥ 0] = [x ≥ y]`` (exponential weights, depth 1)
- polynomial-weight comparison (weights ±1, depth 3), with ``gt_i = [x_i − y_i ≥ 1]``,
  ``lt_i = [y_i − x_i ≥ 1]`` (depth 1), ``d_i = gt_i + lt_i`` (bit i differs):
  ``first_lt_i = [lt_i − Σ_{j>i} (gt_j + lt_j) ≥ 1]`` (y wins at the most significant
  differing bit, depth 2) and ``x ≥ y = [−Σ_i first_lt_i ≥ 0]`` (depth 3).
"""

from __future__ import annotations

from statecheck.circuits.ir import Circuit, CircuitBuilder
from statecheck.circuits.validation import check_budget, check_positive, check_weights_mode

__all__ = [
    "emit_at_least",
    "emit_exactly",
    "emit_compare",
    "majority",
    "at_least_k",
    "exactly_k",
    "compare",
    "estimate_compare",
]

SOURCE = "Siu & Roychowdhury 1994, §2; Merrill, Petty & Sabharwal 2024, §4"


def emit_at_least(b: CircuitBuilder, wires, k: int) -> int:
    """Add ``[Σ wires ≥ k]`` to ``b`` and return its wire (a constant when trivially decided).

    ``k ≤ 0`` gives the constant-1 wire and ``k > len(wires)`` the constant-0 wire.
    """
    wires = list(wires)
    k = int(k)
    if k <= 0:
        return b.const(1)
    if k > len(wires):
        return b.const(0)
    return b.gate(wires, [1] * len(wires), k)


def emit_exactly(b: CircuitBuilder, wires, k: int) -> int:
    """Add ``[Σ wires = k] = [at_least(k) − at_least(k+1) ≥ 1]`` (depth 2); return its wire."""
    wires = list(wires)
    k = int(k)
    if k < 0 or k > len(wires):
        return b.const(0)
    low = emit_at_least(b, wires, k)
    high = emit_at_least(b, wires, k + 1)
    return b.gate([low, high], [1, -1], 1)


def emit_compare(b: CircuitBuilder, x, y, *, weights: str = "exponential") -> int:
    """Add ``[x ≥ y]`` for little-endian wire lists ``x`` and ``y`` (widths may differ).

    ``weights="exponential"``: one gate ``[Σ 2^i x_i − Σ 2^i y_i ≥ 0]`` (weights up to
    ``2^{m-1}``). ``weights="polynomial"``: weights ±1, depth 3 (see the module docstring).
    """
    check_weights_mode(weights)
    x, y = list(x), list(y)
    if weights == "exponential":
        return b.gate(x + y, [1 << i for i in range(len(x))] + [-(1 << i) for i in range(len(y))], 0)
    width = max(len(x), len(y))
    zero = b.const(0) if len(x) != len(y) else None
    x = x + [zero] * (width - len(x))
    y = y + [zero] * (width - len(y))
    greater = [b.gate([x[i], y[i]], [1, -1], 1) for i in range(width)]  # gt_i = x_i ∧ ¬y_i
    less = [b.gate([x[i], y[i]], [-1, 1], 1) for i in range(width)]  # lt_i = ¬x_i ∧ y_i
    first_less = []
    for i in range(width):
        above = list(range(i + 1, width))
        wires = [less[i]] + [greater[j] for j in above] + [less[j] for j in above]
        first_less.append(b.gate(wires, [1] + [-1] * (2 * len(above)), 1))
    return b.gate(first_less, [-1] * width, 0)


# ---------------------------------------------------------------------- standalone builders
def majority(n: int, *, budget: int | None = None) -> Circuit:
    """Majority of ``n`` bits: ``[Σ x_i ≥ ⌊n/2⌋ + 1]`` (strict majority), one gate, depth 1.

    Source: Siu & Roychowdhury 1994, §2. Inputs: ``x_0 … x_{n-1}``; one output.
    """
    n = check_positive("n", n)
    check_budget(f"majority(n={n})", 1, budget)
    b = CircuitBuilder(n, name=f"majority(n={n})")
    out = emit_at_least(b, b.inputs, n // 2 + 1)
    return b.build([out], meta={"construction": "majority", "source": SOURCE, "n": n})


def at_least_k(n: int, k: int, *, budget: int | None = None) -> Circuit:
    """``[Σ x_i ≥ k]`` over ``n`` bits: one gate with weights 1 and threshold ``k``, depth 1.

    ``k`` must lie in ``0 … n`` (``k = 0`` gives a constant-1 output without gates).
    """
    n = check_positive("n", n)
    k = check_positive("k", k, minimum=0, maximum=n)
    check_budget(f"at_least_k(n={n}, k={k})", 1, budget)
    b = CircuitBuilder(n, name=f"at_least_k(n={n}, k={k})")
    out = emit_at_least(b, b.inputs, k)
    return b.build([out], meta={"construction": "at_least_k", "source": SOURCE, "n": n, "k": k})


def exactly_k(n: int, k: int, *, budget: int | None = None) -> Circuit:
    """``[Σ x_i = k]`` over ``n`` bits: ``[[Σx ≥ k] − [Σx ≥ k+1] ≥ 1]``, 3 gates, depth 2."""
    n = check_positive("n", n)
    k = check_positive("k", k, minimum=0, maximum=n)
    check_budget(f"exactly_k(n={n}, k={k})", 3, budget)
    b = CircuitBuilder(n, name=f"exactly_k(n={n}, k={k})")
    out = emit_exactly(b, b.inputs, k)
    return b.build([out], meta={"construction": "exactly_k", "source": SOURCE, "n": n, "k": k})


def estimate_compare(m: int, weights: str = "exponential") -> int:
    """Upper bound on the gates of :func:`compare` (1, or ``3m + 1`` with polynomial weights)."""
    return 1 if weights == "exponential" else 3 * m + 1


def compare(m: int, *, weights: str = "exponential", budget: int | None = None) -> Circuit:
    """``[x ≥ y]`` for two ``m``-bit numbers; inputs ``x`` (m bits) then ``y`` (m bits).

    Exponential weights: one gate ``[Σ 2^i x_i − Σ 2^i y_i ≥ 0]``, depth 1, max weight
    ``2^{m-1}``. Polynomial weights: ``3m + 1`` gates with weights ±1, depth 3.
    """
    m = check_positive("m", m)
    check_weights_mode(weights)
    check_budget(f"compare(m={m})", estimate_compare(m, weights), budget)
    b = CircuitBuilder(2 * m, name=f"compare(m={m}, weights={weights})")
    out = emit_compare(b, b.inputs[:m], b.inputs[m:], weights=weights)
    return b.build([out], meta={"construction": "compare", "source": SOURCE, "m": m,
                                "weights": weights})

