"""Chapter 1, "Parameter sharing": the chapter's experiments as functions.

Goodfellow et al. (introduction to chapter 10): a network with separate
parameters for each position would have to learn the rules of the language
again at every position, and could not read lengths it never saw; an RNN
shares one set of weights across time.  The chapter tests this with three
models trained the same way (:func:`train_model`, one budget for all):

- the per-position network (:class:`rnnlib.mlp.PositionalMLP`): a matrix U_p
  for every position p = 1..window, no sharing;
- the bag of words (:class:`rnnlib.mlp.BagOfWords`): one shared U, but the
  words are summed, so their order is lost: sharing and nothing else;
- the RNN (:class:`rnnlib.rnn.RNN`, pattern "last"): one shared U, W, b
  applied step by step: sharing and order.

>>> split = year_split(seed=0)                       # train + three test sets
>>> models, histories = train_all(split.train, seed=0)
>>> results = evaluate(models, split)
>>> results["RNN"]["(b) unseen positions"]           # doctest: +SKIP
1.0

The split (positions counted from 1, as in the chapter: the year at position
p is the input x(p)): train on sentences of 5 .. 8 words with the year at
positions {2, 3, 5, 6, 7}; test on (a) more sentences like those, (b) the same
lengths with the year at positions {1, 4, 8}, never seen in training, and
(c) sentences of 9 .. 12 words with the year anywhere, which the per-position
network, built for 8 positions, cannot read at all.  :func:`learning_curve`
trains on fewer sentences; :func:`two_trip_experiment` asks an order-sensitive
question ("which year was the trip to Nepal?") that a bag of words cannot answer.

Every threshold the chapter's prose relies on is a constant below (``*_MIN``,
``*_MAX``); the ``claims_*`` functions compare a run against them and raise
:class:`ClaimFailed` with a sentence saying what no longer holds.  The
notebook's hidden cells and the tests (seeds 0-4, :data:`TESTED_SEEDS`) call
the same functions; given ``seed=SEED`` outside the tested seeds, they print
the sentence instead of raising, so a reader's own seed never stops the notebook.

Arrays are time first as everywhere in rnnlib: a sentence as one-hot input is
(τ, n_vocab); a batch (τ, batch, n_vocab); labels are year indices into
:data:`rnnlib.data.YEARS`.  ``Sentences.position`` is a 0-based code index
(the year is ``x[position]``, the input x(position + 1)); this module's
constants and figures count positions from 1.
"""

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import _checks
from .. import data as _data
from ..data import encode, tokenize
from ..exercises import check, is_kind
from ..functional import softmax
from ..mlp import BagOfWords, PositionalMLP
from ..optim import Adam, train
from ..plots import SEQUENTIAL, Table, figure_and_axes, heat_strip, probabilities
from ..rnn import RNN
from ..widgets import stepper

__all__ = [
    "TRAIN_LENGTHS", "TRAIN_POSITIONS", "UNSEEN_POSITIONS", "LONG_LENGTHS", "WINDOW", "GRID_LENGTHS",
    "MODELS", "N_HIDDEN", "STEPS", "LR", "BATCH", "CLIP", "CURVE_SIZES",
    "Split", "year_split", "make_model", "train_model", "train_all", "clipped_fraction",
    "predict", "accuracy", "evaluate", "accuracy_grid", "accuracy_table", "failure_summary", "failure_tables",
    "POSITION_BANDS", "LENGTH_BANDS",
    "learning_curve", "two_trip_experiment", "readout_steps",
    "ClaimFailed", "TESTED_SEEDS", "claims_test_sets", "claims_learning_curve", "claims_failures", "claims_two_trips",
    "claims_reading", "claims_year_last",
    "year_weight_change", "plot_weight_change", "plot_accuracy_grid", "plot_learning_curve",
    "reading_frame", "reading_stepper", "answers",
    "check_taught", "check_answer", "check_year_always_last",
]

#: Sentence lengths (words) of the training set.
TRAIN_LENGTHS = range(5, 9)
#: Year positions (from 1: position p is the input x(p)) of the training set.
TRAIN_POSITIONS = (2, 3, 5, 6, 7)
#: Year positions of test set (b), never seen in training.
UNSEEN_POSITIONS = (1, 4, 8)
#: Sentence lengths of test set (c), all longer than any training sentence.
LONG_LENGTHS = range(9, 13)
#: Number of positions the per-position network reads: the longest training sentence.
WINDOW = max(TRAIN_LENGTHS)
#: Sentence lengths of the failure grid: every length the sentence generator has.
GRID_LENGTHS = range(5, 22)

#: The three models, in the chapter's order.
MODELS = ("per-position network", "bag of words", "RNN")

# The training budget: the same for every model and every experiment of the chapter.
#: Hidden units of every model.
N_HIDDEN = 32
#: Optimiser steps (mini-batches).
STEPS = 400
#: Adam's learning rate.
LR = 0.01
#: Sentences per mini-batch (all of one length: the RNN has no padding).
BATCH = 32
#: Gradient-norm clipping, applied to all three models.
CLIP = 5.0
#: Training-set sizes of the learning curve (nested subsets of the training set).
CURVE_SIZES = (30, 100, 1000)
#: Sentences in the two-trip training set.
N_TWO_TRIPS = 2000

