"""Chapter 4's figures and steppers (matplotlib is imported by the plotting helpers, not by the experiments)."""

import numpy as np
from matplotlib.figure import Figure

from ... import _checks
from ...plots import new_figure
from ...widgets import stepper
from . import settings as S
from .experiment import ClippingRuns, GapRuns
from .gradients import GradientNorms, Spectra, backward_norms, gradient_norms

__all__ = ["plot_per_step", "plot_gap_curves", "plot_steps_to_solve", "plot_gradient_norms", "plot_spectra",
           "radius_stepper", "backward_stepper", "plot_clipping"]

FONT = 12            # every text in these figures: ≥ 11 px as displayed (the figures are at most 8 in wide)
BLUE, ORANGE, VERMILION, GREEN, GREY = "#0072B2", "#E69F00", "#D55E00", "#009E73", "#777777"


def _style(ax):
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=FONT)
    ax.xaxis.label.set_size(FONT)
    ax.yaxis.label.set_size(FONT)


def plot_per_step(contributions, name="W", max_panels=8):
    """The τ contributions ∇W(t) (or ∇U(t)) as small heat maps, then their sum.

    Parameters
    ----------
    contributions : ndarray (τ, rows, cols), e.g. ``per_step_grads(...)["W"]``, τ ≤ ``max_panels``
    name : str   "W" or "U", for the titles
    """
    c = _checks.real_array(contributions, "contributions", "(τ, rows, cols)", ndim=3)
    tau = c.shape[0]
    max_panels = _checks.integer(max_panels, "max_panels", 1, 8)
    if not 1 <= tau <= max_panels:
        raise ValueError(f"contributions: got τ = {tau} steps, wanted 1 to {max_panels} (one panel per step)")
    if max(c.shape[1:]) > 64:
        raise ValueError(f"contributions: got matrices of shape {c.shape[1:]}, wanted at most 64 × 64 (one heat map)")
    _checks.choice(name, "name", ("W", "U"))
    total = c.sum(0)
    vmax = max(np.abs(c).max(), np.abs(total).max(), 1e-12)
    fig, axes = new_figure(figsize=(1.25 * (tau + 1) + 0.6, 2.0), ncols=tau + 1)
    for t, ax in enumerate(axes, start=1):
        mat = c[t - 1] if t <= tau else total
        im = ax.imshow(mat, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"$\\nabla_{{{name}^{{({t})}}}}$" if t <= tau else f"sum $=\\nabla_{{{name}}}L$", fontsize=FONT)
        if t <= tau:
            ax.text(1.13, 0.5, "+" if t < tau else "=", transform=ax.transAxes, ha="center", va="center",
                    fontsize=14)
    cb = fig.colorbar(im, ax=axes[-1], shrink=0.8)
    cb.ax.tick_params(labelsize=FONT - 1)
    return fig


def plot_gap_curves(gap, ks=(S.GAP_SHORT, S.GAP_LONG), *, figsize=(8.0, 3.2)):
    """The training loss of every run at two gaps, side by side (the motivation's figure)."""
    _checks.instance(gap, "gap", GapRuns, "the GapRuns of ch.gap_runs")
    _checks.instance(ks, "ks", (tuple, list), "two gaps k")
    if len(ks) != 2 or any(k not in gap.runs for k in ks):
        raise ValueError(f"ks: got {_checks._got(ks)}, wanted two of the measured gaps {gap.distances}")
    fig, axes = new_figure(figsize=figsize, ncols=2, sharey=True)
    top = max(max(r.loss) for k in ks for r in gap.runs[k])
    for ax, k in zip(axes, ks):
        for r in gap.runs[k]:
            ax.plot(np.arange(1, len(r.loss) + 1), r.loss, lw=1.2, alpha=0.8)
        ax.axhline(np.log(S.GAP_SYMBOLS), color=GREY, ls="--", lw=1)
        ax.set_xlim(0, gap.cap)
        ax.set_ylim(0, 1.05 * top)
        ax.set_title(f"gap k = {k}: {gap.solved(k)} of {len(gap.runs[k])} solved", fontsize=FONT)
        ax.set_xlabel("training step")
        _style(ax)
    axes[0].set_ylabel("loss (fresh batch)")
    axes[0].text(gap.cap, np.log(S.GAP_SYMBOLS) + 0.03, "chance, ln 2", ha="right", va="bottom", fontsize=FONT,
                 color="#555555")
    return fig


