"""Correcting a problem row's category, district or aid status: a list to pick from, not free text.

The items are the labels the roster's own checks read back (参保类别, 所属区, 救助身份), so a picked
value is always understood; the cell's text as the file had it is kept at the top while it is not
one of them, so opening the list changes nothing until the clerk picks.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.names import category_labels, district_names
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS
from desktop.ui.tabs.roster.model import FieldRole

Index = QModelIndex | QPersistentModelIndex


def year_choices(policy: PolicyYear) -> dict[str, tuple[str, ...]]:
    """The choices of each field that has a fixed list, in the roster's year's own names (its
    categories' labels and its districts, which are data of the year)."""
    return {
        "category": tuple(category_labels(policy).values()),
        "district": tuple(district_names(policy).values()),
        "aid_status": tuple(AID_LABELS.values()),
    }


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the choices for a column of a field in ``choices``; the default editor elsewhere."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: set from the roster's year by :meth:`use_year`; the categories alone until then
        self.choices: dict[str, tuple[str, ...]] = {
            "category": tuple(CATEGORY_LABELS.values()),
            "aid_status": tuple(AID_LABELS.values()),
        }

    def use_year(self, policy: PolicyYear) -> None:
        self.choices = year_choices(policy)

    def _choices(self, index: Index) -> tuple[str, ...] | None:
        """The choices of the cell's column (which field it holds, the model says)."""
        field = index.data(FieldRole)
        return None if field is None else self.choices.get(field)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        choices = self._choices(index)
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
        if text in (self._choices(index) or ()):
            model.setData(index, text, Qt.ItemDataRole.EditRole)
