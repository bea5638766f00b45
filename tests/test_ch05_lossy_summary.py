"""rnnlib.chapters.ch05_lossy_summary: the claims of chapter 5 for seeds 0-4, its tools, its exercise checks."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import rnnlib as rl
from rnnlib.chapters import ch05_lossy_summary as ch
from rnnlib.exercises import TODO

SEEDS = range(5)


@pytest.fixture(scope="module")
def trained():
    """The untrained control and the three trained networks of every seed the chapter invites one to try."""
    return {seed: ch.train_all(seed) for seed in SEEDS}


@pytest.fixture(scope="module")
def keep_tables(trained):
    """The "what training keeps" table of every seed."""
    return {seed: ch.keep_table(seed, models) for seed, models in trained.items()}


@pytest.fixture(scope="module")
def capacity():
    """Memory curves for seeds 0-4 (the full grid for seed 0, the chapter's; n = 10 and 20 for the others)."""
    runs = {0: ch.capacity_runs(seed=0)}
    for seed in SEEDS[1:]:
        runs[seed] = ch.capacity_runs(sizes=(10, 20), seed=seed)
    return runs


@pytest.mark.parametrize("seed", SEEDS)
def test_each_trained_network_keeps_its_own_aspect_of_the_past(keep_tables, seed):
    table = keep_tables[seed]
    assert set(table) == {"untrained", *ch.OBJECTIVES}
    broken = [sentence for ok, sentence in ch.keep_claims(table) if not ok]
    assert not broken, f"seed {seed}: {broken}; table {table}"


def test_keep_claims_have_margins_across_seeds(keep_tables):
    """Every claim holds with room to spare, so that a small numerical change cannot flip it."""
    t = keep_tables.values()
    assert min(x["recall"]["x(t−3)"] for x in t) >= ch.RECALL_KEEPS + 0.01
    assert max(max(x["count"]["x(t−3)"], x["sign"]["x(t−3)"]) for x in t) <= ch.OTHERS_LOSE_SYMBOL - 0.03
    assert min(x["count"]["balance"] for x in t) >= ch.COUNT_KEEPS + 0.02
    assert max(max(x["recall"]["balance"], x["untrained"]["balance"]) for x in t) <= ch.OTHERS_LOSE_COUNT - 0.02
    assert min(x["sign"]["sign"] for x in t) >= ch.SIGN_KEEPS + 0.02
    assert min(x["count"]["size |balance| ≥ 2"] - x["sign"]["size |balance| ≥ 2"] for x in t) >= ch.SIZE_GAP + 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_memory_capacity_against_its_bound(capacity, seed):
    broken = [sentence for ok, sentence in ch.capacity_claims(capacity[seed]) if not ok]
    assert not broken, f"seed {seed}: {broken}"


def test_require_names_what_no_longer_holds():
    ch.require([(True, "fine")])
    with pytest.raises(AssertionError, match="no longer true: the sky should be blue"):
        ch.require([(True, "fine"), (False, "the sky should be blue")])


def test_the_chapters_figures_and_tables_build(capacity, keep_tables):
    assert isinstance(ch.plot_memory_curves(capacity[0]), Figure)
    assert isinstance(ch.plot_keep(keep_tables[0]), Figure)
    table = ch.capacity_table(capacity[0])
    assert len(table.rows) == len(ch.SIZES) * len(ch.RADII) and table.header[-1] == "bound n"
    assert len(ch.keep_table_view(keep_tables[0]).rows) == 4


def test_distinct_states_collapse_at_finite_precision():
    model = rl.RNN(1, 3, 2, seed=0)
    assert ch.distinct_states(model, 2, 0.1) == 4
    counts = [ch.distinct_states(model, 12, p) for p in (0.1, 0.01, 1e-4)]
    assert counts[0] < counts[1] < counts[2] <= 2 ** 12
    assert counts[0] < 2 ** 12 / 10
    assert len(ch.counting_table(taus=(2, 4)).rows) == 2


def test_input_sensitivity_matches_finite_differences():
    model = rl.RNN(4, 5, 3, seed=1)
    x = np.random.default_rng(0).normal(size=(6, 4))
    t = 5
    got = ch.input_sensitivity(model, x, t)
    eps = 1e-6
    want = np.empty(t)
    for k in range(t):
        J = np.empty((3, 4))
        for i in range(4):
            plus, minus = x.copy(), x.copy()
            plus[t - 1 - k, i] += eps
            minus[t - 1 - k, i] -= eps
            d = (model.forward(plus).o[t - 1] - model.forward(minus).o[t - 1]) / (2 * eps)
            J[:, i] = d - d.mean()                       # centred logits
        want[k] = np.linalg.norm(J)
    assert got.shape == (t,)
    assert np.allclose(got, want, rtol=1e-5, atol=1e-8)


def test_symbol_stream_quantities():
    s = ch.symbol_stream(3, tau=10, seed=0)
    assert s.symbols.shape == s.recall.shape == s.balance.shape == (10, 3)
    assert np.array_equal(s.recall[3:], s.symbols[:-3])
    want = np.cumsum((s.symbols == 0).astype(int) - (s.symbols == 1), axis=0)
    assert np.array_equal(s.balance, want)
    assert s.x.shape == (10, 3, 4)
    y, n = ch.objective_labels("sign", s)
    assert n == 3 and set(np.unique(y)) <= {0, 1, 2}


def test_one_bit_memory_keeps_the_sign_and_loses_the_size():
    first = np.array([-2.0, -0.1, 0.1, 2.0])
    s = ch.one_bit_memory(first, w=1.5, tau=20)
    assert s.shape == (20, 4)
    assert np.array_equal(np.sign(s[-1]), np.sign(first))
    assert abs(s[-1, 3] - s[-1, 2]) < 1e-3 < abs(s[0, 3] - s[0, 2])


def test_fading_stepper_shows_the_recall_window(trained):
    model = trained[0]["recall"]
    probes = ch.lag_probes(model, max_lag=5, seed=0)
    sequence = ch.symbol_stream(1, tau=6, seed=[0, 7]).symbols[:, 0]
    h = model.forward(rl.one_hot(sequence, 4)).h
    recovered = [probes[k].probabilities(h[5:6])[0, sequence[5 - k]] for k in range(6)]
    assert min(recovered[:4]) > 0.9                 # x(t), ..., x(t−3) are kept
    sens = ch.input_sensitivity(model, rl.one_hot(sequence, 4), 6)
    assert sens.argmax() == ch.LAG                  # the output depends most on the symbol it reports
    st = ch.fading_stepper(model, sequence, probes, dpi=40)
    assert len(st.steps) == 6 and "t = 6" in st.caption(6)


def test_exercise_1_collision_check():
    W, u = ch.EX_W, ch.EX_U
    M = np.column_stack([W @ W @ u, W @ u, u])
    v = np.linalg.svd(M)[2][-1]
    x_a = np.array([1.0, 0.0, -1.0])
    assert ch.check_collision((x_a, x_a + v)).passed
    assert "not attempted" in ch.check_collision(TODO).message
    assert "same sequence" in ch.check_collision((x_a, x_a)).message
    assert "final states differ" in ch.check_collision((x_a, x_a + 1.0)).message
    assert "shape (3,)" in ch.check_collision((x_a, np.zeros(4))).message
    assert "pair" in ch.check_collision((x_a,)).message


def test_exercise_2_half_lag_check():
    assert ch.half_lag(0.8) == 2 and ch.half_lag(0.9) == 4
    assert ch.check_half_lag(2, rho=0.8).passed
    assert "not attempted" in ch.check_half_lag(TODO).message
    assert "squared" in ch.check_half_lag(4, rho=0.8).message     # ρ^k < 1/2, forgetting the square
    assert "first lag below half" in ch.check_half_lag(1, rho=0.8).message
    assert "whole number" in ch.check_half_lag(2.0, rho=0.8).message
    assert not ch.check_half_lag(7, rho=0.8).passed
    # the exercise's answer agrees with a probe's measurement
    x = np.random.default_rng(0).uniform(-1, 1, size=(300, 40))
    net = {"U": np.array([[1.0]]), "W": np.array([[0.8]]), "b": np.zeros(1)}
    r2 = rl.probe.memory_curve(ch.run_reservoir(net, x, "linear"), x, 4)
    ratio = r2 / r2[0]
    assert ratio[1] > 0.55 and ratio[2] < 0.45


@pytest.mark.parametrize("call, error, match", [
    (lambda: ch.distinct_states(rl.RNN(2, 3, 2), 4, 0.1), ValueError, "model: got .* n_in = 1"),
    (lambda: ch.distinct_states(rl.RNN(1, 3, 2), 17, 0.1), ValueError, "tau: got 17, wanted at most 16"),
    (lambda: ch.distinct_states(rl.RNN(1, 3, 2), 4, 1e-9), ValueError, "precision: got 1e-09"),
    (lambda: ch.reservoir(10, 2.5), ValueError, "rho: got 2.5"),
    (lambda: ch.reservoir(0, 0.9), ValueError, "n: got 0"),
    (lambda: ch.run_reservoir(ch.reservoir(3, 0.9), np.zeros((5, 2)), "relu"), ValueError,
     "activation: got 'relu'"),
    (lambda: ch.run_reservoir(ch.reservoir(3, 0.9), np.full((5, 2), np.nan)), ValueError, "x: got .*NaN"),
    (lambda: ch.run_reservoir("net", np.zeros((5, 2))), TypeError, "params: got 'net'"),
    (lambda: ch.run_reservoir({"U": np.zeros((3, 1)), "b": np.zeros(3)}, np.zeros((5, 2))), ValueError,
     "params: got no 'W'"),
    (lambda: ch.run_reservoir(dict(ch.reservoir(3, 0.9), W=np.zeros((3, 2))), np.zeros((5, 2))), ValueError,
     r"params\['W'\]: got shape \(3, 2\)"),
    (lambda: ch.run_reservoir(dict(ch.reservoir(3, 0.9), U=np.zeros((3, 2))), np.zeros((5, 2))), ValueError,
     r"params\['U'\]: got shape \(3, 2\)"),
    (lambda: ch.run_reservoir(dict(ch.reservoir(3, 0.9), b=np.full(3, np.inf)), np.zeros((5, 2))), ValueError,
     r"params\['b'\]: got 3 NaN"),
    (lambda: ch.run_reservoir(dict(ch.reservoir(3, 0.9), W=np.eye(3, dtype=int)), np.zeros((5, 2))), ValueError,
     r"params\['W'\]: got dtype int"),
    (lambda: ch.run_reservoir(ch.reservoir(3, 0.9), [[0.0, 1.0], [2.0]]), ValueError, "x: got a ragged"),
    (lambda: ch.run_reservoir(ch.reservoir(3, 0.9), "x"), TypeError, "x: got 'x'"),
    (lambda: ch.run_reservoir(ch.reservoir(3, 0.9), np.zeros((0, 2))), ValueError, "x: got .*τ = 0"),
    (lambda: ch.objective_labels("parity", ch.symbol_stream(1, 4)), ValueError, "objective: got 'parity'"),
    (lambda: ch.train_objective("recall", seed=-1), ValueError, "seed: got -1"),
    (lambda: ch.probe_quantities(rl.RNN(3, 4, 2)), ValueError, "model: got RNN"),
    (lambda: ch.input_sensitivity(rl.RNN(4, 3, 2), np.zeros((5, 4)), 6), ValueError,
     r"t: got 6, wanted a step in 1\.\.5"),
    (lambda: ch.input_sensitivity(rl.RNN(4, 3, 2), np.zeros((5, 2, 4)), 2), ValueError, "x: got shape .*one sequence"),
    (lambda: ch.input_sensitivity(rl.RNN(4, 3, 2, pattern="output"), np.zeros((5, 4)), 2), ValueError,
     "model: got .*pattern"),
    (lambda: ch.one_bit_memory([]), ValueError, "first_inputs: got shape"),
    (lambda: ch.linear_final_state(np.zeros((3, 1))), ValueError, r"x: got shape \(3, 1\)"),
    (lambda: ch.fading_stepper(rl.RNN(4, 3, 4), np.zeros(5, int), []), ValueError, "probes: got 0"),
])
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_exercise_3_capacity_design_check():
    assert ch.check_capacity_design(ch.reservoir(10, 0.9, seed=0)["W"]).passed
    assert ch.check_capacity_design(np.eye(10, k=-1)).passed                 # a delay line, radius 0
    assert "not attempted" in ch.check_capacity_design(TODO).message
    assert "small subspace" in ch.check_capacity_design(0.95 * np.eye(10)).message
    assert "grows without bound" in ch.check_capacity_design(ch.reservoir(10, 1.1, seed=0)["W"]).message
    assert "fades" in ch.check_capacity_design(ch.reservoir(10, 0.3, seed=0)["W"]).message
    assert "10×10" in ch.check_capacity_design(np.zeros((9, 9))).message
    with pytest.raises(ValueError, match="W: got spectral radius 1.1"):
        ch.design_capacity(ch.reservoir(10, 1.1, seed=0)["W"])


@pytest.mark.parametrize("seed", SEEDS)
def test_the_stepper_claims_hold(trained, seed):
    model = trained[seed]["recall"]
    probes = ch.lag_probes(model, max_lag=7, seed=seed)
    sequence = ch.symbol_stream(1, tau=8, seed=[seed, 7]).symbols[:, 0]
    broken = [sentence for ok, sentence in ch.stepper_claims(model, sequence, probes) if not ok]
    assert not broken, f"seed {seed}: {broken}"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_year_network_keeps_the_year_and_loses_the_destination(seed):
    table = ch.year_keep_table(seed)
    broken = [sentence for ok, sentence in ch.year_claims(table) if not ok]
    assert not broken, f"seed {seed}: {broken}; table {table}"
    assert table["trained on the year"]["destination"] <= table["untrained"]["destination"] - ch.PLACE_DROP - 0.05


def test_place_labels_and_final_states():
    s = rl.data.year_sentences(30, seed=0, lengths=range(5, 7))
    labels = ch.place_labels(s)
    for words, label in zip(s.tokens, labels):
        assert (ch.PLACES[label] in words) if label < len(ch.PLACES) else not set(ch.PLACES) & set(words)
    model = rl.RNN(s.n_vocab, 4, 10, pattern="last", seed=0)
    H = ch.final_states(model, s)
    x, _ = s.batch([3])
    assert H.shape == (30, 4) and np.allclose(H[3], model.forward(x).h[-1, 0])
    with pytest.raises(ValueError, match="model: got"):
        ch.final_states(rl.RNN(5, 4, 10), s)


# A str or a bool answer never passes a check (each check states what its answer must be with expect=).
@pytest.mark.parametrize("call, wants", [
    (lambda: ch.check_collision("x_a, x_b"), "a tuple"),
    (lambda: ch.check_collision(("1 2 3", "1 2 4")), "should be arrays"),
    (lambda: ch.check_half_lag("4"), "a whole number"),
    (lambda: ch.check_half_lag(True), "a whole number"),
    (lambda: ch.check_half_lag(4.0), "a whole number"),
    (lambda: ch.check_capacity_design("rotation"), "a numpy array"),
], ids=["collision str", "collision strs", "half lag str", "half lag bool", "half lag float", "design str"])
def test_checks_refuse_answers_of_the_wrong_kind(call, wants):
    result = call()
    assert not result.passed and wants in result.message, result.message
