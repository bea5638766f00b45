"""rnnlib.gated: LSTM, GRU and leaky units against an independent loop-per-item implementation,
finite-difference gradients for every key, shapes, the skeleton and bad input."""

import math

import numpy as np
import pytest

import rnnlib as rl
from rnnlib import _checks, _model, claims, gated
from rnnlib.gradcheck import numerical_gradients, relative_error


# ----------------------------------------------------------------------------- an independent implementation
def _sig(a):
    return 1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))


def _affine(p, k, x, v):
    """b_k + U_k x + W_k v, one item, written as loops over units (no matrix products)."""
    s = f"_{k}" if k else ""
    U, W, b = p["U" + s], p["W" + s], p["b" + s]
    return np.array([b[i] + sum(U[i, j] * x[j] for j in range(len(x))) + sum(W[i, j] * v[j] for j in range(len(v)))
                     for i in range(len(b))])


def reference(kind, p, x, y, pattern, h0=None, s0=None, alpha=0.0):
    """Loss of one batch by the contract's equations, one item and one unit at a time, float64."""
    tau, batch, _ = x.shape
    n_h = p["b"].shape[0]
    total = 0.0
    for n in range(batch):
        h = np.zeros(n_h) if h0 is None else h0[n].copy()
        s = np.zeros(n_h) if s0 is None else s0[n].copy()
        for t in range(tau):
            xt = x[t, n]
            if kind == "lstm":
                f = np.array([_sig(a) for a in _affine(p, "f", xt, h)])
                g = np.array([_sig(a) for a in _affine(p, "g", xt, h)])
                q = np.array([_sig(a) for a in _affine(p, "q", xt, h)])
                s = f * s + g * np.tanh(_affine(p, "", xt, h))
                h = np.tanh(s) * q
            elif kind == "gru":
                u = np.array([_sig(a) for a in _affine(p, "u", xt, h)])
                r = np.array([_sig(a) for a in _affine(p, "r", xt, h)])
                h = u * h + (1 - u) * np.tanh(_affine(p, "", xt, r * h))
            else:
                h = alpha * h + (1 - alpha) * np.tanh(_affine(p, "", xt, h))
            if pattern == "hidden" or t == tau - 1:
                o = p["c"] + p["V"] @ h
                label = y[t, n] if pattern == "hidden" else y[n]
                total += math.log(sum(math.exp(v - o.max()) for v in o)) + o.max() - o[label]
    return total / batch


MAKERS = {
    "lstm": lambda **kw: rl.LSTM(3, 4, 5, **kw),
    "gru": lambda **kw: rl.GRU(3, 4, 5, **kw),
    "leaky": lambda **kw: rl.LeakyRNN(3, 4, 5, alpha=0.7, **kw),
}
KEYS = {
    "lstm": ["U_f", "W_f", "b_f", "U_g", "W_g", "b_g", "U_q", "W_q", "b_q", "U", "W", "b", "V", "c"],
    "gru": ["U_u", "W_u", "b_u", "U_r", "W_r", "b_r", "U", "W", "b", "V", "c"],
    "leaky": ["U", "W", "b", "V", "c"],
}


def _data(tau, batch, pattern, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(tau, batch, 3))
    y = rng.integers(0, 5, (batch,) if pattern == "last" else (tau, batch))
    return x, y


def _model_with_biases(kind, pattern, seed=1):
    model = MAKERS[kind](pattern=pattern, seed=seed)
    rng = np.random.default_rng(seed + 100)
    for k, v in model.params.items():          # nonzero biases so every term is exercised
        if k.startswith("b") or k == "c":
            v += 0.3 * rng.normal(size=v.shape)
    return model


