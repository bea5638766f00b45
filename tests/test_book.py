"""The book: it builds, its notebooks are committed clean, and its prose matches rnnlib."""

import importlib
import json
import re
from pathlib import Path

import pytest
from bookpages import toc_files

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"


def notebooks():
    return sorted(BOOK.glob("*.ipynb"))


def test_every_chapter_notebook_is_in_the_toc():
    listed = {p.resolve() for p in toc_files()}
    for nb in notebooks():
        assert nb.resolve() in listed, f"{nb.name} is not in _toc.yml"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} has outputs: clear them before committing"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"


def prose_of(path):
    """The markdown text of a page: a .md file, or a notebook's markdown cells."""
    if path.suffix == ".md":
        return path.read_text()
    nb = json.loads(path.read_text())
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


NAME = re.compile(r"`(?:rl|rnnlib)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


def resolve(dotted):
    obj = importlib.import_module("rnnlib")
    for part in dotted.strip(".").split("."):
        if hasattr(obj, part):
            obj = getattr(obj, part)
        else:
            obj = importlib.import_module(f"{obj.__name__}.{part}")
    return obj


@pytest.mark.parametrize("path", toc_files(), ids=lambda p: p.name)
def test_rnnlib_names_in_prose_exist(path):
    names = sorted(set(NAME.findall(prose_of(path))))
    missing = []
    for dotted in names:
        try:
            resolve(dotted)
        except (AttributeError, ImportError):
            missing.append("rnnlib" + dotted)
    assert not missing, f"{path.name} mentions names rnnlib does not have: {missing}"


CHAPTER_NAME = re.compile(r"`ch((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_chapter_module_names_in_prose_exist(path):
    """`ch.name` in a chapter's prose is a name of its module, rnnlib/chapters/chNN_name.py."""
    module = importlib.import_module(f"rnnlib.chapters.ch{path.stem}")
    missing = []
    for dotted in sorted(set(CHAPTER_NAME.findall(prose_of(path)))):
        obj = module
        for part in dotted.strip(".").split("."):
            if not hasattr(obj, part):
                missing.append("ch" + dotted)
                break
            obj = getattr(obj, part)
    assert not missing, f"{path.name} mentions names {module.__name__} does not have: {missing}"


def test_prose_check_catches_a_missing_name():
    with pytest.raises((AttributeError, ImportError)):
        resolve(".RNN.no_such_method")
    assert resolve(".optim.train").__name__ == "train"


@pytest.mark.build
def test_book_builds_with_warnings_as_errors(built_book):
    assert (built_book / "index.html").exists()
    for page in toc_files():
        html = built_book / page.relative_to(ROOT).with_suffix(".html")
        assert html.exists(), f"{html} was not built"
        text = html.read_text()
        assert "Traceback (most recent call last)" not in text, f"{html.name} shows a traceback"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci_last_line = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert "pytest" in ci_last_line
    assert ci_last_line in readme, "the README's test command and .ci/run's differ"


def test_incremental_builds_reexecute_every_notebook():
    """The book extension marks every notebook page outdated, so rnnlib changes reach every chapter."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("rnnbook_ext", ROOT / "book" / "_ext" / "rnnbook.py")
    ext = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ext)

    class Env:
        found_docs = {"book/intro", "book/01_parameter_sharing", "book/02_unfolding"}

        def doc2path(self, docname):
            return ROOT / (docname + (".md" if docname.endswith("intro") else ".ipynb"))

    outdated = ext._reread_notebooks(None, Env(), set(), set(), set())
    assert outdated == ["book/01_parameter_sharing", "book/02_unfolding"]
