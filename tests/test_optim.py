"""Optimisers, clipping, and training small tasks to a target."""

import numpy as np
import pytest

import rnnlib as rl
from rnnlib import optim


def previous_symbol_task(n_symbols=4, tau=8, batch=32, seed=0):
    """Predict x(t-1) from x(t) onwards: the network must remember one step back."""
    rng = np.random.default_rng(seed)
    s = rng.integers(0, n_symbols, size=(tau, batch))
    x = rl.one_hot(s, n_symbols)
    y = np.concatenate([np.zeros((1, batch), dtype=int), s[:-1]])  # y(1) = 0, y(t) = x-symbol at t-1
    return x, y


def test_clip_grad_norm_rescales_to_max_norm():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    clipped, norm = optim.clip_grad_norm(grads, 1.0)
    assert norm == pytest.approx(5.0)
    assert optim.global_norm(clipped) == pytest.approx(1.0)
    np.testing.assert_allclose(clipped["a"], [0.6, 0.0])
    same, _ = optim.clip_grad_norm(grads, 10.0)
    np.testing.assert_array_equal(same["a"], grads["a"])
    with pytest.raises(ValueError, match="^max_norm:"):
        optim.clip_grad_norm(grads, 0)


def test_sgd_and_adam_descend_a_quadratic():
    for opt in (optim.SGD(lr=0.1), optim.SGD(lr=0.05, momentum=0.9), optim.Adam(lr=0.1)):
        params = {"w": np.array([3.0, -2.0])}
        for _ in range(200):
            opt.step(params, {"w": 2 * params["w"]})
        assert np.abs(params["w"]).max() < 1e-2, type(opt).__name__


@pytest.mark.parametrize("pattern", ["hidden", "output"])
def test_training_reaches_target_on_previous_symbol(pattern):
    x, y = previous_symbol_task()
    model = rl.RNN(4, 16, 4, pattern=pattern, seed=0)
    if pattern == "output":
        # Output recurrence with teacher forcing: y(t-1) is fed back, and the
        # task "predict y(t) = x(t-1)" needs x(t-1), so use "repeat the input" instead.
        y = np.argmax(x, -1)
    history = optim.train(model, (x, y), steps=300, optimizer=optim.Adam(lr=0.03), progress=False)
    accuracy = (model.predict(x) == y).mean()
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert accuracy > 0.95


def test_training_last_pattern_reaches_target():
    rng = np.random.default_rng(1)
    s = rng.integers(0, 3, size=(5, 64))
    x, y = rl.one_hot(s, 3), s[0]  # report the first symbol after reading all five
    model = rl.RNN(3, 16, 3, pattern="last", seed=0)
    optim.train(model, (x, y), steps=300, optimizer=optim.Adam(lr=0.03), clip=5.0, progress=False)
    assert (model.predict(x) == y).mean() > 0.95


def test_training_with_callable_data_and_history():
    x, y = previous_symbol_task()
    model = rl.RNN(4, 8, 4, seed=0)
    calls = []
    history = optim.train(model, lambda i: calls.append(i) or (x, y), steps=5, progress=False)
    assert calls == [0, 1, 2, 3, 4]
    assert len(history.loss) == len(history.grad_norm) == 5
    assert "5 steps" in repr(history)


def test_divergence_stops_with_helpful_error():
    x, y = previous_symbol_task()
    model = rl.RNN(4, 8, 4, seed=0)
    with pytest.raises(optim.TrainingDiverged, match="smaller learning rate"):
        optim.train(model, (x, y), steps=3, optimizer=optim.SGD(lr=1e308), progress=False)


def test_divergence_after_the_last_step_is_reported():
    x, y = previous_symbol_task()
    model = rl.RNN(4, 8, 4, seed=0)
    with pytest.raises(optim.TrainingDiverged, match=r"step 0: the update made params 'b' NaN"):
        optim.train(model, (x, y), steps=1, optimizer=optim.SGD(lr=1e308), progress=False)


