"""PARITY with A = −1 and counting mod k with a permutation matrix (Grazzi et al. 2025)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from statecheck.constructions.nonnegative_impossibility import parity_counterexample
from statecheck.constructions.parity_ssm import mod_counter_ssm, parity_ssm
from statecheck.constructions.ssm import BOS, Grid, SSMLayer, SSMStack, Threshold
from statecheck.errors import BadParameterError
from statecheck.theory import languages
from statecheck.theory.check import check

bits = st.lists(st.sampled_from(["0", "1"]), max_size=30)


def test_parity_at_every_length_in_both_semantics():
    language = languages.get("parity")
    model = parity_ssm()
    assert model.alphabet == language.alphabet
    assert check(language.reference("recognition"), model).proven_all_lengths
    assert check(language.reference("predictive"), model.as_stepper("predictive")).proven_all_lengths
    assert not model.nonnegative and model.diagonal
    assert model.layers[0].A("1") == (-1,)


@pytest.mark.parametrize("k", range(1, 8))
def test_mod_k_at_every_length(k):
    result = check(languages.get("mod", k=k).reference("recognition"), mod_counter_ssm(k))
    assert result.proven_all_lengths


@given(bits, st.integers(1, 9))
def test_accepts_counts_ones(word, k):
    assert parity_ssm().accepts(word) == (word.count("1") % 2 == 0)
    assert mod_counter_ssm(k).accepts(word) == (word.count("1") % k == 0)


def test_permutation_layer_properties():
    # entrywise non-negative, but eigenvalues are the k-th roots of unity
    assert not mod_counter_ssm(3).nonnegative and not mod_counter_ssm(2).nonnegative
    assert mod_counter_ssm(1).nonnegative
    assert not mod_counter_ssm(4).diagonal
    for k in (0, -2, 65, "3"):
        with pytest.raises(BadParameterError):
            mod_counter_ssm(k)


def test_a_nonnegative_halving_model_fails_where_its_state_sticks():
    # h <- h/2 + 1/2 on "1" on a 4-fractional-bit grid: 0, 1/2, 3/4, 7/8, 15/16, then 31/32
    # rounds (ties up) to 1 and stays there. Reading the step count off thresholds is right for
    # n <= 5 and wrong at n = 6 (state 1 again, count odd -> reject, but 6 ones are even).
    cuts = [Fraction(1, 4), Fraction(5, 8), Fraction(13, 16), Fraction(29, 32), Fraction(31, 32)]
    layer = SSMLayer(inputs=(BOS, "0", "1"), dim=1, grid=Grid(4, 2),
                     A={BOS: (0,), "0": (1,), "1": (Fraction(1, 2),)},
                     B={BOS: (0,), "0": (0,), "1": (Fraction(1, 2),)},
                     features=lambda u: [Threshold(0, 1, c) for c in cuts],
                     decide=lambda u, bits: sum(bits) % 2 == 0)
    model = SSMStack(name="halving", alphabet=("0", "1"), layers=[layer], semantics="recognition")
    assert parity_counterexample(model) == ("1",) * 6
    assert check(languages.get("parity").reference("recognition"), model).counterexample == ("1",) * 6
