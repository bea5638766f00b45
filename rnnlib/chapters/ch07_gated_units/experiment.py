"""Chapter 7's experiments: the four networks on chapter 4's copy-first task, steps-to-solve against the gap,
the bias control, gradient norms against distance, one sequence through the trained LSTM, and the cost.

Every run is trained to a stated criterion (test accuracy ≥ ``SOLVED_ACC`` on
fresh sequences, checked every ``EVERY`` steps) under one budget cap, with one
optimiser (Adam, learning rate ``LR``, gradient norm clipped at ``CLIP``) for
every network, so what is compared is the recurrence and nothing else.
"""

import time
from dataclasses import dataclass

import numpy as np

from ... import _checks
from ...data.sequences import copy_first
from ...gated import GRU, LSTM, LeakyRNN
from ...optim import Adam, TrainingDiverged, train
from ...rnn import RNN
from . import settings as S

__all__ = ["make_network", "train_to_criterion", "GapRuns", "gap_runs", "bias_control", "lr_control", "GradNorms",
           "gradient_norms", "one_sequence", "OneSequence", "cost"]


def _kind(kind):
    return _checks.choice(kind, "kind", S.KINDS)


def make_network(kind, seed, *, bias=S.KEEP_BIAS, n_hidden=None, pattern="last"):
    """One of the four networks of the comparison, of about 370 parameters (``settings.HIDDEN``).

    kind : "RNN", "leaky" (α one per unit, ``LEAKY_ALPHA``), "GRU" (update-gate bias ``bias``)
    or "LSTM" (forget-gate bias ``bias``); seed : int ≥ 0; n_hidden : None (the chapter's size) or an int.
    """
    kind = _kind(kind)
    seed = _checks.integer(seed, "seed", 0)
    bias = _checks.number(bias, "bias", -30, 30, what="an initial gate bias")
    n = S.HIDDEN[kind] if n_hidden is None else _checks.integer(n_hidden, "n_hidden", 1, 256)
    k = S.SYMBOLS
    if kind == "RNN":
        return RNN(k, n, k, pattern=pattern, seed=seed)
    if kind == "leaky":
        alpha = S.LEAKY_ALPHA if n == S.HIDDEN["leaky"] else np.linspace(0.0, 0.99, n)
        return LeakyRNN(k, n, k, pattern=pattern, seed=seed, alpha=alpha)
    if kind == "GRU":
        return GRU(k, n, k, pattern=pattern, seed=seed, update_bias=bias)
    return LSTM(k, n, k, pattern=pattern, seed=seed, forget_bias=bias)


def train_to_criterion(model, k, seed, cap=S.CAP, *, lr=S.LR):
    """Train ``model`` on fresh copy-first batches at gap ``k`` until it solves the task or ``cap`` steps.

    Batches come from ``default_rng([seed, k])``, the test set from ``default_rng([seed, k, 1])``.
    Returns the first checked step at which test accuracy ≥ ``SOLVED_ACC``, or None.
    """
    _checks.instance(model, "model", (RNN, LSTM, GRU, LeakyRNN), "a network of ch.make_network(kind, seed)")
    if model.n_in != S.SYMBOLS or model.n_out != S.SYMBOLS or model.pattern != "last":
        raise ValueError(f"model: got {model!r}, wanted a network of ch.make_network(kind, seed): "
                         f"n_in = n_out = {S.SYMBOLS}, pattern 'last'")
    model._check_params()
    k = _checks.integer(k, "k", 1, S.MAX_GAP)
    seed = _checks.integer(seed, "seed", 0)
    cap = _checks.integer(cap, "cap", S.EVERY, S.MAX_CAP)
    lr = _checks.number(lr, "lr", 0, 1, low_open=True, what="a learning rate")
    rng = np.random.default_rng([seed, k])
    x_test, y_test = copy_first(S.TEST, k, seed=np.random.default_rng([seed, k, 1]))
    opt = Adam(lr=lr)
    step = 0
    while step < cap:
        try:
            train(model, lambda _i: copy_first(S.BATCH, k, seed=rng), S.EVERY, optimizer=opt, clip=S.CLIP,
                  progress=False)
        except TrainingDiverged:
            return None
        step += S.EVERY
        if float((model.predict(x_test) == y_test).mean()) >= S.SOLVED_ACC:
            return step
    return None


@dataclass
class GapRuns:
    """Steps-to-solve: ``steps[(kind, k)]`` is a list, one entry per run (None: not within ``cap``);
    ``models[kind]`` the first network that solved the long gap (None if none did)."""

    steps: dict
    gaps: tuple
    kinds: tuple
    cap: int
    models: dict

    def solved(self, kind, k):
        """How many runs of ``kind`` at gap ``k`` solved within the cap."""
        return sum(s is not None for s in self._get(kind, k))

    def median(self, kind, k):
        """Median steps-to-solve, a run not solved counting as the cap (a lower bound then)."""
        return float(np.median([self.cap if s is None else s for s in self._get(kind, k)]))

    def _get(self, kind, k):
        if (kind, k) not in self.steps:
            raise ValueError(f"(kind, k): got {(kind, k)!r}, wanted a kind of {self.kinds} and a gap of {self.gaps}")
        return self.steps[(kind, k)]


