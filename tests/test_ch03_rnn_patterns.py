"""rnnlib.chapters.ch03_rnn_patterns: the chapter's claims for seeds 0-4 (roundings 0 and 1), the code the
notebook writes out against the library, the helpers, the exercise checks, and bad input.

The models are trained once per session (module-scoped fixture) with exactly the chapter's settings, and
the claims are the functions the notebook's hidden guard cells call.
"""

import functools
import json
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

import rnnlib as rl
from rnnlib import claims
from rnnlib.chapters import ch03_rnn_patterns as ch

SEEDS = claims.TESTED_SEEDS
ROUNDINGS = (0, 1)
NOTEBOOK = Path(__file__).resolve().parents[1] / "book" / "03_rnn_patterns.ipynb"


def _train_all(seed):
    m = {}
    m["hidden"], _ = ch.train_delay("hidden", seed=seed)
    m["forced"], _ = ch.train_delay("output", seed=seed)
    m["big"], _ = ch.train_delay("output", seed=seed, n_hidden=ch.BIG_HIDDEN)
    m["clean"], _ = ch.train_counter("output", seed=seed, noise=0.0)
    m["softmax"], _ = ch.train_delay("output", seed=seed, feedback="softmax")
    m["logits"], _ = ch.train_delay("output", seed=seed, feedback="logits")
    m["noisy"], _ = ch.train_counter("output", seed=seed)
    m["last"], _ = ch.train_counter("last", seed=seed, noise=0.0)
    return m


@pytest.fixture(scope="module")
def runs():
    """Every model the chapter trains, for seeds 0-4 at rounding members 0 and 1."""
    out = {}
    for k in ROUNDINGS:
        with claims.rounding(k):
            for seed in SEEDS:
                out[seed, k] = _train_all(seed)
    return out


# ------------------------------------------------------------------ the chapter's claims

@pytest.mark.parametrize("k", ROUNDINGS)
@pytest.mark.parametrize("seed", SEEDS)
def test_every_claim_of_the_chapter_holds(runs, seed, k):
    m = runs[seed, k]
    held = (ch.teacher_forced_claims(m["hidden"], m["forced"], m["big"], m["clean"], seed)
            + ch.free_training_claims(m["softmax"], m["logits"], seed)
            + ch.exposure_claims(m["noisy"], seed) + ch.last_claims(m["last"], seed))
    assert len(held) == 19
    claims.check(held, seed=seed)                          # raises ClaimFailed with the sentences that fail


@pytest.mark.parametrize("seed", SEEDS)
def test_argmax_feedback_follows_the_optimal_rule_and_nobody_beats_the_optimum(runs, seed):
    r = ch.exposure_results(runs[seed, 0]["noisy"], seed)
    assert np.abs(r["argmax"] - r["optimal rule"]).max() <= 0.03
    for name in ("argmax", "softmax", "sample"):
        assert r[name][-1] <= r["best possible"][-1] + 0.05        # 1000 sequences: within sampling noise
    assert r["teacher-forced"].min() > r["best possible"][-1]


def test_gap_shares_divide_the_tasks_fall_by_the_free_runs_fall():
    r = {"teacher-forced": [0.9, 0.9], "best possible": [0.8, 0.4], "argmax": [0.8, 0.4], "softmax": [0.7, 0.9]}
    assert ch.gap_shares(r) == {"argmax": 1.0, "softmax": 0.0}          # no fall with the softmax: nothing to share
    r["softmax"] = [0.7, 0.3]
    assert abs(ch.gap_shares(r)["softmax"] - 0.5 / 0.6) < 1e-12


def test_free_running_training_needs_the_loop_and_teacher_forcing_does_not(runs):
    m = runs[0, 0]
    x, y, _ = ch.delay_test(0, n=3)
    assert m["forced"].forward(x, targets=y).steps == 1
    assert m["logits"].forward(x, feedback="logits").steps == ch.TAU
    assert m["hidden"].forward(x).steps == ch.TAU
    assert not hasattr(ch, "count_step_calls") and not hasattr(ch, "teacher_forcing_source")
    assert rl.rnn.step.__module__ == "rnnlib.rnn"


