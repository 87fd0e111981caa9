"""Modular arithmetic without brackets, as a regular language ``expression = value``.

Source: Delétang et al. (2023), *Neural Networks and the Chomsky Hierarchy* (ICLR), task
"Modular Arithmetic (Simple)": an expression ``n₀ o₁ n₁ … o_k n_k`` over residues ``nᵢ ∈ Z_m``
and operators ``oᵢ ∈ {+, −, ×}``, evaluated modulo ``m`` with the usual precedence
(multiplications first), the answer one of ``m`` classes; Grazzi et al. (2025), *Unlocking
State-Tracking in Linear RNNs Through Negative Eigenvalues* (ICLR), Table 3 ("modular arithmetic
w/o brackets", ``m = 5``, train lengths 3–40, test 40–256).

Here the task is a language: a member is the expression, ``=``, and its value, so the predictive
next-symbol set right after ``=`` is exactly the answer, and every other position's set is
fixed by the syntax. The language is regular: a left-to-right reader needs only the sum of the
closed terms and the product of the open one.
"""

from __future__ import annotations

from automata.fa.dfa import DFA

from statecheck.theory.languages.base import DEAD, Language, Machine, Param, register
from statecheck.theory.languages.dfas import tidy

__all__ = ["ModularArithmetic", "evaluate_expression", "OPERATORS"]

#: The operators, in alphabet order after the residues.
OPERATORS = ("+", "-", "*")
_EQUALS = "="


def evaluate_expression(tokens, modulus: int) -> int:
    """The value mod ``modulus`` of ``n₀ o₁ n₁ … o_k n_k`` with multiplications first.

    Written from the definition, independently of the machine: the expression is split into
    additive terms at ``+`` and ``−``; each term is a product of residues;
    value = Σ ± Π (mod m).
    """
    total, sign, product = 0, 1, int(tokens[0])
    for operator, operand in zip(tokens[1::2], tokens[2::2], strict=True):
        if operator == "*":
            product *= int(operand)
        else:
            total += sign * product
            sign, product = (1 if operator == "+" else -1), int(operand)
    return (total + sign * product) % modulus


class _ArithmeticMachine(Machine):
    """The left-to-right reader of ``expression = value``.

    States (all values in Z_m): ``("operand", s, c)`` expects a residue; ``s`` is the sum of the
    closed terms and ``c`` the coefficient of the open term so far (``1`` after ``+``, ``m − 1``
    after ``−``, the running product after ``×``). ``("operator", s, p)`` follows a residue:
    ``p`` is the open term. ``("answer", v)`` follows ``=`` with ``v = s + p``; ``("done",)``
    follows the answer (the only accepting state). Moves: residue ``d`` takes
    ``("operand", s, c)`` to ``("operator", s, c·d)``; ``+`` / ``−`` take ``("operator", s, p)``
    to ``("operand", s + p, ±1)``; ``×`` to ``("operand", s, p)``; ``=`` to ``("answer", s + p)``.
    """

    def __init__(self, modulus: int, **kwargs):
        self.m = modulus
        self.digits = tuple(str(d) for d in range(modulus))
        self.initial = ("operand", 0, 1)
        super().__init__(self.digits + OPERATORS + (_EQUALS,), **kwargs)

    def move(self, state, symbol):
        m, phase = self.m, state[0]
        if phase == "operand":
            if symbol not in self.digits:
                return DEAD
            return ("operator", state[1], state[2] * int(symbol) % m)
        if phase == "operator":
            _, s, p = state
            if symbol == "+":
                return ("operand", (s + p) % m, 1)
            if symbol == "-":
                return ("operand", (s + p) % m, m - 1)
            if symbol == "*":
                return ("operand", s, p)
            if symbol == _EQUALS:
                return ("answer", (s + p) % m)
            return DEAD
        if phase == "answer":
            return ("done",) if symbol == str(state[1]) else DEAD
        return DEAD

    def accepting(self, state):
        return state == ("done",)

    def legal(self, state):
        phase = state[0]
        if phase == "operand":
            return self.digits
        if phase == "operator":
            return OPERATORS + (_EQUALS,)
        if phase == "answer":
            return (str(state[1]),)
        return ()


