"""Chapter 2's exercise checks: the reader predicts (or writes) an answer, the check tells right from wrong.

Each check returns an ``rnnlib.exercises.Result``; a wrong answer never passes (the
chapter's test tries every nearby wrong answer), and no hint contains the solution's code.
"""

import numpy as np

from ... import _checks
from ...exercises import check, close, is_kind
from ...rnn import unfold
from . import settings as S
from .experiment import scalar_run, spectral_radius, theta_values

#: The largest |value| of a weight, a state or an input (the rule of rnnlib._checks).
LIMIT = _checks.MAX_MAGNITUDE

__all__ = ["GROWTH_A", "GROWTH_B", "GROWTH_S0", "check_unfold", "growth_factors", "check_growth", "thousandfold_length",
           "check_thousandfold", "merge_length", "check_merge_length", "check_same_summary"]

#: Exercise 2: a normal matrix (a scaled rotation) and a non-normal one, and the start s(0).
GROWTH_A = ((0.9, -0.5), (0.5, 0.9))
GROWTH_B = ((0.5, 2.0), (0.0, 0.5))
GROWTH_S0 = (0.0, 1.0)
#: Exercise 2's steps: |A¹⁰⁰ s(0)| / |s(0)| and |B² s(0)| / |s(0)|.
GROWTH_STEPS = (100, 2)
#: A prediction within this relative error counts as right: 1.0296¹⁰⁰ (ρ rounded) is 0.4 % off and
#: |first component of B² s(0)| = 2 is 0.8 % off, both too far.
GROWTH_TOL = 0.003


def _unfold_cases():
    A = np.array([[0.9, -0.4], [0.4, 0.9]])
    cases = [
        (lambda s: np.tanh(A @ s), np.array([1.0, 0.0]), 5),
        (lambda s: 0.5 * s + 1.0, np.array(3.0), 1),
        (lambda s: np.cos(s), np.array([0.1, 0.2, 0.3]), 7),
    ]
    return [(f, s0, tau, unfold(f, s0, tau=tau)) for f, s0, tau in cases]


def check_unfold(my_unfold):
    """Exercise 1: ``my_unfold(f, s0, tau)`` returns s(1) .. s(τ) as an array (τ, *s0.shape)."""
    cases = _unfold_cases()
    return check("Unfold a recurrence", my_unfold, [
        (lambda fn: fn(*cases[0][:3]) is not None,
         "my_unfold returned None: it should return the states it computed, as one array"),
        (lambda fn: np.shape(fn(*cases[0][:3])) == cases[0][3].shape,
         "the result should have shape (τ, *s0.shape): one row per step t = 1..τ, not including s(0)"),
        (lambda fn: close(fn(*cases[0][:3]), cases[0][3]),
         "the shape is right but the values are not: s(1) = f(s(0)), s(2) = f(s(1)), ... — "
         "feed each new state back into f"),
        (lambda fn: all(close(fn(f, s0, tau), want) for f, s0, tau, want in cases[1:]),
         "works for the first example but not for τ = 1 or a state of another shape"),
    ], "s(t) = f(s(t-1)) applied τ times: the same f, the same θ, at every step.", expect="function")


def growth_factors():
    """Exercise 2's true answers: (|A¹⁰⁰ s(0)| / |s(0)|, |B² s(0)| / |s(0)|)."""
    s0 = np.array(GROWTH_S0)
    return tuple(float(np.linalg.norm(np.linalg.matrix_power(np.array(M), t) @ s0) / np.linalg.norm(s0))
                 for M, t in zip((GROWTH_A, GROWTH_B), GROWTH_STEPS))


def _near(v, want):
    return is_kind(v, "number") and bool(abs(float(v) - want) <= GROWTH_TOL * abs(want))


