"""Chapter 4, "Back-propagation through time": the gradient equations, their cost,
vanishing and exploding gradients, clipping and truncation.

The gradient equations of Goodfellow et al. (eq. 10.17-10.28) are written here
once more, as small functions for one sequence, so that the tests can hold
them against ``RNN.backward`` and against finite differences; the notebook
writes the same lines in its cells. The rest is the chapter's experiments:

* :func:`gradient_norms` — ‖∂L(τ)/∂h(t)‖ against τ − t for W scaled to a
  spectral radius ρ, with the bound σ_max(W)^(τ−t) (Pascanu et al., 2013);
* :func:`copy_first_accuracy` — accuracy against the distance k of a
  dependency, for a fixed training budget;
* :func:`clipping_runs` — one training run with and one without gradient clipping;
* :func:`truncated_loss_and_grads` and :func:`echo_accuracy` — truncated BPTT
  and what it cannot learn on the delayed echo (``rl.data.delay_task``);
* the figures, the backward stepper, the live radius slider, and the
  exercise checks.

The constants in capitals are the thresholds the chapter's prose relies on;
the notebook's hidden guards and ``tests/test_ch04_bptt.py`` check the same ones.
"""

import io
import time
import tracemalloc
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from .. import _checks
from ..exercises import check, close
from ..data import delay_task
from ..functional import one_hot
from ..graph import unfolded
from ..optim import SGD, Adam, History, clip_grad_norm, global_norm, train
from ..plots import Table, new_figure
from ..rnn import RNN
from ..widgets import stepper

__all__ = [
    "loss", "output_grad", "hidden_grad", "param_grads", "per_step_grads", "bptt",
    "plot_per_step", "backward_stepper", "measure_cost", "cost_table",
    "GradientNorms", "gradient_norms", "plot_gradient_norms", "gradient_table", "radius_slider",
    "copy_first", "copy_first_accuracy", "plot_accuracy_vs_distance",
    "clipping_runs", "plot_clipping",
    "truncated_loss_and_grads", "Truncated", "echo_accuracy",
    "check_grad_W_last", "check_radius", "check_clip",
    "GRAD_TOL", "RADII", "VANISH_TAU", "VANISH_HIDDEN", "VANISH_BATCH", "DISTANCES", "VANISHED_BELOW", "EXPLODED_ABOVE",
    "RADIUS_GRID",
    "COPY_DISTANCES", "COPY_STEPS", "COPY_SHORT", "COPY_SHORT_MIN_ACC", "COPY_LONG", "COPY_LONG_MAX_ACC",
    "CLIP_DISTANCE", "CLIP_LR", "CLIP_INIT_SCALE", "CLIP_MAX_NORM", "CLIP_STEPS",
    "NOCLIP_FINAL_MIN", "NOCLIP_SPIKE_MIN", "CLIP_FINAL_MAX",
    "ECHO_TAU", "ECHO_DELAY", "ECHO_STEPS", "TRUNC_SHORT_MAX_ACC", "FULL_MIN_ACC", "ONE_MORE_MIN_ACC",
]

# ----------------------------------------------------------------------------- claims
# The equations (section "Checking"): relative error to model.backward and to finite differences.
GRAD_TOL = 1e-6

# Vanishing and exploding (section "Vanishing and exploding gradients").
RADII = (0.5, 0.9, 1.0, 1.5, 2.0, 3.0)   # spectral radii of W shown
VANISH_TAU, VANISH_HIDDEN, VANISH_BATCH = 60, 32, 32
DISTANCES = (10, 30)                      # τ − t at which the text quotes the norms
VANISHED_BELOW = 1e-3    # for ρ ≤ 1, ‖∂L(τ)/∂h(τ−30)‖ / ‖∂L(τ)/∂h(τ)‖ is below this
EXPLODED_ABOVE = 1.0     # for ρ ≥ 2, that ratio is above this: the gradient grows
RADIUS_GRID = tuple(float(r) for r in np.round(np.arange(1.0, 2.501, 0.1), 1))   # exercise 2

# What it does to learning (section "What it does to learning").
COPY_DISTANCES = (2, 4, 8, 16, 32, 48)
COPY_STEPS = 300
COPY_SHORT, COPY_SHORT_MIN_ACC = 4, 0.95      # up to k = 4 every seed learns the task
COPY_LONG, COPY_LONG_MAX_ACC = 48, 0.40       # at k = 48 every seed stays near chance (0.25)

# Clipping (section "Gradient clipping").
CLIP_DISTANCE, CLIP_LR, CLIP_INIT_SCALE, CLIP_MAX_NORM, CLIP_STEPS = 8, 1.0, 3.0, 1.0, 300
NOCLIP_FINAL_MIN = 0.5    # without clipping: mean loss of the last 20 steps above this, five times
                          # CLIP_FINAL_MAX (chance: ln 4 ≈ 1.39; seeds 0-4 end at 2.7-4.2 here, but the
                          # unclipped run is chaotic: a change in rounding alone took one seed to 0.96)
NOCLIP_SPIKE_MIN = 4.0    # without clipping: the loss spikes above this at least once
CLIP_FINAL_MAX = 0.1      # with clipping: mean loss of the last 20 steps below this

