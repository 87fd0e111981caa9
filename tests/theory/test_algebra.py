"""Transition monoids and classification, against brute force and known cases."""

from __future__ import annotations

import itertools

import pytest
from automata.fa.dfa import DFA
from hypothesis import given, settings
from hypothesis import strategies as st

from statecheck.errors import BadParameterError, BudgetExceededError
from statecheck.theory import algebra, groups, languages
from statecheck.theory.algebra import ARCHITECTURES, classify, transition_monoid
from tests.strategies import dfas


def brute_monoid(dfa, alphabet):
    """Every transformation induced by a word, with the first (short-lex least) word reaching
    it, by enumerating words by length until a whole length adds nothing new."""
    states = sorted(dfa.states, key=repr)
    states.remove(dfa.initial_state)
    states = [dfa.initial_state, *states]

    def induced(word):
        return tuple(states.index(_run(dfa, q, word)) for q in states)

    found = {}
    length = 0
    while True:
        new = False
        for word in itertools.product(alphabet, repeat=length):
            t = induced(word)
            if t not in found:
                found[t] = word
                new = True
        if not new and length > 0:
            return found
        length += 1


def _run(dfa, q, word):
    for a in word:
        q = dfa.transitions[q][a]
    return q


def compose(x, y):
    """x first, then y."""
    return tuple(y[q] for q in x)


@settings(max_examples=150, deadline=None)
@given(dfas(max_states=4, max_symbols=2))
def test_elements_and_least_words_match_brute_force(dfa):
    alphabet = tuple(sorted(dfa.input_symbols))
    monoid = transition_monoid(dfa, alphabet=alphabet)
    brute = brute_monoid(dfa, alphabet)
    assert set(monoid.elements) == set(brute)
    assert monoid.size == len(brute)
    for element, word in zip(monoid.elements, monoid.words, strict=True):
        assert brute[element] == word
    assert monoid.elements[0] == tuple(range(len(monoid.states)))
    assert monoid.words[0] == ()


def brute_h_classes(elements):
    """H-classes from the definition: x R y iff xM¹ = yM¹, x L y iff M¹x = M¹y."""
    right = {x: frozenset(compose(x, m) for m in elements) for x in elements}
    left = {x: frozenset(compose(m, x) for m in elements) for x in elements}
    classes = {}
    for x in elements:
        classes.setdefault((right[x], left[x]), []).append(x)
    return list(classes.values())


@settings(max_examples=120, deadline=None)
@given(dfas(max_states=4, max_symbols=2))
def test_aperiodic_iff_every_h_class_is_trivial(dfa):
    monoid = transition_monoid(dfa)
    h_classes = brute_h_classes(monoid.elements)
    assert monoid.aperiodic == all(len(h) == 1 for h in h_classes)
    # maximal subgroups = H-classes containing an idempotent; their orders as a multiset,
    # one per D-class, must appear among the brute-force H-classes of idempotents
    idempotents = {x for x in monoid.elements if compose(x, x) == x}
    assert {monoid.elements[i] for i in monoid.idempotents()} == idempotents
    group_orders = {len(h) for h in h_classes if idempotents & set(h)}
    assert {s.order for s in monoid.maximal_subgroups()} == group_orders


def test_known_classes():
    def cls(name, **params):
        return classify(languages.get(name, **params))

    assert not cls("parity").aperiodic and cls("parity").class_ == "ACC0"
    assert not cls("aa_star").aperiodic
    assert cls("tomita4").aperiodic and cls("tomita4").class_ == "AC0"
    for n in (2, 3, 4, 12):
        assert cls("d", n=n).star_free
    for name in ("S4", "A4xZ5", "Z60"):
        c = classify(groups.get(name))
        assert c.solvable and c.class_ == "ACC0"
    for name in ("A5", "S5"):
        c = classify(groups.get(name))
        assert not c.solvable and c.class_ == "NC1-complete"
        assert c.verdict("fixed-depth").expressible is False
        assert c.verdict("one-layer").expressible is True


def test_sarrof_suite_grouping_is_what_the_classifier_says():
    """Sarrof et al.'s 11 star-free / 7 non-star-free split, recomputed from the monoids."""
    star_free = ["tomita1", "tomita2", "tomita4", "tomita7", "aa_star_bb_star_cc_star_dd_star_ee_star",
                 "ab_star_d_bc_star", "012_star_02_star"]
    non_star_free = ["tomita3", "tomita5", "tomita6", "parity", "aa_star", "aaaa_star", "abab_star"]
    for name in star_free:
        assert classify(languages.get(name)).star_free, name
    for n in (2, 3, 4, 12):
        assert classify(languages.get("d", n=n)).star_free
    for name in non_star_free:
        c = classify(languages.get(name))
        assert not c.star_free and c.class_ == "ACC0", name
        assert c.verdict("non-negative").expressible is False


