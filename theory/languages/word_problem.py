"""Word problems of finite groups: words of elements whose product is the identity.

Source: Merrill, Petty & Sabharwal (2024), *The Illusion of State in State-Space Models* (ICML),
§3 (the word problem of a finite group; S5 is NC¹-complete, after Barrington 1989) and §6 (the
A5, A4×Z5 and Z60 experiments); Barrington (1989), *Bounded-width polynomial-size branching
programs recognize exactly those languages in NC¹*. Elements come from
:mod:`statecheck.theory.groups` (index 0 is the identity; ``mul_table[i, j]`` is the index of
``elements[i] * elements[j]``, ``i`` applied first).
"""

from __future__ import annotations

import numpy as np

from statecheck.errors import BadParameterError, StatecheckError
from statecheck.theory.languages.base import Language, Machine, Param, register

__all__ = ["WordProblem"]


class _GroupElementMachine(Machine):
    """The running product (an element index); every word is a valid prefix."""

    initial = 0

    def __init__(self, mul_table: np.ndarray, **kwargs):
        self._rows = mul_table.tolist()
        order = len(self._rows)
        self._index = {str(i): i for i in range(order)}
        super().__init__(tuple(str(i) for i in range(order)), **kwargs)

    def move(self, state, symbol):
        return self._rows[state][self._index[symbol]]

    def accepting(self, state):
        return state == 0

    def legal(self, state):
        return self.alphabet


@register
class WordProblem(Language):
    """The word problem of a finite group G: words over the element indices ``"0" … "n−1"``
    whose product (left to right) is the identity (index 0).

    Alphabet: the element indices as strings, in index order. Family ``"group"``; regular.
    DFA: the group's Cayley automaton (``group.cayley_dfa()``, one state per element). Reference
    machine: the running product via the multiplication table. Recognition: membership.
    Predictive: every symbol, plus ``$`` iff the prefix's product is the identity.
    Distribution of :meth:`sample`: uniform over members of that length (the first
    ``length − 1`` symbols uniform and independent, the last one the inverse of their product).

    Parameters
    ----------
    group : str or FiniteGroup
        A name understood by ``groups.get`` (e.g. ``"S5"``, ``"A5"``, ``"Z60"``) or a
        FiniteGroup.

    References
    ----------
    - Merrill, Petty & Sabharwal (2024), *The Illusion of State in State-Space Models*, ICML,
      §3.
    - Barrington (1989), *Bounded-width polynomial-size branching programs recognize exactly
      those languages in NC¹*, JCSS.

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("word_problem", group="Z3")
    >>> lang.accepts(["1", "2"]), lang.accepts(["1", "1"])
    (True, False)
    >>> sorted(lang.next_symbols(["1", "2"]))
    ['$', '0', '1', '2']
    """

    name = "word_problem"
    family = "group"
    source = "Merrill, Petty & Sabharwal 2024 (ICML) §3; Barrington 1989"
    PARAMS = (Param("group", "group", "a group name such as 'S5' or a FiniteGroup", example="S5"),)

    def _setup(self):
        from statecheck.theory import groups

        value = self.params["group"]
        try:
            group = groups.get(value)
        except StatecheckError as exc:
            raise BadParameterError(f"word_problem: parameter group={value!r}: {exc}") from None
        self._set("group", group)
        self._set("params", {"group": group.name})

    def _alphabet(self):
        return tuple(str(i) for i in range(self.group.order))

    def _accepts(self, word):
        return self.group.product([int(a) for a in word]) == 0

    def dfa_size_estimate(self):
        return self.group.order

    def _build_dfa(self):
        from statecheck.theory.languages.dfas import tidy

        return tidy(self.group.cayley_dfa())

    def _machine(self, semantics):
        return _GroupElementMachine(np.asarray(self.group.mul_table), semantics=semantics,
                                    name=f"{self.label} running product")

    def _sample(self, length, rng):
        if length == 0:
            return ()
        table = np.asarray(self.group.mul_table)
        order = table.shape[0]
        head = rng.integers(0, order, size=length - 1).tolist()
        product = 0
        for g in head:
            product = int(table[product, g])
        last = int(np.flatnonzero(table[product] == 0)[0])
        return tuple(str(g) for g in head + [last])
