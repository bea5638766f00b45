"""Chapter 4's exercise checks: ∇W for pattern "last", where gradients stop vanishing, clipping by global norm.

Each check returns an ``rnnlib.exercises.Result``; a wrong answer never passes
(each states what its answer must be with ``expect=``, and the likely wrong
answers are computed and named).
"""

import numpy as np

from ... import _checks
from ...exercises import check, close, is_number
from ...optim import global_norm
from ...rnn import RNN
from . import settings as S
from .equations import _prev, hidden_grad, output_grad
from .gradients import gradient_norms

__all__ = ["check_grad_W_last", "check_radius", "check_clip"]


class _Watched(RNN):
    """An RNN that notes whether its own backward pass (``backward``, ``loss_and_grads``) was called."""

    used_backward = False

    def backward(self, x, y, h0=None, feedback=None):
        self.used_backward = True
        return super().backward(x, y, h0, feedback)


def _last_cases():
    cases = []
    for seed, tau in ((0, 5), (1, 1), (2, 7)):
        model = _Watched(3, 4, 3, pattern="last", seed=seed)
        rng = np.random.default_rng(100 + seed)
        model.params["b"] = rng.normal(0, 0.3, 4)
        x = rng.normal(size=(tau, 3))
        y = int(rng.integers(0, 3))
        want = model.backward(x, y)[1]["W"]
        model.used_backward = False
        cases.append((model, x, y, want))
    return cases


def _own_backward(fn, cases):
    """True when ``fn`` computes its answer without the model's own backward pass."""
    for model, x, y, _ in cases:
        model.used_backward = False
        fn(model, x, y)
        if model.used_backward:
            return False
    return True


def _wrong_W_last(model, x, y):
    """∇W of pattern "last" computed in the likely wrong ways, by name."""
    p, h = model.params, model.forward(x).h
    tau = h.shape[0]
    grad_o = np.zeros((tau, model.n_out))
    grad_o[-1] = output_grad(model.forward(x).y_hat[-1:], [y])[0]
    prev = _prev(h, None)
    gh = hidden_grad(p["W"], p["V"], h, grad_o)
    no_tanh = np.zeros_like(h)                         # recursion without diag(1 − h²)
    no_tanh[-1] = grad_o[-1] @ p["V"]
    for t in range(tau - 2, -1, -1):
        no_tanh[t] = no_tanh[t + 1] @ p["W"]
    ga = (1 - h ** 2) * gh
    return {
        "last step only": np.outer(ga[-1], prev[-1]),
        "no tanh'": no_tanh.T @ prev,
        "h(t) for h(t−1)": ga.T @ h,
        "transposed": (ga.T @ prev).T,
        "∇h for ∇a": gh.T @ prev,
    }


