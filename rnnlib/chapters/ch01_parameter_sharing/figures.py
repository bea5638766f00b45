"""Chapter 1's figures, tables and the reading stepper (positions counted from 1 everywhere)."""

import numbers

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ... import _checks
from ... import data as _data
from ...data import encode, tokenize
from ...functional import softmax
from ...mlp import PositionalMLP
from ...plots import SEQUENTIAL, Table, figure_and_axes
from ...rnn import RNN
from ...widgets import stepper
from .experiment import AFTER_BANDS, Overfitting, check_model, check_models
from .settings import (LENGTH_BANDS, MAX_ANSWERS, MAX_SENTENCES_SHOWN, MAX_WORDS, POSITION_BANDS, TRAIN_LENGTHS,
                       TRAIN_POSITIONS)


# --------------------------------------------------------------------------- tables

def _fraction(v, name):
    """A fraction in [0, 1] (or NaN: the model cannot read the set), else raise naming ``name``."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(v)}, wanted an accuracy, a fraction in [0, 1]")
    v = float(v)
    if not np.isnan(v) and not 0.0 <= v <= 1.0:
        raise ValueError(f"{name}: got {v:g}, wanted an accuracy as a fraction in [0, 1] (0.95, not 95)")
    return v


def accuracy_table(table, caption=None):
    """:class:`Table` of a ``ch.evaluate`` result ``{model: {test set: fraction}}``: percentages, "n/a" for NaN."""
    if not isinstance(table, dict) or not table:
        raise _checks.ArgumentTypeError(f"table: got {_checks._got(table)}, wanted a non-empty dict "
                                        "{model: {test set: accuracy}} such as ch.evaluate returns")
    for name, row in table.items():
        _checks.instance(row, f"table[{name!r}]", dict, "a dict {test set: accuracy}")
        for key, v in row.items():
            _fraction(v, f"table[{name!r}][{key!r}]")
    _checks.text(caption, "caption", allow_none=True)
    sets = list(dict.fromkeys(k for row in table.values() for k in row))
    fmt = lambda v: "n/a" if v is None or np.isnan(v) else f"{v:.1%}"  # noqa: E731
    return Table(["model"] + sets, [[name] + [fmt(row.get(s)) for s in sets] for name, row in table.items()],
                 caption=caption)


def failure_tables(summaries):
    """Two :class:`Table`\\ s of ``ch.failure_summary`` results ``{model name: summary}``.

    The first by band of year position (year last or not), the second by band of sentence length.
    """
    wanted = "a dict {model name: ch.failure_summary(...)}"
    _checks.instance(summaries, "summaries", dict, wanted)
    if not summaries:
        raise ValueError(f"summaries: got an empty dict, wanted {wanted}")
    for n, summary in summaries.items():
        _checks.instance(summary, f"summaries[{n!r}]", dict, "a ch.failure_summary result")
        for key, bands in (("position", POSITION_BANDS), ("length", LENGTH_BANDS)):
            part = summary.get(key)
            if not isinstance(part, dict) or any(b not in part for b in bands):
                raise ValueError(f"summaries[{n!r}]: got {_checks._got(summary)}, wanted a ch.failure_summary "
                                 f"result (its {key!r} entry holding the bands {list(bands)})")
    fmt = lambda an: "–" if np.isnan(an[0]) else f"{an[0]:.0%} ({an[1]})"  # noqa: E731
    top = max(TRAIN_POSITIONS)
    names = list(summaries)
    head = ["year position"] + [f"{n}: {k}" for n in names for k in ("year last", "not last")]
    rows = []
    for lo, hi in POSITION_BANDS:
        label = f"{lo}-{hi}" + (" (trained span)" if hi <= top else "")
        rows.append([label] + [fmt(summaries[n]["position"][(lo, hi)][k]) for n in names
                               for k in ("last word", "not last")])
    by_position = Table(head, rows, caption="Accuracy (number of sentences) by year position, counted from 1")
    rows = [[f"{lo}-{hi} words"] + [fmt(summaries[n]["length"][(lo, hi)]) for n in names] for lo, hi in LENGTH_BANDS]
    by_length = Table(["sentence length"] + names, rows, caption="Accuracy (number of sentences) by sentence length")
    return by_position, by_length


def two_trip_table(two, caption):
    """:class:`Table` of a ``ch.two_trip_experiment`` result: training set, new sentences, the other trip's year."""
    from .two_trips import TwoTrips
    _checks.instance(two, "two", TwoTrips, "a TwoTrips, the result of ch.two_trip_experiment")
    _checks.text(caption, "caption", allow_none=True)
    rows = [[name, f"{r['training set']:.1%}", f"{r['new sentences']:.1%}", f"{two.other_year[name]:.1%}"]
            for name, r in two.results.items()]
    return Table(["model", "training set", "new sentences", "names the other trip's year"], rows, caption=caption)


