"""The gradient equations of BPTT (Goodfellow et al., eq. 10.17-10.28), one sequence at a time.

Written once more as small functions so that the tests can hold them against
``RNN.backward`` and against finite differences; the notebook writes the same
lines in its cells. Row vectors throughout: Wᵀ v is ``v @ W``.
"""

import numpy as np

from ... import _checks
from ...functional import one_hot
from ...rnn import RNN

__all__ = ["loss", "output_grad", "hidden_grad", "param_grads", "per_step_grads", "bptt"]

#: How far the rows of ŷ may be from summing to 1 before they are not probabilities.
_SUM_TOL = 1e-6


def _array(a, name, ndim, wanted):
    """``a`` as a finite float64 array with ``ndim`` axes, no empty axis, entries within the magnitude rule
    (|value| <= 1e6: weights, states, inputs and the gradients fed to the equations), else ValueError
    (TypeError for a str) naming ``name``."""
    a = _checks.real_array(a, name, wanted, ndim=ndim, limit=_checks.MAX_MAGNITUDE)
    if 0 in a.shape:
        raise ValueError(f"{name}: got shape {a.shape}, wanted {wanted} with no empty axis")
    return a


def _probabilities(y_hat):
    """ŷ(1..τ) as a (τ, n_out) float array whose rows are probabilities (softmax outputs), else raise.

    Logits passed by mistake (values outside [0, 1], rows not summing to 1) are
    refused: ŷ − onehot(y) of logits is a number, but not the gradient.
    """
    y_hat = _array(y_hat, "y_hat", 2, "(τ, n_out) probabilities ŷ(1..τ), rows summing to 1")
    if y_hat.shape[0] == 0 or y_hat.shape[1] == 0:
        raise ValueError(f"y_hat: got shape {y_hat.shape}, wanted (τ, n_out) with τ ≥ 1 and n_out ≥ 1")
    if np.any(y_hat < 0) or np.any(y_hat > 1):
        raise ValueError(f"y_hat: got values from {y_hat.min():.4g} to {y_hat.max():.4g}, wanted probabilities "
                         "in [0, 1] (softmax outputs ŷ = softmax(o), not the logits o)")
    sums = y_hat.sum(axis=1)
    worst = int(np.argmax(np.abs(sums - 1)))
    if abs(sums[worst] - 1) > _SUM_TOL:
        raise ValueError(f"y_hat: got a row (t = {worst + 1}) summing to {sums[worst]:.6g}, wanted rows summing "
                         "to 1 (softmax outputs ŷ = softmax(o), not the logits o)")
    return y_hat


def _same_length(name, arr, tau):
    if arr.shape[0] != tau:
        raise ValueError(f"{name}: got {arr.shape[0]} time steps (shape {arr.shape}), wanted τ = {tau}, "
                         "the length of h")


def _model(model, patterns=("hidden", "last")):
    """``model`` if it is an ``rl.RNN`` with one of ``patterns``, else raise naming ``model``."""
    _checks.instance(model, "model", RNN, "an rl.RNN")
    if model.pattern not in patterns:
        raise ValueError(f"model: got pattern {model.pattern!r}, wanted "
                         + " or ".join(repr(p) for p in patterns))
    return model


def loss(y_hat, y):
    """L = Σ_t L(t) = −Σ_t log ŷ_{y(t)}(t)  (eq. 10.12-10.14), one sequence.

    Parameters
    ----------
    y_hat : ndarray (τ, n_out)   ŷ(t) = softmax(o(t)), rows summing to 1
    y : int ndarray (τ,)         the targets y(t)

    Returns
    -------
    float
    """
    y_hat = _probabilities(y_hat)
    y = _checks.labels(y, "y", (y_hat.shape[0],), y_hat.shape[1], "(τ,)")
    p = y_hat[np.arange(len(y)), y]
    if np.any(p <= 0):
        raise ValueError("y_hat: got probability 0 for a target, wanted ŷ_y(t) > 0 (the loss would be infinite)")
    return float(-np.log(p).sum())


