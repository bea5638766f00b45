"""The time stepper: one matplotlib figure per time step, with two faces.

Every chapter walks through a sequence one step at a time (h(1), h(2), ...,
h(τ)). :func:`stepper` takes a function ``render(t)`` that draws step ``t``
and returns a :class:`Stepper`, an object that shows itself in one of two ways:

* **live face** (a running kernel: JupyterLab, Notebook, VS Code, Binder): an
  ipywidgets control ("‹ Previous", "▶ Play", "Next ›", a slider, a caption)
  that swaps the PNG of an ``ipywidgets.Image`` in place. It appears as soon
  as the first frame is drawn; the other frames are drawn ahead in a
  background thread while the kernel is idle (while the reader looks), and
  the ones still missing when the next cell runs are drawn before it runs, so
  every frame shows the notebook's state at the end of the stepper's cell.
  Frames are shown at their natural pixel size, as in the book.
* **static face** (the built HTML book, no kernel): a self-contained HTML
  fragment with every frame as a PNG data URI and a few lines of inline
  JavaScript. No CDN, no external URL. The buttons are real ``<button>``
  elements with the same text as the live ones and aria-labels "Previous
  step", "Next step", "Play"/"Pause"; the slider an ``<input type="range">``;
  the caption an ``aria-live`` region; the arrow keys step while the stepper
  has focus.

Both faces behave the same: Previous, Next, the slider and the keys stop
playing and step; Play from the last frame starts again from the first;
playing stops at the last frame.

Which face: the book build (``book/_ext/rnnbook.py``) sets the environment
variable ``RNNLIB_STEPPER_FACE=static`` for the kernels it starts, and outside
a kernel (a script, the tests) the face is static too; in any other kernel it
is live. A live stepper displays two outputs: the widget, and after it a short
HTML fallback (the first frame and a line saying to run the cell) that hides
itself beside a working widget. A notebook saved and reopened without the
kernel shows that fallback where JupyterLab would otherwise print "Error
displaying widget: model not found" (its CSS hides the error), and an
untrusted notebook shows the widget output's text line.

Example
-------
>>> import matplotlib.figure
>>> def render(t):
...     fig = matplotlib.figure.Figure(figsize=(3, 2))
...     fig.add_subplot().bar(range(t), range(t))
...     return fig
>>> s = stepper(render, 5)
>>> s
<Stepper: 5 steps of t, 1..5>
"""

import base64
import json
import os
import sys
import threading
import time
import traceback
import uuid
import weakref
from html import escape
from io import BytesIO

import numpy as np

from . import _checks

__all__ = ["stepper", "Stepper", "MAX_STEPS", "MAX_DPI", "MAX_PIXELS"]

_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
FACE_VARIABLE = "RNNLIB_STEPPER_FACE"

MAX_STEPS = 500             # frames of one stepper
MAX_DPI = 400               # resolution of a frame
MAX_PIXELS = 16_000_000     # pixels of one frame (a 40 x 40 inch figure at 100 dpi)
MIN_INTERVAL_MS, MAX_INTERVAL_MS = 20, 60_000


def stepper(render, n_steps, *, start=1, label="t", caption=None, alt=None,
            interval_ms=700, dpi=72, fmt="png", prerender=True):
    """Step through ``render(t)`` for t = start, ..., start + n_steps - 1.

    Parameters
    ----------
    render : callable (int) -> matplotlib.figure.Figure
        Draws step ``t`` and returns the figure. It may build a new figure
        (``matplotlib.figure.Figure()``, or pyplot: a figure registered with
        pyplot is closed once rasterised, so the notebook does not show it a
        second time) or update and return the same one each time. Keep the
        figure size the same for every t.
    n_steps : int
        Number of steps, 1 .. ``MAX_STEPS`` (500).
    start : int
        First t (the book counts from 1: h(1), ..., h(τ)).
    label : str
        Name of the step variable, used in captions and alt text.
    caption : callable (int) -> str, optional
        Caption for step t; default ``f"{label} = {t}"``.
    alt : str or callable (int) -> str, optional
        Alt text of the frame image. A callable gets t; a string is used for
        every frame followed by ``" ({label} = {t})"``. Default
        ``f"Frame for {label} = {t}"``.
    interval_ms : int
        Time per frame while playing, in milliseconds (20 .. 60000).
    dpi : float
        Resolution of the rasterised frames, 1 .. ``MAX_DPI`` (400); 72-90
        keeps the HTML small. A frame may have at most ``MAX_PIXELS`` pixels.
    fmt : {"png"}
        Image format of the frames (only PNG for now).
    prerender : bool
        True: draw every frame up front, so that a failing ``render`` raises
        in the cell that builds the stepper (in the book build, and outside a
        kernel), or, for the live face, draw the first frame now and the
        others ahead while the kernel is idle. False: draw the first frame
        now and each other one when it is first shown.

    Returns
    -------
    Stepper

    Raises
    ------
    TypeError
        If an argument has the wrong type (``rnnlib._checks.ArgumentTypeError``,
        also a ``ValueError``).
    ValueError
        If an argument is out of range, or ``render(t)`` does not return a
        ``matplotlib.figure.Figure`` (or returns one too large to rasterise).
    """
    return Stepper(render, n_steps, start=start, label=label, caption=caption,
                   alt=alt, interval_ms=interval_ms, dpi=dpi, fmt=fmt,
                   prerender=prerender)


