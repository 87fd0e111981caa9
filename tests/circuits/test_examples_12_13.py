"""Examples 12 and 13 run to completion, say what they promise and write their plots only into
the folder they are given."""

from __future__ import annotations

import pytest

from tests.examples_runner import run_example

#: example -> (phrases its output must contain, figure files it must write)
EXPECTED = {
    "12_matrix_powering_circuit.py": (["(agrees)", "Depth stays the same", "size ~ x^"],
                                      ["12_depth_size.png"]),
    "13_ssm_layer_as_circuit.py": (["300/300 random sequences agree", "all agree",
                                    "size ~ n^"], ["13_depth_size_vs_n.png"]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name, tmp_path):
    stdout = run_example(name, tmp_path)
    phrases, figures = EXPECTED[name]
    for phrase in phrases:
        assert phrase in stdout, (name, phrase)
    assert "DISAGREE" not in stdout
    for figure in figures:
        assert (tmp_path / figure).stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(figures)
