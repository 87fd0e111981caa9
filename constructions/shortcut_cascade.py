"""Constant-depth shortcut for solvable groups: a cascade of abelian prefix sums.

Liu, Ash, Goel, Krishnamurthy & Zhang (2023), *Transformers Learn Shortcuts to Automata*
(ICLR 2023), Thm 2: a semiautomaton whose transformation semigroup has only solvable groups is
simulated at every length ``T`` with depth independent of ``T``, via the Krohn–Rhodes
decomposition into a cascade whose levels are modular counters (prefix sums, one attention
layer each) and flip-flops. For a solvable *group* only the counters are needed; this module
builds that cascade for the word problem (prefix products) of any solvable group of
:mod:`statecheck.theory.groups`, exactly, along a composition (or derived) series.

The series
----------
sympy gives a chain ``G = G_0 ⊳ G_1 ⊳ … ⊳ G_m = {e}`` with every ``G_{i+1}`` normal in ``G_i``
and every quotient ``Q_i = G_i / G_{i+1}`` abelian: the ``composition_series`` (default; each
``Q_i`` has prime order ``p_i``, so ``m`` = the number of prime factors of ``|G|``) or the
``derived_series`` (``G_{i+1} = [G_i, G_i]``; ``m`` = the derived length, fewer levels). All of
this is checked when the cascade is built. Each ``Q_i`` gets a basis of cosets,
``Q_i = ⟨b_1⟩ ⊕ … ⊕ ⟨b_r⟩ ≅ Z_{d_1} ⊕ … ⊕ Z_{d_r}`` (``r = 1``, ``d_1 = p_i`` on a composition
series), with representatives ``c_1, …, c_r ∈ G_i`` (the least element index of each coset), so

    φ_i(g) = (k_1, …, k_r)   iff   g ∈ c_1^{k_1} ⋯ c_r^{k_r} G_{i+1}          (g ∈ G_i)
    τ_i(k) = c_1^{k_1} ⋯ c_r^{k_r}                                 (the transversal, τ_i(0) = e)

and ``φ_i : G_i → Z_{d_1} ⊕ … ⊕ Z_{d_r}`` is a homomorphism (asserted on ``G_i`` times its
generators). ``S3``: ``G_1 = A3 ≅ Z3``, ``Q_0 = Z2`` (φ_0 is the sign), ``Q_1 = Z3``.

The cascade (positions ``t = 1 … T``; ``e^{(i)}_0 = 0``)
------------------------------------------------------
    x^{(0)}_t   = x_t                                             (the letter)
    e^{(i)}_t   = Σ_{s ≤ t} φ_i(x^{(i)}_s)   (coordinate j mod d_j)  (level i: a prefix sum in Q_i)
    x^{(i+1)}_t = τ_i(e^{(i)}_{t−1}) · x^{(i)}_t · τ_i(e^{(i)}_t)^{−1}   (∈ G_{i+1}: its φ_i is 0)
    P_t         = τ_{m−1}(e^{(m−1)}_t) ⋯ τ_1(e^{(1)}_t) · τ_0(e^{(0)}_t)

For S3: ``e^{(0)}_t`` = number of odd letters mod 2, ``x^{(1)}_t = c^{e_{t−1}} x_t c^{−e_t}``
(``c`` a transposition) is a rotation, and ``e^{(1)}_t`` is the prefix sum mod 3 of those
sign-twisted rotations. So level ``i``'s input at ``t`` is a pointwise function of the letter
``x_t`` and the prefix states ``e^{(j)}_{t−1}, e^{(j)}_t`` of the levels ``j < i``; each level
itself is only a prefix sum in an abelian group (order-independent: counters). Why it is right:
with ``R^{(i)}_t = x^{(i)}_1 ⋯ x^{(i)}_t``, the product ``R^{(i+1)}_t · τ_i(e^{(i)}_t)``
telescopes (``τ_i(e_s)^{−1} τ_i(e_s) = e``) to ``τ_i(e_0) x^{(i)}_1 ⋯ x^{(i)}_t = R^{(i)}_t``; at
the bottom ``R^{(m)}_t ∈ G_m = {e}``. Products are the group's (``p*q`` applies ``p`` first,
DESIGN.md); everything is exact integer table lookups. Depth = ``m`` levels, independent of
``T`` (composition: S3 2, S4 4, Z60 4; derived: S3 2, S4 3, Z60 1).

Checking. :meth:`SolvableCascade.run` evaluates every level as a vectorised prefix sum (numpy
``cumsum``, coordinate ``j`` mod ``d_j``); :func:`check_cascade_all_words` compares it with the
multiplication-table recurrence on every word up to a length (bounded). :meth:`SolvableCascade.as_stepper` reads the
same formulas one letter at a time (state = the tuple of level sums, at most ``|G|`` values), so
:func:`statecheck.theory.check.check` against :class:`GroupProductStepper` closes and proves
the formulas right at **every** length.

A non-solvable group (``A5``, ``S5``) is refused with :class:`NotSolvableError`: its word problem
is NC¹-complete (Barrington 1989; Merrill, Petty & Sabharwal 2024 §3), so no constant-depth
cascade of abelian prefix sums (an ACC⁰ computation) computes it unless ACC⁰ = NC¹; the log-depth
doubling scan (:mod:`statecheck.constructions.shortcut_parallel`) still applies.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from statecheck.errors import BadParameterError, BudgetExceededError, UnknownSymbolError
from statecheck.theory.check import CheckResult

__all__ = [
    "MAX_EXHAUSTIVE_ENTRIES",
    "CascadeLevel",
    "CascadeRun",
    "CascadeStepper",
    "GroupProductStepper",
    "NotSolvableError",
    "SolvableCascade",
    "check_cascade_all_words",
    "solvable_cascade",
]

#: Largest ``|G|^L · L`` (words × positions) :func:`check_cascade_all_words` accepts.
MAX_EXHAUSTIVE_ENTRIES = 400_000_000
_CHUNK_ENTRIES = 2_000_000


class NotSolvableError(BadParameterError):
    """The cascade of abelian prefix sums was asked for a non-solvable group."""


@dataclass(frozen=True)
class CascadeLevel:
    """One level ``G_i ⊳ G_{i+1}`` of the cascade, with ``Q_i = G_i / G_{i+1}`` abelian.

    ``Q_i ≅ Z_{d_1} ⊕ … ⊕ Z_{d_r}`` (:attr:`moduli`); an element of ``Q_i`` is the coordinate
    vector ``(k_1, …, k_r)``, indexed by ``numpy.ravel_multi_index(k, moduli)`` (the
    *quotient index*; ``0`` is the identity coset ``G_{i+1}``). On a composition series
    ``r = 1`` and ``d_1`` is a prime.

    Attributes
    ----------
    order : int
        ``|G_i|``.
    moduli : tuple of int
        ``(d_1, …, d_r)``; their product is ``[G_i : G_{i+1}]``.
    generators : tuple of int
        Element indices of the representatives ``c_1, …, c_r`` of the basis cosets (each the
        least element index of its coset).
    members : numpy.ndarray
        Bool, shape ``(|G|,)``: membership in ``G_i``.
    coordinates : numpy.ndarray
        Int32, shape ``(|G|, r)``: ``φ_i(g) = (k_1, …, k_r)`` with ``g ∈ c_1^{k_1} ⋯ c_r^{k_r} G_{i+1}``
        for ``g ∈ G_i``; ``-1`` outside ``G_i``.
    label : numpy.ndarray
        Int32, shape ``(|G|,)``: the quotient index of ``φ_i(g)``; ``-1`` outside ``G_i``.
    addition : numpy.ndarray
        Int32, shape ``(|Q_i|, |Q_i|)``: quotient index of the coordinatewise sum mod ``d_j``.
    transversal : numpy.ndarray
        Int32, shape ``(|Q_i|,)``: element index of ``τ_i(k) = c_1^{k_1} ⋯ c_r^{k_r}``.
    transversal_inverse : numpy.ndarray
        Int32, shape ``(|Q_i|,)``: element index of ``τ_i(k)^{−1}``.
    twist : numpy.ndarray
        Int32, shape ``(|Q_i|, |G|)``: the next level's input
        ``twist[k, g] = τ_i(k) · g · τ_i(k + φ_i(g))^{−1}`` for ``g ∈ G_i`` (it lies in
        ``G_{i+1}``); ``-1`` outside ``G_i``.
    """

    order: int
    moduli: tuple[int, ...]
    generators: tuple[int, ...]
    members: np.ndarray
    coordinates: np.ndarray
    label: np.ndarray
    addition: np.ndarray
    transversal: np.ndarray
    transversal_inverse: np.ndarray
    twist: np.ndarray

    @property
    def quotient_order(self) -> int:
        """``|Q_i| = [G_i : G_{i+1}]``."""
        return int(np.prod(self.moduli))

    @property
    def twist_flat(self) -> np.ndarray:
        """:attr:`twist` flattened: entry ``k·|G| + g`` is ``twist[k, g]``."""
        return self.twist.reshape(-1)


@dataclass(frozen=True)
class CascadeRun:
    """Everything the cascade computed on a batch of words.

    Attributes
    ----------
    products : numpy.ndarray
        Shape ``(B, T)``: ``P_t``, the element index of ``x_1 ⋯ x_t``.
    inputs : tuple of numpy.ndarray
        ``inputs[i]`` has shape ``(B, T)``: ``x^{(i)}_t`` (element indices, in ``G_i``);
        ``inputs[m]`` is all identity (index 0).
    sums : tuple of numpy.ndarray
        ``sums[i]``: the quotient index of ``e^{(i)}_t`` (for a prime level, ``e^{(i)}_t`` itself).
    depth : int
        Number of levels ``m``.
    """

    products: np.ndarray
    inputs: tuple[np.ndarray, ...]
    sums: tuple[np.ndarray, ...]
    depth: int


def _mask(group, subgroup) -> np.ndarray:
    mask = np.zeros(group.order, dtype=bool)
    for element in subgroup.generate():
        mask[group.index(element)] = True
    return mask


def _orders_modulo(quotient_table: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """For each element ``a`` of a finite group given by its table, the least ``k ≥ 1`` with
    ``a^k`` in the subgroup marked by ``inside`` (its order modulo that subgroup)."""
    size = len(quotient_table)
    everything = np.arange(size)
    power, orders, k = everything.copy(), np.zeros(size, dtype=np.int64), 1
    while (orders == 0).any():
        orders[(orders == 0) & inside[power]] = k
        power = quotient_table[power, everything]
        k += 1
    return orders


def _abelian_basis(quotient_table: np.ndarray) -> list[tuple[int, int]]:
    """A basis ``[(b_1, d_1), …]`` of a finite abelian group: ``Q = ⟨b_1⟩ ⊕ … ⊕ ⟨b_r⟩``, ``|b_j| = d_j``.

    Greedy: take ``ā`` of largest order ``m`` in ``Q / H`` (``H`` = the span so far) and lift it
    to an element of order ``m`` in ``Q`` (one exists because each earlier basis element had
    the largest order at its step); then ``H ⊕ ⟨a⟩`` is direct.
    """
    size = len(quotient_table)
    identity_only = np.zeros(size, dtype=bool)
    identity_only[0] = True
    plain_orders = _orders_modulo(quotient_table, identity_only)
    span = identity_only.copy()
    basis = []
    while not span.all():
        orders = _orders_modulo(quotient_table, span)
        largest = int(orders.max())
        chosen = int(np.flatnonzero(orders == largest)[0])
        coset = np.sort(quotient_table[chosen, np.flatnonzero(span)])
        lifts = coset[plain_orders[coset] == largest]
        if not len(lifts):
            raise AssertionError("no lift of the same order: the quotient is not abelian")  # pragma: no cover
        lift = int(lifts[0])
        powers = [0]
        for _ in range(largest - 1):
            powers.append(int(quotient_table[powers[-1], lift]))
        span[quotient_table[np.flatnonzero(span)[:, None], np.array(powers)[None, :]]] = True
        basis.append((lift, largest))
    return basis


def _level(group, upper: np.ndarray, lower: np.ndarray, upper_generators: list[int],
           position: int) -> CascadeLevel:
    """Build and check one level from the member masks of ``G_i`` (upper) and ``G_{i+1}``."""
    table = group.mul_table
    inverse = group.inverse
    upper_idx, lower_idx = np.flatnonzero(upper), np.flatnonzero(lower)
    # normality: s h s^-1 ∈ G_{i+1} for the generators s of G_i and all h ∈ G_{i+1}
    gens = np.array(upper_generators, dtype=np.int64)
    conjugates = table[table[gens[:, None], lower_idx[None, :]], inverse[gens][:, None]]
    if not lower[conjugates].all():
        raise AssertionError(f"level {position}: G_{position + 1} is not normal in G_{position}")  # pragma: no cover
    # cosets g G_{i+1}, numbered in order of their least element (coset 0 = G_{i+1})
    coset = np.full(group.order, -1, dtype=np.int64)
    representatives = []
    for g in upper_idx.tolist():
        if coset[g] < 0:
            coset[table[g, lower_idx]] = len(representatives)
            representatives.append(g)
    reps = np.array(representatives, dtype=np.int64)
    quotient_table = coset[table[reps[:, None], reps[None, :]]]
    if not np.array_equal(quotient_table, quotient_table.T):
        raise AssertionError(f"level {position}: G_i/G_(i+1) is not abelian")  # pragma: no cover
    basis = _abelian_basis(quotient_table)
    moduli = tuple(d for _, d in basis)
    size = len(reps)
    # coordinates of every coset: coset(Σ k_j b_j) = k
    coordinates_of_coset = np.full((size, len(basis)), -1, dtype=np.int64)
    for k in np.ndindex(*moduli):
        element = 0
        for (b, _), power in zip(basis, k, strict=True):
            for _ in range(power):
                element = int(quotient_table[element, b])
        coordinates_of_coset[element] = k
    if (coordinates_of_coset < 0).any() or int(np.prod(moduli)) != size:
        raise AssertionError(f"level {position}: the basis does not span G_i/G_(i+1)")  # pragma: no cover
    generators = tuple(int(reps[b]) for b, _ in basis)
    coordinates = np.full((group.order, len(basis)), -1, dtype=np.int64)
    coordinates[upper_idx] = coordinates_of_coset[coset[upper_idx]]
    label = np.full(group.order, -1, dtype=np.int64)
    label[upper_idx] = np.ravel_multi_index(tuple(coordinates[upper_idx].T), moduli)
    all_k = np.array(list(np.ndindex(*moduli)), dtype=np.int64).reshape(size, len(basis))
    addition = np.ravel_multi_index(tuple(((all_k[:, None, :] + all_k[None, :, :]) % moduli).transpose(2, 0, 1)),
                                    moduli)
    # φ_i is a homomorphism onto Q_i: φ(g s) = φ(g) + φ(s) for all g ∈ G_i and generators s
    if not np.array_equal(label[table[upper_idx[:, None], gens[None, :]]],
                          addition[label[upper_idx][:, None], label[gens][None, :]]):
        raise AssertionError(f"level {position}: φ is not a homomorphism")  # pragma: no cover
    # τ(k) = c_1^{k_1} ⋯ c_r^{k_r}
    transversal = np.zeros(size, dtype=np.int64)
    for q, k in enumerate(all_k.tolist()):
        element = 0
        for c, power in zip(generators, k, strict=True):
            for _ in range(power):
                element = int(table[element, c])
        transversal[q] = element
    transversal_inverse = inverse[transversal].astype(np.int64)
    # twist[k, g] = τ(k) · g · τ(k + φ(g))^{-1}
    twist = np.full((size, group.order), -1, dtype=np.int64)
    for q in range(size):
        after = addition[q, label[upper_idx]]
        twist[q, upper_idx] = table[table[transversal[q], upper_idx], transversal_inverse[after]]
    if not lower[twist[:, upper_idx]].all():
        raise AssertionError(f"level {position}: a twisted letter left G_(i+1)")  # pragma: no cover
    members = upper.copy()
    arrays = [array.astype(np.int32) for array in (coordinates, label, addition, transversal,
                                                   transversal_inverse, twist)]
    for array in (members, *arrays):
        array.flags.writeable = False
    return CascadeLevel(len(upper_idx), moduli, generators, members, *arrays)


class SolvableCascade:
    """The cascade of abelian prefix sums computing the prefix products of a solvable group.

    Build with :func:`solvable_cascade`. Formulas in the module docstring.

    Attributes
    ----------
    group : statecheck.theory.groups.FiniteGroup
    levels : tuple of CascadeLevel
        Top (``G_0 = G``) to bottom.
    depth : int
        Number of levels (the composition length of ``G``, or its derived length).
    series : str
        ``"composition"`` or ``"derived"``.
    """

    def __init__(self, group, levels: tuple[CascadeLevel, ...], *, series: str = "composition"):
        self.group = group
        self.levels = levels
        self.depth = len(levels)
        self.series = series

    def __repr__(self) -> str:
        return (f"SolvableCascade({self.group.name!r}, series={self.series!r}, depth={self.depth}, "
                f"quotients={self.quotients()!r})")

    def quotients(self) -> str:
        """The quotients top-down, e.g. ``"Z2 > Z3"`` (S3) or ``"Z3 > Z2xZ2"`` (A4, derived)."""
        return " > ".join("x".join(f"Z{d}" for d in level.moduli) for level in self.levels) or "trivial"

    def _as_words(self, words) -> np.ndarray:
        from statecheck.constructions.shortcut_parallel import index_words

        return index_words(words, self.group.order, "element", f"of {self.group.name!r}")

    def run(self, words) -> CascadeRun:
        """Run the cascade on a batch of words (element indices, applied left to right).

        Parameters
        ----------
        words : array_like of int
            Shape ``(B, T)`` or ``(T,)``.

        Returns
        -------
        CascadeRun

        Raises
        ------
        UnknownSymbolError
            An index outside ``0..|G|-1``.
        """
        words = self._as_words(words)
        n = self.group.order
        # time-major int32 arrays: the prefix sums run along contiguous rows (faster in numpy)
        current = np.ascontiguousarray(words.T, dtype=np.int32)
        inputs, sums = [current], []
        for level in self.levels:
            # level i: e_t = Σ_{s<=t} φ_i(x^{(i)}_s), coordinatewise mod d_j (int64: no overflow)
            counts = np.zeros(current.shape, dtype=np.int32)
            for j, modulus in enumerate(level.moduli):  # quotient index in C order (mixed radix)
                coordinate = np.cumsum(level.coordinates[:, j][current], axis=0, dtype=np.int64) % modulus
                counts *= modulus
                counts += coordinate.astype(np.int32)
            flat = np.empty_like(counts)
            flat[0] = current[0]  # e_0 = 0
            flat[1:] = counts[:-1] * n + current[1:]  # row e_{t-1} of the twist table, column x_t
            # next input: x^{(i+1)}_t = τ(e_{t-1}) · x^{(i)}_t · τ(e_t)^{-1}, one lookup in the
            # precomputed twist table (e_t = e_{t-1} + φ_i(x^{(i)}_t) is determined by the row)
            current = level.twist_flat[flat]
            sums.append(counts)
            inputs.append(current)
        # P_t = τ_{m-1}(e^{(m-1)}_t) · … · τ_0(e^{(0)}_t)
        table = self.group.mul_table.ravel()
        products = np.zeros(current.shape, dtype=np.int32)
        for level, counts in zip(reversed(self.levels), reversed(sums), strict=True):
            products = table[products * n + level.transversal[counts]]
        products, inputs, sums = products.T, [a.T for a in inputs], [a.T for a in sums]
        return CascadeRun(products=products, inputs=tuple(inputs), sums=tuple(sums), depth=self.depth)

    def prefix_products(self, word) -> list[int]:
        """The prefix products of one word (element indices), computed by the cascade."""
        return self.run(np.asarray(list(word), dtype=np.int64).reshape(1, -1)).products[0].tolist()

    def as_stepper(self) -> CascadeStepper:
        """The cascade read one letter at a time, for :func:`statecheck.theory.check.check`."""
        return CascadeStepper(self)


class CascadeStepper:
    """The cascade's level recurrences as a stepper: the state is the tuple of level sums.

    State ``(e^{(0)}, …, e^{(m−1)})`` (quotient indices), initially all ``0``. Reading ``x``
    (the symbol ``str(index)``) updates the levels top-down with the module's formulas:
    ``e'^{(i)} = e^{(i)} + φ_i(x^{(i)})`` (in ``Q_i``) and
    ``x^{(i+1)} = τ_i(e^{(i)}) · x^{(i)} · τ_i(e'^{(i)})^{−1}`` (from the transversal and the
    multiplication table, not the precomputed twist table). The output is the element index of
    ``τ_{m−1}(e^{(m−1)}) ⋯ τ_0(e^{(0)})``. The parallel evaluation (:meth:`SolvableCascade.run`)
    computes exactly these sums, as prefix sums.

    Attributes
    ----------
    alphabet : tuple of str
        The group's symbols ``"0" … "|G|−1"``.
    initial_state : tuple of int
    """

    def __init__(self, cascade: SolvableCascade):
        self.cascade = cascade
        self.alphabet = cascade.group.symbols
        self.initial_state = (0,) * cascade.depth
        self._rows = cascade.group.mul_table.tolist()
        self._index = {symbol: i for i, symbol in enumerate(self.alphabet)}
        self._levels = [(level.addition.tolist(), level.label.tolist(), level.transversal.tolist(),
                         level.transversal_inverse.tolist()) for level in cascade.levels]

    def step(self, state: tuple[int, ...], symbol: str) -> tuple[int, ...]:
        """Update every level's sum after reading ``symbol``.

        Raises
        ------
        UnknownSymbolError
            A symbol that is not an element index of the group.
        """
        x = self._index.get(symbol)
        if x is None:
            raise UnknownSymbolError(f"symbol {symbol!r} is not an element of {self.cascade.group.name!r}")
        rows, new = self._rows, []
        for (addition, label, transversal, transversal_inverse), before in zip(self._levels, state, strict=True):
            after = addition[before][label[x]]
            x = rows[rows[transversal[before]][x]][transversal_inverse[after]]
            new.append(after)
        return tuple(new)

    def output(self, state: tuple[int, ...]) -> int:
        """Element index of ``τ_{m−1}(e^{(m−1)}) ⋯ τ_0(e^{(0)})``."""
        product = 0
        for (_, _, transversal, _), e in zip(reversed(self._levels), reversed(state), strict=True):
            product = self._rows[product][transversal[e]]
        return product


class GroupProductStepper:
    """Reference for the cascade: the running product ``P_t = P_{t−1} · x_t`` of a finite group.

    State and output are the element index of the product so far (tagging semantics); the
    state set is the group, so a check against it closes.

    Parameters
    ----------
    group : str or FiniteGroup
    """

    def __init__(self, group):
        from statecheck.theory import groups

        self.group = groups.get(group)
        self.alphabet = self.group.symbols
        self.initial_state = 0
        self._rows = self.group.mul_table.tolist()
        self._index = {symbol: i for i, symbol in enumerate(self.alphabet)}

    def step(self, state: int, symbol: str) -> int:
        """``P · x`` from the multiplication table.

        Raises
        ------
        UnknownSymbolError
            A symbol that is not an element index of the group.
        """
        x = self._index.get(symbol)
        if x is None:
            raise UnknownSymbolError(f"symbol {symbol!r} is not an element of {self.group.name!r}")
        return self._rows[state][x]

    def output(self, state: int) -> int:
        """The product's element index."""
        return state


