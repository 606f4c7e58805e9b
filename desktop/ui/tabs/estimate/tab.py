"""报销测算: one visit or admission through the chain, updated as the clerk types.

Only the fields the chosen kind needs are shown. Earlier spending this year becomes the opening
ledgers of the core's year simulation, so caps, bands and the 大病 base continue from there.
Bad input is flagged at its field; the last valid result stays on screen, greyed, until fixed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.care import (
    CAPPED,
    FACILITY_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    NEEDS_FACILITY,
    NEEDS_LEVEL,
    REFERRAL_LABELS,
    Event,
    Ledgers,
    Person,
    YearResult,
    pku_condition,
    simulate_year,
)
from desktop.core.errors import InputProblem, describe_validation_error
from desktop.core.money import ZERO, fmt_yuan
from desktop.core.policy.loader import PolicySet
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS
from desktop.core.slip import Slip, SlipAmount
from desktop.core.staleness import staleness_message
from desktop.ui.tab_base import WorkTab
from desktop.ui.widgets.amount_label import AmountLabel
from desktop.ui.widgets.fields import DateField, MoneyField, combo_value, fill_combo, set_combo_value
from desktop.ui.widgets.split_chart import SLIP_LAYER_LABELS, SplitChart
from desktop.ui.widgets.steps_panel import StepsPanel

#: opening-ledger fields offered to the clerk: key -> (label, kinds it matters for, aid-only)
_OPENING: dict[str, tuple[str, frozenset[str], bool]] = {
    "outpatient_general_cost": ("本年此前普通门诊合规费用累计", frozenset({"outpatient_general"}), False),
    "capped_fund_paid": ("本年此前住院、门诊特殊病基本医保已支付", CAPPED, False),
    "critical_base": (
        "本年此前大病保险累计计算基数(住院、门诊特殊病合规费用中基本医保未付部分)",
        CAPPED,
        False,
    ),
    "chronic_fund_paid": ("本年此前门诊慢性病基金已支付", frozenset({"outpatient_chronic"}), False),
    "pku_fund_paid": ("本年此前苯丙酮尿症基金已支付", frozenset({"pku"}), False),
    "aid_outpatient_general_paid": ("本年此前普通门诊医疗救助已支付", frozenset({"outpatient_general"}), True),
    "aid_other_paid": (
        "本年此前住院等医疗救助已支付",
        frozenset(KIND_LABELS) - {"outpatient_general", "pku"},
        True,
    ),
}


def narrow_combo() -> QComboBox:
    """A combo box whose closed width does not follow its longest choice (the open list shows it whole).

    Set before any item is added: Qt keeps the minimum size it worked out from the first items.
    """
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


class _ResultsScroll(QScrollArea):
    """Scrolls the results up and down, but asks the splitter for their full width.

    The scroll area is also where a new figure's re-layout stops: the rest of the window is not
    laid out again on every keystroke. Only when the results need a different width (a much
    longer figure, 大字模式) does the splitter hear of it.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._min_width = -1

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt override
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self._check_width)  # after the layout; dropped if self is gone
        return super().eventFilter(watched, event)

    def _check_width(self) -> None:
        width = self.minimumSizeHint().width()
        if width != self._min_width:
            self._min_width = width
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        inner = self.widget()
        if inner is None:
            return super().minimumSizeHint()
        width = inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(width, super().minimumSizeHint().height())


