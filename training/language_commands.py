"""CLI commands of the formal-language training task: ``statecheck counterexample``.

``register(app)`` adds them to the typer app (``statecheck.cli.COMMAND_MODULES`` lists this
module).
"""

from __future__ import annotations

__all__ = ["register", "counterexample_report"]


def counterexample_report(*, checkpoint: str | None, construction: str | None, language: str | None,
                          params: dict, max_length: int, targeted: list[int] | None,
                          max_words: int) -> dict:
    """Load the model, search for the shortest counterexample and return the JSON-ready result.

    Keys: those of :meth:`CounterexampleResult.to_dict` plus ``model`` (``source``, and ``arch``,
    ``trained_on`` for a checkpoint or ``construction`` for a construction).

    Raises
    ------
    BadParameterError
        Neither or both of ``checkpoint`` and ``construction``; a negative ``max_length``; a
        ``language`` whose alphabet differs from the construction's.
    CheckpointError, UnknownNameError
        From loading (another architecture or vocabulary, unknown names).
    """
    from statecheck.errors import BadParameterError
    from statecheck.training.counterexample import (
        CheckpointError,
        construction_predictor,
        find_counterexample,
        load_checkpoint,
        model_predictor,
    )
    from statecheck.training.language_data import resolve_language

    if (checkpoint is None) == (construction is None):
        raise BadParameterError("give exactly one of --checkpoint FILE and --construction NAME")
    if max_length < 0:
        raise BadParameterError(f"--max-length must be >= 0, got {max_length}")
    if max_words < 1:
        raise BadParameterError(f"--max-words must be >= 1, got {max_words}")
    for n in targeted or []:
        if n < 1:
            raise BadParameterError(f"--targeted lengths must be >= 1, got {n}")
    reference = resolve_language(language, params) if language is not None else None
    if checkpoint is not None:
        model, meta = load_checkpoint(checkpoint, language=reference)
        if reference is None:
            stored = meta.get("language") or {}
            if not isinstance(stored.get("name"), str):
                raise CheckpointError(f"checkpoint {checkpoint!r} names no language; pass --language")
            reference = resolve_language(stored["name"], stored.get("params") or {})
        predict = model_predictor(model, reference)
        described = {"source": "checkpoint", "path": str(checkpoint), "arch": meta["arch"],
                     "build": meta["build"], "trained_on": meta.get("language", {}).get("label")}
    else:
        predict, own = construction_predictor(construction)
        if reference is None:
            reference = own
        elif tuple(reference.alphabet) != tuple(own.alphabet):
            raise BadParameterError(
                f"construction {construction!r} reads {list(own.alphabet)!r}; {reference.label} has "
                f"alphabet {list(reference.alphabet)!r}")
        described = {"source": "construction", "construction": construction, "built_for": own.label}
    result = find_counterexample(predict, reference, max_length=max_length, targeted_lengths=targeted,
                                 max_words=max_words)
    return {**result.to_dict(), "model": described}


def register(app) -> None:
    """Add ``statecheck counterexample`` to the typer ``app``."""
    import typer

    from statecheck.cli_support import emit_json, guarded, parse_params

    @app.command("counterexample")
    def counterexample(
        checkpoint: str | None = typer.Option(  # noqa: UP007 (typer needs Optional)
            None, "--checkpoint", help="A model checkpoint (torch.save of arch, build, language, params, state_dict)."),
        construction: str | None = typer.Option(  # noqa: UP007
            None, "--construction", help="An SSM construction instead (flipflop_ssm, parity_ssm, dyck_ssm, ...)."),
        language: str | None = typer.Option(  # noqa: UP007
            None, "--language", help="Suite dataset or catalogue name (default: the model's own)."),
        param: list[str] | None = typer.Option(  # noqa: UP007
            None, "--param", help="Language parameter k=v (repeatable)."),
        max_length: int = typer.Option(8, "--max-length", help="Check every valid prefix up to this length."),
        targeted: list[int] | None = typer.Option(  # noqa: UP007
            None, "--targeted", help="Length of targeted words, one per reachable state (repeatable)."),
        max_words: int = typer.Option(200_000, "--max-words", help="Largest prefix level enumerated."),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON on stdout."),
    ) -> None:
        """Shortest prefix where a trained model (or a construction) predicts the wrong next-symbol set.

        Exit status 0: no counterexample on what was checked (bounded); 1: one was found;
        2: bad input.
        """
        result = guarded(lambda: counterexample_report(
            checkpoint=checkpoint, construction=construction, language=language,
            params=parse_params(param), max_length=max_length, targeted=targeted, max_words=max_words))
        if as_json:
            emit_json(result)
        else:
            model = result["model"]
            who = model.get("arch") or model.get("construction")
            print(f"model: {who} ({model['source']}); language: {result['language']}")
            print(f"checked: every valid prefix up to length {result['exhaustive_length']} "
                  f"({result['prefixes_checked']} prefixes) + {result['targeted_words']} targeted words "
                  f"of lengths {result['targeted_lengths']} (bounded, not a proof)")
            found = result["counterexample"]
            if found is None:
                print("no counterexample found")
            else:
                word = " ".join(found["word"]) or "ε (empty prefix)"
                print(f"shortest counterexample (length {found['length']}): {word}")
                print(f"  expected next symbols: {found['expected']}")
                print(f"  predicted:             {found['predicted']}")
        if result["counterexample"] is not None:
            raise typer.Exit(code=1)
