"""Softmax and cross-entropy, computed stably.

Goodfellow et al. eq. 10.11: ŷ(t) = softmax(o(t)), and the loss L(t) is the
negative log-likelihood of the true class y(t), −log ŷ(t)_{y(t)}.
We compute log ŷ with the log-sum-exp trick so large logits never overflow.
"""

import numpy as np

from . import _checks

__all__ = ["softmax", "log_softmax", "cross_entropy", "one_hot"]

#: The most values :func:`one_hot` makes (800 MB of float64).
MAX_ONE_HOT = 100_000_000


def _logits(o, name="o"):
    return _checks.real_array(o, name, "logits of shape (..., n_out) with n_out >= 1, finite", ndim=range(1, 33))


def _log_softmax(o):
    shifted = o - o.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def log_softmax(o):
    """log softmax along the last axis: o − max(o) − log Σ exp(o − max(o)).

    o : ndarray (..., n_out), finite -> ndarray (..., n_out)
    """
    o = _logits(o)
    if o.shape[-1] == 0:
        raise ValueError(f"o: got shape {o.shape}, wanted (..., n_out) with n_out >= 1")
    return _log_softmax(o)


def softmax(o):
    """ŷ = softmax(o) along the last axis. o : (..., n_out), finite -> (..., n_out)."""
    return np.exp(log_softmax(o))


def _cross_entropy(o, y):
    """:func:`cross_entropy` on validated arrays (the models call this)."""
    logp = _log_softmax(o)
    picked = np.take_along_axis(logp, y[..., None], axis=-1)
    grad = np.exp(logp)
    np.put_along_axis(grad, y[..., None], np.take_along_axis(grad, y[..., None], axis=-1) - 1.0, axis=-1)
    return float(-picked.sum()), grad


def cross_entropy(o, y):
    """Summed negative log-likelihood and its gradient with respect to o.

    Parameters
    ----------
    o : ndarray (..., n_out)
        Logits, finite.
    y : int ndarray (...)
        True classes in 0..n_out-1, the same leading shape as ``o``.

    Returns
    -------
    loss : float
        Σ −log softmax(o)[y] over all leading positions (eq. 10.12–10.14).
    grad : ndarray (..., n_out)
        ∂loss/∂o = softmax(o) − onehot(y)   (eq. 10.18).
    """
    o = _logits(o)
    n_out = o.shape[-1]
    if n_out == 0:
        raise ValueError(f"o: got shape {o.shape}, wanted (..., n_out) with n_out >= 1")
    y = _checks.int_labels(y, "y", n_out, o.shape[:-1], "o.shape[:-1]")
    return _cross_entropy(o, y)


def _one_hot(y, n):
    """:func:`one_hot` on validated labels (the models call this)."""
    out = np.zeros(y.shape + (n,))
    np.put_along_axis(out, y[..., None], 1.0, axis=-1)
    return out


def one_hot(y, n):
    """Integer labels (...) in 0..n-1 -> float64 one-hot vectors (..., n)."""
    n = _checks.positive_int(n, "n", MAX_ONE_HOT)
    y = _checks.int_labels(y, "y", n)
    _checks.size_limit(y.size * n, "n", n, MAX_ONE_HOT, f"values with y of shape {y.shape}")
    return _one_hot(y, n)