def plot_steps_to_solve(gap, *, figsize=(7.0, 3.6)):
    """Steps to solve against the gap k: one dot per run, the median as a line, unsolved runs at the cap."""
    _checks.instance(gap, "gap", GapRuns, "the GapRuns of ch.gap_runs")
    fig, ax = new_figure(figsize=figsize)
    rng = np.random.default_rng(0)                     # a little horizontal jitter, the same at every build
    for k in gap.distances:
        steps = gap.steps(k)
        jitter = k * (1 + 0.06 * rng.uniform(-1, 1, len(steps)))
        solved = [(j, s) for j, s in zip(jitter, steps) if s is not None]
        missed = [j for j, s in zip(jitter, steps) if s is None]
        if solved:
            ax.plot(*zip(*solved), "o", color=BLUE, alpha=0.7, ms=7)
        if missed:
            ax.plot(missed, [gap.cap] * len(missed), "^", color=VERMILION, ms=8, mfc="none", mew=1.5)
    ax.plot(gap.distances, [gap.median(k) for k in gap.distances], "-", color="#333333", lw=1.5, label="median")
    ax.axhline(gap.cap, color=VERMILION, ls=":", lw=1)
    ax.text(gap.distances[0], gap.cap * 1.12, f"cap: {gap.cap} steps (△ not solved by then)", fontsize=FONT,
            color=VERMILION, va="bottom")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(gap.distances)
    ax.set_xticklabels([str(k) for k in gap.distances])
    ax.set_ylim(5, gap.cap * 2.2)
    ax.set_xlabel("gap k")
    ax.set_ylabel("steps to solve")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.88), fontsize=FONT, frameon=False)
    _style(ax)
    return fig


def plot_gradient_norms(norms, *, highlight=None, ax=None, figsize=(8.0, 3.8)):
    """Measured ‖∇h(t)‖/‖∇h(τ)‖ (solid) and the bound σ_max^(τ−t) (dashed) against τ − t, log scale."""
    _checks.instance(norms, "norms", GradientNorms, "the GradientNorms of ch.gradient_norms")
    if highlight is not None and highlight not in norms.ratio:
        raise ValueError(f"highlight: got {_checks._got(highlight)}, wanted None or one of {norms.radii}")
    if ax is None:
        fig, ax = new_figure(figsize=figsize)
    else:
        fig = ax.figure
    colours = [BLUE, "#56B4E9", GREEN, ORANGE, VERMILION, "#CC79A7", GREY, "#000000", "#882255"]
    for i, rho in enumerate(norms.radii):
        col = colours[i % len(colours)]
        alpha = 0.15 if highlight is not None and rho != highlight else 1.0
        ax.plot(norms.distance, norms.ratio[rho], color=col, lw=2, alpha=alpha,
                label=f"ρ = {rho:g}" if highlight is None or rho == highlight else None)
        ax.plot(norms.distance, norms.bound(rho), color=col, lw=1, ls="--", alpha=0.6 * alpha)
    ax.set_yscale("log")
    ax.set_ylim(1e-16, 1e8)
    ax.set_xlim(0, norms.distance.max())
    ax.axhline(1.0, color="#333333", lw=0.8)
    ax.set_xlabel("distance τ − t")
    ax.set_ylabel("‖∇h(t)‖ / ‖∇h(τ)‖")
    ax.plot([], [], color="#333333", lw=1, ls="--", label="bound σ_max^(τ−t)")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=FONT, frameon=False)
    _style(ax)
    return fig


