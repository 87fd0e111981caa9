"""DFAs of the regular languages: DFA == definition (bounded), machine == DFA (every length),
word counts against closed formulas, star-freeness against aperiodicity, the size budget."""

from __future__ import annotations

import math

import pytest
from libsemigroups_pybind11 import Konieczny, ReportGuard, Transf

from statecheck.errors import BudgetExceededError
from statecheck.theory import languages
from statecheck.theory.check import DFAStepper, FunctionStepper, check

CASES = [
    *[(f"tomita{i}", {}) for i in range(1, 8)],
    ("parity", {}),
    *[("mod", {"k": k}) for k in (1, 2, 3, 5)],
    ("aa_star", {}), ("aaaa_star", {}), ("abab_star", {}),
    ("aa_star_bb_star_cc_star_dd_star_ee_star", {}), ("ab_star_d_bc_star", {}),
    ("012_star_02_star", {}),
    *[("d", {"n": n}) for n in (1, 2, 3, 12)],
    ("flipflop", {}),
    *[("dyck", {"k": k, "h": h}) for k, h in ((1, 1), (1, 3), (2, 2), (2, 3), (3, 2))],
    *[("mod_arith", {"modulus": m}) for m in (2, 5)],
]
IDS = [name + "".join(f"-{v}" for v in params.values()) for name, params in CASES]

#: Every word up to this length is compared, by alphabet size.
EXHAUSTIVE_LENGTH = {1: 30, 2: 12, 3: 8, 4: 7, 5: 6, 6: 5, 9: 5}


@pytest.mark.parametrize("name, params", CASES, ids=IDS)
def test_dfa_equals_the_definition_on_every_short_word(name, params):
    lang = languages.get(name, **params)
    length = EXHAUSTIVE_LENGTH[len(lang.alphabet)]
    result = check(DFAStepper(lang.dfa, alphabet=lang.alphabet),
                   FunctionStepper(lang.alphabet, lang.accepts), max_length=length)
    assert result.agree, result.detail
    assert result.mode == "bounded" and result.max_length == length
    assert result.states_explored == sum(len(lang.alphabet) ** n for n in range(length + 1))


@pytest.mark.parametrize("name, params", CASES, ids=IDS)
def test_dfa_is_complete_with_string_states_over_the_alphabet(name, params):
    dfa = languages.get(name, **params).dfa
    assert set(dfa.input_symbols) == set(languages.get(name, **params).alphabet)
    assert all(isinstance(q, str) for q in dfa.states)
    assert all(set(dfa.transitions[q]) == set(dfa.input_symbols) for q in dfa.states)


MACHINE_CASES = [(n, p) for n, p in CASES if languages.get(n, **p).has_machine()]


def test_the_natural_machines_are_the_ones_required():
    names = {n for n, _ in MACHINE_CASES}
    assert {"flipflop", "dyck", "d", "parity", "mod", "tomita5", "tomita6"} <= names


@pytest.mark.parametrize("name, params", MACHINE_CASES,
                         ids=[name + "".join(f"-{v}" for v in p.values()) for name, p in MACHINE_CASES])
@pytest.mark.parametrize("semantics", ["recognition", "predictive"])
def test_machine_equals_dfa_at_every_length(name, params, semantics):
    lang = languages.get(name, **params)
    result = check(DFAStepper(lang.dfa, alphabet=lang.alphabet, semantics=semantics),
                   lang.reference(semantics))
    assert result.proven_all_lengths, result.detail


def tribonacci_words(n):
    """Binary words without 000: a(n) = a(n−1) + a(n−2) + a(n−3), a(0..2) = 1, 2, 4."""
    a = [1, 2, 4]
    while len(a) <= n:
        a.append(a[-1] + a[-2] + a[-3])
    return a[n]


def catalan(m):
    return math.comb(2 * m, m) // (m + 1)


@pytest.mark.parametrize(
    "name, params, length, expected",
    [
        ("tomita1", {}, 40, 1),
        ("tomita2", {}, 40, 1),
        ("tomita2", {}, 41, 0),
        ("tomita4", {}, 30, tribonacci_words(30)),
        ("tomita5", {}, 20, 2**19),
        ("tomita5", {}, 21, 0),
        ("tomita6", {}, 20, (2**20 + 2) // 3),  # (2^n + 2(−1)^n)/3
        ("tomita6", {}, 21, (2**21 - 2) // 3),
        # at most 3 run boundaries, and exactly 3 only when starting with 0
        ("tomita7", {}, 20, 2 * sum(math.comb(19, j) for j in range(3)) + math.comb(19, 3)),
        ("parity", {}, 25, 2**24),
        ("mod", {"k": 3}, 9, sum(math.comb(9, j) for j in range(0, 10, 3))),
        ("aaaa_star", {}, 40, 1),
        ("abab_star", {}, 42, 0),
        ("aa_star_bb_star_cc_star_dd_star_ee_star", {}, 12, math.comb(11, 4)),
        ("ab_star_d_bc_star", {}, 10, 10 * 2**9),
        ("012_star_02_star", {}, 8, sum(3**j for j in range(8))),
        ("d", {"n": 1}, 20, 1),
        ("d", {"n": 2}, 20, 2**9),
        ("d", {"n": 12}, 20, catalan(10)),
        ("flipflop", {}, 20, 2 * 5**9),
        ("dyck", {"k": 3, "h": 1}, 8, 3**4),
        ("dyck", {"k": 2, "h": 5}, 10, 2**5 * catalan(5)),
    ],
)
def test_member_counts_match_closed_formulas(name, params, length, expected):
    dfa = languages.get(name, **params).dfa
    assert dfa.count_words_of_length(length) == expected


def aperiodic(dfa, alphabet) -> bool:
    """Schützenberger: star-free iff the transition monoid of the minimal DFA is aperiodic
    (every H-class trivial), computed by libsemigroups."""
    table = DFAStepper(dfa.minify(), alphabet=alphabet).table
    generators = [Transf([int(x) for x in table[:, j]]) for j in range(len(alphabet))]
    with_identity = [*generators, Transf(list(range(table.shape[0])))]
    _guard = ReportGuard(False)
    monoid = Konieczny(with_identity)
    return monoid.number_of_H_classes() == monoid.size()


@pytest.mark.parametrize("name, params", CASES, ids=IDS)
def test_family_agrees_with_aperiodicity(name, params):
    lang = languages.get(name, **params)
    assert aperiodic(lang.dfa, lang.alphabet) == (lang.family == "star-free")


def test_dfa_past_the_budget_is_refused_with_an_estimate():
    lang = languages.get("dyck", k=8, h=10)
    with pytest.raises(BudgetExceededError, match="1,227,133,514"):
        _ = lang.dfa
    # its own machine still works
    machine = lang.reference("predictive")
    state = machine.run(["(7"] * 10)
    assert machine.output(state) == frozenset({")7"})
    assert sum(8**d for d in range(11)) + 1 == 1_227_133_514


def test_non_regular_languages_have_no_dfa():
    assert languages.get("dyck1").dfa is None
    assert languages.get("anbn").dfa is None
