"""Registry of the trained architectures: every one maps token ids ``(batch, T)`` to per-position
logits ``(batch, T, n_classes)`` and is causal (output ``t`` depends on tokens ``≤ t`` only).

- ``rnn``: Elman RNN, ``tanh`` (:mod:`.rnn`);
- ``lstm``, ``gru``: LSTM, GRU (:mod:`.rnn`);
- ``transformer``: causal transformer, sinusoidal positions, post-norm; pre-norm optional
  (:mod:`.transformer`);
- ``s4``: S4D, time-invariant diagonal SSM, FFT convolution (:mod:`.s4`);
- ``mamba``: selective S6, gates ``exp(Δa) ∈ (0, 1]`` (:mod:`.mamba`);
- ``mamba_neg``: selective S6, gates ``2·exp(Δa) − 1 ∈ (−1, 1]`` (:mod:`.mamba`);
- ``ids4``: dense input-dependent transition ``A(x)`` affine in ``x``, matrix scan (:mod:`.ids4`).

Interface: :func:`build` (the contract other modules rely on), :func:`names`, :func:`describe`
(every architecture's extra keyword options with their defaults, and its evaluation modes), and
for tests and benchmarks :func:`modes` / :func:`set_mode`, which switch a built model's
recurrences between the parallel path (the default) and the sequential reference path.

Extra keyword options of :func:`build` (all optional):

- ``transformer``: ``heads`` (default 4 when it divides ``d_model``, else 1), ``norm_first``
  (``False``: the paper's post-norm), ``dropout`` (``0.0``);
- ``s4``: ``d_state`` (32), ``mode`` (``"convolution"`` | ``"sequential"``);
- ``mamba``, ``mamba_neg``: ``d_state`` (16), ``expand`` (2), ``chunk`` (256: time-chunk length
  of the checkpointed scan, ``None`` for one chunk), ``mode`` (``"scan"`` | ``"sequential"``);
- ``ids4``: ``d_state`` (16), ``chunk`` (256), ``bound`` (``False``; ``True`` divides ``A(x)`` by
  ``max(1, ‖A(x)‖₁)`` so states stay bounded at any length — advisable for long sequences; it
  keeps every DFA transition matrix of Merrill Thm 5.2 unchanged), ``mode`` (``"scan"`` |
  ``"sequential"``);
- ``rnn``, ``lstm``, ``gru``: none (torch's fused kernels; a nonlinear recurrence has no
  associative scan).

Examples
--------
>>> import torch
>>> from statecheck.training import models
>>> model = models.build("ids4", vocab_size=7, n_classes=6, layers=1, d_model=32)
>>> tuple(model(torch.zeros(2, 9, dtype=torch.long)).shape)
(2, 9, 6)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from torch import nn

from statecheck.errors import BadParameterError, UnknownNameError
from statecheck.training import ids4, mamba, rnn, s4, transformer
from statecheck.training.tagger import TokenTagger

__all__ = ["Architecture", "ARCHITECTURES", "build", "names", "modes", "set_mode", "describe"]


@dataclass(frozen=True)
class Architecture:
    """One registered architecture.

    Attributes
    ----------
    name : str
        Registry key.
    builder : callable
        ``builder(spec, **options) -> TokenTagger``.
    description : str
        One line for listings.
    """

    name: str
    builder: Callable[..., TokenTagger]
    description: str

    def options(self) -> dict[str, Any]:
        """Keyword options of the builder with their defaults."""
        parameters = inspect.signature(self.builder).parameters.values()
        return {p.name: p.default for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}


#: The architectures by name (the single list of names).
ARCHITECTURES: dict[str, Architecture] = {a.name: a for a in (
    Architecture("rnn", rnn.build_rnn, "Elman RNN (tanh), torch's fused kernel"),
    Architecture("lstm", rnn.build_lstm, "LSTM, torch's fused kernel"),
    Architecture("gru", rnn.build_gru, "GRU, torch's fused kernel"),
    Architecture("transformer", transformer.build_transformer,
                 "causal transformer, sinusoidal positions, post-norm (pre-norm optional)"),
    Architecture("s4", s4.build_s4, "S4D time-invariant diagonal SSM, FFT convolution"),
    Architecture("mamba", mamba.build_mamba, "Mamba selective SSM, gates in (0, 1]"),
    Architecture("mamba_neg", mamba.build_mamba_neg, "Mamba selective SSM, gates in (-1, 1]"),
    Architecture("ids4", ids4.build_ids4, "input-dependent dense SSM, A(x) affine in x, matrix scan"),
)}


def names() -> list[str]:
    """Names of the registered architectures, in registry order."""
    return list(ARCHITECTURES)


def get(arch: str) -> Architecture:
    """The :class:`Architecture` called ``arch``.

    Raises
    ------
    UnknownNameError
        Naming ``arch`` and listing the known names.
    """
    if arch not in ARCHITECTURES:
        raise UnknownNameError(f"unknown architecture {arch!r}; expected one of {names()}")
    return ARCHITECTURES[arch]


def _positive_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BadParameterError(f"{what} must be an integer >= 1, got {value!r}")
    return value


def build(arch: str, *, vocab_size: int, n_classes: int, layers: int, d_model: int,
          **options: Any) -> TokenTagger:
    """A freshly initialised model (initialisation uses torch's global generator: seed it first).

    Parameters
    ----------
    arch : str
        One of :func:`names`.
    vocab_size : int
        Number of token ids (inputs are ``0 … vocab_size − 1``).
    n_classes : int
        Number of output classes per position.
    layers : int
        Depth (recurrent layers, encoder layers or SSM blocks).
    d_model : int
        Width.
    **options
        Architecture options (see the module docstring and :func:`describe`): ``heads``,
        ``norm_first``, ``dropout`` (transformer); ``d_state`` (s4, mamba, mamba_neg, ids4);
        ``expand`` (mamba, mamba_neg); ``chunk`` (mamba, mamba_neg, ids4); ``bound`` (ids4);
        ``mode`` (s4, mamba, mamba_neg, ids4).

    Returns
    -------
    TokenTagger
        With ``model.spec`` holding every argument (what a checkpoint needs to rebuild it).

    Raises
    ------
    UnknownNameError
        An unknown ``arch``.
    BadParameterError
        A size below 1, an unknown option or mode, ``dropout`` outside ``[0, 1)``, or ``heads``
        not dividing ``d_model``.
    """
    architecture = get(arch)
    for value, what in ((vocab_size, "vocab_size"), (n_classes, "n_classes"), (layers, "layers"),
                        (d_model, "d_model")):
        _positive_int(value, what)
    allowed = architecture.options()
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise BadParameterError(
            f"unknown option(s) {unknown} for architecture {arch!r}; it accepts {sorted(allowed) or 'none'}"
        )
    for key in ("d_state", "expand", "heads", "chunk"):
        if options.get(key) is not None:
            _positive_int(options[key], key)
    if "mode" in options and options["mode"] not in modes(arch):
        raise BadParameterError(f"unknown mode {options['mode']!r} for {arch!r}; expected one of {list(modes(arch))}")
    if "dropout" in options:
        dropout = options["dropout"]
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
            raise BadParameterError(f"dropout must be a number in [0, 1), got {dropout!r}")
    for key in ("norm_first", "bound"):
        if key in options and not isinstance(options[key], bool):
            raise BadParameterError(f"{key} must be True or False, got {options[key]!r}")
    if arch == "transformer" and options.get("heads") and d_model % options["heads"]:
        raise BadParameterError(f"heads={options['heads']} must divide d_model={d_model}")
    spec = {"arch": arch, "vocab_size": vocab_size, "n_classes": n_classes, "layers": layers,
            "d_model": d_model, "options": dict(options)}
    return architecture.builder(spec, **options)


def describe() -> list[dict[str, Any]]:
    """One dict per architecture: ``name``, ``description``, ``options`` (defaults), ``modes``."""
    return [{"name": a.name, "description": a.description,
             "options": {k: v for k, v in a.options().items() if k != "mode"},
             "modes": list(modes(a.name))} for a in ARCHITECTURES.values()]


def _layers_with_modes(model: nn.Module) -> list[nn.Module]:
    return [m for m in model.modules() if hasattr(type(m), "MODES")]


_MODES_OF = {"s4": s4.S4DLayer.MODES, "mamba": mamba.MambaMixer.MODES,
             "mamba_neg": mamba.MambaMixer.MODES, "ids4": ids4.IDS4Layer.MODES}


def modes(arch: str) -> tuple[str, ...]:
    """Evaluation modes of ``arch``'s recurrence, the default (parallel) first; ``()`` if fixed.

    ``s4``: ``convolution``, ``sequential``; ``mamba``, ``mamba_neg``, ``ids4``: ``scan``,
    ``sequential``; the RNNs and the transformer have a single path.

    Raises
    ------
    UnknownNameError
        An unknown ``arch``.
    """
    get(arch)
    return tuple(_MODES_OF.get(arch, ()))


def set_mode(model: nn.Module, mode: str) -> nn.Module:
    """Switch every recurrent layer of ``model`` to ``mode`` (e.g. ``"sequential"``); returns ``model``.

    Raises
    ------
    BadParameterError
        If the model has no switchable layer or ``mode`` is not one of their modes.
    """
    layers = _layers_with_modes(model)
    if not layers:
        raise BadParameterError("this model has no recurrence with alternative evaluation modes")
    allowed = type(layers[0]).MODES
    if mode not in allowed:
        raise BadParameterError(f"unknown mode {mode!r}; this model's layers accept {list(allowed)}")
    for layer in layers:
        layer.mode = mode
    return model
