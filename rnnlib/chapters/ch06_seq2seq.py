"""Chapter 6, "Sequence to sequence": the experiment, its figures, the stepper and the exercise checks.

The task (:func:`rnnlib.data.number_pairs`): a number written in words, British
style, to its digits, "forty five thousand and seven" -> "45007". Input and
output lengths differ, and vary independently from example to example, so the
decoder has to decide when to stop: it emits the end token.

The experiment: an :class:`rnnlib.Seq2Seq` with ``N_HIDDEN`` units is trained
(teacher forcing, Adam) on numbers written in 1 to 6 words, then tested on
held-out numbers of the same lengths and on numbers written in 7 or 8 words,
longer than any it read in training. The thresholds the chapter's prose relies
on are the ``MIN_*``/``MAX_*`` constants below; ``tests/test_ch06_seq2seq.py``
asserts them for seeds 0-4 and the notebook's hidden cells guard them.
"""

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import _checks
from .. import data as _data
from ..exercises import check, close
from ..functional import log_softmax
from ..graph import seq2seq as _seq2seq_drawing
from ..optim import Adam, train
from ..plots import Table, heat_strip, new_figure, probabilities
from ..seq2seq import END, PAD, Seq2Seq
from ..widgets import stepper

__all__ = ["N_HIDDEN", "STEPS", "BATCH", "LR", "CLIP", "TRAIN_LENGTHS", "LONG_LENGTHS", "MAX_LEN", "WIDTHS",
           "MIN_HELD_OUT", "MAX_LONGER", "MIN_GAP_LONGER", "TOKENS",
           "Task", "task", "train_model", "outputs", "exact_match", "accuracy_by_length",
           "position_accuracy", "context_table", "plot_loss", "plot_by_length", "plot_positions",
           "beam_table", "find_beam_fix", "plot_beam_tree", "seq2seq_stepper", "architecture",
           "reverse_source", "check_reverse_source", "check_score", "ClaimFailed", "claims_accuracy",
           "claims_width_one", "check_stop_probability", "example"]

#: State size H of encoder, context and decoder.
N_HIDDEN = 64
#: Training: Adam steps, mini-batch size, learning rate, gradient-norm clipping.
STEPS, BATCH, LR, CLIP = 500, 64, 0.01, 5.0
#: Input lengths (words) of the training and held-out sets.
TRAIN_LENGTHS = range(1, 7)
#: Input lengths longer than any in training (numbers up to 99,999 have at most 8 words).
LONG_LENGTHS = (7, 8)
#: Decoding stops after this many tokens (the longest answer has 5 digits).
MAX_LEN = 7
#: Beam widths compared in the chapter.
WIDTHS = (1, 2, 4, 8)
#: Sizes of the training, held-out and longer sets.
N_TRAIN, N_HELD_OUT, N_LONGER = 4000, 500, 300

#: Claim: greedy exact-match accuracy on held-out numbers is at least this (seeds 0-4).
MIN_HELD_OUT = 0.6
#: Claim: on numbers longer than any in training, greedy exact-match accuracy is at most this.
MAX_LONGER = 0.25
#: Claim: held-out accuracy minus longer-input accuracy is at least this.
MIN_GAP_LONGER = 0.4

#: Display names of the target ids: "pad", "start", "end", then the digits.
TOKENS = ("pad", "start", "end") + tuple("0123456789")


# ----------------------------------------------------------------------------- data and training

@dataclass
class Task:
    """The chapter's data (:class:`rnnlib.data.NumberPairs` each)."""

    train: object
    held_out: object
    longer: object


def task(seed=0, n_train=N_TRAIN, n_held_out=N_HELD_OUT, n_longer=N_LONGER):
    """Training, held-out (same lengths, other numbers) and longer-input sets, seeded.

    The held-out and longer sets exclude every training number.
    """
    s = _checks.seed(seed)
    train_set = _data.number_pairs(n_train, seed=600 + s, lengths=TRAIN_LENGTHS)
    held = _data.number_pairs(n_held_out, seed=700 + s, lengths=TRAIN_LENGTHS, exclude=train_set.values)
    longer = _data.number_pairs(n_longer, seed=800 + s, lengths=LONG_LENGTHS, exclude=train_set.values)
    return Task(train_set, held, longer)


