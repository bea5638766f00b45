"""rnnlib.data.delay_task: random symbol sequences with delayed targets."""

import numpy as np
import pytest

from rnnlib import data


def test_shapes_targets_and_blanks():
    x, y, ids = data.delay_task(6, 7, 4, 2, seed=0)
    assert x.shape == (7, 6, 4) and y.shape == (7, 6) and ids.shape == (7, 6)
    assert x.dtype == np.float64 and y.dtype == np.int64
    assert np.array_equal(x.argmax(-1), ids) and np.all(x.sum(-1) == 1)
    assert np.array_equal(y[2:], ids[:-2]) and np.all(y[:2] == 4)
    x0, y0, ids0 = data.delay_task(3, 5, 3, 0, seed=1)
    assert np.array_equal(y0, ids0)                                    # delay 0: the current symbol


def test_seeded_and_uniform():
    a = data.delay_task(50, 6, 5, 1, seed=3)
    b = data.delay_task(50, 6, 5, 1, seed=3)
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert not np.array_equal(a[2], data.delay_task(50, 6, 5, 1, seed=4)[2])
    rng = np.random.default_rng(0)                                     # a Generator: a stream of batches
    first, second = data.delay_task(50, 6, 5, 1, seed=rng)[2], data.delay_task(50, 6, 5, 1, seed=rng)[2]
    assert not np.array_equal(first, second)
    counts = np.bincount(data.delay_task(4000, 5, 4, 1, seed=0)[2].ravel(), minlength=4) / 20000
    assert np.abs(counts - 0.25).max() < 0.02


@pytest.mark.parametrize("kwargs, match, error", [
    (dict(n=0), "n:", ValueError),
    (dict(tau=0), "tau", ValueError),
    (dict(n_symbols=1), "n_symbols", ValueError),
    (dict(delay=5), "delay", ValueError),
    (dict(delay=-1), "delay", ValueError),
    (dict(delay=1.0), "delay", ValueError),
    (dict(seed=-2), "seed", ValueError),
    (dict(seed="0"), "seed", TypeError),
])
def test_bad_input(kwargs, match, error):
    args = dict(n=3, tau=5, n_symbols=4, delay=2, seed=0)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        data.delay_task(args.pop("n"), args.pop("tau"), args.pop("n_symbols"), args.pop("delay"), **args)
