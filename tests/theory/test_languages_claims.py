"""The catalogue's claims for ``statecheck verify`` (theory/catalogue_claims.py)."""

from __future__ import annotations

import importlib

import pytest

from statecheck.theory.check import CheckResult
from statecheck.theory.claims import _REGISTRY, run_claim

claims_module = importlib.import_module("statecheck.theory.catalogue_claims")
CATALOGUE = {name: c for name, c in _REGISTRY.items() if name.startswith("catalogue.")}


def test_every_regular_case_has_a_definition_claim_and_machines_a_machine_claim():
    expected = {
        "catalogue.tomita3.dfa_matches_definition",
        "catalogue.mod(k=3).machine_matches_dfa",
        "catalogue.flipflop.machine_matches_dfa",
        "catalogue.dyck(k=2, h=3).machine_matches_dfa",
        "catalogue.d(n=12).machine_matches_dfa",
        "catalogue.word_problem(group=S3).machine_matches_dfa",
        "catalogue.dyck1.machine_matches_definition",
    }
    assert expected <= set(CATALOGUE)
    definition_claims = [n for n in CATALOGUE if n.endswith(".dfa_matches_definition")]
    assert len(definition_claims) == len(claims_module.REGULAR_CASES)
    assert all(CATALOGUE[n].source for n in CATALOGUE)
    assert "Liu et al. 2023" in CATALOGUE["catalogue.flipflop.machine_matches_dfa"].source


@pytest.mark.parametrize("name", sorted(n for n in CATALOGUE if n.endswith(".machine_matches_dfa")))
def test_machine_claims_are_proofs_at_every_length(name):
    row = run_claim(CATALOGUE[name])
    assert row.status == "verified" and row.mode == "all-lengths" and row.max_length is None


def test_definition_claims_are_bounded_and_say_so():
    row = run_claim(CATALOGUE["catalogue.tomita3.dfa_matches_definition"])
    assert row.status == "verified" and row.mode == "bounded" and row.max_length == 14
    row = run_claim(CATALOGUE["catalogue.anbncn.machine_matches_definition"])
    assert row.status == "verified" and row.mode == "bounded" and row.max_length == 10


def test_exhaustive_length_keeps_about_30000_words():
    assert claims_module.exhaustive_length(1) == 64
    assert claims_module.exhaustive_length(2) == 14  # 2^15 = 32768 > 30000
    assert claims_module.exhaustive_length(5) == 6
    assert claims_module.exhaustive_length(12) == 4


def _result(agree, mode, word=None):
    return CheckResult(agree=agree, mode=mode, max_length=None if mode == "all-lengths" else 3,
                       depth=1, states_explored=2, transitions=3, seconds=0.0,
                       counterexample=word, detail="d")


def test_merge_results_keeps_a_failure_and_weakens_to_bounded():
    failing = _result(False, "all-lengths", ("a",))
    assert claims_module.merge_results(_result(True, "all-lengths"), failing, "x") is failing
    both = claims_module.merge_results(_result(True, "all-lengths"), _result(True, "all-lengths"), "x")
    assert both.proven_all_lengths and both.states_explored == 4
    mixed = claims_module.merge_results(_result(True, "all-lengths"), _result(True, "bounded"), "x")
    assert mixed.mode == "bounded" and mixed.max_length == 3
