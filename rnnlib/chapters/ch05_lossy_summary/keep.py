"""Chapter 5's training experiments: what networks trained on different objectives keep of the past.

- :func:`symbol_stream`, :func:`objective_labels`: the stream a, b, c, d and the three objectives;
- :func:`train_objective`, :func:`train_all`: networks of one size trained *to a criterion*
  (own-task accuracy on held-out sequences), with an untrained control;
- :func:`probe_quantities`, :func:`keep_table`: linear probes of their states;
- :func:`year_keep_table`: the same question on chapter 1's year sentences;
- :func:`input_sensitivity`, :func:`lag_probes`: the fading of one sequence's inputs.

Arrays are time first: symbols (τ, batch) ints, one-hot inputs (τ, batch, 4), states (τ, batch, n_hidden).
"""

from dataclasses import dataclass

import numpy as np

from ... import _checks, probe
from ...data import batches, by_length, year_sentences
from ...functional import one_hot
from ...optim import Adam, train
from ...rnn import RNN
from .settings import (BATCH, CHECK_EVERY, CRITERION, K_MAX, LAG, LR, MAX_STEPS, N_CHECK, N_HIDDEN, OBJECTIVES,
                       SYMBOLS, TAU, WITHIN_ALPHA)


@dataclass
class Stream:
    """A batch of symbol sequences and the quantities of their past.

    Attributes (all (τ, batch) int, time first; row t−1 belongs to step t)
    ----------
    symbols : the inputs x(1..τ), 0..3 for a, b, c, d
    recall : x(t−3), the symbol seen three steps ago (for t ≤ 3, a symbol from before the sequence)
    balance : #a − #b in x(1..t)
    """

    symbols: np.ndarray
    recall: np.ndarray
    balance: np.ndarray

    @property
    def x(self):
        """One-hot inputs, (τ, batch, 4) float64."""
        return one_hot(self.symbols, len(SYMBOLS))


def _seed_list(seed):
    """An int seed, or a list of int seeds (as for ``np.random.default_rng``)."""
    if isinstance(seed, (list, tuple)):
        if not 1 <= len(seed) <= 8:
            raise ValueError(f"seed: got a list of {len(seed)} numbers, wanted 1 to 8")
        return [_checks.integer(s, "seed", 0) for s in seed]
    return _checks.integer(seed, "seed", 0)


def symbol_stream(n_seq, tau=TAU, seed=0):
    """``n_seq`` sequences of i.i.d. uniform symbols a, b, c, d and their quantities (:class:`Stream`).

    ``seed`` may be an int or a list of ints (as for ``np.random.default_rng``).
    """
    n_seq = _checks.integer(n_seq, "n_seq", 1, 100_000)
    tau = _checks.integer(tau, "tau", 1, 1_000)
    _checks.size_limit(n_seq * tau, "n_seq", n_seq, 2_000_000, f"symbols with τ = {tau}")
    rng = np.random.default_rng(_seed_list(seed))
    s = rng.integers(len(SYMBOLS), size=(tau + LAG, n_seq))
    before, symbols = s[:LAG], s[LAG:]
    recall = np.concatenate([before, symbols])[:tau]
    balance = np.cumsum((symbols == 0).astype(np.int64) - (symbols == 1), axis=0)
    return Stream(symbols, recall, balance)


def objective_labels(objective, stream):
    """Targets y(t) of an objective, (τ, batch) int, and the number of classes.

    * ``"recall"``: the symbol seen three steps ago, x(t−3) (4 classes; for t ≤ 3
      a symbol from before the sequence, which no network can know);
    * ``"count"``: the balance #a − #b so far, clipped to ±K_MAX (17 classes);
    * ``"sign"``: whether a or b leads so far: −, tie, + (3 classes).
    """
    _checks.choice(objective, "objective", OBJECTIVES)
    _checks.instance(stream, "stream", Stream, "a Stream from symbol_stream()")
    if objective == "recall":
        return stream.recall, len(SYMBOLS)
    if objective == "count":
        return np.clip(stream.balance, -K_MAX, K_MAX) + K_MAX, 2 * K_MAX + 1
    return np.sign(stream.balance).astype(np.int64) + 1, 3


