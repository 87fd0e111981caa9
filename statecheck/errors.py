"""Errors raised by statecheck for bad input or refused work.

Every error is a :class:`StatecheckError` (itself a :class:`ValueError`). The message names the
bad value and says what was expected; the CLI prints it as one line on stderr and exits with
status 2, without a traceback.
"""

from __future__ import annotations

__all__ = [
    "StatecheckError",
    "UnknownNameError",
    "BadParameterError",
    "UnknownSymbolError",
    "InvalidPrefixError",
    "MalformedDFAError",
    "NotAPermutationError",
    "BudgetExceededError",
    "NoMemberError",
]


class StatecheckError(ValueError):
    """Root of every error statecheck raises on purpose (bad input, refused work)."""


class UnknownNameError(StatecheckError, KeyError):
    """A name (language, group, claim, architecture) that no registry knows."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class BadParameterError(StatecheckError):
    """A parameter outside its allowed range (e.g. ``k=0``) or of the wrong type."""


class UnknownSymbolError(StatecheckError):
    """A symbol outside the alphabet of a language, automaton or model."""


class InvalidPrefixError(StatecheckError):
    """A word that is not a prefix of any member, where a valid prefix was required."""


class MalformedDFAError(StatecheckError):
    """A DFA description that is not valid (missing key, unknown state, bad JSON)."""


class NotAPermutationError(StatecheckError):
    """A list that is not a permutation of ``0..n-1`` (or of the wrong size)."""


class BudgetExceededError(StatecheckError):
    """Work refused because it would exceed a stated budget (states, gates, length)."""


class NoMemberError(StatecheckError):
    """A language has no member of the requested length."""


def check_symbols(word, alphabet, *, what: str = "alphabet") -> tuple[str, ...]:
    """Return ``word`` as a tuple after checking every symbol is in ``alphabet``.

    Parameters
    ----------
    word : iterable of str
        The word; a plain string is *not* split into characters here (pass a list or tuple).
    alphabet : collection of str
        The allowed symbols.

    Raises
    ------
    UnknownSymbolError
        Naming the first symbol outside ``alphabet`` and its position.
    """
    if isinstance(word, str):
        raise UnknownSymbolError(
            f"a word must be a sequence of symbols, not the string {word!r}; "
            f"pass a tuple or list (e.g. {tuple(word)!r})"
        )
    word = tuple(word)
    allowed = alphabet if isinstance(alphabet, (set, frozenset, dict)) else frozenset(alphabet)
    for position, symbol in enumerate(word):
        if symbol not in allowed:
            shown = tuple(alphabet) if isinstance(alphabet, (tuple, list)) else tuple(sorted(allowed))
            raise UnknownSymbolError(
                f"symbol {symbol!r} at position {position} is not in the {what} {shown!r}"
            )
    return word
