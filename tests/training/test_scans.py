"""The parallel scans of :mod:`statecheck.training.scan` against the sequential loop and a brute
force in Python floats: forward values and gradients, diagonal (signed gates) and dense."""

from __future__ import annotations

import itertools

import pytest
import torch
from torch.testing import assert_close

from statecheck.training.scan import chunked, sequential_scan, tree_scan

torch.set_num_threads(1)

#: float64 tolerances for scan vs loop (sums grouped differently, so not bit-identical).
TOL = {"rtol": 1e-10, "atol": 1e-10}


def _inputs(length: int, *, matrix: bool, seed: int, dim: int = 3, batch: int = 2):
    generator = torch.Generator().manual_seed(seed)
    shape = (batch, length, dim, dim) if matrix else (batch, length, dim)
    scale = 1 / dim if matrix else 1.0
    a = (torch.rand(shape, generator=generator, dtype=torch.float64) * 2 - 1) * scale * 1.5
    b = torch.randn(batch, length, dim, generator=generator, dtype=torch.float64)
    h0 = torch.randn(batch, dim, generator=generator, dtype=torch.float64)
    return a, b, h0


def _values_and_grads(scan, a, b, h0, matrix):
    a, b, h0 = (x.clone().requires_grad_(True) for x in (a, b, h0))
    states = scan(a, b, h0, matrix=matrix)
    weights = torch.linspace(-1, 1, states.numel(), dtype=states.dtype).reshape(states.shape)
    grads = torch.autograd.grad((states * weights).sum(), (a, b, h0))
    return states.detach(), grads


@pytest.mark.parametrize("matrix", [False, True], ids=["diagonal", "dense"])
@pytest.mark.parametrize("length", [1, 2, 3, 5, 8, 13, 16, 31, 32])
def test_tree_scan_matches_sequential_forward_and_gradients(length, matrix):
    a, b, h0 = _inputs(length, matrix=matrix, seed=length)
    states, grads = _values_and_grads(tree_scan, a, b, h0, matrix)
    ref_states, ref_grads = _values_and_grads(sequential_scan, a, b, h0, matrix)
    assert states.shape == b.shape
    assert_close(states, ref_states, **TOL)
    for grad, ref in zip(grads, ref_grads, strict=True):
        assert_close(grad, ref, **TOL)


def _brute_force_diagonal(a, b, h0):
    """``h_t = Σ_{s ≤ t} (Π_{s<r≤t} a_r) b_s + (Π_{r≤t} a_r) h0`` in Python floats."""
    batch, length, dim = len(b), len(b[0]), len(b[0][0])
    out = [[[0.0] * dim for _ in range(length)] for _ in range(batch)]
    for n, t, i in itertools.product(range(batch), range(length), range(dim)):
        total = h0[n][i]
        for r in range(t + 1):
            total *= a[n][r][i]
        for s in range(t + 1):
            term = b[n][s][i]
            for r in range(s + 1, t + 1):
                term *= a[n][r][i]
            total += term
        out[n][t][i] = total
    return out


def test_tree_scan_matches_closed_form_sum_of_products():
    a, b, h0 = _inputs(11, matrix=False, seed=7)
    expected = _brute_force_diagonal(a.tolist(), b.tolist(), h0.tolist())
    assert_close(tree_scan(a, b, h0), torch.tensor(expected, dtype=torch.float64), **TOL)


def test_dense_scan_matches_python_matrix_products():
    a, b, h0 = _inputs(9, matrix=True, seed=3, batch=1)
    h = h0[0].tolist()
    expected = []
    for t in range(9):
        rows = a[0, t].tolist()
        h = [sum(rows[i][j] * h[j] for j in range(3)) + b[0, t, i].item() for i in range(3)]
        expected.append(h)
    assert_close(tree_scan(a, b, h0, matrix=True)[0], torch.tensor(expected, dtype=torch.float64), **TOL)


def test_signed_gate_minus_one_alternates_exactly():
    """Gate −1 everywhere, one unit of input at t = 0: the state is (−1)^t (a parity counter)."""
    length = 37
    a = -torch.ones(1, length, 1)
    b = torch.zeros(1, length, 1)
    b[0, 0, 0] = 1.0
    expected = torch.tensor([(-1.0) ** t for t in range(length)]).reshape(1, length, 1)
    assert torch.equal(tree_scan(a, b), expected)
    assert torch.equal(sequential_scan(a, b), expected)


def test_long_signed_sequence_stays_finite_and_close_in_float32():
    generator = torch.Generator().manual_seed(0)
    length = 1400
    a = torch.rand(2, length, 8, generator=generator) * 2 - 1  # gates in (−1, 1)
    b = torch.randn(2, length, 8, generator=generator)
    states = tree_scan(a, b)
    assert torch.isfinite(states).all()
    assert_close(states, sequential_scan(a, b), rtol=1e-4, atol=1e-4)


def test_empty_sequence_gives_no_states():
    a, b, h0 = _inputs(0, matrix=True, seed=0)
    assert tree_scan(a, b, h0, matrix=True).shape == (2, 0, 3)
    assert sequential_scan(a, b, h0, matrix=True).shape == (2, 0, 3)


def test_zero_initial_state_is_the_default():
    a, b, _ = _inputs(6, matrix=False, seed=1)
    assert_close(tree_scan(a, b), tree_scan(a, b, torch.zeros(3, dtype=torch.float64)), **TOL)


@pytest.mark.parametrize("chunk", [1, 4, 5, 17, None])
def test_chunked_checkpointed_scan_matches_one_pass_forward_and_gradients(chunk):
    a, b, h0 = _inputs(17, matrix=True, seed=11)
    def run(splitting):
        leaves = [x.clone().requires_grad_(True) for x in (a, b, h0)]
        scale = torch.tensor([0.9], dtype=torch.float64, requires_grad=True)  # a parameter used inside

        def step(a_part, b_part, h):
            states = tree_scan(a_part * scale, b_part, h, matrix=True)
            return states, states[:, -1]

        if splitting:
            states = chunked(step, (leaves[0], leaves[1]), leaves[2], chunk=chunk)
        else:
            states = sequential_scan(leaves[0] * scale, leaves[1], leaves[2], matrix=True)
        loss = (states * torch.arange(states.numel(), dtype=states.dtype).reshape(states.shape).cos()).sum()
        return states.detach(), torch.autograd.grad(loss, [*leaves, scale])

    states, grads = run(True)
    ref_states, ref_grads = run(False)
    assert_close(states, ref_states, **TOL)
    for grad, ref in zip(grads, ref_grads, strict=True):
        assert_close(grad, ref, **TOL)
