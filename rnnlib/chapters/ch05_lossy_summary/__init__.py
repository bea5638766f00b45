"""Chapter 5, "The hidden state as a lossy summary" (book/05_lossy_summary.ipynb): the chapter's code.

- :mod:`.settings`   sizes, budgets, the training criterion, size limits and the thresholds of the claims;
- :mod:`.memory`     counting states (:func:`distinct_states`); untrained networks W = ρQ (:func:`reservoir`,
                     :func:`run_reservoir`); their linear memory capacity against the bound n
                     (:func:`capacity_runs`), their nonlinear capacity (:func:`nonlinear_runs`, Legendre
                     targets, rnnlib.probe.capacity) and the probe's ridge penalty (:func:`alpha_sweep`);
                     the one-unit memory that keeps a sign (:func:`one_bit_memory`);
- :mod:`.keep`       what training keeps: the symbol stream, three objectives trained to a criterion,
                     an untrained control, probes of their states (:func:`keep_table`); chapter 1's
                     year sentences (:func:`year_keep_table`); the fading of one sequence (:func:`fading`);
- :mod:`.figures`    tables and figures;
- :mod:`.exercises`  the checks of exercises 1-3;
- :mod:`.claims`     the claims the notebook's hidden guard cells check (``rnnlib.claims.check``);
- :mod:`.spread`     ``python -m rnnlib.chapters.ch05_lossy_summary.spread``: the keep experiment's
                     numbers over seeds × the rounding ensemble, and the equal-budget control.

Time is counted from 1: ``h[t-1]`` holds h(t), ``x[t-1]`` holds x(t).
"""

from .claims import (alpha_claims, capacity_claims, fading_claims, keep_claims, nonlinear_claims, one_bit_claims,
                     year_claims)
from .exercises import (EX1_MAX_INPUT, EX3_TARGET, EX3_U, EX_U, EX_W, check_capacity_design, check_collision,
                        check_half_lag, check_identity_prediction,
                        design_capacity, half_lag, linear_final_state)
from .figures import (alpha_table, capacity_table, keep_table_view, nonlinear_table, plot_fading, plot_keep,
                      plot_memory_curves, year_table_view)
from .keep import (PLACES, YEAR_QUANTITIES, Stream, chance_levels, exact_lead_accuracy,
                   fading, final_states, input_sensitivity, keep_table, lag_probes,
                   objective_labels, own_accuracy, place_labels, probe_quantities, symbol_stream, train_all,
                   train_objective, year_keep_table)
from .memory import (alpha_sweep, capacity_runs, counting_table, distinct_states, nonlinear_runs, one_bit_memory,
                     reservoir, run_reservoir)
from .settings import (ALPHAS, BATCH, CHECK_EVERY, CRITERION, K_MAX, LAG, LR, MAX_LAG, MAX_STEPS, N_HIDDEN,
                       NL_MAX_LAG, NL_RADII, NL_SIZE, OBJECTIVES, QUANTITIES, RADII, SIZES, SWEEP_NET, SYMBOLS, TAU,
                       WITHIN_ALPHA)

__all__ = [
    "alpha_claims", "capacity_claims", "fading_claims", "keep_claims", "nonlinear_claims", "one_bit_claims",
    "year_claims",
    "EX1_MAX_INPUT", "EX3_TARGET", "EX3_U", "EX_U", "EX_W", "check_capacity_design", "check_collision",
    "check_half_lag", "check_identity_prediction",
    "design_capacity", "half_lag", "linear_final_state",
    "alpha_table", "capacity_table", "keep_table_view", "nonlinear_table", "plot_fading", "plot_keep",
    "plot_memory_curves", "year_table_view",
    "PLACES", "YEAR_QUANTITIES", "Stream", "chance_levels", "exact_lead_accuracy",
    "fading", "final_states", "input_sensitivity", "keep_table", "lag_probes",
    "objective_labels", "own_accuracy", "place_labels", "probe_quantities", "symbol_stream", "train_all",
    "train_objective", "year_keep_table",
    "alpha_sweep", "capacity_runs", "counting_table", "distinct_states", "nonlinear_runs", "one_bit_memory",
    "reservoir", "run_reservoir",
    "ALPHAS", "BATCH", "CHECK_EVERY", "CRITERION", "K_MAX", "LAG", "LR", "MAX_LAG", "MAX_STEPS", "N_HIDDEN",
    "NL_MAX_LAG", "NL_RADII", "NL_SIZE", "OBJECTIVES", "QUANTITIES", "RADII", "SIZES", "SWEEP_NET", "SYMBOLS", "TAU",
    "WITHIN_ALPHA",
]