def output_grad(y_hat, y):
    """∇o(t) L = ŷ(t) − onehot(y(t))  (eq. 10.18), for every t of one sequence.

    Parameters
    ----------
    y_hat : ndarray (τ, n_out)   ŷ(1) .. ŷ(τ), probabilities (not logits: they are refused)
    y : int ndarray (τ,)         y(1) .. y(τ)

    Returns
    -------
    grad_o : ndarray (τ, n_out)
    """
    y_hat = _probabilities(y_hat)
    y = _checks.labels(y, "y", (y_hat.shape[0],), y_hat.shape[1], "(τ,)")
    return y_hat - one_hot(y, y_hat.shape[1])                            # (10.18)


def hidden_grad(W, V, h, grad_o):
    """∇h(t) L for t = τ, τ−1, ..., 1  (eq. 10.19-10.21), one sequence.

        ∇h(τ) = Vᵀ ∇o(τ)                                      (10.19)
        ∇h(t) = Wᵀ diag(1 − h(t+1)²) ∇h(t+1) + Vᵀ ∇o(t)         (10.21)

    Parameters
    ----------
    W : ndarray (n_hidden, n_hidden)
    V : ndarray (n_out, n_hidden)
    h : ndarray (τ, n_hidden)        h(1) .. h(τ)
    grad_o : ndarray (τ, n_out)      ∇o(1) .. ∇o(τ); zero rows where no loss is attached

    Returns
    -------
    grad_h : ndarray (τ, n_hidden)
    """
    h = _array(h, "h", 2, "(τ, n_hidden) hidden states h(1..τ)")
    tau, n_hidden = h.shape
    if tau == 0:
        raise ValueError(f"h: got shape {h.shape}, wanted τ ≥ 1 steps")
    W = _array(W, "W", 2, f"({n_hidden}, {n_hidden}), the recurrent weights")
    if W.shape != (n_hidden, n_hidden):
        raise ValueError(f"W: got shape {W.shape}, wanted ({n_hidden}, {n_hidden}) (n_hidden from h)")
    grad_o = _array(grad_o, "grad_o", 2, "(τ, n_out), ∇o(1..τ)")
    _same_length("grad_o", grad_o, tau)
    V = _array(V, "V", 2, f"(n_out, {n_hidden})")
    if V.shape != (grad_o.shape[1], n_hidden):
        raise ValueError(f"V: got shape {V.shape}, wanted ({grad_o.shape[1]}, {n_hidden}) (n_out from grad_o)")
    grad_h = np.zeros_like(h)
    grad_h[-1] = grad_o[-1] @ V                                          # (10.19)
    for t in range(tau - 2, -1, -1):                                     # t = τ−1, ..., 1
        grad_h[t] = (grad_h[t + 1] * (1 - h[t + 1] ** 2)) @ W + grad_o[t] @ V   # (10.21)
    return grad_h


def _prev(h, h0):
    """h(0) .. h(τ−1), with h(0) = 0 unless given."""
    first = np.zeros((1, h.shape[1])) if h0 is None else _array(h0, "h0", 1, f"({h.shape[1]},)")[None]
    if first.shape[1] != h.shape[1]:
        raise ValueError(f"h0: got shape {first.shape[1:]}, wanted ({h.shape[1]},)")
    return np.concatenate([first, h[:-1]])


