"""Matrix powering for a fixed dimension in constant depth: M^N for a d×d matrix of m-bit entries.

Source: Mereghetti & Palano 2000, *Threshold circuits for iterated matrix product and powering*
(RAIRO Theor. Inf. Appl. 34), Thm 3.3: for fixed ``d``, ``M^N`` is computed by constant-depth
threshold circuits through the **characteristic polynomial** (Cayley–Hamilton); the iterated
products inside it by Hesse, Allender & Barrington 2002 (discrete logs, Chinese remainders).
Merrill, Petty & Sabharwal 2024 (ICML), Thm 4.2 / App. A, use matrix powering to put S4 layers
in TC0.

Construction (exact integer identities, evaluated modulo each prime ``p`` of a CRT basis):

1. **Characteristic polynomial.** ``χ(x) = det(xI − M) = x^d − Σ_{l=1}^d s_l x^{d−l}``; each
   ``s_l`` is an integer polynomial of degree ``l`` in the entries (``s_1 = tr M``,
   ``s_2 = −Σ`` principal 2×2 minors, ``s_3 = det M``), computed symbolically with sympy at build
   time.
2. **Reduction of x^N** (Cayley–Hamilton, ``χ(M) = 0``): ``x^N ≡ Σ_{j<d} c_{N,j}(s) x^j
   (mod χ)``, where the integer polynomials ``c_{N,j}`` follow from
   ``x^{k+1} = x · x^k`` and ``x^d = Σ_l s_l x^{d−l}``; hence ``M^N = Σ_{j<d} c_{N,j}(s) M^j``.
   The number of monomials of ``c_{N,j}`` is ``O(N^{d−1})``, polynomial in ``N`` for fixed
   ``d``.
3. **Modulo each prime** (``P = Π p > 2 d^{N−1} (2^m − 1)^N``, the largest possible entry):
   entry residues (depth 2, :func:`~statecheck.circuits.residue_circuits.residue_of_bits`),
   ``s_l mod p`` (depth 4, products by discrete logs then a sum:
   :func:`~statecheck.circuits.residue_circuits.polynomial_mod`), ``c_{N,j}(s) mod p``
   (depth 4 more; a monomial ``Π s_l^{k_l}`` is one log-sum ``Σ_l (k_l log s_l mod (p − 1))``),
   ``(M^j)_{ik} mod p`` for ``2 ≤ j < d`` (depth 4, in parallel), and
   ``(M^N)_{ik} ≡ Σ_j c_{N,j} (M^j)_{ik}`` (depth 4).
4. **CRT reconstruction** of each entry (depth 1 + iterated addition,
   :func:`~statecheck.circuits.residue_circuits.crt_reconstruct`).

The depth does not grow with ``N``: it is at most ``2 + 3·4 + 1 +`` the iterated-addition depth
for every ``N``, and for fixed ``d`` and ``m`` it is the same for every ``N ≥ 4`` (measured up to
``N = 16`` and asserted by the tests; for ``N ≤ 3`` or ``m = 1`` some stages are constant modulo
the few small primes and fold away, so the circuit is shallower). All weights are integers
below ``max(p)·N·bit_length(p)``, except inside the iterated addition.

Bit layout: input = the ``d²`` entries row-major, ``m`` bits each (little-endian); output =
the ``d²`` entries of ``M^N`` row-major, each ``W`` bits with
``W = bit_length(d^{N−1} (2^m − 1)^N)`` (enough for the largest possible value).
"""

from __future__ import annotations

from functools import cache

from statecheck.circuits.iterated_product import check_edge_budget
from statecheck.circuits.residue_circuits import (
    crt_primes,
    crt_reconstruct,
    crt_reconstruct_estimate,
    polynomial_estimate,
    polynomial_mod,
    residue_of_bits,
    residue_of_bits_estimate,
)
from statecheck.circuits.validation import check_budget, check_positive
from statecheck.errors import BadParameterError

__all__ = [
    "matrix_power",
    "estimate_matrix_power",
    "output_width",
    "characteristic_coefficients",
    "power_reduction",
    "SUPPORTED_DIMENSIONS",
    "MAX_POWER",
    "MAX_ENTRY_BITS",
    "UnsupportedDimensionError",
    "SOURCE",
]

SOURCE = "Mereghetti & Palano 2000, Thm 3.3; Merrill, Petty & Sabharwal 2024, Thm 4.2"

#: Largest power and entry width accepted (refused before any work: the symbolic reduction
#: and the prime search grow with N·m).
MAX_POWER = 256
MAX_ENTRY_BITS = 64

#: Dimensions the builder accepts (the construction is for fixed d; sizes grow like N^{d−1}).
SUPPORTED_DIMENSIONS = (1, 2, 3)

