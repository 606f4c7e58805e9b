"""No socket at all, not even from Qt's C++ plugins, while the window starts and exports.

tests/project/test_offline.py blocks Python's socket module, which C++ code never goes through: Qt's
CUPS print plugin, loaded by any QPrinter (even one writing a PDF), connected to
127.0.0.1:631 and [::1]:631. Here the kernel is asked instead: the program runs under
``strace -f -e trace=network`` and every socket it opens must be AF_UNIX (local, no network).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# slow: starts the window in a fresh interpreter under strace (deselected unless --full, tests/conftest.py)
pytestmark = pytest.mark.slow

SCRIPT = r"""
import datetime as dt, os, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog
app = QApplication(["czdesk"])
from desktop.core.packs import load_all
from desktop.ui.app import install_translations
from desktop.ui.font import register_font
from desktop.ui.main_window import MainWindow
from desktop.ui.tabs.quote.household_model import COL_ID
register_font()
install_translations(app)
out = Path(sys.argv[1])
window = MainWindow(load_all(dt.date(2025, 6, 1)).policies, today=dt.date(2025, 6, 1),
                    settings=QSettings(str(out / "s.ini"), QSettings.Format.IniFormat))
window.show()
for i in range(window.tabs.count()):
    window.tabs.setCurrentIndex(i)
    app.processEvents()
window.tabs.setCurrentIndex(0)
window.quote_tab.add_member()
window.quote_tab.model.setData(window.quote_tab.model.index(0, COL_ID), "320483195005010014")
app.processEvents()
pdf = out / "slip.pdf"
QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(pdf), ""))
window.slips.export_pdf()  # the menu's 导出PDF, as the clerk uses it
assert pdf.read_bytes().startswith(b"%PDF-"), "no PDF written"
maps = Path("/proc/self/maps").read_text()
assert "cupsprintersupport" not in maps and "libcups" not in maps, "the CUPS print plugin was loaded"
window.close()
print("done")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="strace is Linux's; the Windows build has no CUPS")
def test_window_start_and_pdf_export_open_no_network_socket(tmp_path: Path) -> None:
    strace = shutil.which("strace")
    if strace is None:
        pytest.fail("strace is not installed (apt-get install strace): the no-socket check cannot run")
    trace = tmp_path / "trace.txt"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "CZDESK_DATA_DIR": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=network", "-o", str(trace), sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    if "PTRACE" in done.stderr and "not permitted" in done.stderr:
        pytest.fail("strace may not trace here (ptrace denied; a container needs --cap-add SYS_PTRACE)")
    assert done.returncode == 0 and "done" in done.stdout, done.stderr[-3000:]
    lines = trace.read_text(encoding="utf-8", errors="replace").splitlines()
    opened = [line for line in lines if re.search(r"\b(socket|socketpair|connect|bind)\(", line)]
    # sendto/sendmsg/getsockopt name only a descriptor: the socket() that opened it is checked
    network = [line for line in opened if "AF_UNIX" not in line]
    assert network == [], "\n".join(network)
