"""A one-layer SSM with two counters and two set-reset flags predicting aⁿbⁿcⁿ.

Source: Sarrof, Veitsman & Hahn 2024, *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), Theorem 5 (counter languages, including aⁿbⁿcⁿ).

Language (the catalogue's ``anbncn``): ``aⁿbⁿcⁿ`` with ``n ≥ 1``. Legal next symbols: ``{a}`` at
the start; ``{a, b}`` after ``aⁱ``; ``{b}`` after ``aⁱbʲ`` (``j < i``); ``{c}`` after ``aⁱbⁱ``
and after ``aⁱbⁱcˡ`` (``l < i``); ``{$}`` after ``aⁱbⁱcⁱ``.

Weights (one layer, dim 4 = (c₁, c₂, f_b, f_c), diagonal)::

    A(a) = (1, 1, 1, 1),  B(a) = (+1, +1, 0, 0)     c₁ = #a − #b,  c₂ = #a − #c
    A(b) = (1, 1, 0, 1),  B(b) = (−1,  0, 1, 0)     f_b set by b
    A(c) = (1, 1, 1, 0),  B(c) = ( 0, −1, 0, 1)     f_c set by c
    A(BOS) = (1, 1, 1, 1), B(BOS) = 0
    units  H(c₁ − 1/2), H(c₂ − 1/2), H(f_b − 1/2), H(f_c − 1/2)
    φ = phase a (no flag):  {a, b} if c₁ ≥ 1 else {a}
        phase b (f_b only): {b} if c₁ ≥ 1 else {c}
        phase c (f_c):      {c} if c₂ ≥ 1 else {$}

Memory: two counters in ``0 … n`` and two bits: ``2⌈log₂(n+1)⌉ + 2`` bits after ``n`` symbols.
"""

from __future__ import annotations

from fractions import Fraction

from statecheck.constructions.ssm import BOS, END, SSMLayer, SSMStack, Threshold

__all__ = ["anbncn_ssm", "ANBNCN_ALPHABET"]

ANBNCN_ALPHABET = ("a", "b", "c")
HALF = Fraction(1, 2)


def _predict(u, bits) -> frozenset[str]:
    ab_open, ac_open, seen_b, seen_c = bits
    if seen_c:
        return frozenset({"c"} if ac_open else {END})
    if seen_b:
        return frozenset({"b"} if ab_open else {"c"})
    return frozenset({"a", "b"} if ab_open else {"a"})


def anbncn_ssm() -> SSMStack:
    """The two-counter SSM for aⁿbⁿcⁿ (Sarrof et al. 2024, Thm 5); weights in the module docstring.

    Examples
    --------
    >>> sorted(anbncn_ssm().next_symbols(["a", "a", "b", "b"]))
    ['c']
    """
    layer = SSMLayer(
        name="counters and flags",
        inputs=(BOS, *ANBNCN_ALPHABET),
        dim=4,
        A={BOS: (1, 1, 1, 1), "a": (1, 1, 1, 1), "b": (1, 1, 0, 1), "c": (1, 1, 1, 0)},
        B={BOS: (0, 0, 0, 0), "a": (1, 1, 0, 0), "b": (-1, 0, 1, 0), "c": (0, -1, 0, 1)},
        features=lambda u: [Threshold(i, 1, HALF) for i in range(4)],
        decide=_predict,
    )
    return SSMStack(name="anbncn_ssm", alphabet=ANBNCN_ALPHABET, layers=(layer,),
                    semantics="predictive", language=("anbncn", {}), finite=False,
                    memory="2 counters and 2 flags: 2*ceil(log2(n+1)) + 2 bits after n symbols")
