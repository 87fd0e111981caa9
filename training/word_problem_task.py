"""The ``word_problem`` sweep task: Merrill, Petty & Sabharwal 2024, §6 and Figure 3.

One cell trains one architecture at one depth on the word problem of one group at one word
length (tagging with prefix products; data from
:func:`statecheck.training.word_problem_data.word_problem_data`) and records the held-out
full-sequence accuracy. Figure 3 plots, per group, length and architecture, the minimum number
of layers whose held-out sequence accuracy exceeds ``depth_threshold`` (0.9 in the paper).
Cells are ordered with depth innermost, and :func:`settled` skips the deeper cells once a
shallower one of the same (group, length, architecture, seed, settings) succeeded.

Config (TOML; every key but ``task`` optional unless marked)::

    task = "word_problem"
    groups = ["Z60", "A4xZ5", "A5"]       # required; names for statecheck.theory.groups.get
    lengths = [2, 3, 4]                   # required; word lengths >= 1
    archs = ["rnn", "transformer"]        # required; statecheck.training.models.names()
    layers = [1, 2, 3]                    # required; depths >= 1, tried in increasing order
    seeds = [0]
    depth_threshold = 0.9                 # "solved" means val sequence accuracy > this
    [data]   samples, train_fraction
    [train]  lr, weight_decay, batch_size, max_steps, eval_every, target_accuracy, grad_clip
    [model]  d_model and architecture options (heads, d_state, ...)
    [arch.<name>]  per-architecture overrides of any [train] or [model] key
    [smoke]  the same keys (not task): replaces them for --smoke ([data], [train], [model],
             [arch.<name>] are merged key by key)
"""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path
from typing import Any

from statecheck.errors import BadParameterError, UnknownNameError
from statecheck.theory import groups as group_registry
from statecheck.training import models
from statecheck.training.device import device_name, environment
from statecheck.training.loop import TrainSettings, seed_everything, train_tagger
from statecheck.training.word_problem_data import word_problem_data

__all__ = ["TASK", "DATA_DEFAULTS", "MODEL_DEFAULTS", "expand", "run_cell", "settled", "report",
           "train_once", "TRAIN_KEYS"]

#: The task name (the config's ``task`` value).
TASK = "word_problem"

#: Defaults of the ``[data]`` table (also those of ``statecheck train``).
DATA_DEFAULTS: dict[str, Any] = {"samples": 10_000, "train_fraction": 0.8}

#: Defaults of the ``[model]`` table (also those of ``statecheck train``).
MODEL_DEFAULTS: dict[str, Any] = {"d_model": 64}

#: Keys of the ``[train]`` table (fields of :class:`~statecheck.training.loop.TrainSettings`).
TRAIN_KEYS: tuple[str, ...] = TrainSettings.keys()

_TOP_KEYS = ("task", "groups", "lengths", "archs", "layers", "seeds", "depth_threshold", "data", "train",
             "model", "arch", "smoke")
_REQUIRED = ("groups", "lengths", "archs", "layers")
_TABLES = ("data", "train", "model")


def _unknown(keys, allowed, where: str) -> None:
    extra = sorted(set(keys) - set(allowed))
    if extra:
        raise BadParameterError(f"unknown key(s) {extra} in {where}; expected some of {sorted(allowed)}")


def _int_list(config: dict, key: str, minimum: int) -> list[int]:
    values = config[key]
    if not isinstance(values, list) or not values:
        raise BadParameterError(f"{key} must be a non-empty list, got {values!r}")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise BadParameterError(f"{key} must hold integers >= {minimum}, got {value!r}")
    return sorted(set(values))


def _str_list(config: dict, key: str) -> list[str]:
    values = config[key]
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise BadParameterError(f"{key} must be a non-empty list of names, got {values!r}")
    return list(dict.fromkeys(values))


