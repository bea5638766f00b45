"""Chapter 7 (book/07_gated_units.ipynb): the claims for seeds 0-4, the exercises, bad input to every ch.* the
notebook calls."""

import numpy as np
import pytest

import rnnlib as rl
from rnnlib import _checks, claims
from rnnlib.chapters import ch07_gated_units as ch
from rnnlib.chapters.ch07_gated_units import settings as S


@pytest.mark.parametrize("seed", claims.TESTED_SEEDS)
def test_the_claims_of_the_prose_hold(seed):
    """Every trained-network claim of the notebook, for SEED = seed at rounding 0 (roundings 0-3: see spread)."""
    gap = ch.gap_runs(seed=seed)
    found = ch.gap_claims(gap) + ch.bias_claims(ch.bias_control(seed=seed))
    found += ch.gradient_claims(ch.gradient_norms({f"{k} untrained": ch.make_network(k, seed=seed) for k in ch.KINDS},
                                                  seed=seed))
    assert gap.models["LSTM"] is not None
    found += ch.stepper_claims(ch.one_sequence(gap.models["LSTM"], seed=seed), seed=seed)
    claims.check(found, seed=seed)


def test_equations_and_sizes():
    claims.check(ch.equation_claims(0.0), seed=0)
    with pytest.raises(claims.ClaimFailed):
        claims.check(ch.equation_claims(1e-3), seed=0)
    counts = {kind: ch.make_network(kind, 0).n_params for kind in ch.KINDS}
    assert max(counts.values()) <= 1.1 * min(counts.values())
    assert ch.make_network("LSTM", 0).params["b_f"][0] == S.KEEP_BIAS
    assert ch.make_network("GRU", 0).params["b_u"][0] == S.KEEP_BIAS
    assert ch.make_network("leaky", 0).alpha == S.LEAKY_ALPHA


def test_figures_tables_and_stepper_render():
    gap = ch.GapRuns({(k, g): [20, None] for k in ch.KINDS for g in ch.GAPS}, ch.GAPS, ch.KINDS, 400,
                     dict.fromkeys(ch.KINDS))
    assert "—" in repr(ch.gap_table(gap, {"LSTM": [None]}))
    assert gap.solved("RNN", ch.LONG) == 1 and gap.median("RNN", ch.LONG) == 210
    ch.plot_steps_to_solve(gap)
    g = ch.gradient_norms({"RNN untrained": ch.make_network("RNN", 0), "LSTM untrained": ch.make_network("LSTM", 0)})
    assert set(g.s) == {"LSTM untrained"} and g.h["RNN untrained"][-1] == 1.0
    ch.plot_gradient_norms(g, g)
    seq = ch.one_sequence(ch.make_network("LSTM", 0), k=6)
    stepper = ch.gate_stepper(seq)
    assert len(stepper.steps) == 6
    costs = ch.cost(tau=2, batch=2, n_in=3, n_hidden=4, repeats=1)
    assert set(costs) == set(ch.KINDS) and "×" in repr(ch.cost_table(costs))


# ----------------------------------------------------------------------------- exercises
def _gru_right(p, x, h):
    u = rl.gated.sigmoid(p["b_u"] + x @ p["U_u"].T + h @ p["W_u"].T)
    r = rl.gated.sigmoid(p["b_r"] + x @ p["U_r"].T + h @ p["W_r"].T)
    return u * h + (1 - u) * np.tanh(p["b"] + x @ p["U"].T + (r * h) @ p["W"].T)


def _gru_swapped(p, x, h):
    u = rl.gated.sigmoid(p["b_u"] + x @ p["U_u"].T + h @ p["W_u"].T)
    r = rl.gated.sigmoid(p["b_r"] + x @ p["U_r"].T + h @ p["W_r"].T)
    return (1 - u) * h + u * np.tanh(p["b"] + x @ p["U"].T + (r * h) @ p["W"].T)


def _gru_no_reset(p, x, h):
    u = rl.gated.sigmoid(p["b_u"] + x @ p["U_u"].T + h @ p["W_u"].T)
    return u * h + (1 - u) * np.tanh(p["b"] + x @ p["U"].T + h @ p["W"].T)


@pytest.mark.parametrize("check, right, wrongs", [
    (ch.check_lstm_params, 1250, [1216, 338, 370, 1250.0, "1250", True, None, 1251]),
    (ch.check_keep_bias, 4.05, [1.0, 4.0, 4.04, 4.06, 4.1, 5.0,
                                 0, float("nan"), float("inf"), 31.0, "5", True, None, np.array([5.0])]),
    (ch.check_gru_step, _gru_right, [_gru_swapped, _gru_no_reset, lambda p, x, h: h, lambda p, x, h: None, 3.0,
                                     lambda p, x, h: "h", lambda p: p]),
])
def test_exercise_checks_tell_right_from_wrong(check, right, wrongs):
    assert check(right).passed
    for wrong in wrongs:
        assert not check(wrong).passed, wrong


def test_the_exercise_cells_as_given_are_not_attempted_yet():
    assert not ch.check_gru_step(lambda p, x, h: None).attempted
    assert ch.check_gru_step(lambda p, x, h: h).attempted


