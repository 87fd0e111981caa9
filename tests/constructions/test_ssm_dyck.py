"""The two-layer bounded-Dyck SSM (Sarrof et al. 2024, Thm 6)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from statecheck.constructions.dyck_ssm import dyck_ssm, dyck_state_bits
from statecheck.errors import BadParameterError, InvalidPrefixError
from statecheck.theory import languages
from statecheck.theory.check import check


@pytest.mark.parametrize("k, h", [(1, 4), (2, 3), (3, 2), (3, 4)])
def test_equal_to_the_catalogue_at_every_length(k, h):
    # (the claims ssm.dyck.k*_h* cover every k <= 3, h <= 4; these are the corners)
    result = check(languages.get("dyck", k=k, h=h).reference("predictive"), dyck_ssm(k, h))
    assert result.proven_all_lengths


def test_dyck_8_10_on_random_members_of_length_10000():
    k, h = 8, 10
    model = dyck_ssm(k, h)
    language = languages.get("dyck", k=k, h=h)
    assert model.alphabet == language.alphabet
    reference = language.reference("predictive")
    rng = np.random.default_rng(1)
    word = tuple(language.sample(10_000, rng))
    assert language.accepts(word)
    r, m = reference.initial_state, model.initial_state
    exact = [model.output(m)]
    assert reference.output(r) == exact[0]
    for symbol in word:
        r, m = reference.step(r, symbol), model.step(m, symbol)
        assert reference.output(r) == model.output(m)
        exact.append(model.output(m))
    module = model.to_torch(torch.float32)
    assert module.run_words([word], mode="chunked")[0] == exact


def test_state_size_is_order_h_log_k():
    model = dyck_ssm(8, 10)
    assert model.state_size == 1 + 10
    # a depth in 0..10 (4 bits) and ten slots in 0..8 (4 bits each)
    assert dyck_state_bits(8, 10) == math.ceil(math.log2(11)) + 10 * math.ceil(math.log2(9)) == 44
    assert "44 bits" in model.memory
    assert [layer.dim for layer in model.layers] == [1, 10]
    assert model.nonnegative and model.diagonal
    assert model.layers[0].time_invariant and not model.layers[1].time_invariant


def test_bad_parameters_and_prefixes():
    for k, h in ((0, 3), (2, 0), ("2", 3), (2, 17), (True, 2)):
        with pytest.raises(BadParameterError):
            dyck_ssm(k, h)
    model = dyck_ssm(2, 2)
    for bad in ([")0"], ["(0", ")1"], ["(0", "(1", "(0"]):
        with pytest.raises(InvalidPrefixError):
            model.next_symbols(bad)
    assert model.next_symbols(["(0", "(1"]) == {")1"}
    assert model.next_symbols(["(0", "(1", ")1"]) == {"(0", "(1", ")0"}
    assert model.accepts(["(1", ")1"]) and not model.accepts(["(1"])
