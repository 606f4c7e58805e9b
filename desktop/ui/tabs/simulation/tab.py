"""医疗救助模拟: a person's whole year as a list of events through the full chain.

The table holds what the clerk typed and, once every row is valid, what each layer paid; the
running ledgers show what the year has used up after each event. A problem is shown in its row
and column, and again at the field of the editor when that row is selected.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.care import (
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
from desktop.core.explain import Step
from desktop.core.money import ZERO, fmt_yuan
from desktop.core.policy.loader import PolicySet
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS
from desktop.core.slip import Slip, SlipAmount
from desktop.core.staleness import staleness_message
from desktop.ui.tab_base import WorkTab
from desktop.ui.tabs.simulation.events_model import (
    COL_COST,
    COL_DATE,
    COL_PLACE,
    COL_PROBLEM,
    COL_SLIP,
    EventDraft,
    EventsModel,
    LedgersModel,
    build_event,
    move_to_year,
    problem_location,
)
from desktop.ui.widgets.fields import DateField, MoneyField, combo_value, fill_combo, set_combo_value
from desktop.ui.widgets.split_chart import SLIP_LAYER_LABELS, SplitChart
from desktop.ui.widgets.steps_panel import StepsPanel

_ERROR_STYLE = "color: #b71c1c; font-weight: bold;"


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(_ERROR_STYLE)
    label.hide()
    return label


def _stack(widget: QWidget, message: QLabel) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    lay.addWidget(message)
    box.setFocusProxy(widget)
    return box


class EventEditor(QGroupBox):
    """Edits the selected row; every change is sent out as a new draft."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFlat(True)  # it sits in a tab titled 选中费用的明细
        self._quiet = False
        self.pku_hint = ""  # the year's PKU condition (diagnoses with ICD-10 codes), set by the tab
        self.date = DateField()
        self.date_msg = _message_label()
        self.kind = QComboBox()
        fill_combo(self.kind, KIND_LABELS)
        self.level = QComboBox()
        fill_combo(self.level, LEVEL_LABELS, self.tr("— 请选择医院等级 —"))
        self.level_msg = _message_label()
        self.facility = QComboBox()
        fill_combo(self.facility, FACILITY_LABELS, self.tr("— 请选择机构类别 —"))
        self.facility_msg = _message_label()
        self.disease_count = QSpinBox()
        self.disease_count.setRange(1, 20)
        self.disease_count.setSuffix(self.tr(" 个病种"))
        self.rare = QCheckBox(self.tr("省定罕见病用药"))
        self.referral = QComboBox()
        fill_combo(self.referral, REFERRAL_LABELS)
        self.cost = MoneyField(self.tr("例如 12000"))
        self.slip = MoneyField(self.tr("可不填"))
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("日期"), _stack(self.date, self.date_msg))
        self.form.addRow(self.tr("费用类别"), self.kind)
        self.level_box = _stack(self.level, self.level_msg)
        self.facility_box = _stack(self.facility, self.facility_msg)
        self.form.addRow(self.tr("医院等级"), self.level_box)
        self.form.addRow(self.tr("机构类别"), self.facility_box)
        self.form.addRow(self.tr("慢性病病种数"), self.disease_count)
        self.form.addRow(self.tr("药品"), self.rare)
        self.form.addRow(self.tr("就医地"), self.referral)
        self.form.addRow(self.tr("合规费用(元)"), self.cost)
        self.form.addRow(self.tr("结算单基本医保(元)"), self.slip)
        for combo in (self.kind, self.level, self.facility, self.referral):
            combo.currentIndexChanged.connect(self._emit)
        self.kind.currentIndexChanged.connect(self._update_visibility)
        self.date.dateChanged.connect(self._emit)
        self.disease_count.valueChanged.connect(self._emit)
        self.rare.toggled.connect(self._emit)
        self.cost.edited.connect(self._emit)
        self.slip.edited.connect(self._emit)
        self._update_visibility()

    def _emit(self) -> None:
        if not self._quiet:
            self.edited.emit()

    def _update_visibility(self) -> None:
        kind = str(combo_value(self.kind))
        self.form.setRowVisible(self.level_box, kind in NEEDS_LEVEL)
        self.form.setRowVisible(self.facility_box, kind in NEEDS_FACILITY)
        self.form.setRowVisible(self.disease_count, kind == "outpatient_chronic")
        self.form.setRowVisible(self.rare, kind == "dual_channel_drug")
        self.form.setRowVisible(self.referral, kind == "dual_channel_drug")
        self.form.setRowVisible(self.slip, kind != "rare_disease_remainder")
        if kind == "outpatient_special":
            self.slip.set_hint(self.tr("门诊特殊病必须填写:通知没有给出支付比例,请照医院结算单填写。"))
            self.slip.edit.setPlaceholderText(self.tr("必填:照医院结算单填写"))
        else:
            self.slip.set_hint("")
            self.slip.edit.setPlaceholderText(self.tr("可不填"))
        self.cost.set_hint(self.pku_hint if kind == "pku" else "")

    def set_draft(self, draft: EventDraft | None) -> None:
        self._quiet = True
        try:
            self.setEnabled(draft is not None)
            d = draft or EventDraft()
            self.date.set_value(d.date)
            set_combo_value(self.kind, d.kind)
            set_combo_value(self.level, d.hospital_level)
            set_combo_value(self.facility, d.facility)
            self.disease_count.setValue(d.disease_count)
            self.rare.setChecked(d.rare_disease_drug)
            set_combo_value(self.referral, d.referral)
            self.cost.setText(d.cost_text)
            self.slip.setText(d.slip_text)
        finally:
            self._quiet = False
        self._update_visibility()

    def draft(self) -> EventDraft:
        return EventDraft(
            date=self.date.value(),
            kind=str(combo_value(self.kind)),
            hospital_level=combo_value(self.level),
            facility=combo_value(self.facility),
            disease_count=self.disease_count.value(),
            rare_disease_drug=self.rare.isChecked(),
            referral=str(combo_value(self.referral)),
            cost_text=self.cost.text(),
            slip_text=self.slip.text(),
        )

    def show_problem(self, column: int | None, message: str) -> None:
        """Mirror the row's problem at the field (the money fields check their own text too)."""
        for label in (self.date_msg, self.level_msg, self.facility_msg):
            label.hide()
        for combo in (self.level, self.facility):
            combo.setStyleSheet("")
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
            kind = str(combo_value(self.kind))
            combo, label = (self.level, self.level_msg) if kind in NEEDS_LEVEL else (self.facility, self.facility_msg)
            label.setText("⚠ " + message)
            label.show()
            combo.setStyleSheet("QComboBox { border: 2px solid #c62828; }")


