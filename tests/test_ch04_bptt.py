"""rnnlib.chapters.ch04_bptt: the gradient equations, the gap, vanishing/exploding, clipping, truncation, exercises.

Claims about trained networks are tested for seeds 0-4 at rounding 0, and a
subset at rounding 1 (the clipping runs for seed 0; the gap and echo runs gave
the same numbers at every rounding measured), on the runs the claims use (the
gaps 2, 4 and 16; the two clipping arms at learning rate 1): the whole
ensemble, seeds 0-4 × roundings 0-3, is ``python -m rnnlib.chapters.ch04_bptt.spread``.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure

import rnnlib as rl
from rnnlib import claims
from rnnlib.chapters import ch04_bptt as ch
from rnnlib.exercises import TODO
from rnnlib.gradcheck import numerical_gradients, relative_error

SEEDS = claims.TESTED_SEEDS


def held(found):
    """The claims that do not hold, as text (empty when all hold)."""
    return [str(c) for c in found if not c.holds]


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
    errors = {}
    for k in grads:
        assert grads[k].shape == model.params[k].shape
        errors[k] = (relative_error(grads[k], ref_grads[k]), relative_error(grads[k], numeric[k]))
        assert errors[k][0] < 1e-12, k
    assert not held(ch.equation_claims(errors))
    assert relative_error(grad_h, ref_grad_h) < 1e-12


def test_each_equation_function_separately():
    model, x, y = sequence("hidden", 3)
    p = model.params
    trace = model.forward(x)
    h, y_hat = trace.h, trace.y_hat
    assert ch.loss(y_hat, y) == pytest.approx(model.loss_and_grads(x, y)[0])
    o = trace.o.copy()
    grad_o = ch.output_grad(y_hat, y)
    numeric = numerical_gradients(lambda: ch.loss(rl.softmax(o), y), {"o": o})["o"]
    assert relative_error(grad_o, numeric) < 1e-8
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
        assert list(np.flatnonzero(np.abs(copies[t]).sum(axis=0))) == [s]


def test_output_grad_and_loss_refuse_logits():
    model, x, y = sequence("hidden", 0)
    logits = model.forward(x).o
    for fn in (ch.output_grad, ch.loss):
        with pytest.raises(ValueError, match="y_hat: got .*not the logits"):
            fn(logits, y)
        with pytest.raises(ValueError, match="summing to"):
            fn(np.full((len(y), 3), 0.2), y)


# ----------------------------------------------------------------------------- the gap
def test_copy_first_task():
    x, y = ch.copy_first(7, 5, seed=0)
    assert x.shape == (6, 7, 2) and y.shape == (7,)
    assert np.array_equal(x[0].argmax(-1), y)
    x4, _ = ch.copy_first(3, 2, seed=0, n_symbols=4)
    assert x4.shape == (3, 3, 4)


@pytest.fixture(scope="module")
def gap_by_seed():
    return {seed: ch.gap_runs((2, ch.GAP_SHORT, ch.GAP_LONG), seed=seed) for seed in SEEDS}   # the gaps the claims use


def test_the_plateau_grows_with_the_gap(gap_by_seed):
    for seed, gap in gap_by_seed.items():
        assert not held(ch.gap_claims(gap)), (seed, {k: gap.steps(k) for k in gap.distances})
        assert all(s is None or s % 10 == 0 for k in gap.distances for s in gap.steps(k))


@pytest.mark.parametrize("rounding", [0, 1])
def test_the_quiet_control_has_no_plateau(rounding):
    for seed in SEEDS:
        with claims.rounding(rounding):
            quiet = ch.gap_runs((ch.GAP_LONG,), seed=seed, quiet=True)
        assert not held(ch.quiet_claims(quiet)), (seed, rounding, quiet.steps(ch.GAP_LONG))


def test_copy_first_quiet_keeps_the_first_symbol_and_zeroes_the_rest():
    x, y = ch.copy_first(6, 4, seed=3, quiet=True)
    loud, y_loud = ch.copy_first(6, 4, seed=3)
    assert np.array_equal(y, y_loud) and np.array_equal(x[0], loud[0])
    assert not x[1:].any()


def test_gap_runs_are_deterministic_and_stop_at_the_criterion():
    a = ch.gap_runs((4,), seed=1, runs=2)
    b = ch.gap_runs((4,), seed=1, runs=2)
    assert a.steps(4) == b.steps(4) and a.runs[4][0].loss == b.runs[4][0].loss
    assert all(len(r.loss) == r.solved_at for r in a.runs[4])
    with pytest.raises(ValueError, match="k: got 5"):
        a.steps(5)


# ----------------------------------------------------------------------------- vanishing and exploding
@pytest.fixture(scope="module")
def norms_by_seed():
    return {seed: ch.gradient_norms(ch.RADII, seed=seed) for seed in SEEDS}


def test_gradients_obey_the_bound_vanish_and_explode(norms_by_seed):
    for seed, norms in norms_by_seed.items():
        for rho in ch.RADII:
            assert norms.sigma_max[rho] == pytest.approx(rho, rel=1e-9)     # W = ρQ: σ_max = ρ
            assert np.allclose(norms.powers[rho], rho ** norms.distance)    # ‖(ρQ)ⁿ‖ = ρⁿ
        assert not held(ch.vanishing_claims(norms)), seed


def test_non_normal_W_transient_and_saturation():
    for seed in SEEDS:
        sp = ch.spectra(seed)
        assert not held(ch.spectra_claims(sp)), seed
        orth, gauss, _ = sp.names
        assert sp.rho[gauss] == pytest.approx(ch.NONNORMAL_RHO) and sp.rho[orth] == pytest.approx(ch.NONNORMAL_RHO)
        assert (sp.powers[gauss] <= sp.sigma_max[gauss] ** np.arange(len(sp.powers[gauss])) * (1 + 1e-9)).all()


def test_backward_stepper_shows_the_gradient_fading():
    for seed in SEEDS:
        model = rl.RNN(ch.GAP_SYMBOLS, 16, ch.GAP_SYMBOLS, pattern="last", seed=seed)
        x, y = ch.copy_first(1, ch.STEPPER_TAU - 1, seed=seed)
        norm_h, slope = ch.backward_norms(model, x[:, 0], y[0])
        assert norm_h.shape == slope.shape == (ch.STEPPER_TAU,)
        assert not held(ch.stepper_claims(norm_h)), seed
    s = ch.backward_stepper(model, x[:4, 0], y[0], dpi=30)             # four frames are enough to test
    assert len(s.steps) == 4
    assert "t = 4" in s.caption(1) and "t = 1," in s.caption(4)
    sizes = {s.render(i).get_size_inches().tobytes() for i in (1, 5)}
    assert len(sizes) == 1


def test_radius_stepper_has_one_frame_per_radius():
    s = ch.radius_stepper((0.5, 2.0), seed=0, dpi=30)
    assert len(s.steps) == 2 and "ρ = 2" in s.caption(2)
    assert s.frame_png(1) != s.frame_png(2)


# ----------------------------------------------------------------------------- clipping
@pytest.mark.parametrize("rounding, seeds", [(0, tuple(SEEDS)), (1, (0,))])
def test_clipping_lets_a_large_learning_rate_train(rounding, seeds):
    for seed in seeds:
        with claims.rounding(rounding):
            runs = ch.clipping_runs(seed, arms=ch.CLIP_ARMS[:2])          # the two arms the claims compare
        assert not held(ch.clipping_claims(runs)), (seed, rounding, {n: runs.steps(n) for n in runs.runs})
        first = [runs.runs[name][0].loss[0] for name in runs.runs]
        assert len(set(first)) == 1                          # same weights, same first batch in every arm
        clipped, unclipped = ch.CLIP_ARMS[0][0], ch.CLIP_ARMS[1][0]
        assert 0.5 < runs.clipped_share(clipped) < 1 and runs.clipped_share(unclipped) == 0   # 65-84 % measured
        assert runs.first_loss() > np.log(ch.CLIP_SYMBOLS)   # init_scale 3 scales U and V too: worse than chance
        assert runs.largest_norm(clipped) >= runs.median_norm(clipped) > 0


def test_clipping_on_its_own_keeps_direction_and_caps_the_norm():
    rng = np.random.default_rng(0)
    g = {"W": rng.normal(size=(4, 4)) * 10, "b": rng.normal(size=4) * 10}
    clipped, norm = rl.optim.clip_grad_norm(g, 1.0)
    assert norm == pytest.approx(rl.optim.global_norm(g))
    assert rl.optim.global_norm(clipped) == pytest.approx(1.0)


# ----------------------------------------------------------------------------- truncated BPTT
def test_truncated_bptt_is_full_bptt_for_long_windows_and_chunks_otherwise():
    model, x, y = sequence("hidden", 1, tau=7)
    full = model.loss_and_grads(x, y)
    loss, grads = ch.truncated_loss_and_grads(model, x, y, 7)
    assert loss == pytest.approx(full[0]) and all(np.allclose(grads[k], full[1][k]) for k in grads)
    loss, grads = ch.truncated_loss_and_grads(model, x, y, 3)
    assert loss == pytest.approx(full[0])
    assert not np.allclose(grads["W"], full[1]["W"])
    h3 = model.forward(x[:3]).h[-1]
    first, second = model.loss_and_grads(x[:3], y[:3]), model.loss_and_grads(x[3:6], y[3:6], h0=h3)
    third = model.loss_and_grads(x[6:], y[6:], h0=model.forward(x[3:6], h0=h3).h[-1])
    for k in grads:
        assert np.allclose(grads[k], first[1][k] + second[1][k] + third[1][k])


def test_truncation_shorter_than_the_delay_cannot_learn_the_echo():
    for seed in SEEDS:
        acc = ch.echo_accuracy(seed=seed)
        assert not held(ch.truncation_claims(acc, True)), (seed, acc)


def test_the_readout_control_trains_only_V_and_c():
    model = rl.RNN(4, 16, 5, seed=0)
    before = {k: v.copy() for k, v in model.params.items()}
    x, y, _ = rl.data.delay_task(8, 12, 4, 3, seed=0)
    rl.optim.train(ch.ReadoutOnly(model), (x, y), 3, progress=False)
    for k in ("U", "W", "b"):
        assert np.array_equal(model.params[k], before[k]), k
    assert not np.array_equal(model.params["V"], before["V"])
    assert 0.0 <= ch.echo_readout_accuracy(seed=0, steps=5) <= 1.0


# ----------------------------------------------------------------------------- cost
def test_cost_grows_linearly_in_stored_states():
    rows = ch.measure_cost(taus=(20, 40, 80), n_hidden=8, batch=4, repeats=1)
    assert [r["stored_bytes"] for r in rows] == [20 * 4 * 8 * 8, 40 * 4 * 8 * 8, 80 * 4 * 8 * 8]
    peaks = [r["peak_bytes"] for r in rows]
    assert peaks[0] < peaks[1] < peaks[2]
    assert "τ" in str(ch.cost_table(rows))


def test_figures_draw_what_they_are_given():
    model, x, y = sequence("hidden", 0)
    _, _, grad_h = ch.bptt(model, x, y)
    fig = ch.plot_per_step(ch.per_step_grads(x, model.forward(x).h, grad_h)["W"])
    assert len(fig.axes) == 6 + 1 + 1                              # τ copies, the sum, the colour bar
    norms = ch.gradient_norms((0.5, 2.0), seed=0)
    assert len(ch.plot_gradient_norms(norms).axes[0].lines) >= 4
    gap = ch.gap_runs((2, 4), seed=0, runs=2)
    assert isinstance(ch.plot_gap_curves(gap, (2, 4)), Figure)
    assert isinstance(ch.plot_steps_to_solve(gap), Figure)
    assert len(ch.plot_spectra(ch.spectra(0)).axes[0].lines) == 3 * 2 + 2    # Wⁿ and ρⁿ each, the legend key, 1
    runs = ch.clipping_runs(0, arms=(("a", 0.1, 1.0),), runs=1, cap=20)
    assert len(ch.plot_clipping(runs).axes) == 2


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
    from rnnlib.chapters.ch04_bptt.exercises import _wrong_W_last
    assert ch.check_grad_W_last(grad_W_last)
    assert "not attempted" in ch.check_grad_W_last(TODO).message

    def variant(name):
        return lambda model, x, y: _wrong_W_last(model, x, y)[name]

    assert "last copy" in ch.check_grad_W_last(variant("last step only")).message
    assert "diag(1 − h(t)²)" in ch.check_grad_W_last(variant("no tanh'")).message
    assert "tanh'(a(t))" in ch.check_grad_W_last(variant("∇h for ∇a")).message
    assert "h(t−1)" in ch.check_grad_W_last(variant("h(t) for h(t−1)")).message
    assert "transposed" in ch.check_grad_W_last(variant("transposed")).message
    assert "shape" in ch.check_grad_W_last(lambda m, x, y: np.zeros(3)).message
    assert not ch.check_grad_W_last(lambda m, x, y: 2 * grad_W_last(m, x, y))


@pytest.mark.parametrize("seed", list(SEEDS))
def test_check_radius(seed):
    from rnnlib.chapters.ch04_bptt.exercises import _rho_star
    rho_star = _rho_star(seed)
    assert rho_star is not None and 1.0 < rho_star < 2.5
    norms = ch.gradient_norms(ch.RADIUS_GRID, seed=seed)
    below = round(rho_star - 0.1, 1)
    assert norms.at(below, 30) < 1 <= norms.at(rho_star, 30)
    assert ch.check_radius(rho_star, seed=seed)
    assert "You predicted 1" in ch.check_radius(rho_star, seed=seed, guess=1.0).message
    assert "cannot be there" in ch.check_radius(0.9, seed=seed).message
    assert "go higher" in ch.check_radius(below, seed=seed).message
    assert "already grows" in ch.check_radius(round(rho_star + 0.1, 1), seed=seed).message
    assert not ch.check_radius(1.0, seed=seed)
    for wrong in ch.RADIUS_GRID:                       # only the right radius of the grid passes
        assert bool(ch.check_radius(wrong, seed=seed)) == (wrong == rho_star)


def test_check_clip():
    def clip(grads, max_norm):
        norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
        return {k: g * min(1.0, max_norm / norm) for k, g in grads.items()}

    def per_array(grads, max_norm):
        return {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}

    def always(grads, max_norm):
        norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
        return {k: g * max_norm / norm for k, g in grads.items()}

    def element_wise(grads, max_norm):
        return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}

    assert ch.check_clip(clip)
    assert ch.check_clip(lambda g, m: rl.optim.clip_grad_norm(g, m))       # (dict, norm) is accepted
    assert "each array on its own" in ch.check_clip(per_array).message
    assert "left as it is" in ch.check_clip(always).message
    assert "element-wise" in ch.check_clip(element_wise).message
    assert "same keys" in ch.check_clip(lambda g, m: list(g.values())).message

    def norm_of(grads):
        return np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))

    def hard_one(grads, max_norm):                     # ignores max_norm: clips at 1
        return {k: g * min(1.0, 1.0 / norm_of(grads)) for k, g in grads.items()}

    def squared(grads, max_norm):                      # compares ‖g‖² with max_norm
        sq = norm_of(grads) ** 2
        return {k: g * max_norm / np.sqrt(sq) if sq > max_norm else g for k, g in grads.items()}

    def late(grads, max_norm):                         # clips only far above max_norm
        n = norm_of(grads)
        return {k: g * max_norm / n if n > 5 * max_norm else g for k, g in grads.items()}

    for wrong in (hard_one, squared, late):
        assert not ch.check_clip(wrong), wrong.__name__
    assert "fixed number" in ch.check_clip(hard_one).message
    assert "just above" in ch.check_clip(late).message


def test_check_grad_W_last_refuses_model_backward():
    result = ch.check_grad_W_last(lambda m, x, y: m.backward(x, y)[1]["W"])
    assert not result and "model.backward" in result.message
    assert not ch.check_grad_W_last(lambda m, x, y: m.loss_and_grads(x, y)[1]["W"])


def test_check_radius_wants_a_grid_value():
    from rnnlib.chapters.ch04_bptt.exercises import _rho_star
    rho_star = _rho_star(0)
    for off in (rho_star - 0.05, rho_star + 0.04, rho_star + 0.01):
        result = ch.check_radius(off, seed=0)
        assert not result and "grid" in result.message


# ----------------------------------------------------------------------------- bad input
_Y3 = np.array([0, 1, 2])
_P3 = np.full((3, 3), 1 / 3)
_H = np.zeros((3, 4))
_M = rl.RNN(2, 4, 2, pattern="last", seed=0)


@pytest.mark.parametrize("call, exc, arg", [
    (lambda: ch.loss("abc", _Y3), TypeError, "y_hat"),
    (lambda: ch.loss([[0.5, 0.5], [1.0]], _Y3), ValueError, "y_hat"),
    (lambda: ch.loss(np.full(3, 1 / 3), _Y3), ValueError, "y_hat"),
    (lambda: ch.loss(np.full((3, 3), np.nan), _Y3), ValueError, "y_hat"),
    (lambda: ch.loss(_P3.astype(complex), _Y3), ValueError, "y_hat"),
    (lambda: ch.loss(np.eye(3)[[1, 0, 0]], _Y3), ValueError, "y_hat"),            # probability 0 of a target
    (lambda: ch.loss(_P3, _Y3[:-1]), ValueError, "y"),
    (lambda: ch.output_grad({"y": 1}, _Y3), TypeError, "y_hat"),
    (lambda: ch.output_grad(None, _Y3), ValueError, "y_hat"),
    (lambda: ch.output_grad(_P3 * 3 - 1, _Y3), ValueError, "y_hat"),               # logits
    (lambda: ch.output_grad(_P3, np.full(3, 3)), ValueError, "y"),
    (lambda: ch.output_grad(_P3, _Y3.astype(float)), ValueError, "y"),
    (lambda: ch.hidden_grad("W", np.zeros((3, 4)), _H, np.zeros((3, 3))), TypeError, "W"),
    (lambda: ch.hidden_grad(np.zeros((4, 3)), np.zeros((3, 4)), _H, np.zeros((3, 3))), ValueError, "W"),
    (lambda: ch.hidden_grad(np.zeros((4, 4)), np.zeros((3, 4)), _H, np.full((3, 3), np.inf)), ValueError, "grad_o"),
    (lambda: ch.hidden_grad(np.zeros((4, 4)), np.zeros((3, 4)), _H, np.zeros((2, 3))), ValueError, "grad_o"),
    (lambda: ch.hidden_grad(np.zeros((4, 4)), np.zeros(4), _H, np.zeros((3, 3))), ValueError, "V"),
    (lambda: ch.hidden_grad(np.zeros((4, 4)), np.zeros((3, 4)), np.full((3, 4), np.nan), np.zeros((3, 3))),
     ValueError, "h"),
    (lambda: ch.param_grads("x", _H, np.zeros((3, 3)), _H), TypeError, "x"),
    (lambda: ch.param_grads(np.zeros((3, 2)), _H, np.zeros((3, 3)), _H, h0=np.zeros((1, 4))), ValueError, "h0"),
    (lambda: ch.param_grads(np.zeros((3, 2)), _H, np.zeros((3, 3)), np.zeros((3, 5))), ValueError, "grad_h"),
    (lambda: ch.per_step_grads(np.zeros((2, 2)), _H, _H), ValueError, "x"),
    (lambda: ch.bptt("not a model", np.zeros((3, 2)), 0), TypeError, "model"),
    (lambda: ch.bptt(rl.RNN(2, 4, 2, pattern="output"), np.zeros((3, 2)), _Y3), ValueError, "model"),
    (lambda: ch.bptt(_M, np.zeros((3, 2, 2)), 0), ValueError, "x"),
    (lambda: ch.bptt(_M, np.zeros((3, 2)), 5), ValueError, "y"),
    (lambda: ch.copy_first(10**9, 5, seed=0), ValueError, "n"),
    (lambda: ch.copy_first(4, 0, seed=0), ValueError, "k"),
    (lambda: ch.copy_first(4, 10**6, seed=0), ValueError, "k"),
    (lambda: ch.copy_first(4, 2.0, seed=0), TypeError, "k"),
    (lambda: ch.copy_first(4, 2, seed=1.5), TypeError, "seed"),
    (lambda: ch.copy_first(4, 2, seed=True), TypeError, "seed"),
    (lambda: ch.copy_first(4, 2, seed=0, n_symbols=1), ValueError, "n_symbols"),
    (lambda: ch.gap_runs((0, 4)), ValueError, "distances"),
    (lambda: ch.gap_runs(4), TypeError, "distances"),
    (lambda: ch.gap_runs((4,), seed=-1), ValueError, "seed"),
    (lambda: ch.gap_runs((4,), seed=None), TypeError, "seed"),
    (lambda: ch.gap_runs((4,), runs=0), ValueError, "runs"),
    (lambda: ch.gap_runs((4,), cap=10**9), ValueError, "cap"),
    (lambda: ch.gap_runs((4,), quiet="yes"), TypeError, "quiet"),
    (lambda: ch.copy_first(4, 2, seed=0, quiet=1), TypeError, "quiet"),
    (lambda: ch.clipping_runs(-1), ValueError, "seed"),
    (lambda: ch.clipping_runs(0, arms=(("a", -1.0, None),)), ValueError, "arms[0][1]"),
    (lambda: ch.clipping_runs(0, arms=(("a", 0.1, 0.0),)), ValueError, "arms[0][2]"),
    (lambda: ch.clipping_runs(0, arms=("a",)), TypeError, "arms[0]"),
    (lambda: ch.clipping_runs(0, runs=100), ValueError, "runs"),
    (lambda: ch.echo_accuracy((0,)), ValueError, "windows"),
    (lambda: ch.echo_accuracy(3), TypeError, "windows"),
    (lambda: ch.echo_accuracy(steps=10**7), ValueError, "steps"),
    (lambda: ch.echo_readout_accuracy(seed=-1), ValueError, "seed"),
    (lambda: ch.echo_readout_accuracy(steps=0), ValueError, "steps"),
    (lambda: ch.ReadoutOnly("rnn"), TypeError, "model"),
    (lambda: ch.truncated_loss_and_grads(rl.RNN(2, 4, 2), np.zeros((4, 2)), np.zeros(4, int), 0), ValueError,
     "window"),
    (lambda: ch.truncated_loss_and_grads(rl.RNN(2, 4, 2), np.zeros((4, 2)), np.zeros(3, int), 2), ValueError, "y"),
    (lambda: ch.truncated_loss_and_grads(_M, np.zeros((4, 2)), np.zeros(4, int), 2), ValueError, "model"),
    (lambda: ch.Truncated(None, 3), TypeError, "model"),
    (lambda: ch.gradient_norms((-1,)), ValueError, "radii"),
    (lambda: ch.gradient_norms(()), ValueError, "radii"),
    (lambda: ch.gradient_norms(("big",)), TypeError, "radii"),
    (lambda: ch.gradient_norms(1.0), TypeError, "radii"),
    (lambda: ch.gradient_norms((1.0,), seed=-3), ValueError, "seed"),
    (lambda: ch.gradient_norms((1.0,), kind="normal"), ValueError, "kind"),
    (lambda: ch.gradient_norms((1.0,)).at(2.0, 3), ValueError, "rho"),
    (lambda: ch.gradient_norms((1.0,)).at(1.0, 60), ValueError, "distance"),
    (lambda: ch.gradient_table({}), TypeError, "norms"),
    (lambda: ch.gradient_table(ch.gradient_norms((1.0,)), ()), ValueError, "distances"),
    (lambda: ch.gradient_norms((1.0,)).at(True, 3), TypeError, "rho"),
    (lambda: ch.gradient_norms((1.0,)).at([1.0], 3), TypeError, "rho"),
    (lambda: ch.gradient_norms((1.0,)).bound(2.0), ValueError, "rho"),
    (lambda: ch.spectra_table(ch.spectra(0), []), ValueError, "distances"),
    (lambda: ch.cost_table([]), ValueError, "rows"),
    (lambda: ch.backward_stepper(_M, np.zeros((3, 2)), 0, dpi=1.5), ValueError, "dpi"),
    (lambda: ch.radius_stepper((1.0,), dpi=1000), ValueError, "dpi"),
    (lambda: ch.check_radius(1.6, guess=float("nan")), ValueError, "guess"),
    (lambda: ch.stepper_claims([]), ValueError, "norm_h"),
    (lambda: ch.echo_accuracy((3,), seed=None), TypeError, "seed"),
    (lambda: ch.echo_readout_accuracy(seed=None), TypeError, "seed"),
    (lambda: ch.spectra(seed="0"), TypeError, "seed"),
    (lambda: ch.spectra_table(None), TypeError, "sp"),
    (lambda: ch.power_norms(np.zeros((2, 3)), 3), ValueError, "W"),
    (lambda: ch.backward_norms(rl.RNN(2, 4, 2), np.zeros((5, 2)), 0), ValueError, "model"),
    (lambda: ch.backward_norms(_M, np.zeros((100, 2)), 0), ValueError, "x"),
    (lambda: ch.backward_stepper(_M, np.zeros((1, 2)), 0), ValueError, "x"),
    (lambda: ch.radius_stepper(("a",)), TypeError, "radii"),
    (lambda: ch.measure_cost(taus=(0, 10)), ValueError, "taus"),
    (lambda: ch.measure_cost(taus=(100000,)), ValueError, "taus"),
    (lambda: ch.measure_cost(n_hidden=10**6), ValueError, "n_hidden"),
    (lambda: ch.cost_table([{"tau": 1}]), TypeError, "rows[0]"),
    (lambda: ch.plot_per_step(np.zeros((9, 2, 2))), ValueError, "contributions"),
    (lambda: ch.plot_per_step(np.zeros((3, 2, 2)), "V"), ValueError, "name"),
    (lambda: ch.plot_gradient_norms({}), TypeError, "norms"),
    (lambda: ch.plot_gradient_norms(ch.gradient_norms((1.0,)), highlight=2.0), ValueError, "highlight"),
    (lambda: ch.plot_gap_curves([1.0]), TypeError, "gap"),
    (lambda: ch.plot_steps_to_solve({2: 1.0}), TypeError, "gap"),
    (lambda: ch.plot_spectra(None), TypeError, "sp"),
    (lambda: ch.plot_clipping({"a": 1}), TypeError, "runs"),
    (lambda: ch.check_radius(1.5, seed=None), TypeError, "seed"),
    (lambda: ch.check_radius(1.5, guess="1"), TypeError, "guess"),
    (lambda: ch.gap_claims(None), TypeError, "gap"),
    (lambda: ch.clipping_claims({}), TypeError, "runs"),
    (lambda: ch.truncation_claims({3: 0.3}, True), ValueError, "acc"),
], ids=lambda v: None)
def test_bad_input_names_the_argument(call, exc, arg):
    with pytest.raises(exc) as info:
        call()
    assert f"{arg}: got" in str(info.value) and "wanted" in str(info.value), str(info.value)


def test_copy_first_size_limit_states_the_limit():
    with pytest.raises(ValueError, match="10,000,000"):
        ch.copy_first(10**9, 5, seed=0)


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
