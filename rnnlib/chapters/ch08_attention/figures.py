"""Chapter 8's figures: accuracy by length and by size for both models, the attention heat map, the
stepper through decoding, and the measured cost against input length.

Text in the figures is at least 10 pt on figures at most 7.2 in wide (at least 11 px as displayed at
1280 px).
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ... import _checks
from ...plots import new_figure, probabilities
from ...widgets import stepper
from . import settings as S
from .experiment import Cost, check_run, decode_one, source_ids

__all__ = ["plot_accuracy", "plot_attention", "attention_stepper", "plot_cost"]

FONT = 10
PLAIN, ATTENTION = "#CC6677", "#4477AA"


def _sweep(sweep, name):
    wanted = "{H: (model, {n_x: (accuracy, count)})}"
    if not isinstance(sweep, dict) or not sweep:
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(sweep)}, wanted {wanted}")
    for h, entry in sweep.items():
        check_run(entry, f"{name}[{h}]")
    return sweep


def plot_accuracy(plain, attention, *, figsize=(7.2, 4.0)):
    """Left: exact match against n_x for every H of both models. Right: pooled and 8-word exact match
    against the number of parameters (log scale), each point labelled with its H.

    plain, attention : {H: (model, {n_x: (accuracy, count)})}
    """
    runs = {"plain": _sweep(plain, "plain"), "attention": _sweep(attention, "attention")}
    fig, (left, right) = new_figure(figsize, ncols=2)
    for kind, sweep in runs.items():
        color, style = (PLAIN, "--") if kind == "plain" else (ATTENTION, "-")
        shades = np.linspace(0.35, 1.0, len(sweep))
        for (h, (_model, acc)), alpha in zip(sorted(sweep.items()), shades):
            ns = sorted(acc)
            left.plot(ns, [acc[n][0] for n in ns], style, marker="o", ms=3, color=color, alpha=alpha,
                      label=f"{kind} H = {h}")
        hs = sorted(sweep)
        params = [sweep[h][0].n_params for h in hs]
        right.plot(params, [sweep[h][1][8][0] for h in hs], style, marker="o", color=color)
        for h, x in zip(hs, params):
            right.annotate(f"H={h}", (x, sweep[h][1][8][0]), textcoords="offset points",
                           xytext=(2, 6) if kind == "attention" else (2, -15), fontsize=FONT, color=color)
    left.set_xlabel("input length n_x (words)", fontsize=FONT)
    left.set_ylabel("exact match (greedy)", fontsize=FONT)
    left.set_title("By input length", fontsize=FONT + 1)
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncol=4, fontsize=FONT, frameon=False)
    right.set_xscale("log")
    right.set_xlabel("parameters", fontsize=FONT)
    right.set_title("8-word numbers, by size", fontsize=FONT + 1)
    right.set_ylabel("exact match, 8 words", fontsize=FONT)
    left.set_ylim(-0.03, 1.05)
    right.set_ylim(-0.15, 1.15)
    for ax in (left, right):
        ax.tick_params(labelsize=FONT)
    return fig


def _check_alpha(words, outputs, alpha):
    alpha = _checks.real_array(alpha, "alpha", "(n_y, n_x) attention weights", ndim=2)
    if alpha.shape != (len(outputs), len(words)):
        raise ValueError(f"alpha: got shape {alpha.shape}, wanted ({len(outputs)}, {len(words)}) = (n_y, n_x)")
    return alpha


def _heat(ax, words, outputs, alpha, upto=None, highlight=None):
    shown = alpha.copy()
    if upto is not None:
        shown[upto:] = np.nan
    ax.imshow(shown, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(words)))
    ax.set_xticklabels([f"{w}\nx({j + 1})" for j, w in enumerate(words)], fontsize=FONT, rotation=0)
    ax.set_yticks(range(len(outputs)))
    ax.set_yticklabels([f"y({t + 1}) = {S.TOKENS[o]}" for t, o in enumerate(outputs)], fontsize=FONT)
    rows = len(outputs) if upto is None else upto
    for t in range(rows):
        for j in range(len(words)):
            if alpha[t, j] >= 0.1:
                ax.text(j, t, f"{alpha[t, j]:.2f}", ha="center", va="center", fontsize=FONT,
                        color="white" if alpha[t, j] > 0.6 else "black")
    if highlight is not None:
        ax.add_patch(_row_box(highlight, len(words)))
    ax.set_xlabel("source word j", fontsize=FONT)


def _row_box(t, n_x):
    return Rectangle((-0.5, t - 0.5), n_x, 1, fill=False, edgecolor="#EE6677", lw=2.5)


def plot_attention(model, text, *, figsize=(7.2, 3.6)):
    """Heat map of α(t, j) while ``model`` decodes ``text`` greedily: output digits (rows) × source words (columns)."""
    words, outputs, alpha = decode_one(model, text)
    _check_alpha(words, outputs, alpha)
    fig, ax = new_figure(figsize)
    _heat(ax, words, outputs, alpha)
    ax.set_title(f"Where the decoder looks: α(t, j) for {text!r}", fontsize=FONT + 1)
    return fig


def attention_stepper(model, text, *, dpi=90):
    """Step through decoding ``text``: at step t, where the decoder looks (row t of α) and what it writes (ŷ(t))."""
    words, outputs, alpha = decode_one(model, text)
    _check_alpha(words, outputs, alpha)
    y_hat = model.forward(source_ids(text), np.array(outputs)).y_hat
    n_y = len(outputs)

    def render(t):
        fig = Figure(figsize=(7.2, 5.6))     # fixed margins: a constrained layout costs more than the drawing
        gs = fig.add_gridspec(2, 1, height_ratios=[1.5, 1], left=0.14, right=0.98, bottom=0.1, top=0.95,
                              hspace=0.55)
        ax = fig.add_subplot(gs[0])
        _heat(ax, words, outputs, alpha, upto=t, highlight=t - 1)
        ax.set_title(f"step {t}: where the decoder looks, α({t}, j)", fontsize=FONT + 1)
        bars = fig.add_subplot(gs[1])
        probabilities(y_hat[t - 1], list(S.TOKENS), ax=bars, true=int(outputs[t - 1]),
                      title=f"what it writes: ŷ({t})")
        bars.tick_params(labelsize=FONT)
        bars.title.set_fontsize(FONT + 1)
        bars.yaxis.label.set_fontsize(FONT)
        return fig

    def caption(t):
        j = int(np.argmax(alpha[t - 1]))
        tok = S.TOKENS[outputs[t - 1]]
        return (f"Decoder step {t} of {n_y}: it looks most at x({j + 1}) = {words[j]!r} (α = {alpha[t - 1, j]:.2f}) "
                f"and writes {tok!r} (p = {y_hat[t - 1][outputs[t - 1]]:.2f})"
                + ("; the end token stops decoding" if tok == "end" else ""))

    def alt(t):
        return (f"Heat map of the attention weights of decoder steps 1 to {t} over the {len(words)} source words, "
                f"row {t} outlined, and a bar chart of the output probabilities at step {t}.")

    return stepper(render, n_y, label="t", caption=caption, alt=alt, dpi=dpi)


def plot_cost(cost, *, figsize=(7.2, 3.0)):
    """Measured time per training step and peak memory against n_x, plain and attention."""
    _checks.instance(cost, "cost", Cost, "the result of ch.cost()")
    fig, (left, right) = new_figure(figsize, ncols=2)
    for kind, color, style in (("plain", PLAIN, "--"), ("attention", ATTENTION, "-")):
        left.plot(cost.lengths, np.array(cost.seconds[kind]) * 1e3, style, marker="o", color=color, label=kind)
        right.plot(cost.lengths, cost.peak_mb[kind], style, marker="o", color=color, label=kind)
    left.set_ylabel("ms per training step", fontsize=FONT)
    right.set_ylabel("peak memory (MB)", fontsize=FONT)
    for ax in (left, right):
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(cost.lengths)
        ax.set_xticklabels([str(n) for n in cost.lengths])
        ax.set_xlabel("input length n_x (words)", fontsize=FONT)
        ax.tick_params(labelsize=FONT)
        ax.legend(fontsize=FONT, frameon=False)
    left.set_title("Time (forward + BPTT)", fontsize=FONT + 1)
    right.set_title("Memory", fontsize=FONT + 1)
    return fig
