"""Chapter 3's experiments: the two tasks, training, and what the chapter measures (no matplotlib here).

* **delay** (:func:`rnnlib.data.delay_task`): read random symbols A..D, output
  at step t the symbol read two steps before (a blank "–" at steps 1 and 2).
* **counter** (:func:`counter_task`): a sensor reports a click (1) or no click
  (0) at each step; the target is the number of clicks so far, modulo 5,
  read through a sensor that errs with probability ``noise``.

Every model gets the same budget: STEPS Adam steps at rate LR on fresh
batches of BATCH sequences (settings.py). Arrays are time first.
"""

from math import comb

import numpy as np

from ... import _checks
from ...data import delay_task
from ...functional import log_softmax, one_hot, softmax
from ...optim import Adam, train
from ...rnn import PATTERNS, RNN, step
from .settings import (BATCH, COUNT_TAU, DELAY, LAST_TAU, LR, MAX_HIDDEN, MAX_N, MAX_STEPS, MAX_TAU, MODULUS,
                       N_HIDDEN, N_SYMBOLS, N_TEST, NOISE, RUN_FEEDBACKS, STEPS, TAU)

__all__ = ["delay_test", "counter_test", "counter_task", "train_delay", "train_counter", "run_free",
           "per_step_accuracy", "per_step_loss", "last_accuracy", "counter_bound", "counter_optimum",
           "best_count", "output_gradients", "feedback_costs"]


def _seed(seed):
    return _checks.integer(seed, "seed", 0)


def _noise(noise):
    return _checks.number(noise, "noise", 0, 0.5, high_open=True, what="a probability")


def _sizes(n, tau):
    n = _checks.positive_int(n, "n", MAX_N)
    tau = _checks.positive_int(tau, "tau", MAX_TAU)
    _checks.size_limit(n * tau, "n", n, 10_000_000, f"time steps with tau = {tau}")
    return n, tau


# ---------------------------------------------------------------------------- tasks

def delay_test(seed, n=N_TEST, tau=TAU):
    """The delay task's test set for ``seed``: ``x`` (τ, n, 4), ``y`` (τ, n), ``ids`` (τ, n).

    Drawn from a stream no training batch uses (see :func:`rnnlib.data.delay_task`).
    """
    n, tau = _sizes(n, tau)
    return delay_task(n, tau, N_SYMBOLS, DELAY, seed=np.random.default_rng([_seed(seed), 2]))


def counter_test(seed, noise=NOISE, n=N_TEST, tau=COUNT_TAU):
    """The counter's test set for ``seed``: ``x`` (τ, n, 2), ``y`` (τ, n), from a stream no training batch uses."""
    return counter_task(n, tau, seed=np.random.default_rng([_seed(seed), 2]), noise=noise)


def counter_task(n, tau=COUNT_TAU, *, seed, noise=0.0):
    """Count clicks modulo MODULUS, read through a sensor that errs with probability ``noise``.

    At each step a click happens (d(t) = 1) or not (0), with probability 1/2;
    the target is y(t) = (d(1) + ... + d(t)) mod MODULUS. The network reads the
    sensor, x(t) = one_hot(s(t)), where s(t) = d(t) except with probability
    ``noise``, when s(t) = 1 − d(t).

    Returns
    -------
    x : ndarray (τ, n, 2) float64
    y : ndarray (τ, n) int64 in 0 .. MODULUS − 1
    """
    n, tau = _sizes(n, tau)
    noise = _noise(noise)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(_seed(seed))
    d = rng.integers(0, 2, (tau, n))
    y = np.cumsum(d, axis=0) % MODULUS
    wrong = rng.random((tau, n)) < noise
    return one_hot(np.where(wrong, 1 - d, d), 2), y.astype(np.int64)


# ---------------------------------------------------------------------------- training

class _Running:
    """What rnnlib.optim.train needs of a model (params, loss_and_grads(x, y)), with the feedback fixed."""

    def __init__(self, model, feedback):
        self.model, self.feedback = model, feedback

    @property
    def params(self):
        return self.model.params

    def loss_and_grads(self, x, y):
        return self.model.loss_and_grads(x, y, feedback=self.feedback)


def _train(model, batch, seed, steps, progress, label, feedback=None):
    stream = np.random.default_rng([seed, 1])           # the training batches of this seed
    learner = model if feedback is None else _Running(model, feedback)
    history = train(learner, lambda step: batch(stream), _checks.positive_int(steps, "steps", MAX_STEPS),
                    optimizer=Adam(lr=LR), progress=_checks.boolean(progress, "progress"), label=label)
    return model, history


