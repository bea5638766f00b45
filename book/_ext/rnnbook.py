"""Local Sphinx extension for the book: fixes to what jupyter-book 1.0.4 emits.

Loaded by ``_config.yml`` (``sphinx: local_extensions: {rnnbook: book/_ext}``).
It does seven things, each small (the first four tested by ``tests/test_browser.py``):

1. **No duplicate inline scripts.** sphinx-thebe (and sphinx-togglebutton) add
   their assets after the HTML builder has read the registry, so every page
   got ``const THEBE_JS_URL = ...`` twice and threw
   ``SyntaxError: Identifier 'THEBE_JS_URL' has already been declared``.
   On ``html-page-context`` we drop repeated script (and stylesheet) entries,
   comparing file name (``None`` and ``""`` are the same: an inline script)
   and attributes (the inline ``body`` among them).
2. **MathJax served locally.** The book must read offline: MathJax 3 comes
   from the ``django-static-mathjax`` package (top-level package ``mathjax``),
   and only what the pages need (the combined ``tex-mml-chtml.js``, the TeX
   extensions it autoloads such as ``boldsymbol``, the CHTML woff-v2 fonts,
   about 2 MB) is copied to ``_static/mathjax/``; ``mathjax_path`` points there.
3. **Accessible header buttons.** The theme's colour-mode button is labelled
   "Color mode" but its icons carry the visible titles "Light", "Dark",
   "System Settings"; the search buttons are labelled "Search" but show
   "Search Ctrl+K". axe-core flags both (rule ``label-content-name-mismatch``,
   WCAG 2.5.3, serious). Template overrides in ``templates/`` fix them, and
   docutils' deprecated ``role="doc-biblioentry"`` in the bibliography (which
   makes its ``role="list"`` container fail ``aria-required-children``,
   critical) becomes ``role="listitem"``. MyST-NB's hidden-input cells
   have a ``<summary aria-label="Toggle hidden content">`` that shows "Show
   code cell source": the same rule, so the label goes and the visible text
   names it.
4. **No console error from the colour mode.** pydata-sphinx-theme logs
   ``Got invalid theme mode: .`` unless the ``default_mode`` template variable
   is set; we default it to ``"auto"``.
5. **Every chapter re-executed at every build.** Sphinx re-reads only
   changed sources, so a change to rnnlib alone would leave old outputs in an
   incremental build; on ``env-get-outdated`` every notebook is marked for
   re-reading (tested by ``tests/test_book.py``).
6. **Static steppers.** The kernels that execute the chapters inherit
   ``RNNLIB_STEPPER_FACE=static``, so ``rnnlib.widgets.stepper`` displays
   only its static face (every frame, inline JavaScript) and creates no
   ipywidgets: the page needs no widget state and no widget JavaScript.
   They also get one BLAS thread (``OPENBLAS_NUM_THREADS=1`` unless set).
7. **No ipywidgets state in the pages.** Whatever widget a notebook still
   creates, MyST-NB would write the notebook's whole widget state into the
   page as a ``<script type="application/vnd.jupyter.widget-state+json">``
   (about 145 KB per chapter when the steppers were widgets) that nothing
   on the page reads without the widget JavaScript, which the book does not
   load (``nb_ipywidgets_js``); on ``html-page-context`` it is dropped.
8. **The book's own CSS and script** (``static/rnnbook.css``,
   ``static/rnnbook.js``): dark-mode contrast of HTML outputs, code and
   display maths that scroll instead of being cut, one search box, figures
   shown at their natural size on a phone when shrinking them would make
   their text smaller than 11 px.
9. **How small is each figure's text.** The kernels run
   ``kernel_startup.py`` (through ``PYTHONSTARTUP``): every PNG that
   matplotlib's Agg canvas writes (the inline figures) carries a tEXt chunk
   ``rnnlib:min-text-px``, the font size of its smallest text in the image's
   own pixels; rnnlib's stepper writes the same chunk into its frames. The
   extension copies it onto the page's ``<img>`` as ``data-min-text-px``,
   which ``rnnbook.js`` and ``tests/test_browser.py`` read.
10. **Solutions say so.** A hidden cell whose source starts with
   ``# Solution`` gets the toggle "Show solution" / "Hide solution" instead of
   "Show code cell content", unless its metadata sets its own
   (``mystnb: {code_prompt_show: ..., code_prompt_hide: ...}``).
11. **"Try it" panels** (``static/rnnbook-tryit.js`` and ``.css``): the static face of
   ``rnnlib.widgets.tryit`` carries the trained network as JSON; the module runs it in the
   page (tokens, eq. 10.8-10.11, greedy and beam decoding), offline, on every keystroke.
"""

from __future__ import annotations

import os
import re
import shutil
from importlib import metadata
from pathlib import Path

from sphinx.util import logging

