"""rnnlib.chapters.ch03_rnn_patterns: the chapter's claims for seeds 0-4, its helpers, checks and bad input.

The models are trained once per session (module-scoped fixture) with exactly
the chapter's settings, so the thresholds asserted here are the ones the
notebook's hidden guards assert for the reader's SEED.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure

import rnnlib as rl
from rnnlib.chapters import ch03_rnn_patterns as ch

SEEDS = range(5)


@pytest.fixture(scope="module")
def runs():
    """Every model the chapter trains, for seeds 0-4, with the test sets."""
    out = {}
    for seed in SEEDS:
        r = {"delay": ch.delay_test(seed), "noisy": ch.counter_test(seed),
             "clean": ch.counter_test(seed, noise=0.0),
             "clean_last": ch.counter_test(seed, noise=0.0, tau=ch.LAST_TAU)}
        r["hidden"], _ = ch.train_delay("hidden", seed=seed)
        r["output"], _ = ch.train_delay("output", seed=seed)
        r["big"], _ = ch.train_delay("output", seed=seed, n_hidden=ch.BIG_HIDDEN)
        r["clean_output"], _ = ch.train_counter("output", seed=seed, noise=0.0)
        r["noisy_output"], _ = ch.train_counter("output", seed=seed)
        r["noisy_hidden"], _ = ch.train_counter("hidden", seed=seed)
        r["last"], _ = ch.train_counter("last", seed=seed, noise=0.0)
        out[seed] = r
    return out


# ------------------------------------------------------------------ the chapter's claims, seeds 0-4

@pytest.mark.parametrize("seed", SEEDS)
def test_hidden_recurrence_solves_the_delay_task_and_output_recurrence_cannot(runs, seed):
    r = runs[seed]
    x, y, _ = r["delay"]
    late = slice(ch.DELAY, None)
    assert ch.per_step_accuracy(r["hidden"], x, y)[late].min() >= ch.HIDDEN_DELAY_MIN
    for name in ("output", "big"):
        model = r[name]
        free = ch.per_step_accuracy(model, x, y)
        forced = ch.per_step_accuracy(model, x, y, teacher_forced=True)
        assert free[:ch.DELAY].min() > 0.95 and forced[:ch.DELAY].min() > 0.95   # the blanks are easy
        assert max(free[late].max(), forced[late].max()) <= ch.OUTPUT_DELAY_MAX
        after = slice(ch.DELAY + 1, None)
        assert abs(ch.per_step_loss(model, x, y)[after].mean() - np.log(4)) <= ch.UNIFORM_LOSS_TOL
        assert model.forward(x).y_hat[after].max(axis=-1).mean() <= ch.FAIR_GUESS_MAX
    assert ch.per_step_accuracy(r["output"], x, y, teacher_forced=True)[ch.DELAY] <= ch.TF_STEP3_MAX
    assert r["big"].n_params > r["hidden"].n_params > r["output"].n_params


@pytest.mark.parametrize("seed", SEEDS)
def test_output_recurrence_learns_a_task_whose_state_is_its_output(runs, seed):
    x, y = runs[seed]["clean"]
    assert ch.per_step_accuracy(runs[seed]["clean_output"], x, y).min() >= ch.CLEAN_COUNT_MIN


@pytest.mark.parametrize("seed", SEEDS)
def test_teacher_forced_accuracy_stays_high_while_free_running_decays(runs, seed):
    r = runs[seed]
    x, y = r["noisy"]
    forced = ch.per_step_accuracy(r["noisy_output"], x, y, teacher_forced=True)
    free = ch.per_step_accuracy(r["noisy_output"], x, y)
    hidden = ch.per_step_accuracy(r["noisy_hidden"], x, y)
    assert forced.min() >= ch.TEACHER_MIN
    assert free[-1] <= ch.FREE_LAST_MAX and hidden[-1] <= ch.FREE_LAST_MAX
    assert forced[-1] - free[-1] >= ch.GAP_MIN
    assert free[0] - free[-1] > 0.3                   # the error grows along the sequence
    bound = ch.counter_bound()
    assert free[-1] <= bound[-1] + 0.05 and hidden[-1] <= bound[-1] + 0.05   # nobody beats the bound


@pytest.mark.parametrize("seed", SEEDS)
def test_single_output_network_learns_the_final_count_with_gradient_only_from_o_tau(runs, seed):
    r = runs[seed]
    x, y = r["clean_last"]
    assert ch.last_accuracy(r["last"], x, y[-1]) >= ch.LAST_MIN
    g = ch.output_gradients(r["last"], x[:, :16], y[-1, :16])
    assert np.abs(g[:-1]).max() == 0.0 and np.abs(g[-1]).max() > 0


# ------------------------------------------------------------------ the helpers the chapter relies on

def test_forward_by_hand_matches_rnnlib_and_the_loss_is_eq_10_14():
    model = rl.RNN(4, 16, 5, seed=3)
    x, y, _ = ch.delay_test(0, n=2)
    p, h, hs, os_ = model.params, np.zeros(16), [], []
    for t in range(len(x)):
        h = np.tanh(p["b"] + p["W"] @ h + p["U"] @ x[t, 0])
        hs.append(h)
        os_.append(p["c"] + p["V"] @ h)
    trace = model.forward(x[:, 0])
    assert np.abs(np.array(hs) - trace.h).max() <= ch.FORWARD_TOL
    assert np.abs(np.array(os_) - trace.o).max() <= ch.FORWARD_TOL
    o = np.array(os_)
    y_hat = np.exp(o) / np.exp(o).sum(1, keepdims=True)
    loss, _ = model.loss_and_grads(x[:, 0], y[:, 0])
    assert abs(-np.log(y_hat[np.arange(len(x)), y[:, 0]]).sum() - loss) <= 1e-12 * max(1, loss)


def test_tasks_are_seeded_and_the_counter_counts():
    a, b = ch.delay_test(1, n=50), ch.delay_test(1, n=50)
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert not np.array_equal(a[2], ch.delay_test(2, n=50)[2])
    x, y = ch.counter_task(200, 9, seed=0)
    assert x.shape == (9, 200, 2) and y.shape == (9, 200) and y.dtype == np.int64
    assert np.array_equal(y, np.cumsum(x.argmax(-1), axis=0) % ch.MODULUS)   # noise 0: readings are clicks
    x, y = ch.counter_task(4000, 2, seed=0, noise=0.2)
    clicks = np.diff(np.concatenate([np.zeros((1, 4000)), y]), axis=0) % ch.MODULUS
    assert 0.17 < np.mean(x.argmax(-1) != clicks) < 0.23


def test_counter_bound_is_exact():
    b = ch.counter_bound(12, 0.1)
    assert b.shape == (12,) and b[0] == pytest.approx(0.9) and b[1] == pytest.approx(0.81 + 2 * 0.05 ** 2)
    assert np.all(np.diff(b) < 0) and b[-1] > 1 / ch.MODULUS
    assert np.allclose(ch.counter_bound(5, 0.0), 1.0)
    # Monte Carlo: the count of the readings is right as often as the bound says
    x, y = ch.counter_task(20000, 12, seed=1, noise=0.1)
    hits = (np.cumsum(x.argmax(-1), axis=0) % ch.MODULUS == y).mean(axis=1)
    assert np.abs(hits - b).max() < 0.015


def test_teacher_forced_forward_calls_step_once_and_free_running_once_per_step():
    model = rl.RNN(4, 8, 5, pattern="output", seed=0)
    x, y, _ = ch.delay_test(0, n=3)
    calls, shapes = ch.count_step_calls(model, x, y)
    assert calls == 1 and shapes == [(ch.TAU, 3, 4)]
    calls, shapes = ch.count_step_calls(model, x)
    assert calls == ch.TAU and shapes[0] == (3, 4)
    assert ch.count_step_calls(rl.RNN(4, 8, 5, seed=0), x)[0] == ch.TAU
    assert rl.rnn.step.__name__ == "step"                     # restored afterwards
    with pytest.raises(ValueError):
        ch.count_step_calls(model, x[..., :2])
    assert rl.rnn.step.__name__ == "step"                     # restored after an error too
    src = ch.teacher_forcing_source()
    assert src.startswith("def _forward") and '"""' not in src and "for t in range(tau)" in src


