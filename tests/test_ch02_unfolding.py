"""rnnlib.chapters.ch02_unfolding: the lossy-summary numbers, the spectral-radius thread, the exercise checks."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from rnnlib.chapters import ch02_unfolding as ch
from rnnlib.exercises import TODO
from rnnlib.rnn import unfold


def test_fixed_points_of_the_scalar_map_give_a_one_bit_memory():
    star = ch.fixed_point(ch.W_MEMORY)
    assert star == pytest.approx(ch.FIXED_POINT, abs=5e-4)
    assert np.tanh(ch.W_MEMORY * star) == pytest.approx(star, abs=1e-12)
    slope = ch.tanh_slope(ch.W_MEMORY, star)
    assert slope == pytest.approx(ch.FIXED_POINT_SLOPE, abs=5e-3) and slope < 1   # attracting
    assert ch.tanh_slope(ch.W_MEMORY, 0.0) == pytest.approx(ch.W_MEMORY)        # > 1: zero is unstable
    assert ch.fixed_point(0.9) == pytest.approx(0.0, abs=1e-6)
    ends = {x1: ch.scalar_run(ch.W_MEMORY, [x1] + [0.0] * 11)[-1] for x1 in (1.0, 2.0)}
    forgotten = abs(ch.scalar_run(0.5, [1.0] + [0.0] * 11) - ch.scalar_run(0.5, [-1.0] + [0.0] * 11))[-1]
    ch.claims_lossy_summary(star, slope, ends, forgotten)                 # what the notebook's guard runs
    long = [ch.scalar_run(ch.W_MEMORY, [x1] + [0.0] * 199)[-1] for x1 in (2.0, 0.1, -0.1, -2.0)]
    np.testing.assert_allclose(long, [star, star, -star, -star], atol=1e-9)   # sign kept, size lost
    with pytest.raises(ch.ClaimFailed, match="not ±0.503"):
        ch.claims_lossy_summary(0.6, slope, ends, forgotten)


def test_spectral_radius_thread():
    assert ch.spectral_radius(-1.1) == pytest.approx(1.1)
    rho_rot = 1.6 * np.array([[np.cos(0.5), -np.sin(0.5)], [np.sin(0.5), np.cos(0.5)]])
    assert ch.spectral_radius(rho_rot) == pytest.approx(1.6)
    A = np.array([[0.9, -0.5], [0.5, 0.9]])
    systems = {
        "scalar, w = 0.5": (0.5, lambda s: np.tanh(0.5 * s), 0.5, -0.5),
        "scalar, w = 1.1": (1.1, lambda s: np.tanh(1.1 * s), 0.5, -0.5),
        "rotation, ρ = 1.6": (1.6, lambda s: np.tanh(rho_rot @ s), np.array([0.5, 0.0]), np.array([-0.5, 0.0])),
        "linear (no tanh)": (ch.spectral_radius(A), lambda s: A @ s, np.array([0.5, 0.0]), np.array([-0.5, 0.0])),
    }
    ch.claims_stability(systems)
    table = ch.stability_table(systems, ts=(1, 100))
    assert len(table.rows) == 4 and table.rows[3][1] == "1.030"
    np.testing.assert_allclose(ch.difference(lambda s: A @ s, np.ones(2), np.zeros(2), (1, 3)),
                               [np.abs(A @ np.ones(2)).max(), np.abs(A @ A @ A @ np.ones(2)).max()])
    with pytest.raises(ch.ClaimFailed, match="blows up"):
        ch.claims_stability({"linear (no tanh)": (1.2, lambda s: 0.5 * s, 1.0, -1.0)})
    with pytest.raises(ValueError, match="square"):
        ch.spectral_radius(np.ones((2, 3)))
    assert isinstance(ch.plot_scalar_memory(tau=5), Figure)


def test_chapter2_checks_accept_solutions_and_reject_mistakes():
    assert ch.check_unfold(lambda f, s0, tau: unfold(f, s0, tau=tau))
    with_s0 = lambda f, s0, tau: np.concatenate([s0[None], unfold(f, s0, tau=tau)])  # noqa: E731
    assert "shape" in ch.check_unfold(with_s0).message
    A, s0 = np.array([[0.9, 0.2], [-0.1, 0.8]]), np.array([1.0, 2.0])
    assert ch.check_linear_power(np.linalg.matrix_power(A, 10) @ s0, A, s0)
    assert not ch.check_linear_power(A @ s0, A, s0)
    A = np.array([[0.9, -0.5], [0.5, 0.9]])
    assert "1.030: above 1" in ch.check_linear_power(np.linalg.matrix_power(A, 10) @ s0, A, s0).message
    count_f = lambda n_in, n_h: n_h * (n_h + n_in + 1)  # noqa: E731
    count_sep = lambda n_in, n_h, tau: n_h * n_in * tau * (tau + 1) // 2 + n_h * tau  # noqa: E731
    assert ch.check_param_counts(count_f, count_sep)
    assert not ch.check_param_counts(lambda n_in, n_h: n_h * (n_h + n_in), count_sep)


def _same_summary_solution():
    th = ch.SUMMARY_THETA
    w, u, b = th["w"], th["u"], th["b"]
    x_a = np.array(ch.SUMMARY_X_A)
    s_a2 = ch.scalar_run(w, x_a[:2], u=u, b=b)[-1]
    s_b2 = ch.scalar_run(w, [-1.0, 0.0], u=u, b=b)[-1]
    return np.array([-1.0, 0.0, x_a[2] + w * (s_a2 - s_b2) / u])


def test_check_same_summary_accepts_two_pasts_with_one_state_and_catches_likely_mistakes():
    x_b = _same_summary_solution()
    result = ch.check_same_summary(x_b)
    assert result.require() and "t·n_in > n_hidden" in result.message
    assert ch.check_same_summary(list(x_b))                                     # a list works too
    assert "not attempted" in ch.check_same_summary(TODO).message
    assert "x_b(1) = −1" in ch.check_same_summary(np.array(ch.SUMMARY_X_A)).message   # x_a itself
    assert "shape" in ch.check_same_summary(x_b[:2]).message
    assert "final states differ" in ch.check_same_summary(np.array([-1.0, 0.0, 0.5])).message
    assert "close, but not the same" in ch.check_same_summary(x_b + [0, 0, 1e-5]).message
    assert "finite" in ch.check_same_summary(np.array([-1.0, 0.0, np.nan])).message


A2, S02 = np.array([[0.9, 0.2], [-0.1, 0.8]]), np.array([1.0, 2.0])


# Bad input, table-driven: (id, call, exception type, argument name the message must contain).
@pytest.mark.parametrize("call, exc, arg", [
    (lambda: ch.check_linear_power(S02, "A", S02), TypeError, "A"),
    (lambda: ch.check_linear_power(S02, np.ones((2, 3)), S02), ValueError, "A"),
    (lambda: ch.check_linear_power(S02, np.ones(2), S02), ValueError, "A"),
    (lambda: ch.check_linear_power(S02, np.zeros((0, 0)), S02), ValueError, "A"),
    (lambda: ch.check_linear_power(S02, np.full((2, 2), np.nan), S02), ValueError, "A"),
    (lambda: ch.check_linear_power(S02, np.full((2, 2), 1e200), S02), ValueError, "A"),
    (lambda: ch.check_linear_power(S02, A2, "s0"), TypeError, "s0"),
    (lambda: ch.check_linear_power(S02, A2, np.ones(3)), ValueError, "s0"),
    (lambda: ch.check_linear_power(S02, A2, np.ones((2, 1))), ValueError, "s0"),
    (lambda: ch.check_linear_power(S02, A2, [np.inf, 0.0]), ValueError, "s0"),
    (lambda: ch.check_linear_power(S02, A2, None), ValueError, "s0"),
    (lambda: ch.spectral_radius("abc"), TypeError, "M"),
    (lambda: ch.spectral_radius(np.full((2, 2), np.nan)), ValueError, "M"),
    (lambda: ch.spectral_radius(np.ones(3)), ValueError, "M"),
], ids=["A str", "A not square", "A 1-d", "A empty", "A NaN", "A overflows", "s0 str", "s0 too long", "s0 2-d",
        "s0 inf", "s0 None", "M str", "M NaN", "M 1-d"])
def test_bad_input_names_the_argument(call, exc, arg):
    with pytest.raises(exc) as info:
        call()
    assert f"{arg}: got" in str(info.value) and "wanted" in str(info.value), str(info.value)


def test_check_linear_power_accepts_lists_and_int_matrices():
    assert ch.check_linear_power(np.linalg.matrix_power(A2, 10) @ S02, A2.tolist(), list(S02))
    assert ch.check_linear_power(np.array([0.0, 1024.0]), np.array([[1, 0], [0, 2]]), np.array([0, 1]))


# A str or a bool answer never passes a check (each check states what its answer must be with expect=).
@pytest.mark.parametrize("call, wants", [
    (lambda: ch.check_unfold("unfold"), "a function"),
    (lambda: ch.check_linear_power("1.0, 2.0", A2, S02), "a numpy array"),
    (lambda: ch.check_linear_power(True, A2, S02), "a numpy array"),
    (lambda: ch.check_param_counts("n_h * n_h", "0"), "should be functions"),
    (lambda: ch.check_same_summary("-1, 0, 0.5"), "a numpy array"),
    (lambda: ch.check_same_summary(False), "a numpy array"),
], ids=["unfold str", "linear power str", "linear power bool", "param counts strs", "same summary str",
        "same summary bool"])
def test_checks_refuse_answers_of_the_wrong_kind(call, wants):
    result = call()
    assert not result.passed and wants in result.message, result.message
