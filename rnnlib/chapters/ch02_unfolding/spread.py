"""Measure the spread of chapter 2's claims: ``python -m rnnlib.chapters.ch02_unfolding.spread [n_seeds]``.

Most of the chapter's claims are exact mathematics; the ones that depend on SEED (the driven
network's inputs) or on the rounding ensemble (the encoder's parameters) are measured here over
seeds 0..n_seeds-1 (default 200) and rounding members 0-3, and printed as ranges. The prose quotes these.
"""

import sys

import numpy as np

from ... import claims
from . import settings as S
from .experiment import (binary_pasts, contraction_rate, driven_difference, driven_inputs, encode, encoder_params,
                         merge_step)


def _rotation(rho, phi):
    c, s = np.cos(phi), np.sin(phi)
    return rho * np.array([[c, -s], [s, c]])


def driven_spread(seeds):
    """{u: (differences at the last step, contraction rates)} over ``seeds``, as the notebook runs them."""
    W = _rotation(S.RHO_DRIVEN, np.pi / 6)
    out = {u: ([], []) for u in (0.0, S.WEAK_U, S.DRIVE_U)}
    for seed in seeds:
        x = driven_inputs(seed)
        for u, (ends, rates) in out.items():
            ends.append(driven_difference(W, x, [0.5, 0.0], [-0.5, 0.0], [S.DRIVEN_STEPS], u=u)[-1])
            rates.append(contraction_rate(W, x, [0.5, 0.0], u=u))
    return {u: (np.array(e), np.array(r)) for u, (e, r) in out.items()}


def encoder_spread(roundings=claims.ROUNDINGS):
    """(distinct states, smallest gap, merge step) of the binary encoder for each rounding member."""
    pasts, rows = binary_pasts(S.ENCODER_TAU), []
    for k in roundings:
        with claims.rounding(k):
            params = encoder_params()
        h = encode(params, pasts)[:, 0]
        rows.append((k, np.unique(h).size, float(np.diff(np.sort(h)).min()), merge_step(params)[1]))
    return rows


def main(n_seeds=200):
    for u, (ends, rates) in driven_spread(range(n_seeds)).items():
        print(f"driven, u = {u:<4}: difference at t = {S.DRIVEN_STEPS} in [{ends.min():.3g}, {ends.max():.3g}], "
              f"contraction per step in [{rates.min():.3f}, {rates.max():.3f}] over seeds 0-{n_seeds - 1}")
    for k, n, gap, t_equal in encoder_spread():
        print(f"encoder, rounding {k}: {n:,} distinct states, smallest gap {gap:.3g}, x(1) merged from t = {t_equal}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
