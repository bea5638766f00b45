"""Tests of rnnlib.graph: the graph specs, the highlighting, and that every drawing renders.

Rendering is the slow part: the drawings are made into the panels of a few
figures, and each figure is rasterised once (module-scoped fixtures).
"""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (only to check nothing is registered)
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from badinput import TE, VE, Bad, ids, refused  # noqa: E402
from rnnlib import graph  # noqa: E402

TAUS = (1, 3, 7)


def render(fig, dpi=30):
    """Rasterise ``fig``: every artist in it draws. Returns the PNG's bytes."""
    assert isinstance(fig, Figure)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == []
    return buf.getvalue()


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    plt.close("all")
    yield
    assert plt.get_fignums() == [], "a drawing registered a figure with pyplot"


# --- every drawing renders ---------------------------------------------------

# (tau, highlight, direction) for each kind: no highlight, the boundary step,
# the last step, forward and backward, one step and a long graph.
CASES = [(1, None, "forward"), (1, 1, "backward"), (3, 1, "forward"), (3, 3, "forward"),
         (3, 2, "backward"), (3, 3, "backward"), (7, 4, "forward"), (7, 7, "backward")]


@pytest.fixture(scope="module")
def unfolded_panels():
    """Every kind x CASES drawn into one figure's panels, rasterised once."""
    fig = Figure(figsize=(4 * len(CASES), 2 * len(graph.KINDS)))
    axes = fig.subplots(len(graph.KINDS), len(CASES))
    labels = {}
    for row, kind in zip(axes, graph.KINDS):
        for ax, (tau, highlight, direction) in zip(row, CASES):
            assert graph.unfolded(kind, tau, highlight=highlight, direction=direction, ax=ax) is fig
            labels[kind, tau, highlight, direction] = ax.get_label()
    return fig, labels, render(fig, dpi=20)


def test_unfolded_renders_every_kind_highlight_and_direction(unfolded_panels):
    fig, labels, png = unfolded_panels
    assert len(labels) == len(graph.KINDS) * len(CASES)
    for (kind, tau, highlight, direction), label in labels.items():
        assert label.startswith(graph.describe(kind, tau))
        if highlight is not None:
            assert f"Step {highlight} is highlighted ({direction} pass)" in label
    assert all(len(ax.patches) + len(ax.artists) > 0 for ax in fig.axes)


def test_unfolded_makes_its_own_figure_labelled_with_its_alt_text():
    fig = graph.unfolded("hidden", 3, highlight=2)
    assert fig.get_label() == fig.axes[0].get_label()
    assert fig.get_label() == graph.describe("hidden", 3) + " Step 2 is highlighted (forward pass)."
    render(fig)


@pytest.mark.parametrize("kind", graph.KINDS)
def test_circuit_and_side_by_side_render(kind):
    fig = Figure(figsize=(3, 2))
    assert graph.circuit(kind, ax=fig.add_subplot()) is fig
    render(fig)
    render(graph.circuit_and_unfolded(kind, 3, highlight=3, direction="backward"))


def test_unfolded_without_loss_has_no_loss_nodes():
    fig = Figure(figsize=(9, 2))
    for kind, ax in zip(["hidden", "output", "last"], fig.subplots(1, 3)):
        sp = graph.spec(kind, 3, show_loss=False)
        assert not [n for n in sp.nodes if n.role in ("loss", "target")]
        graph.unfolded(kind, 3, show_loss=False, ax=ax)
    render(fig)


def test_seq2seq_renders_every_step():
    steps = [(4, 3, None, None), (1, 1, 1, "encode"), (1, 1, 1, "decode"), (2, 6, 2, "encode"),
             (2, 6, 6, "decode"), (7, 2, 7, "encode"), (7, 2, 1, "decode")]
    fig = Figure(figsize=(3 * len(steps), 3))
    for ax, (nx, ny, highlight, phase) in zip(fig.subplots(1, len(steps)), steps):
        assert graph.seq2seq(nx, ny, highlight=highlight, phase=phase, ax=ax) is fig
        if highlight is not None:
            assert f"step {highlight} is highlighted" in ax.get_label()
    render(fig)


