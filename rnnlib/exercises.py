"""Self-checks for the chapters' exercises.

An exercise cell ends with a call such as ``rl.exercises.check_unfold(unfold)``.
The call never raises on a wrong answer: it returns a :class:`Result` that
shows a green tick or a hint that teaches, so a reader can try again (and the
book, which executes every cell, still builds with the exercise unsolved).
The book's solution cells call ``.require()`` on the result, which raises if
the solution is wrong, so every solution is checked at every build.
"""

import html
from dataclasses import dataclass

import numpy as np

__all__ = ["Result", "check", "close", "TODO"]

TODO = None
"""What exercise cells start with in place of an answer: ``answer = TODO``."""


@dataclass
class Result:
    """The outcome of a check: shown as ✓ or ✗ with a message."""

    name: str
    passed: bool
    message: str

    def __bool__(self):
        return self.passed

    def __repr__(self):
        mark = "✓" if self.passed else "✗"
        return f"{mark} {self.name}: {self.message}"

    def _repr_html_(self):
        colour, mark = ("#1a7f37", "✓") if self.passed else ("#b35900", "✗")
        return (f'<div class="rnnlib-check" role="status" style="border-left:4px solid {colour};'
                f'padding:0.4em 0.8em;margin:0.4em 0"><strong style="color:{colour}">{mark} '
                f"{html.escape(self.name)}</strong>: {html.escape(self.message)}</div>")

    def require(self):
        """Raise ``AssertionError`` with the message unless the check passed; return self."""
        if not self.passed:
            raise AssertionError(repr(self))
        return self


def check(name, attempt, tests, success):
    """Run ``tests`` against the reader's ``attempt`` and report the first failure.

    Parameters
    ----------
    name : str
        The exercise's title, shown with the result.
    attempt : object
        What the reader wrote (a value or a function). ``None`` (``TODO``) means
        "not attempted yet".
    tests : list of (callable attempt -> bool, str)
        Each predicate with the hint shown when it is false (or raises).
    success : str
        The message shown when every test passes: say what the result means.
    """
    if attempt is None:
        return Result(name, False, "not attempted yet: replace TODO with your answer and run the cell again.")
    for predicate, hint in tests:
        try:
            ok = bool(predicate(attempt))
        except Exception as err:  # the reader's code failed: report it as a hint, not a crash
            first = str(err).splitlines()[0] if str(err) else ""
            return Result(name, False, f"{hint} (your code raised {type(err).__name__}: {first})")
        if not ok:
            return Result(name, False, hint)
    return Result(name, True, success)


def close(a, b, tol=1e-8):
    """True if arrays ``a`` and ``b`` have the same shape and agree to ``tol``."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tol, atol=tol))



# --------------------------------------------------------------------------
# Chapter 2: unfolding computational graphs
# --------------------------------------------------------------------------

def _unfold_cases():
    from .rnn import unfold

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
