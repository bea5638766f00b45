"""Chapter 1, "Parameter sharing": the year-extraction experiment as functions.

Goodfellow et al. (§10.1): a network with separate parameters for each
position would have to learn the rules of the language again at every
position, and could not read lengths it never saw; an RNN shares one set of
weights across time.  This module holds the chapter's experiment so that the
chapter and the tests run exactly the same thing:

>>> split = year_split(seed=0)                 # train + three test sets
>>> rnn, _ = train_rnn(split.train, seed=0)    # RNN(61, 32, 10, "last")
>>> net, _ = train_positional(split.train, seed=0)   # PositionalMLP(8, 61, 32, 10)
>>> table = evaluate({"RNN": rnn, "per-position": net}, split)
>>> table["RNN"]["(b) unseen positions"]       # doctest: +SKIP
1.0

The split: train on sentences of 5 .. 8 words with the year at positions
{1, 2, 4, 5, 6} (0-based); test on (a) more sentences like those, (b) the same
lengths with the year at positions {0, 3, 7}, never seen in training, and
(c) sentences of 9 .. 12 words with the year anywhere, which the per-position
network, built for 8 positions, cannot read at all.

Arrays are time first as everywhere in rnnlib: a sentence as one-hot input is
(τ, n_vocab); a batch (τ, batch, n_vocab); labels are year indices into
:data:`rnnlib.data.YEARS`.
"""

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import data as _data
from ..data import encode, tokenize
from ..exercises import check
from ..functional import softmax
from ..mlp import PositionalMLP, n_params_per_position
from ..optim import Adam, train
from ..plots import SEQUENTIAL, Table, figure_and_axes, heat_strip, probabilities
from ..rnn import RNN, n_params
from ..widgets import stepper

__all__ = [
    "TRAIN_LENGTHS", "TRAIN_POSITIONS", "UNSEEN_POSITIONS", "LONG_LENGTHS", "WINDOW",
    "Split", "year_split", "train_rnn", "train_positional",
    "predict", "accuracy", "evaluate", "accuracy_grid", "accuracy_table",
    "year_weight_change", "plot_weight_change", "plot_accuracy_grid",
    "reading_frame", "reading_stepper", "answers",
    "check_sharing_counts", "check_answer", "check_year_always_last",
]

#: Sentence lengths (words) of the training set.
TRAIN_LENGTHS = range(5, 9)
#: 0-based year positions of the training set.
TRAIN_POSITIONS = (1, 2, 4, 5, 6)
#: Year positions of test set (b), never seen in training.
UNSEEN_POSITIONS = (0, 3, 7)
#: Sentence lengths of test set (c), all longer than any training sentence.
LONG_LENGTHS = range(9, 13)
#: Number of positions the per-position network reads: the longest training sentence.
WINDOW = max(TRAIN_LENGTHS)


@dataclass
class Split:
    """The chapter's data: one training set and three test sets (:class:`rnnlib.data.Sentences`)."""

    train: object
    held_out: object
    unseen_positions: object
    longer: object

    def test_sets(self):
        """``{name: Sentences}`` for the three test sets, in the chapter's order."""
        return {"(a) held out": self.held_out,
                "(b) unseen positions": self.unseen_positions,
                "(c) longer sentences": self.longer}


def year_split(seed=0, n_train=1000, n_test=1000, *, train_positions=TRAIN_POSITIONS,
               unseen_positions=UNSEEN_POSITIONS):
    """The chapter's train/test split of year sentences (see the module docstring).

    Parameters
    ----------
    seed : int
        Seeds all four sets (each with its own derived seed).
    n_train, n_test : int
        Sentences in the training set and in each test set.
    train_positions, unseen_positions : iterable of int
        0-based year positions of the training set and of test set (b).

    Returns
    -------
    Split
        ``.train`` (n_train sentences), ``.held_out``, ``.unseen_positions``,
        ``.longer`` (n_test each).
    """
    s = int(seed)
    return Split(
        train=_data.year_sentences(n_train, seed=100 + s, lengths=TRAIN_LENGTHS, positions=train_positions),
        held_out=_data.year_sentences(n_test, seed=200 + s, lengths=TRAIN_LENGTHS, positions=train_positions),
        unseen_positions=_data.year_sentences(n_test, seed=300 + s, lengths=TRAIN_LENGTHS,
                                              positions=unseen_positions),
        longer=_data.year_sentences(n_test, seed=400 + s, lengths=LONG_LENGTHS),
    )


