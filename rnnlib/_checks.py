"""Input validation: the one set of checks every public function of rnnlib uses.

Every check raises ``ValueError`` whose message names the argument the caller
wrote, what it got and what it wanted, e.g.
``x: got shape (5, 3, 7), wanted (τ, batch, 4) or (τ, 4)``.
A value of the wrong type (a str where a number is wanted, a float or a bool
where an int is wanted, a list where a model is wanted) raises
:class:`ArgumentTypeError`, which is a ``TypeError`` (and, so that code
catching the earlier ``ValueError`` keeps working, also a ``ValueError``).
Checks return the value converted (``int``, ``float``, float64 array), so a
caller uses what the check returns.

The one rule for magnitudes: every parameter and every real-valued input
(inputs x, states h0, a weight or a number that stands for one) must be
finite and at most :data:`MAX_MAGNITUDE` = 1e6 in size. The book's trained
and hand-set networks stay below 100; a weight of 1e6 already saturates
every tanh, and a value such as 1e200 overflows the first product. So a
huge value is refused where it comes in, naming it
(``params['U']: got an entry of 1e+200, wanted |entries| <= 1e6 ...``),
instead of saturating or overflowing silently further on. The check is one
pass per array per call (``max`` and ``min``), never once per time step.
Parameters over the limit raise :class:`Overflow` (a ``ValueError``), which
``rnnlib.optim.train`` reports as ``TrainingDiverged`` naming the step.
"""

import numbers