def _merge_smoke(config: dict) -> dict:
    smoke = config.get("smoke")
    if smoke is None:
        raise BadParameterError("--smoke needs a [smoke] table in the config")
    if not isinstance(smoke, dict):
        raise BadParameterError("smoke must be a table")
    _unknown(smoke, [k for k in _TOP_KEYS if k not in ("task", "smoke")], "[smoke]")
    merged = {k: v for k, v in config.items() if k != "smoke"}
    for key, value in smoke.items():
        if key in _TABLES and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        elif key == "arch" and isinstance(value, dict):
            arch_tables = {name: dict(table) for name, table in merged.get("arch", {}).items()}
            for name, table in value.items():
                arch_tables[name] = {**arch_tables.get(name, {}), **(table if isinstance(table, dict) else {})}
            merged["arch"] = arch_tables
        else:
            merged[key] = value
    return merged


def _arch_settings(config: dict, arch: str) -> tuple[dict, int, dict]:
    """``(train settings dict, d_model, model options)`` for ``arch`` after its overrides."""
    train = {**config.get("train", {})}
    model = {**MODEL_DEFAULTS, **config.get("model", {})}
    for key, value in config.get("arch", {}).get(arch, {}).items():
        (train if key in TRAIN_KEYS else model)[key] = value
    d_model = model.pop("d_model")
    settings = TrainSettings(**train).to_dict()  # validates values
    return settings, d_model, model


def expand(config: dict[str, Any], *, smoke: bool) -> list[dict[str, Any]]:
    """The cells of a word-problem config, depth innermost.

    Parameters
    ----------
    config : dict
        The parsed TOML (``task`` included); see the module docstring for its keys.
    smoke : bool
        Apply the ``[smoke]`` table first.

    Returns
    -------
    list of dict
        One cell per (seed, group, length, arch, layers), each with ``task``, those five values,
        ``depth_threshold``, ``d_model``, ``model_options``, ``data`` and ``train`` settings.

    Raises
    ------
    BadParameterError
        Unknown keys (named), missing required keys, lengths or layers < 1, bad settings.
    UnknownNameError
        An unknown group or architecture.
    """
    if config.get("task") != TASK:
        raise BadParameterError(f"this config's task is {config.get('task')!r}, not {TASK!r}")
    _unknown(config, _TOP_KEYS, "the config")
    if smoke:
        config = _merge_smoke(config)
    missing = [k for k in _REQUIRED if k not in config]
    if missing:
        raise BadParameterError(f"the config lacks the required key(s) {missing}")
    for table in (*_TABLES, "arch"):
        if not isinstance(config.get(table, {}), dict):
            raise BadParameterError(f"{table} must be a table")
    _unknown(config.get("data", {}), DATA_DEFAULTS, "[data]")
    _unknown(config.get("train", {}), TRAIN_KEYS, "[train]")
    group_names = [group_registry.get(name).name for name in _str_list(config, "groups")]
    archs = _str_list(config, "archs")
    for arch in archs:
        if arch not in models.names():
            raise UnknownNameError(f"unknown architecture {arch!r}; expected one of {models.names()}")
    _unknown(config.get("arch", {}), models.names(), "[arch]")
    lengths = _int_list(config, "lengths", 1)
    depths = _int_list(config, "layers", 1)
    seeds = _int_list(config, "seeds", 0) if "seeds" in config else [0]
    threshold = config.get("depth_threshold", 0.9)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise BadParameterError(f"depth_threshold must lie strictly between 0 and 1, got {threshold!r}")
    data = {**DATA_DEFAULTS, **config.get("data", {})}
    per_arch = {}
    for arch in archs:
        settings, d_model, options = _arch_settings(config, arch)
        models.build(arch, vocab_size=2, n_classes=2, layers=1, d_model=d_model, **options)  # validates
        per_arch[arch] = (settings, d_model, options)
    samples, fraction = data["samples"], data["train_fraction"]
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
        raise BadParameterError(f"[data] samples must be an integer >= 2, got {samples!r}")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction < 1:
        raise BadParameterError(f"[data] train_fraction must lie strictly between 0 and 1, got {fraction!r}")
    cells = []
    for seed in seeds:
        for group in group_names:
            for length in lengths:
                for arch in archs:
                    settings, d_model, options = per_arch[arch]
                    for depth in depths:
                        cells.append({"task": TASK, "group": group, "length": length, "arch": arch,
                                      "layers": depth, "seed": seed, "depth_threshold": float(threshold),
                                      "d_model": d_model, "model_options": options, "data": data,
                                      "train": settings})
    return cells