def overfitting_table(over):
    """:class:`Table` of a ``ch.overfitting`` result: held-out accuracy by the number of words after the year."""
    _checks.instance(over, "over", Overfitting, "an Overfitting, the result of ch.overfitting")
    rows = [[label] + [f"{over.after_year[m][label][0]:.0%} ({over.after_year[m][label][1]})" for m in over.after_year]
            for label, _, _ in AFTER_BANDS]
    return Table(["words after the year"] + [f"{m}, {over.n} sentences" for m in over.after_year], rows,
                 caption=f"Accuracy on held-out sentences (a), by the number of words after the year "
                         f"(number of sentences); both models trained on the same {over.n} sentences")


def answers(models, texts):
    """:class:`Table` of each model's answer (the year it predicts) for each sentence in ``texts``.

    models : dict {name: model}; texts : list of str.  A per-position network
    and a sentence longer than its window get "too long" in their cell.
    """
    check_models(models)
    single = isinstance(texts, str)
    if single:
        texts = [texts]
    _checks.instance(texts, "texts", (list, tuple), "a list of sentences (str)")
    if not texts:
        raise ValueError("texts: got an empty list, wanted at least one sentence")
    if len(texts) > MAX_ANSWERS:
        raise ValueError(f"texts: got {len(texts):,} sentences, wanted at most {MAX_ANSWERS}")
    rows = []
    for i, text in enumerate(texts):
        _checks.text(text, f"texts[{i}]")
        x = encode(text, name="texts" if single else f"texts[{i}]")
        row = [text, str(len(x))]
        for model in models.values():
            if isinstance(model, PositionalMLP) and len(x) > model.window:
                row.append("too long")
            else:
                row.append(_data.YEARS[int(model.predict(x))])
        rows.append(row)
    return Table(["sentence", "words"] + list(models), rows)


# --------------------------------------------------------------------------- figures

def plot_weight_change(years, others, trained_positions=TRAIN_POSITIONS, *, ax=None, figsize=(6.4, 3.0)):
    """Bars per position p = 1..window: change of U_p's year columns and of its other columns."""
    years = _checks.real_array(years, "years", "the first result of ch.year_weight_change", ndim=1)
    others = _checks.real_array(others, "others", "the second result of ch.year_weight_change", ndim=1)
    if years.size == 0:
        raise ValueError("years: got an empty array, wanted the first result of ch.year_weight_change")
    trained_positions = _whole_numbers(trained_positions, "trained_positions", "the year positions trained on")
    if years.shape != others.shape:
        raise ValueError(f"others: got shape {others.shape}, wanted {years.shape} (the shape of years)")
    fig, ax = figure_and_axes(ax, figsize)
    pos = np.arange(1, years.size + 1)
    ax.bar(pos - 0.2, others, 0.4, color="#bbbbbb", label="columns of the other words")
    ax.bar(pos + 0.2, years, 0.4, color="#4477aa", label="columns of the years")
    top = max(others.max(), years.max(), 1e-12)
    for p, v in zip(pos, years):
        if v == 0:
            ax.text(p + 0.2, 0.02 * top, "0", ha="center", va="bottom", fontsize=10, color="#cc3311",
                    fontweight="bold")
    ax.set_xticks(pos)
    ax.set_xticklabels([f"{p}\n{'trained' if p in trained_positions else 'unseen'}" for p in pos], fontsize=9)
    ax.set_xlabel("year position p")
    ax.set_ylabel(r"$\|U_p^\mathrm{after} - U_p^\mathrm{before}\|$")
    ax.set_ylim(0, 1.3 * top)
    ax.legend(fontsize=9, loc="upper center", ncol=2, frameon=False)
    ax.set_title("How far training moved each position's weights $U_p$")
    return fig


def _whole_numbers(values, name, what):
    """A non-empty 1-d array of whole numbers 1..MAX_WORDS (lengths or positions), as a list of int."""
    if isinstance(values, (range, set, frozenset)):
        values = sorted(values)
    arr = _checks.real_array(values, name, f"{what}: whole numbers 1..{MAX_WORDS}", ndim=1)
    if arr.size == 0 or np.any(arr != np.round(arr)) or np.any(arr < 1) or np.any(arr > MAX_WORDS):
        raise ValueError(f"{name}: got {_checks._got(values)}, wanted {what}: whole numbers 1..{MAX_WORDS}")
    return [int(v) for v in arr]


