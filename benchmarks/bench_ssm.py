"""Throughput of the SSM torch export: sequential loop vs parallel associative scans, same run.

For each construction, a batch of random token sequences (default 256 × 4096; the model reads
any token sequence, valid or not, so this measures pure throughput) runs through
``SSMStackModule.forward`` in the three recurrence modes — ``sequential`` (a loop over T),
``scan`` (doubling scan, log₂ T steps, O(T log T) work) and ``chunked`` (two-level scan, ≈ 2√T
steps, O(T) work). The script checks that all modes give identical outputs and prints tokens
per second for each and the speed-up of each scan over the sequential loop (> 1 = faster).

    python benchmarks/bench_ssm.py [--batch 256] [--length 4096] [--repeat 3] [--dtype float32]
                                   [--device cpu] [--only flipflop dyck parity mod_counter]

Times are wall-clock medians over ``--repeat`` runs after one warm-up, in this process.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from statecheck.constructions.ssm_registry import build
from statecheck.constructions.ssm_torch import resolve_dtype

CASES = {
    "flipflop": {},
    "dyck": {"k": 8, "h": 10},
    "dyck1": {},
    "parity": {},
    "mod_counter": {"k": 5},
}


def _time(module, tokens, mode: str, repeat: int, device: str) -> tuple[float, torch.Tensor]:
    with torch.no_grad():
        out = module(tokens, mode=mode)  # warm-up
        times = []
        for _ in range(repeat):
            if device.startswith("cuda"):
                torch.cuda.synchronize()
            start = time.perf_counter()
            out = module(tokens, mode=mode)
            if device.startswith("cuda"):
                torch.cuda.synchronize()
            times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    """Parse arguments, run every case, print one line per case."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--length", type=int, default=4096)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dtype", default="float32")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--only", nargs="*", default=list(CASES))
    args = parser.parse_args()
    dtype = resolve_dtype(args.dtype)
    generator = torch.Generator().manual_seed(0)
    print(f"batch {args.batch} x length {args.length}, {args.dtype}, device {args.device}, "
          f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(f"{'construction':<14}{'sequential tok/s':>18}{'scan tok/s':>14}{'chunked tok/s':>15}"
          f"{'scan speed-up':>15}{'chunked speed-up':>18}  same outputs")
    for name in args.only:
        _, _, model = build(name, **CASES.get(name, {}))
        module = model.to_torch(dtype).to(args.device)
        tokens = torch.randint(len(model.alphabet), (args.batch, args.length), generator=generator)
        tokens = tokens.to(args.device)
        t_seq, out_seq = _time(module, tokens, "sequential", args.repeat, args.device)
        t_scan, out_scan = _time(module, tokens, "scan", args.repeat, args.device)
        t_chunk, out_chunk = _time(module, tokens, "chunked", args.repeat, args.device)
        n = args.batch * args.length
        same = bool(torch.equal(out_seq, out_scan) and torch.equal(out_seq, out_chunk))
        print(f"{name:<14}{n / t_seq:>18,.0f}{n / t_scan:>14,.0f}{n / t_chunk:>15,.0f}"
              f"{t_seq / t_scan:>14.1f}x{t_seq / t_chunk:>17.1f}x  {same}")


if __name__ == "__main__":
    main()
