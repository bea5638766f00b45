"""Chapter 2's settings: the sizes of its experiments and the thresholds of its claims.

The thresholds are never quoted in the prose: the notebook prints this run's
numbers and the text gives those (or the range measured over seeds 0-4).
"""

# --------------------------------------------------------------------------- the scalar network
#: The recurrent weight of the scalar network that keeps one bit of its first input.
W_MEMORY = 1.1
#: The positive stable fixed point of s = tanh(1.1 s) (the negative one is its mirror), to ± FIXED_POINT_TOL.
FIXED_POINT = 0.503
FIXED_POINT_TOL = 5e-4
#: Steps the scalar memory runs for before the text compares x(1) = 1 and x(1) = 2.
MEMORY_STEPS = 12
#: With w = 0.5 the first input counts as forgotten after MEMORY_STEPS steps if the difference is below this.
FORGOTTEN = 1e-3
#: The step at which the text gives the (still non-zero) difference between x(1) = 1 and x(1) = 2.
LATE_STEP = 48
#: θ = (w, u, b) of the scalar network of exercise 4, and its first input sequence x_a.
SUMMARY_THETA = {"w": 0.8, "u": 1.0, "b": 0.0}
SUMMARY_X_A = (1.0, 0.0, 0.5)

# --------------------------------------------------------------------------- the one-unit binary encoder
#: θ of the one tanh unit that reads two symbols (one-hot): W = [[w]], U = [[-u, u]], b = [0].
ENCODER_W, ENCODER_U = 0.5, 0.2
#: Length of the binary pasts it reads: 2**16 = 65,536 of them.
ENCODER_TAU = 16
#: "Nearby pasts give states this close": the smallest gap between two final states must be below this.
NEAR_GAP = 1e-4
#: Bits per unit in the quantised runs (the state rounded to 2**bits levels after every step).
BITS = (8, 12, 16)

# --------------------------------------------------------------------------- the spectral radius, qualified
#: The non-normal W = [[RHO_NONNORMAL, K_NONNORMAL], [0, RHO_NONNORMAL]]: ρ = 0.5, σ_max ≈ 4.06.
RHO_NONNORMAL, K_NONNORMAL = 0.5, 4.0
#: "Grows a difference before it decays": the peak of |δ(t)| / |δ(0)| must be at least this.
TRANSIENT_PEAK = 3.0
#: The driven network: W = ρ·rotation(π/6) with ρ = RHO_DRIVEN, inputs x(t) ~ N(0, 1) in 2 dimensions.
RHO_DRIVEN = 1.6
DRIVEN_STEPS = 100
#: Input strengths u of the driven runs: strong (forgets) and weak (does not yet).
DRIVE_U, WEAK_U = 1.5, 0.25
#: Strong input: the per-step contraction of the Jacobians along the run is at most this
#: (0.32-0.59 over seeds 0-199 of the notebook's input stream, `python -m rnnlib.chapters.ch02_unfolding.spread`).
MAX_RATE = 0.8
#: Weak input: the difference after DRIVEN_STEPS steps is at least this (0.001-1.9 over seeds 0-199).
NOT_DEAD = 1e-6
#: "Forgets its initial state completely": the difference after DRIVEN_STEPS steps is at most this
#: (0 over 200 seeds with u = DRIVE_U).
ECHO_GAP = 1e-12
#: Without input the same W keeps a difference at least this large (attractors, as for w = 1.1).
PERSISTS = 0.1
#: In the spectral-radius table: below 1 the difference at step 100 is below this ...
DIES_OUT = 1e-3
#: ... above 1 under tanh it stays between these; without tanh it grows at least BLOWS_UP-fold.
PERSIST_RANGE = (0.1, 2.5)
BLOWS_UP = 10.0

# --------------------------------------------------------------------------- size limits (bad input)
#: The most steps a chapter function runs (scalar_run, difference, fixed_point's iterations).
MAX_STEPS = 100_000
#: The longest binary past ``binary_pasts`` enumerates (2**20 pasts).
MAX_PAST = 20
#: The most values one step of ``encode`` may hold (8 M float64: 64 MB); ten times that bounds the
#: multiplications of a driven run.
MAX_VALUES = 2**23
#: The most bits per unit a quantised run may use (float64 keeps 52).
MAX_BITS = 52
