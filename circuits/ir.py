"""The threshold-circuit IR: a builder, an immutable layered circuit, evaluation and export.

A *threshold gate* with integer weights ``w`` over earlier wires ``x`` and integer threshold
``t`` outputs ``1`` iff ``Σ w·x ≥ t`` (DESIGN.md). A circuit has ``n_inputs`` input wires
(ids ``0 … n_inputs-1``), constant wires (value 0 or 1) and gates; every wire a gate reads was
created before it, so creation order is a topological order.

Depth accounting: inputs and constants have depth 0; a gate has depth ``1 + max`` depth of the
wires it reads (``1`` if it reads only inputs/constants). The circuit's ``depth`` is the largest
depth of an output wire, i.e. the number of gates on the longest input→output path. Gates that
no output depends on are dropped by :meth:`CircuitBuilder.build`, so ``size`` counts only the
gates the outputs need.

Storage (:class:`Circuit`): wires are renumbered as inputs, constants, then gates ordered by
depth; gate ``g`` (wire ``first_gate + g``) reads ``indices[indptr[g]:indptr[g+1]]`` with
``weights[indptr[g]:indptr[g+1]]`` and threshold ``thresholds[g]`` (a CSR layout, numpy
arrays). Weights and thresholds are int64 where they fit, otherwise numpy ``object`` arrays of
Python ints (exponential-weight constructions at m ≥ 62 bits need them).

Evaluation (:meth:`Circuit.evaluate`) runs one depth layer at a time: the layer's weights are a
scipy CSR matrix multiplied by the 0/1 values of all earlier wires for a chunk of the batch.
Gates of a layer that read the same wires with the same weights (``[Σ w·x ≥ a]`` for many
``a``, the bulk of counting and addition circuits) share one matrix row: the sum is computed
once and compared with each threshold. Sums are exact integers: int16 when every gate's
``Σ|w| + |t| < 2¹⁵``, int32 below ``2³¹``, int64 below ``2⁶²``, and for rows with larger weights the weights are
split into base-``2³⁰`` limbs whose int64 partial sums are carry-normalised and compared with
the threshold limb by limb (no float anywhere).

Bit order (DESIGN.md): little-endian per number; several numbers are concatenated in order.
:func:`pack_numbers` / :func:`unpack_numbers` convert between Python ints and such bit rows.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from statecheck.circuits.validation import (
    CircuitBudgetError,
    CircuitInputError,
    check_bits,
    check_positive,
)
from statecheck.errors import BadParameterError

__all__ = [
    "CircuitBuilder",
    "Circuit",
    "CircuitBuildError",
    "pack_numbers",
    "unpack_numbers",
    "int_to_bits",
]

_INT16_SAFE = 2**15 - 1
_INT32_SAFE = 2**31 - 1
_INT64_SAFE = 2**62
_LIMB_BITS = 30
#: Largest number of wire values (wires × batch rows) held at once during evaluation.
_MAX_CELLS = 2**24


class CircuitBuildError(BadParameterError):
    """A malformed gate or output: unknown wire, non-integer weight, length mismatch."""


def _as_int(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise CircuitBuildError(f"{what} must be an integer, got {value!r}")
    return int(value)


def _int_array(values, what: str) -> np.ndarray:
    """``values`` as int64 if every entry fits, else an object array of Python ints."""
    if isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype != object:
        if np.issubdtype(values.dtype, np.bool_) or not np.issubdtype(values.dtype, np.integer):
            raise CircuitBuildError(f"{what} must be integers, got an array of dtype {values.dtype}")
        if values.dtype == np.uint64 and values.size and int(values.max()) >= 2**63:
            return np.asarray([int(v) for v in values.tolist()], dtype=object)
        return values.astype(np.int64, copy=False)
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    try:
        array = np.asarray(items, dtype=np.int64) if items else np.zeros(0, dtype=np.int64)
    except (OverflowError, TypeError, ValueError):
        array = None
    if array is not None and all(
        type(v) is int or (isinstance(v, np.integer) and not isinstance(v, np.bool_))
        for v in items
    ):
        return array
    items = [_as_int(v, what) for v in items]
    if all(-(2**63) < v < 2**63 for v in items):
        return np.asarray(items, dtype=np.int64)
    return np.asarray(items, dtype=object)


class CircuitBuilder:
    """Build a threshold circuit gate by gate.

    Parameters
    ----------
    n_inputs : int
        Number of input wires; their ids are ``0 … n_inputs-1`` (:attr:`inputs`).
    name : str, optional
        Recorded on the built :class:`Circuit`.
    gate_budget : int or None, optional
        Refuse (:class:`~statecheck.errors.BudgetExceededError`) to create more gates than this;
        a safety net behind the builders' estimates made before building.

    Examples
    --------
    >>> b = CircuitBuilder(3, name="majority3")
    >>> g = b.gate(b.inputs, [1, 1, 1], 2)          # [x0 + x1 + x2 >= 2]
    >>> c = b.build([g])
    >>> c.evaluate([[1, 1, 0], [1, 0, 0]]).ravel().tolist()
    [1, 0]
    """

    def __init__(self, n_inputs: int, *, name: str = "", gate_budget: int | None = None):
        self.n_inputs = check_positive("n_inputs", n_inputs)
        self.name = str(name)
        self.gate_budget = None if gate_budget is None else check_positive("gate_budget", gate_budget)
        self.inputs: list[int] = list(range(self.n_inputs))
        # per created wire (index = wire id - n_inputs): kind 0 const, 1 gate
        self._kind: list[int] = []
        self._const_value: dict[int, int] = {}
        self._const_wire: dict[int, int] = {}
        self._gate_wires: dict[int, np.ndarray] = {}
        self._gate_weights: dict[int, np.ndarray] = {}
        self._gate_threshold: dict[int, int] = {}
        self._depth = np.zeros(max(16, 2 * self.n_inputs), dtype=np.int64)
        self._n_wires = self.n_inputs
        self._n_gates = 0

    # ------------------------------------------------------------------ wires
    @property
    def n_wires(self) -> int:
        """Number of wires created so far (inputs, constants and gates)."""
        return self._n_wires

    @property
    def n_gates(self) -> int:
        """Number of gates created so far (before pruning)."""
        return self._n_gates

    def depth_of(self, wire: int) -> int:
        """Depth of ``wire`` (0 for inputs and constants)."""
        self._check_wire(wire)
        return int(self._depth[wire])

    def constant_value(self, wire: int) -> int | None:
        """The value (0 or 1) of ``wire`` if it is a constant wire, else ``None``."""
        return self._const_value.get(int(wire))

    def _check_wire(self, wire) -> int:
        wire = _as_int(wire, "a wire id")
        if not 0 <= wire < self._n_wires:
            raise CircuitBuildError(
                f"wire {wire} does not exist: wires so far are 0..{self._n_wires - 1}"
            )
        return wire

    def _new_wire(self, depth: int) -> int:
        wire = self._n_wires
        if wire >= len(self._depth):
            self._depth = np.concatenate([self._depth, np.zeros(len(self._depth), dtype=np.int64)])
        self._depth[wire] = depth
        self._n_wires += 1
        return wire

    def const(self, value: int) -> int:
        """A wire carrying the constant ``value`` (0 or 1); one shared wire per value.

        Raises
        ------
        CircuitBuildError
            ``value`` is not 0 or 1.
        """
        if isinstance(value, bool) or value not in (0, 1):
            raise CircuitBuildError(f"a constant wire carries 0 or 1, got {value!r}")
        value = int(value)
        if value not in self._const_wire:
            wire = self._new_wire(0)
            self._kind.append(0)
            self._const_value[wire] = value
            self._const_wire[value] = wire
        return self._const_wire[value]

    def gate(self, wires: Sequence[int], weights: Sequence[int], threshold: int) -> int:
        """Create the gate ``[Σ_i weights[i]·wires[i] ≥ threshold]`` and return its wire id.

        Repeated wires have their weights added; zero weights are dropped. A gate reading no
        wire is still a gate (its value is ``[0 ≥ threshold]``), at depth 1.

        Parameters
        ----------
        wires : sequence of int
            Existing wire ids.
        weights : sequence of int
            One integer weight per wire (Python ints of any size are kept exactly).
        threshold : int

        Raises
        ------
        CircuitBuildError
            Unknown wire, non-integer weight or threshold, or ``len(wires) != len(weights)``.
        BudgetExceededError
            More gates than ``gate_budget``.
        """
        threshold = _as_int(threshold, "a gate threshold")
        wire_array, weight_array, depth = self._normalise(wires, weights)
        return self._add_gate(wire_array, weight_array, threshold, depth)

    def gates(self, wires: Sequence[int], weights: Sequence[int], thresholds: Sequence[int]) -> list[int]:
        """Create one gate ``[Σ weights·wires ≥ t]`` per ``t`` in ``thresholds``; return their wires.

        Equivalent to calling :meth:`gate` once per threshold, but the wires and weights are
        validated once and stored once (gates of this kind — a shared weighted sum compared with
        many thresholds — are the bulk of counting and addition circuits).
        """
        thresholds = [_as_int(t, "a gate threshold") for t in thresholds]
        wire_array, weight_array, depth = self._normalise(wires, weights)
        return [self._add_gate(wire_array, weight_array, t, depth) for t in thresholds]

    def _normalise(self, wires, weights) -> tuple[np.ndarray, np.ndarray, int]:
        wire_array = np.asarray(wires)
        if wire_array.ndim != 1:
            wire_array = np.asarray(list(wires))
        if wire_array.size and (
            wire_array.dtype == np.bool_ or not np.issubdtype(wire_array.dtype, np.integer)
        ):
            raise CircuitBuildError(f"wire ids must be integers, got dtype {wire_array.dtype}")
        wire_array = wire_array.astype(np.int64, copy=False)
        weight_array = _int_array(weights, "gate weights")
        if len(wire_array) != len(weight_array):
            raise CircuitBuildError(
                f"a gate needs one weight per wire: got {len(wire_array)} wires and "
                f"{len(weight_array)} weights"
            )
        if wire_array.size:
            low, high = int(wire_array.min()), int(wire_array.max())
            if low < 0 or high >= self._n_wires:
                bad = low if low < 0 else high
                raise CircuitBuildError(
                    f"wire {bad} does not exist: wires so far are 0..{self._n_wires - 1}"
                )
            if len(np.unique(wire_array)) != len(wire_array):
                merged: dict[int, int] = {}
                for w, v in zip(wire_array.tolist(), weight_array.tolist(), strict=True):
                    merged[w] = merged.get(w, 0) + int(v)
                wire_array = np.asarray(list(merged), dtype=np.int64)
                weight_array = _int_array(list(merged.values()), "gate weights")
            nonzero = weight_array != 0
            if not np.all(nonzero):
                wire_array, weight_array = wire_array[nonzero], weight_array[nonzero]
        depth = 1 + (int(self._depth[wire_array].max()) if wire_array.size else 0)
        return wire_array, weight_array, depth

    def _add_gate(self, wire_array, weight_array, threshold: int, depth: int) -> int:
        if self.gate_budget is not None and self._n_gates >= self.gate_budget:
            raise CircuitBudgetError(
                f"circuit {self.name or '(unnamed)'} exceeds its gate budget of {self.gate_budget:,} gates"
            )
        wire = self._new_wire(depth)
        self._kind.append(1)
        self._gate_wires[wire] = wire_array
        self._gate_weights[wire] = weight_array
        self._gate_threshold[wire] = threshold
        self._n_gates += 1
        return wire

    # ------------------------------------------------------------------ build
    def build(self, outputs: Sequence[int], *, meta: dict | None = None) -> Circuit:
        """Freeze the circuit with the given output wires (in order).

        Gates that no output depends on are dropped; wires are renumbered (inputs, constants,
        gates by depth). The builder may be reused afterwards (it is not modified).

        Raises
        ------
        CircuitBuildError
            No outputs, or an unknown output wire.
        """
        outputs = [self._check_wire(w) for w in outputs]
        if not outputs:
            raise CircuitBuildError("a circuit needs at least one output wire, got none")
        n_in = self.n_inputs
        needed = np.zeros(self._n_wires, dtype=bool)
        needed[outputs] = True
        for wire in range(self._n_wires - 1, n_in - 1, -1):
            if needed[wire] and wire in self._gate_wires:
                needed[self._gate_wires[wire]] = True
        consts = [w for w in self._const_value if needed[w]]
        gates = [w for w in self._gate_wires if needed[w]]
        depth = self._depth[: self._n_wires]
        gates.sort(key=lambda w: (int(depth[w]), w))
        new_id = np.full(self._n_wires, -1, dtype=np.int64)
        new_id[:n_in] = np.arange(n_in)
        new_id[consts] = n_in + np.arange(len(consts))
        first_gate = n_in + len(consts)
        new_id[gates] = first_gate + np.arange(len(gates))
        counts = np.asarray([len(self._gate_wires[w]) for w in gates], dtype=np.int64)
        indptr = np.zeros(len(gates) + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        if gates:
            indices = new_id[np.concatenate([self._gate_wires[w] for w in gates])]
            parts = [self._gate_weights[w] for w in gates]
            if any(p.dtype == object for p in parts):
                weights = np.concatenate([p.astype(object) for p in parts])
            else:
                weights = np.concatenate(parts).astype(np.int64, copy=False)
        else:
            indices = np.zeros(0, dtype=np.int64)
            weights = np.zeros(0, dtype=np.int64)
        thresholds = _int_array([self._gate_threshold[w] for w in gates], "thresholds")
        gate_depth = depth[gates].astype(np.int64) if gates else np.zeros(0, dtype=np.int64)
        return Circuit(
            n_inputs=n_in,
            const_values=np.asarray([self._const_value[w] for w in consts], dtype=np.uint8),
            indptr=indptr,
            indices=indices,
            weights=weights,
            thresholds=thresholds,
            gate_depth=gate_depth,
            outputs=new_id[outputs],
            name=self.name,
            meta=dict(meta or {}),
        )


@dataclass(frozen=True, eq=False)
class Circuit:
    """An immutable threshold circuit, layered by depth (build it with :class:`CircuitBuilder`).

    Attributes
    ----------
    n_inputs, n_outputs : int
    depth : int
        Gates on the longest input→output path (inputs and constants: 0).
    size : int
        Number of gates.
    edges : int
        Number of (wire → gate) connections with a non-zero weight.
    max_weight : int
        Largest ``|w|`` over all edges (0 for a circuit without edges).
    max_fan_in : int
        Largest number of wires one gate reads.
    name : str
    meta : dict
        Free-form facts recorded by the builder (construction, parameters, weights mode).
    outputs : ndarray of int64
        Output wire ids (renumbered layout), in output order.
    """

    n_inputs: int
    const_values: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    weights: np.ndarray
    thresholds: np.ndarray
    gate_depth: np.ndarray
    outputs: np.ndarray
    name: str = ""
    meta: dict = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (f"Circuit(name={self.name!r}, n_inputs={self.n_inputs}, n_outputs={self.n_outputs}, "
                f"depth={self.depth}, size={self.size}, edges={self.edges})")

    # ------------------------------------------------------------------ metrics
    @property
    def n_consts(self) -> int:
        """Number of constant wires."""
        return len(self.const_values)

    @property
    def first_gate(self) -> int:
        """Wire id of the first gate (after inputs and constants)."""
        return self.n_inputs + self.n_consts

    @property
    def n_wires(self) -> int:
        """Inputs + constants + gates."""
        return self.first_gate + self.size

    @property
    def n_outputs(self) -> int:
        """Number of output wires."""
        return len(self.outputs)

    @property
    def size(self) -> int:
        """Number of gates (after pruning)."""
        return len(self.thresholds)

    @property
    def edges(self) -> int:
        """Number of wire → gate connections with a non-zero weight."""
        return len(self.indices)

    @property
    def depth(self) -> int:
        """Gates on the longest input→output path (0 if every output is an input or constant)."""
        depths = self.wire_depths()
        return int(depths[self.outputs].max()) if self.n_outputs else 0

    @property
    def max_weight(self) -> int:
        """Largest ``|w|`` over all edges (an exact Python int; 0 without edges)."""
        if not len(self.weights):
            return 0
        if self.weights.dtype == object:
            return max(abs(int(v)) for v in self.weights.tolist())
        return int(np.abs(self.weights).max())

    @property
    def max_fan_in(self) -> int:
        """Largest number of wires one gate reads (0 without gates)."""
        return int(np.diff(self.indptr).max()) if self.size else 0

    def wire_depths(self) -> np.ndarray:
        """Depth of every wire (inputs and constants 0), indexed by wire id."""
        return np.concatenate([np.zeros(self.first_gate, dtype=np.int64), self.gate_depth])

    def metrics(self) -> dict:
        """``{"depth", "size", "edges", "max_weight", "max_fan_in", "n_inputs", "n_outputs"}``."""
        return {
            "depth": self.depth,
            "size": self.size,
            "edges": self.edges,
            "max_weight": self.max_weight,
            "max_fan_in": self.max_fan_in,
            "n_inputs": self.n_inputs,
            "n_outputs": self.n_outputs,
        }

    def gate(self, g: int) -> tuple[np.ndarray, np.ndarray, int]:
        """``(wires, weights, threshold)`` of gate number ``g`` (wire ``first_gate + g``)."""
        lo, hi = int(self.indptr[g]), int(self.indptr[g + 1])
        return self.indices[lo:hi], self.weights[lo:hi], int(self.thresholds[g])

    # ------------------------------------------------------------------ evaluation plan
    def _layers(self) -> list[dict]:
        """Per depth layer: the evaluation plan (cached).

        Gates of a layer with the same wires and weights (they differ only in threshold, as in
        ``[Σ w·x ≥ a]`` for many ``a``) share one row of the layer's sparse matrix: the weighted
        sum is computed once and compared with each gate's threshold.
        """
        if "layers" in self._cache:
            return self._cache["layers"]
        layers = []
        bounds = np.searchsorted(self.gate_depth, np.arange(1, int(self.gate_depth.max(initial=0)) + 2))
        big = self.weights.dtype == object or self.thresholds.dtype == object
        for d in range(len(bounds) - 1):
            g0, g1 = int(bounds[d]), int(bounds[d + 1])
            if g0 < g1:
                layers.append(self._layer_plan(g0, g1, big))
        self._cache["layers"] = layers
        return layers

    def _layer_plan(self, g0: int, g1: int, big: bool) -> dict:
        indptr, indices, weights = self.indptr, self.indices, self.weights
        rows: dict = {}
        row_of = np.empty(g1 - g0, dtype=np.int64)
        reps: list[int] = []
        for g in range(g0, g1):
            lo, hi = int(indptr[g]), int(indptr[g + 1])
            w = weights[lo:hi]
            if big:  # cheap fingerprint, then an exact comparison with each candidate row
                key = (indices[lo:hi].tobytes(), tuple(w[:4].tolist()), tuple(w[-4:].tolist()))
            else:
                key = (indices[lo:hi].tobytes(), w.tobytes())
            candidates = rows.setdefault(key, [])
            for row in candidates:
                first = reps[row]
                if not big or np.array_equal(weights[indptr[first] : indptr[first + 1]], w):
                    break
            else:
                row = len(reps)
                candidates.append(row)
                reps.append(g)
            row_of[g - g0] = row
        t = self.thresholds[g0:g1]
        if big:
            row_sum = [sum(abs(int(v)) for v in weights[indptr[g] : indptr[g + 1]].tolist()) for g in reps]
            row_bound = [0] * len(reps)
            for r, tt in zip(row_of.tolist(), t.tolist(), strict=True):
                row_bound[r] = max(row_bound[r], row_sum[r] + abs(int(tt)))
            row_is_big = np.asarray([v >= _INT64_SAFE for v in row_bound], dtype=bool)
        else:
            row_sum = np.asarray([np.abs(weights[indptr[g] : indptr[g + 1]]).sum() for g in reps],
                                 dtype=np.int64)
            row_bound = np.zeros(len(reps), dtype=np.int64)
            np.maximum.at(row_bound, row_of, row_sum[row_of] + np.abs(t))
            row_is_big = np.zeros(len(reps), dtype=bool)
        start = self.first_gate + g0  # the layer reads only wires before its first gate
        parts = []
        for want_big in (False, True):
            chosen_rows = np.flatnonzero(row_is_big == want_big)
            if not len(chosen_rows):
                continue
            gate_mask = row_is_big[row_of] == want_big
            gates = np.flatnonzero(gate_mask)
            renumber = np.full(len(reps), -1, dtype=np.int64)
            renumber[chosen_rows] = np.arange(len(chosen_rows))
            part_reps = [reps[r] for r in chosen_rows.tolist()]
            bound = max(int(row_bound[r]) for r in chosen_rows.tolist())
            part = {
                "gates": None if len(gates) == g1 - g0 else gates,
                "row_of": None if len(chosen_rows) == len(gates) else renumber[row_of[gates]],
                "bound": bound,
                "unique_rows": len(chosen_rows),
            }
            part.update(self._part_matrices(part_reps, t[gates], start, want_big))
            if part["row_of"] is None and len(gates) > 1 and np.any(np.diff(renumber[row_of[gates]]) != 1):
                part["row_of"] = renumber[row_of[gates]]
            part["runs"] = self._runs(part)
            parts.append(part)
        return {"g0": g0, "g1": g1, "start": start, "parts": parts,
                "bound": max(p["bound"] for p in parts)}

    @staticmethod
    def _runs(part: dict):
        """``[(start, stop, row)]`` when a whole layer's gates form few runs of one shared row.

        Comparing a run against its one row of sums by broadcasting avoids gathering a copy of
        the row for every gate (the gates of one :meth:`CircuitBuilder.gates` call are adjacent).
        """
        row_of = part["row_of"]
        if part["gates"] is not None or row_of is None or part["kind"] != "int":
            return None
        cuts = np.flatnonzero(np.diff(row_of)) + 1
        if 8 * (len(cuts) + 1) > len(row_of):
            return None
        starts = np.concatenate([[0], cuts]).tolist()
        stops = np.concatenate([cuts, [len(row_of)]]).tolist()
        return [(s, e, int(row_of[s])) for s, e in zip(starts, stops, strict=True)]

    def _part_matrices(self, reps: list[int], t: np.ndarray, start: int, limbs: bool) -> dict:
        import scipy.sparse as sp

        indptr = self.indptr
        counts = np.asarray([indptr[g + 1] - indptr[g] for g in reps], dtype=np.int64)
        ptr = np.zeros(len(reps) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        take = np.concatenate([np.arange(indptr[g], indptr[g + 1]) for g in reps]).astype(np.int64)
        cols = self.indices[take]
        w = self.weights[take]
        shape = (len(reps), start)
        if not limbs:
            data = w if w.dtype != object else np.asarray([int(v) for v in w.tolist()], dtype=np.int64)
            threshold = np.asarray([int(v) for v in t.tolist()], dtype=np.int64)
            return {"kind": "int", "matrix": sp.csr_matrix((data, cols, ptr), shape=shape),
                    "threshold": threshold}
        return {"kind": "limbs", **self._limb_plan(w, t, cols, ptr, shape)}

    @staticmethod
    def _limb_plan(w, t, cols, ptr, shape) -> dict:
        import scipy.sparse as sp

        w_int = [int(v) for v in w.tolist()]
        t_int = [int(v) for v in t.tolist()]
        top = max([abs(v) for v in w_int] + [abs(v) for v in t_int] + [1])
        n_limbs = max(1, (top.bit_length() + _LIMB_BITS - 1) // _LIMB_BITS)
        mask = (1 << _LIMB_BITS) - 1

        def limb(v: int, shift: int) -> int:
            return ((abs(v) >> shift) & mask) * (1 if v >= 0 else -1)

        matrices, thresholds = [], []
        for k in range(n_limbs):
            shift = k * _LIMB_BITS
            data = np.asarray([limb(v, shift) for v in w_int], dtype=np.int64)
            matrices.append(sp.csr_matrix((data, cols, ptr), shape=shape))
            if k < n_limbs - 1:  # normalised threshold limbs: t = Σ_k t_k 2^{30k}, 0 ≤ t_k < 2^30
                thresholds.append(np.asarray([(v >> shift) & mask for v in t_int], dtype=np.int64))
            else:
                thresholds.append(np.asarray([v >> shift for v in t_int], dtype=np.int64))
        return {"matrices": matrices, "limb_thresholds": thresholds}

    def _state_dtype(self):
        """int16 / int32 when every gate's sums fit (the matrices are converted too), else int64."""
        if "dtype" in self._cache:
            return self._cache["dtype"]
        layers = self._layers()
        dtype = np.int64
        parts = [part for layer in layers for part in layer["parts"]]
        if all(part["kind"] == "int" for part in parts):
            bound = max((part["bound"] for part in parts), default=0)
            if bound <= _INT16_SAFE:
                dtype = np.int16
            elif bound <= _INT32_SAFE:
                dtype = np.int32
        if dtype != np.int64:
            for part in parts:  # scipy would otherwise upcast the whole state to int64
                part["matrix"] = part["matrix"].astype(dtype)
                part["threshold"] = part["threshold"].astype(dtype)
        self._cache["dtype"] = dtype
        return dtype

    # ------------------------------------------------------------------ evaluate
    def evaluate(self, bits, *, chunk: int = 4096) -> np.ndarray:
        """Evaluate the circuit on a batch of inputs, exactly.

        Parameters
        ----------
        bits : array_like of 0/1
            Shape ``(batch, n_inputs)``; a 1-D array of length ``n_inputs`` is one input.
        chunk : int, optional
            Largest number of batch rows evaluated at once (smaller when the circuit is large,
            so that at most 2²⁴ wire values are held at once; that scratch array is kept with
            the circuit for the next call).

        Returns
        -------
        ndarray of uint8
            Shape ``(batch, n_outputs)`` (``(n_outputs,)`` for a 1-D input).

        Raises
        ------
        CircuitInputError
            Wrong shape or a value other than 0/1.
        """
        chunk = check_positive("chunk", chunk)
        array, single = check_bits(bits, self.n_inputs)
        batch = array.shape[0]
        out = np.zeros((batch, self.n_outputs), dtype=np.uint8)
        dtype = self._state_dtype()
        layers = self._layers()
        rows = max(1, min(chunk, _MAX_CELLS // max(1, self.n_wires)))
        lock = self._cache.setdefault("lock", threading.Lock())
        owns_buffer = lock.acquire(blocking=False)  # a concurrent call gets its own scratch
        try:
            for lo in range(0, batch, rows):
                inputs = array[lo : lo + rows]
                if owns_buffer:
                    values = self._state_buffer(len(inputs), dtype)
                else:
                    values = np.empty((self.n_wires, len(inputs)), dtype=dtype)
                values[: self.n_inputs] = inputs.T
                values[self.n_inputs : self.first_gate] = self.const_values[:, None]
                self._run_layers(layers, values)
                out[lo : lo + rows] = values[self.outputs].T
        finally:
            if owns_buffer:
                lock.release()
        return out[0] if single else out

    def _run_layers(self, layers: list[dict], values: np.ndarray) -> None:
        """Fill the gate rows of ``values`` (wires × batch), one depth layer at a time."""
        for layer in layers:
            first = self.first_gate + layer["g0"]
            last = self.first_gate + layer["g1"]
            earlier = values[: layer["start"]]
            for part in layer["parts"]:
                if part["kind"] == "int":
                    sums = part["matrix"] @ earlier
                    if part["runs"] is not None:
                        threshold = part["threshold"][:, None]
                        for s, e, row in part["runs"]:
                            np.greater_equal(sums[row], threshold[s:e], out=values[first + s : first + e],
                                             casting="unsafe")
                        continue
                    if part["row_of"] is not None:
                        sums = sums[part["row_of"]]
                    if part["gates"] is None:  # compare straight into the state rows
                        np.greater_equal(sums, part["threshold"][:, None],
                                         out=values[first:last], casting="unsafe")
                        continue
                    result = sums >= part["threshold"][:, None]
                else:
                    result = self._limb_compare(part, earlier)
                if part["gates"] is None:
                    values[first:last] = result
                else:
                    values[first + part["gates"]] = result

    def _state_buffer(self, rows: int, dtype) -> np.ndarray:
        """A reusable ``(n_wires, rows)`` array (allocating afresh each call costs page faults)."""
        buffer = self._cache.get("buffer")
        if buffer is None or buffer.dtype != dtype or buffer.shape[1] < rows:
            buffer = np.empty((self.n_wires, rows), dtype=dtype)
            self._cache["buffer"] = buffer
        return buffer[:, :rows] if buffer.shape[1] != rows else buffer

    @staticmethod
    def _limb_compare(part, earlier) -> np.ndarray:
        """``Σ w·x ≥ t`` with limbed weights, exactly.

        ``S = Σ_k S_k 2^{30k}`` with ``S_k`` the int64 sum of limb ``k`` of the weights; carries
        bring ``S_k`` into ``[0, 2^30)`` for every limb but the top one (which keeps the sign),
        the threshold is split the same way, and the two are compared limb by limb from the
        top (lower limbs only where the higher ones tie).
        """
        earlier = earlier.astype(np.int64, copy=False)
        sums = [np.asarray(matrix @ earlier, dtype=np.int64) for matrix in part["matrices"]]
        for k in range(len(sums) - 1):
            carry = sums[k] >> _LIMB_BITS  # floor division: limb k ends in [0, 2^30)
            sums[k] -= carry << _LIMB_BITS
            sums[k + 1] += carry
        thresholds = part["limb_thresholds"]
        row_of = part["row_of"]
        if row_of is None:
            row_of = np.arange(len(thresholds[0]))
        top = sums[-1][row_of]
        result = top > thresholds[-1][:, None]
        tie_gate, tie_col = np.nonzero(top == thresholds[-1][:, None])
        for k in range(len(sums) - 2, -1, -1):
            if not len(tie_gate):
                break
            mine = sums[k][row_of[tie_gate], tie_col]
            theirs = thresholds[k][tie_gate]
            above = mine > theirs
            result[tie_gate[above], tie_col[above]] = True
            same = mine == theirs
            tie_gate, tie_col = tie_gate[same], tie_col[same]
        result[tie_gate, tie_col] = True  # every limb equal: S = t
        return result

    # ------------------------------------------------------------------ export
    def to_networkx(self):
        """The circuit as a :class:`networkx.DiGraph`.

        Nodes are wire ids. Inputs: ``kind="input"``, ``index=i``. Constants: ``kind="const"``,
        ``value=v``. Gates: ``kind="gate"``, ``threshold=t``, ``depth=d``; each in-edge carries
        ``weight=w`` (a Python int). An output node has ``output_index=j`` (its first position
        among the outputs); ``graph.graph["outputs"]`` lists the output node of every position
        and ``graph.graph["name"]`` the circuit name.
        """
        import networkx as nx

        graph = nx.DiGraph(name=self.name, outputs=[int(v) for v in self.outputs])
        for i in range(self.n_inputs):
            graph.add_node(i, kind="input", index=i)
        for c, value in enumerate(self.const_values.tolist()):
            graph.add_node(self.n_inputs + c, kind="const", value=int(value))
        thresholds = self.thresholds.tolist()
        depths = self.gate_depth.tolist()
        weights = self.weights.tolist()
        indices = self.indices.tolist()
        indptr = self.indptr.tolist()
        for g in range(self.size):
            node = self.first_gate + g
            graph.add_node(node, kind="gate", threshold=int(thresholds[g]), depth=int(depths[g]))
            graph.add_edges_from(
                (indices[e], node, {"weight": int(weights[e])}) for e in range(indptr[g], indptr[g + 1])
            )
        for j, node in enumerate(self.outputs.tolist()):
            if "output_index" not in graph.nodes[node]:
                graph.nodes[node]["output_index"] = j
        return graph


# ---------------------------------------------------------------------- number <-> bits
def int_to_bits(value: int, width: int) -> list[int]:
    """Little-endian bits of the non-negative ``value`` (``width`` of them).

    Raises
    ------
    BadParameterError
        ``value`` negative or not representable in ``width`` bits.
    """
    value, width = int(value), check_positive("width", width)
    if value < 0 or value >> width:
        raise BadParameterError(f"value {value} does not fit in {width} unsigned bits")
    return [(value >> i) & 1 for i in range(width)]


def pack_numbers(values, widths: Sequence[int]) -> np.ndarray:
    """Bit rows for a batch of tuples of non-negative ints (little-endian, concatenated).

    Parameters
    ----------
    values : array_like, shape (batch, len(widths))
        Python ints (any size) or an integer numpy array.
    widths : sequence of int
        Bits per number.

    Returns
    -------
    ndarray of uint8, shape (batch, sum(widths))
    """
    widths = [check_positive("width", w) for w in widths]
    if isinstance(values, np.ndarray) and values.dtype != object and max(widths) <= 62:
        array = values.astype(np.int64)
        if array.ndim != 2 or array.shape[1] != len(widths):
            raise CircuitInputError(f"values must have shape (batch, {len(widths)}), got {array.shape}")
        cols = []
        for k, w in enumerate(widths):
            if (array[:, k] < 0).any() or (array[:, k] >> w).any():
                raise BadParameterError(f"a value in column {k} does not fit in {w} unsigned bits")
            cols.append(((array[:, k : k + 1] >> np.arange(w)) & 1).astype(np.uint8))
        return np.concatenate(cols, axis=1)
    rows = [list(r) for r in values]
    out = np.zeros((len(rows), sum(widths)), dtype=np.uint8)
    for r, row in enumerate(rows):
        if len(row) != len(widths):
            raise CircuitInputError(f"each row needs {len(widths)} numbers, got {len(row)}")
        pos = 0
        for v, w in zip(row, widths, strict=True):
            out[r, pos : pos + w] = int_to_bits(v, w)
            pos += w
    return out


def unpack_numbers(bits, widths: Sequence[int]) -> list[list[int]]:
    """Python ints from bit rows (inverse of :func:`pack_numbers`); one list per batch row."""
    array = np.asarray(bits)
    if array.ndim == 1:
        array = array[None, :]
    widths = [check_positive("width", w) for w in widths]
    if array.shape[1] != sum(widths):
        raise CircuitInputError(f"bit rows must have width {sum(widths)}, got {array.shape[1]}")
    result = []
    for row in array.tolist():
        numbers, pos = [], 0
        for w in widths:
            numbers.append(sum(int(b) << i for i, b in enumerate(row[pos : pos + w])))
            pos += w
        result.append(numbers)
    return result