def check_growth(grow_A, grow_B):
    """Exercise 2: predict by how much s(t) = M s(t-1) stretches s(0) = (0, 1): A over 100 steps, B over 2."""
    want_A, want_B = growth_factors()
    rho_A, rho_B = spectral_radius(np.array(GROWTH_A)), spectral_radius(np.array(GROWTH_B))
    both = (grow_A, grow_B)
    return check("Predict the growth", None if grow_A is None or grow_B is None else both, [
        (lambda p: len(p) == 2 and all(is_kind(v, "number") for v in p),
         "grow_A and grow_B should each be one number, such as 2.5"),
        (lambda p: _near(p[0], want_A),
         "grow_A is not right (to 0.3 %): A is ρ times a rotation; a rotation keeps lengths, so what does one "
         "step do to |s|, and what do a hundred? Do not round ρ: a hundred steps magnify any rounding"),
        (lambda p: not _near(p[1], rho_B ** GROWTH_STEPS[1]),
         f"grow_B: ρ(B)² = {rho_B ** 2:g} is what the eigenvalues alone predict, and it is wrong here: "
         "B is not a rotation. Write out B s(0), then B (B s(0)), by hand"),
        (lambda p: _near(p[1], want_B),
         "grow_B is not right (to 0.3 %): write out B s(0), then B (B s(0)), by hand, and take the length "
         "of the whole vector"),
    ], f"right: |A¹⁰⁰ s(0)| = {want_A:.2f} |s(0)| = ρ(A)¹⁰⁰ with ρ(A) = {rho_A:.4f}, because A is normal (a "
       f"scaled rotation: every direction is stretched by ρ). B has ρ(B) = {rho_B:g}, yet two steps stretch "
       f"s(0) by {want_B:.3f}, not {rho_B ** 2:g}: for a non-normal matrix the eigenvalues tell the long run "
       "only; over a few steps a difference can grow by up to σ_max per step.", expect="tuple")


