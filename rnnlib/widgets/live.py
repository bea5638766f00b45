"""The live face of a stepper (a running kernel): an ipywidgets control that swaps a PNG in place.

"‹ Previous", "▶ Play" (then "❚❚ Pause") and "Next ›" buttons, the same as the
static face's, a slider, a caption ``Label`` and an ``Image`` shown at the
frame's natural size. Previous, Next and the slider stop playing; Play from
the last frame starts again from the first; playing stops at the last frame.

A live stepper displays two outputs: the widget, and after it a short HTML
fallback (the first frame and a line saying how to get the stepper back: run
the notebook from the top, since the cell needs the ones above it) that hides
itself beside a working widget. A notebook saved and reopened without the
kernel shows that fallback where JupyterLab would otherwise print "Error
displaying widget: model not found" (its CSS hides the error), and an
untrusted notebook shows the widget output's text line.

A third output, :func:`keyboard`, is a small script (run by JupyterLab, Notebook
and VS Code for an output the kernel just produced) that gives the widget what
the static face has: focus for the whole stepper, arrow keys (and Home/End)
that step once it has focus, the aria-labels "Previous step", "Next step",
"Play"/"Pause" and "Time step t" on the buttons and the slider, the caption as
an ``aria-live`` region that wraps instead of being cut (its height reserved
for the longest caption, so the page does not jump), a visible focus ring, and
a Play button as wide as "❚❚ Pause".
"""

import base64
import json
import threading
import traceback
from html import escape

from .kernel import IDLE
from .raster import png_size


class _Controls:
    """The ipywidgets of one stepper and what its buttons, slider and play thread do."""

    def __init__(self, s):
        import ipywidgets as w
        self.s = s
        self.first, self.last = first, last = s.steps[0], s.steps[-1]
        png = s.frame_png(first)
        width, _ = png_size(png)
        self.slider = w.IntSlider(value=first, min=first, max=last, step=1, readout=False,
                                  continuous_update=True, layout=w.Layout(flex="1 1 8em", min_width="6em"))
        buttons = dict(layout=w.Layout(width="auto"))
        self.prev = w.Button(description="‹ Previous", tooltip="Previous step", **buttons)
        # as wide as "❚❚ Pause": the Next button does not move when Play becomes Pause
        self.play = w.Button(description="▶ Play", tooltip="Play",
                             layout=w.Layout(width="auto", min_width=PLAY_MIN_WIDTH))
        self.next = w.Button(description="Next ›", tooltip="Next step", **buttons)
        self.caption = w.Label(value=s.caption(first))
        # what keyboard()'s script looks for
        for part, name in ((self.prev, "prev"), (self.play, "play"), (self.next, "next"),
                           (self.slider, "slider"), (self.caption, "caption")):
            part.add_class(f"rnnlib-live-{name}")
        self.image = w.Image(value=png, format="png", layout=w.Layout(
            width=f"{width}px", max_width="100%", height="auto", align_self="flex-start"))
        self.advancing = []         # set while the play thread moves the slider
        self.slider.observe(self.show, names="value")
        self.prev.on_click(lambda _: self.step(-1))
        self.next.on_click(lambda _: self.step(+1))
        self.play.on_click(self.toggle)

    def parts(self):
        return dict(slider=self.slider, play=self.play, prev=self.prev, next=self.next,
                    caption=self.caption, image=self.image)

    def show(self, change):
        s, t = self.s, change["new"]
        if s._playing is not None and not self.advancing:
            self.stop()
        try:
            self.image.value = s.frame_png(t)
            self.caption.value = s.caption(t)
        except Exception as e:            # tell the reader, in the stepper itself
            self.caption.value = f"{s.label} = {t}: render failed: {type(e).__name__}: {e}"
            traceback.print_exc()

    def step(self, by):
        self.stop()
        self.slider.value = min(self.last, max(self.first, self.slider.value + by))

    def stop(self):
        if self.s._playing is not None:
            self.s._playing.set()
            self.s._playing = None
        self.play.description, self.play.tooltip = "▶ Play", "Play"

    def run(self, halt):
        slider = self.slider
        while not halt.wait(self.s.interval_ms / 1000):
            IDLE.wait()
            if halt.is_set():
                return
            if slider.value >= self.last:
                break
            self.advancing.append(1)
            try:
                slider.value += 1
            finally:
                self.advancing.pop()
            if slider.value >= self.last:
                break
        if self.s._playing is halt:
            self.stop()

    def toggle(self, _):
        if self.s._playing is not None:
            self.stop()
            return
        if self.slider.value >= self.last:
            self.slider.value = self.first
        halt = self.s._playing = threading.Event()
        self.play.description, self.play.tooltip = "❚❚ Pause", "Pause"
        threading.Thread(target=self.run, args=(halt,), daemon=True, name="rnnlib-stepper-play").start()


def widget(s):
    """The live face of stepper ``s``: an ipywidgets VBox; its parts are in ``box._rnnlib_parts``."""
    import ipywidgets as w
    c = _Controls(s)
    controls = w.HBox([c.prev, c.play, c.next, c.slider],
                      layout=w.Layout(align_items="center", flex_flow="row wrap"))
    box = w.VBox([controls, c.caption, c.image])
    box.add_class("rnnlib-stepper-live")
    box.add_class(f"rnnlib-live-{s._uid}")
    box._rnnlib_parts = c.parts()
    return box


