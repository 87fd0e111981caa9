"""The ``language`` sweep task: trained models on formal languages against the theory's verdicts.

Protocols (:data:`PROTOCOLS`; each config names one):

- ``sarrof_suite`` — Sarrof, Veitsman & Hahn 2024, §5 / Fig. 5: the 27 languages of their suite
  (after Bhattamishra et al. 2020), predictive next-symbol task, per-language train lengths and
  test bins (:data:`statecheck.training.language_data.SUITE_PROTOCOL`); headline criterion:
  ``threshold`` (every position's thresholded set right); the paper's ``argmax`` is recorded too.
- ``flipflop`` — Liu et al. 2023 FFL(p), ``p`` = probability of ``i``; the learning curve of
  every bin is recorded (test error over training).
- ``bounded_dyck`` — Dyck(8, 10), train ≤ 700, test 701–1400; headline ``close_bracket``
  accuracy; every depth uses the **same** learning rates (the paper changed both together).
- ``grazzi_parity`` — Grazzi et al. 2025, Table 3, train 3–40, test 40–256, headline ``scaled``
  = (acc − chance)/(1 − chance) with chance = the majority-label frequency of that test set.
  Parity: uniformly random words (members and non-members); the label is the whole word's
  membership (the last position's ``$`` bit, criterion ``final``). Modular arithmetic without
  brackets (``mod_arith``, m = 5): members ``expression = value`` sampled as in Delétang et al.
  2023; the label is the value, read off the output just before it (criterion ``answer``).
  Training supervises every position's next-symbol set (Grazzi et al. supervise the final label
  only).

Config (TOML)::

    task = "language"
    protocol = "sarrof_suite"                  # required, one of PROTOCOLS
    languages = ["Parity", {name = "flipflop", params = {p_i = 0.98}, label = "FFL(0.98)"}]
    archs = ["mamba", "transformer", "lstm"]   # statecheck.training.models.names()
    layers = [1, 2, 3]
    d_model = [32]
    seeds = [0]
    lrs = [1e-3, 1e-4]                         # optional: one run per rate, every depth alike
    torch_threads = 0                          # 0: torch's default; 1 helps tiny models on CPU
    counterexample_length = 0                  # > 0: shortest counterexample search up to it
    checkpoint_dir = ""                        # non-empty: save every trained model there
    [data]   train_size, test_size, train_lengths = [lo, hi], bins = [[lo, hi], ...]
    [lengths."<label>"]  train = [lo, hi], bins = [[lo, hi], ...]   (per-language override)
    [train]  lr, weight_decay, batch_size, max_steps, eval_every, grad_clip
    [model]  architecture options (d_state, expand, heads, ...); each architecture gets those it accepts
    [smoke]  the same keys (not task/protocol): replace them for --smoke (tables merged key by key)

Every record (one per cell) holds the cell's keys, ``bins`` (per bin: ``lengths``, ``n``, every
criterion, ``primary``), ``curve``, ``theory`` (the classifier's class and the verdict for the
architecture), ``counterexample`` (or None), ``seconds``, ``device``, ``environment``.
"""

from __future__ import annotations

import functools
import itertools
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from statecheck.errors import BadParameterError, BudgetExceededError, UnknownNameError
from statecheck.training.language_data import (
    SUITE_PROTOCOL,
    encoding,
    make_split,
    random_word_split,
    resolve_language,
)
from statecheck.training.language_loop import (
    LanguageTrainSettings,
    evaluate_predictive,
    scaled_accuracy,
    train_predictive,
)

__all__ = ["TASK", "PROTOCOLS", "ARCH_VERDICT", "PUBLISHED", "GRAZZI_PUBLISHED", "expand", "run_cell", "report", "theory_for",
           "SUCCESS"]

#: The task name (the config's ``task`` value).
TASK = "language"

#: Accuracy at or above which a model "succeeds" on a bin (for the contradiction marks).
SUCCESS = 0.9

#: Protocol name -> defaults: languages, lengths (train, bins), words, headline metric, curve.
PROTOCOLS: dict[str, dict[str, Any]] = {
    "sarrof_suite": {"languages": list(SUITE_PROTOCOL), "lengths": None, "words": "members",
                     "metric": "threshold", "curve": False},
    "flipflop": {"languages": [{"name": "flipflop", "params": {"p_i": 0.8}, "label": "FFL(0.8)"},
                               {"name": "flipflop", "params": {"p_i": 0.98}, "label": "FFL(0.98)"}],
                 "lengths": ((2, 512), ((513, 1024),)), "words": "members", "metric": "threshold",
                 "curve": True},
    "bounded_dyck": {"languages": [{"name": "dyck", "params": {"k": 8, "h": 10}, "label": "Dyck(8,10)"}],
                     "lengths": ((2, 700), ((701, 1400),)), "words": "members",
                     "metric": "close_bracket", "curve": False},
    "grazzi_parity": {"languages": [{"name": "parity", "label": "parity"},
                                    {"name": "mod_arith", "params": {"modulus": 5},
                                     "label": "mod_arith(5)", "words": "members"}],
                      "lengths": ((3, 40), ((40, 256),)), "words": "random", "metric": "scaled",
                      "curve": False},
}

