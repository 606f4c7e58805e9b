"""The editor's table: every row of the draft, grouped by the notice's sections (a heading row
before each), over plain data (desktop.core.packs.draft); tested without a view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from desktop.core.packs.draft import ITEM, STATUS_WORDS, Check, Draft, Row
from desktop.ui.packs.models import ACTIVE_FOREGROUND, MUTED_FOREGROUND, WARN_FOREGROUND, tr

Index = QModelIndex | QPersistentModelIndex


class DraftModel(QAbstractTableModel):
    """One line per figure (and a heading line per section); 核对 is the confirmation."""

    COL_DONE, COL_NAME, COL_OLD, COL_NEW, COL_STATUS, COL_CLAUSE, COL_QUOTE, COL_PROBLEM = range(8)
    HEADERS = ("核对", "项目", "上年数值(来源)", "新数值", "来源", "条款", "原文", "问题")

    #: which rows are shown: every row, or only those still to do
    FILTERS = ("all", "unconfirmed", "problems", "found")
    FILTER_WORDS = {"all": "全部", "unconfirmed": "待核对", "problems": "有问题", "found": "通知中找到的"}

    def __init__(self, draft: Draft, parent: Any = None):
        super().__init__(parent)
        self.draft = draft
        self.check_result: Check | None = None
        self.shown = "all"
        self._lines: list[str | Row] = []
        self._layout()

    def set_filter(self, shown: str) -> None:
        self.shown = shown
        self.reset()

    def _wanted(self, row: Row) -> bool:
        if self.shown == "unconfirmed":
            return not row.confirmed
        if self.shown == "problems":
            return bool(self.problems(row))
        if self.shown == "found":
            return row.found
        return True

    def _layout(self) -> None:
        lines: list[str | Row] = []
        section = None
        for row in self.draft.rows:
            if not self._wanted(row):
                continue
            if row.section != section:
                section = row.section
                lines.append(section)
            lines.append(row)
        self._lines = lines

    def reset(self) -> None:
        self.beginResetModel()
        self._layout()
        self.endResetModel()

    def set_check(self, check: Check) -> None:
        self.check_result = check
        self.refresh()

    def refresh(self) -> None:
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, len(self.HEADERS) - 1))

    def row_at(self, line: int) -> Row | None:
        item = self._lines[line] if 0 <= line < len(self._lines) else None
        return item if isinstance(item, Row) else None

    def line_of(self, row: Row) -> int:
        """The row's line, or -1 when the filter hides it."""
        return next((i for i, item in enumerate(self._lines) if item is row), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def problems(self, row: Row) -> list[str]:
        if self.check_result is None:
            return []
        return self.check_result.by_row.get(row.path, [])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._lines[index.row()]
        col = index.column()
        if isinstance(item, str):  # a section heading
            if role == Qt.ItemDataRole.DisplayRole and col == self.COL_NAME:
                return item
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        row = item
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (self.COL_PROBLEM, self.COL_DONE):
                return "\n".join(self.problems(row)) or None
            if col == self.COL_NEW and row.note:
                return f"{self._text(row, col)}\n{row.note}"
            if col in (self.COL_QUOTE, self.COL_NEW, self.COL_OLD, self.COL_NAME):
                return self._text(row, col) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_PROBLEM and self.problems(row):
                return QBrush(WARN_FOREGROUND)
            if col == self.COL_DONE:
                return QBrush(ACTIVE_FOREGROUND if row.confirmed and not self.problems(row) else WARN_FOREGROUND)
            if col == self.COL_OLD:
                return QBrush(MUTED_FOREGROUND)
        return None

    def _text(self, row: Row, col: int) -> str:
        if col == self.COL_DONE:
            if self.problems(row):
                return tr("有问题")
            return tr("✓ 已核对") if row.confirmed else tr("待核对")
        if col == self.COL_NAME:
            return name_of(row)
        if col == self.COL_OLD:
            if row.old_status == "omitted":
                return tr("(上年无此项)")
            word = STATUS_WORDS.get(row.old_status, "")
            return one_line(row.old_value) + (f"【{tr(word)}】" if word else "")
        if col == self.COL_NEW:
            text = one_line(row.value)
            if row.proposal_made and not row.kind.startswith(ITEM):
                text += tr("  (通知:%1)").replace("%1", one_line(row.proposed) if row.found else tr("未找到"))
            return text
        if col == self.COL_STATUS:
            return tr(STATUS_WORDS.get(row.status, "—")) if row.status else tr("—")
        if col == self.COL_CLAUSE:
            return row.clause
        if col == self.COL_QUOTE:
            return one_line(row.quote)
        if col == self.COL_PROBLEM:
            return ";".join(self.problems(row))
        return ""


def name_of(row: Row) -> str:
    """The row's name without its section (the heading line above says it)."""
    parts = row.label.split(" · ")
    return " · ".join(parts[1:]) if len(parts) > 1 else row.label


def one_line(text: str | None, limit: int = 60) -> str:
    if not text:
        return ""
    flat = " | ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
