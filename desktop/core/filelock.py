"""A lock between processes on one file: two commands, or the window and a command, that change
the same small file (the packs' state) take turns instead of racing.

The lock is an OS lock on an open file (``flock`` on Linux and macOS, ``msvcrt.locking`` on
Windows): it is released by the OS when its process ends, however it ends, so a killed command
never leaves the others waiting. The lock file itself stays (empty) beside the file it guards.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

#: how long a change waits for another process's change to finish before giving up (seconds)
LOCK_WAIT_S = 20.0


class LockTimeout(OSError):
    """Another process held the lock for longer than LOCK_WAIT_S."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def locked(path: Path | str, *, wait: float = LOCK_WAIT_S) -> Iterator[None]:
    """Hold the lock on ``path`` (created when missing) for the block; LockTimeout after ``wait``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise LockTimeout(f"{path} 被另一个程序占用")
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


#: the locks this process holds for its life, by path: asking again for one of them is answered
#: from here (an OS lock taken twice by one process on two descriptors would refuse itself)
_HELD: dict[str, int] = {}


def hold_for_process(path: Path | str) -> bool:
    """Take the lock on ``path`` for the rest of this process's life (the OS lets it go when the
    process ends, however it ends); False when another process holds it. An error opening the
    file counts as not held by anyone else (True): a folder we cannot write must not stop the start."""
    path = Path(path)
    key = os.path.normcase(os.path.abspath(path))
    if key in _HELD:
        return True
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return True
    if not _try_lock(fd):
        os.close(fd)
        return False
    _HELD[key] = fd
    return True
