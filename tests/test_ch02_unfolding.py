"""rnnlib.chapters.ch02_unfolding: the chapter's claims (rounding 0 and 1), exercise checks, stepper, bad input."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from rnnlib import claims
from rnnlib.chapters import ch02_unfolding as ch
from rnnlib.exercises import TODO
from rnnlib.rnn import step, unfold

ROUNDINGS = (0, 1)


def _rotation(rho, phi):
    c, s = np.cos(phi), np.sin(phi)
    return rho * np.array([[c, -s], [s, c]])


def _memory_numbers():
    star = ch.fixed_point(ch.W_MEMORY)
    runs = {x1: ch.scalar_run(ch.W_MEMORY, [x1] + [0.0] * 299) for x1 in (1.0, 2.0)}
    late = np.abs(runs[2.0] - runs[1.0])
    forgotten = abs(ch.scalar_run(0.5, [1.0] + [0.0] * 11) - ch.scalar_run(0.5, [-1.0] + [0.0] * 11))[-1]
    return star, {x1: r[11] for x1, r in runs.items()}, late, forgotten


def test_the_scalar_memory_numbers_the_text_gives():
    star, ends, late, forgotten = _memory_numbers()
    tanh_d, slope = 1 - star**2, ch.map_slope(ch.W_MEMORY, star)
    assert np.tanh(ch.W_MEMORY * star) == pytest.approx(star, abs=1e-12)
    assert tanh_d == pytest.approx(ch.tanh_prime(ch.W_MEMORY * star))      # tanh′ itself: 0.75
    assert round(tanh_d, 2) == 0.75 and round(slope, 2) == 0.82            # the map's slope w·tanh′: 0.82
    assert ch.map_slope(ch.W_MEMORY, 0.0) == pytest.approx(ch.W_MEMORY)     # > 1: zero is unstable
    assert (round(ends[1.0], 3), round(ends[2.0], 3)) == (0.52, 0.525)
    assert f"{late[47]:.2g}" == "3.7e-06" and late[47] > 0                 # "3.7e-6 apart at t = 48"
    assert np.flatnonzero(late == 0)[0] + 1 == 174                          # the same float64 number from 174
    for r in ROUNDINGS:
        with claims.rounding(r):
            assert all(c.holds for c in claims.check(ch.memory_claims(star, slope, tanh_d, ends, late[47], forgotten),
                                                     seed=0))
    with pytest.raises(claims.ClaimFailed, match="±0.503"):
        claims.check(ch.memory_claims(0.6, slope, tanh_d, ends, late[47], forgotten), seed=0)
    with pytest.raises(claims.ClaimFailed, match="not yet the same number"):
        claims.check(ch.memory_claims(star, slope, tanh_d, ends, 0.0, forgotten), seed=3)


@pytest.mark.parametrize("k", ROUNDINGS)
def test_one_tanh_unit_keeps_every_binary_past_apart_but_only_in_its_last_digits(k):
    with claims.rounding(k):
        params = ch.encoder_params()
    pasts = ch.binary_pasts(ch.ENCODER_TAU)
    h = np.zeros((len(pasts), 1))
    for t in range(ch.ENCODER_TAU):                 # the notebook's loop over rl.rnn.step
        h = step(params, np.eye(2)[pasts[:, t]], h)
    np.testing.assert_array_equal(h, ch.encode(params, pasts))
    gaps = np.diff(np.sort(h[:, 0]))
    quantised = {b: np.unique(ch.encode(params, pasts, bits=b)).size for b in ch.BITS}
    t_equal = ch.merge_step(params)[1]
    result = claims.check(ch.encoder_claims(np.unique(h).size, len(pasts), gaps.min(), quantised, t_equal), seed=0)
    assert all(c.holds for c in result) and np.unique(h).size == 65_536
    assert 1e-6 < gaps.min() < 1e-5 and 40 <= t_equal <= 50
    assert all(n <= 2**b for b, n in quantised.items())
    with pytest.raises(claims.ClaimFailed, match="distinct"):
        claims.check(ch.encoder_claims(65_535, 65_536, gaps.min(), quantised, t_equal), seed=0)


def _systems():
    A = np.array([[0.9, -0.5], [0.5, 0.9]])
    out = {f"tanh(w s), w = {w}": (w, lambda s, w=w: np.tanh(w * s), 0.5, -0.5) for w in (0.5, ch.W_MEMORY)}
    for rho in (0.8, 1.6):
        W = _rotation(rho, np.pi / 6)
        out[f"tanh(W s), ρ = {rho}"] = (rho, lambda s, W=W: np.tanh(W @ s), np.array([0.5, 0.0]),
                                        np.array([-0.5, 0.0]))
    out["A s (no tanh)"] = (ch.spectral_radius(A), lambda s: A @ s, np.array([0.5, 0.0]), np.array([-0.5, 0.0]))
    return out


def test_spectral_radius_table_and_its_claims():
    systems = _systems()
    assert all(c.holds for c in claims.check(ch.stability_claims(systems), seed=0))
    table = ch.stability_table(systems, ts=(1, 100))
    assert len(table.rows) == 5 and table.rows[4][1] == "1.030"
    A = np.array([[0.9, -0.5], [0.5, 0.9]])
    np.testing.assert_allclose(ch.difference(lambda s: A @ s, np.ones(2), np.zeros(2), (1, 3)),
                               [np.linalg.norm(A @ np.ones(2)), np.linalg.norm(A @ A @ A @ np.ones(2))])
    with pytest.raises(claims.ClaimFailed, match="blows up"):
        claims.check(ch.stability_claims({"linear (no tanh)": (1.2, lambda s: 0.5 * s, 1.0, -1.0)}), seed=0)
    assert ch.spectral_radius(-1.1) == pytest.approx(1.1)
    assert ch.largest_singular_value(ch.nonnormal()) == pytest.approx(4.0616, abs=1e-4)
    W, h = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.2])
    np.testing.assert_allclose(ch.jacobian(W, h), np.diag(1 - h**2) @ W)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", ROUNDINGS)
def test_both_qualifiers_transient_growth_and_the_echo_state_property(seed, k):
    W_nn = ch.nonnormal()
    grow = ch.difference(lambda s: np.tanh(W_nn @ s), [0.0, 5e-4], [0.0, -5e-4], range(1, 31)) / 1e-3
    assert grow.max() == pytest.approx(4.0, abs=0.05) and grow[-1] < 1e-6     # grows ~4×, then decays
    W = _rotation(ch.RHO_DRIVEN, np.pi / 6)
    with claims.rounding(k):
        W = claims.perturb({"W": W}, seed)["W"]                            # the rounding ensemble on W
    x = ch.driven_inputs(seed)
    ts = range(1, ch.DRIVEN_STEPS + 1)
    ends = {u: ch.driven_difference(W, x, [0.5, 0.0], [-0.5, 0.0], ts, u=u)[-1] for u in (0.0, ch.WEAK_U, ch.DRIVE_U)}
    rate = ch.contraction_rate(W, x, [0.5, 0.0], u=ch.DRIVE_U)
    result = claims.check(ch.qualifier_claims(ch.spectral_radius(W_nn), grow.max(), ch.spectral_radius(W), ends, rate),
                          seed=seed)
    assert all(c.holds for c in result)
    assert ch.contraction_rate(W, x, [0.5, 0.0], u=0.0) > 0.99                # without input: no contraction


def test_an_untested_seed_prints_what_no_longer_holds_and_runs_on(capsys):
    result = claims.check(ch.qualifier_claims(0.5, 4.0, 1.6, {0.0: 1.9, ch.WEAK_U: 0.3, ch.DRIVE_U: 0.5}, 0.4),
                          seed=7)
    assert not all(c.holds for c in result) and "forgets its initial state" in capsys.readouterr().out
    with pytest.raises(claims.ClaimFailed):
        claims.check(ch.qualifier_claims(0.5, 4.0, 1.6, {0.0: 1.9, ch.WEAK_U: 0.3, ch.DRIVE_U: 0.5}, 0.4), seed=2)


def test_unfolding_claims_and_the_stepper():
    assert all(c.holds for c in claims.check(ch.unfolding_claims(True, True), seed=0))
    with pytest.raises(claims.ClaimFailed, match="model.forward"):
        claims.check(ch.unfolding_claims(True, False), seed=0)
    theta, x = {"w": 0.8, "u": 1.0, "b": 0.0}, np.array([1.0, -1.0])      # two frames keep the test quick
    stepper = ch.unfolding_stepper(theta, x)
    assert list(stepper.steps) == [1, 2] and "s(2) = tanh(0.8·(+0.762) + 1·(-1) + 0)" in stepper.caption(2)
    fig = stepper.render(2)
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize") and a.get_text())]
    px = [t.get_fontsize() * ch.figures.STEPPER_DPI / 72 for t in texts if t.get_alpha() in (None, 1.0)]
    assert min(px) >= 11, min(px)      # a frame is 672 px wide, shown at that size on a 1280 px screen
    assert "same θ at every step" in " ".join(t.get_text() for t in texts)
    assert isinstance(ch.plot_scalar_memory(tau=5), Figure) and isinstance(ch.plot_level_sets(), Figure)
    assert isinstance(ch.plot_differences({"a": {"b": [1.0, 0.5, 0.0]}}), Figure)


# --------------------------------------------------------------------------- exercises

def test_exercise_checks_accept_their_solutions():
    assert ch.check_unfold(lambda f, s0, tau: unfold(f, s0, tau=tau))
    grow_A, grow_B = np.sqrt(0.9**2 + 0.5**2) ** 100, np.sqrt(2**2 + 0.25**2)
    assert ch.check_growth(grow_A, grow_B) and ch.check_growth(18.42, 2.016)
    assert ch.check_thousandfold(73) and ch.thousandfold_length() == 73
    assert ch.check_merge_length(9) and ch.merge_length() == 9
    th, x_a = ch.SUMMARY_THETA, np.array(ch.SUMMARY_X_A)
    s_a2 = ch.scalar_run(th["w"], x_a[:2], u=th["u"], b=th["b"])[-1]
    s_b2 = ch.scalar_run(th["w"], [-1.0, 0.0], u=th["u"], b=th["b"])[-1]
    x_b = np.array([-1.0, 0.0, x_a[2] + th["w"] * (s_a2 - s_b2) / th["u"]])
    assert ch.check_same_summary(x_b) and ch.check_same_summary(list(x_b))


def test_a_wrong_answer_never_passes():
    want_A, want_B = ch.growth_factors()
    for a in [1.03**100, 1.0296**100, 1.0296**10, want_A * 1.004, want_A * 0.996, 0.0, -want_A, 1.0, np.nan, np.inf]:
        assert not ch.check_growth(a, want_B), a
    for b in [0.25, 2.0616**2, 4.0, 2.0, 2.0625, want_B * 1.004, 1.0, np.nan]:  # ρ², σ_max², |first part|, ...
        assert not ch.check_growth(want_A, b), b
    assert "eigenvalues alone" in ch.check_growth(want_A, 0.25).message
    for bad in [(str(want_A), want_B), (True, want_B), ([want_A], want_B), (want_A, None)]:
        assert not ch.check_growth(*bad)
    assert [t for t in range(1, 300) if ch.check_thousandfold(t)] == [73]
    assert [t for t in range(1, 300) if ch.check_merge_length(t)] == [9]
    for bad in [73.0, "73", True, np.float64(73), [73], -73, 10**9]:
        assert not ch.check_thousandfold(bad), bad
    for bad in [9.0, "9", True, 8.99, 0]:
        assert not ch.check_merge_length(bad), bad
    assert "not attempted" in ch.check_thousandfold(TODO).message
    assert "too short" in ch.check_thousandfold(72).message and "past it" in ch.check_thousandfold(74).message
    assert "equal numbers" in ch.check_merge_length(10).message
    x_b = np.array([-1.0, 0.0, 1.3698])
    assert "close, but not the same" in ch.check_same_summary(x_b).message
    assert "x_b(1) = −1" in ch.check_same_summary(np.array(ch.SUMMARY_X_A)).message
    assert "shape" in ch.check_same_summary(x_b[:2]).message
    assert "final states differ" in ch.check_same_summary(np.array([-1.0, 0.0, 0.5])).message
    assert "finite" in ch.check_same_summary(np.array([-1.0, 0.0, np.nan])).message
    with_s0 = lambda f, s0, tau: np.concatenate([s0[None], unfold(f, s0, tau=tau)])  # noqa: E731
    assert "shape" in ch.check_unfold(with_s0).message
    assert not ch.check_unfold(lambda f, s0, tau: None)


def test_no_hint_contains_the_solution_code():
    messages = [ch.check_growth(1.0, 1.0).message, ch.check_growth(18.42, 1.0).message,
                ch.check_growth(18.42, 0.25).message, ch.check_thousandfold(5).message,
                ch.check_merge_length(3).message, ch.check_unfold(lambda f, s0, tau: None).message,
                ch.check_same_summary(np.array([-1.0, 0.0, 0.5])).message]
    for m in messages:
        assert "np." not in m and "matrix_power" not in m and "**" not in m and "sqrt" not in m, m


@pytest.mark.parametrize("call, wants", [
    (lambda: ch.check_unfold("unfold"), "a function"),
    (lambda: ch.check_growth("18.4", "2.0"), "a tuple"),
    (lambda: ch.check_thousandfold("73"), "a whole number"),
    (lambda: ch.check_merge_length(True), "a whole number"),
    (lambda: ch.check_same_summary("-1, 0, 0.5"), "a numpy array"),
    (lambda: ch.check_same_summary(False), "a numpy array"),
], ids=["unfold str", "growth strs", "thousandfold str", "merge bool", "same summary str", "same summary bool"])
def test_checks_refuse_answers_of_the_wrong_kind(call, wants):
    result = call()
    assert not result.passed, result.message
    assert wants in result.message or "should each be one number" in result.message, result.message


# --------------------------------------------------------------------------- bad input

_P = ch.encoder_params()
_X = np.zeros((ch.DRIVEN_STEPS, 2))


@pytest.mark.parametrize("call, exc, arg", [
    (lambda: ch.fixed_point(1.1, 10**9), ValueError, "iterations"),
    (lambda: ch.fixed_point(1.1, 2.5), TypeError, "iterations"),
    (lambda: ch.fixed_point(np.nan), ValueError, "w"),
    (lambda: ch.fixed_point(-1.0), ValueError, "w"),
    (lambda: ch.fixed_point("1.1"), TypeError, "w"),
    (lambda: ch.tanh_prime(np.nan), ValueError, "z"),
    (lambda: ch.map_slope(np.nan, 0.5), ValueError, "w"),
    (lambda: ch.map_slope(1.1, np.inf), ValueError, "s"),
    (lambda: ch.map_slope(True, 0.5), TypeError, "w"),
    (lambda: ch.scalar_run(np.nan, [1.0]), ValueError, "w"),
    (lambda: ch.scalar_run(0.5, []), ValueError, "x"),
    (lambda: ch.scalar_run(0.5, [[1.0]]), ValueError, "x"),
    (lambda: ch.scalar_run(0.5, np.zeros(10**6)), ValueError, "x"),
    (lambda: ch.scalar_run(0.5, [1.0], u="1"), TypeError, "u"),
    (lambda: ch.spectral_radius("abc"), TypeError, "M"),
    (lambda: ch.spectral_radius(np.full((2, 2), np.nan)), ValueError, "M"),
    (lambda: ch.spectral_radius(np.ones(3)), ValueError, "M"),
    (lambda: ch.spectral_radius(np.ones((2, 3))), ValueError, "M"),
    (lambda: ch.largest_singular_value(np.zeros((0, 0))), ValueError, "M"),
    (lambda: ch.jacobian(np.eye(2), np.ones(3)), ValueError, "h"),
    (lambda: ch.difference("f", 0.5, -0.5, [1]), TypeError, "f"),
    (lambda: ch.difference(np.tanh, 0.5, -0.5, []), ValueError, "ts"),
    (lambda: ch.difference(np.tanh, 0.5, -0.5, [0]), ValueError, "ts"),
    (lambda: ch.difference(np.tanh, 0.5, -0.5, [10**9]), ValueError, "ts"),
    (lambda: ch.difference(np.tanh, 0.5, -0.5, 5), TypeError, "ts"),
    (lambda: ch.difference(np.tanh, np.ones(2), 0.5, [1]), ValueError, "s_b"),
    (lambda: ch.difference(lambda s: 1e300 * s, 1.0, -1.0, [5]), ValueError, "f"),   # rnn.unfold: "f: returned"
    (lambda: ch.binary_pasts(30), ValueError, "tau"),
    (lambda: ch.binary_pasts(0), ValueError, "tau"),
    (lambda: ch.encoder_params(w=np.nan), ValueError, "w"),
    (lambda: ch.encode(_P, [[0, 2]]), ValueError, "pasts"),
    (lambda: ch.encode(_P, [[0.0, 1.0]]), ValueError, "pasts"),
    (lambda: ch.encode(_P, np.zeros(3, int)), ValueError, "pasts"),
    (lambda: ch.encode(_P, [[0, 1]], bits=0), ValueError, "bits"),
    (lambda: ch.encode(_P, [[0, 1]], bits=100), ValueError, "bits"),
    (lambda: ch.encode("params", [[0, 1]]), TypeError, "params"),
    (lambda: ch.encode({**_P, "W": np.ones((2, 2))}, [[0, 1]]), ValueError, "params['W']"),
    (lambda: ch.merge_step(_P, 10**9), ValueError, "max_steps"),
    (lambda: ch.merge_step({"U": np.ones((1, 2))}, 5), ValueError, "params"),
    (lambda: ch.encode({"U": np.ones((1, 10**6)), "W": np.ones((1, 1)), "b": np.zeros(1)}, [[0]] * 100),
     ValueError, "pasts"),
    (lambda: ch.driven_difference(np.eye(900), np.zeros((200, 900)), np.zeros(900), np.ones(900), [200]),
     ValueError, "ts"),
    (lambda: ch.contraction_rate(np.eye(900), np.zeros((200, 900)), np.zeros(900)), ValueError, "x"),
    (lambda: ch.spectral_radius(np.eye(2000)), ValueError, "M"),
    (lambda: ch.stability_claims({"a": (0.5, np.tanh)}), TypeError, "systems['a']"),
    (lambda: ch.stability_claims([]), TypeError, "systems"),
    (lambda: ch.unfolding_claims("yes", True), TypeError, "same_by_hand"),
    (lambda: ch.unfolding_claims(True, None), TypeError, "same_as_forward"),
    (lambda: ch.difference(np.tanh, [], [0.0, 1.0], (1, 3)), ValueError, "s_a"),
    (lambda: ch.encoder_claims({}, 2, 0.1, {8: 2}, 45), TypeError, "n_distinct"),
    (lambda: ch.encoder_claims(1, {}, 0.1, {8: 2}, 45), TypeError, "n_pasts"),
    (lambda: ch.encoder_claims(1, 2, {}, {8: 2}, 45), TypeError, "min_gap"),
    (lambda: ch.encoder_claims(1, 2, 0.1, {8: {}}, 45), TypeError, "quantised[8]"),
    (lambda: ch.encoder_claims(1, 2, 0.1, {8: 2}, {}), TypeError, "t_equal"),
    (lambda: ch.memory_claims(np.nan, 0.8, 0.75, {1.0: 0.5, 2.0: 0.5}, 1e-6, 1e-4), ValueError, "star"),
    (lambda: ch.nonnormal("a"), TypeError, "rho"),
    (lambda: ch.driven_inputs(-1), ValueError, "seed"),
    (lambda: ch.driven_inputs(1.5), TypeError, "seed"),
    (lambda: ch.driven_inputs(None), TypeError, "seed"),
    (lambda: ch.driven_difference(np.eye(2), np.zeros((5, 3)), [0, 0], [1, 1], [1]), ValueError, "x"),
    (lambda: ch.driven_difference(np.eye(2), _X, [0, 0], [1, 1, 1], [1]), ValueError, "s_b"),
    (lambda: ch.driven_difference(np.eye(2), _X, [0, 0], [1, 1], [101]), ValueError, "ts"),
    (lambda: ch.driven_difference(np.eye(2), _X, [0, 0], [1, 1], [1], u=np.nan), ValueError, "u"),
    (lambda: ch.driven_difference(np.eye(2), _X + np.inf, [0, 0], [1, 1], [1]), ValueError, "x"),
    (lambda: ch.contraction_rate(np.eye(3), _X, [0, 0]), ValueError, "x"),
    (lambda: ch.contraction_rate(np.eye(2), _X, [0, 0, 0]), ValueError, "s0"),
    (lambda: ch.unfolding_stepper({}, [1.0]), ValueError, "theta"),
    (lambda: ch.unfolding_stepper({"w": 1, "u": 1, "b": "0"}, [1.0]), TypeError, "theta['b']"),
    (lambda: ch.unfolding_stepper(ch.SUMMARY_THETA, np.zeros(9)), ValueError, "x"),
    (lambda: ch.unfolding_stepper(ch.SUMMARY_THETA, []), ValueError, "x"),
    (lambda: ch.unfolding_stepper([0.8, 1, 0], [1.0]), TypeError, "theta"),
    (lambda: ch.plot_level_sets({"w": 1.0}), ValueError, "theta"),
    (lambda: ch.plot_level_sets(n=10**6), ValueError, "n"),
    (lambda: ch.plot_scalar_memory(ws=[-1.0]), ValueError, "ws"),
    (lambda: ch.plot_scalar_memory(tau=10**6), ValueError, "tau"),
    (lambda: ch.plot_differences({}), ValueError, "panels"),
    (lambda: ch.plot_differences({"a": {"b": [1.0, -1.0]}}), ValueError, "panels['a']['b']"),
    (lambda: ch.plot_differences({"a": [1.0]}), TypeError, "panels['a']"),
    (lambda: ch.stability_table({}), ValueError, "systems"),
    (lambda: ch.stability_table({"a": (0.5, "f", 0.5, -0.5)}), TypeError, "systems['a']"),
    (lambda: ch.thousandfold_length(0), ValueError, "n_in"),
    (lambda: ch.merge_length(1), ValueError, "n_symbols"),
    (lambda: ch.check_same_summary(np.zeros(3), theta={}), ValueError, "theta"),
    (lambda: ch.check_same_summary(np.zeros(3), theta={"w": 0.8, "u": np.nan, "b": 0}), ValueError, "theta['u']"),
    (lambda: ch.check_same_summary(np.zeros(3), theta={"w": 0.8, "u": 0.0, "b": 0}), ValueError, "theta['u']"),
    (lambda: ch.check_same_summary(np.zeros(2), x_a=[-1.0, 0.0]), ValueError, "x_a"),
    (lambda: ch.memory_claims(0.5, 0.8, 0.75, {1.0: 0.5}, 1e-6, 1e-4), TypeError, "ends"),
    (lambda: ch.encoder_claims(1, 2, 0.1, [8], 45), TypeError, "quantised"),
    (lambda: ch.qualifier_claims(0.5, 4.0, 1.6, {0.0: 1.0}, 0.4), ValueError, "driven_ends"),
], ids=lambda v: None)
def test_bad_input_names_the_argument(call, exc, arg):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    assert (f"{arg}: got" in message or f"{arg}: returned" in message) and "wanted" in message, message


def test_size_limits_say_the_limit():
    with pytest.raises(ValueError, match="100000|100,000"):
        ch.fixed_point(1.1, 10**9)
    with pytest.raises(ValueError, match="20"):
        ch.binary_pasts(30)
    assert ch.fixed_point(1.1, 10**5) == pytest.approx(ch.FIXED_POINT, abs=5e-4)   # at the limit: fast (it stops)
    assert ch.fixed_point(0.9) == pytest.approx(0.0, abs=1e-6)