def check_grad_W_last(grad_W_last):
    """Exercise: ``grad_W_last(model, x, y)`` returns ∇W for a pattern-"last" RNN and one sequence."""
    cases = _last_cases()

    def like(fn, wrong):
        return all(close(fn(m, x, y), _wrong_W_last(m, x, y)[wrong], tol=1e-6) for m, x, y, _ in cases[:1])

    return check("∇W for pattern \"last\"", grad_W_last, [
        (lambda fn: fn(*cases[0][:3]) is not None, "grad_W_last returned None: return the (n_hidden, n_hidden) array"),
        (lambda fn: _own_backward(fn, cases),
         "you called model.backward (or model.loss_and_grads, which calls it): write the backward pass yourself, "
         "from model.forward(x) and eqs. 10.18-10.26"),
        (lambda fn: np.shape(fn(*cases[0][:3])) == cases[0][3].shape,
         "∇W has the shape of W, (n_hidden, n_hidden): a sum over t of outer products ∇a(t) h(t−1)ᵀ"),
        (lambda fn: not like(fn, "last step only"),
         "that is only the contribution of the last copy W(τ): ∇h(t) for t < τ is not zero, it comes back "
         "through W from ∇h(t+1) (eq. 10.21 without the Vᵀ ∇o(t) term), and every copy W(t) adds its share"),
        (lambda fn: not like(fn, "no tanh'"),
         "the factor diag(1 − h(t)²), tanh' at step t, is missing: ∇a(t) = (1 − h(t)²) ∇h(t), both in the "
         "recursion and in ∇W(t) = ∇a(t) h(t−1)ᵀ"),
        (lambda fn: not like(fn, "∇h for ∇a"),
         "close: multiply ∇h(t) by tanh'(a(t)) = 1 − h(t)² before the outer product with h(t−1)"),
        (lambda fn: not like(fn, "h(t) for h(t−1)"),
         "W multiplies h(t−1) in a(t) = b + W h(t−1) + U x(t): pair ∇a(t) with h(t−1), and h(0) = 0"),
        (lambda fn: not like(fn, "transposed"),
         "transposed: ∇W(t) = ∇a(t) h(t−1)ᵀ has rows indexed by the unit receiving, columns by the unit sending"),
        (lambda fn: all(close(fn(m, x, y), want, tol=1e-6) for m, x, y, want in cases),
         "not equal to model.backward's ∇W: check ∇o(τ) = ŷ(τ) − onehot(y), ∇o(t) = 0 for t < τ, and τ = 1"),
    ], "with a single output the gradient enters at h(τ) only and reaches every copy W(t) through the chain "
       "∇h(t) = Wᵀ diag(1 − h(t+1)²) ∇h(t+1): the longer the chain, the smaller its share when ρ is small.",
       expect="function")


_RHO_STAR = {}


def _rho_star(seed, distance=30):
    """The smallest radius of S.RADIUS_GRID whose ratio at ``distance`` is ≥ 1 (cached per seed)."""
    if (seed, distance) not in _RHO_STAR:
        norms = gradient_norms(S.RADIUS_GRID, seed=seed)
        _RHO_STAR[seed, distance] = next((r for r in S.RADIUS_GRID if norms.at(r, distance) >= 1.0), None)
    return _RHO_STAR[seed, distance]


def check_radius(rho_star, seed=0, guess=None):
    """Exercise: the smallest ρ of ``RADIUS_GRID`` at which ‖∇h(τ−30)‖ / ‖∇h(τ)‖ ≥ 1.

    ``guess`` (optional, a number): the reader's prediction before measuring;
    the message compares it with the measurement. Only ``rho_star`` decides
    whether the check passes.
    """
    seed = _checks.seed(seed)
    if seed is None:
        raise _checks.ArgumentTypeError("seed: got None, wanted an integer >= 0 (the notebook's SEED)")
    if guess is not None:
        if not is_number(guess):
            raise _checks.ArgumentTypeError(f"guess: got {_checks._got(guess)}, wanted None or a number "
                                            "(your prediction)")
        guess = _checks.number(guess, "guess", what="None or a finite number (your prediction)")
    want = _rho_star(seed)
    said = "" if guess is None else f" You predicted {float(guess):g}."
    return check("Where gradients stop vanishing", rho_star, [
        (lambda r: bool(np.isfinite(float(r))), "rho_star should be one finite number, a radius ρ"),
        (lambda r: float(r) >= 1.0,
         "below ρ = 1 the bound σ_max^30 < 1 guarantees vanishing: the answer cannot be there"),
        (lambda r: any(abs(float(r) - g) < 1e-9 for g in S.RADIUS_GRID),
         "give one radius of the grid ch.RADIUS_GRID (1.0, 1.1, ..., 2.5): the one you measured"),
        (lambda r: abs(float(r) - 1.0) > 0.05 or abs(want - 1.0) < 0.05,
         "ρ = 1 is where the bound stops *guaranteeing* vanishing, but tanh' < 1 keeps shrinking the gradient: "
         "measure with ch.gradient_norms(ch.RADIUS_GRID, seed=SEED).at(rho, 30)"),
        (lambda r: float(r) >= want - 1e-9,
         "at that radius the gradient still shrinks over 30 steps (ratio < 1): go higher"),
        (lambda r: float(r) <= want + 1e-9,
         "at that radius the gradient already grows; a smaller radius of the grid also has ratio ≥ 1"),
    ], f"ρ* = {want:g}: well above the bound's 1, because the inputs and W together drive the tanh units into "
       f"saturation (tanh' far below 1), and the slopes shrink the gradient at every step; with weaker inputs "
       f"the answer would be lower. σ_max < 1 is sufficient for vanishing, not necessary.{said}",
       expect="number")