@pytest.mark.parametrize("kind", MAKERS)
@pytest.mark.parametrize("pattern", ["hidden", "last"])
@pytest.mark.parametrize("tau", [1, 6])
@pytest.mark.parametrize("with_state", [False, True])
def test_loss_and_every_gradient_agree_with_the_reference_and_finite_differences(kind, pattern, tau, with_state):
    model = _model_with_biases(kind, pattern)
    x, y = _data(tau, 3, pattern)
    rng = np.random.default_rng(7)
    h0 = rng.normal(size=(3, 4)) * 0.5 if with_state else None
    s0 = rng.normal(size=(3, 4)) if (with_state and kind == "lstm") else None
    alpha = 0.7 if kind == "leaky" else 0.0
    loss, grads = model.loss_and_grads(x, y, h0=h0, s0=s0)
    assert list(grads) == KEYS[kind] == list(model.params)
    ref = reference(kind, model.params, x, y, pattern, h0, s0, alpha)
    assert loss == pytest.approx(ref, rel=1e-12)
    numeric = numerical_gradients(lambda: reference(kind, model.params, x, y, pattern, h0, s0, alpha),
                                  model.params, eps=1e-6)
    for k in KEYS[kind]:
        assert grads[k].shape == model.params[k].shape
        assert relative_error(grads[k], numeric[k]) < 1e-6, k


@pytest.mark.parametrize("kind", MAKERS)
def test_state_gradients_are_the_gradients_of_the_loss_with_respect_to_the_states(kind):
    """∇h(1) (and ∇s(1)) from backward equal finite differences through h0 (s0): h(1) enters only via step 2."""
    model = _model_with_biases(kind, "last")
    x, y = _data(5, 2, "last")
    _, _, st = model.backward(x, y)
    # perturb h(1) by running step 1 separately: compare ∇h(t) with the gradient of a run started at h(t)
    tr = model.forward(x)
    t = 1
    h_t = tr.h[t - 1].copy()
    s_t = tr.s[t - 1].copy() if kind == "lstm" else None
    params = {"h": h_t} | ({"s": s_t} if kind == "lstm" else {})
    loss_rest = lambda: model.loss_and_grads(x[t:], y, h0=params["h"], s0=params.get("s"))[0]  # noqa: E731
    numeric = numerical_gradients(loss_rest, params, eps=1e-6)
    assert relative_error(st["h"][t - 1], numeric["h"]) < 1e-7
    if kind == "lstm":
        # ∇s(1) counts the path through h(1) = tanh(s(1)) q(1) too; the run started at (h, s) treats h as given
        q = tr.gates["q"][t - 1]
        direct = numeric["s"] + numeric["h"] * q * (1 - np.tanh(s_t) ** 2)
        assert relative_error(st["s"][t - 1], direct) < 1e-7


@pytest.mark.parametrize("kind", MAKERS)
def test_shapes_single_sequence_and_trace(kind):
    model = MAKERS[kind](pattern="hidden", seed=0)
    x, y = _data(7, 2, "hidden")
    tr = model.forward(x)
    assert tr.h.shape == (7, 2, 4) and tr.o.shape == (7, 2, 5) and tr.y_hat.shape == (7, 2, 5)
    assert (tr.s.shape == (7, 2, 4)) if kind == "lstm" else tr.s is None
    one = model.forward(x[:, 0])
    assert one.h.shape == (7, 4) and np.allclose(one.o, tr.o[:, 0])
    assert model.predict(x).shape == (7, 2)
    loss1, g1, st = model.backward(x[:, :1], y[:, :1])
    loss2, g2, st2 = model.backward(x[:, 0], y[:, 0])
    assert loss1 == pytest.approx(loss2) and st2["h"].shape == (7, 4)
    assert all(np.allclose(g1[k], g2[k]) for k in g1)
    last = MAKERS[kind](pattern="last", seed=0)
    assert last.predict(x).shape == (2,)


