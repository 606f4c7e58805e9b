"""The roster table: every row of the imported file, as the core checked and quoted it.

Read-only over an immutable ``RosterResult``; bad rows are tinted and carry their reason. ID
numbers are shown masked: the counter screen faces the queue.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from desktop.core.premium import AID_LABELS
from desktop.core.roster import RawTable, RosterResult, RosterRow, table_columns

Index = QModelIndex | QPersistentModelIndex

#: True for a row the core refused (used by the 只看问题行 filter)
BadRole = int(Qt.ItemDataRole.UserRole) + 1
#: the field of the file a column holds (FIELD_LABELS), None for a column of results
FieldRole = int(Qt.ItemDataRole.UserRole) + 2

BAD_BACKGROUND = QColor("#fde2e1")
BAD_FOREGROUND = QColor("#a4000f")
AID_FOREGROUND = QColor("#1f5c99")


def tr(text: str) -> str:
    return QCoreApplication.translate("RosterModel", text)


#: the fields a problem row may be corrected in (each has its column)
CORRECTABLE_FIELDS = frozenset(table_columns.correctable_fields())
#: longest text a corrected cell takes (checked before anything reads it)
MAX_CELL = 100


class RosterModel(QAbstractTableModel):
    #: a problem row's cell was corrected: (row number in the file, field, new text)
    corrected = Signal(int, str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._result: RosterResult | None = None
        self._rows: tuple[RosterRow, ...] = ()
        #: the columns shown, from the core's one list of roster columns
        self._columns = table_columns.on_screen()
        self._headers = tuple(tr(c.screen.header) for c in self._columns if c.screen is not None)
        #: fields that have a column in the file (only those can be corrected in place)
        self.editable_fields: frozenset[str] = frozenset()

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self._rows[index.row()].ok:
            if self._columns[index.column()].field in self.editable_fields:
                return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = ("" if value is None else str(value))[:MAX_CELL].strip()
        r = self._rows[index.row()]
        field = self._columns[index.column()].field
        if field is None or text == table_columns.file_text(r, field):
            return False
        self.corrected.emit(r.row, field, text)
        return True

    def column_of(self, key: str) -> int:
        """The position of the column ``key`` (table_columns) in this table."""
        return next(i for i, c in enumerate(self._columns) if c.key == key)

    @property
    def result(self) -> RosterResult | None:
        return self._result

    def set_result(self, result: RosterResult | None) -> None:
        self.beginResetModel()
        self._result = result
        self._rows = result.rows if result is not None else ()
        self.endResetModel()

    def row_at(self, row: int) -> RosterRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            assert column.screen is not None
            return column.screen.display(r, self._result)
        if role == Qt.ItemDataRole.EditRole:
            return "" if column.field is None else table_columns.file_text(r, column.field)
        if role == BadRole:
            return not r.ok
        if role == FieldRole:
            return column.field
        if role == Qt.ItemDataRole.BackgroundRole and not r.ok:
            return QBrush(BAD_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not r.ok and column.key == "status":
                return QBrush(BAD_FOREGROUND)
            if r.ok and column.key == "aid_status" and r.aid_status != "none":
                return QBrush(AID_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            if not r.ok:
                return tr("第{row}行未计费:{reason}").format(row=r.row, reason=r.reason)
            if column.key == "aid_status" and r.aid_status not in (None, "none"):
                return AID_LABELS[r.aid_status]
        if role == Qt.ItemDataRole.TextAlignmentRole and column.screen is not None and column.screen.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProblemFilter(QSortFilterProxyModel):
    """Shows every row, or only the bad ones."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._only_bad = False

    def set_only_bad(self, on: bool) -> None:
        self.beginFilterChange()
        self._only_bad = on
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._only_bad:
            return True
        model = self.sourceModel()
        return bool(model.data(model.index(source_row, 0, source_parent), BadRole))


# ---------------------------------------------------------------- cells corrected in the window


def with_cell(table: RawTable, row: int, column: int, text: str) -> RawTable:
    """``table`` with one cell of the row numbered ``row`` in the file replaced."""
    rows = tuple(
        (n, cells[:column] + (text,) + cells[column + 1 :]) if n == row and column < len(cells) else (n, cells)
        for n, cells in table.rows
    )
    return replace(table, rows=rows)


def corrections_from_case(value: Any) -> dict[int, dict[str, str]]:
    """Corrections from a saved case; anything malformed is left out rather than failing the open."""
    out: dict[int, dict[str, str]] = {}
    if not isinstance(value, dict):
        return out
    for row, fields in list(value.items())[:10_000]:
        if not isinstance(fields, dict) or not str(row).isdigit():
            continue
        kept = {f: str(t)[:MAX_CELL] for f, t in fields.items() if f in CORRECTABLE_FIELDS and isinstance(t, str)}
        if kept:
            out[int(row)] = kept
    return out
