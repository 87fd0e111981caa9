"""The ``circuit.product.*`` claims register and verify (imported directly; the lead lists the
module in ``CLAIM_MODULES``)."""

from __future__ import annotations

from statecheck.circuits import product_claims
from statecheck.theory.claims import run_claim


def test_claims_register_and_verify():
    names = [c.name for c in product_claims.CLAIMS]
    assert names == sorted(set(names), key=names.index)
    assert all(name.startswith("circuit.product.") for name in names)
    for item in product_claims.CLAIMS:
        result = run_claim(item)
        assert result.status == "verified", (result.claim, result.detail)
        assert result.mode == "bounded" and result.max_length >= 5
        assert result.counterexample is None
