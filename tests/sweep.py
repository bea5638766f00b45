"""The bad-input sweep: a table-driven attack on the functions a reader calls.

For every public function of the chapter packages (each ``ch.*`` a notebook
calls, and the rest of their ``__all__``) and of ``rnnlib.probe``,
``seq2seq``, ``translate``, ``data`` and ``gated``, the sweep takes a good call
(the arguments in :data:`BASES`; defaults from the signature) and replaces one
argument at a time by bad values chosen by the kind of the good one:

* an int: a float, a bool, -1, 10**12 and a str (a seed: a float, a bool, -1);
* a float: NaN, inf, 1e200 and a str; a bool: a str and 1; None: a str;
* a str: an int, "", a non-ASCII word and a pasted paragraph;
* an array: NaN, inf, 1e200 everywhere, a str and an empty one (int arrays: floats, -1, 10**12);
* a model: None, a str, one parameter entry set to 1e200, one parameter of the wrong shape;
* a list, tuple, dict or other object: a str, None, an empty one.

Each probe's outcome (:func:`outcome`):

``OK``       a ValueError/TypeError whose message starts with the argument's name (a
             model's parameters may be named ``params...``), a ``TrainingDiverged``, an
             exercise check that does not pass (a bad value is a wrong answer), or, where
             the value may be fine (an empty collection, a pasted paragraph, any text for
             a label, a correct result: :data:`EITHER`), a result;
``unclear``  a ValueError/TypeError that does not start with the argument's name;
``silent``   a result for a bad value (or an exercise check passing it; a claim fed a measurement of
             1e200 may give one: it is a number the claim then judges);
``crash``    any other exception, or no answer within :data:`TIMEOUT` seconds.

``tests/test_bad_input_sweep.py`` requires every probe to be OK but the ones in
:data:`KNOWN` (what is left, with the outcome they have); ``benchmarks/bad_input_sweep.py``
prints the counts per module.
"""

import copy
import importlib
import inspect
import signal
from typing import Callable, NamedTuple

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import rnnlib as rl  # noqa: E402
from rnnlib import data as d  # noqa: E402
from rnnlib.exercises import Result  # noqa: E402
from rnnlib.optim import TrainingDiverged  # noqa: E402

#: Seconds a probe may run before it counts as a hang (a crash).
TIMEOUT = 3.0

CHAPTERS = {f"ch0{i}": f"rnnlib.chapters.ch0{i}_{name}" for i, name in
            [(1, "parameter_sharing"), (2, "unfolding"), (3, "rnn_patterns"), (4, "bptt"), (5, "lossy_summary"),
             (6, "seq2seq"), (7, "gated_units"), (8, "attention")]}
LIBRARY = {name: f"rnnlib.{name}" for name in ("probe", "seq2seq", "translate", "data", "gated", "attention")}
MODULES = {**CHAPTERS, **LIBRARY}

PARAGRAPH = ("In 2009 I went to Nepal and in 2010 I went back again, " * 30).strip()
NON_ASCII = "Népal ☃ 2009"


class Probe(NamedTuple):
    module: str         # e.g. "ch01", "probe"
    func: str           # the function's name
    arg: str            # the argument replaced
    label: str          # the bad value, short
    call: Callable      # call() makes the call
    either: bool        # the value may be fine: a result is OK too

    @property
    def id(self):
        return f"{self.module}.{self.func}({self.arg}={self.label})"


# --------------------------------------------------------------------------- good calls

_CACHE = {}


def _once(key, make):
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def _ch(name):
    return importlib.import_module(CHAPTERS[name])


def _sentences():
    return _once("sentences", lambda: d.year_sentences(12, seed=0))


def _rnn_last():
    return _once("rnn_last", lambda: rl.RNN(len(d.vocabulary()), 8, 10, pattern="last", seed=0))


def _pairs():
    return _once("pairs", lambda: d.number_pairs(12, seed=0))


def _s2s():
    return _once("s2s", lambda: rl.Seq2Seq(len(d.NUMBER_SOURCE_VOCAB), len(d.NUMBER_TARGET_VOCAB), 8, seed=0))


def _att():
    return _once("att", lambda: rl.AttentionSeq2Seq(len(d.NUMBER_SOURCE_VOCAB), len(d.NUMBER_TARGET_VOCAB), 4, seed=0))


def _delay_model(pattern="hidden"):
    return _once(f"delay_{pattern}", lambda: rl.RNN(4, 6, 5, pattern=pattern, seed=0))


def _counter_model():
    return _once("counter", lambda: rl.RNN(2, 6, 5, pattern="output", seed=0))


def _counter_xy():
    return _once("counter_xy", lambda: _ch("ch03").counter_test(0, n=2))


def _delay_xy():
    return _once("delay_xy", lambda: _ch("ch03").delay_test(0, n=3))


