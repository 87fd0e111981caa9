"""Claims of the Liu et al. (2023) shortcuts for ``statecheck verify`` (names ``shortcut.*``).

- ``shortcut.doubling.<dfa>.all_words_<L>``: the ``⌈log₂ L⌉``-round doubling scan equals the
  sequential run on every word up to length ``L`` (bounded, exhaustive).
- ``shortcut.doubling.rounds_log2``: the scan uses exactly ``⌈log₂ T⌉`` rounds and matches the
  sequential run, for ``T`` around every power of two up to 4097 (random S3 words; bounded).
- ``shortcut.cascade.<group>.all_words_<L>``: the cascade of prime-modulus prefix sums equals
  the prefix products on every word up to length ``L`` (bounded, exhaustive).
- ``shortcut.cascade.<group>.all_lengths``: the cascade's level recurrences (state = the tuple of
  level sums, read one letter at a time) equal the running product at **every** length: the
  equivalence checker's reachable pairs close (a proof). The parallel evaluation computes the
  same sums as prefix sums; the ``all_words`` claims check that evaluation directly.
- ``shortcut.cascade.<group>.derived.all_lengths`` / ``.derived.all_words_<L>``: the same along
  the derived series (fewer levels, prefix sums in non-cyclic abelian groups such as ``Z2 ⊕ Z2``).
- ``shortcut.cascade.levels_abelian``: on both series every level's ``φ_i`` is a surjective
  homomorphism onto ``Z_{d_1} ⊕ … ⊕ Z_{d_r}`` (so each level is a prefix sum in an abelian group);
  composition levels have prime order and depth = Ω(|G|), derived depth = the derived length.
- ``shortcut.cascade.nonsolvable_refused``: A5 and S5 are refused with ``NotSolvableError``.
"""

from __future__ import annotations

import time

import numpy as np

from statecheck.theory.check import CheckResult
from statecheck.theory.claims import Claim, claim_recorder, fact

__all__ = ["CLAIMS", "DOUBLING_CASES", "CASCADE_CASES", "DERIVED_CASES", "ROUNDS_LENGTHS",
           "STRUCTURE_GROUPS"]

#: The claims this module registers, in order.
CLAIMS: list[Claim] = []

LIU = "Liu, Ash, Goel, Krishnamurthy & Zhang 2023"

#: (claim label, language name or "cayley:<group>", parameters, exhaustive length).
DOUBLING_CASES = (
    *((f"tomita{i}", f"tomita{i}", {}, 12) for i in range(1, 8)),
    ("parity", "parity", {}, 12),
    ("mod3", "mod", {"k": 3}, 10),
    ("flipflop", "flipflop", {}, 7),
    ("cayley_S3", "cayley:S3", {}, 6),
    ("cayley_S5", "cayley:S5", {}, 2),
)
#: Word lengths of the rounds claim: 1 … 9 and 2^j − 1, 2^j, 2^j + 1 for j = 3 … 12 (up to 4097).
ROUNDS_LENGTHS = tuple(sorted({*range(1, 10), *(2**j + d for j in range(3, 13) for d in (-1, 0, 1))}))
#: (group, exhaustive length) of the cascade claims.
CASCADE_CASES = (("S3", 8), ("Z2", 8), ("Z3", 8), ("Z5", 7), ("D4", 5), ("S4", 4))
#: (group, exhaustive length or None) of the derived-series claims.
DERIVED_CASES = (("S4", 3), ("A4", None), ("D4", None), ("Z60", None), ("A4xZ5", None))
#: Solvable catalogue groups whose cascade structure is checked.
STRUCTURE_GROUPS = ("S3", "S4", "A4", "D4", "D5", "Z2", "Z5", "Z6", "Z60", "Z2xZ2xZ3", "A4xZ5")


#: Registers a claim with :func:`statecheck.theory.claims.claim` and records it in :data:`CLAIMS`.
claim = claim_recorder(CLAIMS)


def _table(spec: str, params: dict):
    from statecheck.constructions.shortcut_parallel import transition_functions
    from statecheck.theory import groups, languages

    if spec.startswith("cayley:"):
        group = groups.get(spec.split(":", 1)[1])
        return transition_functions(group.cayley_dfa(), alphabet=group.symbols)
    return transition_functions(languages.get(spec, **params).dfa)


def _doubling_claim(label: str, spec: str, params: dict, length: int):
    @claim(f"shortcut.doubling.{label}.all_words_{length}", source=f"{LIU}, Thm 1")
    def _doubling() -> CheckResult:
        from statecheck.constructions.shortcut_parallel import check_all_words

        return check_all_words(_table(spec, params), length)

    return _doubling


for _label, _spec, _params, _length in DOUBLING_CASES:
    _doubling_claim(_label, _spec, _params, _length)


@claim("shortcut.doubling.rounds_log2", source=f"{LIU}, Thm 1")
def _rounds() -> CheckResult:
    from statecheck.constructions.shortcut_parallel import sequential_states, shortcut_states

    start = time.perf_counter()
    table = _table("cayley:S3", {})
    rng = np.random.default_rng(0)
    for length in ROUNDS_LENGTHS:
        expected_rounds = next(r for r in range(64) if 2**r >= length)  # ⌈log₂ T⌉ by search
        words = rng.integers(0, len(table.alphabet), size=(2, length))
        run = shortcut_states(table, words)
        if run.rounds != expected_rounds or not np.array_equal(run.states, sequential_states(table, words)):
            return CheckResult(
                agree=False, mode="bounded", max_length=length, depth=length, states_explored=0,
                transitions=0, seconds=time.perf_counter() - start,
                detail=f"at T = {length}: {run.rounds} rounds (expected {expected_rounds}) or states differ",
            )
    return CheckResult(
        agree=True, mode="bounded", max_length=max(ROUNDS_LENGTHS), depth=max(ROUNDS_LENGTHS),
        states_explored=2 * len(ROUNDS_LENGTHS), transitions=2 * sum(ROUNDS_LENGTHS),
        seconds=time.perf_counter() - start,
        detail=(f"rounds = ⌈log₂ T⌉ for the {len(ROUNDS_LENGTHS)} lengths T in 1..9 and 2^j−1, 2^j, "
                f"2^j+1 up to {max(ROUNDS_LENGTHS)} (12 rounds at 4096, 13 at 4097); states equal the "
                "sequential run on 2 random words of S3's Cayley DFA per length (sampled, seed 0)"),
    )


