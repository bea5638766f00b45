"""The spread of chapter 4's claims over seeds × the rounding ensemble, and the runs its prose quotes.

    python -m rnnlib.chapters.ch04_bptt.spread            # every claim, seeds 0-4 × roundings 0-3
    python -m rnnlib.chapters.ch04_bptt.spread --seeds 5-9 --roundings 0
    python -m rnnlib.chapters.ch04_bptt.spread lr         # clipping: the learning-rate grid without clipping
    python -m rnnlib.chapters.ch04_bptt.spread long       # steps to solve at k = 32 and 48 with a cap of 3000
    python -m rnnlib.chapters.ch04_bptt.spread readout --seeds 0-9 --roundings 0   # the truncation control
    python -m rnnlib.chapters.ch04_bptt.spread untrained --seeds 0-39 --roundings 0  # the untrained networks' numbers
    python -m rnnlib.chapters.ch04_bptt.spread inputs --seeds 0-9 --roundings 0     # saturation: U scaled, W = ρQ
    python -m rnnlib.chapters.ch04_bptt.spread gapreadout --seeds 0-4 --roundings 0  # copy-first, read-out only

Prints, for each claim, the worst value over the runs, its threshold and the
margin, and the range of every number the prose quotes. (Run it with
OPENBLAS_NUM_THREADS=1; it takes a few minutes.)
"""

import argparse

import numpy as np

from ... import claims as C
from ... import gradcheck
from ...functional import one_hot
from ...rnn import RNN
from . import claims as K
from . import settings as S
from .equations import bptt
from .experiment import (clipping_runs, copy_first, echo_accuracy, echo_readout_accuracy, gap_runs,
                         truncated_loss_and_grads)
from .gradients import backward_norms, gradient_norms, spectra


def _range(text):
    lo, _, hi = text.partition("-")
    return range(int(lo), int(hi or lo) + 1)


def claims_of_run(seed):
    """Every claim of the notebook for SEED = ``seed`` (under the rounding in force), and the quoted numbers."""
    model = RNN(3, 5, 3, seed=seed)
    rng = np.random.default_rng(seed)
    x, y = one_hot(rng.integers(0, 3, 5), 3), rng.integers(0, 3, 5)
    _, grads, _ = bptt(model, x, y)
    ref = model.backward(x, y)[1]
    num = gradcheck.numerical_gradients(lambda: model.loss_and_grads(x, y)[0], model.params)
    errors = {k: (gradcheck.relative_error(grads[k], ref[k]), gradcheck.relative_error(grads[k], num[k]))
              for k in grads}
    gap = gap_runs(seed=seed)
    step_model = RNN(S.GAP_SYMBOLS, S.GAP_HIDDEN, S.GAP_SYMBOLS, pattern="last", seed=seed)
    xs, ys = copy_first(1, S.STEPPER_TAU - 1, seed=seed)
    norm_h, _ = backward_norms(step_model, xs[:, 0], ys[0])
    runs = clipping_runs(seed)
    acc = echo_accuracy(seed=seed)
    lib = truncated_loss_and_grads(model, x, y, 2)
    quiet = gap_runs((S.GAP_LONG,), seed=seed, quiet=True)
    found = (K.equation_claims(errors) + K.gap_claims(gap) + K.quiet_claims(quiet)
             + K.vanishing_claims(gradient_norms(S.RADII, seed=seed))
             + K.spectra_claims(spectra(seed)) + K.stepper_claims(norm_h) + K.clipping_claims(runs)
             + K.truncation_claims(acc, bool(np.isfinite(lib[0]))))
    quoted = {f"steps to solve, k = {k}": [s for s in gap.steps(k)] for k in gap.distances}
    quoted[f"steps to solve, quiet k = {S.GAP_LONG}"] = quiet.steps(S.GAP_LONG)
    quoted.update({f"solved of {S.CLIP_RUNS}, {name}": [runs.solved(name)] for name, _, _ in S.CLIP_ARMS})
    quoted.update({f"echo accuracy, ℓ = {w or 'full'}": [round(a, 3)] for w, a in acc.items()})
    return found, quoted


