"""Chapter 3, "Recurrent networks and their design patterns": the experiments as functions.

Goodfellow et al. (§10.2) wire a recurrent network three ways: hidden-to-hidden
recurrence with an output at every step (figure 10.3), output-to-hidden
recurrence (figure 10.4, trained with teacher forcing, figure 10.6), and
hidden-to-hidden recurrence read out once at the end (figure 10.5). This
module holds what the chapter runs, so that the notebook and the tests run
exactly the same thing:

>>> hidden, _ = train_delay("hidden", seed=0)     # remember the symbol of 2 steps ago
>>> output, _ = train_delay("output", seed=0)     # the same, with output recurrence
>>> x, y, ids = delay_test(seed=0)
>>> per_step_accuracy(hidden, x, y)[DELAY:].min()  # doctest: +SKIP
1.0
>>> per_step_accuracy(output, x, y)[DELAY:].max()  # doctest: +SKIP
0.27

Two tasks:

* **delay** (:func:`rnnlib.data.delay_task`): read random symbols A..D, output
  at step t the symbol read two steps before (a blank "–" at steps 1 and 2).
  Output recurrence cannot carry the symbol: what it feeds back is only what
  its outputs say, and they say the symbol of *three* steps before.
* **counter** (:func:`counter_task`): a sensor reports a click (1) or no click
  (0) at each step; the target is the number of clicks so far, modulo 5. The
  state the task needs *is* the output, so output recurrence suffices. With a
  noisy sensor (each reading wrong with probability :data:`NOISE`), teacher
  forcing hands the network the true count at every step, which it will not
  have when it runs free.

Every model gets the same budget: :data:`STEPS` Adam steps at learning rate
:data:`LR` on fresh batches of :data:`BATCH` sequences, and the same hidden size
unless the chapter says otherwise. Arrays are time first, as everywhere in rnnlib.
"""

import inspect
from contextlib import contextmanager

import numpy as np
from matplotlib.figure import Figure

from .. import _checks
from .. import rnn as _rnn
from ..data import delay_task
from ..exercises import check, close
from ..functional import log_softmax, one_hot
from ..graph import COL, ROW, R, unfolded
from ..optim import Adam, train
from ..plots import Table, figure_and_axes, heat_strip, probabilities
from ..rnn import PATTERNS, RNN, n_params
from ..widgets import stepper

__all__ = [
    "SYMBOLS", "BLANK", "N_SYMBOLS", "DELAY", "TAU", "N_HIDDEN", "BIG_HIDDEN", "STEPS", "BATCH", "LR", "N_TEST",
    "MODULUS", "COUNT_TAU", "LAST_TAU", "NOISE",
    "HIDDEN_DELAY_MIN", "OUTPUT_DELAY_MAX", "TF_STEP3_MAX", "CLEAN_COUNT_MIN", "TEACHER_MIN", "FREE_LAST_MAX",
    "GAP_MIN", "LAST_MIN", "FORWARD_TOL", "UNIFORM_LOSS_TOL",
    "FAIR_GUESS_MAX",
    "delay_test", "counter_test", "counter_task", "train_delay", "train_counter",
    "per_step_accuracy", "per_step_loss", "last_accuracy", "counter_bound",
    "count_step_calls", "teacher_forcing_source", "output_gradients",
    "param_table", "plot_per_step", "forward_frame", "forward_stepper", "show_sequence", "gradient_table",
    "which_pattern",
    "check_teacher_forced", "check_state_targets", "check_free_running_bound",
]

# ---------------------------------------------------------------------------- the chapter's settings

#: Names of the delay task's symbols, and of the blank target of steps 1 and 2.
SYMBOLS = ("A", "B", "C", "D")
BLANK = "–"
N_SYMBOLS = len(SYMBOLS)
#: The delay task asks at step t for the symbol of step t − DELAY.
DELAY = 2
#: Length of the delay task's sequences.
TAU = 8
#: Hidden units of every network, unless the chapter says otherwise.
N_HIDDEN = 16
#: Hidden units of the larger output-recurrent network (more parameters than the hidden-recurrent one).
BIG_HIDDEN = 64
#: The training budget of every model: STEPS Adam steps at rate LR, fresh batches of BATCH sequences.
STEPS, BATCH, LR = 300, 32, 0.02
#: Test sequences per evaluation.
N_TEST = 1000
#: The counter counts clicks modulo MODULUS.
MODULUS = 5
#: Length of the counter's sequences; the single-output network reads LAST_TAU steps.
COUNT_TAU, LAST_TAU = 12, 8
#: Probability that the noisy sensor reports the wrong reading at a step.
NOISE = 0.1

