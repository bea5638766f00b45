"""The exercise checks: they teach on a wrong answer and never crash the reader's cell."""

import pytest

import rnnlib as rl
from rnnlib.exercises import TODO, check


def square_check(fn):
    return check("square", fn, [(lambda f: f(3) == 9, "square(3) should be 9"),
                                (lambda f: f(-2) == 4, "remember negative numbers")], "well done")


def test_not_attempted_is_reported_not_raised():
    result = square_check(TODO)
    assert not result and "not attempted" in result.message


def test_first_failing_hint_is_shown():
    assert square_check(lambda v: 2 * v).message == "square(3) should be 9"
    assert square_check(lambda v: v * abs(v)).message == "remember negative numbers"


def test_errors_in_reader_code_become_hints():
    result = square_check(lambda v: v / 0)
    assert not result and "ZeroDivisionError" in result.message


def test_success_and_require():
    result = square_check(lambda v: v * v)
    assert result and result.require() is result
    assert "✓" in result._repr_html_()
    with pytest.raises(AssertionError, match="square"):
        square_check(lambda v: v).require()


def test_close():
    assert rl.exercises.close([1.0, 2.0], [1.0, 2.0 + 1e-12])
    assert not rl.exercises.close([1.0, 2.0], [1.0])
