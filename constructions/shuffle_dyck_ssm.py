"""A one-layer SSM with k counters predicting Shuffle-Dyck(k).

Source: Sarrof, Veitsman & Hahn 2024, *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), Theorem 5 (counter languages, including Shuffle-Dyck).

Language (the catalogue's ``shuffle_dyck``, parameter ``k``): words over ``k`` bracket pairs
``"(i"``/``")i"`` in which every type, taken alone, is balanced (a shuffle of ``k`` Dyck-1
words). Legal next symbols: every ``"(i"``; ``")i"`` iff type ``i`` is open (its count is
``≥ 1``); ``$`` iff every count is 0.

Weights (one layer, dim k, diagonal, time-invariant)::

    A(u) = 1 (all coordinates, every u);  B("(i") = e_i,  B(")i") = −e_i,  B(BOS) = 0
                                                  → h_t[i] = #"(i" − #")i"
    units  H(h[i] − 1/2),  i = 0 … k−1           (type i is open)
    φ(h, u) = {"(0", …, "(k−1"} ∪ {")i" : unit i fires} ∪ {"$" if no unit fires}

Memory: ``k`` counters in ``0 … n``: ``k·⌈log₂(n+1)⌉`` bits after ``n`` symbols.
"""

from __future__ import annotations

from fractions import Fraction

from statecheck.constructions.ssm import BOS, END, SSMLayer, SSMStack, Threshold
from statecheck.errors import BadParameterError

__all__ = ["shuffle_dyck_ssm", "shuffle_dyck_symbols", "MAX_SHUFFLE_K"]

#: Largest k (the readout's lookup table has 2^k rows per input).
MAX_SHUFFLE_K = 16


def shuffle_dyck_symbols(k: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The opening and closing symbols of Shuffle-Dyck(k)."""
    return tuple(f"({i}" for i in range(k)), tuple(f"){i}" for i in range(k))


def shuffle_dyck_ssm(k: int = 2) -> SSMStack:
    """The k-counter SSM for Shuffle-Dyck(k) (Sarrof et al. 2024, Thm 5); weights in the module docstring.

    Parameters
    ----------
    k : int
        Number of bracket types, ``1 ≤ k ≤ 16``.

    Raises
    ------
    BadParameterError
        ``k < 1``, ``k > 16`` or not an integer.

    Examples
    --------
    >>> sorted(shuffle_dyck_ssm(2).next_symbols(["(0", "(1", ")0"]))
    ['(0', '(1', ')1']
    """
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise BadParameterError(f"k must be an integer >= 1, got {k!r}")
    if k > MAX_SHUFFLE_K:
        raise BadParameterError(f"k={k} is too large: at most {MAX_SHUFFLE_K}")
    opens, closes = shuffle_dyck_symbols(k)
    unit = [0] * k

    def B(u):
        vector = list(unit)
        if u in opens:
            vector[opens.index(u)] = 1
        elif u in closes:
            vector[closes.index(u)] = -1
        return tuple(vector)

    def predict(u, bits):
        allowed = set(opens) | {closes[i] for i in range(k) if bits[i]}
        if not any(bits):
            allowed.add(END)
        return frozenset(allowed)

    units = [Threshold(i, 1, Fraction(1, 2)) for i in range(k)]
    layer = SSMLayer(name="counts", inputs=(BOS, *opens, *closes), dim=k, A=lambda u: (1,) * k,
                     B=B, features=lambda u: units, decide=predict)
    return SSMStack(name="shuffle_dyck_ssm", alphabet=(*opens, *closes), layers=(layer,),
                    semantics="predictive", language=("shuffle_dyck", {"k": k}), finite=False,
                    memory=f"{k} counters: {k}*ceil(log2(n+1)) bits after n symbols")
