"""The window's log file, rotated by size, in the manner of ``logging.handlers.RotatingFileHandler``.

Written here because ``logging.handlers`` imports ``socket``, ``pickle`` and ``queue`` for its
other handlers, which the window would otherwise load at every start for one file. Before a
record that would take the file to ``max_bytes`` or past it, ``desk.log`` becomes ``desk.log.1``,
``.1`` becomes ``.2`` and so on, and the oldest beyond ``backups`` is deleted. Where it differs
from the standard library's handler:

- the size is counted in bytes as written (UTF-8), not in characters: a Chinese line counts three
  times its length, so the file stays under ``max_bytes`` bytes;
- both ``max_bytes`` and ``backups`` must be at least 1 (ValueError otherwise): the standard
  handler never rotates when either is 0 (the file grows without end), and an earlier version of
  this one deleted the whole log at each rotation when ``backups`` was 0;
- a log that is not a regular file (``/dev/null``, a named pipe, a device) is written to but
  never rotated, renamed or deleted (as the standard handler since Python 3.11), nor is anything
  but a regular file at an older log's name (``desk.log.1``…) written over; a named pipe nobody
  reads is refused at once (OSError, as an unwritable folder) instead of blocking the start.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import sys
from pathlib import Path


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


class RotatingLog(logging.FileHandler):
    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        if max_bytes < 1 or backups < 1:
            raise ValueError(f"a rotating log needs max_bytes and backups of at least 1, not {max_bytes}, {backups}")
        self.max_bytes = max_bytes
        self.backups = backups
        super().__init__(path, encoding="utf-8")

    def _open(self) -> io.TextIOWrapper:
        # O_NONBLOCK: opening a named pipe nobody reads fails (ENXIO) instead of waiting for ever;
        # the file is then written in blocking mode as usual
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
        if sys.platform == "win32":
            fd = os.open(self.baseFilename, flags | os.O_BINARY, 0o666)
        else:
            fd = os.open(self.baseFilename, flags | os.O_NONBLOCK, 0o666)
            os.set_blocking(fd, True)
        return open(fd, "a", encoding="utf-8", errors=self.errors)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
        except Exception:  # noqa: BLE001 - as logging's own handlers: report, never raise
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        # never rotate what is not a regular file (tell() would fail on a named pipe)
        if not stat.S_ISREG(os.fstat(self.stream.fileno()).st_mode):
            return False
        position = self.stream.tell()
        # the size the record takes in the file (UTF-8), as the line emit() will write
        if not position or position + len((self.format(record) + self.terminator).encode("utf-8")) < self.max_bytes:
            return False
        # full: rotated only if the log's name still holds a regular file, and nothing but regular
        # files sits where the older logs go
        return _regular(self.baseFilename) and not any(
            os.path.lexists(name) and not _regular(name) for name in self._backup_names()
        )

    def _backup_names(self) -> list[str]:
        return [f"{self.baseFilename}.{index}" for index in range(1, self.backups + 1)]

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        base = self.baseFilename
        for index in range(self.backups - 1, 0, -1):
            older = f"{base}.{index}"
            if _regular(older):
                os.replace(older, f"{base}.{index + 1}")
        os.replace(base, f"{base}.1")
        self.stream = self._open()
