"""Matrix powering and iterated products in constant depth (threshold circuits, TC0).

Merrill, Petty & Sabharwal (ICML 2024, Thm 4.2/4.4, App. A) put S4 and S6 layers in TC0
because two arithmetic problems are in TC0:

- the **iterated product** of n numbers (Hesse, Allender & Barrington 2002): represent each
  number by its residues modulo small primes, turn products into sums of *discrete logarithms*
  (a table lookup), add, and rebuild the number with the Chinese remainder theorem;
- **matrix powering** M^N for a fixed dimension d (Mereghetti & Palano 2000): by
  Cayley–Hamilton, M^N = Σ_{j<d} c_{N,j}(s) M^j, where s are the d coefficients of the
  characteristic polynomial and c_{N,j} are integer polynomials; evaluate all of it modulo
  small primes with the same discrete-log gadgets and rebuild every entry by CRT.

This script

1. shows the Cayley–Hamilton reduction for d = 2 and checks it on a matrix with Python ints;
2. builds matrix_power(2, 2, N) and computes Fibonacci numbers with it;
3. sweeps N (matrix powering) and n (iterated product), prints depth and size, fits
   size ~ N^e (n^e) and plots both — the depth column stays flat.

Usage: ``python examples/12_matrix_powering_circuit.py [OUT_DIR]`` (PNG files go to OUT_DIR,
default a fresh temporary folder; nothing is written into the repository by default).
"""

from __future__ import annotations

import sys
import tempfile
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from statecheck.circuits.ir import pack_numbers, unpack_numbers  # noqa: E402
from statecheck.circuits.iterated_product import iterated_product  # noqa: E402
from statecheck.circuits.matrix_power import (  # noqa: E402
    characteristic_coefficients,
    power_reduction,
)
from statecheck.circuits.matrix_power import matrix_power as build_matrix_power  # noqa: E402


@cache
def matrix_power(d: int, m: int, N: int):
    """Build each circuit once (sections 2 and 3 share some)."""
    return build_matrix_power(d, m, N)


def _format(poly: dict, names: tuple[str, ...]) -> str:
    terms = []
    for exps, coef in sorted(poly.items(), reverse=True):
        monomial = "·".join(f"{n}^{e}" if e > 1 else n for n, e in zip(names, exps, strict=True)
                            if e)
        if not monomial:
            terms.append(str(coef))
        else:
            terms.append(monomial if coef == 1 else f"−{monomial}" if coef == -1
                         else f"{coef}·{monomial}")
    return " + ".join(terms) if terms else "0"


def cayley_hamilton() -> None:
    print("1. Cayley–Hamilton for d = 2. With M = [[a, b], [c, e]]:")
    s1, s2 = characteristic_coefficients(2)
    names = ("a", "b", "c", "e")
    print(f"   s1 = {_format(s1, names)} (the trace),  s2 = {_format(s2, names)} (minus det)")
    print("   and M² = s1·M + s2·I. Reducing x^N modulo x² − s1·x − s2 gives")
    N = 6
    c0, c1 = power_reduction(2, N)
    print(f"   M^{N} = c0·I + c1·M with c1 = {_format(c1, ('s1', 's2'))}")
    print(f"                          c0 = {_format(c0, ('s1', 's2'))}")
    a, b, c, e = 2, 1, 3, 1
    t, dt = a + e, -(a * e - b * c)
    c0v = sum(k * t**i * dt**j for (i, j), k in c0.items())
    c1v = sum(k * t**i * dt**j for (i, j), k in c1.items())
    matrix = np.asarray([[a, b], [c, e]], dtype=object)
    direct = np.linalg.matrix_power(matrix, N)
    via = c0v * np.eye(2, dtype=object) + c1v * matrix
    print(f"   check on M = [[2, 1], [3, 1]]: c0 = {c0v}, c1 = {c1v}, c0·I + c1·M = "
          f"{via.tolist()}, M^{N} = {direct.tolist()}")
    print("   The number of monomials grows only polynomially in N (for fixed d); each monomial")
    print("   s1^i s2^j is ONE discrete-log sum i·log s1 + j·log s2 modulo each prime.")


