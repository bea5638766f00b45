"""rnnlib.mlp.BagOfWords: shared weights without recurrence (chapter 1's middle model)."""

import numpy as np
import pytest

from rnnlib.gradcheck import check_gradients
from rnnlib.mlp import BagOfWords

N_IN, N_HIDDEN, N_OUT = 4, 6, 3


@pytest.mark.parametrize("shape", [(1, 1, N_IN), (3, 2, N_IN), (7, 4, N_IN), (3, N_IN)],
                         ids=lambda s: "x" + "x".join(map(str, s)))
def test_gradients_match_finite_differences(shape):
    rng = np.random.default_rng(shape[0])
    model = BagOfWords(N_IN, N_HIDDEN, N_OUT, seed=shape[0])
    model.params["b"] += rng.normal(size=N_HIDDEN)
    model.params["c"] += rng.normal(size=N_OUT)
    x = rng.normal(size=shape)
    y = rng.integers(0, N_OUT) if len(shape) == 2 else rng.integers(0, N_OUT, size=shape[1])
    errors = check_gradients(lambda: model.loss_and_grads(x, y), model.params)
    assert set(errors) == {"U", "b", "V", "c"}
    for name, err in errors.items():
        assert err <= 1e-6, (name, err)


def test_matches_the_equation_and_ignores_order():
    rng = np.random.default_rng(1)
    model = BagOfWords(N_IN, N_HIDDEN, N_OUT, seed=2)
    x = rng.normal(size=(5, 3, N_IN))
    p = model.params
    o = p["c"] + np.tanh(p["b"] + x.sum(axis=0) @ p["U"].T) @ p["V"].T
    trace = model.forward(x)
    np.testing.assert_allclose(trace.o, o, rtol=1e-12)
    assert trace.h.shape == (3, N_HIDDEN) and trace.counts.shape == (3, N_IN)
    np.testing.assert_allclose(trace.y_hat.sum(-1), 1.0)
    np.testing.assert_allclose(model.forward(x[::-1]).o, o, rtol=1e-12)  # any order, same output
    np.testing.assert_allclose(model.forward(x[:, 1]).o, o[1], rtol=1e-12)  # a single sequence drops batch
    assert model.predict(x).shape == (3,) and np.ndim(model.predict(x[:, 0])) == 0
    long = rng.normal(size=(50, 2, N_IN))  # any length, same parameters
    assert model.forward(long).o.shape == (2, N_OUT)
    assert model.n_params == N_HIDDEN * N_IN + N_HIDDEN + N_OUT * N_HIDDEN + N_OUT
    assert "BagOfWords(n_in=4" in repr(model)


def test_same_seed_same_model():
    a, b = BagOfWords(N_IN, N_HIDDEN, N_OUT, seed=5), BagOfWords(N_IN, N_HIDDEN, N_OUT, seed=5)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])


@pytest.mark.parametrize("x, y, match", [
    (np.zeros((3, 2, N_IN + 1)), np.zeros(2, int), "x: got shape"),
    (np.zeros((0, 2, N_IN)), np.zeros(2, int), "τ = 0"),
    (np.full((3, 2, N_IN), np.nan), np.zeros(2, int), "NaN"),
    (np.zeros((3, 2, N_IN)), np.array([0, N_OUT]), "labels"),
    (np.zeros((3, 2, N_IN)), np.array([0, -1]), "labels"),
    (np.zeros((3, 2, N_IN)), np.zeros(3, int), "y: got shape"),
    (np.zeros((3, 2, N_IN)), np.zeros(2), "dtype"),
])
def test_bad_input_is_refused(x, y, match):
    model = BagOfWords(N_IN, N_HIDDEN, N_OUT)
    with pytest.raises(ValueError, match=match):
        model.loss_and_grads(x, y)


def test_bad_sizes_and_edited_parameters_are_refused():
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="n_hidden"):
            BagOfWords(N_IN, bad, N_OUT)
    with pytest.raises(ValueError, match="init_scale"):
        BagOfWords(N_IN, N_HIDDEN, N_OUT, init_scale=-1)
    x = np.zeros((2, N_IN))
    model = BagOfWords(N_IN, N_HIDDEN, N_OUT)
    model.params["U"] = model.params["U"].T
    with pytest.raises(ValueError, match=r"params\['U'\]: got shape \(4, 6\), wanted \(6, 4\)"):
        model.forward(x)
    model = BagOfWords(N_IN, N_HIDDEN, N_OUT)
    model.params["V"] = model.params["V"].tolist()
    with pytest.raises(TypeError, match=r"params\['V'\]"):
        model.predict(x)
    model = BagOfWords(N_IN, N_HIDDEN, N_OUT)
    model.params["c"][0] = np.inf
    with pytest.raises(ValueError, match=r"params\['c'\]: got 1 NaN or infinite"):
        model.loss_and_grads(x, 0)
    model = BagOfWords(N_IN, N_HIDDEN, N_OUT)
    del model.params["b"]
    with pytest.raises(ValueError, match="params: got"):
        model.forward(x)
