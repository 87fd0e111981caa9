"""Liu et al. (2023) shortcuts: the doubling scan against automata-lib and the language
definitions, the solvable cascade against sympy products, bad input, and the claims."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from automata.fa.dfa import DFA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation

from statecheck.constructions import shortcut_parallel
from statecheck.constructions.shortcut_cascade import (
    GroupProductStepper,
    NotSolvableError,
    SolvableCascade,
    check_cascade_all_words,
    solvable_cascade,
)
from statecheck.constructions.shortcut_parallel import (
    all_words,
    check_all_words,
    doubling_rounds,
    doubling_scan,
    sequential_states,
    shortcut_states,
    transition_functions,
)
from statecheck.errors import (
    BadParameterError,
    BudgetExceededError,
    MalformedDFAError,
    StatecheckError,
    UnknownSymbolError,
)
from statecheck.theory import groups, languages
from statecheck.theory.check import check
from tests.strategies import dfas

# -- the doubling scan (Thm 1) -------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dfa=dfas(max_states=6, max_symbols=3), seed=st.integers(0, 2**16))
def test_scan_equals_automata_lib_on_random_dfas(dfa, seed):
    table = transition_functions(dfa)
    for a, symbol in enumerate(table.alphabet):
        for q, state in enumerate(table.states):
            assert table.states[table.delta[a, q]] == dfa.transitions[state][symbol]
    rng = np.random.default_rng(seed)
    length = int(rng.integers(1, 40))
    words = rng.integers(0, len(table.alphabet), size=(4, length))
    run = shortcut_states(table, words)
    assert run.rounds == math.ceil(math.log2(length)) if length > 1 else run.rounds == 0
    for b in range(words.shape[0]):
        word = [table.alphabet[a] for a in words[b]]
        visited = list(dfa.read_input_stepwise(word, ignore_rejection=True))[1:]  # automata-lib yields the start state first
        assert [table.states[s] for s in run.states[b]] == visited
        assert bool(run.accepted[b, -1]) == dfa.accepts_input(word)


@pytest.mark.parametrize("name, params, length", [
    *((f"tomita{i}", {}, 10) for i in range(1, 8)),
    ("parity", {}, 10), ("mod", {"k": 3}, 9), ("flipflop", {}, 5),
])
def test_scan_accepts_exactly_the_language_on_all_words(name, params, length):
    language = languages.get(name, **params)
    table = transition_functions(language.dfa)
    words = all_words(len(table.alphabet), length)
    run = shortcut_states(table, words)
    assert run.rounds == math.ceil(math.log2(length))
    # every word up to `length` is a prefix of some row: compare each with the definition
    for row, t in itertools.product(range(words.shape[0]), range(length)):
        word = [table.alphabet[a] for a in words[row, :t + 1]]
        assert bool(run.accepted[row, t]) == language.accepts(word)
    assert check_all_words(table, length).agree


def test_scan_on_s5_cayley_dfa_equals_sympy_products():
    group = groups.get("S5")
    table = transition_functions(group.cayley_dfa(), alphabet=group.symbols)
    rng = np.random.default_rng(5)
    words = rng.integers(0, 120, size=(3, 300))
    run = shortcut_states(table, words)
    assert run.rounds == 9  # 2^8 < 300 <= 2^9
    for b in range(3):
        product = Permutation(list(range(5)))
        for t, g in enumerate(words[b]):
            product = product * group.elements[g]  # sympy: left factor applied first
            assert group.elements[int(table.states[run.states[b, t]])] == product
    result = check_all_words(table, 2)
    assert result.agree and result.mode == "bounded" and result.max_length == 2
    assert result.states_explored == 1 + 120 + 120**2


@pytest.mark.parametrize("length", [*range(0, 70), 127, 128, 129, 1000, 1024, 1025])
def test_doubling_scan_rounds_and_prefixes(length):
    rng = np.random.default_rng(length)
    n = 4
    functions = rng.integers(0, n, size=(2, length, n))
    prefixes, rounds = doubling_scan(functions)
    assert rounds == (0 if length <= 1 else math.ceil(math.log2(length)))
    assert rounds == doubling_rounds(length)
    if length <= 129:  # reference: compose Python lists one by one
        for b in range(2):
            current = list(range(n))
            for t in range(length):
                current = [int(functions[b, t][q]) for q in current]
                assert prefixes[b, t].tolist() == current


def test_sequential_states_matches_scan_on_long_words():
    table = transition_functions(languages.get("flipflop").dfa)
    words = np.random.default_rng(1).integers(0, len(table.alphabet), size=(16, 2000))
    run = shortcut_states(table, words)
    assert run.rounds == 11
    assert np.array_equal(run.states, sequential_states(table, words))


def test_check_all_words_reports_the_shortest_counterexample(monkeypatch):
    def one_round_short(functions):
        prefixes, rounds = doubling_scan(functions)
        # recompute with the last round skipped, but report the right number of rounds
        broken = np.array(functions, copy=True)
        stride = 1
        for _ in range(rounds - 1):
            broken[..., stride:, :] = np.take_along_axis(broken[..., stride:, :], broken[..., :-stride, :], -1)
            stride *= 2
        return broken, rounds

    monkeypatch.setattr(shortcut_parallel, "doubling_scan", one_round_short)
    table = transition_functions(languages.get("parity").dfa)
    result = check_all_words(table, 4)
    # with one round at length 3, P_3 = f_2;f_3: the first '1' is forgotten; the shortlex-least
    # word where that changes parity is 1 0 0 (alphabet order 0 < 1)
    assert not result.agree and result.mode == "bounded"
    assert result.counterexample == ("1", "0", "0")
    assert result.expected != result.actual


def test_all_words_lists_every_word_once():
    words = all_words(3, 4)
    assert words.shape == (81, 4)
    assert {tuple(w) for w in words.tolist()} == set(itertools.product(range(3), repeat=4))
    assert all_words(3, 4, first=2).shape == (27, 4)
    assert all_words(5, 0).shape == (1, 0)


def test_scan_bad_input():
    table = transition_functions(languages.get("parity").dfa)
    with pytest.raises(UnknownSymbolError, match="symbol index 2"):
        shortcut_states(table, [[0, 1, 2]])
    with pytest.raises(UnknownSymbolError, match="'x' at position 1"):
        table.encode(["0", "x"])
    with pytest.raises(UnknownSymbolError, match="string"):
        table.encode("01")
    with pytest.raises(BadParameterError, match="shape"):
        shortcut_states(table, np.zeros((1, 2, 3), dtype=int))
    with pytest.raises(BadParameterError, match="max_length"):
        check_all_words(table, 0)
    with pytest.raises(BadParameterError, match="reordering"):
        transition_functions(languages.get("parity").dfa, alphabet=["0", "2"])
    with pytest.raises(MalformedDFAError, match="automata-lib DFA"):
        transition_functions({"states": []})
    partial = DFA(states={"a", "b"}, input_symbols={"x", "y"}, transitions={"a": {"x": "b"}, "b": {}},
                  initial_state="a", final_states={"b"}, allow_partial=True)
    with pytest.raises(MalformedDFAError, match="no transition from state 'a' on symbol 'y'"):
        transition_functions(partial)
    s5 = groups.get("S5")
    with pytest.raises(BudgetExceededError, match="120"):
        check_all_words(transition_functions(s5.cayley_dfa(), alphabet=s5.symbols), 5)


# -- the solvable cascade (Thm 2) ----------------------------------------------------------------


def _sympy_prefix_products(group, word):
    product = Permutation(list(range(group.degree)))
    out = []
    for g in word:
        product = product * group.elements[g]
        out.append(group.index(product))
    return out


def test_s3_cascade_is_sign_then_twisted_rotation():
    cascade = solvable_cascade("S3")
    group = cascade.group
    assert cascade.depth == 2 and [level.moduli for level in cascade.levels] == [(2,), (3,)]
    words = np.array(list(itertools.product(range(6), repeat=5)))
    run = cascade.run(words)
    odd = np.array([group.elements[g].is_odd for g in range(6)], dtype=int)
    # level 0 is the running sign: prefix count of odd permutations mod 2
    assert np.array_equal(run.sums[0], np.cumsum(odd[words], axis=1) % 2)
    # level 1 reads only rotations (even permutations, A3 = Z3)
    assert all(group.elements[g].is_even for g in np.unique(run.inputs[1]))
    assert np.all(run.inputs[2] == 0)
    for row in range(0, len(words), 97):
        assert run.products[row].tolist() == _sympy_prefix_products(group, words[row])


@pytest.mark.parametrize("name", ["S3", "S4", "A4", "D4", "D5", "Z6", "Z60", "Z2xZ2xZ3", "A4xZ5"])
def test_cascade_equals_sympy_products_on_random_words(name):
    cascade = solvable_cascade(name)
    group = cascade.group
    words = np.random.default_rng(7).integers(0, group.order, size=(6, 60))
    run = cascade.run(words)
    for b in range(len(words)):
        assert run.products[b].tolist() == _sympy_prefix_products(group, words[b])
    for level, inputs in zip(cascade.levels, run.inputs, strict=False):
        assert level.members[inputs].all()  # level i reads letters of G_i
    assert np.all(run.inputs[-1] == 0)  # the bottom group is trivial
    assert math.prod(level.quotient_order for level in cascade.levels) == group.order
    assert cascade.prefix_products(words[0].tolist()) == group.prefix_products(words[0].tolist())


@pytest.mark.parametrize("name, length", [("Z6", 6), ("A4", 4), ("D5", 4), ("Z2xZ2xZ3", 4)])
def test_cascade_on_all_words(name, length):
    result = check_cascade_all_words(solvable_cascade(name), length)
    order = groups.get(name).order
    assert result.agree and result.mode == "bounded" and result.max_length == length
    assert result.states_explored == sum(order**k for k in range(length + 1))


def test_cascade_check_reports_a_counterexample():
    full = solvable_cascade("S3")
    sign_only = SolvableCascade(full.group, full.levels[:1])  # drop the Z3 level
    result = check_cascade_all_words(sign_only, 3)
    assert not result.agree and len(result.counterexample) == 1
    (g,) = (int(x) for x in result.counterexample)
    # the shortest failure: a one-letter word that is neither e nor c_0 (not 0 or 1 with c_0 = 1)
    (c0,) = full.levels[0].generators
    assert g not in (0, c0) and g == min(set(range(6)) - {0, c0})
    assert result.expected == g


@pytest.mark.parametrize("name, length", [("S3", 5), ("A4", 4), ("D4", 4)])
def test_stepper_states_are_the_parallel_prefix_sums(name, length):
    cascade = solvable_cascade(name)
    stepper = cascade.as_stepper()
    words = all_words(cascade.group.order, length)
    run = cascade.run(words)
    for row in range(0, len(words), 3):
        state = stepper.initial_state
        for t, g in enumerate(words[row]):
            state = stepper.step(state, str(g))
            assert state == tuple(int(level_sums[row, t]) for level_sums in run.sums)
            assert stepper.output(state) == int(run.products[row, t])


def test_checker_proves_the_cascade_and_finds_a_broken_one():
    for name in ("S3", "S4", "A4xZ5"):
        result = check(GroupProductStepper(name), solvable_cascade(name).as_stepper())
        assert result.proven_all_lengths and result.states_explored == groups.get(name).order
    full = solvable_cascade("S4")
    truncated = SolvableCascade(full.group, full.levels[:3])  # forget the last Z2 level
    result = check(GroupProductStepper("S4"), truncated.as_stepper())
    assert not result.agree and len(result.counterexample) == 1
    (g,) = (int(x) for x in result.counterexample)
    assert result.expected == g and result.actual != g
    # shortlex-least: every one-letter word before it is still right without the last level
    stepper = truncated.as_stepper()
    assert all(stepper.output(stepper.step(stepper.initial_state, str(h))) == h for h in range(g))


@pytest.mark.parametrize("name", ["S3", "S4", "A4", "D4", "Z60", "Z2xZ2xZ3", "A4xZ5", "S4xS3"])
def test_derived_series_cascade(name):
    cascade = solvable_cascade(name, series="derived")
    group = cascade.group
    derived = group.perm_group.derived_series()  # sympy: G ⊳ [G,G] ⊳ … ⊳ 1
    assert cascade.depth == len(derived) - 1
    for level, upper, lower in zip(cascade.levels, derived[:-1], derived[1:], strict=True):
        assert level.quotient_order == upper.order() // lower.order()
        # the quotient is abelian: every commutator of generators of G_i lies in G_(i+1)
        for a, b in itertools.product(upper.generators, repeat=2):
            assert lower.contains(a * b * ~a * ~b)
    words = np.random.default_rng(11).integers(0, group.order, size=(4, 40))
    run = cascade.run(words)
    for b in range(len(words)):
        assert run.products[b].tolist() == _sympy_prefix_products(group, words[b])
    assert check(GroupProductStepper(name), cascade.as_stepper()).proven_all_lengths
    assert check_cascade_all_words(cascade, 3 if group.order <= 60 else 2).agree


def test_derived_series_has_fewer_levels_with_non_cyclic_quotients():
    s4 = solvable_cascade("S4", series="derived")
    assert s4.quotients() == "Z2 > Z3 > Z2xZ2" and s4.depth == 3
    assert solvable_cascade("S4").depth == 4
    z60 = solvable_cascade("Z60", series="derived")
    assert z60.depth == 1 and z60.levels[0].moduli == (60,)
    # one level, a prefix sum in Z60: e_t is the running sum of the letters' coordinates
    words = np.random.default_rng(2).integers(0, 60, size=(3, 25))
    run = z60.run(words)
    coords = z60.levels[0].coordinates[words][..., 0]
    assert np.array_equal(run.sums[0], np.cumsum(coords, axis=1) % 60)
    with pytest.raises(BadParameterError, match="series must be"):
        solvable_cascade("S3", series="lower_central")


@pytest.mark.parametrize("name", ["A5", "S5"])
def test_nonsolvable_groups_are_refused(name):
    with pytest.raises(NotSolvableError, match=f"'{name}'.*not solvable") as info:
        solvable_cascade(name)
    assert isinstance(info.value, StatecheckError)
    assert "NC1" in str(info.value)


def test_cascade_bad_input():
    cascade = solvable_cascade("S3")
    with pytest.raises(UnknownSymbolError, match="element index 6"):
        cascade.run([[0, 6]])
    with pytest.raises(BadParameterError, match="shape"):
        cascade.run(np.zeros((1, 1, 1), dtype=int))
    with pytest.raises(BadParameterError, match="max_length"):
        check_cascade_all_words(cascade, 0)
    with pytest.raises(BudgetExceededError, match="S4"):
        check_cascade_all_words(solvable_cascade("S4"), 8)
    assert solvable_cascade("Z1").depth == 0
    with pytest.raises(UnknownSymbolError, match="'6' is not an element of 'S3'"):
        cascade.as_stepper().step(cascade.as_stepper().initial_state, "6")
    with pytest.raises(UnknownSymbolError, match="'x' is not an element of 'S3'"):
        GroupProductStepper("S3").step(0, "x")


# -- the claims --------------------------------------------------------------------------------


def test_every_shortcut_claim_is_verified():
    from statecheck.constructions.shortcut_claims import CLAIMS
    from statecheck.theory import claims

    names = {c.name for c in CLAIMS}
    assert "shortcut.cascade.S3.all_words_8" in names
    assert "shortcut.doubling.cayley_S5.all_words_2" in names
    assert {"shortcut.cascade.S4.all_lengths", "shortcut.cascade.A4xZ5.all_lengths"} <= names
    for item in CLAIMS:
        assert item.name.startswith("shortcut.")
        row = claims.run_claim(item)
        assert row.status == "verified", (row.claim, row.detail)
        if ".all_words_" in row.claim:
            assert row.mode == "bounded" and row.max_length == int(row.claim.rsplit("_", 1)[1])
        elif row.claim == "shortcut.doubling.rounds_log2":
            assert row.mode == "bounded" and "sampled" in row.detail
        else:
            assert row.mode == "all-lengths"
