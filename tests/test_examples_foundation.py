"""The foundation's and the SSM issue's examples run to completion and say what they promise."""

from __future__ import annotations

import pytest

from tests.examples_runner import run_example

#: example -> phrases its output must contain (what the narration promises to show)
EXPECTED = {
    "01_languages_and_classes.py": ["NC1-complete", "Inside PARITY's monoid", "order 2"],
    "02_shortest_counterexample.py": ["shortest"],
    "03_flipflop_two_layers.py": ["agree at every length", "all-lengths"],
    "04_bounded_dyck.py": ["all-length checks", "proven", "Dyck(8,10)"],
    "05_parity_needs_negative_eigenvalues.py": ["counterexample"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name):
    stdout = run_example(name)
    for phrase in EXPECTED[name]:
        assert phrase.lower() in stdout.lower(), (name, phrase)
