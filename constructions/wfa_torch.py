"""Torch evaluation of a WFA-SSM: log-depth associative scans over the per-token matrices.

Source: Merrill, Petty & Sabharwal (ICML 2024), Thm 5.2 (the WFA-SSM / IDS4 ``h_t = A(x_t) h_{t−1}``)
and their remark that such a model is evaluated in parallel by an associative scan over matrix
products (``P_t = A_{x_t} P_{t−1}`` is associative in the matrices), as in S4/Mamba.

Three exact-equivalent representations of the per-token matrices, for three scales:

``"dense"``
    The ``d×d`` matrices as float tensors (fp32 by default — *float*). The scan reuses
    :func:`statecheck.constructions.ssm_torch.scan_recurrence` (doubling, ``⌈log₂T⌉`` steps) and
    :func:`~statecheck.constructions.ssm_torch.chunked_recurrence` (≈ 2√T steps) with ``B = 0``.
    Every product of the model's 0/1 one-1-per-column matrices is again such a matrix, so every
    float entry is 0 or 1 and every sum adds at most one 1: the float run is exact in every
    format, but it is a float run. Memory ``batch·T·d²`` — small ``d`` only (the S5 Cayley DFA,
    d = 120, at batch 256 × length 4096 would need 60 GB).
``"maps"``
    Each matrix as its *index map* ``f_σ[q] = δ(q, σ)`` (the row of the 1 in column ``q``):
    ``A_σ e_q = e_{f_σ[q]}`` and ``A_τ A_σ`` has the map ``f_τ[f_σ]``, so composing maps by
    ``gather`` *is* the matrix product, in exact integers. ``h_t = e_{q_t}`` is carried as the
    index ``q_t``. Memory ``batch·T·d`` int64 (chunked over the batch).
``"monoid"``
    Each matrix as its index in the model's transition monoid
    (:meth:`~statecheck.constructions.wfa.WFASSM.transition_monoid`), composed by the monoid's
    multiplication table (:meth:`~statecheck.constructions.wfa.MatrixMonoid.then_table`):
    one integer per token and one table lookup per product — the representation the theorem
    itself suggests (the states of the scan *are* monoid elements). Exact; needs a monoid of at
    most :data:`MAX_MONOID_TABLE` elements.

Scan modes: ``"sequential"`` (one step per token, the recurrence itself), ``"scan"`` (doubling /
Hillis–Steele, ``⌈log₂T⌉`` rounds) and, for maps and monoid, ``"tree"`` (work-efficient
Blelloch up-sweep / down-sweep, ``2⌈log₂T⌉`` rounds, ``O(T)`` products) and ``"blocked"`` (a
tree scan over blocks of :data:`BLOCK` tokens: ``2·BLOCK + 2⌈log₂(T/BLOCK)⌉`` rounds, still
logarithmic in ``T`` for the fixed block, and far less memory traffic per round — the layout GPU
scans use); ``"chunked"`` for dense. Output position ``t`` is the prefix of length ``t`` (position 0 = the empty word).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from statecheck.constructions.ssm_torch import (
    chunked_recurrence,
    encode_words,
    resolve_dtype,
    scan_recurrence,
)
from statecheck.errors import BadParameterError

__all__ = [
    "WFASSMModule", "REPRESENTATIONS", "MAX_MONOID_TABLE",
    "dense_sequential", "doubling_scan_states", "tree_scan_states", "blocked_scan_states",
    "compose_maps", "apply_maps", "BLOCK",
]

#: The modes each representation supports.
REPRESENTATIONS = {
    "dense": ("sequential", "scan", "chunked"),
    "maps": ("sequential", "scan", "tree", "blocked"),
    "monoid": ("sequential", "scan", "tree", "blocked"),
}
#: Tokens per block of the ``"blocked"`` scan.
BLOCK = 8
#: Largest transition monoid whose ``size × size`` table the ``"monoid"`` representation builds.
MAX_MONOID_TABLE = 4096
#: Elements of ``batch·T·d`` int64 processed at once by the ``"maps"`` scans (256 MB).
_MAPS_CHUNK = 1 << 25


# ---------------------------------------------------------------------------- scan primitives
def compose_maps(first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
    """``second ∘ first`` for index maps ``(..., d)``: ``out[..., q] = second[..., first[..., q]]``.

    For 0/1 one-1-per-column matrices this is the matrix product ``A_second · A_first``.
    """
    return torch.gather(second, -1, first)


def apply_maps(maps: torch.Tensor, states: torch.Tensor) -> torch.Tensor:
    """``maps[..., states]``: the image of each state index under its map (``A e_q = e_{f[q]}``)."""
    return torch.gather(maps, -1, states.unsqueeze(-1)).squeeze(-1)


def doubling_scan_states(elements: torch.Tensor, start: torch.Tensor,
                         combine: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                         act: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> torch.Tensor:
    """States after every prefix by a doubling (Hillis–Steele) scan, ``⌈log₂T⌉`` rounds.

    ``elements[:, t]`` is the transformation of token ``t``; ``combine(a, b)`` is "``a`` then
    ``b``" (associative); ``act(e, s)`` applies ``e`` to state ``s``. The start state is folded
    into position 0; before the round with shift ``s`` the element at ``t ≥ s`` covers tokens
    ``t−s+1 … t`` and the states of positions ``< s`` are final; the round finalises positions
    ``s … 2s−1`` (``state_t = act(e_t, state_{t−s})``) and combines ``e_t ← e_{t−s} then e_t``
    for ``t ≥ 2s`` only.

    Parameters
    ----------
    elements : Tensor
        ``(batch, T, …)``.
    start : Tensor
        ``(batch,)`` start states.

    Returns
    -------
    Tensor
        ``(batch, T)``: the state after each prefix ``x₁…x_{t+1}``.
    """
    batch, length = elements.shape[:2]
    states = torch.empty(batch, length, dtype=start.dtype, device=start.device)
    if length == 0:
        return states
    states[:, :1] = act(elements[:, :1], start.unsqueeze(1))
    shift = 1
    while shift < length:
        high = min(2 * shift, length)
        states[:, shift:high] = act(elements[:, shift:high], states[:, :high - shift])
        if 2 * shift < length:
            elements = torch.cat(
                [elements[:, :2 * shift], combine(elements[:, shift:length - shift], elements[:, 2 * shift:])],
                dim=1,
            )
        shift *= 2
    return states


def tree_scan_states(elements: torch.Tensor, start: torch.Tensor,
                     combine: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                     act: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> torch.Tensor:
    """States after every prefix by a work-efficient (Blelloch) tree scan, ``2⌈log₂T⌉`` rounds.

    Up-sweep: level ``k+1`` combines neighbouring pairs of level ``k`` (an odd last element
    moves up alone): ``O(T)`` products in ``⌈log₂T⌉`` rounds. Down-sweep: carry the *state* at
    the start of every segment, from the root (``start``) down: a right child starts at
    ``act(left sibling, parent start)``. Finally ``state_t = act(e_t, state before t)``. Only
    the up-sweep combines elements; the down-sweep moves states (``O(T)`` cheap steps).

    Parameters and return value as in :func:`doubling_scan_states`.
    """
    batch, length = elements.shape[:2]
    if length == 0:
        return torch.empty(batch, 0, dtype=start.dtype, device=start.device)
    levels = [elements]
    while levels[-1].shape[1] > 1:
        current = levels[-1]
        pairs = current.shape[1] // 2
        upper = combine(current[:, 0:2 * pairs:2], current[:, 1:2 * pairs:2])
        if current.shape[1] % 2:
            upper = torch.cat([upper, current[:, -1:]], dim=1)
        levels.append(upper)
    before = start.unsqueeze(1)
    for current in reversed(levels[:-1]):
        count = current.shape[1]
        pairs = count // 2
        below = torch.empty(batch, count, dtype=start.dtype, device=start.device)
        below[:, 0:2 * pairs:2] = before[:, :pairs]
        below[:, 1:2 * pairs:2] = act(current[:, 0:2 * pairs:2], before[:, :pairs])
        if count % 2:
            below[:, -1] = before[:, -1]
        before = below
    return act(elements, before)


def blocked_scan_states(elements: torch.Tensor, start: torch.Tensor,
                        combine: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                        act: Callable[[torch.Tensor, torch.Tensor], torch.Tensor], *,
                        block: int = BLOCK) -> torch.Tensor:
    """States after every prefix by a tree scan over blocks of ``block`` tokens.

    (1) Inside every block, for all blocks at once, ``block − 1`` rounds form the local prefix
    products ``L_i = e_0 then … then e_i``. (2) :func:`tree_scan_states` over the block totals
    ``L_{block−1}`` gives the state at every block boundary (``2⌈log₂(T/block)⌉`` rounds).
    (3) ``block`` rounds apply each ``L_i`` to its block's start state. A tail of fewer than
    ``block`` tokens is finished one token at a time. Rounds: ``2·block + 2⌈log₂(T/block)⌉``
    (plus the tail) — logarithmic in ``T`` for a fixed block; every round touches
    ``batch·T/block`` elements.

    Parameters and return value as in :func:`doubling_scan_states`.
    """
    batch, length = elements.shape[:2]
    if block < 1:
        raise BadParameterError(f"block must be a positive integer, got {block!r}")
    main = length - length % block
    states = []
    state = start
    if main:
        count = main // block
        grouped = elements[:, :main].reshape(batch, count, block, *elements.shape[2:])
        local = [grouped[:, :, 0]]
        for i in range(1, block):
            local.append(combine(local[-1], grouped[:, :, i]))
        after = tree_scan_states(local[-1], start, combine, act)  # (batch, count)
        before = torch.cat([start.unsqueeze(1), after[:, :-1]], dim=1)
        states.append(torch.stack([act(prefix, before) for prefix in local], dim=2).reshape(batch, main))
        state = after[:, -1]
    for element in elements[:, main:].unbind(1):
        state = act(element, state)
        states.append(state.unsqueeze(1))
    if not states:
        return torch.empty(batch, 0, dtype=start.dtype, device=start.device)
    return torch.cat(states, dim=1)


def dense_sequential(matrices: torch.Tensor, h0: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
    """``h_t = A[x_t] h_{t−1}`` one token at a time, gathering ``A[x_t]`` per step (float).

    Iterates ``tokens.unbind(1)`` (a loop indexing ``x[:, t]`` would make backward quadratic).
    Memory ``batch·d²`` per step, so it runs where the whole ``(batch, T, d, d)`` gather would
    not fit.

    Returns
    -------
    Tensor
        ``(batch, T, d)``.
    """
    h = h0.expand(tokens.shape[0], h0.shape[0])
    states = []
    for token in tokens.unbind(1):
        h = torch.bmm(matrices[token], h.unsqueeze(-1)).squeeze(-1)
        states.append(h)
    if not states:
        return h0.new_zeros(tokens.shape[0], 0, h0.shape[0])
    return torch.stack(states, dim=1)


# ---------------------------------------------------------------------------- the module
class WFASSMModule(nn.Module):
    """A :class:`~statecheck.constructions.wfa.WFASSM` as a ``torch.nn.Module`` (same weights).

    Parameters
    ----------
    model : WFASSM
        The exact model.
    dtype : torch.dtype or str, optional
        Float type of the dense path (fp32 by default). The maps and monoid paths are integer.

    Attributes
    ----------
    alphabet : tuple of str
        Token ``i`` of an input tensor is ``alphabet[i]``.
    A : Tensor
        ``(|Σ|, d, d)`` float buffer, ``A[i] = model.A[alphabet[i]]``.
    maps : Tensor
        ``(|Σ|, d)`` long buffer of index maps (see the module docstring).
    """

    def __init__(self, model: Any, *, dtype: Any = None) -> None:
        super().__init__()
        self.dtype = resolve_dtype(dtype)
        self.model = model
        self.alphabet = tuple(model.alphabet)
        self.dim = model.dim
        self._token_index = {symbol: i for i, symbol in enumerate(self.alphabet)}
        stacked = np.stack([model.A[a] for a in self.alphabet]).astype(np.float64)
        self.register_buffer("A", torch.from_numpy(stacked).to(self.dtype))
        self.register_buffer("h0", torch.from_numpy(model.h0.astype(np.float64)).to(self.dtype))
        self.register_buffer("C", torch.from_numpy(model.C.astype(np.float64)).to(self.dtype))
        self.register_buffer("accepting", torch.from_numpy(model.C > 0))
        # The exact integer paths need DFA-shaped weights: 0/1 matrices with one 1 per column
        # and a one-hot h0. Any integer WFA-SSM still runs on the dense path.
        try:
            maps = torch.from_numpy(np.array(model.index_maps))
        except BadParameterError as exc:
            maps, self._not_dfa = None, str(exc)
        else:
            self._not_dfa = None if sorted(model.h0.tolist()) == [0] * (self.dim - 1) + [1] else (
                "h0 is not a one-hot vector")
        self.register_buffer("maps", maps)
        self.initial_index = int(np.argmax(model.h0))
        self._monoid: tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None = None

    # ------------------------------------------------------------------ encoding
    def encode(self, words: Sequence[Iterable[str]]) -> torch.Tensor:
        """A ``(batch, T)`` long tensor of token indices for equally long words.

        Raises
        ------
        UnknownSymbolError
            A symbol outside the alphabet (or a plain string instead of a sequence).
        BadParameterError
            Words of different lengths.
        """
        return encode_words(words, self._token_index, self.alphabet)

    # ------------------------------------------------------------------ monoid tables
    def monoid_tables(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """``(then_table, generator_ids, orbit)`` of the model's transition monoid.

        ``then_table[i, j]``: index of "element ``i`` then element ``j``"; ``generator_ids[k]``:
        index of ``A[alphabet[k]]``; ``orbit[e]``: the state index of ``M_e h0``. Built once.

        Raises
        ------
        BudgetExceededError
            A monoid of more than :data:`MAX_MONOID_TABLE` elements.
        """
        if self._monoid is None:
            monoid = self.model.transition_monoid(max_size=MAX_MONOID_TABLE)
            table = torch.from_numpy(monoid.then_table())
            generators = torch.tensor([monoid.index(self.model.A[a]) for a in self.alphabet])
            orbit = torch.from_numpy(np.array(monoid.maps[:, self.initial_index]))  # f_e[q₀]
            self._monoid = (table, generators, orbit)
        return self._monoid

    # ------------------------------------------------------------------ forward
    def states(self, tokens: torch.Tensor, *, mode: str = "scan") -> torch.Tensor:
        """Dense float states ``(batch, T+1, d)`` (position 0 is ``h0``)."""
        _check_mode("dense", mode)
        if mode == "sequential":
            body = dense_sequential(self.A, self.h0, tokens)
        else:
            a = self.A[tokens]
            b = a.new_zeros(tokens.shape[0], tokens.shape[1], self.dim)
            recurrence = scan_recurrence if mode == "scan" else chunked_recurrence
            body = recurrence(a, b, self.h0, matrix=True)
        start = self.h0.expand(tokens.shape[0], 1, self.dim)
        return torch.cat([start, body], dim=1)

    def state_indices(self, tokens: torch.Tensor, *, representation: str = "maps",
                      mode: str = "scan") -> torch.Tensor:
        """Exact state indices ``q_t`` (``h_t = e_{q_t}``), ``(batch, T+1)`` long.

        Parameters
        ----------
        tokens : LongTensor
            ``(batch, T)`` alphabet indices.
        representation : {"maps", "monoid"}
        mode : {"sequential", "scan", "tree", "blocked"}
        """
        if representation not in ("maps", "monoid"):
            raise BadParameterError(f"representation must be 'maps' or 'monoid', got {representation!r}")
        _check_mode(representation, mode)
        if self._not_dfa is not None:
            raise BadParameterError(
                f"the {representation!r} representation needs DFA-shaped weights: {self._not_dfa}")
        batch, length = tokens.shape
        start = torch.full((batch, 1), self.initial_index, dtype=torch.long, device=tokens.device)
        if representation == "maps":
            body = self._map_states(tokens, mode)
        else:
            body = self._monoid_states(tokens, mode)
        return torch.cat([start, body], dim=1)

    def forward(self, tokens: torch.Tensor, *, representation: str = "dense",
                mode: str = "scan") -> torch.Tensor:
        """Acceptance after every prefix, ``(batch, T+1)`` bool (position 0 = empty word).

        Dense: ``C·h_t > 1/2`` on the float states (the exact ``C·h_t`` is an integer, so this is
        ``C·h_t > 0``). Maps / monoid: ``C[q_t] > 0`` on the exact indices.
        """
        if representation not in REPRESENTATIONS:
            raise BadParameterError(
                f"representation must be one of {sorted(REPRESENTATIONS)}, got {representation!r}")
        if representation == "dense":
            return self.states(tokens, mode=mode) @ self.C > 0.5
        return self.accepting[self.state_indices(tokens, representation=representation, mode=mode)]

    def _map_states(self, tokens: torch.Tensor, mode: str) -> torch.Tensor:
        batch, length = tokens.shape
        if mode == "sequential":
            flat = self.maps.reshape(-1)  # flat[σ·d + q] = f_σ[q]
            q = torch.full((batch,), self.initial_index, dtype=torch.long, device=tokens.device)
            out = []
            for token in tokens.unbind(1):
                q = flat.index_select(0, token * self.dim + q)
                out.append(q)
            return torch.stack(out, dim=1) if out else tokens.new_empty(batch, 0)
        scan = _SCANS[mode]
        rows = max(1, _MAPS_CHUNK // max(1, length * self.dim))
        parts = []
        for chunk in tokens.split(rows, dim=0):
            start = torch.full((chunk.shape[0],), self.initial_index, dtype=torch.long, device=tokens.device)
            parts.append(scan(self.maps[chunk], start, compose_maps, apply_maps))
        return torch.cat(parts, dim=0) if parts else tokens.new_empty(batch, length)

    def _monoid_states(self, tokens: torch.Tensor, mode: str) -> torch.Tensor:
        table, generators, orbit = (t.to(tokens.device) for t in self.monoid_tables())
        size = table.shape[0]
        flat = table.reshape(-1)  # flat[i·m + j] = "i then j"
        ids = generators[tokens]
        batch = tokens.shape[0]
        identity = torch.zeros(batch, dtype=torch.long, device=tokens.device)

        def combine(first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
            return flat.index_select(0, (first * size + second).reshape(-1)).view(first.shape)

        def act(element: torch.Tensor, prefix: torch.Tensor) -> torch.Tensor:
            return combine(prefix, element)

        if mode == "sequential":
            prefix, out = identity, []
            for element in ids.unbind(1):
                prefix = combine(prefix, element)
                out.append(prefix)
            prefixes = torch.stack(out, dim=1) if out else tokens.new_empty(batch, 0)
        else:
            scan = _SCANS[mode]
            prefixes = scan(ids, identity, combine, act)
        return orbit[prefixes]


_SCANS = {"scan": doubling_scan_states, "tree": tree_scan_states, "blocked": blocked_scan_states}


def _check_mode(representation: str, mode: str) -> None:
    if mode not in REPRESENTATIONS[representation]:
        raise BadParameterError(
            f"mode {mode!r} is not available for the {representation!r} representation; "
            f"expected one of {REPRESENTATIONS[representation]}"
        )
