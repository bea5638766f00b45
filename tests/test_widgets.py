"""Tests of rnnlib.widgets: the time stepper's static (HTML) and live faces.

Frames are rendered once per module where tests can share them (fixtures);
nothing here measures time (benchmarks/bench_stepper.py does).
"""

import base64
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from io import BytesIO

os.environ.setdefault("MPLBACKEND", "Agg")  # before pyplot is first imported

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from badinput import TE, VE, Bad, ids, refused  # noqa: E402
from rnnlib import widgets  # noqa: E402
from rnnlib.widgets import labels, raster, stepper  # noqa: E402

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


def small_render(t):
    """A tiny figure that differs for every t."""
    fig = Figure(figsize=(2, 1.5))
    ax = fig.add_subplot()
    ax.bar(range(t), np.arange(1, t + 1))
    ax.set_title(f"t = {t}")
    return fig


H = np.tanh(np.random.default_rng(0).normal(size=(20, 16)))  # h(1..20), 16 units


def typical_render(t):
    """A chapter-like 2-panel figure: heat strip of h(1..t) and a bar chart."""
    fig = Figure(figsize=(6, 2.6), layout="constrained")
    a, b = fig.subplots(1, 2, width_ratios=[2, 1])
    a.imshow(H[:t].T, aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1,
             extent=(0.5, t + 0.5, 15.5, -0.5))
    a.set_xlim(0.5, 20.5)
    a.set(xlabel="t", ylabel="unit", title=f"h(t), t = {t}")
    b.bar(range(5), np.abs(H[t - 1, :5]))
    b.set(ylim=(0, 1), title="ŷ(t)")
    return fig


@pytest.fixture(autouse=True)
def _static_face_and_no_figures_left(monkeypatch):
    """The static face unless a test asks for the live one; no pyplot figure left over."""
    monkeypatch.setenv(widgets.FACE_VARIABLE, "static")
    yield
    plt.close("all")


@pytest.fixture
def live(monkeypatch):
    monkeypatch.setenv(widgets.FACE_VARIABLE, "live")


@pytest.fixture(scope="module")
def small():
    """A 6-frame stepper of small figures, every frame drawn, and its static face."""
    os.environ[widgets.FACE_VARIABLE] = "static"
    s = stepper(small_render, 6)
    return s, s.to_html()


@pytest.fixture(scope="module")
def typical():
    """A 20-frame stepper of a chapter-like figure: drawn once for the tests that need it."""
    os.environ[widgets.FACE_VARIABLE] = "static"
    s = stepper(typical_render, 20)
    return s, s.to_html()


def png_pixels(png):
    from PIL import Image
    with Image.open(BytesIO(png)) as im:
        return np.asarray(im.convert("RGB"))


def wait_for(predicate, what, seconds=20.0):
    """Poll until ``predicate()`` holds (threads at work); fail saying ``what`` never happened."""
    end = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > end:
            pytest.fail(f"{what} did not happen")
        time.sleep(0.01)


class Tree(HTMLParser):
    """Checks that non-void tags balance; records every start tag."""

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.tags, self.scripts = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.errors.append(f"self-closed non-void <{tag}/>")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag for void element </{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)


def parse(html):
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.errors == [] and tree.stack == [], (tree.errors, tree.stack)
    return tree


def find(tree, tag, **attrs):
    return [a for t, a in tree.tags
            if t == tag and all(a.get(k) == v for k, v in attrs.items())]


# -- static face -------------------------------------------------------------

def test_static_face_holds_every_frame_once_each(small):
    s, html = small
    uris = DATA_URI.findall(html)
    expected = {"data:image/png;base64," + base64.b64encode(p).decode()
                for p in s.frames_png()}
    assert len(expected) == 6                       # the frames differ
    assert set(uris) == expected
    assert len(uris) == 6                           # none embedded twice


