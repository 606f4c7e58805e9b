"""保费测算: a household's premiums, when to pay, 家庭共济, and the waiting period after paying late."""

from __future__ import annotations

import datetime as dt
import html
import weakref
from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import InputProblem
from desktop.core.explain import Step
from desktop.core.family import RELATION_LABELS, FamilyCheck, family_payment_check
from desktop.core.identity import IdNumberError, age_phrase, age_rule_line, mask_id, parse_id
from desktop.core.money import ZERO, fmt_yuan
from desktop.core.policy.kinds import AID_STATUSES, CATEGORIES, DISTRICTS, AidStatus, Category
from desktop.core.policy.loader import PolicySet
from desktop.core.premium import (
    AID_LABELS,
    CATEGORY_LABELS,
    DISTRICT_LABELS,
    HouseholdQuote,
    Member,
    quote_household,
    standard_amount,
)
from desktop.core.slip import Slip, SlipAmount
from desktop.core.waiting import WaitingInput, WaitingResult, waiting_period
from desktop.ui.tab_base import WorkTab
from desktop.ui.tabs.quote.household_model import (
    COL_AID,
    COL_CATEGORY,
    COL_ID,
    COL_INDIVIDUAL,
    COL_LTC,
    COL_NAME,
    COL_SUBSIDY,
    HouseholdModel,
    HouseholdRow,
    KeyRole,
    check_id,
    ltc_text,
)
from desktop.ui.widgets.fields import DateField
from desktop.ui.widgets.steps_panel import StepsPanel

Index = QModelIndex | QPersistentModelIndex
ERROR_STYLE = "color: #a4000f;"
#: members in view without scrolling the household table
TABLE_ROWS = 6
#: the household total's size against the text around it
TOTAL_SCALE = 1.3