Polynomial = dict[tuple[int, ...], int]


class UnsupportedDimensionError(BadParameterError):
    """A matrix dimension ``d`` outside :data:`SUPPORTED_DIMENSIONS`."""


def output_width(d: int, m: int, N: int) -> int:
    """Bits per output entry: ``bit_length(d^{N−1} (2^m − 1)^N)`` (at least 1)."""
    return max(1, (d ** (N - 1) * (2**m - 1) ** N).bit_length())


def _poly_of(expression, symbols) -> Polynomial:
    import sympy

    poly = sympy.Poly(sympy.expand(expression), *symbols)
    return {tuple(int(e) for e in exps): int(c) for exps, c in poly.as_dict().items()}


@cache
def _entry_symbols(d: int):
    import sympy

    return sympy.symbols(f"a0:{d * d}")


@cache
def characteristic_coefficients(d: int) -> tuple[Polynomial, ...]:
    """``(s_1, …, s_d)`` as integer polynomials in the ``d²`` entries (row-major variables).

    ``det(xI − M) = x^d − Σ_{l=1}^d s_l x^{d−l}``.
    """
    import sympy

    symbols = _entry_symbols(d)
    matrix = sympy.Matrix(d, d, symbols)
    x = sympy.Symbol("x")
    coefficients = matrix.charpoly(x).all_coeffs()  # [1, -s_1, ..., -s_d]
    return tuple(_poly_of(-coefficients[lag], symbols) for lag in range(1, d + 1))


def _poly_mul(a: Polynomial, b: Polynomial) -> Polynomial:
    out: Polynomial = {}
    for ea, ca in a.items():
        for eb, cb in b.items():
            key = tuple(x + y for x, y in zip(ea, eb, strict=True))
            out[key] = out.get(key, 0) + ca * cb
    return {k: v for k, v in out.items() if v}


def _poly_add(a: Polynomial, b: Polynomial) -> Polynomial:
    out = dict(a)
    for key, value in b.items():
        out[key] = out.get(key, 0) + value
    return {k: v for k, v in out.items() if v}


@cache
def power_reduction(d: int, N: int) -> tuple[Polynomial, ...]:
    """``(c_{N,0}, …, c_{N,d−1})``: ``x^N ≡ Σ_j c_{N,j}(s) x^j`` modulo ``x^d − Σ_l s_l x^{d−l}``.

    Polynomials in the variables ``(s_1, …, s_d)``, integer coefficients.
    """
    zero_exps = (0,) * d
    unit = {zero_exps: 1}
    s = [{tuple(int(i == index) for i in range(d)): 1} for index in range(d)]
    coefficients: list[Polynomial] = [dict(unit)] + [{} for _ in range(d - 1)]
    for _ in range(N):
        top = coefficients[d - 1]
        shifted: list[Polynomial] = [{}] + coefficients[: d - 1]
        for lag in range(1, d + 1):  # x^d = Σ_l s_l x^{d−l}
            shifted[d - lag] = _poly_add(shifted[d - lag], _poly_mul(top, s[lag - 1]))
        coefficients = shifted
    return tuple(coefficients)


@cache
def _matrix_power_polynomials(d: int, j: int) -> tuple[Polynomial, ...]:
    """Entries of ``M^j`` (row-major) as polynomials in the entries."""
    import sympy

    symbols = _entry_symbols(d)
    matrix = sympy.Matrix(d, d, symbols) ** j
    return tuple(_poly_of(matrix[i, k], symbols) for i in range(d) for k in range(d))


def _combination_polynomial(d: int, diagonal: bool) -> Polynomial:
    """``Σ_j c_j P_j`` over variables ``(c_0 … c_{d−1}, P_1 … P_{d−1})`` (``P_0 = [i == k]``)."""
    n_vars = 2 * d - 1
    poly: Polynomial = {}
    if diagonal:
        poly[tuple(int(v == 0) for v in range(n_vars))] = 1
    for j in range(1, d):
        poly[tuple(int(v == j or v == d - 1 + j) for v in range(n_vars))] = 1
    return poly


def _check_dimension(d) -> int:
    d = check_positive("d", d)
    if d not in SUPPORTED_DIMENSIONS:
        raise UnsupportedDimensionError(
            f"d must be one of {SUPPORTED_DIMENSIONS} (matrix powering for a fixed small "
            f"dimension), got {d}"
        )
    return d


