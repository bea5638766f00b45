"""Chapter 4's training experiments: the copy-first task and steps-to-solve against the gap,
clipping against a tuned learning rate, truncated BPTT on the delayed echo.

Every run is trained to a stated criterion (test accuracy ≥ ``SOLVED_ACC`` on
fresh sequences, checked every few steps) under a budget cap, so that what is
reported (steps to solve, the number of runs solved within the cap) does not
hang on where a chaotic training curve happens to be at one fixed step.
"""

from dataclasses import dataclass

import numpy as np

from ... import _checks
from ...data import delay_task
from ...functional import one_hot
from ...optim import SGD, Adam, TrainingDiverged, train
from ...rnn import RNN
from . import settings as S
from .equations import _model

__all__ = ["copy_first", "train_to_criterion", "Run", "GapRuns", "gap_runs", "ClippingRuns", "clipping_runs",
           "truncated_loss_and_grads", "Truncated", "echo_accuracy", "ReadoutOnly", "echo_readout_accuracy"]


# ----------------------------------------------------------------------------- the task
def copy_first(n, k, *, seed, n_symbols=S.GAP_SYMBOLS, quiet=False):
    """The copy-first task: read k + 1 random symbols, then name the first one.

    Parameters
    ----------
    n : int, number of sequences
    k : int ≥ 1, the gap: the symbol read at t = 1 is needed at t = τ = k + 1
    seed : int ≥ 0 or numpy.random.Generator
    n_symbols : int ≥ 2 (2: one bit to carry)
    quiet : bool   the quiet control: the k symbols after the first are zero vectors
        (the same distance, nothing read in between)

    Returns
    -------
    x : ndarray (k + 1, n, n_symbols)   one-hot symbols, time first
    y : int ndarray (n,)                the symbol read at t = 1

    At most ``MAX_SEQUENCE_VALUES`` one-hot values (n × (k + 1) × n_symbols).
    """
    n = _checks.positive_int(n, "n")
    k = _checks.integer(k, "k", 1, S.MAX_GAP)
    n_symbols = _checks.integer(n_symbols, "n_symbols", 2, 100)
    _checks.size_limit(n * (k + 1) * n_symbols, "n", n, S.MAX_SEQUENCE_VALUES, "one-hot values (n × (k + 1) × "
                       "n_symbols)")
    seed = _checks.seed(seed, generator=True)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    quiet = _checks.boolean(quiet, "quiet")
    s = rng.integers(0, n_symbols, (k + 1, n))
    x = one_hot(s, n_symbols)
    if quiet:
        x[1:] = 0.0
    return x, s[0]


def _seed(seed):
    """A seed ≥ 0 (not None: the runs derive their generators from it, so that they are reproducible)."""
    if seed is None:
        raise _checks.ArgumentTypeError("seed: got None, wanted an integer >= 0 (the runs' generators derive from it)")
    return _checks.seed(seed)


@dataclass
class Run:
    """One training run to a criterion.

    Attributes
    ----------
    solved_at : int or None   the first checked step at which test accuracy ≥ the criterion (None: not within the cap)
    loss : list of float      training loss per step (fresh batches)
    grad_norm : list of float gradient norm per step, before clipping
    diverged : bool           the run stopped with a non-finite loss or gradient
    """

    solved_at: object
    loss: list
    grad_norm: list
    diverged: bool = False


def train_to_criterion(model, batches, test, *, optimizer, clip, cap, every, criterion=S.SOLVED_ACC):
    """Train ``model`` on ``batches(step)`` until its accuracy on ``test`` reaches ``criterion`` or ``cap`` steps.

    The criterion is checked every ``every`` steps. A run whose loss or gradient
    becomes non-finite (``rl.optim.TrainingDiverged``) stops there, not solved.

    Returns
    -------
    Run
    """
    x_test, y_test = test
    loss, norms, step = [], [], 0
    while step < cap:
        try:
            hist = train(model, lambda i, s=step: batches(s + i), min(every, cap - step), optimizer=optimizer,
                         clip=clip, progress=False)
        except TrainingDiverged:
            return Run(None, loss, norms, diverged=True)
        loss += hist.loss
        norms += hist.grad_norm
        step += len(hist.loss)
        if float((model.predict(x_test) == y_test).mean()) >= criterion:
            return Run(step, loss, norms)
    return Run(None, loss, norms)