# Thresholds the chapter's prose relies on (the notebook's guards and the tests assert them, seeds 0-4).
#: Hidden recurrence on the delay task: accuracy at every step t > DELAY is at least this.
HIDDEN_DELAY_MIN = 0.95
#: Output recurrence on the delay task (teacher-forced or free, either size): at most this at every t > DELAY
#: (chance is 1/4).
OUTPUT_DELAY_MAX = 0.35
#: Output recurrence on the delay task, teacher-forced: at most this at step 3 (fed the same blank as at step 2).
TF_STEP3_MAX = 0.1
#: Output recurrence on the delay task: its loss per step at t > DELAY + 1 is within this of log 4 (a fair guess).
UNIFORM_LOSS_TOL = 0.05
#: ... and its largest probability ŷ(t), averaged over t > DELAY + 1 and the sequences, is at most this.
FAIR_GUESS_MAX = 0.35
#: Output recurrence on the clean counter, running free: at least this at every step.
CLEAN_COUNT_MIN = 0.95
#: Noisy counter, output recurrence fed the true previous count: at least this at every step.
TEACHER_MIN = 0.85
#: Noisy counter, running free: at most this at the last step (for both patterns).
FREE_LAST_MAX = 0.5
#: Noisy counter: teacher-forced minus free-running accuracy at the last step, at least this.
GAP_MIN = 0.4
#: The single-output network's accuracy on the count after LAST_TAU clean steps.
LAST_MIN = 0.9
#: The forward pass written in the notebook agrees with rl.RNN.forward to this.
FORWARD_TOL = 1e-12


# ---------------------------------------------------------------------------- tasks

#: Largest test set, sequence length, training run and hidden size the chapter's functions accept.
MAX_N, MAX_TAU, MAX_STEPS, MAX_HIDDEN = 100_000, 1_000, 100_000, 1_000


def _seed(seed):
    if seed is None or isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise _checks.ArgumentTypeError(f"seed: got {_checks._got(seed)}, wanted an integer >= 0 "
                                        "(every run of the chapter is seeded)")
    if seed < 0:
        raise ValueError(f"seed: got {int(seed)}, wanted an integer >= 0")
    return int(seed)


def _noise(noise):
    return _checks.number(noise, "noise", 0, 0.5, high_open=True, what="a probability")


