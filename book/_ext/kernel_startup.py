"""Run by every kernel the book build starts (``PYTHONSTARTUP``, set by rnnbook.py).

Every PNG that matplotlib's Agg canvas writes in the build, which includes the
inline figures IPython shows, gets a tEXt chunk ``rnnlib:min-text-px``: the
font size of the figure's smallest visible text, in the PNG's own pixels
(points × dpi / 72). The extension copies it onto the page's ``<img>``; the
browser tests check from it that figure text is at least 11 px as displayed.
Only the build's kernels run this: importing rnnlib changes nothing.
"""


def _rnnbook_install():
    import os

    previous = os.environ.get("RNNBOOK_PREVIOUS_STARTUP")
    if previous and os.path.isfile(previous):
        with open(previous, encoding="utf-8") as f:
            exec(compile(f.read(), previous, "exec"), globals())

    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from rnnlib.plots import MIN_TEXT_KEY, min_text_px
    except ImportError:                 # no matplotlib or no rnnlib: nothing to mark
        return
    if getattr(FigureCanvasAgg.print_png, "_rnnbook", False):
        return
    from matplotlib.image import imsave

    # FigureCanvasAgg.print_png, with the metadata measured between drawing and writing
    # (matplotlib passes extra keywords such as orientation to a print method it does not
    # own: they are dropped, as matplotlib drops them for its own).
    def print_png(self, filename_or_obj, *, metadata=None, pil_kwargs=None, **_):
        FigureCanvasAgg.draw(self)
        px = min_text_px(self.figure)
        if px is not None:
            metadata = {**(metadata or {}), MIN_TEXT_KEY: f"{px:.2f}"}
        imsave(filename_or_obj, self.buffer_rgba(), format="png", origin="upper",
               dpi=self.figure.dpi, metadata=metadata, pil_kwargs=pil_kwargs)

    print_png._rnnbook = True
    print_png.__module__ = "rnnbook_kernel_startup"   # matplotlib reads it (None if exec'd bare)
    FigureCanvasAgg.print_png = print_png


_rnnbook_install()
del _rnnbook_install
