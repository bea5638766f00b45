"""Chapter 2's experiments: the scalar network, its fixed points, the one-unit binary encoder, the spectral radius.

No matplotlib here. Time is counted from 1: ``s[t-1]`` holds s(t), ``x[t-1]`` holds x(t).
"""

import numpy as np

from ... import _checks, claims
from ...rnn import step, unfold
from . import settings as S

#: The largest |value| of a weight, a state or an input (the rule of rnnlib._checks).
LIMIT = _checks.MAX_MAGNITUDE

__all__ = ["theta_values", "scalar_run", "fixed_point", "tanh_prime", "map_slope", "spectral_radius",
           "largest_singular_value", "jacobian", "difference", "binary_pasts", "encoder_params", "encode",
           "merge_step", "nonnormal", "driven_difference", "contraction_rate",
           "driven_inputs", "systems_arg"]


def theta_values(theta, name="theta"):
    """(w, u, b) from a dict θ with exactly the keys "w", "u", "b", each a finite number."""
    _checks.instance(theta, name, dict, 'a dict {"w": ..., "u": ..., "b": ...} of finite numbers')
    if set(theta) != {"w", "u", "b"}:
        raise ValueError(f"{name}: got the keys {sorted(theta)!r}, wanted exactly 'w', 'u' and 'b' "
                         "(s(t) = tanh(w s(t-1) + u x(t) + b))")
    return tuple(_checks.number(theta[k], f"{name}[{k!r}]", limit=LIMIT) for k in ("w", "u", "b"))


def scalar_run(w, x, *, u=1.0, b=0.0, s0=0.0):
    """s(1) .. s(τ) of s(t) = tanh(w s(t-1) + u x(t) + b): ndarray (τ,) for x of shape (τ,)."""
    w, u, b, s0 = (_checks.number(v, n, limit=LIMIT) for v, n in ((w, "w"), (u, "u"), (b, "b"), (s0, "s0")))
    x = _checks.real_array(x, "x", f"inputs x(1) .. x(τ), a 1-d array of at most {S.MAX_STEPS:,} finite numbers",
                           ndim=1, max_size=S.MAX_STEPS, limit=LIMIT)
    if x.size == 0:
        raise ValueError("x: got an empty array, wanted τ ≥ 1 inputs")
    return unfold(lambda s, x_t: np.tanh(w * s + u * x_t + b), s0, x=x)


def fixed_point(w, iterations=2000):
    """The non-negative stable fixed point s* = tanh(w s*) of the scalar map (b = 0, no input).

    For w ≤ 1 it is 0; for w > 1 zero is unstable and s* > 0 (−s* is the
    other stable fixed point).  Found by iterating the map from s = 1 until it
    stops moving, or for ``iterations`` steps (at most ``MAX_STEPS``).
    """
    w = _checks.number(w, "w", 0, limit=LIMIT)
    iterations = _checks.integer(iterations, "iterations", 1, S.MAX_STEPS)
    s = 1.0
    for _ in range(iterations):
        nxt = float(np.tanh(w * s))
        if nxt == s:
            break
        s = nxt
    return s


def tanh_prime(z):
    """tanh′(z) = 1 − tanh(z)², the slope of tanh itself at z."""
    z = _checks.number(z, "z", limit=LIMIT)
    return float(1.0 - np.tanh(z) ** 2)


def map_slope(w, s):
    """d/ds tanh(w s) = w · tanh′(w s): the slope of the scalar *map*, tanh′ times w.

    At a fixed point s* = tanh(w s*) it is w (1 − s*²).
    """
    w, s = _checks.number(w, "w", limit=LIMIT), _checks.number(s, "s", limit=LIMIT)
    return w * tanh_prime(w * s)


def _square(M, name):
    M = _checks.real_array(M, name, "a square matrix or a scalar", ndim=(0, 2), max_size=10**6, limit=LIMIT)
    if M.ndim == 2 and (M.shape[0] != M.shape[1] or M.shape[0] == 0):
        raise ValueError(f"{name}: got shape {M.shape}, wanted a square matrix or a scalar")
    return M


