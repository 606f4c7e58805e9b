"""Atomic file writes: a reader, or the next start after a power cut, sees the old file or the new one.

Every file the program writes goes through here: the bytes go to a temporary file in the SAME
folder (so the final rename never crosses a drive), are flushed and forced to disk, and then
replace the target in one ``os.replace``. On any failure the temporary file is removed and the
target is untouched. A library that insists on writing a path itself (the .xlsx writer, Qt's
QPdfWriter) is handed the temporary path by :func:`replacing` and the result is renamed over.

The temporary file is named ``<target name>.<pid>-<random>.czdesk-tmp``: no leading dot (a dot
hides nothing on Windows and would only make a leftover look like a system file), the writing
process's id (so a leftover of a killed process is recognised as such at once) and a suffix that
:func:`clean_stale_temps` recognises. A kill between the first byte and the rename is the only
way a temporary file outlives its write; the next start (data folder) and the next open or save
in the same folder (case files, exports) delete it, so a full ID number in a half-written case
does not lie about longer than that. Temporary files are created readable by their owner only.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

#: every temporary file made here ends with this
TEMP_SUFFIX = ".czdesk-tmp"
#: a temporary file of a process that is still alive is left alone this long (seconds): no write
#: of ours takes minutes, and a live process of another window may be in the middle of one
STALE_AFTER_S = 300.0
#: the characters of the target's name kept at the front of a temporary name: enough to see what
#: it was, short enough that a target whose name is a legal 255 bytes still gets a temporary name
#: of at most 16 × 4 + 31 bytes beside it
_NAME_KEEP = 16
#: the journal of temporary files being written, in the data folder (see :func:`journal_temps_in`)
JOURNAL_NAME = "temps.journal"
_journal: Path | None = None

_OURS = re.compile(r"\.(?P<pid>\d{1,10})-[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + r"$")
#: what versions before this module left behind (tempfile.mkstemp names, pack build's ``.part``):
#: no process id in them, so they go once they are older than STALE_AFTER_S
_LEGACY = (
    re.compile(r"^\.czcase-[a-z0-9_]{8}\.tmp$"),
    re.compile(r"^session\.json[a-z0-9_]{8}\.tmp$"),
    re.compile(r"^\.state\.json\.[a-z0-9_]{8}$"),
    re.compile(r"^\..+\.czpack\.part$"),
    # Qt writes the settings INI itself (QSaveFile: <name>.<six random letters>, then a rename); a kill leaves
    # that temporary file, which holds no ID but would pile up
    re.compile(r"^settings\.ini\.[A-Za-z0-9]{6}$"),
)
#: Windows keeps a file open by the virus scanner or the indexer for a moment after it is written;
#: the rename is tried again for up to about a second before the clerk is told
_REPLACE_TRIES = 8


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


def _temp_for(path: Path) -> tuple[int, Path]:
    """Create (exclusively, owner-only) the temporary file for ``path``; returns its open fd and path."""
    name = path.name[:_NAME_KEEP]
    fd, tmp = tempfile.mkstemp(prefix=f"{name}.{os.getpid()}-", suffix=TEMP_SUFFIX, dir=path.parent)
    _note(Path(tmp), True)
    return fd, Path(tmp)


def journal_temps_in(folder: Path | None) -> None:
    """From now on, note every temporary file of this process in ``folder``/temps.journal until it
    is renamed or deleted: a kill leaves the journal naming it, and :func:`sweep_journal` at the
    next start deletes it wherever it was (an export with full ID numbers beside the roster)."""
    global _journal
    _journal = None if folder is None else Path(folder) / JOURNAL_NAME


def _note(tmp: Path, adding: bool) -> None:
    journal = _journal
    if journal is None:
        return
    line = f"{os.getpid()}\t{os.path.abspath(tmp)}\n"
    try:
        if adding:
            with open(journal, "a", encoding="utf-8") as fh:
                fh.write(line)
            return
        lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
        rest = [x for x in lines if x != line]
        if rest:
            journal.write_text("".join(rest), encoding="utf-8")
        else:
            journal.unlink()
    except OSError:
        pass  # the journal is a safety net; the write itself goes on


def sweep_journal(folder: Path | str) -> list[Path]:
    """Delete the temporary files the journal in ``folder`` names whose process is gone (a killed
    export or save), and forget them; never raises. Returns what was deleted."""
    journal = Path(folder) / JOURNAL_NAME
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    removed: list[Path] = []
    kept: list[str] = []
    for line in lines[:10_000]:
        pid_text, _, name = line.partition("\t")
        if not pid_text.isdigit() or not name.endswith(TEMP_SUFFIX):
            continue  # not a line of ours: never a reason to delete a file
        if int(pid_text) != os.getpid() and _pid_alive(int(pid_text)):
            kept.append(line + "\n")
            continue
        try:
            os.unlink(name)
            removed.append(Path(name))
        except FileNotFoundError:
            pass
        except OSError:
            kept.append(line + "\n")
    try:
        if kept:
            journal.write_text("".join(kept), encoding="utf-8")
        else:
            journal.unlink()
    except OSError:
        pass
    return removed


def _fsync_path(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _finish(tmp: Path, path: Path, private: bool) -> None:
    """Give the temporary file the target's permissions and rename it over the target."""
    if sys.platform != "win32":
        try:
            mode = path.stat().st_mode & 0o777  # a file being replaced keeps its permissions
        except OSError:
            mode = 0o600 if private else 0o644
        os.chmod(tmp, mode)
    for attempt in range(_REPLACE_TRIES):
        try:
            os.replace(tmp, path)
            _note(tmp, False)
            break
        except PermissionError:
            # only Windows gives a transient PermissionError here; elsewhere it is final
            if sys.platform != "win32" or attempt == _REPLACE_TRIES - 1:
                raise
            time.sleep(0.03 * (attempt + 1))
    fsync_dir(path.parent)


