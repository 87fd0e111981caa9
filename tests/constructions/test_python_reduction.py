"""S5 → Python swap programs (Merrill et al. 2024, Fig 1), checked against sympy products."""

from __future__ import annotations

import itertools
import random

import pytest
from sympy.combinatorics import Permutation

from statecheck.constructions import reduce_to_python
from statecheck.constructions.python_reduction import transpositions
from statecheck.errors import NotAPermutationError

ELEMENTS = list(itertools.permutations(range(5)))


def sympy_arrangement(word):
    """(x0..x4) = which object sits at each position: the inverse of sympy's g1*g2*…*gk."""
    total = Permutation(list(range(5)), size=5)
    for g in word:
        total = total * Permutation(list(g), size=5)
    return tuple((~total).array_form)


def test_reduce_to_python_is_exported_from_the_package():
    from statecheck.constructions.python_reduction import reduce_to_python as direct

    assert reduce_to_python is direct


@pytest.mark.parametrize("element", ELEMENTS)
def test_each_element_program_yields_its_arrangement_in_an_empty_namespace(element):
    namespace: dict = {}
    exec(reduce_to_python([element]), namespace)
    assert tuple(namespace[f"x{p}"] for p in range(5)) == sympy_arrangement([element])


@pytest.mark.parametrize("element", ELEMENTS)
def test_transpositions_multiply_to_the_element_with_the_fewest_swaps(element):
    swaps = transpositions(element)
    total = Permutation(list(range(5)), size=5)
    for i, j in swaps:
        assert 0 <= i < j < 5
        total = total * Permutation(i, j, size=5)
    assert tuple(total.array_form) == element
    # the minimum number of transpositions is 5 minus the number of cycles (fixed points count)
    assert len(swaps) == 5 - Permutation(list(element), size=5).cycles


def test_random_words_up_to_length_200_match_sympy():
    rng = random.Random(4)
    for _ in range(200):
        word = [rng.choice(ELEMENTS) for _ in range(rng.randint(0, 200))]
        namespace: dict = {}
        exec(reduce_to_python(word), namespace)
        assert tuple(namespace[f"x{p}"] for p in range(5)) == sympy_arrangement(word)


def test_program_is_a_per_element_concatenation_of_swap_statements():
    rng = random.Random(5)
    word = [rng.choice(ELEMENTS) for _ in range(30)]
    lines = reduce_to_python(word).splitlines()
    assert lines[0] == "x0, x1, x2, x3, x4 = 0, 1, 2, 3, 4"
    per_element = [reduce_to_python([g]).splitlines()[1:] for g in word]
    assert lines[1:] == [line for block in per_element for line in block]
    for line in lines[1:]:
        left, right = line.split(" = ")
        a, b = left.split(", ")
        assert right == f"{b}, {a}"


@pytest.mark.parametrize(
    ("word", "fragment"),
    [
        ([(0, 1, 2, 3)], "size 4"),
        ([(0, 1, 2, 3, 4), (0, 0, 1, 2, 3)], "position 1"),
        ([(0, 1, 2, 3, 5)], "not a permutation"),
        ([(0, 1, 2, 3, 4, 5)], "size 6"),
        ([(0.0, 1, 2, 3, 4)], "non-integer"),
        ("01234", "sequence of permutations"),
    ],
)
def test_bad_words_are_refused_with_the_reason(word, fragment):
    with pytest.raises(NotAPermutationError, match=fragment):
        reduce_to_python(word)


def test_numpy_integer_words_are_accepted():
    import numpy as np

    word = np.array([(1, 2, 0, 3, 4), (0, 1, 2, 4, 3)], dtype=np.int64)
    assert reduce_to_python(word) == reduce_to_python([(1, 2, 0, 3, 4), (0, 1, 2, 4, 3)])


def test_booleans_are_not_permutation_entries():
    with pytest.raises(NotAPermutationError, match="non-integer"):
        reduce_to_python([(True, False, 2, 3, 4)])
