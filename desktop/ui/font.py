"""The bundled Chinese font as the application font (the window, the self-test, the tools)."""

from __future__ import annotations

import logging

from desktop.app_info import FONT_FILE

#: the counter's readers are often old: never start below this size
MIN_POINT_SIZE = 10.5

log = logging.getLogger(__name__)


def register_font() -> str | None:
    """Register the bundled Chinese font and make it the application font; returns its family."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from desktop.resources import resource

    path = resource(*FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("无法加载内置字体 %s", path)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    current = QApplication.font()
    font = QFont(families[0])
    font.setPointSizeF(max(current.pointSizeF(), MIN_POINT_SIZE))
    QApplication.setFont(font)
    return families[0]
