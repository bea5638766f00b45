"""Chapter 3's figures, tables and its stepper."""


import numpy as np
from matplotlib.figure import Figure

from ... import _checks
from ...functional import one_hot, softmax
from ...plots import Table, figure_and_axes
from ...rnn import PATTERNS, n_params
from ...widgets import stepper
from .experiment import _model, run_free
from .settings import BLANK, COUNT_TAU, DELAY, LAST_TAU, MODULUS, N_SYMBOLS, SYMBOLS, TAU

__all__ = ["param_table", "plot_per_step", "show_sequence", "feedback_example", "feedback_frame",
           "feedback_stepper", "gradient_table", "which_pattern"]


def param_table(n_in, n_hidden, n_out):
    """Parameter counts of the three patterns, by matrix: an ``rnnlib.plots.Table``."""
    n_in, n_hidden, n_out = (_checks.positive_int(v, k, 10_000) for v, k in
                             ((n_in, "n_in"), (n_hidden, "n_hidden"), (n_out, "n_out")))
    rows = []
    for pattern in PATTERNS:
        n_rec = n_out if pattern == "output" else n_hidden
        parts = [n_hidden * n_in, n_hidden * n_rec, n_hidden, n_out * n_hidden, n_out]
        w = f"{n_hidden}×{n_rec} = {n_hidden * n_rec}"
        rows.append([pattern, str(parts[0]), w, str(parts[2]), str(parts[3]), str(parts[4]),
                     str(n_params(n_in, n_hidden, n_out, pattern))])
    return Table(["pattern", "U", "W", "b", "V", "c", "total"], rows,
                 caption=f"Parameters for n_in = {n_in}, n_hidden = {n_hidden}, n_out = {n_out}; "
                         "none of them depends on τ")


def plot_per_step(curves, *, chance=None, title=None, ax=None, figsize=(7.2, 3.0), styles=None):
    """Accuracy against the time step t = 1 .. τ, one line per entry of ``curves``.

    curves : dict[str, array (τ,)]      name -> accuracy at each step, in [0, 1] (at most 8 curves)
    chance : float in [0, 1], optional  a dotted grey line at chance level
    styles : dict[str, dict], optional  extra keyword arguments for a curve's line
    """
    if not isinstance(curves, dict):
        raise _checks.ArgumentTypeError(f"curves: got {_checks._got(curves)}, wanted a dict name -> (τ,) "
                                        "accuracies, e.g. {'hidden': acc}")
    if not 1 <= len(curves) <= 8:
        raise ValueError(f"curves: got {len(curves)} curves, wanted 1 to 8 name -> (τ,) accuracies")
    arrays = {}
    for name, acc in curves.items():
        _checks.text(name, "curves' keys")
        acc = _checks.real_array(acc, f"curves[{name!r}]", "(τ,) accuracies in [0, 1]", ndim=1, max_size=1000)
        if acc.size == 0 or not np.all((acc >= 0) & (acc <= 1)):
            raise ValueError(f"curves[{name!r}]: got {acc.size} values in [{acc.min(initial=0):g}, "
                             f"{acc.max(initial=0):g}], wanted (τ,) accuracies in [0, 1], τ ≥ 1")
        arrays[name] = acc
    if chance is not None:
        chance = _checks.number(chance, "chance", 0, 1)
    title = _checks.text(title, "title", allow_none=True)
    if styles is not None:
        if not isinstance(styles, dict) or not all(k in curves and isinstance(v, dict) for k, v in styles.items()):
            raise ValueError(f"styles: got {styles!r}, wanted a dict from names of curves to dicts of line options")
    fig, ax = figure_and_axes(ax, figsize)
    markers = "osD^v<>p"
    for i, (name, acc) in enumerate(arrays.items()):
        kw = dict(marker=markers[i % len(markers)], markersize=4, linewidth=1.6)
        kw.update((styles or {}).get(name, {}))
        ax.plot(np.arange(1, acc.size + 1), acc, label=name, **kw)
    if chance is not None:
        ax.axhline(chance, color="0.5", linestyle=":", linewidth=1.2, label="chance")
    tau = max(a.size for a in arrays.values())
    ax.set_xticks(range(1, tau + 1))
    ax.set_xlabel("time step t")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.05)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
    if title:
        ax.set_title(title)
    return fig


def _letters(ids):
    return [SYMBOLS[i] if i < N_SYMBOLS else BLANK for i in ids]