def _clip_cases():
    """(grads, max_norm) pairs: several max_norm values, gradients far above, just above and below each."""
    rng = np.random.default_rng(5)
    base = {"W": rng.normal(size=(3, 3)), "b": rng.normal(size=3)}
    unit = {k: v / global_norm(base) for k, v in base.items()}        # global norm exactly 1
    cases = []
    for m in (0.5, 1.0, 3.0):
        for factor in (12.0, 1.05, 0.5):                                # far above, just above, below
            cases.append(({k: v * m * factor for k, v in unit.items()}, m))
    return cases


def check_clip(clip):
    """Exercise: ``clip(grads, max_norm)`` rescales a dict of gradients to global norm ≤ max_norm.

    Tested at max_norm 0.5, 1 and 3, each with a gradient far above it, one just
    above it (norm 1.05 × max_norm) and one below it (0.5 × max_norm).
    """
    cases = _clip_cases()
    rng = np.random.default_rng(5)
    big = {"W": rng.normal(size=(3, 3)) * 4, "b": rng.normal(size=3) * 4}

    def clipped(fn, g, m):
        out = fn({k: v.copy() for k, v in g.items()}, m)
        return out[0] if isinstance(out, tuple) else out

    def want(g, m):
        scale = min(1.0, m / global_norm(g))
        return {k: v * scale for k, v in g.items()}

    def right(fn, selected):
        return all(all(close(clipped(fn, g, m)[k], want(g, m)[k]) for k in g) for g, m in selected)

    def per_array(fn):
        out = clipped(fn, big, 1.0)
        return all(abs(np.linalg.norm(out[k]) - 1.0) < 1e-9 for k in out)

    def element_wise(fn):
        out = clipped(fn, big, 1.0)
        return all(close(out[k], np.clip(big[k], -1.0, 1.0)) for k in big)

    above = [(g, m) for g, m in cases if global_norm(g) > m]
    far = [(g, m) for g, m in above if global_norm(g) > 2 * m]
    just = [(g, m) for g, m in above if global_norm(g) <= 2 * m]
    below = [(g, m) for g, m in cases if global_norm(g) <= m]
    return check("Clip by global norm", clip, [
        (lambda fn: isinstance(clipped(fn, big, 1.0), dict) and set(clipped(fn, big, 1.0)) == set(big),
         "return a dict with the same keys as grads"),
        (lambda fn: not element_wise(fn),
         "you clipped each entry on its own (element-wise clipping, as min-char-rnn does): a different method, "
         "which changes the gradient's direction; here clip the global norm, one scale for every array"),
        (lambda fn: not per_array(fn),
         "you clipped each array on its own: clip the global norm ‖g‖ = sqrt(Σ over all arrays of Σ g²), "
         "one scale for every array, so the direction of the whole gradient is kept"),
        (lambda fn: all(abs(global_norm(clipped(fn, g, m)) - m) < 1e-9 for g, m in far),
         "after clipping a gradient of norm > max_norm, its global norm should be exactly max_norm "
         "(tested with max_norm 0.5, 1 and 3: use the argument, not a fixed number)"),
        (lambda fn: right(fn, far),
         "the direction changed: multiply every array by the same factor max_norm / ‖g‖"),
        (lambda fn: right(fn, just),
         "a gradient whose norm is just above max_norm (1.05 × max_norm) must be clipped too: compare the norm "
         "‖g‖ itself (not ‖g‖²) with max_norm itself"),
        (lambda fn: right(fn, below),
         "a gradient already shorter than max_norm must be left as it is (scale min(1, max_norm / ‖g‖))"),
    ], "g ← g · min(1, v / ‖g‖): the step keeps its direction and at most length v, so one exploding "
       "gradient cannot throw the parameters across the loss surface.", expect="function")