# ----------------------------------------------------------------------------
# Which face, and the kernel's idle time
# ----------------------------------------------------------------------------

def _face():
    """"static" or "live": the environment variable, else live in a kernel only."""
    chosen = os.environ.get(FACE_VARIABLE, "").strip().lower()
    if chosen in ("static", "live"):
        return chosen
    ipython = sys.modules.get("IPython")             # not imported: not in a kernel
    shell = ipython.get_ipython() if ipython is not None else None
    return "live" if getattr(shell, "kernel", None) is not None else "static"


# matplotlib is not thread-safe: every frame is drawn holding this lock, and the
# background thread draws only while _IDLE is set (no cell is running).
_LOCK = threading.RLock()
_IDLE = threading.Event()
_IDLE.set()
_PENDING = []                       # weak references to live steppers with frames to draw
_WAKE = threading.Condition()
_STATE = {"hooks": False, "worker": None, "parser": None, "canvas": None}


def _install_hooks():
    """Pause drawing ahead while a cell runs; finish pending frames before it runs."""
    if _STATE["hooks"]:
        return
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "events"):
        return
    shell.events.register("pre_run_cell", _before_cell)
    shell.events.register("post_run_cell", _after_cell)
    _STATE["hooks"] = True
    _IDLE.clear()                   # we are inside a cell now: wait for its end


def _before_cell(*_):
    _IDLE.clear()
    with _LOCK:                     # waits for the frame being drawn, then finishes the rest
        for s in _pending_steppers():
            s._draw_missing()
        del _PENDING[:]


def _after_cell(*_):
    _IDLE.set()
    with _WAKE:
        _WAKE.notify_all()


def _pending_steppers():
    alive = [ref() for ref in _PENDING]
    return [s for s in alive if s is not None and s._missing()]


def _draw_ahead(s):
    """Queue stepper ``s`` for the background thread (started on first use)."""
    with _WAKE:
        _PENDING.append(weakref.ref(s))
        if _STATE["worker"] is None:
            _STATE["worker"] = threading.Thread(target=_worker, name="rnnlib-stepper",
                                                daemon=True)
            _STATE["worker"].start()
        _WAKE.notify_all()


def _worker():
    while True:
        with _WAKE:
            while not (_IDLE.is_set() and _pending_steppers()):
                _WAKE.wait(timeout=1.0)
        with _LOCK:
            if not _IDLE.is_set():
                continue
            todo = _pending_steppers()
            if not todo:
                continue
            try:
                todo[0]._draw_one_ahead()
            except Exception:       # keep the thread for the other steppers; say what broke
                traceback.print_exc()
                _PENDING[:] = [r for r in _PENDING if r() is not todo[0]]
        time.sleep(0.001)           # let a click in between two frames


# ----------------------------------------------------------------------------
# Rasterising
# ----------------------------------------------------------------------------

def _share_mathtext(renderer):
    """Make every Agg renderer use one mathtext parser, so its parse cache is shared.

    matplotlib caches parsed mathtext per parser, and each figure's renderer
    has its own: without this every frame parses "$h^{(3)}$" and friends
    again, about half the time of a graph frame.
    """
    parser = getattr(renderer, "mathtext_parser", None)
    if parser is None:
        return
    if _STATE["parser"] is None:
        _STATE["parser"] = parser
    else:
        renderer.mathtext_parser = _STATE["parser"]


