"""The session file's shape, and what killed writes leave in the data folder. No Qt.

The window (desktop/ui/window/session.py) writes its inputs to ``session.json`` after each pause
in typing and reads them back at the next start; a file it cannot use is set aside under a name
that is never overwritten, and the clerk is told.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

from desktop.core import atomic, packs

SESSION_FILE = "session.json"
#: written before the window is built and deleted once it is up: found at the next start, it says
#: the last start never reached the window (a file it read, or a tab it restored, stopped it)
START_MARKER = "starting.marker"
SESSION_VERSION = 1
#: a session holds a household and a year of events (a few KB); far larger is not ours
MAX_SESSION_BYTES = 5_000_000
#: the window's own settings (大字模式, window size ...), an INI file in the user data folder
SETTINGS_FILE = "settings.ini"


class SessionDamaged(Exception):
    """The session file cannot be used as a whole; ``reason`` says why, in Chinese."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def check_session(data: object) -> dict[str, Any]:
    """The session document if its shape is the one we write; SessionDamaged otherwise.

    Values that are well-typed but unknown here (a year no longer loaded, a tab index past the
    end) are not damage: the window falls back for them, as after removing a policy pack.
    """
    if not isinstance(data, dict):
        raise SessionDamaged("内容不是输入记录")
    version = data.get("version", SESSION_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionDamaged("版本号不正确")
    if version > SESSION_VERSION:
        raise SessionDamaged("由较新版本的程序保存")
    for key, label, low, high in (("policy_year", "政策年度", 1000, 9999), ("current_tab", "页签序号", 0, 99)):
        value = data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise SessionDamaged(f"{label}不是整数")
        if value is not None and not low <= value <= high:  # a year not loaded (any more) is fine
            raise SessionDamaged(f"{label}超出范围")
    tabs = data.get("tabs", {})
    if not isinstance(tabs, dict) or not all(isinstance(v, dict) for v in tabs.values()):
        raise SessionDamaged("页签内容的格式不正确")
    return data


def clean_data_folder(base: Path) -> None:
    """What killed writes left in the data folder: session and settings temporaries (the session
    holds full IDs), the packs' state temporaries, half-made pack folders and temporaries inside
    a pack's folder."""
    atomic.clean_stale_temps(base)
    atomic.sweep_journal(base)  # an export's temporary file, wherever it was, left by a kill
    clean_settings_locks(base / (SETTINGS_FILE + ".lock"))
    root = packs.packs_dir(base)
    atomic.clean_stale_temps(root)
    try:
        years = [d for d in root.iterdir() if d.name.isdigit() and d.is_dir()]
    except OSError:
        return
    for year_dir in years:
        atomic.clean_stale_pack_folders(year_dir)
        try:
            versions = [d for d in year_dir.iterdir() if d.is_dir()]
        except OSError:
            continue
        for version_dir in versions:  # a pack's stored (pre-validated) form is rewritten there
            atomic.clean_stale_temps(version_dir)


#: a lock Qt's QLockFile made has its process id written into it at once; one still empty after
#: this long was left by a kill between the two, and Qt would wait out its 30 s stale-lock time
#: at the next settings save (the window hangs)
EMPTY_LOCK_STALE_S = 5.0


def clean_settings_locks(lock: Path, now: float | None = None) -> None:
    """What kills leave of Qt's settings lock: an empty lock (``_clean_empty_settings_lock``) and
    the ``.rmlock`` chain. Qt breaks a stale lock under a second lock named lock + ".rmlock" (and
    that one, when stale too, under ".rmlock.rmlock"); a kill while one is held leaves it, and Qt
    removes it only when it next breaks a stale lock, which may never come. They hold a process id
    and a host name, never a resident's data; one a few seconds old belongs to no running save
    (one window per data folder). Never raises."""
    _clean_empty_settings_lock(lock, now)
    chain = lock.with_name(lock.name + ".rmlock")
    while True:
        try:
            info = chain.stat()
        except OSError:
            break
        if (time.time() if now is None else now) - info.st_mtime >= EMPTY_LOCK_STALE_S:
            try:
                chain.unlink()
            except OSError:
                pass
        chain = chain.with_name(chain.name + ".rmlock")


def _clean_empty_settings_lock(lock: Path, now: float | None = None) -> bool:
    """Delete an empty settings lock a kill left behind; never raises. True when deleted."""
    try:
        info = lock.stat()
        if info.st_size or (time.time() if now is None else now) - info.st_mtime < EMPTY_LOCK_STALE_S:
            return False
        lock.unlink()
    except OSError:
        return False
    return True


def damaged_name(now: dt.datetime) -> str:
    """``session.damaged-20261129-143005.json``: built from digits, whatever the locale."""
    stamp = f"{now.year:04d}{now.month:02d}{now.day:02d}-{now.hour:02d}{now.minute:02d}{now.second:02d}"
    return f"session.damaged-{stamp}.json"


def free_damaged_path(folder: Path, now: dt.datetime) -> Path:
    """A ``session.damaged-<time>.json`` in ``folder`` that does not exist yet."""
    first = folder / damaged_name(now)
    for n in range(1, 100):
        aside = first if n == 1 else first.with_name(f"{first.stem}-{n}{first.suffix}")
        if not aside.exists() and not aside.is_symlink():
            return aside
    raise FileExistsError(first)


def set_aside(path: Path, now: dt.datetime) -> Path:
    """Move a damaged session beside itself under a name that is not overwritten."""
    aside = free_damaged_path(path.parent, now)
    os.rename(path, aside)  # never over an existing name (os.replace would)
    return aside


def begin_start(folder: Path) -> bool:
    """Write the start marker; True when the last start left its own behind (it never got as far
    as the window). Never raises: a folder that cannot be written only loses this protection."""
    marker = folder / START_MARKER
    failed_before = marker.exists() or marker.is_symlink()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic.atomic_write_text(marker, f"{os.getpid()}\n")
    except OSError:
        pass
    return failed_before


def end_start(folder: Path) -> None:
    """The window is up: the start marker goes. Never raises."""
    try:
        (folder / START_MARKER).unlink()
    except OSError:
        pass
