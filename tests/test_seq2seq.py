"""rnnlib.Seq2Seq: gradients against finite differences and an independent loop implementation,
padding, greedy and beam decoding, and bad input."""

import numpy as np
import pytest

import rnnlib as rl
from rnnlib import _checks
from rnnlib.gradcheck import check_gradients
from rnnlib.seq2seq import END, PAD, START

N_SRC, N_TGT, H = 6, 7, 5


def perturbed(seed=0, scale=0.4):
    """A small model whose biases are non-zero too (so every gradient is exercised)."""
    model = rl.Seq2Seq(N_SRC, N_TGT, H, seed=seed)
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


# padded columns: source lengths 3, 2, 1 (padding at the end, and one in the middle),
# target lengths 3, 2, 5 with END last and padding after it
PADDED_SRC = np.array([[1, 2, 3, 4], [4, 5, 0, 0], [0, 3, 0, 0]]).T
PADDED_TGT = np.array([[3, 4, END, 0, 0], [5, END, 0, 0, 0], [3, 3, 3, 6, END]]).T


def reference_loss(model, src, tgt):
    """Independent implementation: loops over batch items and time, no rnnlib code."""
    p = model.params
    total = 0.0
    for j in range(src.shape[1]):
        h = np.zeros(H)
        for tok in src[:, j]:
            if tok != PAD:
                h = np.tanh(p["b_enc"] + p["W_enc"] @ h + p["U_enc"][:, tok])
        C, s, prev = h, h, START
        for y in tgt[:, j]:
            if y == PAD:
                break
            s = np.tanh(p["b_dec"] + p["Z"] @ C + p["W_dec"] @ s + p["U_dec"][:, prev])
            o = p["c"] + p["V"] @ s
            total -= o[y] - o.max() - np.log(np.exp(o - o.max()).sum())
            prev = y
    return total / src.shape[1]


@pytest.mark.parametrize("nx,ny,batch", [(1, 1, 1), (3, 2, 1), (2, 4, 3), (5, 3, 2)])
def test_gradients_match_finite_differences_without_padding(nx, ny, batch):
    model = perturbed(seed=nx + ny)
    src, tgt = unpadded_batch(nx, ny, batch, seed=batch)
    errors = check_gradients(lambda: model.loss_and_grads(src, tgt), model.params)
    assert max(errors.values()) < 1e-6, errors


def test_gradients_match_finite_differences_with_padding():
    model = perturbed(seed=3)
    errors = check_gradients(lambda: model.loss_and_grads(PADDED_SRC, PADDED_TGT), model.params)
    assert max(errors.values()) < 1e-6, errors


def test_loss_matches_an_independent_loop_implementation():
    model = perturbed(seed=1)
    loss, _ = model.loss_and_grads(PADDED_SRC, PADDED_TGT)
    assert np.isclose(loss, reference_loss(model, PADDED_SRC, PADDED_TGT), rtol=1e-12)


def test_padding_changes_nothing():
    """A padded column gives the same loss, gradients and C as the sequence alone."""
    model = perturbed(seed=2)
    j = 1  # source "2 5 3", target "4 END"
    alone_src = PADDED_SRC[PADDED_SRC[:, j] != PAD, j]
    alone_tgt = PADDED_TGT[PADDED_TGT[:, j] != PAD, j]
    both_src = np.stack([PADDED_SRC[:, j], PADDED_SRC[:, j]], axis=1)
    assert np.allclose(model.encode(alone_src)[-1], model.encode(PADDED_SRC)[-1, j])
    assert np.isclose(model.log_prob(alone_src, alone_tgt), model.log_prob(PADDED_SRC, PADDED_TGT)[j])
    # trailing padding on both sides leaves the gradient unchanged
    loss_a, g_a = model.loss_and_grads(alone_src, alone_tgt)
    padded_tgt = np.concatenate([alone_tgt, [PAD, PAD]])
    loss_b, g_b = model.loss_and_grads(np.concatenate([alone_src, [PAD]]), padded_tgt)
    assert np.isclose(loss_a, loss_b)
    assert all(np.allclose(g_a[k], g_b[k]) for k in g_a)
    assert both_src.shape == (4, 2)


