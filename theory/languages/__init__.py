"""The language catalogue: the formal languages of the state-tracking literature.

>>> from statecheck.theory import languages
>>> languages.get("mod", k=3).accepts(["1", "1", "1"])
True
>>> "flipflop" in languages.names()
True

Each language (:class:`Language`) has a fixed-order alphabet, a membership predicate written
from its definition, predictive semantics (legal next symbols with ``$``), a complete DFA when
regular, an exact reference machine for :func:`statecheck.theory.check.check`, and a sampler.
The definitions follow Bhattamishra, Ahuja & Goyal (2020), Sarrof, Veitsman & Hahn (2024) and
their suite generators, Liu et al. (2023) for Flip-Flop, and Merrill, Petty & Sabharwal (2024)
for word problems. :data:`SARROF_SUITE` maps the suite's dataset names to catalogue entries.

Modules: ``base`` (the class, machines, registry), ``tomita``, ``modular`` (parity, mod k),
``arithmetic`` (modular arithmetic without brackets, Delétang et al. 2023 / Grazzi et al. 2025),
``periodic`` ((aa)*, (aaaa)*, (abab)*), ``star_free`` (the suite's star-free regexes), ``dn``
(D_n), ``flipflop``, ``dyck`` (bounded Dyck), ``counters`` (Dyck-1, Shuffle-Dyck, aⁿbⁿ…),
``boolean``, ``word_problem``, ``sampling`` (exact samplers), ``suite``.
"""

from statecheck.theory.languages import (  # noqa: F401  (importing registers them)
    arithmetic,
    boolean,
    counters,
    dn,
    dyck,
    flipflop,
    modular,
    periodic,
    star_free,
    tomita,
    word_problem,
)
from statecheck.theory.languages.base import (
    DEAD,
    END,
    FAMILIES,
    MAX_DFA_STATES,
    Language,
    Machine,
    Param,
    default_params,
    get,
    names,
)
from statecheck.theory.languages.suite import SARROF_SUITE, suite_language

__all__ = [
    "Language",
    "Machine",
    "Param",
    "get",
    "names",
    "default_params",
    "DEAD",
    "END",
    "FAMILIES",
    "MAX_DFA_STATES",
    "SARROF_SUITE",
    "suite_language",
]
