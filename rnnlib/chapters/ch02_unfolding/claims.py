"""Chapter 2's claims: each number its prose relies on, against a threshold from :mod:`.settings`.

The notebook's hidden guard cells call ``rnnlib.claims.check(ch.<...>_claims(...), seed=SEED)``
with the values the cells above printed; the chapter's test calls the same functions.
Most are exact mathematics (they hold on every machine); the one random experiment
(the driven network, its inputs drawn from SEED) holds with a margin of many orders of magnitude.
"""

from ... import _checks
from ... import claims as C
from . import settings as S
from .experiment import difference, systems_arg

__all__ = ["unfolding_claims", "memory_claims", "encoder_claims", "stability_claims", "qualifier_claims"]


def unfolding_claims(same_by_hand, same_as_forward):
    """The unfolding is eq. 10.3 written out, and unfolding ``rnnlib.rnn.step`` is ``RNN.forward``."""
    same_by_hand = _checks.boolean(same_by_hand, "same_by_hand")
    same_as_forward = _checks.boolean(same_as_forward, "same_as_forward")
    return [C.exact("rl.rnn.unfold's s(3) is f(f(f(s(0))))", same_by_hand),
            C.exact("unfolding rl.rnn.step by hand gives model.forward(x).h", same_as_forward)]


def memory_claims(star, slope, tanh_d, ends, late_gap, forgotten):
    """The section on the scalar memory (w = 1.1 and w = 0.5).

    star : fixed point of tanh(1.1 s);  slope : the map's slope there, w·tanh′;  tanh_d : tanh′ there;
    ends : {x(1): s(12)} for x(1) = 1 and 2;  late_gap : |s(48)| difference of those two runs;
    forgotten : |s_a(12) − s_b(12)| for x(1) = ±1 with w = 0.5.
    """
    if not (isinstance(ends, dict) and set(ends) == {1.0, 2.0}):
        raise _checks.ArgumentTypeError(f"ends: got {_checks._got(ends)}, wanted a dict {{1.0: s(12), 2.0: s(12)}}")
    star, slope, tanh_d, late_gap, forgotten = (
        _checks.number(v, k) for v, k in ((star, "star"), (slope, "slope"), (tanh_d, "tanh_d"), (late_gap, "late_gap"),
                                          (forgotten, "forgotten")))
    ends = {k: _checks.number(v, f"ends[{k}]") for k, v in ends.items()}
    return [
        C.at_most(f"the stable fixed points of tanh(1.1 s) are ±{S.FIXED_POINT}", abs(star - S.FIXED_POINT),
                  S.FIXED_POINT_TOL),
        C.at_most("the map's slope w·tanh′ at the fixed point is below 1, so it attracts", slope, 0.9),
        C.at_least("tanh′ at the fixed point is far from 0 (this is not saturation)", tanh_d, 0.5),
        C.at_most("x(1) = 1 and x(1) = 2 end nearly in the same state after 12 steps", abs(ends[2.0] - ends[1.0]),
                  0.01),
        C.at_most("at t = 48 they are still apart, but by a tiny amount", late_gap, 1e-4),
        C.at_least("at t = 48 they are not yet the same number", late_gap, 1e-12),
        C.at_most("with w = 0.5 the first input is forgotten after 12 steps", forgotten, S.FORGOTTEN),
    ]


