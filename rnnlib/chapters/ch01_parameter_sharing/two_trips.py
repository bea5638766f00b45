"""Chapter 1's order experiments: which year was the trip to Nepal, with and without fillers."""

from dataclasses import dataclass

import numpy as np

from ... import _checks
from ... import data as _data
from .experiment import accuracy, check_model, predict, train_all, train_model
from .settings import (BATCH, FILLER_BATCH, FILLER_STEPS, MAX_SPLIT, N_TWO_TRIPS, N_TWO_TRIPS_TEST, STEPS, WIDE,
                       WIDE_STEPS, WIDTH)

@dataclass
class TwoTrips:
    """The order-sensitive experiment: which year was the trip to Nepal?

    Attributes
    ----------
    train, test : rnnlib.data.Sentences     two-trip sentences (with fillers if ``fillers``)
    fillers : bool                           2-3 filler words between each place and its year
    models : dict[str, model]                the models, trained on ``train``
    results : dict[str, dict[str, float]]    ``{model: {"training set": acc, "new sentences": acc}}``
    other_year : dict[str, float]            fraction of ``test`` where the model names the other trip's year
    steps : int                              the budget every model got
    """

    train: object
    test: object
    fillers: bool
    models: dict
    results: dict
    other_year: dict
    steps: int


def _other_year(sentences):
    years = {y: i for i, y in enumerate(_data.YEARS)}
    return np.array([next(years[w] for k, w in enumerate(tok) if w in years and k != p)
                     for tok, p in zip(sentences.tokens, sentences.position)])


#: The models of the two-trip experiment without fillers, and with them (the wide convolution is the control).
TWO_TRIP_KINDS = ("per-position network", "bag of words", "convolution", "RNN")
FILLER_KINDS = ("convolution", f"convolution, width {WIDE}", "RNN")


def two_trip_experiment(seed=0, *, fillers=False, n_train=N_TWO_TRIPS, n_test=N_TWO_TRIPS_TEST, progress=False):
    """Train the models on :func:`rnnlib.data.two_trip_sentences` and test them on new ones.

    Without fillers: the four models of :data:`TWO_TRIP_KINDS`, with the
    chapter's budget (the per-position network's window is the longest
    sentence of either set).  With fillers: :data:`FILLER_KINDS` (the
    convolution of width WIDTH and the RNN with FILLER_STEPS steps of
    FILLER_BATCH sentences each (the sentences are about twice as long); the
    control, a convolution of width WIDE, with WIDE_STEPS steps of BATCH: half the chapter's budget).

    Returns :class:`TwoTrips`.
    """
    seed = _checks.seed(seed)
    if seed is None:
        raise _checks.ArgumentTypeError("seed: got None, wanted an integer >= 0 (the chapter's runs are seeded)")
    fillers = _checks.boolean(fillers, "fillers")
    n_train = _checks.integer(n_train, "n_train", 1, MAX_SPLIT)
    n_test = _checks.integer(n_test, "n_test", 1, MAX_SPLIT)
    offset = 1000 if fillers else 0
    tr = _data.two_trip_sentences(n_train, seed=800 + offset + seed, fillers=fillers)
    te = _data.two_trip_sentences(n_test, seed=900 + offset + seed, fillers=fillers)
    if fillers:
        steps, models = FILLER_STEPS, {}
        for name in FILLER_KINDS:
            wide = name == f"convolution, width {WIDE}"          # the control: half the chapter's budget suffices
            kind = "convolution" if name.startswith("convolution") else name
            models[name], _ = train_model(kind, tr, seed, width=WIDE if wide else WIDTH,
                                          steps=WIDE_STEPS if wide else steps, batch=BATCH if wide else FILLER_BATCH,
                                          progress=progress, label=name)
    else:
        steps = STEPS
        window = int(max(tr.length.max(), te.length.max()))
        models, _ = train_all(tr, seed, window=window, kinds=TWO_TRIP_KINDS, progress=progress)
    other = _other_year(te)
    results = {k: {"training set": accuracy(m, tr), "new sentences": accuracy(m, te)} for k, m in models.items()}
    other_year = {k: float(np.mean(predict(m, te) == other)) for k, m in models.items()}
    return TwoTrips(train=tr, test=te, fillers=fillers, models=models, results=results, other_year=other_year,
                    steps=steps)


#: The places other than Nepal that are one word (a twin swaps one word for another).
_ONE_WORD_PLACES = ("peru", "chile", "japan", "kenya", "iceland", "egypt")


def twin_sentences(two, model):
    """A sentence of ``two.test`` and its twin (the two places swapped) that ``model`` answers right.

    Looks for the shortest test sentence whose other place is one word, builds its
    twin (same words, Nepal and the other place exchanged: the other year is the
    answer) and returns the first pair with both answers right, else the last
    pair tried.

    Returns
    -------
    texts : list of 2 str        the sentence and its twin (tokens joined by spaces)
    years : list of 2 str        their right answers
    """
    _checks.instance(two, "two", TwoTrips, "a TwoTrips, from ch.two_trip_experiment")
    check_model(model)
    pair = None
    for i in np.argsort(two.test.length, kind="stable"):                  # the shortest first
        tokens, year = two.test.tokens[i], two.test.year[i]
        places = [w for w in tokens if w in _ONE_WORD_PLACES]
        if len(places) != 1:
            continue
        swap = {_data.ASKED_PLACE: places[0], places[0]: _data.ASKED_PLACE}
        twin = [swap.get(w, w) for w in tokens]
        other = next(w for w in tokens if w in _data.YEARS and w != _data.YEARS[year])
        pair = ([" ".join(tokens), " ".join(twin)], [_data.YEARS[year], other])
        said = [_data.YEARS[int(model.predict(_data.encode(t)))] for t in pair[0]]
        if said == pair[1]:
            return pair
    if pair is None:
        raise ValueError("two: got no test sentence whose other place is one word, wanted at least one")
    return pair
