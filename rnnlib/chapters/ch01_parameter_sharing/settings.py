"""Chapter 1's settings: the data split, the one training budget, and the thresholds of the claims.

Positions are counted from 1 here, as in the chapter: the year at position p
is the input x(p) (in code ``x[p-1]``; ``Sentences.position`` is that 0-based
index).  The thresholds (``*_MIN``, ``*_MAX``) are what the claims of
:mod:`.claims` compare a run against; the prose never quotes them: it gives
the run's numbers, or the range measured over seeds 0-4 × the rounding
ensemble (``python benchmarks/claims_spread.py 01``).
"""

# --------------------------------------------------------------------------- the data

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
#: Sentences in the failure grid.
N_GRID = 3000
#: Bands of year positions (from 1) of the failure section: the trained span, then further and further beyond.
POSITION_BANDS = ((1, 7), (8, 9), (10, 12), (13, 21))
#: Bands of sentence lengths of the failure section.
LENGTH_BANDS = ((5, 8), (9, 12), (13, 16), (17, 21))

# --------------------------------------------------------------------------- the models and their budget

#: The four models, in the chapter's order.
MODELS = ("per-position network", "bag of words", "convolution", "RNN")
#: Words each window of the convolution (time-delay network) reads.
WIDTH = 3
#: The width of the wide convolution of the control: a window that spans a place and its year across the fillers.
WIDE = 6
#: Hidden units of every model.
N_HIDDEN = 32
#: Optimiser steps (mini-batches).
STEPS = 400
#: Adam's learning rate.
LR = 0.01
#: Sentences per mini-batch (all of one length: the RNN has no padding).
BATCH = 32
#: Gradient-norm clipping, applied to every model.
CLIP = 5.0
#: Training-set sizes of the learning curve (nested subsets of the training set).
CURVE_SIZES = (30, 100, 1000)
#: The small training set of the overfitting controls.
SMALL = 100
#: The control "more steps": the RNN trained on SMALL sentences for this many times the budget.
MORE_STEPS = 4
#: Sentences in the two-trip training set, and in its test set.
N_TWO_TRIPS = 2000
N_TWO_TRIPS_TEST = 500
#: Steps and batch size of the two-trip runs with fillers (sentences about twice as long: 600 steps of 64
#: sentences present three times the sentences of the chapter's budget; the same for the convolution and the RNN).
FILLER_STEPS = 600
FILLER_BATCH = 64
#: Steps of the control, the convolution of width WIDE, with fillers (batches of BATCH): half the chapter's budget
#: suffices (1.00 on new sentences at 200 steps over seeds 0-9, rounding 0, and seeds 0-4 at rounding 1).
WIDE_STEPS = 200

# --------------------------------------------------------------------------- thresholds of the claims
# Fractions of sentences answered right; chance is 0.1 on the year task, 0.5 between a two-trip sentence's years.

#: Every model on (a), held-out sentences like the training ones.
HELD_OUT_MIN = 0.95
#: The per-position network on (b), the year at unseen positions: near chance.
POSITIONAL_UNSEEN_MAX = 0.35
#: The shared-weight models (bag of words, convolution, RNN) on (b).
SHARED_UNSEEN_MIN = 0.95
#: The bag of words and the convolution on (c), longer sentences.
BAG_LONGER_MIN = 0.95
#: The RNN on (c): most, not all.
RNN_LONGER_MIN = 0.80

#: Learning curve at SMALL sentences: the bag of words and the convolution at least ...
SMALL_SHARED_MIN = 0.85
#: ... the per-position network at most ...
SMALL_POSITIONAL_MAX = 0.8
#: At SMALL sentences the RNN fits its training set at least this well (it overfits) ...
SMALL_RNN_TRAIN_MIN = 0.99
#: ... and MORE_STEPS times the steps gain it at most this much on (a).
MORE_STEPS_GAIN_MAX = 0.1

#: Failure grid: the RNN with the year inside the trained span of positions (1..7), any length,
#: and with the year as the last word inside that span.
INSIDE_SPAN_MIN = 0.9
#: ... and with the year far beyond it (the last band of POSITION_BANDS): at most this.
FAR_BEYOND_MAX = 0.5
#: Models without a state (bag of words, convolution) in every band of year positions.
STATELESS_BAND_MIN = 0.95

#: Two trips: the bag of words at most (it cannot beat guessing between the two years, 0.5) ...
TWO_TRIPS_BAG_MAX = 0.6
#: ... and names one of the two years (right or the other trip's) at least this often;
TWO_TRIPS_EITHER_YEAR_MIN = 0.95
#: the per-position network on new sentences at most (it memorises its training set) ...
TWO_TRIPS_POSITIONAL_MAX = 0.7
#: ... although it fits its training set at least this well;
TWO_TRIPS_POSITIONAL_TRAIN_MIN = 0.75
#: the convolution and the RNN at least.
TWO_TRIPS_ORDER_MIN = 0.85

#: Two trips with fillers: the convolution of width WIDTH at most (chance 0.5) ...
FILLERS_CONV_MAX = 0.65
#: ... the RNN and the convolution of width WIDE at least.
FILLERS_REACH_MIN = 0.9

#: Exercise 3: trained with the year always last, the readout at the step of the year is right this often ...
YEAR_LAST_AT_YEAR_MIN = 0.9
#: ... and the answer at the end of the sentence at most this often.
YEAR_LAST_AT_END_MAX = 0.4

# --------------------------------------------------------------------------- size limits of a reader's input

#: The largest window (per-position network) or width (convolution) make_model/train_model accept.
MAX_WINDOW = 60
#: The most words a stepper reads (one frame per word).
MAX_WORDS = 60
#: The most sentences a stepper shows at once.
MAX_SENTENCES_SHOWN = 3
#: The most sentences ch.answers asks about.
MAX_ANSWERS = 200
#: The most sentences year_split makes per set.
MAX_SPLIT = 100_000
