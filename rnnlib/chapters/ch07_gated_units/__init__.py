"""Chapter 7, "Gated units: memory that lasts" (book/07_gated_units.ipynb): a map of its code.

- ``settings``   sizes, the one training budget, the thresholds of the claims the prose relies on
- ``experiment`` the four networks (``make_network``), training to a criterion, steps-to-solve against
                 the gap (``gap_runs``), the gate-bias control (``bias_control``), gradient norms against
                 distance (``gradient_norms``), one sequence through the trained LSTM, the cost per step
- ``figures``    the figures and the stepper through one sequence
- ``exercises``  the exercise checks
- ``claims``     the claims of the prose, for the notebook's guards and the tests
- ``spread``     ``python -m rnnlib.chapters.ch07_gated_units.spread``: the claims' values over seeds × roundings

Everything a notebook uses is re-exported here, so ``ch.x`` works for each.
"""

from .claims import bias_claims, equation_claims, gap_claims, gradient_claims, stepper_claims
from .exercises import check_gru_step, check_keep_bias, check_lstm_params
from .experiment import (GapRuns, GradNorms, OneSequence, bias_control, cost, gap_runs, gradient_norms, lr_control,
                         make_network, one_sequence, train_to_criterion)
from .figures import cost_table, gap_table, gate_stepper, plot_gradient_norms, plot_steps_to_solve
from .settings import (CAP, CLIP, GAPS, HIDDEN, KEEP_BIAS, KINDS, LEAKY_ALPHA, LONG, LR, RUNS, SHORT, SOLVED_ACC,
                       CONTROL_BIAS, CONTROL_RUNS, BATCH, EVERY, TEST, LR_CONTROL, LR_RUNS)

__all__ = [
    "make_network", "train_to_criterion", "GapRuns", "gap_runs", "bias_control", "GradNorms", "gradient_norms",
    "OneSequence", "one_sequence", "cost", "lr_control",
    "plot_steps_to_solve", "plot_gradient_norms", "gate_stepper", "gap_table", "cost_table",
    "check_lstm_params", "check_keep_bias", "check_gru_step",
    "equation_claims", "gap_claims", "bias_claims", "gradient_claims", "stepper_claims",
    "CAP", "CLIP", "GAPS", "HIDDEN", "KEEP_BIAS", "KINDS", "LEAKY_ALPHA", "LONG", "LR", "RUNS", "SHORT",
    "SOLVED_ACC", "CONTROL_BIAS", "CONTROL_RUNS", "BATCH", "EVERY", "TEST", "LR_CONTROL", "LR_RUNS",
]
