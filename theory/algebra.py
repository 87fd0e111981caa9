"""Transition monoids and the algebraic classification of regular languages and groups.

The *transition monoid* of a complete DFA with states ``Q`` and alphabet ``Σ`` is the set of
maps ``Q → Q`` induced by words: a word ``w`` induces ``t_w(q) = δ*(q, w)``, the empty word the
identity, and ``t_{uv} = t_v ∘ t_u`` (read ``u`` first). For the *minimal* DFA of a language
``L`` it is the syntactic monoid of ``L``, and its algebra decides where ``L`` sits:

- **aperiodic** (every H-class trivial; equivalently ``x^n = x^{n+1}`` for every element, ``n``
  the number of states) ⇔ ``L`` is **star-free** (Schützenberger 1965) ⇔ ``L`` is in FO[<] ⊂
  **AC⁰** (McNaughton & Papert 1971);
- **solvable** (every subgroup solvable; it suffices to check the maximal subgroups, the
  H-classes of idempotents) ⇒ ``L`` is in **ACC⁰** (Barrington & Thérien 1988);
- a **non-solvable** subgroup ⇒ ``L`` is **NC¹-complete** (Barrington 1989).

:func:`classify` adds the verdicts the state-tracking theorems give per architecture:

- finite-precision SSM with non-negative diagonal gates (Mamba-style): exactly the star-free
  languages (Sarrof, Veitsman & Hahn 2024, Thm 2 and Thm 4);
- finite-precision diagonal SSM with gates in [−1, 1]: the star-free languages and those whose
  subgroups are all 2-groups (a Krohn–Rhodes cascade of set-reset layers and ``A = −1`` parity
  layers, as in the proof of Sarrof et al. Thm 4 with Grazzi et al. 2025's negative
  eigenvalues); counting modulo 3 needs non-triangular transitions (Grazzi et al. 2025), the
  general case is left open here;
- fixed-depth, log-precision transformer / S4 / S6: in L-uniform TC⁰ (Merrill, Petty &
  Sabharwal 2024, §4), so no NC¹-complete language unless TC⁰ = NC¹;
- one-layer RNN-SSM / WFA-SSM (IDS4): every regular language (Merrill et al. 2024, Thm 5.1 and
  Thm 5.2).

The monoid is enumerated by libsemigroups' Froidure–Pin algorithm (C++), which lists elements
with their short-lex least words; Green's structure (regular D-classes, H-class sizes) comes
from libsemigroups' Konieczny algorithm; each maximal subgroup is rebuilt exactly as a sympy
permutation group on the image of an idempotent.

Examples
--------
>>> from statecheck.theory import algebra, languages
>>> algebra.classify(languages.get("parity")).class_
'ACC0'
>>> algebra.transition_monoid(languages.get("tomita4").dfa).aperiodic
True
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from statecheck.errors import BadParameterError, BudgetExceededError

__all__ = [
    "TransitionMonoid",
    "MaximalSubgroup",
    "Classification",
    "Verdict",
    "transition_monoid",
    "classify",
    "ARCHITECTURES",
    "DEFAULT_MAX_MONOID",
]

#: Largest transition monoid :func:`transition_monoid` enumerates by default.
DEFAULT_MAX_MONOID = 2_000_000

#: The architectures :func:`classify` gives verdicts for, in table order.
ARCHITECTURES = (
    "non-negative finite-precision SSM (Mamba-style)",
    "finite-precision diagonal SSM with gates in [-1, 1]",
    "fixed-depth log-precision transformer / S4 / S6",
    "one-layer RNN-SSM / WFA-SSM (IDS4)",
)


@contextmanager
def _report_guard():
    """Silence libsemigroups' progress reports while the block runs (its guard is an object)."""
    from libsemigroups_pybind11 import ReportGuard

    guard = ReportGuard(False)
    try:
        yield guard
    finally:
        del guard


