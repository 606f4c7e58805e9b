"""A Windows build must not break the Linux install (issue 24, point 8).

tools/windows/build.sh makes a Wine prefix whose dosdevices/z: links to /. With that prefix
under the checkout's build/ (the old default work folder), `pip install -e .` never finished:
setuptools' package search (namespace packages, the pyproject default) walked every folder of
the checkout and followed the link round the whole file system. These tests make the link
inside the checkout's build/ and run setuptools' egg_info, the step of `pip install -e .` that
searches for packages and lists the files, with a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def wine_link_in_checkout():
    work = ROOT / "build" / f"windows-link-test-{os.getpid()}"
    dosdevices = work / "prefix" / "dosdevices"
    dosdevices.mkdir(parents=True)
    (dosdevices / "z:").symlink_to("/")
    (dosdevices / "c:").symlink_to("../drive_c")
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)  # rmtree never follows a link


def test_package_search_does_not_follow_the_wine_link(wine_link_in_checkout, tmp_path):
    # egg_info is what pip runs for `pip install -e .`'s metadata: the package search and the
    # file list (SOURCES.txt). With the link, the old configuration did not finish in minutes;
    # without it, it takes about two seconds.
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from setuptools import setup; setup()",
                "-q",
                "egg_info",
                "--egg-base",
                str(tmp_path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=90,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("setuptools' package search did not finish in 90 s with build/…/dosdevices/z: -> / in the checkout")
    assert done.returncode == 0, done.stderr[-2000:]
    info = next(tmp_path.glob("*.egg-info"))
    sources = (info / "SOURCES.txt").read_text(encoding="utf-8").split()
    assert "desktop/core/money.py" in sources and "desktop/ui/app.py" in sources
    assert not [s for s in sources if s.startswith("build/")], "a file under build/ was taken into the package"


def test_windows_work_folder_defaults_outside_the_checkout(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("CZ_WIN_WORK", "XDG_CACHE_HOME")}
    env["HOME"] = str(tmp_path)
    out = subprocess.run(
        ["bash", "-c", 'source tools/windows/env.sh && printf "%s\\n%s" "$CZ_WIN_WORK" "$WINEPREFIX"'],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout.splitlines()
    assert out == [f"{tmp_path}/.cache/czdesk-windows", f"{tmp_path}/.cache/czdesk-windows/prefix"]
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    work = subprocess.run(
        ["bash", "-c", 'source tools/windows/env.sh && printf "%s" "$CZ_WIN_WORK"'],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    assert work == f"{tmp_path}/xdg/czdesk-windows"
    assert not Path(work).resolve().is_relative_to(ROOT)
