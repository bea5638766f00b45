"""Two trips, two years: which year was the trip to Nepal? Only word order tells (chapter 1)."""

import numpy as np

from .. import _checks
from .years import _PLACES, _SUBJECTS, _VERBS, MAX_SENTENCES, YEARS, Sentences, _vocab_tuple, _words

__all__ = ["ASKED_PLACE", "two_trip_sentences"]

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

# With fillers (``two_trip_sentences(..., fillers=True)``): 2-3 filler words F between each place and the
# "in" before its year, and both trips written alike ("subj verb P F in Y"), so that no window of three
# consecutive words holds a place and its year, nor tells which trip comes first.
_FILLER_FORMS = (
    ("subj", "verb", "P1", "F", "in", "Y1", ",", "subj", "verb", "P2", "F", "in", "Y2"),
)
_FILLERS = (("with", "friends"), ("by", "train"), ("once", "again"), ("for", "two", "weeks"),
            ("with", "my", "brother"), ("again", "by", "train"))


def two_trip_sentences(n, *, seed, fillers=False):
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

    With ``fillers=True`` every sentence has the form "subj verb place F in
    year , subj verb place F in year", F two or three filler words, so a place
    and its year are 3-4 words apart and both trips look alike from close up::

        we went to peru with friends in 2003 , we flew to nepal by train in 2007

    Parameters
    ----------
    n : int
        Number of sentences.
    seed : int
        Seed for ``np.random.default_rng``; same seed, same sentences.
    fillers : bool
        Filler words between each place and its year (default False: the four
        templates above; their sentences do not change with this option).

    Returns
    -------
    Sentences
        ``.year`` (n,) is the index in :data:`YEARS` of Nepal's year (the label),
        ``.position`` (n,) the 0-based index of that year token, ``.length`` (n,).
        The vocabulary is :func:`vocabulary`, the same as :func:`year_sentences`.
    """
    n = _checks.positive_int(n, "n", MAX_SENTENCES, " (more takes minutes and gigabytes; generate in parts)")
    seed = _checks.seed(seed)
    forms = _FILLER_FORMS if _checks.boolean(fillers, "fillers") else _TRIP_FORMS
    rng = np.random.default_rng(seed)
    index = {w: i for i, w in enumerate(_vocab_tuple())}
    others = [p for p in _PLACES[1] + _PLACES[2] if p != ASKED_PLACE]
    tokens, ids = [], []
    year, position, length = (np.empty(n, np.int64) for _ in range(3))
    for i in range(n):
        form = forms[rng.integers(len(forms))]
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
            elif slot == "F":
                words.extend(_FILLERS[rng.integers(len(_FILLERS))])
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
