"""Finite-difference gradient checking.

The book prints gradient equations; this module is how the tests (and the
reader) make sure the code computes them. For every parameter array θ we
perturb each entry by ±ε and take the central difference

    ∂L/∂θ_i ≈ (L(θ + ε e_i) − L(θ − ε e_i)) / (2ε),

then compare it with the analytic gradient by the relative error

    ‖g_analytic − g_numeric‖ / max(‖g_analytic‖ + ‖g_numeric‖, tiny).
"""

import numpy as np

from . import _checks

__all__ = ["numerical_gradients", "relative_error", "check_gradients"]

#: The most parameter entries :func:`numerical_gradients` perturbs (each costs two loss evaluations).
MAX_ENTRIES = 200_000


def _params(params):
    """Validate the arrays to perturb: a dict of writable float64 arrays, not too many entries."""
    _checks.instance(params, "params", dict, "a dict of float64 arrays, such as model.params")
    total = 0
    for name, theta in params.items():
        where = f"params[{name!r}]"
        if not isinstance(theta, np.ndarray):
            raise _checks.ArgumentTypeError(
                f"{where}: got {_checks._got(theta)}, wanted a float64 array (perturbed in place, so loss_fn sees it)")
        if theta.dtype != np.float64:
            raise ValueError(
                f"{where}: got dtype {theta.dtype}, wanted float64: a step of eps is lost in "
                f"{'an integer' if theta.dtype.kind in 'biu' else 'a ' + str(theta.dtype)} array "
                f"(convert it first: params[{name!r}] = params[{name!r}].astype(np.float64))")
        if not theta.flags.writeable:
            raise ValueError(f"{where}: got a read-only array, wanted a writable one (it is perturbed in place)")
        total += theta.size
    _checks.size_limit(total, "params", f"{len(params)} arrays", MAX_ENTRIES,
                       "entries to perturb (two loss evaluations each)")
    return params


def _eps(eps):
    return _checks.number(eps, "eps", 0, 1e-1, low_open=True)


def _loss_value(value, name, where):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        if not (isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf"):
            raise _checks.ArgumentTypeError(f"{name}: returned {_checks._got(value)} {where}, wanted a real number")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name}: returned {value} {where}, wanted a finite loss")
    return value


def numerical_gradients(loss_fn, params, eps=1e-6):
    """Central-difference gradients of ``loss_fn()`` with respect to ``params``.

    Parameters
    ----------
    loss_fn : callable () -> float
        Computes the loss from the *current* contents of ``params``.
    params : dict[str, ndarray]
        float64 arrays that ``loss_fn`` reads (any memory order; at most
        200,000 entries in all); perturbed in place and restored, even if
        ``loss_fn`` raises.
    eps : float in (0, 0.1]
        Step size ε.

    Returns
    -------
    dict[str, ndarray]
        Same keys and shapes as ``params``.
    """
    _checks.function(loss_fn, "loss_fn", "a function () -> loss that reads params")
    params = _params(params)
    eps = _eps(eps)
    grads = {}
    for name, theta in params.items():
        g = np.zeros(theta.shape)
        for i in np.ndindex(theta.shape):  # works for any memory order: no reshape (which may copy)
            old = theta[i]
            try:
                theta[i] = old + eps
                plus = _loss_value(loss_fn(), "loss_fn", f"at params[{name!r}]{list(i)} + eps")
                theta[i] = old - eps
                minus = _loss_value(loss_fn(), "loss_fn", f"at params[{name!r}]{list(i)} - eps")
            finally:
                theta[i] = old
            g[i] = (plus - minus) / (2 * eps)
        grads[name] = g
    return grads


def relative_error(a, b):
    """‖a − b‖ / max(‖a‖ + ‖b‖, 1e-300): 0 when equal, 1 when unrelated.

    a, b : arrays of finite numbers with the same shape.
    """
    a = _checks.real_array(a, "a", "an array of finite numbers")
    b = _checks.real_array(b, "b", f"an array of finite numbers of shape {a.shape} (the shape of a)")
    if a.shape != b.shape:
        raise ValueError(f"b: got shape {b.shape}, wanted {a.shape} (the shape of a)")
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0))
    if scale == 0.0:
        return 0.0
    a, b = a / scale, b / scale  # no overflow for huge finite values
    denom = max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)
    return float(np.linalg.norm(a - b) / denom)


def check_gradients(loss_and_grads, params, eps=1e-6):
    """Relative error between analytic and numerical gradients, per parameter.

    Parameters
    ----------
    loss_and_grads : callable () -> (float, dict[str, ndarray])
        Computes the loss and the analytic gradients from the current
        ``params``; e.g. ``lambda: model.loss_and_grads(x, y)``.
    params : dict[str, ndarray]
        The float64 arrays the gradients are taken with respect to (e.g. ``model.params``).
    eps : float in (0, 0.1]

    Returns
    -------
    dict[str, float]
        For each key of ``params``, the relative error (see module docstring).
        Below about 1e-6 in float64 means the gradient is right.
    """
    _checks.function(loss_and_grads, "loss_and_grads", "a function () -> (loss, grads)")
    params = _params(params)
    eps = _eps(eps)
    out = loss_and_grads()
    if not (isinstance(out, tuple) and len(out) == 2 and isinstance(out[1], dict)):
        raise _checks.ArgumentTypeError(
            f"loss_and_grads: returned {_checks._got(out)}, wanted a (loss, grads dict) pair")
    _loss_value(out[0], "loss_and_grads", "as the loss")
    analytic = out[1]
    missing = set(params) - set(analytic)
    if missing:
        raise ValueError(f"loss_and_grads: returned no gradient for {sorted(missing)}, "
                         "wanted one for every key of params")
    for k in params:
        g = _checks.real_array(analytic[k], f"loss_and_grads: grads[{k!r}]", "finite numbers")
        if g.shape != params[k].shape:
            raise ValueError(f"loss_and_grads: returned grads[{k!r}] of shape {g.shape}, "
                             f"wanted params[{k!r}]'s shape {params[k].shape}")
    numeric = numerical_gradients(lambda: loss_and_grads()[0], params, eps)
    return {k: relative_error(analytic[k], numeric[k]) for k in params}
