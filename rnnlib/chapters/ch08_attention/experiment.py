"""Chapter 8's experiment: chapter 6's data and budget, both models over a sweep of H, one input's
attention, and the cost of attention against input length.

- :func:`task`: chapter 6's training and test sets for the same seed (every length 1-8 in training,
  balanced by length; 80 other numbers of each length 4-8 for testing).
- :func:`train_model`: ``Seq2Seq`` (``kind="plain"``) or ``AttentionSeq2Seq`` (``"attention"``, or
  ``"unidirectional"`` for the forward-only encoder) trained like chapter 6's model
  (:func:`rnnlib.translate.train`: teacher forcing, Adam, the same steps, batch, rate and clipping).
- :func:`sweep`: one model per H; :func:`table`: accuracy by length as a Table.
- :func:`cost`: time of one training step (forward and BPTT) and peak memory against n_x, measured.
"""

import time
import tracemalloc
from dataclasses import dataclass

import numpy as np

from ... import _checks
from ... import data as _data
from ... import translate as _tr
from ...attention import AttentionSeq2Seq
from ...plots import Table
from ...seq2seq import END, Seq2Seq
from . import settings as S

__all__ = ["Task", "task", "KINDS", "make_model", "train_model", "sweep", "accuracy_by_length", "exact_match",
           "pooled", "check_run", "table", "source_ids", "example", "decode_one", "reading_order", "Cost", "cost"]

KINDS = ("plain", "attention", "unidirectional")


@dataclass
class Task:
    """train : 1-8 words, balanced by length;  test : other numbers, ``N_TEST_PER_LENGTH`` of each length 4-8."""

    train: object
    test: object


def task(seed=0):
    """Chapter 6's training and test sets for ``seed`` (the same draws: seeds 600 + seed and 700 + seed)."""
    s = _checks.integer(seed, "seed", 0)
    train = _data.number_pairs_by_length(S.N_PER_LENGTH, seed=600 + s, lengths=S.ALL_LENGTHS)
    test = _data.number_pairs_by_length(S.N_TEST_PER_LENGTH, seed=700 + s, lengths=S.TEST_LENGTHS,
                                        exclude=train.values)
    return Task(train, test)


def _kind(kind):
    kind = _checks.text(kind, "kind")
    if kind not in KINDS:
        raise ValueError(f"kind: got {kind!r}, wanted one of {', '.join(KINDS)}")
    return kind


def make_model(kind, n_hidden, seed=0):
    """An untrained model of the number task's vocabularies: plain, attention (bidirectional) or unidirectional."""
    kind = _kind(kind)
    ns, nt = len(_data.NUMBER_SOURCE_VOCAB), len(_data.NUMBER_TARGET_VOCAB)
    if kind == "plain":
        return Seq2Seq(ns, nt, n_hidden, seed=seed)
    return AttentionSeq2Seq(ns, nt, n_hidden, seed=seed, bidirectional=kind == "attention")


def train_model(pairs, seed=0, *, kind="attention", n_hidden=8, steps=S.STEPS, progress=True):
    """Train ``make_model(kind, n_hidden, seed)`` on ``pairs`` with chapter 6's method and budget.

    Returns (model, history).
    """
    _tr.check_pairs(pairs)
    seed = _checks.integer(seed, "seed", 0)
    model = make_model(kind, n_hidden, seed)
    history = _tr.train(model, pairs, seed=seed, steps=steps, batch_size=S.BATCH, lr=S.LR, clip=S.CLIP,
                        progress=progress, label=f"{kind}, H = {model.n_hidden}")
    return model, history


def sweep(pairs, seed=0, *, kind="attention", sizes=S.ATTENTION_SIZES, steps=S.STEPS, progress=True):
    """``{H: (model, history)}``: one model of ``kind`` per H of ``sizes``, each trained like :func:`train_model`."""
    if isinstance(sizes, (str, bytes, dict)) or not hasattr(sizes, "__iter__"):
        raise _checks.ArgumentTypeError(f"sizes: got {_checks._got(sizes)}, wanted hidden sizes such as (8, 16)")
    sizes = [_checks.positive_int(h, "sizes", 256, " (hidden units)") for h in list(sizes)[:8]]
    if not sizes:
        raise ValueError("sizes: got none, wanted at least one hidden size")
    return {h: train_model(pairs, seed, kind=kind, n_hidden=h, steps=steps, progress=progress) for h in sizes}


def accuracy_by_length(model, pairs, min_count=10):
    """``{n_x: (accuracy, count)}``: greedy exact match by input length (``rnnlib.translate.accuracy_by_length``)."""
    return _tr.accuracy_by_length(model, pairs, 1, min_count)


def exact_match(model, pairs):
    """bool ndarray (n,): greedy output equals the number's digits."""
    return _tr.exact_match(model, pairs)


def pooled(by_length, lengths=S.TEST_LENGTHS):
    """Exact match pooled over ``lengths`` of ``{n_x: (accuracy, count)}``, weighted by count."""
    if isinstance(lengths, (str, bytes, dict)) or not hasattr(lengths, "__iter__"):
        raise _checks.ArgumentTypeError(f"lengths: got {_checks._got(lengths)}, wanted input lengths such as "
                                        "range(4, 9)")
    lengths = [_checks.integer(n, "lengths", 1, 8, " (words)") for n in list(lengths)[:8]]
    if not lengths:
        raise ValueError("lengths: got none, wanted at least one input length")
    if not isinstance(by_length, dict) or any(n not in by_length for n in lengths):
        raise _checks.ArgumentTypeError(f"by_length: got {_checks._got(by_length)}, wanted {{n_x: (accuracy, count)}} "
                                        f"for every length of {lengths}")
    for n in lengths:
        entry = by_length[n]
        if not isinstance(entry, (tuple, list)) or len(entry) != 2:
            raise _checks.ArgumentTypeError(f"by_length[{n}]: got {_checks._got(entry)}, wanted (accuracy, count)")
        _checks.number(entry[0], f"by_length[{n}]", 0, 1, what="(accuracy, count) with accuracy")
        _checks.integer(entry[1], f"by_length[{n}]", 0, why="", allow_none=False)
    acc = np.array([by_length[n][0] for n in lengths], dtype=float)
    count = np.array([by_length[n][1] for n in lengths], dtype=float)
    if count.sum() == 0:
        raise ValueError(f"by_length: got a count of 0 for every length of {lengths}, wanted at least one number")
    return float((acc * count).sum() / count.sum())


