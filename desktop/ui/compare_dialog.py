"""Compare years: the same household or year of care under every loaded policy year.

One column per year plus the difference; a changed line is set in bold and marked "◆ 有变化" so
the difference shows without colour. A year in which the case cannot be computed says why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.compare import CompareRow, compare_quote, compare_simulation
from desktop.core.errors import InputProblem
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import Slip
from desktop.core.slips.compare import CompareAnswers, compare_cell, compare_headers, compare_slip
from desktop.ui import printing


class CompareModel(QAbstractTableModel):
    """Rows of ``CompareRow``; columns: item, each year, difference (last − first), change mark."""

    def __init__(self, years: tuple[int, ...], parent: Any = None):
        super().__init__(parent)
        self.years = years
        self._rows: list[CompareRow] = []

    def set_rows(self, rows: list[CompareRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[CompareRow]:
        return list(self._rows)

    def headers(self) -> list[str]:
        return compare_headers(self.years)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.years) + 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def text(self, row: int, col: int) -> str:
        return compare_cell(self._rows[row], self.years, col)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, col)
        if role == Qt.ItemDataRole.FontRole and self._rows[row].differs:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < col <= len(self.years) + 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CompareDialog(QDialog):
    def __init__(self, policies: PolicySet, tab: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.policies = policies
        self.tab = tab
        self.setWindowTitle(self.tr("年度对比"))
        self.model = CompareModel(policies.years, self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("年度对比表"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.preview_button = QPushButton(self.tr("打印预览(&V)…"))
        self.print_button = QPushButton(self.tr("打印(&P)…"))
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self._preview)
        self.print_button.clicked.connect(self._print)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self._notes: list[str] = []
        self.compute()

    def _title(self) -> str:
        titles = {"quote": self.tr("保费测算"), "estimate": self.tr("报销测算"), "simulation": self.tr("医疗救助模拟")}
        return titles.get(getattr(self.tab, "case_key", ""), self.tr("测算"))

    def compute(self) -> None:
        """Run the comparison for the tab's current inputs; problems become a note, not an error."""
        self._notes = []
        rows: list[CompareRow] = []
        self.heading.setText(
            self.tr("{what}:同样的情况分别按 {years} 年度政策测算").format(
                what=self._title(), years="、".join(str(y) for y in self.policies.years)
            )
        )
        try:
            if hasattr(self.tab, "members"):
                members = self.tab.members()
                if not members:
                    raise InputProblem("members", self.tr("还没有添加家庭成员"))
                rows = compare_quote(self.policies, members)
            elif hasattr(self.tab, "person_and_events"):
                person, events = self.tab.person_and_events()
                rows = compare_simulation(self.policies, person, events)
                extra = self.tab.compare_note() if hasattr(self.tab, "compare_note") else None
                if extra:
                    self._notes.append(extra)
            else:
                self._notes.append(self.tr("这一页没有可对比的金额。"))
        except InputProblem as problem:
            self._notes.append(self.tr("请先把这一页的内容填写完整:{msg}").format(msg=problem.message))
        errors: dict[int, str] = {}
        for row in rows:
            errors.update(row.error or {})
        for year, message in sorted(errors.items()):
            self._notes.append(self.tr("{year}年度无法计算:{msg}").format(year=year, msg=message))
        if rows and not any(r.differs for r in rows):
            self._notes.append(self.tr("各年度结果相同。"))
        elif rows:
            self._notes.append(self.tr("加粗并标“◆ 有变化”的行在各年度不同。"))
        self.model.set_rows(rows)
        self.note.setText("\n".join(self._notes))
        self.print_button.setEnabled(bool(rows))
        self.preview_button.setEnabled(bool(rows))

    def notes(self) -> list[str]:
        return list(self._notes)

    def slip(self) -> Slip | None:
        rows = self.model.rows()
        if not rows:
            return None
        tab_slip = self.tab.slip() if hasattr(self.tab, "slip") else None
        answers = CompareAnswers(
            what=self._title(), inputs=tab_slip.inputs if tab_slip is not None else (), notes=tuple(self._notes)
        )
        return compare_slip(self.policies, rows, answers, dt.date.today())

    def _preview(self) -> None:
        slip = self.slip()
        if slip is not None:
            printing.preview_slip(slip, self)

    def _print(self) -> None:
        slip = self.slip()
        if slip is not None:
            printing.print_slip(slip, self)