def train_model(pairs, seed=0, *, reverse=False, n_hidden=N_HIDDEN, steps=STEPS, batch_size=BATCH, lr=LR,
                clip=CLIP, progress=True):
    """Train ``Seq2Seq(n_src, n_tgt, n_hidden, seed=seed)`` with teacher forcing on ``pairs``.

    Each of ``steps`` Adam steps takes ``batch_size`` pairs drawn at random
    (seeded), padded to the batch's longest source and target.

    Parameters
    ----------
    reverse : bool
        Feed every source sentence reversed (Sutskever et al. 2014).

    Returns
    -------
    model : Seq2Seq
    history : rnnlib.optim.History
    """
    model = Seq2Seq(len(_data.NUMBER_SOURCE_VOCAB), len(_data.NUMBER_TARGET_VOCAB), n_hidden, seed=seed)
    rng = np.random.default_rng(_checks.seed(seed) + 1000)
    picks = rng.integers(0, len(pairs), (steps, batch_size))

    def data(i):
        return pairs.batch(picks[i], reverse=reverse)

    history = train(model, data, steps, optimizer=Adam(lr), clip=clip, progress=progress,
                    label="seq2seq" + (" (reversed source)" if reverse else ""))
    return model, history


# ----------------------------------------------------------------------------- evaluation

def outputs(model, pairs, width=1, *, reverse=False):
    """Decoded digit strings, one per pair: greedy for ``width=1``, else beam search."""
    src, _ = pairs.batch(reverse=reverse)
    seqs = model.greedy(src, MAX_LEN) if width == 1 else model.beam(src, width, MAX_LEN)
    return [_data.digits_text(s) for s in seqs]


def exact_match(model, pairs, width=1, *, reverse=False):
    """bool ndarray (n,): the decoded output equals the number's digits exactly."""
    want = [str(int(v)) for v in pairs.values]
    return np.array([a == b for a, b in zip(outputs(model, pairs, width, reverse=reverse), want)])


def accuracy_by_length(model, sets, width=1, min_count=10):
    """``{n_x: (accuracy, count)}`` over the pairs of every set in ``sets``, by input length.

    Lengths with fewer than ``min_count`` pairs are left out (an accuracy of 1 pair says little).
    """
    ok = np.concatenate([exact_match(model, p, width) for p in sets])
    lengths = np.concatenate([p.src_length for p in sets])
    return {int(n): (float(ok[lengths == n].mean()), int((lengths == n).sum())) for n in np.unique(lengths)
            if (lengths == n).sum() >= min_count}


def position_accuracy(model, pairs):
    """Token accuracy per output position, teacher-forced and free-running.

    Teacher-forced: the decoder reads the true y(1..t-1); is argmax ŷ(t) = y(t)?
    Free-running (greedy): the decoder reads its own outputs; is its t-th token
    y(t)? Position n_y is the end token.

    Returns
    -------
    teacher, free : ndarray (n_y_max,)   accuracy at positions 1 .. n_y_max
    count : int ndarray (n_y_max,)       pairs that have that position
    """
    src, tgt = pairs.batch()
    trace = model.forward(src, tgt)
    teacher_ok = trace.o.argmax(-1) == tgt                         # (n_y, B)
    free = np.full(tgt.shape, PAD)
    for j, seq in enumerate(model.greedy(src, MAX_LEN)):          # assembling results, not the model
        ids = (seq + [END])[:tgt.shape[0]]
        free[:len(ids), j] = ids
    real = tgt != PAD
    count = real.sum(axis=1)
    return ((teacher_ok & real).sum(1) / count, ((free == tgt) & real).sum(1) / count, count)