# Truncated BPTT (section "Truncated BPTT").
ECHO_TAU, ECHO_DELAY, ECHO_STEPS = 12, 3, 200
TRUNC_SHORT_MAX_ACC = 0.6   # truncated to k = delay steps: at most this accuracy (chance 0.25)
FULL_MIN_ACC = 0.95         # full BPTT: at least this
ONE_MORE_MIN_ACC = 0.75     # truncated to k = delay + 1 steps: at least this ("most of it")

N_SYMBOLS = 4


# ----------------------------------------------------------------------------- validation
def _array(a, name, ndim, wanted):
    """``a`` as a finite float64 array with ``ndim`` axes, else ValueError (TypeError for a str) naming ``name``."""
    return _checks.real_array(a, name, wanted, ndim=ndim)


def _same_length(name, arr, tau):
    if arr.shape[0] != tau:
        raise ValueError(f"{name}: got {arr.shape[0]} time steps (shape {arr.shape}), wanted τ = {tau}, "
                         "the length of h")


def _model(model, patterns=("hidden", "last")):
    if not isinstance(model, RNN):
        raise TypeError(f"model: got {type(model).__name__}, wanted an rl.RNN")
    if model.pattern not in patterns:
        raise ValueError(f"model: got pattern {model.pattern!r}, wanted "
                         + " or ".join(repr(p) for p in patterns))
    return model


def _seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed: got {seed!r}, wanted an integer >= 0")
    return int(seed)


def _positive_float(value, name, high=None):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name}: got {type(value).__name__} {value!r}, wanted a positive number")
    if not (np.isfinite(value) and value > 0) or (high is not None and value > high):
        wanted = "a positive finite number" + (f" at most {high}" if high is not None else "")
        raise ValueError(f"{name}: got {value!r}, wanted {wanted}")
    return float(value)


def _ints(values, name, low=1, high=None):
    try:
        vals = tuple(values)
    except TypeError:
        raise TypeError(f"{name}: got {type(values).__name__}, wanted a sequence of integers") from None
    if not vals:
        raise ValueError(f"{name}: got an empty sequence, wanted at least one integer")
    for v in vals:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low or (high is not None and v > high):
            rng = f"in {low}..{high}" if high is not None else f">= {low}"
            raise ValueError(f"{name}: got {v!r}, wanted integers {rng}")
    return tuple(int(v) for v in vals)


# ----------------------------------------------------------------------------- the equations
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
    y_hat = _array(y_hat, "y_hat", 2, "(τ, n_out) probabilities ŷ(1..τ)")
    y = _checks.labels(y, "y", (y_hat.shape[0],), y_hat.shape[1], "(τ,)")
    if np.any(y_hat <= 0) or np.any(y_hat > 1):
        raise ValueError("y_hat: got values outside (0, 1], wanted probabilities (softmax outputs)")
    return float(-np.log(y_hat[np.arange(len(y)), y]).sum())


def output_grad(y_hat, y):
    """∇o(t) L = ŷ(t) − onehot(y(t))  (eq. 10.18), for every t of one sequence.

    Parameters
    ----------
    y_hat : ndarray (τ, n_out)   ŷ(1) .. ŷ(τ)
    y : int ndarray (τ,)         y(1) .. y(τ)

    Returns
    -------
    grad_o : ndarray (τ, n_out)
    """
    y_hat = _array(y_hat, "y_hat", 2, "(τ, n_out) probabilities ŷ(1..τ)")
    y = _checks.labels(y, "y", (y_hat.shape[0],), y_hat.shape[1], "(τ,)")
    return y_hat - one_hot(y, y_hat.shape[1])                            # (10.18)