def a5_with_reset():
    """A 5-state DFA whose letters generate A5 (a 3-cycle and a 5-cycle) plus a reset."""
    three, five = (1, 2, 0, 3, 4), (1, 2, 3, 4, 0)
    reset = (0, 0, 0, 0, 0)
    states = [f"s{i}" for i in range(5)]
    transitions = {states[q]: {"x": states[three[q]], "y": states[five[q]], "r": states[reset[q]]}
                   for q in range(5)}
    return DFA(states=set(states), input_symbols={"x", "y", "r"}, transitions=transitions,
               initial_state="s0", final_states={"s0"})


def test_a5_next_to_a_reset_is_nc1_complete():
    dfa = a5_with_reset()
    monoid = transition_monoid(dfa)
    assert monoid.size == 60 + 5  # the group A5 and the five constant maps
    c = classify(dfa)
    assert c.class_ == "NC1-complete" and not c.solvable and not c.aperiodic
    orders = sorted(s["order"] for s in c.subgroups)
    assert orders == [60]
    top = monoid.maximal_subgroups()[0]
    # the only subgroup of order 60 of S5 is A5: even generators and order 60 identify it
    assert top.rank == 5 and top.group.order() == 60
    assert all(g.is_even for g in top.group.generators)


def test_classify_minimises_first():
    """Two states swapped by every letter, both accepting: Σ*, star-free — though the given
    DFA's own transition monoid is Z2."""
    dfa = DFA(states={"p", "q"}, input_symbols={"a"}, transitions={"p": {"a": "q"}, "q": {"a": "p"}},
              initial_state="p", final_states={"p", "q"})
    assert not transition_monoid(dfa).aperiodic
    c = classify(dfa)
    assert c.aperiodic and c.class_ == "AC0" and c.states == 1 and c.to_dict()["input_states"] == 2


@pytest.mark.parametrize("name", ["S3", "D4", "A4", "Z2xZ2xZ3", "A5"])
def test_group_path_equals_cayley_dfa_path(name):
    group = groups.get(name)
    via_group = classify(group).to_dict()
    via_dfa = classify(group.cayley_dfa()).to_dict()
    for key in ("states", "monoid_size", "aperiodic", "solvable", "class", "subgroups", "verdicts"):
        assert via_group[key] == via_dfa[key], key


def test_counter_languages_are_not_regular():
    c = classify(languages.get("dyck1"))
    assert c.class_ == "TC0" and c.monoid_size is None and not c.regular
    assert c.verdict("non-negative").expressible is False
    assert [v["architecture"] for v in c.to_dict()["verdicts"]] == list(ARCHITECTURES)


def test_json_keys_are_the_contract():
    keys = set(classify(languages.get("parity")).to_dict())
    assert {"states", "monoid_size", "aperiodic", "star_free", "solvable", "class", "subgroups",
            "verdicts"} <= keys


def test_word_queries():
    dfa = languages.get("tomita3").dfa
    monoid = transition_monoid(dfa, alphabet=("0", "1"))
    for i, word in enumerate(monoid.words):
        assert monoid.of_word(word) == i
    i, j = 5, 7
    assert monoid.multiply(i, j) == monoid.of_word(monoid.words[i] + monoid.words[j])


def test_bad_input_and_budget():
    with pytest.raises(BadParameterError):
        classify(42)
    with pytest.raises(BadParameterError):
        transition_monoid(a5_with_reset(), max_size=0)
    with pytest.raises(BudgetExceededError, match="more than 10"):
        transition_monoid(a5_with_reset(), max_size=10)
    with pytest.raises(BadParameterError, match="unknown architecture"):
        classify(languages.get("parity")).verdict("lstm")


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 7))
def test_mod_k_group_is_cyclic_of_order_k(k):
    c = classify(languages.get("mod", k=k))
    assert c.subgroups == [{"order": k, "solvable": True}]
    two_group = k & (k - 1) == 0
    assert c.verdict("finite-precision diagonal").expressible == (True if two_group else "open")


def test_module_doctest_examples():
    assert algebra.classify(languages.get("parity")).class_ == "ACC0"
