"""Residue arithmetic in constant-depth threshold circuits (Chinese remainders, discrete logs).

Source: Hesse, Allender & Barrington 2002, *Uniform constant-depth threshold circuits for
division and iterated multiplication* (JCSS 65), §3–4: a number is represented by its residues
modulo small primes; a product of many residues is computed by adding their **discrete
logarithms** (looked up in a table), and the number is rebuilt from its residues by the
**Chinese remainder theorem**. Every prime used here is polynomially bounded in the input
length, so every table and every "count up to the maximum" below has polynomial size.

The gadgets work on *selectors*: a list of ``(wire, value)`` pairs of which exactly one wire is
1 on every input, meaning "the quantity equals ``value`` (mod p)". A one-hot residue
``r_0 … r_{p−1}`` is the selector ``[(r_a, a)]``; a one-hot token is a selector over a table of
the token's values. Two primitives carry everything:

**Unary thresholds of a bounded sum** (one layer). For ``S = c + Σ_i w_i x_i`` with integer
``w_i ≥ 0`` and ``S ≤ S_max`` (polynomial), the gates

    ``ge_v = [Σ_i w_i x_i ≥ v − c]``   for ``v = 1 … S_max``

give ``S`` in unary (``ge_0 = 1``, ``ge_{S_max+1} = 0`` are constants folded into thresholds).

**Interval gates** (one layer). The indicators ``[S = v] = ge_v − ge_{v+1}`` are disjoint, so
for any set ``V`` of values and any *penalty* wires ``z_j``

    ``[S ∈ V and no z_j] = [ Σ_{v ∈ V} (ge_v − ge_{v+1}) − Σ_j z_j ≥ 1 ]``

is one threshold gate with weights in {−1, 0, 1}: any function of a polynomially bounded sum,
in one-hot or binary form, costs depth 2.

Every gadget returns a :class:`Residue` in three encodings read off the same thresholds by
interval gates: one-hot, the value's bits, and the bits of its discrete logarithm (plus the zero
flag ``onehot[0]``); a later gadget reads the cheapest one (log bits for products, value bits
for sums, one-hot for reconstruction), and the builder prunes the encodings nobody reads.

Built on these (each depth 2 from its inputs):

- :func:`residue_of_bits` — ``x mod p`` from little-endian bits: ``S = Σ_j (2^j mod p) b_j``.
- :func:`product_mod` — ``c · Π_f x_f^{e_f} mod p``: with a generator ``g`` of ``Z_p^*``,
  ``S = Σ_f e_f · log_g x_f`` (weights ``e_f 2^j`` or ``(e_f 2^j) mod (p − 1)`` on a residue's log
  bits, ``(e_f log_g v) mod (p − 1)`` on a selector's wire for ``v``); output ``a ≠ 0`` is the interval
  gate over ``{S : c·g^S ≡ a}`` with the zero flags ``{w : v ≡ 0, e_f > 0}`` as penalties, and
  output ``0`` is ``[Σ zero flags ≥ 1]``.
- :func:`linear_mod` — ``c + Σ_t k_t x_t mod p``: ``S = c + Σ_t Σ_j (k_t 2^j mod p) · bit_{t,j}``.
- :func:`polynomial_mod` — a polynomial with integer coefficients: monomials by
  :func:`product_mod`, then :func:`linear_mod` (depth 4).
- :func:`crt_reconstruct` — the integer ``X`` (``0 ≤ X < P/2``, ``P = Π p``) from one-hot
  residues, in binary, see its docstring (depth 1 + the iterated-addition depth).

All weights are Python integers; nothing here is float.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from statecheck.errors import BadParameterError

__all__ = [
    "Selector",
    "Residue",
    "crt_primes",
    "discrete_log_table",
    "unary_thresholds",
    "interval_gate",
    "residue_of_sum",
    "residue_of_bits",
    "product_mod",
    "linear_mod",
    "polynomial_mod",
    "crt_reconstruct",
    "product_estimate",
    "linear_estimate",
    "polynomial_estimate",
    "residue_of_bits_estimate",
    "crt_reconstruct_estimate",
]

#: A selector: ``(wire, value)`` pairs, exactly one wire is 1 on every input.
Selector = list[tuple[int, int]]


@dataclass(frozen=True)
class Residue:
    """A residue ``x mod p`` in three encodings, all computed from the same unary thresholds.

    Attributes
    ----------
    p : int
    onehot : tuple of int
        ``p`` wires, ``onehot[a] = [x ≡ a]`` (``onehot[0]`` is the zero flag).
    value_bits : tuple of int
        Little-endian bits of ``x mod p`` (``bit_length(p − 1)`` wires).
    log_bits : tuple of int
        Little-endian bits of ``log_g(x mod p)`` for the generator ``g`` of
        :func:`discrete_log_table` (all 0 when ``x ≡ 0``).

    Encodings no later gate reads are dropped when the circuit is built.
    """

    p: int
    onehot: tuple[int, ...]
    value_bits: tuple[int, ...]
    log_bits: tuple[int, ...]

    @property
    def zero(self) -> int:
        """The wire ``[x ≡ 0 (mod p)]``."""
        return self.onehot[0]

    def selector(self) -> Selector:
        """This residue as a selector ``[(onehot[a], a)]``."""
        return [(wire, a) for a, wire in enumerate(self.onehot)]


# --------------------------------------------------------------------------- number theory


def _is_prime(n: int) -> bool:
    """Trial division (the primes used here are polynomially small)."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    f = 3
    while f * f <= n:
        if n % f == 0:
            return False
        f += 2
    return True