def spectral_radius(M):
    """ρ(M) = max |λ| over the eigenvalues λ of a square matrix M; |w| for a scalar w."""
    M = _square(M, "M")
    return float(abs(M)) if M.ndim == 0 else float(np.max(np.abs(np.linalg.eigvals(M))))


def largest_singular_value(M):
    """σ_max(M) = max over unit vectors v of |M v|: the most one step can stretch a difference."""
    M = _square(M, "M")
    return float(abs(M)) if M.ndim == 0 else float(np.linalg.norm(M, 2))


def jacobian(W, h):
    """∂h(t)/∂h(t-1) = diag(1 − h(t)²) W for h(t) = tanh(W h(t-1) + ...): the matrix that is local."""
    W = _square(W, "W")
    h = _checks.real_array(h, "h", "a state h(t), 1-d, one value per row of W", ndim=(0, 1), limit=LIMIT)
    n = 1 if W.ndim == 0 else W.shape[0]
    if h.size != n:
        raise ValueError(f"h: got shape {h.shape}, wanted ({n},), one value per row of W")
    return (1.0 - h.reshape(n) ** 2)[:, None] * W.reshape(n, n)


def systems_arg(systems):
    """Check ``{name: (radius, f, s_a, s_b)}``, the systems of the spectral-radius table; return it."""
    _checks.instance(systems, "systems", dict, "a dict {name: (radius, f, s_a, s_b)}")
    if not systems:
        raise ValueError("systems: got an empty dict, wanted at least one system")
    for name, value in systems.items():
        if not (isinstance(value, tuple) and len(value) == 4 and callable(value[1])):
            raise _checks.ArgumentTypeError(f"systems[{name!r}]: got {_checks._got(value)}, "
                                            "wanted a tuple (radius, f, s_a, s_b) with f a function")
        _checks.number(value[0], f"systems[{name!r}][0] (the radius)", 0, limit=LIMIT)
    return systems


def _steps(ts):
    if isinstance(ts, (str, bytes)) or not hasattr(ts, "__iter__"):
        raise _checks.ArgumentTypeError(f"ts: got {_checks._got(ts)}, wanted a list of steps t ≥ 1")
    ts = [_checks.integer(t, "ts", 1, S.MAX_STEPS) for t in ts]
    if not ts:
        raise ValueError("ts: got an empty list, wanted at least one step t ≥ 1")
    return ts


def _gap(a, b, ts, what):
    gap = np.linalg.norm((a - b).reshape(len(a), -1), axis=1)  # the Euclidean length |δ(t)|
    if not _checks.all_finite(gap):
        raise ValueError(f"{what}: got states that overflow (inf or NaN) before step {max(ts)}, "
                         "wanted a rule whose states stay finite")
    return gap[[t - 1 for t in ts]]


def difference(f, s_a, s_b, ts):
    """|s_a(t) − s_b(t)| (Euclidean) at the steps ``ts`` (from 1) for two runs of s(t) = f(s(t-1)): (len(ts),)."""
    _checks.function(f, "f", "a function f(s) returning the next state")
    s_a = _checks.real_array(s_a, "s_a", "a state s(0), finite numbers", limit=LIMIT)
    if s_a.size == 0:
        raise ValueError("s_a: got an empty array, wanted a state s(0) with at least one number")
    s_b = _checks.real_array(s_b, "s_b", f"a state s(0) of s_a's shape {s_a.shape}", limit=LIMIT)
    if s_b.shape != s_a.shape:
        raise ValueError(f"s_b: got shape {s_b.shape}, wanted s_a's shape {s_a.shape}")
    ts = _steps(ts)
    with np.errstate(over="ignore", invalid="ignore"):   # an overflow is reported by _gap
        a, b = unfold(f, s_a, tau=max(ts)), unfold(f, s_b, tau=max(ts))
    return _gap(a, b, ts, "f")


# --------------------------------------------------------------------------- the one-unit binary encoder

def binary_pasts(tau):
    """Every past of τ binary symbols: int array (2**τ, τ), row i the binary digits of i, x(1) first."""
    tau = _checks.integer(tau, "tau", 1, S.MAX_PAST, f" (2**{S.MAX_PAST:,} pasts is the most this enumerates)")
    return (np.arange(2**tau)[:, None] >> np.arange(tau - 1, -1, -1)[None, :]) & 1


