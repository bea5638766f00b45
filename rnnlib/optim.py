"""Optimisers, gradient clipping and a small training loop.

Parameters and gradients are dicts with the same keys (``model.params`` and
the ``grads`` returned by ``model.loss_and_grads``). Optimisers update the
parameter arrays in place.
"""

import html
import numbers
import time
from dataclasses import dataclass, field

import numpy as np

from . import _checks

__all__ = ["SGD", "Adam", "clip_grad_norm", "global_norm", "train", "History", "TrainingDiverged"]


class TrainingDiverged(FloatingPointError):
    """The loss, a gradient or the parameters became NaN or infinite during training."""


#: The most steps :func:`train` runs in one call.
MAX_STEPS = 10_000_000


def _grad_dict(grads, name="grads"):
    """Validate a dict of gradient arrays: float or int numbers, finite. Returns a dict of float64 arrays."""
    _checks.instance(grads, name, dict, "a dict of arrays, such as the grads of model.loss_and_grads")
    return {k: _checks.real_array(g, f"{name}[{k!r}]", "an array of finite numbers") for k, g in grads.items()}


def _norm(grads):
    """‖g‖ over every array, scaled so that huge finite gradients do not overflow to inf."""
    peaks = [np.abs(g).max() for g in grads.values() if g.size]
    biggest = float(np.max(peaks)) if peaks else 0.0  # np.max: NaN if any entry is NaN (builtin max may skip it)
    if biggest == 0.0:
        return 0.0
    return float(biggest * np.sqrt(sum(float(np.sum((g / biggest) ** 2)) for g in grads.values())))


def global_norm(grads):
    """‖g‖ = sqrt(Σ over all arrays of Σ g²), the norm of all gradients as one vector.

    grads : dict[str, ndarray] of finite numbers (NaN or inf raise ``ValueError``).
    """
    return _norm(_grad_dict(grads))


def clip_grad_norm(grads, max_norm):
    """Rescale gradients so their global norm is at most ``max_norm``.

    Goodfellow et al. section 10.11.1: if ‖g‖ > v, then g ← g v / ‖g‖.

    Parameters
    ----------
    grads : dict[str, ndarray], finite
    max_norm : float > 0, finite

    Returns
    -------
    clipped : dict[str, ndarray]   (new arrays; the input is not modified)
    norm : float                   the global norm before clipping
    """
    max_norm = _checks.number(max_norm, "max_norm", 0, low_open=True)
    grads = _grad_dict(grads)
    return _clip(grads, max_norm)


def _clip(grads, max_norm, norm=None):
    """Clip to ``max_norm``; ``norm`` is ``_norm(grads)`` when the caller has it already."""
    norm = _norm(grads) if norm is None else norm
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}, norm


def _step_arguments(params, grads, state=None):
    """Validate what an optimiser's step gets: the arrays it updates in place, and gradients that fit them
    (and the optimiser's ``state``, a dict of arrays from earlier steps, when it has one for a key)."""
    _checks.instance(params, "params", dict, "a dict of float arrays, such as model.params")
    grads = _grad_dict(grads)
    for k, g in grads.items():
        if k not in params:
            raise ValueError(f"grads: got a gradient for {k!r}, wanted only keys of params "
                             f"({', '.join(map(repr, params))})")
        p = params[k]
        if not (isinstance(p, np.ndarray) and p.dtype.kind == "f"):
            what = f"dtype {p.dtype}" if isinstance(p, np.ndarray) else _checks._got(p)
            raise ValueError(f"params[{k!r}]: got {what}, wanted a float array (it is updated in place)")
        if g.shape != p.shape:
            raise ValueError(f"grads[{k!r}]: got shape {g.shape}, wanted params[{k!r}]'s shape {p.shape}")
        if state and k in state and state[k].shape != p.shape:
            raise ValueError(f"params[{k!r}]: got shape {p.shape}, wanted {state[k].shape}, the shape this "
                             "optimizer updated before (use a new optimizer for a new model)")
    return grads


def _finite_after_update(params, grads):
    """TrainingDiverged if the update left a parameter NaN, infinite or over ``_checks.MAX_MAGNITUDE`` (1e6)."""
    bad = [k for k in grads if params[k].size and not _checks.within(params[k])]
    if not bad:
        return
    infinite = [k for k in bad if not _checks.all_finite(params[k])]
    if not infinite:
        top = max(float(np.abs(params[k]).max()) for k in bad)
        raise TrainingDiverged(f"the update made params {', '.join(map(repr, bad))} larger than "
                               f"{_checks.MAX_MAGNITUDE:.0e} in size (up to {top:.3g}), past where any tanh or "
                               "softmax still responds: try a smaller learning rate (lr) or clip the gradient norm"
                               .replace("e+06", "e6"))
    raise TrainingDiverged(f"the update made params {', '.join(map(repr, infinite))} NaN or infinite: "
                           "try a smaller learning rate (lr) or clip the gradient norm")


