"""Chapter 2, "Unfolding computational graphs": the chapter's exercise checks.

The chapter itself needs only the library (``rnnlib.rnn.unfold``,
``rnnlib.graph``, ``rnnlib.widgets``); what is particular to it lives here.
"""

import numpy as np

from ..exercises import check, close
from ..rnn import unfold

__all__ = ["check_unfold", "check_linear_power", "check_param_counts"]

def _unfold_cases():
    A = np.array([[0.9, -0.4], [0.4, 0.9]])
    cases = [
        (lambda s: np.tanh(A @ s), np.array([1.0, 0.0]), 5),
        (lambda s: 0.5 * s + 1.0, np.array(3.0), 1),
        (lambda s: np.cos(s), np.array([0.1, 0.2, 0.3]), 7),
    ]
    return [(f, s0, tau, unfold(f, s0, tau=tau)) for f, s0, tau in cases]


def check_unfold(my_unfold):
    """Exercise: ``my_unfold(f, s0, tau)`` returns s(1) .. s(τ) as an array (τ, *s0.shape)."""
    cases = _unfold_cases()
    return check("Unfold a recurrence", my_unfold, [
        (lambda fn: fn(*cases[0][:3]) is not None,
         "my_unfold returned None: collect the states in a list and return np.stack(states)"),
        (lambda fn: np.shape(fn(*cases[0][:3])) == cases[0][3].shape,
         "the result should have shape (τ, *s0.shape): one row per step t = 1..τ, "
         "not including s(0)"),
        (lambda fn: close(fn(*cases[0][:3]), cases[0][3]),
         "the shape is right but the values are not: s(1) = f(s(0)), s(2) = f(s(1)), ... — "
         "feed each new state back into f"),
        (lambda fn: all(close(fn(f, s0, tau), want) for f, s0, tau, want in cases[1:]),
         "works for the first example but not for τ = 1 or a state of another shape"),
    ], "s(t) = f(s(t-1)) applied τ times: the same f, the same θ, at every step.")


def check_linear_power(s10, A, s0):
    """Exercise: for the linear system s(t) = A s(t-1), compute s(10) without a loop."""
    want = np.linalg.matrix_power(np.asarray(A), 10) @ np.asarray(s0)
    return check("Unfold a linear system in closed form", s10, [
        (lambda v: np.shape(v) == want.shape, f"s(10) should have the state's shape {want.shape}"),
        (lambda v: not close(v, np.asarray(A) @ np.asarray(s0)), "that is s(1) = A s(0); unfold nine more times"),
        (lambda v: close(v, want, tol=1e-6),
         "unfolding s(t) = A s(t-1) ten times gives A·A·…·A s(0) = A¹⁰ s(0); "
         "try np.linalg.matrix_power(A, 10) @ s0"),
    ], "s(10) = A¹⁰ s(0): an unfolded linear recurrence is a matrix power, so its behaviour "
       "over long spans is governed by the eigenvalues of A (Goodfellow et al., section 10.7).")


def check_param_counts(count_f, count_separate):
    """Exercise: parameters of the shared transition f versus a separate g(t) per step."""
    sizes = [(1, 1, 1), (3, 5, 4), (10, 20, 7), (4, 2, 30)]

    def f_ok(fn):
        return all(fn(n_in, n_h) == n_h * n_h + n_h * n_in + n_h for n_in, n_h, _ in sizes)

    def sep_ok(fn):
        return all(fn(n_in, n_h, tau) == sum(n_h * t * n_in + n_h for t in range(1, tau + 1))
                   for n_in, n_h, tau in sizes)

    both = (count_f, count_separate)
    return check("Count parameters", None if None in both else both, [
        (lambda p: f_ok(p[0]),
         "count_f: h(t) = tanh(W h(t-1) + U x(t) + b) has W (n_hidden × n_hidden), "
         "U (n_hidden × n_in) and b (n_hidden)"),
        (lambda p: sep_ok(p[1]),
         "count_separate: step t reads t inputs of size n_in, so its weights are "
         "n_hidden × (t·n_in), plus a bias of n_hidden; add up over t = 1..τ"),
    ], "the shared f has the same count for every τ, while separate functions grow as τ²: "
       "sharing is what lets one model read sequences of any length.")
