"""Claims of the reductions (S5 → Python, S5 → chess, Barrington) for ``statecheck verify``.

- ``chess.*``: the legality proof (every element's block from every canonical position, played
  with python-chess), and two equivalence-checker runs whose reachable pairs close, so they hold
  at **every** word length: the rook's file is the image of 0 under the word's product, and five
  boards give the whole product. The checker's chess stepper replays each block in python-chess
  with every legality check on; its state is the piece placement of the canonical position.
- ``python_reduction.*``: the swap program's variables against the S5 product, checker closed.
- ``barrington.*``: a fixed list of formulas, each checked on all of its 2^n inputs (exhaustive
  for those formulas, not a statement about every formula), and one formula evaluated by chess.
  Both are reported as ``mode="bounded"`` with ``max_length`` the largest number of variables.
"""

from __future__ import annotations

import functools

from statecheck.theory.check import CheckResult, check
from statecheck.theory.claims import Claim, bounded_fact, claim_recorder, fact

__all__ = ["CLAIMS", "BARRINGTON_FORMULAS", "CHESS_FORMULA"]

#: The claims this module registers, in order (also in ``statecheck verify``).
CLAIMS: list[Claim] = []

MERRILL = "Merrill, Petty & Sabharwal 2024"
#: Formulas checked on all their inputs by ``barrington.programs_on_all_inputs``.
BARRINGTON_FORMULAS = (
    "x0", "~x0", "x0 & x1", "x0 | x1", "x0 & ~x0", "(x0 | ~x1) & x2",
    "~(x0 & (x1 | x2)) | (x3 & ~x0)", "((x0 & x1) | (x2 & x3)) & ((x4 | x5) & ~(x0 | x3))",
    "(x0 | x1) & (x2 | x3) & (x4 | x5) & (x6 | x7)",
)
#: Formula evaluated by playing chess in ``barrington.formula_by_chess``.
CHESS_FORMULA = "(x0 | ~x1) & x2"


#: Registers a claim with :func:`statecheck.theory.claims.claim` and records it in :data:`CLAIMS`.
claim = claim_recorder(CLAIMS)


def _symbol(element) -> str:
    return "".join(str(v) for v in element)


def _element(symbol: str) -> tuple[int, ...]:
    return tuple(int(c) for c in symbol)


def _alphabet() -> tuple[str, ...]:
    from statecheck.constructions.chess import all_elements

    return tuple(_symbol(g) for g in all_elements())


class _Stepper:
    """A minimal stepper (initial state, step, output) for the checker."""

    def __init__(self, name, alphabet, initial_state, step, output):
        self.name, self.alphabet, self.initial_state = name, alphabet, initial_state
        self.step, self.output = step, output


def _product_reference() -> _Stepper:
    """S5 product by array composition; output = the product (array form)."""
    from statecheck.constructions.python_reduction import compose

    return _Stepper("S5 product", _alphabet(), (0, 1, 2, 3, 4),
                    lambda state, symbol: compose(state, _element(symbol)), lambda state: state)


@functools.cache
def _play_block(placement: str, symbol: str) -> str:
    """Play the element's block on the canonical placement in python-chess (legality checked)."""
    import chess

    from statecheck.constructions.chess import decode, element_moves, play

    board = play(element_moves(_element(symbol)), chess.Board(f"{placement} b - - 0 1"))
    decode(board)  # raises unless the block ends in a canonical position
    return board.board_fen()


def _rook_file_of(placement: str) -> int:
    return placement.split("/", 1)[0].index("r")


@claim("chess.blocks_legal_from_every_canonical_position",
       source=f"{MERRILL}, Prop 3.3 (legality by induction over the word)")
def _blocks_legal() -> CheckResult:
    from statecheck.constructions.chess import validate_blocks

    report = validate_blocks()
    return fact(report["blocks"] == 600 and report["action"], states_explored=report["blocks"],
                detail=(f"exhaustive: all 120 elements x 5 rook files, {report['plies']} plies, each "
                        "is_legal in python-chess, each block ends canonical with the rook on g[r]; "
                        "legality ignores move clocks, so by induction every word of every length is "
                        "a legal game (no draw rule applied)"))