# Thresholds of the claims (fractions of sentences answered right; chance is 0.1).
#: Every model on (a), held-out sentences like the training ones.
HELD_OUT_MIN = 0.95
#: The per-position network on (b), the year at unseen positions: near chance.
POSITIONAL_UNSEEN_MAX = 0.35
#: The shared-weight models (bag of words, RNN) on (b).
SHARED_UNSEEN_MIN = 0.95
#: The bag of words on (c), longer sentences.
BAG_LONGER_MIN = 0.97
#: The RNN on (c): most, not all.
RNN_LONGER_MIN = 0.85
#: Learning curve, at CURVE_SMALL training sentences: the bag of words at least ...
CURVE_SMALL = 100
CURVE_BAG_SMALL_MIN = 0.9
#: ... and the per-position network at most this ...
CURVE_POSITIONAL_SMALL_MAX = 0.75
#: ... and the RNN at least this far below the bag of words.
CURVE_RNN_GAP_MIN = 0.2
#: Failure grid: the RNN with the year inside the trained span of positions (1..7), any length,
#: and with the year as the last word inside that span.
INSIDE_SPAN_MIN = 0.93
#: ... and with the year far beyond it (the last band of POSITION_BANDS), not the last word: at most this.
FAR_BEYOND_MAX = 0.5
#: Two trips: the bag of words at most (it cannot beat guessing between the two years, 0.5) ...
TWO_TRIPS_BAG_MAX = 0.6
#: ... the per-position network on new sentences at most (it memorises its training set) ...
TWO_TRIPS_POSITIONAL_MAX = 0.7
#: ... and the RNN at least.
TWO_TRIPS_RNN_MIN = 0.85
#: The bag of words names one of the two years (right or the other trip's) at least this often.
TWO_TRIPS_EITHER_YEAR_MIN = 0.95
#: The per-position network fits its two-trip training set at least this well.
TWO_TRIPS_POSITIONAL_TRAIN_MIN = 0.75
#: Exercise 3: trained with the year always last, the readout at the step of the year is right this often ...
YEAR_LAST_AT_YEAR_MIN = 0.9
#: ... and the answer at the end of the sentence at most this often.
YEAR_LAST_AT_END_MAX = 0.4


class ClaimFailed(AssertionError):
    """A claim of the chapter's text no longer holds for this run (the message says which)."""


#: The seeds the chapter's test runs; the text's claims are guaranteed for these.
TESTED_SEEDS = range(5)


def _require(claims, seed=None):
    """Raise :class:`ClaimFailed` with the sentences of the failed claims.

    With a ``seed`` outside :data:`TESTED_SEEDS` (a reader trying another
    seed), print the sentences instead, so the rest of the notebook still runs.
    """
    failed = [sentence for ok, sentence in claims if not ok]
    if not failed:
        return
    if seed is None or seed in TESTED_SEEDS:
        raise ClaimFailed(" ".join(failed))
    print(f"Note: with SEED = {seed}, the text's claims do not all hold for this run: " + " ".join(failed))


def _code_positions(positions):
    """1-based positions (the chapter's) -> 0-based code indices (rnnlib.data's)."""
    return {int(p) - 1 if p > 0 else int(p) for p in positions}


# --------------------------------------------------------------------------- data

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


def year_split(seed=0, n_train=1000, n_test=1000):
    """The chapter's train/test split of year sentences (see the module docstring).

    Parameters
    ----------
    seed : int
        Seeds all four sets (each with its own derived seed).
    n_train, n_test : int
        Sentences in the training set and in each test set.

    Returns
    -------
    Split
        ``.train`` (n_train sentences), ``.held_out``, ``.unseen_positions``,
        ``.longer`` (n_test each).
    """
    s = int(seed)
    train_at, unseen_at = _code_positions(TRAIN_POSITIONS), _code_positions(UNSEEN_POSITIONS)
    return Split(
        train=_data.year_sentences(n_train, seed=100 + s, lengths=TRAIN_LENGTHS, positions=train_at),
        held_out=_data.year_sentences(n_test, seed=200 + s, lengths=TRAIN_LENGTHS, positions=train_at),
        unseen_positions=_data.year_sentences(n_test, seed=300 + s, lengths=TRAIN_LENGTHS, positions=unseen_at),
        longer=_data.year_sentences(n_test, seed=400 + s, lengths=LONG_LENGTHS),
    )


# --------------------------------------------------------------------------- training

def make_model(kind, n_in, seed=0, *, window=WINDOW, n_hidden=N_HIDDEN, n_out=10):
    """A new, untrained model of one of the chapter's three kinds.

    Parameters
    ----------
    kind : {"per-position network", "bag of words", "RNN"}
    n_in : int                 vocabulary size
    seed : int                 seeds the initial weights
    window : int               positions of the per-position network (ignored by the others)

    n_out : int                10 years (len(rnnlib.data.YEARS))

    Returns
    -------
    PositionalMLP(window, n_in, n_hidden, n_out), BagOfWords(n_in, n_hidden, n_out)
    or RNN(n_in, n_hidden, n_out, pattern="last")
    """
    _checks.choice(kind, "kind", MODELS)
    if kind == "per-position network":
        return PositionalMLP(window, n_in, n_hidden, n_out, seed=seed)
    if kind == "bag of words":
        return BagOfWords(n_in, n_hidden, n_out, seed=seed)
    return RNN(n_in, n_hidden, n_out, pattern="last", seed=seed)


def train_model(kind, sentences, seed=0, *, window=WINDOW, steps=STEPS, progress=False):
    """Train a new model of ``kind`` on ``sentences`` with the chapter's budget.

    Every kind gets exactly the same mini-batches: ``steps`` batches of
    ``BATCH`` sentences of one length (:func:`rnnlib.data.batches`, seeded by
    ``seed``; the per-position network pads them to its window with zero
    vectors), Adam(LR), and gradient-norm clipping at ``CLIP``.

    Returns
    -------
    model : PositionalMLP, BagOfWords or RNN
    history : rnnlib.optim.History
    """
    model = make_model(kind, sentences.n_vocab, seed, window=window)
    history = train(model, _data.batches(sentences, BATCH, seed=seed), steps, optimizer=Adam(LR), clip=CLIP,
                    progress=progress, label=kind)
    return model, history