#: The Play button's width: "❚❚ Pause" at JupyterLab's widget font, with its padding.
PLAY_MIN_WIDTH = "7.5em"


def outputs(s):
    """The live face's two outputs: the widget, then the fallback for a saved notebook."""
    first, last = s.steps[0], s.steps[-1]
    # This cell alone raises NameError in a fresh kernel: it needs the cells above it.
    line = (f"Stepper over {s.label} = {first} to {last}: to step through it, run all the "
            "cells above, then run this cell (or Kernel → Restart Kernel and Run All Cells).")
    bundle = dict(s.widget()._repr_mimebundle_() or {})
    bundle["text/plain"] = line
    png = s.frame_png(first)
    width, _ = png_size(png)
    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    html = _FALLBACK.format(uid=s._uid, line=escape(line), src=uri, width=width,
                            alt=escape(s.alt(first)), cap=escape(s.caption(first)))
    return [bundle, {"text/html": html, "text/plain": line}]


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


def keyboard(s):
    """The live face's third output: a script that gives the widget the static face's keys and names.

    It waits (up to 10 s) for the widget's view to be attached, then works on
    its DOM only; it needs nothing from the kernel but the buttons' clicks.
    Without it (a frontend that runs no script), the widget still works with
    the mouse and the slider handle's own keys.
    """
    first, last = s.steps[0], s.steps[-1]
    data = {"uid": s._uid, "group": f"Stepper over {s.label} = {first} to {last}",
            "range": f"Time step {s.label}", "first": first, "last": last,
            "caps": list(dict.fromkeys(s.caption(t) for t in s.steps))}
    literal = (json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e")
               .replace("&", "\\u0026"))
    css = _KEYBOARD_CSS.replace("UID", s._uid)
    return {"text/html": f'<style>{css}</style><script>{_KEYBOARD_JS}({literal});</script>',
            "text/plain": ""}


_KEYBOARD_CSS = """
.rnnlib-live-UID:focus-visible,.rnnlib-live-UID button:focus-visible,
.rnnlib-live-UID .noUi-handle:focus-visible{outline:3px solid #3b82f6;outline-offset:2px}
.rnnlib-live-UID .rnnlib-live-caption{white-space:normal;overflow:visible;height:auto;
 line-height:1.4;font-variant-numeric:tabular-nums}
"""

_KEYBOARD_JS = """(function (d) {
  var tries = 0;
  function init() {
    var root = document.querySelector(".rnnlib-live-" + d.uid);
    function q(s) { return root && root.querySelector(s); }
    var prev = q(".rnnlib-live-prev"), next = q(".rnnlib-live-next"), play = q(".rnnlib-live-play"),
        cap = q(".rnnlib-live-caption"), handle = q(".rnnlib-live-slider [role=slider]");
    if (!(prev && next && play && cap && handle)) { if (++tries < 400) { setTimeout(init, 25); } return; }
    if (root.getAttribute("data-keys")) { return; }
    root.setAttribute("data-keys", "1");
    root.tabIndex = 0;
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", d.group);
    prev.setAttribute("aria-label", "Previous step");
    next.setAttribute("aria-label", "Next step");
    function playLabel() { play.setAttribute("aria-label", /Pause/.test(play.textContent) ? "Pause" : "Play"); }
    playLabel();
    new MutationObserver(playLabel).observe(play, {childList: true, characterData: true, subtree: true});
    handle.setAttribute("aria-label", d.range);
    cap.setAttribute("aria-live", "polite");
    function value() { return parseInt(handle.getAttribute("aria-valuenow"), 10); }
    root.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target === handle) { return; }
      var v = value(), clicks = {ArrowLeft: [prev, 1], ArrowRight: [next, 1],
                                 Home: [prev, v - d.first], End: [next, d.last - v]}[e.key];
      if (!clicks) { return; }
      e.preventDefault(); e.stopPropagation();
      for (var k = 0; k < Math.max(0, clicks[1] || 0); k++) { clicks[0].click(); }
    });
    root.addEventListener("click", function (e) {   // a click on the frame or caption gives it the keys
      if (!e.target.closest("button, [role=slider]")) { root.focus(); }
    });
    function reserve() {   // as tall as the tallest caption at this width
      var probe = cap.cloneNode(false);
      probe.removeAttribute("aria-live");
      probe.setAttribute("aria-hidden", "true");
      probe.style.cssText = "position:absolute;visibility:hidden;min-height:0;width:" + cap.clientWidth + "px";
      cap.parentNode.appendChild(probe);
      var h = 0;
      d.caps.forEach(function (c) { probe.textContent = c; h = Math.max(h, probe.offsetHeight); });
      probe.remove();
      cap.style.minHeight = h + "px";
    }
    var width = -1;
    function resized() { if (cap.clientWidth !== width) { width = cap.clientWidth; reserve(); } }
    resized();
    if (window.ResizeObserver) { new ResizeObserver(resized).observe(root); }
  }
  init();
})"""
