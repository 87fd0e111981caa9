"""How many bits an exact counter needs: shared by the counter constructions.

A counter that moves by ``±1`` per symbol and stays ``≥ 0`` on valid prefixes holds a value in
``0 … n`` after ``n`` symbols, so it needs ``⌈log₂(n + 1)⌉`` bits — unbounded in ``n``, which is
why these languages are not regular and why the checks of the counter constructions are bounded.
"""

from __future__ import annotations

from statecheck.errors import BadParameterError

__all__ = ["counter_bits"]


def counter_bits(length: int, *, counters: int = 1) -> int:
    """Bits of exact state for ``counters`` counters in ``0 … length``: ``counters · ⌈log₂(length+1)⌉``.

    Raises
    ------
    BadParameterError
        A negative ``length`` or ``counters < 1``.
    """
    if not isinstance(length, int) or length < 0:
        raise BadParameterError(f"length must be a non-negative integer, got {length!r}")
    if not isinstance(counters, int) or counters < 1:
        raise BadParameterError(f"counters must be a positive integer, got {counters!r}")
    return counters * length.bit_length()