def estimate_matrix_power(d: int, m: int, N: int, *, reconstruction: bool = True) -> tuple[int, int]:
    """``(gates, edges)`` upper estimate of :func:`matrix_power` ``(d, m, N)``, before building.

    ``reconstruction=False`` leaves out the CRT reconstruction (a fast lower part).
    """
    primes = crt_primes(d ** (N - 1) * (2**m - 1) ** N)
    width = output_width(d, m, N)
    polynomials = list(characteristic_coefficients(d)) + list(power_reduction(d, N))
    for j in range(2, d):
        polynomials.extend(_matrix_power_polynomials(d, j))
    polynomials.extend([_combination_polynomial(d, True)] * (d * d))
    gates = edges = 0
    for p in primes:
        g, e = residue_of_bits_estimate(m, p)
        gates, edges = gates + d * d * g, edges + d * d * e
        for poly in polynomials:
            g, e = polynomial_estimate(poly, p)
            gates, edges = gates + g, edges + e
    if not reconstruction:
        return gates, edges
    g, e = crt_reconstruct_estimate(primes, width)
    return gates + d * d * g, edges + d * d * e


def matrix_power(d: int, m: int, N: int, *, budget: int | None = None,
                 edge_budget: int | None = None):
    """The threshold circuit computing ``M^N`` for a ``d × d`` matrix of ``m``-bit entries.

    Parameters
    ----------
    d : int
        Dimension, one of :data:`SUPPORTED_DIMENSIONS`.
    m : int
        Bits per input entry (``≥ 1``); entries are non-negative integers.
    N : int
        The power (``≥ 1``).
    budget : int or None, optional
        Gate budget; refused before building when :func:`estimate_matrix_power` exceeds it.
    edge_budget : int or None, optional
        Edge budget (default
        :data:`~statecheck.circuits.iterated_product.DEFAULT_EDGE_BUDGET`), checked likewise.

    Returns
    -------
    Circuit
        ``d²·m`` inputs (row-major entries, little-endian each) and ``d²·W`` outputs
        (row-major entries of ``M^N``, ``W =`` :func:`output_width` bits each). ``meta`` holds
        ``d``, ``m``, ``N``, ``width``, ``primes``.

    Raises
    ------
    UnsupportedDimensionError
        ``d`` not in :data:`SUPPORTED_DIMENSIONS`.
    BadParameterError
        ``m`` outside ``1 … MAX_ENTRY_BITS`` or ``N`` outside ``1 … MAX_POWER``.
    CircuitBudgetError
        Estimated gates or edges above the budgets.

    Notes
    -----
    Construction and weights: module docstring (Mereghetti & Palano 2000, Thm 3.3; Cayley–
    Hamilton reduction ``M^N = Σ_{j<d} c_{N,j}(s(M)) M^j`` evaluated modulo CRT primes).
    """
    from statecheck.circuits.ir import CircuitBuilder

    d = _check_dimension(d)
    m = check_positive("m", m, maximum=MAX_ENTRY_BITS)
    N = check_positive("N", N, maximum=MAX_POWER)
    what = f"matrix_power(d={d}, m={m}, N={N})"
    for reconstruction in (False, True):  # the fast part first
        gates, edges = estimate_matrix_power(d, m, N, reconstruction=reconstruction)
        check_budget(what, gates, budget)
        check_edge_budget(what, edges, edge_budget)
    width = output_width(d, m, N)
    bound = d ** (N - 1) * (2**m - 1) ** N
    primes = crt_primes(bound)
    b = CircuitBuilder(d * d * m, name=what)
    consts: dict = {}
    reduction = power_reduction(d, N)
    powers = {j: _matrix_power_polynomials(d, j) for j in range(2, d)}
    entry_residues: list[list] = [[] for _ in range(d * d)]
    for p in primes:
        entries = [residue_of_bits(b, b.inputs[e * m:(e + 1) * m], p, consts=consts)
                   for e in range(d * d)]
        s = [polynomial_mod(b, entries, poly, p, consts=consts)
             for poly in characteristic_coefficients(d)]
        c = [polynomial_mod(b, s, poly, p, consts=consts) for poly in reduction]
        power_entries = {1: entries}
        for j, polys in powers.items():
            power_entries[j] = [polynomial_mod(b, entries, poly, p, consts=consts)
                                for poly in polys]
        for e in range(d * d):
            i, k = divmod(e, d)
            variables = c + [power_entries[j][e] for j in range(1, d)]
            entry_residues[e].append(
                polynomial_mod(b, variables, _combination_polynomial(d, i == k), p, consts=consts)
            )
    outputs: list[int] = []
    for e in range(d * d):
        outputs.extend(crt_reconstruct(b, entry_residues[e], width, consts=consts))
    return b.build(outputs, meta={"builder": "matrix_power", "d": d, "m": m, "N": N,
                                  "width": width, "primes": list(primes), "source": SOURCE})
