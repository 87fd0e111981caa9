"""S5 word problem → chess state tracking (Merrill, Petty & Sabharwal 2024, Prop 3.3).

Merrill et al. (ICML 2024, Prop 3.3) reduce the S5 word problem to tracking the state of a chess
game given its moves in UCI notation, with an NC0 (per-element) map. The position is

    rqqqq3/8/8/8/8/8/PP6/K6k b - - 0 1

a black rook and four black queens on a8–e8 (files 0–4), the white king on a1 walled in by
pawns a2, b2, the black king on h1, black to move. The rook marks the object that started at
position 0.

**Transposition block.** Swapping the pieces on files ``i < j`` of rank 8 is the 12-ply block
(``F`` = file letter, white's king shuffles a1↔b1 in between)::

    Fi8Fi7  a1b1  Fj8Fj6  b1a1  Fi7Fj7  a1b1  Fj6Fi6  b1a1  Fj7Fj8  a1b1  Fi6Fi8  b1a1

for files a and c: ``a8a7 a1b1 c8c6 b1a1 a7c7 a1b1 c6a6 b1a1 c7c8 a1b1 a6a8 b1a1``. After it the
piece placement, side to move (black), castling rights (none) and en-passant square (none) are
those of a *canonical* position again — rook on some file of rank 8, queens on the other four of
a8–e8, kings and pawns fixed — with the two pieces exchanged.

**Element map (NC0).** Element ``g`` (array form, ``g[p]`` = where the object at position ``p``
goes; DESIGN.md) becomes the blocks of its transpositions
(:func:`statecheck.constructions.python_reduction.transpositions`: at most 4, so at most 48 plies),
a function of ``g`` alone: ``moves(g1 … gk) = element_moves(g1) ‖ … ‖ element_moves(gk)``.
The rook, starting on file ``r``, ends on file ``(g1*…*gk)[r]`` (sympy order, ``g1`` first);
from ``r = 0`` that is the image of position 0 under the word's product, and the five boards
``r = 0..4`` together give the whole permutation (:meth:`ChessReduction.permutation`).

**Legality at every length (proof by induction).** Whether a move is legal depends only on the
piece placement, side to move, castling rights and en-passant square — not on the move clocks.
Between elements the position is canonical, and a canonical position is fixed by the rook's file
(queens are interchangeable). So if every element's block is legal from each of the 5 canonical
positions and ends in a canonical one (:func:`validate_blocks`: 120 elements × 5 files, played
with python-chess ``is_legal``), every word of every length is a legal game. The paper ignores
draws: no repetition, fifty- or seventy-five-move rule is applied or consulted here (python-chess
ends games by them only in ``outcome()``/``is_game_over()``, which this module never calls; its
repetition checks replay the whole stack, quadratic on long games).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import chess
import chess.pgn

from statecheck.constructions.python_reduction import (
    DEGREE,
    product,
    transpositions,
    validate_word,
)
from statecheck.errors import StatecheckError

__all__ = [
    "ChessReduction",
    "ChessStateError",
    "IllegalMoveError",
    "START_FEN",
    "all_elements",
    "block_map",
    "canonical_board",
    "decode",
    "element_moves",
    "expected_rook_file",
    "permutation_via_blocks",
    "play",
    "reduce",
    "rook_file_via_blocks",
    "start_fen",
    "transposition_moves",
    "validate_blocks",
]

FILES = "abcdefgh"
#: Start position of the reduction (rook on file a = position 0).
START_FEN = "rqqqq3/8/8/8/8/8/PP6/K6k b - - 0 1"
#: The white king's shuffle, one move after each black move of a block.
WHITE_SHUFFLE = ("a1b1", "b1a1")
#: The fixed part of every canonical position (ranks 7 to 1).
_FIXED_RANKS = "8/8/8/8/8/PP6/K6k"


class IllegalMoveError(StatecheckError):
    """A move that python-chess does not accept as legal in the position where it is played."""


class ChessStateError(StatecheckError):
    """A board that is not a canonical position of the reduction (cannot be decoded)."""


def start_fen(rook_file: int = 0) -> str:
    """FEN of the canonical position with the rook on ``rook_file`` (0–4) of rank 8.

    ``start_fen(0) == START_FEN``.

    Raises
    ------
    ChessStateError
        ``rook_file`` outside 0..4.
    """
    if not isinstance(rook_file, int) or not 0 <= rook_file < DEGREE:
        raise ChessStateError(f"rook file must be an integer in 0..{DEGREE - 1}, got {rook_file!r}")
    rank8 = "".join("r" if f == rook_file else "q" for f in range(DEGREE)) + str(8 - DEGREE)
    return f"{rank8}/{_FIXED_RANKS} b - - 0 1"


def canonical_board(rook_file: int = 0) -> chess.Board:
    """A python-chess board at :func:`start_fen` ``(rook_file)``."""
    return chess.Board(start_fen(rook_file))


def transposition_moves(i: int, j: int) -> tuple[str, ...]:
    """The 12-ply block (UCI) exchanging the pieces on files ``i`` and ``j`` of rank 8.

    With ``a = min(i, j)``, ``b = max(i, j)`` as letters: the piece on ``a`` steps to rank 7,
    the one on ``b`` to rank 6, the rank-7 piece crosses to file ``b``, the rank-6 piece to file
    ``a``, and both return to rank 8; white plays a1b1/b1a1 after each black move.
    """
    if i == j or not (0 <= i < DEGREE and 0 <= j < DEGREE):
        raise ChessStateError(f"a transposition needs two distinct files in 0..{DEGREE - 1}, "
                              f"got ({i}, {j})")
    a, b = FILES[min(i, j)], FILES[max(i, j)]
    black = (f"{a}8{a}7", f"{b}8{b}6", f"{a}7{b}7", f"{b}6{a}6", f"{b}7{b}8", f"{a}6{a}8")
    moves = []
    for k, move in enumerate(black):
        moves.extend((move, WHITE_SHUFFLE[k % 2]))
    return tuple(moves)


@functools.cache
def _element_moves(element: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(m for i, j in transpositions(element) for m in transposition_moves(i, j))


def element_moves(element: Sequence[int]) -> tuple[str, ...]:
    """The moves of one element: its transpositions' blocks in order (a function of it alone)."""
    (element,) = validate_word([element])
    return _element_moves(element)


