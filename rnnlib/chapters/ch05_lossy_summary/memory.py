"""Chapter 5's memory experiments: counting states, untrained networks (reservoirs) and their capacities.

- :func:`distinct_states` / :func:`counting_table`: every binary past of length τ through a small
  tanh network; how many different states h(τ) they reach at a given precision.
- :func:`reservoir`, :func:`run_reservoir`: untrained networks W = ρQ (Q random orthogonal), linear or tanh.
- :func:`capacity_runs`: memory curves r²(k) and MC = Σ_k r²(k) against the bound n (Jaeger, 2001).
- :func:`nonlinear_runs`: capacities of degree 1, 2, 3 (Legendre targets, Dambre et al., 2012)
  and the shuffled-target control.
- :func:`alpha_sweep`: the linear MC of one network against the probe's ridge penalty α.
- :func:`one_bit_memory`: s(t) = tanh(w s(t−1) + x(t)) keeps the sign of x(1) and loses its size.
"""

import numpy as np

from ... import _checks, probe
from ...rnn import RNN, step
from .settings import (ALPHAS, MAX_LAG, MAX_STATE_VALUES, MAX_UNITS, NL_DEGREES, NL_MAX_LAG, NL_RADII, NL_SIZE,
                       RADII, SIZES, SWEEP_NET)

#: The largest |value| of a weight, a state or an input (the rule of rnnlib._checks).
LIMIT = _checks.MAX_MAGNITUDE


# ----------------------------------------------------------------------------- counting
def distinct_states(model, tau, precision):
    """How many different states h(τ) the 2^τ binary pasts reach, at a given precision.

    Every sequence x(1..τ) with x(t) ∈ {−1, +1} (n_in = 1) is run through
    ``model``; two states count as the same if they agree after rounding every
    unit to a multiple of ``precision``.

    Parameters
    ----------
    model : RNN with n_in = 1 and at most 4 hidden units
    tau : int, 1..16 (2^16 = 65,536 sequences at most)
    precision : float, at least 1e-4

    Returns
    -------
    int : the number of distinct rounded states (at most 2^τ)
    """
    return _distinct(model, [tau], [precision], ("tau", "precision"))[0][0]


def _distinct(model, taus, precisions, names=("taus", "precisions")):
    """Distinct state counts for every τ in ``taus`` and precision, from one forward pass."""
    if not isinstance(model, RNN) or model.n_in != 1 or model.n_hidden > 4:
        raise ValueError(f"model: got {_checks._got(model)}, wanted an RNN with n_in = 1 and at most 4 hidden units")
    taus = [_checks.integer(t, names[0], 1, 16, " (2^16 sequences)") for t in _collection(taus, "taus", 20)]
    precisions = [_checks.number(p, names[1], 1e-4, 1) for p in _collection(precisions, "precisions", 10)]
    longest = max(taus)
    bits = (np.arange(2 ** longest)[None, :] >> np.arange(longest)[:, None]) & 1   # (τ, 2^τ)
    h = model.forward((2.0 * bits - 1.0)[:, :, None]).h                          # (τ, 2^τ, n_hidden)
    out = []
    for tau in taus:
        row = []
        for p in precisions:
            cells = np.round(h[tau - 1] / p).astype(np.int64) + int(np.ceil(1 / p)) + 1  # ≥ 0 for |h| ≤ 1
            base = 2 * int(np.ceil(1 / p)) + 3
            key = (cells * base ** np.arange(model.n_hidden, dtype=np.int64)).sum(-1)     # one int per state
            row.append(int(np.unique(key).size))
        out.append(row)
    return out


def _collection(values, name, limit):
    """A non-empty list or tuple of at most ``limit`` items."""
    if not isinstance(values, (list, tuple, range)) or not 1 <= len(values) <= limit:
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(values)}, wanted a list or tuple of 1 to "
                                        f"{limit} values")
    return list(values)


def counting_table(n_hidden=3, taus=(2, 4, 8, 12, 16), precisions=(1e-1, 1e-2, 1e-4), seed=0):
    """Table: binary pasts 2^τ against distinct states of an RNN(1, n_hidden, 2) at each precision."""
    from ...plots import Table
    n_hidden = _checks.integer(n_hidden, "n_hidden", 1, 4)
    model = RNN(1, n_hidden, 2, seed=_checks.integer(seed, "seed", 0))
    counts = _distinct(model, taus, precisions)
    rows = [[f"τ = {tau}", f"{2 ** tau:,}"] + [f"{c:,}" for c in row] for tau, row in zip(taus, counts)]
    return Table(["past length", "pasts 2^τ"] + [f"states at precision {p:g}" for p in precisions], rows,
                 caption=f"Binary pasts and the distinct states h(τ) they reach ({n_hidden} tanh units)")