def test_static_face_is_well_formed_and_accessible():
    html = stepper(small_render, 5, label="τ").to_html()
    tree = parse(html)
    (root,) = find(tree, "div", **{"class": "rnnlib-stepper"})
    assert root["tabindex"] == "0" and root["id"]
    buttons = find(tree, "button")
    assert all(b.get("type") == "button" for b in buttons)
    assert {b.get("aria-label") for b in buttons} == {"Previous step", "Next step", "Play"}
    (rng,) = find(tree, "input", type="range")
    assert rng["aria-label"] and rng["min"] == "0" and rng["max"] == "4"
    (live,) = [a for t, a in tree.tags if a.get("aria-live") == "polite"]
    assert live["class"] == "rnnlib-stepper-caption"
    assert "τ = 1" in html                          # first caption is shown
    (img,) = find(tree, "img")
    assert img["alt"] == "Frame for τ = 1" and img["src"].startswith("data:image/png;base64,")
    # the script is scoped to its own container and handles keys and play/pause
    (script,) = tree.scripts
    assert f'"id": "{root["id"]}"' in script and "getElementById" in script
    for word in ("ArrowLeft", "ArrowRight", "Pause"):
        assert word in script


def test_static_face_has_no_external_url(small):
    html = small[1].lower()
    for bad in ("http://", "https://", "//cdn", 'src="http', "<link", "@import"):
        assert bad not in html


def test_captions_and_alt_text_are_escaped_and_customisable():
    s = stepper(small_render, 3, start=0, caption=lambda t: f"</script><b>{t}</b> & co",
                alt=lambda t: f'bars "{t}"')
    html = s.to_html()
    parse(html)
    assert "</script><b>" not in html
    assert "&lt;/script&gt;&lt;b&gt;0&lt;/b&gt; &amp; co" in html
    assert 'alt="bars &quot;0&quot;"' in html
    assert s.alt(2) == 'bars "2"'
    assert stepper(small_render, 2, alt="Bars").alt(2) == "Bars (t = 2)"


def test_twenty_frames_of_a_typical_figure_stay_under_1_mb(typical):
    _, html = typical
    assert len(DATA_URI.findall(html)) == 20
    assert len(html.encode()) < 1_000_000


def test_frames_are_pngs_of_one_size_the_figure_at_its_dpi(typical):
    s, _ = typical
    from PIL import Image
    sizes = set()
    for png in s.frames_png():
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(BytesIO(png)) as im:
            im.load()
            sizes.add(im.size)
    (size,) = sizes                                 # every frame the same size...
    want = np.array(typical_render(1).get_size_inches()) * s.dpi
    assert np.all(np.abs(np.array(size) - want) <= 1)   # ... the figure's inches at s.dpi


def test_each_fragment_gets_its_own_id(small):
    a, b = small[0], stepper(small_render, 2)
    ids = [re.search(r'id="(rnnlib-stepper-[0-9a-f]+)"', h).group(1)
           for h in (a.to_html(), b.to_html(), small[1])]
    assert len(set(ids)) == 3


# -- which face ------------------------------------------------------------------

def test_static_face_is_the_only_output_outside_a_kernel(small):
    s, _ = small
    (bundle,) = s._outputs()
    assert set(bundle) == {"text/html", "text/plain"}
    assert len(DATA_URI.findall(bundle["text/html"])) == 6
    assert bundle["text/plain"] == repr(s) == "<Stepper: 6 steps of t, 1..6>"
    other = s._repr_mimebundle_()
    assert set(other) == {"text/html", "text/plain"}
    assert len(DATA_URI.findall(other["text/html"])) == 6
    assert s._widget is None                        # no ipywidgets made for the book