def _sizes(n, tau):
    n = _checks.positive_int(n, "n", MAX_N)
    tau = _checks.positive_int(tau, "tau", MAX_TAU)
    _checks.size_limit(n * tau, "n", n, 10_000_000, f"time steps with tau = {tau}")
    return n, tau


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
    """Count clicks modulo :data:`MODULUS`, read through a sensor that errs with probability ``noise``.

    At each step a click happens (d(t) = 1) or not (0), with probability 1/2;
    the target is y(t) = (d(1) + ... + d(t)) mod MODULUS. The network reads the
    sensor, x(t) = one_hot(s(t)), where s(t) = d(t) except with probability
    ``noise``, when s(t) = 1 − d(t).

    Parameters
    ----------
    n, tau : int
    seed : int or numpy.random.Generator
    noise : float in [0, 0.5)

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

def _train(model, batch, seed, steps, progress, label):
    stream = np.random.default_rng([seed, 1])           # the training batches of this seed
    history = train(model, lambda step: batch(stream), _checks.positive_int(steps, "steps", MAX_STEPS),
                    optimizer=Adam(lr=LR), progress=_checks.boolean(progress, "progress"), label=label)
    return model, history


def train_delay(pattern, *, seed, n_hidden=N_HIDDEN, steps=STEPS, progress=False):
    """Train an ``RNN(4, n_hidden, 5, pattern)`` on the delay task (τ = :data:`TAU`).

    Pattern "output" is trained with teacher forcing (``loss_and_grads`` feeds
    the true y(t-1)). Same data stream, optimiser and budget for every pattern.

    Returns
    -------
    model : RNN
    history : rnnlib.optim.History
    """
    _checks.choice(pattern, "pattern", ("hidden", "output"))
    seed = _seed(seed)
    n_hidden = _checks.positive_int(n_hidden, "n_hidden", MAX_HIDDEN)
    model = RNN(N_SYMBOLS, n_hidden, N_SYMBOLS + 1, pattern=pattern, seed=seed)
    batch = lambda rng: delay_task(BATCH, TAU, N_SYMBOLS, DELAY, seed=rng)[:2]  # noqa: E731
    return _train(model, batch, seed, steps, progress, f"{pattern}-recurrent, delay task")


def train_counter(pattern, *, seed, noise=NOISE, n_hidden=N_HIDDEN, steps=STEPS, progress=False):
    """Train an ``RNN(2, n_hidden, 5, pattern)`` on the click counter.

    "hidden" and "output" get a target at every step (τ = :data:`COUNT_TAU`);
    "last" gets only the final count, after τ = :data:`LAST_TAU` steps.

    Returns
    -------
    model : RNN
    history : rnnlib.optim.History
    """
    _checks.choice(pattern, "pattern", PATTERNS)
    seed = _seed(seed)
    model = RNN(2, _checks.positive_int(n_hidden, "n_hidden", MAX_HIDDEN), MODULUS, pattern=pattern, seed=seed)
    if pattern == "last":
        def batch(rng):
            x, y = counter_task(BATCH, LAST_TAU, seed=rng, noise=noise)
            return x, y[-1]
    else:
        def batch(rng):
            return counter_task(BATCH, COUNT_TAU, seed=rng, noise=noise)
    return _train(model, batch, seed, steps, progress, f"{pattern}-recurrent, counter")


# ---------------------------------------------------------------------------- measuring

def _model(model):
    if not isinstance(model, RNN):
        raise _checks.ArgumentTypeError(f"model: got {type(model).__name__}, wanted an rnnlib RNN")
    return model


def _outputs_and_targets(model, x, y, teacher_forced):
    """Validated o (τ, batch, n_out) and y (τ, batch) for the per-step measures below."""
    model = _model(model)
    if model.pattern == "last":
        raise ValueError("model: got pattern 'last', which has one output per sequence: use last_accuracy")
    if _checks.boolean(teacher_forced, "teacher_forced") and model.pattern != "output":
        raise ValueError(f"teacher_forced: got True for pattern {model.pattern!r}, "
                         "wanted False (teacher forcing exists for pattern 'output' only)")
    x3, _ = _checks.sequence(x, "x", model.n_in)
    y = _checks.labels(y, "y", x3.shape[:2], model.n_out, "(τ, batch)")
    o = model.forward(x3, targets=y if teacher_forced else None).o
    return o, y


def per_step_accuracy(model, x, y, *, teacher_forced=False):
    """Fraction of sequences whose most likely output is the target, at each step.

    Parameters
    ----------
    model : RNN with pattern "hidden" or "output"
    x : ndarray (τ, batch, n_in)
    y : int ndarray (τ, batch)
    teacher_forced : bool
        Pattern "output" only: feed the true y(t-1) instead of the network's own ŷ(t-1).

    Returns
    -------
    ndarray (τ,)
        Accuracy at t = 1 .. τ.
    """
    o, y = _outputs_and_targets(model, x, y, teacher_forced)
    return (o.argmax(-1) == y).mean(axis=1)


def per_step_loss(model, x, y, *, teacher_forced=False):
    """Cross-entropy L(t) = −log ŷ(t)[y(t)] at each step, averaged over the batch: ndarray (τ,).

    Same arguments as :func:`per_step_accuracy`. Guessing uniformly among k
    classes costs log k per step.
    """
    o, y = _outputs_and_targets(model, x, y, teacher_forced)
    logp = log_softmax(o)
    return -np.take_along_axis(logp, y[..., None], axis=-1)[..., 0].mean(axis=1)


def last_accuracy(model, x, y):
    """Accuracy of a pattern-"last" model: x (τ, batch, n_in), y (batch,) -> float."""
    model = _model(model)
    if model.pattern != "last":
        raise ValueError(f"model: got pattern {model.pattern!r}, wanted 'last' (use per_step_accuracy)")
    x3, _ = _checks.sequence(x, "x", model.n_in)
    y = _checks.labels(y, "y", x3.shape[1:2], model.n_out, "(batch,)")
    return float((model.predict(x3) == y).mean())


def counter_bound(tau=COUNT_TAU, noise=NOISE):
    """The best accuracy any model reading only the noisy sensor can reach, at each step.

    The sensor's error at a step is +1 (a click invented), −1 (a click missed)
    or 0, with probabilities noise/2, noise/2, 1 − noise. Given the readings,
    the most likely count is the count of the readings, and it is right exactly
    when the errors so far add up to 0 modulo :data:`MODULUS`.

    Returns
    -------
    ndarray (τ,)
        P(e(1) + ... + e(t) ≡ 0 mod MODULUS) for t = 1 .. τ.
    """
    tau = _checks.positive_int(tau, "tau", MAX_TAU)
    noise = _noise(noise)
    p = np.zeros(MODULUS)
    p[0] = 1.0
    out = []
    for _ in range(tau):
        p = (1 - noise) * p + noise / 2 * (np.roll(p, 1) + np.roll(p, -1))
        out.append(p[0])
    return np.array(out)


@contextmanager
def _counting_steps():
    calls = []
    original = _rnn.step

    def counted(params, x_t, r_prev, *args, **kwargs):
        calls.append(np.shape(x_t))
        return original(params, x_t, r_prev, *args, **kwargs)

    _rnn.step = counted
    try:
        yield calls
    finally:
        _rnn.step = original


def count_step_calls(model, x, targets=None):
    """How many times ``model.forward(x, targets=targets)`` calls :func:`rnnlib.rnn.step`.

    Counts the calls by wrapping ``rnnlib.rnn.step`` for the duration of one
    forward pass (and restoring it, even if the pass raises).

    Returns
    -------
    calls : int
    shapes : list of tuple
        The shape of x(t) handed to each call: (batch, n_in) for one step,
        (τ, batch, n_in) for all steps at once.
    """
    model = _model(model)
    with _counting_steps() as calls:
        model.forward(x, targets=targets)
    return len(calls), list(calls)


def teacher_forcing_source():
    """The source of ``RNN._forward`` without its docstring: the code path of every forward pass."""
    lines = inspect.getsource(RNN._forward).splitlines()
    quotes = [i for i, line in enumerate(lines) if '"""' in line]
    end = quotes[1] if quotes[0] != quotes[1] and lines[quotes[0]].count('"""') == 1 else quotes[0]
    body = lines[:quotes[0]] + lines[end + 1:]
    indent = len(body[0]) - len(body[0].lstrip())
    return "\n".join(line[indent:] for line in body)


