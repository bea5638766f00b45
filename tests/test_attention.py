"""rnnlib.AttentionSeq2Seq: gradients against finite differences (both encoders, with and without padding),
the attention weights, decoding (beam width 1 is greedy), shapes, determinism and bad input."""

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.gradcheck import check_gradients
from rnnlib.seq2seq import END, PAD

N_SRC, N_TGT, H = 6, 7, 4

# source lengths 3, 2, 1 (padding at the end, and one in the middle); target lengths 3, 2, 5
PADDED_SRC = np.array([[1, 2, 3, 4], [4, 5, 0, 0], [0, 3, 0, 0]]).T
PADDED_TGT = np.array([[3, 4, END, 0, 0], [5, END, 0, 0, 0], [3, 3, 3, 6, END]]).T
GOOD_SRC = np.array([[1, 2], [3, 4]])
GOOD_TGT = np.array([[4, 5], [END, END]])


def perturbed(bidirectional=True, seed=0, scale=0.4, n_attn=3):
    """A small model whose biases are non-zero too (so every gradient is exercised)."""
    model = rl.AttentionSeq2Seq(N_SRC, N_TGT, H, seed=seed, bidirectional=bidirectional, n_attn=n_attn)
    rng = np.random.default_rng(seed + 10)
    for p in model.params.values():
        p += rng.normal(0.0, scale, p.shape)
    return model


def unpadded_batch(nx, ny, batch, seed=0):
    rng = np.random.default_rng(seed)
    src = rng.integers(1, N_SRC, (nx, batch))
    tgt = rng.integers(3, N_TGT, (ny, batch))
    tgt[-1] = END
    return src, tgt


@pytest.mark.parametrize("bidirectional", [True, False])
@pytest.mark.parametrize("padded", [False, True])
def test_gradients_match_finite_differences(bidirectional, padded):
    model = perturbed(bidirectional)
    src, tgt = (PADDED_SRC, PADDED_TGT) if padded else unpadded_batch(4, 3, 2)
    errors = check_gradients(lambda: model.loss_and_grads(src, tgt), model.params)
    assert set(errors) == set(model.params)                # every key checked
    assert max(errors.values()) < 1e-6, errors


def test_parameters_by_encoder():
    bi, uni = perturbed(True), perturbed(False)
    assert {"U_bwd", "W_bwd", "b_bwd"} <= set(bi.params) and not {"U_bwd", "W_bwd", "b_bwd"} & set(uni.params)
    assert bi.params["U_a"].shape == (3, 2 * H) and bi.params["Z"].shape == (H, 2 * H)
    assert uni.params["U_a"].shape == (3, H) and uni.params["Z"].shape == (H, H)
    assert bi.n_params > uni.n_params
    assert all(p.dtype == np.float64 for p in bi.params.values())


@pytest.mark.parametrize("bidirectional", [True, False])
def test_attention_sums_to_one_over_unpadded_positions_and_is_zero_at_padding(bidirectional):
    model = perturbed(bidirectional)
    alpha = model.attention(PADDED_SRC, PADDED_TGT)
    assert alpha.shape == (PADDED_TGT.shape[0], PADDED_SRC.shape[0], PADDED_SRC.shape[1])   # (n_y, n_x, batch)
    pad = PADDED_SRC == PAD
    assert np.all(alpha[:, pad] == 0.0)
    np.testing.assert_allclose(alpha.sum(axis=1), 1.0, atol=1e-12)
    assert np.all(alpha[:, ~pad] > 0.0)


def test_padding_changes_nothing():
    """A padded column gives the same loss, weights and outputs as the sentence alone."""
    model = perturbed()
    alpha = model.attention(PADDED_SRC, PADDED_TGT)
    for j in range(PADDED_SRC.shape[1]):
        keep = PADDED_SRC[:, j] != PAD
        n_y = int(np.argmax(PADDED_TGT[:, j] == END)) + 1
        alone = model.attention(PADDED_SRC[keep, j], PADDED_TGT[:n_y, j])
        np.testing.assert_allclose(alpha[:n_y, keep, j], alone, atol=1e-12)
        assert model.greedy(PADDED_SRC[keep, j], 5) == model.greedy(PADDED_SRC, 5)[j]
        np.testing.assert_allclose(model.log_prob(PADDED_SRC, PADDED_TGT)[j],
                                   model.log_prob(PADDED_SRC[keep, j], PADDED_TGT[:n_y, j]), atol=1e-12)


