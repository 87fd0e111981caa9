"""A one-layer SSM with a counter and a set-reset flag predicting aⁿbⁿ.

Source: Sarrof, Veitsman & Hahn 2024, *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), Theorem 5 (counter languages, including aⁿbⁿ).

Language (the catalogue's ``anbn``): ``aⁿbⁿ`` with ``n ≥ 1``. Legal next symbols: ``{a}`` at the
start; ``{a, b}`` after ``aⁱ`` (``i ≥ 1``); ``{b}`` after ``aⁱbʲ`` with ``1 ≤ j < i``; ``{$}``
after ``aⁱbⁱ``.

Weights (one layer, dim 2 = (counter c, flag f), diagonal)::

    A(a) = (1, 1),  B(a) = (+1, 0)      c counts #a − #b
    A(b) = (1, 0),  B(b) = (−1, 1)      f is set (A = 0, B = 1) by the first b
    A(BOS) = (1, 1), B(BOS) = (0, 0)
    units  H(c − 1/2) (c ≥ 1),  H(f − 1/2) (a b was read)
    φ = {a} if neither fires;  {a, b} if only c ≥ 1;  {b} if both;  {$} if only f

Memory: one counter in ``0 … n`` and one bit: ``⌈log₂(n+1)⌉ + 1`` bits after ``n`` symbols.
"""

from __future__ import annotations

from fractions import Fraction

from statecheck.constructions.ssm import BOS, END, SSMLayer, SSMStack, Threshold

__all__ = ["anbn_ssm", "ANBN_ALPHABET"]

ANBN_ALPHABET = ("a", "b")
HALF = Fraction(1, 2)


def anbn_ssm() -> SSMStack:
    """The counter-and-flag SSM for aⁿbⁿ (Sarrof et al. 2024, Thm 5); weights in the module docstring.

    Examples
    --------
    >>> sorted(anbn_ssm().next_symbols(["a", "a", "b"]))
    ['b']
    """
    table = {(0, 0): {"a"}, (1, 0): {"a", "b"}, (1, 1): {"b"}, (0, 1): {END}}
    layer = SSMLayer(
        name="counter and flag",
        inputs=(BOS, *ANBN_ALPHABET),
        dim=2,
        A={BOS: (1, 1), "a": (1, 1), "b": (1, 0)},
        B={BOS: (0, 0), "a": (1, 0), "b": (-1, 1)},
        features=lambda u: [Threshold(0, 1, HALF), Threshold(1, 1, HALF)],
        decide=lambda u, bits: frozenset(table[bits]),
    )
    return SSMStack(name="anbn_ssm", alphabet=ANBN_ALPHABET, layers=(layer,),
                    semantics="predictive", language=("anbn", {}), finite=False,
                    memory="1 counter and 1 flag: ceil(log2(n+1)) + 1 bits after n symbols")