def hidden_grad(W, V, h, grad_o):
    """∇h(t) L for t = τ, τ−1, ..., 1  (eq. 10.19-10.21), one sequence.

        ∇h(τ) = Vᵀ ∇o(τ)                                      (10.19)
        ∇h(t) = Wᵀ diag(1 − h(t+1)²) ∇h(t+1) + Vᵀ ∇o(t)         (10.21)

    Row vectors: Wᵀ v is ``v @ W``.

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


# ----------------------------------------------------------------------------- copies W(t)
def plot_per_step(contributions, name="W", max_panels=8):
    """The τ contributions ∇W(t) (or ∇U(t)) as small heat maps, then their sum.

    Parameters
    ----------
    contributions : ndarray (τ, rows, cols), e.g. ``per_step_grads(...)["W"]``
    name : str   "W" or "U", for the titles
    """
    c = _array(contributions, "contributions", 3, "(τ, rows, cols)")
    tau = c.shape[0]
    if tau > max_panels:
        raise ValueError(f"contributions: got τ = {tau} steps, wanted at most {max_panels} (one panel per step)")
    _checks.choice(name, "name", ("W", "U"))
    total = c.sum(0)
    vmax = max(np.abs(c).max(), np.abs(total).max(), 1e-12)
    fig, axes = new_figure(figsize=(1.25 * (tau + 1) + 0.6, 2.0), ncols=tau + 1)
    for t, ax in enumerate(axes, start=1):
        mat = c[t - 1] if t <= tau else total
        im = ax.imshow(mat, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"$\\nabla_{{{name}^{{({t})}}}}$" if t <= tau else f"sum $=\\nabla_{{{name}}}L$", fontsize=10)
        if t <= tau:
            ax.text(1.13, 0.5, "+" if t < tau else "=", transform=ax.transAxes, ha="center", va="center",
                    fontsize=14)
    fig.colorbar(im, ax=axes[-1], shrink=0.8)
    return fig


# ----------------------------------------------------------------------------- backward stepper
def backward_stepper(model, x, y, dpi=80):
    """A stepper that walks backward through time, t = τ, τ−1, ..., 1.

    Frame s shows step t = τ + 1 − s of the unfolded graph with the gradient
    arrows into h(t) highlighted and ‖∇h(k)‖ written under every h(k)
    already reached (k ≥ t); beside it, ‖∇W(k)‖ of every copy W(k) reached so
    far and the norm of their running sum.

    Parameters
    ----------
    model : rl.RNN, pattern "hidden"
    x : ndarray (τ, n_in), τ ≤ 8;  y : int ndarray (τ,)
    """
    _model(model, ("hidden",))
    _, grads, grad_h = bptt(model, x, y)
    x = np.asarray(x, dtype=np.float64)
    tau = x.shape[0]
    if tau > 8:
        raise ValueError(f"x: got τ = {tau} steps, wanted at most 8 (one frame per step)")
    h = model.forward(x).h
    per_W = per_step_grads(x, h, grad_h)["W"]
    norm_h = np.linalg.norm(grad_h, axis=1)
    norm_W = np.linalg.norm(per_W, axis=(1, 2))
    total = np.linalg.norm(grads["W"])
    running = [np.linalg.norm(per_W[t - 1:].sum(0)) for t in range(1, tau + 1)]

    def render(s):
        t = tau + 1 - s
        fig = Figure(figsize=(10.0, 3.3))                # no layout engine: frames render faster
        ax_g, ax_b = fig.add_axes((0.0, 0.0, 0.74, 1.0)), fig.add_axes((0.8, 0.2, 0.18, 0.56))
        unfolded("hidden", tau, highlight=t, direction="backward", ax=ax_g,
                 values={k: f"{norm_h[k - 1]:.2f}" for k in range(t, tau + 1)})
        shown = np.where(np.arange(1, tau + 1) >= t, norm_W, 0.0)
        ax_b.bar(np.arange(1, tau + 1), shown, color="#D55E00")
        ax_b.set_xticks(np.arange(1, tau + 1))
        ax_b.set_xlim(0.4, tau + 0.6)
        ax_b.set_ylim(0, 1.15 * norm_W.max())
        ax_b.set_xlabel("copy k")
        ax_b.set_title(f"‖∇W(k)‖ for k ≥ {t}\n‖sum so far‖ = {running[t - 1]:.3f}", fontsize=9)
        ax_b.spines[["top", "right"]].set_visible(False)
        return fig

    def caption(s):
        t = tau + 1 - s
        return (f"backward step {s}: t = {t}, ‖∇h({t})‖ = {norm_h[t - 1]:.3f}; "
                f"‖∇W(k) summed over k = {t}..{tau}‖ = {running[t - 1]:.3f} "
                f"(all {tau}: ‖∇W‖ = {total:.3f})")

    def alt(s):
        t = tau + 1 - s
        return (f"Unfolded graph over {tau} steps with the gradient arrows into h({t}) highlighted and the "
                f"gradient norms of h({t}) to h({tau}) written under the nodes; beside it a bar chart of the "
                f"norms of the per-copy gradients of W for k = {t} to {tau}.")

    return stepper(render, tau, label="step", caption=caption, alt=alt, dpi=dpi)


# ----------------------------------------------------------------------------- cost
def measure_cost(taus=(100, 200, 400), *, n_hidden=32, batch=8, repeats=3, seed=0):
    """Time and memory of forward + BPTT against τ.

    Returns
    -------
    list of dict, one per τ, with ``tau``, ``seconds`` (the fastest of ``repeats``
    runs of ``model.loss_and_grads``), ``stored_bytes`` (the states h(1..τ)
    BPTT must keep: τ·batch·n_hidden float64) and ``peak_bytes`` (the peak
    memory allocated during one call, measured with ``tracemalloc``).
    """
    taus = _ints(taus, "taus", 1, 5000)
    n_hidden = _checks.positive_int(n_hidden, "n_hidden")
    batch = _checks.positive_int(batch, "batch")
    repeats = _checks.positive_int(repeats, "repeats")
    rng = np.random.default_rng(_seed(seed))
    model = RNN(8, n_hidden, 8, seed=seed)
    rows = []
    for tau in taus:
        x = one_hot(rng.integers(0, 8, (tau, batch)), 8)
        y = rng.integers(0, 8, (tau, batch))
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            model.loss_and_grads(x, y)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        try:
            model.loss_and_grads(x, y)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        rows.append({"tau": tau, "seconds": float(min(times)),
                     "stored_bytes": tau * batch * n_hidden * 8, "peak_bytes": int(peak)})
    return rows


def cost_table(rows):
    """A Table of :func:`measure_cost`'s rows."""
    body = [[str(r["tau"]), f"{1e3 * r['seconds']:.1f}", f"{1e6 * r['seconds'] / r['tau']:.0f}",
             f"{r['stored_bytes'] / 2**20:.2f}", f"{r['peak_bytes'] / 2**20:.2f}"] for r in rows]
    return Table(["τ", "forward + BPTT (ms)", "per step (µs)", "states h(1..τ) (MiB)", "peak memory (MiB)"],
                 body, caption="Cost of one forward pass and BPTT against the sequence length τ")


