"""Chapter 2's figures, its table and its stepper (matplotlib is imported by rnnlib.plots, lazily)."""

import numpy as np

from ... import _checks
from ...plots import Table, new_figure
from . import settings as S
from .experiment import difference, fixed_point, scalar_run, systems_arg, theta_values

#: The largest |value| of a weight, a state or an input (the rule of rnnlib._checks).
LIMIT = _checks.MAX_MAGNITUDE

__all__ = ["plot_scalar_memory", "stability_table", "plot_level_sets", "plot_differences", "unfolding_stepper"]

#: The longest input the stepper draws (one node per step must stay readable).
MAX_STEPPER_STEPS = 8
#: Points per inch of the stepper's frames: 8 inches make 672 px, the width of the book's text column on a
#: 1280 px screen, so a frame is shown at its own size (and its smallest text, 9.7 pt, is 11.3 px tall).
STEPPER_DPI = 84


def plot_scalar_memory(ws=(0.5, S.W_MEMORY), firsts=(2.0, 1.0, 0.1, -0.1, -1.0, -2.0), tau=30):
    """One panel per w: s(t) for t = 1..τ after a single input x(1) (then zeros), one line per x(1)."""
    ws = _checks.real_array(ws, "ws", "one to four recurrent weights w ≥ 0", ndim=1, max_size=4, limit=LIMIT)
    firsts = _checks.real_array(firsts, "firsts", "one to eight first inputs x(1)", ndim=1, max_size=8, limit=LIMIT)
    tau = _checks.integer(tau, "tau", 2, 1000)
    if ws.size == 0 or ws.min() < 0:
        raise ValueError(f"ws: got {ws.tolist()}, wanted one to four recurrent weights w ≥ 0")
    if firsts.size == 0:
        raise ValueError("firsts: got no first inputs, wanted one to eight")
    fig, axes = new_figure(figsize=(3.3 * len(ws), 3.2), ncols=len(ws), sharey=True)   # 6.6 in: shown unscaled
    axes = np.atleast_1d(axes)
    t = np.arange(1, tau + 1)
    for ax, w in zip(axes, ws):
        for x1 in firsts:
            ax.plot(t, scalar_run(w, [x1] + [0.0] * (tau - 1)), marker="o", markersize=2.5, linewidth=1,
                    label=f"x(1) = {x1:g}")
        if w > 1:
            star = fixed_point(w)
            for v in (star, -star):
                ax.axhline(v, color="0.4", linestyle="--", linewidth=0.8)
            ax.text(tau, star + 0.04, f"±{star:.3f}", ha="right", va="bottom", fontsize=10)
        ax.axhline(0, color="0.7", linewidth=0.6)
        ax.set_title(f"w = {w:g}")
        ax.set_xlabel("step t")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("state s(t)")
    axes[0].legend(fontsize=9, loc="upper right", ncol=2, handlelength=1.2, columnspacing=0.8)
    return fig


def stability_table(systems, ts=(1, 10, 30, 100)):
    """:class:`Table` of systems ``{name: (radius, f, s_a, s_b)}``: the spectral radius and the difference at ``ts``."""
    systems = systems_arg(systems)
    rows = [[name, f"{radius:.3f}"] + [f"{d:.3g}" for d in difference(f, a, b, ts)]
            for name, (radius, f, a, b) in systems.items()]
    return Table(["system", "spectral radius"] + [f"t = {t}" for t in ts], rows,
                 caption="The difference between two runs of one rule, started at opposite states, at step t: "
                         "does it die out, persist or blow up?")


def plot_level_sets(theta=None, lim=2.0, n=161):
    """s(2) over the plane of pasts (x(1), x(2)) for the scalar network θ: each contour line is one state."""
    w, u, b = theta_values(S.SUMMARY_THETA if theta is None else theta)
    lim = _checks.number(lim, "lim", 0, 100, low_open=True)
    n = _checks.integer(n, "n", 11, 1001)
    grid = np.linspace(-lim, lim, n)
    x1, x2 = np.meshgrid(grid, grid)
    s2 = np.tanh(w * np.tanh(u * x1 + b) + u * x2 + b)
    fig, ax = new_figure(figsize=(5.2, 4.2))
    filled = ax.contourf(x1, x2, s2, levels=np.linspace(-1, 1, 21), cmap="RdBu_r")
    lines = ax.contour(x1, x2, s2, levels=[-0.5, 0.0, 0.5], colors="k", linewidths=1.2)
    ax.clabel(lines, fmt=lambda v: f"s(2) = {v:g}", fontsize=10)
    fig.colorbar(filled, ax=ax, label="s(2)", ticks=[-1, -0.5, 0, 0.5, 1])
    ax.set_xlabel("first input x(1)")
    ax.set_ylabel("second input x(2)")
    ax.set_title(f"s(2) for w = {w:g}, u = {u:g}, b = {b:g}")
    return fig


