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
  previous output, W is (n_hidden, n_out). The argument ``feedback`` names
  what is fed back: "target", the true previous target one-hot(y(t-1))
  (teacher forcing, section 10.2.1, the default of ``loss_and_grads``);
  "softmax", the network's own ŷ(t-1) (the default of ``forward`` without
  targets); "logits", its own o(t-1). Trained free-running ("softmax" or
  "logits"), the gradient flows back through the fed-back vector.
* ``"last"`` — hidden-to-hidden recurrence read out once, after the whole
  sequence (figure 10.5): only o(τ) enters the loss.

The loss is the softmax cross-entropy summed over time steps (eq. 10.12–10.14)
and averaged over the batch. Gradients are computed by hand-written
back-propagation through time (eq. 10.17–10.28). The only Python loop is over
time, and batch items are an array axis. The forward loop calls :func:`step`
once per time step, so each step computes its own U x(t) and W r(t-1), and
o(t) = c + V h(t) right after it (pattern "output" feeds o(t) or ŷ(t) back).
Teacher forcing is the exception: every r(t-1) is known before the pass, so
one call of ``step`` computes all τ steps at once. Backward, Vᵀ∇o(t) for all t
is one product before the loop (running free, ∇o(t) waits for step t+1, so it
is computed in the loop), and ∇U, ∇V, ∇W are single products over all steps
after it.
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from ._model import MAX_PARAMS, Model, Param  # noqa: F401  (MAX_PARAMS: the limit, rnnlib.rnn.MAX_PARAMS)
from .functional import _cross_entropy, _log_softmax, _one_hot, softmax

__all__ = ["RNN", "Trace", "step", "unfold", "n_params", "PATTERNS", "FEEDBACKS"]

PATTERNS = ("hidden", "output", "last")
#: What pattern "output" can feed back: the true previous target (teacher forcing), ŷ(t-1) or o(t-1).
FEEDBACKS = ("target", "softmax", "logits")

#: The most values :func:`unfold` computes (τ times the size of the state).
MAX_UNFOLD = 10_000_000