def output_gradients(model, x, y):
    """∇o(t), the gradient of the loss with respect to every o(t), recovered from ``model.backward``.

    ``model.backward`` returns ∇h(t). Eq. 10.21 splits it into what comes from
    later steps and what comes from o(t) itself:

        ∇h(t) = Wᵀ diag(1 − h(t+1)²) ∇h(t+1) + Vᵀ ∇o(t),

    so Vᵀ ∇o(t) = ∇h(t) − Wᵀ diag(1 − h(t+1)²) ∇h(t+1) (for t = τ, just ∇h(τ)),
    and ∇o(t) is the least-squares solution of that system, exact when V has
    full row rank (n_out ≤ n_hidden, as in every model of the chapter).

    Parameters
    ----------
    model : RNN with pattern "hidden" or "last"
    x : ndarray (τ, batch, n_in)
    y : int ndarray (τ, batch), or (batch,) for "last"

    Returns
    -------
    ndarray (τ, batch, n_out)
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


# ---------------------------------------------------------------------------- figures and tables

def param_table(n_in, n_hidden, n_out):
    """Parameter counts of the three patterns, by matrix: an ``rnnlib.plots.Table``."""
    sizes = [_checks.positive_int(v, k) for v, k in ((n_in, "n_in"), (n_hidden, "n_hidden"), (n_out, "n_out"))]
    n_in, n_hidden, n_out = sizes
    rows = []
    for pattern in PATTERNS:
        n_rec = n_out if pattern == "output" else n_hidden
        parts = [n_hidden * n_in, n_hidden * n_rec, n_hidden, n_out * n_hidden, n_out]
        total = n_params(n_in, n_hidden, n_out, pattern)
        assert sum(parts) == total
        w = f"{n_hidden}×{n_rec} = {n_hidden * n_rec}"
        rows.append([pattern, str(parts[0]), w, str(parts[2]), str(parts[3]), str(parts[4]), str(total)])
    return Table(["pattern", "U", "W", "b", "V", "c", "total"], rows,
                 caption=f"Parameters for n_in = {n_in}, n_hidden = {n_hidden}, n_out = {n_out}; "
                         "none of them depends on τ")


def plot_per_step(curves, *, chance=None, title=None, ax=None, figsize=(7.2, 3.0), styles=None):
    """Accuracy against the time step t = 1 .. τ, one line per entry of ``curves``.

    curves : dict[str, ndarray (τ,)]   name -> accuracy at each step, in [0, 1]
    chance : float, optional           a dashed grey line at chance level
    styles : dict[str, dict], optional extra keyword arguments for a curve's line
    """
    if not curves:
        raise ValueError("curves: got an empty dict, wanted at least one name -> (τ,) accuracies")
    fig, ax = figure_and_axes(ax, figsize)
    markers = "osD^v<>"
    for i, (name, acc) in enumerate(curves.items()):
        acc = np.asarray(acc, dtype=float)
        if acc.ndim != 1 or not np.all((acc >= 0) & (acc <= 1)):
            raise ValueError(f"curves[{name!r}]: got shape {acc.shape}, wanted (τ,) accuracies in [0, 1]")
        kw = dict(marker=markers[i % len(markers)], markersize=4, linewidth=1.6)
        kw.update((styles or {}).get(name, {}))
        ax.plot(np.arange(1, acc.size + 1), acc, label=name, **kw)
    if chance is not None:
        ax.axhline(chance, color="0.5", linestyle=":", linewidth=1.2, label="chance")
    tau = max(np.size(a) for a in curves.values())
    ax.set_xticks(range(1, tau + 1))
    ax.set_xlabel("time step t")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.05)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    if title:
        ax.set_title(title)
    return fig


def _letters(ids):
    return [SYMBOLS[i] if i < N_SYMBOLS else BLANK for i in ids]


def _sequence_ids(ids):
    ids = np.asarray(ids)
    if ids.ndim != 1 or ids.size < 1 or not np.issubdtype(ids.dtype, np.integer) \
            or ids.min() < 0 or ids.max() >= N_SYMBOLS:
        raise ValueError(f"ids: got {ids!r}, wanted a 1-d integer array of symbols in 0..{N_SYMBOLS - 1}")
    if ids.size > 12:
        raise ValueError(f"ids: got {ids.size} symbols, wanted at most 12 (one frame per step)")
    return ids


def show_sequence(model, ids):
    """The delay network read one sequence: a Table of x(t), target y(t), prediction and ŷ(t)."""
    model, ids = _model(model), _sequence_ids(ids)
    y = np.full(ids.size, N_SYMBOLS)
    y[DELAY:] = ids[:-DELAY]
    p = model.forward(one_hot(ids, N_SYMBOLS)).y_hat
    header = ["t", "x(t)", "y(t)", "prediction"] + [f"ŷ({s})" for s in _letters(range(N_SYMBOLS + 1))]
    rows = [[str(t + 1), SYMBOLS[ids[t]], _letters([y[t]])[0], _letters([p[t].argmax()])[0]]
            + [f"{v:.2f}" for v in p[t]] for t in range(ids.size)]
    return Table(header, rows, caption="ŷ(t) = p(y(t) | x(1), ..., x(t)), the distribution the network "
                                       "gives at each step")


def forward_frame(model, ids, t):
    """One frame of the forward stepper: the unfolded graph with step t highlighted, h(1..t) and ŷ(t).

    Parameters
    ----------
    model : RNN, pattern "hidden", trained on the delay task
    ids : int ndarray (τ,)     the symbols read, 0..3
    t : int, 1 .. τ
    """
    model, ids = _model(model), _sequence_ids(ids)
    tau = ids.size
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 1 <= t <= tau:
        raise ValueError(f"t: got {t!r}, wanted an integer in 1..{tau}")
    trace = model.forward(one_hot(ids, N_SYMBOLS))
    y = np.full(tau, N_SYMBOLS)
    y[DELAY:] = ids[:-DELAY]
    guess = _letters(trace.o.argmax(-1))
    fig = Figure(figsize=(9.0, 3.3))               # no layout engine: it would double the drawing time
    graph = fig.add_axes((0.0, 0.0, 0.58, 1.0))
    unfolded("hidden", tau, highlight=t, show_loss=False, ax=graph)
    for k in range(1, t + 1):                     # the symbol read under x(k), the output's letter over o(k)
        col = COL * k
        graph.text(col, -R - 0.06, SYMBOLS[ids[k - 1]], ha="center", va="top", fontsize=11, weight="bold")
        graph.text(col, 2 * ROW + R + 0.06, guess[k - 1], ha="center", va="bottom", fontsize=11,
                   weight="bold", color="#009E73")
    left, right = fig.add_axes((0.64, 0.62, 0.34, 0.28)), fig.add_axes((0.64, 0.13, 0.34, 0.28))
    h = np.full(trace.h.shape, np.nan)
    h[:t] = trace.h[:t]
    heat_strip(h, ax=left, highlight=t, title=f"h(1) .. h({t}): {model.n_hidden} units", colorbar=False)
    probabilities(trace.y_hat[t - 1], _letters(range(N_SYMBOLS + 1)), ax=right, true=int(y[t - 1]))
    right.set_title(f"ŷ({t}); the target y({t}) = {_letters([y[t - 1]])[0]} in red", fontsize=10)
    right.tick_params(axis="x", rotation=0)
    right.set_ylabel("")
    right.set_yticks([0, 1])
    return fig


def forward_stepper(model, ids, dpi=80):
    """A stepper over the forward pass of the delay network on the symbols ``ids`` (τ,)."""
    model, ids = _model(model), _sequence_ids(ids)
    trace = model.forward(one_hot(ids, N_SYMBOLS))
    letters = [SYMBOLS[i] for i in ids]
    guess = _letters(trace.o.argmax(-1))

    def caption(t):
        want = f"x({t - DELAY}) = {letters[t - DELAY - 1]}" if t > DELAY else f"the blank {BLANK}"
        return (f"t = {t}: read x({t}) = {letters[t - 1]}; h({t}) = tanh(b + W h({t - 1}) + U x({t})); "
                f"o({t}) = ({', '.join(f'{v:.1f}' for v in trace.o[t - 1])}), so it answers {guess[t - 1]} "
                f"(ŷ = {trace.y_hat[t - 1].max():.2f}); "
                f"the target is {want}")

    def alt(t):
        return (f"Unfolded hidden-recurrent network over {ids.size} steps with step {t} highlighted, "
                f"the symbols read so far under the inputs and the outputs so far under the outputs; below, "
                f"the hidden states h(1) to h({t}) as coloured columns and the bar chart of ŷ({t}), "
                f"highest for {guess[t - 1]}.")

    return stepper(lambda t: forward_frame(model, ids, t), ids.size, caption=caption, alt=alt, dpi=dpi)


class _TextTable(Table):
    """A Table whose cells are sentences: left-aligned in HTML."""

    def _repr_html_(self):
        return super()._repr_html_().replace("text-align:right", "text-align:left")


def gradient_table(g_last, dh_last, g_hidden):
    """Per-step table of max |∇o(t)| and max |∇h(t)| for pattern "last", and max |∇o(t)| for "hidden".

    g_last, g_hidden : ndarray (τ, batch, n_out), from :func:`output_gradients`
    dh_last : ndarray (τ, batch, n_hidden), the third value of ``model.backward``
    """
    arrays = [np.asarray(a, dtype=float) for a in (g_last, dh_last, g_hidden)]
    if any(a.ndim != 3 for a in arrays) or len({a.shape[0] for a in arrays}) != 1:
        raise ValueError(f"g_last, dh_last, g_hidden: got shapes {[a.shape for a in arrays]}, "
                         "wanted three (τ, batch, n) arrays with the same τ")
    peak = [np.abs(a).max(axis=(1, 2)) for a in arrays]
    rows = [[str(t + 1)] + [f"{p[t]:.1e}" for p in peak] for t in range(arrays[0].shape[0])]
    return Table(["t", "one output: max |∇o(t)|", "one output: max |∇h(t)|", "output every step: max |∇o(t)|"],
                 rows, caption="Gradients with respect to o(t) and h(t), from model.backward")


def which_pattern(*, delay, clean_count, noisy_last, step_calls, last_count, last_grad, params, tau=TAU):
    """The "which pattern when" table, every entry written from a number the chapter computed.

    Parameters
    ----------
    delay : dict with "hidden" and "output"
        Accuracy at t ≥ 3 on the delay task: the hidden network's lowest, the output networks' highest.
    clean_count : float          output recurrence on the clean counter, lowest accuracy over the steps
    noisy_last : (float, float)  noisy counter at the last step: teacher-forced, running free
    step_calls : dict with "hidden" and "output"
        Calls of rnnlib.rnn.step in one training forward pass (teacher-forced for "output").
    last_count : float           the single-output network's accuracy on the final count
    last_grad : float            its largest |∇o(t)| for t < τ
    params : dict pattern -> int number of parameters
    """
    if set(delay) != {"hidden", "output"} or set(step_calls) != {"hidden", "output"} \
            or set(params) != set(PATTERNS):
        raise ValueError("delay, step_calls: wanted keys 'hidden' and 'output'; params: wanted one count per "
                         f"pattern {list(PATTERNS)}")
    cells = {
        "hidden": [f"whatever its state can hold: the symbol of 2 steps ago, {delay['hidden']:.0%}",
                   f"back-propagation through time: {step_calls['hidden']} sequential step calls per "
                   f"pass (τ = {tau})",
                   f"{params['hidden']} parameters; an output and a loss at every step"],
        "output": [f"only what its outputs say: the symbol of 2 steps ago, at most {delay['output']:.0%} "
                   f"(chance 25 %), even with 64 units; the click count, {clean_count:.0%}",
                   f"teacher forcing: {step_calls['output']} step call for all {tau} steps; but the noisy "
                   f"count at the last step is {noisy_last[0]:.0%} teacher-forced, {noisy_last[1]:.0%} "
                   "running free",
                   f"{params['output']} parameters (W is n_hidden × n_out): the cheapest"],
        "last": [f"a summary of the whole sequence: the count after {LAST_TAU} steps, {last_count:.0%}",
                 f"back-propagation through time from o(τ) only: ∇o(t) = 0 for t < τ (largest "
                 f"measured: {last_grad:.1g})",
                 f"{params['last']} parameters; one output per sequence"],
    }
    names = {"hidden": "hidden → hidden, output every step", "output": "output → hidden",
             "last": "hidden → hidden, one output at the end"}
    return _TextTable(["pattern", "what it can represent", "how it trains", "what it costs"],
                      [[names[p]] + cells[p] for p in PATTERNS],
                      caption="Which pattern when: every number comes from a cell of this chapter")


# ---------------------------------------------------------------------------- exercises

def _tf_cases():
    rng = np.random.default_rng(7)
    cases = []
    for n_in, n_hidden, n_out, tau in ((3, 5, 4, 6), (2, 3, 2, 1), (4, 6, 3, 9)):
        model = RNN(n_in, n_hidden, n_out, pattern="output", seed=int(rng.integers(100)))
        model.params["b"] = rng.normal(size=n_hidden)
        x = rng.normal(size=(tau, n_in))
        y = rng.integers(0, n_out, tau)
        cases.append((model.params, x, y, model.forward(x, targets=y).h))
    return cases


def check_teacher_forced(fn):
    """Exercise: ``fn(params, x, y)`` computes h(1..τ) of pattern "output" under teacher forcing, no loop.

    params: dict U (H, n_in), W (H, n_out), b (H,), V, c; x (τ, n_in); y (τ,) int. Returns (τ, H).
    """
    cases = _tf_cases()
    params, x, y, want = cases[0]
    n_out = params["V"].shape[0]
    shifted = np.tanh(params["b"] + one_hot(y, n_out) @ params["W"].T + x @ params["U"].T)
    rolled = np.tanh(params["b"] + one_hot(np.roll(y, 1), n_out) @ params["W"].T + x @ params["U"].T)
    no_w = np.tanh(params["b"] + x @ params["U"].T)
    return check("Teacher-forced forward pass without a loop", fn, [
        (lambda f: f(params, x, y) is not None, "your function returned None: return the array of h(1) .. h(τ)"),
        (lambda f: np.shape(f(params, x, y)) == want.shape,
         f"the result should have shape (τ, n_hidden) = {want.shape}: one row h(t) per step"),
        (lambda f: not close(f(params, x, y), shifted),
         "off by one: at step t the network is fed the previous target y(t-1), not y(t) (which it is "
         "asked to predict); shift the one-hot targets down by one step"),
        (lambda f: not close(f(params, x, y), rolled),
         "almost: np.roll wraps y(τ) around to step 1, but before step 1 there is no target: feed a "
         "vector of zeros there (o(0) = 0), e.g. np.concatenate([zeros, one_hot[:-1]])"),
        (lambda f: not close(f(params, x, y), no_w),
         "the fed-back targets are missing: a(t) = b + W y(t-1) + U x(t), with W of shape (n_hidden, n_out)"),
        (lambda f: close(f(params, x, y), want),
         "the shape is right but the values are not: h(t) = tanh(b + W onehot(y(t-1)) + U x(t)), "
         "with onehot(y(0)) = 0"),
        (lambda f: all(close(f(p, xx, yy), w) for p, xx, yy, w in cases[1:]),
         "right on the first example but not on others (τ = 1, other sizes): avoid hard-coded sizes"),
    ], "every r(t-1) is known before the pass starts, so all τ steps are one matrix computation: "
       "this is why teacher-forced training has no loop over time.", expect="function")


def _all_sequences(n_symbols, tau):
    grids = np.meshgrid(*[np.arange(n_symbols)] * tau, indexing="ij")
    return np.stack([g.ravel() for g in grids], axis=1)          # (n_symbols**tau, tau)


def _state_problems(fn, n_symbols=3, tau=5):
    """The first way ``fn``'s targets fail an output-recurrent network, or None if they do not."""
    seqs = _all_sequences(n_symbols, tau)
    outs = []
    for s in seqs:
        out = np.asarray(fn(s.copy(), n_symbols))
        if out.shape != (tau,) or not np.issubdtype(out.dtype, np.integer) or out.min() < 0:
            return ("shape", f"make_targets(ids, n_symbols) should return {tau} integer classes ≥ 0 for "
                             f"{tau} symbols, got {out.shape} {out.dtype}")
        outs.append(out)
    outs = np.array(outs)
    show = lambda s: " ".join("ABCDEFG"[i] for i in s)  # noqa: E731
    step = {}
    for s, out in zip(seqs, outs):
        prev = -1                                                   # the fed-back vector before step 1
        for t in range(tau):
            key = (prev, s[t])
            if key in step and step[key][0] != out[t]:
                _, other, t2 = step[key]
                fed = f"y' = {prev}" if prev >= 0 else "nothing fed back yet"
                return ("step", f"after {show(other[:t2 + 1])} and after {show(s[:t + 1])} the network sees the "
                                f"same {fed} and the same input {show([s[t]])}, but your y' are {step[key][0]} "
                                f"and {out[t]}")
            step[key] = (out[t], s, t)
            prev = out[t]
    read = {}
    for s, out in zip(seqs, outs):
        for t in range(DELAY, tau):
            if read.setdefault(out[t], (s[t - DELAY], s, t))[0] != s[t - DELAY]:
                _, other, t2 = read[out[t]]
                return ("read", f"y'({t2 + 1}) after {show(other[:t2 + 1])} and y'({t + 1}) after "
                                f"{show(s[:t + 1])} are both {out[t]}, but the answers x(t-2) differ "
                                f"({show([other[t2 - DELAY]])} and {show([s[t - DELAY]])})")
    return None


