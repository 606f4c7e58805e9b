"""The household table of the premium-quote tab: members as typed, quotes as the core computed them.

The model stores what the clerk typed (name, ID number, category, aid status) and, after each
recompute, the core's ``MemberQuote`` per row; it never computes a premium itself. ID numbers are
shown masked and are given whole only to the editor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, cast

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core.identity import (
    CategorySuggestion,
    IdInfo,
    IdNumberError,
    age_phrase,
    mask_id,
    normalise_id,
    parse_id,
    suggest_category,
)
from desktop.core.inputs import nfkc
from desktop.core.money import fmt_yuan
from desktop.core.policy.kinds import AID_STATUSES, CATEGORIES, AidStatus, Category, District
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS, Member, MemberQuote
from desktop.core.slips.quote import HOUSEHOLD_HEADERS, ltc_text

COL_NAME, COL_ID, COL_CATEGORY, COL_AID, COL_INDIVIDUAL, COL_SUBSIDY, COL_LTC = range(7)
COLUMN_COUNT = 7
EDITABLE = (COL_NAME, COL_ID, COL_CATEGORY, COL_AID)
MONEY_COLUMNS = (COL_INDIVIDUAL, COL_SUBSIDY, COL_LTC)

#: role giving the stable key (category / aid id) behind a combo-box column
KeyRole = int(Qt.ItemDataRole.UserRole) + 1

ERROR_BACKGROUND = QColor("#fde2e1")
ERROR_FOREGROUND = QColor("#a4000f")
SUGGESTION_FOREGROUND = QColor("#8a4b00")

Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("HouseholdModel", text)


@dataclass(frozen=True)
class HouseholdRow:
    """One member as the clerk entered it, with the ID check's outcome."""

    name: str = ""
    id_number: str = ""
    category: Category = "non_employed"
    aid_status: AidStatus = "none"
    district: District = "wujin"
    id_info: IdInfo | None = None
    id_error: str | None = None
    suggestion: CategorySuggestion | None = None
    #: the clerk accepted the suggested category (or chose one after seeing it)
    suggestion_settled: bool = True
    #: the clerk chose the category (a new member's is a placeholder until then: the table and the
    #: message line say it is not chosen; the quote meanwhile counts it as 非从业居民)
    category_chosen: bool = True

    def member(self) -> Member:
        return Member(
            name=self.name[:40],
            category=self.category,
            district=self.district,
            aid_status=self.aid_status,
            id_number=self.id_number if self.id_info else None,
        )

    @property
    def open_suggestion(self) -> CategorySuggestion | None:
        """A suggestion still waiting for the clerk, if any."""
        if self.suggestion is None or self.suggestion_settled:
            return None
        if self.suggestion.category is not None and self.suggestion.category == self.category:
            return None
        return self.suggestion


def check_id(row: HouseholdRow, raw: str, today: dt.date, policy_year: int | None = None) -> HouseholdRow:
    """Row with ``raw`` as its ID number, parsed; a wrong number keeps the text and its message.

    The category suggestion counts the age by the one rule (``identity.policy_age``: 1 January of
    ``policy_year``, today's year when not given)."""
    number = normalise_id(raw)  # full-width digits and Ｘ from a Chinese input method are the same number
    if not number:
        return replace(row, id_number="", id_info=None, id_error=None, suggestion=None, suggestion_settled=True)
    try:
        info = parse_id(number, today)
    except IdNumberError as exc:
        return replace(row, id_number=number, id_info=None, id_error=str(exc), suggestion=None, suggestion_settled=True)
    if info.number == row.id_number and row.id_info is not None:
        return row
    suggestion = suggest_category(info, policy_year or today.year, college_student=row.category == "college_student")
    return replace(
        row, id_number=info.number, id_info=info, id_error=None, suggestion=suggestion, suggestion_settled=False
    )


def row_to_case(row: HouseholdRow) -> dict[str, Any]:
    """A member as a case file keeps it (the whole ID number: a case file is the clerk's own)."""
    return {
        "name": row.name,
        "id_number": row.id_number,
        "category": row.category,
        "aid_status": row.aid_status,
        "suggestion_settled": row.suggestion_settled,
        "category_chosen": row.category_chosen,
    }


