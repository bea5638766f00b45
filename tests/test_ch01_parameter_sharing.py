"""rnnlib.chapters.ch01_parameter_sharing: chapter 1's experiment, text encoding, figures, and the chapter-1 exercise checks."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import rnnlib as rl
from rnnlib import data
from rnnlib.chapters import ch01_parameter_sharing as sharing
from rnnlib.chapters.ch01_parameter_sharing import check_answer, check_sharing_counts, check_year_always_last
from rnnlib.exercises import TODO
from rnnlib.mlp import PositionalMLP, n_params_per_position
from rnnlib.rnn import n_params


@pytest.fixture(scope="module")
def experiment():
    """The chapter's experiment with the chapter's seed: split, both trained networks, their accuracies."""
    split = sharing.year_split(seed=0)
    rnn, rnn_history = sharing.train_rnn(split.train, seed=0)
    positional, _ = sharing.train_positional(split.train, seed=0)
    results = sharing.evaluate({"RNN": rnn, "per-position": positional}, split)
    return split, rnn, positional, results, rnn_history


def test_split_has_the_chapters_lengths_and_positions():
    split = sharing.year_split(seed=3, n_train=200, n_test=100)
    assert len(split.train) == 200 and len(split.longer) == 100
    for s in (split.train, split.held_out):
        assert set(s.length) <= set(sharing.TRAIN_LENGTHS) and set(s.position) <= set(sharing.TRAIN_POSITIONS)
    assert set(split.unseen_positions.position) <= set(sharing.UNSEEN_POSITIONS)
    assert not set(split.unseen_positions.position) & set(split.train.position)
    assert split.longer.length.min() > split.train.length.max()
    assert list(split.test_sets()) == ["(a) held out", "(b) unseen positions", "(c) longer sentences"]
    again = sharing.year_split(seed=3, n_train=200, n_test=100)
    assert again.train.tokens == split.train.tokens


def test_rnn_generalises_to_unseen_positions_and_the_per_position_network_does_not(experiment):
    _, _, _, results, history = experiment
    rnn, pos = results["RNN"], results["per-position"]
    assert rnn["(a) held out"] >= 0.95 and pos["(a) held out"] >= 0.95
    assert rnn["(b) unseen positions"] >= 0.8
    assert pos["(b) unseen positions"] <= 0.35
    assert rnn["(b) unseen positions"] - pos["(b) unseen positions"] >= 0.4
    assert rnn["(c) longer sentences"] >= 0.7
    assert np.isnan(pos["(c) longer sentences"])  # it cannot read them
    assert history.loss[-1] < history.loss[0]


def test_per_position_network_refuses_long_sentences(experiment):
    split, _, positional, _, _ = experiment
    with pytest.raises(ValueError, match="window = 8"):
        sharing.accuracy(positional, split.longer)


def test_unseen_positions_year_weights_never_move(experiment):
    _, _, positional, _, _ = experiment
    initial = PositionalMLP(sharing.WINDOW, 61, 32, 10, seed=0)
    years, others = sharing.year_weight_change(positional, initial)
    assert years.shape == others.shape == (sharing.WINDOW,)
    for p in range(sharing.WINDOW):
        if p in sharing.TRAIN_POSITIONS:
            assert years[p] > 1.0
        else:
            assert years[p] == 0.0  # no gradient ever reached these weights
    assert (others > 0).all()
    assert isinstance(sharing.plot_weight_change(years, others), Figure)


def test_predict_matches_accuracy_and_grid(experiment):
    split, rnn, _, results, _ = experiment
    pred = sharing.predict(rnn, split.unseen_positions)
    assert pred.shape == (len(split.unseen_positions),)
    assert np.mean(pred == split.unseen_positions.year) == results["RNN"]["(b) unseen positions"]
    lengths, positions, acc, count = sharing.accuracy_grid(rnn, split.held_out)
    assert acc.shape == count.shape == (lengths.size, positions.size)
    assert count.sum() == len(split.held_out)
    assert np.isnan(acc[count == 0]).all() and np.nanmin(acc) >= 0.0
    assert isinstance(sharing.plot_accuracy_grid(lengths, positions, acc), Figure)


def test_tables(experiment):
    _, rnn, positional, results, _ = experiment
    table = sharing.accuracy_table(results, caption="acc")
    text, html = repr(table), table._repr_html_()
    assert "n/a" in text and "RNN" in text and "%" in text
    assert html.startswith("<table") and "<caption>acc</caption>" in html and 'scope="col"' in html
    answers = sharing.answers({"RNN": rnn, "pos": positional},
                              ["I went to Nepal in 2009", "she went to new zealand with my brother again in 2001"])
    assert answers.rows[0][:3] == ["I went to Nepal in 2009", "6", "2009"]
    assert answers.rows[1][-1] == "too long"


def test_encode_tokenizes_and_one_hot_encodes():
    vocab = data.vocabulary()
    assert data.tokenize("In 2009, I went to Nepal") == ["in", "2009", ",", "i", "went", "to", "nepal"]
    x = data.encode("In 2009, I went to Nepal.")
    assert x.shape == (7, len(vocab)) and x.dtype == np.float64
    assert (x.sum(axis=1) == 1).all()
    assert vocab[int(x[1].argmax())] == "2009" and vocab[int(x[2].argmax())] == ","
    assert np.array_equal(data.encode(["in", "2009", ",", "i", "went", "to", "nepal"]), x)
    # the same encoding as the data module's batches
    s = data.year_sentences(5, seed=1)
    xb, _ = s.batch([0])
    assert np.array_equal(data.encode(s.tokens[0]), xb[:, 0])


def test_encode_errors_name_the_problem():
    with pytest.raises(ValueError, match="unknown word.*'paris'.*nepal"):
        data.encode("I went to Paris in 2009")
    with pytest.raises(ValueError, match="2000..2009"):
        data.encode("I went to Nepal in 1999")
    with pytest.raises(ValueError, match="no words"):
        data.encode("  ")
    with pytest.raises(ValueError, match="wanted a str"):
        data.tokenize(42)


def test_reading_frames_keep_their_size_and_layout(experiment):
    _, rnn, _, _, _ = experiment
    text = "2009, I went to Nepal with friends"
    stepper = sharing.reading_stepper(rnn, text, dpi=40)
    assert len(stepper.steps) == 8
    sizes, frames = {}, []
    for t in (1, 8):
        fig = sharing.reading_frame(rnn, text, t, year="2009")
        frames.append([tuple(ax.get_position().bounds) for ax in fig.axes])
        sizes[t] = tuple(fig.get_size_inches())
    assert frames[0] == frames[1] and sizes[1] == sizes[8]
    assert "x(1)" in stepper.caption(1) and "2009" in stepper.caption(8)
    with pytest.raises(ValueError, match="t: got 9"):
        sharing.reading_frame(rnn, text, 9)


# ---------------------------------------------------------------- the chapter-1 exercise checks

def test_check_sharing_counts():
    good_rnn = lambda n_in, n_h, n_out: n_params(n_in, n_h, n_out, "last")  # noqa: E731
    assert check_sharing_counts(good_rnn, n_params_per_position)
    assert not check_sharing_counts(TODO, n_params_per_position)
    no_w = lambda n_in, n_h, n_out: good_rnn(n_in, n_h, n_out) - n_h * n_h  # noqa: E731
    assert "W" in check_sharing_counts(no_w, n_params_per_position).message
    no_bias = lambda n_in, n_h, n_out: n_h * n_in + n_h * n_h + n_out * n_h  # noqa: E731
    assert "biases" in check_sharing_counts(no_bias, n_params_per_position).message
    one_u = lambda w, n_in, n_h, n_out: n_params_per_position(1, n_in, n_h, n_out)  # noqa: E731
    assert "multiply by window" in check_sharing_counts(good_rnn, one_u).message
    with_w = lambda w, n_in, n_h, n_out: n_params_per_position(w, n_in, n_h, n_out) + n_h * n_h  # noqa: E731
    assert "no W" in check_sharing_counts(good_rnn, with_w).message


def test_check_answer(experiment):
    _, rnn, _, _, _ = experiment

    def answer(model, text):
        return data.YEARS[int(model.forward(data.encode(text)).o[-1].argmax())]

    assert check_answer(answer, rnn).require()
    index = lambda model, text: int(model.forward(data.encode(text)).o[-1].argmax())  # noqa: E731
    assert "YEARS" in check_answer(index, rnn).message
    first = lambda model, text: data.YEARS[int(model.forward(data.encode(text)).o[0].argmax())]  # noqa: E731
    assert "o[-1]" in check_answer(first, rnn).message
    cheat = lambda model, text: next(w for w in data.tokenize(text) if w in data.YEARS)  # noqa: E731
    result = check_answer(cheat, rnn)
    assert not result and ("asking the model" in result.message or "o[-1]" in result.message)
    assert "None" in check_answer(lambda model, text: None, rnn).message


def test_check_year_always_last(experiment):
    split, rnn, _, _, _ = experiment
    right = sharing.accuracy(rnn, split.unseen_positions)
    assert check_year_always_last(right, rnn, split.unseen_positions).require()
    assert "percentage" in check_year_always_last(100 * right + 1, rnn, split.unseen_positions).message
    assert not check_year_always_last(0.5 * right, rnn, split.unseen_positions)
    assert not check_year_always_last(TODO, rnn, split.unseen_positions)


def test_year_always_last_training_does_not_transfer():
    """The claim of exercise 3: trained with the year always last, the RNN does not find it elsewhere."""
    last_only = data.year_sentences(1000, seed=600, lengths=sharing.TRAIN_LENGTHS, positions={-1})
    elsewhere = data.year_sentences(1000, seed=700, lengths=sharing.TRAIN_LENGTHS, positions={0, 1, 2, 3})
    rnn_last, _ = sharing.train_rnn(last_only, seed=0)
    assert sharing.accuracy(rnn_last, last_only) >= 0.95
    assert sharing.accuracy(rnn_last, elsewhere) <= 0.4
    assert "chance" in check_year_always_last(sharing.accuracy(rnn_last, elsewhere), rnn_last, elsewhere).message
