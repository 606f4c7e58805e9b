"""The window fits the screen at every common display scale; what does not fit scrolls (issue 24, point 2).

Windows works in logical pixels: a 1366x768 screen at 125 % is 1093x614 of them, less the
taskbar (40 logical px at any scale) = 1093x574 available. The window asked for 1024x640 at
least, taller than that, so its bottom (the status bar, the last rows) went under the taskbar.

Available areas, worked out by hand (width / scale, height / scale - 40, rounded to the pixel):
  1366x768  at 100 %: 1366      x 768 - 40               = 1366 x 728
  1366x768  at 125 %: 1366/1.25 = 1092.8 -> 1093; 768/1.25 = 614.4 -> 614; 614 - 40 = 1093 x 574
  1600x900  at 125 %: 1280      x 720 - 40               = 1280 x 680
  1920x1080 at 125 %: 1536      x 864 - 40               = 1536 x 824
  1920x1080 at 150 %: 1280      x 720 - 40               = 1280 x 680
  1920x1080 at 175 %: 1920/1.75 = 1097.1 -> 1097; 1080/1.75 = 617.1 -> 617; 617 - 40 = 1097 x 577
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.core.policy.loader import PolicySet
from desktop.ui import main_window
from desktop.ui.main_window import MainWindow
from desktop.ui.window import geometry

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)

#: screen, scale -> the available area in logical pixels (see the module docstring)
SCALES = {
    "1366x768@100": (1366, 768, 1.00, QRect(0, 0, 1366, 728)),
    "1366x768@125": (1366, 768, 1.25, QRect(0, 0, 1093, 574)),
    "1600x900@125": (1600, 900, 1.25, QRect(0, 0, 1280, 680)),
    "1920x1080@125": (1920, 1080, 1.25, QRect(0, 0, 1536, 824)),
    "1920x1080@150": (1920, 1080, 1.50, QRect(0, 0, 1280, 680)),
    "1920x1080@175": (1920, 1080, 1.75, QRect(0, 0, 1097, 577)),
}
TASKBAR = 40  # logical px
#: a Windows 10/11 title bar (about 31 logical px) and borders round the client area
FRAME_ALLOWANCE = QSize(16, 39)


@pytest.fixture(params=sorted(SCALES))
def scale(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=[False, True], ids=["normal", "large"])
def large(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def scaled_window(qtbot, policies: PolicySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scale: str, large: bool):  # type: ignore[no-untyped-def]
    from desktop.ui.font import register_font

    available = SCALES[scale][3]
    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(geometry, "available_geometry", lambda window: QRect(available))
    font = QFont(QApplication.font())
    register_font()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("large_text", large)
    window = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(window)
    yield window, available
    window.menus.large_text_action.setChecked(False)
    QApplication.setFont(font)


def test_the_window_never_asks_for_more_than_the_screen(qtbot, scaled_window) -> None:  # type: ignore[no-untyped-def]
    window, available = scaled_window
    client = available.size() - FRAME_ALLOWANCE  # the window with its title bar and borders fits
    # its first size and its minimum fit, and so does what its layout asks for
    assert window.width() <= client.width() and window.height() <= client.height(), window.size()
    minimum = window.minimumSize()
    assert minimum.width() <= client.width() and minimum.height() <= client.height(), minimum
    # as maximised on that screen (the client area of the available area): every tab, built and
    # shown, leaves the window that size; the page scrolls rather than being squeezed
    window.resize(client)
    window.show()
    qtbot.waitExposed(window)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(20)
        QApplication.processEvents()
        title = window.tabs.tabText(i)
        assert window.size() == client, f"[{title}] the window grew to {window.size()} on {available.size()}"
        hint = window.minimumSizeHint()
        assert hint.width() <= client.width() and hint.height() <= client.height(), f"[{title}] layout asks {hint}"
        page = window.tabs.currentWidget()
        scroll = page.scroll_area  # type: ignore[attr-defined]
        content = page.content  # type: ignore[attr-defined]
        assert scroll is not None and scroll.widget() is content
        need = content.minimumSizeHint()
        # never squeezed below what its layout needs (that draws widgets over each other) …
        assert content.width() >= need.width() and content.height() >= need.height(), (
            f"[{title}] content {content.size()} below its minimum {need}"
        )
        # … and what the viewport cannot show is reachable by scrolling
        viewport = scroll.viewport().size()
        if need.height() > viewport.height():
            assert scroll.verticalScrollBar().maximum() >= need.height() - viewport.height(), title
        if need.width() > viewport.width():
            assert scroll.horizontalScrollBar().maximum() >= need.width() - viewport.width(), title


_REAL_SCALE = r"""
import datetime as dt, json, sys, tempfile
from pathlib import Path
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
app = QApplication(["czdesk"])
from desktop.ui.font import register_font
register_font()
from desktop.ui import main_window
from desktop.core.packs import load_all
tmp = Path(tempfile.mkdtemp())
main_window.data_dir = lambda: tmp
policies = load_all(dt.date(2026, 11, 23)).policies
out = []
for large in (False, True):
    settings = QSettings(str(tmp / f"s{large}.ini"), QSettings.Format.IniFormat)
    settings.setValue("large_text", large)
    w = main_window.MainWindow(policies, today=dt.date(2026, 11, 23), settings=settings)
    w.show_on_screen()
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        for _ in range(5):
            app.processEvents()
        g = w.frameGeometry()
        m = w.minimumSize().expandedTo(w.minimumSizeHint())
        out.append({"large": large, "tab": w.tabs.tabText(i), "frame": [g.x(), g.y(), g.width(), g.height()],
                    "minimum": [m.width(), m.height()]})
    a = w.screen().availableGeometry()
    w.menus.large_text_action.setChecked(False)
    w.close()
    w.deleteLater()
