"""Training and evaluating an encoder-decoder on the number task: what chapters 6 and 8 share.

The task is :func:`rnnlib.data.number_pairs` (a number in words to its digits).
Every function here takes a *model* with the encoder-decoder contract of
``DESIGN.md`` (``loss_and_grads``, ``greedy``, ``beam``, ``log_prob``,
``n_src``, ``n_tgt``; :class:`rnnlib.Seq2Seq` and chapter 8's attention model)
whose vocabularies are the number task's, and *pairs*, a
:class:`rnnlib.data.NumberPairs`.

``train``             teacher forcing with Adam on random mini-batches of the pairs (seeded)
``decode``            the digit strings a model writes, greedy (width 1) or beam search
``exact_match``       which answers are exactly right; ``accuracy_by_length`` the same by n_x
``planted_errors``    force a wrong digit at position t, decode the rest freely: is it still right?
``search_errors``     greedy against beam search: fixes, breaks, and each beam error classed as a
                      *search error* (the true answer scores higher than the beam's) or a
                      *model error* (the model prefers the wrong answer)
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from .data import NUMBER_SOURCE_VOCAB, NUMBER_TARGET_VOCAB, NumberPairs, digits_text
from .optim import Adam, train as _train
from .seq2seq import END, MAX_WIDTH

__all__ = ["MAX_LEN", "MAX_STEPS", "MAX_BATCH", "train", "decode", "exact_match", "accuracy_by_length",
           "planted_errors", "PlantedErrors", "search_errors", "SearchErrors"]

#: Decoding stops after this many tokens (the longest answer has 5 digits).
MAX_LEN = 7
#: The most Adam steps ``train`` runs, and the largest mini-batch.
MAX_STEPS, MAX_BATCH = 20_000, 4_096
_METHODS = ("loss_and_grads", "greedy", "beam")


def check_model(model, name="model", needs=()):
    """``model`` if it has the encoder-decoder contract (and the methods ``needs``) and the number task's
    vocabulary sizes, else raise."""
    methods = _METHODS + tuple(needs)
    if not all(callable(getattr(model, m, None)) for m in methods) or not hasattr(model, "params"):
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(model)}, wanted an encoder-decoder such as "
                                        f"rnnlib.Seq2Seq (with {', '.join(methods)})")
    want = (len(NUMBER_SOURCE_VOCAB), len(NUMBER_TARGET_VOCAB))
    got = (getattr(model, "n_src", None), getattr(model, "n_tgt", None))
    if got != want:
        raise ValueError(f"{name}: got vocabulary sizes (n_src, n_tgt) = {got}, wanted {want}, the number task's "
                         "(len(rl.data.NUMBER_SOURCE_VOCAB), len(rl.data.NUMBER_TARGET_VOCAB))")
    if callable(getattr(model, "_check_params", None)):
        model._check_params()          # keys, shapes, float, finite: "params['U_dec']: got shape ..."
    return model


def check_pairs(pairs, name="pairs"):
    """``pairs`` if it is a non-empty :class:`rnnlib.data.NumberPairs`, else raise."""
    _checks.instance(pairs, name, NumberPairs, "a rnnlib.data.NumberPairs (from rl.data.number_pairs)")
    if len(pairs) == 0:
        raise ValueError(f"{name}: got no pairs, wanted at least one")
    return pairs


def train(model, pairs, *, seed=0, steps=500, batch_size=64, lr=0.01, clip=5.0, reverse=False, progress=True,
          label="seq2seq"):
    """Train ``model`` in place with teacher forcing: ``steps`` Adam steps on random mini-batches of ``pairs``.

    Mini-batch i holds ``batch_size`` pairs drawn with replacement by
    ``default_rng(seed + 1000)`` (``seed`` an integer >= 0), padded to its longest source and target;
    the gradient is clipped to norm ``clip``. ``reverse`` feeds each source
    sentence reversed (Sutskever et al. 2014). Returns the
    :class:`rnnlib.optim.History`; an overflow raises ``TrainingDiverged``.
    """
    check_model(model)
    check_pairs(pairs)
    seed = _checks.integer(seed, "seed", 0)
    steps = _checks.positive_int(steps, "steps", MAX_STEPS, " (Adam steps; the chapters use hundreds)")
    batch_size = _checks.positive_int(batch_size, "batch_size", MAX_BATCH, " (pairs per mini-batch)")
    lr = _checks.number(lr, "lr", 0, 10, low_open=True)
    clip = _checks.number(clip, "clip", 0, low_open=True)
    reverse = _checks.boolean(reverse, "reverse")
    label = _checks.text(label, "label")
    if not label.strip():
        raise ValueError(f"label: got {label!r}, wanted a non-empty name for the progress line")
    picks = np.random.default_rng(seed + 1000).integers(0, len(pairs), (steps, batch_size))

    def data(i):
        return pairs.batch(picks[i], reverse=reverse)

    return _train(model, data, steps, optimizer=Adam(lr), clip=clip, progress=progress, label=label)


def _width(width):
    return _checks.positive_int(width, "width", MAX_WIDTH, " (hypotheses in the beam)")


def decode(model, pairs, width=1, *, reverse=False):
    """The digit strings ``model`` writes for ``pairs``: greedy for ``width=1``, else beam search."""
    check_model(model)
    check_pairs(pairs)
    width = _width(width)
    src, _ = pairs.batch(reverse=_checks.boolean(reverse, "reverse"))
    seqs = model.greedy(src, MAX_LEN) if width == 1 else model.beam(src, width, MAX_LEN)
    return [digits_text(s) for s in seqs]


def exact_match(model, pairs, width=1, *, reverse=False):
    """bool ndarray (n,): the decoded answer equals the number's digits exactly."""
    got = decode(model, pairs, width, reverse=reverse)
    return np.array([a == str(int(v)) for a, v in zip(got, pairs.values)])


