"""rnnlib.chapters.ch01_parameter_sharing: the chapter's claims for seeds 0-4, its experiment's parts,
figures and stepper, its exercise checks, and bad input to every ``ch.*`` function the notebook calls.

The claims are the chapter's own claim functions (``ch.*_claims``), checked with ``rnnlib.claims.check``
as the notebook's hidden cells do.  Which runs are tested (the whole grid, seeds 0-4 × rounding members
0-3, is ``python benchmarks/claims_spread.py 01``): the claims of the test sets, the failure grid, the
two trips and exercise 3 for seeds 0-4 at rounding 0; the expensive ones (the learning curve, the
overfitting controls, the fillers and the stepper) for seed 0 at rounding 0; the test sets' claims for
seed 1 at rounding 1.  All claims for all seeds at two rounding members would make this file about four
times slower.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure

from rnnlib import claims, data
from rnnlib.chapters import ch01_parameter_sharing as ch
from rnnlib.exercises import TODO
from rnnlib.mlp import BagOfWords, PositionalMLP, TimeDelayNetwork
from rnnlib.rnn import RNN

SEEDS = claims.TESTED_SEEDS


class Run:
    """What the chapter computes for one seed and rounding member, with the chapter's own functions."""

    def __init__(self, seed, k, full):
        self.seed, self.k, self.full = seed, k, full
        with claims.rounding(k):
            self.split = ch.year_split(seed=seed)
            self.models, self.histories = ch.train_all(self.split.train, seed)
            self.results = ch.evaluate(self.models, self.split)
            if full is None:                                   # the test sets only
                return
            self.every = data.year_sentences(ch.N_GRID, seed=500 + seed, lengths=ch.GRID_LENGTHS)
            self.failures = {k_: ch.failure_summary(self.models[k_], self.every)
                             for k_ in ("RNN", "bag of words", "convolution")}
            self.two = ch.two_trip_experiment(seed)
            last_only = data.year_sentences(1000, seed=600 + seed, lengths=ch.TRAIN_LENGTHS, positions={-1})
            self.elsewhere = data.year_sentences(1000, seed=700 + seed, lengths=ch.TRAIN_LENGTHS,
                                                 positions={0, 1, 2, 3})
            self.rnn_last, _ = ch.train_model("RNN", last_only, seed)
            if full:
                keep = {}
                self.curve = ch.learning_curve(self.split, seed, sizes=(30, ch.SMALL), keep=keep)
                self.over = ch.overfitting(self.split, seed, trained=keep)
                self.fill = ch.two_trip_experiment(seed, fillers=True)

    def cheap_claims(self):
        at_year, at_end, _ = ch.year_last_truth(self.rnn_last, self.elsewhere)
        return (ch.test_set_claims(self.results)
                + ch.failure_claims(self.failures["RNN"], {k: self.failures[k] for k in ("bag of words",
                                                                                            "convolution")})
                + ch.two_trip_claims(self.two) + ch.year_last_claims(at_year, at_end))

    def full_claims(self):
        texts, years = ch.twin_sentences(self.fill, self.fill.models["RNN"])
        said = [data.YEARS[int(self.fill.models["RNN"].predict(data.encode(t)))] for t in texts]
        return (ch.learning_curve_claims(self.curve, (30, ch.SMALL)) + ch.overfitting_claims(self.over)
                + ch.filler_claims(self.fill) + ch.stepper_claims(said, years))


_RUNS = {}
# (seed, rounding member, True: every claim; False: all but the expensive ones; None: the test sets only)
GRID = [(s, 0, s == 0) for s in SEEDS] + [(1, 1, None)]


def get_run(seed, k=0, full=True):
    key = (seed, k)
    if key not in _RUNS or (full and not hasattr(_RUNS[key], "fill")):
        _RUNS[key] = Run(seed, k, full)
    return _RUNS[key]


def run_claims(run):
    if run.full is None:
        return ch.test_set_claims(run.results)
    return run.cheap_claims() + (run.full_claims() if run.full else [])


@pytest.fixture(scope="module")
def run0():
    return get_run(0)


