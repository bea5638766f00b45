"""Chapter 3's exercise checks: a wrong answer never passes, and the message says what to look at."""

import ast
import inspect
import textwrap

import numpy as np

from ...exercises import check, close
from ...functional import one_hot
from ...rnn import RNN
from .settings import DELAY, N_SYMBOLS, NOISE

__all__ = ["check_teacher_forced", "check_state_targets", "check_class_count", "check_parity_bound",
           "MIN_CLASSES", "PARITY_T", "STATE_CASES"]

#: The fewest output classes an output-recurrent network needs for the delay task over N_SYMBOLS symbols.
MIN_CLASSES = N_SYMBOLS + N_SYMBOLS ** 2 + N_SYMBOLS ** 3
#: Exercise 3 asks for the parity counter's best accuracy at this step.
PARITY_T = 12


def _tf_cases():
    rng = np.random.default_rng(7)
    cases = []
    for n_in, n_hidden, n_out, tau in ((3, 5, 4, 6), (2, 3, 2, 1), (4, 6, 3, 9)):
        model = RNN(n_in, n_hidden, n_out, pattern="output", seed=int(rng.integers(100)))
        model.params["b"] = rng.normal(size=n_hidden)
        x = rng.normal(size=(tau, n_in))
        y = rng.integers(0, n_out, tau)
        cases.append((model.params, x, y, model.forward(x, targets=y).h))
    return cases


def _loops_over_time(fn):
    """Whether the source of ``fn`` itself has a loop (for, while, a comprehension); None if it cannot be read.

    Only ``fn``'s own source is read: a loop in a helper it calls is not seen.
    """
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):        # no source to read: a builtin, a partial, code typed at a prompt
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:                 # a lambda cut out of a longer expression
        return None
    return any(isinstance(node, (ast.For, ast.While, ast.comprehension)) for node in ast.walk(tree))


def check_teacher_forced(fn):
    """Exercise 1: ``fn(params, x, y)`` computes h(1..τ) of pattern "output" under teacher forcing, no loop.

    params: dict U (H, n_in), W (H, n_out), b (H,), V, c; x (τ, n_in); y (τ,) int. Returns (τ, H).
    "No loop" is checked on ``fn``'s own source (no for, while or comprehension in it).
    """
    cases = _tf_cases()
    params, x, y, want = cases[0]
    n_out = params["V"].shape[0]
    shifted = np.tanh(params["b"] + one_hot(y, n_out) @ params["W"].T + x @ params["U"].T)
    rolled = np.tanh(params["b"] + one_hot(np.roll(y, 1), n_out) @ params["W"].T + x @ params["U"].T)
    no_w = np.tanh(params["b"] + x @ params["U"].T)
    return check("Teacher-forced forward pass without a loop", fn, [
        (lambda f: f(params, x, y) is not None, "your function returned None: return the array of h(1) .. h(τ)"),
        (lambda f: np.shape(f(params, x, y)) == want.shape,
         f"the result should have shape (τ, n_hidden) = {want.shape}: one row h(t) per step"),
        (lambda f: not close(f(params, x, y), shifted),
         "off by one: at step t the network is fed the previous target y(t-1), not y(t) (which it is "
         "asked to predict); shift the one-hot targets down by one step"),
        (lambda f: not close(f(params, x, y), rolled),
         "almost: np.roll wraps y(τ) around to step 1, but before step 1 there is no target: feed a "
         "vector of zeros there"),
        (lambda f: not close(f(params, x, y), no_w),
         "the fed-back targets are missing: a(t) = b + W y(t-1) + U x(t), with W of shape (n_hidden, n_out)"),
        (lambda f: close(f(params, x, y), want),
         "the shape is right but the values are not: h(t) = tanh(b + W onehot(y(t-1)) + U x(t)), "
         "with zeros fed back at t = 1"),
        (lambda f: all(close(f(p, xx, yy), w) for p, xx, yy, w in cases[1:]),
         "right on the first example but not on others (τ = 1, other sizes): avoid hard-coded sizes"),
        (lambda f: _loops_over_time(f) is not None,
         "the values are right, but the check cannot read your function's source to see that it has no loop: "
         "define it with def in a cell"),
        (lambda f: _loops_over_time(f) is False,
         "the values are right, but your function loops (a for, a while or a comprehension): every vector fed "
         "back is a known target, so build all τ of them as one array and compute every h(t) at once"),
    ], "every r(t-1) is known before the pass starts, so all τ steps are one matrix computation: "
       "this is why teacher-forced training has no loop over time.", expect="function")


