"""An SSM layer as a constant-depth threshold circuit (Merrill et al. 2024, Thm 4.2 and 4.4).

Source: Merrill, Petty & Sabharwal 2024, *The Illusion of State in State-Space Models* (ICML),
Thm 4.2 (S4 layers are in L-uniform TC0: the convolutional form needs matrix powers of the
fixed ``A`` and an iterated sum) and Thm 4.4 (S6/Mamba layers with diagonal input-dependent
``A(x)``: the convolutional form needs iterated products, Hesse, Allender & Barrington 2002).

Two small integer-weight layers over a finite token alphabet ``Σ`` (weights are Python ints;
nothing here is float), with ``h_0 = 0``:

- **S4-like** (time-invariant, :class:`S4Layer`): ``h_t = A h_{t−1} + B e(x_t)``,
  ``y_t = C h_t`` (``e(x)`` the one-hot column of token ``x``, so ``B e(x)`` is column ``x`` of
  ``B``). Convolutional form: ``y_n = Σ_{k=1}^n K_{n−k}[x_k]`` with the kernel
  ``K_j[x] = C A^j B e(x)``.
- **S6-like** (diagonal, input-dependent, :class:`S6Layer`): ``h_t = A(x_t) ⊙ h_{t−1} + B e(x_t)``
  with ``A(x) = diag(a_x)``, ``y_t = C h_t``. Convolutional form:
  ``y_n = Σ_{k=1}^n Σ_i C_i B_{i,x_k} Π_{j=k+1}^n a_{x_j, i}``.

Circuits (the output at position ``n``; depth independent of ``n``):

- :func:`s4_layer_circuit`: the kernel ``K_j = C A^j B`` is input-independent; it is computed
  exactly by matrix powering when the circuit is built (the uniformity machine's work) and
  becomes a table. Position ``k`` contributes the ``W``-bit number ``K_{n−k}[x_k] mod 2^W``,
  whose bit ``i`` is ``[Σ_{x : bit i of K_{n−k}[x] mod 2^W} onehot_{k,x} ≥ 1]`` (depth 1); the
  ``n`` numbers go through one iterated addition
  (:func:`statecheck.circuits.addition.emit_iterated_sum`, polynomial weights) and the low ``W``
  bits are ``y_n`` in two's complement. Depth: 1 + the iterated-addition depth (7 measured for
  every ``n ≥ 4``).
- :func:`s6_layer_circuit`: per prime ``p`` of a CRT basis with ``P > 2 · 2·bound``, each term
  ``C_i B_{i,x_k} Π_{j>k} a_{x_j,i}`` is one discrete-log product of token selectors
  (:func:`~statecheck.circuits.residue_circuits.product_mod`, depth 2; a token ``x`` with
  ``a_{x,i} ≡ 0`` is a zero flag), then ``(y_n + bound) mod p`` is one
  :func:`~statecheck.circuits.residue_circuits.linear_mod` of the ``n·d`` terms (depth 2), and
  :func:`~statecheck.circuits.residue_circuits.crt_reconstruct` returns the low ``W`` bits of
  ``(y_n + bound) − bound`` (depth 1 + the iterated-addition depth). 11 measured for every
  ``n`` in 2…20.

**Signed values.** The output is ``y_n`` in ``W``-bit **two's complement**, little-endian, with
``W = bit_length(bound) + 1`` and ``bound ≥ max |y_n|`` over all inputs of length ``n``
(:meth:`S4Layer.bound`, :meth:`S6Layer.bound`); :func:`decode_signed` reads it back. Inside the
S6 circuit the value is offset by ``+bound`` so that the CRT value is non-negative.

**Input bits.** Position ``k = 1 … n`` holds the one-hot token in bits
``(k − 1)|Σ| … k|Σ| − 1`` in alphabet order (:func:`encode_tokens`). Inputs that are not one-hot
per position are outside the contract (the output is unspecified).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from statecheck.circuits.iterated_product import check_edge_budget
from statecheck.circuits.residue_circuits import (
    crt_primes,
    crt_reconstruct,
    crt_reconstruct_estimate,
    linear_estimate,
    linear_mod,
    product_mod,
)
from statecheck.circuits.validation import check_budget, check_positive
from statecheck.errors import BadParameterError, check_symbols

__all__ = [
    "S4Layer",
    "S6Layer",
    "InvalidLayerError",
    "DEFAULT_S4",
    "DEFAULT_S6",
    "s4_layer_circuit",
    "s6_layer_circuit",
    "s4_kernel",
    "estimate_s4_layer",
    "estimate_s6_layer",
    "encode_tokens",
    "decode_signed",
    "MAX_LENGTH",
    "SOURCE",
]

SOURCE = "Merrill, Petty & Sabharwal 2024, Thm 4.2 (S4) and Thm 4.4 (S6)"

#: Longest sequence accepted (refused before any work).
MAX_LENGTH = 4096


class InvalidLayerError(BadParameterError):
    """Layer weights of the wrong shape or type (non-integers, ragged matrices, bad alphabet)."""


def _int_matrix(name: str, rows, n_rows: int | None, n_cols: int | None) -> tuple:
    try:
        matrix = tuple(tuple(row) for row in rows)
    except TypeError as exc:
        raise InvalidLayerError(f"{name} must be a matrix (a sequence of rows), got {rows!r}") from exc
    if n_rows is not None and len(matrix) != n_rows:
        raise InvalidLayerError(f"{name} must have {n_rows} rows, got {len(matrix)}")
    for r, row in enumerate(matrix):
        if n_cols is not None and len(row) != n_cols:
            raise InvalidLayerError(f"{name} row {r} must have {n_cols} entries, got {len(row)}")
        for v in row:
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
                raise InvalidLayerError(f"{name} entries must be integers, got {v!r} in row {r}")
    return tuple(tuple(int(v) for v in row) for row in matrix)


def _check_alphabet(alphabet) -> tuple[str, ...]:
    alphabet = tuple(alphabet)
    if not alphabet or len(set(alphabet)) != len(alphabet) or not all(
            isinstance(s, str) for s in alphabet):
        raise InvalidLayerError(
            f"alphabet must be a non-empty tuple of distinct strings, got {alphabet!r}")
    return alphabet


@dataclass(frozen=True)
class S4Layer:
    """A time-invariant integer SSM layer ``h_t = A h_{t−1} + B e(x_t)``, ``y_t = C h_t``.

    Parameters
    ----------
    alphabet : tuple of str
        Token order (= column order of ``B`` and the one-hot input order).
    A : d × d integer matrix
    B : d × |alphabet| integer matrix (column ``x`` is the input vector of token ``x``)
    C : length-d integer vector

    Examples
    --------
    >>> DEFAULT_S4.run(("a", "b", "c"))
    -3
    """

    alphabet: tuple[str, ...]
    A: tuple[tuple[int, ...], ...]
    B: tuple[tuple[int, ...], ...]
    C: tuple[int, ...]

    def __post_init__(self):
        alphabet = _check_alphabet(self.alphabet)
        A = _int_matrix("A", self.A, None, None)
        d = len(A)
        if d < 1:
            raise InvalidLayerError("A must be a non-empty square matrix")
        A = _int_matrix("A", A, d, d)
        object.__setattr__(self, "alphabet", alphabet)
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "B", _int_matrix("B", self.B, d, len(alphabet)))
        object.__setattr__(self, "C", _int_matrix("C", [self.C], 1, d)[0])

    @property
    def state_size(self) -> int:
        """``d``."""
        return len(self.A)

    def run(self, tokens: Sequence[str]) -> int:
        """``y_n`` by the exact recurrence (Python ints), ``n = len(tokens)``."""
        tokens = check_symbols(tokens, self.alphabet)
        index = {s: i for i, s in enumerate(self.alphabet)}
        d = self.state_size
        h = [0] * d
        for token in tokens:
            x = index[token]
            h = [sum(self.A[i][j] * h[j] for j in range(d)) + self.B[i][x] for i in range(d)]
        return sum(c * v for c, v in zip(self.C, h, strict=True))

    def bound(self, n: int) -> int:
        """``Σ_{j<n} max_x |K_j[x]| ≥ max |y_n|`` over all length-n inputs (exact kernel)."""
        return sum(max(abs(v) for v in row) for row in s4_kernel(self, n))


@dataclass(frozen=True)
class S6Layer:
    """A diagonal input-dependent integer SSM layer ``h_t = a_{x_t} ⊙ h_{t−1} + B e(x_t)``.

    Parameters
    ----------
    alphabet : tuple of str
    A_diag : |alphabet| × d integer matrix (row ``x`` is the diagonal of ``A(x)``)
    B : d × |alphabet| integer matrix
    C : length-d integer vector

    Examples
    --------
    >>> DEFAULT_S6.run(("a", "a", "b"))
    -8
    """

    alphabet: tuple[str, ...]
    A_diag: tuple[tuple[int, ...], ...]
    B: tuple[tuple[int, ...], ...]
    C: tuple[int, ...]

    def __post_init__(self):
        alphabet = _check_alphabet(self.alphabet)
        C = _int_matrix("C", [self.C], 1, None)[0]
        d = len(C)
        if d < 1:
            raise InvalidLayerError("C must be a non-empty vector")
        object.__setattr__(self, "alphabet", alphabet)
        object.__setattr__(self, "C", C)
        object.__setattr__(self, "A_diag", _int_matrix("A_diag", self.A_diag, len(alphabet), d))
        object.__setattr__(self, "B", _int_matrix("B", self.B, d, len(alphabet)))

    @property
    def state_size(self) -> int:
        """``d``."""
        return len(self.C)

    def run(self, tokens: Sequence[str]) -> int:
        """``y_n`` by the exact recurrence (Python ints), ``n = len(tokens)``."""
        tokens = check_symbols(tokens, self.alphabet)
        index = {s: i for i, s in enumerate(self.alphabet)}
        h = [0] * self.state_size
        for token in tokens:
            x = index[token]
            h = [self.A_diag[x][i] * h[i] + self.B[i][x] for i in range(self.state_size)]
        return sum(c * v for c, v in zip(self.C, h, strict=True))

    def bound(self, n: int) -> int:
        """``Σ_k Σ_i |C_i| max_x |B_{i,x}| (max_x |a_{x,i}|)^{n−k} ≥ max |y_n|``."""
        total = 0
        for i in range(self.state_size):
            growth = max(abs(row[i]) for row in self.A_diag)
            inject = abs(self.C[i]) * max(abs(v) for v in self.B[i])
            total += inject * sum(growth**j for j in range(n))
        return total


#: The default S4 layer: tokens a, b, c; ``A`` a 2×2 Jordan block (``A^j = [[1, j], [0, 1]]``),
#: signed ``B`` and ``C``.
DEFAULT_S4 = S4Layer(alphabet=("a", "b", "c"), A=((1, 1), (0, 1)),
                     B=((1, 0, -1), (0, 1, 1)), C=(1, -2))

#: The default S6 layer: ``A(a) = diag(1, 2)`` (doubling), ``A(b) = diag(−1, 1)`` (sign flip),
#: ``A(c) = diag(0, 1)`` (reset); signed ``B`` and ``C``.
DEFAULT_S6 = S6Layer(alphabet=("a", "b", "c"), A_diag=((1, 2), (-1, 1), (0, 1)),
                     B=((1, 0, 1), (1, 1, -1)), C=(2, -1))


def s4_kernel(layer: S4Layer, n: int) -> list[list[int]]:
    """``K_j[x] = C A^j B e(x)`` for ``j = 0 … n−1`` (exact matrix powers, Python ints)."""
    d = layer.state_size
    kernel = []
    row = list(layer.C)  # C A^j, updated by right-multiplication with A
    for _ in range(n):
        kernel.append([sum(row[i] * layer.B[i][x] for i in range(d))
                       for x in range(len(layer.alphabet))])
        row = [sum(row[i] * layer.A[i][k] for i in range(d)) for k in range(d)]
    return kernel


def encode_tokens(layer, words: Sequence[Sequence[str]]) -> np.ndarray:
    """One-hot input bits (shape ``(len(words), n·|Σ|)``) for words of one length ``n``.

    Raises
    ------
    UnknownSymbolError
        A token outside the layer's alphabet.
    BadParameterError
        Words of different lengths.
    """
    words = [check_symbols(w, layer.alphabet) for w in words]
    lengths = {len(w) for w in words}
    if len(lengths) > 1:
        raise BadParameterError(f"all words must have the same length, got lengths {sorted(lengths)}")
    n = lengths.pop() if lengths else 0
    size = len(layer.alphabet)
    index = {s: i for i, s in enumerate(layer.alphabet)}
    bits = np.zeros((len(words), n * size), dtype=np.uint8)
    for r, word in enumerate(words):
        for k, token in enumerate(word):
            bits[r, k * size + index[token]] = 1
    return bits


def decode_signed(bits) -> list[int]:
    """Two's-complement little-endian rows → Python ints (one per row)."""
    array = np.asarray(bits)
    if array.ndim == 1:
        array = array[None, :]
    width = array.shape[1]
    values = []
    for row in array.tolist():
        value = sum(int(v) << i for i, v in enumerate(row))
        values.append(value - (1 << width) if row[-1] else value)
    return values