def plot_differences(panels):
    """One log-scale panel per title: ``{title: {label: |δ(t)| / |δ(0)| over t = 0..τ}}`` (zeros drawn at 1e-17)."""
    _checks.instance(panels, "panels", dict, "a dict {panel title: {line label: values over t}}")
    if not 1 <= len(panels) <= 3:
        raise ValueError(f"panels: got {len(panels)} panels, wanted 1 to 3")
    fig, axes = new_figure(figsize=(3.3 * len(panels), 3.3), ncols=len(panels))   # 6.6 in: shown unscaled
    for ax, (title, lines) in zip(np.atleast_1d(axes), panels.items()):
        _checks.instance(lines, f"panels[{title!r}]", dict, "a dict {line label: values over t = 0..τ}")
        if not 1 <= len(lines) <= 6:
            raise ValueError(f"panels[{title!r}]: got {len(lines)} lines, wanted 1 to 6")
        for label, values in lines.items():
            v = _checks.real_array(values, f"panels[{title!r}][{label!r}]", "differences ≥ 0 over t = 0..τ",
                                   ndim=1, max_size=S.MAX_STEPS)
            if v.size == 0 or v.min() < 0:
                raise ValueError(f"panels[{title!r}][{label!r}]: got {v.size} values (min "
                                 f"{v.min() if v.size else 'none'}), wanted one or more differences ≥ 0")
            ax.semilogy(np.arange(v.size), np.maximum(v, 1e-17), marker="o", markersize=2.5, linewidth=1.2,
                        label=label)
        ax.axhline(1.0, color="0.4", linestyle="--", linewidth=0.8)
        ax.set_title(str(title))
        ax.set_xlabel("step t")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9)
    np.atleast_1d(axes)[0].set_ylabel("|δ(t)| / |δ(0)|")
    return fig


def unfolding_stepper(theta, x, s0=0.0):
    """A stepper that unfolds s(t) = tanh(w s(t-1) + u x(t) + b) one step at a time.

    Frame t: the unfolded graph with s(t) being computed (later steps faded), every
    edge the same f_θ; below it, the states s(1) .. s(t) computed so far and the one
    θ that every step used.  The caption gives step t's arithmetic.
    """
    from matplotlib.figure import Figure

    from ... import graph, widgets
    w, u, b = theta_values(theta)
    x = _checks.real_array(x, "x", f"inputs x(1) .. x(τ), 1 to {MAX_STEPPER_STEPS} finite numbers", ndim=1,
                           max_size=MAX_STEPPER_STEPS, limit=LIMIT)
    if x.size == 0:
        raise ValueError("x: got an empty array, wanted 1 or more inputs")
    s0 = _checks.number(s0, "s0", -1, 1)
    s, tau = scalar_run(w, x, u=u, b=b, s0=s0), x.size

    def render(t):
        fig = Figure(figsize=(8, 4.8))
        top = fig.add_axes((0.01, 0.47, 0.98, 0.52))      # the graph, as wide as the frame
        bottom = fig.add_axes((0.09, 0.1, 0.89, 0.29))
        graph.unfolded("dynamical_input", tau=tau, highlight=t, ax=top)
        bottom.axhline(0, color="0.7", linewidth=0.8)
        bottom.plot(range(0, t + 1), np.r_[s0, s[:t]], color="#0072B2", marker="o", linewidth=1.5)
        bottom.plot([t], [s[t - 1]], "o", markersize=11, markerfacecolor="none", markeredgecolor="k")
        for k in range(1, t + 1):
            bottom.annotate(f"{s[k - 1]:+.2f}", (k, s[k - 1]), textcoords="offset points", xytext=(0, 9),
                            ha="center", fontsize=10)
        bottom.set_xlim(-0.4, tau + 0.4)
        bottom.set_ylim(-1.15, 1.15)
        bottom.set_xticks(range(0, tau + 1))
        bottom.set_xlabel("step t", fontsize=10)
        bottom.set_ylabel("s(t)", fontsize=10)
        bottom.tick_params(labelsize=10)
        bottom.set_title(f"the same θ at every step: w = {w:g}, u = {u:g}, b = {b:g}", fontsize=10.5)
        bottom.grid(alpha=0.3)
        return fig

    def caption(t):
        prev = s0 if t == 1 else s[t - 2]
        return (f"t = {t}: s({t}) = tanh({w:g}·({prev:+.3f}) + {u:g}·({x[t - 1]:+g}) + {b:g}) = {s[t - 1]:+.3f}, "
                "with the same f and θ as every other step")

    def alt(t):
        return (f"Unfolded graph over {tau} steps with s({t}) highlighted and the steps after it faded; "
                f"below, the states s(1) to s({t}) plotted against t, the last one s({t}) = {s[t - 1]:+.2f}.")

    return widgets.stepper(render, tau, caption=caption, alt=alt, dpi=STEPPER_DPI)
