"""Chapter 6's exercise checks: reverse the source, score a hypothesis, the probability of stopping."""

import numpy as np

from ... import _checks
from ... import data as _data
from ... import translate as _tr
from ...exercises import check, close
from ...functional import log_softmax
from ...seq2seq import END, PAD
from .experiment import source_ids

__all__ = ["reverse_source", "check_reverse_source", "check_score", "check_stop_probability", "STOP_CASES"]


def reverse_source(src):
    """Reverse each column's tokens of a padded ``src`` (n_x, batch); padding stays at the end."""
    src = _checks.int_labels(src, "src", len(_data.NUMBER_SOURCE_VOCAB))
    if src.ndim != 2 or 0 in src.shape:
        raise ValueError(f"src: got {_checks._describe(src)}, wanted (n_x, batch) word ids with padding 0 at the end")
    n = (src != PAD).sum(axis=0)                              # tokens per column
    t = np.arange(src.shape[0])[:, None]
    idx = np.where(t < n, n - 1 - t, t)
    return np.take_along_axis(src, idx, axis=0)


def check_reverse_source(fn):
    """Exercise: ``fn(src)`` reverses each column's tokens, leaving the padding at the end."""
    src = np.array([[5, 6, 7, 8], [9, 10, 0, 0], [11, 0, 0, 0]]).T            # (4, 3)
    want = reverse_source(src)
    # word ids in no order (as in real sentences), with padding: a sort cannot pass for a reversal
    mixed = np.array([[12, 5, 9, 7, 20], [8, 3, 14, 0, 0], [6, 11, 4, 10, 0], [17, 0, 0, 0, 0],
                      [4, 4, 15, 3, 0]]).T                                    # (5, 5)
    mixed_want = reverse_source(mixed)
    sorted_down = -np.sort(-mixed, axis=0)
    return check("Reverse the source", fn, [
        (lambda f: f(src.copy()) is not None, "your function returned None: return the reversed array"),
        (lambda f: not close(f(mixed.copy()), sorted_down) or close(sorted_down, mixed_want),
         "that sorts each column's ids (largest first): reversing means the order of the words in the "
         "sentence, whatever their ids; try a column such as [12, 5, 9, 7, 20]"),
        (lambda f: not close(f(mixed.copy()), np.sort(mixed, axis=0)),
         "that sorts each column's ids: reverse the order of the words, whatever their ids"),
        (lambda f: np.shape(f(src.copy())) == src.shape, f"the result should keep src's shape {src.shape}"),
        (lambda f: not close(f(src.copy()), src[::-1]),
         "that is src[::-1]: it moves the padding to the front of the shorter columns, so the encoder would "
         "read the words last-to-first only for the longest column; reverse the first n tokens of each column"),
        (lambda f: not close(f(src.copy()), src[:, ::-1]), "that reverses the order of the columns (the batch), "
         "not the words: time is axis 0"),
        (lambda f: close(f(src.copy()), want), "each column should be its tokens in reverse order, then the "
         "same padding: [5, 6, 7, 8] -> [8, 7, 6, 5] and [9, 10, 0, 0] -> [10, 9, 0, 0]"),
        (lambda f: close(f(mixed.copy()), mixed_want), "each column should be its tokens in reverse order, "
         "then the same padding, whatever the ids: [8, 3, 14, 0, 0] -> [14, 3, 8, 0, 0]"),
    ], "the first word the decoder needs is now the last one the encoder read (Sutskever et al. 2014).",
       expect="function")


def check_score(fn, model):
    """Exercise: ``fn(model, text, digits)`` = log p(digits, end | text), the beam search's score."""
    _tr.check_model(model, needs=("forward", "log_prob"))
    cases = [("forty five thousand and seven", "45007"), ("twelve", "12"), ("three hundred", "300"),
             ("three hundred", "3")]
    want = [model.log_prob(source_ids(t), np.array([3 + int(c) for c in d] + [END])) for t, d in cases]
    no_end = []
    for t, d in cases:
        tr = model.forward(source_ids(t), np.array([3 + int(c) for c in d] + [END]))
        lp = log_softmax(tr.o)
        no_end.append(sum(lp[i, 3 + int(c)] for i, c in enumerate(d)))
    got = lambda f: [float(f(model, t, d)) for t, d in cases]  # noqa: E731
    return check("Score a hypothesis", fn, [
        (lambda f: all(np.isfinite(got(f))), "the score should be a finite number"),
        (lambda f: not np.allclose(got(f), np.exp(want)),
         "that is the probability; beam search adds log-probabilities (np.log of it), which do not underflow"),
        (lambda f: not np.allclose(got(f), no_end),
         "you left out the end token: p(y | x) includes the decoder's choice to stop, log ŷ(n_y)[end]"),
        (lambda f: not np.allclose(got(f), [w / (len(d) + 1) for w, (_, d) in zip(want, cases)]),
         "that is divided by the length: rnnlib's beam scores are not length-normalised"),
        (lambda f: all(v <= 0 for v in got(f)), "a log-probability is at most 0"),
        (lambda f: np.allclose(got(f), want, atol=1e-8),
         "feed the digits and the end token as tgt to model.forward(src, tgt) (teacher forcing), then sum "
         "log ŷ(t)[y(t)] over t = 1 .. n_y"),
    ], "log p(y | x) = Σ_t log ŷ(t)[y(t)], end token included: the score beam search ranks hypotheses by.",
       expect="function")


#: Exercise 3's inputs: two four-word numbers whose answers both begin "320"; one ends there, one does not.
STOP_CASES = (("three hundred and twenty", "320"), ("three thousand two hundred", "3200"))


def check_stop_probability(p_stop, model):
    """Exercise: p(end) after the decoder has read "3", "2", "0" (ŷ(4)[end]) for "three hundred and twenty"
    and for "three thousand two hundred": the same digits written, one answer complete, the other not."""
    _tr.check_model(model, needs=("forward",))
    y = [model.forward(source_ids(t), np.array([3 + int(c) for c in d] + [END])).y_hat for t, d in STOP_CASES]
    want = np.array([y[0][3, END], y[1][3, END]])
    wrong = [(np.array([y[0][2, END], y[1][2, END]]), "that is ŷ(3)[end], after reading only '3', '2'; after "
              "reading '0' too the decoder is at step 4: ŷ(4), index 3 in code"),
             (np.log(want), "those are log-probabilities; the question asks for probabilities"),
             (want[::-1], "the two are swapped: first 'three hundred and twenty', then 'three thousand two "
              "hundred'"),
             (np.array([y[0][3, 3], y[1][3, 3]]), f"that is the probability of the digit 0 (id 3); the end "
              f"token's id is model.end = {END}")]
    tests = [(lambda v: np.shape(v) == (2,), "the answer is a pair of probabilities: (for 'three hundred and "
              "twenty', for 'three thousand two hundred')")]
    for alt, hint in wrong:
        if np.abs(alt - want).max() > 1e-6:       # only a hint that can tell the answers apart
            tests.append((lambda v, alt=alt: not close(v, alt, tol=1e-9), hint))
    tests += [(lambda v: bool(np.all((np.asarray(v) >= 0) & (np.asarray(v) <= 1))), "a probability lies in [0, 1]"),
              (lambda v: close(v, want, tol=1e-6), "run model.forward(src, tgt) with tgt = the digits 3, 2, 0 "
               "(ids 6, 5, 3) and more, so that step 4 reads '0', and take y_hat[3, model.end]")]
    return check("The probability of stopping", p_stop, tests,
                 f"after '320' the model stops with p = {want[0]:.3f} for 'three hundred and twenty' and "
                 f"p = {want[1]:.3f} for 'three thousand two hundred': the same digits written, and C alone "
                 "tells the decoder whether the answer is complete; the end token is how it chooses the length.",
                 expect="array")
