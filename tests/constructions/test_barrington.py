"""Barrington's width-5 branching programs, checked on every input against Python's own booleans."""

from __future__ import annotations

import itertools
import random

import pytest
from sympy.combinatorics import Permutation

from statecheck.constructions.barrington import (
    MAX_DEPTH,
    FormulaSyntaxError,
    UnknownVariableError,
    compile,
)
from statecheck.errors import BudgetExceededError

IDENTITY = (0, 1, 2, 3, 4)


def python_value(formula: str, bits) -> bool:
    """Independent reference: Python's not/and/or have the same precedence as ~/&/|."""
    source = formula.replace("&", " and ").replace("|", " or ").replace("~", " not ")
    return bool(eval(source, {"__builtins__": {}}, {f"x{i}": bool(b) for i, b in enumerate(bits)}))


def sympy_product(perms):
    total = Permutation(list(IDENTITY), size=5)
    for g in perms:
        total = total * Permutation(list(g), size=5)
    return tuple(total.array_form)


def random_formula(rng: random.Random, n: int, depth: int) -> str:
    if depth == 0 or rng.random() < 0.2:
        leaf = f"x{rng.randrange(n)}"
        return f"~{leaf}" if rng.random() < 0.3 else leaf
    op = rng.choice("&|")
    text = f"({random_formula(rng, n, depth - 1)} {op} {random_formula(rng, n, depth - 1)})"
    return f"~{text}" if rng.random() < 0.25 else text


FIXED = [
    ("x0", 0), ("~x0", 0), ("~~x0", 0), ("x0 & x1", 1), ("x0 | x1", 1), ("x0 & ~x0", 1),
    ("x0 | ~x0", 1), ("x0 & x1 | x2", 2), ("x0 | x1 & x2", 2), ("~(x0 | x1) & (x2 | ~x3)", 2),
    ("x0 & x1 & x2 & x3", 3), ("((x0 & x1) | (x2 & x3)) & ~(x4 | x1)", 3),
]


@pytest.mark.parametrize(("formula", "expected_depth"), FIXED)
def test_fixed_formulas_on_every_input(formula, expected_depth):
    program = compile(formula)
    assert program.depth == expected_depth
    assert len(program.instructions) <= 4 ** expected_depth
    n = program.n
    for bits in itertools.product((0, 1), repeat=n):
        word = [g1 if bits[var] else g0 for var, g0, g1 in program.instructions]
        expected = program.alpha if python_value(formula, bits) else IDENTITY
        assert sympy_product(word) == expected, (formula, bits)


def test_alpha_is_a_five_cycle_and_instructions_are_permutations():
    program = compile("(x0 | ~x1) & x2")
    assert Permutation(list(program.alpha), size=5).cycle_structure == {5: 1}
    for var, g0, g1 in program.instructions:
        assert var in range(program.n)
        assert sorted(g0) == sorted(g1) == list(range(5))


def test_a_conjunction_of_two_variables_has_exactly_four_instructions():
    program = compile("x0 & x1")
    assert [var for var, _, _ in program.instructions] == [0, 1, 0, 1]
    assert all(g0 == IDENTITY for _, g0, _ in program.instructions)


def test_300_random_formulas_on_all_inputs():
    rng = random.Random(6)
    for _ in range(300):
        n = rng.randint(1, 5)
        formula = random_formula(rng, n, rng.randint(0, 4))
        program = compile(formula, n=n)
        assert len(program.instructions) <= 4 ** program.depth
        for bits in itertools.product((0, 1), repeat=n):
            expected = program.alpha if python_value(formula, bits) else IDENTITY
            assert program.evaluate(bits) == expected, (formula, bits)
            assert program.truth(bits) == python_value(formula, bits)


@pytest.mark.parametrize(
    ("formula", "error", "fragment"),
    [
        ("x0 &", FormulaSyntaxError, "position 4"),
        ("x0 & (x1 | x2", FormulaSyntaxError, "position 13"),
        ("x0 # x1", FormulaSyntaxError, "'#' at position 3"),
        ("x0 x1", FormulaSyntaxError, "position 3"),
        (")", FormulaSyntaxError, "position 0"),
        ("", FormulaSyntaxError, "position 0"),
        ("x0 & y", UnknownVariableError, "'y' at position 5"),
        ("x01", UnknownVariableError, "'x01'"),
    ],
)
def test_malformed_formulas_name_the_position(formula, error, fragment):
    with pytest.raises(error, match=fragment):
        compile(formula)


def test_variable_past_n_is_unknown():
    with pytest.raises(UnknownVariableError, match="x0 … x1"):
        compile("x0 & x2", n=2)


def test_too_deep_formula_is_refused_before_compiling():
    formula = "x0"
    for i in range(MAX_DEPTH + 1):
        formula = f"({formula} & x{i + 1})"
    with pytest.raises(BudgetExceededError, match=f"depth {MAX_DEPTH + 1}"):
        compile(formula)
