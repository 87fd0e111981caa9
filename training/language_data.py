"""Predictive next-symbol data for formal languages: per-language length protocols and tensors.

Task (Bhattamishra, Ahuja & Goyal 2020, §4; Sarrof, Veitsman & Hahn 2024, §5): the model reads a
member of the language one symbol at a time and, after every prefix, outputs the **set** of legal
next symbols (``$`` = the word may end here) as a multi-hot vector. The targets come from the
catalogue's exact predictive machine (:meth:`statecheck.theory.languages.Language.next_symbols`),
the words from its exact sampler (:meth:`Language.sample`, uniform over the members of a given
length).

Encoding (fixed; :mod:`.counterexample` and checkpoints rely on it):

- token ids: ``alphabet[i] -> i``, and ``BOS -> len(alphabet)`` (``vocab_size = |Σ| + 1``); a word
  ``w`` of length ``n`` becomes ``[BOS, w_1, …, w_n]`` (``n + 1`` positions);
- classes: ``alphabet[i] -> i``, ``$ -> len(alphabet)`` (``n_classes = |Σ| + 1``);
- position ``t`` (``0 ≤ t ≤ n``) targets ``next_symbols(w[:t])``: position 0 is the empty prefix;
- padding repeats the BOS id and is masked out (every model is causal, so padding after a word
  cannot change its outputs).

Length protocols (:data:`SUITE_PROTOCOL`): the train range and the test bins of Sarrof et al.'s
suite, read from their repository's dataset configs (``lower_window``, ``upper_window``,
``len_incr``; lacoco-lab/ssm_expressivity ``configs/dataset/*.yaml``) and checked against the
lengths of the vendored samples in ``tests/data/sarrof_suite_samples``. Bin 0 is a held-out test
set in the training range (their ``val_*_bin0``); bins 1, 2 are longer. Where their generator
counts ``n`` (aⁿbⁿ…), the ranges here are converted to word lengths.

Example
-------
>>> from statecheck.theory import languages
>>> import numpy as np
>>> split = make_split(languages.get("parity"), (2, 6), 4, np.random.default_rng(0))
>>> split.targets.shape[-1]   # classes 0, 1, $
3
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from statecheck.errors import BadParameterError, NoMemberError, UnknownNameError
from statecheck.theory.languages import END, SARROF_SUITE, Language, get, suite_language

__all__ = [
    "LengthBinError",
    "LengthProtocol",
    "SUITE_PROTOCOL",
    "suite_protocol",
    "Encoding",
    "encoding",
    "PredictiveSplit",
    "make_split",
    "split_from_words",
    "valid_lengths",
    "check_bin",
    "resolve_language",
    "random_word_split",
]


class LengthBinError(BadParameterError):
    """A length range the language's sampler cannot fill (no member of any length in it)."""


@dataclass(frozen=True)
class LengthProtocol:
    """Train lengths and test bins of one language (inclusive ranges of word lengths).

    Attributes
    ----------
    train : tuple of int
        ``(lo, hi)``: training words have ``lo ≤ n ≤ hi`` symbols; bin 0 uses the same range.
    bins : tuple of tuple of int
        The longer test bins, ``((lo, hi), …)`` (bin 1, bin 2, …).
    train_size, test_size : int
        Strings per training set / per test bin in the paper's configs.
    """

    train: tuple[int, int]
    bins: tuple[tuple[int, int], ...]
    train_size: int = 10_000
    test_size: int = 2_000

    def all_bins(self) -> tuple[tuple[int, int], ...]:
        """Bin 0 (the train range) followed by the longer bins."""
        return (self.train, *self.bins)


def _p(train, bins, train_size=10_000, test_size=2_000) -> LengthProtocol:
    return LengthProtocol(tuple(train), tuple(tuple(b) for b in bins), train_size, test_size)


