"""Trained networks as JSON, for the book's "Try it" panels (``rnnlib.widgets.tryit``).

A panel in the static HTML book runs the trained network in the page: the
build writes its parameters, vocabularies and tokeniser rules into the page as
one JSON object (a *blob*), and ``book/_ext/static/rnnbook-tryit.js`` reads it.

The parameters are **not rounded**: each array is its float64 bytes,
little-endian, in base64 (``{"shape": [..], "f64": "..."}``), 10.7 characters
a number instead of the ~19 of its decimal text, and the page computes with
exactly the numbers rnnlib computes with, so its probabilities agree with
rnnlib's to rounding (~1e-15), far inside the 1e-6 the browser tests demand.

Blob of an :class:`rnnlib.RNN` (:func:`rnn_blob`)::

    {"kind": "rnn", "pattern": "last" | "hidden" | "output", "feedback": None | "softmax" | "logits",
     "n_in", "n_hidden", "n_out", "params": {"U", "W", "b", "V", "c"}, "labels": [n_out str]}

    h(t) = tanh(b + W r(t-1) + U x(t))   (eq. 10.8-10.9; r = h, or ŷ / o for pattern "output")
    o(t) = c + V h(t),  ŷ(t) = softmax(o(t))

Blob of a :class:`rnnlib.Seq2Seq` (:func:`seq2seq_blob`)::

    {"kind": "seq2seq", "n_src", "n_tgt", "n_hidden", "params": {U_enc, W_enc, b_enc, U_dec, W_dec, Z, b_dec, V, c},
     "labels": [n_tgt str], "max_len": int}

:func:`from_blob` rebuilds the model (the unit tests check that it is exact).

Blob of an :class:`rnnlib.AttentionSeq2Seq` (:func:`attention_blob`), chapter 8::

    {"kind": "attention", "n_src", "n_tgt", "n_hidden", "n_attn", "bidirectional",
     "params": {U_fwd, W_fwd, b_fwd, [U_bwd, W_bwd, b_bwd,] W_a, U_a, v, U_dec, W_dec, Z, b_dec, V, c},
     "labels": [n_tgt str], "max_len": int}

    →h(j) = tanh(b_fwd + W_fwd →h(j-1) + U_fwd x(j)),  ←h(j) likewise from j = n_x down,  h(j) = [→h(j); ←h(j)]
    e(t, j) = v · tanh(W_a s(t-1) + U_a h(j)),  α(t, ·) = softmax(e(t, ·)),  c(t) = Σ_j α(t, j) h(j)
    s(t) = tanh(b_dec + Z c(t) + W_dec s(t-1) + U_dec y(t-1)),  s(0) = 0,  o(t) = c + V s(t)
"""

import base64
import json

import numpy as np

from . import _checks
from .attention import AttentionSeq2Seq
from .rnn import RNN
from .seq2seq import Seq2Seq

__all__ = ["array_blob", "blob_array", "rnn_blob", "seq2seq_blob", "attention_blob", "from_blob", "to_json"]

_RNN_PARAMS = ("U", "W", "b", "V", "c")
_SEQ2SEQ_PARAMS = ("U_enc", "W_enc", "b_enc", "U_dec", "W_dec", "Z", "b_dec", "V", "c")


def array_blob(a):
    """A float64 array as ``{"shape": [...], "f64": base64 of its little-endian bytes}`` (row-major)."""
    a = _checks.real_array(a, "a", "a finite float array")
    a = np.ascontiguousarray(a, dtype="<f8")
    return {"shape": list(a.shape), "f64": base64.b64encode(a.tobytes()).decode("ascii")}


def blob_array(d):
    """The array of :func:`array_blob` (float64, read-only copy)."""
    if not isinstance(d, dict) or set(d) != {"shape", "f64"}:
        raise _checks.ArgumentTypeError(f"d: got {_checks._got(d)}, wanted a dict with 'shape' and 'f64' "
                                        "(from rnnlib.export.array_blob)")
    raw = base64.b64decode(d["f64"].encode("ascii"), validate=True)
    shape = tuple(int(n) for n in d["shape"])
    if len(raw) != 8 * int(np.prod(shape, dtype=np.int64)):
        raise ValueError(f"d: got {len(raw)} bytes for shape {shape}, wanted {8 * int(np.prod(shape))}")
    return np.frombuffer(raw, dtype="<f8").astype(np.float64).reshape(shape)