def train_all(sentences, seed=0, *, window=WINDOW, progress=False):
    """:func:`train_model` for each of the three kinds: ``({name: model}, {name: history})``."""
    models, histories = {}, {}
    for kind in MODELS:
        models[kind], histories[kind] = train_model(kind, sentences, seed, window=window, progress=progress)
    return models, histories


def clipped_fraction(histories):
    """``{name: fraction of training steps whose gradient norm exceeded CLIP}`` (so clipping acted)."""
    return {name: float(np.mean(np.asarray(h.grad_norm) > CLIP)) for name, h in histories.items()}


# --------------------------------------------------------------------------- evaluation

def _can_read(model, sentences):
    return not (isinstance(model, PositionalMLP) and sentences.length.max() > model.window)


def predict(model, sentences):
    """Predicted year index of every sentence: ndarray (n,) int.

    Works for every model of the chapter: sentences are grouped by length and
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
    return {name: {set_name: accuracy(model, s) if _can_read(model, s) else float("nan")
                   for set_name, s in split.test_sets().items()}
            for name, model in models.items()}


def accuracy_grid(model, sentences):
    """Accuracy for every (sentence length, year position) pair.

    Returns
    -------
    lengths : ndarray (n_L,) int
    positions : ndarray (n_P,) int        1 .. max length (counted from 1)
    acc : ndarray (n_L, n_P) float         NaN where there is no sentence
    count : ndarray (n_L, n_P) int         number of sentences per cell
    """
    right = predict(model, sentences) == sentences.year
    lengths = np.unique(sentences.length)
    positions = np.arange(1, lengths.max() + 1)
    acc = np.full((lengths.size, positions.size), np.nan)
    count = np.zeros((lengths.size, positions.size), dtype=np.int64)
    for i, L in enumerate(lengths):
        for j, p in enumerate(positions):
            cell = (sentences.length == L) & (sentences.position == p - 1)
            count[i, j] = cell.sum()
            if count[i, j]:
                acc[i, j] = right[cell].mean()
    return lengths, positions, acc, count


#: Bands of year positions (from 1) of the failure section: the trained span, then further and further beyond.
POSITION_BANDS = ((1, 7), (8, 9), (10, 12), (13, 21))
#: Bands of sentence lengths of the failure section.
LENGTH_BANDS = ((5, 8), (9, 12), (13, 16), (17, 21))


def _acc(right, mask):
    return (float(right[mask].mean()) if mask.any() else float("nan"), int(mask.sum()))


def failure_summary(model, sentences):
    """Where the model errs: accuracy by band of year position (year last or not) and by band of length.

    Returns
    -------
    dict
        ``["position"][(lo, hi)]["last word" | "not last" | "all"]`` and
        ``["length"][(lo, hi)]``, each an ``(accuracy, number of sentences)``
        pair (accuracy NaN for no sentence).  Bands: :data:`POSITION_BANDS`
        (positions from 1) and :data:`LENGTH_BANDS`.
    """
    right = predict(model, sentences) == sentences.year
    p = sentences.position + 1                                # from 1
    last = sentences.position == sentences.length - 1
    by_position = {}
    for lo, hi in POSITION_BANDS:
        band = (p >= lo) & (p <= hi)
        by_position[(lo, hi)] = {"last word": _acc(right, band & last), "not last": _acc(right, band & ~last),
                                 "all": _acc(right, band)}
    by_length = {(lo, hi): _acc(right, (sentences.length >= lo) & (sentences.length <= hi))
                 for lo, hi in LENGTH_BANDS}
    return {"position": by_position, "length": by_length}


def failure_tables(summaries):
    """Two :class:`Table`\\ s of :func:`failure_summary` results ``{model name: summary}``.

    The first by band of year position: for each model, the year as the last
    word and not; the second by band of sentence length.
    """
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


def accuracy_table(table, caption=None):
    """:class:`Table` of an :func:`evaluate` result: one row per model, percentages, "n/a" for NaN."""
    sets = list(dict.fromkeys(k for row in table.values() for k in row))
    fmt = lambda v: "n/a" if v is None or np.isnan(v) else f"{v:.1%}"  # noqa: E731
    return Table(["model"] + sets, [[name] + [fmt(row.get(s)) for s in sets] for name, row in table.items()],
                 caption=caption)


def learning_curve(split, seed=0, sizes=CURVE_SIZES, trained=None, kinds=MODELS):
    """Accuracy on held-out sentences (a) against the number of training sentences.

    Each model is trained with the chapter's budget on the first n sentences
    of ``split.train`` for every n in ``sizes``.

    Parameters
    ----------
    split : Split
    seed : int
    sizes : tuple of int, each ≤ len(split.train)
    trained : dict[str, model], optional
        Models already trained on all of ``split.train``: reused for n = len(split.train).
    kinds : tuple of str
        Which of :data:`MODELS` to train (default all three).

    Returns
    -------
    dict[str, ndarray (len(sizes),)]
        ``{model name: accuracy on split.held_out for each size}``.
    """
    sizes = [_checks.positive_int(n, "sizes") for n in sizes]
    if max(sizes) > len(split.train):
        raise ValueError(f"sizes: got {max(sizes)}, wanted sizes ≤ {len(split.train)} (the training set)")
    for kind in kinds:
        _checks.choice(kind, "kinds", MODELS)
    curve = {kind: np.empty(len(sizes)) for kind in kinds}
    for i, n in enumerate(sizes):
        for kind in kinds:
            if trained is not None and n == len(split.train):
                model = trained[kind]
            else:
                model, _ = train_model(kind, split.train.subset(np.arange(n)), seed)
            curve[kind][i] = accuracy(model, split.held_out)
    return curve


@dataclass
class TwoTrips:
    """The order-sensitive experiment: which year was the trip to Nepal?

    Attributes
    ----------
    train, test : rnnlib.data.Sentences     two-trip sentences
    models : dict[str, model]                the three models, trained on ``train``
    results : dict[str, dict[str, float]]    ``{model: {"training set": acc, "new sentences": acc}}``
    other_year : dict[str, float]            fraction of ``test`` where the model names the other trip's year
    """

    train: object
    test: object
    models: dict
    results: dict
    other_year: dict


def _other_year(sentences):
    years = {y: i for i, y in enumerate(_data.YEARS)}
    return np.array([next(years[w] for k, w in enumerate(tok) if w in years and k != p)
                     for tok, p in zip(sentences.tokens, sentences.position)])


def two_trip_experiment(seed=0, n_train=N_TWO_TRIPS, n_test=1000, progress=False):
    """Train the three models on :func:`rnnlib.data.two_trip_sentences` and test them on new ones.

    The per-position network's window is the longest sentence of either set.
    Same budget as every other training of the chapter (:func:`train_model`).

    Returns
    -------
    TwoTrips
    """
    s = int(seed)
    tr = _data.two_trip_sentences(n_train, seed=800 + s)
    te = _data.two_trip_sentences(n_test, seed=900 + s)
    window = int(max(tr.length.max(), te.length.max()))
    models, _ = train_all(tr, s, window=window, progress=progress)
    other = _other_year(te)
    results = {k: {"training set": accuracy(m, tr), "new sentences": accuracy(m, te)} for k, m in models.items()}
    other_year = {k: float(np.mean(predict(m, te) == other)) for k, m in models.items()}
    return TwoTrips(train=tr, test=te, models=models, results=results, other_year=other_year)


def readout_steps(model, sentences):
    """What an RNN (pattern "last") would answer after every word: list of ndarray (τ_i,) int.

    ``steps[i][t - 1]`` is argmax of the readout c + V h(t) of sentence i
    after its t-th word, for t = 1..τ_i (the trained answer is ``steps[i][-1]``).
    """
    if not isinstance(model, RNN) or model.pattern != "last":
        raise TypeError(f"model: got {type(model).__name__}, wanted an RNN with pattern 'last'")
    out = [None] * len(sentences)
    for _, idx in _data.by_length(sentences).items():
        x, _ = sentences.batch(idx)
        said = model.forward(x).o.argmax(-1)           # (τ, k)
        for j, i in enumerate(idx):
            out[i] = said[:, j]
    return out


# --------------------------------------------------------------------------- claims (the guards)

def _pct(v):
    return f"{v:.1%}"


def claims_test_sets(results, *, seed=None):
    """Check the claims about the three test sets; raise :class:`ClaimFailed` if one no longer holds."""
    pos, bag, rnn = (results[k] for k in MODELS)
    a, b, c = "(a) held out", "(b) unseen positions", "(c) longer sentences"
    _require([
        (min(r[a] for r in results.values()) >= HELD_OUT_MIN,
         f"Not every model reaches {_pct(HELD_OUT_MIN)} on held-out sentences like the training ones "
         f"({', '.join(f'{k}: {_pct(r[a])}' for k, r in results.items())})."),
        (pos[b] <= POSITIONAL_UNSEEN_MAX,
         f"The per-position network is no longer near chance with the year at unseen positions "
         f"({_pct(pos[b])} > {_pct(POSITIONAL_UNSEEN_MAX)})."),
        (min(bag[b], rnn[b]) >= SHARED_UNSEEN_MIN,
         f"A shared-weight model falls below {_pct(SHARED_UNSEEN_MIN)} with the year at unseen positions "
         f"(bag of words {_pct(bag[b])}, RNN {_pct(rnn[b])})."),
        (np.isnan(pos[c]), "The per-position network read sentences longer than its window."),
        (bag[c] >= BAG_LONGER_MIN,
         f"The bag of words falls below {_pct(BAG_LONGER_MIN)} on longer sentences ({_pct(bag[c])})."),
        (RNN_LONGER_MIN <= rnn[c] < bag[c],
         f"The RNN is no longer between {_pct(RNN_LONGER_MIN)} and the bag of words ({_pct(bag[c])}) "
         f"on longer sentences ({_pct(rnn[c])})."),
    ], seed)


def claims_learning_curve(curve, sizes=CURVE_SIZES, *, seed=None):
    """Check the statistical-strength claim on a :func:`learning_curve` result (at CURVE_SMALL sentences)."""
    i = list(sizes).index(CURVE_SMALL)
    bag, pos = curve["bag of words"][i], curve["per-position network"][i]
    rnn = curve["RNN"][i] if "RNN" in curve else None
    _require([
        (rnn is None or rnn <= bag - CURVE_RNN_GAP_MIN,
         f"With {CURVE_SMALL} training sentences the RNN is no longer far behind the bag of words "
         f"({_pct(rnn or 0)} against {_pct(bag)})."),
        (bag >= CURVE_BAG_SMALL_MIN,
         f"With {CURVE_SMALL} training sentences the bag of words no longer reaches {_pct(CURVE_BAG_SMALL_MIN)} "
         f"({_pct(bag)})."),
        (pos <= CURVE_POSITIONAL_SMALL_MAX,
         f"With {CURVE_SMALL} training sentences the per-position network is no longer far behind "
         f"({_pct(pos)} > {_pct(CURVE_POSITIONAL_SMALL_MAX)})."),
    ], seed)


def claims_failures(rnn, bag, *, seed=None):
    """Check the failure section's claims on :func:`failure_summary` results of the RNN and the bag of words."""
    span, far = rnn["position"][POSITION_BANDS[0]], rnn["position"][POSITION_BANDS[-1]]
    lo, hi = POSITION_BANDS[-1]
    bag_all = [v["all"][0] for v in bag["position"].values()]
    beyond = [rnn["position"][band]["all"][0] for band in POSITION_BANDS[1:]]
    by_length = [rnn["length"][band][0] for band in LENGTH_BANDS]
    _require([
        (span["all"][0] >= INSIDE_SPAN_MIN,
         f"With the year inside the trained span of positions the RNN falls below {_pct(INSIDE_SPAN_MIN)} "
         f"({_pct(span['all'][0])})."),
        (span["last word"][0] >= INSIDE_SPAN_MIN,
         f"With the year as the last word inside the trained span the RNN falls below {_pct(INSIDE_SPAN_MIN)} "
         f"({_pct(span['last word'][0])}): being last would then be a cause too."),
        (far["last word"][0] <= FAR_BEYOND_MAX,
         f"With the year the last word at positions {lo}-{hi}, the RNN is no longer mostly wrong "
         f"({_pct(far['last word'][0])} > {_pct(FAR_BEYOND_MAX)})."),
        (all(a >= b - 0.02 for a, b in zip(by_length, by_length[1:])) and by_length[-1] <= by_length[0] - 0.1,
         f"The RNN's accuracy no longer falls with the sentence length "
         f"({', '.join(_pct(v) for v in by_length)} for lengths "
         f"{', '.join(f'{a}-{b}' for a, b in LENGTH_BANDS)})."),
        (far["not last"][0] <= FAR_BEYOND_MAX,
         f"With the year at positions {lo}-{hi}, not the last word, the RNN is no longer mostly wrong "
         f"({_pct(far['not last'][0])} > {_pct(FAR_BEYOND_MAX)})."),
        (all(a >= b - 0.02 for a, b in zip(beyond, beyond[1:])),
         f"Beyond the trained span the RNN's accuracy no longer falls with the year's position "
         f"({', '.join(_pct(v) for v in beyond)} for positions "
         f"{', '.join(f'{a}-{b}' for a, b in POSITION_BANDS[1:])})."),
        (min(bag_all) >= BAG_LONGER_MIN,
         f"The bag of words falls below {_pct(BAG_LONGER_MIN)} at some year positions "
         f"({', '.join(_pct(v) for v in bag_all)})."),
    ], seed)


