"""rnnlib.probe: linear probes on constructed states whose answer is known, the split, and bad input."""

import numpy as np
import pytest

from rnnlib import probe


def orthogonal_linear_states(n, rho, x, seed=0):
    """h(t) = ρ Q h(t−1) + u x(t) for a random orthogonal Q and u ~ N(0, 1): (τ, batch, n)."""
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    W, u = rho * q * np.sign(np.diag(r)), rng.normal(size=n)
    h = np.zeros((x.shape[1], n))
    out = np.empty(x.shape + (n,))
    for t in range(x.shape[0]):
        h = h @ W.T + x[t][:, None] * u
        out[t] = h
    return out


@pytest.fixture(scope="module")
def inputs():
    return np.random.default_rng(1).uniform(-1, 1, size=(300, 40))   # 40 sequences, τ = 300


def test_a_state_that_stores_the_last_two_inputs_decodes_them_perfectly(inputs):
    x = inputs
    h = np.stack([x, np.roll(x, 1, axis=0)], axis=-1)                 # h(t) = (x(t), x(t−1))
    r2 = probe.memory_curve(h, x, 4)
    assert r2.shape == (5,)
    assert r2[0] > 0.9999 and r2[1] > 0.9999
    assert r2[2:].max() < 0.01


def test_pure_noise_decodes_at_chance(inputs):
    x = inputs
    h = np.random.default_rng(2).normal(size=x.shape + (5,))
    r2 = probe.memory_curve(h, x, 10)
    assert r2.max() < 0.02                                            # R² of a useless read-out ≈ 0
    fit = probe.ridge(h.reshape(-1, 5), x.reshape(-1))
    assert -0.02 < fit.score < 0.01 and fit.chance == 0.0
    labels = np.random.default_rng(3).integers(4, size=x.size)
    clf = probe.logistic(h.reshape(-1, 5), labels)
    assert abs(clf.score - 0.25) < 0.04 and abs(clf.chance - 0.25) < 0.04


@pytest.mark.parametrize("n", [10, 20])
def test_a_linear_network_with_orthogonal_W_nearly_reaches_its_capacity(inputs, n):
    h = orthogonal_linear_states(n, 0.9, inputs)
    mc = probe.memory_capacity(h, inputs, 100)
    assert 0.95 * n <= mc <= n + 0.4          # the bound MC ≤ n, up to the held-out sample's noise


def test_a_tanh_saturated_or_fast_forgetting_network_falls_short(inputs):
    n = 20
    fast = orthogonal_linear_states(n, 0.3, inputs)       # x(t−k) fades as 0.3^k
    assert probe.memory_capacity(fast, inputs, 60) < 0.5 * n
    saturated = np.tanh(3 * orthogonal_linear_states(n, 0.9, inputs))
    assert probe.memory_capacity(saturated, inputs, 60) < 0.6 * n


def test_ridge_recovers_a_linear_quantity_and_several_targets_at_once():
    rng = np.random.default_rng(0)
    H = rng.normal(size=(800, 6))
    z = H @ np.arange(6.0) + 3.0
    fit = probe.ridge(H, z, alpha=0.0)
    assert fit.score > 0.999999 and np.allclose(fit.weights, np.arange(6.0)) and np.isclose(fit.bias, 3.0)
    Z = np.column_stack([z, rng.normal(size=800)])
    both = probe.ridge(H, Z)
    assert both.score.shape == (2,) and both.score[0] > 0.999 and both.score[1] < 0.03
    assert np.allclose(fit.predict(H[:3]), z[:3])


def test_logistic_decodes_separable_classes_and_gives_probabilities():
    rng = np.random.default_rng(0)
    H = rng.normal(size=(1200, 3))
    labels = (H[:, 0] > 0).astype(int) + 2 * (H[:, 1] > 0)          # 4 classes, linearly separable
    fit = probe.logistic(H, labels)
    assert fit.kind == "logistic" and fit.score > 0.95
    p = fit.probabilities(H[:5])
    assert p.shape == (5, 4) and np.allclose(p.sum(1), 1.0)
    assert np.array_equal(fit.predict(H[:5]), p.argmax(1))
    again = probe.logistic(H, labels)
    assert again.score == fit.score and np.array_equal(again.weights, fit.weights)   # seeded, deterministic


def test_split_is_seeded_disjoint_and_keeps_groups_whole():
    train, test = probe.split(100, held_out=0.25, seed=3)
    assert len(test) == 25 and not set(train) & set(test) and set(train) | set(test) == set(range(100))
    assert np.array_equal(probe.split(100, held_out=0.25, seed=3)[1], test)
    assert not np.array_equal(probe.split(100, held_out=0.25, seed=4)[1], test)
    groups = np.repeat(np.arange(10), 7)
    train, test = probe.split(70, held_out=0.3, seed=0, groups=groups)
    assert len(np.unique(groups[test])) == 3 and not set(groups[train]) & set(groups[test])


