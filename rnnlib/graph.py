"""Circuit diagrams and unfolded computational graphs, drawn from the model.

Chapter 10 of Goodfellow, Bengio and Courville draws the same few graphs again
and again (figures 10.1-10.5 and 10.12). Here they are *generated*: one
function, :func:`spec`, describes a graph as nodes ``(name, role, t, label)``
and edges ``(src, dst, weight)``; :func:`_layout` places the nodes on a grid
(one column per time step, one row per role); one routine, :func:`_draw`,
draws any spec. Because every edge carries its weight name, the reader sees
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

import numpy as np
import matplotlib
from matplotlib.artist import allow_rasterization
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform

from . import _checks

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


def _check_step(name, value, high):
    """None, or an integer step in 1..high (numpy integers too). Returns it as int."""
    if value is None:
        return None
    wanted = f"None or an integer in 1..{high}"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(value)}, wanted {wanted}")
    if not 1 <= value <= high:
        raise ValueError(f"{name}: got {int(value)}, wanted {wanted}")
    return int(value)


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
# Layout: data coordinates of every node
# ----------------------------------------------------------------------------

COL, ROW, R = 1.6, 1.3, 0.34     # column and row spacing, node radius
_ROWS = ("input", "state", "hidden", "output", "loss", "target")


def _layout(sp, x0=0.0):
    """One column per time step (t = 0 at ``x0``), one row per role present."""
    present = [r for r in _ROWS if any(n.role == r for n in sp.nodes)]
    row = {r: i for i, r in enumerate(present)}
    return {n.name: (x0 + COL * (n.t or 0), ROW * row[n.role]) for n in sp.nodes}


def _layout_seq2seq(sp):
    """Encoder at the bottom, C just after its last state, decoder centred above C.

    C sits far enough below the decoder that its fan of edges clears every
    decoder node (the gap grows with the decoder's half-width).
    """
    nx, ny = sp.tau
    half = COL * (ny - 1) / 2
    cx, cy = COL * (nx - 0.35), 2.1 * ROW
    gap = max(ROW, 0.34 * half)
    pos = {"C": (cx, cy)}
    for n in sp.nodes:
        if n.role in ("input", "hidden"):
            pos[n.name] = (COL * (n.t - 1), ROW * (n.role == "hidden"))
        elif n.role in ("decoder", "output"):
            pos[n.name] = (cx - half + COL * (n.t - 1), cy + gap + ROW * (n.role == "output"))
    return pos


def _bounds(pos, pad=0.75):
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    return min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad


# ----------------------------------------------------------------------------
# Highlighting: the state of every node and edge for step t
# ----------------------------------------------------------------------------

_COMPUTED = ("state", "hidden", "output", "loss", "decoder", "context")


def _states(sp, highlight, direction):
    """Node states (normal active faded done), edge states (normal active faded grad)."""
    nodes = {n.name: "normal" for n in sp.nodes}
    edges = ["normal"] * len(sp.edges)
    colour = HILITE if direction == "forward" else GRAD
    if highlight is None:
        return nodes, edges, colour
    step = {n.name for n in sp.nodes if n.t == highlight and n.role in _COMPUTED}
    for n in sp.nodes:
        if n.name in step:
            nodes[n.name] = "active"
        elif n.t is not None and n.t > highlight:
            if direction == "forward":
                nodes[n.name] = "faded"
            elif n.role in _COMPUTED:
                nodes[n.name] = "done"
    for i, e in enumerate(sp.edges):
        if direction == "forward" and e.dst in step:
            edges[i] = "active"
        elif "faded" in (nodes[e.src], nodes[e.dst]):
            edges[i] = "faded"
        if direction == "backward" and e.src in step and nodes[e.dst] != "normal":
            edges[i] = "grad"                # the gradient flows back along e
    return nodes, edges, colour


def _seq2seq_states(sp, highlight, phase):
    """Like :func:`_states` for the encoder (phase "encode") or decoder step t."""
    nodes = {n.name: "normal" for n in sp.nodes}
    edges = ["normal"] * len(sp.edges)
    if highlight is None:
        return nodes, edges, HILITE
    steps = ("input", "hidden") if phase == "encode" else ("decoder", "output")
    computed = ("hidden",) if phase == "encode" else ("decoder", "output")
    for n in sp.nodes:
        if n.role in computed and n.t == highlight:
            nodes[n.name] = "active"
        elif (n.role in steps and n.t > highlight) or (
                phase == "encode" and n.role in ("context", "decoder", "output")):
            nodes[n.name] = "faded"            # not computed yet
    for i, e in enumerate(sp.edges):
        if nodes[e.dst] == "active":
            edges[i] = "active"
        elif "faded" in (nodes[e.src], nodes[e.dst]):
            edges[i] = "faded"
    return nodes, edges, HILITE


# ----------------------------------------------------------------------------
# Drawing
# ----------------------------------------------------------------------------

# ----------------------------------------------------------------------------
# Labels drawn from cached bitmaps
# ----------------------------------------------------------------------------

_LABELS = {}            # appearance key -> (RGBA bitmap, dx, dy), see _Label
_MAX_LABELS = 1024


class _Label(Text):
    """A Text that the Agg renderer draws from a cached bitmap.

    A stepper draws the same few labels ("$h^{(3)}$", "$W$", "+0.76") frame
    after frame, each time laying out and rasterising every glyph (most of a
    graph frame's time). This Text is rendered once per appearance (text,
    font, colour, alpha, alignment, box, dpi) into a small RGBA bitmap, and
    then pasted at its anchor, rounded to the pixel (as Agg rounds glyph
    positions: at most a pixel's shift). Other renderers (PDF, SVG) and
    rotated text draw it as a Text.
    """

    _bbox_kw = None

    def set_bbox(self, rectprops):
        self._bbox_kw = None if rectprops is None else dict(rectprops)
        super().set_bbox(rectprops)

    def _key(self, dpi):
        bbox = None if self._bbox_kw is None else repr(sorted(self._bbox_kw.items()))
        rc = tuple(str(matplotlib.rcParams[k]) for k in (
            "font.family", "font.sans-serif", "mathtext.fontset", "text.hinting",
            "text.hinting_factor", "text.antialiased"))
        return (self.get_text(), self.get_fontsize(), to_hex(self.get_color(), keep_alpha=True),
                self.get_alpha(), self.get_ha(), self.get_va(), self.get_fontweight(),
                self.get_fontstyle(), tuple(self.get_fontfamily()), bbox, dpi, rc)

    def _bitmap(self, dpi):
        """(RGBA uint8 rows bottom to top, dx, dy): the label drawn alone, and where its
        lower-left pixel lies relative to the anchor."""
        size = 2 * (self.get_fontsize() * dpi / 72 * (len(self.get_text()) + 4) + 24)
        for _ in range(4):
            fig = Figure(figsize=(size / dpi, size / dpi), dpi=dpi)
            fig.patch.set_alpha(0)
            canvas = FigureCanvasAgg(fig)
            w, h = (int(v) for v in fig.bbox.size)
            cx, cy = w // 2, h // 2
            label = Text(cx, cy, self.get_text(), transform=IdentityTransform(),
                         fontsize=self.get_fontsize(), color=self.get_color(), alpha=self.get_alpha(),
                         ha=self.get_ha(), va=self.get_va(), fontweight=self.get_fontweight(),
                         fontstyle=self.get_fontstyle(), fontfamily=self.get_fontfamily(),
                         bbox=self._bbox_kw)
            fig.add_artist(label)
            canvas.draw()
            rgba = np.asarray(canvas.buffer_rgba())
            rows, cols = np.nonzero(rgba[..., 3])
            if not rows.size:
                return None
            top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
            if top > 0 and left > 0 and bottom < rgba.shape[0] and right < rgba.shape[1]:
                return (np.ascontiguousarray(rgba[top:bottom, left:right][::-1]),
                        int(left - cx), int(rgba.shape[0] - bottom - cy))
            size *= 2                   # touched the edge: draw it again on a larger canvas
        return None

    @allow_rasterization
    def draw(self, renderer):
        if (not self.get_visible() or not isinstance(renderer, RendererAgg)
                or self.get_text() == "" or self.get_rotation() % 360):
            return super().draw(renderer)
        key = self._key(renderer.dpi)
        entry = _LABELS.get(key, False)
        if entry is False:
            if len(_LABELS) >= _MAX_LABELS:
                _LABELS.clear()
            entry = _LABELS[key] = self._bitmap(renderer.dpi)
        self._renderer = renderer
        if entry is not None:
            image, dx, dy = entry
            x = float(self.convert_xunits(self._x))
            y = float(self.convert_yunits(self._y))
            x, y = self.get_transform().transform((x, y))
            gc = renderer.new_gc()
            renderer.draw_image(gc, round(x) + dx, round(y) + dy, image)
            gc.restore()
        self.stale = False


def _text(ax, x, y, s, **kwargs):
    """``ax.text`` with a :class:`_Label`."""
    label = _Label(x, y, s, **kwargs)
    ax.add_artist(label)
    return label


# Okabe-Ito colour-blind-safe palette, one hue per role: nodes are filled with a
# light tint and outlined with a dark shade of it.
_OKABE = {"input": "#56B4E9", "state": "#E69F00", "hidden": "#E69F00",
          "decoder": "#E69F00", "output": "#009E73", "loss": "#CC79A7",
          "target": "#999999", "context": "#F0E442"}
HILITE, GRAD, INK = "#0072B2", "#D55E00", "#333333"
FADE = 0.22
_BOX = (1.08 * R, 0.84 * R)             # half width and height of a loss box


def _mix(hex_colour, other, a):
    c = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    o = [int(other[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return tuple((1 - a) * ci + a * oi for ci, oi in zip(c, o))


def _new_axes(ax, bounds, figsize, max_width=11.0, inch_per_unit=0.6):
    """Create a pyplot-free Figure sized to ``bounds`` (or use ``ax``)."""
    x0, x1, y0, y1 = bounds
    if ax is None:
        w, h = (x1 - x0) * inch_per_unit, (y1 - y0) * inch_per_unit
        if figsize is None:
            scale = min(1.0, max_width / w)
            figsize = (w * scale, h * scale)
        fig = Figure(figsize=figsize)
        ax = fig.add_subplot()
        fig.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    fw, fh = ax.figure.get_size_inches()
    box = ax.get_position()
    ppu = min(fw * box.width / (x1 - x0), fh * box.height / (y1 - y0)) * 72
    return ax, ppu                      # ppu: points per data unit


def _label(ax, fig, text):
    ax.set_label(text)
    if fig is None:                     # we made the figure: it is ours to label
        ax.figure.set_label(text)
    return ax.figure


def _draw(ax, sp, pos, ppu, states=None, values=None):
    """Draw the nodes, edges and weight labels of ``sp`` at ``pos``."""
    nstate, estate, active = states or _states(sp, None, "forward")
    fs = max(5.0, 0.7 * R * ppu)        # node label size follows the scale
    efs = 0.82 * fs
    # Shrunk here, in data units: matplotlib's shrinkA/B clip each arrow's path by bisection.
    arrow = dict(arrowstyle="-|>", mutation_scale=0.62 * fs, shrinkA=0, shrinkB=0)
    gap_a, gap_b = 1.5 / ppu, 2.5 / ppu
    for n in sp.nodes:
        x, y = pos[n.name]
        st = nstate[n.name]
        base = _OKABE[n.role]
        kw = dict(facecolor=_mix(base, "#ffffff", 0.55), edgecolor=_mix(base, "#000000", 0.45),
                  linewidth=1.4, zorder=3, alpha=FADE if st == "faded" else 1.0,
                  linestyle="--" if n.boundary else "-")
        colour = {"active": active, "done": GRAD}.get(st)
        if colour:
            kw.update(edgecolor=colour, linewidth=3.2 if st == "active" else 1.8)
        if n.role == "loss":
            w, h = _BOX
            p = FancyBboxPatch((x - w, y - h), 2 * w, 2 * h, boxstyle="round,pad=0,rounding_size=0.1", **kw)
        else:
            p = Circle((x, y), R, **kw)
        ax.add_artist(p)   # not add_patch: limits are set already, and it is 3x faster
        _text(ax, x, y, n.label, ha="center", va="center", fontsize=fs, zorder=4,
                color=INK, alpha=FADE if st == "faded" else 1.0)
    for e, st in zip(sp.edges, estate):
        colour = {"active": HILITE, "grad": GRAD}.get(st, INK)
        alpha = FADE if st == "faded" else 1.0
        style = dict(color=colour, alpha=alpha, linewidth=1.3 if st in ("normal", "faded") else 2.4,
                     linestyle=(0, (4, 2.5)) if e.boundary else "-", zorder=2)
        if e.delay:
            _delay_edge(ax, pos[e.src], pos[e.dst], e.weight, fs, efs, style)
            continue
        a, b = (e.dst, e.src) if st == "grad" else (e.src, e.dst)  # backward: reversed
        pa, pb = _border(sp, a, pos, pos[b], gap_a), _border(sp, b, pos, pos[a], gap_b)
        ax.add_artist(FancyArrowPatch(pa, pb, **arrow, **style))
        if e.weight:
            _edge_label(ax, pos[e.src], pos[e.dst], _wlabel(e.weight), efs, colour, alpha)
        if st == "grad":
            _edge_label(ax, pos[e.src], pos[e.dst], r"$\nabla$", efs, GRAD, 1.0, side=-1)
    _draw_values(ax, sp, pos, values or {}, 0.8 * efs)


def _draw_values(ax, sp, pos, values, fs):
    """Print ``values`` (time step or node name -> text) beside their nodes."""
    for key, text in values.items():
        name = _value_node(sp, key)
        x, y = pos[name]
        below = any(e.dst == name and sp.node(e.src).role == "input" for e in sp.edges)
        # beside the x -> h edge if there is one, else centred under the node
        x, y, ha = (x - 0.62 * R, y - 0.85 * R, "right") if below else (x, y - R - 0.06, "center")
        _text(ax, x, y, str(text), ha=ha, va="top", fontsize=fs,
                color=INK, zorder=5, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="#bbbbbb", lw=0.6))


def _border(sp, name, pos, toward, gap=0.0):
    """Point ``gap`` (data units) beyond where the segment from node ``name`` toward
    ``toward`` leaves the node."""
    (x, y), (tx, ty) = pos[name], toward
    dx, dy = tx - x, ty - y
    norm = (dx * dx + dy * dy) ** 0.5
    if sp.node(name).role == "loss":    # rounded box: stop at the rectangle
        k = min(_BOX[0] / abs(dx) if dx else float("inf"), _BOX[1] / abs(dy) if dy else float("inf"))
    else:
        k = R / norm
    k += gap / norm
    return x + k * dx, y + k * dy


def _wlabel(weight):
    """Mathtext for a weight; f carries its parameters θ, shared by every step."""
    return r"$f_\theta$" if weight == "f" else f"${weight}$"


def _edge_label(ax, a, b, text, fs, colour, alpha, side=1, offset=0.2):
    """Put ``text`` beside the segment a->b, on its left (side=1) or right (-1)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    norm = (dx * dx + dy * dy) ** 0.5
    nx, ny = -dy / norm * side, dx / norm * side
    _text(ax, (x0 + x1) / 2 + offset * nx, (y0 + y1) / 2 + offset * ny, text, ha="center",
            va="center", fontsize=fs, color=colour, alpha=alpha, zorder=4,
            bbox=dict(boxstyle="square,pad=0.05", fc="white", ec="none", alpha=0.85 * alpha))


def _delay_edge(ax, a, b, weight, fs, efs, style):
    """Recurrent edge of a circuit: a loop out to the right with a black delay square."""
    (xa, ya), (xb, yb) = a, b
    c, s = 0.819, 0.574                  # cos, sin of 35 degrees: leave/enter the border
    p0 = (xa + R * c, ya - R * s) if (xa, ya) != (xb, yb) else (xa + R * c, ya + R * s)
    p3 = (xb + R * c, yb + R * s) if (xa, ya) != (xb, yb) else (xb + R * c, yb - R * s)
    reach = 1.15
    p1 = (p0[0] + reach, p0[1] + (0.5 if p0[1] > p3[1] and (xa, ya) == (xb, yb) else -0.05))
    p2 = (p3[0] + reach, p3[1] + (-0.5 if (xa, ya) == (xb, yb) else 0.05))
    path = Path([p0, p1, p2, p3], [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])
    ax.add_artist(FancyArrowPatch(path=path, arrowstyle="-|>", mutation_scale=0.62 * fs,
                                 **{k: v for k, v in style.items() if k != "connectionstyle"}))
    mx = (p0[0] + 3 * p1[0] + 3 * p2[0] + p3[0]) / 8
    my = (p0[1] + 3 * p1[1] + 3 * p2[1] + p3[1]) / 8
    d = 0.09
    ax.add_artist(Rectangle((mx - d, my - d), 2 * d, 2 * d, color="black", zorder=3))
    _text(ax, mx + 0.2, my, _wlabel(weight), ha="left", va="center", fontsize=efs, color=INK, zorder=4)


def _value_node(sp, key):
    names = {n.name for n in sp.nodes}
    if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
        key = int(key)
        for n in sp.nodes:
            if n.t == key and n.role in ("state", "hidden"):
                return n.name
        if key == 0 and "o0" in names:
            return "o0"
    elif isinstance(key, str) and key in names:
        return key
    elif isinstance(key, str):
        for n in sp.nodes:
            if n.label == key:
                return n.name
    raise ValueError(f"values: got key {key!r}, wanted a time step 0..{sp.tau} or a "
                     f"node name such as {sorted(names)[0]!r}")


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
    highlight = _check_step("highlight", highlight, tau)
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


def _draw_circuit(ax, sp, pos, ppu):
    _draw(ax, sp, pos, ppu)
    if sp.kind == "last":               # o, L and y exist at the last step only
        x, y = pos["o"]
        _text(ax, x + R + 0.12, y, "at $t=\\tau$ only", ha="left", va="center",
                fontsize=0.55 * R * ppu, color=INK, style="italic")


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
    highlight = _check_step("highlight", highlight, tau)
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


def seq2seq(nx=4, ny=3, *, highlight=None, phase=None, ax=None, figsize=None):
    """Draw the encoder-decoder of figure 10.12.

    ``phase="encode"`` with ``highlight=t`` marks encoder step t (1..nx);
    ``phase="decode"`` marks decoder step t (1..ny). Later steps are faded.
    """
    sp = seq2seq_spec(nx, ny)
    nx, ny = sp.tau
    if phase is not None:
        _checks.text(phase, "phase", allow_none=True)
        _checks.choice(phase, "phase", ("encode", "decode"))
    if highlight is not None and phase is None:
        raise ValueError(f"phase: got None with highlight={highlight!r}, wanted "
                         "'encode' or 'decode'")
    highlight = _check_step("highlight", highlight, nx if phase == "encode" else ny)
    ax, figsize = _check_ax(ax), _check_figsize(figsize)
    pos = _layout_seq2seq(sp)
    x0, x1, y0, y1 = _bounds(pos)
    fig_given = ax.figure if ax is not None else None
    ax, ppu = _new_axes(ax, (x0, x1, y0, y1 + 0.2), figsize)
    _draw(ax, sp, pos, ppu, _seq2seq_states(sp, highlight, phase))
    for names, title in (([f"h{nx}", "x1", "h1"], "Encoder"), ([f"s{ny}", "s1", f"y{ny}"], "Decoder")):
        xs = [pos[n][0] for n in names]
        ys = [pos[n][1] for n in names]
        ax.add_artist(FancyBboxPatch((min(xs) - 0.55, min(ys) - 0.55), max(xs) - min(xs) + 1.1,
                                    max(ys) - min(ys) + 1.1, boxstyle="round,pad=0,rounding_size=0.2",
                                    fc="#f4f4f4", ec="#cccccc", lw=1, zorder=0))
        _text(ax, min(xs) - 0.45, max(ys) + 0.62, title, ha="left", va="bottom",
                fontsize=0.55 * R * ppu, color=INK)
    text = describe("seq2seq", (nx, ny))
    if highlight is not None:
        text += f" {'Encoder' if phase == 'encode' else 'Decoder'} step {highlight} is highlighted."
    return _label(ax, fig_given, text)