import numpy as np


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type: a ``TypeError`` that is also a ``ValueError``."""


class Overflow(ValueError):
    """A computation overflowed, or parameters are over :data:`MAX_MAGNITUDE` (the model's way of
    saying "training diverged"; ``rnnlib.optim.train`` turns it into ``TrainingDiverged``)."""


#: The largest size a parameter or a real-valued input may have (the rule above).
MAX_MAGNITUDE = 1e6
_WHY = "the book's weights, states and inputs stay below 20; larger values saturate every tanh or overflow"


def within(a, limit=MAX_MAGNITUDE):
    """True if every value of the non-empty numeric array ``a`` is finite and |value| <= ``limit`` (NaN fails)."""
    return bool(a.max() <= limit and a.min() >= -limit)


def magnitude(a, name, limit=MAX_MAGNITUDE, exc=ValueError, scalar=False):
    """Raise ``exc`` naming ``name`` if a value of the finite numeric array ``a`` exceeds ``limit`` in size.

    The message gives the largest entry: ``x: got an entry of 1e+200, wanted |entries| <= 1e6 (...)``,
    or for a ``scalar``: ``w: got 1e+200, wanted |w| <= 1e6 (...)``.
    """
    if a.size and not within(a, limit):
        big = a.flat[int(np.argmax(np.abs(a)))]
        limit_text = f"{limit:.0e}".replace("e+0", "e")
        got, wanted = (f"{big:.3g}", f"|{name}|") if scalar else (f"an entry of {big:.3g}", "|entries|")
        raise exc(f"{name}: got {got}, wanted {wanted} <= {limit_text} ({_WHY})")
    return a


def _describe(a):
    return f"shape {tuple(a.shape)}" if hasattr(a, "shape") else type(a).__name__


def _got(value):
    """How a message shows a value: repr for scalars and strings, type and short repr otherwise."""
    if value is None or isinstance(value, (bool, np.bool_, numbers.Number, str)):
        text = repr(value.item() if isinstance(value, np.generic) else value)
    else:
        text = f"{type(value).__name__} {value!r}"
    return text if len(text) <= 80 else text[:77] + "..."


def sequence(x, name, n_features, what="n_in"):
    """Validate a time-first sequence batch and return it as float64.

    Parameters
    ----------
    x : array-like, (τ, batch, n_features) or (τ, n_features)
    name : str
        Argument name used in error messages.
    n_features : int
        The size the last axis must have.

    Returns
    -------
    x3 : ndarray, (τ, batch, n_features), float64
    single : bool
        True if ``x`` was one sequence of shape (τ, n_features).
    """
    wanted = f"(τ, batch, {n_features}) or (τ, {n_features}) with {what}={n_features}"
    arr = as_array(x, name, wanted)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name}: got dtype {arr.dtype}, wanted a numeric array of shape {wanted}")
    if arr.ndim not in (2, 3):
        raise ValueError(f"{name}: got {arr.ndim}-d {_describe(arr)}, wanted {wanted}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name}: got {_describe(arr)} with τ = 0 time steps, wanted τ ≥ 1")
    if arr.shape[-1] != n_features:
        raise ValueError(f"{name}: got {_describe(arr)}, wanted {wanted}")
    if arr.ndim == 3 and arr.shape[1] == 0:
        raise ValueError(f"{name}: got {_describe(arr)} with batch = 0, wanted batch ≥ 1")
    arr = arr.astype(np.float64, copy=False)
    if not within(arr):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name}: got {int(np.sum(~np.isfinite(arr)))} NaN or infinite values, "
                             "wanted finite numbers")
        magnitude(arr, name)
    single = arr.ndim == 2
    return (arr[:, None, :] if single else arr), single


def labels(y, name, shape, n_classes, shape_text):
    """Validate integer class labels: exact ``shape``, values in [0, n_classes).

    Returns ``y`` as an int64 array of ``shape``.
    """
    return int_labels(y, name, n_classes, shape, shape_text)


def state(h0, name, batch, size, single, what):
    """Validate an initial state; None gives zeros. Returns (batch, size) float64."""
    if h0 is None:
        return np.zeros((batch, size))
    want = (size,) if single else (batch, size)
    wanted = f"{want} ({what})"
    arr = as_array(h0, name, f"a float array of shape {wanted}")
    if not (np.issubdtype(arr.dtype, np.number) and arr.dtype != bool):
        raise ValueError(f"{name}: got dtype {arr.dtype}, wanted a float array of shape {wanted}")
    if arr.shape != want:
        raise ValueError(f"{name}: got {_describe(arr)}, wanted {wanted}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: got NaN or infinite values, wanted finite numbers")
    magnitude(arr, name)
    return arr.reshape(batch, size)


def positive_int(value, name, high=None, why=""):
    """Return ``value`` as int if it is an integer >= 1 (and <= ``high``), else raise.

    ``why`` is appended to the message when ``value`` exceeds ``high``, e.g.
    " (a drawing of more steps does not fit on a page)".
    """
    return integer(value, name, 1, high, why)


def choice(value, name, choices):
    """Return ``value`` if it is one of ``choices``, else raise.

    The message reads "wanted 'a' or 'b'" for two choices and
    "wanted one of 'a', 'b', 'c'" for more.
    """
    names = [repr(c) for c in choices]
    wanted = " or ".join(names) if len(names) == 2 else "one of " + ", ".join(names)
    if not any(type(value) is type(c) for c in choices):
        raise ArgumentTypeError(f"{name}: got {_got(value)}, wanted {wanted}")
    if value not in choices:
        raise ValueError(f"{name}: got {value!r}, wanted {wanted}")
    return value


# --------------------------------------------------------------------------- scalars

def _interval(low, high, low_open=False, high_open=False):
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"{'<' if high_open else '<='} {high:g}"
    return ""


def integer(value, name, low=None, high=None, why="", *, allow_none=False):
    """Return ``value`` as int if it is an integer (not a bool) in [low, high], else raise.

    ``np.int64`` and other numpy integers are accepted; floats (even 4.0), bools
    and strings raise :class:`ArgumentTypeError`. With ``allow_none`` None is
    returned as is (and the message says "wanted None or an integer ...").
    """
    if value is None and allow_none:
        return None
    if low is not None and high is not None:
        wanted = f"an integer in {low}..{high}"
    elif low is not None:
        wanted = f"an integer >= {low}"
    elif high is not None:
        wanted = f"an integer <= {high}"
    else:
        wanted = "an integer"
    if allow_none:
        wanted = "None or " + wanted
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ArgumentTypeError(f"{name}: got {_got(value)}, wanted {wanted}")
    value = int(value)
    if low is not None and value < low:
        raise ValueError(f"{name}: got {value}, wanted {wanted}")
    if high is not None and value > high:
        raise ValueError(f"{name}: got {value:,}, wanted {wanted}{why}")
    return value


def number(value, name, low=None, high=None, *, low_open=False, high_open=False, what="a finite number",
           limit=None):
    """Return ``value`` as float if it is a finite real number in the interval, else raise.

    ``low_open``/``high_open`` exclude the end points: ``number(lr, "lr", 0, low_open=True)``
    wants lr > 0. Bools, strings and arrays with more than one value raise
    :class:`ArgumentTypeError`; NaN and ±inf raise ``ValueError``. ``limit``
    (:data:`MAX_MAGNITUDE` for a weight, a state or an input) is the largest |value|.
    """
    interval = _interval(low, high, low_open, high_open)
    wanted = f"{what} {interval}".strip()
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name}: got {_got(value)}, wanted {wanted}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name}: got {value}, wanted {wanted}")
    if ((low is not None and (value < low or (low_open and value == low)))
            or (high is not None and (value > high or (high_open and value == high)))):
        raise ValueError(f"{name}: got {value:g}, wanted {wanted}")
    if limit is not None:
        magnitude(np.array([value]), name, limit, scalar=True)
    return value


def seed(value, name="seed", generator=False):
    """A seed for ``np.random.default_rng``: None (fresh entropy) or an integer >= 0. Returns it.

    With ``generator=True`` a ``numpy.random.Generator`` is accepted too (and returned as is).
    """
    if value is None or (generator and isinstance(value, np.random.Generator)):
        return value
    wanted = "an integer >= 0, None" + (" or a numpy.random.Generator" if generator else "")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ArgumentTypeError(f"{name}: got {_got(value)}, wanted {wanted}")
    if value < 0:
        raise ValueError(f"{name}: got {int(value)}, wanted {wanted}")
    return int(value)


def boolean(value, name):
    """Return ``value`` as bool if it is True or False (numpy's too), else raise."""
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{name}: got {_got(value)}, wanted True or False")
    return bool(value)


def text(value, name, allow_none=False):
    """Return ``value`` if it is a str (or None when ``allow_none``), else raise."""
    if (value is None and allow_none) or isinstance(value, str):
        return value
    raise ArgumentTypeError(f"{name}: got {_got(value)}, wanted a str{' or None' if allow_none else ''}")


def function(value, name, wanted="a function"):
    """Return ``value`` if it is callable, else raise :class:`ArgumentTypeError`."""
    if not callable(value):
        raise ArgumentTypeError(f"{name}: got {_got(value)}, wanted {wanted}")
    return value


def instance(value, name, types, wanted):
    """Return ``value`` if it is an instance of ``types``, else raise :class:`ArgumentTypeError`."""
    if not isinstance(value, types):
        raise ArgumentTypeError(f"{name}: got {_got(value)}, wanted {wanted}")
    return value


# --------------------------------------------------------------------------- arrays

def as_array(value, name, wanted):
    """``np.asarray(value)``, with a ragged nested list reported as "name: got ..., wanted ..."."""
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, (str, bytes, dict, set)) or callable(value):
        raise ArgumentTypeError(f"{name}: got {_got(value)}, wanted {wanted}")
    arr = maybe_array(value)
    if arr is None:
        raise ValueError(f"{name}: got a ragged {type(value).__name__} (rows of different lengths), "
                         f"wanted {wanted}")
    return arr


