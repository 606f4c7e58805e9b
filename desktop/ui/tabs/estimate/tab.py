"""报销测算: one visit or admission through the chain, updated as the clerk types.

Only the fields the chosen kind needs are shown. Earlier spending this year becomes the opening
ledgers of the core's year simulation, so caps, bands and the 大病 base continue from there.
Bad input is flagged at its field; the last valid result stays on screen, greyed, until fixed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.care import (
    Event,
    EventKind,
    Ledgers,
    Person,
    YearResult,
    remaining_limits,
    simulate_year,
    spec,
)
from desktop.core.errors import InputProblem
from desktop.core.money import fmt_yuan
from desktop.core.policy.loader import PolicySet
from desktop.core.policy.required import MissingFigure
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS
from desktop.core.slip import Slip
from desktop.ui.tabs.care_tab import CareTab
from desktop.ui.tabs.estimate.opening import OpeningPanel
from desktop.ui.tabs.estimate.slip import tab_slip
from desktop.ui.widgets.care_totals import CareTotals
from desktop.ui.widgets.column_scroll import ColumnScroll
from desktop.ui.widgets.event_inputs import EventInputs, core_input, message_label, with_message
from desktop.ui.widgets.fields import DateField, MoneyField, combo_value, fill_combo, set_combo_value
from desktop.ui.widgets.steps_panel import StepsPanel


class EstimateTab(CareTab):
    case_key = "estimate"

    #: 记入本年度: (the person, this visit) as 医疗救助模拟 keeps them (its case form); the main window
    #: carries the visit into that tab and answers with the year so far (show_year)
    carried = Signal(dict, dict)

    def __init__(self, policies: PolicySet, parent: QWidget | None = None):
        super().__init__(policies, parent)
        self._build_inputs()
        self._build_results()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._input_scroll)
        # the results scroll when the window is too short for them (大字模式 on a 768-line screen)
        self._results_scroll = ColumnScroll()
        self._results_scroll.setWidgetResizable(True)
        self._results_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._results_scroll.setWidget(self._results)
        splitter.addWidget(self._results_scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([2000, 3000])  # 2:3 of whatever width the window has
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_visibility()
        self.recompute()

    # ------------------------------------------------------------------ building

    def _build_inputs(self) -> None:
        # the choices shown whole: the inputs' column is as wide as they are (the simulation tab's
        # person row is narrow instead, with the open list showing a choice whole)
        self.category = QComboBox()
        fill_combo(self.category, CATEGORY_LABELS)
        self.aid_status = QComboBox()
        fill_combo(self.aid_status, AID_LABELS)
        self.event_inputs = EventInputs()
        ev = self.event_inputs
        self.kind, self.level, self.facility, self.level_msg = ev.kind, ev.level, ev.facility, ev.level_msg
        self.birth_date = DateField()
        self.birth_msg = message_label()
        self.visit_date = DateField()
        self.visit_msg = message_label()
        self.continuous_years = QSpinBox()
        self.continuous_years.setRange(0, 120)
        self.continuous_years.setSuffix(self.tr(" 年"))
        self.cost = MoneyField(self.tr("例如 12000 或 1,234.50"))
        self.slip_paid = MoneyField(self.tr("可不填;填了就按结算单计算"))

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("参保类别"), self.category)
        self.form.addRow(self.tr("医疗救助身份"), self.aid_status)
        ev.add_rows(self.form)
        self.birth_box = with_message(self.birth_date, self.birth_msg)
        self.visit_box = with_message(self.visit_date, self.visit_msg)
        self.form.addRow(self.tr("出生日期"), self.birth_box)
        self.form.addRow(self.tr("就诊日期"), self.visit_box)
        self.form.addRow(self.tr("连续参保年数"), self.continuous_years)
        self.cost_label = QLabel(self.tr("合规医疗费用(元)"))
        self.form.addRow(self.cost_label, self.cost)
        self.form.addRow(self.tr("结算单上的基本医保支付(元)"), self.slip_paid)

        self.opening_group = OpeningPanel()
        self.opening_fields = self.opening_group.fields

        inputs = QWidget()
        col = QVBoxLayout(inputs)
        person_group = QGroupBox(self.tr("本次就医"))
        person_group.setLayout(self.form)
        col.addWidget(person_group)
        col.addWidget(self.opening_group)
        col.addStretch(1)
        # as wide as the inputs want: in 大字模式 on a 1366x768 screen the choices were cut off
        # behind a sideways scroll bar while the results kept their figures two by two
        self._input_scroll = ColumnScroll(preferred=True)
        self._input_scroll.setWidgetResizable(True)
        self._input_scroll.setWidget(inputs)

        for combo in (self.category, self.aid_status):
            combo.currentIndexChanged.connect(self._on_edit)
        ev.connect_edits(self._on_edit)
        self.kind.currentIndexChanged.connect(self._update_visibility)
        self.aid_status.currentIndexChanged.connect(self._update_visibility)
        self.continuous_years.valueChanged.connect(self._on_edit)
        self.birth_date.dateChanged.connect(self._on_edit)
        self.visit_date.dateChanged.connect(self._on_edit)
        self.cost.edited.connect(self._on_edit)
        self.slip_paid.edited.connect(self._on_edit)
        self.opening_group.connect_edits(self._on_edit)

    def _build_results(self) -> None:
        self._results = QWidget()
        col = QVBoxLayout(self._results)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.status)
        carry = QHBoxLayout()
        self.carry_button = QPushButton(self.tr("记入本年度(&G)"))
        self.carry_button.setToolTip(
            self.tr("把这次就医记入此人本年度的费用(医疗救助模拟),本年度此前已发生的金额随之更新")
        )
        self.carry_button.clicked.connect(self.carry_to_year)
        carry.addWidget(self.carry_button)
        carry.addStretch(1)
        col.addLayout(carry)
        self.year_label = QLabel()
        self.year_label.setWordWrap(True)
        self.year_label.setAccessibleName(self.tr("本年度累计"))
        self.year_label.hide()
        col.addWidget(self.year_label)
        self.totals = CareTotals(self.tr("合规医疗费用"), pairs=True, scale=1.5)
        self.amounts_frame, self.amount_labels, self.chart = self.totals.frame, self.totals.labels, self.totals.chart
        col.addWidget(self.totals)
        self.steps = StepsPanel(min_lines=4)  # the results column scrolls: the explanation stays readable
        col.addWidget(self.steps, 1)

    # ------------------------------------------------------------------ visibility

    def _kind(self) -> EventKind:
        return self.event_inputs.current_kind()

    def has_aid(self) -> bool:
        """The person has a 医疗救助 status (the aid lines of the earlier spending apply)."""
        return combo_value(self.aid_status) != "none"

    def _update_visibility(self) -> None:
        kind = self._kind()
        row = spec(kind)
        show = self.form.setRowVisible
        self.event_inputs.update_visibility()
        show(self.birth_box, row.needs("birth_date"))
        show(self.visit_box, row.needs("visit_date"))
        show(self.continuous_years, row.needs("continuous_enrolment_years"))
        self.cost.set_hint(row.condition(self.policy) if row.condition is not None else "")
        show(self.slip_paid, row.needs("basic_fund_paid"))
        self.cost_label.setText(self.tr(row.cost_label) if row.cost_label else self.tr("合规医疗费用(元)"))
        if row.slip_required is not None:
            self.slip_paid.set_hint(self.tr(row.slip_required.long))
            self.slip_paid.edit.setPlaceholderText(self.tr(row.slip_required.placeholder))
        else:
            self.slip_paid.set_hint("")
            self.slip_paid.edit.setPlaceholderText(self.tr("可不填;填了就按结算单计算"))
        self.opening_group.update_visibility(kind, self.has_aid())

    # ------------------------------------------------------------------ computing

    def _clear_problems(self) -> None:
        self.event_inputs.clear_problems()
        for msg in (self.birth_msg, self.visit_msg):
            msg.hide()

    def _visible_opening(self) -> dict[str, MoneyField]:
        return self.opening_group.visible(self._kind(), self.has_aid())

    def _money_fields(self) -> list[MoneyField]:
        fields = [self.cost, *self._visible_opening().values()]
        if spec(self._kind()).needs("basic_fund_paid"):
            fields.append(self.slip_paid)
        return fields

    def person_and_events(self) -> tuple[Person, list[Event]]:
        """The person and this one event as the core takes them; InputProblem when incomplete."""
        person, event, _ = self._build()
        return person, [event]

    def compare_note(self) -> str | None:
        _, _, opening = self._build()
        if opening != Ledgers():
            return self.tr("比较时不含“本年度此前已发生”的费用,每个年度都按本次费用单独计算。")
        return None

    def _build(self) -> tuple[Person, Event, Ledgers]:
        kind = self._kind()
        row = spec(kind)
        cost = self.cost.value()
        if cost is None:
            raise InputProblem("events[0].compliant_cost", self.tr("请输入合规医疗费用"))
        person = core_input(
            Person,
            "person",
            {
                "category": combo_value(self.category),
                "aid_status": combo_value(self.aid_status),
                "birth_date": self.birth_date.value() if row.needs("birth_date") else None,
                "continuous_enrolment_years": (
                    self.continuous_years.value() if row.needs("continuous_enrolment_years") else 0
                ),
            },
        )
        fields: dict[str, Any] = {"kind": kind, "compliant_cost": cost, **self.event_inputs.event_fields()}
        if row.needs("visit_date"):
            fields["date"] = self.visit_date.value()
        if row.needs("basic_fund_paid"):
            fields["basic_fund_paid"] = self.slip_paid.value()
        event = core_input(Event, "events[0]", fields)
        return person, event, self.opening_group.ledgers(kind, self.has_aid())

    def carry_to_year(self) -> bool:
        """记入本年度: this visit, if it computes, goes to 医疗救助模拟 (the main window carries it)."""
        try:
            self._build()
        except InputProblem as problem:
            self._flag(problem)
            return False
        values = self.event_inputs.values()
        row = spec(self._kind())
        person = {
            "category": combo_value(self.category),
            "aid_status": combo_value(self.aid_status),
            "birth_date": _iso(self.birth_date.value()),
            "continuous_enrolment_years": self.continuous_years.value(),
        }
        event = {
            **values,
            "date": _iso(self.visit_date.value()) if row.needs("visit_date") else None,
            "cost_text": self.cost.text(),
            "slip_text": self.slip_paid.text() if row.needs("basic_fund_paid") else "",
        }
        self.carried.emit(person, event)
        return True

    def show_year(self, result: YearResult | None, count: int) -> None:
        """After 记入本年度: the year so far becomes this tab's 本年度此前已发生, the cost is cleared for
        the next visit, and what is left of each limit is said."""
        if result is None or not result.events:
            self.year_label.setText(
                self.tr("已记入医疗救助模拟(第 {n} 笔),但那里的费用有问题,请到该页签更正。").format(n=count)
            )
            self.year_label.show()
            return
        used = result.events[-1].ledgers_after
        self._loading = True
        try:
            for key, field in self.opening_fields.items():
                value = getattr(used, key)
                field.setText(f"{value:.2f}" if value else "")
            self.cost.setText("")
            self.slip_paid.setText("")
        finally:
            self._loading = False
        left = remaining_limits(self.policy, used, aid=self.has_aid())
        parts = [
            self.tr("{what}还可支付 {left}(年度限额 {cap})").format(what=w, left=fmt_yuan(lf), cap=fmt_yuan(cap))
            for w, lf, cap in left
        ]
        self.year_label.setText(
            self.tr(
                "已记入本年度(医疗救助模拟共 {n} 笔,个人自付累计 {pocket})。本年度剩余:{parts}。下次就医直接输入费用即可。"
            ).format(n=count, pocket=fmt_yuan(result.totals.out_of_pocket), parts=";".join(parts))
        )
        self.year_label.show()
        self.recompute()
        self.changed.emit()

    def _flag(self, problem: InputProblem) -> None:
        """Put the core's message at the field it names; anything else goes to the status line."""
        if isinstance(problem, MissingFigure):  # a figure of the year's data, not an input of this tab
            self._show_stale(problem.message)
            return
        name = problem.field.split(".")[-1]
        dates = {"birth_date": self.birth_msg, "date": self.visit_msg}
        if name == "compliant_cost":
            self.cost.set_problem(problem.message)
        elif name == "basic_fund_paid":
            # The core names its input field for CLI users; the clerk sees the field itself.
            self.slip_paid.set_problem(problem.message.replace(" basic_fund_paid", ""))
        elif name in dates:
            dates[name].setText("⚠ " + problem.message)
            dates[name].show()
        elif not self.event_inputs.show_problem(name, problem.message):
            self._show_stale(problem.message)
            return
        self._show_stale(self.tr("请先更正标红的输入项。"))

    def recompute(self) -> None:
        self._clear_problems()
        bad = [f for f in self._money_fields() if f.validate()]
        if bad:
            self._show_stale(self.tr("请先更正标红的输入项。"))
            return
        if self.cost.value() is None:
            self._show_empty()
            return
        try:
            person, event, opening = self._build()
            result = simulate_year(self.policy, person, [event], opening)
        except InputProblem as problem:
            self._flag(problem)
            return
        self._show(result)

    # ------------------------------------------------------------------ showing

    def _show_empty(self) -> None:
        self._show_empty_with(
            self.tr("请填写合规医疗费用,结果会随输入自动更新。"), self.tr("输入不完整:请先填写合规医疗费用。")
        )

    def _greyed_note(self) -> str:
        return self.tr("下方是上一次有效输入的结果(已变灰),不是当前输入的结果。")

    def _show(self, result: YearResult) -> None:
        status = self.tr("{year}年度政策测算结果(随输入自动更新)").format(year=result.policy_year)
        self._show_result(result, status)
        self.steps.set_steps(result.events[0].steps if result.events else result.steps)

    def set_policy_year(self, year: int) -> None:
        day = self.visit_date.value()
        if day is not None and day.year != year:
            self._loading = True
            try:
                self.visit_date.set_value(_move_year(day, year))
            finally:
                self._loading = False
        super().set_policy_year(year)

    # ------------------------------------------------------------------ slip and case

    def _slip(self, result: YearResult) -> Slip:
        return tab_slip(self, result)

    def to_case(self) -> dict[str, Any]:
        return {
            "category": combo_value(self.category),
            "aid_status": combo_value(self.aid_status),
            **self.event_inputs.values(),
            "birth_date": _iso(self.birth_date.value()),
            "visit_date": _iso(self.visit_date.value()),
            "continuous_enrolment_years": self.continuous_years.value(),
            "compliant_cost": self.cost.text(),
            "basic_fund_paid": self.slip_paid.text(),
            "opening": self.opening_group.to_case(),
        }

    def load_case(self, data: dict[str, Any]) -> None:
        """Restore what was saved; anything missing or unknown falls back to the default."""
        self._loading = True
        try:
            set_combo_value(self.category, data.get("category"))
            set_combo_value(self.aid_status, data.get("aid_status"))
            self.event_inputs.set_values(data)
            self.birth_date.set_value(_date(data.get("birth_date")))
            self.visit_date.set_value(_date(data.get("visit_date")))
            self.continuous_years.setValue(_int(data.get("continuous_enrolment_years"), 0))
            self.cost.setText(str(data.get("compliant_cost") or ""))
            self.slip_paid.setText(str(data.get("basic_fund_paid") or ""))
            self.opening_group.load_case(data.get("opening"))
        finally:
            self._loading = False
        self._update_visibility()
        self.recompute()
        self.changed.emit()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _move_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)
