"""The right-hand column of 保费测算: when to pay, 家庭共济, and the waiting period after paying late.

Each box holds its inputs and shows what the core says about them; the tab wires their signals
and asks each box to recompute under the tab's policy year. A box never holds the tab.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import InputProblem
from desktop.core.family import RELATION_LABELS, FamilyCheck, family_payment_check
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.required import MissingFigure
from desktop.core.slips.quote import collection_period, debit_dates_text, waiting_headline
from desktop.core.waiting import WaitingInput, WaitingResult, waiting_period
from desktop.ui.tabs.quote.messages import ERROR_STYLE
from desktop.ui.widgets.column_scroll import ColumnScroll
from desktop.ui.widgets.fields import DateField

#: the steps of a result under a heading of their own, as the steps panel shows them


def set_combo(combo: QComboBox, key: Any) -> None:
    """Select the item holding ``key``; the first item when none does (a saved case's unknown value)."""
    pos = combo.findData(key)
    combo.setCurrentIndex(pos if pos >= 0 else 0)


class ScheduleBox(QGroupBox):
    """缴费时间: the collection period, the bank debit dates and when paying online starts."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("缴费时间"))
        sf = QFormLayout(self)
        self.period_label = QLabel()
        self.debit_label = QLabel()
        self.online_label = QLabel()
        for lbl in (self.period_label, self.debit_label, self.online_label):
            lbl.setWordWrap(True)
        sf.addRow(self.tr("集中参保缴费期:"), self.period_label)
        sf.addRow(self.tr("银行扣款:"), self.debit_label)
        sf.addRow(self.tr("线上缴费开始:"), self.online_label)

    def show_policy(self, policy: PolicyYear) -> None:
        enr = policy.enrolment
        self.period_label.setText(collection_period(policy))
        # what the notice calls these dates (2025 gives only the first batch debit), a reading named
        shown = f"{enr.debit_dates_label}:{debit_dates_text(policy)}"
        self.debit_label.setText(shown)
        online = enr.online_payment_from.value
        self.online_label.setText(f"{online:%Y-%m-%d}" if online else self.tr("通知未写明"))


class FamilyBox(QGroupBox):
    """家庭共济: may a relative pay this resident's premium from an employee's medical account."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("家庭共济(职工医保个人账户代缴)"))
        self.answer: FamilyCheck | None = None
        ff = QFormLayout(self)
        # nothing is pre-answered: the section says something only once the clerk picks a relation
        self.relation = QComboBox()
        self.relation.addItem(self.tr("(未选)"), None)
        for key, label in RELATION_LABELS.items():
            self.relation.addItem(label, key)
        self.payer_employee = QComboBox()
        self.payer_employee.addItem(self.tr("(未核实)"), None)
        self.payer_employee.addItem(self.tr("是"), True)
        self.payer_employee.addItem(self.tr("否"), False)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        relation_label = QLabel(self.tr("被代缴人是代缴人的(&R):"))
        relation_label.setBuddy(self.relation)
        ff.addRow(relation_label, self.relation)
        ff.addRow(self.tr("代缴人参加省内职工医保:"), self.payer_employee)
        ff.addRow(self.result_label)

    def recompute(self, policy: PolicyYear) -> None:
        """Says something only once the clerk has picked a relation: a default is never an answer."""
        self.answer = None
        relation = self.relation.currentData()
        if relation is None:
            self.result_label.setText(self.tr("亲属用职工医保个人账户代缴时,选择关系后显示能否代缴"))
            self.result_label.setStyleSheet("color: #555;")
            return
        try:
            family = family_payment_check(policy, relation, self.payer_employee.currentData())
        except MissingFigure as exc:  # the year's data lacks a figure the answer needs: said, not guessed
            self.result_label.setStyleSheet("color: #a4000f;")
            self.result_label.setText(html.escape(exc.message))
            return
        self.answer = family
        if family.allowed is None:
            verdict = self.tr("关系在可代缴范围内;还须核实代缴人参加江苏省内职工医保")
        else:
            verdict = self.tr("✓ 可以代缴") if family.allowed else self.tr("✗ 不能代缴")
        self.result_label.setStyleSheet("")
        self.result_label.setText(
            f"<b>{html.escape(verdict)}</b><br>" + "<br>".join(html.escape(s.text) for s in family.steps)
        )

    def to_case(self) -> dict[str, Any]:
        # "v": 2 — payer and relation are answers; before, both always held the untouched defaults
        return {"v": 2, "payer_employee": self.payer_employee.currentData(), "relation": self.relation.currentData()}

    def load_case(self, family: dict[str, Any]) -> None:
        payer, relation = family.get("payer_employee"), family.get("relation")
        if family.get("v") != 2 and payer is True and relation == "spouse":
            payer = relation = None  # an older file's untouched defaults, not the resident's answer
        set_combo(self.payer_employee, payer if isinstance(payer, bool) else None)
        set_combo(self.relation, relation)


class WaitingBox(QGroupBox):
    """待遇等待期: from the date the resident paid, when cover starts (补缴, 断保, newborns)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("待遇等待期(补缴、断保)"))
        self.answer: WaitingResult | None = None
        wf = QFormLayout(self)
        self.pay_date = DateField()  # 未填写 until the clerk enters the date the resident paid (or will pay)
        self.pay_date.setToolTip(self.tr("补缴或断保后缴费的日期;填写后才计算待遇等待期"))
        self.in_period = QComboBox()
        self.in_period.addItem(self.tr("按缴费日期判断"), None)
        self.in_period.addItem(self.tr("是"), True)
        self.in_period.addItem(self.tr("否"), False)
        self.years_broken = QSpinBox()
        self.years_broken.setRange(0, 50)
        self.years_broken.setSuffix(self.tr(" 年"))
        self.years_repaid = QSpinBox()
        self.years_repaid.setRange(0, 50)
        self.years_repaid.setSuffix(self.tr(" 年"))
        self.newborn = QCheckBox(self.tr("新生儿"))
        self.new_aid = QCheckBox(self.tr("新认定的医疗救助对象"))
        self.birth_date = DateField()
        self.birth_date.setToolTip(self.tr("新生儿的出生日期:待遇不早于出生之日"))
        self.birth_date.setEnabled(False)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        #: field → (its message label, the input): a refusal is shown under the input it concerns
        self.errors: dict[str, tuple[QLabel, QWidget]] = {}

        def row(field: str, label: str, widget: QWidget) -> None:
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            self.errors[field] = (error, widget)
            wf.addRow(label, widget)
            wf.addRow(error)

        row("payment_date", self.tr("缴费日期:"), self.pay_date)
        wf.addRow(self.tr("在集中参保期内:"), self.in_period)
        row("years_broken", self.tr("断保年数:"), self.years_broken)
        row("years_repaid", self.tr("补缴年数:"), self.years_repaid)
        flags = QHBoxLayout()
        flags.addWidget(self.newborn)
        flags.addWidget(self.new_aid)
        wf.addRow(flags)
        row("birth_date", self.tr("新生儿出生日期:"), self.birth_date)
        wf.addRow(self.result_label)

    def _touched(self) -> bool:
        return bool(
            self.pay_date.value() is not None
            or self.in_period.currentData() is not None
            or self.years_broken.value()
            or self.years_repaid.value()
            or self.newborn.isChecked()
            or self.new_aid.isChecked()
            or self.birth_date.value() is not None
        )

    def recompute(self, policy: PolicyYear) -> None:
        """Computed only from a payment date the clerk entered; contradictions are refused at their field."""
        self.answer = None
        for field in self.errors:
            self.field_problem(field, None)
        self.birth_date.setEnabled(self.newborn.isChecked())
        self.result_label.setStyleSheet("color: #555;")
        pay_day = self.pay_date.value()
        if pay_day is None:
            self.result_label.setText(
                self.tr("请填写缴费日期,填写后计算待遇从哪天开始")
                if self._touched()
                else self.tr("选填:补缴、断保后再参保或新生儿参保时,填写缴费日期计算待遇从哪天开始")
            )
            return
        try:
            inp = WaitingInput(
                policy_year=policy.policy_year,
                payment_date=pay_day,
                in_collection_period=self.in_period.currentData(),
                years_broken=self.years_broken.value(),
                years_repaid=self.years_repaid.value(),
                newborn=self.newborn.isChecked(),
                new_aid_recipient=self.new_aid.isChecked(),
                birth_date=self.birth_date.value() if self.newborn.isChecked() else None,
            )
            result = waiting_period(policy, inp)
        except MissingFigure as exc:  # not an input: the year's data lacks a figure, said as such
            self.result_label.setStyleSheet("color: #a4000f;")
            self.result_label.setText(html.escape(exc.message))
            return
        except InputProblem as exc:
            self.field_problem(exc.field, exc.message)
        else:
            if not any(label.text() for label, _ in self.errors.values()):
                self.answer = result
        self.result_label.setStyleSheet("")
        if self.answer is not None:
            self.result_label.setText(f"<b>{html.escape(waiting_headline(self.answer))}</b>")
        else:
            self.result_label.setText("")

    def field_problem(self, field: str, message: str | None) -> None:
        """A waiting-period input's message, right under that input (red border while it stands)."""
        label, widget = self.errors.get(field, self.errors["payment_date"])
        label.setText(message or "")
        label.setVisible(bool(message))
        widget.setStyleSheet("QWidget { border: 2px solid #a4000f; }" if message else "")
        widget.setToolTip(message or "")

    def to_case(self) -> dict[str, Any]:
        pay_day, birth = self.pay_date.value(), self.birth_date.value()
        return {
            "payment_date": pay_day.isoformat() if pay_day else None,
            "birth_date": birth.isoformat() if birth else None,
            "in_collection_period": self.in_period.currentData(),
            "years_broken": self.years_broken.value(),
            "years_repaid": self.years_repaid.value(),
            "newborn": self.newborn.isChecked(),
            "new_aid_recipient": self.new_aid.isChecked(),
        }

    def load_case(self, waiting: dict[str, Any]) -> None:
        """Unknown or broken values fall back to the empty inputs instead of failing."""
        set_combo(self.in_period, waiting.get("in_collection_period"))
        self.years_broken.setValue(_years(waiting.get("years_broken")))
        self.years_repaid.setValue(_years(waiting.get("years_repaid")))
        self.newborn.setChecked(bool(waiting.get("newborn")))
        self.new_aid.setChecked(bool(waiting.get("new_aid_recipient")))
        self.pay_date.set_value(_date(waiting.get("payment_date")))
        self.birth_date.set_value(_date(waiting.get("birth_date")))


class SideColumn(ColumnScroll):
    """The three boxes one above the other; the column scrolls when the window is too short for
    them, and is never narrower than they need (大字模式 cut their choices off at 1366x768)."""

    def __init__(self) -> None:
        super().__init__(least=330)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(4, 0, 4, 0)
        self.schedule = ScheduleBox()
        self.family = FamilyBox()
        self.waiting = WaitingBox()
        for box in (self.schedule, self.family, self.waiting):
            rv.addWidget(box)
        rv.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(right)


def _years(value: Any) -> int:
    try:
        return max(0, min(50, int(value)))
    except (TypeError, ValueError):
        return 0


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