def train_rnn(sentences, seed=0, *, n_hidden=32, steps=400, lr=0.01, clip=5.0, batch_size=32,
              progress=False):
    """Train ``RNN(n_vocab, n_hidden, 10, pattern="last", seed=seed)`` on year sentences.

    Adam(lr), gradient-norm clipping at ``clip``, ``steps`` mini-batches of
    ``batch_size`` equal-length sentences (:func:`rnnlib.data.batches`).

    Returns
    -------
    model : RNN
    history : rnnlib.optim.History
    """
    model = RNN(sentences.n_vocab, n_hidden, len(_data.YEARS), pattern="last", seed=seed)
    history = train(model, _data.batches(sentences, batch_size, seed=seed), steps,
                    optimizer=Adam(lr), clip=clip, progress=progress, label="RNN")
    return model, history


def train_positional(sentences, seed=0, *, window=WINDOW, n_hidden=32, steps=400, lr=0.01,
                     batch_size=32, progress=False):
    """Train ``PositionalMLP(window, n_vocab, n_hidden, 10, seed=seed)`` on year sentences.

    Adam(lr), ``steps`` mini-batches of ``batch_size`` sentences right-padded
    to ``window`` positions (:func:`rnnlib.data.batches` with ``window``).

    Returns
    -------
    model : PositionalMLP
    history : rnnlib.optim.History
    """
    model = PositionalMLP(window, sentences.n_vocab, n_hidden, len(_data.YEARS), seed=seed)
    history = train(model, _data.batches(sentences, batch_size, seed=seed, window=window), steps,
                    optimizer=Adam(lr), progress=progress, label="per-position network")
    return model, history


# --------------------------------------------------------------------------- evaluation

def predict(model, sentences):
    """Predicted year index of every sentence: ndarray (n,) int.

    Works for an :class:`~rnnlib.rnn.RNN` (pattern "last") and a
    :class:`~rnnlib.mlp.PositionalMLP`: sentences are grouped by length and
    each group is one batch (τ, k, n_vocab).  A per-position network raises
    its own ``ValueError`` for sentences longer than its window.
    """
    out = np.empty(len(sentences), dtype=np.int64)
    for _, idx in _data.by_length(sentences).items():
        x, _ = sentences.batch(idx)
        out[idx] = model.predict(x)
    return out


def accuracy(model, sentences):
    """Fraction of ``sentences`` whose year ``model`` gets right (float in [0, 1])."""
    return float(np.mean(predict(model, sentences) == sentences.year))


def evaluate(models, split):
    """Accuracy of every model on every test set of ``split``.

    Parameters
    ----------
    models : dict[str, model]
    split : Split

    Returns
    -------
    dict[str, dict[str, float]]
        ``table[model_name][test_set_name]``; NaN where the model cannot read
        the test set (a per-position network and sentences longer than its window).
        The format :func:`rnnlib.plots.accuracy_bars` and :func:`accuracy_table` take.
    """
    table = {}
    for name, model in models.items():
        row = {}
        for set_name, sentences in split.test_sets().items():
            try:
                row[set_name] = accuracy(model, sentences)
            except ValueError:
                row[set_name] = float("nan")
        table[name] = row
    return table


def accuracy_grid(model, sentences):
    """Accuracy for every (sentence length, year position) pair.

    Returns
    -------
    lengths : ndarray (n_L,) int
    positions : ndarray (n_P,) int        0 .. max length − 1
    acc : ndarray (n_L, n_P) float         NaN where there is no sentence
    count : ndarray (n_L, n_P) int         number of sentences per cell
    """
    right = predict(model, sentences) == sentences.year
    lengths = np.unique(sentences.length)
    positions = np.arange(lengths.max())
    acc = np.full((lengths.size, positions.size), np.nan)
    count = np.zeros((lengths.size, positions.size), dtype=np.int64)
    for i, L in enumerate(lengths):
        for p in positions:
            cell = (sentences.length == L) & (sentences.position == p)
            count[i, p] = cell.sum()
            if count[i, p]:
                acc[i, p] = right[cell].mean()
    return lengths, positions, acc, count