def test_lstm_equations_and_the_trace():
    model = _model_with_biases("lstm", "hidden")
    x, _ = _data(4, 2, "hidden")
    tr = model.forward(x)
    p = model.params
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    f = sig(p["b_f"] + x[0] @ p["U_f"].T)                 # h(0) = s(0) = 0
    g = sig(p["b_g"] + x[0] @ p["U_g"].T)
    q = sig(p["b_q"] + x[0] @ p["U_q"].T)
    s1 = g * np.tanh(p["b"] + x[0] @ p["U"].T)
    assert np.allclose(tr.gates["f"][0], f) and np.allclose(tr.s[0], s1)
    assert np.allclose(tr.h[0], np.tanh(s1) * q)
    assert np.allclose(tr.s[1], tr.gates["f"][1] * tr.s[0] + tr.gates["g"][1] * tr.gates["z"][1])


def test_leaky_with_alpha_zero_is_the_rnn_and_gru_with_u_zero_is_tanh():
    rnn = rl.RNN(3, 4, 5, seed=2)
    leaky = rl.LeakyRNN(3, 4, 5, seed=2, alpha=0.0)
    assert all(np.array_equal(rnn.params[k], leaky.params[k]) for k in rnn.params)
    x, y = _data(6, 2, "hidden")
    a, ga = rnn.loss_and_grads(x, y)
    b, gb = leaky.loss_and_grads(x, y)
    assert a == pytest.approx(b, rel=1e-13) and all(np.allclose(ga[k], gb[k], rtol=1e-12) for k in ga)
    per_unit = rl.LeakyRNN(3, 4, 5, seed=2, alpha=[0.0, 0.5, 0.9, 0.99])
    assert per_unit.alpha == (0.0, 0.5, 0.9, 0.99)
    tr = per_unit.forward(x)
    assert np.allclose(tr.h[1, :, 3], 0.99 * tr.h[0, :, 3] + 0.01 * tr.gates["z"][1, :, 3])


def test_sigmoid_is_stable_and_exact():
    a = np.array([-1000.0, -30.0, 0.0, 2.0, 1000.0])
    s = gated.sigmoid(a)
    assert np.all(np.isfinite(s)) and s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert s[3] == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-15)


def test_skeleton_sizes_limit_init_and_forget_bias():
    for make, n in ((lambda: rl.LSTM(3, 4, 5), 4 * (4 * 3 + 16 + 4) + 5 * 4 + 5),
                    (lambda: rl.GRU(3, 4, 5), 3 * (4 * 3 + 16 + 4) + 5 * 4 + 5),
                    (lambda: rl.LeakyRNN(3, 4, 5), rl.rnn.n_params(3, 4, 5))):
        m = make()
        assert isinstance(m, _model.Model) and m.n_params == n
        assert repr(m).endswith(f"; {n} parameters)")
    lstm = rl.LSTM(3, 4, 5, seed=0)
    assert np.all(lstm.params["b_f"] == 1.0) and not lstm.params["b_g"].any()
    assert np.all(rl.LSTM(3, 4, 5, forget_bias=-2.5).params["b_f"] == -2.5)
    assert np.array_equal(rl.LSTM(3, 4, 5, seed=0, forget_bias=0.0).params["U_f"], lstm.params["U_f"])
    with pytest.raises(ValueError, match="n_hidden: got 3000, which makes .* wanted at most 20,000,000"):
        rl.LSTM(3, 3000, 4)


@pytest.mark.parametrize("kind", MAKERS)
def test_rounding_ensemble_perturbs_every_parameter(kind):
    base = MAKERS[kind](seed=3)
    with claims.rounding(2):
        other = MAKERS[kind](seed=3)
    for k, v in base.params.items():
        if v.any():
            assert not np.array_equal(v, other.params[k]), k
            assert np.allclose(v, other.params[k], rtol=1e-10, atol=0)


def _lstm():
    return rl.LSTM(3, 4, 5, seed=0)


X1, H1 = np.ones((2, 3)), np.zeros((2, 4))