#: Suite dataset name -> its length protocol (Sarrof et al. 2024, repository dataset configs).
SUITE_PROTOCOL: dict[str, LengthProtocol] = {
    **{f"Tomita-{i}": _p((1, 100), [(101, 150)], 1_000, 50) for i in range(1, 8)},
    "Parity": _p((2, 50), [(51, 100)]),
    "AAStar": _p((2, 500), [(501, 600)], 250, 50),
    "AAAAStar": _p((4, 500), [(501, 600)], 125, 25),
    "ABABStar": _p((4, 500), [(501, 600)], 125, 25),
    "AAStarBBStarCCStarDDStarEEStar": _p((5, 200), [(201, 300)]),
    "ABStar_D_BCStar": _p((1, 50), [(51, 100)]),
    "012Star_0_2Star": _p((2, 50), [(51, 100)]),
    **{f"D-{n}": _p((2, 100), [(101, 200)]) for n in (2, 3, 4, 12)},
    "Dyck1": _p((2, 50), [(51, 100), (101, 150)]),
    "Shuffle2": _p((2, 50), [(51, 100), (101, 150)]),
    "Shuffle4": _p((2, 100), [(101, 150), (151, 200)]),
    "Shuffle6": _p((2, 100), [(101, 150), (151, 200)]),
    "Boolean3": _p((2, 50), [(51, 100), (101, 150)]),
    "Boolean5": _p((2, 50), [(51, 100), (101, 150)]),
    "anbn": _p((2, 200), [(201, 400), (401, 600)], 1_000, 50),
    "anbncn": _p((3, 450), [(451, 900), (901, 1350)], 1_000, 50),
    "anbncndn": _p((4, 800), [(801, 1600), (1601, 2400)], 1_000, 50),
}


def suite_protocol(dataset: str) -> LengthProtocol:
    """The length protocol of a suite dataset name (``"Parity"``, ``"D-12"`` …).

    Raises
    ------
    UnknownNameError
        ``dataset`` is not one of the suite's 27 names.
    """
    if dataset not in SUITE_PROTOCOL:
        raise UnknownNameError(f"unknown suite dataset {dataset!r}; known: {', '.join(SUITE_PROTOCOL)}")
    return SUITE_PROTOCOL[dataset]


def resolve_language(name: str, params: dict | None = None) -> Language:
    """A catalogue language from a suite dataset name (``"D-12"``) or a catalogue name + params.

    Raises
    ------
    UnknownNameError
        Neither a suite dataset nor a catalogue name.
    BadParameterError
        Parameters given together with a suite dataset name, or bad catalogue parameters.
    """
    if name in SARROF_SUITE:
        if params:
            raise BadParameterError(f"suite dataset {name!r} takes no parameters, got {params!r}")
        return suite_language(name)
    try:
        return get(name, **(params or {}))
    except UnknownNameError as exc:
        raise UnknownNameError(f"{exc.args[0]}; or a suite dataset: {', '.join(SARROF_SUITE)}") from None


@dataclass(frozen=True)
class Encoding:
    """Token and class indices of a language (see the module docstring).

    Attributes
    ----------
    alphabet : tuple of str
        The language's alphabet in its fixed order.
    bos : int
        The BOS token id (``len(alphabet)``); also the padding id.
    vocab_size, n_classes : int
        ``|Σ| + 1`` each (the symbols and BOS / the symbols and ``$``).
    classes : tuple of str
        The class names: the alphabet followed by ``$``.
    """

    alphabet: tuple[str, ...]

    @property
    def bos(self) -> int:
        """The BOS (and padding) token id."""
        return len(self.alphabet)

    @property
    def vocab_size(self) -> int:
        """Number of token ids."""
        return len(self.alphabet) + 1

    @property
    def n_classes(self) -> int:
        """Number of output classes."""
        return len(self.alphabet) + 1

    @property
    def classes(self) -> tuple[str, ...]:
        """Class names, index order."""
        return (*self.alphabet, END)

    def tokens(self, word: Sequence[str]) -> list[int]:
        """``[BOS, ids of word]``."""
        index = {s: i for i, s in enumerate(self.alphabet)}
        return [self.bos, *(index[s] for s in word)]

    def multi_hot(self, symbols: frozenset[str]) -> list[float]:
        """The multi-hot vector of a next-symbol set."""
        return [1.0 if c in symbols else 0.0 for c in self.classes]

    def decode(self, row: Sequence[float] | torch.Tensor) -> frozenset[str]:
        """The set of classes whose entry is 1 (or True) in ``row``."""
        return frozenset(c for c, v in zip(self.classes, list(row), strict=True) if bool(v))


