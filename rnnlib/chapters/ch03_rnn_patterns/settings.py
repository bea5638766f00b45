"""Chapter 3's settings: the tasks, the training budget, and the thresholds of the claims its text makes.

The thresholds are never quoted in the prose: the text gives this run's
numbers or the range measured over seeds 0-4 × the rounding ensemble
(``python benchmarks/claims_spread.py 03``); the thresholds sit outside that
range with a margin.
"""

#: Names of the delay task's symbols, and of the blank target of steps 1 and 2.
SYMBOLS = ("A", "B", "C", "D")
BLANK = "–"
N_SYMBOLS = len(SYMBOLS)
#: The delay task asks at step t for the symbol of step t − DELAY.
DELAY = 2
#: Length of the delay task's sequences.
TAU = 8
#: Hidden units of every network, unless the chapter says otherwise.
N_HIDDEN = 16
#: Hidden units of the larger output-recurrent network (more parameters than the hidden-recurrent one).
BIG_HIDDEN = 64
#: The training budget of every model: STEPS Adam steps at rate LR, fresh batches of BATCH sequences.
STEPS, BATCH, LR = 300, 32, 0.02
#: Test sequences per evaluation.
N_TEST = 1000
#: The counter counts clicks modulo MODULUS.
MODULUS = 5
#: Length of the counter's sequences; the single-output network reads LAST_TAU steps.
COUNT_TAU, LAST_TAU = 12, 8
#: Probability that the noisy sensor reports the wrong reading at a step.
NOISE = 0.1
#: What a free-running output-recurrent network can feed back at test time (rnnlib's forward does the
#: last two; "argmax" and "sample" are the chapter's own loop, run_free).
RUN_FEEDBACKS = ("argmax", "softmax", "sample", "logits")

#: Largest test set, sequence length, training run and hidden size the chapter's functions accept.
MAX_N, MAX_TAU, MAX_STEPS, MAX_HIDDEN = 100_000, 1_000, 100_000, 1_000

# ---------------------------------------------------------------------------- thresholds of the claims
#: The forward pass and the loss written in the notebook agree with rl.RNN to this.
FORWARD_TOL = 1e-12
#: Hidden recurrence on the delay task: accuracy at every step t > DELAY is at least this.
HIDDEN_DELAY_MIN = 0.95
#: Output recurrence trained teacher-forced on the delay task (either size, run either way): at most this
#: at every t > DELAY (chance is 1/4).
OUTPUT_DELAY_MAX = 0.35
#: ... teacher-forced at step 3 (fed the same blank as at step 2): at most this.
TF_STEP3_MAX = 0.1
#: ... its loss per step at t > DELAY + 1 is within this of log 4 (a fair guess) ...
UNIFORM_LOSS_TOL = 0.05
#: ... and its largest probability ŷ(t), averaged over t > DELAY + 1 and the sequences, is at most this.
FAIR_GUESS_MAX = 0.35
#: Output recurrence on the clean counter, running free: at least this at every step.
CLEAN_COUNT_MIN = 0.95
#: Output recurrence trained free-running with its logits fed back: at least this at every t > DELAY.
LOGITS_DELAY_MIN = 0.6
#: ... and its mean accuracy over t > DELAY exceeds the softmax-fed network's by at least this.
LOGITS_OVER_SOFTMAX_MIN = 0.2
#: Noisy counter, teacher-forced evaluation: at least this at every step.
TEACHER_MIN = 0.85
#: Noisy counter at the last step: argmax feedback at least the optimal rule's accuracy on the same
#: test sequences minus this.
ARGMAX_SHORT_MAX = 0.05
#: Noisy counter, mean accuracy over t = 6..12: argmax feedback beats softmax-averaged feedback by at least this ...
ARGMAX_OVER_SOFTMAX_MIN = 0.02
#: ... and, mean over all steps, softmax-averaged feedback beats sampled feedback by at least this.
SOFTMAX_OVER_SAMPLE_MIN = 0.02
#: At the last step, (teacher-forced − best possible) / (teacher-forced − free-running) is at least this, with
#: the argmax and with the softmax fed back: most of the fall from teacher-forced to free-running is the task's.
GAP_SHARE_MIN = 0.75
#: The single-output network's accuracy on the count after LAST_TAU clean steps.
LAST_MIN = 0.9