def test_live_outputs_survive_a_saved_notebook(live):
    """What a notebook saves: the widget output, then a fallback that says to run the cell.

    Reopened without the kernel, JupyterLab cannot find the widget's model;
    the fallback's CSS hides the widget output's error (an output whose widget
    renderer holds no element) and shows the first frame and the line; beside
    a working widget the fallback hides itself. tests/test_browser.py checks
    that CSS in Chromium.
    """
    s = stepper(small_render, 4)
    widget_output, fallback = s._live_outputs()
    assert widget_output[WIDGET_MIME]["model_id"] == s.widget().model_id
    line = widget_output["text/plain"]              # what an untrusted notebook shows
    assert "run this cell" in line and "t = 1 to 4" in line
    assert set(fallback) == {"text/html", "text/plain"} and fallback["text/plain"] == line
    html = fallback["text/html"]
    tree = parse(html)
    assert "run this cell" in html
    assert DATA_URI.findall(html) == ["data:image/png;base64,"
                                      + base64.b64encode(s.frame_png(1)).decode()]
    (img,) = find(tree, "img")
    assert img["alt"] == s.alt(1) and img["width"] == str(png_pixels(s.frame_png(1)).shape[1])
    uid = s._uid
    assert f"rnnlib-live-{uid}" in s.widget()._dom_classes
    assert f":has(.rnnlib-live-{uid}) ~ :has(.rnnlib-fallback-{uid})" in html
    assert ".jp-OutputArea-child:has(> .jp-OutputArea-output.jupyter-widgets)" in html
    assert "<script" not in html                    # works in a trusted notebook without JS
    s.close()


# -- live face -------------------------------------------------------------------

def test_live_face_appears_after_one_frame_and_draws_the_rest_ahead(live):
    calls = []

    def render(t):
        calls.append(t)
        return small_render(t)

    s = stepper(render, 5)
    assert calls[0] == 1                            # the first frame, drawn in the cell
    wait_for(lambda: len(s._png) == 5, "drawing the other frames ahead")
    assert sorted(calls) == [1, 2, 3, 4, 5]         # each frame drawn once
    s.close()


def test_live_face_has_the_static_face_buttons_and_steps_and_clamps(live, small):
    s = stepper(small_render, 4, caption=lambda t: f"step {t}", prerender=False)
    box = s.widget()
    assert s.widget() is box                        # built once
    p = box._rnnlib_parts
    static = parse(small[1])
    texts = [a for t, a in static.tags if t == "button"]
    assert len(texts) == 3
    # the same visible text as the static face's buttons, in the same order
    assert [p[k].description for k in ("prev", "play", "next")] == ["‹ Previous", "▶ Play", "Next ›"]
    assert re.findall(r'<button[^>]*>([^<]*)</button>', small[1].replace("&#8249;", "‹")
                      .replace("&#8250;", "›").replace("&#9654;", "▶")) == ["‹ Previous", "▶ Play", "Next ›"]
    assert (p["prev"].tooltip, p["play"].tooltip, p["next"].tooltip) == ("Previous step", "Play", "Next step")
    assert p["image"].value == s.frame_png(1) and p["caption"].value == "step 1"
    p["slider"].value = 3
    assert p["image"].value == s.frame_png(3) and p["caption"].value == "step 3"
    p["next"].click()
    p["next"].click()
    assert p["slider"].value == 4 and p["image"].value == s.frame_png(4)
    for _ in range(6):
        p["prev"].click()
    assert p["slider"].value == 1 and p["image"].value == s.frame_png(1)
    s.close()


def test_live_frames_are_shown_at_their_natural_size(live):
    s = stepper(small_render, 2)
    p = s.widget()._rnnlib_parts
    width = png_pixels(s.frame_png(1)).shape[1]
    layout = p["image"].layout
    assert (layout.width, layout.max_width, layout.height) == (f"{width}px", "100%", "auto")
    assert layout.align_self == "flex-start"        # not stretched by the box
    s.close()


def test_live_play_next_and_the_end_behave_as_the_static_face(live):
    s = stepper(small_render, 4, interval_ms=20)
    p = s.widget()._rnnlib_parts
    p["play"].click()                               # Play ...
    assert p["play"].description == "❚❚ Pause" and p["play"].tooltip == "Pause"
    wait_for(lambda: s._playing is None, "playing to the last frame")
    assert p["slider"].value == 4                   # ... stops at the last frame
    assert p["play"].description == "▶ Play"
    p["play"].click()                               # Play from the last frame starts again
    assert p["slider"].value in (1, 2)
    p["next"].click()                               # Next while playing stops, then steps
    assert s._playing is None and p["play"].description == "▶ Play"
    stopped_at = p["slider"].value
    time.sleep(0.1)                                 # (five intervals: it would have moved)
    assert p["slider"].value == stopped_at
    s.close()