def context_table(model, text, units=4):
    """C and the decoder states while decoding ``text`` (greedy), as a Table, and the numbers.

    Returns
    -------
    table : Table    one row per decoder step: token read, first ``units`` of s(t), of C, ‖s(t) − s(t-1)‖
    C : ndarray (H,)
    s : ndarray (n_y, H)
    """
    src = _source_ids(text)
    out = model.greedy(src, MAX_LEN)
    trace = model.forward(src, np.array(out + [END]))
    fmt = lambda v: " ".join(f"{x:+.2f}" for x in v[:units])  # noqa: E731
    prev = trace.C
    rows = []
    for t in range(len(trace.s)):
        rows.append([f"{t + 1}", TOKENS[trace.y_in[t]], TOKENS[int(trace.o[t].argmax())], fmt(trace.C),
                     fmt(trace.s[t]), f"{np.linalg.norm(trace.s[t] - prev):.2f}"])
        prev = trace.s[t]
    header = ["t", "reads y(t-1)", "emits y(t)", f"C[:{units}]", f"s(t)[:{units}]", "‖s(t) − s(t-1)‖"]
    return Table(header, rows, caption=f"Decoding {text!r}: s(0) = C"), trace.C, trace.s


def _source_ids(text):
    words = _checks.text(text, "text").split()
    index = {w: i for i, w in enumerate(_data.NUMBER_SOURCE_VOCAB)}
    unknown = [w for w in words if w not in index or index[w] < 3]
    if not words or unknown:
        raise ValueError(f"text: got {text!r}, wanted a number in words such as 'forty five thousand and seven' "
                         f"(unknown: {unknown})")
    return np.array([index[w] for w in words])


# ----------------------------------------------------------------------------- figures

def architecture(nx=5, ny=4):
    """The encoder-decoder drawing of :mod:`rnnlib.graph` (figure 10.12)."""
    return _seq2seq_drawing(nx, ny, figsize=(6.8, 4.2))


def plot_loss(history, *, figsize=(6.0, 2.8)):
    """Training loss (teacher forcing, summed over the decoder's steps) per Adam step."""
    fig, ax = new_figure(figsize)
    ax.plot(np.arange(1, len(history.loss) + 1), history.loss, lw=1)
    ax.set_yscale("log")
    ax.set_xlabel("Adam step")
    ax.set_ylabel("loss per sequence")
    ax.set_title("Training loss")
    return fig


def plot_by_length(by_length, *, figsize=(6.4, 3.0)):
    """Bars of exact-match accuracy by input length; lengths beyond training hatched."""
    fig, ax = new_figure(figsize)
    ns = sorted(by_length)
    acc = [by_length[n][0] for n in ns]
    trained = [n in TRAIN_LENGTHS for n in ns]
    bars = ax.bar(ns, acc, color=["#4477aa" if t else "#ee6677" for t in trained])
    for b, t, n in zip(bars, trained, ns):
        if not t:
            b.set_hatch("//")
        ax.text(b.get_x() + b.get_width() / 2, b.get_height() + 0.02, f"{by_length[n][0]:.0%}\n(n={by_length[n][1]})",
                ha="center", va="bottom", fontsize=7)
    ax.set_ylim(0, 1.25)
    ax.set_xticks(ns)
    ax.set_xlabel("input length n_x (words)")
    ax.set_ylabel("exact match")
    ax.legend(handles=[Patch(color="#4477aa", label="lengths seen in training"),
                       Patch(facecolor="#ee6677", hatch="//", label="longer than any in training")],
              loc="upper left", fontsize=8, ncols=2)
    ax.set_title(f"Greedy exact match by input length (H = {N_HIDDEN})")
    return fig


def plot_positions(teacher, free, *, figsize=(6.0, 2.8)):
    """Token accuracy per output position, teacher-forced and free-running."""
    fig, ax = new_figure(figsize)
    t = np.arange(1, len(teacher) + 1)
    ax.plot(t, teacher, "o-", label="teacher forcing (reads the true y(t-1))")
    ax.plot(t, free, "s--", label="free-running (reads its own y(t-1))")
    ax.set_xticks(t)
    ax.set_xlabel("output position t")
    ax.set_ylabel("token accuracy")
    ax.set_ylim(min(0.5, float(np.min(free)) - 0.05), 1.02)
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title("Where errors compound")
    return fig


def beam_table(model, sets):
    """Exact match for each width of ``WIDTHS`` on each set: Table and ``{width: {name: acc}}``."""
    result = {w: {name: float(exact_match(model, p, w).mean()) for name, p in sets.items()} for w in WIDTHS}
    rows = [[("greedy (width 1)" if w == 1 else f"beam, width {w}")] + [f"{result[w][n]:.1%}" for n in sets]
            for w in WIDTHS]
    return Table(["decoder"] + list(sets), rows, caption="Exact-match accuracy"), result