def encoder_params(w=S.ENCODER_W, u=S.ENCODER_U):
    """rnnlib parameters of one tanh unit reading two symbols one-hot: W = [[w]], U = [[−u, u]], b = [0]."""
    w, u = _checks.number(w, "w", limit=LIMIT), _checks.number(u, "u", limit=LIMIT)
    params = {"U": np.array([[-u, u]]), "W": np.array([[w]]), "b": np.zeros(1)}
    return claims.perturb(params, 0)          # the rounding ensemble, as for any model (a no-op by default)


def _quantise(h, bits):
    levels = 2**bits - 1                      # 2**bits states spread evenly over [-1, 1]
    return np.round((h + 1.0) / 2.0 * levels) / levels * 2.0 - 1.0


def encode(params, pasts, bits=None):
    """h(τ) for every past (rows of symbol ids), by ``rnnlib.rnn.step``: ndarray (n_pasts, n_hidden).

    params : the U, W, b of ``rnnlib.rnn.step`` (U of shape (n_hidden, n_symbols)); s(0) = 0.
    bits : None, or store the state in ``bits`` bits per unit: after every step each unit is
           rounded to one of 2**bits levels spread evenly over [−1, 1].
    """
    _checks.instance(params, "params", dict, "a dict with U (n_hidden, n_symbols), W (n_hidden, n_hidden), b")
    U = _checks.real_array(params.get("U"), "params['U']", "an array (n_hidden, n_symbols)", ndim=2, limit=LIMIT)
    n_hidden, n_symbols = U.shape
    pasts = _checks.as_array(pasts, "pasts", f"symbol ids in 0..{n_symbols - 1}, one past per row")
    pasts = _checks.int_labels(pasts, "pasts", n_symbols)
    if pasts.ndim != 2 or 0 in pasts.shape:
        raise ValueError(f"pasts: got shape {pasts.shape}, wanted (n_pasts, τ) with n_pasts, τ ≥ 1")
    _checks.size_limit(pasts.size, "pasts", f"shape {pasts.shape}", 2**S.MAX_PAST * S.MAX_PAST, "symbols")
    _checks.size_limit(len(pasts) * (n_symbols + n_hidden), "pasts", f"shape {pasts.shape}", S.MAX_VALUES,
                       f"values per step with {n_symbols} symbols and {n_hidden} units")
    if bits is not None:
        bits = _checks.integer(bits, "bits", 1, S.MAX_BITS)
    eye = np.eye(n_symbols)
    h = step(params, eye[pasts[:, 0]], np.zeros((len(pasts), n_hidden)))     # checks the params once
    h = h if bits is None else _quantise(h, bits)
    for t in range(1, pasts.shape[1]):
        h = step(params, eye[pasts[:, t]], h, check=False)
        h = h if bits is None else _quantise(h, bits)
    return h


def merge_step(params, max_steps=200):
    """Two pasts that differ only in x(1) (symbol 0 vs 1), then read symbol 0: when do their states coincide?

    Returns (gaps, t_equal): max |h_a(t) − h_b(t)| for t = 1 .. max_steps, and the first t at
    which the two float64 states are the same number (None if they never are within max_steps).
    """
    max_steps = _checks.integer(max_steps, "max_steps", 1, S.MAX_STEPS)
    pasts = np.zeros((2, max_steps), dtype=int)
    pasts[1, 0] = 1                           # past a: 0 0 0 ...; past b: 1 0 0 ...
    h = encode(params, pasts[:, :1])          # h(1) of both; checks params
    eye = np.eye(params["U"].shape[1])
    gaps = [np.abs(h[0] - h[1])]
    for t in range(1, max_steps):
        h = step(params, eye[pasts[:, t]], h, check=False)
        gaps.append(np.abs(h[0] - h[1]))
    gaps = np.array([g.max() for g in gaps])
    equal = np.flatnonzero(gaps == 0)
    return gaps, (int(equal[0]) + 1 if equal.size else None)


# --------------------------------------------------------------------------- the spectral radius, qualified