def _animated(fig):
    """The animated artists of the figure and of its Axes, in drawing order (axes, then zorder)."""
    axes = {id(ax): i for i, ax in enumerate(fig.axes)}

    def order(a):
        ax = getattr(a, "axes", None)
        return (axes.get(id(ax), -1), a.get_zorder())

    # The figure's and each Axes' own children (not fig.findobj: recursing into
    # an Axis makes its ticks, a few ms per frame).
    found = [a for a in fig.get_children() if a.get_animated()]
    for ax in fig.axes:
        found += [a for a in ax.get_children() if a.get_animated()]
    return sorted(found, key=order)


_RENDERERS = {}                     # (width, height, dpi) -> RendererAgg, shared by every frame


def _canvas_class():
    """A FigureCanvasAgg whose renderer is shared by every figure of the same size and dpi.

    matplotlib gives each figure its own renderer, and keeps its caches of
    text metrics and parsed mathtext per renderer: a stepper's frames, new
    figures of one size, would lay out every label again. Sharing the
    renderer (frames are drawn one at a time, under _LOCK) keeps those caches
    warm from frame to frame, about a quarter of a frame's time.
    """
    if _STATE.get("canvas") is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

        class SharedRendererCanvas(FigureCanvasAgg):
            def get_renderer(self):
                w, h = self.figure.bbox.size
                key = (w, h, self.figure.dpi)
                renderer = _RENDERERS.get(key)
                if renderer is None:
                    if len(_RENDERERS) >= 4:                  # a few sizes at a time
                        _RENDERERS.pop(next(iter(_RENDERERS)))
                    renderer = _RENDERERS[key] = RendererAgg(w, h, self.figure.dpi)
                    _share_mathtext(renderer)
                self.renderer = renderer
                return renderer

        _STATE["canvas"] = SharedRendererCanvas
    return _STATE["canvas"]


def _png(fig, dpi, blit=None):
    """PNG bytes of ``fig`` at ``dpi`` (no "Software" metadata: identical bytes each run).

    blit : dict, optional
        Per-stepper cache for blitting. When ``render`` returns the same
        figure every time with the artists that change marked animated
        (``artist.set_animated(True)``, matplotlib's convention for blitting),
        the rest is drawn once, kept as a background, and each frame draws
        only the animated artists on a copy of it.
    """
    buf = BytesIO()
    if getattr(fig.canvas, "manager", None) is not None:      # a pyplot figure
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        return buf.getvalue()
    old_dpi = fig.dpi
    Canvas = _canvas_class()
    canvas = fig.canvas if isinstance(fig.canvas, Canvas) else Canvas(fig)
    try:
        fig.dpi = dpi
        renderer = canvas.get_renderer()
        animated = _animated(fig) if blit is not None else []
        if not animated:
            canvas.draw()
        else:
            key = (id(fig), id(renderer), renderer.width, renderer.height, dpi)
            if blit.get("key") != key:
                canvas.draw()                                   # all but the animated artists
                blit.update(key=key, background=canvas.copy_from_bbox(fig.bbox), figure=fig)
            else:
                canvas.restore_region(blit["background"])
            for artist in animated:
                fig.draw_artist(artist)
        _encode(np.asarray(canvas.buffer_rgba()), dpi, buf)
    finally:
        fig.dpi = old_dpi
    return buf.getvalue()


def _encode(rgba, dpi, buf):
    """Write the (height, width, 4) uint8 image as PNG: RGB when it is opaque.

    zlib level 3 on RGB: 15-20 % smaller and about twice as fast to write as
    matplotlib's savefig (RGBA, level 6); the pixels are the same.
    """
    from PIL import Image
    if rgba[..., 3].min() == 255:
        image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]), "RGB")
    else:
        image = Image.fromarray(np.ascontiguousarray(rgba), "RGBA")
    image.save(buf, format="png", compress_level=3, dpi=(dpi, dpi))


