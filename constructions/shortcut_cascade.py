"""Constant-depth shortcut for solvable groups: a cascade of abelian prefix sums.

Liu, Ash, Goel, Krishnamurthy & Zhang (2023), *Transformers Learn Shortcuts to Automata*
(ICLR 2023), Thm 2: a semiautomaton whose transformation semigroup has only solvable groups is
simulated at every length ``T`` with depth independent of ``T``, via the Krohn–Rhodes
decomposition into a cascade whose levels are modular counters (prefix sums, one attention
layer each) and flip-flops. For a solvable *group* only the counters are needed; this module
builds that cascade for the word problem (prefix products) of any solvable group of
:mod:`statecheck.theory.groups`, exactly, along a composition series.

The series
----------
sympy's ``composition_series`` gives ``G = G_0 ⊳ G_1 ⊳ … ⊳ G_m = {e}``. For a solvable group
every factor ``G_i / G_{i+1}`` has prime order ``p_i`` (so it is cyclic, hence abelian); this is
checked when the cascade is built, together with normality and the homomorphism property below.
For each level pick ``c_i ∈ G_i \\ G_{i+1}`` (the least element index); its cosets
``c_i^k G_{i+1}`` (``k = 0 … p_i − 1``) are the transversal, and

    φ_i(g) = k   iff   g ∈ c_i^k G_{i+1}          (g ∈ G_i)

is a homomorphism ``G_i → Z_{p_i}`` (asserted: ``φ_i(gh) = φ_i(g) + φ_i(h) mod p_i`` for all
``g, h ∈ G_i``). ``S3``: ``G_1 = A3 ≅ Z3``, ``p_0 = 2`` (φ_0 is the sign), ``p_1 = 3``.

The cascade (positions ``t = 1 … T``; ``e^{(i)}_0 = 0``)
------------------------------------------------------
    x^{(0)}_t   = x_t                                              (the letter)
    e^{(i)}_t   = ( Σ_{s ≤ t} φ_i(x^{(i)}_s) ) mod p_i             (level i: a prefix sum in Z_{p_i})
    x^{(i+1)}_t = c_i^{e^{(i)}_{t−1}} · x^{(i)}_t · c_i^{−e^{(i)}_t}   (∈ G_{i+1}: its φ_i is 0)
    P_t         = c_{m−1}^{e^{(m−1)}_t} · … · c_1^{e^{(1)}_t} · c_0^{e^{(0)}_t}

so level ``i``'s input at ``t`` is a pointwise function of the letter ``x_t`` and the prefix
states ``e^{(j)}_{t−1}, e^{(j)}_t`` of the levels ``j < i``; each level itself is only a
prefix sum modulo a prime (order-independent: a counter). Why it is right: with
``R^{(i)}_t = x^{(i)}_1 ⋯ x^{(i)}_t``, the product ``R^{(i+1)}_t · c_i^{e^{(i)}_t}`` telescopes
(``c_i^{−e_{s}} c_i^{e_{s}} = e``) to ``c_i^{e_0} x^{(i)}_1 ⋯ x^{(i)}_t = R^{(i)}_t``; at the
bottom ``R^{(m)}_t ∈ G_m = {e}``. Products are the group's (``p*q`` applies ``p`` first, DESIGN.md);
everything is exact integer table lookups. Depth = ``m`` levels, the composition length
(``S3``: 2, ``S4``: 4, ``Z60``: 4), independent of ``T``.

Checking. :meth:`SolvableCascade.run` evaluates every level as a vectorised prefix sum (numpy
``cumsum`` mod ``p``); :func:`check_cascade_all_words` compares it with the multiplication-table
recurrence on every word up to a length (bounded). :meth:`SolvableCascade.as_stepper` reads the
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
    """One level ``G_i ⊳ G_{i+1}`` of the cascade, with ``G_i / G_{i+1} ≅ Z_p``.

    Attributes
    ----------
    order : int
        ``|G_i|``.
    prime : int
        ``p = [G_i : G_{i+1}]``, a prime.
    generator : int
        Element index of ``c_i`` (the least index in ``G_i \\ G_{i+1}``).
    members : numpy.ndarray
        Bool, shape ``(|G|,)``: membership in ``G_i``.
    label : numpy.ndarray
        Int, shape ``(|G|,)``: ``φ_i(g)`` for ``g ∈ G_i`` (the ``k`` with ``g ∈ c_i^k G_{i+1}``),
        ``-1`` outside ``G_i``.
    transversal : numpy.ndarray
        Int, shape ``(p,)``: element index of ``c_i^k``.
    transversal_inverse : numpy.ndarray
        Int, shape ``(p,)``: element index of ``c_i^{−k}``.
    twist : numpy.ndarray
        Int, shape ``(p, |G|)``: the next level's input
        ``twist[k, g] = c_i^k · g · c_i^{−((k + φ_i(g)) mod p)}`` for ``g ∈ G_i`` (in ``G_{i+1}``),
        ``-1`` outside ``G_i``.
    """

    order: int
    prime: int
    generator: int
    members: np.ndarray
    label: np.ndarray
    transversal: np.ndarray
    transversal_inverse: np.ndarray
    twist: np.ndarray

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
        ``sums[i]``: ``e^{(i)}_t`` in ``0 … p_i − 1``.
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


def _level(group, upper: np.ndarray, lower: np.ndarray, position: int) -> CascadeLevel:
    """Build and check one level from the member masks of ``G_i`` (upper) and ``G_{i+1}``."""
    table = group.mul_table
    inverse = group.inverse
    order, sub_order = int(upper.sum()), int(lower.sum())
    prime = order // sub_order
    if order % sub_order or prime < 2 or any(prime % d == 0 for d in range(2, int(prime**0.5) + 1)):
        raise AssertionError(f"level {position}: index {order}/{sub_order} is not a prime")  # pragma: no cover
    upper_idx, lower_idx = np.flatnonzero(upper), np.flatnonzero(lower)
    # normality: g h g^-1 ∈ G_{i+1} for g ∈ G_i, h ∈ G_{i+1}
    conjugates = table[table[upper_idx[:, None], lower_idx[None, :]], inverse[upper_idx][:, None]]
    if not lower[conjugates].all():
        raise AssertionError(f"level {position}: G_{position + 1} is not normal in G_{position}")  # pragma: no cover
    generator = int(np.flatnonzero(upper & ~lower)[0])
    transversal = np.zeros(prime, dtype=np.int64)
    for k in range(1, prime):
        transversal[k] = table[transversal[k - 1], generator]
    label = np.full(group.order, -1, dtype=np.int64)
    for k in range(prime):
        label[table[transversal[k], lower_idx]] = k  # the coset c^k G_{i+1}
    if (label[upper_idx] < 0).any() or not lower[table[transversal[prime - 1], generator]]:
        raise AssertionError(f"level {position}: the powers of c do not cover G_i/G_(i+1)")  # pragma: no cover
    # φ_i is a homomorphism onto Z_p, so G_i/G_{i+1} is abelian (cyclic of prime order)
    sums = (label[upper_idx][:, None] + label[upper_idx][None, :]) % prime
    if not np.array_equal(label[table[upper_idx[:, None], upper_idx[None, :]]], sums):
        raise AssertionError(f"level {position}: G_i/G_(i+1) is not abelian")  # pragma: no cover
    transversal_inverse = inverse[transversal].astype(np.int64)
    # twist[k, g] = c^k · g · c^{-((k + φ(g)) mod p)}
    twist = np.full((prime, group.order), -1, dtype=np.int64)
    for k in range(prime):
        after = (k + label[upper_idx]) % prime
        twist[k, upper_idx] = table[table[transversal[k], upper_idx], transversal_inverse[after]]
    if not lower[twist[:, upper_idx]].all():
        raise AssertionError(f"level {position}: a twisted letter left G_(i+1)")  # pragma: no cover
    members = upper.copy()
    arrays = [array.astype(np.int32) for array in (label, transversal, transversal_inverse, twist)]
    for array in (members, *arrays):
        array.flags.writeable = False
    return CascadeLevel(order, prime, generator, members, *arrays)


class SolvableCascade:
    """The cascade of prime-modulus prefix sums computing the prefix products of a solvable group.

    Build with :func:`solvable_cascade`. Formulas in the module docstring.

    Attributes
    ----------
    group : statecheck.theory.groups.FiniteGroup
    levels : tuple of CascadeLevel
        Top (``G_0 = G``) to bottom.
    depth : int
        Number of levels (the composition length of ``G``).
    """

    def __init__(self, group, levels: tuple[CascadeLevel, ...]):
        self.group = group
        self.levels = levels
        self.depth = len(levels)

    def __repr__(self) -> str:
        primes = "×".join(str(level.prime) for level in self.levels) or "1"
        return f"SolvableCascade({self.group.name!r}, depth={self.depth}, factors={primes})"

    def _as_words(self, words) -> np.ndarray:
        words = np.asarray(words)
        if words.ndim == 1:
            words = words[None, :]
        if words.ndim != 2:
            raise BadParameterError(f"expected words as a (batch, length) integer array, got shape {words.shape}")
        if words.size and not np.issubdtype(words.dtype, np.integer):
            raise BadParameterError(f"expected integer element indices, got dtype {words.dtype}")
        n = self.group.order
        if words.size and (words.min() < 0 or words.max() >= n):
            bad = int(words[(words < 0) | (words >= n)][0])
            raise UnknownSymbolError(f"element index {bad} is outside 0..{n - 1} of {self.group.name!r}")
        return words.astype(np.int64, copy=False)

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
            # level i: e_t = Σ_{s<=t} φ_i(x^{(i)}_s) mod p_i  (summed in int64: no overflow)
            counts = (np.cumsum(level.label[current], axis=0, dtype=np.int64) % level.prime).astype(np.int32)
            flat = np.empty_like(counts)
            flat[0] = current[0]  # e_0 = 0
            flat[1:] = counts[:-1] * n + current[1:]  # row e_{t-1} of the twist table, column x_t
            # next input: x^{(i+1)}_t = c^{e_{t-1}} · x^{(i)}_t · c^{-e_t}, one lookup in the
            # precomputed twist table (e_t = e_{t-1} + φ_i(x^{(i)}_t) is determined by the row)
            current = level.twist_flat[flat]
            sums.append(counts)
            inputs.append(current)
        # P_t = c_{m-1}^{e^{(m-1)}_t} · … · c_0^{e^{(0)}_t}
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

    State ``(e^{(0)}, …, e^{(m−1)})``, initially all ``0``. Reading ``x`` (the symbol
    ``str(index)``) updates the levels top-down with the module's formulas:
    ``e'^{(i)} = e^{(i)} + φ_i(x^{(i)}) mod p_i`` and
    ``x^{(i+1)} = c_i^{e^{(i)}} · x^{(i)} · c_i^{−e'^{(i)}}``. The output is the element index
    of ``c_{m−1}^{e^{(m−1)}} ⋯ c_0^{e^{(0)}}``. The parallel evaluation
    (:meth:`SolvableCascade.run`) computes exactly these sums, as prefix sums.

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
        self._levels = [(level.prime, level.label.tolist(), level.transversal.tolist(),
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
        for (prime, label, transversal, transversal_inverse), before in zip(self._levels, state, strict=True):
            after = (before + label[x]) % prime
            x = rows[rows[transversal[before]][x]][transversal_inverse[after]]
            new.append(after)
        return tuple(new)

    def output(self, state: tuple[int, ...]) -> int:
        """Element index of ``c_{m−1}^{e^{(m−1)}} ⋯ c_0^{e^{(0)}}``."""
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
        """``P · x`` from the multiplication table."""
        return self._rows[state][self._index[symbol]]

    def output(self, state: int) -> int:
        """The product's element index."""
        return state


