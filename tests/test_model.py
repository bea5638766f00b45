"""rnnlib/_model.py: the one skeleton of every model (sizes, limit, initialisation, n_params, repr, parameter check)."""

import math
import re

import numpy as np
import pytest

import rnnlib as rl
from rnnlib import _checks, _model, claims, mlp

# Each model with small sizes; its size arguments in order.
MODELS = {
    "RNN": (lambda **kw: rl.RNN(7, 5, 4, **kw), ("n_in", "n_hidden", "n_out")),
    "RNN output": (lambda **kw: rl.RNN(7, 5, 4, pattern="output", **kw), ("n_in", "n_hidden", "n_out")),
    "Seq2Seq": (lambda **kw: rl.Seq2Seq(8, 6, 5, **kw), ("n_src", "n_tgt", "n_hidden")),
    "PositionalMLP": (lambda **kw: mlp.PositionalMLP(4, 3, 5, 2, **kw), ("window", "n_in", "n_hidden", "n_out")),
    "BagOfWords": (lambda **kw: mlp.BagOfWords(3, 5, 2, **kw), ("n_in", "n_hidden", "n_out")),
    "TimeDelayNetwork": (lambda **kw: mlp.TimeDelayNetwork(3, 6, 5, 2, **kw), ("width", "n_in", "n_hidden", "n_out")),
    "LeakyRNN": (lambda **kw: rl.gated.LeakyRNN(7, 5, 4, **kw), ("n_in", "n_hidden", "n_out")),
    "LSTM": (lambda **kw: rl.gated.LSTM(7, 5, 4, forget_bias=0.0, **kw), ("n_in", "n_hidden", "n_out")),
    "GRU": (lambda **kw: rl.gated.GRU(7, 5, 4, pattern="last", **kw), ("n_in", "n_hidden", "n_out")),
}
# One size too large for each model: (constructor, the argument the message must name).
TOO_BIG = {
    "RNN": (lambda: rl.RNN(3, 5000, 4), "n_hidden"),
    "Seq2Seq": (lambda: rl.Seq2Seq(8, 6, 100_000), "n_hidden"),
    "PositionalMLP": (lambda: mlp.PositionalMLP(4, 10**6, 10, 2), "n_in"),
    "BagOfWords": (lambda: mlp.BagOfWords(3, 10**7, 2), "n_hidden"),
    "TimeDelayNetwork": (lambda: mlp.TimeDelayNetwork(3, 10**6, 10, 2), "n_in"),
}


@pytest.mark.parametrize("name", MODELS)
def test_every_model_is_built_from_its_parameter_spec(name):
    make, sizes = MODELS[name]
    model = make(seed=3, init_scale=2.0)
    assert isinstance(model, _model.Model) and model._sizes == sizes
    spec = model._param_spec()
    assert list(model.params) == list(spec)
    assert model.n_params == sum(math.prod(p.shape) for p in spec.values())
    for key, p in spec.items():
        a = model.params[key]
        assert a.shape == p.shape and a.dtype == np.float64
        if p.fan_in == 0:
            assert not a.any(), f"{key} is a bias: zeros"
    again = make(seed=3, init_scale=2.0)
    assert all(np.array_equal(again.params[k], model.params[k]) for k in spec)
    text = repr(model)
    assert text.startswith(type(model).__name__ + "(" + sizes[0] + "=")
    assert text.endswith(f"; {model.n_params} parameters)")


def test_weights_are_drawn_with_the_spread_init_scale_over_root_fan_in():
    model = rl.RNN(400, 300, 200, seed=0, init_scale=2.0)
    for key, fan_in in (("U", 400), ("W", 300), ("V", 300)):
        assert model.params[key].std() == pytest.approx(2.0 / np.sqrt(fan_in), rel=0.02)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("value, exc, message", [
    (0, ValueError, "init_scale: got 0, wanted a scale of the initial weights in (0, 10000]"),
    (-1.0, ValueError, "init_scale: got -1, wanted"),
    (2e6, ValueError, "init_scale: got 2e+06, wanted"),
    (float("nan"), ValueError, "init_scale: got nan"),
    ("1", _checks.ArgumentTypeError, "init_scale: got '1'"),
    (True, _checks.ArgumentTypeError, "init_scale: got True"),
])
def test_one_init_scale_rule_for_every_model(name, value, exc, message):
    with pytest.raises(exc) as info:
        MODELS[name][0](init_scale=value)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("name", TOO_BIG)
def test_the_size_limit_names_the_largest_size_and_the_limit(name):
    make, arg = TOO_BIG[name]
    with pytest.raises(ValueError, match=rf"^{arg}: got \d+, which makes [\d,]+ parameters, wanted at most 20,000,000"):
        make()


@pytest.mark.parametrize("name", MODELS)
def test_every_pass_checks_the_parameters_the_same_way(name):
    model = MODELS[name][0]()
    key = list(model.params)[-1]
    shape = model.params[key].shape
    model.params[key] = np.zeros((shape[0] + 1,) + shape[1:])
    with pytest.raises(ValueError, match=rf"params\['{key}'\]: got shape .*, wanted {re.escape(str(shape))} = \("):
        model._check_params()
    model.params[key] = np.zeros(shape)
    model._check_params()
    model.params[key] = np.full(shape, np.inf)
    with pytest.raises(ValueError, match=rf"params\['{key}'\]: got \d+ NaN or infinite values"):
        model._check_params()
    del model.params[key]
    with pytest.raises(ValueError, match=f"params: got no '{key}'"):
        model._check_params()


@pytest.mark.parametrize("name", MODELS)
def test_a_rounding_member_moves_every_model_in_its_last_bits(name):
    make = MODELS[name][0]
    base = make(seed=1).params
    with claims.rounding(1):
        moved = make(seed=1).params
    for k in base:
        np.testing.assert_allclose(moved[k], base[k], rtol=1e-11, atol=0)
    assert any(not np.array_equal(moved[k], base[k]) for k in base)
