"""One window per data folder: a second start brings the running window to the front.

The running window holds a file lock on ``window.lock`` in the data folder for its whole life
(desktop/core/filelock.py: the OS lets it go however the process ends). A second start finds the
lock held, leaves a small request file (``show.request``) in the data folder and waits a moment for
the running window to take it; the running window looks for that file twice a second, deletes it
and comes to the front. If nobody takes the request, the second start says so in a dialog. Two
windows never write one session.json.

Only a file in the user's own data folder: no socket, no pipe, no network module (QtNetwork is
not in the program at all; tests/project/test_no_sockets.py watches the kernel). Checking for one file
twice a second costs nothing a clerk could notice.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: the file a second start leaves for the running window
REQUEST_NAME = "show.request"
#: what it holds (a second start's process id after it, for the log)
SHOW_REQUEST = b"show\n"
#: how often the running window looks for a request
POLL_MS = 500
#: the running window starts looking this long after it is shown (nothing in the first paint)
LISTEN_AFTER_MS = 1500


def request_path(folder: Path) -> Path:
    return folder / REQUEST_NAME


def ask_running_to_show(folder: Path, timeout_ms: int = 3000) -> bool:
    """Ask the window running on ``folder`` to come to the front; True when it took the request."""
    if sys.platform == "win32":
        # a process in the background may not take the foreground; this one (just started by
        # the clerk) may give that right to any other: ASFW_ANY
        try:
            import ctypes

            ctypes.windll.user32.AllowSetForegroundWindow(-1)
        except (AttributeError, OSError):
            pass
    path = request_path(folder)
    from desktop.core.atomic import atomic_write_bytes

    try:
        atomic_write_bytes(path, SHOW_REQUEST + str(os.getpid()).encode("ascii"))
    except OSError:
        log.warning("无法写入显示请求 %s", path)
        return False
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        if not path.exists():
            return True
        time.sleep(0.05)
    try:  # nobody took it: leave nothing behind for a later window to misread
        path.unlink()
    except OSError:
        pass
    return False


class ShowRequests:
    """The running window's side: brings ``window`` to the front when a request file appears."""

    def __init__(self, folder: Path, window: Any):
        from PySide6.QtCore import QTimer

        self.window = window
        self.path = request_path(folder)
        self._take()  # a request a killed start left is not for this window
        self.timer = QTimer(window)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _take(self) -> bool:
        """Delete a waiting request; True when there was one."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        except OSError:
            log.warning("无法删除显示请求 %s", self.path)
            return False
        return True

    def poll(self) -> None:
        if self._take():
            self.bring_to_front()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def listening(self) -> bool:
        return self.timer.isActive()

    def bring_to_front(self) -> None:
        from PySide6.QtCore import Qt

        window = self.window
        if window.windowState() & Qt.WindowState.WindowMinimized:
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        log.info("另一次启动请求显示窗口")


def listen(folder: Path, window: Any) -> ShowRequests | None:
    """Start answering show requests for ``window`` (kept on the window for its life); never raises:
    a window that cannot listen only makes a second start say so in a dialog instead."""
    from PySide6.QtWidgets import QWidget

    if not isinstance(window, QWidget):
        return None
    try:
        requests = ShowRequests(folder, window)
    except Exception:  # noqa: BLE001 - the window must keep working whatever the file system does
        log.exception("无法开始接收显示请求")
        return None
    window.setProperty("czdesk_show_requests", True)
    _KEPT[id(window)] = requests
    window.destroyed.connect(lambda *_: _KEPT.pop(id(window), None))
    return requests


_KEPT: dict[int, ShowRequests] = {}
