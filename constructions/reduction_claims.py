"""Claims of this package for ``statecheck verify`` (being written; see the owning issue)."""
