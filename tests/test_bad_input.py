"""Bad input, one row per (public function, argument): each argument is wired to a check.

What a check refuses, every kind of it (wrong type, a bool for an int, NaN,
inf, shapes, limits) and how its message reads is tested once, on the helper,
in tests/test_checks.py. A row here shows that a function routes an argument
through its check: ``Bad(call, arg, value, exc, match)`` (tests/badinput.py),
where ``call(value)`` puts the bad value in place. Where an argument takes a
number or an array, there is a row for a wrong type (``TE``: an
ArgumentTypeError) and one for a wrong value (``VE``); checks of a function's
own (a sequence longer than the window, targets for a pattern without
teacher forcing, a limit) have rows of their own. ``TD`` rows: training that
diverges says so. ``GOOD`` rows: edge inputs that must still work.

Modules: functional, rnn, mlp, optim, gradcheck, data, plots, exercises
(graph, widgets, the models' skeleton and the chapters have their own tables).
"""

import numpy as np
import pytest

import rnnlib as rl
from badinput import TD, TE, VE, Bad, ids, refused
from rnnlib import data as d
from rnnlib import exercises as ex
from rnnlib import functional as F
from rnnlib import gradcheck as gc
from rnnlib import mlp, optim, plots, rnn

NAN, INF = np.nan, np.inf


def nan_at(shape, where=0):
    a = np.zeros(shape)
    a.flat[where] = np.nan
    return a


def inf_at(shape, where=0):
    a = np.zeros(shape)
    a.flat[where] = np.inf
    return a


RAGGED = [[1.0, 2.0], [3.0]]
DELETE = object()  # a params entry a reader deleted


def half(s):
    return 0.5 * s

O23 = np.zeros((2, 3))

# --------------------------------------------------------------------------- functional

FUNCTIONAL = [
    Bad(F.log_softmax, "o", "abc", TE),
    Bad(F.log_softmax, "o", nan_at((2, 3)), VE, "NaN"),
    Bad(F.softmax, "o", {"a": 1}, TE),
    Bad(F.softmax, "o", np.zeros((2, 0)), VE),
    Bad(lambda o: F.cross_entropy(o, [0, 1]), "o", "abc", TE),
    Bad(lambda o: F.cross_entropy(o, [0, 1]), "o", -inf_at((2, 3)), VE),
    Bad(lambda y: F.cross_entropy(O23, y), "y", "ab", TE),
    Bad(lambda y: F.cross_entropy(O23, y), "y", [0, 3], VE),
    Bad(lambda y: F.cross_entropy(np.zeros((1, 3)), y), "y", [-1], VE, "-1"),
    Bad(lambda y: F.one_hot(y, 3), "y", "abc", TE),
    Bad(lambda y: F.one_hot(y, 3), "y", [[0, -2]], VE),
    Bad(lambda n: F.one_hot([0], n), "n", 2.5, TE),
    Bad(lambda n: F.one_hot([0], n), "n", 0, VE),
    Bad(lambda n: F.one_hot([0], n), "n", 10**9, VE),
    Bad(lambda y: F.one_hot(y, 1000), "n", np.zeros(10**6, int), VE, "wanted at most"),
]


# --------------------------------------------------------------------------- rnn

def rnn_model(pattern="hidden"):
    return rl.RNN(3, 5, 4, pattern=pattern, seed=0)


def edited(key, value, pattern="hidden"):
    """An RNN whose params[key] a reader replaced by ``value`` (or deleted)."""
    model = rnn_model(pattern)
    if value is DELETE:
        del model.params[key]
    else:
        model.params[key] = value
    return model


def params_replaced(value):
    model = rnn_model()
    model.params = value
    return model


def huge_v(model):
    model.params["V"][:] = 1e308
    return model


X, Y = np.zeros((4, 2, 3)), np.zeros((4, 2), int)
X1 = np.ones((4, 2, 3))
P = rnn_model().params


def unfold_f(f):
    return rnn.unfold(f, np.ones(2), tau=2)


def unfold_x(x):
    return rnn.unfold(lambda s, x_t: s, np.zeros(2), x=x)


