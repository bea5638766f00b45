"""Chapter 6's figures: the architecture, loss, accuracy by length, planted errors, the beam tree, the stepper.

Text in the figures is at least 10 pt on figures at most 7.2 in wide (at least 11 px as displayed at
1280 px).
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ... import _checks
from ... import translate as _tr
from ...graph import seq2seq as _seq2seq_drawing
from ...plots import heat_strip, new_figure, probabilities
from ...seq2seq import END
from ...widgets import stepper
from . import settings as S
from .experiment import source_ids

__all__ = ["architecture", "plot_loss", "plot_by_length", "plot_planted", "plot_beam_tree", "seq2seq_stepper"]

FONT = 10


def architecture(nx=5, ny=4):
    """The encoder-decoder drawing of :mod:`rnnlib.graph` (figure 10.12)."""
    return _seq2seq_drawing(nx, ny, figsize=(6.8, 4.2))


def plot_loss(history, *, figsize=(6.4, 2.8)):
    """Training loss (teacher forcing, summed over the decoder's steps) per Adam step."""
    wanted = "an rnnlib.optim.History (or a list of losses)"
    loss = history if isinstance(history, (list, tuple, np.ndarray)) else getattr(history, "loss", None)
    if loss is None or isinstance(loss, (str, bytes)):
        raise _checks.ArgumentTypeError(f"history: got {_checks._got(history)}, wanted {wanted}")
    loss = _checks.real_array(loss, "history", wanted, ndim=1)
    fig, ax = new_figure(figsize)
    ax.plot(np.arange(1, len(loss) + 1), loss, lw=1)
    ax.set_yscale("log")
    ax.set_xlabel("Adam step", fontsize=FONT)
    ax.set_ylabel("loss per sequence", fontsize=FONT)
    ax.set_title("Training loss", fontsize=FONT + 1)
    ax.tick_params(labelsize=FONT)
    return fig


def _curves(curves, name):
    if not isinstance(curves, dict) or not curves:
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(curves)}, wanted a dict "
                                        "{label: {n_x: (accuracy, count)}} as accuracy_by_length returns")
    for label, by_len in curves.items():
        _checks.text(label, f"{name} key")
        if not isinstance(by_len, dict) or not by_len:
            raise _checks.ArgumentTypeError(f"{name}[{label!r}]: got {_checks._got(by_len)}, wanted "
                                            "{n_x: (accuracy, count)}")
    return curves


def plot_by_length(extrapolation, sweep, *, figsize=(7.2, 3.2)):
    """Two panels of exact match against input length n_x.

    extrapolation : {label: {n_x: (accuracy, count)}}   the model trained on 1-6 words and on 1-8 words
    sweep : {label: {n_x: (accuracy, count)}}           one curve per hidden size H, trained on 1-8 words
    """
    panels = [(_curves(extrapolation, "extrapolation"), "Trained on 1-6 words vs 1-8 words"),
              (_curves(sweep, "sweep"), "Trained on 1-8 words: H")]
    fig, axes = new_figure(figsize, ncols=2, sharey=True)
    colors = ["#CC6677", "#4477AA", "#228833", "#AA3377"]
    for ax, (curves, title) in zip(axes, panels):
        for (label, by_len), color, marker in zip(curves.items(), colors, "osD^"):
            ns = sorted(by_len)
            ax.plot(ns, [by_len[n][0] for n in ns], marker=marker, color=color, label=label)
        ax.set_xlabel("input length n_x (words)", fontsize=FONT)
        ax.set_title(title, fontsize=FONT + 1)
        ax.set_ylim(-0.03, 1.03)
        ax.tick_params(labelsize=FONT)
        ax.legend(fontsize=FONT - 1 if len(curves) > 2 else FONT, loc="upper right", frameon=False)
    axes[0].axvspan(6.5, 8.5, color="#eeeeee", zorder=0)
    axes[0].text(7.5, 0.55, "never seen\nby the 1-6\nmodel", ha="center", fontsize=FONT)
    axes[0].set_ylabel("exact match (greedy)", fontsize=FONT)
    axes[0].set_xlim(3.7, 8.3)
    return fig


