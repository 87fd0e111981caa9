"""Registry of sweep tasks: a task name (a config's top-level ``task`` key) → the module that
runs it.

A task module exposes three functions, and :mod:`statecheck.training.sweep` and
``statecheck report`` call nothing else:

``expand(config: dict, *, smoke: bool) -> list[dict]``
    The cells of the config (the whole parsed TOML, ``task`` key included). Each cell is a
    JSON-serialisable dict that fully determines one run; its hash keys the result row. Raises a
    :class:`~statecheck.errors.StatecheckError` (``BadParameterError`` naming unknown keys,
    ``UnknownNameError`` for unknown names) before any work.
``run_cell(cell: dict, *, device: str) -> dict``
    Runs one cell and returns one JSON-serialisable result row, which includes ``"task"``.
``report(records: list[dict], out_dir: Path) -> list[Path]``
    Writes figures/tables for that task's rows and returns the paths written.

Optionally ``settled(cell: dict, finished: list[dict]) -> bool``: ``True`` when the rows already
finished make ``cell`` unnecessary (the word-problem task uses it to stop deepening once a
shallower model succeeded). The engine then skips the cell without a row; the decision is
recomputed from the rows on every rerun, so it is as resumable as the rows themselves.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from statecheck.errors import UnknownNameError

__all__ = ["TASKS", "names", "get"]

#: Task name → module path (the single list of task names).
TASKS: dict[str, str] = {
    "word_problem": "statecheck.training.word_problem_task",
    "language": "statecheck.training.language_task",
}


def names() -> list[str]:
    """The registered task names."""
    return list(TASKS)


def get(task: str) -> ModuleType:
    """The module implementing ``task``.

    Raises
    ------
    UnknownNameError
        ``task`` is not registered (the message lists the known names), or its module is missing.
    """
    if not isinstance(task, str) or task not in TASKS:
        raise UnknownNameError(f"unknown task {task!r}; expected one of {names()}")
    try:
        return importlib.import_module(TASKS[task])
    except ModuleNotFoundError as exc:
        if exc.name != TASKS[task]:
            raise
        raise UnknownNameError(f"task {task!r} is registered but its module {TASKS[task]} is not "
                               f"available in this installation") from None
