"""Claims: the one home of the guards that keep the book's prose true.

A chapter's text relies on numbers its notebook computes ("the RNN reads the
year at unseen positions, 99-100 % over seeds 0-4").  Each such number is a
:class:`Claim`: the sentence of the text it supports, the value this run
measured, the threshold it must clear and the direction (``at least`` or
``at most``).  A chapter builds its claims with :func:`at_least`,
:func:`at_most` and :func:`exact`, and a hidden cell of its notebook hands
them to :func:`check`; the chapter's tests call the same functions.

What :func:`check` does when a claim does not hold depends on the seed:

- a seed in :data:`TESTED_SEEDS` (0-4, the seeds the tests run), or none:
  it raises :class:`ClaimFailed` with each failed sentence and its numbers,
  so the book build stops instead of printing prose that is no longer true;
- any other seed (a reader who changed ``SEED``): it prints which claims no
  longer hold, with their numbers, and the notebook runs on.

**The rounding ensemble.**  Training is a chaotic map: a difference in the
last bit of one product (another CPU, BLAS kernel or numpy build) grows into
another trajectory within a few hundred steps.  A claim tuned to the numbers
one machine printed is a coin toss on the next.  To see on one machine the
spread that other machines produce, every model's initial parameters can be
perturbed in their last bits: inside ``with rounding(k):`` (or with the
environment variable ``RNNLIB_ROUNDING=k``), each model multiplies every
initial weight by 1 + 1e-12 z, z standard normal from a generator seeded by
``k`` and the model's seed (:func:`perturb`).  ``k = 0`` is the unperturbed
run.  Every claim about a trained network must hold over
``TESTED_SEEDS × ROUNDINGS`` with its threshold outside the whole spread;
``benchmarks/claims_spread.py`` prints each claim's worst case and margin.

With the environment variable ``RNNLIB_CLAIMS_LOG=path``, :func:`check`
appends every claim it sees (held or not) to that file as a JSON line: this
is how the benchmark collects the claims of a whole notebook run.
"""

import contextlib
import contextvars
import json
import math
import numbers
import os
from dataclasses import dataclass

import numpy as np

from . import _checks

__all__ = ["ClaimFailed", "Claim", "TESTED_SEEDS", "ROUNDINGS", "ROUNDING_SCALE", "at_least", "at_most", "exact",
           "check", "rounding", "current_rounding", "perturb"]


class ClaimFailed(AssertionError):
    """A claim of the book's text no longer holds for this run (the message says which, with its numbers)."""


#: The seeds the tests run: for these the text's claims are guaranteed (a failure raises).
TESTED_SEEDS = range(5)
#: The rounding ensemble the benchmark runs for each seed (0 is the unperturbed run).
ROUNDINGS = range(4)
#: Relative size of the perturbation of the initial parameters (about 4,500 units in the last place).
ROUNDING_SCALE = 1e-12

_DIRECTIONS = ("at least", "at most", "exact")


@dataclass(frozen=True)
class Claim:
    """One number the text relies on.

    Attributes
    ----------
    sentence : str
        What the text says, as a reader would check it ("the RNN reads the
        year at unseen positions").
    value : float
        What this run measured.
    threshold : float
        The bound the value must clear (never quoted in the prose).
    direction : {"at least", "at most", "exact"}
        ``value >= threshold``, ``value <= threshold``, or a yes/no fact
        (``value`` 1.0 for yes, ``threshold`` 1.0).
    """

    sentence: str
    value: float
    threshold: float
    direction: str

    @property
    def holds(self):
        """Whether this run's value clears the threshold."""
        if self.direction == "at most":
            return self.value <= self.threshold
        return self.value >= self.threshold

    @property
    def margin(self):
        """How far the value is on the right side of the threshold (negative: it fails)."""
        if self.direction == "at most":
            return self.threshold - self.value
        return self.value - self.threshold

    def __str__(self):
        if self.direction == "exact":
            return f"{self.sentence} ({'holds' if self.holds else 'does not hold'})"
        sign = "≥" if self.direction == "at least" else "≤"
        return f"{self.sentence}: measured {self.value:.4g}, the text needs {sign} {self.threshold:.4g}"


def _claim(sentence, value, threshold, direction):
    sentence = _checks.text(sentence, "sentence")
    if not sentence.strip():
        raise ValueError("sentence: got an empty string, wanted the sentence of the text this claim supports")
    value = _checks.number(value, "value")
    threshold = _checks.number(threshold, "threshold")
    return Claim(sentence.strip(), value, threshold, direction)


def at_least(sentence, value, threshold):
    """The claim ``value >= threshold`` (value and threshold finite numbers)."""
    return _claim(sentence, value, threshold, "at least")


def at_most(sentence, value, threshold):
    """The claim ``value <= threshold`` (value and threshold finite numbers)."""
    return _claim(sentence, value, threshold, "at most")


