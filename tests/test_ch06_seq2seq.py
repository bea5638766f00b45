"""rnnlib.chapters.ch06_seq2seq: the chapter's claims (the functions its hidden guard cells call), its data,
figures and stepper, its exercise checks, and bad input to every function the notebook calls.

Which runs are tested (a run trains up to four networks; the whole spread, seeds 0-4 × rounding members
0-3, is measured by ``python benchmarks/ch06_spread.py``):
- seeds 0-4, rounding 0: the main model (H = 64, 1-8 words) and the extrapolation model (1-6 words):
  extrapolation, planted-error, beam and exercise-3 claims;
- seed 0, rounding 0: the sweep of H (capacity claims);
- seed 0, rounding member 1: the main and extrapolation models' claims again.
The budget control (three times the steps, forward and reversed source at H = 16) is checked by the
notebook's optional cell and the benchmark (``--budget``), not here: it would double the file's time.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure

import rnnlib as rl
from rnnlib import claims, data
from rnnlib import translate as tr
from rnnlib.chapters import ch06_seq2seq as ch
from rnnlib.exercises import TODO

SEEDS = claims.TESTED_SEEDS


class Run:
    """What the notebook computes for one seed (and rounding member), with the chapter's functions and budget."""

    def __init__(self, seed, rounding=0, sweep=False):
        self.seed = seed
        with claims.rounding(rounding):
            self.data = ch.task(seed)
            self.model, self.history = ch.train_model(self.data.train, seed, progress=False)
            self.short, _ = ch.train_model(self.data.short, seed, progress=False)
            models = ch.sweep(self.data.train, seed, trained={ch.N_HIDDEN: self.model}, progress=False) if sweep \
                else None
        self.by_length = ch.accuracy_by_length(self.model, self.data.test)
        self.short_by_length = ch.accuracy_by_length(self.short, self.data.test)
        self.sweep = None if models is None else {h: ch.accuracy_by_length(m, self.data.test)
                                                  for h, m in models.items()}
        self.five = ch.accuracy_by_length(self.model, ch.with_digits(self.data.test, 5))
        self.planted = ch.planted_errors(self.model, self.data.test, ch.PLANT_POSITIONS)
        self.split = ch.search_errors(self.model, self.data.test, ch.BEAM_WIDTH)
        src = self.data.test.batch()[0]
        self.same = self.model.beam(src, 1, ch.MAX_LEN) == self.model.greedy(src, ch.MAX_LEN)

    def claims(self):
        gain = self.split.beam_ok.mean() - self.split.greedy_ok.mean()
        found = ch.extrapolation_claims(self.short_by_length, self.by_length) + ch.planted_claims(self.planted)
        found += ch.beam_claims(self.split, self.same, gain) + ch.answer_length_claims(self.five)
        p_stop = [self.model.forward(ch.source_ids(t), np.array([3 + int(c) for c in d] + [self.model.end]))
                  .y_hat[3, self.model.end] for t, d in ch.STOP_CASES]
        found += ch.stop_claims(p_stop)
        if self.sweep is not None:
            found += ch.capacity_claims(self.sweep)
        return found


@pytest.fixture(scope="module", params=[(s, 0) for s in SEEDS] + [(0, 1)],
                ids=[f"seed{s}" for s in SEEDS] + ["seed0-rounding1"])
def run(request):
    seed, rounding = request.param
    return Run(seed, rounding, sweep=(seed, rounding) == (0, 0))


def test_every_claim_of_the_text_holds(run):
    """The claims the notebook's hidden cells check, with its thresholds; a tested seed raises on failure."""
    found = claims.check(run.claims(), seed=run.seed)
    assert all(c.holds for c in found)
    assert run.history.loss[-1] < 0.2 * run.history.loss[0]