def plot_planted(planted, *, figsize=(6.4, 3.0)):
    """The rest of the answer right after the true digit and after a planted wrong digit, by position t."""
    _checks.instance(planted, "planted", _tr.PlantedErrors, "the result of rnnlib.translate.planted_errors")
    fig, ax = new_figure(figsize)
    t = planted.positions
    ax.bar(t - 0.18, planted.right_after_true, 0.36, color="#4477AA", label="y(t) true (control)")
    ax.bar(t + 0.18, planted.right_after_wrong, 0.36, color="#CC6677", label="y(t) forced wrong")
    ax.set_xticks(t)
    ax.set_xticklabels([f"t = {int(v)}" for v in t], fontsize=FONT)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("position t of the forced digit", fontsize=FONT)
    ax.set_ylabel("rest of the answer right", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.legend(fontsize=FONT, loc="upper left", frameon=False)
    ax.set_title("Free-running after a forced digit", fontsize=FONT + 1)
    return fig


def plot_beam_tree(model, text, width, *, pruned=2, figsize=(7.2, 4.4)):
    """The beam search for one input: kept hypotheses, and the best ``pruned`` candidates cut at each step.

    Each column is a decoding step. A solid box is a kept hypothesis, labelled with the token it added
    and its score (Σ log-probability so far); a dashed grey box below the line is a candidate the beam
    pruned (a kept hypothesis extended by one token, not among the ``width`` best). Lines join a box
    to the hypothesis it extends; the returned hypothesis is drawn thick and shaded.
    """
    _tr.check_model(model)
    src = source_ids(text)
    width = _checks.integer(width, "width", 1, 8, " (a wider tree does not fit on a page)")
    pruned = _checks.integer(pruned, "pruned", 0, width)
    _, _, search = model.beam(src, width, S.MAX_LEN, return_search=True)
    L = search.tokens.shape[0]
    fig, ax = new_figure(figsize)
    best = [int(search.best[0])]
    for lvl in range(L - 1, 0, -1):
        best.append(int(search.parents[lvl, 0, best[-1]]))
    best = best[::-1]                                    # hypothesis index on the best path, per step
    rows = width + pruned + (0.6 if pruned else 0)
    box = dict(boxstyle="round", pad=0.25)
    ax.text(0, (width - 1) / 2, "start", ha="center", va="center", fontsize=FONT,
            bbox=dict(box, fc="#eeeeee", ec="#999999"))
    for lvl in range(L):
        for k in range(width):
            score = search.scores[lvl, 0, k]
            if not np.isfinite(score):
                continue
            tok, par = int(search.tokens[lvl, 0, k]), int(search.parents[lvl, 0, k])
            done_before = lvl > 0 and bool(search.finished[lvl - 1, 0, par])
            on_best = best[lvl] == k
            y_par = (width - 1) / 2 if lvl == 0 else par
            ax.plot([lvl + 0.28, lvl + 0.72], [y_par, k], color="#0072B2" if on_best else "#777777",
                    lw=2.5 if on_best else 1)
            ax.text(lvl + 1, k, f"{'(ended)' if done_before else S.TOKENS[tok]} {score:.2f}", ha="center",
                    va="center", fontsize=FONT,
                    bbox=dict(box, fc="#dbeafe" if on_best else "white", ec="#0072B2" if on_best else "#777777"))
        for i in range(pruned):
            score = search.pruned_scores[lvl, 0, i]
            if not np.isfinite(score):
                continue
            tok, par = int(search.pruned_tokens[lvl, 0, i]), int(search.pruned_parents[lvl, 0, i])
            y = width + 0.6 + i
            y_par = (width - 1) / 2 if lvl == 0 else par
            ax.plot([lvl + 0.28, lvl + 0.72], [y_par, y], color="#bbbbbb", lw=0.8, ls=":")
            ax.text(lvl + 1, y, f"{S.TOKENS[tok]} {score:.2f}", ha="center", va="center", fontsize=FONT,
                    color="#555555", bbox=dict(box, fc="#f6f6f6", ec="#aaaaaa", ls="--"))
    if pruned:
        ax.axhline(width - 0.2, color="#999999", lw=0.8)
        ax.text(-0.45, width + 0.1, "pruned:", fontsize=FONT, color="#555555", va="center")
    ax.set_xlim(-0.5, L + 0.5)
    ax.set_ylim(rows - 0.4, -0.6)
    ax.set_xticks(range(L + 1))
    ax.set_xticklabels(["y(0)"] + [f"step {t}" for t in range(1, L + 1)], fontsize=FONT)
    ax.set_yticks(range(width))
    ax.set_yticklabels([f"kept {k + 1}" for k in range(width)], fontsize=FONT)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"Beam of width {width} for {text!r}: token added and log p so far", fontsize=FONT + 1)
    ax.legend(handles=[Line2D([], [], color="#0072B2", lw=2.5, label="returned"),
                       Line2D([], [], color="#777777", lw=1, label="kept"),
                       Line2D([], [], color="#bbbbbb", lw=0.8, ls=":", label="pruned")],
              fontsize=FONT - 1, loc="lower right", frameon=False, ncols=3, bbox_to_anchor=(1, 1.06))
    return fig


