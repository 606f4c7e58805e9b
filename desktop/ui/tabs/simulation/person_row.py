"""医疗救助模拟's 参保人 line: category, aid status, birth date and years of continuous enrolment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QSpinBox, QWidget

from desktop.core.care import Person
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS
from desktop.ui.widgets.event_inputs import core_input, message_label, with_message
from desktop.ui.widgets.fields import DateField, combo_value, fill_combo, set_combo_value


class PersonRow(QWidget):
    """One line without a frame of its own: the height goes to the costs and the results."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 4)
        heading = QLabel(self.tr("参保人:"))
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        grid.addWidget(heading, 0, 0, Qt.AlignmentFlag.AlignTop)
        self.category = QComboBox()
        fill_combo(self.category, CATEGORY_LABELS)
        self.aid_status = QComboBox()
        fill_combo(self.aid_status, AID_LABELS)
        self.birth_date = DateField()
        self.birth_date.setToolTip(self.tr("苯丙酮尿症按年龄段设支付限额,需要出生日期"))
        self.birth_msg = message_label()
        self.continuous_years = QSpinBox()
        self.continuous_years.setRange(0, 120)
        self.continuous_years.setSuffix(self.tr(" 年"))
        self.continuous_years.setToolTip(self.tr("住院分娩补足至70%需连续参保满一年"))
        pairs = [
            (self.tr("参保类别"), self.category),
            (self.tr("医疗救助身份"), self.aid_status),
            (self.tr("出生日期"), with_message(self.birth_date, self.birth_msg)),
            (self.tr("连续参保年数"), self.continuous_years),
        ]
        for col, (label, widget) in enumerate(pairs):
            text = QLabel(label)
            text.setBuddy(widget)
            grid.addWidget(text, 0, 1 + col * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, 0, 2 + col * 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1 + len(pairs) * 2, 1)

    def connect_edits(self, slot: Callable[[], None]) -> None:
        for combo in (self.category, self.aid_status):
            combo.currentIndexChanged.connect(slot)
        self.birth_date.dateChanged.connect(slot)
        self.continuous_years.valueChanged.connect(slot)

    def person(self) -> Person:
        """The person as the core takes them; InputProblem names the first problem."""
        return core_input(Person, "person", self._fields())

    def _fields(self) -> dict[str, Any]:
        return {
            "category": combo_value(self.category),
            "aid_status": combo_value(self.aid_status),
            "birth_date": self.birth_date.value(),
            "continuous_enrolment_years": self.continuous_years.value(),
        }

    def show_problem(self, message: str | None) -> None:
        """A problem with the person (the core names no cost) shows under the birth date."""
        if message:
            self.birth_msg.setText("⚠ " + message)
            self.birth_msg.show()
        else:
            self.birth_msg.hide()

    def to_case(self) -> dict[str, Any]:
        fields = self._fields()
        birth = fields["birth_date"]
        return {**fields, "birth_date": birth.isoformat() if birth else None}

    def load_case(self, person: dict[str, Any]) -> None:
        set_combo_value(self.category, person.get("category"))
        set_combo_value(self.aid_status, person.get("aid_status"))
        birth = person.get("birth_date")
        try:
            self.birth_date.set_value(dt.date.fromisoformat(birth) if isinstance(birth, str) else None)
        except ValueError:
            self.birth_date.set_value(None)
        years = person.get("continuous_enrolment_years")
        self.continuous_years.setValue(years if isinstance(years, int) and not isinstance(years, bool) else 0)
