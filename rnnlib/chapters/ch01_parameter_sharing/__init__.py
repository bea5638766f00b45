"""Chapter 1, "Parameter sharing" (book/01_parameter_sharing.ipynb): the chapter's code.

Goodfellow et al. (introduction to chapter 10): a network with separate
parameters for each position would have to learn the rules of the language
again at every position; an RNN shares one set of weights across time.  The
chapter separates three things with four models trained the same way
(:func:`train_model`, one budget for all):

- the per-position network (:class:`rnnlib.mlp.PositionalMLP`): a matrix U_p per position, no sharing;
- the bag of words (:class:`rnnlib.mlp.BagOfWords`): one shared U, no order at all;
- the convolution (:class:`rnnlib.mlp.TimeDelayNetwork`, width 3): shared weights over a window of three
  words: local order;
- the RNN (:class:`rnnlib.rnn.RNN`, pattern "last"): shared weights and a state: order at any distance.

Where things are:

- :mod:`.settings`    the split, the one training budget, the thresholds of the claims, size limits;
- :mod:`.experiment`  the data split, training, evaluation, the learning curve and its overfitting
                      controls;
- :mod:`.two_trips`   which year was the trip to Nepal: the order experiments, with and without fillers;
- :mod:`.figures`     figures, tables and the reading stepper;
- :mod:`.exercises`   the checks of exercises 1-3;
- :mod:`.claims`      the claims the notebook's hidden guard cells check (``rnnlib.claims.check``).

Positions are counted from 1 as in the chapter: the year at position p is
x(p), in code ``x[p-1]`` (``Sentences.position`` is that 0-based index).
"""

from .claims import (failure_claims, filler_claims, learning_curve_claims, overfitting_claims, stepper_claims,
                     test_set_claims, two_trip_claims, year_last_claims)
from .exercises import check_answer, check_taught, check_year_always_last, year_last_truth
from .experiment import (AFTER_BANDS, MODEL_TYPES, Overfitting, Split, accuracy, accuracy_grid, check_model,
                         check_models, check_sentences, clipped_fraction, evaluate, failure_summary, learning_curve,
                         make_model, overfitting, predict, readout_steps, train_all, train_model, year_split,
                         year_weight_change)
from .figures import (accuracy_table, answers, failure_tables, overfitting_table, plot_accuracy_grid,
                      plot_learning_curve, plot_weight_change, reading_probabilities, reading_stepper,
                      two_trip_table)
from .two_trips import FILLER_KINDS, TWO_TRIP_KINDS, TwoTrips, twin_sentences, two_trip_experiment
from .settings import (BATCH, CLIP, CURVE_SIZES, FILLER_BATCH, FILLER_STEPS, GRID_LENGTHS, LENGTH_BANDS,
                       LONG_LENGTHS, LR,
                       MAX_WORDS, MODELS, MORE_STEPS, N_GRID, N_HIDDEN, N_TWO_TRIPS, N_TWO_TRIPS_TEST,
                       POSITION_BANDS, SMALL, STEPS, TRAIN_LENGTHS, TRAIN_POSITIONS, UNSEEN_POSITIONS, WIDE,
                       WIDE_STEPS, WIDTH, WINDOW)

__all__ = [
    "failure_claims", "filler_claims", "learning_curve_claims", "overfitting_claims", "stepper_claims",
    "test_set_claims", "two_trip_claims", "year_last_claims",
    "check_answer", "check_taught", "check_year_always_last", "year_last_truth",
    "AFTER_BANDS", "FILLER_KINDS", "MODEL_TYPES", "TWO_TRIP_KINDS", "Overfitting", "Split", "TwoTrips",
    "accuracy", "accuracy_grid", "check_model", "check_models", "check_sentences", "clipped_fraction", "evaluate",
    "failure_summary", "learning_curve", "make_model", "overfitting", "predict", "readout_steps", "train_all",
    "train_model", "twin_sentences", "two_trip_experiment", "year_split", "year_weight_change",
    "accuracy_table", "answers", "failure_tables", "overfitting_table", "plot_accuracy_grid", "plot_learning_curve",
    "plot_weight_change", "reading_probabilities", "reading_stepper", "two_trip_table",
    "BATCH", "CLIP", "CURVE_SIZES", "FILLER_BATCH", "FILLER_STEPS", "GRID_LENGTHS", "LENGTH_BANDS",
    "LONG_LENGTHS", "LR",
    "MAX_WORDS", "MODELS", "MORE_STEPS", "N_GRID", "N_HIDDEN", "N_TWO_TRIPS", "N_TWO_TRIPS_TEST", "POSITION_BANDS",
    "SMALL", "STEPS", "TRAIN_LENGTHS", "TRAIN_POSITIONS", "UNSEEN_POSITIONS", "WIDE", "WIDE_STEPS", "WIDTH", "WINDOW",
]
