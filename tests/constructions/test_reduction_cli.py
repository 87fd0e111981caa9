"""``statecheck chess`` and ``statecheck barrington``: output, PGN, bad input; the reduction claims."""

from __future__ import annotations

import io
import itertools
import json

import chess
import chess.pgn
import pytest
from sympy.combinatorics import Permutation
from typer.testing import CliRunner

from statecheck.cli import app
from statecheck.constructions import reduction_commands

runner = CliRunner()


def registered_app():
    names = {command.name for command in app.registered_commands}
    if not {"chess", "barrington"} <= names:
        reduction_commands.register(app)
    return app


def sympy_product(word):
    total = Permutation(list(range(5)), size=5)
    for g in word:
        total = total * Permutation(list(g), size=5)
    return list(total.array_form)


def test_chess_json_gives_the_product_and_a_pgn_that_reads_back(tmp_path):
    out = tmp_path / "game.pgn"
    word = [(2, 0, 1, 3, 4), (0, 1, 2, 4, 3), (4, 3, 2, 1, 0)]
    text = " ".join("".join(map(str, g)) for g in word)
    result = runner.invoke(registered_app(), ["chess", "--word", text, "--pgn", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = sympy_product(word)
    assert data["permutation"] == expected
    assert data["rook_file"] == expected[0]
    assert data["rook_square"] == "abcde"[expected[0]] + "8"
    assert data["fen"] == "rqqqq3/8/8/8/8/8/PP6/K6k b - - 0 1"
    assert data["plies"] == len(data["moves"])
    game = chess.pgn.read_game(io.StringIO(out.read_text()))
    assert game is not None and not game.errors
    assert game.headers["SetUp"] == "1" and game.headers["FEN"] == data["fen"]
    assert [m.uci() for m in game.mainline_moves()] == data["moves"]
    assert game.end().board().fen() == data["final_fen"]


def test_chess_accepts_bracketed_and_semicolon_words():
    for text in ("[1,0,2,3,4] (0,2,1,3,4)", "1,0,2,3,4; 0, 2, 1, 3, 4", "10234 02134"):
        result = runner.invoke(registered_app(), ["chess", "--word", text, "--json"])
        assert result.exit_code == 0, (text, result.output)
        assert json.loads(result.stdout)["permutation"] == sympy_product(
            [(1, 0, 2, 3, 4), (0, 2, 1, 3, 4)])


def test_chess_table_output_prints_the_board():
    result = runner.invoke(registered_app(), ["chess", "--word", "20134"])
    assert result.exit_code == 0, result.output
    assert "q q r q q" in result.stdout  # python-chess board printing, rook now on c8


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("1023", "size 4"), ("10234 11234", "position 1"), ("102345", "size 6"),
     ("1,0,x,3,4", "not a list of integers"), ("[1,0,2,3,4] junk", "cannot read")],
)
def test_chess_bad_words_exit_2_and_write_nothing(tmp_path, text, fragment):
    out = tmp_path / "game.pgn"
    result = runner.invoke(registered_app(), ["chess", "--word", text, "--pgn", str(out)])
    assert result.exit_code == 2
    assert fragment in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_chess_pgn_into_a_missing_folder_exits_2(tmp_path):
    result = runner.invoke(registered_app(),
                           ["chess", "--word", "10234", "--pgn", str(tmp_path / "no" / "g.pgn")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_barrington_json_checks_every_input():
    formula = "(x0 | ~x1) & x2"
    result = runner.invoke(registered_app(), ["barrington", formula, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["checked_inputs"] == 8 and data["agree"] is True
    assert data["length"] <= data["bound"] == 16
    assert Permutation(data["alpha"], size=5).cycle_structure == {5: 1}
    for bits in itertools.product((0, 1), repeat=3):
        word = [g1 if bits[v] else g0 for v, g0, g1 in data["instructions"]]
        truth = (bits[0] or not bits[1]) and bits[2]
        assert sympy_product(word) == (data["alpha"] if truth else [0, 1, 2, 3, 4])


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["x0 & (x1"], "position 8"), (["x0 && x1"], "position 4"), (["x0 & z"], "'z'"),
     (["x0 & x3", "--n", "2"], "'x3'"), (["x0 # x1"], "'#' at position 3")],
)
def test_barrington_bad_formulas_exit_2(args, fragment):
    result = runner.invoke(registered_app(), ["barrington", *args])
    assert result.exit_code == 2
    assert fragment in result.stderr and "Traceback" not in result.output


def test_reduction_claims_are_verified():
    from statecheck.constructions.reduction_claims import CLAIMS
    from statecheck.theory.claims import run_claim

    assert {c.name.split(".")[0] for c in CLAIMS} == {"chess", "python_reduction", "barrington"}
    for item in CLAIMS:
        row = run_claim(item)
        assert row.status == "verified", (row.claim, row.detail)
        # Barrington's claims cover fixed formulas on all their inputs: bounded, never a proof
        # about every formula; the chess and Python reductions close (all lengths).
        expected = "bounded" if item.name.startswith("barrington.") else "all-lengths"
        assert row.mode == expected, (row.claim, row.mode)
