"""Bad input, table-driven: every row is a call a curious reader might make.

``BAD`` rows: (id, call, exception type, argument name the message must contain).
The message must read "arg: got ..., wanted ..." (TrainingDiverged rows excepted).
``GOOD`` rows: edge inputs that must still work: (id, call, predicate on the result).

Modules: functional, rnn, mlp, optim, gradcheck, data, plots, exercises.
(graph, widgets and the chapter modules have their own tables.)
"""

import numpy as np
import pytest

import rnnlib as rl
from rnnlib import _checks
from rnnlib import data as d
from rnnlib import exercises as ex
from rnnlib import functional as F
from rnnlib import gradcheck as gc
from rnnlib import mlp
from rnnlib import optim
from rnnlib import plots
from rnnlib import rnn

BAD = {}   # module -> list of (id, call, exc, arg)
GOOD = {}  # module -> list of (id, call, predicate)

VE, TE, TD = ValueError, TypeError, optim.TrainingDiverged


def bad(module, rid, call, exc, arg):
    BAD.setdefault(module, []).append((f"{module}: {rid}", call, exc, arg))


def good(module, rid, call, ok=lambda r: True):
    GOOD.setdefault(module, []).append((f"{module}: {rid}", call, ok))


# Bad values for an argument that wants an integer >= 1, with the exception each raises.
BAD_COUNTS = [(0, VE), (-1, VE), (2.5, TE), (4.0, TE), (True, TE), ("3", TE), (None, TE), ([3], TE),
              (np.float64(3), TE)]
# Bad values for a seed.
BAD_SEEDS = [("abc", TE), (-1, VE), (True, TE), (1.5, TE), ([1], TE), (np.bool_(True), TE)]
# Bad values for a positive finite float.
BAD_POSITIVE = [(0, VE), (-1.0, VE), (np.nan, VE), (np.inf, VE), ("0.1", TE), (True, TE), (None, TE),
                (np.zeros(2), TE)]


def nan_at(shape, where=0):
    a = np.zeros(shape)
    a.flat[where] = np.nan
    return a


def inf_at(shape, where=0):
    a = np.zeros(shape)
    a.flat[where] = np.inf
    return a


def ragged():
    return [[1.0, 2.0], [3.0]]


# --------------------------------------------------------------------------- functional

O23 = np.zeros((2, 3))
for rid, o, exc in [("o str", "abc", TE), ("o NaN", nan_at((2, 3)), VE), ("o inf", inf_at((2, 3)), VE),
                    ("o -inf", -inf_at((2, 3)), VE), ("o 0-d", np.float64(1.0), VE),
                    ("o no classes", np.zeros((2, 0)), VE),
                    ("o strings", np.array([["a", "b"]]), VE), ("o ragged", ragged(), VE),
                    ("o complex", np.zeros((2, 3), complex), VE), ("o object", np.array([[None, 1]], dtype=object), VE),
                    ("o dict", {"a": 1}, TE), ("o None", None, VE)]:
    bad("functional", f"log_softmax {rid}", lambda o=o: F.log_softmax(o), exc, "o")
    bad("functional", f"softmax {rid}", lambda o=o: F.softmax(o), exc, "o")
    bad("functional", f"cross_entropy {rid}", lambda o=o: F.cross_entropy(o, [0, 1]), exc, "o")
for rid, y, exc in [("negative", [-1, 0], VE), ("too large", [0, 3], VE), ("float", [0.0, 1.0], VE),
                    ("bool", [True, False], VE), ("shape", [0], VE), ("2-d", [[0, 1]], VE), ("str", "ab", TE),
                    ("ragged", [[0], [1, 2]], VE), ("None", None, VE), ("float array", np.zeros(2), VE),
                    ("object", np.array([0, None], dtype=object), VE)]:
    bad("functional", f"cross_entropy y {rid}", lambda y=y: F.cross_entropy(O23, y), exc, "y")
bad("functional", "cross_entropy y -1 (issue)", lambda: F.cross_entropy(np.zeros((1, 3)), [-1]), VE, "y")
for rid, y, exc in [("-1", [-1], VE), ("= n", [3], VE), ("float", [1.5], VE), ("whole float", [1.0], VE),
                    ("bool", [True], VE), ("str", "abc", TE), ("None", None, VE), ("ragged", [[0], [1, 2]], VE),
                    ("2-d negative", [[0, -2]], VE)]:
    bad("functional", f"one_hot y {rid}", lambda y=y: F.one_hot(y, 3), exc, "y")
for value, exc in BAD_COUNTS:
    bad("functional", f"one_hot n={value!r}", lambda v=value: F.one_hot([0], v), exc, "n")
bad("functional", "one_hot n huge", lambda: F.one_hot([0], 10**9), VE, "n")
bad("functional", "one_hot too many values", lambda: F.one_hot(np.zeros(10**6, int), 1000), VE, "n")

good("functional", "one_hot np.int64", lambda: F.one_hot(np.int64(2), np.int64(3)), lambda r: r.tolist() == [0, 0, 1])
good("functional", "one_hot empty", lambda: F.one_hot([], 3), lambda r: r.shape == (0, 3))
good("functional", "one_hot int32 2-d", lambda: F.one_hot(np.array([[0, 2]], np.int32), 3),
     lambda r: r.shape == (1, 2, 3))
good("functional", "cross_entropy float32 logits, int32 labels",
     lambda: F.cross_entropy(np.zeros((2, 3), np.float32), np.array([0, 2], np.int32)),
     lambda r: r[0] == pytest.approx(2 * np.log(3)))
good("functional", "cross_entropy Fortran logits",
     lambda: F.cross_entropy(np.asfortranarray(np.arange(6.0).reshape(2, 3)), [2, 2]),
     lambda r: np.isfinite(r[0]))
good("functional", "cross_entropy batch of 1", lambda: F.cross_entropy(np.zeros((1, 4)), [3]),
     lambda r: r[1].shape == (1, 4))
good("functional", "softmax huge logits", lambda: F.softmax([1e300, -1e300]), lambda r: r.tolist() == [1.0, 0.0])
good("functional", "softmax int logits", lambda: F.softmax([1, 1]), lambda r: r.tolist() == [0.5, 0.5])
good("functional", "log_softmax one class", lambda: F.log_softmax([[5.0]]), lambda r: r.tolist() == [[0.0]])


# --------------------------------------------------------------------------- rnn

def rnn_model(pattern="hidden"):
    return rl.RNN(3, 5, 4, pattern=pattern, seed=0)


X = np.zeros((4, 2, 3))
Y = np.zeros((4, 2), int)

for arg in ("n_in", "n_hidden", "n_out"):
    for value, exc in BAD_COUNTS:
        sizes = dict(n_in=3, n_hidden=5, n_out=4)
        sizes[arg] = value
        bad("rnn", f"RNN {arg}={value!r}", lambda s=sizes: rl.RNN(**s), exc, arg)
        bad("rnn", f"n_params {arg}={value!r}", lambda s=sizes: rnn.n_params(**s), exc, arg)
bad("rnn", "RNN too many parameters", lambda: rl.RNN(3, 100_000, 4), VE, "n_hidden")
bad("rnn", "RNN n_in huge", lambda: rl.RNN(10**8, 5, 4), VE, "n_in")
for value, exc in [("bogus", VE), ("Hidden", VE), (5, TE), (None, TE), (["hidden"], TE)]:
    bad("rnn", f"RNN pattern={value!r}", lambda v=value: rl.RNN(3, 5, 4, pattern=v), exc, "pattern")
    bad("rnn", f"n_params pattern={value!r}", lambda v=value: rnn.n_params(4, 5, 3, pattern=v), exc, "pattern")
for value, exc in BAD_SEEDS:
    bad("rnn", f"RNN seed={value!r}", lambda v=value: rl.RNN(3, 5, 4, seed=v), exc, "seed")
for value, exc in [(-1, VE), (np.nan, VE), (np.inf, VE), (1e308, VE), ("1", TE), (True, TE), (None, TE)]:
    bad("rnn", f"RNN init_scale={value!r}", lambda v=value: rl.RNN(3, 5, 4, init_scale=v), exc, "init_scale")

# x, y, h0 for every pattern, through forward and loss_and_grads
X_BAD = [("1-d", np.zeros(3), VE), ("4-d", np.zeros((4, 2, 3, 1)), VE), ("n_in", np.zeros((4, 2, 5)), VE),
         ("tau 0", np.zeros((0, 2, 3)), VE), ("batch 0", np.zeros((4, 0, 3)), VE), ("NaN", nan_at((4, 2, 3), 5), VE),
         ("inf", inf_at((4, 2, 3), 7), VE), ("strings", np.full((4, 2, 3), "a"), VE), ("str", "abc", TE),
         ("ragged", [[[0.0] * 3], [[0.0] * 3, [0.0] * 3]], VE), ("complex", np.zeros((4, 2, 3), complex), VE),
         ("None", None, VE), ("dict", {"x": 1}, TE)]
