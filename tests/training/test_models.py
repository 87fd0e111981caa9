"""The trained architectures of :mod:`statecheck.training.models`: the registry contract, bad input,
causality, and every parallel path against its sequential reference (forward and gradients)."""

from __future__ import annotations

import doctest
import math

import pytest
import torch
from torch.testing import assert_close

from statecheck.errors import BadParameterError, UnknownNameError
from statecheck.theory import groups
from statecheck.training import ids4, mamba, models, transformer

torch.set_num_threads(1)

ALL = ["rnn", "lstm", "gru", "transformer", "s4", "mamba", "mamba_neg", "ids4"]
SIZES = {"vocab_size": 5, "n_classes": 4, "layers": 2, "d_model": 8}
#: Small state sizes keep the float64 comparisons fast.
SMALL = {"s4": {"d_state": 4}, "mamba": {"d_state": 4}, "mamba_neg": {"d_state": 4}, "ids4": {"d_state": 4}}
#: float64 tolerances for parallel vs sequential evaluation of the same model.
TOL = {"rtol": 1e-9, "atol": 1e-10}


def _model(arch: str, seed: int = 0, **options) -> torch.nn.Module:
    torch.manual_seed(seed)
    return models.build(arch, **SIZES, **{**SMALL.get(arch, {}), **options}).double()


def _tokens(batch: int, length: int, seed: int) -> torch.Tensor:
    return torch.randint(0, SIZES["vocab_size"], (batch, length), generator=torch.Generator().manual_seed(seed))


def test_names_are_exactly_the_issue_list():
    assert models.names() == ALL


@pytest.mark.parametrize("arch", ALL)
def test_build_maps_token_ids_to_per_position_logits(arch):
    model = models.build(arch, **SIZES)
    logits = model(_tokens(3, 7, 0))
    assert logits.shape == (3, 7, SIZES["n_classes"])
    assert logits.dtype == torch.float32 and torch.isfinite(logits).all()
    assert model.spec["arch"] == arch and model.spec["layers"] == 2


def test_unknown_architecture_lists_the_names():
    with pytest.raises(UnknownNameError) as info:
        models.build("lstmm", **SIZES)
    assert "lstmm" in str(info.value) and all(name in str(info.value) for name in ALL)


@pytest.mark.parametrize("field", ["layers", "d_model", "vocab_size", "n_classes"])
@pytest.mark.parametrize("value", [0, -1, 2.5, True])
def test_sizes_below_one_or_not_integers_are_rejected_before_any_work(field, value):
    state = torch.random.get_rng_state()
    with pytest.raises(BadParameterError) as info:
        models.build("mamba", **{**SIZES, field: value})
    assert field in str(info.value) and repr(value) in str(info.value)
    assert torch.equal(torch.random.get_rng_state(), state)  # no parameter was initialised


@pytest.mark.parametrize(("arch", "options", "named"), [
    ("rnn", {"d_state": 4}, "d_state"),
    ("transformer", {"heads": 3}, "heads=3"),
    ("transformer", {"dropout": 1.5}, "dropout"),
    ("transformer", {"norm_first": "yes"}, "norm_first"),
    ("ids4", {"bound": 1}, "bound"),
    ("mamba", {"mode": "chunky"}, "chunky"),
    ("ids4", {"chunk": 0}, "chunk"),
    ("s4", {"d_state": 0}, "d_state"),
])
def test_bad_options_are_named(arch, options, named):
    with pytest.raises(BadParameterError) as info:
        models.build(arch, **SIZES, **options)
    assert named in str(info.value)


def test_describe_lists_every_architecture_with_options_and_modes():
    described = {entry["name"]: entry for entry in models.describe()}
    assert list(described) == ALL
    assert described["mamba_neg"]["options"] == {"d_state": 16, "expand": 2, "chunk": 256}
    assert described["ids4"]["modes"] == ["scan", "sequential"]
    assert described["ids4"]["options"] == {"d_state": 16, "chunk": 256, "bound": False}
    assert described["rnn"]["modes"] == [] and described["rnn"]["options"] == {}


@pytest.mark.parametrize("arch", ALL)
@pytest.mark.parametrize("training", [False, True], ids=["eval", "train"])
def test_changing_a_later_token_never_changes_earlier_outputs(arch, training):
    length = 10
    model = _model(arch, chunk=4) if arch in ("mamba", "mamba_neg", "ids4") else _model(arch)
    model.train(training)
    tokens = _tokens(2, length, 1)
    with torch.no_grad():
        base = model(tokens)
        for position in range(length):
            changed = tokens.clone()
            changed[:, position] = (changed[:, position] + 1) % SIZES["vocab_size"]
            out = model(changed)
            assert_close(out[:, :position], base[:, :position], rtol=0, atol=1e-12)
            assert not torch.allclose(out[:, position], base[:, position])  # the change is seen at t