def test_output_gradients_recover_eq_10_18():
    model = rl.RNN(4, 16, 5, seed=1)
    x, y, _ = ch.delay_test(0, n=7)
    g = ch.output_gradients(model, x, y)
    want = (model.forward(x).y_hat - rl.one_hot(y, 5)) / 7
    assert np.abs(g - want).max() < 1e-12
    last = rl.RNN(4, 16, 5, pattern="last", seed=1)
    g = ch.output_gradients(last, x, y[-1])
    assert np.abs(g[:-1]).max() == 0.0
    assert np.abs(g[-1] - (last.forward(x).y_hat[-1] - rl.one_hot(y[-1], 5)) / 7).max() < 1e-12


def test_figures_tables_and_stepper():
    model = rl.RNN(4, 16, 5, seed=0)
    ids = np.array([0, 1, 2])
    sizes = {tuple(ch.forward_frame(model, ids, t).get_size_inches()) for t in (1, 3)}
    assert len(sizes) == 1
    s = ch.forward_stepper(model, ids, dpi=40)
    assert "Next step" in s.to_html()
    assert isinstance(ch.plot_per_step({"a": np.array([1.0, 0.5]), "b": np.array([0.2, 0.3])}, chance=0.25), Figure)
    assert ch.param_table(4, 16, 5).rows[1][-1] == str(rl.rnn.n_params(4, 16, 5, "output"))
    t = ch.show_sequence(model, ids)
    assert len(t.rows) == 3 and t.rows[2][2] == "A"           # y(3) = x(1) = A
    g = np.zeros((4, 2, 5))
    g[-1] = 1.0
    table = ch.gradient_table(g, np.ones((4, 2, 16)), g)
    assert [r[1] for r in table.rows] == ["0.0e+00"] * 3 + ["1.0e+00"]
    table = ch.which_pattern(delay={"hidden": 1.0, "output": 0.27}, clean_count=1.0, noisy_last=(0.9, 0.35),
                             step_calls={"hidden": 8, "output": 1}, last_count=0.97, last_grad=0.0,
                             params={"hidden": 421, "output": 245, "last": 389})
    assert len(table.rows) == 3 and "27%" in table.rows[1][1] and "35%" in table.rows[1][2]
    assert "text-align:left" in table._repr_html_()


