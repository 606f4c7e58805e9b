"""The limits every pack file is read within, and the error every pack operation raises.

Both sides of the packs read through :func:`read_capped`: the pack file (packfile.py, document.py)
and the store of installed packs (installed.py, state.py).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from desktop.core.errors import os_reason
from desktop.core.policy.loader import Problem

#: limits checked before anything is parsed. Real documents are ~40 KB and real packs ~10 KB;
#: a zip bomb or a wrong file is refused by its size, not read until memory runs out
MAX_DOCUMENT_BYTES = 5_000_000
MAX_MANIFEST_BYTES = 64_000
MAX_PACK_BYTES = 5_000_000
MAX_STATE_BYTES = 1_000_000

TAMPERED = "校验值不符,文件可能被篡改或未写完整"


class PackError(Exception):
    """A pack cannot be read, built or installed; ``reason`` says why in Chinese."""

    def __init__(self, reason: str, problems: Iterable[Problem] = ()):
        self.reason = reason
        self.problems = list(problems)
        lines = [reason, *(f"  {p.field or '(整个文件)'}: {p.message}" for p in self.problems)]
        super().__init__("\n".join(lines))


def read_capped(path: Path, limit: int, what: str) -> bytes:
    """A regular file's bytes, refused beyond ``limit`` before and while reading; PackError in Chinese.

    The size is checked on the open file (not a FIFO or device that would block or never end)
    and the read itself stops one byte past the limit, in case the file grows meanwhile.
    """
    try:
        # O_NONBLOCK: opening a FIFO planted in place of a file must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise PackError(f"{path} 不是普通文件,不能作为{what}读取")
            if info.st_size > limit:
                raise PackError(f"{path} 过大({info.st_size:,} 字节,{what}最大 {limit:,} 字节),不是正常的{what}")
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise PackError(f"无法读取 {path}:{os_reason(exc)}") from None
    if len(raw) > limit:
        raise PackError(f"{path} 过大({what}最大 {limit:,} 字节),不是正常的{what}")
    return raw