def find_beam_fix(model, pairs, widths=WIDTHS[1:]):
    """The first pair (index) that greedy gets wrong and a beam of some width gets right.

    Returns
    -------
    (index, width) for the smallest such width, or None if there is none.
    """
    greedy_ok = exact_match(model, pairs, 1)
    for w in widths:
        fixed = np.flatnonzero(~greedy_ok & exact_match(model, pairs, w))
        if fixed.size:
            return int(fixed[0]), int(w)
    return None


def plot_beam_tree(model, text, width, *, figsize=(8.0, 3.6)):
    """The beam search for one input: every kept hypothesis at every step, with its score.

    Each column is a decoding step; a box is a kept hypothesis, labelled with
    the token it added and its score (Σ log-probability so far). Lines join a
    hypothesis to the one it extends; the returned one is drawn thick.
    """
    src = _source_ids(text)
    _, _, search = model.beam(src, width, MAX_LEN, return_search=True)
    L = search.tokens.shape[0]
    fig, ax = new_figure(figsize)
    best = [int(search.best[0])]
    for lvl in range(L - 1, 0, -1):
        best.append(int(search.parents[lvl, 0, best[-1]]))
    best = best[::-1]                                    # hypothesis index on the best path, per step
    ax.text(0, (width - 1) / 2, "start", ha="center", va="center", fontsize=8,
            bbox=dict(boxstyle="round", fc="#eeeeee", ec="#999999"))
    for lvl in range(L):
        for k in range(width):
            score = search.scores[lvl, 0, k]
            if not np.isfinite(score):
                continue
            tok = int(search.tokens[lvl, 0, k])
            par = int(search.parents[lvl, 0, k])
            done_before = lvl > 0 and bool(search.finished[lvl - 1, 0, par])
            on_best = best[lvl] == k
            y_par = (width - 1) / 2 if lvl == 0 else par
            ax.plot([lvl + 0.25, lvl + 0.75], [y_par, k], color="#0072B2" if on_best else "#999999",
                    lw=2.5 if on_best else 1)
            label = "(ended)" if done_before else TOKENS[tok]
            ax.text(lvl + 1, k, f"{label}\n{score:.2f}", ha="center", va="center", fontsize=8,
                    bbox=dict(boxstyle="round", fc="#dbeafe" if on_best else "white",
                              ec="#0072B2" if on_best else "#999999"))
    ax.set_xlim(-0.5, L + 0.5)
    ax.set_ylim(width - 0.4, -0.6)
    ax.set_xticks(range(L + 1))
    ax.set_xticklabels(["y(0)"] + [f"step {t}" for t in range(1, L + 1)], fontsize=8)
    ax.set_yticks(range(width))
    ax.set_yticklabels([f"hyp. {k + 1}" for k in range(width)], fontsize=8)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"Beam search, width {width}, for {text!r}: token added and score log p so far", fontsize=9)
    return fig


# ----------------------------------------------------------------------------- the stepper

def seq2seq_stepper(model, text, *, dpi=72):
    """Step through encoding ``text``, then decoding it greedily: n_x + n_y frames.

    Each frame: the graph with the step highlighted; the states so far
    (h(1..t) while encoding; h(1..n_x), then s(1..t) while decoding); and,
    while decoding, the output distribution ŷ(t) with the chosen token.
    """
    src = _source_ids(text)
    words = text.split()
    out = model.greedy(src, MAX_LEN)
    tgt = np.array(out + [END])
    tr = model.forward(src, tgt)
    nx, ny = len(words), len(tgt)
    if nx + ny > 16:
        raise ValueError(f"text: got {nx} words and {ny} output steps, wanted at most 16 frames in all")
    states = np.full((nx + ny, model.n_hidden), np.nan)
    labels = [f"h({t})" for t in range(1, nx + 1)] + [f"s({t})" for t in range(1, ny + 1)]
    y_hat = tr.y_hat

    def render(step):
        fig = Figure(figsize=(9.6, 3.8))      # fixed margins: a constrained layout costs more than the drawing
        gs = fig.add_gridspec(2, 2, width_ratios=[1.25, 1], left=0.01, right=0.98, bottom=0.16, top=0.93,
                              hspace=0.75, wspace=0.12)
        enc = step <= nx
        t = step if enc else step - nx
        _seq2seq_drawing(nx, ny, highlight=t, phase="encode" if enc else "decode", ax=fig.add_subplot(gs[:, 0]))
        shown = states.copy()
        shown[:min(step, nx)] = tr.h[:min(step, nx)]
        if not enc:
            shown[nx:nx + t] = tr.s[:t]
        heat_strip(shown[:, :16], ax=fig.add_subplot(gs[0, 1]), labels=labels, highlight=step, colorbar=False,
                   title="states (first 16 units)")
        ax = fig.add_subplot(gs[1, 1])
        if enc:
            ax.axis("off")
            ax.text(0.5, 0.5, f"encoder reads x({t}) = {words[t - 1]!r}\n"
                    + ("C = h(%d): encoding done" % nx if t == nx else "no output yet"),
                    ha="center", va="center", fontsize=10, transform=ax.transAxes)
        else:
            probabilities(y_hat[t - 1], list(TOKENS), ax=ax, true=int(tgt[t - 1]),
                          title=f"ŷ({t}) after reading {TOKENS[tr.y_in[t - 1]]!r}")
        return fig

    def caption(step):
        if step <= nx:
            return (f"Encoder step {step} of {nx}: h({step}) = tanh(b + W h({step - 1}) + U x({step})), "
                    f"x({step}) = {words[step - 1]!r}" + (f"; C = h({nx})" if step == nx else ""))
        t = step - nx
        tok = TOKENS[int(tgt[t - 1])]
        return (f"Decoder step {t} of {ny}: s({t}) from s({t - 1}), C and y({t - 1}) = "
                f"{TOKENS[tr.y_in[t - 1]]!r}; it emits {tok!r} (p = {y_hat[t - 1][tgt[t - 1]]:.2f})"
                + ("; the end token stops decoding" if tok == "end" else ""))

    def alt(step):
        phase = "encoder" if step <= nx else "decoder"
        t = step if step <= nx else step - nx
        return (f"Encoder-decoder graph with {phase} step {t} highlighted, a heat map of the states computed "
                "so far, and " + ("a note of the word read." if step <= nx else
                                  "a bar chart of the output probabilities over the target tokens."))

    return stepper(render, nx + ny, label="step", caption=caption, alt=alt, dpi=dpi)


# ----------------------------------------------------------------------------- exercises

def reverse_source(src):
    """Reverse each column's tokens of a padded ``src`` (n_x, batch); padding stays at the end."""
    src = np.asarray(src)
    n = (src != PAD).sum(axis=0)                              # tokens per column
    t = np.arange(src.shape[0])[:, None]
    idx = np.where(t < n, n - 1 - t, t)
    return np.take_along_axis(src, idx, axis=0)


def check_reverse_source(fn):
    """Exercise: ``fn(src)`` reverses each column's tokens, leaving the padding at the end."""
    src = np.array([[5, 6, 7, 8], [9, 10, 0, 0], [11, 0, 0, 0]]).T            # (4, 3)
    want = reverse_source(src)
    return check("Reverse the source", fn, [
        (lambda f: f(src.copy()) is not None, "your function returned None: return the reversed array"),
        (lambda f: np.shape(f(src.copy())) == src.shape, f"the result should keep src's shape {src.shape}"),
        (lambda f: not close(f(src.copy()), src[::-1]),
         "that is src[::-1]: it moves the padding to the front of the shorter columns, so the encoder would "
         "read the words last-to-first only for the longest column; reverse the first n tokens of each column"),
        (lambda f: not close(f(src.copy()), src[:, ::-1]), "that reverses the order of the columns (the batch), "
         "not the words: time is axis 0"),
        (lambda f: close(f(src.copy()), want), "each column should be its tokens in reverse order, then the "
         "same padding: [5, 6, 7, 8] -> [8, 7, 6, 5] and [9, 10, 0, 0] -> [10, 9, 0, 0]"),
    ], "the first word the decoder needs is now the last one the encoder read (Sutskever et al. 2014).",
       expect="function")


