"""Addition and iterated addition in constant depth, with exponential or polynomial weights.

Sources: Siu & Roychowdhury 1994 ("On optimal depth threshold circuits for multiplication and
related problems", SIAM J. Discrete Math. 7: iterated addition in depth 2 with exponential
weights), the block-save / carry-lookahead method of Chandra, Stockmeyer & Vishkin 1984 and
Siu, Roychowdhury & Kailath 1995 (*Discrete Neural Computation*, ch. 6) for polynomial weights;
Merrill, Petty & Sabharwal (ICML 2024, §4 and App. A) use "iterated addition is in TC0" to put
S4/S6 layers in TC0.

Everything is written for a *column sum*: wires ``w`` placed at bit positions ``p``, value
``S = Σ_p 2^p Σ_{w ∈ col_p} w``; ``k_p = |col_p|``. The sum has ``out_bits = bitlen(Σ_p k_p 2^p)``
bits (little-endian). ``n`` numbers of ``m`` bits are the columns ``col_p = {x_{i,p}}``.

**Exponential weights (depth 2).** For output bit ``p`` let ``Y_p = Σ_{q ≤ p} 2^q Σ col_q``
(the higher columns are multiples of ``2^{p+1}`` and do not change bit ``p``). Layer 1:
``A_{p,r} = [Y_p ≥ r·2^{p+1} + 2^p]`` and ``B_{p,r} = [Y_p ≥ (r+1)·2^{p+1}]`` for every ``r``
with the threshold ``≤ max Y_p``. Layer 2: ``bit_p = [Σ_r (A_{p,r} − B_{p,r}) ≥ 1]`` (the
intervals ``[r 2^{p+1} + 2^p, (r+1) 2^{p+1})`` are exactly the values with bit ``p`` set).
Weights ``2^q`` up to ``2^{p_max}`` for the highest column ``p_max`` (``2^{m-1}`` for ``m``-bit
numbers); thresholds up to ``max Y_p < 2^{out_bits}``.

**Polynomial weights (depth 6 for ≥ 4 numbers, 5 for 2–3; max weight ``2^{L'} − 1 < 2K``, i.e.
O(log n); thresholds below ``2^{2L'+1}``).**

1. *Column counts* (only when some ``k_p ≥ 4``; depth 1): ``C_{p,a} = [Σ col_p ≥ a]``
   (``a = 1 … k_p``, weights 1). Bit ``ℓ`` of the count is the 0/1-valued *linear form*
   ``c_{p,ℓ} = Σ_r (C_{p, r 2^{ℓ+1} + 2^ℓ} − C_{p,(r+1) 2^{ℓ+1}})`` (disjoint intervals), placed
   at position ``p + ℓ`` without a gate of its own: stage 2 reads the forms directly. Now every
   position holds at most ``K = bitlen(max k_p)`` 0/1 terms (wires or forms).
2. *Block sums* (depth +1): blocks of ``L'`` positions, ``L'`` the least with
   ``K (2^{L'} − 1) < 2^{2L'}``, so a block sum ``B_β = Σ_{p ∈ block β} 2^{p − βL'} Σ terms_p``
   has at most ``2L'`` bits (minimality of ``L'`` gives ``2^{L'} < 2K``, so every weight below is
   ``< 2K``). Unary indicators ``U_{β,t} = [B_β ≥ t]``, ``t = 1 … max B_β``.
   Both halves of ``B_β`` are *linear* in the indicators:
   ``lo_β = B_β mod 2^{L'} = Σ_t U_{β,t} − 2^{L'} Σ_{j ≥ 1} U_{β, j 2^{L'}}`` and
   ``hi_β = ⌊B_β / 2^{L'}⌋ = Σ_{j ≥ 1} U_{β, j 2^{L'}}``, and ``S = Σ_β D_β 2^{βL'}`` with the
   digit ``D_β = lo_β + hi_{β−1} ≤ 2^{L'+1} − 2``.
3. *Block carries* (depth +2): generate ``G_β = [D_β ≥ 2^{L'}]``, propagate-or-generate
   ``P_β = [D_β ≥ 2^{L'} − 1]``; the carry into block ``β`` comes from exactly one ``γ < β``:
   ``t_{γ,β} = [G_γ + Σ_{γ<δ<β} (P_δ − G_δ) ≥ β − γ]`` (generate at ``γ``, exact propagate
   ``D_δ = 2^{L'} − 1`` in between). These are mutually exclusive, so the carry is the *sum*
   ``c_β = Σ_γ t_{γ,β} ∈ {0, 1}``.
4. *Digits* (depth +2): ``V_β = D_β + c_β``, ``Q_{β,a} = [D_β + Σ_γ t_{γ,β} ≥ a]`` (one gate
   over the indicators and carries) and output bit ``βL' + ℓ`` is
   ``[Σ_r (Q_{β, r 2^{ℓ+1} + 2^ℓ} − Q_{β,(r+1) 2^{ℓ+1}}) ≥ 1]`` (bit ``ℓ`` of ``V_β``).

Depth does not grow with the number of summands: stage 1 has depth 1 for every ``n``, the other
stages depth 5, whatever ``n`` and ``m`` (6 in all; 5 when no column has 4 or more wires).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from statecheck.circuits.ir import Circuit, CircuitBuilder
from statecheck.circuits.validation import check_budget, check_positive, check_weights_mode

__all__ = [
    "emit_column_sum",
    "emit_iterated_sum",
    "emit_add",
    "addition",
    "iterated_addition",
    "estimate_column_sum",
    "estimate_iterated_addition",
    "block_width",
]

SOURCE = "Siu & Roychowdhury 1994; Merrill, Petty & Sabharwal 2024, §4 and App. A"


# ---------------------------------------------------------------------- helpers
def _bit_intervals(bit: int, top: int) -> list[tuple[int, int]]:
    """Pairs ``(r 2^{bit+1} + 2^bit, (r+1) 2^{bit+1})`` with first entry ``≤ top``."""
    pairs, r = [], 0
    while (r << (bit + 1)) + (1 << bit) <= top:
        pairs.append(((r << (bit + 1)) + (1 << bit), (r + 1) << (bit + 1)))
        r += 1
    return pairs


def _emit_bit_of(b, indicator, bit: int, top: int) -> int:
    """Bit ``bit`` of a value ``v ≤ top`` given ``indicator(a) = [v ≥ a]`` wires (``1 ≤ a ≤ top``)."""
    wires, weights = [], []
    for low, high in _bit_intervals(bit, top):
        wires.append(indicator(low))
        weights.append(1)
        if high <= top:
            wires.append(indicator(high))
            weights.append(-1)
    if not wires:
        return b.const(0)
    return b.gate(wires, weights, 1)


def _clean_columns(b, columns: Mapping[int, Sequence[int]]) -> dict[int, list[int]]:
    cleaned: dict[int, list[int]] = {}
    for pos, wires in columns.items():
        pos = check_positive("a bit position", pos, minimum=0)
        kept = [int(w) for w in wires if b.constant_value(w) != 0]
        if kept:
            cleaned.setdefault(pos, []).extend(kept)
    return cleaned


def block_width(max_count: int) -> int:
    """The least ``L' ≥ 1`` with ``K (2^{L'} − 1) < 2^{2L'}`` for ``K = max_count``."""
    width = 1
    while max_count * ((1 << width) - 1) >= 1 << (2 * width):
        width += 1
    return width


# ---------------------------------------------------------------------- exponential weights
def _emit_exponential(b, columns: dict[int, list[int]], out_bits: int) -> list[int]:
    positions = sorted(columns)
    outputs = []
    wires: list[int] = []
    weights: list[int] = []
    top = 0
    index = 0
    for p in range(out_bits):
        while index < len(positions) and positions[index] <= p:
            q = positions[index]
            wires.extend(columns[q])
            weights.extend([1 << q] * len(columns[q]))
            top += len(columns[q]) << q
            index += 1
        needed = sorted({a for pair in _bit_intervals(p, top) for a in pair if a <= top})
        made = dict(zip(needed, b.gates(wires, weights, needed), strict=True))  # [Y_p ≥ a]
        outputs.append(_emit_bit_of(b, made.__getitem__, p, top))
    return outputs


# ---------------------------------------------------------------------- polynomial weights
def _plain_atoms(columns: dict[int, list[int]]) -> dict[int, list[dict[int, int]]]:
    """Each wire as the 0/1-valued linear form ``{wire: 1}``."""
    return {pos: [{w: 1} for w in wires] for pos, wires in columns.items()}


def _count_columns(b, columns: dict[int, list[int]]) -> dict[int, list[dict[int, int]]]:
    """Stage 1: each column's count ``c_p`` in unary, and its bits as *linear forms* of it.

    ``C_{p,a} = [Σ col_p ≥ a]`` are gates (depth 1); bit ``ℓ`` of ``c_p`` is the 0/1 value
    ``Σ_r (C_{p, r 2^{ℓ+1} + 2^ℓ} − C_{p,(r+1) 2^{ℓ+1}})`` (disjoint intervals), placed at
    position ``p + ℓ`` as the form ``{C: ±1}`` — no gate: the block sums read it directly.
    """
    result: dict[int, list[dict[int, int]]] = {}
    for pos in sorted(columns):
        wires = columns[pos]
        k = len(wires)
        if k == 1:
            result.setdefault(pos, []).append({wires[0]: 1})
            continue
        at_least = b.gates(wires, [1] * k, range(1, k + 1))  # C_{p,a} = [Σ col ≥ a]
        for bit in range(k.bit_length()):
            form: dict[int, int] = {}
            for low, high in _bit_intervals(bit, k):
                form[at_least[low - 1]] = 1
                if high <= k:
                    form[at_least[high - 1]] = -1
            result.setdefault(pos + bit, []).append(form)
    return result


def _emit_blocks(b, atoms: dict[int, list[dict[int, int]]], out_bits: int) -> list[int]:
    """Stages 2–4: block sums as unary indicators, block carries, digits (module docstring).

    ``atoms[p]`` lists 0/1-valued linear forms ``{wire: coefficient}`` at bit position ``p``.
    """
    width = block_width(max(len(forms) for forms in atoms.values()))
    base = 1 << width
    n_blocks = -(-out_bits // width)
    indicators: list[list[int]] = []  # U_{β,t} at index t-1
    tops: list[int] = []
    for beta in range(n_blocks):
        merged: dict[int, int] = {}
        top = 0
        for pos in range(beta * width, (beta + 1) * width):
            scale = 1 << (pos - beta * width)
            for form in atoms.get(pos, []):
                for wire, coefficient in form.items():
                    merged[wire] = merged.get(wire, 0) + coefficient * scale
                top += scale
        wires = [w for w, c in merged.items() if c]
        weights = [merged[w] for w in wires]
        indicators.append(b.gates(wires, weights, range(1, top + 1)) if top else [])  # [B_β ≥ t]
        tops.append(top)

    digit_forms: list[tuple[list[int], list[int], int]] = []  # D_β = lo_β + hi_{β-1}
    for beta in range(n_blocks):
        wires, weights = [], []
        for t, u in enumerate(indicators[beta], start=1):
            wires.append(u)
            weights.append(1 - base if t % base == 0 else 1)  # lo_β
        if beta > 0:
            for j in range(1, tops[beta - 1] // base + 1):
                wires.append(indicators[beta - 1][j * base - 1])  # hi_{β-1}
                weights.append(1)
        top = min(tops[beta], base - 1) + (tops[beta - 1] // base if beta > 0 else 0)
        digit_forms.append((wires, weights, top))

    generate = [b.gate(w, c, base) if top >= base else None for w, c, top in digit_forms]
    propagate = [b.gate(w, c, base - 1) if top >= base - 1 else None for w, c, top in digit_forms]

    outputs: list[int] = []
    for beta in range(n_blocks):
        carries = []
        for gamma in range(beta - 1, -1, -1):
            between = range(gamma + 1, beta)
            if gamma + 1 < beta and propagate[gamma + 1] is None:
                break  # no carry can cross a block that cannot propagate
            if generate[gamma] is None:
                continue
            wires = [generate[gamma]] + [propagate[d] for d in between]
            weights = [1] * len(wires)
            for d in between:
                if generate[d] is not None:
                    wires.append(generate[d])
                    weights.append(-1)
            carries.append(b.gate(wires, weights, beta - gamma))  # t_{γ,β}
        wires, weights, top = digit_forms[beta]
        wires, weights = wires + carries, weights + [1] * len(carries)
        top += 1 if carries else 0
        q_gates = b.gates(wires, weights, range(1, top + 1)) if top else []  # [D_β + c_β ≥ a]
        for bit in range(width):
            if beta * width + bit < out_bits:
                outputs.append(_emit_bit_of(b, lambda a, q=q_gates: q[a - 1], bit, top))
    return outputs


# ---------------------------------------------------------------------- public emitters
def emit_column_sum(
    b: CircuitBuilder, columns: Mapping[int, Sequence[int]], *, weights: str = "polynomial"
) -> list[int]:
    """Add the circuit for ``S = Σ_p 2^p Σ_{w ∈ columns[p]} w`` to ``b``; return its bits.

    Parameters
    ----------
    b : CircuitBuilder
    columns : mapping of int to sequence of int
        Bit position → wires at that position (constant-0 wires are ignored).
    weights : {"polynomial", "exponential"}
        The construction (module docstring): depth 2 with weights up to ``2^{p_max}`` (highest column), or
        depth ≤ 6 with weights below ``2·bitlen(max_p |columns[p]|)``.

    Returns
    -------
    list of int
        ``bitlen(Σ_p |columns[p]| 2^p)`` wires, little-endian (one constant-0 wire if the sum
        is always 0).
    """
    check_weights_mode(weights)
    columns = _clean_columns(b, columns)
    top = sum(len(w) << p for p, w in columns.items())
    if top == 0:
        return [b.const(0)]
    out_bits = top.bit_length()
    if weights == "exponential":
        return _emit_exponential(b, columns, out_bits)
    if max(len(w) for w in columns.values()) >= 4:
        return _emit_blocks(b, _count_columns(b, columns), out_bits)
    return _emit_blocks(b, _plain_atoms(columns), out_bits)


def emit_iterated_sum(
    b: CircuitBuilder, numbers: Sequence[Sequence[int]], *, weights: str = "polynomial"
) -> list[int]:
    """Add the sum of ``numbers`` (little-endian wire lists, any widths) to ``b``; return its bits.

    The result has ``bitlen(Σ_i (2^{m_i} − 1))`` bits, enough for the exact sum. See
    :func:`emit_column_sum` for the weights modes.
    """
    columns: dict[int, list[int]] = {}
    for number in numbers:
        for pos, wire in enumerate(number):
            columns.setdefault(pos, []).append(wire)
    return emit_column_sum(b, columns, weights=weights)


def emit_add(b: CircuitBuilder, x: Sequence[int], y: Sequence[int], *,
             weights: str = "polynomial") -> list[int]:
    """Add ``x + y`` (little-endian wire lists) to ``b``; ``max(len) + 1`` bits at most.

    Polynomial weights: depth 5 (stages 2–4 with ``L' = 1``); exponential: depth 2.
    """
    return emit_iterated_sum(b, [x, y], weights=weights)


# ---------------------------------------------------------------------- estimates
class _DryBuilder:
    """Counts the gates and edges a construction would create, storing nothing."""

    def __init__(self):
        self.n_gates = 0
        self.n_edges = 0
        self._next = 0
        self._zero = None

    def const(self, value: int) -> int:
        if value == 0:
            if self._zero is None:
                self._zero = self._wire()
            return self._zero
        return self._wire()

    def constant_value(self, wire: int):
        return 0 if wire == self._zero and wire is not None else None

    def gate(self, wires, weights, threshold) -> int:
        self.n_gates += 1
        self.n_edges += len(wires)
        return self._wire()

    def gates(self, wires, weights, thresholds) -> list[int]:
        return [self.gate(wires, weights, t) for t in thresholds]

    def _wire(self) -> int:
        self._next -= 1  # negative ids never collide with real input ids
        return self._next


def _count_intervals(bit: int, top: int) -> tuple[int, int]:
    """``(lows, highs)``: how many thresholds of :func:`_bit_intervals` are ``≤ top``."""
    if top < 1 << bit:
        return 0, 0
    return (top - (1 << bit)) // (1 << (bit + 1)) + 1, top // (1 << (bit + 1))


def _estimate_polynomial(counts: dict[int, int], out_bits: int) -> tuple[int, int]:
    """Closed-form ``(gates, edges)`` of stages 1–4, mirroring the construction step by step."""
    gates = edges = 0
    counted: dict[int, int] = {}  # column p -> k for columns replaced by their counts' bit forms
    if max(counts.values()) >= 4:  # stage 1: unary column counts; bits are linear forms
        new_counts: dict[int, int] = {}
        for pos, k in counts.items():
            if k == 1:
                new_counts[pos] = new_counts.get(pos, 0) + 1
                continue
            gates, edges = gates + k, edges + k * k
            counted[pos] = k
            for bit in range(k.bit_length()):
                new_counts[pos + bit] = new_counts.get(pos + bit, 0) + 1
        plain = {pos: k for pos, k in counts.items() if k == 1}
        counts = new_counts
    else:
        plain = dict(counts)
    width = block_width(max(counts.values()))
    base = 1 << width
    n_blocks = -(-out_bits // width)
    tops, fans = [], []
    for beta in range(n_blocks):
        top = fan = 0
        first, last = beta * width, (beta + 1) * width - 1
        for pos in range(first, last + 1):
            top += counts.get(pos, 0) << (pos - first)
            fan += plain.get(pos, 0)
        for pos, k in counted.items():
            # the bit forms of c_p in this block use C_{p,a} with 2^{ℓ0} | a, ℓ0 the lowest bit in it
            low_bit = max(0, first - pos)
            if low_bit < k.bit_length() and pos + low_bit <= last:
                fan += k >> low_bit
        gates, edges = gates + top, edges + top * fan  # U_{β,t}
        tops.append(top)
        fans.append(fan)
    digit_fan, digit_top = [], []
    for beta in range(n_blocks):
        hi = tops[beta - 1] // base if beta > 0 else 0
        digit_fan.append(tops[beta] + hi)
        digit_top.append(min(tops[beta], base - 1) + hi)
    has_g = [top >= base for top in digit_top]
    has_p = [top >= base - 1 for top in digit_top]
    gates += sum(has_g) + sum(has_p)
    edges += sum(f for f, g in zip(digit_fan, has_g, strict=True) if g)
    edges += sum(f for f, p in zip(digit_fan, has_p, strict=True) if p)
    for beta in range(n_blocks):
        carries = 0
        g_between = 0
        for gamma in range(beta - 1, -1, -1):
            if gamma + 1 < beta:
                if not has_p[gamma + 1]:
                    break
                g_between += has_g[gamma + 1]
            if has_g[gamma]:
                carries += 1
                gates, edges = gates + 1, edges + 1 + (beta - gamma - 1) + g_between
        top = digit_top[beta] + (1 if carries else 0)
        gates, edges = gates + top, edges + top * (digit_fan[beta] + carries)  # Q_{β,a}
        for bit in range(width):
            if beta * width + bit < out_bits:
                lows, highs = _count_intervals(bit, top)
                if lows:
                    gates, edges = gates + 1, edges + lows + highs
    return gates, edges


def estimate_column_sum(counts: Mapping[int, int], weights: str = "polynomial") -> tuple[int, int]:
    """``(gates, edges)`` of :func:`emit_column_sum` for columns of the given sizes (no building).

    Closed forms that follow the construction step by step (before dead gates are pruned, so an
    upper bound on the built circuit); the polynomial one loops over blocks and pairs of blocks.
    """
    check_weights_mode(weights)
    counts = {int(p): int(k) for p, k in counts.items() if k > 0}
    if not counts:
        return 0, 0
    out_bits = sum(k << p for p, k in counts.items()).bit_length()
    if weights == "exponential":
        gates = edges = 0
        fan_in = top = 0
        for p in range(out_bits):
            fan_in += counts.get(p, 0)
            top += counts.get(p, 0) << p
            lows, highs = _count_intervals(p, top)
            if lows:
                gates += lows + highs + 1
                edges += (lows + highs) * fan_in + lows + highs
        return gates, edges
    return _estimate_polynomial(counts, out_bits)


def _dry_run_estimate(counts: Mapping[int, int], weights: str) -> tuple[int, int]:
    """``(gates, edges)`` counted by running the construction on a builder that stores nothing."""
    dry = _DryBuilder()
    wire = iter(range(1, 1 + sum(counts.values())))
    columns = {p: [next(wire) for _ in range(k)] for p, k in counts.items() if k > 0}
    emit_column_sum(dry, columns, weights=weights)
    return dry.n_gates, dry.n_edges


def estimate_iterated_addition(n: int, m: int, weights: str = "exponential") -> tuple[int, int]:
    """``(gates, edges)`` of :func:`iterated_addition` ``(n, m, weights)`` before building it."""
    return estimate_column_sum({p: n for p in range(m)}, weights)


# ---------------------------------------------------------------------- standalone builders
def iterated_addition(n: int, m: int, *, weights: str = "exponential",
                      budget: int | None = None) -> Circuit:
    """The sum of ``n`` numbers of ``m`` bits each, in constant depth.

    Inputs: the numbers one after another, each little-endian (``n·m`` bits). Outputs:
    ``bitlen(n (2^m − 1))`` bits of the sum, little-endian. Construction and weights: module
    docstring (Siu & Roychowdhury 1994). Depth: 2 with ``weights="exponential"`` (max weight
    ``2^{m−1}``); with ``weights="polynomial"`` 6 for ``n ≥ 4`` and 5 for ``n ∈ {2, 3}``,
    independent of ``n`` and ``m``.

    Raises
    ------
    BadParameterError
        ``n < 1``, ``m < 1`` or an unknown ``weights``.
    BudgetExceededError
        The estimated gates exceed ``budget`` or the estimated edges ``EDGES_PER_GATE × budget``.
    """
    n, m = check_positive("n", n), check_positive("m", m)
    check_weights_mode(weights)
    what = f"iterated_addition(n={n}, m={m}, weights={weights})"
    gates, edges = estimate_iterated_addition(n, m, weights)
    check_budget(what, gates, budget, estimated_edges=edges)
    b = CircuitBuilder(n * m, name=what)
    numbers = [b.inputs[i * m : (i + 1) * m] for i in range(n)]
    outputs = emit_iterated_sum(b, numbers, weights=weights)
    return b.build(outputs, meta={"construction": "iterated_addition", "source": SOURCE,
                                  "n": n, "m": m, "weights": weights})


def addition(m: int, *, weights: str = "exponential", budget: int | None = None) -> Circuit:
    """``x + y`` for two ``m``-bit numbers: inputs ``x`` then ``y``; ``m + 1`` output bits.

    Depth 2 with exponential weights (max weight ``2^{m−1}``); depth 5 with polynomial weights
    (block width ``L' = 1``: indicators, generate/propagate, carries, digits, bits).
    """
    m = check_positive("m", m)
    check_weights_mode(weights)
    what = f"addition(m={m}, weights={weights})"
    gates, edges = estimate_iterated_addition(2, m, weights)
    check_budget(what, gates, budget, estimated_edges=edges)
    b = CircuitBuilder(2 * m, name=what)
    outputs = emit_add(b, b.inputs[:m], b.inputs[m:], weights=weights)
    return b.build(outputs, meta={"construction": "addition", "source": SOURCE, "m": m,
                                  "weights": weights})
