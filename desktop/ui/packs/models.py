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


def signer_label(row: packs.DataRow) -> str:
    """Who vouches for the data: 内置数据, or the signing office with its fingerprint and whether this PC trusts it."""
    if row.trust == "bundled":
        return tr("内置数据")
    if row.trust == "unsigned" or not row.signer_fingerprint:
        return tr("未签名(来源未确认)")
    # two short lines: the office, then what a clerk reads out on the phone and the verdict
    text = tr("%1\n指纹 %2 · 本机信任") if row.trust == "trusted" else tr("%1\n指纹 %2 · 本机未信任")
    return text.replace("%1", row.signer_office).replace("%2", row.signer_fingerprint)


def state_label(row: packs.DataRow) -> str:
    if row.problem:
        return tr("已损坏,未使用")
    if not row.enabled:
        return tr("已停用")
    if row.active:
        return tr("使用中")
    return tr("未使用(有更新的版本)")


class _ListTable(QAbstractTableModel):
    """A flat table over a tuple of items, one column per header (what both tables share)."""

    #: the column headers, in Chinese source form (translated when shown)
    HEADERS: tuple[str, ...] = ()

    def __init__(self, items: Sequence[Any] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self._items: tuple[Any, ...] = tuple(items)

    def headers(self) -> list[str]:
        return [tr(text) for text in self.HEADERS]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None


class CatalogueModel(_ListTable):
    """The data catalogue: bundled years and installed packs, one row each."""

    COL_YEAR, COL_VERSION, COL_ORIGIN, COL_HASH, COL_STATE, COL_SIGNER, COL_NOTICE = range(7)

    HEADERS = ("年度", "数据版本", "来源", "校验值", "状态", "签名", "依据通知")

    def __init__(self, parent: QWidget | None = None):
        super().__init__((), parent)

    def set_rows(self, rows: Sequence[packs.DataRow]) -> None:
        self.beginResetModel()
        self._items = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> packs.DataRow:
        row_data: packs.DataRow = self._items[row]
        return row_data

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                str(row.year),
                row.data_version,
                origin_label(row.origin),
                row.short_hash or "—",
                state_label(row),
                signer_label(row),
                row.notice_title,
            ][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_HASH and row.sha256:
                return f"sha256 {row.sha256}"
            if col == self.COL_STATE and row.problem:
                return row.problem
            if col == self.COL_NOTICE:
                return row.notice_title
            if col == self.COL_SIGNER and not row.confirmed:
                return tr(
                    "用这份数据算出的界面、打印单和导出文件都标注“%1”。核对指纹后,可用“信任公钥…”导入发包单位的公钥。"
                ).replace("%1", packs.UNCONFIRMED)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_SIGNER:
            return QBrush(MUTED_FOREGROUND) if row.confirmed else QBrush(WARN_FOREGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATE:
            if row.problem:
                return QBrush(WARN_FOREGROUND)
            if row.active:
                return QBrush(ACTIVE_FOREGROUND)
            return QBrush(MUTED_FOREGROUND)
        return None


class ChangesModel(_ListTable):
    """The core's year-diff, one figure per row."""

    COL_SECTION, COL_SOURCE, COL_OLD, COL_NEW, COL_KIND = range(5)

    HEADERS = ("类别", "依据(新数据)", "原来", "现在", "变化")

    def __init__(self, changes: Sequence[Change], parent: QWidget | None = None):
        super().__init__(changes, parent)

    def change_at(self, row: int) -> Change:
        change: Change = self._items[row]
        return change

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.change_at(index.row())
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
            if citation is not None and citation.quote:
                lines.append(citation.quoted)
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