def test_loss_is_minus_mean_log_prob_and_forward_shapes():
    model = perturbed(seed=4)
    loss, grads = model.loss_and_grads(PADDED_SRC, PADDED_TGT)
    assert np.isclose(loss, -model.log_prob(PADDED_SRC, PADDED_TGT).mean())
    assert grads.keys() == model.params.keys()
    assert all(grads[k].shape == model.params[k].shape for k in grads)
    trace = model.forward(PADDED_SRC, PADDED_TGT)
    assert trace.h.shape == (4, 3, H) and trace.C.shape == (3, H)
    assert trace.s.shape == (5, 3, H) and trace.o.shape == (5, 3, N_TGT)
    assert np.allclose(trace.y_hat.sum(-1), 1.0)
    assert (trace.y_in[0] == START).all() and (trace.y_in[1:3, 2] == PADDED_TGT[:2, 2]).all()


def test_decoder_is_rnn_step_with_C_at_every_step():
    model = perturbed(seed=5)
    p = model.params
    src, tgt = np.array([1, 2, 3]), np.array([4, 5, END])
    trace = model.forward(src, tgt)
    C = trace.C
    dec = {"U": np.hstack([p["U_dec"], p["Z"]]), "W": p["W_dec"], "b": p["b_dec"]}
    s, prev = C, START
    for t in range(3):
        s = rl.rnn.step(dec, np.concatenate([rl.one_hot(prev, N_TGT), C]), s)
        assert np.allclose(s, trace.s[t])
        prev = tgt[t]


def test_params_are_float64_and_seeded():
    a, b = rl.Seq2Seq(N_SRC, N_TGT, H, seed=7), rl.Seq2Seq(N_SRC, N_TGT, H, seed=7)
    assert all(p.dtype == np.float64 for p in a.params.values())
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert a.start == START == 1 and a.end == END == 2 and a.pad == PAD == 0
    assert a.n_params == sum(p.size for p in a.params.values())


# ----------------------------------------------------------------------------- decoding

def test_beam_of_width_one_is_greedy():
    src = np.random.default_rng(0).integers(1, N_SRC, (4, 30))
    for seed in range(4):
        model = perturbed(seed=seed, scale=1.0)
        assert model.beam(src, 1, 6) == model.greedy(src, 6)


def test_beam_returns_its_best_hypothesis_by_the_score_it_states():
    src = np.random.default_rng(1).integers(1, N_SRC, (3, 25))
    model = perturbed(seed=6, scale=1.0)
    for width in (2, 3, 5):
        seqs, scores, search = model.beam(src, width, 8, return_search=True)
        last = search.scores[-1]
        assert np.allclose(scores, last.max(axis=1))         # the best of the final beam
        for j, seq in enumerate(seqs):
            if search.finished[-1, j, search.best[j]]:       # rescore with the model's own loss
                assert np.isclose(scores[j], model.log_prob(src[:, j], np.array(seq + [END])))
            # every finished hypothesis in the beam has the score the model gives it
            for k in range(width):
                if search.finished[-1, j, k] and np.isfinite(last[j, k]):
                    path = search.path(j, k)
                    assert np.isclose(last[j, k], model.log_prob(src[:, j], np.array(path)))


def test_a_beam_wide_enough_is_exhaustive_search():
    """With a width as large as every sequence of length ≤ 2, beam search is exhaustive search."""
    model = perturbed(seed=8, scale=1.0)
    src = np.array([1, 2])
    out, score, _ = model.beam(src, 256, 2, return_search=True)
    tokens = range(3, N_TGT)                   # outputs: neither padding, start nor end
    best = max(model.log_prob(src, np.array(seq + [END]))
               for seq in ([], *([a] for a in tokens), *([a, b] for a in tokens for b in tokens)))
    assert score >= best - 1e-12
    assert all(i >= 3 for i in out)


def test_decoding_stops_at_the_end_token():
    model = perturbed(seed=9)
    model.params["c"][:] = 0.0
    model.params["V"][:] = 0.0
    model.params["c"][END] = 5.0                # END is the most likely token at every step
    assert model.greedy(np.array([1, 2]), 10) == []
    assert model.beam(np.array([1, 2]), 3, 10) == []
    model.params["c"][END], model.params["c"][4] = 0.0, 5.0     # token 4 always wins: max_len stops it
    assert model.greedy(np.array([1, 2]), 6) == [4] * 6
    # a trained-looking case: emit 4, 4, then END
    model = perturbed(seed=9)
    out = model.greedy(np.random.default_rng(2).integers(1, N_SRC, (3, 20)), 12)
    assert all(END not in seq and len(seq) <= 12 for seq in out)


