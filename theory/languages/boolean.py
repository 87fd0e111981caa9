"""Boolean-k: well-formed Boolean expressions in prefix (Polish) notation with operators of arity
1 … k (a counter language).

Source: Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
Recognize Formal Languages* (EMNLP), §4 (n-ary Boolean expressions, Boolean-3 and Boolean-5) and
their generator (Sarrof, Veitsman & Hahn 2024, NeurIPS, Appendix; class ``NAryBooleanExpLang``):
operands ``0``, ``1``; operators ``~`` (arity 1), ``+`` (2), ``>`` (3), ``*`` (4), ``^`` (5), the
first ``k`` of them; a string is generated symbol by symbol while a counter of missing operands,
starting at 1, changes by ``arity − 1`` per symbol (``−1`` per operand), and it ends when the
counter reaches 0. Only well-formedness matters: the expression's truth value does not.
"""

from __future__ import annotations

from statecheck.theory.languages.base import DEAD, Language, Machine, Param, register
from statecheck.theory.languages.sampling import layered_random_walk

__all__ = ["BooleanExpressions", "OPERATORS"]

#: The suite's operators in order; operator ``j`` (0-based) has arity ``j + 1``.
OPERATORS = ("~", "+", ">", "*", "^")
_OPERANDS = ("0", "1")


class _MissingOperandsMachine(Machine):
    """The number ``c`` of missing operands (start 1): an operand does ``c − 1``, an operator
    of arity ``a`` does ``c + a − 1``; at ``c = 0`` the expression is complete and nothing
    more is legal."""

    initial = 1

    def __init__(self, arity: dict[str, int], **kwargs):
        self.arity = arity
        super().__init__(tuple(arity), **kwargs)

    def move(self, state, symbol):
        return state + self.arity[symbol] - 1 if state > 0 else DEAD

    def accepting(self, state):
        return state == 0

    def legal(self, state):
        return self.alphabet if state > 0 else ()


@register
class BooleanExpressions(Language):
    """Boolean-k: prefix-notation expressions over operands ``0``, ``1`` and the first ``k``
    operators of ``~ + > * ^`` (arities 1 … k).

    A word is a member iff the missing-operand count (1 at the start, ``+ arity − 1`` per
    symbol, operands have arity 0) stays ``≥ 1`` before the last symbol and is 0 after it.
    Alphabet: ``("0", "1", "~", "+", …)``. Counter language, not regular (``k ≥ 2``).
    Predictive: every symbol while the expression is incomplete; only ``$`` once complete (the
    suite's one-bit targets are this ``$`` bit).

    Distribution of :meth:`sample`: uniform over members of that length (exact counts of
    expressions by missing-operand count; ``O(length²)`` time). Length 0 has no member.

    Parameters
    ----------
    k : int
        Number of operators (their largest arity), ``2 ≤ k ≤ 5``.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §4 (Boolean-3, Boolean-5).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (generator ``NAryBooleanExpLang``).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("boolean", k=3)
    >>> lang.accepts(list(">1~0+10")), lang.accepts(list("+1"))
    (True, False)
    >>> sorted(lang.next_symbols(list("+1")))
    ['+', '0', '1', '>', '~']
    """

    name = "boolean"
    family = "counter"
    regular = False
    source = "Bhattamishra, Ahuja & Goyal 2020 (EMNLP) §4; Sarrof, Veitsman & Hahn 2024 (NeurIPS) Appendix"
    PARAMS = (Param("k", "int", "the number of operators (largest arity)", example=3,
                    minimum=2, maximum=len(OPERATORS)),)

    def _setup(self):
        arity = {a: 0 for a in _OPERANDS}
        arity.update({op: j + 1 for j, op in enumerate(OPERATORS[: self.params["k"]])})
        self._set("arity", arity)

    def _alphabet(self):
        return tuple(self.arity)

    def _accepts(self, word):
        missing = 1
        for symbol in word:
            if missing == 0:
                return False
            missing += self.arity[symbol] - 1
        return missing == 0

    def _machine(self, semantics):
        return _MissingOperandsMachine(self.arity, semantics=semantics,
                                       name=f"{self.label} missing operands", finite=False)

    def _sample(self, length, rng):
        if length == 0:
            raise self._no_member(length, "an expression has at least one symbol")
        states = range(length + 1)
        moves = {c: [(a, c + r - 1, 1) for a, r in self.arity.items() if c + r - 1 <= length]
                 for c in states if c > 0}
        walk = layered_random_walk(length, 1, states, {0}, moves, rng)
        return tuple(symbol for symbol, _ in walk)
