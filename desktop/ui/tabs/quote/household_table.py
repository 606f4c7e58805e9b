"""The household table of 保费测算: the view, its editors (category, aid status, ID number) and its widths.

The editors show the Chinese labels and store the keys; the ID editor checks the number on every
keystroke. Column widths and the table's least height follow the font, so 大字模式 cuts nothing short.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.core.identity import IdNumberError, age_phrase, mask_id, parse_id
from desktop.core.policy.kinds import AID_STATUSES, CATEGORIES, District
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS
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
)

Index = QModelIndex | QPersistentModelIndex
#: members in view without scrolling the household table
TABLE_ROWS = 6


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


class HouseholdTable(QTableView):
    """One row per member; Tab leaves the table so keyboard users reach the buttons."""

    #: the widest text each column usually holds; widths follow the font, so 大字模式 cuts nothing short
    COLUMN_SAMPLES = (
        (COL_NAME, "欧阳建国"),
        (COL_ID, "320483********0013"),
        (COL_CATEGORY, "非从业居民 ⚠待确认"),
        (COL_AID, "其他救助对象"),
        (COL_INDIVIDUAL, "0.00 元(政府代缴)"),
        (COL_SUBSIDY, "1,250.00 元"),
        (COL_LTC, "30.00 元(政府代缴)"),
    )

    def __init__(self, model: HouseholdModel, today: dt.date, policy_year: Callable[[], int]):
        """``policy_year`` gives the tab's year when the ID editor states an age (it must not hold the tab)."""
        super().__init__()
        self.household = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users reach the buttons
        self.setAccessibleName(self.tr("家庭成员"))
        self.category_delegate = ComboDelegate([(c, CATEGORY_LABELS[c]) for c in CATEGORIES], self)
        self.aid_delegate = ComboDelegate([(a, AID_LABELS[a]) for a in AID_STATUSES], self)
        self.id_delegate = IdDelegate(today, policy_year, self)
        self.setItemDelegateForColumn(COL_CATEGORY, self.category_delegate)
        self.setItemDelegateForColumn(COL_AID, self.aid_delegate)
        self.setItemDelegateForColumn(COL_ID, self.id_delegate)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.size_columns()

    def size_columns(self) -> None:
        metrics = self.fontMetrics()
        for col, sample in self.COLUMN_SAMPLES:
            self.setColumnWidth(col, metrics.horizontalAdvance(sample) + 14)
        row = round(metrics.height() * 1.35)
        self.verticalHeader().setDefaultSectionSize(row)
        # a household of six in view without scrolling (it showed four); the column scrolls instead
        header = self.horizontalHeader().sizeHint().height()
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)  # when columns scroll
        self.setMinimumHeight(header + TABLE_ROWS * row + scrollbar + 2 * self.frameWidth() + 2)

    # ------------------------------------------------------------------ the member buttons

    def add_member(self, district: District) -> int:
        model = self.household
        # the category is the clerk's to choose: a new member's is marked 未选 until then
        r = model.add_row(HouseholdRow(district=district, category_chosen=False))
        self.setCurrentIndex(model.index(r, COL_NAME))
        self.setFocus()
        return r

    def copy_member(self) -> None:
        r = self.currentIndex().row()
        if r < 0:
            return
        model = self.household
        new = model.duplicate_row(r)
        self.setCurrentIndex(model.index(new, COL_NAME))

    def delete_member(self) -> None:
        """Asks first when the row holds a name or an ID number; an empty row goes without asking."""
        r = self.currentIndex().row()
        if r < 0:
            return
        model = self.household
        row = model.row(r)
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
        model.remove_row(r)

    def suggestion_row(self) -> int:
        """The selected row when it has a suggestion to take, else the first row that has one; -1: none."""
        model = self.household
        r = self.currentIndex().row()
        candidates = [r] if 0 <= r < len(model.rows) else []
        candidates += range(len(model.rows))
        for i in candidates:
            pending = model.pending(model.row(i))
            if pending is not None and pending.category is not None:
                return i
        return -1

    def accept_suggestion(self) -> None:
        r = self.suggestion_row()
        if r < 0:
            return
        model = self.household
        model.accept_suggestion(r)
        # focus goes back to that member's category, so the next key works on the table again
        self.setCurrentIndex(model.index(r, COL_CATEGORY))
        self.setFocus()