for pattern in rnn.PATTERNS:
    y_good = np.zeros(2, int) if pattern == "last" else Y
    for rid, x, exc in X_BAD:
        bad("rnn", f"{pattern} forward x {rid}", lambda x=x, p=pattern: rnn_model(p).forward(x), exc, "x")
        bad("rnn", f"{pattern} loss x {rid}", lambda x=x, p=pattern, y=y_good: rnn_model(p).loss_and_grads(x, y),
            exc, "x")
    n_rec = 4 if pattern == "output" else 5
    for rid, h0, exc in [("size", np.zeros((2, 6)), VE), ("batch", np.zeros((3, n_rec)), VE),
                         ("NaN", np.full((2, n_rec), np.nan), VE), ("strings", np.full((2, n_rec), "a"), VE),
                         ("1-d for a batch", np.zeros(n_rec), VE), ("str", "zeros", TE), ("ragged", ragged(), VE)]:
        bad("rnn", f"{pattern} forward h0 {rid}", lambda h=h0, p=pattern: rnn_model(p).forward(X, h), exc, "h0")
        bad("rnn", f"{pattern} loss h0 {rid}",
            lambda h=h0, p=pattern, y=y_good: rnn_model(p).loss_and_grads(X, y, h), exc, "h0")
    y_shape = (2,) if pattern == "last" else (4, 2)
    for rid, y, exc in [("too large", np.full(y_shape, 4), VE), ("negative", np.full(y_shape, -1), VE),
                        ("float", np.zeros(y_shape), VE), ("bool", np.zeros(y_shape, bool), VE),
                        ("wrong batch", np.zeros(y_shape[:-1] + (3,), int), VE),
                        ("wrong tau", np.zeros((5, 2) if pattern != "last" else (4, 2), int), VE),
                        ("str", "0", TE), ("None", None, VE), ("ragged", [[0, 1], [0]], VE)]:
        bad("rnn", f"{pattern} loss y {rid}", lambda y=y, p=pattern: rnn_model(p).loss_and_grads(X, y), exc, "y")
        bad("rnn", f"{pattern} backward y {rid}", lambda y=y, p=pattern: rnn_model(p).backward(X, y), exc, "y")
for p in ("hidden", "last"):
    bad("rnn", f"{p} forward targets", lambda p=p: rnn_model(p).forward(X, targets=Y), VE, "targets")
bad("rnn", "output forward targets out of range", lambda: rnn_model("output").forward(X, targets=Y + 4), VE, "y")

# parameters a reader edited, checked where they are used
SHAPES = {"U": (5, 3), "W": (5, 5), "b": (5,), "V": (4, 5), "c": (4,)}


def edited(pattern, key, how):
    model = rnn_model(pattern)
    shape = model.params[key].shape
    if how == "delete":
        del model.params[key]
    elif how == "shape":
        model.params[key] = np.zeros(1)
    elif how == "transposed":
        model.params[key] = np.zeros(shape[::-1] if len(shape) == 2 and shape[0] != shape[1] else shape + (1,))
    elif how == "int":
        model.params[key] = np.zeros(shape, int)
    elif how == "NaN":
        model.params[key][...] = np.nan
    elif how == "inf":
        model.params[key].flat[0] = np.inf
    elif how == "list":
        model.params[key] = model.params[key].tolist()
    elif how == "None":
        model.params[key] = None
    return model


for pattern in ("hidden", "output"):
    for key in SHAPES:
        for how, exc in [("delete", VE), ("shape", VE), ("transposed", VE), ("int", VE), ("NaN", VE), ("inf", VE),
                         ("list", TE), ("None", TE)]:
            arg = "params" if how == "delete" else f"params['{key}']"
            bad("rnn", f"{pattern} params {key} {how} (forward)",
                lambda p=pattern, k=key, h=how: edited(p, k, h).forward(X), exc, arg)
            bad("rnn", f"{pattern} params {key} {how} (loss)",
                lambda p=pattern, k=key, h=how: edited(p, k, h).loss_and_grads(X, Y), exc, arg)


def extra_key():
    m = rnn_model()
    m.params["Z"] = np.zeros(2)
    return m


def params_replaced(value):
    m = rnn_model()
    m.params = value
    return m


def huge_v():
    m = rnn_model()
    m.params["V"][:] = 1e308
    return m


bad("rnn", "params U inf with a non-zero x (tanh would hide it)",
    lambda: edited("hidden", "U", "inf").forward(np.ones((4, 2, 3))), VE, "params['U']")
bad("rnn", "params b inf with a non-zero x (tanh would hide it)",
    lambda: edited("last", "b", "inf").loss_and_grads(np.ones((4, 2, 3)), [0, 1]), VE, "params['b']")
bad("rnn", "params extra key", lambda: extra_key().forward(X), VE, "params")
bad("rnn", "params a list", lambda: params_replaced([1, 2]).forward(X), TE, "params")
bad("rnn", "params None", lambda: params_replaced(None).loss_and_grads(X, Y), TE, "params")
bad("rnn", "params['b'] = np.zeros(1) (issue)", lambda: edited("hidden", "b", "shape").forward(X), VE,
    "params['b']: got shape (1,), wanted (5,) = (n_hidden,)")
bad("rnn", "params so large o overflows", lambda: huge_v().forward(np.ones((4, 2, 3))), VE, "params")
bad("rnn", "params so large the loss overflows", lambda: huge_v().loss_and_grads(np.ones((4, 2, 3)), Y), VE, "params")
bad("rnn", "predict with edited params", lambda: edited("last", "c", "shape").predict(X), VE, "params['c']")

# rnn.step
P = rnn_model().params
bad("rnn", "step params list", lambda: rnn.step([1], np.zeros(3), np.zeros(5)), TE, "params")
bad("rnn", "step params without W", lambda: rnn.step({"U": P["U"], "b": P["b"]}, np.zeros(3), np.zeros(5)), VE,
    "params")
bad("rnn", "step params b wrong", lambda: rnn.step({**P, "b": np.zeros(2)}, np.zeros(3), np.zeros(5)), VE,
    "params['b']")
bad("rnn", "step params U 1-d", lambda: rnn.step({**P, "U": np.zeros(3)}, np.zeros(3), np.zeros(5)), VE, "params")
bad("rnn", "step x_t n_in", lambda: rnn.step(P, np.zeros(4), np.zeros(5)), VE, "x_t")
bad("rnn", "step x_t 0-d", lambda: rnn.step(P, 1.0, np.zeros(5)), VE, "x_t")
bad("rnn", "step x_t NaN", lambda: rnn.step(P, nan_at(3), np.zeros(5)), VE, "x_t")
bad("rnn", "step x_t str", lambda: rnn.step(P, "abc", np.zeros(5)), TE, "x_t")
bad("rnn", "step r_prev size", lambda: rnn.step(P, np.zeros(3), np.zeros(4)), VE, "r_prev")
bad("rnn", "step r_prev would broadcast", lambda: rnn.step(P, np.zeros((2, 3)), np.zeros(5)), VE, "r_prev")
bad("rnn", "step r_prev batch", lambda: rnn.step(P, np.zeros((2, 3)), np.zeros((3, 5))), VE, "r_prev")
bad("rnn", "step r_prev inf", lambda: rnn.step(P, np.zeros(3), inf_at(5)), VE, "r_prev")

# rnn.unfold
F2 = lambda s: 0.5 * s  # noqa: E731
for rid, call, exc, arg in [
    ("f not callable", lambda: rnn.unfold(3, np.zeros(2), tau=2), TE, "f"),
    ("s0 str", lambda: rnn.unfold(F2, "ab", tau=2), TE, "s0"),
    ("s0 NaN", lambda: rnn.unfold(F2, [np.nan], tau=2), VE, "s0"),
    ("s0 ragged", lambda: rnn.unfold(F2, ragged(), tau=2), VE, "s0"),
    ("tau None without x", lambda: rnn.unfold(F2, np.zeros(2)), VE, "tau"),
    ("tau 0", lambda: rnn.unfold(F2, np.zeros(2), tau=0), VE, "tau"),
    ("tau 2.5", lambda: rnn.unfold(F2, np.zeros(2), tau=2.5), TE, "tau"),
    ("tau True", lambda: rnn.unfold(F2, np.zeros(2), tau=True), TE, "tau"),
    ("tau '3'", lambda: rnn.unfold(F2, np.zeros(2), tau="3"), TE, "tau"),
    ("tau huge", lambda: rnn.unfold(F2, np.zeros(2), tau=10**9), VE, "tau"),
    ("tau x state too big", lambda: rnn.unfold(F2, np.zeros(10**4), tau=10**4), VE, "tau"),
    ("x empty", lambda: rnn.unfold(lambda s, x: s, np.zeros(2), x=np.zeros((0, 2))), VE, "x"),
    ("x 0-d", lambda: rnn.unfold(lambda s, x: s, np.zeros(2), x=1.0), VE, "x"),
    ("x str", lambda: rnn.unfold(lambda s, x: s, np.zeros(2), x="abc"), TE, "x"),
    ("x NaN", lambda: rnn.unfold(lambda s, x: s, np.zeros(2), x=nan_at((3, 2))), VE, "x"),
    ("tau disagrees with x", lambda: rnn.unfold(lambda s, x: s, np.zeros(2), x=np.zeros((3, 2)), tau=4), VE, "tau"),
    ("tau float with x", lambda: rnn.unfold(lambda s, x: s, np.zeros(2), x=np.zeros((3, 2)), tau=3.0), TE, "tau"),
    ("f wrong shape", lambda: rnn.unfold(lambda s: s[:1], np.zeros(2), tau=2), VE, "f"),
    ("f explodes", lambda: rnn.unfold(lambda s: s * 1e200, np.ones(2), tau=5), VE, "f"),
    ("f returns NaN", lambda: rnn.unfold(lambda s: s * np.nan, np.ones(2), tau=2), VE, "f"),
    ("f returns str", lambda: rnn.unfold(lambda s: "abc", np.ones(2), tau=2), TE, "f"),
    ("f returns strings", lambda: rnn.unfold(lambda s: np.array(["a", "b"]), np.ones(2), tau=2), VE, "f"),
    ("f returns None", lambda: rnn.unfold(lambda s: None, np.ones(2), tau=2), VE, "f"),
]:
    bad("rnn", f"unfold {rid}", call, exc, arg)