def _labels(labels, n, name):
    if not isinstance(labels, (list, tuple)) or len(labels) != n or not all(isinstance(s, str) for s in labels):
        raise ValueError(f"{name}: got {_checks._got(labels)}, wanted a list of {n} str, one per class")
    return list(labels)


def rnn_blob(model, labels, *, feedback=None):
    """The blob of a trained :class:`rnnlib.RNN` (dict, JSON-ready).

    Parameters
    ----------
    model : RNN
    labels : list of n_out str      the name of each output class (e.g. the years)
    feedback : {None, "softmax", "logits"}
        Pattern "output" only: what the page feeds back (running free); default "softmax".
    """
    _checks.instance(model, "model", RNN, "a trained rnnlib.RNN")
    model._check_params()
    if model.pattern == "output":
        feedback = "softmax" if feedback is None else _checks.choice(feedback, "feedback", ("softmax", "logits"))
    elif feedback is not None:
        raise ValueError(f"feedback: got {feedback!r} for pattern {model.pattern!r}, wanted None")
    return {"kind": "rnn", "pattern": model.pattern, "feedback": feedback, "n_in": model.n_in,
            "n_hidden": model.n_hidden, "n_out": model.n_out,
            "params": {k: array_blob(model.params[k]) for k in _RNN_PARAMS},
            "labels": _labels(labels, model.n_out, "labels")}


def seq2seq_blob(model, labels, max_len):
    """The blob of a trained :class:`rnnlib.Seq2Seq` (dict): parameters, target labels, decoding length.

    labels : list of n_tgt str (the target tokens' names); max_len : int, tokens per output (END not counted).
    """
    _checks.instance(model, "model", Seq2Seq, "a trained rnnlib.Seq2Seq")
    model._check_params()
    max_len = _checks.positive_int(max_len, "max_len", 1000)
    return {"kind": "seq2seq", "n_src": model.n_src, "n_tgt": model.n_tgt, "n_hidden": model.n_hidden,
            "params": {k: array_blob(model.params[k]) for k in _SEQ2SEQ_PARAMS},
            "labels": _labels(labels, model.n_tgt, "labels"), "max_len": max_len}


def attention_blob(model, labels, max_len):
    """The blob of a trained :class:`rnnlib.AttentionSeq2Seq` (dict): sizes, encoder kind, parameters
    (every key of ``model.params``), target labels, decoding length; arguments as :func:`seq2seq_blob`."""
    _checks.instance(model, "model", AttentionSeq2Seq, "a trained rnnlib.AttentionSeq2Seq")
    model._check_params()
    max_len = _checks.positive_int(max_len, "max_len", 1000)
    return {"kind": "attention", "n_src": model.n_src, "n_tgt": model.n_tgt, "n_hidden": model.n_hidden,
            "n_attn": model.n_attn, "bidirectional": model.bidirectional,
            "params": {k: array_blob(v) for k, v in model.params.items()},
            "labels": _labels(labels, model.n_tgt, "labels"), "max_len": max_len}


def from_blob(blob):
    """The model a blob describes (a new RNN, Seq2Seq or AttentionSeq2Seq with the blob's parameters)."""
    if not isinstance(blob, dict) or blob.get("kind") not in ("rnn", "seq2seq", "attention"):
        raise _checks.ArgumentTypeError(f"blob: got {_checks._got(blob)}, wanted a dict from rnn_blob, "
                                        "seq2seq_blob or attention_blob")
    if blob["kind"] == "rnn":
        model = RNN(blob["n_in"], blob["n_hidden"], blob["n_out"], pattern=blob["pattern"])
        names = _RNN_PARAMS
    elif blob["kind"] == "attention":
        model = AttentionSeq2Seq(blob["n_src"], blob["n_tgt"], blob["n_hidden"], n_attn=blob["n_attn"],
                                 bidirectional=blob["bidirectional"])
        names = tuple(model.params)
    else:
        model = Seq2Seq(blob["n_src"], blob["n_tgt"], blob["n_hidden"])
        names = _SEQ2SEQ_PARAMS
    for k in names:
        model.params[k] = blob_array(blob["params"][k])
    model._check_params()
    return model


def to_json(obj):
    """Compact JSON that is safe inside a ``<script>`` element (no '</script>', no '<!--')."""
    return (json.dumps(obj, separators=(",", ":"), allow_nan=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