def nonnormal(rho=S.RHO_NONNORMAL, k=S.K_NONNORMAL):
    """W = [[ρ, k], [0, ρ]]: both eigenvalues ρ, yet one step can stretch a difference by σ_max ≈ k."""
    rho, k = _checks.number(rho, "rho", limit=LIMIT), _checks.number(k, "k", limit=LIMIT)
    return np.array([[rho, k], [0.0, rho]])


def driven_inputs(seed):
    """The driven network's inputs x(1) .. x(DRIVEN_STEPS), standard normal in 2 dimensions, from ``seed``."""
    seed = _checks.integer(seed, "seed", 0)
    return np.random.default_rng([seed, 2]).normal(size=(S.DRIVEN_STEPS, 2))


def _driven_args(W, x, u):
    """The driven network's W (n, n), inputs x (τ, n) and input strength u, checked; and n."""
    W = _square(W, "W")
    n = 1 if W.ndim == 0 else W.shape[0]
    W = W.reshape(n, n)
    x = _checks.real_array(x, "x", f"inputs (τ, {n}), time first, at most {S.MAX_STEPS:,} steps", ndim=2,
                           max_size=S.MAX_STEPS * n, limit=LIMIT)
    if x.shape[1] != n or x.shape[0] == 0:
        raise ValueError(f"x: got shape {x.shape}, wanted (τ, {n}) with τ ≥ 1, one input per unit of W")
    u = _checks.number(u, "u", limit=LIMIT)
    return W, x, u, n


def driven_difference(W, x, s_a, s_b, ts, u=1.0):
    """|s_a(t) − s_b(t)| (Euclidean) at ``ts`` for s(t) = tanh(W s(t-1) + u x(t)) from two initial states, one input.

    W : (n, n);  x : (τ, n) inputs x(1) .. x(τ), the same for both runs;  s_a, s_b : (n,).
    """
    W, x, u, n = _driven_args(W, x, u)
    starts = []
    for v, name in ((s_a, "s_a"), (s_b, "s_b")):
        v = _checks.real_array(v, name, f"a state of shape ({n},)", limit=LIMIT)
        if v.shape != (n,):
            raise ValueError(f"{name}: got shape {v.shape}, wanted ({n},), one value per row of W")
        starts.append(v)
    ts = _steps(ts)
    _checks.size_limit(max(ts) * n * n, "ts", max(ts), S.MAX_VALUES * 10, f"multiplications with W of shape {(n, n)}")
    if max(ts) > len(x):
        raise ValueError(f"ts: got step {max(ts)}, wanted steps ≤ τ = {len(x)}, the number of inputs")
    f = lambda s, x_t: np.tanh(W @ s + u * x_t)  # noqa: E731
    a, b = unfold(f, starts[0], x=x[:max(ts)]), unfold(f, starts[1], x=x[:max(ts)])
    return _gap(a, b, ts, "W")


def contraction_rate(W, x, s0, u=1.0):
    """Per step, how much the Jacobians along the run s(t) = tanh(W s(t-1) + u x(t)) stretch a small difference.

    The geometric mean over t = 1..τ of |J(t) v(t-1)|, with J(t) = diag(1 − s(t)²) W and v the
    difference direction renormalised after every step (exp of the largest Lyapunov exponent,
    estimated over the τ inputs): below 1 the run forgets small differences, whatever ρ(W) is.
    """
    W, x, u, n = _driven_args(W, x, u)
    h = _checks.real_array(s0, "s0", f"a state of shape ({n},)", limit=LIMIT)
    if h.shape != (n,):
        raise ValueError(f"s0: got shape {h.shape}, wanted ({n},), one value per row of W")
    _checks.size_limit(len(x) * n * n, "x", f"shape {x.shape}", S.MAX_VALUES * 10,
                       f"multiplications with W of shape {(n, n)}")
    v, log_sum = np.full(n, 1.0 / np.sqrt(n)), 0.0
    for x_t in x:
        h = np.tanh(W @ h + u * x_t)
        v = (1.0 - h**2) * (W @ v)
        norm = float(np.linalg.norm(v))
        if norm == 0.0:                        # every unit saturated to ±1 in float64: the difference is gone
            return 0.0
        log_sum += np.log(norm)
        v /= norm
    return float(np.exp(log_sum / len(x)))