def _untrained(seeds):
    """The prose's numbers about untrained networks (no training: the rounding ensemble does not move them)."""
    rows = {k: [] for k in ("stepper ‖∇h(1)‖/‖∇h(τ)‖", "default σ_max/ρ", "default ‖W^5‖", "default ratio n = 5",
                            "default ratio n = 30", "W = ρQ, largest ratio at 30 for ρ ≤ 1", "W = 1.5Q, ratio at 30")}
    for seed in seeds:
        model = RNN(S.GAP_SYMBOLS, S.GAP_HIDDEN, S.GAP_SYMBOLS, pattern="last", seed=seed)
        xs, ys = copy_first(1, S.STEPPER_TAU - 1, seed=seed)
        norm_h, _ = backward_norms(model, xs[:, 0], ys[0])
        sp, norms = spectra(seed), gradient_norms(S.RADII, seed=seed)
        d = sp.names[2]
        values = (norm_h[0] / norm_h[-1], sp.sigma_max[d] / sp.rho[d], sp.powers[d][5], sp.grad_ratio[d][5],
                  sp.grad_ratio[d][30], max(norms.at(r, 30) for r in norms.radii if r <= 1), norms.at(1.5, 30))
        for key, v in zip(rows, values):
            rows[key].append(float(v))
        print(f"seed {seed}: " + "; ".join(f"{k} {v:.3g}" for k, v in zip(rows, values)), flush=True)
    for key, v in rows.items():
        print(f"- {key}: {min(v):.3g} to {max(v):.3g}, median {float(np.median(v)):.3g}")


class _ReadoutOnly:
    """The copy-first network with U, W, b frozen at their initial values: only V and c train."""

    def __init__(self, model):
        self.model = model

    @property
    def params(self):
        return self.model.params

    def loss_and_grads(self, x, y):
        value, grads = self.model.loss_and_grads(x, y)
        return value, {k: g if k in ("V", "c") else np.zeros_like(g) for k, g in grads.items()}

    def predict(self, x):
        return self.model.predict(x)


def _gap_readout(seed, k):
    """Steps to solve of gap_runs' five networks at gap k with only the read-out trained."""
    from ...optim import Adam
    from .experiment import train_to_criterion
    steps = []
    for r in range(S.GAP_RUNS):
        rng = np.random.default_rng([seed, r, k])
        test = copy_first(S.GAP_TEST, k, seed=np.random.default_rng([seed, r, k, 1]))
        model = RNN(S.GAP_SYMBOLS, S.GAP_HIDDEN, S.GAP_SYMBOLS, pattern="last", seed=10 * seed + r)
        run = train_to_criterion(_ReadoutOnly(model), lambda _i, rng=rng: copy_first(S.GAP_BATCH, k, seed=rng),
                                 test, optimizer=Adam(lr=S.GAP_LR), clip=S.GAP_CLIP, cap=S.GAP_CAP,
                                 every=S.GAP_EVERY)
        steps.append(run.solved_at)
    return steps


