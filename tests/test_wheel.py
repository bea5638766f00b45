"""rnnlib installs from a wheel with every subpackage, and every chapter imports from the installed copy.

Slow tier (marked ``build``): a wheel is built from a copy of the package (so the
shared source tree gets no ``build/`` folder), installed without dependencies
into a fresh venv, and imported there. The dependencies (numpy, matplotlib,
ipywidgets) come from the running environment through a ``.pth`` line; a
``.pth`` file listed that way is not executed, so the running environment's
editable install of rnnlib (a ``.pth`` import hook) cannot shadow the wheel.
Nothing is downloaded.
"""

import json
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "rnnlib"

pytestmark = pytest.mark.build


def _source_modules():
    """Every module file of the package, as a path relative to the repository root."""
    return sorted(p.relative_to(ROOT).as_posix() for p in SOURCE.rglob("*.py") if "__pycache__" not in p.parts)


def _chapter_modules():
    """rnnlib.chapters.chNN_name for every chapter, whether a module or a package."""
    names = [p.stem for p in (SOURCE / "chapters").glob("ch[0-9][0-9]_*.py")]
    names += [p.name for p in (SOURCE / "chapters").glob("ch[0-9][0-9]_*") if (p / "__init__.py").exists()]
    return sorted(f"rnnlib.chapters.{n}" for n in names)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(SOURCE, src / "rnnlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(tmp / "dist"), str(src)], check=True, capture_output=True, text=True)
    (whl,) = (tmp / "dist").glob("rnnlib-*.whl")
    return whl


def test_the_wheel_holds_every_module_of_the_package(wheel):
    with zipfile.ZipFile(wheel) as z:
        in_wheel = sorted(n for n in z.namelist() if n.endswith(".py"))
    assert in_wheel == _source_modules()
    assert "rnnlib/chapters/__init__.py" in in_wheel and "rnnlib/data/__init__.py" in in_wheel


def test_every_chapter_imports_from_the_installed_wheel(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "-q", str(wheel)], check=True, capture_output=True, text=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "_deps_of_the_test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    chapters = _chapter_modules()
    assert len(chapters) == len(list((ROOT / "book").glob("[0-9][0-9]_*.ipynb")))   # one per notebook
    script = textwrap.dedent(f"""
        import importlib, json
        import rnnlib
        files = {{name: importlib.import_module(name).__file__ for name in {chapters!r}}}
        files["rnnlib.data"] = importlib.import_module("rnnlib.data").__file__
        files["rnnlib.widgets"] = importlib.import_module("rnnlib.widgets").__file__
        print(json.dumps({{"version": rnnlib.__version__, "files": files}}))
    """)
    run = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True,
                         env={"MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    import rnnlib

    assert out["version"] == rnnlib.__version__
    for name, file in out["files"].items():
        assert Path(file).is_relative_to(Path(site)), f"{name} imported from {file}, not from the wheel"
