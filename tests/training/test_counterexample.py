"""Counterexample search: constructions agree, wrong predictors give the brute-force shortest
wrong word, checkpoints round-trip and reject other architectures/vocabularies."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

from statecheck.errors import UnknownNameError
from statecheck.theory.languages import get
from statecheck.training import models
from statecheck.training.counterexample import (
    CheckpointError,
    construction_predictor,
    find_counterexample,
    load_checkpoint,
    model_predictor,
    save_checkpoint,
    targeted_words,
    valid_prefixes,
)
from statecheck.training.language_data import encoding

pytestmark = pytest.mark.usefixtures("one_thread")


def parity_sets(word):
    """Independent reference: {0, 1} plus $ iff the number of 1s is even (Python ints)."""
    return frozenset({"0", "1"} | ({"$"} if sum(s == "1" for s in word) % 2 == 0 else set()))


def shortlex_words(alphabet, max_length):
    for n in range(max_length + 1):
        yield from itertools.product(alphabet, repeat=n)


@pytest.mark.parametrize("name", ["flipflop_ssm", "parity_ssm"])
def test_constructions_agree_with_their_language(name):
    predict, language = construction_predictor(name)
    result = find_counterexample(predict, language, max_length=10, targeted_lengths=[40, 97])
    assert result.agree and result.counterexample is None
    assert result.exhaustive_length == 10
    # one word per state reachable at exactly that length (every state, for parity)
    assert 0 < result.targeted_words <= 2 * result.states
    if name == "parity_ssm":
        assert result.targeted_words == 2 * result.states == 4
    assert result.to_dict()["mode"] == "bounded"


def test_a_wrong_predictor_gives_the_brute_force_shortest_word():
    language = get("parity")

    def wrong(words):  # says "even" whenever exactly three 1s have been read, or after 0 0 1 0 1 1
        out = []
        for w in words:
            rows = []
            for t in range(len(w) + 1):
                s = parity_sets(w[:t])
                if sum(x == "1" for x in w[:t]) == 3:
                    s = s | {"$"}
                rows.append(s)
            out.append(rows)
        return out

    result = find_counterexample(wrong, language, max_length=6)
    expected = next(w for w in shortlex_words(("0", "1"), 6) if wrong([w])[0][-1] != parity_sets(w))
    assert result.counterexample.word == expected == ("1", "1", "1")
    assert result.counterexample.expected == frozenset({"0", "1"})
    assert result.counterexample.predicted == frozenset({"0", "1", "$"})


def test_targeted_words_reach_every_state_at_the_asked_length():
    language = get("tomita4")  # no three consecutive 0s
    words, states = targeted_words(language, [30], np.random.default_rng(0))
    machine = language._predictive
    ends = {machine.run(w) for w in words}
    assert all(len(w) == 30 for w in words)
    assert all("000" not in "".join(w) for w in words)  # valid prefixes, checked by string search
    assert len(ends) == states == len(words)


def test_valid_prefixes_respect_the_word_budget():
    leaves, exhaustive, counted = valid_prefixes(get("parity"), 12, max_words=100)
    assert exhaustive == 6 and counted == 2 ** 7 - 1  # level 7 has 128 > 100 words
    assert sorted(leaves) == sorted(itertools.product("01", repeat=6))


def test_a_trained_models_counterexample_is_the_brute_force_one(tmp_path):
    language = get("parity")
    coding = encoding(language)
    torch.manual_seed(1)
    model = models.build("mamba", vocab_size=coding.vocab_size, n_classes=coding.n_classes, layers=1, d_model=8)
    path = save_checkpoint(tmp_path / "m.pt", model, language=language, params={"note": "untrained"})
    loaded, meta = load_checkpoint(path, language=language)
    assert meta["arch"] == "mamba" and meta["params"] == {"note": "untrained"}
    predict = model_predictor(loaded, language)
    result = find_counterexample(predict, language, max_length=8)
    # brute force: every word up to 8, one model call per word, shortlex order
    brute = None
    for w in shortlex_words(("0", "1"), 8):
        tokens = torch.tensor([[coding.bos, *(int(s) for s in w)]])
        with torch.no_grad():
            fired = (model(tokens)[0, -1] > 0).tolist()
        got = frozenset(c for c, b in zip(coding.classes, fired, strict=True) if b)
        if got != parity_sets(w):
            brute = (w, got)
            break
    assert brute is not None  # an untrained model is wrong somewhere
    assert result.counterexample.word == brute[0]
    assert result.counterexample.predicted == brute[1]


def test_checkpoints_of_another_vocabulary_or_architecture_are_rejected(tmp_path):
    language = get("parity")
    coding = encoding(language)
    model = models.build("lstm", vocab_size=coding.vocab_size, n_classes=coding.n_classes, layers=1, d_model=4)
    path = save_checkpoint(tmp_path / "p.pt", model, language=language)
    with pytest.raises(CheckpointError, match=r"does not match flipflop\(p_i=0.8\)'s alphabet"):
        load_checkpoint(path, language=get("flipflop"))
    payload = torch.load(path, weights_only=True)
    payload["arch"] = "gru"
    torch.save(payload, tmp_path / "gru.pt")
    with pytest.raises(CheckpointError, match="do not fit architecture 'gru'"):
        load_checkpoint(tmp_path / "gru.pt", language=language)
    (tmp_path / "junk.pt").write_text("not a checkpoint")
    with pytest.raises(CheckpointError, match="cannot read"):
        load_checkpoint(tmp_path / "junk.pt")
    with pytest.raises(CheckpointError, match="does not exist"):
        load_checkpoint(tmp_path / "missing.pt")
    with pytest.raises(UnknownNameError, match="unknown SSM construction"):
        construction_predictor("tomita_ssm")