def test_live_face_tells_the_reader_when_a_frame_fails(live):
    def render(t):
        if t == 3:
            raise ZeroDivisionError("boom")
        return small_render(t)

    s = stepper(render, 4)                          # the first frame is fine: it appears
    p = s.widget()._rnnlib_parts
    p["slider"].value = 3
    assert "render failed: ZeroDivisionError: boom" in p["caption"].value
    with pytest.raises(ZeroDivisionError):
        s.frame_png(3)
    s.close()


def test_prerender_false_draws_on_demand_once(live):
    calls = []

    def render(t):
        calls.append(t)
        return small_render(t)

    s = stepper(render, 5, prerender=False)
    assert calls == [1]
    p = s.widget()._rnnlib_parts
    p["slider"].value = 4
    p["slider"].value = 2
    p["slider"].value = 4
    assert calls == [1, 4, 2]
    s.to_html()
    assert sorted(calls) == [1, 2, 3, 4, 5]
    s.close()


def test_static_prerender_draws_every_frame_up_front():
    calls = []
    stepper(lambda t: calls.append(t) or small_render(t), 4, start=0)
    assert calls == [0, 1, 2, 3]


@pytest.mark.parametrize("face", ["static", "live"])
def test_pyplot_figures_are_closed(face, monkeypatch):
    monkeypatch.setenv(widgets.FACE_VARIABLE, face)

    def render(t):
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.plot(range(t + 1))
        return fig

    plt.close("all")
    s = stepper(render, 3)                          # pyplot: never drawn in a thread
    assert len(s._png) == 3
    s._outputs()
    assert plt.get_fignums() == []
    s.close()


def test_one_figure_with_animated_artists_is_blitted_to_the_same_pixels():
    """render may update and return one figure, the changing artists marked animated."""
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.set(xlim=(0, 6), ylim=(0, 6), title="fixed")
    (line,) = ax.plot([], [], "o-")
    label = ax.text(0.5, 5, "")

    def update(t):
        line.set_data(range(1, t + 1), range(1, t + 1))   # inside the axes, clear of the spines
        label.set_text(f"t = {t}")
        return fig

    whole = [bytes(stepper(update, 5).frame_png(t)) for t in (1, 3, 5)]  # drawn whole
    for artist in (line, label):
        artist.set_animated(True)
    blitted = stepper(update, 5)
    for png, t in zip(whole, (1, 3, 5)):
        assert np.array_equal(png_pixels(png), png_pixels(blitted.frame_png(t)))
    assert blitted._blit["figure"] is fig


def test_render_must_return_a_figure():
    with pytest.raises(ValueError, match=r"render: got NoneType from render\(1\), "
                                         r"wanted a matplotlib.figure.Figure"):
        stepper(lambda t: None, 3)
    ax = Figure().add_subplot()
    with pytest.raises(ValueError, match=r"got Axes from .*return ax.figure"):
        stepper(lambda t: ax, 3)
    # a bad frame later in the sequence fails when the stepper is built
    with pytest.raises(ValueError, match=r"got str from render\(3\)"):
        stepper(lambda t: small_render(t) if t < 3 else "oops", 4)


def test_errors_inside_render_propagate_with_the_step():
    def render(t):
        raise ZeroDivisionError("boom")

    with pytest.raises(ZeroDivisionError) as info:
        stepper(render, 2)
    if sys.version_info >= (3, 11):
        assert "t = 1" in " ".join(info.value.__notes__)


# -- bad input: one row per (argument, kind), on the shared harness (tests/badinput.py) -----

def _s(**kwargs):
    """A call of stepper(small_render, 2, **kwargs)."""
    args = dict(render=small_render, n_steps=2) | kwargs
    return lambda: stepper(args.pop("render"), args.pop("n_steps"), **args)


