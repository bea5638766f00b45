"""rnnlib.chapters.ch01_parameter_sharing: the chapter's experiments for seeds 0-4, its figures,
text encoding, and the chapter-1 exercise checks.

The claims the chapter's prose relies on are checked by the chapter's own ``claims_*``
functions, against the constants the notebook's hidden guard cells use, for every seed
the notebook invites the reader to try.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure

from rnnlib import data
from rnnlib.chapters import ch01_parameter_sharing as ch
from rnnlib.exercises import TODO
from rnnlib.mlp import BagOfWords, PositionalMLP
from rnnlib.rnn import RNN

SEEDS = range(5)


class Run:
    """Everything the chapter computes for one seed, with the chapter's own functions and budget."""

    def __init__(self, seed):
        self.seed = seed
        self.split = ch.year_split(seed=seed)
        self.models, self.histories = ch.train_all(self.split.train, seed)
        self.results = ch.evaluate(self.models, self.split)
        self.curve = ch.learning_curve(self.split, seed, sizes=(ch.CURVE_SMALL,))
        self.two = ch.two_trip_experiment(seed)
        every = data.year_sentences(4000, seed=500 + seed, lengths=ch.GRID_LENGTHS)
        self.every = every
        self.failures = {k: ch.failure_summary(self.models[k], every) for k in ("RNN", "bag of words")}
        last_only = data.year_sentences(1000, seed=600 + seed, lengths=ch.TRAIN_LENGTHS, positions={-1})
        self.elsewhere = data.year_sentences(1000, seed=700 + seed, lengths=ch.TRAIN_LENGTHS,
                                             positions={0, 1, 2, 3})
        self.rnn_last, _ = ch.train_model("RNN", last_only, seed)


_RUNS = {}


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed{s}")
def run(request):
    if request.param not in _RUNS:
        _RUNS[request.param] = Run(request.param)
    return _RUNS[request.param]


@pytest.fixture(scope="module")
def run0():
    if 0 not in _RUNS:
        _RUNS[0] = Run(0)
    return _RUNS[0]


# ---------------------------------------------------------------- the claims, seeds 0-4

def test_claims_about_the_three_test_sets_hold(run):
    ch.claims_test_sets(run.results)
    # the same constants, spelled out
    assert run.results["per-position network"]["(b) unseen positions"] <= ch.POSITIONAL_UNSEEN_MAX
    assert run.results["bag of words"]["(c) longer sentences"] >= ch.BAG_LONGER_MIN


def test_claims_about_statistical_strength_hold(run):
    ch.claims_learning_curve(run.curve, sizes=(ch.CURVE_SMALL,))


def test_claims_about_word_order_hold(run):
    ch.claims_two_trips(run.two)
    assert run.two.results["RNN"]["new sentences"] >= ch.TWO_TRIPS_RNN_MIN


def test_claims_about_where_the_rnn_fails_hold(run):
    ch.claims_failures(run.failures["RNN"], run.failures["bag of words"])


def test_claims_of_the_reading_stepper_and_exercise_3_hold(run):
    rnn = run.models["RNN"]
    said = [data.YEARS[k] for k in rnn.forward(data.encode("2009, I went to Nepal with friends")).o.argmax(-1)]
    ch.claims_reading(said, "2009")
    at_year, at_end, _ = ch._year_last_truth(run.rnn_last, run.elsewhere)
    ch.claims_year_last(at_year, at_end)
    assert ch.check_year_always_last((at_year, at_end), run.rnn_last, run.elsewhere)


def test_a_failing_claim_stops_the_tested_seeds_and_only_informs_for_others(capsys):
    with pytest.raises(ch.ClaimFailed, match="now keeps the year"):
        ch.claims_year_last(1.0, 0.9, seed=4)
    ch.claims_year_last(1.0, 0.9, seed=7)                       # a reader's own seed: the notebook runs on
    assert "with SEED = 7" in capsys.readouterr().out
    ch.claims_year_last(1.0, 0.0, seed=7)
    assert capsys.readouterr().out == ""


def test_a_failing_claim_says_what_no_longer_holds(run0):
    results = {k: dict(v) for k, v in run0.results.items()}
    results["per-position network"]["(b) unseen positions"] = 0.9
    with pytest.raises(ch.ClaimFailed, match="per-position network is no longer near chance"):
        ch.claims_test_sets(results)
    with pytest.raises(ch.ClaimFailed, match="now keeps the year"):
        ch.claims_year_last(1.0, 0.9)
    with pytest.raises(ch.ClaimFailed, match="does not keep 2009"):
        ch.claims_reading(["2001", "2009", "2003"], "2009")


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
    assert isinstance(run0.models["RNN"], RNN) and run0.models["RNN"].pattern == "last"
    fractions = ch.clipped_fraction(run0.histories)
    assert set(fractions) == set(ch.MODELS) and all(0 <= f <= 1 for f in fractions.values())
    with pytest.raises(ValueError, match="kind: got 'cnn'"):
        ch.make_model("cnn", 61)


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
    with pytest.raises(TypeError, match="PositionalMLP"):
        ch.year_weight_change(run0.models["RNN"], initial)


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


