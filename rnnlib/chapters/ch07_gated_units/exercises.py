"""Chapter 7's exercise checks: a wrong answer never passes."""

import numpy as np

from ... import _checks
from ...exercises import check, is_number
from ...gated import gru_step, sigmoid
from . import settings as S

__all__ = ["check_lstm_params", "check_keep_bias", "check_gru_step"]


def check_lstm_params(n):
    """Exercise 1: the number of parameters of rl.LSTM(2, 16, 2)."""
    right = 4 * (16 * 2 + 16 * 16 + 16) + 2 * 16 + 2
    return check("Parameters of LSTM(2, 16, 2)", n, [
        (lambda v: v != 4 * (16 * 2 + 16 * 16 + 16), "that counts the four blocks U, W, b but not the output layer "
         "V, c"),
        (lambda v: v != 16 * 2 + 16 * 16 + 16 + 2 * 16 + 2, "that is the plain RNN of 16 units: the LSTM has four such "
         "blocks (three gates and the cell input)"),
        (lambda v: v == right, "count U_k (n_hidden × n_in), W_k (n_hidden × n_hidden), b_k (n_hidden) for k = f, g, "
         "q and the cell input, then V (n_out × n_hidden) and c (n_out)"),
    ], "4 × (32 + 256 + 16) + 32 + 2: four times the recurrent block of a plain RNN of the same width",
        expect="integer")


def check_keep_bias(b):
    """Exercise 2: the smallest forget-gate bias b (to 0.01) with σ(b)^k ≥ 1/2 over the long gap k = LONG."""
    p = 0.5 ** (1 / S.LONG)
    smallest = float(np.log(p / (1 - p)))
    return check("The smallest forget bias that keeps half across the gap", b, [
        (lambda v: is_number(v) and bool(np.isfinite(v)) and abs(v) <= 30, "b should be a finite number in [-30, 30]"),
        (lambda v: bool(float(sigmoid(np.float64(v))) ** S.LONG >= 0.5),
         f"σ(b)^{S.LONG} is below 1/2: solve σ(b) ≥ 0.5^(1/{S.LONG}) for b (b = log(p / (1 − p)))"),
        (lambda v: bool(v <= smallest + 0.01), "that keeps half, but a smaller b does too: give the smallest, "
         "to 0.01"),
    ], f"with f = σ(b) at every step, ∂s(τ)/∂s(1) along the cell is σ(b)^{S.LONG}; b ≥ {smallest:.3f} keeps half "
       "of it",
        expect="number")


def _gru_data():
    rng = np.random.default_rng(7)
    params = {k: rng.normal(0, 0.7, (4, 3) if k[0] == "U" else (4, 4) if k[0] == "W" else (4,))
              for k in ("U_u", "W_u", "b_u", "U_r", "W_r", "b_r", "U", "W", "b")}
    return params, rng.normal(size=(5, 3)), rng.normal(size=(5, 4))


def check_gru_step(fn):
    """Exercise 3: ``fn(params, x_t, h_prev)`` returns h(t) of the GRU (GBC 10.45-10.46), batch first."""
    params, x, h = _gru_data()
    want = gru_step(params, x, h).h
    attempt = fn
    if callable(fn):
        try:
            if fn({k: v.copy() for k, v in params.items()}, x.copy(), h.copy()) is None:
                attempt = None      # the cell as given (return TODO): not attempted yet, not wrong
        except Exception:  # noqa: BLE001 -- the reader's code failed: check() below reports it as a hint
            pass

    def out(f):
        got = f({k: v.copy() for k, v in params.items()}, x.copy(), h.copy())
        return _checks.maybe_array(got)

    return check("One GRU step by hand", attempt, [
        (lambda f: out(f) is not None and out(f).shape == want.shape,
         f"fn should return h(t) as an array of shape {want.shape} (batch, n_hidden)"),
        (lambda f: not np.allclose(out(f), (1 - gru_step(params, x, h).u) * h + gru_step(params, x, h).u
                                   * gru_step(params, x, h).z),
         "u and 1 − u are swapped: in GBC 10.45 u(t) multiplies h(t-1), the part kept"),
        (lambda f: bool(np.allclose(out(f), want, atol=1e-10)),
         "h(t) differs from rl.gated.gru_step: u = σ(b_u + U_u x + W_u h), r likewise, "
         "z = tanh(b + U x + W (r ⊙ h)), h(t) = u ⊙ h + (1 − u) ⊙ z (x @ U.T for a batch)"),
    ], "the reset gate acts inside the candidate, before W; the update gate mixes old and new", expect="function")