@claim("chess.rook_file_is_image_of_0_all_lengths", source=f"{MERRILL}, Prop 3.3")
def _rook_file() -> CheckResult:
    from statecheck.constructions.chess import START_FEN

    reference = _Stepper("image of 0 under the product", _alphabet(), 0,
                         lambda point, symbol: _element(symbol)[point], lambda point: point)
    candidate = _Stepper("chess rook (python-chess)", _alphabet(), START_FEN.split(" ")[0],
                         _play_block, _rook_file_of)
    return check(reference, candidate)


@claim("chess.five_boards_give_the_product_all_lengths", source=f"{MERRILL}, Prop 3.3")
def _five_boards() -> CheckResult:
    from statecheck.constructions.chess import start_fen

    def step(boards, symbol):
        return tuple(_play_block(b, symbol) for b in boards)

    boards = tuple(start_fen(r).split(" ")[0] for r in range(5))
    candidate = _Stepper("five chess boards", _alphabet(), boards, step,
                         lambda bs: tuple(_rook_file_of(b) for b in bs))
    return check(_product_reference(), candidate)


@functools.cache
def _swap_code(symbol: str):
    from statecheck.constructions.python_reduction import reduce_to_python

    body = reduce_to_python([_element(symbol)]).split("\n", 1)[1]
    return compile(body, f"<swaps {symbol}>", "exec")


@claim("python_reduction.swap_program_all_lengths", source=f"{MERRILL}, Fig 1")
def _swap_program() -> CheckResult:
    def step(values, symbol):
        namespace = {f"x{p}": v for p, v in enumerate(values)}
        exec(_swap_code(symbol), {"__builtins__": {}}, namespace)
        return tuple(namespace[f"x{p}"] for p in range(5))

    def placement_of_objects(arrangement):  # where each object sits = the product
        where = [0] * 5
        for position, obj in enumerate(arrangement):
            where[obj] = position
        return tuple(where)

    candidate = _Stepper("swap program variables", _alphabet(), (0, 1, 2, 3, 4), step,
                         placement_of_objects)
    return check(_product_reference(), candidate)


@claim("barrington.programs_on_all_inputs", source="Barrington 1989, Thm 1")
def _barrington() -> CheckResult:
    import itertools

    from statecheck.constructions.barrington import compile as compile_formula
    from statecheck.constructions.barrington import evaluate_tree

    identity, inputs, worst, widest = (0, 1, 2, 3, 4), 0, None, 0
    for formula in BARRINGTON_FORMULAS:
        program = compile_formula(formula)
        widest = max(widest, program.n)
        if len(program.instructions) > 4 ** program.depth:
            return bounded_fact(False, max_length=widest, detail=(
                f"{formula!r}: length {len(program.instructions)} > 4^depth"))
        for bits in itertools.product((0, 1), repeat=program.n):
            inputs += 1
            expected = program.alpha if evaluate_tree(program.tree, bits) else identity
            if program.evaluate(bits) != expected:
                worst = (formula, bits)
                return bounded_fact(False, max_length=widest, states_explored=inputs,
                                    detail=f"disagree on {worst!r}")
    return bounded_fact(True, max_length=widest, states_explored=inputs,
                detail=(f"exhaustive over inputs for {len(BARRINGTON_FORMULAS)} fixed formulas "
                        f"({inputs} assignments): product = alpha (a 5-cycle) iff true, identity "
                        "otherwise; length <= 4^depth for each"))


@claim("barrington.formula_by_chess", source=f"Barrington 1989; {MERRILL}, Prop 3.3")
def _formula_by_chess() -> CheckResult:
    import itertools

    from statecheck.constructions.barrington import compile as compile_formula
    from statecheck.constructions.chess import reduce

    program = compile_formula(CHESS_FORMULA)
    for bits in itertools.product((0, 1), repeat=program.n):
        moved = reduce(program.word(bits)).rook_file() != 0
        if moved != program.truth(bits):
            return bounded_fact(False, max_length=program.n,
                                detail=f"{CHESS_FORMULA!r} on {bits}: rook moved={moved}")
    return bounded_fact(True, max_length=program.n, states_explored=2 ** program.n,
                detail=(f"{CHESS_FORMULA!r} on all {2 ** program.n} inputs: the program's word "
                        "played as chess (python-chess legality checks) leaves the rook off file a "
                        "iff the formula is true"))
