"""Linear probes: how much of a quantity can be read out of hidden states by a linear map.

A probe is a linear read-out fitted on some states and scored on others it has
never seen. If a linear map of h(t) predicts a quantity z(t) well on held-out
states, the state holds z(t) in a linearly readable form; if it does not, the
quantity is lost, or at least hidden from any linear read-out.

* :func:`ridge` decodes real numbers, z ≈ wᵀh + c, by ridge regression in
  closed form, and scores it with the held-out R² = 1 − Σ(z − ẑ)² / Σ(z − z̄)².
* :func:`logistic` decodes class labels with a regularised softmax (multinomial
  logistic) regression, fitted by accelerated gradient descent on a convex
  objective, and scores it with the held-out accuracy.
* :func:`lagged` builds the data set "decode x(t−k) from h(t)" for many lags k
  at once; :func:`memory_curve` fits one ridge probe per lag and returns r²(k),
  and :func:`memory_capacity` sums them: MC = Σ_k r²(k) (Jaeger, 2001).
* :func:`legendre_targets` and :func:`capacity` extend this to *nonlinear*
  functions of the past (Dambre et al., 2012): the targets are products of
  Legendre polynomials of past inputs, z(t) = Π_k P_{d_k}(x(t−k)), of total
  degree d = Σ_k d_k; degree 1 is the linear memory. For i.i.d. inputs uniform
  on [−1, 1] these targets are uncorrelated with unit variance, so the
  capacities of all degrees together are at most n, the number of state units.
  ``shuffle=True`` scores the same targets with their rows permuted (a control:
  what the estimator reports when the state holds nothing about them).

Every probe splits its rows into a training part and a held-out part with a
seeded permutation (``seed``); with ``groups`` (e.g. the sequence each row
comes from) whole groups go to one side, so the held-out rows come from
sequences the probe never saw.

>>> rng = np.random.default_rng(0)
>>> H = rng.normal(size=(500, 4))
>>> fit = ridge(H, H @ [1.0, -2.0, 0.0, 0.5])   # a quantity the state holds exactly
>>> round(fit.score, 6)
1.0
>>> fit = ridge(H, rng.normal(size=500))        # pure noise: nothing to read out
>>> fit.score < 0.05
True
"""

from dataclasses import dataclass

import numpy as np

from . import _checks

__all__ = ["Probe", "split", "ridge", "logistic", "lagged", "memory_curve", "memory_capacity",
           "legendre", "legendre_targets", "capacity", "MAX_SIZE", "MAX_CLASSES", "MAX_LAG", "MAX_DEGREE",
           "MAX_VALUE"]

#: Largest number of rows (samples × features) a probe accepts: 5·10⁷ float64 numbers, 400 MB.
MAX_SIZE = 50_000_000
#: Most classes a logistic probe accepts (its weights are n_features × n_classes).
MAX_CLASSES = 10_000
#: Largest lag a memory probe accepts.
MAX_LAG = 10_000
#: Highest total degree of the Legendre targets of :func:`capacity`.
MAX_DEGREE = 7
#: The largest |value| of states H, h, targets z and inputs x a probe accepts: the library's one
#: rule for real-valued inputs (``rnnlib._checks.MAX_MAGNITUDE``; the book's states stay below 20).
MAX_VALUE = _checks.MAX_MAGNITUDE


# ----------------------------------------------------------------------------- validation
def _matrix(H, name="H"):
    """States as a float64 (n_samples, n_features) matrix, finite, at least one column."""
    arr = _checks.real_array(H, name, "a float array of shape (n_samples, n_features) "
                             "(flatten time and batch first, e.g. h.reshape(-1, n_hidden))",
                             ndim=2, max_size=MAX_SIZE, limit=MAX_VALUE)
    if arr.shape[1] == 0:
        raise ValueError(f"{name}: got shape {arr.shape} with no features, wanted at least one column")
    if arr.shape[0] == 0:
        raise ValueError(f"{name}: got shape {arr.shape} with no samples, wanted at least one row")
    return arr


def _targets(z, n, name="z"):
    """Real targets as float64 (n,) or (n, n_targets), finite, with n rows."""
    wanted = f"a float array of shape ({n},) or ({n}, n_targets), one row per row of H"
    arr = _checks.real_array(z, name, wanted, ndim=(1, 2), max_size=MAX_SIZE, limit=MAX_VALUE)
    if arr.shape[0] != n or (arr.ndim == 2 and arr.shape[1] == 0):
        raise ValueError(f"{name}: got shape {arr.shape}, wanted {wanted}")
    return arr