def _png_size(png):
    """(width, height) in pixels, from the PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


class Stepper:
    """A sequence of matplotlib frames with a live and a static face.

    Build it with :func:`stepper`. Display it (last expression of a cell, or
    ``IPython.display.display``) to get the face that fits; or ask for one:
    :meth:`widget` (live), :meth:`to_html` (static), :meth:`frames_png`.
    """

    def __init__(self, render, n_steps, *, start=1, label="t", caption=None,
                 alt=None, interval_ms=700, dpi=72, fmt="png", prerender=True):
        _checks.function(render, "render", "a callable render(t) returning a "
                         "matplotlib.figure.Figure")
        n_steps = _checks.integer(n_steps, "n_steps", 1, MAX_STEPS,
                                  " (draw fewer frames: each is a PNG in the page)")
        start = _checks.integer(start, "start", -10**9, 10**9)
        _checks.text(label, "label")
        if caption is not None:
            _checks.function(caption, "caption", "None or a callable caption(t) -> str")
        if alt is not None and not isinstance(alt, str):
            _checks.function(alt, "alt", "None, a str or a callable alt(t) -> str")
        interval_ms = _checks.number(interval_ms, "interval_ms", MIN_INTERVAL_MS,
                                     MAX_INTERVAL_MS, what="a time in milliseconds")
        dpi = _checks.number(dpi, "dpi", 1, MAX_DPI, what="a resolution")
        _checks.text(fmt, "fmt")
        _checks.choice(fmt, "fmt", ("png",))
        prerender = _checks.boolean(prerender, "prerender")
        self.render, self.label, self.fmt = render, label, fmt
        self.steps = range(start, start + n_steps)
        self.interval_ms, self.dpi = int(interval_ms), dpi
        self._caption, self._alt = caption, alt
        self._png = {}          # t -> PNG bytes
        self._blit = {}         # background of a figure with animated artists (see _png)
        self._failed = {}       # t -> exception raised drawing t ahead
        self._widget = None
        self._playing = None    # the play thread's stop event while playing
        self._uid = uuid.uuid4().hex[:12]
        self._pyplot = False    # render draws with pyplot: never in a background thread
        self.frame_png(self.steps[0])
        live = _face() == "live"
        if prerender and (not live or self._pyplot):
            self.frames_png()
        elif prerender and self._missing():
            _install_hooks()
            _draw_ahead(self)

    # -- frames -----------------------------------------------------------
    def caption(self, t):
        """Caption text for step ``t``."""
        t = self._step(t)
        return str(self._caption(t)) if self._caption else f"{self.label} = {t}"

    def alt(self, t):
        """Alt text of the frame for step ``t``."""
        t = self._step(t)
        if callable(self._alt):
            return str(self._alt(t))
        if isinstance(self._alt, str):
            return f"{self._alt} ({self.label} = {t})"
        return f"Frame for {self.label} = {t}"

    def _step(self, t):
        t = _checks.integer(t, "t")
        if t not in self.steps:
            raise ValueError(f"t: got {t}, wanted a step in {self.steps[0]}..{self.steps[-1]}")
        return t

    def frame_png(self, t):
        """PNG bytes of step ``t``, drawn once and cached."""
        t = self._step(t)
        png = self._png.get(t)
        if png is None:
            with _LOCK:
                png = self._png.get(t)
                if png is None:
                    self._failed.pop(t, None)     # drawing ahead failed: raise here
                    png = self._png[t] = self._rasterise(t)
        return png

    def frames_png(self):
        """PNG bytes of every frame, in order of t (draws what is missing)."""
        return [self.frame_png(t) for t in self.steps]

    def _missing(self):
        return [t for t in self.steps if t not in self._png and t not in self._failed]

    def _draw_missing(self):
        """Draw every missing frame now (before the next cell runs); keep errors for later."""
        for t in self._missing():
            self._draw_one(t)

    def _draw_one_ahead(self):
        """Draw the next missing frame after the one shown (called holding _LOCK)."""
        missing = self._missing()
        if not missing:
            return
        box = self._widget
        shown = box._rnnlib_parts["slider"].value if box is not None else self.steps[0]
        self._draw_one(min(missing, key=lambda t: (t <= shown, t)))

    def _draw_one(self, t):
        try:
            self._png[t] = self._rasterise(t)
        except Exception as e:            # shown when the reader reaches step t
            self._failed[t] = e

    def _forget_frames(self, keep=None):
        """Drop the cached frames (but ``keep``) and stop drawing ahead (benchmarks)."""
        with _LOCK:
            self._png = {t: p for t, p in self._png.items() if t == keep}
            self._failed.clear()
            _PENDING[:] = [r for r in _PENDING if r() is not self]

    def _rasterise(self, t):
        from matplotlib.figure import Figure
        try:
            fig = self.render(t)
        except Exception as e:
            if hasattr(e, "add_note"):  # Python >= 3.11
                e.add_note(f"(in the stepper, while rendering {self.label} = {t})")
            raise
        if not isinstance(fig, Figure):
            hint = (" (return ax.figure, not the Axes)"
                    if hasattr(fig, "figure") and isinstance(fig.figure, Figure)
                    else "")
            raise ValueError(f"render: got {type(fig).__name__} from render({t}), "
                             f"wanted a matplotlib.figure.Figure{hint}")
        registered = getattr(fig.canvas, "manager", None) is not None
        self._pyplot = self._pyplot or registered
        try:
            w, h = fig.get_size_inches()
            pixels = (w * self.dpi) * (h * self.dpi)
            if not pixels <= MAX_PIXELS:
                raise ValueError(
                    f"render: got a {w:g} x {h:g} inch figure from render({t}), which at "
                    f"dpi={self.dpi:g} makes {pixels:,.0f} pixels, wanted at most {MAX_PIXELS:,} "
                    "per frame (a smaller figsize or dpi)")
            return _png(fig, self.dpi, self._blit)
        finally:
            if registered and "matplotlib.pyplot" in sys.modules:
                sys.modules["matplotlib.pyplot"].close(fig)

    # -- static face ------------------------------------------------------
    def to_html(self):
        """The static face: a self-contained HTML fragment (str).

        Every frame is a PNG data URI; inline JavaScript swaps the ``src`` of
        one ``<img>``. Each call gets a fresh element id, so any number of
        fragments (even of the same stepper) can share a page.
        """
        uris = ["data:image/png;base64," + base64.b64encode(p).decode("ascii")
                for p in self.frames_png()]
        steps = list(self.steps)
        caps = [self.caption(t) for t in steps]
        alts = [self.alt(t) for t in steps]
        uid = "rnnlib-stepper-" + uuid.uuid4().hex[:12]
        data = {"id": uid, "frames": [""] + uris[1:], "caps": caps,
                "alts": alts, "interval": self.interval_ms}
        a = escape  # attribute and text escaping
        return _HTML.format(
            id=uid, css=_CSS, n=len(steps), last=len(steps) - 1,
            group=a(f"Stepper over {self.label} = {steps[0]} to {steps[-1]}"),
            range_label=a(f"Time step {self.label}"), cap0=a(caps[0]),
            src0=uris[0], alt0=a(alts[0]), data=_js_literal(data), js=_JS)

    # -- live face --------------------------------------------------------
    def widget(self):
        """The live face: an ipywidgets box (built once, then reused).

        "‹ Previous", "▶ Play" (then "❚❚ Pause") and "Next ›" buttons, the
        same as the static face's, a slider, a caption ``Label`` and an
        ``Image`` shown at the frame's natural size, whose PNG is swapped
        when the slider moves. Previous, Next and the slider stop playing;
        Play from the last frame starts again from the first; playing stops
        at the last frame.
        """
        if self._widget is not None:
            return self._widget
        import ipywidgets as w
        first, last = self.steps[0], self.steps[-1]
        png = self.frame_png(first)
        width, height = _png_size(png)
        slider = w.IntSlider(value=first, min=first, max=last, step=1, readout=False,
                             continuous_update=True,
                             layout=w.Layout(flex="1 1 8em", min_width="6em"))
        buttons = dict(layout=w.Layout(width="auto"))
        prev = w.Button(description="‹ Previous", tooltip="Previous step", **buttons)
        play = w.Button(description="▶ Play", tooltip="Play", **buttons)
        nxt = w.Button(description="Next ›", tooltip="Next step", **buttons)
        cap = w.Label(value=self.caption(first))
        image = w.Image(value=png, format="png", layout=w.Layout(
            width=f"{width}px", max_width="100%", height="auto", align_self="flex-start"))
        advancing = []              # set while the play thread moves the slider

        def show(change):
            t = change["new"]
            if self._playing is not None and not advancing:
                stop()
            try:
                image.value = self.frame_png(t)
                cap.value = self.caption(t)
            except Exception as e:            # tell the reader, in the stepper itself
                cap.value = f"{self.label} = {t}: render failed: {type(e).__name__}: {e}"
                traceback.print_exc()

        def stop():
            if self._playing is not None:
                self._playing.set()
                self._playing = None
            play.description, play.tooltip = "▶ Play", "Play"

        def run(halt):
            while not halt.wait(self.interval_ms / 1000):
                _IDLE.wait()
                if halt.is_set():
                    return
                if slider.value >= last:
                    break
                advancing.append(1)
                try:
                    slider.value += 1
                finally:
                    advancing.pop()
                if slider.value >= last:
                    break
            if self._playing is halt:
                stop()

        def toggle(_):
            if self._playing is not None:
                stop()
                return
            if slider.value >= last:
                slider.value = first
            halt = self._playing = threading.Event()
            play.description, play.tooltip = "❚❚ Pause", "Pause"
            threading.Thread(target=run, args=(halt,), daemon=True,
                             name="rnnlib-stepper-play").start()

        slider.observe(show, names="value")
        prev.on_click(lambda _: (stop(), setattr(slider, "value", max(first, slider.value - 1))))
        nxt.on_click(lambda _: (stop(), setattr(slider, "value", min(last, slider.value + 1))))
        play.on_click(toggle)
        controls = w.HBox([prev, play, nxt, slider],
                          layout=w.Layout(align_items="center", flex_flow="row wrap"))
        box = w.VBox([controls, cap, image])
        box.add_class("rnnlib-stepper-live")
        box.add_class(f"rnnlib-live-{self._uid}")
        box._rnnlib_parts = dict(slider=slider, play=play, prev=prev, next=nxt,
                                 caption=cap, image=image)
        self._widget = box
        return box

    def close(self):
        """Stop playing and drawing ahead, and close the live face's widgets."""
        if self._playing is not None:
            self._playing.set()
            self._playing = None
        with _LOCK:
            _PENDING[:] = [r for r in _PENDING if r() is not self]
        if self._widget is not None:
            for part in self._widget._rnnlib_parts.values():
                part.close()
            self._widget.children[0].close()
            self._widget.close()
            self._widget = None

    # -- display ----------------------------------------------------------
    def _static_output(self):
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def _live_outputs(self):
        """The live face's two outputs: the widget, then the fallback for a saved notebook."""
        first, last = self.steps[0], self.steps[-1]
        line = (f"Stepper over {self.label} = {first} to {last}: run this cell "
                "(with a live kernel) to step through it.")
        bundle = dict(self.widget()._repr_mimebundle_() or {})
        bundle["text/plain"] = line
        png = self.frame_png(first)
        width, _ = _png_size(png)
        uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        html = _FALLBACK.format(uid=self._uid, line=escape(line), src=uri, width=width,
                                alt=escape(self.alt(first)), cap=escape(self.caption(first)))
        return [bundle, {"text/html": html, "text/plain": line}]

    def _outputs(self):
        return self._live_outputs() if _face() == "live" else [self._static_output()]

    def _ipython_display_(self):
        from IPython.display import display
        for bundle in self._outputs():
            display(bundle, raw=True)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The static face (``text/html``) and a ``text/plain`` line."""
        return self._static_output()

    def __repr__(self):
        n, first, last = len(self.steps), self.steps[0], self.steps[-1]
        return (f"<Stepper: {n} step{'s' * (n != 1)} of {self.label}, "
                f"{first}..{last}>")


def _js_literal(obj):
    """JSON that is safe inside a <script> element (no '</script>' etc.)."""
    return (json.dumps(obj).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


# A saved live stepper: this HTML is the output after the widget's. Its CSS hides
# it beside a working widget (any frontend whose outputs are siblings), and in
# JupyterLab / Notebook 7 hides the widget output when that shows only an error:
# the widget renderer adds the class jupyter-widgets to itself only then
# ("Error displaying widget: model not found"); a working widget is a child
# element. (:has() cannot be nested, hence the child combinator.)
_FALLBACK = """<div class="rnnlib-stepper-fallback rnnlib-fallback-{uid}">
<style>
:has(.rnnlib-live-{uid}) ~ :has(.rnnlib-fallback-{uid}) .rnnlib-fallback-{uid}{{display:none}}
.jp-OutputArea-child:has(> .jp-OutputArea-output.jupyter-widgets):has(
 + .jp-OutputArea-child .rnnlib-fallback-{uid}){{display:none}}
