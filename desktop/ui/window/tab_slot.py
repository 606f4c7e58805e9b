"""A page of the main window's tab widget whose content is built when first shown."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import cast

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


class TabSlot(QWidget):
    """A page of the tab widget whose content is built the first time it is shown or asked for.

    Only the tab on screen is built before the first paint: the window opens sooner and holds
    less memory, and a tab the clerk never opens costs nothing.

    The content sits in a frameless scroll area that gives it all the room there is and never
    less than its layout needs: on a small or scaled screen (1366x768 at 125 %, 1920x1080 at
    175 %) the window stays inside the screen and the page scrolls, instead of the window
    growing past the taskbar or the layout being squeezed until widgets overlap.
    """

    def __init__(self, key: str, factory: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        # a bound method of the window is held weakly: a strong one makes a reference cycle
        # (window → page → method → window) that leaves the window to the garbage collector, whose
        # late destruction of a toolbar's widget actions crashed Qt (QWidgetAction::releaseWidget)
        self._factory: Callable[[], Callable[[], QWidget] | None] = (
            weakref.WeakMethod(factory) if inspect.ismethod(factory) else (lambda: factory)
        )
        self.content: QWidget | None = None
        self.scroll_area: QScrollArea | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> tuple[QWidget, bool]:
        """The content, and whether it was built just now."""
        if self.content is not None:
            return self.content, False
        factory = self._factory()
        if factory is None:
            raise RuntimeError("tab page outlived its window")
        self.content = factory()
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName(f"page_scroll_{self.key}")
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.content)
        cast(QVBoxLayout, self.layout()).addWidget(self.scroll_area)
        return self.content, True
