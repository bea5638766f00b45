"""The spread of chapter 7's claims over seeds × the rounding ensemble, and the numbers its prose quotes.

    python -m rnnlib.chapters.ch07_gated_units.spread                       # seeds 0-4 × roundings 0-3
    python -m rnnlib.chapters.ch07_gated_units.spread --seeds 5-9 --roundings 0
    python -m rnnlib.chapters.ch07_gated_units.spread --gru-control          # the GRU's bias-0 control too

Prints one line per run (steps to solve, controls, gradient ratios) and, for
each claim, the worst value over the runs, its threshold and the margin.
(Run it with OPENBLAS_NUM_THREADS=1; it takes several minutes.)
"""

import argparse

from ... import claims as C
from . import claims as K
from . import settings as S
from .experiment import bias_control, gap_runs, gradient_norms, lr_control, make_network, one_sequence


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
        found += K.stepper_claims(one_sequence(gap.models["LSTM"], seed=seed))
    quoted = {f"{kind} k={k}": gap.steps[(kind, k)] for kind in S.KINDS for k in S.GAPS}
    quoted.update({f"control {kind}": v for kind, v in control.items()})
    quoted["RNN lr control"] = lr
    quoted.update({f"{n} h(1)/h(τ)": f"{r[0]:.1e}" for n, r in untrained.h.items()})
    quoted.update({f"{n} s(1)/s(τ)": f"{r[0]:.1e}" for n, r in untrained.s.items()})
    return found, quoted


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0-4")
    parser.add_argument("--roundings", default="0-3")
    parser.add_argument("--gru-control", action="store_true")
    args = parser.parse_args(argv)
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
