"""Training throughput of the trained architectures, and parallel scan vs sequential path, same run.

For every architecture of :mod:`statecheck.training.models` (default B = 64, T = 256,
d_model = 64, one layer, float32), one training step's work — forward, cross-entropy against
random targets, backward — is timed on random token ids, and tokens per second (``B·T`` / time)
are printed with the ratio to the Elman RNN measured in the same run (torch's fused kernel, the
baseline; > 1 = faster). For the architectures with a parallel path (``s4``: FFT convolution;
``mamba``, ``mamba_neg``, ``ids4``: the odd/even associative scan) the same model is also run with
its sequential reference path (:func:`statecheck.training.models.set_mode`) and the speed-up of
the parallel path over it is printed; the script first checks that both paths give the same
logits (to float32 rounding).

    python benchmarks/bench_models.py [--batch 64] [--length 256] [--d-model 64] [--layers 1]
                                      [--repeat 5] [--threads N] [--only ARCH ...]

Times are the best of ``--repeat`` runs after one warm-up (the machine is shared: the minimum is
the least disturbed run).
"""

from __future__ import annotations

import argparse
import time

import torch
from torch.nn import functional as F

from statecheck.training import models

VOCAB, CLASSES = 8, 8


def _step_seconds(model: torch.nn.Module, tokens: torch.Tensor, targets: torch.Tensor, repeat: int) -> float:
    """Best wall time of forward + loss + backward."""

    def step() -> None:
        model.zero_grad(set_to_none=True)
        logits = model(tokens)
        F.cross_entropy(logits.reshape(-1, CLASSES), targets.reshape(-1)).backward()

    step()  # warm-up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Parse arguments, time every architecture, print one line each."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--length", type=int, default=256)
    parser.add_argument("--d-model", type=int, default=64)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's)")
    parser.add_argument("--only", nargs="*", default=models.names())
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(0)
    tokens = torch.randint(0, VOCAB, (args.batch, args.length), generator=generator)
    targets = torch.randint(0, CLASSES, (args.batch, args.length), generator=generator)
    n_tokens = args.batch * args.length
    print(f"B={args.batch} T={args.length} d_model={args.d_model} layers={args.layers} float32, "
          f"threads={torch.get_num_threads()}, forward+backward, best of {args.repeat}")
    archs = ["rnn"] + [a for a in args.only if a != "rnn"]
    baseline = None
    print(f"{'arch':<12}{'tokens/s':>12}{'vs rnn':>9}   parallel path vs sequential")
    for arch in archs:
        torch.manual_seed(0)
        model = models.build(arch, vocab_size=VOCAB, n_classes=CLASSES, layers=args.layers,
                             d_model=args.d_model)
        rate = n_tokens / _step_seconds(model, tokens, targets, args.repeat)
        baseline = baseline or rate
        line = f"{arch:<12}{rate:>12,.0f}{rate / baseline:>8.2f}x"
        arch_modes = models.modes(arch)
        if arch_modes:
            with torch.no_grad():
                parallel_logits = model(tokens)
                sequential_logits = models.set_mode(model, arch_modes[-1])(tokens)
            torch.testing.assert_close(parallel_logits, sequential_logits, rtol=1e-3, atol=1e-4)
            sequential_rate = n_tokens / _step_seconds(model, tokens, targets, args.repeat)
            models.set_mode(model, arch_modes[0])
            line += (f"   {arch_modes[0]} {rate:,.0f} vs {arch_modes[-1]} {sequential_rate:,.0f} tokens/s:"
                     f" {rate / sequential_rate:.2f}x")
        print(line, flush=True)


if __name__ == "__main__":
    main()
