"""Chapter 3's claims: each returns rnnlib.claims.Claim objects for the notebook's hidden guard cells and the tests.

Each function recomputes what its section of the text says from the trained
models and the seed's test sets, so the notebook and the tests check the same
numbers. Thresholds live in settings.py.
"""

import numpy as np

from ... import claims as _claims
from ... import _checks
from .experiment import (_model, best_count, counter_optimum, counter_test, delay_test, last_accuracy,
                         output_gradients, per_step_accuracy, per_step_loss)
from .settings import (ARGMAX_OVER_SOFTMAX_MIN, ARGMAX_SHORT_MAX, CLEAN_COUNT_MIN, DELAY,
                       FAIR_GUESS_MAX, FORWARD_TOL, GAP_SHARE_MIN, HIDDEN_DELAY_MIN, LAST_MIN, LAST_TAU,
                       LOGITS_DELAY_MIN, LOGITS_OVER_SOFTMAX_MIN, OUTPUT_DELAY_MAX, SOFTMAX_OVER_SAMPLE_MIN,
                       TEACHER_MIN, TF_STEP3_MAX, UNIFORM_LOSS_TOL)

#: The second half of the counter's sequences (t = 6..12 in the book's counting).
LATE_HALF = slice(5, None)

__all__ = ["listing_claims", "teacher_forced_claims", "free_training_claims", "exposure_claims", "last_claims",
           "exposure_results", "gap_shares"]


def listing_claims(forward_gap, loss_gap, free_gap):
    """The code written in the notebook computes what rnnlib computes (largest differences, each ≥ 0)."""
    forward_gap, loss_gap, free_gap = (_checks.number(v, k, 0, what="a largest difference (a finite number)")
                                       for v, k in ((forward_gap, "forward_gap"), (loss_gap, "loss_gap"),
                                                    (free_gap, "free_gap")))
    return [
        _claims.at_most("the forward pass written in the chapter equals rl.RNN.forward", forward_gap, FORWARD_TOL),
        _claims.at_most("the loss written in the chapter (eq. 10.14) equals model.loss_and_grads",
                        loss_gap, FORWARD_TOL),
        _claims.at_most("the free-running loop written in the chapter equals rl.RNN.forward with its feedback",
                        free_gap, FORWARD_TOL),
    ]


def teacher_forced_claims(hidden, output, big, clean, seed):
    """Delay task: hidden recurrence solves it; teacher-forced output recurrence (16 and 64 units) cannot."""
    x, y, _ = delay_test(seed)
    xc, yc = counter_test(seed, noise=0.0)
    late, after = slice(DELAY, None), slice(DELAY + 1, None)
    out = [_claims.at_least("the hidden-recurrent network is right at every step t ≥ 3 of the delay task",
                            per_step_accuracy(_model(hidden, "hidden", "hidden"), x, y)[late].min(), HIDDEN_DELAY_MIN)]
    for name, model, arg in (("16", output, "output"), ("64", big, "big")):
        model = _model(model, "output", arg)
        worst = max(per_step_accuracy(model, x, y, feedback=f)[late].max() for f in ("target", "softmax"))
        out += [
            _claims.at_most(f"teacher-forced, the output-recurrent network ({name} units) stays near chance at "
                            "t ≥ 3 of the delay task, run teacher-forced or free", worst, OUTPUT_DELAY_MAX),
            _claims.at_most(f"its loss per step at t ≥ 4 ({name} units) is that of a fair guess, log 4",
                            abs(per_step_loss(model, x, y)[after].mean() - np.log(4)), UNIFORM_LOSS_TOL),
            _claims.at_most(f"its largest probability at t ≥ 4 ({name} units) is about 1/4",
                            model.forward(x).y_hat[after].max(axis=-1).mean(), FAIR_GUESS_MAX),
        ]
    out += [
        _claims.at_most("teacher-forced, it is wrong at step 3, fed the same blank as at step 2",
                        per_step_accuracy(output, x, y, feedback="target")[DELAY], TF_STEP3_MAX),
        _claims.at_least("the same wiring and budget count clicks at every step",
                         per_step_accuracy(_model(clean, "output", "clean"), xc, yc).min(), CLEAN_COUNT_MIN),
    ]
    return out


def free_training_claims(softmax, logits, seed):
    """Delay task trained free-running: with the logits fed back it carries the symbol, better than with softmax."""
    x, y, _ = delay_test(seed)
    late = slice(DELAY, None)
    soft = per_step_accuracy(_model(softmax, "output", "softmax"), x, y, feedback="softmax")[late]
    logit = per_step_accuracy(_model(logits, "output", "logits"), x, y, feedback="logits")[late]
    xb, yb = x[:, :32], y[:, :32]
    return [
        _claims.at_least("trained free-running with its logits fed back, the output-recurrent network is right "
                         "at most steps t ≥ 3 of the delay task (its worst step)", logit.min(), LOGITS_DELAY_MIN),
        _claims.at_least("with the softmax fed back instead it learns less in the same budget (mean accuracy "
                         "at t ≥ 3, logits minus softmax)", logit.mean() - soft.mean(), LOGITS_OVER_SOFTMAX_MIN),
        _claims.exact("a teacher-forced training pass calls rl.rnn.step once, a free-running one τ times",
                      logits.forward(xb, targets=yb).steps == 1
                      and logits.forward(xb, feedback="logits").steps == x.shape[0]),
    ]


