"""Optimisers, gradient clipping and a small training loop.

Parameters and gradients are dicts with the same keys (``model.params`` and
the ``grads`` returned by ``model.loss_and_grads``). Optimisers update the
parameter arrays in place.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from . import _checks

__all__ = ["SGD", "Adam", "clip_grad_norm", "global_norm", "train", "History", "TrainingDiverged"]


class TrainingDiverged(FloatingPointError):
    """The loss or a gradient became NaN or infinite during training."""


def global_norm(grads):
    """‖g‖ = sqrt(Σ over all arrays of Σ g²), the norm of all gradients as one vector."""
    return float(np.sqrt(sum(float(np.sum(g * g)) for g in grads.values())))


def clip_grad_norm(grads, max_norm):
    """Rescale gradients so their global norm is at most ``max_norm``.

    Goodfellow et al. section 10.11.1: if ‖g‖ > v, then g ← g v / ‖g‖.

    Returns
    -------
    clipped : dict[str, ndarray]   (new arrays; the input is not modified)
    norm : float                   the global norm before clipping
    """
    if not (np.isscalar(max_norm) and max_norm > 0):
        raise ValueError(f"max_norm: got {max_norm!r}, wanted a positive number")
    norm = global_norm(grads)
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}, norm


def _positive(value, name):
    if not (np.isscalar(value) and np.isfinite(value) and value > 0):
        raise ValueError(f"{name}: got {value!r}, wanted a positive finite number")
    return float(value)


class SGD:
    """Stochastic gradient descent with optional momentum: v ← μ v − η g; θ ← θ + v."""

    def __init__(self, lr=0.1, momentum=0.0):
        self.lr = _positive(lr, "lr")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum: got {momentum!r}, wanted a number in [0, 1)")
        self.momentum = float(momentum)
        self._v = {}

    def step(self, params, grads):
        """Update ``params`` in place from ``grads`` (same keys and shapes)."""
        for k, g in grads.items():
            v = self._v.get(k, 0.0) * self.momentum - self.lr * g
            self._v[k] = v
            params[k] += v


class Adam:
    """Adam (Kingma & Ba, 2015) with bias-corrected first and second moments."""

    def __init__(self, lr=1e-2, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = _positive(lr, "lr")
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)
        self._m, self._v, self._t = {}, {}, 0

    def step(self, params, grads):
        """Update ``params`` in place from ``grads`` (same keys and shapes)."""
        self._t += 1
        b1, b2 = self.beta1, self.beta2
        for k, g in grads.items():
            m = self._m[k] = b1 * self._m.get(k, 0.0) + (1 - b1) * g
            v = self._v[k] = b2 * self._v.get(k, 0.0) + (1 - b2) * g * g
            m_hat = m / (1 - b1 ** self._t)
            v_hat = v / (1 - b2 ** self._t)
            params[k] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


@dataclass
class History:
    """What happened during training: one entry per step."""

    loss: list = field(default_factory=list)
    grad_norm: list = field(default_factory=list)
    seconds: float = 0.0

    def __repr__(self):
        if not self.loss:
            return "History(no steps)"
        return (f"History({len(self.loss)} steps, loss {self.loss[0]:.4g} → {self.loss[-1]:.4g}, "
                f"{self.seconds:.2f} s)")


class _Progress:
    """Progress display: updated in place in a notebook, plain lines in a terminal."""

    def __init__(self, steps, enabled, label):
        self.steps, self.enabled, self.label = steps, enabled, label
        self.handle = None
        self.every = max(1, steps // 20)
        if enabled:
            try:
                from IPython import get_ipython
                shell = get_ipython()
            except ImportError:
                shell = None
            if shell is not None and "IPKernelApp" in shell.config:
                from IPython.display import display
                self.handle = display(self._bundle(0, float("nan"), 0.0), raw=True, display_id=True)

    def _text(self, step, loss, seconds):
        return f"{self.label}: step {step}/{self.steps} · loss {loss:.4f} · {seconds:.1f} s"

    def _bundle(self, step, loss, seconds):
        text = self._text(step, loss, seconds) if step else f"{self.label}: starting {self.steps} steps"
        html = (f'<div class="rnnlib-progress" style="font-family:monospace">'
                f'<progress value="{step}" max="{self.steps}" aria-label="{self.label} progress"></progress> '
                f"{text}</div>")
        return {"text/plain": text, "text/html": html}

    def update(self, step, loss, seconds):
        if not self.enabled or (step % self.every and step != self.steps):
            return
        if self.handle is not None:
            self.handle.update(self._bundle(step, loss, seconds), raw=True)
        else:
            print(self._text(step, loss, seconds), flush=True)


def train(model, data, steps, optimizer=None, clip=None, progress=True, label="training"):
    """Train ``model`` in place for ``steps`` optimiser steps.

    Parameters
    ----------
    model : object with ``params`` (dict) and ``loss_and_grads(x, y)``
    data : (x, y) tuple, or callable ``data(step) -> (x, y)``
        A fixed batch, or a function giving the batch for step 0, 1, ...
    steps : int
    optimizer : SGD or Adam, optional (default Adam(lr=1e-2))
    clip : float, optional
        Clip the gradients' global norm to this value before each update.
    progress : bool
        Show progress (in place in a notebook, a line every 5% in a terminal).

    Returns
    -------
    History
        ``.loss`` and ``.grad_norm`` per step (norm before clipping), ``.seconds``.

    Raises
    ------
    TrainingDiverged
        If the loss or the gradient norm becomes NaN or infinite.
    """
    steps = _checks.positive_int(steps, "steps")
    if not callable(data):
        if not (isinstance(data, tuple) and len(data) == 2):
            raise ValueError(f"data: got {type(data).__name__}, wanted an (x, y) tuple or a callable step -> (x, y)")
        batch = data
        data = lambda step: batch  # noqa: E731
    optimizer = optimizer if optimizer is not None else Adam(lr=1e-2)
    history = History()
    bar = _Progress(steps, progress, label)
    start = time.perf_counter()
    for i in range(steps):
        x, y = data(i)
        loss, grads = model.loss_and_grads(x, y)
        norm = global_norm(grads)
        if not (np.isfinite(loss) and np.isfinite(norm)):
            raise TrainingDiverged(
                f"training diverged at step {i}: loss = {loss}, gradient norm = {norm}. "
                "Try a smaller learning rate (lr) or clip the gradient norm (clip=5.0)."
            )
        if clip is not None:
            grads, _ = clip_grad_norm(grads, clip)
        optimizer.step(model.params, grads)
        history.loss.append(float(loss))
        history.grad_norm.append(norm)
        history.seconds = time.perf_counter() - start
        bar.update(i + 1, loss, history.seconds)
    return history
