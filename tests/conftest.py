"""Shared fixtures: the book is built once per test session and reused.

The build (every notebook executed) is the slowest part of the suite. It
starts in a background process as soon as the tests are collected, and the
tests that need the built book run last, so the unit tests use the other core
while the book builds.

The suite runs in two worker processes (pytest-xdist, ``-n 2`` in pyproject.toml):
once the build is done, both cores run tests. Tests are sent to the workers a
group at a time (``--dist loadgroup``): a test module's tests together (its
module fixtures are computed once), and all the tests that need the built book
together, last, in one worker (one Chromium at a time). The first worker that collects a test
needing the book starts the one build; the other waits for the same build.
``-n 0`` runs everything in one process, as before.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

# One BLAS thread for the tests and for the kernels of the book build: the
# book's matrices are small, and two processes (the build and the unit tests)
# share two cores, where threaded OpenBLAS spins and runs many times slower.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

_BUILD = {}  # the background build: process (in the worker that started it), output folder, start time


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
        item.add_marker(pytest.mark.xdist_group(_group(item)))
    items[:] = [i for i in items if not _needs_book(i)] + [i for i in items if _needs_book(i)]


def _group(item):
    """The unit of work sent to one worker: a module (its fixtures computed once), or, for every
    test that needs the built book, one group: they run in one worker, one Chromium at a time
    (two Chromiums side by side on two cores made the browser tests slower and their timing flaky),
    while the other worker finishes the unit tests. Being a group of its own, the book's tests are
    sent last, when the build is done."""
    return "book" if _needs_book(item) else item.nodeid.split("::")[0]


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


def _build_dir(config):
    """One folder per test run, shared by its workers (pytest-xdist's run id), for the one build."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        uid = workerinput["testrunuid"]
    else:
        uid = getattr(config, "_rnnbook_uid", None) or uuid.uuid4().hex
        config._rnnbook_uid = uid
    return Path(tempfile.gettempdir()) / f"rnnbook-build-{uid}"


def pytest_collection_finish(session):
    """Start building the book in the background if a selected test needs it (once per run:
    the first worker to create the run's build folder starts it)."""
    if os.environ.get("RNNBOOK_HTML") or not any(_needs_book(i) for i in session.items):
        return
    out = _build_dir(session.config)
    _BUILD.update(out=out, start=time.perf_counter())
    try:
        out.mkdir()
    except FileExistsError:
        return                                  # another worker builds it
    env = dict(os.environ, MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1")
    command = jupyter_book_command() + ["build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"]
    # The exit status goes to a file, which every worker can wait for.
    script = ('"$@" > "$OUT/build.log" 2>&1; echo $? > "$OUT/returncode.tmp"; '
              'mv "$OUT/returncode.tmp" "$OUT/returncode"')
    _BUILD["proc"] = subprocess.Popen(["sh", "-c", script, "build"] + command, cwd=ROOT,
                                      env=dict(env, OUT=str(out)))


def pytest_sessionfinish(session, exitstatus):
    """The worker that started the build waits for it (another worker may still need it),
    unless the run was interrupted."""
    proc = _BUILD.get("proc")
    if proc is None or proc.poll() is not None:
        return
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        proc.kill()
    try:
        proc.wait(timeout=900)
    except subprocess.TimeoutExpired:
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
    out = _BUILD["out"]
    done = out / "returncode"
    deadline = time.monotonic() + 900
    while not done.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"book build did not finish in 900 s; log in {out / 'build.log'}")
        time.sleep(0.2)
    returncode = int(done.read_text().strip() or 1)
    seconds = time.perf_counter() - _BUILD["start"]
    text = (out / "build.log").read_text()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "build.log").write_text(text)
    if returncode != 0:
        pytest.fail(f"book build failed ({seconds:.0f} s); log in {ARTIFACTS / 'build.log'}:\n" + text[-6000:])
    print(f"\nbook built in {seconds:.1f} s (in the background, beside the other tests)")
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session, shared by test_browser.py and test_tryit_browser.py."""
    from test_browser import chromium_session
    yield from chromium_session()