def check_state_targets(make_targets):
    """Exercise: targets y'(t) that carry enough state for an output-recurrent network to do the delay task.

    ``make_targets(ids, n_symbols)`` gets one sequence of symbols (τ,) in 0..n_symbols-1 and returns (τ,)
    integer classes. The check runs every sequence of 5 symbols from 3 and asks two things: y'(t) is a
    function of y'(t-1) and x(t) alone (the same function at every t), and x(t-2) is a function of y'(t)
    for t ≥ 3.
    """
    name = "Targets that carry the state"
    success = ("the outputs now describe the whole state the task needs: with such targets output "
               "recurrence can do the delay task, at the price of many more output classes. Goodfellow et al.: "
               "output recurrence is less powerful unless the targets describe the full state of the system.")
    runs = check(name, make_targets, [
        (callable, "make_targets should be a function make_targets(ids, n_symbols)"),
        (_runs_on_every_sequence,
         "make_targets(ids, n_symbols) failed on a sequence of 5 symbols from 3 (ids is a numpy array of ints)"),
    ], success, expect="function")
    if not runs:
        return runs
    problem = _state_problems(make_targets)
    hints = {
        "shape": "make_targets(ids, n_symbols) should return one integer class ≥ 0 per step",
        "step": "an output-recurrent network at step t sees only x(t) and its previous output y'(t-1), so "
                "y'(t) must be computable from those two, by the same rule at every step (y'(t) = x(t-2) is "
                "not: x(t-1) has gone missing). What must y'(t-1) contain so that step t can still output "
                "x(t-2), and step t+1 output x(t-1)?",
        "read": "y'(t) must also say the answer: x(t-2) must be readable from y'(t) alone (the pair "
                "(x(t-1), x(t)) carries the state forward but no longer says x(t-2))",
    }
    return check(name, make_targets, [
        (lambda f, k=kind: problem is None or problem[0] != k,
         hints[kind] + (f" — here: {problem[1]}" if problem is not None and problem[0] == kind else ""))
        for kind in ("shape", "step", "read")
    ], success, expect="function")


