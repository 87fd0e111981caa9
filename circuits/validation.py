"""Input checks shared by every circuit builder and by :meth:`Circuit.evaluate`.

Each check runs before any work and raises a specific :class:`~statecheck.errors.StatecheckError`
subclass whose message names the bad value and what was expected.
"""

from __future__ import annotations

import numpy as np

from statecheck.errors import BadParameterError, BudgetExceededError

__all__ = [
    "CircuitInputError",
    "CircuitBudgetError",
    "DEFAULT_GATE_BUDGET",
    "EDGES_PER_GATE",
    "check_budget",
    "check_positive",
    "check_weights_mode",
    "check_bits",
]

#: Gate budget of every builder unless the caller passes ``budget=``: a circuit whose estimated
#: gate count exceeds it is refused before it is built (1,000,000 gates take about 1 GB to
#: evaluate at batch 1024 and tens of seconds to build in Python).
DEFAULT_GATE_BUDGET = 1_000_000

#: Edge budget per unit of gate budget (default: 20,000,000 edges).
EDGES_PER_GATE = 20

WEIGHT_MODES = ("exponential", "polynomial")


class CircuitInputError(BadParameterError):
    """A batch of input bits of the wrong shape or with a value outside {0, 1}."""


class CircuitBudgetError(BudgetExceededError, BadParameterError):
    """A circuit whose estimated gates (or edges) exceed the budget: a budget error and a bad
    size parameter at once (``except BadParameterError`` and ``except BudgetExceededError`` both
    catch it)."""


def check_positive(name: str, value, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int after checking ``minimum <= value (<= maximum)``.

    Raises
    ------
    BadParameterError
        Naming the parameter, the bad value and the allowed range.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise BadParameterError(f"{name} must be an integer >= {minimum}, got {value!r}")
    value = int(value)
    if value < minimum or (maximum is not None and value > maximum):
        allowed = f">= {minimum}" if maximum is None else f"in {minimum}..{maximum}"
        raise BadParameterError(f"{name} must be an integer {allowed}, got {value}")
    return value


def check_weights_mode(weights: str) -> str:
    """Return ``weights`` after checking it is ``"exponential"`` or ``"polynomial"``."""
    if weights not in WEIGHT_MODES:
        raise BadParameterError(
            f"weights must be one of {WEIGHT_MODES!r}, got {weights!r}"
        )
    return weights


def check_budget(what: str, estimated_gates: int, budget: int | None, *,
                 estimated_edges: int | None = None) -> None:
    """Refuse to build ``what`` when ``estimated_gates`` exceeds ``budget``.

    When ``estimated_edges`` is given, also refuse when it exceeds ``EDGES_PER_GATE × budget``
    (edges dominate build time and memory for wide exponential-weight gates).

    Parameters
    ----------
    what : str
        The circuit, e.g. ``"iterated_product(n=64, m=32)"``.
    estimated_gates : int
        An upper bound on the gate count, computed before building.
    budget : int or None
        The allowed number of gates (``None``: :data:`DEFAULT_GATE_BUDGET`).
    estimated_edges : int or None, optional
        An upper bound on the number of edges.

    Raises
    ------
    CircuitBudgetError
        A :class:`~statecheck.errors.BudgetExceededError` and a
        :class:`~statecheck.errors.BadParameterError`.
    """
    budget = DEFAULT_GATE_BUDGET if budget is None else check_positive("budget", budget)
    if estimated_gates > budget:
        raise CircuitBudgetError(
            f"{what} needs an estimated {estimated_gates:,} gates, more than the gate budget "
            f"{budget:,}; choose smaller sizes or pass a larger budget (CLI: --budget)"
        )
    if estimated_edges is not None and estimated_edges > EDGES_PER_GATE * budget:
        raise CircuitBudgetError(
            f"{what} needs an estimated {estimated_edges:,} edges, more than the edge budget "
            f"{EDGES_PER_GATE * budget:,} ({EDGES_PER_GATE} x the gate budget {budget:,}); choose "
            "smaller sizes or pass a larger budget (CLI: --budget)"
        )


def check_bits(bits, width: int) -> tuple[np.ndarray, bool]:
    """Validate a batch of circuit inputs.

    Parameters
    ----------
    bits : array_like
        Shape ``(batch, width)`` (or ``(width,)`` for a single input), values in {0, 1}.
    width : int
        The circuit's number of inputs.

    Returns
    -------
    (ndarray of bool, bool)
        The batch as a 2-D boolean array and whether the caller passed a single 1-D input.

    Raises
    ------
    CircuitInputError
        Wrong number of dimensions, wrong width, or a value other than 0 and 1.
    """
    array = np.asarray(bits)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.integer)
        or np.issubdtype(array.dtype, np.bool_)
        or np.issubdtype(array.dtype, np.floating)
    ):
        raise CircuitInputError(f"input bits must be a numeric 0/1 array, got dtype {array.dtype}")
    single = array.ndim == 1
    if single:
        array = array[None, :]
    if array.ndim != 2:
        raise CircuitInputError(
            f"input bits must have shape (batch, {width}), got an array of shape {np.shape(bits)}"
        )
    if array.shape[1] != width:
        raise CircuitInputError(
            f"input bits must have shape (batch, {width}): this circuit has {width} inputs, "
            f"got width {array.shape[1]}"
        )
    if array.dtype != np.bool_ and array.size and (
        not np.issubdtype(array.dtype, np.integer) or array.min() < 0 or array.max() > 1
    ):
        bad = (array != 0) & (array != 1)
        if bad.any():
            row, col = (int(v) for v in np.argwhere(bad)[0])
            raise CircuitInputError(
                f"input bits must be 0 or 1, got {array[row, col].item()!r} at batch row {row}, input {col}"
            )
    return array.astype(np.bool_, copy=False), single