def _onehot_xy(n_in=3, n_out=3, tau=4, batch=2):
    rng = np.random.default_rng(0)
    return np.eye(n_in)[rng.integers(0, n_in, (tau, batch))], rng.integers(0, n_out, (tau, batch))


def _gated_params(kind):
    return _once(f"gp_{kind}", lambda: {"lstm": rl.gated.LSTM(3, 4, 2, seed=0), "gru": rl.gated.GRU(3, 4, 2, seed=0),
                                        "leaky": rl.gated.LeakyRNN(3, 4, 2, seed=0)}[kind].params)


def _bptt():
    """One sequence through a small RNN: the arrays of chapter 4's equations."""
    def make():
        m = rl.RNN(3, 5, 3, pattern="hidden", seed=0)
        x = np.eye(3)[[0, 1, 2, 1]]
        h = m.forward(x).h
        grad_o = np.random.default_rng(0).normal(size=(4, 3))
        grad_h = _ch("ch04").hidden_grad(m.params["W"], m.params["V"], h, grad_o)
        return {"W": m.params["W"], "V": m.params["V"], "x": x, "h": h, "grad_o": grad_o, "grad_h": grad_h}
    return _once("bptt", make)


def _by_length():
    return {n: (0.5, 10) for n in range(1, 9)}


def _reservoir():
    return _once("reservoir", lambda: _ch("ch05").reservoir(6, 0.9, seed=0))