def all_elements() -> tuple[tuple[int, ...], ...]:
    """The 120 elements of S5 in array form, lexicographic (identity first)."""
    from itertools import permutations

    return tuple(permutations(range(DEGREE)))


def _uci_move(board: chess.Board, uci: str, ply: int) -> chess.Move:
    move = chess.Move.from_uci(uci)
    if not board.is_legal(move):
        raise IllegalMoveError(f"move {uci} (ply {ply}) is illegal in {board.fen()}")
    return move


def play(moves: Sequence[str], board: chess.Board | None = None, *, check_legal: bool = True,
         start_ply: int = 0) -> chess.Board:
    """Push ``moves`` on ``board`` (a copy of :data:`START_FEN` if omitted) and return it.

    Each move is checked with python-chess ``Board.is_legal`` before ``Board.push``; no game-end
    rule (repetition, 75 moves) is consulted.

    Parameters
    ----------
    moves : sequence of str
        UCI moves.
    board : chess.Board, optional
        The position to play from; it is modified in place.
    check_legal : bool
        Check each move with ``is_legal`` (default). ``False`` only for positions already covered
        by :func:`validate_blocks`.
    start_ply : int
        Number of the first move in error messages.

    Raises
    ------
    IllegalMoveError
        The first illegal move, with its ply number and the position.
    """
    board = chess.Board(START_FEN) if board is None else board
    for ply, uci in enumerate(moves, start=start_ply):
        move = _uci_move(board, uci, ply) if check_legal else chess.Move.from_uci(uci)
        board.push(move)
    return board


def decode(board: chess.Board) -> int:
    """The rook's file (0–4) in a canonical position of the reduction.

    Raises
    ------
    ChessStateError
        The board is not canonical (pieces off a8–e8, kings or pawns moved, white to move).
    """
    placement = board.board_fen()
    rank8, _, rest = placement.partition("/")
    canonical = (rest == _FIXED_RANKS and board.turn == chess.BLACK
                 and len(rank8) == DEGREE + 1 and rank8[-1] == str(8 - DEGREE)
                 and sorted(rank8[:DEGREE]) == sorted("r" + "q" * (DEGREE - 1)))
    if not canonical:
        raise ChessStateError(
            f"board {board.fen()!r} is not a canonical position of the reduction (expected a rook "
            f"and four queens on a8-e8, {_FIXED_RANKS!r} below, black to move)")
    return rank8.index("r")


