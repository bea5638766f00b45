"""Rasterising a stepper's frames: a shared Agg renderer, a shared mathtext parser, blitting, PNG.

Caches, each bounded (tests/test_widgets.py tests them directly):

* :data:`RENDERERS`: one ``RendererAgg`` per (width, height, dpi), at most
  :data:`MAX_RENDERERS`; every figure of that size is drawn with it, so its
  caches of text metrics stay warm from frame to frame;
* the mathtext parser, one for every renderer (its parse cache is shared);
* a stepper's blit cache (a dict it owns, see :func:`png`): the background of a
  figure redrawn with only its animated artists changing.

The labels a graph draws from cached bitmaps are in :mod:`rnnlib.widgets.labels`.
Frames are drawn one at a time (under ``kernel.LOCK``), so the shared
renderer is never used by two figures at once. matplotlib is imported on
first use only.
"""

from io import BytesIO

import numpy as np

MAX_RENDERERS = 4                   # figure sizes kept at a time
RENDERERS = {}                      # (width, height, dpi) -> RendererAgg, shared by every frame
_SHARED = {"parser": None, "canvas": None}


def clear_caches():
    """Forget the shared renderers and mathtext parser (the next frame builds them again)."""
    RENDERERS.clear()
    _SHARED["parser"] = None


def _share_mathtext(renderer):
    """Make every Agg renderer use one mathtext parser, so its parse cache is shared.

    matplotlib caches parsed mathtext per parser, and each figure's renderer
    has its own: without this every frame parses "$h^{(3)}$" and friends
    again, about half the time of a graph frame.
    """
    parser = getattr(renderer, "mathtext_parser", None)
    if parser is None:
        return
    if _SHARED["parser"] is None:
        _SHARED["parser"] = parser
    else:
        renderer.mathtext_parser = _SHARED["parser"]


def shared_renderer(width, height, dpi):
    """The RendererAgg for figures of this size and dpi, built on first use (the oldest size goes at five)."""
    from matplotlib.backends.backend_agg import RendererAgg

    key = (width, height, dpi)
    renderer = RENDERERS.get(key)
    if renderer is None:
        if len(RENDERERS) >= MAX_RENDERERS:
            RENDERERS.pop(next(iter(RENDERERS)))
        renderer = RENDERERS[key] = RendererAgg(width, height, dpi)
        _share_mathtext(renderer)
    return renderer


def canvas_class():
    """A FigureCanvasAgg whose renderer is shared by every figure of the same size and dpi.

    matplotlib gives each figure its own renderer, and keeps its caches of
    text metrics and parsed mathtext per renderer: a stepper's frames, new
    figures of one size, would lay out every label again. Sharing the
    renderer keeps those caches warm from frame to frame, about a quarter of
    a frame's time.
    """
    if _SHARED["canvas"] is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        class SharedRendererCanvas(FigureCanvasAgg):
            def get_renderer(self):
                w, h = self.figure.bbox.size
                self.renderer = shared_renderer(w, h, self.figure.dpi)
                return self.renderer

        _SHARED["canvas"] = SharedRendererCanvas
    return _SHARED["canvas"]


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


def png(fig, dpi, blit=None):
    """PNG bytes of ``fig`` at ``dpi`` (no "Software" metadata: identical bytes each run).

    The PNG records the font size of the figure's smallest text in its own pixels
    (tEXt ``rnnlib:min-text-px``, see :func:`rnnlib.plots.min_text_px`), which the
    static face and the book's browser tests read.

    blit : dict, optional
        Per-stepper cache for blitting. When ``render`` returns the same
        figure every time with the artists that change marked animated
        (``artist.set_animated(True)``, matplotlib's convention for blitting),
        the rest is drawn once, kept as a background, and each frame draws
        only the animated artists on a copy of it.
    """
    from ..plots import MIN_TEXT_KEY, min_text_px
    buf = BytesIO()
    if getattr(fig.canvas, "manager", None) is not None:      # a pyplot figure
        px = min_text_px(fig, dpi)
        text = {} if px is None else {MIN_TEXT_KEY: f"{px:.2f}"}
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None, **text})
        return buf.getvalue()
    old_dpi = fig.dpi
    Canvas = canvas_class()
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
        px = min_text_px(fig, draw=False)       # just drawn: the tick labels have their text
        encode(np.asarray(canvas.buffer_rgba()), dpi, buf,
               text=None if px is None else {MIN_TEXT_KEY: f"{px:.2f}"})
    finally:
        fig.dpi = old_dpi
    return buf.getvalue()


def encode(rgba, dpi, buf, text=None):
    """Write the (height, width, 4) uint8 image as PNG: RGB when it is opaque.

    zlib level 3 on RGB: 15-20 % smaller and about twice as fast to write as
    matplotlib's savefig (RGBA, level 6); the pixels are the same. ``text``: a
    dict of tEXt chunks (keyword: value) to write, or None.
    """
    from PIL import Image
    if rgba[..., 3].min() == 255:
        image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]), "RGB")
    else:
        image = Image.fromarray(np.ascontiguousarray(rgba), "RGBA")
    info = None
    if text:
        from PIL.PngImagePlugin import PngInfo
        info = PngInfo()
        for key, value in text.items():
            info.add_text(key, value)
    image.save(buf, format="png", compress_level=3, dpi=(dpi, dpi), pnginfo=info)


def png_text(data, key):
    """The value (str) of the PNG's first tEXt chunk named ``key``, or None."""
    pos, wanted = 8, key.encode("latin-1") + b"\0"
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        if kind == b"tEXt" and data[pos + 8:pos + 8 + len(wanted)] == wanted:
            return data[pos + 8 + len(wanted):pos + 8 + length].decode("latin-1")
        if kind in (b"IDAT", b"IEND"):
            return None
        pos += 12 + length
    return None


def png_size(data):
    """(width, height) in pixels, from the PNG's IHDR chunk."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
