"""How far the gradient reaches back: ‖∂L(τ)/∂h(t)‖ against τ − t, the spectral radius
and the largest singular value of W (orthogonal and non-normal W), and what BPTT costs.
"""

import time
import tracemalloc
from dataclasses import dataclass

import numpy as np

from ... import _checks
from ...functional import one_hot
from ...plots import Table
from ...rnn import RNN
from . import settings as S
from .equations import _model

__all__ = ["GradientNorms", "gradient_norms", "gradient_table", "power_norms", "spectra", "spectra_table", "Spectra",
           "spectral_radius",
           "backward_norms", "measure_cost", "cost_table"]

_N_SYMBOLS = 4


def _orthogonal(n, rng):
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def _square(W):
    """W as a float square matrix of 1 to 1000 rows, its entries within the magnitude rule (|w| <= 1e6)."""
    W = _checks.real_array(W, "W", "a square matrix", ndim=2, limit=_checks.MAX_MAGNITUDE)
    if W.shape[0] != W.shape[1] or not 0 < W.shape[0] <= 1000:
        raise ValueError(f"W: got shape {W.shape}, wanted a square matrix of 1 to 1000 rows")
    return W


def spectral_radius(W):
    """ρ(W), the largest |eigenvalue|."""
    return float(np.abs(np.linalg.eigvals(_square(W))).max())


def _radii(radii):
    _checks.instance(radii, "radii", (tuple, list), "a tuple of spectral radii ρ, such as (0.5, 1.0, 2.0)")
    if not radii:
        raise ValueError("radii: got an empty sequence, wanted at least one radius")
    if len(radii) > 40:
        raise ValueError(f"radii: got {len(radii)} radii, wanted at most 40")
    return tuple(_checks.number(r, "radii", 0, 10.0, low_open=True, what="a spectral radius") for r in radii)


@dataclass
class GradientNorms:
    """‖∂L(τ)/∂h(t)‖ measured for several spectral radii of W = ρ·(a fixed matrix of radius 1).

    Attributes
    ----------
    kind : "orthogonal" (W = ρQ, σ_max = ρ) or "gaussian" (the default initialisation rescaled to ρ)
    radii : tuple of float
    distance : ndarray (τ,)          τ − t for t = 1..τ (τ−1 down to 0)
    ratio : dict ρ -> ndarray (τ,)   geometric mean over the batch of ‖∇h(t)‖ / ‖∇h(τ)‖
    per_sequence : dict ρ -> ndarray (τ, batch)   the same ratio for every sequence
    sigma_max : dict ρ -> float      largest singular value of W
    tanh_prime : dict ρ -> float     mean of tanh'(a(t)) = 1 − h(t)² over t, batch and units
    powers : dict ρ -> ndarray (τ,)  ‖Wⁿ‖ (largest singular value) for n = τ−t: the product without tanh'
    """

    kind: str
    radii: tuple
    distance: np.ndarray
    ratio: dict
    per_sequence: dict
    sigma_max: dict
    tanh_prime: dict
    powers: dict

    def _rho(self, rho):
        rho = _checks.number(rho, "rho", what="a measured radius")
        if rho not in self.ratio:
            raise ValueError(f"rho: got {rho:g}, wanted one of the measured radii {self.radii}")
        return rho

    def at(self, rho, distance):
        """The ratio for radius ``rho`` at τ − t = ``distance``."""
        rho = self._rho(rho)
        if rho not in self.ratio:
            raise ValueError(f"rho: got {_checks._got(rho)}, wanted one of the measured radii {self.radii}")
        d = _checks.integer(distance, "distance", 0, len(self.distance) - 1)
        return float(self.ratio[rho][-1 - d])

    def bound(self, rho):
        """σ_max(W)^(τ−t) for t = 1..τ: the most ‖∇h(t)‖/‖∇h(τ)‖ can be (tanh' ≤ 1)."""
        rho = self._rho(rho)
        if rho not in self.ratio:
            raise ValueError(f"rho: got {_checks._got(rho)}, wanted one of the measured radii {self.radii}")
        return self.sigma_max[rho] ** self.distance


