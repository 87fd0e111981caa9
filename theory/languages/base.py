"""The :class:`Language` base class, its parameters, its machines and the catalogue registry.

A language of the catalogue is an immutable object built by :func:`get` from a registry name
and keyword parameters (``get("mod", k=3)``). It knows its alphabet (a tuple in a fixed order),
whether it is regular, its family in Sarrof et al.'s grouping, a membership predicate written
directly from the definition (:meth:`Language.accepts`), its predictive semantics
(:meth:`Language.next_symbols`), a complete DFA when regular (:attr:`Language.dfa`), an exact
reference machine for the equivalence checker (:meth:`Language.reference`) and a sampler of
members of a given length (:meth:`Language.sample`).

Reference machines are subclasses of :class:`Machine`: a transition function that sends an
illegal symbol to the absorbing :data:`DEAD` state, an acceptance test and the set of legal
next symbols, each written from the language's definition. Every state other than ``DEAD`` is
a valid prefix (a prefix of some member).
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from statecheck.errors import (
    BadParameterError,
    BudgetExceededError,
    InvalidPrefixError,
    NoMemberError,
    UnknownNameError,
    UnknownSymbolError,
    check_symbols,
)

__all__ = [
    "Language",
    "Param",
    "Machine",
    "DEAD",
    "END",
    "FAMILIES",
    "MAX_DFA_STATES",
    "register",
    "get",
    "names",
    "default_params",
]

#: The end-of-string marker in next-symbol sets.
END = "$"

#: Sarrof et al.'s grouping of their suite, plus "group" for word problems.
FAMILIES = ("star-free", "non-star-free", "counter", "group")

#: Largest DFA :attr:`Language.dfa` builds; larger ones raise BudgetExceededError.
MAX_DFA_STATES = 10_000

_REQUIRED = object()


class _Dead:
    """The absorbing state of a machine after a symbol that no member continues with."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "DEAD"

    def __reduce__(self):
        return (_Dead, ())


#: The absorbing rejecting state of every :class:`Machine` (not a valid prefix).
DEAD = _Dead()


@dataclass(frozen=True)
class Param:
    """One keyword parameter of a language.

    Attributes
    ----------
    name : str
        The keyword.
    kind : {"int", "probability", "group"}
        ``"int"``: an ``int`` (not a bool) in ``[minimum, maximum]``; ``"probability"``: an
        ``int``, ``float`` or ``Fraction`` in ``[minimum, maximum]``; ``"group"``: a group name
        or a FiniteGroup, resolved by the language itself.
    doc : str
        What it means, used in error messages ("the number of bracket types").
    default : Any
        The value when omitted; absent for a required parameter.
    example : Any
        The value :func:`default_params` proposes for a required parameter.
    minimum, maximum : number or None
        The allowed range (inclusive).
    sampling_only : bool
        True when the parameter changes only :meth:`Language.sample`, not membership (e.g.
        Flip-Flop's ``p_i``); :attr:`Language.membership_label` leaves it out.
    """

    name: str
    kind: str
    doc: str
    default: Any = _REQUIRED
    example: Any = None
    minimum: Any = None
    maximum: Any = None
    sampling_only: bool = False

    @property
    def required(self) -> bool:
        """True when the parameter has no default."""
        return self.default is _REQUIRED

    def expected(self) -> str:
        """A phrase for error messages: what a valid value looks like."""
        what = {"int": "an integer", "probability": "a number", "group": "a group"}[self.kind]
        if self.minimum is not None and self.maximum is not None:
            what += f" from {self.minimum} to {self.maximum}"
        elif self.minimum is not None:
            what += f" >= {self.minimum}"
        return f"{what} ({self.doc})"

    def validate(self, language: str, value: Any) -> Any:
        """Return ``value`` checked against the kind and range, or raise BadParameterError."""
        if self.kind == "group":
            return value
        if isinstance(value, bool) or not isinstance(
            value, (int,) if self.kind == "int" else (int, float, Fraction)
        ):
            raise BadParameterError(
                f"{language}: parameter {self.name}={value!r} has type {type(value).__name__}; "
                f"expected {self.expected()}"
            )
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise BadParameterError(
                f"{language}: parameter {self.name}={value!r} is out of range; "
                f"expected {self.expected()}"
            )
        return value