# ----------------------------------------------------------------------------- steps to solve against the gap
@dataclass
class GapRuns:
    """Steps-to-solve of the copy-first task against the gap k, several networks per gap.

    Attributes
    ----------
    distances : tuple of int   the gaps k
    runs : dict k -> list of Run, one per network (seeds 10·seed + 0, 1, ...)
    cap : int                  the budget cap
    """

    distances: tuple
    runs: dict
    cap: int

    def steps(self, k):
        """Steps to solve of every run at gap ``k`` (None: not within the cap)."""
        return [r.solved_at for r in self.runs[_gap(self, k)]]

    def solved(self, k):
        """How many runs at gap ``k`` solved the task within the cap."""
        return sum(s is not None for s in self.steps(k))

    def median(self, k):
        """The median steps-to-solve at gap ``k``, a run not solved counting as the cap (a lower bound then)."""
        return float(np.median([self.cap if s is None else s for s in self.steps(k)]))

    def worst(self, k):
        """The most steps any run at gap ``k`` needed (the cap if one did not solve)."""
        return max(self.cap if s is None else s for s in self.steps(k))


def _gap(runs, k):
    if k not in runs.runs:
        raise ValueError(f"k: got {k!r}, wanted one of the measured gaps {runs.distances}")
    return k


def _distances(distances):
    _checks.instance(distances, "distances", (tuple, list), "a tuple of gaps k, such as (2, 4, 8)")
    if not distances:
        raise ValueError("distances: got an empty sequence, wanted at least one gap k")
    if len(distances) > 20:
        raise ValueError(f"distances: got {len(distances)} gaps, wanted at most 20")
    return tuple(_checks.integer(k, "distances", 1, S.MAX_GAP) for k in distances)


def gap_runs(distances=S.GAP_DISTANCES, *, seed=0, runs=S.GAP_RUNS, cap=S.GAP_CAP, quiet=False):
    """Train ``runs`` networks per gap k on the copy-first task to the criterion; steps to solve each.

    Each network is an ``RNN(2, 16, 2, pattern="last")`` (seed 10·seed + run),
    trained with Adam (lr 0.01, gradient norm clipped at 5) on batches of 32
    fresh sequences; every ``GAP_EVERY`` steps it is tested on ``GAP_TEST`` new
    sequences and stops once ``SOLVED_ACC`` of them are right, or at ``cap`` steps.
    ``quiet=True``: the quiet control, the same runs with the k symbols between
    the first and the question replaced by zero vectors (``copy_first(quiet=True)``).

    Returns
    -------
    GapRuns
    """
    distances = _distances(distances)
    seed = _seed(seed)
    quiet = _checks.boolean(quiet, "quiet")
    runs = _checks.integer(runs, "runs", 1, 20)
    cap = _checks.integer(cap, "cap", S.GAP_EVERY, 20_000)
    out = {}
    for k in distances:
        out[k] = []
        for r in range(runs):
            rng = np.random.default_rng([seed, r, k])
            test = copy_first(S.GAP_TEST, k, seed=np.random.default_rng([seed, r, k, 1]), quiet=quiet)
            model = RNN(S.GAP_SYMBOLS, S.GAP_HIDDEN, S.GAP_SYMBOLS, pattern="last", seed=10 * seed + r)
            out[k].append(train_to_criterion(
                model, lambda _i, rng=rng, k=k: copy_first(S.GAP_BATCH, k, seed=rng, quiet=quiet), test,
                optimizer=Adam(lr=S.GAP_LR), clip=S.GAP_CLIP, cap=cap, every=S.GAP_EVERY))
    return GapRuns(distances, out, cap)