def accuracy_by_length(model, pairs, width=1, min_count=10, *, reverse=False):
    """``{n_x: (accuracy, count)}`` of exact match by input length, over one NumberPairs or a list of them.

    Lengths with fewer than ``min_count`` pairs are left out (an accuracy of 1 pair says little); a
    ``min_count`` that no length reaches is refused (the result would be empty).
    ``reverse`` feeds each source reversed (for a model trained that way).
    """
    sets = [pairs] if isinstance(pairs, NumberPairs) else pairs
    if not isinstance(sets, (list, tuple)) or not sets:
        raise _checks.ArgumentTypeError(f"pairs: got {_checks._got(pairs)}, wanted a rnnlib.data.NumberPairs or a "
                                        "non-empty list of them")
    for i, p in enumerate(sets):
        check_pairs(p, "pairs" if isinstance(pairs, NumberPairs) else f"pairs[{i}]")
    min_count = _checks.positive_int(min_count, "min_count")
    ok = np.concatenate([exact_match(model, p, width, reverse=reverse) for p in sets])
    lengths = np.concatenate([p.src_length for p in sets])
    names, counts = np.unique(lengths, return_counts=True)
    if counts.max() < min_count:
        raise ValueError(f"min_count: got {min_count:,}, but no length has that many pairs (the most is "
                         f"{int(counts.max()):,}), wanted min_count <= {int(counts.max()):,}")
    return {int(n): (float(ok[lengths == n].mean()), int(c)) for n, c in zip(names, counts) if c >= min_count}


@dataclass
class PlantedErrors:
    """What follows a forced digit, by position t (counted from 1).

    Attributes
    ----------
    positions : int ndarray (P,)     the positions t where a digit was forced
    right_after_true : ndarray (P,)  fraction whose rest (digits after t, then end) is right when y(t) is the true digit
    right_after_wrong : ndarray (P,) the same when y(t) is the model's likeliest *wrong* digit
    count : int ndarray (P,)         answers with more than t digits (those with a rest to get right)
    """

    positions: np.ndarray
    right_after_true: np.ndarray
    right_after_wrong: np.ndarray
    count: np.ndarray


def planted_errors(model, pairs, positions=(1, 2, 3, 4), min_count=20):
    """Exposure bias, measured: plant an error at position t, let the decoder run free, score the rest.

    For every pair with more than t digits, the decoder is forced to write the
    true digits y(1..t-1), then at t either the true digit (the control) or
    the wrong digit it finds likeliest there (teacher-forced ŷ(t) with the true
    digit removed: the error it would most plausibly make). From t+1 on it
    reads its own outputs (greedy). The rest is right if the digits after t and
    the end token equal the truth's; the true rest does not depend on what was
    written at t, so a model that ignored its own slip would be right as often
    after the wrong digit as after the true one. Positions with fewer than
    ``min_count`` such pairs are left out. Needs ``model.greedy(src, max_len, prefix=...)``.
    """
    check_model(model, needs=("forward",))
    check_pairs(pairs)
    if isinstance(positions, (str, bytes, dict)) or not hasattr(positions, "__iter__"):
        raise _checks.ArgumentTypeError(f"positions: got {_checks._got(positions)}, wanted an iterable of "
                                        "positions such as (1, 2, 3, 4)")
    positions = sorted({_checks.integer(t, "positions", 1, 4, " (answers have at most 5 digits)")
                        for t in list(positions)[:10]})
    if not positions:
        raise ValueError("positions: got none, wanted at least one position in 1..4")
    min_count = _checks.positive_int(min_count, "min_count")
    src, tgt = pairs.batch()
    o = model.forward(src, tgt).o                               # teacher-forced logits (n_y, B, n_tgt)
    n_digits = pairs.tgt_length - 1
    rows = []
    for t in positions:
        cols = np.flatnonzero(n_digits > t)
        if cols.size < min_count:
            continue
        logits = o[t - 1, cols].copy()
        logits[:, :3] = -np.inf                                 # digits only: not pad, start or end
        logits[np.arange(cols.size), tgt[t - 1, cols]] = -np.inf
        right = tgt[:t, cols]
        wrong = right.copy()
        wrong[t - 1] = logits.argmax(axis=-1)
        rest = [list(tgt[t:n_digits[j], j]) for j in cols]
        scores = []
        for prefix in (right, wrong):
            out = model.greedy(src[:, cols], MAX_LEN, prefix=prefix)
            scores.append(float(np.mean([o_[t:] == r for o_, r in zip(out, rest)])))
        rows.append((t, *scores, cols.size))
    if not rows:
        raise ValueError(f"min_count: got {min_count:,}, but pairs has no position with that many answers longer "
                         "than it, wanted a smaller min_count (or more pairs)")
    t, a, b, n = (np.array(v) for v in zip(*rows))
    return PlantedErrors(t, a, b, n)