class Machine:
    """Base class of the catalogue's exact reference machines (steppers of the checker).

    A subclass defines ``initial`` (the start state), :meth:`move` (the next state, or
    :data:`DEAD` when no member continues with that symbol), :meth:`accepting` and
    :meth:`legal` (the symbols, in alphabet order, that keep the prefix valid), each from the
    language's definition. This class turns them into a stepper:

    - ``"recognition"``: ``output`` is membership (a bool); every symbol is explored;
    - ``"predictive"``: ``output`` is ``frozenset(legal) | {"$"}`` when accepting, the empty
      set in ``DEAD``; the checker explores only legal symbols (``symbols``).

    Parameters
    ----------
    alphabet : sequence of str
        The language's alphabet, in its fixed order.
    semantics : {"recognition", "predictive"}
    name : str
        Shown by the checker.
    finite : bool
        False for counter and stack machines (unbounded states): checks against them are
        bounded.
    """

    initial: Hashable = None

    def __init__(self, alphabet: Sequence[str], *, semantics: str, name: str, finite: bool = True):
        if semantics not in ("recognition", "predictive"):
            raise BadParameterError(
                f"semantics must be 'recognition' or 'predictive', got {semantics!r}"
            )
        self.alphabet = tuple(alphabet)
        self.semantics = semantics
        self.name = name
        self.finite = finite
        self.initial_state = self.initial
        self._symbols = frozenset(self.alphabet)

    def move(self, state: Hashable, symbol: str) -> Hashable:
        """The state after ``symbol`` (never called on ``DEAD``); ``DEAD`` if illegal."""
        raise NotImplementedError

    def accepting(self, state: Hashable) -> bool:
        """True iff the prefix that led to ``state`` is a member (never called on ``DEAD``)."""
        raise NotImplementedError

    def legal(self, state: Hashable) -> tuple[str, ...]:
        """The symbols ``a`` (alphabet order) such that prefix + ``a`` is a valid prefix."""
        raise NotImplementedError

    def step(self, state: Hashable, symbol: str) -> Hashable:
        """The next state; ``DEAD`` stays ``DEAD``."""
        if symbol not in self._symbols:
            raise UnknownSymbolError(f"symbol {symbol!r} is not in the alphabet {self.alphabet!r}")
        if state is DEAD:
            return DEAD
        return self.move(state, symbol)

    def output(self, state: Hashable) -> Hashable:
        """Membership (recognition) or the frozenset of legal next symbols (predictive)."""
        if self.semantics == "recognition":
            return False if state is DEAD else bool(self.accepting(state))
        if state is DEAD:
            return frozenset()
        legal = frozenset(self.legal(state))
        return legal | {END} if self.accepting(state) else legal

    def symbols(self, state: Hashable) -> tuple[str, ...]:
        """Symbols the checker explores: all (recognition) or the legal ones (predictive)."""
        if self.semantics == "recognition":
            return self.alphabet
        return () if state is DEAD else tuple(self.legal(state))

    def run(self, word: Iterable[str]) -> Hashable:
        """The state after reading ``word`` from the initial state."""
        state = self.initial_state
        for symbol in word:
            state = self.step(state, symbol)
        return state


_REGISTRY: dict[str, type[Language]] = {}

#: The order of :func:`names` (the order of the papers' tables), independent of import order.
CATALOGUE_ORDER = (
    *(f"tomita{i}" for i in range(1, 8)), "parity", "mod", "mod_arith", "aa_star", "aaaa_star", "abab_star",
    "aa_star_bb_star_cc_star_dd_star_ee_star", "ab_star_d_bc_star", "012_star_02_star", "d",
    "flipflop", "dyck", "dyck1", "shuffle_dyck", "anbn", "anbncn", "anbncndn", "boolean",
    "word_problem",
)