# ------------------------------------------------------------------ exercise checks

def _tf_solution(params, x, y):
    n_out = params["V"].shape[0]
    fed = np.zeros((len(y), n_out))
    fed[1:] = rl.one_hot(y[:-1], n_out)
    return np.tanh(params["b"] + fed @ params["W"].T + x @ params["U"].T)


def test_teacher_forced_check_accepts_the_solution_and_names_the_likely_mistakes():
    assert ch.check_teacher_forced(_tf_solution)
    onehot = lambda p, y: rl.one_hot(y, p["V"].shape[0])  # noqa: E731
    same_step = lambda p, x, y: np.tanh(p["b"] + onehot(p, y) @ p["W"].T + x @ p["U"].T)  # noqa: E731
    rolled = lambda p, x, y: np.tanh(p["b"] + onehot(p, np.roll(y, 1)) @ p["W"].T + x @ p["U"].T)  # noqa: E731
    no_w = lambda p, x, y: np.tanh(p["b"] + x @ p["U"].T)  # noqa: E731
    assert "off by one" in ch.check_teacher_forced(same_step).message
    assert "np.roll" in ch.check_teacher_forced(rolled).message
    assert "missing" in ch.check_teacher_forced(no_w).message
    assert "shape" in ch.check_teacher_forced(lambda p, x, y: _tf_solution(p, x, y).T).message
    assert "not attempted" in ch.check_teacher_forced(None).message


def _state_solution(ids, n_symbols):
    k = n_symbols + 1
    padded = np.concatenate([[n_symbols, n_symbols], ids])
    return padded[:-2] * k * k + padded[1:-1] * k + padded[2:]


def test_state_targets_check_accepts_full_state_and_rejects_the_likely_answers():
    assert ch.check_state_targets(_state_solution)

    def original(ids, n_symbols):                          # the delay task's own targets
        y = np.full(ids.size, n_symbols)
        y[2:] = ids[:-2]
        return y

    def pair(ids, n_symbols):                              # (x(t-1), x(t)): carries the state, not the answer
        return np.concatenate([[n_symbols], ids[:-1]]) * (n_symbols + 1) + ids

    def with_clock(ids, n_symbols):                        # uses t: not the same rule at every step
        return original(ids, n_symbols) + 10 * np.arange(ids.size)

    assert "computable from those two" in ch.check_state_targets(original).message
    assert "readable" in ch.check_state_targets(pair).message
    assert not ch.check_state_targets(with_clock)
    assert "integer" in ch.check_state_targets(lambda ids, n: ids.astype(float)).message
    assert "failed" in ch.check_state_targets(lambda ids, n: 1 / 0).message
    assert not ch.check_state_targets("not a function")