def claims_two_trips(two, *, seed=None):
    """Check the order-sensitive experiment's claims on a :class:`TwoTrips`."""
    r = {k: v["new sentences"] for k, v in two.results.items()}
    _require([
        (r["bag of words"] <= TWO_TRIPS_BAG_MAX,
         f"The bag of words answers more than {_pct(TWO_TRIPS_BAG_MAX)} of the two-trip questions "
         f"({_pct(r['bag of words'])}), although it cannot see which year follows Nepal."),
        (r["bag of words"] + two.other_year["bag of words"] >= TWO_TRIPS_EITHER_YEAR_MIN,
         f"The bag of words no longer names one of the two years almost always "
         f"({_pct(r['bag of words'] + two.other_year['bag of words'])})."),
        (two.results["per-position network"]["training set"] >= TWO_TRIPS_POSITIONAL_TRAIN_MIN,
         f"The per-position network no longer fits most of its two-trip training set "
         f"({_pct(two.results['per-position network']['training set'])})."),
        (r["per-position network"] <= TWO_TRIPS_POSITIONAL_MAX,
         f"The per-position network now generalises to new two-trip sentences ({_pct(r['per-position network'])})."),
        (r["RNN"] >= TWO_TRIPS_RNN_MIN,
         f"The RNN answers fewer than {_pct(TWO_TRIPS_RNN_MIN)} of the two-trip questions ({_pct(r['RNN'])})."),
    ], seed)


