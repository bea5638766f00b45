"""Chapter 5's settings: sizes and budgets of the experiments, size limits, and the thresholds of its claims.

The thresholds are never quoted in the prose: the text gives this run's numbers
(printed above it) or the range measured over seeds 0-4 and the rounding
ensemble (``python -m rnnlib.chapters.ch05_lossy_summary.spread``).
"""

# ----------------------------------------------------------------------------- the symbol stream
#: The alphabet of the symbol stream; "a" counts +1 and "b" counts −1 in the balance.
SYMBOLS = ("a", "b", "c", "d")
#: The recall objective reports the symbol seen this many steps ago, x(t−LAG).
LAG = 3
#: Length of the training and probing sequences.
TAU = 20
#: Hidden units of every network of the "what training keeps" experiment.
N_HIDDEN = 12
#: Adam's learning rate and the batch size, the same for every objective.
LR, BATCH = 0.03, 32
#: Training stops when the network's accuracy on its own task (held-out sequences) reaches CRITERION...
CRITERION = 0.95
#: ...checked every CHECK_EVERY steps, at most MAX_STEPS steps.
CHECK_EVERY, MAX_STEPS = 100, 10_000
#: Held-out sequences on which the own-task accuracy is measured.
N_CHECK = 200
#: Ridge penalty of the within-sign probes of |balance| (rnnlib.probe.ridge's alpha).
WITHIN_ALPHA = 1e-3
#: The count objective reports the balance clipped to −K_MAX .. K_MAX.
K_MAX = 8
#: The three training objectives.
OBJECTIVES = ("recall", "count", "sign")
#: The quantities every state is probed for, with how each probe is scored.
QUANTITIES = {"x(t−3)": "accuracy", "balance": "R²", "sign": "accuracy", "|balance| within a sign": "R²"}

# ----------------------------------------------------------------------------- memory capacity
#: Hidden sizes, spectral radii and largest lag of the memory-capacity experiment.
SIZES, RADII, MAX_LAG = (10, 20, 40), (0.5, 0.8, 0.95), 100
#: The nonlinear-capacity experiment: size, radii, largest lag of the degree-2 and -3 targets.
NL_SIZE, NL_RADII, NL_MAX_LAG, NL_DEGREES = 20, (0.8, 0.95), 8, (1, 2, 3)
#: The ridge penalties of the α sweep, and the network it is run on (linear, n = 40, ρ = 0.5).
ALPHAS, SWEEP_NET = (1e-4, 1e-6, 1e-8, 1e-10, 0.0), (40, 0.5)
#: Size limits: reservoir units, and values (steps × sequences × units) a run may make.
MAX_UNITS, MAX_STATE_VALUES = 2_000, 20_000_000

# ----------------------------------------------------------------------------- thresholds of the claims
#: A linear network with ρ = max(RADII) reaches at least this share of its bound n.
LINEAR_NEAR = 0.9
#: A tanh network of 20 units or more reading inputs at full scale keeps a linear MC below this share of n.
TANH_SHORT = 0.5
#: Measured capacities may exceed n by at most this much (sampling noise of the held-out R²).
BOUND_SLACK = 0.5
#: Poor radius: linear networks with ρ = 0.5 and n ≥ 20 stay below this share of n (at the default α).
POOR_RADIUS_SHORT = 0.75
#: The tanh networks of the nonlinear experiment hold at least this share of n as degree-3 capacity...
CUBIC_SHARE = 0.2
#: ...while the shuffled-target control stays within this of 0, and the linear network's degree-3 capacity too.
CONTROL_NEAR_ZERO = 1.0
#: The α sweep: MC at α = 0 exceeds MC at the chapter's α = 1e-6 by at least this.
ALPHA_RISE = 5.0
#: The recall network decodes x(t−3) with at least this accuracy...
RECALL_KEEPS = 0.98
#: ...while the count and sign networks decode it with at most this accuracy (chance 0.25).
OTHERS_LOSE_SYMBOL = 0.6
#: The count network decodes the balance with at least this R²...
COUNT_KEEPS = 0.88
#: ...while the recall network reaches at most this R²...
OTHERS_LOSE_COUNT = 0.45
#: ...and the untrained control at least this much less than the count network (it holds part of the balance).
COUNT_OVER_UNTRAINED = 0.25
#: The sign network decodes the sign with at least this accuracy...
SIGN_KEEPS = 0.85
#: ...and its within-sign R² of |balance| is below the count network's by at least this.
SIZE_GAP = 0.05
#: The year network decodes the year from h(τ) with at least this accuracy...
YEAR_KEEPS = 0.95
#: ...and the destination at least this much less accurately than the untrained control.
PLACE_DROP = 0.1
#: The fading map: the output's mean sensitivity to x(t−4..6) is at least this share of that to x(t), x(t−1).
OLD_INPUTS_MOVE = 0.5
#: The one-unit memory: after 20 steps, positive x(1) from 0.1 to 2 differ by at most this in s(20).
ONE_BIT_SPREAD = 1e-3
