"""Shared chapter figures render, validate their input, and leave no pyplot figures behind."""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnnlib import plots


def render(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    assert buf.tell() > 1000
    return fig


def test_all_figures_render_without_pyplot():
    rng = np.random.default_rng(0)
    h = np.tanh(rng.normal(size=(6, 8)))
    h[4:] = np.nan  # steps not computed yet
    render(plots.heat_strip(h, labels=list("abcdef"), highlight=3, title="h"))
    render(plots.trajectory(rng.normal(size=(7, 2)), highlight=2))
    render(plots.param_counts([1, 2, 3], {"a": [1, 2, 3], "b": [5, 5, 5]}, log=True))
    render(plots.probabilities(np.full(4, 0.25), ["w", "x", "y", "z"], true=2))
    render(plots.accuracy_bars({"rnn": {"seen": 1.0, "longer": 0.9}, "mlp": {"seen": 0.98}}, chance=0.1))
    fig, axes = plots.new_figure(ncols=2)
    plots.heat_strip(h, ax=axes[0], colorbar=False)
    plots.probabilities([0.5, 0.5], ["a", "b"], ax=axes[1])
    render(fig)
    assert plt.get_fignums() == []


@pytest.mark.parametrize("call,arg", [
    (lambda: plots.heat_strip(np.zeros(3)), "h"),
    (lambda: plots.trajectory(np.zeros((3, 3))), "states"),
    (lambda: plots.param_counts([1, 2], {"a": [1]}), "counts"),
    (lambda: plots.probabilities([0.5, 0.5], ["a"]), "p"),
])
def test_bad_input(call, arg):
    with pytest.raises(ValueError, match=f"^{arg}"):
        call()