def test_free_running_bound_check():
    assert ch.check_free_running_bound(ch.counter_bound())
    assert "cancel" in ch.check_free_running_bound(0.9 ** np.arange(1, 13)).message
    assert "teacher-forced" in ch.check_free_running_bound(np.full(12, 0.9)).message
    assert "shape" in ch.check_free_running_bound(np.full(11, 0.9)).message


# ------------------------------------------------------------------ bad input

def test_bad_input_gives_clear_errors():
    hidden = rl.RNN(4, 16, 5, seed=0)
    output = rl.RNN(4, 16, 5, pattern="output", seed=0)
    last = rl.RNN(4, 16, 5, pattern="last", seed=0)
    x, y, ids = ch.delay_test(0, n=4)
    with pytest.raises(ValueError, match="pattern"):
        ch.train_delay("last", seed=0)
    with pytest.raises(ValueError, match="seed"):
        ch.train_delay("hidden", seed=-1)
    with pytest.raises(TypeError, match="seed"):
        ch.train_delay("hidden", seed=None)
    with pytest.raises(TypeError, match="seed"):
        ch.counter_test("0")
    with pytest.raises(ValueError, match="steps"):
        ch.train_counter("hidden", seed=0, steps=0)
    with pytest.raises(ValueError, match="at most"):
        ch.delay_test(0, n=50_000, tau=1_000)
    with pytest.raises(ValueError, match="n_hidden"):
        ch.train_delay("hidden", seed=0, n_hidden=10 ** 6)
    with pytest.raises(TypeError, match="noise"):
        ch.counter_task(5, seed=0, noise="0.1")
    with pytest.raises(TypeError, match="teacher_forced"):
        ch.per_step_accuracy(output, x, y, teacher_forced="yes")
    with pytest.raises(ValueError, match="noise"):
        ch.counter_task(5, seed=0, noise=0.7)
    with pytest.raises(ValueError, match="tau"):
        ch.counter_bound(0)
    with pytest.raises(ValueError, match="teacher_forced"):
        ch.per_step_accuracy(hidden, x, y, teacher_forced=True)
    with pytest.raises(ValueError, match="last_accuracy"):
        ch.per_step_accuracy(last, x, y)
    with pytest.raises(ValueError, match="'last'"):
        ch.last_accuracy(hidden, x, y[-1])
    with pytest.raises(ValueError, match="y"):
        ch.per_step_accuracy(hidden, x, y[:-1])
    with pytest.raises(ValueError, match="x"):
        ch.per_step_accuracy(hidden, x[..., :3], y)
    with pytest.raises(TypeError, match="model"):
        ch.per_step_accuracy("model", x, y)
    with pytest.raises(ValueError, match="'output'"):
        ch.output_gradients(output, x, y)
    with pytest.raises(ValueError, match="n_out"):
        ch.output_gradients(rl.RNN(4, 3, 5, seed=0), x, y)
    with pytest.raises(ValueError, match="t:"):
        ch.forward_frame(hidden, ids[:, 0], 0)
    with pytest.raises(ValueError, match="ids"):
        ch.forward_frame(hidden, np.array([0, 7]), 1)
    with pytest.raises(ValueError, match="ids"):
        ch.forward_stepper(hidden, np.zeros(40, dtype=int))
    with pytest.raises(ValueError, match="curves"):
        ch.plot_per_step({})
    with pytest.raises(ValueError, match="curves"):
        ch.plot_per_step({"a": np.array([1.5])})
    with pytest.raises(ValueError, match="params"):
        ch.which_pattern(delay={"hidden": 1.0, "output": 0.27}, clean_count=1.0, noisy_last=(0.9, 0.35),
                         step_calls={"hidden": 8, "output": 1}, last_count=0.97, last_grad=0.0,
                         params={"hidden": 421})
    with pytest.raises(ValueError, match="same τ"):
        ch.gradient_table(np.zeros((4, 2, 5)), np.zeros((3, 2, 16)), np.zeros((4, 2, 5)))
    with pytest.raises(ValueError, match="n_hidden"):
        ch.param_table(4, 0, 5)
