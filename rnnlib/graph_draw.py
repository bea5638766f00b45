"""How rnnlib.graph draws a graph: the layout of the nodes, the highlighting of a step, the artists.

:mod:`rnnlib.graph` describes a graph (:func:`rnnlib.graph.spec`) and checks
the arguments; this module places the nodes (one column per time step, one
row per role), works out which nodes and edges a highlighted step marks, and
draws nodes, edges and labels with matplotlib artists (labels from cached
bitmaps, :mod:`rnnlib.widgets.labels`).
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.path import Path

from .widgets.labels import text as _text

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


def _draw(ax, sp, pos, ppu, states=None, values=None, text_scale=1.0):
    """Draw the nodes, edges and weight labels of ``sp`` at ``pos``."""
    nstate, estate, active = states or _states(sp, None, "forward")
    fs = max(5.0, 0.7 * R * ppu) * text_scale     # node label size follows the scale
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



def _draw_circuit(ax, sp, pos, ppu):
    _draw(ax, sp, pos, ppu)
    if sp.kind == "last":               # o, L and y exist at the last step only
        x, y = pos["o"]
        _text(ax, x + R + 0.12, y, "at $t=\\tau$ only", ha="left", va="center",
                fontsize=0.55 * R * ppu, color=INK, style="italic")

