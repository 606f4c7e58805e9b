"""保费测算: a household's premiums, when to pay, 家庭共济, and the waiting period after paying late."""

from __future__ import annotations

import datetime as dt
import html
import weakref
from itertools import pairwise
from typing import Any, cast

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.explain import Step
from desktop.core.family import FamilyCheck
from desktop.core.identity import age_rule_line
from desktop.core.money import ZERO, fmt_yuan
from desktop.core.policy.kinds import Category, District
from desktop.core.policy.loader import PolicySet
from desktop.core.policy.names import category_labels, district_names
from desktop.core.policy.required import MissingFigure
from desktop.core.premium import (
    HouseholdQuote,
    Member,
    quote_household,
    standard_amount,
)
from desktop.core.slip import Slip
from desktop.core.slips.quote import flat_steps, quote_sections
from desktop.core.waiting import WaitingResult
from desktop.ui.tab_base import WorkTab
from desktop.ui.tabs.quote.household_model import (
    COL_INDIVIDUAL,
    HouseholdModel,
    HouseholdRow,
    row_to_case,
    rows_from_case,
)
from desktop.ui.tabs.quote.household_table import HouseholdTable
from desktop.ui.tabs.quote.messages import live_id_html, message_html
from desktop.ui.tabs.quote.panels import SideColumn, set_combo
from desktop.ui.tabs.quote.slip import tab_slip
from desktop.ui.widgets.steps_panel import StepsPanel

#: the household total's size against the text around it
TOTAL_SCALE = 1.3


