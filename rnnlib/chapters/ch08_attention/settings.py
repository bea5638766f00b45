"""Chapter 8's settings: sizes and budgets of the experiments, and the thresholds of its claims.

The data, the budget and the training method are chapter 6's (same sets for the same seed, same Adam
steps, batch, learning rate and clipping), so the plain encoder-decoder's numbers here are chapter 6's.
The thresholds are never quoted in the prose; the prose gives this run's numbers or the range measured
over seeds 0-4 (``python benchmarks/claims_spread.py 08``), and each threshold sits outside that range
with a margin.
"""

from ...translate import MAX_LEN

__all__ = ["PLAIN_SIZES", "ATTENTION_SIZES", "CONTROL_H", "UNI_MATCHED_H", "STEPS", "BATCH", "LR", "CLIP",
           "ALL_LENGTHS", "TEST_LENGTHS", "N_PER_LENGTH", "N_TEST_PER_LENGTH", "MAX_LEN", "TOKENS",
           "COST_LENGTHS", "COST_H", "COST_BATCH", "COST_NY",
           "MIN_PLAIN_FALL", "MAX_ATTENTION_FALL", "MIN_ATTENTION_LONGEST", "MIN_OVER_BIGGEST_PLAIN",
           "MIN_UNI_OVER_PLAIN", "MIN_BI_GAIN", "MAX_BI_GAIN_MATCHED", "MAX_TINY", "MIN_READING_ORDER",
           "MAX_READING_ORDER_UNTRAINED"]

#: Hidden sizes H of the plain encoder-decoder (chapter 6's sweep and H = 8) and of the attention model.
PLAIN_SIZES = (8, 16, 32, 64)
ATTENTION_SIZES = (4, 8, 16)
#: The size of the bidirectional-against-unidirectional control, and the unidirectional size whose
#: parameter count passes the bidirectional model's at CONTROL_H.
CONTROL_H = 8
UNI_MATCHED_H = 12
#: Training (chapter 6's): Adam steps, mini-batch size, learning rate, gradient-norm clipping.
STEPS, BATCH, LR, CLIP = 500, 64, 0.01, 5.0
#: Training lengths (every length of a number up to 99,999), test lengths, numbers per length (chapter 6's).
ALL_LENGTHS = range(1, 9)
TEST_LENGTHS = range(4, 9)
N_PER_LENGTH, N_TEST_PER_LENGTH = 700, 80
#: Display names of the target ids.
TOKENS = ("pad", "start", "end") + tuple("0123456789")
#: The cost measurement: source lengths, H, batch and output length of the timed training steps.
COST_LENGTHS = (8, 16, 32, 64, 128)
COST_H, COST_BATCH, COST_NY = 16, 64, 6

# ----------------------------------------------------------------------------- thresholds of the claims
# (the range in each comment: seeds 0-4 × rounding members 0-3, ``python benchmarks/claims_spread.py 08``)

#: Plain encoder-decoder at H = 32: 4-word exact match minus 8-word, at least this (measured 0.54-0.69).
MIN_PLAIN_FALL = 0.3
#: Attention at H = 8 and 16: 4-word exact match minus 8-word, at most this (measured -0.01 to 0.00).
MAX_ATTENTION_FALL = 0.1
#: Attention at H = 8 and at H = 16: exact match at every length 4-8 at least this (measured 0.89-0.99).
MIN_ATTENTION_LONGEST = 0.75
#: Attention at H = 8 (1,309 parameters) minus plain at H = 64 (16,269): 8-word exact match, at least this
#: (measured 0.46-0.64).
MIN_OVER_BIGGEST_PLAIN = 0.25
#: Unidirectional attention at H = 12 (1,489 parameters) minus plain at H = 64: 8-word exact match, at least this
#: (measured 0.46-0.64; seeds 10-14, rounding 0: 0.58-0.68).
MIN_UNI_OVER_PLAIN = 0.25
#: Bidirectional minus unidirectional attention at H = 8, exact match pooled over 4-8 words, at least this
#: (measured 0.11-0.43).
MIN_BI_GAIN = 0.05
#: Bidirectional at H = 8 minus unidirectional at H = 12 (1,489 parameters against 1,309), pooled, at most this
#: (measured -0.01 to 0.02).
MAX_BI_GAIN_MATCHED = 0.08
#: Attention at H = 4 and plain at H = 8: exact match pooled over 4-8 words, at most this (measured 0.00-0.03).
MAX_TINY = 0.1
#: Attention at H = 16: share of test numbers whose most-attended word never moves back over the digit steps and
#: ends after where it started, at least this (measured 0.84-0.95), and at most MAX_READING_ORDER_UNTRAINED for
#: the untrained model (measured 0.015-0.043).
MIN_READING_ORDER = 0.6
MAX_READING_ORDER_UNTRAINED = 0.3
