"""Chapter 4's settings: sizes, budgets, and the thresholds of the claims its prose relies on.

The thresholds are never quoted in the text: the text gives this run's number
(printed above it) or the range measured over seeds 0-4 × the rounding
ensemble (``python -m rnnlib.chapters.ch04_bptt.spread``). Each threshold sits
outside that whole range, with the margin noted beside it.
"""

import numpy as np

# ----------------------------------------------------------------------------- the equations
GRAD_TOL = 1e-6          # relative error to model.backward and finite differences (measured ≤ 1e-9)

# ----------------------------------------------------------------------------- the gap (copy-first)
GAP_SYMBOLS = 2          # the copy-first task of the motivation and of steps-to-solve: one bit to carry
GAP_HIDDEN, GAP_BATCH, GAP_LR = 16, 32, 0.01     # RNN(2, 16, 2, "last"), Adam(lr 0.01), clip 5
GAP_CLIP = 5.0
GAP_DISTANCES = (2, 4, 8, 12, 16)          # the gaps k of steps-to-solve
GAP_RUNS = 5             # networks per gap (seeds 10·SEED + 0..4)
GAP_CAP = 600            # the budget cap: a run not solved by then counts as "not within the cap"
GAP_EVERY = 10           # check the criterion every this many steps
GAP_TEST = 200           # fresh test sequences for the criterion
SOLVED_ACC = 0.95        # the criterion: test accuracy at least this
GAP_SHORT = 4            # the motivation's short gap ...
GAP_LONG = 16            # ... and its long one
SHORT_MAX_STEPS = 100    # every run at k ≤ GAP_SHORT solves within this many steps (measured: 10-20)
PLATEAU_RATIO_MIN = 5.0  # the slowest run at k = GAP_LONG needs ≥ this × the steps of the slowest at k ≤ GAP_SHORT
                         # (measured 18-60 over seeds 0-9)
QUIET_MAX_STEPS = 100    # the quiet control (gap symbols zero): every run at k = GAP_LONG within this many steps
                         # (measured 10 over seeds 0-4 × roundings 0-3; 10-70 over seeds 5-20, rounding 0)

# ----------------------------------------------------------------------------- vanishing and exploding
RADII = (0.5, 0.9, 1.0, 1.5, 2.0, 3.0)   # spectral radii of W = ρQ shown
VANISH_TAU, VANISH_HIDDEN, VANISH_BATCH = 60, 32, 32
DISTANCES = (5, 30)                      # τ − t at which the table quotes the norms
VANISHED_BELOW = 1e-2    # for ρ ≤ 1, the ratio at distance 30 is below this (largest over ρ ≤ 1: 8.7e-5 to
                         # 4.3e-4 over seeds 0-4, 6.7e-5 to 6.8e-4 over seeds 0-39: spread untrained)
EXPLODED_ABOVE = 1.0     # for ρ ≥ 2, the ratio at distance 30 is above this: the gradient grows
RADIUS_GRID = tuple(float(r) for r in np.round(np.arange(1.0, 2.501, 0.1), 1))   # exercise 2, the radius stepper
RADIUS_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)   # the radius stepper's frames
NONNORMAL_RHO = 0.9      # the Gaussian W rescaled to this spectral radius, beside ρQ
TRANSIENT_STEPS = 5      # ‖W^n‖ at this n: above 1 for the Gaussian W (transient growth), ρ^n for ρQ
TRANSIENT_MIN = 1.3      # the Gaussian W at ρ = 0.9: ‖W^5‖ / ρ^5 at least this (measured 1.5-3.4 over seeds 0-9)
SIGMA_RATIO_MIN = 1.3    # the Gaussian W: σ_max / ρ at least this (1.67-2.21 over seeds 0-4, 1.41-2.21 over 0-39)
DEFAULT_POWER_MIN = 1.5         # the default W: ‖W^5‖ at least this (2.21-4.47 over seeds 0-4, 1.84-5.88 over 0-39)
DEFAULT_SHRUNK_BELOW = 0.5      # the default W: gradient ratio at n = 5 at most this (0.19-0.29 over seeds 0-4,
                                # 0.11-0.34 over 0-39)
DEFAULT_VANISHED_BELOW = 0.1    # the default W: gradient ratio at n = 30 at most this (4.6e-5 to 2.9e-3 over
                                # seeds 0-4, 1.8e-6 to 0.021 over 0-39: spread untrained)
STEPPER_TAU = 20         # the backward stepper: one sequence of this length through the default network
STEPPER_FADED_BELOW = 1e-2   # its ‖∇h(1)‖ / ‖∇h(τ)‖ at most this (1.6e-5 to 1.2e-3 over seeds 0-4; over seeds
                             # 0-39 median 4.8e-4, above this at seeds 18 (0.19) and 39 (0.020): printed there)

# ----------------------------------------------------------------------------- clipping
CLIP_SYMBOLS, CLIP_DISTANCE, CLIP_HIDDEN, CLIP_BATCH = 4, 8, 16, 32
CLIP_INIT_SCALE = 3.0    # W drawn three times as large as usual: the exploding regime
CLIP_MAX_NORM = 1.0
CLIP_ARMS = (("lr 1, clipped at 1", 1.0, 1.0), ("lr 1, no clipping", 1.0, None),
             ("lr 0.1, no clipping", 0.1, None))   # (name, learning rate, max_norm); 0.1: tuned, as good as
                                                   # 0.03 and 0.3 without clipping (20-23 of 50 runs solved,
                                                   # seeds 0-4 × roundings 0-1; lr 1: 3; lr 1 clipped: 46: spread lr)
CLIP_RUNS = 5
CLIP_CAP = 400
CLIP_TEST = 256
CLIPPED_MIN_SOLVED = 3   # clipped at lr 1: at least this many of the 5 runs solve within the cap (measured 4-5;
                         # 65-84 % of its steps clipped, seeds 0-4 × roundings 0-3)
UNCLIPPED_MAX_SOLVED = 2  # unclipped at lr 1: at most this many (measured 0-1)

# ----------------------------------------------------------------------------- truncated BPTT
ECHO_TAU, ECHO_DELAY, ECHO_STEPS = 12, 3, 200
TRUNC_SHORT_MAX_ACC = 0.6   # truncated to ℓ = d steps: at most this accuracy (chance 0.25)
FULL_MIN_ACC = 0.95         # full BPTT: at least this
ONE_MORE_MIN_ACC = 0.75     # truncated to ℓ = d + 1 steps: at least this ("most of it")

# ----------------------------------------------------------------------------- sizes the functions accept
MAX_SEQUENCE_VALUES = 10_000_000   # copy_first: n × (k + 1) × n_symbols one-hot values at most
MAX_GAP = 200