def exact(sentence, ok):
    """A yes/no claim (``ok`` a bool): "beam search of width 1 gives exactly greedy's outputs"."""
    ok = _checks.boolean(bool(ok) if isinstance(ok, np.bool_) else ok, "ok")
    return _claim(sentence, 1.0 if ok else 0.0, 1.0, "exact")


def _seed_or_none(seed):
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise _checks.ArgumentTypeError(f"seed: got {_checks._got(seed)}, wanted an int (the notebook's SEED) or None")
    return int(seed)


def _log(claims, seed):
    path = os.environ.get("RNNLIB_CLAIMS_LOG")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as f:
        for c in claims:
            f.write(json.dumps({"sentence": c.sentence, "value": c.value, "threshold": c.threshold,
                                "direction": c.direction, "seed": seed, "rounding": current_rounding()}) + "\n")


def check(claims, seed=None):
    """Check a chapter's claims for this run; return them.

    Parameters
    ----------
    claims : Claim or iterable of Claim
        Built with :func:`at_least`, :func:`at_most` or :func:`exact`.
    seed : int or None
        The notebook's ``SEED``.  For ``None`` or a seed in
        :data:`TESTED_SEEDS`, a claim that does not hold raises
        :class:`ClaimFailed`; for any other seed it is printed, with its
        numbers, and the notebook runs on.

    Returns
    -------
    list of Claim
        The claims, held or not (the tests and the spread benchmark read them).
    """
    claims = [claims] if isinstance(claims, Claim) else claims
    if isinstance(claims, (str, bytes)) or not hasattr(claims, "__iter__"):
        raise _checks.ArgumentTypeError(f"claims: got {_checks._got(claims)}, wanted a Claim or a list of Claims")
    claims = list(claims)
    for i, c in enumerate(claims):
        if not isinstance(c, Claim):
            raise _checks.ArgumentTypeError(f"claims[{i}]: got {_checks._got(c)}, wanted a Claim "
                                            "(made by rnnlib.claims.at_least, at_most or exact)")
    seed = _seed_or_none(seed)
    _log(claims, seed)
    failed = [c for c in claims if not c.holds]
    if not failed:
        return claims
    text = "; ".join(str(c) for c in failed)
    if seed is None or seed in TESTED_SEEDS:
        raise ClaimFailed("The text of this chapter is no longer true for this run: " + text + ".")
    print(f"Note: with SEED = {seed} (the text was checked for seeds {TESTED_SEEDS.start}-{TESTED_SEEDS.stop - 1}), "
          f"{'this claim does' if len(failed) == 1 else 'these claims do'} not hold for this run: {text}.")
    return claims


# --------------------------------------------------------------------------- the rounding ensemble

_ROUNDING = contextvars.ContextVar("rnnlib_rounding", default=None)


def current_rounding():
    """The rounding perturbation in force: ``rounding(k)``'s k, else ``RNNLIB_ROUNDING``, else 0 (none)."""
    k = _ROUNDING.get()
    if k is not None:
        return k
    env = os.environ.get("RNNLIB_ROUNDING", "").strip()
    if not env:
        return 0
    try:
        k = int(env)
    except ValueError:  # int() of a malformed string: the only condition meant here
        raise ValueError(f"RNNLIB_ROUNDING: got {env!r}, wanted a whole number ≥ 0 (0: no perturbation)") from None
    if k < 0:
        raise ValueError(f"RNNLIB_ROUNDING: got {k}, wanted a whole number ≥ 0 (0: no perturbation)")
    return k


@contextlib.contextmanager
def rounding(k):
    """Within the block, perturb every new model's initial parameters with member ``k`` of the ensemble.

    ``k = 0`` leaves them as they are.  Models built inside the block call
    :func:`perturb` on their fresh parameters.
    """
    k = _checks.integer(k, "k", 0, 10**6)
    token = _ROUNDING.set(k)
    try:
        yield k
    finally:
        _ROUNDING.reset(token)


def perturb(params, seed):
    """Multiply each array of ``params`` in place by 1 + ROUNDING_SCALE·z under the rounding in force.

    Parameters
    ----------
    params : dict[str, ndarray]
        A model's fresh float64 parameters (any shapes).
    seed : int
        The model's seed: with the rounding member k, it seeds z's generator
        (``default_rng([k, seed])``; keys in sorted order), so a perturbed run
        is as reproducible as an unperturbed one.

    Returns
    -------
    params : the same dict.  With no rounding in force (k = 0) nothing changes.
    """
    k = current_rounding()
    if k == 0:
        return params
    rng = np.random.default_rng([k, int(seed), 0x0EB5])
    for key in sorted(params):
        p = params[key]
        p *= 1.0 + ROUNDING_SCALE * rng.standard_normal(p.shape)
    return params


def worst(values, direction):
    """The worst of ``values`` for a claim of ``direction`` (the smallest for "at least"/"exact", else the largest)."""
    values = [float(v) for v in values]
    if not values or any(math.isnan(v) for v in values):
        raise ValueError(f"values: got {values!r}, wanted a non-empty list of numbers")
    return max(values) if direction == "at most" else min(values)
