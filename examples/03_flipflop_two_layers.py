"""Flip-Flop with two non-negative SSM layers, proven right at every length.

Sarrof, Veitsman & Hahn (NeurIPS 2024), Theorem 1: a two-layer SSM whose gates are all in
[0, 1] predicts the Flip-Flop language (Liu et al. 2023) at arbitrary lengths. A word is a
sequence of instruction/bit pairs — ``w b`` writes bit b, ``r b`` reads (b must be the last
written bit), ``i b`` is ignored — and the model must say, after every prefix, which symbols may
come next (after ``r``: exactly the remembered bit).

Layer 1 keeps the last instruction (A = 0 on an instruction: overwrite; A = 1 on a bit: keep).
Layer 2 reads (token, last instruction) and overwrites its memory with 1 + bit only when the
instruction was ``w``. We print both layers' states along a word, then ask the checker to
compare the model with the catalogue's exact Flip-Flop machine on *every* word: the set of
reachable (reference, model) state pairs closes, which proves agreement at every length.

Run:  python examples/03_flipflop_two_layers.py
"""

from __future__ import annotations

from statecheck.constructions.flipflop_ssm import flipflop_ssm
from statecheck.theory import languages
from statecheck.theory.check import check

INSTRUCTION = {0: "-", 1: "w", 2: "r", 3: "i"}
STORED = {0: "-", 1: "0", 2: "1"}


def show_run(model, word) -> None:
    """Print every position: the token, both layers' exact states, and the predicted next set."""
    print(f"{'token':>6}  {'layer 1: h¹ (last instr.)':<27}{'layer 2: h² (stored bit)':<26}next symbols")
    for step in model.trace(word):
        (h1,), (h2,) = step.states
        allowed = " ".join(sorted(step.outputs[-1]))
        print(f"{step.symbol:>6}  {h1!s:>3} = {INSTRUCTION[h1]:<21}{h2!s:>3} = {STORED[h2]:<20}{{{allowed}}}")


def main() -> None:
    model = flipflop_ssm()
    print(model)
    weights = [
        "A = 0, B = code (w=1, r=2, i=3) on an instruction; A = 1, B = 0 on a bit",
        "A = 0, B = 1 + bit on (bit, last instruction w); A = 1, B = 0 otherwise",
    ]
    for number, (layer, formula) in enumerate(zip(model.layers, weights, strict=True), 1):
        print(f"  layer {number} ({layer.name}): dim {layer.dim}, diagonal={layer.diagonal}, "
              f"nonnegative={layer.nonnegative}, time_invariant={layer.time_invariant}")
        print(f"    {formula}")
    print()
    word = ["w", "1", "i", "0", "r", "1", "w", "0", "i", "1", "r", "0"]
    show_run(model, word)

    language = languages.get("flipflop")
    result = check(language.reference("predictive"), model)
    print(f"\nchecker vs the catalogue's flip-flop machine: {result.detail}")
    print(f"mode: {result.mode}  (proven at every length: {result.proven_all_lengths})")

    module = model.to_torch()
    floats = module.run_words([word], mode="scan")[0]
    exact = [step.outputs[-1] for step in model.trace(word)]
    print(f"torch export (fp32, parallel scan) agrees with the exact run on this word: {floats == exact}")


if __name__ == "__main__":
    main()
