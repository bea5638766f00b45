"""Chapter 6's experiment: the data, training, the sweep of H, and what the notebook measures.

The task (:mod:`rnnlib.data`'s number task): a number written in words, British style, to its
digits, "forty five thousand and seven" -> "45007". Training and evaluation of any encoder-decoder
on it live in :mod:`rnnlib.translate` (chapter 8 uses them too); this module fixes the chapter's
data, sizes and budget.

- :func:`task`: a training set balanced by input length (every number of 1-3 words, then
  ``N_PER_LENGTH`` numbers of each length 4-8), the same set without its 7-8-word numbers (the
  extrapolation experiment), and a test set of ``N_TEST_PER_LENGTH`` other numbers of each length 4-8.
- :func:`train_model`: ``Seq2Seq`` trained with teacher forcing (Adam, ``STEPS`` steps).
- :func:`sweep`: the same training for each H of ``SIZES``.
"""

from dataclasses import dataclass

import numpy as np

from ... import _checks
from ... import data as _data
from ... import translate as _tr
from ...plots import Table
from ...seq2seq import END, Seq2Seq
from ...translate import PlantedErrors, SearchErrors, planted_errors, search_errors  # re-exported by ch
from . import settings as S

__all__ = ["Task", "task", "composition", "with_digits",
           "train_model", "sweep", "outputs", "exact_match", "accuracy_by_length",
           "PlantedErrors", "SearchErrors", "planted_errors", "search_errors",
           "beam_table", "find_beam_fix", "find_beam_break", "context_table", "example", "source_ids"]


@dataclass
class Task:
    """The chapter's data (:class:`rnnlib.data.NumberPairs` each).

    train : 1-8 words, balanced by length;  short : the same without its 7-8-word numbers;
    test : other numbers, ``N_TEST_PER_LENGTH`` of each length 4-8.
    """

    train: object
    short: object
    test: object


def task(seed=0):
    """The training, short-training and test sets of the chapter, seeded."""
    s = _checks.integer(seed, "seed", 0)
    train = _data.number_pairs_by_length(S.N_PER_LENGTH, seed=600 + s, lengths=S.ALL_LENGTHS)
    short = train.subset(np.flatnonzero(train.src_length <= max(S.SHORT_LENGTHS)))
    test = _data.number_pairs_by_length(S.N_TEST_PER_LENGTH, seed=700 + s, lengths=S.TEST_LENGTHS,
                                        exclude=train.values)
    return Task(train, short, test)


def composition(pairs, caption=None):
    """A Table of how many pairs have each number of digits (rows) and of words (columns)."""
    pairs = _tr.check_pairs(pairs)
    digits = np.array([len(str(int(v))) for v in pairs.values])
    words = sorted(set(pairs.src_length.tolist()))
    rows = []
    for d in sorted(set(digits.tolist())):
        row = [int(np.sum((digits == d) & (pairs.src_length == w))) for w in words]
        rows.append([f"{d} digit{'s' if d > 1 else ''}"] + [str(c) if c else "·" for c in row] + [str(sum(row))])
    rows.append(["all"] + [str(int(np.sum(pairs.src_length == w))) for w in words] + [str(len(pairs))])
    return Table(["numbers with"] + [f"{w} word{'s' if w > 1 else ''}" for w in words] + ["all"], rows,
                 caption=caption)


def with_digits(pairs, digits):
    """The pairs whose answer has ``digits`` digits (1-5), as a new NumberPairs."""
    _tr.check_pairs(pairs)
    digits = _checks.integer(digits, "digits", 1, 5)
    keep = np.flatnonzero(pairs.tgt_length == digits + 1)
    if not keep.size:
        raise ValueError(f"pairs: got no number of {digits} digits, wanted at least one")
    return pairs.subset(keep)


