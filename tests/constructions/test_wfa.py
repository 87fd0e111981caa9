"""WFA-SSM (Merrill et al. 2024, Thm 5.2): weights, acceptance, all-length proofs, monoid size.

References are independent of the construction: automata-lib (``accepts_input``, the DFA's
transition dict), the foundation's ``transition_monoid``, and brute-force Python closures.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from automata.fa.dfa import DFA
from hypothesis import given, settings

from statecheck.constructions.wfa import WFASSM, matrix_closure, wfa_ssm
from statecheck.errors import (
    BadParameterError,
    BudgetExceededError,
    MalformedDFAError,
    UnknownSymbolError,
)
from statecheck.theory import algebra, groups, languages
from statecheck.theory.check import DFAStepper, check
from statecheck.theory.dfa_io import dfa_to_dict
from tests.strategies import dfas

PROPERTY_DFAS = 1000  # random DFAs per CI run (up to 20 states, up to 4 symbols)


def random_dfa(rng: np.random.Generator, *, max_states: int = 20, max_symbols: int = 4) -> DFA:
    """A complete DFA with ``1..max_states`` states over ``1..max_symbols`` symbols."""
    n = int(rng.integers(1, max_states + 1))
    k = int(rng.integers(1, max_symbols + 1))
    symbols = [chr(ord("a") + j) for j in range(k)]
    targets = rng.integers(0, n, size=(n, k))
    finals = rng.random(n) < 0.5
    return DFA(
        states={f"q{i}" for i in range(n)},
        input_symbols=set(symbols),
        transitions={f"q{i}": {a: f"q{targets[i, j]}" for j, a in enumerate(symbols)} for i in range(n)},
        initial_state="q0",
        final_states={f"q{i}" for i in range(n) if finals[i]},
    )


def brute_force_monoid_size(dfa: DFA) -> int:
    """Number of distinct maps ``q ↦ δ*(q, w)`` over all words, by a plain Python closure."""
    states = sorted(dfa.states)
    symbols = sorted(dfa.input_symbols)
    generators = [tuple(dfa.transitions[q][a] for q in states) for a in symbols]
    position = {q: i for i, q in enumerate(states)}
    seen = {tuple(states)}
    frontier = list(seen)
    while frontier:
        fresh = []
        for f in frontier:
            for g in generators:
                h = tuple(g[position[x]] for x in f)  # f then g
                if h not in seen:
                    seen.add(h)
                    fresh.append(h)
        frontier = fresh
    return len(seen)


def test_weights_follow_the_transition_function():
    dfa = random_dfa(np.random.default_rng(1), max_states=9, max_symbols=3)
    model = wfa_ssm(dfa)
    row = {q: i for i, q in enumerate(model.states)}
    assert model.states[0] == dfa.initial_state
    assert sorted(model.states, key=repr) == sorted(dfa.states, key=repr)
    for symbol in model.alphabet:
        matrix = model.A[symbol]
        assert matrix.dtype == np.int64
        for q in dfa.states:
            column = np.zeros(len(model.states), dtype=np.int64)
            column[row[dfa.transitions[q][symbol]]] = 1
            assert np.array_equal(matrix[:, row[q]], column)
    assert model.h0.tolist() == [1 if q == dfa.initial_state else 0 for q in model.states]
    assert model.C.tolist() == [1 if q in dfa.final_states else 0 for q in model.states]


@pytest.mark.parametrize("name", ["parity", "flipflop"])
def test_acceptance_matches_automata_lib_on_random_words(name):
    dfa = languages.get(name).dfa
    model = wfa_ssm(dfa)
    rng = np.random.default_rng(0)
    symbols = sorted(dfa.input_symbols)
    for _ in range(300):
        word = [symbols[i] for i in rng.integers(0, len(symbols), size=int(rng.integers(0, 30)))]
        assert model.accepts(word) == dfa.accepts_input(word)


def test_s5_cayley_model_is_proven_equal_to_its_dfa_at_all_lengths():
    dfa = groups.get("S5").cayley_dfa()
    model = wfa_ssm(dfa)
    result = check(DFAStepper(dfa), model)  # generic path: exact integer vectors
    assert result.agree and result.mode == "all-lengths"
    assert result.states_explored == 120
    tabulated = check(DFAStepper(dfa), model.tabulate())  # vectorised table path
    assert tabulated.proven_all_lengths and tabulated.states_explored == 120


def test_transition_monoid_size_matches_foundation_and_brute_force():
    rng = np.random.default_rng(7)
    for _ in range(150):
        dfa = random_dfa(rng, max_states=6, max_symbols=3)
        expected = brute_force_monoid_size(dfa)
        assert algebra.transition_monoid(dfa).size == expected
        assert wfa_ssm(dfa).transition_monoid().size == expected, dfa.transitions
    s5 = groups.get("S5").cayley_dfa()
    assert wfa_ssm(s5).transition_monoid().size == algebra.transition_monoid(s5).size == 120


def test_monoid_words_multiply_to_their_elements():
    dfa = random_dfa(np.random.default_rng(3), max_states=5, max_symbols=2)
    model = wfa_ssm(dfa)
    monoid = model.transition_monoid()
    assert monoid.words[0] == () and np.array_equal(monoid.elements[0], np.eye(model.dim))
    for word, element in zip(monoid.words, monoid.elements, strict=True):
        product = np.eye(model.dim, dtype=np.int64)
        for symbol in word:
            product = model.A[symbol] @ product  # A_{x_T} ⋯ A_{x_1}
        assert np.array_equal(product, element)
    lengths = [len(w) for w in monoid.words]
    assert lengths == sorted(lengths)  # breadth first: shortest words first
    table = monoid.then_table()
    for i, j in itertools.product(range(min(monoid.size, 12)), repeat=2):
        assert np.array_equal(monoid.elements[table[i, j]], monoid.elements[j] @ monoid.elements[i])


def test_dense_closure_of_non_dfa_matrices_matches_a_python_closure():
    reflect = np.array([[-1, 0, 0], [0, 1, 0], [0, 0, 1]])
    project = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0]])
    shift = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]])
    monoid = matrix_closure([reflect, project, shift], ("r", "p", "s"))
    as_tuple = lambda m: tuple(map(tuple, np.asarray(m).tolist()))  # noqa: E731
    seen = {as_tuple(np.eye(3, dtype=int))}
    frontier = list(seen)
    while frontier:
        fresh = []
        for m in frontier:
            for g in (reflect, project, shift):
                p = as_tuple(g @ np.array(m))
                if p not in seen:
                    seen.add(p)
                    fresh.append(p)
        frontier = fresh
    assert monoid.maps is None
    assert monoid.size == len(seen) == len({as_tuple(e) for e in monoid.elements})
    with pytest.raises(BudgetExceededError, match="max_size=50"):
        matrix_closure([np.array([[1, 1], [0, 1]])], ("u",), max_size=50)


def describe_failures(failures: list, total: int) -> str:
    """One line per failing DFA (at most three): the shortest counterexample and the DFA as JSON."""
    lines = [f"{len(failures)} of {total} random DFAs differ from their construction"]
    for label, result, dfa in failures[:3]:
        lines.append(f"{label}: shortest counterexample {list(result.counterexample)!r}: DFA says "
                     f"{result.expected}, model says {result.actual}; DFA {json.dumps(dfa_to_dict(dfa))}")
    return "\n".join(lines)


def test_property_thousand_random_dfas_proven_at_all_lengths():
    rng = np.random.default_rng(20240412)
    failures, proofs = [], 0
    for _ in range(PROPERTY_DFAS):
        dfa = random_dfa(rng)
        result = check(DFAStepper(dfa), wfa_ssm(dfa).tabulate())
        if not result.proven_all_lengths:
            failures.append(("WFA-SSM", result, dfa))
        proofs += result.proven_all_lengths
    if failures:
        print(describe_failures(failures, PROPERTY_DFAS))
    assert not failures, describe_failures(failures, PROPERTY_DFAS)
    assert proofs == PROPERTY_DFAS


@settings(max_examples=60, deadline=None)
@given(dfas(max_states=8, max_symbols=3))
def test_property_generic_stepper_path(dfa):
    result = check(DFAStepper(dfa), wfa_ssm(dfa))
    assert result.proven_all_lengths, f"shortest counterexample: {result.counterexample}"


def test_corrupted_models_yield_the_brute_force_shortest_counterexample():
    compared = 0
    for seed in range(40):
        dfa = random_dfa(np.random.default_rng(seed), max_states=5, max_symbols=2)
        model = wfa_ssm(dfa)
        symbol = model.alphabet[-1]
        bent = dict(model.A)
        bent[symbol] = np.roll(np.array(model.A[symbol]), 1, axis=0)  # δ(q, σ) moves one row on
        broken = WFASSM(alphabet=model.alphabet, states=model.states, A=bent, h0=model.h0, C=model.C)
        shortest = next(
            (word for length in range(9)
             for word in itertools.product(model.alphabet, repeat=length)
             if broken.accepts(word) != dfa.accepts_input(list(word))),
            None,
        )
        result = check(DFAStepper(dfa), broken)
        if shortest is None:
            continue  # this corruption happens to keep the language (up to length 8)
        compared += 1
        assert not result.agree
        assert result.counterexample == shortest
        assert result.expected == dfa.accepts_input(list(shortest))
    assert compared >= 10


def test_partial_dfa_is_completed_with_a_rejecting_sink():
    partial = DFA(states={"s", "t"}, input_symbols={"a", "b"},
                  transitions={"s": {"a": "t"}, "t": {"b": "s"}}, initial_state="s",
                  final_states={"s"}, allow_partial=True)
    model = wfa_ssm(partial)
    assert model.dim == 3
    for word in (["a", "b"], ["b"], ["a", "a"], [], ["a", "b", "a", "b"]):
        assert model.accepts(word) == partial.accepts_input(word)


def test_bad_input_is_refused_with_specific_errors():
    dfa = languages.get("parity").dfa
    with pytest.raises(MalformedDFAError, match="dict"):
        wfa_ssm({"states": []})
    with pytest.raises(BadParameterError, match="'x'"):
        wfa_ssm(dfa, alphabet=("0", "x"))
    model = wfa_ssm(dfa)
    with pytest.raises(UnknownSymbolError, match="'2'"):
        model.accepts(["0", "2"])
    with pytest.raises(UnknownSymbolError, match="string"):
        model.accepts("01")
    with pytest.raises(BadParameterError, match="shape"):
        WFASSM(alphabet=("a",), states=("p", "q"), A={"a": np.eye(3, dtype=int)}, h0=[1, 0], C=[0, 1])
    with pytest.raises(BadParameterError, match="integers"):
        WFASSM(alphabet=("a",), states=("p",), A={"a": [[0.5]]}, h0=[1], C=[1])


def test_non_dfa_integer_weights_step_by_exact_matrix_products():
    from statecheck.theory.check import FunctionStepper

    counter = WFASSM(alphabet=("a", "b"), states=("count", "one"),
                     A={"a": [[1, 1], [0, 1]], "b": [[1, -1], [0, 1]]}, h0=[0, 1], C=[1, 0])
    assert counter.run(["a", "a", "a", "b"]) == (2, 1)  # h = (#a − #b, 1), exact
    reference = FunctionStepper(("a", "b"), lambda w: w.count("a") > w.count("b"))
    result = check(reference, counter, max_length=10)
    assert result.agree and result.mode == "bounded" and result.max_length == 10
    with pytest.raises(BudgetExceededError, match="max_states=100"):
        counter.tabulate(max_states=100)  # unbounded counts: no finite table