def _all_sequences(n_symbols, tau):
    grids = np.meshgrid(*[np.arange(n_symbols)] * tau, indexing="ij")
    return np.stack([g.ravel() for g in grids], axis=1)          # (n_symbols**tau, tau)


#: (n_symbols, τ) of the sequences exercise 2's check runs: every sequence of τ symbols from n_symbols.
STATE_CASES = ((2, 6), (3, 5), (4, 5), (5, 4))


def _state_problems(fn):
    """The first way ``fn``'s targets fail an output-recurrent network, for any of STATE_CASES, or None."""
    for n_symbols, tau in STATE_CASES:
        problem = _state_problems_for(fn, n_symbols, tau)
        if problem is not None:
            return problem[0], f"with n_symbols = {n_symbols}: {problem[1]}"
    return None


def _state_problems_for(fn, n_symbols, tau):
    seqs = _all_sequences(n_symbols, tau)
    outs = []
    for s in seqs:
        out = np.asarray(fn(s.copy(), n_symbols))
        if out.shape != (tau,) or not np.issubdtype(out.dtype, np.integer) or out.min() < 0:
            return ("shape", f"make_targets(ids, n_symbols) should return {tau} integer classes ≥ 0 for "
                             f"{tau} symbols, got {out.shape} {out.dtype}")
        outs.append(out)
    show = lambda s: " ".join("ABCDEFG"[i] for i in s)  # noqa: E731
    answer = lambda s, t: ("–" if t < DELAY else show([s[t - DELAY]]))  # noqa: E731
    step = {}
    for s, out in zip(seqs, outs):
        prev = -1                                                   # the fed-back vector before step 1
        for t in range(tau):
            key = (prev, s[t])
            if key in step and step[key][0] != out[t]:
                _, other, t2 = step[key]
                fed = f"y' = {prev}" if prev >= 0 else "nothing fed back yet"
                return ("step", f"after {show(other[:t2 + 1])} and after {show(s[:t + 1])} the network sees the "
                                f"same {fed} and the same input {show([s[t]])}, but your y' are {step[key][0]} "
                                f"and {out[t]}")
            step[key] = (out[t], s, t)
            prev = out[t]
    read = {}
    for s, out in zip(seqs, outs):
        for t in range(tau):
            first = read.setdefault(out[t], (answer(s, t), s, t))
            if first[0] != answer(s, t):
                _, other, t2 = first
                return ("read", f"y'({t2 + 1}) after {show(other[:t2 + 1])} and y'({t + 1}) after "
                                f"{show(s[:t + 1])} are both {out[t]}, but the answers differ "
                                f"({first[0]} and {answer(s, t)})")
    return None


def _runs_on_every_sequence(fn):
    _state_problems(fn)
    return True