# ----------------------------------------------------------------------------- untrained networks
def reservoir(n, rho, seed=0, input_scale=1.0):
    """An untrained network: W = ρ·Q with Q a random orthogonal matrix, random input weights.

    Parameters
    ----------
    n : int, 1..MAX_UNITS    hidden units
    rho : float in (0, 2)    spectral radius of W (every eigenvalue of ρQ has modulus ρ)
    seed : int
    input_scale : float > 0  multiplies U

    Returns
    -------
    dict with U (n, 1) ~ N(0, input_scale²), W (n, n) = ρQ, b (n,) zeros: the ``params`` of eq. 10.8.
    (Not trained, so not perturbed by the rounding ensemble.)
    """
    n = _checks.integer(n, "n", 1, MAX_UNITS, " (W has n × n entries)")
    rho = _checks.number(rho, "rho", 0, 2, low_open=True, high_open=True, what="a spectral radius")
    input_scale = _checks.number(input_scale, "input_scale", 0, 1e6, low_open=True)
    rng = np.random.default_rng(_checks.integer(seed, "seed", 0))
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    q = q * np.sign(np.diag(r))                       # a uniformly random orthogonal matrix
    return {"U": input_scale * rng.normal(size=(n, 1)), "W": rho * q, "b": np.zeros(n)}


def run_reservoir(params, x, activation="tanh"):
    """States of an untrained network reading scalar inputs.

    h(t) = tanh(b + W h(t−1) + U x(t)) (eq. 10.8–10.9, ``rnnlib.rnn.step``) for
    ``"tanh"``; h(t) = b + W h(t−1) + U x(t), the same without the squashing, for
    ``"linear"``. h(0) = 0.

    Parameters
    ----------
    params : dict from :func:`reservoir`
    x : ndarray (τ, batch)     scalar inputs
    activation : "tanh" or "linear"

    Returns
    -------
    h : ndarray (τ, batch, n).  A linear network whose states overflow (spectral
    radius above 1) raises ValueError instead of returning inf or NaN.
    """
    _checks.choice(activation, "activation", ("tanh", "linear"))
    _checks.instance(params, "params", dict, "a dict with U (n, 1), W (n, n) and b (n,), from reservoir()")
    W = params.get("W")
    n = W.shape[0] if isinstance(W, np.ndarray) and W.ndim == 2 else 1  # a wrong W is reported just below
    if n > MAX_UNITS:
        raise ValueError(f"params['W']: got {n:,} units, wanted at most {MAX_UNITS:,}")
    _checks.param_arrays(params, {"U": ((n, 1), "(n, 1)"), "W": ((n, n), "(n, n)"), "b": ((n,), "(n,)")})
    x = _checks.real_array(x, "x", "(τ, batch) scalar inputs", ndim=2)
    x3, _ = _checks.sequence(x[..., None], "x", 1)
    tau, batch, _ = x3.shape
    if tau * batch * n > MAX_STATE_VALUES:
        raise ValueError(f"x: got shape {x.shape}, which makes {tau * batch * n:,} state values with {n} units, "
                         f"wanted at most {MAX_STATE_VALUES:,}")
    h = np.empty((tau, batch, n))
    prev = np.zeros((batch, n))
    for t in range(tau):
        if activation == "tanh":
            prev = step(params, x3[t], prev, check=False)  # params checked above, x3 by _checks.sequence
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                prev = params["b"] + prev @ params["W"].T + x3[t] @ params["U"].T
            if not _checks.all_finite(prev):
                radius = float(np.abs(np.linalg.eigvals(params["W"])).max())
                raise ValueError(f"params['W']: got a linear network whose states overflow at step {t + 1} "
                                 f"(spectral radius {radius:.3g}), wanted a spectral radius below 1 for the linear "
                                 "activation")
        h[t] = prev
    return h


