"""The spread of chapter 7's claims over seeds × the rounding ensemble, and the numbers its prose quotes.

    python -m rnnlib.chapters.ch07_gated_units.spread                       # seeds 0-4 × roundings 0-3
    python -m rnnlib.chapters.ch07_gated_units.spread --seeds 5-9 --roundings 0
    python -m rnnlib.chapters.ch07_gated_units.spread --gru-control          # the GRU's bias-0 control too
    python -m rnnlib.chapters.ch07_gated_units.spread --lr-scan              # k = 40, seeds 10-20: runs solved
                                                                             # against the learning rate
    python -m rnnlib.chapters.ch07_gated_units.spread --bias-scan            # the same against the gate bias

Prints one line per run (steps to solve, controls, gradient ratios) and, for
each claim, the worst value over the runs, its threshold and the margin.
(Run it with OPENBLAS_NUM_THREADS=1; it takes several minutes.)
"""

import argparse

from ... import claims as C
from . import claims as K
from . import settings as S
from .experiment import (bias_control, gap_runs, gradient_norms, lr_control, make_network, one_sequence,
                         train_to_criterion)


def _range(text):
    lo, _, hi = text.partition("-")
    return range(int(lo), int(hi or lo) + 1)


def claims_of_run(seed, gru_control=False):
    """Every claim of the notebook for SEED = ``seed`` (under the rounding in force), and the quoted numbers."""
    gap = gap_runs(seed=seed)
    control = bias_control(seed=seed, kinds=("GRU", "LSTM") if gru_control else S.CONTROL_KINDS)
    lr = lr_control(seed=seed)
    untrained = gradient_norms({f"{k} untrained": make_network(k, seed=seed) for k in S.KINDS}, seed=seed)
    found = (K.equation_claims(0.0) + K.gap_claims(gap) + K.bias_claims(control)
             + K.gradient_claims(untrained))
    if gap.models["LSTM"] is not None:
        found += K.stepper_claims(one_sequence(gap.models["LSTM"], seed=seed), seed=seed)
    quoted = {f"{kind} k={k}": gap.steps[(kind, k)] for kind in S.KINDS for k in S.GAPS}
    quoted.update({f"control {kind}": v for kind, v in control.items()})
    quoted["RNN lr control"] = lr
    quoted.update({f"{n} h(1)/h(τ)": f"{r[0]:.1e}" for n, r in untrained.h.items()})
    quoted.update({f"{n} s(1)/s(τ)": f"{r[0]:.1e}" for n, r in untrained.s.items()})
    return found, quoted


#: The learning-rate scan: (kind, initial gate bias, learning rates), each at k = LONG, cap CAP, seeds 10-20
LR_SCAN = (("RNN", S.KEEP_BIAS, (0.005, 0.01, 0.02, 0.03, 0.05)), ("LSTM", S.KEEP_BIAS, (0.005, 0.01, 0.02, 0.03)),
           ("GRU", S.KEEP_BIAS, (0.005, 0.01, 0.03)), ("leaky", S.KEEP_BIAS, (0.005, 0.01)))


#: The bias scan: (kind, initial gate biases), at k = LONG, lr LR, cap CAP, seeds 10-20
BIAS_SCAN = (("LSTM", (0.0, 1.0, 2.0, 3.0, 4.0)), ("GRU", (0.0, 2.0, 4.0)))


def lr_scan(seeds=range(10, 21), *, bias_scan=False):
    """Runs solved at the long gap within the cap, per network and learning rate (fresh seeds, rounding in force);
    with ``bias_scan``, per network and initial gate bias at lr ``LR`` instead."""
    grid = [(kind, b, (S.LR,)) for kind, biases in BIAS_SCAN for b in biases] if bias_scan else LR_SCAN
    for kind, bias, rates in grid:
        for lr in rates:
            steps = [train_to_criterion(make_network(kind, s, bias=bias), S.LONG, s, S.CAP, lr=lr) for s in seeds]
            solved = sum(v is not None for v in steps)
            print(f"{kind:>5} bias {bias:g} lr {lr:<5g}: solved {solved:2d}/{len(steps)} {steps}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0-4")
    parser.add_argument("--roundings", default="0-3")
    parser.add_argument("--gru-control", action="store_true")
    parser.add_argument("--lr-scan", action="store_true", help="runs solved against the learning rate, seeds 10-20")
    parser.add_argument("--bias-scan", action="store_true", help="runs solved against the gate bias, seeds 10-20")
    args = parser.parse_args(argv)
    if args.lr_scan or args.bias_scan:
        lr_scan(bias_scan=args.bias_scan)
        return
    every = {}
    for seed in _range(args.seeds):
        for k in _range(args.roundings):
            with C.rounding(k):
                found, quoted = claims_of_run(seed, args.gru_control)
            print(f"seed {seed} rounding {k}:", quoted, flush=True)
            for c in found:
                every.setdefault(c.sentence, []).append(c)
    for sentence, cs in every.items():
        worst = C.worst([c.value for c in cs], cs[0].direction)
        print(f"{sentence}: values {min(c.value for c in cs):.3g}..{max(c.value for c in cs):.3g}, worst {worst:.3g}, "
              f"{cs[0].direction} {cs[0].threshold:g}, held {sum(c.holds for c in cs)}/{len(cs)}")


if __name__ == "__main__":
    main()