def _fraction(value, name):
    return _checks.number(value, name, 0, 1, low_open=True, high_open=True)


def _non_negative(value, name):
    return _checks.number(value, name, 0, limit=_checks.MAX_MAGNITUDE)


def _scaled(a):
    """``a`` divided by its largest absolute value (1 if all zero), and that scale.

    Probes fit on the scaled values, so that squares and cross-products of
    huge (or tiny) states neither overflow nor underflow; R² and accuracy
    do not depend on a common scale.
    """
    scale = float(np.max(np.abs(a))) if a.size else 0.0
    scale = scale if scale > 0 else 1.0
    return a / scale, scale


# ----------------------------------------------------------------------------- the split
def split(n, *, held_out=0.25, seed=0, groups=None):
    """A seeded split of ``n`` rows into a training part and a held-out part.

    Parameters
    ----------
    n : int
        Number of rows.
    held_out : float in (0, 1)
        Fraction of rows (or of groups) held out.
    seed : int
        Seeds the permutation; the same seed gives the same split.
    groups : int array (n,), optional
        Group of each row (for example the sequence it comes from). Whole
        groups go to one side, so no held-out row shares a group with a
        training row.

    Returns
    -------
    train, test : int arrays of row indices, disjoint, covering 0..n−1, each sorted.
    """
    n = _checks.positive_int(n, "n", MAX_SIZE, " (rnnlib.probe.MAX_SIZE rows)")
    held_out = _fraction(held_out, "held_out")
    rng = np.random.default_rng(_checks.seed(seed))
    if groups is None:
        n_test = int(round(held_out * n))
        if n_test < 1 or n - n_test < 1:
            raise ValueError(f"n: got {n} rows with held_out={held_out}, wanted enough rows for both parts "
                             f"(at least one training row and one held-out row)")
        order = rng.permutation(n)
        return np.sort(order[n_test:]), np.sort(order[:n_test])
    g = _checks.as_array(groups, "groups", f"integer group labels of shape ({n},)")
    if g.shape != (n,) or not np.issubdtype(g.dtype, np.integer) or g.dtype == bool:
        raise ValueError(f"groups: got {_describe(g)}, wanted integer group labels of shape ({n},)")
    names = np.unique(g)
    n_test = int(round(held_out * names.size))
    if n_test < 1 or names.size - n_test < 1:
        raise ValueError(f"groups: got {names.size} group(s) with held_out={held_out}, wanted enough groups for "
                         "both parts (at least one training group and one held-out group)")
    test_groups = rng.permutation(names)[:n_test]
    is_test = np.isin(g, test_groups)
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)


def _describe(a):
    return f"dtype {a.dtype} shape {a.shape}"


# ----------------------------------------------------------------------------- probes
@dataclass
class Probe:
    """A fitted linear probe and its held-out score.

    Attributes
    ----------
    kind : str               "ridge" (score: R²) or "logistic" (score: accuracy)
    score : float or ndarray  held-out R² (one per target column for several targets) or accuracy
    weights : ndarray         (n_features,) or (n_features, n_targets) for ridge; (n_features, n_classes) for logistic
    bias : float or ndarray   () or (n_targets,) for ridge; (n_classes,) for logistic
    train, test : ndarray     row indices of the two parts
    chance : float or ndarray what predicting without looking at H scores on the held-out part:
                              R² 0 for ridge (by definition), the share of the most frequent
                              training class for logistic
    """

    kind: str
    score: object
    weights: np.ndarray
    bias: object
    train: np.ndarray
    test: np.ndarray
    chance: object

    def predict(self, H):
        """ẑ = H w + c for ridge (real values), the most likely class for logistic.

        H : ndarray (n_samples, n_features) -> (n_samples,) or (n_samples, n_targets)
        """
        H = _matrix(H)
        if H.shape[1] != self.weights.shape[0]:
            raise ValueError(f"H: got shape {H.shape}, wanted (n_samples, {self.weights.shape[0]}) "
                             "(the number of features the probe was fitted on)")
        out = H @ self.weights + self.bias
        return out.argmax(-1) if self.kind == "logistic" else out

    def probabilities(self, H):
        """Logistic probes only: the class probabilities, (n_samples, n_classes)."""
        if self.kind != "logistic":
            raise ValueError(f"probabilities: got a {self.kind!r} probe, wanted a 'logistic' probe "
                             "(a ridge probe predicts real values: use predict)")
        H = _matrix(H)
        if H.shape[1] != self.weights.shape[0]:
            raise ValueError(f"H: got shape {H.shape}, wanted (n_samples, {self.weights.shape[0]})")
        o = H @ self.weights + self.bias
        o = o - o.max(-1, keepdims=True)
        p = np.exp(o)
        return p / p.sum(-1, keepdims=True)


