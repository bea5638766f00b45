"""The :class:`Stepper`: frames drawn by ``render(t)``, cached, and shown by one of two faces.

:func:`stepper` builds one. Its frames are drawn through :mod:`.raster`
(under :data:`.kernel.LOCK`); which face it shows is :func:`.kernel.face`'s
choice; the faces are :mod:`.live` and :mod:`.static`.
"""

import sys
import uuid

from .. import _checks
from . import kernel, live, raster, static

__all__ = ["stepper", "Stepper", "MAX_STEPS", "MAX_DPI", "MAX_PIXELS"]

MAX_STEPS = 500             # frames of one stepper
MAX_DPI = 400               # resolution of a frame
MIN_DPI = 20                # below it text is under one pixel tall and FreeType refuses to draw it
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
        Resolution of the rasterised frames, ``MIN_DPI`` .. ``MAX_DPI`` (20 .. 400); 72-90
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
        dpi = _checks.number(dpi, "dpi", MIN_DPI, MAX_DPI, what="a resolution")
        _checks.text(fmt, "fmt")
        _checks.choice(fmt, "fmt", ("png",))
        prerender = _checks.boolean(prerender, "prerender")
        self.render, self.label, self.fmt = render, label, fmt
        self.steps = range(start, start + n_steps)
        self.interval_ms, self.dpi = int(interval_ms), dpi
        self._caption, self._alt = caption, alt
        self._png = {}          # t -> PNG bytes
        self._blit = {}         # background of a figure with animated artists (see raster.png)
        self._failed = {}       # t -> exception raised drawing t ahead
        self._widget = None
        self._playing = None    # the play thread's stop event while playing
        self._uid = uuid.uuid4().hex[:12]
        self._pyplot = False    # render draws with pyplot: never in a background thread
        self.frame_png(self.steps[0])
        is_live = kernel.face() == "live"
        if prerender and (not is_live or self._pyplot):
            self.frames_png()
        elif prerender and self._missing():
            kernel.install_hooks()
            kernel.draw_ahead(self)

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
            with kernel.LOCK:
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
        """Draw the next missing frame after the one shown (called holding kernel.LOCK)."""
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
        with kernel.LOCK:
            self._png = {t: p for t, p in self._png.items() if t == keep}
            self._failed.clear()
            kernel.forget(self)

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
            return raster.png(fig, self.dpi, self._blit)
        finally:
            if registered and "matplotlib.pyplot" in sys.modules:
                sys.modules["matplotlib.pyplot"].close(fig)

    # -- the faces --------------------------------------------------------
    def to_html(self):
        """The static face: a self-contained HTML fragment (str).

        Every frame is a PNG data URI; inline JavaScript swaps the ``src`` of
        one ``<img>``. Each call gets a fresh element id, so any number of
        fragments (even of the same stepper) can share a page.
        """
        return static.to_html(self)

    def widget(self):
        """The live face: an ipywidgets box (built once, then reused); see :mod:`rnnlib.widgets.live`."""
        if self._widget is None:
            self._widget = live.widget(self)
        return self._widget

    def close(self):
        """Stop playing and drawing ahead, and close the live face's widgets."""
        if self._playing is not None:
            self._playing.set()
            self._playing = None
        kernel.forget(self)
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
        return live.outputs(self)

    def _outputs(self):
        if kernel.face() != "live":
            return [self._static_output()]
        return self._live_outputs() + [live.keyboard(self)]   # the static face's keys and names

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
