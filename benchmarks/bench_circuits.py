"""Circuit evaluation speed against per-gate evaluators, and build time, in the same run.

For each circuit, :meth:`Circuit.evaluate` (layer by layer, scipy sparse, shared weighted sums)
is timed on a random batch and compared with two baselines measured now, on this machine:

- *python*: a plain per-gate, per-input Python evaluator (dicts of ints, topological order),
  timed on a few rows and reported per row (its cost is linear in the batch);
- *per-gate numpy*: a Python loop over gates, each gate one numpy dot product over the batch.

Both baselines' outputs are compared with ``evaluate`` on the rows they ran. Goal (issue 5):
≥ 10⁸ gate-evaluations per second at batch 1024. Also printed: build time of
``iterated_addition(64, 64)`` in both weight modes.

    python benchmarks/bench_circuits.py [--batch 1024] [--repeat 3] [--python-rows 4] [--quick]

Times are best-of-``--repeat`` wall clock (the machine is shared; best is the least noisy).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from statecheck.circuits.addition import iterated_addition
from statecheck.circuits.multiplication import multiplication


def python_evaluate(circuit, rows: np.ndarray) -> np.ndarray:
    """Per gate, per input row, in plain Python ints (the baseline)."""
    gates = [circuit.gate(g) for g in range(circuit.size)]
    gates = [(w.tolist(), [int(v) for v in x.tolist()], t) for w, x, t in gates]
    outputs = circuit.outputs.tolist()
    consts = circuit.const_values.tolist()
    result = []
    for row in rows.tolist():
        value = list(row) + consts
        for wires, weights, threshold in gates:
            total = 0
            for wire, weight in zip(wires, weights, strict=True):
                total += weight * value[wire]
            value.append(1 if total >= threshold else 0)
        result.append([value[o] for o in outputs])
    return np.asarray(result, dtype=np.uint8)


def numpy_per_gate_evaluate(circuit, rows: np.ndarray) -> np.ndarray:
    """A Python loop over gates; each gate is one numpy dot product over the batch."""
    values = np.zeros((circuit.n_wires, len(rows)), dtype=np.int64)
    values[: circuit.n_inputs] = rows.T
    values[circuit.n_inputs : circuit.first_gate] = circuit.const_values[:, None]
    object_weights = circuit.weights.dtype == object
    for g in range(circuit.size):
        wires, weights, threshold = circuit.gate(g)
        if object_weights:
            total = np.asarray(weights, dtype=object) @ values[wires].astype(object)
        else:
            total = weights @ values[wires]
        values[circuit.first_gate + g] = total >= threshold
    return values[circuit.outputs].T.astype(np.uint8)


def best_time(function, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def bench_eval(label: str, circuit, args) -> None:
    rng = np.random.default_rng(0)
    batch = rng.integers(0, 2, size=(args.batch, circuit.n_inputs), dtype=np.uint8)
    circuit.evaluate(batch[:1])  # builds the evaluation plan once
    seconds, out = best_time(lambda: circuit.evaluate(batch), args.repeat)
    rate = circuit.size * args.batch / seconds

    rows = batch[: args.python_rows]
    py_seconds, py_out = best_time(lambda: python_evaluate(circuit, rows), 1)
    py_rate = circuit.size * len(rows) / py_seconds
    assert np.array_equal(py_out, out[: len(rows)]), f"{label}: python baseline disagrees"

    np_rows = batch[: min(args.batch, args.numpy_rows)]
    np_seconds, np_out = best_time(lambda: numpy_per_gate_evaluate(circuit, np_rows), 1)
    np_rate = circuit.size * len(np_rows) / np_seconds
    assert np.array_equal(np_out, out[: len(np_rows)]), f"{label}: numpy baseline disagrees"

    print(f"{label:<40} depth {circuit.depth:2d}  {circuit.size:7,d} gates {circuit.edges:11,d} edges | "
          f"evaluate {seconds * 1e3:8.1f} ms = {rate:9.3g} gate-evals/s | "
          f"x{rate / py_rate:8,.0f} vs python ({py_rate:.3g}/s), "
          f"x{rate / np_rate:6,.0f} vs per-gate numpy ({np_rate:.3g}/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--python-rows", type=int, default=4)
    parser.add_argument("--numpy-rows", type=int, default=1024)
    parser.add_argument("--quick", action="store_true", help="smaller circuits (a smoke run)")
    args = parser.parse_args()

    print(f"batch {args.batch}; best of {args.repeat}; python baseline on {args.python_rows} rows")
    cases = [
        ("iterated_addition(64, 64, polynomial)", lambda: iterated_addition(64, 64, weights="polynomial")),
        ("iterated_addition(256, 16, polynomial)", lambda: iterated_addition(256, 16, weights="polynomial")),
        ("iterated_addition(32, 16, exponential)", lambda: iterated_addition(32, 16)),
        ("multiplication(16, exponential)", lambda: multiplication(16)),
        ("multiplication(32, polynomial)", lambda: multiplication(32, weights="polynomial")),
    ]
    if args.quick:
        cases = [
            ("iterated_addition(16, 8, polynomial)", lambda: iterated_addition(16, 8, weights="polynomial")),
            ("multiplication(6, exponential)", lambda: multiplication(6)),
        ]
    for label, make in cases:
        bench_eval(label, make(), args)

    print()
    sizes = [(16, 16)] if args.quick else [(64, 64)]
    for n, m in sizes:
        for weights in ("polynomial", "exponential"):
            seconds, circuit = best_time(lambda n=n, m=m, w=weights: iterated_addition(n, m, weights=w),
                                         args.repeat)
            print(f"build iterated_addition({n}, {m}, {weights}): {seconds:.3f} s "
                  f"({circuit.size:,} gates, {circuit.edges:,} edges, depth {circuit.depth}, "
                  f"max weight 2^{circuit.max_weight.bit_length() - 1})")


if __name__ == "__main__":
    main()
