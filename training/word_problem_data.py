"""Data sets for group word problems as tagging tasks (Merrill, Petty & Sabharwal 2024, §6).

Protocol (facts from the paper's code, jopetty/word-problem; this is an independent
implementation):

- an input word of length ``k`` is a sequence of element indices ``g_1 … g_k`` of a finite group
  (index 0 is the identity); the model reads ``[BOS] g_1 … g_k`` where ``BOS = |G|``;
- the target at position ``t ≥ 1`` is the index of the prefix product ``g_1 ⋯ g_t`` (tagging);
  position 0 (BOS) has no target (:data:`IGNORE`);
- for length ``k`` the data set is every word when ``|G|^k ≤ samples``, otherwise ``samples``
  distinct words drawn uniformly; it is shuffled and split ``train_fraction`` / rest
  (80/20 by default), and for ``k ≥ 2`` the training split also gets **every** length-2 word
  (right-padded with the identity token, padded positions carry no target — harmless for causal
  models). At ``k = 2`` the held-out words are therefore also training words: the held-out
  score then measures whether the multiplication table was learned, as in the paper's protocol
  (all ``|G|²`` pairs are training data); an unseen pair could not be inferred from the others;
- the held-out split measures full-sequence accuracy (all ``k`` positions right).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import torch

from statecheck.errors import BadParameterError
from statecheck.theory import groups

__all__ = ["IGNORE", "TaggingSplit", "WordProblemData", "sample_words", "tagging_targets",
           "word_problem_data"]

#: Target value of positions without a target (``torch.nn.functional.cross_entropy``'s default).
IGNORE = -100


@dataclass(frozen=True)
class TaggingSplit:
    """Token ids and per-position targets.

    Attributes
    ----------
    inputs : LongTensor
        ``(n, T)`` token ids (``BOS`` first).
    targets : LongTensor
        ``(n, T)`` class indices, :data:`IGNORE` where there is no target.
    """

    inputs: torch.Tensor
    targets: torch.Tensor

    def __len__(self) -> int:
        return int(self.inputs.shape[0])


@dataclass(frozen=True)
class WordProblemData:
    """A word-problem data set for one group and length.

    Attributes
    ----------
    group : str
        Group name.
    length : int
        Word length ``k``.
    vocab_size : int
        ``|G| + 1`` (the elements and BOS).
    n_classes : int
        ``|G|``.
    bos : int
        The BOS token id (``|G|``).
    train, val : TaggingSplit
        Training split (length-``k`` words plus the length-2 words) and held-out split.
    exhaustive : bool
        Whether every length-``k`` word is in the data set (``|G|^k ≤ samples``).
    """

    group: str
    length: int
    vocab_size: int
    n_classes: int
    bos: int
    train: TaggingSplit
    val: TaggingSplit
    exhaustive: bool


def sample_words(order: int, length: int, samples: int, rng: np.random.Generator) -> tuple[np.ndarray, bool]:
    """Every word of ``length`` over ``0..order−1`` if there are at most ``samples``, else
    ``samples`` distinct words drawn uniformly.

    Returns
    -------
    (ndarray, bool)
        ``(n, length)`` int64 words (exhaustive ones in lexicographic order, sampled ones in draw
        order) and whether the set is exhaustive.
    """
    if order ** length <= samples:
        words = np.array(list(itertools.product(range(order), repeat=length)), dtype=np.int64)
        return words.reshape(-1, length), True
    chosen: dict[bytes, np.ndarray] = {}
    while len(chosen) < samples:
        batch = rng.integers(0, order, size=(samples - len(chosen), length), dtype=np.int64)
        for row in batch:
            chosen.setdefault(row.tobytes(), row)
    return np.stack(list(chosen.values())), False


def tagging_targets(group: groups.FiniteGroup, words: np.ndarray) -> np.ndarray:
    """Prefix products: ``out[i, t]`` = index of ``words[i, 0] ⋯ words[i, t]`` (left to right)."""
    table = group.mul_table
    out = np.empty_like(words)
    current = np.zeros(words.shape[0], dtype=np.int64)
    for t in range(words.shape[1]):
        current = table[current, words[:, t]].astype(np.int64)
        out[:, t] = current
    return out


def _encode(words: np.ndarray, targets: np.ndarray, *, bos: int, width: int) -> TaggingSplit:
    n, length = words.shape
    inputs = np.zeros((n, width + 1), dtype=np.int64)  # padding: the identity token 0
    labels = np.full((n, width + 1), IGNORE, dtype=np.int64)
    inputs[:, 0] = bos
    inputs[:, 1:length + 1] = words
    labels[:, 1:length + 1] = targets
    return TaggingSplit(torch.from_numpy(inputs), torch.from_numpy(labels))


def word_problem_data(group: str | groups.FiniteGroup, length: int, *, samples: int = 10_000,
                      train_fraction: float = 0.8, seed: int = 0) -> WordProblemData:
    """Build the tagging data set for the word problem of ``group`` at word length ``length``.

    Parameters
    ----------
    group : str or FiniteGroup
        A name understood by :func:`statecheck.theory.groups.get` (``"S3"``, ``"A5"``, ``"A4xZ5"``).
    length : int
        Word length ``k ≥ 1``.
    samples : int
        Size of the length-``k`` data set when not exhaustive (``≥ 2``).
    train_fraction : float
        Fraction of the length-``k`` words used for training (``0 < f < 1``).
    seed : int
        Seed of the sampling and of the split.

    Raises
    ------
    BadParameterError
        ``length < 1``, ``samples < 2`` or ``train_fraction`` outside ``(0, 1)``.
    UnknownNameError
        An unknown group name.
    """
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise BadParameterError(f"length must be an integer >= 1, got {length!r}")
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
        raise BadParameterError(f"samples must be an integer >= 2, got {samples!r}")
    if not 0 < train_fraction < 1:
        raise BadParameterError(f"train_fraction must lie strictly between 0 and 1, got {train_fraction!r}")
    finite = groups.get(group)
    rng = np.random.default_rng(seed)
    words, exhaustive = sample_words(finite.order, length, samples, rng)
    words = words[rng.permutation(len(words))]
    if len(words) < 2:
        raise BadParameterError(
            f"the group {finite.name!r} has only {len(words)} word(s) of length {length}; "
            f"a train/held-out split needs at least 2"
        )
    cut = min(len(words) - 1, max(1, int(round(train_fraction * len(words)))))
    bos = finite.order
    train_words, val_words = words[:cut], words[cut:]
    train = _encode(train_words, tagging_targets(finite, train_words), bos=bos, width=length)
    if length >= 2:
        pairs, _ = sample_words(finite.order, 2, finite.order ** 2, rng)
        extra = _encode(pairs, tagging_targets(finite, pairs), bos=bos, width=length)
        train = TaggingSplit(torch.cat([train.inputs, extra.inputs]),
                             torch.cat([train.targets, extra.targets]))
    val = _encode(val_words, tagging_targets(finite, val_words), bos=bos, width=length)
    return WordProblemData(group=finite.name, length=length, vocab_size=finite.order + 1,
                           n_classes=finite.order, bos=bos, train=train, val=val,
                           exhaustive=exhaustive)
