"""Chapter 8's exercise checks: a wrong answer never passes."""

import numpy as np

from ...exercises import check

__all__ = ["check_param_count", "check_weights", "WEIGHTS_CASE"]

#: Exercise 2's scores e(j) for a source of five positions whose last two are padding.
WEIGHTS_CASE = (np.array([1.0, 3.0, 0.0, 9.0, 9.0]), np.array([True, True, True, False, False]))


def check_param_count(n):
    """Exercise 1: the number of parameters of AttentionSeq2Seq(34, 13, 8) (bidirectional, A = H)."""
    n_src, n_tgt, n_hidden = 34, 13, 8
    h, d = n_hidden, 2 * n_hidden
    enc = 2 * (h * n_src + h * h + h)
    att = h * h + h * d + h
    dec = h * n_tgt + h * h + h * d + h
    out = n_tgt * h + n_tgt
    right = enc + att + dec + out
    return check(f"Parameters of AttentionSeq2Seq({n_src}, {n_tgt}, {n_hidden})", n, [
        (lambda v: v != enc // 2 + att - h * d + h * h + dec - h * d + h * h + out,
         "that is the unidirectional model: the bidirectional one has a second encoder (U_bwd, W_bwd, b_bwd) and "
         "its h(j) has 2H numbers, so U_a and Z have 2H columns"),
        (lambda v: v != enc // 2 + dec - h * d + h * h + out,
         "that is about the plain encoder-decoder's count: add the attention (W_a, U_a, v) and the backward encoder"),
        (lambda v: v != right - out, "add the output layer V (n_tgt × H) and c (n_tgt)"),
        (lambda v: v != right - att, "add the attention layer: W_a (A × H), U_a (A × 2H), v (A), with A = H"),
        (lambda v: v == right, "count each matrix of the docstring of rl.AttentionSeq2Seq: two encoders, W_a, U_a, v, "
         "U_dec, W_dec, Z, b_dec, V, c"),
    ], f"2 × ({h}·{n_src} + {h}² + {h}) + ({h}² + {h}·{d} + {h}) + ({h}·{n_tgt} + {h}² + {h}·{d} + {h}) + "
       f"({n_tgt}·{h} + {n_tgt}) = {right:,}", expect="integer")


def check_weights(fn):
    """Exercise 2: ``fn(e, mask)`` returns the attention weights α: softmax of e over the unpadded positions, 0 at
    padding (``e`` (n_x,) scores, ``mask`` (n_x,) bool, True for a word)."""
    e, mask = WEIGHTS_CASE
    want = np.where(mask, np.exp(e - e[mask].max()), 0.0)
    want /= want.sum()
    if not callable(fn):                   # TODO (None): not attempted; anything else: not a function
        return check("Masked softmax", fn, [(lambda v: False, "give a function my_weights(e, mask)")],
                     "a function", expect="function")
    try:
        got = np.asarray(fn(e.copy(), mask.copy()), dtype=float)
    except Exception as exc:  # noqa: BLE001 -- the reader's code failed: the check reports it as a hint
        got = exc
    plain = np.exp(e) / np.exp(e).sum()

    def same(v, w):
        return isinstance(v, np.ndarray) and v.shape == w.shape and bool(np.allclose(v, w, atol=1e-9))

    return check("Masked softmax", got, [
        (lambda v: isinstance(v, np.ndarray) and v.shape == (5,) and bool(np.all(np.isfinite(v))),
         "my_weights should return 5 finite numbers, one per source position (did it raise?)"),
        (lambda v: not same(v, plain), "that is the softmax over all five positions: the padded ones (scores 9.0) "
         "took most of the weight; leave them out of the softmax"),
        (lambda v: bool(abs(v.sum() - 1) < 1e-9), "the weights should sum to 1 over the words"),
        (lambda v: bool(np.all(v[~mask] == 0)), "padded positions should get weight 0 exactly"),
        (lambda v: same(v, want), "exponentiate the scores of the words only, then divide by their sum"),
    ], "α = exp(e) / Σ exp(e) over the three words; the two padded positions get 0", expect="array")

