"""Chapter 2, "Unfolding computational graphs": the lossy-summary experiment and the exercise checks.

The chapter's unfolding itself needs only the library (``rnnlib.rnn.unfold``,
``rnnlib.graph``, ``rnnlib.widgets``); what is particular to it lives here:
the scalar network s(t) = tanh(w s(t-1) + u x(t) + b) of the section "The
price: a fixed-size summary", its fixed points, the spectral radius that
connects the chapter's three systems, and the checks of the exercises.

Time is counted from 1: ``s[t-1]`` holds s(t), ``x[t-1]`` holds x(t).

Every number the chapter's prose states is computed by a function below and
compared with a constant here by :func:`claims_lossy_summary`, which the
notebook's hidden guard cell and the chapter's test call.
"""

import numpy as np

from .. import _checks
from ..exercises import check, close, is_kind
from ..plots import Table, new_figure
from ..rnn import unfold

__all__ = [
    "W_MEMORY", "FIXED_POINT", "FIXED_POINT_SLOPE", "SUMMARY_THETA", "SUMMARY_X_A",
    "scalar_run", "fixed_point", "tanh_slope", "spectral_radius", "difference",
    "plot_scalar_memory", "stability_table", "claims_lossy_summary", "claims_stability", "ClaimFailed",
    "check_unfold", "check_linear_power", "check_param_counts", "check_same_summary",
]

#: The recurrent weight of the scalar network that keeps a bit of its first input.
W_MEMORY = 1.1
#: The positive stable fixed point of s = tanh(1.1 s) (the negative one is its mirror).
FIXED_POINT = 0.503
#: d/ds tanh(1.1 s) at that fixed point: below 1, so the fixed point attracts.
FIXED_POINT_SLOPE = 0.82
#: θ = (w, u, b) of the scalar network in exercise 4, and its first input sequence x_a.
SUMMARY_THETA = {"w": 0.8, "u": 1.0, "b": 0.0}
SUMMARY_X_A = (1.0, 0.0, 0.5)


class ClaimFailed(AssertionError):
    """A claim of the chapter's text no longer holds (the message says which)."""


