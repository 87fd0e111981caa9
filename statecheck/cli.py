"""The ``statecheck`` command line.

Core commands (this module): ``verify``, ``classify``, ``equiv``, ``languages``. Packages add
their own commands through modules listed in :data:`COMMAND_MODULES` (each has
``register(app)``). Every command takes ``--json``; bad input prints one line on stderr and exits
with status 2, never a traceback, and never leaves a partial file.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import typer

from statecheck.cli_support import emit_json, guarded, parse_params

#: Modules contributing commands through ``register(app)``.
COMMAND_MODULES: list[str] = [
    "statecheck.constructions.ssm_commands",
    "statecheck.constructions.automata_commands",
    "statecheck.constructions.reduction_commands",
    "statecheck.circuits.commands",
    "statecheck.training.commands",
    "statecheck.training.language_commands",
]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="statecheck: constructions, exact checks and classification for state tracking.",
)

JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON on stdout.")


# --------------------------------------------------------------------------- verify
@app.command()
def verify(
    only: list[str] | None = typer.Option(  # noqa: UP007 (typer needs Optional)
        None, "--only", help="Run only claims with this name or shell glob (repeatable)."
    ),
    list_claims: bool = typer.Option(False, "--list", help="List the claims and exit."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Run the registry of claims; exit 0 iff every claim is verified."""
    from statecheck.theory import claims as registry

    chosen = guarded(lambda: registry.select(only))
    if list_claims:
        if as_json:
            emit_json([{"claim": c.name, "source": c.source} for c in chosen])
        else:
            for c in chosen:
                print(f"{c.name}    [{c.source}]")
        return
    results = _run_with_progress(chosen, registry.run_claim, quiet=as_json)
    if as_json:
        emit_json([r.to_dict() for r in results])
    else:
        _print_verify_table(results)
    if any(r.status != "verified" for r in results):
        raise typer.Exit(code=1)


def _run_with_progress(items, run, *, quiet: bool):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    results = []
    show = sys.stderr.isatty() and not quiet
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), transient=True, disable=not show,
    ) as progress:
        task = progress.add_task("verifying", total=len(items))
        for item in items:
            progress.update(task, description=f"verifying {item.name}")
            results.append(run(item))
            progress.advance(task)
    return results


def _print_verify_table(results) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="statecheck verify", show_lines=False)
    for column in ("claim", "status", "mode", "states", "seconds", "counterexample / detail"):
        table.add_column(column, overflow="fold")
    colour = {"verified": "green", "failed": "red", "error": "yellow"}
    for r in results:
        mode = r.mode or "-"
        if r.mode == "bounded":
            mode = f"bounded ≤{r.max_length}"
        note = (" ".join(r.counterexample) or "ε") if r.counterexample is not None else ""
        if r.status != "verified" or not note:
            note = f"{note}  {r.detail}".strip() if r.status != "verified" else ""
        table.add_row(r.claim, f"[{colour[r.status]}]{r.status}[/]", mode, str(r.states_explored),
                      f"{r.seconds:.3f}", note)
    console = Console(width=max(120, Console().width))
    console.print(table)
    counts = {s: sum(r.status == s for r in results) for s in ("verified", "failed", "error")}
    console.print(f"{counts['verified']} verified, {counts['failed']} failed, {counts['error']} error "
                  f"({sum(r.seconds for r in results):.1f} s)")


# --------------------------------------------------------------------------- classify
@app.command()
def classify(
    dfa: Path | None = typer.Option(None, "--dfa", help="A DFA JSON file (automata-lib keywords)."),  # noqa: UP007
    regex: str | None = typer.Option(None, "--regex", help="An automata-lib regular expression."),  # noqa: UP007
    language: str | None = typer.Option(None, "--language", help="A catalogue language name."),  # noqa: UP007
    param: list[str] | None = typer.Option(None, "--param", help="Language parameter k=v (repeatable)."),  # noqa: UP007
    group: str | None = typer.Option(None, "--group", help="A group name: S5, A4xZ5, Z60, D4, …"),  # noqa: UP007
    as_json: bool = JSON_OPTION,
) -> None:
    """Classify a language or group: monoid, aperiodicity, solvability, class, verdicts."""

    def work():
        from statecheck.errors import BadParameterError
        from statecheck.theory import algebra

        given = [x for x in (dfa, regex, language, group) if x is not None]
        if len(given) != 1:
            raise BadParameterError(
                "give exactly one of --dfa FILE, --regex RE, --language NAME, --group NAME"
            )
        if param and language is None:
            raise BadParameterError("--param applies only to --language")
        notes = []
        if dfa is not None:
            from statecheck.theory.dfa_io import load_dfa

            machine, completed = load_dfa(dfa)
            if completed:
                notes.append("the DFA was partial: missing transitions go to an added sink state")
            subject = str(dfa)
            result = algebra.classify(machine)
        elif regex is not None:
            from statecheck.theory.dfa_io import dfa_from_regex

            subject = f"regex {regex}"
            result = algebra.classify(dfa_from_regex(regex))
        elif language is not None:
            from statecheck.theory import languages

            lang = languages.get(language, **parse_params(param))
            subject = lang.label
            result = algebra.classify(lang)
        else:
            from statecheck.theory import groups

            subject = f"group {group}"
            result = algebra.classify(groups.get(group))
        return subject, result, notes

    subject, result, notes = guarded(work)
    data = result.to_dict()
    if as_json:
        emit_json({**data, "subject": subject, "notes": notes})
        return
    _print_classification(subject, data, notes)


