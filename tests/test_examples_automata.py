"""The automaton-construction examples (06, 07) run to completion and show what they promise."""

from __future__ import annotations

import pytest

from tests.examples_runner import run_example

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
    stdout = run_example(name)
    for phrase in EXPECTED[name]:
        assert phrase in stdout, (name, phrase)