def ridge(H, z, *, alpha=1e-6, held_out=0.25, seed=0, groups=None, rcond=None):
    """Decode real quantities from states by ridge regression; score with the held-out R².

    Fits ẑ = H w + c on the training rows in closed form:
    with H̃, z̃ the training rows centred on their means,
    w = (H̃ᵀH̃ + λ I)⁻¹ H̃ᵀ z̃, c = z̄ − h̄ᵀ w, and λ = alpha · trace(H̃ᵀH̃) / n_features,
    so that ``alpha`` does not depend on the scale of H. On the held-out rows,

        R² = 1 − Σ (z − ẑ)² / Σ (z − z̄_test)²

    which is 1 for a perfect read-out, about 0 (slightly below) when H holds
    nothing about z, and can be negative when the probe has overfitted.

    Parameters
    ----------
    H : ndarray (n_samples, n_features)
        States, one per row (e.g. h(t) for many t and sequences).
    z : ndarray (n_samples,) or (n_samples, n_targets)
        The quantity to decode; several columns are fitted at once (same H).
    alpha : float >= 0
        Relative ridge penalty; 0 is least squares, solved by ``np.linalg.lstsq``
        (an SVD) with cut-off ``rcond``.
    held_out, seed, groups :
        The split (:func:`split`).
    rcond : float in [0, 1) or None
        Only for ``alpha = 0``: singular values of the centred training states below
        ``rcond`` times the largest are treated as 0 (those directions are ignored).
        None is numpy's default, machine eps × max(rows, columns), e.g. 1.7e-12 for
        7,500 rows: a direction whose scale is below that is cut off by the solver,
        not by the state. A smaller ``rcond`` (1e-15) reads further, at float64's risk.

    Returns
    -------
    Probe
        ``.score``: R² on the held-out rows, a float, or (n_targets,) for 2-d ``z``.
    """
    H = _matrix(H)
    z = _targets(z, H.shape[0])
    alpha = _non_negative(alpha, "alpha")
    if rcond is not None:
        rcond = _checks.number(rcond, "rcond", 0, 1, high_open=True)
    train, test = split(H.shape[0], held_out=held_out, seed=seed, groups=groups)
    if train.size < 2:
        raise ValueError(f"H: got {H.shape[0]} rows, wanted at least 2 training rows after holding out "
                         f"{held_out:.0%}")
    H, h_scale = _scaled(H)
    z, z_scale = _scaled(z)
    Ht, zt = H[train], z[train]
    h_mean, z_mean = Ht.mean(0), zt.mean(0)
    Hc, zc = Ht - h_mean, zt - z_mean
    gram = Hc.T @ Hc
    lam = alpha * np.trace(gram) / H.shape[1]
    if lam > 0:
        w = np.linalg.solve(gram + lam * np.eye(H.shape[1]), Hc.T @ zc)
    else:
        w = np.linalg.lstsq(Hc, zc, rcond=rcond)[0]
    c = z_mean - h_mean @ w
    resid = z[test] - (H[test] @ w + c)
    spread = z[test] - z[test].mean(0)
    sst = np.sum(spread ** 2, axis=0)
    if np.any(sst == 0):
        raise ValueError("z: got a quantity that is constant on the held-out rows, wanted one that varies "
                         "(R² is undefined for a constant)")
    r2 = 1.0 - np.sum(resid ** 2, axis=0) / sst
    if not _checks.all_finite(r2):
        raise ValueError("H: got states whose fit is not finite (columns of wildly different scales?), "
                         "wanted states a least-squares fit can use")
    score = float(r2) if z.ndim == 1 else r2
    chance = 0.0 if z.ndim == 1 else np.zeros(z.shape[1])
    w, c = w * (z_scale / h_scale), c * z_scale                   # back to the caller's units
    return Probe("ridge", score, w, float(c) if z.ndim == 1 else c, train, test, chance)


