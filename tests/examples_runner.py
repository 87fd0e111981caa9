"""Running an example script as a user would, for the example tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run_example(name: str, *args: str, timeout: int = 300, env: dict | None = None) -> str:
    """Run ``examples/<name>`` in a fresh interpreter (matplotlib's Agg backend, 140 columns for
    rich); assert it exits 0 (showing the end of stderr otherwise) and return its stdout."""
    environment = {**os.environ, "MPLBACKEND": "Agg", "COLUMNS": "140", **(env or {})}
    proc = subprocess.run([sys.executable, str(EXAMPLES / name), *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=environment)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout
