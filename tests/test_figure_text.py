"""How small is a figure's text: measured when the PNG is written, carried to the page.

The browser tests (tests/test_browser.py) check the rule of DESIGN.md on the
built pages from ``data-min-text-px``; these tests check, without a build,
each link of the chain that puts it there: ``rnnlib.plots.min_text_px``, the
stepper's frames (``rnnlib.widgets.raster``, the static face's ``<img>``), the
build kernels' hook for inline figures (``book/_ext/kernel_startup.py``), and
the extension that copies the value onto the page and labels the solutions.
"""

import importlib.util
import io
import re
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from rnnlib import plots, widgets
from rnnlib.widgets import raster

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "book" / "_ext"


def small_figure(fontsize=8, dpi=100):
    fig = Figure(figsize=(3, 2), dpi=dpi)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=12)
    ax.set_title("title", fontsize=12)
    ax.text(0.5, 0.5, "small", fontsize=fontsize)
    return fig


def load_extension():
    spec = importlib.util.spec_from_file_location("rnnbook_ext_text", EXT / "rnnbook.py")
    ext = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ext)
    return ext


def test_min_text_px_is_the_smallest_visible_text_in_pixels():
    fig = small_figure(fontsize=8, dpi=100)
    assert plots.min_text_px(fig) == pytest.approx(8 * 100 / 72)
    assert plots.min_text_px(fig, 72) == pytest.approx(8)
    fig.axes[0].texts[0].set_visible(False)          # hidden text does not count
    assert plots.min_text_px(fig) == pytest.approx(12 * 100 / 72)
    assert plots.min_text_px(Figure()) is None       # no text at all


def test_min_text_px_counts_tick_labels_of_a_figure_not_drawn_yet():
    fig = Figure(figsize=(3, 2), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1])
    ax.tick_params(labelsize=7)
    ax.set_title("t", fontsize=14)
    assert plots.min_text_px(fig) == pytest.approx(7 * 100 / 72)


@pytest.mark.parametrize("bad", [None, "fig", 3])
def test_min_text_px_wants_a_figure(bad):
    with pytest.raises(ValueError, match="fig"):
        plots.min_text_px(bad)


def test_stepper_frames_record_their_smallest_text():
    s = widgets.stepper(lambda t: small_figure(fontsize=6 + t), 3, dpi=72)
    for t in s.steps:
        assert float(raster.png_text(s.frame_png(t), plots.MIN_TEXT_KEY)) == pytest.approx(6 + t, abs=0.01)
    html = s.to_html()
    (attr,) = re.findall(r'<img [^>]*data-min-text-px="([^"]+)"', html)
    assert float(attr) == pytest.approx(7)            # the smallest over the frames
    width, height = raster.png_size(s.frame_png(1))
    assert f'width="{width}" height="{height}"' in html  # the frame's box is known before it loads


def test_png_text_reads_only_the_named_chunk():
    buf = io.BytesIO()
    raster.encode(raster.np.zeros((4, 5, 4), dtype="uint8") + 255, 72, buf, text={"a": "1", "b": "2"})
    data = buf.getvalue()
    assert raster.png_text(data, "b") == "2" and raster.png_text(data, "c") is None
    assert Image.open(io.BytesIO(data)).text == {"a": "1", "b": "2"}


def test_build_kernels_mark_inline_figures(monkeypatch):
    """kernel_startup.py makes every Agg PNG carry the key (as IPython's inline backend writes it)."""
    from IPython.core.pylabtools import print_figure

    monkeypatch.setattr(FigureCanvasAgg, "print_png", FigureCanvasAgg.print_png)  # undone after the test
    namespace = {}
    code = (EXT / "kernel_startup.py").read_text()
    exec(compile(code, str(EXT / "kernel_startup.py"), "exec"), namespace)
    exec(compile(code, str(EXT / "kernel_startup.py"), "exec"), namespace)   # twice: installed once
    png = print_figure(small_figure(fontsize=9), "png", bbox_inches="tight")
    assert float(Image.open(io.BytesIO(png)).text[plots.MIN_TEXT_KEY]) == pytest.approx(9 * 100 / 72, abs=0.01)
    buf = io.BytesIO()
    small_figure(fontsize=9).savefig(buf, format="png", dpi=50)
    assert float(Image.open(io.BytesIO(buf.getvalue())).text[plots.MIN_TEXT_KEY]) == pytest.approx(
        9 * 50 / 72, abs=0.01)


def test_extension_copies_the_size_onto_the_page(tmp_path):
    ext = load_extension()
    fig = small_figure(fontsize=10)
    png = tmp_path / "fig.png"
    fig.savefig(png, metadata={plots.MIN_TEXT_KEY: "13.89"})
    assert ext.png_min_text_px(png) == pytest.approx(13.89)
    assert ext.png_min_text_px(tmp_path / "missing.png") is None
    body = ('<figure><img alt="a" src="../_images/fig.png" /></figure>'
            '<img alt="b" src="../_images/other.png">')
    marked = ext._mark_text_sizes(body, {"fig.png": 13.89})
    assert '<img alt="a" src="../_images/fig.png" data-min-text-px="13.89" />' in marked
    assert '<img alt="b" src="../_images/other.png">' in marked


def test_extension_labels_solution_toggles():
    from docutils import nodes
    from docutils.utils import new_document

    ext = load_extension()
    default = "Show code cell {type}"
    doc = new_document("test")

    def cell(source, prompt=default):
        source_node = nodes.container(nb_element="cell_code_source")
        source_node += nodes.literal_block(source, source)
        c = nodes.container(nb_element="cell_code", hide_mode="all", prompt_show=prompt,
                            prompt_hide="Hide code cell {type}")
        c += source_node
        doc.append(c)
        return c

    solution, other, own = cell("# Solution to exercise 1\nx = 1"), cell("x = 2"), \
        cell("# Solution\ny = 3", prompt="Show my answer")
    ext._solution_prompts(doc, default)
    assert (solution["prompt_show"], solution["prompt_hide"]) == ("Show solution", "Hide solution")
    assert other["prompt_show"] == default             # not a solution
    assert own["prompt_show"] == "Show my answer"       # the cell's own metadata wins
