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
           "digits_text", "NumberPairs", "number_pairs"]

#: Ids 0, 1, 2 of both vocabularies of the number task: padding, start, end.
NUMBER_SPECIALS = ("<pad>", "<s>", "</s>")
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
#: Source vocabulary of the number task: the specials, then 30 words.
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
    """Target ids (digits, maybe END and padding) -> the digit string up to END: [5, 6, 2] -> "23"."""
    out = []
    for i in ids:
        i = int(i)
        if i == 2:  # END
            break
        if not 0 <= i < len(NUMBER_TARGET_VOCAB):
            raise ValueError(f"ids: got id {i}, wanted ids in 0..{len(NUMBER_TARGET_VOCAB) - 1}")
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
        """The source sentence of pair ``i``: 'forty five thousand and seven'."""
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
        nx, ny = int(self.src_length[idx].max()), int(self.tgt_length[idx].max())
        src = np.zeros((nx, idx.size), dtype=np.int64)
        tgt = np.zeros((ny, idx.size), dtype=np.int64)
        for j, i in enumerate(idx):  # building the arrays, not the model: one column per pair
            ids = [_SRC_ID[w] for w in self.words[i]]
            src[:len(ids), j] = ids[::-1] if reverse else ids
            d = str(int(self.values[i]))
            tgt[:len(d), j] = [3 + int(c) for c in d]
            tgt[len(d), j] = 2
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

    The number of digits is drawn uniformly from 1 .. ``max_digits``, then the
    number uniformly among those with that many digits (so short numbers are
    as common as long ones).

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
    seen = set() if exclude is None else {int(v) for v in np.asarray(list(exclude), dtype=np.int64).ravel()}
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