def claims_reading(said, year, *, seed=None):
    """Check the reading stepper's claim: the readout names ``year`` from the year's step to the end.

    said : list of str, the answer after every word; year : str.
    """
    k = said.index(year) if year in said else len(said)
    _require([(year in said and all(s == year for s in said[k:]),
               f"The RNN does not keep {year} to the end of the sentence (its answers: {', '.join(said)}).")], seed)


def claims_year_last(at_year, at_end, *, seed=None):
    """Check exercise 3's lesson: right at the year's step, wrong at the end."""
    _require([
        (at_year >= YEAR_LAST_AT_YEAR_MIN,
         f"Trained with the year always last, the RNN no longer names the year when it reads it "
         f"({_pct(at_year)} < {_pct(YEAR_LAST_AT_YEAR_MIN)})."),
        (at_end <= YEAR_LAST_AT_END_MAX,
         f"Trained with the year always last, the RNN now keeps the year to the end ({_pct(at_end)} > "
         f"{_pct(YEAR_LAST_AT_END_MAX)})."),
    ], seed)


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
    years : ndarray (window,)   ‖U_p[:, year columns] − initial‖ (Frobenius) for p = 1..window
                                (entry p − 1 is position p)
    others : ndarray (window,)  the same for the columns of every other token
    """
    if not isinstance(model, PositionalMLP):
        raise TypeError(f"model: got {type(model).__name__}, wanted a PositionalMLP")
    vocab = _data.vocabulary() if vocab is None else list(vocab)
    u0 = initial.params["U"] if hasattr(initial, "params") else np.asarray(initial)
    if u0.shape != model.params["U"].shape:
        raise ValueError(f"initial: got U of shape {u0.shape}, wanted {model.params['U'].shape}")
    delta = model.params["U"] - u0                          # (window, n_hidden, n_in)
    is_year = np.isin(vocab, _data.YEARS)
    norm = lambda d: np.sqrt((d ** 2).sum(axis=(1, 2)))    # noqa: E731
    return norm(delta[:, :, is_year]), norm(delta[:, :, ~is_year])


def plot_weight_change(years, others, trained_positions=TRAIN_POSITIONS, *, ax=None, figsize=(6.4, 3.0)):
    """Bars per position p = 1..window: change of U_p's year columns and of its other columns."""
    fig, ax = figure_and_axes(ax, figsize)
    years, others = np.asarray(years), np.asarray(others)
    pos = np.arange(1, years.size + 1)
    ax.bar(pos - 0.2, others, 0.4, color="#bbbbbb", label="columns of the other words")
    ax.bar(pos + 0.2, years, 0.4, color="#4477aa", label="columns of the years")
    top = max(others.max(), years.max(), 1e-12)
    for p, v in zip(pos, years):
        if v == 0:
            ax.text(p + 0.2, 0.02 * top, "0", ha="center", va="bottom", fontsize=9, color="#cc3311",
                    fontweight="bold")
    ax.set_xticks(pos)
    ax.set_xticklabels([f"{p}\n{'trained' if p in trained_positions else 'unseen'}" for p in pos], fontsize=8)
    ax.set_xlabel("year position p")
    ax.set_ylabel(r"$\|U_p^\mathrm{after} - U_p^\mathrm{before}\|$")
    ax.set_ylim(0, 1.3 * top)
    ax.legend(fontsize=8, loc="upper center", ncol=2, frameon=False)
    ax.set_title("How far training moved each position's weights $U_p$")
    return fig