def _block_diagonal(nets):
    """Several networks as one: W block-diagonal, U and b stacked. Returns params and each net's slice."""
    sizes = [p["W"].shape[0] for p in nets]
    total = sum(sizes)
    W = np.zeros((total, total))
    slices, start = [], 0
    for p, n in zip(nets, sizes):
        W[start:start + n, start:start + n] = p["W"]
        slices.append(slice(start, start + n))
        start += n
    return ({"U": np.vstack([p["U"] for p in nets]), "W": W, "b": np.concatenate([p["b"] for p in nets])},
            slices)


def _grid(sizes, radii):
    sizes = [_checks.integer(n, "sizes", 1, 64) for n in _collection(sizes, "sizes", 6)]
    radii = [_checks.number(r, "radii", 0, 1, low_open=True, high_open=True) for r in _collection(radii, "radii", 6)]
    return sizes, radii


def capacity_runs(sizes=SIZES, radii=RADII, seed=0, max_lag=MAX_LAG, n_seq=60, n_rows=250):
    """Memory curves r²(k) and capacities MC of untrained networks of every size and radius.

    Three kinds of network per (n, ρ), all with the same W and input direction:
    ``"linear"``, ``"tanh"`` (input weights N(0, 1)) and ``"tanh, small input"``
    (input weights ×0.1, where tanh is nearly linear). Inputs are i.i.d.
    uniform on [−1, 1]; ``n_seq`` sequences of ``max_lag + n_rows`` steps, the
    first ``max_lag`` steps a washout; the probes (α = 1e-6) are fitted on half of the
    sequences and scored on the other half. (Small networks of a kind run
    together, as one block-diagonal network whose blocks do not interact.)

    Returns
    -------
    dict (kind, n, ρ) -> r2 : ndarray (max_lag + 1,); MC = r2.sum().
    """
    seed = _checks.integer(seed, "seed", 0)
    sizes, radii = _grid(sizes, radii)
    max_lag = _checks.integer(max_lag, "max_lag", 1, 500)
    n_seq = _checks.integer(n_seq, "n_seq", 2, 1000)
    n_rows = _checks.integer(n_rows, "n_rows", 10, 5000)
    rng = np.random.default_rng([seed, 1])
    x = rng.uniform(-1.0, 1.0, size=(max_lag + n_rows, n_seq))
    keys = [(n, rho) for n in sizes for rho in radii]
    packs, current = [], []                # networks run together, at most 64 units per pack
    for key in keys:
        if current and sum(n for n, _ in current) + key[0] > 64:
            packs.append(current)
            current = []
        current.append(key)
    packs.append(current)
    out = {}
    for kind, activation, scale in (("linear", "linear", 1.0), ("tanh", "tanh", 1.0),
                                     ("tanh, small input", "tanh", 0.1)):
        for pack in packs:
            params, slices = _block_diagonal([reservoir(n, rho, seed=seed, input_scale=scale) for n, rho in pack])
            H, Z, groups = probe.lagged(run_reservoir(params, x, activation), x, range(max_lag + 1))
            for (n, rho), sl in zip(pack, slices):
                fit = probe.ridge(np.ascontiguousarray(H[:, sl]), Z, held_out=0.5, seed=seed, groups=groups)
                out[(kind, n, rho)] = np.clip(fit.score, 0.0, 1.0)
    return out


def nonlinear_runs(n=NL_SIZE, radii=NL_RADII, seed=0, max_lag=NL_MAX_LAG, n_seq=160, n_rows=200):
    """Capacities of degree 1, 2 and 3 of untrained tanh networks, a linear one, and a shuffled control.

    For every radius ρ a tanh network (full-scale input, as in :func:`capacity_runs`), and a
    linear network at the largest radius, read ``n_seq`` sequences of i.i.d. inputs uniform on
    [−1, 1]; :func:`rnnlib.probe.capacity` sums the held-out R² of every Legendre target of
    degree d (degree 1: lags 0..60; degrees 2 and 3: lags 0..``max_lag``). The control
    ``"tanh, shuffled targets"`` scores the degree-3 targets of the largest-radius tanh
    network with their rows permuted.

    Returns
    -------
    dict name -> {degree: capacity}, names like ``"tanh, ρ = 0.8"``, ``"linear, ρ = 0.95"``,
    ``"tanh, ρ = 0.95, shuffled targets"`` (degree 3 only).
    """
    seed = _checks.integer(seed, "seed", 0)
    n = _checks.integer(n, "n", 1, 64)
    radii = [_checks.number(r, "radii", 0, 1, low_open=True, high_open=True) for r in _collection(radii, "radii", 6)]
    max_lag = _checks.integer(max_lag, "max_lag", 1, 12)
    n_seq = _checks.integer(n_seq, "n_seq", 2, 1000)
    n_rows = _checks.integer(n_rows, "n_rows", 10, 5000)
    washout = 60
    x = np.random.default_rng([seed, 2]).uniform(-1.0, 1.0, size=(washout + n_rows, n_seq))
    nets = [(f"tanh, ρ = {rho:g}", reservoir(n, rho, seed=seed), "tanh") for rho in radii]
    nets.append((f"linear, ρ = {max(radii):g}", reservoir(n, max(radii), seed=seed), "linear"))
    out = {}
    for name, params, activation in nets:
        h = run_reservoir(params, x, activation)
        out[name] = {d: probe.capacity(h, x, d, washout if d == 1 else max_lag, washout=washout, seed=seed)
                     for d in NL_DEGREES}
        if name == nets[len(radii) - 1][0]:
            out[name + ", shuffled targets"] = {3: probe.capacity(h, x, 3, max_lag, washout=washout, seed=seed,
                                                                 shuffle=True)}
    return out


