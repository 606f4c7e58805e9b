"""报销测算's 本年度此前已发生: what this year has already used up, as the core's opening ledgers.

Only the lines that matter for the chosen kind of cost are shown (the 医疗救助 ones only for a
person with an aid status), so caps, bands and the 大病 base continue from there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from desktop.core.care import EventKind, Ledgers, earlier_spending
from desktop.core.money import ZERO
from desktop.ui.widgets.fields import MoneyField, phrase_html

#: opening-ledger fields offered to the clerk, in their order on screen: key -> label (which of them
#: a kind of cost shows is the core's table's: ``earlier_spending``)
OPENING: dict[str, str] = {
    "outpatient_general_cost": "本年此前普通门诊合规费用累计",
    "capped_fund_paid": "本年此前住院、门诊特殊病基本医保已支付",
    "critical_base": "本年此前大病保险累计计算基数(住院、门诊特殊病合规费用中基本医保未付部分)",
    "chronic_fund_paid": "本年此前门诊慢性病基金已支付",
    "pku_fund_paid": "本年此前苯丙酮尿症基金已支付",
    "aid_outpatient_general_paid": "本年此前普通门诊医疗救助已支付",
    "aid_other_paid": "本年此前住院等医疗救助已支付",
}


class OpeningPanel(QGroupBox):
    """One money field per opening ledger; the group hides when the kind needs none of them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("本年度此前已发生(没有就留空)"))
        self.fields: dict[str, MoneyField] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for key, label in OPENING.items():
            field = MoneyField(self.tr("0"))
            self.fields[key] = field
            # the longest runs to 40 characters: wrap, never widen the panel, and only between phrases
            text = QLabel(phrase_html(self.tr(label)))
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setWordWrap(True)
            text.setBuddy(field.edit)
            self.form.addRow(text, field)

    def connect_edits(self, slot: Callable[[], None]) -> None:
        for field in self.fields.values():
            field.edited.connect(slot)

    def visible(self, kind: EventKind, aid: bool) -> dict[str, MoneyField]:
        """The fields that matter for this kind of cost and aid status."""
        shown = earlier_spending(kind, aid)
        return {key: field for key, field in self.fields.items() if key in shown}

    def update_visibility(self, kind: EventKind, aid: bool) -> None:
        shown = self.visible(kind, aid)
        for key, field in self.fields.items():
            self.form.setRowVisible(field, key in shown)
        self.setVisible(bool(shown))

    def ledgers(self, kind: EventKind, aid: bool) -> Ledgers:
        earlier: dict[str, Any] = {key: f.value() or ZERO for key, f in self.visible(kind, aid).items()}
        return Ledgers(**earlier)

    def slip_lines(self, kind: EventKind, aid: bool) -> list[tuple[str, Any]]:
        """(label, amount) of each shown field that holds an amount, for the slip."""
        lines = []
        for key, money in self.visible(kind, aid).items():
            value = money.value()
            if value:
                lines.append((self.tr(OPENING[key]), value))
        return lines

    def to_case(self) -> dict[str, str]:
        return {key: field.text() for key, field in self.fields.items()}

    def load_case(self, saved: object) -> None:
        opening: dict[str, Any] = saved if isinstance(saved, dict) else {}
        for key, field in self.fields.items():
            field.setText(str(opening.get(key) or ""))