def _cascade_claim(group: str, length: int):
    @claim(f"shortcut.cascade.{group}.all_words_{length}", source=f"{LIU}, Thm 2; Krohn & Rhodes 1965")
    def _cascade() -> CheckResult:
        from statecheck.constructions.shortcut_cascade import (
            check_cascade_all_words,
            solvable_cascade,
        )

        return check_cascade_all_words(solvable_cascade(group), length)

    return _cascade


for _group, _length in CASCADE_CASES:
    _cascade_claim(_group, _length)


def _cascade_all_lengths_claim(group: str):
    @claim(f"shortcut.cascade.{group}.all_lengths", source=f"{LIU}, Thm 2; Krohn & Rhodes 1965")
    def _all_lengths() -> CheckResult:
        from statecheck.constructions.shortcut_cascade import GroupProductStepper, solvable_cascade
        from statecheck.theory.check import check

        return check(GroupProductStepper(group), solvable_cascade(group).as_stepper())

    return _all_lengths


for _group in STRUCTURE_GROUPS:
    _cascade_all_lengths_claim(_group)


def _derived_claims(group: str, length: int | None):
    @claim(f"shortcut.cascade.{group}.derived.all_lengths", source=f"{LIU}, Thm 2; Krohn & Rhodes 1965")
    def _all_lengths() -> CheckResult:
        from statecheck.constructions.shortcut_cascade import GroupProductStepper, solvable_cascade
        from statecheck.theory.check import check

        return check(GroupProductStepper(group), solvable_cascade(group, series="derived").as_stepper())

    if length is not None:
        @claim(f"shortcut.cascade.{group}.derived.all_words_{length}",
               source=f"{LIU}, Thm 2; Krohn & Rhodes 1965")
        def _all_words() -> CheckResult:
            from statecheck.constructions.shortcut_cascade import (
                check_cascade_all_words,
                solvable_cascade,
            )

            return check_cascade_all_words(solvable_cascade(group, series="derived"), length)


for _group, _length in DERIVED_CASES:
    _derived_claims(_group, _length)


def _level_problems(name: str, series: str) -> list[str]:
    import sympy

    from statecheck.constructions.shortcut_cascade import solvable_cascade

    cascade = solvable_cascade(name, series=series)
    table = cascade.group.mul_table
    problems = []
    if series == "composition":
        omega = sum(sympy.factorint(cascade.group.order).values())  # prime factors with multiplicity
        if cascade.depth != omega:
            problems.append(f"{name}: depth {cascade.depth}, Ω(|G|) = {omega}")
    else:
        derived_length = len(cascade.group.perm_group.derived_series()) - 1
        if cascade.depth != derived_length:
            problems.append(f"{name}: depth {cascade.depth}, derived length {derived_length}")
    for i, level in enumerate(cascade.levels):
        members = np.flatnonzero(level.members)
        coords = level.coordinates[members]  # (|G_i|, r)
        moduli = np.array(level.moduli)
        # φ_i(g h) = φ_i(g) + φ_i(h) coordinatewise mod d_j, for all g, h in G_i: abelian quotient
        product_coords = level.coordinates[table[members[:, None], members[None, :]]]
        homomorphism = np.array_equal(product_coords, (coords[:, None, :] + coords[None, :, :]) % moduli)
        surjective = len({tuple(c) for c in coords.tolist()}) == int(np.prod(moduli))
        prime_ok = series != "composition" or (len(moduli) == 1 and sympy.isprime(int(moduli[0])))
        if not (homomorphism and surjective and prime_ok):
            problems.append(f"{name} ({series}) level {i}: quotient is not {cascade.quotients()}")
    return problems


@claim("shortcut.cascade.levels_abelian", source=f"{LIU}, Thm 2; Krohn & Rhodes 1965")
def _levels() -> CheckResult:
    problems = [problem for name in STRUCTURE_GROUPS for series in ("composition", "derived")
                for problem in _level_problems(name, series)]
    detail = ("; ".join(problems) if problems else
              f"for {', '.join(STRUCTURE_GROUPS)}, composition and derived series: every level's φ is a "
              "surjective homomorphism onto Z_d1 ⊕ … ⊕ Z_dr on all pairs of G_i (a prefix sum in an "
              "abelian group); composition: every level Z_p, depth = Ω(|G|); derived: depth = derived length")
    return fact(not problems, states_explored=2 * len(STRUCTURE_GROUPS), detail=detail)


@claim("shortcut.cascade.nonsolvable_refused", source="Barrington 1989; Merrill et al. 2024 §3")
def _refused() -> CheckResult:
    from statecheck.constructions.shortcut_cascade import NotSolvableError, solvable_cascade
    from statecheck.theory import groups

    refused = []
    for name in ("A5", "S5"):
        try:
            solvable_cascade(name)
        except NotSolvableError:
            refused.append(not groups.get(name).perm_group.is_solvable)
        else:
            refused.append(False)
    return fact(all(refused), states_explored=2,
                detail="A5 and S5 (not solvable per sympy) raise NotSolvableError")
