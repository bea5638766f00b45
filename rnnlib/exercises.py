"""Self-checks for the chapters' exercises.

An exercise cell ends with a call such as ``rl.exercises.check_unfold(unfold)``.
The call never raises on a wrong answer: it returns a :class:`Result` that
shows a green tick or a hint that teaches, so a reader can try again (and the
book, which executes every cell, still builds with the exercise unsolved).
The book's solution cells call ``.require()`` on the result, which raises if
the solution is wrong, so every solution is checked at every build.
"""

import html
from dataclasses import dataclass

import numpy as np

__all__ = ["Result", "check", "close", "TODO"]

TODO = None
"""What exercise cells start with in place of an answer: ``answer = TODO``."""


@dataclass
class Result:
    """The outcome of a check: shown as ✓ or ✗ with a message."""

    name: str
    passed: bool
    message: str

    def __bool__(self):
        return self.passed

    def __repr__(self):
        mark = "✓" if self.passed else "✗"
        return f"{mark} {self.name}: {self.message}"

    def _repr_html_(self):
        # Colour only the border: the text keeps the page's colour, so it is
        # readable in light and dark themes alike.
        colour, mark = ("#1a7f37", "✓") if self.passed else ("#d97706", "✗")
        return (f'<div class="rnnlib-check" role="status" style="border-left:4px solid {colour};'
                f'padding:0.4em 0.8em;margin:0.4em 0"><strong>{mark} '
                f"{html.escape(self.name)}</strong>: {html.escape(self.message)}</div>")

    def require(self):
        """Raise ``AssertionError`` with the message unless the check passed; return self."""
        if not self.passed:
            raise AssertionError(repr(self))
        return self


def check(name, attempt, tests, success):
    """Run ``tests`` against the reader's ``attempt`` and report the first failure.

    Parameters
    ----------
    name : str
        The exercise's title, shown with the result.
    attempt : object
        What the reader wrote (a value or a function). ``None`` (``TODO``) means
        "not attempted yet".
    tests : list of (callable attempt -> bool, str)
        Each predicate with the hint shown when it is false (or raises).
    success : str
        The message shown when every test passes: say what the result means.
    """
    if attempt is None:
        return Result(name, False, "not attempted yet: replace TODO with your answer and run the cell again.")
    for predicate, hint in tests:
        try:
            ok = bool(predicate(attempt))
        except Exception as err:  # the reader's code failed: report it as a hint, not a crash
            first = str(err).splitlines()[0] if str(err) else ""
            return Result(name, False, f"{hint} (your code raised {type(err).__name__}: {first})")
        if not ok:
            return Result(name, False, hint)
    return Result(name, True, success)