# ----------------------------------------------------------------------------- vanishing and exploding
def _orthogonal(n, rng):
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


@dataclass
class GradientNorms:
    """‖∂L(τ)/∂h(t)‖ measured for several spectral radii of W.

    Attributes
    ----------
    radii : tuple of float
    distance : ndarray (τ,)          τ − t for t = 1..τ (τ−1 down to 0)
    ratio : dict ρ -> ndarray (τ,)   geometric mean over the batch of ‖∇h(t)‖ / ‖∇h(τ)‖
    per_sequence : dict ρ -> ndarray (τ, batch)   the same ratio for every sequence
    sigma_max : dict ρ -> float      largest singular value of W
    tanh_prime : dict ρ -> float     mean of tanh'(a(t)) = 1 − h(t)² over t, batch and units
    """

    radii: tuple
    distance: np.ndarray
    ratio: dict
    per_sequence: dict
    sigma_max: dict
    tanh_prime: dict

    def at(self, rho, distance):
        """The ratio for radius ``rho`` at τ − t = ``distance``."""
        if rho not in self.ratio:
            raise ValueError(f"rho: got {rho!r}, wanted one of the measured radii {self.radii}")
        (d,) = _ints((distance,), "distance", 0, len(self.distance) - 1)
        return float(self.ratio[rho][-1 - d])

    def bound(self, rho):
        """σ_max(W)^(τ−t) for t = 1..τ: the most ‖∇h(t)‖/‖∇h(τ)‖ can be (tanh' ≤ 1)."""
        return self.sigma_max[rho] ** self.distance


_NORMS = {}   # cache of gradient_norms: the exercise's check and its solution share one measurement


def gradient_norms(radii=RADII, *, seed=0, tau=VANISH_TAU, n_hidden=VANISH_HIDDEN, batch=VANISH_BATCH):
    """Measure ‖∂L(τ)/∂h(t)‖ against τ − t with W = ρ Q, Q a random orthogonal matrix.

    The network is an ``RNN(4, n_hidden, 4, pattern="last")`` reading random
    one-hot symbols; only L(τ) is attached, so ``RNN.backward``'s ∇h(t) is
    ∂L(τ)/∂h(t). Because Q is orthogonal, W = ρ Q has spectral radius and
    largest singular value both equal to ρ. Results are cached: the same
    arguments return the same object.

    Returns
    -------
    GradientNorms
    """
    try:
        radii = tuple(float(_positive_float(r, "radii", 10.0)) for r in radii)
    except TypeError:
        if not np.iterable(radii):
            raise TypeError(f"radii: got {type(radii).__name__}, wanted a sequence of positive numbers") from None
        raise
    if not radii:
        raise ValueError("radii: got an empty sequence, wanted at least one radius")
    tau = _checks.positive_int(tau, "tau")
    if tau < 2 or tau > 2000:
        raise ValueError(f"tau: got {tau}, wanted 2..2000")
    n_hidden = _checks.positive_int(n_hidden, "n_hidden")
    batch = _checks.positive_int(batch, "batch")
    seed = _seed(seed)
    key = (radii, seed, tau, n_hidden, batch)
    if key in _NORMS:
        return _NORMS[key]
    rng = np.random.default_rng(seed)
    model = RNN(N_SYMBOLS, n_hidden, N_SYMBOLS, pattern="last", seed=seed)
    Q = _orthogonal(n_hidden, rng)
    x = one_hot(rng.integers(0, N_SYMBOLS, (tau, batch)), N_SYMBOLS)
    y = rng.integers(0, N_SYMBOLS, batch)
    ratio, per_seq, sigma, tprime = {}, {}, {}, {}
    for rho in radii:
        model.params["W"] = rho * Q
        _, _, dh = model.backward(x, y)
        norms = np.linalg.norm(dh, axis=-1)               # (τ, batch)
        with np.errstate(under="ignore"):
            r = norms / norms[-1]
        per_seq[rho] = r
        ratio[rho] = np.exp(np.log(np.maximum(r, 1e-300)).mean(axis=1))
        sigma[rho] = float(np.linalg.norm(model.params["W"], 2))
        tprime[rho] = float((1 - model.forward(x).h ** 2).mean())
    _NORMS[key] = GradientNorms(radii, np.arange(tau - 1, -1, -1), ratio, per_seq, sigma, tprime)
    return _NORMS[key]