def _model(model, name="model"):
    if not isinstance(model, RNN) or model.n_in != len(SYMBOLS) or model.pattern != "hidden":
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(model)}, wanted an RNN reading the "
                                        f"{len(SYMBOLS)} symbols, pattern 'hidden'")
    return model


def own_accuracy(model, objective, seed=0):
    """A network's accuracy on its own task, on N_CHECK held-out sequences, and the chance level.

    For recall only the steps t > 3 count (before that the answer was never shown).
    Chance: always answering the most frequent class of these sequences.

    Returns
    -------
    (accuracy, chance) : floats
    """
    _model(model)
    seed = _checks.integer(seed, "seed", 0)
    stream = symbol_stream(N_CHECK, TAU, seed=[seed, 4242])
    y, n_out = objective_labels(objective, stream)
    if model.n_out != n_out:
        raise ValueError(f"model: got n_out = {model.n_out}, wanted {n_out} outputs for the {objective} objective")
    pred = model.forward(stream.x).o.argmax(-1)
    start = LAG if objective == "recall" else 0
    y, pred = y[start:], pred[start:]
    return float(np.mean(pred == y)), float(np.bincount(y.reshape(-1)).max() / y.size)


def train_objective(objective, seed=0, *, n_hidden=N_HIDDEN, criterion=CRITERION, max_steps=MAX_STEPS,
                    keep_best=False, progress=False):
    """Train ``RNN(4, n_hidden, n_classes, pattern="hidden", seed=seed)`` on one objective, to a criterion.

    Adam (LR), batches of BATCH fresh sequences of TAU symbols, gradient norm
    clipped at 5; every CHECK_EVERY steps the own-task accuracy on N_CHECK
    held-out sequences (:func:`own_accuracy`) is measured, and training stops
    once it reaches ``criterion`` (or after ``max_steps``). With ``keep_best`` the
    network returned is the one of the check with the best own-task accuracy
    (Adam's last step can be a worse one), and the report gives that accuracy.

    Returns
    -------
    model : RNN
    report : dict with "steps", "accuracy", "chance", "reached" (bool)
    """
    seed = _checks.integer(seed, "seed", 0)
    n_hidden = _checks.integer(n_hidden, "n_hidden", 1, 256)
    criterion = _checks.number(criterion, "criterion", 0, 1)
    max_steps = _checks.integer(max_steps, "max_steps", CHECK_EVERY, 50_000)
    keep_best = _checks.boolean(keep_best, "keep_best")
    _, n_out = objective_labels(objective, symbol_stream(1, 1))
    model = RNN(len(SYMBOLS), n_hidden, n_out, pattern="hidden", seed=seed)
    optimizer = Adam(lr=LR)
    done, accuracy, chance = 0, 0.0, 0.0
    best = (-1.0, None)
    while done < max_steps:
        def data(i, start=done):
            stream = symbol_stream(BATCH, TAU, seed=[seed, start + i, 1])
            return stream.x, objective_labels(objective, stream)[0]

        train(model, data, CHECK_EVERY, optimizer=optimizer, clip=5.0, progress=False)
        done += CHECK_EVERY
        accuracy, chance = own_accuracy(model, objective, seed)
        if keep_best and accuracy > best[0]:
            best = (accuracy, {k: v.copy() for k, v in model.params.items()})
        if accuracy >= criterion:
            break
    if keep_best and best[1] is not None:
        accuracy = best[0]
        for k, v in best[1].items():
            model.params[k][...] = v
    if progress:
        print(f"{objective} network: own-task accuracy {accuracy:.3f} after {done:,} steps", flush=True)
    return model, {"steps": done, "accuracy": accuracy, "chance": chance, "reached": accuracy >= criterion}


