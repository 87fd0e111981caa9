"""S5 word problem → a Python program of swap statements (Merrill, Petty & Sabharwal 2024, Fig 1).

Merrill et al. (ICML 2024, Fig 1 and §3) illustrate that tracking the values of variables through
a program of swaps is as hard as the S5 word problem: every permutation of five positions is a
product of transpositions, and a transposition of positions ``i, j`` is the Python statement
``xi, xj = xj, xi``.

Convention (DESIGN.md, binding): a permutation is in array form, ``g[i]`` is the position the
object at position ``i`` goes to; a word ``g1 … gk`` is applied left to right and its product is
sympy's ``g1*g2*…*gk`` (``p*q`` applies ``p`` first).

The reduction is per element (NC0): element ``g`` becomes the swaps of
:func:`transpositions` ``(g)``, a function of ``g`` alone, and the program is the concatenation.

Worked example::

    >>> print(reduce_to_python([(1, 0, 2, 3, 4), (0, 2, 1, 3, 4)]))
    x0, x1, x2, x3, x4 = 0, 1, 2, 3, 4
    x0, x1 = x1, x0
    x1, x2 = x2, x1
    >>> run_program(reduce_to_python([(1, 0, 2, 3, 4), (0, 2, 1, 3, 4)]))
    (1, 2, 0, 3, 4)

Variable ``xp`` holds the *object* (its starting position) now at position ``p``; so the tuple
``(x0, …, x4)`` after the program, the word's **arrangement**, is the inverse of the product:
``arrangement[product[o]] = o``. Above, the product sends 0 → 1 → 2, so ``x2 = 0``.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence

from statecheck.errors import BudgetExceededError, NotAPermutationError

__all__ = [
    "DEGREE",
    "MAX_WORD_LENGTH",
    "arrangement",
    "as_permutation",
    "compose",
    "product",
    "reduce_to_python",
    "run_program",
    "swap_statement",
    "transpositions",
    "validate_word",
]

#: Number of positions (S5).
DEGREE = 5
#: Longest word accepted (elements); past it a :class:`BudgetExceededError`.
MAX_WORD_LENGTH = 1_000_000

VARIABLES = tuple(f"x{p}" for p in range(DEGREE))


def as_permutation(element, *, position: int | None = None, degree: int = DEGREE) -> tuple[int, ...]:
    """Return ``element`` as an array-form tuple after checking it permutes ``0..degree-1``.

    Parameters
    ----------
    element : sequence of int
        Array form, ``element[i]`` = where the object at position ``i`` goes.
    position : int, optional
        Its position in a word, named in the error message.
    degree : int
        Number of points (5 for S5).

    Raises
    ------
    NotAPermutationError
        Wrong size, a non-integer entry, or not a bijection of ``0..degree-1``.
    """
    where = "" if position is None else f" at position {position} of the word"
    if isinstance(element, (str, bytes)) or not isinstance(element, Iterable):
        raise NotAPermutationError(
            f"element {element!r}{where} is not a sequence of {degree} integers (array form)")
    values = tuple(element)
    if len(values) != degree:
        raise NotAPermutationError(
            f"element {values!r}{where} has size {len(values)}; expected a permutation of "
            f"0..{degree - 1} (size {degree})")
    try:
        if any(isinstance(v, bool) for v in values):
            raise TypeError
        values = tuple(operator.index(v) for v in values)  # ints, numpy integers
    except TypeError:
        raise NotAPermutationError(f"element {values!r}{where} has non-integer entries") from None
    if sorted(values) != list(range(degree)):
        raise NotAPermutationError(
            f"element {values!r}{where} is not a permutation of 0..{degree - 1} "
            "(every value must occur exactly once)")
    return values


def validate_word(word, *, degree: int = DEGREE) -> tuple[tuple[int, ...], ...]:
    """Check every element of ``word`` (see :func:`as_permutation`) and return it as a tuple.

    Raises
    ------
    NotAPermutationError
        For the first bad element, naming its position.
    BudgetExceededError
        A word longer than :data:`MAX_WORD_LENGTH`.
    """
    if isinstance(word, (str, bytes)) or not isinstance(word, Iterable):
        raise NotAPermutationError(
            f"a word must be a sequence of permutations (array-form tuples), got {word!r}")
    word = list(word)
    if len(word) > MAX_WORD_LENGTH:
        raise BudgetExceededError(
            f"word of length {len(word)} exceeds the limit of {MAX_WORD_LENGTH} elements")
    return tuple(as_permutation(g, position=k, degree=degree) for k, g in enumerate(word))


def compose(p: Sequence[int], q: Sequence[int]) -> tuple[int, ...]:
    """``p*q`` in sympy's order (apply ``p`` first): ``(p*q)[i] = q[p[i]]``."""
    return tuple(q[p[i]] for i in range(len(p)))