class SGD:
    """Stochastic gradient descent with optional momentum: v ← μ v − η g; θ ← θ + v.

    lr : float > 0 (η);  momentum : float in [0, 1) (μ).
    """

    def __init__(self, lr=0.1, momentum=0.0):
        self.lr = _checks.number(lr, "lr", 0, low_open=True)
        self.momentum = _checks.number(momentum, "momentum", 0, 1, high_open=True)
        self._v = {}

    def __repr__(self):
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g})"

    def step(self, params, grads):
        """Update ``params`` in place from ``grads`` (same keys and shapes, finite)."""
        for k, g in _step_arguments(params, grads, self._v).items():
            with np.errstate(over="ignore", invalid="ignore"):  # checked after the update
                v = self._v[k] * self.momentum - self.lr * g if k in self._v else -self.lr * g
                if self.momentum:  # the velocity is state only with momentum
                    self._v[k] = v
                params[k] += v
        _finite_after_update(params, grads)


class Adam:
    """Adam (Kingma & Ba, 2015) with bias-corrected first and second moments.

    lr : float > 0;  beta1, beta2 : float in [0, 1);  eps : float > 0.
    """

    def __init__(self, lr=1e-2, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = _checks.number(lr, "lr", 0, low_open=True)
        self.beta1 = _checks.number(beta1, "beta1", 0, 1, high_open=True)
        self.beta2 = _checks.number(beta2, "beta2", 0, 1, high_open=True)
        self.eps = _checks.number(eps, "eps", 0, low_open=True)
        self._m, self._v, self._t = {}, {}, 0

    def __repr__(self):
        return f"Adam(lr={self.lr:g}, beta1={self.beta1:g}, beta2={self.beta2:g}, eps={self.eps:g})"

    def step(self, params, grads):
        """Update ``params`` in place from ``grads`` (same keys and shapes, finite)."""
        grads = _step_arguments(params, grads, self._m)
        self._t += 1
        b1, b2 = self.beta1, self.beta2
        for k, g in grads.items():
            with np.errstate(over="ignore", invalid="ignore"):  # checked after the update
                m = self._m[k] = b1 * self._m.get(k, 0.0) + (1 - b1) * g
                v = self._v[k] = b2 * self._v.get(k, 0.0) + (1 - b2) * g * g
                m_hat = m / (1 - b1 ** self._t)
                v_hat = v / (1 - b2 ** self._t)
                params[k] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        _finite_after_update(params, grads)


@dataclass
class History:
    """What happened during training: one entry per step."""

    loss: list = field(default_factory=list)
    grad_norm: list = field(default_factory=list)
    seconds: float = 0.0
    #: The loss of the final parameters on the last batch (``loss`` holds each step's loss *before* its update).
    final_loss: float = float("nan")

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
        fragment = (f'<div class="rnnlib-progress" style="font-family:monospace">'
                    f'<progress value="{step}" max="{self.steps}" aria-label="{html.escape(self.label)} progress">'
                    f"</progress> {html.escape(text)}</div>")
        return {"text/plain": text, "text/html": fragment}

    def update(self, step, loss, seconds):
        if not self.enabled or (step % self.every and step != self.steps):
            return
        if self.handle is not None:
            self.handle.update(self._bundle(step, loss, seconds), raw=True)
        else:
            print(self._text(step, loss, seconds), flush=True)


def _finite_params(model, i, loss, norm, advice):
    """Raise TrainingDiverged if the update of step ``i`` made a parameter NaN or infinite."""
    bad = [k for k, p in model.params.items() if not _checks.all_finite(np.asarray(p, dtype=np.float64))]
    if bad:
        raise TrainingDiverged(
            f"training diverged at step {i}: the update made params {', '.join(map(repr, bad))} NaN or "
            f"infinite (loss before it = {loss:.4g}, gradient norm = {norm:.4g}). {advice}")


def train(model, data, steps, optimizer=None, clip=None, progress=True, label="training"):
    """Train ``model`` in place for ``steps`` optimiser steps.

    Parameters
    ----------
    model : object with ``params`` (dict) and ``loss_and_grads(x, y)``
    data : (x, y) tuple, or callable ``data(step) -> (x, y)``
        A fixed batch, or a function giving the batch for step 0, 1, ...
    steps : int, 1 .. 10,000,000
    optimizer : SGD or Adam, optional (default Adam(lr=1e-2))
        Any object with a ``step(params, grads)`` method.
    clip : float > 0, optional
        Clip the gradients' global norm to this value before each update.
    progress : bool
        Show progress (in place in a notebook, a line every 5% in a terminal).
    label : str
        Names the run in the progress display.

    Returns
    -------
    History
        ``.loss`` and ``.grad_norm`` per step (norm before clipping), ``.seconds``.

    Raises
    ------
    TrainingDiverged
        If the loss or a gradient becomes NaN or infinite (or a model's
        computation overflows), naming the step; if an update makes the
        parameters NaN or infinite (checked after every step); or if the last
        update leaves parameters that are finite but unusable: after the last
        step the loss of the final parameters is computed once more, on the
        last batch (``History.final_loss``), and must be finite.
    """
    params = getattr(model, "params", None)
    if not (isinstance(params, dict) and callable(getattr(model, "loss_and_grads", None))):
        raise _checks.ArgumentTypeError(
            f"model: got {_checks._got(model)}, wanted a model with a params dict and a loss_and_grads(x, y) "
            "method, such as rl.RNN(...)")
    steps = _checks.positive_int(steps, "steps", MAX_STEPS)
    if not callable(data):
        if not (isinstance(data, tuple) and len(data) == 2):
            raise _checks.ArgumentTypeError(
                f"data: got {_checks._got(data)}, wanted an (x, y) tuple or a callable step -> (x, y)")
        batch = data
        data = lambda step: batch  # noqa: E731
    if optimizer is None:
        optimizer = Adam(lr=1e-2)
    elif not callable(getattr(optimizer, "step", None)) or isinstance(optimizer, type):
        raise _checks.ArgumentTypeError(
            f"optimizer: got {_checks._got(optimizer)}, wanted an optimizer object such as "
            "rl.optim.Adam(lr=1e-2) or rl.optim.SGD(lr=0.1)")
    if clip is not None:
        clip = _checks.number(clip, "clip", 0, low_open=True, what="None or a finite number")
    progress = _checks.boolean(progress, "progress")
    label = _checks.text(label, "label")
    if callable(getattr(model, "_check_params", None)):
        model._check_params()   # parameters a reader edited (NaN, 1e200) are bad input, not a divergence
    # SGD and Adam check the parameters after every update themselves; another optimizer is checked here.
    check_params = type(optimizer) not in (SGD, Adam)
    history = History()
    bar = _Progress(steps, progress, label)
    start = time.perf_counter()
    advice = "Try a smaller learning rate (lr) or clip the gradient norm (clip=5.0)."
    for i in range(steps):
        batch_i = data(i)
        if not (isinstance(batch_i, (tuple, list)) and len(batch_i) == 2):
            raise _checks.ArgumentTypeError(f"data: data({i}) returned {_checks._got(batch_i)}, wanted an (x, y) tuple")
        x, y = batch_i
        try:
            out = model.loss_and_grads(x, y)
        except _checks.Overflow as err:  # the parameters grew so large that the loss overflowed
            raise TrainingDiverged(f"training diverged at step {i}: {err}. {advice}") from err
        if not (isinstance(out, tuple) and len(out) == 2 and isinstance(out[1], dict)):
            raise _checks.ArgumentTypeError(
                f"model: loss_and_grads returned {_checks._got(out)}, wanted a (loss, grads dict) pair")
        loss, grads = out
        if isinstance(loss, (bool, np.bool_)) or not isinstance(loss, numbers.Real):
            raise _checks.ArgumentTypeError(
                f"model: loss_and_grads returned a loss of {_checks._got(loss)}, wanted a real number")
        loss = float(loss)
        grads = {k: np.asarray(g, dtype=np.float64) for k, g in grads.items()}
        norm = _norm(grads)  # one number, NaN or inf if any gradient entry is
        if not (np.isfinite(loss) and np.isfinite(norm)):
            raise TrainingDiverged(f"training diverged at step {i}: loss = {loss}, gradient norm = {norm}. {advice}")
        if clip is not None:
            grads, _ = _clip(grads, clip, norm)
        try:
            optimizer.step(model.params, grads)
        except TrainingDiverged as err:  # one of ours: say at which step
            raise TrainingDiverged(f"training diverged at step {i}: {err}") from None
        if check_params or i == steps - 1:
            _finite_params(model, i, loss, norm, advice)
        history.loss.append(loss)
        history.grad_norm.append(norm)
        history.seconds = time.perf_counter() - start
        bar.update(i + 1, loss, history.seconds)
    history.final_loss = _final_loss(model, x, y, steps, advice)
    return history


def _final_loss(model, x, y, steps, advice):
    """The loss of the parameters the last update left, on the last batch; TrainingDiverged if it is not finite.

    Each step's loss is computed before its update, so without this a last
    update to huge-but-finite parameters (SGD with lr=1e307) would go unseen
    until the reader's next call overflowed.
    """
    try:
        loss = model.loss_and_grads(x, y)[0]
    except _checks.Overflow as err:
        raise TrainingDiverged(f"training diverged at the last update (step {steps - 1}): the final parameters give "
                               f"{err}. {advice}") from err
    loss = float(loss)
    if not np.isfinite(loss):
        raise TrainingDiverged(f"training diverged at the last update (step {steps - 1}): the loss of the final "
                               f"parameters is {loss}. {advice}")
    return loss
