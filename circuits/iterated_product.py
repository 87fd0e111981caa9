"""Iterated multiplication in constant depth: the product of n m-bit numbers.

Source: Hesse, Allender & Barrington 2002, *Uniform constant-depth threshold circuits for
division and iterated multiplication* (J. Comput. Syst. Sci. 65), Thm 4.1 and §3–4 (Chinese
remainder representation, discrete logarithms by table lookup, CRT reconstruction); used by
Merrill, Petty & Sabharwal 2024 (ICML), Thm 4.4 / App. A, to put S6 layers in TC0.

Construction (every step a constant number of layers; see
:mod:`statecheck.circuits.residue_circuits` for the gate formulas):

1. **Primes.** ``p_1 < … < p_s`` are the consecutive primes from 3 on with
   ``P = Π p > 2 (2^m − 1)^n`` (:func:`~statecheck.circuits.residue_circuits.crt_primes`);
   each ``p = O(nm)``.
2. **Residues** (depth 2). For each factor ``x_i`` and prime ``p``:
   ``ge_v = [Σ_j (2^j mod p) x_{ij} ≥ v]`` and ``r_{i,p,a} = [Σ_{v ≡ a} (ge_v − ge_{v+1}) ≥ 1]``.
3. **Discrete logs and their sum** (depth 2). With ``g_p`` generating ``Z_p^*``,
   ``ge'_v = [Σ_i Σ_{a ≠ 0} (log_{g_p} a) · r_{i,p,a} ≥ v]`` for ``v ≤ n(p − 2)`` (iterated
   addition of the n logs, counted in unary: the sum is polynomially bounded) and
   ``R_{p,a} = [Σ_{v : g^v ≡ a} (ge'_v − ge'_{v+1}) − Σ_i r_{i,p,0} ≥ 1]`` for ``a ≠ 0``,
   ``R_{p,0} = [Σ_i r_{i,p,0} ≥ 1]`` (**a zero factor** makes the residue 0).
4. **CRT reconstruction** (depth 1 + iterated addition): the rounded quotient ``k`` by ``s − 1``
   gates with weights ``⌊(c_p a mod p) 2^t / p⌋``, then the iterated sum of
   ``(u_p · P/p) mod 2^W`` and ``k · (−P mod 2^W)`` with ``W = nm``
   (:func:`~statecheck.circuits.residue_circuits.crt_reconstruct`).

The depth does not grow with ``n``: it is at most 2 + 2 + 1 + the depth of
:func:`statecheck.circuits.addition.emit_iterated_sum`, and the same for every ``n ≥ 2`` at a
fixed ``m ≥ 2`` (measured, asserted by the tests; ``m = 1`` folds to a shallower AND). The size
is polynomial: ``O(n · s · p_s)`` gates for steps 2–3, where the log-sum gates read the
``⌈log2 p⌉`` log bits of each factor (fan-in ``O(n log p)``).

Bit layout: input = ``x_1 … x_n``, each ``m`` bits little-endian, concatenated; output = the
product, ``n·m`` bits little-endian.
"""

from __future__ import annotations

import math

from statecheck.circuits.residue_circuits import (
    crt_primes,
    crt_reconstruct,
    crt_reconstruct_estimate,
    product_estimate,
    product_mod,
    residue_of_bits,
    residue_of_bits_estimate,
)
from statecheck.circuits.validation import CircuitBudgetError, check_budget, check_positive

__all__ = [
    "iterated_product",
    "estimate_iterated_product",
    "check_edge_budget",
    "DEFAULT_EDGE_BUDGET",
    "MAX_INPUT_BITS",
    "SOURCE",
]

#: Edge budget of the product builders unless the caller passes ``edge_budget=``: 20 million
#: edges take about 1 GB while building and a few seconds per 1,000 inputs to evaluate.
DEFAULT_EDGE_BUDGET = 20_000_000

#: Largest ``n·m`` accepted (refused before the size estimate, which itself grows with n·m).
MAX_INPUT_BITS = 16_384

SOURCE = "Hesse, Allender & Barrington 2002, Thm 4.1; Merrill, Petty & Sabharwal 2024, Thm 4.4"