#: Harness architecture -> the classifier verdict that applies to it.
ARCH_VERDICT = {
    "mamba": "non-negative finite-precision SSM (Mamba-style)",
    "mamba_neg": "finite-precision diagonal SSM with gates in [-1, 1]",
    "transformer": "fixed-depth log-precision transformer / S4 / S6",
    "s4": "fixed-depth log-precision transformer / S4 / S6",
    "rnn": "one-layer RNN-SSM / WFA-SSM (IDS4)",
    "lstm": "one-layer RNN-SSM / WFA-SSM (IDS4)",
    "gru": "one-layer RNN-SSM / WFA-SSM (IDS4)",
    "ids4": "one-layer RNN-SSM / WFA-SSM (IDS4)",
}

#: Published accuracies (%) of Sarrof, Veitsman & Hahn 2024 per suite dataset: ``MambaN`` (N layers)
#: and ``transformer`` (Bhattamishra et al. 2020's figures), bins 1, 2[, 3] of the paper (bin 1 = the
#: training range). From their repository's ``visualisation/main_expt_results.xlsx`` as vendored in
#: ``tests/data/sarrof_2024_mamba_vs_transformer.csv``.
PUBLISHED: dict[str, dict[str, tuple[float, ...]]] = {
    'Dyck1': {
        'transformer': (100.0, 100.0, 100.0),
        'Mamba1': (100.0, 62.6, 13.91),
        'Mamba2': (100.0, 49.1, 9.5),
        'Mamba3': (100.0, 53.95, 10.0),
    },
    'Shuffle2': {
        'transformer': (100.0, 100.0, 93.0),
        'Mamba1': (100.0, 49.5, 2.3),
        'Mamba2': (100.0, 61.5, 8.2),
        'Mamba3': (100.0, 65.5, 9.7),
    },
    'Shuffle4': {
        'transformer': (100.0, 100.0, 98.8),
        'Mamba1': (100.0, 44.4, 4.3),
        'Mamba2': (100.0, 63.8, 7.2),
        'Mamba3': (100.0, 56.2, 7.8),
    },
    'Shuffle6': {
        'transformer': (100.0, 99.9, 94.0),
        'Mamba1': (100.0, 39.4, 3.4),
        'Mamba2': (100.0, 61.2, 6.75),
        'Mamba3': (100.0, 59.6, 9.85),
    },
    'Boolean3': {
        'transformer': (100.0, 100.0, 99.8),
        'Mamba1': (99.75, 65.7, 7.05),
        'Mamba2': (99.95, 47.25, 2.3),
        'Mamba3': (100.0, 73.45, 8.6),
    },
    'Boolean5': {
        'transformer': (100.0, 99.8, 99.0),
        'Mamba1': (99.9, 30.05, 7.6),
        'Mamba2': (100.0, 80.2, 14.9),
        'Mamba3': (99.25, 60.7, 6.25),
    },
    'anbn': {
        'transformer': (100.0, 100.0, 100.0),
        'Mamba1': (100.0, 4.1, 0.0),
        'Mamba2': (100.0, 9.4, 0.0),
        'Mamba3': (100.0, 21.3, 0.0),
    },
    'anbncn': {
        'transformer': (100.0, 100.0, 100.0),
        'Mamba1': (100.0, 0.0, 0.0),
        'Mamba2': (100.0, 7.6, 0.0),
        'Mamba3': (100.0, 5.1, 0.0),
    },
    'anbncndn': {
        'transformer': (100.0, 100.0, 99.4),
        'Mamba1': (100.0, 4.76, 0.0),
        'Mamba2': (100.0, 0.0, 0.0),
        'Mamba3': (100.0, 0.0, 0.0),
    },
    'Tomita-1': {
        'transformer': (100.0, 100.0),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    'Tomita-4': {
        'transformer': (100.0, 92.4),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    'Tomita-7': {
        'transformer': (100.0, 100.0),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    'Tomita-2': {
        'transformer': (100.0, 100.0),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    'AAStarBBStarCCStarDDStarEEStar': {
        'transformer': (100.0, 100.0),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    'ABStar_D_BCStar': {
        'transformer': (100.0, 100.0),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    '012Star_0_2Star': {
        'transformer': (100.0, 68.7),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    'D-2': {
        'transformer': (74.6, 3.1),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    'D-3': {
        'transformer': (80.9, 8.5),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    'D-4': {
        'transformer': (90.2, 3.3),
        'Mamba1': (100.0, 100.0),
        'Mamba2': (100.0, 100.0),
        'Mamba3': (100.0, 100.0),
    },
    'D-12': {
        'transformer': (95.18, 1.5),
        'Mamba1': (93.65, 93.35),
        'Mamba2': (99.9, 95.55),
        'Mamba3': (99.99, 99.85),
    },
    'Parity': {
        'transformer': (68.7, 0.0),
        'Mamba1': (26.95, 0.0),
        'Mamba2': (80.05, 4.15),
        'Mamba3': (91.15, 16.7),
    },
    'AAStar': {
        'transformer': (100.0, 0.0),
        'Mamba1': (2.1, 0.0),
        'Mamba2': (2.1, 0.0),
        'Mamba3': (4.2, 0.0),
    },
    'AAAAStar': {
        'transformer': (100.0, 0.0),
        'Mamba1': (0.0, 0.0),
        'Mamba2': (0.0, 0.0),
        'Mamba3': (4.0, 0.0),
    },
    'ABABStar': {
        'transformer': (100.0, 2.5),
        'Mamba1': (0.0, 0.0),
        'Mamba2': (0.0, 0.0),
        'Mamba3': (0.0, 0.0),
    },
    'Tomita-3': {
        'transformer': (75.4, 10.8),
        'Mamba1': (25.99, 12.49),
        'Mamba2': (36.88, 17.05),
        'Mamba3': (60.85, 29.37),
    },
    'Tomita-5': {
        'transformer': (29.3, 0.0),
        'Mamba1': (15.94, 0.0),
        'Mamba2': (34.5, 0.0),
        'Mamba3': (38.4, 0.0),
    },
    'Tomita-6': {
        'transformer': (88.8, 0.0),
        'Mamba1': (7.2, 0.0),
        'Mamba2': (37.8, 0.0),
        'Mamba3': (54.56, 0.04),
    },
}

_TOP_KEYS = ("task", "protocol", "languages", "archs", "layers", "d_model", "seeds", "lrs", "torch_threads",
             "counterexample_length", "checkpoint_dir", "data", "lengths", "train", "model", "smoke", "description")
_TABLES = ("data", "train", "model", "lengths")
_DATA_KEYS = ("train_size", "test_size", "train_lengths", "bins")
_DEFAULTS = {"archs": ["mamba", "transformer", "lstm"], "layers": [1], "d_model": [32], "seeds": [0],
             "torch_threads": 0, "counterexample_length": 0}


# --------------------------------------------------------------------------- config -> cells
def _unknown(keys, allowed, where: str) -> None:
    extra = sorted(set(keys) - set(allowed))
    if extra:
        raise BadParameterError(f"unknown key(s) {extra} in {where}; expected some of {sorted(allowed)}")


def _int_list(value: Any, key: str, minimum: int) -> list[int]:
    if not isinstance(value, list) or not value:
        raise BadParameterError(f"{key} must be a non-empty list, got {value!r}")
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or item < minimum:
            raise BadParameterError(f"{key} must hold integers >= {minimum}, got {item!r}")
    return list(dict.fromkeys(value))


def _range(value: Any, what: str) -> list[int]:
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or value[0] < 0 or value[1] < value[0]):
        raise BadParameterError(f"{what} must be [lo, hi] with 0 <= lo <= hi, got {value!r}")
    return [int(value[0]), int(value[1])]


def _merge_smoke(config: dict) -> dict:
    smoke = config.get("smoke")
    if not isinstance(smoke, dict):
        raise BadParameterError("--smoke needs a [smoke] table in the config")
    _unknown(smoke, [k for k in _TOP_KEYS if k not in ("task", "protocol", "smoke")], "[smoke]")
    merged = {k: v for k, v in config.items() if k != "smoke"}
    for key, value in smoke.items():
        if key in _TABLES and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def _language_entry(entry: Any) -> tuple[str, dict, str]:
    """``(catalogue-or-suite name, params, label)`` of one ``languages`` item."""
    if isinstance(entry, str):
        return entry, {}, entry
    if isinstance(entry, dict):
        _unknown(entry, ("name", "params", "label", "words"), "a languages entry")
        if entry.get("words", "members") not in ("members", "random"):
            raise BadParameterError(f"words of {entry['name']!r} must be 'members' or 'random', "
                                    f"got {entry['words']!r}")
        if not isinstance(entry.get("name"), str):
            raise BadParameterError(f"a languages entry needs a name, got {entry!r}")
        params = entry.get("params", {})
        if not isinstance(params, dict):
            raise BadParameterError(f"params of {entry['name']!r} must be a table, got {params!r}")
        language = resolve_language(entry["name"], params)
        return entry["name"], dict(params), str(entry.get("label", language.label))
    raise BadParameterError(f"a languages entry must be a name or a table, got {entry!r}")


def _lengths_for(protocol: dict, label: str, name: str, config: dict) -> tuple[list[int], list[list[int]]]:
    data = config.get("data", {})
    per = config.get("lengths", {}).get(label, {})
    _unknown(per, ("train", "bins"), f"[lengths.{label!r}]")
    if protocol["lengths"] is not None:
        train, bins = protocol["lengths"]
    elif name in SUITE_PROTOCOL:
        train, bins = SUITE_PROTOCOL[name].train, SUITE_PROTOCOL[name].bins
    else:
        train, bins = None, None
    train = per.get("train", data.get("train_lengths", train))
    bins = per.get("bins", data.get("bins", bins))
    if train is None or bins is None:
        raise BadParameterError(f"{label!r} is not a suite dataset: give its lengths in [lengths.{label!r}]")
    if not isinstance(bins, (list, tuple)) or not bins:
        raise BadParameterError(f"bins of {label!r} must be a non-empty list of [lo, hi], got {bins!r}")
    train = _range(train, f"train lengths of {label!r}")
    return train, [train, *(_range(b, f"a bin of {label!r}") for b in bins)]


def expand(config: dict[str, Any], *, smoke: bool) -> list[dict[str, Any]]:
    """The cells of a language config (language outermost, then arch, layers, width, seed).

    Raises
    ------
    BadParameterError
        Unknown keys (named), malformed values, a bin without members.
    UnknownNameError
        An unknown protocol, language or architecture.
    """
    from statecheck.training import models
    from statecheck.training.language_data import check_bin

    if not isinstance(config, dict):
        raise BadParameterError("a config must be a table")
    _unknown(config, _TOP_KEYS, "the config")
    if smoke:
        config = _merge_smoke(config)
    for table in _TABLES:
        if not isinstance(config.get(table, {}), dict):
            raise BadParameterError(f"[{table}] must be a table")
    _unknown(config.get("data", {}), _DATA_KEYS, "[data]")
    _unknown(config.get("train", {}), LanguageTrainSettings.keys(), "[train]")
    name = config.get("protocol")
    if name not in PROTOCOLS:
        raise UnknownNameError(f"unknown protocol {name!r}; expected one of {list(PROTOCOLS)}")
    protocol = PROTOCOLS[name]
    settings = LanguageTrainSettings(**config.get("train", {})).to_dict()
    options = dict(config.get("model", {}))
    archs = config.get("archs", _DEFAULTS["archs"])
    if not isinstance(archs, list) or not archs:
        raise BadParameterError(f"archs must be a non-empty list, got {archs!r}")
    accepted = {arch: set(models.get(arch).options()) for arch in models.names()}
    stray = sorted(k for k in options if not any(k in a for a in accepted.values()))
    if stray:
        raise BadParameterError(f"unknown [model] option(s) {stray}: no architecture accepts them")
    for arch in archs:
        models.get(arch)
    layers = _int_list(config.get("layers", _DEFAULTS["layers"]), "layers", 1)
    widths = _int_list(config.get("d_model", _DEFAULTS["d_model"]), "d_model", 1)
    seeds = _int_list(config.get("seeds", _DEFAULTS["seeds"]), "seeds", 0)
    lrs = config.get("lrs", [settings["lr"]])
    if not isinstance(lrs, list) or not lrs:
        raise BadParameterError(f"lrs must be a non-empty list of numbers, got {lrs!r}")
    lr_settings = [LanguageTrainSettings(**{**settings, "lr": lr}).to_dict() for lr in lrs]
    threads = config.get("torch_threads", 0)
    search = config.get("counterexample_length", 0)
    for value, key in ((threads, "torch_threads"), (search, "counterexample_length")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise BadParameterError(f"{key} must be an integer >= 0, got {value!r}")
    checkpoint_dir = config.get("checkpoint_dir", "")
    if not isinstance(checkpoint_dir, str):
        raise BadParameterError(f"checkpoint_dir must be a string (a folder), got {checkpoint_dir!r}")
    data = config.get("data", {})
    languages = config.get("languages", protocol["languages"])
    if not isinstance(languages, list) or not languages:
        raise BadParameterError(f"languages must be a non-empty list, got {languages!r}")
    cells = []
    for entry in languages:
        lang_name, params, label = _language_entry(entry)
        language = resolve_language(lang_name, params)
        train, bins = _lengths_for(protocol, label, lang_name, config)
        words = entry.get("words", protocol["words"]) if isinstance(entry, dict) else protocol["words"]
        if words == "members":
            for lo_hi in bins:  # a bin the sampler cannot fill is an error before any work
                check_bin(language, tuple(lo_hi))
        suite = SUITE_PROTOCOL.get(lang_name)
        train_size = data.get("train_size", suite.train_size if suite else 10_000)
        test_size = data.get("test_size", suite.test_size if suite else 2_000)
        for key, value in (("train_size", train_size), ("test_size", test_size)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise BadParameterError(f"{key} must be an integer >= 1, got {value!r}")
        for arch in archs:
            for lr_setting in lr_settings:
                for depth, width, seed in itertools.product(layers, widths, seeds):
                    cells.append({
                        "protocol": name, "language": label, "language_name": language.name,
                        "language_params": dict(language.params), "words": words,
                        "train_lengths": train, "bins": bins, "train_size": train_size,
                        "test_size": test_size, "arch": arch, "layers": depth, "d_model": width,
                        "model_options": {k: v for k, v in options.items() if k in accepted[arch]},
                        "seed": seed, "train": lr_setting, "metric": protocol["metric"],
                        "curve": protocol["curve"], "torch_threads": threads,
                        "counterexample_length": search, "checkpoint_dir": checkpoint_dir,
                    })
    return cells


# --------------------------------------------------------------------------- theory
@functools.lru_cache(maxsize=256)
def _classification(name: str, params_items: tuple) -> dict:
    from statecheck.theory.algebra import classify

    language = resolve_language(name, dict(params_items))
    try:
        info = classify(language).to_dict()
    except BudgetExceededError:
        if name != "dyck":
            raise
        # Bounded Dyck is star-free (Sarrof et al. 2024, Thm 6 builds a two-layer non-negative
        # SSM for it); its DFA (~k^h states) is too large for the classifier here.
        info = {"class": "AC0", "star_free": True, "monoid_size": None, "family": "star-free",
                "verdicts": [
                    {"architecture": ARCH_VERDICT["mamba"], "expressible": True,
                     "source": "Sarrof, Veitsman & Hahn 2024, Thm 6 (two-layer SSM for bounded Dyck)"},
                    {"architecture": ARCH_VERDICT["mamba_neg"], "expressible": True,
                     "source": "Sarrof, Veitsman & Hahn 2024, Thm 6 ([0,1] ⊂ [-1,1])"},
                    {"architecture": ARCH_VERDICT["transformer"], "expressible": "open",
                     "source": "in AC0 ⊆ TC0: the TC0 bound does not exclude it"},
                    {"architecture": ARCH_VERDICT["lstm"], "expressible": True,
                     "source": "Merrill, Petty & Sabharwal 2024, Thm 5.1/5.2: every regular language"}],
                "reason": "bounded Dyck is star-free (classified by theorem, not by the monoid)"}
    info.setdefault("family", language.family)
    return info


def theory_for(name: str, params: dict, arch: str) -> dict:
    """The classifier's class of a language and the verdict for ``arch``.

    Returns ``{"family", "class", "star_free", "monoid_size", "verdict_architecture",
    "expressible" (True / False / "open"), "source"}``.
    """
    info = _classification(name, tuple(sorted(params.items())))
    verdict_name = ARCH_VERDICT.get(arch)
    verdict = next((v for v in info["verdicts"] if v["architecture"] == verdict_name), None)
    return {"family": info.get("family"), "class": info.get("class"), "star_free": info.get("star_free"),
            "monoid_size": info.get("monoid_size"), "verdict_architecture": verdict_name,
            "expressible": None if verdict is None else verdict["expressible"],
            "source": None if verdict is None else verdict["source"]}


# --------------------------------------------------------------------------- one cell
def _environment(device: str) -> dict:
    name = torch.cuda.get_device_name(0) if device == "cuda" else (platform.processor() or platform.machine())
    return {"python": sys.version.split()[0], "torch": torch.__version__, "numpy": np.__version__,
            "device_name": name, "threads": torch.get_num_threads()}


def _splits(cell: dict, language) -> tuple[Any, list]:
    make = make_split if cell["words"] == "members" else random_word_split
    seed = cell["seed"]
    train = make(language, tuple(cell["train_lengths"]), cell["train_size"], np.random.default_rng([seed, 0]))
    tests = [make(language, tuple(b), cell["test_size"], np.random.default_rng([seed, 1 + i]))
             for i, b in enumerate(cell["bins"])]
    return train, tests


def run_cell(cell: dict[str, Any], *, device: str) -> dict[str, Any]:
    """Train one model on one language and evaluate it on every bin; one JSON-ready record."""
    from statecheck.training import models
    from statecheck.training.counterexample import find_counterexample, model_predictor

    start = time.perf_counter()
    threads_before = torch.get_num_threads()
    if cell.get("torch_threads"):
        torch.set_num_threads(cell["torch_threads"])
    try:
        language = resolve_language(cell["language_name"], cell["language_params"])
        coding = encoding(language)
        train, tests = _splits(cell, language)
        random.seed(cell["seed"])
        torch.manual_seed(cell["seed"])
        model = models.build(cell["arch"], vocab_size=coding.vocab_size, n_classes=coding.n_classes,
                             layers=cell["layers"], d_model=cell["d_model"], **cell["model_options"])
        settings = LanguageTrainSettings(**cell["train"])
        curve_splits = {f"bin{i}": s for i, s in enumerate(tests)} if cell["curve"] else {"bin0": tests[0]}
        run = train_predictive(model, train, settings, device=device, seed=cell["seed"],
                               curve_splits=curve_splits)
        closes = [i for i, c in enumerate(coding.classes) if c.startswith(")")] \
            if cell["metric"] == "close_bracket" else None
        bins = []
        for i, (lengths, split) in enumerate(zip(cell["bins"], tests, strict=True)):
            scores = evaluate_predictive(model, split, device=device, close_classes=closes)
            entry = {"bin": i, "lengths": lengths, "n": len(split), **scores}
            if cell["words"] == "random":
                members = float(split.targets[torch.arange(len(split)), split.mask.sum(1) - 1, -1].mean())
                entry["chance"] = max(members, 1 - members)
                entry["scaled"] = scaled_accuracy(scores["final"], entry["chance"])
            elif cell["metric"] == "scaled":  # members: the label is the last symbol (the answer)
                last = split.mask.sum(1) - 2
                labels = split.targets[torch.arange(len(split)), last.clamp_min(0)].argmax(-1)
                entry["chance"] = float(torch.bincount(labels).max()) / len(split)
                entry["scaled"] = scaled_accuracy(scores["answer"], entry["chance"])
            entry["primary"] = entry[cell["metric"]]
            bins.append(entry)
        checkpoint = None
        if cell.get("checkpoint_dir"):
            from statecheck.training.counterexample import save_checkpoint

            stem = "-".join(str(x) for x in (cell["language"], cell["arch"], f"L{cell['layers']}",
                                             f"d{cell['d_model']}", f"lr{cell['train']['lr']:g}", f"s{cell['seed']}"))
            safe = "".join(ch if ch.isalnum() or ch in "-_.()" else "_" for ch in stem)
            checkpoint = str(save_checkpoint(Path(cell["checkpoint_dir"]) / f"{safe}.pt", model,
                                             language=language, params={"cell": cell}))
        counterexample = None
        if cell["counterexample_length"]:
            found = find_counterexample(model_predictor(model, language, device=device), language,
                                        max_length=cell["counterexample_length"], max_words=20_000)
            counterexample = found.to_dict()
        return {"task": TASK, **cell, "bins": bins, "curve": run["curve"], "final_loss": run["final_loss"],
                "parameters": sum(p.numel() for p in model.parameters()),
                "theory": theory_for(cell["language_name"], cell["language_params"], cell["arch"]),
                "counterexample": counterexample, "checkpoint": checkpoint, "seconds": time.perf_counter() - start,
                "device": device, "environment": _environment(device)}
    finally:
        torch.set_num_threads(threads_before)


# --------------------------------------------------------------------------- report
_MARK_ABOVE = "▲"
_MARK_BELOW = "▼"


def _word(word: list[str], limit: int = 24) -> str:
    """A word for a table cell: space-separated, ``ε`` when empty, elided past ``limit`` symbols."""
    if not word:
        return "ε"
    if len(word) <= limit:
        return " ".join(word)
    return " ".join(word[:limit]) + " …"


def _fmt(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def _show(value, metric: str) -> str:
    """A headline value as the report prints it: % for accuracies, a fraction for ``scaled``."""
    if metric == "scaled":
        return "—" if value is None else f"{value:.3f}"
    return _fmt(value)


def _best(records: list[dict]) -> dict:
    """Of several runs of one configuration, the one with the best bin-0 headline accuracy."""
    return max(records, key=lambda r: (r["bins"][0]["primary"] or 0.0, -(r.get("seed") or 0)))


def _mark(record: dict) -> str | None:
    """``"above"``: theory says not expressible, yet every bin ≥ SUCCESS; ``"below"``: expressible,
    yet some bin < SUCCESS; None otherwise (including verdict "open")."""
    expressible = record["theory"]["expressible"]
    scores = [b["primary"] for b in record["bins"] if b["primary"] is not None]
    if not scores:
        return None
    if expressible is False and min(scores) >= SUCCESS:
        return "above"
    if expressible is True and min(scores) < SUCCESS:
        return "below"
    return None


def _explain(record: dict, kind: str) -> str:
    unit = "" if record["metric"] == "scaled" else "%"
    bins = ", ".join(f"bin {b['bin']} (lengths {b['lengths'][0]}–{b['lengths'][1]}): "
                     f"{_show(b['primary'], record['metric'])}{unit}" for b in record["bins"])
    theory = record["theory"]
    who = f"{record['arch']} ({record['layers']} layer{'s' if record['layers'] > 1 else ''}, d={record['d_model']})"
    if kind == "above":
        text = (f"**{record['language']} / {who}** — the theory says *not expressible* "
                f"({theory['verdict_architecture']}: {theory['source']}), yet {bins}. The theorem is about "
                "every length at finite precision: a test range that ends at a finite length can sit inside "
                "what the trained float model's precision still separates (Sarrof et al. Thm 2 predicts failure "
                "only eventually), or the verdict's architecture class does not cover the trained model exactly.")
    else:
        learned = (record["bins"][0]["primary"] or 0.0) >= SUCCESS
        what = ("It learned the training range but did not carry the rule to longer words"
                if learned else "It did not even fit the training range")
        text = (f"**{record['language']} / {who}** — the theory says *expressible* "
                f"({theory['verdict_architecture']}: {theory['source']}), yet {bins}. {what}. Expressibility "
                "is an existence statement about some weights (for some depth; the verdict is not per depth); "
                "it says nothing about whether this size, step budget "
                f"({record['train']['max_steps']} steps, {record['train_size']} strings) and learning rate "
                f"({record['train']['lr']}) find them, nor that training picks the length-general solution.")
    ce = record.get("counterexample")
    if ce and ce.get("counterexample"):
        c = ce["counterexample"]
        where = ("the shortest among every valid prefix up to length" if c["length"] <= ce["exhaustive_length"]
                 else "none among every valid prefix up to length")
        found_in = "" if c["length"] <= ce["exhaustive_length"] else "; found in a targeted long word"
        text += (f" Counterexample ({where} {ce['exhaustive_length']}{found_in}): after `{_word(c['word'])}` "
                 f"({c['length']} symbols) the language allows {c['expected']}, the model predicts "
                 f"{c['predicted']}.")
    return text


#: Grazzi et al. 2025, Table 3: scaled accuracy, best of 3 seeds, train 3–40, test 40–256 (one
#: test bin). ``mamba`` ↦ their Mamba [0, 1], ``mamba_neg`` ↦ Mamba [−1, 1], ``lstm`` ↦ their
#: sLSTM (not the same cell), ``transformer`` ↦ Transformer. From ``../shared/reference``.
GRAZZI_PUBLISHED: dict[str, dict[str, float]] = {
    "parity": {"transformer": 0.022, "lstm": 1.000, "mamba": 0.000, "mamba_neg": 1.000},
    "mod_arith(5)": {"transformer": 0.031, "lstm": 0.787, "mamba": 0.095, "mamba_neg": 0.241},
}


def _published(record: dict) -> str:
    """The paper's numbers for this language and architecture (``"—"`` if none)."""
    if record["protocol"] == "grazzi_parity":
        value = GRAZZI_PUBLISHED.get(record["language"], {}).get(record["arch"])
        return "—" if value is None else f"{value:.3f} (scaled)"
    if record["protocol"] != "sarrof_suite":
        return "—"
    key = f"Mamba{record['layers']}" if record["arch"] == "mamba" else record["arch"]
    values = PUBLISHED.get(record["language"], {}).get(key)
    return "—" if values is None else " / ".join(f"{v:g}" for v in values)


def _figure(rows: list[dict], path: Path) -> Path:
    """Sarrof Fig. 5 style: mean headline accuracy by language family, in- vs out-of-distribution."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    families = [f for f in ("star-free", "non-star-free", "counter") if any(r["theory"]["family"] == f for r in rows)]
    families += sorted({r["theory"]["family"] for r in rows} - set(families) - {None})
    configs = sorted({(r["arch"], r["layers"]) for r in rows})
    fig, axes = plt.subplots(1, max(1, len(families)), figsize=(4 * max(1, len(families)), 3.4), squeeze=False)
    for ax, family in zip(axes[0], families, strict=False):
        chosen = [r for r in rows if r["theory"]["family"] == family]
        for j, (arch, layers) in enumerate(configs):
            mine = [r for r in chosen if (r["arch"], r["layers"]) == (arch, layers)]
            if not mine:
                continue
            ind = np.mean([r["bins"][0]["primary"] or 0.0 for r in mine])
            ood = np.mean([r["bins"][-1]["primary"] or 0.0 for r in mine])
            ax.bar([j - 0.2], [100 * ind], width=0.4, color="tab:blue", label="in distribution" if j == 0 else None)
            ax.bar([j + 0.2], [100 * ood], width=0.4, color="tab:orange", label="longest bin" if j == 0 else None)
        ax.set_xticks(range(len(configs)), [f"{a}\n{n}L" for a, n in configs], fontsize=7)
        ax.set_ylim(0, 105)
        ax.set_title(f"{family} ({len({r['language'] for r in chosen})} languages)", fontsize=9)
        ax.set_ylabel("accuracy (%)")
    axes[0][0].legend(fontsize=7, loc="lower left")
    fig.suptitle(f"{rows[0]['protocol']}: mean headline accuracy by language class", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _curve_figure(rows: list[dict], path: Path) -> Path | None:
    """Test error over training for every run with a multi-bin learning curve (flip-flop)."""
    with_curves = [r for r in rows if r.get("curve") and any("bin1" in p for p in r["curve"])]
    if not with_curves:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.6))
    for r in with_curves:
        steps = [p["step"] for p in r["curve"]]
        for key, style in (("bin0", "-"), ("bin1", "--")):
            ax.plot(steps, [100 * (1 - p[key]) for p in r["curve"]], style,
                    label=f"{r['language']} {r['arch']} {r['layers']}L {key}")
    ax.set_xlabel("training step")
    ax.set_ylabel("test error (%)")
    ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_report(records: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Write ``language_report.md``, ``language_classes.png`` and (with curves) ``language_curves.png``."""
    from statecheck.cli_support import atomic_write

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not records:
        raise BadParameterError("no language records to report")
    groups: dict[tuple, list[dict]] = {}
    for r in records:
        groups.setdefault((r["protocol"], r["language"], r["arch"], r["layers"], r["train"]["lr"]), []).append(r)
    rows = [_best(runs) | {"runs": len(runs)} for runs in groups.values()]
    order = {name: i for i, name in enumerate(list(SUITE_PROTOCOL))}
    rows.sort(key=lambda r: (r["protocol"], order.get(r["language"], 99), r["language"], r["arch"], r["layers"]))
    most_bins = max(len(r["bins"]) for r in rows)
    lines = ["# Formal languages: theory vs observed", "",
             "Generated by `statecheck report` from the `language` task's JSONL rows. Accuracy is the protocol's "
             "headline criterion in % (`threshold`: a string counts only if every position's next-symbol set is "
             "right after a 0.5 threshold; `close_bracket`; `scaled` = (acc − chance)/(1 − chance), printed as a "
             "fraction), best run of each configuration by bin 0 "
             "(`runs` = runs pooled). Bin 0 = held-out strings in the training range; higher bins are longer.",
             "", f"Marks: {_MARK_ABOVE} observed beyond the theory (verdict *not expressible*, every bin ≥ "
             f"{100 * SUCCESS:.0f}%); {_MARK_BELOW} observed below the theory (verdict *expressible*, some bin < "
             f"{100 * SUCCESS:.0f}%). Each is explained under *Contradictions*.", ""]
    sizes = sorted({(r["train_size"], r["test_size"], r["train"]["max_steps"], r["d_model"]) for r in rows})
    devices = sorted({f"{r['device']} ({r['environment'].get('device_name', '')})" for r in rows})
    lines += [f"Run size (train strings, test strings per bin, steps, width): {sizes}; device: {devices}. "
              "Compare with the papers only at their sizes (10k training strings, 2k test strings per bin, "
              "widths 16–256, many epochs, on GPU).", ""]
    header = ["protocol", "language", "family", "class", "monoid", "arch", "layers", "lr", "verdict", "metric"] + \
        [f"bin {i}" for i in range(most_bins)] + ["argmax bin 0 / last", "paper (bins)", "runs", "mark",
                                                  "counterexample"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    contradictions = []
    for r in rows:
        kind = _mark(r)
        mark = {"above": _MARK_ABOVE, "below": _MARK_BELOW}.get(kind, "")
        if kind:
            contradictions.append(_explain(r, kind))
        ce = r.get("counterexample") or {}
        ce_text = ""
        if ce.get("counterexample"):
            found = ce["counterexample"]
            ce_text = f"`{_word(found['word'])}` ({found['length']})"
        elif ce:
            ce_text = f"none ≤ {ce['exhaustive_length']}"
        theory = r["theory"]
        verdict = {True: "yes", False: "no", "open": "open", None: "—"}[theory["expressible"]]
        cells = [r["protocol"], r["language"], theory["family"] or "", theory["class"] or "",
                 str(theory["monoid_size"] or "—"), r["arch"], str(r["layers"]), f"{r['train']['lr']:g}", verdict,
                 r["metric"]]
        cells += [_show(r["bins"][i]["primary"], r["metric"]) if i < len(r["bins"]) else ""
                  for i in range(most_bins)]
        cells += [f"{_fmt(r['bins'][0].get('argmax'))} / {_fmt(r['bins'][-1].get('argmax'))}", _published(r),
                  str(r["runs"]), mark, ce_text]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Contradictions", ""]
    lines += [f"- {text}" for text in contradictions] or ["None at this size."]
    lines += ["", "## Notes", "",
              "- Verdicts come from `statecheck.theory.algebra.classify` (Dyck(8,10): by Sarrof et al. Thm 6, its "
              "DFA being too large): `mamba` ↦ non-negative finite-precision SSM (Sarrof et al. Thm 2, 4), "
              "`mamba_neg` ↦ gates in [−1, 1] (Grazzi et al. 2025), `transformer`/`s4` ↦ fixed-depth "
              "log-precision TC0 models (Merrill et al. §4; mostly *open*), `rnn`/`lstm`/`gru`/`ids4` ↦ "
              "one-layer RNN-SSM / WFA-SSM (Merrill et al. Thm 5.1–5.2; LSTM/GRU are mapped there because "
              "finite-precision nonlinear RNNs also simulate any DFA).",
              "- The paper's `argmax` criterion compares the argmax of the output with the argmax of the "
              "multi-hot target (ties → the lowest class). With this package's full multi-hot targets "
              "(every legal symbol) it is degenerate wherever several symbols are legal, e.g. parity's "
              "`{0, 1}` at every position; their repository encodes fewer bits per language.",
              "- `paper (bins)`: Sarrof et al.'s published accuracy for the same suite language and "
              "architecture (`mamba` with N layers ↦ their MambaN; `transformer` ↦ Bhattamishra et al.'s "
              "figures), their bins 1, 2[, 3] — their length ranges, which a scaled-down run does not share. "
              "For `grazzi_parity`: Grazzi et al. 2025 Table 3's scaled test accuracy (best of 3; `lstm` ↦ "
              "their sLSTM, a different cell; their modular-arithmetic models have 3 layers).",
              "- Counterexamples are bounded: every valid prefix up to the stated length, then targeted long "
              "words (one per reachable state); never a proof at all lengths."]
    paths = []
    md = out_dir / "language_report.md"
    with atomic_write(md) as handle:
        handle.write("\n".join(lines) + "\n")
    paths.append(md)
    suite_like = ([r for r in rows if r["protocol"] == "sarrof_suite"]
                  or [r for r in rows if r["metric"] == "threshold"] or rows)
    paths.append(_figure(suite_like, out_dir / "language_classes.png"))
    curves = _curve_figure(rows, out_dir / "language_curves.png")
    if curves is not None:
        paths.append(curves)
    return paths


def report(records: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """The theory-vs-observed page (``language_report.md``) and figures; returns the paths written.

    One table row per (protocol, language, architecture, depth), the best run by bin-0 accuracy;
    the classifier's family, class and monoid size and the verdict for the architecture beside the
    accuracy per length bin; contradiction cells marked and explained; a Sarrof-Fig-5-style figure
    (``language_classes.png``) and, for flip-flop curves, ``language_curves.png``.

    Raises
    ------
    BadParameterError
        No record of this task.
    """
    return write_report([r for r in records if r.get("task") == TASK], Path(out_dir))
