"""The reduction examples (08 chess, 09 formula → chess) run and say what they promise."""

from __future__ import annotations

import pytest

from tests.examples_runner import run_example

#: example -> phrases its output must contain (what the narration promises to show)
EXPECTED = {
    "08_chess_from_permutations.py": [
        "five boards (rook starting on a, b, c, d, e) give (4, 2, 0, 1, 3) — equal to sympy",
        "rook on file e = position 4", "600 blocks",
    ],
    "09_formula_to_chess.py": ["chess agrees with Python on all 8 inputs: True"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name):
    stdout = run_example(name)
    for phrase in EXPECTED[name]:
        assert phrase in stdout, (name, phrase)
