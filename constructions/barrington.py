"""Boolean formulas → width-5 permutation branching programs (Barrington 1989, Thm 1).

Barrington (*Bounded-width polynomial-size branching programs recognize exactly those languages
in NC1*, JCSS 1989) shows that a formula of depth ``d`` becomes a width-5 permutation branching
program of length at most ``4^d``. This is why the S5 word problem is NC1-complete (Merrill,
Petty & Sabharwal 2024, §3), and, chained with :mod:`statecheck.constructions.chess`, why
evaluating a formula reduces to tracking a chess game.

**Program.** A list of instructions ``(variable, g0, g1)`` (array-form permutations of 0..4,
DESIGN.md convention); on input ``x`` it yields the word ``g_{x[var]}`` and its product
``P(x) = g_{x[v1]} * … * g_{x[vL]}`` (sympy order, the first instruction applied first). The
program **τ-computes** ``f`` (τ a 5-cycle) if ``P(x) = τ`` when ``f(x)`` is true and
``P(x) = e`` (identity) otherwise. :func:`compile` returns one that ``ALPHA``-computes the formula,
``ALPHA = (1, 2, 3, 4, 0)`` (the 5-cycle 0→1→2→3→4→0).

**Rules** (``build(node, τ)``; ``θ`` found by search among the 120 elements):

- variable ``xi``:  ``[(i, e, τ)]``, length 1;
- ``~a``: ``build(a, τ⁻¹)`` with its last instruction ``(v, h0, h1)`` replaced by
  ``(v, h0*τ, h1*τ)``: product ``τ⁻¹*τ = e`` if ``a``, ``e*τ = τ`` if not; length unchanged;
- ``a & b``: fixed 5-cycles ``α0, β0`` whose commutator ``γ0 = α0*β0*α0⁻¹*β0⁻¹`` is a
  5-cycle; ``θ`` with ``θ⁻¹*γ0*θ = τ``; ``α = θ⁻¹*α0*θ``, ``β = θ⁻¹*β0*θ``;
  ``build(a, α) ‖ build(b, β) ‖ build(a, α⁻¹) ‖ build(b, β⁻¹)``: product ``α*β*α⁻¹*β⁻¹ = τ`` iff
  both hold, ``e`` otherwise (a false factor cancels its inverse); length ``2(|a| + |b|)``;
- ``a | b`` = ``~(~a & ~b)`` (De Morgan), same length as the ``&``.

Hence ``length ≤ 4^depth`` where ``depth`` counts the ``&``/``|`` on the longest root-to-leaf
path (``~`` is free). Syntax: variables ``x0, x1, …``, ``~`` binds tightest, then ``&``, then
``|``; both binary operators associate to the left; parentheses group.

Worked example: ``compile("x0 & x1")`` has 4 instructions, ``(0, e, α), (1, e, β), (0, e, α⁻¹),
(1, e, β⁻¹)`` with ``α*β*α⁻¹*β⁻¹ = ALPHA``; on ``x = (1, 0)`` the word is ``α, e, α⁻¹, e``, whose
product is the identity.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from statecheck.constructions.python_reduction import DEGREE, compose
from statecheck.errors import BudgetExceededError, StatecheckError, UnknownSymbolError

__all__ = [
    "ALPHA",
    "MAX_DEPTH",
    "BranchingProgram",
    "FormulaSyntaxError",
    "UnknownVariableError",
    "compile",
    "depth",
    "evaluate_tree",
    "parse",
]

Perm = tuple[int, ...]

#: The 5-cycle the compiled program outputs on true inputs: 0→1→2→3→4→0.
ALPHA: Perm = (1, 2, 3, 4, 0)
IDENTITY: Perm = tuple(range(DEGREE))
#: Deepest formula accepted (4^8 = 65,536 instructions).
MAX_DEPTH = 8


class FormulaSyntaxError(StatecheckError):
    """A malformed formula; the message gives the character position (0-based)."""


class UnknownVariableError(UnknownSymbolError):
    """A name that is not a variable ``x0, x1, …`` (or one past the stated number of variables)."""


# ----------------------------------------------------------------------------- parsing
_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[&|~()])|(?P<bad>\S))")
_VARIABLE = re.compile(r"x(0|[1-9][0-9]*)")


def _tokens(formula: str) -> list[tuple[str, str, int]]:
    tokens = []
    position = 0
    while position < len(formula):
        match = _TOKEN.match(formula, position)
        if match is None:  # only trailing whitespace is left
            break
        kind = match.lastgroup
        start = match.start(kind)
        if kind == "bad":
            raise FormulaSyntaxError(
                f"unexpected character {match.group(kind)!r} at position {start} of {formula!r}; "
                "expected a variable x0, x1, …, '~', '&', '|', '(' or ')'")
        tokens.append((kind, match.group(kind), start))
        position = match.end()
    tokens.append(("end", "", len(formula)))
    return tokens


class _Parser:
    def __init__(self, formula: str, n: int | None):
        self.formula = formula
        self.n = n
        self.tokens = _tokens(formula)
        self.index = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, expected: str, token, note: str = "") -> FormulaSyntaxError:
        kind, text, position = token
        found = "the end of the formula" if kind == "end" else repr(text)
        return FormulaSyntaxError(
            f"expected {expected} at position {position} of {self.formula!r}{note}, found {found}")

    def formula_tree(self):
        tree = self.disjunction()
        token = self.peek()
        if token[0] != "end":
            raise self.fail("'&', '|' or the end of the formula", token)
        return tree

    def disjunction(self):
        tree = self.conjunction()
        while self.peek()[1] == "|":
            self.take()
            tree = ("or", tree, self.conjunction())
        return tree

    def conjunction(self):
        tree = self.negation()
        while self.peek()[1] == "&":
            self.take()
            tree = ("and", tree, self.negation())
        return tree

    def negation(self):
        kind, text, position = token = self.take()
        if text == "~" and kind == "op":
            return ("not", self.negation())
        if text == "(" and kind == "op":
            tree = self.disjunction()
            closing = self.take()
            if closing[1] != ")":
                raise self.fail("')'", closing, f" (to close the '(' at position {position})")
            return tree
        if kind == "name":
            match = _VARIABLE.fullmatch(text)
            if match is None:
                raise UnknownVariableError(
                    f"unknown variable {text!r} at position {position} of {self.formula!r}; "
                    "variables are x0, x1, x2, … (no leading zeros)")
            index = int(match.group(1))
            if self.n is not None and index >= self.n:
                raise UnknownVariableError(
                    f"unknown variable {text!r} at position {position} of {self.formula!r}; "
                    f"expected x0 … x{self.n - 1} (n={self.n})")
            return ("var", index)
        raise self.fail("a variable, '~' or '('", token)


def parse(formula: str, n: int | None = None):
    """Parse ``formula`` into a tree of tuples ``("var", i)``, ``("not", a)``, ``("and", a, b)``,
    ``("or", a, b)``.

    Parameters
    ----------
    formula : str
        Over ``x0 … x{n-1}`` with ``&``, ``|``, ``~`` and parentheses.
    n : int, optional
        Number of variables; a variable ``xi`` with ``i >= n`` is then unknown.

    Raises
    ------
    FormulaSyntaxError
        With the 0-based character position of the problem.
    UnknownVariableError
        A name other than ``x<digits>``, or past ``n``.
    """
    if not isinstance(formula, str):
        raise FormulaSyntaxError(f"a formula must be a string, got {formula!r}")
    if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 0):
        raise FormulaSyntaxError(f"n must be a non-negative integer, got {n!r}")
    return _Parser(formula, n).formula_tree()


def depth(tree) -> int:
    """Number of ``&``/``|`` on the longest root-to-leaf path (``~`` does not count)."""
    kind = tree[0]
    if kind == "var":
        return 0
    if kind == "not":
        return depth(tree[1])
    return 1 + max(depth(tree[1]), depth(tree[2]))


def _variables(tree) -> set[int]:
    if tree[0] == "var":
        return {tree[1]}
    return set().union(*(_variables(child) for child in tree[1:]))


def evaluate_tree(tree, assignment: Sequence[int]) -> bool:
    """Evaluate a parsed formula directly (the reference semantics)."""
    kind = tree[0]
    if kind == "var":
        return bool(assignment[tree[1]])
    if kind == "not":
        return not evaluate_tree(tree[1], assignment)
    left, right = evaluate_tree(tree[1], assignment), evaluate_tree(tree[2], assignment)
    return (left and right) if kind == "and" else (left or right)


# ----------------------------------------------------------------------------- permutations
def _inverse(p: Perm) -> Perm:
    result = [0] * len(p)
    for i, image in enumerate(p):
        result[image] = i
    return tuple(result)


def _is_five_cycle(p: Perm) -> bool:
    point, steps = 0, 0
    while True:
        point, steps = p[point], steps + 1
        if point == 0:
            return steps == DEGREE


def _commutator(a: Perm, b: Perm) -> Perm:
    return compose(compose(compose(a, b), _inverse(a)), _inverse(b))


@functools.lru_cache(maxsize=1)
def _commutator_pair() -> tuple[Perm, Perm, Perm]:
    """The lexicographically first 5-cycles ``α0, β0`` whose commutator ``γ0`` is a 5-cycle."""
    cycles = [p for p in itertools.permutations(range(DEGREE)) if _is_five_cycle(p)]
    for a in cycles:
        for b in cycles:
            gamma = _commutator(a, b)
            if _is_five_cycle(gamma):
                return a, b, gamma
    raise AssertionError("S5 has 5-cycles with a 5-cycle commutator")  # pragma: no cover


@functools.cache
def _and_cycles(target: Perm) -> tuple[Perm, Perm]:
    """``α, β`` (conjugates of ``α0, β0``) with commutator ``target``."""
    a0, b0, g0 = _commutator_pair()
    for theta in itertools.permutations(range(DEGREE)):
        inv = _inverse(theta)
        if compose(compose(inv, g0), theta) == target:
            return compose(compose(inv, a0), theta), compose(compose(inv, b0), theta)
    raise AssertionError(f"{target} is not a 5-cycle")  # pragma: no cover


@functools.cache
def _build(tree, target: Perm) -> tuple[tuple[int, Perm, Perm], ...]:
    kind = tree[0]
    if kind == "var":
        return ((tree[1], IDENTITY, target),)
    if kind == "not":
        inner = _build(tree[1], _inverse(target))
        var, h0, h1 = inner[-1]
        return inner[:-1] + ((var, compose(h0, target), compose(h1, target)),)
    if kind == "or":
        return _build(("not", ("and", ("not", tree[1]), ("not", tree[2]))), target)
    alpha, beta = _and_cycles(target)
    return (_build(tree[1], alpha) + _build(tree[2], beta)
            + _build(tree[1], _inverse(alpha)) + _build(tree[2], _inverse(beta)))


# ----------------------------------------------------------------------------- program
@dataclass(frozen=True)
class BranchingProgram:
    """A width-5 permutation branching program that ``alpha``-computes ``formula``.

    Attributes
    ----------
    formula : str
        The source formula.
    n : int
        Number of variables (``x0 … x{n-1}``): the largest index used plus one, or the ``n``
        given to :func:`compile`.
    instructions : tuple of (int, tuple, tuple)
        ``(variable, g0, g1)``; the instruction yields ``g_{x[variable]}``.
    alpha : tuple of int
        The 5-cycle output on true inputs (:data:`ALPHA`).
    depth : int
        ``&``/``|`` depth of the formula; ``len(instructions) <= 4**depth``.
    tree : tuple
        The parsed formula (see :func:`parse`).
    """

    formula: str
    n: int
    instructions: tuple[tuple[int, Perm, Perm], ...]
    alpha: Perm
    depth: int
    tree: tuple

    def _assignment(self, assignment: Sequence[int]) -> tuple[int, ...]:
        values = tuple(assignment)
        if len(values) != self.n or any(v not in (0, 1) or isinstance(v, float) for v in values):
            raise UnknownSymbolError(
                f"assignment {values!r} must be {self.n} bits (0/1) for x0 … x{self.n - 1}")
        return tuple(int(v) for v in values)

    def word(self, assignment: Sequence[int]) -> tuple[Perm, ...]:
        """The permutations ``g_{x[var]}`` the instructions yield on ``assignment`` (0/1 per var)."""
        x = self._assignment(assignment)
        return tuple(g1 if x[var] else g0 for var, g0, g1 in self.instructions)

    def evaluate(self, assignment: Sequence[int]) -> Perm:
        """The program's product on ``assignment``: ``alpha`` or the identity."""
        result = IDENTITY
        for g in self.word(assignment):
            result = compose(result, g)
        return result

    def accepts(self, assignment: Sequence[int]) -> bool:
        """``evaluate(assignment) == alpha``."""
        return self.evaluate(assignment) == self.alpha

    def truth(self, assignment: Sequence[int]) -> bool:
        """The formula's value on ``assignment``, evaluated directly on the parse tree."""
        return evaluate_tree(self.tree, self._assignment(assignment))