PARALLEL = [("s4", {}), ("mamba", {}), ("mamba_neg", {}), ("ids4", {}), ("ids4", {"bound": True}),
            ("mamba", {"chunk": 5}), ("mamba_neg", {"chunk": 5}), ("ids4", {"chunk": 5})]


@pytest.mark.parametrize(("arch", "options"), PARALLEL, ids=lambda v: str(v))
def test_parallel_path_matches_sequential_forward_and_gradients(arch, options):
    tokens = _tokens(2, 16, 2)
    results = []
    for mode in models.modes(arch):  # parallel first, sequential last
        model = models.set_mode(_model(arch, seed=3, **options), mode)
        logits = model(tokens)
        weights = torch.linspace(-1, 1, logits.numel(), dtype=logits.dtype).reshape(logits.shape)
        names, params = zip(*model.named_parameters(), strict=True)
        grads = torch.autograd.grad((logits * weights).sum(), params)
        results.append((logits.detach(), dict(zip(names, grads, strict=True))))
    (logits, grads), (ref_logits, ref_grads) = results
    assert_close(logits, ref_logits, **TOL)
    assert grads.keys() == ref_grads.keys()
    for name, grad in grads.items():
        assert_close(grad, ref_grads[name], **TOL, msg=lambda m, n=name: f"{n}: {m}")


def test_mode_can_be_chosen_at_build_time():
    model = _model("ids4", mode="sequential")
    assert {layer.mode for layer in model.modules() if isinstance(layer, ids4.IDS4Layer)} == {"sequential"}


def test_set_mode_rejects_models_without_modes_and_unknown_modes():
    with pytest.raises(BadParameterError):
        models.set_mode(_model("gru"), "sequential")
    with pytest.raises(BadParameterError) as info:
        models.set_mode(_model("mamba"), "convolution")
    assert "convolution" in str(info.value)


def test_mamba_gates_are_in_zero_one_and_mamba_neg_gates_reach_minus_one():
    plain = mamba.MambaMixer(8, d_state=4, signed=False).double()
    signed = mamba.MambaMixer(8, d_state=4, signed=True).double()
    signed.A_log.data.copy_(plain.A_log.data)
    delta = torch.tensor([0.0, 1e-3, 0.5, 3.0, 80.0], dtype=torch.float64)[:, None].expand(5, 16)
    a = -torch.exp(plain.A_log)  # a < 0
    for d in (0.0, 0.5, 80.0):
        row = torch.full((1, 16), d, dtype=torch.float64)
        expected = [[math.exp(d * v) for v in r] for r in a.tolist()]
        assert_close(plain.gates(row)[0], torch.tensor(expected, dtype=torch.float64))
    g_plain, g_signed = plain.gates(delta), signed.gates(delta)
    assert (g_plain > 0).all() and (g_plain <= 1).all()
    assert (g_signed[:-1] > -1).all() and (g_signed <= 1).all()
    assert (g_signed[-1] >= -1).all()  # exp(−80·|a|) rounds 2·exp − 1 to −1 exactly in float64
    assert_close(g_signed, 2 * g_plain - 1)
    assert g_signed[0].eq(1).all() and g_signed[-1].max() < -0.99  # Δ = 0 keeps, large Δ flips


def test_ids4_transition_is_affine_in_the_input():
    layer = ids4.IDS4Layer(6, 3).double()
    x, y = torch.randn(2, 6, dtype=torch.float64).unbind(0)
    for weight in (0.0, 0.3, 2.0):
        assert_close(layer.matrices(weight * x + (1 - weight) * y),
                     weight * layer.matrices(x) + (1 - weight) * layer.matrices(y))
    assert_close(layer.matrices(torch.zeros(6, dtype=torch.float64)),
                 ids4.INIT_DIAGONAL * torch.eye(3, dtype=torch.float64))


def test_ids4_contracts_for_every_input_at_initialisation():
    torch.manual_seed(0)
    layer = ids4.IDS4Layer(64, 16).double()
    x = torch.nn.functional.layer_norm(torch.randn(500, 64, dtype=torch.float64), (64,))
    radius = torch.linalg.eigvals(layer.matrices(x)).abs().amax(-1)
    assert radius.max() < 1


@pytest.mark.parametrize("arch", ["mamba", "mamba_neg", "ids4"])
def test_long_sequences_stay_finite_in_float32(arch):
    torch.manual_seed(0)
    model = models.build(arch, **{**SIZES, "layers": 1}, d_state=4)
    with torch.no_grad():
        assert torch.isfinite(model(_tokens(2, 1400, 5))).all()


def _dfa_matrix(step: list[int]) -> torch.Tensor:
    """Column convention ``h' = A h`` on one-hot states: ``A[q', q] = 1`` iff ``step[q] = q'``."""
    matrix = torch.zeros(len(step), len(step), dtype=torch.float64)
    for q, target in enumerate(step):
        matrix[target, q] = 1.0
    return matrix


