"""Chapter 6's numbers over seeds × the rounding ensemble, as the notebook computes them (faster than
executing the notebook, and with the values the prose quotes as ranges, not only the claims).

    python benchmarks/ch06_spread.py                       # seeds 0-4 × roundings 0-3
    python benchmarks/ch06_spread.py --seeds 5-9 --roundings 0
    python benchmarks/ch06_spread.py --budget --seeds 0-4 --roundings 0-1   # the budget control (3 × steps)

Prints one JSON line per (seed, rounding), then per quantity the range (min-max) over all runs and, for
each claim, its worst value and margin. Asserts nothing.
"""

import argparse
import json
import sys
from collections import defaultdict

import numpy as np

from rnnlib import claims
from rnnlib.chapters import ch06_seq2seq as ch


def span(text):
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def run(seed, budget):
    data = ch.task(seed)
    row, found = {}, []
    if budget:
        steps = ch.BUDGET_FACTOR * ch.STEPS
        small = ch.accuracy_by_length(ch.train_model(data.train, seed, n_hidden=16, steps=steps,
                                                     progress=False)[0], data.test)
        short = ch.accuracy_by_length(ch.train_model(data.short, seed, steps=steps, progress=False)[0], data.test)
        mid = ch.accuracy_by_length(ch.train_model(data.train, seed, n_hidden=32, steps=steps,
                                                   progress=False)[0], data.test)
        rev = ch.accuracy_by_length(ch.train_model(data.train, seed, n_hidden=16, steps=steps, reverse=True,
                                                   progress=False)[0], data.test, reverse=True)
        for n in ch.TEST_LENGTHS:
            row[f"budget H16 n{n}"], row[f"budget short n{n}"] = small[n][0], short[n][0]
            row[f"budget H32 n{n}"], row[f"budget H16 reversed n{n}"] = mid[n][0], rev[n][0]
        return row, ch.budget_claims(small, short, rev)
    model, _ = ch.train_model(data.train, seed, progress=False)
    by_length = ch.accuracy_by_length(model, data.test)
    short = ch.accuracy_by_length(ch.train_model(data.short, seed, progress=False)[0], data.test)
    sweep = {h: ch.accuracy_by_length(m, data.test)
             for h, m in ch.sweep(data.train, seed, ch.SIZES, trained={ch.N_HIDDEN: model}, progress=False).items()}
    five = ch.accuracy_by_length(model, ch.with_digits(data.test, 5))
    planted = ch.planted_errors(model, data.test, ch.PLANT_POSITIONS)
    split = ch.search_errors(model, data.test, ch.BEAM_WIDTH)
    gain = float(split.beam_ok.mean() - split.greedy_ok.mean())
    src = data.test.batch()[0]
    same = model.beam(src, 1, ch.MAX_LEN) == model.greedy(src, ch.MAX_LEN)
    row["test"] = float(ch.exact_match(model, data.test).mean())
    for n in ch.TEST_LENGTHS:
        row[f"H64 n{n}"], row[f"short n{n}"] = by_length[n][0], short[n][0]
        for h in ch.SIZES:
            row[f"sweep H{h} n{n}"] = sweep[h][n][0]
    for n in ch.TEST_LENGTHS:
        row[f"five-digit H64 n{n}"] = five[n][0]
    for t, a, b in zip(planted.positions, planted.right_after_true, planted.right_after_wrong):
        row[f"plant t{t} true"], row[f"plant t{t} wrong"], row[f"plant t{t} drop"] = a, b, a - b
    row.update({"beam gain": gain, "fixes": split.fixes, "breaks": split.breaks, "search errors": split.search,
                "model errors": split.model, "beam cut off": split.cutoff,
                "greedy wrong": int((~split.greedy_ok).sum()), "greedy search errors": split.greedy_search,
                "greedy cut off": split.greedy_cutoff})
    p_stop = [model.forward(ch.source_ids(t), np.array([3 + int(c) for c in d] + [model.end])).y_hat[3, model.end]
              for t, d in ch.STOP_CASES]
    row["p stop 320"], row["p stop 3200"] = float(p_stop[0]), float(p_stop[1])
    found += ch.stop_claims(p_stop)
    found += ch.extrapolation_claims(short, by_length) + ch.capacity_claims(sweep) + ch.planted_claims(planted)
    found += ch.answer_length_claims(five)
    found += ch.beam_claims(split, same, gain)
    return row, found


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0-4")
    ap.add_argument("--roundings", default="0-3")
    ap.add_argument("--budget", action="store_true", help="run the budget control instead of the notebook's runs")
    args = ap.parse_args(argv)
    values, worst = defaultdict(list), {}
    for seed in span(args.seeds):
        for k in span(args.roundings):
            with claims.rounding(k):
                row, found = run(seed, args.budget)
            print(json.dumps({"seed": seed, "rounding": k, **row}), flush=True)
            for key, v in row.items():
                values[key].append(v)
            for c in found:
                worst.setdefault(c.sentence, []).append(c)
    print("\nquantity: min-max over all runs")
    for key, vs in values.items():
        print(f"  {key:24} {min(vs):.3f}-{max(vs):.3f}")
    print("\nclaim: worst value, threshold, margin")
    for sentence, cs in worst.items():
        w = min(cs, key=lambda c: c.margin)
        print(f"  {sentence}: worst {w.value:.4g} ({w.direction} {w.threshold:.4g}), margin {w.margin:+.4g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
