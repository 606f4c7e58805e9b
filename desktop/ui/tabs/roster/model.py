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

from desktop.core.policy.kinds import Category, District
from desktop.core.premium import AID_LABELS
from desktop.core.roster import RawTable, RosterResult, RosterRow, household_shown, row_note

Index = QModelIndex | QPersistentModelIndex

(
    COL_ROW,
    COL_HOUSEHOLD,
    COL_NAME,
    COL_ID,
    COL_CATEGORY,
    COL_DISTRICT,
    COL_AID,
    COL_INDIVIDUAL,
    COL_EXEMPTED,
    COL_STATUS,
) = range(10)
COLUMN_COUNT = 10
MONEY_COLUMNS = (COL_INDIVIDUAL, COL_EXEMPTED)

#: True for a row the core refused (used by the 只看问题行 filter)
BadRole = int(Qt.ItemDataRole.UserRole) + 1

BAD_BACKGROUND = QColor("#fde2e1")
BAD_FOREGROUND = QColor("#a4000f")
AID_FOREGROUND = QColor("#1f5c99")


# the full labels (AID_LABELS) are long; the table shows these and the full one as a tooltip
_SHORT_AID = {"none": "", "extreme_poverty": "特困供养等", "other_aid": "其他救助"}


def tr(text: str) -> str:
    return QCoreApplication.translate("RosterModel", text)


def _headers() -> tuple[str, ...]:
    return (
        tr("行号"),
        tr("户号"),
        tr("姓名"),
        tr("身份证号"),
        tr("参保类别"),
        tr("所属区"),
        tr("救助身份"),
        tr("个人缴费(元)"),
        tr("政府代缴(元)"),
        tr("核对结果"),
    )


#: the field of the file behind each column a problem row may be corrected in
FIELD_OF_COLUMN = {
    COL_HOUSEHOLD: "household",
    COL_NAME: "name",
    COL_ID: "id_number",
    COL_CATEGORY: "category",
    COL_DISTRICT: "district",
    COL_AID: "aid_status",
}
#: longest text a corrected cell takes (checked before anything reads it)
MAX_CELL = 100


class RosterModel(QAbstractTableModel):
    #: a problem row's cell was corrected: (row number in the file, field, new text)
    corrected = Signal(int, str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._result: RosterResult | None = None
        self._rows: tuple[RosterRow, ...] = ()
        self._headers = _headers()
        #: fields that have a column in the file (only those can be corrected in place)
        self.editable_fields: frozenset[str] = frozenset()

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self._rows[index.row()].ok:
            if FIELD_OF_COLUMN.get(index.column()) in self.editable_fields:
                return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = ("" if value is None else str(value))[:MAX_CELL].strip()
        r = self._rows[index.row()]
        if text == self._raw(r, index.column()):
            return False
        self.corrected.emit(r.row, FIELD_OF_COLUMN[index.column()], text)
        return True

    @staticmethod
    def _raw(r: RosterRow, col: int) -> str:
        """The cell as the file has it (the ID whole: only while it is being corrected)."""
        return {
            COL_HOUSEHOLD: r.household,
            COL_NAME: r.name,
            COL_ID: r.id_number,
            COL_CATEGORY: r.category_text,
            COL_DISTRICT: r.district_text,
            COL_AID: r.aid_text,
        }.get(col, "")

    @property
    def result(self) -> RosterResult | None:
        return self._result

    def _category_name(self, category: Category) -> str:
        return self._result.category_name(category) if self._result is not None else category

    def _district_name(self, district: District) -> str:
        return self._result.district_name(district) if self._result is not None else district

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
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.EditRole:
            return self._raw(r, col)
        if role == BadRole:
            return not r.ok
        if role == Qt.ItemDataRole.BackgroundRole and not r.ok:
            return QBrush(BAD_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not r.ok and col == COL_STATUS:
                return QBrush(BAD_FOREGROUND)
            if r.ok and col == COL_AID and r.aid_status != "none":
                return QBrush(AID_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            if not r.ok:
                return tr("第{row}行未计费:{reason}").format(row=r.row, reason=r.reason)
            if col == COL_AID and r.aid_status not in (None, "none"):
                return AID_LABELS[r.aid_status]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (*MONEY_COLUMNS, COL_ROW):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, r: RosterRow, col: int) -> str | int:
        q = r.quote
        if col == COL_ROW:
            return r.row
        if col == COL_HOUSEHOLD:
            return household_shown(r.household)
        if col == COL_NAME:
            return r.name
        if col == COL_ID:
            return r.masked_id
        if col == COL_CATEGORY:
            return self._category_name(r.category) if r.category else r.category_text
        if col == COL_DISTRICT:
            return self._district_name(r.district) if r.district else r.district_text
        if col == COL_AID:
            if r.aid_status is None:
                return r.aid_text
            return _SHORT_AID[r.aid_status]
        if col == COL_INDIVIDUAL:
            return f"{q.individual:,.2f}" if q else ""
        if col == COL_EXEMPTED:
            return f"{q.government_pays_individual:,.2f}" if q and q.government_pays_individual else ""
        if col == COL_STATUS:
            if not r.ok:
                return r.reason
            note = row_note(r)
            return tr("已计费") + (f";{note}" if note else "")
        return ""


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
        kept = {f: str(t)[:MAX_CELL] for f, t in fields.items() if f in FIELD_OF_COLUMN.values() and isinstance(t, str)}
        if kept:
            out[int(row)] = kept
    return out