def compile(formula: str, n: int | None = None) -> BranchingProgram:  # noqa: A001
    """Compile a boolean formula into a width-5 permutation branching program (Barrington 1989).

    Parameters
    ----------
    formula : str
        Over ``x0 … x{n-1}`` with ``&``, ``|``, ``~`` and parentheses, e.g. ``"(x0 | ~x1) & x2"``.
    n : int, optional
        Number of variables; by default the largest index used plus one.

    Returns
    -------
    BranchingProgram
        ``instructions`` (``(variable, g0, g1)``), ``alpha`` (:data:`ALPHA`); the product of
        ``g_{x_var}`` is ``alpha`` iff the formula is true, the identity otherwise;
        ``len(instructions) <= 4**depth`` (rules in the module docstring).

    Raises
    ------
    FormulaSyntaxError
        Malformed formula (the message says at which position).
    UnknownVariableError
        A name that is not ``x<i>`` (or ``i >= n``).
    BudgetExceededError
        ``&``/``|`` depth above :data:`MAX_DEPTH`.
    """
    tree = parse(formula, n)
    formula_depth = depth(tree)
    if formula_depth > MAX_DEPTH:
        raise BudgetExceededError(
            f"formula {formula!r} has &/| depth {formula_depth}; at most {MAX_DEPTH} is compiled "
            f"(the program would have up to 4^{formula_depth} instructions)")
    count = n if n is not None else max(_variables(tree)) + 1
    return BranchingProgram(formula=formula, n=count, instructions=_build(tree, ALPHA),
                            alpha=ALPHA, depth=formula_depth, tree=tree)
