"""mypy finds nothing in desktop/, as configured in pyproject.toml ([tool.mypy]).

Run as a test, like lint-imports (tests/project/test_offline.py), so a change that breaks the types fails
the suite and CI instead of waiting for someone to run mypy by hand: splitting the main window
into mixins once took `mypy desktop` from 2 errors to 128 unnoticed. The cache goes to a fresh
temporary folder, so the answer never depends on an earlier run (a cold run takes a few seconds).
Checked for Linux and for Windows (the .exe is the product): code behind a ``sys.platform`` test
is only type-checked for the platform mypy is told about.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# slow: mypy over desktop/ twice, about a minute; CI also runs mypy as its own step (deselected unless --full, tests/conftest.py)
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_mypy_finds_no_errors_in_desktop(tmp_path: Path, platform: str) -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.fail("mypy not found: install the test extras (pip install -e '.[test]')")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            "--platform",
            platform,
            "desktop",
            "build_support",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # it checked the package, not an empty selection
    assert done.stdout.startswith("Success: no issues found in "), done.stdout