def accuracy_table(table, caption=None):
    """:class:`Table` of an :func:`evaluate` result: one row per model, percentages, "n/a" for NaN."""
    sets = list(dict.fromkeys(k for row in table.values() for k in row))
    fmt = lambda v: "n/a" if v is None or np.isnan(v) else f"{v:.1%}"  # noqa: E731
    return Table(["model"] + sets, [[name] + [fmt(row.get(s)) for s in sets] for name, row in table.items()],
                 caption=caption)


# --------------------------------------------------------------------------- figures

def year_weight_change(model, initial, vocab=None):
    """How far training moved each U_p, for the year tokens and for all other tokens.

    Parameters
    ----------
    model : PositionalMLP (trained)
    initial : PositionalMLP or ndarray (window, n_hidden, n_in)
        The same network before training (same seed), or its ``U``.

    Returns
    -------
    years : ndarray (window,)   ‖U_p[:, year columns] − initial‖ (Frobenius) per position p
    others : ndarray (window,)  the same for the columns of every other token
    """
    vocab = _data.vocabulary() if vocab is None else list(vocab)
    u0 = initial.params["U"] if hasattr(initial, "params") else np.asarray(initial)
    delta = model.params["U"] - u0                          # (window, n_hidden, n_in)
    is_year = np.isin(vocab, _data.YEARS)
    norm = lambda d: np.sqrt((d ** 2).sum(axis=(1, 2)))    # noqa: E731
    return norm(delta[:, :, is_year]), norm(delta[:, :, ~is_year])


def plot_weight_change(years, others, trained_positions=TRAIN_POSITIONS, *, ax=None, figsize=(6.4, 3.0)):
    """Bars per position (0-based): change of U_p's year columns and of its other columns."""
    fig, ax = figure_and_axes(ax, figsize)
    years, others = np.asarray(years), np.asarray(others)
    pos = np.arange(years.size)
    ax.bar(pos - 0.2, others, 0.4, color="#bbbbbb", label="columns of the other words")
    ax.bar(pos + 0.2, years, 0.4, color="#4477aa", label="columns of the years")
    for p in pos:
        if p not in trained_positions:
            ax.text(p + 0.2, years[p] + 0.02 * max(others.max(), years.max()), "0" if years[p] == 0 else "",
                    ha="center", va="bottom", fontsize=9, color="#cc3311", fontweight="bold")
    ax.set_xticks(pos)
    ax.set_xticklabels([f"{p}\n{'trained' if p in trained_positions else 'unseen'}" for p in pos], fontsize=8)
    ax.set_xlabel("year position p (0-based)")
    ax.set_ylabel(r"$\|U_p^\mathrm{after} - U_p^\mathrm{before}\|$")
    ax.set_ylim(0, 1.3 * max(others.max(), years.max(), 1e-12))
    ax.legend(fontsize=8, loc="upper center", ncol=2, frameon=False)
    ax.set_title("How far training moved each position's weights $U_p$")
    return fig


def plot_accuracy_grid(lengths, positions, acc, *, trained_lengths=TRAIN_LENGTHS,
                       trained_positions=TRAIN_POSITIONS, ax=None, title="Accuracy by length and year position",
                       figsize=(7.2, 3.6)):
    """Heat map of :func:`accuracy_grid`: one row per length, one column per year position.

    Cells the training set covered are outlined; the accuracy, in percent, is printed in every cell.
    """
    fig, ax = figure_and_axes(ax, figsize)
    acc = np.asarray(acc, dtype=float)
    image = ax.imshow(np.ma.masked_invalid(acc), cmap=SEQUENTIAL, vmin=0, vmax=1, aspect="auto",
                      interpolation="nearest")
    for i, L in enumerate(lengths):
        for j, p in enumerate(positions):
            if np.isnan(acc[i, j]):
                continue
            ax.text(j, i, f"{100 * acc[i, j]:.0f}", ha="center", va="center", fontsize=7,
                    color="black" if acc[i, j] > 0.5 else "white")
            if L in trained_lengths and p in trained_positions:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#ee3377", linewidth=2))
    ax.set_xticks(range(len(positions)))
    ax.set_xticklabels([str(p) for p in positions])
    ax.set_yticks(range(len(lengths)))
    ax.set_yticklabels([str(L) for L in lengths])
    ax.set_xlabel("year position (0-based)")
    ax.set_ylabel("sentence length")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label="accuracy (numbers in %)")
    return fig


