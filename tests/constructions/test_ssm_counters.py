"""Counter SSMs (A = 1, B = ±1, set-reset flags): Dyck-1, Shuffle-Dyck, aⁿbⁿ, aⁿbⁿcⁿ (Thm 5)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from statecheck.constructions.anbn_ssm import anbn_ssm
from statecheck.constructions.anbncn_ssm import anbncn_ssm
from statecheck.constructions.counter_bits import counter_bits
from statecheck.constructions.dyck1_ssm import dyck1_ssm
from statecheck.constructions.shuffle_dyck_ssm import shuffle_dyck_ssm
from statecheck.errors import BadParameterError, NoMemberError
from statecheck.theory import languages
from statecheck.theory.check import check

CASES = [  # (model, language name, params, bounded length: every valid prefix up to it)
    (dyck1_ssm, "dyck1", {}, 40),
    (anbn_ssm, "anbn", {}, 40),
    (anbncn_ssm, "anbncn", {}, 40),
    (lambda: shuffle_dyck_ssm(1), "shuffle_dyck", {"k": 1}, 30),
    (lambda: shuffle_dyck_ssm(2), "shuffle_dyck", {"k": 2}, 18),
    (lambda: shuffle_dyck_ssm(3), "shuffle_dyck", {"k": 3}, 12),
]


@pytest.mark.parametrize("build, name, params, length", CASES)
def test_bounded_agreement_with_the_catalogue(build, name, params, length):
    model = build()
    language = languages.get(name, **params)
    assert model.alphabet == language.alphabet
    result = check(language.reference("predictive"), model, max_length=length)
    assert result.agree and result.mode == "bounded" and result.max_length == length


@pytest.mark.parametrize("build, name, params, length", CASES)
def test_random_long_members(build, name, params, length):
    model = build()
    language = languages.get(name, **params)
    reference = language.reference("predictive")
    rng = np.random.default_rng(7)
    for size in range(1200, 1190, -1):  # the longest member length <= 1200
        try:
            word = tuple(language.sample(size, rng))
            break
        except NoMemberError:  # no member of this length (e.g. odd lengths)
            continue
    r, m = reference.initial_state, model.initial_state
    for symbol in word:
        r, m = reference.step(r, symbol), model.step(m, symbol)
        assert reference.output(r) == model.output(m)
    assert "$" in model.output(m)


def test_counters_are_unbounded_so_checks_are_bounded():
    model = dyck1_ssm()
    assert model.finite is False
    with pytest.raises(BadParameterError, match="max_length"):
        check(languages.get("dyck1").reference("predictive"), model)
    assert model.run(["("] * 50)[0] == (50,)


def test_counter_bits_is_log2_of_the_largest_count():
    for n in (0, 1, 2, 3, 4, 255, 256, 10 ** 6):
        assert counter_bits(n) == math.ceil(math.log2(n + 1))
    assert counter_bits(7, counters=3) == 9
    with pytest.raises(BadParameterError):
        counter_bits(-1)


def test_expected_next_sets_and_bad_parameters():
    assert anbn_ssm().next_symbols(["a", "a", "b"]) == {"b"}
    assert anbncn_ssm().next_symbols(["a", "a", "b", "b"]) == {"c"}
    assert shuffle_dyck_ssm(2).next_symbols(["(0", "(1", ")0"]) == {"(0", "(1", ")1"}
    assert dyck1_ssm().next_symbols([]) == {"(", "$"}
    for k in (0, -1, 17, 2.0):
        with pytest.raises(BadParameterError):
            shuffle_dyck_ssm(k)
    assert all(layer.time_invariant for layer in dyck1_ssm().layers)
    assert not anbn_ssm().layers[0].time_invariant  # the flag's set-reset gate
