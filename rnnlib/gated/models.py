"""The LSTM, the GRU and leaky units as models with ``rl.RNN``'s interface (see :mod:`rnnlib.gated`)."""

from dataclasses import dataclass, field

import numpy as np

from .. import _checks
from .._model import Model, Param
from ..claims import perturb
from ..functional import _cross_entropy, softmax
from .steps import MAX_FORGET_BIAS, PATTERNS, _gru_step, _leaky_step, _lstm_step, _stack

__all__ = ["GatedTrace", "LSTM", "GRU", "LeakyRNN"]


@dataclass
class GatedTrace:
    """What the forward pass computed, time first (batch axis dropped for a single sequence).

    x (τ, batch, n_in); h, o (τ, batch, n_hidden / n_out); s: the LSTM's cell
    states s(1..τ) (None for the other models); gates: name -> (τ, batch,
    n_hidden), "f", "g", "q", "z" (LSTM), "u", "r", "z" (GRU), "z" (leaky).
    """

    x: np.ndarray
    h: np.ndarray
    o: np.ndarray
    pattern: str
    s: np.ndarray = None
    gates: dict = field(default_factory=dict)

    @property
    def y_hat(self):
        """ŷ(t) = softmax(o(t))."""
        return softmax(self.o)


class _Recurrent(Model):
    """What the three models share: sizes, inputs, targets, the output layer, the loss."""

    _repr_extra = ("pattern",)
    _gates = ()         # the gate names (keys U_k, W_k, b_k), then the cell input U, W, b

    def __init__(self, n_in, n_hidden, n_out, pattern="hidden", seed=0, init_scale=1.0):
        self._set_sizes(n_in=n_in, n_hidden=n_hidden, n_out=n_out)
        self.pattern = _checks.choice(pattern, "pattern", PATTERNS)
        self._init_params(seed, init_scale)

    def _param_spec(self):
        h, n_in, n_out = self.n_hidden, self.n_in, self.n_out
        spec = {}
        for k in self._gates + ("",):
            s = f"_{k}" if k else ""
            spec["U" + s] = Param((h, n_in), "(n_hidden, n_in)", n_in)
            spec["W" + s] = Param((h, h), "(n_hidden, n_hidden)", h)
            spec["b" + s] = Param((h,), "(n_hidden,)")
        spec["V"] = Param((n_out, h), "(n_out, n_hidden)", h)
        spec["c"] = Param((n_out,), "(n_out,)")
        return spec

    def _inputs(self, x, h0):
        self._check_params()
        x3, single = _checks.sequence(x, "x", self.n_in)
        return x3, single, _checks.state(h0, "h0", x3.shape[1], self.n_hidden, single, "h(0), n_hidden")

    def _targets(self, y, tau, batch, single):
        if self.pattern == "last":
            shape, text = ((), "() (one label)") if single else ((batch,), "(batch,)")
        else:
            shape, text = ((tau,), "(τ,)") if single else ((tau, batch), "(τ, batch)")
        return _checks.labels(y, "y", shape, self.n_out, text).reshape((batch,) if self.pattern == "last"
                                                                          else (tau, batch))

    def _run(self, x, h0, s0):
        """Validate, run the recurrence; returns (x3, single, h_prev, h, o, s_prev, states)."""
        x3, single, h_init = self._inputs(x, h0)
        s_init = self._s0(s0, x3.shape[1], single)
        with np.errstate(over="ignore", invalid="ignore"):
            hs, states, s_prev = self._forward(x3, h_init, s_init)
            h = hs[1:]
            o = h @ self.params["V"].T + self.params["c"]
        if not _checks.all_finite(o):
            raise _checks.Overflow("params: got values so large that o(t) overflowed to infinity, wanted parameters "
                                   f"of a sensible size (largest |V| entry: {np.abs(self.params['V']).max():.3g})")
        return x3, single, hs[:-1], h, o, s_prev, states

    def _s0(self, s0, batch, single):
        if s0 is not None:
            raise ValueError(f"s0: got an initial cell state for {type(self).__name__}, wanted None "
                             "(only the LSTM has a cell state s(t))")
        return None

    def forward(self, x, h0=None, s0=None):
        """Run the network over x (τ, batch, n_in) or (τ, n_in) from h(0) = h0 (zeros if None).

        ``s0``: the LSTM's initial cell state s(0) (zeros if None); None for
        the other models. Returns a :class:`GatedTrace`.
        """
        x3, single, _, h, o, s_prev, states = self._run(x, h0, s0)
        s = states.pop("s", None)
        if single:
            x3, h, o = x3[:, 0], h[:, 0], o[:, 0]
            s = None if s is None else s[:, 0]
            states = {k: v[:, 0] for k, v in states.items()}
        return GatedTrace(x=x3, h=h, o=o, pattern=self.pattern, s=s, gates=states)

    def predict(self, x, h0=None, s0=None):
        """Most likely class: (τ, batch) per step, or (batch,) for pattern "last"."""
        o = self.forward(x, h0, s0).o
        return o[-1].argmax(-1) if self.pattern == "last" else o.argmax(-1)

    def loss_and_grads(self, x, y, h0=None, s0=None):
        """Loss Σ_t L(t) averaged over the batch, and its gradient for every key of ``params`` (BPTT)."""
        loss, grads, _ = self.backward(x, y, h0, s0)
        return loss, grads

    def backward(self, x, y, h0=None, s0=None):
        """Like :meth:`loss_and_grads`, and also the gradients with respect to the states.

        Returns loss, grads, and a dict: "h" -> ∇h(t) (τ, batch, n_hidden), the
        total gradient of the loss with respect to h(t) through every later
        step, and for the LSTM "s" -> ∇s(t), the same for the cell state.
        """
        x3, single, h_prev, h, o, s_prev, states = self._run(x, h0, s0)
        tau, batch, _ = x3.shape
        y = self._targets(y, tau, batch, single)
        p = self.params
        do = np.zeros_like(o)
        if self.pattern == "last":
            loss, do[-1] = _cross_entropy(o[-1], y)
        else:
            loss, do = _cross_entropy(o, y)
        if not np.isfinite(loss):
            raise _checks.Overflow(f"params: got values so large that the loss overflowed (loss = {loss}), wanted "
                                   f"parameters of a sensible size (largest |V| entry: {np.abs(p['V']).max():.3g})")
        loss, do = loss / batch, do / batch
        da, wanted, state_grads = self._backward(do @ p["V"], x3, h_prev, s_prev, states)
        flat = lambda a: a.reshape(tau * batch, -1)  # noqa: E731
        grads = {}
        for k in self._gates + ("",):
            s = f"_{k}" if k else ""
            grads["U" + s] = flat(da[k]).T @ flat(x3)
            grads["W" + s] = flat(da[k]).T @ flat(wanted[k])
            grads["b" + s] = da[k].sum(axis=(0, 1))
        grads["V"] = flat(do).T @ flat(h)
        grads["c"] = do.sum(axis=(0, 1))
        if single:
            state_grads = {k: v[:, 0] for k, v in state_grads.items()}
        return loss, grads, state_grads


def _dsigmoid(y):
    return y * (1.0 - y)


class LSTM(_Recurrent):
    """Long short-term memory (GBC 10.40-10.44, tanh for the cell input; see the module docstring).

    Parameters
    ----------
    n_in, n_hidden, n_out : int
    pattern : {"hidden", "last"}
    seed : int >= 0 or None
    init_scale : float in (0, 1e4], multiplies the N(0, 1/fan_in) weights
    forget_bias : float in [-30, 30], default 1.0
        The initial forget-gate bias b_f (every unit): f starts near σ(1) = 0.73,
        so the cell keeps most of s(t-1) from the first step. The other biases start at 0.

    params: U_f W_f b_f, U_g W_g b_g, U_q W_q b_q, U W b, V c.
    """

    _gates = ("f", "g", "q")

    def __init__(self, n_in, n_hidden, n_out, pattern="hidden", seed=0, init_scale=1.0, forget_bias=1.0):
        forget_bias = _checks.number(forget_bias, "forget_bias", -MAX_FORGET_BIAS, MAX_FORGET_BIAS,
                                     what="the initial forget-gate bias")
        super().__init__(n_in, n_hidden, n_out, pattern, seed, init_scale)
        self.forget_bias = forget_bias
        self.params["b_f"][:] = forget_bias
        perturb({"b_f": self.params["b_f"]}, 0 if seed is None else seed)  # set after the draw: perturbed here

    def _s0(self, s0, batch, single):
        return _checks.state(s0, "s0", batch, self.n_hidden, single, "s(0), n_hidden")

    def _forward(self, x3, h0, s0):
        st = _stack(self.params, ("f", "g", "q", ""))         # once per pass: one product per step
        tau, batch, _ = x3.shape
        n = self.n_hidden
        hs = np.empty((tau + 1, batch, n))
        ss = np.empty((tau + 1, batch, n))
        acts = np.empty((tau, batch, 4 * n))                  # f, g, q, z side by side
        hs[0], ss[0] = h0, s0
        for t in range(tau):
            out = _lstm_step(x3[t], hs[t], ss[t], st)
            acts[t, :, :n], acts[t, :, n:2 * n], acts[t, :, 2 * n:3 * n], acts[t, :, 3 * n:] = out[:4]
            ss[t + 1], hs[t + 1] = out.s, out.h
        states = {k: acts[..., i * n:(i + 1) * n] for i, k in enumerate("fgqz")}
        states["s"] = ss[1:]
        return hs, states, ss[:-1]

    def _backward(self, vdo, x3, h_prev, s_prev, st):
        """BPTT: with ∇h(t) = Vᵀ∇o(t) + Σ_k W_kᵀ ∇a_k(t+1) and ∇s(t) = ∇h(t) ⊙ q ⊙ (1 − tanh²s(t)) + f(t+1) ⊙ ∇s(t+1),

        ∇a_q = ∇h ⊙ tanh s ⊙ q(1 − q),  ∇a_f = ∇s ⊙ s(t-1) ⊙ f(1 − f),
        ∇a_g = ∇s ⊙ z ⊙ g(1 − g),        ∇a = ∇s ⊙ g ⊙ (1 − z²).
        """
        n = self.n_hidden
        W = _stack(self.params, ("f", "g", "q", ""))["W"]      # (4 n, n): Σ_k W_kᵀ ∇a_k is one product
        f, g, q, z, s = st["f"], st["g"], st["q"], st["z"], st["s"]
        ts = np.tanh(s)
        # what does not depend on the recursion, for all t at once
        through_h = q * (1.0 - ts ** 2)                         # ∂s → h
        local = np.concatenate([s_prev * _dsigmoid(f), z * _dsigmoid(g), ts * _dsigmoid(q),
                                g * (1.0 - z ** 2)], axis=-1)   # ∇a_k = local_k ⊙ (∇s, ∇s, ∇h, ∇s)
        dh, ds = np.empty_like(vdo), np.empty_like(vdo)
        da = np.empty(vdo.shape[:2] + (4 * n,))
        carry_h = np.zeros_like(vdo[0])
        carry_s = np.zeros_like(vdo[0])
        for t in range(len(vdo) - 1, -1, -1):
            dh[t] = vdo[t] + carry_h
            ds[t] = dh[t] * through_h[t] + carry_s
            np.multiply(ds[t, :, None, :], local[t].reshape(-1, 4, n), out=da[t].reshape(-1, 4, n))
            da[t, :, 2 * n:3 * n] = dh[t] * local[t, :, 2 * n:3 * n]
            carry_s = ds[t] * f[t]
            carry_h = da[t] @ W
        parts = {k: da[..., i * n:(i + 1) * n] for i, k in enumerate(("f", "g", "q", ""))}
        return parts, dict.fromkeys(parts, h_prev), {"h": dh, "s": ds}


class GRU(_Recurrent):
    """Gated recurrent unit (GBC 10.45-10.46; see the module docstring).

    ``update_bias`` in [-30, 30], default 0.0: the initial update-gate bias b_u
    (every unit); u near 1 keeps h(t-1), so a positive b_u plays the part of
    the LSTM's forget-gate bias. The other biases start at 0.

    params: U_u W_u b_u (update gate), U_r W_r b_r (reset gate), U W b, V c.
    """

    _gates = ("u", "r")

    def __init__(self, n_in, n_hidden, n_out, pattern="hidden", seed=0, init_scale=1.0, update_bias=0.0):
        update_bias = _checks.number(update_bias, "update_bias", -MAX_FORGET_BIAS, MAX_FORGET_BIAS,
                                     what="the initial update-gate bias")
        super().__init__(n_in, n_hidden, n_out, pattern, seed, init_scale)
        self.update_bias = update_bias
        if update_bias:
            self.params["b_u"][:] = update_bias
            perturb({"b_u": self.params["b_u"]}, 0 if seed is None else seed)  # set after the draw: perturbed here

    def _forward(self, x3, h0, _s0):
        p = self.params
        st = _stack(p, "ur")                                   # once per pass
        tau, batch, _ = x3.shape
        hs = np.empty((tau + 1, batch, self.n_hidden))
        states = {k: np.empty((tau, batch, self.n_hidden)) for k in "urz"}
        hs[0] = h0
        for t in range(tau):
            out = _gru_step(p, x3[t], hs[t], st)
            states["u"][t], states["r"][t], states["z"][t] = out.u, out.r, out.z
            hs[t + 1] = out.h
        return hs, states, None

    def _backward(self, vdo, x3, h_prev, _s_prev, st):
        """BPTT: ∇a_u = ∇h ⊙ (h(t-1) − z) ⊙ u(1 − u),  ∇a = ∇h ⊙ (1 − u) ⊙ (1 − z²),
        ∇(r⊙h(t-1)) = Wᵀ∇a,  ∇a_r = ∇(r⊙h(t-1)) ⊙ h(t-1) ⊙ r(1 − r), and

        ∇h(t-1) gets ∇h ⊙ u + ∇(r⊙h(t-1)) ⊙ r + W_uᵀ∇a_u + W_rᵀ∇a_r.
        """
        n = self.n_hidden
        W, W_ur = self.params["W"], _stack(self.params, "ur")["W"]
        u, r, z = st["u"], st["r"], st["z"]
        c_u = (h_prev - z) * _dsigmoid(u)                       # what does not depend on the recursion
        c_a = (1.0 - u) * (1.0 - z ** 2)
        c_r = h_prev * _dsigmoid(r)
        dh = np.empty_like(vdo)
        d_ur = np.empty(vdo.shape[:2] + (2 * n,))
        d_a = np.empty_like(vdo)
        carry = np.zeros_like(vdo[0])
        for t in range(len(vdo) - 1, -1, -1):
            dh[t] = vdo[t] + carry
            np.multiply(dh[t], c_u[t], out=d_ur[t, :, :n])
            np.multiply(dh[t], c_a[t], out=d_a[t])
            drh = d_a[t] @ W
            np.multiply(drh, c_r[t], out=d_ur[t, :, n:])
            carry = dh[t] * u[t] + drh * r[t] + d_ur[t] @ W_ur
        da = {"u": d_ur[..., :n], "r": d_ur[..., n:], "": d_a}
        return da, {"u": h_prev, "r": h_prev, "": r * h_prev}, {"h": dh}


