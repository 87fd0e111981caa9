"""sample(): members of the exact length, NoMemberError exactly when there is none, the stated
distributions (uniform where stated, FFL(p) for Flip-Flop), randomness arguments."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest

from statecheck.errors import BadParameterError, NoMemberError
from statecheck.theory import languages
from statecheck.theory.languages.sampling import dyck1_walk, uniform_below

CASES = [
    *[(f"tomita{i}", {}) for i in range(1, 8)], ("parity", {}), ("mod", {"k": 3}),
    ("aa_star", {}), ("aaaa_star", {}), ("abab_star", {}),
    ("aa_star_bb_star_cc_star_dd_star_ee_star", {}), ("ab_star_d_bc_star", {}),
    ("012_star_02_star", {}), ("d", {"n": 2}), ("flipflop", {}), ("dyck", {"k": 2, "h": 2}),
    ("dyck1", {}), ("shuffle_dyck", {"k": 2}), ("anbn", {}), ("anbncn", {}),
    ("anbncndn", {}), ("boolean", {"k": 3}),
]
IDS = [name + "".join(f"-{v}" for v in p.values()) for name, p in CASES]


def has_member(lang, length) -> bool:
    return any(lang.accepts(w) for w in itertools.product(lang.alphabet, repeat=length))


@pytest.mark.parametrize("name, params", CASES, ids=IDS)
def test_samples_are_members_of_the_exact_length_or_none_exists(name, params):
    lang = languages.get(name, **params)
    rng = np.random.default_rng(11)
    max_length = {1: 12, 2: 10, 3: 7, 4: 6}.get(len(lang.alphabet), 5)
    for length in range(max_length + 1):
        if has_member(lang, length):
            for _ in range(3):
                word = lang.sample(length, rng)
                assert isinstance(word, tuple) and len(word) == length and lang.accepts(word)
        else:
            with pytest.raises(NoMemberError, match=f"length {length}"):
                lang.sample(length, rng)


@pytest.mark.parametrize(
    "name, params, length",
    [("tomita4", {}, 5), ("dyck1", {}, 8), ("dyck", {"k": 2, "h": 2}, 6), ("boolean", {"k": 2}, 5),
     ("d", {"n": 2}, 8), ("tomita3", {}, 6)],
)
def test_uniform_samplers_hit_every_member_about_equally(name, params, length):
    lang = languages.get(name, **params)
    members = [w for w in itertools.product(lang.alphabet, repeat=length) if lang.accepts(w)]
    draws = 100 * len(members)
    rng = np.random.default_rng(2024)
    counts = Counter(lang.sample(length, rng) for _ in range(draws))
    assert set(counts) == set(members)
    assert all(60 <= c <= 140 for c in counts.values()), sorted(counts.values())


def test_long_samples_are_members():
    for name, params, length in [("dyck", {"k": 8, "h": 10}, 4000), ("dyck1", {}, 5000),
                                 ("shuffle_dyck", {"k": 3}, 3000), ("tomita5", {}, 3000),
                                 ("boolean", {"k": 5}, 150), ("d", {"n": 12}, 1000)]:
        lang = languages.get(name, **params)
        word = lang.sample(length, 5)
        assert len(word) == length and lang.accepts(word), name


def test_bounded_dyck_samples_use_every_type_and_reach_the_depth_bound():
    lang = languages.get("dyck", k=3, h=4)
    word = lang.sample(600, 1)
    assert {w for w in word if w.startswith("(")} == {"(0", "(1", "(2"}
    depth, deepest = 0, 0
    for w in word:
        depth += 1 if w.startswith("(") else -1
        deepest = max(deepest, depth)
    assert deepest == 4


def test_flipflop_follows_ffl_p():
    lang = languages.get("flipflop", p_i=0.8)
    word = lang.sample(4000, 3)
    instructions = word[::2]
    assert instructions[0] == "w" and instructions[-1] == "r"
    middle = instructions[1:-1]
    share = middle.count("i") / len(middle)
    assert 0.76 <= share <= 0.84
    assert abs(middle.count("w") - middle.count("r")) < 0.05 * len(middle)
    assert lang.accepts(word)
    assert set(languages.get("flipflop", p_i=1).sample(100, 0)[2:-2:2]) == {"i"}
    assert "i" not in languages.get("flipflop", p_i=0).sample(100, 0)[::2]
    assert languages.get("flipflop").sample(2, 0)[0] == "w"


def test_unique_members_of_the_block_languages():
    assert languages.get("anbn").sample(6, 0) == tuple("aaabbb")
    assert languages.get("anbncndn").sample(8, 0) == tuple("aabbccdd")
    assert languages.get("aaaa_star").sample(8, 0) == ("a",) * 8
    assert languages.get("abab_star").sample(8, 0) == tuple("abababab")
    with pytest.raises(NoMemberError):
        languages.get("anbncn").sample(0, 0)


def test_seeds_are_reproducible_and_generators_accepted():
    lang = languages.get("tomita3")
    assert lang.sample(50, 7) == lang.sample(50, 7)
    assert lang.sample(50, np.random.default_rng(7)) == lang.sample(50, np.random.default_rng(7))
    assert len({lang.sample(50, s) for s in range(10)}) > 1
    with pytest.raises(BadParameterError, match="rng"):
        lang.sample(5, rng="seed")
    with pytest.raises(BadParameterError, match="length"):
        lang.sample(-1, 0)
    with pytest.raises(BadParameterError, match="length"):
        lang.sample(True, 0)


def test_exact_helpers():
    rng = np.random.default_rng(0)
    big = 3**200
    draws = [uniform_below(big, rng) for _ in range(200)]
    assert all(0 <= d < big for d in draws) and max(draws) > big // 2
    assert uniform_below(1, rng) == 0
    counts = Counter(tuple(dyck1_walk(6, rng)) for _ in range(500))
    assert len(counts) == 5  # Catalan(3)
    with pytest.raises(NoMemberError):
        dyck1_walk(5, rng)