def test_context_is_the_weighted_average_of_the_encoder_states():
    model = perturbed()
    src, tgt = unpadded_batch(5, 3, 2, seed=3)
    trace = model.forward(src, tgt)
    np.testing.assert_allclose(trace.context, np.einsum("tjb,jbd->tbd", trace.alpha, trace.h), atol=1e-12)
    assert trace.h.shape == (5, 2, 2 * H) and trace.s.shape == (3, 2, H) and trace.o.shape == (3, 2, N_TGT)
    # the backward half of h(1) has read the whole sentence: it changes when the last word does
    other = src.copy()
    other[-1] = 1 + other[-1] % (N_SRC - 1)
    h2 = model.encode(other)
    np.testing.assert_allclose(h2[0, :, :H], trace.h[0, :, :H])
    assert not np.allclose(h2[0, :, H:], trace.h[0, :, H:])


def test_loss_is_minus_mean_log_prob():
    model = perturbed()
    loss, _ = model.loss_and_grads(PADDED_SRC, PADDED_TGT)
    np.testing.assert_allclose(loss, -model.log_prob(PADDED_SRC, PADDED_TGT).mean(), rtol=1e-12)


@pytest.mark.parametrize("bidirectional", [True, False])
def test_beam_of_width_one_is_greedy_and_scores_are_log_probs(bidirectional):
    model = perturbed(bidirectional, seed=2, scale=1.0)
    src = np.random.default_rng(5).integers(1, N_SRC, (6, 40))
    assert model.beam(src, 1, 6) == model.greedy(src, 6)
    out, scores, _ = model.beam(src, 3, 6, return_search=True)
    for j in range(5):
        if len(out[j]) < 6:                                # finished: its score is log p(y, END | x)
            tgt = np.array(out[j] + [END])
            np.testing.assert_allclose(scores[j], model.log_prob(src[:, j], tgt), atol=1e-10)


def test_a_forced_prefix_is_teacher_forcing_then_free_running():
    model = perturbed(seed=1, scale=1.0)
    out = model.greedy(GOOD_SRC, 4, prefix=np.array([[5, 6]]))
    assert [o[0] for o in out] == [5, 6]


def test_single_sequence_forms():
    model = perturbed()
    src, tgt = PADDED_SRC[:, 0], PADDED_TGT[:3, 0]
    trace = model.forward(src, tgt)
    assert trace.alpha.shape == (3, 4) and trace.h.shape == (4, 2 * H) and trace.context.shape == (3, 2 * H)
    assert model.attention(src, tgt).shape == (3, 4)
    assert isinstance(model.greedy(src, 4), list) and isinstance(model.log_prob(src, tgt), float)
    assert model.greedy(src, 4) == model.greedy(src[:, None], 4)[0]


def test_seeded_and_deterministic():
    a, b, c = (rl.AttentionSeq2Seq(N_SRC, N_TGT, H, seed=s) for s in (3, 3, 4))
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert not np.array_equal(a.params["W_a"], c.params["W_a"])
    assert a.loss_and_grads(PADDED_SRC, PADDED_TGT)[0] == b.loss_and_grads(PADDED_SRC, PADDED_TGT)[0]
    assert "bidirectional=True" in repr(a) and f"{a.n_params} parameters" in repr(a)


def test_trains_a_reversal_task_with_the_training_loop():
    """Smoke test of the contract with rl.optim.train: reverse-copy three tokens."""
    model = rl.AttentionSeq2Seq(6, 8, 12, seed=0)
    rng = np.random.default_rng(0)

    def data(step):
        src = rng.integers(1, 6, (3, 32))
        tgt = np.concatenate([src[::-1] + 2, np.full((1, 32), END)])
        return src, tgt

    history = rl.optim.train(model, data, 150, optimizer=rl.optim.Adam(0.03), progress=False)
    assert history.loss[-1] < 0.1 * history.loss[0]
    src, tgt = data(0)
    assert np.mean([o == list(t[:-1]) for o, t in zip(model.greedy(src, 4), tgt.T)]) > 0.9


