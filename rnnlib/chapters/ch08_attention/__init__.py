"""Chapter 8, "Attention: a context for every output" (book/08_attention.ipynb): the chapter's code.

The model is :class:`rnnlib.AttentionSeq2Seq`; training and evaluating it on the number task is
:mod:`rnnlib.translate`, shared with chapter 6, whose data, budget and training method this chapter
reuses. What is particular to the chapter lives here:

- :mod:`.settings`    sizes, budgets and the thresholds of the claims;
- :mod:`.experiment`  the data, training both models over a sweep of H, one input's attention, the cost;
- :mod:`.figures`     accuracy by length and size, the attention heat map, the stepper, the cost;
- :mod:`.exercises`   the checks of exercises 1-2;
- :mod:`.claims`      the claims the notebook's hidden guard cells check (``rnnlib.claims.check``).
- :mod:`.spread`      controls measured outside the notebook (uniform attention, learning rate, steps, beam).

Positions and time steps are counted from 1 in the prose and figures (x(1) is the first word).
"""

from .claims import encoder_claims, length_claims, reading_claims, size_claims
from .exercises import WEIGHTS_CASE, check_param_count, check_weights
from .experiment import (KINDS, Cost, Task, accuracy_by_length, cost, decode_one, exact_match, example, make_model,
                         pooled, reading_order, source_ids, sweep, table, task, train_model)
from .figures import attention_stepper, plot_accuracy, plot_attention, plot_cost
from .settings import (ATTENTION_SIZES, BATCH, CLIP, CONTROL_H, COST_LENGTHS, LR, MAX_LEN, PLAIN_SIZES, STEPS,
                       TEST_LENGTHS, TOKENS, UNI_MATCHED_H)

__all__ = [
    "encoder_claims", "length_claims", "reading_claims", "size_claims",
    "WEIGHTS_CASE", "check_param_count", "check_weights",
    "KINDS", "Cost", "Task", "accuracy_by_length", "cost", "decode_one", "exact_match", "example", "make_model",
    "pooled", "reading_order", "source_ids", "sweep", "table", "task", "train_model",
    "attention_stepper", "plot_accuracy", "plot_attention", "plot_cost",
    "ATTENTION_SIZES", "BATCH", "CLIP", "CONTROL_H", "COST_LENGTHS", "LR", "MAX_LEN", "PLAIN_SIZES", "STEPS",
    "TEST_LENGTHS", "TOKENS", "UNI_MATCHED_H",
]
