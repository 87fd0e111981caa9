"""Claims about the language catalogue, run by ``statecheck verify``.

For each regular language of the catalogue at small parameters:

- ``catalogue.<label>.dfa_matches_definition`` — the DFA accepts exactly the words the
  membership predicate (written from the paper's definition) accepts, on every word up to a
  stated length (bounded: the predicate is not a finite-state object);
- ``catalogue.<label>.machine_matches_dfa`` — where the language has its own machine
  (counters modulo k, the bounded depth counter of D_n, the Flip-Flop memory, the bounded
  Dyck stack, the running group product), the machine and the DFA agree at every length under
  both recognition and predictive semantics (the checker's reachable pairs close).

For each counter language, ``catalogue.<label>.machine_matches_definition`` compares its
counter machine with the predicate up to a stated length (bounded).
"""

from __future__ import annotations

from statecheck.theory.check import CheckResult, DFAStepper, FunctionStepper, check
from statecheck.theory.claims import claim

__all__ = ["REGULAR_CASES", "COUNTER_CASES", "exhaustive_length", "merge_results"]

#: Regular languages with claims: (name, params).
REGULAR_CASES = [
    *[(f"tomita{i}", {}) for i in range(1, 8)],
    ("parity", {}),
    ("mod", {"k": 3}),
    ("mod", {"k": 5}),
    ("mod_arith", {"modulus": 5}),
    ("aa_star", {}),
    ("aaaa_star", {}),
    ("abab_star", {}),
    ("aa_star_bb_star_cc_star_dd_star_ee_star", {}),
    ("ab_star_d_bc_star", {}),
    ("012_star_02_star", {}),
    ("d", {"n": 2}),
    ("d", {"n": 4}),
    ("d", {"n": 12}),
    ("flipflop", {}),
    ("dyck", {"k": 2, "h": 3}),
    ("dyck", {"k": 3, "h": 4}),
    ("word_problem", {"group": "S3"}),
    ("word_problem", {"group": "A4"}),
]

#: Counter languages with a bounded claim: (name, params, length).
COUNTER_CASES = [
    ("dyck1", {}, 16),
    ("shuffle_dyck", {"k": 2}, 8),
    ("anbn", {}, 16),
    ("anbncn", {}, 10),
    ("anbncndn", {}, 8),
    ("boolean", {"k": 3}, 7),
]


def exhaustive_length(alphabet_size: int) -> int:
    """Length up to which every word is compared: about 30,000 words at most."""
    length = 0
    while alphabet_size ** (length + 1) <= 30_000 and length < 64:
        length += 1
    return length


def merge_results(first: CheckResult, second: CheckResult, what: str) -> CheckResult:
    """One CheckResult for two checks (both must agree; all-lengths only if both closed)."""
    failed = next((r for r in (first, second) if not r.agree), None)
    if failed is not None:
        return failed
    mode = "all-lengths" if first.mode == second.mode == "all-lengths" else "bounded"
    return CheckResult(
        agree=True,
        mode=mode,
        max_length=None if mode == "all-lengths" else max(
            r.max_length for r in (first, second) if r.max_length is not None
        ),
        depth=max(first.depth, second.depth),
        states_explored=first.states_explored + second.states_explored,
        transitions=first.transitions + second.transitions,
        seconds=first.seconds + second.seconds,
        detail=f"{what}: {first.detail}; {second.detail}",
    )


def _language(name: str, params: dict):
    from statecheck.theory import languages

    return languages.get(name, **params)


def _dfa_claim(name: str, params: dict):
    def run() -> CheckResult:
        lang = _language(name, params)
        length = exhaustive_length(len(lang.alphabet))
        return check(DFAStepper(lang.dfa, alphabet=lang.alphabet),
                     FunctionStepper(lang.alphabet, lang.accepts, name=f"{lang.label} definition"),
                     max_length=length)

    return run


def _machine_claim(name: str, params: dict):
    def run() -> CheckResult:
        lang = _language(name, params)
        results = [
            check(DFAStepper(lang.dfa, alphabet=lang.alphabet, semantics=semantics),
                  lang.reference(semantics))
            for semantics in ("recognition", "predictive")
        ]
        return merge_results(*results, "recognition and predictive")

    return run


def _counter_claim(name: str, params: dict, length: int):
    def run() -> CheckResult:
        lang = _language(name, params)
        return check(lang.reference("recognition"),
                     FunctionStepper(lang.alphabet, lang.accepts, name=f"{lang.label} definition"),
                     max_length=length)

    return run


def _register() -> None:
    from statecheck.theory import languages

    for name, params in REGULAR_CASES:
        lang = languages.get(name, **params)
        label = lang.membership_label
        claim(f"catalogue.{label}.dfa_matches_definition", source=lang.source)(
            _dfa_claim(name, params)
        )
        if lang.has_machine():
            claim(f"catalogue.{label}.machine_matches_dfa", source=lang.source)(
                _machine_claim(name, params)
            )
    for name, params, length in COUNTER_CASES:
        lang = languages.get(name, **params)
        claim(f"catalogue.{lang.membership_label}.machine_matches_definition", source=lang.source)(
            _counter_claim(name, params, length)
        )


_register()
