"""The roster tab's result area: every row in a table (problem rows editable), the selected row's
whole check result under it, and the totals column beside it.

Column widths follow the font (大字模式): titles and IDs whole, amounts never cut.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.roster import RosterResult, table_columns
from desktop.ui.tabs.roster.choices import ChoiceDelegate
from desktop.ui.tabs.roster.model import ProblemFilter, RosterModel
from desktop.ui.tabs.roster.summary import empty_html, row_detail, totals_html
from desktop.ui.widgets.columns import FitColumns

ERROR_STYLE = "color: #a4000f;"


class RosterResults(QSplitter):
    """The table and the row detail on the left, the totals on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.model = RosterModel(self)
        self.proxy = ProblemFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # only a problem row's cells are editable (the model says which): correct, then re-check
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        # category, district and aid status are picked from their lists, never typed
        self.choices = ChoiceDelegate(self.view)
        self.view.setItemDelegate(self.choices)
        self.view.setAlternatingRowColors(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # the widest text each column usually holds (the core's list of roster columns says)
        samples = {i: c.screen.sample for i, c in enumerate(table_columns.on_screen()) if c.screen is not None}
        self._fit_columns = FitColumns(self.view, samples, row_lines=1.45)
        self.view.selectionModel().currentRowChanged.connect(self.show_row)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        self.row_detail = QLabel()
        self.row_detail.setObjectName("roster_row_detail")
        self.row_detail.setWordWrap(True)
        left_layout.addWidget(self.row_detail)
        self.addWidget(left)

        self.totals = QLabel()
        self.totals.setObjectName("roster_totals")
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.totals.setMargin(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.totals)
        scroll.setMinimumWidth(280)
        self.addWidget(scroll)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)

    def show_result(self, result: RosterResult | None, editable_fields: frozenset[str]) -> None:
        """The rows and totals of ``result`` (None: what to do first); only these fields can be corrected."""
        self.model.set_result(result)
        if result is None:
            self.totals.setText(empty_html())
            return
        self.model.editable_fields = editable_fields
        self.totals.setText(totals_html(result))

    def clear_row(self) -> None:
        self.row_detail.clear()
        self.row_detail.setStyleSheet("")

    def show_row(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """The selected row's full check result, which the table column may cut short."""
        if not current.isValid():
            self.row_detail.clear()
            return
        r = self.model.row_at(self.proxy.mapToSource(current).row())
        self.row_detail.setStyleSheet("" if r.ok else ERROR_STYLE)
        self.row_detail.setText(row_detail(r))

    def select_file_row(self, row: int) -> None:
        """Select the row with this number in the file (after a correction re-checked the roster)."""
        for i in range(self.model.rowCount()):
            if self.model.row_at(i).row == row:
                index = self.proxy.mapFromSource(self.model.index(i, 0))
                if index.isValid():
                    self.view.setCurrentIndex(index)
                    self.show_row(index)
                return