def alpha_sweep(alphas=ALPHAS, net=SWEEP_NET, seed=0, max_lag=MAX_LAG, n_seq=60, n_rows=250, rcond=None):
    """The linear MC of one network (default n = 40, ρ = 0.5) for every ridge penalty α, same data.

    ``rcond`` is the least-squares solver's cut-off at α = 0 (:func:`rnnlib.probe.ridge`; None: numpy's
    default, machine eps × rows).

    Returns
    -------
    dict α -> MC = Σ_k r²(k), k = 0..max_lag, measured as in :func:`capacity_runs`.
    """
    seed = _checks.integer(seed, "seed", 0)
    alphas = [_checks.number(a, "alphas", 0, 1) for a in _collection(alphas, "alphas", 10)]
    if not isinstance(net, tuple) or len(net) != 2:
        raise _checks.ArgumentTypeError(f"net: got {_checks._got(net)}, wanted a pair (n, ρ)")
    n = _checks.integer(net[0], "net", 1, 64, " (net = (n, ρ): n hidden units)")
    rho = _checks.number(net[1], "net", 0, 1, low_open=True, high_open=True, what="(n, ρ) with ρ")
    max_lag = _checks.integer(max_lag, "max_lag", 1, 500)
    n_seq = _checks.integer(n_seq, "n_seq", 2, 1000)
    n_rows = _checks.integer(n_rows, "n_rows", 10, 5000)
    x = np.random.default_rng([seed, 1]).uniform(-1.0, 1.0, size=(max_lag + n_rows, n_seq))
    H, Z, groups = probe.lagged(run_reservoir(reservoir(n, rho, seed=seed), x, "linear"), x,
                                range(max_lag + 1))
    return {a: float(np.clip(probe.ridge(H, Z, alpha=a, held_out=0.5, seed=seed, groups=groups,
                                         rcond=rcond).score, 0, 1).sum())
            for a in alphas}


# ----------------------------------------------------------------------------- precision in one unit
def one_bit_memory(first_inputs, w=1.1, tau=12):
    """The scalar network of chapter 2, s(t) = tanh(w s(t−1) + x(t)), fed x(1) and then zeros.

    Parameters
    ----------
    first_inputs : array (m,), 1 ≤ m ≤ 10,000   values of x(1), one sequence each (finite)
    w : float in [−100, 100]                   recurrent weight (w > 1: tanh saturates and holds the sign)
    tau : int, 1..10,000

    Returns
    -------
    s : ndarray (τ, m)           s(1) .. s(τ) for each x(1)
    """
    x1 = _checks.real_array(first_inputs, "first_inputs", "a non-empty 1-d array of finite numbers (m,)", ndim=1,
                            max_size=10_000, limit=LIMIT)
    if x1.size == 0:
        raise ValueError("first_inputs: got an empty array, wanted a non-empty 1-d array of finite numbers (m,)")
    w = _checks.number(w, "w", -100, 100)
    tau = _checks.integer(tau, "tau", 1, 10_000)
    s = np.zeros((tau, x1.size))
    prev = np.zeros(x1.size)
    for t in range(tau):
        prev = np.tanh(w * prev + (x1 if t == 0 else 0.0))
        s[t] = prev
    return s
