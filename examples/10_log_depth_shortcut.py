"""Example 10 — shortcuts to automata (Liu et al. 2023, Thm 1 and Thm 2).

A recurrent model reads a word one letter at a time: T letters, T sequential steps. Liu, Ash,
Goel, Krishnamurthy & Zhang (ICLR 2023, *Transformers Learn Shortcuts to Automata*) show two
shortcuts that a shallow, non-recurrent network can take instead:

1. (Thm 1, every automaton) the state after t letters is the start state pushed through the
   composition of t transition functions; composition is associative, so a doubling scan
   computes all T prefixes in ⌈log₂ T⌉ parallel rounds;
2. (Thm 2, solvable groups) the running product of a solvable group is a short cascade of
   prefix sums modulo primes — a depth that does not grow with T at all.

Run:  python examples/10_log_depth_shortcut.py
"""

from __future__ import annotations

import math

import numpy as np

from statecheck.constructions.shortcut_cascade import (
    GroupProductStepper,
    NotSolvableError,
    check_cascade_all_words,
    solvable_cascade,
)
from statecheck.constructions.shortcut_parallel import (
    check_all_words,
    doubling_scan,
    sequential_states,
    shortcut_states,
    transition_functions,
)
from statecheck.theory import groups, languages
from statecheck.theory.check import check


def heading(text: str) -> None:
    print()
    print(text)
    print("-" * len(text))


def part_one() -> None:
    heading("Part 1 — the doubling scan (Liu et al. 2023, Thm 1)")
    language = languages.get("tomita3")
    table = transition_functions(language.dfa)
    print(f"Tomita 3's DFA has {len(table.states)} states (index 0 = start). Each symbol is a map")
    print("q -> delta(q, symbol), stored as an integer array:")
    for a, symbol in enumerate(table.alphabet):
        print(f"  delta_{symbol} = {table.delta[a].tolist()}")
    word = ("1", "1", "0", "1", "0", "0", "1")
    print(f"\nThe word {' '.join(word)} gives T = {len(word)} maps f_1 … f_T. Round r replaces")
    print("P_t by P_(t-2^r) ; P_t (first the earlier block, then this one), all t at once:")
    functions = table.delta[table.encode(word)]
    current = functions.copy()
    print(f"  start    : {[f.tolist() for f in current]}")
    stride, rounds = 1, 0
    while stride < len(word):
        current[stride:] = np.take_along_axis(current[stride:], current[:-stride], axis=-1)
        rounds += 1
        print(f"  round {rounds}  : {[f.tolist() for f in current]}   (stride {stride})")
        stride *= 2
    prefixes, scan_rounds = doubling_scan(functions)
    assert np.array_equal(prefixes, current) and scan_rounds == rounds
    states = prefixes[:, 0]
    print(f"Reading column 0 (the start state) gives the states {states.tolist()}; the")
    print(f"sequential run gives {sequential_states(table, table.encode(word))[0].tolist()}.")
    print(f"{rounds} rounds = ceil(log2 {len(word)}) = {math.ceil(math.log2(len(word)))}.")

    print("\nRounds against T, on the Cayley DFA of S5 (120 states, 120 letters), random words:")
    s5 = groups.get("S5")
    cayley = transition_functions(s5.cayley_dfa(), alphabet=s5.symbols)
    rng = np.random.default_rng(0)
    print(f"  {'T':>6} {'sequential steps':>17} {'scan rounds':>12}  equal to the sequential run")
    for length in (1, 2, 3, 8, 9, 100, 1000, 4096):
        words = rng.integers(0, 120, size=(4, length))
        run = shortcut_states(cayley, words)
        same = np.array_equal(run.states, sequential_states(cayley, words))
        print(f"  {length:>6} {length:>17} {run.rounds:>12}  {same}")

    print("\nExhaustive (bounded) checks — every word up to the stated length:")
    for name, length in (("tomita3", 12), ("parity", 12), ("flipflop", 7)):
        result = check_all_words(transition_functions(languages.get(name).dfa), length)
        print(f"  {name:>9}: {result.detail}")
    result = check_all_words(cayley, 2)
    print(f"  {'S5 Cayley':>9}: {result.detail}")
    print("These are bounded checks (mode 'bounded'): nothing is claimed past those lengths here,")
    print("although the scan is correct at every length because composition is associative.")


