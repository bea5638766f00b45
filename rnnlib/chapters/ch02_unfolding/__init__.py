"""Chapter 2, "Unfolding computational graphs" (book/02_unfolding.ipynb): the chapter's code.

The unfolding itself needs only the library (``rnnlib.rnn.unfold``, ``rnnlib.graph``,
``rnnlib.widgets``); what is particular to the chapter lives here:

- :mod:`.settings`    sizes of the experiments, thresholds of the claims, size limits;
- :mod:`.experiment`  the scalar network s(t) = tanh(w s(t-1) + u x(t) + b), its fixed points and slopes,
                      the spectral radius, σ_max and the Jacobian diag(1 − h²) W, the one-unit binary
                      encoder (all 2**16 pasts, float64 or b bits), the non-normal and the driven network;
- :mod:`.figures`     the scalar-memory and level-set figures, the difference plots, the stability table
                      and the stepper that unfolds the graph one step at a time;
- :mod:`.exercises`   the checks of exercises 1-5;
- :mod:`.claims`      the claims the notebook's hidden guard cells check (``rnnlib.claims.check``).

Time is counted from 1: ``s[t-1]`` holds s(t), ``x[t-1]`` holds x(t).
"""

from .claims import encoder_claims, memory_claims, qualifier_claims, stability_claims, unfolding_claims
from .exercises import (GROWTH_A, GROWTH_B, GROWTH_S0, check_growth, check_merge_length, check_same_summary,
                        check_thousandfold, check_unfold, growth_factors, merge_length, thousandfold_length)
from .experiment import (binary_pasts, contraction_rate, difference, driven_difference, driven_inputs, encode,
                         encoder_params, fixed_point, jacobian, largest_singular_value, map_slope, merge_step,
                         nonnormal, scalar_run, spectral_radius, tanh_prime, theta_values)
from .figures import plot_differences, plot_level_sets, plot_scalar_memory, stability_table, unfolding_stepper
from .settings import (BITS, DRIVE_U, DRIVEN_STEPS, ENCODER_TAU, FIXED_POINT, K_NONNORMAL, LATE_STEP,
                       MEMORY_STEPS, RHO_DRIVEN, RHO_NONNORMAL, SUMMARY_THETA, SUMMARY_X_A, W_MEMORY, WEAK_U)

__all__ = [
    "encoder_claims", "memory_claims", "qualifier_claims", "stability_claims", "unfolding_claims",
    "GROWTH_A", "GROWTH_B", "GROWTH_S0", "check_growth", "check_merge_length", "check_same_summary",
    "check_thousandfold", "check_unfold", "growth_factors", "merge_length", "thousandfold_length",
    "binary_pasts", "contraction_rate", "difference", "driven_difference", "driven_inputs", "encode", "encoder_params",
    "fixed_point", "jacobian", "largest_singular_value", "map_slope", "merge_step", "nonnormal", "scalar_run",
    "spectral_radius", "tanh_prime", "theta_values",
    "plot_differences", "plot_level_sets", "plot_scalar_memory", "stability_table", "unfolding_stepper",
    "BITS", "DRIVE_U", "DRIVEN_STEPS", "ENCODER_TAU", "FIXED_POINT", "K_NONNORMAL", "LATE_STEP", "MEMORY_STEPS",
    "RHO_DRIVEN", "RHO_NONNORMAL", "SUMMARY_THETA", "SUMMARY_X_A", "W_MEMORY", "WEAK_U",
]
