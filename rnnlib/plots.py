"""Figures the chapters share: state strips, trajectories, counts, probabilities.

Every function draws into ``ax`` if given (so chapters and steppers can
compose panels) or into a new ``matplotlib.figure.Figure``, and returns the
Figure. No pyplot global state is used, so nothing is displayed twice in a
notebook: show a figure by leaving it as the last expression of a cell.
"""

import html
import numbers

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from . import _checks

__all__ = ["new_figure", "figure_and_axes", "heat_strip", "trajectory", "param_counts", "probabilities",
           "accuracy_bars", "Table"]

DIVERGING = "RdBu_r"    # colour map for values in [-1, 1] such as tanh states
SEQUENTIAL = "viridis"  # colour map for probabilities and other [0, 1] values

#: Largest side of a figure, in inches (at 100 dpi, 5,000 pixels).
MAX_INCHES = 50
#: Most columns :func:`heat_strip` draws (each is labelled).
MAX_STEPS = 500


def _figsize(figsize):
    wanted = f"(width, height) in inches, each in (0, {MAX_INCHES}]"
    if isinstance(figsize, (str, bytes)) or not (hasattr(figsize, "__len__") and len(figsize) == 2):
        raise _checks.ArgumentTypeError(f"figsize: got {_checks._got(figsize)}, wanted {wanted}")
    w, h = (_checks.number(v, f"figsize[{i}]", 0, MAX_INCHES, low_open=True) for i, v in enumerate(figsize))
    return (w, h)


def _ax(ax):
    return _checks.instance(ax, "ax", (Axes, type(None)), "None or a matplotlib Axes")


def _title(title, name="title"):
    return _checks.text(title, name, allow_none=True)


def new_figure(figsize=(6.4, 3.2), ncols=1, nrows=1, **kwargs):
    """A Figure with a grid of axes, built without pyplot. Returns (fig, axes).

    figsize : (width, height) in inches, each at most 50;  ncols, nrows : int, 1..20.
    """
    figsize = _figsize(figsize)
    ncols = _checks.positive_int(ncols, "ncols", 20)
    nrows = _checks.positive_int(nrows, "nrows", 20)
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def figure_and_axes(ax=None, figsize=(6.4, 3.2)):
    """``(ax.figure, ax)`` if ``ax`` is given, else a new Figure with one Axes: the
    convention of every drawing function here, for figures defined elsewhere."""
    figsize = _figsize(figsize)  # checked even when ax is given: a typo should not pass unseen
    if _ax(ax) is not None:
        return ax.figure, ax
    fig, ax = new_figure(figsize)
    return fig, ax


