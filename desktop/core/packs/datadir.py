"""Where the user's data lives: ``platformdirs.user_data_dir("changzhou-insurance-desk")``, or
``$CZDESK_DATA_DIR`` when set (tests, portable installs). The installed packs (installed.py) and
the signing keys (signing.py) are both under it."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop.app_info import APP_ID

APP_NAME = APP_ID
DATA_DIR_ENV = "CZDESK_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
