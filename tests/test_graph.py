"""Tests of rnnlib.graph: the graph specs and that every drawing renders."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (only to check nothing is registered)
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from rnnlib import graph  # noqa: E402

TAUS = (1, 3, 7)


def render(fig):
    assert isinstance(fig, Figure)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=40)
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == []


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    plt.close("all")
    yield
    assert plt.get_fignums() == [], "a drawing registered a figure with pyplot"


# --- every drawing renders ---------------------------------------------------

@pytest.mark.parametrize("kind", graph.KINDS)
@pytest.mark.parametrize("tau", TAUS)
@pytest.mark.parametrize("direction", ["forward", "backward"])
def test_unfolded_renders_every_highlight(kind, tau, direction):
    for highlight in [None, *range(1, tau + 1)]:
        fig = graph.unfolded(kind, tau, highlight=highlight, direction=direction)
        render(fig)
        if highlight is not None:
            assert f"Step {highlight}" in fig.get_label()


@pytest.mark.parametrize("kind", graph.KINDS)
def test_circuit_and_side_by_side_render(kind):
    render(graph.circuit(kind))
    for tau in TAUS:
        render(graph.circuit_and_unfolded(kind, tau))
        render(graph.circuit_and_unfolded(kind, tau, highlight=tau, direction="backward"))


@pytest.mark.parametrize("kind", ["hidden", "output", "last"])
def test_unfolded_without_loss_has_no_loss_nodes(kind):
    sp = graph.spec(kind, 3, show_loss=False)
    assert not [n for n in sp.nodes if n.role in ("loss", "target")]
    render(graph.unfolded(kind, 3, show_loss=False))


@pytest.mark.parametrize("nx,ny", [(4, 3), (1, 1), (2, 6), (7, 2)])
def test_seq2seq_renders_every_step(nx, ny):
    render(graph.seq2seq(nx, ny))
    for t in range(1, nx + 1):
        render(graph.seq2seq(nx, ny, highlight=t, phase="encode"))
    for t in range(1, ny + 1):
        render(graph.seq2seq(nx, ny, highlight=t, phase="decode"))


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
    render(fig)


def test_values_are_printed():
    fig = graph.unfolded("hidden", 3, values={1: "0.42", "o2": "1.5", "$h^{(3)}$": "-7"})
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"0.42", "1.5", "-7"} <= texts
    with pytest.raises(ValueError, match="values"):
        graph.unfolded("hidden", 3, values={9: "x"})


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


# --- bad input -------------------------------------------------------------------

@pytest.mark.parametrize("call, argument", [
    (lambda: graph.unfolded("hiden"), "kind: got 'hiden', wanted one of 'dynamical'"),
    (lambda: graph.circuit("rnn"), "kind: got 'rnn'"),
    (lambda: graph.spec("lastt", 3), "kind: got 'lastt'"),
    (lambda: graph.describe("hiden", 3), "kind: got 'hiden'"),
    (lambda: graph.unfolded("hidden", 0), "tau: got 0, wanted an integer >= 1"),
    (lambda: graph.unfolded("hidden", 2.5), "tau: got 2.5"),
    (lambda: graph.circuit_and_unfolded("hidden", -1), "tau: got -1"),
    (lambda: graph.unfolded("hidden", 3, highlight=0), "highlight: got 0, wanted None or an integer in 1..3"),
    (lambda: graph.unfolded("hidden", 3, highlight=4), "highlight: got 4"),
    (lambda: graph.circuit_and_unfolded("output", 3, highlight=5), "highlight: got 5"),
    (lambda: graph.unfolded("hidden", 3, direction="back"), "direction: got 'back', wanted 'forward' or 'backward'"),
    (lambda: graph.circuit_and_unfolded("hidden", 3, direction=None), "direction: got None"),
    (lambda: graph.seq2seq(0, 3), "nx: got 0"),
    (lambda: graph.seq2seq(3, 0), "ny: got 0"),
    (lambda: graph.seq2seq(3, 2, highlight=1, phase="decoding"), "phase: got 'decoding'"),
    (lambda: graph.seq2seq(3, 2, highlight=1), "phase: got None"),
    (lambda: graph.seq2seq(3, 2, highlight=3, phase="decode"), "highlight: got 3, wanted None or an integer in 1..2"),
    (lambda: graph.seq2seq(3, 2, highlight=4, phase="encode"), "highlight: got 4"),
])
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(ValueError) as info:
        call()
    assert argument in str(info.value)
    assert plt.get_fignums() == []


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