def _runs_on_every_sequence(fn):
    _state_problems(fn)
    return True


def check_free_running_bound(bound, noise=NOISE, tau=COUNT_TAU):
    """Exercise: the best free-running accuracy at t = 1..τ on the noisy counter, an array (τ,)."""
    want = counter_bound(tau, noise)
    return check("The best a free-running counter can do", bound, [
        (lambda b: np.shape(b) == want.shape, f"give one probability per step: an array of shape ({tau},)"),
        (lambda b: not close(b, np.full(tau, 1 - noise), tol=1e-6),
         "1 − noise is the teacher-forced accuracy, right at every step because the true count is fed in; "
         "running free, the errors of earlier steps stay in the count"),
        (lambda b: not close(b, (1 - noise) ** np.arange(1, tau + 1), tol=1e-6),
         "(1 − noise)^t counts only the runs with no error at all, but errors can cancel: an invented click "
         "and a missed one leave the count right (and so do five invented clicks, modulo 5)"),
        (lambda b: close(b, want, tol=1e-6),
         "track the distribution of the total error e(1) + ... + e(t) modulo 5: each step it stays with "
         "probability 1 − noise and moves by +1 or −1 with probability noise/2 each; the answer is right "
         "when the total is 0"),
    ], "the count read from a noisy sensor decays towards 1/5 as errors pile up: no network, however "
       "trained, can do better running free, while teacher forcing shows 1 − noise at every step.", expect="array")
