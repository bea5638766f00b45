"""The book's pages, read from _toc.yml (shared by the book and browser tests)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_docnames():
    """The pages of the table of contents, in reading order ("book/intro", ...)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                names.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    return [re.sub(r"\.(md|ipynb)$", "", n) for n in names]


def toc_files():
    """The source file of every page in the table of contents."""
    paths = []
    for name in toc_docnames():
        matches = [ROOT / (name + ext) for ext in (".md", ".ipynb") if (ROOT / (name + ext)).exists()]
        assert matches, f"_toc.yml lists {name}, which does not exist"
        paths.append(matches[0])
    return paths
