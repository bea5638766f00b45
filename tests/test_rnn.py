"""rnnlib.RNN against finite differences, an independent loop implementation, and bad input."""

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.gradcheck import check_gradients

PATTERNS = ["hidden", "output", "last"]


def make_problem(pattern, tau, batch, n_in=3, n_hidden=5, n_out=4, seed=0):
    rng = np.random.default_rng(seed)
    model = rl.RNN(n_in, n_hidden, n_out, pattern=pattern, seed=seed)
    x = rng.normal(size=(tau, batch, n_in))
    y = rng.integers(0, n_out, size=(batch,) if pattern == "last" else (tau, batch))
    n_rec = n_out if pattern == "output" else n_hidden
    h0 = rng.normal(size=(batch, n_rec))
    return model, x, y, h0


def reference_loss(params, pattern, x, y, h0):
    """Independent float64 implementation: explicit loops over batch items and time."""
    U, W, V, b, c = (params[k] for k in "UWVbc")
    tau, batch, _ = x.shape
    total = 0.0
    for i in range(batch):
        r = np.zeros(W.shape[1]) if h0 is None else h0[i]
        for t in range(tau):
            h = np.tanh(b + W.dot(r) + U.dot(x[t, i]))
            o = c + V.dot(h)
            logp = o - np.log(np.sum(np.exp(o - o.max()))) - o.max()
            if pattern != "last" or t == tau - 1:
                target = y[i] if pattern == "last" else y[t, i]
                total -= logp[target]
            if pattern == "output":
                r = np.zeros(V.shape[0])
                r[y[t, i]] = 1.0  # teacher forcing: the true previous target
            else:
                r = h
    return total / batch


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("tau,batch", [(1, 1), (1, 4), (5, 1), (4, 3), (9, 2)])
@pytest.mark.parametrize("with_h0", [False, True])
def test_gradients_match_finite_differences(pattern, tau, batch, with_h0):
    model, x, y, h0 = make_problem(pattern, tau, batch, seed=tau * 10 + batch)
    h0 = h0 if with_h0 else None
    errors = check_gradients(lambda: model.loss_and_grads(x, y, h0), model.params)
    assert set(errors) == {"U", "W", "V", "b", "c"}
    for name, err in errors.items():
        assert err <= 1e-6, f"{pattern} τ={tau} batch={batch}: ∇{name} relative error {err:.2e}"


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("shape", [(2, 7, 3), (6, 4, 2), (3, 1, 1)])
def test_gradients_random_sizes(pattern, shape):
    n_in, n_hidden, n_out = shape
    model, x, y, h0 = make_problem(pattern, 4, 2, n_in, n_hidden, n_out, seed=sum(shape))
    errors = check_gradients(lambda: model.loss_and_grads(x, y, h0), model.params)
    assert max(errors.values()) <= 1e-6, errors


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("with_h0", [False, True])
def test_loss_matches_independent_implementation(pattern, with_h0):
    model, x, y, h0 = make_problem(pattern, 6, 3, seed=3)
    h0 = h0 if with_h0 else None
    loss, _ = model.loss_and_grads(x, y, h0)
    assert loss == pytest.approx(reference_loss(model.params, pattern, x, y, h0), rel=1e-12)


def test_forward_matches_step_function():
    model, x, _, h0 = make_problem("hidden", 5, 2)
    trace = model.forward(x, h0)
    h = h0
    for t in range(5):
        h = rl.rnn.step(model.params, x[t], h)
        np.testing.assert_allclose(trace.h[t], h, rtol=0, atol=1e-14)
    np.testing.assert_allclose(trace.o, trace.h @ model.params["V"].T + model.params["c"], atol=1e-14)
    np.testing.assert_allclose(trace.y_hat.sum(-1), 1.0)


def test_output_pattern_free_running_feeds_back_softmax():
    model, x, y, _ = make_problem("output", 4, 2)
    trace = model.forward(x)
    np.testing.assert_allclose(trace.r[0], 0.0)
    np.testing.assert_allclose(trace.r[1:], trace.y_hat[:-1], atol=1e-14)
    forced = model.forward(x, targets=y)
    np.testing.assert_allclose(forced.r[1:], rl.one_hot(y[:-1], 4))


