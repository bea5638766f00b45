"""Chapter 1's exercise checks: a wrong answer never passes, and no hint contains the solution's code."""

import numpy as np

from ... import data as _data
from ...data import encode
from ...exercises import check, is_kind
from ...rnn import RNN
from .experiment import check_model, check_sentences, readout_steps
from .settings import WINDOW


def check_taught(taught_positional, taught_bag, train):
    """Exercise 1: how many training sentences teach a year's weights, at each position.

    ``taught_positional`` : array (WINDOW,), entry p − 1 the number of sentences
    of ``train`` with the year at position p (these train U_p's year columns);
    ``taught_bag`` : int, the number of sentences that train the bag of
    words' year columns of U.
    """
    check_sentences(train, "train")
    want = np.bincount(train.position, minlength=WINDOW)[:WINDOW]
    n = len(train)
    have_word = np.array([np.sum(train.length >= p) for p in range(1, WINDOW + 1)])
    both = (taught_positional, taught_bag)

    def arr(p):
        return np.asarray(p[0])

    return check("Who teaches the year's weights?", None if any(v is None for v in both) else both, [
        (lambda p: is_kind(p[0], "array"), "taught_positional should be a numpy array (or a list) of counts"),
        (lambda p: is_kind(p[1], "integer"), "taught_bag should be a whole number such as 3 (an int, not in quotes)"),
        (lambda p: arr(p).shape == (WINDOW,),
         f"taught_positional should have one count per position p = 1..{WINDOW}: shape ({WINDOW},)"),
        (lambda p: not np.array_equal(arr(p), have_word),
         "taught_positional counts the sentences that have a word at position p; count those whose YEAR is "
         "there: only they give the year columns of U_p a gradient"),
        (lambda p: not (np.array_equal(arr(p)[1:], want[:-1]) or np.array_equal(arr(p)[:-1], want[1:])),
         "off by one position: train.position is a 0-based code index (the year is x[position]); "
         "the year at position p = position + 1 trains U_p, entry p − 1 of your array"),
        (lambda p: not np.allclose(arr(p), want / n),
         "count sentences, not fractions"),
        (lambda p: np.array_equal(arr(p), want),
         "taught_positional: for each position p = 1..8, the number of training sentences whose year is at "
         "position p (look at train.position)"),
        (lambda p: not (isinstance(p[1], (int, np.integer)) and p[1] == int(want.max())),
         "taught_bag: the bag of words has one U for all positions: a year anywhere trains it"),
        (lambda p: isinstance(p[1], (int, np.integer)) and int(p[1]) == n,
         "taught_bag: how many training sentences have a year (anywhere)?"),
    ], f"each U_p of the per-position network learns the years from {int(want.max())} sentences at most, and "
       f"from none at positions {', '.join(str(p + 1) for p in np.flatnonzero(want == 0))}; the shared U of "
       f"the bag of words, the convolution and the RNN learns them from all {n}. Whether a model turns that "
       "into accuracy from few sentences is another question: the statistical-strength section measured it.",
       expect="tuple")


def _answer_cases():
    return ["I went to Nepal in 2009", "In 2009, I went to Nepal", "2004! We flew to Japan with friends.",
            "She went to New Zealand with my brother again in 2001.", "My parents spent 2006 in Peru?"]


