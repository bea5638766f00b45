"""ruff, with the settings in pyproject.toml, finds nothing in the repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def ruff_command():
    exe = Path(sys.executable).parent / "ruff"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("ruff")
    if found:
        return [found]
    if os.environ.get("CI"):
        pytest.fail("ruff is not installed: it is in requirements-dev.txt")
    pytest.skip("ruff is not installed (pip install -r requirements-dev.txt)")


def test_ruff_finds_nothing():
    proc = subprocess.run(ruff_command() + ["check", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, "ruff check found problems:\n" + proc.stdout[-4000:] + proc.stderr[-2000:]


def library_sources():
    return sorted((ROOT / "rnnlib").rglob("*.py"))


def test_one_validation_style_no_plain_type_error():
    """A wrong type raises rnnlib._checks.ArgumentTypeError (a TypeError and a ValueError), never a bare TypeError."""
    bare = [f"{p.relative_to(ROOT)}:{i}" for p in library_sources()
            for i, line in enumerate(p.read_text().splitlines(), 1) if "raise TypeError" in line]
    assert not bare, f"raise _checks.ArgumentTypeError instead of TypeError at {bare}"


# A library module a reader opens beside its notebook stays short: about 500 lines (chapters
# included: issue 19); the test fails past MAX_LINES.
MAX_LINES = 600


def test_no_library_module_is_a_grab_bag():
    long = {str(p.relative_to(ROOT)): n for p in library_sources()
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, f"split these modules (at most about 500 lines each): {long}"
