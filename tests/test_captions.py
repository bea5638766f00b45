"""rnnlib.widgets.captions: a figure's caption (cell metadata) shown under it in a live notebook.

The end-to-end check (JupyterLab sends the cell id, the kernel knows the notebook's path)
is in tests/test_jupyterlab.py; here the parts, without a kernel.
"""

import json
import types

from rnnlib.widgets import captions


def write(path, cells):
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))


def figure_cell(cell_id, caption):
    return {"cell_type": "code", "id": cell_id, "source": "plot()", "outputs": [], "execution_count": None,
            "metadata": {"mystnb": {"figure": {"caption": caption, "name": "fig"}, "image": {"alt": "a"}}}}


def test_caption_for_reads_the_saved_notebook_and_rereads_it_when_it_changes(tmp_path):
    nb = tmp_path / "n.ipynb"
    write(nb, [figure_cell("a", "  The loss <falls>.  "), {"cell_type": "code", "id": "b", "metadata": {}}])
    assert captions.caption_for(str(nb), "a") == "The loss <falls>."
    assert captions.caption_for(str(nb), "b") is None
    assert captions.caption_for(str(nb), "missing") is None
    write(nb, [figure_cell("a", "Changed.")])
    import os
    os.utime(nb, ns=(1, 10**18))                      # a new modification time, whatever the clock
    assert captions.caption_for(str(nb), "a") == "Changed."


def test_caption_for_gives_none_for_what_is_not_a_notebook(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    odd = tmp_path / "odd.ipynb"
    odd.write_text(json.dumps({"cells": [1, {"id": 3, "metadata": {"mystnb": 5}}, {"metadata": []}]}))
    for path in (tmp_path / "none.ipynb", bad, odd, tmp_path):
        assert captions.caption_for(str(path), "a") is None
    assert captions.caption_for(None, "a") is None


def test_bundle_escapes_the_caption():
    b = captions.bundle("x < y & U_p")
    assert "x &lt; y &amp; U_p" in b["text/html"] and "<y" not in b["text/html"]
    assert b["text/plain"] == "Figure. x < y & U_p"


def test_show_captions_does_nothing_with_the_static_face(monkeypatch):
    monkeypatch.setenv("RNNLIB_STEPPER_FACE", "static")
    monkeypatch.setitem(captions._STATE, "hooked", False)
    assert captions.show_captions() is None
    assert captions._STATE["hooked"] is False


def test_the_hook_displays_the_caption_of_the_cell_that_ran(tmp_path, monkeypatch):
    import IPython
    import IPython.display

    nb = tmp_path / "n.ipynb"
    write(nb, [figure_cell("fig", "What the figure shows.")])
    shell = types.SimpleNamespace(user_ns={"__session__": str(nb)})
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append((obj, raw)))

    def ran(cell_id, error=None):
        captions._after_cell(types.SimpleNamespace(info=types.SimpleNamespace(cell_id=cell_id),
                                                   error_in_exec=error))

    ran("other")
    ran(None)
    ran("fig", error=ValueError("the cell failed"))
    assert shown == []
    ran("fig")
    assert shown == [(captions.bundle("What the figure shows."), True)]