good("rnn", "batch of 1", lambda: rnn_model().loss_and_grads(np.zeros((4, 1, 3)), np.zeros((4, 1), int)),
     lambda r: r[1]["W"].shape == (5, 5))
good("rnn", "tau 1", lambda: rnn_model().forward(np.ones((1, 2, 3))), lambda r: r.h.shape == (1, 2, 5))
good("rnn", "tau 1 last", lambda: rnn_model("last").loss_and_grads(np.ones((1, 2, 3)), [0, 3]),
     lambda r: np.isfinite(r[0]))
good("rnn", "single sequence", lambda: rnn_model("output").loss_and_grads(np.ones((4, 3)), [0, 1, 2, 3]),
     lambda r: np.isfinite(r[0]))
good("rnn", "last single label np.int64", lambda: rnn_model("last").loss_and_grads(np.ones((4, 3)), np.int64(2)),
     lambda r: np.isfinite(r[0]))
good("rnn", "Fortran-ordered x", lambda: rnn_model().forward(np.asfortranarray(np.ones((4, 2, 3)))).h,
     lambda h: np.allclose(h, rnn_model().forward(np.ones((4, 2, 3))).h))
good("rnn", "float32 x", lambda: rnn_model().forward(np.ones((4, 2, 3), np.float32)).h,
     lambda h: h.dtype == np.float64)
good("rnn", "int x (one-hot)", lambda: rnn_model().forward(np.eye(3, dtype=int)[[0, 1, 2, 0]][:, None]).h,
     lambda h: h.shape == (4, 1, 5))
good("rnn", "bool x", lambda: rnn_model().forward(np.ones((4, 2, 3), bool)).h, lambda h: h.shape == (4, 2, 5))
good("rnn", "list x", lambda: rnn_model().forward([[0.0, 1.0, 0.0]] * 2).h, lambda h: h.shape == (2, 5))
good("rnn", "y as nested list", lambda: rnn_model().loss_and_grads(X, Y.tolist()), lambda r: np.isfinite(r[0]))
good("rnn", "y int32", lambda: rnn_model().loss_and_grads(X, Y.astype(np.int32)), lambda r: np.isfinite(r[0]))
good("rnn", "np.int64 sizes", lambda: rl.RNN(np.int64(3), np.int32(5), np.int64(4)), lambda m: m.n_params == 69)
good("rnn", "seed np.int64", lambda: rl.RNN(3, 5, 4, seed=np.int64(3)).params["U"],
     lambda u: np.array_equal(u, rl.RNN(3, 5, 4, seed=3).params["U"]))
good("rnn", "seed None", lambda: rl.RNN(3, 5, 4, seed=None), lambda m: m.n_params == 69)
bad("rnn", "RNN init_scale 0 (one rule for every model: (0, 1e6])", lambda: rl.RNN(3, 5, 4, init_scale=0), VE,
    "init_scale")
good("rnn", "float32 params", lambda: (lambda m: (m.params.update(U=m.params["U"].astype(np.float32)), m)[1])(
    rnn_model()).loss_and_grads(X, Y), lambda r: np.isfinite(r[0]))
good("rnn", "Fortran params", lambda: (lambda m: (m.params.update(W=np.asfortranarray(m.params["W"])), m)[1])(
    rnn_model()).forward(X), lambda t: t.h.shape == (4, 2, 5))
good("rnn", "n_params np.int64", lambda: rnn.n_params(np.int64(4), 5, 3, pattern="output"), lambda n: n == 58)
good("rnn", "step any leading axes", lambda: rnn.step(P, np.zeros((4, 2, 3)), np.zeros((4, 2, 5))),
     lambda h: h.shape == (4, 2, 5))
good("rnn", "step check=False", lambda: rnn.step(P, np.zeros((2, 3)), np.zeros((2, 5)), check=False),
     lambda h: h.shape == (2, 5))
good("rnn", "unfold tau np.int64", lambda: rnn.unfold(F2, np.ones(2), tau=np.int64(3)), lambda s: s.shape == (3, 2))
good("rnn", "unfold scalar state", lambda: rnn.unfold(F2, 1.0, tau=2), lambda s: s.tolist() == [0.5, 0.25])
good("rnn", "unfold tau 1", lambda: rnn.unfold(F2, [1.0], tau=1), lambda s: s.shape == (1, 1))


# --------------------------------------------------------------------------- mlp

def mlp_model():
    return mlp.PositionalMLP(4, 3, 5, 2, seed=0)


XM, YM = np.zeros((3, 2, 3)), np.array([0, 1])
for arg in ("window", "n_in", "n_hidden", "n_out"):
    for value, exc in BAD_COUNTS:
        sizes = dict(window=4, n_in=3, n_hidden=5, n_out=2)
        sizes[arg] = value
        bad("mlp", f"PositionalMLP {arg}={value!r}", lambda s=sizes: mlp.PositionalMLP(**s), exc, arg)
        bad("mlp", f"n_params_per_position {arg}={value!r}", lambda s=sizes: mlp.n_params_per_position(**s), exc, arg)
bad("mlp", "too many parameters", lambda: mlp.PositionalMLP(1000, 1000, 100, 2), VE, "window")
for value, exc in BAD_SEEDS:
    bad("mlp", f"seed={value!r}", lambda v=value: mlp.PositionalMLP(4, 3, 5, 2, seed=v), exc, "seed")
for value, exc in [(-1, VE), (np.nan, VE), (1e308, VE), ("1", TE), (True, TE)]:
    bad("mlp", f"init_scale={value!r}", lambda v=value: mlp.PositionalMLP(4, 3, 5, 2, init_scale=v), exc,
        "init_scale")
for rid, x, exc in X_BAD + [("longer than window", np.zeros((5, 2, 3)), VE)]:
    bad("mlp", f"forward x {rid}", lambda x=x: mlp_model().forward(x), exc, "x")
    bad("mlp", f"loss x {rid}", lambda x=x: mlp_model().loss_and_grads(x, YM), exc, "x")
for rid, y, exc in [("too large", [0, 2], VE), ("negative", [-1, 0], VE), ("float", [0.0, 1.0], VE),
                    ("bool", [True, False], VE), ("batch", [0, 1, 1], VE), ("2-d", [[0, 1]], VE), ("str", "01", TE)]:
    bad("mlp", f"loss y {rid}", lambda y=y: mlp_model().loss_and_grads(XM, y), exc, "y")
MLP_SHAPES = {"U": (4, 5, 3), "b": (5,), "V": (2, 5), "c": (2,)}


def mlp_edited(key, how):
    m = mlp_model()
    if how == "delete":
        del m.params[key]
    elif how == "shape":
        m.params[key] = np.zeros(1)
    elif how == "int":
        m.params[key] = np.zeros(MLP_SHAPES[key], int)
    elif how == "NaN":
        m.params[key][...] = np.nan
    elif how == "list":
        m.params[key] = m.params[key].tolist()
    return m


for key in MLP_SHAPES:
    for how, exc in [("delete", VE), ("shape", VE), ("int", VE), ("NaN", VE), ("list", TE)]:
        arg = "params" if how == "delete" else f"params['{key}']"
        bad("mlp", f"params {key} {how} (forward)", lambda k=key, h=how: mlp_edited(k, h).forward(XM), exc, arg)
        bad("mlp", f"params {key} {how} (loss)", lambda k=key, h=how: mlp_edited(k, h).loss_and_grads(XM, YM), exc,
            arg)

def bag_model():
    return mlp.BagOfWords(3, 5, 2, seed=0)


for arg in ("n_in", "n_hidden", "n_out"):
    for value, exc in BAD_COUNTS:
        sizes = dict(n_in=3, n_hidden=5, n_out=2)
        sizes[arg] = value
        bad("mlp", f"BagOfWords {arg}={value!r}", lambda s=sizes: mlp.BagOfWords(**s), exc, arg)
