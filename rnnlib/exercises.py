"""Self-checks for the chapters' exercises.

An exercise cell ends with a call of a chapter's check, such as
``ch.check_unfold(my_unfold)``, built on :func:`check` here.
The call never raises on a wrong answer: it returns a :class:`Result` that
shows a green tick or a hint that teaches, so a reader can try again (and the
book, which executes every cell, still builds with the exercise unsolved).
The book's solution cells call ``.require()`` on the result, which raises if
the solution is wrong, so every solution is checked at every build.

Writing a check so that a wrong answer cannot pass: give ``expect=`` (what the
answer must be: "number", "array", "function", ...), compare numbers with
:func:`close` (False for a str or a bool) or :func:`is_number`, and make every
predicate return a bool (anything else counts as a failure).
"""

import html
import numbers
from dataclasses import dataclass

import numpy as np

from . import _checks

__all__ = ["Result", "check", "close", "is_number", "is_kind", "TODO"]

TODO = None
"""What exercise cells start with in place of an answer: ``answer = TODO``."""

#: How the message of a check of ``TODO`` begins (shown neutral, not as a failure).
NOT_ATTEMPTED = "not attempted yet"

#: What ``check(..., expect=...)`` can ask the answer to be, and how a hint says it.
EXPECT = {
    "number": "a number such as 0.5 (not in quotes)",
    "integer": "a whole number such as 3 (an int, not in quotes)",
    "array": "a numpy array (or a list of numbers)",
    "function": "a function (def ...: or lambda)",
    "str": "a str such as '2009'",
    "bool": "True or False",
    "tuple": "a tuple of the parts, such as (a, b)",
}


