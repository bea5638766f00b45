"""Softmax and cross-entropy, computed stably.

Goodfellow et al. eq. 10.11: ŷ(t) = softmax(o(t)), and the loss L(t) is the
negative log-likelihood of the true class y(t), −log ŷ(t)_{y(t)}.
We compute log ŷ with the log-sum-exp trick so large logits never overflow.
"""

import numpy as np

__all__ = ["softmax", "log_softmax", "cross_entropy", "one_hot"]


def log_softmax(o):
    """log softmax along the last axis: o − max(o) − log Σ exp(o − max(o)).

    o : ndarray (..., n_out) -> ndarray (..., n_out)
    """
    o = np.asarray(o, dtype=np.float64)
    shifted = o - o.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(o):
    """ŷ = softmax(o) along the last axis. o : (..., n_out) -> (..., n_out)."""
    return np.exp(log_softmax(o))


def cross_entropy(o, y):
    """Summed negative log-likelihood and its gradient with respect to o.

    Parameters
    ----------
    o : ndarray (..., n_out)
        Logits.
    y : int ndarray (...)
        True classes, same leading shape as ``o``.

    Returns
    -------
    loss : float
        Σ −log softmax(o)[y] over all leading positions (eq. 10.12–10.14).
    grad : ndarray (..., n_out)
        ∂loss/∂o = softmax(o) − onehot(y)   (eq. 10.18).
    """
    logp = log_softmax(o)
    picked = np.take_along_axis(logp, y[..., None], axis=-1)
    grad = np.exp(logp)
    np.put_along_axis(grad, y[..., None], np.take_along_axis(grad, y[..., None], axis=-1) - 1.0, axis=-1)
    return float(-picked.sum()), grad


def one_hot(y, n):
    """Integer labels (...) -> float64 one-hot vectors (..., n)."""
    y = np.asarray(y)
    out = np.zeros(y.shape + (n,))
    np.put_along_axis(out, y[..., None], 1.0, axis=-1)
    return out