def test_draws_into_a_given_axes():
    fig = Figure(figsize=(8, 6))
    axes = fig.subplots(2, 2)
    assert graph.unfolded("hidden", 3, ax=axes[0, 0]) is fig
    assert graph.circuit("output", ax=axes[0, 1]) is fig
    assert graph.seq2seq(3, 2, ax=axes[1, 0]) is fig
    axes[1, 1].clear()
    assert graph.unfolded("dynamical", 4, highlight=2, ax=axes[1, 1]) is fig
    assert len(axes[0, 0].patches) > 0
    assert axes[0, 0].get_label().startswith("Unfolded graph")
    assert fig.get_label() == ""                    # not ours to label
    render(fig)


def test_values_are_printed():
    fig = graph.unfolded("hidden", 3, values={1: "0.42", "o2": "1.5", "$h^{(3)}$": "-7",
                                              np.int64(0): "h0"})
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"0.42", "1.5", "-7", "h0"} <= texts


def test_recurrent_weight_is_drawn_on_every_step():
    fig = graph.unfolded("hidden", 5)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels.count("$W$") == 5 and labels.count("$U$") == 5 and labels.count("$V$") == 5


# --- the graph specs -----------------------------------------------------------

def names(sp, role):
    return [n.name for n in sp.nodes if n.role == role]


@pytest.mark.parametrize("tau", TAUS)
def test_hidden_has_tau_w_edges_including_boundary(tau):
    # tau - 1 edges h(t-1) -> h(t) between steps, plus the boundary edge h(0) -> h(1).
    sp = graph.spec("hidden", tau)
    w = sp.weighted("W")
    assert len(w) == tau
    assert [e for e in w if e.boundary] == [graph.Edge("h0", "h1", "W", boundary=True)]
    assert {(e.src, e.dst) for e in w} == {(f"h{t - 1}", f"h{t}") for t in range(1, tau + 1)}
    assert len(sp.weighted("U")) == tau and len(sp.weighted("V")) == tau
    assert len(names(sp, "output")) == len(names(sp, "loss")) == len(names(sp, "target")) == tau
    assert sp.node("h0").boundary and not sp.node("h1").boundary


@pytest.mark.parametrize("tau", TAUS)
def test_output_pattern_recurs_from_o_to_h_only(tau):
    sp = graph.spec("output", tau)
    w = sp.weighted("W")
    assert {(e.src, e.dst) for e in w} == {(f"o{t - 1}", f"h{t}") for t in range(1, tau + 1)}
    roles = {n.name: n.role for n in sp.nodes}
    assert not [e for e in sp.edges if roles[e.src] == roles[e.dst] == "hidden"]
    assert "h0" not in roles and roles["o0"] == "output"


@pytest.mark.parametrize("tau", TAUS)
def test_last_pattern_has_one_output(tau):
    sp = graph.spec("last", tau)
    assert names(sp, "output") == [f"o{tau}"]
    assert [(e.src, e.dst) for e in sp.weighted("V")] == [(f"h{tau}", f"o{tau}")]
    assert len(sp.weighted("W")) == tau
    assert len(names(sp, "loss")) == 1


@pytest.mark.parametrize("tau", TAUS)
def test_dynamical_systems(tau):
    sp = graph.spec("dynamical", tau)
    assert names(sp, "input") == [] and len(names(sp, "state")) == tau + 1
    assert {(e.src, e.dst) for e in sp.weighted("f")} == {(f"s{t - 1}", f"s{t}")
                                                          for t in range(1, tau + 1)}
    sp = graph.spec("dynamical_input", tau)
    assert len(names(sp, "input")) == tau
    assert {(e.src, e.dst) for e in sp.edges if e.src.startswith("x")} == {
        (f"x{t}", f"s{t}") for t in range(1, tau + 1)}


@pytest.mark.parametrize("kind", graph.KINDS)
def test_circuit_has_one_delayed_recurrent_edge(kind):
    sp = graph.spec(kind, None)
    delayed = [e for e in sp.edges if e.delay]
    assert len(delayed) == 1
    expected = {"dynamical": ("s", "s"), "dynamical_input": ("s", "s"), "hidden": ("h", "h"),
                "output": ("o", "h"), "last": ("h", "h")}[kind]
    assert (delayed[0].src, delayed[0].dst) == expected
    assert all(n.t is None for n in sp.nodes)