def is_number(value):
    """True if ``value`` is one real number: an int, a float or a numpy scalar, not a bool or a str."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_kind(value, kind):
    if kind == "number":
        return is_number(value)
    if kind == "integer":
        return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if kind == "array":
        if isinstance(value, (str, bytes, bool, np.bool_, dict, set)) or callable(value):
            return False
        arr = _checks.maybe_array(value)  # None for a ragged list, which is not an array
        return arr is not None and arr.dtype.kind in "iuf"
    if kind == "function":
        return callable(value)
    if kind == "str":
        return isinstance(value, str)
    if kind == "tuple":
        return isinstance(value, (tuple, list))
    return isinstance(value, (bool, np.bool_))  # "bool"


def is_kind(value, kind):
    """True if ``value`` is of ``kind``, one of the keys of :data:`EXPECT` (what ``check(expect=...)`` tests).

    For an answer made of parts (``expect="tuple"``), a check tests each part with it.
    """
    return _is_kind(value, _checks.choice(kind, "kind", tuple(EXPECT)))


@dataclass
class Result:
    """The outcome of a check: shown as ✓ or ✗ with a message."""

    name: str
    passed: bool
    message: str

    def __post_init__(self):
        _checks.text(self.name, "name")
        self.passed = _checks.boolean(self.passed, "passed")
        _checks.text(self.message, "message")

    def __bool__(self):
        return self.passed

    @property
    def attempted(self):
        """False for the answer an exercise starts with (``TODO``): nothing to judge yet."""
        return self.passed or not self.message.startswith(NOT_ATTEMPTED)

    def _look(self):
        """(mark, border colour, state) of the three states: passed, failed, not attempted yet."""
        if self.passed:
            return "✓", "#1a7f37", "passed"
        if not self.attempted:      # neutral: the reader has not done anything wrong
            return "○", "#8c959f", "todo"
        return "✗", "#d97706", "failed"

    def __repr__(self):
        return f"{self._look()[0]} {self.name}: {self.message}"

    def _repr_html_(self):
        # Colour only the border: the text keeps the page's colour, so it is
        # readable in light and dark themes alike.
        mark, colour, state = self._look()
        return (f'<div class="rnnlib-check rnnlib-check-{state}" role="status" '
                f'style="border-left:4px solid {colour};padding:0.4em 0.8em;margin:0.4em 0"><strong>{mark} '
                f"{html.escape(self.name)}</strong>: {html.escape(self.message)}</div>")

    def require(self):
        """Raise ``AssertionError`` with the message unless the check passed; return self."""
        if not self.passed:
            raise AssertionError(repr(self))
        return self


def check(name, attempt, tests, success, *, expect=None):
    """Run ``tests`` against the reader's ``attempt`` and report the first failure.

    Parameters
    ----------
    name : str
        The exercise's title, shown with the result.
    attempt : object
        What the reader wrote (a value or a function). ``None`` (``TODO``) means
        "not attempted yet".
    tests : list of (callable attempt -> bool, str)
        Each predicate with the hint shown when it is not ``True`` (a predicate
        must return a bool: anything else, a str or an array, counts as a
        failure), or when it raises.
    success : str
        The message shown when every test passes: say what the result means.
    expect : str, optional
        What the answer must be: "number", "integer", "array", "function",
        "str", "bool" or "tuple" (an answer made of parts, each tested with
        :func:`is_kind`), or a tuple of these kinds. An answer of another kind fails
        with a hint that says so, before any test runs. Without ``expect``, a
        str or a bool answer still fails unless ``expect`` names it: "0.7" and
        True pass numeric tests such as ``float(a) == 0.7`` or ``a == 1``.

    Returns
    -------
    Result
    """
    _checks.text(name, "name")
    _checks.text(success, "success")
    if not (expect is None or isinstance(expect, (str, tuple, list))):
        raise _checks.ArgumentTypeError(f"expect: got {_checks._got(expect)}, wanted None, a kind such as "
                                        "'number', or a tuple of kinds")
    kinds = (expect,) if isinstance(expect, str) or expect is None else tuple(expect)
    for kind in kinds:
        if kind is not None:
            _checks.choice(kind, "expect", tuple(EXPECT))
    _checks.instance(tests, "tests", (list, tuple), "a list of (predicate, hint) pairs")
    if not tests:
        raise ValueError("tests: got an empty list, wanted at least one (predicate, hint) pair "
                         "(a check without tests would pass any answer)")
    for i, pair in enumerate(tests):
        if not (isinstance(pair, tuple) and len(pair) == 2 and callable(pair[0]) and isinstance(pair[1], str)):
            raise _checks.ArgumentTypeError(f"tests[{i}]: got {_checks._got(pair)}, wanted a (predicate, hint) pair")
    if attempt is None:
        return Result(name, False, NOT_ATTEMPTED + ": replace TODO with your answer and run the cell again.")
    wanted = [k for k in kinds if k is not None]
    if wanted:
        if not any(_is_kind(attempt, k) for k in wanted):
            return Result(name, False, f"your answer is {_checks._got(attempt)}; this exercise wants "
                                       + " or ".join(EXPECT[k] for k in wanted) + ".")
    elif isinstance(attempt, (str, bool, np.bool_)):
        kind = "a str" if isinstance(attempt, str) else "True or False"
        return Result(name, False, f"your answer is {kind} ({attempt!r}); this exercise does not want {kind}: "
                                   "if it is a number, write it without quotes.")
    for predicate, hint in tests:
        try:
            ok = predicate(attempt)
        except Exception as err:  # the reader's code failed: report it as a hint, not a crash
            first = str(err).splitlines()[0] if str(err) else ""
            return Result(name, False, f"{hint} (your code raised {type(err).__name__}: {first})")
        if not (isinstance(ok, (bool, np.bool_)) and ok):
            return Result(name, False, hint)
    return Result(name, True, success)


def close(a, b, tol=1e-8):
    """True if ``a`` (the reader's answer) is numeric, has ``b``'s shape and agrees with it to ``tol``.

    A str, a bool, None, a ragged list or NaN in ``a`` gives False (never an
    error): ``close("0.5", 0.5)`` is False. ``b``, the reference, must be
    numeric and finite (``ValueError`` otherwise), ``tol`` > 0.
    """
    b = _checks.real_array(b, "b", "the reference answer, finite numbers")
    tol = _checks.number(tol, "tol", 0, low_open=True)
    if isinstance(a, (str, bytes, bool, np.bool_)) or a is None or callable(a):
        return False
    arr = _checks.maybe_array(a)  # None for a ragged list, which is not close to anything
    if arr is None or arr.dtype.kind not in "iuf" or arr.shape != b.shape:
        return False
    arr = arr.astype(np.float64)
    return bool(np.all(np.isfinite(arr)) and np.allclose(arr, b, rtol=tol, atol=tol))
