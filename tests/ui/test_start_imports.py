"""What the window has imported by its first paint: only what the first tab needs.

The start path of the executable (desktop/launcher.py) runs in a fresh interpreter on the
offscreen platform; at the first paint the modules loaded are listed. Validation (pydantic,
yaml), spreadsheets (python-calamine, the roster code), printing and PDF (QtPrintSupport), pack
management, the year diff and the other tabs must not be among them: they load on first use.
This is about what is imported, not how long it takes (that is tools/benchmark.py's job).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.policy.loader import CACHE_ENV, load_policies

ROOT = Path(__file__).resolve().parents[2]

# slow: start-up machinery: the executable's start path in a fresh interpreter (deselected unless --full, tests/conftest.py)
pytestmark = pytest.mark.slow

PROBE = r"""
import json, sys
from desktop.ui import bench_hook

def report(self):
    print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
    from PySide6.QtWidgets import QApplication
    QApplication.quit()

bench_hook._FirstPaint._report = report
sys.argv = [sys.argv[0]]
from desktop.launcher import run
sys.exit(run())
"""

FORBIDDEN = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "openpyxl",
    "python_calamine",
    "PySide6.QtPrintSupport",
    "desktop.core.roster",
    "desktop.core.roster.xlsx_writer",
    "desktop.cli.roster",
    "desktop.ui.tabs.roster",
    "desktop.ui.printing",
    "desktop.ui.packs",
    "desktop.core.packs.manifest",
    "desktop.core.policy.model",
    "desktop.core.policy.freeze",
    "desktop.core.policy.diff",
    "desktop.ui.compare_dialog",
    "desktop.core.care",
    "desktop.ui.tabs.estimate",
    "desktop.ui.tabs.simulation",
    "desktop.ui.tabs.checklist",
    "desktop.ui.tabs.policy",
    "desktop.cli",
    # ed25519 for signed policy packs: only where a key is made or a pack signed or read from a
    # file; installed packs' trust is read from their stored signature without it
    "nacl",
    "_cffi_backend",
    # the standard library's heavier corners: logging.handlers (and the socket, pickle and queue
    # it imports; the log file rotates with desktop.ui.logfile), subprocess (ldd runs only
    # when the display plugin fails to load)
    "logging.handlers",
    "socket",
    "pickle",
    "queue",
    "subprocess",
)
#: the launcher decides "command line or window" by the command names alone (the package's
#: __init__ imports nothing)
ALLOWED = ("desktop.cli", "desktop.cli.commands")


def test_first_paint_imports_only_what_the_first_tab_needs(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(
        CZDESK_BENCH_FIRST_PAINT="1",
        CZDESK_DATA_DIR=str(tmp_path),
        **{CACHE_ENV: str(tmp_path / "cache")},
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    # from source, the first start validates the bundled years once and caches their snapshots
    # (the executable carries them, made at build time): this is the start after that
    old = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = env[CACHE_ENV]
    try:
        load_policies()
    finally:
        if old is None:
            os.environ.pop(CACHE_ENV)
        else:
            os.environ[CACHE_ENV] = old
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("MODULES ")]
    assert lines, f"no first paint (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    modules = set(json.loads(lines[0].removeprefix("MODULES ")))
    # the probe saw the real window: its first tab is built
    assert "desktop.ui.main_window" in modules and "desktop.ui.tabs.quote.tab" in modules
    loaded = sorted(m for m in modules if m not in ALLOWED and any(m == f or m.startswith(f + ".") for f in FORBIDDEN))
    assert loaded == [], f"imported before the first paint: {loaded}"
