"""Chapter 3, "Recurrent networks and their design patterns" (book/03_rnn_patterns.ipynb).

Goodfellow et al. (§10.2) wire a recurrent network three ways: hidden-to-hidden
recurrence with an output at every step (figure 10.3), output-to-hidden
recurrence (figure 10.4; teacher forcing, figure 10.6), and hidden-to-hidden
recurrence read out once at the end (figure 10.5). The notebook and the tests
run exactly these functions:

>>> hidden, _ = train_delay("hidden", seed=0)                      # remember the symbol of 2 steps ago
>>> forced, _ = train_delay("output", seed=0)                      # output recurrence, teacher-forced
>>> logits, _ = train_delay("output", seed=0, feedback="logits")   # ... trained free, o(t-1) fed back
>>> x, y, ids = delay_test(seed=0)
>>> per_step_accuracy(logits, x, y, feedback="logits")[DELAY:].min()  # doctest: +SKIP
0.78

The map of the package, in the order of the chapter:

settings.py    the tasks' sizes, the training budget, the thresholds of the claims
experiment.py  the delay task and the noisy click counter, training (teacher-forced or free-running),
               running free (argmax, softmax, sample, logits), per-step accuracy and loss, the best
               possible counter (counter_optimum, best_count), ∇o(t) recovered from ∇h(t), what each
               feedback costs at another sensor noise (feedback_costs)
figures.py     parameter table, per-step accuracy plot, the sequence table, the feedback stepper,
               the gradient table, "which pattern when"
claims.py      the sentences of the text as rnnlib.claims.Claim lists, for the guard cells and the tests;
               gap_shares (how much of the fall from teacher-forced to free-running is the task's)
exercises.py   the exercise checks
"""

from .claims import (exposure_claims, exposure_results, free_training_claims, gap_shares, last_claims, listing_claims,
                     teacher_forced_claims)
from .exercises import (MIN_CLASSES, PARITY_T, STATE_CASES, check_class_count, check_parity_bound,
                        check_state_targets, check_teacher_forced)
from .experiment import (best_count, counter_bound, counter_optimum, counter_task, counter_test, delay_test,
                         feedback_costs, last_accuracy, output_gradients, per_step_accuracy, per_step_loss, run_free,
                         train_counter, train_delay)
from .figures import (feedback_example, feedback_frame, feedback_stepper, gradient_table, param_table,
                      plot_per_step, show_sequence, which_pattern)
from .settings import (ARGMAX_OVER_SOFTMAX_MIN, ARGMAX_SHORT_MAX, BATCH, BIG_HIDDEN, BLANK,
                       CLEAN_COUNT_MIN, COUNT_TAU, DELAY, FAIR_GUESS_MAX, FORWARD_TOL, GAP_SHARE_MIN, HIDDEN_DELAY_MIN,
                       LAST_MIN, LAST_TAU, LOGITS_DELAY_MIN, LOGITS_OVER_SOFTMAX_MIN, LR, MODULUS, N_HIDDEN,
                       N_SYMBOLS, N_TEST, NOISE, OUTPUT_DELAY_MAX, RUN_FEEDBACKS, SOFTMAX_OVER_SAMPLE_MIN, STEPS,
                       SYMBOLS, TAU, TEACHER_MIN, TF_STEP3_MAX, UNIFORM_LOSS_TOL)

__all__ = [
    # settings
    "SYMBOLS", "BLANK", "N_SYMBOLS", "DELAY", "TAU", "N_HIDDEN", "BIG_HIDDEN", "STEPS", "BATCH", "LR", "N_TEST",
    "MODULUS", "COUNT_TAU", "LAST_TAU", "NOISE", "RUN_FEEDBACKS",
    "FORWARD_TOL", "HIDDEN_DELAY_MIN", "OUTPUT_DELAY_MAX", "TF_STEP3_MAX", "UNIFORM_LOSS_TOL", "FAIR_GUESS_MAX",
    "CLEAN_COUNT_MIN", "LOGITS_DELAY_MIN", "LOGITS_OVER_SOFTMAX_MIN", "TEACHER_MIN", "ARGMAX_SHORT_MAX",
    "ARGMAX_OVER_SOFTMAX_MIN", "SOFTMAX_OVER_SAMPLE_MIN", "GAP_SHARE_MIN", "LAST_MIN",
    # experiment
    "delay_test", "counter_test", "counter_task", "train_delay", "train_counter", "run_free",
    "per_step_accuracy", "per_step_loss", "last_accuracy", "counter_bound", "counter_optimum", "best_count",
    "output_gradients", "feedback_costs",
    # figures
    "param_table", "plot_per_step", "show_sequence", "feedback_example", "feedback_frame", "feedback_stepper",
    "gradient_table", "which_pattern",
    # claims
    "listing_claims", "teacher_forced_claims", "free_training_claims", "exposure_results", "exposure_claims",
    "last_claims", "gap_shares",
    # exercises
    "check_teacher_forced", "check_state_targets", "check_class_count", "check_parity_bound", "MIN_CLASSES",
    "PARITY_T", "STATE_CASES",
]
