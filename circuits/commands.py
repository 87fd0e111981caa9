"""CLI commands of this package (being written; see the owning issue). ``register(app)`` adds them."""

from __future__ import annotations

__all__ = ["register"]


def register(app) -> None:
    """Add this package's commands to the typer ``app`` (none yet)."""
