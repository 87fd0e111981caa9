"""Sarrof et al.'s Theorem 2 made executable (statecheck.constructions.nonnegative_impossibility)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statecheck.constructions.nonnegative_impossibility import (
    exhaustive_grid_search,
    mod_counterexample,
    ones_orbit,
    parity_counterexample,
)
from statecheck.constructions.parity_ssm import parity_ssm
from statecheck.constructions.ssm import BOS, Grid, SSMLayer, SSMStack, Threshold
from statecheck.errors import BadParameterError, BudgetExceededError

BITS = ("0", "1")


class CountOnes:
    """Independent truth: the number of 1s is ≡ 0 (mod k)."""

    def __init__(self, k: int) -> None:
        self.k = k

    def accepts(self, word) -> bool:
        return list(word).count("1") % self.k == 0


def _one_layer(a: Fraction, b: Fraction, h: Fraction, grid: Grid, accept: frozenset) -> SSMStack:
    """A(1) = a, B(1) = b, state after BOS = h (A(BOS) = 0, B(BOS) = h); accept iff the
    rounded state (scaled to an integer) is in ``accept``."""
    scale = grid.scale
    units = [Threshold(0, 1, Fraction(2 * j + 1, 2 * scale)) for j in range(-4, 4)]
    layer = SSMLayer(
        inputs=(BOS, *BITS), dim=1, A={BOS: (0,), "0": (1,), "1": (a,)},
        B={BOS: (h,), "0": (0,), "1": (b,)}, features=lambda u: units,
        decide=lambda u, bits: (sum(bits) - 4) in accept, grid=grid,
    )
    return SSMStack(name="grid model", alphabet=BITS, layers=[layer], semantics="recognition")


def test_every_nonnegative_one_layer_model_fails_parity_and_mod3():
    # grid {j/8 : |j| <= 16}: 33 values; A(1) >= 0: 17 values -> 17 * 33 * 33 models
    for k in (2, 3):
        result = exhaustive_grid_search(k)
        assert result.models == 17 * 33 * 33
        assert result.solvable == 0 and result.every_model_fails
        assert result.periods == {1: 17 * 33 * 33}  # eventually constant, as the proof says
    wide = exhaustive_grid_search(2, fractional_bits=4, bound=4)
    assert wide.models == 65 * 129 * 129 and wide.every_model_fails


def test_negative_gates_solve_parity_but_not_mod3():
    parity = exhaustive_grid_search(2, allow_negative=True)
    assert parity.models == 33 ** 3 and parity.solvable > 0
    assert set(parity.periods) == {1, 2}  # a 1-D order-reversing map has period <= 2
    mod3 = exhaustive_grid_search(3, allow_negative=True)
    assert mod3.every_model_fails
    assert exhaustive_grid_search(3, allow_negative=True, dim=3).every_model_fails
    two_dims = exhaustive_grid_search(2, dim=2)
    assert two_dims.models == (17 * 33 * 33) ** 2 and two_dims.every_model_fails


def test_search_counts_agree_with_running_the_models():
    """Re-derive the solvable count on a tiny grid by running real gridded SSMLayers."""
    grid = Grid(1, 1)  # {-1, -1/2, 0, 1/2, 1}
    values = grid.values()
    solvable = 0
    for a in values:
        for b in values:
            for h in values:
                model = _one_layer(a, b, h, grid, frozenset())
                orbit = ones_orbit(model)
                # states after 1^n for n >= 1: period p from transient m >= 1
                states = [model.run(("1",) * n) for n in range(1, 12)]
                period = next(p for p in range(1, 6) if states[8] == states[8 + p])
                assert orbit.period == period
                solvable += period % 2 == 0
    result = exhaustive_grid_search(2, fractional_bits=1, bound=1, allow_negative=True)
    assert result.models == 125 and result.solvable == solvable > 0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 16), st.integers(-16, 16), st.integers(-16, 16),
       st.frozensets(st.integers(-4, 3)), st.sampled_from([2, 3, 4]))
def test_counterexample_is_the_shortest_wrong_word(a, b, h, accept, k):
    grid = Grid(3, 2)
    model = _one_layer(Fraction(a, 8), Fraction(b, 8), Fraction(h, 8), grid, accept)
    word = mod_counterexample(model, k, language=CountOnes(k))
    assert set(word) <= {"1"}
    assert model.accepts(word) != CountOnes(k).accepts(word)
    for shorter in range(len(word)):
        assert model.accepts(("1",) * shorter) == CountOnes(k).accepts(("1",) * shorter)


def test_two_layer_nonnegative_models_fail_too():
    grid = Grid(2, 2)
    first = SSMLayer(inputs=(BOS, *BITS), dim=1, A={BOS: (0,), "0": (1,), "1": (Fraction(1, 2),)},
                     B={BOS: (0,), "0": (0,), "1": (1,)}, grid=grid,
                     features=lambda u: [Threshold(0, 1, Fraction(3, 2))],
                     decide=lambda u, bits: (u, bits[0]))
    second = SSMLayer(inputs=tuple((u, x) for u in (BOS, *BITS) for x in (0, 1)), dim=1,
                      A=lambda p: (1,) if p[1] else (0,), B=lambda p: (Fraction(1, 4),), grid=grid,
                      features=lambda p: [Threshold(0, 1, Fraction(1, 2))],
                      decide=lambda p, bits: bool(bits[0]))
    model = SSMStack(name="two", alphabet=BITS, layers=[first, second], semantics="recognition")
    assert model.nonnegative
    word = parity_counterexample(model, language=CountOnes(2))
    assert model.accepts(word) != CountOnes(2).accepts(word)


def test_counterexample_refuses_models_outside_the_theorem():
    with pytest.raises(BadParameterError, match="not non-negative"):
        parity_counterexample(parity_ssm(), language=CountOnes(2))
    counter = _one_layer(1, 1, 0, Grid(0, 10 ** 6), frozenset())
    with pytest.raises(BudgetExceededError, match="did not repeat"):
        parity_counterexample(counter, language=CountOnes(2), max_steps=50)
    with pytest.raises(BadParameterError, match="k must be"):
        mod_counterexample(counter, 1, language=CountOnes(1))
    with pytest.raises(BadParameterError, match="not in the alphabet"):
        parity_counterexample(counter, symbol="a", language=CountOnes(2))
    with pytest.raises(BadParameterError, match="dim"):
        exhaustive_grid_search(2, dim=5)
    with pytest.raises(BadParameterError, match="257"):
        exhaustive_grid_search(2, fractional_bits=8, bound=4)