def maybe_array(value):
    """``np.asarray(value)``, or None if ``value`` is a ragged nested sequence (rows of different lengths).

    Only numpy's complaint about a ragged sequence is caught; any other error reaches the caller.
    """
    try:
        return np.asarray(value)
    except ValueError as err:
        if "inhomogeneous" in str(err) or "setting an array element with a sequence" in str(err):
            return None
        raise


def all_finite(a):
    """True if every value of the numeric array ``a`` is finite."""
    return bool(np.isfinite(a).all())


def real_array(value, name, wanted="a numeric array", ndim=None, allow_nan=False, max_size=None, limit=None):
    """Return ``value`` as a float64 array of real numbers (bools count as 0/1), else raise.

    ndim : int or tuple of int, optional   the allowed numbers of dimensions.
    allow_nan : bool                       NaN allowed (it means "missing"); ±inf never is.
    max_size : int, optional               the most values it may have.
    limit : float, optional                the largest |value| (:data:`MAX_MAGNITUDE` for a weight,
                                           a state or an input: the rule of this module).
    """
    arr = as_array(value, name, wanted)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name}: got dtype {arr.dtype}, wanted {wanted}")
    if ndim is not None and arr.ndim not in np.atleast_1d(ndim):
        raise ValueError(f"{name}: got {arr.ndim}-d {_describe(arr)}, wanted {wanted}")
    if max_size is not None and arr.size > max_size:
        raise ValueError(f"{name}: got {arr.size:,} values, wanted at most {max_size:,}")
    arr = arr.astype(np.float64, copy=False)
    if not all_finite(arr):
        bad = np.isinf(arr) if allow_nan else ~np.isfinite(arr)
        if bad.any():
            kind = "infinite" if allow_nan else "NaN or infinite"
            raise ValueError(f"{name}: got {int(bad.sum())} {kind} values, wanted finite numbers")
    if limit is not None:
        magnitude(np.nan_to_num(arr) if allow_nan else arr, name, limit)
    return arr