def check_state_targets(make_targets):
    """Exercise 2: targets y'(t) that carry enough state for an output-recurrent network to do the delay task.

    ``make_targets(ids, n_symbols)`` gets one sequence of symbols (τ,) in 0..n_symbols-1 and returns (τ,)
    integer classes. The check runs every sequence of τ symbols from n_symbols, for each (n_symbols, τ) of
    STATE_CASES (2 to 5 symbols), and asks two things: y'(t) is a
    function of y'(t-1) and x(t) alone (the same function at every t), and the delay task's answer
    (the blank at t = 1, 2, then x(t-2)) is a function of y'(t).
    """
    name = "Targets that carry the state"
    success = ("the outputs now describe the whole state the task needs: with such targets a teacher-forced "
               "output-recurrent network can do the delay task, at the price of many more output classes. "
               "Goodfellow et al.: output recurrence is less powerful unless the targets describe the full "
               "state of the system.")
    runs = check(name, make_targets, [
        (callable, "make_targets should be a function make_targets(ids, n_symbols)"),
        (_runs_on_every_sequence,
         "make_targets(ids, n_symbols) failed on a sequence of symbols (ids is a numpy array of ints in "
         "0 .. n_symbols - 1; the check tries n_symbols = 2, 3, 4 and 5)"),
    ], success, expect="function")
    if not runs:
        return runs
    problem = _state_problems(make_targets)
    hints = {
        "shape": "make_targets(ids, n_symbols) should return one integer class ≥ 0 per step",
        "step": "an output-recurrent network at step t sees only x(t) and its previous output y'(t-1), so "
                "y'(t) must be computable from those two, by the same rule at every step (y'(t) = x(t-2) is "
                "not: x(t-1) has gone missing). What must y'(t-1) contain so that step t can still output "
                "x(t-2), and step t+1 output x(t-1)?",
        "read": "y'(t) must also say the answer: the blank at t = 1 and 2, x(t-2) after, readable from "
                "y'(t) alone (the pair (x(t-1), x(t)) carries the state forward but no longer says x(t-2))",
    }
    return check(name, make_targets, [
        (lambda f, k=kind: problem is None or problem[0] != k,
         hints[kind] + (f" — here: {problem[1]}" if problem is not None and problem[0] == kind else ""))
        for kind in ("shape", "step", "read")
    ], success, expect="function")


def check_class_count(n_classes):
    """Exercise 2, second part: the fewest output classes for the chapter's 4 symbols (an integer)."""
    n = N_SYMBOLS
    return check("The fewest classes", n_classes, [
        (lambda k: k != (n + 1) ** 3,
         "that counts every triple of symbol-or-blank, but some of them never occur: can the oldest of three "
         "be a symbol while a newer one is still blank?"),
        (lambda k: k != n ** 3,
         "that covers the states of t ≥ 3, where the answer is a symbol; at the first steps the answer is the "
         "blank, so those states must differ from every later one: have you counted all of them?"),
        (lambda k: k >= MIN_CLASSES,
         "too few: two different pasts that get the same y'(t) are treated the same from then on. Write down "
         "what the network has read at t = 1, at t = 2 and at t ≥ 3, and which of those pasts must be told "
         "apart"),
        (lambda k: k == MIN_CLASSES,
         "too many: count only the pasts that can occur at each step (nothing read before step 1), and only "
         "what the next answers need"),
    ], f"{n} + {n}² + {n}³ = {MIN_CLASSES}: the states of t = 1, of t = 2 and of every later step are all "
       "different, and no fewer can work.", expect="integer")


def parity_bound(t=PARITY_T, noise=NOISE):
    """The parity of the readings is the true parity with probability (1 + (1 − 2·noise)^t) / 2."""
    return 0.5 * (1 + (1 - 2 * noise) ** t)


def check_parity_bound(p):
    """Exercise 3: the best accuracy at t = PARITY_T of a counter modulo 2 with the chapter's sensor."""
    t, q = PARITY_T, NOISE
    want = parity_bound()
    return check("The best a parity counter can do", p, [
        (lambda v: 0 <= v <= 1, "a probability: a number between 0 and 1"),
        (lambda v: abs(v - (1 - q) ** t) > 1e-3,
         f"(1 − noise)^{t} counts the runs with no wrong reading at all; modulo 2, two wrong readings cancel "
         "(a click invented and one missed, or two invented)"),
        (lambda v: abs(v - 0.5) > 1e-3, "chance is 1/2, but errors that cancel keep the count right more often"),
        (lambda v: abs(v - want) <= 1e-3,
         "modulo 2 every wrong reading flips the parity, whatever its direction: the count of the readings is "
         "right when the number of wrong readings is even. P(even) over t readings, each wrong with "
         "probability q: expand ((1 − q) + q)^t and ((1 − q) − q)^t"),
    ], f"(1 + (1 − 2·{q})^{t}) / 2 = {want:.4f}: modulo 2 the direction of an error does not matter, so "
       "the count of the readings is the best guess, and it decays to 1/2.", expect="number")
