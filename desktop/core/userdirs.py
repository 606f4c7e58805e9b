"""Where the program keeps what it writes: the one place the user data, log and cache folders are chosen.

Three modes, first match wins:

1. ``$CZDESK_DATA_DIR`` (and ``$CZDESK_CACHE_DIR`` for the cache): tests, scripted installs.
2. **Portable mode**: a folder named ``测算台数据`` beside the executable (``sys.executable`` of
   the frozen program, e.g. ``E:\\测算台\\changzhou-insurance-0.2.1.exe`` with
   ``E:\\测算台\\测算台数据\\``). Everything the program keeps goes there: settings, the last
   session, installed policy packs, the log, the snapshot cache. Nothing is written to the PC's
   user profile, so the USB stick carries the clerk's work from PC to PC. Making the folder is
   how a clerk turns the mode on; from source (not frozen) it is never used.
3. The user's own folders (platformdirs): on Windows ``%LOCALAPPDATA%\\changzhou-insurance-desk``.

Qt-free and cheap to import: the launcher, the window and the command line all ask here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.app_info import APP_ID

DATA_DIR_ENV = "CZDESK_DATA_DIR"
CACHE_DIR_ENV = "CZDESK_CACHE_DIR"
#: the folder beside the executable that turns portable mode on
PORTABLE_FOLDER = "测算台数据"
#: inside the data folder, in portable mode: the log, and the snapshot cache
PORTABLE_LOGS = "Logs"
PORTABLE_CACHE = "cache"


def portable_dir() -> Path | None:
    """The ``测算台数据`` folder beside the running executable, when there is one (frozen only)."""
    if not getattr(sys, "frozen", False):
        return None
    folder = Path(sys.executable).resolve().parent / PORTABLE_FOLDER
    return folder if folder.is_dir() else None


def data_dir() -> Path:
    """Settings, the session, installed packs (and, in portable mode, everything else)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    portable = portable_dir()
    if portable is not None:
        return portable
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def log_dir() -> Path:
    """The folder of desk.log: ``Logs`` in the portable folder, else the user's log folder."""
    if not os.environ.get(DATA_DIR_ENV):
        portable = portable_dir()
        if portable is not None:
            return portable / PORTABLE_LOGS
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def cache_dir() -> Path:
    """Pre-validated policy snapshots of years read from source (desktop.core.policy.loader)."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override)
    if not os.environ.get(DATA_DIR_ENV):
        portable = portable_dir()
        if portable is not None:
            return portable / PORTABLE_CACHE
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_ID, appauthor=False))