def check_score(fn, model):
    """Exercise: ``fn(model, text, digits)`` = log p(digits, end | text), the beam search's score."""
    cases = [("forty five thousand and seven", "45007"), ("twelve", "12"), ("three hundred", "300"),
             ("three hundred", "3")]
    want = [model.log_prob(_source_ids(t), np.array([3 + int(c) for c in d] + [END])) for t, d in cases]
    no_end = []
    for t, d in cases:
        tr = model.forward(_source_ids(t), np.array([3 + int(c) for c in d] + [END]))
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


# ----------------------------------------------------------------------------- claims

class ClaimFailed(AssertionError):
    """A claim of the chapter's prose no longer holds for this run."""


def claims_accuracy(held_out, longer):
    """The prose's claims on greedy exact match: held-out high, longer inputs collapse."""
    failed = []
    if not held_out >= MIN_HELD_OUT:
        failed.append(f"Held-out exact match is {held_out:.1%}, below the {MIN_HELD_OUT:.0%} the text says.")
    if not longer <= MAX_LONGER:
        failed.append(f"Inputs longer than in training reach {longer:.1%}, more than the {MAX_LONGER:.0%} "
                      "the text calls a collapse.")
    if not held_out - longer >= MIN_GAP_LONGER:
        failed.append(f"Longer inputs are no longer at least {MIN_GAP_LONGER:.0%} below held-out ones "
                      f"({longer:.1%} vs {held_out:.1%}).")
    if failed:
        raise ClaimFailed(" ".join(failed))


def claims_width_one(model, pairs):
    """The prose's claim: beam search of width 1 returns exactly greedy's outputs."""
    src, _ = pairs.batch()
    if model.beam(src, 1, MAX_LEN) != model.greedy(src, MAX_LEN):
        raise ClaimFailed("Beam search of width 1 no longer gives exactly greedy decoding's outputs.")


def check_stop_probability(p_stop, model):
    """Exercise: (p(end | "three", read "3"), p(end | "thirty", read "3")), i.e. ŷ(2)[end] for each input."""
    y3 = model.forward(_source_ids("three"), np.array([6, END])).y_hat          # reads start, then 3
    y30 = model.forward(_source_ids("thirty"), np.array([6, 3, END])).y_hat    # reads start, 3, 0
    want = np.array([y3[1, END], y30[1, END]])
    wrong = [(np.array([y3[0, END], y30[0, END]]), "that is ŷ(1)[end], stopping before any digit; after "
              "reading '3' the decoder is at step 2: ŷ(2), index 1 in code"),
             (np.log(want), "those are log-probabilities; the question asks for probabilities"),
             (want[::-1], "the two are swapped: first 'three', then 'thirty'"),
             (np.array([y3[1, 3], y30[1, 3]]), f"that is the probability of the digit 0 (id 3); the end "
              f"token's id is model.end = {END}")]
    tests = [(lambda v: np.shape(v) == (2,), "the answer is a pair of probabilities: (for 'three', for 'thirty')")]
    for alt, hint in wrong:
        if np.abs(alt - want).max() > 1e-6:       # only a hint that can tell the answers apart
            tests.append((lambda v, alt=alt: not close(v, alt, tol=1e-9), hint))
    tests += [(lambda v: bool(np.all((np.asarray(v) >= 0) & (np.asarray(v) <= 1))), "a probability lies in [0, 1]"),
              (lambda v: close(v, want, tol=1e-6), "run model.forward(src, tgt) with a tgt whose first token is "
               "'3' (id 6), so that step 2 reads it, and take y_hat[1, model.end]")]
    return check("The probability of stopping", p_stop, tests,
                 f"after '3' the model stops with p = {want[0]:.3f} for 'three' and p = {want[1]:.3f} for "
                 "'thirty': the end token is how it decides the length of its answer.", expect="array")


def example(model, pairs, *, n_x=None, max_steps=None):
    """Text of the first pair the model decodes exactly right, with ``n_x`` words, or n_x + n_y ≤ ``max_steps``."""
    ok = exact_match(model, pairs)
    for i in np.flatnonzero(ok):
        if (n_x is None or pairs.src_length[i] == n_x) and (
                max_steps is None or pairs.src_length[i] + pairs.tgt_length[i] <= max_steps):
            return pairs.text(int(i))
    raise ValueError(f"pairs: got no pair the model gets right with n_x = {n_x} and at most {max_steps} steps")