def test_the_notebook_finds_its_examples(run):
    """The notebook picks a 5-word example and a short stepper example the model gets right."""
    five = ch.example(run.model, run.data.test, n_x=5)
    short = ch.example(run.model, run.data.test, max_steps=9)
    assert len(five.split()) == 5
    table, C, s = ch.context_table(run.model, five)
    assert len({row[3] for row in table.rows}) == 1     # C is the same at every decoder step
    assert s.shape[1] == C.shape[0] == ch.N_HIDDEN
    n_steps = len(short.split()) + len(run.model.greedy(ch.source_ids(short), ch.MAX_LEN)) + 1
    assert n_steps <= 9
    fix = ch.find_beam_fix(run.model, run.data.test)
    if fix is not None:                                 # the notebook handles None too
        i, width = fix
        pair = run.data.test.subset([i])
        assert not ch.exact_match(run.model, pair, 1)[0] and ch.exact_match(run.model, pair, width)[0]
    if run.seed == 0:                                   # drawing every frame once is enough
        stepper = ch.seq2seq_stepper(run.model, short, dpi=30)
        assert len(stepper.steps) == n_steps


# ----------------------------------------------------------------------------- the data

def test_the_task_is_balanced_by_length_and_the_test_set_is_new():
    d = ch.task(3)
    counts = {n: int((d.train.src_length == n).sum()) for n in ch.ALL_LENGTHS}
    assert counts == {1: 28, 2: 108, 3: 72, 4: 700, 5: 700, 6: 700, 7: 700, 8: 700}   # every 1-3-word number
    assert set(d.short.src_length.tolist()) == set(ch.SHORT_LENGTHS)
    assert set(d.short.values.tolist()) == {v for v, n in zip(d.train.values, d.train.src_length) if n <= 6}
    assert not set(d.test.values.tolist()) & set(d.train.values.tolist())
    assert {n: int((d.test.src_length == n).sum()) for n in ch.TEST_LENGTHS} == {n: 80 for n in ch.TEST_LENGTHS}
    assert len(data.NUMBER_SOURCE_VOCAB) - 3 == 31                 # the prose's "31 words"
    table = ch.composition(d.test)
    assert table.rows[-1][-1] == "400"


# ----------------------------------------------------------------------------- figures, tables, measurements

@pytest.fixture(scope="module")
def small():
    """An untrained model and a little data: enough for the figures and the exercise checks."""
    model = rl.Seq2Seq(len(data.NUMBER_SOURCE_VOCAB), len(data.NUMBER_TARGET_VOCAB), 8, seed=1)
    pairs = data.number_pairs(30, seed=2, lengths=range(1, 7))
    return model, pairs


def test_figures_and_tables(small):
    model, pairs = small
    history = rl.optim.History(loss=[3.0, 2.0, 1.0])
    by_length = ch.accuracy_by_length(model, [pairs], min_count=1)
    assert sum(k for _, k in by_length.values()) == len(pairs)
    planted = tr.PlantedErrors(np.array([1, 2]), np.array([0.9, 0.8]), np.array([0.3, 0.4]), np.array([30, 20]))
    curves = {"a": {4: (0.9, 10), 7: (0.0, 5)}}
    figs = [ch.architecture(), ch.plot_loss(history), ch.plot_by_length(curves, {"H = 16": {4: (0.5, 10)}}),
            ch.plot_planted(planted), ch.plot_beam_tree(model, "forty five", 3),
            ch.plot_beam_tree(model, "six", 1, pruned=0)]
    assert all(isinstance(f, Figure) for f in figs)
    table, result = ch.beam_table(model, {"some": pairs})
    assert len(table.rows) == len(ch.WIDTHS) and set(result) == set(ch.WIDTHS)
    assert "·" in "".join(map(str, ch.composition(pairs).rows))


