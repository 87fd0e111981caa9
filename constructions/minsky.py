"""Minsky's automaton-to-network construction: an RNN with one unit per (state, symbol) pair.

Sources: Minsky (1967), *Computation: Finite and Infinite Machines*, ch. 3 (every finite-state
machine is simulated by a network of threshold units); Merrill (2019), *Sequential Neural Networks
as Automata*; Merrill, Petty & Sabharwal (ICML 2024), *The Illusion of State in State-Space
Models*, Thm 5.1 (an RNN-SSM — a recurrence with a nonlinearity — recognises every regular
language with one layer).

The network, for a complete DFA ``(Q, Σ, δ, q₀, F)`` with states in row order
``states = (q₀, …)`` (the initial state first, the others sorted by ``repr``), alphabet
``Σ = (σ_1, …, σ_k)`` and ``D = |Q|·k`` hidden units, unit ``(q, σ)`` at index
``row(q)·k + col(σ)``::

    h_t = act(U h_{t−1} + V e(x_t) + b),   accept x₁…x_T  iff  readout·h_T + readout_bias > 0

Unit ``(q, σ)`` is on at time ``t`` iff ``x_t = σ`` and the DFA is in ``q`` after ``x₁…x_t``.

Heaviside ``H(z) = [z > 0]`` and ReLU (0/1 states)::

    U[(q′,σ), (p,τ)] = 2 · [δ(p, σ) = q′]
    V[(q′,σ), τ]     = 2 · [τ = σ]
    b[(q′,σ)]        = −3
    h₀               = e_{(q₀, σ_1)}                      (q₀ with a placeholder symbol)
    readout[(q,σ)]   = 2 · [q ∈ F],      readout_bias = −1

With ``h_{t−1}`` one-hot on a unit ``(p, τ)`` the pre-activation is
``z[(q′,σ)] = 2·[δ(p,σ) = q′] + 2·[x_t = σ] − 3 ∈ {−3, −1, +1}``, and ``+1`` exactly at
``(δ(p, x_t), x_t)``; ``H`` and ``relu`` both map ``{−3, −1, +1}`` to ``{0, 0, 1}``.

Sign ``sgn(z) = 1 if z > 0 else −1`` (±1 states, ``s = 2h − 1``): substituting
``h = (s + 1)/2`` gives the same pre-activations with::

    U_sgn[(q′,σ), (p,τ)] = [δ(p, σ) = q′]
    V_sgn                = V
    b_sgn[(q′,σ)]        = −3 + k · |{p ∈ Q : δ(p, σ) = q′}|
    h₀_sgn               = 2·e_{(q₀, σ_1)} − 1
    readout_sgn[(q,σ)]   = [q ∈ F],      readout_bias_sgn = −1 + k·|F|

**Margin.** For every activation, every reachable hidden state and every input symbol, each
pre-activation is an odd integer in ``{−3, −1, +1}`` (``|z| ≥ 1``), and the readout value
``readout·h + readout_bias`` is ``±1``: every decision keeps a margin of 1 from the threshold 0.
All weights are integers (``readout_bias`` is stored as a float with an integer value and
compared exactly); the stepper runs in exact integer arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from statecheck.constructions.wfa import DEFAULT_MAX_TABLE, TabulatedStepper, tabulate
from statecheck.errors import (
    BadParameterError,
    BudgetExceededError,
    MalformedDFAError,
    check_symbols,
)

__all__ = ["MinskyRNN", "minsky_rnn", "ACTIVATIONS", "MARGIN", "MAX_UNITS", "apply_activation"]

#: The activations :func:`minsky_rnn` supports.
ACTIVATIONS = ("heaviside", "relu", "sign")
#: The guaranteed distance of every pre-activation and readout value from 0 (see the module).
MARGIN = 1
#: Most hidden units :func:`minsky_rnn` builds by default (``U`` is dense: ``D²`` integers).
MAX_UNITS = 4096


def apply_activation(name: str, z: np.ndarray) -> np.ndarray:
    """``H(z) = [z > 0]``, ``relu(z) = max(z, 0)`` or ``sgn(z) = 1 if z > 0 else −1``, elementwise.

    Integer in, integer out (exact).

    Raises
    ------
    BadParameterError
        ``name`` not in :data:`ACTIVATIONS`.
    """
    if name == "heaviside":
        return (z > 0).astype(np.int64)
    if name == "relu":
        return np.maximum(z, 0)
    if name == "sign":
        return np.where(z > 0, 1, -1).astype(np.int64)
    raise BadParameterError(f"activation {name!r} is not one of {ACTIVATIONS}")


def _check_activation(activation: Any) -> str:
    if activation not in ACTIVATIONS:
        raise BadParameterError(f"activation {activation!r} is not one of {ACTIVATIONS}")
    return activation


class MinskyRNN:
    """An RNN ``h_t = act(U h_{t−1} + V e(x_t) + b)``, accept iff ``readout·h_T + readout_bias > 0``.

    Build one with :func:`minsky_rnn`; the keyword-only constructor validates shapes. It is a
    stepper for :func:`statecheck.theory.check.check`: a state is ``h`` as a tuple of Python
    ints (exact, hashable).

    Parameters
    ----------
    alphabet : sequence of str
        ``e(x)`` is the one-hot vector of ``x`` in this order (the columns of ``V``).
    U, V, b, h0, readout : array_like
        Integer arrays of shapes ``(D, D)``, ``(D, |Σ|)``, ``(D,)``, ``(D,)``, ``(D,)``.
    readout_bias : float
        An integer-valued number.
    activation : {"heaviside", "relu", "sign"}
    units : sequence, optional
        A label per hidden unit (``(state, symbol)`` for :func:`minsky_rnn`).
    name : str, optional

    Raises
    ------
    BadParameterError
        Unknown activation, empty or repeated alphabet, a wrong shape, a non-integer weight or
        a non-integer ``readout_bias``.
    """

    def __init__(self, *, alphabet: Sequence[str], U: Any, V: Any, b: Any, h0: Any, readout: Any,
                 readout_bias: float, activation: str, units: Sequence[Any] | None = None,
                 name: str = "Minsky RNN") -> None:
        self.activation = _check_activation(activation)
        alphabet = tuple(alphabet)
        if not alphabet or len(set(alphabet)) != len(alphabet):
            raise BadParameterError(f"alphabet must list at least one symbol, each once; got {alphabet!r}")
        dim = np.asarray(b).shape[0] if np.asarray(b).ndim == 1 else -1
        if dim < 1:
            raise BadParameterError(f"b must be a non-empty vector, got shape {np.asarray(b).shape}")
        self.alphabet = alphabet
        self.U = _integer_array(U, (dim, dim), "U")
        self.V = _integer_array(V, (dim, len(alphabet)), "V")
        self.b = _integer_array(b, (dim,), "b")
        self.h0 = _integer_array(h0, (dim,), "h0")
        self.readout = _integer_array(readout, (dim,), "readout")
        bias = Fraction(readout_bias)
        if bias.denominator != 1:
            raise BadParameterError(f"readout_bias must have an integer value, got {readout_bias!r}")
        self.readout_bias = float(readout_bias)
        self._bias = int(bias)
        self.dim = dim
        self.units = tuple(units) if units is not None else tuple(range(dim))
        if len(self.units) != dim:
            raise BadParameterError(f"units must label {dim} hidden units, got {len(self.units)}")
        self.name = name
        self.initial_state = tuple(self.h0.tolist())
        self._col = {a: j for j, a in enumerate(alphabet)}

    def __repr__(self) -> str:
        return (f"MinskyRNN({self.name!r}, activation={self.activation!r}, units={self.dim}, "
                f"alphabet={len(self.alphabet)} symbols)")

    # ------------------------------------------------------------------ stepper
    def pre_activation(self, state: Iterable[int], symbol: str) -> tuple[int, ...]:
        """``U h + V e(symbol) + b`` in exact integers.

        Raises
        ------
        UnknownSymbolError
            ``symbol`` is not in the alphabet.
        """
        j = self._col.get(symbol)
        if j is None:
            check_symbols((symbol,), self.alphabet)
        h = np.asarray(tuple(state), dtype=np.int64)
        recurrent = self.U @ h if self.dim <= 64 else self._recurrent(h[None, :])[0]
        return tuple((recurrent + self.V[:, j] + self.b).tolist())

    def step(self, state: tuple[int, ...], symbol: str) -> tuple[int, ...]:
        """``act(U h + V e(symbol) + b)`` (exact)."""
        z = np.asarray(self.pre_activation(state, symbol), dtype=np.int64)
        return tuple(apply_activation(self.activation, z).tolist())

    def readout_value(self, state: Iterable[int]) -> int:
        """``readout·h + readout_bias`` (exact integer)."""
        return int(self.readout @ np.asarray(tuple(state), dtype=np.int64)) + self._bias

    def output(self, state: tuple[int, ...]) -> bool:
        """Acceptance: ``readout·h + readout_bias > 0``."""
        return self.readout_value(state) > 0

    def run(self, word: Iterable[str]) -> tuple[int, ...]:
        """``h_T`` after reading ``word`` from ``h0``.

        Raises
        ------
        UnknownSymbolError
            A symbol outside the alphabet (a plain string is refused).
        """
        h = self.initial_state
        for symbol in check_symbols(word, self.alphabet):
            h = self.step(h, symbol)
        return h

    def accepts(self, word: Iterable[str]) -> bool:
        """Whether ``readout·h_T + readout_bias > 0`` for ``word``."""
        return self.output(self.run(word))

    def tabulate(self, *, max_states: int = DEFAULT_MAX_TABLE) -> TabulatedStepper:
        """The reachable hidden states as a table stepper (exact, vectorised; see
        :func:`statecheck.constructions.wfa.tabulate`).

        Raises
        ------
        BudgetExceededError
            More than ``max_states`` reachable hidden states.
        """
        inputs = (self.V + self.b[:, None]).T  # (k, D): V e(σ_j) + b

        def step_all(vectors: np.ndarray) -> np.ndarray:  # (m, D) -> (k, m, D)
            z = self._recurrent(vectors)[None, :, :] + inputs[:, None, :]
            return apply_activation(self.activation, z)

        def accepts(vectors: np.ndarray) -> np.ndarray:
            return vectors @ self.readout + self._bias > 0

        return tabulate(self.h0, step_all, accepts, self.alphabet, max_states=max_states,
                        name=self.name)

    def margins(self, *, max_states: int = DEFAULT_MAX_TABLE) -> tuple[int, int]:
        """``(min |z|, min |readout value|)`` over every reachable hidden state and symbol.

        Computed exactly from the weights by exploring the reachable hidden states; for a model
        built by :func:`minsky_rnn` both are :data:`MARGIN`.
        """
        vectors = self.tabulate(max_states=max_states).vectors
        z = self._recurrent(vectors)  # (n, D)
        pre = z[None, :, :] + (self.V + self.b[:, None]).T[:, None, :]
        readout = vectors @ self.readout + self._bias
        return int(np.abs(pre).min()), int(np.abs(readout).min())

    def _recurrent(self, vectors: np.ndarray) -> np.ndarray:
        """``(U h)`` for each row ``h`` of ``vectors``, exact ``int64`` (sparse ``U``: ``|Σ|``
        nonzeros per column for a model built by :func:`minsky_rnn`)."""
        from scipy import sparse

        if not hasattr(self, "_sparse_U"):
            self._sparse_U = sparse.csr_matrix(self.U)
        return np.asarray((self._sparse_U @ vectors.T).T, dtype=np.int64)

    def to_torch(self, *, dtype: Any = None):
        """A ``torch.nn.Module`` with the same weights and forward semantics (float).

        ``module(tokens)`` takes a ``(batch, T)`` long tensor of alphabet indices and returns
        the acceptance after every prefix, ``(batch, T+1)`` bool (position 0 = empty word);
        ``module.states(tokens)`` the hidden states ``(batch, T+1, D)``. The loop runs one token
        at a time (a nonlinear recurrence has no associative scan). Every pre-activation is an
        integer of size at most ``2·D + 3``, so fp32 (the default) and fp64 reproduce the exact
        run; torch is imported only here.

        Parameters
        ----------
        dtype : torch.dtype or str, optional
            Float type (``"fp32"`` by default; see
            :func:`statecheck.constructions.ssm_torch.resolve_dtype`).
        """
        return _torch_module_class()(self, dtype=dtype)

    def weights(self) -> dict[str, np.ndarray]:
        """The weights as arrays for ``numpy.savez``: ``U``, ``V``, ``b``, ``h0``, ``readout``,
        ``readout_bias`` (0-d float), ``activation``, ``alphabet`` and ``units`` (as strings)."""
        return {
            "U": self.U.copy(), "V": self.V.copy(), "b": self.b.copy(), "h0": self.h0.copy(),
            "readout": self.readout.copy(), "readout_bias": np.array(self.readout_bias),
            "activation": np.array(self.activation), "alphabet": np.array(self.alphabet, dtype=str),
            "units": np.array([str(u) for u in self.units], dtype=str),
        }


def _integer_array(value: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    array = np.asarray(value)
    if array.shape != shape:
        raise BadParameterError(f"{what} must have shape {shape}, got {array.shape}")
    if array.dtype.kind not in "iub":
        raise BadParameterError(f"{what} must hold integers, got dtype {array.dtype}")
    array = array.astype(np.int64)
    array.flags.writeable = False
    return array


def minsky_rnn(dfa, activation: str = "heaviside", *, alphabet: Sequence[str] | None = None,
               name: str | None = None, max_units: int = MAX_UNITS) -> MinskyRNN:
    """Minsky's RNN for a DFA: one unit per (state, symbol) pair (Merrill et al. 2024, Thm 5.1).

    Weights as formulas (module docstring): for Heaviside and ReLU
    ``U[(q′,σ),(p,τ)] = 2[δ(p,σ) = q′]``, ``V[(q′,σ),τ] = 2[τ = σ]``, ``b = −3``,
    ``h₀ = e_{(q₀,σ_1)}``, ``readout[(q,σ)] = 2[q ∈ F]``, ``readout_bias = −1``; for sign the
    ±1 rewrite ``U/2``, ``b + U·1/2``, ``2h₀ − 1``, ``readout/2``, ``readout_bias + readout·1/2``.
    Every pre-activation on a reachable state lies in ``{−3, −1, +1}`` and every readout value
    in ``{−1, +1}``: a margin of 1 (:data:`MARGIN`).

    Parameters
    ----------
    dfa : automata.fa.dfa.DFA
        Any automata-lib DFA; a partial one is completed with a rejecting sink first.
    activation : {"heaviside", "relu", "sign"}
    alphabet : sequence of str, optional
        Symbol order (default: sorted input symbols).
    name : str, optional
    max_units : int
        Refuse DFAs needing more than this many units (``|Q|·|Σ|``; ``U`` is a dense
        ``D×D`` integer matrix).

    Returns
    -------
    MinskyRNN
        With ``D = |Q|·|Σ|`` units labelled ``(state, symbol)``.

    Raises
    ------
    BadParameterError
        Unknown ``activation``; an ``alphabet`` that does not list the DFA's symbols once each.
    MalformedDFAError
        ``dfa`` is not an automata-lib DFA.
    BudgetExceededError
        ``|Q|·|Σ| > max_units``.

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> rnn = minsky_rnn(languages.get("parity").dfa, "sign")
    >>> rnn.accepts(["1", "0", "1"]), rnn.accepts(["1"])
    (True, False)
    """
    from automata.fa.dfa import DFA

    from statecheck.theory.dfa_io import ordered_dfa

    _check_activation(activation)
    if not isinstance(dfa, DFA):
        raise MalformedDFAError(f"expected an automata-lib DFA, got {type(dfa).__name__}")
    dfa, symbols, states = ordered_dfa(dfa, alphabet)
    row = {q: i for i, q in enumerate(states)}
    n, k = len(states), len(symbols)
    dim = n * k
    if dim > max_units:
        raise BudgetExceededError(
            f"the Minsky RNN of this DFA needs {n}·{k} = {dim} units, more than max_units={max_units}")
    delta = np.array([[row[dfa.transitions[q][a]] for a in symbols] for q in states],
                     dtype=np.int64).reshape(n, k)  # delta[p, j] = row of δ(p, σ_j)
    final = np.array([q in dfa.final_states for q in states], dtype=np.int64)

    # moves[(q′,σ), (p,τ)] = [δ(p, σ) = q′]; unit (q, σ) sits at row(q)·k + col(σ)
    target = np.arange(n).repeat(k)  # q′ of each unit
    symbol_of = np.tile(np.arange(k), n)  # σ of each unit
    source_state = np.arange(n).repeat(k)  # p of each unit (p, τ)
    moves = (delta[source_state][:, symbol_of].T == target[:, None]).astype(np.int64)
    V = 2 * (symbol_of[:, None] == np.arange(k)[None, :]).astype(np.int64)  # V[(q′,σ),τ] = 2[τ = σ]
    h0 = np.zeros(dim, dtype=np.int64)
    h0[row[dfa.initial_state] * k] = 1  # h₀ = e_{(q₀, σ_1)}
    readout01 = final.repeat(k)  # [q ∈ F] per unit (q, σ)
    if activation == "sign":
        U = moves  # U_sgn = U/2
        b = -3 + moves.sum(axis=1)  # b_sgn = −3 + k·|{p : δ(p,σ) = q′}| = b + U·1/2
        h0 = 2 * h0 - 1  # h₀_sgn = 2h₀ − 1
        readout = readout01  # readout_sgn = [q ∈ F]
        readout_bias = float(-1 + int(readout01.sum()))  # −1 + k·|F|
    else:
        U = 2 * moves  # U[(q′,σ),(p,τ)] = 2[δ(p,σ) = q′]
        b = np.full(dim, -3, dtype=np.int64)  # b = −3
        readout = 2 * readout01  # readout = 2[q ∈ F]
        readout_bias = -1.0
    units = [(q, a) for q in states for a in symbols]
    return MinskyRNN(alphabet=symbols, U=U, V=V, b=b, h0=h0, readout=readout,
                     readout_bias=readout_bias, activation=activation, units=units,
                     name=name or f"Minsky RNN ({activation})")


_MODULE_CLASS = None


def _torch_module_class():
    """The ``nn.Module`` class of :meth:`MinskyRNN.to_torch`, defined on first use so that
    importing this module does not import torch."""
    global _MODULE_CLASS
    if _MODULE_CLASS is not None:
        return _MODULE_CLASS
    import torch
    from torch import nn

    from statecheck.constructions.ssm_torch import resolve_dtype

    activations = {
        "heaviside": lambda z: (z > 0).to(z.dtype),
        "relu": torch.relu,
        "sign": lambda z: torch.where(z > 0, 1.0, -1.0).to(z.dtype),
    }

    class MinskyRNNModule(nn.Module):
        """``h_t = act(U h_{t−1} + V e(x_t) + b)``; accept iff ``readout·h_t + readout_bias > 0``."""

        def __init__(self, model: MinskyRNN, *, dtype: Any = None) -> None:
            super().__init__()
            self.dtype = resolve_dtype(dtype)
            self.alphabet = model.alphabet
            self.activation = model.activation
            self._act = activations[model.activation]
            for name in ("U", "V", "b", "h0", "readout"):
                value = torch.from_numpy(np.array(getattr(model, name), dtype=np.float64))
                self.register_buffer(name, value.to(self.dtype))
            self.readout_bias = model.readout_bias

        def states(self, tokens: torch.Tensor) -> torch.Tensor:
            """Hidden states ``(batch, T+1, D)`` (position 0 is ``h0``)."""
            h = self.h0.expand(tokens.shape[0], self.h0.shape[0])
            inputs = (self.V.T + self.b)[tokens]  # (batch, T, D): V e(x_t) + b
            out = [h]
            for step_input in inputs.unbind(1):
                h = self._act(h @ self.U.T + step_input)
                out.append(h)
            return torch.stack(out, dim=1)

        def forward(self, tokens: torch.Tensor) -> torch.Tensor:
            """Acceptance after every prefix, ``(batch, T+1)`` bool."""
            return self.states(tokens) @ self.readout + self.readout_bias > 0

    _MODULE_CLASS = MinskyRNNModule
    return _MODULE_CLASS