@dataclass(frozen=True)
class ChessReduction:
    """The chess game of an S5 word (Merrill et al. 2024, Prop 3.3); built by :func:`reduce`.

    Attributes
    ----------
    word : tuple of tuple of int
        The validated word (array forms).
    fen : str
        The start position, :data:`START_FEN`.
    blocks : tuple of tuple of str
        ``blocks[k] = element_moves(word[k])``: the UCI moves of element ``k`` alone.
    """

    word: tuple[tuple[int, ...], ...]
    fen: str
    blocks: tuple[tuple[str, ...], ...]

    @property
    def moves(self) -> tuple[str, ...]:
        """All UCI moves, the concatenation of :attr:`blocks`."""
        return tuple(m for block in self.blocks for m in block)

    def decode(self, board: chess.Board) -> int:
        """The rook's file on ``board`` (see :func:`decode`)."""
        return decode(board)

    def board(self, rook_file: int = 0, *, check_legal: bool = True) -> chess.Board:
        """Play the game from the canonical position with the rook on ``rook_file``."""
        return play(self.moves, canonical_board(rook_file), check_legal=check_legal)

    def rook_file(self, *, check_legal: bool = True) -> int:
        """Final rook file from the start position: the image of 0 under the word's product."""
        return decode(self.board(0, check_legal=check_legal))

    def permutation(self, *, check_legal: bool = True) -> tuple[int, ...]:
        """The word's product in array form, read off five boards (rook starting on each file)."""
        return tuple(decode(self.board(r, check_legal=check_legal)) for r in range(DEGREE))

    def pgn(self, *, event: str = "statecheck: S5 word problem as chess (Merrill et al. 2024, "
                                  "Prop 3.3)") -> str:
        """The game as PGN text with ``SetUp``/``FEN`` headers, moves checked legal while written."""
        # Game.from_board would call board.result() → outcome() → the repetition rules.
        game = chess.pgn.Game()
        game.setup(chess.Board(self.fen))
        board = chess.Board(self.fen)
        node = game
        for ply, uci in enumerate(self.moves):
            move = _uci_move(board, uci, ply)
            board.push(move)
            node = node.add_variation(move)
        game.headers["Event"] = event
        game.headers["Site"] = "statecheck"
        game.headers["White"] = "white king shuffle"
        game.headers["Black"] = f"S5 word of length {len(self.word)}"
        game.headers["Result"] = "*"
        return str(game) + "\n"


def reduce(word) -> ChessReduction:
    """Reduce an S5 word to a chess game (Merrill et al. 2024, Prop 3.3).

    Parameters
    ----------
    word : sequence of sequences of int
        Permutations of ``0..4`` in array form, applied left to right.

    Returns
    -------
    ChessReduction
        ``fen`` (:data:`START_FEN`), ``moves`` (UCI), ``blocks`` (per element), ``decode(board)``.

    Raises
    ------
    NotAPermutationError
        An element of the wrong size or not a permutation (its position is named).
    """
    word = validate_word(word)
    return ChessReduction(word=word, fen=START_FEN, blocks=tuple(_element_moves(g) for g in word))


@functools.lru_cache(maxsize=1)
def block_map() -> dict[tuple[tuple[int, ...], int], int]:
    """``{(element, rook_file): rook file after the element's block}``, played in python-chess.

    Every block is played from the canonical position with every legality check on, and must end
    canonical (:func:`decode`); this is the validation behind the induction proof in the module
    docstring. 600 blocks, about 16,000 plies.

    Raises
    ------
    IllegalMoveError, ChessStateError
        If some block were illegal or did not end canonical (the proof would fail).
    """
    table = {}
    for element in all_elements():
        moves = _element_moves(element)
        for rook_file in range(DEGREE):
            table[element, rook_file] = decode(play(moves, canonical_board(rook_file)))
    return table


def validate_blocks() -> dict:
    """Run :func:`block_map` and report what it proves.

    Returns
    -------
    dict
        ``blocks`` (600), ``plies`` checked, ``max_plies_per_element`` (48) and ``action``:
        whether the chess result equals the element's action on the rook file, ``g[r]``, for all.
    """
    table = block_map()
    plies = sum(len(_element_moves(g)) for g in all_elements()) * DEGREE
    action = all(table[g, r] == g[r] for g, r in table)
    return {"blocks": len(table), "plies": plies,
            "max_plies_per_element": max(len(_element_moves(g)) for g in all_elements()),
            "action": action}


def rook_file_via_blocks(word, start: int = 0) -> int:
    """Final rook file from the rook on ``start``, by the validated :func:`block_map`.

    Equal to playing the whole game in python-chess (by the induction in the module docstring)
    but without replaying every ply; used to check many long words quickly.
    """
    return _walk(validate_word(word), start)


def _walk(word: tuple[tuple[int, ...], ...], start: int) -> int:
    table = block_map()
    rook = start
    for g in word:
        rook = table[g, rook]
    return rook


def permutation_via_blocks(word) -> tuple[int, ...]:
    """The word's product read off five rook starts through :func:`block_map`."""
    word = validate_word(word)
    return tuple(_walk(word, r) for r in range(DEGREE))


def expected_rook_file(word) -> int:
    """Image of position 0 under the word's product, by array composition (the reference)."""
    return product(validate_word(word))[0]

