"""Figure captions in a live notebook: each figure's caption shown under it, as the book shows it.

A chapter's figure captions live in the metadata of the cell that draws the
figure (``mystnb.figure.caption``), where the book build reads them; JupyterLab
shows no cell metadata. :func:`show_captions`, called once in a live kernel,
adds a hook that runs after every cell: if the notebook file (``__session__``,
the path JupyterLab and Notebook 7 give the kernel) has a caption for the cell
that just ran (the ``cellId`` the frontend sends with it), the caption is
displayed under the cell's figure. The captions come from the saved notebook
(read again when the file changes), so the two faces show the same words.

Outside a live kernel (the book build, a script, the tests), and in a kernel
that knows no notebook path or cell id, it does nothing.
"""

import json
import os
import sys
from html import escape

from .kernel import face

_STATE = {"hooked": False, "file": None}


def show_captions():
    """Show each figure's caption (cell metadata ``mystnb.figure.caption``) under it, live only.

    Does nothing with the static face (the book build, outside a kernel); installs its
    hook once however often it is called. Returns None (the cell that calls it shows nothing).
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if face() != "live" or shell is None or not hasattr(shell, "events") or _STATE["hooked"]:
        return
    shell.events.register("post_run_cell", _after_cell)
    _STATE["hooked"] = True


def caption_for(path, cell_id):
    """The caption of cell ``cell_id`` in notebook ``path`` (str), or None (no file, cell or caption)."""
    try:
        stamp = os.stat(path).st_mtime_ns
    except (OSError, TypeError, ValueError):
        return None
    cached = _STATE["file"]
    if cached is None or cached[:2] != (path, stamp):
        try:
            with open(path, encoding="utf-8") as f:
                cells = json.load(f).get("cells", [])
        except (OSError, ValueError, AttributeError):
            return None
        captions = {}
        for cell in cells if isinstance(cells, list) else []:
            text = _walk(cell, "metadata", "mystnb", "figure", "caption")
            if isinstance(text, str) and text.strip() and isinstance(_walk(cell, "id"), str):
                captions[cell["id"]] = text.strip()
        cached = _STATE["file"] = (path, stamp, captions)
    return cached[2].get(cell_id)


def _walk(value, *keys):
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def bundle(text):
    """The display of one caption: HTML under the figure, and the plain text."""
    html = (f'<p class="rnnlib-caption" style="margin:0.25em 0 0.75em;font-size:0.95em;max-width:44em">'
            f"<b>Figure.</b> {escape(text)}</p>")
    return {"text/html": html, "text/plain": f"Figure. {text}"}


def _after_cell(result):
    info = getattr(result, "info", None)
    cell_id = getattr(info, "cell_id", None)
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    path = shell.user_ns.get("__session__") if shell is not None else None
    if not cell_id or not isinstance(path, str) or getattr(result, "error_in_exec", None) is not None:
        return
    if not os.path.exists(path):           # a path relative to the server's root: the kernel runs
        path = os.path.basename(path)      # in the notebook's folder
    text = caption_for(path, cell_id)
    if text:
        from IPython.display import display
        display(bundle(text), raw=True)
