"""WFA-SSM on the S5 Cayley DFA: associative scan vs sequential recurrence; checker vs automata-lib.

Part 1 (issue 4 goal: scan >= 1x the sequential recurrence on CPU, >= 5x on a GPU). The model of
Merrill et al. 2024, Thm 5.2 for the Cayley DFA of S5 (d = 120) runs on random words, batch 256
× length 4096 by default, in the same process:

- baselines (one step per token): ``maps/sequential`` — the recurrence ``h_t = A[x_t] h_{t−1}``
  with ``h_t = e_{q_t}`` carried as its index ``q_t`` (one gather per step, exact);
  ``monoid/sequential`` — the prefix products as monoid indices (one table lookup per step);
  ``dense/sequential`` — the literal float32 matrix–vector recurrence (``--dense-length`` tokens,
  default 16, since it gathers a 120×120 matrix per token and batch row; its time is scaled to
  the full length and marked so);
- scans: ``monoid/tree`` (work-efficient up-/down-sweep, 2⌈log₂T⌉ rounds), ``monoid/blocked``
  (the tree over blocks of 8 tokens), ``monoid/scan`` (doubling, ⌈log₂T⌉ rounds), and with ``--maps-tree`` the index-map tree scan (``batch·T·d``
  integers per round; seconds on CPU).

Every run's states are compared with ``maps/sequential`` (exact integer equality) before any
ratio is printed. The printed ratio is best baseline time / scan time (> 1 = the scan is faster).

Part 2: proving the WFA-SSM equal to the S5 Cayley DFA at every length with the checker
(generic stepper on exact integer vectors, and ``tabulate()`` + the vectorised table path) vs
automata-lib's ``DFA.__eq__`` on the DFA and a relabelled copy (the same product search, no
model). Ratio checker / automata-lib (< 1 = faster).

    python benchmarks/bench_scan.py [--batch 256] [--length 4096] [--repeat 3] [--device cpu]
                                    [--threads N]

Times are the best of ``--repeat`` wall-clock runs on this machine. On a shared, oversubscribed
CPU, torch's intra-op threads can stall each other on the large scan rounds (the one-token steps
of the sequential loop are too small to be split), so part 1 runs with torch's default thread
count and again with one thread (``--threads N [N ...]`` picks others).
"""

from __future__ import annotations

import argparse
import random
import time

import torch
from automata.fa.dfa import DFA

from statecheck.constructions.wfa import wfa_ssm
from statecheck.theory import groups
from statecheck.theory.check import DFAStepper, check


