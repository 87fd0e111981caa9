"""Every SSM claim registered for ``statecheck verify`` is verified, in the mode it states."""

from __future__ import annotations

from statecheck.constructions.ssm_claims import CLAIMS
from statecheck.theory import claims


def test_every_ssm_claim_is_verified():
    chosen = CLAIMS
    names = {c.name for c in chosen}
    assert {f"ssm.dyck.k{k}_h{h}.all_lengths" for k in (1, 2, 3) for h in (1, 2, 3, 4)} <= names
    assert {f"ssm.mod_counter.k{k}.all_lengths" for k in range(1, 8)} <= names
    assert "ssm.flipflop.two_layer_all_lengths" in names
    for item in chosen:
        row = claims.run_claim(item)
        assert row.status == "verified", (row.claim, row.detail)
        if ".bounded_" in row.claim:
            assert row.mode == "bounded" and row.max_length == int(row.claim.rsplit("_", 1)[1])
        else:
            assert row.mode == "all-lengths", row.claim
