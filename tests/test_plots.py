"""Shared chapter figures: each draws what it is given, renders, and leaves no pyplot figure behind.

(Their bad input is in the table of tests/test_bad_input.py.)
"""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from rnnlib import plots

RNG = np.random.default_rng(0)
H = np.tanh(RNG.normal(size=(6, 8)))


def rendered(fig):
    """``fig`` after rendering it to a PNG (every artist draws)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    return fig


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    plt.close("all")
    yield
    assert plt.get_fignums() == [], "a figure was registered with pyplot"


def test_heat_strip_draws_one_column_per_step_one_row_per_unit():
    h = H.copy()
    h[4:] = np.nan                                   # steps not computed yet: blank
    fig = rendered(plots.heat_strip(h, labels=list("abcdef"), highlight=3, title="h"))
    ax, bar = fig.axes                               # the strip and its colour bar
    (image,) = ax.get_images()
    data = image.get_array()
    assert data.shape == (8, 6) and data.mask[:, 4:].all() and not data.mask[:, :4].any()
    assert image.get_clim() == (-1.0, 1.0)
    assert [t.get_text() for t in ax.get_xticklabels()] == list("abcdef")
    assert ax.get_title() == "h" and ax.get_ylabel() == "unit"
    (frame,) = ax.patches                            # the highlighted step 3 is column index 2
    assert frame.get_x() == pytest.approx(1.5) and frame.get_width() == 1


def test_heat_strip_without_labels_counts_steps_from_one_and_can_skip_the_colour_bar():
    fig = plots.heat_strip(H, colorbar=False, vmax=2.0)
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4", "5", "6"]
    assert ax.get_images()[0].get_clim() == (-2.0, 2.0) and len(ax.patches) == 0


def test_trajectory_joins_the_states_and_marks_the_ends():
    s = RNG.normal(size=(7, 2))
    fig = rendered(plots.trajectory(s, highlight=2))
    (ax,) = fig.axes
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xydata(), s)
    assert [a.get_text() for a in ax.texts] == ["$s^{(0)}$", "$s^{(6)}$"]
    points, ring = ax.collections
    np.testing.assert_array_equal(points.get_offsets(), s)
    np.testing.assert_array_equal(ring.get_offsets(), [s[2]])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$s_1$", "$s_2$")


def test_param_counts_draws_one_line_per_model_on_a_log_scale():
    fig = rendered(plots.param_counts([1, 2, 3], {"a": [1, 2, 3], "b": [5, 5, 5]}, log=True))
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    np.testing.assert_array_equal(lines[1].get_ydata(), [5, 5, 5])
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "sequence length τ"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_probabilities_draws_one_bar_per_class_the_true_one_in_another_colour():
    fig = rendered(plots.probabilities([0.1, 0.2, 0.3, 0.4], ["w", "x", "y", "z"], true=2, title="ŷ"))
    (ax,) = fig.axes
    bars = ax.patches
    assert [b.get_height() for b in bars] == pytest.approx([0.1, 0.2, 0.3, 0.4])
    colours = [b.get_facecolor() for b in bars]
    assert colours[2] != colours[0] and colours[0] == colours[1] == colours[3]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["w", "x", "y", "z"]
    assert ax.get_ylim() == (0, 1) and ax.get_title() == "ŷ"


def test_accuracy_bars_groups_models_by_test_set_and_marks_what_is_missing():
    table = {"rnn": {"seen": 1.0, "longer": 0.9}, "mlp": {"seen": 0.98}}
    fig = rendered(plots.accuracy_bars(table, chance=0.1))
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["seen", "longer"]
    assert sorted(b.get_height() for b in ax.patches) == pytest.approx([0.0, 0.9, 0.98, 1.0])
    assert sorted(t.get_text() for t in ax.texts) == ["100%", "90%", "98%", "n/a"]
    (chance,) = [line for line in ax.get_lines() if line.get_label() == "chance"]
    assert chance.get_ydata()[0] == pytest.approx(0.1)
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["chance", "mlp", "rnn"]


def test_functions_draw_into_given_axes_of_one_figure():
    fig, axes = plots.new_figure(figsize=(8, 3), ncols=2)
    assert isinstance(fig, Figure) and len(axes) == 2 and tuple(fig.get_size_inches()) == (8, 3)
    assert plots.heat_strip(H, ax=axes[0], colorbar=False) is fig
    assert plots.probabilities([0.5, 0.5], ["a", "b"], ax=axes[1]) is fig
    assert len(fig.axes) == 2 and len(axes[1].patches) == 2 and len(axes[0].get_images()) == 1
    assert plots.figure_and_axes(axes[1]) == (fig, axes[1])
    rendered(fig)


def test_table_shows_its_header_rows_and_caption():
    table = plots.Table(("model", "accuracy"), [("rnn", 0.95), ("mlp", "n/a")], caption="Held out")
    html = table._repr_html_()
    assert html.count("<tr") == 3 and "<th" in html and "Held out" in html and "0.95" in html
    assert "rnn" in repr(table) and "n/a" in repr(table)
