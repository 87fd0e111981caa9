"""D_n: Dyck-1 words of depth at most n over ``{a, b}`` (star-free).

Source: Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
Recognize Formal Languages* (EMNLP), §5 (``D_n``, defined by ``D_0 = ε`` and
``D_n = (a D_{n−1} b)*``; star-free, dot-depth n); Sarrof, Veitsman & Hahn (2024), *The
Expressive Capacity of State Space Models: A Formal Language Perspective* (NeurIPS), Appendix
(suite ``D-2``, ``D-3``, ``D-4``, ``D-12``; generator class ``D_nLanguage``).
"""

from __future__ import annotations

from statecheck.theory.languages.base import DEAD, Language, Machine, Param, register
from statecheck.theory.languages.dfas import regex_dfa

__all__ = ["DepthBoundedDyck1"]

_AB = ("a", "b")


class _BoundedCounterMachine(Machine):
    """The depth ``d ∈ 0..n``: ``a`` raises it (legal iff ``d < n``), ``b`` lowers it (legal iff
    ``d > 0``); a member ends at depth 0."""

    initial = 0

    def __init__(self, n: int, **kwargs):
        self.n = n
        super().__init__(_AB, **kwargs)

    def move(self, state, symbol):
        if symbol == "a":
            return state + 1 if state < self.n else DEAD
        return state - 1 if state > 0 else DEAD

    def accepting(self, state):
        return state == 0

    def legal(self, state):
        return (("a",) if state < self.n else ()) + (("b",) if state > 0 else ())


@register
class DepthBoundedDyck1(Language):
    """``D_n``: balanced words over ``a`` (open) and ``b`` (close) whose depth never exceeds n.

    ``D_0 = {ε}``, ``D_n = (a D_{n−1} b)*``. Star-free for every n. DFA: automata-lib from the
    nested regex ``(a(a(…)*b)*b)*``; reference machine: the depth counter bounded by n (its
    ``n + 1`` states plus the dead state). Predictive: ``a`` iff depth ``< n``, ``b`` iff depth
    ``> 0``, ``$`` iff depth ``= 0``. Distribution of :meth:`sample`: uniform over members of
    that length (odd lengths have none).

    Parameters
    ----------
    n : int
        The depth bound, ``1 ≤ n ≤ 64``.

    References
    ----------
    - Bhattamishra, Ahuja & Goyal (2020), *On the Ability and Limitations of Transformers to
      Recognize Formal Languages*, EMNLP, §5 (D_n).
    - Sarrof, Veitsman & Hahn (2024), *The Expressive Capacity of State Space Models: A Formal
      Language Perspective*, NeurIPS, Appendix (suite D-2, D-3, D-4, D-12).

    Examples
    --------
    >>> from statecheck.theory import languages
    >>> lang = languages.get("d", n=2)
    >>> lang.accepts(list("aabbab")), lang.accepts(list("aaabbb"))
    (True, False)
    >>> sorted(lang.next_symbols(list("aa")))
    ['b']
    """

    name = "d"
    family = "star-free"
    source = "Bhattamishra, Ahuja & Goyal 2020 (EMNLP) §5; Sarrof, Veitsman & Hahn 2024 (NeurIPS) Appendix"
    PARAMS = (Param("n", "int", "the depth bound", example=2, minimum=1, maximum=64),)

    def _alphabet(self):
        return _AB

    def _accepts(self, word):
        depth = 0
        for symbol in word:
            depth += 1 if symbol == "a" else -1
            if depth < 0 or depth > self.params["n"]:
                return False
        return depth == 0

    def dfa_size_estimate(self):
        return self.params["n"] + 2

    def _build_dfa(self):
        regex = ""
        for _ in range(self.params["n"]):
            regex = f"(a{regex}b)*"
        return regex_dfa(regex, _AB)

    def _machine(self, semantics):
        n = self.params["n"]
        return _BoundedCounterMachine(n, semantics=semantics, name=f"{self.label} depth counter")
