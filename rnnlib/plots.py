"""Figures the chapters share: state strips, trajectories, counts, probabilities.

Every function draws into ``ax`` if given (so chapters and steppers can
compose panels) or into a new ``matplotlib.figure.Figure``, and returns the
Figure. No pyplot global state is used, so nothing is displayed twice in a
notebook: show a figure by leaving it as the last expression of a cell.
"""

import html

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

__all__ = ["new_figure", "figure_and_axes", "heat_strip", "trajectory", "param_counts", "probabilities", "accuracy_bars",
           "Table"]

DIVERGING = "RdBu_r"    # colour map for values in [-1, 1] such as tanh states
SEQUENTIAL = "viridis"  # colour map for probabilities and other [0, 1] values


def new_figure(figsize=(6.4, 3.2), ncols=1, nrows=1, **kwargs):
    """A Figure with a grid of axes, built without pyplot. Returns (fig, axes)."""
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def figure_and_axes(ax=None, figsize=(6.4, 3.2)):
    """``(ax.figure, ax)`` if ``ax`` is given, else a new Figure with one Axes: the
    convention of every drawing function here, for figures defined elsewhere."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = new_figure(figsize)
    return fig, ax


def heat_strip(h, *, ax=None, labels=None, highlight=None, vmax=1.0, title=None, colorbar=True,
               unit_label="unit", figsize=(6.4, 2.4)):
    """Draw states over time as a heat map: one column per step, one row per unit.

    Parameters
    ----------
    h : ndarray (τ, n_units)
        h(1) .. h(τ) of one sequence (columns may be NaN for steps not computed yet:
        they are drawn blank).
    labels : list of str (τ,), optional
        Column labels, e.g. the words read at each step; default 1..τ.
    highlight : int, optional
        1-based step whose column gets a frame.
    vmax : float
        Colour range is [-vmax, vmax] (tanh states lie in [-1, 1]).
    """
    h = np.asarray(h, dtype=float)
    if h.ndim != 2:
        raise ValueError(f"h: got shape {h.shape}, wanted (τ, n_units)")
    fig, ax = figure_and_axes(ax, figsize)
    image = ax.imshow(np.ma.masked_invalid(h.T), aspect="auto", cmap=DIVERGING, vmin=-vmax, vmax=vmax,
                      interpolation="nearest")
    tau = h.shape[0]
    ax.set_xticks(range(tau))
    ax.set_xticklabels(labels if labels is not None else [str(t) for t in range(1, tau + 1)],
                       rotation=45 if labels is not None else 0, ha="right" if labels is not None else "center")
    ax.set_ylabel(unit_label)
    ax.set_yticks([])
    if highlight is not None:
        ax.add_patch(_frame(highlight - 1, h.shape[1]))
    if title:
        ax.set_title(title)
    if colorbar:
        fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    return fig


def _frame(col, height):
    from matplotlib.patches import Rectangle
    return Rectangle((col - 0.5, -0.5), 1, height, fill=False, edgecolor="black", linewidth=2.5)


def trajectory(states, *, ax=None, highlight=None, title=None, figsize=(4.0, 4.0)):
    """Plot a 2-d state trajectory s(0), s(1), ..., s(τ) in the plane.

    states : ndarray (τ + 1, 2)   s(0) .. s(τ); arrows join consecutive states.
    highlight : int, optional     index t whose point is marked.
    """
    s = np.asarray(states, dtype=float)
    if s.ndim != 2 or s.shape[1] != 2:
        raise ValueError(f"states: got shape {s.shape}, wanted (τ + 1, 2)")
    fig, ax = figure_and_axes(ax, figsize)
    ax.plot(s[:, 0], s[:, 1], color="0.6", linewidth=1, zorder=1)
    ax.scatter(s[:, 0], s[:, 1], c=np.arange(len(s)), cmap=SEQUENTIAL, zorder=2, s=30)
    for t in (0, len(s) - 1):
        ax.annotate(f"$s^{{({t})}}$", s[t], textcoords="offset points", xytext=(6, 6))
    if highlight is not None:
        ax.scatter(*s[highlight], s=160, facecolors="none", edgecolors="black", linewidths=2, zorder=3)
    ax.set_xlabel("$s_1$")
    ax.set_ylabel("$s_2$")
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    return fig


def param_counts(lengths, counts, *, ax=None, title="Parameters against sequence length", log=False,
                 figsize=(5.6, 3.4)):
    """Plot parameter counts against the sequence length.

    lengths : sequence of int (n,)
    counts : dict[str, sequence of int (n,)]   one line per model, labelled by key.
    """
    fig, ax = figure_and_axes(ax, figsize)
    markers = "os^D"
    for i, (name, values) in enumerate(counts.items()):
        values = np.asarray(values)
        if values.shape != (len(lengths),):
            raise ValueError(f"counts[{name!r}]: got shape {values.shape}, wanted ({len(lengths)},)")
        ax.plot(lengths, values, marker=markers[i % len(markers)], label=name)
    ax.set_xlabel("sequence length τ")
    ax.set_ylabel("number of parameters")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if log:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title(title)
    return fig


def probabilities(p, labels, *, ax=None, true=None, title=None, figsize=(5.0, 2.6)):
    """Bar chart of a probability distribution ŷ over classes.

    p : ndarray (n_classes,)   probabilities, summing to 1.
    labels : list of str (n_classes,)
    true : int, optional       index of the correct class, drawn in a second colour.
    """
    p = np.asarray(p, dtype=float)
    if p.shape != (len(labels),):
        raise ValueError(f"p: got shape {p.shape}, wanted ({len(labels)},) — one probability per label")
    fig, ax = figure_and_axes(ax, figsize)
    colours = ["#4477aa"] * len(p)
    if true is not None:
        colours[true] = "#ee6677"
    ax.bar(range(len(p)), p, color=colours)
    ax.set_xticks(range(len(p)))
    ax.set_xticklabels(labels, rotation=45, ha="right")
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    if title:
        ax.set_title(title)
    return fig


def accuracy_bars(table, *, ax=None, chance=None, title="Accuracy", figsize=(6.4, 3.2)):
    """Grouped bars: accuracy of several models on several test sets.

    table : dict[str, dict[str, float]]   model -> {test set -> accuracy in [0, 1]};
            a missing or NaN entry is drawn as "n/a" (the model cannot take that input).
    chance : float, optional               draw a dashed line at chance level.
    """
    models = list(table)
    sets = list(dict.fromkeys(k for row in table.values() for k in row))
    fig, ax = figure_and_axes(ax, figsize)
    width = 0.8 / len(models)
    for i, model in enumerate(models):
        xs = np.arange(len(sets)) + (i - (len(models) - 1) / 2) * width
        values = np.array([table[model].get(s, np.nan) for s in sets], dtype=float)
        bars = ax.bar(xs, np.nan_to_num(values), width, label=model)
        for x, v, bar in zip(xs, values, bars):
            ax.text(x, (0 if np.isnan(v) else v) + 0.02, "n/a" if np.isnan(v) else f"{v:.0%}",
                    ha="center", va="bottom", fontsize=8)
    if chance is not None:
        ax.axhline(chance, color="0.4", linestyle="--", linewidth=1, label="chance")
    ax.set_xticks(range(len(sets)))
    ax.set_xticklabels(sets)
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("accuracy")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)  # outside: never hides a bar
    ax.set_title(title)
    return fig


class Table:
    """A small table that displays as HTML in a notebook and as aligned text elsewhere.

    rows : list of list of str (each row has as many cells as ``header``).
    """

    def __init__(self, header, rows, caption=None):
        self.header, self.rows, self.caption = list(header), [list(r) for r in rows], caption

    def __repr__(self):
        cols = [self.header] + self.rows
        widths = [max(len(str(r[j])) for r in cols) for j in range(len(self.header))]
        line = lambda r: "  ".join(str(c).ljust(w) if j == 0 else str(c).rjust(w)  # noqa: E731
                                   for j, (c, w) in enumerate(zip(r, widths)))
        out = [line(self.header), "  ".join("-" * w for w in widths)] + [line(r) for r in self.rows]
        return "\n".join(([self.caption] if self.caption else []) + out)

    def _repr_html_(self):
        e = html.escape
        pad = "padding:0.25em 0.9em"
        head = "".join(f'<th scope="col" style="{pad}">{e(str(h))}</th>' for h in self.header)
        body = "".join("<tr>" + f'<th scope="row" style="{pad};text-align:left">{e(str(r[0]))}</th>'
                       + "".join(f'<td style="{pad};text-align:right">{e(str(c))}</td>' for c in r[1:]) + "</tr>"
                       for r in self.rows)
        cap = f"<caption>{e(self.caption)}</caption>" if self.caption else ""
        return f'<table class="rnnlib-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
