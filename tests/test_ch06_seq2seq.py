"""rnnlib.chapters.ch06_seq2seq: the chapter's claims for seeds 0-4 (the constants its hidden guard cells
use), its figures and stepper, and its exercise checks."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import rnnlib as rl
from rnnlib import data
from rnnlib.chapters import ch06_seq2seq as ch
from rnnlib.exercises import TODO

SEEDS = range(5)


class Run:
    """What the notebook computes for one seed, with the chapter's functions and budget."""

    def __init__(self, seed):
        self.seed = seed
        self.data = ch.task(seed)
        self.model, self.history = ch.train_model(self.data.train, seed, progress=False)
        self.held_ok = ch.exact_match(self.model, self.data.held_out)
        self.longer_ok = ch.exact_match(self.model, self.data.longer)


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed{s}")
def run(request):
    return Run(request.param)


def test_the_task_is_learnt_and_longer_inputs_collapse(run):
    """The prose's claims, with the constants of the hidden guard cell."""
    held, longer = run.held_ok.mean(), run.longer_ok.mean()
    assert held >= ch.MIN_HELD_OUT                      # observed 0.76 .. 0.81 for seeds 0-4
    assert longer <= ch.MAX_LONGER                      # observed 0.00 .. 0.01
    assert held - longer >= ch.MIN_GAP_LONGER
    ch.claims_accuracy(held, longer)
    assert run.history.loss[-1] < 0.2 * run.history.loss[0]


def test_width_one_is_greedy_and_beam_fixes_are_real(run):
    ch.claims_width_one(run.model, run.data.held_out)
    fix = ch.find_beam_fix(run.model, run.data.held_out)
    if fix is not None:                                 # the notebook handles None too
        i, width = fix
        pair = run.data.held_out.subset([i])
        assert not ch.exact_match(run.model, pair, 1)[0] and ch.exact_match(run.model, pair, width)[0]
        assert isinstance(ch.plot_beam_tree(run.model, pair.text(0), width), Figure)


def test_the_notebook_finds_its_examples(run):
    """The notebook picks a 5-word example and a short stepper example the model gets right."""
    five = ch.example(run.model, run.data.held_out, n_x=5)
    short = ch.example(run.model, run.data.held_out, max_steps=9)
    assert len(five.split()) == 5
    table, C, s = ch.context_table(run.model, five)
    assert len({row[3] for row in table.rows}) == 1     # C is the same at every decoder step
    assert s.shape[1] == C.shape[0] == ch.N_HIDDEN
    n_steps = len(short.split()) + len(run.model.greedy(ch._source_ids(short), ch.MAX_LEN)) + 1
    assert n_steps <= 9
    if run.seed == 0:                                   # drawing every frame once is enough
        stepper = ch.seq2seq_stepper(run.model, short, dpi=30)
        assert len(stepper.steps) == n_steps


def test_claims_fail_with_a_sentence():
    with pytest.raises(ch.ClaimFailed, match="Held-out exact match is 10.0%"):
        ch.claims_accuracy(0.1, 0.0)
    with pytest.raises(ch.ClaimFailed, match="Inputs longer than in training reach 90.0%"):
        ch.claims_accuracy(0.95, 0.9)


@pytest.fixture(scope="module")
def small():
    """An untrained model and a little data: enough for the figures and the exercise checks."""
    model = rl.Seq2Seq(len(data.NUMBER_SOURCE_VOCAB), len(data.NUMBER_TARGET_VOCAB), 8, seed=1)
    pairs = data.number_pairs(30, seed=2, lengths=range(1, 7))
    return model, pairs


