"""Tests of rnnlib.widgets: the time stepper's static (HTML) and live faces."""

import base64
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from io import BytesIO

os.environ.setdefault("MPLBACKEND", "Agg")  # before pyplot is first imported

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from rnnlib import widgets  # noqa: E402
from rnnlib.widgets import stepper  # noqa: E402

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
def _close_figures():
    yield
    plt.close("all")


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

def test_static_face_holds_every_frame_once_each():
    s = stepper(small_render, 6)
    html = s.to_html()
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


def test_static_face_has_no_external_url():
    html = stepper(small_render, 3).to_html().lower()
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


def test_twenty_frames_of_a_typical_figure_stay_under_1_mb():
    html = stepper(typical_render, 20).to_html()
    assert len(DATA_URI.findall(html)) == 20
    assert len(html.encode()) < 1_000_000


def test_each_fragment_gets_its_own_id():
    a, b = stepper(small_render, 2), stepper(small_render, 2)
    ids = [re.search(r'id="(rnnlib-stepper-[0-9a-f]+)"', h).group(1)
           for h in (a.to_html(), b.to_html(), a.to_html())]
    assert len(set(ids)) == 3


# -- both faces ----------------------------------------------------------------

def test_mimebundle_has_both_faces():
    s = stepper(small_render, 3)
    bundle = s._repr_mimebundle_()
    assert {"text/html", WIDGET_MIME, "text/plain"} <= set(bundle)
    assert bundle[WIDGET_MIME]["model_id"] == s.widget().model_id
    assert bundle["text/plain"] == repr(s) == "<Stepper: 3 steps of t, 1..3>"
    assert len(DATA_URI.findall(bundle["text/html"])) == 3
    only_html = s._repr_mimebundle_(include=["text/html"])
    assert WIDGET_MIME not in only_html and "text/html" in only_html


# -- live face -------------------------------------------------------------------

def test_live_face_steps_and_clamps():
    s = stepper(small_render, 4, start=1, caption=lambda t: f"step {t}")
    box = s.widget()
    assert s.widget() is box                        # built once
    p = box._rnnlib_parts
    frames = s.frames_png()
    assert p["image"].value == frames[0] and p["caption"].value == "step 1"
    p["slider"].value = 3
    assert p["image"].value == frames[2] and p["caption"].value == "step 3"
    p["next"].click()
    p["next"].click()
    assert p["slider"].value == 4 and p["image"].value == frames[3]
    for _ in range(6):
        p["prev"].click()
    assert p["slider"].value == 1 and p["image"].value == frames[0]
    assert (p["play"].min, p["play"].max, p["play"].interval) == (1, 4, 700)
    assert p["prev"].tooltip == "Previous step" and p["next"].tooltip == "Next step"


def test_live_face_renders_lazily_and_caches():
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


def test_prerender_renders_every_frame_up_front():
    calls = []
    stepper(lambda t: calls.append(t) or small_render(t), 4, start=0)
    assert calls == [0, 1, 2, 3]


def test_pyplot_figures_are_closed():
    def render(t):
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.plot(range(t + 1))
        return fig

    plt.close("all")
    s = stepper(render, 3, prerender=False)
    s._repr_mimebundle_()
    s.widget()._rnnlib_parts["slider"].value = 2
    assert plt.get_fignums() == []


def test_every_frame_is_a_png_of_the_same_size():
    from PIL import Image
    s = stepper(typical_render, 20)
    sizes = set()
    for png in s.frames_png():
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(BytesIO(png)) as im:
            im.load()
            sizes.add(im.size)
    assert sizes == {(432, 187)}                    # 6 x 2.6 inches at 72 dpi


# -- bad input -------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, name", [
    (dict(n_steps=0), "n_steps"),
    (dict(n_steps=-2), "n_steps"),
    (dict(n_steps=2.5), "n_steps"),
    (dict(n_steps="3"), "n_steps"),
    (dict(n_steps=True), "n_steps"),
    (dict(render=42), "render"),
    (dict(start=1.5), "start"),
    (dict(caption="t"), "caption"),
    (dict(alt=3), "alt"),
    (dict(dpi=0), "dpi"),
    (dict(interval_ms=-1), "interval_ms"),
    (dict(fmt="svg"), "fmt"),
])
def test_bad_arguments_raise_naming_the_argument(kwargs, name):
    args = dict(render=small_render, n_steps=3) | kwargs
    with pytest.raises(ValueError, match=rf"^{name}: got .*, wanted "):
        stepper(args.pop("render"), args.pop("n_steps"), **args)


def test_render_must_return_a_figure():
    with pytest.raises(ValueError, match=r"render: render\(1\) returned NoneType, "
                                         r"wanted a matplotlib.figure.Figure"):
        stepper(lambda t: None, 3)
    ax = Figure().add_subplot()
    with pytest.raises(ValueError, match=r"returned Axes, .*return ax.figure"):
        stepper(lambda t: ax, 3)
    # a bad frame later in the sequence fails when the stepper is built
    with pytest.raises(ValueError, match=r"render\(3\) returned str"):
        stepper(lambda t: small_render(t) if t < 3 else "oops", 4)


def test_errors_inside_render_propagate_with_the_step():
    def render(t):
        raise ZeroDivisionError("boom")

    with pytest.raises(ZeroDivisionError) as info:
        stepper(render, 2)
    if sys.version_info >= (3, 11):
        assert "t = 1" in " ".join(info.value.__notes__)


# -- module hygiene and the script in a real browser -----------------------------

def test_import_is_cheap_and_side_effect_free():
    code = ("import importlib.util, sys\n"
            f"spec = importlib.util.spec_from_file_location('w', {widgets.__file__!r})\n"
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
            "heavy = [k for k in ('ipywidgets', 'matplotlib', 'IPython') if k in sys.modules]\n"
            "assert heavy == [], heavy\n"
            "assert callable(m.stepper)\n")
    subprocess.run([sys.executable, "-c", code], check=True)