RNN = [
    Bad(lambda v: rl.RNN(v, 5, 4), "n_in", 2.5, TE),
    Bad(lambda v: rl.RNN(v, 5, 4), "n_in", 0, VE),
    Bad(lambda v: rl.RNN(3, v, 4), "n_hidden", True, TE),
    Bad(lambda v: rl.RNN(3, v, 4), "n_hidden", -1, VE),
    Bad(lambda v: rl.RNN(3, 5, v), "n_out", np.float64(3), TE),
    Bad(lambda v: rl.RNN(3, 5, v), "n_out", 0, VE),
    Bad(lambda v: rl.RNN(3, v, 4), "n_hidden", 100_000, VE, "wanted at most 20,000,000"),
    Bad(lambda v: rl.RNN(v, 5, 4), "n_in", 10**8, VE, "wanted at most 20,000,000"),
    Bad(lambda v: rl.RNN(3, 5, 4, pattern=v), "pattern", ["hidden"], TE),
    Bad(lambda v: rl.RNN(3, 5, 4, pattern=v), "pattern", "Hidden", VE),
    Bad(lambda v: rl.RNN(3, 5, 4, seed=v), "seed", 1.5, TE),
    Bad(lambda v: rl.RNN(3, 5, 4, seed=v), "seed", -1, VE),
    Bad(lambda v: rl.RNN(3, 5, 4, init_scale=v), "init_scale", "1", TE),
    Bad(lambda v: rl.RNN(3, 5, 4, init_scale=v), "init_scale", 0, VE),
    Bad(lambda v: rnn.n_params(v, 5, 4), "n_in", "3", TE),
    Bad(lambda v: rnn.n_params(v, 5, 4), "n_in", -1, VE),
    Bad(lambda v: rnn.n_params(3, v, 4), "n_hidden", None, TE),
    Bad(lambda v: rnn.n_params(3, v, 4), "n_hidden", 0, VE),
    Bad(lambda v: rnn.n_params(3, 5, v), "n_out", [3], TE),
    Bad(lambda v: rnn.n_params(3, 5, v), "n_out", 0, VE),
    Bad(lambda v: rnn.n_params(4, 5, 3, pattern=v), "pattern", 5, TE),
    Bad(lambda v: rnn.n_params(4, 5, 3, pattern=v), "pattern", "bogus", VE),
    # x, h0, y and targets, through every pass
    Bad(lambda x: rnn_model().forward(x), "x", "abc", TE),
    Bad(lambda x: rnn_model().forward(x), "x", nan_at((4, 2, 3), 5), VE),
    Bad(lambda x: rnn_model("last").loss_and_grads(x, [0, 1]), "x", {"x": 1}, TE),
    Bad(lambda x: rnn_model("last").loss_and_grads(x, [0, 1]), "x", np.zeros((4, 2, 5)), VE),
    Bad(lambda x: rnn_model("output").backward(x, Y), "x", np.zeros((0, 2, 3)), VE),
    Bad(lambda x: rnn_model().predict(x), "x", np.zeros(3), VE),
    Bad(lambda h: rnn_model().forward(X, h), "h0", "zeros", TE),
    Bad(lambda h: rnn_model().forward(X, h), "h0", np.zeros((2, 6)), VE),
    Bad(lambda h: rnn_model("output").loss_and_grads(X, Y, h), "h0", RAGGED, VE),
    Bad(lambda h: rnn_model("last").loss_and_grads(X, [0, 1], h), "h0", "zeros", TE),
    Bad(lambda h: rnn_model("output").forward(X, h), "h0", np.zeros((2, 5)), VE, "the output fed back"),
    Bad(lambda y: rnn_model().loss_and_grads(X, y), "y", "0", TE),
    Bad(lambda y: rnn_model().loss_and_grads(X, y), "y", np.full((4, 2), 4), VE),
    Bad(lambda y: rnn_model("output").backward(X, y), "y", "0", TE),
    Bad(lambda y: rnn_model("output").backward(X, y), "y", np.zeros((5, 2), int), VE),
    Bad(lambda y: rnn_model("last").backward(X, y), "y", np.zeros((4, 2), int), VE, "(batch,)"),
    Bad(lambda t: rnn_model().forward(X, targets=t), "targets", Y, VE, "pattern 'output' only"),
    Bad(lambda t: rnn_model("last").forward(X, targets=t), "targets", Y, VE),
    Bad(lambda t: rnn_model("output").forward(X, targets=t), "y", Y + 4, VE),
    # parameters a reader edited, checked where they are used
    Bad(lambda v: edited("U", v).forward(X), "params['U']", P["U"].tolist(), TE),
    Bad(lambda v: edited("W", v).forward(X), "params['W']", np.zeros(1), VE),
    Bad(lambda v: edited("b", v).forward(X), "params['b']", np.zeros(1), VE,
        "got shape (1,), wanted (5,) = (n_hidden,)"),
    Bad(lambda v: edited("U", v).forward(np.ones((4, 2, 3))), "params['U']", inf_at((5, 3)), VE, "infinite"),
    Bad(lambda v: edited("V", v, "output").loss_and_grads(X, Y), "params['V']", None, TE),
    Bad(lambda v: edited("W", v, "output").loss_and_grads(X, Y), "params['W']", np.zeros((5, 5)), VE,
        "(n_hidden, n_out)"),
    Bad(lambda v: edited("b", v, "last").loss_and_grads(X1, [0, 1]), "params['b']", inf_at(5), VE, "infinite"),
    Bad(lambda v: edited("c", v, "last").predict(X), "params['c']", np.zeros(1), VE),
    Bad(lambda v: edited("c", v).backward(X, Y), "params['c']", np.zeros(4, int), VE, "dtype"),
    Bad(lambda v: edited(v, DELETE).forward(X), "params", "W", VE, "got no 'W'"),
    Bad(lambda v: edited("Z", v).forward(X), "params", np.zeros(2), VE, "extra key"),
    Bad(lambda v: params_replaced(v).forward(X), "params", [1, 2], TE),
    Bad(lambda v: params_replaced(v).loss_and_grads(X, Y), "params", None, TE),
    Bad(lambda x: huge_v(rnn_model()).forward(x), "params['V']", X1, VE, "|entries| <= 1e6"),
    Bad(lambda x: huge_v(rnn_model()).loss_and_grads(x, Y), "params['V']", X1, VE, "|entries| <= 1e6"),
    # rnn.step
    Bad(lambda v: rnn.step(v, np.zeros(3), np.zeros(5)), "params", [1], TE),
    Bad(lambda v: rnn.step(v, np.zeros(3), np.zeros(5)), "params", {"U": P["U"], "b": P["b"]}, VE),
    Bad(lambda v: rnn.step(v, np.zeros(3), np.zeros(5)), "params", {**P, "U": np.zeros(3)}, VE),
    Bad(lambda v: rnn.step({**P, "b": v}, np.zeros(3), np.zeros(5)), "params['b']", np.zeros(2), VE),
    Bad(lambda v: rnn.step(P, v, np.zeros(5)), "x_t", "abc", TE),
    Bad(lambda v: rnn.step(P, v, np.zeros(5)), "x_t", np.zeros(4), VE),
    Bad(lambda v: rnn.step(P, v, np.zeros(5)), "x_t", nan_at(3), VE),
    Bad(lambda v: rnn.step(P, np.zeros((2, 3)), v), "r_prev", "abc", TE),
    Bad(lambda v: rnn.step(P, np.zeros((2, 3)), v), "r_prev", np.zeros(5), VE, "leading axes"),
    Bad(lambda v: rnn.step(P, np.zeros(3), v), "r_prev", inf_at(5), VE),
    # rnn.unfold
    Bad(lambda f: rnn.unfold(f, np.zeros(2), tau=2), "f", 3, TE),
    Bad(lambda s: rnn.unfold(half, s, tau=2), "s0", "ab", TE),
    Bad(lambda s: rnn.unfold(half, s, tau=2), "s0", RAGGED, VE),
    Bad(lambda s: rnn.unfold(half, s, tau=2), "s0", [NAN], VE),
    Bad(lambda t: rnn.unfold(half, np.zeros(2), tau=t), "tau", None, VE, "when there is no input x"),
    Bad(lambda t: rnn.unfold(half, np.zeros(2), tau=t), "tau", 2.5, TE),
    Bad(lambda t: rnn.unfold(half, np.zeros(2), tau=t), "tau", 0, VE),
    Bad(lambda t: rnn.unfold(half, np.zeros(2), tau=t), "tau", 10**9, VE),
    Bad(lambda t: rnn.unfold(half, np.zeros(10**4), tau=t), "tau", 10**4, VE, "wanted at most"),
    Bad(unfold_x, "x", "abc", TE),
    Bad(unfold_x, "x", np.zeros((0, 2)), VE),
    Bad(unfold_x, "x", 1.0, VE),
    Bad(unfold_x, "x", nan_at((3, 2)), VE),
    Bad(lambda t: rnn.unfold(lambda s, x_t: s, np.zeros(2), x=np.zeros((3, 2)), tau=t), "tau", 4, VE),
    Bad(lambda t: rnn.unfold(lambda s, x_t: s, np.zeros(2), x=np.zeros((3, 2)), tau=t), "tau", 3.0, TE),
    Bad(unfold_f, "f", lambda s: s[:1], VE, "returned shape (1,)"),
    Bad(unfold_f, "f", lambda s: s * 1e200, VE, "overflowed"),
    Bad(unfold_f, "f", lambda s: s * np.nan, VE, "NaN"),
    Bad(unfold_f, "f", lambda s: "abc", TE),
    Bad(unfold_f, "f", lambda s: np.array(["a", "b"]), VE, "dtype"),
    Bad(unfold_f, "f", lambda s: None, VE),
]


# --------------------------------------------------------------------------- mlp

def mlp_model():
    return mlp.PositionalMLP(4, 3, 5, 2, seed=0)


def bag_model():
    return mlp.BagOfWords(3, 5, 2, seed=0)


def with_param(model, key, value):
    """``model`` with params[key] replaced by ``value`` (or deleted)."""
    if value is DELETE:
        del model.params[key]
    else:
        model.params[key] = value
    return model


XM, YM = np.zeros((3, 2, 3)), np.array([0, 1])

