"""Example 10 (Liu et al. 2023 shortcuts) runs to completion and shows what it promises."""

from __future__ import annotations

from tests.examples_runner import run_example


def test_log_depth_shortcut_example_runs():
    out = run_example("10_log_depth_shortcut.py")
    # the rounds table: T = 4096 takes 12 rounds and equals the sequential run
    row = next(line.split() for line in out.splitlines() if line.split()[:1] == ["4096"])
    assert row == ["4096", "4096", "12", "True"]
    assert "3 rounds = ceil(log2 7) = 3" in out
    assert "on all 335923 words up to length 7" in out  # 6^0 + … + 6^7 words of S3
    assert "mode 'all-lengths', 6 state pairs: equal at every length = True" in out
    assert "DIFFERENT" not in out and "NotSolvableError" in out
    assert "S4 composition: depth 4, Z2 > Z3 > Z2 > Z2" in out
    assert "S4 derived    : depth 3, Z2 > Z3 > Z2xZ2" in out
    assert out.count("proven at every length") == 10 and "NOT PROVEN" not in out
