"""The dataset names of Sarrof, Veitsman & Hahn's suite mapped to catalogue languages.

Source: Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), §5 and Appendix: the 27 languages of their repository's
``generated_ds/`` (after Bhattamishra, Ahuja & Goyal 2020). Shuffle-k uses the bracket pairs
``() [] {} <> +- ab`` in that order, which are the catalogue's ``"(i"``/``")i"`` for
``i = 0, 1, …``.
"""

from __future__ import annotations

from statecheck.errors import UnknownNameError
from statecheck.theory.languages.base import Language, get

__all__ = ["SARROF_SUITE", "SUITE_BRACKET_PAIRS", "suite_language"]

#: Suite dataset name -> (catalogue name, parameters).
SARROF_SUITE: dict[str, tuple[str, dict]] = {
    **{f"Tomita-{i}": (f"tomita{i}", {}) for i in range(1, 8)},
    "Parity": ("parity", {}),
    "AAStar": ("aa_star", {}),
    "AAAAStar": ("aaaa_star", {}),
    "ABABStar": ("abab_star", {}),
    "AAStarBBStarCCStarDDStarEEStar": ("aa_star_bb_star_cc_star_dd_star_ee_star", {}),
    "ABStar_D_BCStar": ("ab_star_d_bc_star", {}),
    "012Star_0_2Star": ("012_star_02_star", {}),
    **{f"D-{n}": ("d", {"n": n}) for n in (2, 3, 4, 12)},
    "Dyck1": ("dyck1", {}),
    **{f"Shuffle{k}": ("shuffle_dyck", {"k": k}) for k in (2, 4, 6)},
    "Boolean3": ("boolean", {"k": 3}),
    "Boolean5": ("boolean", {"k": 5}),
    "anbn": ("anbn", {}),
    "anbncn": ("anbncn", {}),
    "anbncndn": ("anbncndn", {}),
}

#: The suite's bracket pairs for Dyck and Shuffle-k, in type order.
SUITE_BRACKET_PAIRS = ("()", "[]", "{}", "<>", "+-", "ab", "xo")


def suite_language(dataset: str) -> Language:
    """The catalogue language of a suite dataset name (e.g. ``"D-12"`` -> ``d(n=12)``).

    Raises
    ------
    UnknownNameError
        ``dataset`` is not one of the suite's 27 names.
    """
    if dataset not in SARROF_SUITE:
        raise UnknownNameError(
            f"unknown suite dataset {dataset!r}; known: {', '.join(SARROF_SUITE)}"
        )
    name, params = SARROF_SUITE[dataset]
    return get(name, **params)