def plot_gradient_norms(norms, *, highlight=None, ax=None, figsize=(7.2, 3.8)):
    """Measured ‖∇h(t)‖/‖∇h(τ)‖ (solid) and the bound σ_max^(τ−t) (dashed) against τ − t, log scale."""
    if not isinstance(norms, GradientNorms):
        raise TypeError(f"norms: got {type(norms).__name__}, wanted the GradientNorms of ch.gradient_norms")
    if ax is None:
        fig, ax = new_figure(figsize=figsize)
    else:
        fig = ax.figure
    colours = ["#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#999999", "#000000"]
    for i, rho in enumerate(norms.radii):
        col = colours[i % len(colours)]
        faded = highlight is not None and rho != highlight
        alpha = 0.25 if faded else 1.0
        ax.plot(norms.distance, norms.ratio[rho], color=col, lw=2, alpha=alpha, label=f"ρ = {rho:g}")
        ax.plot(norms.distance, norms.bound(rho), color=col, lw=1, ls="--", alpha=0.6 * alpha)
    ax.set_yscale("log")
    ax.set_ylim(1e-16, 1e8)
    ax.set_xlim(0, norms.distance.max())
    ax.axhline(1.0, color="#333333", lw=0.8)
    ax.set_xlabel("distance τ − t")
    ax.set_ylabel("‖∂L(τ)/∂h(t)‖ / ‖∂L(τ)/∂h(τ)‖")
    ax.plot([], [], color="#333333", lw=1, ls="--", label="bound σ_max^(τ−t)")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=9, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def gradient_table(norms, distances=DISTANCES):
    """A Table: ρ, σ_max, mean tanh', measured ratio and bound at each distance."""
    distances = _ints(distances, "distances", 0, len(norms.distance) - 1)
    rows = []
    for rho in norms.radii:
        row = [f"{rho:g}", f"{norms.sigma_max[rho]:.2f}", f"{norms.tanh_prime[rho]:.2f}"]
        for d in distances:
            row += [f"{norms.at(rho, d):.1e}", f"{norms.sigma_max[rho] ** d:.1e}"]
        rows.append(row)
    header = ["ρ", "σ_max(W)", "mean tanh'"]
    for d in distances:
        header += [f"measured, τ−t = {d}", f"bound σ_max^{d}"]
    return Table(header, rows, caption="‖∂L(τ)/∂h(t)‖ / ‖∂L(τ)/∂h(τ)‖, geometric mean over "
                 f"{VANISH_BATCH} sequences")


def radius_slider(seed=0):
    """A live ipywidgets slider for ρ that redraws the measured curve and its bound.

    Needs a running kernel; the book shows the figure with several radii instead.
    """
    import ipywidgets as w

    seed = _seed(seed)

    def png(rho):
        norms = gradient_norms((rho,), seed=seed)
        fig = plot_gradient_norms(norms, figsize=(6.4, 3.4))
        fig.axes[0].set_title(f"ρ = {rho:.2f}: after 30 steps the gradient is ×{norms.at(rho, 30):.1e}, "
                              f"the bound allows ×{rho ** 30:.1e}", fontsize=9)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=80)
        return buf.getvalue()

    slider = w.FloatSlider(value=1.0, min=0.3, max=3.0, step=0.05, description="ρ", continuous_update=False)
    image = w.Image(value=png(1.0), format="png")
    slider.observe(lambda change: setattr(image, "value", png(change["new"])), names="value")
    return w.VBox([slider, image])


# ----------------------------------------------------------------------------- learning at a distance
def copy_first(n, k, *, seed, n_symbols=N_SYMBOLS):
    """The copy-first task: read k + 1 random symbols, then name the first one.

    Returns
    -------
    x : ndarray (k + 1, n, n_symbols)   one-hot symbols, time first
    y : int ndarray (n,)                the symbol read at t = 1, needed at t = τ = k + 1
    """
    n = _checks.positive_int(n, "n")
    k = _checks.positive_int(k, "k")
    n_symbols = _checks.positive_int(n_symbols, "n_symbols")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(_seed(seed))
    s = rng.integers(0, n_symbols, (k + 1, n))
    return one_hot(s, n_symbols), s[0]


def copy_first_accuracy(distances=COPY_DISTANCES, *, seed=0, steps=COPY_STEPS, n_hidden=16, batch=32,
                        n_test=1000, progress=False):
    """Train one RNN (pattern "last") per distance k on :func:`copy_first`; test accuracy per k.

    Every k gets the same budget: ``steps`` Adam steps (lr 0.01) on batches of
    ``batch`` fresh sequences, gradient norm clipped at 5 (as in chapter 1).

    Returns
    -------
    dict k -> accuracy on ``n_test`` new sequences (chance: 1/4)
    """
    distances = _ints(distances, "distances", 1, 200)
    seed = _seed(seed)
    steps = _checks.positive_int(steps, "steps")
    acc = {}
    for k in distances:
        rng = np.random.default_rng([seed, k])
        model = RNN(N_SYMBOLS, n_hidden, N_SYMBOLS, pattern="last", seed=seed)
        train(model, lambda _step, k=k, rng=rng: copy_first(batch, k, seed=rng), steps,
              optimizer=Adam(lr=0.01), clip=5.0, progress=progress, label=f"k = {k}")
        x, y = copy_first(n_test, k, seed=np.random.default_rng([seed, k, 1]))
        acc[k] = float((model.predict(x) == y).mean())
    return acc