# ----------------------------------------------------------------------------- bad input
def _gap():
    return ch.GapRuns({(k, g): [20] for k in ch.KINDS for g in ch.GAPS}, ch.GAPS, ch.KINDS, 400,
                      dict.fromkeys(ch.KINDS))


BAD = [
    (lambda: ch.make_network("CNN", 0), ValueError, "kind: got 'CNN'"),
    (lambda: ch.make_network("LSTM", -1), ValueError, "seed: got -1"),
    (lambda: ch.make_network("LSTM", 1.5), _checks.ArgumentTypeError, "seed"),
    (lambda: ch.make_network("GRU", 0, bias=100), ValueError, "bias: got 100"),
    (lambda: ch.make_network("RNN", 0, n_hidden=0), ValueError, "n_hidden: got 0"),
    (lambda: ch.gap_runs(seed=0, gaps=()), ValueError, "gaps: got 0 gaps, wanted 1 to 6"),
    (lambda: ch.gap_runs(seed=0, gaps=(0,)), ValueError, "gaps: got 0"),
    (lambda: ch.gap_runs(seed=0, gaps=(500,)), ValueError, "gaps: got 500"),
    (lambda: ch.gap_runs(seed=0, runs=0), ValueError, "runs: got 0"),
    (lambda: ch.gap_runs(seed=0, cap=5), ValueError, "cap: got 5"),
    (lambda: ch.gap_runs(seed=0, kinds=("CNN",)), ValueError, "kind: got 'CNN'"),
    (lambda: ch.gap_runs(seed="0"), _checks.ArgumentTypeError, "seed"),
    (lambda: ch.bias_control(seed=0, kinds=("RNN",)), ValueError, "kinds: got 'RNN'"),
    (lambda: ch.bias_control(seed=0, runs=11), ValueError, "runs: got 11"),
    (lambda: ch.lr_control(seed=0, lr=0), ValueError, "lr: got 0"),
    (lambda: ch.lr_control(seed=0, k=0), ValueError, "k: got 0"),
    (lambda: ch.gradient_norms({}), ValueError, "models: got an empty dict"),
    (lambda: ch.gradient_norms([1]), _checks.ArgumentTypeError, "models"),
    (lambda: ch.gradient_norms({"x": 3}), _checks.ArgumentTypeError, r"models\['x'\]"),
    (lambda: ch.gradient_norms({"x": rl.RNN(2, 3, 2)}), ValueError, r"models\['x'\]: got .* wanted pattern 'last'"),
    (lambda: ch.gradient_norms({"x": ch.make_network("RNN", 0)}, batch=0), ValueError, "batch: got 0"),
    (lambda: ch.one_sequence(ch.make_network("GRU", 0)), _checks.ArgumentTypeError, "model: got"),
    (lambda: ch.one_sequence(rl.LSTM(2, 3, 2)), ValueError, "model: got .* wanted pattern 'last'"),
    (lambda: ch.one_sequence(ch.make_network("LSTM", 0), k=0), ValueError, "k: got 0"),
    (lambda: ch.gap_table("table"), _checks.ArgumentTypeError, "gap: got"),
    (lambda: ch.gap_table(_gap(), control=[1]), _checks.ArgumentTypeError, "control: got"),
    (lambda: ch.plot_steps_to_solve(None), _checks.ArgumentTypeError, "gap: got"),
    (lambda: ch.plot_gradient_norms(None, None), _checks.ArgumentTypeError, "untrained: got"),
    (lambda: ch.gate_stepper(None), _checks.ArgumentTypeError, "seq: got"),
    (lambda: ch.cost(tau=0), ValueError, "tau: got 0"),
    (lambda: ch.cost(n_hidden=1000), ValueError, r"n_hidden: got 1,000, wanted an integer in 1..512"),
    (lambda: ch.cost_table([1]), _checks.ArgumentTypeError, "costs: got"),
    (lambda: ch.cost_table({}), ValueError, "costs: got a dict without 'RNN'"),
    (lambda: ch.cost_table({"RNN": 5}), _checks.ArgumentTypeError, r"costs\['RNN'\]: got"),
    (lambda: _gap().solved("CNN", 40), ValueError, r"\(kind, k\): got \('CNN', 40\)"),
    (lambda: ch.gap_claims(None), _checks.ArgumentTypeError, "gap: got"),
    (lambda: ch.bias_claims(None), _checks.ArgumentTypeError, "control: got"),
    (lambda: ch.gradient_claims(None), _checks.ArgumentTypeError, "untrained: got"),
    (lambda: ch.stepper_claims(None), _checks.ArgumentTypeError, "seq: got"),
    (lambda: ch.equation_claims(-1.0), ValueError, "max_diff: got -1"),
    (lambda: ch.equation_claims(float("nan")), ValueError, "max_diff"),
]


@pytest.mark.parametrize("call, exc, match", BAD)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_copy_first_in_the_library():
    x, y = rl.data.sequences.copy_first(4, 3, seed=1)
    assert x.shape == (4, 4, 2) and (x[0].argmax(-1) == y).all()
    with pytest.raises(ValueError, match="k: got 0"):
        rl.data.sequences.copy_first(4, 0, seed=1)
    with pytest.raises(ValueError, match="n: got 1000000000, which makes"):
        rl.data.sequences.copy_first(10**9, 3, seed=1)