MLP = [
    Bad(lambda v: mlp.PositionalMLP(v, 3, 5, 2), "window", 4.0, TE),
    Bad(lambda v: mlp.PositionalMLP(v, 3, 5, 2), "window", 0, VE),
    Bad(lambda v: mlp.PositionalMLP(4, v, 5, 2), "n_in", "3", TE),
    Bad(lambda v: mlp.PositionalMLP(4, v, 5, 2), "n_in", -1, VE),
    Bad(lambda v: mlp.PositionalMLP(4, 3, v, 2), "n_hidden", None, TE),
    Bad(lambda v: mlp.PositionalMLP(4, 3, v, 2), "n_hidden", 0, VE),
    Bad(lambda v: mlp.PositionalMLP(4, 3, 5, v), "n_out", np.float64(3), TE),
    Bad(lambda v: mlp.PositionalMLP(4, 3, 5, v), "n_out", 0, VE),
    Bad(lambda v: mlp.PositionalMLP(v, 1000, 100, 2), "window", 1000, VE, "wanted at most 20,000,000"),
    Bad(lambda v: mlp.PositionalMLP(4, 3, 5, 2, seed=v), "seed", np.bool_(True), TE),
    Bad(lambda v: mlp.PositionalMLP(4, 3, 5, 2, seed=v), "seed", -1, VE),
    Bad(lambda v: mlp.PositionalMLP(4, 3, 5, 2, init_scale=v), "init_scale", True, TE),
    Bad(lambda v: mlp.PositionalMLP(4, 3, 5, 2, init_scale=v), "init_scale", 1e308, VE),
    Bad(lambda v: mlp.n_params_per_position(v, 3, 5, 2), "window", 2.5, TE),
    Bad(lambda v: mlp.n_params_per_position(v, 3, 5, 2), "window", 0, VE),
    Bad(lambda v: mlp.n_params_per_position(4, v, 5, 2), "n_in", True, TE),
    Bad(lambda v: mlp.n_params_per_position(4, v, 5, 2), "n_in", 0, VE),
    Bad(lambda v: mlp.n_params_per_position(4, 3, v, 2), "n_hidden", "5", TE),
    Bad(lambda v: mlp.n_params_per_position(4, 3, v, 2), "n_hidden", -1, VE),
    Bad(lambda v: mlp.n_params_per_position(4, 3, 5, v), "n_out", [2], TE),
    Bad(lambda v: mlp.n_params_per_position(4, 3, 5, v), "n_out", 0, VE),
    Bad(lambda x: mlp_model().forward(x), "x", "abc", TE),
    Bad(lambda x: mlp_model().forward(x), "x", np.zeros((3, 2, 4)), VE),
    Bad(lambda x: mlp_model().forward(x), "x", np.zeros((5, 2, 3)), VE, "at most window = 4"),
    Bad(lambda x: mlp_model().loss_and_grads(x, YM), "x", {"x": 1}, TE),
    Bad(lambda x: mlp_model().loss_and_grads(x, YM), "x", inf_at((3, 2, 3)), VE),
    Bad(lambda y: mlp_model().loss_and_grads(XM, y), "y", "01", TE),
    Bad(lambda y: mlp_model().loss_and_grads(XM, y), "y", [0, 2], VE),
    Bad(lambda v: with_param(mlp_model(), "U", v).forward(XM), "params['U']", [[0.0]], TE),
    Bad(lambda v: with_param(mlp_model(), "U", v).forward(XM), "params['U']", np.zeros((4, 5, 3), int), VE),
    Bad(lambda v: with_param(mlp_model(), "c", v).loss_and_grads(XM, YM), "params['c']", [0.0, 0.0], TE),
    Bad(lambda v: with_param(mlp_model(), "c", v).loss_and_grads(XM, YM), "params['c']", np.full(2, NAN), VE),
    Bad(lambda v: with_param(mlp_model(), v, DELETE).forward(XM), "params", "b", VE),
    Bad(lambda v: mlp.BagOfWords(v, 5, 2), "n_in", 2.5, TE),
    Bad(lambda v: mlp.BagOfWords(v, 5, 2), "n_in", 0, VE),
    Bad(lambda v: mlp.BagOfWords(3, v, 2), "n_hidden", True, TE),
    Bad(lambda v: mlp.BagOfWords(3, v, 2), "n_hidden", -1, VE),
    Bad(lambda v: mlp.BagOfWords(3, 5, v), "n_out", None, TE),
    Bad(lambda v: mlp.BagOfWords(3, 5, v), "n_out", 0, VE),
    Bad(lambda v: mlp.BagOfWords(v, 10**3, 2), "n_in", 10**6, VE, "wanted at most 20,000,000"),
    Bad(lambda v: mlp.BagOfWords(3, 5, 2, seed=v), "seed", "abc", TE),
    Bad(lambda v: mlp.BagOfWords(3, 5, 2, seed=v), "seed", -1, VE),
    Bad(lambda v: mlp.BagOfWords(3, 5, 2, init_scale=v), "init_scale", np.ones(2), TE),
    Bad(lambda v: mlp.BagOfWords(3, 5, 2, init_scale=v), "init_scale", NAN, VE),
    Bad(lambda x: bag_model().forward(x), "x", "abc", TE),
    Bad(lambda x: bag_model().forward(x), "x", np.zeros((4, 0, 3)), VE),
    Bad(lambda x: bag_model().loss_and_grads(x, YM), "x", {"x": 1}, TE),
    Bad(lambda x: bag_model().loss_and_grads(x, YM), "x", np.full((4, 2, 3), "a"), VE),
    Bad(lambda v: with_param(bag_model(), "V", v).forward(XM), "params['V']", None, TE),
    Bad(lambda v: with_param(bag_model(), "V", v).forward(XM), "params['V']", np.zeros(1), VE),
    Bad(lambda v: with_param(bag_model(), "b", v).loss_and_grads(XM, YM), "params['b']", [0.0] * 5, TE),
    Bad(lambda v: with_param(bag_model(), "b", v).loss_and_grads(XM, YM), "params['b']", np.full(5, NAN), VE),
    Bad(lambda v: with_param(bag_model(), v, DELETE).loss_and_grads(XM, YM), "params", "U", VE),
]


# --------------------------------------------------------------------------- optim

def train(**kwargs):
    args = dict(model=rl.RNN(3, 4, 2, seed=0), steps=2, progress=False,
                data=(np.random.default_rng(0).normal(size=(3, 2, 3)), np.array([[0, 1], [1, 0], [0, 0]])))
    args.update(kwargs)
    return optim.train(**args)


class NotAModel:
    params = {}


class Returning:
    """A model whose loss_and_grads returns ``value``."""

    def __init__(self, value, params=None):
        self.value, self.params = value, params or {"w": np.ones(2)}

    def loss_and_grads(self, x, y):
        return self.value


def gradients(grads):
    """A model of two parameters whose gradients are ``grads``."""
    return Returning((1.0, {k: np.array(g, dtype=float) for k, g in grads.items()}),
                     {"a": np.ones(2), "w": np.ones(2)})


class Spoiler:
    """An optimizer of the reader's own that makes params['w'] NaN at step ``at`` (and leaves it finite before)."""

    def __init__(self, at):
        self.at, self.t = at, 0

    def step(self, params, grads):
        if self.t == self.at:
            params["w"][0] = np.nan
        self.t += 1


def step_twice(optimizer):
    """One optimizer used for two models: the second's params do not match the state kept."""
    optimizer.step({"w": np.zeros(2)}, {"w": np.ones(2)})
    optimizer.step({"w": np.zeros(3)}, {"w": np.ones(3)})


GRADS, W2 = {"w": np.array([3.0, 4.0])}, {"w": np.zeros(2)}