def test_seq2seq_text_scale_multiplies_every_label():
    """A stepper frame shows the graph small: text_scale enlarges its labels (node and group)."""
    from rnnlib.plots import min_text_px
    small, large = (min_text_px(graph.seq2seq(4, 3, figsize=(6, 4), text_scale=k), 100) for k in (1.0, 1.3))
    assert large == pytest.approx(1.3 * small)

@pytest.mark.parametrize("nx,ny", [(4, 3), (1, 1), (2, 6)])
def test_seq2seq_spec(nx, ny):
    sp = graph.seq2seq_spec(nx, ny)
    assert len(names(sp, "hidden")) == nx and len(names(sp, "input")) == nx
    assert len(names(sp, "decoder")) == ny and len(names(sp, "output")) == ny
    assert names(sp, "context") == ["C"]
    assert [e.src for e in sp.edges if e.dst == "C"] == [f"h{nx}"]
    assert sorted(e.dst for e in sp.edges if e.src == "C") == sorted(f"s{t}" for t in range(1, ny + 1))


# --- highlighting ---------------------------------------------------------------

def test_forward_highlight_states():
    sp = graph.spec("hidden", 4)
    nodes, edges, _ = graph._states(sp, 2, "forward")
    assert {n for n, s in nodes.items() if s == "active"} == {"h2", "o2", "L2"}
    assert {n for n, s in nodes.items() if s == "faded"} == {
        f"{k}{t}" for k in "xhoLy" for t in (3, 4)}
    active = {(e.src, e.dst) for e, s in zip(sp.edges, edges) if s == "active"}
    assert active == {("x2", "h2"), ("h1", "h2"), ("h2", "o2"), ("o2", "L2"), ("y2", "L2")}


def test_backward_highlight_states():
    sp = graph.spec("hidden", 4)
    nodes, edges, _ = graph._states(sp, 2, "backward")
    grad = {(e.src, e.dst) for e, s in zip(sp.edges, edges) if s == "grad"}
    assert grad == {("h2", "o2"), ("h2", "h3"), ("o2", "L2")}
    assert {n for n, s in nodes.items() if s == "done"} == {
        f"{k}{t}" for k in "hoL" for t in (3, 4)}
    assert "faded" not in nodes.values()
    sp = graph.spec("output", 4)
    _, edges, _ = graph._states(sp, 2, "backward")
    grad = {(e.src, e.dst) for e, s in zip(sp.edges, edges) if s == "grad"}
    assert grad == {("h2", "o2"), ("o2", "h3"), ("o2", "L2")}


# --- descriptions ---------------------------------------------------------------

def test_describe():
    text = graph.describe("hidden", 3)
    assert text.startswith("Unfolded graph of a hidden-to-hidden RNN over 3 steps")
    assert "through U" in text and "through W" in text and "through V" in text
    assert "no hidden-to-hidden" in graph.describe("output", 2)
    assert "h(5)" in graph.describe("last", 5)
    assert "1 step:" in graph.describe("dynamical", 1)
    assert graph.describe("hidden").startswith("Circuit diagram")
    assert "y(1) to y(2)" in graph.describe("seq2seq", (5, 2))
    for kind in graph.KINDS:
        for tau in (None, 3):
            text = graph.describe(kind, tau)
            assert text.endswith(".") and "\n" not in text and "$" not in text
    assert graph.circuit("hidden").get_label() == graph.describe("hidden")
    assert graph.unfolded("output", 4).get_label() == graph.describe("output", 4)


# --- bad input: one row per (function, argument), on the shared harness (tests/badinput.py) ----

def _ax():
    return Figure().add_subplot()


def _s2s(**kwargs):
    return lambda v: graph.seq2seq(3, 2, **{k: (v if x is None else x) for k, x in kwargs.items()})


