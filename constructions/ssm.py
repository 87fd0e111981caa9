"""The exact SSM layer and stack: tables over finite input sets, threshold readouts, a stepper.

Source: Sarrof, Veitsman & Hahn 2024, *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), §2 (the SSM definition); Grazzi et al. 2025, *Unlocking
State-Tracking in Linear RNNs Through Negative Eigenvalues* (ICLR), for eigenvalues below 0.

An **SSM layer** reads inputs ``u_1 … u_T`` from a finite set ``U`` and keeps a state
``h_t ∈ Q^d``:

- diagonal layer: ``h_t = A(u_t) ⊙ h_{t−1} + B(u_t)`` (element-wise);
- matrix layer:   ``h_t = A(u_t) · h_{t−1} + B(u_t)`` (``A(u)`` a ``d × d`` matrix, column
  vector ``h``; used for the permutation/rotation constructions);

with ``h_0`` the layer's ``initial`` vector (zero by default). ``A`` and ``B`` are *tables* over
``U`` holding exact numbers (``int`` or :class:`fractions.Fraction`, never floats). The layer's
output ``y_t = φ(h_t, u_t)`` is a **threshold readout**:

    ``bit_j(h, u) = H(w_j(u) · h[c_j(u)] − θ_j(u))``  with ``H(z) = 1 if z > 0 else 0``,
    ``φ(h, u) = table[u][Σ_j 2^j · bit_j(h, u)]``,

i.e. ``m`` Heaviside units, each reading one coordinate ``c_j(u)`` of the state with weight
``w_j(u)`` and threshold ``θ_j(u)``, followed by a lookup (the finite function an MLP on
``(u, bits)`` computes). ``φ``'s values form the next layer's input set; layer 1 reads the
tokens, preceded by a beginning-of-sequence token :data:`BOS`.

An :class:`SSMStack` is a list of layers whose last ``φ`` is the **readout**: the set of legal
next symbols (predictive semantics, ``"$"`` = may end) or acceptance (recognition semantics).
It is a *stepper* for :func:`statecheck.theory.check.check`: its state after a prefix is the
tuple ``(h^1, …, h^L, y^L)`` of exact values. :meth:`SSMStack.to_torch` exports the same
tables to an ``nn.Module`` (float, with a sequential loop and a parallel associative scan).

Each layer reports three properties used by the theorems:

- ``diagonal`` — every ``A(u)`` is diagonal;
- ``nonnegative`` — diagonal layer: every entry of every ``A(u)`` is ``≥ 0`` (Sarrof's
  NONNEGATIVE); matrix layer: every eigenvalue of every ``A(u)`` is real and ``≥ 0`` (Grazzi
  et al.'s condition; entrywise non-negativity is not the relevant notion there, since a cyclic
  permutation matrix is entrywise non-negative and still counts modulo k);
- ``time_invariant`` — ``A(u)`` is the same for every input (S4-style; ``B`` may still depend
  on the input, as ``B·x_t`` does in S4).

A :class:`Grid` turns a layer into a *finite-precision* one: after each update the state is
rounded (monotonically) onto the grid. This is the setting of Sarrof et al.'s Theorem 2, see
:mod:`statecheck.constructions.nonnegative_impossibility`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

from statecheck.errors import BadParameterError, InvalidPrefixError, UnknownSymbolError

__all__ = [
    "BOS",
    "END",
    "MAX_FEATURES",
    "Exact",
    "Threshold",
    "Grid",
    "SSMLayer",
    "SSMStack",
    "TraceStep",
    "exact",
]

#: The beginning-of-sequence token every stack reads before the first symbol.
BOS = "<bos>"
#: The end marker in next-symbol sets ("the word may end here").
END = "$"
#: Most Heaviside units one readout may have (its lookup table has ``2**m`` rows per input).
MAX_FEATURES = 16

Exact = int | Fraction


def exact(value: Any, what: str = "value") -> Exact:
    """Return ``value`` as an exact number: ``int`` when integral, else :class:`Fraction`.

    Parameters
    ----------
    value : int, Fraction or sympy Rational
        The number. Floats are refused: weights are exact by design.
    what : str
        What the value is (named in the error message).

    Raises
    ------
    BadParameterError
        For a float, a complex or irrational number, or a non-number.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    numerator = getattr(value, "p", None)  # sympy Integer / Rational
    denominator = getattr(value, "q", None)
    if isinstance(numerator, int) and isinstance(denominator, int) and getattr(value, "is_Rational", False):
        return exact(Fraction(numerator, denominator), what)
    raise BadParameterError(
        f"{what} must be an exact number (int, fractions.Fraction or a sympy Rational), "
        f"got {value!r} of type {type(value).__name__}"
    )