def test_single_sequence_equals_batch_of_one():
    for pattern in PATTERNS:
        model, x, y, h0 = make_problem(pattern, 4, 1)
        single_y = y[0] if pattern == "last" else y[:, 0]
        loss1, g1 = model.loss_and_grads(x[:, 0], single_y, h0[0])
        loss2, g2 = model.loss_and_grads(x, y, h0)
        assert loss1 == pytest.approx(loss2, rel=1e-14)
        for k in g1:
            np.testing.assert_allclose(g1[k], g2[k], rtol=1e-13, atol=1e-15)
        assert model.forward(x[:, 0]).h.shape == (4, model.n_hidden)


def test_shapes_follow_the_contract():
    for pattern in PATTERNS:
        model = rl.RNN(3, 5, 4, pattern=pattern, seed=0)
        shapes = {k: v.shape for k, v in model.params.items()}
        assert shapes["U"] == (5, 3) and shapes["V"] == (4, 5)
        assert shapes["b"] == (5,) and shapes["c"] == (4,)
        assert shapes["W"] == ((5, 4) if pattern == "output" else (5, 5))
        trace = model.forward(np.zeros((7, 2, 3)))
        assert trace.h.shape == (7, 2, 5) and trace.o.shape == (7, 2, 4)


def test_backward_returns_hidden_gradients_consistent_with_params():
    model, x, y, h0 = make_problem("hidden", 5, 3)
    loss, grads, dh = model.backward(x, y, h0)
    assert dh.shape == (5, 3, 5)
    # ∇h(1) pulled back through h(1) = tanh(U x + W h0 + b) gives the gradient w.r.t. h0.
    trace = model.forward(x, h0)
    dh0 = (dh[0] * (1 - trace.h[0] ** 2)) @ model.params["W"]
    eps = 1e-6
    h0p = h0.copy()
    h0p[1, 2] += eps
    h0m = h0.copy()
    h0m[1, 2] -= eps
    numeric = (model.loss_and_grads(x, y, h0p)[0] - model.loss_and_grads(x, y, h0m)[0]) / (2 * eps)
    assert dh0[1, 2] == pytest.approx(numeric, rel=1e-6)


def test_same_seed_same_network_and_loss():
    a, x, y, _ = make_problem("hidden", 4, 3, seed=7)
    b = rl.RNN(3, 5, 4, pattern="hidden", seed=7)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])
    assert a.loss_and_grads(x, y)[0] == b.loss_and_grads(x, y)[0]
    c = rl.RNN(3, 5, 4, pattern="hidden", seed=8)
    assert not np.array_equal(a.params["U"], c.params["U"])


def test_saturating_weights_give_finite_loss_and_gradients():
    for pattern in PATTERNS:
        model, x, y, h0 = make_problem(pattern, 6, 4)
        for k in model.params:
            model.params[k] *= 1e4
        loss, grads = model.loss_and_grads(x * 100, y, h0)
        assert np.isfinite(loss)
        assert all(np.all(np.isfinite(g)) for g in grads.values())
        assert np.all(np.isfinite(model.forward(x * 100).y_hat))


def _bad_inputs():
    x = np.zeros((4, 2, 3))
    y = np.zeros((4, 2), dtype=int)
    nan_x = x.copy()
    nan_x[1, 0, 2] = np.nan
    inf_x = x.copy()
    inf_x[0, 1, 0] = np.inf
    return [
        ("x 1-d", dict(x=np.zeros(3), y=y), "x"),
        ("x 4-d", dict(x=np.zeros((4, 2, 3, 1)), y=y), "x"),
        ("x wrong n_in", dict(x=np.zeros((4, 2, 5)), y=y), "x"),
        ("x tau 0", dict(x=np.zeros((0, 2, 3)), y=np.zeros((0, 2), dtype=int)), "x"),
        ("x NaN", dict(x=nan_x, y=y), "x"),
        ("x inf", dict(x=inf_x, y=y), "x"),
        ("x strings", dict(x=np.full((4, 2, 3), "a"), y=y), "x"),
        ("y out of range", dict(x=x, y=np.full((4, 2), 4)), "y"),
        ("y negative", dict(x=x, y=np.full((4, 2), -1)), "y"),
        ("y float", dict(x=x, y=np.zeros((4, 2))), "y"),
        ("y batch mismatch", dict(x=x, y=np.zeros((4, 3), dtype=int)), "y"),
        ("y tau mismatch", dict(x=x, y=np.zeros((5, 2), dtype=int)), "y"),
        ("h0 wrong size", dict(x=x, y=y, h0=np.zeros((2, 4))), "h0"),
        ("h0 wrong batch", dict(x=x, y=y, h0=np.zeros((3, 5))), "h0"),
        ("h0 NaN", dict(x=x, y=y, h0=np.full((2, 5), np.nan)), "h0"),
    ]


