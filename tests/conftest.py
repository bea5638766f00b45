"""Shared fixtures: the book is built once per test session and reused."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def jupyter_book_command():
    exe = Path(sys.executable).parent / "jupyter-book"
    return [str(exe)] if exe.exists() else [shutil.which("jupyter-book") or "jupyter-book"]


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """Build the whole book, executing every notebook, with warnings as errors.

    Returns the path of the built HTML folder. Set RNNBOOK_HTML to a built
    ``_build/html`` folder to reuse it instead (for quick local iteration).
    """
    reuse = os.environ.get("RNNBOOK_HTML")
    if reuse:
        return Path(reuse)
    out = tmp_path_factory.mktemp("book")
    env = dict(os.environ, MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1")
    start = time.perf_counter()
    proc = subprocess.run(
        jupyter_book_command() + ["build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    seconds = time.perf_counter() - start
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "build.log").write_text(proc.stdout + "\n" + proc.stderr)
    if proc.returncode != 0:
        pytest.fail(f"book build failed ({seconds:.0f} s); log in {ARTIFACTS / 'build.log'}:\n"
                    + (proc.stdout + proc.stderr)[-6000:])
    print(f"\nbook built in {seconds:.1f} s")
    return out / "_build" / "html"
