"""The registry of claims that ``statecheck verify`` runs.

A *claim* is a named statement with a source (paper and theorem) and a function that checks it
exactly and returns a :class:`~statecheck.theory.check.CheckResult` — from the equivalence
checker, or from :func:`fact` for an algebraic statement computed exactly (a monoid is
aperiodic, a group is not solvable).

Each package registers its claims in a module listed in :data:`CLAIM_MODULES`; they are imported
only when the registry is read, so ``import statecheck`` stays light::

    @claim("parity.not_star_free", source="Sarrof et al. 2024, Thm 2; Schützenberger 1965")
    def _parity_not_star_free():
        ...
        return fact(not aperiodic, states_explored=monoid.size, detail="...")
"""

from __future__ import annotations

import fnmatch
import importlib
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from statecheck.errors import BadParameterError, UnknownNameError
from statecheck.theory.check import CheckResult

__all__ = ["Claim", "ClaimResult", "claim", "claim_recorder", "fact", "bounded_fact", "all_claims", "select", "run_claim",
           "CLAIM_MODULES"]

#: Modules whose import registers claims (later issues append theirs).
CLAIM_MODULES: list[str] = [
    "statecheck.theory.catalogue_claims",
    "statecheck.theory.algebra_claims",
    "statecheck.constructions.ssm_claims",
    "statecheck.constructions.automata_claims",
    "statecheck.constructions.reduction_claims",
    "statecheck.constructions.shortcut_claims",
    "statecheck.circuits.claims",
    "statecheck.circuits.product_claims",
]

_REGISTRY: dict[str, Claim] = {}


@dataclass(frozen=True)
class Claim:
    """A named, sourced statement and the function that checks it."""

    name: str
    source: str
    function: Callable[[], CheckResult]


@dataclass(frozen=True)
class ClaimResult:
    """One row of ``statecheck verify`` (the keys of its JSON output)."""

    claim: str
    source: str
    status: str  # "verified" | "failed" | "error"
    mode: str | None  # "all-lengths" | "bounded" (None after an error)
    max_length: int | None
    states_explored: int
    seconds: float
    counterexample: list[str] | None
    detail: str

    def to_dict(self) -> dict:
        """The JSON object of this row."""
        return {
            "claim": self.claim,
            "source": self.source,
            "status": self.status,
            "mode": self.mode,
            "max_length": self.max_length,
            "states_explored": self.states_explored,
            "seconds": round(self.seconds, 6),
            "counterexample": self.counterexample,
            "detail": self.detail,
        }


def claim(name: str, *, source: str) -> Callable[[Callable[[], CheckResult]], Callable[[], CheckResult]]:
    """Decorator registering a zero-argument function as the claim ``name``."""

    def register(function: Callable[[], CheckResult]) -> Callable[[], CheckResult]:
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise BadParameterError(f"claim {name!r} is registered twice")
        _REGISTRY[name] = Claim(name, source, function)
        return function

    return register


def claim_recorder(collected: list[Claim]):
    """A ``claim(name, *, source)`` decorator that registers like :func:`claim` and also appends
    the :class:`Claim` to ``collected`` (a module's own ``CLAIMS`` list, for its tests)::

        CLAIMS: list[Claim] = []
        claim = claim_recorder(CLAIMS)
    """

    def record(name: str, *, source: str):
        def register(function: Callable[[], CheckResult]) -> Callable[[], CheckResult]:
            claim(name, source=source)(function)
            collected.append(_REGISTRY[name])
            return function

        return register

    return record


def fact(holds: bool, *, states_explored: int = 0, detail: str = "") -> CheckResult:
    """A CheckResult for an exactly computed algebraic statement (true at every length)."""
    return CheckResult(
        agree=bool(holds),
        mode="all-lengths",
        max_length=None,
        depth=0,
        states_explored=states_explored,
        transitions=0,
        seconds=0.0,
        detail=detail,
    )


def bounded_fact(holds: bool, *, max_length: int, states_explored: int = 0,
                 detail: str = "") -> CheckResult:
    """A CheckResult for a statement checked exhaustively on finitely many inputs.

    ``mode="bounded"``: nothing is claimed beyond the inputs checked; ``max_length`` names the
    largest size that was covered completely (e.g. the number of input bits).
    """
    return CheckResult(
        agree=bool(holds),
        mode="bounded",
        max_length=int(max_length),
        depth=int(max_length),
        states_explored=states_explored,
        transitions=0,
        seconds=0.0,
        detail=detail,
    )


def all_claims() -> list[Claim]:
    """Every registered claim, in registration order (imports :data:`CLAIM_MODULES`)."""
    for module in CLAIM_MODULES:
        importlib.import_module(module)
    return list(_REGISTRY.values())


def select(patterns: Iterable[str] | None) -> list[Claim]:
    """The claims whose names match any of ``patterns`` (exact names or shell globs).

    Raises
    ------
    UnknownNameError
        A pattern that matches no claim (the message lists a few known names).
    """
    claims = all_claims()
    patterns = list(patterns or [])
    if not patterns:
        return claims
    chosen = []
    for pattern in patterns:
        hits = [c for c in claims if fnmatch.fnmatchcase(c.name, pattern)]
        if not hits:
            known = ", ".join(c.name for c in claims[:8])
            raise UnknownNameError(
                f"no claim matches {pattern!r}; known claims include {known}, … "
                "(use `statecheck verify --list`)"
            )
        chosen.extend(c for c in hits if c not in chosen)
    return chosen


def run_claim(item: Claim) -> ClaimResult:
    """Run one claim; an exception becomes ``status="error"`` with its message."""
    start = time.perf_counter()
    try:
        result = item.function()
    except Exception as exc:  # a claim that crashes is reported, not fatal to the run
        last = traceback.extract_tb(exc.__traceback__)[-1]
        return ClaimResult(
            claim=item.name, source=item.source, status="error", mode=None, max_length=None,
            states_explored=0, seconds=time.perf_counter() - start, counterexample=None,
            detail=f"{type(exc).__name__}: {exc} ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})",
        )
    return ClaimResult(
        claim=item.name,
        source=item.source,
        status="verified" if result.agree else "failed",
        mode=result.mode,
        max_length=result.max_length,
        states_explored=result.states_explored,
        seconds=time.perf_counter() - start,
        counterexample=None if result.counterexample is None else list(result.counterexample),
        detail=result.detail,
    )