def _discard(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        return
    _note(tmp, False)


@contextlib.contextmanager
def replacing(path: Path | str, *, private: bool = False) -> Iterator[Path]:
    """For a writer that must be given a path: it writes the yielded temporary path, which then
    replaces ``path`` (fsynced first). An exception in the block leaves ``path`` untouched and no
    temporary file. ``private`` files (case, session) are created readable by their owner only."""
    path = Path(path)
    clean_stale_temps(path.parent)
    fd, tmp = _temp_for(path)
    os.close(fd)
    try:
        yield tmp
        _fsync_path(tmp)
        _finish(tmp, path, private)
    except BaseException:
        _discard(tmp)
        raise


def atomic_write_bytes(path: Path | str, data: bytes, *, private: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step; raise OSError (target untouched) when it cannot."""
    path = Path(path)
    clean_stale_temps(path.parent)
    fd, tmp = _temp_for(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _finish(tmp, path, private)
    except BaseException:
        _discard(tmp)
        raise


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8", *, private: bool = False) -> None:
    """:func:`atomic_write_bytes` for text (no newline translation: the bytes are exactly ``text``)."""
    atomic_write_bytes(path, text.encode(encoding), private=private)


def atomic_copy(source: Path | str, path: Path | str) -> None:
    """Copy ``source`` to ``path`` atomically (small files: read whole, then written as one)."""
    atomic_write_bytes(path, Path(source).read_bytes())


# ---------------------------------------------------------------- leftovers of killed writes


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists; a reused id only delays the clean-up until STALE_AFTER_S."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        try:
            return _windows_pid_alive(pid)
        except Exception:  # noqa: BLE001 - cannot tell: count it alive; the age rule still applies
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists under another user
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    """os.kill(pid, 0) on Windows would TerminateProcess: ask the kernel instead."""
    if sys.platform == "win32":  # (for mypy: ctypes.WinDLL exists only there)
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
        kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it exists, it is not ours
        try:
            code = wintypes.DWORD()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    return True


#: half-made pack folders: an install's temporary folder (with its process id since this
#: version, without before) and a removed pack's folder that was being deleted
_OUR_DIR = re.compile(r"^\.(install-(?P<pid>\d{1,10})-[a-z0-9_]{8}|remove-(?P<rpid>\d{1,10})-.+)$")
_LEGACY_DIRS = (re.compile(r"^\.install-[a-z0-9_]{8}$"), re.compile(r"^\.remove-.+$"))


def is_our_temp(name: str) -> bool:
    """Whether a file name is one of our temporary files (this version's or an older one's)."""
    return bool(_OURS.search(name)) or any(p.match(name) for p in _LEGACY)


def _stale(entry: os.DirEntry[str], pid: int | None, moment: float) -> bool:
    """Whether a leftover's writer is gone: its process is dead, or it is older than STALE_AFTER_S."""
    try:
        if moment - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S:
            return True
    except OSError:
        return False
    return pid is not None and pid != os.getpid() and not _pid_alive(pid)


def clean_stale_pack_folders(year_dir: Path | str, *, now: float | None = None) -> list[Path]:
    """Delete the half-made folders a killed pack install or removal left in ``packs/<year>``
    (policy data only, never an ID, but they would pile up); never raises."""
    removed: list[Path] = []
    moment = time.time() if now is None else now
    try:
        entries = list(os.scandir(year_dir))
    except OSError:
        return removed
    for entry in entries:
        ours = _OUR_DIR.match(entry.name)
        if not ours and not any(p.match(entry.name) for p in _LEGACY_DIRS):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
        except OSError:
            continue
        pid = (ours.group("pid") or ours.group("rpid")) if ours else None
        if _stale(entry, int(pid) if pid else None, moment):
            shutil.rmtree(entry.path, ignore_errors=True)
            if not os.path.lexists(entry.path):
                removed.append(Path(entry.path))
    return removed


def clean_stale_temps(folder: Path | str, *, now: float | None = None) -> list[Path]:
    """Delete the temporary files of ours in ``folder`` whose writer is gone: its process is dead,
    or the file is older than STALE_AFTER_S. Never raises (a folder we cannot list or a file we
    cannot delete is simply left); returns what was deleted."""
    removed: list[Path] = []
    moment = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        ours = _OURS.search(name)
        if not ours and not any(p.match(name) for p in _LEGACY):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
        except OSError:
            continue
        if not _stale(entry, int(ours.group("pid")) if ours else None, moment):
            continue  # maybe being written right now, by this process or another window
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed
