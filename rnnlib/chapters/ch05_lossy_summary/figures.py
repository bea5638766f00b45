"""Chapter 5's tables and figures (matplotlib is imported by rnnlib.plots when they are drawn)."""

import numpy as np

from ... import _checks
from ...plots import Table, new_figure
from .keep import YEAR_QUANTITIES, chance_levels
from .settings import LAG, N_HIDDEN, NL_DEGREES, QUANTITIES

_COLOURS = ["#4477aa", "#ee6677", "#228833", "#ccbb44"]


def _dict(value, name, wanted):
    if not isinstance(value, dict) or not value:
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(value)}, wanted {wanted}")
    return value


def capacity_table(runs):
    """Table of MC = Σ_k r²(k) per size and radius, with the bound n, from :func:`capacity_runs`."""
    _dict(runs, "runs", "the dict of capacity_runs()")
    kinds = list(dict.fromkeys(k for k, _, _ in runs))
    keys = sorted({(n, rho) for _, n, rho in runs})
    rows = [[f"n = {n}, ρ = {rho}"] + [f"{runs[(k, n, rho)].sum():.1f}" for k in kinds] + [str(n)]
            for n, rho in keys]
    return Table(["network"] + [f"MC, {k}" for k in kinds] + ["bound n"], rows,
                 caption="Linear memory capacity MC = Σ_k r²(k), k = 0..100, of untrained networks, "
                         "against the bound n")


def nonlinear_table(nl, n):
    """Table of the capacities of degree 1, 2, 3 and their sum, from :func:`nonlinear_runs`."""
    _dict(nl, "nl", "the dict of nonlinear_runs()")
    rows = []
    for name, caps in nl.items():
        cells = [f"{caps[d]:.1f}" if d in caps else "" for d in NL_DEGREES]
        total = f"{sum(caps.values()):.1f}" if len(caps) == len(NL_DEGREES) else ""
        rows.append([name] + cells + [total, str(n)])
    return Table(["network (n = %d)" % n] + [f"degree {d}" for d in NL_DEGREES] + ["sum", "bound n"], rows,
                 caption="Capacities of degree 1 (linear memory), 2 and 3 (products of Legendre polynomials of past "
                         "inputs): held-out R² summed over every target of that degree")


def alpha_table(sweep, net):
    """Table: the linear MC of one network for every ridge penalty α, from :func:`alpha_sweep`."""
    _dict(sweep, "sweep", "the dict of alpha_sweep()")
    return Table(["ridge penalty α"] + [f"{a:g}" for a in sweep],
                 [[f"MC, linear n = {net[0]}, ρ = {net[1]}"] + [f"{v:.1f}" for v in sweep.values()]],
                 caption="The same network and data, probed with ever smaller ridge penalties α (0: least squares)")


def plot_memory_curves(runs, kinds=("linear", "tanh")):
    """r²(k) against k: one panel per radius, one colour per size, one line style per kind."""
    _dict(runs, "runs", "the dict of capacity_runs()")
    radii = sorted({rho for _, _, rho in runs})
    sizes = sorted({n for _, n, _ in runs})
    fig, axes = new_figure(figsize=(6.6, 3.6), ncols=len(radii), sharey=True)
    axes = np.atleast_1d(axes)
    styles = ["-", "--", ":"]
    for ax, rho in zip(axes, radii):
        for i, n in enumerate(sizes):
            for j, kind in enumerate(kinds):
                r2 = runs[(kind, n, rho)]
                ax.plot(np.arange(r2.size), r2, styles[j % 3], color=_COLOURS[i % 4], label=f"{kind}, n = {n}")
        ax.set_title(f"ρ = {rho}", fontsize=10)
        ax.set_xlabel("lag k")
        ax.set_xlim(0, max(len(runs[k]) for k in runs) - 1)
        ax.tick_params(labelsize=9)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("r²(k): x(t−k) from h(t)")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=len(sizes), fontsize=9)
    return fig


_NAMES = {"untrained": "untrained", "recall": "recall", "count": "count", "sign": "sign"}
_SHORT = {"x(t−3)": "x(t−3), acc.", "balance": "balance, R²", "sign": "sign, acc.",
          "|balance| within a sign": "lead in a sign, R²"}