# ----------------------------------------------------------------------------- clipping
@dataclass
class ClippingRuns:
    """The clipping experiment: for each arm (name, learning rate, max_norm or None), one Run per network."""

    arms: tuple
    runs: dict
    cap: int

    def solved(self, name):
        """How many runs of arm ``name`` solved the task within the cap."""
        return sum(r.solved_at is not None for r in self._arm(name))

    def steps(self, name):
        return [r.solved_at for r in self._arm(name)]

    def largest_norm(self, name):
        """The largest gradient norm (before clipping) of any step of any run of arm ``name``."""
        return max(max(r.grad_norm, default=0.0) for r in self._arm(name))

    def median_norm(self, name):
        """The median gradient norm (before clipping) over all steps of all runs of arm ``name``."""
        return float(np.median([g for r in self._arm(name) for g in r.grad_norm]))

    def clipped_share(self, name):
        """The share of all steps of arm ``name`` whose gradient norm exceeded its max_norm (0 without clipping)."""
        clip = dict((a[0], a[2]) for a in self.arms)[self._arm_name(name)]
        norms = [g for r in self._arm(name) for g in r.grad_norm]
        return 0.0 if clip is None or not norms else float(np.mean(np.array(norms) > clip))

    def first_loss(self):
        """The mean training loss at the first step, over every run of every arm (the same weights and batch)."""
        return float(np.mean([r.loss[0] for runs in self.runs.values() for r in runs if r.loss]))

    def _arm_name(self, name):
        self._arm(name)
        return name

    def _arm(self, name):
        if name not in self.runs:
            raise ValueError(f"name: got {name!r}, wanted one of {', '.join(map(repr, self.runs))}")
        return self.runs[name]


def _arms(arms):
    _checks.instance(arms, "arms", (tuple, list), "a tuple of (name, lr, max_norm or None)")
    if not arms or len(arms) > 8:
        raise ValueError(f"arms: got {len(arms)} arms, wanted 1 to 8")
    out = []
    for i, arm in enumerate(arms):
        if not (isinstance(arm, (tuple, list)) and len(arm) == 3):
            raise _checks.ArgumentTypeError(f"arms[{i}]: got {_checks._got(arm)}, wanted (name, lr, max_norm or None)")
        name = _checks.text(arm[0], f"arms[{i}][0]")
        lr = _checks.number(arm[1], f"arms[{i}][1]", 0, 10, low_open=True, what="a learning rate")
        clip = None if arm[2] is None else _checks.number(arm[2], f"arms[{i}][2]", 0, 1e6, low_open=True,
                                                          what="None or a clipping norm")
        out.append((name, lr, clip))
    return tuple(out)


def clipping_runs(seed=0, *, arms=S.CLIP_ARMS, runs=S.CLIP_RUNS, cap=S.CLIP_CAP):
    """Train the same networks under each arm (learning rate, clipping) to the criterion.

    Every arm starts run r from the same weights (``RNN(4, 16, 4, "last")``,
    seed 10·seed + r, drawn ``CLIP_INIT_SCALE`` times as large as usual: the
    exploding regime) and sees the same batches of the copy-first task with
    four symbols at gap ``CLIP_DISTANCE``, with plain SGD; the arms differ only
    in the learning rate and in clipping the gradient norm before each update.

    Returns
    -------
    ClippingRuns
    """
    seed = _seed(seed)
    arms = _arms(arms)
    runs = _checks.integer(runs, "runs", 1, 20)
    cap = _checks.integer(cap, "cap", 10, 20_000)
    k, n_sym = S.CLIP_DISTANCE, S.CLIP_SYMBOLS
    out = {}
    for name, lr, clip in arms:
        out[name] = []
        for r in range(runs):
            rng = np.random.default_rng([seed, r, 7])            # the same batches in every arm
            batch = lambda _i, rng=rng: copy_first(S.CLIP_BATCH, k, n_symbols=n_sym, seed=rng)  # noqa: E731
            test = copy_first(S.CLIP_TEST, k, n_symbols=n_sym, seed=np.random.default_rng([seed, r, 8]))
            model = RNN(n_sym, S.CLIP_HIDDEN, n_sym, pattern="last", seed=10 * seed + r,
                        init_scale=S.CLIP_INIT_SCALE)
            out[name].append(train_to_criterion(model, batch, test, optimizer=SGD(lr=lr), clip=clip, cap=cap,
                                                every=10))
    return ClippingRuns(arms, out, cap)