def train_all(seed=0, progress=False):
    """The untrained control and one network per objective trained to CRITERION.

    Returns
    -------
    models : {name: RNN}   "untrained", "recall", "count", "sign"
    reports : {name: dict}  as from :func:`train_objective` (the untrained control: 0 steps)
    """
    seed = _checks.integer(seed, "seed", 0)
    progress = _checks.boolean(progress, "progress")
    models = {"untrained": RNN(len(SYMBOLS), N_HIDDEN, len(SYMBOLS), seed=seed)}
    acc, chance = own_accuracy(models["untrained"], "recall", seed)
    reports = {"untrained": {"steps": 0, "accuracy": acc, "chance": chance, "reached": False}}
    for objective in OBJECTIVES:
        models[objective], reports[objective] = train_objective(objective, seed, progress=progress)
    return models, reports


def probe_quantities(model, seed=0, n_seq=200, t_from=5):
    """Probe a network's states for every quantity of :data:`QUANTITIES`.

    The network reads ``n_seq`` fresh sequences (never seen in training); the
    rows are h(t) for t = t_from..τ; each probe is fitted on 75 % of the
    sequences and scored on the other 25 %.

    * x(t−3): :func:`rnnlib.probe.logistic`, accuracy (chance 0.25);
    * balance: :func:`rnnlib.probe.ridge`, R²;
    * sign: logistic, accuracy (chance: the most frequent of −, tie, +);
    * |balance| within a sign: one ridge probe of the balance on the rows where a leads,
      one where b leads; the mean of their R². (Within one sign the balance and its size
      are the same quantity up to a sign, so this asks how *precisely* the state holds
      the size, not whether one linear map reads it from both signs at once.) These two
      probes use the ridge penalty WITHIN_ALPHA: with almost none, a few held-out sequences
      whose lead is larger than any in the probe's training part can swamp the score.

    Returns
    -------
    dict quantity -> score
    """
    _model(model)
    seed = _checks.integer(seed, "seed", 0)
    n_seq = _checks.integer(n_seq, "n_seq", 8, 5000)
    t_from = _checks.integer(t_from, "t_from", 1, TAU - 1)
    stream = symbol_stream(n_seq, TAU, seed=[seed, 999])
    h = model.forward(stream.x).h[t_from - 1:]                      # (τ − t_from + 1, n_seq, n_hidden)
    H = h.reshape(-1, h.shape[-1])
    groups = np.broadcast_to(np.arange(n_seq), h.shape[:2]).reshape(-1)
    recall = stream.recall[t_from - 1:].reshape(-1)
    bal = stream.balance[t_from - 1:].reshape(-1)
    within = [probe.ridge(H[rows], bal[rows].astype(float), groups=groups[rows], seed=seed, alpha=WITHIN_ALPHA).score
              for rows in (bal > 0, bal < 0)]
    return {
        "x(t−3)": probe.logistic(H, recall, n_classes=4, groups=groups, seed=seed).score,
        "balance": probe.ridge(H, bal.astype(float), groups=groups, seed=seed).score,
        "sign": probe.logistic(H, np.sign(bal) + 1, n_classes=3, groups=groups, seed=seed).score,
        "|balance| within a sign": float(np.mean(within)),
    }


def chance_levels(seed=0, n_seq=200, t_from=5):
    """Each quantity's chance score on the rows :func:`probe_quantities` uses: the share of the most frequent
    class for the accuracies (x(t−3), sign), 0 for the R² (a read-out that always says the mean)."""
    seed = _checks.integer(seed, "seed", 0)
    n_seq = _checks.integer(n_seq, "n_seq", 8, 5000)
    t_from = _checks.integer(t_from, "t_from", 1, TAU - 1)
    stream = symbol_stream(n_seq, TAU, seed=[seed, 999])
    recall = stream.recall[t_from - 1:].reshape(-1)
    sign = np.sign(stream.balance[t_from - 1:]).reshape(-1).astype(np.int64) + 1
    return {"x(t−3)": float(np.bincount(recall).max() / recall.size), "balance": 0.0,
            "sign": float(np.bincount(sign).max() / sign.size), "|balance| within a sign": 0.0}


