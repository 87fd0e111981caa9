"""The catalogue's registry: names, parameters, labels, errors, immutability."""

from __future__ import annotations

import pytest

from statecheck.errors import BadParameterError, UnknownNameError
from statecheck.theory import languages
from statecheck.theory.languages import FAMILIES, SARROF_SUITE, suite_language

REQUIRED_NAMES = {
    *(f"tomita{i}" for i in range(1, 8)), "parity", "mod", "d", "aa_star", "aaaa_star",
    "abab_star", "aa_star_bb_star_cc_star_dd_star_ee_star", "ab_star_d_bc_star",
    "012_star_02_star", "flipflop", "dyck", "dyck1", "shuffle_dyck", "boolean", "anbn", "anbncn",
    "anbncndn", "word_problem",
}
#: Added beyond the foundation issue's list (Grazzi et al. 2025's second task, issue 7).
EXTRA_NAMES = {"mod_arith"}

# Sarrof et al. 2024's grouping of the suite (their Table 1), written out by hand.
EXPECTED_FAMILY = {
    "tomita1": "star-free", "tomita2": "star-free", "tomita4": "star-free",
    "tomita7": "star-free", "d": "star-free", "aa_star_bb_star_cc_star_dd_star_ee_star": "star-free",
    "ab_star_d_bc_star": "star-free", "012_star_02_star": "star-free", "flipflop": "star-free",
    "dyck": "star-free",
    "tomita3": "non-star-free", "tomita5": "non-star-free", "tomita6": "non-star-free",
    "parity": "non-star-free", "mod": "non-star-free", "aa_star": "non-star-free",
    "aaaa_star": "non-star-free", "abab_star": "non-star-free", "mod_arith": "non-star-free",
    "dyck1": "counter", "shuffle_dyck": "counter", "boolean": "counter", "anbn": "counter",
    "anbncn": "counter", "anbncndn": "counter", "word_problem": "group",
}
NOT_REGULAR = {"dyck1", "shuffle_dyck", "boolean", "anbn", "anbncn", "anbncndn"}


def build(name):
    return languages.get(name, **languages.default_params(name))


def test_names_are_exactly_the_required_catalogue():
    assert set(languages.names()) == REQUIRED_NAMES | EXTRA_NAMES
    assert len(languages.names()) == len(REQUIRED_NAMES | EXTRA_NAMES)


@pytest.mark.parametrize("name", sorted((REQUIRED_NAMES | EXTRA_NAMES) - {"word_problem"}))
def test_family_regular_and_alphabet_shape(name):
    lang = build(name)
    assert lang.name == name
    assert lang.family == EXPECTED_FAMILY[name] and lang.family in FAMILIES
    assert lang.regular == (name not in NOT_REGULAR)
    assert isinstance(lang.alphabet, tuple) and len(set(lang.alphabet)) == len(lang.alphabet)
    assert "$" not in lang.alphabet
    assert (lang.dfa is None) == (name in NOT_REGULAR)


def test_alphabets_in_their_fixed_order():
    assert languages.get("parity").alphabet == ("0", "1")
    assert languages.get("flipflop").alphabet == ("w", "r", "i", "0", "1")
    assert languages.get("dyck", k=3, h=2).alphabet == ("(0", "(1", "(2", ")0", ")1", ")2")
    assert languages.get("shuffle_dyck", k=2).alphabet == ("(0", "(1", ")0", ")1")
    assert languages.get("boolean", k=3).alphabet == ("0", "1", "~", "+", ">")
    assert languages.get("boolean", k=5).alphabet == ("0", "1", "~", "+", ">", "*", "^")
    assert languages.get("d", n=3).alphabet == ("a", "b")
    assert languages.get("dyck1").alphabet == ("(", ")")
    assert languages.get("abab_star").alphabet == ("a", "b")
    assert languages.get("012_star_02_star").alphabet == ("0", "1", "2")


def test_labels_and_params():
    assert languages.get("mod", k=3).label == "mod(k=3)"
    assert languages.get("mod", k=3).params == {"k": 3}
    assert languages.get("dyck", k=2, h=4).label == "dyck(k=2, h=4)"
    assert languages.get("tomita3").label == "tomita3"
    assert languages.get("flipflop").params == {"p_i": 0.8}
    assert languages.get("flipflop", p_i=0.98).params == {"p_i": 0.98}
    assert languages.default_params("dyck") == {"k": 2, "h": 3}
    assert languages.default_params("parity") == {}


def test_mod_family_depends_on_k():
    assert languages.get("mod", k=1).family == "star-free"
    assert languages.get("mod", k=2).family == "non-star-free"


def test_languages_are_immutable_and_compare_by_label():
    lang = languages.get("mod", k=3)
    with pytest.raises(AttributeError):
        lang.alphabet = ("a",)
    with pytest.raises(AttributeError):
        del lang.name
    assert lang == languages.get("mod", k=3) and lang != languages.get("mod", k=4)
    assert len({lang, languages.get("mod", k=3)}) == 1


def test_unknown_name_lists_known_names():
    with pytest.raises(UnknownNameError, match="tomita1") as info:
        languages.get("tomita8")
    assert "tomita8" in str(info.value)
    with pytest.raises(UnknownNameError):
        languages.default_params("nope")


@pytest.mark.parametrize(
    "name, params, fragment",
    [
        ("mod", {"k": 0}, "k=0"),
        ("mod", {"k": -2}, "k=-2"),
        ("mod", {"k": 2.0}, "float"),
        ("mod", {"k": True}, "bool"),
        ("mod", {"k": "3"}, "str"),
        ("mod", {}, "missing parameter k"),
        ("mod", {"k": 3, "n": 1}, "unknown parameter"),
        ("parity", {"k": 2}, "unknown parameter"),
        ("dyck", {"k": 2}, "missing parameter h"),
        ("dyck", {"k": 0, "h": 2}, "k=0"),
        ("d", {"n": 0}, "n=0"),
        ("shuffle_dyck", {"k": 0}, "k=0"),
        ("boolean", {"k": 6}, "k=6"),
        ("boolean", {"k": 1}, "k=1"),
        ("flipflop", {"p_i": 1.5}, "p_i=1.5"),
        ("flipflop", {"p_i": "x"}, "str"),
    ],
)
def test_bad_parameters_name_the_value(name, params, fragment):
    with pytest.raises(BadParameterError, match=fragment):
        languages.get(name, **params)


def test_suite_names_map_to_catalogue_languages():
    assert len(SARROF_SUITE) == 27
    assert suite_language("D-12") == languages.get("d", n=12)
    assert suite_language("Shuffle6") == languages.get("shuffle_dyck", k=6)
    assert suite_language("Boolean5") == languages.get("boolean", k=5)
    assert suite_language("Tomita-6") == languages.get("tomita6")
    with pytest.raises(UnknownNameError):
        suite_language("Tomita-8")


@pytest.mark.parametrize(
    "module",
    ["base", "tomita", "modular", "periodic", "star_free", "dn", "flipflop", "dyck", "counters",
     "boolean", "word_problem"],
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    mod = importlib.import_module(f"statecheck.theory.languages.{module}")
    result = doctest.testmod(mod, extraglobs={"languages": languages}, verbose=False)
    assert result.attempted > 0 and result.failed == 0