def check_answer(answer, model):
    """Exercise 2: ``answer(model, text)`` returns the year (a str such as "2009") the RNN reads in ``text``."""
    check_model(model, kinds=RNN, wanted="an rnnlib RNN with pattern 'last' (the chapter's RNN, e.g. models['RNN'])")
    years = _data.YEARS
    untrained = RNN(model.n_in, model.n_hidden, model.n_out, pattern="last", seed=12345)
    texts = _answer_cases()

    def says(m, text):
        return years[int(m.forward(encode(text)).o[-1].argmax())]

    def first_said(fn):
        return fn(model, texts[0])

    return check("Ask the network", answer, [
        (lambda fn: first_said(fn) is not None, "answer returned None: return the year as a string, e.g. '2009'"),
        (lambda fn: not isinstance(first_said(fn), (int, np.integer)),
         "answer returned a number: that is the index of the class; which list turns a class index into a year?"),
        (lambda fn: isinstance(first_said(fn), str),
         "answer should return a str such as '2009' (an element of rl.data.YEARS)"),
        (lambda fn: all(fn(model, t) == says(model, t) for t in texts[:2]),
         "not the model's answer: a network with pattern 'last' is trained to answer at one step only; "
         "which readout is that?"),
        (lambda fn: all(fn(model, t) == says(model, t) for t in texts),
         "right for the first sentences but not for all: turn the text into inputs with the library's own "
         "function (it lower-cases the words, splits off the comma and drops other punctuation)"),
        (lambda fn: all(fn(untrained, t) == says(untrained, t) for t in texts),
         "right for the trained network here, but not for an untrained one: report the model's own answer, "
         "the readout at the one step it is trained to answer, for any network; not a max or vote over "
         "the steps, nor the year read off the words"),
    ], "answer(model, text) reads the sentence word by word with one set of weights and reports the "
       "readout after the last word. Now try sentences of your own, with the year anywhere.", expect="function")


def year_last_truth(model, sentences):
    """(right at the year's step, right after the last word, right one step after the year): fractions."""
    steps = readout_steps(model, sentences)
    at_year = np.array([s[p] for s, p in zip(steps, sentences.position)])
    after = np.array([s[p + 1] if p + 1 < len(s) else -1 for s, p in zip(steps, sentences.position)])
    at_end = np.array([s[-1] for s in steps])
    y = sentences.year
    return float(np.mean(at_year == y)), float(np.mean(at_end == y)), float(np.mean(after == y))


def check_year_always_last(answer, model, sentences):
    """Exercise 3: an RNN trained with the year always last, read on sentences with the year elsewhere.

    ``answer`` is ``(acc_at_year, acc_at_end)``: the fraction of ``sentences``
    whose readout names the right year at the step that reads the year, and
    after the last word.
    """
    check_model(model, kinds=RNN, wanted="an rnnlib RNN with pattern 'last' (rnn_last)")
    check_sentences(sentences)
    at_year, at_end, after = year_last_truth(model, sentences)
    ok = lambda v, w: np.ndim(v) == 0 and abs(float(v) - w) < 1e-9  # noqa: E731
    if isinstance(answer, (tuple, list)) and any(v is None for v in answer):
        answer = None                                   # a TODO left in: not attempted yet
    return check("The year always last", answer, [
        (lambda a: len(a) == 2 and all(np.ndim(v) == 0 and not isinstance(v, (str, bool, np.bool_))
                                       and np.isfinite(float(v)) for v in a),
         "answer should be two numbers, (acc_at_year, acc_at_end)"),
        (lambda a: all(0.0 <= float(v) <= 1.0 for v in a),
         "accuracies are fractions between 0 and 1, not percentages"),
        (lambda a: not ok(a[0], at_end),
         "acc_at_year is the accuracy after the last word; take the readout at the step that reads the year"),
        (lambda a: not ok(a[0], after),
         "acc_at_year is off by one step: elsewhere.position[i] is already the code index of the year's step"),
        (lambda a: ok(a[0], at_year),
         "acc_at_year: the fraction of sentences whose readout at the year's own step names their year"),
        (lambda a: ok(a[1], at_end),
         "acc_at_end: the fraction of sentences whose readout after the last word (the trained answer) "
         "names their year"),
    ], f"right {at_year:.0%} of the time at the year's step, {at_end:.0%} at the end (chance: 10%). Trained "
       "with the year always last, the network learned the shortest rule that fits: 'the answer is the word "
       "I am reading now'. It recognises a year wherever it reads one, thanks to the shared U, but it never "
       "needed to keep it in h(t), so it does not. Sharing makes a rule usable at every position; the data "
       "decide which rule is learned.", expect=("tuple", "array"))

