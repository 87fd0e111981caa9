"""S5 → chess (Merrill et al. 2024, Prop 3.3), checked with python-chess and sympy.

What is exhaustive and what is sampled:

- exhaustive: every one of the 120 elements from every one of the 5 canonical positions (rook on
  file 0..4), played move by move with python-chess ``is_legal``. Between elements the position is
  always canonical and legality does not depend on the move clocks, so this proves every word of
  every length is a legal game (induction on the word);
- sampled: 1,000 random words of length up to 500 through the validated block map against array
  composition (100 of them also against sympy); 10 random words of length 500 played in full with
  python-chess from the start position, and 2 words of length 100 on all five boards.
"""

from __future__ import annotations

import io
import itertools
import random

import chess
import chess.pgn
import pytest
from sympy.combinatorics import Permutation

from statecheck.constructions import chess as reduction
from statecheck.errors import NotAPermutationError

ELEMENTS = list(itertools.permutations(range(5)))
PAPER_BLOCK_A_C = "a8a7 a1b1 c8c6 b1a1 a7c7 a1b1 c6a6 b1a1 c7c8 a1b1 a6a8 b1a1".split()


def canonical_placement(rook_file: int) -> str:
    rank8 = "".join("r" if f == rook_file else "q" for f in range(5)) + "3"
    return f"{rank8}/8/8/8/8/8/PP6/K6k"


def array_product(word):
    """g1*g2*…*gk in sympy's order, by plain array composition: (p*q)[i] = q[p[i]]."""
    total = list(range(5))
    for g in word:
        total = [g[i] for i in total]
    return tuple(total)


def sympy_product(word):
    total = Permutation(list(range(5)), size=5)
    for g in word:
        total = total * Permutation(list(g), size=5)
    return tuple(total.array_form)


def play_checked(board: chess.Board, moves) -> chess.Board:
    for uci in moves:
        move = chess.Move.from_uci(uci)
        assert board.is_legal(move), (uci, board.fen())
        board.push(move)
    return board


def rook_file_of(board: chess.Board) -> int:
    rooks = list(board.pieces(chess.ROOK, chess.BLACK))
    assert len(rooks) == 1 and chess.square_rank(rooks[0]) == 7
    return chess.square_file(rooks[0])


def test_start_position_is_the_papers():
    assert reduction.reduce([]).fen == "rqqqq3/8/8/8/8/8/PP6/K6k b - - 0 1"
    board = chess.Board(reduction.START_FEN)
    assert board.status() == chess.STATUS_VALID
    assert board.turn == chess.BLACK
    for rook_file in range(5):
        board = chess.Board(reduction.start_fen(rook_file))
        assert board.status() == chess.STATUS_VALID
        assert board.board_fen() == canonical_placement(rook_file)


def test_transposition_of_files_a_and_c_is_the_papers_block():
    assert list(reduction.transposition_moves(0, 2)) == PAPER_BLOCK_A_C
    assert list(reduction.reduce([(2, 1, 0, 3, 4)]).moves) == PAPER_BLOCK_A_C


@pytest.mark.parametrize("element", ELEMENTS)
def test_every_element_from_every_rook_file_is_legal_and_moves_the_rook_to_its_image(element):
    """Exhaustive: 120 elements x 5 canonical positions (the induction step of the proof)."""
    moves = reduction.reduce([element]).moves
    swaps = 5 - Permutation(list(element), size=5).cycles
    assert len(moves) == 12 * swaps <= 48
    for rook_file in range(5):
        board = play_checked(chess.Board(reduction.start_fen(rook_file)), moves)
        assert board.board_fen() == canonical_placement(element[rook_file])
        assert board.turn == chess.BLACK and not board.has_castling_rights(chess.WHITE)
        assert board.ep_square is None
        assert reduction.decode(board) == element[rook_file]


def test_block_map_matches_the_element_action_everywhere():
    table = reduction.block_map()
    assert len(table) == 600
    assert all(table[g, r] == g[r] for g in ELEMENTS for r in range(5))


def test_mapping_is_per_element():
    """NC0, structurally: the moves of element k are a function of element k alone."""
    rng = random.Random(1)
    word = [rng.choice(ELEMENTS) for _ in range(40)]
    game = reduction.reduce(word)
    assert len(game.blocks) == len(word)
    assert game.moves == tuple(m for b in game.blocks for m in b)
    for k, g in enumerate(word):
        assert game.blocks[k] == reduction.reduce([g]).moves
    changed = list(word)
    changed[17] = (4, 3, 2, 1, 0) if word[17] != (4, 3, 2, 1, 0) else (1, 0, 2, 3, 4)
    other = reduction.reduce(changed)
    differing = [k for k in range(len(word)) if other.blocks[k] != game.blocks[k]]
    assert differing == [17]