def keep_table_view(table, reports, caption=None):
    """The dict of :func:`keep_table` as a table, each network's own-task accuracy, chance and steps first."""
    _dict(table, "table", "the dict of keep_table()")
    _dict(reports, "reports", "the reports of train_all()")
    rows = []
    for k, v in table.items():
        r = reports[k]
        own = ["—", "—"] if k == "untrained" else [f"{r['accuracy']:.3f} ({r['chance']:.2f})", f"{r['steps']:,}"]
        rows.append([_NAMES.get(k, k)] + own + [f"{v[q]:.2f}" for q in QUANTITIES])
    header = ["network", "own task (chance)", "steps"] + [_SHORT.get(q, q) for q in QUANTITIES]
    caption = caption or (f"What a linear probe recovers from h(t) of each {N_HIDDEN}-unit network (held-out "
                          "sequences; acc.: accuracy; lead in a sign: |balance| where a leads and where b leads), "
                          "next to each network's accuracy on its own task and its training steps")
    return Table(header, rows, caption=caption)


def plot_keep(table, seed=0):
    """Grouped bars: one group per probed quantity, one bar per network; dashed: each accuracy's chance
    level on the probed rows of ``seed`` (:func:`chance_levels`; the R² scores' chance is 0)."""
    _dict(table, "table", "the dict of keep_table()")
    chance = chance_levels(seed)
    fig, ax = new_figure(figsize=(6.6, 3.6))
    names = list(table)
    qs = list(QUANTITIES)
    width = 0.8 / len(names)
    colours = ["#bbbbbb"] + _COLOURS
    for i, name in enumerate(names):
        xs = np.arange(len(qs)) + (i - (len(names) - 1) / 2) * width
        values = [max(table[name][q], 0.0) for q in qs]
        ax.bar(xs, values, width, label=name, color=colours[i % 5])
    ax.set_xticks(range(len(qs)))
    ax.set_xticklabels([f"{q}\n({how})".replace(" within", "\nwithin") for q, how in QUANTITIES.items()], fontsize=9)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("held-out score\n(R² below 0 drawn at 0)")
    for j, q in enumerate(qs):
        if chance[q] > 0:
            ax.hlines(chance[q], j - 0.45, j + 0.45, color="0.2", linestyle="--", linewidth=1.2, zorder=3,
                      label="chance (accuracy)" if j == 0 else None)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside right upper", fontsize=9, title="network",
               title_fontsize=9)
    return fig


def year_table_view(table):
    """The dict of :func:`year_keep_table` as a :class:`rnnlib.plots.Table`."""
    _dict(table, "table", "the dict of year_keep_table()")
    rows = [[name] + [f"{v[q]:.2f}" for q in YEAR_QUANTITIES] for name, v in table.items()]
    return Table(["network"] + [f"{q} ({how})" for q, how in YEAR_QUANTITIES.items()], rows,
                 caption="What a linear probe recovers from h(τ) of a year sentence (held-out sentences)")


def plot_fading(recovered, sensitivity, symbols):
    """Two t × k heat maps of one sequence: what the lag-k probe recovers of x(t−k), and ‖∂o(t)/∂x(t−k)‖.

    Parameters: the two arrays of :func:`fading` and the sequence's symbols (τ,).
    """
    from .settings import SYMBOLS
    rec = _checks.real_array(recovered, "recovered", "a (τ, τ) array from fading()", ndim=2, allow_nan=True)
    sens = _checks.real_array(sensitivity, "sensitivity", "a (τ, τ) array from fading()", ndim=2, allow_nan=True)
    symbols = _checks.int_labels(symbols, "symbols", len(SYMBOLS))
    tau = symbols.size
    if rec.shape != (tau, tau) or sens.shape != (tau, tau):
        raise ValueError(f"recovered, sensitivity: got shapes {rec.shape} and {sens.shape}, wanted ({tau}, {tau})")
    fig, axes = new_figure(figsize=(6.6, 3.6), ncols=2)
    panels = [(rec, "probe: p(true x(t−k) | h(t))", "Blues", 0.0, 1.0),
              (sens, "‖∂o(t)/∂x(t−k)‖", "Reds", 0.0, float(np.nanmax(sens)))]
    for ax, (a, title, cmap, lo, hi) in zip(axes, panels):
        im = ax.imshow(np.ma.masked_invalid(a), cmap=cmap, vmin=lo, vmax=hi, aspect="auto", origin="upper")
        ax.set_xticks(range(tau))
        ax.set_yticks(range(tau))
        ax.set_yticklabels([f"{t + 1} ({SYMBOLS[s]})" for t, s in enumerate(symbols)])
        ax.tick_params(labelsize=9)
        ax.set_xlabel("lag k")
        ax.set_ylabel("step t (symbol read)" if ax is axes[0] else "")
        ax.set_title(title, fontsize=10)
        ax.axvline(LAG, color="0.3", linestyle=":", linewidth=1)
        fig.colorbar(im, ax=ax, shrink=0.85).ax.tick_params(labelsize=9)
    return fig
