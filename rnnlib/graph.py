"""Circuit diagrams and unfolded computational graphs, drawn from the model.

Chapter 10 of Goodfellow, Bengio and Courville draws the same few graphs again
and again (figures 10.1-10.5 and 10.12). Here they are *generated*: one
function, :func:`spec`, describes a graph as nodes ``(name, role, t, label)``
and edges ``(src, dst, weight)``; :mod:`rnnlib.graph_draw` places the nodes on
a grid (one column per time step, one row per role) and draws any spec with
one routine. Because every edge carries its weight name, the reader sees
the same U, W and V (or f and θ) reused at every step.

Every public drawing function returns a :class:`matplotlib.figure.Figure`
built without pyplot (nothing is registered, nothing displays twice) and takes
``ax=`` to draw into an existing Axes instead. Its alt text is set as the
figure's label (``fig.get_label()``) and the Axes' label; :func:`describe`
gives the same sentence for a chapter's figure directive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from . import _checks
from .graph_draw import (  # noqa: F401  (the scale and colours for chapters; the highlighting for tests)
    COL,
    FADE,
    GRAD,
    HILITE,
    INK,
    ROW,
    R,
    _bounds,
    _draw,
    _draw_circuit,
    _label,
    _layout,
    _layout_seq2seq,
    _new_axes,
    _seq2seq_states,
    _states,
    _value_node,
)
from .widgets.labels import text as _text

__all__ = ["KINDS", "MAX_TAU", "Node", "Edge", "GraphSpec", "spec", "seq2seq_spec",
           "unfolded", "circuit", "circuit_and_unfolded", "seq2seq", "describe"]

KINDS = ("dynamical", "dynamical_input", "hidden", "output", "last")
MAX_TAU = 50            # steps of one drawing (also nx and ny of seq2seq)
MAX_FIGSIZE = 60.0      # inches, either side
_TOO_LONG = " (a drawing of more steps does not fit on a page)"

# ----------------------------------------------------------------------------
# The graph description
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    name: str               # unique id: "x1", "h3", "o0", "C", "h" (folded)
    role: str               # input state hidden output loss target context decoder
    t: int | None           # time step; None in a folded circuit or for C
    label: str              # mathtext shown in the node
    boundary: bool = False  # the initial state h(0), s(0) or o(0)


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    weight: str = ""        # "U", "W", "V", "f" or "" (no parameters)
    boundary: bool = False  # leaves the initial state
    delay: bool = False     # recurrent edge of a circuit: one-step delay


@dataclass(frozen=True)
class GraphSpec:
    kind: str
    tau: int | None         # None for a folded circuit
    nodes: tuple
    edges: tuple

    def node(self, name):
        """The node called ``name`` ("h2", "x1", "C", ...)."""
        _checks.text(name, "name")
        for n in self.nodes:
            if n.name == name:
                return n
        names = [n.name for n in self.nodes]
        raise ValueError(f"name: got {name!r}, wanted a node of this graph: "
                         + ", ".join(map(repr, names[:8])) + (", ..." if len(names) > 8 else ""))

    def weighted(self, weight):
        """The edges that carry parameter ``weight`` ("U", "W", ...)."""
        _checks.text(weight, "weight")
        return [e for e in self.edges if e.weight == weight]


def _check_kind(kind):
    _checks.choice(kind, "kind", KINDS)


def _check_tau(tau, name="tau"):
    return _checks.positive_int(tau, name, MAX_TAU, _TOO_LONG)


def _check_figsize(figsize):
    """None, or (width, height) in inches, each in (0, MAX_FIGSIZE]."""
    if figsize is None:
        return None
    wanted = f"None or (width, height) in inches, each in (0, {MAX_FIGSIZE:g}]"
    if isinstance(figsize, (str, bytes)) or not hasattr(figsize, "__len__") or len(figsize) != 2:
        raise _checks.ArgumentTypeError(f"figsize: got {_checks._got(figsize)}, wanted {wanted}")
    return tuple(_checks.number(v, "figsize", 0, MAX_FIGSIZE, low_open=True, what="a size in inches")
                 for v in figsize)


def _check_ax(ax):
    if ax is not None:
        from matplotlib.axes import Axes
        _checks.instance(ax, "ax", Axes, "None or a matplotlib Axes")
    return ax


def _check_values(values, sp):
    """None, or a dict {time step or node name: text}; every key names a node of ``sp``."""
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise _checks.ArgumentTypeError(f"values: got {_checks._got(values)}, wanted None or a dict "
                                        "{time step or node name: text}")
    for key in values:
        _value_node(sp, key)
    return values


def _lab(sym, t=None):
    return f"${sym}$" if t is None else f"${sym}^{{({t})}}$"


def spec(kind, tau=3, *, show_loss=True):
    """The graph of ``kind`` unfolded over ``tau`` steps (``tau=None``: the circuit).

    Unfolded graphs start from a boundary node at t = 0 (h(0), s(0), or o(0)
    for the output-recurrent pattern), so the recurrent weight appears on
    exactly ``tau`` edges: tau - 1 between steps plus the boundary edge from
    the initial node into step 1.
    """
    _check_kind(kind)
    if tau is not None:
        tau = _check_tau(tau)
    show_loss = _checks.boolean(show_loss, "show_loss")
    dyn = kind.startswith("dynamical")
    s, role, rec = ("s", "state", "f") if dyn else ("h", "hidden", "W")
    nodes, edges = [], []

    def add(name, role_, t, sym, boundary=False):
        nodes.append(Node(name, role_, t, _lab(sym, t), boundary))

    steps = [None] if tau is None else list(range(1, tau + 1))
    if tau is not None:  # the initial state the recurrence starts from
        add("o0", "output", 0, "o", True) if kind == "output" else add(f"{s}0", role, 0, s, True)
    for t in steps:
        k = "" if t is None else str(t)
        prev = "" if t is None else str(t - 1)
        if kind != "dynamical":
            add(f"x{k}", "input", t, "x")
            edges.append(Edge(f"x{k}", f"{s}{k}", "" if dyn else "U"))
        add(f"{s}{k}", role, t, s)
        src = f"o{prev}" if kind == "output" else f"{s}{prev}"
        edges.append(Edge(src, f"{s}{k}", rec, boundary=t == 1, delay=t is None))
        if kind in ("hidden", "output") or (kind == "last" and t in (None, tau)):
            add(f"o{k}", "output", t, "o")
            edges.append(Edge(f"h{k}", f"o{k}", "V"))
            if show_loss:
                add(f"L{k}", "loss", t, "L")
                add(f"y{k}", "target", t, "y")
                edges += [Edge(f"o{k}", f"L{k}"), Edge(f"y{k}", f"L{k}")]
    return GraphSpec(kind, tau, tuple(nodes), tuple(edges))


def seq2seq_spec(nx=4, ny=3):
    """Encoder h(1..nx) reading x(1..nx), context C, decoder s(1..ny) emitting y(1..ny)."""
    nx, ny = _check_tau(nx, "nx"), _check_tau(ny, "ny")
    nodes, edges = [], []
    for t in range(1, nx + 1):
        nodes += [Node(f"x{t}", "input", t, _lab("x", t)),
                  Node(f"h{t}", "hidden", t, _lab("h", t))]
        edges.append(Edge(f"x{t}", f"h{t}"))
        if t > 1:
            edges.append(Edge(f"h{t - 1}", f"h{t}"))
    nodes.append(Node("C", "context", None, "$C$"))
    edges.append(Edge(f"h{nx}", "C"))
    for t in range(1, ny + 1):
        nodes += [Node(f"s{t}", "decoder", t, _lab("s", t)),
                  Node(f"y{t}", "output", t, _lab("y", t))]
        edges += [Edge("C", f"s{t}"), Edge(f"s{t}", f"y{t}")]
        if t > 1:
            edges.append(Edge(f"s{t - 1}", f"s{t}"))
    return GraphSpec("seq2seq", (nx, ny), tuple(nodes), tuple(edges))


# ----------------------------------------------------------------------------
# Alt text
# ----------------------------------------------------------------------------

_CIRCUIT_TEXT = {
    "dynamical": "s feeds back into itself through f with parameters θ, "
                 "with a one-step delay (black square)",
    "dynamical_input": "x feeds s, and s feeds back into itself through f with "
                       "parameters θ, with a one-step delay (black square)",
    "hidden": "x feeds h through U, h feeds back into itself through W with a "
              "one-step delay (black square), h feeds o through V, and o and "
              "the target y feed the loss L",
    "output": "x feeds h through U, h feeds o through V, o feeds back into h "
              "through W with a one-step delay (black square), and o and the "
              "target y feed the loss L",
    "last": "x feeds h through U, h feeds back into itself through W with a "
            "one-step delay (black square), and h feeds a single output o "
            "through V at the last step only",
}
_NAMES = {"dynamical": "the dynamical system s(t) = f(s(t-1); θ)",
          "dynamical_input": "the dynamical system s(t) = f(s(t-1), x(t); θ)",
          "hidden": "a hidden-to-hidden RNN", "output": "an output-to-hidden RNN",
          "last": "an RNN with a single output at the end"}


def describe(kind, tau=None, *, show_loss=True):
    """One plain-text sentence of alt text for a drawing of ``kind``.

    ``tau=None`` describes the folded circuit, an integer the unfolded graph;
    ``describe("seq2seq", (nx, ny))`` describes the encoder-decoder.
    """
    show_loss = _checks.boolean(show_loss, "show_loss")
    if kind == "seq2seq":
        if tau is None:
            tau = (4, 3)
        if isinstance(tau, (str, bytes)) or not hasattr(tau, "__len__") or len(tau) != 2:
            raise _checks.ArgumentTypeError(f"tau: got {_checks._got(tau)}, wanted None or "
                                            "(nx, ny) for kind 'seq2seq'")
        nx, ny = _check_tau(tau[0], "nx"), _check_tau(tau[1], "ny")
        return (f"Encoder-decoder RNN: the encoder reads x(1) to x({nx}) into "
                f"hidden states h(1) to h({nx}), the last state becomes a "
                f"fixed-size context C, and the decoder states s(1) to s({ny}), "
                f"each conditioned on C, generate y(1) to y({ny}).")
    _checks.choice(kind, "kind", KINDS + ("seq2seq",))
    if tau is None:
        return f"Circuit diagram of {_NAMES[kind]}: {_CIRCUIT_TEXT[kind]}."
    tau = _check_tau(tau)
    steps = f"{tau} step" + ("s" if tau > 1 else "")
    loss = (", and each o(t) and target y(t) feed the loss L(t)" if show_loss else "")
    body = {
        "dynamical": "starting from s(0), each s(t-1) gives s(t) through the "
                     "same function f with the same parameters θ",
        "dynamical_input": "starting from s(0), each s(t) is computed from "
                           "s(t-1) and x(t) by the same function f with the "
                           "same parameters θ",
        "hidden": "each x(t) feeds h(t) through U, each h(t-1) feeds h(t) "
                  "through W (starting from h(0)), and each h(t) feeds o(t) "
                  "through V" + loss,
        "output": "each x(t) feeds h(t) through U, each h(t) feeds o(t) "
                  "through V, each o(t-1) feeds h(t) through W (starting from "
                  "o(0)), and there is no hidden-to-hidden edge" + loss,
        "last": f"each x(t) feeds h(t) through U, each h(t-1) feeds h(t) "
                f"through W (starting from h(0)), and only h({tau}) feeds the "
                f"single output o({tau}) through V"
                + (f", which with the target y({tau}) gives the loss L({tau})"
                   if show_loss else ""),
    }[kind]
    name = _NAMES[kind]
    return f"Unfolded graph of {name} over {steps}: {body}."



# ----------------------------------------------------------------------------
# Public drawing functions
# ----------------------------------------------------------------------------


def unfolded(kind, tau=3, *, highlight=None, direction="forward", show_loss=True,
             values=None, ax=None, figsize=None):
    """Draw the unfolded computational graph of ``kind`` over ``tau`` steps.

    ``highlight=t`` (1-based) marks step t: going ``"forward"``, the nodes
    computed at t and the edges they use (blue), later steps faded; going
    ``"backward"``, the gradient arrows (vermilion, ∇) flowing into step t,
    with the steps after t marked as done. ``values`` maps a time step or a
    node name ("h2", "o3") to a short text printed beside that node.
    """
    _check_kind(kind)
    tau = _check_tau(tau)                # an unfolded graph has steps (circuit() has none)
    sp = spec(kind, tau, show_loss=show_loss)
    highlight = _checks.integer(highlight, "highlight", 1, tau, allow_none=True)
    _checks.choice(direction, "direction", ("forward", "backward"))
    values = _check_values(values, sp)
    ax, figsize = _check_ax(ax), _check_figsize(figsize)
    pos = _layout(sp)
    fig_given = ax.figure if ax is not None else None
    ax, ppu = _new_axes(ax, _bounds(pos), figsize)
    _draw(ax, sp, pos, ppu, _states(sp, highlight, direction), values)
    text = describe(kind, tau, show_loss=show_loss)
    if highlight is not None:
        text += f" Step {highlight} is highlighted ({direction} pass)."
    return _label(ax, fig_given, text)


def circuit(kind, *, ax=None, figsize=None):
    """Draw the folded circuit of ``kind``, the recurrent edge carrying a delay square."""
    sp = spec(kind, None)
    ax, figsize = _check_ax(ax), _check_figsize(figsize)
    pos = _layout(sp)
    x0, x1, y0, y1 = _bounds(pos)
    fig_given = ax.figure if ax is not None else None
    ax, ppu = _new_axes(ax, (x0 - 0.2, x1 + 1.3, y0, y1), figsize)
    _draw_circuit(ax, sp, pos, ppu)
    return _label(ax, fig_given, describe(kind))


def circuit_and_unfolded(kind, tau=3, *, highlight=None, direction="forward", figsize=None):
    """The circuit and its unfolded graph side by side, joined by an "Unfold" arrow."""
    _check_kind(kind)
    tau = _check_tau(tau)
    sp_c, sp_u = spec(kind, None), spec(kind, tau)
    highlight = _checks.integer(highlight, "highlight", 1, tau, allow_none=True)
    _checks.choice(direction, "direction", ("forward", "backward"))
    figsize = _check_figsize(figsize)
    pos_c = _layout(sp_c)
    shift = 3.4
    pos_u = _layout(sp_u, x0=shift)
    _, _, y0, y1 = _bounds({**pos_c, **pos_u})
    _, ux1, _, _ = _bounds(pos_u)
    ax, ppu = _new_axes(None, (-0.95, ux1, y0, y1), figsize, max_width=12.0)
    _draw_circuit(ax, sp_c, pos_c, ppu)
    _draw(ax, sp_u, pos_u, ppu, _states(sp_u, highlight, direction))
    hx = [n.name for n in sp_c.nodes if n.role in ("state", "hidden")][0]
    y = pos_c[hx][1]
    ax.add_artist(FancyArrowPatch((1.75, y), (shift - 0.65, y), arrowstyle="-|>",
                                 mutation_scale=0.5 * R * ppu, color=INK, lw=1.6))
    _text(ax, (1.75 + shift - 0.65) / 2, y + 0.13, "Unfold", ha="center", va="bottom",
            fontsize=0.6 * R * ppu, color=INK)
    text = (describe(kind) + " Beside it, unfolded: " + describe(kind, tau)[0].lower()
            + describe(kind, tau)[1:])
    return _label(ax, None, text)


def seq2seq(nx=4, ny=3, *, highlight=None, phase=None, ax=None, figsize=None, text_scale=1.0):
    """Draw the encoder-decoder of figure 10.12.

    ``phase="encode"`` with ``highlight=t`` marks encoder step t (1..nx);
    ``phase="decode"`` marks decoder step t (1..ny). Later steps are faded.
    ``text_scale`` (0.5 to 2) multiplies the size of every label, for a drawing shown small
    (a stepper's frame) whose text would otherwise be under 11 px.
    """
    sp = seq2seq_spec(nx, ny)
    nx, ny = sp.tau
    if phase is not None:
        _checks.text(phase, "phase", allow_none=True)
        _checks.choice(phase, "phase", ("encode", "decode"))
    if highlight is not None and phase is None:
        raise ValueError(f"phase: got None with highlight={highlight!r}, wanted "
                         "'encode' or 'decode'")
    highlight = _checks.integer(highlight, "highlight", 1, nx if phase == "encode" else ny, allow_none=True)
    text_scale = _checks.number(text_scale, "text_scale", 0.5, 2.0)
    ax, figsize = _check_ax(ax), _check_figsize(figsize)
    pos = _layout_seq2seq(sp)
    x0, x1, y0, y1 = _bounds(pos)
    fig_given = ax.figure if ax is not None else None
    ax, ppu = _new_axes(ax, (x0, x1, y0, y1 + 0.2), figsize)
    _draw(ax, sp, pos, ppu, _seq2seq_states(sp, highlight, phase), text_scale=text_scale)
    for names, title in (([f"h{nx}", "x1", "h1"], "Encoder"), ([f"s{ny}", "s1", f"y{ny}"], "Decoder")):
        xs = [pos[n][0] for n in names]
        ys = [pos[n][1] for n in names]
        ax.add_artist(FancyBboxPatch((min(xs) - 0.55, min(ys) - 0.55), max(xs) - min(xs) + 1.1,
                                    max(ys) - min(ys) + 1.1, boxstyle="round,pad=0,rounding_size=0.2",
                                    fc="#f4f4f4", ec="#cccccc", lw=1, zorder=0))
        _text(ax, min(xs) - 0.45, max(ys) + 0.62, title, ha="left", va="bottom",
                fontsize=0.6 * R * ppu * text_scale, color=INK)
    text = describe("seq2seq", (nx, ny))
    if highlight is not None:
        text += f" {'Encoder' if phase == 'encode' else 'Decoder'} step {highlight} is highlighted."
    return _label(ax, fig_given, text)
