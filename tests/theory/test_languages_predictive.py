"""Predictive semantics: next_symbols against brute force, counter machines against the
definition, invalid prefixes and symbols, and hypothesis properties on random words."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statecheck.errors import InvalidPrefixError, UnknownSymbolError
from statecheck.theory import languages
from statecheck.theory.check import FunctionStepper, check
from tests.strategies import words


def all_words(alphabet, max_length):
    for n in range(max_length + 1):
        yield from itertools.product(alphabet, repeat=n)


def blocks_members(letters, max_length):
    return {tuple(a for a in letters for _ in range(n)) for n in range(1, max_length // len(letters) + 1)}


def runs_members(letters, max_length):
    """a⁺b⁺c⁺d⁺e⁺ generated from the definition (every composition into positive runs)."""
    members = set()
    for total in range(len(letters), max_length + 1):
        for cuts in itertools.combinations(range(1, total), len(letters) - 1):
            sizes = [b - a for a, b in zip((0, *cuts), (*cuts, total), strict=True)]
            members.add(tuple(x for x, s in zip(letters, sizes, strict=True) for _ in range(s)))
    return members


def polish_members(k, max_length):
    """Prefix expressions of length <= max_length from the grammar E -> 0 | 1 | op_a E^a."""
    operators = ("~", "+", ">", "*", "^")[:k]
    by_length = {1: {("0",), ("1",)}}

    def sequences(count, length):  # concatenations of `count` expressions of total `length`
        if count == 0:
            return {()} if length == 0 else set()
        out = set()
        for first in range(1, length - count + 2):
            for head in by_length.get(first, ()):
                for tail in sequences(count - 1, length - first):
                    out.add(head + tail)
        return out

    for length in range(2, max_length + 1):
        by_length[length] = {
            (op,) + body for arity, op in enumerate(operators, start=1)
            for body in sequences(arity, length - 1)
        }
    return set().union(*by_length.values())


# (name, params, longest prefix checked n0, members up to N, explicit members or None)
CASES = [
    *[(f"tomita{i}", {}, 6, 12, None) for i in range(1, 8)],
    ("parity", {}, 6, 12, None),
    ("mod", {"k": 3}, 6, 12, None),
    ("aa_star", {}, 10, 20, None),
    ("aaaa_star", {}, 10, 20, None),
    ("abab_star", {}, 6, 12, None),
    ("aa_star_bb_star_cc_star_dd_star_ee_star", {}, 4, 10,
     lambda n: runs_members(("a", "b", "c", "d", "e"), n)),
    ("ab_star_d_bc_star", {}, 4, 7, None),
    ("012_star_02_star", {}, 5, 8, None),
    ("d", {"n": 2}, 6, 12, None),
    ("d", {"n": 3}, 6, 12, None),
    ("flipflop", {}, 4, 6, None),
    ("dyck", {"k": 2, "h": 2}, 3, 7, None),
    ("dyck", {"k": 1, "h": 3}, 5, 10, None),
    ("dyck1", {}, 6, 14, None),
    ("shuffle_dyck", {"k": 2}, 3, 8, None),
    ("anbn", {}, 6, 14, lambda n: blocks_members(("a", "b"), n)),
    ("anbncn", {}, 6, 21, lambda n: blocks_members(("a", "b", "c"), n)),
    ("anbncndn", {}, 5, 24, lambda n: blocks_members(("a", "b", "c", "d"), n)),
    ("boolean", {"k": 3}, 2, 10, lambda n: polish_members(3, n)),  # ">>>" needs 7 more
    ("boolean", {"k": 2}, 4, 11, lambda n: polish_members(2, n)),  # "+++++" needs 6 more
]
IDS = [f"{c[0]}{''.join(f'-{v}' for v in c[1].values())}" for c in CASES]


@pytest.mark.parametrize("name, params, n0, big_n, explicit", CASES, ids=IDS)
def test_next_symbols_equals_brute_force_on_every_short_prefix(name, params, n0, big_n, explicit):
    """Legal next symbols = {a : prefix + a extends to a member of length <= N} (+ $ on
    members); N leaves room to complete every valid prefix of length <= n0 + 1."""
    lang = languages.get(name, **params)
    if explicit is None:
        members = {w for w in all_words(lang.alphabet, big_n) if lang.accepts(w)}
    else:
        members = explicit(big_n)
        assert all(lang.accepts(w) for w in members)
    prefixes = {w[:i] for w in members for i in range(len(w) + 1)}
    checked = 0
    for prefix in all_words(lang.alphabet, n0):
        if prefix in prefixes:
            expected = {a for a in lang.alphabet if prefix + (a,) in prefixes}
            expected |= {"$"} if prefix in members else set()
            assert lang.next_symbols(prefix) == expected, prefix
            checked += 1
        else:
            with pytest.raises(InvalidPrefixError):
                lang.next_symbols(prefix)
    assert checked > n0


def test_explicit_member_generators_match_the_definitions_where_enumeration_is_cheap():
    boolean = languages.get("boolean", k=2)
    enumerated = {w for w in all_words(boolean.alphabet, 6) if boolean.accepts(w)}
    assert polish_members(2, 6) == enumerated
    runs = languages.get("aa_star_bb_star_cc_star_dd_star_ee_star")
    assert runs_members(runs.alphabet, 6) == {w for w in all_words(runs.alphabet, 6) if runs.accepts(w)}
    anbncn = languages.get("anbncn")
    assert blocks_members(anbncn.alphabet, 9) == {
        w for w in all_words(anbncn.alphabet, 9) if anbncn.accepts(w)
    }


COUNTERS = [("dyck1", {}, 14), ("shuffle_dyck", {"k": 2}, 8), ("shuffle_dyck", {"k": 3}, 6),
            ("anbn", {}, 14), ("anbncn", {}, 9), ("anbncndn", {}, 8), ("boolean", {"k": 3}, 7)]


@pytest.mark.parametrize("name, params, length", COUNTERS)
def test_counter_machines_recognise_the_definition_up_to_a_bound(name, params, length):
    lang = languages.get(name, **params)
    machine = lang.reference("recognition")
    assert machine.finite is False
    result = check(machine, FunctionStepper(lang.alphabet, lang.accepts), max_length=length)
    assert result.agree and result.mode == "bounded", result.detail


def test_hand_computed_next_symbols():
    assert languages.get("flipflop").next_symbols([]) == {"w"}
    assert languages.get("flipflop").next_symbols(list("w0")) == {"w", "r", "i", "$"}
    assert languages.get("flipflop").next_symbols(list("w0i1r")) == {"0"}
    assert languages.get("flipflop").next_symbols(list("w0i")) == {"0", "1"}
    assert languages.get("dyck", k=2, h=2).next_symbols(["(1", "(0"]) == {")0"}
    assert languages.get("dyck", k=2, h=2).next_symbols(["(1"]) == {"(0", "(1", ")1"}
    assert languages.get("dyck", k=2, h=2).next_symbols([]) == {"(0", "(1", "$"}
    assert languages.get("d", n=2).next_symbols(list("aab")) == {"a", "b"}
    assert languages.get("anbn").next_symbols([]) == {"a"}
    assert languages.get("anbncn").next_symbols(list("aabbcc")) == {"$"}
    assert languages.get("boolean", k=3).next_symbols(list("+01")) == {"$"}
    assert languages.get("aa_star_bb_star_cc_star_dd_star_ee_star").next_symbols(list("abcde")) == {"e", "$"}


def test_invalid_prefixes_and_symbols_raise():
    flipflop = languages.get("flipflop")
    with pytest.raises(InvalidPrefixError, match="not a prefix of any member"):
        flipflop.next_symbols(list("w0r1"))
    with pytest.raises(InvalidPrefixError):
        languages.get("dyck1").next_symbols(list("())"))
    with pytest.raises(InvalidPrefixError):
        languages.get("tomita2").next_symbols(["0"])
    with pytest.raises(UnknownSymbolError, match="'x'"):
        flipflop.next_symbols(["w", "x"])
    with pytest.raises(UnknownSymbolError, match="'x'"):
        flipflop.accepts(["w", "x"])
    with pytest.raises(UnknownSymbolError, match="tuple or list"):
        languages.get("parity").accepts("0101")
    with pytest.raises(UnknownSymbolError):
        languages.get("parity").reference("predictive").step(0, "2")


def test_bad_semantics_is_rejected():
    from statecheck.errors import BadParameterError

    with pytest.raises(BadParameterError, match="semantics"):
        languages.get("parity").reference("tagging")
    with pytest.raises(BadParameterError, match="semantics"):
        languages.get("tomita1").reference("tagging")


PROPERTY_LANGUAGES = [languages.get(c[0], **c[1]) for c in CASES]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_random_words_are_consistent_across_accepts_next_symbols_and_one_step(data):
    lang = data.draw(st.sampled_from(PROPERTY_LANGUAGES))
    word = data.draw(words(lang.alphabet, max_size=14))
    try:
        legal = lang.next_symbols(word)
    except InvalidPrefixError:
        assert not lang.accepts(word)
        if lang.regular:  # its DFA state is dead: no member extends it
            from statecheck.theory.check import DFAStepper

            stepper = DFAStepper(lang.dfa, alphabet=lang.alphabet, semantics="predictive")
            assert stepper.output(stepper.run(word)) == frozenset()
        return
    assert ("$" in legal) == lang.accepts(word)
    for a in lang.alphabet:
        if a in legal:
            lang.next_symbols(word + (a,))
        else:
            with pytest.raises(InvalidPrefixError):
                lang.next_symbols(word + (a,))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_every_prefix_of_a_sample_is_valid_and_predicts_the_next_symbol(data):
    lang = data.draw(st.sampled_from(PROPERTY_LANGUAGES))
    length = data.draw(st.integers(0, 40))
    seed = data.draw(st.integers(0, 2**32 - 1))
    from statecheck.errors import NoMemberError

    try:
        word = lang.sample(length, seed)
    except NoMemberError:
        return
    machine = lang.reference("predictive")
    state = machine.initial_state
    for symbol in word:
        assert symbol in machine.output(state)
        state = machine.step(state, symbol)
    assert "$" in machine.output(state) and lang.accepts(word)
