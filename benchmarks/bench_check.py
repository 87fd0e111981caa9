"""Checker vs automata-lib's ``DFA.__eq__`` on the same pairs, in the same run.

Each case proves a DFA equal to a relabelled copy of itself (the worst case for both: the whole
product must be explored). Goal (issue 2): the checker within 3x of automata-lib's time.

    python benchmarks/bench_check.py [--repeat 5] [--random-states 500] [--seed 0]

Prints one line per case with both medians and the ratio checker / automata-lib (< 1 = faster).
Times are wall-clock medians over ``--repeat`` runs, measured on this machine in this process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from automata.fa.dfa import DFA

from statecheck.theory.check import DFAStepper, check


def relabel(dfa: DFA, seed: int) -> DFA:
    """A copy of ``dfa`` with its states renamed by a random bijection."""
    states = sorted(dfa.states, key=repr)
    shuffled = states[:]
    random.Random(seed).shuffle(shuffled)
    name = {q: f"r{i}" for i, q in enumerate(shuffled)}
    return DFA(
        states=set(name.values()),
        input_symbols=set(dfa.input_symbols),
        transitions={name[q]: {a: name[t] for a, t in row.items()} for q, row in dfa.transitions.items()},
        initial_state=name[dfa.initial_state],
        final_states={name[q] for q in dfa.final_states},
    )


def random_dfa(n_states: int, n_symbols: int, seed: int) -> DFA:
    """A random complete DFA whose states are all reachable (a random spanning path first)."""
    rng = random.Random(seed)
    symbols = [f"s{j}" for j in range(n_symbols)]
    states = [f"q{i}" for i in range(n_states)]
    transitions = {q: {a: rng.choice(states) for a in symbols} for q in states}
    for i in range(1, n_states):  # make q_i reachable from q_{i-1}
        transitions[states[i - 1]][rng.choice(symbols)] = states[i]
    finals = {q for q in states if rng.random() < 0.5}
    return DFA(states=set(states), input_symbols=set(symbols), transitions=transitions,
               initial_state="q0", final_states=finals)


def s5_cayley_dfa() -> DFA:
    """The Cayley DFA of S5 (120 states, 120 symbols), built with sympy directly."""
    from itertools import permutations

    elements = sorted(permutations(range(5)))
    index = {p: i for i, p in enumerate(elements)}
    # p then q (array form): position i goes to p[i], then to q[p[i]]
    compose = {(i, j): index[tuple(q[p[k]] for k in range(5))]
               for i, p in enumerate(elements) for j, q in enumerate(elements)}
    names = [str(i) for i in range(len(elements))]
    return DFA(
        states=set(names), input_symbols=set(names),
        transitions={names[i]: {names[j]: names[compose[i, j]] for j in range(120)} for i in range(120)},
        initial_state=names[0], final_states={names[0]},
    )


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(label: str, first: DFA, second: DFA, repeat: int) -> float:
    alphabet = tuple(sorted(first.input_symbols))

    def ours():
        result = check(DFAStepper(first, alphabet=alphabet), DFAStepper(second, alphabet=alphabet))
        assert result.proven_all_lengths

    def theirs():
        assert first == second

    t_ours, t_theirs = median_seconds(ours, repeat), median_seconds(theirs, repeat)
    ratio = t_ours / t_theirs
    print(f"{label:<34} checker {t_ours * 1e3:8.2f} ms   automata-lib == {t_theirs * 1e3:8.2f} ms"
          f"   ratio {ratio:5.2f}x")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--random-states", type=int, default=500)
    parser.add_argument("--random-dfas", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print("checker (includes building DFAStepper tables) vs automata-lib DFA.__eq__, median of "
          f"{args.repeat}; goal <= 3x")
    ratios = []
    s5 = s5_cayley_dfa()
    ratios.append(bench("S5 Cayley DFA (120 st, 120 sym)", s5, relabel(s5, args.seed), args.repeat))
    for i in range(args.random_dfas):
        for k in (2, 4):
            dfa = random_dfa(args.random_states, k, args.seed + i)
            label = f"random {args.random_states} st, {k} sym, #{i}"
            ratios.append(bench(label, dfa, relabel(dfa, args.seed + i), args.repeat))
    print(f"worst ratio {max(ratios):.2f}x   geometric mean "
          f"{statistics.geometric_mean(ratios):.2f}x")


if __name__ == "__main__":
    main()