def plot_accuracy_grid(lengths, positions, acc, *, trained_lengths=TRAIN_LENGTHS,
                       trained_positions=TRAIN_POSITIONS, ax=None, title="Accuracy by length and year position",
                       figsize=(7.0, 5.4)):
    """Heat map of ``ch.accuracy_grid``: one row per length, one column per year position (from 1).

    Cells the training set covered are outlined; the accuracy, in percent, is
    printed in every cell; a dashed line marks the last trained position.
    """
    n_l = _whole_numbers(lengths, "lengths", "the sentence lengths of ch.accuracy_grid")
    n_p = _whole_numbers(positions, "positions", "the year positions of ch.accuracy_grid")
    trained_lengths = _whole_numbers(trained_lengths, "trained_lengths", "the sentence lengths trained on")
    trained_positions = _whole_numbers(trained_positions, "trained_positions", "the year positions trained on")
    title = _checks.text(title, "title")
    acc = _checks.real_array(acc, "acc", "the (lengths, positions) accuracies of ch.accuracy_grid", ndim=2,
                             allow_nan=True)
    if acc.shape != (len(n_l), len(n_p)) or acc.size == 0:
        raise ValueError(f"acc: got shape {acc.shape}, wanted ({len(n_l)}, {len(n_p)}), one row per "
                         "length and one column per position (non-empty)")
    if np.any((acc < 0) | (acc > 1)):
        raise ValueError("acc: got values outside [0, 1], wanted accuracies as fractions (NaN for no sentence)")
    if max(trained_positions) not in n_p:
        raise ValueError(f"positions: got {_checks._got(positions)}, wanted the year positions of "
                         f"ch.accuracy_grid, including {max(trained_positions)}")
    fig, ax = figure_and_axes(ax, figsize)
    image = ax.imshow(np.ma.masked_invalid(acc), cmap=SEQUENTIAL, vmin=0, vmax=1, aspect="auto",
                      interpolation="nearest")
    lengths, positions = n_l, n_p
    for i, L in enumerate(lengths):
        for j, p in enumerate(positions):
            if np.isnan(acc[i, j]):
                continue
            ax.text(j, i, f"{100 * acc[i, j]:.0f}", ha="center", va="center", fontsize=8.5,
                    color="black" if acc[i, j] > 0.5 else "white")
            if L in trained_lengths and p in trained_positions:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#ee3377", linewidth=1.5))
    last = list(positions).index(max(trained_positions))
    ax.axvline(last + 0.5, color="#ee3377", linestyle="--", linewidth=1.2)
    ax.set_xticks(range(len(positions)))
    ax.set_xticklabels([str(p) for p in positions], fontsize=9)
    ax.set_yticks(range(len(lengths)))
    ax.set_yticklabels([str(L) for L in lengths], fontsize=9)
    ax.set_xlabel("year position (from 1)")
    ax.set_ylabel("sentence length")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label="accuracy (numbers in %)")
    return fig


def plot_learning_curve(sizes, curve, *, chance=0.1, ax=None, figsize=(6.4, 3.2)):
    """Accuracy on held-out sentences against the number of training sentences (log scale), one line per model."""
    _checks.instance(curve, "curve", dict, "a dict {model: accuracies}, such as ch.learning_curve returns")
    if not curve:
        raise ValueError("curve: got an empty dict, wanted a dict {model: accuracies}, such as ch.learning_curve "
                         "returns")
    n_s = _checks.real_array(sizes, "sizes", "the training-set sizes given to ch.learning_curve", ndim=1)
    if n_s.size == 0 or np.any(n_s < 1):
        raise ValueError(f"sizes: got {_checks._got(sizes)}, wanted the training-set sizes (>= 1) given to "
                         "ch.learning_curve")
    sizes = list(sizes)
    chance = _checks.number(chance, "chance", 0, 1, what="an accuracy by chance")
    fig, ax = figure_and_axes(ax, figsize)
    for (name, acc), marker in zip(curve.items(), "osD^v"):
        acc = _checks.real_array(acc, f"curve[{name!r}]", f"{len(sizes)} accuracies, one per size", ndim=1)
        if acc.shape != (len(sizes),):
            raise ValueError(f"curve[{name!r}]: got {acc.size} accuracies, wanted {len(sizes)} (one per size)")
        ax.plot(sizes, acc, marker=marker, label=name)
    ax.axhline(chance, color="0.4", linestyle="--", linewidth=1, label="chance")
    ax.set_xscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([str(n) for n in sizes])
    ax.minorticks_off()
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("training sentences")
    ax.set_ylabel("accuracy on (a) held out")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
    ax.set_title("Accuracy against the size of the training set")
    return fig


