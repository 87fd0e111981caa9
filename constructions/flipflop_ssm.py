"""A two-layer, non-negative, diagonal SSM predicting the Flip-Flop language at every length.

Source: Sarrof, Veitsman & Hahn 2024, *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), Theorem 1 (a two-layer SSM with non-negative gates predicts
Flip-Flop at arbitrary lengths); the language is Liu et al. 2023, *Exposing Attention Glitches
with Flip-Flop Language Modeling*.

Language (the catalogue's ``flipflop``): words ``σ₁ b₁ σ₂ b₂ … σₙ bₙ`` over ``{w, r, i, 0, 1}``
with ``σ₁ = w``, where the bit after every ``r`` equals the bit after the latest ``w``. Legal
next symbols: ``{w}`` at the start, ``{0, 1}`` after ``w`` or ``i``, the remembered bit after
``r``, and ``{w, r, i, $}`` after a bit.

Weights (``code(w) = 1, code(r) = 2, code(i) = 3``)::

    layer 1 (the last instruction, dim 1):
        A(σ) = 0, B(σ) = code(σ) for σ ∈ {w, r, i};   A(b) = 1, B(b) = 0 for b ∈ {0, 1};
        A(BOS) = 0, B(BOS) = 0
        units  H(h¹ − 1/2), H(h¹ − 3/2), H(h¹ − 5/2)   (thermometer of the code)
        φ¹(h¹, u) = (u, σ)  with σ the instruction whose code is the number of units that fire

    layer 2 (the stored bit, dim 1, input (u, σ)):
        A((b, w)) = 0, B((b, w)) = 1 + b     (a write: overwrite with 1 + bit)
        A(x) = 1,      B(x) = 0              for every other input (keep)
        unit   H(h² − 3/2)                   (the stored bit is 1)
        φ²(h², (u, σ)) = {w} if u = BOS;  {0, 1} if u ∈ {w, i};  {stored bit} if u = r;
                         {w, r, i, $} if u is a bit

Both layers are diagonal and non-negative (every ``A`` is 0 or 1), so the model sits inside
Sarrof et al.'s NONNEGATIVE class — which Theorem 2 shows cannot do PARITY, while Flip-Flop is
star-free (Theorem 4). State: 2 coordinates, ``h¹ ∈ {0, 1, 2, 3}``, ``h² ∈ {0, 1, 2}``.
"""

from __future__ import annotations

from fractions import Fraction

from statecheck.constructions.ssm import BOS, END, SSMLayer, SSMStack, Threshold

__all__ = ["flipflop_ssm", "FLIPFLOP_ALPHABET"]

FLIPFLOP_ALPHABET = ("w", "r", "i", "0", "1")
_INSTRUCTIONS = ("w", "r", "i")
_CODE = {"w": 1, "r": 2, "i": 3}
_BY_CODE = {0: None, 1: "w", 2: "r", 3: "i"}
HALF = Fraction(1, 2)


def flipflop_ssm() -> SSMStack:
    """The two-layer SSM for Flip-Flop (Sarrof et al. 2024, Thm 1); weights in the module docstring.

    Returns
    -------
    SSMStack
        Predictive semantics; 2 state coordinates; non-negative and diagonal.

    Examples
    --------
    >>> model = flipflop_ssm()
    >>> sorted(model.next_symbols(["w", "1", "i", "0", "r"]))
    ['1']
    """
    tokens = (BOS, *FLIPFLOP_ALPHABET)
    instruction_units = [Threshold(0, 1, c - HALF) for c in (1, 2, 3)]
    layer1 = SSMLayer(
        name="last instruction",
        inputs=tokens,
        dim=1,
        A=lambda u: (1,) if u in ("0", "1") else (0,),
        B=lambda u: (_CODE.get(u, 0),),
        features=lambda u: instruction_units,
        decide=lambda u, bits: (u, _BY_CODE[sum(bits)]),
    )
    pairs = tuple((u, s) for u in tokens for s in (None, *_INSTRUCTIONS))

    def write(pair) -> bool:
        u, last = pair
        return u in ("0", "1") and last == "w"

    def predict(pair, bits):
        u, _ = pair
        if u == BOS:
            return frozenset({"w"})
        if u in ("w", "i"):
            return frozenset({"0", "1"})
        if u == "r":
            return frozenset({str(bits[0])})
        return frozenset({"w", "r", "i", END})

    layer2 = SSMLayer(
        name="stored bit",
        inputs=pairs,
        dim=1,
        A=lambda pair: (0,) if write(pair) else (1,),
        B=lambda pair: (1 + int(pair[0]),) if write(pair) else (0,),
        features=lambda pair: [Threshold(0, 1, 1 + HALF)],
        decide=predict,
    )
    return SSMStack(name="flipflop_ssm", alphabet=FLIPFLOP_ALPHABET, layers=(layer1, layer2),
                    semantics="predictive", language=("flipflop", {}),
                    memory="2 state coordinates: the last instruction (0..3) and the stored bit (0..2)")