def exact_lead_accuracy(model, seed=0, n_seq=200, t_from=5):
    """The read-out control of the within-sign probes: classify the exact lead 1..8 within each sign.

    A logistic probe (one class per lead, 8 meaning 8 or more) reads a monotone code
    of the lead even when it is not linear in the lead (a saturating unit, say), so it asks
    how precisely the lead is held without asking for a linear code. Mean held-out
    accuracy over the two signs, and the mean chance level.

    Returns
    -------
    (accuracy, chance) : floats
    """
    _model(model)
    seed = _checks.integer(seed, "seed", 0)
    n_seq = _checks.integer(n_seq, "n_seq", 8, 5000)
    t_from = _checks.integer(t_from, "t_from", 1, TAU - 1)
    stream = symbol_stream(n_seq, TAU, seed=[seed, 999])
    h = model.forward(stream.x).h[t_from - 1:]
    H = h.reshape(-1, h.shape[-1])
    groups = np.broadcast_to(np.arange(n_seq), h.shape[:2]).reshape(-1)
    bal = stream.balance[t_from - 1:].reshape(-1)
    fits = [probe.logistic(H[rows], np.minimum(np.abs(bal[rows]), K_MAX) - 1, n_classes=K_MAX,
                           groups=groups[rows], seed=seed) for rows in (bal > 0, bal < 0)]
    return float(np.mean([f.score for f in fits])), float(np.mean([f.chance for f in fits]))


def keep_table(seed=0, models=None):
    """``{network: {quantity: score}}`` for the untrained control and the three trained networks."""
    seed = _checks.integer(seed, "seed", 0)
    if models is None:
        models, _ = train_all(seed)
    if not isinstance(models, dict) or set(models) != {"untrained", *OBJECTIVES}:
        raise _checks.ArgumentTypeError(f"models: got {_checks._got(models)}, wanted the dict of train_all() "
                                        f"with keys 'untrained', {', '.join(map(repr, OBJECTIVES))}")
    return {name: probe_quantities(_model(m, f"models[{name!r}]"), seed) for name, m in models.items()}


# ----------------------------------------------------------------------------- the year sentences of chapter 1
#: Destinations of the year sentences (rnnlib.data); "zealand" stands for New Zealand. Label 8: no destination.
PLACES = ("nepal", "peru", "chile", "japan", "kenya", "iceland", "egypt", "zealand")
#: The year quantities probed, with how each probe is scored.
YEAR_QUANTITIES = {"year": "accuracy", "destination": "accuracy", "length": "R²", "year's position": "R²"}


def place_labels(sentences):
    """The destination of each sentence: index into :data:`PLACES`, or 8 if it names none. (n,) int."""
    tokens = getattr(sentences, "tokens", None)
    if tokens is None:
        raise _checks.ArgumentTypeError(f"sentences: got {_checks._got(sentences)}, wanted sentences from "
                                        "rl.data.year_sentences")
    return np.array([next((i for i, p in enumerate(PLACES) if p in words), len(PLACES)) for words in tokens],
                    dtype=np.int64)


def final_states(model, sentences):
    """h(τ) of every sentence (each read to its own end): (n, n_hidden)."""
    if getattr(sentences, "n_vocab", None) is None:
        raise _checks.ArgumentTypeError(f"sentences: got {_checks._got(sentences)}, wanted sentences from "
                                        "rl.data.year_sentences")
    if not isinstance(model, RNN) or model.n_in != sentences.n_vocab:
        raise ValueError(f"model: got {model!r}, wanted an RNN reading the {sentences.n_vocab}-token vocabulary")
    H = np.empty((len(sentences), model.n_hidden))
    for idx in by_length(sentences).values():
        x, _ = sentences.batch(idx)
        H[idx] = model.forward(x).h[-1]
    return H


