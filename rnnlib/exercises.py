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
        # Colour only the border: the text keeps the page's colour, so it is
        # readable in light and dark themes alike.
        colour, mark = ("#1a7f37", "✓") if self.passed else ("#d97706", "✗")
        return (f'<div class="rnnlib-check" role="status" style="border-left:4px solid {colour};'
                f'padding:0.4em 0.8em;margin:0.4em 0"><strong>{mark} '
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