OPTIM = [
    Bad(lambda v: optim.SGD(lr=v), "lr", "0.1", TE),
    Bad(lambda v: optim.SGD(lr=v), "lr", 0, VE),
    Bad(lambda v: optim.SGD(momentum=v), "momentum", True, TE),
    Bad(lambda v: optim.SGD(momentum=v), "momentum", 1.0, VE),
    Bad(lambda v: optim.Adam(lr=v), "lr", None, TE),
    Bad(lambda v: optim.Adam(lr=v), "lr", INF, VE),
    Bad(lambda v: optim.Adam(eps=v), "eps", np.zeros(2), TE),
    Bad(lambda v: optim.Adam(eps=v), "eps", -1.0, VE),
    Bad(lambda v: optim.Adam(beta1=v), "beta1", "0.9", TE),
    Bad(lambda v: optim.Adam(beta1=v), "beta1", -0.1, VE),
    Bad(lambda v: optim.Adam(beta2=v), "beta2", None, TE),
    Bad(lambda v: optim.Adam(beta2=v), "beta2", NAN, VE),
    Bad(lambda v: optim.clip_grad_norm(GRADS, v), "max_norm", True, TE),
    Bad(lambda v: optim.clip_grad_norm(GRADS, v), "max_norm", NAN, VE),
    Bad(lambda g: optim.clip_grad_norm(g, 1.0), "grads", [1.0], TE),
    Bad(lambda g: optim.clip_grad_norm(g, 1.0), "grads['w']", {"w": RAGGED}, VE),
    Bad(optim.global_norm, "grads", [1.0], TE),
    Bad(optim.global_norm, "grads['w']", {"w": np.array([INF])}, VE),
    Bad(optim.global_norm, "grads['w']", {"w": np.array(["a"])}, VE),
    Bad(lambda p: optim.SGD().step(p, W2), "params", [np.zeros(2)], TE),
    Bad(lambda g: optim.SGD().step(W2, g), "grads", [np.zeros(2)], TE),
    Bad(lambda g: optim.SGD().step(W2, g), "grads", {"v": np.zeros(2)}, VE),
    Bad(lambda g: optim.SGD().step({"w": np.zeros((2, 2))}, g), "grads['w']", {"w": np.zeros(2)}, VE),
    Bad(lambda p: optim.SGD().step(p, W2), "params['w']", {"w": np.zeros(2, int)}, VE),
    Bad(lambda p: optim.Adam().step(p, W2), "params", [np.zeros(2)], TE),
    Bad(lambda g: optim.Adam().step(W2, g), "grads", [np.zeros(2)], TE),
    Bad(lambda g: optim.Adam().step(W2, g), "grads['w']", {"w": nan_at(2)}, VE),
    Bad(lambda p: optim.Adam().step(p, W2), "params['w']", {"w": [0.0, 0.0]}, VE),
    Bad(step_twice, "params['w']", optim.SGD(momentum=0.5), VE),
    Bad(step_twice, "params['w']", optim.Adam(), VE),
    Bad(lambda g: optim.SGD(lr=1e308).step({"w": np.full(2, -1e308)}, g), "", {"w": np.full(2, 1e300)}, TD,
        "the update made params 'w'"),
    Bad(lambda g: optim.Adam(lr=1e308).step({"w": np.full(2, -1e308)}, g), "", {"w": np.full(2, 1e300)}, TD,
        "the update made params 'w'"),
    Bad(lambda v: train(clip=v), "clip", "1", TE),
    Bad(lambda v: train(clip=v), "clip", 0, VE, "clip: got 0, wanted"),
    Bad(lambda v: train(model=v), "model", "rnn", TE),
    Bad(lambda v: train(model=v), "model", NotAModel(), TE),
    Bad(lambda v: train(data=v), "data", [1, 2, 3], TE),
    Bad(lambda v: train(data=v), "data", (1, 2, 3), TE),
    Bad(lambda v: train(data=v), "data", lambda i: None, TE),
    Bad(lambda v: train(data=v), "data", lambda i: np.zeros((3, 2, 3)), TE),
    Bad(lambda v: train(optimizer=v), "optimizer", "adam", TE),
    Bad(lambda v: train(optimizer=v), "optimizer", optim.Adam, TE),
    Bad(lambda v: train(progress=v), "progress", 1, TE),
    Bad(lambda v: train(label=v), "label", None, TE),
    Bad(lambda v: train(steps=v), "steps", 2.5, TE),
    Bad(lambda v: train(steps=v), "steps", 0, VE),
    Bad(lambda v: train(steps=v), "steps", 10**9, VE),
    Bad(lambda v: train(model=v), "model", Returning(1.0), TE, "(loss, grads dict) pair"),
    Bad(lambda v: train(model=v), "model", Returning(("1.0", {"w": np.ones(2)})), TE, "a real number"),
    Bad(lambda v: train(model=v), "model", Returning((True, {"w": np.ones(2)})), TE, "a real number"),
    Bad(lambda v: train(model=v), "", Returning((NAN, {"w": np.ones(2)})), TD, "loss = nan"),
    Bad(lambda v: train(model=v), "", Returning((1.0, {"w": np.array([INF, 0])})), TD, "gradient norm"),
    Bad(lambda v: train(model=Returning((1.0, {"w": np.full(2, 10.0)})), steps=1, optimizer=v), "", optim.SGD(lr=1e308),
        TD, "step 0: the update made params 'w'"),
    Bad(lambda v: train(steps=3, optimizer=v), "", optim.Adam(lr=1e308), TD, "training diverged at step"),
    # the gradient norm is the one finiteness check of the gradients: NaN or inf anywhere makes it non-finite
    Bad(lambda g: train(model=gradients(g)), "", {"a": [0.0, 0.0], "w": [NAN, 0.0]}, TD, "gradient norm"),
    Bad(lambda g: train(model=gradients(g)), "", {"a": [NAN, 0.0], "w": [0.0, 0.0]}, TD, "gradient norm"),
    Bad(lambda g: train(model=gradients(g)), "", {"a": [5.0, 0.0], "w": [NAN, 1.0]}, TD, "gradient norm"),
    Bad(lambda g: train(model=gradients(g)), "", {"a": [1.0, 0.0], "w": [-INF, 1.0]}, TD, "gradient norm"),
    Bad(lambda g: train(model=gradients(g)), "", {"a": [INF, 0.0], "w": [NAN, 1.0]}, TD, "gradient norm"),
    # a reader's optimizer that spoils the parameters at the first, a middle, the last or the only step
    Bad(lambda a: train(model=gradients({"a": [1.0, 0.0], "w": [1.0, 0.0]}), steps=3, optimizer=Spoiler(a)),
        "", 0, TD, "step 0: the update made params 'w'"),
    Bad(lambda a: train(model=gradients({"a": [1.0, 0.0], "w": [1.0, 0.0]}), steps=3, optimizer=Spoiler(a)),
        "", 1, TD, "step 1: the update made params 'w'"),
    Bad(lambda a: train(model=gradients({"a": [1.0, 0.0], "w": [1.0, 0.0]}), steps=3, optimizer=Spoiler(a)),
        "", 2, TD, "step 2: the update made params 'w'"),
    Bad(lambda a: train(model=gradients({"a": [1.0, 0.0], "w": [1.0, 0.0]}), steps=1, optimizer=Spoiler(a)),
        "", 0, TD, "step 0: the update made params 'w'"),
]


# --------------------------------------------------------------------------- gradcheck

def quad(p):
    return lambda: (float(np.sum(p["w"] ** 3)), {"w": 3 * p["w"] ** 2})


PW = {"w": np.arange(1.0, 7.0).reshape(2, 3)}


def numerical(params):
    return gc.numerical_gradients(lambda: 0.0, params)


def loss_of(value):
    return gc.numerical_gradients(lambda: value, {"w": np.zeros(2)})


def checked(result):
    return gc.check_gradients(lambda: result, PW)


GRADCHECK = [
    Bad(lambda f: gc.numerical_gradients(f, PW), "loss_fn", 1.0, TE),
    Bad(numerical, "params", [np.zeros(2)], TE),
    Bad(numerical, "params['w']", {"w": np.arange(3)}, VE, "dtype"),
    Bad(numerical, "params['w']", {"w": np.zeros(3, np.float32)}, VE),
    Bad(numerical, "params['w']", {"w": np.zeros(3, bool)}, VE),
    Bad(numerical, "params['w']", {"w": [1.0, 2.0]}, TE),
    Bad(numerical, "params['w']", {"w": np.broadcast_to(1.0, (3,))}, VE, "read-only"),
    Bad(numerical, "params", {"w": np.zeros(10**6)}, VE, "wanted at most"),
    Bad(loss_of, "loss_fn", "1", TE),
    Bad(loss_of, "loss_fn", None, TE),
    Bad(loss_of, "loss_fn", np.zeros(2), TE),
    Bad(loss_of, "loss_fn", NAN, VE),
    Bad(lambda e: gc.numerical_gradients(quad(PW), PW, e), "eps", "1e-6", TE),
    Bad(lambda e: gc.numerical_gradients(quad(PW), PW, e), "eps", 0.5, VE),
    Bad(lambda f: gc.check_gradients(f, PW), "loss_and_grads", "f", TE),
    Bad(checked, "loss_and_grads", 1.0, TE),
    Bad(checked, "loss_and_grads", (0.0, {}), VE),
    Bad(checked, "loss_and_grads", (0.0, {"w": np.zeros(6)}), VE),
    Bad(checked, "loss_and_grads", (0.0, {"w": nan_at((2, 3))}), VE),
    Bad(checked, "loss_and_grads", (NAN, {"w": np.zeros((2, 3))}), VE),
    Bad(lambda p: gc.check_gradients(quad(p), p), "params['w']", {"w": np.arange(3)}, VE),
    Bad(lambda e: gc.check_gradients(quad(PW), PW, e), "eps", True, TE),
    Bad(lambda e: gc.check_gradients(quad(PW), PW, e), "eps", -1e-6, VE),
    Bad(lambda a: gc.relative_error(a, np.zeros(3)), "a", "a", TE),
    Bad(lambda a: gc.relative_error(a, np.zeros(2)), "a", nan_at(2), VE),
    Bad(lambda b: gc.relative_error(np.zeros(2), b), "b", np.zeros(3), VE),
    Bad(lambda b: gc.relative_error(np.zeros(2), b), "b", inf_at(2), VE),
]


# --------------------------------------------------------------------------- data

S = d.year_sentences(30, seed=0, lengths=range(5, 8))