class SimulationTab(WorkTab):
    case_key = "simulation"

    def __init__(self, policies: PolicySet, parent: QWidget | None = None):
        super().__init__(policies, parent)
        self._result: YearResult | None = None
        self._current = False
        self._loading = False
        self.model = EventsModel(self)
        self.ledgers_model = LedgersModel(self)

        top = self._build_person()
        table_box = self._build_table()
        self.editor = EventEditor()
        self.editor.pku_hint = pku_condition(self.policy)
        self.editor.edited.connect(self._on_editor)
        results = self._build_results()

        # left: the list of costs over the selected cost's editor (the column scrolls on a short
        # screen rather than drawing the editor's hint and error over each other); right: the
        # year's figures over how they were reached and the running ledgers
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(table_box, 2)
        # the editor and the running ledgers share the column's lower half: the ledgers' long
        # line titles need the width (squeezed beside the steps they showed 3 columns x 5 lines)
        self.details = QTabWidget()
        self.details.addTab(self.editor, self.tr("选中费用的明细"))
        self.details.addTab(self.ledgers_view, self.tr("累计台账(每笔之后)"))
        lv.addWidget(self.details, 3)
        self.left_scroll = QScrollArea()
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setWidget(left)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.left_scroll)
        self.main_split.addWidget(results)
        # about two thirds to the costs: their nine columns fit whole in 大字模式 at 1366 px
        self.main_split.setStretchFactor(0, 2)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([6500, 3500])
        self.main_split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.main_split, 1)
        self.editor.set_draft(None)
        self.recompute()

    # ------------------------------------------------------------------ building

    def _build_person(self) -> QWidget:
        # one line without a frame of its own: the height goes to the costs and the results
        box = QWidget()
        grid = QGridLayout(box)
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
        self.birth_msg = _message_label()
        self.continuous_years = QSpinBox()
        self.continuous_years.setRange(0, 120)
        self.continuous_years.setSuffix(self.tr(" 年"))
        self.continuous_years.setToolTip(self.tr("住院分娩补足至70%需连续参保满一年"))
        pairs = [
            (self.tr("参保类别"), self.category),
            (self.tr("医疗救助身份"), self.aid_status),
            (self.tr("出生日期"), _stack(self.birth_date, self.birth_msg)),
            (self.tr("连续参保年数"), self.continuous_years),
        ]
        for col, (label, widget) in enumerate(pairs):
            text = QLabel(label)
            text.setBuddy(widget)
            grid.addWidget(text, 0, 1 + col * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, 0, 2 + col * 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1 + len(pairs) * 2, 1)
        for combo in (self.category, self.aid_status):
            combo.currentIndexChanged.connect(self._on_edit)
        self.birth_date.dateChanged.connect(self._on_edit)
        self.continuous_years.valueChanged.connect(self._on_edit)
        return box

    def _build_table(self) -> QWidget:
        box = QGroupBox(self.tr("本年度的费用(按日期顺序计算)"))
        lay = QVBoxLayout(box)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PROBLEM, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("提示") + 12)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(self.fontMetrics().height() * 6)
        self.table.setAccessibleName(self.tr("费用列表"))
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()  # under the table: the table keeps the width for its money columns
        self.add_button = QPushButton(self.tr("添加费用(&A)"))
        self.duplicate_button = QPushButton(self.tr("复制选中(&D)"))
        self.remove_button = QPushButton(self.tr("删除选中(&R)"))
        self.add_button.clicked.connect(self.add_event)
        self.duplicate_button.clicked.connect(self.duplicate_event)
        self.remove_button.clicked.connect(self.remove_event)
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        return box

    def _build_results(self) -> QWidget:
        # the year's figures over how they were reached; the clerk can move the divider
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.setChildrenCollapsible(False)
        left = QVBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        left.addWidget(self.status)
        self.totals_frame = QFrame()
        self.totals_frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self.totals_frame)
        self.total_labels: dict[str, QLabel] = {}
        self._big: list[QLabel] = []
        rows = [("compliant_cost", self.tr("全年合规费用"))] + list(
            zip(("basic_fund", "critical_illness", "medical_aid", "out_of_pocket"), SLIP_LAYER_LABELS, strict=True)
        )
        # one figure to a line: a narrow column holds them whole in 大字模式 too
        for i, (key, label) in enumerate(rows):
            row, column = i, 0
            name = QLabel(self.tr(label))
            value = QLabel("—")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            grid.addWidget(name, row, column)
            grid.addWidget(value, row, column + 1)
            self.total_labels[key] = value
            if key != "compliant_cost":
                self._big.extend((name, value))
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        left.addWidget(self.totals_frame)
        self.chart = SplitChart()
        left.addWidget(self.chart)
        left.addStretch(1)
        # on a short screen the figures scroll rather than being squeezed into each other
        summary = QWidget()
        summary.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        self.summary_scroll = QScrollArea()
        self.summary_scroll.setWidgetResizable(True)
        self.summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.summary_scroll.setWidget(summary)
        outer.addWidget(self.summary_scroll)

        self.steps = StepsPanel()
        self.ledgers_view = QTableView()
        self.ledgers_view.setModel(self.ledgers_model)
        self.ledgers_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ledgers_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # one text line per ledger line: ten of them in the lower half of a 768 px screen
        self.ledgers_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.ledgers_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.ledgers_view.setWordWrap(False)
        self.ledgers_view.setAccessibleName(self.tr("累计台账"))
        outer.addWidget(self.steps)
        outer.setStretchFactor(0, 2)
        outer.setStretchFactor(1, 3)
        outer.setSizes([2000, 3000])
        self._apply_big_fonts()
        return outer

    def _apply_big_fonts(self) -> None:
        line = self.fontMetrics().height()
        self.ledgers_view.verticalHeader().setDefaultSectionSize(line + 6)
        # most of its ten lines in view (the column scrolls on a short screen)
        self.ledgers_view.setMinimumHeight(8 * (line + 6) + 2 * line + 12)
        base = self.font().pointSizeF()
        for label in self._big:
            font = QFont(self.font())
            font.setPointSizeF(base * 1.3)
            font.setBold(label is self.total_labels["out_of_pocket"])
            label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_big_fonts()

    # ------------------------------------------------------------------ rows

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self._on_row_changed()

    def _new_date(self) -> dt.date | None:
        drafts = self.model.drafts()
        if drafts and drafts[-1].date is not None:
            return drafts[-1].date
        return self.policy.enrolment.benefit_start.value

    def add_event(self) -> None:
        drafts = self.model.drafts()
        drafts.append(EventDraft(date=self._new_date()))
        self._set_drafts(drafts, select=len(drafts) - 1)
        self.editor.cost.setFocus()

    def duplicate_event(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        drafts = self.model.drafts()
        drafts.insert(row + 1, drafts[row])
        self._set_drafts(drafts, select=row + 1)

    def remove_event(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        drafts = self.model.drafts()
        del drafts[row]
        self._set_drafts(drafts, select=min(row, len(drafts) - 1))

    def _set_drafts(self, drafts: list[EventDraft], select: int) -> None:
        self.model.set_state(drafts)
        self.recompute()
        self.select_row(select)
        self.changed.emit()

    def _on_row_changed(self) -> None:
        row = self.current_row()
        self.editor.set_draft(self.model.draft(row) if row >= 0 else None)
        self._show_row_problem()
        self._show_steps()

    def _on_editor(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        drafts = self.model.drafts()
        drafts[row] = self.editor.draft()
        self.model.set_state(drafts, {}, self.model.problems())
        self.recompute()
        self.changed.emit()

    def _on_edit(self) -> None:
        if self._loading:
            return
        self.recompute()
        self.changed.emit()

    def _show_row_problem(self) -> None:
        row = self.current_row()
        problem = self.model.problems().get(row)
        if problem is None:
            self.editor.show_problem(None, "")
        else:
            self.editor.show_problem(problem[0], problem[1])

    # ------------------------------------------------------------------ computing

    def _person(self) -> Person:
        try:
            return Person(
                category=combo_value(self.category),
                aid_status=combo_value(self.aid_status),
                birth_date=self.birth_date.value(),
                continuous_enrolment_years=self.continuous_years.value(),
            )
        except ValidationError as exc:
            first = describe_validation_error(exc, "person")[0]
            raise InputProblem(first["field"], first["message"]) from None

    def person_and_events(self) -> tuple[Person, list[Event]]:
        """The person and every event as the core takes them; InputProblem names the first problem."""
        person = self._person()
        events = [build_event(d, i) for i, d in enumerate(self.model.drafts())]
        if not events:
            raise InputProblem("events", self.tr("还没有添加费用"))
        return person, events

    def recompute(self) -> None:
        drafts = self.model.drafts()
        problems: dict[int, tuple[int, str]] = {}
        events: list[Event] = []
        for i, draft in enumerate(drafts):
            try:
                events.append(build_event(draft, i))
            except InputProblem as problem:
                problems[i] = self._where(problem)
        self.birth_msg.hide()
        result: YearResult | None = None
        person_message: str | None = None
        if not problems and events:
            try:
                result = simulate_year(self.policy, self._person(), events)
            except InputProblem as problem:
                location = problem_location(problem.field)
                if location is None:
                    person_message = problem.message
                else:
                    problems[location[0]] = self._where(problem)
        self.model.set_state(drafts, {r.index: r.layers for r in result.events} if result else {}, problems)
        self._show_row_problem()
        if person_message:
            self.birth_msg.setText("⚠ " + person_message)
            self.birth_msg.show()
        if result is not None:
            self._show(result)
        elif not drafts:
            self._show_empty()
        else:
            rows = "、".join(str(r + 1) for r in sorted(problems))
            first = problems[min(problems)][1] if problems else ""
            # the problem itself, not a pointer to a column that may be scrolled out of view
            where = (
                self.tr("第 {rows} 笔费用有问题:{first}(选中该笔,在“选中费用的明细”中修改)").format(
                    rows=rows, first=first
                )
                if rows
                else person_message
            )
            self._show_stale(where or "")

    @staticmethod
    def _where(problem: InputProblem) -> tuple[int, str]:
        location = problem_location(problem.field)
        # The core names its input field for CLI users; the clerk sees the column itself.
        message = problem.message.replace(" basic_fund_paid", "")
        return (location[1] if location else COL_PROBLEM), message

    # ------------------------------------------------------------------ showing

    def _show_empty(self) -> None:
        self._result = None
        self._current = False
        self.status.setText(self.tr("请点“添加费用”,逐笔录入本年度的住院、门诊等费用。"))
        for label in self.total_labels.values():
            label.setText("—")
        self.totals_frame.setEnabled(True)
        self.chart.set_layers(ZERO, ZERO, ZERO, ZERO)
        self.chart.set_greyed(False)
        self.ledgers_model.set_result(None)
        self.steps.setEnabled(True)
        self.steps.set_message(self.tr("还没有费用。"))

    def _show_stale(self, message: str) -> None:
        self._current = False
        if self._result is None:
            self.status.setText("⚠ " + message)
            self.steps.set_message(self.tr("请先更正:") + message)
            return
        self.status.setText("⚠ " + message + self.tr(";下方是上一次有效输入的结果(已变灰)。"))
        self.totals_frame.setEnabled(False)
        self.chart.set_greyed(True)
        self.steps.setEnabled(False)
        self.ledgers_view.setEnabled(False)

    def _show(self, result: YearResult) -> None:
        self._result = result
        self._current = True
        t = result.totals
        self.status.setText(
            self.tr("{year}年度政策,共 {n} 笔费用(随输入自动更新)").format(
                year=result.policy_year, n=len(result.events)
            )
        )
        for key, label in self.total_labels.items():
            label.setText(fmt_yuan(getattr(t, key)))
        self.totals_frame.setEnabled(True)
        self.chart.set_greyed(False)
        self.chart.set_layers(t.basic_fund, t.critical_illness, t.medical_aid, t.out_of_pocket)
        self.ledgers_model.set_result(result)
        self.ledgers_view.setEnabled(True)
        self.steps.setEnabled(True)
        self._show_steps()

    def _show_steps(self) -> None:
        if not self._current or self._result is None:
            return
        sections: list[tuple[str | None, Any]] = []
        row = self.current_row()
        by_index = {r.index: r for r in self._result.events}
        if row in by_index:
            ev = by_index[row]
            sections.append((self.tr("第 {n} 笔:{kind}").format(n=row + 1, kind=KIND_LABELS[ev.event.kind]), ev.steps))
        sections.append((self.tr("全年合计"), self._result.steps))
        self.steps.set_sections(sections)

    def result(self) -> YearResult | None:
        return self._result if self._current else None

    def set_policy_year(self, year: int) -> None:
        """Dates move into the chosen year (same month and day), as the year comparison does."""
        drafts = [move_to_year(d, year) for d in self.model.drafts()]
        row = self.current_row()
        self.model.set_state(drafts, {}, self.model.problems())
        self.editor.pku_hint = pku_condition(self.policies[year])
        self.editor.set_draft(self.model.draft(row) if row >= 0 else None)
        super().set_policy_year(year)

    # ------------------------------------------------------------------ slip and case

    def slip(self) -> Slip | None:
        if not self._current or self._result is None:
            return None
        r = self._result
        t = r.totals
        birth = self.birth_date.value()
        inputs = (
            (self.tr("参保类别"), self.category.currentText()),
            (self.tr("医疗救助身份"), self.aid_status.currentText()),
            (self.tr("出生日期"), birth.isoformat() if birth else self.tr("未填写")),
            (self.tr("连续参保年数"), str(self.continuous_years.value())),
            (self.tr("费用笔数"), str(len(r.events))),
        )
        layers = (t.basic_fund, t.critical_illness, t.medical_aid, t.out_of_pocket)
        amounts = (SlipAmount(self.tr("全年合规费用"), t.compliant_cost),) + tuple(
            SlipAmount(self.tr(label), amount, emphasis=label == SLIP_LAYER_LABELS[-1])
            for label, amount in zip(SLIP_LAYER_LABELS, layers, strict=True)
        )
        header = (
            self.tr("序号"),
            self.tr("日期"),
            self.tr("类别"),
            self.tr("医院/机构"),
            self.tr("合规费用"),
            self.tr("基本医保"),
            self.tr("大病保险"),
            self.tr("医疗救助"),
            self.tr("个人自付"),
        )
        rows: list[tuple[str, ...]] = [header]
        steps: list[Step] = []
        for ev in r.events:
            draft = self.model.draft(ev.index)
            lay = ev.layers
            rows.append(
                (
                    str(ev.index + 1),
                    ev.event.date.isoformat() if ev.event.date else "",
                    KIND_LABELS[ev.event.kind],
                    draft.place_text(),
                    *(
                        f"{v:,.2f}"
                        for v in (
                            lay.compliant_cost,
                            lay.basic_fund,
                            lay.critical_illness,
                            lay.medical_aid,
                            lay.out_of_pocket,
                        )
                    ),
                )
            )
            steps.extend(ev.steps)
        rows.append(
            (
                self.tr("合计"),
                "",
                "",
                "",
                *(
                    f"{v:,.2f}"
                    for v in (t.compliant_cost, t.basic_fund, t.critical_illness, t.medical_aid, t.out_of_pocket)
                ),
            )
        )
        steps.extend(r.steps)
        notes = tuple(
            f"{self.tr('年末')} {self.tr(label)}:{_ledger_text(getattr(r.ledgers, key))}"
            for key, label in Ledgers.LABELS.items()
        )
        return Slip(
            title=self.tr("医疗救助模拟(全年)"),
            policy_year=r.policy_year,
            data_version=self.policy.data_version,
            data_hash=self.entry.sha256,
            inputs=inputs,
            amounts=amounts,
            steps=tuple(steps),
            notes=notes,
            table=tuple(rows),
            stale_warning=staleness_message(self.policies, r.policy_year, dt.date.today()),
        )

    def to_case(self) -> dict[str, Any]:
        birth = self.birth_date.value()
        return {
            "person": {
                "category": combo_value(self.category),
                "aid_status": combo_value(self.aid_status),
                "birth_date": birth.isoformat() if birth else None,
                "continuous_enrolment_years": self.continuous_years.value(),
            },
            "events": [d.to_case() for d in self.model.drafts()],
        }

    def load_case(self, data: dict[str, Any]) -> None:
        saved_person, saved_events = data.get("person"), data.get("events")
        person: dict[str, Any] = saved_person if isinstance(saved_person, dict) else {}
        events: list[Any] = saved_events if isinstance(saved_events, list) else []
        self._loading = True
        try:
            set_combo_value(self.category, person.get("category"))
            set_combo_value(self.aid_status, person.get("aid_status"))
            birth = person.get("birth_date")
            try:
                self.birth_date.set_value(dt.date.fromisoformat(birth) if isinstance(birth, str) else None)
            except ValueError:
                self.birth_date.set_value(None)
            years = person.get("continuous_enrolment_years")
            self.continuous_years.setValue(years if isinstance(years, int) and not isinstance(years, bool) else 0)
        finally:
            self._loading = False
        self._result = None
        self._set_drafts([EventDraft.from_case(e) for e in events], select=0)

    def clear(self) -> None:
        self.load_case({})


def _ledger_text(value: object) -> str:
    return str(value) if isinstance(value, int) else fmt_yuan(value)  # type: ignore[arg-type]
