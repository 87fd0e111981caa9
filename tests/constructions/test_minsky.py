"""Minsky RNN (one unit per (state, symbol) pair; Merrill et al. 2024, Thm 5.1).

References are independent of the construction: automata-lib's ``accepts_input`` and transition
dict, a plain-Python simulation of the stated formula ``h_t = act(U h + V e(x) + b)``, and
brute-force margins computed from the weights.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from automata.fa.dfa import DFA
from hypothesis import given, settings
from hypothesis import strategies as st

from statecheck.constructions.minsky import ACTIVATIONS, MinskyRNN, minsky_rnn
from statecheck.errors import (
    BadParameterError,
    BudgetExceededError,
    MalformedDFAError,
    UnknownSymbolError,
)
from statecheck.theory import groups, languages
from statecheck.theory.check import DFAStepper, check
from tests.constructions.test_wfa import PROPERTY_DFAS, describe_failures, random_dfa
from tests.strategies import dfas

ACTIVATION_FUNCTIONS = {
    "heaviside": lambda z: 1 if z > 0 else 0,
    "relu": lambda z: max(z, 0),
    "sign": lambda z: 1 if z > 0 else -1,
}


def simulate(model: MinskyRNN, word) -> bool:
    """The stated semantics in plain Python ints, independent of the model's own step."""
    act = ACTIVATION_FUNCTIONS[model.activation]
    U, V, b = model.U.tolist(), model.V.tolist(), model.b.tolist()
    h = model.h0.tolist()
    column = {a: j for j, a in enumerate(model.alphabet)}
    for symbol in word:
        j = column[symbol]
        h = [act(sum(U[i][m] * h[m] for m in range(len(h))) + V[i][j] + b[i]) for i in range(len(h))]
    return sum(r * x for r, x in zip(model.readout.tolist(), h, strict=True)) + model.readout_bias > 0


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_shape_units_and_acceptance_against_automata_lib(activation):
    rng = np.random.default_rng(5)
    for _ in range(20):
        dfa = random_dfa(rng, max_states=6, max_symbols=3)
        model = minsky_rnn(dfa, activation)
        n, k = len(dfa.states), len(dfa.input_symbols)
        assert model.U.shape == (n * k, n * k) and model.V.shape == (n * k, k)
        assert model.b.shape == model.h0.shape == model.readout.shape == (n * k,)
        assert isinstance(model.readout_bias, float)
        assert sorted(model.units) == sorted(itertools.product(dfa.states, sorted(dfa.input_symbols)))
        symbols = sorted(dfa.input_symbols)
        for length in range(5):
            for word in itertools.product(symbols, repeat=length):
                expected = dfa.accepts_input(list(word))
                assert simulate(model, word) == expected
                assert model.accepts(word) == expected


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_hidden_unit_q_sigma_is_on_iff_last_symbol_sigma_and_state_q(activation):
    dfa = random_dfa(np.random.default_rng(2), max_states=7, max_symbols=3)
    model = minsky_rnn(dfa, activation)
    on = 1
    rng = np.random.default_rng(0)
    symbols = sorted(dfa.input_symbols)
    for _ in range(50):
        word = [symbols[i] for i in rng.integers(0, len(symbols), size=int(rng.integers(1, 15)))]
        state = dfa.initial_state
        for symbol in word:
            state = dfa.transitions[state][symbol]
        h = model.run(word)
        active = [unit for unit, value in zip(model.units, h, strict=True) if value == on]
        assert active == [(state, word[-1])]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_pre_activation_and_readout_keeps_margin_one(activation):
    rng = np.random.default_rng(9)
    for _ in range(30):
        dfa = random_dfa(rng, max_states=8, max_symbols=3)
        model = minsky_rnn(dfa, activation)
        # reachable hidden states by running every word up to the DFA's size (covers all states)
        reachable = {model.initial_state}
        frontier = [model.initial_state]
        while frontier:
            fresh = []
            for h in frontier:
                for symbol in model.alphabet:
                    z = [int(v) for v in model.U @ np.array(h) + model.V[:, model.alphabet.index(symbol)] + model.b]
                    assert min(abs(v) for v in z) >= 1 and set(z) <= {-3, -1, 1}
                    nxt = model.step(h, symbol)
                    if nxt not in reachable:
                        reachable.add(nxt)
                        fresh.append(nxt)
            frontier = fresh
        for h in reachable:
            assert abs(float(model.readout @ np.array(h)) + model.readout_bias) == 1.0
        assert model.margins() == (1, 1)