__version__ = "1.0"

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
CSS_FILE, JS_FILE = "rnnbook.css", "rnnbook.js"
# The "Try it" panels (rnnlib.widgets.tryit): one module and one stylesheet on every page (item 11).
TRYIT_CSS, TRYIT_JS = "rnnbook-tryit.css", "rnnbook-tryit.js"
KERNEL_STARTUP = HERE / "kernel_startup.py"
# The PNG tEXt keyword that rnnlib and kernel_startup.py write (the smallest text's font
# size in the image's own pixels) and the <img> attribute the page gets from it.
MIN_TEXT_KEY = "rnnlib:min-text-px"
MIN_TEXT_ATTR = "data-min-text-px"
SOLUTION_PREFIX = "# Solution"
SOLUTION_PROMPTS = ("Show solution", "Hide solution")

# Where MathJax goes in the built book, relative to _static/.
MATHJAX_DIR = "mathjax"
MATHJAX_ENTRY = "tex-mml-chtml.js"
# What of MathJax's es5/ folder the pages need, relative to es5/. The combined
# component holds the TeX input (base, ams, newcommand, autoload, ...), the
# CHTML output and the menu; autoload fetches input/tex/extensions/NAME.js on
# first use of a macro (\boldsymbol, \cancel, \color, ...); CHTML fetches its
# fonts from output/chtml/fonts/woff-v2/. The speech rule engine (sre/,
# 4 MB) is only loaded when a reader turns on speech in MathJax's menu.
MATHJAX_PARTS = (MATHJAX_ENTRY, "input/tex/extensions", "output/chtml/fonts/woff-v2")
MATHJAX_PACKAGE = "django-static-mathjax"
SPHINX_MATHJAX_DEFAULT = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"


def mathjax_source() -> Path | None:
    """The es5/ folder of the installed MathJax package, or None."""
    try:
        import mathjax  # the top-level package of django-static-mathjax
    except ImportError:
        return None
    es5 = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5"
    return es5 if (es5 / MATHJAX_ENTRY).is_file() else None


WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
STEPPER_FACE = ("RNNLIB_STEPPER_FACE", "static")   # read by rnnlib.widgets in each kernel
# One BLAS thread in the kernels: the chapters multiply small matrices, where
# threaded OpenBLAS gains nothing and, on a busy two-core machine, spins and
# runs many times slower (a chapter took 164 s instead of 27 s in one build).
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _config_inited(app, config):
    # Set before any notebook is executed: the kernels inherit this environment.
    os.environ[STEPPER_FACE[0]] = STEPPER_FACE[1]
    for var in BLAS_THREADS:  # unless the builder chose otherwise
        os.environ.setdefault(var, "1")
    # Every PNG the kernels' matplotlib writes says how small its text is (item 9);
    # a PYTHONSTARTUP the builder set is run first by ours.
    if os.environ.get("PYTHONSTARTUP") not in (None, "", str(KERNEL_STARTUP)):
        os.environ["RNNBOOK_PREVIOUS_STARTUP"] = os.environ["PYTHONSTARTUP"]
    os.environ["PYTHONSTARTUP"] = str(KERNEL_STARTUP)
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    # Our template overrides come before the themes' own components.
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))
    # Serve MathJax from _static/ unless the book chose another URL itself.
    if config.mathjax_path in ("", SPHINX_MATHJAX_DEFAULT):
        if mathjax_source() is None:
            logger.warning(
                "[rnnbook] MathJax is not installed, so the pages load it from a CDN "
                "and math does not render offline: pip install %s", MATHJAX_PACKAGE,
                type="rnnbook", subtype="mathjax")
        else:
            config.mathjax_path = f"{MATHJAX_DIR}/{MATHJAX_ENTRY}"