#: The arguments of a good call: "module.func.arg", then "module.arg"; a function with a required
#: argument missing here is not swept (the benchmark lists them).
BASES = {
    **{f"{m}.progress": (lambda: False) for m in ("ch01", "ch03", "ch05", "ch06", "translate")},
    # chapter 1
    "ch01.model": _rnn_last, "ch01.sentences": _sentences, "ch01.kind": lambda: "RNN",
    "ch01.n_in": lambda: len(d.vocabulary()), "ch01.texts": lambda: ["In 2009 , I went to Nepal"],
    "ch01.models": lambda: {"RNN": _rnn_last()},
    "ch01.train_model.steps": lambda: 2, "ch01.train_all.steps": lambda: 2,
    "ch01.train_all.sentences": lambda: d.year_sentences(12, seed=0, lengths=[5, 6]),
    "ch01.year_split.n_train": lambda: 20, "ch01.year_split.n_test": lambda: 20,
    # chapter 2
    "ch02.w": lambda: 0.9, "ch02.s": lambda: 0.5, "ch02.z": lambda: 0.3, "ch02.x": lambda: np.array([1.0, 0.0, -1.0]),
    "ch02.tau": lambda: 3, "ch02.theta": lambda: {"w": 0.5, "u": 1.0, "b": 0.0},
    "ch02.M": lambda: np.eye(2) * 0.5, "ch02.W": lambda: np.eye(2) * 0.5, "ch02.h": lambda: np.array([0.1, 0.2]),
    "ch02.contraction_rate.x": lambda: np.ones((3, 2)), "ch02.driven_difference.x": lambda: np.ones((3, 2)),
    "ch02.s0": lambda: np.zeros(2), "ch02.s_a": lambda: np.zeros(2), "ch02.s_b": lambda: np.ones(2),
    "ch02.ts": lambda: [1, 2], "ch02.scalar_run.s0": lambda: 0.0, "ch02.unfolding_stepper.s0": lambda: 0.0,
    "ch02.seed": lambda: 0, "ch02.params": lambda: _ch("ch02").encoder_params(),
    "ch02.pasts": lambda: _ch("ch02").binary_pasts(3), "ch02.f": lambda: (lambda s: 0.5 * s),
    "ch02.x_b": lambda: np.array([1.0, 0.5]),
    "ch02.unfolding_stepper.x": lambda: np.array([1.0, 0.0, -1.0]),
    "ch02.plot_scalar_memory.tau": lambda: 5,
    # chapter 3
    "ch03.seed": lambda: 0, "ch03.pattern": lambda: "hidden", "ch03.model": _delay_model,
    "ch03.run_free.model": lambda: _delay_model("output"), "ch03.run_free.feedback": lambda: "argmax",
    "ch03.run_free.seed": lambda: None, "ch03.per_step_accuracy.seed": lambda: None,
    "ch03.per_step_loss.seed": lambda: None,
    "ch03.feedback_example.model": lambda: _counter_model(), "ch03.feedback_frame.model": lambda: _counter_model(),
    "ch03.feedback_stepper.model": lambda: _counter_model(),
    "ch03.feedback_example.x": lambda: _counter_xy()[0],
    "ch03.feedback_stepper.x": lambda: _counter_xy()[0][:, 0], "ch03.feedback_frame.x": lambda: _counter_xy()[0][:, 0],
    "ch03.feedback_stepper.y": lambda: _counter_xy()[1][:, 0], "ch03.feedback_frame.y": lambda: _counter_xy()[1][:, 0],
    "ch03.feedback_example.y": lambda: _counter_xy()[1],
    "ch03.per_step_accuracy.model": lambda: _delay_model("output"),
    "ch03.per_step_loss.model": lambda: _delay_model("output"),
    "ch03.last_accuracy.model": lambda: _delay_model("last"), "ch03.last_accuracy.y": lambda: _delay_xy()[1][-1],
    "ch03.show_sequence.ids": lambda: _delay_xy()[2][:, 0],
    "ch03.x": lambda: _delay_xy()[0], "ch03.y": lambda: _delay_xy()[1], "ch03.ids": lambda: _delay_xy()[2],
    "ch03.feedback": lambda: "target", "ch03.n": lambda: 4, "ch03.t": lambda: 1,
    "ch03.n_in": lambda: 4, "ch03.n_hidden": lambda: 6, "ch03.n_out": lambda: 5,
    "ch03.train_delay.steps": lambda: 2, "ch03.train_counter.steps": lambda: 2,
    "ch03.delay_test.n": lambda: 3, "ch03.counter_test.n": lambda: 3,
    "ch03.best_count.x": lambda: np.eye(2)[[0, 1, 1, 0]],
    # chapter 4
    "ch04.model": lambda: rl.RNN(3, 5, 3, pattern="hidden", seed=0),
    "ch04.backward_norms.model": lambda: rl.RNN(3, 5, 3, pattern="last", seed=0),
    "ch04.backward_stepper.model": lambda: rl.RNN(3, 5, 3, pattern="last", seed=0),
    "ch04.backward_norms.y": lambda: _onehot_xy()[1][-1, 0], "ch04.backward_stepper.y": lambda: _onehot_xy()[1][-1, 0],
    "ch04.backward_norms.x": lambda: _onehot_xy()[0][:, 0], "ch04.backward_stepper.x": lambda: _onehot_xy()[0][:, 0],
    "ch04.bptt.x": lambda: _onehot_xy()[0][:, 0], "ch04.bptt.y": lambda: _onehot_xy()[1][:, 0],
    "ch04.clipping_runs.runs": lambda: 1, "ch04.clipping_runs.cap": lambda: 10,
    "ch04.gap_runs.runs": lambda: 1, "ch04.gap_runs.cap": lambda: 10,
    "ch04.x": lambda: _onehot_xy()[0], "ch04.y": lambda: _onehot_xy()[1], "ch04.window": lambda: 2,
    "ch04.n": lambda: 3, "ch04.k": lambda: 2, "ch04.seed": lambda: 0,
    "ch04.W": lambda: np.eye(3) * 0.5, "ch04.n_max": lambda: 3,
    "ch04.y_hat": lambda: np.full((2, 3), 1 / 3), "ch04.output_grad.y": lambda: np.array([0, 2]),
    "ch04.loss.y": lambda: np.array([0, 2]),
    "ch04.measure_cost.repeats": lambda: 1, "ch04.measure_cost.taus": lambda: (2, 4),
    # chapter 5
    "ch05.n": lambda: 6, "ch05.rho": lambda: 0.9, "ch05.params": _reservoir,
    "ch05.x": lambda: np.zeros((5, 2)), "ch05.n_seq": lambda: 2, "ch05.k": lambda: 1,
    "ch05.linear_final_state.x": lambda: np.array([1.0, 0.0, 1.0]), "ch05.linear_final_state.W": lambda: np.eye(2) * .5,
    "ch05.lag_probes.n_seq": lambda: 8,
    "ch05.first_inputs": lambda: np.array([1.0, -1.0]), "ch05.W": lambda: np.eye(10) * 0.5,
    "ch05.model": lambda: rl.RNN(4, 6, 4, pattern="hidden", seed=0), "ch05.max_lag": lambda: 2,
    "ch05.chance_levels.n_seq": lambda: 8, "ch05.exact_lead_accuracy.n_seq": lambda: 8,
    "ch05.probe_quantities.n_seq": lambda: 8,
    # chapter 6
    "ch06.model": _s2s, "ch06.pairs": _pairs, "ch06.text": lambda: "twelve",
    "ch06.digits": lambda: 2, "ch06.reverse_source.src": lambda: np.array([[1], [2], [3]]),
    "ch06.planted_errors.min_count": lambda: 1, "ch06.accuracy_by_length.min_count": lambda: 1,
    "translate.planted_errors.min_count": lambda: 1, "translate.accuracy_by_length.min_count": lambda: 1,
    "ch06.example.n_x": lambda: 2, "ch06.src": lambda: [1, 2, 3], "ch06.width": lambda: 2,
    "ch06.sets": lambda: {"test": _pairs()},
    "ch06.train_model.steps": lambda: 2, "ch06.sweep.steps": lambda: 2, "ch06.sweep.sizes": lambda: (4,),
    # chapter 7
    "ch07.kind": lambda: "LSTM", "ch07.seed": lambda: 0, "ch07.k": lambda: 3, "ch07.n": lambda: 2,
    "ch07.model": lambda: _ch("ch07").make_network("LSTM", 0), "ch07.b": lambda: 1.0,
    "ch07.models": lambda: {"LSTM": _ch("ch07").make_network("LSTM", 0)},
    "ch07.cost.repeats": lambda: 1, "ch07.cost.tau": lambda: 4,
    "ch07.train_to_criterion.cap": lambda: 20, "ch07.gap_runs.runs": lambda: 1, "ch07.gap_runs.cap": lambda: 20,
    "ch07.gap_runs.gaps": lambda: (3,), "ch07.bias_control.runs": lambda: 1, "ch07.bias_control.cap": lambda: 20,
    "ch07.lr_control.runs": lambda: 1, "ch07.lr_control.cap": lambda: 20,
    # exercise checks: every bad value is a wrong answer, which must not pass
    "ch01.check_answer.answer": lambda: (lambda model, text: "2009"),
    "ch01.check_year_always_last.answer": lambda: (lambda model, sentences: None),
    "ch02.check_growth.grow_A": lambda: 1.0, "ch02.check_growth.grow_B": lambda: 1.0,
    "ch02.check_unfold.my_unfold": lambda: (lambda f, s0, tau: None),
    "ch03.check_teacher_forced.fn": lambda: (lambda *a: None), "ch03.check_state_targets.make_targets": lambda: (
        lambda *a: None), "ch03.check_class_count.n_classes": lambda: 5, "ch03.check_parity_bound.p": lambda: 0.6,
    "ch04.check_grad_W_last.grad_W_last": lambda: (lambda model, x, y: None), "ch04.check_radius.rho_star": lambda: 1.0,
    "ch04.check_clip.clip": lambda: (lambda grads, max_norm: grads),
    "ch05.check_collision.pair": lambda: ([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
    "ch05.check_identity_prediction.mc": lambda: 3.0,
    "ch06.check_reverse_source.fn": lambda: (lambda src: src), "ch06.check_score.fn": lambda: (lambda *a: 0.0),
    "ch06.check_stop_probability.p_stop": lambda: (0.5, 0.5),
    "ch07.check_gru_step.fn": lambda: (lambda *a: None),
    # a few more of the chapters' functions with a cheap good call
    "ch05.distinct_states.model": lambda: rl.RNN(1, 3, 2, pattern="hidden", seed=0),
    "ch05.distinct_states.tau": lambda: 3, "ch05.distinct_states.precision": lambda: 0.1,
    "ch05.input_sensitivity.t": lambda: 2, "ch05.input_sensitivity.x": lambda: np.eye(4)[[0, 1, 2, 3]],
    "ch06.pooled.by_length": lambda: {5: (0.5, 10), 6: (1.0, 10)}, "ch06.pooled.lengths": lambda: [5, 6],
    "ch06.plot_loss.history": lambda: [2.0, 1.0, 0.5],
    # tables and figures, fed small results
    "ch01.accuracy_table.table": lambda: {"RNN": {"test": 0.5, "longer": 0.25}},
    "ch01.evaluate.split": lambda: _once("split", lambda: _ch("ch01").year_split(n_train=20, n_test=20)),
    "ch01.plot_learning_curve.sizes": lambda: [10, 20], "ch01.plot_learning_curve.curve": lambda: {"RNN": [0.5, 0.6]},
    "ch01.plot_accuracy_grid.lengths": lambda: np.array([7, 8]),
    "ch01.plot_accuracy_grid.positions": lambda: np.array([1, 7]),
    "ch01.plot_accuracy_grid.acc": lambda: np.full((2, 2), 0.5),
    "ch02.stability_table.systems": lambda: {"a": (0.5, lambda s: 0.5 * s, np.zeros(2), np.ones(2))},
    "ch02.plot_differences.panels": lambda: {"p": {"a": np.array([1.0, 0.5, 0.25])}},
    "ch03.plot_per_step.curves": lambda: {"a": np.array([0.5, 0.6, 0.7])},
    "ch03.gradient_table.g_last": lambda: np.full((3, 2, 5), 0.1),
    "ch03.gradient_table.dh_last": lambda: np.full((3, 2, 6), 0.1),
    "ch03.gradient_table.g_hidden": lambda: np.full((3, 2, 5), 0.1),
    "ch04.plot_per_step.contributions": lambda: np.full((3, 2, 2), 0.1),
    "ch04.cost_table.rows": lambda: _once("cost", lambda: _ch("ch04").measure_cost(taus=(2, 4), repeats=1)),
    "ch07.gate_stepper.seq": lambda: _once("seq", lambda: _ch("ch07").one_sequence(_ch("ch07").make_network("LSTM",
                                                                                                         0))),
    "ch07.cost_table.costs": lambda: _once("cost7", lambda: _ch("ch07").cost(tau=4, repeats=1)),
    # claims fed made-up measurements (what each must be is checked, not whether the claim holds)
    "ch02.memory_claims.star": lambda: 0.5, "ch02.memory_claims.slope": lambda: 0.5,
    "ch02.memory_claims.tanh_d": lambda: 0.5, "ch02.memory_claims.ends": lambda: {1.0: 0.5, 2.0: 0.5},
    "ch02.memory_claims.late_gap": lambda: 0.1, "ch02.memory_claims.forgotten": lambda: 0.1,
    "ch02.qualifier_claims.rho_nonnormal": lambda: 0.5, "ch02.qualifier_claims.peak": lambda: 2.0,
    "ch02.qualifier_claims.rho_driven": lambda: 1.5, "ch02.qualifier_claims.rate": lambda: 0.5,
    "ch02.qualifier_claims.driven_ends": lambda: {0.0: 1.0, _ch("ch02").WEAK_U: 1.0, _ch("ch02").DRIVE_U: 0.1},
    "ch02.encoder_claims.n_distinct": lambda: 8, "ch02.encoder_claims.n_pasts": lambda: 8,
    "ch02.encoder_claims.min_gap": lambda: 0.01, "ch02.encoder_claims.quantised": lambda: {4: 8},
    "ch02.encoder_claims.t_equal": lambda: None,
    "ch02.unfolding_claims.same_by_hand": lambda: True, "ch02.unfolding_claims.same_as_forward": lambda: True,
    "ch03.listing_claims.forward_gap": lambda: 0.0, "ch03.listing_claims.loss_gap": lambda: 0.0,
    "ch03.listing_claims.free_gap": lambda: 0.0,
    "ch04.equation_claims.errors": lambda: {"a": (1e-9, 1e-7)},
    "ch04.stepper_claims.norm_h": lambda: np.array([0.1, 1.0]),
    "ch07.equation_claims.max_diff": lambda: 0.0,
    "ch01.year_last_claims.at_year": lambda: 0.9, "ch01.year_last_claims.at_end": lambda: 0.2,
    "ch01.stepper_claims.said": lambda: ["2009", "2010"], "ch01.stepper_claims.years": lambda: ["2009", "2010"],
    "ch01.check_taught.taught_positional": lambda: np.zeros(8, int), "ch01.check_taught.taught_bag": lambda: 0,
    "ch01.check_taught.train": _sentences,
    "ch01.clipped_fraction.histories": lambda: {"RNN": rl.optim.History(loss=[2.0, 1.0], grad_norm=[1.0, 9.0])},
    "ch01.plot_weight_change.years": lambda: np.full(8, 0.1), "ch01.plot_weight_change.others": lambda: np.full(8, .05),
    "ch04.hidden_grad.W": lambda: _bptt()["W"], "ch04.hidden_grad.V": lambda: _bptt()["V"],
    "ch04.hidden_grad.h": lambda: _bptt()["h"], "ch04.hidden_grad.grad_o": lambda: _bptt()["grad_o"],
    "ch04.param_grads.x": lambda: _bptt()["x"], "ch04.param_grads.h": lambda: _bptt()["h"],
    "ch04.param_grads.grad_o": lambda: _bptt()["grad_o"], "ch04.param_grads.grad_h": lambda: _bptt()["grad_h"],
    "ch04.per_step_grads.x": lambda: _bptt()["x"], "ch04.per_step_grads.h": lambda: _bptt()["h"],
    "ch04.per_step_grads.grad_h": lambda: _bptt()["grad_h"],
    "ch05.one_bit_claims.s": lambda: _ch("ch05").one_bit_memory([1.0, -1.0]), "ch05.one_bit_claims.first": lambda: (
        np.array([1.0, -1.0])),
    "ch05.objective_labels.objective": lambda: "recall", "ch05.own_accuracy.objective": lambda: "recall",
    "ch05.objective_labels.stream": lambda: _ch("ch05").symbol_stream(2, seed=0),
    "ch05.place_labels.sentences": _sentences,
    "ch06.extrapolation_claims.short": lambda: _by_length(), "ch06.extrapolation_claims.full": lambda: _by_length(),
    "ch06.answer_length_claims.five": lambda: _by_length(), "ch06.budget_claims.small_h": lambda: _by_length(),
    "ch06.budget_claims.short": lambda: _by_length(), "ch06.stop_claims.p_stop": lambda: (0.9, 0.1),
    "ch06.capacity_claims.sweep": lambda: {h: _by_length() for h in (16, 32, 64)},
    "ch06.plot_by_length.extrapolation": lambda: {"a": _by_length()},
    "ch06.plot_by_length.sweep": lambda: {"H = 16": _by_length()},
    "ch07.stepper_claims.seq": lambda: BASES["ch07.gate_stepper.seq"](),
    # chapter 8
    "ch08.model": _att, "ch08.pairs": _pairs, "ch08.text": lambda: "twelve", "ch08.kind": lambda: "attention",
    "ch08.n_hidden": lambda: 4, "ch08.seed": lambda: 0, "ch08.train_model.steps": lambda: 2,
    "ch08.sweep.steps": lambda: 2, "ch08.sweep.sizes": lambda: (4,), "ch08.accuracy_by_length.min_count": lambda: 1,
    "ch08.pooled.by_length": lambda: _by_length(), "ch08.rows": lambda: {"model": (_att(), _by_length())},
    "ch08.plain": lambda: {8: (_s2s(), _by_length())}, "ch08.attention": lambda: {8: (_att(), _by_length())},
    "ch08.length_claims.plain_32": lambda: _by_length(), "ch08.length_claims.attention": lambda: {8: _by_length()},
    **{f"ch08.size_claims.{a}": _by_length for a in ("attention_8", "plain_64", "attention_4", "plain_8")},
    **{f"ch08.encoder_claims.{a}": _by_length for a in ("bi", "uni", "uni_matched", "plain_64")},
    "ch08.reading_claims.share": lambda: 0.9, "ch08.reading_claims.untrained": lambda: 0.02,
    "ch08.cost.lengths": lambda: (3,), "ch08.cost.n_hidden": lambda: 3, "ch08.cost.batch": lambda: 2,
    "ch08.cost.n_y": lambda: 2, "ch08.cost.repeats": lambda: 1,
    "ch08.plot_cost.cost": lambda: _ch("ch08").cost(lengths=(3,), n_hidden=3, batch=2, n_y=2, repeats=1),
    "ch08.check_param_count.n": lambda: 1000, "ch08.check_weights.fn": lambda: (lambda e, mask: e),
    # attention
    "attention.n_src": lambda: 5, "attention.n_tgt": lambda: 6, "attention.n_hidden": lambda: 4,
    # probe
    "probe.n": lambda: 20, "probe.H": lambda: np.random.default_rng(0).normal(size=(20, 3)),
    "probe.z": lambda: np.arange(20.0), "probe.labels": lambda: np.arange(20) % 2,
    "probe.h": lambda: np.random.default_rng(1).normal(size=(30, 2, 3)),
    "probe.x": lambda: np.random.default_rng(2).uniform(-1, 1, size=(30, 2)),
    "probe.memory_curve.held_out": lambda: 0.5,
    "probe.memory_capacity.h": lambda: np.random.default_rng(1).normal(size=(30, 4, 3)),
    "probe.memory_capacity.x": lambda: np.random.default_rng(2).uniform(-1, 1, size=(30, 4)),
    "probe.legendre.x": lambda: np.linspace(-1, 1, 5),
    "probe.lags": lambda: [0, 1], "probe.max_lag": lambda: 3, "probe.d": lambda: 2, "probe.degree": lambda: 2,
    "probe.logistic.steps": lambda: 5,
    # seq2seq
    "seq2seq.n_src": lambda: 5, "seq2seq.n_tgt": lambda: 6, "seq2seq.n_hidden": lambda: 4,
    # translate
    "translate.model": _s2s, "translate.pairs": _pairs, "translate.train.steps": lambda: 2,
    # data
    "data.text": lambda: "In 2009 , I went to Nepal", "data.n": lambda: 4, "data.seed": lambda: 0,
    "data.sentences": _sentences, "data.batch_size": lambda: 3, "data.window": lambda: 21,
    "data.tau": lambda: 5, "data.n_symbols": lambda: 3, "data.delay": lambda: 2,
    "data.ids": lambda: np.array([1, 2, 3]),
    # gated
    "gated.a": lambda: np.array([0.0, 1.0]), "gated.x_t": lambda: np.zeros((2, 3)),
    "gated.h_prev": lambda: np.zeros((2, 4)), "gated.s_prev": lambda: np.zeros((2, 4)),
    "gated.v": lambda: np.zeros((2, 4)), "gated.alpha": lambda: 0.5,
    "gated.lstm_step.params": lambda: _gated_params("lstm"), "gated.gate.params": lambda: _gated_params("lstm"),
    "gated.gate.name": lambda: "f", "gated.stack.params": lambda: _gated_params("lstm"),
    "gated.stack.names": lambda: ["f", "g"],
    "gated.gru_step.params": lambda: _gated_params("gru"), "gated.leaky_step.params": lambda: _gated_params("leaky"),
    "gated.n_in": lambda: 3, "gated.n_hidden": lambda: 4, "gated.n_out": lambda: 2,
}

#: Functions not swept: they need a trained model to give a result at all.
SKIP = {"ch06.example", "ch08.example"}


#: The chapters' internal check helpers (not exercises: they check a model or sentences).
HELPERS = {"ch01.check_model", "ch01.check_models", "ch01.check_sentences"}


def _base(module, func, arg):
    for key in (f"{module}.{func}.{arg}", f"{module}.{arg}"):
        if key in BASES:
            return True, BASES[key]()
    return False, None


# --------------------------------------------------------------------------- bad values

def _is_model(v):
    return isinstance(getattr(v, "params", None), dict) and callable(getattr(v, "forward", None))


def _huge_model(v):
    m = copy.deepcopy(v)
    key = next(iter(m.params))
    m.params[key] = m.params[key].copy()
    m.params[key].flat[0] = 1e200
    return m


def _misshapen_model(v):
    m = copy.deepcopy(v)
    key = next(iter(m.params))
    p = m.params[key]
    m.params[key] = np.zeros((p.shape[0] + 1,) + p.shape[1:])
    return m


#: Arguments any text suits (a label, a caption): only a wrong type is a bad value.
FREE_TEXT = {"label", "caption", "title"}
#: Arguments of the chapters' internal check helpers (what a message calls the value), not a reader's.
HELPER_ARGS = {"ch01.check_model.name", "ch01.check_model.wanted", "ch01.check_model.kinds",
               "ch01.check_models.name", "ch01.check_sentences.name", "ch02.theta_values.name", "data.encode.name",
               "ch06.pooled.name"}
#: Probes whose value is fine after all, with the reason (a result is OK).
EITHER = {
    "data.tokenize(text='')": "no words",
    "data.tokenize(text=non-ASCII)": "tokenize splits any text; encode refuses an unknown symbol",
    "ch02.thousandfold_length(ratio=2.5)": "a ratio need not be whole",
    "ch02.check_same_summary(theta=None)": "None: the chapter's θ",
    "ch02.plot_level_sets(theta=None)": "None: the chapter's θ",
    "gated.sigmoid(a=1e200 entry)": "σ(1e200) = 1 exactly, as softmax of huge logits (a function, not a network)",
    "gated.sigmoid(a=empty)": "σ of nothing is nothing",
    "probe.legendre(x=empty)": "P_d of nothing is nothing",
    "gated.gate(squash=None)": "None: no squashing (the documented choice)",
    "gated.gate(name='')": "'' is the cell input U, W, b",
    "ch01.plot_accuracy_grid(acc=NaN entry)": "NaN: no sentence of that length has the year there",
    "ch03.gradient_table(g_last=1e200 entry)": "a gradient is a measurement, printed as it is",
    "ch03.gradient_table(dh_last=1e200 entry)": "a gradient is a measurement, printed as it is",
    "ch03.gradient_table(g_hidden=1e200 entry)": "a gradient is a measurement, printed as it is",
    "ch04.plot_per_step(contributions=1e200 entry)": "a gradient is a measurement, drawn as it is",
    "ch01.plot_weight_change(years=1e200 entry)": "a change of weights is a measurement, drawn as it is",
    "ch01.plot_weight_change(others=1e200 entry)": "a change of weights is a measurement, drawn as it is",
    "ch06.train_model(clip=1e200)": "a clip that never clips",
    "translate.train(clip=1e200)": "a clip that never clips",
}


def bad_values(arg, value):
    """[(label, make_value, either)] for an argument whose good value is ``value``."""
    if arg in FREE_TEXT and (value is None or isinstance(value, str)):
        return [("5", lambda: 5, False), ("''", lambda: "", True), ("non-ASCII", lambda: NON_ASCII, True)]
    if _is_model(value):
        return [("None", lambda: None, False), ("'RNN'", lambda: "RNN", False),
                ("params 1e200", lambda: _huge_model(value), False),
                ("params wrong shape", lambda: _misshapen_model(value), False)]
    if isinstance(value, (bool, np.bool_)):
        return [("'no'", lambda: "no", False), ("1", lambda: 1, False)]
    if isinstance(value, (int, np.integer)):
        if "seed" in arg:
            return [("1.7", lambda: 1.7, False), ("True", lambda: True, False), ("-1", lambda: -1, False)]
        return [("2.5", lambda: 2.5, False), ("True", lambda: True, False), ("-1", lambda: -1, False),
                ("10**12", lambda: 10**12, False), ("'3'", lambda: "3", False)]
    if isinstance(value, (float, np.floating)):
        return [("nan", lambda: np.nan, False), ("inf", lambda: np.inf, False), ("1e200", lambda: 1e200, False),
                ("'0.5'", lambda: "0.5", False)]
    if value is None and "seed" in arg:
        return [("1.7", lambda: 1.7, False), ("True", lambda: True, False), ("-1", lambda: -1, False),
                ("'abc'", lambda: "abc", False)]
    if value is None:
        return [("'abc'", lambda: "abc", False)]
    if isinstance(value, str):
        return [("5", lambda: 5, False), ("''", lambda: "", False), ("non-ASCII", lambda: NON_ASCII, False),
                ("paragraph", lambda: PARAGRAPH, True)]
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size:
        def filled(fill, where=0):
            a = value.copy()
            a.flat[where] = fill
            return a
        return [("NaN entry", lambda: filled(np.nan), False), ("inf entry", lambda: filled(np.inf), False),
                ("1e200 entry", lambda: filled(1e200), False), ("'abc'", lambda: "abc", False),
                ("empty", lambda: np.zeros((0,) + value.shape[1:]), False)]
    if isinstance(value, np.ndarray) and value.dtype.kind in "iu" and value.size:
        return [("floats", lambda: value + 0.5, False),
                ("-1 entry", lambda: np.where(value == value.flat[0], -1, value), False),
                ("10**12 entry", lambda: np.where(value == value.flat[0], 10**12, value), False),
                ("'abc'", lambda: "abc", False)]
    if callable(value) and not isinstance(value, type):
        return [("5", lambda: 5, False), ("None", lambda: None, False)]
    if isinstance(value, dict):
        return [("'abc'", lambda: "abc", False), ("{}", lambda: {}, True), ("None", lambda: None, False)]
    if isinstance(value, (list, tuple, range)):
        return [("'abc'", lambda: "abc", False), ("None", lambda: None, False), ("[]", lambda: [], True)]
    return [("'abc'", lambda: "abc", False), ("None", lambda: None, False)]


# --------------------------------------------------------------------------- the table

def public(module):
    mod = importlib.import_module(MODULES[module])
    names = getattr(mod, "__all__", None) or [n for n in dir(mod) if not n.startswith("_")]
    out = []
    for name in names:
        f = getattr(mod, name, None)
        if inspect.isfunction(f) or (inspect.isclass(f) and module in ("seq2seq", "gated", "attention")
                                     and hasattr(f, "forward")):
            out.append((name, f))
    return out


def _call(f, kwargs):
    return lambda: f(**kwargs)


def probes_of(module):
    """(probes, skipped function names) of one module."""
    out, skipped = [], []
    for name, f in public(module):
        try:
            params = list(inspect.signature(f).parameters.values())
        except (TypeError, ValueError):
            continue
        params = [p for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        good, missing = {}, False
        for p in params:
            found, value = _base(module, name, p.name)
            if found:
                good[p.name] = (True, value)
            elif p.default is not inspect.Parameter.empty:
                good[p.name] = (False, p.default)
            else:
                missing = True
        if missing or f"{module}.{name}" in SKIP:
            skipped.append(name)
            continue
        for p in params:
            if f"{module}.{name}.{p.name}" in HELPER_ARGS:
                continue
            for label, make, either in bad_values(p.name, good[p.name][1]):
                out.append(Probe(module, name, p.name, label, _probe_call(module, name, f, good, p.name, make),
                                 either))
    return out, skipped


def _good_kwargs(module, name, good):
    """Fresh good arguments (the ones BASES gives; the others keep their defaults)."""
    return {k: _base(module, name, k)[1] for k, (given, _) in good.items() if given}


def _probe_call(module, name, f, good, arg, make):
    def call():
        kwargs = _good_kwargs(module, name, good)
        kwargs[arg] = make()
        return f(**kwargs)
    return call


def good_calls(module):
    """[(function name, call())] of the good calls the probes of ``module`` start from."""
    out = []
    for name, f in public(module):
        params = [p for p in inspect.signature(f).parameters.values()
                  if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        good = {}
        for p in params:
            found, _ = _base(module, name, p.name)
            if not found and p.default is inspect.Parameter.empty:
                break
            good[p.name] = (found, None)
        else:
            out.append((name, lambda f=f, name=name, good=good: f(**_good_kwargs(module, name, good))))
    return out


def all_probes(modules=MODULES):
    table, skipped = [], {}
    for m in modules:
        probes, skipped[m] = probes_of(m)
        table += probes
    return table, skipped


# --------------------------------------------------------------------------- outcomes

class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _names(message, arg):
    heads = (arg, "params", "model") if arg == "model" or arg.endswith("model") else (arg,)
    return any(message.startswith(h) and message[len(h):len(h) + 1] in (":", "[", ".", " ", "'", ")")
               for h in heads)


def outcome(probe):
    """("OK" | "unclear" | "silent" | "crash", what happened) of one probe."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
    try:
        got = probe.call()
        if isinstance(got, Result):
            result = ("silent", "the check passed") if got.passed else ("OK", "the check did not pass")
        else:
            either = probe.either or probe.id in EITHER or (probe.func.endswith("_claims")
                                                                 and probe.label in ("1e200", "1e200 entry"))
            result = ("OK", "a result") if either else ("silent", "a result")
    except _Timeout:
        result = ("crash", f"no answer in {TIMEOUT} s")
    except TrainingDiverged as err:
        result = ("OK", f"TrainingDiverged: {err}")
    except (ValueError, TypeError) as err:
        message = str(err)
        result = (("OK" if _names(message, probe.arg) else "unclear"), f"{type(err).__name__}: {message}")
    except Exception as err:  # noqa: BLE001 - the sweep counts every other exception as a crash
        result = ("crash", f"{type(err).__name__}: {err}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        plt.close("all")
    return result


#: Probes left as they are, with their outcome and why (the test holds them to it).
KNOWN: dict[str, str] = {}
