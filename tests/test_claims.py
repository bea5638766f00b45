"""rnnlib.claims: one way to state a claim, one behaviour for tested and untested seeds, the rounding ensemble."""

import json

import numpy as np
import pytest

import rnnlib as rl
from rnnlib import claims


def test_at_least_and_at_most_hold_and_report_their_margin():
    c = claims.at_least("the RNN reads unseen positions", 0.99, 0.9)
    assert c.holds and c.margin == pytest.approx(0.09)
    d = claims.at_most("the per-position network is near chance", 0.3, 0.25)
    assert not d.holds and d.margin == pytest.approx(-0.05)
    assert "measured 0.3" in str(d) and "≤ 0.25" in str(d)


def test_exact_claims_are_yes_or_no():
    assert claims.exact("width 1 is greedy", True).holds
    assert not claims.exact("width 1 is greedy", np.bool_(False)).holds
    with pytest.raises(TypeError, match="ok"):
        claims.exact("width 1 is greedy", "yes")


@pytest.mark.parametrize("seed", [None, 0, 4])
def test_a_tested_seed_raises_with_the_sentence_and_the_numbers(seed):
    bad = claims.at_least("the clipped run converges", 0.5, 0.9)
    with pytest.raises(claims.ClaimFailed, match=r"the clipped run converges: measured 0\.5, the text needs ≥ 0\.9"):
        claims.check([claims.at_least("fine", 1.0, 0.0), bad], seed=seed)


def test_another_seed_prints_the_failed_claims_and_runs_on(capsys):
    out = claims.check([claims.at_least("fine", 1.0, 0.0), claims.at_most("small", 3.0, 2.0)], seed=7)
    assert [c.holds for c in out] == [True, False]
    printed = capsys.readouterr().out
    assert "SEED = 7" in printed and "small: measured 3" in printed and "fine" not in printed


def test_claims_that_hold_print_nothing(capsys):
    assert len(claims.check(claims.at_least("fine", 1.0, 0.0), seed=9)) == 1
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("bad, match", [
    ("text", "claims"), (3, "claims"), ([0.5], r"claims\[0\]"),
])
def test_check_refuses_what_is_not_a_claim(bad, match):
    with pytest.raises(TypeError, match=match):
        claims.check(bad)


@pytest.mark.parametrize("kwargs, match", [
    (dict(sentence="", value=1, threshold=0), "sentence"), (dict(sentence="s", value=np.nan, threshold=0), "value"),
    (dict(sentence="s", value=1, threshold=np.inf), "threshold"), (dict(sentence=3, value=1, threshold=0), "sentence"),
])
def test_a_claim_needs_a_sentence_and_finite_numbers(kwargs, match):
    with pytest.raises(ValueError, match=match):
        claims.at_least(**kwargs)


@pytest.mark.parametrize("seed", [1.5, True, "0"])
def test_check_refuses_a_seed_that_is_not_an_int(seed):
    with pytest.raises(TypeError, match="seed"):
        claims.check([], seed=seed)


def test_rounding_perturbs_every_model_in_its_last_bits_and_only_inside_the_block():
    def fresh():
        return [rl.RNN(3, 4, 2, seed=1).params, rl.mlp.PositionalMLP(2, 3, 4, 2, seed=1).params,
                rl.mlp.BagOfWords(3, 4, 2, seed=1).params, rl.Seq2Seq(5, 6, 4, seed=1).params]
    plain = fresh()
    with claims.rounding(2):
        assert claims.current_rounding() == 2
        shaken, again = fresh(), fresh()
    assert claims.current_rounding() == 0
    after = fresh()
    for p, s, a, z in zip(plain, shaken, again, after):
        for key in p:
            nz = p[key] != 0
            rel = np.abs(s[key][nz] - p[key][nz]) / np.abs(p[key][nz])
            assert (rel > 0).all() and (rel < 1e-10).all(), key  # every weight moved, by about 1e-12
            np.testing.assert_array_equal(s[key], a[key])        # reproducible
            np.testing.assert_array_equal(p[key], z[key])        # nothing leaks out of the block
            np.testing.assert_array_equal(s[key][~nz], 0.0)      # zero biases stay zero


def test_members_of_the_ensemble_differ():
    with claims.rounding(1):
        a = rl.RNN(3, 4, 2, seed=0).params["W"]
    with claims.rounding(2):
        b = rl.RNN(3, 4, 2, seed=0).params["W"]
    assert (a != b).any()


def test_the_environment_variable_sets_the_default_rounding(monkeypatch):
    monkeypatch.setenv("RNNLIB_ROUNDING", "3")
    assert claims.current_rounding() == 3
    with claims.rounding(0):
        assert claims.current_rounding() == 0
    monkeypatch.setenv("RNNLIB_ROUNDING", "x")
    with pytest.raises(ValueError, match="RNNLIB_ROUNDING"):
        claims.current_rounding()


@pytest.mark.parametrize("k", [-1, 1.5, True])
def test_rounding_refuses_a_bad_member(k):
    with pytest.raises(ValueError, match="k"):
        with claims.rounding(k):
            pass


def test_the_log_records_every_claim_checked(tmp_path, monkeypatch):
    log = tmp_path / "claims.jsonl"
    monkeypatch.setenv("RNNLIB_CLAIMS_LOG", str(log))
    with claims.rounding(1):
        claims.check([claims.at_least("a", 1.0, 0.5), claims.at_most("b", 1.0, 0.5)], seed=8)
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["sentence"], r["seed"], r["rounding"]) for r in rows] == [("a", 8, 1), ("b", 8, 1)]


def test_worst_is_the_value_nearest_failing():
    assert claims.worst([0.9, 0.7, 0.8], "at least") == 0.7
    assert claims.worst([0.1, 0.3], "at most") == 0.3
    with pytest.raises(ValueError, match="values"):
        claims.worst([], "at least")