def product(word: Sequence[Sequence[int]], *, degree: int = DEGREE) -> tuple[int, ...]:
    """The product ``g1*g2*…*gk`` of a (validated) word; the identity for the empty word."""
    result = tuple(range(degree))
    for g in word:
        result = compose(result, g)
    return result


def transpositions(element: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """Factor a permutation into at most ``degree - 1`` transpositions ``(i, j)``, ``i < j``.

    Applying the swaps of positions in the returned order moves the object at position ``i`` to
    ``element[i]``, i.e. ``t1*t2*…*tm == element`` in sympy's order. The factorisation is a
    selection sort: for target position ``t = 0, 1, …`` the object that belongs there,
    ``o = element⁻¹[t]``, is swapped in from where it currently is, if it is elsewhere.

    It reads ``element`` only (no other element of a word), which makes every reduction built on
    it a per-element (NC0) map.
    """
    degree = len(element)
    inverse = [0] * degree
    for i, image in enumerate(element):
        inverse[image] = i
    where = list(range(degree))  # where[o] = current position of the object that started at o
    at = list(range(degree))  # at[p] = object currently at position p
    swaps = []
    for target in range(degree):
        obj = inverse[target]
        source = where[obj]
        if source == target:
            continue
        other = at[target]
        at[target], at[source] = obj, other
        where[obj], where[other] = target, source
        swaps.append((min(target, source), max(target, source)))
    return tuple(swaps)


def swap_statement(i: int, j: int) -> str:
    """The Python statement swapping the contents of positions ``i`` and ``j``."""
    return f"{VARIABLES[i]}, {VARIABLES[j]} = {VARIABLES[j]}, {VARIABLES[i]}"


def reduce_to_python(word) -> str:
    """Emit a Python program of swap statements that tracks ``word`` (Merrill et al. 2024, Fig 1).

    Parameters
    ----------
    word : sequence of sequences of int
        Permutations of ``0..4`` in array form, applied left to right.

    Returns
    -------
    str
        Line 1 initialises ``x0, …, x4 = 0, …, 4`` (variable ``xp`` holds the object at
        position ``p``); then one line ``xi, xj = xj, xi`` per transposition of
        :func:`transpositions` of each element, in word order. Executed in an empty namespace,
        ``(x0, …, x4)`` is :func:`arrangement` ``(word)``.

    Raises
    ------
    NotAPermutationError
        An element that is not a permutation of ``0..4`` (wrong size, repeated value).
    """
    word = validate_word(word)
    lines = [f"{', '.join(VARIABLES)} = {', '.join(str(p) for p in range(DEGREE))}"]
    for element in word:
        lines.extend(swap_statement(i, j) for i, j in transpositions(element))
    return "\n".join(lines) + "\n"


def run_program(program: str) -> tuple[int, ...]:
    """Execute ``program`` in an empty namespace and return ``(x0, …, x4)``."""
    namespace: dict = {"__builtins__": {}}
    exec(program, namespace)  # noqa: S102 (our own generated swaps)
    return tuple(namespace[v] for v in VARIABLES)


def arrangement(word) -> tuple[int, ...]:
    """Which object sits at each position after ``word``: the inverse of :func:`product`.

    ``arrangement(word)[p] = o`` iff ``product(word)[o] = p``.
    """
    prod = product(validate_word(word))
    result = [0] * DEGREE
    for obj, pos in enumerate(prod):
        result[pos] = obj
    return tuple(result)