def reading_frame(model, text, t, *, year=None, trace=None, figsize=(7.2, 4.0)):
    """One frame of the reading stepper: the RNN after reading the first t words of ``text``.

    Three panels, laid out identically for every t: the sentence with word t
    highlighted; h(1) .. h(t) as a heat strip (one column per word, later
    columns blank); and the readout's probabilities over the years,
    softmax(V h(t) + c), what the network would answer if the sentence
    stopped at word t.

    Parameters
    ----------
    model : RNN, pattern "last", n_in = len(vocabulary())
    text : str or list of str        the sentence (see :func:`encode`)
    t : int                           1-based step, 1 .. τ
    year : str, optional              the correct year, drawn in a second colour
    trace : Trace, optional           ``model.forward(encode(text))``, if already computed

    Returns
    -------
    matplotlib.figure.Figure
    """
    tokens = tokenize(text) if isinstance(text, str) else [str(w).lower() for w in text]
    tau = len(tokens)
    if not 1 <= t <= tau:
        raise ValueError(f"t: got {t!r}, wanted a step 1..{tau} (the sentence has {tau} words)")
    if trace is None:
        trace = model.forward(encode(tokens))
    h = np.full_like(trace.h, np.nan)
    h[:t] = trace.h[:t]
    p = softmax(trace.o[t - 1])

    fig = Figure(figsize=figsize)
    w = figsize[0]
    ax_text = fig.add_axes((0.01, 0.87, 0.98, 0.12))
    ax_h = fig.add_axes((0.07, 0.22, 0.50, 0.56))
    ax_p = fig.add_axes((0.72, 0.22, 0.27, 0.56))

    ax_text.set_axis_off()
    # One font size for the whole sentence (the same in every frame), small enough to fit.
    chars = len("reading:") + sum(len(tok) + 1 for tok in tokens)
    size = float(np.clip(72 * 0.93 * w / (0.62 * chars), 7, 12))
    prev = ax_text.text(0.0, 0.5, "reading:", fontsize=size, va="center", ha="left", transform=ax_text.transAxes)
    for k, word in enumerate(tokens, start=1):
        style = dict(fontsize=size, va="center", ha="left")
        if k == t:
            style.update(fontweight="bold", bbox=dict(boxstyle="round,pad=0.2", facecolor="#ffdd66",
                                                      edgecolor="#aa8800"))
        elif k > t:
            style.update(color="#888888")
        prev = ax_text.annotate(word, xy=(1, 0.5), xycoords=prev, xytext=(0.45 * size, 0),
                                textcoords="offset points", **style)

    heat_strip(h, ax=ax_h, labels=[f"{k}:{w}" for k, w in enumerate(tokens, start=1)], highlight=t,
               unit_label=f"{h.shape[1]} hidden units", title=f"hidden state h(1) .. h({t})")
    truth = _data.YEARS.index(year) if year is not None else None
    probabilities(p, list(_data.YEARS), ax=ax_p, true=truth,
                  title=f"answer after {t} word{'s' * (t != 1)}:\n{_data.YEARS[int(p.argmax())]} ({p.max():.0%})")
    ax_p.tick_params(axis="x", labelsize=8)
    return fig


