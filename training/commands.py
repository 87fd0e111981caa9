"""CLI commands of the training package: ``train``, ``sweep``, ``report`` (issue 6).

``register(app)`` adds them to the ``statecheck`` typer app. Torch and the models are imported
inside the command bodies, so ``statecheck --help`` stays light.
"""

from __future__ import annotations

from pathlib import Path

import typer

from statecheck.cli_support import emit_json, guarded

__all__ = ["register", "TRAIN_JSON_KEYS"]

#: Keys of ``statecheck train --json`` (in this order).
TRAIN_JSON_KEYS = ("arch", "layers", "length", "group", "val_sequence_accuracy", "val_token_accuracy",
                   "steps", "seconds", "device", "seed")

JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON on stdout.")
THREADS_OPTION = typer.Option(1, "--threads", help="CPU threads for torch (0: torch's default). One "
                              "thread by default: for these small models it was 4-10x faster than torch's "
                              "default on a busy 2-core machine.")


def _set_threads(threads: int) -> None:
    from statecheck.errors import BadParameterError

    if threads < 0:
        raise BadParameterError(f"--threads must be >= 0, got {threads}")
    if threads:
        import torch

        torch.set_num_threads(threads)


def train(
    task: str = typer.Option("word_problem", "--task", help="Task to train (word_problem)."),
    group: str = typer.Option("S3", "--group", help="Group name: S3, A5, Z60, A4xZ5, …"),
    length: int = typer.Option(8, "--length", help="Word length k >= 1."),
    arch: str = typer.Option("rnn", "--arch", help="Architecture (see statecheck.training.models.names())."),
    layers: int = typer.Option(1, "--layers", help="Depth >= 1."),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    seed: int = typer.Option(0, "--seed", help="Seeds data, split, initialisation and batch order."),
    d_model: int = typer.Option(64, "--d-model", help="Width."),
    lr: float = typer.Option(3e-3, "--lr", help="AdamW learning rate."),
    batch_size: int = typer.Option(64, "--batch-size", help="Sequences per step."),
    max_steps: int = typer.Option(2000, "--max-steps", help="Step budget."),
    samples: int = typer.Option(10_000, "--samples", help="Length-k words when not all of them."),
    threads: int = THREADS_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Train one model on a group word problem (AdamW, early stop at 0.99 held-out sequence accuracy)."""

    def work():
        from statecheck.errors import BadParameterError, UnknownNameError
        from statecheck.training import models
        from statecheck.training.device import resolve_device
        from statecheck.training.loop import TrainSettings
        from statecheck.training.word_problem_task import train_once

        if task != "word_problem":
            raise UnknownNameError(f"unknown task {task!r} for train; expected 'word_problem' "
                                   f"(formal languages train through 'statecheck sweep' configs)")
        if arch not in models.names():
            raise UnknownNameError(f"unknown architecture {arch!r}; expected one of {models.names()}")
        from statecheck.theory import groups

        groups.get(group)
        for value, what in ((length, "--length"), (layers, "--layers"), (d_model, "--d-model")):
            if value < 1:
                raise BadParameterError(f"{what} must be >= 1, got {value}")
        if seed < 0:
            raise BadParameterError(f"--seed must be >= 0, got {seed}")
        settings = TrainSettings(lr=lr, batch_size=batch_size, max_steps=max_steps)
        resolved = resolve_device(device)
        _set_threads(threads)
        return train_once(group, length, arch, layers, seed=seed, device=resolved, d_model=d_model,
                          settings=settings, samples=samples)

    row = guarded(work)
    shown = {key: row[key] for key in TRAIN_JSON_KEYS}
    if as_json:
        emit_json(shown)
        return
    print(f"{row['arch']} x{row['layers']} on {row['group']} k={row['length']}: "
          f"held-out sequence accuracy {row['val_sequence_accuracy']:.4f}, token accuracy "
          f"{row['val_token_accuracy']:.4f} after {row['steps']} steps in {row['seconds']:.1f} s "
          f"on {row['device']} (seed {row['seed']}; "
          f"{'reached' if row['reached_target'] else 'did not reach'} the 0.99 target)")


def sweep(
    config: Path = typer.Argument(..., help="A sweep config (TOML with a top-level task)."),
    smoke: bool = typer.Option(False, "--smoke", help="Run the config's small [smoke] version."),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    out: Path = typer.Option(Path("results"), "--out", help="Folder of the JSONL results file."),
    threads: int = THREADS_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Run a sweep; append one JSONL row per finished cell; a rerun skips finished cells."""

    def work():
        from statecheck.training.sweep import execute

        _set_threads(threads)
        return execute(config, smoke=smoke, device=device, out_dir=out, progress=True)

    outcome = guarded(work)
    if as_json:
        emit_json(outcome.to_dict())
        return
    print(f"{outcome.task} sweep: {outcome.cells} cells, ran {outcome.ran}, already done "
          f"{outcome.already_done}, skipped as settled {outcome.settled} ({outcome.seconds:.1f} s) "
          f"-> {outcome.path}")


def report(
    results: Path = typer.Argument(..., help="A JSONL results file written by 'statecheck sweep'."),
    out: Path | None = typer.Option(None, "--out", help="Folder for the figures and tables "  # noqa: UP007
                                    "(default: beside RESULTS)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Draw each task's report (word_problem: the Figure-3 plot and a markdown table) from a results file."""

    def work():
        from statecheck.errors import BadParameterError
        from statecheck.training import tasks
        from statecheck.training.sweep import read_records

        if not results.is_file():
            raise BadParameterError(f"results file {str(results)!r} does not exist")
        records = read_records(results)
        if not records:
            raise BadParameterError(f"results file {str(results)!r} has no finished rows")
        by_task: dict[str, list[dict]] = {}
        for number, row in enumerate(records, start=1):
            if "task" not in row:
                raise BadParameterError(f"row {number} of {str(results)!r} has no 'task' key")
            by_task.setdefault(row["task"], []).append(row)
        modules = {name: tasks.get(name) for name in by_task}  # unknown tasks fail before writing
        folder = out if out is not None else results.parent
        folder.mkdir(parents=True, exist_ok=True)
        written = {name: [str(p) for p in modules[name].report(rows, folder)] for name, rows in by_task.items()}
        return {"results": str(results), "rows": {k: len(v) for k, v in by_task.items()}, "files": written}

    summary = guarded(work)
    if as_json:
        emit_json(summary)
        return
    for name, files in summary["files"].items():
        print(f"{name}: {summary['rows'][name]} rows -> {', '.join(files)}")


def register(app) -> None:
    """Add ``train``, ``sweep`` and ``report`` to the typer ``app`` (once)."""
    existing = {c.name or c.callback.__name__ for c in app.registered_commands}
    for name, command in (("train", train), ("sweep", sweep), ("report", report)):
        if name not in existing:
            app.command(name)(command)