bad("mlp", "BagOfWords too many parameters", lambda: mlp.BagOfWords(10**6, 10**3, 2), VE, "n_in")
for value, exc in BAD_SEEDS:
    bad("mlp", f"BagOfWords seed={value!r}", lambda v=value: mlp.BagOfWords(3, 5, 2, seed=v), exc, "seed")
for value, exc in [(0, VE), (-1, VE), (np.nan, VE), (np.inf, VE), (1e308, VE), ("1", TE), (True, TE), (None, TE),
                   (np.ones(2), TE)]:
    bad("mlp", f"BagOfWords init_scale={value!r}", lambda v=value: mlp.BagOfWords(3, 5, 2, init_scale=v), exc,
        "init_scale")
for rid, x, exc in X_BAD:
    bad("mlp", f"BagOfWords forward x {rid}", lambda x=x: bag_model().forward(x), exc, "x")
    bad("mlp", f"BagOfWords loss x {rid}", lambda x=x: bag_model().loss_and_grads(x, YM), exc, "x")
BAG_SHAPES = {"U": (5, 3), "b": (5,), "V": (2, 5), "c": (2,)}


def bag_edited(key, how):
    m = bag_model()
    if how == "delete":
        del m.params[key]
    elif how == "shape":
        m.params[key] = np.zeros(1)
    elif how == "int":
        m.params[key] = np.zeros(BAG_SHAPES[key], int)
    elif how == "NaN":
        m.params[key][...] = np.nan
    elif how == "list":
        m.params[key] = m.params[key].tolist()
    return m


for key in BAG_SHAPES:
    for how, exc in [("delete", VE), ("shape", VE), ("int", VE), ("NaN", VE), ("list", TE)]:
        arg = "params" if how == "delete" else f"params['{key}']"
        bad("mlp", f"BagOfWords params {key} {how} (forward)", lambda k=key, h=how: bag_edited(k, h).forward(XM),
            exc, arg)
        bad("mlp", f"BagOfWords params {key} {how} (loss)",
            lambda k=key, h=how: bag_edited(k, h).loss_and_grads(XM, YM), exc, arg)
good("mlp", "BagOfWords np.int64 sizes and seed", lambda: mlp.BagOfWords(np.int64(3), 5, 2, seed=np.int64(1)),
     lambda m: m.params["U"].shape == (5, 3))
good("mlp", "BagOfWords seed None", lambda: mlp.BagOfWords(3, 5, 2, seed=None), lambda m: m.n_params == 32)

good("mlp", "batch of 1, tau 1", lambda: mlp_model().loss_and_grads(np.ones((1, 1, 3)), [1]),
     lambda r: np.isfinite(r[0]))
good("mlp", "single sequence, np.int64 label", lambda: mlp_model().loss_and_grads(np.ones((2, 3)), np.int64(1)),
     lambda r: np.isfinite(r[0]))
good("mlp", "float32 Fortran x", lambda: mlp_model().forward(np.asfortranarray(np.ones((4, 2, 3), np.float32))),
     lambda t: t.o.shape == (2, 2))
good("mlp", "np.int64 sizes", lambda: mlp.n_params_per_position(np.int64(4), 3, 5, np.int64(2)),
     lambda n: n == 4 * 5 * 3 + 5 + 10 + 2)


# --------------------------------------------------------------------------- optim

def small_problem():
    model = rl.RNN(3, 4, 2, seed=0)
    x = np.random.default_rng(0).normal(size=(3, 2, 3))
    return model, (x, np.array([[0, 1], [1, 0], [0, 0]]))


def train(**kwargs):
    model, batch = small_problem()
    args = dict(model=model, data=batch, steps=2, progress=False)
    args.update(kwargs)
    return optim.train(**args)


GRADS = {"w": np.array([3.0, 4.0])}
for value, exc in BAD_POSITIVE:
    bad("optim", f"SGD lr={value!r}", lambda v=value: optim.SGD(lr=v), exc, "lr")
    bad("optim", f"Adam lr={value!r}", lambda v=value: optim.Adam(lr=v), exc, "lr")
    bad("optim", f"Adam eps={value!r}", lambda v=value: optim.Adam(eps=v), exc, "eps")
    bad("optim", f"clip_grad_norm max_norm={value!r}", lambda v=value: optim.clip_grad_norm(GRADS, v), exc, "max_norm")
    if value is not None:  # clip=None means "do not clip"
        bad("optim", f"train clip={value!r}", lambda v=value: train(clip=v), exc, "clip")
for value, exc in [(-0.1, VE), (1.0, VE), (1.5, VE), (np.nan, VE), ("0.9", TE), (True, TE), (None, TE)]:
    bad("optim", f"SGD momentum={value!r}", lambda v=value: optim.SGD(momentum=v), exc, "momentum")
    bad("optim", f"Adam beta1={value!r}", lambda v=value: optim.Adam(beta1=v), exc, "beta1")
    bad("optim", f"Adam beta2={value!r}", lambda v=value: optim.Adam(beta2=v), exc, "beta2")
bad("optim", "clip=0 (issue)", lambda: train(clip=0), VE, "clip: got 0, wanted")
for rid, grads, exc, arg in [("list", [1.0], TE, "grads"), ("NaN", {"w": np.array([np.nan])}, VE, "grads['w']"),
                             ("inf", {"w": np.array([np.inf])}, VE, "grads['w']"),
                             ("strings", {"w": np.array(["a"])}, VE, "grads['w']"),
                             ("ragged", {"w": ragged()}, VE, "grads['w']")]:
    bad("optim", f"global_norm grads {rid}", lambda g=grads: optim.global_norm(g), exc, arg)
    bad("optim", f"clip_grad_norm grads {rid}", lambda g=grads: optim.clip_grad_norm(g, 1.0), exc, arg)
for opt in ("SGD", "Adam"):
    make = getattr(optim, opt)
    for rid, params, grads, exc, arg in [
        ("params list", [np.zeros(2)], {"w": np.zeros(2)}, TE, "params"),
        ("grads list", {"w": np.zeros(2)}, [np.zeros(2)], TE, "grads"),
        ("unknown key", {"w": np.zeros(2)}, {"v": np.zeros(2)}, VE, "grads"),
        ("shape", {"w": np.zeros(2)}, {"w": np.zeros(3)}, VE, "grads['w']"),
        ("would broadcast", {"w": np.zeros((2, 2))}, {"w": np.zeros(2)}, VE, "grads['w']"),
        ("int params", {"w": np.zeros(2, int)}, {"w": np.zeros(2)}, VE, "params['w']"),
        ("list params", {"w": [0.0, 0.0]}, {"w": np.zeros(2)}, VE, "params['w']"),
        ("NaN grads", {"w": np.zeros(2)}, {"w": nan_at(2)}, VE, "grads['w']"),
    ]:
        bad("optim", f"{opt}.step {rid}", lambda m=make, p=params, g=grads: m().step(p, g), exc, arg)
    bad("optim", f"{opt} reused for another model",
        lambda m=make: (lambda o: (o.step({"w": np.zeros(2)}, {"w": np.ones(2)}),
                                   o.step({"w": np.zeros(3)}, {"w": np.ones(3)})))(m(momentum=0.5) if m is optim.SGD
                                                                                    else m()),
        VE, "params['w']")
    bad("optim", f"{opt}.step overflows",
        lambda m=make: m(lr=1e308).step({"w": np.full(2, -1e308)}, {"w": np.full(2, 1e300)}),
        TD, "the update made params 'w'")


class NotAModel:
    params = {}


def loss_returning(value):
    class M:
        params = {"w": np.ones(2)}

        def loss_and_grads(self, x, y):
            return value

    return M()


for rid, kwargs, exc, arg in [
    ("model str", dict(model="rnn"), TE, "model"),
    ("model None", dict(model=None), TE, "model"),
    ("model without loss_and_grads", dict(model=NotAModel()), TE, "model"),
    ("data list", dict(data=[1, 2, 3]), TE, "data"),
    ("data 3-tuple", dict(data=(1, 2, 3)), TE, "data"),
    ("data returns None", dict(data=lambda i: None), TE, "data"),
    ("data returns x only", dict(data=lambda i: np.zeros((3, 2, 3))), TE, "data"),
    ("optimizer 'adam' (issue)", dict(optimizer="adam"), TE, "optimizer"),
    ("optimizer class", dict(optimizer=optim.Adam), TE, "optimizer"),
    ("optimizer dict", dict(optimizer={"lr": 0.1}), TE, "optimizer"),
    ("progress str", dict(progress="yes"), TE, "progress"),
    ("progress 1", dict(progress=1), TE, "progress"),
    ("label int", dict(label=5), TE, "label"),
    ("label None", dict(label=None), TE, "label"),
    ("steps huge", dict(steps=10**9), VE, "steps"),
    ("loss returns a number", dict(model=loss_returning(1.0)), TE, "model"),
    ("loss is a str", dict(model=loss_returning(("1.0", {"w": np.ones(2)}))), TE, "model"),
    ("loss is a bool", dict(model=loss_returning((True, {"w": np.ones(2)}))), TE, "model"),
    ("loss NaN", dict(model=loss_returning((np.nan, {"w": np.ones(2)}))), TD, "loss = nan"),
    ("gradient inf", dict(model=loss_returning((1.0, {"w": np.array([np.inf, 0])}))), TD, "gradient norm"),
    ("lr 1e308 diverges after the last step (issue)",
     dict(model=loss_returning((1.0, {"w": np.full(2, 10.0)})), steps=1, optimizer=optim.SGD(lr=1e308)), TD,
     "step 0: the update made params 'w'"),
    ("Adam lr 1e308", dict(steps=3, optimizer=optim.Adam(lr=1e308)), TD, "training diverged at step"),
]:
    bad("optim", f"train {rid}", lambda k=kwargs: train(**k), exc, arg)
