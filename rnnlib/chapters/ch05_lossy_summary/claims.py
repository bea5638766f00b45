"""Chapter 5's claims: each sentence of the text that relies on a number, as rnnlib.claims.Claim lists.

The notebook's hidden guard cells pass these lists to ``rnnlib.claims.check``; the
chapter's tests call the same functions. Thresholds live in :mod:`.settings`.
"""

import numpy as np

from ... import _checks
from ...claims import at_least, at_most, exact
from .settings import (ALPHA_RISE, BOUND_SLACK, CONTROL_NEAR_ZERO, COUNT_KEEPS, COUNT_OVER_UNTRAINED, CUBIC_SHARE,
                       LAG, LINEAR_NEAR, OBJECTIVES, OLD_INPUTS_MOVE, ONE_BIT_SPREAD, OTHERS_LOSE_COUNT,
                       OTHERS_LOSE_SYMBOL, PLACE_DROP,
                       POOR_RADIUS_SHORT, RECALL_KEEPS, SIGN_KEEPS, SIZE_GAP, TANH_SHORT, YEAR_KEEPS)


def _dict(value, name, wanted):
    if not isinstance(value, dict) or not value:
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(value)}, wanted {wanted}")
    return value


def capacity_claims(runs):
    """The linear-capacity table's claims (from :func:`capacity_runs`)."""
    _dict(runs, "runs", "the dict of capacity_runs()")

    def mc(kind, n, rho):
        return float(runs[(kind, n, rho)].sum())

    keys = sorted({(n, rho) for _, n, rho in runs})
    top = max(rho for _, rho in keys)
    big = [(n, rho) for n, rho in keys if n >= 20]
    return [
        at_most("no measured MC exceeds its bound n by more than the held-out sample's noise",
                max(mc(k, n, rho) - n for k, n, rho in runs), BOUND_SLACK),
        at_least(f"the linear networks with ρ = {top} come close to n (smallest MC / n)",
                 min(mc("linear", n, top) / n for n, rho in keys if rho == top), LINEAR_NEAR),
        at_most("the tanh networks of 20 units or more, full-scale input, keep a linear MC of at most half of n",
                max(mc("tanh", n, rho) / n for n, rho in big), TANH_SHORT),
        at_most("the linear networks with ρ = 0.5 and n ≥ 20 fall well short of n at α = 1e-6",
                max(mc("linear", n, rho) / n for n, rho in big if rho == 0.5), POOR_RADIUS_SHORT),
        at_least("every tanh network remembers more (linearly) with small inputs than with full-scale ones",
                 min(mc("tanh, small input", n, rho) - mc("tanh", n, rho) for n, rho in keys), 0.0),
    ]


def nonlinear_claims(nl, n):
    """The nonlinear-capacity table's claims (from :func:`nonlinear_runs`)."""
    _dict(nl, "nl", "the dict of nonlinear_runs()")
    n = _checks.integer(n, "n", 1)
    tanh = {k: v for k, v in nl.items() if k.startswith("tanh") and "shuffled" not in k}
    linear = [v for k, v in nl.items() if k.startswith("linear")]
    shuffled = [v[3] for k, v in nl.items() if "shuffled" in k]
    full = [v for v in nl.values() if len(v) == 3]
    return [
        at_least("the tanh networks keep a large share of n as degree-3 capacity (smallest C3 / n)",
                 min(v[3] for v in tanh.values()) / n, CUBIC_SHARE),
        at_most("the shuffled-target control sums to about 0 (its size)", max(abs(s) for s in shuffled),
                CONTROL_NEAR_ZERO),
        at_most("the linear network holds no nonlinear capacity (largest |C2|, |C3|)",
                max(max(abs(v[2]), abs(v[3])) for v in linear), CONTROL_NEAR_ZERO),
        at_most("a tanh network with b = 0 is odd, so it holds no degree-2 capacity (largest |C2|)",
                max(abs(v[2]) for v in tanh.values()), CONTROL_NEAR_ZERO),
        at_most("the capacities of degrees 1-3 together stay within the bound n",
                max(sum(v.values()) for v in full) - n, BOUND_SLACK),
    ]


def alpha_claims(sweep):
    """The α sweep's claims: the linear MC grows as the ridge penalty shrinks (from :func:`alpha_sweep`)."""
    _dict(sweep, "sweep", "the dict of alpha_sweep()")
    alphas = sorted(sweep, reverse=True)
    values = [sweep[a] for a in alphas]
    return [
        exact("the MC grows at every step as α shrinks", all(b >= a - 0.05 for a, b in zip(values, values[1:]))),
        at_least("least squares (α = 0) reaches far more MC than α = 1e-6", sweep[0.0] - sweep[1e-6], ALPHA_RISE),
    ]


