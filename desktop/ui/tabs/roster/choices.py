"""Correcting a problem row's category, district or aid status: a list to pick from, not free text.

The items are the labels the roster's own checks read back (参保类别, 所属区, 救助身份), so a picked
value is always understood; the cell's text as the file had it is kept at the top while it is not
one of them, so opening the list changes nothing until the clerk picks.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.core.premium import AID_LABELS, CATEGORY_LABELS, DISTRICT_LABELS
from desktop.ui.tabs.roster.model import COL_AID, COL_CATEGORY, COL_DISTRICT

Index = QModelIndex | QPersistentModelIndex

#: the choices of each column that has a fixed list
CHOICES: dict[int, tuple[str, ...]] = {
    COL_CATEGORY: tuple(CATEGORY_LABELS.values()),
    COL_DISTRICT: tuple(DISTRICT_LABELS.values()),
    COL_AID: tuple(AID_LABELS.values()),
}


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the column's choices for the columns in CHOICES; the default editor elsewhere."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        choices = CHOICES.get(index.column())
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal)))
        combo.addItems(list(choices))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if not isinstance(editor, QComboBox):
            super().setEditorData(editor, index)
            return
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        at = editor.findText(text)
        if at < 0:
            editor.insertItem(0, text or "(空)")
            at = 0
        editor.setCurrentIndex(at)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if not isinstance(editor, QComboBox):
            super().setModelData(editor, model, index)
            return
        text = editor.currentText()
        if text in CHOICES.get(index.column(), ()):
            model.setData(index, text, Qt.ItemDataRole.EditRole)