for value, exc in BAD_COUNTS:
    bad("optim", f"train steps={value!r}", lambda v=value: train(steps=v), exc, "steps")


def two_params_returning(grads):
    class M:
        params = {"a": np.ones(2), "w": np.ones(2)}

        def loss_and_grads(self, x, y):
            return 1.0, {k: np.array(g, dtype=float) for k, g in grads.items()}

    return M()


class Spoiler:
    """An optimizer of the reader's own that makes params['w'] NaN at step ``at`` (and leaves it finite before)."""

    def __init__(self, at):
        self.at, self.t = at, 0

    def step(self, params, grads):
        if self.t == self.at:
            params["w"][0] = np.nan
        self.t += 1


# The gradient norm is the one finiteness check of the gradients: NaN or inf anywhere must make it non-finite.
for rid, grads in [("NaN after a zero array", {"a": [0.0, 0.0], "w": [np.nan, 0.0]}),
                   ("NaN before a zero array", {"a": [np.nan, 0.0], "w": [0.0, 0.0]}),
                   ("NaN after a larger array", {"a": [5.0, 0.0], "w": [np.nan, 1.0]}),
                   ("-inf", {"a": [1.0, 0.0], "w": [-np.inf, 1.0]}),
                   ("inf and NaN", {"a": [np.inf, 0.0], "w": [np.nan, 1.0]})]:
    bad("optim", f"train gradient {rid}", lambda g=grads: train(model=two_params_returning(g)), TD, "gradient norm")
for rid, steps, at in [("first of three", 3, 0), ("middle of three", 3, 1), ("last of three", 3, 2),
                       ("only step", 1, 0)]:
    bad("optim", f"train own optimizer makes params NaN at the {rid} step",
        lambda s=steps, a=at: train(model=two_params_returning({"a": [1.0, 0.0], "w": [1.0, 0.0]}), steps=s,
                                    optimizer=Spoiler(a)), TD, f"step {at}: the update made params 'w'")
good("optim", "_norm of NaN after a zero array is NaN",
     lambda: optim._norm({"a": np.zeros(2), "w": np.array([np.nan, 0.0])}), np.isnan)
good("optim", "train own optimizer that keeps params finite", lambda: train(optimizer=Spoiler(99), steps=3),
     lambda h: len(h.loss) == 3)

good("optim", "a label with HTML in it is escaped",
     lambda: optim._Progress(3, False, '<b>"x"</b>')._bundle(1, 0.5, 0.1)["text/html"],
     lambda h: "<b>" not in h and "&lt;b&gt;" in h)
good("optim", "global_norm huge finite gradients", lambda: optim.global_norm({"a": np.full(4, 1e200)}),
     lambda n: n == pytest.approx(2e200))
good("optim", "clip huge gradients", lambda: optim.clip_grad_norm({"a": np.full(4, 1e200)}, 1.0)[0]["a"],
     lambda g: np.allclose(g, 0.5))
good("optim", "global_norm zero", lambda: optim.global_norm({"a": np.zeros(3)}), lambda n: n == 0.0)
good("optim", "global_norm int grads", lambda: optim.global_norm({"a": np.array([3, 4])}), lambda n: n == 5.0)
good("optim", "clip np.float64", lambda: optim.clip_grad_norm(GRADS, np.float64(1.0))[1], lambda n: n == 5.0)
good("optim", "Adam beta1 0", lambda: optim.Adam(beta1=0.0, beta2=0), lambda a: a.beta1 == 0)
good("optim", "train steps np.int64, clip", lambda: train(steps=np.int64(2), clip=1.0), lambda h: len(h.loss) == 2)
good("optim", "train progress np.bool_", lambda: train(progress=np.bool_(False)), lambda h: len(h.loss) == 2)
good("optim", "train batch of 1", lambda: train(data=(np.ones((2, 1, 3)), np.zeros((2, 1), int))),
     lambda h: len(h.loss) == 2)
good("optim", "train list batch", lambda: train(data=lambda i: [np.ones((2, 1, 3)), np.zeros((2, 1), int)]),
     lambda h: len(h.loss) == 2)


# --------------------------------------------------------------------------- gradcheck

def quad(p):
    return lambda: (float(np.sum(p["w"] ** 3)), {"w": 3 * p["w"] ** 2})


PW = {"w": np.arange(1.0, 7.0).reshape(2, 3)}
for rid, call, exc, arg in [
    ("loss_fn not callable", lambda: gc.numerical_gradients(1.0, PW), TE, "loss_fn"),
    ("params list", lambda: gc.numerical_gradients(lambda: 0.0, [np.zeros(2)]), TE, "params"),
    ("params int array (issue)", lambda: gc.numerical_gradients(lambda: 0.0, {"w": np.arange(3)}), VE, "params['w']"),
    ("params float32", lambda: gc.numerical_gradients(lambda: 0.0, {"w": np.zeros(3, np.float32)}), VE, "params['w']"),
    ("params bool", lambda: gc.numerical_gradients(lambda: 0.0, {"w": np.zeros(3, bool)}), VE, "params['w']"),
    ("params list value", lambda: gc.numerical_gradients(lambda: 0.0, {"w": [1.0, 2.0]}), TE, "params['w']"),
    ("params read-only", lambda: gc.numerical_gradients(lambda: 0.0, {"w": np.broadcast_to(1.0, (3,))}), VE,
     "params['w']"),
    ("too many entries", lambda: gc.numerical_gradients(lambda: 0.0, {"w": np.zeros(10**6)}), VE, "params"),
    ("loss_fn returns str", lambda: gc.numerical_gradients(lambda: "1", {"w": np.zeros(2)}), TE, "loss_fn"),
    ("loss_fn returns None", lambda: gc.numerical_gradients(lambda: None, {"w": np.zeros(2)}), TE, "loss_fn"),
    ("loss_fn returns NaN", lambda: gc.numerical_gradients(lambda: np.nan, {"w": np.zeros(2)}), VE, "loss_fn"),
    ("loss_fn returns an array", lambda: gc.numerical_gradients(lambda: np.zeros(2), {"w": np.zeros(2)}), TE,
     "loss_fn"),
    ("check not callable", lambda: gc.check_gradients("f", PW), TE, "loss_and_grads"),
    ("check returns a float", lambda: gc.check_gradients(lambda: 1.0, PW), TE, "loss_and_grads"),
    ("check missing gradient", lambda: gc.check_gradients(lambda: (0.0, {}), PW), VE, "loss_and_grads"),
    ("check gradient shape", lambda: gc.check_gradients(lambda: (0.0, {"w": np.zeros(6)}), PW), VE, "loss_and_grads"),
    ("check gradient NaN", lambda: gc.check_gradients(lambda: (0.0, {"w": nan_at((2, 3))}), PW), VE,
     "loss_and_grads"),
    ("check loss NaN", lambda: gc.check_gradients(lambda: (np.nan, {"w": np.zeros((2, 3))}), PW), VE,
     "loss_and_grads"),
    ("check int params", lambda: gc.check_gradients(quad({"w": np.arange(3)}), {"w": np.arange(3)}), VE,
     "params['w']"),
    ("relative_error shapes", lambda: gc.relative_error(np.zeros(2), np.zeros(3)), VE, "b"),
    ("relative_error a str", lambda: gc.relative_error("a", np.zeros(3)), TE, "a"),
    ("relative_error a NaN", lambda: gc.relative_error(nan_at(2), np.zeros(2)), VE, "a"),
    ("relative_error b inf", lambda: gc.relative_error(np.zeros(2), inf_at(2)), VE, "b"),
]:
    bad("gradcheck", rid, call, exc, arg)
for value, exc in [(0, VE), (-1e-6, VE), (np.nan, VE), (0.5, VE), ("1e-6", TE), (True, TE), (None, TE)]:
    bad("gradcheck", f"numerical_gradients eps={value!r}", lambda v=value: gc.numerical_gradients(quad(PW), PW, v),
        exc, "eps")
    bad("gradcheck", f"check_gradients eps={value!r}", lambda v=value: gc.check_gradients(quad(PW), PW, v), exc, "eps")


def fortran():
    p = {"w": np.asfortranarray(np.arange(1.0, 7.0).reshape(2, 3))}
    return gc.check_gradients(quad(p), p)["w"]


