"""Tables of the policy tab: every figure of a year, and what changed between two years."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core.explain import STATUS_LABELS, describe_figure, source_text
from desktop.core.policy.diff import Change
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.labels import path_label, year_path_label  # noqa: F401 (path_label: re-exported for tests)
from desktop.core.policy.snapshot import iter_figures

Index = QModelIndex | QPersistentModelIndex
StatusRole = int(Qt.ItemDataRole.UserRole) + 2

#: a shape per status so the mark survives grey-scale print and colour blindness
STATUS_MARKS = {
    "official": "●",
    "interpretation": "◆",
    "carried_over": "▲",
    "outside_fact": "■",
    "not_stated": "○",
}
STATUS_COLOURS = {
    "official": QColor("#ffffff"),
    "interpretation": QColor("#fff4d6"),
    "carried_over": QColor("#e6f0ff"),
    "outside_fact": QColor("#efe6ff"),
    "not_stated": QColor("#eeeeee"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("FiguresModel", text)


def status_text(status: str) -> str:
    return f"{STATUS_MARKS.get(status, '?')} {STATUS_LABELS.get(status, status)}"


@dataclass(frozen=True)
class FigureRow:
    path: str
    label: str
    value: str
    status: str
    source: str
    reason: str
    quote: str = ""  # the notice's own words, verbatim ("" when the notice has none to quote)


COL_ITEM, COL_VALUE, COL_STATUS, COL_SOURCE, COL_QUOTE, COL_REASON = range(6)


def figure_rows(policy: PolicyYear) -> list[FigureRow]:
    rows = []
    for path, fig in iter_figures(policy):
        reason = fig.reason or ""
        if fig.status == "carried_over" and fig.carried_from:
            reason = f"沿用{fig.carried_from}年度:{reason}"
        reading = policy.reading(fig.reading)
        if reading is not None:  # named by its own title, listed on the 解读 page
            reason = f"{reading.title}。{reason}" if reason else reading.title
        rows.append(
            FigureRow(
                path,
                year_path_label(policy, path),
                describe_figure(fig),
                fig.status,
                source_text(policy, fig),
                reason,
                fig.quote or "",
            )
        )
    return rows


class FiguresModel(QAbstractTableModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[FigureRow] = []

    def set_policy(self, policy: PolicyYear) -> None:
        self.beginResetModel()
        self._rows = figure_rows(policy)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (tr("项目"), tr("数值"), tr("状态"), tr("来源(条款)"), tr("通知原文"), tr("说明"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.label, row.value, status_text(row.status), row.source, row.quote, row.reason)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                COL_ITEM: row.label,
                COL_VALUE: row.value,
                COL_SOURCE: row.source,
                COL_QUOTE: row.quote,
                COL_REASON: row.reason,
            }.get(col)
        if role == StatusRole:
            return row.status
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_STATUS:
            return QBrush(STATUS_COLOURS.get(row.status, QColor("#ffffff")))
        return None

    def row(self, r: int) -> FigureRow:
        return self._rows[r]


class ChangesModel(QAbstractTableModel):
    """diff_years' result: one row per figure that changed, with each year's status (a reading or a
    carry-over on either side is marked as such)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._changes: list[Change] = []
        self.years = (0, 0)

    def set_changes(self, changes: list[Change], old_year: int, new_year: int) -> None:
        self.beginResetModel()
        self._changes = list(changes)
        self.years = (old_year, new_year)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._changes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        old, new = self.years
        return (
            tr("项目"),
            tr("变化"),
            tr("{y}年度").format(y=old),
            tr("{y}年度").format(y=new),
            tr("{y}年度状态").format(y=old),
            tr("{y}年度状态").format(y=new),
            tr("来源"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ch = self._changes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            old, new = ch.old_citation, ch.new_citation
            cite = new or old
            return (
                ch.label,
                ch.kind_label,
                ch.old or "—",
                ch.new or "—",
                status_text(old.status) if old else "—",
                status_text(new.status) if new else "—",
                cite.source if cite else "",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:  # the row's name and why, never the data's field path
            lines = [ch.label]
            for year, cited in zip(self.years, (ch.old_citation, ch.new_citation), strict=True):
                if cited is not None:
                    lines.append(
                        f"{year}年度:{cited.source}【{cited.status_label}】" + (f" {cited.note}" if cited.note else "")
                    )
                    if cited.quote:
                        lines.append(f"  {cited.quoted}")
            return "\n".join(lines)
        return None