def encoding(language: Language) -> Encoding:
    """The :class:`Encoding` of ``language``."""
    return Encoding(tuple(language.alphabet))


@dataclass(frozen=True)
class PredictiveSplit:
    """A set of words with predictive targets, padded to the longest word.

    Attributes
    ----------
    words : list of tuple of str
        The words (members of the language, or valid prefixes).
    inputs : LongTensor
        ``(N, T + 1)`` token ids, BOS first, BOS-padded.
    targets : FloatTensor
        ``(N, T + 1, n_classes)`` multi-hot next-symbol sets.
    mask : BoolTensor
        ``(N, T + 1)``; True at real positions (``t ≤ len(word)``).
    """

    words: list[tuple[str, ...]]
    inputs: torch.Tensor
    targets: torch.Tensor
    mask: torch.Tensor

    def __len__(self) -> int:
        return len(self.words)

    def batch(self, index: torch.Tensor | slice) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """``(inputs, targets, mask)`` of the rows ``index``, trimmed to their longest word."""
        mask = self.mask[index]
        width = int(mask.sum(1).max()) if len(mask) else 1
        return self.inputs[index][:, :width], self.targets[index][:, :width], mask[:, :width]


def _targets_along(language: Language, word: Sequence[str], cache: dict[Hashable, list[float]],
                   coding: Encoding) -> list[list[float]]:
    """Multi-hot next-symbol sets after every prefix of ``word`` (one machine pass)."""
    machine = language._predictive
    state = machine.initial_state
    rows = []
    for position in range(len(word) + 1):
        if state not in cache:
            cache[state] = coding.multi_hot(machine.output(state))
        rows.append(cache[state])
        if position < len(word):
            state = machine.step(state, word[position])
    return rows


def split_from_words(language: Language, words: Sequence[Sequence[str]]) -> PredictiveSplit:
    """A :class:`PredictiveSplit` of the given valid prefixes (targets from the exact machine).

    Raises
    ------
    InvalidPrefixError
        A word that is not a prefix of any member.
    """
    from statecheck.errors import InvalidPrefixError

    coding = encoding(language)
    words = [tuple(w) for w in words]
    width = max((len(w) for w in words), default=0) + 1
    inputs = torch.full((len(words), width), coding.bos, dtype=torch.long)
    targets = torch.zeros((len(words), width, coding.n_classes))
    mask = torch.zeros((len(words), width), dtype=torch.bool)
    cache: dict[Hashable, list[float]] = {}
    for row, word in enumerate(words):
        rows = _targets_along(language, word, cache, coding)
        if not any(rows[-1]):
            language.next_symbols(word)  # raises the catalogue's InvalidPrefixError with a reason
            raise InvalidPrefixError(f"{list(word)!r} is not a valid prefix of {language.label}")
        inputs[row, : len(word) + 1] = torch.tensor(coding.tokens(word))
        targets[row, : len(word) + 1] = torch.tensor(rows)
        mask[row, : len(word) + 1] = True
    return PredictiveSplit(words, inputs, targets, mask)


_MEMBER_LENGTHS: dict[tuple[str, int], bool] = {}


def _has_member_of_length(language: Language, n: int) -> bool:
    """Whether a member of length ``n`` exists (probed with a private generator, so that the
    caller's randomness — and hence the data — does not depend on what is cached)."""
    key = (language.label, n)
    if key not in _MEMBER_LENGTHS:
        try:
            language.sample(n, np.random.default_rng(n))
            _MEMBER_LENGTHS[key] = True
        except NoMemberError:
            _MEMBER_LENGTHS[key] = False
    return _MEMBER_LENGTHS[key]


def _checked_range(language: Language, lengths) -> tuple[int, int]:
    if (not isinstance(lengths, (list, tuple)) or len(lengths) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in lengths)
            or lengths[0] < 0 or lengths[1] < lengths[0]):
        raise LengthBinError(f"length range {list(lengths)!r} must be [lo, hi] with 0 <= lo <= hi")
    return int(lengths[0]), int(lengths[1])


