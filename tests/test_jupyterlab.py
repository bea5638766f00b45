"""The live notebook in a real JupyterLab, as a reader running the book sees it.

One JupyterLab server (a free port, a token, a temporary root and Jupyter config
folder, the plugins that the repository's ``postBuild`` disables disabled in that config)
and one page load, then, in order:

* a small notebook is run. Its live stepper (``rnnlib.widgets.stepper`` with a
  trivial ``render``): the buttons and slider carry the static face's aria-labels,
  the caption is an ``aria-live`` region, and once the stepper has focus the arrow
  keys step it (through the kernel). Its figure, whose caption is in the cell's
  metadata as in the chapters, shows that caption under it
  (``rnnlib.widgets.show_captions``);
* the notebook is saved, closed, its kernel shut down, and reopened: the saved
  fallback (the first frame and a line saying how to get the stepper back) is
  shown, and JupyterLab's "Error displaying widget" is not;
* a chapter notebook (a copy of chapter 2's first cells) renders its MyST roles
  through jupyterlab-myst: no raw ``{cite}`` or ``{ref}`` text in its first cell;
* no "Jupyter news" pop-up was shown over the notebook meanwhile.

Marked ``browser``; needs Chromium (the session's ``chromium`` fixture of
conftest.py), ``jupyterlab`` and ``jupyterlab-myst`` (requirements.txt): without
them the test is skipped, except under CI (``CI`` set), where it fails.
"""

import importlib.util
import json
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_browser import missing

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "02_unfolding.ipynb"       # has {cite} and {ref} in its first cell; no Try-it panel
CHAPTER_CELLS = 3                    # its overview and first code cells
TOKEN = "rnnbook-test"
STEPPER_CELL = """\
from matplotlib.figure import Figure
from rnnlib import widgets

def render(t):
    fig = Figure(figsize=(2.5, 1.5))
    fig.add_subplot().bar(range(t), range(t))
    return fig

widgets.stepper(render, 4)"""


def disabled_by_postbuild():
    """The JupyterLab plugins that the repository's postBuild (what Binder runs) disables."""
    commands = [shlex.split(line) for line in (ROOT / "postBuild").read_text(encoding="utf-8").splitlines()
                if line.startswith("jupyter ")]
    plugins = [c[3] for c in commands if c[:3] == ["jupyter", "labextension", "disable"] and len(c) == 4]
    assert plugins, "postBuild disables no JupyterLab plugin"
    return plugins


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


FIGURE_CAPTION = "A falling line (the caption the book shows under it)."


