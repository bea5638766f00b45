"""Chapter 1's claims: each function returns the list of :class:`rnnlib.claims.Claim` one passage relies on.

The notebook's hidden guard cells call ``rnnlib.claims.check(ch.test_set_claims(results), seed=SEED)``;
the chapter's tests call the same functions.  Thresholds are the constants of :mod:`.settings`.
"""

import numpy as np

from ... import _checks
from ... import claims as _claims
from .settings import (BAG_LONGER_MIN, FAR_BEYOND_MAX, FILLERS_CONV_MAX, FILLERS_REACH_MIN, HELD_OUT_MIN,
                       INSIDE_SPAN_MIN, MORE_STEPS, MORE_STEPS_GAIN_MAX, POSITION_BANDS, POSITIONAL_UNSEEN_MAX,
                       RNN_LONGER_MIN, SHARED_UNSEEN_MIN, SMALL, SMALL_POSITIONAL_MAX,
                       SMALL_RNN_TRAIN_MIN, SMALL_SHARED_MIN, STATELESS_BAND_MIN, TWO_TRIPS_BAG_MAX,
                       TWO_TRIPS_EITHER_YEAR_MIN, TWO_TRIPS_ORDER_MIN, TWO_TRIPS_POSITIONAL_MAX,
                       TWO_TRIPS_POSITIONAL_TRAIN_MIN, WIDE, YEAR_LAST_AT_END_MAX, YEAR_LAST_AT_YEAR_MIN)

at_least, at_most, exact = _claims.at_least, _claims.at_most, _claims.exact

_A, _B, _C = "(a) held out", "(b) unseen positions", "(c) longer sentences"
_KINDS = ("per-position network", "bag of words", "convolution", "RNN")


def _keyed(value, name, keys, wanted):
    """``value`` if it is a dict holding every key in ``keys``, else ArgumentTypeError/ValueError naming ``name``."""
    _checks.instance(value, name, dict, wanted)
    missing = [k for k in keys if k not in value]
    if missing:
        raise ValueError(f"{name}: got a dict without {', '.join(map(repr, missing))}, wanted {wanted}")
    return value


def _fraction(value, name):
    return _checks.number(value, name, 0.0, 1.0, what="an accuracy")


def _summary(value, name, wanted="a ch.failure_summary result"):
    _keyed(value, name, ("position",), wanted)
    _keyed(value["position"], f"{name}['position']", POSITION_BANDS, wanted)
    for band, groups in value["position"].items():
        _keyed(groups, f"{name}['position'][{band!r}]", ("all", "last word", "not last"), wanted)
    return value


def _two_trips(two, name="two"):
    from .two_trips import TwoTrips
    return _checks.instance(two, name, TwoTrips, "a TwoTrips, the result of ch.two_trip_experiment")


def test_set_claims(results):
    """The three test sets (``ch.evaluate``'s table)."""
    _keyed(results, "results", _KINDS, "the dict {model: {test set: accuracy}} of ch.evaluate")
    for k in _KINDS:
        _keyed(results[k], f"results[{k!r}]", (_A, _B, _C), "the dict {model: {test set: accuracy}} of ch.evaluate")
    pos, bag, conv, rnn = (results[k] for k in ("per-position network", "bag of words", "convolution", "RNN"))
    return [
        at_least("every model answers held-out sentences like its training ones", min(r[_A] for r in
                                                                                      results.values()), HELD_OUT_MIN),
        at_most("the per-position network is near chance with the year at unseen positions", pos[_B],
                POSITIONAL_UNSEEN_MAX),
        at_least("the bag of words reads the year at unseen positions", bag[_B], SHARED_UNSEEN_MIN),
        at_least("the convolution reads the year at unseen positions", conv[_B], SHARED_UNSEEN_MIN),
        at_least("the RNN reads the year at unseen positions", rnn[_B], SHARED_UNSEEN_MIN),
        exact("the per-position network cannot read sentences longer than its window", bool(np.isnan(pos[_C]))),
        at_least("the bag of words reads longer sentences", bag[_C], BAG_LONGER_MIN),
        at_least("the convolution reads longer sentences", conv[_C], BAG_LONGER_MIN),
        at_least("the RNN reads most longer sentences", rnn[_C], RNN_LONGER_MIN),
        at_least("the RNN reads fewer longer sentences than the bag of words (points below it)", bag[_C] - rnn[_C],
                 0.0),
    ]


def learning_curve_claims(curve, sizes):
    """Statistical strength at SMALL training sentences (``ch.learning_curve``'s result for ``sizes``)."""
    _keyed(curve, "curve", _KINDS, "the dict {model: accuracies} of ch.learning_curve")
    sizes = list(sizes) if isinstance(sizes, (list, tuple, np.ndarray)) else _checks.instance(
        sizes, "sizes", (list, tuple, np.ndarray), "the list of training-set sizes given to ch.learning_curve")
    if SMALL not in sizes:
        raise ValueError(f"sizes: got {_checks._got(sizes)}, wanted the sizes given to ch.learning_curve, "
                         f"including {SMALL}")
    for k, a in curve.items():
        if len(np.atleast_1d(a)) != len(sizes):
            raise ValueError(f"curve[{k!r}]: got {len(np.atleast_1d(a))} accuracies, wanted {len(sizes)} "
                             "(one per size)")
    i = sizes.index(SMALL)
    v = {k: float(a[i]) for k, a in curve.items()}
    return [
        at_least(f"with {SMALL} training sentences the bag of words is right on most held-out ones",
                 v["bag of words"], SMALL_SHARED_MIN),
        at_least(f"with {SMALL} training sentences the convolution is right on most held-out ones",
                 v["convolution"], SMALL_SHARED_MIN),
        at_most(f"with {SMALL} training sentences the per-position network is behind the models that share",
                v["per-position network"], SMALL_POSITIONAL_MAX),
    ] + [at_least(f"with {n} training sentences the RNN is the worst of the four models, below even the "
                  "per-position network (points below the next worst)",
                  min(float(a[j]) for k, a in curve.items() if k != "RNN") - float(curve["RNN"][j]), 0.0)
         for j, n in enumerate(sizes) if n <= SMALL]


