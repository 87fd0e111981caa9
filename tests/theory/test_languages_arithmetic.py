"""Modular arithmetic without brackets (Delétang et al. 2023; Grazzi et al. 2025, Table 3): the
definition against Python's own precedence, DFA == definition on every well-formed word with up
to three operators, the sampler, the predictive sets and the algebraic class."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from statecheck.errors import NoMemberError
from statecheck.theory import languages
from statecheck.theory.algebra import classify
from statecheck.theory.languages.arithmetic import OPERATORS, evaluate_expression


def python_value(tokens, modulus):
    """Python's integer arithmetic (multiplication binds tighter), reduced mod ``modulus``."""
    return eval("".join(tokens), {"__builtins__": {}}) % modulus  # tokens: digits and + - *


def expressions(modulus, operators):
    digits = [str(d) for d in range(modulus)]
    for ops in itertools.product(OPERATORS, repeat=operators):
        for residues in itertools.product(digits, repeat=operators + 1):
            word = [residues[0]]
            for o, r in zip(ops, residues[1:], strict=True):
                word += [o, r]
            yield tuple(word)


@pytest.mark.parametrize("modulus", [2, 3, 5])
def test_definition_equals_python_precedence_and_the_dfa_on_every_expression(modulus):
    lang = languages.get("mod_arith", modulus=modulus)
    dfa = lang.dfa
    checked = 0
    for k in range(4 if modulus < 5 else 3):
        for expression in expressions(modulus, k):
            value = python_value(expression, modulus)
            assert evaluate_expression(expression, modulus) == value
            for v in range(modulus):
                word = (*expression, "=", str(v))
                assert lang.accepts(word) == (v == value) == dfa.accepts_input(list(word))
                checked += 1
    assert checked > 1_000


def test_examples_of_deletang_et_al():
    lang = languages.get("mod_arith")
    for text in ("1+2*3=2", "1-1-1=4", "0*1+4*3-2=0", "2-3*4=0"):
        assert lang.accepts(list(text)), text
    assert not lang.accepts(list("1+2*3=4")) and not lang.accepts(list("=1"))


def test_predictive_sets_and_the_answer_position():
    lang = languages.get("mod_arith", modulus=5)
    assert lang.next_symbols([]) == frozenset("01234")
    assert lang.next_symbols(list("3")) == frozenset("+-*=")
    assert lang.next_symbols(list("3*4-")) == frozenset("01234")
    assert lang.next_symbols(list("3*4-1=")) == frozenset({"1"})  # 12 - 1 = 11 = 1 mod 5
    assert lang.next_symbols(list("3*4-1=1")) == frozenset({"$"})


def test_sampler_lengths_distribution_and_membership():
    lang = languages.get("mod_arith")
    rng = np.random.default_rng(0)
    words = [lang.sample(n, rng) for n in (3, 5, 41, 257) for _ in range(50)]
    assert all(lang.accepts(w) for w in words)
    assert {len(w) for w in words} == {3, 5, 41, 257}
    operators = [t for w in words for t in w[1:-2:2]]
    assert set(operators) == set(OPERATORS)
    for n in (0, 1, 2, 4):
        with pytest.raises(NoMemberError):
            lang.sample(n, rng)


def test_class_not_star_free_solvable_with_the_additive_and_multiplicative_groups():
    info = classify(languages.get("mod_arith").dfa).to_dict()
    assert not info["star_free"] and info["solvable"] and info["class"] == "ACC0"
    assert sorted(g["order"] for g in info["subgroups"]) == [4, 5]  # Z5* = Z4 and Z5