def _no_member_in(language: Language, lo: int, hi: int) -> LengthBinError:
    return LengthBinError(
        f"{language.label} has no member with a length in [{lo}, {hi}]: its sampler cannot fill "
        "this bin; choose a range containing member lengths"
    )


def check_bin(language: Language, lengths: tuple[int, int]) -> None:
    """Raise :class:`LengthBinError` unless ``language`` has a member with a length in the range.

    Cheap: stops at the first member length found (results are cached per language and length).
    """
    lo, hi = _checked_range(language, lengths)
    if not any(_has_member_of_length(language, n) for n in range(lo, hi + 1)):
        raise _no_member_in(language, lo, hi)


def valid_lengths(language: Language, lengths: tuple[int, int], rng: np.random.Generator | None = None) -> list[int]:
    """The lengths in the inclusive range ``lengths`` at which ``language`` has a member.

    Decided by trying the exact sampler once per length (cached per language and length);
    ``rng`` is accepted for compatibility and not used.

    Raises
    ------
    LengthBinError
        A malformed range, or no member at any length in it (names the language and range).
    """
    lo, hi = _checked_range(language, lengths)
    found = [n for n in range(lo, hi + 1) if _has_member_of_length(language, n)]
    if not found:
        raise _no_member_in(language, lo, hi)
    return found


def make_split(language: Language, lengths: tuple[int, int], size: int, rng: np.random.Generator | int,
               *, distinct: bool = False) -> PredictiveSplit:
    """``size`` members with lengths uniform over the member lengths in ``lengths``, and their targets.

    Parameters
    ----------
    language : Language
        The catalogue language.
    lengths : tuple of int
        Inclusive ``(lo, hi)`` range of word lengths.
    size : int
        Number of words (``>= 1``).
    rng : numpy Generator or int
        Randomness (an int seeds ``default_rng``).
    distinct : bool
        Drop duplicate words (the result may then hold fewer than ``size``).

    Raises
    ------
    LengthBinError
        No member length in the range.
    BadParameterError
        ``size < 1``.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise BadParameterError(f"size must be an integer >= 1, got {size!r}")
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    choices = valid_lengths(language, lengths, rng)
    drawn = rng.choice(np.asarray(choices), size=size)
    words = [language.sample(int(n), rng) for n in drawn]
    if distinct:
        words = list(dict.fromkeys(words))
    return split_from_words(language, words)


def random_word_split(language: Language, lengths: tuple[int, int], size: int,
                      rng: np.random.Generator | int) -> PredictiveSplit:
    """``size`` uniformly random words over the alphabet (lengths uniform in ``lengths``).

    For languages in which every word is a valid prefix (parity, mod k): the recognition-style
    data of Grazzi et al. 2025 (members and non-members alike; the last position's ``$`` bit is
    the label).

    Raises
    ------
    BadParameterError
        A language with invalid prefixes (some word has an empty next-symbol set), a bad range or
        size.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise BadParameterError(f"size must be an integer >= 1, got {size!r}")
    lo, hi = lengths
    if not (isinstance(lo, int) and isinstance(hi, int)) or lo < 0 or hi < lo:
        raise LengthBinError(f"length range {list(lengths)!r} must be [lo, hi] with 0 <= lo <= hi")
    if not _every_word_is_a_prefix(language):
        raise BadParameterError(
            f"random words need a language where every word is a valid prefix (parity, mod k); "
            f"{language.label} is not one")
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    alphabet = np.asarray(language.alphabet)
    words = [tuple(alphabet[rng.integers(len(alphabet), size=int(n))].tolist())
             for n in rng.integers(lo, hi + 1, size=size)]
    return split_from_words(language, words)


def _every_word_is_a_prefix(language: Language, limit: int = 10_000) -> bool:
    """True iff every reachable state of the finite predictive machine allows every symbol."""
    machine = language._predictive
    if not getattr(machine, "finite", True):
        return False
    seen, frontier = {machine.initial_state}, [machine.initial_state]
    while frontier:
        state = frontier.pop()
        if set(machine.symbols(state)) != set(language.alphabet):
            return False
        for symbol in language.alphabet:
            target = machine.step(state, symbol)
            if target not in seen:
                if len(seen) >= limit:
                    return False
                seen.add(target)
                frontier.append(target)
    return True
