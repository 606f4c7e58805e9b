"""The simulation's events as a table: what the clerk entered, then what each layer paid.

The rows hold the clerk's own input (``EventDraft``, amounts as typed) so nothing typed is lost
while it is invalid; the computed columns come from the core's ``EventResult`` layers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.care import (
    FACILITY_LABELS,
    KINDS,
    LEVEL_LABELS,
    OVER_CAP_MARK,
    REFERRAL_LABELS,
    Event,
    EventKind,
    Layers,
    Ledgers,
    YearResult,
    facility_labels,
    over_cap,
    spec,
)
from desktop.core.errors import InputProblem
from desktop.core.money import fmt_yuan, to_money
from desktop.ui.widgets.event_inputs import core_input, kind_fields
from desktop.ui.widgets.fields import MoneyInputError, parse_money

COL_DATE = 0
COL_KIND = 1
COL_PLACE = 2
COL_COST = 3
COL_SLIP = 4
COL_FUND = 5
COL_CRITICAL = 6
COL_AID = 7
COL_POCKET = 8
COL_PROBLEM = 9
COLUMN_COUNT = 10

#: core field name (after "events[i].") -> the column that shows it
FIELD_COLUMNS = {
    "date": COL_DATE,
    "kind": COL_KIND,
    "hospital_level": COL_PLACE,
    "facility": COL_PLACE,
    "disease_count": COL_PLACE,
    "rare_disease_drug": COL_PLACE,
    "referral": COL_PLACE,
    "compliant_cost": COL_COST,
    "basic_fund_paid": COL_SLIP,
}
_LAYER_COLUMNS = {
    COL_FUND: "basic_fund",
    COL_CRITICAL: "critical_illness",
    COL_AID: "medical_aid",
    COL_POCKET: "out_of_pocket",
}
_EVENT_FIELD = re.compile(r"^events\[(\d+)\]\.?(.*)$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("EventsModel", text)


def headers() -> tuple[str, ...]:
    return (
        _tr("日期"),
        _tr("费用类别"),
        _tr("医院等级\n/机构"),  # two lines: the money columns fit beside the editor
        _tr("合规费用"),
        _tr("结算单\n基本医保"),
        _tr("基本医保"),
        _tr("大病保险"),
        _tr("医疗救助"),
        _tr("个人自付"),
        _tr("提示"),
    )


@dataclass(frozen=True)
class EventDraft:
    """One event as entered; amounts stay text until the core needs them."""

    date: dt.date | None = None
    kind: EventKind = EventKind.INPATIENT
    hospital_level: int | None = None
    facility: str | None = None
    disease_count: int = 1
    rare_disease_drug: bool = False
    referral: str = "in_city"
    cost_text: str = ""
    slip_text: str = ""

    def to_case(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    @classmethod
    def from_case(cls, data: object) -> EventDraft:
        """Tolerant of hand-edited or older files: unknown values fall back to defaults."""
        if not isinstance(data, dict):
            return cls()
        day = None
        if isinstance(data.get("date"), str):
            try:
                day = dt.date.fromisoformat(data["date"])
            except ValueError:
                day = None
        kind = EventKind(data["kind"]) if data.get("kind") in KINDS else EventKind.INPATIENT
        level = data.get("hospital_level") if data.get("hospital_level") in LEVEL_LABELS else None
        facility = data.get("facility") if data.get("facility") in FACILITY_LABELS else None
        referral = data.get("referral") if data.get("referral") in REFERRAL_LABELS else "in_city"
        count = data.get("disease_count")
        return cls(
            date=day,
            kind=kind,
            hospital_level=level if isinstance(level, int) else None,
            facility=facility,
            disease_count=count if isinstance(count, int) and not isinstance(count, bool) and count >= 1 else 1,
            rare_disease_drug=bool(data.get("rare_disease_drug", False)),
            referral=str(referral),
            cost_text=str(data.get("cost_text") or ""),
            slip_text=str(data.get("slip_text") or ""),
        )

    def place_text(self) -> str:
        row = spec(self.kind)
        if row.needs("hospital_level"):
            if self.hospital_level in LEVEL_LABELS:
                return LEVEL_LABELS[self.hospital_level]  # type: ignore[index]
            return _tr("未选医院等级")
        if row.needs("facility"):
            text = facility_labels(self.kind).get(self.facility or "", _tr("未选机构类别"))
            if row.needs("disease_count"):
                text += _tr(",{n}个病种").format(n=self.disease_count)
            return text
        if row.needs("referral"):
            rare = _tr("罕见病药品,") if row.needs("rare_disease_drug") and self.rare_disease_drug else ""
            return rare + REFERRAL_LABELS.get(self.referral, "")
        return ""


def build_event(draft: EventDraft, index: int) -> Event:
    """The core's Event for a draft; InputProblem names the row and field in Chinese."""
    try:
        cost = parse_money(draft.cost_text)
    except MoneyInputError as exc:
        raise InputProblem(f"events[{index}].compliant_cost", exc.message) from None
    if cost is None:
        raise InputProblem(f"events[{index}].compliant_cost", _tr("请填写合规费用"))
    try:
        slip = parse_money(draft.slip_text) if spec(draft.kind).needs("basic_fund_paid") else None
    except MoneyInputError as exc:
        raise InputProblem(f"events[{index}].basic_fund_paid", exc.message) from None
    fields: dict[str, Any] = {"date": draft.date, "kind": draft.kind, "compliant_cost": cost, "basic_fund_paid": slip}
    fields.update(
        kind_fields(
            draft.kind,
            draft.hospital_level,
            draft.facility,
            draft.disease_count,
            draft.rare_disease_drug,
            draft.referral,
        )
    )
    return core_input(Event, f"events[{index}]", fields)