# ---------------------------------------------------------------- the claims

@pytest.mark.parametrize("seed, k, full", GRID, ids=[f"seed{s}-rounding{k}" for s, k, _ in GRID])
def test_the_chapters_claims_hold(seed, k, full):
    run = get_run(seed, k, full)
    checked = claims.check(run_claims(run), seed=seed)
    assert all(c.holds for c in checked)


def test_a_failing_claim_stops_the_tested_seeds_and_only_informs_for_others(capsys):
    failing = ch.year_last_claims(1.0, 0.9)
    with pytest.raises(claims.ClaimFailed, match="does not keep the year to the end"):
        claims.check(failing, seed=4)
    claims.check(failing, seed=7)                              # a reader's own seed: the notebook runs on
    assert "SEED = 7" in capsys.readouterr().out
    claims.check(ch.year_last_claims(1.0, 0.0), seed=7)
    assert capsys.readouterr().out == ""


def test_claims_say_what_they_measure(run0):
    results = {k: dict(v) for k, v in run0.results.items()}
    results["per-position network"]["(b) unseen positions"] = 0.9
    failed = [c for c in ch.test_set_claims(results) if not c.holds]
    assert len(failed) == 1 and "unseen positions" in failed[0].sentence and failed[0].value == 0.9
    assert not all(c.holds for c in ch.stepper_claims(["2001", "2003"], ["2007", "2003"]))


# ---------------------------------------------------------------- the experiment's parts

def test_split_counts_positions_from_1():
    split = ch.year_split(seed=3, n_train=200, n_test=100)
    assert len(split.train) == 200 and len(split.longer) == 100
    for s in (split.train, split.held_out):
        assert set(s.length) <= set(ch.TRAIN_LENGTHS)
        assert set(s.position + 1) <= set(ch.TRAIN_POSITIONS)
    assert set(split.unseen_positions.position + 1) <= set(ch.UNSEEN_POSITIONS)
    assert not set(split.unseen_positions.position) & set(split.train.position)
    assert split.longer.length.min() > split.train.length.max()
    assert list(split.test_sets()) == ["(a) held out", "(b) unseen positions", "(c) longer sentences"]
    assert ch.year_split(seed=3, n_train=200, n_test=100).train.tokens == split.train.tokens


def test_every_model_gets_the_same_batches_and_budget(run0):
    lengths = {name: len(h.loss) for name, h in run0.histories.items()}
    assert lengths == {name: ch.STEPS for name in ch.MODELS}
    assert isinstance(run0.models["per-position network"], PositionalMLP)
    assert isinstance(run0.models["bag of words"], BagOfWords)
    conv = run0.models["convolution"]
    assert isinstance(conv, TimeDelayNetwork) and conv.width == ch.WIDTH
    assert isinstance(run0.models["RNN"], RNN) and run0.models["RNN"].pattern == "last"
    fractions = ch.clipped_fraction(run0.histories)
    assert set(fractions) == set(ch.MODELS) and all(0 <= f <= 1 for f in fractions.values())
    assert fractions["bag of words"] == 0.0 and fractions["RNN"] < 0.05    # "clipping hardly acts"


def test_per_position_network_refuses_long_sentences(run0):
    with pytest.raises(ValueError, match="window = 8"):
        ch.accuracy(run0.models["per-position network"], run0.split.longer)
    assert np.isnan(run0.results["per-position network"]["(c) longer sentences"])


def test_unseen_positions_year_weights_never_move(run0):
    initial = ch.make_model("per-position network", 61, seed=0)
    years, others = ch.year_weight_change(run0.models["per-position network"], initial)
    assert years.shape == others.shape == (ch.WINDOW,)
    for p in range(1, ch.WINDOW + 1):               # positions from 1; entry p - 1
        if p in ch.TRAIN_POSITIONS:
            assert years[p - 1] > 1.0
        else:
            assert years[p - 1] == 0.0  # no gradient ever reached these weights
    assert (others > 0).all()
    fig = ch.plot_weight_change(years, others)
    assert [t.get_text().split("\n")[0] for t in fig.axes[0].get_xticklabels()] == [str(p) for p in range(1, 9)]


