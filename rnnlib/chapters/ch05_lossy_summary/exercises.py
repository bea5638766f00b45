"""Chapter 5's exercises: the networks they use and the checks that tell a right answer from a wrong one."""

import numpy as np

from ... import _checks, probe
from ...exercises import check, is_kind
from .memory import run_reservoir
from .settings import MAX_LAG

#: The largest |value| of a weight, a state or an input (the rule of rnnlib._checks).
LIMIT = _checks.MAX_MAGNITUDE

#: Exercise 1's network: two linear units reading a scalar input, h(t) = W h(t−1) + u x(t).
EX_W = np.array([[0.6, -0.5], [0.5, 0.6]])
EX_U = np.array([1.0, 0.3])


def linear_final_state(x, W=EX_W, u=EX_U):
    """h(τ) of the linear network h(t) = W h(t−1) + u x(t), h(0) = 0, for one scalar sequence x (τ,), τ ≤ 10,000."""
    x = _checks.real_array(x, "x", "a non-empty 1-d array of finite numbers (τ,)", ndim=1, max_size=10_000, limit=LIMIT)
    if x.size == 0:
        raise ValueError("x: got an empty array, wanted a non-empty 1-d array of finite numbers (τ,)")
    W = _checks.real_array(W, "W", "a finite square matrix", ndim=2, max_size=10_000, limit=LIMIT)
    u = _checks.real_array(u, "u", "a finite vector", ndim=1, max_size=100, limit=LIMIT)
    if u.size == 0:
        raise ValueError("u: got an empty array, wanted a non-empty finite vector (one weight per unit)")
    if W.shape != (u.size, u.size):
        raise ValueError(f"W: got shape {W.shape}, wanted ({u.size}, {u.size}) to match u")
    h = np.zeros(W.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        for x_t in x:
            h = W @ h + u * x_t
    if not _checks.all_finite(h):
        radius = float(np.abs(np.linalg.eigvals(W)).max())
        if radius > 1:
            raise ValueError(f"W: got spectral radius {radius:.3g}, so the states overflow within {x.size:,} steps, "
                             "wanted ρ(W) <= 1 (or a shorter x)")
        raise ValueError("x: got inputs whose states overflow, wanted inputs of a size float64 can follow")
    return h


#: Exercise 1: inputs larger than this are refused, and the two final states may differ by at most
#: EX1_TOL × ‖x_a − x_b‖ (relative to how far apart the pasts are, so no size of input can hide a difference).
EX1_MAX_INPUT, EX1_TOL = 1e6, 1e-9


def _state_gap(a, b):
    """‖h(3) of a − h(3) of b‖, computed as ‖M (a − b)‖ with M = [W²u, Wu, u] (no cancellation of large states)."""
    M = np.column_stack([EX_W @ EX_W @ EX_U, EX_W @ EX_U, EX_U])
    return float(np.linalg.norm(M @ (a - b)))


def check_collision(pair):
    """Exercise 1: two different inputs x_a, x_b of length 3 that end in the same h(3)."""
    def parts(p):
        a, b = (np.asarray(v, dtype=float) for v in p)
        return a, b

    return check("Two pasts, one state", pair, [
        (lambda p: len(p) == 2, "answer should be a pair (x_a, x_b)"),
        (lambda p: all(is_kind(v, "array") for v in p), "x_a and x_b should be arrays (or lists) of numbers"),
        (lambda p: all(np.shape(v) == (3,) for v in parts(p)),
         "each input should be a 1-d array of three numbers x(1), x(2), x(3), shape (3,)"),
        (lambda p: all(np.all(np.isfinite(v)) and np.abs(v).max() <= EX1_MAX_INPUT for v in parts(p)),
         f"the inputs should be finite numbers of a moderate size, |x| ≤ {EX1_MAX_INPUT:g} (huge inputs would hide "
         "a difference in the states behind rounding)"),
        (lambda p: np.linalg.norm(parts(p)[0] - parts(p)[1]) > 1e-3,
         "x_a and x_b are (almost) the same sequence: they should differ by at least 0.001"),
        (lambda p: _state_gap(*parts(p)) <= EX1_TOL * np.linalg.norm(parts(p)[0] - parts(p)[1]),
         "the final states differ. h(3) = W²u x(1) + W u x(2) + u x(3) = M x with M = [W²u, Wu, u], a 2×3 "
         "matrix: add to x_a a vector v with M v = 0 (the last row of np.linalg.svd(M)[2])"),
    ], "three numbers went into two: M has a null space, and every input in x_a + span(v) ends in the same "
       "state. The network cannot tell these pasts apart, whatever read-out follows.", expect=("tuple", "array"))


def _rho(rho):
    return _checks.number(rho, "rho", 0, 1, low_open=True, high_open=True,
                          what="a radius (the memory fades only for 0 < ρ < 1)")


def half_lag(rho):
    """The first lag k ≥ 1 at which r²(k) < r²(0) / 2 for h(t) = ρ h(t−1) + x(t), i.i.d. x; 0 < ρ < 1.

    r²(k) = corr(h(t), x(t−k))² = (1 − ρ²) ρ^{2k}, so r²(k)/r²(0) = ρ^{2k}.
    """
    rho = _rho(rho)
    return max(1, int(np.floor(np.log(0.5) / (2 * np.log(rho))) + 1))


def check_half_lag(k, rho=0.9):
    """Exercise 2: predict the first lag at which the scalar network's r²(k) falls below half of r²(0).

    ``rho`` must lie in (0, 1): for ρ ≥ 1 the memory never fades and the question has no answer.
    """
    rho = _rho(rho)
    want = half_lag(rho)
    unsquared = max(1, int(np.floor(np.log(0.5) / np.log(rho)) + 1))
    return check("When does the memory fall to half?", k, [
        (lambda a: isinstance(a, (int, np.integer)) and not isinstance(a, bool),
         "answer with a whole number of steps, e.g. k = 5"),
        (lambda a: a >= 1, "the question asks for a lag k ≥ 1 (at k = 0 the ratio is 1)"),
        (lambda a: a != unsquared or unsquared == want,
         f"{unsquared} is where ρ^k falls below 1/2. But r² is a squared correlation: r²(k)/r²(0) = ρ^(2k)"),
        (lambda a: a != want - 1,
         f"at k = {want - 1}, r²(k)/r²(0) = ρ^(2k) = {rho ** (2 * (want - 1)):.3f}: still at least half. "
         "The question asks for the first lag below half"),
        (lambda a: a == want,
         "h(t) = Σ_j ρ^j x(t−j), so corr(h(t), x(t−k))² = (1 − ρ²) ρ^(2k): solve ρ^(2k) < 1/2 for the "
         "smallest whole k"),
    ], f"r²(k)/r²(0) = ρ^(2k) first falls below 1/2 at k = {want} for ρ = {rho}: each step multiplies what "
       "is left of x(t−k) by ρ, and the probe's r² by ρ².", expect="integer")


#: Exercise 3's input weights: a 10-unit linear network h(t) = W h(t−1) + u x(t), u fixed, W designed by the reader.
EX3_U = np.random.default_rng(5).normal(size=10)
#: Exercise 3's target: the reader's W must reach at least this memory capacity (the bound is 10).
EX3_TARGET = 8.0


def design_capacity(W, u=EX3_U, seed=0):
    """MC = Σ_{k=0}^{100} r²(k) of the linear network h(t) = W h(t−1) + u x(t), measured as in the chapter."""
    u = _checks.real_array(u, "u", "a finite vector of input weights", ndim=1, max_size=200, limit=LIMIT)
    if u.size == 0:
        raise ValueError("u: got an empty array, wanted a non-empty finite vector (one weight per unit)")
    W = _checks.real_array(W, "W", f"a float matrix of shape ({u.size}, {u.size})", ndim=2, max_size=40_000,
                           limit=LIMIT)
    if W.shape != (u.size, u.size):
        raise ValueError(f"W: got shape {W.shape}, wanted ({u.size}, {u.size})")
    radius = float(np.abs(np.linalg.eigvals(W)).max())
    if radius >= 1:
        raise ValueError(f"W: got spectral radius {radius:.3g}, wanted < 1 (otherwise the linear states grow "
                         "without bound)")
    seed = _checks.integer(seed, "seed", 0)
    x = np.random.default_rng([seed, 3]).uniform(-1.0, 1.0, size=(MAX_LAG + 250, 60))
    h = run_reservoir({"U": u[:, None], "W": W, "b": np.zeros(u.size)}, x, "linear")
    return probe.memory_capacity(h, x, MAX_LAG, held_out=0.5, seed=seed)


def check_identity_prediction(mc):
    """Exercise 3 (a): predict the memory capacity of W = 0.95·I with the input weights EX3_U (about 1)."""
    def number(a):
        return isinstance(a, (int, float, np.integer, np.floating)) and not isinstance(a, bool)

    return check("Predict the memory of 0.95·I", mc, [
        (number, "answer with one number, the MC you expect (between 0 and 10)"),
        (lambda a: np.isfinite(a) and 0 <= a <= 10, "MC lies between 0 and the bound n = 10"),
        (lambda a: not 8 <= a <= 10,
         "ten units, but do they hold ten different numbers? With W = 0.95·I every unit obeys "
         "h_i(t) = 0.95 h_i(t−1) + u_i x(t): write h(t) as u times one sum over past inputs"),
        (lambda a: 0.8 <= a <= 1.2,
         "h(t) = u · s(t) with s(t) = Σ_j 0.95^j x(t−j): the state is one number in disguise. Exercise 2's "
         "formula gives r²(k) = (1 − ρ²) ρ^(2k) for it: sum over k"),
    ], "about 1: h(t) = u · s(t), one number, and Σ_k (1 − ρ²) ρ^(2k) = 1. All ten eigenvalues of 0.95·I are "
       "equal, so every unit fades at the same rate and the ten units repeat one memory.",
        expect="number")


def check_capacity_design(W):
    """Exercise 3 (b): a W for which the 10-unit linear network with input weights EX3_U reaches MC ≥ 8."""
    u = EX3_U

    def arr(w):
        return np.asarray(w, dtype=float)

    def krylov_rank(w):
        k = np.column_stack([np.linalg.matrix_power(arr(w), j) @ u for j in range(u.size)])
        s = np.linalg.svd(k / np.linalg.norm(k, axis=0).clip(1e-300), compute_uv=False)
        return int(np.sum(s > 1e-13 * s[0]))

    def mc(w):
        return design_capacity(arr(w))

    return check("Design a memory", W, [
        (lambda w: arr(w).shape == (10, 10), "W should be a 10×10 matrix, one row and column per unit"),
        (lambda w: np.all(np.isfinite(arr(w))), "W should hold finite numbers"),
        (lambda w: np.abs(np.linalg.eigvals(arr(w))).max() < 1,
         "the spectral radius of W is 1 or more: a linear network's state then grows without bound. "
         "Scale W down, e.g. W * 0.9 / max(abs(np.linalg.eigvals(W)))"),
        (lambda w: krylov_rank(w) >= 9,
         "the state never leaves a small subspace: u, Wu, W²u, ... span only a few of the ten directions. "
         "That happens when eigenvalues of W repeat: with W = ρ·I all ten are equal, every unit fades at the "
         "same rate, and the state is u times one number. Give W different eigenvalues"),
        (lambda w: mc(w) >= EX3_TARGET,
         "MC below 8: the state reaches all ten directions, but the past enters as "
         "Σ_k W^k u x(t−k), and a read-out tells lag k from lag j only where W^k u and W^j u point "
         "in clearly different directions and have not faded. Eigenvalues close to each other (all "
         "real and positive, say) make those vectors nearly parallel; eigenvalues well below 1 in size "
         "make them fade. Spread the eigenvalues apart and keep their size near 1 (ch.design_capacity(W) "
         "gives your MC)"),
    ], "MC ≥ 8 out of a bound of 10. What counts is that the vectors W^k u stay distinct and do not fade below "
       "the read-out's precision: eigenvalues spread over the circle (a rotation scaled near 1) or over "
       "[−ρ, ρ] do it, and so does a shift matrix np.eye(10, k=-1) (a delay line, every eigenvalue 0!), "
       "which passes each input on unchanged for ten steps.", expect="array")