def scalar_run(w, x, *, u=1.0, b=0.0, s0=0.0):
    """s(1) .. s(τ) of s(t) = tanh(w s(t-1) + u x(t) + b): ndarray (τ,) for x of shape (τ,)."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x: got shape {x.shape}, wanted (τ,) finite inputs with τ ≥ 1")
    return unfold(lambda s, x_t: np.tanh(w * s + u * x_t + b), float(s0), x=x)


def fixed_point(w, iterations=2000):
    """The non-negative stable fixed point s* = tanh(w s*) of the scalar map (b = 0, no input).

    For |w| ≤ 1 it is 0; for w > 1 zero is unstable and s* > 0 (−s* is the
    other stable fixed point).  Found by iterating the map from s = 1.
    """
    if not (np.isscalar(w) and np.isfinite(w) and w >= 0):
        raise ValueError(f"w: got {w!r}, wanted a finite number ≥ 0")
    _checks.positive_int(iterations, "iterations")
    s = 1.0
    for _ in range(iterations):
        s = float(np.tanh(w * s))
    return s


def tanh_slope(w, s):
    """d/ds tanh(w s) = w (1 − tanh(w s)²); at a fixed point s* = tanh(w s*) it is w (1 − s*²)."""
    return float(w * (1.0 - np.tanh(w * s) ** 2))


def spectral_radius(M):
    """max |λ| over the eigenvalues λ of a square matrix M; |w| for a scalar w."""
    M = _checks.real_array(M, "M", "a square matrix or a scalar", ndim=(0, 2))
    if M.ndim == 0:
        return float(abs(M))
    if M.ndim != 2 or M.shape[0] != M.shape[1]:
        raise ValueError(f"M: got shape {M.shape}, wanted a square matrix or a scalar")
    return float(np.max(np.abs(np.linalg.eigvals(M))))


def difference(f, s_a, s_b, ts):
    """‖s_a(t) − s_b(t)‖ at the steps ``ts`` (from 1) for two runs of s(t) = f(s(t-1)): ndarray (len(ts),)."""
    ts = [_checks.positive_int(t, "ts") for t in ts]
    a = unfold(f, s_a, tau=max(ts))
    b = unfold(f, s_b, tau=max(ts))
    gap = np.abs(a - b).reshape(max(ts), -1).max(axis=1)
    return gap[[t - 1 for t in ts]]


def plot_scalar_memory(ws=(0.5, W_MEMORY), firsts=(2.0, 1.0, 0.1, -0.1, -1.0, -2.0), tau=30):
    """One panel per w: s(t) for t = 1..τ after a single input x(1) (then zeros), one line per x(1)."""
    fig, axes = new_figure(figsize=(9.6, 3.4), ncols=len(ws), sharey=True)
    t = np.arange(1, tau + 1)
    for ax, w in zip(np.atleast_1d(axes), ws):
        for x1 in firsts:
            s = scalar_run(w, [x1] + [0.0] * (tau - 1))
            ax.plot(t, s, marker="o", markersize=2.5, linewidth=1, label=f"x(1) = {x1:g}")
        if w > 1:
            star = fixed_point(w)
            for v in (star, -star):
                ax.axhline(v, color="0.4", linestyle="--", linewidth=0.8)
            ax.text(tau, star + 0.04, f"±{star:.3f}", ha="right", va="bottom", fontsize=8)
        ax.axhline(0, color="0.7", linewidth=0.6)
        ax.set_title(f"w = {w}")
        ax.set_xlabel("step t")
        ax.grid(alpha=0.3)
    np.atleast_1d(axes)[0].set_ylabel("state s(t)")
    np.atleast_1d(axes)[-1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


def stability_table(systems, ts=(1, 10, 30, 100)):
    """:class:`Table` of systems ``{name: (radius, f, s_a, s_b)}``: the spectral radius and the difference at ``ts``."""
    rows = [[name, f"{radius:.3f}"] + [f"{d:.3g}" for d in difference(f, a, b, ts)]
            for name, (radius, f, a, b) in systems.items()]
    return Table(["system", "spectral radius"] + [f"t = {t}" for t in ts], rows,
                 caption="The difference between two runs of one rule, started at opposite states, at step t: "
                         "does it die out, persist or blow up?")


def claims_lossy_summary(star, slope, ends, forgotten):
    """Check the section's numbers; raise :class:`ClaimFailed` with a sentence if one no longer holds.

    star : fixed point of tanh(1.1 s); slope : the map's slope there;
    ends : {x(1): s(12)} for x(1) = 1 and 2 with w = 1.1; forgotten : |s_a(12) − s_b(12)| with w = 0.5.
    """
    failed = []
    if abs(star - FIXED_POINT) > 5e-4:
        failed.append(f"The stable fixed point of tanh(1.1 s) is {star:.4f}, not ±{FIXED_POINT}.")
    if abs(slope - FIXED_POINT_SLOPE) > 5e-3 or not slope < 1:
        failed.append(f"The slope at the fixed point is {slope:.3f}, not {FIXED_POINT_SLOPE}.")
    if not (0.51 < ends[1.0] < ends[2.0] < 0.53):
        failed.append(f"x(1) = 1 and 2 no longer end near 0.52 after 12 steps ({ends[1.0]:.3f}, {ends[2.0]:.3f}).")
    if not forgotten < 1e-3:
        failed.append(f"With w = 0.5 the first input is not forgotten after 12 steps ({forgotten:.2g}).")
    if failed:
        raise ClaimFailed(" ".join(failed))


def _unfold_cases():
    A = np.array([[0.9, -0.4], [0.4, 0.9]])
    cases = [
        (lambda s: np.tanh(A @ s), np.array([1.0, 0.0]), 5),
        (lambda s: 0.5 * s + 1.0, np.array(3.0), 1),
        (lambda s: np.cos(s), np.array([0.1, 0.2, 0.3]), 7),
    ]
    return [(f, s0, tau, unfold(f, s0, tau=tau)) for f, s0, tau in cases]


def check_unfold(my_unfold):
    """Exercise: ``my_unfold(f, s0, tau)`` returns s(1) .. s(τ) as an array (τ, *s0.shape)."""
    cases = _unfold_cases()
    return check("Unfold a recurrence", my_unfold, [
        (lambda fn: fn(*cases[0][:3]) is not None,
         "my_unfold returned None: collect the states in a list and return np.stack(states)"),
        (lambda fn: np.shape(fn(*cases[0][:3])) == cases[0][3].shape,
         "the result should have shape (τ, *s0.shape): one row per step t = 1..τ, "
         "not including s(0)"),
        (lambda fn: close(fn(*cases[0][:3]), cases[0][3]),
         "the shape is right but the values are not: s(1) = f(s(0)), s(2) = f(s(1)), ... — "
         "feed each new state back into f"),
        (lambda fn: all(close(fn(f, s0, tau), want) for f, s0, tau, want in cases[1:]),
         "works for the first example but not for τ = 1 or a state of another shape"),
    ], "s(t) = f(s(t-1)) applied τ times: the same f, the same θ, at every step.", expect="function")


def check_linear_power(s10, A, s0):
    """Exercise: for the linear system s(t) = A s(t-1), compute s(10) without a loop.

    s10 : the reader's answer;  A : (n, n) finite numbers;  s0 : (n,) finite numbers, s(0).
    """
    A = _checks.real_array(A, "A", "a square matrix of shape (n, n)", ndim=2)
    if A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise ValueError(f"A: got shape {A.shape}, wanted a square matrix of shape (n, n) with n ≥ 1")
    s0 = _checks.real_array(s0, "s0", f"a state of shape ({A.shape[0]},) for A of shape {A.shape}", ndim=1)
    if s0.shape != (A.shape[0],):
        raise ValueError(f"s0: got shape {s0.shape}, wanted ({A.shape[0]},), the state of A of shape {A.shape}")
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below
        want = np.linalg.matrix_power(A, 10) @ s0
    if not _checks.all_finite(want):
        raise ValueError(f"A: got values so large that A¹⁰ s(0) overflows (spectral radius "
                         f"{spectral_radius(A):.3g}), wanted a smaller A")
    return check("Unfold a linear system in closed form", s10, [
        (lambda v: np.shape(v) == want.shape, f"s(10) should have the state's shape {want.shape}"),
        (lambda v: not close(v, A @ s0), "that is s(1) = A s(0); unfold nine more times"),
        (lambda v: close(v, want, tol=1e-6),
         "unfolding s(t) = A s(t-1) ten times gives A·A·…·A s(0) = A¹⁰ s(0); "
         "try np.linalg.matrix_power(A, 10) @ s0"),
    ], f"s(10) = A¹⁰ s(0): an unfolded linear recurrence is a matrix power, so its behaviour over long spans "
       f"is governed by the eigenvalues of A. Here max |λ| = {spectral_radius(A):.3f}: "
       f"{'above 1, so s(t) grows without bound' if spectral_radius(A) > 1 else 'at most 1, so s(t) stays bounded'}"
       " (Goodfellow et al., section 10.7).", expect="array")


def check_param_counts(count_f, count_separate):
    """Exercise: parameters of the shared transition f versus a separate g(t) per step."""
    sizes = [(1, 1, 1), (3, 5, 4), (10, 20, 7), (4, 2, 30)]

    def f_ok(fn):
        return all(fn(n_in, n_h) == n_h * n_h + n_h * n_in + n_h for n_in, n_h, _ in sizes)

    def sep_ok(fn):
        return all(fn(n_in, n_h, tau) == sum(n_h * t * n_in + n_h for t in range(1, tau + 1))
                   for n_in, n_h, tau in sizes)

    both = (count_f, count_separate)
    return check("Count parameters", None if None in both else both, [
        (lambda p: all(is_kind(f, "function") for f in p),
         "count_f and count_separate should be functions (def ...: or lambda) of the sizes"),
        (lambda p: f_ok(p[0]),
         "count_f: h(t) = tanh(W h(t-1) + U x(t) + b) has W (n_hidden × n_hidden), "
         "U (n_hidden × n_in) and b (n_hidden)"),
        (lambda p: sep_ok(p[1]),
         "count_separate: step t reads t inputs of size n_in, so its weights are "
         "n_hidden × (t·n_in), plus a bias of n_hidden; add up over t = 1..τ"),
    ], "the shared f has the same count for every τ, while separate functions grow as τ²: "
       "sharing is what lets one model read sequences of any length.", expect="tuple")


def check_same_summary(x_b, theta=None, x_a=SUMMARY_X_A):
    """Exercise 4: an input sequence ``x_b`` ≠ ``x_a``, with x_b(1) = −1, whose final state s(τ) equals x_a's.

    The scalar network s(t) = tanh(w s(t-1) + u x(t) + b), θ = ``theta``
    (default :data:`SUMMARY_THETA`), s(0) = 0.
    """
    theta = dict(SUMMARY_THETA if theta is None else theta)
    w, u, b = theta["w"], theta["u"], theta["b"]
    x_a = np.asarray(x_a, dtype=float)
    end = lambda x: scalar_run(w, x, u=u, b=b)[-1]  # noqa: E731
    target = end(x_a)

    def arr(v):
        return np.asarray(v, dtype=float)

    try:
        reached = f"{end(arr(x_b)):.4f}"
    except (TypeError, ValueError):       # x_b of the wrong shape or type: a hint above reports it
        reached = "?"

    return check("Two pasts, one summary", x_b, [
        (lambda v: arr(v).shape == x_a.shape,
         f"x_b should have the shape of x_a, {x_a.shape}: τ = {x_a.size} inputs"),
        (lambda v: np.all(np.isfinite(arr(v))), "x_b should hold finite numbers"),
        (lambda v: arr(v)[0] == -1.0, "start x_b with x_b(1) = −1 (x_b[0] = -1.0), where x_a has +1"),
        (lambda v: abs(end(arr(v)) - target) < 1e-3,
         f"the final states differ: s_a({x_a.size}) = {target:.4f}, s_b({x_a.size}) = {reached}; choose the "
         "last input so that the last step's argument, w s(τ-1) + u x(τ) + b, is the same for both"),
        (lambda v: abs(end(arr(v)) - target) < 1e-9,
         "close, but not the same state: make the last step's argument exactly equal for both, and solve "
         "that equation for x_b(τ) rather than searching by trial and error"),
    ], f"two different pasts, one summary: s({x_a.size}) = {target:.4f} for both. The past has "
       f"{x_a.size} numbers, the state one, so f cannot keep them apart: whenever t·n_in > n_hidden some "
       "different inputs must end in the same state (for any continuous f, such as this tanh), whatever θ is.",
       expect="array")


def claims_stability(systems, t=100):
    """Check the spectral-radius thread on :func:`stability_table`'s systems ``{name: (radius, f, s_a, s_b)}``.

    Below 1 the difference dies out (< 1e-3 at step ``t``); above 1 it stays
    bounded away from 0 under tanh, and grows (by at least 10×) without it
    (a system whose name contains "(no tanh)").
    """
    failed = []
    for name, (radius, f, a, b) in systems.items():
        start, end = difference(f, a, b, (1, t))
        squashed = "(no tanh)" not in name
        if radius < 1 and not end < 1e-3:
            failed.append(f"{name}: spectral radius {radius:.2f} < 1, yet the difference is {end:.3g} at t = {t}.")
        if radius > 1 and squashed and not 0.1 < end < 2.5:
            failed.append(f"{name}: the difference no longer persists, bounded ({end:.3g} at t = {t}).")
        if radius > 1 and not squashed and not end > 10 * start:
            failed.append(f"{name}: the difference no longer blows up ({start:.3g} → {end:.3g}).")
    if failed:
        raise ClaimFailed(" ".join(failed))