@register
class ModularArithmetic(Language):
    """Modular arithmetic without brackets: words ``n₀ o₁ n₁ … o_k n_k = v`` (``k ≥ 0``) over
    ``{0, …, m−1, +, −, *, =}`` with ``v = n₀ o₁ n₁ … o_k n_k mod m`` (multiplications first).

    Regular and not star-free for ``m ≥ 2``: reading ``+ 1`` repeatedly cycles through Z_m.
    Reference machine: the sum of the closed terms and the open term (``2m² + m + 2`` states
    with the dead one). DFA: that machine's reachable part, completed and minimised with
    automata-lib. Predictive: residues after ``=``-free prefixes ending in an operator (or the
    empty prefix); ``{+, −, *, =}`` after a residue; the value after ``=``; ``$`` after it.

    Distribution of :meth:`sample` (Delétang et al. 2023): for an odd length ``2k + 3``, the
    ``k + 1`` residues uniform in Z_m and the ``k`` operators uniform in ``{+, −, *}``,
    independently; then ``=`` and the value. Even lengths and lengths below 3 have no member.

    Parameters
    ----------
    modulus : int
        ``m``, ``2 ≤ m ≤ 10`` (single-character residues); default 5 as in Grazzi et al.

    References
    ----------
    - Delétang et al. (2023), *Neural Networks and the Chomsky Hierarchy*, ICLR, Table A.1
      (modular arithmetic, simple).
    - Grazzi et al. (2025), *Unlocking State-Tracking in Linear RNNs Through Negative
      Eigenvalues*, ICLR, Table 3.

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("mod_arith")
    >>> lang.accepts(list("1+2*3=2")), lang.accepts(list("1-1-1=4")), lang.accepts(list("2=3"))
    (True, True, False)
    >>> sorted(lang.next_symbols(list("0*1+4*3-2=")))
    ['0']
    """

    name = "mod_arith"
    family = "non-star-free"
    source = ("Deletang et al. 2023 (ICLR) modular arithmetic (simple); Grazzi et al. 2025 (ICLR) "
              "Table 3")
    PARAMS = (Param("modulus", "int", "the modulus m", default=5, minimum=2, maximum=10),)

    def _alphabet(self):
        return tuple(str(d) for d in range(self.params["modulus"])) + OPERATORS + (_EQUALS,)

    def _accepts(self, word):
        m = self.params["modulus"]
        digits = {str(d) for d in range(m)}
        if len(word) < 3 or len(word) % 2 == 0 or word[-2] != _EQUALS:
            return False
        expression, value = word[:-2], word[-1]
        if any(t not in digits for t in expression[::2]) or value not in digits:
            return False
        if any(t not in OPERATORS for t in expression[1::2]):
            return False
        return evaluate_expression(expression, m) == int(value)

    def dfa_size_estimate(self):
        m = self.params["modulus"]
        return 2 * m * m + m + 2

    def _machine(self, semantics):
        return _ArithmeticMachine(self.params["modulus"], semantics=semantics,
                                  name=f"{self.label} reader")

    def _build_dfa(self):
        machine = _ArithmeticMachine(self.params["modulus"], semantics="recognition",
                                     name=self.label)
        alphabet = self.alphabet
        index, order, transitions = {machine.initial: "0"}, [machine.initial], {}
        for state in order:  # breadth-first; ``order`` grows while we walk it
            row = {}
            for symbol in alphabet:
                target = machine.step(state, symbol)  # DEAD stays DEAD
                if target not in index:
                    index[target] = str(len(index))
                    order.append(target)
                row[symbol] = index[target]
            transitions[index[state]] = row
        finals = {index[s] for s in order if machine.output(s)}
        return tidy(DFA(states=set(transitions), input_symbols=set(alphabet),
                        transitions=transitions, initial_state="0", final_states=finals))

    def _sample(self, length, rng):
        if length < 3 or length % 2 == 0:
            raise self._no_member(length, "members are 'expression = value' (odd length >= 3)")
        m, terms = self.params["modulus"], (length - 3) // 2
        residues = [str(int(d)) for d in rng.integers(0, m, size=terms + 1)]
        operators = [OPERATORS[int(i)] for i in rng.integers(0, len(OPERATORS), size=terms)]
        expression = [residues[0]]
        for operator, residue in zip(operators, residues[1:], strict=True):
            expression += [operator, residue]
        return (*expression, _EQUALS, str(evaluate_expression(expression, m)))