DATA = [
    Bad(lambda v: d.reachable(lengths=v), "lengths", "5", TE),
    Bad(lambda v: d.reachable(lengths=v), "lengths", [], VE),
    Bad(lambda v: d.reachable(positions=v), "positions", [True], TE),
    Bad(lambda v: d.reachable(positions=v), "positions", range(10**6), VE),
    Bad(lambda v: d.year_sentences(5, seed=0, lengths=v), "lengths", [1.5], TE),
    Bad(lambda v: d.year_sentences(5, seed=0, lengths=v), "lengths", [3], VE, "reachable length"),
    Bad(lambda v: d.year_sentences(5, seed=0, lengths=v), "lengths", [-3], VE),
    Bad(lambda v: d.year_sentences(5, seed=0, positions=v), "positions", {5: 1}, TE),
    Bad(lambda v: d.year_sentences(5, seed=0, positions=v), "positions", range(10**6), VE),
    Bad(lambda v: d.year_sentences(5, seed=0, lengths=[6], positions=v), "positions", [9], VE, "reachable"),
    Bad(lambda v: d.year_sentences(v, seed=0), "n", 2.5, TE),
    Bad(lambda v: d.year_sentences(v, seed=0), "n", 0, VE),
    Bad(lambda v: d.year_sentences(v, seed=0), "n", 10**9, VE, "generate in parts"),
    Bad(lambda v: d.year_sentences(5, seed=v), "seed", True, TE),
    Bad(lambda v: d.year_sentences(5, seed=v), "seed", -1, VE),
    Bad(S.text, "i", 1.5, TE),
    Bad(S.text, "i", 30, VE),
    Bad(S.subset, "indices", 3, TE),
    Bad(S.subset, "indices", [0, 30], VE),
    Bad(S.subset, "indices", [True, False], VE, "boolean mask"),
    Bad(S.batch, "indices", "a", TE),
    Bad(S.batch, "indices", [[0, 1]], VE),
    Bad(S.batch, "indices", [], VE, "no sentences"),
    Bad(S.batch, "indices", np.arange(30), VE, "by_length()"),
    Bad(d.by_length, "sentences", [["i", "went"]], TE),
    Bad(d.by_length, "sentences", S.subset([]), VE),
    Bad(lambda s: d.padded(s, 8), "sentences", "abc", TE),
    Bad(lambda s: d.padded(s, 8), "sentences", S.subset([]), VE),
    Bad(lambda s: d.padded(s, 5), "sentences", S, VE, "window = 5"),
    Bad(lambda w: d.padded(S, w), "window", None, TE),
    Bad(lambda w: d.padded(S, w), "window", 0, VE),
    Bad(lambda w: d.padded(S, w), "window", 10**7, VE, "wanted at most"),
    Bad(lambda s: d.batches(s, 4), "sentences", None, TE),
    Bad(lambda s: d.batches(s, 4), "sentences", S.subset([]), VE),
    Bad(lambda b: d.batches(S, b), "batch_size", 4.0, TE),
    Bad(lambda b: d.batches(S, b), "batch_size", 10**6, VE),
    Bad(lambda v: d.batches(S, 4, seed=v), "seed", [1], TE),
    Bad(lambda v: d.batches(S, 4, seed=v), "seed", -1, VE),
    Bad(lambda w: d.batches(S, 4, window=w), "window", "3", TE),
    Bad(lambda w: d.batches(S, 4, window=w), "window", -1, VE),
    Bad(d.batches(S, 4), "step", 1.5, TE),
    Bad(d.batches(S, 4), "step", -1, VE),
    Bad(d.batches(S, 4, window=8), "step", None, TE),
    Bad(d.batches(S, 4, window=8), "step", -1, VE),
    Bad(d.tokenize, "text", 2009, TE),
    Bad(d.encode, "text", 2009, TE),
    Bad(d.encode, "text", "I went to Atlantis", VE, "'atlantis'"),
    Bad(d.encode, "text", "!", VE, "no words"),
    Bad(lambda v: d.two_trip_sentences(v, seed=0), "n", "3", TE),
    Bad(lambda v: d.two_trip_sentences(v, seed=0), "n", 10**8, VE),
    Bad(lambda v: d.two_trip_sentences(5, seed=v), "seed", 1.5, TE),
    Bad(lambda v: d.two_trip_sentences(5, seed=v), "seed", -1, VE),
    Bad(lambda v: d.delay_task(3, 5, 4, 2, seed=v), "seed", "abc", TE),
    Bad(lambda v: d.delay_task(3, 5, 4, 2, seed=v), "seed", -1, VE),
    Bad(lambda v: d.delay_task(3, 5, 4, v, seed=0), "delay", np.float64(2), TE),
    Bad(lambda v: d.delay_task(3, 5, 4, v, seed=0), "delay", 5, VE),
    Bad(lambda v: d.delay_task(v, 20, 4, 1, seed=0), "n", 10**7, VE, "wanted at most"),
    Bad(lambda v: d.delay_task(10, v, 4, 1, seed=0), "tau", 10**7, VE, "wanted at most"),
    Bad(lambda v: d.delay_task(10, 20, v, 1, seed=0), "n_symbols", 10**7, VE, "wanted at most"),
    Bad(lambda v: d.number_pairs(5, seed=0, max_digits=v), "max_digits", 2.0, TE),
    Bad(lambda v: d.number_pairs(5, seed=0, max_digits=v), "max_digits", 6, VE),
    Bad(d.number_words, "n", True, TE),
    Bad(d.number_words, "n", 100_000, VE),
]


# --------------------------------------------------------------------------- plots

H = np.tanh(np.random.default_rng(0).normal(size=(5, 4)))


def heat_strip_on_axes(figsize):
    fig, ax = plots.new_figure()
    return plots.heat_strip(H, ax=ax, figsize=figsize)