class LeakyRNN(_Recurrent):
    """Leaky units (GBC 10.9): h(t) = α h(t-1) + (1 − α) tanh(b + W h(t-1) + U x(t)).

    ``alpha`` in [0, 1), a number or one per unit (n_hidden,), fixed (not a
    parameter): α = 0 is ``rl.RNN``; α near 1 keeps h(t-1) for about 1/(1 − α)
    steps. params: U W b V c, as ``rl.RNN``'s.
    """

    _repr_extra = ("pattern", "alpha")

    def __init__(self, n_in, n_hidden, n_out, pattern="hidden", seed=0, init_scale=1.0, alpha=0.9):
        n_hidden = _checks.positive_int(n_hidden, "n_hidden")
        a = _checks.real_array(alpha, "alpha", "a number in [0, 1) or one per unit, shape (n_hidden,)")
        if a.shape not in ((), (n_hidden,)):
            raise ValueError(f"alpha: got shape {a.shape}, wanted a number or shape ({n_hidden},) = (n_hidden,)")
        if a.size and not ((a >= 0).all() and (a < 1).all()):
            raise ValueError(f"alpha: got values from {a.min():.3g} to {a.max():.3g}, wanted every α in [0, 1) "
                             "(α = 1 would never read the input)")
        self._alpha = a.astype(np.float64)
        super().__init__(n_in, n_hidden, n_out, pattern, seed, init_scale)

    @property
    def alpha(self):
        """α: a float, or a tuple of one α per unit."""
        return float(self._alpha) if self._alpha.ndim == 0 else tuple(map(float, self._alpha))

    def _forward(self, x3, h0, _s0):
        tau, batch, _ = x3.shape
        hs = np.empty((tau + 1, batch, self.n_hidden))
        z = np.empty((tau, batch, self.n_hidden))
        hs[0] = h0
        for t in range(tau):
            z[t], hs[t + 1] = _leaky_step(self.params, x3[t], hs[t], self._alpha)
        return hs, {"z": z}, None

    def _backward(self, vdo, x3, h_prev, _s_prev, st):
        """BPTT: ∇a = ∇h ⊙ (1 − α) ⊙ (1 − z²),  ∇h(t-1) gets α ∇h(t) + Wᵀ∇a(t)."""
        a, W = self._alpha, self.params["W"]
        local = (1.0 - a) * (1.0 - st["z"] ** 2)
        dh, da = np.empty_like(vdo), np.empty_like(vdo)
        carry = np.zeros_like(vdo[0])
        for t in range(len(vdo) - 1, -1, -1):
            dh[t] = vdo[t] + carry
            np.multiply(dh[t], local[t], out=da[t])
            carry = a * dh[t] + da[t] @ W
        return {"": da}, {"": h_prev}, {"h": dh}