def logistic(H, labels, *, n_classes=None, alpha=1e-3, held_out=0.25, seed=0, groups=None, steps=300):
    """Decode class labels from states by regularised softmax regression; score with held-out accuracy.

    Minimises, over the training rows,

        (1/N) Σ_i −log softmax(W̃ᵀ h̃_i + c)[y_i] + (alpha/2) ‖W̃‖²

    where h̃ are the states standardised with the training rows' mean and
    standard deviation (so ``alpha`` does not depend on their scale). The
    objective is convex; Nesterov's accelerated gradient with step 1/L (L
    bounds its curvature) runs ``steps`` iterations from zero.

    Parameters
    ----------
    H : ndarray (n_samples, n_features)
    labels : int ndarray (n_samples,)
        Classes in 0..n_classes−1.
    n_classes : int, optional
        Default: labels.max() + 1.
    alpha : float >= 0
        L2 penalty on the weights (not the biases).
    held_out, seed, groups :
        The split (:func:`split`).
    steps : int
        Gradient steps (at most 10,000).

    Returns
    -------
    Probe
        ``.score``: accuracy on the held-out rows; ``.chance``: the share of
        the held-out rows in the training part's most frequent class.
        ``.weights`` (n_features, n_classes) and ``.bias`` act on raw H.
    """
    H = _matrix(H)
    n = H.shape[0]
    y = _checks.as_array(labels, "labels", f"integer class labels of shape ({n},)")
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels: got dtype {y.dtype}, wanted integer class labels of shape ({n},) "
                         "(use labels.astype(int) if they are whole numbers)")
    if y.shape != (n,):
        raise ValueError(f"labels: got shape {y.shape}, wanted ({n},), one label per row of H")
    if y.size and y.min() < 0:
        raise ValueError(f"labels: got labels from {y.min()} to {y.max()}, wanted class indices >= 0")
    if n_classes is None and y.size and y.max() >= MAX_CLASSES:
        raise ValueError(f"labels: got labels up to {int(y.max()):,}, which makes {int(y.max()) + 1:,} classes, "
                         f"wanted labels in 0..{MAX_CLASSES - 1} (a probe's weights are n_features × n_classes)")
    n_classes = _checks.integer(int(y.max()) + 1 if n_classes is None else n_classes, "n_classes", 1, MAX_CLASSES,
                                " (a probe's weights are n_features × n_classes)")
    y = _checks.int_labels(y, "labels", n_classes, shape=(n,))
    if n_classes < 2:
        raise ValueError("labels: got a single class, wanted at least 2 classes to tell apart")
    alpha = _non_negative(alpha, "alpha")
    steps = _checks.positive_int(steps, "steps", high=10_000)
    train, test = split(n, held_out=held_out, seed=seed, groups=groups)

    H, h_scale = _scaled(H)                           # no overflow in the standard deviations
    mean, std = H[train].mean(0), H[train].std(0)
    std = np.where(std > 1e-12, std, 1.0)
    X = (H[train] - mean) / std                       # (N, d) standardised
    Y = np.zeros((train.size, n_classes))
    Y[np.arange(train.size), y[train]] = 1.0
    N, d = X.shape
    # Curvature bound: the softmax cross-entropy's Hessian in the logits is at most 1/2.
    L = 0.5 * (np.linalg.norm(X, 2) ** 2 + N) / N + alpha
    theta = np.zeros((d + 1, n_classes))              # weights, then the bias row
    Xb = np.hstack([X, np.ones((N, 1))])
    reg = np.ones((d + 1, 1))
    reg[-1] = 0.0
    prev, momentum = theta, theta
    for k in range(steps):
        o = Xb @ momentum
        o -= o.max(1, keepdims=True)
        p = np.exp(o)
        p /= p.sum(1, keepdims=True)
        grad = Xb.T @ (p - Y) / N + alpha * reg * momentum
        new = momentum - grad / L
        momentum = new + (k / (k + 3)) * (new - prev)
        prev = new
    theta = prev
    if not _checks.all_finite(theta):
        raise ValueError("H: got states the fit cannot use (the gradient steps overflowed), wanted finite states")
    weights = theta[:-1] / std[:, None]
    bias = theta[-1] - mean @ weights
    probe = Probe("logistic", 0.0, weights / h_scale, bias, train, test, 0.0)
    probe.score = float(np.mean((H[test] @ weights + bias).argmax(-1) == y[test]))
    probe.chance = float(np.mean(y[test] == np.bincount(y[train], minlength=n_classes).argmax()))
    return probe