def strided():
    p = {"w": np.arange(1.0, 13.0).reshape(3, 4)[:, ::2]}
    return gc.check_gradients(quad(p), p)["w"]


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


good("gradcheck", "Fortran-ordered params (issue)", fortran, lambda e: e < 1e-8)
good("gradcheck", "strided params", strided, lambda e: e < 1e-8)


def zero_d():
    p = {"s": np.array(3.0)}
    return gc.numerical_gradients(lambda: float(p["s"] ** 2), p)["s"]


good("gradcheck", "0-d param", zero_d, lambda g: g == pytest.approx(6.0))
good("gradcheck", "params restored when loss_fn raises", restored_after_error, lambda w: w.tolist() == [0, 1, 2])
good("gradcheck", "eps np.float64", lambda: gc.check_gradients(quad(PW), PW, np.float64(1e-5))["w"], lambda e: e < 1e-6)
good("gradcheck", "relative_error huge", lambda: gc.relative_error([1e300], [1e300]), lambda e: e == 0.0)
good("gradcheck", "relative_error zeros", lambda: gc.relative_error(np.zeros(2), np.zeros(2)), lambda e: e == 0.0)
good("gradcheck", "RNN with Fortran W", lambda: (lambda m: gc.check_gradients(
    lambda: m.loss_and_grads(X, Y), m.params))((lambda m: (m.params.update(W=np.asfortranarray(m.params["W"])), m)[1])(
        rnn_model())), lambda errs: max(errs.values()) < 1e-6)


# --------------------------------------------------------------------------- data

S = d.year_sentences(30, seed=0, lengths=range(5, 8))
for arg in ("lengths", "positions"):
    for rid, value, exc in [("str", "5", TE), ("int", 5, TE), ("float", [1.5], TE), ("bool", [True], TE),
                            ("empty", [], VE), ("too many", range(10**6), VE), ("None inside", [None], TE),
                            ("dict", {5: 1}, TE)]:
        bad("data", f"reachable {arg} {rid}", lambda a=arg, v=value: d.reachable(**{a: v}), exc, arg)
        bad("data", f"year_sentences {arg} {rid}", lambda a=arg, v=value: d.year_sentences(5, seed=0, **{a: v}),
            exc, arg)
for value, exc in BAD_COUNTS + [(10**9, VE)]:
    bad("data", f"year_sentences n={value!r}", lambda v=value: d.year_sentences(v, seed=0), exc, "n")
for value, exc in BAD_SEEDS:
    bad("data", f"year_sentences seed={value!r}", lambda v=value: d.year_sentences(5, seed=v), exc, "seed")
    bad("data", f"batches seed={value!r}", lambda v=value: d.batches(S, 4, seed=v), exc, "seed")
bad("data", "year_sentences no length reachable", lambda: d.year_sentences(5, seed=0, lengths=[3]), VE, "lengths")
bad("data", "year_sentences lengths negative", lambda: d.year_sentences(5, seed=0, lengths=[-3]), VE, "lengths")
bad("data", "year_sentences no pair", lambda: d.year_sentences(5, seed=0, lengths=[6], positions=[9]), VE,
    "positions")
for rid, i, exc in [("too large", 30, VE), ("too negative", -31, VE), ("float", 1.5, TE), ("str", "0", TE),
                    ("bool", True, TE), ("None", None, TE)]:
    bad("data", f"text i {rid}", lambda i=i: S.text(i), exc, "i")
for rid, idx, exc in [("floats", [1.5], VE), ("str", "a", TE), ("scalar", 3, TE), ("mask length", [True, False], VE),
                      ("out of range", [0, 30], VE), ("negative out of range", [-31], VE), ("2-d", [[0, 1]], VE),
                      ("ragged", [[0], [1, 2]], VE), ("None", None, VE), ("bool scalar", True, TE)]:
    bad("data", f"subset indices {rid}", lambda i=idx: S.subset(i), exc, "indices")
    bad("data", f"batch indices {rid}", lambda i=idx: S.batch(i), exc, "indices")
bad("data", "batch no sentences", lambda: S.batch([]), VE, "indices")
bad("data", "batch mixed lengths", lambda: S.batch(np.arange(30)), VE, "indices")
for fn in ("by_length", "padded", "batches"):
    extra = {"padded": (8,), "batches": (4,), "by_length": ()}[fn]
    for rid, value in [("str", "abc"), ("None", None), ("list", [["i", "went"]])]:
        bad("data", f"{fn} sentences {rid}", lambda f=fn, v=value, e=extra: getattr(d, f)(v, *e), TE, "sentences")
    bad("data", f"{fn} no sentences", lambda f=fn, e=extra: getattr(d, f)(S.subset([]), *e), VE, "sentences")
for value, exc in BAD_COUNTS + [(10**6, VE)]:
    bad("data", f"batches batch_size={value!r}", lambda v=value: d.batches(S, v), exc, "batch_size")
for value, exc in BAD_COUNTS + [(10**7, VE)]:
    bad("data", f"padded window={value!r}", lambda v=value: d.padded(S, v), exc, "window")
    if value is not None:  # window=None means "no padding"
        bad("data", f"batches window={value!r}", lambda v=value: d.batches(S, 4, window=v), exc, "window")
bad("data", "padded too short a window", lambda: d.padded(S, 5), VE, "sentences")
for value, exc in [(-1, VE), (1.5, TE), ("0", TE), (True, TE), (None, TE)]:
    bad("data", f"batches data(step={value!r})", lambda v=value: d.batches(S, 4)(v), exc, "step")
    bad("data", f"padded batches data(step={value!r})", lambda v=value: d.batches(S, 4, window=8)(v), exc, "step")

for value, exc in BAD_COUNTS + [(10**8, VE)]:
    bad("data", f"two_trip_sentences n={value!r}", lambda v=value: d.two_trip_sentences(v, seed=0), exc, "n")
for value, exc in BAD_SEEDS:
    bad("data", f"two_trip_sentences seed={value!r}", lambda v=value: d.two_trip_sentences(5, seed=v), exc, "seed")
    bad("data", f"delay_task seed={value!r}", lambda v=value: d.delay_task(3, 5, 4, 2, seed=v), exc, "seed")
for value, exc in [(-1, VE), (5, VE), (1.0, TE), (True, TE), ("2", TE), (None, TE), (np.float64(2), TE)]:
    bad("data", f"delay_task delay={value!r}", lambda v=value: d.delay_task(3, 5, 4, v, seed=0), exc, "delay")
for arg, value in [("n", 10**7), ("tau", 10**7), ("n_symbols", 10**7)]:
    sizes = dict(n=10, tau=20, n_symbols=4, delay=1)
    sizes[arg] = value
    bad("data", f"delay_task {arg} too large", lambda s=sizes: d.delay_task(**s, seed=0), VE, arg)
for value, exc in [(0, VE), (6, VE), (2.0, TE), (True, TE), ("3", TE), (None, TE)]:
    bad("data", f"number_pairs max_digits={value!r}", lambda v=value: d.number_pairs(5, seed=0, max_digits=v), exc,
        "max_digits")
for value, exc in [(-1, VE), (100_000, VE), (3.0, TE), (True, TE), ("3", TE)]:
    bad("data", f"number_words n={value!r}", lambda v=value: d.number_words(v), exc, "n")
good("data", "two_trip_sentences np.int64 n and seed", lambda: d.two_trip_sentences(np.int64(3), seed=np.int64(2)),
     lambda s: len(s) == 3)
good("data", "delay_task np.int64 delay, Generator seed",
     lambda: d.delay_task(3, 5, 4, np.int64(4), seed=np.random.default_rng(0)), lambda r: (r[1][4] == r[2][0]).all())
good("data", "number_pairs np.int64 max_digits", lambda: d.number_pairs(3, seed=0, max_digits=np.int64(2)),
     lambda p: p.values.max() < 100)
good("data", "batches cached one-hot equal a fresh batch",
     lambda: (lambda f: [f(i) for i in (0, 1, 0)])(d.batches(S, 4, seed=0)),
     lambda r: all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) and a[0].flags.c_contiguous
                   for a, b in [(r[0], r[2])]) and r[1][0].shape[1:] == (4, S.n_vocab))
good("data", "_checks.seed accepts a Generator when asked",
     lambda: _checks.seed(np.random.default_rng(0), generator=True),
     lambda g: isinstance(g, np.random.Generator))
good("data", "np.int64 n and seed", lambda: d.year_sentences(np.int64(3), seed=np.int64(1)), lambda s: len(s) == 3)
good("data", "seed None", lambda: d.year_sentences(3, seed=None), lambda s: len(s) == 3)
good("data", "n 1", lambda: d.year_sentences(1, seed=0), lambda s: len(s) == 1)
good("data", "positions -1", lambda: d.year_sentences(20, seed=0, positions={-1}),
     lambda s: (s.position == s.length - 1).all())