def test_s5_cayley_units_are_refused_past_the_budget_and_a_small_group_is_proven():
    with pytest.raises(BudgetExceededError, match="14400"):
        minsky_rnn(groups.get("S5").cayley_dfa())
    s3 = groups.get("S3").cayley_dfa()
    for activation in ACTIVATIONS:
        result = check(DFAStepper(s3), minsky_rnn(s3, activation))
        assert result.proven_all_lengths


def test_property_thousand_random_dfas_three_activations_proven_at_all_lengths():
    rng = np.random.default_rng(20240413)
    failures, proofs = [], 0
    for _ in range(PROPERTY_DFAS):
        dfa = random_dfa(rng)
        reference = DFAStepper(dfa)
        for activation in ACTIVATIONS:
            result = check(reference, minsky_rnn(dfa, activation).tabulate())
            if not result.proven_all_lengths:
                failures.append((f"Minsky RNN ({activation})", result, dfa))
            proofs += result.proven_all_lengths
    if failures:
        print(describe_failures(failures, PROPERTY_DFAS))
    assert not failures, describe_failures(failures, PROPERTY_DFAS)
    assert proofs == 3 * PROPERTY_DFAS


@settings(max_examples=40, deadline=None)
@given(dfas(max_states=6, max_symbols=3), st.sampled_from(ACTIVATIONS))
def test_property_generic_stepper_path(dfa, activation):
    result = check(DFAStepper(dfa), minsky_rnn(dfa, activation))
    assert result.proven_all_lengths, f"shortest counterexample: {result.counterexample}"


def test_a_bent_weight_is_caught_with_a_shortest_counterexample():
    dfa = languages.get("parity").dfa
    model = minsky_rnn(dfa, "heaviside")
    bias = model.b.copy()
    bias[:] = -5  # no unit can fire after the first symbol: every nonempty word reads as rejected
    broken = MinskyRNN(alphabet=model.alphabet, U=model.U, V=model.V, b=bias, h0=model.h0,
                       readout=model.readout, readout_bias=model.readout_bias,
                       activation="heaviside")
    result = check(DFAStepper(dfa), broken)
    first_accepted = next(w for n in range(1, 4) for w in itertools.product(model.alphabet, repeat=n)
                          if dfa.accepts_input(list(w)))
    assert not result.agree and result.counterexample == first_accepted


def test_bad_input_is_refused_with_specific_errors():
    dfa = languages.get("parity").dfa
    with pytest.raises(BadParameterError, match="'tanh'"):
        minsky_rnn(dfa, "tanh")
    with pytest.raises(MalformedDFAError):
        minsky_rnn("not a dfa")
    model = minsky_rnn(dfa)
    with pytest.raises(UnknownSymbolError, match="'z'"):
        model.accepts(["z"])
    with pytest.raises(BadParameterError, match="integer value"):
        MinskyRNN(alphabet=("a",), U=[[1]], V=[[1]], b=[0], h0=[1], readout=[1], readout_bias=0.5,
                  activation="relu")
    with pytest.raises(BadParameterError, match="shape"):
        MinskyRNN(alphabet=("a", "b"), U=[[1]], V=[[1]], b=[0], h0=[1], readout=[1],
                  readout_bias=0.0, activation="relu")
    partial = DFA(states={"s", "t"}, input_symbols={"a", "b"}, transitions={"s": {"a": "t"}, "t": {}},
                  initial_state="s", final_states={"t"}, allow_partial=True)
    completed = minsky_rnn(partial, "sign")
    assert completed.dim == 3 * 2
    assert [completed.accepts(w) for w in (["a"], ["a", "a"], ["b"], [])] == [True, False, False, False]


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("dtype", ["fp32", "fp64"])
def test_torch_module_equals_the_dfa_and_the_exact_states(activation, dtype):
    import torch

    dfa = random_dfa(np.random.default_rng(12), max_states=9, max_symbols=3)
    model = minsky_rnn(dfa, activation)
    module = model.to_torch(dtype=dtype)
    generator = torch.Generator().manual_seed(1)
    tokens = torch.randint(0, len(model.alphabet), (8, 40), generator=generator)
    accepted = module(tokens)
    states = module.states(tokens)
    assert accepted.shape == (8, 41) and states.shape == (8, 41, model.dim)
    for row, sequence in enumerate(tokens.tolist()):
        word = [model.alphabet[t] for t in sequence]
        expected = [dfa.accepts_input(word[:t]) for t in range(len(word) + 1)]
        assert accepted[row].tolist() == expected
        assert states[row, -1].tolist() == list(model.run(word))  # float run = exact run