@pytest.mark.parametrize("case,kwargs,arg", _bad_inputs(), ids=[c[0] for c in _bad_inputs()])
def test_bad_input_raises_value_error_naming_argument(case, kwargs, arg):
    model = rl.RNN(3, 5, 4, pattern="hidden", seed=0)
    with pytest.raises(ValueError) as info:
        model.loss_and_grads(**kwargs)
    message = str(info.value)
    assert message.startswith(f"{arg}:"), message
    assert "got" in message and "wanted" in message, message
    if arg != "y":  # forward validates x and h0 the same way
        with pytest.raises(ValueError, match=f"^{arg}:"):
            model.forward(kwargs["x"], kwargs.get("h0"))


@pytest.mark.parametrize(
    "kwargs,arg",
    [(dict(n_in=0, n_hidden=5, n_out=4), "n_in"), (dict(n_in=3, n_hidden=2.5, n_out=4), "n_hidden"),
     (dict(n_in=3, n_hidden=5, n_out=4, pattern="hiden"), "pattern")],
)
def test_bad_constructor_arguments(kwargs, arg):
    with pytest.raises(ValueError, match=f"^{arg}:"):
        rl.RNN(**kwargs)


def test_last_pattern_wants_one_label_per_sequence():
    model = rl.RNN(3, 5, 4, pattern="last", seed=0)
    with pytest.raises(ValueError, match=r"^y:.*\(batch,\)"):
        model.loss_and_grads(np.zeros((4, 2, 3)), np.zeros((4, 2), dtype=int))


def test_output_pattern_h0_is_the_fed_back_output():
    model = rl.RNN(3, 5, 4, pattern="output", seed=0)
    with pytest.raises(ValueError, match=r"^h0:.*n_out"):
        model.forward(np.zeros((4, 2, 3)), h0=np.zeros((2, 5)))


def test_unfold_applies_the_same_f_at_every_step():
    W = np.array([[0.5, -0.3], [0.2, 0.9]])
    f = lambda s: np.tanh(W @ s)  # noqa: E731
    s0 = np.array([1.0, -1.0])
    states = rl.rnn.unfold(f, s0, tau=3)
    np.testing.assert_allclose(states[2], f(f(f(s0))))  # eq. 10.3: s(3) = f(f(f(s(0))))
    x = np.arange(8.0).reshape(4, 2)
    g = lambda s, x_t: np.tanh(W @ s + x_t)  # noqa: E731
    with_input = rl.rnn.unfold(g, s0, x=x)
    assert with_input.shape == (4, 2)
    np.testing.assert_allclose(with_input[1], g(g(s0, x[0]), x[1]))
    with pytest.raises(ValueError, match="^tau:"):
        rl.rnn.unfold(f, s0)
    with pytest.raises(ValueError, match="^f:"):
        rl.rnn.unfold(lambda s: s[:1], s0, tau=2)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_n_params_matches_the_model(pattern):
    assert rl.rnn.n_params(3, 5, 4, pattern) == rl.RNN(3, 5, 4, pattern=pattern).n_params


# ------------------------------------------------------------------ pattern "output": what is fed back

FEEDBACKS = ["target", "softmax", "logits"]


def reference_free_loss(params, x, y, h0, feedback):
    """Independent loop over batch items and time for pattern "output" fed its own softmax or logits."""
    U, W, V, b, c = (params[k] for k in "UWVbc")
    tau, batch, _ = x.shape
    total = 0.0
    for i in range(batch):
        r = np.zeros(W.shape[1]) if h0 is None else h0[i]
        for t in range(tau):
            o = c + V.dot(np.tanh(b + W.dot(r) + U.dot(x[t, i])))
            logp = o - o.max() - np.log(np.sum(np.exp(o - o.max())))
            total -= logp[y[t, i]]
            r = np.exp(logp) if feedback == "softmax" else o
    return total / batch


