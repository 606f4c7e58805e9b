"""医疗救助模拟's 选中费用的明细: the form that edits the selected row of the costs table."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QWidget

from desktop.core.care import spec
from desktop.core.policy.frozen import PolicyYear
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
        #: the year whose words the kind's condition is shown in (e.g. PKU's diagnoses), set by the tab
        self.policy: PolicyYear | None = None
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
        row = spec(self.inputs.current_kind())
        self.inputs.update_visibility()
        self.form.setRowVisible(self.slip, row.needs("basic_fund_paid"))
        if row.slip_required is not None:
            self.slip.set_hint(self.tr(row.slip_required.short))
            self.slip.edit.setPlaceholderText(self.tr(row.slip_required.placeholder))
        else:
            self.slip.set_hint("")
            self.slip.edit.setPlaceholderText(self.tr("可不填"))
        self.cost.set_hint(row.condition(self.policy) if row.condition is not None and self.policy is not None else "")

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
            row = spec(self.inputs.current_kind())
            self.inputs.show_problem("hospital_level" if row.needs("hospital_level") else "facility", message)
