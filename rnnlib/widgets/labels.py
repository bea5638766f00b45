"""Text drawn from cached bitmaps: the labels of rnnlib.graph's drawings, fast in a stepper.

A stepper draws the same few labels ("$h^{(3)}$", "$W$", "+0.76") frame after
frame, each time laying out and rasterising every glyph (most of a graph
frame's time). A :class:`Label` is rendered once per appearance (text, font,
colour, alpha, alignment, box, dpi, the font rcParams) into a small RGBA
bitmap kept in :data:`LABELS` (at most :data:`MAXLABELS`; the cache is
emptied when full), and then pasted at its anchor.

This module imports matplotlib (rnnlib.widgets itself does not).
"""

import matplotlib
import numpy as np
from matplotlib.artist import allow_rasterization
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform

LABELS = {}             # appearance key -> (RGBA bitmap, dx, dy) or None (nothing to draw), see Label
MAX_LABELS = 1024


def clear_caches():
    """Forget every cached label bitmap."""
    LABELS.clear()


class Label(Text):
    """A Text that the Agg renderer draws from a cached bitmap.

    A stepper draws the same few labels ("$h^{(3)}$", "$W$", "+0.76") frame
    after frame, each time laying out and rasterising every glyph (most of a
    graph frame's time). This Text is rendered once per appearance (text,
    font, colour, alpha, alignment, box, dpi) into a small RGBA bitmap, and
    then pasted at its anchor, rounded to the pixel (as Agg rounds glyph
    positions: at most a pixel's shift). Other renderers (PDF, SVG) and
    rotated text draw it as a Text.
    """

    _bbox_kw = None

    def set_bbox(self, rectprops):
        self._bbox_kw = None if rectprops is None else dict(rectprops)
        super().set_bbox(rectprops)

    def _key(self, dpi):
        bbox = None if self._bbox_kw is None else repr(sorted(self._bbox_kw.items()))
        rc = tuple(str(matplotlib.rcParams[k]) for k in (
            "font.family", "font.sans-serif", "mathtext.fontset", "text.hinting",
            "text.hinting_factor", "text.antialiased"))
        return (self.get_text(), self.get_fontsize(), to_hex(self.get_color(), keep_alpha=True),
                self.get_alpha(), self.get_ha(), self.get_va(), self.get_fontweight(),
                self.get_fontstyle(), tuple(self.get_fontfamily()), bbox, dpi, rc)

    def _bitmap(self, dpi):
        """(RGBA uint8 rows bottom to top, dx, dy): the label drawn alone, and where its
        lower-left pixel lies relative to the anchor."""
        size = 2 * (self.get_fontsize() * dpi / 72 * (len(self.get_text()) + 4) + 24)
        for _ in range(4):
            fig = Figure(figsize=(size / dpi, size / dpi), dpi=dpi)
            fig.patch.set_alpha(0)
            canvas = FigureCanvasAgg(fig)
            w, h = (int(v) for v in fig.bbox.size)
            cx, cy = w // 2, h // 2
            label = Text(cx, cy, self.get_text(), transform=IdentityTransform(),
                         fontsize=self.get_fontsize(), color=self.get_color(), alpha=self.get_alpha(),
                         ha=self.get_ha(), va=self.get_va(), fontweight=self.get_fontweight(),
                         fontstyle=self.get_fontstyle(), fontfamily=self.get_fontfamily(),
                         bbox=self._bbox_kw)
            fig.add_artist(label)
            canvas.draw()
            rgba = np.asarray(canvas.buffer_rgba())
            rows, cols = np.nonzero(rgba[..., 3])
            if not rows.size:
                return None
            top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
            if top > 0 and left > 0 and bottom < rgba.shape[0] and right < rgba.shape[1]:
                return (np.ascontiguousarray(rgba[top:bottom, left:right][::-1]),
                        int(left - cx), int(rgba.shape[0] - bottom - cy))
            size *= 2                   # touched the edge: draw it again on a larger canvas
        return None

    @allow_rasterization
    def draw(self, renderer):
        if (not self.get_visible() or not isinstance(renderer, RendererAgg)
                or self.get_text() == "" or self.get_rotation() % 360):
            return super().draw(renderer)
        key = self._key(renderer.dpi)
        entry = LABELS.get(key, False)
        if entry is False:
            if len(LABELS) >= MAX_LABELS:
                LABELS.clear()
            entry = LABELS[key] = self._bitmap(renderer.dpi)
        self._renderer = renderer
        if entry is not None:
            image, dx, dy = entry
            x = float(self.convert_xunits(self._x))
            y = float(self.convert_yunits(self._y))
            x, y = self.get_transform().transform((x, y))
            gc = renderer.new_gc()
            renderer.draw_image(gc, round(x) + dx, round(y) + dy, image)
            gc.restore()
        self.stale = False


def text(ax, x, y, s, **kwargs):
    """``ax.text`` with a :class:`Label`."""
    label = Label(x, y, s, **kwargs)
    ax.add_artist(label)
    return label
