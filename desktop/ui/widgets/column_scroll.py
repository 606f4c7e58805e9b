"""A column beside another in a splitter: it scrolls up and down, but asks for its full width.

Used by 报销测算 (its inputs and its results) and 保费测算 (its side column): in 大字模式 on a
1366x768 screen a plain scroll area let the splitter squeeze a column below its contents, which
were then cut off behind a sideways scroll bar.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget


class ColumnScroll(QScrollArea):
    """Scrolls its contents up and down, but asks the splitter for their full width.

    The scroll area is also where a re-layout inside it stops (报销测算's new figures at every
    keystroke): the rest of the window is not laid out again. Only when the contents need a
    different width (a much longer figure, 大字模式) does the splitter hear of it.
    """

    def __init__(self, parent: QWidget | None = None, *, preferred: bool = False, least: int = 0):
        """``preferred``: ask for the contents' preferred width (the inputs: every choice shown
        whole, no sideways scrolling in 大字模式) instead of their least width (the results, whose
        figures go one to a line when the column is narrow). ``least``: never narrower than this."""
        super().__init__(parent)
        self._min_width = -1
        self._preferred = preferred
        self._least = least

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt override
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self._check_width)  # after the layout; dropped if self is gone
        return super().eventFilter(watched, event)

    def _check_width(self) -> None:
        width = self.minimumSizeHint().width()
        if width != self._min_width:
            self._min_width = width
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        inner = self.widget()
        if inner is None:
            return super().minimumSizeHint()
        inner_width = (inner.sizeHint() if self._preferred else inner.minimumSizeHint()).width()
        width = inner_width + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(max(width, self._least), super().minimumSizeHint().height())
