"""The two tables of 政策包管理: the data catalogue (bundled years and installed packs) and a pack's
changes against the year it replaces, as the core lists them; the labels and colours they share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.core import packs
from desktop.core.explain import STATUS_LABELS
from desktop.core.policy.diff import Change

Index = QModelIndex | QPersistentModelIndex

WARN_FOREGROUND = QColor("#a4000f")
MUTED_FOREGROUND = QColor("#666666")
ACTIVE_FOREGROUND = QColor("#1d6b2f")


def tr(text: str) -> str:
    return QCoreApplication.translate("PackDialog", text)


def origin_label(origin: str) -> str:
    return tr("内置") if origin == "bundled" else tr("政策包")


def state_label(row: packs.DataRow) -> str:
    if row.problem:
        return tr("已损坏,未使用")
    if not row.enabled:
        return tr("已停用")
    if row.active:
        return tr("使用中")
    return tr("未使用(有更新的版本)")


class CatalogueModel(QAbstractTableModel):
    """The data catalogue: bundled years and installed packs, one row each."""

    COL_YEAR, COL_VERSION, COL_ORIGIN, COL_HASH, COL_STATE, COL_NOTICE = range(6)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: tuple[packs.DataRow, ...] = ()

    def headers(self) -> list[str]:
        return [tr("年度"), tr("数据版本"), tr("来源"), tr("校验值"), tr("状态"), tr("依据通知")]

    def set_rows(self, rows: Sequence[packs.DataRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> packs.DataRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                str(row.year),
                row.data_version,
                origin_label(row.origin),
                row.short_hash or "—",
                state_label(row),
                row.notice_title,
            ][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_HASH and row.sha256:
                return f"sha256 {row.sha256}"
            if col == self.COL_STATE and row.problem:
                return row.problem
            if col == self.COL_NOTICE:
                return row.notice_title
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATE:
            if row.problem:
                return QBrush(WARN_FOREGROUND)
            if row.active:
                return QBrush(ACTIVE_FOREGROUND)
            return QBrush(MUTED_FOREGROUND)
        return None


class ChangesModel(QAbstractTableModel):
    """The core's year-diff, one figure per row."""

    COL_SECTION, COL_SOURCE, COL_OLD, COL_NEW, COL_KIND = range(5)

    def __init__(self, changes: Sequence[Change], parent: QWidget | None = None):
        super().__init__(parent)
        self._changes = tuple(changes)

    def headers(self) -> list[str]:
        return [tr("类别"), tr("依据(新数据)"), tr("原来"), tr("现在"), tr("变化")]

    def change_at(self, row: int) -> Change:
        return self._changes[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._changes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._changes[index.row()]
        col = index.column()
        citation = c.new_citation or c.old_citation
        if role == Qt.ItemDataRole.DisplayRole:
            source = ""
            if citation is not None:
                source = f"{citation.source}【{STATUS_LABELS.get(citation.status, citation.status)}】"
            return [c.section, source, c.old or "—", c.new or "—", c.kind_label][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [c.label]  # the row's name in Chinese, not the data's field path
            if citation is not None and citation.note:
                lines.append(citation.note)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_NEW and c.kind == "changed":
            return QBrush(WARN_FOREGROUND)
        return None


def stretch_table(view: QTableView, stretch_column: int) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
