"""Claims of the SSM constructions (Sarrof et al. 2024; Grazzi et al. 2025) for ``statecheck verify``.

Each construction is checked against the catalogue language's exact reference with the
equivalence checker: at every length where the reachable state pairs close (flip-flop, bounded
Dyck, parity, mod k), up to a stated length for the counter languages. The impossibility claims
are exact enumerations (:func:`~statecheck.constructions.nonnegative_impossibility.exhaustive_grid_search`).
"""

from __future__ import annotations

from statecheck.theory.check import CheckResult, check
from statecheck.theory.claims import Claim, claim_recorder, fact

__all__ = ["CLAIMS", "COUNTER_LENGTHS", "DYCK_CASES", "MOD_CASES"]

#: The claims this module registers, in order (also in ``statecheck verify``).
CLAIMS: list[Claim] = []


#: Registers a claim with :func:`statecheck.theory.claims.claim` and records it in :data:`CLAIMS`.
claim = claim_recorder(CLAIMS)

#: Bounded-check lengths of the counter constructions (every valid prefix up to this length).
COUNTER_LENGTHS = {"dyck1": 512, "anbn": 256, "anbncn": 192, "shuffle_dyck2": 64, "shuffle_dyck3": 32}
#: (k, h) of bounded Dyck checked at every length: every k <= 3, h <= 4, plus the paper's depth
#: h = 10 with two types and its k = 8 types at depth 4.
DYCK_CASES = tuple((k, h) for k in (1, 2, 3) for h in (1, 2, 3, 4)) + ((2, 10), (8, 4))
#: Moduli checked at every length.
MOD_CASES = (1, 2, 3, 4, 5, 6, 7)

SARROF = "Sarrof, Veitsman & Hahn 2024"


def _against(language_name: str, model, *, semantics: str = "predictive", max_length=None,
             **params) -> CheckResult:
    from statecheck.theory import languages

    reference = languages.get(language_name, **params).reference(semantics)
    return check(reference, model.as_stepper(semantics), max_length=max_length)


@claim("ssm.flipflop.two_layer_all_lengths", source=f"{SARROF}, Thm 1")
def _flipflop() -> CheckResult:
    from statecheck.constructions.flipflop_ssm import flipflop_ssm

    return _against("flipflop", flipflop_ssm())


@claim("ssm.flipflop.nonnegative_diagonal", source=f"{SARROF}, Thm 1 (NONNEGATIVE)")
def _flipflop_nonnegative() -> CheckResult:
    from statecheck.constructions.flipflop_ssm import flipflop_ssm

    model = flipflop_ssm()
    holds = len(model.layers) == 2 and model.nonnegative and model.diagonal
    return fact(holds, detail="2 layers, every A(u) diagonal with entries in {0, 1}")


def _dyck_claim(k: int, h: int):
    @claim(f"ssm.dyck.k{k}_h{h}.all_lengths", source=f"{SARROF}, Thm 6")
    def _dyck() -> CheckResult:
        from statecheck.constructions.dyck_ssm import dyck_ssm

        return _against("dyck", dyck_ssm(k, h), k=k, h=h)

    return _dyck


for _k, _h in DYCK_CASES:
    _dyck_claim(_k, _h)


@claim(f"ssm.dyck1.bounded_{COUNTER_LENGTHS['dyck1']}", source=f"{SARROF}, Thm 5")
def _dyck1() -> CheckResult:
    from statecheck.constructions.dyck1_ssm import dyck1_ssm

    return _against("dyck1", dyck1_ssm(), max_length=COUNTER_LENGTHS["dyck1"])


@claim(f"ssm.shuffle_dyck.k2.bounded_{COUNTER_LENGTHS['shuffle_dyck2']}", source=f"{SARROF}, Thm 5")
def _shuffle2() -> CheckResult:
    from statecheck.constructions.shuffle_dyck_ssm import shuffle_dyck_ssm

    return _against("shuffle_dyck", shuffle_dyck_ssm(2), k=2,
                    max_length=COUNTER_LENGTHS["shuffle_dyck2"])


@claim(f"ssm.shuffle_dyck.k3.bounded_{COUNTER_LENGTHS['shuffle_dyck3']}", source=f"{SARROF}, Thm 5")
def _shuffle3() -> CheckResult:
    from statecheck.constructions.shuffle_dyck_ssm import shuffle_dyck_ssm

    return _against("shuffle_dyck", shuffle_dyck_ssm(3), k=3,
                    max_length=COUNTER_LENGTHS["shuffle_dyck3"])


@claim(f"ssm.anbn.bounded_{COUNTER_LENGTHS['anbn']}", source=f"{SARROF}, Thm 5")
def _anbn() -> CheckResult:
    from statecheck.constructions.anbn_ssm import anbn_ssm

    return _against("anbn", anbn_ssm(), max_length=COUNTER_LENGTHS["anbn"])


@claim(f"ssm.anbncn.bounded_{COUNTER_LENGTHS['anbncn']}", source=f"{SARROF}, Thm 5")
def _anbncn() -> CheckResult:
    from statecheck.constructions.anbncn_ssm import anbncn_ssm

    return _against("anbncn", anbncn_ssm(), max_length=COUNTER_LENGTHS["anbncn"])


@claim("ssm.parity.negative_eigenvalue_all_lengths",
       source=f"{SARROF}, Thm 2 discussion; Grazzi et al. 2025, Thm 1")
def _parity() -> CheckResult:
    from statecheck.constructions.parity_ssm import parity_ssm

    return _against("parity", parity_ssm(), semantics="recognition")


def _mod_claim(k: int):
    @claim(f"ssm.mod_counter.k{k}.all_lengths",
           source="Grazzi et al. 2025 (permutation matrices, eigenvalues = roots of unity)")
    def _mod() -> CheckResult:
        from statecheck.constructions.parity_ssm import mod_counter_ssm

        return _against("mod", mod_counter_ssm(k), semantics="recognition", k=k)

    return _mod


for _k in MOD_CASES:
    _mod_claim(_k)


def _grid_claim(name: str, source: str, k: int, allow_negative: bool, expect_solvable: bool):
    @claim(name, source=source)
    def _grid() -> CheckResult:
        from statecheck.constructions.nonnegative_impossibility import exhaustive_grid_search

        result = exhaustive_grid_search(k, allow_negative=allow_negative)
        holds = (result.solvable > 0) if expect_solvable else result.every_model_fails
        sign = "any sign" if allow_negative else "A(1) >= 0"
        return fact(holds, states_explored=result.models, detail=(
            f"{result.models} one-layer SSMs on the grid (3 fractional bits, |x| <= 2, {sign}): "
            f"{result.solvable} can count mod {k} on 1^n; eventual periods {result.periods}"))

    return _grid


_grid_claim("ssm.parity.nonnegative_grid_all_fail", f"{SARROF}, Thm 2", 2, False, False)
_grid_claim("ssm.mod3.nonnegative_grid_all_fail", f"{SARROF}, Thm 2 (mod k)", 3, False, False)
_grid_claim("ssm.parity.negative_grid_some_succeed", "Grazzi et al. 2025, Thm 1", 2, True, True)
_grid_claim("ssm.mod3.real_diagonal_grid_all_fail",
            "Grazzi et al. 2025, Thm 2 (mod 3 needs non-real eigenvalues)", 3, True, False)
