"""rnnlib: the small numpy library behind the book *Recurrent Neural Networks by Experiment*.

    import rnnlib as rl
    model = rl.RNN(n_in, n_hidden, n_out, pattern="hidden", seed=0)
    trace = model.forward(x)                 # x: (τ, batch, n_in)
    loss, grads = model.loss_and_grads(x, y)

The library, bottom to top:

``functional``  softmax, log-softmax, cross-entropy, one-hot
``rnn``         ``RNN`` in its three patterns: one step (eq. 10.8), forward, BPTT
``seq2seq``     ``Seq2Seq``: the encoder-decoder (fig. 10.12), built on ``rnn``'s step
``attention``   ``AttentionSeq2Seq``: a bidirectional encoder and additive attention (chapter 8)
``gated``       leaky units, ``LSTM`` and ``GRU`` (GBC 10.9-10.10): steps, forward, BPTT
``mlp``         the per-position baseline and other baselines the chapters compare
``gradcheck``   finite-difference gradient checks
``optim``       SGD, Adam, gradient clipping, the training loop with progress display
``probe``       linear probes: what a hidden state tells about the past
``translate``   training and decoding an encoder-decoder on the number task (chapters 6 and 8)
``data``        seeded tasks, vocabularies, tokenising a reader's sentence (a package:
                ``data.years``, ``data.batching``, ``data.text``, ``data.two_trip``,
                ``data.sequences``, ``data.numbers``)
``graph``       circuit, unfolded and seq2seq drawings (described by ``graph.spec``)
``graph_draw``  how ``graph`` lays out, highlights and draws a graph
``plots``       figures more than one chapter uses, and ``Table``
``widgets``     the time stepper (a package: ``widgets.core`` the Stepper, ``widgets.live``
                and ``widgets.static`` its two faces, ``widgets.kernel`` the face choice and
                the thread that draws ahead, ``widgets.raster`` and ``widgets.labels`` the
                rasterising with its caches; ``widgets.tryit`` the "Try it" panels)
``export``      trained networks as JSON (float64 exact) for the book's "Try it" panels
``exercises``   the check framework of the exercises (``check``, ``close``, ``Result``)
``claims``      the guards of the prose: ``Claim``, ``check``, ``ClaimFailed``, the rounding ensemble
``chapters``    one module or package per notebook: ``chapters.ch01_parameter_sharing`` for
                ``book/01_parameter_sharing.ipynb``, and so on

Private: ``_checks`` (the validation every public function uses: a wrong value
raises ``ValueError``, a wrong type ``_checks.ArgumentTypeError``) and
``_model`` (the skeleton the models share: sizes, limit, initialisation, the
parameter check).

Submodules load on first use (``rl.graph`` imports matplotlib only when it is
first touched), so ``import rnnlib`` is cheap.
"""

import importlib

__version__ = "0.1.0"  # the one place of the version: pyproject.toml reads it (dynamic = ["version"])

_SUBMODULES = ("attention", "chapters", "claims", "data", "exercises", "export", "functional", "gated", "gradcheck",
               "graph", "graph_draw", "mlp", "optim", "plots", "probe", "rnn", "seq2seq", "translate", "widgets")
_NAMES = {  # name -> submodule that defines it
    "RNN": "rnn", "Trace": "rnn",
    "softmax": "functional", "log_softmax": "functional", "cross_entropy": "functional", "one_hot": "functional",
    "Seq2Seq": "seq2seq", "AttentionSeq2Seq": "attention",
    "LSTM": "gated", "GRU": "gated", "LeakyRNN": "gated",
}

__all__ = sorted(_NAMES) + list(_SUBMODULES)


def __getattr__(name):
    """Load a submodule, or the submodule that defines ``name``, on first use (PEP 562)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _NAMES:
        value = getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'rnnlib' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