def test_grid_and_failure_tables(run0):
    lengths, positions, acc, count = ch.accuracy_grid(run0.models["RNN"], run0.every)
    assert positions[0] == 1 and positions[-1] == max(ch.GRID_LENGTHS)
    assert acc.shape == count.shape == (lengths.size, positions.size)
    assert count.sum() == len(run0.every)
    assert np.isnan(acc[count == 0]).all() and np.nanmin(acc) >= 0.0
    assert isinstance(ch.plot_accuracy_grid(lengths, positions, acc), Figure)
    by_position, by_length = ch.failure_tables(run0.failures)
    assert len(by_position.rows) == len(ch.POSITION_BANDS) and len(by_length.rows) == len(ch.LENGTH_BANDS)
    assert "trained span" in by_position.rows[0][0]
    total = sum(n for band in run0.failures["RNN"]["position"].values() for _, n in
                (band["last word"], band["not last"]))
    assert total == len(run0.every)


def test_learning_curve_overfitting_and_their_figure_and_table(run0):
    curve = ch.learning_curve(run0.split, 0, sizes=(30, len(run0.split.train)), trained=run0.models,
                              kinds=("bag of words",))
    assert curve["bag of words"][1] == run0.results["bag of words"]["(a) held out"]
    assert isinstance(ch.plot_learning_curve((30, 1000), curve), Figure)
    over = run0.over
    assert over.n == ch.SMALL and set(over.after_year) == {"RNN", "per-position"}
    assert sum(n for _, n in over.after_year["RNN"].values()) == len(run0.split.held_out)
    table = ch.overfitting_table(over)
    assert [r[0] for r in table.rows] == [label for label, _, _ in ch.AFTER_BANDS]


def test_two_trip_sentences_need_word_order(run0):
    two = run0.two
    for i in range(50):
        tokens, p = two.test.tokens[i], two.test.position[i]
        assert tokens.count("nepal") == 1 and sum(w in data.YEARS for w in tokens) == 2
        assert data.YEARS[two.test.year[i]] == tokens[p]
    bag = two.models["bag of words"]
    a, b = "we went to nepal in 2003 , to peru in 2007", "we went to peru in 2003 , to nepal in 2007"
    assert bag.predict(data.encode(a)) == bag.predict(data.encode(b))
    assert set(two.results) == set(ch.TWO_TRIP_KINDS) and two.steps == ch.STEPS
    assert "names the other trip's year" in ch.two_trip_table(two, "c").header


def test_fillers_put_the_place_out_of_a_width_3_window(run0):
    fill = run0.fill
    assert fill.fillers and set(fill.results) == set(ch.FILLER_KINDS) and fill.steps == ch.FILLER_STEPS
    for tokens, p in zip(fill.test.tokens[:100], fill.test.position[:100]):
        place = max(k for k in range(p) if tokens[k] in ("nepal", "peru", "chile", "japan", "kenya", "iceland",
                                                          "egypt", "zealand"))
        assert tokens[place] == "nepal" and p - place >= 4      # 3 or more words between, out of one window
    texts, years = ch.twin_sentences(fill, fill.models["RNN"])
    assert sorted(texts[0].split()) == sorted(texts[1].split()) and years[0] != years[1]


def test_tables(run0):
    table = ch.accuracy_table(run0.results, caption="acc")
    text, html = repr(table), table._repr_html_()
    assert "n/a" in text and "RNN" in text and "%" in text and "convolution" in text
    assert html.startswith("<table") and "<caption>acc</caption>" in html and 'scope="col"' in html
    answers = ch.answers(run0.models, ["I went to Nepal in 2009!",
                                       "she went to new zealand with my brother again in 2001"])
    assert answers.rows[0][:2] == ["I went to Nepal in 2009!", "6"] and answers.rows[0][-1] == "2009"
    assert answers.rows[1][2] == "too long"