def best_seconds(function, repeat: int):
    """``(best wall time, last result)`` over ``repeat`` calls."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        best = min(best, time.perf_counter() - start)
    return best, result


def relabel(dfa: DFA, seed: int) -> DFA:
    """A copy of ``dfa`` with its states renamed by a random bijection."""
    states = sorted(dfa.states, key=repr)
    shuffled = states[:]
    random.Random(seed).shuffle(shuffled)
    name = {q: f"r{i}" for i, q in enumerate(shuffled)}
    return DFA(
        states=set(name.values()), input_symbols=set(dfa.input_symbols),
        transitions={name[q]: {a: name[t] for a, t in row.items()} for q, row in dfa.transitions.items()},
        initial_state=name[dfa.initial_state], final_states={name[q] for q in dfa.final_states},
    )


def bench_scan(args, *, dense: bool = True) -> None:
    device = torch.device(args.device)
    dfa = groups.get("S5").cayley_dfa()
    module = wfa_ssm(dfa).to_torch().to(device)
    start = time.perf_counter()
    module.monoid_tables()
    table_seconds = time.perf_counter() - start
    generator = torch.Generator().manual_seed(args.seed)
    tokens = torch.randint(0, 120, (args.batch, args.length), generator=generator).to(device)
    print(f"WFA-SSM of the S5 Cayley DFA (d = 120), batch {args.batch} x length {args.length}, "
          f"device {device}, torch {torch.__version__}, {torch.get_num_threads()} threads; "
          f"best of {args.repeat}")
    print(f"  (one-time: the 120x120 monoid table, {table_seconds * 1e3:.1f} ms, not counted)")

    runs = {}
    cases = [("maps", "sequential"), ("monoid", "sequential"), ("monoid", "tree"), ("monoid", "blocked"),
             ("monoid", "scan")]
    if args.maps_tree:
        cases.append(("maps", "tree"))
    for representation, mode in cases:
        seconds, states = best_seconds(
            lambda r=representation, m=mode: module.state_indices(tokens, representation=r, mode=m),
            args.repeat)
        runs[f"{representation}/{mode}"] = (seconds, states)
    reference = runs["maps/sequential"][1]
    for label, (_, states) in runs.items():
        assert torch.equal(states, reference), f"{label} differs from maps/sequential"

    for label, (seconds, _) in runs.items():
        print(f"  {label:<20} {seconds * 1e3:9.1f} ms")
    dense_full = None
    if dense:
        dense_tokens = tokens[:, : args.dense_length]
        dense_seconds, dense_states = best_seconds(
            lambda: module.states(dense_tokens, mode="sequential"), max(1, args.repeat - 1))
        one_hot = torch.nn.functional.one_hot(reference[:, : args.dense_length + 1], 120).to(dense_states.dtype)
        assert torch.equal(dense_states, one_hot), "dense/sequential differs from maps/sequential"
        dense_full = dense_seconds * args.length / max(1, args.dense_length)
        print(f"  {'dense/sequential':<20} {dense_full * 1e3:9.1f} ms  (measured on {args.dense_length} "
              f"tokens: {dense_seconds * 1e3:.1f} ms, scaled x{args.length / max(1, args.dense_length):g})")
    print("  all states equal maps/sequential exactly")
    baseline_label = min(("maps/sequential", "monoid/sequential"), key=lambda k: runs[k][0])
    baseline = runs[baseline_label][0]
    scan_label = min((k for k in runs if not k.endswith("sequential")), key=lambda k: runs[k][0])
    scan = runs[scan_label][0]
    print(f"  ratio best sequential ({baseline_label}) / best scan ({scan_label}): "
          f"{baseline / scan:.2f}x   (goal >= 1x on CPU, >= 5x on a GPU)")
    if dense_full is not None:
        print(f"  ratio dense/sequential (scaled) / {scan_label}: {dense_full / scan:.1f}x")


def bench_checker(args) -> None:
    dfa = groups.get("S5").cayley_dfa()
    copy = relabel(dfa, args.seed)
    model = wfa_ssm(dfa)

    def generic():
        result = check(DFAStepper(dfa), model)
        assert result.proven_all_lengths
        return result

    def tabulated():
        result = check(DFAStepper(dfa), model.tabulate())
        assert result.proven_all_lengths
        return result

    def automata_lib():
        assert dfa == copy

    t_generic, result = best_seconds(generic, args.repeat)
    t_table, _ = best_seconds(tabulated, args.repeat)
    t_lib, _ = best_seconds(automata_lib, args.repeat)
    print(f"\nProving the S5 WFA-SSM equal to its DFA at every length ({result.detail}), best of "
          f"{args.repeat}")
    print(f"  checker, generic stepper (exact int vectors) {t_generic * 1e3:8.1f} ms   "
          f"ratio vs automata-lib {t_generic / t_lib:5.2f}x")
    print(f"  checker, tabulate() + table path             {t_table * 1e3:8.1f} ms   "
          f"ratio vs automata-lib {t_table / t_lib:5.2f}x")
    print(f"  automata-lib DFA == relabelled copy          {t_lib * 1e3:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--length", type=int, default=4096)
    parser.add_argument("--dense-length", type=int, default=16)
    parser.add_argument("--maps-tree", action="store_true",
                        help="also time the index-map tree scan (batch·T·d gathers: slow on CPU)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, nargs="*", default=None,
                        help="torch thread counts to time part 1 with (default: torch's default, then 1)")
    args = parser.parse_args()
    default_threads = torch.get_num_threads()
    settings = args.threads or sorted({default_threads, 1}, reverse=True)
    for i, threads in enumerate(settings):
        torch.set_num_threads(threads)
        with torch.no_grad():
            bench_scan(args, dense=i == 0)
        print()
    torch.set_num_threads(default_threads)
    bench_checker(args)


if __name__ == "__main__":
    main()
