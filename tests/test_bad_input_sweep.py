"""The bad-input sweep (tests/sweep.py): every probe of a reader's function is refused naming the argument.

About 2,200 probes (wrong types, bool and float seeds, NaN, inf, 1e200, negative and absurd sizes,
edited models, a pasted paragraph, non-ASCII, empty) over the chapters' functions and
rnnlib.probe, seq2seq, translate, data and gated; each must be OK (see tests/sweep.py), except
the few in ``sweep.KNOWN``, which must keep the outcome written there.
``python benchmarks/bad_input_sweep.py -v`` prints the counts per module and every probe not OK.
"""

import pytest
import sweep

PROBES, _ = sweep.all_probes()


@pytest.mark.parametrize("probe", PROBES, ids=[p.id for p in PROBES])
def test_probe(probe):
    kind, what = sweep.outcome(probe)
    assert kind == sweep.KNOWN.get(probe.id, "OK"), f"{kind}: {what}"


def test_the_sweep_reaches_every_module():
    assert {p.module for p in PROBES} == set(sweep.MODULES)
    assert len(PROBES) > 2000