def train_delay(pattern, *, seed, n_hidden=N_HIDDEN, steps=STEPS, feedback="target", progress=False):
    """Train an ``RNN(4, n_hidden, 5, pattern)`` on the delay task (τ = TAU).

    Pattern "output" is trained with what ``feedback`` names: "target"
    (teacher forcing: the true y(t-1) is fed back), or, running free, its own
    "softmax" ŷ(t-1) or "logits" o(t-1), with the gradient flowing back
    through them. Same data stream, optimiser and budget for every run.

    Returns
    -------
    model : RNN
    history : rnnlib.optim.History
    """
    pattern = _checks.choice(pattern, "pattern", ("hidden", "output"))
    seed = _seed(seed)
    n_hidden = _checks.positive_int(n_hidden, "n_hidden", MAX_HIDDEN)
    feedback = _checks.choice(feedback, "feedback", ("target", "softmax", "logits"))
    if pattern != "output" and feedback != "target":
        raise ValueError(f"feedback: got {feedback!r} for pattern 'hidden', wanted 'target' (the default): "
                         "what is fed back is a choice of pattern 'output' only")
    model = RNN(N_SYMBOLS, n_hidden, N_SYMBOLS + 1, pattern=pattern, seed=seed)
    batch = lambda rng: delay_task(BATCH, TAU, N_SYMBOLS, DELAY, seed=rng)[:2]  # noqa: E731
    label = f"{pattern}-recurrent, delay task" + (f", {feedback} fed back" if pattern == "output" else "")
    return _train(model, batch, seed, steps, progress, label, feedback if pattern == "output" else None)


def train_counter(pattern, *, seed, noise=NOISE, n_hidden=N_HIDDEN, steps=STEPS, feedback="target",
                  progress=False):
    """Train an ``RNN(2, n_hidden, 5, pattern)`` on the click counter.

    "hidden" and "output" get a target at every step (τ = COUNT_TAU);
    "last" gets only the final count, after τ = LAST_TAU steps. Pattern
    "output" is trained with what ``feedback`` names: "target" (teacher
    forcing, the default) or, running free, its own "softmax" or "logits".
    """
    pattern = _checks.choice(pattern, "pattern", PATTERNS)
    seed = _seed(seed)
    feedback = _checks.choice(feedback, "feedback", ("target", "softmax", "logits"))
    if pattern != "output" and feedback != "target":
        raise ValueError(f"feedback: got {feedback!r} for pattern {pattern!r}, wanted 'target' (the default): "
                         "what is fed back is a choice of pattern 'output' only")
    model = RNN(2, _checks.positive_int(n_hidden, "n_hidden", MAX_HIDDEN), MODULUS, pattern=pattern, seed=seed)
    if pattern == "last":
        def batch(rng):
            x, y = counter_task(BATCH, LAST_TAU, seed=rng, noise=noise)
            return x, y[-1]
    else:
        def batch(rng):
            return counter_task(BATCH, COUNT_TAU, seed=rng, noise=noise)
    free = pattern == "output" and feedback != "target"
    return _train(model, batch, seed, steps, progress, f"{pattern}-recurrent, counter"
                  + (f", {feedback} fed back" if free else ""), feedback if free else None)


def feedback_costs(seed, noise=NOISE):
    """What the feedback costs the teacher-forced counter at this sensor ``noise``, running free.

    Trains ``train_counter("output", seed=seed, noise=noise)`` and runs it
    free on the seed's test set at the same noise. Returns a dict:
    "argmax - softmax" (accuracy, mean over t = 6..12) and "softmax - sample"
    (mean over all steps). E.g. ``[ch.feedback_costs(s, noise=0.3) for s in range(10)]``.
    """
    seed = _seed(seed)
    model, _ = train_counter("output", seed=seed, noise=_noise(noise))
    x, y = counter_test(seed, noise=noise)
    acc = {f: per_step_accuracy(model, x, y, feedback=f, seed=seed if f == "sample" else None)
           for f in ("argmax", "softmax", "sample")}
    return {"argmax - softmax": float((acc["argmax"] - acc["softmax"])[5:].mean()),
            "softmax - sample": float((acc["softmax"] - acc["sample"]).mean())}


# ---------------------------------------------------------------------------- running and measuring

