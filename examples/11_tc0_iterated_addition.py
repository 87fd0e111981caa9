"""Iterated addition is in TC0: the sum of n numbers in constant depth.

Merrill, Petty & Sabharwal (ICML 2024, §4 and App. A) put S4 and S6 layers in (L-uniform) TC0:
constant-depth, polynomial-size circuits of threshold gates. The basic step is *iterated
addition*: adding n numbers of m bits with a depth that does not grow with n. This script

1. builds a tiny circuit for 3 + 2-bit numbers, evaluates it and draws it layer by layer;
2. builds iterated_addition(n, 8) for n = 2 … 128 in both weight modes (exponential weights:
   depth 2; polynomial weights: depth 6), and plots depth and size against n with the fitted
   exponent of size ~ n^e.

Usage: ``python examples/11_tc0_iterated_addition.py [OUT_DIR]`` (PNG files go to OUT_DIR,
default a fresh temporary folder; the script never writes into the repository by default).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402

from statecheck.circuits.addition import iterated_addition  # noqa: E402
from statecheck.circuits.ir import pack_numbers, unpack_numbers  # noqa: E402


def draw_small_circuit(out_dir: Path) -> Path:
    circuit = iterated_addition(3, 2, weights="exponential")
    print("1. A tiny circuit: the sum of three 2-bit numbers, exponential weights.")
    print(f"   {circuit.n_inputs} inputs (x0, x1, x2, each little-endian), {circuit.n_outputs} outputs,"
          f" depth {circuit.depth}, {circuit.size} gates, {circuit.edges} edges.")
    print("   Output bit p is [Σ_r ([Y_p ≥ r·2^(p+1) + 2^p] − [Y_p ≥ (r+1)·2^(p+1)]) ≥ 1] with")
    print("   Y_p = Σ_i Σ_(q≤p) 2^q x_(i,q): layer 1 compares Y_p with thresholds, layer 2 picks the")
    print("   intervals in which bit p is 1.")
    examples = [[3, 2, 1], [3, 3, 3], [0, 1, 2]]
    totals = unpack_numbers(circuit.evaluate(pack_numbers(examples, [2, 2, 2])), [circuit.n_outputs])
    for numbers, (total,) in zip(examples, totals, strict=True):
        print(f"   {' + '.join(map(str, numbers))} = {total}   (Python: {sum(numbers)})")

    graph = circuit.to_networkx()
    for _, data in graph.nodes(data=True):
        data["layer"] = data.get("depth", 0)
    positions = nx.multipartite_layout(graph, subset_key="layer")
    colours = ["#9ecae1" if data["kind"] == "input" else "#fdae6b" if "output_index" in data
               else "#d9d9d9" for _, data in graph.nodes(data=True)]
    labels = {node: (f"x{data['index'] // 2},{data['index'] % 2}" if data["kind"] == "input"
                     else f"≥{data['threshold']}") for node, data in graph.nodes(data=True)}
    figure, axes = plt.subplots(figsize=(9, 6))
    nx.draw_networkx(graph, positions, ax=axes, node_color=colours, labels=labels, font_size=7,
                     node_size=650, arrowsize=8, width=0.5)
    axes.set_title("iterated_addition(n=3, m=2): inputs (blue), threshold gates, outputs (orange)")
    axes.axis("off")
    path = out_dir / "11_small_circuit.png"
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)
    print(f"   drawing saved to {path}")
    return path


def sweep(out_dir: Path) -> Path:
    print("\n2. Depth and size against n (m = 8 bits per number).")
    ns = [2, 4, 8, 16, 32, 64, 128]
    table = {}
    for weights in ("exponential", "polynomial"):
        rows = []
        for n in ns:
            circuit = iterated_addition(n, 8, weights=weights)
            rows.append((n, circuit.depth, circuit.size, circuit.edges, circuit.max_weight))
        table[weights] = rows
        print(f"   {weights} weights:")
        print("      n  depth   size     edges  max weight")
        for n, depth, size, edges, weight in rows:
            print(f"   {n:4d}  {depth:5d}  {size:5d}  {edges:8d}  {weight:10d}")
    fits = {}
    for weights, rows in table.items():
        large = [(n, size) for n, _, size, _, _ in rows if n >= 8]
        slope, _ = np.polyfit(np.log([n for n, _ in large]), np.log([s for _, s in large]), 1)
        fits[weights] = slope
        edge_rows = [(n, edges) for n, _, _, edges, _ in rows if n >= 8]
        edge_slope, _ = np.polyfit(np.log([n for n, _ in edge_rows]), np.log([e for _, e in edge_rows]), 1)
        print(f"   fitted size ~ n^{slope:.2f}, edges ~ n^{edge_slope:.2f} with {weights} weights "
              "(n >= 8, float least squares on logs)")
    print("   The depth column does not grow with n: 2 with exponential weights, 6 with polynomial")
    print("   weights once n >= 4 (column counts, block sums, block carries, digits). Size and edges")
    print("   grow polynomially: counting a column of n bits takes n gates of fan-in n.")

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for weights, rows in table.items():
        left.plot(ns, [r[1] for r in rows], marker="o", label=f"{weights} weights")
        right.loglog(ns, [r[2] for r in rows], marker="o",
                     label=f"{weights}: size ~ n^{fits[weights]:.2f}")
    left.set_xscale("log", base=2)
    left.set_xlabel("n (numbers added)")
    left.set_ylabel("depth (gates on the longest path)")
    left.set_ylim(0, 8.5)
    left.legend()
    right.set_xlabel("n (numbers added)")
    right.set_ylabel("size (gates)")
    right.legend()
    figure.suptitle("iterated_addition(n, m=8): constant depth, polynomial size")
    path = out_dir / "11_depth_size_vs_n.png"
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)
    print(f"   plot saved to {path}")
    return path


def main(argv: list[str]) -> None:
    out_dir = Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp(prefix="statecheck_ex11_"))
    out_dir.mkdir(parents=True, exist_ok=True)
    draw_small_circuit(out_dir)
    sweep(out_dir)


if __name__ == "__main__":
    main(sys.argv)
