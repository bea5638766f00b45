"""The claims of chapter 4's prose, as lists of ``rnnlib.claims.Claim``.

The notebook's hidden guard cells call ``rnnlib.claims.check(ch.<x>_claims(...), seed=SEED)``;
``tests/test_ch04_bptt.py`` calls the same functions. Thresholds live in
``settings``; the prose quotes this run's numbers or the measured ranges.
"""

import numpy as np

from ... import _checks
from ... import claims as C
from . import settings as S
from .experiment import ClippingRuns, GapRuns
from .gradients import GradientNorms, Spectra

__all__ = ["equation_claims", "gap_claims", "quiet_claims", "vanishing_claims", "spectra_claims", "stepper_claims",
           "clipping_claims", "truncation_claims"]


def equation_claims(errors):
    """The gradients written in the chapter agree with ``model.backward`` and finite differences.

    errors : dict name -> (error vs model.backward, error vs finite differences or NaN)
    """
    _checks.instance(errors, "errors", dict, "a dict name -> (error vs model.backward, error vs finite differences)")
    values = [v for pair in errors.values() for v in pair if not np.isnan(v)]
    if not values:
        raise ValueError("errors: got no numbers, wanted the relative errors of the table")
    return [C.at_most("the gradients written in this chapter agree with model.backward and with finite "
                      "differences (largest relative error)", max(values), S.GRAD_TOL)]


def gap_claims(gap):
    """At a short gap every run solves at once; at a long one the slowest run needs many times longer."""
    _checks.instance(gap, "gap", GapRuns, "the GapRuns of ch.gap_runs")
    short = max(gap.worst(k) for k in gap.distances if k <= S.GAP_SHORT)
    long = gap.worst(S.GAP_LONG)
    return [
        C.at_most(f"every run at a gap k ≤ {S.GAP_SHORT} solves the copy-first task within a few tens of steps "
                  "(the slowest run's steps)", short, S.SHORT_MAX_STEPS),
        C.at_least(f"the plateau grows with the gap: the slowest run at k = {S.GAP_LONG} needs many times the "
                   f"steps of the slowest at k ≤ {S.GAP_SHORT} (ratio)", long / short, S.PLATEAU_RATIO_MIN),
    ]


def quiet_claims(quiet):
    """The quiet control: the same distance with nothing read in between, and no plateau."""
    _checks.instance(quiet, "quiet", GapRuns, "the GapRuns of ch.gap_runs(..., quiet=True)")
    return [C.at_most(f"with zero vectors in the gap (the quiet control), every run at k = {S.GAP_LONG} solves "
                      "within a few tens of steps (the slowest run's steps)", quiet.worst(S.GAP_LONG),
                      S.QUIET_MAX_STEPS)]


def vanishing_claims(norms):
    """W = ρQ: every measured norm under its bound; ρ ≤ 1 vanishes, ρ = 1.5 still shrinks, ρ ≥ 2 grows."""
    _checks.instance(norms, "norms", GradientNorms, "the GradientNorms of ch.gradient_norms")
    if norms.kind != "orthogonal" or not {1.0, 1.5, 2.0} <= set(norms.radii):
        raise ValueError("norms: wanted ch.gradient_norms(ch.RADII, ...) with W = ρQ")
    worst = max(float((norms.per_sequence[r] / norms.bound(r)[:, None]).max()) for r in norms.radii)
    slopes = [norms.tanh_prime[r] for r in norms.radii]
    return [
        C.at_most("every measured gradient norm lies under its bound σ_max^(τ−t) (largest measured / bound)",
                  worst, 1 + 1e-9),
        C.at_most("for ρ ≤ 1 the gradient shrinks by two orders of magnitude or more over 30 steps (largest ratio)",
                  max(norms.at(r, 30) for r in norms.radii if r <= 1), S.VANISHED_BELOW),
        C.at_most("for ρ = 1.5 the gradient still shrinks over 30 steps, though the bound allows growth",
                  norms.at(1.5, 30), 1.0),
        C.at_least("for ρ ≥ 2 the gradient grows over 30 steps (smallest ratio)",
                   min(norms.at(r, 30) for r in norms.radii if r >= 2), S.EXPLODED_ABOVE),
        C.exact("the mean tanh' falls as ρ grows (the units saturate)", slopes == sorted(slopes, reverse=True)),
    ]


