"""Word problems of finite groups in the catalogue (groups from statecheck.theory.groups)."""

from __future__ import annotations

from collections import Counter
from functools import reduce

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statecheck.errors import BadParameterError, UnknownSymbolError
from statecheck.theory import groups, languages
from statecheck.theory.check import DFAStepper, FunctionStepper, check

GROUPS = ["Z3", "S3", "A4"]


def product_by_table(group, word):
    table = np.asarray(group.mul_table)
    return reduce(lambda g, a: int(table[g, int(a)]), word, 0)


@pytest.mark.parametrize("name", GROUPS)
def test_alphabet_family_and_params(name):
    lang = languages.get("word_problem", group=name)
    group = groups.get(name)
    assert lang.alphabet == tuple(str(i) for i in range(group.order))
    assert lang.family == "group" and lang.regular
    assert lang.params == {"group": group.name}
    assert lang.label == f"word_problem(group={group.name})"


def test_a_finite_group_object_is_accepted():
    group = groups.get("S3")
    assert languages.get("word_problem", group=group) == languages.get("word_problem", group="S3")


@pytest.mark.parametrize("name, length", [("Z3", 7), ("S3", 5), ("A4", 4)])
def test_dfa_equals_the_definition_on_every_short_word(name, length):
    lang = languages.get("word_problem", group=name)
    result = check(DFAStepper(lang.dfa, alphabet=lang.alphabet),
                   FunctionStepper(lang.alphabet, lang.accepts), max_length=length)
    assert result.agree and result.mode == "bounded", result.detail


@pytest.mark.parametrize("name", GROUPS + ["S5"])
@pytest.mark.parametrize("semantics", ["recognition", "predictive"])
def test_running_product_equals_the_cayley_dfa_at_every_length(name, semantics):
    lang = languages.get("word_problem", group=name)
    result = check(DFAStepper(lang.dfa, alphabet=lang.alphabet, semantics=semantics),
                   lang.reference(semantics))
    assert result.proven_all_lengths, result.detail
    assert len(lang.dfa.states) == groups.get(name).order


@pytest.mark.parametrize("name, length", [("Z3", 6), ("S3", 5), ("A4", 3), ("S5", 3)])
def test_member_count_is_order_to_the_length_minus_one(name, length):
    lang = languages.get("word_problem", group=name)
    order = groups.get(name).order
    assert lang.dfa.count_words_of_length(length) == order ** (length - 1)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(GROUPS), data=st.data())
def test_membership_and_next_symbols_follow_the_table_product(name, data):
    lang = languages.get("word_problem", group=name)
    group = groups.get(name)
    word = data.draw(st.lists(st.sampled_from(lang.alphabet), max_size=12).map(tuple))
    is_identity = product_by_table(group, word) == 0
    assert lang.accepts(word) == is_identity
    expected = set(lang.alphabet) | ({"$"} if is_identity else set())
    assert lang.next_symbols(word) == expected


def test_samples_are_uniform_members():
    lang = languages.get("word_problem", group="S3")
    rng = np.random.default_rng(5)
    assert lang.sample(0, rng) == ()
    assert lang.sample(1, rng) == ("0",)
    counts = Counter(lang.sample(3, rng) for _ in range(3600))  # 36 members
    assert len(counts) == 36 and all(60 <= c <= 140 for c in counts.values())
    long = lang.sample(500, rng)
    assert len(long) == 500 and lang.accepts(long)


def test_bad_group_and_symbols():
    with pytest.raises(BadParameterError, match="group='Q7'"):
        languages.get("word_problem", group="Q7")
    with pytest.raises(BadParameterError, match="missing parameter group"):
        languages.get("word_problem")
    with pytest.raises(UnknownSymbolError):
        languages.get("word_problem", group="Z3").accepts(["3"])
