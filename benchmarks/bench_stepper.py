"""The two chapter steppers as a reader waits for them (prints figures, asserts nothing).

    python benchmarks/bench_stepper.py

The steppers are the book's own:

* **graph**: the unfolding chapter's stepper (book/02_unfolding.ipynb),
  ``rl.graph.unfolded("dynamical_input", tau=6, highlight=t, values=...,
  figsize=(8, 2.6))`` at 90 dpi, 6 frames;
* **reading**: chapter 1's ``ch.reading_stepper(rnn, "2009, I went to Nepal
  with friends")`` at its default 88 dpi, 8 frames. The RNN has the chapter's
  shape (61 inputs, 32 hidden units, 10 years) but is untrained: drawing a
  frame does not depend on the weights, and training would only slow this
  script down.

Figures, each the median and the max over the frames (3 rounds):

* **frame**: drawing one frame that is not cached yet: ``render(t)`` plus
  rasterising it to PNG (``Stepper.frame_png``), what the book build pays per
  frame and a live click pays when the frame is not drawn yet (after one
  warm-up stepper of each kind: matplotlib's and rnnlib's caches are warm);
* **appear**: from calling the stepper to its live face being ready to
  display, in a kernel (what the reader waits for before seeing it);
* **click, uncached**: from setting the live face's slider to the ``Image``
  widget holding the new frame, with no frame drawn ahead
  (``prerender=False``): the worst case;
* **click, as read**: the same, right after the stepper appears, clicking
  Next every 0.4 s as a reader would (frames drawn ahead while the reader
  looks are ready).

Times are in the kernel only: the comm round trip and the browser's repaint
(a few ms) are not included. Each figure is given as wall-clock time and as
the CPU time of the thread doing the work: on a machine shared with other
jobs the wall time grows with their load, the CPU time much less, so compare
CPU times between runs made at different loads. The script runs on any checkout
with ``rnnlib/chapters/`` (issue 7 and later): point PYTHONPATH at another tree to
measure it (``PYTHONPATH=/tmp/before python benchmarks/bench_stepper.py``).
"""

import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["RNNLIB_STEPPER_FACE"] = "live"      # measure the live face, as in a kernel

import numpy as np  # noqa: E402

import rnnlib as rl  # noqa: E402

from rnnlib.chapters import ch01_parameter_sharing as ch1  # noqa: E402

ROUNDS = 3
READER_PAUSE_S = 0.4
SENTENCE = "2009, I went to Nepal with friends"

# The unfolding chapter's stepper, as in book/02_unfolding.ipynb.
THETA = {"w": 0.8, "u": 1.0, "b": 0.0}
X = np.array([1.0, 0.0, 0.0, -1.0, 0.5, 0.0])


def _states():
    s, out = 0.0, []
    for x_t in X:
        s = np.tanh(THETA["w"] * s + THETA["u"] * x_t + THETA["b"])
        out.append(s)
    return np.array(out)


S = _states()


def graph_render(t):
    values = {k: f"{S[k - 1]:+.2f}" for k in range(1, t + 1)}
    values[0] = "0"
    return rl.graph.unfolded("dynamical_input", tau=len(X), highlight=t,
                             values=values, figsize=(8, 2.6))


def graph_stepper(prerender=True):
    return rl.widgets.stepper(graph_render, len(X), dpi=90, prerender=prerender)


def reading_model():
    return rl.RNN(len(rl.data.vocabulary()), 32, 10, pattern="last", seed=0)


def reading_stepper(model):
    return ch1.reading_stepper(model, SENTENCE)


def live_face(s):
    """Everything the kernel computes before the live face can be shown."""
    if hasattr(s, "_live_outputs"):
        return s._live_outputs()
    return s._repr_mimebundle_()                # before: widget view + every frame


def ms(seconds):
    return seconds * 1000


def frame_times(s):
    """Draw every frame of ``s`` again, uncached; (wall, CPU) ms per frame."""
    times, cpu = [], []
    for _ in range(ROUNDS):
        if hasattr(s, "_forget_frames"):
            s._forget_frames()
        else:
            s._png.clear()
        for t in s.steps:
            start, start_cpu = time.perf_counter(), time.thread_time()
            s.frame_png(t)
            times.append(ms(time.perf_counter() - start))
            cpu.append(ms(time.thread_time() - start_cpu))
    return times, cpu


def click(parts, t, cpu=None):
    start, start_cpu = time.perf_counter(), time.thread_time()
    parts["slider"].value = t                   # the observer sets image.value
    if cpu is not None:
        cpu.append(ms(time.thread_time() - start_cpu))
    return ms(time.perf_counter() - start)


def uncached_clicks(make):
    times, cpu = [], []
    for _ in range(ROUNDS):
        s = make()
        parts = s.widget()._rnnlib_parts
        for t in list(s.steps)[1:]:
            if hasattr(s, "_forget_frames"):
                s._forget_frames(keep=parts["slider"].value)
            else:
                s._png.pop(t, None)
            times.append(click(parts, t, cpu))
    return times, cpu


def clicks_as_read(make):
    appear, times = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        s = make()
        live_face(s)
        appear.append(ms(time.perf_counter() - start))
        parts = s.widget()._rnnlib_parts
        for t in list(s.steps)[1:]:
            time.sleep(READER_PAUSE_S)
            times.append(click(parts, t))
        if hasattr(s, "close"):
            s.close()
    return appear, times


def row(name, values, cpu=None):
    text = f"{name:<34} {statistics.median(values):>9.1f} {max(values):>9.1f}"
    if cpu:
        text += f" {statistics.median(cpu):>9.1f} {max(cpu):>9.1f}"
    return text


def main():
    # Warm up matplotlib's caches (fonts, and rnnlib's cached label bitmaps) by
    # drawing each stepper once: the figures below are per frame in a running
    # session; "appear" includes a first stepper's cold start.
    os.environ["RNNLIB_STEPPER_FACE"] = "static"
    graph_stepper()
    model = reading_model()
    reading_stepper(model)
    os.environ["RNNLIB_STEPPER_FACE"] = "live"
    print(f"rnnlib from {os.path.dirname(rl.__file__)}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'stepper benchmark (ms)':<34} {'wall':>9} {'wall':>9} {'CPU':>9} {'CPU':>9}")
    print(f"{'':<34} {'median':>9} {'max':>9} {'median':>9} {'max':>9}")
    print("-" * 78)
    for name, make, frames_of in (
            ("graph (ch. 2, 6 frames, 90 dpi)", lambda: graph_stepper(),
             lambda: graph_stepper(prerender=False)),
            ("reading (ch. 1, 8 frames, 88 dpi)", lambda: reading_stepper(model),
             lambda: reading_stepper(model))):
        print(name)
        print(row("  frame: render + PNG", *frame_times(make())))
        appear, read = clicks_as_read(make)
        print(row("  appear: call to live face", appear))
        print(row("  click, uncached", *uncached_clicks(frames_of)))
        print(row("  click, as read (every 0.4 s)", read))


if __name__ == "__main__":
    main()