_NORMS = {}   # cache: the exercise's check, its solution and the radius stepper share one measurement


def power_norms(W, n_max):
    """‖Wⁿ‖ (spectral norm) for n = 0, 1, ..., n_max."""
    W = _square(W)
    n_max = _checks.integer(n_max, "n_max", 0, 5000)
    out, P = [1.0], np.eye(len(W))
    for n in range(1, n_max + 1):
        with np.errstate(over="ignore", invalid="ignore"):   # checked just below
            P = P @ W
        if not _checks.all_finite(P):
            raise ValueError(f"n_max: got {n_max}, but W^{n} overflows (ρ(W) = {spectral_radius(W):.3g}), "
                             f"wanted n_max < {n} for this W")
        out.append(float(np.linalg.norm(P, 2)))
    return np.array(out)


def gradient_norms(radii=S.RADII, *, seed=0, kind="orthogonal"):
    """Measure ‖∂L(τ)/∂h(t)‖ against τ − t with W scaled to each spectral radius ρ.

    The network is an ``RNN(4, 32, 4, pattern="last")`` reading 32 random
    one-hot sequences of τ = 60 symbols; only L(τ) is attached, so
    ``RNN.backward``'s ∇h(t) is ∂L(τ)/∂h(t). ``kind="orthogonal"``: W = ρQ, Q a
    random orthogonal matrix, so σ_max(W) = ρ. ``kind="gaussian"``: W = ρ G/ρ(G),
    G the network's own default initial W (entries N(0, 1/32)): non-normal,
    σ_max ≈ 2ρ. Results are cached: the same arguments return the same object.

    Returns
    -------
    GradientNorms
    """
    radii = _radii(radii)
    seed = _checks.seed(seed)
    if seed is None:
        raise _checks.ArgumentTypeError("seed: got None, wanted an integer >= 0")
    _checks.choice(kind, "kind", ("orthogonal", "gaussian"))
    key = (radii, seed, kind)
    if key in _NORMS:
        return _NORMS[key]
    tau, n_hidden, batch = S.VANISH_TAU, S.VANISH_HIDDEN, S.VANISH_BATCH
    rng = np.random.default_rng(seed)
    model = RNN(_N_SYMBOLS, n_hidden, _N_SYMBOLS, pattern="last", seed=seed)
    G = model.params["W"].copy()
    base = _orthogonal(n_hidden, rng) if kind == "orthogonal" else G / spectral_radius(G)
    x = one_hot(rng.integers(0, _N_SYMBOLS, (tau, batch)), _N_SYMBOLS)
    y = rng.integers(0, _N_SYMBOLS, batch)
    ratio, per_seq, sigma, tprime, powers = {}, {}, {}, {}, {}
    for rho in radii:
        model.params["W"] = rho * base
        _, _, dh = model.backward(x, y)
        norms = np.linalg.norm(dh, axis=-1)               # (τ, batch)
        with np.errstate(under="ignore"):
            r = norms / norms[-1]
        per_seq[rho] = r
        ratio[rho] = np.exp(np.log(np.maximum(r, 1e-300)).mean(axis=1))
        sigma[rho] = float(np.linalg.norm(model.params["W"], 2))
        tprime[rho] = float((1 - model.forward(x).h ** 2).mean())
        powers[rho] = power_norms(model.params["W"], tau - 1)[::-1]
    _NORMS[key] = GradientNorms(kind, radii, np.arange(tau - 1, -1, -1), ratio, per_seq, sigma, tprime, powers)
    return _NORMS[key]


