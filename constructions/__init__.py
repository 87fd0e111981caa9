"""Hand-weighted models and reductions, each checked exactly against its reference.

SSM constructions of Sarrof, Veitsman & Hahn (2024) and Grazzi et al. (2025): ``flipflop_ssm``,
``dyck_ssm``, ``dyck1_ssm``, ``shuffle_dyck_ssm``, ``anbn_ssm``, ``anbncn_ssm``, ``parity_ssm``,
``mod_counter_ssm`` and the non-negative impossibility (``parity_counterexample``,
``mod_counterexample``). Automaton constructions of Merrill, Petty & Sabharwal (2024):
``wfa_ssm`` (Thm 5.2), ``minsky_rnn`` (Thm 5.1), ``reduce_to_python`` (Fig 1); the modules
``chess`` (Prop 3.3), ``barrington`` and ``shortcuts`` (Liu et al. 2023).

The SSM constructions are imported here (their modules share the functions' names and load no
torch); the others lazily, so that ``import statecheck.constructions`` stays light.
"""

from __future__ import annotations

import importlib

from statecheck.constructions.anbn_ssm import anbn_ssm
from statecheck.constructions.anbncn_ssm import anbncn_ssm
from statecheck.constructions.dyck1_ssm import dyck1_ssm
from statecheck.constructions.dyck_ssm import dyck_ssm
from statecheck.constructions.flipflop_ssm import flipflop_ssm
from statecheck.constructions.nonnegative_impossibility import (
    mod_counterexample,
    parity_counterexample,
)
from statecheck.constructions.parity_ssm import mod_counter_ssm, parity_ssm
from statecheck.constructions.shuffle_dyck_ssm import shuffle_dyck_ssm
from statecheck.constructions.ssm import SSMLayer, SSMStack

#: Names whose module differs from the name, imported on first use.
_LAZY = {
    "wfa_ssm": "wfa",
    "minsky_rnn": "minsky",
    "reduce_to_python": "python_reduction",
    "solvable_cascade": "shortcut_cascade",
    "shortcut_states": "shortcut_parallel",
}

__all__ = [
    "SSMLayer", "SSMStack", "anbn_ssm", "anbncn_ssm", "dyck1_ssm", "dyck_ssm", "flipflop_ssm",
    "minsky_rnn", "mod_counter_ssm", "mod_counterexample", "parity_counterexample", "parity_ssm",
    "reduce_to_python", "shortcut_states", "shuffle_dyck_ssm", "solvable_cascade", "wfa_ssm",
]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'statecheck.constructions' has no attribute {name!r}")
    return getattr(importlib.import_module(f"statecheck.constructions.{module}"), name)
