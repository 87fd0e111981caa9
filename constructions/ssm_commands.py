"""CLI commands of the SSM constructions: ``statecheck precision NAME``.

Listed in ``statecheck.cli.COMMAND_MODULES``; :func:`register` adds the commands to the app.
"""

# ruff: noqa: B008  (typer declares options as argument defaults)
from __future__ import annotations

import typer

from statecheck.cli_support import emit_json, guarded, parse_params

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``precision`` to ``app``."""

    @app.command("precision")
    def precision(
        name: str = typer.Argument(..., help="Construction: flipflop, dyck, dyck1, shuffle_dyck, "
                                             "anbn, anbncn, parity, mod_counter."),
        param: list[str] | None = typer.Option(
            None, "--param", help="Construction parameter k=v, e.g. k=8 (repeatable)."),
        length: int = typer.Option(10_000, "--length", help="Longest word N (1..200000)."),
        samples: int = typer.Option(2, "--samples", help="Random members of the language to add."),
        seed: int = typer.Option(0, "--seed", help="Seed of the random members."),
        mamba: bool = typer.Option(False, "--mamba", help="Compute A as exp(-softplus(z)) (Mamba form)."),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON on stdout."),
    ) -> None:
        """First length at which the fp16/bf16/fp32 torch export leaves the exact run."""

        def work():
            from statecheck.constructions.precision import precision_report
            from statecheck.errors import BadParameterError

            if samples < 0:
                raise BadParameterError(f"--samples must be >= 0, got {samples}")
            return precision_report(name, length=length, samples=samples, seed=seed,
                                    parameterisation="mamba" if mamba else "direct",
                                    **parse_params(param))

        report = guarded(work)
        if as_json:
            emit_json(report.to_dict())
            return
        _print_report(report)


def _print_report(report) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(110, Console().width))
    params = ", ".join(f"{k}={v}" for k, v in report.params.items())
    console.print(f"[bold]{report.construction}_ssm({params})[/]: float export vs exact run, "
                  f"words up to length {report.length} ({report.parameterisation} A)")
    for word in report.words:
        console.print(f"  word: {word}")
    table = Table(show_lines=False)
    for column in ("dtype", "mode", "state leaves exact at", "output leaves exact at", "first seen on"):
        table.add_column(column, overflow="fold")
    for r in report.rows:
        none = f"none up to {report.length}"
        table.add_row(r.dtype, r.mode,
                      none if r.state_deviation is None else str(r.state_deviation),
                      none if r.output_deviation is None else str(r.output_deviation),
                      r.output_word or r.state_word or "-")
    console.print(table)
