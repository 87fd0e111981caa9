"""Exact objects of statecheck: languages, automata, groups, monoids, classification, checker.

Nothing here imports torch. Submodules: ``languages`` (the catalogue), ``groups`` (finite groups
and word problems), ``algebra`` (transition monoids and classification), ``check`` (the
equivalence checker), ``dfa_io`` (DFA exchange format), ``claims`` (what ``statecheck verify``
runs).
"""