def show(group, index: int) -> str:
    return str(list(group.elements[index].array_form))


def part_two() -> None:
    heading("Part 2 — S3 as a cascade of two prefix sums (Liu et al. 2023, Thm 2)")
    cascade = solvable_cascade("S3")
    group = cascade.group
    top, bottom = cascade.levels
    print("sympy's composition series S3 > A3 > 1 has factors Z2 (the sign) and Z3 (rotations).")
    print(f"Coset representatives: c0 = {show(group, top.generators[0])} (a transposition, odd),")
    print(f"                       c1 = {show(group, bottom.generators[0])} (a 3-cycle, in A3).")
    print("Level 0:  e0_t = (sum of sign bits of x_1..x_t) mod 2")
    print("Level 1:  y_t  = c0^(e0_(t-1)) · x_t · c0^(-e0_t)   — the letter 'untwisted' by the sign so far,")
    print("          always a rotation (in A3);  e1_t = (sum of its Z3 labels) mod 3")
    print("Output:   P_t  = c1^(e1_t) · c0^(e0_t)   (products left to right, as in sympy)")

    word = [int(g) for g in np.random.default_rng(3).integers(0, 6, size=8)]
    run = cascade.run([word])
    print(f"\nThe word (element indices) {word}:")
    print(f"  {'t':>2} {'x_t':>10} {'sign':>4} {'e0':>3} {'y_t':>10} {'Z3':>3} {'e1':>3} {'P_t':>10} {'sympy':>10}")
    product = group.elements[0]
    for t, g in enumerate(word):
        product = product * group.elements[g]
        y = int(run.inputs[1][0, t])
        print(f"  {t + 1:>2} {show(group, g):>10} {int(top.label[g]):>4} {int(run.sums[0][0, t]):>3} "
              f"{show(group, y):>10} {int(bottom.label[y]):>3} {int(run.sums[1][0, t]):>3} "
              f"{show(group, int(run.products[0, t])):>10} {str(list(product.array_form)):>10}")
        assert group.index(product) == int(run.products[0, t])
    print("Each level only adds numbers modulo a prime, so the order of summation does not matter:")
    print("in Liu et al.'s construction one attention layer counts (a uniform average) and an MLP")
    print("takes the residue mod p. The number of levels depends on the group, not on T.")

    result = check_cascade_all_words(cascade, 7)
    print(f"\nExhaustive (bounded) check: {result.detail}")
    print("(`statecheck verify --only 'shortcut.*'` goes to length 8.) Read one letter at a time,")
    print("the same formulas are a machine whose state is the pair (e0, e1); the equivalence")
    print("checker compares it with the running product and its reachable pairs close:")
    proof = check(GroupProductStepper("S3"), cascade.as_stepper())
    print(f"  mode {proof.mode!r}, {proof.states_explored} state pairs: equal at every length = {proof.agree}.")

    print("\nOther solvable groups. Along a composition series there is one level per prime factor")
    print("of |G|; along the derived series G > [G,G] > … there are fewer levels, each a prefix sum")
    print("in an abelian group that need not be cyclic (S4's last one is Z2 x Z2):")
    for name, length in (("Z6", 6), ("D4", 5), ("A4", 5), ("S4", 4), ("A4xZ5", 3)):
        for series in ("composition", "derived"):
            other = solvable_cascade(name, series=series)
            checked = check_cascade_all_words(other, length)
            proof = check(GroupProductStepper(name), other.as_stepper())
            print(f"  {name:>6} {series:<11}: depth {other.depth}, {other.quotients():<20} all words up to "
                  f"length {length}: {'equal' if checked.agree else 'DIFFERENT'}; "
                  f"{'proven at every length' if proof.proven_all_lengths else 'NOT PROVEN'}")

    print("\nA non-solvable group has no such cascade:")
    try:
        solvable_cascade("A5")
    except NotSolvableError as error:
        print(f"  NotSolvableError: {error}")


if __name__ == "__main__":
    part_one()
    part_two()