PLOTS = [
    Bad(plots.new_figure, "figsize", "big", TE),
    Bad(plots.new_figure, "figsize", (1000, 2), VE),
    Bad(lambda f: plots.heat_strip(H, figsize=f), "figsize", ("4", 2), TE),
    Bad(lambda f: plots.heat_strip(H, figsize=f), "figsize", (np.nan, 2), VE),
    Bad(heat_strip_on_axes, "figsize", "big", TE),
    Bad(lambda n: plots.new_figure(ncols=n), "ncols", 2.5, TE),
    Bad(lambda n: plots.new_figure(ncols=n), "ncols", 100, VE),
    Bad(lambda n: plots.new_figure(nrows=n), "nrows", True, TE),
    Bad(lambda n: plots.new_figure(nrows=n), "nrows", 0, VE),
    Bad(plots.figure_and_axes, "ax", "ax", TE),
    Bad(lambda ax: plots.heat_strip(H, ax=ax), "ax", 1, TE),
    Bad(lambda ax: plots.trajectory(np.zeros((3, 2)), ax=ax), "ax", [None], TE),
    Bad(lambda ax: plots.probabilities([1.0], ["a"], ax=ax), "ax", "ax", TE),
    Bad(plots.heat_strip, "h", "h", TE),
    Bad(plots.heat_strip, "h", np.zeros(3), VE),
    Bad(plots.heat_strip, "h", np.zeros((5000, 2)), VE, "wanted at most"),
    Bad(lambda v: plots.heat_strip(H, labels=v), "labels", 5, TE),
    Bad(lambda v: plots.heat_strip(H, labels=v), "labels", ["a"], VE),
    Bad(lambda v: plots.heat_strip(H, highlight=v), "highlight", 1.5, TE),
    Bad(lambda v: plots.heat_strip(H, highlight=v), "highlight", 6, VE),
    Bad(lambda v: plots.heat_strip(H, vmax=v), "vmax", "1", TE),
    Bad(lambda v: plots.heat_strip(H, vmax=v), "vmax", 0, VE),
    Bad(lambda v: plots.heat_strip(H, title=v), "title", 5, TE),
    Bad(lambda v: plots.heat_strip(H, colorbar=v), "colorbar", "yes", TE),
    Bad(lambda v: plots.heat_strip(H, unit_label=v), "unit_label", None, TE),
    Bad(plots.trajectory, "states", "s", TE),
    Bad(plots.trajectory, "states", np.zeros((3, 3)), VE),
    Bad(lambda v: plots.trajectory(np.zeros((3, 2)), highlight=v), "highlight", 1.0, TE),
    Bad(lambda v: plots.trajectory(np.zeros((3, 2)), highlight=v), "highlight", 3, VE),
    Bad(lambda v: plots.trajectory(np.zeros((3, 2)), title=v), "title", ["t"], TE),
    Bad(lambda v: plots.param_counts(v, {"a": [1, 2]}), "lengths", "123", TE),
    Bad(lambda v: plots.param_counts(v, {"a": [1, 2]}), "lengths", [1, NAN], VE),
    Bad(lambda v: plots.param_counts([1, 2], v), "counts", [1, 2], TE),
    Bad(lambda v: plots.param_counts([1, 2], v), "counts", {}, VE),
    Bad(lambda v: plots.param_counts([1, 2], v), "counts['a']", {"a": "12"}, TE),
    Bad(lambda v: plots.param_counts([1, 2], v), "counts['a']", {"a": [1]}, VE),
    Bad(lambda v: plots.param_counts([1, 2], v, log=True), "counts['a']", {"a": [0, 1]}, VE),
    Bad(lambda v: plots.param_counts([1, 2], {"a": [1, 2]}, log=v), "log", "yes", TE),
    Bad(lambda v: plots.param_counts([1, 2], {"a": [1, 2]}, title=v), "title", 1, TE),
    Bad(lambda p: plots.probabilities(p, ["a", "b"]), "p", "p", TE),
    Bad(lambda p: plots.probabilities(p, ["a", "b"]), "p", [0.5, 0.2], VE),
    Bad(lambda p: plots.probabilities(p, ["a", "b"]), "p", [2.0, -1.0], VE),
    Bad(lambda p: plots.probabilities(p, ["a"]), "p", [0.5, 0.5], VE, "one probability per label"),
    Bad(lambda v: plots.probabilities([0.5, 0.5], v), "labels", 2, TE),
    Bad(lambda v: plots.probabilities([0.5, 0.5], ["a", "b"], true=v), "true", 1.0, TE),
    Bad(lambda v: plots.probabilities([0.5, 0.5], ["a", "b"], true=v), "true", 2, VE),
    Bad(lambda v: plots.probabilities([0.5, 0.5], ["a", "b"], title=v), "title", 3, TE),
    Bad(plots.accuracy_bars, "table", [0.5], TE),
    Bad(plots.accuracy_bars, "table", {}, VE),
    Bad(plots.accuracy_bars, "table['rnn']", {"rnn": 0.9}, TE),
    Bad(plots.accuracy_bars, "table['rnn']['seen']", {"rnn": {"seen": True}}, TE),
    Bad(plots.accuracy_bars, "table['rnn']['seen']", {"rnn": {"seen": 95}}, VE),
    Bad(lambda v: plots.accuracy_bars({"m": {"s": 0.5}}, chance=v), "chance", "0.1", TE),
    Bad(lambda v: plots.accuracy_bars({"m": {"s": 0.5}}, chance=v), "chance", 1.5, VE),
    Bad(lambda v: plots.accuracy_bars({"m": {"s": 0.5}}, title=v), "title", 2, TE),
    Bad(lambda v: plots.Table(v, []), "header", "abc", TE),
    Bad(lambda v: plots.Table(v, []), "header", [], VE),
    Bad(lambda v: plots.Table(["a"], v), "rows", "xyz", TE),
    Bad(lambda v: plots.Table(["a"], v), "rows[0]", ["x"], TE),
    Bad(lambda v: plots.Table(["a", "b"], v), "rows[0]", [["1"]], VE),
    Bad(lambda v: plots.Table(["a"], v), "rows[1]", [["1"], ["1", "2"]], VE),
    Bad(lambda v: plots.Table(["a"], [["1"]], caption=v), "caption", 5, TE),
]


# --------------------------------------------------------------------------- exercises

ONE = [(lambda a: a == 1, "it is 1")]

EXERCISES = [
    Bad(lambda v: ex.check(v, 1, ONE, "ok"), "name", 5, TE),
    Bad(lambda v: ex.check("n", 1, ONE, v), "success", None, TE),
    Bad(lambda v: ex.check("n", 1, v, "ok"), "tests", lambda a: True, TE),
    Bad(lambda v: ex.check("n", 1, v, "ok"), "tests", [], VE),
    Bad(lambda v: ex.check("n", 1, v, "ok"), "tests[0]", ONE[0], TE),
    Bad(lambda v: ex.check("n", 1, v, "ok"), "tests[0]", [(lambda a: True,)], TE),
    Bad(lambda v: ex.check("n", 1, v, "ok"), "tests[0]", [(lambda a: True, 3)], TE),
    Bad(lambda v: ex.check("n", 1, v, "ok"), "tests[0]", [(True, "h")], TE),
    Bad(lambda v: ex.check("n", 1, ONE, "ok", expect=v), "expect", 5, TE),
    Bad(lambda v: ex.check("n", 1, ONE, "ok", expect=v), "expect", "numbr", VE),
    Bad(lambda v: ex.Result(v, True, "m"), "name", None, TE),
    Bad(lambda v: ex.Result("n", v, "m"), "passed", 1, TE),
    Bad(lambda v: ex.Result("n", v, "m"), "passed", "yes", TE),
    Bad(lambda v: ex.Result("n", True, v), "message", None, TE),
    Bad(lambda v: ex.close(1.0, v), "b", "1.0", TE),
    Bad(lambda v: ex.close(1.0, v), "b", NAN, VE),
    Bad(lambda v: ex.close(1.0, 1.0, v), "tol", "1e-8", TE),
    Bad(lambda v: ex.close(1.0, 1.0, v), "tol", 0, VE),
    Bad(lambda v: ex.is_kind(1, v), "kind", None, TE),
    Bad(lambda v: ex.is_kind(1, v), "kind", "pair", VE),
]


TABLE = {"functional": FUNCTIONAL, "rnn": RNN, "mlp": MLP, "optim": OPTIM, "gradcheck": GRADCHECK, "data": DATA,
         "plots": PLOTS, "exercises": EXERCISES}
ROWS = [row for rows in TABLE.values() for row in rows]
ROW_IDS = [f"{module}: {name}" for module, rows in TABLE.items() for name in ids(rows)]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # rows with huge parameters overflow on purpose
@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_bad_input_is_refused_naming_the_argument(row):
    refused(row)


# --------------------------------------------------------------------------- edge inputs that must still work

def with_params(model, **params):
    model.params.update(params)
    return model


def fortran():
    p = {"w": np.asfortranarray(np.arange(1.0, 7.0).reshape(2, 3))}
    return gc.check_gradients(quad(p), p)["w"]


def strided():
    p = {"w": np.arange(1.0, 13.0).reshape(3, 4)[:, ::2]}
    return gc.check_gradients(quad(p), p)["w"]


def zero_d():
    p = {"s": np.array(3.0)}
    return gc.numerical_gradients(lambda: float(p["s"] ** 2), p)["s"]


def restored_after_error():
    p = {"w": np.arange(3.0)}
    calls = []

    def loss():
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return 0.0

    with pytest.raises(RuntimeError):
        gc.numerical_gradients(loss, p)
    return p["w"]


def rnn_gradients_with_fortran_w():
    m = with_params(rnn_model(), W=np.asfortranarray(rnn_model().params["W"]))
    return gc.check_gradients(lambda: m.loss_and_grads(X, Y), m.params)


def passes(attempt, tests=None, **kwargs):
    return bool(ex.check("n", attempt, tests or [(lambda a: float(a) == 0.5, "half")], "ok", **kwargs))


