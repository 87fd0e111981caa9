"""The SSM constructions by name, with their parameters and their stress words.

One entry per construction of Sarrof et al. 2024 built in this package; used by
:mod:`~statecheck.constructions.precision` (``statecheck precision NAME``), by the claims and by
the examples. A *stress word* of a construction is a member (or valid prefix) of its language
chosen to push the state to its extreme — the deepest counter, the longest gap between a write
and a read — so that float error shows up as early as it can.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from statecheck.constructions.anbn_ssm import anbn_ssm
from statecheck.constructions.anbncn_ssm import anbncn_ssm
from statecheck.constructions.dyck1_ssm import dyck1_ssm
from statecheck.constructions.dyck_ssm import dyck_ssm, dyck_symbols
from statecheck.constructions.flipflop_ssm import flipflop_ssm
from statecheck.constructions.parity_ssm import mod_counter_ssm, parity_ssm
from statecheck.constructions.shuffle_dyck_ssm import shuffle_dyck_ssm, shuffle_dyck_symbols
from statecheck.constructions.ssm import SSMStack
from statecheck.errors import BadParameterError, UnknownNameError

__all__ = ["Construction", "CONSTRUCTIONS", "get_construction", "build"]

Word = tuple[str, ...]


@dataclass(frozen=True)
class Construction:
    """A named SSM construction.

    Attributes
    ----------
    name : str
        Registry name (``"flipflop"``, ``"dyck"``, …); ``name + "_ssm"`` is accepted too.
    builder : callable
        ``builder(**params) -> SSMStack``.
    defaults : dict
        Default parameters (also the allowed parameter names).
    stress : callable
        ``stress(length, params) -> (description, word)``: a word of length at most ``length``.
    source : str
        Paper and theorem.
    """

    name: str
    builder: Callable[..., SSMStack]
    defaults: dict = field(default_factory=dict)
    stress: Callable[[int, dict], tuple[str, Word]] | None = None
    source: str = ""


def _flipflop_stress(length: int, params: dict) -> tuple[str, Word]:
    pairs = max(length // 2, 2)
    word = ("w", "1") + ("i", "0") * (pairs - 2) + ("r", "1")
    return "w 1 (i 0)* r 1: one write, the longest gap, one read", word


def _dyck_stress(length: int, params: dict) -> tuple[str, Word]:
    k, h = params["k"], params["h"]
    opens, closes = dyck_symbols(k)
    stack = [d % k for d in range(min(h, max(length // 2, 1)))]
    word = [opens[t] for t in stack]
    while len(word) + 2 + len(stack) <= length:  # pop the top and push the next type
        top = stack.pop()
        stack.append((top + 1) % k)
        word += [closes[top], opens[stack[-1]]]
    word += [closes[t] for t in reversed(stack)]
    return "climb to depth h, pop/push at the top, then close everything", tuple(word)


def _dyck1_stress(length: int, params: dict) -> tuple[str, Word]:
    n = length // 2
    return "(^n )^n: the deepest counter", ("(",) * n + (")",) * n


def _shuffle_stress(length: int, params: dict) -> tuple[str, Word]:
    k = params["k"]
    opens, closes = shuffle_dyck_symbols(k)
    n = length // (2 * k)
    return "every type opened n times, then closed", opens * n + closes * n


def _anbn_stress(length: int, params: dict) -> tuple[str, Word]:
    n = max(length // 2, 1)
    return "a^n b^n", ("a",) * n + ("b",) * n


def _anbncn_stress(length: int, params: dict) -> tuple[str, Word]:
    n = max(length // 3, 1)
    return "a^n b^n c^n", ("a",) * n + ("b",) * n + ("c",) * n


def _ones_stress(length: int, params: dict) -> tuple[str, Word]:
    return "1^n", ("1",) * length


CONSTRUCTIONS: dict[str, Construction] = {
    c.name: c
    for c in (
        Construction("flipflop", flipflop_ssm, {}, _flipflop_stress,
                     "Sarrof et al. 2024, Thm 1"),
        Construction("dyck", dyck_ssm, {"k": 8, "h": 10}, _dyck_stress,
                     "Sarrof et al. 2024, Thm 6"),
        Construction("dyck1", dyck1_ssm, {}, _dyck1_stress, "Sarrof et al. 2024, Thm 5"),
        Construction("shuffle_dyck", shuffle_dyck_ssm, {"k": 2}, _shuffle_stress,
                     "Sarrof et al. 2024, Thm 5"),
        Construction("anbn", anbn_ssm, {}, _anbn_stress, "Sarrof et al. 2024, Thm 5"),
        Construction("anbncn", anbncn_ssm, {}, _anbncn_stress, "Sarrof et al. 2024, Thm 5"),
        Construction("parity", parity_ssm, {}, _ones_stress,
                     "Sarrof et al. 2024, Thm 2; Grazzi et al. 2025, Thm 1"),
        Construction("mod_counter", mod_counter_ssm, {"k": 3}, _ones_stress,
                     "Grazzi et al. 2025, Thm 2"),
    )
}


def get_construction(name: str) -> Construction:
    """The construction called ``name`` (``"dyck"`` or ``"dyck_ssm"``).

    Raises
    ------
    UnknownNameError
        Naming the known constructions.
    """
    key = name[:-4] if isinstance(name, str) and name.endswith("_ssm") else name
    if key not in CONSTRUCTIONS:
        raise UnknownNameError(
            f"unknown SSM construction {name!r}; known: {', '.join(CONSTRUCTIONS)}"
        )
    return CONSTRUCTIONS[key]


def build(name: str, **params) -> tuple[Construction, dict, SSMStack]:
    """Look up ``name``, merge ``params`` over its defaults and build the model.

    Raises
    ------
    UnknownNameError
        An unknown construction.
    BadParameterError
        A parameter the construction does not take (or a bad value, from the builder).
    """
    construction = get_construction(name)
    unknown = sorted(set(params) - set(construction.defaults))
    if unknown:
        allowed = ", ".join(construction.defaults) or "none"
        raise BadParameterError(
            f"{construction.name} takes no parameter {unknown[0]!r} (parameters: {allowed})"
        )
    merged = {**construction.defaults, **params}
    return construction, merged, construction.builder(**merged)
