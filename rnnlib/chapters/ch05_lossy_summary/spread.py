"""The keep experiment over seeds × the rounding ensemble, and the equal-budget control.

Run ``python -m rnnlib.chapters.ch05_lossy_summary.spread [seeds] [roundings]`` (default seeds 0-4,
roundings 0-3), or ``... spread --memory [seeds]`` for the untrained networks' capacities (no
training, so no rounding ensemble: one run per seed). For every run it prints each network's
own-task accuracy and training steps, the probe scores of the table, and two controls: the sign
network trained for as many steps as the count network of the same run needed, keeping the check
with its best own-task accuracy (so that a shorter training cannot explain its less precise size),
and a logistic probe of the exact lead within a sign (so that a nonlinear but precise code cannot
pass for an imprecise one). The last lines give the range of each number, the ranges the chapter's
text quotes.
"""

import sys

from ... import _checks
from ...claims import rounding
from .claims import old_to_new_sensitivity
from .keep import (exact_lead_accuracy, fading, keep_table, lag_probes, probe_quantities, symbol_stream, train_all,
                   train_objective)
from .memory import alpha_sweep, capacity_runs, nonlinear_runs
from .settings import NL_SIZE

_WITHIN = "|balance| within a sign"
_CONTROL = "sign, count's budget"
_EXACT = "exact lead within a sign"


def run(seed, k):
    """One seed and rounding member: ``{name: {quantity: value}}`` including own-task accuracy and steps."""
    seed = _checks.integer(seed, "seed", 0)
    with rounding(k):
        models, reports = train_all(seed)
        table = keep_table(seed, models)
        budget = reports["count"]["steps"]
        control, rep = train_objective("sign", seed, criterion=1.0, max_steps=budget,   # stops early only at 100 %
                                       keep_best=True)                                # the best check, not the last
        table[_CONTROL] = probe_quantities(control, seed)
        reports[_CONTROL] = rep
        sequence = symbol_stream(1, tau=8, seed=[seed, 7]).symbols[:, 0]           # the chapter's fading figure
        sensitivity = fading(models["recall"], sequence, lag_probes(models["recall"], max_lag=7, seed=seed))[1]
    for name in table:
        table[name]["exact lead within a sign"] = exact_lead_accuracy(models.get(name, control), seed)[0]
        table[name]["own accuracy"] = reports[name]["accuracy"]
        table[name]["steps"] = reports[name]["steps"]
    table["recall"]["gradient, lags 4-6 / lags 0-1"] = old_to_new_sensitivity(sensitivity)
    return table


def main(seeds=range(5), roundings=range(4)):
    """Print every run and the ranges over all of them."""
    rows = []
    for seed in seeds:
        for k in roundings:
            t = run(seed, k)
            rows.append(t)
            print(f"seed {seed} rounding {k}: " + "; ".join(
                f"{name}: " + ", ".join(f"{q} {v:.3f}" if isinstance(v, float) else f"{q} {v}" for q, v in d.items())
                for name, d in t.items()), flush=True)

    def span(values):
        return f"{min(values):.2f}-{max(values):.2f}"

    print("\nranges over", len(rows), "runs")
    for name in rows[0]:
        for q in rows[0][name]:
            if any(q not in r[name] for r in rows):
                continue
            print(f"  {name:>22} {q:>24}: {span([r[name][q] for r in rows])}")
    print(f"  count − sign, {_WITHIN}: {span([r['count'][_WITHIN] - r['sign'][_WITHIN] for r in rows])}")
    control = [r["count"][_WITHIN] - r[_CONTROL][_WITHIN] for r in rows]
    print(f"  count − sign at count's budget, {_WITHIN}: {span(control)}")
    exact = [r["count"][_EXACT] - r["sign"][_EXACT] for r in rows]
    print(f"  count − sign, {_EXACT} (accuracy, the read-out control): {span(exact)}")


def memory(seeds=range(5)):
    """Print the capacity tables' numbers for every seed, and their ranges."""
    rows = []
    for seed in seeds:
        runs, nl, sweep = capacity_runs(seed=seed), nonlinear_runs(seed=seed), alpha_sweep(seed=seed)
        row = {f"MC {kind}, n = {n}, ρ = {rho}": float(r2.sum()) for (kind, n, rho), r2 in runs.items()}
        row.update({f"C{d} {name}": c for name, caps in nl.items() for d, c in caps.items()})
        row.update({f"C1+C2+C3 {name} (bound {NL_SIZE})": sum(caps.values()) for name, caps in nl.items()
                    if len(caps) == 3})
        row.update({f"MC at α = {a:g}": v for a, v in sweep.items()})
        row["MC at α = 0, rcond 1e-15"] = alpha_sweep(alphas=(0.0,), seed=seed, rcond=1e-15)[0.0]
        rows.append(row)
        print(f"seed {seed}: " + ", ".join(f"{q} {v:.2f}" for q, v in row.items()), flush=True)
    print("\nranges over seeds", list(seeds))
    for q in rows[0]:
        print(f"  {q:>48}: {min(r[q] for r in rows):.1f} to {max(r[q] for r in rows):.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        memory(*[list(map(int, a.split(","))) for a in sys.argv[2:3]])
    else:
        main(*[list(map(int, a.split(","))) for a in sys.argv[1:3]])
