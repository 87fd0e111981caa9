"""Minsky's construction: any DFA as an RNN with one unit per (state, symbol) pair.

Run: ``python examples/07_minsky_rnn.py`` (a few seconds on a CPU).

Merrill, Petty & Sabharwal (2024, Thm 5.1) note that a recurrence with a nonlinearity — an RNN —
recognises every regular language with one layer; the classical proof is Minsky's (1967): give
the network a unit for every pair (state q, symbol σ), on exactly when the last symbol was σ and
the automaton is now in q. The update is a threshold of two facts: "the previous state leads to q
on σ" and "the input is σ". This script builds the network for binary numbers divisible by 3,
watches one unit light up per step, shows that every pre-activation stays at least 1 away from
the threshold, proves the network equal to the DFA at every length for three activations, and
catches a damaged weight with the shortest counterexample.
"""

from __future__ import annotations

import numpy as np

from statecheck.constructions.minsky import ACTIVATIONS, MinskyRNN, minsky_rnn
from statecheck.theory.check import DFAStepper, check
from statecheck.theory.dfa_io import dfa_from_dict


def section(title: str) -> None:
    print(f"\n=== {title} ===")


section("1. The automaton: binary numbers divisible by 3")
spec = {
    "states": ["0", "1", "2"],
    "input_symbols": ["0", "1"],
    # reading bit b after the prefix of value x gives 2x + b, so the remainder r goes to 2r + b
    "transitions": {str(r): {str(b): str((2 * r + b) % 3) for b in (0, 1)} for r in range(3)},
    "initial_state": "0",
    "final_states": ["0"],
}
dfa, _ = dfa_from_dict(spec)
print("states = remainders 0, 1, 2; on bit b the remainder r becomes (2r + b) mod 3; accept r = 0")

section("2. The network: 3 states × 2 symbols = 6 hidden units")
rnn = minsky_rnn(dfa, "heaviside")
print(f"units (state, last symbol): {rnn.units}")
print("U[(q',σ),(p,τ)] = 2 if δ(p,σ) = q' (the previous state leads to q' on σ):")
print(rnn.U)
print(f"V[(q',σ),τ] = 2 if τ = σ (the input is σ):\n{rnn.V}")
print(f"b = {rnn.b.tolist()}, h0 = {rnn.h0.tolist()}, readout = {rnn.readout.tolist()}, "
      f"readout_bias = {rnn.readout_bias}")

section("3. Reading 1 1 0 (six): one unit on per step")
h = rnn.initial_state
for symbol in ("1", "1", "0"):
    z = rnn.pre_activation(h, symbol)
    h = rnn.step(h, symbol)
    on = [unit for unit, value in zip(rnn.units, h, strict=True) if value == 1]
    print(f"read {symbol}: pre-activations {list(z)} -> H(z) = {list(h)}: unit {on[0]} is on")
print(f"readout·h + bias = {rnn.readout_value(h)} > 0: accept = {rnn.output(h)} (6 is divisible by 3)")

section("4. The margin: every decision is at least 1 away from 0")
print("z = 2·[previous state leads here] + 2·[input matches] − 3 ∈ {−3, −1, +1}: only both facts")
print("together give +1. Over every reachable hidden state and every input symbol:")
for activation in ACTIVATIONS:
    low_z, low_readout = minsky_rnn(dfa, activation).margins()
    print(f"  {activation:9s}: min |pre-activation| = {low_z}, min |readout value| = {low_readout}")
print("For sign, the ±1 states are rewritten as (s + 1)/2, which leaves every pre-activation equal.")

section("5. Proven equal to the DFA at every length, for each activation")
for activation in ACTIVATIONS:
    result = check(DFAStepper(dfa), minsky_rnn(dfa, activation))
    print(f"  {activation:9s}: {result.detail} ({result.mode})")

section("6. A damaged weight is caught with the shortest counterexample")
bias = np.array(rnn.b)
bias[rnn.units.index(("0", "0"))] = -5  # unit ("0", "0") can never fire
broken = MinskyRNN(alphabet=rnn.alphabet, U=rnn.U, V=rnn.V, b=bias, h0=rnn.h0,
                   readout=rnn.readout, readout_bias=rnn.readout_bias, activation="heaviside")
failure = check(DFAStepper(dfa), broken)
print(f"With unit ('0', '0') silenced: {failure.detail}")
print("(the word 0 has value 0, divisible by 3, but the silenced unit leaves no unit on)")
