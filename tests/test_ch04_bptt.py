"""rnnlib.chapters.ch04_bptt: the gradient equations, vanishing/exploding, clipping, truncation, exercises."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import rnnlib as rl
from rnnlib.chapters import ch04_bptt as ch
from rnnlib.exercises import TODO
from rnnlib.gradcheck import numerical_gradients, relative_error

SEEDS = range(5)


def sequence(pattern, seed, tau=6, n_in=3, n_hidden=5, n_out=3):
    model = rl.RNN(n_in, n_hidden, n_out, pattern=pattern, seed=seed)
    rng = np.random.default_rng(50 + seed)
    model.params["b"] = rng.normal(0, 0.3, n_hidden)    # nonzero biases, so a missing ∇b would show
    model.params["c"] = rng.normal(0, 0.3, n_out)
    x = rng.normal(size=(tau, n_in))
    y = int(rng.integers(0, n_out)) if pattern == "last" else rng.integers(0, n_out, tau)
    return model, x, y


# ----------------------------------------------------------------------------- the equations
@pytest.mark.parametrize("pattern", ["hidden", "last"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_equation_agrees_with_rnn_backward_and_finite_differences(pattern, seed):
    model, x, y = sequence(pattern, seed, tau=[6, 1, 4][seed])
    loss, grads, grad_h = ch.bptt(model, x, y)
    ref_loss, ref_grads, ref_grad_h = model.backward(x, y)
    numeric = numerical_gradients(lambda: model.loss_and_grads(x, y)[0], model.params)
    assert loss == pytest.approx(ref_loss, rel=1e-12)
    assert set(grads) == set(model.params)
    for k in grads:
        assert grads[k].shape == model.params[k].shape
        assert relative_error(grads[k], ref_grads[k]) < 1e-12, k
        assert relative_error(grads[k], numeric[k]) < ch.GRAD_TOL, k
    assert relative_error(grad_h, ref_grad_h) < 1e-12


def test_each_equation_function_separately():
    model, x, y = sequence("hidden", 3)
    p = model.params
    trace = model.forward(x)
    h, y_hat = trace.h, trace.y_hat
    # eq. 10.12-10.14 and 10.18: the loss and its gradient with respect to o(t), by finite differences in o
    assert ch.loss(y_hat, y) == pytest.approx(model.loss_and_grads(x, y)[0])
    o = trace.o.copy()
    grad_o = ch.output_grad(y_hat, y)
    numeric = numerical_gradients(lambda: ch.loss(rl.softmax(o), y), {"o": o})["o"]
    assert relative_error(grad_o, numeric) < 1e-8
    # eq. 10.19-10.21: ∇h(t), against the finite differences of L in h(t) with the later states recomputed
    grad_h = ch.hidden_grad(p["W"], p["V"], h, grad_o)
    for t in range(len(h)):
        def loss_from(h_t, t=t):
            hs, h_prev = [*h[:t], h_t], h_t
            for s in range(t + 1, len(h)):
                h_prev = rl.rnn.step(p, x[s], h_prev)
                hs.append(h_prev)
            return ch.loss(rl.softmax(np.array(hs) @ p["V"].T + p["c"]), y)
        h_t = h[t].copy()
        num = numerical_gradients(lambda h_t=h_t, f=loss_from: f(h_t), {"h": h_t})["h"]
        assert relative_error(grad_h[t], num) < 1e-7, t
    # eq. 10.22-10.28 and the per-copy contributions (eq. 10.25, 10.27 before the sums)
    grads = ch.param_grads(x, h, grad_o, grad_h)
    ref = model.loss_and_grads(x, y)[1]
    for k in ref:
        assert relative_error(grads[k], ref[k]) < 1e-12, k
    copies = ch.per_step_grads(x, h, grad_h)
    assert copies["W"].shape == (len(h), 5, 5) and copies["U"].shape == (len(h), 5, 3)
    assert np.allclose(copies["W"].sum(0), ref["W"]) and np.allclose(copies["U"].sum(0), ref["U"])
    assert np.allclose(copies["W"][0], 0.0)          # the first copy multiplies h(0) = 0


def test_one_hot_inputs_touch_one_column_of_U_per_step():
    model = rl.RNN(3, 5, 3, seed=0)
    symbols = np.array([2, 1, 1, 0, 2])
    x, y = rl.one_hot(symbols, 3), np.array([0, 1, 2, 0, 1])
    _, _, grad_h = ch.bptt(model, x, y)
    copies = ch.per_step_grads(x, model.forward(x).h, grad_h)["U"]
    for t, s in enumerate(symbols):
        nonzero = np.flatnonzero(np.abs(copies[t]).sum(axis=0))
        assert list(nonzero) == [s]


def test_equation_functions_refuse_bad_input():
    model, x, y = sequence("hidden", 0)
    trace = model.forward(x)
    h, p = trace.h, model.params
    grad_o = ch.output_grad(trace.y_hat, y)
    with pytest.raises(ValueError, match="y:"):
        ch.output_grad(trace.y_hat, y[:-1])
    with pytest.raises(ValueError, match="y:"):
        ch.output_grad(trace.y_hat, np.full(len(y), 3))
    with pytest.raises(ValueError, match="W: got shape"):
        ch.hidden_grad(p["W"][:, :4], p["V"], h, grad_o)
    with pytest.raises(ValueError, match="grad_o: got 5 time steps"):
        ch.hidden_grad(p["W"], p["V"], h, grad_o[:-1])
    with pytest.raises(ValueError, match=r"h: got \d+ NaN"):
        ch.hidden_grad(p["W"], p["V"], np.full_like(h, np.nan), grad_o)
    with pytest.raises(ValueError, match="grad_h: got shape"):
        ch.param_grads(x, h, grad_o, np.zeros((len(h), 4)))
    with pytest.raises(TypeError, match="model: got"):
        ch.bptt("not a model", x, y)
    with pytest.raises(ValueError, match="pattern 'output'"):
        ch.bptt(rl.RNN(3, 5, 3, pattern="output"), x, y)
    with pytest.raises(ValueError, match="x: got shape"):
        ch.bptt(model, x[:, None, :].repeat(2, axis=1), y)
    with pytest.raises(ValueError, match="y_hat: got values outside"):
        ch.loss(np.zeros((6, 3)), y)


# ----------------------------------------------------------------------------- stepper, figures, cost
def test_backward_stepper_has_one_frame_per_step_of_equal_size():
    model, x, y = sequence("hidden", 0, tau=3)
    s = ch.backward_stepper(model, x, y, dpi=40)
    assert len(s.steps) == 3
    sizes = {s.render(i).get_size_inches().tobytes() for i in (1, 2, 3)}
    assert len(sizes) == 1
    assert "t = 3" in s.caption(1) and "t = 1" in s.caption(3)
    with pytest.raises(ValueError, match="at most 8"):
        ch.backward_stepper(rl.RNN(3, 5, 3), np.zeros((9, 3)), np.zeros(9, dtype=int))
    with pytest.raises(ValueError, match="pattern 'last'"):
        ch.backward_stepper(rl.RNN(3, 5, 3, pattern="last"), x, 0)


def test_figures_are_figures():
    model, x, y = sequence("hidden", 0)
    _, _, grad_h = ch.bptt(model, x, y)
    copies = ch.per_step_grads(x, model.forward(x).h, grad_h)
    assert isinstance(ch.plot_per_step(copies["W"]), Figure)
    norms = ch.gradient_norms((0.5, 2.0), seed=0, tau=12, n_hidden=8, batch=4)
    assert isinstance(ch.plot_gradient_norms(norms), Figure)
    assert isinstance(ch.plot_accuracy_vs_distance({2: 1.0, 4: 0.5}), Figure)
    with pytest.raises(ValueError, match="contributions: got τ = 9"):
        ch.plot_per_step(np.zeros((9, 2, 2)))
    with pytest.raises(TypeError, match="norms: got"):
        ch.plot_gradient_norms({})


def test_cost_grows_linearly_in_stored_states():
    rows = ch.measure_cost(taus=(20, 40, 80), n_hidden=8, batch=4, repeats=1)
    assert [r["tau"] for r in rows] == [20, 40, 80]
    stored = [r["stored_bytes"] for r in rows]
    assert stored == [20 * 4 * 8 * 8, 40 * 4 * 8 * 8, 80 * 4 * 8 * 8]
    peaks = [r["peak_bytes"] for r in rows]
    assert peaks[0] < peaks[1] < peaks[2]
    assert all(r["seconds"] > 0 for r in rows)       # measured, not asserted against a budget
    with pytest.raises(ValueError, match="taus: got 0"):
        ch.measure_cost(taus=(0, 10))
    with pytest.raises(ValueError, match="taus: got 100000"):
        ch.measure_cost(taus=(100000,))


# ----------------------------------------------------------------------------- vanishing and exploding
@pytest.fixture(scope="module")
def norms_by_seed():
    return {seed: ch.gradient_norms(ch.RADII, seed=seed) for seed in SEEDS}


def test_measured_gradient_norms_obey_the_bound(norms_by_seed):
    for seed, norms in norms_by_seed.items():
        for rho in ch.RADII:
            assert norms.sigma_max[rho] == pytest.approx(rho, rel=1e-9)     # W = ρQ: σ_max = ρ
            assert (norms.per_sequence[rho] <= norms.bound(rho)[:, None] * (1 + 1e-9)).all(), (seed, rho)


def test_gradients_vanish_below_one_and_explode_above_two(norms_by_seed):
    for seed, norms in norms_by_seed.items():
        for rho in ch.RADII:
            if rho <= 1:
                assert norms.at(rho, 30) < ch.VANISHED_BELOW, (seed, rho)
                assert norms.at(rho, 30) < rho ** 30                       # below the bound, strictly
            if rho >= 2:
                assert norms.at(rho, 30) > ch.EXPLODED_ABOVE, (seed, rho)
        assert norms.at(1.5, 30) < 1.0          # above 1, still shrinking: tanh' < 1
        tp = [norms.tanh_prime[r] for r in ch.RADII]
        assert tp == sorted(tp, reverse=True)   # larger W, more saturation, smaller slopes


def test_gradient_norms_refuse_bad_input():
    with pytest.raises(ValueError, match="radii: got -1"):
        ch.gradient_norms((-1,))
    with pytest.raises(ValueError, match="radii: got an empty"):
        ch.gradient_norms(())
    with pytest.raises(TypeError, match="radii: got str"):
        ch.gradient_norms(("big",))
    with pytest.raises(ValueError, match="tau: got 1"):
        ch.gradient_norms((1.0,), tau=1)
    with pytest.raises(ValueError, match="seed: got -3"):
        ch.gradient_norms((1.0,), seed=-3)
    norms = ch.gradient_norms((1.0,), tau=10, n_hidden=4, batch=2)
    with pytest.raises(ValueError, match="rho: got 2.0"):
        norms.at(2.0, 3)
    with pytest.raises(ValueError, match="distance: got 10"):
        norms.at(1.0, 10)


# ----------------------------------------------------------------------------- clipping
def test_clipping_on_its_own_keeps_direction_and_caps_the_norm():
    rng = np.random.default_rng(0)
    g = {"W": rng.normal(size=(4, 4)) * 10, "b": rng.normal(size=4) * 10}
    clipped, norm = rl.optim.clip_grad_norm(g, 1.0)
    assert norm == pytest.approx(rl.optim.global_norm(g))
    assert rl.optim.global_norm(clipped) == pytest.approx(1.0)
    flat = np.concatenate([g["W"].ravel(), g["b"]])
    flat_c = np.concatenate([clipped["W"].ravel(), clipped["b"]])
    assert flat_c @ flat / (np.linalg.norm(flat_c) * np.linalg.norm(flat)) == pytest.approx(1.0)
    small = {k: v * 1e-3 / norm for k, v in g.items()}
    same, _ = rl.optim.clip_grad_norm(small, 1.0)
    assert all(np.array_equal(same[k], small[k]) for k in small)


@pytest.fixture(scope="module")
def clipping_by_seed():
    return {seed: ch.clipping_runs(seed) for seed in SEEDS}


def test_without_clipping_training_spikes_and_with_clipping_it_converges(clipping_by_seed):
    for seed, runs in clipping_by_seed.items():
        off, on = runs["without clipping"].loss, runs["with clipping"].loss
        assert len(off) == len(on) == ch.CLIP_STEPS, seed
        assert np.mean(off[-20:]) > ch.NOCLIP_FINAL_MIN, seed
        assert max(off) > ch.NOCLIP_SPIKE_MIN, seed
        assert np.mean(on[-20:]) < ch.CLIP_FINAL_MAX, seed
        assert runs["without clipping"].loss[0] == runs["with clipping"].loss[0]   # same start, same batch


def test_clipping_runs_are_deterministic_and_refuse_bad_input():
    a = ch.clipping_runs(3, steps=5)
    b = ch.clipping_runs(3, steps=5)
    assert a["without clipping"].loss == b["without clipping"].loss
    with pytest.raises(ValueError, match="max_norm: got 0"):
        ch.clipping_runs(0, max_norm=0)
    with pytest.raises(ValueError, match="steps: got 0"):
        ch.clipping_runs(0, steps=0)


# ----------------------------------------------------------------------------- learning at a distance
def test_copy_first_task():
    x, y = ch.copy_first(7, 5, seed=0)
    assert x.shape == (6, 7, 4) and y.shape == (7,)
    assert np.array_equal(x[0].argmax(-1), y)
    with pytest.raises(ValueError, match="k: got 0"):
        ch.copy_first(3, 0, seed=0)


def test_short_dependencies_are_learned_and_long_ones_are_not():
    for seed in SEEDS:
        acc = ch.copy_first_accuracy((ch.COPY_SHORT, ch.COPY_LONG), seed=seed)
        assert acc[ch.COPY_SHORT] >= ch.COPY_SHORT_MIN_ACC, (seed, acc)
        assert acc[ch.COPY_LONG] <= ch.COPY_LONG_MAX_ACC, (seed, acc)


# ----------------------------------------------------------------------------- truncated BPTT
def test_truncated_bptt_is_full_bptt_for_long_windows_and_chunks_otherwise():
    model, x, y = sequence("hidden", 1, tau=7)
    full = model.loss_and_grads(x, y)
    loss, grads = ch.truncated_loss_and_grads(model, x, y, 7)
    assert loss == pytest.approx(full[0]) and all(np.allclose(grads[k], full[1][k]) for k in grads)
    loss, grads = ch.truncated_loss_and_grads(model, x, y, 3)
    assert loss == pytest.approx(full[0])               # the forward pass is the same
    assert not np.allclose(grads["W"], full[1]["W"])    # the gradient is not
    h3 = model.forward(x[:3]).h[-1]
    first, second = model.loss_and_grads(x[:3], y[:3]), model.loss_and_grads(x[3:6], y[3:6], h0=h3)
    h6 = model.forward(x[3:6], h0=h3).h[-1]
    third = model.loss_and_grads(x[6:], y[6:], h0=h6)
    for k in grads:
        assert np.allclose(grads[k], first[1][k] + second[1][k] + third[1][k])
    with pytest.raises(ValueError, match="k: got 0"):
        ch.truncated_loss_and_grads(model, x, y, 0)
    with pytest.raises(ValueError, match="y: got shape"):
        ch.truncated_loss_and_grads(model, x, y[:-1], 2)


def test_truncation_shorter_than_the_delay_cannot_learn_the_echo():
    for seed in SEEDS:
        acc = ch.echo_accuracy((ch.ECHO_DELAY, ch.ECHO_DELAY + 1, None), seed=seed)
        assert acc[ch.ECHO_DELAY] <= ch.TRUNC_SHORT_MAX_ACC, (seed, acc)
        assert acc[ch.ECHO_DELAY + 1] >= ch.ONE_MORE_MIN_ACC, (seed, acc)
        assert acc[None] >= ch.FULL_MIN_ACC, (seed, acc)


# ----------------------------------------------------------------------------- exercises
def grad_W_last(model, x, y):
    p, trace = model.params, model.forward(x)
    h = trace.h
    grad_o = trace.y_hat[-1] - rl.one_hot(y, model.n_out)
    grad_h = np.zeros_like(h)
    grad_h[-1] = grad_o @ p["V"]
    for t in range(len(h) - 1, 0, -1):
        grad_h[t - 1] = (grad_h[t] * (1 - h[t] ** 2)) @ p["W"]
    grad_a = (1 - h ** 2) * grad_h
    return grad_a.T @ np.vstack([np.zeros(model.n_hidden), h[:-1]])


def test_check_grad_W_last_accepts_the_solution_and_names_the_likely_mistakes():
    assert ch.check_grad_W_last(grad_W_last)
    assert "not attempted" in ch.check_grad_W_last(TODO).message

    def variant(name):
        return lambda model, x, y: ch._wrong_W_last(model, x, y)[name]

    assert "last copy" in ch.check_grad_W_last(variant("last step only")).message
    assert "diag(1 − h(t)²)" in ch.check_grad_W_last(variant("no tanh'")).message
    assert "tanh'(a(t))" in ch.check_grad_W_last(variant("∇h for ∇a")).message
    assert "h(t−1)" in ch.check_grad_W_last(variant("h(t) for h(t−1)")).message
    assert "transposed" in ch.check_grad_W_last(variant("transposed")).message
    assert "shape" in ch.check_grad_W_last(lambda m, x, y: np.zeros(3)).message
    assert not ch.check_grad_W_last(lambda m, x, y: 2 * grad_W_last(m, x, y))


def test_check_radius():
    rho_star = ch._rho_star(0)                 # the smallest radius of the grid with ratio ≥ 1 at distance 30
    norms = ch.gradient_norms((rho_star - 0.1, rho_star), seed=0)
    assert norms.at(rho_star - 0.1, 30) < 1 <= norms.at(rho_star, 30)
    assert 1.0 < rho_star < 2.0
    assert ch.check_radius(rho_star, seed=0)
    assert "bound" in ch.check_radius(1.0, seed=0).message
    assert "cannot be there" in ch.check_radius(0.9, seed=0).message
    assert "go higher" in ch.check_radius(rho_star - 0.1, seed=0).message
    assert "already grows" in ch.check_radius(rho_star + 0.1, seed=0).message
    assert ch.gradient_norms(ch.RADII, seed=0) is ch.gradient_norms(ch.RADII, seed=0)   # cached
    assert not ch.check_radius("1.6", seed=0)


def test_check_clip():
    def clip(grads, max_norm):
        norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
        return {k: g * min(1.0, max_norm / norm) for k, g in grads.items()}

    def per_array(grads, max_norm):
        return {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}

    def always(grads, max_norm):
        norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
        return {k: g * max_norm / norm for k, g in grads.items()}

    assert ch.check_clip(clip)
    assert ch.check_clip(lambda g, m: rl.optim.clip_grad_norm(g, m))       # (dict, norm) is accepted
    assert "each array on its own" in ch.check_clip(per_array).message
    assert "left as it is" in ch.check_clip(always).message
    assert "same keys" in ch.check_clip(lambda g, m: list(g.values())).message


def test_radius_slider_redraws_live():
    box = ch.radius_slider(seed=0)
    slider, image = box.children
    first = image.value
    slider.value = 2.0
    assert image.value != first and image.value[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="seed: got -1"):
        ch.radius_slider(seed=-1)


def test_experiments_refuse_bad_input():
    with pytest.raises(ValueError, match="distances: got 0"):
        ch.copy_first_accuracy((0, 4))
    with pytest.raises(TypeError, match="distances: got int"):
        ch.copy_first_accuracy(4)
    with pytest.raises(ValueError, match="truncations: got 0"):
        ch.echo_accuracy((0,))
    with pytest.raises(ValueError, match="lr: got -1"):
        ch.clipping_runs(0, lr=-1)
    with pytest.raises(TypeError, match="runs: wanted"):
        ch.plot_clipping({"a": 1})
    with pytest.raises(TypeError, match="acc: got list"):
        ch.plot_accuracy_vs_distance([1.0])
    with pytest.raises(TypeError, match="model: got"):
        ch.Truncated(None, 3)


# Bad arrays given to the hand-written BPTT steps, table-driven: (call, exception type, argument name).
_Y3 = np.array([0, 1, 2])
_P3 = np.full((3, 3), 1 / 3)
_H = np.zeros((3, 4))


@pytest.mark.parametrize("call, exc, arg", [
    (lambda: ch.loss("abc", _Y3), TypeError, "y_hat"),
    (lambda: ch.loss([[0.5, 0.5], [1.0]], _Y3), ValueError, "y_hat"),
    (lambda: ch.loss(np.full((3, 3), "a"), _Y3), ValueError, "y_hat"),
    (lambda: ch.loss(np.full(3, 1 / 3), _Y3), ValueError, "y_hat"),
    (lambda: ch.loss(np.full((3, 3), np.nan), _Y3), ValueError, "y_hat"),
    (lambda: ch.loss(_P3.astype(complex), _Y3), ValueError, "y_hat"),
    (lambda: ch.output_grad({"y": 1}, _Y3), TypeError, "y_hat"),
    (lambda: ch.output_grad(None, _Y3), ValueError, "y_hat"),
    (lambda: ch.hidden_grad("W", np.zeros((3, 4)), _H, np.zeros((3, 3))), TypeError, "W"),
    (lambda: ch.hidden_grad(np.zeros((4, 4)), np.zeros((3, 4)), _H, np.full((3, 3), np.inf)), ValueError,
     "grad_o"),
    (lambda: ch.hidden_grad(np.zeros((4, 4)), np.zeros(4), _H, np.zeros((3, 3))), ValueError, "V"),
    (lambda: ch.param_grads("x", _H, np.zeros((3, 3)), _H), TypeError, "x"),
    (lambda: ch.param_grads(np.zeros((3, 2)), _H, np.zeros((3, 3)), _H, h0=np.zeros((1, 4))), ValueError, "h0"),
    (lambda: ch.param_grads(np.zeros((3, 2)), _H, np.zeros((3, 3)), [[0.0] * 4] * 2 + [[0.0]]), ValueError,
     "grad_h"),
], ids=["loss y_hat str", "loss y_hat ragged", "loss y_hat strings", "loss y_hat 1-d", "loss y_hat NaN",
        "loss y_hat complex", "output_grad y_hat dict", "output_grad y_hat None", "hidden_grad W str",
        "hidden_grad grad_o inf", "hidden_grad V 1-d", "param_grads x str", "param_grads h0 2-d",
        "param_grads grad_h ragged"])
def test_bad_arrays_name_the_argument(call, exc, arg):
    with pytest.raises(exc) as info:
        call()
    assert f"{arg}: got" in str(info.value) and "wanted" in str(info.value), str(info.value)


# A str or a bool answer never passes a check (each check states what its answer must be with expect=).
@pytest.mark.parametrize("call, wants", [
    (lambda: ch.check_grad_W_last("dW"), "a function"),
    (lambda: ch.check_radius("1.2"), "a number"),
    (lambda: ch.check_radius(True), "a number"),
    (lambda: ch.check_radius(np.array([1.2])), "a number"),
    (lambda: ch.check_clip(5.0), "a function"),
], ids=["grad_W_last str", "radius str", "radius bool", "radius array", "clip number"])
def test_checks_refuse_answers_of_the_wrong_kind(call, wants):
    result = call()
    assert not result.passed and wants in result.message, result.message