BAD = [
    (lambda: rl.LSTM(0, 4, 5), ValueError, "n_in: got 0"),
    (lambda: rl.GRU(3, 4, 5, pattern="output"), ValueError, "pattern: got 'output'"),
    (lambda: rl.LSTM(3, 4, 5, forget_bias=100), ValueError, "forget_bias: got 100"),
    (lambda: rl.LSTM(3, 4, 5, forget_bias="1"), _checks.ArgumentTypeError, "forget_bias"),
    (lambda: rl.LeakyRNN(3, 4, 5, alpha=1.0), ValueError, r"alpha: got values from 1 to 1, wanted every α in \[0, 1\)"),
    (lambda: rl.LeakyRNN(3, 4, 5, alpha=[0.5, 0.5]), ValueError, r"alpha: got shape \(2,\), wanted"),
    (lambda: rl.LeakyRNN(3, 4, 5, alpha=float("nan")), ValueError, "alpha"),
    (lambda: rl.GRU(3, 4, 5, init_scale=0), ValueError, "init_scale: got 0"),
    (lambda: _lstm().forward(np.zeros((5, 2, 2))), ValueError, "x: got"),
    (lambda: _lstm().forward(np.zeros((0, 2, 3))), ValueError, "τ = 0"),
    (lambda: _lstm().forward(np.zeros((5, 2, 3)), h0=np.zeros((2, 3))), ValueError, r"h0: got .*wanted \(2, 4\)"),
    (lambda: _lstm().forward(np.zeros((5, 2, 3)), s0=np.zeros((3, 4))), ValueError, r"s0: got .*wanted \(2, 4\)"),
    (lambda: rl.GRU(3, 4, 5).forward(np.zeros((5, 2, 3)), s0=np.zeros((2, 4))), ValueError,
     "s0: got an initial cell state for GRU, wanted None"),
    (lambda: _lstm().loss_and_grads(np.zeros((5, 2, 3)), np.zeros((5, 2), int) + 5), ValueError, "y: got labels"),
    (lambda: _lstm().loss_and_grads(np.zeros((5, 2, 3)), np.zeros((5,), int)), ValueError, "y: got"),
    (lambda: rl.LSTM(3, 4, 5, pattern="last").loss_and_grads(np.zeros((5, 2, 3)), np.zeros((5, 2), int)),
     ValueError, r"y: got .*\(batch,\)"),
    # the public step functions (issue 20)
    (lambda: gated.gate({}, "f", X1, H1), ValueError, "params: got an empty dict"),
    (lambda: gated.gate(_lstm().params, 123, X1, H1), _checks.ArgumentTypeError, "name: got 123, wanted a gate name"),
    (lambda: gated.gate(_lstm().params, "zz", X1, H1), ValueError, "name: got 'zz', wanted a gate whose keys"),
    (lambda: gated.gate(_lstm().params, "f", None, H1), _checks.ArgumentTypeError, "x_t: got None"),
    (lambda: gated.gate(_lstm().params, "f", "abc", H1), ValueError, "x_t: got"),
    (lambda: gated.gate(_lstm().params, "f", X1, np.zeros(4)), ValueError, r"v: got shape \(4,\), wanted \(2, 4\)"),
    (lambda: gated.gate(_lstm().params, "f", X1, np.full((2, 4), np.nan)), ValueError, "v: got 8 NaN"),
    (lambda: gated.gate(_lstm().params, "f", np.full((2, 3), np.inf), H1), ValueError, "x_t: got 6 NaN or infinite"),
    (lambda: gated.lstm_step({}, X1, H1, H1), ValueError, "params: got an empty dict"),
    (lambda: gated.lstm_step({k: v for k, v in _lstm().params.items() if k != "W"}, X1, H1, H1), ValueError,
     "params: got no 'W'"),
    (lambda: gated.lstm_step(_lstm().params, X1, H1, np.full((2, 4), np.inf)), ValueError, "s_prev: got 8 NaN"),
    (lambda: gated.lstm_step(_lstm().params, X1, np.zeros((2, 3)), H1), ValueError, r"h_prev: got shape \(2, 3\)"),
    (lambda: gated.lstm_step({**_lstm().params, "U_g": np.zeros((4, 2))}, X1, H1, H1), ValueError,
     r"params\['U_g'\]: got shape \(4, 2\), wanted \(4, 3\)"),
    (lambda: gated.gru_step({}, X1, H1), ValueError, "params: got an empty dict"),
    (lambda: gated.gru_step(_lstm().params, X1, H1), ValueError, "params: got no 'U_u'"),
    (lambda: gated.gru_step(rl.GRU(3, 4, 5).params, X1, np.full((2, 4), np.nan)), ValueError, "h_prev: got 8 NaN"),
    (lambda: gated.leaky_step({}, X1, H1, 0.5), ValueError, "params: got an empty dict"),
    (lambda: gated.leaky_step(rl.LeakyRNN(3, 4, 5).params, X1, H1, float("nan")), ValueError, "alpha: got 1 NaN"),
    (lambda: gated.leaky_step(rl.LeakyRNN(3, 4, 5).params, X1, H1, np.inf), ValueError, "alpha: got 1 NaN"),
    (lambda: gated.leaky_step(rl.LeakyRNN(3, 4, 5).params, X1, H1, True), _checks.ArgumentTypeError,
     "alpha: got True"),
    (lambda: gated.leaky_step(rl.LeakyRNN(3, 4, 5).params, X1, H1, 1.0), ValueError, r"alpha: .*wanted every α in"),
    (lambda: gated.leaky_step(rl.LeakyRNN(3, 4, 5).params, None, H1, 0.5), _checks.ArgumentTypeError, "x_t: got None"),
    (lambda: gated.sigmoid(None), _checks.ArgumentTypeError, "a: got None"),
    (lambda: gated.sigmoid([np.nan]), ValueError, "a: got 1 NaN"),
    (lambda: gated.sigmoid("abc"), ValueError, "a: got"),
    (lambda: gated.stack({}, "f"), ValueError, "params: got an empty dict"),
    (lambda: gated.stack(_lstm().params, "Ü"), ValueError, "names: got 'Ü'"),
    (lambda: gated.stack(_lstm().params, None), _checks.ArgumentTypeError, "names: got None"),
    (lambda: gated.stack(None, "f"), _checks.ArgumentTypeError, "params: got None"),
]


