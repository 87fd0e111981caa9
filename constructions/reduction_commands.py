"""CLI commands of the reductions: ``statecheck chess`` and ``statecheck barrington``.

Listed in ``statecheck.cli.COMMAND_MODULES``; :func:`register` adds the commands to the app.

- ``statecheck chess --word "10234 02134" [--pgn OUT] [--json]`` plays an S5 word as chess
  (Merrill et al. 2024, Prop 3.3) with python-chess legality checks, reads the product off five
  boards and optionally writes the game as PGN (with ``SetUp``/``FEN`` headers).
- ``statecheck barrington "FORMULA" [--n N] [--json]`` compiles a formula into a width-5
  permutation branching program (Barrington 1989) and checks it on all 2^n inputs.
"""

# ruff: noqa: B008  (typer declares options as argument defaults)
from __future__ import annotations

import re

import typer

from statecheck.cli_support import atomic_write, emit_json, guarded
from statecheck.errors import BadParameterError, BudgetExceededError, NotAPermutationError

__all__ = ["MAX_CHECK_WORK", "MAX_CLI_WORD", "parse_word", "register"]

#: Longest word ``statecheck chess`` plays (elements); each is up to 48 plies on 6 boards.
MAX_CLI_WORD = 10_000
#: ``statecheck barrington`` checks all inputs when ``2^n * length`` is at most this.
MAX_CHECK_WORK = 4_000_000

_BRACKETED = re.compile(r"[\[(]([^\])]*)[\])]")


def parse_word(text: str) -> list[tuple[int, ...]]:
    """Parse the ``--word`` text into array-form tuples (validated as permutations of 0..4).

    Accepted forms: elements in brackets, ``"[1,0,2,3,4] (0,2,1,3,4)"``; separated by ``;``,
    ``"1,0,2,3,4; 0,2,1,3,4"``; or by spaces, each as five digits or comma-separated,
    ``"10234 02134"``. An empty text is the empty word.

    Raises
    ------
    NotAPermutationError
        A non-digit entry, or an element that is not a permutation of 0..4 (position named).
    """
    from statecheck.constructions.python_reduction import validate_word

    text = text.strip()
    if "[" in text or "(" in text:
        items = _BRACKETED.findall(text)
        leftover = _BRACKETED.sub(" ", text).replace(";", " ").replace(",", " ").strip()
        if leftover:
            raise NotAPermutationError(
                f"cannot read {leftover!r} in the word {text!r}; write elements like [1,0,2,3,4]")
    elif ";" in text:
        items = [item for item in text.split(";") if item.strip()]
    else:
        items = text.split()
    word = []
    for position, item in enumerate(items):
        compact = "".join(item.split())
        entries = compact.split(",") if "," in compact else list(compact)
        if not entries or not all(e.isdigit() for e in entries):
            raise NotAPermutationError(
                f"element {item.strip()!r} at position {position} of the word is not a list of "
                "integers; expected a permutation of 0..4 such as 10234 or 1,0,2,3,4")
        word.append(tuple(int(e) for e in entries))
    if len(word) > MAX_CLI_WORD:
        raise BudgetExceededError(
            f"word of length {len(word)} exceeds the CLI limit of {MAX_CLI_WORD} elements")
    return list(validate_word(word))


def register(app: typer.Typer) -> None:
    """Add ``chess`` and ``barrington`` to ``app``."""

    @app.command("chess")
    def chess_command(
        word: str = typer.Option(..., "--word", help="S5 word, e.g. \"10234 02134\" or "
                                                     "\"[1,0,2,3,4] [0,2,1,3,4]\" (array form)."),
        pgn: str | None = typer.Option(None, "--pgn", help="Write the game as PGN to this file."),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON on stdout."),
    ) -> None:
        """Play an S5 word as a chess game (Merrill et al. 2024, Prop 3.3)."""

        def work():
            from pathlib import Path

            from statecheck.constructions.chess import FILES, reduce
            from statecheck.constructions.python_reduction import product

            if pgn is not None and not (Path(pgn).parent or Path(".")).is_dir():
                raise BadParameterError(
                    f"cannot write --pgn {pgn!r}: folder {str(Path(pgn).parent)!r} does not exist")
            game = reduce(parse_word(word))
            board = game.board(0)  # every ply checked with python-chess is_legal
            permutation = game.permutation()
            text = game.pgn() if pgn is not None else None
            if text is not None:
                with atomic_write(pgn) as handle:
                    handle.write(text)
            rook_file = game.decode(board)
            return game, board, {
                "word": [list(g) for g in game.word],
                "length": len(game.word),
                "fen": game.fen,
                "plies": len(game.moves),
                "moves": list(game.moves),
                "final_fen": board.fen(),
                "rook_file": rook_file,
                "rook_square": f"{FILES[rook_file]}8",
                "permutation": list(permutation),
                "product": list(product(game.word)),
                "legal": True,
                "pgn": pgn,
            }

        game, board, data = guarded(work)
        if as_json:
            emit_json(data)
            return
        print(f"S5 word of length {data['length']} -> {data['plies']} plies from {data['fen']}")
        print(board)
        print(f"rook on {data['rook_square']}: image of 0 under the product = {data['rook_file']}")
        print(f"five boards (rook starting on each file) give the product {tuple(data['permutation'])}")
        if pgn is not None:
            print(f"PGN written to {pgn}")

    @app.command("barrington")
    def barrington_command(
        formula: str = typer.Argument(..., help="Formula over x0, x1, ... with &, |, ~, ( )."),
        n: int | None = typer.Option(None, "--n", help="Number of variables (default: largest "
                                                        "index + 1)."),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON on stdout."),
    ) -> None:
        """Compile a formula to a width-5 permutation branching program (Barrington 1989)."""

        def work():
            import itertools

            from statecheck.constructions.barrington import compile as compile_formula

            program = compile_formula(formula, n)
            length = len(program.instructions)
            inputs = 2 ** program.n
            agree, checked, counterexample = None, 0, None
            if inputs * length <= MAX_CHECK_WORK:
                agree = True
                for bits in itertools.product((0, 1), repeat=program.n):
                    checked += 1
                    if program.accepts(bits) != program.truth(bits):
                        agree, counterexample = False, list(bits)
                        break
            return program, {
                "formula": formula,
                "n": program.n,
                "depth": program.depth,
                "length": length,
                "bound": 4 ** program.depth,
                "alpha": list(program.alpha),
                "instructions": [[v, list(g0), list(g1)] for v, g0, g1 in program.instructions],
                "checked_inputs": checked,
                "agree": agree,
                "counterexample": counterexample,
            }

        program, data = guarded(work)
        if as_json:
            emit_json(data)
        else:
            print(f"{formula}: {data['length']} instructions (depth {data['depth']}, bound "
                  f"4^{data['depth']} = {data['bound']}), alpha = {tuple(program.alpha)}")
            for var, g0, g1 in program.instructions[:12]:
                print(f"  x{var}: 0 -> {g0}   1 -> {g1}")
            if data["length"] > 12:
                print(f"  ... {data['length'] - 12} more")
            if data["agree"] is None:
                print(f"not checked: 2^{data['n']} inputs x {data['length']} instructions exceeds "
                      f"{MAX_CHECK_WORK}")
            else:
                verdict = "agrees" if data["agree"] else f"DISAGREES on {data['counterexample']}"
                print(f"checked on all {data['checked_inputs']} inputs: the program {verdict} "
                      "with the formula")
        if data["agree"] is False:
            raise typer.Exit(code=1)