def test_single_sequence_forms():
    model = perturbed(seed=10)
    src = np.array([1, 2, 3])
    assert isinstance(model.greedy(src, 4), list) and all(isinstance(i, int) for i in model.greedy(src, 4))
    seq, score, search = model.beam(src, 2, 4, return_search=True)
    assert isinstance(seq, list) and isinstance(score, float) and search.tokens.shape[1:] == (1, 2)
    assert model.encode(src).shape == (3, H)
    assert isinstance(model.log_prob(src, np.array([4, END])), float)


# ----------------------------------------------------------------------------- bad input

GOOD_SRC = np.array([[1, 2], [3, 0]])
GOOD_TGT = np.array([[4, 5], [END, END]])


@pytest.mark.parametrize("src,tgt,match", [
    (GOOD_SRC.astype(float), GOOD_TGT, r"src: got dtype float64"),
    (np.array([[1, 2], [3, 9]]), GOOD_TGT, r"src: got labels from 1 to 9, wanted labels in 0..5"),
    (np.array([[1, -1], [3, 0]]), GOOD_TGT, r"src: got labels from -1"),
    (np.zeros((0, 2), int), GOOD_TGT, r"src: got shape \(0, 2\), wanted \(n_x, batch\) with n_x ≥ 1"),
    (np.ones((2, 2, 2), int), GOOD_TGT, r"src: got shape \(2, 2, 2\), wanted \(n_x, batch\) or \(n_x,\)"),
    (np.array([[1, 0], [3, 0]]), GOOD_TGT, r"src: got column 1 made only of padding"),
    ("one two", GOOD_TGT, r"src: got"),
    (GOOD_SRC, GOOD_TGT[:, :1], r"tgt: got shape \(2, 1\), wanted \(n_y, batch=2\)"),
    (GOOD_SRC, np.array([[4, 5], [6, END]]), r"tgt: got column 0 with 0 end tokens"),
    (GOOD_SRC, np.array([[END, 5], [END, END]]), r"tgt: got column 0 with 2 end tokens"),
    (GOOD_SRC, np.array([[4, 5], [END, END], [4, 0]]), r"tgt: got id 4 at position 3 of column 0"),
    (GOOD_SRC, np.array([[0, 5], [END, END]]), r"tgt: got id 0 at position 1 of column 0"),
    (GOOD_SRC, np.array([[START, 5], [END, END]]), r"tgt: got id 1 at position 1 of column 0"),
    (GOOD_SRC, np.array([[4, 5], [END, 7]]), r"tgt: got labels from 2 to 7, wanted labels in 0..6"),
    (GOOD_SRC, GOOD_TGT.astype(float), r"tgt: got dtype float64"),
])
def test_bad_inputs_name_the_argument(src, tgt, match):
    model = rl.Seq2Seq(N_SRC, N_TGT, H)
    with pytest.raises(ValueError, match=match):
        model.loss_and_grads(src, tgt)


@pytest.mark.parametrize("call,match", [
    (lambda m: m.greedy(GOOD_SRC, 0), r"max_len: got 0, wanted an integer in 1..1000"),
    (lambda m: m.greedy(GOOD_SRC, 5000), r"max_len: got 5,000, wanted an integer in 1..1000 \(tokens"),
    (lambda m: m.greedy(GOOD_SRC, 2.0), r"max_len: got 2.0"),
    (lambda m: m.beam(GOOD_SRC, 0, 5), r"width: got 0, wanted an integer in 1..256"),
    (lambda m: m.beam(GOOD_SRC, 1000, 5), r"width: got 1,000, wanted an integer in 1..256 \(hypotheses"),
    (lambda m: m.beam(GOOD_SRC, 2, 5, return_search="yes"), r"return_search: got 'yes', wanted True or False"),
    (lambda m: m.beam(np.array([[0], [0]]), 2, 5), r"src: got column 0 made only of padding"),
    (lambda m: m.greedy("one two", 5), r"src: got 'one two'"),
    (lambda m: m.greedy(np.array([[1], [9]]), 5), r"src: got labels from 1 to 9"),
    (lambda m: m.beam(GOOD_SRC.astype(float), 2, 5), r"src: got dtype float64"),
    (lambda m: m.beam(GOOD_SRC, 2, 0), r"max_len: got 0"),
    # The loops check nothing per step; logits that overflow (parameters near the largest float) are refused.
    (lambda m: (m.params["V"].fill(1e308), m.params["c"].fill(1e308), m.greedy(GOOD_SRC, 3)),
     r"params\['V'\]: got an entry of 1e\+308, wanted \|entries\| <= 1e6"),
    (lambda m: (m.params["V"].fill(1e308), m.params["c"].fill(1e308), m.beam(GOOD_SRC, 2, 3)),
     r"params\['V'\]: got an entry of 1e\+308, wanted \|entries\| <= 1e6"),
])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflow rows overflow on purpose
def test_bad_decoding_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call(rl.Seq2Seq(N_SRC, N_TGT, H))