# ----------------------------------------------------------------------------- truncated BPTT
def truncated_loss_and_grads(model, x, y, window):
    """Truncated BPTT: run forward over the whole sequence, back-propagate at most ``window`` steps.

    The sequence is cut into chunks of ``window`` steps (ℓ in the text). Each
    chunk starts from the last state of the previous one, carried forward as a
    constant h(0), so its gradients stop at the chunk's start. Same shapes as
    ``model.loss_and_grads``.
    """
    _model(model, ("hidden",))
    x3, single = _checks.sequence(x, "x", model.n_in)
    window = _checks.integer(window, "window", 1, x3.shape[0] if x3.shape[0] > 1 else 1, why=" (τ, the length of x)")
    x = x3[:, 0] if single else x3
    y = _checks.labels(y, "y", x.shape[:-1], model.n_out, "(τ,) or (τ, batch), as x")
    total, grads, h = 0.0, {name: np.zeros_like(p) for name, p in model.params.items()}, None
    for s in range(0, x.shape[0], window):
        xc, yc = x[s:s + window], y[s:s + window]
        value, g = model.loss_and_grads(xc, yc, h0=h)
        h = model.forward(xc, h0=h).h[-1]               # carried forward, not back-propagated into
        total += value
        for name in grads:
            grads[name] += g[name]
    return total, grads


class Truncated:
    """A model whose ``loss_and_grads`` is truncated BPTT with chunks of ``window`` steps (for ``rl.optim.train``)."""

    def __init__(self, model, window):
        self.model = _model(model, ("hidden",))
        self.window = _checks.integer(window, "window", 1, 10_000)

    @property
    def params(self):
        return self.model.params

    def loss_and_grads(self, x, y):
        return truncated_loss_and_grads(self.model, x, y, min(self.window, len(x)))


def echo_accuracy(windows=(S.ECHO_DELAY, S.ECHO_DELAY + 1, None), *, seed=0, steps=S.ECHO_STEPS):
    """Train the delayed echo (``rl.data.delay_task``) with BPTT truncated to ``window`` steps (None: full BPTT).

    Every run: the same initial weights, the same batches, ``steps`` Adam steps
    (lr 0.01), gradient norm clipped at 5. Accuracy counts the steps t > delay.

    Returns
    -------
    dict window (or None) -> accuracy (chance: 1/4)
    """
    _checks.instance(windows, "windows", (tuple, list), "a tuple of window lengths ℓ (None: full BPTT)")
    if not windows or len(windows) > 10:
        raise ValueError(f"windows: got {len(windows)} windows, wanted 1 to 10")
    windows = tuple(None if w is None else _checks.integer(w, "windows", 1, S.ECHO_TAU) for w in windows)
    seed = _seed(seed)
    steps = _checks.integer(steps, "steps", 1, 5000)
    tau, delay, n = S.ECHO_TAU, S.ECHO_DELAY, 4
    acc = {}
    for w in windows:
        rng = np.random.default_rng([seed, 11])
        model = RNN(n, 16, n + 1, seed=seed)
        train(Truncated(model, tau if w is None else w),
              lambda _step, rng=rng: delay_task(32, tau, n, delay, seed=rng)[:2], steps,
              optimizer=Adam(lr=0.01), clip=5.0, progress=False)
        x, y, _ = delay_task(500, tau, n, delay, seed=np.random.default_rng([seed, 12]))
        acc[w] = float((model.predict(x)[delay:] == y[delay:]).mean())
    return acc


class ReadoutOnly:
    """A model trained in its read-out only: ``loss_and_grads`` zeroes the gradients of U, W and b (a control)."""

    def __init__(self, model):
        self.model = _model(model, ("hidden",))

    @property
    def params(self):
        return self.model.params

    def loss_and_grads(self, x, y):
        value, grads = self.model.loss_and_grads(x, y)
        return value, {k: g if k in ("V", "c") else np.zeros_like(g) for k, g in grads.items()}


def echo_readout_accuracy(*, seed=0, steps=S.ECHO_STEPS):
    """The control for truncation: the echo network of :func:`echo_accuracy` with V and c trained, U, W, b frozen.

    Same initial weights, batches, optimiser and budget as ``echo_accuracy``;
    returns the accuracy over the steps t > delay (chance: 1/4).
    """
    seed = _seed(seed)
    steps = _checks.integer(steps, "steps", 1, 5000)
    tau, delay, n = S.ECHO_TAU, S.ECHO_DELAY, 4
    rng = np.random.default_rng([seed, 11])
    model = RNN(n, 16, n + 1, seed=seed)
    train(ReadoutOnly(model), lambda _step: delay_task(32, tau, n, delay, seed=rng)[:2], steps,
          optimizer=Adam(lr=0.01), clip=5.0, progress=False)
    x, y, _ = delay_task(500, tau, n, delay, seed=np.random.default_rng([seed, 12]))
    return float((model.predict(x)[delay:] == y[delay:]).mean())
