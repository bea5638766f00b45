"""The time stepper: one matplotlib figure per time step, with two faces.

Every chapter walks through a sequence one step at a time (h(1), h(2), ...,
h(τ)). :func:`stepper` takes a function ``render(t)`` that draws step ``t``
and returns a :class:`Stepper`, an object that shows itself in two ways:

* **live face** (a running kernel: JupyterLab, Notebook, VS Code, Binder):
  an ipywidgets control (Play, Previous, Next, a slider, a caption) that
  swaps the PNG of an ``ipywidgets.Image`` in place. Frames are rendered on
  demand and cached.
* **static face** (the built HTML book, no kernel): a self-contained HTML
  fragment with every frame pre-rendered as a PNG data URI and a few lines of
  inline JavaScript. No CDN, no external URL. The buttons are real
  ``<button>`` elements ("Previous step", "Next step", "Play"), the slider an
  ``<input type="range">``, the caption an ``aria-live`` region, and the
  arrow keys step while the stepper has focus.

Both faces come from one ``_repr_mimebundle_``, which returns
``application/vnd.jupyter.widget-view+json`` *and* ``text/html``. Whoever
displays the object picks one: a live frontend with the widget manager
prefers the widget view; MyST-NB picks by its ``nb_mime_priority_overrides``
setting, which the book's ``_config.yml`` uses to put ``text/html`` first
for the ``html`` builder, so the book shows the static face.

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
import numbers
import sys
import uuid
from html import escape
from io import BytesIO

__all__ = ["stepper", "Stepper"]

_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def stepper(render, n_steps, *, start=1, label="t", caption=None, alt=None,
            interval_ms=700, dpi=72, fmt="png", prerender=True):
    """Step through ``render(t)`` for t = start, ..., start + n_steps - 1.

    Parameters
    ----------
    render : callable (int) -> matplotlib.figure.Figure
        Draws step ``t`` and returns the figure. It may build it with
        ``matplotlib.figure.Figure()`` or with pyplot; a figure registered
        with pyplot is closed once rasterised, so the notebook does not
        show it a second time. Keep the figure size the same for every t.
    n_steps : int
        Number of steps, at least 1.
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
        Time per frame while playing, in milliseconds.
    dpi : float
        Resolution of the rasterised frames; 72 keeps the HTML small.
    fmt : {"png"}
        Image format of the frames (only PNG for now).
    prerender : bool
        Render every frame now, so that a failing ``render`` raises in the
        cell that builds the stepper. (When displaying, IPython only prints
        errors from ``_repr_mimebundle_``: the cell, and a book build, would
        not fail.) With False only the first frame is rendered now.

    Returns
    -------
    Stepper

    Raises
    ------
    ValueError
        If an argument is not what is wanted, or ``render(t)`` does not
        return a ``matplotlib.figure.Figure``.
    """
    return Stepper(render, n_steps, start=start, label=label, caption=caption,
                   alt=alt, interval_ms=interval_ms, dpi=dpi, fmt=fmt,
                   prerender=prerender)


def _bad(name, got, wanted):
    shown = f"{got!r} ({type(got).__name__})" if isinstance(
        got, (numbers.Number, str)) else type(got).__name__
    return ValueError(f"{name}: got {shown}, wanted {wanted}")


def _is_int(x):
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


class Stepper:
    """A sequence of matplotlib frames with a live and a static face.

    Build it with :func:`stepper`. Display it (last expression of a cell, or
    ``IPython.display.display``) to get both faces; or ask for one:
    :meth:`widget` (live), :meth:`to_html` (static), :meth:`frames_png`.
    """

    def __init__(self, render, n_steps, *, start=1, label="t", caption=None,
                 alt=None, interval_ms=700, dpi=72, fmt="png", prerender=True):
        if not callable(render):
            raise _bad("render", render, "a callable render(t) returning a "
                       "matplotlib.figure.Figure")
        if not _is_int(n_steps) or n_steps < 1:
            raise _bad("n_steps", n_steps, "a positive int")
        if not _is_int(start):
            raise _bad("start", start, "an int")
        if not isinstance(label, str):
            raise _bad("label", label, "a str")
        if caption is not None and not callable(caption):
            raise _bad("caption", caption, "None or a callable caption(t) -> str")
        if alt is not None and not (callable(alt) or isinstance(alt, str)):
            raise _bad("alt", alt, "None, a str or a callable alt(t) -> str")
        for name, value in (("interval_ms", interval_ms), ("dpi", dpi)):
            if (not isinstance(value, numbers.Real) or isinstance(value, bool)
                    or not value > 0):
                raise _bad(name, value, "a positive number")
        if fmt != "png":
            raise _bad("fmt", fmt, "'png'")
        self.render, self.label, self.fmt = render, label, fmt
        self.steps = range(int(start), int(start) + int(n_steps))
        self.interval_ms, self.dpi = int(interval_ms), dpi
        self._caption, self._alt = caption, alt
        self._png = {}          # t -> PNG bytes
        self._widget = None
        for t in (self.steps if prerender else self.steps[:1]):
            self.frame_png(t)

    # -- frames -----------------------------------------------------------
    def caption(self, t):
        """Caption text for step ``t``."""
        return str(self._caption(t)) if self._caption else f"{self.label} = {t}"

    def alt(self, t):
        """Alt text of the frame for step ``t``."""
        if callable(self._alt):
            return str(self._alt(t))
        if isinstance(self._alt, str):
            return f"{self._alt} ({self.label} = {t})"
        return f"Frame for {self.label} = {t}"

    def frame_png(self, t):
        """PNG bytes of step ``t``, rendered once and cached."""
        if t not in self._png:
            self._png[t] = self._rasterise(t)
        return self._png[t]

    def frames_png(self):
        """PNG bytes of every frame, in order of t (renders what is missing)."""
        return [self.frame_png(t) for t in self.steps]

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
            raise ValueError(f"render: render({t}) returned {type(fig).__name__}, "
                             f"wanted a matplotlib.figure.Figure{hint}")
        buf = BytesIO()
        try:
            # No pil_kwargs={"optimize": True}: 4 % smaller, 15 % slower.
            fig.savefig(buf, format="png", dpi=self.dpi, metadata={"Software": None})
        finally:
            if "matplotlib.pyplot" in sys.modules:   # else it cannot be registered
                sys.modules["matplotlib.pyplot"].close(fig)
        return buf.getvalue()

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

        A ``Play`` widget linked in the browser to an ``IntSlider``,
        Previous/Next buttons that stop at the ends, a caption ``Label`` and
        an ``Image`` whose PNG value is swapped when the slider moves.
        """
        if self._widget is not None:
            return self._widget
        import ipywidgets as w
        first, last = self.steps[0], self.steps[-1]
        slider = w.IntSlider(value=first, min=first, max=last, step=1,
                             description=self.label, continuous_update=True)
        play = w.Play(value=first, min=first, max=last, step=1,
                      interval=self.interval_ms, show_repeat=False,
                      tooltip="Play")
        prev = w.Button(description="‹ Previous", tooltip="Previous step",
                        layout=w.Layout(width="auto"))
        nxt = w.Button(description="Next ›", tooltip="Next step",
                       layout=w.Layout(width="auto"))
        cap = w.Label(value=self.caption(first))
        image = w.Image(value=self.frame_png(first), format="png")

        def show(change):
            t = change["new"]
            image.value = self.frame_png(t)
            cap.value = self.caption(t)

        slider.observe(show, names="value")
        prev.on_click(lambda _: setattr(slider, "value", max(first, slider.value - 1)))
        nxt.on_click(lambda _: setattr(slider, "value", min(last, slider.value + 1)))
        box = w.VBox([w.HBox([play, prev, nxt, slider]), cap, image])
        box.add_class("rnnlib-stepper-live")
        # A link in the browser, so playing does not wait for the kernel.
        box._rnnlib_link = w.jslink((play, "value"), (slider, "value"))
        box._rnnlib_parts = dict(slider=slider, play=play, prev=prev,
                                 next=nxt, caption=cap, image=image)
        self._widget = box
        return box

    # -- display ----------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        """Both faces: the widget view (live) and ``text/html`` (static)."""
        def wanted(mime):
            return ((include is None or mime in include)
                    and (exclude is None or mime not in exclude))
        bundle = {}
        if wanted(_WIDGET_MIME):
            bundle.update(self.widget()._repr_mimebundle_(
                include=include, exclude=exclude) or {})
        if wanted("text/html"):
            bundle["text/html"] = self.to_html()
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self):
        n, first, last = len(self.steps), self.steps[0], self.steps[-1]
        return (f"<Stepper: {n} step{'s' * (n != 1)} of {self.label}, "
                f"{first}..{last}>")


def _js_literal(obj):
    """JSON that is safe inside a <script> element (no '</script>' etc.)."""
    return (json.dumps(obj).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


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