def test_figures_and_tables(small):
    model, pairs = small
    teacher, free, count = ch.position_accuracy(model, pairs)
    assert teacher.shape == free.shape == count.shape and count[0] == len(pairs)
    assert np.all((0 <= free) & (free <= 1)) and np.all((0 <= teacher) & (teacher <= 1))
    history = rl.optim.History(loss=[3.0, 2.0, 1.0])
    by_length = ch.accuracy_by_length(model, [pairs], min_count=1)
    assert sum(k for _, k in by_length.values()) == len(pairs)
    for fig in (ch.architecture(), ch.plot_loss(history), ch.plot_by_length({5: (0.9, 10), 7: (0.0, 5)}),
                ch.plot_positions(teacher, free), ch.plot_beam_tree(model, "forty five", 3)):
        assert isinstance(fig, Figure)
    table, result = ch.beam_table(model, {"some": pairs})
    assert len(table.rows) == len(ch.WIDTHS) and set(result) == set(ch.WIDTHS)
    with pytest.raises(ValueError, match="text: got 'forty banana'"):
        ch.context_table(model, "forty banana")


def test_reverse_source_check_catches_likely_mistakes():
    assert ch.check_reverse_source(ch.reverse_source).passed
    assert "not attempted" in ch.check_reverse_source(TODO).message
    assert "src[::-1]" in ch.check_reverse_source(lambda s: s[::-1]).message
    assert "columns" in ch.check_reverse_source(lambda s: s[:, ::-1]).message
    assert "returned None" in ch.check_reverse_source(lambda s: None).message
    src, _ = data.number_pairs(10, seed=0).batch()
    assert (ch.reverse_source(src) == data.number_pairs(10, seed=0).batch(reverse=True)[0]).all()


def test_score_check_catches_likely_mistakes(small):
    model, _ = small
    vocab = data.NUMBER_SOURCE_VOCAB

    def score(model, text, digits, end=True, prob=False, norm=False):
        src = np.array([vocab.index(w) for w in text.split()])
        tgt = np.array([3 + int(d) for d in digits] + [model.end])
        lp = rl.log_softmax(model.forward(src, tgt).o)[np.arange(len(tgt)), tgt]
        value = lp.sum() if end else lp[:-1].sum()
        value = value / len(tgt) if norm else value
        return np.exp(value) if prob else value

    assert ch.check_score(score, model).passed
    assert "end token" in ch.check_score(lambda *a: score(*a, end=False), model).message
    assert "probability" in ch.check_score(lambda *a: score(*a, prob=True), model).message
    assert "length-normalised" in ch.check_score(lambda *a: score(*a, norm=True), model).message


def test_stop_probability_check_catches_likely_mistakes(small):
    model, _ = small

    def y_hat(text, answer):
        src = np.array([data.NUMBER_SOURCE_VOCAB.index(w) for w in text.split()])
        return model.forward(src, np.array([3 + int(d) for d in answer] + [model.end])).y_hat

    right = (y_hat("three", "3")[1, model.end], y_hat("thirty", "30")[1, model.end])
    assert ch.check_stop_probability(right, model).passed
    first = (y_hat("three", "3")[0, model.end], y_hat("thirty", "30")[0, model.end])
    assert "ŷ(1)" in ch.check_stop_probability(first, model).message
    assert "swapped" in ch.check_stop_probability(right[::-1], model).message
    assert "log" in ch.check_stop_probability(tuple(np.log(right)), model).message
    assert "pair" in ch.check_stop_probability(right[0], model).message


# A str or a bool answer never passes a check (each check states what its answer must be with expect=).
@pytest.mark.parametrize("call, wants", [
    (lambda m: ch.check_reverse_source("src[::-1]"), "a function"),
    (lambda m: ch.check_score(-3.2, m), "a function"),
    (lambda m: ch.check_stop_probability("0.9, 0.1", m), "a numpy array"),
    (lambda m: ch.check_stop_probability(True, m), "a numpy array"),
], ids=["reverse str", "score number", "stop str", "stop bool"])
def test_checks_refuse_answers_of_the_wrong_kind(small, call, wants):
    result = call(small[0])
    assert not result.passed and wants in result.message, result.message
