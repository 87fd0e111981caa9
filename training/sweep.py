"""The resumable sweep engine (task-agnostic): a config file → cells → one JSONL row per cell.

A config is a TOML file whose top-level ``task`` names a task in :mod:`statecheck.training.tasks`;
the task module turns the config into cells (``expand``) and runs one cell (``run_cell``). This
module only schedules:

- every cell is keyed by :func:`cell_hash`, the SHA-256 of its canonical JSON (with the task);
- the results file is append-only JSONL, one line per finished cell, written with a single
  ``write`` followed by ``flush`` and ``os.fsync``; a rerun reads the hashes already present and
  skips those cells, so ``kill -9`` at any moment loses at most the cell in flight and a rerun
  duplicates nothing;
- a line cut short by a kill (no trailing newline) is not a finished cell: it is ignored when
  reading and cut off before the next append;
- an exclusive ``flock`` on the results file refuses a second sweep writing the same file at once.

Cells are independent of each other and of this process (``run_cell`` is a pure function of the
cell and the device), so the same cells can be run as job-array tasks on a cluster scheduler
instead; only the optional ``settled`` hook (see :mod:`statecheck.training.tasks`) uses rows
already finished, to skip cells made unnecessary. For example, with submitit on a SLURM cluster::

    config = load_config("training/configs/merrill_fig3.toml")
    module = tasks.get(config["task"])
    cells = module.expand(config, smoke=False)
    jobs = executor.map_array(functools.partial(module.run_cell, device="cuda"), cells)
    rows = [finish_row(config["task"], c, j.result()) for c, j in zip(cells, jobs)]

and the rows appended to a JSONL file are then read by ``statecheck report`` (and skipped by a
later local ``statecheck sweep`` of the same config) exactly like the engine's own.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

from statecheck.errors import BadParameterError, StatecheckError
from statecheck.training import tasks
from statecheck.training.device import resolve_device

__all__ = ["SweepOutcome", "SweepBusyError", "load_config", "cell_hash", "finish_row", "read_records",
           "append_record", "results_path", "execute", "run_sweep"]


class SweepBusyError(StatecheckError):
    """Another sweep holds the lock on the same results file."""


@dataclass(frozen=True)
class SweepOutcome:
    """What one call of :func:`execute` did.

    Attributes
    ----------
    path : Path
        The results file.
    task : str
        The config's task.
    cells : int
        Cells in the (smoke or full) config.
    ran : int
        Cells run (and appended) by this call.
    already_done : int
        Cells skipped because their hash was already in the file.
    settled : int
        Cells skipped because the task's ``settled`` hook found them unnecessary.
    seconds : float
        Wall time of this call.
    """

    path: Path
    task: str
    cells: int
    ran: int
    already_done: int
    settled: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """The outcome as JSON-ready values (``path`` as a string)."""
        return {"results": str(self.path), "task": self.task, "cells": self.cells, "ran": self.ran,
                "already_done": self.already_done, "settled": self.settled,
                "seconds": round(self.seconds, 3)}


def load_config(path: str | Path) -> dict[str, Any]:
    """Parse the TOML config at ``path``.

    Raises
    ------
    BadParameterError
        The file is missing or not valid TOML, or it has no string ``task`` key.
    """
    path = Path(path)
    if not path.is_file():
        raise BadParameterError(f"config file {str(path)!r} does not exist")
    try:
        config = tomllib.loads(path.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadParameterError(f"config file {str(path)!r} is not valid TOML: {exc}") from None
    if "task" not in config:
        raise BadParameterError(f"config file {str(path)!r} has no top-level 'task' key; "
                                f"expected task = one of {tasks.names()}")
    return config


def cell_hash(task: str, cell: dict[str, Any]) -> str:
    """The first 16 hex digits of SHA-256 over ``{"task": task, "cell": cell}`` as canonical JSON
    (sorted keys, no spaces): equal cells of the same task hash equal, any changed value changes it."""
    canonical = json.dumps({"task": task, "cell": cell}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def finish_row(task: str, cell: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """The JSONL row for ``cell``: ``row`` from ``run_cell`` plus ``task`` (if absent), ``cell_hash``
    (:func:`cell_hash`) and ``cell`` (if absent)."""
    finished = dict(row)
    finished.setdefault("task", task)
    finished["cell_hash"] = cell_hash(task, cell)
    finished.setdefault("cell", cell)
    return finished


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a results file (``[]`` if it does not exist).

    A last line without its newline is a write cut short by a kill and is ignored.

    Raises
    ------
    BadParameterError
        A complete line that is not a JSON object (naming the line number).
    """
    path = Path(path)
    if not path.exists():
        return []
    text = path.read_bytes().decode()
    lines = text.split("\n")
    complete = lines[:-1]  # the piece after the last newline is empty or unfinished
    records = []
    for number, line in enumerate(complete, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadParameterError(f"{str(path)!r} line {number} is not JSON: {exc}") from None
        if not isinstance(row, dict):
            raise BadParameterError(f"{str(path)!r} line {number} is not a JSON object")
        records.append(row)
    return records


def _cut_unfinished_tail(handle) -> None:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    if size == 0:
        return
    handle.seek(size - 1)
    if handle.read(1) == b"\n":
        return
    handle.seek(0)
    data = handle.read()
    keep = data.rfind(b"\n") + 1
    handle.truncate(keep)
    handle.flush()
    os.fsync(handle.fileno())


def append_record(handle, row: dict[str, Any]) -> None:
    """Append ``row`` as one JSON line to the binary ``handle`` and ``fsync`` it."""
    handle.seek(0, os.SEEK_END)
    handle.write((json.dumps(row, sort_keys=False, default=str) + "\n").encode())
    handle.flush()
    os.fsync(handle.fileno())


def results_path(config_path: str | Path, out_dir: str | Path, *, smoke: bool) -> Path:
    """``out_dir/<config stem>[_smoke].jsonl``."""
    stem = Path(config_path).stem + ("_smoke" if smoke else "")
    return Path(out_dir) / f"{stem}.jsonl"


def _progress(enabled: bool):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                    console=Console(stderr=True), disable=not enabled)