good("data", "lengths as numpy array", lambda: d.reachable(np.array([5, 6])), lambda p: {L for L, _ in p} == {5, 6})
good("data", "text(-1)", lambda: S.text(-1), lambda t: isinstance(t, str))
good("data", "text(np.int64)", lambda: S.text(np.int64(2)), lambda t: isinstance(t, str))
good("data", "subset empty", lambda: S.subset([]), lambda s: len(s) == 0)
good("data", "subset negative", lambda: S.subset([-1]), lambda s: s.tokens[0] == S.tokens[-1])
good("data", "subset mask", lambda: S.subset(S.length == 5), lambda s: set(s.length) == {5})
good("data", "batch of 1", lambda: S.batch([0]), lambda b: b[0].shape[1] == 1)
good("data", "batches seed None repeats within the sampler",
     lambda: (lambda f: (f(3), f(3)))(d.batches(S, 4, seed=None)), lambda r: np.array_equal(r[0][0], r[1][0]))
good("data", "batches step np.int64", lambda: d.batches(S, 4, seed=0)(np.int64(2)), lambda b: b[1].shape == (4,))
good("data", "padded window np.int64", lambda: d.padded(S, np.int64(8)), lambda x: x.shape[0] == 8)


# --------------------------------------------------------------------------- plots

H = np.tanh(np.random.default_rng(0).normal(size=(5, 4)))
for rid, figsize, exc in [("str", "big", TE), ("one number", 3, TE), ("three numbers", (1, 2, 3), TE),
                          ("zero", (0, 2), VE), ("negative", (-1, 2), VE), ("too wide", (1000, 2), VE),
                          ("NaN", (np.nan, 2), VE), ("str inside", ("4", 2), TE)]:
    bad("plots", f"new_figure figsize {rid}", lambda f=figsize: plots.new_figure(f), exc, "figsize")
    bad("plots", f"heat_strip figsize {rid}", lambda f=figsize: plots.heat_strip(H, figsize=f), exc, "figsize")
def heat_strip_on_axes(figsize):
    fig, ax = plots.new_figure()
    return plots.heat_strip(H, ax=ax, figsize=figsize)


bad("plots", "heat_strip figsize checked with ax", lambda: heat_strip_on_axes("big"), TE, "figsize")
for arg in ("ncols", "nrows"):
    for value, exc in BAD_COUNTS + [(100, VE)]:
        bad("plots", f"new_figure {arg}={value!r}", lambda a=arg, v=value: plots.new_figure(**{a: v}), exc, arg)
for fn, call in [("figure_and_axes", lambda ax: plots.figure_and_axes(ax)),
                 ("heat_strip", lambda ax: plots.heat_strip(H, ax=ax)),
                 ("trajectory", lambda ax: plots.trajectory(np.zeros((3, 2)), ax=ax)),
                 ("probabilities", lambda ax: plots.probabilities([1.0], ["a"], ax=ax))]:
    for value in ("ax", 1, [None]):
        bad("plots", f"{fn} ax={value!r}", lambda c=call, v=value: c(v), TE, "ax")
for rid, kwargs, exc, arg in [
    ("h 1-d", dict(h=np.zeros(3)), VE, "h"), ("h 3-d", dict(h=np.zeros((2, 2, 2))), VE, "h"),
    ("h strings", dict(h=np.full((2, 2), "a")), VE, "h"), ("h inf", dict(h=inf_at((2, 2))), VE, "h"),
    ("h empty", dict(h=np.zeros((0, 3))), VE, "h"), ("h too many steps", dict(h=np.zeros((5000, 2))), VE, "h"),
    ("h str", dict(h="h"), TE, "h"),
    ("labels too few", dict(labels=["a"]), VE, "labels"), ("labels str", dict(labels="abcde"), TE, "labels"),
    ("labels int", dict(labels=5), TE, "labels"),
    ("highlight 0", dict(highlight=0), VE, "highlight"), ("highlight tau + 1", dict(highlight=6), VE, "highlight"),
    ("highlight float", dict(highlight=1.5), TE, "highlight"),
    ("highlight bool", dict(highlight=True), TE, "highlight"),
    ("vmax 0", dict(vmax=0), VE, "vmax"), ("vmax negative", dict(vmax=-1), VE, "vmax"),
    ("vmax NaN", dict(vmax=np.nan), VE, "vmax"), ("vmax str", dict(vmax="1"), TE, "vmax"),
    ("title int", dict(title=5), TE, "title"), ("colorbar str", dict(colorbar="yes"), TE, "colorbar"),
    ("unit_label None", dict(unit_label=None), TE, "unit_label"),
]:
    bad("plots", f"heat_strip {rid}", lambda k=kwargs: plots.heat_strip(**{"h": H, **k}), exc, arg)
for rid, kwargs, exc, arg in [
    ("states 3 columns", dict(states=np.zeros((3, 3))), VE, "states"),
    ("states 1-d", dict(states=np.zeros(4)), VE, "states"), ("states NaN", dict(states=nan_at((3, 2))), VE, "states"),
    ("states str", dict(states="s"), TE, "states"), ("states empty", dict(states=np.zeros((0, 2))), VE, "states"),
    ("highlight -1", dict(highlight=-1), VE, "highlight"), ("highlight 3", dict(highlight=3), VE, "highlight"),
    ("highlight float", dict(highlight=1.0), TE, "highlight"), ("title list", dict(title=["t"]), TE, "title"),
]:
    bad("plots", f"trajectory {rid}", lambda k=kwargs: plots.trajectory(**{"states": np.zeros((3, 2)), **k}), exc, arg)
for rid, kwargs, exc, arg in [
    ("lengths str", dict(lengths="123"), TE, "lengths"), ("lengths NaN", dict(lengths=[1, np.nan]), VE, "lengths"),
    ("lengths 2-d", dict(lengths=[[1, 2]]), VE, "lengths"),
    ("counts list", dict(counts=[1, 2]), TE, "counts"), ("counts empty", dict(counts={}), VE, "counts"),
    ("counts shape", dict(counts={"a": [1]}), VE, "counts['a']"),
    ("counts NaN", dict(counts={"a": [1, np.nan]}), VE, "counts['a']"),
    ("counts str", dict(counts={"a": "12"}), TE, "counts['a']"),
    ("log with zero", dict(counts={"a": [0, 1]}, log=True), VE, "counts['a']"),
    ("log str", dict(log="yes"), TE, "log"), ("title None ok but int", dict(title=1), TE, "title"),
]:
    bad("plots", f"param_counts {rid}",
        lambda k=kwargs: plots.param_counts(**{"lengths": [1, 2], "counts": {"a": [1, 2]}, **k}), exc, arg)
for rid, kwargs, exc, arg in [
    ("not summing to 1", dict(p=[0.5, 0.2]), VE, "p"), ("negative", dict(p=[1.5, -0.5]), VE, "p"),
    ("logits", dict(p=[2.0, -1.0]), VE, "p"), ("NaN", dict(p=[np.nan, 1.0]), VE, "p"),
    ("shape", dict(p=[1.0]), VE, "p"), ("str", dict(p="p"), TE, "p"), ("2-d", dict(p=[[0.5, 0.5]]), VE, "p"),
    ("labels str", dict(labels="ab"), TE, "labels"), ("labels int", dict(labels=2), TE, "labels"),
    ("true 2", dict(true=2), VE, "true"), ("true -1", dict(true=-1), VE, "true"),
    ("true float", dict(true=1.0), TE, "true"), ("true str", dict(true="a"), TE, "true"),
    ("title int", dict(title=3), TE, "title"),
]:
    bad("plots", f"probabilities {rid}",
        lambda k=kwargs: plots.probabilities(**{"p": [0.5, 0.5], "labels": ["a", "b"], **k}), exc, arg)
for rid, kwargs, exc, arg in [
    ("table list", dict(table=[0.5]), TE, "table"), ("table empty", dict(table={}), VE, "table"),
    ("row not dict", dict(table={"rnn": 0.9}), TE, "table['rnn']"),
    ("percentage", dict(table={"rnn": {"seen": 95}}), VE, "table['rnn']['seen']"),
    ("negative", dict(table={"rnn": {"seen": -0.1}}), VE, "table['rnn']['seen']"),
    ("str value", dict(table={"rnn": {"seen": "0.9"}}), TE, "table['rnn']['seen']"),
    ("bool value", dict(table={"rnn": {"seen": True}}), TE, "table['rnn']['seen']"),
    ("inf value", dict(table={"rnn": {"seen": np.inf}}), VE, "table['rnn']['seen']"),
    ("chance 1.5", dict(chance=1.5), VE, "chance"), ("chance str", dict(chance="0.1"), TE, "chance"),
    ("title int", dict(title=2), TE, "title"),
]:
    bad("plots", f"accuracy_bars {rid}", lambda k=kwargs: plots.accuracy_bars(**{"table": {"m": {"s": 0.5}}, **k}),
        exc, arg)