def check_run(entry, name):
    """``entry`` checked: (model, {n_x: (accuracy, count)}) with a trained-model type and every test length."""
    if not isinstance(entry, (tuple, list)) or len(entry) != 2:
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(entry)}, wanted (model, {{n_x: (accuracy, "
                                        "count)}})")
    model, acc = entry
    _checks.instance(model, f"{name}[0]", Seq2Seq, "an rnnlib.Seq2Seq or AttentionSeq2Seq")
    if not isinstance(acc, dict) or any(n not in acc for n in S.TEST_LENGTHS):
        raise _checks.ArgumentTypeError(f"{name}[1]: got {_checks._got(acc)}, wanted {{n_x: (accuracy, count)}} "
                                        f"for every length of {list(S.TEST_LENGTHS)} (ch.accuracy_by_length)")
    for n in S.TEST_LENGTHS:
        a = acc[n]
        if not isinstance(a, (tuple, list)) or len(a) != 2:
            raise _checks.ArgumentTypeError(f"{name}[1][{n}]: got {_checks._got(a)}, wanted (accuracy, count)")
        _checks.number(a[0], f"{name}[1][{n}]", 0, 1, what="(accuracy, count) with accuracy")
    return model, acc


def table(rows, caption=None):
    """A Table of accuracy by input length: ``rows`` is ``{label: (model, {n_x: (accuracy, count)})}``."""
    if not isinstance(rows, dict) or not rows:
        raise _checks.ArgumentTypeError(f"rows: got {_checks._got(rows)}, wanted {{label: (model, accuracy by "
                                        "length)}}")
    lengths = list(S.TEST_LENGTHS)
    out = []
    for label, entry in rows.items():
        model, acc = check_run(entry, f"rows[{label!r}]")
        out.append([_checks.text(label, "rows key"), f"{model.n_params:,}"] + [f"{acc[n][0]:.0%}" for n in lengths]
                   + [f"{pooled(acc):.0%}"])
    return Table(["model", "parameters"] + [f"{n} words" for n in lengths] + ["4-8 pooled"], out, caption=caption)


# ----------------------------------------------------------------------------- one input

def source_ids(text):
    """Word ids of a number in words (a str such as 'forty five thousand and seven')."""
    words = _checks.text(text, "text").split()
    index = {w: i for i, w in enumerate(_data.NUMBER_SOURCE_VOCAB)}
    unknown = [w for w in words if w not in index or index[w] < 3]
    value = None if unknown or not words or len(words) > 8 else _value(words)
    if value is None:
        raise ValueError(f"text: got {text[:80]!r}, wanted a number from 0 to 99,999 in words as the task writes it "
                         f"(at most 8 words) such as 'forty five thousand and seven'"
                         + (f" (unknown: {unknown[:5]})" if unknown else ""))
    return np.array([index[w] for w in words])


_UNITS = {w: i for i, w in enumerate(_data.NUMBER_SOURCE_VOCAB[3:23])}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(_data.NUMBER_SOURCE_VOCAB[23:31])}


def _value(words):
    """The number ``words`` (known words) spell, or None if they are not exactly how the task writes a number
    from 0 to 99,999 (``rnnlib.data.number_words``)."""
    total, part = 0, 0
    for w in words:
        if w in _UNITS or w in _TENS:
            part += _UNITS.get(w, _TENS.get(w))
        elif w == "hundred":
            part *= 100
        elif w == "thousand":
            total, part = total + part * 1000, 0
    n = total + part
    return n if 0 <= n <= _data.NUMBER_MAX and _data.number_words(n) == list(words) else None


def example(model, pairs, n_x=8):
    """Text of the first pair of ``pairs`` with ``n_x`` words that ``model`` decodes exactly right."""
    n_x = _checks.integer(n_x, "n_x", 1, 8)
    ok = exact_match(model, pairs)
    hits = np.flatnonzero(ok & (pairs.src_length == n_x))
    if not hits.size:
        raise ValueError(f"pairs: got no {n_x}-word number the model gets right, wanted at least one")
    return pairs.text(int(hits[0]))


def decode_one(model, text):
    """Greedy output of ``model`` for ``text`` and the attention of that decoding.

    Returns (words, outputs, alpha): words of the input, the target ids written (END last), and
    α (n_y, n_x): row t is where the decoder looked when it wrote output t + 1 (teacher-forced on its own
    greedy output, which is the free-running decoding).
    """
    _checks.instance(model, "model", AttentionSeq2Seq, "an rnnlib.AttentionSeq2Seq")
    src = source_ids(text)
    out = model.greedy(src, S.MAX_LEN) + [END]
    return text.split(), out, model.attention(src, np.array(out))


def reading_order(model, pairs):
    """Share of ``pairs`` for which the word ``model`` looks at most moves forward through the sentence while it
    writes the digits: it never moves back, and the word of the last digit comes after the word of the first.

    For each pair, decode greedily, take α(t, ·) of every digit step t (the end token's step left out), and
    check that j*(t) = argmax_j α(t, j) is non-decreasing in t and that j*(last) > j*(1). (Never moving back alone
    is met by a decoder that looks at one word throughout, as an untrained one nearly does.)
    """
    _checks.instance(model, "model", AttentionSeq2Seq, "an rnnlib.AttentionSeq2Seq")
    _tr.check_pairs(pairs)
    src, _ = pairs.batch()
    out = model.greedy(src, S.MAX_LEN)
    tgt = np.zeros((max(len(o) for o in out) + 1, len(out)), dtype=np.int64)
    for j, o in enumerate(out):
        tgt[:len(o), j] = o
        tgt[len(o), j] = END
    look = model.attention(src, tgt).argmax(axis=1)          # (n_y, batch): the word looked at most
    ahead = [len(o) > 1 and bool(np.all(np.diff(look[:len(o), j]) >= 0)) and look[len(o) - 1, j] > look[0, j]
             for j, o in enumerate(out)]
    return float(np.mean(ahead))


# ----------------------------------------------------------------------------- cost

@dataclass
class Cost:
    """Measured cost of one training step (``loss_and_grads``) against the source length.

    lengths : tuple of n_x;  seconds, peak_mb : {kind: list} per length (best of ``repeats`` runs;
    peak memory allocated during the step, from ``tracemalloc``).
    """

    lengths: tuple
    seconds: dict
    peak_mb: dict


def cost(lengths=S.COST_LENGTHS, n_hidden=S.COST_H, batch=S.COST_BATCH, n_y=S.COST_NY, repeats=5, seed=0):
    """Time and peak memory of one forward+BPTT step of the plain and the attention model, for each n_x.

    Random sources of ``n_x`` words and targets of ``n_y`` tokens (END last), batch ``batch``.
    """
    if isinstance(lengths, (str, bytes, dict)) or not hasattr(lengths, "__iter__"):
        raise _checks.ArgumentTypeError(f"lengths: got {_checks._got(lengths)}, wanted source lengths such as (8, 16)")
    lengths = tuple(_checks.positive_int(n, "lengths", 512, " (words)") for n in list(lengths)[:10])
    if not lengths or list(lengths) != sorted(set(lengths)):
        raise ValueError(f"lengths: got {lengths}, wanted at least one source length, increasing, such as (8, 16)")
    n_hidden = _checks.positive_int(n_hidden, "n_hidden", 256)
    batch = _checks.positive_int(batch, "batch", 1024)
    n_y = _checks.positive_int(n_y, "n_y", 64)
    repeats = _checks.positive_int(repeats, "repeats", 20)
    rng = np.random.default_rng(_checks.integer(seed, "seed", 0))
    models = {k: make_model(k, n_hidden, seed) for k in ("plain", "attention")}
    seconds = {k: [] for k in models}
    peak = {k: [] for k in models}
    for n_x in lengths:
        src = rng.integers(3, len(_data.NUMBER_SOURCE_VOCAB), (n_x, batch))
        tgt = rng.integers(3, len(_data.NUMBER_TARGET_VOCAB), (n_y, batch))
        tgt[-1] = END
        for k, m in models.items():
            best = np.inf
            for _ in range(repeats):
                t0 = time.perf_counter()
                m.loss_and_grads(src, tgt)
                best = min(best, time.perf_counter() - t0)
            seconds[k].append(best)
            tracemalloc.start()
            m.loss_and_grads(src, tgt)
            peak[k].append(tracemalloc.get_traced_memory()[1] / 2**20)
            tracemalloc.stop()
    return Cost(lengths, seconds, peak)