def notebook():
    """Captions on, a figure with a caption in its metadata (as the chapters have), a stepper."""
    def cell(cell_id, source, metadata=None):
        return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": metadata or {},
                "outputs": [], "source": source}
    figure = {"mystnb": {"figure": {"caption": FIGURE_CAPTION, "name": "fig-line"}}}
    return {"cells": [cell("captions", "%matplotlib inline\nimport rnnlib as rl\nrl.widgets.show_captions()"),
                      cell("figure", "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0]);", figure),
                      cell("stepper", STEPPER_CELL)],
            "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                        "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a temporary root; yields its base URL."""
    for module, package in (("jupyterlab", "jupyterlab"), ("jupyterlab_myst", "jupyterlab-myst")):
        if importlib.util.find_spec(module) is None:
            missing(f"{package} is not installed (requirements.txt)")
    tmp = tmp_path_factory.mktemp("jupyterlab")
    root, config = tmp / "root", tmp / "config"
    root.mkdir()
    chapter = json.loads((ROOT / "book" / CHAPTER).read_text(encoding="utf-8"))
    chapter["cells"] = chapter["cells"][:CHAPTER_CELLS]      # rendering all 61 cells takes seconds
    (root / CHAPTER).write_text(json.dumps(chapter), encoding="utf-8")
    (root / "stepper.ipynb").write_text(json.dumps(notebook()), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "RNNLIB_"))}
    env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               OPENBLAS_NUM_THREADS="1", MPLBACKEND="Agg")
    # What postBuild's `jupyter labextension disable P` writes at the user level (--level=user) of
    # this temporary config; running the command itself would add 3 s of CPU time.
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {p: True for p in disabled_by_postbuild()}}), encoding="utf-8")
    port = free_port()
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
         "--LabApp.expose_app_in_browser=True"],                # window.jupyterapp, for the commands
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("jupyter lab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
                time.sleep(0.2)
        # the notebook's kernel starts while the page loads (JupyterLab joins this session)
        request = urllib.request.Request(
            f"{url}/api/sessions", method="POST", headers={"Authorization": f"token {TOKEN}"},
            data=json.dumps({"path": "stepper.ipynb", "name": "stepper.ipynb", "type": "notebook",
                             "kernel": {"name": "python3"}}).encode())
        urllib.request.urlopen(request, timeout=30).close()
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_live_notebook_in_jupyterlab(chromium, lab):          # no browser: skipped before the server starts
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        _check_live_notebook(page, lab)
    finally:
        context.close()


def _current(page, script):
    """Run ``script`` (an async function of the current notebook panel) in the page."""
    return page.evaluate(f"async () => {{ const w = window.jupyterapp.shell.currentWidget; {script} }}")


def _open(page, path, kernel=None):
    """File > Open (on kernel ``{"id": ...}``, or a new one): not waiting for the kernel to start."""
    page.evaluate("([p, k]) => { void window.jupyterapp.commands.execute('docmanager:open',"
                  " {path: p, kernel: k || undefined}); }", [path, kernel])


def _check_live_notebook(page, url):
    page.goto(f"{url}/lab/tree/stepper.ipynb?token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext")
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    for plugin in disabled_by_postbuild():
        assert plugin in config.get("disabledExtensions", []), (plugin, config.get("disabledExtensions"))

    # -- the live stepper: names and keys of the static face --
    _current(page, "await w.context.ready; await w.sessionContext.ready;"
                   " await window.jupyterapp.commands.execute('notebook:run-all-cells');")
    root = page.locator(".rnnlib-stepper-live[data-keys]")
    root.wait_for()
    assert root.get_attribute("role") == "group" and root.get_attribute("tabindex") == "0"
    assert root.get_attribute("aria-label") == "Stepper over t = 1 to 4"
    labels = [root.locator(f".rnnlib-live-{k}").get_attribute("aria-label") for k in ("prev", "play", "next")]
    assert labels == ["Previous step", "Play", "Next step"]
    assert root.locator("[role=slider]").get_attribute("aria-label") == "Time step t"
    caption = root.locator(".rnnlib-live-caption")
    assert caption.get_attribute("aria-live") == "polite"
    assert caption.text_content() == "t = 1"
    active = _current(page, "return w.content.activeCellIndex;")
    root.locator("img").click()                     # a click on the frame gives the stepper the keys
    assert root.evaluate("r => document.activeElement === r")
    for key, wanted in (("ArrowRight", "t = 2"), ("ArrowRight", "t = 3"), ("ArrowLeft", "t = 2")):
        page.keyboard.press(key)
        page.wait_for_function("([c, w]) => c.textContent === w", arg=[caption.element_handle(), wanted],
                               timeout=10_000)
    assert _current(page, "return w.content.activeCellIndex;") == active, "the keys moved the notebook's cursor"
    shots = ROOT / "test-artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "jupyterlab-live-stepper.png"))

    # -- a figure's caption (cell metadata, as in the chapters) shown under it --
    figure = page.locator(".jp-CodeCell").nth(1)
    assert figure.locator(".jp-OutputArea-output img").count() == 1
    assert figure.locator(".rnnlib-caption").inner_text() == f"Figure. {FIGURE_CAPTION}"
    assert page.locator(".rnnlib-caption").count() == 1            # not under the other cells

    # -- saved, closed, kernel shut down, reopened: the fallback, not an error --
    _current(page, "await window.jupyterapp.commands.execute('docmanager:save');"
                   " await w.sessionContext.shutdown(); w.close();")
    page.wait_for_function("() => !document.querySelector('.rnnlib-stepper-live')")
    _open(page, "stepper.ipynb")
    fallback = page.locator(".rnnlib-stepper-fallback")
    fallback.wait_for()
    text = fallback.inner_text()
    assert "run all the cells above" in text and "t = 1" in text, text
    assert fallback.locator("img").evaluate("i => i.complete && i.naturalWidth > 0")
    # the widget output shows "Loading widget..." until the new kernel answers, then its error
    error = page.locator(".jp-OutputArea-output.jupyter-widgets", has_text="Error displaying widget")
    error.wait_for(state="attached")
    assert not error.is_visible(), "the widget's error is shown"
    assert fallback.is_visible()
    page.screenshot(path=str(shots / "jupyterlab-reopened.png"))

    # -- a chapter's MyST roles render (jupyterlab-myst) --
    kernel = _current(page, "return {id: w.sessionContext.session.kernel.id};")
    _open(page, CHAPTER, kernel)                     # on the same kernel: starting one takes seconds
    first = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell"
                         " :is(.myst, .jp-RenderedMarkdown)").first
    first.wait_for()
    page.wait_for_function("e => /Prerequisites/.test(e.textContent)", arg=first.element_handle())
    text = first.inner_text()
    raw = [role for role in ("{cite}", "{ref}", "{doc}", "`") if role in text]
    assert not raw, f"MyST not rendered in {CHAPTER}: {raw} in {text[:300]!r}"
    assert first.locator("a", has_text="notation").count() == 1       # {ref}`notation <notation>`

    # -- no news pop-up over the notebook --
    page.screenshot(path=str(shots / "jupyterlab-chapter.png"))
    news = page.get_by_text("Jupyter news")
    assert not any(news.nth(i).is_visible() for i in range(news.count())), "the Jupyter news pop-up is shown"
