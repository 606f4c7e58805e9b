"""One window per data folder: a second start brings the running window to the front.

The running window holds a file lock on ``window.lock`` in the data folder for its whole life
(desktop/core/filelock.py: the OS lets it go however the process ends) and, shortly after its
first paint, listens on a local socket named after the data folder. A second start finds the lock
held, asks the first window through that socket to come to the front, and ends without opening
anything; if the first window cannot be reached, it says so in a dialog. Two windows never write
one session.json.

Only QLocalServer and QLocalSocket: a Unix-domain socket on Linux (owner-only), a named pipe on
Windows. Nothing is reachable from the network (tests/test_no_sockets.py watches the kernel).
QtNetwork is imported only here, after the window is up, or by a second start.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path
from typing import Any

from desktop.app_info import APP_ID

log = logging.getLogger(__name__)

#: what the second start sends
SHOW_REQUEST = b"show\n"
#: the running window starts listening this long after it is shown: QtNetwork's import (~40 ms)
#: stays out of the first paint
LISTEN_AFTER_MS = 1500


def server_name(folder: Path) -> str:
    """The local socket's name: one per data folder (each user has their own)."""
    try:
        key = str(folder.resolve())
    except OSError:
        key = str(folder.absolute())
    return f"{APP_ID}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def ask_running_to_show(folder: Path, timeout_ms: int = 1500) -> bool:
    """Ask the window running on ``folder`` to come to the front; True when it got the request."""
    from PySide6.QtNetwork import QLocalSocket

    if sys.platform == "win32":
        # a process in the background may not take the foreground; this one (just started by
        # the clerk) may give that right to any other: ASFW_ANY
        try:
            import ctypes

            ctypes.windll.user32.AllowSetForegroundWindow(-1)
        except (AttributeError, OSError):
            pass
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(SHOW_REQUEST)
    delivered = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return bool(delivered)


class ShowRequests:
    """The running window's side: a local server that brings ``window`` to the front on request."""

    def __init__(self, folder: Path, window: Any):
        from PySide6.QtNetwork import QLocalServer

        self.window = window
        self.server = QLocalServer(window)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(folder)
        if not self.server.listen(name):
            # a socket file a killed window left (Linux): this process holds the window lock, so
            # no other window is behind that name
            QLocalServer.removeServer(name)
            if not self.server.listen(name):
                log.warning("无法监听本地连接 %s:%s", name, self.server.errorString())
        self.server.newConnection.connect(self._connection)

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is None:
                return
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: Any) -> None:
        data = bytes(socket.read(64))
        if data.startswith(SHOW_REQUEST.strip()):
            self.bring_to_front()

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
    except Exception:  # noqa: BLE001 - the window must keep working whatever the socket does
        log.exception("无法开始监听本地连接")
        return None
    window.setProperty("czdesk_show_requests", True)
    _KEPT[id(window)] = requests
    window.destroyed.connect(lambda *_: _KEPT.pop(id(window), None))
    return requests


_KEPT: dict[int, ShowRequests] = {}
