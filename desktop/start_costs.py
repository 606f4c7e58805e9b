"""Two costs of starting that come from the libraries, not from the program, taken away.

Both were found profiling the Windows .exe under Wine, where opening a file is slow (as it is on
a counter PC whose virus scanner looks at every file opened):

- **The one-file archive opened once per module.** PyInstaller's reader of the bundled Python
  modules (``pyimod01_archive.ZlibArchiveReader``) opens the executable, reads one module and
  closes it again, for each of the ~100 modules the window imports before its first paint: 86
  opens, 48 ms of a 1 s start under Wine. ``keep_archive_open`` gives that module an ``open``
  that keeps one handle per file and hands it out under a lock (a read is a seek and a read,
  which must not interleave between threads). PyInstaller opens it afresh so that the file can
  be renamed while running; Windows already holds a running .exe open.
- **PySide6 reads the source of every module imported after it** (``shibokensupport.feature``
  looks for the text "PySide6" in it, to know which modules may switch on its optional
  ``__feature__`` modes). In the executable there is no source, so each import tries to open a
  ``.py`` file that is not there. The program never selects a feature (a test checks that no
  module imports ``__feature__``), and for a module that selects none PySide6 behaves the same
  whichever way the check answers, so ``skip_pyside_source_scan`` answers without reading.

Both are no-ops when the library does not look as expected (another PyInstaller or PySide6
version); ``--self-test`` fails in an executable where the first did not apply.
"""

from __future__ import annotations

import _thread
import builtins
import sys
from types import TracebackType
from typing import IO, Any


class _Lease:
    """The context manager ``with open(path, "rb") as fp`` gets: the kept handle, locked meanwhile."""

    def __init__(self, handle: IO[bytes], lock: Any) -> None:
        self._handle = handle
        self._lock = lock

    def __enter__(self) -> IO[bytes]:
        self._lock.acquire()
        return self._handle

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self._lock.release()


class KeptOpen:
    """A stand-in for ``open`` that keeps one read handle per path; any other mode is the real open."""

    def __init__(self) -> None:
        self._handles: dict[str, tuple[IO[bytes], Any]] = {}
        self._guard = _thread.allocate_lock()

    def __call__(self, path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode != "rb" or args or kwargs:
            return builtins.open(path, mode, *args, **kwargs)
        key = str(path)
        with self._guard:
            kept = self._handles.get(key)
            if kept is None:
                kept = (builtins.open(key, "rb"), _thread.allocate_lock())  # noqa: SIM115 - kept for the process
                self._handles[key] = kept
        return _Lease(*kept)

    def close(self) -> None:
        with self._guard:
            for handle, _lock in self._handles.values():
                handle.close()
            self._handles.clear()


def keep_archive_open() -> bool:
    """In the executable, read the bundled modules through one kept handle; True when applied."""
    archive = sys.modules.get("pyimod01_archive")
    if archive is None or not hasattr(archive, "ZlibArchiveReader"):
        return False
    if not isinstance(getattr(archive, "open", None), KeptOpen):
        # a module global named open shadows the built-in for the code of that module only
        archive.open = KeptOpen()  # type: ignore[attr-defined]
    return True


def archive_kept_open() -> bool:
    archive = sys.modules.get("pyimod01_archive")
    return archive is not None and isinstance(getattr(archive, "open", None), KeptOpen)


def _selects_no_feature(module: object) -> bool:
    return False


def skip_pyside_source_scan() -> bool:
    """After PySide6 is imported: stop it reading each later module's source; True when applied."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _selects_no_feature  # type: ignore[attr-defined]
    return True
