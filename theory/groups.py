"""Finite permutation groups with indexed elements, a multiplication table and a Cayley DFA.

The word problem of a finite group G is the language of words over G's elements whose product
is the identity (Merrill, Petty & Sabharwal 2024, *The Illusion of State in State-Space Models*,
ICML, §3; Barrington 1989 for S5/A5 being NC¹-complete). This module gives each group a fixed
indexing of its elements so that words are tuples of indices:

- ``elements[0]`` is the identity; the others are sorted by sympy's ``array_form``;
- ``mul_table[i, j]`` is the index of ``elements[i] * elements[j]`` (sympy's ``p*q`` applies
  ``p`` first, so a word ``g1 g2 … gk`` is applied left to right and its product is
  ``g1*g2*…*gk``).

Names understood by :func:`get`: ``S<n>`` (symmetric), ``A<n>`` (alternating), ``Z<n>``
(cyclic), ``D<n>`` (dihedral of order ``2n``, sympy's ``DihedralGroup(n)``) and direct products
joined by ``x`` (``A4xZ5``, ``Z2xZ2xZ3``, built with sympy's ``DirectProduct``).

Examples
--------
>>> from statecheck.theory import groups
>>> g = groups.get("A4xZ5")
>>> g.order, g.is_solvable, g.is_abelian
(60, True, False)
>>> g.product([]), g.product([1, g.inverse[1]])
(0, 0)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cached_property

import numpy as np
from sympy.combinatorics import Permutation, PermutationGroup
from sympy.combinatorics.group_constructs import DirectProduct
from sympy.combinatorics.named_groups import (
    AlternatingGroup,
    CyclicGroup,
    DihedralGroup,
    SymmetricGroup,
)

from statecheck.errors import (
    BadParameterError,
    BudgetExceededError,
    NotAPermutationError,
    UnknownNameError,
    UnknownSymbolError,
)

__all__ = ["FiniteGroup", "get", "names", "MAX_ORDER", "MAX_TABLE_ORDER"]

#: Largest group order :func:`get` accepts (S8, of order 40,320, is allowed; S9 is not).
MAX_ORDER = 100_000
#: Largest order for which :attr:`FiniteGroup.mul_table` and :meth:`FiniteGroup.cayley_dfa` are
#: built (a table of ``order²`` entries: 5,040² int32 is about 100 MB).
MAX_TABLE_ORDER = 5_040

_FACTOR = re.compile(r"^([SAZD])(0|[1-9][0-9]*)$")
_ACCEPTED = (
    "S<n> (symmetric, n>=1), A<n> (alternating, n>=3), Z<n> (cyclic, n>=1), "
    "D<n> (dihedral of order 2n, n>=3), or a direct product joined by 'x' such as 'A4xZ5'"
)
_KIND = {"S": "symmetric", "A": "alternating", "Z": "cyclic", "D": "dihedral"}
_MIN_SIZE = {"S": 1, "A": 3, "Z": 1, "D": 3}


def _factor_order(kind: str, n: int) -> int:
    if kind == "S":
        return math.factorial(n)
    if kind == "A":
        return math.factorial(n) // 2
    if kind == "Z":
        return n
    return 2 * n


def _factor_group(kind: str, n: int) -> PermutationGroup:
    return {"S": SymmetricGroup, "A": AlternatingGroup, "Z": CyclicGroup, "D": DihedralGroup}[kind](n)


def _check_order(order: int, name: str) -> None:
    if order > MAX_ORDER:
        raise BudgetExceededError(
            f"group {name!r} has order {order}, past the limit of {MAX_ORDER} elements"
        )


class FiniteGroup:
    """A finite permutation group with a fixed indexing of its elements.

    Parameters
    ----------
    perm_group : sympy.combinatorics.PermutationGroup
        The group.
    name : str, optional
        Its name (``"S5"``, ``"A4xZ5"``); by default ``"PermGroup(order=N,degree=D)"``.

    Attributes
    ----------
    name : str
        The group's name.
    perm_group : PermutationGroup
        The sympy group.
    degree : int
        Number of points permuted.
    order : int
        Number of elements.
    elements : tuple of sympy.combinatorics.Permutation
        Index 0 is the identity; the rest are sorted by ``array_form``.
    symbols : tuple of str
        ``("0", …, str(order - 1))``, the alphabet of the word problem.

    Raises
    ------
    BudgetExceededError
        If the order exceeds :data:`MAX_ORDER`.
    """

    def __init__(self, perm_group: PermutationGroup, name: str | None = None):
        if not isinstance(perm_group, PermutationGroup):
            raise BadParameterError(
                f"expected a sympy PermutationGroup, got {type(perm_group).__name__}"
            )
        order = int(perm_group.order())
        degree = int(perm_group.degree)
        self.name = name if name is not None else f"PermGroup(order={order},degree={degree})"
        _check_order(order, self.name)
        self.perm_group = perm_group
        self.degree = degree
        self.order = order
        arrays = sorted(tuple(int(x) for x in g.array_form) for g in perm_group.generate())
        # The identity (0, 1, …, d-1) is the lexicographically least array form, so it comes first.
        self._arrays = np.array(arrays, dtype=np.int64).reshape(order, degree)
        self._arrays.flags.writeable = False
        self._position = {a: i for i, a in enumerate(arrays)}
        self.elements = tuple(Permutation(list(a), size=degree) for a in arrays)
        self.symbols = tuple(str(i) for i in range(order))
        self._keys, self._key_order = self._make_keys()

    def __repr__(self) -> str:
        return f"FiniteGroup({self.name!r}, order={self.order}, degree={self.degree})"

    # -- fast lookup of array forms ------------------------------------------------------------
    def _make_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """A 64-bit key per element (a random linear hash of the array form) that is injective
        on the group; products are always group elements, so a key lookup is exact."""
        for seed in range(16):
            weights = np.random.default_rng(seed).integers(1, 2**62, size=self.degree, dtype=np.int64)
            with np.errstate(over="ignore"):
                keys = self._arrays @ weights
            order = np.argsort(keys, kind="stable")
            if np.all(np.diff(keys[order]) != 0):
                self._weights = weights
                return keys[order], order
        raise RuntimeError("no injective hash found for the group's elements")  # pragma: no cover

    def _lookup(self, arrays: np.ndarray) -> np.ndarray:
        """Indices of the array forms in ``arrays`` (shape ``(..., degree)``, all in the group)."""
        with np.errstate(over="ignore"):
            keys = arrays @ self._weights
        return self._key_order[np.searchsorted(self._keys, keys)]

    # -- public API ----------------------------------------------------------------------------
    def index(self, perm) -> int:
        """Index of a group element.

        Parameters
        ----------
        perm : sympy Permutation or sequence of int
            The element, as a permutation or its array form.

        Returns
        -------
        int
            Its index in :attr:`elements`.

        Raises
        ------
        NotAPermutationError
            If ``perm`` is not a permutation of ``0..degree-1`` or not in the group.
        """
        if isinstance(perm, Permutation):
            array = list(perm.array_form)
            if perm.size < self.degree:
                array += list(range(perm.size, self.degree))
        else:
            try:
                array = [int(x) for x in perm]
            except (TypeError, ValueError):
                raise NotAPermutationError(
                    f"{perm!r} is not a permutation: expected an array form of 0..{self.degree - 1}"
                ) from None
        if len(array) != self.degree or sorted(array) != list(range(self.degree)):
            raise NotAPermutationError(
                f"{list(array)!r} is not a permutation of 0..{self.degree - 1} "
                f"(group {self.name!r} has degree {self.degree})"
            )
        position = self._position.get(tuple(array))
        if position is None:
            raise NotAPermutationError(f"permutation {array!r} is not an element of {self.name!r}")
        return position

    @cached_property
    def mul_table(self) -> np.ndarray:
        """``mul_table[i, j]`` = index of ``elements[i] * elements[j]`` (``i`` applied first).

        Built from array forms: the array form of ``p*q`` is ``q[p]``. Read-only int32 array.

        Raises
        ------
        BudgetExceededError
            If the order exceeds :data:`MAX_TABLE_ORDER`.
        """
        if self.order > MAX_TABLE_ORDER:
            raise BudgetExceededError(
                f"the multiplication table of {self.name!r} would have {self.order}² entries; "
                f"the limit is order {MAX_TABLE_ORDER}"
            )
        n = self.order
        table = np.empty((n, n), dtype=np.int32)
        arrays = self._arrays
        chunk = max(1, 2_000_000 // max(1, n * self.degree))
        for start in range(0, n, chunk):
            rows = arrays[start:start + chunk]  # p, shape (c, d)
            # product[i, j, :] = arrays[j][rows[i]]
            products = arrays[np.arange(n)[None, :, None], rows[:, None, :]]
            table[start:start + chunk] = self._lookup(products)
        table.flags.writeable = False
        return table

    @cached_property
    def inverse(self) -> np.ndarray:
        """``inverse[i]`` = index of the inverse of ``elements[i]`` (read-only int array)."""
        inverse = self._lookup(np.argsort(self._arrays, axis=1))
        inverse.flags.writeable = False
        return inverse

    def _indices(self, word: Iterable[int]) -> list[int]:
        indices = []
        for position, g in enumerate(word):
            if isinstance(g, (bool, np.bool_)) or not isinstance(g, (int, np.integer)) \
                    or not 0 <= g < self.order:
                raise UnknownSymbolError(
                    f"element {g!r} at position {position} is not an index 0..{self.order - 1} "
                    f"of {self.name!r}"
                )
            indices.append(int(g))
        return indices

    def prefix_products(self, word: Iterable[int]) -> list[int]:
        """Running products: position ``t`` holds the index of ``word[0] * … * word[t]``.

        These are the tagging targets of Merrill et al. (2024, §6): the state after each prefix.

        Parameters
        ----------
        word : iterable of int
            Element indices, applied left to right.

        Raises
        ------
        UnknownSymbolError
            For an index outside ``0..order-1``.
        """
        indices = self._indices(word)
        out: list[int] = []
        if self.order <= MAX_TABLE_ORDER:
            rows = self.mul_table
            current = 0
            for g in indices:
                current = int(rows[current, g])
                out.append(current)
            return out
        arrays = self._arrays
        current_array = arrays[0]
        for g in indices:
            current_array = arrays[g][current_array]
            out.append(int(self._lookup(current_array[None, :])[0]))
        return out

    def product(self, word: Iterable[int]) -> int:
        """Index of the product of ``word`` (left to right); the empty word gives 0."""
        products = self.prefix_products(word)
        return products[-1] if products else 0

    def cayley_dfa(self):
        """The Cayley automaton of the word problem, an automata-lib ``DFA``.

        States and symbols are ``"0" … "n-1"``; the transition from ``g`` on ``h`` goes to
        ``g*h``; the initial state is ``"0"`` and the only final state is ``"0"``, so the DFA
        accepts exactly the words whose product is the identity.
        """
        cached = getattr(self, "_cayley", None)
        if cached is not None:
            return cached
        from automata.fa.dfa import DFA

        symbols = self.symbols
        transitions = {
            symbols[g]: dict(zip(symbols, (symbols[h] for h in row), strict=True))
            for g, row in enumerate(self.mul_table.tolist())
        }
        self._cayley = DFA(
            states=frozenset(symbols),
            input_symbols=frozenset(symbols),
            transitions=transitions,
            initial_state="0",
            final_states=frozenset({"0"}),
        )
        return self._cayley

    @property
    def is_solvable(self) -> bool:
        """Whether the group is solvable (sympy's derived series reaches the trivial group)."""
        return bool(self.perm_group.is_solvable)

    @property
    def is_abelian(self) -> bool:
        """Whether the group is commutative."""
        return bool(self.perm_group.is_abelian)


def _parse(name: str) -> tuple[list[tuple[str, int]], int]:
    parts = name.split("x")
    factors = []
    for part in parts:
        match = _FACTOR.match(part)
        if match is None:
            raise UnknownNameError(f"unknown group name {name!r}; expected {_ACCEPTED}")
        kind, n = match.group(1), int(match.group(2))
        if n < _MIN_SIZE[kind]:
            raise BadParameterError(
                f"group {part!r} in {name!r}: the {_KIND[kind]} group needs n >= {_MIN_SIZE[kind]}"
                + (" (use Z2 or Z2xZ2 for the dihedral groups of order 2 and 4)" if kind == "D" else "")
            )
        factors.append((kind, n))
    order = 1
    for kind, n in factors:
        order *= _factor_order(kind, n) if kind in "ZD" or n <= 20 else MAX_ORDER + 1
    return factors, order


def get(spec) -> FiniteGroup:
    """The group named or given by ``spec``.

    Parameters
    ----------
    spec : str, FiniteGroup or sympy PermutationGroup
        A name such as ``"S5"``, ``"A5"``, ``"Z60"``, ``"D4"``, ``"A4xZ5"`` (case-sensitive), a
        FiniteGroup (returned as is) or a sympy group (wrapped).

    Returns
    -------
    FiniteGroup

    Raises
    ------
    UnknownNameError
        A malformed or unknown name (the message lists the accepted forms).
    BadParameterError
        A size out of range (``Z0``, ``S0``, ``A2``, ``D2``) or a spec of the wrong type.
    BudgetExceededError
        A group of order above :data:`MAX_ORDER`.
    """
    if isinstance(spec, FiniteGroup):
        return spec
    if isinstance(spec, PermutationGroup):
        return FiniteGroup(spec)
    if not isinstance(spec, str):
        raise BadParameterError(
            f"expected a group name, FiniteGroup or sympy PermutationGroup, got {spec!r}"
        )
    factors, order = _parse(spec)
    _check_order(order, spec)
    groups = [_factor_group(kind, n) for kind, n in factors]
    perm_group = groups[0] if len(groups) == 1 else DirectProduct(*groups)
    return FiniteGroup(perm_group, name=spec)


def names() -> list[str]:
    """Examples of accepted group names (the groups of Merrill et al. 2024 §6 and a few more)."""
    return ["S3", "S4", "S5", "A4", "A5", "Z2", "Z60", "D4", "A4xZ5", "Z2xZ2xZ3"]