@dataclass(frozen=True)
class Threshold:
    """One Heaviside unit of a readout: ``bit = H(weight · h[coordinate] − threshold)``.

    Attributes
    ----------
    coordinate : int
        Which state coordinate the unit reads.
    weight, threshold : int or Fraction
        The unit fires (bit 1) iff ``weight · h[coordinate] > threshold``.
    """

    coordinate: int
    weight: Exact = 1
    threshold: Exact = 0

    def fires(self, state: Sequence[Exact]) -> bool:
        """``weight · state[coordinate] > threshold``."""
        return self.weight * state[self.coordinate] > self.threshold


#: A unit that never fires (pads readouts to a common width).
_NEVER = Threshold(0, 0, 1)


@dataclass(frozen=True)
class Grid:
    """A finite grid ``{j / 2^f : −bound ≤ j / 2^f ≤ bound}`` with monotone rounding.

    ``round(x) = clamp(floor(x · 2^f + 1/2) / 2^f, −bound, bound)`` (nearest, ties up,
    saturating): a non-decreasing map, which is what Sarrof et al.'s Theorem 2 assumes of
    finite-precision arithmetic.

    Attributes
    ----------
    fractional_bits : int
        ``f ≥ 0``.
    bound : int or Fraction
        ``> 0``; values are clamped to ``[−bound, bound]``.
    """

    fractional_bits: int
    bound: Exact

    def __post_init__(self) -> None:
        if not isinstance(self.fractional_bits, int) or self.fractional_bits < 0:
            raise BadParameterError(
                f"fractional_bits must be a non-negative integer, got {self.fractional_bits!r}"
            )
        bound = exact(self.bound, "grid bound")
        if bound <= 0:
            raise BadParameterError(f"grid bound must be positive, got {self.bound!r}")
        object.__setattr__(self, "bound", bound)

    @property
    def scale(self) -> int:
        """``2^f``."""
        return 1 << self.fractional_bits

    def round(self, x: Exact) -> Exact:
        """The grid value nearest ``x`` (ties up), clamped to ``[−bound, bound]``."""
        scaled = math.floor(Fraction(x) * self.scale + Fraction(1, 2))
        value = exact(Fraction(scaled, self.scale))
        return max(-self.bound, min(self.bound, value))

    def values(self) -> tuple[Exact, ...]:
        """Every grid value, increasing."""
        top = math.floor(Fraction(self.bound) * self.scale)
        return tuple(exact(Fraction(j, self.scale)) for j in range(-top, top + 1))


def _as_callable(table: Callable | Mapping, name: str) -> Callable:
    if callable(table):
        return table
    if isinstance(table, Mapping):
        def lookup(u):
            try:
                return table[u]
            except KeyError:
                raise BadParameterError(f"{name} has no entry for input {u!r}") from None
        return lookup
    raise BadParameterError(f"{name} must be a callable or a mapping over the inputs, got {table!r}")


