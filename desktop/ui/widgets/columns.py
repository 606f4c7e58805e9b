"""Table columns sized from the font in use, so 大字模式 widens them instead of cutting text.

A width in pixels fits one text size only: at 1.3 times the font, "320483********0013" lost its
last digits and the roster's "个人缴费(元)" its ends. Each column here is as wide as the widest
of its title (bold: the current column's title is drawn bold) and a sample of what it holds,
measured again whenever the view's font changes.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

#: a header section's padding beyond its title (Qt's own ResizeToContents gives 2 px each side)
HEADER_PAD = 8
#: an item's text margins (3 px each side in the common styles) and a little air
CELL_PAD = 12


def column_width(view: QTableView, column: int, sample: str) -> int:
    """The width column ``column`` needs for its title and for ``sample`` in the view's font."""
    model = view.model()
    title = str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "") if model else ""
    bold = QFont(view.horizontalHeader().font())
    bold.setBold(True)
    head = max((QFontMetrics(bold).horizontalAdvance(line) for line in title.split("\n")), default=0)
    body = view.fontMetrics().horizontalAdvance(sample) if sample else 0
    return max(head + HEADER_PAD, body + CELL_PAD)


class FitColumns(QObject):
    """Keeps ``view``'s columns as wide as their titles and samples, through every font change.

    It watches the view itself: the view takes a new font after its parents, and a style sheet
    polishes parents first, so a parent's FontChange would still measure the old font.
    """

    def __init__(self, view: QTableView, samples: Mapping[int, str], row_lines: float | None = None):
        super().__init__(view)
        self.view = view
        self.samples = dict(samples)
        self.row_lines = row_lines
        view.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        for column, sample in self.samples.items():
            self.view.setColumnWidth(column, column_width(self.view, column, sample))
        if self.row_lines is not None:
            self.view.verticalHeader().setDefaultSectionSize(round(self.view.fontMetrics().height() * self.row_lines))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.view and event.type() == QEvent.Type.FontChange:
            QTimer.singleShot(0, self, self.fit)  # after the header has its new font; dropped if gone
        return False
