"""Example 11 runs, prints correct sums and writes its two PNG files where it is told."""

from __future__ import annotations

from tests.examples_runner import run_example


def test_example_11_runs_and_writes_its_figures(tmp_path):
    stdout = run_example("11_tc0_iterated_addition.py", tmp_path, timeout=120)
    for line in ("3 + 2 + 1 = 6   (Python: 6)", "3 + 3 + 3 = 9   (Python: 9)"):
        assert line in stdout
    assert "fitted size ~ n^" in stdout
    for name in ("11_small_circuit.png", "11_depth_size_vs_n.png"):
        png = tmp_path / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
