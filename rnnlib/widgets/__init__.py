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

# The package: core (the Stepper and its frames), kernel (which face, the idle
# hooks and the thread that draws ahead), raster (the shared renderer and the
# PNG encoder, with their caches), static and live (the two faces), labels
# (text drawn from cached bitmaps, for rnnlib.graph; imports matplotlib).
# tryit and tryit_core are the "Try it" panels (not the stepper): the reader's input run by a
# trained network, in Python or, in the static book, by book/_ext/static/rnnbook-tryit.js.
# captions: a figure's caption (cell metadata) shown under it in a live notebook.
# Importing this package imports neither matplotlib nor ipywidgets.

from .captions import show_captions
from .core import MAX_DPI, MAX_PIXELS, MAX_STEPS, Stepper, stepper
from .kernel import FACE_VARIABLE

__all__ = ["stepper", "Stepper", "MAX_STEPS", "MAX_DPI", "MAX_PIXELS", "FACE_VARIABLE", "show_captions"]
