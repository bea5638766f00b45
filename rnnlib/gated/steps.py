"""The gates and the one-step functions of the LSTM, the GRU and leaky units (see :mod:`rnnlib.gated`).

Public steps check their arguments; the models' loops call the unchecked ``_*`` versions.
"""

from typing import NamedTuple

import numpy as np

from .. import _checks
from ..rnn import step

__all__ = ["sigmoid", "gate", "lstm_step", "gru_step", "leaky_step", "stack", "LSTMStep", "GRUStep", "PATTERNS",
           "MAX_FORGET_BIAS"]

PATTERNS = ("hidden", "last")
#: The largest |forget_bias| (σ(30) is 1 − 1e-13: further is no longer a bias, it is a constant).
MAX_FORGET_BIAS = 30.0


def sigmoid(a):
    """σ(a) = 1 / (1 + exp(−a)), computed as (1 + tanh(a/2)) / 2: no overflow for any finite a.

    ``a``: a finite number or array (NaN and ±inf are refused: the NaN would pass through silently).
    """
    return _sigmoid(_real(a, "a", "a finite number or array of numbers"))


def _sigmoid(a):
    return 0.5 + 0.5 * np.tanh(0.5 * a)


# ----------------------------------------------------------------------------- checks of the public steps
def _real(value, name, wanted):
    """A finite float array; None, str, dict ... refused with the argument's name."""
    if value is None:
        raise _checks.ArgumentTypeError(f"{name}: got None, wanted {wanted}")
    return _checks.real_array(value, name, wanted, limit=_checks.MAX_MAGNITUDE)


def _check_dict(params, what="params"):
    if not isinstance(params, dict):
        raise _checks.ArgumentTypeError(f"{what}: got {_checks._got(params)}, wanted a dict of parameter arrays "
                                        "(U_k, W_k, b_k for each gate k)")
    if not _gate_names(params):
        raise ValueError(f"{what}: got {'an empty dict' if not params else 'no b or b_k key'}, wanted a dict of "
                         "parameter arrays (U_k, W_k, b_k for each gate k)")


def _gate_names(params):
    """The gate names whose b key is in ``params`` ("f" for b_f, "" for b), for messages."""
    return [k[2:] if k.startswith("b_") else "" for k in params if k == "b" or k.startswith("b_")]


def _wanted_names(params):
    names = _gate_names(params)
    return ", ".join(repr(n) for n in names) if names else "none: params has no b or b_k key"


def _check_name(params, name, arg="name"):
    """``name`` must be a str whose keys U_name, W_name, b_name are in ``params``."""
    _check_dict(params)
    if not isinstance(name, str):
        raise _checks.ArgumentTypeError(f"{arg}: got {_checks._got(name)}, wanted a gate name (str), one of "
                                        f"{_wanted_names(params)} ('' is the cell input U, W, b)")
    k = f"_{name}" if name else ""
    if "b" + k not in params and ("U" + k in params or "W" + k in params):
        raise ValueError(f"params: got no 'b{k}', wanted U{k}, W{k} and b{k} for gate {name!r}")
    if not all(m + k in params for m in "UWb"):
        raise ValueError(f"{arg}: got {_checks._got(name)}, wanted a gate whose keys U{k}, W{k}, b{k} are in params: "
                         f"one of {_wanted_names(params)}")
    return k


def _check_gate_params(params, keys, n_v=None, what="params"):
    """Check U, W, b of every suffix in ``keys``: one shape for all, float, finite. Returns (n_rows, n_in, n_v)."""
    _check_dict(params, what)
    for k in keys:
        for m in "UWb":
            if m + k not in params:
                raise ValueError(f"{what}: got no {m + k!r}, wanted U{k}, W{k} and b{k}"
                                 + (f" (keys {', '.join(repr(m2 + k2) for k2 in keys for m2 in 'UWb')})"
                                    if len(keys) > 1 else ""))
    U, W = params["U" + keys[0]], params["W" + keys[0]]
    if not (isinstance(U, np.ndarray) and U.ndim == 2 and isinstance(W, np.ndarray) and W.ndim == 2):
        raise ValueError(f"{what}: got U{keys[0]} of {_checks._describe(U)} and W{keys[0]} of "
                         f"{_checks._describe(W)}, wanted 2-d float arrays U (n_hidden, n_in), W (n_hidden, n_hidden)")
    n, n_in = U.shape
    n_v = W.shape[1] if n_v is None else n_v
    spec = {}
    for k in keys:
        spec["U" + k] = ((n, n_in), "(n_hidden, n_in)")
        spec["W" + k] = ((n, n_v), "(n_hidden, n_hidden)")
        spec["b" + k] = ((n,), "(n_hidden,)")
    _checks.param_arrays({key: params[key] for key in spec}, spec, what)
    return n, n_in, n_v


def _check_input(x_t, n_in, name="x_t"):
    x_t = _real(x_t, name, f"a finite array (..., n_in) with n_in = {n_in}")
    if x_t.ndim == 0 or x_t.shape[-1] != n_in or x_t.size == 0:
        raise ValueError(f"{name}: got {_checks._describe(x_t)}, wanted (..., {n_in}) with n_in = {n_in} "
                         "(U's columns) and no empty axis")
    return x_t


def _check_state(v, lead, n, name, what="n_hidden"):
    v = _real(v, name, f"a finite array {lead + (n,)}")
    if v.shape != lead + (n,):
        raise ValueError(f"{name}: got {_checks._describe(v)}, wanted {lead + (n,)}: x_t's leading axes {lead} "
                         f"and {what} = {n}")
    return v


# ----------------------------------------------------------------------------- the gates and steps
def gate(params, name, x_t, v, *, squash=sigmoid):
    """One gate: squash(b_name + U_name x(t) + W_name v), the only place the gates' products are written.

    ``name`` is the suffix of the keys ("f", "g", "q" for the LSTM, "u", "r"
    for the GRU, "" for the cell input U, W, b); ``v`` is what W multiplies,
    h(t-1), or r(t) ⊙ h(t-1) for the GRU's cell input; ``squash`` σ for a gate,
    ``np.tanh`` for a cell input, None for the pre-activation itself.
    Shapes: x_t (..., n_in), v (..., n_hidden). The models call it on the
    gates stacked (:func:`stack`): one product computes every gate of a step.
    Arguments are checked (keys, shapes, finite values); the models call the unchecked ``_gate``.
    """
    k = _check_name(params, name)
    _, n_in, n_v = _check_gate_params(params, (k,))
    x_t = _check_input(x_t, n_in)
    v = _check_state(v, x_t.shape[:-1], n_v, "v", "W's columns")
    if squash is sigmoid:
        squash = _sigmoid
    elif squash is not None:
        _checks.function(squash, "squash", "a function (sigmoid, np.tanh) or None")
    return _gate(params, name, x_t, v, squash=squash)


def _gate(params, name, x_t, v, *, squash=_sigmoid):
    k = f"_{name}" if name else ""
    a = params["b" + k] + v @ params["W" + k].T + x_t @ params["U" + k].T
    return a if squash is None else squash(a)


def _check_names(params, names):
    if isinstance(names, (str, list, tuple)) and len(names):
        out = list(names)
    else:
        out = None
    if out is None:
        raise _checks.ArgumentTypeError(f"names: got {_checks._got(names)}, wanted a non-empty str or list of gate "
                                        f"names, each one of {_wanted_names(params)}")
    return [_check_name(params, n, "names") for n in out]


def stack(params, names):
    """U, W, b of the gates ``names`` (e.g. "fgq" then "" for the cell input) stacked row-wise, for :func:`gate`."""
    _check_dict(params)
    keys = _check_names(params, names)
    _check_gate_params(params, tuple(keys))
    return _stack(params, names)


def _stack(params, names):
    keys = [f"_{n}" if n else "" for n in names]
    return {m: np.concatenate([params[m + k] for k in keys]) for m in "UWb"}


class LSTMStep(NamedTuple):
    """One LSTM step: the gates f, g, q, the cell input z, the cell state s(t) and h(t)."""

    f: np.ndarray
    g: np.ndarray
    q: np.ndarray
    z: np.ndarray
    s: np.ndarray
    h: np.ndarray


class GRUStep(NamedTuple):
    """One GRU step: the update gate u, the reset gate r, the candidate z and h(t)."""

    u: np.ndarray
    r: np.ndarray
    z: np.ndarray
    h: np.ndarray


def _check_stacked(stacked, n_gates, name):
    """``stacked`` as :func:`stack` makes it for ``n_gates`` gates: U (n_gates·n, n_in), W (n_gates·n, n), b."""
    _check_gate_params(stacked, ("",), what="stacked")
    rows, n = stacked["W"].shape
    if rows != n_gates * n:
        raise ValueError(f"stacked: got W of shape {stacked['W'].shape}, wanted ({n_gates}·n_hidden, n_hidden) "
                         f"as stack(params, {name!r}) makes it")
    return n, stacked["U"].shape[1]


