"""Finite groups: naming, indexing, the multiplication table and prefix products against sympy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation

from statecheck.errors import (
    BadParameterError,
    BudgetExceededError,
    NotAPermutationError,
    UnknownNameError,
    UnknownSymbolError,
)
from statecheck.theory import groups


@pytest.mark.parametrize(
    "name, order, solvable, abelian",
    [("S3", 6, True, False), ("S4", 24, True, False), ("S5", 120, False, False),
     ("A4", 12, True, False), ("A5", 60, False, False), ("Z60", 60, True, True),
     ("D4", 8, True, False), ("A4xZ5", 60, True, False), ("Z2xZ2xZ3", 12, True, True)],
)
def test_named_groups(name, order, solvable, abelian):
    g = groups.get(name)
    assert (g.order, g.is_solvable, g.is_abelian) == (order, solvable, abelian)
    assert g.elements[0].is_Identity
    assert len(set(map(tuple, (p.array_form for p in g.elements)))) == order


@pytest.mark.parametrize("name", ["S3", "D4", "A4", "Z2xZ2xZ3"])
def test_mul_table_is_sympy_products(name):
    g = groups.get(name)
    for i, p in enumerate(g.elements):
        for j, q in enumerate(g.elements):
            # sympy's p*q applies p first, as a word "p q" is read
            assert g.elements[g.mul_table[i, j]] == p * q
        assert g.elements[g.inverse[i]] == ~p


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 59), max_size=30))
def test_prefix_products_of_a5_against_sympy(word):
    g = groups.get("A5")
    expected, current = [], Permutation(list(range(g.degree)))
    for x in word:
        current = current * g.elements[x]
        expected.append(g.index(current))
    assert g.prefix_products(word) == expected
    assert g.product(word) == (expected[-1] if word else 0)


def test_cayley_dfa_accepts_exactly_identity_products():
    g = groups.get("S3")
    dfa = g.cayley_dfa()
    rng = np.random.default_rng(0)
    for _ in range(200):
        word = [int(x) for x in rng.integers(0, 6, size=int(rng.integers(0, 8)))]
        assert dfa.accepts_input([str(x) for x in word]) == (g.product(word) == 0)


def test_index_accepts_array_forms_and_rejects_others():
    g = groups.get("S4")
    assert g.index([0, 1, 2, 3]) == 0
    assert g.elements[g.index([1, 0, 2, 3])].array_form == [1, 0, 2, 3]
    with pytest.raises(NotAPermutationError, match="not a permutation"):
        g.index([0, 0, 1, 2])
    with pytest.raises(NotAPermutationError):
        g.index([0, 1, 2])
    with pytest.raises(NotAPermutationError, match="not an element"):
        groups.get("A4").index([1, 0, 2, 3])


def test_bad_names_and_budgets():
    with pytest.raises(UnknownNameError, match="unknown group name"):
        groups.get("Q8")
    with pytest.raises(BadParameterError, match="n >= 3"):
        groups.get("A2")
    with pytest.raises(BudgetExceededError):
        groups.get("S9")
    with pytest.raises(UnknownSymbolError):
        groups.get("S3").prefix_products([0, 6])
    with pytest.raises(BadParameterError):
        groups.get(3.5)
