"""The window's log file, rotated by size: ``logging.handlers.RotatingFileHandler``'s rotation.

Written here because ``logging.handlers`` imports ``socket``, ``pickle`` and ``queue`` for its
other handlers, which the window would otherwise load at every start for one file. The
behaviour is the standard library's: before a record that would take the file to ``max_bytes``
or past it, ``desk.log`` becomes ``desk.log.1``, ``.1`` becomes ``.2`` and so on, and the
oldest beyond ``backups`` is deleted.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


class RotatingLog(logging.FileHandler):
    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

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
        position = self.stream.tell()
        if not position:
            return False
        # the size the record takes in the file (UTF-8), as the line emit() will write
        return position + len((self.format(record) + self.terminator).encode("utf-8")) >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        base = self.baseFilename
        for index in range(self.backups - 1, 0, -1):
            older = f"{base}.{index}"
            if os.path.exists(older):
                os.replace(older, f"{base}.{index + 1}")
        if self.backups > 0:
            os.replace(base, f"{base}.1")
        else:
            os.remove(base)
        self.stream = self._open()