BAD = [
    Bad(graph.unfolded, "kind", "hiden", VE),
    Bad(graph.unfolded, "kind", None, TE),
    Bad(graph.circuit, "kind", "rnn", VE),
    Bad(graph.circuit, "kind", ["hidden"], TE),
    Bad(lambda k: graph.spec(k, 3), "kind", "lastt", VE),
    Bad(lambda k: graph.describe(k, 3), "kind", "hiden", VE),
    Bad(graph.circuit_and_unfolded, "kind", "seq2seq", VE),
    Bad(lambda t: graph.unfolded("hidden", t), "tau", 0, VE),
    Bad(lambda t: graph.unfolded("hidden", t), "tau", 3.0, TE),
    Bad(lambda t: graph.unfolded("hidden", t), "tau", None, TE),
    Bad(lambda t: graph.unfolded("hidden", t), "tau", 5000, VE, "1..50"),       # would not finish
    Bad(lambda t: graph.spec("hidden", t), "tau", 51, VE, "1..50"),
    Bad(lambda t: graph.circuit_and_unfolded("hidden", t), "tau", -1, VE),
    Bad(lambda t: graph.circuit_and_unfolded("hidden", t), "tau", 10**6, VE, "1..50"),
    Bad(lambda t: graph.describe("hidden", t), "tau", 0, VE),
    Bad(lambda t: graph.describe("hidden", t), "tau", 2.5, TE),
    Bad(lambda h: graph.unfolded("hidden", 3, highlight=h), "highlight", 4, VE, "None or an integer in 1..3"),
    Bad(lambda h: graph.unfolded("hidden", 3, highlight=h), "highlight", True, TE),
    Bad(lambda h: graph.circuit_and_unfolded("output", 3, highlight=h), "highlight", 5, VE),
    Bad(lambda h: graph.circuit_and_unfolded("output", 3, highlight=h), "highlight", "1", TE),
    Bad(lambda v: graph.unfolded("hidden", 3, direction=v), "direction", "back", VE),
    Bad(lambda v: graph.unfolded("hidden", 3, direction=v), "direction", 1, TE),
    Bad(lambda v: graph.circuit_and_unfolded("hidden", 3, direction=v), "direction", None, TE),
    Bad(lambda v: graph.unfolded("hidden", 3, show_loss=v), "show_loss", "no", TE),
    Bad(lambda v: graph.spec("hidden", 3, show_loss=v), "show_loss", None, TE),
    Bad(lambda v: graph.describe("hidden", 3, show_loss=v), "show_loss", 1, TE),
    Bad(lambda v: graph.unfolded("hidden", 3, values=v), "values", [1, 2], TE),
    Bad(lambda v: graph.unfolded("hidden", 3, values=v), "values", {9: "x"}, VE, "a time step 0..3"),
    Bad(lambda v: graph.unfolded("hidden", 3, values=v), "values", {"zz": "x"}, VE),
    Bad(lambda v: graph.unfolded("hidden", 3, values=v), "values", {True: "x"}, VE),
    Bad(lambda v: graph.unfolded("hidden", 3, ax=v), "ax", Figure(), TE),
    Bad(lambda v: graph.circuit("hidden", ax=v), "ax", [_ax()], TE),
    Bad(lambda v: graph.seq2seq(2, 2, ax=v), "ax", 1, TE),
    Bad(lambda v: graph.unfolded("hidden", 3, figsize=v), "figsize", "big", TE),
    Bad(lambda v: graph.unfolded("hidden", 3, figsize=v), "figsize", (float("nan"), 2), VE),
    Bad(lambda v: graph.unfolded("hidden", 3, figsize=v), "figsize", (1e6, 2), VE, "(0, 60]"),   # memory
    Bad(lambda v: graph.circuit("hidden", figsize=v), "figsize", ("4", 3), TE),
    Bad(lambda v: graph.circuit("hidden", figsize=v), "figsize", (-4, 3), VE),
    Bad(lambda v: graph.circuit_and_unfolded("hidden", 3, figsize=v), "figsize", (1, 2, 3), TE),
    Bad(lambda v: graph.circuit_and_unfolded("hidden", 3, figsize=v), "figsize", (0, 0), VE),
    Bad(lambda v: graph.seq2seq(2, 2, figsize=v), "figsize", 8, TE),
    Bad(lambda v: graph.seq2seq(2, 2, figsize=v), "figsize", (100, 3), VE),
    Bad(lambda v: graph.seq2seq(v, 3), "nx", 2.5, TE),
    Bad(lambda v: graph.seq2seq(v, 3), "nx", 0, VE),
    Bad(lambda v: graph.seq2seq(v, 3), "nx", 51, VE, "1..50"),
    Bad(lambda v: graph.seq2seq(2, v), "ny", "3", TE),
    Bad(lambda v: graph.seq2seq(2, v), "ny", 5000, VE, "1..50"),
    Bad(lambda v: graph.seq2seq(2, 2, text_scale=v), "text_scale", 5, VE),
    Bad(lambda v: graph.seq2seq(2, 2, text_scale=v), "text_scale", "big", TE),
    Bad(lambda v: graph.seq2seq_spec(v, 3), "nx", 0, VE),
    Bad(lambda v: graph.seq2seq_spec(3, v), "ny", None, TE),
    Bad(_s2s(highlight=1, phase=None), "phase", "decoding", VE),
    Bad(_s2s(highlight=1, phase=None), "phase", 1, TE),
    Bad(lambda h: graph.seq2seq(3, 2, highlight=h), "phase", 1, VE, "got None with highlight=1"),
    Bad(_s2s(highlight=None, phase="decode"), "highlight", 3, VE, "1..2"),
    Bad(_s2s(highlight=None, phase="encode"), "highlight", 4, VE, "1..3"),
    Bad(_s2s(highlight=None, phase="encode"), "highlight", 1.0, TE),
    Bad(lambda t: graph.describe("seq2seq", t), "nx", (0, 3), VE),
    Bad(lambda t: graph.describe("seq2seq", t), "ny", (3, 99), VE),
    Bad(lambda t: graph.describe("seq2seq", t), "tau", 5, TE),
    Bad(lambda t: graph.describe("seq2seq", t), "tau", "ab", TE),
    Bad(graph.spec("hidden", 3).node, "name", "zz", VE),
    Bad(graph.spec("hidden", 3).node, "name", 3, TE),
    Bad(graph.spec("hidden", 3).weighted, "weight", None, TE),
]