def _print_classification(subject: str, data: dict, notes: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{subject}[/]")
    for note in notes:
        console.print(f"note: {note}")
    for key in ("states", "monoid_size", "aperiodic", "star_free", "solvable", "class"):
        console.print(f"  {key:<12} {data.get(key)}")
    subgroups = ", ".join(
        f"order {s['order']} ({'solvable' if s['solvable'] else 'not solvable'})"
        for s in data.get("subgroups") or []
    )
    console.print(f"  {'subgroups':<12} {subgroups or '-'}")
    table = Table(title="what the theorems allow")
    for column in ("architecture", "expressible", "source"):
        table.add_column(column, overflow="fold")
    for v in data.get("verdicts", []):
        table.add_row(v["architecture"], str(v["expressible"]), v["source"])
    console.print(table)


# --------------------------------------------------------------------------- equiv
@app.command()
def equiv(
    first: Path = typer.Argument(..., help="First DFA JSON file."),
    second: Path = typer.Argument(..., help="Second DFA JSON file."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Decide whether two DFAs accept the same language; print a shortest separating word."""

    def work():
        from statecheck.theory.check import DFAStepper, check
        from statecheck.theory.dfa_io import load_dfa, with_alphabet

        (a, completed_a), (b, completed_b) = load_dfa(first), load_dfa(second)
        notes = [f"{p} was partial: missing transitions go to an added sink state"
                 for p, c in ((first, completed_a), (second, completed_b)) if c]
        alphabet = tuple(sorted(set(a.input_symbols) | set(b.input_symbols)))
        if set(a.input_symbols) != set(b.input_symbols):
            notes.append("the alphabets differ: each DFA rejects every word with a symbol it lacks")
            a, b = with_alphabet(a, alphabet), with_alphabet(b, alphabet)
        result = check(DFAStepper(a, alphabet=alphabet), DFAStepper(b, alphabet=alphabet))
        return result, notes

    result, notes = guarded(work)
    word = None if result.counterexample is None else list(result.counterexample)
    if as_json:
        emit_json({
            "equivalent": result.agree,
            "counterexample": word,
            "first_accepts": result.expected,
            "second_accepts": result.actual,
            "states_explored": result.states_explored,
            "seconds": result.seconds,
            "notes": notes,
        })
    else:
        for note in notes:
            print(f"note: {note}")
        if result.agree:
            print(f"equivalent ({result.states_explored} state pairs explored)")
        else:
            shown = " ".join(word) if word else "ε (the empty word)"
            print(f"not equivalent: shortest separating word {shown!r} "
                  f"(first {'accepts' if result.expected else 'rejects'}, "
                  f"second {'accepts' if result.actual else 'rejects'})")
    if not result.agree:
        raise typer.Exit(code=1)


# --------------------------------------------------------------------------- languages
@app.command("languages")
def languages_command(as_json: bool = JSON_OPTION) -> None:
    """List the language catalogue: alphabet, regular or not, family and class."""

    def work():
        from statecheck.theory import algebra, languages

        rows = []
        for name in languages.names():
            lang = languages.get(name, **languages.default_params(name))
            row = {
                "name": name,
                "label": lang.label,
                "params": lang.params,
                "alphabet": list(lang.alphabet),
                "regular": lang.regular,
                "family": lang.family,
            }
            row["class"] = algebra.classify(lang).class_
            rows.append(row)
        return rows

    rows = guarded(work)
    if as_json:
        emit_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="statecheck language catalogue (parameters at their defaults)")
    for column in ("name", "example", "alphabet", "regular", "family", "class"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(r["name"], r["label"], " ".join(r["alphabet"]), "yes" if r["regular"] else "no",
                      r["family"], r["class"])
    Console(width=120).print(table)


# --------------------------------------------------------------------------- entry point
def main() -> None:
    """Entry point of the ``statecheck`` script."""
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(app)
    app()


if __name__ == "__main__":
    main()
