"""Chapter 1's experiments: the data split, training every model with one budget, evaluation.

>>> split = year_split(seed=0)                       # train + three test sets
>>> models, histories = train_all(split.train, seed=0)
>>> results = evaluate(models, split)
>>> results["RNN"]["(b) unseen positions"]           # doctest: +SKIP
1.0

Arrays are time first as everywhere in rnnlib: a sentence as one-hot input is
(τ, n_vocab); a batch (τ, batch, n_vocab); labels are year indices into
:data:`rnnlib.data.YEARS`.  No matplotlib here.
"""

from dataclasses import dataclass

import numpy as np

from ... import _checks
from ... import data as _data
from ...mlp import BagOfWords, PositionalMLP, TimeDelayNetwork
from ...optim import Adam, train
from ...rnn import RNN
from .settings import (BATCH, CLIP, CURVE_SIZES, LENGTH_BANDS, LONG_LENGTHS, LR, MAX_SPLIT, MAX_WINDOW, MODELS,
                       MORE_STEPS, N_HIDDEN, POSITION_BANDS, SMALL, STEPS,
                       TRAIN_LENGTHS, TRAIN_POSITIONS, UNSEEN_POSITIONS, WIDTH, WINDOW)

#: The model classes of the chapter, and what a message calls them.
MODEL_TYPES = (PositionalMLP, BagOfWords, TimeDelayNetwork, RNN)
_MODEL_WANTED = "one of the chapter's models (ch.make_model or ch.train_model: PositionalMLP, BagOfWords, " \
                "TimeDelayNetwork or an RNN with pattern 'last')"


# --------------------------------------------------------------------------- checks of a reader's arguments

def check_model(model, name="model", kinds=MODEL_TYPES, wanted=_MODEL_WANTED):
    """``model`` if it is one of the chapter's models reading the year vocabulary into the ten years, else raise."""
    _checks.instance(model, name, kinds, wanted)
    if isinstance(model, RNN) and model.pattern != "last":
        raise ValueError(f"{name}: got an RNN with pattern {model.pattern!r}, wanted pattern 'last' "
                         "(one answer after the last word)")
    n_vocab, n_years = len(_data.vocabulary()), len(_data.YEARS)
    if model.n_in != n_vocab or model.n_out != n_years:
        raise ValueError(f"{name}: got a model with n_in = {model.n_in}, n_out = {model.n_out}, wanted "
                         f"n_in = {n_vocab} (the vocabulary) and n_out = {n_years} (one output per year)")
    model._check_params(f"{name}.params")   # shapes, finite, |entries| <= 1e6: one pass, before any use
    return model


def check_models(models, name="models"):
    """``models`` if it is a non-empty dict {name: chapter model}, else raise."""
    if not isinstance(models, dict):
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(models)}, wanted a dict {{name: model}} "
                                        "such as the models of ch.train_all")
    if not models:
        raise ValueError(f"{name}: got an empty dict, wanted at least one model")
    for key, model in models.items():
        _checks.text(key, f"{name} key {key!r}")
        check_model(model, f"{name}[{key!r}]")
    return models


def check_sentences(sentences, name="sentences"):
    """``sentences`` if it is a non-empty :class:`rnnlib.data.Sentences`, else raise."""
    _checks.instance(sentences, name, _data.Sentences, "a Sentences object, e.g. split.train or "
                     "rl.data.year_sentences(...)")
    if len(sentences) == 0:
        raise ValueError(f"{name}: got no sentences, wanted at least one")
    return sentences


def _code_positions(positions):
    """1-based positions (the chapter's) -> 0-based code indices (rnnlib.data's)."""
    return {int(p) - 1 for p in positions}


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
    """The chapter's train/test split of year sentences.

    Train on sentences of 5 .. 8 words with the year at positions {2, 3, 5, 6,
    7}; test on (a) more sentences like those, (b) the same lengths with the
    year at positions {1, 4, 8}, never seen in training, and (c) sentences of
    9 .. 12 words with the year anywhere.

    Parameters
    ----------
    seed : int ≥ 0
        Seeds all four sets (each with its own derived seed).
    n_train, n_test : int, 1 .. 100,000
        Sentences in the training set and in each test set.
    """
    seed = _checks.seed(seed)
    if seed is None:
        raise _checks.ArgumentTypeError("seed: got None, wanted an integer >= 0 (the chapter's runs are seeded)")
    n_train = _checks.integer(n_train, "n_train", 1, MAX_SPLIT)
    n_test = _checks.integer(n_test, "n_test", 1, MAX_SPLIT)
    train_at, unseen_at = _code_positions(TRAIN_POSITIONS), _code_positions(UNSEEN_POSITIONS)
    return Split(
        train=_data.year_sentences(n_train, seed=100 + seed, lengths=TRAIN_LENGTHS, positions=train_at),
        held_out=_data.year_sentences(n_test, seed=200 + seed, lengths=TRAIN_LENGTHS, positions=train_at),
        unseen_positions=_data.year_sentences(n_test, seed=300 + seed, lengths=TRAIN_LENGTHS, positions=unseen_at),
        longer=_data.year_sentences(n_test, seed=400 + seed, lengths=LONG_LENGTHS),
    )


