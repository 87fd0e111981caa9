"""The single list of circuit builders that ``statecheck circuit NAME`` knows.

Each entry names its builder as a ``"module:function"`` string, imported only when used (the
products and SSM-layer builders of the same issue live in their own modules; if one is not
installed yet, :func:`resolve` says so with :class:`CircuitNotAvailableError`).
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass

from statecheck.errors import BadParameterError, StatecheckError, UnknownNameError

__all__ = ["BuilderEntry", "BUILDERS", "CircuitNotAvailableError", "names", "resolve", "build"]


class CircuitNotAvailableError(StatecheckError):
    """A registered builder whose module or function cannot be imported in this installation."""


@dataclass(frozen=True)
class BuilderEntry:
    """One builder: its ``"module:function"`` target, positional size parameters, keyword options."""

    name: str
    target: str
    params: tuple[str, ...]
    options: tuple[str, ...] = ()
    summary: str = ""


def _entry(name, target, params, options=(), summary=""):
    return name, BuilderEntry(name, target, tuple(params), tuple(options), summary)


#: CLI name → builder. ``params`` are passed positionally in this order; ``options`` by keyword.
BUILDERS: dict[str, BuilderEntry] = dict([
    _entry("majority", "statecheck.circuits.counting:majority", ["n"],
           summary="[more than half of n bits are 1], one gate"),
    _entry("at_least_k", "statecheck.circuits.counting:at_least_k", ["n", "k"],
           summary="[at least k of n bits are 1], one gate"),
    _entry("exactly_k", "statecheck.circuits.counting:exactly_k", ["n", "k"],
           summary="[exactly k of n bits are 1], depth 2"),
    _entry("compare", "statecheck.circuits.counting:compare", ["m"], ["weights"],
           summary="[x >= y] for two m-bit numbers"),
    _entry("addition", "statecheck.circuits.addition:addition", ["m"], ["weights"],
           summary="x + y for two m-bit numbers"),
    _entry("iterated_addition", "statecheck.circuits.addition:iterated_addition", ["n", "m"],
           ["weights"], summary="sum of n m-bit numbers, depth 2 (exp.) / 6 (poly. weights)"),
    _entry("multiplication", "statecheck.circuits.multiplication:multiplication", ["m"],
           ["weights"], summary="x * y for two m-bit numbers, depth 3 (exp. weights)"),
    _entry("iterated_product", "statecheck.circuits.iterated_product:iterated_product", ["n", "m"],
           summary="product of n m-bit numbers in constant depth"),
    _entry("matrix_power", "statecheck.circuits.matrix_power:matrix_power", ["d", "m", "N"],
           summary="M^N for a d x d matrix of m-bit entries"),
    _entry("s4_layer", "statecheck.circuits.ssm_layer:s4_layer_circuit", ["n"],
           summary="an S4-like SSM layer over n tokens as a circuit"),
    _entry("s6_layer", "statecheck.circuits.ssm_layer:s6_layer_circuit", ["n"],
           summary="an S6-like SSM layer over n tokens as a circuit"),
])


def names() -> list[str]:
    """The registered builder names, in registry order."""
    return list(BUILDERS)


def _entry_of(name: str) -> BuilderEntry:
    if name not in BUILDERS:
        raise UnknownNameError(f"unknown circuit {name!r}; known circuits: {', '.join(BUILDERS)}")
    return BUILDERS[name]


def resolve(name: str):
    """The builder function registered as ``name`` (imported now).

    Raises
    ------
    UnknownNameError
        ``name`` is not registered.
    CircuitNotAvailableError
        Its module or function does not exist in this installation.
    """
    entry = _entry_of(name)
    module_name, _, function_name = entry.target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise CircuitNotAvailableError(
                f"circuit {name!r} is not available: module {module_name} is not installed"
            ) from None
        raise
    function = getattr(module, function_name, None)
    if function is None:
        raise CircuitNotAvailableError(
            f"circuit {name!r} is not available: {module_name} has no function {function_name}"
        )
    return function


def build(name: str, params: dict, *, weights: str | None = None, budget: int | None = None):
    """Build the circuit ``name`` from ``params`` (the entry's size parameters, all required).

    ``weights`` is passed to builders that take it; ``budget`` to builders that take one.

    Raises
    ------
    BadParameterError
        A required size parameter is missing, or ``weights`` given to a builder without it.
    """
    entry = _entry_of(name)
    missing = [p for p in entry.params if params.get(p) is None]
    if missing:
        raise BadParameterError(
            f"circuit {name!r} needs {', '.join('--' + p for p in entry.params)}; "
            f"missing {', '.join('--' + p for p in missing)}"
        )
    extra = [p for p, value in params.items() if value is not None and p not in entry.params]
    if extra:
        raise BadParameterError(
            f"circuit {name!r} takes {', '.join('--' + p for p in entry.params)}; "
            f"got unexpected {', '.join('--' + p for p in extra)}"
        )
    function = resolve(name)
    kwargs = {}
    if weights is not None:
        if "weights" not in entry.options:
            raise BadParameterError(f"circuit {name!r} has no weights option, got weights={weights!r}")
        kwargs["weights"] = weights
    if budget is not None and "budget" in inspect.signature(function).parameters:
        kwargs["budget"] = budget
    return function(*(params[p] for p in entry.params), **kwargs)
