"""Evaluating a boolean formula by playing chess (Barrington 1989 + Merrill et al. 2024).

Barrington's theorem: every boolean formula of depth d is a *width-5 permutation branching
program* of length at most 4^d — a list of instructions "look at variable x_i; emit permutation
g0 if it is 0, g1 if it is 1". The product of the emitted permutations is a fixed 5-cycle alpha
when the formula is true and the identity when it is false. The two tricks:

- ~f: compute f with the cycle alpha⁻¹, then multiply by alpha (alpha⁻¹·alpha = e if f holds);
- f & g: compute f with alpha, g with beta, then f with alpha⁻¹ and g with beta⁻¹; the product
  alpha·beta·alpha⁻¹·beta⁻¹ is a 5-cycle (for well-chosen cycles), and collapses to the
  identity as soon as one of f, g is false. (f | g is ~(~f & ~g).)

So evaluating any NC1 circuit is an S5 word problem, and by Merrill et al.'s Prop 3.3 an S5 word
is a chess game. Put together: the formula is true iff, after the game, the black rook that
started on a8 has left file a (alpha moves 0 to 1; the identity leaves it on 0).

Run:  python examples/09_formula_to_chess.py
"""

from __future__ import annotations

import itertools

import chess

from statecheck.constructions import chess as reduction
from statecheck.constructions.barrington import compile as compile_formula

FORMULA = "(x0 | ~x1) & x2"


def python_value(bits) -> bool:
    """The formula written directly in Python, as the reference."""
    x0, x1, x2 = (bool(b) for b in bits)
    return (x0 or not x1) and x2


def main() -> None:
    program = compile_formula(FORMULA)
    print(f"formula {FORMULA!r}: {program.n} variables, &/| depth {program.depth}, "
          f"{len(program.instructions)} instructions (bound 4^{program.depth} = {4 ** program.depth})")
    print(f"alpha = {program.alpha} (the 5-cycle 0→1→2→3→4→0)")
    for k, (var, g0, g1) in enumerate(program.instructions):
        print(f"  {k:2d}: read x{var}: 0 → {g0}   1 → {g1}")

    print("\nFor every input: the program's word, played as chess from "
          f"{reduction.START_FEN} with python-chess checking every move.")
    print(f"{'x0 x1 x2':>9}  {'plies':>5}  {'rook ends on':>12}  {'chess says':>10}  {'Python says':>11}")
    agree = True
    for bits in itertools.product((0, 1), repeat=program.n):
        word = program.word(bits)
        game = reduction.reduce(word)
        board = game.board(0)  # legality-checked
        rook = game.decode(board)
        by_chess = rook != 0
        agree &= by_chess == python_value(bits)
        print(f"{' '.join(map(str, bits)):>9}  {len(game.moves):>5}  "
              f"{chess.square_name(chess.square(rook, 7)):>12}  {str(by_chess):>10}  "
              f"{str(python_value(bits)):>11}")
    print(f"\nchess agrees with Python on all {2 ** program.n} inputs: {agree}")

    bits = (1, 1, 1)
    board = reduction.reduce(program.word(bits)).board(0)
    print(f"\nfinal board for x = {bits} (true, so the rook has moved to file b = alpha(0)):")
    print(board)


if __name__ == "__main__":
    main()