# --------------------------------------------------------------------------- training

def make_model(kind, n_in, seed=0, *, window=WINDOW, width=WIDTH, n_hidden=N_HIDDEN, n_out=10):
    """A new, untrained model of one of the chapter's four kinds.

    Parameters
    ----------
    kind : {"per-position network", "bag of words", "convolution", "RNN"}
    n_in : int                 vocabulary size
    seed : int                 seeds the initial weights
    window : int               positions of the per-position network, 1..MAX_WINDOW (checked for every
                               kind, used only by the per-position network; None = WINDOW)
    width : int                words per window of the convolution, 1..MAX_WINDOW (checked for every
                               kind, used only by the convolution; None = WIDTH)

    Returns
    -------
    PositionalMLP(window, ...), BagOfWords, TimeDelayNetwork(width, ...) or RNN(..., pattern="last")
    """
    _checks.choice(kind, "kind", MODELS)
    window = WINDOW if window is None else _checks.integer(window, "window", 1, MAX_WINDOW)
    width = WIDTH if width is None else _checks.integer(width, "width", 1, MAX_WINDOW)
    if kind == "per-position network":
        return PositionalMLP(window, n_in, n_hidden, n_out, seed=seed)
    if kind == "bag of words":
        return BagOfWords(n_in, n_hidden, n_out, seed=seed)
    if kind == "convolution":
        return TimeDelayNetwork(width, n_in, n_hidden, n_out, seed=seed)
    return RNN(n_in, n_hidden, n_out, pattern="last", seed=seed)


def train_model(kind, sentences, seed=0, *, window=WINDOW, width=WIDTH, steps=STEPS, batch=BATCH, progress=False,
                label=None):
    """Train a new model of ``kind`` on ``sentences`` with the chapter's budget.

    Every kind gets exactly the same mini-batches: ``steps`` batches of
    ``batch`` (default ``BATCH``) sentences of one length (:func:`rnnlib.data.batches`,
    seeded by ``seed``; the per-position network pads them to its window with
    zero vectors), Adam(LR), and gradient-norm clipping at ``CLIP``.  ``label``
    names the run in the progress display (default ``kind``).

    Returns
    -------
    model, history : the trained model and its rnnlib.optim.History
    """
    _checks.choice(kind, "kind", MODELS)
    check_sentences(sentences)
    seed = _checks.seed(seed)
    steps = _checks.integer(steps, "steps", 1, 100_000)
    batch = _checks.integer(batch, "batch", 1, 1024)
    label = kind if label is None else _checks.text(label, "label")
    window = WINDOW if window is None else _checks.integer(window, "window", 1, MAX_WINDOW)
    width = WIDTH if width is None else _checks.integer(width, "width", 1, MAX_WINDOW)
    model = make_model(kind, sentences.n_vocab, seed, window=window, width=width)
    history = train(model, _data.batches(sentences, batch, seed=seed), steps, optimizer=Adam(LR), clip=CLIP,
                    progress=progress, label=label)
    return model, history


def train_all(sentences, seed=0, *, window=WINDOW, kinds=MODELS, steps=STEPS, progress=False):
    """:func:`train_model` for each kind: ``({name: model}, {name: history})``."""
    _checks.instance(kinds, "kinds", (tuple, list), f"a tuple of kinds from {MODELS}")
    if not kinds:
        raise ValueError(f"kinds: got an empty {type(kinds).__name__}, wanted at least one of {MODELS}")
    kinds = [_checks.choice(kind, "kinds", MODELS) for kind in kinds]
    models, histories = {}, {}
    for kind in kinds:
        models[kind], histories[kind] = train_model(kind, sentences, seed, window=window, steps=steps,
                                                    progress=progress)
    return models, histories


def clipped_fraction(histories):
    """``{name: fraction of training steps whose gradient norm exceeded CLIP}`` (so clipping acted)."""
    _checks.instance(histories, "histories", dict, "a dict {name: History} such as ch.train_all returns")
    if not histories:
        raise ValueError("histories: got an empty dict, wanted a dict {name: History} such as ch.train_all returns")
    for name, h in histories.items():
        if not hasattr(h, "grad_norm"):
            raise _checks.ArgumentTypeError(f"histories[{name!r}]: got {_checks._got(h)}, wanted a History "
                                            "(rnnlib.optim.History) such as ch.train_all returns")
    return {name: float(np.mean(np.asarray(h.grad_norm) > CLIP)) for name, h in histories.items()}