def test_lagged_aligns_each_target_with_its_lag():
    x = np.arange(20.0).reshape(10, 2)                # x(t) of two sequences
    h = np.repeat(x[:, :, None], 3, axis=2)           # h(t) = (x(t), x(t), x(t))
    H, Z, groups = probe.lagged(h, x, [0, 2, 5])
    assert H.shape == (10, 3) and Z.shape == (10, 3)  # rows t = 6..10 of 2 sequences
    assert np.array_equal(Z[:, 0], H[:, 0])
    assert np.array_equal(Z[:, 1], H[:, 0] - 4) and np.array_equal(Z[:, 2], H[:, 0] - 10)
    assert np.array_equal(groups, np.tile([0, 1], 5))


H_OK = np.random.default_rng(0).normal(size=(40, 3))
Z_OK = np.random.default_rng(1).normal(size=40)
Y_OK = np.arange(40) % 2


@pytest.mark.parametrize("call, error, match", [
    (lambda: probe.ridge(H_OK[:, 0], Z_OK), ValueError, r"H: got 1-d shape \(40,\), wanted"),
    (lambda: probe.ridge(np.zeros((40, 0)), Z_OK), ValueError, "H: got shape .* no features"),
    (lambda: probe.ridge(H_OK, Z_OK[:39]), ValueError, r"z: got shape \(39,\), wanted .*\(40,\)"),
    (lambda: probe.ridge(np.where(H_OK > 1, np.nan, H_OK), Z_OK), ValueError, "H: got .* NaN or infinite"),
    (lambda: probe.ridge(H_OK, np.full(40, np.inf)), ValueError, "z: got 40 NaN or infinite"),
    (lambda: probe.ridge(H_OK.astype(str), Z_OK), ValueError, "H: got dtype <U"),
    (lambda: probe.ridge(H_OK, Z_OK, alpha=-1), ValueError, "alpha: got -1, wanted a finite number >= 0"),
    (lambda: probe.ridge(H_OK, Z_OK, alpha="big"), TypeError, "alpha: got 'big', wanted a finite number"),
    (lambda: probe.ridge(H_OK, Z_OK, held_out=1.0), ValueError, r"held_out: got 1, wanted .* in \(0, 1\)"),
    (lambda: probe.ridge(H_OK, Z_OK, seed=-1), ValueError, "seed: got -1"),
    (lambda: probe.ridge(H_OK, np.ones(40)), ValueError, "z: got a quantity that is constant"),
    (lambda: probe.ridge(H_OK[:1], Z_OK[:1]), ValueError, "n: got 1 rows"),
    (lambda: probe.logistic(H_OK, Y_OK.astype(float)), ValueError, "labels: got dtype float64, wanted integer"),
    (lambda: probe.logistic(H_OK, Y_OK - 1), ValueError, "labels: got labels from -1 to 0, wanted class indices >= 0"),
    (lambda: probe.logistic(H_OK, Y_OK, n_classes=1), ValueError, r"labels: got labels from 0 to 1, wanted .*0\.\.0"),
    (lambda: probe.logistic(H_OK, np.zeros(40, int)), ValueError, "labels: got a single class"),
    (lambda: probe.logistic(H_OK, Y_OK[:30]), ValueError, r"labels: got shape \(30,\), wanted \(40,\)"),
    (lambda: probe.logistic(H_OK, Y_OK, steps=10**6), ValueError,
     r"steps: got 1,000,000, wanted an integer in 1\.\.10000"),
    (lambda: probe.split(10, groups=np.zeros(10, int)), ValueError, "groups: got 1 group"),
    (lambda: probe.split(10**9), ValueError, r"n: got 1,000,000,000, wanted an integer in 1\.\.50000000"),
    (lambda: probe.split(10**9, groups=np.zeros(10, int)), ValueError, "n: got 1,000,000,000"),
    (lambda: probe.split(10, groups=np.zeros(9, int)), ValueError, r"groups: got .* shape \(9,\), wanted"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros((10, 3)), [1]), ValueError,
     r"x: got shape \(10, 3\), wanted \(10, 2\)"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros((10, 2)), [-1]), ValueError,
     r"lags: got -1, wanted an integer in 0\.\.9"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros((10, 2)), range(10**9)), ValueError,
     "lags: got 1,000,000,000 lags, wanted at most 10,001"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros((10, 2)), iter(range(10**9))), ValueError,
     r"lags: got 10, wanted an integer in 0\.\.9"),
    (lambda: probe.logistic(H_OK, Y_OK, n_classes=10**9), ValueError,
     r"n_classes: got 1,000,000,000, wanted an integer in 1\.\.10000"),
    (lambda: probe.logistic(H_OK, Y_OK, n_classes=2.0), TypeError, "n_classes: got 2.0"),
    (lambda: probe.ridge(H_OK, Z_OK, seed=1.7), TypeError, "seed: got 1.7"),
    (lambda: probe.ridge(H_OK, Z_OK, seed=True), TypeError, "seed: got True"),
    (lambda: probe.split(10, groups="abc"), TypeError, "groups: got 'abc'"),
    (lambda: probe.memory_curve(np.zeros((10, 2, 3)), np.zeros((10, 2)), 10**9), ValueError,
     r"max_lag: got 1,000,000,000, wanted an integer in 0\.\.9 \(h has τ = 10 steps"),
    (lambda: probe.memory_curve(np.full((10, 2, 3), np.inf), np.zeros((10, 2)), 2), ValueError, "h: got 60 NaN"),
    (lambda: probe.memory_curve(np.zeros((10, 2, 3)), np.full((10, 2), np.nan), 2), ValueError, "x: got 20 NaN"),
    (lambda: probe.capacity(np.zeros((10, 2, 3)), np.zeros((10, 2)), 0, 2), ValueError, "degree: got 0"),
    (lambda: probe.capacity(np.zeros((10, 2, 3)), np.zeros((10, 2)), 8, 2), ValueError,
     r"degree: got 8, wanted an integer in 1\.\.7"),
    (lambda: probe.capacity(np.zeros((10, 2, 3)), np.full((10, 2), 2.0), 2, 2), ValueError,
     r"x: got values up to 2 in size, wanted inputs in \[−1, 1\]"),
    (lambda: probe.capacity(np.zeros((10, 2, 3)), np.zeros((10, 2)), 2, 2, shuffle="yes"), TypeError,
     "shuffle: got 'yes'"),
    (lambda: probe.capacity(np.zeros((2000, 50, 3)), np.zeros((2000, 50)), 7, 100), ValueError,
     "max_lag: got 100, which makes"),
    (lambda: probe.legendre([0.5], 8), ValueError, "d: got 8"),
    (lambda: probe.legendre("x", 2), TypeError, "x: got 'x'"),
    (lambda: probe.legendre([2.0, 5.0], 3), ValueError, r"x: got values up to 5 in size, wanted numbers in \[−1, 1\]"),
    (lambda: probe.legendre([1e200], 3), ValueError, r"x: got values up to 1e\+200 in size"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros(10), [1]), ValueError,
     r"h: got shape \(10, 2, 3\) \(τ = 10, batch = 2\), but x has shape \(10,\)"),
    (lambda: probe.legendre_targets(np.zeros((10, 2, 3)), np.zeros(10), 2, 1), ValueError,
     r"h: got shape \(10, 2, 3\)"),
    (lambda: probe.memory_curve(np.zeros((10, 2, 3)), np.full((10, 2), 1e200), 2), ValueError,
     r"x: got an entry of 1e\+200, wanted \|entries\| <= 1e6"),
    (lambda: probe.memory_capacity(np.zeros((10, 2, 3)), np.full((10, 2), 1e200), 2), ValueError,
     r"x: got an entry of 1e\+200"),
    (lambda: probe.memory_capacity(np.full((10, 2, 3), 1e200), np.zeros((10, 2)), 2), ValueError,
     r"h: got an entry of 1e\+200"),
    (lambda: probe.ridge(H_OK * 1e200, Z_OK), ValueError, r"H: got an entry of .*e\+200, wanted \|entries\| <= 1e6"),
    (lambda: probe.logistic(H_OK, np.arange(len(H_OK)) % 2, alpha=1e200), ValueError, r"alpha: got 1e\+200"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros((10, 2)), [1.5]), TypeError,
     "lags: got 1.5, wanted an integer"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros((10, 2)), 3), TypeError, "lags: got 3, wanted an iterable"),
    (lambda: probe.ridge([[1.0, 2.0], [3.0]], Z_OK), ValueError, "H: got a ragged list"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros((10, 2)), [12]), ValueError,
     r"lags: got 12, wanted an integer in 0\.\.9 \(h has τ = 10 steps"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros((10, 2)), [3], washout=10), ValueError,
     r"washout: got 10 with τ = 10"),
    (lambda: probe.lagged(np.zeros((10, 2, 3)), np.zeros((10, 2)), [3], washout=2), ValueError,
     "washout: got 2, wanted an integer >= 3"),
    (lambda: probe.memory_curve(np.zeros((10, 2, 3)), np.zeros((10, 2)), -1), ValueError, "max_lag: got -1"),
    (lambda: probe.ridge(H_OK, Z_OK).probabilities(H_OK), ValueError, "got a 'ridge' probe"),
    (lambda: probe.ridge(H_OK, Z_OK).predict(H_OK[:, :2]), ValueError, r"H: got shape \(40, 2\), wanted"),
    (lambda: probe.ridge(H_OK, Z_OK, alpha=0, rcond=1.5), ValueError, "rcond: got 1.5"),
    (lambda: probe.ridge(H_OK, Z_OK, alpha=0, rcond="tiny"), TypeError, "rcond: got 'tiny'"),
])
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_least_squares_cut_off_decides_whether_a_tiny_direction_is_read():
    """alpha = 0: numpy's default rcond (eps × rows) ignores a direction 1e-14 of the largest; rcond=1e-15 reads it."""
    rng = np.random.default_rng(0)
    z = rng.normal(size=2000)
    H = np.column_stack([rng.normal(size=2000), 1e-14 * z])
    assert probe.ridge(H, z, alpha=0).score < 0.1
    assert probe.ridge(H, z, alpha=0, rcond=1e-15).score > 0.99