def execute(config_path: str | Path, *, smoke: bool = False, device: str = "auto",
            out_dir: str | Path = "results", progress: bool = True) -> SweepOutcome:
    """Run every unfinished cell of a config, appending one row per cell; see :func:`run_sweep`."""
    start = time.perf_counter()
    config = load_config(config_path)
    task = config["task"]
    module = tasks.get(task)
    resolved = resolve_device(device)
    cells = module.expand(config, smoke=smoke)
    keyed = [(cell_hash(task, cell), cell) for cell in cells]
    path = results_path(config_path, out_dir, smoke=smoke)
    path.parent.mkdir(parents=True, exist_ok=True)
    settled_hook = getattr(module, "settled", None)
    ran = already = settled = 0
    with open(path, "ab+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SweepBusyError(f"another sweep is writing {str(path)!r}; wait for it or use --out") from None
        _cut_unfinished_tail(handle)
        finished = [r for r in read_records(path) if r.get("task") == task]
        done = {r.get("cell_hash") for r in finished}
        with _progress(progress) as bar:
            bar_task = bar.add_task(f"{task} sweep", total=len(keyed))
            for key, cell in keyed:
                if key in done:
                    already += 1
                elif settled_hook is not None and settled_hook(cell, finished):
                    settled += 1
                else:
                    bar.update(bar_task, description=_describe(cell))
                    row = finish_row(task, cell, module.run_cell(cell, device=resolved))
                    append_record(handle, row)
                    finished.append(row)
                    done.add(key)
                    ran += 1
                bar.advance(bar_task)
    return SweepOutcome(path=path, task=task, cells=len(keyed), ran=ran, already_done=already,
                        settled=settled, seconds=time.perf_counter() - start)


def _describe(cell: dict[str, Any]) -> str:
    shown = [f"{k}={cell[k]}" for k in ("group", "language", "arch", "length", "layers", "seed") if k in cell]
    return " ".join(shown) or "cell"


def run_sweep(config_path: str | Path, *, smoke: bool, device: str, out_dir: str | Path,
              progress: bool = True) -> Path:
    """Run the sweep described by ``config_path``; return the path of its JSONL results file.

    Parameters
    ----------
    config_path : str or Path
        A TOML config with a top-level ``task`` (see :mod:`statecheck.training.tasks`).
    smoke : bool
        Run the task's small version of the config (for CI).
    device : str
        ``"auto"``, ``"cpu"`` or ``"cuda"``.
    out_dir : str or Path
        Folder of the results file ``<config stem>[_smoke].jsonl`` (created if missing).
    progress : bool
        Show a progress bar with ETA on stderr.

    Raises
    ------
    StatecheckError
        Bad config, unknown task, device unavailable — all before the results file is created.
    """
    return execute(config_path, smoke=smoke, device=device, out_dir=out_dir, progress=progress).path
