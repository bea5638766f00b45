"""rnnlib.data's number task (chapter 6): words, vocabularies, padded batches, seeded sampling, bad input."""

import numpy as np
import pytest

import rnnlib as rl
from rnnlib import data
from rnnlib.seq2seq import END, PAD, START


@pytest.mark.parametrize("n,words", [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (20, "twenty"), (45, "forty five"),
    (100, "one hundred"), (312, "three hundred and twelve"), (1000, "one thousand"),
    (1005, "one thousand and five"), (1500, "one thousand five hundred"),
    (45007, "forty five thousand and seven"), (99999, "ninety nine thousand nine hundred and ninety nine"),
    (20310, "twenty thousand three hundred and ten"),
])
def test_number_words(n, words):
    assert " ".join(data.number_words(n)) == words


def test_every_number_has_a_distinct_sentence_of_at_most_8_known_words():
    sentences = {" ".join(data.number_words(n)) for n in range(0, data.NUMBER_MAX + 1, 7)}
    assert len(sentences) == len(range(0, data.NUMBER_MAX + 1, 7))
    words = {w for s in sentences for w in s.split()}
    assert words <= set(data.NUMBER_SOURCE_VOCAB[3:])
    assert max(len(s.split()) for s in sentences) == 8


def test_vocabularies_share_the_special_ids_of_seq2seq():
    for vocab in (data.NUMBER_SOURCE_VOCAB, data.NUMBER_TARGET_VOCAB):
        assert vocab[PAD] == "<pad>" and vocab[START] == "<s>" and vocab[END] == "</s>"
        assert len(set(vocab)) == len(vocab)
    assert data.NUMBER_TARGET_VOCAB[3:] == tuple("0123456789")


def test_batches_are_padded_time_first_and_end_with_end():
    pairs = data.number_pairs(50, seed=1)
    src, tgt = pairs.batch()
    assert src.shape == (pairs.src_length.max(), 50) and tgt.shape == (pairs.tgt_length.max(), 50)
    for j in range(50):
        n, m = pairs.src_length[j], pairs.tgt_length[j]
        assert [data.NUMBER_SOURCE_VOCAB[i] for i in src[:n, j]] == pairs.words[j]
        assert (src[n:, j] == PAD).all() and (src[:n, j] >= 3).all()
        assert data.digits_text(tgt[:, j]) == str(pairs.values[j])
        assert tgt[m - 1, j] == END and (tgt[m:, j] == PAD).all()
    rev, _ = pairs.batch(reverse=True)
    for j in range(50):
        n = pairs.src_length[j]
        assert (rev[:n, j] == src[:n, j][::-1]).all() and (rev[n:, j] == PAD).all()
    # the batch is what Seq2Seq wants
    model = rl.Seq2Seq(len(data.NUMBER_SOURCE_VOCAB), len(data.NUMBER_TARGET_VOCAB), 4)
    loss, _ = model.loss_and_grads(src, tgt)
    assert np.isfinite(loss)


def test_sampling_is_seeded_distinct_and_respects_lengths_and_exclusions():
    a = data.number_pairs(300, seed=3, lengths=range(1, 7))
    b = data.number_pairs(300, seed=3, lengths=range(1, 7))
    assert np.array_equal(a.values, b.values)
    assert len(set(a.values.tolist())) == 300
    assert set(a.src_length) <= set(range(1, 7))
    assert (a.tgt_length == np.array([len(str(v)) + 1 for v in a.values])).all()
    held = data.number_pairs(200, seed=4, lengths=range(1, 7), exclude=a.values)
    assert not set(held.values.tolist()) & set(a.values.tolist())
    longer = data.number_pairs(100, seed=5, lengths=(7, 8))
    assert set(longer.src_length) <= {7, 8}
    values = data.number_pairs(2000, seed=6).values
    digits = np.array([len(str(v)) for v in values])
    assert set(range(10)) <= set(values.tolist())                  # each digit count is drawn as often
    assert all(np.mean(digits == d) > 0.15 for d in range(3, 6))   # (until all of its numbers are taken)
    sub = a.subset([2, 0])
    assert sub.values.tolist() == [a.values[2], a.values[0]] and sub.text(1) == a.text(0)