.rnnlib-fallback-{uid} img{{display:block;max-width:100%;height:auto}}
</style>
<p>{line}</p>
<div>{cap}</div>
<img src="{src}" width="{width}" alt="{alt}">
</div>"""

_CSS = """
.rnnlib-stepper{display:inline-block;max-width:100%;box-sizing:border-box;
 padding:.5em;margin:.25em 0;border:1px solid rgba(127,127,127,.45);
 border-radius:6px;color:inherit;background:transparent}
.rnnlib-stepper .rnnlib-stepper-controls{display:flex;flex-wrap:wrap;
 align-items:center;gap:.4em;margin-bottom:.3em}
.rnnlib-stepper button{min-height:32px;min-width:32px;padding:0 .75em;
 font:inherit;line-height:1.2;color:inherit;cursor:pointer;border-radius:4px;
 background:rgba(127,127,127,.14);border:1px solid rgba(127,127,127,.7)}
.rnnlib-stepper button:hover{background:rgba(127,127,127,.3)}
.rnnlib-stepper input[type=range]{flex:1 1 8em;min-width:6em;min-height:32px;
 margin:0}
.rnnlib-stepper:focus-visible,.rnnlib-stepper button:focus-visible,
.rnnlib-stepper input:focus-visible{outline:3px solid #3b82f6;outline-offset:2px}
.rnnlib-stepper .rnnlib-stepper-caption{margin:.2em 0 .4em;font-size:.92em;font-variant-numeric:tabular-nums}
.rnnlib-stepper img{display:block;max-width:100%;height:auto;margin:0}
"""

_HTML = """<div class="rnnlib-stepper" id="{id}" tabindex="0" role="group" \
aria-label="{group}">
<style>{css}</style>
<div class="rnnlib-stepper-controls">
<button type="button" data-act="prev" aria-label="Previous step">&#8249; Previous</button>
<button type="button" data-act="play" aria-label="Play">&#9654; Play</button>
<button type="button" data-act="next" aria-label="Next step">Next &#8250;</button>
<input type="range" min="0" max="{last}" step="1" value="0" \
aria-label="{range_label}" aria-valuetext="{cap0}">
</div>
<div class="rnnlib-stepper-caption" aria-live="polite">{cap0}</div>
<img src="{src0}" alt="{alt0}">
<script>{js}({data});</script>
</div>"""

# One function per fragment; it waits for its container (a classic notebook
# runs the script before the output is attached to the document).
_JS = """(function (d) {
  var tries = 0;
  function init() {
    var root = document.getElementById(d.id);
    if (!root) { if (++tries < 200) { setTimeout(init, 25); } return; }
    if (root.getAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "1");
    function q(s) { return root.querySelector(s); }
    var img = q("img"), range = q("input[type=range]"),
        cap = q(".rnnlib-stepper-caption"), play = q("[data-act=play]");
    var frames = d.frames, n = frames.length, i = 0, timer = null;
    frames[0] = img.getAttribute("src");
    function show(k) {
      i = Math.max(0, Math.min(n - 1, k));
      img.src = frames[i]; img.alt = d.alts[i];
      range.value = String(i);
      range.setAttribute("aria-valuetext", d.caps[i]);
      cap.textContent = d.caps[i];
    }
    function setPlay(on) {
      play.setAttribute("aria-label", on ? "Pause" : "Play");
      play.textContent = on ? "\\u275A\\u275A Pause" : "\\u25B6 Play";
    }
    function stop() { if (timer) { clearInterval(timer); timer = null; } setPlay(false); }
    function start() {
      if (i >= n - 1) { show(0); }
      setPlay(true);
      timer = setInterval(function () { show(i + 1); if (i >= n - 1) { stop(); } },
                          d.interval);
    }
    q("[data-act=prev]").addEventListener("click", function () { stop(); show(i - 1); });
    q("[data-act=next]").addEventListener("click", function () { stop(); show(i + 1); });
    play.addEventListener("click", function () { if (timer) { stop(); } else { start(); } });
    range.addEventListener("input", function () { stop(); show(parseInt(range.value, 10)); });
    root.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target === range) { return; }
      var k = {ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: n - 1}[e.key];
      if (k === undefined) { return; }
      e.preventDefault(); e.stopPropagation(); stop(); show(k);
    });
  }
  init();
})"""
