"""Feed-forward baselines for chapter 1: the per-position network and the bag of words.

Goodfellow et al. (introduction to chapter 10): "a traditional fully connected feedforward network
would have separate parameters for each input feature, so it would need to
learn all of the rules of the language separately at each position in the
sentence."  :class:`PositionalMLP` is that network, over a fixed window of positions:

    h = tanh(b + Σ_{p=1..window} U_p x(p))
    o = c + V h,        ŷ = softmax(o)

with one matrix U_p for every position p.  A sentence shorter than the window
is right-padded with zero vectors (which contribute nothing); a longer one
cannot be read at all.

Parameter count (:func:`n_params_per_position`) grows with the window:

    window·n_hidden·n_in + n_hidden + n_out·n_hidden + n_out

while the RNN's, n_hidden·n_in + n_hidden² + n_hidden + n_out·n_hidden + n_out,
does not depend on the sequence length at all.

:class:`BagOfWords` is the same network with U_1 = U_2 = ... = U: sharing and
nothing else.  Since Σ_p U x(p) = U Σ_p x(p), it sees only how often each
token occurs, not in which order, and it reads any length:

    h = tanh(b + U Σ_{t=1..τ} x(t)),    o = c + V h

Positions and time steps are counted from 1, as in the book: position p is
the input x(p), held in code at ``x[p-1]``.
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from ._model import MAX_PARAMS, Model, Param  # noqa: F401  (MAX_PARAMS: the limit, rnnlib.mlp.MAX_PARAMS)
from .functional import _cross_entropy, softmax

__all__ = ["PositionalMLP", "PositionalTrace", "n_params_per_position", "BagOfWords", "BagTrace",
           "TimeDelayNetwork", "DelayTrace"]


def _dense_spec(n_in, n_hidden, n_out):
    """U (n_hidden, n_in), b, V (n_out, n_hidden), c: the parameters of a one-hidden-layer network."""
    h = n_hidden
    return {"U": Param((h, n_in), "(n_hidden, n_in)", n_in), "b": Param((h,), "(n_hidden,)"),
            "V": Param((n_out, h), "(n_out, n_hidden)", h), "c": Param((n_out,), "(n_out,)")}


def n_params_per_position(window, n_in, n_hidden, n_out):
    """Parameters of :class:`PositionalMLP`: window·n_hidden·n_in + n_hidden + n_out·n_hidden + n_out."""
    window = _checks.positive_int(window, "window")
    n_in = _checks.positive_int(n_in, "n_in")
    n_hidden = _checks.positive_int(n_hidden, "n_hidden")
    n_out = _checks.positive_int(n_out, "n_out")
    return window * n_hidden * n_in + n_hidden + n_out * n_hidden + n_out


@dataclass
class PositionalTrace:
    """What the forward pass computed.

    Attributes
    ----------
    x : ndarray (window, batch, n_in)   the input, right-padded with zero vectors
    h : ndarray (batch, n_hidden)       hidden layer
    o : ndarray (batch, n_out)          logits

    For a single sequence given as (τ, n_in) the batch axis is dropped.
    """

    x: np.ndarray
    h: np.ndarray
    o: np.ndarray

    @property
    def y_hat(self):
        """ŷ = softmax(o), same shape as ``o``."""
        return softmax(self.o)


class PositionalMLP(Model):
    """A one-hidden-layer network with separate input weights for each position.

    Parameters
    ----------
    window : int
        Number of positions it can read (the longest sequence).
    n_in, n_hidden, n_out : int
        Sizes of x(p), h and o.
    seed : int
        Seeds the initial parameters; the same seed gives the same network.
    init_scale : float in (0, 1e4]
        Multiplies the default initialisation N(0, 1/fan_in): fan_in is
        window·n_in for U, n_hidden for V.

    Attributes
    ----------
    params : dict[str, ndarray]
        U (window, n_hidden, n_in) — U[p−1] is U_p, the matrix for position p —
        b (n_hidden,), V (n_out, n_hidden), c (n_out,).
    """

    def __init__(self, window, n_in, n_hidden, n_out, seed=0, init_scale=1.0):
        self._set_sizes(window=window, n_in=n_in, n_hidden=n_hidden, n_out=n_out)
        self._init_params(seed, init_scale)

    def _param_spec(self):
        """U (window, n_hidden, n_in), b, V, c; U's fan-in is window·n_in (:class:`rnnlib._model.Model`)."""
        w, n_in, h, n_out = self.window, self.n_in, self.n_hidden, self.n_out
        return {"U": Param((w, h, n_in), "(window, n_hidden, n_in)", w * n_in), "b": Param((h,), "(n_hidden,)"),
                "V": Param((n_out, h), "(n_out, n_hidden)", h), "c": Param((n_out,), "(n_out,)")}

    def _inputs(self, x):
        self._check_params()
        x3, single = _checks.sequence(x, "x", self.n_in)
        tau = x3.shape[0]
        if tau > self.window:
            raise ValueError(
                f"x: got a sequence of τ = {tau} steps, wanted at most window = {self.window}: "
                f"this network has weights for positions 1..{self.window} only "
                f"and cannot read position {self.window + 1} onwards"
            )
        if tau < self.window:
            pad = np.zeros((self.window - tau,) + x3.shape[1:])
            x3 = np.concatenate([x3, pad], axis=0)
        return x3, single

    def _targets(self, y, batch, single):
        shape, text = ((), "() (one label)") if single else ((batch,), "(batch,)")
        return _checks.labels(y, "y", shape, self.n_out, text).reshape(batch)

    # ----------------------------------------------------------------- forward
    def _forward(self, xw):
        p = self.params
        a = np.tensordot(xw, p["U"], axes=([0, 2], [0, 2])) + p["b"]  # (B, H): b + Σ_p U_p x(p)
        h = np.tanh(a)
        o = h @ p["V"].T + p["c"]
        return h, o

    def forward(self, x):
        """Run the network.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in), τ ≤ window
            Time first, like the RNN; padded on the right with zero vectors.

        Returns
        -------
        PositionalTrace
            ``.h`` (batch, n_hidden), ``.o`` (batch, n_out)
            (``(n_hidden,)`` and ``(n_out,)`` for a single sequence).
        """
        xw, single = self._inputs(x)
        h, o = self._forward(xw)
        if not _checks.all_finite(o):
            raise _checks.Overflow("params: got values so large that o overflowed to infinity, wanted parameters "
                                   f"of a sensible size (largest |V| entry: {np.abs(self.params['V']).max():.3g})")
        if single:
            xw, h, o = xw[:, 0], h[0], o[0]
        return PositionalTrace(x=xw, h=h, o=o)

    def predict(self, x):
        """Most likely class: (batch,) int, or a scalar for a single sequence."""
        return self.forward(x).o.argmax(-1)

    # ---------------------------------------------------------------- backward
    def loss_and_grads(self, x, y):
        """Softmax cross-entropy averaged over the batch, and its gradients.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in), τ ≤ window
        y : int ndarray (batch,), or a scalar for a single sequence

        Returns
        -------
        loss : float
        grads : dict[str, ndarray], same keys and shapes as ``params``

        Backward pass, with ∇o = (ŷ − onehot(y)) / batch:

            ∇c = Σ_b ∇o        ∇V = Σ_b ∇o hᵀ
            ∇a = (1 − h²) ⊙ Vᵀ ∇o
            ∇b = Σ_b ∇a        ∇U_p = Σ_b ∇a x(p)ᵀ   (zero for padded positions)
        """
        xw, single = self._inputs(x)
        batch = xw.shape[1]
        y = self._targets(y, batch, single)
        p = self.params
        h, o = self._forward(xw)
        loss, do = _cross_entropy(o, y)
        if not np.isfinite(loss):
            raise _checks.Overflow("params: got values so large that the loss overflowed "
                                   f"(loss = {loss}), wanted parameters of a sensible size "
                                   f"(largest |V| entry: {np.abs(p['V']).max():.3g})")
        loss, do = loss / batch, do / batch
        da = (do @ p["V"]) * (1.0 - h ** 2)
        grads = {
            "U": np.matmul(da.T, xw),  # (window, H, n_in): Σ_b ∇a x(p)ᵀ for every p
            "b": da.sum(axis=0),
            "V": do.T @ h,
            "c": do.sum(axis=0),
        }
        return loss, grads


