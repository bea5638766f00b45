"""Seeded toy tasks for the chapters.

The year-extraction task (chapter 1, "Parameter sharing")
---------------------------------------------------------
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

Arrays are time first, like every model in rnnlib: one-hot inputs
``x`` have shape (τ, batch, n_vocab), labels ``y`` shape (batch,).

>>> s = year_sentences(1000, seed=0, lengths=range(5, 9), positions={1, 2, 4, 5, 6})
>>> x, y = s.batch(by_length(s)[6])        # all sentences of length 6
>>> data = batches(s, 32, seed=0)          # for rnnlib.optim.train(model, data, steps)
>>> x, y = data(0)                         # (τ, 32, n_vocab), (32,)
>>> xp = padded(s, window=8)               # (8, 1000, n_vocab), zero vectors pad
>>> data = batches(s, 32, seed=0, window=8) # padded batches for the per-position network
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, permutations, product

import numpy as np

from . import _checks
from .functional import one_hot

__all__ = [
    "tokenize", "encode", "KEPT_PUNCTUATION",
    "two_trip_sentences", "ASKED_PLACE",
    "YEARS",
    "vocabulary",
    "reachable",
    "year_sentences",
    "Sentences",
    "by_length",
    "batches",
    "padded",
    "delay_task",
]

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
#: The most values :func:`padded` and ``batches(..., window=...)`` make (800 MB of float64).
MAX_PADDED = 100_000_000
#: The most one-hot values :func:`batches` keeps between steps (80 MB of float64); a larger set is
#: turned into one-hot vectors batch by batch.
MAX_CACHED = 10_000_000


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


def reachable(lengths=None, positions=None):
    """The (length, position) pairs :func:`year_sentences` can generate.

    Parameters
    ----------
    lengths : iterable of int, optional
        Sentence lengths in tokens; default 5 .. 12.
    positions : iterable of int, optional
        0-based year positions; a negative p counts from the end, so −1 is
        the last word (for a sentence of length L, p means L + p).  Default:
        any position.

    Returns
    -------
    list of (int, int)
        Sorted (length, position) pairs, positions as 0-based indices.
    """
    lengths = _as_int_set(lengths, "lengths")
    positions = _as_int_set(positions, "positions")
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


def by_length(sentences):
    """Group sentence indices by length: ``{length: indices (k,) int}``, sorted.

    ``sentences.batch(indices)`` turns a group into ``(x, y)`` for an RNN,
    which has no padding mask and needs equal lengths within a batch.
    """
    _sentences(sentences)
    return {int(L): np.flatnonzero(sentences.length == L) for L in np.unique(sentences.length)}


def _sentences(sentences, name="sentences"):
    _checks.instance(sentences, name, Sentences, "a Sentences object, e.g. from year_sentences(...)")
    if len(sentences) == 0:
        raise ValueError(f"{name}: got no sentences, wanted at least one")
    return sentences


def batches(sentences, batch_size, *, seed=0, window=None):
    """A sampler of mini-batches for ``rnnlib.optim.train``.

    Without ``window`` (for an RNN, which has no padding mask): ``data(step)``
    picks a length with probability proportional to how many sentences have
    it, then ``batch_size`` sentences of that length (without replacement if
    there are enough).  With ``window`` (for the per-position network):
    ``batch_size`` sentences of any length, right-padded to ``window`` as in
    :func:`padded`.  ``data(step)`` depends only on ``seed`` and ``step``, so a
    run can be repeated exactly.

    Returns
    -------
    data : callable, step -> (x, y)
        x : ndarray (τ, batch_size, n_vocab) float64 — τ = window if given;
        y : ndarray (batch_size,) int.
    """
    _sentences(sentences)
    batch_size = _checks.positive_int(batch_size, "batch_size", 100_000)
    seed = _checks.seed(seed)
    if seed is None:  # fresh entropy, drawn once: data(step) still repeats within this sampler
        seed = int(np.random.SeedSequence().entropy)
    if window is not None:
        x_all = padded(sentences, window)

        def data(step):
            rng = np.random.default_rng([seed, _checks.integer(step, "step", 0)])
            pick = rng.choice(len(sentences), size=batch_size, replace=len(sentences) < batch_size)
            return x_all[:, pick], sentences.year[pick]

        return data

    groups = list(by_length(sentences).values())
    weights = np.array([g.size for g in groups], dtype=np.float64)
    weights /= weights.sum()
    # One-hot inputs of each length group, built on first use and reused at every later step
    # (if all of them fit in MAX_CACHED values; otherwise every step builds its batch).
    cache = {} if int(sentences.length.sum()) * sentences.n_vocab <= MAX_CACHED else None

    def data(step):
        rng = np.random.default_rng([seed, _checks.integer(step, "step", 0)])
        g = rng.choice(len(groups), p=weights)
        group = groups[g]
        # The same draw as rng.choice(group, ...): choice picks positions in the group, then the values.
        local = rng.choice(group.size, size=batch_size, replace=group.size < batch_size)
        if cache is None:
            return sentences.batch(group[local])
        if g not in cache:
            cache[g] = sentences.batch(group)
        x_group, y_group = cache[g]
        return np.take(x_group, local, axis=1), y_group[local]  # take: C-ordered, like batch() gives

    return data


def padded(sentences, window):
    """All sentences as one right-padded batch for the per-position network.

    Parameters
    ----------
    sentences : Sentences (n sentences)
    window : int
        Number of positions; every sentence must be at most this long.

    Returns
    -------
    x : ndarray (window, n, n_vocab) float64
        One-hot words; positions after a sentence's end are all-zero vectors.
    """
    _sentences(sentences)
    window = _checks.positive_int(window, "window")
    _checks.size_limit(window * len(sentences) * sentences.n_vocab, "window", window, MAX_PADDED,
                       f"values for {len(sentences):,} sentences of {sentences.n_vocab} one-hot entries")
    too_long = np.flatnonzero(sentences.length > window)
    if too_long.size:
        i = int(too_long[0])
        raise ValueError(
            f"sentences: got sentence {i} ({sentences.text(i)!r}) of length {sentences.length[i]}, "
            f"wanted length at most window = {window} ({too_long.size} sentence(s) are too long)"
        )
    x = np.zeros((window, len(sentences), sentences.n_vocab))
    for j, ids in enumerate(sentences.ids):
        x[np.arange(ids.size), j, ids] = 1.0
    return x


# --------------------------------------------------------------------------- a reader's own sentences

# A word is a run of letters, digits, apostrophes and hyphens; every other
# non-space character is a punctuation mark, a token of its own.
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
#: Punctuation marks that are tokens of the vocabulary; :func:`tokenize` drops every other mark.
KEPT_PUNCTUATION = (",",)


def tokenize(text):
    """Split ``text`` into the data's tokens, the way a reader writes a sentence.

    Lower case; words are separated by spaces and by punctuation marks (a
    word may contain apostrophes and hyphens: "new-zealand" is one, unknown,
    word); the comma, the one punctuation mark in the vocabulary, is a token
    of its own; every other mark (. ! ? ; : " ( ) -- and so on) is dropped,
    wherever it stands.

    >>> tokenize("In 2009, I went to Nepal")
    ['in', '2009', ',', 'i', 'went', 'to', 'nepal']
    >>> tokenize("We went to Peru in 2004!")
    ['we', 'went', 'to', 'peru', 'in', '2004']

    Returns
    -------
    list of str
    """
    if not isinstance(text, str):
        raise TypeError(f"text: got {type(text).__name__}, wanted a str such as 'I went to Nepal in 2009'")
    return [w for w in _TOKEN.findall(text.lower())
            if any(ch.isalnum() for ch in w) or w in KEPT_PUNCTUATION]


def encode(text, vocab=None):
    """One-hot input of a sentence: ndarray (τ, n_vocab) float64, τ = number of tokens.

    Parameters
    ----------
    text : str or list of str
        A sentence ("We went to Peru in 2004!"), split by :func:`tokenize`
        (lower case; the comma kept as a token, other punctuation dropped),
        or its tokens.
    vocab : list of str, optional
        Default :func:`rnnlib.data.vocabulary` (61 tokens).

    Raises
    ------
    ValueError
        If the text is empty or has a word outside the vocabulary; the
        message lists some known words.
    TypeError
        If ``text`` is neither a str nor a list or tuple of str.
    """
    vocab = vocabulary() if vocab is None else list(vocab)
    if isinstance(text, str):
        tokens = tokenize(text)
    elif isinstance(text, (list, tuple)) and all(isinstance(w, str) for w in text):
        tokens = [w.lower() for w in text]
    else:
        raise TypeError(f"text: got {type(text).__name__}, wanted a str such as 'I went to Nepal in 2009' "
                        "or a list of str tokens")
    if not tokens:
        raise ValueError(f"text: got {text!r} with no words, wanted a sentence such as 'I went to Nepal in 2009'")
    index = {w: i for i, w in enumerate(vocab)}
    unknown = [w for w in tokens if w not in index]
    if unknown:
        common = ("i", "we", "she", "went", "flew", "to", "visited", "in", "nepal", "peru", "japan", "kenya",
                  "with", "friends", "again")
        words = [w for w in common if w in index] or [w for w in vocab if w not in YEARS][:12]
        raise ValueError(
            f"text: got unknown word(s) {', '.join(map(repr, dict.fromkeys(unknown)))}, wanted words of the "
            f"{len(vocab)}-token vocabulary, e.g. {', '.join(words)}, a comma and the years "
            f"{YEARS[0]}..{YEARS[-1]} (all of them: rnnlib.data.vocabulary())"
        )
    return one_hot(np.array([index[w] for w in tokens]), len(vocab))


# --------------------------------------------------------------------------- two trips, two years

#: The place whose year :func:`two_trip_sentences` asks for.
ASKED_PLACE = "nepal"

# Two-trip templates: "T1 , T2", where each trip names a place and its year.
# Every template is symmetric: swapping the two trips gives the same multiset
# of words, so the order of the words is the only thing that tells which year
# belongs to Nepal.
_TRIP_FORMS = (
    ("subj", "verb", "P1", "in", "Y1", ",", "verb", "P2", "in", "Y2"),
    ("subj", "verb", "P1", "in", "Y1", ",", "P2", "in", "Y2"),
    ("in", "Y1", "subj", "verb", "P1", ",", "in", "Y2", "P2"),
    ("in", "Y1", ",", "subj", "verb", "P1", ",", "in", "Y2", ",", "P2"),
)


def two_trip_sentences(n, *, seed):
    """Generate ``n`` sentences that mention two trips, each with its year: which year was the trip to Nepal?

    One trip is to Nepal (:data:`ASKED_PLACE`), the other to another place;
    the two years differ; Nepal's trip comes first or second with equal
    probability.  Four templates, two with the year after its place and two
    with the year before it::

        we went to nepal in 2003 , flew to peru in 2007
        she visited chile in 2001 , nepal in 2008
        in 2004 i flew to nepal , in 2009 japan
        in 2002 , they toured kenya , in 2005 , nepal

    Swapping the two trips of a sentence gives the same words in another
    order, with the other year as the answer: a model that ignores word order
    (a bag of words) can do no better than guess which of the two years it is.

    Parameters
    ----------
    n : int
        Number of sentences.
    seed : int
        Seed for ``np.random.default_rng``; same seed, same sentences.

    Returns
    -------
    Sentences
        ``.year`` (n,) is the index in :data:`YEARS` of Nepal's year (the label),
        ``.position`` (n,) the 0-based index of that year token, ``.length`` (n,).
        The vocabulary is :func:`vocabulary`, the same as :func:`year_sentences`.
    """
    n = _checks.positive_int(n, "n", MAX_SENTENCES, " (more takes minutes and gigabytes; generate in parts)")
    seed = _checks.seed(seed)
    rng = np.random.default_rng(seed)
    index = {w: i for i, w in enumerate(_vocab_tuple())}
    others = [p for p in _PLACES[1] + _PLACES[2] if p != ASKED_PLACE]
    tokens, ids = [], []
    year, position, length = (np.empty(n, np.int64) for _ in range(3))
    for i in range(n):
        form = _TRIP_FORMS[rng.integers(len(_TRIP_FORMS))]
        y1, y2 = rng.choice(len(YEARS), size=2, replace=False)
        other = _words(others[rng.integers(len(others))])
        nepal_first = bool(rng.integers(2))
        places = ((ASKED_PLACE,), other) if nepal_first else (other, (ASKED_PLACE,))
        subjects, verbs = _SUBJECTS[1] + _SUBJECTS[2], _VERBS[1] + _VERBS[2]
        words = []
        for slot in form:
            if slot == "subj":
                words.extend(_words(subjects[rng.integers(len(subjects))]))
            elif slot == "verb":
                words.extend(_words(verbs[rng.integers(len(verbs))]))
            elif slot in ("P1", "P2"):
                words.extend(places[slot == "P2"])
            elif slot in ("Y1", "Y2"):
                k = y1 if slot == "Y1" else y2
                if (slot == "Y1") == nepal_first:
                    position[i] = len(words)
                    year[i] = k
                words.append(YEARS[k])
            else:
                words.append(slot)
        tokens.append(words)
        ids.append(np.array([index[w] for w in words], dtype=np.int64))
        length[i] = len(words)
    return Sentences(tokens=tokens, ids=ids, year=year, position=position, length=length)


# --------------------------------------------------------------------------- symbol sequences: remember the past

def delay_task(n, tau, n_symbols, delay, *, seed):
    """Random symbol sequences and, at every step, the symbol seen ``delay`` steps before.

    The simplest memory task: x(1), ..., x(τ) are symbols drawn uniformly and
    independently from 0 .. n_symbols − 1, and the target at step t is
    y(t) = x(t − delay), the symbol read ``delay`` steps earlier. Before there
    is such a symbol (t ≤ delay) the target is an extra "blank" class,
    ``n_symbols``, so a model has ``n_symbols + 1`` outputs. Because the
    symbols are independent, nothing but a memory of the past can do better
    than chance (1 / n_symbols) at the steps t > delay.

    >>> x, y, ids = delay_task(3, 5, 4, 2, seed=0)   # 3 sequences, τ = 5, 4 symbols
    >>> x.shape, y.shape, ids.shape
    ((5, 3, 4), (5, 3), (5, 3))
    >>> bool((y[2:] == ids[:-2]).all() and (y[:2] == 4).all())
    True

    Parameters
    ----------
    n : int
        Number of sequences (the batch).
    tau : int
        Length τ of every sequence.
    n_symbols : int
        Number of distinct symbols, at least 2.
    delay : int
        How many steps back the target looks, 0 ≤ delay < τ (0: y(t) = x(t)).
    seed : int or numpy.random.Generator
        Same seed, same sequences; pass a Generator to draw a new batch at
        every training step from one stream.

    Returns
    -------
    x : ndarray (τ, n, n_symbols) float64
        One-hot inputs, time first.
    y : ndarray (τ, n) int64
        Targets in 0 .. n_symbols (n_symbols is the blank).
    ids : ndarray (τ, n) int64
        The symbols themselves, x = one_hot(ids).
    """
    n = _checks.positive_int(n, "n")
    tau = _checks.positive_int(tau, "tau")
    n_symbols = _checks.positive_int(n_symbols, "n_symbols")
    if n_symbols < 2:
        raise ValueError(f"n_symbols: got {n_symbols}, wanted at least 2 (one symbol carries no information)")
    delay = _checks.integer(delay, "delay", 0, tau - 1, f" (0 ≤ delay < τ = {tau})")
    seed = _checks.seed(seed, generator=True)
    name, value = max((("n", n), ("tau", tau), ("n_symbols", n_symbols)), key=lambda kv: kv[1])
    _checks.size_limit(n * tau * n_symbols, name, value, MAX_PADDED,
                       f"one-hot values (n·τ·n_symbols = {n}·{tau}·{n_symbols})")
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, n_symbols, (tau, n))
    y = np.full((tau, n), n_symbols, dtype=np.int64)
    y[delay:] = ids[:tau - delay]
    return one_hot(ids, n_symbols), y, ids


# --------------------------------------------------------------------------- numbers in words (chapter 6)
#
# A sequence-to-sequence task whose input and output lengths differ, and differ
# from each other from example to example: a number written in English words,
# British style, to its decimal digits.
#
#     "forty five thousand and seven"            ->  "45007"    n_x = 5, n_y = 5 + END
#     "three hundred and twelve"                 ->  "312"      n_x = 4, n_y = 3 + END
#     "sixty seven thousand three hundred and twenty six" -> "67326"  n_x = 8
#
# Both vocabularies start with the same three special tokens, ids 0, 1, 2:
# padding, start and end (rnnlib.seq2seq.PAD, START, END). The source uses
# only padding; the target uses all three. A batch is time first and padded
# with 0 at the end: src (n_x, batch), tgt (n_y, batch) whose columns are the
# digits, END, then padding.

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


__all__ += ["NUMBER_SPECIALS", "NUMBER_SOURCE_VOCAB", "NUMBER_TARGET_VOCAB", "NUMBER_MAX", "number_words",
            "digits_text", "NumberPairs", "number_pairs"]
