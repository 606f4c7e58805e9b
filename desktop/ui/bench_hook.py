"""First-paint probe for tools/benchmark.py, inert unless CZDESK_BENCH_FIRST_PAINT=1.

When armed, the first paint of any visible widget is followed (once that paint pass has been
flushed, via a zero-delay timer) by one line on stdout, ``CZDESK_FIRST_PAINT <unix time>``; after
a short settle the peak resident memory follows as ``CZDESK_PEAK_RSS_KIB <KiB>`` and the
application quits. The benchmark compares the time with the moment it launched the process.
tools/bench_reference_app.py prints the same two lines the same way, so both are measured alike.
"""

from __future__ import annotations

import os
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV_VAR = "CZDESK_BENCH_FIRST_PAINT"
#: also append the lines to this file: a Windows program without a console has no stdout to read
OUT_VAR = "CZDESK_BENCH_OUT"
#: how long after the first paint the memory is read: deferred work started by the first
#: event-loop turns (e.g. a tab's first recompute) counts as part of starting up
SETTLE_MS = 500

_installed: list[QObject] = []


def armed() -> bool:
    return os.environ.get(ENV_VAR) == "1"


def peak_rss_kib() -> int | None:
    """VmHWM of this process from /proc (Linux); None elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class _FirstPaint(QObject):
    def __init__(self, app: QApplication):
        super().__init__(app)
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            not self._seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window().isVisible()
        ):
            self._seen = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        _emit(f"CZDESK_FIRST_PAINT {time.time():.6f}")
        QTimer.singleShot(SETTLE_MS, self._finish)

    def _finish(self) -> None:
        _emit(f"CZDESK_PEAK_RSS_KIB {peak_rss_kib()}")
        QApplication.quit()


def _emit(line: str) -> None:
    print(line, flush=True)
    target = os.environ.get(OUT_VAR)
    if target:
        with open(target, "a", encoding="ascii") as fh:
            fh.write(line + "\n")


def install(app: QApplication) -> None:
    """Watch ``app`` for its first paint when the benchmark asked for it; otherwise do nothing."""
    if not armed() or _installed:
        return
    probe = _FirstPaint(app)
    app.installEventFilter(probe)
    _installed.append(probe)


def arm_on_exec() -> None:
    """Install the probe when the event loop starts, without touching the start-up code.

    Used by the launcher: the window is shown before ``exec()`` but nothing paints until the
    event loop runs, so a probe installed on entering ``exec()`` still sees the first paint.
    """
    if not armed():
        return
    original = QApplication.exec

    def exec_with_probe(*_bound: Any) -> int:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install(app)
        # QApplication.exec is static: whether called on the class or an instance, call it bare
        return int(original())

    QApplication.exec = exec_with_probe  # type: ignore[method-assign]