def step(params, x_t, r_prev, *, check=True):
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
        h(t-1) for the hidden-recurrent patterns, the previous output for "output";
        the same leading axes as ``x_t``.
    check : bool
        Validate the arguments (shapes, float, finite). The models validate once
        per pass and call ``step(..., check=False)`` at every time step.

    Returns
    -------
    h_t : ndarray (..., n_hidden)
    """
    if check:
        params, x_t, r_prev = _step_arguments(params, x_t, r_prev)
    a_t = params["b"] + r_prev @ params["W"].T + x_t @ params["U"].T   # (10.8)
    return np.tanh(a_t)                                                 # (10.9)


def _step_arguments(params, x_t, r_prev):
    if not isinstance(params, dict):
        raise _checks.ArgumentTypeError(f"params: got {_checks._got(params)}, wanted a dict with U, W and b")
    for key in ("U", "W", "b"):
        if key not in params:
            raise ValueError(f"params: got no {key!r}, wanted U (n_hidden, n_in), W (n_hidden, n_rec), b (n_hidden,)")
    U, W = params["U"], params["W"]
    if not (isinstance(U, np.ndarray) and U.ndim == 2 and isinstance(W, np.ndarray) and W.ndim == 2):
        raise ValueError(f"params: got U of {_checks._describe(U)} and W of {_checks._describe(W)}, "
                         "wanted 2-d arrays U (n_hidden, n_in) and W (n_hidden, n_rec)")
    n_hidden, n_in, n_rec = U.shape[0], U.shape[1], W.shape[1]
    spec = {"U": ((n_hidden, n_in), "(n_hidden, n_in)"), "W": ((n_hidden, n_rec), "(n_hidden, n_rec)"),
            "b": ((n_hidden,), "(n_hidden,)")}
    _checks.param_arrays({k: params[k] for k in spec}, spec)
    x_t = _checks.real_array(x_t, "x_t", f"an array (..., n_in) with n_in = {n_in}")
    r_prev = _checks.real_array(r_prev, "r_prev", f"an array (..., n_rec) with n_rec = {n_rec}")
    if x_t.ndim == 0 or x_t.shape[-1] != n_in:
        raise ValueError(f"x_t: got {_checks._describe(x_t)}, wanted (..., {n_in}) with n_in = {n_in} (U's columns)")
    if r_prev.shape != x_t.shape[:-1] + (n_rec,):
        raise ValueError(f"r_prev: got {_checks._describe(r_prev)}, wanted {x_t.shape[:-1] + (n_rec,)}: "
                         f"x_t's leading axes {x_t.shape[:-1]} and n_rec = {n_rec} (W's columns)")
    return params, x_t, r_prev


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
    _checks.function(f, "f", "a function f(s) or f(s, x_t) returning the next state")
    s = _checks.real_array(s0, "s0", "the initial state s(0), an array of finite numbers")
    if x is None:
        if tau is None:
            raise ValueError("tau: got None, wanted the number of steps (an integer >= 1) when there is no input x")
        tau = _checks.positive_int(tau, "tau", MAX_UNFOLD)
        inputs = [()] * tau
    else:
        x = _checks.real_array(x, "x", "inputs x(1) .. x(τ), an array (τ, ...) time first")
        if x.ndim == 0 or x.shape[0] == 0:
            raise ValueError(f"x: got shape {x.shape}, wanted (τ, ...) with τ ≥ 1 inputs, time first")
        if tau is not None and (_checks.integer(tau, "tau") != x.shape[0]):
            raise ValueError(f"tau: got {tau!r}, wanted None or len(x) = {x.shape[0]}")
        tau = x.shape[0]
        inputs = [(x_t,) for x_t in x]
    _checks.size_limit(tau * max(s.size, 1), "tau", tau, MAX_UNFOLD, f"values with a state of shape {s.shape}")
    states = []
    for extra in inputs:
        t = len(states) + 1
        new = _checks.as_array(f(s, *extra), "f", f"f to return the next state, an array of shape {s.shape}")
        if new.dtype.kind not in "biuf":
            raise ValueError(f"f: returned dtype {new.dtype} at step {t}, wanted numbers")
        new = new.astype(np.float64, copy=False)
        if new.shape != s.shape:
            raise ValueError(f"f: returned shape {new.shape} at step {t}, "
                             f"wanted the state's shape {s.shape}")
        if not _checks.all_finite(new):
            raise ValueError(f"f: returned NaN or infinite values at step {t}, wanted finite numbers "
                             "(the state overflowed: f makes it grow without bound)")
        states.append(new)
        s = new
    return np.stack(states)


def n_params(n_in, n_hidden, n_out, pattern="hidden"):
    """Number of parameters of an RNN; it does not depend on the length τ.

    U: n_hidden·n_in, W: n_hidden·n_hidden (n_hidden·n_out for "output"),
    b: n_hidden, V: n_out·n_hidden, c: n_out.
    """
    n_in, n_hidden, n_out = (_checks.positive_int(v, k) for v, k in
                             ((n_in, "n_in"), (n_hidden, "n_hidden"), (n_out, "n_out")))
    pattern = _checks.choice(pattern, "pattern", PATTERNS)
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
    feedback : str or None                  pattern "output": what was fed back, "target"
                                            (teacher forcing), "softmax" or "logits"; None otherwise
    steps : int                             how many calls of :func:`step` the pass made: τ for a
                                            loop over time, 1 when every r(t-1) was known in advance

    For a single sequence given as (τ, n_in) the batch axis is dropped from
    ``x``, ``h``, ``o`` and ``r``.
    """

    x: np.ndarray
    h: np.ndarray
    o: np.ndarray
    r: np.ndarray
    pattern: str
    feedback: str = None
    steps: int = 0

    @property
    def y_hat(self):
        """ŷ(t) = softmax(o(t)), same shape as ``o`` (eq. 10.11)."""
        return softmax(self.o)


