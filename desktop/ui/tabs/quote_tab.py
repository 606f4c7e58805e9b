"""保费测算: a household's premiums, when to pay, 家庭共济, and the waiting period after paying late."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace
from typing import Any, cast

from pydantic import ValidationError
from PySide6.QtCore import QAbstractItemModel, QDate, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
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
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import InputProblem, describe_validation_error
from desktop.core.explain import Step
from desktop.core.family import RELATION_LABELS, family_payment_check
from desktop.core.identity import IdNumberError, mask_id, parse_id
from desktop.core.money import ZERO, fmt_yuan
from desktop.core.policy.loader import PolicySet
from desktop.core.policy.model import AID_STATUSES, CATEGORIES, DISTRICTS, AidStatus, Category
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS, DISTRICT_LABELS, HouseholdQuote, Member, quote_household
from desktop.core.slip import Slip, SlipAmount
from desktop.core.waiting import WaitingInput, WaitingResult, waiting_period
from desktop.ui.models.household_model import (
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
from desktop.ui.tab_base import WorkTab
from desktop.ui.widgets.fields import TypedDateEdit
from desktop.ui.widgets.steps_panel import StepsPanel

Index = QModelIndex | QPersistentModelIndex
ERROR_STYLE = "color: #a4000f;"
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

    def __init__(self, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.today = today

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
        message = self.tr("身份证号有效:{birth} 出生,{age} 岁").format(
            birth=f"{info.birth_date:%Y-%m-%d}", age=info.age_on(self.today)
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
        self.family_allowed: bool | None = None
        self._steps: tuple[Step, ...] = ()
        self._date_touched = False
        self._loading = False
        self._computing = False

        self.model = HouseholdModel(self.today, self)
        self._build()
        self._wire()
        self._reset_waiting_date()
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
        self.id_delegate = IdDelegate(self.today, self.table)
        self.table.setItemDelegateForColumn(COL_CATEGORY, self.category_delegate)
        self.table.setItemDelegateForColumn(COL_AID, self.aid_delegate)
        self.table.setItemDelegateForColumn(COL_ID, self.id_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._size_columns()
        self.table.setMinimumHeight(150)
        lv.addWidget(self.table, 3)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加成员(&A)"))
        self.copy_button = QPushButton(self.tr("复制成员"))
        self.delete_button = QPushButton(self.tr("删除成员"))
        self.accept_button = QPushButton(self.tr("采纳建议类别(&J)"))
        self.accept_button.setToolTip(self.tr("按身份证号给出的类别建议只是参考,采纳前请核实"))
        for b in (self.add_button, self.copy_button, self.delete_button, self.accept_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lv.addLayout(buttons)

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

        self.steps_view = StepsPanel(self)
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
        self.payer_employee = QCheckBox(self.tr("代缴人参加江苏省内职工医保"))
        self.payer_employee.setChecked(True)
        self.relation = QComboBox()
        for key, label in RELATION_LABELS.items():
            self.relation.addItem(label, key)
        self.family_result = QLabel()
        self.family_result.setWordWrap(True)
        ff.addRow(self.payer_employee)
        relation_label = QLabel(self.tr("被代缴人是代缴人的(&R):"))
        relation_label.setBuddy(self.relation)
        ff.addRow(relation_label, self.relation)
        ff.addRow(self.family_result)
        rv.addWidget(family)

        waiting = QGroupBox(self.tr("待遇等待期(补缴、断保)"))
        wf = QFormLayout(waiting)
        self.pay_date = TypedDateEdit()
        self.pay_date.setCalendarPopup(True)
        self.pay_date.setDisplayFormat("yyyy-MM-dd")
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
        self.waiting_error = QLabel()
        self.waiting_error.setStyleSheet(ERROR_STYLE)
        self.waiting_error.setWordWrap(True)
        self.waiting_result = QLabel()
        self.waiting_result.setWordWrap(True)
        wf.addRow(self.tr("缴费日期:"), self.pay_date)
        wf.addRow(self.waiting_error)
        wf.addRow(self.tr("在集中参保期内:"), self.in_period)
        wf.addRow(self.tr("断保年数:"), self.years_broken)
        wf.addRow(self.tr("补缴年数:"), self.years_repaid)
        flags = QHBoxLayout()
        flags.addWidget(self.newborn)
        flags.addWidget(self.new_aid)
        wf.addRow(flags)
        wf.addRow(self.waiting_result)
        rv.addWidget(waiting)
        rv.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        scroll.setMinimumWidth(330)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
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
        QWidget.setTabOrder(self.accept_button, self.payer_employee)
        QWidget.setTabOrder(self.payer_employee, self.relation)
        QWidget.setTabOrder(self.relation, self.pay_date)
        QWidget.setTabOrder(self.pay_date, self.in_period)
        QWidget.setTabOrder(self.in_period, self.years_broken)
        QWidget.setTabOrder(self.years_broken, self.years_repaid)
        QWidget.setTabOrder(self.years_repaid, self.newborn)
        QWidget.setTabOrder(self.newborn, self.new_aid)

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
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._refresh_message())
        self.id_delegate.live_message.connect(self._live_id_message)
        for signal in (
            self.payer_employee.toggled,
            self.relation.currentIndexChanged,
            self.in_period.currentIndexChanged,
            self.years_broken.valueChanged,
            self.years_repaid.valueChanged,
            self.newborn.toggled,
            self.new_aid.toggled,
        ):
            signal.connect(self._input_changed)
        self.pay_date.dateChanged.connect(self._date_changed)

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

    def accept_suggestion(self) -> None:
        r = self.table.currentIndex().row()
        if r >= 0:
            self.model.accept_suggestion(r)
            # the button greys out once the suggestion is taken, and Qt would hand the focus to
            # whatever comes next: it goes back to the member's row instead
            self.table.setCurrentIndex(self.model.index(r, COL_CATEGORY))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _district_changed(self) -> None:
        self.model.set_district(self.district_key)  # type: ignore[arg-type]
        if not self.model.rows:
            self._input_changed()

    def _model_edited(self, *args: Any) -> None:
        if args and isinstance(args[0], QModelIndex) and args[0].column() >= COL_INDIVIDUAL:
            return  # the money columns just received this recompute's results
        self._refresh_message()
        self._input_changed()

    def _date_changed(self) -> None:
        self._date_touched = True
        self._input_changed()

    def _input_changed(self, *_: Any) -> None:
        if not self._loading:
            self.recompute()

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
            if row.id_info is not None:
                line = self.tr("第 {n} 行:{summary}").format(n=r + 1, summary=self.model.id_summary(row))
                pending = row.open_suggestion
                if pending is not None:
                    line += self.tr(";{reason}(建议,待确认)").format(reason=pending.reason)
                lines.append(html.escape(line))
            self.accept_button.setEnabled(row.open_suggestion is not None and row.open_suggestion.category is not None)
        else:
            self.accept_button.setEnabled(False)
        self.message.setText("<br>".join(lines))

    def _reset_waiting_date(self) -> None:
        """Default payment date: today, kept inside the selected year's window."""
        enr = self.policy.enrolment
        low, high = enr.collection_start.value, enr.benefit_end.value
        assert low and high
        day = min(max(self.today, low), high)
        self.pay_date.blockSignals(True)
        self.pay_date.setDate(QDate(day.year, day.month, day.day))
        self.pay_date.blockSignals(False)

    def set_policy_year(self, year: int) -> None:
        self.entry = self.policies.entry(year)
        if not self._date_touched:
            self._reset_waiting_date()
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
        if enr.debit_dates.status != "official":
            shown += self.tr("(解读:通知只写“月底”)")
        self.debit_label.setText(shown)
        online = enr.online_payment_from.value
        self.online_label.setText(f"{online:%Y-%m-%d}" if online else self.tr("通知未写明"))

        family = family_payment_check(policy, self.relation.currentData(), self.payer_employee.isChecked())
        self.family_allowed = family.allowed
        verdict = self.tr("✓ 可以代缴") if family.allowed else self.tr("✗ 不能代缴")
        self.family_result.setText(f"<b>{verdict}</b><br>" + "<br>".join(s.text for s in family.steps))
        sections.append((self.tr("家庭共济"), list(family.steps)))

        self.waiting = None
        self.waiting_error.setText("")
        self.pay_date.setStyleSheet("")
        try:
            qd = self.pay_date.date()
            inp = WaitingInput(
                policy_year=policy.policy_year,
                payment_date=dt.date(qd.year(), qd.month(), qd.day()),
                in_collection_period=self.in_period.currentData(),
                years_broken=self.years_broken.value(),
                years_repaid=self.years_repaid.value(),
                newborn=self.newborn.isChecked(),
                new_aid_recipient=self.new_aid.isChecked(),
            )
            self.waiting = waiting_period(policy, inp)
        except InputProblem as exc:
            self._waiting_problem(exc.message)
        except ValidationError as exc:
            self._waiting_problem(";".join(p["message"] for p in describe_validation_error(exc)))
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
            self.waiting_result.setText(f"<b>{head}</b>")
            sections.append((self.tr("待遇等待期"), list(w.steps)))
        else:
            self.waiting_result.setText("")
        # the slip prints one flat list, so each group keeps its heading as a step of its own
        self._steps = tuple(
            step
            for heading, group in sections
            for step in ([Step(layer="note", text=f"【{heading}】")] if heading else []) + group
        )
        self.steps_view.set_sections(sections)

    def _waiting_problem(self, message: str) -> None:
        self.waiting_error.setText(message)
        self.pay_date.setStyleSheet("QDateEdit { border: 2px solid #a4000f; }")
        self.pay_date.setToolTip(message)

    # ------------------------------------------------------------------ slip and case

    #: the widest text each column usually holds; widths follow the font, so 大字模式 cuts nothing short
    _COLUMN_SAMPLES = (
        (COL_NAME, "欧阳建国"),
        (COL_ID, "320483********0013"),
        (COL_CATEGORY, "非从业居民(建议:未成年居民,待确认)"),
        (COL_AID, "其他救助对象"),
        (COL_INDIVIDUAL, "0.00 元(政府代缴)"),
        (COL_SUBSIDY, "1,250.00 元"),
        (COL_LTC, "30.00 元(政府代缴)"),
    )

    def _size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        for col, sample in self._COLUMN_SAMPLES:
            self.table.setColumnWidth(col, metrics.horizontalAdvance(sample) + 14)
        self.table.verticalHeader().setDefaultSectionSize(round(metrics.height() * 1.5))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._emphasise_total()
            # the table takes the new font after this tab (a style sheet polishes parents first)
            QTimer.singleShot(0, self._size_columns)

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
        notes: list[str] = []
        if any(r.open_suggestion is not None for r in self.model.rows):
            notes.append(self.tr("按身份证号给出的参保类别建议尚未确认,请以参保登记身份为准。"))
        if self.family_allowed is not None:
            notes.append(
                self.tr("家庭共济:{rel},{ok}").format(
                    rel=self.relation.currentText(),
                    ok=self.tr("可以代缴") if self.family_allowed else self.tr("不能代缴"),
                )
            )
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
        )

    def to_case(self) -> dict[str, Any]:
        qd = self.pay_date.date()
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
            "family": {"payer_employee": self.payer_employee.isChecked(), "relation": self.relation.currentData()},
            "waiting": {
                "payment_date": f"{qd.year():04d}-{qd.month():02d}-{qd.day():02d}" if self._date_touched else None,
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
                row = check_id(row, str(item.get("id_number") or ""), self.today)
                if item.get("suggestion_settled", True):
                    row = replace(row, suggestion_settled=True)
                rows.append(row)
            self.model.set_rows(rows)
            family = _dict(data.get("family"))
            self.payer_employee.setChecked(bool(family.get("payer_employee", True)))
            self._set_combo(self.relation, family.get("relation"))
            waiting = _dict(data.get("waiting"))
            self._set_combo(self.in_period, waiting.get("in_collection_period"))
            self.years_broken.setValue(_int(waiting.get("years_broken")))
            self.years_repaid.setValue(_int(waiting.get("years_repaid")))
            self.newborn.setChecked(bool(waiting.get("newborn")))
            self.new_aid.setChecked(bool(waiting.get("new_aid_recipient")))
            day = _date(waiting.get("payment_date"))
            if day is not None:
                self.pay_date.setDate(QDate(day.year, day.month, day.day))
                self._date_touched = True
            else:
                self._date_touched = False
                self._reset_waiting_date()
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