GOOD = [  # (id, call, predicate on the result)
    ("one_hot np.int64", lambda: F.one_hot(np.int64(2), np.int64(3)), lambda r: r.tolist() == [0, 0, 1]),
    ("one_hot empty", lambda: F.one_hot([], 3), lambda r: r.shape == (0, 3)),
    ("one_hot int32 2-d", lambda: F.one_hot(np.array([[0, 2]], np.int32), 3), lambda r: r.shape == (1, 2, 3)),
    ("cross_entropy float32 logits, int32 labels",
     lambda: F.cross_entropy(np.zeros((2, 3), np.float32), np.array([0, 2], np.int32)),
     lambda r: r[0] == pytest.approx(2 * np.log(3))),
    ("cross_entropy Fortran logits", lambda: F.cross_entropy(np.asfortranarray(np.arange(6.0).reshape(2, 3)), [2, 2]),
     lambda r: np.isfinite(r[0])),
    ("cross_entropy batch of 1", lambda: F.cross_entropy(np.zeros((1, 4)), [3]), lambda r: r[1].shape == (1, 4)),
    ("softmax huge logits", lambda: F.softmax([1e300, -1e300]), lambda r: r.tolist() == [1.0, 0.0]),
    ("softmax int logits", lambda: F.softmax([1, 1]), lambda r: r.tolist() == [0.5, 0.5]),
    ("log_softmax one class", lambda: F.log_softmax([[5.0]]), lambda r: r.tolist() == [[0.0]]),
    # rnn
    ("RNN batch of 1", lambda: rnn_model().loss_and_grads(np.zeros((4, 1, 3)), np.zeros((4, 1), int)),
     lambda r: r[1]["W"].shape == (5, 5)),
    ("RNN tau 1", lambda: rnn_model().forward(np.ones((1, 2, 3))), lambda r: r.h.shape == (1, 2, 5)),
    ("RNN tau 1 last", lambda: rnn_model("last").loss_and_grads(np.ones((1, 2, 3)), [0, 3]),
     lambda r: np.isfinite(r[0])),
    ("RNN single sequence", lambda: rnn_model("output").loss_and_grads(np.ones((4, 3)), [0, 1, 2, 3]),
     lambda r: np.isfinite(r[0])),
    ("RNN last single label np.int64", lambda: rnn_model("last").loss_and_grads(np.ones((4, 3)), np.int64(2)),
     lambda r: np.isfinite(r[0])),
    ("RNN Fortran-ordered x", lambda: rnn_model().forward(np.asfortranarray(X1)).h,
     lambda h: np.allclose(h, rnn_model().forward(X1).h)),
    ("RNN float32 x", lambda: rnn_model().forward(np.ones((4, 2, 3), np.float32)).h, lambda h: h.dtype == np.float64),
    ("RNN int x (one-hot)", lambda: rnn_model().forward(np.eye(3, dtype=int)[[0, 1, 2, 0]][:, None]).h,
     lambda h: h.shape == (4, 1, 5)),
    ("RNN bool x", lambda: rnn_model().forward(np.ones((4, 2, 3), bool)).h, lambda h: h.shape == (4, 2, 5)),
    ("RNN list x", lambda: rnn_model().forward([[0.0, 1.0, 0.0]] * 2).h, lambda h: h.shape == (2, 5)),
    ("RNN y as nested list", lambda: rnn_model().loss_and_grads(X, Y.tolist()), lambda r: np.isfinite(r[0])),
    ("RNN y int32", lambda: rnn_model().loss_and_grads(X, Y.astype(np.int32)), lambda r: np.isfinite(r[0])),
    ("RNN np.int64 sizes", lambda: rl.RNN(np.int64(3), np.int32(5), np.int64(4)), lambda m: m.n_params == 69),
    ("RNN seed np.int64", lambda: rl.RNN(3, 5, 4, seed=np.int64(3)).params["U"],
     lambda u: np.array_equal(u, rl.RNN(3, 5, 4, seed=3).params["U"])),
    ("RNN seed None", lambda: rl.RNN(3, 5, 4, seed=None), lambda m: m.n_params == 69),
    ("RNN float32 params", lambda: with_params(rnn_model(), U=P["U"].astype(np.float32)).loss_and_grads(X, Y),
     lambda r: np.isfinite(r[0])),
    ("RNN Fortran params", lambda: with_params(rnn_model(), W=np.asfortranarray(P["W"])).forward(X),
     lambda t: t.h.shape == (4, 2, 5)),
    ("n_params np.int64", lambda: rnn.n_params(np.int64(4), 5, 3, pattern="output"), lambda n: n == 58),
    ("step any leading axes", lambda: rnn.step(P, np.zeros((4, 2, 3)), np.zeros((4, 2, 5))),
     lambda h: h.shape == (4, 2, 5)),
    ("step check=False", lambda: rnn.step(P, np.zeros((2, 3)), np.zeros((2, 5)), check=False),
     lambda h: h.shape == (2, 5)),
    ("unfold tau np.int64", lambda: rnn.unfold(half, np.ones(2), tau=np.int64(3)), lambda s: s.shape == (3, 2)),
    ("unfold scalar state", lambda: rnn.unfold(half, 1.0, tau=2), lambda s: s.tolist() == [0.5, 0.25]),
    ("unfold tau 1", lambda: rnn.unfold(half, [1.0], tau=1), lambda s: s.shape == (1, 1)),
    # mlp
    ("BagOfWords np.int64 sizes and seed", lambda: mlp.BagOfWords(np.int64(3), 5, 2, seed=np.int64(1)),
     lambda m: m.params["U"].shape == (5, 3)),
    ("BagOfWords seed None", lambda: mlp.BagOfWords(3, 5, 2, seed=None), lambda m: m.n_params == 32),
    ("PositionalMLP batch of 1, tau 1", lambda: mlp_model().loss_and_grads(np.ones((1, 1, 3)), [1]),
     lambda r: np.isfinite(r[0])),
    ("PositionalMLP single sequence, np.int64 label", lambda: mlp_model().loss_and_grads(np.ones((2, 3)), np.int64(1)),
     lambda r: np.isfinite(r[0])),
    ("PositionalMLP float32 Fortran x", lambda: mlp_model().forward(np.asfortranarray(np.ones((4, 2, 3), np.float32))),
     lambda t: t.o.shape == (2, 2)),
    ("n_params_per_position np.int64 sizes", lambda: mlp.n_params_per_position(np.int64(4), 3, 5, np.int64(2)),
     lambda n: n == 4 * 5 * 3 + 5 + 10 + 2),
    # optim
    ("_norm of NaN after a zero array is NaN", lambda: optim._norm({"a": np.zeros(2), "w": np.array([NAN, 0.0])}),
     np.isnan),
    ("train own optimizer that keeps params finite", lambda: train(optimizer=Spoiler(99), steps=3),
     lambda h: len(h.loss) == 3),
    ("a label with HTML in it is escaped", lambda: optim._Progress(3, False, '<b>"x"</b>')._bundle(1, 0.5, 0.1)[
        "text/html"], lambda h: "<b>" not in h and "&lt;b&gt;" in h),
    ("global_norm huge finite gradients", lambda: optim.global_norm({"a": np.full(4, 1e200)}),
     lambda n: n == pytest.approx(2e200)),
    ("clip huge gradients", lambda: optim.clip_grad_norm({"a": np.full(4, 1e200)}, 1.0)[0]["a"],
     lambda g: np.allclose(g, 0.5)),
    ("global_norm zero", lambda: optim.global_norm({"a": np.zeros(3)}), lambda n: n == 0.0),
    ("global_norm int grads", lambda: optim.global_norm({"a": np.array([3, 4])}), lambda n: n == 5.0),
    ("clip np.float64", lambda: optim.clip_grad_norm(GRADS, np.float64(1.0))[1], lambda n: n == 5.0),
    ("Adam beta1 0", lambda: optim.Adam(beta1=0.0, beta2=0), lambda a: a.beta1 == 0),
    ("train steps np.int64, clip", lambda: train(steps=np.int64(2), clip=1.0), lambda h: len(h.loss) == 2),
    ("train progress np.bool_", lambda: train(progress=np.bool_(False)), lambda h: len(h.loss) == 2),
    ("train batch of 1", lambda: train(data=(np.ones((2, 1, 3)), np.zeros((2, 1), int))), lambda h: len(h.loss) == 2),
    ("train list batch", lambda: train(data=lambda i: [np.ones((2, 1, 3)), np.zeros((2, 1), int)]),
     lambda h: len(h.loss) == 2),
    # gradcheck
    ("gradcheck Fortran-ordered params (issue)", fortran, lambda e: e < 1e-8),
    ("gradcheck strided params", strided, lambda e: e < 1e-8),
    ("gradcheck 0-d param", zero_d, lambda g: g == pytest.approx(6.0)),
    ("gradcheck params restored when loss_fn raises", restored_after_error, lambda w: w.tolist() == [0, 1, 2]),
    ("gradcheck eps np.float64", lambda: gc.check_gradients(quad(PW), PW, np.float64(1e-5))["w"], lambda e: e < 1e-6),
    ("relative_error huge", lambda: gc.relative_error([1e300], [1e300]), lambda e: e == 0.0),
    ("relative_error zeros", lambda: gc.relative_error(np.zeros(2), np.zeros(2)), lambda e: e == 0.0),
    ("gradcheck RNN with Fortran W", rnn_gradients_with_fortran_w, lambda errs: max(errs.values()) < 1e-6),
    # data
    ("two_trip_sentences np.int64 n and seed", lambda: d.two_trip_sentences(np.int64(3), seed=np.int64(2)),
     lambda s: len(s) == 3),
    ("delay_task np.int64 delay, Generator seed",
     lambda: d.delay_task(3, 5, 4, np.int64(4), seed=np.random.default_rng(0)), lambda r: (r[1][4] == r[2][0]).all()),
    ("number_pairs np.int64 max_digits", lambda: d.number_pairs(3, seed=0, max_digits=np.int64(2)),
     lambda p: p.values.max() < 100),
    ("batches cached one-hot equal a fresh batch",
     lambda: (lambda f: [f(i) for i in (0, 1, 0)])(d.batches(S, 4, seed=0)),
     lambda r: np.array_equal(r[0][0], r[2][0]) and np.array_equal(r[0][1], r[2][1]) and r[0][0].flags.c_contiguous
     and r[1][0].shape[1:] == (4, S.n_vocab)),
    ("year_sentences np.int64 n and seed", lambda: d.year_sentences(np.int64(3), seed=np.int64(1)),
     lambda s: len(s) == 3),
    ("year_sentences seed None", lambda: d.year_sentences(3, seed=None), lambda s: len(s) == 3),
    ("year_sentences n 1", lambda: d.year_sentences(1, seed=0), lambda s: len(s) == 1),
    ("year_sentences positions -1", lambda: d.year_sentences(20, seed=0, positions={-1}),
     lambda s: (s.position == s.length - 1).all()),
    ("reachable lengths as numpy array", lambda: d.reachable(np.array([5, 6])), lambda p: {L for L, _ in p} == {5, 6}),
    ("text(-1)", lambda: S.text(-1), lambda t: isinstance(t, str)),
    ("text(np.int64)", lambda: S.text(np.int64(2)), lambda t: isinstance(t, str)),
    ("subset empty", lambda: S.subset([]), lambda s: len(s) == 0),
    ("subset negative", lambda: S.subset([-1]), lambda s: s.tokens[0] == S.tokens[-1]),
    ("subset mask", lambda: S.subset(S.length == 5), lambda s: set(s.length) == {5}),
    ("batch of 1", lambda: S.batch([0]), lambda b: b[0].shape[1] == 1),
    ("batches seed None repeats within the sampler", lambda: (lambda f: (f(3), f(3)))(d.batches(S, 4, seed=None)),
     lambda r: np.array_equal(r[0][0], r[1][0])),
    ("batches step np.int64", lambda: d.batches(S, 4, seed=0)(np.int64(2)), lambda b: b[1].shape == (4,)),
    ("padded window np.int64", lambda: d.padded(S, np.int64(8)), lambda x: x.shape[0] == 8),
    ("encode a list of tokens", lambda: d.encode(["In", "2009", ",", "I", "went", "to", "Nepal"]),
     lambda x: x.shape == (7, len(d.vocabulary()))),
    # plots
    ("heat_strip NaN columns", lambda: plots.heat_strip(np.where(np.arange(5)[:, None] > 2, np.nan, H)),
     lambda fig: len(fig.axes) == 2),
    ("heat_strip float32 Fortran, np.int64 highlight",
     lambda: plots.heat_strip(np.asfortranarray(H.astype(np.float32)), highlight=np.int64(5)),
     lambda fig: len(fig.axes) == 2),
    ("heat_strip one step", lambda: plots.heat_strip(np.zeros((1, 1)), labels=["a"], highlight=1),
     lambda fig: len(fig.axes) == 2),
    ("new_figure np.int64 columns", lambda: plots.new_figure((4, 2), ncols=np.int64(2)), lambda r: len(r[1]) == 2),
    ("probabilities float32", lambda: plots.probabilities(np.array([0.25] * 4, np.float32), list("abcd"),
                                                          true=np.int64(3)), lambda fig: len(fig.axes) == 1),
    ("accuracy_bars NaN is n/a", lambda: plots.accuracy_bars({"a": {"x": np.nan, "y": 1}}, chance=0),
     lambda fig: len(fig.axes) == 1),
    ("param_counts log", lambda: plots.param_counts(np.arange(1, 4), {"a": [1, 10, 100]}, log=True),
     lambda fig: fig.axes[0].get_yscale() == "log"),
    ("Table numbers and tuples", lambda: repr(plots.Table(("a", "b"), [(1, 2.5)], caption="c")), lambda r: "2.5" in r),
    ("Table no rows", lambda: plots.Table(["a"], [])._repr_html_(), lambda h: "<table" in h),
    # exercises
    ("close np.float32", lambda: ex.close(np.float32(0.5), 0.5), lambda r: r is True),
    ("close int list", lambda: ex.close([1, 2], np.array([1.0, 2.0])), lambda r: r is True),
    ("check passes np.float64", lambda: passes(np.float64(0.5), expect="number"), lambda r: r is True),
    ("check passes np.bool_ predicate", lambda: passes(2, [(lambda a: np.bool_(a == 2), "x")]), lambda r: r is True),
    ("check str answer expected", lambda: passes("2009", [(lambda a: a == "2009", "x")], expect="str"),
     lambda r: r is True),
    ("expect a tuple of kinds", lambda: passes(0.5, expect=("number", "array")), lambda r: r is True),
    ("is_number", lambda: [ex.is_number(v) for v in (1, 1.5, np.int64(2), True, "1", None)],
     lambda r: r == [True, True, True, False, False, False]),
    ("expect tuple: a pair passes", lambda: passes((0.5, 1), [(lambda a: a[0] == 0.5, "x")], expect="tuple"),
     lambda r: r is True),
    ("is_kind of each part", lambda: [ex.is_kind(v, k) for v, k in [(np.zeros(2), "array"), ("1", "integer"),
                                                                    (True, "integer"), (len, "function"),
                                                                    ([1, 2], "tuple"), ("ab", "tuple")]],
     lambda r: r == [True, False, False, True, True, False]),
]