def problem_location(field: str) -> tuple[int, int] | None:
    """(row, column) for a core field like 'events[2].hospital_level'; None for person fields."""
    match = _EVENT_FIELD.match(field)
    if not match:
        return None
    name = match.group(2).split(".")[0]
    return int(match.group(1)), FIELD_COLUMNS.get(name, COL_PROBLEM)


def move_to_year(draft: EventDraft, year: int) -> EventDraft:
    if draft.date is None or draft.date.year == year:
        return draft
    try:
        return replace(draft, date=draft.date.replace(year=year))
    except ValueError:  # 29 February
        return replace(draft, date=draft.date.replace(year=year, day=28))


class EventsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._drafts: list[EventDraft] = []
        self._layers: dict[int, Layers] = {}
        self._problems: dict[int, tuple[int, str]] = {}

    # ------------------------------------------------------------------ state

    def drafts(self) -> list[EventDraft]:
        return list(self._drafts)

    def draft(self, row: int) -> EventDraft:
        return self._drafts[row]

    def problems(self) -> dict[int, tuple[int, str]]:
        return dict(self._problems)

    def layers(self, row: int) -> Layers | None:
        return self._layers.get(row)

    def set_state(
        self,
        drafts: list[EventDraft],
        layers: dict[int, Layers] | None = None,
        problems: dict[int, tuple[int, str]] | None = None,
    ) -> None:
        """Replace everything; rows added or removed reset the model, edits only repaint."""
        same_shape = len(drafts) == len(self._drafts)
        if not same_shape:
            self.beginResetModel()
        self._drafts = list(drafts)
        self._layers = dict(layers or {})
        self._problems = dict(problems or {})
        if not same_shape:
            self.endResetModel()
        elif self._drafts:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._drafts) - 1, COLUMN_COUNT - 1))

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._drafts)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return headers()[section]
        return str(section + 1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        problem = self._problems.get(row)
        bad_cell = problem is not None and problem[0] == col
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(row, col)
            return f"⚠ {text}" if bad_cell and col != COL_PROBLEM else text
        if role == Qt.ItemDataRole.ToolTipRole and problem is not None and (bad_cell or col == COL_PROBLEM):
            return problem[1]
        if role == Qt.ItemDataRole.BackgroundRole and bad_cell:
            return QBrush(QColor("#ffd6d6"))
        if role == Qt.ItemDataRole.FontRole and (bad_cell or (col == COL_PROBLEM and problem)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and COL_COST <= col <= COL_POCKET:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: int, col: int) -> str:
        d = self._drafts[row]
        if col == COL_DATE:
            return d.date.isoformat() if d.date else _tr("(未填)")
        if col == COL_KIND:
            return spec(d.kind).label
        if col == COL_PLACE:
            return d.place_text()
        if col == COL_COST:
            return _amount_text(d.cost_text)
        if col == COL_SLIP:
            return _amount_text(d.slip_text)
        if col in _LAYER_COLUMNS:
            layers = self._layers.get(row)
            return "—" if layers is None else f"{to_money(getattr(layers, _LAYER_COLUMNS[col])):,.2f}"
        if col == COL_PROBLEM:
            problem = self._problems.get(row)
            return problem[1] if problem else ""
        return ""


def _amount_text(text: str) -> str:
    """Valid amounts formatted; anything else exactly as typed, so the clerk sees the mistake."""
    try:
        value = parse_money(text)
    except MoneyInputError:
        return text
    return "" if value is None else f"{value:,.2f}"


class LedgersModel(QAbstractTableModel):
    """The running ledgers (rows) after each event in date order (columns); the last is the year end."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._keys = tuple(Ledgers.LABELS)
        self._columns: list[tuple[str, Ledgers]] = []
        self._result: YearResult | None = None

    def set_result(self, result: YearResult | None) -> None:
        self.beginResetModel()
        self._columns = []
        self._result = result
        if result is not None:
            count = len(result.events)
            for n, ev in enumerate(result.events, start=1):
                day = ev.event.date.strftime("%m-%d") if ev.event.date else ""
                head = _tr("第{n}笔后").format(n=ev.index + 1)
                if day:
                    head += f" {day}"  # one line with the number: the ledger keeps its height for lines
                if n == count:
                    head += _tr("\n(年末)")
                self._columns.append((head, ev.ledgers_after))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return _tr(Ledgers.LABELS[self._keys[section]])
        return self._columns[section][0]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        ledgers = self._columns[index.column()][1]
        key = self._keys[index.row()]
        value = getattr(ledgers, key)
        flagged = key == "capped_fund_paid" and self._result is not None and over_cap(self._result, ledgers)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#b00020") if flagged else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(self._result.warnings) if flagged and self._result is not None else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        text = str(value) if isinstance(value, int) else fmt_yuan(value)
        return text + _tr(OVER_CAP_MARK) if flagged else text

    def year_end(self) -> Ledgers | None:
        return self._columns[-1][1] if self._columns else None