# ----------------------------------------------------------------------------- memory of past inputs
def _states_and_inputs(h, x):
    """h as (τ, batch, n_hidden) float64 and x as (τ, batch), both finite, checked against each other."""
    wanted = "states of shape (τ, batch, n_hidden) or (τ, n_hidden)"
    h_arr = _checks.real_array(h, "h", wanted, ndim=(2, 3), max_size=MAX_SIZE, limit=MAX_VALUE)
    if h_arr.ndim == 2:
        h_arr = h_arr[:, None, :]
    tau, batch, n_hidden = h_arr.shape
    if h_arr.size == 0:
        raise ValueError(f"h: got shape {np.shape(h)}, wanted {wanted} with no empty axis")
    x_arr = _checks.real_array(x, "x", "scalar inputs of shape (τ, batch) or (τ,)", ndim=(1, 2), max_size=MAX_SIZE,
                               limit=MAX_VALUE)
    if x_arr.ndim == 1:
        x_arr = x_arr[:, None]
    if x_arr.shape != (tau, batch):
        if np.ndim(x) == 1 and np.ndim(h) == 3 and x_arr.shape[0] == tau:
            raise ValueError(f"h: got shape {np.shape(h)} (τ = {tau}, batch = {batch}), but x has shape "
                             f"{np.shape(x)} (one sequence), wanted h of shape ({tau}, n_hidden) for one sequence "
                             f"or x of shape ({tau}, {batch})")
        raise ValueError(f"x: got shape {np.shape(x)}, wanted ({tau}, {batch}) or ({tau},): "
                         "one scalar input per step of h")
    return h_arr, x_arr


def _lag_list(lags, tau):
    """The lags as a list of ints in 0..min(τ−1, MAX_LAG), refused before a huge iterable is walked."""
    if isinstance(lags, (str, bytes)) or not hasattr(lags, "__iter__"):
        raise _checks.ArgumentTypeError(f"lags: got {_checks._got(lags)}, wanted an iterable of integers >= 0 "
                                        "(e.g. range(0, 30))")
    if hasattr(lags, "__len__") and len(lags) > MAX_LAG + 1:
        raise ValueError(f"lags: got {len(lags):,} lags, wanted at most {MAX_LAG + 1:,}")
    lag_list = []
    for k in lags:
        lag_list.append(_checks.integer(k, "lags", 0, min(tau - 1, MAX_LAG),
                                        f" (h has τ = {tau} steps; a lag needs a step that far back)"))
        if len(lag_list) > MAX_LAG + 1:
            raise ValueError(f"lags: got more than {MAX_LAG + 1:,} lags, wanted at most {MAX_LAG + 1:,}")
    if not lag_list:
        raise ValueError(f"lags: got {_checks._got(lags)}, wanted at least one integer lag >= 0")
    return lag_list


def _rows(h_arr, washout, lags):
    tau, batch, n_hidden = h_arr.shape
    washout = _checks.integer(max(lags) if washout is None else washout, "washout", max(lags))
    if washout >= tau:
        raise ValueError(f"washout: got {washout} with τ = {tau} steps, wanted washout < τ "
                         "(no step would be left to decode from)")
    H = _matrix(h_arr[washout:].reshape(-1, n_hidden), "h")
    groups = np.broadcast_to(np.arange(batch), (tau - washout, batch)).reshape(-1)
    return washout, H, groups