def test_reading_stepper_shows_the_answers_change(run0):
    rnn = run0.fill.models["RNN"]
    texts, years = ch.twin_sentences(run0.fill, rnn)
    stepper = ch.reading_stepper(rnn, texts, dpi=20)
    assert len(stepper.steps) == len(texts[0].split())
    probs, tokens = ch.reading_probabilities(rnn, texts)
    first = next(i for i, (a, b) in enumerate(zip(*tokens)) if a != b)    # the first place: Nepal in one
    np.testing.assert_array_equal(probs[0][:first], probs[1][:first])     # the same words, the same readout
    assert [data.YEARS[int(p[-1].argmax())] for p in probs] == years      # ... and different answers at the end
    assert "t = 1" in stepper.caption(1) and years[0] in stepper.caption(len(tokens[0]))
    probs, tokens = ch.reading_probabilities(run0.models["RNN"], "2009, I went to Nepal with friends")
    assert len(tokens) == 1 and probs[0].shape == (8, 10)


def test_readout_steps(run0):
    rnn = run0.models["RNN"]
    steps = ch.readout_steps(rnn, run0.split.held_out)
    assert len(steps) == len(run0.split.held_out)
    assert all(s.shape == (n,) for s, n in zip(steps, run0.split.held_out.length))
    assert np.array_equal([s[-1] for s in steps], ch.predict(rnn, run0.split.held_out))


# ---------------------------------------------------------------- the chapter-1 exercise checks

def test_check_taught_accepts_the_count_and_catches_likely_mistakes(run0):
    train = run0.split.train
    right = np.bincount(train.position, minlength=ch.WINDOW)
    assert ch.check_taught(right, len(train), train).require()
    assert not ch.check_taught(TODO, TODO, train)
    assert "not attempted" in ch.check_taught(TODO, len(train), train).message
    for shifted in (np.bincount(train.position, minlength=ch.WINDOW + 1)[1:ch.WINDOW + 1],
                    np.bincount(train.position + 1, minlength=ch.WINDOW)[:ch.WINDOW]):
        assert "off by one" in ch.check_taught(shifted, len(train), train).message
    has_word = np.array([np.sum(train.length >= p) for p in range(1, ch.WINDOW + 1)])
    assert "YEAR" in ch.check_taught(has_word, len(train), train).message
    assert "fractions" in ch.check_taught(right / len(train), len(train), train).message
    assert "one U for all positions" in ch.check_taught(right, int(right.max()), train).message
    assert "shape" in ch.check_taught(right[:5], len(train), train).message
    wrong = right.copy()
    wrong[1] += 1
    result = ch.check_taught(wrong, len(train), train)
    assert not result and "bincount" not in result.message                 # no code in a hint


def test_check_answer(run0):
    rnn = run0.models["RNN"]

    def answer(model, text):
        return data.YEARS[int(model.forward(data.encode(text)).o[-1].argmax())]

    assert ch.check_answer(answer, rnn).require()
    index = lambda model, text: int(model.forward(data.encode(text)).o[-1].argmax())  # noqa: E731
    assert "index" in ch.check_answer(index, rnn).message
    first = lambda model, text: data.YEARS[int(model.forward(data.encode(text)).o[0].argmax())]  # noqa: E731
    result = ch.check_answer(first, rnn)
    assert not result and "o[-1]" not in result.message and "one step only" in result.message
    cheat = lambda model, text: next(w for w in data.tokenize(text) if w in data.YEARS)  # noqa: E731
    result = ch.check_answer(cheat, rnn)
    assert not result and ("untrained" in result.message or "not for all" in result.message)
    over_time = lambda model, text: data.YEARS[int(model.forward(data.encode(text)).o.max(axis=0).argmax())]  # noqa: E731
    result = ch.check_answer(over_time, rnn)
    assert not result and "asking the model" not in result.message
    assert "None" in ch.check_answer(lambda model, text: None, rnn).message