def test_learning_curve_and_its_figure(run0):
    curve = ch.learning_curve(run0.split, 0, sizes=(30, len(run0.split.train)), trained=run0.models,
                              kinds=("bag of words",))
    assert curve["bag of words"][1] == run0.results["bag of words"]["(a) held out"]
    assert isinstance(ch.plot_learning_curve((30, 1000), curve), Figure)
    with pytest.raises(ValueError, match="sizes"):
        ch.learning_curve(run0.split, 0, sizes=(5000,))


def test_two_trip_sentences_need_word_order(run0):
    two = run0.two
    for i in range(50):
        tokens, p = two.test.tokens[i], two.test.position[i]
        assert tokens.count("nepal") == 1 and sum(w in data.YEARS for w in tokens) == 2
        assert data.YEARS[two.test.year[i]] == tokens[p]
    # the bag of words cannot tell a sentence from its twin with the trips swapped
    bag = two.models["bag of words"]
    a, b = "we went to nepal in 2003 , to peru in 2007", "we went to peru in 2003 , to nepal in 2007"
    assert bag.predict(data.encode(a)) == bag.predict(data.encode(b))


def test_tables(run0):
    table = ch.accuracy_table(run0.results, caption="acc")
    text, html = repr(table), table._repr_html_()
    assert "n/a" in text and "RNN" in text and "%" in text
    assert html.startswith("<table") and "<caption>acc</caption>" in html and 'scope="col"' in html
    answers = ch.answers(run0.models, ["I went to Nepal in 2009!",
                                       "she went to new zealand with my brother again in 2001"])
    assert answers.rows[0][:2] == ["I went to Nepal in 2009!", "6"] and answers.rows[0][-1] == "2009"
    assert answers.rows[1][2] == "too long"


def test_reading_frames_keep_their_size_and_layout(run0):
    rnn = run0.models["RNN"]
    text = "2009, I went to Nepal with friends"
    stepper = ch.reading_stepper(rnn, text, dpi=40)
    assert len(stepper.steps) == 8
    sizes, frames = {}, []
    for t in (1, 8):
        fig = ch.reading_frame(rnn, text, t, year="2009")
        frames.append([tuple(ax.get_position().bounds) for ax in fig.axes])
        sizes[t] = tuple(fig.get_size_inches())
    assert frames[0] == frames[1] and sizes[1] == sizes[8]
    assert "x(1)" in stepper.caption(1) and "2009" in stepper.caption(8)
    with pytest.raises(ValueError, match="t: got 9"):
        ch.reading_frame(rnn, text, 9)


def test_readout_steps(run0):
    rnn = run0.models["RNN"]
    steps = ch.readout_steps(rnn, run0.split.held_out)
    assert len(steps) == len(run0.split.held_out)
    assert all(s.shape == (n,) for s, n in zip(steps, run0.split.held_out.length))
    assert np.array_equal([s[-1] for s in steps], ch.predict(rnn, run0.split.held_out))
    with pytest.raises(TypeError, match="pattern 'last'"):
        ch.readout_steps(run0.models["bag of words"], run0.split.held_out)


# ---------------------------------------------------------------- a reader's sentences

def test_tokenize_reads_a_sentence_the_way_a_reader_writes_it():
    assert data.tokenize("In 2009, I went to Nepal") == ["in", "2009", ",", "i", "went", "to", "nepal"]
    assert data.tokenize("We went to Peru in 2004!") == ["we", "went", "to", "peru", "in", "2004"]
    assert data.tokenize('"Back in 2003," she said; (Nepal)?') == ["back", "in", "2003", ",", "she", "said",
                                                                    "nepal"]
    assert data.tokenize("2004!!! -- again...") == ["2004", "again"]
    assert data.tokenize("Peru,2004") == ["peru", ",", "2004"]
    assert np.array_equal(data.encode("We went to Peru in 2004!"), data.encode("we went to peru in 2004"))


def test_encode_tokenizes_and_one_hot_encodes():
    vocab = data.vocabulary()
    x = data.encode("In 2009, I went to Nepal.")
    assert x.shape == (7, len(vocab)) and x.dtype == np.float64
    assert (x.sum(axis=1) == 1).all()
    assert vocab[int(x[1].argmax())] == "2009" and vocab[int(x[2].argmax())] == ","
    assert np.array_equal(data.encode(["in", "2009", ",", "i", "went", "to", "nepal"]), x)
    s = data.year_sentences(5, seed=1)
    xb, _ = s.batch([0])
    assert np.array_equal(data.encode(s.tokens[0]), xb[:, 0])