@pytest.mark.parametrize("call,exc,match", [
    (lambda: data.number_words(100_000), ValueError, r"n: got 100,000, wanted an integer in 0..99999"),
    (lambda: data.number_words(-1), ValueError, r"n: got -1"),
    (lambda: data.number_words(3.0), ValueError, r"n: got 3.0"),
    (lambda: data.number_pairs(0, seed=0), ValueError, r"n: got 0, wanted an integer"),
    (lambda: data.number_pairs(5, seed=-2), ValueError, r"seed: got -2"),
    (lambda: data.number_pairs(5, seed=0, max_digits=6), ValueError, r"max_digits: got 6, wanted an integer in 1..5"),
    (lambda: data.number_pairs(5, seed=0, lengths=[9]), ValueError, r"lengths: got 9, wanted an integer in 1..8"),
    (lambda: data.number_pairs(5, seed=0, lengths="12"), TypeError, r"lengths: got '12'"),
    (lambda: data.number_pairs(5, seed=0, lengths=[]), ValueError, r"lengths: got an empty collection"),
    (lambda: data.number_pairs(20, seed=0, max_digits=1), ValueError, r"n: got 20, wanted at most the 10 distinct"),
    (lambda: data.number_pairs(5, seed=0).batch([7]), ValueError, r"indices: got indices from 7 to 7, wanted 0..4"),
    (lambda: data.number_pairs(5, seed=0).batch([]), ValueError, r"indices: got shape \(0,\)"),
    (lambda: data.number_pairs(5, seed=0).batch([0.5]), ValueError, r"indices: got shape \(1,\) of dtype float64"),
    (lambda: data.digits_text([3, 99]), ValueError, r"ids: got labels from 3 to 99, wanted labels in 0..12"),
    (lambda: data.digits_text("345"), TypeError, r"ids: got '345', wanted a list of target ids"),
    (lambda: data.digits_text([3.0, 4.0]), ValueError, r"ids: got dtype float64"),
    (lambda: data.digits_text([[3, 4]]), ValueError, r"ids: got shape \(1, 2\), wanted a 1-d list"),
    (lambda: data.number_pairs(5, seed=0).text(100), ValueError,
     r"i: got 100, wanted an integer in 0..4 \(there are 5"),
    (lambda: data.number_pairs(5, seed=0).text(-1), ValueError, r"i: got -1"),
    (lambda: data.number_pairs(5, seed=0).text(1.0), TypeError, r"i: got 1.0"),
    (lambda: data.number_pairs(5, seed=0).batch(reverse="no"), TypeError, r"reverse: got 'no', wanted True or False"),
    (lambda: data.number_pairs(5, seed=0, exclude=[1.5]), TypeError, r"exclude: got 1.5 among its values"),
    (lambda: data.number_pairs(5, seed=0, exclude=[True]), TypeError, r"exclude: got True among its values"),
    (lambda: data.number_pairs(5, seed=0, exclude="12"), TypeError, r"exclude: got '12'"),
    (lambda: data.number_pairs(5, seed=1.7), TypeError, r"seed: got 1.7"),
    (lambda: data.number_pairs(5, seed=True), TypeError, r"seed: got True"),
    (lambda: data.number_pairs_by_length(0, seed=0), ValueError, r"n: got 0"),
    (lambda: data.number_pairs_by_length(10**6, seed=0), ValueError, r"n: got 1,000,000, wanted an integer in "
     r"1..20000 \(pairs per word count\)"),
    (lambda: data.number_pairs_by_length(5, seed=1.7), TypeError, r"seed: got 1.7"),
    (lambda: data.number_pairs_by_length(5, seed=0, lengths=[0]), ValueError, r"lengths: got 0"),
    (lambda: data.number_pairs_by_length(5, seed=0, lengths=[1], exclude=range(100)), ValueError,
     r"exclude: got every number of \[1\] words"),
    (lambda: data.number_pairs_by_length(5, seed=0, exclude=[2.5]), TypeError, r"exclude: got 2.5"),
])
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_pairs_balanced_by_length_draw_uniformly_within_each_length():
    a = data.number_pairs_by_length(50, seed=1, lengths=range(1, 9))
    counts = {n: int((a.src_length == n).sum()) for n in range(1, 9)}
    assert counts == {1: 28, 2: 50, 3: 50, 4: 50, 5: 50, 6: 50, 7: 50, 8: 50}   # one word: all 28 numbers
    assert len(set(a.values.tolist())) == len(a)
    assert all(len(data.number_words(int(v))) == n for v, n in zip(a.values, a.src_length))
    b = data.number_pairs_by_length(50, seed=1, lengths=range(1, 9))
    assert np.array_equal(a.values, b.values)
    c = data.number_pairs_by_length(20, seed=2, lengths=[4, 8], exclude=a.values)
    assert not set(c.values.tolist()) & set(a.values.tolist()) and set(c.src_length.tolist()) == {4, 8}
    # uniform within a length: 3-digit numbers are 243 of the 1,215 four-word numbers (20 %)
    four = data.number_pairs_by_length(1000, seed=3, lengths=[4]).values
    assert 0.15 < np.mean(four < 1000) < 0.25
    # the vectorised word counts agree with number_words
    from rnnlib.data.numbers import _word_counts_of_all
    sample = np.r_[0:1200, 9990:10200, np.random.default_rng(0).integers(0, 100_000, 3000), 99_999]
    assert all(_word_counts_of_all()[v] == len(data.number_words(int(v))) for v in sample)


def test_digits_text_reads_ids_up_to_the_end_token():
    assert data.digits_text([5, 6, 2, 7]) == "23"
    assert data.digits_text(np.array([3, 12])) == "09"
    assert data.digits_text([]) == ""
