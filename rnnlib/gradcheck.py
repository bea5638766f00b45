"""Finite-difference gradient checking.

The book prints gradient equations; this module is how the tests (and the
reader) make sure the code computes them. For every parameter array θ we
perturb each entry by ±ε and take the central difference

    ∂L/∂θ_i ≈ (L(θ + ε e_i) − L(θ − ε e_i)) / (2ε),

then compare it with the analytic gradient by the relative error

    ‖g_analytic − g_numeric‖ / max(‖g_analytic‖ + ‖g_numeric‖, tiny).
"""

import numpy as np

__all__ = ["numerical_gradients", "relative_error", "check_gradients"]


def numerical_gradients(loss_fn, params, eps=1e-6):
    """Central-difference gradients of ``loss_fn()`` with respect to ``params``.

    Parameters
    ----------
    loss_fn : callable () -> float
        Computes the loss from the *current* contents of ``params``.
    params : dict[str, ndarray]
        Arrays that ``loss_fn`` reads; perturbed in place and restored.
    eps : float
        Step size ε.

    Returns
    -------
    dict[str, ndarray]
        Same keys and shapes as ``params``.
    """
    if not eps > 0:
        raise ValueError(f"eps: got {eps!r}, wanted a positive float")
    grads = {}
    for name, theta in params.items():
        g = np.zeros_like(theta, dtype=np.float64)
        flat, gflat = theta.reshape(-1), g.reshape(-1)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + eps
            plus = float(loss_fn())
            flat[i] = old - eps
            minus = float(loss_fn())
            flat[i] = old
            gflat[i] = (plus - minus) / (2 * eps)
        grads[name] = g
    return grads


def relative_error(a, b):
    """‖a − b‖ / max(‖a‖ + ‖b‖, 1e-300): 0 when equal, 1 when unrelated."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"b: got shape {b.shape}, wanted {a.shape} (the shape of a)")
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
        The arrays the gradients are taken with respect to (e.g. ``model.params``).

    Returns
    -------
    dict[str, float]
        For each key of ``params``, the relative error (see module docstring).
        Below about 1e-6 in float64 means the gradient is right.
    """
    _, analytic = loss_and_grads()
    missing = set(params) - set(analytic)
    if missing:
        raise ValueError(f"loss_and_grads: returned no gradient for {sorted(missing)}")
    numeric = numerical_gradients(lambda: loss_and_grads()[0], params, eps)
    return {k: relative_error(analytic[k], numeric[k]) for k in params}
