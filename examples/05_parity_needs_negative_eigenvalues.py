"""PARITY needs a negative eigenvalue: a construction, an impossibility, a counterexample.

Sarrof, Veitsman & Hahn (NeurIPS 2024), Theorem 2: no SSM whose gates are all non-negative
recognises PARITY at every length in finite precision. Grazzi et al. (ICLR 2025): allow the
eigenvalue −1 and one layer suffices; counting mod 3 needs non-real eigenvalues.

1. ``parity_ssm()``: one layer with A(1) = −1, so h = (−1)^{#1} — proven at every length.
2. The impossibility: with A ≥ 0 and monotone rounding, x ↦ round(A·x + B) is non-decreasing,
   so the state on 1 1 1 … is eventually constant and the answer on 1^m and 1^{m+1} is the same.
   We enumerate every one-layer SSM on a grid with 3 fractional bits and count how many could
   get 1^n right: none with A ≥ 0; with A < 0 allowed, parity becomes possible but mod 3 not.
3. A counterexample for a concrete non-negative model ("toggle" via A = 1/2: the natural attempt).
4. ``mod_counter_ssm(3)``: a cyclic permutation matrix, proven at every length.
5. The precision report: the float runs never leave the exact ones (every state is ±1 or 0/1).

Run:  python examples/05_parity_needs_negative_eigenvalues.py
"""

from __future__ import annotations

from fractions import Fraction

from statecheck.constructions.nonnegative_impossibility import (
    exhaustive_grid_search,
    ones_orbit,
    parity_counterexample,
)
from statecheck.constructions.parity_ssm import mod_counter_ssm, parity_ssm
from statecheck.constructions.precision import precision_report
from statecheck.constructions.ssm import BOS, Grid, SSMLayer, SSMStack, Threshold
from statecheck.theory import languages
from statecheck.theory.check import check


def halving_attempt() -> SSMStack:
    """A non-negative try at parity on a grid with 4 fractional bits.

    On "1": h ← h/2 + 1/2, so h runs 0, 1/2, 3/4, 7/8, 15/16, … → 1. Thresholds between those
    values count the steps c (thermometer); accept iff c is even. Exact arithmetic would be right
    forever; on the grid 31/32 rounds to 1 and the state sticks.
    """
    cuts = (Fraction(1, 4), Fraction(5, 8), Fraction(13, 16), Fraction(29, 32), Fraction(31, 32))
    layer = SSMLayer(
        name="halving", inputs=(BOS, "0", "1"), dim=1,
        A={BOS: (0,), "0": (1,), "1": (Fraction(1, 2),)},
        B={BOS: (0,), "0": (0,), "1": (Fraction(1, 2),)},
        features=lambda u: [Threshold(0, 1, cut) for cut in cuts],
        decide=lambda u, bits: sum(bits) % 2 == 0,
        grid=Grid(4, 2),
    )
    return SSMStack(name="halving_attempt", alphabet=("0", "1"), layers=[layer],
                    semantics="recognition")


def main() -> None:
    parity = languages.get("parity")
    model = parity_ssm()
    result = check(parity.reference("recognition"), model)
    print(f"1. parity_ssm: A(1) = {model.layers[0].A('1')[0]}, nonnegative={model.nonnegative}")
    print(f"   {result.detail} -> proven at every length: {result.proven_all_lengths}")

    print("\n2. every one-layer SSM on the grid {j/8 : |j| <= 16}, run on 1^n:")
    for k, negative in ((2, False), (3, False), (2, True), (3, True)):
        search = exhaustive_grid_search(k, allow_negative=negative)
        gates = "any sign" if negative else "A(1) >= 0"
        print(f"   mod {k}, {gates:<9}: {search.models:>6} models, {search.solvable:>5} can get "
              f"1^n right (eventual periods {search.periods})")

    attempt = halving_attempt()
    orbit = ones_orbit(attempt)
    word = parity_counterexample(attempt)
    print(f"\n3. {attempt.name}: nonnegative={attempt.nonnegative}; on 1^n its state is constant "
          f"from n = {orbit.transient} (period {orbit.period})")
    print(f"   counterexample: 1^{len(word)} -> model says {attempt.accepts(word)}, "
          f"parity says {parity.accepts(word)}")
    print(f"   the checker finds the same word: {check(parity.reference('recognition'), attempt).detail}")

    mod3 = mod_counter_ssm(3)
    result = check(languages.get("mod", k=3).reference("recognition"), mod3)
    print(f"\n4. mod_counter_ssm(3): a 3x3 cyclic permutation, nonnegative={mod3.nonnegative} "
          f"(eigenvalues: cube roots of unity); {result.detail}")

    print("\n5. precision reports (sequential loop):")
    for name, params in (("parity", {}), ("mod_counter", {"k": 3})):
        report = precision_report(name, length=4096, samples=1, **params)
        print(f"   {name}: {report.summary()}")


if __name__ == "__main__":
    main()
