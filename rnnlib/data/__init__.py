"""Seeded toy tasks for the chapters.

One module per task; every public name is re-exported here, so
``rnnlib.data.year_sentences`` and ``from rnnlib.data import batches`` work.

=============  ==================================================================
years          the year-extraction sentences (chapter 1): :func:`year_sentences`,
               :class:`Sentences`, :func:`vocabulary`, :func:`reachable`, :data:`YEARS`
batching       :func:`by_length`, :func:`batches` (a sampler for ``optim.train``),
               :func:`padded` (right-padded windows for the per-position network)
text           a reader's own sentence: :func:`tokenize`, :func:`encode`
two_trip       two trips, two years, only word order tells: :func:`two_trip_sentences`
sequences      random symbols with delayed targets: :func:`delay_task`
numbers        numbers in words to digits (chapter 6): :func:`number_pairs`, :func:`number_words`,
               :func:`digits_text`, :class:`NumberPairs`
=============  ==================================================================

Arrays are time first, like every model in rnnlib: one-hot inputs
``x`` have shape (τ, batch, n_vocab), labels ``y`` shape (batch,).

>>> s = year_sentences(1000, seed=0, lengths=range(5, 9), positions={1, 2, 4, 5, 6})
>>> x, y = s.batch(by_length(s)[6])        # all sentences of length 6
>>> data = batches(s, 32, seed=0)          # for rnnlib.optim.train(model, data, steps)
>>> x, y = data(0)                         # (τ, 32, n_vocab), (32,)
>>> xp = padded(s, window=8)               # (8, 1000, n_vocab), zero vectors pad
>>> data = batches(s, 32, seed=0, window=8) # padded batches for the per-position network
"""

from .batching import MAX_CACHED, MAX_PADDED, batches, by_length, padded
from .numbers import (
    NUMBER_MAX,
    NUMBER_SOURCE_VOCAB,
    NUMBER_SPECIALS,
    NUMBER_TARGET_VOCAB,
    NumberPairs,
    digits_text,
    number_pairs,
    number_pairs_by_length,
    number_words,
)
from .sequences import delay_task
from .text import KEPT_PUNCTUATION, encode, tokenize
from .two_trip import ASKED_PLACE, two_trip_sentences
from .years import DEFAULT_LENGTHS, MAX_CHOICES, MAX_SENTENCES, YEARS, Sentences, reachable, vocabulary, year_sentences

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
    "NUMBER_SPECIALS", "NUMBER_SOURCE_VOCAB", "NUMBER_TARGET_VOCAB", "NUMBER_MAX", "number_words",
    "digits_text", "NumberPairs", "number_pairs", "number_pairs_by_length",
    "DEFAULT_LENGTHS", "MAX_CHOICES", "MAX_SENTENCES", "MAX_PADDED", "MAX_CACHED",
]