def test_check_year_always_last_catches_likely_mistakes(run0):
    model, sentences = run0.rnn_last, run0.elsewhere
    at_year, at_end, after = ch.year_last_truth(model, sentences)
    result = ch.check_year_always_last((at_year, at_end), model, sentences)
    assert result.require() and "the word I am reading now" in result.message
    assert not ch.check_year_always_last(TODO, model, sentences)
    assert "not attempted" in ch.check_year_always_last((TODO, TODO), model, sentences).message
    assert "percentages" in ch.check_year_always_last((100 * at_year, at_end), model, sentences).message
    assert "after the last word" in ch.check_year_always_last((at_end, at_end), model, sentences).message
    if after != at_end:
        assert "off by one" in ch.check_year_always_last((after, at_end), model, sentences).message
    assert "acc_at_end" in ch.check_year_always_last((at_year, 0.5 * at_end + 0.3), model, sentences).message
    assert "two numbers" in ch.check_year_always_last(0.5, model, sentences).message


# A wrong answer, or one of the wrong kind, never passes a check.
@pytest.mark.parametrize("call, wants", [
    (lambda r, t: ch.check_taught("12", len(t), t), "taught_positional should be a numpy array"),
    (lambda r, t: ch.check_taught(np.bincount(t.position, minlength=8)[:8], str(len(t)), t), "taught_bag"),
    (lambda r, t: ch.check_taught(np.bincount(t.position, minlength=8)[:8], True, t), "taught_bag"),
    (lambda r, t: ch.check_taught(np.bincount(t.position, minlength=8)[:8], float(len(t)), t), "taught_bag"),
    (lambda r, t: ch.check_answer("2009", r.models["RNN"]), "a function"),
    (lambda r, t: ch.check_answer(lambda m, s: "2009", r.models["RNN"]), ""),
    (lambda r, t: ch.check_year_always_last("0.5, 0.9", r.rnn_last, r.elsewhere), "a tuple"),
    (lambda r, t: ch.check_year_always_last((True, True), r.rnn_last, r.elsewhere), "two numbers"),
    (lambda r, t: ch.check_year_always_last(("0.5", "0.9"), r.rnn_last, r.elsewhere), "two numbers"),
    (lambda r, t: ch.check_year_always_last((1.0, 0.0), r.rnn_last, r.elsewhere), "acc_"),
], ids=["taught str", "taught_bag str", "taught_bag bool", "taught_bag float", "answer str", "answer constant",
        "year last str", "year last bools", "year last strs", "year last guessed"])
def test_checks_refuse_wrong_answers(run0, call, wants):
    result = call(run0, run0.split.train)
    assert not result.passed and wants in result.message, result.message


# ---------------------------------------------------------------- bad input to what the notebook calls

def _rnn(n_out=10, pattern="last"):
    return RNN(61, 4, n_out, pattern=pattern, seed=0)


SMALL_SPLIT = ch.year_split(seed=0, n_train=40, n_test=20)