class ComboDelegate(QStyledItemDelegate):
    """Edits a column whose model value is a key (category, aid status) through its Chinese label."""

    def __init__(self, choices: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for key, label in self.choices:
            combo.addItem(label, key)
        # commit as soon as a choice is made, so the totals follow without pressing Enter
        combo.activated.connect(lambda _=0, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        pos = editor.findData(index.data(KeyRole))
        editor.setCurrentIndex(max(pos, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class IdDelegate(QStyledItemDelegate):
    """The ID editor checks the number on every keystroke and says what is wrong, in Chinese."""

    live_message = Signal(str, bool)

    def __init__(self, today: dt.date, policy_year: Callable[[], int], parent: QWidget | None = None):
        super().__init__(parent)
        self.today = today
        self.policy_year = policy_year

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        edit = QLineEdit(parent)
        edit.setMaxLength(20)
        edit.setPlaceholderText(self.tr("18位身份证号,可不填"))
        edit.textEdited.connect(lambda text, e=edit: self._check(e, text))
        return edit

    def _check(self, edit: QLineEdit, text: str) -> None:
        if not text.strip():
            edit.setStyleSheet("")
            edit.setToolTip("")
            self.live_message.emit("", False)
            return
        try:
            info = parse_id(text, self.today)
        except IdNumberError as exc:
            edit.setStyleSheet("QLineEdit { border: 2px solid #a4000f; }")
            edit.setToolTip(str(exc))
            self.live_message.emit(str(exc), True)
            return
        edit.setStyleSheet("")
        message = self.tr("身份证号有效:{birth} 出生,{age}").format(
            birth=f"{info.birth_date:%Y-%m-%d}", age=age_phrase(info.birth_date, self.policy_year())
        )
        edit.setToolTip(message)
        self.live_message.emit(message, False)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        if editor.text():
            self._check(editor, editor.text())


class QuoteTab(WorkTab):
    """Household table, totals and split, payment dates, 家庭共济 and the waiting period."""

    case_key = "quote"

    def __init__(self, policies: PolicySet, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(policies, parent)
        self.today = today or dt.date.today()
        self.quote: HouseholdQuote | None = None
        self.waiting: WaitingResult | None = None
        self.family_check: FamilyCheck | None = None
        self._steps: tuple[Step, ...] = ()
        self._loading = False
        self._computing = False

        self.model = HouseholdModel(self.today, self, policy_year=self.policy.policy_year)
        # through a weak reference: the model and the delegate are Qt children of this tab, and a
        # Python reference cycle back to it would leave the tab to the garbage collector, which
        # may then destroy it (and run its slots) at any moment, even inside another widget's code
        me = weakref.ref(self)
        self.model.changes_premium = lambda row, category: _changes_premium(me, row, category)
        self._build()
        self._wire()
        self.recompute()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        self.district = QComboBox()
        for d in DISTRICTS:
            self.district.addItem(DISTRICT_LABELS[d], d)
        self.district.setAccessibleName(self.tr("所在区(市)"))
        district_label = QLabel(self.tr("所在区(市)(&D):"))
        district_label.setBuddy(self.district)
        top.addWidget(district_label)
        top.addWidget(self.district)
        top.addWidget(QLabel(self.tr("全家按此区计算")))
        top.addStretch(1)
        lv.addLayout(top)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users reach the buttons
        self.table.setAccessibleName(self.tr("家庭成员"))
        self.category_delegate = ComboDelegate([(c, CATEGORY_LABELS[c]) for c in CATEGORIES], self.table)
        self.aid_delegate = ComboDelegate([(a, AID_LABELS[a]) for a in AID_STATUSES], self.table)
        me = weakref.ref(self)
        self.id_delegate = IdDelegate(self.today, lambda: _policy_year(me), self.table)
        self.table.setItemDelegateForColumn(COL_CATEGORY, self.category_delegate)
        self.table.setItemDelegateForColumn(COL_AID, self.aid_delegate)
        self.table.setItemDelegateForColumn(COL_ID, self.id_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._size_columns()
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
        totals.addWidget(QLabel(self.tr("全家个人缴费合计:")))
        totals.addWidget(self.total_label)
        totals.addSpacing(24)
        totals.addWidget(QLabel(self.tr("政府代缴(困难群众个人部分):")))
        totals.addWidget(self.exempt_label)
        totals.addSpacing(24)
        totals.addWidget(QLabel(self.tr("其中长护险:")))
        totals.addWidget(self.ltc_label)
        totals.addStretch(1)
        lv.addLayout(totals)

        # two lines at least: below that the layout drew the legend over the steps; the column
        # scrolls (below) when the window is too short for everything
        self.steps_view = StepsPanel(self, min_lines=2)
        lv.addWidget(self.steps_view, 2)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(4, 0, 4, 0)

        schedule = QGroupBox(self.tr("缴费时间"))
        sf = QFormLayout(schedule)
        self.period_label = QLabel()
        self.debit_label = QLabel()
        self.online_label = QLabel()
        for lbl in (self.period_label, self.debit_label, self.online_label):
            lbl.setWordWrap(True)
        sf.addRow(self.tr("集中参保缴费期:"), self.period_label)
        sf.addRow(self.tr("银行扣款:"), self.debit_label)
        sf.addRow(self.tr("线上缴费开始:"), self.online_label)
        rv.addWidget(schedule)

        family = QGroupBox(self.tr("家庭共济(职工医保个人账户代缴)"))
        ff = QFormLayout(family)
        # nothing is pre-answered: the section says something only once the clerk picks a relation
        self.relation = QComboBox()
        self.relation.addItem(self.tr("(未选)"), None)
        for key, label in RELATION_LABELS.items():
            self.relation.addItem(label, key)
        self.payer_employee = QComboBox()
        self.payer_employee.addItem(self.tr("(未核实)"), None)
        self.payer_employee.addItem(self.tr("是"), True)
        self.payer_employee.addItem(self.tr("否"), False)
        self.family_result = QLabel()
        self.family_result.setWordWrap(True)
        relation_label = QLabel(self.tr("被代缴人是代缴人的(&R):"))
        relation_label.setBuddy(self.relation)
        ff.addRow(relation_label, self.relation)
        ff.addRow(self.tr("代缴人参加省内职工医保:"), self.payer_employee)
        ff.addRow(self.family_result)
        rv.addWidget(family)

        waiting = QGroupBox(self.tr("待遇等待期(补缴、断保)"))
        wf = QFormLayout(waiting)
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
        self.waiting_result = QLabel()
        self.waiting_result.setWordWrap(True)
        #: field → (its message label, the input): a refusal is shown under the input it concerns
        self.waiting_errors: dict[str, tuple[QLabel, QWidget]] = {}

        def row(field: str, label: str, widget: QWidget) -> None:
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            self.waiting_errors[field] = (error, widget)
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
        wf.addRow(self.waiting_result)
        rv.addWidget(waiting)
        rv.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        scroll.setMinimumWidth(330)

        split = QSplitter(Qt.Orientation.Horizontal)
        # on a short screen (大字模式 at 1280x720) the column scrolls rather than squeezing the
        # table, buttons and steps into each other
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setWidget(left)
        split.addWidget(left_scroll)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(split)

        QWidget.setTabOrder(self.district, self.table)
        QWidget.setTabOrder(self.table, self.add_button)
        QWidget.setTabOrder(self.add_button, self.copy_button)
        QWidget.setTabOrder(self.copy_button, self.delete_button)
        QWidget.setTabOrder(self.delete_button, self.accept_button)
        QWidget.setTabOrder(self.accept_button, self.relation)
        QWidget.setTabOrder(self.relation, self.payer_employee)
        QWidget.setTabOrder(self.payer_employee, self.pay_date)
        QWidget.setTabOrder(self.pay_date, self.in_period)
        QWidget.setTabOrder(self.in_period, self.years_broken)
        QWidget.setTabOrder(self.years_broken, self.years_repaid)
        QWidget.setTabOrder(self.years_repaid, self.newborn)
        QWidget.setTabOrder(self.newborn, self.new_aid)
        QWidget.setTabOrder(self.new_aid, self.birth_date)

        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_member)

    def _wire(self) -> None:
        self.district.currentIndexChanged.connect(self._district_changed)
        self.model.dataChanged.connect(self._model_edited)
        self.model.rowsInserted.connect(self._model_edited)
        self.model.rowsRemoved.connect(self._model_edited)
        self.model.modelReset.connect(self._model_edited)
        self.add_button.clicked.connect(self.add_member)
        self.copy_button.clicked.connect(self.copy_member)
        self.delete_button.clicked.connect(self.delete_member)
        self.accept_button.clicked.connect(self.accept_suggestion)
        # a bound method, not a lambda holding ``self``: a lambda makes a reference cycle, and the
        # garbage collector then destroys the tab at a random moment, running this slot half-way
        # through (a segmentation fault inside another window's code)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.id_delegate.live_message.connect(self._live_id_message)
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
        r = self.model.add_row(HouseholdRow(district=self.district_key))  # type: ignore[arg-type]
        self.table.setCurrentIndex(self.model.index(r, COL_NAME))
        self.table.setFocus()
        return r

    def copy_member(self) -> None:
        r = self.table.currentIndex().row()
        if r < 0:
            return
        new = self.model.duplicate_row(r)
        self.table.setCurrentIndex(self.model.index(new, COL_NAME))

    def delete_member(self) -> None:
        r = self.table.currentIndex().row()
        if r < 0:
            return
        row = self.model.row(r)
        if row.name or row.id_number:
            who = row.name or mask_id(row.id_number)
            answer = QMessageBox.question(
                self,
                self.tr("删除成员"),
                self.tr("删除第 {n} 行({who})?").format(n=r + 1, who=who),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.model.remove_row(r)

    def _suggestion_row(self) -> int:
        """The selected row when it has a suggestion to take, else the first row that has one; -1: none."""
        r = self.table.currentIndex().row()
        candidates = [r] if 0 <= r < len(self.model.rows) else []
        candidates += range(len(self.model.rows))
        for i in candidates:
            pending = self.model.pending(self.model.row(i))
            if pending is not None and pending.category is not None:
                return i
        return -1

    def accept_suggestion(self) -> None:
        r = self._suggestion_row()
        if r < 0:
            return
        self.model.accept_suggestion(r)
        # focus goes back to that member's category, so the next key works on the table again
        self.table.setCurrentIndex(self.model.index(r, COL_CATEGORY))
        self.table.setFocus()

    def _changes_premium(self, row: HouseholdRow, category: Category) -> bool:
        return standard_amount(self.policy, category, row.district) != standard_amount(
            self.policy, row.category, row.district
        )

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
            body = html.escape(text)
            self.message.setText(f'<span style="{ERROR_STYLE}">⚠ {body}</span>' if is_error else body)
        else:
            self._refresh_message()

    def _refresh_message(self) -> None:
        lines: list[str] = []
        for r, msg in self.model.problems():
            text = html.escape(self.tr("第 {n} 行身份证号:{msg}").format(n=r + 1, msg=msg))
            lines.append(f'<span style="{ERROR_STYLE}">⚠ {text}</span>')
        r = self.table.currentIndex().row()
        if 0 <= r < len(self.model.rows):
            row = self.model.row(r)
            if row.id_info is not None and self.model.pending(row) is None:
                line = self.tr("第 {n} 行:{summary}").format(n=r + 1, summary=self.model.id_summary(row))
                lines.append(html.escape(line))
        # every open suggestion stays in sight, not only the selected row's: a likely 老年居民 left
        # at 非从业居民 pays more than he may need to
        for i, row in enumerate(self.model.rows):
            pending = self.model.pending(row)
            if pending is None:
                continue
            text = self.tr("第 {n} 行:{reason}").format(n=i + 1, reason=pending.reason)
            if pending.category is not None:
                text += self.tr("。{price};按 Alt+J 采纳").format(price=self._price_compare(row, pending.category))
            lines.append(f'<span style="color: #8a4b00;">⚠ {html.escape(text)}</span>')
        self.accept_button.setEnabled(self._suggestion_row() >= 0)
        self.message.setText("<br>".join(lines))

    def _price_compare(self, row: HouseholdRow, category: Category) -> str:
        """“现按“非从业居民”880.00 元计算,“老年居民”为 730.00 元”."""
        return self.tr("现按“{cur}”{cur_amount}计算,“{sug}”为 {sug_amount}").format(
            cur=CATEGORY_LABELS[row.category],
            cur_amount=fmt_yuan(standard_amount(self.policy, row.category, row.district)),
            sug=CATEGORY_LABELS[category],
            sug_amount=fmt_yuan(standard_amount(self.policy, category, row.district)),
        )

    def set_policy_year(self, year: int) -> None:
        self.entry = self.policies.entry(year)
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
        sections: list[tuple[str | None, list[Step]]] = []
        rows = self.model.rows
        if rows:
            self.quote = quote_household(policy, [row.member() for row in rows])
            self.model.set_quotes(list(self.quote.members))
            sections.append((self.tr("全家"), list(self.quote.steps)))
            for i, mq in enumerate(self.quote.members):
                who = mq.member.name or self.tr("成员{n}").format(n=i + 1)
                sections.append((f"{who}({CATEGORY_LABELS[mq.member.category]})", list(mq.steps)))
            self.total_label.setText(fmt_yuan(self.quote.total_individual))
            self.exempt_label.setText(fmt_yuan(self.quote.total_government_pays_individual))
            ltc = sum((m.ltc_individual for m in self.quote.members if not m.government_pays_individual), ZERO)
            self.ltc_label.setText(fmt_yuan(ltc))
        else:
            self.quote = None
            self.model.set_quotes([])
            self.total_label.setText(self.tr("请先“添加成员”"))
            self.exempt_label.setText("—")
            self.ltc_label.setText("—")

        enr = policy.enrolment
        self.period_label.setText(f"{enr.collection_start.value:%Y-%m-%d} 至 {enr.collection_end.value:%Y-%m-%d}")
        dates = "、".join(f"{d:%Y-%m-%d}" for d in enr.debit_dates.value or ())
        # what the notice calls these dates (2025 gives only the first batch debit), and a reading says so
        shown = f"{enr.debit_dates_label}:{dates}" if dates else self.tr("通知未规定")
        reading = policy.reading(enr.debit_dates.reading)
        if reading is not None:  # e.g. 2024's "月底" shown as month ends: named by the reading's own title
            shown += f"({reading.title})"
        self.debit_label.setText(shown)
        online = enr.online_payment_from.value
        self.online_label.setText(f"{online:%Y-%m-%d}" if online else self.tr("通知未写明"))

        self._recompute_family(sections)
        self._recompute_waiting(sections)
        # the slip prints one flat list, so each group keeps its heading as a step of its own
        self._steps = tuple(
            step
            for heading, group in sections
            for step in ([Step(layer="note", text=f"【{heading}】")] if heading else []) + group
        )
        self.steps_view.set_sections(sections)

    def _recompute_family(self, sections: list[tuple[str | None, list[Step]]]) -> None:
        """Says something only once the clerk has picked a relation: a default is never an answer."""
        self.family_check = None
        relation = self.relation.currentData()
        if relation is None:
            self.family_result.setText(self.tr("亲属用职工医保个人账户代缴时,选择关系后显示能否代缴"))
            self.family_result.setStyleSheet("color: #555;")
            return
        family = family_payment_check(self.policy, relation, self.payer_employee.currentData())
        self.family_check = family
        if family.allowed is None:
            verdict = self.tr("关系在可代缴范围内;还须核实代缴人参加江苏省内职工医保")
        else:
            verdict = self.tr("✓ 可以代缴") if family.allowed else self.tr("✗ 不能代缴")
        self.family_result.setStyleSheet("")
        self.family_result.setText(
            f"<b>{html.escape(verdict)}</b><br>" + "<br>".join(html.escape(s.text) for s in family.steps)
        )
        sections.append((self.tr("家庭共济"), list(family.steps)))

    def _waiting_touched(self) -> bool:
        return bool(
            self.pay_date.value() is not None
            or self.in_period.currentData() is not None
            or self.years_broken.value()
            or self.years_repaid.value()
            or self.newborn.isChecked()
            or self.new_aid.isChecked()
            or self.birth_date.value() is not None
        )

    def _recompute_waiting(self, sections: list[tuple[str | None, list[Step]]]) -> None:
        """Computed only from a payment date the clerk entered; contradictions are refused at their field."""
        self.waiting = None
        for field in self.waiting_errors:
            self._field_problem(field, None)
        self.birth_date.setEnabled(self.newborn.isChecked())
        self.waiting_result.setStyleSheet("color: #555;")
        pay_day = self.pay_date.value()
        if pay_day is None:
            self.waiting_result.setText(
                self.tr("请填写缴费日期,填写后计算待遇从哪天开始")
                if self._waiting_touched()
                else self.tr("选填:补缴、断保后再参保或新生儿参保时,填写缴费日期计算待遇从哪天开始")
            )
            return
        broken, repaid = self.years_broken.value(), self.years_repaid.value()
        if self.newborn.isChecked() and self.birth_date.value() is None:
            self._field_problem("birth_date", self.tr("请填写新生儿的出生日期:待遇不会早于出生之日"))
        try:
            inp = WaitingInput(
                policy_year=self.policy.policy_year,
                payment_date=pay_day,
                in_collection_period=self.in_period.currentData(),
                years_broken=broken,
                years_repaid=repaid,
                newborn=self.newborn.isChecked(),
                new_aid_recipient=self.new_aid.isChecked(),
                birth_date=self.birth_date.value() if self.newborn.isChecked() else None,
            )
            result = waiting_period(self.policy, inp)
        except InputProblem as exc:
            self._field_problem(exc.field, exc.message)
        else:
            if not any(label.text() for label, _ in self.waiting_errors.values()):
                self.waiting = result
        self.waiting_result.setStyleSheet("")
        if self.waiting is not None:
            w = self.waiting
            if w.waiting_months == 0:
                head = self.tr("不设等待期,自 {d} 起享受待遇").format(d=f"{w.benefit_start:%Y-%m-%d}")
            else:
                head = self.tr("等待期 {m} 个月,自 {d} 起享受待遇").format(
                    m=w.waiting_months, d=f"{w.benefit_start:%Y-%m-%d}"
                )
            if not w.benefit_this_year:
                head += self.tr("(本年度已享受不到)")
            self.waiting_result.setText(f"<b>{html.escape(head)}</b>")
            sections.append((self.tr("待遇等待期"), list(w.steps)))
        else:
            self.waiting_result.setText("")

    def _field_problem(self, field: str, message: str | None) -> None:
        """A waiting-period input's message, right under that input (red border while it stands)."""
        label, widget = self.waiting_errors.get(field, self.waiting_errors["payment_date"])
        label.setText(message or "")
        label.setVisible(bool(message))
        widget.setStyleSheet("QWidget { border: 2px solid #a4000f; }" if message else "")
        widget.setToolTip(message or "")

    # ------------------------------------------------------------------ slip and case

    #: the widest text each column usually holds; widths follow the font, so 大字模式 cuts nothing short
    _COLUMN_SAMPLES = (
        (COL_NAME, "欧阳建国"),
        (COL_ID, "320483********0013"),
        (COL_CATEGORY, "非从业居民 ⚠待确认"),
        (COL_AID, "其他救助对象"),
        (COL_INDIVIDUAL, "0.00 元(政府代缴)"),
        (COL_SUBSIDY, "1,250.00 元"),
        (COL_LTC, "30.00 元(政府代缴)"),
    )

    def _size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        for col, sample in self._COLUMN_SAMPLES:
            self.table.setColumnWidth(col, metrics.horizontalAdvance(sample) + 14)
        row = round(metrics.height() * 1.35)
        self.table.verticalHeader().setDefaultSectionSize(row)
        # a household of six in view without scrolling (it showed four); the column scrolls instead
        header = self.table.horizontalHeader().sizeHint().height()
        scrollbar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)  # when columns scroll
        self.table.setMinimumHeight(header + TABLE_ROWS * row + scrollbar + 2 * self.table.frameWidth() + 2)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._emphasise_total()
            # the table takes the new font after this tab
            # (with this tab as the receiver: the call is dropped if the tab is deleted first)
            QTimer.singleShot(0, self, self._size_columns)

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
        if self.quote is None:
            return None
        q = self.quote
        amounts = [SlipAmount(self.tr("全家个人缴费合计"), q.total_individual, emphasis=True)]
        if q.total_government_pays_individual:
            amounts.append(SlipAmount(self.tr("政府代缴困难群众个人部分"), q.total_government_pays_individual))
        table: list[tuple[str, ...]] = [
            tuple(str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(7))
        ]
        for i, mq in enumerate(q.members):
            m = mq.member
            who = m.name or self.tr("成员{n}").format(n=i + 1)
            amounts.append(SlipAmount(self.tr("{who} 个人缴费").format(who=who), mq.individual))
            table.append(
                (
                    who,
                    mask_id(m.id_number),
                    CATEGORY_LABELS[m.category],
                    AID_LABELS[m.aid_status].split("(")[0],
                    fmt_yuan(mq.individual),
                    fmt_yuan(mq.government_subsidy),
                    ltc_text(mq),
                )
            )
        enr = self.policy.enrolment
        inputs = [
            (self.tr("所在区(市)"), DISTRICT_LABELS[self.district_key]),
            (self.tr("家庭人数"), str(len(q.members))),
            (self.tr("集中参保缴费期"), self.period_label.text()),
            (enr.debit_dates_label, "、".join(f"{d:%Y-%m-%d}" for d in enr.debit_dates.value or ())),
        ]
        # slip lines that rest on one of the product's readings name it, and the slip ends with it
        debit_reading = self.policy.reading(enr.debit_dates.reading)
        used = [debit_reading] if debit_reading is not None else []
        if debit_reading is not None:
            inputs[-1] = (inputs[-1][0], f"{inputs[-1][1]}({debit_reading.title})")
        notes: list[str] = []
        for i, row in enumerate(self.model.rows):
            pending = self.model.pending(row)
            if pending is None:
                continue
            who = row.name or self.tr("成员{n}").format(n=i + 1)
            text = self.tr("⚠ {who}:{reason}").format(who=who, reason=pending.reason)
            if pending.category is not None:
                text += self.tr("。{price}").format(price=self._price_compare(row, pending.category))
            notes.append(text + self.tr("(参保类别建议尚未确认,以参保登记身份为准)"))
        if any(mq.government_pays_individual for mq in q.members):
            notes.append(self.tr("困难群众的个人缴费(含其中的长护险个人缴费)由政府全额承担,本人不用缴费。"))
        family = self.family_check
        if family is not None:
            verdict = {
                None: self.tr("关系在可代缴范围内,还须核实代缴人参加江苏省内职工医保"),
                True: self.tr("可以代缴"),
            }
            family_reading = self.policy.reading(enr.family_relations.reading)
            notes.append(
                self.tr("家庭共济:被代缴人是代缴人的{rel},{ok}").format(
                    rel=self.relation.currentText(), ok=verdict.get(family.allowed, self.tr("不能代缴"))
                )
                + (f"({family_reading.title})" if family_reading is not None else "")
            )
            used += [family_reading] if family_reading is not None else []
        if self.waiting is not None:
            notes.append(self.tr("待遇等待期:") + self.waiting_result.text().replace("<b>", "").replace("</b>", ""))
        return Slip(
            title=self.tr("居民医保保费测算单"),
            policy_year=self.policy.policy_year,
            data_version=self.policy.data_version,
            data_hash=self.entry.short_hash,
            inputs=tuple(inputs),
            amounts=tuple(amounts),
            steps=self._steps,
            notes=tuple(notes),
            table=tuple(table),
            readings=tuple((r.title, r.reading) for r in used),
        )

    def to_case(self) -> dict[str, Any]:
        pay_day, birth = self.pay_date.value(), self.birth_date.value()
        return {
            "district": self.district_key,
            "members": [
                {
                    "name": r.name,
                    "id_number": r.id_number,
                    "category": r.category,
                    "aid_status": r.aid_status,
                    "suggestion_settled": r.suggestion_settled,
                }
                for r in self.model.rows
            ],
            # "v": 2 — payer and relation are answers; before, both always held the untouched defaults
            "family": {
                "v": 2,
                "payer_employee": self.payer_employee.currentData(),
                "relation": self.relation.currentData(),
            },
            "waiting": {
                "payment_date": pay_day.isoformat() if pay_day else None,
                "birth_date": birth.isoformat() if birth else None,
                "in_collection_period": self.in_period.currentData(),
                "years_broken": self.years_broken.value(),
                "years_repaid": self.years_repaid.value(),
                "newborn": self.newborn.isChecked(),
                "new_aid_recipient": self.new_aid.isChecked(),
            },
        }

    def load_case(self, data: dict[str, Any]) -> None:
        """Restore a saved case; unknown or broken values fall back to defaults instead of failing."""
        self._loading = True
        try:
            self._set_combo(self.district, data.get("district"))
            rows: list[HouseholdRow] = []
            members = data.get("members")
            for item in members if isinstance(members, list) else []:
                if not isinstance(item, dict):
                    continue
                category = cast(Category, item["category"] if item.get("category") in CATEGORIES else "non_employed")
                aid = cast(AidStatus, item["aid_status"] if item.get("aid_status") in AID_STATUSES else "none")
                row = HouseholdRow(
                    name=str(item.get("name") or "")[:40],
                    category=category,
                    aid_status=aid,
                    district=self.district_key,  # type: ignore[arg-type]
                )
                row = check_id(row, str(item.get("id_number") or ""), self.today, self.policy.policy_year)
                if item.get("suggestion_settled", True):
                    row = replace(row, suggestion_settled=True)
                rows.append(row)
            self.model.set_rows(rows)
            family = _dict(data.get("family"))
            payer, relation = family.get("payer_employee"), family.get("relation")
            if family.get("v") != 2 and payer is True and relation == "spouse":
                payer = relation = None  # an older file's untouched defaults, not the resident's answer
            self._set_combo(self.payer_employee, payer if isinstance(payer, bool) else None)
            self._set_combo(self.relation, relation)
            waiting = _dict(data.get("waiting"))
            self._set_combo(self.in_period, waiting.get("in_collection_period"))
            self.years_broken.setValue(_int(waiting.get("years_broken")))
            self.years_repaid.setValue(_int(waiting.get("years_repaid")))
            self.newborn.setChecked(bool(waiting.get("newborn")))
            self.new_aid.setChecked(bool(waiting.get("new_aid_recipient")))
            self.pay_date.set_value(_date(waiting.get("payment_date")))
            self.birth_date.set_value(_date(waiting.get("birth_date")))
        finally:
            self._loading = False
        self._refresh_message()
        self.recompute()

    def clear(self) -> None:
        self.load_case({})

    @staticmethod
    def _set_combo(combo: QComboBox, key: Any) -> None:
        pos = combo.findData(key)
        combo.setCurrentIndex(pos if pos >= 0 else 0)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int:
    try:
        return max(0, min(50, int(value)))
    except (TypeError, ValueError):
        return 0


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _changes_premium(tab: weakref.ref[QuoteTab], row: HouseholdRow, category: Category) -> bool:
    live = tab()
    return live is not None and live._changes_premium(row, category)


def _policy_year(tab: weakref.ref[QuoteTab]) -> int:
    live = tab()
    return live.policy.policy_year if live is not None else dt.date.today().year
