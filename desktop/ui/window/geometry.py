"""The window's first size and where it opens: maximised on a counter's small screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: screens up to this size (1366x768, 1440x900, 1600x900 …) get the window maximised
MAXIMISE_UP_TO = QSize(1600, 900)
#: on a larger screen the window takes this share of the available area
LARGE_SCREEN_SHARE = 0.9
#: the smallest window the layouts are drawn for, on a screen that has room for it
PREFERRED_MINIMUM = QSize(1024, 640)
#: what a window frame adds around the client area: Windows 10/11's title bar (about 31 px) and
#: borders, in logical pixels (they scale with the display, as the available area does)
FRAME_ALLOWANCE = QSize(16, 39)


def fitted_minimum(available: QRect) -> QSize:
    """The window's minimum client size: PREFERRED_MINIMUM, cut to what fits the available area.

    The available area is the screen without the taskbar, in logical pixels: 1366x768 at 125 %
    is 1093x574 (614 - a 40 px taskbar), 1920x1080 at 175 % is 1097x577. A window with its frame
    never reaches past it; what does not fit scrolls (TabSlot).
    """
    return QSize(
        max(1, min(PREFERRED_MINIMUM.width(), available.width() - FRAME_ALLOWANCE.width())),
        max(1, min(PREFERRED_MINIMUM.height(), available.height() - FRAME_ALLOWANCE.height())),
    )


def initial_size(available: QRect, minimum: QSize) -> QSize:
    """The window's first client size: the available area of a small screen, 90 % of a large one.

    Never below ``minimum`` (the layouts need it) and never, with its frame, beyond the
    available area.
    """
    width, height = available.width(), available.height()
    if width > MAXIMISE_UP_TO.width() and height > MAXIMISE_UP_TO.height():
        width, height = int(width * LARGE_SCREEN_SHARE), int(height * LARGE_SCREEN_SHARE)
    width = min(max(width, minimum.width()), available.width() - FRAME_ALLOWANCE.width())
    height = min(max(height, minimum.height()), available.height() - FRAME_ALLOWANCE.height())
    return QSize(max(1, width), max(1, height))


def available_geometry(window: QWidget) -> QRect:
    """The available area of the screen ``window`` is on (the primary screen before it is shown)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def fit_to_screen(window: QWidget) -> None:
    """Minimum and first size from the screen the window is on (see fitted_minimum)."""
    available = available_geometry(window)
    window.setMinimumSize(fitted_minimum(available))
    window.resize(initial_size(available, window.minimumSize()))


def should_maximise(window: QWidget) -> bool:
    """On a counter's small screen the window opens maximised: every pixel goes to the figures."""
    available = available_geometry(window)
    return available.width() <= MAXIMISE_UP_TO.width() or available.height() <= MAXIMISE_UP_TO.height()


def show_on_screen(window: QWidget) -> None:
    """Show the window as it opens at the counter: maximised on a small screen, else large and centred."""
    if should_maximise(window):
        window.showMaximized()
        return
    available = available_geometry(window)
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    # the title bar stays on the screen, whatever the frame measures
    window.move(max(frame.left(), available.left()), max(frame.top(), available.top()))
    window.show()