# --------------------------------------------------------------------------- evaluation

def _can_read(model, sentences):
    return not (isinstance(model, PositionalMLP) and sentences.length.max() > model.window)


def predict(model, sentences):
    """Predicted year index of every sentence: ndarray (n,) int.

    Sentences are grouped by length and each group is one batch (τ, k, n_vocab).
    A per-position network raises its own ``ValueError`` for sentences longer than its window.
    """
    check_model(model)
    check_sentences(sentences)
    out = np.empty(len(sentences), dtype=np.int64)
    for _, idx in _data.by_length(sentences).items():
        x, _ = sentences.batch(idx)
        out[idx] = model.predict(x)
    return out


def accuracy(model, sentences):
    """Fraction of ``sentences`` whose year ``model`` gets right (float in [0, 1])."""
    return float(np.mean(predict(model, sentences) == sentences.year))


def evaluate(models, split):
    """Accuracy of every model on every test set: ``table[model_name][test_set_name]``.

    NaN where the model cannot read the test set (a per-position network and
    sentences longer than its window).  The format :func:`rnnlib.plots.accuracy_bars`
    and ``ch.accuracy_table`` take.
    """
    check_models(models)
    _checks.instance(split, "split", Split, "a Split, from ch.year_split")
    return {name: {set_name: accuracy(model, s) if _can_read(model, s) else float("nan")
                   for set_name, s in split.test_sets().items()}
            for name, model in models.items()}


def accuracy_grid(model, sentences):
    """Accuracy for every (sentence length, year position) pair.

    Returns
    -------
    lengths : ndarray (n_L,) int
    positions : ndarray (n_P,) int        1 .. max length (counted from 1)
    acc : ndarray (n_L, n_P) float         NaN where there is no sentence in the cell (count 0);
                                           ch.plot_accuracy_grid leaves such cells blank
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


def _acc(right, mask):
    return (float(right[mask].mean()) if mask.any() else float("nan"), int(mask.sum()))


def failure_summary(model, sentences):
    """Where the model errs: accuracy by band of year position (year last or not) and by band of length.

    Returns ``{"position": {(lo, hi): {"last word"|"not last"|"all": (acc, n)}}, "length": {(lo, hi): (acc, n)}}``
    (accuracy NaN, with n = 0, where the group has no sentence; ch.failure_tables shows it as "–");
    bands :data:`POSITION_BANDS` (from 1) and :data:`LENGTH_BANDS`.
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


# --------------------------------------------------------------------------- statistical strength

def learning_curve(split, seed=0, sizes=CURVE_SIZES, trained=None, kinds=MODELS, keep=None):
    """Accuracy on held-out sentences (a) against the number of training sentences.

    Each model is trained with the chapter's budget on the first n sentences
    of ``split.train`` for every n in ``sizes``; ``trained`` (models already
    trained on all of ``split.train``) are reused for n = len(split.train).
    ``keep`` (a dict, optional) receives every model trained here, under
    ``(kind, n)`` (:func:`overfitting` reuses them).

    Returns ``{model name: ndarray (len(sizes),)}``.
    """
    _checks.instance(split, "split", Split, "a Split, from ch.year_split")
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise _checks.ArgumentTypeError(f"sizes: got {_checks._got(sizes)}, wanted a tuple of training-set sizes")
    sizes = [_checks.integer(n, "sizes", 1, len(split.train), " (the size of split.train)") for n in sizes]
    if not sizes:
        raise ValueError("sizes: got no sizes, wanted at least one training-set size")
    for kind in kinds:
        _checks.choice(kind, "kinds", MODELS)
    if trained is not None:
        check_models(trained, "trained")
    if keep is not None:
        _checks.instance(keep, "keep", dict, "a dict to receive the trained models, or None")
    curve = {kind: np.empty(len(sizes)) for kind in kinds}
    for i, n in enumerate(sizes):
        for kind in kinds:
            if trained is not None and kind in trained and n == len(split.train):
                model = trained[kind]
            else:
                model, _ = train_model(kind, split.train.subset(np.arange(n)), seed)
                if keep is not None:
                    keep[(kind, n)] = model
            curve[kind][i] = accuracy(model, split.held_out)
    return curve