def _sequence_ids(ids):
    ids = _checks.as_array(ids, "ids", f"a 1-d integer array of symbols in 0..{N_SYMBOLS - 1}")
    if ids.ndim != 1 or ids.size < 1 or not np.issubdtype(ids.dtype, np.integer) \
            or ids.min() < 0 or ids.max() >= N_SYMBOLS:
        raise ValueError(f"ids: got {_checks._describe(ids)}, wanted a 1-d integer array of symbols "
                         f"in 0..{N_SYMBOLS - 1}")
    if ids.size > 12:
        raise ValueError(f"ids: got {ids.size} symbols, wanted at most 12 (one row per step)")
    return ids


def _delay_model(model):
    model = _model(model)
    if model.pattern == "last" or (model.n_in, model.n_out) != (N_SYMBOLS, N_SYMBOLS + 1):
        raise ValueError(f"model: got {model!r}, wanted a delay-task network: pattern 'hidden' or 'output', "
                         f"n_in = {N_SYMBOLS}, n_out = {N_SYMBOLS + 1}")
    return model


def show_sequence(model, ids):
    """The delay network read one sequence: a Table of x(t), target y(t), prediction and ŷ(t)."""
    model, ids = _delay_model(model), _sequence_ids(ids)
    y = np.full(ids.size, N_SYMBOLS)
    y[DELAY:] = ids[:-DELAY]
    p = model.forward(one_hot(ids, N_SYMBOLS)).y_hat
    header = ["t", "x(t)", "y(t)", "prediction"] + [f"ŷ({s})" for s in _letters(range(N_SYMBOLS + 1))]
    rows = [[str(t + 1), SYMBOLS[ids[t]], _letters([y[t]])[0], _letters([p[t].argmax()])[0]]
            + [f"{v:.2f}" for v in p[t]] for t in range(ids.size)]
    return Table(header, rows, caption="ŷ(t) = p(y(t) | x(1), ..., x(t)), the distribution the network "
                                       "gives at each step")


# ---------------------------------------------------------------------------- the feedback stepper

def _counter_model(model):
    model = _model(model, "output")
    if (model.n_in, model.n_out) != (2, MODULUS):
        raise ValueError(f"model: got {model!r}, wanted the counter's network: n_in = 2, n_out = {MODULUS}")
    return model


def _counter_sequence(x, y):
    x3, _ = _checks.sequence(x, "x", 2)
    if x3.shape[1] != 1 or x3.shape[0] > COUNT_TAU:
        raise ValueError(f"x: got {_checks._describe(x3)}, wanted one sequence (τ, 2) with τ ≤ {COUNT_TAU}")
    y = _checks.labels(y, "y", x3.shape[:1] + (1,), MODULUS, "(τ,)") if np.ndim(y) == 2 else \
        _checks.labels(y, "y", x3.shape[:1], MODULUS, "(τ,)")[:, None]
    return x3, y


def feedback_example(model, x, y):
    """Index of a test sequence worth stepping through: the first on which the sensor errs, argmax feedback
    ends right and softmax feedback wrong; failing that, the first on which the two runs end differently;
    failing that, the first on which the sensor errs (or 0).

    x (τ, batch, 2), y (τ, batch) of the noisy counter.
    """
    model = _counter_model(model)
    x3, _ = _checks.sequence(x, "x", 2)
    y = _checks.labels(y, "y", x3.shape[:2], MODULUS, "(τ, batch)")
    hard = run_free(model, x3, "argmax").argmax(-1)[-1]
    soft = run_free(model, x3, "softmax").argmax(-1)[-1]
    errs = (np.cumsum(x3.argmax(-1), 0) % MODULUS != y).any(0)
    for found in (errs & (hard == y[-1]) & (soft != y[-1]), hard != soft, errs):
        if found.any():
            return int(np.flatnonzero(found)[0])
    return 0


def _runs(model, x3):
    p = model.params
    hard = run_free(model, x3, "argmax")[:, 0]
    soft = model.forward(x3, feedback="softmax")
    return softmax(hard), soft.y_hat[:, 0], p


