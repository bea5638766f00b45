"""The one bad-input harness: a row is a call, the argument, a bad value, the exception and a message fragment.

    Bad(call, arg, value, exc, match="")

``call(value)`` makes the call with the bad value in place of the argument, so
a table needs no default-argument lambdas. The row passes if the call raises
``exc`` with a message that

* starts with the argument, ``arg: ...`` (``arg`` may be an entry such as ``params['b']``),
* says what it got (or what a callable returned) and what was wanted: ``... got ..., wanted ...``,
* contains ``match`` (e.g. the limit, or a hint),

and a wrong type (``exc`` a TypeError) is an ``rnnlib._checks.ArgumentTypeError``.
A ``TrainingDiverged`` row (not an argument error) checks only that its
message contains ``match``. ``tests/test_bad_input.py``, ``test_graph.py`` and
``test_widgets.py`` use it.
"""

import re
from typing import Any, Callable, NamedTuple

import pytest

from rnnlib import _checks
from rnnlib.optim import TrainingDiverged

VE, TE, TD = ValueError, TypeError, TrainingDiverged


class Bad(NamedTuple):
    call: Callable
    arg: str
    value: Any
    exc: type
    match: str = ""


def label(row):
    """A test id: the call's argument and value, short."""
    got = re.sub(r" at 0x[0-9a-fA-F]+", "", _checks._got(row.value))   # the same id in every process
    return f"{row.arg}={got[:40]}" + (f" [{row.match[:30]}]" if row.match else "")


def ids(rows, prefix=None):
    """Unique test ids for ``rows``: ``prefix(row)`` or the argument and value, numbered where they repeat."""
    seen, out = {}, []
    for row in rows:
        text = prefix(row) if prefix else label(row)
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} #{seen[text]}")
    return out


def refused(row):
    """Run a row: the call must raise ``row.exc`` with a message of the one form."""
    with pytest.raises(row.exc) as info:
        row.call(row.value)
    message = str(info.value)
    assert row.match in message, message
    if row.exc is TD:
        return message
    assert message.startswith(f"{row.arg}: ") or message.startswith(f"{row.arg}["), message
    assert re.search(r"\b(got|returned)\b.*, wanted ", message, re.S), message
    if issubclass(row.exc, TypeError):
        assert isinstance(info.value, _checks.ArgumentTypeError), repr(info.value)
    return message
