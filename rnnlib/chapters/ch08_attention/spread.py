"""Chapter 8's controls measured outside the notebook (each costs more training than the notebook's budget).

    python -m rnnlib.chapters.ch08_attention.spread                     # every control, seeds 10-12
    python -m rnnlib.chapters.ch08_attention.spread --seeds 10-19 --only uniform lr

One line per run, as JSON: the control, H, seed, exact match by input length 4-8 and pooled.

- ``uniform``: attention with v frozen at 0 (:class:`UniformAttention`): every α(t, j) = 1/n_x, so c(t) is the
  plain average of the encoder states, one step from every word as in the trained model, but aimed at none;
- ``lr``: attention at H = 8 with learning rate 0.003 and 0.03 instead of 0.01 (500 steps);
- ``steps``: attention at H = 4 with 2,000 steps instead of 500;
- ``beam``: the plain model at H = 32 read out by a beam of width 8 against greedy.

The spread of the notebook's claims over seeds 0-4 × roundings is ``python benchmarks/claims_spread.py 08``.
(Run with OPENBLAS_NUM_THREADS=1; every control over three seeds takes a few minutes.)
"""

import argparse
import json

import numpy as np

from ... import translate as _tr
from ...attention import AttentionSeq2Seq
from . import settings as S
from .experiment import make_model, pooled, task

__all__ = ["UniformAttention", "uniform_model", "control", "CONTROLS"]

CONTROLS = ("uniform", "lr", "steps", "beam")


class UniformAttention(AttentionSeq2Seq):
    """AttentionSeq2Seq whose scoring vector v stays 0: e(t, j) = 0, α(t, j) = 1/n_x over the words, and
    c(t) = mean_j h(j) at every step. Its gradient for v is set to 0, so training never moves it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params["v"][:] = 0.0

    def loss_and_grads(self, src, tgt):
        """As :meth:`AttentionSeq2Seq.loss_and_grads`, with the gradient of v zero."""
        loss, grads = super().loss_and_grads(src, tgt)
        grads["v"] = np.zeros_like(grads["v"])
        return loss, grads


def uniform_model(n_hidden, seed=0):
    """An untrained :class:`UniformAttention` of the number task's vocabularies (bidirectional, A = H)."""
    m = make_model("attention", n_hidden, seed)
    return UniformAttention(m.n_src, m.n_tgt, m.n_hidden, seed=seed)


def _run(model, data, seed, *, lr=S.LR, steps=S.STEPS, width=1):
    _tr.train(model, data.train, seed=seed, steps=steps, batch_size=S.BATCH, lr=lr, clip=S.CLIP, progress=False)
    acc = _tr.accuracy_by_length(model, data.test, 1, 10)
    out = {"acc": {n: round(a, 3) for n, (a, _) in acc.items()}, "pooled": round(pooled(acc), 3)}
    if width > 1:
        beam = _tr.accuracy_by_length(model, data.test, width, 10)
        out.update(beam_acc={n: round(a, 3) for n, (a, _) in beam.items()}, beam_pooled=round(pooled(beam), 3))
    return out


def control(name, seed):
    """The runs of control ``name`` (one of :data:`CONTROLS`) for ``seed``: a list of dicts."""
    data = task(seed)
    if name == "uniform":
        return [{"control": name, "H": h, "seed": seed, **_run(uniform_model(h, seed), data, seed)} for h in (8, 16)]
    if name == "lr":
        return [{"control": name, "H": 8, "lr": lr, "seed": seed,
                 **_run(make_model("attention", 8, seed), data, seed, lr=lr)} for lr in (0.003, 0.03)]
    if name == "steps":
        return [{"control": name, "H": 4, "steps": 2000, "seed": seed,
                 **_run(make_model("attention", 4, seed), data, seed, steps=2000)}]
    if name == "beam":
        return [{"control": name, "H": 32, "seed": seed, **_run(make_model("plain", 32, seed), data, seed, width=8)}]
    raise ValueError(f"name: got {name!r}, wanted one of {', '.join(CONTROLS)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="10-12")
    parser.add_argument("--only", nargs="*", default=list(CONTROLS), choices=CONTROLS)
    args = parser.parse_args(argv)
    lo, _, hi = args.seeds.partition("-")
    for name in args.only:
        for seed in range(int(lo), int(hi or lo) + 1):
            for row in control(name, seed):
                print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
