"""The child process that parses one spreadsheet under hard limits (see isolate.py): it limits
itself before it reads a byte, reads the file's path from its standard input, and answers on its
standard output with framed messages: progress, the table, or a Chinese error."""

from __future__ import annotations

import os
import pickle
import struct
import sys
from pathlib import Path
from typing import IO

from desktop.core.roster.common import RosterReadError
from desktop.core.roster.isolate import _HEADER, limit_self, send


def _std_stream(fd: int, mode: str) -> IO[bytes]:
    """The pipe the parent gave as standard input or output. A windowed Windows executable may
    start with sys.stdin/sys.stdout set to None even when its handles are pipes: then the handle
    itself is opened."""
    stream = sys.stdin if fd == 0 else sys.stdout
    if stream is not None:
        return stream.buffer
    if sys.platform == "win32":
        import ctypes
        import msvcrt

        handle = ctypes.windll.kernel32.GetStdHandle(-10 if fd == 0 else -11)
        fd = msvcrt.open_osfhandle(handle, os.O_RDONLY if fd == 0 else 0)
    return open(fd, mode, closefd=False)  # noqa: SIM115 - the process's own standard stream


def child_main(stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None) -> int:
    """The child: limits itself, reads the path from stdin, parses, answers on stdout."""
    source = stdin if stdin is not None else _std_stream(0, "rb")
    out = stdout if stdout is not None else _std_stream(1, "wb")
    try:
        limit_self()
    except (OSError, ValueError) as exc:
        send(out, b"X", f"无法为读取表格设置内存上限:{exc}".encode())
        return 3
    head = source.read(_HEADER.size)
    kind, length = _HEADER.unpack(head)
    path = Path(source.read(length).decode("utf-8"))
    from desktop.core.roster import read

    def progress(done: int, total: int) -> None:
        send(out, b"P", struct.pack("<QQ", done, total))

    try:
        table = read.read_workbook_here(path, kind.decode("ascii").strip(), progress, None)
    except RosterReadError as exc:
        send(out, b"E", str(exc).encode("utf-8"))
        return 0
    except MemoryError:
        send(out, b"X", b"memory")
        return 4
    send(out, b"R", pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