def test_encode_errors_name_the_problem():
    with pytest.raises(ValueError, match="unknown word.*'paris'.*nepal"):
        data.encode("I went to Paris in 2009")
    with pytest.raises(ValueError, match="2000..2009"):
        data.encode("I went to Nepal in 1999")
    with pytest.raises(ValueError, match="no words"):
        data.encode("  !? ")
    with pytest.raises(TypeError, match="wanted a str"):
        data.tokenize(42)
    with pytest.raises(TypeError, match="text: got int"):
        data.encode(42)
    with pytest.raises(TypeError, match="list of str"):
        data.encode(["in", 2009])


# ---------------------------------------------------------------- the chapter-1 exercise checks

def test_check_taught_accepts_the_count_and_catches_likely_mistakes(run0):
    train = run0.split.train
    right = np.bincount(train.position, minlength=ch.WINDOW)
    assert ch.check_taught(right, len(train), train).require()
    assert not ch.check_taught(TODO, TODO, train)
    assert "not attempted" in ch.check_taught(TODO, len(train), train).message
    for shifted in (np.bincount(train.position, minlength=ch.WINDOW + 1)[1:ch.WINDOW + 1],   # entry p is U_p
                    np.bincount(train.position + 1, minlength=ch.WINDOW)[:ch.WINDOW]):       # 1 added twice
        assert "off by one" in ch.check_taught(shifted, len(train), train).message
    has_word = np.array([np.sum(train.length >= p) for p in range(1, ch.WINDOW + 1)])
    assert "YEAR" in ch.check_taught(has_word, len(train), train).message
    assert "fractions" in ch.check_taught(right / len(train), len(train), train).message
    assert "one U for all positions" in ch.check_taught(right, int(right.max()), train).message
    assert "shape" in ch.check_taught(right[:5], len(train), train).message


def test_check_answer(run0):
    rnn = run0.models["RNN"]

    def answer(model, text):
        return data.YEARS[int(model.forward(data.encode(text)).o[-1].argmax())]

    assert ch.check_answer(answer, rnn).require()
    index = lambda model, text: int(model.forward(data.encode(text)).o[-1].argmax())  # noqa: E731
    assert "YEARS" in ch.check_answer(index, rnn).message
    first = lambda model, text: data.YEARS[int(model.forward(data.encode(text)).o[0].argmax())]  # noqa: E731
    assert "o[-1]" in ch.check_answer(first, rnn).message
    cheat = lambda model, text: next(w for w in data.tokenize(text) if w in data.YEARS)  # noqa: E731
    result = ch.check_answer(cheat, rnn)
    assert not result and ("asking the model" in result.message or "o[-1]" in result.message)
    assert "None" in ch.check_answer(lambda model, text: None, rnn).message


def test_check_year_always_last_catches_likely_mistakes(run0):
    model, sentences = run0.rnn_last, run0.elsewhere
    at_year, at_end, after = ch._year_last_truth(model, sentences)
    result = ch.check_year_always_last((at_year, at_end), model, sentences)
    assert result.require() and "the word I am reading now" in result.message
    assert not ch.check_year_always_last(TODO, model, sentences)
    assert "not attempted" in ch.check_year_always_last((TODO, TODO), model, sentences).message
    assert "not attempted" in ch.check_year_always_last((at_year, TODO), model, sentences).message
    assert "percentages" in ch.check_year_always_last((100 * at_year, at_end), model, sentences).message
    assert "after the last word" in ch.check_year_always_last((at_end, at_end), model, sentences).message
    if after != at_end:
        assert "off by one" in ch.check_year_always_last((after, at_end), model, sentences).message
    assert "acc_at_end" in ch.check_year_always_last((at_year, 0.5 * at_end + 0.3), model, sentences).message
    assert "two numbers" in ch.check_year_always_last(0.5, model, sentences).message


# A str or a bool answer never passes a check (each check states what its answer must be with expect=).
@pytest.mark.parametrize("call, wants", [
    (lambda r, t: ch.check_taught("12", len(t), t), "taught_positional should be a numpy array"),
    (lambda r, t: ch.check_taught(np.bincount(t.position, minlength=8)[:8], str(len(t)), t), "taught_bag"),
    (lambda r, t: ch.check_taught(np.bincount(t.position, minlength=8)[:8], True, t), "taught_bag"),
    (lambda r, t: ch.check_taught(np.bincount(t.position, minlength=8)[:8], float(len(t)), t), "taught_bag"),
    (lambda r, t: ch.check_answer("2009", r.models["RNN"]), "a function"),
    (lambda r, t: ch.check_year_always_last("0.5, 0.9", r.rnn_last, r.elsewhere), "a tuple"),
    (lambda r, t: ch.check_year_always_last((True, True), r.rnn_last, r.elsewhere), "two numbers"),
    (lambda r, t: ch.check_year_always_last(("0.5", "0.9"), r.rnn_last, r.elsewhere), "two numbers"),
], ids=["taught str", "taught_bag str", "taught_bag bool", "taught_bag float", "answer str", "year last str",
        "year last bools", "year last strs"])
def test_checks_refuse_answers_of_the_wrong_kind(run0, call, wants):
    result = call(run0, run0.split.train)
    assert not result.passed and wants in result.message, result.message
