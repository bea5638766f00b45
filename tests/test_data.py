"""rnnlib.data: the year-extraction sentences of chapter 1."""

import numpy as np
import pytest

from rnnlib import data as d

# The split chapter 1 uses (see the chapter): train on lengths 5..8 with the year at
# positions {1, 2, 4, 5, 6}; test on the unseen positions {0, 3, 7} and on lengths 9..12.
CHAPTER_TRAIN = dict(lengths=range(5, 9), positions={1, 2, 4, 5, 6})
CHAPTER_UNSEEN = dict(lengths=range(5, 9), positions={0, 3, 7})
CHAPTER_LONG = dict(lengths=range(9, 13))


def test_vocabulary_is_small_sorted_and_contains_every_year():
    v = d.vocabulary()
    assert v == sorted(v) and len(set(v)) == len(v)
    assert len(v) <= 64
    assert set(d.YEARS) <= set(v) and "," in v
    assert len(d.YEARS) == 10 and d.YEARS[0] == "2000"
    v.append("mutated")  # callers get a copy
    assert "mutated" not in d.vocabulary()


def test_same_seed_same_sentences_different_seed_differs():
    a = d.year_sentences(300, seed=5)
    b = d.year_sentences(300, seed=5)
    c = d.year_sentences(300, seed=6)
    assert a.tokens == b.tokens
    for field in ("year", "position", "length"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert a.tokens != c.tokens


def test_labels_positions_lengths_and_ids_are_consistent():
    s = d.year_sentences(2000, seed=0)
    vocab = s.vocab
    assert len(s) == 2000 and s.year.shape == s.position.shape == s.length.shape == (2000,)
    for i in range(len(s)):
        tokens = s.tokens[i]
        assert len(tokens) == s.length[i] == s.ids[i].shape[0]
        assert tokens[s.position[i]] == d.YEARS[s.year[i]]
        assert sum(t in d.YEARS for t in tokens) == 1  # exactly one year
        assert [vocab[j] for j in s.ids[i]] == tokens
    assert set(np.unique(s.year)) == set(range(10))
    assert set(np.unique(s.length)) == set(range(5, 13))  # default lengths


def test_text_reads_like_english():
    s = d.year_sentences(200, seed=1)
    for i in range(len(s)):
        text = s.text(i)
        assert text[0].isupper() or text[0].isdigit()
        assert " ," not in text and d.YEARS[s.year[i]] in text


@pytest.mark.parametrize("lengths,positions", [
    (range(5, 9), {2, 3, 4, 5}),
    (range(5, 9), {1, 2, 4, 5, 6}),
    ({6}, {0}),
    (range(9, 13), None),
    (None, {-1}),
])
def test_restrictions_are_honoured(lengths, positions):
    s = d.year_sentences(500, seed=3, lengths=lengths, positions=positions)
    if lengths is not None:
        assert set(s.length) <= set(lengths)
    if positions == {-1}:
        np.testing.assert_array_equal(s.position, s.length - 1)
    elif positions is not None:
        assert set(s.position) <= set(positions)


@pytest.mark.parametrize("split", [CHAPTER_TRAIN, CHAPTER_UNSEEN, CHAPTER_LONG], ids=["train", "unseen", "long"])
def test_every_pair_the_chapter_uses_is_generated(split):
    wanted = set(d.reachable(**split))
    pos = split.get("positions")
    expected = {(L, p) for L in split["lengths"] for p in range(L) if pos is None or p in pos}
    assert wanted == expected  # every (length, position) combination is reachable
    s = d.year_sentences(3000, seed=0, **split)
    assert set(zip(s.length.tolist(), s.position.tolist())) == expected


def test_every_position_reachable_for_lengths_5_to_17():
    pairs = set(d.reachable(range(5, 18)))
    assert pairs == {(L, p) for L in range(5, 18) for p in range(L)}


@pytest.mark.parametrize("kwargs,match", [
    (dict(n=0, seed=0), "n: got 0"),
    (dict(n=10, seed=0, lengths=[3]), "lengths: got 3, wanted reachable lengths 4..21"),
    (dict(n=10, seed=0, lengths=[-1, 6]), "lengths: got -1, wanted reachable lengths 4..21"),
    (dict(n=10, seed=0, lengths=[6, 10**9]), "lengths: got 1,000,000,000, wanted reachable lengths 4..21"),
    (dict(n=10, seed=0, positions=[10**9]), "positions: got 1,000,000,000, wanted 0-based positions in 0..20"),
    (dict(n=10, seed=0, positions=[-22]), "positions: got -22, wanted"),
    (dict(n=10, seed=0, lengths=[6], positions=[9]), "reachable"),
    (dict(n=10, seed=0, lengths=[]), "lengths: got an empty"),
    (dict(n=10, seed=0, positions=[1.5]), "positions: got"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        d.year_sentences(**kwargs)


@pytest.mark.parametrize("call,exc,match", [
    (lambda: d.reachable(lengths=(-1, 6)), ValueError, "lengths: got -1, wanted reachable lengths 4..21"),
    (lambda: d.reachable(positions=(-1, 10**9)), ValueError, "positions: got 1,000,000,000"),
    (lambda: d.encode("in 2003 ☃"), ValueError, "text: got 'in 2003 ☃' with the character '☃'"),
    (lambda: d.encode("cat"), ValueError, "text: got unknown word"),
    (lambda: d.encode("in 2003", vocab="abc"), TypeError, "vocab: got 'abc'"),
    (lambda: d.encode("in 2003", vocab=123), TypeError, "vocab: got 123"),
    (lambda: d.encode("in 2003", vocab=[1, 2]), TypeError, r"vocab: got list \[1, 2\]"),
    (lambda: d.digits_text(None), TypeError, "ids: got None, wanted a list of target ids"),
])
def test_bad_input_names_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_batch_and_by_length():
    s = d.year_sentences(400, seed=2, **CHAPTER_TRAIN)
    groups = d.by_length(s)
    assert sorted(groups) == [5, 6, 7, 8]
    assert sum(g.size for g in groups.values()) == len(s)
    x, y = s.batch(groups[7])
    assert x.shape == (7, groups[7].size, s.n_vocab) and x.dtype == np.float64
    np.testing.assert_array_equal(x.sum(-1), 1.0)  # one-hot
    np.testing.assert_array_equal(y, s.year[groups[7]])
    i = groups[7][0]
    np.testing.assert_array_equal(x[:, 0].argmax(-1), s.ids[i])
    with pytest.raises(ValueError, match="indices: got sentences of lengths"):
        s.batch([groups[5][0], groups[6][0]])


def test_batches_sampler_gives_equal_length_batches_reproducibly():
    s = d.year_sentences(500, seed=4, **CHAPTER_TRAIN)
    data = d.batches(s, 16, seed=0)
    lengths = set()
    for step in range(40):
        x, y = data(step)
        assert x.ndim == 3 and x.shape[1:] == (16, s.n_vocab) and y.shape == (16,)
        assert y.dtype.kind == "i" and x.dtype == np.float64
        lengths.add(x.shape[0])
    assert lengths == {5, 6, 7, 8}
    x1, y1 = data(7)
    x2, y2 = d.batches(s, 16, seed=0)(7)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    x3, _ = d.batches(s, 16, seed=1)(7)
    assert x3.shape != x1.shape or not np.array_equal(x3, x1)


def test_padded_batches_for_the_per_position_network():
    s = d.year_sentences(300, seed=4, **CHAPTER_TRAIN)
    x, y = d.batches(s, 32, seed=0, window=8)(3)
    assert x.shape == (8, 32, s.n_vocab) and y.shape == (32,)


def test_padded_right_pads_with_zero_vectors():
    s = d.year_sentences(100, seed=0, lengths=range(5, 9))
    x = d.padded(s, 10)
    assert x.shape == (10, 100, s.n_vocab)
    np.testing.assert_array_equal(x.sum(-1).sum(0), s.length)
    for j in range(len(s)):
        L = s.length[j]
        np.testing.assert_array_equal(x[:L, j].argmax(-1), s.ids[j])
        assert not x[L:, j].any()


def test_padded_raises_on_too_long_sentences():
    s = d.year_sentences(50, seed=0, lengths=range(5, 12))
    i = int(np.flatnonzero(s.length > 8)[0])
    with pytest.raises(ValueError, match=rf"sentence {i} .* of length {s.length[i]}, wanted length at most window = 8"):
        d.padded(s, 8)


def test_subset():
    s = d.year_sentences(100, seed=0)
    sub = s.subset(s.position == 0)
    assert len(sub) == int((s.position == 0).sum()) and set(sub.position) == {0}
    assert sub.tokens[0] == s.tokens[int(np.flatnonzero(s.position == 0)[0])]
