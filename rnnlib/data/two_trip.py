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