def _model(model, pattern=None, name="model"):
    if not isinstance(model, RNN):
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(model)}, wanted an rnnlib RNN")
    if pattern is not None and model.pattern != pattern:
        raise ValueError(f"{name}: got pattern {model.pattern!r}, wanted {pattern!r}")
    return model


def run_free(model, x, feedback, seed=None):
    """Run an output-recurrent network on its own outputs: o(1..τ), ndarray (τ, batch, n_out).

    feedback : what step t is fed back
        "argmax": one-hot of the most likely class of o(t-1);
        "sample": one-hot of a class drawn from ŷ(t-1) (needs ``seed``);
        "softmax": ŷ(t-1) itself, an average over the classes;
        "logits": o(t-1).
    The first two are this loop's; the last two are rnnlib's own ``forward``.
    """
    model = _model(model, "output")
    feedback = _checks.choice(feedback, "feedback", RUN_FEEDBACKS)
    x3, _ = _checks.sequence(x, "x", model.n_in)
    if feedback == "sample":
        if seed is None:
            raise ValueError("seed: got None with feedback 'sample', wanted an integer >= 0 (sampling is seeded)")
        rng = np.random.default_rng([_seed(seed), 3])
    elif seed is not None:
        raise ValueError(f"seed: got {seed!r} with feedback {feedback!r}, wanted None (only 'sample' draws)")
    if feedback in ("softmax", "logits"):
        return model.forward(x3, feedback=feedback).o
    model.forward(x3[:1])                                 # checks the parameters once, before the loop
    p, (tau, batch, _) = model.params, x3.shape
    o = np.empty((tau, batch, model.n_out))
    r = np.zeros((batch, model.n_out))                    # nothing fed back before step 1
    for t in range(tau):
        o[t] = step(p, x3[t], r, check=False) @ p["V"].T + p["c"]
        if feedback == "argmax":
            k = o[t].argmax(-1)
        else:
            k = (rng.random((batch, 1)) > np.cumsum(softmax(o[t]), -1)).sum(-1).clip(0, model.n_out - 1)
        r = one_hot(k, model.n_out)
    return o


def _outputs_and_targets(model, x, y, feedback, seed):
    model = _model(model)
    if model.pattern == "last":
        raise ValueError("model: got pattern 'last', which has one output per sequence: use last_accuracy")
    if seed is not None and (model.pattern != "output" or feedback == "target"):
        raise ValueError(f"seed: got {_checks._got(seed)} with feedback {feedback!r}, wanted None "
                         "(only feedback 'sample' draws)")
    x3, _ = _checks.sequence(x, "x", model.n_in)
    y = _checks.labels(y, "y", x3.shape[:2], model.n_out, "(τ, batch)")
    if model.pattern != "output":
        if feedback is not None:
            raise ValueError(f"feedback: got {feedback!r} for pattern {model.pattern!r}, wanted None "
                             "(what is fed back is a choice of pattern 'output' only)")
        return model.forward(x3).o, y
    if feedback == "target":
        return model.forward(x3, targets=y).o, y
    return run_free(model, x3, "softmax" if feedback is None else feedback, seed), y


def per_step_accuracy(model, x, y, *, feedback=None, seed=None):
    """Fraction of sequences whose most likely output is the target, at each step: ndarray (τ,).

    Pattern "output": ``feedback`` "target" evaluates it teacher-forced (the true
    y(t-1) fed back); "argmax", "softmax" (the default), "sample" or "logits"
    run it free (:func:`run_free`; "sample" needs ``seed``).
    """
    o, y = _outputs_and_targets(model, x, y, feedback, seed)
    return (o.argmax(-1) == y).mean(axis=1)


def per_step_loss(model, x, y, *, feedback=None, seed=None):
    """Cross-entropy L(t) = −log ŷ(t)[y(t)] at each step, averaged over the batch: ndarray (τ,)."""
    o, y = _outputs_and_targets(model, x, y, feedback, seed)
    return -np.take_along_axis(log_softmax(o), y[..., None], axis=-1)[..., 0].mean(axis=1)


def last_accuracy(model, x, y):
    """Accuracy of a pattern-"last" model: x (τ, batch, n_in), y (batch,) -> float."""
    model = _model(model, "last")
    x3, _ = _checks.sequence(x, "x", model.n_in)
    y = _checks.labels(y, "y", x3.shape[1:2], model.n_out, "(batch,)")
    return float((model.predict(x3) == y).mean())


# ---------------------------------------------------------------------------- the best possible counter

