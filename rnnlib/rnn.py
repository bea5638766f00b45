"""The recurrent network of Goodfellow et al., chapter 10, in its three patterns.

Notation follows the book (section 10.2):

    a(t) = b + W r(t-1) + U x(t)        (10.8)
    h(t) = tanh(a(t))                   (10.9)
    o(t) = c + V h(t)                   (10.10)
    ŷ(t) = softmax(o(t))                (10.11)

where r(t-1), the vector multiplied by W, depends on the pattern:

* ``"hidden"`` — hidden-to-hidden recurrence, an output at every step
  (figure 10.3): r(t-1) = h(t-1), W is (n_hidden, n_hidden).
* ``"output"`` — output-to-hidden recurrence (figure 10.4): r(t-1) is the
  previous output, W is (n_hidden, n_out). Trained with teacher forcing
  (section 10.2.1): ``loss_and_grads`` feeds the true previous target
  one-hot(y(t-1)); ``forward`` without targets feeds back its own ŷ(t-1).
* ``"last"`` — hidden-to-hidden recurrence read out once, after the whole
  sequence (figure 10.5): only o(τ) enters the loss.

The loss is the softmax cross-entropy summed over time steps (eq. 10.12–10.14)
and averaged over the batch. Gradients are computed by hand-written
back-propagation through time (eq. 10.17–10.28). The only Python loop is over
time: U x(t) for all t is one matrix product before the loop, V h(t) + c for all
t one product after it, and ∇U, ∇V, ∇W are single products over all steps.
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from .functional import cross_entropy, one_hot, softmax

__all__ = ["RNN", "Trace", "step", "unfold", "n_params", "PATTERNS"]

PATTERNS = ("hidden", "output", "last")


def step(params, x_t, r_prev):
    """One step of the recurrence, eq. 10.8–10.9: h(t) = tanh(b + W r(t-1) + U x(t)).

    This is the only place rnnlib writes eq. 10.8–10.9: ``RNN`` calls it once
    per time step, and the encoder and decoder of ``Seq2Seq`` call it too. The
    three patterns differ only in r(t-1), the vector W multiplies.

    Parameters
    ----------
    params : dict with U (n_hidden, n_in), W (n_hidden, n_rec), b (n_hidden,)
    x_t : ndarray (..., n_in)
        x(t); any leading axes, e.g. (batch, n_in), or (τ, batch, n_in) when
        every r(t-1) is known in advance (teacher forcing).
    r_prev : ndarray (..., n_rec)
        h(t-1) for the hidden-recurrent patterns, the previous output for "output".

    Returns
    -------
    h_t : ndarray (..., n_hidden)
    """
    a_t = params["b"] + r_prev @ params["W"].T + x_t @ params["U"].T   # (10.8)
    return np.tanh(a_t)                                                 # (10.9)


def unfold(f, s0, x=None, tau=None):
    """Unfold a recurrence for τ steps (Goodfellow et al. eq. 10.1 and 10.5).

    Without input:  s(t) = f(s(t-1))          for t = 1..τ   (``tau`` required)
    With input:     s(t) = f(s(t-1), x(t))    for t = 1..τ   (τ = len(x))

    The same function f — the same parameters θ, captured by f — is applied at
    every step; that is all "unfolding" means.

    Parameters
    ----------
    f : callable
        The transition, f(s) or f(s, x_t), returning an array shaped like s.
    s0 : array-like, any shape S
        The initial state s(0).
    x : array-like (τ, ...), optional
        Inputs x(1) .. x(τ), time first.
    tau : int, optional
        Number of steps when there is no input.

    Returns
    -------
    ndarray (τ, *S)
        s(1) .. s(τ).
    """
    s = np.asarray(s0, dtype=np.float64)
    if x is None:
        tau = _checks.positive_int(tau, "tau")
        inputs = [()] * tau
    else:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim == 0 or x.shape[0] == 0:
            raise ValueError(f"x: got shape {x.shape}, wanted (τ, ...) with τ ≥ 1 inputs, time first")
        if tau is not None and tau != x.shape[0]:
            raise ValueError(f"tau: got {tau!r}, wanted None or len(x) = {x.shape[0]}")
        inputs = [(x_t,) for x_t in x]
    states = []
    for extra in inputs:
        new = np.asarray(f(s, *extra), dtype=np.float64)
        if new.shape != s.shape:
            raise ValueError(f"f: returned shape {new.shape} at step {len(states) + 1}, "
                             f"wanted the state's shape {s.shape}")
        states.append(new)
        s = new
    return np.stack(states)


def n_params(n_in, n_hidden, n_out, pattern="hidden"):
    """Number of parameters of an RNN; it does not depend on the length τ.

    U: n_hidden·n_in, W: n_hidden·n_hidden (n_hidden·n_out for "output"),
    b: n_hidden, V: n_out·n_hidden, c: n_out.
    """
    n_rec = n_out if pattern == "output" else n_hidden
    return n_hidden * n_in + n_hidden * n_rec + n_hidden + n_out * n_hidden + n_out


@dataclass
class Trace:
    """Everything the forward pass computed, time first.

    Attributes
    ----------
    x : ndarray (τ, batch, n_in)
    h : ndarray (τ, batch, n_hidden)        h(1) .. h(τ)
    o : ndarray (τ, batch, n_out)           o(1) .. o(τ); for "last", the readout
                                            V h(t) + c at every t (only o(τ) is trained)
    r : ndarray (τ, batch, n_rec)           r(0) .. r(τ-1), the vectors W multiplied
    pattern : str

    For a single sequence given as (τ, n_in) the batch axis is dropped from
    ``x``, ``h``, ``o`` and ``r``.
    """

    x: np.ndarray
    h: np.ndarray
    o: np.ndarray
    r: np.ndarray
    pattern: str

    @property
    def y_hat(self):
        """ŷ(t) = softmax(o(t)), same shape as ``o`` (eq. 10.11)."""
        return softmax(self.o)


class RNN:
    """A tanh recurrent network with a softmax output (see module docstring).

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        Sizes of x(t), h(t) and o(t).
    pattern : {"hidden", "output", "last"}
    seed : int
        Seeds the initial parameters; the same seed gives the same network.
    init_scale : float
        Multiplies the default initialisation N(0, 1/fan_in) of U, W and V.

    Attributes
    ----------
    params : dict[str, ndarray]
        U (n_hidden, n_in), W (n_hidden, n_hidden) — or (n_hidden, n_out) for
        pattern "output" — b (n_hidden,), V (n_out, n_hidden), c (n_out,).
    """

    def __init__(self, n_in, n_hidden, n_out, pattern="hidden", seed=0, init_scale=1.0):
        self.n_in = _checks.positive_int(n_in, "n_in")
        self.n_hidden = _checks.positive_int(n_hidden, "n_hidden")
        self.n_out = _checks.positive_int(n_out, "n_out")
        self.pattern = _checks.choice(pattern, "pattern", PATTERNS)
        n_rec = self.n_out if pattern == "output" else self.n_hidden
        rng = np.random.default_rng(seed)
        self.params = {
            "U": rng.normal(0.0, init_scale / np.sqrt(self.n_in), (self.n_hidden, self.n_in)),
            "W": rng.normal(0.0, init_scale / np.sqrt(n_rec), (self.n_hidden, n_rec)),
            "b": np.zeros(self.n_hidden),
            "V": rng.normal(0.0, init_scale / np.sqrt(self.n_hidden), (self.n_out, self.n_hidden)),
            "c": np.zeros(self.n_out),
        }

    def __repr__(self):
        return (f"RNN(n_in={self.n_in}, n_hidden={self.n_hidden}, n_out={self.n_out}, "
                f"pattern={self.pattern!r}; {self.n_params} parameters)")

    @property
    def n_params(self):
        """Number of scalar parameters; the same for every sequence length τ."""
        return int(sum(p.size for p in self.params.values()))

    # ------------------------------------------------------------------ checks
    def _inputs(self, x, h0):
        x3, single = _checks.sequence(x, "x", self.n_in)
        n_rec, what = ((self.n_out, "the output fed back before step 1, n_out")
                       if self.pattern == "output" else (self.n_hidden, "h(0), n_hidden"))
        r0 = _checks.state(h0, "h0", x3.shape[1], n_rec, single, what)
        return x3, single, r0

    def _targets(self, y, tau, batch, single):
        if self.pattern == "last":
            shape, text = ((), "() (one label)") if single else ((batch,), "(batch,)")
        else:
            shape, text = ((tau,), "(τ,)") if single else ((tau, batch), "(τ, batch)")
        y = _checks.labels(y, "y", shape, self.n_out, text)
        return y.reshape((batch,) if self.pattern == "last" else (tau, batch))

    # ----------------------------------------------------------------- forward
    def _forward(self, x3, r0, y_teacher=None):
        """Forward pass on validated arrays; y_teacher (τ, batch) enables teacher forcing.

        Every h(t) comes from :func:`step`. Only what is fed back differs:
        h(t-1) for "hidden" and "last", ŷ(t-1) for "output" running free, and
        the true one-hot y(t-1) for "output" under teacher forcing, where every
        r(t-1) is known before the pass starts, so one call of ``step`` computes
        all τ steps at once: training has no loop over time (section 10.2.1).
        """
        p = self.params
        tau, batch, _ = x3.shape
        if self.pattern == "output" and y_teacher is not None:
            r = np.concatenate([r0[None], one_hot(y_teacher[:-1], self.n_out)])   # (τ, B, n_out)
            h = step(p, x3, r)                                                  # all t at once
        else:
            h = np.empty((tau, batch, self.n_hidden))
            r = np.empty((tau, batch, r0.shape[1]))
            r_prev = r0
            for t in range(tau):
                r[t] = r_prev
                h[t] = step(p, x3[t], r_prev)
                r_prev = softmax(h[t] @ p["V"].T + p["c"]) if self.pattern == "output" else h[t]
        o = h @ p["V"].T + p["c"]                          # (10.10), (τ, B, n_out) for all t
        return h, o, r

    def forward(self, x, h0=None, targets=None):
        """Run the network over a sequence batch.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in)
        h0 : ndarray (batch, n_hidden) or (n_hidden,), optional
            Initial state h(0), zeros if omitted. For pattern "output" it is the
            vector fed back before step 1, shape (batch, n_out) or (n_out,).
        targets : int ndarray (τ, batch) or (τ,), optional
            Pattern "output" only: feed the true previous targets (teacher
            forcing) instead of the network's own ŷ(t-1).

        Returns
        -------
        Trace
            ``.h`` (τ, batch, n_hidden), ``.o`` (τ, batch, n_out), ...
        """
        x3, single, r0 = self._inputs(x, h0)
        y_teacher = None
        if targets is not None:
            if self.pattern != "output":
                raise ValueError(f"targets: got labels for pattern {self.pattern!r}, "
                                 "wanted None (teacher forcing exists for pattern 'output' only)")
            y_teacher = self._targets(targets, x3.shape[0], x3.shape[1], single)
        h, o, r = self._forward(x3, r0, y_teacher)
        if single:
            x3, h, o, r = x3[:, 0], h[:, 0], o[:, 0], r[:, 0]
        return Trace(x=x3, h=h, o=o, r=r, pattern=self.pattern)

    def predict(self, x, h0=None):
        """Most likely class: (τ, batch) per step, or (batch,) for pattern "last"."""
        o = self.forward(x, h0).o
        return o[-1].argmax(-1) if self.pattern == "last" else o.argmax(-1)

    # ---------------------------------------------------------------- backward
    def loss_and_grads(self, x, y, h0=None):
        """Loss and its gradient with respect to every parameter, by BPTT.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in)
        y : int ndarray (τ, batch) — or (batch,) for pattern "last";
            for a single sequence (τ,) — or a scalar for "last".
        h0 : optional initial state, as in :meth:`forward`.

        Returns
        -------
        loss : float
            Σ_t L(t), averaged over the batch.
        grads : dict[str, ndarray]
            Same keys and shapes as ``params``.
        """
        loss, grads, _ = self.backward(x, y, h0)
        return loss, grads

    def backward(self, x, y, h0=None):
        """Like :meth:`loss_and_grads`, and also return ∇h(t) for every t.

        BPTT for the hidden-recurrent patterns (eq. 10.18–10.21):

            ∇o(t) = ŷ(t) − onehot(y(t))                     (10.18)
            ∇h(τ) = Vᵀ ∇o(τ)                                 (10.19)
            ∇h(t) = Wᵀ diag(1 − h(t+1)²) ∇h(t+1) + Vᵀ ∇o(t)  (10.21)

        and the parameter gradients (eq. 10.22–10.28), with
        ∇a(t) = diag(1 − h(t)²) ∇h(t):

            ∇c = Σ_t ∇o(t)          ∇b = Σ_t ∇a(t)
            ∇V = Σ_t ∇o(t) h(t)ᵀ    ∇W = Σ_t ∇a(t) r(t-1)ᵀ    ∇U = Σ_t ∇a(t) x(t)ᵀ

        For pattern "output" with teacher forcing, r(t-1) is a constant
        (the true y(t-1)), so ∇h(t) = Vᵀ ∇o(t): no gradient flows back in time.
        For pattern "last", ∇o(t) = 0 for t < τ.

        Returns
        -------
        loss : float
        grads : dict[str, ndarray]
        dh : ndarray (τ, batch, n_hidden)   ∇h(t), gradient of the loss w.r.t. h(t)
             ((τ, n_hidden) for a single sequence)
        """
        x3, single, r0 = self._inputs(x, h0)
        tau, batch, _ = x3.shape
        y = self._targets(y, tau, batch, single)
        p = self.params
        h, o, r = self._forward(x3, r0, y if self.pattern == "output" else None)

        do = np.zeros_like(o)
        if self.pattern == "last":
            loss, do[-1] = cross_entropy(o[-1], y)
        else:
            loss, do = cross_entropy(o, y)
        loss, do = loss / batch, do / batch               # average over the batch

        Vdo = do @ p["V"]                                  # (τ, B, H): Vᵀ ∇o(t) for all t
        dh = np.empty_like(h)
        da = np.empty_like(h)
        recurrent = self.pattern != "output"
        carry = np.zeros((batch, self.n_hidden))           # Wᵀ ∇a(t+1)
        for t in range(tau - 1, -1, -1):
            dh[t] = Vdo[t] + carry
            da[t] = dh[t] * (1.0 - h[t] ** 2)
            if recurrent:
                carry = da[t] @ p["W"]

        flat = lambda a: a.reshape(tau * batch, -1)  # noqa: E731
        grads = {
            "U": flat(da).T @ flat(x3),
            "W": flat(da).T @ flat(r),
            "b": da.sum(axis=(0, 1)),
            "V": flat(do).T @ flat(h),
            "c": do.sum(axis=(0, 1)),
        }
        return loss, grads, (dh[:, 0] if single else dh)