@pytest.mark.parametrize("optimizer", [optim.SGD(lr=1e9), optim.Adam(lr=1e7)], ids=["SGD", "Adam"])
def test_an_update_past_the_magnitude_limit_diverges_at_its_step(optimizer):
    x, y = previous_symbol_task()
    model = rl.RNN(4, 8, 4, seed=0)
    with pytest.raises(optim.TrainingDiverged, match=r"step 0: the update made params .* larger than 1e6 in size"):
        optim.train(model, (x, y), steps=3, optimizer=optimizer, progress=False)


def test_huge_parameters_are_named_before_training():
    x, y = previous_symbol_task()
    model = rl.RNN(4, 8, 4, seed=0)
    model.params["W"][0, 0] = 1e200
    with pytest.raises(ValueError, match=r"^params\['W'\]: got an entry of 1e\+200, wanted \|entries\| <= 1e6"):
        optim.train(model, (x, y), steps=3, progress=False)


def test_parameters_edited_to_nan_are_named_before_training():
    x, y = previous_symbol_task()
    model = rl.RNN(4, 8, 4, seed=0)
    model.params["V"][:] = np.nan
    with pytest.raises(ValueError, match=r"^params\['V'\]: got 32 NaN"):
        optim.train(model, (x, y), steps=3, progress=False)


def test_progress_prints_in_a_terminal(capsys):
    x, y = previous_symbol_task()
    optim.train(rl.RNN(4, 8, 4, seed=0), (x, y), steps=40, progress=True, label="demo")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("demo: step 40/40")
    assert 2 <= len(lines) <= 21


@pytest.mark.parametrize("kwargs,arg", [(dict(steps=0), "steps"), (dict(steps=3, data=[1, 2, 3]), "data")])
def test_train_bad_arguments(kwargs, arg):
    x, y = previous_symbol_task()
    kwargs.setdefault("data", (x, y))
    with pytest.raises(ValueError, match=f"^{arg}:"):
        optim.train(rl.RNN(4, 8, 4), **kwargs, progress=False)


def test_gradcheck_detects_a_wrong_gradient():
    params = {"w": np.array([1.0, 2.0])}
    def wrong():
        return float(np.sum(params["w"] ** 2)), {"w": 3 * params["w"]}
    assert rl.gradcheck.check_gradients(wrong, params)["w"] > 0.1
    with pytest.raises(ValueError, match="^loss_and_grads:"):
        rl.gradcheck.check_gradients(lambda: (0.0, {}), params)


class _Spoiler:
    """An optimizer whose one update leaves V finite but so large that the next forward pass overflows."""

    def step(self, params, grads):
        params["b"][...] = 1e3    # h(t) = tanh(...) = 1 in every unit
        params["V"][...] = 1e308  # so o = V h sums four values of 1e308: infinite


def test_a_last_update_leaving_finite_but_unusable_parameters_is_caught():
    model = rl.RNN(3, 4, 2, pattern="last", seed=0)
    x = np.random.default_rng(0).normal(size=(5, 8, 3))
    y = np.zeros(8, dtype=int)
    assert all(np.isfinite(p).all() for p in model.params.values())
    with pytest.raises(optim.TrainingDiverged, match=r"last update \(step 0\).*final parameters"):
        optim.train(model, (x, y), 1, optimizer=_Spoiler(), progress=False)


def test_history_keeps_the_loss_of_the_final_parameters():
    model = rl.RNN(3, 4, 2, pattern="last", seed=0)
    x = np.random.default_rng(0).normal(size=(5, 8, 3))
    y = np.zeros(8, dtype=int)
    history = optim.train(model, (x, y), 20, progress=False)
    assert history.final_loss == pytest.approx(model.loss_and_grads(x, y)[0])
    assert history.final_loss < history.loss[0]
