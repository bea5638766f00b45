"""The skeleton every model of rnnlib shares: sizes, the size limit, the initial parameters, their check.

A model (``RNN``, ``Seq2Seq``, ``PositionalMLP``, ``BagOfWords``, ``TimeDelayNetwork``)
subclasses :class:`Model`, checks its sizes with :meth:`Model._set_sizes`, and
describes its parameters in a *parameter spec*, ``_param_spec()``: an ordered
dict ``name -> Param(shape, text, fan_in)``. From the spec the skeleton

* refuses a network of more than :data:`MAX_PARAMS` parameters, naming the
  largest size (``n_hidden: got 100000, which makes ... parameters, wanted at most 20,000,000``);
* draws the initial parameters, in the spec's order from
  ``np.random.default_rng(seed)``: a weight matrix N(0, init_scale² / fan_in),
  a bias (``fan_in`` 0) zeros; then ``claims.perturb(params, seed)``, the
  rounding ensemble (a no-op outside it);
* gives ``n_params``, ``repr`` and ``_check_params()``, the check every pass
  makes of ``params`` (keys, shapes, float, finite: a reader may edit them).

One rule for ``init_scale`` in every model (:func:`init_scale`): a number in
(0, 1e4]. At 0 every hidden unit would start equal and stay equal; set
``params`` by hand for such a network.
"""

import math
from typing import NamedTuple

import numpy as np

from . import _checks
from .claims import perturb

#: The largest network any model builds (160 MB of float64 parameters).
MAX_PARAMS = 20_000_000
#: The largest ``init_scale``: larger ones saturate every tanh at the first step, and the
#: weights it draws (up to ~6 init_scale) must stay within ``_checks.MAX_MAGNITUDE`` = 1e6.
MAX_INIT_SCALE = 1e4


class Param(NamedTuple):
    """One entry of a parameter spec."""

    shape: tuple            # the array's shape
    text: str               # the shape as messages write it, e.g. "(n_hidden, n_in)"
    fan_in: int = 0         # a weight: N(0, init_scale² / fan_in); 0: a bias, initialised to zeros


def init_scale(value):
    """The one rule for ``init_scale``: a finite number in (0, MAX_INIT_SCALE]; returns it as float."""
    return _checks.number(value, "init_scale", 0, MAX_INIT_SCALE, low_open=True,
                          what="a scale of the initial weights")


class Model:
    """Sizes, the parameter limit, initialisation, ``n_params``, ``repr`` and the parameter check."""

    _sizes = ()             # the size attributes, in the order of the constructor (set by _set_sizes)
    _repr_extra = ()        # other attributes repr shows after the sizes (e.g. RNN's pattern)

    def _set_sizes(self, **sizes):
        """Check each size (an integer >= 1, unless the caller checked it already) and keep it."""
        for name, value in sizes.items():
            setattr(self, name, _checks.positive_int(value, name))
        self._sizes = tuple(sizes)

    def _param_spec(self):
        """name -> :class:`Param`, in the order the parameters are drawn."""
        raise NotImplementedError

    def _init_params(self, seed, scale):
        """Check the size limit, ``init_scale`` and ``seed``; draw ``self.params`` from the spec."""
        spec = self._param_spec()
        count = sum(math.prod(p.shape) for p in spec.values())
        if count > MAX_PARAMS:
            name = max(self._sizes, key=lambda k: getattr(self, k))
            _checks.size_limit(count, name, getattr(self, name), MAX_PARAMS, "parameters")
        scale = init_scale(scale)
        seed = _checks.seed(seed)
        rng = np.random.default_rng(seed)
        self.params = {name: (rng.normal(0.0, scale / np.sqrt(p.fan_in), p.shape) if p.fan_in
                              else np.zeros(p.shape))
                       for name, p in spec.items()}
        perturb(self.params, seed)  # the rounding ensemble (rnnlib.claims); nothing outside it

    def __repr__(self):
        fields = [f"{k}={getattr(self, k)}" for k in self._sizes]
        fields += [f"{k}={getattr(self, k)!r}" for k in self._repr_extra]
        return f"{type(self).__name__}({', '.join(fields)}; {self.n_params} parameters)"

    @property
    def n_params(self):
        """Number of scalar parameters."""
        return int(sum(np.size(p) for p in self.params.values()))

    def _check_params(self, name="params"):
        """The parameters as the passes use them: keys, shapes, float, finite (one pass per array).

        ``name`` is what messages call them (a caller may say whose: ``"models['RNN'].params"``).

        Every value is checked before a pass: an inf (or a 1e200) in a weight before a tanh
        would not show in the output (tanh saturates), it would silently give ±1.
        Entries over ``_checks.MAX_MAGNITUDE`` = 1e6 raise ``_checks.Overflow``.
        Messages name the entry, e.g. ``params['b']: got shape (1,), wanted (5,) = (n_hidden,)``.
        """
        key = tuple(getattr(self, k) for k in self._sizes + self._repr_extra)
        if self.__dict__.get("_spec_for") != key:       # the shapes wanted, built once per size
            self._spec = {k: (p.shape, p.text) for k, p in self._param_spec().items()}
            self._spec_for = key
        return _checks.param_arrays(self.params, self._spec, name)