# --------------------------------------------------------------------------- the reading stepper

def _reader_tokens(text, name="text"):
    """The tokens of one sentence (a str of 1 .. MAX_WORDS words the vocabulary knows)."""
    _checks.text(text, name)
    if len(text) > 20 * MAX_WORDS:
        raise ValueError(f"{name}: got {len(text):,} characters, wanted a sentence of at most {MAX_WORDS} words")
    tokens = tokenize(text)
    if not tokens:
        raise ValueError(f"{name}: got no words, wanted a sentence")
    if len(tokens) > MAX_WORDS:
        raise ValueError(f"{name}: got {len(tokens):,} words, wanted at most {MAX_WORDS} (one frame per word)")
    encode(tokens, name=name)            # unknown words: encode's message, which lists known ones
    return tokens


def _sentences_shown(texts):
    if isinstance(texts, str):
        return [_reader_tokens(texts, "texts")]
    _checks.instance(texts, "texts", (list, tuple), f"a sentence (str) or a list of up to {MAX_SENTENCES_SHOWN}")
    if not texts:
        raise ValueError("texts: got an empty list, wanted a sentence or a list of sentences")
    if len(texts) > MAX_SENTENCES_SHOWN:
        raise ValueError(f"texts: got {len(texts)} sentences, wanted at most {MAX_SENTENCES_SHOWN} at once")
    return [_reader_tokens(t, f"texts[{i}]") for i, t in enumerate(texts)]


def reading_probabilities(model, texts):
    """For each sentence, softmax(c + V h(t)) after every word t: list of ndarray (τ_i, 10), and the tokens."""
    check_model(model, kinds=RNN, wanted="an rnnlib RNN with pattern 'last' (the chapter's reader)")
    tokens = _sentences_shown(texts)
    return [softmax(model.forward(encode(tok)).o) for tok in tokens], tokens


_COLOURS = ("#4477aa", "#ee6677", "#228833")
_STYLES = ("-", "--", ":")