def reading_stepper(model, text, *, year=None, dpi=88):
    """A :func:`rnnlib.widgets.stepper` over the words of ``text``: frame t is :func:`reading_frame`.

    ``year`` (str, optional) is the correct year; by default the year token
    found in the text, if any.  Returns the Stepper (display it as the last
    expression of a cell).
    """
    tokens = tokenize(text) if isinstance(text, str) else [str(w).lower() for w in text]
    if year is None:
        year = next((w for w in tokens if w in _data.YEARS), None)
    trace = model.forward(encode(tokens))
    answer = [f"{_data.YEARS[int(k)]} ({q:.0%})" for k, q in zip(trace.o.argmax(-1), trace.y_hat.max(-1))]

    def caption(t):
        return f"t = {t}: x({t}) = \u201c{tokens[t - 1]}\u201d; answer if the sentence stopped here: {answer[t - 1]}"

    def alt(t):
        return (f"Step {t} of {len(tokens)}: the word '{tokens[t - 1]}' is highlighted in the sentence; "
                f"a heat map shows the {trace.h.shape[-1]} hidden units for the first {t} words; a bar chart gives the "
                f"probability of each year, highest for {answer[t - 1][:4]}.")

    return stepper(lambda t: reading_frame(model, tokens, t, year=year, trace=trace), len(tokens),
                   caption=caption, alt=alt, dpi=dpi)


def answers(models, texts):
    """:class:`Table` of each model's answer (the year it predicts) for each sentence in ``texts``.

    models : dict[str, model]; texts : list of str.  A model that cannot read a
    sentence (a per-position network and a sentence longer than its window)
    gets "cannot read" in its cell.
    """
    rows = []
    for text in texts:
        x = encode(text)
        row = [text, str(len(x))]
        for model in models.values():
            try:
                row.append(_data.YEARS[int(model.predict(x))])
            except ValueError:
                row.append("too long")
        rows.append(row)
    return Table(["sentence", "tokens"] + list(models), rows)


# --------------------------------------------------------------------------- exercise checks

def check_sharing_counts(count_rnn, count_positional):
    """Exercise: parameter counts of the RNN and of the per-position network.

    ``count_rnn(n_in, n_hidden, n_out)`` and
    ``count_positional(window, n_in, n_hidden, n_out)`` return ints.
    """
    sizes = [(61, 32, 10, 8), (1, 1, 1, 1), (3, 5, 4, 2), (7, 2, 3, 12)]

    def rnn_is(fn, formula):
        return all(fn(n_in, n_h, n_out) == formula(n_in, n_h, n_out) for n_in, n_h, n_out, _ in sizes)

    def pos_is(fn, formula):
        return all(fn(w, n_in, n_h, n_out) == formula(w, n_in, n_h, n_out) for n_in, n_h, n_out, w in sizes)

    right_rnn = lambda n_in, n_h, n_out: n_params(n_in, n_h, n_out, "last")  # noqa: E731
    biases = lambda n_h, n_out: n_h + n_out  # noqa: E731
    both = (count_rnn, count_positional)
    return check("Count the parameters", None if None in both else both, [
        (lambda p: not rnn_is(p[0], lambda n_in, n_h, n_out: right_rnn(n_in, n_h, n_out) - n_h * n_h),
         "count_rnn: you left out W, the hidden-to-hidden matrix (n_hidden × n_hidden) that carries "
         "h(t-1) into h(t)"),
        (lambda p: not rnn_is(p[0], lambda n_in, n_h, n_out: right_rnn(n_in, n_h, n_out) - biases(n_h, n_out)),
         "count_rnn: add the biases, b (n_hidden) and c (n_out)"),
        (lambda p: rnn_is(p[0], right_rnn),
         "count_rnn: the RNN has U (n_hidden × n_in), W (n_hidden × n_hidden), b (n_hidden), "
         "V (n_out × n_hidden) and c (n_out); none of them depends on the sentence length"),
        (lambda p: not pos_is(p[1], lambda w, n_in, n_h, n_out: n_params_per_position(1, n_in, n_h, n_out)),
         "count_positional: every one of the window positions has its own U_p (n_hidden × n_in): "
         "multiply by window"),
        (lambda p: not pos_is(p[1], lambda w, n_in, n_h, n_out: n_params_per_position(w, n_in, n_h, n_out)
                              + n_h * n_h),
         "count_positional: the per-position network has no W: nothing is carried from one position "
         "to the next, every position feeds h directly"),
        (lambda p: pos_is(p[1], n_params_per_position),
         "count_positional: it has U_1 .. U_window (each n_hidden × n_in), b (n_hidden), "
         "V (n_out × n_hidden) and c (n_out)"),
    ], "the RNN's count is the same for every sentence length; the per-position network adds "
       "n_hidden × n_in parameters for every position it can read, and each of them is trained only by "
       "the sentences that have a word at that position.")


