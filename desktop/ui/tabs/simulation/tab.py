"""医疗救助模拟: a person's whole year as a list of events through the full chain.

The table holds what the clerk typed and, once every row is valid, what each layer paid; the
running ledgers show what the year has used up after each event. A problem is shown in its row
and column, and again at the field of the editor when that row is selected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.care import Event, Person, YearResult, simulate_year, spec
from desktop.core.errors import InputProblem
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import Slip
from desktop.ui.tabs.care_tab import CareTab
from desktop.ui.tabs.simulation.costs_box import CostsBox
from desktop.ui.tabs.simulation.editor import EventEditor
from desktop.ui.tabs.simulation.events_model import (
    COL_PROBLEM,
    EventDraft,
    EventsModel,
    LedgersModel,
    build_event,
    move_to_year,
    problem_location,
)
from desktop.ui.tabs.simulation.person_row import PersonRow
from desktop.ui.tabs.simulation.slip import tab_slip
from desktop.ui.widgets.care_totals import CareTotals
from desktop.ui.widgets.steps_panel import StepsPanel


class SimulationTab(CareTab):
    case_key = "simulation"

    def __init__(self, policies: PolicySet, parent: QWidget | None = None):
        super().__init__(policies, parent)
        self.model = EventsModel(self)
        self.ledgers_model = LedgersModel(self)

        self.person_row = PersonRow()
        self.category, self.aid_status = self.person_row.category, self.person_row.aid_status
        self.person_row.connect_edits(self._on_edit)
        table_box = self.costs_box = CostsBox(self.model)
        self.table, self.add_button = table_box.table, table_box.add_button
        self.duplicate_button, self.remove_button = table_box.duplicate_button, table_box.remove_button
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.add_button.clicked.connect(self.add_event)
        self.duplicate_button.clicked.connect(self.duplicate_event)
        self.remove_button.clicked.connect(self.remove_event)
        self.editor = EventEditor()
        self.editor.policy = self.policy
        self.editor.edited.connect(self._on_editor)
        results = self._build_results()

        # left: the list of costs over the selected cost's editor. Only the editor scrolls on a
        # short screen (大字模式 at 1280x720): the whole column scrolling took the row being
        # edited out of view, and the list kept a row and a half
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        left.addWidget(table_box)
        # the editor and the running ledgers share the column's lower half: the ledgers' long
        # line titles need the width (squeezed beside the steps they showed 3 columns x 5 lines)
        self.editor_scroll = QScrollArea()
        self.editor_scroll.setWidgetResizable(True)
        self.editor_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.editor_scroll.setWidget(self.editor)
        self.editor_scroll.setMinimumHeight(self.fontMetrics().height() * 3)
        self.details = QTabWidget()
        self.details.addTab(self.editor_scroll, self.tr("选中费用的明细"))
        self.details.addTab(self.ledgers_view, self.tr("累计台账(每笔之后)"))
        left.addWidget(self.details)
        left.setStretchFactor(0, 2)
        left.setStretchFactor(1, 3)
        self.left_scroll = left
        self.details.currentChanged.connect(self._details_switched)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.left_scroll)
        # the figures sit at the top of the column: on a short screen (大字模式 at 1280x720) the
        # steps under them scroll with the column, never the figures out of view
        self.results_scroll = QScrollArea()
        self.results_scroll.setWidgetResizable(True)
        self.results_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.results_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results_scroll.setWidget(results)
        self.main_split.addWidget(self.results_scroll)
        # about two thirds to the costs: their nine columns fit whole in 大字模式 at 1366 px
        self.main_split.setStretchFactor(0, 2)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([6500, 3500])
        self.main_split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.person_row)
        layout.addWidget(self.main_split, 1)
        self.editor.set_draft(None)
        self.recompute()

    # ------------------------------------------------------------------ building

    def _build_results(self) -> QWidget:
        # the year's figures over how they were reached; the clerk can move the divider
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.setChildrenCollapsible(False)
        left = QVBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        left.addWidget(self.status)
        self.totals = CareTotals(self.tr("全年合规费用"), pairs=False, scale=1.3)
        self.totals_frame, self.total_labels, self.chart = self.totals.frame, self.totals.labels, self.totals.chart
        left.addWidget(self.totals)
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

        self.steps = StepsPanel(min_lines=2)
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
        outer.setStretchFactor(0, 0)
        outer.setStretchFactor(1, 1)
        self._summary = summary
        self._fit_ledgers()
        return outer

    def _details_switched(self) -> None:
        """The ledger's ten lines want the column's height: while it shows, the list of costs folds
        to its title line (the ledger has a column per cost); back on the editor it opens again
        with the row being edited in view."""
        ledger = self.details.currentWidget() is self.ledgers_view
        self.table.setVisible(not ledger)
        split = self.left_scroll
        total = sum(split.sizes())
        top = self.costs_box.minimumSizeHint().height() if ledger else total * 2 // 5
        split.setSizes([top, total - top])
        if not ledger:
            row = self.current_row()
            if row >= 0:
                self.table.scrollTo(self.model.index(row, 0))

    def _fit_summary(self) -> None:
        """The year's figures whole, whatever the text size; the chart under them and the steps
        below take what is left (on a short screen the chart scrolls first, never the figures)."""
        chart = self.chart.sizeHint().height() if self.chart.isVisibleTo(self) else 0
        whole = self._summary.sizeHint().height()
        self.summary_scroll.setMinimumHeight(max(whole - chart, 0))
        self.summary_scroll.setMaximumHeight(whole)

    def _fit_ledgers(self) -> None:
        line = self.fontMetrics().height()
        self.ledgers_view.verticalHeader().setDefaultSectionSize(line + 6)
        # a few of its ten lines at least: its tab shares the column with the costs, which keep
        # the row being edited in view; where the screen has room the ledger shows most of them
        self.ledgers_view.setMinimumHeight(2 * (line + 6) + line + 12)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_ledgers()
            self._fit_summary()

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
        if row >= 0:
            self.table.scrollTo(self.model.index(row, 0))  # the row being edited stays in view
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

    def _show_row_problem(self) -> None:
        row = self.current_row()
        problem = self.model.problems().get(row)
        if problem is None:
            self.editor.show_problem(None, "")
        else:
            self.editor.show_problem(problem[0], problem[1])

    # ------------------------------------------------------------------ computing

    def person_and_events(self) -> tuple[Person, list[Event]]:
        """The person and every event as the core takes them; InputProblem names the first problem."""
        person = self.person_row.person()
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
        self.person_row.show_problem(None)
        result: YearResult | None = None
        person_message: str | None = None
        if not problems and events:
            try:
                result = simulate_year(self.policy, self.person_row.person(), events)
            except InputProblem as problem:
                location = problem_location(problem.field)
                if location is None:
                    person_message = problem.message
                else:
                    problems[location[0]] = self._where(problem)
        self.model.set_state(drafts, {r.index: r.layers for r in result.events} if result else {}, problems)
        self._show_row_problem()
        self.person_row.show_problem(person_message)
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
        self._fit_summary()

    @staticmethod
    def _where(problem: InputProblem) -> tuple[int, str]:
        location = problem_location(problem.field)
        # The core names its input field for CLI users; the clerk sees the column itself.
        message = problem.message.replace(" basic_fund_paid", "")
        return (location[1] if location else COL_PROBLEM), message

    # ------------------------------------------------------------------ showing

    def _show_empty(self) -> None:
        self._show_empty_with(self.tr("请点“添加费用”,逐笔录入本年度的住院、门诊等费用。"), self.tr("还没有费用。"))
        self.ledgers_model.set_result(None)

    def _unfixed_steps(self, message: str) -> str:
        return self.tr("请先更正:") + message

    def _greyed_note(self) -> str:
        return self.tr(";下方是上一次有效输入的结果(已变灰)。")

    def _show_stale(self, message: str) -> None:
        super()._show_stale(message)
        if self._result is not None:
            self.ledgers_view.setEnabled(False)

    def _show(self, result: YearResult) -> None:
        status = self.tr("{year}年度政策,共 {n} 笔费用(随输入自动更新)").format(
            year=result.policy_year, n=len(result.events)
        )
        self._show_result(result, status)
        self.ledgers_model.set_result(result)
        self.ledgers_view.setEnabled(True)
        self._show_steps()

    def _show_steps(self) -> None:
        if not self._current or self._result is None:
            return
        sections: list[tuple[str | None, Any]] = []
        row = self.current_row()
        by_index = {r.index: r for r in self._result.events}
        if row in by_index:
            ev = by_index[row]
            sections.append((self.tr("第 {n} 笔:{kind}").format(n=row + 1, kind=spec(ev.event.kind).label), ev.steps))
        sections.append((self.tr("全年合计"), self._result.steps))
        self.steps.set_sections(sections)

    def set_policy_year(self, year: int) -> None:
        """Dates move into the chosen year (same month and day), as the year comparison does."""
        drafts = [move_to_year(d, year) for d in self.model.drafts()]
        row = self.current_row()
        self.model.set_state(drafts, {}, self.model.problems())
        self.editor.policy = self.policies[year]
        self.editor.set_draft(self.model.draft(row) if row >= 0 else None)
        super().set_policy_year(year)

    # ------------------------------------------------------------------ slip and case

    def _slip(self, result: YearResult) -> Slip:
        return tab_slip(self, result)

    def carry_in(self, person: dict[str, Any], event: dict[str, Any]) -> YearResult | None:
        """报销测算's 记入本年度: the visit appended to the year (the person as that tab has them, the
        date after the last cost's when it has none); the year's result, None while a cost has a problem."""
        self._loading = True
        try:
            self.person_row.load_case({**self.person_row.to_case(), **person})
        finally:
            self._loading = False
        draft = EventDraft.from_case(event)
        if draft.date is None:
            draft = replace(draft, date=self._new_date())
        drafts = [*self.model.drafts(), draft]
        self._set_drafts(drafts, select=len(drafts) - 1)
        return self._result if self._current else None

    def to_case(self) -> dict[str, Any]:
        return {"person": self.person_row.to_case(), "events": [d.to_case() for d in self.model.drafts()]}

    def load_case(self, data: dict[str, Any]) -> None:
        saved_person, saved_events = data.get("person"), data.get("events")
        person: dict[str, Any] = saved_person if isinstance(saved_person, dict) else {}
        events: list[Any] = saved_events if isinstance(saved_events, list) else []
        self._loading = True
        try:
            self.person_row.load_case(person)
        finally:
            self._loading = False
        self._result = None
        self._set_drafts([EventDraft.from_case(e) for e in events], select=0)