@pytest.mark.parametrize("call, match", [
    (lambda: ch.year_split(n_train=0), "n_train: got 0"),
    (lambda: ch.year_split(n_test=10**7), "n_test: got 10,000,000"),
    (lambda: ch.year_split(seed=-150), "seed: got -150"),
    (lambda: ch.year_split(seed=1.5), "seed: got 1.5"),
    (lambda: ch.year_split(seed=True), "seed: got True"),
    (lambda: ch.year_split(seed=None), "seed: got None"),
    (lambda: ch.make_model("cnn", 61), "kind: got 'cnn'"),
    (lambda: ch.train_model("RNN", None), "sentences: got None"),
    (lambda: ch.train_model("rnn", SMALL_SPLIT.train), "kind: got 'rnn'"),
    (lambda: ch.train_model("RNN", SMALL_SPLIT.train, steps=0), "steps: got 0"),
    (lambda: ch.train_model("RNN", SMALL_SPLIT.train, seed=-1), "seed: got -1"),
    (lambda: ch.train_all([1, 2]), "sentences: got list"),
    (lambda: ch.evaluate([_rnn()], SMALL_SPLIT), "models: got list"),
    (lambda: ch.evaluate({}, SMALL_SPLIT), "models: got an empty dict"),
    (lambda: ch.evaluate({"RNN": _rnn()}, None), "split: got None"),
    (lambda: ch.evaluate({"RNN": "rnn"}, SMALL_SPLIT), r"models\['RNN'\]: got 'rnn'"),
    (lambda: ch.accuracy(_rnn(n_out=12), SMALL_SPLIT.held_out), "n_out = 12"),
    (lambda: ch.accuracy(_rnn(pattern="hidden"), SMALL_SPLIT.held_out), "pattern 'hidden'"),
    (lambda: ch.accuracy(RNN(5, 4, 10, pattern="last"), SMALL_SPLIT.held_out), "n_in = 5"),
    (lambda: ch.accuracy_table({"RNN": {"(a) held out": 95.0}}), "got 95, wanted an accuracy as a fraction"),
    (lambda: ch.accuracy_table({"RNN": {"(a) held out": "95%"}}), "got '95%'"),
    (lambda: ch.accuracy_table({"RNN": 0.95}), r"table\['RNN'\]: got 0.95"),
    (lambda: ch.accuracy_table([]), "table: got list"),
    (lambda: ch.answers([_rnn()], ["I went to Nepal in 2009"]), "models: got list"),
    (lambda: ch.answers({"RNN": _rnn()}, [2009]), r"texts\[0\]: got 2009"),
    (lambda: ch.answers({"RNN": _rnn()}, []), "texts: got an empty list"),
    (lambda: ch.answers({"RNN": _rnn(n_out=12)}, ["I went to Nepal in 2009"]), "n_out = 12"),
    (lambda: ch.answers({"RNN": _rnn()}, ["in 2009"] * 1000), "at most 200"),
    (lambda: ch.learning_curve(SMALL_SPLIT, sizes=(5000,)), "sizes: got 5,000"),
    (lambda: ch.learning_curve(SMALL_SPLIT, sizes=(0,)), "sizes: got 0"),
    (lambda: ch.learning_curve(SMALL_SPLIT, sizes=30), "sizes: got 30"),
    (lambda: ch.learning_curve(None), "split: got None"),
    (lambda: ch.overfitting(SMALL_SPLIT, n=1000), "n: got 1,000"),
    (lambda: ch.two_trip_experiment(seed=-3), "seed: got -3"),
    (lambda: ch.two_trip_experiment(fillers="yes"), "fillers: got 'yes'"),
    (lambda: ch.two_trip_experiment(n_train=0), "n_train: got 0"),
    (lambda: data.two_trip_sentences(5, seed=0, fillers="yes"), "fillers: got 'yes'"),
    (lambda: data.two_trip_sentences(5, seed=0, fillers=1), "fillers: got 1"),
    (lambda: ch.reading_stepper(_rnn(), "nepal " * 200), "got 200 words, wanted at most 60"),
    (lambda: ch.reading_stepper(_rnn(), "x" * 100_000), "got 100,000 characters"),
    (lambda: ch.reading_stepper(_rnn(n_out=12), "I went to Nepal in 2009"), "n_out = 12"),
    (lambda: ch.reading_stepper(_rnn(), "I went to Paris in 2009"), "paris"),
    (lambda: ch.reading_stepper(_rnn(), ""), "no words"),
    (lambda: ch.reading_stepper(_rnn(), []), "texts: got an empty list"),
    (lambda: ch.reading_stepper(_rnn(), ["in 2009"] * 4), "at most 3"),
    (lambda: ch.reading_stepper(_rnn(), 2009), "texts: got 2009"),
    (lambda: ch.reading_stepper(_rnn(), "in 2009", years=["1999"]), r"years\[0\]: got '1999'"),
    (lambda: ch.reading_stepper(_rnn(), "in 2009", years=[2009]), r"years\[0\]: got 2009"),
    (lambda: ch.reading_stepper(BagOfWords(61, 4, 10), "in 2009"), "model: got BagOfWords"),
    (lambda: ch.reading_stepper(_rnn(), "in 2009", dpi=10**6), "dpi: got"),
    (lambda: ch.readout_steps(BagOfWords(61, 4, 10), SMALL_SPLIT.held_out), "model: got BagOfWords"),
    (lambda: ch.check_answer(lambda m, t: "2009", "rnn"), "model: got 'rnn'"),
    (lambda: ch.check_answer(lambda m, t: "2009", _rnn(n_out=12)), "n_out = 12"),
    (lambda: ch.check_taught(np.zeros(8), 3, None), "train: got None"),
    (lambda: ch.check_year_always_last((0.5, 0.5), None, SMALL_SPLIT.held_out), "model: got None"),
    (lambda: ch.check_year_always_last((0.5, 0.5), _rnn(), []), "sentences: got list"),
    (lambda: ch.year_weight_change(_rnn(), None), "model: got RNN"),
    (lambda: ch.year_weight_change(ch.make_model("per-position network", 61), np.zeros((2, 2, 2))),
     "initial: got U of shape"),
    (lambda: ch.plot_weight_change([1.0, 2.0], [1.0]), "others: got shape"),
    (lambda: ch.plot_learning_curve((30, 100), {"RNN": [0.1]}), r"curve\['RNN'\]: got 1 accuracies"),
    (lambda: ch.failure_summary("rnn", SMALL_SPLIT.held_out), "model: got 'rnn'"),
    (lambda: ch.twin_sentences(None, _rnn()), "two: got None"),
    (lambda: ch.filler_claims("two"), "two: got 'two', wanted a TwoTrips"),
    (lambda: ch.two_trip_claims(None), "two: got None, wanted a TwoTrips"),
    (lambda: ch.two_trip_table({}, "c"), "two: got .*wanted a TwoTrips"),
    (lambda: ch.overfitting_claims(1.7), "over: got 1.7, wanted an Overfitting"),
    (lambda: ch.overfitting_table([]), "over: got .*wanted an Overfitting"),
    (lambda: ch.failure_claims({}, {}), "rnn: got a dict without 'position'"),
    (lambda: ch.failure_claims(np.array([]), {}), "rnn: got .*wanted a ch.failure_summary"),
    (lambda: ch.test_set_claims({}), "results: got a dict without 'per-position network'"),
    (lambda: ch.test_set_claims(np.array([])), "results: got .*wanted the dict"),
    (lambda: ch.learning_curve_claims({k: [0.5] for k in ch.MODELS}, [5]), "sizes: got .*including"),
    (lambda: ch.stepper_claims(None, ["2001"]), "said: got None"),
    (lambda: ch.stepper_claims("abc", "abc"), "said: got 'abc'"),
    (lambda: ch.stepper_claims([], []), "said: got an empty list"),
    (lambda: ch.stepper_claims(["2001"], ["2001", "2003"]), "said: got 1 answers, wanted 2"),
    (lambda: ch.plot_accuracy_grid([5], [1], 0.5), "acc: got 0-d"),
    (lambda: ch.plot_learning_curve({}, {}), "curve: got an empty dict"),
    (lambda: ch.year_last_claims(1.7, 0.1), "at_year: got 1.7, wanted an accuracy"),
    (lambda: ch.year_last_claims(0.9, -1), "at_end: got -1, wanted an accuracy"),
    (lambda: ch.clipped_fraction({}), "histories: got an empty dict"),
    (lambda: ch.clipped_fraction({"RNN": 1}), r"histories\['RNN'\]: got 1"),
    (lambda: ch.failure_tables({}), "summaries: got an empty dict"),
    (lambda: ch.failure_tables({"RNN": {}}), r"summaries\['RNN'\]: got"),
    (lambda: ch.make_model("RNN", 61, window="abc"), "window: got 'abc'"),
    (lambda: ch.make_model("RNN", 61, width=1.7), "width: got 1.7"),
    (lambda: ch.make_model("convolution", 61, window=10**9), "window: got 1,000,000,000, wanted an integer in 1..60"),
    (lambda: ch.make_model("bag of words", 61, width=True), "width: got True"),
    (lambda: ch.train_model("RNN", SMALL_SPLIT.train, window=-1), "window: got -1"),
    (lambda: ch.train_model("RNN", SMALL_SPLIT.train, width=float("nan")), "width: got nan"),
    (lambda: ch.train_model("RNN", SMALL_SPLIT.train, width=[3]), r"width: got \[3\]|width: got list"),
], ids=lambda v: None if callable(v) else v[:40])
def test_bad_input_names_the_readers_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
