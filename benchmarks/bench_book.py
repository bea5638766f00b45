"""Clean build time of the book, each notebook's execution time, each page's size.

    python benchmarks/bench_book.py

Builds into a temporary folder with the same flags as the README (execution
forced, warnings as errors), then executes each notebook again on its own in a
fresh kernel to time it. Prints figures; asserts nothing.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


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


def main():
    with tempfile.TemporaryDirectory() as tmp:
        seconds = build(Path(tmp))
        html = Path(tmp) / "_build" / "html"
        print(f"clean build (execute all, -W -n): {seconds:.1f} s")
        print(f"\n{'page':<40} {'size (KB)':>10}")
        for page in sorted((html / "book").glob("*.html")):
            print(f"{page.name:<40} {page.stat().st_size / 1024:>10.0f}")
    print(f"\n{'notebook':<40} {'execution (s)':>14}")
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        print(f"{path.name:<40} {notebook_seconds(path):>14.1f}")


if __name__ == "__main__":
    main()