def lagged(h, x, lags, *, washout=None):
    """The data set "decode x(t−k) from h(t)", for every lag k in ``lags`` at once.

    Parameters
    ----------
    h : ndarray (τ, batch, n_hidden) or (τ, n_hidden)
        States h(1) .. h(τ), time first.
    x : ndarray (τ, batch) or (τ,)
        Scalar inputs x(1) .. x(τ) (one per step and sequence).
    lags : iterable of int, each in 0..τ−1 (and at most MAX_LAG)
        k = 0 is the input h(t) has just read.
    washout : int, optional
        First steps not used as rows; default max(lags), so every row has all
        its targets (rows start at t = washout + 1).

    Returns
    -------
    H : ndarray (n_rows, n_hidden)       h(t) for t = washout+1 .. τ, every sequence
    Z : ndarray (n_rows, len(lags))      Z[:, j] = x(t − lags[j])
    groups : ndarray (n_rows,) int       the sequence of each row (for ``groups=`` of the probes)
    """
    h_arr, x_arr = _states_and_inputs(h, x)
    tau = h_arr.shape[0]
    lag_list = _lag_list(lags, tau)
    _checks.size_limit(len(lag_list) * h_arr.shape[0] * h_arr.shape[1], "lags", f"{len(lag_list)} lags",
                       MAX_SIZE, "targets")
    washout, H, groups = _rows(h_arr, washout, lag_list)
    Z = np.stack([x_arr[washout - k: tau - k] for k in lag_list], axis=-1).reshape(-1, len(lag_list))
    return H, Z, groups


def _max_lag(max_lag, h_arr):
    tau = h_arr.shape[0]
    return _checks.integer(max_lag, "max_lag", 0, min(tau - 1, MAX_LAG),
                           f" (h has τ = {tau} steps; rows need max_lag earlier steps)")


def memory_curve(h, x, max_lag, *, washout=None, alpha=1e-6, held_out=0.25, seed=0):
    """r²(k): how well a linear probe of h(t) recovers the input x(t−k), for k = 0..max_lag.

    One ridge probe per lag (all fitted at once, :func:`ridge`), scored by
    the held-out R² and clipped at 0: r²(k) = max(0, R²(k)). The held-out
    rows come from sequences the probes never saw (``groups``), so ``h``
    needs several sequences (batch ≥ 2).

    Parameters
    ----------
    h : ndarray (τ, batch, n_hidden)
    x : ndarray (τ, batch)          scalar inputs
    max_lag : int in 0..τ−1
    washout : int, optional         default max_lag (see :func:`lagged`)

    Returns
    -------
    r2 : ndarray (max_lag + 1,)     r2[k] for lag k, in [0, 1]
    """
    h_arr, x_arr = _states_and_inputs(h, x)
    max_lag = _max_lag(max_lag, h_arr)
    H, Z, groups = lagged(h_arr, x_arr, range(max_lag + 1), washout=washout)
    fit = ridge(H, Z, alpha=alpha, held_out=held_out, seed=seed, groups=groups)
    return np.clip(fit.score, 0.0, 1.0)


def memory_capacity(h, x, max_lag, **kwargs):
    """MC = Σ_{k=0}^{max_lag} r²(k) (Jaeger 2001), from :func:`memory_curve`.

    For i.i.d. inputs the r²(k) of any n states sum to at most n: the inputs at
    different lags are uncorrelated with equal variance, and r²(k) is the share
    of x(t−k)'s variance inside the n-dimensional span of the state's units.
    """
    return float(memory_curve(h, x, max_lag, **kwargs).sum())


# ----------------------------------------------------------------------------- nonlinear memory
def legendre(x, d):
    """The Legendre polynomial of degree d, scaled to unit variance for x uniform on [−1, 1]: √(2d+1) P_d(x).

    P_0 = 1, P_1 = x, P_2 = (3x² − 1)/2, P_3 = (5x³ − 3x)/2, ... For x uniform on
    [−1, 1], E[P_d P_e] = 0 for d ≠ e: polynomials of different degrees are
    uncorrelated, which is what makes capacities of different targets add up.
    ``x``: numbers in [−1, 1] (others are refused); ``d``: 0..MAX_DEGREE.
    """
    d = _checks.integer(d, "d", 0, MAX_DEGREE)
    x = _checks.real_array(x, "x", "numbers in [−1, 1]", max_size=MAX_SIZE)
    if x.size and np.abs(x).max() > 1:
        raise ValueError(f"x: got values up to {np.abs(x).max():.3g} in size, wanted numbers in [−1, 1] "
                         "(where the scaled Legendre polynomials are orthonormal)")
    coef = np.zeros(d + 1)
    coef[d] = np.sqrt(2 * d + 1)
    return np.polynomial.legendre.legval(x, coef)


