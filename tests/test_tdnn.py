"""rnnlib.mlp.TimeDelayNetwork: chapter 1's convolution baseline (shared weights over a window, no recurrence)."""

import numpy as np
import pytest

from rnnlib import claims
from rnnlib.gradcheck import check_gradients
from rnnlib.mlp import TimeDelayNetwork

WIDTH, N_IN, N_HIDDEN, N_OUT = 3, 4, 5, 3


def make_model(seed=0, width=WIDTH):
    return TimeDelayNetwork(width, N_IN, N_HIDDEN, N_OUT, seed=seed)


@pytest.mark.parametrize("shape", [(1, 1, N_IN), (2, 3, N_IN), (3, 2, N_IN), (6, 4, N_IN), (5, N_IN), (1, N_IN)],
                         ids=lambda s: "x" + "x".join(map(str, s)))
def test_gradients_match_finite_differences(shape):
    rng = np.random.default_rng(10 * len(shape) + shape[0])
    model = make_model(seed=shape[0])
    model.params["b"] += rng.normal(size=N_HIDDEN)
    model.params["c"] += rng.normal(size=N_OUT)
    x = rng.normal(size=shape)
    y = rng.integers(0, N_OUT) if len(shape) == 2 else rng.integers(0, N_OUT, size=shape[1])
    errors = check_gradients(lambda: model.loss_and_grads(x, y), model.params)
    assert set(errors) == {"U", "b", "V", "c"}
    for name, err in errors.items():
        assert err <= 1e-6, (name, err)


def _loop(model, x):
    """h(t) = tanh(b + Σ_k U_k x(t−k)), m = max_t h(t), o = c + V m, written with loops (one sequence)."""
    p = model.params
    hs = []
    for t in range(x.shape[0]):
        a = p["b"].copy()
        for k in range(model.width):
            if t - k >= 0:
                a += p["U"][k] @ x[t - k]
        hs.append(np.tanh(a))
    m = np.max(hs, axis=0)
    return np.array(hs), p["c"] + p["V"] @ m


def test_matches_a_loop_and_sees_only_its_window():
    rng = np.random.default_rng(1)
    model = make_model(seed=2)
    x = rng.normal(size=(7, 3, N_IN))
    trace = model.forward(x)
    for i in range(3):
        h, o = _loop(model, x[:, i])
        np.testing.assert_allclose(trace.h[:, i], h, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(trace.o[i], o, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(trace.y_hat.sum(-1), 1.0)
    # h(t) depends on x(t-2), x(t-1), x(t) only
    x2 = x.copy()
    x2[0] += 1.0
    assert np.array_equal(model.forward(x2).h[3:], trace.h[3:]) and not np.array_equal(model.forward(x2).h[:3],
                                                                                        trace.h[:3])
    single = model.forward(x[:, 1])
    assert single.h.shape == (7, N_HIDDEN) and single.o.shape == (N_OUT,)
    np.testing.assert_allclose(single.o, trace.o[1])
    assert model.predict(x).shape == (3,)


def test_shares_its_weights_across_positions_and_reads_any_length():
    model = make_model()
    rng = np.random.default_rng(3)
    word = rng.normal(size=N_IN)
    # the same word, alone among zero vectors, at position 2 or 9 gives the same output
    a, b = np.zeros((12, N_IN)), np.zeros((12, N_IN))
    a[1], b[8] = word, word
    np.testing.assert_allclose(model.forward(a).o, model.forward(b).o)
    assert model.n_params == WIDTH * N_HIDDEN * N_IN + N_HIDDEN + N_OUT * N_HIDDEN + N_OUT
    assert "TimeDelayNetwork(width=3" in repr(model)


def test_seed_and_rounding_ensemble():
    np.testing.assert_array_equal(make_model(seed=4).params["U"], make_model(seed=4).params["U"])
    with claims.rounding(2):
        perturbed = make_model(seed=4)
    diff = perturbed.params["U"] / make_model(seed=4).params["U"] - 1
    assert 0 < np.abs(diff).max() < 1e-10


@pytest.mark.parametrize("call, match", [
    (lambda: TimeDelayNetwork(0, N_IN, N_HIDDEN, N_OUT), "width: got 0"),
    (lambda: TimeDelayNetwork(3.0, N_IN, N_HIDDEN, N_OUT), "width: got 3.0"),
    (lambda: TimeDelayNetwork(True, N_IN, N_HIDDEN, N_OUT), "width: got True"),
    (lambda: TimeDelayNetwork(3, N_IN, N_HIDDEN, N_OUT, seed=-1), "seed: got -1"),
    (lambda: TimeDelayNetwork(3, N_IN, N_HIDDEN, N_OUT, seed=1.5), "seed: got 1.5"),
    (lambda: TimeDelayNetwork(3, N_IN, N_HIDDEN, N_OUT, init_scale=0), "init_scale: got 0"),
    (lambda: TimeDelayNetwork(3, 10**6, 10**3, N_OUT), "wanted at most 20,000,000"),
    (lambda: make_model().forward(np.zeros((4, 2, N_IN + 1))), "x: got shape"),
    (lambda: make_model().forward(np.zeros((0, 2, N_IN))), "τ = 0"),
    (lambda: make_model().forward(np.full((2, N_IN), np.nan)), "NaN"),
    (lambda: make_model().loss_and_grads(np.zeros((3, 2, N_IN)), [0, N_OUT]), "y: got labels"),
    (lambda: make_model().loss_and_grads(np.zeros((3, 2, N_IN)), [0.0, 1.0]), "y: got dtype"),
], ids=["width 0", "width float", "width bool", "seed negative", "seed float", "init_scale 0", "too big",
        "x wrong n_in", "x empty", "x nan", "y out of range", "y float"])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_edited_params_are_checked_where_used():
    model = make_model()
    model.params["U"] = model.params["U"][:2]
    with pytest.raises(ValueError, match=r"params\['U'\]: got shape"):
        model.forward(np.zeros((3, N_IN)))
    model = make_model()
    model.params["V"][0, 0] = np.inf
    with pytest.raises(ValueError, match=r"params\['V'\]"):
        model.loss_and_grads(np.zeros((3, N_IN)), 1)