def plot_accuracy_vs_distance(acc, chance=1 / N_SYMBOLS, *, figsize=(6.0, 3.0)):
    """Accuracy against the distance k (log-2 axis), with the chance level."""
    if not isinstance(acc, dict) or not acc:
        raise TypeError(f"acc: got {type(acc).__name__}, wanted the dict k -> accuracy of ch.copy_first_accuracy")
    fig, ax = new_figure(figsize=figsize)
    ks = sorted(acc)
    ax.plot(ks, [acc[k] for k in ks], "o-", color="#0072B2", lw=2)
    ax.axhline(chance, color="#999999", ls="--", lw=1)
    ax.text(ks[-1], chance + 0.02, "chance", ha="right", va="bottom", fontsize=9, color="#555555")
    ax.set_xscale("log", base=2)
    ax.set_xticks(ks)
    ax.set_xticklabels([str(k) for k in ks])
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("distance k between the symbol and the answer")
    ax.set_ylabel("test accuracy")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


# ----------------------------------------------------------------------------- clipping
def clipping_runs(seed=0, *, steps=CLIP_STEPS, max_norm=CLIP_MAX_NORM, lr=CLIP_LR, init_scale=CLIP_INIT_SCALE,
                  k=CLIP_DISTANCE, n_hidden=16, batch=32):
    """Train the same RNN on :func:`copy_first` twice: plain SGD, and SGD with clipping.

    Both runs start from the same weights (``init_scale`` 3: W in the exploding
    regime) and see the same batches; the only difference is
    ``clip_grad_norm(grads, max_norm)`` before each update.

    Returns
    -------
    dict "without clipping" / "with clipping" -> rl.optim.History (loss and
    gradient norm before clipping, per step). A run whose loss becomes
    non-finite stops there (its History is shorter).
    """
    seed = _seed(seed)
    steps = _checks.positive_int(steps, "steps")
    max_norm = _positive_float(max_norm, "max_norm")
    lr = _positive_float(lr, "lr")
    runs = {}
    for name, clip in (("without clipping", None), ("with clipping", max_norm)):
        rng = np.random.default_rng([seed, 7])
        model = RNN(N_SYMBOLS, n_hidden, N_SYMBOLS, pattern="last", seed=seed, init_scale=init_scale)
        opt, hist = SGD(lr=lr), History()
        start = time.perf_counter()
        for _ in range(steps):
            x, y = copy_first(batch, k, seed=rng)
            value, grads = model.loss_and_grads(x, y)
            norm = global_norm(grads)
            if not (np.isfinite(value) and np.isfinite(norm)):
                break                                  # diverged: keep what happened so far
            if clip is not None:
                grads, _ = clip_grad_norm(grads, clip)
            opt.step(model.params, grads)
            hist.loss.append(float(value))
            hist.grad_norm.append(norm)
        hist.seconds = time.perf_counter() - start
        runs[name] = hist
    return runs


def plot_clipping(runs, *, figsize=(9.6, 3.4)):
    """Loss (top) and gradient norm (bottom, log) of the two runs, side by side."""
    if not isinstance(runs, dict) or set(runs) != {"without clipping", "with clipping"}:
        raise TypeError("runs: wanted the dict of ch.clipping_runs")
    fig, axes = new_figure(figsize=figsize, ncols=2, nrows=2, sharey="row", sharex=True,
                           height_ratios=[2, 1])
    top = max(max(h.loss) for h in runs.values())
    for j, (name, hist) in enumerate(runs.items()):
        ax, axn = axes[0, j], axes[1, j]
        ax.plot(np.arange(1, len(hist.loss) + 1), hist.loss, color="#D55E00" if j == 0 else "#0072B2", lw=1)
        ax.axhline(np.log(N_SYMBOLS), color="#999999", ls="--", lw=1)
        ax.set_ylim(0, 1.05 * top)
        ax.set_title(name)
        axn.plot(np.arange(1, len(hist.grad_norm) + 1), hist.grad_norm, color="#555555", lw=0.8)
        axn.set_yscale("log")
        axn.set_xlabel("training step")
        for a in (ax, axn):
            a.spines[["top", "right"]].set_visible(False)
    axes[0, 0].set_ylabel("loss")
    axes[1, 0].set_ylabel("‖g‖ (before\nclipping)")
    axes[0, 1].text(len(runs["with clipping"].loss), np.log(N_SYMBOLS) + 0.1, "chance (ln 4)", ha="right",
                    va="bottom", fontsize=8, color="#555555")
    return fig


# ----------------------------------------------------------------------------- truncated BPTT
def truncated_loss_and_grads(model, x, y, k):
    """Truncated BPTT: run forward over the whole sequence, back-propagate at most k steps.

    The sequence is cut into chunks of k steps. Each chunk starts from the
    last state of the previous one, carried forward as a constant h(0), so
    its gradients stop at the chunk's start. Same shapes as ``model.loss_and_grads``.
    """
    _model(model, ("hidden",))
    k = _checks.positive_int(k, "k")
    x3, single = _checks.sequence(x, "x", model.n_in)
    x = x3[:, 0] if single else x3
    y = np.asarray(y)
    if y.shape != x.shape[:-1]:
        raise ValueError(f"y: got shape {y.shape}, wanted {x.shape[:-1]} (τ, or (τ, batch), as x)")
    total, grads, h = 0.0, {name: np.zeros_like(p) for name, p in model.params.items()}, None
    for s in range(0, x.shape[0], k):
        xc, yc = x[s:s + k], y[s:s + k]
        value, g = model.loss_and_grads(xc, yc, h0=h)
        h = model.forward(xc, h0=h).h[-1]               # carried forward, not back-propagated into
        total += value
        for name in grads:
            grads[name] += g[name]
    return total, grads