@pytest.mark.parametrize("args,kwargs,match", [
    ((1, N_TGT, H), {}, r"n_src: got 1, wanted an integer >= 2"),
    ((N_SRC, 3, H), {}, r"n_tgt: got 3, wanted an integer >= 4"),
    ((N_SRC, N_TGT, 0), {}, r"n_hidden: got 0, wanted an integer >= 1"),
    ((N_SRC, N_TGT, 2.5), {}, r"n_hidden: got 2.5"),
    ((N_SRC, N_TGT, H), {"seed": -1}, r"seed: got -1"),
    ((N_SRC, N_TGT, H), {"init_scale": 0}, r"init_scale: got 0"),
    ((N_SRC, N_TGT, 100_000), {}, r"n_hidden: got 100000, which makes .* parameters, wanted at most"),
])
def test_bad_constructor_arguments(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        rl.Seq2Seq(*args, **kwargs)


@pytest.mark.parametrize("edit,exc,match", [
    (lambda p: p.update(Z=np.zeros((H, H + 1))), ValueError, r"params\['Z'\]: got shape \(5, 6\), wanted \(5, 5\)"),
    (lambda p: p.pop("V"), ValueError, r"params: got no 'V'"),
    (lambda p: p["W_enc"].__setitem__((0, 0), np.nan), ValueError, r"params\['W_enc'\]: got 1 NaN"),
    (lambda p: p.update(c=[0.0] * N_TGT), TypeError, r"params\['c'\]: got list"),
])
def test_edited_params_are_caught_where_used(edit, exc, match):
    model = rl.Seq2Seq(N_SRC, N_TGT, H)
    edit(model.params)
    for call in (lambda: model.loss_and_grads(GOOD_SRC, GOOD_TGT), lambda: model.greedy(GOOD_SRC, 3),
                 lambda: model.beam(GOOD_SRC, 2, 3)):
        with pytest.raises(exc, match=match):
            call()


def test_trains_a_copy_task_with_the_training_loop():
    """Smoke test of the contract with rl.optim.train: reverse-copy three tokens."""
    model = rl.Seq2Seq(6, 8, 24, seed=0)
    rng = np.random.default_rng(0)

    def data(step):
        src = rng.integers(1, 6, (3, 64))
        tgt = np.concatenate([src[::-1] + 2, np.full((1, 64), END)])
        return src, tgt

    history = rl.optim.train(model, data, 300, optimizer=rl.optim.Adam(0.02), clip=5.0, progress=False)
    src, tgt = data(0)
    out = model.greedy(src, 5)
    acc = np.mean([seq == list(tgt[:-1, j]) for j, seq in enumerate(out)])
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert acc >= 0.8


# ----------------------------------------------------------------------------- forced prefix, pruned candidates

def test_a_forced_prefix_is_teacher_forcing_then_free_running():
    model = perturbed(seed=11, scale=1.0)
    src = np.random.default_rng(3).integers(1, N_SRC, (4, 12))
    free = model.greedy(src, 6)
    assert model.greedy(src, 6, prefix=np.zeros((0, 12), int)) == free
    first = np.array([[s[0] if s else 3 for s in free]])               # forcing what greedy wrote changes nothing
    assert [o for o, s in zip(model.greedy(src, 6, prefix=first), free) if s] == [s for s in free if s]
    forced = np.full((2, 12), 4)
    out = model.greedy(src, 6, prefix=forced)
    assert all(o[:2] == [4, 4] for o in out)
    # the continuation is what a teacher-forced pass over the prefix predicts next
    j = 0
    trace = model.forward(src[:, j], np.array([4, 4, END]))
    o = trace.o[2].copy()
    o[[PAD, START]] = -np.inf
    assert (out[j][2] if len(out[j]) > 2 else END) == int(np.argmax(o))
    assert model.greedy(src[:, 0], 6, prefix=[5])[0] == 5


def test_beam_records_the_candidates_it_pruned():
    model = perturbed(seed=12, scale=1.0)
    src = np.random.default_rng(4).integers(1, N_SRC, (3, 5))
    _, _, search = model.beam(src, 2, 4, return_search=True)
    assert search.pruned_scores.shape == search.scores.shape == search.pruned_tokens.shape
    # every pruned candidate scores at most the worst kept one, and the best pruned one is the third best overall
    kept_worst = np.where(np.isfinite(search.scores), search.scores, np.inf).min(axis=-1)
    assert np.all(search.pruned_scores.max(axis=-1) <= kept_worst + 1e-12)
    assert np.all(np.diff(search.pruned_scores, axis=-1) <= 1e-12)   # best first
    # a pruned candidate's score is its parent's score plus log ŷ of its token
    lvl, b, i = 1, 0, 0
    par, tok = search.pruned_parents[lvl, b, i], search.pruned_tokens[lvl, b, i]
    prefix = search.path(b, int(par), lvl)
    if END not in prefix and np.isfinite(search.pruned_scores[lvl, b, i]):
        tgt = np.array(prefix + [int(tok)] + ([END] if tok != END else []))
        lp = rl.log_softmax(model.forward(src[:, b], tgt).o)
        assert np.isclose(search.pruned_scores[lvl, b, i], sum(lp[t, tgt[t]] for t in range(lvl + 1)))


@pytest.mark.parametrize("call,exc,match", [
    (lambda s: s.path(0, 5), ValueError, r"k: got 5, wanted an integer in 0..1 \(the beam has width 2\)"),
    (lambda s: s.path(0, 0, 99), ValueError, r"step: got 99, wanted an integer in 0..\d \(the search ran"),
    (lambda s: s.path(7, 0), ValueError, r"b: got 7, wanted an integer in 0..1 \(the search has 2 columns\)"),
    (lambda s: s.path(-1, 0), ValueError, r"b: got -1"),
    (lambda s: s.path(0, 1.0), TypeError, r"k: got 1.0"),
    (lambda s: s.path(True, 0), TypeError, r"b: got True"),
])
def test_beam_path_refuses_indices_out_of_the_search(call, exc, match):
    _, _, search = rl.Seq2Seq(N_SRC, N_TGT, H).beam(GOOD_SRC, 2, 3, return_search=True)
    with pytest.raises(exc, match=match):
        call(search)


@pytest.mark.parametrize("call,exc,match", [
    (lambda m: m.greedy(GOOD_SRC, 3, prefix=np.array([[4, 4]] * 4)), ValueError, r"prefix: got shape \(4, 2\), "
     r"wanted \(n_p, batch=2\) with n_p ≤ max_len = 3"),
    (lambda m: m.greedy(GOOD_SRC, 3, prefix=np.array([4, 4])), ValueError, r"prefix: got shape \(2,\)"),
    (lambda m: m.greedy(GOOD_SRC, 3, prefix=np.array([[END, 4]])), ValueError, r"prefix: got a padding, start or end"),
    (lambda m: m.greedy(GOOD_SRC, 3, prefix=np.array([[9, 4]])), ValueError, r"prefix: got labels from 4 to 9"),
    (lambda m: m.greedy(GOOD_SRC, 3, prefix="45"), TypeError, r"prefix: got '45'"),
    (lambda m: m.greedy(GOOD_SRC, 3, prefix=np.array([[4.0, 4.0]])), ValueError, r"prefix: got dtype float64"),
])
def test_bad_prefix(call, exc, match):
    with pytest.raises(exc, match=match):
        call(rl.Seq2Seq(N_SRC, N_TGT, H))


@pytest.mark.parametrize("call", [lambda m: m.forward(GOOD_SRC, GOOD_TGT), lambda m: m.log_prob(GOOD_SRC, GOOD_TGT),
                                  lambda m: m.loss_and_grads(GOOD_SRC, GOOD_TGT)], ids=["forward", "log_prob", "loss"])
def test_huge_parameters_are_refused_before_the_logits_can_overflow_in_every_pass(call):
    model = rl.Seq2Seq(N_SRC, N_TGT, H)
    model.params["V"].fill(1e308)
    model.params["c"].fill(1e308)
    with pytest.raises(_checks.Overflow, match=r"^params\['V'\]: got an entry of 1e\+308, wanted \|entries\| <= 1e6"):
        call(model)


def test_huge_parameters_before_training_are_bad_input_not_a_divergence():
    model = rl.Seq2Seq(N_SRC, N_TGT, H)
    model.params["V"].fill(1e308)
    model.params["c"].fill(1e308)

    def data(i):
        return GOOD_SRC, GOOD_TGT

    with pytest.raises(ValueError, match=r"^params\['V'\]: got an entry of 1e\+308"):
        rl.optim.train(model, data, 2, progress=False)


def test_parameters_grown_past_the_limit_in_training_raise_training_diverged_naming_the_step():
    model = rl.Seq2Seq(N_SRC, N_TGT, H, seed=0)

    def data(i):
        return GOOD_SRC, GOOD_TGT

    with pytest.raises(rl.optim.TrainingDiverged, match=r"step 0: the update made params .* larger than 1e6"):
        rl.optim.train(model, data, 3, optimizer=rl.optim.SGD(lr=1e9), progress=False)


# ----------------------------------------------------------------------------- rnnlib.translate (chapters 6 and 8)

def _broken(model, key, shape):
    """``model`` with params[key] replaced: of ``shape`` (zeros), or (shape None) with a NaN in it."""
    if shape is None:
        model.params[key] = model.params[key].copy()
        model.params[key].flat[0] = np.nan
    else:
        model.params[key] = np.zeros(shape)
    return model


@pytest.mark.parametrize("call,exc,match", [
    (lambda m, p: rl.translate.train(None, p), TypeError, r"model: got None, wanted an encoder-decoder"),
    (lambda m, p: rl.translate.train(rl.Seq2Seq(5, 6, 3), p), ValueError, r"model: got vocabulary sizes"),
    (lambda m, p: rl.translate.train(m, p, steps=10**9), ValueError, r"steps: got 1,000,000,000"),
    (lambda m, p: rl.translate.train(m, p, batch_size=10**6), ValueError, r"batch_size: got 1,000,000"),
    (lambda m, p: rl.translate.train(m, p, clip=0), ValueError, r"clip: got 0"),
    (lambda m, p: rl.translate.train(m, p, seed=True), TypeError, r"seed: got True"),
    (lambda m, p: rl.translate.train(m, p, reverse="no"), TypeError, r"reverse: got 'no'"),
    (lambda m, p: rl.translate.train(m, [1, 2]), TypeError, r"pairs: got list"),
    (lambda m, p: rl.translate.decode(m, p, width=2.0), TypeError, r"width: got 2.0"),
    (lambda m, p: rl.translate.search_errors(m, p, width=True), TypeError, r"width: got True"),
    (lambda m, p: rl.translate.planted_errors(m, p, positions=[]), ValueError, r"positions: got none"),
    (lambda m, p: rl.translate.accuracy_by_length(m, []), TypeError, r"pairs: got list \[\]"),
    (lambda m, p: rl.translate.accuracy_by_length(m, p, min_count=10**9), ValueError,
     r"min_count: got 1,000,000,000, but no length has that many pairs"),
    (lambda m, p: rl.translate.train(m, p, seed=None), TypeError, r"seed: got None, wanted an integer >= 0"),
    (lambda m, p: rl.translate.train(m, p, label=""), ValueError, r"label: got '', wanted a non-empty name"),
    (lambda m, p: rl.translate.check_model(_broken(m, "U_dec", (2, 2))), ValueError, r"params\['U_dec'\]: got shape"),
    (lambda m, p: rl.translate.check_model(_broken(m, "U_dec", None)), ValueError, r"params\['U_dec'\]: got .*NaN"),
], ids=lambda v: "" if callable(v) else None)
def test_translate_refuses_bad_input(call, exc, match):
    model = rl.Seq2Seq(len(rl.data.NUMBER_SOURCE_VOCAB), len(rl.data.NUMBER_TARGET_VOCAB), 4, seed=0)
    pairs = rl.data.number_pairs(12, seed=0)
    with pytest.raises(exc, match=match):
        call(model, pairs)


def test_translate_trains_and_scores_a_small_model():
    model = rl.Seq2Seq(len(rl.data.NUMBER_SOURCE_VOCAB), len(rl.data.NUMBER_TARGET_VOCAB), 8, seed=0)
    pairs = rl.data.number_pairs(40, seed=1, lengths=range(1, 5))
    history = rl.translate.train(model, pairs, seed=0, steps=30, batch_size=8, progress=False)
    assert len(history.loss) == 30 and history.loss[-1] < history.loss[0]
    got = rl.translate.decode(model, pairs)
    assert len(got) == 40 and all(isinstance(g, str) for g in got)
    ok = rl.translate.exact_match(model, pairs)
    assert np.array_equal(ok, [g == str(int(v)) for g, v in zip(got, pairs.values)])
    by_len = rl.translate.accuracy_by_length(model, [pairs, pairs], min_count=1)
    assert sum(c for _, c in by_len.values()) == 80
