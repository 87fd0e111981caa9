"""statecheck: the theory of state tracking in sequence models, made executable.

The public API is re-exported lazily so that ``import statecheck`` stays fast:

>>> from statecheck import languages, check          # doctest: +SKIP
>>> parity = languages.get("parity")
"""

from __future__ import annotations

import importlib

from statecheck.errors import StatecheckError

__version__ = "0.1.0"

_LAZY = {
    "languages": "statecheck.theory.languages",
    "groups": "statecheck.theory.groups",
    "algebra": "statecheck.theory.algebra",
    "check": ("statecheck.theory.check", "check"),
    "CheckResult": ("statecheck.theory.check", "CheckResult"),
    "DFAStepper": ("statecheck.theory.check", "DFAStepper"),
    "FunctionStepper": ("statecheck.theory.check", "FunctionStepper"),
    "classify": ("statecheck.theory.algebra", "classify"),
    "transition_monoid": ("statecheck.theory.algebra", "transition_monoid"),
    "load_dfa": ("statecheck.theory.dfa_io", "load_dfa"),
}

__all__ = ["StatecheckError", "__version__", *_LAZY]


def __getattr__(name: str):
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'statecheck' has no attribute {name!r}")
    if isinstance(target, str):
        return importlib.import_module(target)
    module, attribute = target
    return getattr(importlib.import_module(module), attribute)