def solvable_cascade(group) -> SolvableCascade:
    """The cascade of abelian (prime-modulus) prefix sums for a solvable group.

    Parameters
    ----------
    group : str, FiniteGroup or sympy PermutationGroup
        Anything :func:`statecheck.theory.groups.get` accepts (``"S3"``, ``"S4"``, ``"D4"``,
        ``"A4xZ5"``, …) of order at most :data:`statecheck.theory.groups.MAX_TABLE_ORDER`.

    Returns
    -------
    SolvableCascade
        Its levels follow sympy's ``composition_series``; each level is checked (normal
        subgroup, prime index, ``φ_i`` a homomorphism onto ``Z_p``).

    Raises
    ------
    NotSolvableError
        For a non-solvable group (``A5``, ``S5``): the cascade requires solvability.
    BudgetExceededError
        A group too large for a multiplication table.
    """
    from statecheck.theory import groups

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
    series = group.perm_group.composition_series()
    masks = [_mask(group, subgroup) for subgroup in series]
    if group.order == 1:
        return SolvableCascade(group, ())
    levels = tuple(_level(group, masks[i], masks[i + 1], i) for i in range(len(masks) - 1))
    return SolvableCascade(group, levels)


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
    factors = "×".join(f"Z{level.prime}" for level in cascade.levels) or "trivial"
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
