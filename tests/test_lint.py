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
