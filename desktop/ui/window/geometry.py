"""The window's first size and where it opens: maximised on a counter's small screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:  # what the mixin uses of MainWindow, declared for mypy (see host.py)
    from desktop.ui.window.host import WindowHost as _Base
else:
    _Base = object

#: screens up to this size (1366x768, 1440x900, 1600x900 …) get the window maximised
MAXIMISE_UP_TO = QSize(1600, 900)
#: on a larger screen the window takes this share of the available area
LARGE_SCREEN_SHARE = 0.9


def initial_size(available: QRect, minimum: QSize) -> QSize:
    """The window's first size: the whole available area of a small screen, 90 % of a large one.

    Never below ``minimum``: the layouts need it.
    """
    width, height = available.width(), available.height()
    if width > MAXIMISE_UP_TO.width() and height > MAXIMISE_UP_TO.height():
        width, height = int(width * LARGE_SCREEN_SHARE), int(height * LARGE_SCREEN_SHARE)
    return QSize(max(width, minimum.width()), max(height, minimum.height()))


class GeometryMixin(_Base):
    """MainWindow's placement on the screen (methods of a QMainWindow)."""

    def _available_geometry(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)

    def should_maximise(self) -> bool:
        """On a counter's small screen the window opens maximised: every pixel goes to the figures."""
        available = self._available_geometry()
        return available.width() <= MAXIMISE_UP_TO.width() or available.height() <= MAXIMISE_UP_TO.height()

    def show_on_screen(self) -> None:
        """Show the window as it opens at the counter: maximised on a small screen, else large and centred."""
        if self.should_maximise():
            self.showMaximized()
            return
        frame = self.frameGeometry()
        frame.moveCenter(self._available_geometry().center())
        self.move(frame.topLeft())
        self.show()
