"""rnnlib.chapters.ch08_attention: the chapter's claims (the functions its hidden guard cells call), its figures
and stepper, its exercise checks, and bad input to the functions the notebook calls.

Which runs are tested (the whole spread, seeds 0-4 × rounding members 0-3, is measured by
``python benchmarks/claims_spread.py 08``):
- seed 0: every model of the notebook (plain H = 8, 32, 64; attention H = 4, 8, 16; unidirectional H = 8, 12;
  plain H = 16 is in the notebook's table only) and every claim;
- seeds 1-4: plain H = 32 and attention H = 8, the claim that one falls with length and the other does not.
Each model is trained once per module (module fixtures).
"""

import numpy as np
import pytest
from matplotlib.figure import Figure

from rnnlib import claims
from rnnlib import data as rl_data
from rnnlib.chapters import ch08_attention as ch
from rnnlib.exercises import TODO


class Run:
    """What the notebook computes for one seed, with the chapter's functions and budget."""

    def __init__(self, seed, full):
        self.seed = seed
        self.data = ch.task(seed)
        wanted = {("plain", 32), ("attention", 8)}
        if full:
            wanted |= {("plain", 8), ("plain", 64), ("attention", 4), ("attention", 16), ("unidirectional", 8),
                       ("unidirectional", ch.UNI_MATCHED_H)}
        self.models, self.acc = {}, {}
        for kind, h in sorted(wanted):
            model, self.history = ch.train_model(self.data.train, seed, kind=kind, n_hidden=h, progress=False)
            self.models[kind, h] = model
            self.acc[kind, h] = ch.accuracy_by_length(model, self.data.test)

    def claims(self):
        a = self.acc
        att = {h: a["attention", h] for h in (8, 16) if ("attention", h) in a}
        found = ch.length_claims(a["plain", 32], att)
        if ("plain", 64) in a:
            found += ch.size_claims(a["attention", 8], a["plain", 64], a["attention", 4], a["plain", 8])
            found += ch.encoder_claims(a["attention", 8], a["unidirectional", 8], a["unidirectional", ch.UNI_MATCHED_H],
                                       a["plain", 64])
            found += ch.reading_claims(ch.reading_order(self.models["attention", 16], self.data.test),
                                       ch.reading_order(ch.make_model("attention", 16, self.seed), self.data.test))
        return found


@pytest.fixture(scope="module")
def full():
    return Run(0, full=True)


@pytest.mark.parametrize("seed", [s for s in claims.TESTED_SEEDS if s != 0])
def test_the_length_claims_hold_for_every_tested_seed(seed):
    run = Run(seed, full=False)
    found = claims.check(run.claims(), seed=seed)
    assert len(found) == 3 and all(c.holds for c in found)


def test_every_claim_of_the_text_holds_for_seed_0(full):
    found = claims.check(full.claims(), seed=0)
    assert len(found) == 10 and all(c.holds for c in found)
    assert full.history.loss[-1] < 0.2 * full.history.loss[0]


def test_the_notebooks_tables_figures_and_stepper(full):
    plain = {h: (full.models["plain", h], full.acc["plain", h]) for h in (8, 32, 64)}
    attention = {h: (full.models["attention", h], full.acc["attention", h]) for h in (4, 8, 16)}
    table = ch.table({**{f"plain {h}": v for h, v in plain.items()}, **{f"att {h}": v for h, v in attention.items()}})
    assert len(table.rows) == 6 and table.rows[0][1] == "701"
    assert isinstance(ch.plot_accuracy(plain, attention), Figure)
    model = full.models["attention", 16]
    text = ch.example(model, full.data.test, n_x=8)
    words, outputs, alpha = ch.decode_one(model, text)
    assert len(words) == 8 and alpha.shape == (len(outputs), 8)
    np.testing.assert_allclose(alpha.sum(axis=1), 1.0)
    assert isinstance(ch.plot_attention(model, text), Figure)
    stepper = ch.attention_stepper(model, text, dpi=30)
    assert len(stepper.steps) == len(outputs)


def test_cost_is_measured_for_both_models():
    cost = ch.cost(lengths=(4, 8), n_hidden=4, batch=8, n_y=3, repeats=1)
    assert cost.lengths == (4, 8) and set(cost.seconds) == {"plain", "attention"}
    assert all(len(v) == 2 and min(v) > 0 for v in cost.peak_mb.values())
    # the attention model keeps n_y × n_x × batch × A values of the scores' layer: it allocates more
    assert cost.peak_mb["attention"][1] > cost.peak_mb["plain"][1]
    assert isinstance(ch.plot_cost(cost), Figure)