def reading_stepper(model, texts, *, years=None, dpi=72, figsize=(9.4, 4.3)):
    """A stepper over the words of one to three sentences: what the RNN would answer after each word.

    Frame t shows the sentences with word t highlighted, and below them, for
    every sentence (one colour each), the readout's probability of each
    followed year (one line style each) after words 1 .. t: softmax(c + V h(t)),
    what the network would answer if the sentence stopped at word t.  The title
    gives each sentence's answer after word t.

    Parameters
    ----------
    model : RNN, pattern "last", n_in = len(vocabulary()), n_out = 10
    texts : str or list of str           one sentence, or up to 3 (e.g. two twins that differ in order)
    years : list of str, optional         the years to follow (at most 3); default the years in the sentences,
                                          else the final answers
    """
    probs, tokens = reading_probabilities(model, texts)
    if years is None:
        years = list(dict.fromkeys(w for tok in tokens for w in tok if w in _data.YEARS))
        years = years or list(dict.fromkeys(_data.YEARS[int(p[-1].argmax())] for p in probs))
    _checks.instance(years, "years", (list, tuple), "a list of years such as ['2003', '2007']")
    if not 1 <= len(years) <= 3:
        raise ValueError(f"years: got {len(years)} years, wanted 1 to 3")
    for i, y in enumerate(years):
        _checks.choice(y, f"years[{i}]", tuple(_data.YEARS))
    figsize = tuple(_checks.number(v, "figsize", 1, 20, what="a size in inches") for v in figsize) \
        if isinstance(figsize, tuple) and len(figsize) == 2 else _checks.instance(figsize, "figsize", tuple,
                                                                                   "(width, height) in inches")
    tau = max(len(t) for t in tokens)
    n = len(tokens)
    fig = Figure(figsize=figsize)
    top = 1 - 0.1 * n
    ax_text = fig.add_axes((0.01, top, 0.98, 0.1 * n - 0.01))
    ax_text.set_axis_off()
    ax = fig.add_axes((0.09, 0.15, 0.6, top - 0.25))
    size = float(np.clip(72 * 0.95 * figsize[0] / (0.62 * max(sum(len(w) + 1 for w in t) + 4 for t in tokens)),
                         12, 14))
    words = []
    for i, tok in enumerate(tokens):
        y = 1 - (i + 0.5) / n
        prev = ax_text.text(0.0, y, f"{i + 1}:", fontsize=size, va="center", ha="left", color=_COLOURS[i],
                            fontweight="bold", transform=ax_text.transAxes)
        row = []
        for w in tok:
            prev = ax_text.annotate(w, xy=(1, 0.5), xycoords=prev, xytext=(0.4 * size, 0), textcoords="offset points",
                                    fontsize=size, va="center", ha="left")
            row.append(prev)
        words.append(row)
    lines = []
    for i, p in enumerate(probs):
        for j, y in enumerate(years):
            k = _data.YEARS.index(y)
            (line,) = ax.plot([], [], _STYLES[j], color=_COLOURS[i], linewidth=2.2, marker="o", markersize=4,
                              label=f"sentence {i + 1}: p({y})")
            lines.append((line, p[:, k]))
    marker = ax.axvline(1, color="0.5", linewidth=1)
    ax.set_xlim(0.5, tau + 0.5)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xticks(range(1, tau + 1))
    ax.tick_params(labelsize=12)
    ax.set_xlabel("after word t", fontsize=13)
    ax.set_ylabel("probability", fontsize=13)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=12, frameon=False)
    highlight = dict(boxstyle="round,pad=0.15", facecolor="#ffdd66", edgecolor="#aa8800")
    # What changes from frame to frame is marked animated: the stepper draws the rest once
    # and only these artists per frame (matplotlib's convention for blitting).
    title = ax.set_title(" ", fontsize=13, loc="left")
    # The words stay put (drawn once); per frame only a veil that greys the words not yet read and a
    # highlighted copy of the word just read are drawn over them: far cheaper than redrawing every word.
    from ...widgets.raster import canvas_class
    dpi = _checks.number(dpi, "dpi", 20, 200)
    fig.dpi = dpi                                     # measure the words where the frames will draw them
    renderer = canvas_class()(fig).get_renderer()
    to_axes = ax_text.transAxes.inverted()
    boxes = [[w.get_window_extent(renderer).transformed(to_axes) for w in row] for row in words]
    veils, marks = [], []
    for i in range(n):
        y = 1 - (i + 0.5) / n
        veil = Rectangle((0, y - 0.5 / n), 0, 1 / n, transform=ax_text.transAxes, facecolor="white",
                         edgecolor="none", alpha=0.62, zorder=5)
        ax_text.add_patch(veil)
        mark = ax_text.text(0, y, "", fontsize=size, va="center", ha="left", bbox=highlight,
                            transform=ax_text.transAxes, zorder=6)
        veils.append(veil)
        marks.append(mark)
    for artist in veils + marks + [line for line, _ in lines] + [marker, title]:
        artist.set_animated(True)

    def render(t):
        for tok, row, veil, mark in zip(tokens, boxes, veils, marks):
            start = row[t].x0 - 0.002 if t < len(row) else 1.0          # the first word not yet read
            veil.set_x(start)
            veil.set_width(max(1.0 - start, 0.0))
            mark.set_visible(t <= len(tok))
            if t <= len(tok):
                mark.set_text(tok[t - 1])
                mark.set_position((row[t - 1].x0, (row[t - 1].y0 + row[t - 1].y1) / 2))
        for line, values in lines:
            m = min(t, len(values))
            line.set_data(np.arange(1, m + 1), values[:m])
        marker.set_xdata([t, t])
        said = [f"{i + 1}: {_data.YEARS[int(p[min(t, len(p)) - 1].argmax())]}" for i, p in enumerate(probs)]
        title.set_text(f"answer after word {t}:  " + ",  ".join(said))
        return fig

    def caption(t):
        read = "; ".join(f"sentence {i + 1} reads “{tok[t - 1]}”" for i, tok in enumerate(tokens) if t <= len(tok))
        said = ", ".join(f"{_data.YEARS[int(p[min(t, len(p)) - 1].argmax())]}" for p in probs)
        return f"t = {t}: {read}; answer if the sentence stopped here: {said}"

    def alt(t):
        return (f"Step {t} of {tau}: word {t} is highlighted in each sentence; a line chart shows, for each "
                f"sentence, the probability of {' and '.join(years)} after words 1 to {t}.")

    return stepper(render, tau, caption=caption, alt=alt, dpi=dpi)