def param_grads(x, h, grad_o, grad_h, h0=None):
    """The parameter gradients, eq. 10.22-10.28, one sequence.

    With ∇a(t) = diag(1 − h(t)²) ∇h(t), the gradient at the input of tanh:

        ∇c = Σ_t ∇o(t)                  (10.22)
        ∇b = Σ_t ∇a(t)                  (10.23)
        ∇V = Σ_t ∇o(t) h(t)ᵀ            (10.24)
        ∇W = Σ_t ∇a(t) h(t−1)ᵀ          (10.26)
        ∇U = Σ_t ∇a(t) x(t)ᵀ            (10.28)

    Parameters
    ----------
    x : ndarray (τ, n_in)
    h : ndarray (τ, n_hidden)
    grad_o : ndarray (τ, n_out)
    grad_h : ndarray (τ, n_hidden)
    h0 : ndarray (n_hidden,), optional    h(0), zeros by default

    Returns
    -------
    dict with U (n_hidden, n_in), W (n_hidden, n_hidden), b (n_hidden,), V (n_out, n_hidden), c (n_out,)
    """
    h = _array(h, "h", 2, "(τ, n_hidden)")
    tau = h.shape[0]
    x = _array(x, "x", 2, "(τ, n_in)")
    grad_o = _array(grad_o, "grad_o", 2, "(τ, n_out)")
    grad_h = _array(grad_h, "grad_h", 2, "(τ, n_hidden)")
    for name, arr in (("x", x), ("grad_o", grad_o), ("grad_h", grad_h)):
        _same_length(name, arr, tau)
    if grad_h.shape != h.shape:
        raise ValueError(f"grad_h: got shape {grad_h.shape}, wanted {h.shape} (the shape of h)")
    grad_a = (1 - h ** 2) * grad_h
    return {
        "c": grad_o.sum(0),                       # (10.22)
        "b": grad_a.sum(0),                       # (10.23)
        "V": grad_o.T @ h,                        # (10.24)
        "W": grad_a.T @ _prev(h, h0),             # (10.26)
        "U": grad_a.T @ x,                        # (10.28)
    }


def per_step_grads(x, h, grad_h, h0=None):
    """The contributions of the copies W(t) and U(t) (eq. 10.25-10.28 before the sum).

    Returns
    -------
    dict with "W": ndarray (τ, n_hidden, n_hidden), ∇W(t) = ∇a(t) h(t−1)ᵀ,
    and "U": ndarray (τ, n_hidden, n_in), ∇U(t) = ∇a(t) x(t)ᵀ. Summed over t
    they are ∇W and ∇U.
    """
    h = _array(h, "h", 2, "(τ, n_hidden)")
    x = _array(x, "x", 2, "(τ, n_in)")
    grad_h = _array(grad_h, "grad_h", 2, "(τ, n_hidden)")
    _same_length("x", x, h.shape[0])
    if grad_h.shape != h.shape:
        raise ValueError(f"grad_h: got shape {grad_h.shape}, wanted {h.shape} (the shape of h)")
    _checks.size_limit(h.shape[0] * h.shape[1] * max(h.shape[1], x.shape[1]), "h", f"shape {h.shape}",
                       10_000_000, "values of per-step gradients")
    grad_a = (1 - h ** 2) * grad_h
    return {"W": grad_a[:, :, None] * _prev(h, h0)[:, None, :],
            "U": grad_a[:, :, None] * x[:, None, :]}


def bptt(model, x, y):
    """Loss, gradients and ∇h(t) of one sequence, by the functions above.

    Parameters
    ----------
    model : rl.RNN with pattern "hidden" or "last"
    x : ndarray (τ, n_in)
    y : int ndarray (τ,) for "hidden", or one int for "last"

    Returns
    -------
    loss : float, grads : dict (same keys and shapes as model.params), grad_h : ndarray (τ, n_hidden)
    """
    _model(model)
    x3, single = _checks.sequence(x, "x", model.n_in)
    if not single:
        raise ValueError(f"x: got shape {np.shape(x)}, wanted one sequence (τ, {model.n_in})")
    x = x3[:, 0]
    trace = model.forward(x)
    p = model.params
    if model.pattern == "last":
        y = _checks.labels(y, "y", (), model.n_out, "() (one label)")
        grad_o = np.zeros_like(trace.o)
        grad_o[-1] = output_grad(trace.y_hat[-1:], y[None])[0]
        total = loss(trace.y_hat[-1:], y[None])
    else:
        grad_o = output_grad(trace.y_hat, y)
        total = loss(trace.y_hat, y)
    grad_h = hidden_grad(p["W"], p["V"], trace.h, grad_o)
    return total, param_grads(x, trace.h, grad_o, grad_h), grad_h
