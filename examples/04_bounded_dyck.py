"""Bounded-depth Dyck with two SSM layers and O(h log k) memory — no stack needed.

Sarrof, Veitsman & Hahn (NeurIPS 2024), Theorem 6: Dyck(k, h) — k bracket types, depth at most
h — is predicted at every length by a two-layer SSM. Layer 1 is a depth counter (A = 1,
B = ±1). Layer 2 has one flip-flop slot per depth: a "(i" that reaches depth d overwrites slot d
with i + 1 (A = 0 there, A = 1 everywhere else). Whenever the depth is d, slot d holds the type
of the open bracket on top, so the readout knows which ")" may come.

We (1) show the slots along a word, (2) prove the model equal to the catalogue's bounded-stack
machine at every length for every k ≤ 3, h ≤ 4, and (3) run Dyck(8, 10) — the paper's
experiment — on random members of length 10,000, exactly and in fp32/bf16 torch.

Run:  python examples/04_bounded_dyck.py
"""

from __future__ import annotations

import time

import numpy as np

from statecheck.constructions.dyck_ssm import dyck_ssm, dyck_state_bits
from statecheck.theory import languages
from statecheck.theory.check import check


def show_slots(model, word) -> None:
    """Print depth, slots and the predicted next set along ``word``."""
    print(f"{'token':>6}  depth  slots (1 + type at depth 1..h)  next symbols")
    for step in model.trace(word):
        (depth,), slots = step.states
        print(f"{step.symbol:>6}  {depth:>5}  {slots!s:<30} {{{' '.join(sorted(step.outputs[-1]))}}}")


def prove_small_cases() -> None:
    """Check every (k, h) with k <= 3, h <= 4 against the catalogue reference."""
    print("\nall-length checks against the bounded-stack reference:")
    for k in (1, 2, 3):
        cells = []
        for h in (1, 2, 3, 4):
            result = check(languages.get("dyck", k=k, h=h).reference("predictive"), dyck_ssm(k, h))
            cells.append(f"h={h}: {'proven' if result.proven_all_lengths else 'FAILED'} "
                         f"({result.states_explored} pairs)")
        print(f"  k={k}: " + ", ".join(cells))


def run_long_members(samples: int = 3, length: int = 10_000) -> None:
    """Dyck(8, 10) on random members: exact model vs the reference, then the torch export."""
    k, h = 8, 10
    model = dyck_ssm(k, h)
    language = languages.get("dyck", k=k, h=h)
    reference = language.reference("predictive")
    rng = np.random.default_rng(0)
    print(f"\nDyck({k},{h}): {model.memory}; exact state bits = {dyck_state_bits(k, h)}")
    words = [tuple(language.sample(length, rng)) for _ in range(samples)]
    start = time.perf_counter()
    for word in words:
        r, m = reference.initial_state, model.initial_state
        for symbol in word:
            r, m = reference.step(r, symbol), model.step(m, symbol)
            assert reference.output(r) == model.output(m)
    print(f"  exact model = reference at all {samples} x {length + 1} prefixes "
          f"({time.perf_counter() - start:.1f} s)")
    for dtype in ("float32", "bfloat16"):
        module = model.to_torch(dtype)
        exact = [[step.outputs[-1] for step in model.trace(w)] for w in words]
        same = module.run_words(words, mode="chunked") == exact
        print(f"  torch {dtype} (chunked scan) agrees at every prefix: {same}")


def main() -> None:
    model = dyck_ssm(2, 3)
    print(model)
    show_slots(model, ["(0", "(1", ")1", "(0", "(1", ")1", ")0", ")0"])
    prove_small_cases()
    run_long_members()


if __name__ == "__main__":
    main()
