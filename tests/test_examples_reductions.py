"""The reduction examples (08 chess, 09 formula → chess) run and say what they promise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

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
    env = {**os.environ, "MPLBACKEND": "Agg", "COLUMNS": "140"}
    proc = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for phrase in EXPECTED[name]:
        assert phrase in proc.stdout, (name, phrase)