def check_edge_budget(what: str, estimated_edges: int, edge_budget: int | None) -> None:
    """Refuse to build ``what`` when ``estimated_edges`` exceeds ``edge_budget``.

    Raises
    ------
    CircuitBudgetError
        Naming the estimate and the budget (default :data:`DEFAULT_EDGE_BUDGET`).
    """
    budget = DEFAULT_EDGE_BUDGET if edge_budget is None else check_positive("edge_budget",
                                                                            edge_budget)
    if estimated_edges > budget:
        raise CircuitBudgetError(
            f"{what} needs an estimated {estimated_edges:,} edges, more than the edge budget "
            f"{budget:,}; choose smaller sizes or pass a larger edge_budget"
        )


def estimate_iterated_product(n: int, m: int, *, reconstruction: bool = True) -> tuple[int, int]:
    """``(gates, edges)`` upper estimate of :func:`iterated_product` ``(n, m)``, before building.

    ``reconstruction=False`` leaves out the CRT reconstruction (whose adder estimate is a dry
    run): a fast lower part that already refuses most oversized requests.
    """
    primes = crt_primes((2**m - 1) ** n)
    gates = edges = 0
    for p in primes:
        g, e = residue_of_bits_estimate(m, p)
        gates, edges = gates + n * g, edges + n * e
        g, e = product_estimate([1] * n, p)
        gates, edges = gates + g, edges + e
    if not reconstruction:
        return gates, edges
    g, e = crt_reconstruct_estimate(primes, n * m)
    return gates + g, edges + e


def iterated_product(n: int, m: int, *, budget: int | None = None,
                     edge_budget: int | None = None):
    """The threshold circuit computing ``Π_{i=1}^n x_i`` for ``m``-bit numbers ``x_i``.

    Parameters
    ----------
    n : int
        Number of factors (``≥ 1``).
    m : int
        Bits per factor (``≥ 1``).
    budget : int or None, optional
        Gate budget (default :data:`statecheck.circuits.validation.DEFAULT_GATE_BUDGET`); the
        request is refused before building when :func:`estimate_iterated_product` exceeds it.
    edge_budget : int or None, optional
        Edge budget (default :data:`DEFAULT_EDGE_BUDGET`), checked likewise.

    Returns
    -------
    Circuit
        ``n·m`` inputs (``x_1 … x_n``, little-endian each), ``n·m`` outputs (the product,
        little-endian). ``meta`` holds ``n``, ``m``, ``primes``.

    Raises
    ------
    BadParameterError
        ``n < 1`` or ``m < 1``.
    CircuitBudgetError
        ``n·m >`` :data:`MAX_INPUT_BITS`, or estimated gates or edges above the budgets.

    Notes
    -----
    See the module docstring for the construction (HAB 2002, Thm 4.1) and the weight formulas.
    Zero factors are handled by the zero flags ``r_{i,p,0}``.
    """
    from statecheck.circuits.ir import CircuitBuilder

    n = check_positive("n", n)
    m = check_positive("m", m)
    if n * m > MAX_INPUT_BITS:
        raise CircuitBudgetError(
            f"iterated_product(n={n}, m={m}) has n·m = {n * m:,} input bits, more than the "
            f"{MAX_INPUT_BITS:,} this builder accepts"
        )
    what = f"iterated_product(n={n}, m={m})"
    for reconstruction in (False, True):  # the fast part first
        gates, edges = estimate_iterated_product(n, m, reconstruction=reconstruction)
        check_budget(what, gates, budget)
        check_edge_budget(what, edges, edge_budget)
    primes = crt_primes((2**m - 1) ** n)
    width = n * m
    b = CircuitBuilder(n * m, name=f"iterated_product(n={n}, m={m})")
    consts: dict = {}
    factors = [b.inputs[i * m:(i + 1) * m] for i in range(n)]
    residues = []
    for p in primes:
        factor_residues = [residue_of_bits(b, bits, p, consts=consts) for bits in factors]
        residues.append(product_mod(b, [(r, 1) for r in factor_residues], p, consts=consts))
    outputs = crt_reconstruct(b, residues, width, consts=consts)
    return b.build(outputs, meta={"builder": "iterated_product", "n": n, "m": m,
                                  "primes": list(primes), "modulus_bits": math.prod(primes).bit_length(),
                                  "source": SOURCE})