def test_ids4_bound_keeps_dfa_matrices_and_caps_the_column_norm():
    layer = ids4.IDS4Layer(4, 3, bound=True).double()
    with torch.no_grad():
        layer.transition.weight.zero_()
        for step in ([1, 2, 0], [0, 0, 2], [2, 2, 2]):  # a permutation, a merge, a constant map
            layer.transition.bias.copy_(_dfa_matrix(step).flatten())
            assert torch.equal(layer.matrices(torch.randn(4, dtype=torch.float64)), _dfa_matrix(step))
        layer.transition.weight.normal_(std=3.0)
        column_norms = layer.matrices(torch.randn(50, 4, dtype=torch.float64)).abs().sum(-2).amax(-1)
    assert column_norms.max() <= 1 + 1e-12 and column_norms.max() > 0.5


@pytest.mark.parametrize("mode", ["scan", "sequential"])
@pytest.mark.parametrize("bound", [False, True])
def test_ids4_layer_with_thm_5_2_weights_tracks_s3_prefix_products(mode, bound):
    """Merrill Thm 5.2 by hand: one-hot inputs ``[BOS, g₁, …]``, ``A(g) = `` the Cayley-DFA matrix of
    ``g``, ``A(BOS) = 0`` and ``b(BOS) = e_identity``; the state is then the one-hot prefix product,
    compared with the group's own prefix products (301 positions: two scan chunks)."""
    group = groups.get("S3")
    order = group.order
    layer = ids4.IDS4Layer(order + 1, order, mode=mode, bound=bound).double()
    with torch.no_grad():
        for module in (layer.transition, layer.inject, layer.readout):
            module.weight.zero_()
            if module.bias is not None:
                module.bias.zero_()
        for g in range(order):  # A_g[p·g, p] = 1
            step = [int(group.mul_table[p][g]) for p in range(order)]
            layer.transition.weight[:, 1 + g] = _dfa_matrix(step).flatten()
        layer.inject.weight[0, 0] = 1.0  # BOS writes e_0 (element 0 is the identity)
        layer.readout.weight[:order, :order] = torch.eye(order, dtype=torch.float64)
    generator = torch.Generator().manual_seed(9)
    words = torch.randint(0, order, (8, 300), generator=generator)
    tokens = torch.cat([torch.zeros(8, 1, dtype=torch.long), words + 1], dim=1)
    with torch.no_grad():
        states = layer(torch.nn.functional.one_hot(tokens, order + 1).double())[:, 1:, :order]
    expected = torch.tensor([group.prefix_products(word) for word in words.tolist()])
    assert torch.equal(states, torch.nn.functional.one_hot(expected, order).double())


def test_ids4_bound_keeps_states_bounded_with_expanding_weights():
    torch.manual_seed(0)
    model = models.build("ids4", **{**SIZES, "layers": 1}, d_state=4, bound=True)
    unbounded = models.build("ids4", **{**SIZES, "layers": 1}, d_state=4, bound=False)
    unbounded.load_state_dict(model.state_dict())
    for m in (model, unbounded):
        with torch.no_grad():
            m.backbone[0].inner.transition.bias.mul_(5.0)  # A₀ = 4·I: expanding
    tokens = _tokens(2, 300, 6)
    with torch.no_grad():
        assert torch.isfinite(model(tokens)).all()
        assert not torch.isfinite(unbounded(tokens)).all()  # 4^300 overflows float32


def test_rnn_is_elman_tanh_and_lstm_gru_use_their_cells():
    assert _model("rnn").backbone.recurrent.nonlinearity == "tanh"
    assert isinstance(_model("lstm").backbone.recurrent, torch.nn.LSTM)
    assert isinstance(_model("gru").backbone.recurrent, torch.nn.GRU)


def test_transformer_is_post_norm_by_default_and_pre_norm_on_request():
    def norm_first(model):
        return {layer.norm_first for layer in model.backbone.encoder.layers}

    assert norm_first(models.build("transformer", **SIZES)) == {False}
    assert norm_first(models.build("transformer", **SIZES, norm_first=True)) == {True}


def test_sinusoidal_positions_follow_the_formula():
    table = transformer.sinusoidal_positions(7, 6, dtype=torch.float64)
    for t in range(7):
        for i in range(3):
            omega = 10000 ** (-2 * i / 6)
            assert table[t, 2 * i].item() == pytest.approx(math.sin(t * omega), abs=1e-12)
            assert table[t, 2 * i + 1].item() == pytest.approx(math.cos(t * omega), abs=1e-12)


def test_module_example_runs():
    assert doctest.testmod(models).failed == 0


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize("arch", ALL)
def test_cuda_run_agrees_with_cpu(arch):
    model = _model(arch)
    tokens = _tokens(2, 40, 8)
    with torch.no_grad():
        expected = model(tokens)
        actual = model.to("cuda")(tokens.to("cuda")).cpu()
    assert_close(actual, expected, rtol=1e-7, atol=1e-8)
