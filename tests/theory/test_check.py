"""The equivalence checker against automata-lib and brute force."""

from __future__ import annotations

import itertools

import pytest
from automata.fa.dfa import DFA
from hypothesis import given, settings

from statecheck.errors import BadParameterError, BudgetExceededError, UnknownSymbolError
from statecheck.theory.check import DFAStepper, FunctionStepper, check
from tests.strategies import dfa_pairs, dfas


def accepts(dfa: DFA, word) -> bool:
    """Run a DFA directly from its transition dict (independent of DFAStepper)."""
    q = dfa.initial_state
    for a in word:
        q = dfa.transitions[q][a]
    return q in dfa.final_states


def shortlex_words(alphabet, max_length):
    for n in range(max_length + 1):
        yield from itertools.product(alphabet, repeat=n)


class Opaque:
    """Hide a DFAStepper's tables so the checker takes its generic path."""

    def __init__(self, inner):
        self.inner = inner
        self.alphabet = inner.alphabet
        self.initial_state = inner.initial_state

    def step(self, state, symbol):
        return self.inner.step(state, symbol)

    def output(self, state):
        return self.inner.output(state)

    def symbols(self, state):
        return self.inner.symbols(state)


def parity_dfa(final="e"):
    return DFA(
        states={"e", "o"}, input_symbols={"0", "1"},
        transitions={"e": {"0": "e", "1": "o"}, "o": {"0": "o", "1": "e"}},
        initial_state="e", final_states={final},
    )


@settings(max_examples=500, deadline=None)
@given(dfa_pairs())
def test_checker_agrees_with_automata_lib_and_returns_shortlex_least_witness(pair):
    first, second = pair
    alphabet = tuple(sorted(first.input_symbols))
    result = check(DFAStepper(first, alphabet=alphabet), DFAStepper(second, alphabet=alphabet))
    assert result.agree == (first == second)
    if result.agree:
        assert result.mode == "all-lengths" and result.counterexample is None
        return
    word = result.counterexample
    assert accepts(first, word) != accepts(second, word)
    assert result.expected == accepts(first, word) and result.actual == accepts(second, word)
    # brute force: no word before it in shortlex order separates the pair
    for shorter in shortlex_words(alphabet, len(word)):
        if shorter == word:
            break
        assert accepts(first, shorter) == accepts(second, shorter), shorter


@settings(max_examples=150, deadline=None)
@given(dfa_pairs(max_states=5, max_symbols=3))
def test_generic_and_vectorised_paths_give_identical_results(pair):
    first, second = pair
    alphabet = tuple(sorted(first.input_symbols))
    for semantics in ("recognition", "predictive"):
        a = DFAStepper(first, alphabet=alphabet, semantics=semantics)
        b = DFAStepper(second, alphabet=alphabet, semantics=semantics)
        fast, slow = check(a, b), check(Opaque(a), Opaque(b))
        keys = ("agree", "counterexample", "states_explored", "transitions", "depth", "mode")
        assert [getattr(fast, k) for k in keys] == [getattr(slow, k) for k in keys]


@settings(max_examples=100, deadline=None)
@given(dfas(max_states=5, max_symbols=2))
def test_bounded_check_against_membership_function_covers_every_word(dfa):
    alphabet = tuple(sorted(dfa.input_symbols))
    ref = DFAStepper(dfa, alphabet=alphabet)
    fn = FunctionStepper(alphabet, lambda w: accepts(dfa, w))
    result = check(ref, fn, max_length=6)
    assert result.agree and result.mode == "bounded" and result.max_length == 6
    # the function stepper's state is the word: one pair per word of length <= 6
    assert result.states_explored == sum(len(alphabet) ** n for n in range(7))


def test_counterexample_against_a_wrong_membership_function_is_the_first_bad_word():
    ref = DFAStepper(parity_dfa(), alphabet=("0", "1"))
    # wrong on words with exactly three symbols and a 1 in the middle
    def wrong(word):
        truth = word.count("1") % 2 == 0
        return (not truth) if (len(word) == 3 and word[1] == "1") else truth

    result = check(ref, FunctionStepper(("0", "1"), wrong), max_length=8)
    assert not result.agree
    assert result.counterexample == ("0", "1", "0")


def test_parity_against_constant_false_fails_on_the_empty_word():
    ref = DFAStepper(parity_dfa(), alphabet=("0", "1"))
    always_no = DFAStepper(DFA(
        states={"s"}, input_symbols={"0", "1"}, transitions={"s": {"0": "s", "1": "s"}},
        initial_state="s", final_states=set()), alphabet=("0", "1"))
    result = check(ref, always_no)
    assert not result.agree and result.counterexample == ()
    assert result.expected is True and result.actual is False


def test_closure_is_reported_with_depth_and_pairs():
    # parity against a 4-state copy (mod 4 counter with even states accepting)
    mod4 = DFA(
        states={"0", "1", "2", "3"}, input_symbols={"0", "1"},
        transitions={q: {"0": q, "1": str((int(q) + 1) % 4)} for q in "0123"},
        initial_state="0", final_states={"0", "2"},
    )
    result = check(DFAStepper(parity_dfa(), alphabet=("0", "1")), DFAStepper(mod4, alphabet=("0", "1")))
    assert result.agree and result.proven_all_lengths
    assert result.states_explored == 4  # pairs (e,0) (o,1) (e,2) (o,3)
    assert result.depth == 3


def test_predictive_semantics_explores_only_valid_prefixes():
    # a*b : after b only "$"; the candidate is wrong only after the invalid prefix "ba"
    ab = DFA(
        states={"s", "t", "dead"}, input_symbols={"a", "b"},
        transitions={"s": {"a": "s", "b": "t"}, "t": {"a": "dead", "b": "dead"},
                     "dead": {"a": "dead", "b": "dead"}},
        initial_state="s", final_states={"t"},
    )
    ref = DFAStepper(ab, semantics="predictive")
    assert ref.output(0) == frozenset({"a", "b"})
    assert ref.output(ref.run(("a", "b"))) == frozenset({"$"})

    class Candidate:
        alphabet = ("a", "b")
        initial_state = ()

        def step(self, state, symbol):
            return (state + (symbol,))[-2:]

        def output(self, state):
            return frozenset({"$"}) if state[-1:] == ("b",) else frozenset({"a", "b"})

    result = check(ref, Candidate())
    assert result.agree and result.mode == "all-lengths"


def test_errors_are_clear():
    ref = DFAStepper(parity_dfa(), alphabet=("0", "1"))
    fn = FunctionStepper(("0", "1"), lambda w: True)
    with pytest.raises(BadParameterError, match="infinite-state"):
        check(ref, fn)
    with pytest.raises(BadParameterError, match="max_length"):
        check(ref, ref, max_length=-1)
    with pytest.raises(UnknownSymbolError, match="'1'"):
        check(ref, FunctionStepper(("0",), lambda w: True), max_length=2)
    parity = FunctionStepper(("0", "1"), lambda w: w.count("1") % 2 == 0)
    with pytest.raises(BudgetExceededError, match="max_states=10"):
        check(ref, parity, max_length=20, max_states=10)
    with pytest.raises(UnknownSymbolError):
        ref.step(0, "2")