def plot_accuracy_grid(lengths, positions, acc, *, trained_lengths=TRAIN_LENGTHS,
                       trained_positions=TRAIN_POSITIONS, ax=None, title="Accuracy by length and year position",
                       figsize=(9.0, 5.2)):
    """Heat map of :func:`accuracy_grid`: one row per length, one column per year position (from 1).

    Cells the training set covered are outlined; the accuracy, in percent, is
    printed in every cell; a dashed line marks the last trained position.
    """
    fig, ax = figure_and_axes(ax, figsize)
    acc = np.asarray(acc, dtype=float)
    image = ax.imshow(np.ma.masked_invalid(acc), cmap=SEQUENTIAL, vmin=0, vmax=1, aspect="auto",
                      interpolation="nearest")
    for i, L in enumerate(lengths):
        for j, p in enumerate(positions):
            if np.isnan(acc[i, j]):
                continue
            ax.text(j, i, f"{100 * acc[i, j]:.0f}", ha="center", va="center", fontsize=6,
                    color="black" if acc[i, j] > 0.5 else "white")
            if L in trained_lengths and p in trained_positions:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#ee3377", linewidth=1.5))
    last = list(positions).index(max(trained_positions))
    ax.axvline(last + 0.5, color="#ee3377", linestyle="--", linewidth=1.2)
    ax.set_xticks(range(len(positions)))
    ax.set_xticklabels([str(p) for p in positions], fontsize=8)
    ax.set_yticks(range(len(lengths)))
    ax.set_yticklabels([str(L) for L in lengths], fontsize=8)
    ax.set_xlabel("year position (from 1)")
    ax.set_ylabel("sentence length")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label="accuracy (numbers in %)")
    return fig


def plot_learning_curve(sizes, curve, *, chance=0.1, ax=None, figsize=(6.4, 3.2)):
    """Accuracy on held-out sentences against the number of training sentences (log scale), one line per model."""
    fig, ax = figure_and_axes(ax, figsize)
    for (name, acc), marker in zip(curve.items(), "os^"):
        ax.plot(sizes, acc, marker=marker, label=name)
    ax.axhline(chance, color="0.4", linestyle="--", linewidth=1, label="chance")
    ax.set_xscale("log")
    ax.set_xticks(list(sizes))
    ax.set_xticklabels([str(n) for n in sizes])
    ax.minorticks_off()
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("training sentences")
    ax.set_ylabel("accuracy on (a) held out")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title("Accuracy against the size of the training set")
    return fig


