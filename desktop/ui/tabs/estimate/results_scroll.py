"""The results column of 报销测算: scrolls up and down, but asks the splitter for its full width."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget


class ResultsScroll(QScrollArea):
    """Scrolls the results up and down, but asks the splitter for their full width.

    The scroll area is also where a new figure's re-layout stops: the rest of the window is not
    laid out again on every keystroke. Only when the results need a different width (a much
    longer figure, 大字模式) does the splitter hear of it.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._min_width = -1

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
        width = inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(width, super().minimumSizeHint().height())
