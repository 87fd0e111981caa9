"""Small helpers shared by every CLI command: guarded execution, output, atomic file writes.

Each package contributes commands through a module with ``register(app: typer.Typer)`` listed in
``statecheck.cli.COMMAND_MODULES``; inside a command body, wrap the work in :func:`guarded` so
bad input becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import typer

from statecheck.errors import StatecheckError

__all__ = ["guarded", "emit_json", "atomic_write", "parse_params", "console", "err_console"]

T = TypeVar("T")


def console():
    """A rich console on stdout (created on demand to keep start-up light)."""
    from rich.console import Console

    return Console()


def err_console():
    """A rich console on stderr, for progress bars and notes that must not pollute --json."""
    from rich.console import Console

    return Console(stderr=True)


def guarded(work: Callable[[], T]) -> T:
    """Run ``work``; a :class:`StatecheckError` prints ``error: …`` on stderr and exits 2."""
    try:
        return work()
    except StatecheckError as exc:
        message = " ".join(str(exc).split())
        print(f"error: {message}", file=sys.stderr)
        raise typer.Exit(code=2) from None


def emit_json(obj: Any) -> None:
    """Print ``obj`` as indented JSON on stdout."""
    print(json.dumps(obj, indent=2, sort_keys=False, default=str))


@contextmanager
def atomic_write(path: str | Path, mode: str = "w"):
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.exists():
        raise StatecheckError(f"cannot write {str(path)!r}: folder {str(directory)!r} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def parse_params(items: list[str] | None) -> dict[str, Any]:
    """Parse ``["k=3", "group=S5"]`` into ``{"k": 3, "group": "S5"}`` (ints where they parse)."""
    params: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise StatecheckError(f"parameter {item!r} must look like key=value (e.g. k=3)")
        try:
            params[key] = int(value)
        except ValueError:
            params[key] = value
    return params