def _reader_tokens(text):
    """The tokens of a sentence given as a str or as a list of words (at least one)."""
    if isinstance(text, str):
        return tokenize(text)
    _checks.instance(text, "text", (list, tuple), "a sentence (str) or a list of words")
    tokens = [str(w).lower() for w in text]
    if not tokens:
        raise ValueError("text: got no words, wanted a sentence")
    return tokens


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
    # The figure is built once for the sentence; ``update(t)`` (kept on the figure
    # for reading_stepper) moves it to step t by changing a few artists, which is
    # much cheaper than building three Axes again for every frame.
    _checks.instance(model, "model", RNN, "an rnnlib RNN (the chapter's reader)")
    tokens = _reader_tokens(text)
    tau = len(tokens)
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)):
        raise _checks.ArgumentTypeError(f"t: got {t!r}, wanted a step 1..{tau} (an integer)")
    if not 1 <= t <= tau:
        raise ValueError(f"t: got {t!r}, wanted a step 1..{tau} (the sentence has {tau} words)")
    if year is not None:
        _checks.text(year, "year", allow_none=True)
        _checks.choice(year, "year", tuple(_data.YEARS))
    if isinstance(figsize, (str, bytes)) or not hasattr(figsize, "__len__") or len(figsize) != 2:
        raise _checks.ArgumentTypeError(f"figsize: got {figsize!r}, wanted (width, height) in inches")
    figsize = tuple(_checks.number(v, "figsize", 0, 40, low_open=True, what="a size in inches")
                    for v in figsize)
    if trace is None:
        trace = model.forward(encode(tokens))
    elif getattr(trace, "h", None) is None or np.shape(trace.h)[0] != tau or np.ndim(trace.h) != 2:
        raise ValueError(f"trace: got h of shape {np.shape(getattr(trace, 'h', None))}, wanted "
                         f"(τ, n_hidden) with τ = {tau}: model.forward(encode(text)) of this sentence")
    n_hidden = trace.h.shape[1]

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
    words = []
    for word in tokens:
        prev = ax_text.annotate(word, xy=(1, 0.5), xycoords=prev, xytext=(0.45 * size, 0),
                                textcoords="offset points", fontsize=size, va="center", ha="left")
        words.append(prev)

    blank = np.full((tau, n_hidden), np.nan)
    heat_strip(blank, ax=ax_h, labels=[f"{k}:{w}" for k, w in enumerate(tokens, start=1)], highlight=1,
               unit_label=f"{n_hidden} hidden units", title="hidden state h(1) .. h(1)")
    image, frame = ax_h.images[0], ax_h.patches[-1]
    truth = _data.YEARS.index(year) if year is not None else None
    probabilities(np.full(len(_data.YEARS), 1 / len(_data.YEARS)), list(_data.YEARS), ax=ax_p, true=truth,
                  title="\n")
    bars = list(ax_p.patches)
    ax_p.tick_params(axis="x", labelsize=8)
    highlight = dict(boxstyle="round,pad=0.2", facecolor="#ffdd66", edgecolor="#aa8800")

    def update(t):
        """Show step t (1 .. τ) in this figure."""
        for k, word in enumerate(words, start=1):
            word.set_fontweight("bold" if k == t else "normal")
            word.set_color("#888888" if k > t else "black")
            word.set_bbox(highlight if k == t else None)
        h = blank.copy()
        h[:t] = trace.h[:t]
        image.set_data(np.ma.masked_invalid(h.T))
        frame.set_x(t - 1.5)
        ax_h.set_title(f"hidden state h(1) .. h({t})")
        p = softmax(trace.o[t - 1])
        for bar, q in zip(bars, p):
            bar.set_height(q)
        ax_p.set_title(f"answer after {t} word{'s' * (t != 1)}:\n{_data.YEARS[int(p.argmax())]} ({p.max():.0%})")
        return fig

    # What update(t) changes (and the heat strip's frame, drawn over the image):
    # reading_stepper marks them animated, so only they are drawn again per frame.
    update.artists = [*words, image, frame, *ax_h.spines.values(), ax_h.title, *bars, ax_p.title]
    fig._rnnlib_reading_update = update
    return update(int(t))


def reading_stepper(model, text, *, year=None, dpi=88):
    """A :func:`rnnlib.widgets.stepper` over the words of ``text``: frame t is :func:`reading_frame`.

    ``year`` (str, optional) is the correct year; by default the year token
    found in the text, if any.  Returns the Stepper (display it as the last
    expression of a cell).
    """
    _checks.instance(model, "model", RNN, "an rnnlib RNN (the chapter's reader)")
    tokens = _reader_tokens(text)
    if year is None:
        year = next((w for w in tokens if w in _data.YEARS), None)
    trace = model.forward(encode(tokens))
    answer = [f"{_data.YEARS[int(k)]} ({q:.0%})" for k, q in zip(trace.o.argmax(-1), trace.y_hat.max(-1))]
    # One figure for every frame, moved to step t; what changes is marked animated,
    # so the stepper draws the rest once and only those artists per frame.
    update = reading_frame(model, tokens, 1, year=year, trace=trace)._rnnlib_reading_update
    for artist in update.artists:
        artist.set_animated(True)

    def caption(t):
        return f"t = {t}: x({t}) = \u201c{tokens[t - 1]}\u201d; answer if the sentence stopped here: {answer[t - 1]}"

    def alt(t):
        return (f"Step {t} of {len(tokens)}: the word '{tokens[t - 1]}' is highlighted in the sentence; "
                f"a heat map shows the {trace.h.shape[-1]} hidden units for the first {t} words; a bar chart gives the "
                f"probability of each year, highest for {answer[t - 1][:4]}.")

    return stepper(update, len(tokens), caption=caption, alt=alt, dpi=dpi)


def answers(models, texts):
    """:class:`Table` of each model's answer (the year it predicts) for each sentence in ``texts``.

    models : dict[str, model]; texts : list of str.  A per-position network
    and a sentence longer than its window get "too long" in their cell.
    """
    rows = []
    for text in texts:
        x = encode(text)
        row = [text, str(len(x))]
        for model in models.values():
            if isinstance(model, PositionalMLP) and len(x) > model.window:
                row.append("too long")
            else:
                row.append(_data.YEARS[int(model.predict(x))])
        rows.append(row)
    return Table(["sentence", "words"] + list(models), rows)


# --------------------------------------------------------------------------- exercise checks