class SSMLayer:
    """One SSM layer with exact tables ``A``, ``B`` over a finite input set and a threshold readout.

    Parameters
    ----------
    inputs : sequence of hashable
        The finite input set ``U`` in a fixed order (the row order of every table).
    dim : int
        State dimension ``d ≥ 1``.
    A : callable or mapping, ``u -> sequence``
        Diagonal layer: ``A(u)`` is a length-``d`` vector (``h ← A(u) ⊙ h + B(u)``).
        Matrix layer (``diagonal=False``): a ``d × d`` matrix, rows first (``h ← A(u) h + B(u)``).
    B : callable or mapping, ``u -> sequence``
        The length-``d`` input vector ``B(u)``.
    features : callable or mapping, ``u -> sequence of Threshold``
        The Heaviside units read at input ``u`` (at most :data:`MAX_FEATURES`); shorter lists
        are padded with a unit that never fires.
    decide : callable, ``(u, bits) -> hashable``
        The lookup ``φ``: ``bits`` is the tuple of unit outputs (0/1). It is tabulated once over
        every ``(u, bits)``.
    initial : sequence, optional
        ``h_0``; zeros by default.
    diagonal : bool
        Whether ``A(u)`` is given as a vector (diagonal) or as a matrix.
    grid : Grid, optional
        Round the state onto this grid after every update (finite precision).
    name : str
        Shown in traces and errors.

    Raises
    ------
    BadParameterError
        A non-exact weight, a wrong vector length, a coordinate out of range, too many units.
    """

    def __init__(
        self,
        *,
        inputs: Sequence[Hashable],
        dim: int,
        A: Callable | Mapping,
        B: Callable | Mapping,
        features: Callable | Mapping,
        decide: Callable[[Hashable, tuple[int, ...]], Hashable],
        initial: Sequence[Any] | None = None,
        diagonal: bool = True,
        grid: Grid | None = None,
        name: str = "layer",
    ) -> None:
        if not isinstance(dim, int) or dim < 1:
            raise BadParameterError(f"dim must be a positive integer, got {dim!r}")
        inputs = tuple(inputs)
        if not inputs or len(set(inputs)) != len(inputs):
            raise BadParameterError(f"inputs must be a non-empty sequence without repeats, got {inputs!r}")
        self.name = name
        self.dim = dim
        self.inputs = inputs
        self.is_matrix = not diagonal
        self.grid = grid
        self._index = {u: i for i, u in enumerate(inputs)}
        get_a, get_b = _as_callable(A, f"{name}.A"), _as_callable(B, f"{name}.B")
        get_f = _as_callable(features, f"{name}.features")
        self.A_table: tuple = tuple(self._read_A(get_a(u), u) for u in inputs)
        self.B_table: tuple[tuple[Exact, ...], ...] = tuple(
            self._read_vector(get_b(u), f"{name}.B({u!r})") for u in inputs
        )
        self.initial: tuple[Exact, ...] = (
            (0,) * dim if initial is None else self._read_vector(initial, f"{name}.initial")
        )
        units = [tuple(get_f(u)) for u in inputs]
        self.width = max((len(f) for f in units), default=0)
        if self.width > MAX_FEATURES:
            raise BadParameterError(
                f"{name} reads {self.width} threshold units at one input; at most {MAX_FEATURES}"
            )
        self.features: tuple[tuple[Threshold, ...], ...] = tuple(
            tuple(self._read_unit(t, u) for t in f) + (_NEVER,) * (self.width - len(f))
            for f, u in zip(units, inputs, strict=False)
        )
        outputs: dict[Hashable, int] = {}
        rows = []
        for u in inputs:
            row = []
            for code in range(1 << self.width):
                bits = tuple((code >> j) & 1 for j in range(self.width))
                y = decide(u, bits)
                try:
                    row.append(outputs.setdefault(y, len(outputs)))
                except TypeError:
                    raise BadParameterError(
                        f"{name}.decide({u!r}, {bits}) returned the unhashable {y!r}"
                    ) from None
            rows.append(tuple(row))
        self.outputs: tuple[Hashable, ...] = tuple(outputs)
        self.table: tuple[tuple[int, ...], ...] = tuple(rows)
        self._fast = [
            (a, b, tuple((t.coordinate, t.weight, t.threshold) for t in f), row)
            for a, b, f, row in zip(self.A_table, self.B_table, self.features, self.table,
                                    strict=True)
        ]

    # ------------------------------------------------------------------ validation
    def _read_vector(self, vector: Iterable, what: str) -> tuple[Exact, ...]:
        values = tuple(exact(x, what) for x in vector)
        if len(values) != self.dim:
            raise BadParameterError(f"{what} must have length dim={self.dim}, got {len(values)}")
        return values

    def _read_A(self, value, u) -> tuple:
        what = f"{self.name}.A({u!r})"
        if not self.is_matrix:
            return self._read_vector(value, what)
        rows = tuple(self._read_vector(row, what) for row in value)
        if len(rows) != self.dim:
            raise BadParameterError(f"{what} must be a {self.dim}x{self.dim} matrix, got {len(rows)} rows")
        return rows

    def _read_unit(self, unit, u) -> Threshold:
        if not isinstance(unit, Threshold):
            raise BadParameterError(f"{self.name}.features({u!r}) must hold Threshold units, got {unit!r}")
        if not 0 <= unit.coordinate < self.dim:
            raise BadParameterError(
                f"{self.name}.features({u!r}) reads coordinate {unit.coordinate}, outside 0..{self.dim - 1}"
            )
        return Threshold(unit.coordinate, exact(unit.weight, "unit weight"),
                         exact(unit.threshold, "unit threshold"))

    # ------------------------------------------------------------------ properties
    @property
    def diagonal(self) -> bool:
        """True iff every ``A(u)`` is diagonal."""
        if not self.is_matrix:
            return True
        return all(a[i][j] == 0 for a in self.A_table for i in range(self.dim)
                   for j in range(self.dim) if i != j)

    @cached_property
    def nonnegative(self) -> bool:
        """True iff every ``A(u)`` has only real eigenvalues ``≥ 0`` (entries ``≥ 0`` if diagonal)."""
        if self.diagonal:
            if self.is_matrix:
                return all(a[i][i] >= 0 for a in self.A_table for i in range(self.dim))
            return all(x >= 0 for a in self.A_table for x in a)
        return all(_eigenvalues_nonnegative(a) for a in set(self.A_table))

    @property
    def time_invariant(self) -> bool:
        """True iff ``A(u)`` is the same for every input ``u``."""
        return len(set(self.A_table)) == 1

    def A(self, u: Hashable) -> tuple:
        """The exact ``A(u)`` (a vector if diagonal, else a tuple of rows)."""
        return self.A_table[self._input_index(u)]

    def B(self, u: Hashable) -> tuple[Exact, ...]:
        """The exact ``B(u)``."""
        return self.B_table[self._input_index(u)]

    def _input_index(self, u: Hashable) -> int:
        try:
            return self._index[u]
        except KeyError:
            raise UnknownSymbolError(f"input {u!r} is not in {self.name}'s input set") from None

    # ------------------------------------------------------------------ semantics
    def update(self, state: tuple[Exact, ...], u: Hashable) -> tuple[Exact, ...]:
        """``A(u) ⊙ h + B(u)`` (or ``A(u) h + B(u)``), rounded onto the grid if there is one."""
        a, b, _, _ = self._fast[self._input_index(u)]
        if self.is_matrix:
            new = tuple(sum(x * y for x, y in zip(row, state, strict=False)) + bi
                        for row, bi in zip(a, b, strict=False))
        else:
            new = tuple(x * y + bi for x, y, bi in zip(a, state, b, strict=False))
        if self.grid is not None:
            new = tuple(self.grid.round(x) for x in new)
        return tuple(x.numerator if isinstance(x, Fraction) and x.denominator == 1 else x for x in new)

    def bits(self, state: tuple[Exact, ...], u: Hashable) -> tuple[int, ...]:
        """The Heaviside units' outputs at ``(state, u)``."""
        return tuple(int(t.fires(state)) for t in self.features[self._input_index(u)])

    def readout(self, state: tuple[Exact, ...], u: Hashable) -> Hashable:
        """``φ(h, u)``: the layer's output (the next layer's input)."""
        _, _, units, row = self._fast[self._input_index(u)]
        code = 0
        for j, (c, w, t) in enumerate(units):
            if w * state[c] > t:
                code |= 1 << j
        return self.outputs[row[code]]

    def with_grid(self, grid: Grid | None) -> SSMLayer:
        """A copy of this layer whose updates round onto ``grid`` (``None``: exact)."""
        copy = object.__new__(SSMLayer)
        copy.__dict__.update({k: v for k, v in self.__dict__.items() if k != "nonnegative"})
        copy.grid = grid
        if grid is not None:
            copy.initial = tuple(grid.round(x) for x in self.initial)
        return copy

    def describe(self) -> dict:
        """A JSON-ready summary: dimension, input count, units, the three properties."""
        return {
            "name": self.name,
            "dim": self.dim,
            "inputs": len(self.inputs),
            "threshold_units": self.width,
            "diagonal": self.diagonal,
            "nonnegative": self.nonnegative,
            "time_invariant": self.time_invariant,
            "grid": None if self.grid is None else {
                "fractional_bits": self.grid.fractional_bits, "bound": str(self.grid.bound)},
        }

    def __repr__(self) -> str:
        kind = "matrix" if self.is_matrix else "diagonal"
        return (f"SSMLayer({self.name!r}, dim={self.dim}, {kind}, inputs={len(self.inputs)}, "
                f"nonnegative={self.nonnegative}, time_invariant={self.time_invariant})")


