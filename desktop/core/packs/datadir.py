"""Where the user's data lives (the installed packs, installed.py, and the signing keys, signing.py):
chosen in one place, ``desktop.core.userdirs`` (``$CZDESK_DATA_DIR``, the portable ``测算台数据``
folder beside the executable, or ``platformdirs.user_data_dir("changzhou-insurance-desk")``)."""

from __future__ import annotations

from pathlib import Path

from desktop.app_info import APP_ID
from desktop.core import userdirs

APP_NAME = APP_ID
DATA_DIR_ENV = userdirs.DATA_DIR_ENV


def data_dir() -> Path:
    return userdirs.data_dir()
