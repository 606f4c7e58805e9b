"""Compare years: the same household or year of care under every loaded policy year.

One column per year plus the difference; a changed line is set in bold and marked "◆ 有变化" so
the difference shows without colour. A year in which the case cannot be computed says why.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
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
from desktop.core.money import to_money
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import Slip
from desktop.ui import printing

_CHANGED = "◆ 有变化"


def _money(value: Decimal | None) -> str:
    return "无法计算" if value is None else f"{to_money(value):,.2f}"


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    value = to_money(value)
    if value > 0:
        return f"+{value:,.2f}"
    if value < 0:
        return f"−{-value:,.2f}"
    return "0.00"


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
        diff = self.tr("差额({new}−{old})").format(new=self.years[-1], old=self.years[0])
        return [self.tr("项目"), *(self.tr("{y}年度").format(y=y) for y in self.years), diff, self.tr("变化")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.years) + 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def text(self, row: int, col: int) -> str:
        r = self._rows[row]
        if col == 0:
            return r.label
        if col <= len(self.years):
            return _money(r.values.get(self.years[col - 1]))
        if col == len(self.years) + 1:
            return _signed(r.difference(self.years[0], self.years[-1]))
        return self.tr(_CHANGED) if r.differs else ""

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
        latest = self.policies.years[-1]
        entry = self.policies.entry(latest)
        table = [tuple(self.model.headers())]
        table.extend(tuple(self.model.text(r, c) for c in range(self.model.columnCount())) for r in range(len(rows)))
        versions = tuple(
            self.tr("{y}年度政策数据 {v}(校验码 {h})").format(
                y=y, v=self.policies[y].data_version, h=self.policies.entry(y).short_hash
            )
            for y in self.policies.years
        )
        inputs: tuple[tuple[str, str], ...] = ()
        tab_slip = self.tab.slip() if hasattr(self.tab, "slip") else None
        if tab_slip is not None:
            inputs = tab_slip.inputs
        return Slip(
            title=self.tr("年度对比 — {what}").format(what=self._title()),
            policy_year=latest,
            data_version=entry.policy.data_version,
            data_hash=entry.sha256,
            inputs=inputs,
            amounts=(),
            notes=tuple(self._notes) + versions,
            table=tuple(table),
            printed_on=dt.date.today(),
        )

    def _preview(self) -> None:
        slip = self.slip()
        if slip is not None:
            printing.preview_slip(slip, self)

    def _print(self) -> None:
        slip = self.slip()
        if slip is not None:
            printing.print_slip(slip, self)