for rid, args, kwargs, exc, arg in [
    ("header str", ("abc", []), {}, TE, "header"), ("header empty", ([], []), {}, VE, "header"),
    ("header int", (3, []), {}, TE, "header"), ("rows str", (["a"], "xyz"), {}, TE, "rows"),
    ("row too short", (["a", "b"], [["1"]]), {}, VE, "rows[0]"), ("row too long", (["a"], [["1"], ["1", "2"]]), {},
                                                                 VE, "rows[1]"),
    ("row str", (["a"], ["x"]), {}, TE, "rows[0]"), ("caption int", (["a"], [["1"]]), dict(caption=5), TE, "caption"),
]:
    bad("plots", f"Table {rid}", lambda a=args, k=kwargs: plots.Table(*a, **k), exc, arg)

good("plots", "heat_strip NaN columns", lambda: plots.heat_strip(np.where(np.arange(5)[:, None] > 2, np.nan, H)))
good("plots", "heat_strip float32 Fortran, np.int64 highlight",
     lambda: plots.heat_strip(np.asfortranarray(H.astype(np.float32)), highlight=np.int64(5)))
good("plots", "heat_strip one step", lambda: plots.heat_strip(np.zeros((1, 1)), labels=["a"], highlight=1))
good("plots", "new_figure np.int64 columns", lambda: plots.new_figure((4, 2), ncols=np.int64(2)),
     lambda r: len(r[1]) == 2)
good("plots", "probabilities float32", lambda: plots.probabilities(np.array([0.25] * 4, np.float32), list("abcd"),
                                                                   true=np.int64(3)))
good("plots", "accuracy_bars NaN is n/a", lambda: plots.accuracy_bars({"a": {"x": np.nan, "y": 1}}, chance=0))
good("plots", "param_counts log", lambda: plots.param_counts(np.arange(1, 4), {"a": [1, 10, 100]}, log=True))
good("plots", "Table numbers and tuples", lambda: repr(plots.Table(("a", "b"), [(1, 2.5)], caption="c")),
     lambda r: "2.5" in r)
good("plots", "Table no rows", lambda: plots.Table(["a"], [])._repr_html_(), lambda h: "<table" in h)


# --------------------------------------------------------------------------- exercises

ONE = [(lambda a: a == 1, "it is 1")]
for rid, args, kwargs, exc, arg in [
    ("name int", (5, 1, ONE, "ok"), {}, TE, "name"),
    ("success None", ("n", 1, ONE, None), {}, TE, "success"),
    ("tests a pair", ("n", 1, ONE[0], "ok"), {}, TE, "tests[0]"),
    ("tests a function", ("n", 1, lambda a: True, "ok"), {}, TE, "tests"),
    ("test without hint", ("n", 1, [(lambda a: True,)], "ok"), {}, TE, "tests[0]"),
    ("hint not str", ("n", 1, [(lambda a: True, 3)], "ok"), {}, TE, "tests[0]"),
    ("predicate not callable", ("n", 1, [(True, "h")], "ok"), {}, TE, "tests[0]"),
    ("expect unknown", ("n", 1, ONE, "ok"), dict(expect="numbr"), VE, "expect"),
    ("no tests", ("n", 1, [], "ok"), {}, VE, "tests"),
    ("expect int", ("n", 1, ONE, "ok"), dict(expect=5), TE, "expect"),
]:
    bad("exercises", f"check {rid}", lambda a=args, k=kwargs: ex.check(*a, **k), exc, arg)
for rid, args, exc, arg in [("name None", (None, True, "m"), TE, "name"),
                            ("passed str", ("n", "yes", "m"), TE, "passed"),
                            ("passed int", ("n", 1, "m"), TE, "passed"),
                            ("message None", ("n", True, None), TE, "message")]:
    bad("exercises", f"Result {rid}", lambda a=args: ex.Result(*a), exc, arg)
for rid, args, exc, arg in [("b str", (1.0, "1.0"), TE, "b"), ("b NaN", (1.0, np.nan), VE, "b"),
                            ("tol 0", (1.0, 1.0, 0), VE, "tol"), ("tol str", (1.0, 1.0, "1e-8"), TE, "tol"),
                            ("tol negative", (1.0, 1.0, -1e-8), VE, "tol")]:
    bad("exercises", f"close {rid}", lambda a=args: ex.close(*a), exc, arg)


def passes(attempt, tests=None, **kwargs):
    return bool(ex.check("n", attempt, tests or [(lambda a: float(a) == 0.5, "half")], "ok", **kwargs))


# a wrong answer must not pass, whatever its type
for rid, attempt, kwargs in [("str for a number", "0.5", {}), ("str with expect number", "0.5", dict(expect="number")),
                             ("bool for a number", True, dict(tests=[(lambda a: a == 1, "one")])),
                             ("bool with expect number", True, dict(tests=[(lambda a: a == 1, "one")],
                                                                     expect="number")),
                             ("int for a function", 3, dict(tests=[(lambda f: True, "x")], expect="function")),
                             ("str for an array", "[1, 2]", dict(tests=[(lambda a: True, "x")], expect="array")),
                             ("ragged for an array", [[1], [1, 2]], dict(tests=[(lambda a: True, "x")],
                                                                           expect="array")),
                             ("float for an integer", 3.0, dict(tests=[(lambda a: a == 3, "x")], expect="integer")),
                             ("predicate returns a str", 1, dict(tests=[(lambda a: "yes", "x")])),
                             ("predicate returns an array", np.ones(2), dict(tests=[(lambda a: a == 1, "x")])),
                             ("predicate returns None", 1, dict(tests=[(lambda a: None, "x")]))]:
    good("exercises", f"does not pass: {rid}", lambda a=attempt, k=kwargs: passes(a, **k), lambda r: r is False)
for rid, a, b in [("str", "0.5", 0.5), ("bool", True, 1.0), ("None", None, 1.0), ("ragged", [[1], [1, 2]], [1, 2]),
                  ("NaN", np.nan, 1.0), ("function", len, 1.0), ("strings", np.array(["1"]), [1.0]),
                  ("shape", [1.0, 1.0], [1.0])]:
    good("exercises", f"close is False for {rid}", lambda a=a, b=b: ex.close(a, b), lambda r: r is False)
good("exercises", "close np.float32", lambda: ex.close(np.float32(0.5), 0.5), lambda r: r is True)
good("exercises", "close int list", lambda: ex.close([1, 2], np.array([1.0, 2.0])), lambda r: r is True)
good("exercises", "check passes np.float64", lambda: passes(np.float64(0.5), expect="number"), lambda r: r is True)
good("exercises", "check passes np.bool_ predicate", lambda: passes(2, [(lambda a: np.bool_(a == 2), "x")]),
     lambda r: r is True)
good("exercises", "check str answer expected", lambda: passes("2009", [(lambda a: a == "2009", "x")], expect="str"),
     lambda r: r is True)
good("exercises", "expect a tuple of kinds", lambda: passes(0.5, expect=("number", "array")), lambda r: r is True)
good("exercises", "is_number", lambda: [ex.is_number(v) for v in (1, 1.5, np.int64(2), True, "1", None)],
     lambda r: r == [True, True, True, False, False, False])
good("exercises", "expect tuple: a pair passes", lambda: passes((0.5, 1), [(lambda a: a[0] == 0.5, "x")],
                                                                expect="tuple"), lambda r: r is True)
good("exercises", "does not pass: str for a tuple", lambda: passes("0.5, 1", [(lambda a: True, "x")], expect="tuple"),
     lambda r: r is False)
good("exercises", "is_kind of each part", lambda: [ex.is_kind(v, k) for v, k in
                                                   [(np.zeros(2), "array"), ("1", "integer"), (True, "integer"),
                                                    (len, "function"), ([1, 2], "tuple"), ("ab", "tuple")]],
     lambda r: r == [True, False, False, True, True, False])
for rid, kind, exc in [("unknown", "pair", VE), ("None", None, TE), ("int", 1, TE)]:
    bad("exercises", f"is_kind kind {rid}", lambda k=kind: ex.is_kind(1, k), exc, "kind")


# --------------------------------------------------------------------------- the tests

BAD_ROWS = [row for rows in BAD.values() for row in rows]
GOOD_ROWS = [row for rows in GOOD.values() for row in rows]


def test_the_table_has_several_hundred_rows():
    assert len(BAD_ROWS) >= 300 and len(GOOD_ROWS) >= 80
    assert len({row[0] for row in BAD_ROWS}) == len(BAD_ROWS), "row ids must be unique"


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # rows with huge parameters overflow on purpose
@pytest.mark.parametrize("rid,call,exc,arg", BAD_ROWS, ids=[row[0] for row in BAD_ROWS])
def test_bad_input_raises_a_clear_error_naming_the_argument(rid, call, exc, arg):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    assert arg in message, message
    if exc is not TD:  # "arg: got ..., wanted ...", or "f: returned ..., wanted ..." for what a callable returned
        assert (": got " in message or ": returned " in message or "returned" in message) and "wanted" in message, \
            message
        if exc is TE:
            assert isinstance(info.value, _checks.ArgumentTypeError), repr(info.value)


@pytest.mark.parametrize("rid,call,ok", GOOD_ROWS, ids=[row[0] for row in GOOD_ROWS])
def test_edge_input_still_works(rid, call, ok):
    assert ok(call())