def int_labels(y, name, n_classes, shape=None, shape_text=None):
    """Integer class labels in 0..n_classes-1, any shape (or exactly ``shape``). Returns int64.

    Float labels (even 1.0), bools and strings raise: a label is an index.
    ``shape_text`` writes the shape for messages, e.g. "(τ, batch)".
    """
    shape_text = shape_text or (str(tuple(shape)) if shape is not None else None)
    wanted = f"integer class labels in 0..{n_classes - 1}" + (f" of shape {shape_text}" if shape_text else "")
    arr = as_array(y, name, wanted)
    if arr.size == 0 and arr.dtype == np.float64 and not isinstance(y, np.ndarray):
        arr = arr.astype(np.int64)  # [] is float64 to numpy; an empty list of labels is fine
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        hint = " (use y.astype(int) if the values are whole numbers)" if arr.dtype.kind == "f" else ""
        raise ValueError(f"{name}: got dtype {arr.dtype}, wanted {wanted}{hint}")
    if shape is not None and arr.shape != tuple(shape):
        raise ValueError(f"{name}: got {_describe(arr)}, wanted {shape_text} = {tuple(shape)}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(f"{name}: got labels from {arr.min()} to {arr.max()}, wanted labels in 0..{n_classes - 1}")
    return arr.astype(np.int64, copy=False)


def param_arrays(params, spec, name="params", finite=True):
    """Check a model's parameters where they are used: keys, shapes, float dtype, finite.

    Parameters
    ----------
    params : dict[str, ndarray]
    spec : dict[str, (tuple, str)]
        key -> (shape, how the shape is written), e.g. ``{"b": ((5,), "(n_hidden,)")}``.

    finite : bool
        Also check that every value is finite and at most :data:`MAX_MAGNITUDE`
        in size (one ``max`` and one ``min`` per array). Keep it: an inf or a
        1e200 before a tanh does not show in the output, it saturates silently.
        Over the limit raises :class:`Overflow` (a ``ValueError``): in training
        it means the run diverged.

    Messages name the entry, e.g. ``params['b']: got shape (1,), wanted (5,) = (n_hidden,)``.
    Cheap: a few dict look-ups (and one pass per array) when all is well.
    """
    if not isinstance(params, dict):
        raise ArgumentTypeError(f"{name}: got {_got(params)}, wanted a dict with keys {', '.join(spec)}")
    if params.keys() != spec.keys():
        missing = [k for k in spec if k not in params]
        extra = [k for k in params if k not in spec]
        got = f"no {', '.join(map(repr, missing))}" if missing else f"extra key(s) {', '.join(map(repr, extra))}"
        raise ValueError(f"{name}: got {got}, wanted exactly the keys {', '.join(map(repr, spec))}")
    for key, (shape, shape_text) in spec.items():
        a = params[key]
        if type(a) is np.ndarray and a.shape == shape and a.dtype.kind == "f" and (not finite or within(a)):
            continue  # the usual case, checked in one line
        where = f"{name}[{key!r}]"
        if not isinstance(a, np.ndarray):
            raise ArgumentTypeError(f"{where}: got {_got(a)}, wanted a float array of shape {shape} = {shape_text}")
        if a.shape != shape:
            raise ValueError(f"{where}: got shape {a.shape}, wanted {shape} = {shape_text}")
        if a.dtype.kind != "f":
            raise ValueError(f"{where}: got dtype {a.dtype}, wanted a float array (use .astype(float))")
        if finite and not all_finite(a):
            raise ValueError(f"{where}: got {int((~np.isfinite(a)).sum())} NaN or infinite values, "
                             "wanted finite numbers")
        if finite:
            magnitude(a, where, exc=Overflow)
    return params


def size_limit(count, name, value, limit, what):
    """Raise if ``count`` (values an argument would make) exceeds ``limit``; ``what`` says what they are."""
    if count > limit:
        raise ValueError(f"{name}: got {_got(value)}, which makes {count:,} {what}, wanted at most {limit:,}")