def year_keep_table(seed=0, n_hidden=16, steps=250, progress=False):
    """Chapter 1's task, probed: what h(τ) of a year-reading RNN keeps, against an untrained control.

    Both are ``RNN(61, n_hidden, 10, pattern="last", seed=seed)``; one is trained to output the
    year (Adam 0.02, ``steps`` batches of 32, clipping at 5) on 1,000 sentences of 5..8 words.
    Probes read h(τ) of 1,500 fresh sentences for the year and the destination (logistic;
    chance about 0.1 and 0.2), the length and the year's position (ridge R²).

    Returns
    -------
    dict network -> {quantity: score}
    """
    seed = _checks.integer(seed, "seed", 0)
    n_hidden = _checks.integer(n_hidden, "n_hidden", 1, 256)
    steps = _checks.integer(steps, "steps", 1, 20_000)
    progress = _checks.boolean(progress, "progress")
    train_set = year_sentences(1000, seed=1100 + seed, lengths=range(5, 9))
    test_set = year_sentences(1500, seed=1200 + seed, lengths=range(5, 9))
    nets = {"untrained": RNN(train_set.n_vocab, n_hidden, 10, pattern="last", seed=seed),
            "trained on the year": RNN(train_set.n_vocab, n_hidden, 10, pattern="last", seed=seed)}
    train(nets["trained on the year"], batches(train_set, 32, seed=seed), steps, optimizer=Adam(lr=0.02), clip=5.0,
          progress=progress, label="year network")
    places = place_labels(test_set)
    out = {}
    for name, net in nets.items():
        H = final_states(net, test_set)
        out[name] = {
            "year": probe.logistic(H, test_set.year, n_classes=10, seed=seed).score,
            "destination": probe.logistic(H, places, n_classes=len(PLACES) + 1, seed=seed).score,
            "length": probe.ridge(H, test_set.length.astype(float), seed=seed).score,
            "year's position": probe.ridge(H, test_set.position.astype(float), seed=seed).score,
        }
    return out


# ----------------------------------------------------------------------------- fading, one sequence
def input_sensitivity(model, x, t):
    """‖∂o(t)/∂x(t−k)‖ for k = 0..t−1, by rnnlib's backward pass (BPTT).

    The logits are defined up to a common constant (softmax ignores it), so
    we measure the Jacobian of the centred logits o(t) − mean(o(t)). One
    backward pass of a ``"last"``-pattern copy of the model over x(1..t), with
    the sequence repeated once per class j and label y = j, gives
    g_j = ∂L_j/∂x(s) = Jᵀ(ŷ − e_j) for every s ≤ t (∇x(s) = Uᵀ ∇a(s), with
    ∇a(s) = (1 − h(s)²) ⊙ ∇h(s), eq. 10.21–10.22); the rows of the centred
    Jacobian are mean_i g_i − g_j, and we return its Frobenius norm.

    Parameters
    ----------
    model : RNN, pattern "hidden" or "last"
    x : ndarray (τ, n_in)     one sequence
    t : int, 1..τ

    Returns
    -------
    ndarray (t,)   entry k is ‖∂o(t)/∂x(t−k)‖
    """
    if not isinstance(model, RNN) or model.pattern == "output":
        raise ValueError(f"model: got {_checks._got(model)}, wanted an RNN with pattern 'hidden' or 'last'")
    if model.n_out > 1000:
        raise ValueError(f"model: got n_out = {model.n_out:,}, wanted at most 1,000 outputs")
    x3, single = _checks.sequence(x, "x", model.n_in)
    if not single:
        raise ValueError(f"x: got shape {np.shape(x)}, wanted one sequence (τ, {model.n_in})")
    t = _checks.positive_int(t, "t")
    if t > x3.shape[0]:
        raise ValueError(f"t: got {t}, wanted a step in 1..{x3.shape[0]}")
    last = RNN(model.n_in, model.n_hidden, model.n_out, pattern="last")
    last.params = model.params
    m = model.n_out
    xs = np.repeat(x3[:t], m, axis=1)                                  # (t, m, n_in): one copy per class
    _, _, dh = last.backward(xs, np.arange(m))
    h = last.forward(xs).h
    dx = ((1.0 - h ** 2) * dh) @ model.params["U"] * m                 # (t, m, n_in); × m undoes the batch mean
    centred = dx.mean(axis=1, keepdims=True) - dx                       # rows of the centred Jacobian
    norms = np.sqrt((centred ** 2).sum(axis=(1, 2)))                    # (t,), index s−1
    return norms[::-1]                                                  # index k = t − s