def feedback_frame(model, x, y, t):
    """Frame t of :func:`feedback_stepper`: readings, clicks, counts and both runs' answers so far, and ŷ(t)."""
    model = _counter_model(model)
    x3, y = _counter_sequence(x, y)
    tau = x3.shape[0]
    t = _checks.integer(t, "t", 1, tau)
    hard, soft, _ = _runs(model, x3)
    reading = x3[:, 0].argmax(-1)
    clicks = np.diff(np.concatenate([[0], y[:, 0]])) % MODULUS
    rows = [("sensor s(t)", reading), ("click d(t)", clicks), ("count y(t)", y[:, 0]),
            ("argmax run", hard.argmax(-1)), ("softmax run", soft.argmax(-1))]
    fig = Figure(figsize=(9.0, 4.4))
    top = fig.add_axes((0.01, 0.5, 0.98, 0.48))
    top.set_axis_off()
    top.set_xlim(-2.4, tau + 0.5)
    top.set_ylim(-0.5, len(rows) + 0.5)
    top.text(-2.35, len(rows), "step t", fontsize=11, va="center", color="0.4")
    for row, (label, values) in enumerate(rows):
        yy = len(rows) - 1 - row
        top.text(-2.35, yy, label, fontsize=11, va="center")
        for k in range(1, tau + 1):
            if row == 0:
                top.text(k, len(rows), str(k), fontsize=11, ha="center", va="center", color="0.4",
                         weight="bold" if k == t else "normal")
            v = values[k - 1]
            if k > t:
                color, text = "0.75", "·"
            elif row == 0:
                color, text = ("#D55E00" if v != clicks[k - 1] else "black"), str(v)
            elif row >= 3:
                color, text = ("#009E73" if v == y[k - 1, 0] else "#D55E00"), str(v)
            else:
                color, text = "black", str(v)
            top.text(k, yy, text, fontsize=11, ha="center", va="center", color=color,
                     weight="bold" if k == t else "normal")
    counts = np.arange(MODULUS)
    for i, (probs, name) in enumerate([(hard, "argmax run"), (soft, "softmax run")]):
        ax = fig.add_axes((0.08 + 0.5 * i, 0.1, 0.4, 0.3))
        colors = ["#009E73" if c == y[t - 1, 0] else "#999999" for c in counts]
        ax.bar(counts, probs[t - 1], color=colors)
        ax.set_ylim(0, 1)
        ax.set_yticks([0, 0.5, 1])
        ax.set_xticks(counts)
        ax.tick_params(labelsize=11)
        ax.set_title(f"{name}: ŷ({t}) over the counts 0-4", fontsize=11)
    return fig


def feedback_stepper(model, x, y, dpi=90):
    """A stepper over one noisy count run free twice: argmax fed back, and the softmax ŷ(t) fed back.

    model : the teacher-forced counter (pattern "output", n_in 2, n_out 5); x (τ, 2) or (τ, 1, 2); y (τ,).
    """
    model = _counter_model(model)
    x3, y = _counter_sequence(x, y)
    dpi = _checks.number(dpi, "dpi", 20, 200)
    hard, soft, _ = _runs(model, x3)
    reading = x3[:, 0].argmax(-1)
    clicks = np.diff(np.concatenate([[0], y[:, 0]])) % MODULUS

    def caption(t):
        err = " (the sensor is wrong)" if reading[t - 1] != clicks[t - 1] else ""
        return (f"t = {t}: sensor {reading[t - 1]}{err}, true count {y[t - 1, 0]}; argmax run answers "
                f"{hard[t - 1].argmax()} (ŷ = {hard[t - 1].max():.2f}), softmax run answers {soft[t - 1].argmax()} "
                f"(ŷ = {soft[t - 1].max():.2f})")

    def alt(t):
        return (f"Readings, clicks, true counts and the answers of both runs up to step {t}, and two bar "
                f"charts of ŷ({t}) over the counts 0 to 4: argmax feedback puts {hard[t - 1].max():.2f} on count "
                f"{hard[t - 1].argmax()}, softmax "
                f"feedback {soft[t - 1].max():.2f} on count {soft[t - 1].argmax()}; the true count is "
                f"{y[t - 1, 0]}.")

    return stepper(lambda t: feedback_frame(model, x3, y, t), x3.shape[0], caption=caption, alt=alt, dpi=dpi)


# ---------------------------------------------------------------------------- tables

class _TextTable(Table):
    """A Table whose cells are sentences: left-aligned in HTML."""

    def _repr_html_(self):
        return super()._repr_html_().replace("text-align:right", "text-align:left")