def _counts(n_in, n_hidden, tau):
    shared = n_hidden * n_hidden + n_hidden * n_in + n_hidden
    separate = n_hidden * (n_in * tau * (tau + 1) // 2 + tau)      # Σ over t = 1..τ of n_hidden (t·n_in + 1)
    return shared, separate


def thousandfold_length(n_in=3, n_hidden=4, ratio=1000):
    """The smallest τ for which the separate layers g(1) .. g(τ) need more than ``ratio``× the parameters of f."""
    n_in, n_hidden = _checks.integer(n_in, "n_in", 1, 10**4), _checks.integer(n_hidden, "n_hidden", 1, 10**4)
    ratio = _checks.number(ratio, "ratio", 0, 10**6, low_open=True)
    tau = 1
    while _counts(n_in, n_hidden, tau)[1] <= ratio * _counts(n_in, n_hidden, tau)[0]:
        tau += 1
    return tau


def check_thousandfold(tau):
    """Exercise 3: from which τ on do g(1) .. g(τ), one layer per length, need > 1000× the parameters of f?"""
    want = thousandfold_length()

    def ratio(t):
        shared, separate = _counts(3, 4, t) if is_kind(t, "integer") and 1 <= t <= 10**6 else (1, 0)
        return separate / shared

    return check("A thousand times the parameters", tau, [
        (lambda t: 1 <= t <= 10**6, "τ counts steps: a whole number from 1 on"),
        (lambda t: t >= want,
         f"too short: at τ = {tau} the separate layers need {ratio(tau):.0f}× "
         "the parameters of f. Count the parameters of g(t) for one t, then add them up over t = 1..τ"),
        (lambda t: t <= want,
         "past it: at a shorter τ the separate layers already need more than 1000×. The total grows "
         "like τ², so solve for the first τ where it passes 1000 times the count of f"),
    ], f"τ = {want}: f has {_counts(3, 4, 1)[0]} parameters for every length, while one layer per length "
       f"needs {_counts(3, 4, want)[1]:,} up to τ = {want}, growing as τ². Sharing f across time is what lets "
       "one model read sequences of any length.", expect="integer")


def merge_length(n_symbols=4, n_units=2, bits=8):
    """The smallest τ with more pasts, n_symbols**τ, than states, 2**(n_units·bits): from there two must merge."""
    n_symbols = _checks.integer(n_symbols, "n_symbols", 2, 10**6)
    n_units = _checks.integer(n_units, "n_units", 1, 10**4)
    bits = _checks.integer(bits, "bits", 1, 64)
    tau = 1
    while n_symbols**tau <= 2 ** (n_units * bits):
        tau += 1
    return tau


def check_merge_length(tau):
    """Exercise 5: 2 units of 8 bits read 4 symbols: from which τ on must two pasts end in one state?"""
    want = merge_length()
    return check("When pasts must merge", tau, [
        (lambda t: 1 <= t <= 10**6, "τ counts steps: a whole number from 1 on"),
        (lambda t: t >= want,
         "too short: at that length there are no more pasts than states, so a clever θ could still keep "
         "them all apart. Count the pasts of length τ and the states 2 units of 8 bits can take"),
        (lambda t: t <= want,
         "past it: at a shorter length there are already more pasts than states. Find the first τ where "
         "the pasts outnumber the states (equal numbers do not force a merge)"),
    ], f"τ = {want}: 4^{want} = {4**want:,} pasts against 2^16 = {2**16:,} states, so at least two pasts share "
       f"a state whatever θ is (the pigeonhole principle). At τ = {want - 1} the counts are equal and a θ "
       "that keeps every past apart may exist.", expect="integer")


def check_same_summary(x_b, theta=None, x_a=S.SUMMARY_X_A):
    """Exercise 4: an input sequence ``x_b`` ≠ ``x_a``, with x_b(1) = −1, whose final state s(τ) equals x_a's.

    The scalar network s(t) = tanh(w s(t-1) + u x(t) + b), θ = ``theta``
    (default :data:`SUMMARY_THETA`, a dict with the keys w, u, b), s(0) = 0.
    """
    w, u, b = theta_values(S.SUMMARY_THETA if theta is None else theta)
    if u == 0:
        raise ValueError("theta['u']: got 0, wanted u ≠ 0 (with u = 0 the inputs are not read at all)")
    x_a = _checks.real_array(x_a, "x_a", "a 1-d sequence of 2 to 100 finite inputs with x_a(1) ≠ −1", ndim=1,
                             max_size=100, limit=LIMIT)
    if x_a.size < 2 or x_a[0] == -1.0:
        raise ValueError(f"x_a: got {x_a.size} inputs starting with {x_a[0] if x_a.size else 'nothing'}, "
                         "wanted 2 or more with x_a(1) ≠ −1")
    target = scalar_run(w, x_a, u=u, b=b)[-1]

    def end(v):
        return scalar_run(w, np.asarray(v, dtype=float), u=u, b=b)[-1]

    shape_ok = is_kind(x_b, "array") and np.shape(x_b) == x_a.shape and _checks.all_finite(np.asarray(x_b, float))
    reached = f"{end(x_b):.4f}" if shape_ok else "?"
    return check("Two pasts, one summary", x_b, [
        (lambda v: np.shape(v) == x_a.shape, f"x_b should have the shape of x_a, {x_a.shape}: τ = {x_a.size} inputs"),
        (lambda v: _checks.all_finite(np.asarray(v, float)), "x_b should hold finite numbers"),
        (lambda v: bool(np.asarray(v, float)[0] == -1.0), "start x_b with x_b(1) = −1, where x_a starts differently"),
        (lambda v: bool(abs(end(v) - target) < 1e-3),
         f"the final states differ: s_a({x_a.size}) = {target:.4f}, s_b({x_a.size}) = {reached}. The last step "
         "sees only s(τ−1) and x(τ): what must be equal, for both, in that step?"),
        (lambda v: bool(abs(end(v) - target) < 1e-9),
         "close, but not the same state: make the last step's argument exactly equal for both, and solve "
         "that equation for x_b(τ) rather than searching by trial and error"),
    ], f"two different pasts, one summary: s({x_a.size}) = {target:.4f} for both. The past has "
       f"{x_a.size} numbers, the state one: for real-valued inputs a continuous f cannot keep every past apart "
       "once t·n_in > n_hidden, whatever θ is.", expect="array")
