"""Hand-weighted models and reductions (SSM stacks, WFA-SSM, Minsky RNN, chess, Barrington)."""
