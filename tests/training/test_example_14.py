"""examples/14_train_word_problem.py runs and reports the one-layer RNN keeping up at both lengths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "14_train_word_problem.py"


def test_example_14_runs_and_the_rnn_keeps_up():
    result = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=240,
                            env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Group S3: 6 elements, class ACC0 (solvable)" in out
    assert "rnn          solved k in [2, 12]   | theory: one-layer RNN-SSM / WFA-SSM (IDS4): expressible" in out
    assert "transformer  solved k in" in out and "fixed-depth log-precision transformer / S4 / S6: open" in out
    assert sum(" k=" in line and " steps, " in line for line in out.splitlines()) == 4