def gradient_table(g_last, dh_last, g_hidden):
    """Per-step table of max |∇o(t)| and max |∇h(t)| for pattern "last", and max |∇o(t)| for "hidden".

    g_last, g_hidden : ndarray (τ, batch, n_out), from :func:`output_gradients`
    dh_last : ndarray (τ, batch, n_hidden), the third value of ``model.backward``
    """
    arrays = [_checks.real_array(a, k, "a (τ, batch, n) array", ndim=3, max_size=10_000_000)
              for a, k in ((g_last, "g_last"), (dh_last, "dh_last"), (g_hidden, "g_hidden"))]
    for a, k in zip(arrays, ("g_last", "dh_last", "g_hidden")):
        if 0 in a.shape:
            raise ValueError(f"{k}: got shape {a.shape}, wanted a (τ, batch, n) array with no empty axis")
    if len({a.shape[0] for a in arrays}) != 1 or arrays[0].shape[0] > 100:
        raise ValueError(f"g_last, dh_last, g_hidden: got shapes {[a.shape for a in arrays]}, "
                         "wanted three (τ, batch, n) arrays with the same τ ≤ 100")
    peak = [np.abs(a).max(axis=(1, 2)) for a in arrays]
    rows = [[str(t + 1)] + [f"{p[t]:.1e}" for p in peak] for t in range(arrays[0].shape[0])]
    return Table(["t", "one output: max |∇o(t)|", "one output: max |∇h(t)|", "output every step: max |∇o(t)|"],
                 rows, caption="Gradients with respect to o(t) and h(t), from model.backward")


def _fraction(value, name):
    return _checks.number(value, name, 0, 1, what="a fraction")


def which_pattern(*, delay, noisy_last, step_calls, last_count, last_grad, params, tau=TAU):
    """The "which pattern when" table, every entry written from a number the chapter computed.

    delay : dict with "hidden", "target", "softmax", "logits"
        Accuracy on the delay task at t ≥ 3: the hidden network's lowest; the output-recurrent networks'
        highest when trained teacher-forced ("target") or free with the softmax fed back, lowest when trained
        free with the logits fed back.
    noisy_last : dict with "target", "argmax", "optimum"
        Noisy counter at the last step: teacher-forced, running free with the argmax fed back, the best possible.
    step_calls : dict with "hidden", "target", "logits"   calls of rnnlib.rnn.step in one training pass
    last_count : float   the single-output network's accuracy on the final count
    last_grad : float    its largest |∇o(t)| for t < τ
    params : dict pattern -> int number of parameters
    """
    def keys(d, name, want):
        if not isinstance(d, dict) or set(d) != set(want):
            raise ValueError(f"{name}: got {d!r}, wanted a dict with keys {sorted(want)}")
        return d

    delay = {k: _fraction(v, f"delay[{k!r}]") for k, v in
             keys(delay, "delay", ("hidden", "target", "softmax", "logits")).items()}
    noisy = {k: _fraction(v, f"noisy_last[{k!r}]") for k, v in
             keys(noisy_last, "noisy_last", ("target", "argmax", "optimum")).items()}
    calls = {k: _checks.integer(v, f"step_calls[{k!r}]", 1, 10_000) for k, v in
             keys(step_calls, "step_calls", ("hidden", "target", "logits")).items()}
    params = {k: _checks.integer(v, f"params[{k!r}]", 1) for k, v in keys(params, "params", PATTERNS).items()}
    last_count = _fraction(last_count, "last_count")
    last_grad = _checks.number(last_grad, "last_grad", 0)
    tau = _checks.integer(tau, "tau", 1, 10_000)
    cells = {
        "hidden": [f"whatever its state can hold: the symbol of 2 steps ago, {delay['hidden']:.0%}",
                   f"back-propagation through time: {calls['hidden']} sequential step calls per pass (τ = {tau})",
                   f"{params['hidden']} parameters; an output and a loss at every step"],
        "output": [f"teacher-forced, only what the targets say: the symbol of 2 steps ago at most "
                   f"{delay['target']:.0%} (chance 25 %); trained free with its logits fed back, "
                   f"{delay['logits']:.0%} or more (softmax fed back: at best {delay['softmax']:.0%})",
                   f"teacher forcing: {calls['target']} step call for all {tau} steps; free-running "
                   f"training: {calls['logits']} sequential calls. Noisy count at the last step: "
                   f"{noisy['target']:.0%} teacher-forced, {noisy['argmax']:.0%} running free with the argmax fed "
                   f"back (best possible "
                   f"{noisy['optimum']:.0%})",
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