@pytest.mark.parametrize("row", BAD, ids=ids(BAD))
def test_bad_input_raises_naming_the_argument(row):
    refused(row)


EDGE = [
    lambda: graph.unfolded("hidden", np.int64(3), highlight=np.int64(2)),
    lambda: graph.unfolded("hidden", 3, values={np.int64(1): 0.5, "y2": np.float64(1.0)}),
    lambda: graph.unfolded("hidden", 1, highlight=1, direction="backward"),
    lambda: graph.unfolded("dynamical", graph.MAX_TAU, highlight=graph.MAX_TAU),
    lambda: graph.unfolded("last", 2, figsize=(np.float32(4), np.int64(2))),
    lambda: graph.unfolded("output", 2, figsize=[4, 2], show_loss=np.bool_(False)),
    lambda: graph.circuit_and_unfolded("output", np.int64(2), highlight=np.int64(1)),
    lambda: graph.seq2seq(np.int64(2), np.int64(2), highlight=np.int64(1), phase="encode"),
    lambda: graph.seq2seq(1, 1, highlight=1, phase="decode"),
    lambda: graph.describe("seq2seq", [2, 3]),
    lambda: graph.describe("seq2seq", (np.int64(2), np.int64(3))),
    lambda: graph.describe("hidden", np.int64(4)),
    lambda: graph.spec("last", 1, show_loss=np.bool_(False)),
]


@pytest.mark.parametrize("call", EDGE, ids=range(len(EDGE)))
def test_edge_inputs_work(call):
    result = call()
    assert isinstance(result, (Figure, str, graph.GraphSpec))


def test_seq2seq_highlight_states():
    sp = graph.seq2seq_spec(3, 2)
    nodes, edges, _ = graph._seq2seq_states(sp, 2, "encode")
    assert {n for n, s in nodes.items() if s == "active"} == {"h2"}
    assert {n for n, s in nodes.items() if s == "faded"} == {"x3", "h3", "C", "s1", "s2", "y1", "y2"}
    nodes, edges, _ = graph._seq2seq_states(sp, 2, "decode")
    assert {n for n, s in nodes.items() if s == "active"} == {"s2", "y2"}
    assert {n for n, s in nodes.items() if s == "faded"} == set()
    active = {(e.src, e.dst) for e, s in zip(sp.edges, edges) if s == "active"}
    assert active == {("C", "s2"), ("s1", "s2"), ("s2", "y2")}