def solvable_cascade(group, *, series: str = "composition") -> SolvableCascade:
    """The cascade of abelian prefix sums for a solvable group.

    Parameters
    ----------
    group : str, FiniteGroup or sympy PermutationGroup
        Anything :func:`statecheck.theory.groups.get` accepts (``"S3"``, ``"S4"``, ``"D4"``,
        ``"A4xZ5"``, …) of order at most :data:`statecheck.theory.groups.MAX_TABLE_ORDER`.
    series : {"composition", "derived"}
        ``"composition"`` (default): sympy's ``composition_series``, one level per prime factor
        of ``|G|`` (each a prefix sum mod a prime). ``"derived"``: sympy's ``derived_series``
        ``G ⊳ [G, G] ⊳ …``, one level per step of the derived length (fewer levels; each a
        prefix sum in an abelian group ``Z_{d_1} ⊕ … ⊕ Z_{d_r}``, e.g. ``Z2 ⊕ Z2`` in S4).

    Returns
    -------
    SolvableCascade
        Each level is checked when built: ``G_{i+1}`` normal in ``G_i``, the quotient abelian,
        ``φ_i`` a homomorphism onto it, every twisted letter inside ``G_{i+1}``.

    Raises
    ------
    NotSolvableError
        For a non-solvable group (``A5``, ``S5``): the cascade requires solvability.
    BadParameterError
        An unknown ``series``.
    BudgetExceededError
        A group too large for a multiplication table.
    """
    from statecheck.theory import groups

    if series not in ("composition", "derived"):
        raise BadParameterError(f"series must be 'composition' or 'derived', got {series!r}")
    group = groups.get(group)
    if not group.is_solvable:
        derived = group.perm_group.derived_series()
        raise NotSolvableError(
            f"group {group.name!r} (order {group.order}) is not solvable: its derived series stops at "
            f"a perfect subgroup of order {derived[-1].order()}, not the trivial group. The cascade of "
            "abelian prefix sums requires a solvable group; the word problem of a non-solvable group "
            "is NC1-complete (Barrington 1989; Merrill et al. 2024), so no constant-depth cascade of "
            "counters computes it unless ACC0 = NC1. Use the log-depth doubling scan "
            "(statecheck.constructions.shortcut_parallel) instead"
        )
    _ = group.mul_table  # raises BudgetExceededError past MAX_TABLE_ORDER, before any work
    if group.order == 1:
        return SolvableCascade(group, (), series=series)
    perm_group = group.perm_group
    chain = perm_group.composition_series() if series == "composition" else perm_group.derived_series()
    masks = [_mask(group, subgroup) for subgroup in chain]
    generators = [[group.index(s) for s in subgroup.generators] for subgroup in chain]
    levels = tuple(_level(group, masks[i], masks[i + 1], generators[i], i) for i in range(len(chain) - 1))
    if series == "composition" and not all(len(level.moduli) == 1 and _is_prime(level.moduli[0])
                                           for level in levels):
        raise AssertionError("a composition factor of a solvable group is not of prime order")  # pragma: no cover
    return SolvableCascade(group, levels, series=series)