def _width(bound: int) -> int:
    return bound.bit_length() + 1


def _check_layer(layer, kind):
    if not isinstance(layer, kind):
        raise InvalidLayerError(f"layer must be an {kind.__name__}, got {type(layer).__name__}")
    return layer


def estimate_s4_layer(n: int, layer: S4Layer = DEFAULT_S4) -> tuple[int, int]:
    """``(gates, edges)`` upper estimate of :func:`s4_layer_circuit`, before building."""
    from statecheck.circuits.addition import estimate_column_sum

    width = _width(layer.bound(n))
    gates, edges = estimate_column_sum({i: n for i in range(width)}, "polynomial")
    return gates + n * width, edges + n * width * len(layer.alphabet)


def s4_layer_circuit(n: int, *, layer: S4Layer = DEFAULT_S4, budget: int | None = None,
                     edge_budget: int | None = None):
    """The threshold circuit mapping ``n`` one-hot tokens to ``y_n`` of an S4-like layer.

    Parameters
    ----------
    n : int
        Sequence length (``1 … MAX_LENGTH``).
    layer : S4Layer, optional
        Default :data:`DEFAULT_S4`.
    budget, edge_budget : int or None, optional
        Gate and edge budgets, checked on :func:`estimate_s4_layer` before building.

    Returns
    -------
    Circuit
        ``n·|Σ|`` inputs (:func:`encode_tokens`), ``W`` outputs: ``y_n`` in two's complement
        (:func:`decode_signed`). ``meta``: ``n``, ``width``, ``bound``.

    Raises
    ------
    BadParameterError
        ``n`` out of range; :class:`InvalidLayerError` for a wrong layer type.
    CircuitBudgetError
        Estimated gates or edges over the budgets.

    Notes
    -----
    Merrill et al. 2024, Thm 4.2. Weights: table-lookup gates with weights 1 (bit ``i`` of
    ``K_{n−k}[x_k] mod 2^W``), then the iterated addition's weights; see the module docstring.
    """
    from statecheck.circuits.addition import emit_iterated_sum
    from statecheck.circuits.ir import CircuitBuilder

    n = check_positive("n", n, maximum=MAX_LENGTH)
    layer = _check_layer(layer, S4Layer)
    what = f"s4_layer_circuit(n={n})"
    gates, edges = estimate_s4_layer(n, layer)
    check_budget(what, gates, budget)
    check_edge_budget(what, edges, edge_budget)
    bound = layer.bound(n)
    width = _width(bound)
    mask = (1 << width) - 1
    size = len(layer.alphabet)
    kernel = s4_kernel(layer, n)
    b = CircuitBuilder(n * size, name=what)
    numbers = []
    for k in range(n):  # position k + 1 reads kernel K_{n-1-k}
        onehot = b.inputs[k * size:(k + 1) * size]
        values = [v & mask for v in kernel[n - 1 - k]]
        number = []
        for i in range(width):
            wires = [onehot[x] for x in range(size) if (values[x] >> i) & 1]
            number.append(b.gate(wires, [1] * len(wires), 1) if wires else b.const(0))
        numbers.append(number)
    total = list(emit_iterated_sum(b, numbers, weights="polynomial"))[:width]
    while len(total) < width:
        total.append(b.const(0))
    return b.build(total, meta={"builder": "s4_layer", "n": n, "width": width, "bound": bound,
                                "source": SOURCE})