def _dedupe(assets):
    """Assets in order, without repeats (same file name and same attributes)."""
    seen, kept = set(), []
    for asset in assets:
        filename = getattr(asset, "filename", asset) or ""
        attributes = getattr(asset, "attributes", {}) or {}
        key = (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(asset)
    return kept


_BIBLIOENTRY = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')


# myst_nb.sphinx_.visit_HideCellInput (MyST-NB 1.x)
_HIDDEN_INPUT_SUMMARY = '<summary aria-label="Toggle hidden content">'


def _fix_body(body):
    """ARIA fixes in the HTML that Sphinx made of a page's content."""
    if "doc-biblioentry" in body:
        body = _BIBLIOENTRY.sub(r'\1 role="listitem"', body)
    return body.replace(_HIDDEN_INPUT_SUMMARY, "<summary>")


def png_min_text_px(path):
    """The ``rnnlib:min-text-px`` tEXt value of a PNG file (float), or None."""
    try:
        from PIL import Image
        with Image.open(path) as image:
            value = (getattr(image, "text", None) or image.info).get(MIN_TEXT_KEY)
    except (OSError, ValueError, SyntaxError):   # not a PNG we can read
        return None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _image_text_sizes(app, doctree):
    """{name in _images/: smallest text px} for the page's PNG images that say it."""
    from docutils import nodes
    sizes = {}
    images = getattr(app.builder, "images", {})
    for node in doctree.findall(nodes.image):
        uri = node.get("candidates", {}).get("*") or node.get("uri", "")
        name = images.get(uri)
        if not name or not name.lower().endswith(".png"):
            continue
        px = png_min_text_px(Path(app.srcdir) / uri)
        if px is not None:
            sizes[name] = px
    return sizes


def _mark_text_sizes(body, sizes):
    """Add data-min-text-px to each <img> whose src is one of ``sizes`` (file names in _images/)."""
    def mark(match):
        tag, src = match.group(0), match.group(2)
        px = sizes.get(src.rsplit("/", 1)[-1])
        if px is None or MIN_TEXT_ATTR in tag:
            return tag
        return tag[:-1].rstrip("/").rstrip() + f' {MIN_TEXT_ATTR}="{px:g}"' + (" />" if tag.endswith("/>") else ">")
    return re.sub(r'<img\b([^>]*?)\ssrc="([^"]*_images/[^"]+)"[^>]*>', mark, body) if sizes else body


def _is_widget_state(asset):
    attributes = getattr(asset, "attributes", {}) or {}
    return attributes.get("type") == WIDGET_STATE_MIME


def _html_page_context(app, pagename, templatename, context, doctree):
    for name in ("script_files", "css_files"):
        files = context.get(name)
        if isinstance(files, list):
            files[:] = [f for f in _dedupe(files) if not _is_widget_state(f)]  # in place: Sphinx keeps a reference
    context.setdefault("default_mode", "auto")
    if isinstance(context.get("body"), str):
        body = _fix_body(context["body"])
        if doctree is not None:
            body = _mark_text_sizes(body, _image_text_sizes(app, doctree))
        context["body"] = body


def _copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    if not app.config.mathjax_path.startswith(f"{MATHJAX_DIR}/"):
        return
    source = mathjax_source()
    if source is None:
        return
    target = Path(app.outdir) / "_static" / MATHJAX_DIR
    for part in MATHJAX_PARTS:
        src, dst = source / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    try:  # MathJax is Apache-2.0: ship its licence next to it
        dist = metadata.distribution(MATHJAX_PACKAGE)
        licence = next((f for f in dist.files or () if f.name.upper().startswith("LICENSE")), None)
        if licence is not None:
            shutil.copy2(dist.locate_file(licence), target / "LICENSE")
    except metadata.PackageNotFoundError:
        pass


def _reread_notebooks(app, env, added, changed, removed):
    """Re-read (so re-execute) every notebook page at every build.

    Sphinx re-reads only the sources that changed, so after a change to rnnlib
    alone an incremental build would keep the old outputs. The chapters are
    executed at every build (``execute_notebooks: force``); this makes sure
    that holds for every chapter, not only the edited ones.
    """
    return sorted(d for d in env.found_docs if str(env.doc2path(d)).endswith(".ipynb"))


def _solution_prompts(doctree, default):
    """Hidden cells whose source starts with "# Solution": "Show solution" / "Hide solution".

    Changes only the default prompt, so a cell's own ``mystnb: code_prompt_show``
    metadata wins.
    """
    from docutils import nodes
    for node in doctree.findall(nodes.container):
        if node.get("nb_element") != "cell_code" or not node.get("hide_mode") or not node.children:
            continue
        source = node.children[0]
        if source.get("nb_element") != "cell_code_source":
            continue
        if source.astext().lstrip().startswith(SOLUTION_PREFIX) and node.get("prompt_show") == default:
            node["prompt_show"], node["prompt_hide"] = SOLUTION_PROMPTS


def _solution_prompt_transform():
    """A post-transform that runs just before MyST-NB's ``HideInputCells`` (priority 199)."""
    from sphinx.transforms.post_transforms import SphinxPostTransform

    class SolutionPrompts(SphinxPostTransform):
        default_priority = 198
        formats = ("html",)

        def run(self, **kwargs):
            default = getattr(self.config, "nb_code_prompt_show", "Show code cell {type}")
            _solution_prompts(self.document, default)

    return SolutionPrompts


def setup(app):
    app.connect("config-inited", _config_inited)
    app.add_css_file(CSS_FILE)
    app.add_js_file(JS_FILE, defer="defer")
    app.add_css_file(TRYIT_CSS)
    app.add_js_file(TRYIT_JS, defer="defer")
    app.add_post_transform(_solution_prompt_transform())
    app.connect("env-get-outdated", _reread_notebooks)
    # Late, after sphinx.ext.mathjax and the themes have added their assets.
    app.connect("html-page-context", _html_page_context, priority=900)
    app.connect("build-finished", _copy_mathjax)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
