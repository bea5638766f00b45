"""rnnlib.mlp.PositionalMLP: the per-position network of chapter 1."""

import numpy as np
import pytest

from rnnlib import data as d
from rnnlib.gradcheck import check_gradients
from rnnlib.mlp import PositionalMLP, n_params_per_position

WINDOW, N_IN, N_HIDDEN, N_OUT = 5, 4, 6, 3


def make_model(seed=0):
    return PositionalMLP(WINDOW, N_IN, N_HIDDEN, N_OUT, seed=seed)


@pytest.mark.parametrize("shape", [(1, 1, N_IN), (3, 1, N_IN), (2, 4, N_IN), (WINDOW, 3, N_IN), (WINDOW, 1, N_IN),
                                   (3, N_IN), (WINDOW, N_IN)],
                         ids=lambda s: "x" + "x".join(map(str, s)))
def test_gradients_match_finite_differences(shape):
    rng = np.random.default_rng(len(shape) * 10 + shape[0])
    model = make_model(seed=shape[0])
    model.params["b"] += rng.normal(size=N_HIDDEN)  # non-zero biases so their gradients are tested too
    model.params["c"] += rng.normal(size=N_OUT)
    x = rng.normal(size=shape)
    y = rng.integers(0, N_OUT) if len(shape) == 2 else rng.integers(0, N_OUT, size=shape[1])
    errors = check_gradients(lambda: model.loss_and_grads(x, y), model.params)
    assert set(errors) == {"U", "b", "V", "c"}
    for name, err in errors.items():
        assert err <= 1e-6, (name, err)


def test_matches_an_independent_loop_implementation():
    rng = np.random.default_rng(1)
    model = make_model(seed=3)
    x = rng.normal(size=(3, 4, N_IN))
    y = rng.integers(0, N_OUT, size=4)
    p = model.params
    total = 0.0
    for i in range(4):
        a = p["b"].copy()
        for t in range(3):  # positions 4..window are padding: zero vectors
            a += p["U"][t] @ x[t, i]
        o = p["c"] + p["V"] @ np.tanh(a)
        total -= o[y[i]] - np.log(np.exp(o).sum())
    loss, grads = model.loss_and_grads(x, y)
    assert loss == pytest.approx(total / 4, rel=1e-12)
    assert not grads["U"][3:].any()  # no gradient for positions never read
    trace = model.forward(x)
    assert trace.h.shape == (4, N_HIDDEN) and trace.o.shape == (4, N_OUT) and trace.x.shape == (WINDOW, 4, N_IN)
    np.testing.assert_allclose(trace.y_hat.sum(-1), 1.0)


def test_padding_is_the_same_as_zero_vectors_and_single_sequence_drops_batch():
    rng = np.random.default_rng(2)
    model = make_model()
    x = rng.normal(size=(2, 3, N_IN))
    xp = np.concatenate([x, np.zeros((WINDOW - 2, 3, N_IN))])
    np.testing.assert_array_equal(model.forward(x).o, model.forward(xp).o)
    single = model.forward(x[:, 1])
    assert single.h.shape == (N_HIDDEN,) and single.o.shape == (N_OUT,)
    np.testing.assert_allclose(single.o, model.forward(x).o[1])
    assert model.predict(x).shape == (3,) and np.ndim(model.predict(x[:, 0])) == 0


def test_parameter_count():
    model = PositionalMLP(10, 60, 32, 10)
    assert model.params["U"].shape == (10, 32, 60)
    assert model.params["b"].shape == (32,) and model.params["V"].shape == (10, 32) and model.params["c"].shape == (10,)
    expected = 10 * 32 * 60 + 32 + 10 * 32 + 10
    assert model.n_params == n_params_per_position(10, 60, 32, 10) == expected
    # linear in the window
    assert n_params_per_position(20, 60, 32, 10) - n_params_per_position(10, 60, 32, 10) == 10 * 32 * 60


def test_determinism():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(4, 3, N_IN)), np.array([0, 2, 1])
    a, b, c = make_model(seed=7), make_model(seed=7), make_model(seed=8)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])
    assert a.loss_and_grads(x, y)[0] == b.loss_and_grads(x, y)[0]
    assert not np.array_equal(a.params["U"], c.params["U"])