def rows_from_case(members: Any, district: District, today: dt.date, policy_year: int) -> list[HouseholdRow]:
    """Members from a case file; unknown values fall back to defaults, anything but an object is left out."""
    rows: list[HouseholdRow] = []
    for item in members if isinstance(members, list) else []:
        if not isinstance(item, dict):
            continue
        category = cast(Category, item["category"] if item.get("category") in CATEGORIES else "non_employed")
        aid = cast(AidStatus, item["aid_status"] if item.get("aid_status") in AID_STATUSES else "none")
        row = HouseholdRow(name=str(item.get("name") or "")[:40], category=category, aid_status=aid, district=district)
        row = check_id(row, str(item.get("id_number") or ""), today, policy_year)
        if item.get("suggestion_settled", True):
            row = replace(row, suggestion_settled=True)
        if item.get("category_chosen") is False:
            row = replace(row, category_chosen=False)
        rows.append(row)
    return rows


class HouseholdModel(QAbstractTableModel):
    """Rows of :class:`HouseholdRow`; quotes arrive from the tab through :meth:`set_quotes`."""

    def __init__(self, today: dt.date | None = None, parent: Any = None, policy_year: int | None = None):
        super().__init__(parent)
        self.today = today or dt.date.today()
        #: ages are counted on 1 January of this year (identity.age_day), in the table and the suggestions
        self.policy_year = policy_year or self.today.year
        #: the categories' names in the tab's year (premiums.categories.<id>.label); the tab sets them
        self.category_names: dict[str, str] = dict(CATEGORY_LABELS)
        #: True when taking the suggestion would change what the row pays; the tab sets it from the
        #: policy (a suggestion that changes nothing is not worth a prompt)
        self.changes_premium: Callable[[HouseholdRow, Category], bool] = lambda _row, _category: True
        self._rows: list[HouseholdRow] = []
        self._quotes: list[MemberQuote | None] = []

    def pending(self, row: HouseholdRow) -> CategorySuggestion | None:
        """The row's suggestion still open for the clerk, where taking it would change the premium."""
        suggestion = row.open_suggestion
        if suggestion is None:
            return None
        if suggestion.category is not None and not self.changes_premium(row, suggestion.category):
            return None
        return suggestion

    def set_policy_year(self, year: int) -> None:
        """Ages (and so suggestions) follow the policy year; a settled choice stays settled."""
        if year == self.policy_year:
            return
        self.policy_year = year
        for i, row in enumerate(self._rows):
            if row.id_info is not None:
                fresh = check_id(replace(row, id_info=None), row.id_number, self.today, year)
                self._rows[i] = replace(fresh, suggestion_settled=row.suggestion_settled)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_COUNT - 1))

    # ------------------------------------------------------------------ Qt interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return tr(HOUSEHOLD_HEADERS[section])

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        quote = self._quotes[index.row()] if index.row() < len(self._quotes) else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, quote, col)
        if role == Qt.ItemDataRole.EditRole:
            return {
                COL_NAME: row.name,
                COL_ID: row.id_number,  # whole, for the editor only
                COL_CATEGORY: row.category,
                COL_AID: row.aid_status,
            }.get(col)
        if role == KeyRole:
            return {COL_CATEGORY: row.category, COL_AID: row.aid_status}.get(col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, quote, col)
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_ID and row.id_error:
            return QBrush(ERROR_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_ID and row.id_error:
                return QBrush(ERROR_FOREGROUND)
            if col == COL_CATEGORY and (self.pending(row) is not None or not row.category_chosen):
                return QBrush(SUGGESTION_FOREGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        r, col = index.row(), index.column()
        row = self._rows[r]
        text = "" if value is None else str(value)
        if col == COL_NAME:
            new = replace(row, name=nfkc(text).strip()[:40])
        elif col == COL_ID:
            new = check_id(row, text, self.today, self.policy_year)
        elif col == COL_CATEGORY:
            if text not in CATEGORIES:
                return False
            # choosing a category, whichever, is the clerk's decision on the suggestion
            new = replace(row, category=text, suggestion_settled=True, category_chosen=True)  # type: ignore[arg-type]
        else:
            if text not in AID_STATUSES:
                return False
            new = replace(row, aid_status=text)  # type: ignore[arg-type]
        if new == row:
            return True
        self._rows[r] = new
        self.dataChanged.emit(self.index(r, 0), self.index(r, COLUMN_COUNT - 1))
        return True

    # ------------------------------------------------------------------ for the tab

    def _display(self, row: HouseholdRow, quote: MemberQuote | None, col: int) -> str | None:
        if col == COL_NAME:
            return row.name
        if col == COL_ID:
            if row.id_error:
                return row.id_number + "  ⚠"
            return mask_id(row.id_number)
        if col == COL_CATEGORY:
            text = self.category_names[row.category]
            pending = self.pending(row)
            if pending is not None:
                # the suggestion itself is in the tooltip and in the prompt under the table: the
                # cell stays narrow so every amount column fits beside it in 大字模式
                text += tr(" ⚠待确认")
            elif not row.category_chosen:
                text += tr(" ⚠未选")
            return text
        if col == COL_AID:
            return AID_LABELS[row.aid_status].split("(")[0]
        if quote is None:
            return ""
        if col == COL_INDIVIDUAL:
            if quote.government_pays_individual:
                return tr("0.00 元(政府代缴)")
            return fmt_yuan(quote.individual)
        if col == COL_SUBSIDY:
            return fmt_yuan(quote.government_subsidy)
        if col == COL_LTC:
            return ltc_text(quote)
        return None

    def _tooltip(self, row: HouseholdRow, quote: MemberQuote | None, col: int) -> str | None:
        if col == COL_ID:
            if row.id_error:
                return row.id_error
            if row.id_info:
                return self.id_summary(row)
            return tr("可不填;填写后自动核对并给出类别建议")
        if col == COL_CATEGORY and row.suggestion is None and not row.category_chosen:
            return tr("参保类别尚未选择,暂按“{cat}”计算;请选择,或填身份证号得到建议").format(
                cat=CATEGORY_LABELS[row.category]
            )
        if col == COL_CATEGORY and row.suggestion is not None:
            pending = self.pending(row)
            if pending is not None:
                hint = self.category_names[pending.category] if pending.category else tr("请选择")
                return tr("建议:{hint},待确认。{reason}").format(hint=hint, reason=row.suggestion.reason)
            return row.suggestion.reason
        if col == COL_AID:
            return AID_LABELS[row.aid_status]
        if col in (COL_INDIVIDUAL, COL_LTC) and quote is not None and quote.government_pays_individual:
            return tr("个人缴费 {amount}(含长护险 {ltc})由政府全额承担,本人缴 0 元").format(
                amount=fmt_yuan(quote.government_pays_individual), ltc=fmt_yuan(quote.ltc_individual)
            )
        return None

    def id_summary(self, row: HouseholdRow) -> str:
        if row.id_info is None:
            return ""
        info = row.id_info
        return tr("{birth} 出生,{sex},{age}").format(
            birth=f"{info.birth_date:%Y-%m-%d}", sex=info.sex, age=age_phrase(info.birth_date, self.policy_year)
        )

    @property
    def rows(self) -> tuple[HouseholdRow, ...]:
        return tuple(self._rows)

    def row(self, r: int) -> HouseholdRow:
        return self._rows[r]

    def set_rows(self, rows: list[HouseholdRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._quotes = [None] * len(self._rows)
        self.endResetModel()

    def add_row(self, row: HouseholdRow) -> int:
        r = len(self._rows)
        self.beginInsertRows(QModelIndex(), r, r)
        self._rows.append(row)
        self._quotes.append(None)
        self.endInsertRows()
        return r

    def duplicate_row(self, r: int) -> int:
        """A copy without the ID number: two people never share one."""
        source = self._rows[r]
        copy = replace(source, id_number="", id_info=None, id_error=None, suggestion=None, suggestion_settled=True)
        return self.add_row(copy)

    def remove_row(self, r: int) -> None:
        self.beginRemoveRows(QModelIndex(), r, r)
        del self._rows[r]
        del self._quotes[r]
        self.endRemoveRows()

    def set_district(self, district: District) -> None:
        if not self._rows:
            return
        self._rows = [replace(row, district=district) for row in self._rows]
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_COUNT - 1))

    def accept_suggestion(self, r: int) -> bool:
        row = self._rows[r]
        pending = self.pending(row)
        if pending is None or pending.category is None:
            return False
        return self.setData(self.index(r, COL_CATEGORY), pending.category)

    def set_quotes(self, quotes: list[MemberQuote | None]) -> None:
        """New results from the core: only the money columns change, so an open editor survives."""
        self._quotes = list(quotes) + [None] * (len(self._rows) - len(quotes))
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_INDIVIDUAL), self.index(len(self._rows) - 1, COL_LTC))

    def quote(self, r: int) -> MemberQuote | None:
        return self._quotes[r] if r < len(self._quotes) else None

    def problems(self) -> list[tuple[int, str]]:
        """(row, message) for every wrong ID number, for the message line under the table."""
        return [(i, row.id_error) for i, row in enumerate(self._rows) if row.id_error]