class QuoteTab(WorkTab):
    """Household table, totals and split, payment dates, 家庭共济 and the waiting period."""

    case_key = "quote"

    def __init__(self, policies: PolicySet, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(policies, parent)
        self.today = today or dt.date.today()
        self.quote: HouseholdQuote | None = None
        self._steps: tuple[Step, ...] = ()
        self._loading = False
        self._computing = False
        self._missing: str | None = None  # a figure of the year's data the premium needs, left empty

        self.model = HouseholdModel(self.today, self, policy_year=self.policy.policy_year)
        # through a weak reference: the model and the delegate are Qt children of this tab, and a
        # Python reference cycle back to it would leave the tab to the garbage collector, which
        # may then destroy it (and run its slots) at any moment, even inside another widget's code
        me = weakref.ref(self)
        self.model.changes_premium = lambda row, category: _changes_premium(me, row, category)
        self._build()
        self._use_year_names()
        self._wire()
        self.recompute()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        self.district = QComboBox()
        self._fill_districts()
        self.district.setAccessibleName(self.tr("所在区(市)"))
        district_label = QLabel(self.tr("所在区(市)(&D):"))
        district_label.setBuddy(self.district)
        top.addWidget(district_label)
        top.addWidget(self.district)
        top.addWidget(QLabel(self.tr("全家按此区计算")))
        top.addStretch(1)
        lv.addLayout(top)

        me = weakref.ref(self)
        self.table = HouseholdTable(self.model, self.today, lambda: _policy_year(me))
        lv.addWidget(self.table, 1)  # six members in view (its minimum); what is left goes mostly to the steps

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加成员(&A)"))
        self.copy_button = QPushButton(self.tr("复制成员"))
        self.delete_button = QPushButton(self.tr("删除成员"))
        self.accept_button = QPushButton(self.tr("采纳建议类别(&J)"))
        self.accept_button.setToolTip(
            self.tr("Alt+J:把选中成员(未选中时为第一位有建议的成员)改为建议的类别。建议只是参考,采纳前请核实")
        )
        for b in (self.add_button, self.copy_button, self.delete_button, self.accept_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lv.addLayout(buttons)

        self.age_rule = QLabel()
        self.age_rule.setWordWrap(True)
        self.age_rule.setStyleSheet("color: #555;")
        lv.addWidget(self.age_rule)

        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("提示"))
        lv.addWidget(self.message)

        totals = QHBoxLayout()
        self.total_label = QLabel()
        self._emphasise_total()
        self.exempt_label = QLabel()
        self.ltc_label = QLabel()
        self.total_caption = QLabel(self.tr("全家个人缴费合计:"))
        totals.addWidget(self.total_caption)
        totals.addWidget(self.total_label)
        totals.addSpacing(24)
        totals.addWidget(QLabel(self.tr("政府代缴(困难群众个人部分):")))
        totals.addWidget(self.exempt_label)
        totals.addSpacing(24)
        totals.addWidget(QLabel(self.tr("其中长护险:")))
        totals.addWidget(self.ltc_label)
        totals.addStretch(1)
        lv.addLayout(totals)
        # 高校大学生 pay through their college: their amount stands apart, with the notice's condition
        self.school_label = QLabel()
        self.school_label.setWordWrap(True)
        self.school_label.setAccessibleName(self.tr("高校大学生由学校代收"))
        self.school_label.hide()
        lv.addWidget(self.school_label)

        # two lines at least: below that the layout drew the legend over the steps; the column
        # scrolls (below) when the window is too short for everything
        self.steps_view = StepsPanel(self, min_lines=2)
        lv.addWidget(self.steps_view, 2)

        side = SideColumn()
        self.schedule_box, self.family_box, self.waiting_box = side.schedule, side.family, side.waiting
        # the boxes' inputs and labels under the names the tab has always had
        self.period_label = self.schedule_box.period_label
        self.debit_label = self.schedule_box.debit_label
        self.online_label = self.schedule_box.online_label
        self.relation = self.family_box.relation
        self.payer_employee = self.family_box.payer_employee
        self.family_result = self.family_box.result_label
        w = self.waiting_box
        self.pay_date, self.in_period, self.birth_date = w.pay_date, w.in_period, w.birth_date
        self.years_broken, self.years_repaid = w.years_broken, w.years_repaid
        self.newborn, self.new_aid = w.newborn, w.new_aid
        self.waiting_result = w.result_label
        self.waiting_errors = w.errors

        split = QSplitter(Qt.Orientation.Horizontal)
        # on a short screen (大字模式 at 1280x720) the column scrolls rather than squeezing the
        # table, buttons and steps into each other
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setWidget(left)
        split.addWidget(left_scroll)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(split)

        chain: tuple[QWidget, ...] = (self.district, self.table, self.add_button, self.copy_button)
        chain += (self.delete_button, self.accept_button, self.relation, self.payer_employee, self.pay_date)
        chain += (self.in_period, self.years_broken, self.years_repaid, self.newborn, self.new_aid, self.birth_date)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.table.delete_member)

    def _wire(self) -> None:
        self.district.currentIndexChanged.connect(self._district_changed)
        self.model.dataChanged.connect(self._model_edited)
        self.model.rowsInserted.connect(self._model_edited)
        self.model.rowsRemoved.connect(self._model_edited)
        self.model.modelReset.connect(self._model_edited)
        self.add_button.clicked.connect(self.add_member)
        self.copy_button.clicked.connect(self.table.copy_member)
        self.delete_button.clicked.connect(self.table.delete_member)
        self.accept_button.clicked.connect(self.table.accept_suggestion)
        # a bound method, not a lambda holding ``self``: a lambda makes a reference cycle, and the
        # garbage collector then destroys the tab at a random moment, running this slot half-way
        # through (a segmentation fault inside another window's code)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.id_delegate.live_message.connect(self._live_id_message)
        for signal in (
            self.payer_employee.currentIndexChanged,
            self.relation.currentIndexChanged,
            self.in_period.currentIndexChanged,
            self.years_broken.valueChanged,
            self.years_repaid.valueChanged,
            self.newborn.toggled,
            self.new_aid.toggled,
        ):
            signal.connect(self._input_changed)
        self.pay_date.dateChanged.connect(self._input_changed)
        self.birth_date.dateChanged.connect(self._input_changed)

    # ------------------------------------------------------------------ actions

    @property
    def district_key(self) -> str:
        return str(self.district.currentData())

    def add_member(self) -> int:
        return self.table.add_member(self.district_key)  # type: ignore[arg-type]

    def _changes_premium(self, row: HouseholdRow, category: Category) -> bool:
        try:
            return standard_amount(self.policy, category, row.district) != standard_amount(
                self.policy, row.category, row.district
            )
        except MissingFigure:  # said in the message line by recompute; no suggestion rests on it
            return False

    def _district_changed(self) -> None:
        self.model.set_district(self.district_key)  # type: ignore[arg-type]
        if not self.model.rows:
            self._input_changed()

    def _model_edited(self, *args: Any) -> None:
        if args and isinstance(args[0], QModelIndex) and args[0].column() >= COL_INDIVIDUAL:
            return  # the money columns just received this recompute's results
        self._refresh_message()
        self._input_changed()

    def _input_changed(self, *_: Any) -> None:
        if not self._loading:
            self.recompute()

    def _current_row_changed(self, *_: Any) -> None:
        self._refresh_message()

    def _live_id_message(self, text: str, is_error: bool) -> None:
        if text:
            self.message.setText(live_id_html(text, is_error))
        else:
            self._refresh_message()

    def _refresh_message(self) -> None:
        self.accept_button.setEnabled(self.table.suggestion_row() >= 0)
        try:
            text = message_html(self.policy, self.model, self.table.currentIndex().row())
        except MissingFigure as exc:
            text, self._missing = "", exc.message
        if self._missing:  # the year's data lacks a figure the premium needs: said first, in red
            text = f"<span style='color:#a4000f'>{html.escape(self._missing)}</span>" + (f"<br>{text}" if text else "")
        self.message.setText(text)

    def _use_year_names(self) -> None:
        """The year's names of the categories in the table and its list (premiums.categories.<id>.label)."""
        names = category_labels(self.policy)
        self.model.category_names = {c: label for c, label in names.items()}
        self.table.category_delegate.choices = list(names.items())

    def _fill_districts(self) -> None:
        """The year's districts (its document's list), keeping the chosen one when the year has it."""
        chosen = self.district.currentData()
        self.district.blockSignals(True)
        try:
            self.district.clear()
            for d, name in district_names(self.policy).items():
                self.district.addItem(name, d)
            set_combo(self.district, chosen)
        finally:
            self.district.blockSignals(False)

    def set_policy_year(self, year: int) -> None:
        self.entry = self.policies.entry(year)
        before = self.district.currentData()
        self._fill_districts()
        self._use_year_names()
        if self.district.currentData() != before:
            self.model.set_district(self.district_key)
        self.model.set_policy_year(year)
        self._refresh_message()
        self.recompute()

    # ------------------------------------------------------------------ computing

    def recompute(self) -> None:
        if self._computing:
            return
        self._computing = True
        try:
            self._recompute()
        finally:
            self._computing = False
        self.changed.emit()

    def _recompute(self) -> None:
        policy = self.policy
        self.age_rule.setText(self.tr("{rule},类别建议同此").format(rule=age_rule_line(policy.policy_year)))
        rows = self.model.rows
        missing: str | None = None
        try:
            quote = quote_household(policy, [row.member() for row in rows]) if rows else None
        except MissingFigure as exc:  # the year's data lacks a figure the premium needs: no amount shown
            quote, missing = None, exc.message
        if missing != self._missing:
            self._missing = missing
            self._refresh_message()
        if quote is not None:
            self.quote = quote
            self.model.set_quotes(list(self.quote.members))
            q = self.quote
            self.total_label.setText(fmt_yuan(q.counter_individual))
            self.total_caption.setText(
                self.tr("家庭在本柜台缴费合计:") if q.school_individual else self.tr("全家个人缴费合计:")
            )
            self.school_label.setVisible(bool(q.school_individual))
            self.school_label.setText(
                self.tr(
                    "另:高校大学生个人缴费 {amount} 由学校代收代缴,不在本柜台缴纳(全家合计 {total})。{cond}"
                ).format(
                    amount=fmt_yuan(q.school_individual), total=fmt_yuan(q.total_individual), cond=q.school_condition
                )
            )
            self.exempt_label.setText(fmt_yuan(self.quote.total_government_pays_individual))
            ltc = sum((m.ltc_individual for m in self.quote.members if not m.government_pays_individual), ZERO)
            self.ltc_label.setText(fmt_yuan(ltc))
        else:
            self.quote = None
            self.model.set_quotes([])
            self.total_label.setText(self.tr("无法计算") if missing else self.tr("请先“添加成员”"))
            self.total_caption.setText(self.tr("全家个人缴费合计:"))
            self.school_label.hide()
            self.exempt_label.setText("—")
            self.ltc_label.setText("—")

        self.schedule_box.show_policy(policy)
        self.family_box.recompute(policy)
        self.waiting_box.recompute(policy)
        sections = quote_sections(policy, self.quote, self.family_check, self.waiting)
        self._steps = flat_steps(sections)
        self.steps_view.set_sections(sections)

    # ------------------------------------------------------------------ slip and case

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._emphasise_total()
            # the table takes the new font after this tab
            # (with this tab as the receiver: the call is dropped if the tab is deleted first)
            QTimer.singleShot(0, self, self.table.size_columns)

    def _emphasise_total(self) -> None:
        """The household's total stands out in either text size: 1.3 times the tab's own font.

        A font set on a label is its own: without this, 大字模式 enlarged everything around the
        total and left it as it was, the same size as its neighbours.
        """
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * TOTAL_SCALE)
        big.setBold(True)
        self.total_label.setFont(big)

    def members(self) -> list[Member]:
        """The household as typed, for comparing years (工具 → 对比年度)."""
        return [row.member() for row in self.model.rows]

    def slip(self) -> Slip | None:
        return tab_slip(self)

    def steps(self) -> tuple[Step, ...]:
        """Every step shown, each group headed by a step of its own (the slip prints one flat list)."""
        return self._steps

    @property
    def waiting(self) -> WaitingResult | None:
        """The waiting period computed from the clerk's payment date; None until one is entered."""
        return self.waiting_box.answer

    @property
    def family_check(self) -> FamilyCheck | None:
        """The 家庭共济 answer; None until the clerk picks a relation."""
        return self.family_box.answer

    def to_case(self) -> dict[str, Any]:
        return {
            "district": self.district_key,
            "members": [row_to_case(r) for r in self.model.rows],
            "family": self.family_box.to_case(),
            "waiting": self.waiting_box.to_case(),
        }

    def load_case(self, data: dict[str, Any]) -> None:
        """Restore a saved case; unknown or broken values fall back to defaults instead of failing."""
        self._loading = True
        try:
            set_combo(self.district, data.get("district"))
            district = cast(District, self.district_key)
            rows = rows_from_case(data.get("members"), district, self.today, self.policy.policy_year)
            self.model.set_rows(rows)
            self.family_box.load_case(_dict(data.get("family")))
            self.waiting_box.load_case(_dict(data.get("waiting")))
        finally:
            self._loading = False
        self._refresh_message()
        self.recompute()

    def clear(self) -> None:
        self.load_case({})


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _changes_premium(tab: weakref.ref[QuoteTab], row: HouseholdRow, category: Category) -> bool:
    live = tab()
    return live is not None and live._changes_premium(row, category)


def _policy_year(tab: weakref.ref[QuoteTab]) -> int:
    live = tab()
    return live.policy.policy_year if live is not None else dt.date.today().year
