"""An encoder-decoder (sequence to sequence) network, Goodfellow et al. section 10.4.

The encoder is a hidden-to-hidden RNN that reads x(1) .. x(n_x); its last
state is the context C (figure 10.12). The decoder is a second RNN, with its
own parameters, that generates y(1) .. y(n_y) one token at a time, each step
reading the token it emitted before. n_x and n_y need not be equal: the
decoder stops when it emits the end token (section 10.2.4), so the model
chooses n_y itself.

Both halves compute their states with :func:`rnnlib.rnn.step`, the one place
rnnlib writes eq. 10.8-10.9::

    encoder   h(t) = tanh(b_enc + W_enc h(t-1) + U_enc x(t)),        h(0) = 0
              C    = h(n_x)
    decoder   s(t) = tanh(b_dec + Z C + W_dec s(t-1) + U_dec y(t-1)), s(0) = C
              o(t) = c + V s(t),     ŷ(t) = softmax(o(t))

x(t) and y(t-1) enter as one-hot vectors; y(0) is the start token.

**Why C goes in twice** (as Cho et al. 2014 do). As the initial state s(0),
C sets where the decoder starts, but the decoder's own recurrence then
overwrites it step by step, like any state that has to carry several things
at once (what was read, what has been written so far). As an input at every
step, through Z, C reaches every s(t) in one hop: the decoder can always
look the input up again, and its state is free to track its progress through
the output. Because C is fixed while the decoder runs, Z C is computed once
per sequence and acts as a per-sequence bias b_dec + Z C.

Tokens and padding
------------------
In the target vocabulary id ``PAD = 0`` is padding, ``START = 1`` the start
token and ``END = 2`` the end token; in the source vocabulary id 0 is padding.
A batch of sequences of different lengths is one int array padded with 0:

* ``src`` (n_x, batch): a padding step leaves the encoder's state unchanged,
  h(t) = h(t-1), so C is the state after the last real token, wherever the
  padding stands (usually at the end).
* ``tgt`` (n_y, batch): each column is its tokens, then END, then padding.
  Padded positions add nothing to the loss (and, coming after END, do not
  influence the positions before them).

Training uses teacher forcing (section 10.2.1): the decoder's input at step t
is the true y(t-1), so the loss is a sum over positions of
−log p(y(t) | y(1..t-1), x), summed over the decoder's steps and averaged over
the batch; :meth:`Seq2Seq.loss_and_grads` computes its gradient by
hand-written back-propagation through the decoder, into C, and back through
the encoder. At prediction time no true tokens exist: :meth:`Seq2Seq.greedy`
feeds back the most likely token, :meth:`Seq2Seq.beam` keeps the ``width``
best partial outputs. Beam scores are **not length-normalised**: a
hypothesis's score is Σ_t log ŷ(t)[y(t)] over its tokens, including the end
token once it has emitted it, exactly −(its loss).

Only loops over time appear; batch items (and beam hypotheses) are array axes.
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from ._model import MAX_PARAMS, Model, Param  # noqa: F401  (MAX_PARAMS: the limit, rnnlib.seq2seq.MAX_PARAMS)
from .functional import _log_softmax, _one_hot, log_softmax
from .rnn import step

__all__ = ["Seq2Seq", "Seq2SeqTrace", "BeamSearch", "PAD", "START", "END"]

PAD, START, END = 0, 1, 2
MAX_WIDTH = 256      # beam widths above this are refused
MAX_LEN = 1000       # decoding lengths above this are refused


@dataclass
class Seq2SeqTrace:
    """What a teacher-forced pass computed (batch axis dropped for a single sequence).

    Attributes
    ----------
    h : ndarray (n_x, batch, H)      encoder states h(1) .. h(n_x) (held over padding)
    C : ndarray (batch, H)           the context, h(n_x)
    s : ndarray (n_y, batch, H)      decoder states s(1) .. s(n_y)
    o : ndarray (n_y, batch, n_tgt)  logits o(1) .. o(n_y)
    y_in : int ndarray (n_y, batch)  decoder inputs: START, y(1) .. y(n_y - 1)
    """

    h: np.ndarray
    C: np.ndarray
    s: np.ndarray
    o: np.ndarray
    y_in: np.ndarray

    @property
    def y_hat(self):
        """ŷ(t) = softmax(o(t)), shape of ``o``."""
        return np.exp(log_softmax(self.o))


@dataclass
class BeamSearch:
    """The whole search of :meth:`Seq2Seq.beam`, for drawing it (batch axis kept).

    Attributes
    ----------
    tokens : int ndarray (L, batch, width)    token chosen by hypothesis k at step l+1
    parents : int ndarray (L, batch, width)   which hypothesis of step l it extends
    scores : ndarray (L, batch, width)        its score, Σ log-probabilities so far (−inf: none)
    finished : bool ndarray (L, batch, width) it has emitted END (at this step or before)
    best : int ndarray (batch,)               index of the returned hypothesis at the last step
    pruned_tokens, pruned_parents, pruned_scores : ndarray (L, batch, width) or None
        The ``width`` best extensions at step l+1 that were **not** kept (the
        runners-up, best first; score −inf where there were fewer): what the
        beam cut off.
    """

    tokens: np.ndarray
    parents: np.ndarray
    scores: np.ndarray
    finished: np.ndarray
    best: np.ndarray
    pruned_tokens: np.ndarray = None
    pruned_parents: np.ndarray = None
    pruned_scores: np.ndarray = None

    def path(self, b, k, step=None):
        """Tokens of hypothesis ``k`` of column ``b`` after ``step`` steps (default all), END included.

        b : int, 0 .. batch-1;  k : int, 0 .. width-1;  step : int, 0 .. L (the number of steps searched).
        """
        L, B, width = self.tokens.shape
        b = _checks.integer(b, "b", 0, B - 1, f" (the search has {B} column{'s' if B != 1 else ''})")
        k = _checks.integer(k, "k", 0, width - 1, f" (the beam has width {width})")
        L = L if step is None else _checks.integer(step, "step", 0, L, f" (the search ran {L} steps)")
        out = []
        for lvl in range(L - 1, -1, -1):
            out.append(int(self.tokens[lvl, b, k]))
            k = int(self.parents[lvl, b, k])
        out = out[::-1]
        return out[:out.index(END) + 1] if END in out else out



def _loss_and_dlogits(o, tgt):
    """Teacher-forced loss and ∇o for logits ``o`` (n_y, B, n_tgt) and targets ``tgt`` (n_y, B).

    loss = −Σ_t log ŷ(t)[y(t)] over the non-padded steps, averaged over the B columns;
    ∇o(t) = (ŷ(t) − onehot(y(t))) / B (eq. 10.18), zero where y(t) is the padding id.
    Shared by Seq2Seq and chapter 8's AttentionSeq2Seq.
    """
    B = tgt.shape[1]
    logp = log_softmax(o)
    keep = tgt != PAD
    loss = -float(np.take_along_axis(logp, tgt[..., None], axis=-1)[..., 0][keep].sum()) / B
    do = np.exp(logp)
    np.put_along_axis(do, tgt[..., None], np.take_along_axis(do, tgt[..., None], axis=-1) - 1.0, axis=-1)
    do *= keep[..., None] / B
    return loss, do

class Seq2Seq(Model):
    """Encoder-decoder of two tanh RNNs (see the module docstring for the equations).

    Parameters
    ----------
    n_src, n_tgt : int
        Source and target vocabulary sizes, special tokens included
        (source: id 0 is padding; target: 0 padding, 1 start, 2 end).
    n_hidden : int
        Size H of the encoder state h(t), the context C and the decoder state s(t).
    seed : int
        Seeds the initial parameters.
    init_scale : float in (0, 1e4]
        Multiplies the default initialisation N(0, 1/fan_in) of the weight matrices.

    Attributes
    ----------
    params : dict[str, ndarray], float64
        U_enc (H, n_src), W_enc (H, H), b_enc (H,): the encoder;
        U_dec (H, n_tgt), W_dec (H, H), Z (H, H), b_dec (H,): the decoder's
        step (Z multiplies C); V (n_tgt, H), c (n_tgt,): its output.
    pad, start, end : int
        Token ids 0, 1, 2 (``pad`` in both vocabularies, start and end in the target one).
    """

    pad, start, end = PAD, START, END

    def __init__(self, n_src, n_tgt, n_hidden, seed=0, init_scale=1.0):
        self._set_sizes(n_src=n_src, n_tgt=n_tgt, n_hidden=n_hidden)
        if self.n_src < 2:
            raise ValueError(f"n_src: got {n_src!r}, wanted an integer >= 2 (padding id 0 and at least one token)")
        if self.n_tgt < 4:
            raise ValueError(f"n_tgt: got {n_tgt!r}, wanted an integer >= 4 "
                             "(padding 0, start 1, end 2 and at least one token)")
        self._init_params(seed, init_scale)

    def _param_spec(self):
        """The encoder's, then the decoder's parameters, in the order they are drawn (:class:`rnnlib._model.Model`)."""
        s, t, h = self.n_src, self.n_tgt, self.n_hidden
        hh = "(n_hidden, n_hidden)"
        return {"U_enc": Param((h, s), "(n_hidden, n_src)", s), "W_enc": Param((h, h), hh, h),
                "b_enc": Param((h,), "(n_hidden,)"),
                "U_dec": Param((h, t), "(n_hidden, n_tgt)", t), "W_dec": Param((h, h), hh, h),
                "Z": Param((h, h), hh, h), "b_dec": Param((h,), "(n_hidden,)"),
                "V": Param((t, h), "(n_tgt, n_hidden)", h), "c": Param((t,), "(n_tgt,)")}

    def _src(self, src):
        """Validate ``src`` → (int (n_x, B), single)."""
        arr = _checks.as_array(src, "src", "(n_x, batch) or (n_x,) integer token ids")
        if arr.ndim not in (1, 2):
            raise ValueError(f"src: got {_checks._describe(arr)}, wanted (n_x, batch) or (n_x,) token ids")
        single = arr.ndim == 1
        shape_text = "(n_x,)" if single else "(n_x, batch)"
        if arr.shape[0] == 0 or (not single and arr.shape[1] == 0):
            raise ValueError(f"src: got {_checks._describe(arr)}, wanted {shape_text} with n_x ≥ 1"
                             + ("" if single else " and batch ≥ 1"))
        arr = _checks.int_labels(arr, "src", self.n_src, arr.shape, shape_text)
        arr = arr[:, None] if single else arr
        empty = np.flatnonzero((arr == PAD).all(axis=0))
        if empty.size:
            raise ValueError(f"src: got column {int(empty[0])} made only of padding (id {PAD}), "
                             "wanted at least one token per column")
        return arr, single

    def _tgt(self, tgt, batch, single):
        """Validate ``tgt`` → int (n_y, B): tokens, one END, then padding only."""
        arr = _checks.as_array(tgt, "tgt", "(n_y, batch) or (n_y,) integer token ids")
        shape_text = "(n_y,)" if single else f"(n_y, batch={batch})"
        if arr.ndim != (1 if single else 2) or arr.shape[0] == 0 or (not single and arr.shape[1] != batch):
            raise ValueError(f"tgt: got {_checks._describe(arr)}, wanted {shape_text} with n_y ≥ 1 "
                             "(one column per column of src)")
        arr = _checks.int_labels(arr, "tgt", self.n_tgt, arr.shape, shape_text)
        arr = arr[:, None] if single else arr
        n_end = (arr == END).sum(axis=0)
        bad = np.flatnonzero(n_end != 1)
        if bad.size:
            j = int(bad[0])
            raise ValueError(f"tgt: got column {j} with {int(n_end[j])} end tokens (id {END}), wanted each column "
                             f"to be its tokens, one end token, then padding (id {PAD})")
        t = np.arange(arr.shape[0])[:, None]
        end_at = np.argmax(arr == END, axis=0)
        wrong = ((t < end_at) & (arr == PAD)) | ((t > end_at) & (arr != PAD)) | (arr == START)
        if wrong.any():
            step_, j = (int(i) for i in np.argwhere(wrong)[0])
            raise ValueError(f"tgt: got id {int(arr[step_, j])} at position {step_ + 1} of column {j}, wanted "
                             f"each column to be its tokens (not start {START} or padding {PAD}), "
                             f"one end token {END}, then padding {PAD} only")
        return arr

    # ----------------------------------------------------------------- forward
    def _encode(self, src):
        """Encoder on validated ids (n_x, B): states h (n_x, B, H), pre-padding states and mask."""
        p = self.params
        enc = {"U": p["U_enc"], "W": p["W_enc"], "b": p["b_enc"]}
        n_x, B = src.shape
        x = _one_hot(src, self.n_src)                        # (n_x, B, n_src); src validated by _src
        mask = (src != PAD)[..., None]                       # (n_x, B, 1)
        h = np.empty((n_x, B, self.n_hidden))
        h_new = np.empty_like(h)
        h_prev = np.zeros((B, self.n_hidden))                # h(0)
        for t in range(n_x):
            h_new[t] = step(enc, x[t], h_prev, check=False)               # eq. 10.8-10.9
            h[t] = np.where(mask[t], h_new[t], h_prev)       # padding: h(t) = h(t-1)
            h_prev = h[t]
        return h, h_new, mask, x

    def _decoder(self, C):
        """The decoder's step parameters for context C (B, H): b_dec + Z C is a per-sequence bias."""
        p = self.params
        return {"U": p["U_dec"], "W": p["W_dec"], "b": p["b_dec"] + C @ p["Z"].T}

    def _forward(self, src, tgt):
        p = self.params
        h, h_new, mask, x = self._encode(src)
        C = h[-1]
        dec = self._decoder(C)
        n_y, B = tgt.shape
        y_in = np.concatenate([np.full((1, B), START), tgt[:-1]])
        y_in = np.where(y_in == PAD, END, y_in)              # after END: any id, the loss ignores it
        yx = _one_hot(y_in, self.n_tgt)                      # (n_y, B, n_tgt); tgt validated by _tgt
        s = np.empty((n_y, B, self.n_hidden))
        s_prev = C                                           # s(0) = C
        for t in range(n_y):
            s[t] = step(dec, yx[t], s_prev, check=False)                  # eq. 10.8-10.9, C as a bias
            s_prev = s[t]
        o = _finite_logits(s @ p["V"].T + p["c"])           # (n_y, B, n_tgt); overflow blames params
        return h, h_new, mask, x, C, s, o, y_in, yx

    def forward(self, src, tgt):
        """Teacher-forced pass: encode ``src``, decode reading the true previous tokens of ``tgt``.

        Parameters
        ----------
        src : int ndarray (n_x, batch) or (n_x,)
        tgt : int ndarray (n_y, batch) or (n_y,), each column ending with END (then padding)

        Returns
        -------
        Seq2SeqTrace
            Feeding ``tgt`` = the model's own greedy output (plus END) gives the
            free-running states.
        """
        self._check_params()
        src, single = self._src(src)
        tgt = self._tgt(tgt, src.shape[1], single)
        h, _, _, _, C, s, o, y_in, _ = self._forward(src, tgt)
        if single:
            h, C, s, o, y_in = h[:, 0], C[0], s[:, 0], o[:, 0], y_in[:, 0]
        return Seq2SeqTrace(h=h, C=C, s=s, o=o, y_in=y_in)

    def encode(self, src):
        """Encoder states h(1) .. h(n_x), shape (n_x, batch, H) or (n_x, H); C is the last one.

        (For chapter 8's AttentionSeq2Seq, H is the width of h(j): 2 n_hidden when bidirectional.)
        """
        self._check_params()
        src, single = self._src(src)
        h = self._encode(src)[0]
        return h[:, 0] if single else h

    def _logits(self, src, tgt):
        """The teacher-forced logits o(1..n_y), (n_y, batch, n_tgt): the hook a subclass's forward pass fills."""
        return self._forward(src, tgt)[6]

    def log_prob(self, src, tgt):
        """log p(tgt | src) = Σ_t log ŷ(t)[y(t)] per column, END included: (batch,) or a float."""
        self._check_params()
        src, single = self._src(src)
        tgt = self._tgt(tgt, src.shape[1], single)
        o = self._logits(src, tgt)
        logp = np.take_along_axis(log_softmax(o), tgt[..., None], axis=-1)[..., 0]
        out = np.where(tgt != PAD, logp, 0.0).sum(axis=0)
        return float(out[0]) if single else out

    # ---------------------------------------------------------------- backward
    def loss_and_grads(self, src, tgt):
        """Teacher-forced loss and its gradient by BPTT through decoder and encoder.

        Parameters
        ----------
        src : int ndarray (n_x, batch) or (n_x,)
            Source ids, padded with 0.
        tgt : int ndarray (n_y, batch) or (n_y,)
            Target ids; each column: tokens, END, then padding 0.

        Returns
        -------
        loss : float
            Σ over non-padded decoder steps of −log ŷ(t)[y(t)], averaged over the batch.
        grads : dict[str, ndarray]
            Same keys and shapes as ``params``.

        Notes
        -----
        Backward through the decoder (∇o(t) = ŷ(t) − onehot(y(t)), zero at padding)::

            ∇s(t) = Vᵀ ∇o(t) + W_decᵀ ∇a(t+1),     ∇a(t) = (1 − s(t)²) ∇s(t)

        C feeds s(0) and, through Z, every a(t), so ∇C = W_decᵀ ∇a(1) + Zᵀ Σ_t ∇a(t).
        Then back through the encoder from ∇h(n_x) = ∇C, where a padding step
        passes its gradient straight to h(t-1)::

            ∇a_enc(t) = m(t) (1 − h(t)²) ∇h(t),   ∇h(t-1) = W_encᵀ ∇a_enc(t) + (1 − m(t)) ∇h(t)

        with m(t) = 1 for a token and 0 for padding. Each weight's gradient is
        then one product over all steps, as in :meth:`rnnlib.RNN.backward`.
        """
        p = self._check_params()
        src, single = self._src(src)
        tgt = self._tgt(tgt, src.shape[1], single)
        h, h_new, mask, x, C, s, o, y_in, yx = self._forward(src, tgt)
        n_x, B = src.shape
        n_y = tgt.shape[0]
        H = self.n_hidden

        loss, do = _loss_and_dlogits(o, tgt)                 # ∇o zero at padded positions

        # decoder, backward in time
        Vdo = do @ p["V"]                                    # (n_y, B, H)
        da = np.empty_like(s)
        carry = np.zeros((B, H))                             # W_decᵀ ∇a(t+1)
        for t in range(n_y - 1, -1, -1):
            da[t] = (Vdo[t] + carry) * (1.0 - s[t] ** 2)
            carry = da[t] @ p["W_dec"]
        s_prev = np.concatenate([C[None], s[:-1]])           # s(0) .. s(n_y - 1)
        flat = lambda a: a.reshape(-1, a.shape[-1])  # noqa: E731
        da_sum = da.sum(axis=0)                              # Σ_t ∇a(t), (B, H)
        dC = carry + da_sum @ p["Z"]                         # through s(0) and through Z C

        # encoder, backward in time from ∇h(n_x) = ∇C
        dae = np.empty_like(h)
        dh = dC
        for t in range(n_x - 1, -1, -1):
            dae[t] = mask[t] * dh * (1.0 - h_new[t] ** 2)
            dh = dae[t] @ p["W_enc"] + (1.0 - mask[t]) * dh
        h_prev = np.concatenate([np.zeros((1, B, H)), h[:-1]])

        grads = {
            "U_enc": flat(dae).T @ flat(x), "W_enc": flat(dae).T @ flat(h_prev), "b_enc": dae.sum(axis=(0, 1)),
            "U_dec": flat(da).T @ flat(yx), "W_dec": flat(da).T @ flat(s_prev), "Z": da_sum.T @ C,
            "b_dec": da_sum.sum(axis=0), "V": flat(do).T @ flat(s), "c": do.sum(axis=(0, 1)),
        }
        return loss, grads

    # --------------------------------------------------------------- decoding
    def _decode_args(self, src, max_len):
        self._check_params()
        src, single = self._src(src)
        max_len = _checks.positive_int(max_len, "max_len", MAX_LEN, " (tokens per output)")
        return src, single, max_len

    def _decoding(self, src, beam=False):
        """What the decoding loops need for validated ``src`` (n_x, B): ``(memory, s(0))``.

        Here memory is the decoder's step parameters with the per-sequence bias b_dec + Z C, of shape
        (B, H), or (B, 1, H) for ``beam`` (shared by a beam's hypotheses); s(0) = C, (B, H).
        A subclass with another decoder (chapter 8's attention) overrides this and :meth:`_dec_step`.
        """
        C = self._encode(src)[0][-1]
        return self._decoder(C[:, None, :] if beam else C), C

    def _dec_step(self, memory, y, s_prev):
        """One free-running step: ids y(t-1) (B,) or (B, k) and s(t-1) (..., H) → (s(t), logits o(t))."""
        s = step(memory, _one_hot(y, self.n_tgt), s_prev, check=False)           # eq. 10.8-10.9
        return s, _finite_logits(s @ self.params["V"].T + self.params["c"])

    def greedy(self, src, max_len, prefix=None):
        """Free-running decoding, each step feeding back the most likely token.

        Padding and start are never emitted (they are not outputs); the most
        likely of the other tokens is.

        Parameters
        ----------
        src : int ndarray (n_x, batch) or (n_x,)
        max_len : int
            At most this many tokens per output (END not counted).
        prefix : int ndarray (n_p, batch) or (n_p,), optional
            Tokens forced as the first n_p outputs (teacher forcing for n_p
            steps, then free-running): token ids other than padding, start and
            end, n_p ≤ max_len. Used to plant an error and watch what follows.

        Returns
        -------
        list (one per column of src) of lists of target ids, without END (the
        forced prefix included); a single list for a single source sequence.
        """
        src, single, max_len = self._decode_args(src, max_len)
        forced = self._prefix(prefix, src.shape[1], single, max_len)
        memory, s = self._decoding(src)
        B = src.shape[1]
        y = np.full(B, START)
        out = np.full((max_len, B), END)
        done = np.zeros(B, dtype=bool)
        for t in range(max_len):
            s, o = self._dec_step(memory, y, s)              # y: START or an argmax, in range
            o[:, [PAD, START]] = -np.inf                     # never emitted: not outputs
            y = forced[t] if t < len(forced) else np.argmax(o, axis=-1)
            out[t] = np.where(done, END, y)
            done |= y == END
            if done.all():
                break
        seqs = [_until_end(out[:, j]) for j in range(B)]
        return seqs[0] if single else seqs

    def _prefix(self, prefix, batch, single, max_len):
        """Validate a forced ``prefix`` → int (n_p, B) (empty for None)."""
        if prefix is None:
            return np.zeros((0, batch), dtype=np.int64)
        shape_text = "(n_p,)" if single else f"(n_p, batch={batch})"
        arr = _checks.as_array(prefix, "prefix", f"{shape_text} integer token ids")
        if arr.ndim != (1 if single else 2) or (not single and arr.shape[1] != batch) or arr.shape[0] > max_len:
            raise ValueError(f"prefix: got {_checks._describe(arr)}, wanted {shape_text} with n_p ≤ max_len = "
                             f"{max_len} (one column per column of src)")
        arr = _checks.int_labels(arr, "prefix", self.n_tgt, arr.shape, shape_text)
        if np.isin(arr, (PAD, START, END)).any():
            raise ValueError(f"prefix: got a padding, start or end id ({PAD}, {START}, {END}), wanted output "
                             f"tokens only (ids 3..{self.n_tgt - 1})")
        return arr[:, None] if single else arr

    def beam(self, src, width, max_len, return_search=False):
        """Beam search: keep the ``width`` best partial outputs at each step.

        A hypothesis's score is log p of its tokens, Σ_t log ŷ(t)[y(t)], including
        END once emitted; it is **not** divided by the length. A finished
        hypothesis (it emitted END) keeps its score and stays in the beam, where
        longer hypotheses can only score lower; the search stops when all
        ``width`` hypotheses have finished or after ``max_len`` tokens, and
        returns the best-scoring hypothesis (one cut at ``max_len`` is scored by
        the tokens it has). ``width=1`` is greedy decoding. Padding and start
        are never emitted; the log-probabilities of the other tokens are those
        of the full softmax, so a score is exactly what :meth:`log_prob` gives.

        Parameters
        ----------
        src : int ndarray (n_x, batch) or (n_x,)
        width : int, 1 .. 256
        max_len : int
            At most this many tokens per output (END not counted).
        return_search : bool
            Also return the :class:`BeamSearch` record (for drawing the tree).

        Returns
        -------
        list (one per column) of lists of target ids without END (a single list for
        a single sequence); with ``return_search``, ``(outputs, scores, search)``
        where ``scores`` (batch,) are the returned hypotheses' scores.
        """
        src, single, max_len = self._decode_args(src, max_len)
        width = _checks.positive_int(width, "width", MAX_WIDTH, " (hypotheses in the beam)")
        return_search = _checks.boolean(return_search, "return_search")
        memory, s0 = self._decoding(src, beam=True)           # shared by the beam; s(0) (B, H)
        B, k, V = src.shape[1], width, self.n_tgt
        s = np.repeat(s0[:, None, :], k, axis=1)              # (B, k, H)
        y = np.full((B, k), START)
        score = np.full((B, k), -np.inf)
        score[:, 0] = 0.0                                     # one hypothesis to start from
        finished = np.zeros((B, k), dtype=bool)
        stay = np.full(V, -np.inf)
        stay[END] = 0.0                                       # a finished hypothesis "emits" END for free
        rows = np.arange(B)[:, None]
        record = {"tokens": [], "parents": [], "scores": [], "finished": [], "pruned_tokens": [],
                  "pruned_parents": [], "pruned_scores": []}
        for _ in range(max_len):
            s_new, o = self._dec_step(memory, y, s)            # (B, k, H); y in range
            logp = _log_softmax(o)                            # (B, k, V), the whole vocabulary
            logp[..., [PAD, START]] = -np.inf                 # never emitted: not outputs
            logp = np.where(finished[..., None], stay, logp)
            cand = (score[..., None] + logp).reshape(B, k * V)
            order = np.argsort(-cand, axis=1, kind="stable")[:, :2 * k]   # best first, first index on ties
            top, cut = order[:, :k], order[:, k:]                          # kept; the next k, pruned
            parent, y = top // V, top % V
            score = np.take_along_axis(cand, top, axis=1)
            finished = np.take_along_axis(finished, parent, axis=1) | (y == END)
            s = s_new[rows, parent]
            cut_score = np.full((B, k), -np.inf)
            cut_score[:, :cut.shape[1]] = np.take_along_axis(cand, cut, axis=1)
            cut_tok = np.full((B, k), END)
            cut_par = np.zeros((B, k), dtype=np.int64)
            cut_tok[:, :cut.shape[1]], cut_par[:, :cut.shape[1]] = cut % V, cut // V
            for key, val in zip(record, (y, parent, score, finished, cut_tok, cut_par, cut_score)):
                record[key].append(val)
            if finished.all():
                break
        stacked = {key: np.stack(v) for key, v in record.items()}
        search = BeamSearch(**stacked, best=np.argmax(score, axis=1))
        seqs = [_until_end(search.path(b, int(search.best[b]))) for b in range(B)]
        best_scores = score[np.arange(B), search.best]
        if not return_search:
            return seqs[0] if single else seqs
        return (seqs[0], float(best_scores[0]), search) if single else (seqs, best_scores, search)


def _finite_logits(o):
    """``o`` if every logit is finite (one pass), else :class:`rnnlib._checks.Overflow` blaming the parameters.

    The decoding loops check their inputs once, before the loop; with finite parameters and |s| ≤ 1, only
    parameters near the largest float can make a logit overflow.
    """
    if not _checks.all_finite(o):
        raise _checks.Overflow("params: got values so large that the logits o overflowed to infinity, wanted "
                               "parameters of a sensible size")
    return o


def _until_end(ids):
    """The ids before the first END, as a list of int."""
    out = []
    for i in ids:
        if int(i) == END:
            break
        out.append(int(i))
    return out