def lstm_step(params, x_t, h_prev, s_prev, *, stacked=None):
    """One LSTM step (GBC 10.40-10.44, tanh for the cell input): returns :class:`LSTMStep`.

    ``stacked``: ``stack(params, "fgq" + [""])`` when the caller has it (the model
    stacks once per pass); the four pre-activations are then one product (``params`` is then not read).
    Arguments are checked (keys, shapes, finite values); the models call the unchecked ``_lstm_step``.
    """
    if stacked is None:
        n, n_in, _ = _check_gate_params(params, ("_f", "_g", "_q", ""))
        stacked = _stack(params, ("f", "g", "q", ""))
    else:
        n, n_in = _check_stacked(stacked, 4, ["f", "g", "q", ""])
    x_t = _check_input(x_t, n_in)
    h_prev = _check_state(h_prev, x_t.shape[:-1], n, "h_prev")
    s_prev = _check_state(s_prev, x_t.shape[:-1], n, "s_prev")
    return _lstm_step(x_t, h_prev, s_prev, stacked)


def _lstm_step(x_t, h_prev, s_prev, st):
    a = _gate(st, "", x_t, h_prev, squash=None)                 # (..., 4 n_hidden): a_f, a_g, a_q, a
    n = a.shape[-1] // 4
    fgq = _sigmoid(a[..., :3 * n])
    f, g, q = fgq[..., :n], fgq[..., n:2 * n], fgq[..., 2 * n:]
    z = np.tanh(a[..., 3 * n:])
    s = f * s_prev + g * z                                       # (10.40)
    return LSTMStep(f, g, q, z, s, np.tanh(s) * q)               # (10.43)


def gru_step(params, x_t, h_prev, *, stacked=None):
    """One GRU step (GBC 10.45-10.46): returns :class:`GRUStep`. ``stacked``: ``stack(params, "ur")``.

    Arguments are checked (keys, shapes, finite values); the models call the unchecked ``_gru_step``.
    """
    n, n_in, _ = _check_gate_params(params, ("_u", "_r", ""))
    if stacked is None:
        stacked = _stack(params, "ur")
    elif _check_stacked(stacked, 2, "ur") != (n, n_in):
        raise ValueError(f"stacked: got U of shape {stacked['U'].shape}, wanted {(2 * n, n_in)} to match params")
    x_t = _check_input(x_t, n_in)
    h_prev = _check_state(h_prev, x_t.shape[:-1], n, "h_prev")
    return _gru_step(params, x_t, h_prev, stacked)


def _gru_step(params, x_t, h_prev, st):
    ur = _gate(st, "", x_t, h_prev)
    n = ur.shape[-1] // 2
    u, r = ur[..., :n], ur[..., n:]
    z = _gate(params, "", x_t, r * h_prev, squash=np.tanh)
    return GRUStep(u, r, z, u * h_prev + (1.0 - u) * z)          # (10.45)


def leaky_step(params, x_t, h_prev, alpha):
    """One leaky step (GBC 10.9 with eq. 10.8): α h(t-1) + (1 − α) tanh(b + W h(t-1) + U x(t)); returns (z, h).

    ``alpha``: a number in [0, 1) or one per unit (n_hidden,). Arguments are checked (keys, shapes,
    finite values); the models call the unchecked ``_leaky_step``.
    """
    n, _, _ = _check_gate_params(params, ("",))
    if params["W"].shape != (n, n):
        raise ValueError(f"params['W']: got shape {params['W'].shape}, wanted {(n, n)} = (n_hidden, n_hidden)")
    x_t = _check_input(x_t, params["U"].shape[1])
    h_prev = _check_state(h_prev, x_t.shape[:-1], n, "h_prev")
    if isinstance(alpha, (bool, np.bool_)) or (isinstance(alpha, np.ndarray) and alpha.dtype == bool):
        raise _checks.ArgumentTypeError(f"alpha: got {_checks._got(alpha)}, wanted a number in [0, 1) or one per "
                                        "unit, shape (n_hidden,)")
    a = _real(alpha, "alpha", "a number in [0, 1) or one per unit, shape (n_hidden,)")
    if a.shape not in ((), (n,)):
        raise ValueError(f"alpha: got shape {a.shape}, wanted a number or shape ({n},) = (n_hidden,)")
    if a.size and not ((a >= 0).all() and (a < 1).all()):
        raise ValueError(f"alpha: got values from {a.min():.3g} to {a.max():.3g}, wanted every α in [0, 1)")
    return _leaky_step(params, x_t, h_prev, a)


def _leaky_step(params, x_t, h_prev, alpha):
    z = step(params, x_t, h_prev, check=False)
    return z, alpha * h_prev + (1.0 - alpha) * z