def _answer_cases():
    return ["I went to Nepal in 2009", "In 2009, I went to Nepal", "2004, we flew to Japan with friends",
            "she went to new zealand with my brother again in 2001", "my parents spent 2006 in Peru"]


def check_answer(answer, model):
    """Exercise: ``answer(model, text)`` returns the year (a str such as "2009") the RNN reads in ``text``."""
    YEARS = _data.YEARS
    untrained = RNN(model.n_in, model.n_hidden, model.n_out, pattern="last", seed=12345)
    texts = _answer_cases()

    def says(m, text):
        return YEARS[int(m.forward(encode(text)).o[-1].argmax())]

    def first_said(fn):
        return fn(model, texts[0])

    return check("Ask the network", answer, [
        (lambda fn: first_said(fn) is not None, "answer returned None: return the year as a string, e.g. '2009'"),
        (lambda fn: not isinstance(first_said(fn), (int, np.integer)),
         "answer returned a number: that is the index of the class; turn it into the year with "
         "rl.data.YEARS[index]"),
        (lambda fn: isinstance(first_said(fn), str),
         "answer should return a str such as '2009' (an element of rl.data.YEARS)"),
        (lambda fn: all(fn(model, t) == says(model, t) for t in texts[:2]),
         "not the model's answer: encode the text with rl.data.encode(text), run model.forward, and take the "
         "readout after the last word, trace.o[-1] (pattern 'last' is trained only there)"),
        (lambda fn: all(fn(model, t) == says(model, t) for t in texts),
         "right for the first sentences but not for all: use rl.data.encode(text), which lower-cases the "
         "words and splits off the comma, and the readout after the LAST word, trace.o[-1]"),
        (lambda fn: all(fn(untrained, t) == says(untrained, t) for t in texts),
         "your function finds the year, but not by asking the model: an untrained network gives different "
         "(wrong) answers, and answer(model, text) should report them; use model.forward or model.predict"),
    ], "answer(model, text) reads the sentence word by word with one set of weights and reports the "
       "readout after the last word. Try sentences of your own, with the year anywhere.")


def check_year_always_last(acc_elsewhere, model, sentences):
    """Exercise: accuracy of an RNN trained with the year always last, on sentences with the year elsewhere.

    ``acc_elsewhere`` is a float in [0, 1]; ``sentences`` is the test set with the year elsewhere.
    """
    want = accuracy(model, sentences)
    if want < 0.5:
        lesson = (f"only {want:.0%} (chance is 10%). Trained with the year always the last word, the network "
                  "learned the shortest rule that fits: 'the answer is the word I am reading now'. That needs no "
                  "memory, so nothing taught it to keep the year in h(t). Shared weights make a rule usable at "
                  "every position, but the data decide which rule is learned.")
    else:
        lesson = (f"{want:.0%}: with this seed the network learned to keep the year in h(t) even though the "
                  "year was always last. Try another seed: usually it does not.")
    return check("The year always last", acc_elsewhere, [
        (lambda a: np.ndim(a) == 0 and np.isfinite(float(a)),
         "acc_elsewhere should be one number, the fraction of sentences whose year the model gets right"),
        (lambda a: 0.0 <= float(a) <= 1.0,
         "acc_elsewhere should be a fraction between 0 and 1, not a percentage"),
        (lambda a: abs(float(a) - want) < 1e-9,
         "not the accuracy of rnn_last on `elsewhere`: use ch.accuracy(rnn_last, elsewhere), the "
         "fraction of those sentences whose year rnn_last predicts correctly"),
    ], f"acc_elsewhere = {want:.3f}: {lesson}")
