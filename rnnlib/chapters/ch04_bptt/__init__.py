"""Chapter 4, "Back-propagation through time" (book/04_bptt.ipynb): a map of its code.

- ``settings``   sizes, budgets and the thresholds of the claims the prose relies on
- ``equations``  eq. 10.17-10.28 as small functions for one sequence (``loss``, ``output_grad``,
                 ``hidden_grad``, ``param_grads``, ``per_step_grads``, ``bptt``)
- ``experiment`` the copy-first task, training to a criterion, steps-to-solve against the gap
                 (``gap_runs``; ``quiet=True``: the gap's symbols zero, the quiet control), clipping
                 against a tuned learning rate (``clipping_runs``),
                 truncated BPTT and the delayed echo (``echo_accuracy``)
- ``gradients``  ‖∂L(τ)/∂h(t)‖ against τ − t for W = ρQ and for the non-normal Gaussian W
                 (``gradient_norms``, ``spectra``), the backward stepper's numbers, the cost of BPTT
- ``figures``    the figures and the two steppers (backward through time, over the radius ρ)
- ``exercises``  the exercise checks
- ``claims``     the claims of the prose, for the notebook's guards and the tests
- ``spread``     ``python -m rnnlib.chapters.ch04_bptt.spread``: the claims' values over seeds × roundings;
                 ``untrained``, ``inputs``, ``gapreadout``: the untrained networks' numbers, U's scale
                 against saturation, the copy-first task with only the read-out trained

Everything a notebook uses is re-exported here, so ``ch.x`` works for each.
"""

from .claims import (clipping_claims, equation_claims, gap_claims, quiet_claims, spectra_claims, stepper_claims,
                     truncation_claims, vanishing_claims)
from .equations import bptt, hidden_grad, loss, output_grad, param_grads, per_step_grads
from .exercises import check_clip, check_grad_W_last, check_radius
from .experiment import (ClippingRuns, GapRuns, ReadoutOnly, Run, Truncated, clipping_runs, copy_first, echo_accuracy,
                         echo_readout_accuracy, gap_runs, train_to_criterion, truncated_loss_and_grads)
from .figures import (backward_stepper, plot_clipping, plot_gap_curves, plot_gradient_norms, plot_per_step,
                      plot_spectra, plot_steps_to_solve, radius_stepper)
from .gradients import (GradientNorms, Spectra, backward_norms, cost_table, gradient_norms, gradient_table,
                        measure_cost, power_norms, spectra, spectra_table, spectral_radius)
from .settings import (CLIP_ARMS, CLIP_CAP, CLIP_DISTANCE, CLIP_INIT_SCALE, CLIP_MAX_NORM, CLIP_RUNS, CLIP_SYMBOLS,
                       DISTANCES, ECHO_DELAY, ECHO_STEPS, ECHO_TAU, GAP_CAP, GAP_DISTANCES, GAP_LONG, GAP_RUNS,
                       GAP_SHORT, GAP_SYMBOLS, GRAD_TOL, NONNORMAL_RHO, RADII, RADIUS_GRID, RADIUS_STEPS,
                       SOLVED_ACC, STEPPER_TAU, TRANSIENT_STEPS, VANISH_BATCH, VANISH_HIDDEN, VANISH_TAU)

__all__ = [
    "loss", "output_grad", "hidden_grad", "param_grads", "per_step_grads", "bptt",
    "copy_first", "train_to_criterion", "Run", "GapRuns", "gap_runs", "ClippingRuns", "clipping_runs",
    "truncated_loss_and_grads", "Truncated", "echo_accuracy", "ReadoutOnly", "echo_readout_accuracy",
    "GradientNorms", "gradient_norms", "gradient_table", "Spectra", "spectra", "spectra_table", "spectral_radius",
    "power_norms", "backward_norms", "measure_cost", "cost_table",
    "plot_per_step", "plot_gap_curves", "plot_steps_to_solve", "plot_gradient_norms", "plot_spectra",
    "radius_stepper", "backward_stepper", "plot_clipping",
    "check_grad_W_last", "check_radius", "check_clip",
    "equation_claims", "gap_claims", "quiet_claims", "vanishing_claims", "spectra_claims", "stepper_claims",
    "clipping_claims", "truncation_claims",
    "GRAD_TOL", "GAP_SYMBOLS", "GAP_DISTANCES", "GAP_RUNS", "GAP_CAP", "GAP_SHORT", "GAP_LONG", "SOLVED_ACC",
    "RADII", "VANISH_TAU", "VANISH_HIDDEN", "VANISH_BATCH", "DISTANCES", "RADIUS_GRID", "RADIUS_STEPS",
    "NONNORMAL_RHO", "TRANSIENT_STEPS", "STEPPER_TAU",
    "CLIP_SYMBOLS", "CLIP_DISTANCE", "CLIP_INIT_SCALE", "CLIP_MAX_NORM", "CLIP_ARMS", "CLIP_RUNS", "CLIP_CAP",
    "ECHO_TAU", "ECHO_DELAY", "ECHO_STEPS",
]