def gradient_table(norms, distances=S.DISTANCES):
    """A Table: ρ, σ_max, mean tanh', measured ratio and bound at each distance."""
    _checks.instance(norms, "norms", GradientNorms, "the GradientNorms of ch.gradient_norms")
    _checks.instance(distances, "distances", (tuple, list), "a tuple of distances τ − t")
    if not distances or len(distances) > 6:
        raise ValueError(f"distances: got {len(distances)} distances, wanted 1 to 6")
    distances = tuple(_checks.integer(d, "distances", 0, len(norms.distance) - 1) for d in distances)
    rows = []
    for rho in norms.radii:
        row = [f"{rho:g}", f"{norms.sigma_max[rho]:.2f}", f"{norms.tanh_prime[rho]:.2f}"]
        for d in distances:
            row += [f"{norms.at(rho, d):.1e}", f"{norms.sigma_max[rho] ** d:.1e}"]
        rows.append(row)
    header = ["ρ", "σ_max(W)", "mean tanh'"]
    for d in distances:
        header += [f"measured, τ−t = {d}", f"bound σ_max^{d}"]
    return Table(header, rows, caption=f"‖∂L(τ)/∂h(t)‖ / ‖∂L(τ)/∂h(τ)‖ for W = ρ·({norms.kind}), geometric mean "
                 f"over {S.VANISH_BATCH} sequences")


@dataclass
class Spectra:
    """Three recurrent matrices side by side: ρ, σ_max, ‖Wⁿ‖ and the measured gradient ratio."""

    names: tuple
    rho: dict
    sigma_max: dict
    powers: dict         # name -> ndarray ‖Wⁿ‖, n = 0..τ−1
    grad_ratio: dict     # name -> ndarray (τ,) measured ratio at distance n = 0..τ−1


def spectra(seed=0):
    """W = 0.9·Q (orthogonal), the default Gaussian W rescaled to ρ = 0.9, and the default W itself.

    Returns
    -------
    Spectra (each with ρ, σ_max, ‖Wⁿ‖ for n = 0..59 and the measured ‖∂L(τ)/∂h(τ−n)‖ ratio)
    """
    seed = _checks.seed(seed)
    if seed is None:
        raise _checks.ArgumentTypeError("seed: got None, wanted an integer >= 0")
    rho = S.NONNORMAL_RHO
    orth = gradient_norms((rho,), seed=seed, kind="orthogonal")
    gauss = gradient_norms((rho,), seed=seed, kind="gaussian")
    G = RNN(_N_SYMBOLS, S.VANISH_HIDDEN, _N_SYMBOLS, pattern="last", seed=seed).params["W"]
    default = gradient_norms((spectral_radius(G),), seed=seed, kind="gaussian")
    names = (f"{rho:g}·Q (orthogonal)", f"Gaussian, ρ = {rho:g}", "Gaussian (default)")
    out = Spectra(names, {}, {}, {}, {})
    for name, norms in zip(names, (orth, gauss, default)):
        r = norms.radii[0]
        out.rho[name] = r
        out.sigma_max[name] = norms.sigma_max[r]
        out.powers[name] = norms.powers[r][::-1]
        out.grad_ratio[name] = norms.ratio[r][::-1]
    return out


def spectra_table(sp, distances=(S.TRANSIENT_STEPS, 30)):
    """A Table of :func:`spectra`: ρ, σ_max, ‖Wⁿ‖ and the measured gradient ratio at each distance n."""
    _checks.instance(sp, "sp", Spectra, "the Spectra of ch.spectra")
    _checks.instance(distances, "distances", (tuple, list), "a tuple of distances n")
    if not distances or len(distances) > 6:
        raise ValueError(f"distances: got {len(distances)} distances, wanted 1 to 6")
    distances = tuple(_checks.integer(d, "distances", 0, S.VANISH_TAU - 1) for d in distances)
    header = ["W", "ρ", "σ_max"] + [f"‖W^{d}‖" for d in distances] + [f"gradient, n = {d}" for d in distances]
    rows = []
    for name in sp.names:
        rows.append([name, f"{sp.rho[name]:.2f}", f"{sp.sigma_max[name]:.2f}"]
                    + [f"{sp.powers[name][d]:.2g}" for d in distances]
                    + [f"{sp.grad_ratio[name][d]:.1e}" for d in distances])
    return Table(header, rows, caption="ρ, σ_max, ‖Wⁿ‖ (the product without the slopes) and the tanh network's "
                 "gradient ‖∂L(τ)/∂h(τ−n)‖ / ‖∂L(τ)/∂h(τ)‖")