def lag_probes(model, max_lag, seed=0, n_seq=200):
    """One logistic probe per lag k = 0..max_lag, decoding the symbol x(t−k) from h(t).

    Fitted on ``n_seq`` fresh sequences of TAU symbols (rows t > k).

    Parameters
    ----------
    model : RNN reading the 4 symbols, pattern "hidden"
    max_lag : int, 0..TAU−1
    seed : int
    n_seq : int, 8..2000

    Returns
    -------
    list of rnnlib.probe.Probe (max_lag + 1,)
    """
    _model(model)
    max_lag = _checks.integer(max_lag, "max_lag", 0, TAU - 1, f" (sequences have τ = {TAU} steps)")
    seed = _checks.integer(seed, "seed", 0)
    n_seq = _checks.integer(n_seq, "n_seq", 8, 2000)
    stream = symbol_stream(n_seq, TAU, seed=[seed, 555])
    h = model.forward(stream.x).h
    probes = []
    for k in range(max_lag + 1):
        H = h[k:].reshape(-1, h.shape[-1])
        target = stream.symbols[:TAU - k].reshape(-1)
        groups = np.broadcast_to(np.arange(n_seq), (TAU - k, n_seq)).reshape(-1)
        probes.append(probe.logistic(H, target, n_classes=4, groups=groups, seed=seed, steps=150))
    return probes


def fading(model, symbols, probes):
    """For one sequence, the t × k tables the fading figure draws.

    Returns
    -------
    recovered : ndarray (τ, τ)   [t−1, k] = p(true x(t−k) | h(t)) by the lag-k probe (NaN for k ≥ t)
    sensitivity : ndarray (τ, τ) [t−1, k] = ‖∂o(t)/∂x(t−k)‖ (NaN for k ≥ t)
    """
    _model(model)
    symbols = _checks.int_labels(symbols, "symbols", len(SYMBOLS))
    if symbols.ndim != 1 or not 1 <= symbols.size <= TAU:
        raise ValueError(f"symbols: got shape {symbols.shape}, wanted one sequence of 1..{TAU} symbols (τ,)")
    tau = symbols.size
    if not isinstance(probes, (list, tuple)) or len(probes) < tau:
        raise ValueError(f"probes: got {len(probes) if isinstance(probes, (list, tuple)) else _checks._got(probes)}, "
                         f"wanted a list of at least τ = {tau} probes (one per lag 0..τ−1), from lag_probes()")
    for k, p in enumerate(probes[:tau]):
        if not isinstance(p, probe.Probe) or p.kind != "logistic" or p.weights.shape != (model.n_hidden, 4):
            raise _checks.ArgumentTypeError(f"probes[{k}]: got {_checks._got(p)}, wanted a logistic probe of this "
                                            "model's states, from lag_probes()")
    x = one_hot(symbols, len(SYMBOLS))
    h = model.forward(x).h                                             # (τ, n_hidden)
    recovered = np.full((tau, tau), np.nan)
    sensitivity = np.full((tau, tau), np.nan)
    for t in range(1, tau + 1):
        for k in range(t):
            recovered[t - 1, k] = probes[k].probabilities(h[t - 1:t])[0, symbols[t - 1 - k]]
        sensitivity[t - 1, :t] = input_sensitivity(model, x, t)
    return recovered, sensitivity
