"""Claims of the automaton constructions (Merrill, Petty & Sabharwal 2024) for ``statecheck verify``.

- ``wfa.<case>.all_lengths`` — the WFA-SSM of the case's DFA (Thm 5.2) equals the DFA on every
  word of every length: the equivalence checker's reachable (DFA state, exact integer vector)
  pairs close.
- ``wfa.transition_monoid_sizes`` — the closure of each model's matrices has exactly as many
  elements as the foundation's transition monoid of the DFA (an exact count).
- ``wfa.torch.scans_equal_sequential.bounded_<L>`` — the torch scans (dense doubling / chunked,
  index-map doubling / tree, monoid doubling / tree) equal the DFA on every word of length at
  most L (bounded: every such word is enumerated; nothing is claimed beyond L).
- ``minsky.<case>.all_lengths`` — Minsky's RNN (Thm 5.1) with Heaviside, ReLU and sign equals
  the DFA at every length (three checker proofs).
- ``minsky.margin_one`` — every pre-activation and readout value on every reachable hidden
  state keeps distance 1 from 0, for every case and activation (exact enumeration).

Cases: the catalogue's regular languages with their DFAs, and the Cayley DFAs of S3, A4, S4
(both constructions) and S5 (WFA-SSM only: Minsky's net would need 120·120 = 14,400 units).
"""

from __future__ import annotations

import itertools

from statecheck.theory.check import CheckResult, check
from statecheck.theory.claims import Claim, claim_recorder, fact

__all__ = ["CLAIMS", "LANGUAGE_CASES", "GROUP_CASES", "SCAN_LENGTH", "case_dfa"]

#: The claims this module registers, in order.
CLAIMS: list[Claim] = []

MERRILL = "Merrill, Petty & Sabharwal 2024"
#: (claim label, catalogue name, parameters) of the regular languages checked.
LANGUAGE_CASES = (
    *((f"tomita{i}", f"tomita{i}", {}) for i in range(1, 8)),
    ("parity", "parity", {}),
    ("mod_k3", "mod", {"k": 3}),
    ("mod_k5", "mod", {"k": 5}),
    ("aa_star", "aa_star", {}),
    ("aaaa_star", "aaaa_star", {}),
    ("abab_star", "abab_star", {}),
    ("aa_star_bb_star_cc_star_dd_star_ee_star", "aa_star_bb_star_cc_star_dd_star_ee_star", {}),
    ("ab_star_d_bc_star", "ab_star_d_bc_star", {}),
    ("012_star_02_star", "012_star_02_star", {}),
    ("d_n3", "d", {"n": 3}),
    ("flipflop", "flipflop", {}),
)
#: Groups whose Cayley DFAs (word problem: accept iff the product is the identity) are checked.
GROUP_CASES = ("S3", "A4", "S4", "S5")
#: Groups too large for Minsky's dense D×D matrix within the verify budget.
MINSKY_SKIPS = frozenset({"S5"})
#: Every word up to this length is run through the torch scans.
SCAN_LENGTH = 10
_SCAN_CASE = "tomita3"


#: Registers a claim with :func:`statecheck.theory.claims.claim` and records it in :data:`CLAIMS`.
claim = claim_recorder(CLAIMS)


def case_dfa(label: str):
    """The DFA of a case label (a :data:`LANGUAGE_CASES` label or ``"<group>_cayley"``)."""
    from statecheck.theory import groups, languages

    if label.endswith("_cayley"):
        return groups.get(label[: -len("_cayley")]).cayley_dfa()
    name, params = next((n, p) for lab, n, p in LANGUAGE_CASES if lab == label)
    return languages.get(name, **params).dfa


def _labels(*, minsky: bool) -> list[str]:
    groups = [g for g in GROUP_CASES if not (minsky and g in MINSKY_SKIPS)]
    return [label for label, _, _ in LANGUAGE_CASES] + [f"{g}_cayley" for g in groups]


# ---------------------------------------------------------------------------- WFA-SSM
def _wfa_claim(label: str) -> None:
    @claim(f"wfa.{label}.all_lengths", source=f"{MERRILL}, Thm 5.2")
    def _proof() -> CheckResult:
        from statecheck.constructions.wfa import wfa_ssm
        from statecheck.theory.check import DFAStepper

        dfa = case_dfa(label)
        return check(DFAStepper(dfa), wfa_ssm(dfa))


for _label in _labels(minsky=False):
    _wfa_claim(_label)


@claim("wfa.transition_monoid_sizes", source=f"{MERRILL}, Thm 5.2 (the matrices generate the transition monoid)")
def _monoid_sizes() -> CheckResult:
    from statecheck.constructions.wfa import wfa_ssm
    from statecheck.theory.algebra import transition_monoid

    mismatches, total, shown = [], 0, []
    for label in _labels(minsky=False):
        dfa = case_dfa(label)
        model_size = wfa_ssm(dfa).transition_monoid().size
        dfa_size = transition_monoid(dfa).size
        total += model_size
        shown.append(f"{label}={model_size}")
        if model_size != dfa_size:
            mismatches.append(f"{label}: model {model_size}, DFA {dfa_size}")
    detail = ("; ".join(mismatches) if mismatches
              else "model monoid size = DFA transition monoid size: " + ", ".join(shown))
    return fact(not mismatches, states_explored=total, detail=detail)