def test_the_task_is_chapter_6s():
    d = ch.task(3)
    assert {n: int((d.train.src_length == n).sum()) for n in range(1, 9)} == {1: 28, 2: 108, 3: 72, 4: 700, 5: 700,
                                                                               6: 700, 7: 700, 8: 700}
    assert not set(d.test.values.tolist()) & set(d.train.values.tolist())


def test_exercise_checks_accept_the_answer_and_reject_the_traps():
    right = ch.make_model("attention", 8).n_params
    assert ch.check_param_count(right).passed
    for wrong in (ch.make_model("unidirectional", 8).n_params, ch.make_model("plain", 8).n_params, right - 117,
                  float(right), TODO):
        assert not ch.check_param_count(wrong).passed

    def masked(e, mask):
        w = np.where(mask, np.exp(e - e[mask].max()), 0.0)
        return w / w.sum()

    assert ch.check_weights(masked).passed
    for wrong in (lambda e, m: np.exp(e) / np.exp(e).sum(), lambda e, m: np.where(m, np.exp(e), 0.0),
                  lambda e, m: 1 / 0, TODO, 3.0):
        assert not ch.check_weights(wrong).passed


def test_source_ids_reads_every_way_the_task_writes_a_number():
    for n in (0, 7, 40, 101, 999, 7001, 45007, 99_999):
        text = " ".join(rl_data.number_words(n))
        assert len(ch.source_ids(text)) == len(text.split())


_FULL = {n: (0.5, 10) for n in ch.TEST_LENGTHS}


@pytest.mark.parametrize("call,exc,match", [
    (lambda: ch.make_model("lstm", 8), ValueError, r"kind: got 'lstm', wanted one of plain, attention"),
    (lambda: ch.task(-1), ValueError, r"seed: got -1"),
    (lambda: ch.sweep(ch.task(0).test, sizes="8"), TypeError, r"sizes: got"),
    (lambda: ch.source_ids("forty two apples"), ValueError, r"text: got 'forty two apples'"),
    (lambda: ch.decode_one(ch.make_model("plain", 4), "seven"), TypeError, r"model: got"),
    (lambda: ch.table({}), TypeError, r"rows: got"),
    (lambda: ch.length_claims({4: (0.5, 10)}, {8: {}}), TypeError, r"plain_32: got"),
    (lambda: ch.plot_cost("cost"), TypeError, r"cost: got"),
    (lambda: ch.cost(lengths=(0,)), ValueError, r"lengths: got 0"),
    (lambda: ch.reading_order(ch.make_model("plain", 4), ch.task(0).test), TypeError, r"model: got"),
    (lambda: ch.reading_claims(1.5, 0.0), ValueError, r"share: got 1.5"),
    (lambda: ch.reading_claims(0.9, None), TypeError, r"untrained: got None"),
    (lambda: ch.table({"x": (None, _FULL)}), TypeError, r"rows\['x'\]\[0\]: got None"),
    (lambda: ch.table({"x": (ch.make_model("plain", 4), {4: (0.5, 10)})}), TypeError, r"rows\['x'\]\[1\]: got"),
    (lambda: ch.table({"x": ch.make_model("plain", 4)}), TypeError, r"rows\['x'\]: got"),
    (lambda: ch.table({"x": (ch.make_model("plain", 4), {**_FULL, 8: 0.5})}), TypeError, r"rows\['x'\]\[1\]\[8\]"),
    (lambda: ch.plot_accuracy({8: (None, _FULL)}, {8: (ch.make_model("attention", 4), _FULL)}), TypeError,
     r"plain\[8\]\[0\]: got None"),
    (lambda: ch.plot_accuracy({8: (ch.make_model("plain", 4), _FULL)}, {8: (ch.make_model("attention", 4),
                                                                           {4: (0.5, 10)})}), TypeError,
     r"attention\[8\]\[1\]: got"),
    (lambda: ch.source_ids("nine hundred thousand"), ValueError, r"text: got 'nine hundred thousand'"),
    (lambda: ch.source_ids("and and and"), ValueError, r"text: got 'and and and'"),
    (lambda: ch.source_ids("forty thousand forty"), ValueError, r"text: got 'forty thousand forty'"),
    (lambda: ch.source_ids(""), ValueError, r"text: got ''"),
    (lambda: ch.cost(lengths=()), ValueError, r"lengths: got \(\), wanted at least one"),
    (lambda: ch.cost(lengths=(8, 4)), ValueError, r"lengths: got \(8, 4\), wanted .* increasing"),
])
def test_bad_input_names_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
