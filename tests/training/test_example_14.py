"""examples/14_train_word_problem.py runs and reports the one-layer RNN keeping up at both lengths."""

from __future__ import annotations

from tests.examples_runner import run_example


def test_example_14_runs_and_the_rnn_keeps_up():
    out = run_example("14_train_word_problem.py", timeout=240, env={"OMP_NUM_THREADS": "1"})
    assert "Group S3: 6 elements, class ACC0 (solvable)" in out
    assert "rnn          solved k in [2, 12]   | theory: one-layer RNN-SSM / WFA-SSM (IDS4): expressible" in out
    assert "transformer  solved k in" in out and "fixed-depth log-precision transformer / S4 / S6: open" in out
    assert sum(" k=" in line and " steps, " in line for line in out.splitlines()) == 4
