"""Classification facts run by ``statecheck verify``.

Each claim is computed exactly from the automaton or the group (no sampling):

- ``algebra.suite.<dataset>.family`` — for each of the 27 languages of Sarrof, Veitsman & Hahn's
  suite, the family the paper assigns (star-free / non-star-free / counter) is what the
  classifier computes from the minimal DFA's transition monoid (aperiodic ⇔ star-free,
  Schützenberger 1965; no DFA ⇔ counter);
- ``algebra.parity.not_star_free`` — PARITY's syntactic monoid is Z2 (Sarrof et al. Thm 2);
- ``algebra.word_problem.<G>.class`` — the word problem of G is AC0 / ACC0 / NC1-complete as
  G is trivial / solvable / not (Barrington 1989), and the transition monoid of G's Cayley DFA
  is G itself (two independent computations: sympy's solvability of G, and the monoid
  enumerated from the DFA with its maximal subgroups rebuilt);
- ``algebra.a5_with_reset.nc1_complete`` — a reset letter next to letters generating A5 keeps
  a non-solvable maximal subgroup.
"""

from __future__ import annotations

from automata.fa.dfa import DFA

from statecheck.theory import algebra, groups
from statecheck.theory.claims import claim, fact
from statecheck.theory.languages import SARROF_SUITE, suite_language

__all__ = ["SUITE_FAMILY_OF_CLASS", "WORD_PROBLEM_GROUPS", "a5_with_reset_dfa"]

SARROF = "Sarrof, Veitsman & Hahn 2024"

#: The suite family each classification implies.
SUITE_FAMILY_OF_CLASS = {True: "star-free", False: "non-star-free", None: "counter"}

#: Groups whose word problems are classified, with the class Barrington's theorem predicts
#: from the group's composition factors (A5 is simple and non-abelian).
WORD_PROBLEM_GROUPS = {
    "Z60": "ACC0", "A4xZ5": "ACC0", "S3": "ACC0", "S4": "ACC0", "A5": "NC1-complete",
    "S5": "NC1-complete",
}


def _family_claim(dataset: str):
    @claim(f"algebra.suite.{dataset}.family",
           source=f"{SARROF}, §5 grouping; Schützenberger 1965 (aperiodic ⇔ star-free)")
    def _check():
        language = suite_language(dataset)
        result = algebra.classify(language)
        computed = SUITE_FAMILY_OF_CLASS[result.star_free if result.regular else None]
        return fact(computed == language.family, states_explored=result.monoid_size or 0,
                    detail=f"paper: {language.family}; classifier: {computed} "
                           f"(monoid size {result.monoid_size}, class {result.class_})")

    return _check


for _dataset in SARROF_SUITE:
    _family_claim(_dataset)


@claim("algebra.parity.not_star_free", source=f"{SARROF}, Thm 2; Schützenberger 1965")
def _parity_not_star_free():
    from statecheck.theory.languages import get

    monoid = algebra.transition_monoid(get("parity").dfa)
    subgroups = [s.order for s in monoid.maximal_subgroups() if s.order > 1]
    return fact(not monoid.aperiodic and subgroups == [2], states_explored=monoid.size,
                detail=f"monoid of size {monoid.size} with maximal subgroups of orders {subgroups}")


@claim("algebra.mod_arith.acc0_with_additive_and_multiplicative_groups",
       source="Grazzi et al. 2025, Table 3; Barrington & Thérien 1988")
def _mod_arith_class():
    from statecheck.theory.languages import get

    info = algebra.classify(get("mod_arith", modulus=5).dfa)
    orders = sorted(s["order"] for s in info.to_dict()["subgroups"])
    return fact(not info.star_free and info.solvable and info.class_ == "ACC0" and orders == [4, 5],
                states_explored=info.monoid_size,
                detail=(f"monoid of size {info.monoid_size}, maximal subgroups of orders {orders} "
                        "(Z5 from +, Z5* = Z4 from *): not star-free, so no non-negative SSM "
                        "(Sarrof et al. Thm 4); solvable, so in ACC0"))


def _word_problem_claim(name: str, expected: str):
    @claim(f"algebra.word_problem.{name}.class",
           source="Barrington 1989; Merrill, Petty & Sabharwal 2024, §3")
    def _check():
        group = groups.get(name)
        monoid = algebra.transition_monoid(group.cayley_dfa())
        tops = monoid.maximal_subgroups()
        via_dfa = algebra.classify(group.cayley_dfa())
        holds = (monoid.size == group.order and len(tops) == 1
                 and tops[0].order == group.order and tops[0].solvable == group.is_solvable
                 and via_dfa.class_ == expected == algebra.classify(group).class_)
        return fact(holds, states_explored=monoid.size,
                    detail=f"|G| = {group.order}, Cayley-DFA monoid size {monoid.size}, "
                           f"class {via_dfa.class_} (expected {expected})")

    return _check


for _name, _expected in WORD_PROBLEM_GROUPS.items():
    _word_problem_claim(_name, _expected)


def a5_with_reset_dfa() -> DFA:
    """A 5-state DFA: ``x`` a 3-cycle and ``y`` a 5-cycle (together A5), ``r`` resets to 0."""
    three, five = (1, 2, 0, 3, 4), (1, 2, 3, 4, 0)
    names = [f"s{i}" for i in range(5)]
    transitions = {names[q]: {"x": names[three[q]], "y": names[five[q]], "r": names[0]}
                   for q in range(5)}
    return DFA(states=set(names), input_symbols={"x", "y", "r"}, transitions=transitions,
               initial_state="s0", final_states={"s0"})


@claim("algebra.a5_with_reset.nc1_complete", source="Barrington 1989")
def _a5_with_reset():
    result = algebra.classify(a5_with_reset_dfa())
    return fact(result.class_ == "NC1-complete" and result.subgroups == [{"order": 60, "solvable": False}],
                states_explored=result.monoid_size or 0,
                detail=f"monoid size {result.monoid_size}, subgroups {result.subgroups}")