@dataclass
class Overfitting:
    """The controls of the statistical-strength section, for the RNN trained on ``SMALL`` sentences.

    Attributes
    ----------
    n : int                      training sentences (SMALL)
    train_acc : float            accuracy on those sentences
    held_out : float             accuracy on (a), with the chapter's budget
    held_out_more : float        accuracy on (a) after MORE_STEPS times the steps
    after_year : dict            ``{"0 (year last)" | "1-2" | "3 or more": (acc, n)}`` on (a): accuracy by the
                                 number of words after the year, for the RNN and (key ``"per-position"``) the
                                 per-position network trained on the same sentences
    """

    n: int
    train_acc: float
    held_out: float
    held_out_more: float
    after_year: dict


AFTER_BANDS = (("0 (year last)", 0, 0), ("1-2", 1, 2), ("3 or more", 3, 99))


def _after_year(model, sentences):
    right = predict(model, sentences) == sentences.year
    after = sentences.length - 1 - sentences.position
    return {label: _acc(right, (after >= lo) & (after <= hi)) for label, lo, hi in AFTER_BANDS}


def overfitting(split, seed=0, n=SMALL, trained=None):
    """The RNN (and the per-position network) trained on the first ``n`` training sentences: the controls.

    ``trained`` (optional): the models :func:`learning_curve` kept, ``{(kind, n): model}``; those
    trained on ``n`` sentences are reused, the others trained here with the same seed and budget.
    "More steps" is the same RNN (same seed, same batches) trained for MORE_STEPS × STEPS steps.

    Returns :class:`Overfitting`: training accuracy, held-out accuracy with the
    budget and with MORE_STEPS times the steps, and held-out accuracy by the
    number of words after the year.
    """
    _checks.instance(split, "split", Split, "a Split, from ch.year_split")
    n = _checks.integer(n, "n", 1, len(split.train), " (the size of split.train)")
    trained = {} if trained is None else _checks.instance(trained, "trained", dict, "the dict learning_curve "
                                                          "filled with keep=, or None")
    small = split.train.subset(np.arange(n))
    models = {}
    for kind in ("RNN", "per-position network"):
        models[kind] = trained.get((kind, n)) or train_model(kind, small, seed)[0]
        check_model(models[kind], f"trained[({kind!r}, {n})]")
    rnn, positional = models["RNN"], models["per-position network"]
    more, _ = train_model("RNN", small, seed, steps=MORE_STEPS * STEPS)
    return Overfitting(n=n, train_acc=accuracy(rnn, small), held_out=accuracy(rnn, split.held_out),
                       held_out_more=accuracy(more, split.held_out),
                       after_year={"RNN": _after_year(rnn, split.held_out),
                                   "per-position": _after_year(positional, split.held_out)})


def readout_steps(model, sentences):
    """What an RNN (pattern "last") would answer after every word: list of ndarray (τ_i,) int.

    ``steps[i][t - 1]`` is argmax of the readout c + V h(t) of sentence i
    after its t-th word, for t = 1..τ_i (the trained answer is ``steps[i][-1]``).
    """
    check_model(model, kinds=RNN, wanted="an RNN with pattern 'last'")
    check_sentences(sentences)
    out = [None] * len(sentences)
    for _, idx in _data.by_length(sentences).items():
        x, _ = sentences.batch(idx)
        said = model.forward(x).o.argmax(-1)           # (τ, k)
        for j, i in enumerate(idx):
            out[i] = said[:, j]
    return out


def year_weight_change(model, initial, vocab=None):
    """How far training moved each U_p of a per-position network, for the year tokens and for all other tokens.

    Parameters
    ----------
    model : PositionalMLP (trained)
    initial : PositionalMLP or ndarray (window, n_hidden, n_in)
        The same network before training (same seed), or its ``U``.

    Returns
    -------
    years, others : ndarray (window,)   ‖U_p[:, columns] − initial‖ (Frobenius), entry p − 1 for position p
    """
    _checks.instance(model, "model", PositionalMLP, "a PositionalMLP (the per-position network)")
    vocab = _data.vocabulary() if vocab is None else list(vocab)
    if hasattr(initial, "params"):
        _checks.instance(initial, "initial", PositionalMLP, "the same PositionalMLP before training, or its U")
        u0 = initial.params["U"]
    else:
        u0 = _checks.real_array(initial, "initial", "the initial U, shape (window, n_hidden, n_in)", ndim=3)
    if u0.shape != model.params["U"].shape:
        raise ValueError(f"initial: got U of shape {u0.shape}, wanted {model.params['U'].shape}")
    if len(vocab) != u0.shape[2]:
        raise ValueError(f"vocab: got {len(vocab)} words, wanted {u0.shape[2]} (n_in)")
    delta = model.params["U"] - u0                          # (window, n_hidden, n_in)
    is_year = np.isin(vocab, _data.YEARS)
    norm = lambda d: np.sqrt((d ** 2).sum(axis=(1, 2)))    # noqa: E731
    return norm(delta[:, :, is_year]), norm(delta[:, :, ~is_year])