# --------------------------------------------------------------------------- bag of words

@dataclass
class BagTrace:
    """What :meth:`BagOfWords.forward` computed.

    Attributes
    ----------
    counts : ndarray (batch, n_in)    Σ_t x(t): how often each token occurs
    h : ndarray (batch, n_hidden)     hidden layer
    o : ndarray (batch, n_out)        logits

    For a single sequence given as (τ, n_in) the batch axis is dropped.
    """

    counts: np.ndarray
    h: np.ndarray
    o: np.ndarray

    @property
    def y_hat(self):
        """ŷ = softmax(o), same shape as ``o``."""
        return softmax(self.o)


class BagOfWords(Model):
    """Shared weights without recurrence: one U for every position, and no order.

        h = tanh(b + U Σ_{t=1..τ} x(t))
        o = c + V h,        ŷ = softmax(o)

    Every position p = 1..τ uses the same U (parameter sharing, as in an RNN),
    but the words are summed before anything else happens, so the order of the
    words is lost: any permutation of x(1) .. x(τ) gives the same output.  It
    reads sequences of any length τ; its parameter count does not depend on τ.

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        Sizes of x(t), h and o.
    seed : int
        Seeds the initial parameters; the same seed gives the same network.
    init_scale : float in (0, 1e4]
        Multiplies the default initialisation N(0, 1/fan_in): fan_in is n_in
        for U (as the RNN's U), n_hidden for V.

    Attributes
    ----------
    params : dict[str, ndarray]
        U (n_hidden, n_in), b (n_hidden,), V (n_out, n_hidden), c (n_out,).
    """

    def __init__(self, n_in, n_hidden, n_out, seed=0, init_scale=1.0):
        self._set_sizes(n_in=n_in, n_hidden=n_hidden, n_out=n_out)
        self._init_params(seed, init_scale)

    def _param_spec(self):
        """U (n_hidden, n_in), b, V, c (:class:`rnnlib._model.Model`)."""
        return _dense_spec(self.n_in, self.n_hidden, self.n_out)

    # ----------------------------------------------------------------- forward
    def _forward(self, x3):
        p = self._check_params()
        counts = x3.sum(axis=0)                      # (B, n_in): Σ_t x(t)
        h = np.tanh(p["b"] + counts @ p["U"].T)      # (B, H)
        o = h @ p["V"].T + p["c"]                    # (B, n_out)
        return counts, h, o

    def forward(self, x):
        """Run the network.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in), any τ ≥ 1
            Time first, like the RNN.

        Returns
        -------
        BagTrace
            ``.counts`` (batch, n_in), ``.h`` (batch, n_hidden), ``.o`` (batch, n_out)
            (without the batch axis for a single sequence).
        """
        x3, single = _checks.sequence(x, "x", self.n_in)
        counts, h, o = self._forward(x3)
        if single:
            counts, h, o = counts[0], h[0], o[0]
        return BagTrace(counts=counts, h=h, o=o)

    def predict(self, x):
        """Most likely class: (batch,) int, or a scalar for a single sequence."""
        return self.forward(x).o.argmax(-1)

    # ---------------------------------------------------------------- backward
    def loss_and_grads(self, x, y):
        """Softmax cross-entropy averaged over the batch, and its gradients.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in)
        y : int ndarray (batch,), or a scalar for a single sequence

        Returns
        -------
        loss : float
        grads : dict[str, ndarray], same keys and shapes as ``params``

        Backward pass, with ∇o = (ŷ − onehot(y)) / batch and s = Σ_t x(t):

            ∇c = Σ_b ∇o        ∇V = Σ_b ∇o hᵀ
            ∇a = (1 − h²) ⊙ Vᵀ ∇o
            ∇b = Σ_b ∇a        ∇U = Σ_b ∇a sᵀ

        Every position's word contributes to ∇U through s: the same weights
        learn from every position of every sentence.
        """
        x3, single = _checks.sequence(x, "x", self.n_in)
        batch = x3.shape[1]
        shape, text = ((), "() (one label)") if single else ((batch,), "(batch,)")
        y = _checks.labels(y, "y", shape, self.n_out, text).reshape(batch)
        counts, h, o = self._forward(x3)
        loss, do = _cross_entropy(o, y)    # inputs validated above
        loss, do = loss / batch, do / batch
        da = (do @ self.params["V"]) * (1.0 - h ** 2)
        grads = {
            "U": da.T @ counts,
            "b": da.sum(axis=0),
            "V": do.T @ h,
            "c": do.sum(axis=0),
        }
        return loss, grads