@dataclass
class SearchErrors:
    """Greedy decoding against beam search of one width, on the same pairs.

    Attributes
    ----------
    width : int
    greedy_ok, beam_ok : bool ndarray (n,)   exact match of each decoder
    fixes : int     greedy wrong, beam right
    breaks : int    greedy right, beam wrong
    search : int    beam wrong, its answer finished (END emitted), and the true answer has a higher score
                    log p(y | x) than the beam's answer: the search missed it
    model : int     beam wrong, its answer finished, and it scores at least as high as the truth: the model
                    prefers the wrong answer, and no search can fix that
    cutoff : int    beam wrong because its answer was cut off at MAX_LEN tokens without END: such a
                    hypothesis has not paid for the end token, so its score is not a log p(y | x) of a whole
                    output and can outrank finished ones; counted apart from search and model errors
    greedy_search : int   greedy wrong (answer finished) and the true answer has a higher log p than greedy's
                    answer: the search errors of greedy decoding, the ones a wider beam can fix
    greedy_cutoff : int   greedy wrong because its answer was cut off at MAX_LEN tokens
    """

    width: int
    greedy_ok: np.ndarray
    beam_ok: np.ndarray
    fixes: int
    breaks: int
    search: int
    model: int
    cutoff: int = 0
    greedy_search: int = 0
    greedy_cutoff: int = 0


def _log_probs(model, src, seqs):
    """log p(seq, END | src) per column for decoded token lists ``seqs``."""
    tgt = np.zeros((max(len(s) for s in seqs) + 1, len(seqs)), dtype=np.int64)
    for j, s in enumerate(seqs):
        tgt[:len(s), j] = s
        tgt[len(s), j] = END
    return model.log_prob(src, tgt)


def search_errors(model, pairs, width=8):
    """Greedy against beam search of ``width``: fixes, breaks, and search errors against model errors.

    Wrong answers cut off at MAX_LEN tokens (no END) are counted apart (``cutoff``, ``greedy_cutoff``): the
    beam keeps them in its final choice, scored by the tokens they have, which is how one can outrank
    finished hypotheses; rescored with END appended they would look like search errors, and they are not.
    """
    check_model(model, needs=("log_prob",))
    check_pairs(pairs)
    width = _width(width)
    src, tgt = pairs.batch()
    want = [[3 + int(c) for c in str(int(v))] for v in pairs.values]
    greedy, beam = model.greedy(src, MAX_LEN), model.beam(src, width, MAX_LEN)
    g_ok = np.array([a == b for a, b in zip(greedy, want)])
    b_ok = np.array([a == b for a, b in zip(beam, want)])
    truth = model.log_prob(src, tgt)
    truer = truth > _log_probs(model, src, beam)
    g_truer = truth > _log_probs(model, src, greedy)
    # an output of MAX_LEN tokens never emitted END: cut off, its score lacks the end token's factor
    b_cut = np.array([len(a) >= MAX_LEN for a in beam])
    g_cut = np.array([len(a) >= MAX_LEN for a in greedy])
    b_wrong, g_wrong = ~b_ok & ~b_cut, ~g_ok & ~g_cut
    return SearchErrors(width, g_ok, b_ok, int(np.sum(~g_ok & b_ok)), int(np.sum(g_ok & ~b_ok)),
                        int(np.sum(b_wrong & truer)), int(np.sum(b_wrong & ~truer)), int(np.sum(~b_ok & b_cut)),
                        int(np.sum(g_wrong & g_truer)), int(np.sum(~g_ok & g_cut)))