def _bad(**kwargs):
    """stepper(small_render, 2, **kwargs) with the bad value in place of the argument given as None."""
    def call(value):
        args = dict(render=small_render, n_steps=2) | {k: (value if v is None else v) for k, v in kwargs.items()}
        return stepper(args.pop("render"), args.pop("n_steps"), **args)
    return call


def _huge(t):
    return Figure(figsize=(1000, 1000))             # 5e9 pixels at 72 dpi: refused, not drawn


def _two_frames():
    return stepper(small_render, 2)


BAD = [
    Bad(_bad(n_steps=None), "n_steps", 0, VE),
    Bad(_bad(n_steps=None), "n_steps", 501, VE, "1..500"),
    Bad(_bad(n_steps=None), "n_steps", True, TE),
    Bad(_bad(n_steps=None), "n_steps", "3", TE),
    Bad(_bad(render=None), "render", 42, TE),
    Bad(_bad(render=None), "render", lambda t: None, VE, "matplotlib.figure.Figure"),
    Bad(_bad(render=None), "render", _huge, VE, "wanted at most 16,000,000"),   # a figure too large to rasterise
    Bad(_bad(start=None), "start", 1.5, TE),
    Bad(_bad(start=None), "start", 10**10, VE),
    Bad(_bad(label=None), "label", 3, TE),
    Bad(_bad(caption=None), "caption", "t", TE),
    Bad(_bad(alt=None), "alt", 3, TE),
    Bad(_bad(dpi=None), "dpi", "72", TE),
    Bad(_bad(dpi=None), "dpi", float("nan"), VE),
    Bad(_bad(dpi=None), "dpi", 20000, VE, "400"),     # would exhaust memory: refused
    Bad(_bad(interval_ms=None), "interval_ms", "fast", TE),
    Bad(_bad(interval_ms=None), "interval_ms", 0, VE),
    Bad(_bad(fmt=None), "fmt", 3, TE),
    Bad(_bad(fmt=None), "fmt", "svg", VE),
    Bad(_bad(prerender=None), "prerender", "yes", TE),
    Bad(lambda t: _two_frames().frame_png(t), "t", 1.0, TE),
    Bad(lambda t: _two_frames().frame_png(t), "t", 3, VE),
    Bad(lambda t: _two_frames().caption(t), "t", 5, VE),
    Bad(lambda t: _two_frames().alt(t), "t", "1", TE),
]


@pytest.mark.parametrize("row", BAD, ids=ids(BAD))
def test_bad_input_raises_naming_the_argument(row):
    refused(row)


EDGE = [
    dict(n_steps=np.int64(3)),
    dict(n_steps=1),
    dict(start=np.int64(0)),
    dict(start=-2),
    dict(dpi=np.float32(60)),
    dict(dpi=np.int64(50)),
    dict(interval_ms=np.int64(100)),
    dict(prerender=np.bool_(False)),
    dict(alt="Bars", caption=str),
]


@pytest.mark.parametrize("kwargs", EDGE, ids=[str(sorted(k)) for k in EDGE])
def test_edge_inputs_work(kwargs):
    s = _s(**kwargs)()
    assert s.frame_png(s.steps[-1]).startswith(b"\x89PNG")
    assert s.frame_png(np.int64(s.steps[0])) == s.frame_png(s.steps[0])


# -- module hygiene --------------------------------------------------------------