def test_1000_random_words_up_to_length_500_through_the_validated_block_map():
    """Sampled: 1,000 words; rook file and the full permutation against array composition."""
    rng = random.Random(2)
    for trial in range(1000):
        word = [rng.choice(ELEMENTS) for _ in range(rng.randint(0, 500))]
        expected = array_product(word)
        if trial < 100:
            assert expected == sympy_product(word)
        assert reduction.rook_file_via_blocks(word) == expected[0]
        assert reduction.permutation_via_blocks(word) == expected


def test_10_long_words_played_in_full_with_python_chess():
    """Sampled: 10 words of length 500, every ply checked legal from the start position."""
    rng = random.Random(3)
    for _ in range(10):
        word = [rng.choice(ELEMENTS) for _ in range(500)]
        game = reduction.reduce(word)
        board = play_checked(chess.Board(game.fen), game.moves)
        assert rook_file_of(board) == game.decode(board) == sympy_product(word)[0]


def test_five_boards_recover_the_whole_permutation():
    rng = random.Random(7)
    for _ in range(2):
        word = [rng.choice(ELEMENTS) for _ in range(100)]
        game = reduction.reduce(word)
        finals = [rook_file_of(play_checked(chess.Board(reduction.start_fen(r)), game.moves))
                  for r in range(5)]
        assert tuple(finals) == game.permutation() == sympy_product(word)


def test_no_game_end_rule_is_consulted(monkeypatch):
    def forbidden(self, *args, **kwargs):
        raise AssertionError("the reduction must not consult game-end / repetition rules")

    for name in ("is_game_over", "outcome", "can_claim_draw", "can_claim_threefold_repetition",
                 "can_claim_fifty_moves", "is_repetition", "is_fivefold_repetition",
                 "is_seventyfive_moves"):
        monkeypatch.setattr(chess.Board, name, forbidden)
    rng = random.Random(8)
    word = [rng.choice(ELEMENTS) for _ in range(60)]  # > 75 moves without capture or pawn move
    game = reduction.reduce(word)
    assert len(game.moves) > 150
    assert game.rook_file() == sympy_product(word)[0]
    game.pgn()


def test_pgn_reads_back_in_python_chess_with_the_start_position():
    rng = random.Random(9)
    word = [rng.choice(ELEMENTS) for _ in range(12)]
    game = reduction.reduce(word)
    parsed = chess.pgn.read_game(io.StringIO(game.pgn()))
    assert parsed is not None and not parsed.errors
    assert parsed.headers["SetUp"] == "1"
    assert parsed.headers["FEN"] == reduction.START_FEN
    assert [m.uci() for m in parsed.mainline_moves()] == list(game.moves)
    assert rook_file_of(parsed.end().board()) == sympy_product(word)[0]


def test_decode_refuses_a_board_that_is_not_canonical():
    board = chess.Board(reduction.START_FEN)
    board.push(chess.Move.from_uci("a8a7"))
    with pytest.raises(reduction.ChessStateError, match="not a canonical position"):
        reduction.decode(board)
    with pytest.raises(reduction.ChessStateError):
        reduction.decode(chess.Board())


@pytest.mark.parametrize(
    ("word", "fragment"),
    [([(1, 0, 2, 3)], "size 4"), ([(0, 1, 2, 3, 4), (1, 1, 2, 3, 4)], "position 1"),
     ([(0, 1, 2, 3, 4, 5)], "size 6"), ([(0, 1, 2, 3, 7)], "not a permutation")],
)
def test_bad_words_are_refused(word, fragment):
    with pytest.raises(NotAPermutationError, match=fragment):
        reduction.reduce(word)


def test_an_illegal_move_is_reported_with_its_ply():
    # ply 0 (black) a8a7 is legal; ply 1 is white's, and white has no piece on a8
    with pytest.raises(reduction.IllegalMoveError, match=r"a8b8 \(ply 1\)"):
        reduction.play(["a8a7", "a8b8"])
    # black queen b8 cannot capture its own rook on a8
    with pytest.raises(reduction.IllegalMoveError, match=r"b8a8 \(ply 0\)"):
        reduction.play(["b8a8"])


def test_rook_file_outside_0_to_4_is_refused():
    with pytest.raises(reduction.ChessStateError, match="0..4"):
        reduction.start_fen(5)
