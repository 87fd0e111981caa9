"""Examples 12 and 13 run to completion, say what they promise and write their plots only into
the folder they are given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: example -> (phrases its output must contain, figure files it must write)
EXPECTED = {
    "12_matrix_powering_circuit.py": (["(agrees)", "Depth stays the same", "size ~ x^"],
                                      ["12_depth_size.png"]),
    "13_ssm_layer_as_circuit.py": (["300/300 random sequences agree", "all agree",
                                    "size ~ n^"], ["13_depth_size_vs_n.png"]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name, tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg", "COLUMNS": "140"}
    proc = subprocess.run([sys.executable, str(EXAMPLES / name), str(tmp_path)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    phrases, figures = EXPECTED[name]
    for phrase in phrases:
        assert phrase in proc.stdout, (name, phrase)
    assert "DISAGREE" not in proc.stdout
    for figure in figures:
        assert (tmp_path / figure).stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(figures)
