"""The circuit IR: builder validation, metrics, exact evaluation, networkx export."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pytest

from statecheck.circuits.addition import iterated_addition
from statecheck.circuits.counting import compare
from statecheck.circuits.ir import (
    CircuitBuilder,
    CircuitBuildError,
    int_to_bits,
    pack_numbers,
    unpack_numbers,
)
from statecheck.circuits.multiplication import multiplication
from statecheck.circuits.validation import CircuitInputError, check_budget
from statecheck.errors import BadParameterError, BudgetExceededError


def all_inputs(n: int) -> np.ndarray:
    return np.array(list(itertools.product([0, 1], repeat=n)), dtype=np.uint8)


def evaluate_graph(graph: nx.DiGraph, row) -> list[int]:
    """Evaluate the exported graph gate by gate in topological order (independent of the IR)."""
    value = {}
    for node in nx.topological_sort(graph):
        data = graph.nodes[node]
        if data["kind"] == "input":
            value[node] = int(row[data["index"]])
        elif data["kind"] == "const":
            value[node] = data["value"]
        else:
            total = sum(attrs["weight"] * value[src] for src, _, attrs in graph.in_edges(node, data=True))
            value[node] = int(total >= data["threshold"])
    return [value[node] for node in graph.graph["outputs"]]


def test_builder_gate_semantics_against_python_on_random_gates():
    rng = random.Random(7)
    for _ in range(40):
        n = rng.randint(1, 6)
        b = CircuitBuilder(n)
        specs = []
        for _ in range(6):
            wires = rng.sample(range(b.n_wires), rng.randint(1, min(4, b.n_wires)))
            bits = rng.choice([3, 20, 40, 70, 100])  # int32, int64 and multi-limb weights
            weights = [rng.choice([-1, 1]) * rng.getrandbits(bits) for _ in wires]
            threshold = rng.choice([-1, 1]) * rng.getrandbits(bits) + rng.randint(-1, 1)
            specs.append((wires, weights, threshold, b.gate(wires, weights, threshold)))
        circuit = b.build([spec[3] for spec in specs])
        inputs = all_inputs(n)
        got = circuit.evaluate(inputs)
        for row, out in zip(inputs.tolist(), got.tolist(), strict=True):
            value = dict(enumerate(row))
            expected = []
            for wires, weights, threshold, wire in specs:
                value[wire] = int(sum(w * value[x] for x, w in zip(wires, weights, strict=True)) >= threshold)
                expected.append(value[wire])
            assert out == expected


def test_shared_sums_with_many_thresholds_and_huge_weights_are_exact():
    b = CircuitBuilder(4)
    weights = [2**90 + 1, -(2**70), 2**90, 3]
    thresholds = [2**90 - 2**70 + t for t in range(-3, 5)] + [2**91 + 1, -5, 0]
    gates = b.gates(b.inputs, weights, thresholds)
    circuit = b.build(gates)
    for row, out in zip(all_inputs(4).tolist(), circuit.evaluate(all_inputs(4)).tolist(), strict=True):
        total = sum(w * x for w, x in zip(weights, row, strict=True))
        assert out == [int(total >= t) for t in thresholds]


def test_depth_size_and_metrics_of_a_small_circuit():
    b = CircuitBuilder(3, name="demo")
    g1 = b.gate([0, 1], [1, 1], 2)  # x0 ∧ x1, depth 1
    g2 = b.gate([g1, 2], [2, -3], 1)  # depth 2
    b.gate([0], [5], 1)  # dead: pruned
    one = b.const(1)
    circuit = b.build([g2, one, 0])
    assert (circuit.depth, circuit.size, circuit.edges) == (2, 2, 4)
    assert (circuit.max_weight, circuit.max_fan_in, circuit.n_outputs) == (3, 2, 3)
    assert circuit.name == "demo"
    out = circuit.evaluate(all_inputs(3))
    for row, got in zip(all_inputs(3).tolist(), out.tolist(), strict=True):
        assert got == [int(2 * (row[0] & row[1]) - 3 * row[2] >= 1), 1, row[0]]


def test_repeated_wires_merge_and_zero_weights_drop():
    b = CircuitBuilder(2)
    g = b.gate([0, 0, 1], [1, 1, 0], 2)  # = [2 x0 ≥ 2]
    circuit = b.build([g])
    assert circuit.edges == 1
    assert circuit.evaluate(all_inputs(2))[:, 0].tolist() == [0, 0, 1, 1]


def test_single_input_row_returns_one_dimensional_output():
    circuit = compare(3)
    bits = pack_numbers([[5, 3]], [3, 3])[0]
    assert circuit.evaluate(bits).tolist() == [1]


@pytest.mark.parametrize("chunk", [1, 3, 4096])
def test_chunking_does_not_change_results(chunk):
    circuit = iterated_addition(3, 3, weights="polynomial")
    inputs = all_inputs(9)
    assert np.array_equal(circuit.evaluate(inputs, chunk=chunk), circuit.evaluate(inputs))


@pytest.mark.parametrize(
    "circuit",
    [iterated_addition(3, 2, weights="polynomial"), iterated_addition(3, 2, weights="exponential"),
     multiplication(3), compare(3, weights="polynomial")],
    ids=["iadd-poly", "iadd-exp", "mul", "compare-poly"],
)
def test_networkx_export_evaluated_independently_agrees_with_evaluate(circuit):
    graph = circuit.to_networkx()
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(k == "input" for k in kinds.values()) == circuit.n_inputs
    assert sum(k == "gate" for k in kinds.values()) == circuit.size
    assert graph.number_of_edges() == circuit.edges
    assert nx.dag_longest_path_length(graph.subgraph(n for n, k in kinds.items() if k == "gate"), weight=None) + 1 == circuit.depth
    outputs = [node for node, data in graph.nodes(data=True) if "output_index" in data]
    assert sorted(graph.nodes[node]["output_index"] for node in outputs) == list(range(circuit.n_outputs))
    inputs = all_inputs(circuit.n_inputs)
    expected = [evaluate_graph(graph, row) for row in inputs.tolist()]
    assert circuit.evaluate(inputs).tolist() == expected


def test_pack_and_unpack_numbers_round_trip_against_python_ints():
    rng = random.Random(3)
    widths = [5, 70, 1]
    values = [[rng.getrandbits(w) for w in widths] for _ in range(20)]
    bits = pack_numbers(values, widths)
    assert bits.shape == (20, 76)
    assert bits[0, :5].tolist() == [(values[0][0] >> i) & 1 for i in range(5)]
    assert unpack_numbers(bits, widths) == values
    assert int_to_bits(6, 4) == [0, 1, 1, 0]


# ---------------------------------------------------------------------- bad input
def test_bad_batches_are_refused_with_the_bad_value_named():
    circuit = compare(2)
    with pytest.raises(CircuitInputError, match="got width 3"):
        circuit.evaluate(np.zeros((2, 3), dtype=np.uint8))
    with pytest.raises(CircuitInputError, match="must be 0 or 1, got 2"):
        circuit.evaluate(np.array([[0, 1, 2, 0]]))
    with pytest.raises(CircuitInputError, match="shape"):
        circuit.evaluate(np.zeros((1, 1, 4)))
    with pytest.raises(CircuitInputError, match="numeric"):
        circuit.evaluate(np.array([["a", "b", "c", "d"]]))


def test_bad_gates_are_refused():
    b = CircuitBuilder(2)
    with pytest.raises(CircuitBuildError, match="wire 5 does not exist"):
        b.gate([0, 5], [1, 1], 1)
    with pytest.raises(CircuitBuildError, match="one weight per wire"):
        b.gate([0, 1], [1], 1)
    with pytest.raises(CircuitBuildError, match="must be an integer, got 1.5"):
        b.gate([0], [1.5], 1)
    with pytest.raises(CircuitBuildError, match="threshold must be an integer"):
        b.gate([0], [1], 0.5)
    with pytest.raises(CircuitBuildError, match="0 or 1"):
        b.const(2)
    with pytest.raises(CircuitBuildError, match="at least one output"):
        b.build([])
    with pytest.raises(BadParameterError, match="n_inputs must be an integer >= 1, got 0"):
        CircuitBuilder(0)


def test_gate_budget_of_the_builder_and_of_estimates():
    b = CircuitBuilder(2, gate_budget=2)
    b.gate([0], [1], 1)
    b.gate([1], [1], 1)
    with pytest.raises(BudgetExceededError, match="gate budget of 2"):
        b.gate([0, 1], [1, 1], 2)
    with pytest.raises(BudgetExceededError, match="10,001 gates"):
        check_budget("demo", 10_001, 10_000)
    with pytest.raises(BudgetExceededError, match="edges"):
        check_budget("demo", 10, 10, estimated_edges=10_000)


def test_budget_errors_are_bad_parameter_errors_too():
    from statecheck.circuits.addition import iterated_addition

    with pytest.raises(BadParameterError, match="gate budget"):
        iterated_addition(64, 64, weights="polynomial", budget=100)
    with pytest.raises(BadParameterError, match="gate budget of 1"):
        b = CircuitBuilder(1, gate_budget=1)
        b.gate([0], [1], 1)
        b.gate([0], [1], 0)


def test_gates_without_wires_and_empty_batches():
    b = CircuitBuilder(2)
    yes, no = b.gate([], [], 0), b.gate([], [], 1)  # [0 >= 0] = 1, [0 >= 1] = 0
    circuit = b.build([yes, no, 1])
    assert circuit.depth == 1
    assert circuit.evaluate(all_inputs(2)).tolist() == [[1, 0, 0], [1, 0, 1], [1, 0, 0], [1, 0, 1]]
    assert circuit.evaluate(np.zeros((0, 2), dtype=np.uint8)).shape == (0, 3)


def test_concurrent_evaluations_of_one_circuit_do_not_share_scratch_space():
    import threading

    circuit = iterated_addition(8, 8, weights="polynomial")
    rng = random.Random(9)
    batches = [[[rng.getrandbits(8) for _ in range(8)] for _ in range(300)] for _ in range(4)]
    results = [None] * 4

    def work(i):
        out = circuit.evaluate(pack_numbers(batches[i], [8] * 8), chunk=16)
        results[i] = [row[0] for row in unpack_numbers(out, [circuit.n_outputs])]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [[sum(row) for row in batch] for batch in batches]


@pytest.mark.parametrize("weights, threshold", [
    ([10000, 10000, -7], 12760),  # every bound fits int16
    ([16383, 16383, 16383], 32767),  # sums past int16, inside int32
    ([2**31, 2**31, -1], 2**32 - 1),  # int64
    ([2**62, 2**62, 2**62], 2**63),  # limbs
])
def test_sum_widths_at_their_boundaries(weights, threshold):
    b = CircuitBuilder(3)
    circuit = b.build([b.gate(b.inputs, weights, threshold)])
    for row, (out,) in zip(all_inputs(3).tolist(), circuit.evaluate(all_inputs(3)).tolist(), strict=True):
        assert out == int(sum(w * x for w, x in zip(weights, row, strict=True)) >= threshold)