@dataclass(frozen=True)
class MaximalSubgroup:
    """The maximal subgroup (H-class) at an idempotent ``e``, one per regular D-class.

    Attributes
    ----------
    idempotent : int
        Index of ``e`` in :attr:`TransitionMonoid.elements`.
    word : tuple of str
        The short-lex least word inducing ``e``.
    rank : int
        ``|image(e)|``; the group acts faithfully on the image.
    group : sympy.combinatorics.PermutationGroup
        The H-class of ``e`` as permutations of ``image(e)`` (point ``i`` = the ``i``-th
        state of the image in state order); sympy's ``p*q`` applies ``p`` first, as words do.
    d_class_size : int
        Number of elements of the D-class.
    """

    idempotent: int
    word: tuple[str, ...]
    rank: int
    group: Any
    d_class_size: int

    @property
    def order(self) -> int:
        """The group's order."""
        return int(self.group.order())

    @property
    def solvable(self) -> bool:
        """Whether the group is solvable."""
        return bool(self.group.is_solvable)

    @property
    def is_2_group(self) -> bool:
        """Whether the order is a power of two (every composition factor is Z2)."""
        order = self.order
        return order & (order - 1) == 0


class TransitionMonoid:
    """The transition monoid of a complete DFA (see the module docstring).

    Built by :func:`transition_monoid`; immutable.

    Attributes
    ----------
    alphabet : tuple of str
        The symbol order (generator ``i`` is ``alphabet[i]``).
    states : tuple
        The DFA's states; a transformation ``x`` sends state ``states[q]`` to
        ``states[x[q]]``.
    elements : tuple of tuple of int
        Every element as a transformation of state indices. ``elements[0]`` is the identity
        (the empty word); the others follow the short-lex order of their least words.
    words : tuple of tuple of str
        ``words[i]`` is the short-lex least word inducing ``elements[i]`` (``()`` for the
        identity).
    size : int
        Number of elements, the identity included.
    """

    def __init__(self, alphabet: Sequence[str], states: Sequence[Any], table: np.ndarray, *,
                 max_size: int = DEFAULT_MAX_MONOID):
        from libsemigroups_pybind11 import FroidurePin, Transf, froidure_pin

        self.alphabet = tuple(alphabet)
        self.states = tuple(states)
        n = len(self.states)
        table = np.asarray(table, dtype=np.int64).reshape(n, len(self.alphabet))
        self._table = table
        identity = tuple(range(n))
        if not self.alphabet:
            elements, words = [identity], [()]
        else:
            with _report_guard():
                generators = [Transf([int(x) for x in table[:, j]]) for j in range(len(self.alphabet))]
                semigroup = FroidurePin(generators)
                semigroup.enumerate(max_size + 1)
                if not semigroup.finished() or semigroup.current_size() > max_size:
                    raise BudgetExceededError(
                        f"the transition monoid has more than {max_size:,} elements "
                        f"({n} states, {len(self.alphabet)} symbols); raise max_size to enumerate it"
                    )
                forms = froidure_pin.normal_forms(semigroup)
                elements, words = [identity], [()]
                for element, form in zip(semigroup.current_elements(), forms, strict=True):
                    image = tuple(int(x) for x in element)
                    if image == identity:
                        continue  # the identity keeps the empty word
                    elements.append(image)
                    words.append(tuple(self.alphabet[i] for i in form))
        self.elements = tuple(elements)
        self.words = tuple(words)
        self.size = len(self.elements)
        self._index = {e: i for i, e in enumerate(self.elements)}

    def __repr__(self) -> str:
        return (f"TransitionMonoid(size={self.size}, states={len(self.states)}, "
                f"alphabet={self.alphabet!r})")

    def __len__(self) -> int:
        return self.size

    # -- elements --------------------------------------------------------------------------------
    @cached_property
    def array(self) -> np.ndarray:
        """``array[i, q]`` = ``elements[i][q]``, a read-only ``(size, n_states)`` int array."""
        array = np.array(self.elements, dtype=np.int64).reshape(self.size, len(self.states))
        array.flags.writeable = False
        return array

    def index(self, transformation: Sequence[int]) -> int:
        """Index of a transformation in :attr:`elements` (KeyError if not in the monoid)."""
        return self._index[tuple(int(x) for x in transformation)]

    def of_word(self, word: Sequence[str]) -> int:
        """Index of the element induced by ``word`` (read left to right)."""
        from statecheck.errors import check_symbols

        column = {a: j for j, a in enumerate(self.alphabet)}
        current = np.arange(len(self.states))
        for symbol in check_symbols(word, self.alphabet):
            current = self._table[current, column[symbol]]
        return self.index(current)

    def multiply(self, i: int, j: int) -> int:
        """Index of ``elements[i]`` followed by ``elements[j]`` (the word ``words[i] + words[j]``)."""
        x, y = self.array[i], self.array[j]
        return self.index(y[x])

    # -- structure -------------------------------------------------------------------------------
    @cached_property
    def _idempotent_mask(self) -> np.ndarray:
        array = self.array
        return (np.take_along_axis(array, array, axis=1) == array).all(axis=1)

    def idempotents(self) -> list[int]:
        """Indices of the idempotents ``e = e·e``, in element order."""
        return [int(i) for i in np.flatnonzero(self._idempotent_mask)]

    @cached_property
    def aperiodic(self) -> bool:
        """True iff every element satisfies ``x^n = x^{n+1}`` (``n`` = number of states).

        A transformation of ``n`` points has index at most ``n``, so ``x^n`` lies on its cycle;
        the cycle is trivial for every ``x`` iff every H-class is trivial.
        """
        array = self.array
        n = max(1, len(self.states))
        power = array.copy()
        for _ in range(n - 1):
            power = np.take_along_axis(array, power, axis=1)  # x^{k+1}[q] = x[x^k[q]]
        following = np.take_along_axis(array, power, axis=1)
        return bool((following == power).all())

    def maximal_subgroups(self) -> list[MaximalSubgroup]:
        """One maximal subgroup per regular D-class, from the top (the group of units) down.

        In a finite monoid Green's D equals J, and ``x J y`` iff each is reachable from the
        other in the two-sided Cayley graph (edges ``x → x·a`` and ``x → a·x``), so the
        D-classes are that graph's strongly connected components. A D-class is regular iff it
        holds an idempotent; in each, the first idempotent ``e`` (element order) is taken and
        its H-class rebuilt as ``{y : e·y·e = y and y permutes image(e)}`` — the group of units
        of ``eMe``. (libsemigroups' Konieczny computes the same structure but only for at most
        64 states.)
        """
        return list(self._maximal_subgroups)

    @cached_property
    def d_classes(self) -> np.ndarray:
        """``d_classes[i]`` labels the D-class (= J-class) of ``elements[i]``."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        array = self.array
        size = self.size
        sources, targets = [], []
        for j in range(len(self.alphabet)):
            letter = self._table[:, j]
            sources.append(np.arange(size))
            targets.append(self._lookup(letter[array]))           # x·a: x first, then a
            sources.append(np.arange(size))
            targets.append(self._lookup(array[:, letter]))        # a·x: a first, then x
        if not sources:
            return np.zeros(size, dtype=np.int64)
        rows, cols = np.concatenate(sources), np.concatenate(targets)
        graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(size, size))
        _, labels = connected_components(graph.tocsr(), directed=True, connection="strong")
        return labels

    def _lookup(self, rows: np.ndarray) -> np.ndarray:
        """Indices of transformations given as rows (all must be elements)."""
        keys, order = self._keys
        query = np.ascontiguousarray(rows, dtype=np.int64).view(keys.dtype).ravel()
        return order[np.searchsorted(keys[order], query)]

    @cached_property
    def _keys(self):
        keys = np.ascontiguousarray(self.array).view(
            np.dtype((np.void, 8 * max(1, len(self.states))))).ravel()
        return keys, np.argsort(keys)

    @cached_property
    def _maximal_subgroups(self) -> tuple[MaximalSubgroup, ...]:
        if not self.states:
            return ()
        array = self.array
        labels = self.d_classes
        sizes = np.bincount(labels)
        found = []
        seen = set()
        for i in self.idempotents():
            label = int(labels[i])
            if label in seen:
                continue
            seen.add(label)
            group = self._h_class_group(i, array)
            rank = len(set(self.elements[i]))
            found.append(MaximalSubgroup(i, self.words[i], rank, group, int(sizes[label])))
        found.sort(key=lambda s: (-s.rank, s.idempotent))
        return tuple(found)

    def _h_class_group(self, e_index: int, array: np.ndarray):
        from sympy.combinatorics import Permutation, PermutationGroup

        e = array[e_index]
        image = np.array(sorted(set(e.tolist())), dtype=np.int64)
        rank = len(image)
        # e·y·e (e first, then y, then e) sends q to e[y[e[q]]].
        sandwich = e[array[:, e]]
        in_eme = (sandwich == array).all(axis=1)
        restricted = array[in_eme][:, image]  # y restricted to image(e)
        position = np.full(len(self.states), -1, dtype=np.int64)
        position[image] = np.arange(rank)
        relabelled = position[restricted]
        bijective = (np.sort(relabelled, axis=1) == np.arange(rank)).all(axis=1)
        perms = {tuple(row) for row in relabelled[bijective].tolist()}
        group = PermutationGroup([Permutation(list(range(rank)), size=rank)])
        for perm in sorted(perms):
            p = Permutation(list(perm), size=rank)
            if not group.contains(p):
                group = PermutationGroup([*group.generators, p])
            if group.order() == len(perms):
                break
        return group

    @cached_property
    def solvable(self) -> bool:
        """True iff every maximal subgroup (hence every subgroup) is solvable."""
        return all(s.solvable for s in self._maximal_subgroups)


def _dfa_table(dfa, alphabet: Sequence[str] | None):
    from statecheck.theory.check import DFAStepper

    stepper = DFAStepper(dfa, alphabet=alphabet)
    return stepper.alphabet, stepper.states, stepper.table


def transition_monoid(dfa, *, alphabet: Sequence[str] | None = None,
                      max_size: int = DEFAULT_MAX_MONOID) -> TransitionMonoid:
    """The transition monoid of an automata-lib DFA (completed with a sink if partial).

    Parameters
    ----------
    dfa : automata.fa.dfa.DFA
        The automaton, as given (not minimised: use :func:`classify` for the syntactic monoid).
    alphabet : sequence of str, optional
        The symbol order (default: sorted input symbols).
    max_size : int
        Refuse past this many elements.

    Returns
    -------
    TransitionMonoid
        Every element with its short-lex least word; the identity (empty word) included.

    Raises
    ------
    BudgetExceededError
        More than ``max_size`` elements.
    """
    if not isinstance(max_size, int) or max_size < 1:
        raise BadParameterError(f"max_size must be a positive integer, got {max_size!r}")
    symbols, states, table = _dfa_table(dfa, alphabet)
    return TransitionMonoid(symbols, states, table, max_size=max_size)


# ------------------------------------------------------------------------------- classification
@dataclass(frozen=True)
class Verdict:
    """What a theorem says about one architecture: ``expressible`` is True, False or "open"."""

    architecture: str
    expressible: bool | str
    source: str

    def to_dict(self) -> dict:
        """The JSON object ``{architecture, expressible, source}``."""
        return {"architecture": self.architecture, "expressible": self.expressible,
                "source": self.source}


@dataclass(frozen=True)
class Classification:
    """The result of :func:`classify` (JSON keys of ``statecheck classify``).

    Attributes
    ----------
    subject : str
        What was classified.
    regular : bool
        False for the catalogue's counter languages (no finite monoid).
    states : int or None
        States of the minimal complete DFA (for a group: its order, the Cayley DFA's states).
    monoid_size : int or None
        Size of the syntactic (transition) monoid of the minimal DFA.
    aperiodic, star_free, solvable : bool or None
        ``star_free`` equals ``aperiodic`` (Schützenberger); ``None`` where not defined.
    class_ : str
        ``"AC0"``, ``"ACC0"``, ``"NC1-complete"``, or ``"TC0"`` for the counter languages.
    subgroups : list of dict
        The non-trivial maximal subgroups, one per regular D-class: ``{order, solvable}``.
    verdicts : list of Verdict
        One per entry of :data:`ARCHITECTURES`.
    reason : str
        Why the class is what it is, in one sentence.
    """

    subject: str
    regular: bool
    states: int | None
    monoid_size: int | None
    aperiodic: bool | None
    star_free: bool | None
    solvable: bool | None
    class_: str
    subgroups: list[dict]
    verdicts: list[Verdict]
    reason: str
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The JSON object of ``statecheck classify --json``."""
        return {
            "states": self.states,
            "monoid_size": self.monoid_size,
            "aperiodic": self.aperiodic,
            "star_free": self.star_free,
            "solvable": self.solvable,
            "class": self.class_,
            "subgroups": list(self.subgroups),
            "verdicts": [v.to_dict() for v in self.verdicts],
            "regular": self.regular,
            "reason": self.reason,
            **self.extra,
        }

    def verdict(self, architecture: str) -> Verdict:
        """The verdict for one of :data:`ARCHITECTURES` (a prefix of the name suffices)."""
        for v in self.verdicts:
            if v.architecture.startswith(architecture):
                return v
        raise BadParameterError(
            f"unknown architecture {architecture!r}; expected one of {list(ARCHITECTURES)}"
        )


SARROF = "Sarrof, Veitsman & Hahn 2024"
MERRILL = "Merrill, Petty & Sabharwal 2024"


def _regular_verdicts(aperiodic: bool, solvable: bool, all_2_groups: bool) -> list[Verdict]:
    nonneg = Verdict(
        ARCHITECTURES[0], aperiodic,
        f"{SARROF}, Thm 4 (non-negative finite-precision SSMs recognise exactly the star-free "
        f"languages; Thm 2: not PARITY)",
    )
    if aperiodic:
        signed = Verdict(ARCHITECTURES[1], True, f"{SARROF}, Thm 4 (star-free; [0,1] ⊂ [-1,1])")
    elif all_2_groups:
        signed = Verdict(
            ARCHITECTURES[1], True,
            f"every subgroup is a 2-group: Krohn–Rhodes cascade of set-reset and A = -1 layers "
            f"({SARROF}, proof of Thm 4; Grazzi et al. 2025)",
        )
    else:
        signed = Verdict(
            ARCHITECTURES[1], "open",
            "a subgroup of order not a power of 2: counting mod 3 needs non-triangular "
            "transitions (Grazzi et al. 2025); the general case is not settled here",
        )
    if solvable:
        tc0 = Verdict(
            ARCHITECTURES[2], "open",
            f"in ACC0 ⊆ TC0, so the TC0 upper bound ({MERRILL}, §4) does not exclude it",
        )
    else:
        tc0 = Verdict(
            ARCHITECTURES[2], False,
            f"NC1-complete (Barrington 1989); these models are in L-uniform TC0 ({MERRILL}, §4), "
            f"so not expressible unless TC0 = NC1",
        )
    rnn = Verdict(ARCHITECTURES[3], True,
                  f"{MERRILL}, Thm 5.1 (RNN-SSM) and Thm 5.2 (WFA-SSM): every regular language")
    return [nonneg, signed, tc0, rnn]


def _counter_verdicts() -> list[Verdict]:
    return [
        Verdict(ARCHITECTURES[0], False,
                f"finite precision means finitely many states; the counters of {SARROF}, Thm 5 "
                f"need ⌈log₂(n+1)⌉ bits at length n"),
        Verdict(ARCHITECTURES[1], False,
                "finite precision means finitely many states: no non-regular language"),
        Verdict(ARCHITECTURES[2], True,
                f"A = 1, B = ±1 counters at log precision ({SARROF}, Thm 5)"),
        Verdict(ARCHITECTURES[3], "open",
                f"{MERRILL}, Thm 5.1/5.2 cover regular languages only"),
    ]


def _class_of(aperiodic: bool, solvable: bool) -> tuple[str, str]:
    if aperiodic:
        return "AC0", "aperiodic monoid: star-free (Schützenberger), hence in AC0"
    if solvable:
        return "ACC0", "every subgroup solvable, some non-trivial: in ACC0 (Barrington–Thérien)"
    return "NC1-complete", "a non-solvable subgroup: NC1-complete (Barrington 1989)"


def _classify_dfa(dfa, subject: str, alphabet=None, max_size: int = DEFAULT_MAX_MONOID,
                  extra: dict | None = None) -> Classification:
    from statecheck.theory.dfa_io import complete_dfa

    complete, _ = complete_dfa(dfa)
    minimal = complete.minify(retain_names=False)
    minimal, _ = complete_dfa(minimal)
    monoid = transition_monoid(minimal, alphabet=alphabet, max_size=max_size)
    subgroups = [s for s in monoid.maximal_subgroups() if s.order > 1]
    aperiodic = monoid.aperiodic
    solvable = all(s.solvable for s in subgroups)
    all_2 = all(s.is_2_group for s in subgroups)
    class_, reason = _class_of(aperiodic, solvable)
    info = {"input_states": len(complete.states), **(extra or {})}
    return Classification(
        subject=subject, regular=True, states=len(minimal.states), monoid_size=monoid.size,
        aperiodic=aperiodic, star_free=aperiodic, solvable=solvable, class_=class_,
        subgroups=[{"order": s.order, "solvable": s.solvable} for s in subgroups],
        verdicts=_regular_verdicts(aperiodic, solvable, all_2), reason=reason, extra=info,
    )


def _classify_group(group) -> Classification:
    order = group.order
    aperiodic = order == 1
    solvable = group.is_solvable
    class_, reason = _class_of(aperiodic, solvable)
    subgroups = [] if aperiodic else [{"order": order, "solvable": solvable}]
    return Classification(
        subject=f"group {group.name}", regular=True, states=order, monoid_size=order,
        aperiodic=aperiodic, star_free=aperiodic, solvable=solvable, class_=class_,
        subgroups=subgroups,
        verdicts=_regular_verdicts(aperiodic, solvable, order & (order - 1) == 0),
        reason=f"the word problem's syntactic monoid is the group itself; {reason}",
    )


def classify(subject, *, max_size: int = DEFAULT_MAX_MONOID) -> Classification:
    """Classify a language, a DFA or a finite group (see the module docstring).

    Parameters
    ----------
    subject : automata-lib DFA, Language or FiniteGroup
        A DFA is completed and minimised first, so its monoid is the syntactic monoid of its
        language. A regular catalogue language is classified through its DFA; a counter
        language is reported as ``"TC0"`` with its verdicts. A group is classified as the
        syntactic monoid of its word problem (the group itself).
    max_size : int
        Refuse monoids with more elements.

    Returns
    -------
    Classification

    Raises
    ------
    BadParameterError
        An object of another type.
    BudgetExceededError
        A monoid (or a language's DFA) past the budget.
    """
    from automata.fa.dfa import DFA

    from statecheck.theory.groups import FiniteGroup
    from statecheck.theory.languages import Language

    if isinstance(subject, FiniteGroup):
        return _classify_group(subject)
    if isinstance(subject, Language):
        if not subject.regular:
            return Classification(
                subject=subject.label, regular=False, states=None, monoid_size=None,
                aperiodic=None, star_free=False, solvable=None, class_="TC0", subgroups=[],
                verdicts=_counter_verdicts(),
                reason="a counter language: not regular; counts and prefix-sum tests put it in TC0",
                extra={"family": subject.family},
            )
        if subject.name == "word_problem":
            result = _classify_group(subject.group)
            return Classification(**{**result.__dict__, "subject": subject.label})
        return _classify_dfa(subject.dfa, subject.label, alphabet=subject.alphabet,
                             max_size=max_size, extra={"family": subject.family})
    if isinstance(subject, DFA):
        return _classify_dfa(subject, "DFA", max_size=max_size)
    raise BadParameterError(
        f"classify expects an automata-lib DFA, a Language or a FiniteGroup, got "
        f"{type(subject).__name__}"
    )