class Truncated:
    """A model whose ``loss_and_grads`` is truncated BPTT with k steps (for ``rl.optim.train``)."""

    def __init__(self, model, k):
        self.model = _model(model, ("hidden",))
        self.k = _checks.positive_int(k, "k")

    @property
    def params(self):
        return self.model.params

    def loss_and_grads(self, x, y):
        return truncated_loss_and_grads(self.model, x, y, self.k)


def echo_accuracy(truncations=(ECHO_DELAY, ECHO_DELAY + 1, None), *, seed=0, steps=ECHO_STEPS, tau=ECHO_TAU,
                  delay=ECHO_DELAY, n_hidden=16, batch=32, n_test=500, progress=False):
    """Train the delayed echo (``rl.data.delay_task``) with BPTT truncated to k steps (None: full BPTT).

    Every run: the same initial weights, the same batches, ``steps`` Adam steps
    (lr 0.01), gradient norm clipped at 5. Accuracy counts the steps t > delay.

    Returns
    -------
    dict k (or None) -> accuracy (chance: 1/4)
    """
    seed = _seed(seed)
    steps = _checks.positive_int(steps, "steps")
    acc = {}
    for k in truncations:
        kk = tau if k is None else _checks.positive_int(k, "truncations")
        rng = np.random.default_rng([seed, 11])
        model = RNN(N_SYMBOLS, n_hidden, N_SYMBOLS + 1, seed=seed)
        train(Truncated(model, kk), lambda _step, rng=rng: delay_task(batch, tau, N_SYMBOLS, delay, seed=rng)[:2],
              steps,
              optimizer=Adam(lr=0.01), clip=5.0, progress=progress, label=f"k = {k or 'full'}")
        x, y, _ = delay_task(n_test, tau, N_SYMBOLS, delay, seed=np.random.default_rng([seed, 12]))
        acc[k] = float((model.predict(x)[delay:] == y[delay:]).mean())
    return acc


# ----------------------------------------------------------------------------- exercises
def _last_cases():
    cases = []
    for seed, tau in ((0, 5), (1, 1), (2, 7)):
        model = RNN(3, 4, 3, pattern="last", seed=seed)
        rng = np.random.default_rng(100 + seed)
        model.params["b"] = rng.normal(0, 0.3, 4)
        x = rng.normal(size=(tau, 3))
        y = int(rng.integers(0, 3))
        cases.append((model, x, y, model.backward(x, y)[1]["W"]))
    return cases


def _wrong_W_last(model, x, y):
    """∇W of pattern "last" computed in the likely wrong ways, by name."""
    p, h = model.params, model.forward(x).h
    tau = h.shape[0]
    grad_o = np.zeros((tau, model.n_out))
    grad_o[-1] = output_grad(model.forward(x).y_hat[-1:], [y])[0]
    prev = _prev(h, None)
    gh = hidden_grad(p["W"], p["V"], h, grad_o)
    no_tanh = np.zeros_like(h)                         # recursion without diag(1 − h²)
    no_tanh[-1] = grad_o[-1] @ p["V"]
    for t in range(tau - 2, -1, -1):
        no_tanh[t] = no_tanh[t + 1] @ p["W"]
    ga = (1 - h ** 2) * gh
    return {
        "last step only": np.outer(ga[-1], prev[-1]),
        "no tanh'": no_tanh.T @ prev,
        "h(t) for h(t−1)": ga.T @ h,
        "transposed": (ga.T @ prev).T,
        "∇h for ∇a": gh.T @ prev,
    }


def check_grad_W_last(grad_W_last):
    """Exercise: ``grad_W_last(model, x, y)`` returns ∇W for a pattern-"last" RNN and one sequence."""
    cases = _last_cases()

    def like(fn, wrong):
        return all(close(fn(m, x, y), _wrong_W_last(m, x, y)[wrong], tol=1e-6) for m, x, y, _ in cases[:1])

    return check("∇W for pattern \"last\"", grad_W_last, [
        (lambda fn: fn(*cases[0][:3]) is not None, "grad_W_last returned None: return the (n_hidden, n_hidden) array"),
        (lambda fn: np.shape(fn(*cases[0][:3])) == cases[0][3].shape,
         "∇W has the shape of W, (n_hidden, n_hidden): a sum over t of outer products ∇a(t) h(t−1)ᵀ"),
        (lambda fn: not like(fn, "last step only"),
         "that is only the contribution of the last copy W(τ): ∇h(t) for t < τ is not zero, it comes back "
         "through W from ∇h(t+1) (eq. 10.21 without the Vᵀ ∇o(t) term), and every copy W(t) adds its share"),
        (lambda fn: not like(fn, "no tanh'"),
         "the factor diag(1 − h(t)²), tanh' at step t, is missing: ∇a(t) = (1 − h(t)²) ∇h(t), both in the "
         "recursion and in ∇W(t) = ∇a(t) h(t−1)ᵀ"),
        (lambda fn: not like(fn, "∇h for ∇a"),
         "close: multiply ∇h(t) by tanh'(a(t)) = 1 − h(t)² before the outer product with h(t−1)"),
        (lambda fn: not like(fn, "h(t) for h(t−1)"),
         "W multiplies h(t−1) in a(t) = b + W h(t−1) + U x(t): pair ∇a(t) with h(t−1), and h(0) = 0"),
        (lambda fn: not like(fn, "transposed"),
         "transposed: ∇W(t) = ∇a(t) h(t−1)ᵀ has rows indexed by the unit receiving, columns by the unit sending"),
        (lambda fn: all(close(fn(m, x, y), want, tol=1e-6) for m, x, y, want in cases),
         "not equal to model.backward's ∇W: check ∇o(τ) = ŷ(τ) − onehot(y), ∇o(t) = 0 for t < τ, and τ = 1"),
    ], "with a single output the gradient enters at h(τ) only and reaches every copy W(t) through the chain "
       "∇h(t) = Wᵀ diag(1 − h(t+1)²) ∇h(t+1): the longer the chain, the smaller its share when ρ is small.",
       expect="function")


