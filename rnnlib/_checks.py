"""Input validation shared by the models.

Every check raises ``ValueError`` whose message names the argument, what it
got and what it wanted, e.g.
``x: got shape (5, 3, 7), wanted (τ, batch, 4) or (τ, 4)``.
"""

import numpy as np


def _describe(a):
    return f"shape {tuple(a.shape)}" if hasattr(a, "shape") else type(a).__name__


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
    try:
        arr = np.asarray(x)
    except Exception as err:  # ragged nested lists and the like
        raise ValueError(f"{name}: got {type(x).__name__} that is not an array ({err}), wanted {wanted}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
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
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: got {int(np.sum(~np.isfinite(arr)))} NaN or infinite values, wanted finite numbers")
    single = arr.ndim == 2
    return (arr[:, None, :] if single else arr), single


def labels(y, name, shape, n_classes, shape_text):
    """Validate integer class labels: exact ``shape``, values in [0, n_classes).

    Returns ``y`` as an int64 array of ``shape``.
    """
    try:
        arr = np.asarray(y)
    except Exception:
        raise ValueError(f"{name}: got {type(y).__name__}, wanted integer labels of shape {shape_text}") from None
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(
            f"{name}: got dtype {arr.dtype}, wanted integer class labels in 0..{n_classes - 1} "
            f"of shape {shape_text} (use y.astype(int) if the values are whole numbers)"
        )
    if arr.shape != tuple(shape):
        raise ValueError(f"{name}: got {_describe(arr)}, wanted {shape_text} = {tuple(shape)}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(
            f"{name}: got labels from {arr.min()} to {arr.max()}, wanted labels in 0..{n_classes - 1} (n_out={n_classes})"
        )
    return arr.astype(np.int64, copy=False)


def state(h0, name, batch, size, single, what):
    """Validate an initial state; None gives zeros. Returns (batch, size) float64."""
    if h0 is None:
        return np.zeros((batch, size))
    want = (size,) if single else (batch, size)
    wanted = f"{want} ({what})"
    arr = np.asarray(h0)
    if not (np.issubdtype(arr.dtype, np.number) and arr.dtype != bool):
        raise ValueError(f"{name}: got dtype {arr.dtype}, wanted a float array of shape {wanted}")
    if arr.shape != want:
        raise ValueError(f"{name}: got {_describe(arr)}, wanted {wanted}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: got NaN or infinite values, wanted finite numbers")
    return arr.reshape(batch, size)


def positive_int(value, name):
    """Return ``value`` as int if it is an integer >= 1, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name}: got {value!r}, wanted an integer >= 1")
    return int(value)


def choice(value, name, choices):
    """Return ``value`` if it is one of ``choices``, else raise.

    The message reads "wanted 'a' or 'b'" for two choices and
    "wanted one of 'a', 'b', 'c'" for more.
    """
    if value not in choices:
        names = [repr(c) for c in choices]
        wanted = " or ".join(names) if len(names) == 2 else "one of " + ", ".join(names)
        raise ValueError(f"{name}: got {value!r}, wanted {wanted}")
    return value
