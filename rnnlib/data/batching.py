"""Batches of sentences for training: groups of equal length for an RNN, right-padded windows for the
per-position network.

Arrays are time first, like every model in rnnlib: one-hot inputs ``x`` have
shape (τ, batch, n_vocab), labels ``y`` shape (batch,).
"""

import numpy as np

from .. import _checks
from .years import Sentences

__all__ = ["MAX_PADDED", "MAX_CACHED", "by_length", "batches", "padded"]

#: The most values :func:`padded` and ``batches(..., window=...)`` make (800 MB of float64).
MAX_PADDED = 100_000_000
#: The most one-hot values :func:`batches` keeps between steps (80 MB of float64); a larger set is
#: turned into one-hot vectors batch by batch.
MAX_CACHED = 10_000_000


def by_length(sentences):
    """Group sentence indices by length: ``{length: indices (k,) int}``, sorted.

    ``sentences.batch(indices)`` turns a group into ``(x, y)`` for an RNN,
    which has no padding mask and needs equal lengths within a batch.
    """
    _sentences(sentences)
    return {int(L): np.flatnonzero(sentences.length == L) for L in np.unique(sentences.length)}


def _sentences(sentences, name="sentences"):
    _checks.instance(sentences, name, Sentences, "a Sentences object, e.g. from year_sentences(...)")
    if len(sentences) == 0:
        raise ValueError(f"{name}: got no sentences, wanted at least one")
    return sentences


def batches(sentences, batch_size, *, seed=0, window=None):
    """A sampler of mini-batches for ``rnnlib.optim.train``.

    Without ``window`` (for an RNN, which has no padding mask): ``data(step)``
    picks a length with probability proportional to how many sentences have
    it, then ``batch_size`` sentences of that length (without replacement if
    there are enough).  With ``window`` (for the per-position network):
    ``batch_size`` sentences of any length, right-padded to ``window`` as in
    :func:`padded`.  ``data(step)`` depends only on ``seed`` and ``step``, so a
    run can be repeated exactly.

    Returns
    -------
    data : callable, step -> (x, y)
        x : ndarray (τ, batch_size, n_vocab) float64 — τ = window if given;
        y : ndarray (batch_size,) int.
    """
    _sentences(sentences)
    batch_size = _checks.positive_int(batch_size, "batch_size", 100_000)
    seed = _checks.seed(seed)
    if seed is None:  # fresh entropy, drawn once: data(step) still repeats within this sampler
        seed = int(np.random.SeedSequence().entropy)
    if window is not None:
        x_all = padded(sentences, window)

        def data(step):
            rng = np.random.default_rng([seed, _checks.integer(step, "step", 0)])
            pick = rng.choice(len(sentences), size=batch_size, replace=len(sentences) < batch_size)
            return x_all[:, pick], sentences.year[pick]

        return data

    groups = list(by_length(sentences).values())
    weights = np.array([g.size for g in groups], dtype=np.float64)
    weights /= weights.sum()
    # One-hot inputs of each length group, built on first use and reused at every later step
    # (if all of them fit in MAX_CACHED values; otherwise every step builds its batch).
    cache = {} if int(sentences.length.sum()) * sentences.n_vocab <= MAX_CACHED else None

    def data(step):
        rng = np.random.default_rng([seed, _checks.integer(step, "step", 0)])
        g = rng.choice(len(groups), p=weights)
        group = groups[g]
        # The same draw as rng.choice(group, ...): choice picks positions in the group, then the values.
        local = rng.choice(group.size, size=batch_size, replace=group.size < batch_size)
        if cache is None:
            return sentences.batch(group[local])
        if g not in cache:
            cache[g] = sentences.batch(group)
        x_group, y_group = cache[g]
        return np.take(x_group, local, axis=1), y_group[local]  # take: C-ordered, like batch() gives

    return data


def padded(sentences, window):
    """All sentences as one right-padded batch for the per-position network.

    Parameters
    ----------
    sentences : Sentences (n sentences)
    window : int
        Number of positions; every sentence must be at most this long.

    Returns
    -------
    x : ndarray (window, n, n_vocab) float64
        One-hot words; positions after a sentence's end are all-zero vectors.
    """
    _sentences(sentences)
    window = _checks.positive_int(window, "window")
    _checks.size_limit(window * len(sentences) * sentences.n_vocab, "window", window, MAX_PADDED,
                       f"values for {len(sentences):,} sentences of {sentences.n_vocab} one-hot entries")
    too_long = np.flatnonzero(sentences.length > window)
    if too_long.size:
        i = int(too_long[0])
        raise ValueError(
            f"sentences: got sentence {i} ({sentences.text(i)!r}) of length {sentences.length[i]}, "
            f"wanted length at most window = {window} ({too_long.size} sentence(s) are too long)"
        )
    x = np.zeros((window, len(sentences), sentences.n_vocab))
    for j, ids in enumerate(sentences.ids):
        x[np.arange(ids.size), j, ids] = 1.0
    return x
