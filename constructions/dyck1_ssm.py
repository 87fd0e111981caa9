"""A one-layer counter SSM (``A = 1``, ``B = ±1``) predicting Dyck-1.

Source: Sarrof, Veitsman & Hahn 2024, *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), Theorem 5 (counter languages — Dyck-1, Shuffle-Dyck, aⁿbⁿ,
aⁿbⁿcⁿ — are predicted by SSMs at every length, with counters ``A = 1``, ``B = ±1``).

Language (the catalogue's ``dyck1``): balanced words over ``{(, )}``. Legal next symbols:
``(`` always, ``)`` iff the depth is ``≥ 1``, ``$`` iff the depth is 0.

Weights (one layer, dim 1, diagonal, time-invariant)::

    A(u) = 1 for every u;  B("(") = +1,  B(")") = −1,  B(BOS) = 0   → h_t = depth
    unit  H(h − 1/2)                                                 (depth ≥ 1)
    φ(h, u) = {(, )} if the unit fires, else {(, $}

Memory: one counter in ``0 … n`` after ``n`` symbols: ``⌈log₂(n+1)⌉`` bits
(:func:`~statecheck.constructions.counter_bits.counter_bits`).
"""

from __future__ import annotations

from fractions import Fraction

from statecheck.constructions.ssm import BOS, END, SSMLayer, SSMStack, Threshold

__all__ = ["dyck1_ssm", "DYCK1_ALPHABET"]

DYCK1_ALPHABET = ("(", ")")


def dyck1_ssm() -> SSMStack:
    """The one-counter SSM for Dyck-1 (Sarrof et al. 2024, Thm 5); weights in the module docstring.

    Returns
    -------
    SSMStack
        Predictive semantics, infinite-state (``finite = False``: checks are bounded).

    Examples
    --------
    >>> sorted(dyck1_ssm().next_symbols(["(", "(", ")"]))
    ['(', ')']
    """
    opening, closing = DYCK1_ALPHABET
    layer = SSMLayer(
        name="depth",
        inputs=(BOS, opening, closing),
        dim=1,
        A=lambda u: (1,),
        B={BOS: (0,), opening: (1,), closing: (-1,)},
        features=lambda u: [Threshold(0, 1, Fraction(1, 2))],
        decide=lambda u, bits: frozenset({opening, closing}) if bits[0] else frozenset({opening, END}),
    )
    return SSMStack(name="dyck1_ssm", alphabet=DYCK1_ALPHABET, layers=(layer,),
                    semantics="predictive", language=("dyck1", {}), finite=False,
                    memory="1 counter (the depth): ceil(log2(n+1)) bits after n symbols")
