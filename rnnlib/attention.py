"""An encoder-decoder with additive attention (Bahdanau et al. 2015) and a bidirectional encoder (GBC 10.3).

The encoder reads x(1) .. x(n_x) in both directions with two tanh RNNs, each
step :func:`rnnlib.rnn.step` (eq. 10.8-10.9, written once in rnnlib)::

    forward    →h(j) = tanh(b_fwd + W_fwd →h(j-1) + U_fwd x(j)),    →h(0) = 0
    backward   ←h(j) = tanh(b_bwd + W_bwd ←h(j+1) + U_bwd x(j)),    ←h(n_x + 1) = 0
    h(j) = [→h(j); ←h(j)]          (D = 2H numbers; D = H and h(j) = →h(j) with ``bidirectional=False``)

Instead of one context C, the decoder reads at every step t its own weighted
average of *all* the h(j), with weights it computes from its previous state::

    e(t, j) = v · tanh(W_a s(t-1) + U_a h(j))                  (a score per source position)
    α(t, j) = exp e(t, j) / Σ_k exp e(t, k)                    (k over the unpadded positions only)
    c(t)    = Σ_j α(t, j) h(j)                                 (the context of step t, D numbers)
    s(t)    = tanh(b_dec + W_dec s(t-1) + U_dec y(t-1) + Z c(t)),      s(0) = 0
    o(t)    = c + V s(t),     ŷ(t) = softmax(o(t))

The decoder step is again :func:`rnnlib.rnn.step`, with b_dec + Z c(t) as its
bias. (The output bias ``c`` is the book's, eq. 10.10; the context c(t) has a
time index.) s(0) = 0: the first step's scores e(1, ·) depend on the source
alone, which is enough to find where the number begins.

Tokens, padding, teacher forcing, greedy and beam decoding are those of
:class:`rnnlib.Seq2Seq` (this class subclasses it and reuses its decoding
loops): id 0 pads either vocabulary, 1 and 2 start and end the target. A
padded source position gets α(t, j) = 0 exactly, and its encoder states (held
over padding as in ``Seq2Seq``) never reach the output.

Only loops over time appear; batch items and beam hypotheses are array axes.
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from ._model import Param
from .functional import _one_hot, log_softmax
from .rnn import step
from .seq2seq import END, PAD, START, Seq2Seq, _finite_logits, _loss_and_dlogits

__all__ = ["AttentionSeq2Seq", "AttentionTrace"]


@dataclass
class AttentionTrace:
    """What a teacher-forced pass computed (batch axis dropped for a single sequence).

    Attributes
    ----------
    h : ndarray (n_x, batch, D)          encoder states h(1) .. h(n_x), [→h; ←h] (D = 2H) or →h (D = H)
    s : ndarray (n_y, batch, H)          decoder states s(1) .. s(n_y)
    o : ndarray (n_y, batch, n_tgt)      logits o(1) .. o(n_y)
    y_in : int ndarray (n_y, batch)      decoder inputs: START, y(1) .. y(n_y - 1)
    alpha : ndarray (n_y, n_x, batch)    attention weights α(t, j); 0 at padded source positions
    context : ndarray (n_y, batch, D)    contexts c(1) .. c(n_y)
    """

    h: np.ndarray
    s: np.ndarray
    o: np.ndarray
    y_in: np.ndarray
    alpha: np.ndarray
    context: np.ndarray

    @property
    def y_hat(self):
        """ŷ(t) = softmax(o(t)), shape of ``o``."""
        return np.exp(log_softmax(self.o))


class AttentionSeq2Seq(Seq2Seq):
    """Encoder-decoder with a bidirectional encoder and additive attention (module docstring: the equations).

    Parameters
    ----------
    n_src, n_tgt : int
        Vocabulary sizes, special tokens included (as :class:`rnnlib.Seq2Seq`).
    n_hidden : int
        H: the size of each encoder direction's state and of the decoder state s(t).
    seed : int
        Seeds the initial parameters.
    bidirectional : bool
        True: h(j) = [→h(j); ←h(j)], D = 2H. False: the forward RNN only, h(j) = →h(j), D = H
        (the chapter's control: h(j) then knows only the words up to j).
    n_attn : int or None
        A, the size of the attention layer tanh(W_a s + U_a h); None: A = H.
    init_scale : float in (0, 1e4]
        Multiplies the default initialisation N(0, 1/fan_in) of the weight matrices.

    Attributes
    ----------
    params : dict[str, ndarray], float64
        U_fwd (H, n_src), W_fwd (H, H), b_fwd (H,): the forward encoder; U_bwd, W_bwd, b_bwd the same
        for the backward one (bidirectional only); W_a (A, H), U_a (A, D), v (A,): the attention;
        U_dec (H, n_tgt), W_dec (H, H), Z (H, D), b_dec (H,): the decoder's step (Z multiplies c(t));
        V (n_tgt, H), c (n_tgt,): its output.
    """

    _repr_extra = ("bidirectional",)

    def __init__(self, n_src, n_tgt, n_hidden, seed=0, bidirectional=True, n_attn=None, init_scale=1.0):
        self.bidirectional = _checks.boolean(bidirectional, "bidirectional")
        n_attn = n_hidden if n_attn is None else n_attn
        self._set_sizes(n_src=n_src, n_tgt=n_tgt, n_hidden=n_hidden, n_attn=n_attn)
        if self.n_src < 2:
            raise ValueError(f"n_src: got {n_src!r}, wanted an integer >= 2 (padding id 0 and at least one token)")
        if self.n_tgt < 4:
            raise ValueError(f"n_tgt: got {n_tgt!r}, wanted an integer >= 4 "
                             "(padding 0, start 1, end 2 and at least one token)")
        self._init_params(seed, init_scale)

    @property
    def n_memory(self):
        """D, the size of each encoder state h(j): 2H bidirectional, H otherwise."""
        return (2 if self.bidirectional else 1) * self.n_hidden

    def _param_spec(self):
        """Encoder (forward, backward), attention, decoder, output: in the order they are drawn."""
        s, t, h, a, d = self.n_src, self.n_tgt, self.n_hidden, self.n_attn, self.n_memory
        hh, dt = "(n_hidden, n_hidden)", "(n_hidden, D)" + (" = (n_hidden, 2 n_hidden)" if self.bidirectional else "")
        spec = {}
        for side in ("fwd", "bwd") if self.bidirectional else ("fwd",):
            spec.update({f"U_{side}": Param((h, s), "(n_hidden, n_src)", s), f"W_{side}": Param((h, h), hh, h),
                         f"b_{side}": Param((h,), "(n_hidden,)")})
        spec.update({"W_a": Param((a, h), "(n_attn, n_hidden)", h),
                     "U_a": Param((a, d), "(n_attn, D)" + (" = (n_attn, 2 n_hidden)" if self.bidirectional else ""),
                                  d),
                     "v": Param((a,), "(n_attn,)", a),
                     "U_dec": Param((h, t), "(n_hidden, n_tgt)", t), "W_dec": Param((h, h), hh, h),
                     "Z": Param((h, d), dt, d), "b_dec": Param((h,), "(n_hidden,)"),
                     "V": Param((t, h), "(n_tgt, n_hidden)", h), "c": Param((t,), "(n_tgt,)")})
        return spec

    # ----------------------------------------------------------------- encoder
    def _run(self, side, x, mask):
        """One direction of the encoder over time-first one-hot ``x`` (n_x, B, n_src), ``mask`` (n_x, B, 1).

        Returns h (n_x, B, H) (held over padding: h(t) = h(t-1)) and the step's outputs h_new before that.
        The backward direction is this loop over the time-reversed arrays.
        """
        p = self.params
        prm = {"U": p[f"U_{side}"], "W": p[f"W_{side}"], "b": p[f"b_{side}"]}
        h = np.empty(x.shape[:2] + (self.n_hidden,))
        h_new = np.empty_like(h)
        h_prev = np.zeros((x.shape[1], self.n_hidden))
        for t in range(x.shape[0]):
            h_new[t] = step(prm, x[t], h_prev, check=False)              # eq. 10.8-10.9
            h[t] = np.where(mask[t], h_new[t], h_prev)
            h_prev = h[t]
        return h, h_new

    def _encode(self, src):
        """Encoder on validated ids (n_x, B): h (n_x, B, D), and what the backward pass needs."""
        x = _one_hot(src, self.n_src)                                    # (n_x, B, n_src)
        mask = (src != PAD)[..., None]                                   # (n_x, B, 1)
        runs = {"fwd": self._run("fwd", x, mask)}
        if self.bidirectional:
            hb, hb_new = self._run("bwd", x[::-1], mask[::-1])
            runs["bwd"] = (hb[::-1], hb_new[::-1])                       # back in source order
        h = np.concatenate([runs[k][0] for k in runs], axis=-1) if self.bidirectional else runs["fwd"][0]
        return h, runs, mask, x

    def _run_back(self, side, x, mask, h, h_new, dh):
        """BPTT through one direction (arrays in the order that direction reads them).

        dh (n_x, B, H): the gradient reaching each h(t) from the attention. Going back in time::

            g(t) = dh(t) + [what h(t+1) passed back],   ∇a(t) = m(t) (1 − h_new(t)²) g(t),
            h(t-1) receives W ᵀ ∇a(t) + (1 − m(t)) g(t)      (m = 1 for a token, 0 for padding)
        """
        W = self.params[f"W_{side}"]
        da = np.empty_like(h)
        carry = np.zeros(h.shape[1:])
        for t in range(h.shape[0] - 1, -1, -1):
            g = dh[t] + carry
            da[t] = mask[t] * g * (1.0 - h_new[t] ** 2)
            carry = da[t] @ W + (1.0 - mask[t]) * g
        h_prev = np.concatenate([np.zeros((1,) + h.shape[1:]), h[:-1]])
        return {f"U_{side}": _flat(da).T @ _flat(x), f"W_{side}": _flat(da).T @ _flat(h_prev),
                f"b_{side}": da.sum(axis=(0, 1))}

    # --------------------------------------------------------------- attention
    def _attend(self, memory, s_prev):
        """Scores, weights and context for decoder states s(t-1).

        memory : (h, Uh, mask) with h (n_x, B, [1,] D), Uh = U_a h (n_x, B, [1,] A), mask bool (n_x, B[, 1])
        s_prev : (B, [k,] H)
        Returns pre = tanh(W_a s(t-1) + U_a h(j)) (n_x, B, [k,] A), α (n_x, B[, k]), c(t) (B, [k,] D).
        """
        h, Uh, mask = memory
        pre = np.tanh(Uh + s_prev @ self.params["W_a"].T)
        e = np.where(mask, pre @ self.params["v"], -np.inf)              # e(t, j); padding: −∞
        e = np.exp(e - e.max(axis=0))                                    # every column has a token
        alpha = e / e.sum(axis=0)
        return pre, alpha, (alpha[..., None] * h).sum(axis=0)

    def _memory(self, src, beam=False):
        h = self._encode(src)[0]
        Uh = h @ self.params["U_a"].T
        mask = src != PAD
        if beam:                                                         # one memory for a beam's k hypotheses
            return (h[:, :, None], Uh[:, :, None], mask[..., None]), h
        return (h, Uh, mask), h

    def _dec_step_params(self, context):
        p = self.params
        return {"U": p["U_dec"], "W": p["W_dec"], "b": p["b_dec"] + context @ p["Z"].T}

    # ------------------------------------------------ decoding (Seq2Seq's loops)
    def _decoding(self, src, beam=False):
        """(memory, s(0) = 0) for :meth:`rnnlib.Seq2Seq.greedy` and :meth:`rnnlib.Seq2Seq.beam`."""
        memory = self._memory(src, beam)[0]
        return memory, np.zeros((src.shape[1], self.n_hidden))

    def _dec_step(self, memory, y, s_prev):
        """Attend with s(t-1), then one decoder step: (s(t), o(t)) for ids y(t-1) (B,) or (B, k)."""
        context = self._attend(memory, s_prev)[2]
        s = step(self._dec_step_params(context), _one_hot(y, self.n_tgt), s_prev, check=False)
        return s, _finite_logits(s @ self.params["V"].T + self.params["c"])

    # ----------------------------------------------------------------- forward
    def _forward(self, src, tgt):
        p = self.params
        h, runs, mask, x = self._encode(src)
        Uh = h @ p["U_a"].T                                              # U_a h(j), once per sequence
        memory = (h, Uh, src != PAD)
        n_y, B = tgt.shape
        n_x = src.shape[0]
        y_in = np.concatenate([np.full((1, B), START), tgt[:-1]])
        y_in = np.where(y_in == PAD, END, y_in)                          # after END: any id, the loss ignores it
        yx = _one_hot(y_in, self.n_tgt)
        s = np.empty((n_y, B, self.n_hidden))
        pre = np.empty((n_y, n_x, B, self.n_attn))
        alpha = np.empty((n_y, n_x, B))
        ctx = np.empty((n_y, B, self.n_memory))
        s_prev = np.zeros((B, self.n_hidden))                            # s(0) = 0
        for t in range(n_y):
            pre[t], alpha[t], ctx[t] = self._attend(memory, s_prev)
            s[t] = step(self._dec_step_params(ctx[t]), yx[t], s_prev, check=False)   # eq. 10.8-10.9
            s_prev = s[t]
        o = _finite_logits(s @ p["V"].T + p["c"])
        return {"h": h, "runs": runs, "mask": mask, "x": x, "s": s, "pre": pre, "alpha": alpha, "ctx": ctx,
                "o": o, "y_in": y_in, "yx": yx}

    def forward(self, src, tgt):
        """Teacher-forced pass: encode ``src``, decode reading the true previous tokens of ``tgt``.

        src : int ndarray (n_x, batch) or (n_x,);  tgt : int ndarray (n_y, batch) or (n_y,), each column
        ending with END (then padding). Returns an :class:`AttentionTrace`; feeding ``tgt`` = the
        model's own greedy output (plus END) gives the states and weights of free-running decoding.
        """
        self._check_params()
        src, single = self._src(src)
        tgt = self._tgt(tgt, src.shape[1], single)
        f = self._forward(src, tgt)
        trace = AttentionTrace(h=f["h"], s=f["s"], o=f["o"], y_in=f["y_in"], alpha=f["alpha"], context=f["ctx"])
        if single:
            trace = AttentionTrace(h=trace.h[:, 0], s=trace.s[:, 0], o=trace.o[:, 0], y_in=trace.y_in[:, 0],
                                   alpha=trace.alpha[:, :, 0], context=trace.context[:, 0])
        return trace

    def attention(self, src, tgt):
        """α(t, j), teacher-forced: (n_y, n_x, batch), or (n_y, n_x) for a single sequence.

        Each α(t, ·) sums to 1 over the unpadded source positions and is 0 at padded ones.
        """
        return self.forward(src, tgt).alpha

    def _logits(self, src, tgt):
        """The teacher-forced logits o(1..n_y) for Seq2Seq's log_prob (encode is Seq2Seq's too)."""
        return self._forward(src, tgt)["o"]

    # ---------------------------------------------------------------- backward
    def loss_and_grads(self, src, tgt):
        """Teacher-forced loss and its gradient by BPTT through decoder, attention and both encoder directions.

        src : int ndarray (n_x, batch) or (n_x,), padded with 0;  tgt : int ndarray (n_y, batch) or (n_y,),
        each column: tokens, END, then padding 0. Returns (loss, grads): loss is Σ over non-padded steps of
        −log ŷ(t)[y(t)], averaged over the batch; grads has the keys and shapes of ``params``.

        Notes
        -----
        Back through the decoder, with ∇o(t) = ŷ(t) − onehot(y(t)) (zero at padding)::

            ∇s(t) = Vᵀ ∇o(t) + W_decᵀ ∇a(t+1) + W_aᵀ ∇q(t+1),     ∇a(t) = (1 − s(t)²) ∇s(t)
            ∇c(t) = Zᵀ ∇a(t);   ∇α(t, j) = h(j) · ∇c(t);   ∇h(j) += α(t, j) ∇c(t)
            ∇e(t, j) = α(t, j) (∇α(t, j) − Σ_k α(t, k) ∇α(t, k))            (the softmax; 0 at padding)
            ∇pre(t, j) = ∇e(t, j) v ⊙ (1 − pre(t, j)²),   ∇q(t) = Σ_j ∇pre(t, j),   ∇h(j) += U_aᵀ Σ_t ∇pre(t, j)

        with q(t) = W_a s(t-1). Then each encoder direction is back-propagated from the ∇h(j) of its half
        (:meth:`_run_back`), the backward one in reversed time.
        """
        p = self._check_params()
        src, single = self._src(src)
        tgt = self._tgt(tgt, src.shape[1], single)
        f = self._forward(src, tgt)
        s, alpha, pre, ctx, h = f["s"], f["alpha"], f["pre"], f["ctx"], f["h"]
        n_y, B = tgt.shape

        loss, do = _loss_and_dlogits(f["o"], tgt)                        # (n_y, B, n_tgt), 0 at padding

        Vdo = do @ p["V"]                                                # (n_y, B, H)
        da = np.empty_like(s)
        dq = np.empty((n_y, B, self.n_attn))
        dpre_sum = np.zeros_like(f["pre"][0])                            # Σ_t ∇pre(t, j), (n_x, B, A)
        dv = np.zeros(self.n_attn)
        dh = np.zeros_like(h)
        carry = np.zeros((B, self.n_hidden))                             # W_decᵀ ∇a(t+1) + W_aᵀ ∇q(t+1)
        for t in range(n_y - 1, -1, -1):
            da[t] = (Vdo[t] + carry) * (1.0 - s[t] ** 2)
            dc = da[t] @ p["Z"]                                          # ∇c(t), (B, D)
            dh += alpha[t][..., None] * dc
            dalpha = (h * dc).sum(axis=-1)                               # (n_x, B)
            de = alpha[t] * (dalpha - (alpha[t] * dalpha).sum(axis=0))
            dpre = de[..., None] * p["v"] * (1.0 - pre[t] ** 2)          # (n_x, B, A)
            dv += np.einsum("jb,jba->a", de, pre[t])
            dpre_sum += dpre
            dq[t] = dpre.sum(axis=0)
            carry = da[t] @ p["W_dec"] + dq[t] @ p["W_a"]
        dh += dpre_sum @ p["U_a"]
        s_prev = np.concatenate([np.zeros((1, B, self.n_hidden)), s[:-1]])

        grads = {}
        runs, mask, x, H = f["runs"], f["mask"], f["x"], self.n_hidden
        hf, hf_new = runs["fwd"]
        grads.update(self._run_back("fwd", x, mask, hf, hf_new, dh[..., :H]))
        if self.bidirectional:
            hb, hb_new = runs["bwd"]
            grads.update(self._run_back("bwd", x[::-1], mask[::-1], hb[::-1], hb_new[::-1], dh[::-1, :, H:]))
        grads.update({
            "W_a": _flat(dq).T @ _flat(s_prev), "U_a": _flat(dpre_sum).T @ _flat(h), "v": dv,
            "U_dec": _flat(da).T @ _flat(f["yx"]), "W_dec": _flat(da).T @ _flat(s_prev),
            "Z": _flat(da).T @ _flat(ctx), "b_dec": da.sum(axis=(0, 1)),
            "V": _flat(do).T @ _flat(s), "c": do.sum(axis=(0, 1)),
        })
        return loss, {k: grads[k] for k in p}


def _flat(a):
    """(..., n) → (rows, n): the time and batch axes as one, for one product over all steps."""
    return a.reshape(-1, a.shape[-1])