def keep_claims(table, reports):
    """The "what training keeps" claims for one seed's :func:`keep_table` and :func:`train_all` reports."""
    t, r = _dict(table, "table", "the dict of keep_table()"), _dict(reports, "reports", "the reports of train_all()")
    return [
        exact("every trained network reached the criterion on its own task", all(r[o]["reached"] for o in OBJECTIVES)),
        at_least("the recall network decodes x(t−3) almost perfectly", t["recall"]["x(t−3)"], RECALL_KEEPS),
        at_most("the count and sign networks decode x(t−3) poorly (chance 0.25)",
                max(t["count"]["x(t−3)"], t["sign"]["x(t−3)"]), OTHERS_LOSE_SYMBOL),
        at_least("the untrained control decodes x(t−3) less well than the recall network",
                 t["recall"]["x(t−3)"] - t["untrained"]["x(t−3)"], 0.1),
        at_least("the count network decodes x(t−3) less well than the untrained control",
                 t["untrained"]["x(t−3)"] - t["count"]["x(t−3)"], 0.1),
        at_least("the count network holds the balance", t["count"]["balance"], COUNT_KEEPS),
        at_most("the recall network holds little of the balance", t["recall"]["balance"], OTHERS_LOSE_COUNT),
        at_least("the untrained control holds far less of the balance than the count network",
                 t["count"]["balance"] - t["untrained"]["balance"], COUNT_OVER_UNTRAINED),
        at_least("the sign network holds the sign", t["sign"]["sign"], SIGN_KEEPS),
        at_least("at the criterion, the sign network holds the size of the lead less precisely than the count network "
                 "(within-sign R², count minus sign)",
                 t["count"]["|balance| within a sign"] - t["sign"]["|balance| within a sign"], SIZE_GAP),
    ]


def year_claims(table):
    """The year subsection's claims (from :func:`year_keep_table`)."""
    _dict(table, "table", "the dict of year_keep_table()")
    trained, control = table["trained on the year"], table["untrained"]
    return [
        at_least("the year network decodes the year", trained["year"], YEAR_KEEPS),
        at_least("the untrained control decodes the year far less well", trained["year"] - control["year"], 0.3),
        at_least("the year network decodes the destination less accurately than the control",
                 control["destination"] - trained["destination"], PLACE_DROP),
        at_least("the year network keeps less of the length than the control", control["length"] - trained["length"],
                 0.0),
    ]


def one_bit_claims(s, first):
    """The one-unit memory keeps the sign of x(1) and loses its size (from :func:`one_bit_memory`)."""
    s = _checks.real_array(s, "s", "the (τ, m) states of one_bit_memory()", ndim=2)
    first = _checks.real_array(first, "first", "the (m,) first inputs", ndim=1)
    if 0 in s.shape:
        raise ValueError(f"s: got shape {s.shape}, wanted the (τ, m) states of one_bit_memory() with τ, m ≥ 1")
    if first.shape != s.shape[1:]:
        raise ValueError(f"first: got shape {first.shape}, wanted ({s.shape[1]},): one first input per column of s")
    pos = s[-1, first > 0]
    return [
        exact("s(τ) keeps the sign of x(1)", bool(np.all(np.sign(s[-1]) == np.sign(first)))),
        at_most("the positive x(1) end at one fixed point (their spread in s(τ))",
                float(pos.max() - pos.min()) if pos.size else 0.0, ONE_BIT_SPREAD),
    ]


def old_to_new_sensitivity(sensitivity):
    """Mean ‖∂o(t)/∂x(t−k)‖ over the steps t > LAG at lags LAG+1..LAG+3, over that at lags 0..1 (its ratio)."""
    sens = _checks.real_array(sensitivity, "sensitivity", "a (τ, τ) array from fading()", ndim=2, allow_nan=True)
    if sens.shape[0] < 2 * LAG + 1:
        raise ValueError(f"sensitivity: got shape {sens.shape}, wanted (τ, τ) with τ ≥ {2 * LAG + 1}")
    by_lag = np.nanmean(sens[LAG:], axis=0)
    return float(np.mean(by_lag[LAG + 1:2 * LAG + 1]) / np.mean(by_lag[:2]))


def fading_claims(recovered, sensitivity):
    """The fading figure's claims, over all its cells (one sequence, every step t and lag k < t).

    The probes recover x(t−k) for k ≤ LAG almost surely (mean probability over those cells), older
    inputs hardly better than chance (mean over the cells k > LAG), and the output depends most on
    x(t−LAG): its column has the largest mean ‖∂o(t)/∂x(t−k)‖ over the steps t > LAG; yet it still
    moves with the inputs LAG+1..2·LAG steps back (:func:`old_to_new_sensitivity`).
    """
    rec = _checks.real_array(recovered, "recovered", "a (τ, τ) array from fading()", ndim=2, allow_nan=True)
    sens = _checks.real_array(sensitivity, "sensitivity", "a (τ, τ) array from fading()", ndim=2, allow_nan=True)
    if rec.shape != sens.shape or rec.shape[0] <= LAG + 1:
        raise ValueError(f"recovered, sensitivity: got shapes {rec.shape} and {sens.shape}, wanted the same "
                         f"(τ, τ) with τ > {LAG + 1}")
    by_lag = np.nanmean(sens[LAG:], axis=0)
    return [
        at_least(f"the probes recover x(t−k), k = 0..{LAG}, almost surely (mean probability over the map)",
                 float(np.nanmean(rec[:, :LAG + 1])), 0.9),
        at_most("the probes recover older inputs hardly better than chance, 0.25 (mean probability over the map)",
                float(np.nanmean(rec[:, LAG + 1:])), 0.45),
        exact(f"the output depends most on x(t−{LAG}) (largest mean sensitivity over the steps t > {LAG})",
              int(np.nanargmax(by_lag)) == LAG),
        at_least(f"the output still moves with the inputs {LAG + 1}-{2 * LAG} steps back, by a sizeable share of "
                 "how much it moves with the two newest (ratio of mean sensitivities)",
                 old_to_new_sensitivity(sens), OLD_INPUTS_MOVE),
    ]
