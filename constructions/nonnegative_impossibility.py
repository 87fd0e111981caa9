"""No non-negative finite-precision SSM gets PARITY (or counting mod k ≥ 2) right: counterexamples.

Source: Sarrof, Veitsman & Hahn 2024, *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), Theorem 2 (no SSM satisfying NONNEGATIVE recognises PARITY at
arbitrary lengths with finite precision); Grazzi et al. 2025, *Unlocking State-Tracking in Linear
RNNs Through Negative Eigenvalues* (ICLR), Theorem 1 (the same for real non-negative eigenvalues)
and their mod-3 result (real diagonal gates of either sign still cannot count modulo 3).

The argument, made executable. Fix the input ``1 1 1 …``. In a diagonal layer each coordinate
follows ``x ↦ round(a·x + b)`` with the constants ``a = A(1)_i ≥ 0``, ``b = B(1)_i``. With
``a ≥ 0`` and monotone rounding this map is non-decreasing, and a non-decreasing map on a finite
totally ordered set has monotone orbits: ``x, f(x), f²(x), …`` is eventually **constant**. Once
layer 1 is constant, layer 2 reads a constant input and the same holds; so the whole stack's
state on ``1^n`` is eventually constant, say from ``n = m``. The readout then gives the same
answer on ``1^m`` and ``1^{m+1}``, whose parities differ: one of them is wrong.

- :func:`parity_counterexample` / :func:`mod_counterexample` run a model on ``1^n`` until its
  state repeats (period ``p``, from ``m``) and return the shortest ``1^L`` it gets wrong.
- :func:`exhaustive_grid_search` enumerates **every** one-layer, one-dimensional SSM on a grid
  (every ``A(1)``, ``B(1)`` and post-BOS state) and counts those whose state sequence on ``1^n``
  admits *any* correct readout (possible iff ``k`` divides the eventual period). With
  ``A ≥ 0`` none does. Other parameters (``A(0)``, ``B(0)``, the readout) never influence the run
  on ``1^n`` or cannot repair it, and coordinates of a diagonal layer evolve independently, so the
  count for ``d`` dimensions follows from the 1-D periods (period = lcm of the coordinates').
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from statecheck.constructions.ssm import Exact, Grid, SSMStack, exact
from statecheck.errors import BadParameterError, BudgetExceededError, StatecheckError

__all__ = [
    "Orbit",
    "ones_orbit",
    "parity_counterexample",
    "mod_counterexample",
    "GridSearchResult",
    "exhaustive_grid_search",
]


@dataclass(frozen=True)
class Orbit:
    """A model's run on ``symbol^n``: states ``s_0, s_1, …`` with ``s_{m+p} = s_m``.

    Attributes
    ----------
    transient : int
        ``m``: the first length whose state recurs.
    period : int
        ``p ≥ 1``: ``state(1^{n+p}) = state(1^n)`` for every ``n ≥ m``.
    outputs : tuple
        The readout on ``1^0 … 1^{m+p−1}`` (recognition: acceptance).
    """

    transient: int
    period: int
    outputs: tuple[Any, ...]

    def output(self, length: int) -> Any:
        """The readout on ``1^length`` (periodic beyond the transient)."""
        if length >= self.transient:
            length = self.transient + (length - self.transient) % self.period
        return self.outputs[length]


def ones_orbit(model: SSMStack, *, symbol: str = "1", max_steps: int = 100_000) -> Orbit:
    """Run ``model`` on ``symbol^n`` until its state repeats.

    Raises
    ------
    BadParameterError
        ``symbol`` is not in the model's alphabet.
    BudgetExceededError
        No repeat within ``max_steps`` (an exact model with an unbounded state: give it a grid
        with :meth:`SSMStack.with_grid` to make it finite-precision).
    """
    if symbol not in model.alphabet:
        raise BadParameterError(f"symbol {symbol!r} is not in the alphabet {model.alphabet!r} of {model.name}")
    view = model.as_stepper("recognition")
    seen: dict = {}
    outputs = []
    state = model.initial_state
    for length in range(max_steps + 1):
        if state in seen:
            first = seen[state]
            return Orbit(transient=first, period=length - first, outputs=tuple(outputs))
        seen[state] = length
        outputs.append(view.output(state))
        state = model.step(state, symbol)
    raise BudgetExceededError(
        f"the state of {model.name} on {symbol!r}^n did not repeat within {max_steps} steps; "
        "the theorem is about finite precision: round the model onto a grid "
        "(model.with_grid(Grid(fractional_bits, bound)))"
    )


def mod_counterexample(model: SSMStack, k: int, *, symbol: str = "1", language: Any = None,
                       max_steps: int = 100_000) -> tuple[str, ...]:
    """The shortest word ``symbol^L`` on which ``model`` gets counting mod ``k`` wrong.

    Parameters
    ----------
    model : SSMStack
        A non-negative model (every layer's ``nonnegative`` is True) with finite precision.
    k : int
        The modulus, ``k ≥ 2``.
    symbol : str
        The counted symbol.
    language : Language, optional
        The reference (``accepts``); default: the catalogue's ``mod`` language with this ``k``
        (``parity`` when ``k = 2``).

    Raises
    ------
    BadParameterError
        ``k < 2``, a model that is not non-negative (Theorem 2 does not apply), or a symbol
        outside its alphabet.
    BudgetExceededError
        The state does not repeat within ``max_steps``.
    StatecheckError
        The run on ``symbol^n`` is periodic with a period divisible by ``k`` (impossible for a
        non-negative diagonal model; possible for a matrix layer with non-negative eigenvalues
        only if rounding creates a cycle).
    """
    if not isinstance(k, int) or isinstance(k, bool) or k < 2:
        raise BadParameterError(f"k must be an integer >= 2, got {k!r}")
    if not model.nonnegative:
        negative = [layer.name for layer in model.layers if not layer.nonnegative]
        raise BadParameterError(
            f"{model.name} is not non-negative (layer(s) {negative} have a negative or complex "
            "eigenvalue): Sarrof et al.'s Theorem 2 does not apply, so no counterexample is "
            "guaranteed"
        )
    if language is None:
        from statecheck.theory import languages

        language = languages.get("parity") if k == 2 else languages.get("mod", k=k)
    orbit = ones_orbit(model, symbol=symbol, max_steps=max_steps)
    for length in range(orbit.transient + k * orbit.period + 1):
        word = (symbol,) * length
        if bool(orbit.output(length)) != bool(language.accepts(word)):
            return word
    raise StatecheckError(
        f"{model.name} is right on every {symbol!r}^n: its state has period {orbit.period} "
        f"(from length {orbit.transient}), a multiple of {k}"
    )


def parity_counterexample(model: SSMStack, *, symbol: str = "1", language: Any = None,
                          max_steps: int = 100_000) -> tuple[str, ...]:
    """The shortest ``1^L`` on which a non-negative finite-precision SSM gets PARITY wrong.

    See :func:`mod_counterexample` (with ``k = 2``) for the parameters and errors.
    """
    return mod_counterexample(model, 2, symbol=symbol, language=language, max_steps=max_steps)


@dataclass(frozen=True)
class GridSearchResult:
    """Outcome of :func:`exhaustive_grid_search`.

    Attributes
    ----------
    k : int
        The modulus (2 = parity).
    grid : Grid
        The grid every parameter and state lies on.
    allow_negative : bool
        Whether ``A(1) < 0`` was allowed.
    dim : int
        State dimension ``d``; models are ``d``-tuples of 1-D models.
    models : int
        Number of one-layer models examined (``(A(1), B(1), post-BOS state)`` per coordinate).
    solvable : int
        Models whose run on ``1^n`` admits a correct readout (``k`` divides the eventual period).
    periods : dict
        Histogram of eventual periods of the 1-D models.
    longest_transient : int
        The longest 1-D transient (the state is eventually periodic within this many steps).
    examples : tuple
        Up to five 1-D solvers ``(A(1), B(1), post-BOS state)`` when ``dim = 1``.
    """

    k: int
    grid: Grid
    allow_negative: bool
    dim: int
    models: int
    solvable: int
    periods: dict[int, int] = field(default_factory=dict)
    longest_transient: int = 0
    examples: tuple[tuple[Exact, Exact, Exact], ...] = ()

    @property
    def every_model_fails(self) -> bool:
        """True iff no model on the grid counts mod ``k`` on ``1^n``."""
        return self.solvable == 0


def _orbit_1d(a: int, b: int, x: int, scale: int, top: int) -> tuple[int, int]:
    """Transient and period of ``x ↦ clamp(floor(a·x/scale + 1/2) + b)`` (all scaled by ``scale``)."""
    seen = {}
    step = 0
    half = scale // 2
    while x not in seen:
        seen[x] = step
        x = (a * x + half) // scale + b if scale > 1 else a * x + b
        x = max(-top, min(top, x))
        step += 1
    return seen[x], step - seen[x]


def exhaustive_grid_search(k: int = 2, *, fractional_bits: int = 3, bound: Exact = 2,
                           allow_negative: bool = False, dim: int = 1) -> GridSearchResult:
    """Every one-layer diagonal SSM on a grid, run on ``1^n``: which can count mod ``k``?

    Enumerates every ``A(1) ∈ grid`` (``≥ 0`` unless ``allow_negative``), ``B(1) ∈ grid`` and
    state after BOS ``h ∈ grid``; runs ``x_1 = round(A·h + B)``, ``x_{n+1} = round(A·x_n + B)``
    with the monotone rounding of :class:`~statecheck.constructions.ssm.Grid`, and records the
    eventual period. A readout (any function of the state and the input ``1``) is right on every
    ``1^n, n ≥ 1`` iff equal states imply equal counts mod ``k``, i.e. iff ``k`` divides the
    period. For ``dim = d`` the period is the lcm of the coordinates' periods; the count of
    solvable ``d``-tuples is computed exactly from the 1-D histogram.

    Parameters
    ----------
    k : int
        The modulus, ``k ≥ 2``.
    fractional_bits, bound
        The grid ``{j/2^f : |j/2^f| ≤ bound}``.
    allow_negative : bool
        Also allow ``A(1) < 0`` (to contrast: parity becomes solvable, mod 3 does not).
    dim : int
        State dimension ``1 ≤ d ≤ 4``.

    Raises
    ------
    BadParameterError
        ``k < 2``, ``dim`` outside ``1..4``, or a grid with more than 257 values.
    """
    if not isinstance(k, int) or isinstance(k, bool) or k < 2:
        raise BadParameterError(f"k must be an integer >= 2, got {k!r}")
    if not isinstance(dim, int) or not 1 <= dim <= 4:
        raise BadParameterError(f"dim must be an integer in 1..4, got {dim!r}")
    grid = Grid(fractional_bits, bound)
    scale = grid.scale
    top = math.floor(Fraction(grid.bound) * scale)
    if 2 * top + 1 > 257:
        raise BadParameterError(
            f"the grid has {2 * top + 1} values; at most 257 (lower fractional_bits or bound)"
        )
    values = range(-top, top + 1)
    gains = values if allow_negative else range(0, top + 1)
    periods: Counter = Counter()
    examples = []
    longest = 0
    models = 0
    for a in gains:
        for b in values:
            for h in values:
                x1 = max(-top, min(top, (a * h + scale // 2) // scale + b if scale > 1 else a * h + b))
                transient, period = _orbit_1d(a, b, x1, scale, top)
                periods[period] += 1
                models += 1
                longest = max(longest, transient)
                if period % k == 0 and len(examples) < 5:
                    examples.append(tuple(exact(Fraction(v, scale)) for v in (a, b, h)))
    solvable = _count_solvable(periods, k, dim)
    return GridSearchResult(
        k=k, grid=grid, allow_negative=allow_negative, dim=dim, models=models ** dim,
        solvable=solvable, periods=dict(sorted(periods.items())), longest_transient=longest,
        examples=tuple(examples) if dim == 1 else (),
    )


def _count_solvable(periods: Counter, k: int, dim: int) -> int:
    """Number of ``dim``-tuples of 1-D models whose lcm period is divisible by ``k``."""
    by_lcm: Counter = Counter({1: 1})
    for _ in range(dim):
        nxt: Counter = Counter()
        for lcm_so_far, count in by_lcm.items():
            for period, n in periods.items():
                nxt[math.lcm(lcm_so_far, period)] += count * n
        by_lcm = nxt
    return sum(n for period, n in by_lcm.items() if period % k == 0)