def check_taught(taught_positional, taught_bag, train):
    """Exercise 1: how many training sentences teach a year's weights, at each position.

    ``taught_positional`` : array (WINDOW,), entry p − 1 the number of sentences
    of ``train`` with the year at position p (these train U_p's year columns);
    ``taught_bag`` : int, the number of sentences that train the bag of
    words' year columns of U.
    """
    want = np.bincount(train.position, minlength=WINDOW)[:WINDOW]
    n = len(train)
    have_word = np.array([np.sum(train.length >= p) for p in range(1, WINDOW + 1)])
    both = (taught_positional, taught_bag)

    def arr(p):
        return np.asarray(p[0])

    return check("Who teaches the year's weights?", None if any(v is None for v in both) else both, [
        (lambda p: is_kind(p[0], "array"), "taught_positional should be a numpy array (or a list) of counts"),
        (lambda p: is_kind(p[1], "integer"), "taught_bag should be a whole number such as 3 (an int, not in quotes)"),
        (lambda p: arr(p).shape == (WINDOW,),
         f"taught_positional should have one count per position p = 1..{WINDOW}: shape ({WINDOW},)"),
        (lambda p: not np.array_equal(arr(p), have_word),
         "taught_positional counts the sentences that have a word at position p; count those whose YEAR is "
         "there: only they give the year columns of U_p a gradient"),
        (lambda p: not (np.array_equal(arr(p)[1:], want[:-1]) or np.array_equal(arr(p)[:-1], want[1:])),
         "off by one position: train.position is a 0-based code index (the year is x[position]); "
         "the year at position p = position + 1 trains U_p, entry p − 1 of your array"),
        (lambda p: not np.allclose(arr(p), want / n),
         "count sentences, not fractions"),
        (lambda p: np.array_equal(arr(p), want),
         "taught_positional: for p = 1..8, the number of training sentences whose year is at position p; "
         "try np.bincount(train.position, minlength=8)"),
        (lambda p: not (isinstance(p[1], (int, np.integer)) and p[1] == int(want.max())),
         "taught_bag: the bag of words has one U for all positions: a year anywhere trains it"),
        (lambda p: isinstance(p[1], (int, np.integer)) and int(p[1]) == n,
         "taught_bag: how many training sentences have a year (anywhere)?"),
    ], f"each U_p of the per-position network learns the years from {int(want.max())} sentences at most, and "
       f"from none at positions {', '.join(str(p + 1) for p in np.flatnonzero(want == 0))}; the bag of words' "
       f"(and the RNN's) U learns them from all {n}. That is the statistical strength sharing gives.",
       expect="tuple")


def _answer_cases():
    return ["I went to Nepal in 2009", "In 2009, I went to Nepal", "2004! We flew to Japan with friends.",
            "She went to New Zealand with my brother again in 2001.", "My parents spent 2006 in Peru?"]


def check_answer(answer, model):
    """Exercise 2: ``answer(model, text)`` returns the year (a str such as "2009") the RNN reads in ``text``."""
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
         "words, splits off the comma and drops other punctuation, and the readout after the LAST word, "
         "trace.o[-1]"),
        (lambda fn: all(fn(untrained, t) == says(untrained, t) for t in texts),
         "your function finds the year, but not by asking the model: an untrained network gives different "
         "(wrong) answers, and answer(model, text) should report them; use model.forward or model.predict"),
    ], "answer(model, text) reads the sentence word by word with one set of weights and reports the "
       "readout after the last word. Try sentences of your own, with the year anywhere.", expect="function")


def _year_last_truth(model, sentences):
    steps = readout_steps(model, sentences)
    at_year = np.array([s[p] for s, p in zip(steps, sentences.position)])
    after = np.array([s[p + 1] if p + 1 < len(s) else -1 for s, p in zip(steps, sentences.position)])
    at_end = np.array([s[-1] for s in steps])
    y = sentences.year
    return float(np.mean(at_year == y)), float(np.mean(at_end == y)), float(np.mean(after == y))


def check_year_always_last(answer, model, sentences):
    """Exercise 3: an RNN trained with the year always last, read on sentences with the year elsewhere.

    ``answer`` is ``(acc_at_year, acc_at_end)``: the fraction of ``sentences``
    whose readout names the right year at the step that reads the year, and
    after the last word.
    """
    at_year, at_end, after = _year_last_truth(model, sentences)
    ok = lambda v, w: np.ndim(v) == 0 and abs(float(v) - w) < 1e-9  # noqa: E731
    if isinstance(answer, (tuple, list)) and any(v is None for v in answer):
        answer = None                                   # a TODO left in: not attempted yet
    return check("The year always last", answer, [
        (lambda a: len(a) == 2 and all(np.ndim(v) == 0 and not isinstance(v, (str, bool, np.bool_))
                                       and np.isfinite(float(v)) for v in a),
         "answer should be two numbers, (acc_at_year, acc_at_end)"),
        (lambda a: all(0.0 <= float(v) <= 1.0 for v in a),
         "accuracies are fractions between 0 and 1, not percentages"),
        (lambda a: not ok(a[0], at_end),
         "acc_at_year is the accuracy after the last word; take the readout at the step that reads the year, "
         "steps[i][elsewhere.position[i]]"),
        (lambda a: not ok(a[0], after),
         "acc_at_year is off by one step: elsewhere.position[i] is already the code index of the year's step "
         "(the year is x[position], so its readout is steps[i][position])"),
        (lambda a: ok(a[0], at_year),
         "acc_at_year: the fraction of sentences i with steps[i][elsewhere.position[i]] == elsewhere.year[i]"),
        (lambda a: ok(a[1], at_end),
         "acc_at_end: the fraction of sentences i with steps[i][-1] == elsewhere.year[i], the trained answer"),
    ], f"right {at_year:.0%} of the time at the year's step, {at_end:.0%} at the end (chance: 10%). Trained "
       "with the year always last, the network learned the shortest rule that fits: 'the answer is the word "
       "I am reading now'. It recognises a year wherever it reads one, thanks to the shared U, but it never "
       "needed to keep it in h(t), so it does not. Sharing makes a rule usable at every position; the data "
       "decide which rule is learned.", expect=("tuple", "array"))