@pytest.mark.parametrize("rid, call, ok", GOOD, ids=[g[0] for g in GOOD])
def test_edge_input_still_works(rid, call, ok):
    assert ok(call())


# A wrong answer must never pass an exercise check, whatever its type: (attempt, check's keyword arguments).
WRONG_ANSWERS = {
    "str for a number": ("0.5", {}),
    "str with expect number": ("0.5", dict(expect="number")),
    "bool for a number": (True, dict(tests=[(lambda a: a == 1, "one")])),
    "bool with expect number": (True, dict(tests=[(lambda a: a == 1, "one")], expect="number")),
    "int for a function": (3, dict(tests=[(lambda f: True, "x")], expect="function")),
    "str for an array": ("[1, 2]", dict(tests=[(lambda a: True, "x")], expect="array")),
    "ragged for an array": ([[1], [1, 2]], dict(tests=[(lambda a: True, "x")], expect="array")),
    "float for an integer": (3.0, dict(tests=[(lambda a: a == 3, "x")], expect="integer")),
    "str for a tuple": ("0.5, 1", dict(tests=[(lambda a: True, "x")], expect="tuple")),
    "predicate returns a str": (1, dict(tests=[(lambda a: "yes", "x")])),
    "predicate returns an array": (np.ones(2), dict(tests=[(lambda a: a == 1, "x")])),
    "predicate returns None": (1, dict(tests=[(lambda a: None, "x")])),
}


@pytest.mark.parametrize("attempt, kwargs", WRONG_ANSWERS.values(), ids=WRONG_ANSWERS)
def test_a_wrong_answer_does_not_pass(attempt, kwargs):
    assert passes(attempt, **kwargs) is False


# close(a, b) is False, not an error, for anything that is not the same numbers.
NOT_CLOSE = {"str": ("0.5", 0.5), "bool": (True, 1.0), "None": (None, 1.0), "ragged": ([[1], [1, 2]], [1, 2]),
             "NaN": (np.nan, 1.0), "function": (len, 1.0), "strings": (np.array(["1"]), [1.0]),
             "shape": ([1.0, 1.0], [1.0])}


@pytest.mark.parametrize("a, b", NOT_CLOSE.values(), ids=NOT_CLOSE)
def test_close_is_false_for_what_is_not_the_same_numbers(a, b):
    assert ex.close(a, b) is False
