"""Input fields that flag bad input where it was typed, in Chinese, without losing the text.

Money is typed into a QLineEdit and read as Decimal here (a spin box would go through float).
Clerks paste amounts from settlement slips, so "1,234.5", full-width digits "１２３" and a
trailing "元" are all accepted (desktop.core.inputs reads them, for the CLI too).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.core.inputs import AmountError, parse_amount

_INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; background: #fff3f3; }"


def _tr(text: str) -> str:
    return QCoreApplication.translate("MoneyField", text)


class MoneyInputError(ValueError):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def parse_money(text: str) -> Decimal | None:
    """The amount typed, or None when the field is empty; MoneyInputError says what is wrong.

    The reading is the core's (desktop.core.inputs.parse_amount), the same the CLI applies to
    amounts written as text: full-width digits, thousands commas and 元 are read, "1e3", ".5",
    "1_2000" and other scripts' digits are refused with a message saying what to type.
    """
    try:
        return parse_amount(text)
    except AmountError as exc:
        raise MoneyInputError(_tr(exc.message)) from None


class MoneyField(QWidget):
    """A line edit for an amount in 元, with an optional hint and a message line under it."""

    edited = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555555;")
        self.hint.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        self.setFocusProxy(self.edit)
        self._problem: str | None = None
        self.edit.textChanged.connect(self._on_text)

    def _on_text(self) -> None:
        self.validate()
        self.edited.emit()

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming, so it reads like a QLineEdit
        self.edit.setText(text)

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def value(self) -> Decimal | None:
        """The parsed amount; None when empty or invalid (``problem()`` tells which)."""
        try:
            return parse_money(self.edit.text())
        except MoneyInputError:
            return None

    def validate(self) -> str | None:
        """Check the text, show or clear the message, and return the problem, if any."""
        try:
            parse_money(self.edit.text())
        except MoneyInputError as exc:
            self.set_problem(exc.message)
            return exc.message
        self.set_problem(None)
        return None

    def problem(self) -> str | None:
        return self._problem

    def set_problem(self, message: str | None) -> None:
        """Show a message at the field (from parsing, or from the core naming this field)."""
        self._problem = message
        if message:
            self.error.setText("⚠ " + message)
            self.error.show()
            self.edit.setStyleSheet(_INVALID_STYLE)
            self.edit.setToolTip(message)
        else:
            self.error.hide()
            self.edit.setStyleSheet("")
            self.edit.setToolTip("")


class TypedDateEdit(QDateEdit):
    """A date edit that takes a typed date whole: focus selects all, and typing replaces it.

    A plain QDateEdit puts the cursor where the click landed, so digits typed went into the
    middle of the old date. Here the first digit starts again at the year; "2025-3-1",
    "2025/3/1" and "20250301" all give 2025-03-01 (a separator right after a section filled
    itself is skipped, "/" and "." stand for "-").
    """

    #: while a special value (e.g. 未填写) shows, the first digit starts from this date
    _TYPING_START = QDate(2000, 1, 1)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._advanced = False

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        # after the mouse press that gave the focus has placed the cursor
        QTimer.singleShot(0, self, self.selectAll)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text()
        edit = self.lineEdit()
        if text.isdigit():
            whole = edit.hasSelectedText() and edit.selectedText() == edit.text()
            if self.specialValueText() and self.date() == self.minimumDate():
                self.setDate(max(self._TYPING_START, self.minimumDate()))
                whole = True
            if whole:
                self.setSelectedSection(self.sectionAt(0))
            before = self.currentSection()
            super().keyPressEvent(event)
            self._advanced = self.currentSection() != before
            return
        if text in ("-", "/", "."):
            if self._advanced:  # the section was full and the cursor moved on already
                self._advanced = False
                return
            if text != "-":
                event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Minus, event.modifiers(), "-")
        self._advanced = False
        super().keyPressEvent(event)


class DateField(TypedDateEdit):
    """A date that may be left empty: the lowest date stands for 未填写."""

    _EMPTY = QDate(1900, 1, 1)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(True)
        self.setMinimumDate(self._EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(QCoreApplication.translate("DateField", "未填写"))
        self.setDate(self._EMPTY)

    def value(self) -> dt.date | None:
        d = self.date()
        if d == self._EMPTY:
            return None
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, day: dt.date | None) -> None:
        self.setDate(self._EMPTY if day is None else QDate(day.year, day.month, day.day))


def fill_combo(combo: QComboBox, labels: dict[Any, str], placeholder: str | None = None) -> None:
    """Items show the Chinese label and carry the core's identifier as data."""
    combo.clear()
    if placeholder is not None:
        combo.addItem(placeholder, None)
    for key, label in labels.items():
        combo.addItem(label, key)


def combo_value(combo: QComboBox) -> Any:
    return combo.currentData()


def set_combo_value(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


_PHRASE_END = re.compile(r"(?<=[,、;:)）])|(?=[(（])")


def phrase_html(text: str) -> str:
    """``text`` as rich text that wraps only between phrases (after ,、;:), before (), never inside a word.

    Qt breaks Chinese between any two characters: with Windows' wider font metrics a wrapped label
    read “门诊 / 特殊病”. Each phrase is kept on one line; a line breaks where the text has a pause."""
    phrases = [p for p in _PHRASE_END.split(text) if p]
    return "".join(f"<span style='white-space:nowrap'>{html.escape(p)}</span>" for p in phrases)
