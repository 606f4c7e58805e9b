"""医疗救助模拟's 选中费用的明细: the form that edits the selected row of the costs table."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QWidget

from desktop.core.care import NEEDS_LEVEL
from desktop.ui.tabs.simulation.events_model import COL_COST, COL_DATE, COL_PLACE, COL_SLIP, EventDraft
from desktop.ui.widgets.event_inputs import EventInputs, message_label, with_message
from desktop.ui.widgets.fields import DateField, MoneyField


class EventEditor(QGroupBox):
    """Edits the selected row; every change is sent out as a new draft."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFlat(True)  # it sits in a tab titled 选中费用的明细
        self._quiet = False
        self.pku_hint = ""  # the year's PKU condition (diagnoses with ICD-10 codes), set by the tab
        self.blood_hint = ""  # the year's special-blood condition (who qualifies), set by the tab
        self.date = DateField()
        self.date_msg = message_label()
        self.inputs = EventInputs()
        ev = self.inputs
        self.kind, self.level, self.facility, self.level_msg = ev.kind, ev.level, ev.facility, ev.level_msg
        self.cost = MoneyField(self.tr("例如 12000"))
        self.slip = MoneyField(self.tr("可不填"))
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("日期"), with_message(self.date, self.date_msg))
        ev.add_rows(self.form)
        self.form.addRow(self.tr("合规费用(元)"), self.cost)
        self.form.addRow(self.tr("结算单基本医保(元)"), self.slip)
        ev.connect_edits(self._emit)
        self.kind.currentIndexChanged.connect(self._update_visibility)
        self.date.dateChanged.connect(self._emit)
        self.cost.edited.connect(self._emit)
        self.slip.edited.connect(self._emit)
        self._update_visibility()

    def _emit(self) -> None:
        if not self._quiet:
            self.edited.emit()

    def _update_visibility(self) -> None:
        kind = self.inputs.current_kind()
        self.inputs.update_visibility()
        self.form.setRowVisible(self.slip, kind != "rare_disease_remainder")
        if kind == "outpatient_special":
            self.slip.set_hint(self.tr("门诊特殊病必须填写:通知没有给出支付比例,请照医院结算单填写。"))
            self.slip.edit.setPlaceholderText(self.tr("必填:照医院结算单填写"))
        else:
            self.slip.set_hint("")
            self.slip.edit.setPlaceholderText(self.tr("可不填"))
        self.cost.set_hint(self.pku_hint if kind == "pku" else self.blood_hint if kind == "special_blood" else "")

    def set_draft(self, draft: EventDraft | None) -> None:
        self._quiet = True
        try:
            self.setEnabled(draft is not None)
            d = draft or EventDraft()
            self.date.set_value(d.date)
            self.inputs.set_values(asdict(d))
            self.cost.setText(d.cost_text)
            self.slip.setText(d.slip_text)
        finally:
            self._quiet = False
        self._update_visibility()

    def draft(self) -> EventDraft:
        return EventDraft(
            date=self.date.value(),
            **self.inputs.values(),
            cost_text=self.cost.text(),
            slip_text=self.slip.text(),
        )

    def show_problem(self, column: int | None, message: str) -> None:
        """Mirror the row's problem at the field (the money fields check their own text too)."""
        self.date_msg.hide()
        self.inputs.clear_problems()
        self.cost.validate()
        self.slip.validate()
        if column is None:
            return
        if column == COL_COST:
            self.cost.set_problem(message)
        elif column == COL_SLIP:
            self.slip.set_problem(message)
        elif column == COL_DATE:
            self.date_msg.setText("⚠ " + message)
            self.date_msg.show()
        elif column == COL_PLACE:
            kind = self.inputs.current_kind()
            self.inputs.show_problem("hospital_level" if kind in NEEDS_LEVEL else "facility", message)
