"""The year-extraction sentences (chapter 1, "Parameter sharing").

Goodfellow et al. (introduction to chapter 10) motivate parameter sharing with two sentences,
"I went to Nepal in 2009" and "In 2009, I went to Nepal": a model that reads
out the year should find it wherever it appears.  :func:`year_sentences`
generates such sentences from a few templates and fillers::

    2009 , i visited peru
    in 2004 , we flew to japan with friends
    she finally sailed to chile in 2003 for two weeks
    my parents went to new zealand by train in the summer of 2001

Tokens are lower-case words, the year is one token (``"2009"``) and the comma
is a token of its own.  The label is the index of the year in :data:`YEARS`
(ten years, so guessing is right 10 % of the time).  The year's position (a
0-based token index p in code; the book counts positions from 1, so code's
p is the book's position p+1) and the sentence length vary widely: for every
length 5 .. 17 the year can be at every position 0 .. length−1 (see
:func:`reachable`); lengths 4 .. 21 exist.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, permutations, product

import numpy as np

from .. import _checks
from ..functional import one_hot

__all__ = ["YEARS", "DEFAULT_LENGTHS", "MAX_CHOICES", "MAX_SENTENCES", "vocabulary", "reachable", "Sentences",
           "year_sentences"]

#: The years a sentence can mention; the label is the index into this tuple.
YEARS = tuple(str(y) for y in range(2000, 2010))

#: Default sentence lengths (tokens) when ``lengths`` is not given.
DEFAULT_LENGTHS = range(5, 13)

_Y = "<year>"  # placeholder for the year token inside a phrase

# Fillers, grouped by their length in tokens.
_SUBJECTS = {1: ["i", "we", "she", "he", "they"], 2: [("my", "sister"), ("my", "parents")]}
_ADVERBS = ["finally", "once", "also"]
_VERBS = {1: ["visited", "toured"],
          2: [("went", "to"), ("flew", "to"), ("sailed", "to"), ("moved", "to"), ("travelled", "to")]}
_PLACES = {1: ["nepal", "peru", "chile", "japan", "kenya", "iceland", "egypt"], 2: [("new", "zealand")]}
_EXTRAS = [
    ("again",),
    ("with", "friends"),
    ("by", "train"),
    ("for", "two", "weeks"),
    ("with", "my", "brother"),
    ("to", "see", "the", "mountains"),
    ("for", "the", "first", "time"),
]
# Where the year goes: a phrase opening the sentence, or one after the place
# (the "left" and "spent" templates in _skeletons place it themselves).
_FRONTS = [
    (_Y, ","),
    ("in", _Y, ","),
    ("back", "in", _Y, ","),
    ("one", "day", "in", _Y, ","),
    ("in", "the", "summer", "of", _Y, ","),
]
_MIDS = [("in", _Y), ("in", "the", "summer", "of", _Y)]

_PROPER = {"i": "I", "nepal": "Nepal", "peru": "Peru", "chile": "Chile", "japan": "Japan", "kenya": "Kenya",
           "iceland": "Iceland", "egypt": "Egypt", "new": "New", "zealand": "Zealand"}


def _words(filler):
    return (filler,) if isinstance(filler, str) else tuple(filler)


@lru_cache(maxsize=1)
def _vocab_tuple():
    words = set(YEARS) | {","}
    for group in (_SUBJECTS, _VERBS, _PLACES):
        for fillers in group.values():
            for f in fillers:
                words.update(_words(f))
    words.update(_ADVERBS)
    words.update(["left", "for", "spent"])
    for phrase in _EXTRAS + _FRONTS + _MIDS:
        words.update(phrase)
    words.discard(_Y)
    return tuple(sorted(words))


def vocabulary():
    """The fixed, sorted vocabulary: every word, the comma and every year.

    Returns a new list of str each call; token i is one-hot unit vector i.
    """
    return list(_vocab_tuple())


@lru_cache(maxsize=1)
def _skeletons():
    """Every sentence shape, grouped by (length, year position).

    A skeleton is a tuple of slots: ("subj", k), ("adv",), ("verb", k),
    ("place", k) are filled at random with a filler of k tokens; a tuple of
    words is copied as is (its ``_Y`` becomes the year).  Four families:

    - front:  [in 2009 ,] she visited peru [extras]
    - middle: she visited peru [extras] in 2009 [extras]
    - left:   she left in 2009 [for peru] [extras]
    - spent:  she spent 2009 in peru [extras]
    """
    groups = {}

    def add(skel):
        words = 0
        for slot in skel:
            if slot[0] in ("subj", "verb", "place"):
                words += slot[1]
            elif slot[0] == "adv":
                words += 1
            else:
                if _Y in slot:
                    pos = words + slot.index(_Y)
                words += len(slot)
        groups.setdefault((words, pos), []).append(skel)

    extra_lists = [()] + [tuple(_EXTRAS[i] for i in p) for r in (1, 2) for p in permutations(range(len(_EXTRAS)), r)]
    fronts = _FRONTS + [f[:-1] for f in _FRONTS if f[0] != _Y]  # the comma is optional after "in 2009"
    for ks, adv, kv, kp in product((1, 2), (0, 1), (1, 2), (1, 2)):
        subj = [("subj", ks)] + ([("adv",)] if adv else [])
        core = subj + [("verb", kv), ("place", kp)]
        for tail in extra_lists:
            for front in fronts:
                add((front, *core, *tail))
            for mid in _MIDS:
                for cut in range(len(tail) + 1):  # the year phrase goes before tail[cut]
                    add((*core, *tail[:cut], mid, *tail[cut:]))
                if kv == 1:  # these families have a one-word verb of their own
                    add((*subj, ("left",), mid, ("for",), ("place", kp), *tail))
                    if kp == 1:
                        add((*subj, ("left",), mid, *tail))
            if kv == 1:
                add((*subj, ("spent",), (_Y, "in"), ("place", kp), *tail))
    return {k: tuple(v) for k, v in groups.items()}


#: The most values ``lengths`` or ``positions`` may list (no sentence is longer than 21 tokens).
MAX_CHOICES = 10_000
#: The most sentences :func:`year_sentences` generates in one call (about 5 s and 100 MB).
MAX_SENTENCES = 100_000


def _as_int_set(values, name):
    if values is None:
        return None
    wanted = "an iterable of integers (e.g. range(5, 9) or {2, 3})"
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(values)}, wanted {wanted}")
    if hasattr(values, "__len__") and len(values) > MAX_CHOICES:
        raise ValueError(f"{name}: got {len(values):,} values, wanted at most {MAX_CHOICES:,} "
                         "(sentences have at most 21 tokens)")
    out = set()
    for v in islice(values, MAX_CHOICES + 1):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
            raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(values)} containing {_checks._got(v)}, "
                                            f"wanted {wanted}")
        out.add(int(v))
    if len(out) > MAX_CHOICES:
        raise ValueError(f"{name}: got more than {MAX_CHOICES:,} values, wanted at most {MAX_CHOICES:,}")
    if not out:
        raise ValueError(f"{name}: got an empty collection, wanted at least one integer")
    return out


def _length_range():
    """The shortest and longest sentence lengths any skeleton makes (4 and 21)."""
    lengths = [L for L, _ in _skeletons()]
    return min(lengths), max(lengths)


def reachable(lengths=None, positions=None):
    """The (length, position) pairs :func:`year_sentences` can generate.

    Parameters
    ----------
    lengths : iterable of int, optional
        Sentence lengths in tokens, each in 4 .. 21 (others are refused); default 5 .. 12.
    positions : iterable of int, optional
        0-based year positions; a negative p counts from the end, so −1 is
        the last word (for a sentence of length L, p means L + p).  Each in
        −21 .. 20 (others are refused); default: any position.

    Returns
    -------
    list of (int, int)
        Sorted (length, position) pairs, positions as 0-based indices.
    """
    lengths = _as_int_set(lengths, "lengths")
    positions = _as_int_set(positions, "positions")
    low, high = _length_range()
    for L in sorted(lengths or ()):
        if not low <= L <= high:
            raise ValueError(f"lengths: got {L:,}, wanted reachable lengths {low}..{high} (tokens per sentence)")
    for p in sorted(positions or ()):
        if not -high <= p <= high - 1:
            raise ValueError(f"positions: got {p:,}, wanted 0-based positions in 0..{high - 1} or counted from the "
                             f"end in −{high}..−1 (sentences have at most {high} tokens)")
    if lengths is None:
        lengths = set(DEFAULT_LENGTHS)
    out = []
    for L, p in _skeletons():
        if L not in lengths:
            continue
        if positions is not None and p not in positions and (p - L) not in positions:
            continue
        out.append((L, p))
    return sorted(out)


@dataclass
class Sentences:
    """A list of year sentences with their labels.

    Attributes
    ----------
    tokens : list[list[str]]
        The words of each sentence.
    ids : list[ndarray]
        Token indices into ``vocab``; ``ids[i]`` has shape (length[i],).
    year : ndarray (n,) int
        Label: index of the sentence's year in :data:`YEARS`.
    position : ndarray (n,) int
        0-based index p of the year token in ``tokens[i]`` (the book, counting from 1, calls it position p+1).
    length : ndarray (n,) int
        Number of tokens.
    vocab : list[str]
        The vocabulary (:func:`vocabulary`); ``n_vocab = len(vocab)``.
    """

    tokens: list
    ids: list
    year: np.ndarray
    position: np.ndarray
    length: np.ndarray
    vocab: list = field(default_factory=vocabulary)

    def __len__(self):
        return len(self.tokens)

    @property
    def n_vocab(self):
        """Size of the one-hot input vectors (``n_in`` of a model)."""
        return len(self.vocab)

    def text(self, i):
        """Sentence i as readable text, e.g. ``"In 2009, I went to Nepal"``; negative i counts from the end."""
        i = _checks.integer(i, "i", -len(self), len(self) - 1)
        words = [_PROPER.get(w, w) for w in self.tokens[i]]
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words).replace(" ,", ",")

    def subset(self, indices):
        """The sentences at ``indices`` (array of int or bool mask), in that order."""
        idx = self._indices(indices)
        return Sentences(
            tokens=[self.tokens[i] for i in idx],
            ids=[self.ids[i] for i in idx],
            year=self.year[idx],
            position=self.position[idx],
            length=self.length[idx],
            vocab=list(self.vocab),
        )

    def batch(self, indices):
        """One-hot inputs and labels of sentences that all have the same length.

        Parameters
        ----------
        indices : array of int (k,) or bool mask (n,)

        Returns
        -------
        x : ndarray (τ, k, n_vocab) float64, time first
        y : ndarray (k,) int, the year labels
        """
        idx = self._indices(indices)
        if idx.size == 0:
            raise ValueError("indices: got no sentences, wanted at least one")
        lengths = np.unique(self.length[idx])
        if lengths.size != 1:
            raise ValueError(
                f"indices: got sentences of lengths {lengths.tolist()}, wanted one length "
                "(an RNN batch has no padding; use by_length() to group them, or padded())"
            )
        ids = np.stack([self.ids[i] for i in idx], axis=1)  # (τ, k)
        return one_hot(ids, self.n_vocab), self.year[idx].copy()

    def _indices(self, indices):
        if isinstance(indices, (int, np.integer, bool, np.bool_)):
            raise _checks.ArgumentTypeError(f"indices: got {_checks._got(indices)}, wanted a 1-d array or list "
                                            "of integer indices (e.g. [3]) or a boolean mask")
        idx = _checks.as_array(indices, "indices", "1-d integer indices or a boolean mask")
        if idx.dtype == bool:
            if idx.shape != (len(self),):
                raise ValueError(f"indices: got a boolean mask of shape {idx.shape}, wanted ({len(self)},)")
            return np.flatnonzero(idx)
        if idx.size == 0:
            return idx.astype(np.int64).reshape(0)
        if not np.issubdtype(idx.dtype, np.integer) or idx.ndim != 1:
            raise ValueError(f"indices: got {idx.ndim}-d array of dtype {idx.dtype}, wanted 1-d integer indices")
        if idx.min() < -len(self) or idx.max() >= len(self):
            raise ValueError(f"indices: got indices from {idx.min()} to {idx.max()}, wanted 0..{len(self) - 1}")
        return idx % len(self)


def year_sentences(n, *, seed, lengths=None, positions=None):
    """Generate ``n`` sentences that mention a trip and a year.

    Each sentence first draws a (length, year position) pair uniformly from
    the allowed ones (:func:`reachable`), then a template of that shape and
    fillers for it, and a year uniformly from :data:`YEARS`.  Same seed, same
    sentences.

    Parameters
    ----------
    n : int
        Number of sentences.
    seed : int
        Seed for ``np.random.default_rng``.
    lengths : iterable of int, optional
        Allowed sentence lengths (default 5 .. 12; 5 .. 21 exist).
    positions : iterable of int, optional
        Allowed 0-based year positions; negative values count from the end
        (−1: the year is the last word).  Default: any.

    Returns
    -------
    Sentences
        ``.tokens``, ``.ids``, ``.year`` (n,), ``.position`` (n,), ``.length`` (n,), ``.vocab``.
    """
    n = _checks.positive_int(n, "n", MAX_SENTENCES, " (more takes minutes and gigabytes; generate in parts)")
    seed = _checks.seed(seed)
    pairs = reachable(lengths, positions)
    if not pairs and not reachable(lengths):
        raise ValueError(f"lengths: got {sorted(_as_int_set(lengths, 'lengths'))}, wanted at least one "
                         "reachable length; sentences have 4..21 tokens")
    if not pairs:
        raise ValueError(
            f"positions: got {sorted(_as_int_set(positions, 'positions') or [])} with lengths "
            f"{sorted(_as_int_set(lengths, 'lengths') or DEFAULT_LENGTHS)}, wanted at least one "
            f"reachable (length, position) pair; reachable lengths are 4..21 with positions 0..length−1"
        )
    rng = np.random.default_rng(seed)
    groups = _skeletons()
    index = {w: i for i, w in enumerate(_vocab_tuple())}
    pair_pick = rng.integers(len(pairs), size=n)
    year = rng.integers(len(YEARS), size=n)
    tokens, ids, position, length = [], [], np.empty(n, np.int64), np.empty(n, np.int64)
    for i in range(n):
        L, p = pairs[pair_pick[i]]
        options = groups[(L, p)]
        words = []
        for slot in options[rng.integers(len(options))]:
            kind = slot[0]
            if kind == "subj":
                fillers = _SUBJECTS[slot[1]]
            elif kind == "adv":
                fillers = _ADVERBS
            elif kind == "verb":
                fillers = _VERBS[slot[1]]
            elif kind == "place":
                fillers = _PLACES[slot[1]]
            else:
                words.extend(YEARS[year[i]] if w == _Y else w for w in slot)
                continue
            words.extend(_words(fillers[rng.integers(len(fillers))]))
        tokens.append(words)
        ids.append(np.array([index[w] for w in words], dtype=np.int64))
        position[i], length[i] = p, L
    return Sentences(tokens=tokens, ids=ids, year=year.astype(np.int64), position=position, length=length)

