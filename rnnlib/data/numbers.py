"""Numbers in words to digits: the sequence-to-sequence task of chapter 6.

A sequence-to-sequence task whose input and output lengths differ, and differ
from each other from example to example: a number written in English words,
British style, to its decimal digits::

    "forty five thousand and seven"            ->  "45007"    n_x = 5, n_y = 5 + END
    "three hundred and twelve"                 ->  "312"      n_x = 4, n_y = 3 + END
    "sixty seven thousand three hundred and twenty six" -> "67326"  n_x = 8

Both vocabularies start with the same three special tokens, ids 0, 1, 2:
padding, start and end (rnnlib.seq2seq.PAD, START, END). The source uses
only padding; the target uses all three. A batch is time first and padded
with 0 at the end: src (n_x, batch), tgt (n_y, batch) whose columns are the
digits, END, then padding.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from .. import _checks

__all__ = ["NUMBER_SPECIALS", "NUMBER_SOURCE_VOCAB", "NUMBER_TARGET_VOCAB", "NUMBER_MAX", "number_words",
           "digits_text", "NumberPairs", "number_pairs", "number_pairs_by_length"]

#: Ids 0, 1, 2 of both vocabularies of the number task: padding, start, end.
NUMBER_SPECIALS = ("<pad>", "<s>", "</s>")
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
#: Source vocabulary of the number task: the specials, then 31 words.
NUMBER_SOURCE_VOCAB = NUMBER_SPECIALS + tuple(_ONES) + _TENS[2:] + ("hundred", "thousand", "and")
#: Target vocabulary of the number task: the specials, then the digits 0-9.
NUMBER_TARGET_VOCAB = NUMBER_SPECIALS + tuple("0123456789")
#: Numbers of the task are 0 .. NUMBER_MAX (at most five digits).
NUMBER_MAX = 99_999
_SRC_ID = {w: i for i, w in enumerate(NUMBER_SOURCE_VOCAB)}


def number_words(n):
    """English words of a whole number 0 .. 99,999, British style ("and" before tens and ones).

    >>> number_words(45007)
    ['forty', 'five', 'thousand', 'and', 'seven']
    """
    n = _checks.integer(n, "n", 0, NUMBER_MAX)
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        return [_ONES[n // 100], "hundred"] + (["and"] + number_words(n % 100) if n % 100 else [])
    thousands, rest = divmod(n, 1000)
    tail = [] if rest == 0 else (["and"] if rest < 100 else []) + number_words(rest)
    return number_words(thousands) + ["thousand"] + tail


def digits_text(ids):
    """Target ids (digits, maybe END and padding) -> the digit string up to END: [5, 6, 2] -> "23".

    ids : a 1-d list or array of integer target ids (not a str: "345" is not ids 3, 4, 5).
    """
    if not isinstance(ids, (list, tuple, np.ndarray)):
        raise _checks.ArgumentTypeError(f"ids: got {_checks._got(ids)}, wanted a list of target ids such as "
                                        "[5, 6, 2] (a digit d is id 3 + d)")
    arr = _checks.int_labels(list(ids) if not isinstance(ids, np.ndarray) else ids, "ids", len(NUMBER_TARGET_VOCAB))
    if arr.ndim != 1:
        raise ValueError(f"ids: got {_checks._describe(arr)}, wanted a 1-d list of target ids")
    out = []
    for i in arr.tolist():
        if i == 2:  # END
            break
        out.append(NUMBER_TARGET_VOCAB[i])   # a digit, or <pad> / <s> if a model emitted one
    return "".join(out)


@dataclass
class NumberPairs:
    """Numbers with their words (the source) and digits (the target).

    Attributes
    ----------
    values : int ndarray (n,)        the numbers
    words : list of list of str      the source sentence of each number
    src_length : int ndarray (n,)    n_x, words per number
    tgt_length : int ndarray (n,)    n_y, digits per number plus 1 for END
    """

    values: np.ndarray
    words: list = field(repr=False)
    src_length: np.ndarray = field(repr=False)
    tgt_length: np.ndarray = field(repr=False)

    def __len__(self):
        return len(self.values)

    def text(self, i):
        """The source sentence of pair ``i`` (0 .. n-1): 'forty five thousand and seven'."""
        i = _checks.integer(i, "i", 0, len(self) - 1, f" (there are {len(self)} pairs)")
        return " ".join(self.words[i])

    def _indices(self, indices):
        if indices is None:
            return np.arange(len(self))
        idx = np.asarray(indices)
        if idx.ndim != 1 or idx.size == 0 or not np.issubdtype(idx.dtype, np.integer) or idx.dtype == bool:
            raise ValueError(f"indices: got {_checks._describe(idx)} of dtype {idx.dtype}, "
                             "wanted a non-empty 1-d array of integer indices")
        if idx.min() < -len(self) or idx.max() >= len(self):
            raise ValueError(f"indices: got indices from {idx.min()} to {idx.max()}, wanted 0..{len(self) - 1}")
        return idx

    def subset(self, indices):
        """The pairs at ``indices``, as a new NumberPairs."""
        idx = self._indices(indices)
        return NumberPairs(self.values[idx], [self.words[i] for i in idx], self.src_length[idx],
                           self.tgt_length[idx])

    def batch(self, indices=None, *, reverse=False):
        """Padded id arrays of the pairs at ``indices`` (default all).

        Parameters
        ----------
        reverse : bool
            Reverse each source sentence (Sutskever et al. 2014); padding stays at the end.

        Returns
        -------
        src : int ndarray (n_x, batch)   word ids, padded with 0 after the words
        tgt : int ndarray (n_y, batch)   digit ids, then END (2), then padding 0
        """
        idx = self._indices(indices)
        reverse = _checks.boolean(reverse, "reverse")
        nx, ny = int(self.src_length[idx].max()), int(self.tgt_length[idx].max())
        all_src, all_tgt = self._ids(reverse)
        return all_src[idx, :nx].T.copy(), all_tgt[idx, :ny].T.copy()

    def _ids(self, reverse):
        """Every pair's padded ids, (n, 8) source and (n, 6) target, built once (training draws thousands
        of batches from one set) and rebuilt if ``values`` or ``words`` were replaced."""
        key = (id(self.values), id(self.words), len(self.values), reverse)
        cache = self.__dict__.get("_ids_cache")
        if cache is not None and cache[0] == key:
            return cache[1]
        n = len(self.values)
        src = np.zeros((n, max(8, int(self.src_length.max(initial=0)))), dtype=np.int64)
        tgt = np.zeros((n, max(6, int(self.tgt_length.max(initial=0)))), dtype=np.int64)
        for j in range(n):  # building the arrays, not the model: one row per pair
            ids = [_SRC_ID[w] for w in self.words[j]]
            src[j, :len(ids)] = ids[::-1] if reverse else ids
            d = str(int(self.values[j]))
            tgt[j, :len(d)] = [3 + int(c) for c in d]
            tgt[j, len(d)] = 2
        self.__dict__["_ids_cache"] = (key, (src, tgt))
        return src, tgt


def _word_counts(lengths):
    """``lengths`` as a set of word counts 1..8 (the longest number has 8 words)."""
    if isinstance(lengths, (str, bytes, dict)) or not isinstance(lengths, Iterable):
        raise _checks.ArgumentTypeError(f"lengths: got {_checks._got(lengths)}, wanted an iterable of "
                                        "word counts such as range(1, 7)")
    out = {_checks.integer(v, "lengths", 1, 8, " (numbers up to 99,999 have at most 8 words)")
           for v in islice(lengths, 100)}
    if not out:
        raise ValueError("lengths: got an empty collection, wanted at least one word count in 1..8")
    return out


def number_pairs(n, *, seed, max_digits=5, lengths=None, exclude=None):
    """``n`` distinct numbers with their words and digits, seeded.

    Each draw takes a number of digits uniformly from 1 .. ``max_digits``, then
    a number uniformly among those with that many digits; repeats and excluded
    numbers are skipped until ``n`` distinct numbers are found. The result is
    **not** balanced by digits: there are only 10 one-digit and 90 two-digit
    numbers, so with n in the thousands all of them are drawn and the rest are
    longer (4,000 numbers of 1-6 words hold 10 / 90 / 900 / 1,838 / 1,162
    numbers of 1-5 digits). For a set balanced by input length see
    :func:`number_pairs_by_length`.

    Parameters
    ----------
    n : int
    seed : int
    max_digits : int, 1 .. 5
    lengths : iterable of int, optional
        Keep only numbers whose words number one of these (n_x); default any.
    exclude : iterable of int, optional
        Numbers not to draw (e.g. the training set's, for a held-out set).

    Returns
    -------
    NumberPairs

    Raises
    ------
    ValueError
        If fewer than ``n`` numbers meet the conditions.
    """
    n = _checks.positive_int(n, "n", 20_000, " (pairs per call)")
    seed = _checks.seed(seed)
    max_digits = _checks.integer(max_digits, "max_digits", 1, 5)
    allowed = None if lengths is None else _word_counts(lengths)
    seen = _exclusions(exclude)
    rng = np.random.default_rng(seed)
    values, words = [], []
    for _ in range(200):
        d = rng.integers(1, max_digits + 1, 4 * n)
        low = np.where(d == 1, 0, 10 ** (d - 1))
        for v in rng.integers(low, 10 ** d):
            v = int(v)
            if v in seen:
                continue
            w = number_words(v)
            if allowed is not None and len(w) not in allowed:
                continue
            seen.add(v)
            values.append(v)
            words.append(w)
            if len(values) == n:
                return NumberPairs(np.array(values), words, np.array([len(w) for w in words]),
                                   np.array([len(str(v)) + 1 for v in values]))
    raise ValueError(f"n: got {n}, wanted at most the {len(values)} distinct numbers found with "
                     f"max_digits={max_digits}, lengths={sorted(allowed) if allowed else None} and the exclusions")


def _exclusions(exclude):
    """``exclude`` (None or an iterable of whole numbers) as a set of int; floats and bools are refused."""
    if exclude is None:
        return set()
    wanted = "an iterable of whole numbers 0 .. 99,999 (e.g. a training set's values)"
    if isinstance(exclude, (str, bytes, dict)) or not isinstance(exclude, Iterable):
        raise _checks.ArgumentTypeError(f"exclude: got {_checks._got(exclude)}, wanted {wanted}")
    items = list(islice(exclude, 200_001))
    if len(items) > 200_000:
        raise ValueError(f"exclude: got more than 200,000 values, wanted at most 200,000 ({wanted})")
    arr = _checks.as_array(items, "exclude", wanted)
    if arr.size and (arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer)):
        bad = next(v for v in items if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)))
        raise _checks.ArgumentTypeError(f"exclude: got {_checks._got(bad)} among its values, wanted {wanted}")
    return set(arr.ravel().tolist())


_WORD_COUNTS = []


def _word_counts_of_all():
    """int ndarray (NUMBER_MAX + 1,): how many words each number 0 .. 99,999 takes (computed once)."""
    if not _WORD_COUNTS:            # number_words' rules, vectorised (the tests compare the two)
        def below_100(v):
            return np.where((v < 20) | (v % 10 == 0), 1, 2)

        def below_1000(v):
            r = v % 100
            return np.where(v < 100, below_100(v), 2 + np.where(r > 0, 1 + below_100(r), 0))

        n = np.arange(NUMBER_MAX + 1)
        thousands, rest = n // 1000, n % 1000
        tail = np.where(rest == 0, 0, (rest < 100) + below_1000(rest))
        counts = np.where(n < 1000, below_1000(n), below_1000(thousands) + 1 + tail)
        counts.setflags(write=False)
        _WORD_COUNTS.append(counts)
    return _WORD_COUNTS[0]


def number_pairs_by_length(n, *, seed, lengths=range(1, 9), exclude=None):
    """Numbers balanced by input length: ``n`` of each word count in ``lengths``, uniform within it, seeded.

    For each word count the numbers are drawn uniformly, without replacement,
    among all numbers 0 .. 99,999 written in that many words (and not in
    ``exclude``). A word count with fewer than ``n`` such numbers contributes
    all of them: only 28 numbers take one word, 108 two and 72 three (then
    1,215; 5,184; 11,745; 34,992 and 46,656 take 4-8 words).

    Parameters
    ----------
    n : int, 1 .. 20,000                  numbers per word count (at most)
    seed : int
    lengths : iterable of int in 1..8     word counts n_x
    exclude : iterable of int, optional   numbers not to draw (e.g. a training set's)

    Returns
    -------
    NumberPairs, ordered by word count, then as drawn.
    """
    n = _checks.positive_int(n, "n", 20_000, " (pairs per word count)")
    seed = _checks.seed(seed)
    allowed = sorted(_word_counts(lengths))
    seen = np.fromiter(_exclusions(exclude), dtype=np.int64)
    counts = _word_counts_of_all()
    rng = np.random.default_rng(seed)
    values = []
    for length in allowed:
        pool = np.flatnonzero(counts == length)
        pool = pool[~np.isin(pool, seen)]
        values.extend(rng.permutation(pool)[:n].tolist())
    if not values:
        raise ValueError(f"exclude: got every number of {allowed} words, wanted some left to draw")
    words = [number_words(v) for v in values]
    return NumberPairs(np.array(values), words, np.array([len(w) for w in words]),
                       np.array([len(str(v)) + 1 for v in values]))
