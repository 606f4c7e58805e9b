"""Atomic file writes: a reader, or the next start after a power cut, sees the old file or the new one.

Every file the program writes goes through here: the bytes go to a temporary file in the SAME
folder (so the final rename never crosses a drive), are flushed and forced to disk, and then
replace the target in one ``os.replace``. On any failure the temporary file is removed and the
target is untouched.

The temporary file is named ``<target name>.<random>.czdesk-tmp``: no leading dot (a dot hides
nothing on Windows and would only make a leftover look like a system file) and a suffix that a
start-up clean-up can recognise (:data:`TEMP_SUFFIX`) after a kill left one behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: every temporary file made by :func:`atomic_write_bytes` ends with this
TEMP_SUFFIX = ".czdesk-tmp"


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable; Windows cannot open a folder for fsync (NTFS journals it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; raise OSError (target untouched) when it cannot."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f"{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8") -> None:
    """:func:`atomic_write_bytes` for text (no newline translation: the bytes are exactly ``text``)."""
    atomic_write_bytes(path, text.encode(encoding))