class EstimateTab(WorkTab):
    case_key = "estimate"

    def __init__(self, policies: PolicySet, parent: QWidget | None = None):
        super().__init__(policies, parent)
        self._result: YearResult | None = None
        self._current = False
        self._loading = False
        self._build_inputs()
        self._build_results()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._input_scroll)
        # the results scroll when the window is too short for them (大字模式 on a 768-line screen)
        self._results_scroll = _ResultsScroll()
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

    def _combo_with_message(self, combo: QComboBox) -> tuple[QWidget, QLabel]:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(combo)
        msg = QLabel()
        msg.setWordWrap(True)
        msg.setStyleSheet("color: #b71c1c; font-weight: bold;")
        msg.hide()
        lay.addWidget(msg)
        box.setFocusProxy(combo)
        return box, msg

    def _build_inputs(self) -> None:
        self.category = narrow_combo()
        fill_combo(self.category, CATEGORY_LABELS)
        self.aid_status = narrow_combo()
        fill_combo(self.aid_status, AID_LABELS)
        self.kind = narrow_combo()
        fill_combo(self.kind, KIND_LABELS)
        self.level = narrow_combo()
        fill_combo(self.level, LEVEL_LABELS, self.tr("— 请选择医院等级 —"))
        self.level_box, self.level_msg = self._combo_with_message(self.level)
        self.facility = narrow_combo()
        fill_combo(self.facility, FACILITY_LABELS, self.tr("— 请选择机构类别 —"))
        self.facility_box, self.facility_msg = self._combo_with_message(self.facility)
        self.disease_count = QSpinBox()
        self.disease_count.setRange(1, 20)
        self.disease_count.setSuffix(self.tr(" 个病种"))
        self.rare = QCheckBox(self.tr("省定罕见病用药"))
        self.referral = narrow_combo()
        fill_combo(self.referral, REFERRAL_LABELS)
        self.birth_date = DateField()
        self.birth_msg = QLabel()
        self.visit_date = DateField()
        self.visit_msg = QLabel()
        for msg in (self.birth_msg, self.visit_msg):
            msg.setWordWrap(True)
            msg.setStyleSheet("color: #b71c1c; font-weight: bold;")
            msg.hide()
        self.continuous_years = QSpinBox()
        self.continuous_years.setRange(0, 120)
        self.continuous_years.setSuffix(self.tr(" 年"))
        self.cost = MoneyField(self.tr("例如 12000 或 1,234.50"))
        self.slip_paid = MoneyField(self.tr("可不填;填了就按结算单计算"))

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("参保类别"), self.category)
        self.form.addRow(self.tr("医疗救助身份"), self.aid_status)
        self.form.addRow(self.tr("费用类别"), self.kind)
        self.form.addRow(self.tr("医院等级"), self.level_box)
        self.form.addRow(self.tr("机构类别"), self.facility_box)
        self.form.addRow(self.tr("慢性病病种数"), self.disease_count)
        self.form.addRow(self.tr("药品"), self.rare)
        self.form.addRow(self.tr("就医地"), self.referral)
        self.birth_box = self._stack(self.birth_date, self.birth_msg)
        self.visit_box = self._stack(self.visit_date, self.visit_msg)
        self.form.addRow(self.tr("出生日期"), self.birth_box)
        self.form.addRow(self.tr("就诊日期"), self.visit_box)
        self.form.addRow(self.tr("连续参保年数"), self.continuous_years)
        self.cost_label = QLabel(self.tr("合规医疗费用(元)"))
        self.form.addRow(self.cost_label, self.cost)
        self.form.addRow(self.tr("结算单上的基本医保支付(元)"), self.slip_paid)

        self.opening_fields: dict[str, MoneyField] = {}
        self.opening_group = QGroupBox(self.tr("本年度此前已发生(没有就留空)"))
        self.opening_form = QFormLayout(self.opening_group)
        self.opening_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.opening_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for key, (label, _, _) in _OPENING.items():
            field = MoneyField(self.tr("0"))
            self.opening_fields[key] = field
            text = QLabel(self.tr(label))
            text.setWordWrap(True)  # the longest runs to 40 characters: wrap, never widen the panel
            text.setBuddy(field.edit)
            self.opening_form.addRow(text, field)

        inputs = QWidget()
        col = QVBoxLayout(inputs)
        person_group = QGroupBox(self.tr("本次就医"))
        person_group.setLayout(self.form)
        col.addWidget(person_group)
        col.addWidget(self.opening_group)
        col.addStretch(1)
        self._input_scroll = QScrollArea()
        self._input_scroll.setWidgetResizable(True)
        self._input_scroll.setWidget(inputs)
        self._input_scroll.setMinimumWidth(360)

        for combo in (self.category, self.aid_status, self.kind, self.level, self.facility, self.referral):
            combo.currentIndexChanged.connect(self._on_edit)
        self.kind.currentIndexChanged.connect(self._update_visibility)
        self.aid_status.currentIndexChanged.connect(self._update_visibility)
        for spin in (self.disease_count, self.continuous_years):
            spin.valueChanged.connect(self._on_edit)
        self.rare.toggled.connect(self._on_edit)
        self.birth_date.dateChanged.connect(self._on_edit)
        self.visit_date.dateChanged.connect(self._on_edit)
        self.cost.edited.connect(self._on_edit)
        self.slip_paid.edited.connect(self._on_edit)
        for field in self.opening_fields.values():
            field.edited.connect(self._on_edit)

    @staticmethod
    def _stack(widget: QWidget, message: QLabel) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        lay.addWidget(message)
        box.setFocusProxy(widget)
        return box

    def _build_results(self) -> None:
        self._results = QWidget()
        col = QVBoxLayout(self._results)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.status)
        self.amounts_frame = QFrame()
        self.amounts_frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self.amounts_frame)
        self.amount_labels: dict[str, QLabel] = {}
        rows = [("compliant_cost", self.tr("合规医疗费用"))] + [
            (key, self.tr(label))
            for key, label in zip(
                ("basic_fund", "critical_illness", "medical_aid", "out_of_pocket"), SLIP_LAYER_LABELS, strict=True
            )
        ]
        self._big: list[QLabel] = []
        # the cost on a line of its own, then the four parts two by two: the column stays short
        # enough that a 1366x768 screen never squeezes the large figures
        for i, (key, label) in enumerate(rows):
            row, column = (0, 0) if i == 0 else (1 + (i - 1) // 2, 2 * ((i - 1) % 2))
            name = QLabel(label)
            value = AmountLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            grid.addWidget(name, row, column)
            grid.addWidget(value, row, column + 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.amount_labels[key] = value
            if key != "compliant_cost":
                self._big.extend((name, value))
        grid.setHorizontalSpacing(16)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        col.addWidget(self.amounts_frame)
        self.chart = SplitChart()
        col.addWidget(self.chart)
        self.steps = StepsPanel(min_lines=4)  # the results column scrolls: the explanation stays readable
        col.addWidget(self.steps, 1)
        self._apply_big_fonts()

    def _apply_big_fonts(self) -> None:
        """Amounts in large type; follows the window's larger-text mode through FontChange."""
        base = self.font().pointSizeF()
        for label in self._big:
            font = QFont(self.font())
            font.setPointSizeF(base * 1.5)
            font.setBold(label in self.amount_labels.values() and label is self.amount_labels["out_of_pocket"])
            label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_big_fonts()

    # ------------------------------------------------------------------ visibility

    def _kind(self) -> str:
        return str(combo_value(self.kind))

    def _update_visibility(self) -> None:
        kind = self._kind()
        aid = combo_value(self.aid_status) != "none"
        show = self.form.setRowVisible
        show(self.level_box, kind in NEEDS_LEVEL)
        show(self.facility_box, kind in NEEDS_FACILITY)
        show(self.disease_count, kind == "outpatient_chronic")
        show(self.rare, kind == "dual_channel_drug")
        show(self.referral, kind == "dual_channel_drug")
        show(self.birth_box, kind == "pku")
        show(self.visit_box, kind == "pku")
        show(self.continuous_years, kind == "childbirth")
        self.cost.set_hint(pku_condition(self.policy) if kind == "pku" else "")
        show(self.slip_paid, kind != "rare_disease_remainder")
        self.cost_label.setText(
            {
                "special_blood": self.tr("用血费用(元)"),
                "rare_disease_remainder": self.tr("省罕见病保障资金支付后的剩余费用(元)"),
            }.get(kind, self.tr("合规医疗费用(元)"))
        )
        if kind == "outpatient_special":
            self.slip_paid.set_hint(
                self.tr("门诊特殊病必须填写:通知只写“按规定标准支付”,没有给出比例,请照医院结算单填写。")
            )
            self.slip_paid.edit.setPlaceholderText(self.tr("必填:照医院结算单填写"))
        else:
            self.slip_paid.set_hint("")
            self.slip_paid.edit.setPlaceholderText(self.tr("可不填;填了就按结算单计算"))
        any_opening = False
        for key, (_, kinds, aid_only) in _OPENING.items():
            visible = kind in kinds and (aid or not aid_only)
            self.opening_form.setRowVisible(self.opening_fields[key], visible)
            any_opening = any_opening or visible
        self.opening_group.setVisible(any_opening)

    # ------------------------------------------------------------------ computing

    def _on_edit(self) -> None:
        if self._loading:
            return
        self.recompute()
        self.changed.emit()

    def _clear_problems(self) -> None:
        for msg in (self.level_msg, self.facility_msg, self.birth_msg, self.visit_msg):
            msg.hide()
        for combo in (self.level, self.facility):
            combo.setStyleSheet("")

    def _visible_opening(self) -> dict[str, MoneyField]:
        kind = self._kind()
        aid = combo_value(self.aid_status) != "none"
        return {
            key: self.opening_fields[key]
            for key, (_, kinds, aid_only) in _OPENING.items()
            if kind in kinds and (aid or not aid_only)
        }

    def _money_fields(self) -> list[MoneyField]:
        fields = [self.cost, *self._visible_opening().values()]
        if self._kind() != "rare_disease_remainder":
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
        cost = self.cost.value()
        if cost is None:
            raise InputProblem("events[0].compliant_cost", self.tr("请输入合规医疗费用"))
        try:
            person = Person(
                category=combo_value(self.category),
                aid_status=combo_value(self.aid_status),
                birth_date=self.birth_date.value() if kind == "pku" else None,
                continuous_enrolment_years=self.continuous_years.value() if kind == "childbirth" else 0,
            )
        except ValidationError as exc:
            first = describe_validation_error(exc, "person")[0]
            raise InputProblem(first["field"], first["message"]) from None
        fields: dict[str, Any] = {"kind": kind, "compliant_cost": cost}
        if kind in NEEDS_LEVEL:
            fields["hospital_level"] = combo_value(self.level)
        if kind in NEEDS_FACILITY:
            fields["facility"] = combo_value(self.facility)
        if kind == "outpatient_chronic":
            fields["disease_count"] = self.disease_count.value()
        if kind == "dual_channel_drug":
            fields["rare_disease_drug"] = self.rare.isChecked()
            fields["referral"] = combo_value(self.referral)
        if kind == "pku":
            fields["date"] = self.visit_date.value()
        if kind != "rare_disease_remainder":
            fields["basic_fund_paid"] = self.slip_paid.value()
        try:
            event = Event(**fields)
        except ValidationError as exc:
            first = describe_validation_error(exc, "events[0]")[0]
            raise InputProblem(first["field"], first["message"]) from None
        earlier: dict[str, Any] = {key: f.value() or ZERO for key, f in self._visible_opening().items()}
        opening = Ledgers(**earlier)
        return person, event, opening

    def _flag(self, problem: InputProblem) -> None:
        """Put the core's message at the field it names; anything else goes to the status line."""
        name = problem.field.split(".")[-1]
        targets: dict[str, Any] = {
            "hospital_level": (self.level, self.level_msg),
            "facility": (self.facility, self.facility_msg),
            "birth_date": (self.birth_date, self.birth_msg),
            "date": (self.visit_date, self.visit_msg),
        }
        if name == "compliant_cost":
            self.cost.set_problem(problem.message)
        elif name == "basic_fund_paid":
            # The core names its input field for CLI users; the clerk sees the field itself.
            self.slip_paid.set_problem(problem.message.replace(" basic_fund_paid", ""))
        elif name in targets:
            widget, label = targets[name]
            label.setText("⚠ " + problem.message)
            label.show()
            if isinstance(widget, QComboBox):
                widget.setStyleSheet("QComboBox { border: 2px solid #c62828; }")
        else:
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
        self._current = False
        self._result = None
        self.status.setText(self.tr("请填写合规医疗费用,结果会随输入自动更新。"))
        for label in self.amount_labels.values():
            label.setText("—")
        self.chart.set_layers(ZERO, ZERO, ZERO, ZERO)
        self.chart.set_greyed(False)
        self.amounts_frame.setEnabled(True)
        self.steps.setEnabled(True)
        self.steps.set_message(self.tr("输入不完整:请先填写合规医疗费用。"))

    def _show_stale(self, message: str) -> None:
        self._current = False
        if self._result is None:
            self.status.setText("⚠ " + message)
            self.steps.set_message(message)
            return
        self.status.setText("⚠ " + message + self.tr("下方是上一次有效输入的结果(已变灰),不是当前输入的结果。"))
        self.amounts_frame.setEnabled(False)
        self.chart.set_greyed(True)
        self.steps.setEnabled(False)

    def _show(self, result: YearResult) -> None:
        self._result = result
        self._current = True
        totals = result.totals
        self.status.setText(self.tr("{year}年度政策测算结果(随输入自动更新)").format(year=result.policy_year))
        for key, label in self.amount_labels.items():
            label.setText(fmt_yuan(getattr(totals, key)))
        self.amounts_frame.setEnabled(True)
        self.chart.set_greyed(False)
        self.chart.set_layers(totals.basic_fund, totals.critical_illness, totals.medical_aid, totals.out_of_pocket)
        self.steps.setEnabled(True)
        self.steps.set_steps(result.events[0].steps if result.events else result.steps)

    def is_current(self) -> bool:
        return self._current

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

    def slip(self) -> Slip | None:
        if not self._current or self._result is None:
            return None
        result = self._result
        totals = result.totals
        kind = self._kind()
        inputs: list[tuple[str, str]] = [
            (self.tr("参保类别"), self.category.currentText()),
            (self.tr("医疗救助身份"), self.aid_status.currentText()),
            (self.tr("费用类别"), self.kind.currentText()),
        ]
        if kind in NEEDS_LEVEL:
            inputs.append((self.tr("医院等级"), self.level.currentText()))
        if kind in NEEDS_FACILITY:
            inputs.append((self.tr("机构类别"), self.facility.currentText()))
        if kind == "outpatient_chronic":
            inputs.append((self.tr("慢性病病种数"), str(self.disease_count.value())))
        if kind == "dual_channel_drug":
            inputs.append(
                (self.tr("药品"), self.tr("省定罕见病用药") if self.rare.isChecked() else self.tr("一般药品"))
            )
            inputs.append((self.tr("就医地"), self.referral.currentText()))
        if kind == "pku":
            for label, field in ((self.tr("出生日期"), self.birth_date), (self.tr("就诊日期"), self.visit_date)):
                day = field.value()
                inputs.append((label, day.isoformat() if day else self.tr("未填写")))
        if kind == "childbirth":
            inputs.append((self.tr("连续参保年数"), str(self.continuous_years.value())))
        inputs.append((self.cost_label.text(), fmt_yuan(totals.compliant_cost)))
        paid = self.slip_paid.value() if kind != "rare_disease_remainder" else None
        if paid is not None:
            inputs.append((self.tr("结算单上的基本医保支付"), fmt_yuan(paid)))
        for key, money in self._visible_opening().items():
            value = money.value()
            if value:
                inputs.append((self.tr(_OPENING[key][0]), fmt_yuan(value)))
        layers = (totals.basic_fund, totals.critical_illness, totals.medical_aid, totals.out_of_pocket)
        amounts = (SlipAmount(self.tr("合规医疗费用"), totals.compliant_cost),) + tuple(
            SlipAmount(self.tr(label), amount, emphasis=label == SLIP_LAYER_LABELS[-1])
            for label, amount in zip(SLIP_LAYER_LABELS, layers, strict=True)
        )
        return Slip(
            title=self.tr("报销测算"),
            policy_year=result.policy_year,
            data_version=self.policy.data_version,
            data_hash=self.entry.sha256,
            inputs=tuple(inputs),
            amounts=amounts,
            steps=result.events[0].steps,
            stale_warning=staleness_message(self.policies, result.policy_year, dt.date.today()),
        )

    def to_case(self) -> dict[str, Any]:
        return {
            "category": combo_value(self.category),
            "aid_status": combo_value(self.aid_status),
            "kind": combo_value(self.kind),
            "hospital_level": combo_value(self.level),
            "facility": combo_value(self.facility),
            "disease_count": self.disease_count.value(),
            "rare_disease_drug": self.rare.isChecked(),
            "referral": combo_value(self.referral),
            "birth_date": _iso(self.birth_date.value()),
            "visit_date": _iso(self.visit_date.value()),
            "continuous_enrolment_years": self.continuous_years.value(),
            "compliant_cost": self.cost.text(),
            "basic_fund_paid": self.slip_paid.text(),
            "opening": {key: field.text() for key, field in self.opening_fields.items()},
        }

    def load_case(self, data: dict[str, Any]) -> None:
        """Restore what was saved; anything missing or unknown falls back to the default."""
        self._loading = True
        try:
            set_combo_value(self.category, data.get("category"))
            set_combo_value(self.aid_status, data.get("aid_status"))
            set_combo_value(self.kind, data.get("kind"))
            set_combo_value(self.level, data.get("hospital_level"))
            set_combo_value(self.facility, data.get("facility"))
            set_combo_value(self.referral, data.get("referral"))
            self.disease_count.setValue(_int(data.get("disease_count"), 1))
            self.rare.setChecked(bool(data.get("rare_disease_drug", False)))
            self.birth_date.set_value(_date(data.get("birth_date")))
            self.visit_date.set_value(_date(data.get("visit_date")))
            self.continuous_years.setValue(_int(data.get("continuous_enrolment_years"), 0))
            self.cost.setText(str(data.get("compliant_cost") or ""))
            self.slip_paid.setText(str(data.get("basic_fund_paid") or ""))
            saved = data.get("opening")
            opening: dict[str, Any] = saved if isinstance(saved, dict) else {}
            for key, field in self.opening_fields.items():
                field.setText(str(opening.get(key) or ""))
        finally:
            self._loading = False
        self._update_visibility()
        self.recompute()
        self.changed.emit()

    def clear(self) -> None:
        self.load_case({})

    def result(self) -> YearResult | None:
        return self._result if self._current else None


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
