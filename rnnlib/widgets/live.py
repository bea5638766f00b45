"""The live face of a stepper (a running kernel): an ipywidgets control that swaps a PNG in place.

"‹ Previous", "▶ Play" (then "❚❚ Pause") and "Next ›" buttons, the same as the
static face's, a slider, a caption ``Label`` and an ``Image`` shown at the
frame's natural size. Previous, Next and the slider stop playing; Play from
the last frame starts again from the first; playing stops at the last frame.

A live stepper displays two outputs: the widget, and after it a short HTML
fallback (the first frame and a line saying to run the cell) that hides
itself beside a working widget. A notebook saved and reopened without the
kernel shows that fallback where JupyterLab would otherwise print "Error
displaying widget: model not found" (its CSS hides the error), and an
untrusted notebook shows the widget output's text line.
"""

import base64
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
        self.play = w.Button(description="▶ Play", tooltip="Play", **buttons)
        self.next = w.Button(description="Next ›", tooltip="Next step", **buttons)
        self.caption = w.Label(value=s.caption(first))
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


def outputs(s):
    """The live face's two outputs: the widget, then the fallback for a saved notebook."""
    first, last = s.steps[0], s.steps[-1]
    line = (f"Stepper over {s.label} = {first} to {last}: run this cell "
            "(with a live kernel) to step through it.")
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
