"""Clean build time of the book, each notebook's execution time, each page's size.

    python benchmarks/bench_book.py            # or: ... --no-notebooks

Builds into a temporary folder with the same flags as the README (execution
forced, warnings as errors), then executes each notebook again on its own in a
fresh kernel to time it. For each built page: its size, how much of it is
ipywidgets state (a ``<script type="application/vnd.jupyter.widget-state+json">``,
which nothing on a page reads) and how much is stepper frames (PNG data URIs
in ``.rnnlib-stepper`` faces). Prints figures; asserts nothing (the budget:
the heaviest chapter page <= 2 MB).
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]

# The kernels of the timed notebooks get one BLAS thread, as the book build's
# do (book/_ext/rnnbook.py); OPENBLAS_NUM_THREADS=2 python bench_book.py
# times them with two.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def build(out):
    exe = Path(sys.executable).parent / "jupyter-book"
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit("build failed")
    return seconds


def notebook_seconds(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


WIDGET_STATE = re.compile(r'<script[^>]*application/vnd\.jupyter\.widget-state\+json[^>]*>.*?</script>', re.S)
STEPPER = re.compile(r'<div class="rnnlib-stepper".*?</script>\s*</div>', re.S)


def page_figures(page):
    text = page.read_text(encoding="utf-8")
    state = sum(len(m.encode()) for m in WIDGET_STATE.findall(text))
    steppers = STEPPER.findall(text)
    return page.stat().st_size, state, len(steppers), sum(len(m.encode()) for m in steppers)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        seconds = build(Path(tmp))
        html = Path(tmp) / "_build" / "html"
        print(f"clean build (execute all, -W -n): {seconds:.1f} s")
        print(f"\n{'page':<32} {'size (KB)':>10} {'widget state (KB)':>18} {'steppers':>9} {'their KB':>9}")
        sizes = []
        for page in sorted((html / "book").glob("*.html")):
            size, state, n, stepper_bytes = page_figures(page)
            sizes.append((size, page.name))
            print(f"{page.name:<32} {size / 1024:>10.0f} {state / 1024:>18.0f} {n:>9} {stepper_bytes / 1024:>9.0f}")
        size, name = max(sizes)
        print(f"heaviest page: {name}, {size / 1024 / 1024:.2f} MB (budget 2 MB)")
    if "--no-notebooks" in sys.argv:
        return
    print(f"\n{'notebook':<40} {'execution (s)':>14}   (fresh kernel, OPENBLAS_NUM_THREADS="
          f"{os.environ['OPENBLAS_NUM_THREADS']})")
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        print(f"{path.name:<40} {notebook_seconds(path):>14.1f}")


if __name__ == "__main__":
    main()