def overfitting_claims(over):
    """The RNN at SMALL sentences overfits: it fits its training set, and more steps do not help."""
    from .experiment import Overfitting
    _checks.instance(over, "over", Overfitting, "an Overfitting, the result of ch.overfitting")
    rnn = over.after_year["RNN"]
    return [
        at_least(f"with {SMALL} sentences the RNN fits its training set", over.train_acc, SMALL_RNN_TRAIN_MIN),
        at_most(f"{MORE_STEPS} times the steps gain the RNN little on held-out sentences (gain)",
                over.held_out_more - over.held_out, MORE_STEPS_GAIN_MAX),
        at_least("with the year as the last word the RNN does no better than with 3 or more words after it "
                 "(points in favour of 3 or more)", rnn["3 or more"][0] - rnn["0 (year last)"][0], 0.0),
    ]


def failure_claims(rnn, stateless):
    """The failure section: ``ch.failure_summary`` of the RNN, and ``{name: summary}`` of the stateless models."""
    _summary(rnn, "rnn")
    _checks.instance(stateless, "stateless", dict, "a dict {name: ch.failure_summary result}")
    for name, summary in stateless.items():
        _summary(summary, f"stateless[{name!r}]")
    span, far = rnn["position"][POSITION_BANDS[0]], rnn["position"][POSITION_BANDS[-1]]
    lo, hi = POSITION_BANDS[-1]
    out = [
        at_least("with the year inside the trained span of positions the RNN is right", span["all"][0],
                 INSIDE_SPAN_MIN),
        at_least("with the year the last word inside the trained span the RNN is right", span["last word"][0],
                 INSIDE_SPAN_MIN),
        at_most(f"with the year the last word at positions {lo}-{hi} the RNN is mostly wrong",
                far["last word"][0], FAR_BEYOND_MAX),
        at_most(f"with the year at positions {lo}-{hi}, not the last word, the RNN is mostly wrong",
                far["not last"][0], FAR_BEYOND_MAX),
    ]
    for name, summary in stateless.items():
        out.append(at_least(f"the {name} is right in every band of year positions",
                            min(v["all"][0] for v in summary["position"].values()), STATELESS_BAND_MIN))
    return out


def two_trip_claims(two):
    """Which year was the trip to Nepal, without fillers (a :class:`TwoTrips`)."""
    _two_trips(two)
    r = {k: v["new sentences"] for k, v in two.results.items()}
    return [
        at_most("the bag of words cannot beat guessing between the two years", r["bag of words"], TWO_TRIPS_BAG_MAX),
        at_least("the bag of words names one of the two years", r["bag of words"] + two.other_year["bag of words"],
                 TWO_TRIPS_EITHER_YEAR_MIN),
        at_least("the per-position network fits most of its two-trip training set",
                 two.results["per-position network"]["training set"], TWO_TRIPS_POSITIONAL_TRAIN_MIN),
        at_most("the per-position network does not generalise to new two-trip sentences", r["per-position network"],
                TWO_TRIPS_POSITIONAL_MAX),
        at_least("the convolution, which sees three words at a time, answers the two-trip question",
                 r["convolution"], TWO_TRIPS_ORDER_MIN),
        at_least("the RNN answers the two-trip question", r["RNN"], TWO_TRIPS_ORDER_MIN),
    ]


def filler_claims(two):
    """Two trips with fillers between each place and its year (a :class:`TwoTrips` with ``fillers``)."""
    _two_trips(two)
    r = {k: v["new sentences"] for k, v in two.results.items()}
    return [
        at_most("with fillers the convolution of width 3 is near chance on new sentences", r["convolution"],
                FILLERS_CONV_MAX),
        at_least("with fillers the RNN still answers the two-trip question", r["RNN"], FILLERS_REACH_MIN),
        at_least(f"with fillers a convolution of width {WIDE} answers it", r[f"convolution, width {WIDE}"],
                 FILLERS_REACH_MIN),
    ]


def stepper_claims(said, years):
    """The twin sentences of the stepper: ``said[i]`` the RNN's final answer for sentence i, ``years[i]`` the truth."""
    wanted = "a list of the years (str) the RNN said, one per stepper sentence"
    for name, v in (("said", said), ("years", years)):
        _checks.instance(v, name, (list, tuple), wanted.replace("the RNN said", "that are right")
                         if name == "years" else wanted)
        if not v:
            raise ValueError(f"{name}: got an empty {type(v).__name__}, wanted at least one year")
        for j, s in enumerate(v):
            _checks.text(s, f"{name}[{j}]")
    if len(said) != len(years):
        raise ValueError(f"said: got {len(said)} answers, wanted {len(years)} (one per entry of years)")
    return [exact(f"the RNN answers {y} for sentence {i + 1} of the stepper (it said {s})", s == y)
            for i, (s, y) in enumerate(zip(said, years))]


def year_last_claims(at_year, at_end):
    """Exercise 3's lesson: right at the year's step, wrong at the end (two accuracies in [0, 1])."""
    at_year, at_end = _fraction(at_year, "at_year"), _fraction(at_end, "at_end")
    return [
        at_least("trained with the year always last, the RNN names the year at the step that reads it", at_year,
                 YEAR_LAST_AT_YEAR_MIN),
        at_most("trained with the year always last, the RNN does not keep the year to the end", at_end,
                YEAR_LAST_AT_END_MAX),
    ]
