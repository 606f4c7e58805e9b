"""医疗救助模拟's 本年度的费用: the table of costs with the buttons that add, copy and delete a row."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tabs.simulation.events_model import COL_PROBLEM, EventsModel


class CostsBox(QGroupBox):
    """The costs in date order, one row each; the tab connects the buttons and the selection."""

    def __init__(self, model: EventsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("本年度的费用(按日期顺序计算)"))
        lay = QVBoxLayout(self)
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
        self.table.setMinimumHeight(self.fontMetrics().height() * 6)
        self.table.setAccessibleName(self.tr("费用列表"))
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()  # under the table: the table keeps the width for its money columns
        self.add_button = QPushButton(self.tr("添加费用(&A)"))
        self.duplicate_button = QPushButton(self.tr("复制选中(&D)"))
        self.remove_button = QPushButton(self.tr("删除选中(&R)"))
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
