"""医疗救助模拟's 本年度的费用: the table of costs with the buttons that add, copy and delete a row."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tabs.simulation.events_model import COL_PROBLEM, EventsModel


class CostsBox(QWidget):
    """The costs in date order, one row each; the tab connects the buttons and the selection.

    The title and the buttons share the line above the table (a line of their own under it cost
    the table its rows on a short screen in 大字模式)."""

    def __init__(self, model: EventsModel, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel(self.tr("本年度的费用(按日期顺序计算)"))
        top.addWidget(self.title)
        top.addStretch(1)
        lay.addLayout(top)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PROBLEM, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("提示") + 12)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._fit_rows()
        self.table.setAccessibleName(self.tr("费用列表"))
        lay.addWidget(self.table, 1)
        self.add_button = QPushButton(self.tr("添加费用(&A)"))
        self.duplicate_button = QPushButton(self.tr("复制选中(&D)"))
        self.remove_button = QPushButton(self.tr("删除选中(&R)"))
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            top.addWidget(button)

    def _fit_rows(self) -> None:
        """At least the cost being edited in view under the two-line header, whatever the text size
        (the tab scrolls it into view; more rows show where the screen has room)."""
        line = self.fontMetrics().height()
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.table.setMinimumHeight(2 * line + 12 + (line + 12) + scrollbar + 4)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