def exposure_results(noisy, seed):
    """Noisy counter, the teacher-forced network run five ways, and the optimal rule, on the seed's test set.

    Returns a dict name -> accuracy at t = 1..τ: "teacher-forced", "argmax", "softmax", "sample",
    "optimal rule" (the best guess from the readings, on the same sequences) and "best possible"
    (its expected accuracy, :func:`counter_optimum`).
    """
    noisy = _model(noisy, "output", "noisy")
    seed = _checks.integer(seed, "seed", 0)
    x, y = counter_test(seed)
    res = {"teacher-forced": per_step_accuracy(noisy, x, y, feedback="target")}
    for f in ("argmax", "softmax", "sample"):
        res[f] = per_step_accuracy(noisy, x, y, feedback=f, seed=seed if f == "sample" else None)
    res["optimal rule"] = (best_count(x) == y).mean(axis=1)
    res["best possible"] = counter_optimum(x.shape[0])
    return res


def exposure_claims(noisy, seed):
    """Noisy counter: teacher-forced accuracy flat; run free, argmax reaches the optimum, softmax and sample do not."""
    r = exposure_results(noisy, seed)
    tf, hard, soft, sample, rule = (r[k] for k in ("teacher-forced", "argmax", "softmax", "sample", "optimal rule"))
    return [
        _claims.at_least("teacher-forced, the counter is right at every step about as often as the sensor",
                         tf.min(), TEACHER_MIN),
        _claims.at_least("run free with the argmax fed back, it is as good as the optimal rule at the last step "
                         "(argmax minus the rule, on the same sequences)", hard[-1] - rule[-1], -ARGMAX_SHORT_MAX),
        _claims.at_least("fed back the softmax average it does worse in the second half of the sequence "
                         "(argmax minus softmax, mean over t = 6..12)", (hard - soft)[LATE_HALF].mean(),
                         ARGMAX_OVER_SOFTMAX_MIN),
        _claims.at_least("fed back a sampled count it does worse still (softmax minus sampled, mean over all steps)",
                         (soft - sample).mean(), SOFTMAX_OVER_SAMPLE_MIN),
        _claims.at_least("at the last step most of the fall from teacher-forced to free-running accuracy, with the "
                         "argmax or the softmax fed back, is the task's (teacher-forced minus the best possible, as a "
                         "share of teacher-forced minus free-running; the smaller of the two shares)",
                         min(gap_shares(r).values()), GAP_SHARE_MIN),
    ]


def gap_shares(results):
    """At the last step, how much of the fall from teacher-forced to free-running is the task's.

    ``results``: :func:`exposure_results`' dict. Returns {"argmax": share, "softmax": share}, each
    (teacher-forced − best possible) / (teacher-forced − free-running) at t = τ (1: all of it; above 1
    when the free run beats the best possible's expectation on these sequences). Where free-running is
    not below teacher-forced there is no fall to share out, and the share is 0.
    """
    want = ("teacher-forced", "best possible", "argmax", "softmax")
    if not isinstance(results, dict) or not set(want) <= set(results):
        raise ValueError(f"results: got {_checks._got(results)}, wanted the dict of ch.exposure_results "
                         f"(keys {', '.join(want)})")
    last = {}
    for k in want:
        acc = _checks.real_array(results[k], f"results[{k!r}]", "(τ,) accuracies, τ ≥ 1", ndim=1, max_size=1000)
        if acc.size == 0:
            raise ValueError(f"results[{k!r}]: got an empty array, wanted (τ,) accuracies, τ ≥ 1")
        last[k] = acc[-1]
    fall = {f: last["teacher-forced"] - last[f] for f in ("argmax", "softmax")}
    return {f: float((last["teacher-forced"] - last["best possible"]) / fall[f]) if fall[f] > 0 else 0.0
            for f in fall}


def last_claims(last, seed):
    """One output at the end: the final count learned, ∇o(t) = 0 for t < τ."""
    last = _model(last, "last", "last")
    x, y = counter_test(seed, noise=0.0, tau=LAST_TAU)
    g = output_gradients(last, x[:, :32], y[-1, :32])
    return [
        _claims.at_least("the single-output network learns the final count", last_accuracy(last, x, y[-1]),
                         LAST_MIN),
        _claims.exact("∇o(t) is exactly zero for t < τ and not at τ",
                      np.abs(g[:-1]).max() == 0.0 and np.abs(g[-1]).max() > 0),
    ]