def test_import_is_cheap_and_side_effect_free():
    code = ("import sys\n"
            "import rnnlib.widgets as w\n"
            "heavy = [k for k in ('ipywidgets', 'matplotlib', 'IPython') if k in sys.modules]\n"
            "assert heavy == [], heavy\n"
            "assert callable(w.stepper) and w.Stepper.__module__ == 'rnnlib.widgets.core'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the caches, tested directly -------------------------------------------------

def mathtext_figure(size=(2, 1), text="$h^{(3)} = W h^{(2)}$"):
    fig = Figure(figsize=size)
    fig.text(0.1, 0.5, text)
    return fig


def test_figures_of_one_size_share_one_renderer_and_one_mathtext_parser():
    raster.clear_caches()
    a, b = raster.png(mathtext_figure(), 72), raster.png(mathtext_figure(), 72)
    assert a == b
    assert list(raster.RENDERERS) == [(144.0, 72.0, 72)]
    raster.png(mathtext_figure(size=(3, 1)), 72)
    parsers = {id(r.mathtext_parser) for r in raster.RENDERERS.values()}
    assert len(raster.RENDERERS) == 2 and len(parsers) == 1


def test_the_renderer_cache_keeps_the_newest_sizes_and_the_same_pixels():
    raster.clear_caches()
    first = raster.png(mathtext_figure(size=(1, 1)), 40)
    for k in range(2, raster.MAX_RENDERERS + 3):
        raster.png(mathtext_figure(size=(k, 1)), 40)
    assert len(raster.RENDERERS) == raster.MAX_RENDERERS
    assert (40.0, 40.0, 40) not in raster.RENDERERS                  # the oldest size went first
    assert raster.png(mathtext_figure(size=(1, 1)), 40) == first     # drawn again, same bytes
    raster.clear_caches()
    assert raster.RENDERERS == {} and raster.png(mathtext_figure(size=(1, 1)), 40) == first


def test_png_is_opaque_rgb_at_the_asked_dpi_and_says_its_size():
    png = raster.png(mathtext_figure(size=(2, 1)), 50)
    assert raster.png_size(png) == (100, 50)
    from PIL import Image
    with Image.open(BytesIO(png)) as im:
        assert im.mode == "RGB" and round(im.info["dpi"][0]) == 50


def test_the_blit_cache_keeps_one_background_per_figure_and_size():
    fig = Figure(figsize=(2, 1))
    ax = fig.add_subplot()
    (line,) = ax.plot([0, 1], [0, 1], animated=True)
    blit = {}
    raster.png(fig, 40, blit)
    key = blit["key"]
    line.set_ydata([1, 0])
    raster.png(fig, 40, blit)
    assert blit["key"] == key and blit["figure"] is fig    # the background was reused
    raster.png(fig, 50, blit)
    assert blit["key"] != key                              # another dpi: drawn again


def label_figure(cls_text, text="$h^{(3)}$", **kw):
    fig = Figure(figsize=(1.5, 1))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    cls_text(ax, 0.5, 0.5, text, ha="center", va="center", fontsize=14, **kw)
    return fig


def ink_box(png):
    """Rows and columns of the non-white pixels: (top, bottom, left, right)."""
    rows, cols = np.nonzero(png_pixels(png).min(axis=-1) < 250)
    return rows.min(), rows.max(), cols.min(), cols.max()


def test_a_label_is_drawn_once_per_appearance_within_a_pixel_of_matplotlibs_text():
    labels.clear_caches()
    cached = raster.png(label_figure(labels.text), 72)
    raster.png(label_figure(labels.text), 72)
    assert len(labels.LABELS) == 1                         # the second figure reused the bitmap
    raster.png(label_figure(labels.text, color="red"), 72)
    raster.png(label_figure(labels.text), 90)
    assert len(labels.LABELS) == 3                         # a colour and a dpi are new appearances
    plain = raster.png(label_figure(lambda ax, *a, **kw: ax.text(*a, **kw)), 72)
    assert np.abs(np.subtract(ink_box(cached), ink_box(plain))).max() <= 1


def test_the_label_cache_is_emptied_when_full_and_rotated_text_is_not_cached(monkeypatch):
    labels.clear_caches()
    monkeypatch.setattr(labels, "MAX_LABELS", 2)
    for text in ("a", "b", "c"):
        raster.png(label_figure(labels.text, text=text), 40)
    assert list(k[0] for k in labels.LABELS) == ["c"]
    labels.clear_caches()
    raster.png(label_figure(labels.text, rotation=90), 40)
    assert labels.LABELS == {}


def test_a_label_draws_as_text_in_a_vector_file():
    import matplotlib

    labels.clear_caches()
    buf = BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):      # text as <text>, not as glyph paths
        label_figure(labels.text, text="Unfold").savefig(buf, format="svg")
    assert b"Unfold" in buf.getvalue() and labels.LABELS == {}