@pytest.mark.parametrize("call, exc, match", BAD)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize("kind", MAKERS)
def test_edited_params_are_checked_and_huge_ones_overflow_cleanly(kind):
    model = MAKERS[kind]()
    model.params["b"] = np.zeros(3)
    with pytest.raises(ValueError, match=r"params\['b'\]: got shape \(3,\), wanted \(4,\) = \(n_hidden,\)"):
        model.forward(np.zeros((2, 3)))
    model = MAKERS[kind]()
    model.params["c"][:] = 1.7e308
    model.params["c"][0] = -1.7e308          # refused before o(t) or the loss can overflow
    with pytest.raises(_checks.Overflow, match=r"params\['c'\]: got an entry of -1.7e\+308, wanted \|entries\| <= 1e6"):
        model.loss_and_grads(np.ones((2, 3)), np.zeros(2, int))
    model = MAKERS[kind]()
    model.params["W"][0, 0] = np.inf
    with pytest.raises(ValueError, match=r"params\['W'\]: got 1 NaN or infinite"):
        model.forward(np.zeros((2, 3)))


def test_trains_with_the_optimiser():
    x, y = _data(4, 8, "last")
    for make in MAKERS.values():
        model = make(pattern="last", seed=0)
        hist = rl.optim.train(model, (x, y), 60, progress=False)
        assert hist.loss[-1] < 0.5 * hist.loss[0]
