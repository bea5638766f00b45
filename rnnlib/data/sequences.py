"""Symbol sequences: remember the past (chapters 3, 4 and 7)."""

import numpy as np

from .. import _checks
from ..functional import one_hot
from .batching import MAX_PADDED

__all__ = ["delay_task", "copy_first"]

#: The longest gap :func:`copy_first` makes.
MAX_GAP = 200


def delay_task(n, tau, n_symbols, delay, *, seed):
    """Random symbol sequences and, at every step, the symbol seen ``delay`` steps before.

    The simplest memory task: x(1), ..., x(τ) are symbols drawn uniformly and
    independently from 0 .. n_symbols − 1, and the target at step t is
    y(t) = x(t − delay), the symbol read ``delay`` steps earlier. Before there
    is such a symbol (t ≤ delay) the target is an extra "blank" class,
    ``n_symbols``, so a model has ``n_symbols + 1`` outputs. Because the
    symbols are independent, nothing but a memory of the past can do better
    than chance (1 / n_symbols) at the steps t > delay.

    >>> x, y, ids = delay_task(3, 5, 4, 2, seed=0)   # 3 sequences, τ = 5, 4 symbols
    >>> x.shape, y.shape, ids.shape
    ((5, 3, 4), (5, 3), (5, 3))
    >>> bool((y[2:] == ids[:-2]).all() and (y[:2] == 4).all())
    True

    Parameters
    ----------
    n : int
        Number of sequences (the batch).
    tau : int
        Length τ of every sequence.
    n_symbols : int
        Number of distinct symbols, at least 2.
    delay : int
        How many steps back the target looks, 0 ≤ delay < τ (0: y(t) = x(t)).
    seed : int or numpy.random.Generator
        Same seed, same sequences; pass a Generator to draw a new batch at
        every training step from one stream.

    Returns
    -------
    x : ndarray (τ, n, n_symbols) float64
        One-hot inputs, time first.
    y : ndarray (τ, n) int64
        Targets in 0 .. n_symbols (n_symbols is the blank).
    ids : ndarray (τ, n) int64
        The symbols themselves, x = one_hot(ids).
    """
    n = _checks.positive_int(n, "n")
    tau = _checks.positive_int(tau, "tau")
    n_symbols = _checks.positive_int(n_symbols, "n_symbols")
    if n_symbols < 2:
        raise ValueError(f"n_symbols: got {n_symbols}, wanted at least 2 (one symbol carries no information)")
    delay = _checks.integer(delay, "delay", 0, tau - 1, f" (0 ≤ delay < τ = {tau})")
    seed = _checks.seed(seed, generator=True)
    name, value = max((("n", n), ("tau", tau), ("n_symbols", n_symbols)), key=lambda kv: kv[1])
    _checks.size_limit(n * tau * n_symbols, name, value, MAX_PADDED,
                       f"one-hot values (n·τ·n_symbols = {n}·{tau}·{n_symbols})")
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, n_symbols, (tau, n))
    y = np.full((tau, n), n_symbols, dtype=np.int64)
    y[delay:] = ids[:tau - delay]
    return one_hot(ids, n_symbols), y, ids


def copy_first(n, k, *, seed, n_symbols=2):
    """The copy-first task (chapters 4 and 7): read k + 1 random symbols, then name the first one.

    Parameters
    ----------
    n : int, number of sequences
    k : int in 1 .. 200, the gap: the symbol read at t = 1 is needed at t = τ = k + 1
    seed : int ≥ 0 or numpy.random.Generator
    n_symbols : int in 2 .. 100 (2: one bit to carry)

    Returns
    -------
    x : ndarray (k + 1, n, n_symbols)   one-hot symbols, time first
    y : int ndarray (n,)                the symbol read at t = 1

    >>> x, y = copy_first(3, 4, seed=0)
    >>> x.shape, y.shape, bool((x[0].argmax(-1) == y).all())
    ((5, 3, 2), (3,), True)
    """
    n = _checks.positive_int(n, "n")
    k = _checks.integer(k, "k", 1, MAX_GAP)
    n_symbols = _checks.integer(n_symbols, "n_symbols", 2, 100)
    _checks.size_limit(n * (k + 1) * n_symbols, "n", n, MAX_PADDED,
                       f"one-hot values (n × (k + 1) × n_symbols = {n} × {k + 1} × {n_symbols})")
    seed = _checks.seed(seed, generator=True)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    s = rng.integers(0, n_symbols, (k + 1, n))
    return one_hot(s, n_symbols), s[0]
