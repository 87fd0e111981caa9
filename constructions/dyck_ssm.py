"""A two-layer SSM for bounded-depth Dyck(k, h) with ``O(h log k)`` memory.

Source: Sarrof, Veitsman & Hahn 2024, *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), Theorem 6 (bounded hierarchical structure: a two-layer SSM
predicts Dyck(K, h) at every length with ``O(h log K)`` memory, without simulating a stack).

Alphabet (the catalogue's ``dyck`` language): ``"(0" … "(k−1"`` and ``")0" … ")k−1"``. A prefix
is valid iff it never closes the wrong type, never closes at depth 0 and never exceeds depth
``h``; the legal next symbols at depth ``d`` with top type ``τ`` are every ``"(i"`` if ``d < h``,
``")τ"`` if ``d > 0``, and ``"$"`` if ``d = 0``.

Weights (``u`` = the token; ``d`` = the depth after it, ``0 ≤ d ≤ h``)::

    layer 1 (depth counter, dim 1, time-invariant):
        A(u) = 1;  B("(i") = +1,  B(")i") = −1,  B(BOS) = 0          → h¹_t = depth d
        units  H(h¹ − (j − 1/2)),  j = 1 … h   (a thermometer code of d)
        φ¹(h¹, u) = (u, d)   with d = number of units that fire

    layer 2 (one flip-flop slot per depth, dim h, input (u, d)):
        slot j (j = 1 … h) holds 1 + the type of the last "(" that reached depth j:
        A_j((u, d)) = 0 if u = "(i" and j = d, else 1
        B_j((u, d)) = i + 1 if u = "(i" and j = d, else 0
        units  H(h²_d − (v + 1/2)),  v = 1 … k−1   (the type at the current depth, d ≥ 1)
        φ²(h², (u, d)) = {"(0", …, "(k−1"  if d < h}  ∪  {")τ" if d ≥ 1, τ = #units}  ∪  {"$" if d = 0}

Why it is right: slot ``d`` is written exactly when a bracket is pushed to depth ``d``; while the
depth stays ``≥ d`` that bracket is the element at depth ``d`` of the stack, and popping above it
never touches slot ``d``. So ``h²_d − 1`` is the type on top of the stack whenever the depth is
``d``. Stale slots above the current depth are overwritten before they are read again.

Memory: ``1 + h`` state coordinates — one counter in ``0 … h`` (``⌈log₂(h+1)⌉`` bits) and ``h``
slots in ``0 … k`` (``⌈log₂(k+1)⌉`` bits each): ``O(h log k)`` bits. Both layers are diagonal
and non-negative (every ``A`` is 0 or 1).
"""

from __future__ import annotations

import math
from fractions import Fraction

from statecheck.constructions.ssm import BOS, END, SSMLayer, SSMStack, Threshold
from statecheck.errors import BadParameterError

__all__ = ["dyck_ssm", "dyck_symbols", "dyck_state_bits"]

HALF = Fraction(1, 2)


def dyck_symbols(k: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The opening and closing symbols ``("(0", …), (")0", …)`` of Dyck(k, ·)."""
    return tuple(f"({i}" for i in range(k)), tuple(f"){i}" for i in range(k))


def dyck_state_bits(k: int, h: int) -> int:
    """Bits of exact state the construction needs: ``⌈log₂(h+1)⌉ + h·⌈log₂(k+1)⌉``."""
    return math.ceil(math.log2(h + 1)) + h * math.ceil(math.log2(k + 1))


#: Largest k and h: the readouts' lookup tables have ``2^h`` (layer 1) and ``2^(k−1)`` (layer 2)
#: rows per input.
MAX_K = MAX_H = 16


def _check(k, h) -> None:
    for name, value, top in (("k", k, MAX_K), ("h", h, MAX_H)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise BadParameterError(f"{name} must be an integer >= 1, got {value!r}")
        if value > top:
            raise BadParameterError(
                f"{name}={value} is too large: at most {top} (the threshold readout's lookup "
                f"table grows as 2^{name})"
            )


def dyck_ssm(k: int = 2, h: int = 3) -> SSMStack:
    """The two-layer SSM predicting Dyck(k, h) (Sarrof et al. 2024, Thm 6); weights in the module docstring.

    Parameters
    ----------
    k : int
        Number of bracket types, ``k ≥ 1``.
    h : int
        Maximum depth, ``h ≥ 1``.

    Returns
    -------
    SSMStack
        Predictive semantics; ``1 + h`` state coordinates.

    Raises
    ------
    BadParameterError
        ``k < 1`` or ``h < 1`` (or not integers), or ``k, h > 16``.

    Examples
    --------
    >>> model = dyck_ssm(2, 2)
    >>> sorted(model.next_symbols(["(0", "(1"]))
    [')1']
    """
    _check(k, h)
    opens, closes = dyck_symbols(k)
    tokens = (BOS, *opens, *closes)
    kind = {BOS: ("bos", 0)}
    kind.update({s: ("open", i) for i, s in enumerate(opens)})
    kind.update({s: ("close", i) for i, s in enumerate(closes)})

    depth_units = [Threshold(0, 1, j - HALF) for j in range(1, h + 1)]
    layer1 = SSMLayer(
        name="depth",
        inputs=tokens,
        dim=1,
        A=lambda u: (1,),
        B=lambda u: ({"open": 1, "close": -1, "bos": 0}[kind[u][0]],),
        features=lambda u: depth_units,
        decide=lambda u, bits: (u, sum(bits)),
    )

    pairs = tuple((u, d) for u in tokens for d in range(h + 1))

    def slot_A(pair):
        u, d = pair
        return tuple(0 if kind[u][0] == "open" and j == d else 1 for j in range(1, h + 1))

    def slot_B(pair):
        u, d = pair
        return tuple(kind[u][1] + 1 if kind[u][0] == "open" and j == d else 0 for j in range(1, h + 1))

    def type_units(pair):
        _, d = pair
        return [Threshold(d - 1, 1, v + HALF) for v in range(1, k)] if d >= 1 else []

    def predict(pair, bits):
        _, d = pair
        allowed = set(opens) if d < h else set()
        if d >= 1:
            allowed.add(closes[sum(bits)])
        else:
            allowed.add(END)
        return frozenset(allowed)

    layer2 = SSMLayer(name="slots", inputs=pairs, dim=h, A=slot_A, B=slot_B,
                      features=type_units, decide=predict)
    bits = dyck_state_bits(k, h)
    return SSMStack(
        name="dyck_ssm", alphabet=(*opens, *closes), layers=(layer1, layer2),
        semantics="predictive", language=("dyck", {"k": k, "h": h}),
        memory=(f"{1 + h} state coordinates: a depth counter in 0..{h} and {h} slots in 0..{k} "
                f"({bits} bits of exact state, O(h log k))"),
    )