def test_huge_or_tiny_states_score_as_the_same_states_scaled():
    rng = np.random.default_rng(0)
    H = rng.normal(size=(600, 3))
    z = H @ [1.0, -1.0, 0.5] + 0.3 * rng.normal(size=600)
    labels = (H[:, 0] > 0).astype(int)
    ref, ref_clf = probe.ridge(H, z), probe.logistic(H, labels)
    for scale in (1e5, 1e-200):
        fit, clf = probe.ridge(H * scale, z * scale), probe.logistic(H * scale, labels)
        assert np.isclose(fit.score, ref.score, atol=1e-12) and np.isfinite(fit.weights).all()
        assert np.allclose(fit.predict(H[:3] * scale) / scale, ref.predict(H[:3]))
        assert clf.score == ref_clf.score > 0.9


def test_legendre_polynomials_are_orthonormal_for_uniform_inputs():
    x = np.random.default_rng(0).uniform(-1, 1, size=400_000)
    P = np.stack([probe.legendre(x, d) for d in range(4)])
    assert np.allclose(P @ P.T / x.size, np.eye(4), atol=0.01)
    assert np.allclose(probe.legendre(np.array([1.0, -1.0]), 3), [np.sqrt(7), -np.sqrt(7)])


def test_legendre_targets_line_up_with_their_lags(inputs):
    x = inputs[:50, :3]
    H, Z, groups, terms = probe.legendre_targets(np.zeros(x.shape + (2,)), x, 2, 3)
    assert len(terms) == 10 and Z.shape == (47 * 3, 10) and groups.shape == (141,)
    j = terms.index((0, 2))                                      # P̃1(x(t)) P̃1(x(t−2))
    assert np.allclose(Z[:, j], 3 * (x[3:] * x[1:-2]).reshape(-1))
    j = terms.index((1, 1))                                      # P̃2(x(t−1))
    assert np.allclose(Z[:, j], probe.legendre(x[2:-1], 2).reshape(-1))


def test_capacity_finds_a_stored_product_and_the_shuffled_control_finds_nothing(inputs):
    x = inputs
    cube = probe.legendre(x, 3)
    prod = x * np.roll(x, 1, axis=0) * np.roll(x, 2, axis=0)     # x(t) x(t−1) x(t−2)
    h = np.stack([cube, prod, x], axis=-1)
    assert 1.95 < probe.capacity(h, x, 3, 4) <= 2.0 + 1e-9       # two degree-3 targets held (35 scored)
    assert 0.98 < probe.capacity(h, x, 1, 4) <= 1.0 + 1e-9       # and one linear one
    assert abs(probe.capacity(h, x, 2, 4)) < 0.05
    assert abs(probe.capacity(h, x, 3, 4, shuffle=True)) < 0.1


def test_a_linear_network_holds_no_nonlinear_capacity(inputs):
    h = orthogonal_linear_states(10, 0.9, inputs)
    assert abs(probe.capacity(h, inputs, 2, 5)) < 0.2 and abs(probe.capacity(h, inputs, 3, 5)) < 0.4
    assert 9.0 < probe.capacity(h, inputs, 1, 60) <= 10.3