@claim(f"wfa.torch.scans_equal_sequential.bounded_{SCAN_LENGTH}",
       source=f"{MERRILL}, Thm 5.2 (parallel evaluation by an associative scan)")
def _scans() -> CheckResult:
    import time

    import torch

    from statecheck.constructions.wfa import wfa_ssm
    from statecheck.constructions.wfa_torch import REPRESENTATIONS

    start = time.perf_counter()
    dfa = case_dfa(_SCAN_CASE)
    model = wfa_ssm(dfa)
    module = model.to_torch()
    k = len(model.alphabet)
    # every word of length SCAN_LENGTH; its prefixes cover every shorter word
    tokens = torch.tensor(list(itertools.product(range(k), repeat=SCAN_LENGTH)), dtype=torch.long)
    expected = []
    for row in tokens.tolist():
        q, outputs = dfa.initial_state, [dfa.initial_state in dfa.final_states]
        for t in row:
            q = dfa.transitions[q][model.alphabet[t]]
            outputs.append(q in dfa.final_states)
        expected.append(outputs)
    expected = torch.tensor(expected)
    runs = 0
    for representation, modes in REPRESENTATIONS.items():
        for mode in modes:
            got = module(tokens, representation=representation, mode=mode)
            runs += 1
            bad = (got != expected).nonzero()
            if len(bad):
                i, t = (int(v) for v in bad[0])
                word = tuple(model.alphabet[s] for s in tokens[i, :t].tolist())
                return CheckResult(
                    agree=False, mode="bounded", max_length=SCAN_LENGTH, depth=t,
                    states_explored=int(tokens.numel()), transitions=0,
                    seconds=time.perf_counter() - start, counterexample=word,
                    expected=bool(expected[i, t]), actual=bool(got[i, t]),
                    detail=f"{representation}/{mode} differs from the DFA on {list(word)!r}")
    return CheckResult(
        agree=True, mode="bounded", max_length=SCAN_LENGTH, depth=SCAN_LENGTH,
        states_explored=int(tokens.numel()), transitions=0, seconds=time.perf_counter() - start,
        detail=(f"{runs} representation/mode pairs equal the {_SCAN_CASE} DFA on every word of "
                f"length <= {SCAN_LENGTH} ({len(tokens)} words of length {SCAN_LENGTH} and their prefixes)"))


# ---------------------------------------------------------------------------- Minsky RNN
def _minsky_claim(label: str) -> None:
    @claim(f"minsky.{label}.all_lengths", source=f"{MERRILL}, Thm 5.1; Minsky 1967, ch. 3")
    def _proof() -> CheckResult:
        from statecheck.constructions.minsky import ACTIVATIONS, minsky_rnn
        from statecheck.theory.check import DFAStepper

        dfa = case_dfa(label)
        reference = DFAStepper(dfa)
        # tabulate(): the net's reachable hidden states numbered exactly (integer vectors), so
        # the checker runs its vectorised path; the pairs closing is the same proof
        results = [check(reference, minsky_rnn(dfa, activation).tabulate())
                   for activation in ACTIVATIONS]
        for activation, result in zip(ACTIVATIONS, results, strict=True):
            if not result.proven_all_lengths:
                return CheckResult(**{**result.__dict__, "detail": f"{activation}: {result.detail}"})
        last = results[-1]
        return CheckResult(
            agree=True, mode="all-lengths", max_length=None, depth=max(r.depth for r in results),
            states_explored=sum(r.states_explored for r in results),
            transitions=sum(r.transitions for r in results),
            seconds=sum(r.seconds for r in results),
            detail=f"heaviside, relu, sign: each {last.detail}",
        )


for _label in _labels(minsky=True):
    _minsky_claim(_label)


@claim("minsky.margin_one", source=f"{MERRILL}, Thm 5.1; Minsky 1967, ch. 3")
def _margins() -> CheckResult:
    from statecheck.constructions.minsky import ACTIVATIONS, MARGIN, minsky_rnn

    worst, cases = None, 0
    for label in _labels(minsky=True):
        dfa = case_dfa(label)
        for activation in ACTIVATIONS:
            margins = minsky_rnn(dfa, activation).margins()
            cases += 1
            if min(margins) < MARGIN and worst is None:
                worst = f"{label}/{activation}: margins {margins}"
    return fact(worst is None, states_explored=cases,
                detail=worst or f"|pre-activation| >= {MARGIN} and |readout value| = {MARGIN} on "
                                f"every reachable hidden state, {cases} (case, activation) pairs")