def plot_spectra(sp, *, figsize=(8.0, 3.6)):
    """‖Wⁿ‖ against n for the three matrices of :func:`spectra`, with ρⁿ dotted: σ_max the start, ρ the rate."""
    _checks.instance(sp, "sp", Spectra, "the Spectra of ch.spectra")
    fig, ax = new_figure(figsize=figsize)
    for name, col in zip(sp.names, (BLUE, VERMILION, GREEN)):
        p = sp.powers[name]
        n = np.arange(len(p))
        ax.plot(n, p, color=col, lw=2, label=f"{name}: ρ = {sp.rho[name]:.2f}, σ_max = {sp.sigma_max[name]:.2f}")
        ax.plot(n, sp.rho[name] ** n, color=col, lw=1, ls=":")
    ax.plot([], [], color="#333333", lw=1, ls=":", label="ρⁿ")
    ax.axhline(1.0, color="#333333", lw=0.8)
    ax.set_yscale("log")
    ax.set_xlim(0, 40)
    top = max(float(sp.powers[name][:41].max()) for name in sp.names)
    ax.set_ylim(1e-2, max(30.0, 2 * top))
    ax.set_xlabel("n")
    ax.set_ylabel("‖Wⁿ‖")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize=FONT, frameon=False, ncol=1)
    _style(ax)
    return fig


def radius_stepper(radii=S.RADIUS_STEPS, *, seed=0, dpi=72):
    """A stepper over spectral radii: frame i highlights the measured curve and bound for W = ρ_i Q.

    One figure is drawn once; each frame changes only which curves are faded and the title.
    """
    dpi = _checks.number(dpi, "dpi", 20, 400, what="a resolution in dots per inch")
    norms = gradient_norms(radii, seed=seed)
    fig = Figure(figsize=(8.0, 3.8), layout="constrained")
    ax = fig.add_subplot()
    plot_gradient_norms(norms, ax=ax)
    pairs = [(ax.lines[2 * i], ax.lines[2 * i + 1]) for i in range(len(norms.radii))]
    legend = ax.get_legend()
    title = ax.set_title(" ", fontsize=FONT)

    def render(i):
        rho = norms.radii[i - 1]
        for j, (solid, dashed) in enumerate(pairs):
            on = j == i - 1
            solid.set_alpha(1.0 if on else 0.12)
            solid.set_linewidth(2.5 if on else 1.5)
            dashed.set_alpha(0.8 if on else 0.08)
        for j, text in enumerate(legend.get_texts()[:len(pairs)]):
            text.set_alpha(1.0 if j == i - 1 else 0.35)
        title.set_text(f"ρ = {rho:g}: after 30 steps ×{norms.at(rho, 30):.1e} (the bound allows ×{rho ** 30:.1e})")
        return fig

    def caption(i):
        rho = norms.radii[i - 1]
        return f"ρ = {rho:g}: ‖∇h(τ−30)‖ / ‖∇h(τ)‖ = {norms.at(rho, 30):.1e}, bound ρ^30 = {rho ** 30:.1e}"

    def alt(i):
        rho = norms.radii[i - 1]
        return (f"Log-scale plot of the gradient norm ratio against the distance τ − t for W = ρQ, the curve and "
                f"dashed bound for ρ = {rho:g} highlighted, the other radii faded.")

    return stepper(render, len(norms.radii), label="radius", caption=caption, alt=alt, dpi=dpi)