@pytest.mark.parametrize("feedback", FEEDBACKS)
@pytest.mark.parametrize("tau,batch", [(1, 1), (1, 3), (4, 1), (5, 3), (9, 2)])
@pytest.mark.parametrize("with_h0", [False, True])
def test_output_pattern_gradients_match_finite_differences_for_each_feedback(feedback, tau, batch, with_h0):
    model, x, y, h0 = make_problem("output", tau, batch, seed=tau * 10 + batch)
    h0 = h0 if with_h0 else None
    errors = check_gradients(lambda: model.loss_and_grads(x, y, h0, feedback=feedback), model.params)
    assert set(errors) == {"U", "W", "V", "b", "c"}
    for name, err in errors.items():
        assert err <= 1e-6, f"feedback={feedback} τ={tau} batch={batch}: ∇{name} relative error {err:.2e}"


@pytest.mark.parametrize("feedback", ["softmax", "logits"])
@pytest.mark.parametrize("with_h0", [False, True])
def test_free_running_loss_matches_independent_implementation(feedback, with_h0):
    model, x, y, h0 = make_problem("output", 6, 3, seed=5)
    h0 = h0 if with_h0 else None
    loss, _ = model.loss_and_grads(x, y, h0, feedback=feedback)
    assert loss == pytest.approx(reference_free_loss(model.params, x, y, h0, feedback), rel=1e-12)
    trace = model.forward(x, h0, feedback=feedback)
    fed = trace.y_hat[:-1] if feedback == "softmax" else trace.o[:-1]
    np.testing.assert_array_equal(trace.r[1:], fed)


def test_default_feedback_is_teacher_forcing_for_training_and_softmax_for_running():
    model, x, y, _ = make_problem("output", 5, 2, seed=2)
    assert model.loss_and_grads(x, y)[0] == model.loss_and_grads(x, y, feedback="target")[0]
    assert model.forward(x).feedback == "softmax" and model.forward(x, targets=y).feedback == "target"
    np.testing.assert_array_equal(model.forward(x).o, model.forward(x, feedback="softmax").o)
    assert model.forward(x, targets=y, feedback="target").steps == 1
    assert rl.RNN(3, 5, 4, seed=0).forward(x).feedback is None


@pytest.mark.parametrize("pattern,feedback,targets,steps",
                         [("hidden", None, False, 7), ("last", None, False, 7), ("output", "softmax", False, 7),
                          ("output", "logits", False, 7), ("output", "target", True, 1)])
def test_trace_counts_the_calls_of_step(pattern, feedback, targets, steps):
    model, x, y, _ = make_problem(pattern, 7, 2)
    trace = model.forward(x, targets=y if targets else None, feedback=feedback)
    assert trace.steps == steps
    assert model.forward(x[:, 0], targets=y[:, 0] if targets else None, feedback=feedback).steps == steps


def test_bad_feedback_is_refused_naming_the_argument():
    model, x, y, _ = make_problem("output", 4, 2)
    with pytest.raises(ValueError, match="^feedback:"):
        model.loss_and_grads(x, y, feedback="argmax")
    with pytest.raises(TypeError, match="^feedback:"):
        model.forward(x, feedback=1)
    with pytest.raises(ValueError, match="^targets:.*feedback 'target'"):
        model.forward(x, feedback="target")
    with pytest.raises(ValueError, match="^targets:.*'softmax'"):
        model.forward(x, targets=y, feedback="softmax")
    hidden, x, y, _ = make_problem("hidden", 4, 2)
    for call in (lambda: hidden.forward(x, feedback="softmax"), lambda: hidden.loss_and_grads(x, y, feedback="target")):
        with pytest.raises(ValueError, match="^feedback:.*'output' only"):
            call()


def test_logits_that_overflow_raise_instead_of_being_fed_back():
    model, x, y, _ = make_problem("output", 6, 2)
    model.params["b"][:] = 20.0            # h(t) = 1 ...
    model.params["V"][:] = 1e308           # ... so o(t) = V h(t) overflows, and so would what is fed back
    with pytest.raises(ValueError, match=r"^params\['V'\]: got an entry of 1e\+308, wanted \|entries\| <= 1e6"):
        model.forward(x, feedback="logits")       # refused before o(t) can overflow
    with pytest.raises(ValueError, match=r"^params\['V'\]: got an entry of 1e\+308"):
        model.loss_and_grads(x, y, feedback="logits")