def encoder_claims(n_distinct, n_pasts, min_gap, quantised, t_equal):
    """The one-unit binary encoder: all pasts distinct in float64, yet close; b bits merge them.

    quantised : {bits: number of distinct states when each step's state is kept in ``bits`` bits};
    t_equal : the first step at which two pasts that differ only in x(1) are the same float64 number, or None.
    """
    n_distinct = _checks.integer(n_distinct, "n_distinct", 1)
    n_pasts = _checks.integer(n_pasts, "n_pasts", 1, 2**S.MAX_PAST, " (the pasts binary_pasts enumerates)")
    if n_distinct > n_pasts:
        raise ValueError(f"n_distinct: got {n_distinct:,} distinct states, wanted at most n_pasts = {n_pasts:,}")
    min_gap = _checks.number(min_gap, "min_gap", 0)
    _checks.instance(quantised, "quantised", dict, "a dict {bits: number of distinct states}")
    for bits, count in quantised.items():
        _checks.integer(bits, "quantised", 1, 64, " (bits per state: a key of quantised)")
        _checks.integer(count, f"quantised[{bits}]", 1)
    t_equal = _checks.integer(t_equal, "t_equal", 1, allow_none=True)
    out = [C.exact(f"one tanh unit keeps all {n_pasts:,} binary pasts distinct", n_distinct == n_pasts),
           C.at_most("the closest two pasts end in states far closer than any noise a network would meet", min_gap,
                     S.NEAR_GAP)]
    for bits, count in quantised.items():
        out.append(C.exact(f"kept in {bits} bits, the unit merges pasts (at most 2^{bits} states)",
                           count <= 2**bits and count < n_pasts))
    out.append(C.exact("two pasts that differ only in x(1) become the same float64 number", t_equal is not None))
    return out


def stability_claims(systems, t=100):
    """The spectral-radius table, systems ``{name: (radius, f, s_a, s_b)}`` as for ``stability_table``.

    Below 1 the difference dies out; above 1 it persists, bounded, under tanh, and grows
    without it (a system whose name contains "(no tanh)").
    """
    systems = systems_arg(systems)
    out = []
    for name, (radius, f, a, b) in systems.items():
        start, end = difference(f, a, b, (1, t))
        if radius < 1:
            out.append(C.at_most(f"{name}: ρ < 1 and the difference dies out by t = {t}", end, S.DIES_OUT))
        elif "(no tanh)" in name:
            out.append(C.at_least(f"{name}: ρ > 1 and the difference blows up (growth by t = {t})", end / start,
                                  S.BLOWS_UP))
        else:
            low, high = S.PERSIST_RANGE
            out.append(C.at_least(f"{name}: ρ > 1 and the difference persists at t = {t}", end, low))
            out.append(C.at_most(f"{name}: ρ > 1 and the difference stays bounded at t = {t}", end, high))
    return out


def qualifier_claims(rho_nonnormal, peak, rho_driven, driven_ends, rate):
    """The two qualifiers: a non-normal W with ρ < 1 grows a difference first; a driven W with ρ > 1 forgets.

    peak : max over t of |δ(t)| / |δ(0)| for tanh(W s) with the non-normal W;
    driven_ends : {u: the difference after DRIVEN_STEPS steps} for u = 0 (no input), WEAK_U and DRIVE_U;
    rate : ``contraction_rate`` of the run with input strength DRIVE_U.
    """
    _checks.instance(driven_ends, "driven_ends", dict, "a dict {u: difference at the last step}")
    if set(driven_ends) != {0.0, S.WEAK_U, S.DRIVE_U}:
        raise ValueError(f"driven_ends: got the keys {sorted(driven_ends)}, wanted 0.0, {S.WEAK_U} and {S.DRIVE_U}")
    driven_ends = {k: _checks.number(v, f"driven_ends[{k}]", 0) for k, v in driven_ends.items()}
    rho_nonnormal, peak, rho_driven, rate = (
        _checks.number(v, k, 0) for v, k in ((rho_nonnormal, "rho_nonnormal"), (peak, "peak"),
                                             (rho_driven, "rho_driven"), (rate, "rate")))
    return [
        C.at_most("the non-normal W has spectral radius below 1", rho_nonnormal, 0.9),
        C.at_least("yet it first grows a difference several-fold", peak, S.TRANSIENT_PEAK),
        C.at_least("the driven network's W has spectral radius above 1", rho_driven, 1.1),
        C.at_most(f"driven with u = {S.DRIVE_U}, it forgets its initial state completely within {S.DRIVEN_STEPS} "
                  "steps", driven_ends[S.DRIVE_U], S.ECHO_GAP),
        C.at_most("along that run the Jacobians shrink a small difference at every step on average", rate,
                  S.MAX_RATE),
        C.at_least("without input the same W keeps the difference", driven_ends[0.0], S.PERSISTS),
        C.at_least(f"with weak input (u = {S.WEAK_U}) the difference has not died out after {S.DRIVEN_STEPS} steps",
                   driven_ends[S.WEAK_U], S.NOT_DEAD),
    ]