def test_planted_errors_and_search_errors_measure_what_they_say(small):
    model, pairs = small
    p = ch.planted_errors(model, pairs, (1, 2), min_count=1)
    assert list(p.positions) == [1, 2] and np.all((0 <= p.right_after_wrong) & (p.right_after_wrong <= 1))
    split = ch.search_errors(model, pairs, 3)
    wrong = int((~split.beam_ok).sum())
    assert split.search + split.model + split.cutoff == wrong
    assert split.greedy_search + split.greedy_cutoff <= int((~split.greedy_ok).sum())
    # a beam answer of MAX_LEN tokens never paid for END: counted as cut off, never as a search error
    beam = model.beam(pairs.batch()[0], 3, ch.MAX_LEN)
    assert split.cutoff == sum(len(b) >= ch.MAX_LEN and not ok for b, ok in zip(beam, split.beam_ok))
    assert split.fixes == int((~split.greedy_ok & split.beam_ok).sum())
    # search vs model error: the true answer's log p against the beam's answer's
    src, tgt = pairs.batch()
    beam = model.beam(src, 3, ch.MAX_LEN)
    j = int(np.flatnonzero(~split.beam_ok)[0])
    out = np.array(beam[j] + [model.end])
    truth = tgt[tgt[:, j] != 0, j]
    is_search = model.log_prob(src[:, j][src[:, j] != 0], truth) > model.log_prob(src[:, j][src[:, j] != 0], out)
    assert is_search == (split.search > 0 and split.model == 0) or split.model > 0


# ----------------------------------------------------------------------------- exercises

def test_reverse_source_check_catches_likely_mistakes():
    assert ch.check_reverse_source(ch.reverse_source).passed
    assert "not attempted" in ch.check_reverse_source(TODO).message
    assert "src[::-1]" in ch.check_reverse_source(lambda s: s[::-1]).message
    assert "columns" in ch.check_reverse_source(lambda s: s[:, ::-1]).message
    assert "returned None" in ch.check_reverse_source(lambda s: None).message
    # sorting passes for a batch whose ids increase; the check has columns in no order, with padding
    sort_down = ch.check_reverse_source(lambda src: -np.sort(-src, axis=0))
    assert not sort_down.passed and "sorts" in sort_down.message
    assert not ch.check_reverse_source(lambda src: np.sort(src, axis=0)).passed
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

    (a, da), (b, db) = ch.STOP_CASES
    right = (y_hat(a, da)[3, model.end], y_hat(b, db)[3, model.end])
    assert ch.check_stop_probability(right, model).passed
    early = (y_hat(a, da)[2, model.end], y_hat(b, db)[2, model.end])
    assert "ŷ(3)" in ch.check_stop_probability(early, model).message
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


# ----------------------------------------------------------------------------- bad input

def _other_vocab():
    return rl.Seq2Seq(5, 6, 4)


