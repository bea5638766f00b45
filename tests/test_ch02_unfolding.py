"""rnnlib.chapters.ch02_unfolding: the chapter-2 exercise checks."""

import numpy as np

from rnnlib.chapters import ch02_unfolding as ch
from rnnlib.rnn import unfold


def test_chapter2_checks_accept_solutions_and_reject_mistakes():
    assert ch.check_unfold(lambda f, s0, tau: unfold(f, s0, tau=tau))
    with_s0 = lambda f, s0, tau: np.concatenate([s0[None], unfold(f, s0, tau=tau)])  # noqa: E731
    assert "shape" in ch.check_unfold(with_s0).message
    A, s0 = np.array([[0.9, 0.2], [-0.1, 0.8]]), np.array([1.0, 2.0])
    assert ch.check_linear_power(np.linalg.matrix_power(A, 10) @ s0, A, s0)
    assert not ch.check_linear_power(A @ s0, A, s0)
    count_f = lambda n_in, n_h: n_h * (n_h + n_in + 1)  # noqa: E731
    count_sep = lambda n_in, n_h, tau: n_h * n_in * tau * (tau + 1) // 2 + n_h * tau  # noqa: E731
    assert ch.check_param_counts(count_f, count_sep)
    assert not ch.check_param_counts(lambda n_in, n_h: n_h * (n_h + n_in), count_sep)
