"""rnnlib: the small numpy library behind the book *Recurrent Neural Networks, by Experiment*.

    import rnnlib as rl
    model = rl.RNN(n_in, n_hidden, n_out, pattern="hidden", seed=0)
    trace = model.forward(x)                 # x: (τ, batch, n_in)
    loss, grads = model.loss_and_grads(x, y)

Submodules: ``rnn``, ``functional``, ``gradcheck``, ``optim``.
"""

from . import data, exercises, functional, gradcheck, graph, mlp, optim, plots, rnn, sharing, widgets
from .functional import cross_entropy, log_softmax, one_hot, softmax
from .rnn import RNN, Trace

__version__ = "0.1.0"

__all__ = [
    "RNN", "Trace", "softmax", "log_softmax", "cross_entropy", "one_hot",
    "data", "exercises", "functional", "gradcheck", "graph", "mlp", "optim", "plots", "rnn", "sharing", "widgets",
]