BAD = [
    # (call(model, pairs), exception, message)
    (lambda m, p: ch.outputs(m, None), TypeError, r"pairs: got None, wanted a rnnlib.data.NumberPairs"),
    (lambda m, p: ch.accuracy_by_length(m, {"a": p}), TypeError, r"pairs: got dict .*wanted a rnnlib.data.NumberPairs"),
    (lambda m, p: ch.accuracy_by_length(m, [p, "x"]), TypeError, r"pairs\[1\]: got 'x'"),
    (lambda m, p: ch.accuracy_by_length(m, p, min_count=0), ValueError, r"min_count: got 0"),
    (lambda m, p: ch.train_model(p, steps=10**9), ValueError, r"steps: got 1,000,000,000, wanted an integer in "
     r"1..20000 \(Adam steps"),
    (lambda m, p: ch.train_model(p, batch_size=0), ValueError, r"batch_size: got 0"),
    (lambda m, p: ch.train_model(p, lr=float("nan")), ValueError, r"lr: got nan"),
    (lambda m, p: ch.train_model(p, reverse="no"), TypeError, r"reverse: got 'no', wanted True or False"),
    (lambda m, p: ch.train_model(p, seed=1.7), TypeError, r"seed: got 1.7"),
    (lambda m, p: ch.train_model(p, seed=True), TypeError, r"seed: got True"),
    (lambda m, p: ch.train_model(None), TypeError, r"pairs: got None"),
    (lambda m, p: ch.task(1.7), TypeError, r"seed: got 1.7"),
    (lambda m, p: ch.task(True), TypeError, r"seed: got True"),
    (lambda m, p: ch.task(-1), ValueError, r"seed: got -1"),
    (lambda m, p: ch.task(None), TypeError, r"seed: got None, wanted an integer >= 0"),
    (lambda m, p: ch.train_model(p, seed=None), TypeError, r"seed: got None, wanted an integer >= 0"),
    (lambda m, p: ch.answer_length_claims("five"), TypeError, r"five: got 'five', wanted \{n_x: \(accuracy, count\)\}"),
    (lambda m, p: ch.answer_length_claims([0.5] * 9), TypeError, r"five: got list"),
    (lambda m, p: ch.answer_length_claims({}), ValueError, r"five: got no accuracy for lengths \[4, 8\]"),
    (lambda m, p: ch.answer_length_claims(np.zeros(0)), TypeError, r"five: got"),
    (lambda m, p: ch.answer_length_claims({4: 0.5, 8: 0.5}), TypeError, r"five\[4\]: got 0.5, wanted a pair"),
    (lambda m, p: ch.answer_length_claims({4: (2.0, 10), 8: (0.5, 10)}), ValueError, r"five\[4\]: got 2"),
    (lambda m, p: ch.budget_claims("s", {}), TypeError, r"small_h: got 's'"),
    (lambda m, p: ch.budget_claims({4: (0.5, 10), 8: (0.1, 10)}, [1, 2]), TypeError, r"short: got list"),
    (lambda m, p: ch.budget_claims({}, {}), ValueError, r"small_h: got no accuracy"),
    (lambda m, p: ch.outputs(m, p, width=True), TypeError, r"width: got True"),
    (lambda m, p: ch.outputs(m, p, width=0), ValueError, r"width: got 0"),
    (lambda m, p: ch.outputs(m, p, reverse="no"), TypeError, r"reverse: got 'no'"),
    (lambda m, p: ch.outputs("model", p), TypeError, r"model: got 'model', wanted an encoder-decoder"),
    (lambda m, p: ch.outputs(_other_vocab(), p), ValueError, r"model: got vocabulary sizes \(n_src, n_tgt\) = "
     r"\(5, 6\), wanted \(34, 13\)"),
    (lambda m, p: ch.exact_match(m, p.values), TypeError, r"pairs: got ndarray"),
    (lambda m, p: ch.beam_table(m, [p]), TypeError, r"sets: got list"),
    (lambda m, p: ch.beam_table(m, {"a": None}), TypeError, r"sets\['a'\]: got None"),
    (lambda m, p: ch.find_beam_fix(m, p, widths=[1]), ValueError, r"widths: got 1, wanted an integer in 2..256"),
    (lambda m, p: ch.sweep(p, sizes=[0]), ValueError, r"sizes: got 0"),
    (lambda m, p: ch.sweep(p, sizes="16"), TypeError, r"sizes: got '16'"),
    (lambda m, p: ch.sweep(p, sizes=[16], trained={16: "m"}), TypeError, r"trained\[16\]: got 'm'"),
    (lambda m, p: ch.planted_errors(m, p, positions=[5]), ValueError, r"positions: got 5, wanted an integer in 1..4"),
    (lambda m, p: ch.planted_errors(m, p, positions=3), TypeError, r"positions: got 3"),
    (lambda m, p: ch.planted_errors(m, p, min_count=10**6), ValueError,
     r"min_count: got 1,000,000, but pairs has no position"),
    (lambda m, p: ch.find_beam_break(m, p, widths=None), TypeError, r"widths: got None, wanted a list"),
    (lambda m, p: ch.find_beam_break(m, p, widths=[]), TypeError, r"widths: got list \[\]"),
    (lambda m, p: ch.find_beam_fix(m, p, widths=(2, 1)), ValueError, r"widths: got 1, wanted an integer in 2..256"),
    (lambda m, p: ch.search_errors(m, p, width=10**6), ValueError, r"width: got 1,000,000"),
    (lambda m, p: ch.search_errors(m, None), TypeError, r"pairs: got None"),
    (lambda m, p: ch.composition([1, 2]), TypeError, r"pairs: got list"),
    (lambda m, p: ch.context_table(m, "forty banana"), ValueError, r"text: got 'forty banana'"),
    (lambda m, p: ch.context_table(m, "one " * 200), ValueError, r"text: got 'one one"),
    (lambda m, p: ch.context_table(m, 45), TypeError, r"text: got 45"),
    (lambda m, p: ch.context_table(None, "forty five"), TypeError, r"model: got None"),
    (lambda m, p: ch.context_table(m, "forty five", units=0), ValueError, r"units: got 0"),
    (lambda m, p: ch.example(m, p, n_x=99), ValueError, r"n_x: got 99"),
    (lambda m, p: ch.example(m, p, n_x=7), ValueError, r"pairs: got no pair the model gets right"),
    (lambda m, p: ch.seq2seq_stepper(None, "forty five"), TypeError, r"model: got None"),
    (lambda m, p: ch.seq2seq_stepper(m, ""), ValueError, r"text: got '', wanted a number up to 99,999 in words"),
    (lambda m, p: ch.plot_beam_tree(m, "forty five", 99), ValueError, r"width: got 99, wanted an integer in 1..8"),
    (lambda m, p: ch.plot_beam_tree(m, "forty five", 2, pruned=5), ValueError, r"pruned: got 5"),
    (lambda m, p: ch.plot_by_length(None, {}), TypeError, r"extrapolation: got None"),
    (lambda m, p: ch.plot_by_length({"a": {4: (1, 1)}}, {"b": [1]}), TypeError, r"sweep\['b'\]: got list"),
    (lambda m, p: ch.plot_planted([0.5]), TypeError, r"planted: got list"),
    (lambda m, p: ch.plot_loss("loss"), TypeError, r"history: got"),
    (lambda m, p: ch.reverse_source("abc"), TypeError, r"src: got 'abc'"),
    (lambda m, p: ch.reverse_source(np.array([1, 2])), ValueError, r"src: got shape \(2,\)"),
    (lambda m, p: ch.check_score(lambda *a: 0.0, None), TypeError, r"model: got None"),
    (lambda m, p: ch.check_stop_probability((0.1, 0.2), "m"), TypeError, r"model: got 'm'"),
    (lambda m, p: ch.extrapolation_claims({7: (0.0, 1)}, {7: (0.5, 1), 8: (0.5, 1)}), ValueError,
     r"short: got no accuracy for lengths \[8\]"),
    (lambda m, p: ch.capacity_claims({16: {}}), TypeError, r"sweep: got"),
    (lambda m, p: ch.with_digits(p, 6), ValueError, r"digits: got 6, wanted an integer in 1..5"),
    (lambda m, p: ch.with_digits(p.subset([0]), 5) if p.tgt_length[0] != 6 else ch.with_digits(p, 0), ValueError,
     r"pairs: got no number of 5 digits|digits: got 0"),
    (lambda m, p: ch.planted_claims(None), TypeError, r"planted: got None"),
    (lambda m, p: ch.beam_claims(None, True, 0.0), TypeError, r"split: got None"),
    (lambda m, p: ch.stop_claims("0.9, 0.1"), TypeError, r"p_stop: got '0.9, 0.1', wanted a pair"),
    (lambda m, p: ch.stop_claims((0.9, 0.1, 0.2)), ValueError, r"p_stop: got shape \(3,\), wanted \(2,\)"),
    (lambda m, p: ch.accuracy_by_length(m, p, reverse="no"), TypeError, r"reverse: got 'no'"),
]


def test_budget_claims_include_the_reversed_source_control():
    """The optional budget cell's claims: with the reversed run, one more claim (reversed minus forward)."""
    acc = {n: (0.5, 80) for n in ch.TEST_LENGTHS}
    low = {n: (0.05, 80) for n in ch.TEST_LENGTHS}
    zero = {n: (0.0, 80) for n in ch.TEST_LENGTHS}
    found = ch.budget_claims({**acc, 8: (0.05, 80)}, zero, acc)
    assert len(found) == 4 and all(c.holds for c in found)
    assert not ch.budget_claims({**acc, 8: (0.05, 80)}, zero, low)[0].holds


@pytest.mark.parametrize("call,exc,match", BAD, ids=[f"row{i}" for i in range(len(BAD))])
def test_bad_input_names_the_argument(small, call, exc, match):
    model, pairs = small
    with pytest.raises(exc, match=match):
        call(model, pairs)