def _s6_primes(layer: S6Layer, n: int) -> tuple[int, ...]:
    return crt_primes(2 * layer.bound(n))


def estimate_s6_layer(n: int, layer: S6Layer = DEFAULT_S6) -> tuple[int, int]:
    """``(gates, edges)`` upper estimate of :func:`s6_layer_circuit`, before building."""
    bound = layer.bound(n)
    primes = _s6_primes(layer, n)
    d, size = layer.state_size, len(layer.alphabet)
    gates = edges = 0
    for p in primes:
        for k in range(n):
            factors = n - k
            s_max = factors * (p - 2)
            outputs = p + 2 * max(1, (p - 1).bit_length())
            gates += d * (s_max + outputs + 1)
            edges += d * (s_max * factors * size + 2 * (s_max + 1) * outputs
                          + outputs * factors * size)
        g, e = linear_estimate(n * d, p)
        gates, edges = gates + g, edges + e
    g, e = crt_reconstruct_estimate(primes, _width(bound))
    return gates + g, edges + e


def s6_layer_circuit(n: int, *, layer: S6Layer = DEFAULT_S6, budget: int | None = None,
                     edge_budget: int | None = None):
    """The threshold circuit mapping ``n`` one-hot tokens to ``y_n`` of an S6-like layer.

    Parameters
    ----------
    n : int
        Sequence length (``1 … MAX_LENGTH``).
    layer : S6Layer, optional
        Default :data:`DEFAULT_S6`.
    budget, edge_budget : int or None, optional
        Gate and edge budgets, checked on :func:`estimate_s6_layer` before building.

    Returns
    -------
    Circuit
        ``n·|Σ|`` inputs (:func:`encode_tokens`), ``W`` outputs: ``y_n`` in two's complement
        (:func:`decode_signed`). ``meta``: ``n``, ``width``, ``bound``, ``primes``.

    Raises
    ------
    BadParameterError
        ``n`` out of range; :class:`InvalidLayerError` for a wrong layer type.
    CircuitBudgetError
        Estimated gates or edges over the budgets.

    Notes
    -----
    Merrill et al. 2024, Thm 4.4, with HAB 2002 iterated products: for each prime ``p`` and
    term ``(k, i)`` the log-sum ``S = Σ_{j ≥ k} Σ_x w_{j,x} onehot_{j,x}`` with
    ``w_{k,x} = log_g(C_i B_{i,x} mod p)`` and ``w_{j,x} = log_g(a_{x,i} mod p)`` for ``j > k``
    (tokens whose value is ``≡ 0`` are zero flags), then the sum of the terms plus ``bound``
    modulo ``p``, then CRT (module docstring).
    """
    from statecheck.circuits.ir import CircuitBuilder

    n = check_positive("n", n, maximum=MAX_LENGTH)
    layer = _check_layer(layer, S6Layer)
    what = f"s6_layer_circuit(n={n})"
    gates, edges = estimate_s6_layer(n, layer)
    check_budget(what, gates, budget)
    check_edge_budget(what, edges, edge_budget)
    bound = layer.bound(n)
    width = _width(bound)
    primes = _s6_primes(layer, n)
    size, d = len(layer.alphabet), layer.state_size
    b = CircuitBuilder(n * size, name=what)
    consts: dict = {}
    onehots = [b.inputs[k * size:(k + 1) * size] for k in range(n)]
    residues = []
    for p in primes:
        terms = []
        for k in range(n):
            for i in range(d):
                inject = [(onehots[k][x], layer.C[i] * layer.B[i][x]) for x in range(size)]
                decays = [[(onehots[j][x], layer.A_diag[x][i]) for x in range(size)]
                          for j in range(k + 1, n)]
                factors = [(inject, 1)] + [(decay, 1) for decay in decays]
                terms.append((product_mod(b, factors, p, consts=consts), 1))
        residues.append(linear_mod(b, terms, p, offset=bound, consts=consts))
    outputs = crt_reconstruct(b, residues, width, subtract=bound, consts=consts)
    return b.build(outputs, meta={"builder": "s6_layer", "n": n, "width": width, "bound": bound,
                                  "primes": list(primes), "modulus_bits":
                                  math.prod(primes).bit_length(), "source": SOURCE})
