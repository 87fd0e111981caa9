"""Shortest counterexamples: the checker names the first word that separates two DFAs.

We take the DFA for binary numbers divisible by 3 (read most significant bit first: reading bit
b in state r moves to (2r + b) mod 3), copy it, and break one transition in the copy. The
checker explores the product of the two automata breadth first; the first disagreeing pair it
meets carries the shortlex-least word on which they differ. We then replay both runs along that
word to see *why* it separates them, and confirm with a brute-force search over all shorter
words that none of them does.

Run:  python examples/02_shortest_counterexample.py
"""

from __future__ import annotations

import itertools

from automata.fa.dfa import DFA

from statecheck.theory.check import DFAStepper, check


def divisible_by_three() -> DFA:
    """States "0","1","2" = value mod 3; δ(r, b) = (2r + b) mod 3; accept r = 0."""
    return DFA(
        states={"0", "1", "2"},
        input_symbols={"0", "1"},
        transitions={str(r): {str(b): str((2 * r + b) % 3) for b in (0, 1)} for r in range(3)},
        initial_state="0",
        final_states={"0"},
    )


def with_one_transition_changed(dfa: DFA, state: str, symbol: str, target: str) -> DFA:
    """A copy of ``dfa`` in which δ(state, symbol) = target."""
    transitions = {q: dict(row) for q, row in dfa.transitions.items()}
    transitions[state][symbol] = target
    return DFA(states=set(dfa.states), input_symbols=set(dfa.input_symbols),
               transitions=transitions, initial_state=dfa.initial_state,
               final_states=set(dfa.final_states))


def trace(dfa: DFA, word) -> str:
    """The run of ``dfa`` on ``word`` as "0 -1-> 1 -0-> 2 …"."""
    q, parts = dfa.initial_state, [dfa.initial_state]
    for symbol in word:
        q = dfa.transitions[q][symbol]
        parts.append(f"-{symbol}-> {q}")
    verdict = "accept" if q in dfa.final_states else "reject"
    return " ".join(parts) + f"   ({verdict})"


def main() -> None:
    good = divisible_by_three()
    broken = with_one_transition_changed(good, "2", "0", "2")  # should be (2*2+0) mod 3 = 1
    print("DFA A: binary numbers divisible by 3;  DFA B: the same with δ(2, '0') changed 1 -> 2")

    alphabet = ("0", "1")
    result = check(DFAStepper(good, alphabet=alphabet), DFAStepper(broken, alphabet=alphabet))
    word = result.counterexample
    print(f"\nchecker: {result.detail}")
    print(f"  explored {result.states_explored} state pairs in {result.seconds * 1e3:.2f} ms")
    print(f"\nshortest separating word: {''.join(word)!r} (the number {int(''.join(word), 2)})")
    print(f"  A: {trace(good, word)}")
    print(f"  B: {trace(broken, word)}")
    print("  The runs agree until the changed transition δ(2, '0') is first used; from there")
    print("  A is in state 1 and B in state 2, and the last symbol takes exactly one of them to 0.")

    # Brute force: no shorter word (and no earlier word of the same length) separates them.
    earlier = [
        w for n in range(len(word) + 1) for w in itertools.product(alphabet, repeat=n)
        if (len(w), w) < (len(word), word)
    ]
    separating = [w for w in earlier if good.accepts_input(list(w)) != broken.accepts_input(list(w))]
    print(f"\nbrute force over the {len(earlier)} words before it in shortlex order: "
          f"{len(separating)} separate A and B")
    assert not separating and result.expected != result.actual
    print("automata-lib agrees they differ:", good != broken)

    same = check(DFAStepper(good, alphabet=alphabet), DFAStepper(good.minify(), alphabet=alphabet))
    print(f"\nA against its minimised copy: {same.detail}")


if __name__ == "__main__":
    main()