def _gaps(gaps):
    _checks.instance(gaps, "gaps", (tuple, list), "a tuple of gaps k, such as (10, 40)")
    if not 1 <= len(gaps) <= 6:
        raise ValueError(f"gaps: got {len(gaps)} gaps, wanted 1 to 6")
    return tuple(_checks.integer(k, "gaps", 1, S.MAX_GAP) for k in gaps)


def gap_runs(seed=0, *, gaps=S.GAPS, runs=S.RUNS, cap=S.CAP, kinds=S.KINDS):
    """Train ``runs`` networks of each kind at each gap to the criterion (seeds 10·seed + r); see :class:`GapRuns`.

    The networks trained at the longest gap are kept (one per kind, the first that solved it) for the
    gradient and stepper sections.
    """
    seed = _checks.integer(seed, "seed", 0)
    gaps = _gaps(gaps)
    runs = _checks.integer(runs, "runs", 1, S.MAX_RUNS)
    cap = _checks.integer(cap, "cap", S.EVERY, S.MAX_CAP)
    _checks.instance(kinds, "kinds", (tuple, list), f"a tuple of kinds from {S.KINDS}")
    kinds = tuple(_kind(k) for k in kinds)
    steps, models = {}, dict.fromkeys(kinds)
    for kind in kinds:
        for k in gaps:
            steps[(kind, k)] = []
            for r in range(runs):
                model = make_network(kind, 10 * seed + r)
                steps[(kind, k)].append(train_to_criterion(model, k, 10 * seed + r, cap))
                if k == max(gaps) and models[kind] is None and steps[(kind, k)][-1] is not None:
                    models[kind] = model
    return GapRuns(steps, gaps, kinds, cap, models)


def bias_control(seed=0, *, k=S.LONG, runs=S.CONTROL_RUNS, bias=S.CONTROL_BIAS, cap=S.CAP, kinds=S.CONTROL_KINDS):
    """The gated networks ``kinds`` at gap ``k`` with the gate bias ``bias`` instead of ``KEEP_BIAS``, all else equal.

    Returns {kind: list of steps-to-solve (None: not within the cap)}, the same seeds and batches as gap_runs.
    """
    seed = _checks.integer(seed, "seed", 0)
    k = _checks.integer(k, "k", 1, S.MAX_GAP)
    runs = _checks.integer(runs, "runs", 1, S.MAX_RUNS)
    cap = _checks.integer(cap, "cap", S.EVERY, S.MAX_CAP)
    _checks.instance(kinds, "kinds", (tuple, list), "a tuple of 'GRU' and/or 'LSTM'")
    kinds = tuple(_checks.choice(kind, "kinds", ("GRU", "LSTM")) for kind in kinds)
    return {kind: [train_to_criterion(make_network(kind, 10 * seed + r, bias=bias), k, 10 * seed + r, cap)
                   for r in range(runs)] for kind in kinds}


def lr_control(seed=0, *, k=S.LONG, runs=S.LR_RUNS, lr=S.LR_CONTROL, cap=S.CAP):
    """The plain RNN at gap ``k`` with learning rate ``lr`` instead of ``LR``, all else equal.

    Returns a list of steps-to-solve (None: not within the cap), the same seeds and batches as gap_runs.
    """
    seed = _checks.integer(seed, "seed", 0)
    k = _checks.integer(k, "k", 1, S.MAX_GAP)
    runs = _checks.integer(runs, "runs", 1, S.MAX_RUNS)
    lr = _checks.number(lr, "lr", 0, 1, low_open=True, what="a learning rate")
    cap = _checks.integer(cap, "cap", S.EVERY, S.MAX_CAP)
    return [train_to_criterion(make_network("RNN", 10 * seed + r), k, 10 * seed + r, cap, lr=lr) for r in range(runs)]


# ----------------------------------------------------------------------------- why: gradients against distance
@dataclass
class GradNorms:
    """‖∇h(t)‖ / ‖∇h(τ)‖ (and the LSTM's ‖∇s(t)‖ / ‖∇s(τ)‖) for t = 1..τ, averaged over a batch.

    ``h[name]`` and ``s[name]`` are arrays (τ,); names like "RNN untrained", "LSTM trained".
    """

    tau: int
    h: dict
    s: dict


def _ratios(g):
    n = np.linalg.norm(g, axis=-1).mean(axis=-1)          # (τ,): ‖∇(t)‖ averaged over the batch
    return n / n[-1]


