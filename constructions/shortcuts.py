"""Liu et al. (2023) shortcuts to automata: one import for both constructions.

Liu, Ash, Goel, Krishnamurthy & Zhang, *Transformers Learn Shortcuts to Automata*, ICLR 2023:

- Thm 1 (log depth for every automaton): :mod:`statecheck.constructions.shortcut_parallel` —
  the prefix compositions of a DFA's transition functions by a doubling scan of ``⌈log₂ T⌉``
  rounds (:func:`transition_functions`, :func:`shortcut_states`, :func:`doubling_scan`,
  :func:`check_all_words`).
- Thm 2 (constant depth for solvable groups, Krohn–Rhodes): :mod:`statecheck.constructions.shortcut_cascade`
  — the prefix products of a solvable group as a cascade of prefix sums in abelian groups along
  a composition series (one prime modulus per level) or the derived series (fewer levels)
  (:func:`solvable_cascade`, :func:`check_cascade_all_words`, :class:`GroupProductStepper` for
  the all-lengths proof); non-solvable groups raise :class:`NotSolvableError`.

The formulas are in each module's docstring.
"""

from __future__ import annotations

from statecheck.constructions.shortcut_cascade import (
    CascadeLevel,
    CascadeRun,
    CascadeStepper,
    GroupProductStepper,
    NotSolvableError,
    SolvableCascade,
    check_cascade_all_words,
    solvable_cascade,
)
from statecheck.constructions.shortcut_parallel import (
    ScanRun,
    TransitionFunctions,
    all_words,
    check_all_words,
    compose,
    doubling_rounds,
    doubling_scan,
    sequential_states,
    shortcut_states,
    transition_functions,
)

__all__ = [
    "CascadeLevel",
    "CascadeRun",
    "CascadeStepper",
    "GroupProductStepper",
    "NotSolvableError",
    "ScanRun",
    "SolvableCascade",
    "TransitionFunctions",
    "all_words",
    "check_all_words",
    "check_cascade_all_words",
    "compose",
    "doubling_rounds",
    "doubling_scan",
    "sequential_states",
    "shortcut_states",
    "solvable_cascade",
    "transition_functions",
]