def register(cls: type[Language]) -> type[Language]:
    """Class decorator adding a Language subclass to the catalogue under ``cls.name``.

    Re-registering a class of the same qualified name replaces it (a module reload); two
    different classes under one name raise BadParameterError.
    """
    existing = _REGISTRY.get(cls.name)
    if not cls.name or (existing is not None and existing.__qualname__ != cls.__qualname__):
        raise BadParameterError(f"language name {cls.name!r} is empty or registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def names() -> list[str]:
    """The registry names of the catalogue, in catalogue order."""
    rank = {name: i for i, name in enumerate(CATALOGUE_ORDER)}
    return sorted(_REGISTRY, key=lambda name: rank.get(name, len(rank)))


def _lookup(name: str) -> type[Language]:
    if not isinstance(name, str) or name not in _REGISTRY:
        raise UnknownNameError(
            f"unknown language {name!r}; known languages: {', '.join(names())}"
        )
    return _REGISTRY[name]


def get(name: str, **params: Any) -> Language:
    """The language ``name`` of the catalogue with the given parameters.

    Parameters
    ----------
    name : str
        A registry name (see :func:`names`).
    **params
        The language's parameters (e.g. ``k=3`` for ``"mod"``); required ones must be given.

    Raises
    ------
    UnknownNameError
        ``name`` is not in the catalogue (the message lists the known names).
    BadParameterError
        An unknown, missing, mistyped or out-of-range parameter (named in the message).

    Examples
    --------
    >>> get("mod", k=3).label
    'mod(k=3)'
    """
    return _lookup(name)(**params)


def default_params(name: str) -> dict[str, Any]:
    """Parameters that build ``name``: each default, or an example value for a required one.

    Raises
    ------
    UnknownNameError
        ``name`` is not in the catalogue.
    """
    cls = _lookup(name)
    return {p.name: (p.example if p.required else p.default) for p in cls.PARAMS}


class Language:
    """A formal language of the catalogue (immutable; build it with :func:`get`).

    Subclasses set the class attributes ``name``, ``family``, ``regular``, ``PARAMS`` and
    ``source`` and implement ``_alphabet``, ``_accepts`` and either ``_machine`` (a
    :class:`Machine` subclass instance) or a DFA (``_build_dfa``), and ``_sample``.

    Attributes
    ----------
    name : str
        The registry name (``"mod"``).
    params : dict
        The parameters, defaults filled in (JSON-ready values).
    label : str
        ``name`` with its parameters (``"mod(k=3)"``).
    alphabet : tuple of str
        The symbols in a fixed order: the order of every weight matrix built from it.
    regular : bool
        True iff the language is regular (then :attr:`dfa` is a DFA, else ``None``).
    family : str
        One of :data:`FAMILIES`: ``"star-free"``, ``"non-star-free"``, ``"counter"`` (Sarrof
        et al.'s grouping of their suite) or ``"group"`` (word problems).
    source : str
        Where the definition comes from (paper and section).
    """

    name: ClassVar[str] = ""
    family: str = ""
    regular: ClassVar[bool] = True
    source: ClassVar[str] = ""
    PARAMS: ClassVar[tuple[Param, ...]] = ()

    def __init__(self, **params: Any):
        allowed = {p.name: p for p in self.PARAMS}
        unknown = sorted(set(params) - set(allowed))
        if unknown:
            expected = ", ".join(f"{p.name} ({p.expected()})" for p in self.PARAMS) or "none"
            raise BadParameterError(
                f"{self.name}: unknown parameter(s) {unknown}; its parameters: {expected}"
            )
        values: dict[str, Any] = {}
        for p in self.PARAMS:
            if p.name not in params:
                if p.required:
                    raise BadParameterError(
                        f"{self.name}: missing parameter {p.name}, {p.expected()}; "
                        f"e.g. get({self.name!r}, {p.name}={p.example!r})"
                    )
                values[p.name] = p.default
            else:
                values[p.name] = p.validate(self.name, params[p.name])
        object.__setattr__(self, "params", values)
        self._setup()
        object.__setattr__(self, "alphabet", tuple(self._alphabet()))
        if END in self.alphabet:
            raise BadParameterError(f"{END!r} is reserved for end-of-string")

    # ------------------------------------------------------------------ immutability
    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} objects are immutable (cannot set {key!r})")

    def __delattr__(self, key: str) -> None:
        raise AttributeError(f"{type(self).__name__} objects are immutable (cannot delete {key!r})")

    def _set(self, key: str, value: Any) -> None:
        """Set a derived attribute during ``_setup`` (the only mutation allowed)."""
        object.__setattr__(self, key, value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Language) and (self.name, self.label) == (other.name, other.label)

    def __hash__(self) -> int:
        return hash((self.name, self.label))

    def __repr__(self) -> str:
        return f"<Language {self.label}>"

    # ------------------------------------------------------------------ subclass hooks
    def _setup(self) -> None:
        """Derive attributes from ``self.params`` (use :meth:`_set`)."""

    def _alphabet(self) -> Sequence[str]:
        raise NotImplementedError

    def _accepts(self, word: tuple[str, ...]) -> bool:
        raise NotImplementedError

    def _machine(self, semantics: str) -> Machine | None:
        """The language's own machine, or None to use the DFA as the reference."""
        return None

    def _build_dfa(self):
        raise NotImplementedError

    def dfa_size_estimate(self) -> int | None:
        """Estimated number of states of :attr:`dfa` (``None``: small, no estimate needed)."""
        return None

    def _sample(self, length: int, rng) -> tuple[str, ...]:
        from statecheck.theory.languages.sampling import dfa_random_word

        return dfa_random_word(self, length, rng)

    # ------------------------------------------------------------------ public API
    @property
    def label(self) -> str:
        """The registry name with its parameters, e.g. ``"mod(k=3)"``."""
        if not self.params:
            return self.name
        shown = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.name}({shown})"

    @property
    def membership_label(self) -> str:
        """:attr:`label` without the parameters that only affect sampling (``"flipflop"``)."""
        kept = {p.name for p in self.PARAMS if not p.sampling_only}
        shown = ", ".join(f"{k}={v}" for k, v in self.params.items() if k in kept)
        return f"{self.name}({shown})" if shown else self.name

    def accepts(self, word: Iterable[str]) -> bool:
        """Membership of ``word``, computed directly from the definition (not by the DFA).

        Raises
        ------
        UnknownSymbolError
            A symbol outside :attr:`alphabet` (or a plain string instead of a sequence).
        """
        return bool(self._accepts(check_symbols(word, self.alphabet)))

    def next_symbols(self, prefix: Iterable[str]) -> frozenset[str]:
        """Predictive semantics: the legal next symbols after ``prefix``.

        The symbols ``a`` such that ``prefix + a`` is a prefix of some member, plus ``"$"``
        iff ``prefix`` is itself a member. Computed by the predictive reference machine.

        Raises
        ------
        UnknownSymbolError
            A symbol outside :attr:`alphabet`.
        InvalidPrefixError
            ``prefix`` is not a prefix of any member (the message says where it fails).
        """
        prefix = check_symbols(prefix, self.alphabet)
        machine = self._predictive
        state = machine.initial_state
        for position, symbol in enumerate(prefix):
            legal = machine.output(state)
            if symbol not in legal:
                shown = sorted(legal - {END}) + ([END] if END in legal else [])
                raise InvalidPrefixError(
                    f"{list(prefix[: position + 1])!r} is not a prefix of any member of "
                    f"{self.label}: after {list(prefix[:position])!r} the legal next symbols "
                    f"are {shown!r}"
                )
            state = machine.step(state, symbol)
        return machine.output(state)

    @functools.cached_property
    def _predictive(self):
        return self.reference("predictive")

    @functools.cached_property
    def dfa(self):
        """A complete automata-lib DFA of the language (string states), or None if not regular.

        Built on first access and cached; ``input_symbols`` is ``set(alphabet)``.

        Raises
        ------
        BudgetExceededError
            The estimated number of states exceeds :data:`MAX_DFA_STATES`.
        """
        if not self.regular:
            return None
        estimate = self.dfa_size_estimate()
        if estimate is not None and estimate > MAX_DFA_STATES:
            raise BudgetExceededError(
                f"the DFA of {self.label} would have about {estimate:,} states, more than "
                f"MAX_DFA_STATES={MAX_DFA_STATES:,}; use reference() (its own machine) instead"
            )
        return self._build_dfa()

    def reference(self, semantics: str = "predictive"):
        """An exact reference stepper for the equivalence checker.

        Parameters
        ----------
        semantics : {"predictive", "recognition"}
            ``"recognition"``: output = membership (bool). ``"predictive"``: output = the
            frozenset of legal next symbols (with ``"$"``), and ``symbols(state)`` restricts
            the checker to valid prefixes.

        Returns
        -------
        Machine or DFAStepper
            The language's own machine where it has one (finite-state for regular languages,
            ``finite = False`` for counter languages), else a DFAStepper of :attr:`dfa`.
        """
        if semantics not in ("recognition", "predictive"):
            raise BadParameterError(
                f"semantics must be 'recognition' or 'predictive', got {semantics!r}"
            )
        machine = self._machine(semantics)
        if machine is not None:
            return machine
        from statecheck.theory.check import DFAStepper

        return DFAStepper(self.dfa, alphabet=self.alphabet, semantics=semantics, name=self.label)

    def has_machine(self) -> bool:
        """True iff :meth:`reference` is the language's own machine rather than its DFA."""
        return self._machine("recognition") is not None

    def sample(self, length: int, rng=None) -> tuple[str, ...]:
        """A member of exactly ``length`` symbols (the distribution is in the class docstring).

        Parameters
        ----------
        length : int
            The number of symbols, ``>= 0``.
        rng : numpy.random.Generator or int or None
            The randomness; an int is a seed for ``numpy.random.default_rng``.

        Raises
        ------
        NoMemberError
            The language has no member of that length.
        BadParameterError
            A negative or non-integer length, or an ``rng`` of another type.
        """
        from statecheck.theory.languages.sampling import as_generator

        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise BadParameterError(f"length must be a non-negative integer, got {length!r}")
        return tuple(self._sample(length, as_generator(rng)))

    def _no_member(self, length: int, why: str) -> NoMemberError:
        return NoMemberError(f"{self.label} has no member of length {length}: {why}")