GOOD_X = np.zeros((3, 2, N_IN))
GOOD_Y = np.array([0, 1])


@pytest.mark.parametrize("x,y,match", [
    (np.zeros((3, 2, 2, N_IN)), GOOD_Y, r"x: got 4-d shape \(3, 2, 2, 4\)"),
    (np.zeros(N_IN), GOOD_Y, "x: got 1-d"),
    (np.zeros((3, 2, N_IN + 1)), GOOD_Y, r"x: got shape \(3, 2, 5\), wanted \(τ, batch, 4\)"),
    (np.zeros((0, 2, N_IN)), GOOD_Y, "x: .*τ = 0"),
    (np.full((3, 2, N_IN), np.nan), GOOD_Y, "x: got 24 NaN or infinite"),
    (np.where(np.eye(N_IN)[None, :2] > 0, np.inf, 0.0).repeat(3, 0), GOOD_Y, "x: got .* NaN or infinite"),
    (np.array([["a"] * N_IN] * 3), GOOD_Y, "x: got dtype"),
    (np.zeros((WINDOW + 1, 2, N_IN)), GOOD_Y, "x: got a sequence of τ = 6 steps, wanted at most window = 5"),
    (GOOD_X, np.array([0, N_OUT]), "y: got labels from 0 to 3, wanted labels in 0..2"),
    (GOOD_X, np.array([-1, 0]), "y: got labels from -1"),
    (GOOD_X, np.array([0.0, 1.0]), "y: got dtype float64"),
    (GOOD_X, np.array([0, 1, 2]), r"y: got shape \(3,\), wanted \(batch,\) = \(2,\)"),
    (GOOD_X, np.array([[0, 1]]), r"y: got shape \(1, 2\)"),
    (GOOD_X[:, 0], np.array([0]), r"y: got shape \(1,\), wanted \(\) \(one label\)"),
], ids=["4d", "1d", "features", "tau0", "nan", "inf", "strings", "too-long", "label-high", "label-negative",
        "label-float", "batch-mismatch", "label-2d", "single-label-shape"])
def test_bad_input_raises_value_error_naming_the_argument(x, y, match):
    model = make_model()
    with pytest.raises(ValueError, match=match):
        model.loss_and_grads(x, y)


@pytest.mark.parametrize("args,match", [
    ((0, 3, 4, 5), "window: got 0"),
    ((2, -1, 4, 5), "n_in: got -1"),
    ((2, 3, 4.0, 5), "n_hidden: got 4.0"),
    ((2, 3, 4, True), "n_out: got True"),
])
def test_bad_constructor_arguments(args, match):
    with pytest.raises(ValueError, match=match):
        PositionalMLP(*args)


def test_too_long_sentence_message_mentions_the_window():
    s = d.year_sentences(5, seed=0, lengths=[14])
    model = PositionalMLP(10, s.n_vocab, 8, len(d.YEARS))
    x, y = s.batch(np.arange(5))
    message = ("x: got a sequence of τ = 14 steps, wanted at most window = 10: this network has weights "
               "for positions 1..10 only and cannot read position 11 onwards")
    for call in (lambda: model.forward(x), lambda: model.loss_and_grads(x, y), lambda: model.predict(x[:, 0])):
        with pytest.raises(ValueError) as err:
            call()
        assert str(err.value) == message


def test_gradient_descent_learns_year_extraction():
    train = d.year_sentences(400, seed=0, lengths=range(5, 9), positions={1, 2, 4, 5, 6})
    window = 8
    x, y = d.padded(train, window), train.year
    model = PositionalMLP(window, train.n_vocab, 16, len(d.YEARS), seed=0)
    losses = []
    for _ in range(150):  # plain full-batch gradient descent
        loss, grads = model.loss_and_grads(x, y)
        losses.append(loss)
        for k in model.params:
            model.params[k] -= 2.0 * grads[k]
    assert losses[-1] < 0.2 * losses[0]
    assert (model.predict(x) == y).mean() > 0.95
    # positions it never saw: no better than guessing, far from the training accuracy
    unseen = d.year_sentences(400, seed=1, lengths=range(5, 9), positions={0, 3, 7})
    assert (model.predict(d.padded(unseen, window)) == unseen.year).mean() < 0.3