def counter_bound(tau=COUNT_TAU, noise=NOISE):
    """How often the count of the readings is the true count, at each step: ndarray (τ,).

    The sensor's error at a step is +1 (a click invented), −1 (a click missed)
    or 0, with probabilities noise/2, noise/2, 1 − noise; the count of the
    readings is right when the errors so far add up to 0 modulo MODULUS.
    """
    tau = _checks.positive_int(tau, "tau", MAX_TAU)
    noise = _noise(noise)
    p = np.eye(MODULUS)[0]
    out = []
    for _ in range(tau):
        p = (1 - noise) * p + noise / 2 * (np.roll(p, 1) + np.roll(p, -1))
        out.append(p[0])
    return np.array(out)


def _error_given_readings(t, k, noise):
    """P(true count − count of the readings ≡ e mod MODULUS) after t readings of which k are clicks."""
    p = np.eye(MODULUS)[0]
    for _ in range(k):                       # a reading 1 may be a click that did not happen: e − 1
        p = (1 - noise) * p + noise * np.roll(p, -1)
    for _ in range(t - k):                   # a reading 0 may hide a click: e + 1
        p = (1 - noise) * p + noise * np.roll(p, 1)
    return p


def counter_optimum(tau=COUNT_TAU, noise=NOISE):
    """The best accuracy any predictor reading only the sensor can reach, at each step: ndarray (τ,).

    Given the readings, each click is independently the reading with
    probability 1 − noise, so the posterior over the true count depends on
    the number k of readings 1 only; the best guess is its most likely value
    (:func:`best_count`), right with that value's probability. Averaged over
    k ~ Binomial(t, 1/2) (the readings are fair coins).
    """
    tau = _checks.positive_int(tau, "tau", 200)
    noise = _noise(noise)
    return np.array([sum(comb(t, k) / 2 ** t * _error_given_readings(t, k, noise).max() for k in range(t + 1))
                     for t in range(1, tau + 1)])


def best_count(x, noise=NOISE):
    """The optimal guess of the count at each step from the readings x (τ, batch, 2): ndarray (τ, batch)."""
    x3, _ = _checks.sequence(x, "x", 2)
    noise = _noise(noise)
    tau = x3.shape[0]
    _checks.size_limit(tau, "x", tau, 200, "steps")
    k = np.cumsum(x3.argmax(-1), axis=0)                                       # readings 1 so far
    shift = np.array([[_error_given_readings(t, j, noise).argmax() for j in range(tau + 1)]
                      for t in range(1, tau + 1)])                             # (τ, τ+1)
    return (k + shift[np.arange(tau)[:, None], k]) % MODULUS


# ---------------------------------------------------------------------------- gradients

def output_gradients(model, x, y):
    """∇o(t), the gradient of the loss with respect to every o(t), recovered from ``model.backward``.

    Eq. 10.21 splits ∇h(t) into what comes from later steps and what comes from o(t):
    Vᵀ ∇o(t) = ∇h(t) − Wᵀ diag(1 − h(t+1)²) ∇h(t+1) (for t = τ, just ∇h(τ)), and
    ∇o(t) is the least-squares solution, exact when n_out ≤ n_hidden.

    model : RNN with pattern "hidden" or "last"; x (τ, batch, n_in); y (τ, batch), or (batch,) for "last".
    Returns ndarray (τ, batch, n_out).
    """
    model = _model(model)
    if model.pattern == "output":
        raise ValueError("model: got pattern 'output', wanted 'hidden' or 'last' (with teacher forcing "
                         "∇h(t) = Vᵀ∇o(t) directly, eq. 10.21 has no recurrent term)")
    if model.n_out > model.n_hidden:
        raise ValueError(f"model: got n_out = {model.n_out} > n_hidden = {model.n_hidden}, wanted "
                         "n_out ≤ n_hidden (otherwise Vᵀ∇o(t) does not determine ∇o(t))")
    x3, _ = _checks.sequence(x, "x", model.n_in)
    _, _, dh = model.backward(x3, y)
    h = model.forward(x3).h
    p = model.params
    direct = dh.copy()
    direct[:-1] -= (dh[1:] * (1.0 - h[1:] ** 2)) @ p["W"]       # remove Wᵀ diag(1 − h(t+1)²) ∇h(t+1)
    tau, batch, _ = direct.shape
    do, *_ = np.linalg.lstsq(p["V"].T, direct.reshape(-1, model.n_hidden).T, rcond=None)
    return do.T.reshape(tau, batch, model.n_out)
