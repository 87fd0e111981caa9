"""Threshold circuits (TC0): IR, builders, evaluation and metrics."""