class RNN(Model):
    """A tanh recurrent network with a softmax output (see module docstring).

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        Sizes of x(t), h(t) and o(t).
    pattern : {"hidden", "output", "last"}
    seed : int >= 0 or None
        Seeds the initial parameters; the same seed gives the same network
        (None: a different network every time).
    init_scale : float in (0, 1e4]
        Multiplies the default initialisation N(0, 1/fan_in) of U, W and V.

    Attributes
    ----------
    params : dict[str, ndarray]
        U (n_hidden, n_in), W (n_hidden, n_hidden) — or (n_hidden, n_out) for
        pattern "output" — b (n_hidden,), V (n_out, n_hidden), c (n_out,).
        You may edit them; every pass checks them (keys, shapes, float, finite)
        and says what is wrong, e.g. ``params['b']: got shape (1,), wanted (5,) = (n_hidden,)``.
    """

    _repr_extra = ("pattern",)

    def __init__(self, n_in, n_hidden, n_out, pattern="hidden", seed=0, init_scale=1.0):
        self._set_sizes(n_in=n_in, n_hidden=n_hidden, n_out=n_out)
        self.pattern = _checks.choice(pattern, "pattern", PATTERNS)
        self._init_params(seed, init_scale)

    def _param_spec(self):
        """U, W, b, V, c (see :class:`rnnlib._model.Model`); W multiplies r(t-1), of size n_rec."""
        h, n_in, n_out = self.n_hidden, self.n_in, self.n_out
        n_rec, rec = (n_out, "(n_hidden, n_out)") if self.pattern == "output" else (h, "(n_hidden, n_hidden)")
        return {"U": Param((h, n_in), "(n_hidden, n_in)", n_in), "W": Param((h, n_rec), rec, n_rec),
                "b": Param((h,), "(n_hidden,)"), "V": Param((n_out, h), "(n_out, n_hidden)", h),
                "c": Param((n_out,), "(n_out,)")}

    def _inputs(self, x, h0):
        self._check_params()
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
    def _feedback(self, feedback, targets):
        """The validated name of what pattern "output" feeds back (None for the other patterns)."""
        if self.pattern != "output":
            if feedback is not None:
                raise ValueError(f"feedback: got {feedback!r} for pattern {self.pattern!r}, wanted None "
                                 "(what is fed back is a choice of pattern 'output' only)")
            return None
        if feedback is None:
            return "target" if targets is not None else "softmax"
        return _checks.choice(feedback, "feedback", FEEDBACKS)

    def _forward(self, x3, r0, y_teacher=None, feedback=None):
        """Forward pass on validated arrays: h, o, r and the number of calls of :func:`step`.

        Every h(t) comes from :func:`step`. Only what is fed back differs:
        h(t-1) for "hidden" and "last"; for "output", with ``feedback``
        "target" the true one-hot y(t-1) (teacher forcing: every r(t-1) is
        known before the pass starts, so one call of ``step`` computes all τ
        steps at once, section 10.2.1), "softmax" the network's own ŷ(t-1),
        "logits" its own o(t-1) (eq. 10.8 as written for figure 10.4).
        """
        p = self.params
        tau, batch, _ = x3.shape
        if feedback == "target":
            r = np.concatenate([r0[None], _one_hot(y_teacher[:-1], self.n_out)])  # (τ, B, n_out)
            h = step(p, x3, r, check=False)                                     # all t at once
            return h, h @ p["V"].T + p["c"], r, 1
        h = np.empty((tau, batch, self.n_hidden))
        r = np.empty((tau, batch, r0.shape[1]))
        o = np.empty((tau, batch, self.n_out))
        r_prev = r0
        for t in range(tau):
            r[t] = r_prev
            h[t] = step(p, x3[t], r_prev, check=False)                      # (10.8)-(10.9)
            o[t] = h[t] @ p["V"].T + p["c"]                                  # (10.10)
            if feedback == "softmax":
                r_prev = np.exp(_log_softmax(o[t]))                          # ŷ(t), (10.11)
            elif feedback == "logits":
                r_prev = o[t]
            else:
                r_prev = h[t]
        return h, o, r, tau

    def forward(self, x, h0=None, targets=None, feedback=None):
        """Run the network over a sequence batch.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in)
        h0 : ndarray (batch, n_hidden) or (n_hidden,), optional
            Initial state h(0), zeros if omitted. For pattern "output" it is the
            vector fed back before step 1, shape (batch, n_out) or (n_out,).
        targets : int ndarray (τ, batch) or (τ,), optional
            Pattern "output" only: the true targets, fed back one step later
            under teacher forcing (feedback "target").
        feedback : {"target", "softmax", "logits"} or None
            Pattern "output" only: what is fed back into step t. "target": the
            true one-hot y(t-1) (needs ``targets``); "softmax": the network's
            own ŷ(t-1); "logits": its own o(t-1). None: "target" when
            ``targets`` are given, else "softmax".

        Returns
        -------
        Trace
            ``.h`` (τ, batch, n_hidden), ``.o`` (τ, batch, n_out), ``.r``,
            ``.feedback``, and ``.steps``, the number of calls of :func:`step`.
        """
        x3, single, r0 = self._inputs(x, h0)
        feedback = self._feedback(feedback, targets)
        y_teacher = None
        if targets is not None:
            if self.pattern != "output":
                raise ValueError(f"targets: got labels for pattern {self.pattern!r}, "
                                 "wanted None (teacher forcing exists for pattern 'output' only)")
            if feedback != "target":
                raise ValueError(f"targets: got labels with feedback {feedback!r}, wanted None "
                                 "(the targets are fed back only with feedback 'target')")
            y_teacher = self._targets(targets, x3.shape[0], x3.shape[1], single)
        elif feedback == "target":
            raise ValueError("targets: got None with feedback 'target', wanted the labels (τ, batch) "
                             "to feed back (teacher forcing)")
        with np.errstate(over="ignore", invalid="ignore"):  # huge parameters: checked just below
            h, o, r, steps = self._forward(x3, r0, y_teacher, feedback)
        if not _checks.all_finite(o):
            raise _checks.Overflow("params: got values so large that o(t) overflowed to infinity, wanted "
                                   "parameters of a sensible size "
                                   f"(largest |V| entry: {np.abs(self.params['V']).max():.3g})")
        if single:
            x3, h, o, r = x3[:, 0], h[:, 0], o[:, 0], r[:, 0]
        return Trace(x=x3, h=h, o=o, r=r, pattern=self.pattern, feedback=feedback, steps=steps)

    def predict(self, x, h0=None):
        """Most likely class: (τ, batch) per step, or (batch,) for pattern "last"."""
        o = self.forward(x, h0).o
        return o[-1].argmax(-1) if self.pattern == "last" else o.argmax(-1)

    # ---------------------------------------------------------------- backward
    def loss_and_grads(self, x, y, h0=None, feedback=None):
        """Loss and its gradient with respect to every parameter, by BPTT.

        Parameters
        ----------
        x : ndarray (τ, batch, n_in) or (τ, n_in)
        y : int ndarray (τ, batch) — or (batch,) for pattern "last";
            for a single sequence (τ,) — or a scalar for "last".
        h0 : optional initial state, as in :meth:`forward`.
        feedback : {"target", "softmax", "logits"} or None
            Pattern "output" only: what step t is fed back. None or "target":
            the true y(t-1), teacher forcing (section 10.2.1). "softmax" or
            "logits": the network runs free on its own ŷ(t-1) or o(t-1), and
            the gradient flows back through what it fed back.

        Returns
        -------
        loss : float
            Σ_t L(t), averaged over the batch.
        grads : dict[str, ndarray]
            Same keys and shapes as ``params``.
        """
        loss, grads, _ = self.backward(x, y, h0, feedback)
        return loss, grads

    def backward(self, x, y, h0=None, feedback=None):
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
        Running free, r(t) = f(o(t)) with f the softmax or the identity, and
        o(t) gets a second gradient, through step t+1:

            ∇o(t) = ŷ(t) − onehot(y(t)) + J_f(o(t))ᵀ Wᵀ ∇a(t+1),

        where J_fᵀ v = v for the logits and ŷ ⊙ (v − ŷ·v) for the softmax.
        For pattern "last", ∇o(t) = 0 for t < τ (here ∇o(t) means the gradient
        of the loss terms only).

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
        feedback = self._feedback(feedback, y if self.pattern == "output" else None)
        p = self.params
        if feedback in ("softmax", "logits"):              # o(t) fed back may overflow: checked just below
            with np.errstate(over="ignore", invalid="ignore"):
                h, o, r, _ = self._forward(x3, r0, y, feedback)
            if not _checks.all_finite(o):
                raise _checks.Overflow("params: got values so large that o(t), fed back, overflowed to "
                                       "infinity, wanted parameters of a sensible size "
                                       f"(largest |V| entry: {np.abs(p['V']).max():.3g})")
        else:
            h, o, r, _ = self._forward(x3, r0, y, feedback)
        do = np.zeros_like(o)
        if self.pattern == "last":
            loss, do[-1] = _cross_entropy(o[-1], y)
        else:
            loss, do = _cross_entropy(o, y)
        if not np.isfinite(loss):
            raise _checks.Overflow("params: got values so large that the loss overflowed "
                                   f"(loss = {loss}), wanted parameters of a sensible size "
                                   f"(largest |V| entry: {np.abs(p['V']).max():.3g})")
        loss, do = loss / batch, do / batch               # average over the batch

        dh = np.empty_like(h)
        da = np.empty_like(h)
        if feedback in ("softmax", "logits"):             # running free: through o(t) into step t+1
            for t in range(tau - 1, -1, -1):
                if t < tau - 1:
                    dr = da[t + 1] @ p["W"]               # ∇r(t) = Wᵀ ∇a(t+1), r(t) = f(o(t))
                    if feedback == "softmax":
                        s = r[t + 1]                      # ŷ(t), fed back into step t+1
                        dr = s * (dr - (s * dr).sum(-1, keepdims=True))
                    do[t] += dr
                dh[t] = do[t] @ p["V"]
                da[t] = dh[t] * (1.0 - h[t] ** 2)
        else:
            Vdo = do @ p["V"]                              # (τ, B, H): Vᵀ ∇o(t) for all t
            recurrent = self.pattern != "output"
            carry = np.zeros((batch, self.n_hidden))       # Wᵀ ∇a(t+1)
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