def backward_stepper(model, x, y, dpi=72):
    """A stepper that walks backward through time, t = τ, τ−1, ..., 1, on a network with one loss at τ.

    Frame s shows t = τ + 1 − s: the bars ‖∂L(τ)/∂h(t')‖ for every t' ≥ t
    reached so far (log scale, the current one in vermilion) and, below, the
    mean slope tanh'(a(t')) over the units at each of those steps. One figure
    is drawn once; each frame changes which bars show and the title.
    """
    dpi = _checks.number(dpi, "dpi", 20, 400, what="a resolution in dots per inch")
    norm_h, slope = backward_norms(model, x, y)
    tau = len(norm_h)
    ts = np.arange(1, tau + 1)
    lo = 10 ** np.floor(np.log10(max(norm_h.min(), 1e-300)))
    hi = 10 ** np.ceil(np.log10(norm_h.max()) + 0.3)
    fig = Figure(figsize=(8.0, 4.4))
    ax = fig.add_axes((0.11, 0.42, 0.86, 0.46))
    ax2 = fig.add_axes((0.11, 0.12, 0.86, 0.2), sharex=ax)
    bars = ax.bar(ts, norm_h - lo, bottom=lo, color=BLUE)
    slopes = ax2.bar(ts, slope, color=GREY)
    ax.set_yscale("log")
    ax.set_ylim(lo, hi)
    ax.set_ylabel("‖∇h(t)‖")
    ax2.set_ylim(0, 1)
    ax2.set_yticks([0, 0.5, 1])
    ax2.set_ylabel("tanh′", fontsize=FONT)
    ax2.set_xlim(0.4, tau + 0.6)
    ax2.set_xticks(ts[::2] if tau > 12 else ts)
    ax2.set_xlabel("time step t")
    for a in (ax, ax2):
        _style(a)
    ax.tick_params(labelbottom=False)
    title = ax.set_title(" ", fontsize=FONT)

    def render(s):
        t = tau + 1 - s
        for tt, bar, sl in zip(ts, bars, slopes):
            bar.set_visible(tt >= t)
            sl.set_visible(tt >= t)
            bar.set_color(VERMILION if tt == t else BLUE)
            sl.set_color(VERMILION if tt == t else GREY)
        step = "" if t == tau else f", × {norm_h[t - 1] / norm_h[t]:.2f} this step"
        title.set_text(f"t = {t}: ‖∂L(τ)/∂h({t})‖ = {norm_h[t - 1]:.1e}{step}")
        return fig

    def caption(s):
        t = tau + 1 - s
        return (f"backward step {s}: t = {t}, ‖∂L(τ)/∂h({t})‖ = {norm_h[t - 1]:.2e} "
                f"({norm_h[t - 1] / norm_h[-1]:.1e} of ‖∂L(τ)/∂h(τ)‖); mean tanh′(a({t})) = {slope[t - 1]:.2f}")

    def alt(s):
        t = tau + 1 - s
        return (f"Bar chart on a log scale of the gradient norms of h({t}) to h({tau}), shrinking from right to left, "
                f"the bar of h({t}) highlighted; below it the mean tanh slope at each of those steps.")

    return stepper(render, tau, label="backward step", caption=caption, alt=alt, dpi=dpi)


def plot_clipping(runs, *, figsize=(8.0, 4.6)):
    """Loss (top) and gradient norm before clipping (bottom, log) of every run of every arm."""
    _checks.instance(runs, "runs", ClippingRuns, "the ClippingRuns of ch.clipping_runs")
    arms = [a[0] for a in runs.arms]
    fig, axes = new_figure(figsize=figsize, ncols=len(arms), nrows=2, sharey="row", sharex=True,
                           height_ratios=[2, 1], squeeze=False)
    top = max(max(r.loss) for a in arms for r in runs.runs[a] if r.loss)
    for j, name in enumerate(arms):
        ax, axn = axes[0, j], axes[1, j]
        for r in runs.runs[name]:
            line, = ax.plot(np.arange(1, len(r.loss) + 1), r.loss, lw=0.9, alpha=0.8)
            axn.plot(np.arange(1, len(r.grad_norm) + 1), r.grad_norm, lw=0.7, alpha=0.8, color=line.get_color())
        ax.axhline(np.log(S.CLIP_SYMBOLS), color=GREY, ls="--", lw=1)
        ax.set_ylim(0, 1.05 * top)
        ax.set_title(f"{name}\n{runs.solved(name)} of {len(runs.runs[name])} solved", fontsize=FONT)
        axn.set_yscale("log")
        axn.set_xlabel("step")
        axn.set_xlim(0, runs.cap)
        for a in (ax, axn):
            _style(a)
    axes[0, 0].set_ylabel("loss")
    axes[1, 0].set_ylabel("‖g‖")
    return fig
