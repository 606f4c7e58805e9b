"""The inputs of one medical cost that depend on its kind, shared by 报销测算 and 医疗救助模拟.

The kind, then the hospital level or the facility (each with a message line under it), the
number of chronic diseases, the rare-disease drug and the place of treatment. Only the rows the
chosen kind needs are shown. The host tab puts these rows into its own form between its own
rows, so its labels stay in one column. Also here: how the inputs become the core's Person and
Event (``core_input``, ``kind_fields``), for the table of costs too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop.core.care import (
    FACILITY_LABELS,
    LEVEL_LABELS,
    REFERRAL_LABELS,
    EventKind,
    facility_labels,
    kind_labels,
    spec,
)
from desktop.core.care.kinds import EVENT_INPUTS
from desktop.core.errors import InputProblem, describe_validation_error
from desktop.ui.widgets.fields import combo_value, fill_combo, set_combo_value

_Model = TypeVar("_Model", bound=BaseModel)

ERROR_STYLE = "color: #b71c1c; font-weight: bold;"
_BAD_COMBO_STYLE = "QComboBox { border: 2px solid #c62828; }"


def _tr(text: str) -> str:
    return QCoreApplication.translate("EventInputs", text)


def message_label() -> QLabel:
    """A red message line for a field, hidden until there is something to say."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def with_message(widget: QWidget, message: QLabel) -> QWidget:
    """The field over its message line, as one form row that gives the focus to the field."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    lay.addWidget(message)
    box.setFocusProxy(widget)
    return box


def narrow_combo() -> QComboBox:
    """A combo box whose closed width does not follow its longest choice (the open list shows it whole).

    Set before any item is added: Qt keeps the minimum size it worked out from the first items.
    """
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def core_input(model: type[_Model], where: str, fields: dict[str, Any]) -> _Model:
    """The core's Person or Event from the inputs; the first problem as an InputProblem naming its field."""
    try:
        return model(**fields)
    except ValidationError as exc:
        first = describe_validation_error(exc, where)[0]
        raise InputProblem(first["field"], first["message"]) from None


def kind_fields(
    kind: EventKind | str,
    hospital_level: Any,
    facility: Any,
    disease_count: int,
    rare_disease_drug: bool,
    referral: Any,
) -> dict[str, Any]:
    """The core Event's fields that only this kind of cost takes (the others stay at their defaults)."""
    given = {
        "hospital_level": hospital_level,
        "facility": facility,
        "disease_count": disease_count,
        "rare_disease_drug": rare_disease_drug,
        "referral": referral,
    }
    row = spec(kind)
    return {name: given[name] for name in EVENT_INPUTS if row.needs(name)}


class EventInputs:
    """The kind and the inputs it calls for; the host adds the rows to its form and listens."""

    def __init__(self, make_combo: Callable[[], QComboBox] = QComboBox):
        self.kind = make_combo()
        fill_combo(self.kind, kind_labels())
        self.level = make_combo()
        fill_combo(self.level, LEVEL_LABELS, _tr("— 请选择医院等级 —"))
        self.level_msg = message_label()
        self.level_box = with_message(self.level, self.level_msg)
        self.facility = make_combo()
        fill_combo(self.facility, FACILITY_LABELS, _tr("— 请选择机构类别 —"))
        self.facility_msg = message_label()
        self.facility_box = with_message(self.facility, self.facility_msg)
        self.disease_count = QSpinBox()
        self.disease_count.setRange(1, 20)
        self.disease_count.setSuffix(_tr(" 个病种"))
        self.rare = QCheckBox(_tr("省定罕见病用药"))
        self.referral = make_combo()
        fill_combo(self.referral, REFERRAL_LABELS)
        self._form: QFormLayout | None = None

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow(_tr("费用类别"), self.kind)
        form.addRow(_tr("医院等级"), self.level_box)
        form.addRow(_tr("机构类别"), self.facility_box)
        form.addRow(_tr("慢性病病种数"), self.disease_count)
        form.addRow(_tr("药品"), self.rare)
        form.addRow(_tr("就医地"), self.referral)
        self._form = form

    def connect_edits(self, slot: Callable[[], None]) -> None:
        """Call ``slot`` on every edit of these inputs (before the rows are shown or hidden)."""
        for combo in (self.kind, self.level, self.facility, self.referral):
            combo.currentIndexChanged.connect(slot)
        self.disease_count.valueChanged.connect(slot)
        self.rare.toggled.connect(slot)

    def current_kind(self) -> EventKind:
        return EventKind(combo_value(self.kind))

    def _word_facilities(self, kind: EventKind) -> None:
        """The facility choices in the words of the chosen kind's table (门诊慢性病: 社区卫生服务机构 …)."""
        for i, (key, label) in enumerate(facility_labels(kind).items(), start=1):
            if self.facility.itemData(i) == key and self.facility.itemText(i) != label:
                self.facility.setItemText(i, label)

    def update_visibility(self) -> None:
        """Show the rows the chosen kind needs (the kind's own row always shows)."""
        assert self._form is not None, "add_rows first"
        kind = self.current_kind()
        row = spec(kind)
        show = self._form.setRowVisible
        show(self.level_box, row.needs("hospital_level"))
        show(self.facility_box, row.needs("facility"))
        self._word_facilities(kind)
        show(self.disease_count, row.needs("disease_count"))
        show(self.rare, row.needs("rare_disease_drug"))
        show(self.referral, row.needs("referral"))

    def values(self) -> dict[str, Any]:
        """Every input by the name the core's Event (and a case file) gives it, shown or not."""
        return {
            "kind": combo_value(self.kind),
            "hospital_level": combo_value(self.level),
            "facility": combo_value(self.facility),
            "disease_count": self.disease_count.value(),
            "rare_disease_drug": self.rare.isChecked(),
            "referral": combo_value(self.referral),
        }

    def set_values(self, data: Mapping[str, Any]) -> None:
        """Restore ``values()``; anything missing or unknown falls back to the default."""
        set_combo_value(self.kind, data.get("kind"))
        set_combo_value(self.level, data.get("hospital_level"))
        set_combo_value(self.facility, data.get("facility"))
        set_combo_value(self.referral, data.get("referral"))
        count = data.get("disease_count")
        self.disease_count.setValue(count if isinstance(count, int) and not isinstance(count, bool) else 1)
        self.rare.setChecked(bool(data.get("rare_disease_drug", False)))

    def event_fields(self) -> dict[str, Any]:
        """The Event fields this kind takes (``kind_fields``)."""
        values = self.values()
        return kind_fields(
            self.current_kind(),
            values["hospital_level"],
            values["facility"],
            values["disease_count"],
            values["rare_disease_drug"],
            values["referral"],
        )

    def clear_problems(self) -> None:
        for label in (self.level_msg, self.facility_msg):
            label.hide()
        for combo in (self.level, self.facility):
            combo.setStyleSheet("")

    def show_problem(self, field: str, message: str) -> bool:
        """Put the core's message at the hospital level or the facility; False for any other field."""
        if field == "hospital_level":
            combo, label = self.level, self.level_msg
        elif field == "facility":
            combo, label = self.facility, self.facility_msg
        else:
            return False
        label.setText("⚠ " + message)
        label.show()
        combo.setStyleSheet(_BAD_COMBO_STYLE)
        return True
