"""CLI commands of the automaton constructions: ``statecheck construct wfa|minsky``.

Listed in ``statecheck.cli.COMMAND_MODULES``; :func:`register` adds the command to the app.

``statecheck construct wfa --dfa FILE [--out weights.npz] [--json]`` builds the WFA-SSM of the
DFA in FILE (Merrill et al. 2024, Thm 5.2), ``statecheck construct minsky --dfa FILE
[--activation heaviside|relu|sign] ...`` Minsky's RNN (Thm 5.1); both prove the model equal to
the DFA at every length with the equivalence checker and optionally write the integer weights
as ``.npz``. Bad input (an unreadable or malformed DFA file, an unknown construction or
activation, a missing output folder) is one line on stderr and exit status 2, and no file is
written.
"""

# ruff: noqa: B008  (typer declares options as argument defaults)
from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from statecheck.cli_support import atomic_write, emit_json, guarded

__all__ = ["register", "CONSTRUCTIONS", "construct_report"]

#: The constructions ``statecheck construct`` knows.
CONSTRUCTIONS = ("wfa", "minsky")
#: Largest transition monoid the command enumerates for its report (``null`` past it).
REPORT_MONOID_LIMIT = 20_000


def _validate(kind: str, activation: str | None, out: str | None) -> None:
    from statecheck.constructions.minsky import ACTIVATIONS
    from statecheck.errors import BadParameterError, UnknownNameError

    if kind not in CONSTRUCTIONS:
        raise UnknownNameError(f"unknown construction {kind!r}; expected one of {CONSTRUCTIONS}")
    if activation is not None:
        if kind != "minsky":
            raise BadParameterError(f"--activation applies to 'minsky' only, not to {kind!r}")
        if activation not in ACTIVATIONS:
            raise BadParameterError(f"activation {activation!r} is not one of {ACTIVATIONS}")
    if out is not None:
        folder = Path(out).parent
        if not folder.is_dir():
            raise BadParameterError(f"cannot write {out!r}: folder {str(folder)!r} does not exist")


def construct_report(kind: str, dfa_path: str, *, activation: str | None = None) -> tuple[Any, dict]:
    """Build the model, prove it against the DFA, and describe both.

    Returns
    -------
    (model, report)
        ``report`` is the JSON object of ``statecheck construct --json`` (without ``out``):
        ``construction``, ``source``, ``dfa``, ``completed``, ``alphabet``, ``dfa_states``,
        ``dim``, ``check`` (the checker's result dict) and, for ``wfa``, ``states`` and
        ``transition_monoid_size``; for ``minsky``, ``activation``, ``units``,
        ``readout_bias`` and ``margin`` (``[min |pre-activation|, min |readout value|]``).

    Raises
    ------
    UnknownNameError, BadParameterError, MalformedDFAError
        See :func:`_validate` and :func:`statecheck.theory.dfa_io.load_dfa`.
    """
    from statecheck.errors import BudgetExceededError
    from statecheck.theory.check import DFAStepper, check
    from statecheck.theory.dfa_io import load_dfa

    _validate(kind, activation, None)
    dfa, completed = load_dfa(dfa_path)
    reference = DFAStepper(dfa)
    report: dict[str, Any] = {"construction": kind, "dfa": dfa_path, "completed": completed}
    if kind == "wfa":
        from statecheck.constructions.wfa import wfa_ssm

        model = wfa_ssm(dfa)
        try:
            monoid_size = model.transition_monoid(max_size=REPORT_MONOID_LIMIT).size
        except BudgetExceededError:
            monoid_size = None
        result = check(reference, model.tabulate())
        report.update(source="Merrill, Petty & Sabharwal 2024, Thm 5.2",
                      alphabet=list(model.alphabet), dfa_states=model.dim, dim=model.dim,
                      states=[str(q) for q in model.states], transition_monoid_size=monoid_size)
    else:
        from statecheck.constructions.minsky import minsky_rnn

        model = minsky_rnn(dfa, activation or "heaviside")
        result = check(reference, model.tabulate())
        report.update(source="Merrill, Petty & Sabharwal 2024, Thm 5.1; Minsky 1967",
                      alphabet=list(model.alphabet), dfa_states=len(reference.states),
                      dim=model.dim, activation=model.activation,
                      units=[[str(q), a] for q, a in model.units],
                      readout_bias=model.readout_bias, margin=list(model.margins()))
    report["check"] = result.to_dict()
    return model, report


def register(app: typer.Typer) -> None:
    """Add ``construct`` to ``app``."""

    @app.command("construct")
    def construct(
        kind: str = typer.Argument(..., help="Construction: wfa (WFA-SSM, Thm 5.2) or minsky "
                                             "(Minsky RNN, Thm 5.1)."),
        dfa: str = typer.Option(..., "--dfa", help="DFA JSON file (automata-lib DFA keyword arguments)."),
        activation: str | None = typer.Option(
            None, "--activation", help="minsky only: heaviside (default), relu or sign."),
        out: str | None = typer.Option(None, "--out", help="Write the integer weights to this .npz file."),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON on stdout."),
    ) -> None:
        """Build a hand-weighted model of a DFA, prove it equal at every length, save its weights."""

        def work():
            import numpy as np

            _validate(kind, activation, out)
            model, report = construct_report(kind, dfa, activation=activation)
            if out is not None:
                with atomic_write(out, "wb") as handle:
                    np.savez(handle, **model.weights())
            report["out"] = out
            return report

        report = guarded(work)
        if as_json:
            emit_json(report)
        else:
            _print_report(report)
        if not report["check"]["agree"]:
            raise typer.Exit(code=1)


def _print_report(report: dict) -> None:
    check = report["check"]
    name = "WFA-SSM" if report["construction"] == "wfa" else f"Minsky RNN ({report['activation']})"
    print(f"{name} of {report['dfa']} [{report['source']}]")
    completed = " (completed with a rejecting sink)" if report["completed"] else ""
    print(f"  DFA: {report['dfa_states']} states{completed}, alphabet {report['alphabet']}")
    if report["construction"] == "wfa":
        size = report["transition_monoid_size"]
        print(f"  model: {len(report['alphabet'])} integer {report['dim']}x{report['dim']} matrices A_σ, "
              f"h0 = e_q0, C = 1_F; transition monoid: "
              f"{size if size is not None else f'more than {REPORT_MONOID_LIMIT}'} elements")
    else:
        print(f"  model: {report['dim']} hidden units (one per (state, symbol)), integer U, V, b; "
              f"readout bias {report['readout_bias']}; margins {report['margin']}")
    verdict = "proven equal at every length" if check["agree"] and check["mode"] == "all-lengths" else "DIFFERS"
    print(f"  checker: {verdict}: {check['detail']}")
    if report.get("out"):
        print(f"  weights written to {report['out']}")
