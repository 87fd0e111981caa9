"""Torch models, data sets, training loop, sweeps and plots."""