def fibonacci() -> None:
    print("\n2. Fibonacci numbers from the circuit: [[1, 1], [1, 0]]^N = [[F(N+1), F(N)], [F(N), F(N−1)]].")
    fib = [0, 1]
    while len(fib) < 20:
        fib.append(fib[-1] + fib[-2])
    for N in (4, 8, 16):
        circuit = matrix_power(2, 2, N)
        width = circuit.meta["width"]
        (entries,) = unpack_numbers(circuit.evaluate(pack_numbers([[1, 1, 1, 0]], [2] * 4)),
                                    [width] * 4)
        print(f"   N = {N:2d}: circuit depth {circuit.depth}, {circuit.size:6d} gates, primes "
              f"{circuit.meta['primes']}; M^N = {entries}; F({N}) = {fib[N]}"
              f" {'(agrees)' if entries[1] == fib[N] else '(DISAGREES)'}")


def _fit(xs, ys) -> float:
    slope, _ = np.polyfit(np.log(xs), np.log(ys), 1)
    return float(slope)


def sweep(out_dir: Path) -> Path:
    print("\n3. Depth and size (gates) against the power N and the number of factors n.")
    series = {}
    for label, build, sizes in [
        ("matrix_power(d=2, m=2, N)", lambda N: matrix_power(2, 2, N), (2, 3, 4, 6, 8, 12, 16)),
        ("matrix_power(d=3, m=1, N)", lambda N: matrix_power(3, 1, N), (3, 4, 6, 8)),
        ("iterated_product(n, m=4)", lambda n: iterated_product(n, 4), (2, 3, 4, 6, 8, 12)),
    ]:
        rows = []
        for size in sizes:
            circuit = build(size)
            rows.append((size, circuit.depth, circuit.size, circuit.edges))
        large = [r for r in rows if r[0] >= 4]
        exponent = _fit([r[0] for r in large], [r[2] for r in large])
        series[label] = (rows, exponent)
        print(f"   {label}:   size ~ x^{exponent:.2f} (x >= 4; float least squares on logs)")
        print("        x  depth    size     edges")
        for size, depth, gates, edges in rows:
            print(f"     {size:4d}  {depth:5d}  {gates:6d}  {edges:8d}")
    print("   Depth stays the same across N and n (it depends on d and on the adder, not on the")
    print("   power): residues (2 layers), products by discrete logs (2), sums mod p (2) per")
    print("   polynomial stage, then the CRT table (1) and one iterated addition. Size grows")
    print("   polynomially: the primes grow like the output length, and so do the tables.")

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for label, (rows, exponent) in series.items():
        xs = [r[0] for r in rows]
        left.plot(xs, [r[1] for r in rows], marker="o", label=label)
        right.loglog(xs, [r[2] for r in rows], marker="o", label=f"{label}: ~x^{exponent:.2f}")
    left.set_xlabel("N (power) or n (factors)")
    left.set_ylabel("depth (gates on the longest path)")
    left.set_ylim(0, 30)
    left.legend(fontsize=7)
    right.set_xscale("log", base=2)
    right.set_xlabel("N (power) or n (factors)")
    right.set_ylabel("size (gates)")
    right.legend(fontsize=7)
    figure.suptitle("Matrix powering and iterated products: constant depth, polynomial size")
    path = out_dir / "12_depth_size.png"
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)
    print(f"   plot saved to {path}")
    return path


def main(argv: list[str]) -> None:
    out_dir = Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp(prefix="statecheck_ex12_"))
    out_dir.mkdir(parents=True, exist_ok=True)
    cayley_hamilton()
    fibonacci()
    sweep(out_dir)


if __name__ == "__main__":
    main(sys.argv)