_RHO_STAR = {}


def _rho_star(seed, distance=30):
    """The smallest radius of RADIUS_GRID whose ratio at ``distance`` is ≥ 1 (cached per seed)."""
    if (seed, distance) not in _RHO_STAR:
        norms = gradient_norms(RADIUS_GRID, seed=seed)
        _RHO_STAR[seed, distance] = next((r for r in RADIUS_GRID if norms.at(r, distance) >= 1.0), None)
    return _RHO_STAR[seed, distance]


def check_radius(rho_star, seed=0):
    """Exercise: the smallest ρ of ``RADIUS_GRID`` at which ‖∇h(τ−30)‖ / ‖∇h(τ)‖ ≥ 1."""
    want = _rho_star(_seed(seed))
    return check("Where gradients stop vanishing", rho_star, [
        (lambda r: np.isscalar(r) and np.isfinite(float(r)), "rho_star should be one number, a radius ρ"),
        (lambda r: float(r) >= 1.0,
         "below ρ = 1 the bound σ_max^30 < 1 guarantees vanishing: the answer cannot be there"),
        (lambda r: abs(float(r) - 1.0) > 0.05 or abs(want - 1.0) < 0.05,
         "ρ = 1 is where the bound stops *guaranteeing* vanishing, but tanh' < 1 keeps shrinking the gradient: "
         "measure with ch.gradient_norms(ch.RADIUS_GRID, seed=SEED).at(rho, 30)"),
        (lambda r: float(r) >= want - 0.05,
         "at that radius the gradient still shrinks over 30 steps (ratio < 1): go higher"),
        (lambda r: float(r) <= want + 0.05,
         "at that radius the gradient already grows; a smaller radius of the grid also has ratio ≥ 1"),
    ], f"ρ* = {want:g}: well above the bound's 1, because saturated tanh units (tanh' < 1) shrink the gradient "
       "at every step; the bound is sufficient for vanishing, not necessary.", expect="number")


def check_clip(clip):
    """Exercise: ``clip(grads, max_norm)`` rescales a dict of gradients to global norm ≤ max_norm."""
    rng = np.random.default_rng(5)
    big = {"W": rng.normal(size=(3, 3)) * 4, "b": rng.normal(size=3) * 4}
    small = {"W": rng.normal(size=(3, 3)) * 0.01, "b": rng.normal(size=3) * 0.01}

    def norm(g):
        return global_norm(g)

    def clipped(fn, g, m):
        out = fn({k: v.copy() for k, v in g.items()}, m)
        return out[0] if isinstance(out, tuple) else out

    def per_array(fn):
        out = clipped(fn, big, 1.0)
        return all(abs(np.linalg.norm(out[k]) - 1.0) < 1e-9 for k in out)

    return check("Clip by global norm", clip, [
        (lambda fn: isinstance(clipped(fn, big, 1.0), dict) and set(clipped(fn, big, 1.0)) == set(big),
         "return a dict with the same keys as grads"),
        (lambda fn: not per_array(fn),
         "you clipped each array on its own: clip the global norm ‖g‖ = sqrt(Σ over all arrays of Σ g²), "
         "one scale for every array, so the direction of the whole gradient is kept"),
        (lambda fn: abs(norm(clipped(fn, big, 1.0)) - 1.0) < 1e-9,
         "after clipping a gradient of norm > max_norm, its global norm should be exactly max_norm"),
        (lambda fn: all(close(clipped(fn, big, 1.0)[k] * norm(big), big[k]) for k in big),
         "the direction changed: multiply every array by the same factor max_norm / ‖g‖"),
        (lambda fn: all(close(clipped(fn, small, 1.0)[k], small[k]) for k in small),
         "a gradient already shorter than max_norm must be left as it is (scale min(1, max_norm / ‖g‖))"),
    ], "g ← g · min(1, v / ‖g‖): the step keeps its direction and at most length v, so one exploding "
       "gradient cannot throw the parameters across the loss surface.", expect="function")