def spectra_claims(sp):
    """The Gaussian W: σ_max well above ρ, ‖Wⁿ‖ above ρⁿ (transient growth); the default W vanishes by saturation."""
    _checks.instance(sp, "sp", Spectra, "the Spectra of ch.spectra")
    orth, gauss, default = sp.names
    n = S.TRANSIENT_STEPS
    return [
        C.at_least(f"the Gaussian W rescaled to ρ = {S.NONNORMAL_RHO:g} has σ_max well above ρ (σ_max / ρ)",
                   sp.sigma_max[gauss] / sp.rho[gauss], S.SIGMA_RATIO_MIN),
        C.at_least(f"its powers start above ρⁿ: ‖W^{n}‖ / ρ^{n} (the orthogonal W gives exactly 1)",
                   sp.powers[gauss][n] / sp.rho[gauss] ** n, S.TRANSIENT_MIN),
        C.at_least(f"the default W is not small: its powers grow at first (‖W^{n}‖)", sp.powers[default][n],
                   S.DEFAULT_POWER_MIN),
        C.at_most(f"yet with the default W the gradient has already shrunk after {n} steps (ratio at n = {n})",
                  sp.grad_ratio[default][n], S.DEFAULT_SHRUNK_BELOW),
        C.at_most("and over 30 steps it shrinks to a small fraction (ratio at n = 30)", sp.grad_ratio[default][30],
                  S.DEFAULT_VANISHED_BELOW),
    ]


def stepper_claims(norm_h):
    """The backward stepper's network: the gradient reaching h(1) is a small fraction of that at h(τ)."""
    norm_h = _checks.real_array(norm_h, "norm_h", "the ‖∇h(t)‖ of ch.backward_norms", ndim=1)
    if len(norm_h) < 2 or norm_h[-1] <= 0:
        raise ValueError(f"norm_h: got {len(norm_h)} values ending in {norm_h[-1] if len(norm_h) else None}, wanted "
                         "the ‖∇h(1..τ)‖ of ch.backward_norms (τ ≥ 2, ‖∇h(τ)‖ > 0)")
    return [C.at_most("walking back from τ to 1, the gradient fades to a small fraction (‖∇h(1)‖ / ‖∇h(τ)‖)",
                      norm_h[0] / norm_h[-1], S.STEPPER_FADED_BELOW)]


def clipping_claims(runs):
    """Clipped at lr 1 most runs solve; the same lr without clipping almost never does."""
    _checks.instance(runs, "runs", ClippingRuns, "the ClippingRuns of ch.clipping_runs")
    clipped, unclipped = S.CLIP_ARMS[0][0], S.CLIP_ARMS[1][0]
    return [
        C.at_least("with clipping, most runs at learning rate 1 solve the task within the cap (runs solved)",
                   runs.solved(clipped), S.CLIPPED_MIN_SOLVED),
        C.at_most("without clipping, the same learning rate almost never does (runs solved)",
                  runs.solved(unclipped), S.UNCLIPPED_MAX_SOLVED),
    ]


def truncation_claims(acc, same_as_library):
    """Truncated to ℓ = d, the echo stays near chance; ℓ = d + 1 learns most of it; full BPTT all of it."""
    _checks.instance(acc, "acc", dict, "the dict of ch.echo_accuracy")
    d = S.ECHO_DELAY
    if not {d, d + 1, None} <= set(acc):
        raise ValueError(f"acc: got windows {sorted(acc, key=str)}, wanted {d}, {d + 1} and None")
    return [
        C.exact("the notebook's truncated BPTT computes what ch.truncated_loss_and_grads does", same_as_library),
        C.at_most(f"truncated to ℓ = {d} steps the echo stays far below full BPTT (accuracy)", acc[d],
                  S.TRUNC_SHORT_MAX_ACC),
        C.at_least(f"truncated to ℓ = {d + 1} steps it learns most of it (accuracy)", acc[d + 1], S.ONE_MORE_MIN_ACC),
        C.at_least("full BPTT learns the echo (accuracy)", acc[None], S.FULL_MIN_ACC),
    ]
