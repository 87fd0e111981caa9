"""CLI command ``statecheck circuit``: build a registered circuit, print its metrics and timings.

``register(app)`` adds the command to the typer app (``statecheck.cli.COMMAND_MODULES``).
"""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["register", "circuit_report", "write_graphml"]

JSON_KEYS = ("name", "params", "depth", "size", "edges", "max_weight", "max_fan_in",
             "build_seconds", "eval_seconds")


def circuit_report(name: str, params: dict, *, weights: str | None = None,
                   budget: int | None = None, batch: int = 1024, seed: int = 0):
    """Build circuit ``name`` and time one evaluation on ``batch`` random inputs.

    Returns
    -------
    (dict, Circuit)
        The report (keys :data:`JSON_KEYS`; ``eval_seconds`` is one :meth:`Circuit.evaluate`
        call on the batch after a one-row warm-up call that prepares the evaluation plan) and
        the circuit.
    """
    import time

    import numpy as np

    from statecheck.circuits import registry
    from statecheck.circuits.validation import check_positive

    batch = check_positive("batch", batch)
    given = {key: value for key, value in params.items() if value is not None}
    start = time.perf_counter()
    circuit = registry.build(name, given, weights=weights, budget=budget)
    build_seconds = time.perf_counter() - start
    bits = np.random.default_rng(seed).integers(0, 2, size=(batch, circuit.n_inputs), dtype=np.uint8)
    circuit.evaluate(bits[:1])
    start = time.perf_counter()
    circuit.evaluate(bits)
    eval_seconds = time.perf_counter() - start
    shown = dict(given)
    if weights is not None:
        shown["weights"] = weights
    report = {
        "name": name,
        "params": shown,
        "depth": circuit.depth,
        "size": circuit.size,
        "edges": circuit.edges,
        "max_weight": circuit.max_weight,
        "max_fan_in": circuit.max_fan_in,
        "build_seconds": round(build_seconds, 6),
        "eval_seconds": round(eval_seconds, 6),
    }
    return report, circuit


def write_graphml(circuit, path: Path) -> None:
    """Write ``circuit.to_networkx()`` as GraphML, atomically (no partial file on failure).

    GraphML has no list type: the graph attribute ``outputs`` is written as comma-separated
    node ids.
    """
    import networkx as nx

    from statecheck.cli_support import atomic_write

    graph = circuit.to_networkx()
    graph.graph["outputs"] = ",".join(str(node) for node in graph.graph["outputs"])
    with atomic_write(path, "wb") as handle:
        nx.write_graphml(graph, handle)


def _names() -> list[str]:
    from statecheck.circuits.registry import names

    return names()


def register(app) -> None:
    """Add ``statecheck circuit`` to the typer ``app``."""
    from statecheck.cli_support import emit_json, guarded

    @app.command("circuit")
    def circuit_command(
        name: str = typer.Argument(..., help="Builder name: " + ", ".join(_names()) + "."),
        n: int | None = typer.Option(None, "--n", help="Number of inputs / numbers / tokens."),  # noqa: UP007
        m: int | None = typer.Option(None, "--m", help="Bits per number."),  # noqa: UP007
        k: int | None = typer.Option(None, "--k", help="Count for at_least_k / exactly_k."),  # noqa: UP007
        d: int | None = typer.Option(None, "--d", help="Matrix dimension (matrix_power)."),  # noqa: UP007
        power: int | None = typer.Option(None, "--N", help="Exponent N (matrix_power)."),  # noqa: UP007
        weights: str | None = typer.Option(  # noqa: UP007
            None, "--weights", help="exponential or polynomial (builders that take it)."),
        budget: int | None = typer.Option(  # noqa: UP007
            None, "--budget", help="Gate budget (default 1,000,000; edges: 20x)."),
        batch: int = typer.Option(1024, "--batch", help="Random inputs for the evaluation timing."),
        graphml: Path | None = typer.Option(None, "--graphml", help="Write the circuit as GraphML."),  # noqa: UP007
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON on stdout."),
    ) -> None:
        """Build a threshold circuit; print depth, size, edges, max weight/fan-in and timings."""

        def work():
            params = {"n": n, "m": m, "k": k, "d": d, "N": power}
            report, circuit = circuit_report(name, params, weights=weights, budget=budget,
                                             batch=batch)
            if graphml is not None:
                write_graphml(circuit, graphml)
            return report

        report = guarded(work)
        if as_json:
            emit_json(report)
            return
        shown = ", ".join(f"{key}={value}" for key, value in report["params"].items())
        print(f"circuit {report['name']}({shown})")
        for key in ("depth", "size", "edges", "max_weight", "max_fan_in"):
            print(f"  {key:<14}{report[key]:,}")
        print(f"  {'build':<14}{report['build_seconds']:.4f} s")
        print(f"  {'evaluate':<14}{report['eval_seconds']:.4f} s for {batch} random inputs")
        if graphml is not None:
            print(f"  wrote {graphml}")
