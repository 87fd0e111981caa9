"""Who keeps up with the group? A one-layer RNN and a one-layer transformer on the word problem of S3.

Merrill, Petty & Sabharwal (ICML 2024, §6, Figure 3) train models to *tag* a word g1 g2 … gk of
group elements with its running products g1, g1·g2, …, g1·…·gk, and count a held-out word as
right only if every position is right. Their theory says:

- a one-layer RNN (Thm 5.1) or IDS4 (Thm 5.2) can track *any* finite group at *every* length;
- a fixed-depth transformer / S4 / Mamba lives in TC0, so for an NC1-complete group such as A5
  it needs depth growing with length (unless TC0 = NC1). S3 is solvable (class ACC0), where the
  theory leaves the transformer open — yet in their experiments it still needs more depth as
  words get longer.

This script trains both one-layer models on S3 (6 elements) at length 2 and length 12 on the
CPU, with the same small budget (length 2 is the multiplication table itself: as in the paper,
every length-2 word is training data, so there it checks that the table was learned), and prints the held-out full-sequence accuracy beside the
theory's verdict. Run: python examples/14_train_word_problem.py  (well under a minute).
Accuracies are floats measured on one seed; a different seed or budget moves them.
"""

from __future__ import annotations

import time

import torch

from statecheck.theory import algebra, groups
from statecheck.training.fig3_report import verdicts_for
from statecheck.training.loop import TrainSettings
from statecheck.training.word_problem_task import train_once

GROUP = "S3"
LENGTHS = (2, 12)
ARCHS = ("rnn", "transformer")
# the same modest budget for both: AdamW, early stop at 0.99 held-out sequence accuracy
SETTINGS = TrainSettings(lr=3e-3, batch_size=64, max_steps=600, eval_every=50)


def verdict_line(arch: str, classification: dict) -> str:
    """The classifier's verdicts about ``arch`` in a few words."""
    words = {True: "expressible", False: "not expressible", "open": "open"}
    return "; ".join(f"{v['architecture']}: {words.get(v['expressible'], v['expressible'])}"
                     for v in verdicts_for(arch, classification))


def main() -> None:
    """Train, then print a small table."""
    torch.set_num_threads(1)  # tiny models: one thread is fastest on a shared 2-core machine
    classification = algebra.classify(groups.get(GROUP)).to_dict()
    print(f"Group {GROUP}: {groups.get(GROUP).order} elements, class {classification['class']} "
          f"({'solvable' if classification['solvable'] else 'not solvable'}).")
    for arch in ARCHS:
        print(f"  theory for {arch}: {verdict_line(arch, classification)}")
    print(f"\nTraining one-layer models, d_model 64, at most {SETTINGS.max_steps} steps each …")
    start = time.perf_counter()
    results = {}
    for length in LENGTHS:
        for arch in ARCHS:
            row = train_once(GROUP, length, arch, 1, seed=0, device="cpu", d_model=64, settings=SETTINGS,
                             samples=4000)
            results[(arch, length)] = row
            print(f"  {arch:<12} k={length:<3} held-out sequence accuracy {row['val_sequence_accuracy']:.3f} "
                  f"(token {row['val_token_accuracy']:.3f}) after {row['steps']} steps, {row['seconds']:.1f} s")
    print(f"\n(total {time.perf_counter() - start:.1f} s on the CPU)\n")
    print("Who keeps up (held-out sequence accuracy > 0.9)?")
    for arch in ARCHS:
        kept = [k for k in LENGTHS if results[(arch, k)]["val_sequence_accuracy"] > 0.9]
        lost = [k for k in LENGTHS if k not in kept]
        print(f"  {arch:<12} solved k in {kept or 'none'}" + (f", fell behind at k in {lost}" if lost else "")
              + f"   | theory: {verdict_line(arch, classification)}")
    print("\nA one-layer model that solves every length is what Thm 5.1 predicts for the RNN. A"
          "\ntransformer that falls behind as k grows (at this budget) needs more layers or more training;"
          "\nthe minimum depth per length is what Figure 3 measures"
          "\n(run `statecheck sweep training/configs/merrill_fig3.toml` for the full grid).")


if __name__ == "__main__":
    main()