def _terms(degree, max_lag):
    """Every multiset of ``degree`` lags in 0..max_lag: the target Π_k P_{m_k}(x(t−k)), m_k its multiplicity."""
    from itertools import combinations_with_replacement
    return list(combinations_with_replacement(range(max_lag + 1), degree))


def _n_terms(degree, max_lag):
    from math import comb
    return comb(max_lag + degree, degree)


def legendre_targets(h, x, degree, max_lag, *, washout=None):
    """The data set "decode every degree-d Legendre product of x(t), .., x(t−max_lag) from h(t)".

    Parameters
    ----------
    h : ndarray (τ, batch, n_hidden) or (τ, n_hidden)
    x : ndarray (τ, batch) or (τ,)   scalar inputs in [−1, 1] (i.i.d. uniform for the bound to hold)
    degree : int in 1..MAX_DEGREE     total degree d = Σ_k d_k
    max_lag : int in 0..τ−1           oldest input a target uses
    washout : int, optional           default max_lag

    Returns
    -------
    H : ndarray (n_rows, n_hidden)
    Z : ndarray (n_rows, n_targets)   Z[:, j] = Π_k P̃_{d_k}(x(t−k)) for term j
    groups : ndarray (n_rows,)        the sequence of each row
    terms : list of tuples            term j as its lags with repetition, e.g. (0, 0, 3) = P̃_2(x(t)) P̃_1(x(t−3))
    """
    h_arr, x_arr = _states_and_inputs(h, x)
    degree = _checks.integer(degree, "degree", 1, MAX_DEGREE)
    max_lag = _max_lag(max_lag, h_arr)
    if np.abs(x_arr).max() > 1:
        raise ValueError(f"x: got values up to {np.abs(x_arr).max():.3g} in size, wanted inputs in [−1, 1] "
                         "(Legendre polynomials are orthogonal there)")
    n_terms = _n_terms(degree, max_lag)
    _checks.size_limit(n_terms * h_arr.shape[0] * h_arr.shape[1], "max_lag", max_lag, MAX_SIZE,
                       f"target values ({n_terms:,} degree-{degree} targets × every step)")
    washout, H, groups = _rows(h_arr, washout, [max_lag])
    tau = h_arr.shape[0]
    window = np.stack([x_arr[washout - k: tau - k].reshape(-1) for k in range(max_lag + 1)])   # (lags, rows)
    P = np.stack([legendre(window, d) for d in range(degree + 1)])                               # (d, lags, rows)
    terms = _terms(degree, max_lag)
    Z = np.empty((H.shape[0], len(terms)))
    for j, term in enumerate(terms):
        lags, counts = np.unique(term, return_counts=True)
        col = P[counts[0], lags[0]].copy()
        for k, m in zip(lags[1:], counts[1:]):
            col *= P[m, k]
        Z[:, j] = col
    return H, Z, groups, terms


def capacity(h, x, degree, max_lag, *, washout=None, alpha=1e-6, held_out=0.5, seed=0, shuffle=False):
    """The capacity of degree d: Σ over every degree-d Legendre target of its held-out R² (Dambre et al., 2012).

    One ridge probe per target (:func:`legendre_targets`, all fitted at once),
    scored on held-out sequences. The R² are summed *unclipped*: a target the
    state does not hold scores slightly below 0, not slightly above, so that
    the many targets of a high degree do not add up noise. ``shuffle=True``
    permutes the targets' rows (seeded) before fitting: the control, what the
    sum is when the state holds nothing about the targets.

    Parameters
    ----------
    h, x, degree, max_lag, washout : as for :func:`legendre_targets`
    alpha, held_out, seed : as for :func:`ridge`
    shuffle : bool

    Returns
    -------
    float : C_d = Σ_j R²_j. For degree 1 this is the linear memory capacity
    (unclipped); for i.i.d. uniform inputs the capacities of all degrees
    together are at most n_hidden.
    """
    shuffle = _checks.boolean(shuffle, "shuffle")
    H, Z, groups, _ = legendre_targets(h, x, degree, max_lag, washout=washout)
    if shuffle:
        Z = Z[np.random.default_rng([_checks.seed(seed) or 0, 7]).permutation(Z.shape[0])]
    fit = ridge(H, Z, alpha=alpha, held_out=held_out, seed=seed, groups=groups)
    return float(np.sum(fit.score))
