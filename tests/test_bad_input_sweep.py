"""The bad-input sweep (tests/sweep.py): every probe of a reader's function is refused naming the argument.

About 2,700 probes (wrong types, bool and float seeds, NaN, inf, 1e200, negative and absurd sizes,
edited models, a pasted paragraph, non-ASCII, empty) over the chapters' functions and
rnnlib.probe, seq2seq, translate, data and gated; each must be OK (see tests/sweep.py), except
the few in ``sweep.KNOWN``, which must keep the outcome written there.
``python benchmarks/bad_input_sweep.py -v`` prints the counts per module and every probe not OK.
"""

import pytest
import sweep

PROBES, _ = sweep.all_probes()
BY_FUNCTION = {}
for _p in PROBES:
    BY_FUNCTION.setdefault(f"{_p.module}.{_p.func}", []).append(_p)


@pytest.mark.parametrize("probes", BY_FUNCTION.values(), ids=BY_FUNCTION)
def test_every_bad_value_is_refused_naming_its_argument(probes):
    """One test per function (a test per probe would add 2,000 items' overhead): every probe OK."""
    wrong = []
    for probe in probes:
        kind, what = sweep.outcome(probe)
        if kind != sweep.KNOWN.get(probe.id, "OK"):
            wrong.append(f"{kind}: {probe.id}: {what}")
    assert not wrong, "\n".join(wrong)


def test_the_sweep_reaches_every_module():
    assert {p.module for p in PROBES} == set(sweep.MODULES)
    assert len(PROBES) > 2500


CHECKS = [(m, name, call) for m in sweep.CHAPTERS for name, call in sweep.good_calls(m)
          if name.startswith("check_") and f"{m}.{name}" not in sweep.HELPERS]


@pytest.mark.parametrize("module, name, call", CHECKS, ids=[f"{m}.{n}" for m, n, _ in CHECKS])
def test_the_sweeps_own_answer_to_an_exercise_is_wrong_and_does_not_pass(module, name, call):
    """The good call of an exercise check holds a wrong answer of the right kind (a constant, an identity)."""
    assert call().passed is False


def _near_misses():
    from rnnlib import gated
    from rnnlib.chapters import ch02_unfolding as c2
    from rnnlib.chapters import ch03_rnn_patterns as c3
    from rnnlib.chapters import ch05_lossy_summary as c5
    from rnnlib.chapters import ch07_gated_units as c7
    lstm = gated.LSTM(2, 16, 2).n_params
    return [(c2.check_thousandfold, c2.thousandfold_length()), (c2.check_merge_length, c2.merge_length()),
            (c3.check_class_count, c3.N_SYMBOLS + c3.N_SYMBOLS ** 2 + c3.N_SYMBOLS ** 3),
            (lambda k: c5.check_half_lag(k, rho=0.9), c5.half_lag(0.9)), (c7.check_lstm_params, lstm)]


@pytest.mark.parametrize("check, right", _near_misses())
def test_only_the_right_whole_number_passes(check, right):
    assert check(right).passed
    assert not any(check(v).passed for v in (right - 2, right - 1, right + 1, right + 2, float(right), str(right)))
