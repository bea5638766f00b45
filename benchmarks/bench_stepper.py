"""Measure the time stepper: live redraw time and static HTML size.

Run ``python benchmarks/bench_stepper.py``. Prints a table; asserts nothing.

The figure is representative of the chapters: two panels, a heat strip of
h(1..t) for 16 hidden units and a bar chart of ŷ(t), 6 x 2.6 inches.

* live redraw: time from setting the slider of the live face to a frame
  that is not cached yet, to the ``Image`` widget holding its PNG (render +
  rasterise + value swap, in the kernel; excludes the browser's repaint);
* cached redraw: the same for a frame already rendered;
* static HTML: size of the ``text/html`` face of a 20-frame stepper.
"""

import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from rnnlib.widgets import stepper  # noqa: E402

N = 20
H = np.tanh(np.random.default_rng(0).normal(size=(N, 16)))   # h(1..N), 16 units
Y = np.random.default_rng(1).dirichlet(np.ones(5), size=N)   # ŷ(1..N), 5 classes


def render(t):
    fig = Figure(figsize=(6, 2.6), layout="constrained")
    strip, bars = fig.subplots(1, 2, width_ratios=[2, 1])
    strip.imshow(H[:t].T, aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1,
                 extent=(0.5, t + 0.5, 15.5, -0.5))
    strip.set(xlim=(0.5, N + 0.5), xlabel="t", ylabel="unit", title=f"h(t), t = {t}")
    bars.bar(range(5), Y[t - 1])
    bars.set(ylim=(0, 1), xlabel="class", title="ŷ(t)")
    return fig


def timed_steps(parts, steps):
    times = []
    for t in steps:
        start = time.perf_counter()
        parts["slider"].value = t          # the observer sets image.value
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    render(1)                                               # warm up fonts, caches
    s = stepper(render, N, prerender=False)                 # only frame 1 cached
    parts = s.widget()._rnnlib_parts
    uncached = timed_steps(parts, range(2, N + 1))
    cached = timed_steps(parts, range(N - 1, 0, -1))

    start = time.perf_counter()
    static = stepper(render, N)
    html = static.to_html()
    build_s = time.perf_counter() - start
    pngs = static.frames_png()

    rows = [
        ("live redraw, uncached frame (median)", f"{statistics.median(uncached):.1f}", "ms"),
        ("live redraw, uncached frame (max)", f"{max(uncached):.1f}", "ms"),
        ("live redraw, cached frame (median)", f"{statistics.median(cached):.2f}", "ms"),
        (f"static HTML, {N} frames", f"{len(html.encode()) / 1024:.0f}", "KB"),
        ("PNG per frame (median)", f"{statistics.median(map(len, pngs)) / 1024:.1f}", "KB"),
        (f"build {N}-frame stepper + HTML", f"{build_s:.2f}", "s"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'stepper benchmark':<{width}}  {'value':>8}  unit")
    print("-" * (width + 16))
    for name, value, unit in rows:
        print(f"{name:<{width}}  {value:>8}  {unit}")


if __name__ == "__main__":
    main()
