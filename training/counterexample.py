"""Shortest counterexamples for trained models and torch-exported constructions (predictive task).

A *predictor* maps a batch of words to the predicted next-symbol set after every prefix
(position ``t`` = the prefix of length ``t``, position 0 = the empty prefix). The search compares
it with the language's exact predictive machine (:meth:`Language.next_symbols`) on

1. **every valid prefix up to** ``max_length`` — the words the language's machine allows,
   enumerated level by level and evaluated in batches (a causal model's output at position
   ``t`` depends on the prefix only, so evaluating the maximal words covers all their prefixes);
   if a level would exceed ``max_words``, the exhaustive part stops at the last full level and
   the result says so (``exhaustive_length``);
2. **targeted words** for finite-state languages: for each length of ``targeted_lengths`` and
   each reachable state ``q`` of the machine, one valid prefix of exactly that length that ends
   in ``q`` (random legal choices restricted to those from which ``q`` is still reachable in
   the remaining steps), so long words visit every state.

It returns the shortest (then shortlex-least, alphabet order) prefix at which the prediction
differs from the exact set, with both sets. Within ``exhaustive_length`` that word is the shortest
of all; a word found only among the targeted words is the shortest wrong prefix *of those words*
(longer valid prefixes were not all enumerated). No counterexample means agreement on what was
checked — a **bounded** statement (every valid prefix up to ``exhaustive_length`` plus the
targeted words), never a proof at all lengths.

Checkpoint format (:func:`save_checkpoint`, :func:`load_checkpoint`): ``torch.save`` of a dict

``{"format": "statecheck.language-checkpoint/1", "arch": str, "build": {"vocab_size",
"n_classes", "layers", "d_model", "options"}, "language": {"name", "params", "label",
"alphabet"}, "params": {training settings and anything else}, "state_dict": …}``

rebuilt with ``models.build(arch, **build)`` and the token/class encoding of
:mod:`statecheck.training.language_data` (``alphabet + BOS`` in, ``alphabet + $`` out).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from statecheck.errors import BadParameterError, BudgetExceededError, StatecheckError
from statecheck.theory.languages import END, Language
from statecheck.training.language_data import encoding, resolve_language

__all__ = ["CHECKPOINT_FORMAT", "CheckpointError", "Counterexample", "CounterexampleResult",
           "save_checkpoint", "load_checkpoint", "model_predictor", "construction_predictor",
           "find_counterexample", "valid_prefixes", "targeted_words"]

#: The ``format`` tag of checkpoints written by :func:`save_checkpoint`.
CHECKPOINT_FORMAT = "statecheck.language-checkpoint/1"

#: A predictor: words -> per word, the predicted next-symbol set at positions 0 … len(word).
Predictor = Callable[[Sequence[tuple[str, ...]]], list[list[frozenset]]]


class CheckpointError(BadParameterError):
    """A checkpoint that cannot be used: unreadable, wrong format, another architecture or vocabulary."""


@dataclass(frozen=True)
class Counterexample:
    """The shortest prefix where the model is wrong.

    Attributes
    ----------
    word : tuple of str
        The prefix (a valid prefix of the language).
    expected, predicted : frozenset of str
        The exact next-symbol set and the model's (``"$"`` = may end).
    """

    word: tuple[str, ...]
    expected: frozenset[str]
    predicted: frozenset[str]

    def to_dict(self) -> dict:
        """JSON-ready: ``word``, ``length``, ``expected``, ``predicted`` (sorted lists)."""
        return {"word": list(self.word), "length": len(self.word), "expected": sorted(self.expected),
                "predicted": sorted(self.predicted)}


@dataclass(frozen=True)
class CounterexampleResult:
    """Outcome of :func:`find_counterexample` (a bounded check, never a proof).

    Attributes
    ----------
    language : str
        The language's label.
    agree : bool
        No disagreement on any checked prefix.
    counterexample : Counterexample or None
        The shortest (then shortlex-least) wrong prefix.
    exhaustive_length : int
        Every valid prefix of length ≤ this was checked.
    max_length : int
        The length asked for (``exhaustive_length`` is smaller when the word budget ran out).
    prefixes_checked : int
        Valid prefixes of length ≤ ``exhaustive_length`` (each checked once).
    targeted_words : int
        Targeted long words evaluated.
    targeted_lengths : list of int
        Their lengths.
    states : int or None
        Reachable states of the language's machine (None for counter machines).
    """

    language: str
    agree: bool
    counterexample: Counterexample | None
    exhaustive_length: int
    max_length: int
    prefixes_checked: int
    targeted_words: int
    targeted_lengths: list[int] = field(default_factory=list)
    states: int | None = None

    def to_dict(self) -> dict:
        """JSON-ready dict (``mode`` is always ``"bounded"``)."""
        return {"language": self.language, "agree": self.agree, "mode": "bounded",
                "counterexample": None if self.counterexample is None else self.counterexample.to_dict(),
                "exhaustive_length": self.exhaustive_length, "max_length": self.max_length,
                "prefixes_checked": self.prefixes_checked, "targeted_words": self.targeted_words,
                "targeted_lengths": list(self.targeted_lengths), "states": self.states}


# --------------------------------------------------------------------------- checkpoints
def save_checkpoint(path: str | Path, model: nn.Module, *, language: Language, params: dict | None = None) -> Path:
    """Write ``model`` (built by :func:`statecheck.training.models.build`) as a checkpoint.

    The file is written to a temporary name and renamed (no partial file). Returns the path.

    Raises
    ------
    CheckpointError
        ``model`` has no ``spec`` (not built by the harness) or does not fit ``language``'s encoding.
    """
    spec = getattr(model, "spec", None)
    if not isinstance(spec, dict) or "arch" not in spec:
        raise CheckpointError("only models built by statecheck.training.models.build can be saved")
    coding = encoding(language)
    if (spec["vocab_size"], spec["n_classes"]) != (coding.vocab_size, coding.n_classes):
        raise CheckpointError(
            f"model has vocab_size={spec['vocab_size']}, n_classes={spec['n_classes']}; "
            f"{language.label} needs {coding.vocab_size} and {coding.n_classes}")
    payload = {
        "format": CHECKPOINT_FORMAT,
        "arch": spec["arch"],
        "build": {k: spec[k] for k in ("vocab_size", "n_classes", "layers", "d_model")} | {
            "options": dict(spec.get("options", {}))},
        "language": {"name": language.name, "params": dict(language.params), "label": language.label,
                     "alphabet": list(language.alphabet)},
        "params": dict(params or {}),
        "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        torch.save(payload, temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def load_checkpoint(path: str | Path, *, language: Language | None = None) -> tuple[nn.Module, dict]:
    """Rebuild the model of a checkpoint; return ``(model in eval mode, payload without state_dict)``.

    Parameters
    ----------
    path : str or Path
        A file written by :func:`save_checkpoint`.
    language : Language, optional
        The language to evaluate against; its vocabulary must match the checkpoint's.

    Raises
    ------
    CheckpointError
        Missing/unreadable file, another format, an unknown architecture, weights that do not fit
        the recorded architecture, or a vocabulary other than ``language``'s.
    """
    from statecheck.training import models

    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"checkpoint {str(path)!r} does not exist or is not a file")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure is a bad file
        raise CheckpointError(f"cannot read checkpoint {str(path)!r}: {type(exc).__name__}") from None
    if not isinstance(payload, dict) or payload.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"{str(path)!r} is not a statecheck language checkpoint "
                              f"(expected format {CHECKPOINT_FORMAT!r})")
    arch, build = payload.get("arch"), dict(payload.get("build", {}))
    if arch not in models.names():
        raise CheckpointError(f"checkpoint architecture {arch!r} is not one of {models.names()}")
    stored = payload.get("language", {})
    if language is not None:
        coding = encoding(language)
        if list(stored.get("alphabet", [])) != list(language.alphabet) or \
                (build.get("vocab_size"), build.get("n_classes")) != (coding.vocab_size, coding.n_classes):
            raise CheckpointError(
                f"checkpoint vocabulary {stored.get('alphabet')!r} (trained on {stored.get('label')!r}) "
                f"does not match {language.label}'s alphabet {list(language.alphabet)!r}")
    options = build.pop("options", {})
    try:
        model = models.build(arch, **build, **options)
    except StatecheckError as exc:
        raise CheckpointError(f"checkpoint build arguments do not build {arch!r}: {exc}") from None
    try:
        model.load_state_dict(payload["state_dict"])
    except (RuntimeError, KeyError) as exc:
        first = str(exc).splitlines()[0][:200]
        raise CheckpointError(f"checkpoint weights do not fit architecture {arch!r} with {build}: {first}") from None
    model.eval()
    return model, {k: v for k, v in payload.items() if k != "state_dict"}


# --------------------------------------------------------------------------- predictors
def model_predictor(model: nn.Module, language: Language, *, device: str = "cpu",
                    batch_size: int = 512) -> Predictor:
    """A predictor from a harness model: ``sigmoid(logit) > 0.5`` per class, at every position."""
    coding = encoding(language)

    @torch.no_grad()
    def predict(words: Sequence[tuple[str, ...]]) -> list[list[frozenset]]:
        out: list[list[frozenset]] = []
        model.eval()
        for start in range(0, len(words), batch_size):
            chunk = words[start:start + batch_size]
            width = max(len(w) for w in chunk) + 1
            tokens = torch.full((len(chunk), width), coding.bos, dtype=torch.long)
            for row, word in enumerate(chunk):
                tokens[row, : len(word) + 1] = torch.tensor(coding.tokens(word))
            fired = (model(tokens.to(device)) > 0).cpu()
            classes = coding.classes
            for row, word in enumerate(chunk):
                bits = fired[row, : len(word) + 1].tolist()
                out.append([frozenset(c for c, b in zip(classes, pos, strict=True) if b) for pos in bits])
        return out

    return predict


def construction_predictor(name: str, *, dtype: str = "float32", **params) -> tuple[Predictor, Language]:
    """A predictor from an SSM construction's torch export, and the language it is built for.

    ``name`` is a registry name of :mod:`statecheck.constructions.ssm_registry` (``flipflop_ssm``,
    ``parity_ssm``, ``dyck_ssm`` …). Recognition models (parity, mod k) predict
    ``alphabet ∪ {$ if accepted}`` (every prefix of those languages is valid).

    Raises
    ------
    UnknownNameError
        An unknown construction.
    """
    from statecheck.constructions.ssm_registry import build

    _, merged, stack = build(name, **params)
    language = resolve_language(stack.language[0], stack.language[1])
    module = stack.to_torch(dtype=dtype)
    alphabet = frozenset(stack.alphabet)

    def as_set(output) -> frozenset:
        if isinstance(output, frozenset):
            return output
        return alphabet | ({END} if output else frozenset())

    @torch.no_grad()
    def predict(words: Sequence[tuple[str, ...]]) -> list[list[frozenset]]:
        results: list[list[frozenset] | None] = [None] * len(words)
        by_length: dict[int, list[int]] = {}
        for i, word in enumerate(words):
            by_length.setdefault(len(word), []).append(i)
        for _, rows in by_length.items():
            decoded = module.run_words([words[i] for i in rows], mode="sequential")
            for i, outputs in zip(rows, decoded, strict=True):
                results[i] = [as_set(o) for o in outputs]
        return results  # type: ignore[return-value]

    return predict, language


# --------------------------------------------------------------------------- words to check
def valid_prefixes(language: Language, max_length: int, *, max_words: int = 200_000) -> tuple[list[tuple], int, int]:
    """The maximal valid prefixes of length ≤ ``max_length`` (leaves of the prefix tree).

    Returns ``(leaves, exhaustive_length, number of valid prefixes)``: every valid prefix of
    length ≤ ``exhaustive_length`` is a prefix of some leaf. A level holding more than
    ``max_words`` prefixes is not expanded (``exhaustive_length`` then stops below ``max_length``).
    """
    machine = language._predictive
    level: list[tuple[tuple[str, ...], Hashable]] = [((), machine.initial_state)]
    leaves: list[tuple[str, ...]] = []
    counted, depth = 1, 0
    while depth < max_length:
        following = []
        for word, state in level:
            legal = machine.symbols(state)
            if not legal:
                leaves.append(word)
            following.extend((word + (symbol,), machine.step(state, symbol)) for symbol in legal)
        if not following:  # every prefix is a dead end: nothing longer exists
            level, depth = [], max_length
            break
        if len(following) > max_words:
            if depth == 0:
                raise BudgetExceededError(
                    f"{language.label} has {len(following)} valid prefixes of length 1, more than "
                    f"max_words={max_words}")
            break
        level = following
        counted += len(level)
        depth += 1
    leaves.extend(word for word, _ in level)
    return list(dict.fromkeys(leaves)), depth, counted


def _reachable_states(language: Language, limit: int = 5_000) -> tuple[list[Hashable], dict] | None:
    """States of a finite predictive machine and its legal transitions, or None (infinite/too many)."""
    machine = language._predictive
    if not getattr(machine, "finite", True):
        return None
    start = machine.initial_state
    seen, frontier, moves = {start}, [start], {}
    while frontier:
        state = frontier.pop()
        moves[state] = {}
        for symbol in machine.symbols(state):
            target = machine.step(state, symbol)
            moves[state][symbol] = target
            if target not in seen:
                seen.add(target)
                frontier.append(target)
                if len(seen) > limit:
                    return None
    return list(moves), moves


def targeted_words(language: Language, lengths: Sequence[int], rng: np.random.Generator) -> tuple[list[tuple], int | None]:
    """For each length and each reachable state, one valid prefix of that length ending there.

    Returns ``(words, number of states)``; ``([], None)`` for counter machines (infinite states).
    """
    found = _reachable_states(language)
    if found is None:
        return [], None
    states, moves = found
    words = []
    for length in lengths:
        for goal in states:
            reach = [{goal}]  # reach[k]: states with a legal path of exactly k steps to goal
            for _ in range(length):
                reach.append({s for s in states if any(t in reach[-1] for t in moves[s].values())})
            state = language._predictive.initial_state
            if state not in reach[length]:
                continue
            word = []
            for remaining in range(length, 0, -1):
                options = [a for a, t in moves[state].items() if t in reach[remaining - 1]]
                symbol = options[int(rng.integers(len(options)))]
                word.append(symbol)
                state = moves[state][symbol]
            words.append(tuple(word))
    return words, len(states)


# --------------------------------------------------------------------------- the search
def _first_mismatches(language: Language, words: Sequence[tuple], predicted: list[list[frozenset]]):
    machine = language._predictive
    rank = {s: i for i, s in enumerate(language.alphabet)}
    best = None
    cache: dict[Hashable, frozenset] = {}
    for word, predictions in zip(words, predicted, strict=True):
        state = machine.initial_state
        for t in range(len(word) + 1):
            if best is not None and t > len(best[0]):
                break
            if state not in cache:
                cache[state] = frozenset(machine.output(state))
            expected = cache[state]
            if predictions[t] != expected:
                prefix = word[:t]
                key = (len(prefix), tuple(rank[s] for s in prefix))
                if best is None or key < best[2]:
                    best = (prefix, (expected, predictions[t]), key)
                break
            if t < len(word):
                state = machine.step(state, word[t])
    return None if best is None else Counterexample(best[0], best[1][0], best[1][1])


def find_counterexample(predict: Predictor, language: Language, *, max_length: int,
                        targeted_lengths: Sequence[int] | None = None, max_words: int = 200_000,
                        seed: int = 0) -> CounterexampleResult:
    """The shortest prefix where ``predict`` differs from ``language``'s next-symbol sets.

    Parameters
    ----------
    predict : Predictor
        From :func:`model_predictor` or :func:`construction_predictor`.
    language : Language
        The reference.
    max_length : int
        Every valid prefix up to this length is checked (within ``max_words`` per level).
    targeted_lengths : sequence of int, optional
        Lengths of the targeted words (default ``2L, 4L, 8L`` capped at 1024, ``L = max_length``).
    max_words : int
        Largest level of the prefix tree that is enumerated.
    seed : int
        Seeds the targeted words' random choices.

    Raises
    ------
    BadParameterError
        ``max_length < 0`` or a targeted length below 1.
    BudgetExceededError
        Not even one level fits into ``max_words``.
    """
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 0:
        raise BadParameterError(f"max_length must be an integer >= 0, got {max_length!r}")
    if targeted_lengths is None:
        targeted_lengths = sorted({min(1024, max(1, max_length) * f) for f in (2, 4, 8)})
    for n in targeted_lengths:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise BadParameterError(f"targeted lengths must be integers >= 1, got {n!r}")
    leaves, exhaustive, counted = valid_prefixes(language, max_length, max_words=max_words)
    found = _first_mismatches(language, leaves, predict(leaves))
    targeted, states = targeted_words(language, targeted_lengths, np.random.default_rng(seed))
    if found is None and targeted:
        found = _first_mismatches(language, targeted, predict(targeted))
    return CounterexampleResult(language=language.label, agree=found is None, counterexample=found,
                                exhaustive_length=exhaustive, max_length=max_length, prefixes_checked=counted,
                                targeted_words=len(targeted), targeted_lengths=list(targeted_lengths),
                                states=states)