def _inputs(seeds):
    """W = ρQ with U scaled: how hard the inputs drive the units decides whether ρ = 1.5 or 2 vanishes."""
    from .gradients import _orthogonal
    for seed in seeds:
        rng = np.random.default_rng(seed)
        model = RNN(4, 32, 4, pattern="last", seed=seed)
        Q = _orthogonal(32, rng)
        x, y = one_hot(rng.integers(0, 4, (60, 32)), 4), rng.integers(0, 4, 32)
        U0, out = model.params["U"].copy(), []
        for rho, scale in ((1.0, 0.1), (1.5, 0.1), (1.5, 1.0), (2.0, 1.0), (2.0, 3.0)):
            model.params["W"], model.params["U"] = rho * Q, scale * U0
            _, _, dh = model.backward(x, y)
            n = np.linalg.norm(dh, axis=-1)
            ratio = float(np.exp(np.log(n[-31] / n[-1]).mean()))
            slope = float((1 - model.forward(x).h ** 2).mean())
            out.append(f"ρ {rho:g}, U × {scale:g}: ratio at 30 {ratio:.2g}, mean tanh' {slope:.2f}")
        print(f"seed {seed}: " + " | ".join(out), flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", nargs="?", default="claims",
                    choices=("claims", "lr", "long", "readout", "untrained", "inputs", "gapreadout"))
    ap.add_argument("--seeds", default="0-4")
    ap.add_argument("--roundings", default="0-3")
    args = ap.parse_args(argv)
    seeds, roundings = _range(args.seeds), _range(args.roundings)
    if args.what == "lr":
        grid = tuple((f"lr {lr:g}" + (", clipped at 1" if clip else ""), lr, clip)
                     for lr in (0.03, 0.1, 0.3, 1.0) for clip in (None, 1.0))
        total = {a[0]: 0 for a in grid}
        for seed in seeds:
            for r in roundings:
                with C.rounding(r):
                    runs = clipping_runs(seed, arms=grid)
                for name in total:
                    total[name] += runs.solved(name)
        n = len(seeds) * len(roundings) * S.CLIP_RUNS
        for name, solved in total.items():
            print(f"{name:>22}: {solved} of {n} runs solved within {S.CLIP_CAP} steps")
        return
    if args.what == "readout":
        for seed in seeds:
            for r in roundings:
                with C.rounding(r):
                    ro, tr = echo_readout_accuracy(seed=seed), echo_accuracy((S.ECHO_DELAY,), seed=seed)[S.ECHO_DELAY]
                print(f"seed {seed}, rounding {r}: read-out only {ro:.3f}; truncated to ℓ = {S.ECHO_DELAY}: {tr:.3f}",
                      flush=True)
        return
    if args.what == "untrained":
        _untrained(seeds)
        return
    if args.what == "inputs":
        _inputs(seeds)
        return
    if args.what == "gapreadout":
        for seed in seeds:
            for r in roundings:
                with C.rounding(r):
                    print(f"seed {seed}, rounding {r}: " + "; ".join(
                        f"k = {k}: {_gap_readout(seed, k)}" for k in (2, 4, 8)), flush=True)
        return
    if args.what == "long":
        for seed in seeds:
            gap = gap_runs((32, 48), seed=seed, cap=3000)
            print(f"seed {seed}: " + "; ".join(f"k = {k}: {gap.steps(k)}" for k in gap.distances), flush=True)
        return
    by_sentence, quoted = {}, {}
    for seed in seeds:
        for r in roundings:
            with C.rounding(r):
                found, numbers = claims_of_run(seed)
            for c in found:
                by_sentence.setdefault(c.sentence, []).append(c)
            for key, values in numbers.items():
                quoted.setdefault(key, []).extend(v for v in values)
            print(f"seed {seed}, rounding {r}: {sum(c.holds for c in found)} of {len(found)} claims hold", flush=True)
    print(f"\nclaims over seeds {args.seeds} × roundings {args.roundings}")
    for sentence, cs in by_sentence.items():
        worst = min(cs, key=lambda c: c.margin)
        values = [c.value for c in cs]
        print(f"- {sentence}\n    {worst.direction} {worst.threshold:.4g}; measured {min(values):.4g} to "
              f"{max(values):.4g}; worst margin {worst.margin:.4g}")
    print("\nnumbers the prose quotes (None: not solved within the cap)")
    for key, values in quoted.items():
        solved = [v for v in values if v is not None]
        missed = len(values) - len(solved)
        text = f"{min(solved):g} to {max(solved):g}" if solved else "none solved"
        print(f"- {key}: {text}" + (f", {missed} of {len(values)} not solved" if missed else ""))


if __name__ == "__main__":
    main()
