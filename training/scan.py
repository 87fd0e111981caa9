"""Parallel and sequential evaluation of the linear recurrence ``h_t = a_t ∘ h_{t−1} + b_t``.

The trained SSMs (:mod:`.mamba`: diagonal ``a_t``; :mod:`.ids4`: dense ``a_t``) share this
recurrence. Its steps compose associatively: the pair ``(a, b)`` is the affine map
``h ↦ a∘h + b`` and

``(a₂, b₂) ∘ (a₁, b₁) = (a₂a₁, a₂∘b₁ + b₂)``    (apply ``1`` first),

where ``∘`` is the elementwise product (diagonal) or the matrix–vector product (dense). Three
evaluations:

- :func:`sequential_scan`: the reference loop, ``T`` dependent steps (iterating ``unbind(1)``,
  so backward stays linear in ``T``);
- :func:`tree_scan`: the work-efficient odd/even (Blelloch-style) scan. Combine neighbouring
  pairs ``(2k, 2k+1)`` into one (``T/2`` pair products), solve the half-length problem
  recursively, which gives the states at odd positions, then fill in every even position with one
  step ``h_{2k} = a_{2k} ∘ h_{2k−1} + b_{2k}``. Depth ``2⌈log₂ T⌉``, total work and memory
  ``O(T)`` pair products (a doubling scan needs ``O(T log T)``). It never takes logarithms or
  divides, so signed gates ``a ∈ (−1, 1]`` (``mamba_neg``) and arbitrary matrices are exact
  inputs; products of many gates may underflow to ``0``, which is also the correct limit;
- :func:`chunked` runs any chunk function over time chunks of a fixed length, carrying the state
  from one chunk to the next, with activation checkpointing so that training memory stays
  ``O(chunk)`` in the sequence length (each chunk's intermediates are recomputed in backward).

Shapes: ``a`` is ``(batch, T, d)`` (diagonal) or ``(batch, T, d, d)`` (dense, ``matrix=True``);
``b`` and the returned states are ``(batch, T, d)``; the initial state ``h0`` is ``(d,)`` or
``(batch, d)`` (zero when omitted).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch.utils.checkpoint import checkpoint

__all__ = ["sequential_scan", "tree_scan", "chunked", "last_state", "SCANS"]


def _apply(a: torch.Tensor, h: torch.Tensor, matrix: bool) -> torch.Tensor:
    """``a ∘ h``: elementwise, or a batched matrix–vector product over the last axes."""
    return torch.matmul(a, h.unsqueeze(-1)).squeeze(-1) if matrix else a * h


def _fold_initial(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor | None, matrix: bool) -> torch.Tensor:
    """``b`` with ``b_0 ← a_0 ∘ h0 + b_0``, so the rest of the scan starts from the zero state."""
    if h0 is None:
        return b
    length = b.shape[1]
    h0 = h0.expand(b.shape[0], b.shape[-1])
    a_first = a.split([1, length - 1], dim=1)[0].squeeze(1)
    b_first, b_rest = b.split([1, length - 1], dim=1)
    first = _apply(a_first, h0, matrix) + b_first.squeeze(1)
    return torch.cat([first.unsqueeze(1), b_rest], dim=1)


def last_state(states: torch.Tensor) -> torch.Tensor:
    """``states[:, -1]`` taken by ``split`` (whose backward is a concatenation, not a zero-filled
    tensor of the full size, as indexing's is)."""
    return states.split([states.shape[1] - 1, 1], dim=1)[1].squeeze(1)


def sequential_scan(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor | None = None, *,
                    matrix: bool = False) -> torch.Tensor:
    """Every state ``h_t = a_t ∘ h_{t−1} + b_t``, ``h_{−1} = h0``, one step at a time (the reference).

    Parameters
    ----------
    a : Tensor
        ``(batch, T, d)`` gates, or ``(batch, T, d, d)`` matrices when ``matrix``.
    b : Tensor
        ``(batch, T, d)`` inputs.
    h0 : Tensor, optional
        ``(d,)`` or ``(batch, d)`` initial state; zero when omitted.
    matrix : bool
        Whether ``a`` holds dense matrices.

    Returns
    -------
    Tensor
        ``(batch, T, d)``.
    """
    batch, _, dim = b.shape
    h = b.new_zeros(batch, dim) if h0 is None else h0.expand(batch, dim)
    states = []
    for a_t, b_t in zip(a.unbind(1), b.unbind(1), strict=True):
        h = _apply(a_t, h, matrix) + b_t
        states.append(h)
    return torch.stack(states, dim=1) if states else b


def _tree_states(a: torch.Tensor, b: torch.Tensor, matrix: bool) -> torch.Tensor:
    # Pairs are formed by reshaping (T → T/2 × 2) and split/unbind rather than strided slicing:
    # the backward of a slice allocates and zero-fills a tensor of the full input size, which
    # made this scan 2-3× slower on CPU.
    length = b.shape[1]
    if length <= 1:
        return b
    half = length // 2
    odd_length = length % 2 == 1
    if odd_length:
        a, a_last = a.split([2 * half, 1], dim=1)
        b, b_last = b.split([2 * half, 1], dim=1)
    a_even, a_odd = a.unflatten(1, (half, 2)).unbind(2)  # positions 0, 2, … and 1, 3, …
    b_even, b_odd = b.unflatten(1, (half, 2)).unbind(2)
    # pair (2k, 2k+1) as one step: (a_{2k+1} a_{2k}, a_{2k+1} ∘ b_{2k} + b_{2k+1})
    pair_b = _apply(a_odd, b_even, matrix) + b_odd
    if half > 1:  # a single pair's product is never used
        pair_a = torch.matmul(a_odd, a_even) if matrix else a_odd * a_even
    else:
        pair_a = a_odd
    odd_states = _tree_states(pair_a, pair_b, matrix)  # h_1, h_3, …, h_{2·half−1}
    # every even position 2k: h_{2k} = a_{2k} ∘ h_{2k−1} + b_{2k}, with h_{−1} = 0 (h0 is folded in)
    zero = odd_states.new_zeros(odd_states.shape[0], 1, odd_states.shape[-1])
    if odd_length:
        a_even, b_even = torch.cat([a_even, a_last], dim=1), torch.cat([b_even, b_last], dim=1)
        before = torch.cat([zero, odd_states], dim=1)
    else:
        before = torch.cat([zero, odd_states.split([half - 1, 1], dim=1)[0]], dim=1)
    even_states = _apply(a_even, before, matrix) + b_even
    if odd_length:
        even_states, even_last = even_states.split([half, 1], dim=1)
    woven = torch.stack([even_states, odd_states], dim=2).flatten(1, 2)
    return torch.cat([woven, even_last], dim=1) if odd_length else woven


def tree_scan(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor | None = None, *,
              matrix: bool = False) -> torch.Tensor:
    """The states of :func:`sequential_scan` by the work-efficient odd/even associative scan.

    Depth ``2⌈log₂ T⌉``; ``T − 1`` pair products and ``T`` applications in total (``O(T)``
    memory). Same arguments and result as :func:`sequential_scan` (float sums are grouped
    differently, so results agree to rounding).
    """
    if b.shape[1] == 0:
        return b
    return _tree_states(a, _fold_initial(a, b, h0, matrix), matrix)


#: Scan implementations by mode name.
SCANS: dict[str, Callable[..., torch.Tensor]] = {"scan": tree_scan, "sequential": sequential_scan}


def chunked(step: Callable[..., tuple[torch.Tensor, torch.Tensor]], inputs: Sequence[torch.Tensor],
            h0: torch.Tensor, *, chunk: int | None) -> torch.Tensor:
    """Run ``step`` over time chunks, carrying the recurrent state; outputs concatenated over time.

    Parameters
    ----------
    step : callable
        ``step(*chunk_inputs, h) -> (outputs, h_last)``: ``chunk_inputs`` are the ``inputs``
        sliced to one chunk along axis 1, ``h`` the state before the chunk, ``outputs``
        ``(batch, chunk_length, …)`` and ``h_last`` the state after the chunk.
    inputs : sequence of Tensor
        Each ``(batch, T, …)``.
    h0 : Tensor
        The state before the first chunk.
    chunk : int or None
        Chunk length; ``None`` (or ``≥ T``) runs the whole sequence as one chunk. With more than
        one chunk and gradients enabled, every chunk is checkpointed (its intermediates are
        recomputed in backward), so memory grows with ``chunk``, not with ``T``.

    Returns
    -------
    Tensor
        The chunk outputs concatenated along axis 1.
    """
    length = inputs[0].shape[1]
    if chunk is None or chunk >= length:
        return step(*inputs, h0)[0]
    remember = torch.is_grad_enabled()
    outputs, h = [], h0
    for pieces in zip(*(x.split(chunk, dim=1) for x in inputs), strict=True):
        if remember:
            out, h = checkpoint(step, *pieces, h, use_reentrant=False)
        else:
            out, h = step(*pieces, h)
        outputs.append(out)
    return torch.cat(outputs, dim=1)
