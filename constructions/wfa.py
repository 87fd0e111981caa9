"""WFA-SSM (IDS4) for any DFA: one transition matrix per symbol.

Source: Merrill, Petty & Sabharwal (ICML 2024), *The Illusion of State in State-Space Models*,
Thm 5.2: a one-layer input-dependent SSM (IDS4, "WFA-SSM") with ``h_t = A(x_t) h_{t−1}``
recognises every regular language; the matrices ``A(σ)`` generate the automaton's transition
monoid.

Construction, for a complete DFA ``(Q, Σ, δ, q₀, F)`` with its states in a fixed row order
``states = (q₀, …)`` (the initial state first, the others sorted by ``repr``, as
:class:`~statecheck.theory.check.DFAStepper` orders them) and ``d = |Q|``::

    (A_σ)[q′, q] = 1  if δ(q, σ) = q′,  else 0        (d×d, one 1 per column)
    h₀[q]        = 1  if q = q₀,        else 0        (the paper's beginning symbol)
    C[q]         = 1  if q ∈ F,         else 0
    h_t = A_{x_t} h_{t−1},    accept x₁…x_T  iff  C·h_T > 0.

By induction ``h_t = e_{δ*(q₀, x₁…x_t)}`` (a one-hot vector), so ``C·h_T ∈ {0, 1}`` and the model
accepts exactly the DFA's language. Every weight is an integer (numpy ``int64``); the stepper
runs in exact integer arithmetic (Python ints; for 0/1 matrices with one 1 per column the product
``A_σ h`` is formed column by column from the row of each column's 1, which is the same integer
product without the zeros). :meth:`WFASSM.tabulate` numbers the reachable vectors so the checker
can run its vectorised table path; both routes are proofs when the reachable pairs close. The product ``A_{x_T}⋯A_{x_1}`` of a word is the matrix of
its transformation ``q ↦ δ*(q, x₁…x_T)``, so the closure of ``{A_σ}`` under products (with the
identity, the matrix of the empty word) has exactly as many elements as the DFA's transition
monoid (:meth:`WFASSM.transition_monoid`).

Evaluation in torch (log-depth associative scans over the per-token matrices, as float matrices,
exact index maps or exact monoid indices) lives in :mod:`statecheck.constructions.wfa_torch`
(``model.to_torch()``), so this module does not import torch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from statecheck.errors import (
    BadParameterError,
    BudgetExceededError,
    MalformedDFAError,
    check_symbols,
)

__all__ = [
    "WFASSM", "MatrixMonoid", "TabulatedStepper", "wfa_ssm", "matrix_closure", "tabulate",
    "column_index_map", "DEFAULT_MAX_MONOID", "DEFAULT_MAX_TABLE",
]

#: Largest matrix monoid :meth:`WFASSM.transition_monoid` enumerates by default.
DEFAULT_MAX_MONOID = 100_000
#: Most reachable state vectors :func:`tabulate` explores by default.
DEFAULT_MAX_TABLE = 1_000_000
#: Largest absolute entry :func:`tabulate` accepts (far inside int64, so every product is exact).
_EXACT_LIMIT = 2**40


class WFASSM:
    """A one-layer WFA-SSM ``h_t = A[x_t] h_{t−1}``, accept iff ``C·h_T > 0``, with integer weights.

    Build one with :func:`wfa_ssm`; the keyword-only constructor validates shapes. It is a
    stepper for :func:`statecheck.theory.check.check`: a state is the vector ``h`` as a tuple of
    Python ints (exact, hashable).

    Parameters
    ----------
    alphabet : sequence of str
        Symbol order (the keys of ``A``).
    states : sequence
        Row order: coordinate ``i`` of ``h`` belongs to ``states[i]``.
    A : mapping str → array_like
        One ``d×d`` integer matrix per symbol.
    h0, C : array_like
        Initial vector and readout, integer vectors of length ``d``.
    name : str, optional
        A label for messages.

    Attributes
    ----------
    alphabet : tuple of str
    states : tuple
    A : dict str → numpy.ndarray
        Read-only ``int64`` matrices, ``(A[σ])[q′, q]`` (column = current state).
    h0, C : numpy.ndarray
        Read-only ``int64`` vectors.
    dim : int
        ``d``, the state size.
    initial_state : tuple of int
        ``tuple(h0)``.

    Raises
    ------
    BadParameterError
        Empty alphabet, repeated symbols, a missing or extra matrix, a shape that is not
        ``d×d`` / ``(d,)``, or a non-integer entry.
    """

    def __init__(self, *, alphabet: Sequence[str], states: Sequence[Any],
                 A: Mapping[str, Any], h0: Any, C: Any, name: str = "WFA-SSM"):
        alphabet = tuple(alphabet)
        states = tuple(states)
        if not alphabet or len(set(alphabet)) != len(alphabet):
            raise BadParameterError(f"alphabet must list at least one symbol, each once; got {alphabet!r}")
        if set(A) != set(alphabet):
            raise BadParameterError(
                f"A must have exactly one matrix per symbol of {alphabet!r}; got keys {sorted(A)!r}"
            )
        dim = len(states)
        if dim == 0:
            raise BadParameterError("a WFA-SSM needs at least one state")
        matrices = {a: _integer_array(A[a], (dim, dim), f"A[{a!r}]") for a in alphabet}
        self.alphabet = alphabet
        self.states = states
        self.A = matrices
        self.h0 = _integer_array(h0, (dim,), "h0")
        self.C = _integer_array(C, (dim,), "C")
        self.dim = dim
        self.name = name
        self.initial_state = tuple(self.h0.tolist())

    def __repr__(self) -> str:
        return f"WFASSM({self.name!r}, states={self.dim}, alphabet={len(self.alphabet)} symbols)"

    # ------------------------------------------------------------------ stepper
    def step(self, state: tuple[int, ...], symbol: str) -> tuple[int, ...]:
        """``A[symbol] h`` in exact integer arithmetic.

        Raises
        ------
        UnknownSymbolError
            ``symbol`` is not in the alphabet.
        """
        column_maps = self._column_maps
        if column_maps is not None:
            targets = column_maps.get(symbol)
            if targets is None:
                check_symbols((symbol,), self.alphabet)
            # A has one 1 per column: (A h)[f(q)] += h[q], the same integer product without zeros
            image = [0] * self.dim
            for target, value in zip(targets, state, strict=True):
                if value:
                    image[target] += value
            return tuple(image)
        matrix = self.A.get(symbol)
        if matrix is None:
            check_symbols((symbol,), self.alphabet)
        return tuple((matrix @ np.asarray(state, dtype=np.int64)).tolist())

    @cached_property
    def _column_maps(self) -> dict[str, list[int]] | None:
        """Per symbol, the row of the single 1 in each column, when every ``A_σ`` is a DFA
        transition matrix (0/1, one 1 per column); ``None`` otherwise."""
        try:
            return {a: column_index_map(self.A[a]).tolist() for a in self.alphabet}
        except BadParameterError:
            return None

    def output(self, state: tuple[int, ...]) -> bool:
        """Acceptance: ``C·h > 0`` (exact)."""
        return int(self.C @ np.asarray(state, dtype=np.int64)) > 0

    def run(self, word: Iterable[str]) -> tuple[int, ...]:
        """``h_T`` after reading ``word`` from ``h0``.

        Raises
        ------
        UnknownSymbolError
            A symbol outside the alphabet (a plain string is refused: pass a tuple or list).
        """
        h = self.h0
        for symbol in check_symbols(word, self.alphabet):
            h = self.A[symbol] @ h
        return tuple(h.tolist())

    def accepts(self, word: Iterable[str]) -> bool:
        """Whether ``C·h_T > 0`` for ``word``."""
        return self.output(self.run(word))

    # ------------------------------------------------------------------ algebra
    def transition_monoid(self, *, max_size: int = DEFAULT_MAX_MONOID) -> MatrixMonoid:
        """The closure of ``{A_σ}`` under matrix products, with the identity (empty word).

        Computed from the matrices alone (exact integer products), not from the DFA; for a model
        built by :func:`wfa_ssm` its size equals the DFA's transition-monoid size.

        Raises
        ------
        BudgetExceededError
            More than ``max_size`` distinct matrices.
        """
        return matrix_closure([self.A[a] for a in self.alphabet], self.alphabet,
                              max_size=max_size)

    @cached_property
    def index_maps(self) -> np.ndarray:
        """``(|Σ|, d)`` int64: ``index_maps[j, q]`` is the row of the single 1 in column ``q`` of
        ``A[alphabet[j]]`` (``δ(q, σ_j)`` for a model built from a DFA). Read-only.

        Raises
        ------
        BadParameterError
            A matrix that is not 0/1 with exactly one 1 per column.
        """
        maps = np.stack([column_index_map(self.A[a], name=f"A[{a!r}]") for a in self.alphabet])
        maps.flags.writeable = False
        return maps

    def tabulate(self, *, max_states: int = DEFAULT_MAX_TABLE) -> TabulatedStepper:
        """The model's reachable state vectors as a table stepper (exact, vectorised).

        Explores ``h₀`` and every ``A_σ h`` level by level with integer numpy products; the
        result is isomorphic to the model's reachable part (two states are equal iff their
        vectors are), so :func:`~statecheck.theory.check.check` on it proves the same as on the
        model, through the checker's vectorised table path.

        Raises
        ------
        BudgetExceededError
            More than ``max_states`` reachable vectors, or an entry past ``2**40``.
        """
        from scipy import sparse

        k, d = len(self.alphabet), self.dim
        # all A_σ on top of each other, sparse int64: one product serves every symbol
        stacked = sparse.csr_matrix(np.vstack([self.A[a] for a in self.alphabet]))  # (k·d, d)

        def step_all(vectors: np.ndarray) -> np.ndarray:  # (m, d) -> (k, m, d): h ↦ A_σ h
            product = np.asarray(stacked @ vectors.T, dtype=np.int64)  # (k·d, m), exact
            return product.reshape(k, d, -1).transpose(0, 2, 1)

        def outputs(vectors: np.ndarray) -> np.ndarray:
            return vectors @ self.C > 0

        return tabulate(self.h0, step_all, outputs, self.alphabet, max_states=max_states,
                        name=self.name)

    def to_torch(self, *, dtype: Any = None):
        """A ``torch.nn.Module`` with the same weights (see :mod:`statecheck.constructions.wfa_torch`)."""
        from statecheck.constructions.wfa_torch import WFASSMModule

        return WFASSMModule(self, dtype=dtype)

    def weights(self) -> dict[str, np.ndarray]:
        """The weights as arrays for ``numpy.savez``: ``A`` stacked ``(|Σ|, d, d)`` in alphabet
        order, ``h0``, ``C``, ``alphabet`` and ``states`` (as strings)."""
        return {
            "A": np.stack([self.A[a] for a in self.alphabet]),
            "h0": self.h0.copy(),
            "C": self.C.copy(),
            "alphabet": np.array(self.alphabet, dtype=str),
            "states": np.array([str(q) for q in self.states], dtype=str),
        }


class TabulatedStepper:
    """A machine's reachable states, numbered, as a stepper with an integer transition table.

    The checker (:func:`statecheck.theory.check.check`) runs two such steppers (or one and a
    :class:`~statecheck.theory.check.DFAStepper`) through its vectorised numpy path.

    Attributes
    ----------
    alphabet : tuple of str
    vectors : numpy.ndarray
        ``(n, D)`` int64: ``vectors[i]`` is the exact state vector of state ``i`` (``0`` is the
        initial state), numbered in the order the breadth-first search found them.
    table : numpy.ndarray
        ``(n, |Σ|)`` int64: ``table[i, j]`` is the state reached from ``i`` on ``alphabet[j]``.
    outputs : list of bool
        Acceptance of each state.
    output_ids : numpy.ndarray
        ``outputs`` as integer ids (what the checker compares).
    initial_state : int
        ``0``.
    """

    finite = True
    initial_state = 0

    def __init__(self, *, alphabet: tuple[str, ...], vectors: np.ndarray, table: np.ndarray,
                 outputs: Sequence[bool], name: str = "tabulated") -> None:
        self.alphabet = tuple(alphabet)
        self.vectors = vectors
        self.table = table
        self.outputs = [bool(o) for o in outputs]
        self.output_ids = np.array(self.outputs, dtype=np.int64)
        self.name = name
        self._col = {a: j for j, a in enumerate(self.alphabet)}

    def step(self, state: int, symbol: str) -> int:
        """``table[state, symbol]``."""
        if symbol not in self._col:
            check_symbols((symbol,), self.alphabet)
        return int(self.table[state, self._col[symbol]])

    def output(self, state: int) -> bool:
        """Acceptance of ``state``."""
        return self.outputs[state]


def tabulate(initial: np.ndarray, step_all: Callable[[np.ndarray], np.ndarray],
             accepts: Callable[[np.ndarray], np.ndarray], alphabet: Sequence[str], *,
             max_states: int = DEFAULT_MAX_TABLE, name: str = "tabulated") -> TabulatedStepper:
    """Number the reachable states of a vector machine by breadth-first search (exact integers).

    Parameters
    ----------
    initial : numpy.ndarray
        ``(D,)`` integer start vector.
    step_all : callable
        ``(m, D) -> (|Σ|, m, D)``: the next vector of each of ``m`` vectors on every symbol,
        in alphabet order, in exact integer arithmetic.
    accepts : callable
        ``(m, D) -> (m,)`` bool.
    alphabet : sequence of str
    max_states : int
        Refuse past this many distinct vectors.
    name : str
        Label for messages.

    Returns
    -------
    TabulatedStepper

    Raises
    ------
    BudgetExceededError
        More than ``max_states`` vectors, or an entry whose absolute value passes ``2**40``
        (the vectors must stay exact in ``int64``).
    """
    alphabet = tuple(alphabet)
    start = np.asarray(initial, dtype=np.int64).reshape(1, -1)
    dim = start.shape[1]
    index = {start.tobytes(): 0}
    vectors = [start]
    rows: list[np.ndarray] = []
    frontier = start
    while len(frontier):
        following = np.asarray(step_all(frontier), dtype=np.int64)  # (k, m, D)
        if following.size and int(np.abs(following).max()) > _EXACT_LIMIT:
            raise BudgetExceededError(f"{name}: a state entry passes 2**40; the vectors grow without bound")
        fresh = []
        codes = np.empty((frontier.shape[0], len(alphabet)), dtype=np.int64)
        for slot in range(frontier.shape[0]):
            for j in range(len(alphabet)):
                vector = following[j, slot]
                key = vector.tobytes()
                code = index.get(key)
                if code is None:
                    code = index[key] = len(index)
                    if code >= max_states:
                        raise BudgetExceededError(
                            f"{name}: more than max_states={max_states} reachable state vectors")
                    fresh.append(vector)
                codes[slot, j] = code
        rows.append(codes)
        frontier = np.array(fresh, dtype=np.int64).reshape(-1, dim)
        if len(frontier):
            vectors.append(frontier)
    all_vectors = np.concatenate(vectors)
    table = np.concatenate(rows)
    return TabulatedStepper(alphabet=alphabet, vectors=all_vectors, table=table,
                            outputs=accepts(all_vectors).tolist(), name=name)


def _integer_array(value: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    array = np.asarray(value)
    if array.shape != shape:
        raise BadParameterError(f"{what} must have shape {shape}, got {array.shape}")
    if array.dtype.kind not in "iub":
        if array.dtype.kind != "O" or not all(isinstance(x, (int, np.integer)) for x in array.flat):
            raise BadParameterError(f"{what} must hold integers, got dtype {array.dtype}")
    array = array.astype(np.int64)
    array.flags.writeable = False
    return array


def column_index_map(matrix: np.ndarray, *, name: str = "matrix") -> np.ndarray:
    """For a 0/1 matrix with exactly one 1 per column, the row index of that 1 in each column.

    Such a matrix ``M`` acts as the map ``q ↦ map[q]``: ``M e_q = e_{map[q]}``, and
    ``(M₂M₁)`` has the map ``map₂[map₁]`` (composition by gather).

    Raises
    ------
    BadParameterError
        An entry outside {0, 1} or a column without exactly one 1.
    """
    matrix = np.asarray(matrix)
    if np.any((matrix != 0) & (matrix != 1)) or np.any(matrix.sum(axis=0) != 1):
        raise BadParameterError(
            f"{name} is not a 0/1 matrix with exactly one 1 per column (a DFA transition matrix)"
        )
    return matrix.argmax(axis=0).astype(np.int64)


@dataclass(frozen=True, eq=False)
class MatrixMonoid:
    """The monoid generated by a model's matrices under products (identity included).

    Attributes
    ----------
    alphabet : tuple of str
        The generators' symbols.
    words : tuple of tuple of str
        The shortlex-least word of each element (breadth-first over words in alphabet order);
        ``words[0] == ()`` (the identity).
    maps : numpy.ndarray or None
        ``(size, d)`` int64 index maps of the elements when every generator is a 0/1 matrix with
        one 1 per column (a DFA transition matrix); ``None`` otherwise. Read-only.

    Notes
    -----
    :attr:`elements` (the matrices themselves, ``elements[0]`` the identity; for a word
    ``x₁…x_T`` the element is ``A_{x_T}⋯A_{x_1}``) is built on first access from :attr:`maps`
    when those exist, so a large monoid of DFA matrices costs ``size·d`` integers, not
    ``size·d²``.
    """

    alphabet: tuple[str, ...]
    words: tuple[tuple[str, ...], ...]
    maps: np.ndarray | None = None
    _matrices: tuple[np.ndarray, ...] | None = field(default=None, repr=False)
    _index: dict = field(repr=False, default_factory=dict)

    @property
    def size(self) -> int:
        """Number of elements (the empty word's identity counted)."""
        return len(self.words)

    @cached_property
    def elements(self) -> tuple[np.ndarray, ...]:
        """The distinct matrices, read-only ``int64``; ``elements[0]`` is the identity."""
        if self._matrices is not None:
            return self._matrices
        out = []
        dim = self.maps.shape[1]
        columns = np.arange(dim)
        for row in self.maps:
            matrix = np.zeros((dim, dim), dtype=np.int64)
            matrix[row, columns] = 1  # M e_q = e_{map[q]}
            matrix.flags.writeable = False
            out.append(matrix)
        return tuple(out)

    def index(self, matrix: np.ndarray) -> int:
        """Position of ``matrix`` in :attr:`elements`.

        Raises
        ------
        BadParameterError
            A matrix that is not an element.
        """
        matrix = np.asarray(matrix, dtype=np.int64)
        if self.maps is not None:
            try:
                key = column_index_map(matrix).tobytes()
            except BadParameterError:
                key = None
        else:
            key = _matrix_key(matrix)
        position = self._index.get(key)
        if position is None:
            raise BadParameterError("the matrix is not an element of this monoid")
        return position

    def then_table(self) -> np.ndarray:
        """``table[i, j]`` = index of ``elements[j] @ elements[i]`` (word ``i`` then word ``j``).

        Uses index maps (:func:`column_index_map`), so every element must be a 0/1 matrix with
        one 1 per column (true for a model built from a DFA); composing maps by gather is the
        matrix product there. ``int64``, ``size × size``.

        Raises
        ------
        BadParameterError
            The monoid's matrices are not DFA transition matrices.
        """
        if self.maps is None:
            raise BadParameterError(
                "then_table needs 0/1 matrices with one 1 per column (a DFA's transition matrices)")
        maps = self.maps
        size, dim = maps.shape
        lookup = _row_lookup(maps)
        table = np.empty((size, size), dtype=np.int64)
        chunk = max(1, 4_000_000 // max(1, size * dim))
        for start in range(0, size, chunk):
            firsts = maps[start:start + chunk]  # (c, d)
            composed = maps[:, firsts].transpose(1, 0, 2)  # [i, j, :] = map_j ∘ map_i (i first)
            table[start:start + chunk] = lookup(composed.reshape(-1, dim)).reshape(len(firsts), size)
        return table


def _row_lookup(rows: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A function giving, for an array of rows that all occur in ``rows`` (distinct), their
    positions. Keys are a random 64-bit linear hash chosen injective on ``rows``; every answer
    is verified row by row, so a lookup is exact."""
    for seed in range(16):
        weights = np.random.default_rng(seed).integers(1, 2**62, size=rows.shape[1], dtype=np.int64)
        with np.errstate(over="ignore"):
            keys = rows @ weights
        order = np.argsort(keys, kind="stable")
        if np.all(np.diff(keys[order]) != 0):
            break
    else:  # pragma: no cover - 16 independent hashes all colliding
        raise RuntimeError("no injective hash found for the monoid's elements")
    sorted_keys = keys[order]

    def lookup(queries: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            query_keys = queries @ weights
        positions = order[np.minimum(np.searchsorted(sorted_keys, query_keys), len(order) - 1)]
        if not np.array_equal(rows[positions], queries):
            raise BadParameterError("a product of monoid elements is missing from the monoid")
        return positions

    return lookup


def _block_keys(side_by_side: np.ndarray, count: int, dim: int) -> list[bytes]:
    """:func:`_matrix_key` of each ``d×d`` block of a ``d × (count·d)`` array, converting the
    array to ``int8`` once when every entry fits (then each block fits, as in ``_matrix_key``)."""
    if side_by_side.size and -128 <= int(side_by_side.min()) and int(side_by_side.max()) <= 127:
        small = side_by_side.astype(np.int8)
        return [b"b" + small[:, i * dim:(i + 1) * dim].tobytes() for i in range(count)]
    return [_matrix_key(np.ascontiguousarray(side_by_side[:, i * dim:(i + 1) * dim]))
            for i in range(count)]


def _matrix_key(matrix: np.ndarray) -> bytes:
    low, high = (int(matrix.min()), int(matrix.max())) if matrix.size else (0, 0)
    if -128 <= low and high <= 127:
        return b"b" + matrix.astype(np.int8).tobytes()
    return b"q" + matrix.tobytes()


def _budget(max_size: int) -> BudgetExceededError:
    return BudgetExceededError(
        f"the matrix monoid has more than max_size={max_size} elements; raise max_size")


def matrix_closure(generators: Sequence[np.ndarray], alphabet: Sequence[str], *,
                   max_size: int = DEFAULT_MAX_MONOID) -> MatrixMonoid:
    """The monoid generated by integer matrices: breadth-first over words, exact products.

    Level ``n`` holds the new matrices of words of length ``n``; each is extended by every
    generator (``A_σ M`` for the word followed by ``σ``), in alphabet order, so the first word
    to reach a matrix is shortlex-least.

    Two exact product routes, chosen from the generators alone:

    - every generator a 0/1 matrix with one 1 per column (a DFA transition matrix): each matrix
      is its index map ``f`` (``M e_q = e_{f[q]}``) and ``A_σ M`` has the map ``f_σ[f]``, so a
      whole level is multiplied by one numpy gather per symbol (integers, exact);
    - otherwise: products with a sparse ``A_σ`` (scipy, ``int64``) against all frontier matrices
      side by side.

    Parameters
    ----------
    generators : sequence of numpy.ndarray
        ``d×d`` integer matrices, one per symbol of ``alphabet``.
    alphabet : sequence of str
        The generators' symbols.
    max_size : int
        Refuse past this many elements.

    Raises
    ------
    BudgetExceededError
        More than ``max_size`` elements.
    BadParameterError
        ``max_size < 1`` or mismatched generators.
    """
    alphabet = tuple(alphabet)
    if not isinstance(max_size, int) or max_size < 1:
        raise BadParameterError(f"max_size must be a positive integer, got {max_size!r}")
    if len(generators) != len(alphabet) or not generators:
        raise BadParameterError("give one generator matrix per symbol (at least one)")
    try:
        maps = [column_index_map(g) for g in generators]
    except BadParameterError:
        return _dense_closure(generators, alphabet, max_size)
    return _map_closure(np.stack(maps), alphabet, max_size)


def _map_closure(generator_maps: np.ndarray, alphabet: tuple[str, ...], max_size: int) -> MatrixMonoid:
    """Closure of index maps (see :func:`matrix_closure`); ``A_σ M`` ↔ ``f_σ[f_M]``."""
    dim = generator_maps.shape[1]
    dtype = np.int8 if dim <= 127 else np.int16 if dim <= 32767 else np.int64
    generator_maps = generator_maps.astype(dtype)
    identity = np.arange(dim, dtype=dtype)
    rows = [identity]
    words: list[tuple[str, ...]] = [()]
    index = {identity.tobytes(): 0}
    frontier = identity[None, :]
    frontier_ids = [0]
    while len(frontier):
        # products[j][slot] = f_σj ∘ f_slot (the frontier word followed by σj)
        products = [generator_maps[j][frontier] for j in range(len(alphabet))]
        new_rows, new_ids = [], []
        for slot, source in enumerate(frontier_ids):  # slot-major, then symbols: shortlex order
            for j, symbol in enumerate(alphabet):
                row = products[j][slot]
                key = row.tobytes()
                if key in index:
                    continue
                if len(rows) >= max_size:
                    raise _budget(max_size)
                index[key] = len(rows)
                new_ids.append(len(rows))
                rows.append(row)
                new_rows.append(row)
                words.append(words[source] + (symbol,))
        frontier = np.array(new_rows, dtype=dtype).reshape(-1, dim)
        frontier_ids = new_ids
    maps = np.array(rows, dtype=np.int64).reshape(-1, dim)
    maps.flags.writeable = False
    keyed = {row.tobytes(): i for i, row in enumerate(maps)}
    return MatrixMonoid(alphabet=alphabet, words=tuple(words), maps=maps, _index=keyed)


def _dense_closure(generators: Sequence[np.ndarray], alphabet: tuple[str, ...],
                   max_size: int) -> MatrixMonoid:
    """Closure by exact sparse integer products (any integer matrices)."""
    from scipy import sparse

    dim = generators[0].shape[0]
    sparse_generators = [sparse.csr_matrix(np.asarray(g, dtype=np.int64)) for g in generators]
    identity = np.eye(dim, dtype=np.int64)
    elements = [identity]
    words: list[tuple[str, ...]] = [()]
    index = {_matrix_key(identity): 0}
    frontier = [0]
    while frontier:
        side_by_side = np.hstack([elements[i] for i in frontier])  # d × (|F|·d)
        count = len(frontier)
        # products[j][:, slot·d:(slot+1)·d] = A_σj · elements[frontier[slot]], exact int64
        products = [np.asarray(g @ side_by_side, dtype=np.int64) for g in sparse_generators]
        keys = [_block_keys(product, count, dim) for product in products]
        next_frontier = []
        for slot, source in enumerate(frontier):  # slot-major, then symbols: shortlex order
            for j, symbol in enumerate(alphabet):
                key = keys[j][slot]
                if key in index:
                    continue
                if len(elements) >= max_size:
                    raise _budget(max_size)
                product = np.ascontiguousarray(products[j][:, slot * dim:(slot + 1) * dim])
                product.flags.writeable = False
                index[key] = len(elements)
                elements.append(product)
                words.append(words[source] + (symbol,))
                next_frontier.append(len(elements) - 1)
        frontier = next_frontier
    elements[0].flags.writeable = False
    return MatrixMonoid(alphabet=alphabet, words=tuple(words), _matrices=tuple(elements),
                        _index=index)


def wfa_ssm(dfa, *, alphabet: Sequence[str] | None = None, name: str | None = None) -> WFASSM:
    """The WFA-SSM of a DFA (Merrill, Petty & Sabharwal 2024, Thm 5.2).

    Weights (see the module docstring): ``(A_σ)[q′, q] = [δ(q, σ) = q′]``,
    ``h₀ = e_{q₀}``, ``C = Σ_{q ∈ F} e_q``; ``h_t = A_{x_t} h_{t−1}``, accept iff ``C·h_T > 0``.

    Parameters
    ----------
    dfa : automata.fa.dfa.DFA
        Any automata-lib DFA; a partial one is completed first with a rejecting sink state
        (:func:`statecheck.theory.dfa_io.complete_dfa`).
    alphabet : sequence of str, optional
        Symbol order (default: the sorted input symbols); must list the DFA's symbols once each.
    name : str, optional
        Label of the model.

    Returns
    -------
    WFASSM

    Raises
    ------
    MalformedDFAError
        ``dfa`` is not an automata-lib DFA.
    BadParameterError
        ``alphabet`` does not list the DFA's input symbols once each.

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> model = wfa_ssm(languages.get("parity").dfa)
    >>> model.accepts(["1", "0", "1"]), model.accepts(["1"])
    (True, False)
    """
    from automata.fa.dfa import DFA

    from statecheck.theory.dfa_io import ordered_dfa

    if not isinstance(dfa, DFA):
        raise MalformedDFAError(f"expected an automata-lib DFA, got {type(dfa).__name__}")
    dfa, symbols, states = ordered_dfa(dfa, alphabet)
    row = {q: i for i, q in enumerate(states)}
    dim = len(states)
    matrices = {}
    for symbol in symbols:
        matrix = np.zeros((dim, dim), dtype=np.int64)
        for q in states:
            matrix[row[dfa.transitions[q][symbol]], row[q]] = 1  # (A_σ)[q′, q] = [δ(q, σ) = q′]
        matrices[symbol] = matrix
    h0 = np.zeros(dim, dtype=np.int64)
    h0[row[dfa.initial_state]] = 1  # h₀ = e_{q₀}
    readout = np.array([1 if q in dfa.final_states else 0 for q in states], dtype=np.int64)  # C = 1_F
    return WFASSM(alphabet=symbols, states=states, A=matrices, h0=h0, C=readout,
                  name=name or "WFA-SSM")