def _family(cell: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in cell.items() if k != "layers"}, sort_keys=True)


def settled(cell: dict[str, Any], finished: list[dict[str, Any]]) -> bool:
    """Whether a finished row of the same cell at a smaller depth already exceeded the threshold.

    Parameters
    ----------
    cell : dict
        A cell from :func:`expand`.
    finished : list of dict
        Rows already written (each carries its ``cell``).
    """
    family = _family(cell)
    return any(isinstance(row.get("cell"), dict) and row["cell"].get("layers", 0) < cell["layers"]
               and row.get("solved") and _family(row["cell"]) == family for row in finished)


@functools.lru_cache(maxsize=1)
def _cached_data(group: str, length: int, samples: int, train_fraction: float, seed: int):
    return word_problem_data(group, length, samples=samples, train_fraction=train_fraction, seed=seed)


def train_once(group: str, length: int, arch: str, layers: int, *, seed: int, device: str,
               d_model: int = MODEL_DEFAULTS["d_model"], settings: TrainSettings | None = None,
               samples: int = DATA_DEFAULTS["samples"],
               train_fraction: float = DATA_DEFAULTS["train_fraction"],
               model_options: dict[str, Any] | None = None,
               depth_threshold: float = 0.9) -> dict[str, Any]:
    """Train one model on one word problem and return its result row.

    The data set and the split are seeded by ``seed``, then the model initialisation (torch's
    global generator, seeded again by ``seed``) and the batch order.

    Returns
    -------
    dict
        ``task, group, length, arch, layers, seed, d_model, val_sequence_accuracy,
        val_token_accuracy, train_loss, steps, best_step, reached_target, solved`` (val sequence
        accuracy > ``depth_threshold``), ``depth_threshold, parameters, n_train, n_val,
        exhaustive, seconds`` (data + training wall time), ``device, device_name, environment``.
        Accuracies and losses are floats.

    Raises
    ------
    UnknownNameError
        Unknown group or architecture.
    BadParameterError
        Sizes below 1 or bad settings.
    """
    start = time.perf_counter()
    settings = settings or TrainSettings()
    options = dict(model_options or {})
    if arch not in models.names():
        raise UnknownNameError(f"unknown architecture {arch!r}; expected one of {models.names()}")
    data = _cached_data(group_registry.get(group).name, length, samples, train_fraction, seed)
    seed_everything(seed)
    model = models.build(arch, vocab_size=data.vocab_size, n_classes=data.n_classes, layers=layers,
                         d_model=d_model, **options)
    outcome = train_tagger(model, data.train, data.val, settings, device=device, seed=seed)
    return {
        "task": TASK, "group": data.group, "length": length, "arch": arch, "layers": layers,
        "seed": seed, "d_model": d_model,
        "val_sequence_accuracy": outcome.val_sequence_accuracy,
        "val_token_accuracy": outcome.val_token_accuracy,
        "train_loss": outcome.train_loss, "steps": outcome.steps, "best_step": outcome.best_step,
        "reached_target": outcome.reached_target,
        "solved": outcome.val_sequence_accuracy > depth_threshold, "depth_threshold": depth_threshold,
        "parameters": sum(p.numel() for p in model.parameters()),
        "n_train": len(data.train), "n_val": len(data.val), "exhaustive": data.exhaustive,
        "seconds": time.perf_counter() - start, "device": device, "device_name": device_name(device),
        "environment": environment(),
    }


def run_cell(cell: dict[str, Any], *, device: str) -> dict[str, Any]:
    """Run one cell of :func:`expand` on ``device``; the row of :func:`train_once` plus the cell."""
    row = train_once(cell["group"], cell["length"], cell["arch"], cell["layers"], seed=cell["seed"],
                     device=device, d_model=cell["d_model"], settings=TrainSettings(**cell["train"]),
                     samples=cell["data"]["samples"], train_fraction=cell["data"]["train_fraction"],
                     model_options=cell["model_options"], depth_threshold=cell["depth_threshold"])
    row["cell"] = cell
    return row


def report(records: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Figure-3-style plot and markdown table for word-problem rows (see
    :func:`statecheck.training.fig3_report.write_report`)."""
    from statecheck.training.fig3_report import write_report

    return write_report(records, Path(out_dir))