# ------------------------------------------------------------------ the code the notebook writes out

def _notebook_cell(marker):
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    found = [c for c in cells if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(found) == 1, f"{marker!r}: {len(found)} cells"
    return "".join(found[0]["source"])


def test_the_free_running_loop_written_in_the_notebook_is_what_rnnlib_computes():
    scope = {"np": np}
    exec(_notebook_cell("def run_free(params, x, feed)"), scope)
    rng = np.random.default_rng(0)
    for n_in, n_hidden, n_out, tau, batch in ((4, 16, 5, 8, 7), (2, 3, 4, 1, 1), (3, 6, 2, 12, 3)):
        model = rl.RNN(n_in, n_hidden, n_out, pattern="output", seed=tau)
        model.params["b"] = rng.normal(size=n_hidden)
        model.params["c"] = rng.normal(size=n_out)
        x = rng.normal(size=(tau, batch, n_in))
        for f, feed in scope["feeds"].items():
            mine = scope["run_free"](model.params, x, feed)
            assert np.abs(mine - model.forward(x, feedback=f).o).max() <= ch.FORWARD_TOL


def test_the_forward_pass_and_loss_written_in_the_notebook_are_what_rnnlib_computes():
    model = rl.RNN(4, 16, 5, seed=3)
    x, y, _ = ch.delay_test(0, n=2)
    scope = {"np": np, "hidden": model, "x": x, "y": y}
    scope["trace"] = None
    exec(_notebook_cell("h_mine, o_mine = [], []").replace("print(", "(lambda *a: None)("), scope)
    exec(_notebook_cell("loss_mine = ").replace("print(", "(lambda *a: None)("), scope)
    held = ch.listing_claims(scope["gap"], abs(scope["loss_mine"] - scope["loss_rl"]), 0.0)
    assert all(c.holds for c in held)


# ------------------------------------------------------------------ the helpers

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


def test_counter_optimum_is_the_optimal_rules_accuracy_and_at_least_the_count_of_the_readings():
    opt, count = ch.counter_optimum(12, 0.1), ch.counter_bound(12, 0.1)
    assert opt.shape == count.shape == (12,)
    assert count[0] == pytest.approx(0.9) and count[1] == pytest.approx(0.81 + 2 * 0.05 ** 2)
    assert np.all(opt >= count - 1e-15) and 1e-4 < opt[-1] - count[-1] < 1e-3   # better, but only just
    assert np.allclose(ch.counter_optimum(5, 0.0), 1.0)
    x, y = ch.counter_task(40000, 12, seed=1, noise=0.1)
    hits = (ch.best_count(x) == y).mean(axis=1)
    assert np.abs(hits - opt).max() < 0.01                                   # Monte Carlo, 40,000 sequences
    readings = np.cumsum(x.argmax(-1), axis=0) % ch.MODULUS
    assert 0 < np.mean(ch.best_count(x) != readings) < 0.01                  # almost always the same guess


def test_run_free_feedbacks():
    model = rl.RNN(2, 6, 5, pattern="output", seed=2)
    x, y = ch.counter_task(9, 7, seed=0)
    np.testing.assert_array_equal(ch.run_free(model, x, "softmax"), model.forward(x).o)
    np.testing.assert_array_equal(ch.run_free(model, x, "logits"), model.forward(x, feedback="logits").o)
    hard = ch.run_free(model, x, "argmax")
    r = np.zeros((9, 5))                                  # the argmax loop, by hand
    for t in range(7):
        o = rl.rnn.step(model.params, x[t], r) @ model.params["V"].T + model.params["c"]
        np.testing.assert_allclose(hard[t], o, atol=1e-14)
        r = rl.one_hot(o.argmax(-1), 5)
    a, b = ch.run_free(model, x, "sample", seed=4), ch.run_free(model, x, "sample", seed=4)
    np.testing.assert_array_equal(a, b)
    acc = ch.per_step_accuracy(model, x, y, feedback="sample", seed=4)
    assert acc.shape == (7,) and np.array_equal(acc, (a.argmax(-1) == y).mean(1))


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


def test_figures_tables_and_stepper(runs):
    noisy = runs[0, 0]["noisy"]
    x, y = ch.counter_test(0)
    j = ch.feedback_example(noisy, x, y)
    sizes = {tuple(ch.feedback_frame(noisy, x[:, j], y[:, j], t).get_size_inches()) for t in (1, 12)}
    assert len(sizes) == 1
    assert ch.feedback_example(noisy, x[:, :1], y[:, :1]) == 0           # no sequence of that kind: the first
    s = ch.feedback_stepper(noisy, x[:, j], y[:, j], dpi=30)
    assert "Next step" in s.to_html()
    fig = ch.plot_per_step({"a": np.array([1.0, 0.5]), "b": [0.2, 0.3]}, chance=0.25)
    assert isinstance(fig, Figure) and len(fig.axes[0].lines) == 3
    assert ch.param_table(4, 16, 5).rows[1][-1] == str(rl.rnn.n_params(4, 16, 5, "output"))
    model = rl.RNN(4, 16, 5, seed=0)
    t = ch.show_sequence(model, np.array([0, 1, 2]))
    assert len(t.rows) == 3 and t.rows[2][2] == "A"           # y(3) = x(1) = A
    g = np.zeros((4, 2, 5))
    g[-1] = 1.0
    table = ch.gradient_table(g, np.ones((4, 2, 16)), g)
    assert [r[1] for r in table.rows] == ["0.0e+00"] * 3 + ["1.0e+00"]
    table = ch.which_pattern(**_which())
    assert len(table.rows) == 3 and "26%" in table.rows[1][1] and "78%" in table.rows[1][1]
    assert "41% running free with the argmax fed back" in table.rows[1][2]
    assert "text-align:left" in table._repr_html_()


def _which(**change):
    kw = dict(delay={"hidden": 1.0, "target": 0.26, "softmax": 0.45, "logits": 0.78},
              noisy_last={"target": 0.9, "argmax": 0.41, "optimum": 0.406},
              step_calls={"hidden": 8, "target": 1, "logits": 8}, last_count=0.97, last_grad=0.0,
              params={"hidden": 421, "output": 245, "last": 389})
    kw.update(change)
    return kw


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

    def looped(p, x, y):                                   # right values, one step at a time
        h = []
        for t in range(len(y)):
            r = np.zeros(p["V"].shape[0]) if t == 0 else rl.one_hot(y[t - 1:t], p["V"].shape[0])[0]
            h.append(np.tanh(p["b"] + p["W"] @ r + p["U"] @ x[t]))
        return np.array(h)

    def comprehension(p, x, y):
        return np.array([_tf_solution(p, x, y)[t] for t in range(len(y))])

    assert np.allclose(looped(*ch.exercises._tf_cases()[0][:3]), ch.exercises._tf_cases()[0][3])
    assert "loops" in ch.check_teacher_forced(looped).message
    assert "loops" in ch.check_teacher_forced(comprehension).message
    assert "source" in ch.check_teacher_forced(functools.partial(_tf_solution)).message


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

    def no_blank(ids, n_symbols):                          # pads with symbol 0: the blank answers are lost
        padded = np.concatenate([[0, 0], ids])
        return padded[:-2] * n_symbols ** 2 + padded[1:-1] * n_symbols + padded[2:]

    assert "computable from those two" in ch.check_state_targets(original).message
    assert "readable" in ch.check_state_targets(pair).message
    assert "blank" in ch.check_state_targets(no_blank).message
    assert not ch.check_state_targets(with_clock)
    assert "integer" in ch.check_state_targets(lambda ids, n: ids.astype(float)).message
    assert "failed" in ch.check_state_targets(lambda ids, n: 1 / 0).message
    assert not ch.check_state_targets("not a function")

    def blank_three(ids, n_symbols):                       # the solution with the blank hard-coded as 3, base 4
        padded = np.concatenate([[3, 3], ids])
        return padded[:-2] * 16 + padded[1:-1] * 4 + padded[2:]

    result = ch.check_state_targets(blank_three)            # right for 2 and 3 symbols, not for 4
    assert not result and "n_symbols = 4" in result.message
    assert {n for n, _ in ch.STATE_CASES} >= {2, 3, 4, 5}


def test_class_count_check_passes_only_the_minimum():
    assert ch.check_class_count(84) and ch.MIN_CLASSES == 84
    assert ch.check_class_count(np.int64(84))
    for wrong, hint in ((125, "never occur"), (64, "blank"), (80, "t = 1"), (83, "too few"), (85, "too many"),
                        (0, "too few")):
        result = ch.check_class_count(wrong)
        assert not result and hint in result.message, (wrong, result.message)
    for kind in ("84", 84.0, True, None):
        assert not ch.check_class_count(kind)
    for wrong in range(0, 200):                             # the hints guide, they never give the number
        if wrong != 84:
            message = ch.check_class_count(wrong).message
            assert "84" not in message and "4²" not in message and "4³" not in message, (wrong, message)


def test_parity_check_passes_only_the_right_number():
    right = (1 + 0.8 ** 12) / 2
    assert ch.check_parity_bound(right) and ch.check_parity_bound(np.float64(round(right, 4)))
    assert "cancel" in ch.check_parity_bound(0.9 ** 12).message
    assert "chance" in ch.check_parity_bound(0.5).message
    for wrong in (ch.counter_optimum()[-1], 0.9, 1.5, -0.2, "0.534", True, None, [right]):
        assert not ch.check_parity_bound(wrong), wrong


# ------------------------------------------------------------------ bad input: every ch.* the notebook calls

_H = rl.RNN(4, 16, 5, seed=0)
_O = rl.RNN(4, 16, 5, pattern="output", seed=0)
_L = rl.RNN(2, 16, 5, pattern="last", seed=0)
_C = rl.RNN(2, 16, 5, pattern="output", seed=0)
_X, _Y, _IDS = ch.delay_test(0, n=4)
_XC, _YC = ch.counter_test(0, n=6)

BAD = [
    # (call, error, match)
    (lambda: ch.delay_test(-1), ValueError, "^seed:"),
    (lambda: ch.delay_test(1.5), TypeError, "^seed:"),
    (lambda: ch.delay_test(True), TypeError, "^seed:"),
    (lambda: ch.delay_test(None), TypeError, "^seed:"),
    (lambda: ch.delay_test(0, n=50_000, tau=1_000), ValueError, "at most"),
    (lambda: ch.delay_test(0, n=0), ValueError, "^n:"),
    (lambda: ch.counter_test("0"), TypeError, "^seed:"),
    (lambda: ch.counter_test(0, noise=0.7), ValueError, "^noise:"),
    (lambda: ch.counter_test(0, noise=float("nan")), ValueError, "^noise:"),
    (lambda: ch.counter_task(5, seed=0, noise="0.1"), TypeError, "^noise:"),
    (lambda: ch.train_delay("last", seed=0), ValueError, "^pattern:"),
    (lambda: ch.train_delay("hidden", seed=-1), ValueError, "^seed:"),
    (lambda: ch.train_delay("hidden", seed=None), TypeError, "^seed:"),
    (lambda: ch.train_delay("hidden", seed=0, n_hidden=10 ** 6), ValueError, "^n_hidden:"),
    (lambda: ch.train_delay("hidden", seed=0, steps=0), ValueError, "^steps:"),
    (lambda: ch.train_delay("hidden", seed=0, feedback="logits"), ValueError, "^feedback:"),
    (lambda: ch.train_delay("output", seed=0, feedback="argmax"), ValueError, "^feedback:"),
    (lambda: ch.train_delay("output", seed=0, progress="yes"), TypeError, "^progress:"),
    (lambda: ch.train_counter("loop", seed=0), ValueError, "^pattern:"),
    (lambda: ch.train_counter("hidden", seed=0, steps=10 ** 9), ValueError, "^steps:"),
    (lambda: ch.train_counter("hidden", seed=0, feedback="softmax"), ValueError, "^feedback:"),
    (lambda: ch.train_counter("output", seed=0, feedback="argmax"), ValueError, "^feedback:"),
    (lambda: ch.feedback_costs(-1), ValueError, "^seed:"),
    (lambda: ch.feedback_costs(0, noise=0.5), ValueError, "^noise:"),
    (lambda: ch.gap_shares([0.9, 0.4]), ValueError, "^results:"),
    (lambda: ch.gap_shares({"argmax": [0.4]}), ValueError, "^results:"),
    (lambda: ch.gap_shares(dict.fromkeys(("teacher-forced", "best possible", "argmax", "softmax"), [])),
     ValueError, r"^results\['teacher-forced'\]:"),
    (lambda: ch.gap_shares(dict.fromkeys(("teacher-forced", "best possible", "argmax", "softmax"), "high")),
     (ValueError, TypeError), r"^results\['teacher-forced'\]:"),
    (lambda: ch.per_step_accuracy("model", _X, _Y), TypeError, "^model:"),
    (lambda: ch.per_step_accuracy(_H, _X, _Y, feedback="target"), ValueError, "^feedback:"),
    (lambda: ch.per_step_accuracy(_O, _X, _Y, feedback="true"), ValueError, "^feedback:"),
    (lambda: ch.per_step_accuracy(_O, _X, _Y, feedback="sample"), ValueError, "^seed:"),
    (lambda: ch.per_step_accuracy(_O, _X, _Y, feedback="argmax", seed=1), ValueError, "^seed:"),
    (lambda: ch.per_step_accuracy(rl.RNN(4, 16, 5, pattern="last", seed=0), _X, _Y), ValueError, "last_accuracy"),
    (lambda: ch.per_step_accuracy(_H, _X, _Y[:-1]), ValueError, "^y:"),
    (lambda: ch.per_step_accuracy(_H, _X[..., :3], _Y), ValueError, "^x:"),
    (lambda: ch.per_step_accuracy(_H, _X, _Y + 5), ValueError, "^y:"),
    (lambda: ch.per_step_loss(_H, np.full_like(_X, np.nan), _Y), ValueError, "^x:"),
    (lambda: ch.run_free(_H, _X, "argmax"), ValueError, "^model:.*'output'"),
    (lambda: ch.run_free(_O, _X, "hard"), ValueError, "^feedback:"),
    (lambda: ch.last_accuracy(_H, _X, _Y[-1]), ValueError, "^model:.*'last'"),
    (lambda: ch.last_accuracy(_L, _XC, _YC), ValueError, "^y:"),
    (lambda: ch.counter_bound(0), ValueError, "^tau:"),
    (lambda: ch.counter_optimum(10 ** 6), ValueError, "^tau:"),
    (lambda: ch.best_count(_X), ValueError, "^x:"),
    (lambda: ch.output_gradients(_O, _X, _Y), ValueError, "^model:.*'output'"),
    (lambda: ch.output_gradients(rl.RNN(4, 3, 5, seed=0), _X, _Y), ValueError, "n_out"),
    (lambda: ch.output_gradients(None, _X, _Y), TypeError, "^model:"),
    (lambda: ch.exposure_results(_O, 0), ValueError, "^x:"),
    (lambda: ch.exposure_results(_H, 0), ValueError, "^noisy:"),
    (lambda: ch.exposure_results(None, 0), TypeError, "^noisy: got None, wanted an rnnlib RNN"),
    (lambda: ch.exposure_claims("abc", 0), TypeError, "^noisy: got 'abc'"),
    (lambda: ch.exposure_results(_C, -3), ValueError, "^seed:"),
    (lambda: ch.feedback_example(_H, _XC, _YC), ValueError, "^model:"),
    (lambda: ch.feedback_example(_O, _XC, _YC), ValueError, "^model:.*n_in = 2"),
    (lambda: ch.feedback_example(_C, _XC, _YC[:, :2]), ValueError, "^y:"),
    (lambda: ch.feedback_stepper(_C, _XC, _YC), ValueError, "^x:.*one sequence"),
    (lambda: ch.feedback_stepper(_C, np.zeros((40, 2)), np.zeros(40, int)), ValueError, "^x:"),
    (lambda: ch.feedback_stepper(_C, _XC[:, 0], _YC[:-1, 0]), ValueError, "^y:"),
    (lambda: ch.feedback_stepper(_C, _XC[:, 0], _YC[:, 0], dpi=10 ** 5), ValueError, "^dpi:"),
    (lambda: ch.feedback_stepper(_H, _XC[:, 0], _YC[:, 0]), ValueError, "^model:"),
    (lambda: ch.feedback_frame(_C, _XC[:, 0], _YC[:, 0], 0), ValueError, "^t:"),
    (lambda: ch.feedback_frame(_C, _XC[:, 0], _YC[:, 0], 2.0), TypeError, "^t:"),
    (lambda: ch.show_sequence(_H, np.array([0, 7])), ValueError, "^ids:"),
    (lambda: ch.show_sequence(_H, np.zeros(40, dtype=int)), ValueError, "^ids:"),
    (lambda: ch.show_sequence(_H, "ABC"), TypeError, "^ids:"),
    (lambda: ch.show_sequence(_C, np.array([0, 1])), ValueError, "^model:"),
    (lambda: ch.plot_per_step([0.5, 0.6]), TypeError, "^curves:"),
    (lambda: ch.plot_per_step({}), ValueError, "^curves:"),
    (lambda: ch.plot_per_step({"a": np.array([1.5])}), ValueError, "^curves"),
    (lambda: ch.plot_per_step({"a": np.array([np.nan])}), ValueError, "^curves"),
    (lambda: ch.plot_per_step({"a": "high"}), TypeError, "^curves"),
    (lambda: ch.plot_per_step({"a": [0.5]}, chance=2), ValueError, "^chance:"),
    (lambda: ch.plot_per_step({"a": [0.5]}, styles={"b": {}}), ValueError, "^styles:"),
    (lambda: ch.param_table(4, 0, 5), ValueError, "^n_hidden:"),
    (lambda: ch.param_table(4, 10 ** 9, 5), ValueError, "^n_hidden:"),
    (lambda: ch.gradient_table(np.zeros((4, 2, 5)), np.zeros((3, 2, 16)), np.zeros((4, 2, 5))), ValueError,
     "same τ"),
    (lambda: ch.gradient_table(np.zeros((4, 5)), np.zeros((4, 2, 16)), np.zeros((4, 2, 5))), ValueError,
     "^g_last:"),
    (lambda: ch.which_pattern(**_which(params={"hidden": 421})), ValueError, "^params:"),
    (lambda: ch.which_pattern(**_which(delay=[1.0, 0.2])), ValueError, "^delay:"),
    (lambda: ch.which_pattern(**_which(last_count=97)), ValueError, "^last_count:"),
    (lambda: ch.which_pattern(**_which(step_calls={"hidden": 8.5, "target": 1, "logits": 8})), TypeError,
     r"^step_calls\['hidden'\]:"),
    (lambda: ch.teacher_forced_claims(_O, _O, _O, _C, 0), ValueError, "^hidden:.*'hidden'"),
    (lambda: ch.free_training_claims(_H, _O, 0), ValueError, "^softmax:"),
    (lambda: ch.last_claims(_C, 0), ValueError, "^last:.*'last'"),
    (lambda: ch.last_claims([], 0), TypeError, "^last: got list"),
    (lambda: ch.listing_claims(float("nan"), 0.0, 0.0), ValueError, "^forward_gap: got nan"),
    (lambda: ch.listing_claims(0.0, -1, 0.0), ValueError, "^loss_gap: got -1, wanted a largest difference"),
    (lambda: ch.listing_claims(0.0, 0.0, "x"), TypeError, "^free_gap: got 'x'"),
]


@pytest.mark.parametrize("i", range(len(BAD)))
def test_bad_input_is_refused_naming_the_argument(i):
    call, error, match = BAD[i]
    with pytest.raises(error, match=match):
        call()