def backward_norms(model, x, y):
    """‖∂L(τ)/∂h(t)‖ and the mean tanh'(a(t)) of one sequence, for the backward stepper.

    Parameters
    ----------
    model : rl.RNN, pattern "last";  x : ndarray (τ, n_in), 2 ≤ τ ≤ 60;  y : int label

    Returns
    -------
    norm_h : ndarray (τ,)   ‖∇h(t)‖ for t = 1..τ
    slope : ndarray (τ,)    mean over units of tanh'(a(t)) = 1 − h(t)²
    """
    _model(model, ("last",))
    x3, single = _checks.sequence(x, "x", model.n_in)
    if not single:
        raise ValueError(f"x: got shape {np.shape(x)}, wanted one sequence (τ, {model.n_in})")
    tau = x3.shape[0]
    if not 2 <= tau <= 60:
        raise ValueError(f"x: got τ = {tau} steps, wanted 2 to 60 (one frame per step)")
    _, _, grad_h = model.backward(x3[:, 0], y)
    h = model.forward(x3[:, 0]).h
    return np.linalg.norm(grad_h, axis=-1), (1 - h ** 2).mean(axis=-1)


def measure_cost(taus=(100, 200, 400), *, n_hidden=32, batch=8, repeats=3, seed=0):
    """Time and memory of forward + BPTT against τ.

    Returns
    -------
    list of dict, one per τ, with ``tau``, ``seconds`` (the fastest of ``repeats``
    runs of ``model.loss_and_grads``), ``stored_bytes`` (the states h(1..τ)
    BPTT must keep: τ·batch·n_hidden float64) and ``peak_bytes`` (the peak
    memory allocated during one call, measured with ``tracemalloc``).
    """
    _checks.instance(taus, "taus", (tuple, list), "a tuple of sequence lengths τ")
    if not taus or len(taus) > 10:
        raise ValueError(f"taus: got {len(taus)} lengths, wanted 1 to 10")
    taus = tuple(_checks.integer(t, "taus", 1, 5000) for t in taus)
    n_hidden = _checks.integer(n_hidden, "n_hidden", 1, 512)
    batch = _checks.integer(batch, "batch", 1, 256)
    repeats = _checks.integer(repeats, "repeats", 1, 20)
    seed = _checks.seed(seed)
    rng = np.random.default_rng(seed)
    model = RNN(8, n_hidden, 8, seed=seed)
    rows = []
    for tau in taus:
        x = one_hot(rng.integers(0, 8, (tau, batch)), 8)
        y = rng.integers(0, 8, (tau, batch))
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            model.loss_and_grads(x, y)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        try:
            model.loss_and_grads(x, y)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        rows.append({"tau": tau, "seconds": float(min(times)),
                     "stored_bytes": tau * batch * n_hidden * 8, "peak_bytes": int(peak)})
    return rows


def cost_table(rows):
    """A Table of :func:`measure_cost`'s rows."""
    _checks.instance(rows, "rows", list, "the list of ch.measure_cost")
    if not rows:
        raise ValueError("rows: got an empty list, wanted the rows of ch.measure_cost")
    for i, r in enumerate(rows):
        if not (isinstance(r, dict) and {"tau", "seconds", "stored_bytes", "peak_bytes"} <= set(r)):
            raise _checks.ArgumentTypeError(f"rows[{i}]: got {_checks._got(r)}, wanted a row of ch.measure_cost")
    body = [[str(r["tau"]), f"{1e3 * r['seconds']:.1f}", f"{1e6 * r['seconds'] / r['tau']:.0f}",
             f"{r['stored_bytes'] / 2**20:.2f}", f"{r['peak_bytes'] / 2**20:.2f}"] for r in rows]
    return Table(["τ", "forward + BPTT (ms)", "per step (µs)", "states h(1..τ) (MiB)", "peak memory (MiB)"],
                 body, caption="Cost of one forward pass and BPTT against the sequence length τ")