# ----------------------------------------------------------------------------- the stepper

def seq2seq_stepper(model, text, *, dpi=100):
    """Step through encoding ``text``, then decoding it greedily: n_x + n_y frames.

    Each frame: the graph with the step highlighted; the states so far
    (h(1..t) while encoding; h(1..n_x), then s(1..t) while decoding); and,
    while decoding, the output distribution ŷ(t) with the chosen token.
    """
    _tr.check_model(model, needs=("forward",))
    src = source_ids(text)
    words = text.split()
    out = model.greedy(src, S.MAX_LEN)
    tgt = np.array(out + [END])
    tr = model.forward(src, tgt)
    nx, ny = len(words), len(tgt)
    if nx + ny > 16:
        raise ValueError(f"text: got {nx} words and {ny} output steps, wanted at most 16 frames in all")
    states = np.full((nx + ny, model.n_hidden), np.nan)
    labels = [f"h({t})" for t in range(1, nx + 1)] + [f"s({t})" for t in range(1, ny + 1)]
    y_hat = tr.y_hat
    # The graph is as wide as the frame: up to ten nodes a row, its labels 1.3 times larger
    # (at least 11 px as shown at 1280 px); with more, larger labels would not fit their nodes.
    text_scale = 1.3 if nx + ny <= 10 else 1.0

    def render(step):
        fig = Figure(figsize=(7.0, 6.4))      # fixed margins: a constrained layout costs more than the drawing
        gs = fig.add_gridspec(2, 2, height_ratios=[1.6, 1], left=0.09, right=0.98, bottom=0.09, top=1.0,
                              hspace=0.22, wspace=0.3)
        enc = step <= nx
        t = step if enc else step - nx
        _seq2seq_drawing(nx, ny, highlight=t, phase="encode" if enc else "decode", ax=fig.add_subplot(gs[0, :]),
                         text_scale=text_scale)
        shown = states.copy()
        shown[:min(step, nx)] = tr.h[:min(step, nx)]
        if not enc:
            shown[nx:nx + t] = tr.s[:t]
        heat_strip(shown[:, :16], ax=fig.add_subplot(gs[1, 0]), labels=labels, highlight=step, colorbar=False,
                   title="states (first 16 units)")
        ax = fig.add_subplot(gs[1, 1])
        if enc:
            ax.axis("off")
            ax.text(0.5, 0.5, f"encoder reads x({t}) = {words[t - 1]!r}\n"
                    + ("C = h(%d): encoding done" % nx if t == nx else "no output yet"),
                    ha="center", va="center", fontsize=10, transform=ax.transAxes)
        else:
            probabilities(y_hat[t - 1], list(S.TOKENS), ax=ax, true=int(tgt[t - 1]),
                          title=f"ŷ({t}) after reading {S.TOKENS[tr.y_in[t - 1]]!r}")
        return fig

    def caption(step):
        if step <= nx:
            return (f"Encoder step {step} of {nx}: h({step}) = tanh(b + W h({step - 1}) + U x({step})), "
                    f"x({step}) = {words[step - 1]!r}" + (f"; C = h({nx})" if step == nx else ""))
        t = step - nx
        tok = S.TOKENS[int(tgt[t - 1])]
        return (f"Decoder step {t} of {ny}: s({t}) from s({t - 1}), C and y({t - 1}) = "
                f"{S.TOKENS[tr.y_in[t - 1]]!r}; it emits {tok!r} (p = {y_hat[t - 1][tgt[t - 1]]:.2f})"
                + ("; the end token stops decoding" if tok == "end" else ""))

    def alt(step):
        phase = "encoder" if step <= nx else "decoder"
        t = step if step <= nx else step - nx
        return (f"Encoder-decoder graph with {phase} step {t} highlighted, a heat map of the states computed "
                "so far, and " + ("a note of the word read." if step <= nx else
                                  "a bar chart of the output probabilities over the target tokens."))

    return stepper(render, nx + ny, label="step", caption=caption, alt=alt, dpi=dpi)
