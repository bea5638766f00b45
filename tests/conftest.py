"""Shared fixtures: the book is built once per test session and reused.

The build (every notebook executed) is the slowest part of the suite. It
starts in a background process as soon as the tests are collected, and the
tests that need the built book run last, so the unit tests use the other core
while the book builds.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# One BLAS thread for the tests and for the kernels of the book build: the
# book's matrices are small, and two processes (the build and the unit tests)
# share two cores, where threaded OpenBLAS spins and runs many times slower.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

_BUILD = {}  # the background build: process, output folder, log file, start time


def jupyter_book_command():
    exe = Path(sys.executable).parent / "jupyter-book"
    return [str(exe)] if exe.exists() else [shutil.which("jupyter-book") or "jupyter-book"]


def _needs_book(item):
    return "built_book" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects, so the marks added here count
def pytest_collection_modifyitems(session, config, items):
    """Run the tests that need the built book after all the others (stable order otherwise).

    A test that needs the built book and is not marked ``browser`` is marked ``build``, so the fast
    tier, ``python -m pytest -m "not build and not browser"``, never starts the book build.
    """
    for item in items:
        if _needs_book(item) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.build)
    items[:] = [i for i in items if not _needs_book(i)] + [i for i in items if _needs_book(i)]


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")  # after deselection and
def pytest_group_browser_tests_by_page(items):                             # pytest's own reordering
    """Run the browser tests of one book page one after another (in their order otherwise).

    tests/test_browser.py loads each page once and shares it between the tests of that page
    (``BookPage``); it keeps only the current page open, so its tests must be together.
    """
    slots = [i for i, item in enumerate(items)
             if item.get_closest_marker("browser") and hasattr(item, "callspec")
             and "docname" in item.callspec.params]
    if not slots:
        return
    order = {}
    grouped = sorted((items[i] for i in slots),
                     key=lambda item: order.setdefault(item.callspec.params["docname"], len(order)))
    for i, item in zip(slots, grouped):
        items[i] = item


def pytest_collection_finish(session):
    """Start building the book in the background if a selected test needs it."""
    if os.environ.get("RNNBOOK_HTML") or not any(_needs_book(i) for i in session.items):
        return
    out = Path(tempfile.mkdtemp(prefix="rnnbook-build-"))
    log = open(out / "build.log", "w")  # closed by the built_book fixture
    env = dict(os.environ, MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1")
    proc = subprocess.Popen(
        jupyter_book_command() + ["build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    _BUILD.update(proc=proc, out=out, log=log, start=time.perf_counter())


def pytest_sessionfinish(session, exitstatus):
    proc = _BUILD.get("proc")
    if proc is not None and proc.poll() is None:  # interrupted before any test needed the book
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def built_book():
    """Build the whole book, executing every notebook, with warnings as errors.

    Returns the path of the built HTML folder. Set RNNBOOK_HTML to a built
    ``_build/html`` folder to reuse it instead (for quick local iteration).
    """
    reuse = os.environ.get("RNNBOOK_HTML")
    if reuse:
        return Path(reuse)
    assert _BUILD, "the book build was not started (pytest_collection_finish in tests/conftest.py)"
    proc, out, log = _BUILD["proc"], _BUILD["out"], _BUILD["log"]
    try:
        proc.wait(timeout=900)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("book build did not finish in 900 s")
    log.close()
    seconds = time.perf_counter() - _BUILD["start"]
    text = (out / "build.log").read_text()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "build.log").write_text(text)
    if proc.returncode != 0:
        pytest.fail(f"book build failed ({seconds:.0f} s); log in {ARTIFACTS / 'build.log'}:\n" + text[-6000:])
    print(f"\nbook built in {seconds:.1f} s (in the background, beside the other tests)")
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session, shared by test_browser.py and test_tryit_browser.py."""
    from test_browser import chromium_session
    yield from chromium_session()
