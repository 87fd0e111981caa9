"""The two-layer Flip-Flop SSM (Sarrof et al. 2024, Thm 1)."""

from __future__ import annotations

import random

import pytest
import torch

from statecheck.constructions.flipflop_ssm import FLIPFLOP_ALPHABET, flipflop_ssm
from statecheck.constructions.ssm import SSMLayer, SSMStack
from statecheck.errors import InvalidPrefixError
from statecheck.theory import languages
from statecheck.theory.check import check


def flipflop_next(prefix) -> frozenset[str]:
    """Legal next symbols, written from the definition (Liu et al. 2023) independently."""
    if not prefix:
        return frozenset({"w"})
    last = prefix[-1]
    if last in ("w", "i"):
        return frozenset({"0", "1"})
    if last == "r":
        writes = [prefix[j + 1] for j in range(0, len(prefix) - 1, 2) if prefix[j] == "w"]
        return frozenset({writes[-1]})
    return frozenset({"w", "r", "i", "$"})


def random_member_prefix(length: int, rng: random.Random) -> list[str]:
    word: list[str] = []
    while len(word) < length:
        word.append(rng.choice(sorted(flipflop_next(word) - {"$"})))
    return word


def test_two_nonnegative_diagonal_layers():
    model = flipflop_ssm()
    assert model.alphabet == FLIPFLOP_ALPHABET == languages.get("flipflop").alphabet
    assert len(model.layers) == 2 and model.state_size == 2
    assert all(layer.nonnegative and layer.diagonal for layer in model.layers)
    assert not any(layer.time_invariant for layer in model.layers)


def test_equal_to_the_catalogue_at_every_length():
    result = check(languages.get("flipflop").reference("predictive"), flipflop_ssm())
    assert result.agree and result.mode == "all-lengths" and result.proven_all_lengths


def test_agrees_with_the_definition_on_random_prefixes_exact_and_float():
    rng = random.Random(3)
    model = flipflop_ssm()
    words = [random_member_prefix(300, rng) for _ in range(4)]
    expected = [[flipflop_next(w[:t]) for t in range(len(w) + 1)] for w in words]
    assert [[model.next_symbols(w[:t]) for t in range(0, 301, 37)] for w in words] == \
        [row[::37] for row in expected]
    for dtype in (torch.float16, torch.bfloat16, torch.float32):
        module = model.to_torch(dtype)
        for mode in ("sequential", "scan", "chunked"):
            assert module.run_words(words, mode=mode) == expected


def test_invalid_prefixes_are_reported():
    model = flipflop_ssm()
    for bad in (["r"], ["w", "1", "r", "0"], ["w", "w"], ["w", "1", "1"]):
        with pytest.raises(InvalidPrefixError):
            model.next_symbols(bad)
    assert model.accepts(["w", "1", "r", "1"]) and not model.accepts(["w", "1", "r", "0"])
    assert not model.accepts(["w"])


def test_a_broken_second_layer_gets_the_shortest_counterexample():
    """Writing after `i` as well as after `w`: first caught on w 0 i 1 r (expects 0, says 1)."""
    good = flipflop_ssm()
    first, second = good.layers

    def writes(pair) -> bool:
        u, last = pair
        return u in ("0", "1") and last in ("w", "i")

    broken = SSMLayer(
        name="stored bit (broken)", inputs=second.inputs, dim=1,
        A=lambda p: (0,) if writes(p) else (1,),
        B=lambda p: (1 + int(p[0]),) if writes(p) else (0,),
        features=lambda p: second.features[second.inputs.index(p)],
        decide=lambda p, bits: second.outputs[second.table[second.inputs.index(p)][bits[0]]],
    )
    model = SSMStack(name="broken", alphabet=good.alphabet, layers=[first, broken])
    result = check(languages.get("flipflop").reference("predictive"), model)
    assert not result.agree
    assert result.counterexample == ("w", "0", "i", "1", "r")
    assert result.expected == {"0"} and result.actual == {"1"}