def heat_strip(h, *, ax=None, labels=None, highlight=None, vmax=1.0, title=None, colorbar=True,
               unit_label="unit", figsize=(6.4, 2.4)):
    """Draw states over time as a heat map: one column per step, one row per unit.

    Parameters
    ----------
    h : ndarray (τ, n_units), τ ≤ 500
        h(1) .. h(τ) of one sequence (columns may be NaN for steps not computed yet:
        they are drawn blank; ±inf is refused).
    labels : list of str (τ,), optional
        Column labels, e.g. the words read at each step; default 1..τ.
    highlight : int, optional
        1-based step whose column gets a frame, 1..τ.
    vmax : float > 0
        Colour range is [-vmax, vmax] (tanh states lie in [-1, 1]).
    """
    h = _checks.real_array(h, "h", "an array (τ, n_units)", ndim=2, allow_nan=True)
    if h.shape[0] == 0 or h.shape[1] == 0:
        raise ValueError(f"h: got shape {h.shape}, wanted (τ, n_units) with τ ≥ 1 and n_units ≥ 1")
    _checks.size_limit(h.shape[0], "h", f"shape {h.shape}", MAX_STEPS, "labelled columns")
    _checks.size_limit(h.shape[1], "h", f"shape {h.shape}", 10_000, "rows (units)")
    tau = h.shape[0]
    if labels is not None:
        if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__"):
            raise _checks.ArgumentTypeError(f"labels: got {_checks._got(labels)}, wanted a list of {tau} str")
        if len(labels) != tau:
            raise ValueError(f"labels: got {len(labels)} labels, wanted {tau} (one per column of h)")
    if highlight is not None:
        highlight = _checks.integer(highlight, "highlight", 1, tau)
    vmax = _checks.number(vmax, "vmax", 0, low_open=True)
    _title(title)
    colorbar = _checks.boolean(colorbar, "colorbar")
    _checks.text(unit_label, "unit_label")
    fig, ax = figure_and_axes(ax, figsize)
    image = ax.imshow(np.ma.masked_invalid(h.T), aspect="auto", cmap=DIVERGING, vmin=-vmax, vmax=vmax,
                      interpolation="nearest")
    tau = h.shape[0]
    ax.set_xticks(range(tau))
    ax.set_xticklabels([str(label) for label in labels] if labels is not None else [str(t) for t in range(1, tau + 1)],
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

    states : ndarray (τ + 1, 2)   s(0) .. s(τ), finite; arrows join consecutive states.
    highlight : int, optional     index t (0..τ) whose point is marked.
    """
    s = _checks.real_array(states, "states", "an array (τ + 1, 2) of finite numbers", ndim=2, max_size=200_000)
    if s.shape[1] != 2 or s.shape[0] == 0:
        raise ValueError(f"states: got shape {s.shape}, wanted (τ + 1, 2)")
    if highlight is not None:
        highlight = _checks.integer(highlight, "highlight", 0, len(s) - 1)
    _title(title)
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
    counts : dict[str, sequence of int (n,)]   one line per model, labelled by key;
             positive when ``log``.
    """
    lengths = _checks.real_array(lengths, "lengths", "a 1-d sequence of lengths", ndim=1, max_size=100_000)
    _checks.instance(counts, "counts", dict, "a dict: model name -> parameter counts, one per length")
    if not counts:
        raise ValueError("counts: got an empty dict, wanted at least one model")
    log = _checks.boolean(log, "log")
    _title(title)
    checked = {}
    for name, values in counts.items():
        where = f"counts[{name!r}]"
        values = _checks.real_array(values, where, f"({len(lengths)},): one count per length")
        if values.shape != (len(lengths),):
            raise ValueError(f"{where}: got shape {values.shape}, wanted ({len(lengths)},)")
        if log and values.size and values.min() <= 0:
            raise ValueError(f"{where}: got {values.min():g}, wanted positive counts on a log scale (log=True)")
        checked[name] = values
    fig, ax = figure_and_axes(ax, figsize)
    markers = "os^D"
    for i, (name, values) in enumerate(checked.items()):
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

    p : ndarray (n_classes,)   probabilities in [0, 1], summing to 1 (e.g. trace.y_hat[-1], not logits).
    labels : list of str (n_classes,)
    true : int, optional       index of the correct class, drawn in a second colour.
    """
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__"):
        raise _checks.ArgumentTypeError(f"labels: got {_checks._got(labels)}, wanted a list of str, one per class")
    p = _checks.real_array(p, "p", f"({len(labels)},) — one probability per label")
    if p.shape != (len(labels),):
        raise ValueError(f"p: got shape {p.shape}, wanted ({len(labels)},) — one probability per label")
    if p.size == 0:
        raise ValueError("p: got no probabilities, wanted at least one class")
    if p.min() < 0 or p.max() > 1 or abs(p.sum() - 1) > 1e-6:
        raise ValueError(f"p: got values from {p.min():.3g} to {p.max():.3g} summing to {p.sum():.6g}, wanted "
                         "probabilities in [0, 1] summing to 1 (softmax of the logits: trace.y_hat)")
    if true is not None:
        true = _checks.integer(true, "true", 0, len(p) - 1)
    _title(title)
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
    chance : float, optional               draw a dashed line at chance level, in [0, 1].
    """
    _checks.instance(table, "table", dict, "a dict: model -> {test set -> accuracy}")
    if not table:
        raise ValueError("table: got an empty dict, wanted at least one model")
    for model, row in table.items():
        _checks.instance(row, f"table[{model!r}]", dict, "a dict: test set -> accuracy in [0, 1]")
        for key, v in row.items():
            where = f"table[{model!r}][{key!r}]"
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
                raise _checks.ArgumentTypeError(f"{where}: got {_checks._got(v)}, wanted an accuracy in [0, 1] or NaN")
            if not (np.isnan(v) or 0 <= v <= 1):
                raise ValueError(f"{where}: got {v!r}, wanted an accuracy in [0, 1] (a fraction, not a percentage) "
                                 "or NaN for n/a")
    if chance is not None:
        chance = _checks.number(chance, "chance", 0, 1)
    _title(title)
    models = list(table)
    sets = list(dict.fromkeys(k for row in table.values() for k in row))
    fig, ax = figure_and_axes(ax, figsize)
    width = 0.8 / len(models)
    for i, model in enumerate(models):
        xs = np.arange(len(sets)) + (i - (len(models) - 1) / 2) * width
        values = np.array([table[model].get(s, np.nan) for s in sets], dtype=float)
        ax.bar(xs, np.nan_to_num(values), width, label=model)
        for x, v in zip(xs, values):
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

    header : list of str (at least one column);
    rows : list of list of str (each row has as many cells as ``header``);
    caption : str, optional.
    """

    def __init__(self, header, rows, caption=None):
        for name, value in (("header", header), ("rows", rows)):
            if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
                raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(value)}, wanted a list")
        header, rows = list(header), list(rows)
        if not header:
            raise ValueError("header: got no columns, wanted at least one")
        for i, row in enumerate(rows):
            if isinstance(row, (str, bytes, dict)) or not hasattr(row, "__iter__"):
                raise _checks.ArgumentTypeError(f"rows[{i}]: got {_checks._got(row)}, wanted a list of cells")
            rows[i] = list(row)
            if len(rows[i]) != len(header):
                raise ValueError(f"rows[{i}]: got {len(rows[i])} cells, wanted {len(header)} "
                                 "(one per column of header)")
        _checks.text(caption, "caption", allow_none=True)
        self.header, self.rows, self.caption = header, rows, caption

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


#: The PNG tEXt keyword under which rnnlib (the stepper's frames) and the book build
#: (book/_ext/kernel_startup.py, for inline figures) record :func:`min_text_px`.
MIN_TEXT_KEY = "rnnlib:min-text-px"


def min_text_px(fig, dpi=None, *, draw=True):
    """The font size of the smallest visible text in ``fig``, in pixels at ``dpi`` (default the
    figure's), or None if it has no text: points × dpi / 72.

    Shown at a width w of an image n pixels wide, that text is ``min_text_px × w / n`` CSS pixels
    tall; the book wants at least 11 (see DESIGN.md). A figure not drawn since it last changed
    is laid out first (``draw_without_rendering``), so that its tick labels have their text,
    unless ``draw`` is False (the caller has just drawn it).
    """
    from matplotlib.text import Text
    fig = _checks.instance(fig, "fig", Figure, "a matplotlib Figure")
    dpi = fig.dpi if dpi is None else _checks.number(dpi, "dpi", 0, low_open=True)
    if _checks.boolean(draw, "draw") and fig.stale:
        fig.draw_without_rendering()
    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0]
    return min(sizes) * dpi / 72 if sizes else None