def _eigenvalues_nonnegative(matrix: tuple[tuple[Exact, ...], ...]) -> bool:
    """Exactly: are all eigenvalues of ``matrix`` real and ``≥ 0``? (sympy real-root counting)."""
    import sympy

    x = sympy.Symbol("x")
    poly = sympy.Matrix([[sympy.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else v
                          for v in row] for row in matrix]).charpoly(x)
    poly = sympy.Poly(poly.as_expr(), x)
    roots = sympy.real_roots(poly)  # with multiplicity
    return len(roots) == poly.degree() and all(root >= 0 for root in roots)


@dataclass(frozen=True)
class TraceStep:
    """One position of :meth:`SSMStack.trace`.

    Attributes
    ----------
    symbol : str
        The token read (:data:`BOS` at position 0).
    states : tuple of tuples
        Every layer's state ``h^ℓ_t`` after reading it.
    outputs : tuple
        Every layer's output ``y^ℓ_t``; the last one is the model's output for the prefix.
    """

    symbol: str
    states: tuple[tuple[Exact, ...], ...]
    outputs: tuple[Hashable, ...]


class SSMStack:
    """A stack of SSM layers with a readout: an exact stepper and a torch-exportable model.

    Parameters
    ----------
    name : str
        The construction's name (e.g. ``"flipflop_ssm"``).
    alphabet : sequence of str
        The token alphabet, in the catalogue language's order.
    layers : sequence of SSMLayer
        Layer 1's inputs must contain :data:`BOS` and every symbol; layer ``ℓ+1``'s inputs must
        contain every output of layer ``ℓ``.
    semantics : {"predictive", "recognition"}
        What the last layer outputs: a frozenset of legal next symbols (``"$"`` = may end) or a
        bool (accept).
    language : tuple (str, dict), optional
        The catalogue language this model is built for: ``(name, params)``.
    finite : bool
        ``False`` when the reachable state set is infinite (counters); the checker then needs
        ``max_length``.
    memory : str
        A sentence stating the state size (shown by examples and reports).

    Attributes
    ----------
    initial_state : tuple
        The state after reading :data:`BOS`: ``(h^1, …, h^L, output)``.
    """

    def __init__(
        self,
        *,
        name: str,
        alphabet: Sequence[str],
        layers: Sequence[SSMLayer],
        semantics: str = "predictive",
        language: tuple[str, dict] | None = None,
        finite: bool = True,
        memory: str = "",
    ) -> None:
        if semantics not in ("predictive", "recognition"):
            raise BadParameterError(f"semantics must be 'predictive' or 'recognition', got {semantics!r}")
        self.name = name
        self.alphabet = tuple(alphabet)
        if BOS in self.alphabet or END in self.alphabet:
            raise BadParameterError(f"the alphabet may not contain {BOS!r} or {END!r}")
        self.layers = tuple(layers)
        if not self.layers:
            raise BadParameterError("a stack needs at least one layer")
        self.semantics = semantics
        self.language = language
        self.finite = finite
        self.memory = memory
        self._symbols = frozenset(self.alphabet)
        missing = [s for s in (BOS, *self.alphabet) if s not in self.layers[0]._index]
        if missing:
            raise BadParameterError(f"layer 1 of {name} has no input for token(s) {missing!r}")
        for lower, upper in zip(self.layers, self.layers[1:], strict=False):
            gap = [y for y in lower.outputs if y not in upper._index]
            if gap:
                raise BadParameterError(
                    f"{upper.name} has no input for {lower.name}'s output(s) {gap[:3]!r}"
                )
        self.initial_state = self._advance(tuple(layer.initial for layer in self.layers), BOS)

    # ------------------------------------------------------------------ stepper
    def _advance(self, states: tuple, token: str) -> tuple:
        u: Hashable = token
        new = []
        for layer, h in zip(self.layers, states, strict=False):
            h = layer.update(h, u)
            u = layer.readout(h, u)
            new.append(h)
        return (*new, u)

    def step(self, state: tuple, symbol: str) -> tuple:
        """The state after reading ``symbol``.

        Raises
        ------
        UnknownSymbolError
            ``symbol`` is not in the alphabet.
        """
        if symbol not in self._symbols:
            raise UnknownSymbolError(f"symbol {symbol!r} is not in the alphabet {self.alphabet!r} of {self.name}")
        return self._advance(state[:-1], symbol)

    def output(self, state: tuple) -> Hashable:
        """The readout in ``state``: next-symbol frozenset (predictive) or acceptance (bool)."""
        return state[-1]

    def run(self, word: Iterable[str]) -> tuple:
        """The state after reading ``word`` (checked symbol by symbol)."""
        state = self.initial_state
        for symbol in _word(word):
            state = self.step(state, symbol)
        return state

    def trace(self, word: Iterable[str]) -> list[TraceStep]:
        """Every layer's state and output along ``word``, starting with the :data:`BOS` position."""
        states = tuple(layer.initial for layer in self.layers)
        steps = []
        for symbol in (BOS, *_word(word)):
            if symbol != BOS and symbol not in self._symbols:
                raise UnknownSymbolError(f"symbol {symbol!r} is not in the alphabet {self.alphabet!r}")
            u: Hashable = symbol
            hs, ys = [], []
            for layer, h in zip(self.layers, states, strict=False):
                h = layer.update(h, u)
                u = layer.readout(h, u)
                hs.append(h)
                ys.append(u)
            states = tuple(hs)
            steps.append(TraceStep(symbol, states, tuple(ys)))
        return steps

    # ------------------------------------------------------------------ language interface
    def next_symbols(self, prefix: Iterable[str]) -> frozenset[str]:
        """The exact set of legal next symbols after ``prefix`` (``"$"`` = the word may end).

        Raises
        ------
        UnknownSymbolError
            A symbol outside the alphabet.
        InvalidPrefixError
            ``prefix`` is not a prefix of any member (a symbol the model itself rules out).
        """
        prefix = _word(prefix)
        state = self.initial_state
        for position, symbol in enumerate(prefix):
            allowed = self._allowed(state)
            if symbol not in self._symbols:
                raise UnknownSymbolError(
                    f"symbol {symbol!r} at position {position} is not in the alphabet {self.alphabet!r}"
                )
            if symbol not in allowed:
                shown = " ".join(prefix[:position]) or "ε"
                raise InvalidPrefixError(
                    f"{list(prefix)!r} is not a valid prefix for {self.name}: {symbol!r} at position "
                    f"{position} cannot follow {shown!r} (allowed: {sorted(allowed)!r})"
                )
            state = self.step(state, symbol)
        return self._allowed(state)

    def _allowed(self, state: tuple) -> frozenset[str]:
        out = state[-1]
        if self.semantics == "predictive":
            return out
        return frozenset(self.alphabet) | ({END} if out else frozenset())

    def accepts(self, word: Iterable[str]) -> bool:
        """Whether ``word`` is in the language (recognition: the readout; predictive: ``"$"`` allowed).

        Raises
        ------
        UnknownSymbolError
            A symbol outside the alphabet.
        """
        word = _word(word)
        if self.semantics == "recognition":
            return bool(self.run(word)[-1])
        try:
            return END in self.next_symbols(word)
        except InvalidPrefixError:
            return False

    def as_stepper(self, semantics: str) -> Any:
        """This model as a stepper with the given semantics.

        ``"recognition"`` on a predictive model outputs ``"$" ∈ next set``; ``"predictive"`` on a
        recognition model outputs ``alphabet ∪ {"$" if accepted}`` (every prefix of parity and
        mod-k extends to a member, so every symbol is always legal).
        """
        if semantics == self.semantics:
            return self
        if semantics not in ("predictive", "recognition"):
            raise BadParameterError(f"semantics must be 'predictive' or 'recognition', got {semantics!r}")
        return _SemanticsView(self, semantics)

    # ------------------------------------------------------------------ properties and export
    @property
    def nonnegative(self) -> bool:
        """True iff every layer is non-negative."""
        return all(layer.nonnegative for layer in self.layers)

    @property
    def diagonal(self) -> bool:
        """True iff every layer is diagonal."""
        return all(layer.diagonal for layer in self.layers)

    @property
    def state_size(self) -> int:
        """Total number of state coordinates ``Σ_ℓ d_ℓ``."""
        return sum(layer.dim for layer in self.layers)

    def with_grid(self, grid: Grid | None) -> SSMStack:
        """A copy whose every layer rounds its state onto ``grid`` (finite precision)."""
        return SSMStack(name=f"{self.name}@grid" if grid else self.name, alphabet=self.alphabet,
                        layers=[layer.with_grid(grid) for layer in self.layers],
                        semantics=self.semantics, language=self.language,
                        finite=True if grid is not None else self.finite, memory=self.memory)

    def describe(self) -> dict:
        """A JSON-ready summary of the stack and its layers."""
        return {
            "name": self.name,
            "alphabet": list(self.alphabet),
            "semantics": self.semantics,
            "language": None if self.language is None else {"name": self.language[0],
                                                            "params": dict(self.language[1])},
            "state_size": self.state_size,
            "memory": self.memory,
            "nonnegative": self.nonnegative,
            "diagonal": self.diagonal,
            "layers": [layer.describe() for layer in self.layers],
        }

    def to_torch(self, dtype: Any = None, *, parameterisation: str = "direct") -> Any:
        """The same model as a float ``torch.nn.Module`` (see :mod:`statecheck.constructions.ssm_torch`).

        Parameters
        ----------
        dtype : torch.dtype, optional
            ``torch.float32`` by default; fp16, bf16 and fp64 work too.
        parameterisation : {"direct", "mamba"}
            ``"mamba"`` computes every ``A`` in ``{0, 1}`` as ``exp(−softplus(z)·a)`` (see
            :mod:`statecheck.constructions.ssm_mamba`).
        """
        from statecheck.constructions.ssm_torch import SSMStackModule

        return SSMStackModule(self, dtype=dtype, parameterisation=parameterisation)

    def __repr__(self) -> str:
        return (f"SSMStack({self.name!r}, layers={len(self.layers)}, state_size={self.state_size}, "
                f"semantics={self.semantics!r}, nonnegative={self.nonnegative})")


class _SemanticsView:
    """A stack seen through the other semantics (see :meth:`SSMStack.as_stepper`)."""

    def __init__(self, stack: SSMStack, semantics: str) -> None:
        self.stack = stack
        self.semantics = semantics
        self.alphabet = stack.alphabet
        self.initial_state = stack.initial_state
        self.finite = stack.finite
        self.name = f"{stack.name}[{semantics}]"

    def step(self, state, symbol):
        """As the stack's ``step``."""
        return self.stack.step(state, symbol)

    def output(self, state):
        """The stack's output converted to this view's semantics."""
        if self.semantics == "recognition":
            return END in state[-1]
        return self.stack._allowed(state)


def _word(word: Iterable[str]) -> tuple[str, ...]:
    if isinstance(word, str):
        raise UnknownSymbolError(
            f"a word must be a sequence of symbols, not the string {word!r}; pass a tuple or list"
        )
    return tuple(word)