# --------------------------------------------------------------------------- time-delay network (convolution)

@dataclass
class DelayTrace:
    """What :meth:`TimeDelayNetwork.forward` computed.

    Attributes
    ----------
    h : ndarray (τ, batch, n_hidden)   h(t) = tanh(b + Σ_k U_k x(t−k)), one feature vector per window
    m : ndarray (batch, n_hidden)      max over t of h(t), unit by unit (the pooled features)
    o : ndarray (batch, n_out)         logits c + V m

    For a single sequence given as (τ, n_in) the batch axis is dropped.
    """

    h: np.ndarray
    m: np.ndarray
    o: np.ndarray

    @property
    def y_hat(self):
        """ŷ = softmax(o), same shape as ``o``."""
        return softmax(self.o)


class TimeDelayNetwork(Model):
    """Shared weights over a window of ``width`` consecutive words, no recurrence: a convolution over time.

        h(t) = tanh(b + Σ_{k=0..width−1} U_k x(t−k)),   t = 1..τ   (x(s) = 0 for s < 1)
        m = max_t h(t)  (unit by unit),   o = c + V m,   ŷ = softmax(o)

    The time-delay network Goodfellow et al. contrast with RNNs in the
    introduction to chapter 10: the same U_0, U_1, ..., U_{width−1} are applied
    at every position (parameter sharing), so it reads any length and finds a
    pattern wherever it stands; but each h(t) sees only the last ``width``
    words (local order).  With one-hot inputs, U_k x(t−k) is a column of U_k:
    a learned embedding of the word k steps back.  With ``width = 1`` and a
    sum instead of the max it would be a bag of words with the tanh inside.

    Parameters
    ----------
    width : int
        Words each window reads (3 in chapter 1).
    n_in, n_hidden, n_out : int
        Sizes of x(t), h(t) and o.
    seed : int
        Seeds the initial parameters; the same seed gives the same network.
    init_scale : float in (0, 1e4]
        Multiplies the default initialisation N(0, 1/fan_in): fan_in is
        width·n_in for U, n_hidden for V.

    Attributes
    ----------
    params : dict[str, ndarray]
        U (width, n_hidden, n_in) — U[k] is U_k, applied to the word k steps
        back — b (n_hidden,), V (n_out, n_hidden), c (n_out,).
    """

    def __init__(self, width, n_in, n_hidden, n_out, seed=0, init_scale=1.0):
        self._set_sizes(width=_checks.integer(width, "width", 1, 50), n_in=n_in, n_hidden=n_hidden, n_out=n_out)
        self._init_params(seed, init_scale)

    def _param_spec(self):
        """U (width, n_hidden, n_in), b, V, c; U's fan-in is width·n_in (:class:`rnnlib._model.Model`)."""
        k, n_in, h, n_out = self.width, self.n_in, self.n_hidden, self.n_out
        return {"U": Param((k, h, n_in), "(width, n_hidden, n_in)", k * n_in), "b": Param((h,), "(n_hidden,)"),
                "V": Param((n_out, h), "(n_out, n_hidden)", h), "c": Param((n_out,), "(n_out,)")}

    def _forward(self, x3):
        p = self._check_params()
        windows = self._windows(x3)                                            # (τ, B, width·n_in)
        a = windows @ p["U"].transpose(0, 2, 1).reshape(-1, self.n_hidden) + p["b"]   # b + Σ_k U_k x(t−k)
        h = np.tanh(a)
        at = h.argmax(axis=0)                                                  # (B, H): the window that wins
        m = np.take_along_axis(h, at[None], axis=0)[0]
        o = m @ p["V"].T + p["c"]
        if not _checks.all_finite(o):
            raise _checks.Overflow("params: got values so large that o overflowed to infinity, wanted parameters "
                                   f"of a sensible size (largest |V| entry: {np.abs(p['V']).max():.3g})")
        return h, at, m, o, windows

    def _windows(self, x3):
        """[x(t); x(t−1); ...; x(t−width+1)] for every t, zero vectors before x(1): (τ, B, width·n_in)."""
        tau, batch, n_in = x3.shape
        out = np.zeros((tau, batch, self.width, n_in))
        for k in range(min(self.width, tau)):
            out[k:, :, k] = x3[:tau - k]
        return out.reshape(tau, batch, self.width * n_in)

    def forward(self, x):
        """Run the network.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in), any τ ≥ 1

        Returns
        -------
        DelayTrace
            ``.h`` (τ, batch, n_hidden), ``.m`` (batch, n_hidden), ``.o`` (batch, n_out)
            (without the batch axis for a single sequence).
        """
        x3, single = _checks.sequence(x, "x", self.n_in)
        h, _, m, o, _ = self._forward(x3)
        if single:
            h, m, o = h[:, 0], m[0], o[0]
        return DelayTrace(h=h, m=m, o=o)

    def predict(self, x):
        """Most likely class: (batch,) int, or a scalar for a single sequence."""
        return self.forward(x).o.argmax(-1)

    def loss_and_grads(self, x, y):
        """Softmax cross-entropy averaged over the batch, and its gradients.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in)
        y : int ndarray (batch,), or a scalar for a single sequence

        Returns
        -------
        loss : float
        grads : dict[str, ndarray], same keys and shapes as ``params``

        Backward pass, with ∇o = (ŷ − onehot(y)) / batch:

            ∇c = Σ_b ∇o        ∇V = Σ_b ∇o mᵀ        ∇m = Vᵀ ∇o
            ∇h(t) = ∇m where t is the window that won the max (unit by unit), else 0
            ∇a(t) = (1 − h(t)²) ⊙ ∇h(t)
            ∇b = Σ_{t,b} ∇a(t)       ∇U_k = Σ_{t,b} ∇a(t) x(t−k)ᵀ

        Every window of every sentence trains the same U_k: sharing across positions.
        """
        x3, single = _checks.sequence(x, "x", self.n_in)
        batch = x3.shape[1]
        shape, text = ((), "() (one label)") if single else ((batch,), "(batch,)")
        y = _checks.labels(y, "y", shape, self.n_out, text).reshape(batch)
        h, at, m, o, windows = self._forward(x3)
        loss, do = _cross_entropy(o, y)
        loss, do = loss / batch, do / batch
        p = self.params
        dm = do @ p["V"]                                                       # (B, H)
        da = np.zeros_like(h)
        np.put_along_axis(da, at[None], (dm * (1.0 - m ** 2))[None], axis=0)
        n = self.width * self.n_in
        dU = (da.reshape(-1, self.n_hidden).T @ windows.reshape(-1, n))       # (H, width·n_in)
        dU = dU.reshape(self.n_hidden, self.width, self.n_in).transpose(1, 0, 2)
        grads = {"U": dU, "b": da.sum(axis=(0, 1)), "V": do.T @ m, "c": do.sum(axis=0)}
        return loss, grads