def gradient_norms(models, seed=0, *, k=S.LONG, batch=64):
    """For each network in ``models`` (name -> model with pattern "last"), the gradient norms against t.

    ∇h(t) is the total gradient of the loss L(τ) with respect to h(t), through every later step
    (``model.backward``); for an LSTM also ∇s(t). Sequences: ``batch`` copy-first sequences at gap ``k``.
    """
    _checks.instance(models, "models", dict, "a dict name -> network")
    if not models:
        raise ValueError("models: got an empty dict, wanted at least one network")
    k = _checks.integer(k, "k", 1, S.MAX_GAP)
    batch = _checks.integer(batch, "batch", 1, 1024)
    x, y = copy_first(batch, k, seed=np.random.default_rng([_checks.integer(seed, "seed", 0), k, 2]))
    h, s = {}, {}
    for name, model in models.items():
        _checks.instance(model, f"models[{name!r}]", (RNN, LeakyRNN, GRU, LSTM), "an RNN, LeakyRNN, GRU or LSTM")
        if model.pattern != "last" or model.n_in != S.SYMBOLS:
            raise ValueError(f"models[{name!r}]: got {model!r}, wanted pattern 'last' with n_in = {S.SYMBOLS}")
        _, _, states = model.backward(x, y)
        if isinstance(model, RNN):
            states = {"h": states}
        h[name] = _ratios(states["h"])
        if "s" in states:
            s[name] = _ratios(states["s"])
    return GradNorms(k + 1, h, s)


# ----------------------------------------------------------------------------- one sequence through the LSTM
@dataclass
class OneSequence:
    """One copy-first sequence through a trained LSTM: the symbols, the gates, s, h and ŷ per step.

    Arrays are (τ, n_hidden) (``p_true`` (τ,): the probability of the right answer read out at every t;
    ``s_other`` (τ,): the keeping unit's cell state on a sequence that starts with the other symbol);
    ``unit`` is the unit whose s(τ) separates the two first symbols best (difference of the means over the
    pooled standard deviation, 256 sequences): the unit that keeps the bit.
    """

    symbols: np.ndarray
    f: np.ndarray
    g: np.ndarray
    q: np.ndarray
    s: np.ndarray
    h: np.ndarray
    p_true: np.ndarray
    unit: int
    s_other: np.ndarray = None     # the keeping unit's s(t) on a sequence that starts with the other symbol


def one_sequence(model, seed=0, *, k=S.LONG):
    """Run one copy-first sequence at gap ``k`` through ``model`` (an LSTM with pattern "last")."""
    _checks.instance(model, "model", LSTM, "a trained rl.LSTM with pattern 'last'")
    if model.pattern != "last" or model.n_in != S.SYMBOLS:
        raise ValueError(f"model: got {model!r}, wanted pattern 'last' with n_in = {S.SYMBOLS}")
    k = _checks.integer(k, "k", 1, S.MAX_GAP)
    x, y = copy_first(256, k, seed=np.random.default_rng([_checks.integer(seed, "seed", 0), k, 3]))
    tr = model.forward(x)
    first = x[0].argmax(-1)
    a, b = tr.s[-1][first == 1], tr.s[-1][first == 0]
    separation = np.abs(a.mean(0) - b.mean(0)) / (np.sqrt(0.5 * (a.var(0) + b.var(0))) + 1e-12)
    unit = int(np.argmax(separation))
    i = 0
    j = int(np.argmax(first != first[i]))
    p = tr.y_hat[:, i, y[i]]
    return OneSequence(x[:, i].argmax(-1), tr.gates["f"][:, i], tr.gates["g"][:, i], tr.gates["q"][:, i],
                       tr.s[:, i], tr.h[:, i], p, unit, tr.s[:, j, unit])


# ----------------------------------------------------------------------------- what gating costs
def cost(*, tau=32, batch=32, n_in=16, n_hidden=64, repeats=3):
    """Parameters and seconds per time step of forward + BPTT for RNN, leaky, GRU and LSTM of one size.

    The best of ``repeats`` timings of one ``loss_and_grads`` on random data, divided by τ.
    Returns {kind: (n_params, seconds per step)}.
    """
    tau = _checks.integer(tau, "tau", 1, 512)
    batch = _checks.integer(batch, "batch", 1, 512)
    n_in = _checks.integer(n_in, "n_in", 1, 512)
    n_hidden = _checks.integer(n_hidden, "n_hidden", 1, 512)
    repeats = _checks.integer(repeats, "repeats", 1, 20)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(tau, batch, n_in))
    y = rng.integers(0, n_in, (tau, batch))
    out = {}
    for kind, make in (("RNN", RNN), ("leaky", LeakyRNN), ("GRU", GRU), ("LSTM", LSTM)):
        model = make(n_in, n_hidden, n_in, seed=0)
        best = np.inf
        for _ in range(repeats):
            start = time.perf_counter()
            model.loss_and_grads(x, y)
            best = min(best, time.perf_counter() - start)
        out[kind] = (model.n_params, best / tau)
    return out
