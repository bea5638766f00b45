"""Chapter 6, "Sequence to sequence" (book/06_seq2seq.ipynb): the chapter's code.

The encoder-decoder is :class:`rnnlib.Seq2Seq`; training and evaluating it on the number task
(words to digits) is :mod:`rnnlib.translate`, which chapter 8 shares. What is particular to the
chapter lives here:

- :mod:`.settings`    sizes, budgets and the thresholds of the claims;
- :mod:`.experiment`  the data (balanced by input length; the extrapolation split; the test set),
                      training, the sweep of H, beam tables, one input's context and states;
- :mod:`.figures`     architecture, loss, accuracy by length, planted errors, the beam tree with its
                      pruned candidates, and the stepper through encoding and decoding;
- :mod:`.exercises`   the checks of exercises 1-3;
- :mod:`.claims`      the claims the notebook's hidden guard cells check (``rnnlib.claims.check``).

Positions and time steps are counted from 1 in the prose and figures (y(1) is the first digit).
"""

from .claims import (answer_length_claims, beam_claims, budget_claims, capacity_claims, extrapolation_claims,
                     planted_claims, pooled, stop_claims)
from .exercises import STOP_CASES, check_reverse_source, check_score, check_stop_probability, reverse_source
from .experiment import (PlantedErrors, SearchErrors, Task, accuracy_by_length, beam_table, composition, context_table,
                         exact_match, example, find_beam_break, find_beam_fix, outputs, planted_errors, search_errors,
                         source_ids, sweep, task, train_model, with_digits)
from .figures import architecture, plot_beam_tree, plot_by_length, plot_loss, plot_planted, seq2seq_stepper
from .settings import (ALL_LENGTHS, BATCH, BEAM_WIDTH, BUDGET_FACTOR, CLIP, LONG_LENGTHS, LR, MAX_LEN, N_HIDDEN,
                       N_PER_LENGTH, N_TEST_PER_LENGTH, PLANT_POSITIONS, SHORT_LENGTHS, SIZES, STEPS, TEST_LENGTHS,
                       TOKENS, WIDTHS)

__all__ = [
    "PlantedErrors", "SearchErrors", "planted_errors", "search_errors",
    "answer_length_claims", "beam_claims", "budget_claims", "capacity_claims", "extrapolation_claims",
    "planted_claims", "pooled", "stop_claims",
    "STOP_CASES", "check_reverse_source", "check_score", "check_stop_probability", "reverse_source",
    "Task", "accuracy_by_length", "beam_table", "composition", "context_table", "exact_match", "example",
    "find_beam_break", "find_beam_fix", "outputs", "source_ids", "sweep", "task", "train_model", "with_digits",
    "architecture", "plot_beam_tree", "plot_by_length", "plot_loss", "plot_planted", "seq2seq_stepper",
    "ALL_LENGTHS", "BATCH", "BEAM_WIDTH", "BUDGET_FACTOR", "CLIP", "LONG_LENGTHS", "LR", "MAX_LEN", "N_HIDDEN",
    "N_PER_LENGTH", "N_TEST_PER_LENGTH", "PLANT_POSITIONS", "SHORT_LENGTHS", "SIZES", "STEPS", "TEST_LENGTHS",
    "TOKENS", "WIDTHS",
]