@pytest.mark.parametrize("src,tgt,match", [
    (GOOD_SRC.astype(float), GOOD_TGT, r"src: got dtype float64"),
    (np.array([[1, 2], [3, 9]]), GOOD_TGT, r"src: got labels from 1 to 9, wanted labels in 0..5"),
    (np.zeros((0, 2), int), GOOD_TGT, r"src: got shape \(0, 2\)"),
    (np.array([[1, 0], [3, 0]]), GOOD_TGT, r"src: got column 1 made only of padding"),
    (GOOD_SRC, GOOD_TGT[:, :1], r"tgt: got shape \(2, 1\), wanted \(n_y, batch=2\)"),
    (GOOD_SRC, np.array([[4, 5], [6, END]]), r"tgt: got column 0 with 0 end tokens"),
])
@pytest.mark.parametrize("method", ["loss_and_grads", "attention", "forward", "log_prob"])
def test_bad_inputs_name_the_argument(src, tgt, match, method):
    with pytest.raises(ValueError, match=match):
        getattr(rl.AttentionSeq2Seq(N_SRC, N_TGT, H), method)(src, tgt)


@pytest.mark.parametrize("args,kwargs,exc,match", [
    ((1, N_TGT, H), {}, ValueError, r"n_src: got 1, wanted an integer >= 2"),
    ((N_SRC, 3, H), {}, ValueError, r"n_tgt: got 3, wanted an integer >= 4"),
    ((N_SRC, N_TGT, 0), {}, ValueError, r"n_hidden: got 0"),
    ((N_SRC, N_TGT, H), {"n_attn": 0}, ValueError, r"n_attn: got 0"),
    ((N_SRC, N_TGT, H), {"bidirectional": "yes"}, TypeError, r"bidirectional: got 'yes', wanted True or False"),
    ((N_SRC, N_TGT, 100_000), {}, ValueError, r"n_hidden: got 100000, which makes .* parameters"),
])
def test_bad_constructor_arguments(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        rl.AttentionSeq2Seq(*args, **kwargs)


@pytest.mark.parametrize("edit,exc,match", [
    (lambda p: p.update(Z=np.zeros((H, H))), ValueError, r"params\['Z'\]: got shape \(4, 4\), wanted \(4, 8\)"),
    (lambda p: p.pop("v"), ValueError, r"params: got no 'v'"),
    (lambda p: p["W_bwd"].__setitem__((0, 0), np.nan), ValueError, r"params\['W_bwd'\]: got 1 NaN"),
])
def test_edited_params_are_caught_where_used(edit, exc, match):
    model = rl.AttentionSeq2Seq(N_SRC, N_TGT, H)
    edit(model.params)
    for call in (lambda: model.loss_and_grads(GOOD_SRC, GOOD_TGT), lambda: model.greedy(GOOD_SRC, 3),
                 lambda: model.beam(GOOD_SRC, 2, 3), lambda: model.attention(GOOD_SRC, GOOD_TGT)):
        with pytest.raises(exc, match=match):
            call()


def test_bad_decoding_arguments():
    model = rl.AttentionSeq2Seq(N_SRC, N_TGT, H)
    with pytest.raises(ValueError, match=r"width: got 0"):
        model.beam(GOOD_SRC, 0, 5)
    with pytest.raises(ValueError, match=r"max_len: got 0"):
        model.greedy(GOOD_SRC, 0)


def test_chapter_6s_training_and_evaluation_helpers_take_the_attention_model():
    """rl.translate (train, accuracy by length, planted errors, search errors) works for both models."""
    pairs = rl.data.number_pairs(12, seed=1, lengths=range(1, 9))
    sizes = (len(rl.data.NUMBER_SOURCE_VOCAB), len(rl.data.NUMBER_TARGET_VOCAB))
    for model in (rl.AttentionSeq2Seq(*sizes, 4, seed=0), rl.AttentionSeq2Seq(*sizes, 4, bidirectional=False)):
        history = rl.translate.train(model, pairs, steps=3, batch_size=4, progress=False)
        assert len(history.loss) == 3
        by_length = rl.translate.accuracy_by_length(model, pairs, min_count=1)
        assert set(by_length) == set(pairs.src_length.tolist())
        assert len(rl.translate.planted_errors(model, pairs, (1,), min_count=1).positions) == 1
        split = rl.translate.search_errors(model, pairs, width=2)
        assert split.greedy_ok.shape == (len(pairs),)
    with pytest.raises(ValueError, match=r"model: got vocabulary sizes"):
        rl.translate.train(rl.AttentionSeq2Seq(5, 6, 3), pairs, steps=1, progress=False)
