"""Example 11 runs, prints correct sums and writes its two PNG files where it is told."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "11_tc0_iterated_addition.py"


def test_example_11_runs_and_writes_its_figures(tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLE), str(tmp_path)], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    for line in ("3 + 2 + 1 = 6   (Python: 6)", "3 + 3 + 3 = 9   (Python: 9)"):
        assert line in result.stdout
    assert "fitted size ~ n^" in result.stdout
    for name in ("11_small_circuit.png", "11_depth_size_vs_n.png"):
        png = tmp_path / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
