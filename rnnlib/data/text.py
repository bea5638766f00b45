"""A reader's own sentences: :func:`tokenize` and :func:`encode` turn text into the year task's one-hot input."""

import re
import unicodedata

import numpy as np

from .. import _checks
from ..functional import one_hot
from .years import YEARS, vocabulary

__all__ = ["KEPT_PUNCTUATION", "tokenize", "encode"]

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
        raise _checks.ArgumentTypeError(f"text: got {type(text).__name__}, "
                                        "wanted a str such as 'I went to Nepal in 2009'")
    return [w for w in _TOKEN.findall(text.lower())
            if any(ch.isalnum() for ch in w) or w in KEPT_PUNCTUATION]


def encode(text, vocab=None, *, name="text"):
    """One-hot input of a sentence: ndarray (τ, n_vocab) float64, τ = number of tokens.

    Parameters
    ----------
    text : str or list of str
        A sentence ("We went to Peru in 2004!"), split by :func:`tokenize`
        (lower case; the comma kept as a token, other punctuation dropped),
        or its tokens. A character that is neither a letter, a digit, a space
        nor punctuation (e.g. '☃') is refused, as an unknown word is.
    vocab : list of str, optional
        Default :func:`rnnlib.data.vocabulary` (61 tokens).
    name : str
        What messages call ``text`` (a caller's argument, e.g. ``"texts[1]"``).

    Raises
    ------
    ValueError
        If the text is empty or has a word outside the vocabulary; the
        message lists some known words.
    ArgumentTypeError
        (a TypeError from :mod:`rnnlib._checks`) if ``text`` is neither a str nor a list or tuple of str.
    """
    if vocab is None:
        vocab = vocabulary()
    elif (not isinstance(vocab, (list, tuple)) or not vocab
          or not all(isinstance(w, str) and w for w in vocab)):
        raise _checks.ArgumentTypeError(f"vocab: got {_checks._got(vocab)}, wanted None or a non-empty list of "
                                        "str tokens such as rnnlib.data.vocabulary()")
    else:
        vocab = list(vocab)
    if isinstance(text, str):
        odd = [c for c in text if not (c.isalnum() or c.isspace() or unicodedata.category(c).startswith("P"))]
        if odd:
            raise ValueError(f"{name}: got {text!r} with the character {odd[0]!r}, wanted letters, digits, spaces "
                             "and punctuation only (punctuation other than the comma is dropped)")
        tokens = tokenize(text)
    elif isinstance(text, (list, tuple)) and all(isinstance(w, str) for w in text):
        tokens = [w.lower() for w in text]
    else:
        raise _checks.ArgumentTypeError(f"{name}: got {type(text).__name__}, wanted a str such as "
                                        "'I went to Nepal in 2009' or a list of str tokens")
    if not tokens:
        raise ValueError(f"{name}: got {text!r} with no words, wanted a sentence such as 'I went to Nepal in 2009'")
    index = {w: i for i, w in enumerate(vocab)}
    unknown = [w for w in tokens if w not in index]
    if unknown:
        common = ("i", "we", "she", "went", "flew", "to", "visited", "in", "nepal", "peru", "japan", "kenya",
                  "with", "friends", "again")
        words = [w for w in common if w in index] or [w for w in vocab if w not in YEARS][:12]
        raise ValueError(
            f"{name}: got unknown word(s) {', '.join(map(repr, dict.fromkeys(unknown)))}, wanted words of the "
            f"{len(vocab)}-token vocabulary, e.g. {', '.join(words)}, a comma and the years "
            f"{YEARS[0]}..{YEARS[-1]} (all of them: rnnlib.data.vocabulary())"
        )
    return one_hot(np.array([index[w] for w in tokens]), len(vocab))
