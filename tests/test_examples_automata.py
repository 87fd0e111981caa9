"""The automaton-construction examples (06, 07) run to completion and show what they promise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: example -> phrases its output must contain (the narration's results, computed independently
#: here: a 4-state DFA for (a|b)*abb, S5's 120 elements, the shortest word a damaged model misreads)
EXPECTED = {
    "06_wfa_ssm_any_dfa.py": [
        "has 4 states", "mode 'all-lengths'", "120 reachable state pairs closed",
        "Monoid size: 120", "equals the sequential recurrence (1024 steps): True",
        "disagree on ['a', 'b']",
    ],
    "07_minsky_rnn.py": [
        "6 hidden units", "accept = True", "heaviside: min |pre-activation| = 1",
        "sign     : agree at every length", "disagree on ['0'] (length 1): expected True, got False",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name):
    env = {**os.environ, "MPLBACKEND": "Agg", "COLUMNS": "140"}
    proc = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for phrase in EXPECTED[name]:
        assert phrase in proc.stdout, (name, phrase)
