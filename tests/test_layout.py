"""The package's layout: arrows point one way, and ``import rnnlib`` stays cheap.

The rule (the project's shared design document, section "rnnlib's layout", and
README's "Contributing"): chapter modules may import anything in rnnlib;
nothing outside ``rnnlib/chapters/`` imports a chapter module, and no chapter
imports another. Imports are read from the source with ``ast``, so the test
sees every import, including ones inside functions.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "rnnlib"
BOOK = PKG.parent / "book"


def imported_modules(path):
    """Absolute names of every rnnlib module that the file at ``path`` imports."""
    module = "rnnlib." + ".".join(path.relative_to(PKG).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            found.add(stem)
            found.update(f"{stem}.{a.name}" for a in node.names)  # "from . import graph" imports a module
    return {m for m in found if m == "rnnlib" or m.startswith("rnnlib.")}


def library_files():
    """Every source file of the library: its modules and subpackages (rnnlib.data, rnnlib.widgets), not chapters."""
    return sorted(p for p in PKG.rglob("*.py") if "chapters" not in p.relative_to(PKG).parts[:1])


def chapter_names():
    """Each chapter's name: a module ``chapters/chNN_name.py`` or a package ``chapters/chNN_name/``."""
    root = PKG / "chapters"
    return sorted({p.stem for p in root.glob("ch*.py")} | {p.name for p in root.glob("ch*") if p.is_dir()
                                                           and (p / "__init__.py").exists()})


def chapter_files():
    """Every source file of every chapter (a module, or all files of a package)."""
    root = PKG / "chapters"
    return sorted(list(root.glob("ch*.py")) + list(root.glob("ch*/**/*.py")))


def chapter_of(path):
    """``ch01_parameter_sharing`` for chapters/ch01_parameter_sharing.py or any file below chapters/ch01_.../."""
    return path.relative_to(PKG / "chapters").parts[0].removesuffix(".py")


def test_import_reader_sees_relative_and_absolute_imports(tmp_path):
    found = imported_modules(PKG / "seq2seq.py")  # "from .rnn import step", "from . import _checks"
    assert "rnnlib.rnn" in found and "rnnlib._checks" in found


@pytest.mark.parametrize("path", library_files(), ids=lambda p: p.relative_to(PKG).as_posix())
def test_library_does_not_import_chapters(path):
    bad = sorted(m for m in imported_modules(path) if m.startswith("rnnlib.chapters"))
    assert not bad, f"rnnlib/{path.relative_to(PKG)} imports {bad}: the library must not depend on a chapter"


@pytest.mark.parametrize("path", chapter_files(), ids=lambda p: str(p.relative_to(PKG / "chapters")))
def test_no_chapter_imports_another(path):
    own = "rnnlib.chapters." + chapter_of(path)
    bad = sorted(m for m in imported_modules(path)
                 if m.startswith("rnnlib.chapters.") and m != own and not m.startswith(own + ".")
                 and not own.startswith(m + ".") and m != "rnnlib.chapters")
    assert not bad, f"{path.name} imports another chapter {bad}: move what both need into the library"


def test_every_chapter_module_has_its_notebook_and_back():
    modules = {name[2:] for name in chapter_names()}
    notebooks = {p.stem for p in BOOK.glob("[0-9][0-9]_*.ipynb")}
    assert modules == notebooks, f"chapter modules {sorted(modules)} and notebooks {sorted(notebooks)} differ"


def test_import_rnnlib_loads_neither_matplotlib_nor_ipywidgets():
    code = ("import sys, rnnlib; bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules];"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"import rnnlib loaded {out}"


def test_submodules_load_on_first_use():
    code = ("import sys, rnnlib as rl; assert 'rnnlib.graph' not in sys.modules; rl.graph;"
            "assert 'rnnlib.graph' in sys.modules; print(rl.RNN.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "rnnlib.rnn"


def test_unknown_attribute_is_an_attribute_error():
    import rnnlib
    with pytest.raises(AttributeError, match="no_such_thing"):
        rnnlib.no_such_thing  # noqa: B018


def test_the_package_docstring_names_every_module():
    """rnnlib/__init__.py's map of the library lists every module and subpackage, and lazy-loads each."""
    import rnnlib

    names = {p.stem for p in PKG.glob("*.py") if not p.name.startswith("_")}
    names |= {p.name for p in PKG.iterdir() if (p / "__init__.py").exists()}
    missing = sorted(n for n in names if f"``{n}``" not in rnnlib.__doc__)
    assert not missing, f"rnnlib's docstring does not name {missing}"
    assert names <= set(rnnlib._SUBMODULES), sorted(names - set(rnnlib._SUBMODULES))