def train_model(pairs, seed=0, *, reverse=False, n_hidden=S.N_HIDDEN, steps=S.STEPS, batch_size=S.BATCH, lr=S.LR,
                clip=S.CLIP, progress=True):
    """Train ``Seq2Seq(n_src, n_tgt, n_hidden, seed=seed)`` with teacher forcing on ``pairs``.

    Each of ``steps`` Adam steps takes ``batch_size`` pairs drawn at random (seeded), padded to the
    batch's longest source and target (:func:`rnnlib.translate.train`). ``reverse`` feeds every source
    sentence reversed (Sutskever et al. 2014).

    Returns
    -------
    model : Seq2Seq
    history : rnnlib.optim.History
    """
    _tr.check_pairs(pairs)
    seed = _checks.integer(seed, "seed", 0)
    reverse = _checks.boolean(reverse, "reverse")
    model = Seq2Seq(len(_data.NUMBER_SOURCE_VOCAB), len(_data.NUMBER_TARGET_VOCAB), n_hidden, seed=seed)
    history = _tr.train(model, pairs, seed=seed, steps=steps, batch_size=batch_size, lr=lr, clip=clip,
                        reverse=reverse, progress=progress,
                        label=f"seq2seq, H = {model.n_hidden}" + (" (reversed source)" if reverse else ""))
    return model, history


def sweep(pairs, seed=0, sizes=S.SIZES, *, trained=None, steps=S.STEPS, progress=True):
    """``{H: model}``: one model per H of ``sizes``, each trained like :func:`train_model` on ``pairs``.

    trained : dict {H: model}, optional   models already trained this way (e.g. the chapter's main model),
                                          used instead of training again.
    """
    if isinstance(sizes, (str, bytes, dict)) or not hasattr(sizes, "__iter__"):
        raise _checks.ArgumentTypeError(f"sizes: got {_checks._got(sizes)}, wanted hidden sizes such as (16, 32, 64)")
    sizes = [_checks.positive_int(h, "sizes", 512, " (hidden units)") for h in list(sizes)[:8]]
    if not sizes:
        raise ValueError("sizes: got none, wanted at least one hidden size")
    trained = {} if trained is None else trained
    if not isinstance(trained, dict):
        raise _checks.ArgumentTypeError(f"trained: got {_checks._got(trained)}, wanted a dict {{H: model}}")
    out = {}
    for h in sizes:
        if h in trained:
            out[h] = _tr.check_model(trained[h], f"trained[{h}]")
        else:
            out[h] = train_model(pairs, seed, n_hidden=h, steps=steps, progress=progress)[0]
    return out


# ----------------------------------------------------------------------------- evaluation

def outputs(model, pairs, width=1, *, reverse=False):
    """Decoded digit strings, one per pair: greedy for ``width=1``, else beam search."""
    return _tr.decode(model, pairs, width, reverse=reverse)


def exact_match(model, pairs, width=1, *, reverse=False):
    """bool ndarray (n,): the decoded output equals the number's digits exactly."""
    return _tr.exact_match(model, pairs, width, reverse=reverse)


def accuracy_by_length(model, pairs, width=1, min_count=10, *, reverse=False):
    """``{n_x: (accuracy, count)}`` over one NumberPairs or a list of them, by input length (``reverse``:
    sources fed reversed)."""
    return _tr.accuracy_by_length(model, pairs, width, min_count, reverse=reverse)


def beam_table(model, sets):
    """Exact match for each width of ``WIDTHS`` on each set of ``sets`` (a dict name -> NumberPairs).

    Returns the Table and ``{width: {name: accuracy}}``.
    """
    if not isinstance(sets, dict) or not sets:
        raise _checks.ArgumentTypeError(f"sets: got {_checks._got(sets)}, wanted a dict {{name: NumberPairs}}")
    for name, p in sets.items():
        _checks.text(name, "sets key")
        _tr.check_pairs(p, f"sets[{name!r}]")
    result = {w: {name: float(exact_match(model, p, w).mean()) for name, p in sets.items()} for w in S.WIDTHS}
    rows = [[("greedy (width 1)" if w == 1 else f"beam, width {w}")] + [f"{result[w][n]:.1%}" for n in sets]
            for w in S.WIDTHS]
    return Table(["decoder"] + list(sets), rows, caption="Exact-match accuracy"), result


def _find(model, pairs, widths, want_greedy):
    if not isinstance(widths, (list, tuple, range)) or not 1 <= len(widths) <= 16:
        raise _checks.ArgumentTypeError(f"widths: got {_checks._got(widths)}, wanted a list or tuple of 1 to 16 beam "
                                        "widths, each an integer in 2..256")
    widths = [_checks.integer(w, "widths", 2, 256) for w in widths]
    greedy_ok = exact_match(model, pairs, 1)
    for w in widths:
        beam_ok = exact_match(model, pairs, w)
        hit = np.flatnonzero((~greedy_ok & beam_ok) if not want_greedy else (greedy_ok & ~beam_ok))
        if hit.size:
            return int(hit[0]), w
    return None


def find_beam_fix(model, pairs, widths=S.WIDTHS[1:]):
    """``(index, width)``: the first pair greedy gets wrong and a beam of the smallest such width right, or None."""
    return _find(model, pairs, widths, want_greedy=False)


def find_beam_break(model, pairs, widths=S.WIDTHS[1:]):
    """``(index, width)``: the first pair greedy gets right and a beam of the smallest such width wrong, or None."""
    return _find(model, pairs, widths, want_greedy=True)


# ----------------------------------------------------------------------------- one input

def source_ids(text):
    """Word ids of a number in words (a str such as 'forty five thousand and seven')."""
    words = _checks.text(text, "text").split()
    index = {w: i for i, w in enumerate(_data.NUMBER_SOURCE_VOCAB)}
    unknown = [w for w in words if w not in index or index[w] < 3]
    if not words or unknown or len(words) > 8:
        raise ValueError(f"text: got {text[:80]!r}, wanted a number up to 99,999 in words (at most 8) such as "
                         f"'forty five thousand and seven' (unknown: {unknown[:5]})")
    return np.array([index[w] for w in words])


def context_table(model, text, units=4):
    """C and the decoder states while decoding ``text`` (greedy), as a Table, and the numbers.

    Returns
    -------
    table : Table    one row per decoder step: token read, first ``units`` of s(t), of C, ‖s(t) − s(t-1)‖
    C : ndarray (H,)
    s : ndarray (n_y, H)
    """
    _tr.check_model(model, needs=("forward",))
    src = source_ids(text)
    units = _checks.positive_int(units, "units", 16)
    out = model.greedy(src, S.MAX_LEN)
    trace = model.forward(src, np.array(out + [END]))
    fmt = lambda v: " ".join(f"{x:+.2f}" for x in v[:units])  # noqa: E731
    prev = trace.C
    rows = []
    for t in range(len(trace.s)):
        rows.append([f"{t + 1}", S.TOKENS[trace.y_in[t]], S.TOKENS[int(trace.o[t].argmax())], fmt(trace.C),
                     fmt(trace.s[t]), f"{np.linalg.norm(trace.s[t] - prev):.2f}"])
        prev = trace.s[t]
    header = ["t", "reads y(t-1)", "emits y(t)", f"C[:{units}]", f"s(t)[:{units}]", "‖s(t) − s(t-1)‖"]
    return Table(header, rows, caption=f"Decoding {text!r}: s(0) = C"), trace.C, trace.s


def example(model, pairs, *, n_x=None, max_steps=None):
    """Text of the first pair the model decodes exactly right, with ``n_x`` words, or n_x + n_y ≤ ``max_steps``."""
    n_x = None if n_x is None else _checks.integer(n_x, "n_x", 1, 8)
    max_steps = None if max_steps is None else _checks.integer(max_steps, "max_steps", 2, 16)
    ok = exact_match(model, pairs)
    for i in np.flatnonzero(ok):
        if (n_x is None or pairs.src_length[i] == n_x) and (
                max_steps is None or pairs.src_length[i] + pairs.tgt_length[i] <= max_steps):
            return pairs.text(int(i))
    raise ValueError(f"pairs: got no pair the model gets right with n_x = {n_x} and at most {max_steps} steps")
