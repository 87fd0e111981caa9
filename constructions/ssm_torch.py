"""Float export of an :class:`~statecheck.constructions.ssm.SSMStack` as a ``torch.nn.Module``.

The module holds the exact tables as float buffers and runs the same semantics layer by layer,
as a trained SSM would:

- gather ``A(u_t)`` and ``B(u_t)`` for the whole sequence (an embedding lookup);
- run the recurrence ``h_t = A_t ⊙ h_{t−1} + B_t`` (or ``A_t h_{t−1} + B_t``) either as a
  **sequential** loop (iterating ``unbind(1)``, so backward stays linear) or as a **parallel
  scan** with the associative combine ``(A₂, b₂) ∘ (A₁, b₁) = (A₂A₁, A₂b₁ + b₂)``: the doubling
  (Hillis–Steele) scan, ``⌈log₂ T⌉`` steps and ``O(T log T)`` work, or a two-level **chunked**
  scan, ``≈ 2√T`` steps and ``O(T)`` work;
- evaluate the threshold units ``w · h[c] > θ`` and look up the next layer's input index.

Position 0 of every output is the :data:`~statecheck.constructions.ssm.BOS` position (the empty
prefix); position ``t`` is the prefix of length ``t``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import torch
from torch import nn

from statecheck.constructions.ssm import BOS, SSMStack
from statecheck.errors import BadParameterError, UnknownSymbolError

__all__ = ["SSMStackModule", "encode_words", "sequential_recurrence", "scan_recurrence", "chunked_recurrence",
           "RECURRENCES", "DTYPES", "resolve_dtype"]

#: Names accepted wherever a dtype is given as a string.
DTYPES = {
    "float16": torch.float16, "fp16": torch.float16, "half": torch.float16,
    "bfloat16": torch.bfloat16, "bf16": torch.bfloat16,
    "float32": torch.float32, "fp32": torch.float32, "float": torch.float32,
    "float64": torch.float64, "fp64": torch.float64, "double": torch.float64,
}


def resolve_dtype(dtype: Any) -> torch.dtype:
    """A ``torch.dtype`` from a dtype or one of the names in :data:`DTYPES` (default fp32)."""
    if dtype is None:
        return torch.float32
    if isinstance(dtype, torch.dtype):
        if not dtype.is_floating_point:
            raise BadParameterError(f"dtype must be a floating-point type, got {dtype}")
        return dtype
    if isinstance(dtype, str) and dtype.lower() in DTYPES:
        return DTYPES[dtype.lower()]
    raise BadParameterError(f"unknown dtype {dtype!r}; expected one of {sorted(set(DTYPES))}")


def sequential_recurrence(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor, *,
                          matrix: bool = False) -> torch.Tensor:
    """``h_t = a_t ⊙ h_{t−1} + b_t`` (or ``a_t @ h_{t−1} + b_t``) for ``t = 0 … T−1``, one step at a time.

    Parameters
    ----------
    a : Tensor
        ``(batch, T, d)`` (diagonal) or ``(batch, T, d, d)`` (matrix).
    b : Tensor
        ``(batch, T, d)``.
    h0 : Tensor
        ``(d,)`` initial state.
    matrix : bool
        Whether ``a`` holds matrices.

    Returns
    -------
    Tensor
        ``(batch, T, d)``: every state.
    """
    h = h0.expand(b.shape[0], b.shape[-1])
    states = []
    for a_t, b_t in zip(a.unbind(1), b.unbind(1), strict=False):
        if matrix:
            h = torch.einsum("bij,bj->bi", a_t, h) + b_t
        else:
            h = a_t * h + b_t
        states.append(h)
    return torch.stack(states, dim=1)


def scan_recurrence(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor, *,
                    matrix: bool = False) -> torch.Tensor:
    """The same states as :func:`sequential_recurrence`, by a doubling associative scan.

    ``h0`` is folded into the first pair (``b_0 ← a_0 h_0 + b_0``); then for ``s = 1, 2, 4, …``
    every position ``t ≥ s`` combines with position ``t − s``:
    ``b_t ← a_t b_{t−s} + b_t``, ``a_t ← a_t a_{t−s}`` (positions ``t < s`` are final already).
    """
    batch, length, dim = b.shape
    if length == 0:
        return b
    first = torch.einsum("bij,j->bi", a[:, 0], h0) if matrix else a[:, 0] * h0
    b = torch.cat([(first + b[:, 0]).unsqueeze(1), b[:, 1:]], dim=1)
    shift = 1
    while shift < length:
        head_a, tail_a = a[:, shift:], a[:, :-shift]  # position t and t − shift
        if matrix:
            update = torch.matmul(head_a, b[:, :-shift].unsqueeze(-1)).squeeze(-1)
        else:
            update = head_a * b[:, :-shift]
        b = torch.cat([b[:, :shift], update + b[:, shift:]], dim=1)
        if 2 * shift < length:  # the last level needs no products
            product = torch.matmul(head_a, tail_a) if matrix else head_a * tail_a
            a = torch.cat([a[:, :shift], product], dim=1)
        shift *= 2
    return b


def chunked_recurrence(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor, *,
                       matrix: bool = False, chunk: int | None = None) -> torch.Tensor:
    """The same states as :func:`sequential_recurrence`, by a two-level (chunked) associative scan.

    The sequence is cut into ``n`` chunks of ``c ≈ √T`` positions. (1) Inside every chunk, in
    parallel over chunks, a loop of ``c`` steps accumulates the local pairs
    ``(Â_t, b̂_t) = (a_t ⋯ a_s, local state from zero)`` from the chunk start ``s``. (2) A loop of
    ``n`` steps carries the state across chunk boundaries with the chunks' total pairs. (3) Every
    state is ``h_t = Â_t h_start + b̂_t``. ``c + n ≈ 2√T`` sequential steps, ``O(T)`` work
    (the doubling scan needs ``log₂ T`` steps but ``O(T log T)`` work).
    """
    batch, length, dim = b.shape
    if length == 0:
        return b
    size = chunk or max(1, math.isqrt(length))
    count = -(-length // size)
    pad = count * size - length
    if matrix:
        eye = torch.eye(dim, dtype=a.dtype, device=a.device)
        a = torch.cat([a, eye.expand(batch, pad, dim, dim)], dim=1)
        a = a.reshape(batch, count, size, dim, dim)
        acc_a = eye.expand(batch, count, dim, dim)
    else:
        a = torch.cat([a, a.new_ones(batch, pad, dim)], dim=1).reshape(batch, count, size, dim)
        acc_a = a.new_ones(batch, count, dim)
    b = torch.cat([b, b.new_zeros(batch, pad, dim)], dim=1).reshape(batch, count, size, dim)
    acc_b = b.new_zeros(batch, count, dim)
    cum_a, cum_b = [], []
    for a_i, b_i in zip(a.unbind(2), b.unbind(2), strict=False):
        if matrix:
            acc_b = torch.matmul(a_i, acc_b.unsqueeze(-1)).squeeze(-1) + b_i
            acc_a = torch.matmul(a_i, acc_a)
        else:
            acc_b = a_i * acc_b + b_i
            acc_a = a_i * acc_a
        cum_a.append(acc_a)
        cum_b.append(acc_b)
    starts = []
    h = h0.expand(batch, dim)
    for total_a, total_b in zip(acc_a.unbind(1), acc_b.unbind(1), strict=False):
        starts.append(h)
        h = (torch.matmul(total_a, h.unsqueeze(-1)).squeeze(-1) if matrix else total_a * h) + total_b
    start = torch.stack(starts, dim=1).unsqueeze(2)  # (batch, count, 1, dim)
    local_a, local_b = torch.stack(cum_a, dim=2), torch.stack(cum_b, dim=2)
    if matrix:
        states = torch.matmul(local_a, start.unsqueeze(-1)).squeeze(-1) + local_b
    else:
        states = local_a * start + local_b
    return states.reshape(batch, count * size, dim)[:, :length]


def _float_tensor(values, dtype) -> torch.Tensor:
    return torch.tensor([float(v) for v in values], dtype=torch.float64).to(dtype)


#: The recurrence implementations by mode name.
RECURRENCES = {"sequential": sequential_recurrence, "scan": scan_recurrence,
               "chunked": chunked_recurrence}



def encode_words(words: Sequence[Iterable[str]], token_index: dict[str, int],
                 alphabet: Sequence[str]) -> torch.Tensor:
    """A ``(batch, T)`` long tensor of ``token_index[symbol]`` for equally long words.

    Raises
    ------
    UnknownSymbolError
        A symbol outside ``alphabet`` (or a plain string instead of a sequence).
    BadParameterError
        Words of different lengths.
    """
    rows = []
    for word in words:
        if isinstance(word, str):
            raise UnknownSymbolError(f"a word must be a sequence of symbols, not the string {word!r}")
        try:
            rows.append([token_index[s] for s in word])
        except KeyError as exc:
            raise UnknownSymbolError(
                f"symbol {exc.args[0]!r} is not in the alphabet {tuple(alphabet)!r}") from None
    if len({len(r) for r in rows}) > 1:
        raise BadParameterError("encode needs words of equal length (run shorter ones separately)")
    return torch.tensor(rows, dtype=torch.long).reshape(len(rows), -1)

class SSMStackModule(nn.Module):
    """An :class:`SSMStack` as a float ``nn.Module`` with the same tables and semantics.

    Parameters
    ----------
    stack : SSMStack
        The exact model.
    dtype : torch.dtype or str, optional
        Float type of every buffer and of the computation (fp32 by default).
    parameterisation : {"direct", "mamba"}
        ``"mamba"``: in every diagonal layer with all ``A ∈ [0, 1]``, compute
        ``A(u) = exp(−softplus(z(u)) · a)`` from the pre-activations of
        :func:`statecheck.constructions.ssm_mamba.mamba_parameters` (``B`` stays direct).

    Attributes
    ----------
    alphabet : tuple of str
        Token ``i`` of an input tensor is ``alphabet[i]``.
    outputs : tuple
        Output index ``j`` of :meth:`forward` means ``outputs[j]`` (a next-symbol frozenset or a
        bool).
    """

    def __init__(self, stack: SSMStack, *, dtype: Any = None, parameterisation: str = "direct") -> None:
        super().__init__()
        if parameterisation not in ("direct", "mamba"):
            raise BadParameterError(f"parameterisation must be 'direct' or 'mamba', got {parameterisation!r}")
        self.dtype = resolve_dtype(dtype)
        self.parameterisation = parameterisation
        self.name = stack.name
        self.alphabet = stack.alphabet
        self.outputs = stack.layers[-1].outputs
        self._token_index = {symbol: i for i, symbol in enumerate(stack.alphabet)}
        first = stack.layers[0]
        self._bos = first.inputs.index(BOS)
        self.register_buffer("token_to_input",
                             torch.tensor([first.inputs.index(s) for s in stack.alphabet], dtype=torch.long))
        self.matrix = []
        self.mamba_a = []
        for number, layer in enumerate(stack.layers):
            following = stack.layers[number + 1] if number + 1 < len(stack.layers) else None
            a_values = [x for a in layer.A_table for x in (a if not layer.is_matrix else [v for r in a for v in r])]
            if layer.is_matrix:
                a_table = _float_tensor(a_values, self.dtype).reshape(len(layer.inputs), layer.dim, layer.dim)
            else:
                a_table = _float_tensor(a_values, self.dtype).reshape(len(layer.inputs), layer.dim)
            self.register_buffer(f"A{number}", a_table)
            self.register_buffer(f"B{number}", _float_tensor([x for b in layer.B_table for x in b], self.dtype)
                                 .reshape(len(layer.inputs), layer.dim))
            self.register_buffer(f"h{number}", _float_tensor(layer.initial, self.dtype))
            width = layer.width
            self.register_buffer(f"coord{number}", torch.tensor(
                [[t.coordinate for t in f] for f in layer.features], dtype=torch.long
            ).reshape(len(layer.inputs), width))
            self.register_buffer(f"weight{number}", _float_tensor(
                [t.weight for f in layer.features for t in f], self.dtype).reshape(len(layer.inputs), width))
            self.register_buffer(f"theta{number}", _float_tensor(
                [t.threshold for f in layer.features for t in f], self.dtype).reshape(len(layer.inputs), width))
            self.register_buffer(f"pow{number}", 2 ** torch.arange(width, dtype=torch.long))
            if following is None:
                target = list(range(len(layer.outputs)))
            else:
                target = [following.inputs.index(y) for y in layer.outputs]
            lookup = torch.tensor(target, dtype=torch.long)[torch.tensor(layer.table, dtype=torch.long)]
            self.register_buffer(f"next{number}", lookup.reshape(len(layer.inputs), 1 << width))
            self.matrix.append(layer.is_matrix)
            mamba = None
            if parameterisation == "mamba" and not layer.is_matrix and all(0 <= x <= 1 for x in a_values):
                from statecheck.constructions.ssm_mamba import mamba_parameters

                params = mamba_parameters(layer, self.dtype)
                self.register_buffer(f"z{number}", params.pre_activation.to(self.dtype))
                mamba = params.a
            self.mamba_a.append(mamba)
        self.n_layers = len(stack.layers)

    # ------------------------------------------------------------------ encoding
    def encode(self, words: Sequence[Iterable[str]]) -> torch.Tensor:
        """A ``(batch, T)`` long tensor of token indices for equally long words.

        Raises
        ------
        UnknownSymbolError
            A symbol outside the alphabet.
        BadParameterError
            Words of different lengths.
        """
        return encode_words(words, self._token_index, self.alphabet)

    def decode(self, indices: torch.Tensor) -> list[list]:
        """Output indices ``(batch, T+1)`` → lists of outputs (frozensets or bools)."""
        return [[self.outputs[j] for j in row] for row in indices.tolist()]

    # ------------------------------------------------------------------ forward
    def layer_A(self, number: int, inputs: torch.Tensor) -> torch.Tensor:
        """``A(u)`` gathered for a ``(batch, T)`` tensor of layer-``number`` input indices."""
        if self.mamba_a[number] is not None:
            z = getattr(self, f"z{number}")[inputs]
            return torch.exp(-torch.nn.functional.softplus(z) * self.mamba_a[number])
        return getattr(self, f"A{number}")[inputs]

    def forward(self, tokens: torch.Tensor, *, mode: str = "scan",
                return_states: bool = False) -> torch.Tensor | tuple[torch.Tensor, list[torch.Tensor]]:
        """Run the stack on ``tokens`` (``(batch, T)`` alphabet indices).

        Parameters
        ----------
        tokens : LongTensor
            ``(batch, T)``; the module prepends the BOS token itself.
        mode : {"scan", "chunked", "sequential"}
            Parallel doubling scan, two-level chunked scan, or a step-by-step loop (same
            semantics; float rounding may differ because sums are grouped differently).
        return_states : bool
            Also return every layer's states, each ``(batch, T+1, d)``.

        Returns
        -------
        LongTensor
            ``(batch, T+1)`` indices into :attr:`outputs` (position ``t`` = prefix of length ``t``),
            and the list of states when ``return_states``.
        """
        if mode not in RECURRENCES:
            raise BadParameterError(f"mode must be one of {sorted(RECURRENCES)}, got {mode!r}")
        recurrence = RECURRENCES[mode]
        batch = tokens.shape[0]
        bos = torch.full((batch, 1), self._bos, dtype=torch.long, device=tokens.device)
        inputs = torch.cat([bos, self.token_to_input[tokens]], dim=1)
        states = []
        for number in range(self.n_layers):
            a = self.layer_A(number, inputs)
            b = getattr(self, f"B{number}")[inputs]
            h = recurrence(a, b, getattr(self, f"h{number}"), matrix=self.matrix[number])
            states.append(h)
            coords = getattr(self, f"coord{number}")[inputs]
            if coords.shape[-1]:
                x = torch.gather(h, -1, coords)
                fired = getattr(self, f"weight{number}")[inputs] * x > getattr(self, f"theta{number}")[inputs]
                code = (fired.long() * getattr(self, f"pow{number}")).sum(-1)
            else:
                code = torch.zeros_like(inputs)
            inputs = getattr(self, f"next{number}")[inputs, code]
        return (inputs, states) if return_states else inputs

    def run_words(self, words: Sequence[Iterable[str]], *, mode: str = "scan") -> list[list]:
        """Decoded outputs at every prefix of each (equally long) word."""
        with torch.no_grad():
            return self.decode(self.forward(self.encode(words), mode=mode))