def _next_prime(n: int) -> int:
    """The least prime ``> n``."""
    n += 1
    while not _is_prime(n):
        n += 1
    return n


def _prime_factors(n: int) -> list[int]:
    factors, f = [], 2
    while f * f <= n:
        if n % f == 0:
            factors.append(f)
            while n % f == 0:
                n //= f
        f += 1
    if n > 1:
        factors.append(n)
    return factors


def crt_primes(bound: int, *, start: int = 3) -> tuple[int, ...]:
    """The shortest list of consecutive primes ``≥ start`` whose product exceeds ``2·bound``.

    With ``P = Π p > 2·bound`` every integer ``0 ≤ X ≤ bound`` satisfies ``X < P/2``, the
    condition :func:`crt_reconstruct` needs.
    """
    primes: list[int] = []
    product = 1
    p = _next_prime(start - 1)
    while product <= 2 * bound or not primes:
        primes.append(p)
        product *= p
        p = _next_prime(p)
    return tuple(primes)


@cache
def discrete_log_table(p: int) -> tuple[int, dict[int, int]]:
    """``(g, log)`` for the least generator ``g`` of ``Z_p^*``: ``g^log[a] ≡ a (mod p)``.

    ``g`` is the least ``g ≥ 1`` with ``g^((p−1)/q) ≢ 1`` for every prime ``q | p − 1``.
    """
    if not _is_prime(p):
        raise BadParameterError(f"p must be a prime, got {p}")
    factors = _prime_factors(p - 1)
    g = 1 if p == 2 else next(c for c in range(2, p)
                              if all(pow(c, (p - 1) // q, p) != 1 for q in factors))
    table: dict[int, int] = {}
    value = 1
    for exponent in range(p - 1):
        table[value] = exponent
        value = value * g % p
    return g, table


# --------------------------------------------------------------------------- primitives


def _ge_gate(b, terms: dict[int, int], threshold: int):
    """``[Σ terms ≥ threshold]`` as a wire, or a Python bool when no wire can change it."""
    terms = {w: k for w, k in terms.items() if k != 0}
    low = sum(k for k in terms.values() if k < 0)
    high = sum(k for k in terms.values() if k > 0)
    if low >= threshold:
        return True
    if high < threshold:
        return False
    wires = list(terms)
    return b.gate(wires, [terms[w] for w in wires], threshold)


def _as_wire(b, value, cache: dict) -> int:
    """A wire for a wire-or-bool (constants shared through ``cache``)."""
    if isinstance(value, bool):
        key = int(value)
        if key not in cache:
            cache[key] = b.const(key)
        return cache[key]
    return value


def unary_thresholds(b, terms: dict[int, int], offset: int, s_max: int | None = None) -> list:
    """``ge[v] = [offset + Σ terms ≥ v]`` for ``v = 0 … S_max + 1`` (wires or bools).

    ``terms`` maps wires to non-negative integer weights; ``S_max`` is the largest value the
    sum can take (default ``offset + Σ weights``; smaller when the wires come from selectors,
    of which only one wire is 1). One layer: ``ge_v = [Σ w_i x_i ≥ v − offset]``.
    """
    if s_max is None:
        s_max = offset + sum(terms.values())
    return [_ge_gate(b, terms, v - offset) if v <= s_max else False for v in range(s_max + 2)]


def interval_gate(b, ge: Sequence, values: Iterable[int], penalties: Sequence[int], consts: dict):
    """``[S ∈ values and every penalty wire is 0]`` from unary thresholds ``ge`` (one gate).

    ``Σ_{v ∈ values} (ge_v − ge_{v+1}) − Σ penalties ≥ 1``; constant ``ge`` entries move into
    the threshold. Returns a wire (a shared constant wire when the result cannot vary).
    """
    coefficients: dict[int, int] = {}
    constant = 0
    for v in values:
        for entry, sign in ((ge[v], 1), (ge[v + 1], -1)):
            if isinstance(entry, bool):
                constant += sign * int(entry)
            else:
                coefficients[entry] = coefficients.get(entry, 0) + sign
    for wire in penalties:
        coefficients[wire] = coefficients.get(wire, 0) - 1
    result = _ge_gate(b, coefficients, 1 - constant)
    return _as_wire(b, result, consts)


def _terms_of(weighted_wires) -> dict[int, int]:
    """Merge ``(wire, weight)`` pairs into ``{wire: total weight}`` (zero weights dropped)."""
    terms: dict[int, int] = {}
    for wire, weight in weighted_wires:
        if weight:
            terms[wire] = terms.get(wire, 0) + weight
    return {w: k for w, k in terms.items() if k}


def _residue_from_thresholds(b, ge, p: int, value_of, penalties, zero_wire, consts) -> Residue:
    """All encodings of ``value_of(S) ∈ Z_p`` from the unary thresholds ``ge`` of ``S`` (1 layer).

    Every output is an interval gate over a set of values of ``S`` (module docstring), with the
    ``penalties`` subtracted (a penalty wire at 1 forces the residue 0); ``onehot[0]`` is
    ``zero_wire`` when given.
    """
    _, log = discrete_log_table(p)
    s_max = len(ge) - 2
    values = [value_of(v) for v in range(s_max + 1)]
    onehot = []
    for a in range(p):
        if a == 0 and zero_wire is not None:
            onehot.append(zero_wire)
        else:
            onehot.append(interval_gate(b, ge, [v for v in range(s_max + 1) if values[v] == a],
                                        penalties if a else (), consts))
    value_bits = tuple(
        interval_gate(b, ge, [v for v in range(s_max + 1) if (values[v] >> j) & 1], penalties,
                      consts)
        for j in range(max(1, (p - 1).bit_length()))
    )
    log_bits = tuple(
        interval_gate(b, ge, [v for v in range(s_max + 1)
                              if values[v] and (log[values[v]] >> j) & 1], penalties, consts)
        for j in range(max(1, (p - 2).bit_length()))
    )
    return Residue(p, tuple(onehot), value_bits, log_bits)


def residue_of_sum(b, terms: dict[int, int], offset: int, s_max: int, p: int, *,
                   consts: dict | None = None) -> Residue:
    """The residue of ``S = offset + Σ_w terms[w]·w`` modulo ``p`` (depth 2 above the wires).

    ``terms`` has non-negative integer weights and ``S ≤ s_max``.
    """
    consts = {} if consts is None else consts
    ge = unary_thresholds(b, terms, offset, s_max)
    return _residue_from_thresholds(b, ge, p, lambda v: v % p, (), None, consts)


def residue_of_bits(b, bits: Sequence[int], p: int, *, consts: dict | None = None) -> Residue:
    """The residue of the little-endian number ``bits`` modulo ``p`` (depth 2).

    ``S = Σ_j (2^j mod p) · b_j ≡ x (mod p)``, ``S ≤ Σ_j (2^j mod p)``; output ``a`` is the
    interval gate over ``{v ≤ S_max : v ≡ a}``.
    """
    terms = _terms_of((wire, pow(2, j, p)) for j, wire in enumerate(bits))
    s_max = sum(pow(2, j, p) for j in range(len(bits)))
    return residue_of_sum(b, terms, 0, s_max, p, consts=consts)


def _binary_weights(bits: Sequence[int], multiplier: int, modulus: int) -> list[tuple[int, int]]:
    """Weights for ``multiplier · Σ_j 2^j bits_j`` modulo ``modulus``, with the smaller maximum.

    Either the plain weights ``m·2^j`` (``m = multiplier mod modulus``; maximum ``m·value``) or
    the reduced ``(m·2^j) mod modulus`` (maximum their sum).
    """
    multiplier %= modulus
    plain = [(wire, multiplier << j) for j, wire in enumerate(bits)]
    reduced = [(wire, (multiplier << j) % modulus) for j, wire in enumerate(bits)]
    plain_max = multiplier * ((1 << len(bits)) - 1)
    return plain if plain_max <= sum(w for _, w in reduced) else reduced


def _factor_weights(factor, exponent: int, p: int, log) -> tuple[list, list[int], int]:
    """``(weighted wires, zero flags, max)`` of ``exponent · log(factor)`` modulo ``p − 1``."""
    if isinstance(factor, Residue):
        weighted = _binary_weights(factor.log_bits, exponent, p - 1)
        if sum(w for _, w in weighted) > (p - 2) * (exponent % (p - 1)) and exponent % (p - 1):
            high = (p - 2) * (exponent % (p - 1))  # the log is at most p − 2
        else:
            high = sum(w for _, w in weighted)
        return weighted, [factor.zero], high
    weighted, zeros = [], []
    for wire, value in factor:
        value %= p
        if value == 0:
            zeros.append(wire)
        else:
            weighted.append((wire, exponent * log[value] % (p - 1)))
    return weighted, zeros, max([w for _, w in weighted], default=0)


def product_mod(b, factors: Sequence[tuple], p: int, *, constant: int = 1,
                consts: dict | None = None) -> Residue:
    """``constant · Π_f x_f^{e_f} mod p`` by discrete logarithms (depth 2 above the factors).

    Parameters
    ----------
    factors : sequence of (Residue or selector, int)
        Each factor ``x_f`` (a :class:`Residue`, read through its log bits and zero flag, or a
        selector of constants, e.g. a one-hot token) and its exponent ``e_f ≥ 0``.

    Notes
    -----
    With ``g`` the least generator of ``Z_p^*`` (:func:`discrete_log_table`) the log-sum is
    ``S = Σ_f e_f · log_g x_f`` written with weights ``e_f 2^j`` (or ``(e_f 2^j) mod (p − 1)``,
    whichever bounds ``S`` lower) on the log bits of a residue, or ``(e_f log_g v) mod (p − 1)``
    on the wire of a selector entry ``v``. The zero flags ``Z`` are the factors' ``[x_f ≡ 0]``
    (for ``e_f > 0``). Output ``a ≠ 0`` is ``[Σ_{v : c·g^v ≡ a} (ge_v − ge_{v+1}) − Σ_{z ∈ Z} z ≥ 1]``
    and output 0 is ``[Σ_{z ∈ Z} z ≥ 1]`` (HAB 2002, §4: discrete logs turn a product into an
    iterated sum; the sum is at most ``(#factors)·(p − 2)·max e_f``, polynomial, so it is counted
    in unary).
    """
    consts = {} if consts is None else consts
    g, log = discrete_log_table(p)
    constant %= p
    if constant == 0:
        zero = _as_wire(b, True, consts)
        off = _as_wire(b, False, consts)
        return Residue(p, (zero,) + (off,) * (p - 1), (off,) * max(1, (p - 1).bit_length()),
                       (off,) * max(1, (p - 2).bit_length()))
    pairs: list[tuple[int, int]] = []
    zero_flags: list[int] = []
    s_max = 0
    for factor, exponent in factors:
        if exponent == 0:
            continue
        weighted, zeros, high = _factor_weights(factor, exponent, p, log)
        pairs.extend(weighted)
        zero_flags.extend(zeros)
        s_max += high
    zero_wire = _as_wire(b, _ge_gate(b, {z: 1 for z in zero_flags}, 1), consts)
    ge = unary_thresholds(b, _terms_of(pairs), 0, s_max)
    return _residue_from_thresholds(b, ge, p, lambda v: constant * pow(g, v, p) % p,
                                    zero_flags, zero_wire, consts)


def linear_mod(b, terms: Sequence[tuple], p: int, *, offset: int = 0,
               consts: dict | None = None) -> Residue:
    """``offset + Σ_t k_t x_t mod p`` (depth 2 above the terms).

    Parameters
    ----------
    terms : sequence of (Residue or selector, int)
        Each ``x_t`` (a :class:`Residue`, read through its value bits, or a selector) and its
        integer coefficient ``k_t``.

    Notes
    -----
    ``S = (offset mod p) + Σ_t Σ_j w_{t,j} · value_bit_{t,j}`` with ``w_{t,j} = k_t 2^j`` or
    ``(k_t 2^j) mod p`` (the smaller maximum), or ``(k_t v) mod p`` on a selector's wire for
    ``v``; output ``a`` is the interval gate over ``{v ≤ S_max : v ≡ a}``.
    """
    pairs: list[tuple[int, int]] = []
    s_max = offset % p
    for term, k in terms:
        if isinstance(term, Residue):
            weighted = _binary_weights(term.value_bits, k, p)
            high = min(sum(w for _, w in weighted), (k % p) * (p - 1))
        else:
            weighted = [(wire, k * value % p) for wire, value in term]
            high = max([w for _, w in weighted], default=0)
        pairs.extend(weighted)
        s_max += high
    return residue_of_sum(b, _terms_of(pairs), offset % p, s_max, p, consts=consts)


def polynomial_mod(b, variables: Sequence, polynomial: dict[tuple[int, ...], int], p: int, *,
                   consts: dict | None = None) -> Residue:
    """``Σ coef · Π x_i^{e_i} mod p`` for ``polynomial = {exponents: coef}`` (depth 4).

    Each non-constant monomial ``Π x_i^{e_i}`` is a :func:`product_mod` (also a single variable,
    so that every output sits exactly 4 layers above its inputs whatever the polynomial); the
    constant monomial becomes the offset of the final :func:`linear_mod`.
    """
    consts = {} if consts is None else consts
    offset = 0
    terms: list[tuple] = []
    for exponents, coefficient in polynomial.items():
        coefficient %= p
        if coefficient == 0:
            continue
        used = [(i, e) for i, e in enumerate(exponents) if e]
        if not used:
            offset += coefficient
        else:
            terms.append((product_mod(b, [(variables[i], e) for i, e in used], p, consts=consts),
                          coefficient))
    return linear_mod(b, terms, p, offset=offset, consts=consts)


def _onehot_table_bits(b, onehot: Sequence[int], table, width: int) -> list:
    """Bits of ``table(a)`` selected by ``onehot[a]``: bit ``i`` = OR of the ``onehot[a]`` whose
    ``table(a)`` has bit ``i`` (one gate each; ``None`` where no ``a`` sets the bit)."""
    bits = []
    for i in range(width):
        wires = [w for a, w in enumerate(onehot) if (table(a) >> i) & 1]
        bits.append(b.gate(wires, [1] * len(wires), 1) if wires else None)
    return bits


# --------------------------------------------------------------------------- reconstruction


def _crt_constants(primes: Sequence[int]) -> tuple[int, int, list[int]]:
    modulus = math.prod(primes)
    precision = max(1, math.ceil(math.log2(len(primes)))) + 1  # 2^(t-1) >= s
    inverses = [pow(modulus // p % p, -1, p) for p in primes]
    return modulus, precision, inverses


def crt_reconstruct(b, residues: Sequence[Residue], width: int, *, subtract: int = 0,
                    consts: dict | None = None) -> list[int]:
    """The ``width`` low bits of ``X − subtract`` from the one-hot residues of ``X``.

    Requires ``0 ≤ X < P/2`` with ``P = Π p`` over the residues' primes (choose them with
    :func:`crt_primes`).

    Construction (HAB 2002, §4, CRT reconstruction with a rounded quotient). Let ``s`` be the
    number of primes, ``c_p = (P/p)^{−1} mod p`` and ``u_p = c_p · r_p mod p``. Then
    ``Σ_p u_p (P/p) = X + kP`` with an integer ``0 ≤ k ≤ s − 1``, and ``Σ_p u_p / p = k + X/P``.
    With ``t = ⌈log2 s⌉ + 1`` (so ``2^{t−1} ≥ s``) and ``A = Σ_p ⌊u_p 2^t / p⌋``:
    ``(2k − 1) 2^{t−1} ≤ k 2^t − s < A ≤ (k + X/P) 2^t < (2k + 1) 2^{t−1}``, hence

        ``K_j = [Σ_p Σ_a ⌊(c_p a mod p) 2^t / p⌋ · r_{p,a} ≥ (2j − 1) 2^{t−1}] = [k ≥ j]``,

    one gate each (``j = 1 … s − 1``, weights < 2^t ≤ 4s). The numbers
    ``T_p = (u_p · P/p) mod 2^W`` (bit ``i`` = OR of the ``r_{p,a}`` whose ``T_p`` has bit ``i``),
    ``K_j · ((−P) mod 2^W)`` and the constant ``(−subtract) mod 2^W`` sum to ``X − subtract``
    modulo ``2^W``; their exact sum comes from
    :func:`statecheck.circuits.addition.emit_iterated_sum` (polynomial weights) and its low
    ``W`` bits are returned. Depth: 1 + the iterated-addition depth.
    """
    from statecheck.circuits.addition import emit_iterated_sum

    consts = {} if consts is None else consts
    primes = [r.p for r in residues]
    modulus, precision, inverses = _crt_constants(primes)
    mask = (1 << width) - 1
    zero = _as_wire(b, False, consts)
    numbers: list[list[int]] = []

    quotient_terms: dict[int, int] = {}
    for residue, inverse in zip(residues, inverses, strict=True):
        p = residue.p
        for a, wire in enumerate(residue.onehot):
            u = inverse * a % p
            weight = (u << precision) // p
            if weight:
                quotient_terms[wire] = quotient_terms.get(wire, 0) + weight
        bits = _onehot_table_bits(b, residue.onehot,
                                  lambda a, p=p, c=inverse: c * a % p * (modulus // p) & mask, width)
        numbers.append([zero if bit is None else bit for bit in bits])

    negative_modulus = (-modulus) & mask
    for j in range(1, len(primes)):
        k_j = _as_wire(b, _ge_gate(b, quotient_terms, (2 * j - 1) << (precision - 1)), consts)
        numbers.append([k_j if (negative_modulus >> i) & 1 else zero for i in range(width)])
    correction = (-subtract) & mask
    if correction:
        one = _as_wire(b, True, consts)
        numbers.append([one if (correction >> i) & 1 else zero for i in range(width)])

    numbers = [_trim(number, zero) for number in numbers]
    numbers = [number for number in numbers if number] or [[zero]]
    total = emit_iterated_sum(b, numbers, weights="polynomial")
    total = list(total[:width])
    while len(total) < width:
        total.append(zero)
    return total


def _trim(number: list[int], zero: int) -> list[int]:
    """``number`` without its high bits that are the constant-0 wire ``zero``."""
    end = len(number)
    while end and number[end - 1] == zero:
        end -= 1
    return number[:end]



# --------------------------------------------------------------------------- estimates
# Upper estimates (gates, edges) computed before building, mirroring the gadgets above.


def _bits(x: int) -> int:
    return max(1, x.bit_length())


def _sum_cost(s_max: int, fan_in: int, p: int) -> tuple[int, int]:
    """Thresholds ``ge_1 … ge_{s_max}`` plus the interval gates of all three encodings."""
    outputs = p + _bits(p - 1) + _bits(p - 2)
    # one-hot interval gates have disjoint preimages: 2 (s_max + 1) edges in all (+ penalties)
    interval_edges = 2 * (s_max + 1) * (1 + _bits(p - 1) + _bits(p - 2)) + outputs * fan_in
    return s_max + outputs, s_max * fan_in + interval_edges


def residue_of_bits_estimate(m: int, p: int) -> tuple[int, int]:
    """``(gates, edges)`` upper estimate of :func:`residue_of_bits` on ``m`` bits."""
    return _sum_cost(sum(pow(2, j, p) for j in range(m)), m, p)


def _residue_read_cost(multiplier: int, modulus: int, n_bits: int, largest: int) -> tuple[int, int]:
    """``(max contribution, fan-in)`` of ``multiplier · x`` read from ``n_bits`` bits of ``x ≤ largest``
    modulo ``modulus``, with exactly the weights :func:`_binary_weights` chooses."""
    weighted = _binary_weights(range(n_bits), multiplier, modulus)
    high = min(sum(w for _, w in weighted), (multiplier % modulus) * largest)
    return high, sum(1 for _, w in weighted if w)


def product_estimate(exponents: Sequence[int], p: int) -> tuple[int, int]:
    """``(gates, edges)`` upper estimate of :func:`product_mod` with residue factors."""
    s_max = fan_in = 0
    for e in exponents:
        if e:
            high, reads = _residue_read_cost(e, p - 1, _bits(p - 2), p - 2)
            s_max, fan_in = s_max + high, fan_in + reads
    gates, edges = _sum_cost(s_max, fan_in, p)
    return gates + 1, edges + len(exponents) * (p + 1)


def linear_estimate(coefficients: Sequence[int] | int, p: int) -> tuple[int, int]:
    """``(gates, edges)`` upper estimate of :func:`linear_mod` with residue terms.

    ``coefficients``: the terms' coefficients ``k_t`` (or their number, for a bound that holds
    for any coefficients).
    """
    if isinstance(coefficients, int):
        n_terms = coefficients
        return _sum_cost(n_terms * (p - 1) * _bits(p - 1) + p, n_terms * _bits(p - 1), p)
    s_max, fan_in = p - 1, 0
    for k in coefficients:
        high, reads = _residue_read_cost(k, p, _bits(p - 1), p - 1)
        s_max, fan_in = s_max + high, fan_in + reads
    return _sum_cost(s_max, fan_in, p)


def polynomial_estimate(polynomial: dict[tuple[int, ...], int], p: int) -> tuple[int, int]:
    """``(gates, edges)`` upper estimate of :func:`polynomial_mod` modulo ``p``."""
    gates = edges = 0
    coefficients = []
    for exponents, coefficient in polynomial.items():
        if coefficient % p == 0 or not any(exponents):
            continue
        coefficients.append(coefficient % p)
        g, e = product_estimate([x for x in exponents if x], p)
        gates, edges = gates + g, edges + e
    g, e = linear_estimate(coefficients, p)
    return gates + g, edges + e


def crt_reconstruct_estimate(primes: Sequence[int], width: int) -> tuple[int, int]:
    """``(gates, edges)`` upper estimate of :func:`crt_reconstruct` (adder by dry run)."""
    from statecheck.circuits.addition import estimate_column_sum

    s = len(primes)
    gates = s * width + s
    edges = s * width * max(primes) + s * sum(primes)
    adder_gates, adder_edges = estimate_column_sum({i: 2 * s + 1 for i in range(width)},
                                                   "polynomial")
    return gates + adder_gates, edges + adder_edges
