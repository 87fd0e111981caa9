"""Torch evaluation of the WFA-SSM: every scan equals the sequential recurrence and the DFA.

The reference is the DFA's own transition dict (automata-lib), walked in Python, and for S5 the
group's prefix products (``statecheck.theory.groups``).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statecheck.constructions.wfa import WFASSM, wfa_ssm
from statecheck.constructions.wfa_torch import REPRESENTATIONS
from statecheck.errors import BadParameterError, UnknownSymbolError
from statecheck.theory import groups
from tests.constructions.test_wfa import random_dfa


def walk(dfa, model, tokens: torch.Tensor) -> torch.Tensor:
    """``(batch, T+1)`` state rows after every prefix, from the DFA's transition dict."""
    row = {q: i for i, q in enumerate(model.states)}
    out = []
    for sequence in tokens.tolist():
        q = dfa.initial_state
        states = [row[q]]
        for t in sequence:
            q = dfa.transitions[q][model.alphabet[t]]
            states.append(row[q])
        out.append(states)
    return torch.tensor(out, dtype=torch.long)


@pytest.mark.parametrize("length", [0, 1, 2, 3, 5, 17, 64, 100])
def test_every_representation_and_mode_equals_the_dfa(length):
    torch.manual_seed(length)
    dfa = random_dfa(np.random.default_rng(length), max_states=7, max_symbols=3)
    model = wfa_ssm(dfa)
    module = model.to_torch()
    tokens = torch.randint(0, len(model.alphabet), (6, length))
    expected_states = walk(dfa, model, tokens)
    accepting = torch.tensor([q in dfa.final_states for q in model.states])
    for representation, modes in REPRESENTATIONS.items():
        for mode in modes:
            accepted = module(tokens, representation=representation, mode=mode)
            assert accepted.shape == (6, length + 1)
            assert torch.equal(accepted, accepting[expected_states]), (representation, mode)
            if representation != "dense":
                indices = module.state_indices(tokens, representation=representation, mode=mode)
                assert torch.equal(indices, expected_states), (representation, mode)
    for mode in REPRESENTATIONS["dense"]:
        states = module.states(tokens, mode=mode)
        one_hot = torch.nn.functional.one_hot(expected_states, model.dim).to(states.dtype)
        assert torch.equal(states, one_hot), mode  # 0/1 sums: the float run is exact


def test_s5_monoid_scans_equal_the_group_prefix_products():
    group = groups.get("S5")
    dfa = group.cayley_dfa()
    model = wfa_ssm(dfa)
    module = model.to_torch()
    generator = torch.Generator().manual_seed(0)
    tokens = torch.randint(0, 120, (4, 300), generator=generator)
    symbol_value = [int(a) for a in model.alphabet]  # alphabet is sorted as strings
    for mode in ("sequential", "scan", "tree"):
        indices = module.state_indices(tokens, representation="monoid", mode=mode)
        for row, sequence in zip(indices.tolist(), tokens.tolist(), strict=True):
            products = group.prefix_products([symbol_value[t] for t in sequence])
            assert [model.states[q] for q in row] == ["0"] + [str(p) for p in products]


def test_encode_checks_symbols_and_lengths():
    model = wfa_ssm(random_dfa(np.random.default_rng(4), max_states=3, max_symbols=2))
    module = model.to_torch()
    encoded = module.encode([list(model.alphabet), list(reversed(model.alphabet))])
    assert encoded.tolist() == [list(range(len(model.alphabet))),
                                list(reversed(range(len(model.alphabet))))]
    with pytest.raises(UnknownSymbolError, match="'zz'"):
        module.encode([["zz"]])
    with pytest.raises(UnknownSymbolError, match="string"):
        module.encode(["ab"])
    with pytest.raises(BadParameterError, match="equal length"):
        module.encode([[model.alphabet[0]], []])


def test_bad_representation_mode_and_non_dfa_weights_are_refused():
    model = wfa_ssm(random_dfa(np.random.default_rng(4), max_states=3, max_symbols=2))
    module = model.to_torch()
    tokens = torch.zeros(1, 3, dtype=torch.long)
    with pytest.raises(BadParameterError, match="'sparse'"):
        module(tokens, representation="sparse")
    with pytest.raises(BadParameterError, match="'tree'"):
        module(tokens, representation="dense", mode="tree")
    doubling = WFASSM(alphabet=("a",), states=("x",), A={"a": [[2]]}, h0=[1], C=[1])
    counting = doubling.to_torch(dtype="fp64")
    assert counting(torch.zeros(1, 4, dtype=torch.long), mode="sequential").tolist() == [[True] * 5]
    with pytest.raises(BadParameterError, match="DFA-shaped"):
        counting(torch.zeros(1, 4, dtype=torch.long), representation="maps")


@pytest.mark.gpu
def test_monoid_tree_scan_on_cuda_equals_cpu():
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    dfa = groups.get("S5").cayley_dfa()
    module = wfa_ssm(dfa).to_torch()
    tokens = torch.randint(0, 120, (64, 1024))
    cpu = module.state_indices(tokens, representation="monoid", mode="tree")
    gpu = module.to("cuda").state_indices(tokens.cuda(), representation="monoid", mode="tree")
    assert torch.equal(gpu.cpu(), cpu)
