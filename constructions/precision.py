"""Precision reports: where does the float export of an SSM construction leave its exact run?

For a construction, a length ``N`` and each float type (fp16, bf16, fp32) and recurrence mode
(sequential loop, doubling scan, chunked scan), the torch export runs on a batch of words — the
construction's stress word (the deepest counter, the longest write-to-read gap; see
:mod:`~statecheck.constructions.ssm_registry`) and random members of its catalogue language
(``language.sample``) — and is compared position by position with the exact run:

- ``state_deviation`` — the first prefix length at which some layer's float state differs from
  the exact state (``None``: none up to ``N``);
- ``output_deviation`` — the first prefix length at which the float model's output (next-symbol
  set or acceptance) differs from the exact one.

A state deviation without an output deviation means the error has not (yet) reached the
readout; e.g. a bf16 counter is stuck at 256 from length 257, but Dyck-1's readout only notices
when the stuck counter reaches 0 too early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from statecheck.constructions.ssm import SSMStack
from statecheck.constructions.ssm_registry import build
from statecheck.constructions.ssm_torch import RECURRENCES, resolve_dtype
from statecheck.errors import BadParameterError, NoMemberError

__all__ = ["PrecisionRow", "PrecisionReport", "precision_report", "first_deviations",
           "DEFAULT_LENGTH", "MAX_LENGTH"]

DEFAULT_LENGTH = 10_000
MAX_LENGTH = 200_000
_NAMES = {torch.float16: "fp16", torch.bfloat16: "bf16", torch.float32: "fp32", torch.float64: "fp64"}


@dataclass(frozen=True)
class PrecisionRow:
    """One (dtype, mode) line of a :class:`PrecisionReport`.

    Attributes
    ----------
    dtype : str
        ``"fp16"``, ``"bf16"``, ``"fp32"`` or ``"fp64"``.
    mode : str
        ``"sequential"``, ``"scan"`` or ``"chunked"``.
    state_deviation, output_deviation : int or None
        First prefix length where the float state / output leaves the exact one; ``None`` if
        none up to the report's length.
    state_word, output_word : str or None
        Which word showed that first deviation.
    """

    dtype: str
    mode: str
    state_deviation: int | None
    output_deviation: int | None
    state_word: str | None = None
    output_word: str | None = None

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class PrecisionReport:
    """The float-vs-exact comparison of one construction (see the module docstring).

    Attributes
    ----------
    construction : str
        Registry name.
    params : dict
        Its parameters.
    length : int
        ``N``: every word has length at most ``N``; "none" means none up to ``N``.
    words : list of str
        The words run (descriptions and lengths).
    rows : list of PrecisionRow
        One per (dtype, mode).
    parameterisation : str
        ``"direct"`` or ``"mamba"``.
    """

    construction: str
    params: dict
    length: int
    words: list[str]
    rows: list[PrecisionRow] = field(default_factory=list)
    parameterisation: str = "direct"

    def row(self, dtype: str, mode: str = "sequential") -> PrecisionRow:
        """The row for ``dtype`` (name, e.g. ``"bf16"``) and ``mode``."""
        name = _NAMES[resolve_dtype(dtype)]
        for r in self.rows:
            if r.dtype == name and r.mode == mode:
                return r
        raise BadParameterError(f"the report has no row for dtype {dtype!r} and mode {mode!r}")

    def summary(self, mode: str = "sequential") -> str:
        """One line, e.g. ``"fp16: state 2049, output 7048; bf16: …; fp32: none up to 10000"``."""
        parts = []
        for r in self.rows:
            if r.mode != mode:
                continue
            if r.state_deviation is None and r.output_deviation is None:
                parts.append(f"{r.dtype}: none up to {self.length}")
            else:
                output = "none" if r.output_deviation is None else r.output_deviation
                parts.append(f"{r.dtype}: state {r.state_deviation}, output {output}")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return {
            "construction": self.construction,
            "params": self.params,
            "length": self.length,
            "parameterisation": self.parameterisation,
            "words": self.words,
            "rows": [r.to_dict() for r in self.rows],
        }


def _exact_run(model: SSMStack, word) -> tuple[list[np.ndarray], list[Any]]:
    trace = model.trace(word)
    states = [np.array([[float(x) for x in step.states[layer]] for step in trace], dtype=np.float64)
              for layer in range(len(model.layers))]
    return states, [step.outputs[-1] for step in trace]


def first_deviations(model: SSMStack, module: Any, word, *, mode: str = "sequential",
                     exact: tuple[list[np.ndarray], list[Any]] | None = None) -> tuple[int | None, int | None]:
    """First prefix lengths at which ``module`` (float) leaves ``model`` (exact) on ``word``.

    Returns
    -------
    (int or None, int or None)
        The state deviation and the output deviation (``None`` = none on this word).
    """
    states, outputs = exact if exact is not None else _exact_run(model, word)
    with torch.no_grad():
        indices, float_states = module(module.encode([word]), mode=mode, return_states=True)
    float_outputs = module.decode(indices)[0]
    state_dev = None
    for exact_h, float_h in zip(states, float_states, strict=False):
        differs = np.nonzero(np.any(float_h[0].to(torch.float64).numpy() != exact_h, axis=1))[0]
        if differs.size:
            state_dev = int(differs[0]) if state_dev is None else min(state_dev, int(differs[0]))
    pairs = enumerate(zip(outputs, float_outputs, strict=False))
    output_dev = next((t for t, (a, b) in pairs if a != b), None)
    return state_dev, output_dev


def _sample_words(model: SSMStack, length: int, samples: int, seed: int) -> list[tuple[str, tuple]]:
    if not samples or model.language is None:
        return []
    from statecheck.theory import languages

    name, params = model.language
    language = languages.get(name, **params)
    rng = np.random.default_rng(seed)
    words = []
    for number in range(samples):
        for size in range(length, max(length - 8, -1), -1):  # the longest member length <= N
            try:
                word = tuple(language.sample(size, rng))
            except NoMemberError:
                continue
            words.append((f"random member #{number + 1} (length {size})", word))
            break
    return words


def precision_report(name: str, *, length: int = DEFAULT_LENGTH,
                     dtypes: tuple = ("float16", "bfloat16", "float32"),
                     modes: tuple[str, ...] = ("sequential", "scan", "chunked"), samples: int = 2,
                     seed: int = 0, parameterisation: str = "direct", **params) -> PrecisionReport:
    """Compare the float export of construction ``name`` with its exact run (module docstring).

    Parameters
    ----------
    name : str
        A construction of :data:`~statecheck.constructions.ssm_registry.CONSTRUCTIONS`.
    length : int
        ``N``, the longest word (``1 ≤ N ≤ 200000``).
    dtypes : tuple
        Float types (names or ``torch.dtype``).
    modes : tuple of str
        Recurrence modes: ``"sequential"``, ``"scan"`` (doubling), ``"chunked"`` (two-level).
    samples : int
        How many random members of the catalogue language to add to the stress word.
    seed : int
        Seed of the random members.
    parameterisation : {"direct", "mamba"}
        How the torch export computes ``A`` (see :meth:`SSMStack.to_torch`).
    **params
        The construction's parameters (e.g. ``k=3``).

    Raises
    ------
    UnknownNameError, BadParameterError
        An unknown construction, parameter, dtype or mode, or ``length`` out of range.
    """
    if not isinstance(length, int) or isinstance(length, bool) or not 1 <= length <= MAX_LENGTH:
        raise BadParameterError(f"length must be an integer in 1..{MAX_LENGTH}, got {length!r}")
    for mode in modes:
        if mode not in RECURRENCES:
            raise BadParameterError(f"mode must be one of {sorted(RECURRENCES)}, got {mode!r}")
    resolved = [resolve_dtype(d) for d in dtypes]
    construction, merged, model = build(name, **params)
    description, stress = construction.stress(length, merged)
    words = [(f"{description} (length {len(stress)})", stress)]
    words += _sample_words(model, length, samples, seed)
    exact_runs = [_exact_run(model, word) for _, word in words]
    rows = []
    for dtype in resolved:
        module = model.to_torch(dtype, parameterisation=parameterisation)
        for mode in modes:
            best_state = best_output = None
            for (label, word), exact in zip(words, exact_runs, strict=False):
                state_dev, output_dev = first_deviations(model, module, word, mode=mode, exact=exact)
                if state_dev is not None and (best_state is None or state_dev < best_state[0]):
                    best_state = (state_dev, label)
                if output_dev is not None and (best_output is None or output_dev < best_output[0]):
                    best_output = (output_dev, label)
            rows.append(PrecisionRow(
                dtype=_NAMES[dtype], mode=mode,
                state_deviation=None if best_state is None else best_state[0],
                output_deviation=None if best_output is None else best_output[0],
                state_word=None if best_state is None else best_state[1],
                output_word=None if best_output is None else best_output[1],
            ))
    return PrecisionReport(construction=construction.name, params=merged, length=length,
                           words=[label for label, _ in words], rows=rows,
                           parameterisation=parameterisation)