def close(a, b, tol=1e-8):
    """True if arrays ``a`` and ``b`` have the same shape and agree to ``tol``."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tol, atol=tol))



# --------------------------------------------------------------------------
# Chapter 2: unfolding computational graphs
# --------------------------------------------------------------------------

def _unfold_cases():
    from .rnn import unfold

    A = np.array([[0.9, -0.4], [0.4, 0.9]])
    cases = [
        (lambda s: np.tanh(A @ s), np.array([1.0, 0.0]), 5),
        (lambda s: 0.5 * s + 1.0, np.array(3.0), 1),
        (lambda s: np.cos(s), np.array([0.1, 0.2, 0.3]), 7),
    ]
    return [(f, s0, tau, unfold(f, s0, tau=tau)) for f, s0, tau in cases]


def check_unfold(my_unfold):
    """Exercise: ``my_unfold(f, s0, tau)`` returns s(1) .. s(τ) as an array (τ, *s0.shape)."""
    cases = _unfold_cases()
    return check("Unfold a recurrence", my_unfold, [
        (lambda fn: fn(*cases[0][:3]) is not None,
         "my_unfold returned None: collect the states in a list and return np.stack(states)"),
        (lambda fn: np.shape(fn(*cases[0][:3])) == cases[0][3].shape,
         "the result should have shape (τ, *s0.shape): one row per step t = 1..τ, "
         "not including s(0)"),
        (lambda fn: close(fn(*cases[0][:3]), cases[0][3]),
         "the shape is right but the values are not: s(1) = f(s(0)), s(2) = f(s(1)), ... — "
         "feed each new state back into f"),
        (lambda fn: all(close(fn(f, s0, tau), want) for f, s0, tau, want in cases[1:]),
         "works for the first example but not for τ = 1 or a state of another shape"),
    ], "s(t) = f(s(t-1)) applied τ times: the same f, the same θ, at every step.")


def check_linear_power(s10, A, s0):
    """Exercise: for the linear system s(t) = A s(t-1), compute s(10) without a loop."""
    want = np.linalg.matrix_power(np.asarray(A), 10) @ np.asarray(s0)
    return check("Unfold a linear system in closed form", s10, [
        (lambda v: np.shape(v) == want.shape, f"s(10) should have the state's shape {want.shape}"),
        (lambda v: not close(v, np.asarray(A) @ np.asarray(s0)), "that is s(1) = A s(0); unfold nine more times"),
        (lambda v: close(v, want, tol=1e-6),
         "unfolding s(t) = A s(t-1) ten times gives A·A·…·A s(0) = A¹⁰ s(0); "
         "try np.linalg.matrix_power(A, 10) @ s0"),
    ], "s(10) = A¹⁰ s(0): an unfolded linear recurrence is a matrix power, so its behaviour "
       "over long spans is governed by the eigenvalues of A (Goodfellow et al., section 10.7).")


def check_param_counts(count_f, count_separate):
    """Exercise: parameters of the shared transition f versus a separate g(t) per step."""
    sizes = [(1, 1, 1), (3, 5, 4), (10, 20, 7), (4, 2, 30)]

    def f_ok(fn):
        return all(fn(n_in, n_h) == n_h * n_h + n_h * n_in + n_h for n_in, n_h, _ in sizes)

    def sep_ok(fn):
        return all(fn(n_in, n_h, tau) == sum(n_h * t * n_in + n_h for t in range(1, tau + 1))
                   for n_in, n_h, tau in sizes)

    both = (count_f, count_separate)
    return check("Count parameters", None if None in both else both, [
        (lambda p: f_ok(p[0]),
         "count_f: h(t) = tanh(W h(t-1) + U x(t) + b) has W (n_hidden × n_hidden), "
         "U (n_hidden × n_in) and b (n_hidden)"),
        (lambda p: sep_ok(p[1]),
         "count_separate: step t reads t inputs of size n_in, so its weights are "
         "n_hidden × (t·n_in), plus a bias of n_hidden; add up over t = 1..τ"),
    ], "the shared f has the same count for every τ, while separate functions grow as τ²: "
       "sharing is what lets one model read sequences of any length.")


# --------------------------------------------------------------------------
# Chapter 1: parameter sharing
# --------------------------------------------------------------------------

def check_sharing_counts(count_rnn, count_positional):
    """Exercise: parameter counts of the RNN and of the per-position network.

    ``count_rnn(n_in, n_hidden, n_out)`` and
    ``count_positional(window, n_in, n_hidden, n_out)`` return ints.
    """
    from .mlp import n_params_per_position
    from .rnn import n_params

    sizes = [(61, 32, 10, 8), (1, 1, 1, 1), (3, 5, 4, 2), (7, 2, 3, 12)]

    def rnn_is(fn, formula):
        return all(fn(n_in, n_h, n_out) == formula(n_in, n_h, n_out) for n_in, n_h, n_out, _ in sizes)

    def pos_is(fn, formula):
        return all(fn(w, n_in, n_h, n_out) == formula(w, n_in, n_h, n_out) for n_in, n_h, n_out, w in sizes)

    right_rnn = lambda n_in, n_h, n_out: n_params(n_in, n_h, n_out, "last")  # noqa: E731
    biases = lambda n_h, n_out: n_h + n_out  # noqa: E731
    both = (count_rnn, count_positional)
    return check("Count the parameters", None if None in both else both, [
        (lambda p: not rnn_is(p[0], lambda n_in, n_h, n_out: right_rnn(n_in, n_h, n_out) - n_h * n_h),
         "count_rnn: you left out W, the hidden-to-hidden matrix (n_hidden × n_hidden) that carries "
         "h(t-1) into h(t)"),
        (lambda p: not rnn_is(p[0], lambda n_in, n_h, n_out: right_rnn(n_in, n_h, n_out) - biases(n_h, n_out)),
         "count_rnn: add the biases, b (n_hidden) and c (n_out)"),
        (lambda p: rnn_is(p[0], right_rnn),
         "count_rnn: the RNN has U (n_hidden × n_in), W (n_hidden × n_hidden), b (n_hidden), "
         "V (n_out × n_hidden) and c (n_out); none of them depends on the sentence length"),
        (lambda p: not pos_is(p[1], lambda w, n_in, n_h, n_out: n_params_per_position(1, n_in, n_h, n_out)),
         "count_positional: every one of the window positions has its own U_p (n_hidden × n_in): "
         "multiply by window"),
        (lambda p: not pos_is(p[1], lambda w, n_in, n_h, n_out: n_params_per_position(w, n_in, n_h, n_out)
                              + n_h * n_h),
         "count_positional: the per-position network has no W: nothing is carried from one position "
         "to the next, every position feeds h directly"),
        (lambda p: pos_is(p[1], n_params_per_position),
         "count_positional: it has U_1 .. U_window (each n_hidden × n_in), b (n_hidden), "
         "V (n_out × n_hidden) and c (n_out)"),
    ], "the RNN's count is the same for every sentence length; the per-position network adds "
       "n_hidden × n_in parameters for every position it can read, and each of them is trained only by "
       "the sentences that have a word at that position.")


def _answer_cases():
    return ["I went to Nepal in 2009", "In 2009, I went to Nepal", "2004, we flew to Japan with friends",
            "she went to new zealand with my brother again in 2001", "my parents spent 2006 in Peru"]


def check_answer(answer, model):
    """Exercise: ``answer(model, text)`` returns the year (a str such as "2009") the RNN reads in ``text``."""
    from .data import YEARS
    from .rnn import RNN
    from .sharing import encode

    untrained = RNN(model.n_in, model.n_hidden, model.n_out, pattern="last", seed=12345)
    texts = _answer_cases()

    def says(m, text):
        return YEARS[int(m.forward(encode(text)).o[-1].argmax())]

    def first_said(fn):
        return fn(model, texts[0])

    return check("Ask the network", answer, [
        (lambda fn: first_said(fn) is not None, "answer returned None: return the year as a string, e.g. '2009'"),
        (lambda fn: not isinstance(first_said(fn), (int, np.integer)),
         "answer returned a number: that is the index of the class; turn it into the year with "
         "rl.data.YEARS[index]"),
        (lambda fn: isinstance(first_said(fn), str),
         "answer should return a str such as '2009' (an element of rl.data.YEARS)"),
        (lambda fn: all(fn(model, t) == says(model, t) for t in texts[:2]),
         "not the model's answer: encode the text with sharing.encode(text), run model.forward, and take the "
         "readout after the last word, trace.o[-1] (pattern 'last' is trained only there)"),
        (lambda fn: all(fn(model, t) == says(model, t) for t in texts),
         "right for the first sentences but not for all: use sharing.encode(text), which lower-cases the "
         "words and splits off the comma, and the readout after the LAST word, trace.o[-1]"),
        (lambda fn: all(fn(untrained, t) == says(untrained, t) for t in texts),
         "your function finds the year, but not by asking the model: an untrained network gives different "
         "(wrong) answers, and answer(model, text) should report them; use model.forward or model.predict"),
    ], "answer(model, text) reads the sentence word by word with one set of weights and reports the "
       "readout after the last word. Try sentences of your own, with the year anywhere.")


def check_year_always_last(acc_elsewhere, model, sentences):
    """Exercise: accuracy of an RNN trained with the year always last, on sentences with the year elsewhere.

    ``acc_elsewhere`` is a float in [0, 1]; ``sentences`` is the test set with the year elsewhere.
    """
    from .sharing import accuracy

    want = accuracy(model, sentences)
    if want < 0.5:
        lesson = (f"only {want:.0%} (chance is 10%). Trained with the year always the last word, the network "
                  "learned the shortest rule that fits: 'the answer is the word I am reading now'. That needs no "
                  "memory, so nothing taught it to keep the year in h(t). Shared weights make a rule usable at "
                  "every position, but the data decide which rule is learned.")
    else:
        lesson = (f"{want:.0%}: with this seed the network learned to keep the year in h(t) even though the "
                  "year was always last. Try another seed: usually it does not.")
    return check("The year always last", acc_elsewhere, [
        (lambda a: np.ndim(a) == 0 and np.isfinite(float(a)),
         "acc_elsewhere should be one number, the fraction of sentences whose year the model gets right"),
        (lambda a: 0.0 <= float(a) <= 1.0,
         "acc_elsewhere should be a fraction between 0 and 1, not a percentage"),
        (lambda a: abs(float(a) - want) < 1e-9,
         "not the accuracy of rnn_last on `elsewhere`: use sharing.accuracy(rnn_last, elsewhere), the "
         "fraction of those sentences whose year rnn_last predicts correctly"),
    ], f"acc_elsewhere = {want:.3f}: {lesson}")