print("RESULT" + json.dumps({"available": [a.x(), a.y(), a.width(), a.height()], "dpr": w.devicePixelRatioF(), "windows": out}))
"""


@pytest.mark.slow  # start-up machinery: the window started in a fresh interpreter at each scale
def test_at_the_real_scale_factor_the_window_stays_on_the_screen(scale: str, tmp_path: Path) -> None:
    """QT_SCALE_FACTOR in a fresh process: Qt's own scaling, the window shown as at the counter.

    The offscreen platform gets a screen of the physical size less the taskbar's physical height
    (40 logical px x scale), so its available area is the one in SCALES.
    """
    width, height, factor, available = SCALES[scale]
    config = tmp_path / "screen.json"
    physical_height = height - round(TASKBAR * factor)
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "counter",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": physical_height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": str(factor),
        "PYTHONPATH": str(ROOT),
        "CZDESK_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("QT_AUTO_SCREEN_SCALE_FACTOR", None)
    done = subprocess.run([sys.executable, "-c", _REAL_SCALE], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.split("RESULT", 1)[1])
    got = QRect(*result["available"])
    # Qt's rounding of the logical area may differ from Windows' by a pixel
    assert abs(got.width() - available.width()) <= 1 and abs(got.height() - available.height()) <= 1, got
    assert result["dpr"] == pytest.approx(factor)
    # a window maximised at a fractional scale is the screen in physical pixels, which Qt rounds up
    # to one more logical pixel than the area it reports (1366/1.25 = 1092.8 -> 1093 or 1094)
    within = got.adjusted(0, 0, 1, 1)
    for entry in result["windows"]:
        frame = QRect(*entry["frame"])
        # the window's minimum, with its frame, fits too: offscreen maximises to the screen
        # whatever the minimum, a real Windows does not (the window then reached under the taskbar)
        least = QSize(*entry["minimum"]) + FRAME_ALLOWANCE
        assert least.width() <= got.width() and least.height() <= got.height(), f"{scale} {entry}"
        assert within.contains(frame), (
            f"{scale} {'大字' if entry['large'] else '正常'} [{entry['tab']}]: {frame} beyond {got}"
        )
