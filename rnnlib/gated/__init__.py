"""Leaky units, the LSTM and the GRU (Goodfellow et al., sections 10.8-10.10), by hand.

Every model here has ``rl.RNN``'s interface (patterns "hidden" and "last",
``forward``, ``predict``, ``loss_and_grads``, ``backward``, a ``params``
dict) and its output layer o(t) = c + V h(t), softmax cross-entropy summed
over time and averaged over the batch. Only the recurrence differs:

Leaky units (``LeakyRNN``, GBC 10.9; α fixed, not trained)::

    h(t) = α h(t-1) + (1 − α) tanh(b + W h(t-1) + U x(t))

LSTM (``LSTM``, GBC 10.40-10.44), σ the logistic sigmoid::

    f(t) = σ(b_f + U_f x(t) + W_f h(t-1))             forget gate   (10.41)
    g(t) = σ(b_g + U_g x(t) + W_g h(t-1))             input gate    (10.42)
    q(t) = σ(b_q + U_q x(t) + W_q h(t-1))             output gate   (10.44)
    z(t) = tanh(b + U x(t) + W h(t-1))                cell input    (GBC 10.40 writes σ here)
    s(t) = f(t) ⊙ s(t-1) + g(t) ⊙ z(t)                cell state    (10.40)
    h(t) = tanh(s(t)) ⊙ q(t)                                        (10.43)

GRU (``GRU``, GBC 10.45-10.46)::

    u(t) = σ(b_u + U_u x(t) + W_u h(t-1))             update gate
    r(t) = σ(b_r + U_r x(t) + W_r h(t-1))             reset gate
    z(t) = tanh(b + U x(t) + W (r(t) ⊙ h(t-1)))
    h(t) = u(t) ⊙ h(t-1) + (1 − u(t)) ⊙ z(t)                        (10.45)

Each gate's product b + U x(t) + W v is written once, in :func:`gate`; the
steps :func:`lstm_step`, :func:`gru_step` and :func:`leaky_step` call it (the
leaky unit calls ``rnn.step``, eq. 10.8). The forward loop is over time, batch
items an array axis; BPTT is written by hand (see each ``_backward``), and the
parameter gradients are single products over all steps after the loop.
"""

from .models import GRU, LSTM, GatedTrace, LeakyRNN
from .steps import (MAX_FORGET_BIAS, PATTERNS, GRUStep, LSTMStep, gate, gru_step, leaky_step, lstm_step, sigmoid,
                    stack)

__all__ = ["sigmoid", "gate", "lstm_step", "gru_step", "leaky_step", "stack", "LSTMStep", "GRUStep",
           "GatedTrace", "LSTM", "GRU", "LeakyRNN", "PATTERNS", "MAX_FORGET_BIAS"]