def _is_prime(number: int) -> bool:
    return number >= 2 and all(number % d for d in range(2, int(number**0.5) + 1))


def _reference_prefix_products(table: np.ndarray, words: np.ndarray) -> np.ndarray:
    """Sequential prefix products ``P_t = P_{t−1} · x_t`` from the multiplication table."""
    out = np.empty(words.shape, dtype=np.int64)
    current = np.zeros(words.shape[0], dtype=np.int64)
    for t in range(words.shape[1]):
        current = table[current, words[:, t]]
        out[:, t] = current
    return out


def check_cascade_all_words(cascade: SolvableCascade, max_length: int) -> CheckResult:
    """Compare the cascade with the sequential prefix products on every word up to ``max_length``.

    Every word of exactly ``L = max_length`` letters over the ``|G|`` elements is run; its
    prefixes cover every shorter word, so all ``Σ_{ℓ ≤ L} |G|^ℓ`` words are checked. The
    reference is the multiplication-table recurrence ``P_t = P_{t−1} · x_t``.

    Returns
    -------
    CheckResult
        ``mode="bounded"``, ``max_length=L``; on disagreement the shortlex-least word, with the
        expected and the cascade's element index.

    Raises
    ------
    BudgetExceededError
        If ``|G|^L · L`` exceeds :data:`MAX_EXHAUSTIVE_ENTRIES`.
    """
    from statecheck.constructions.shortcut_parallel import _word_blocks

    if not isinstance(max_length, (int, np.integer)) or max_length < 1:
        raise BadParameterError(f"max_length must be an integer >= 1, got {max_length!r}")
    n, length = cascade.group.order, int(max_length)
    entries = n**length * length
    if entries > MAX_EXHAUSTIVE_ENTRIES:
        raise BudgetExceededError(
            f"all {n}^{length} words of {cascade.group.name!r} × {length} positions = {entries} "
            f"entries; the limit is {MAX_EXHAUSTIVE_ENTRIES}"
        )
    start = time.perf_counter()
    table = cascade.group.mul_table
    best = None
    for block in _word_blocks(n, length, 1, _CHUNK_ENTRIES):
        reference = _reference_prefix_products(table, block)
        products = cascade.run(block).products
        differ = products != reference
        if differ.any():
            for row, col in zip(*np.nonzero(differ), strict=True):
                candidate = (int(col) + 1, tuple(block[row, :col + 1].tolist()))
                if best is None or candidate < best:
                    best = candidate
                    expected, actual = int(reference[row, col]), int(products[row, col])
    seconds = time.perf_counter() - start
    checked = sum(n**ell for ell in range(length + 1))
    factors = cascade.quotients()
    if best is None:
        return CheckResult(
            agree=True, mode="bounded", max_length=length, depth=length, states_explored=checked,
            transitions=n**length * length, seconds=seconds,
            detail=(f"{cascade.depth}-level cascade of prefix sums ({factors}) equals the prefix "
                    f"products of {cascade.group.name} on all {checked} words up to length {length}"),
        )
    word = tuple(str(g) for g in best[1])
    return CheckResult(
        agree=False, mode="bounded", max_length=length, depth=best[0], states_explored=checked,
        transitions=n**length * length, seconds=seconds, counterexample=word,
        expected=expected, actual=actual,
        detail=f"the cascade differs from the prefix products of {cascade.group.name} on {word!r}",
    )
