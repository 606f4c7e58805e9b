"""The keyboard at the counter: every letter shown as (X) works with Alt, focus is always visible,
a date field takes a typed date whole, and the big total stays big in 大字模式."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel, QLineEdit, QMessageBox, QWidget

from desktop.core.policy.loader import PolicySet
from desktop.ui import main_window
from desktop.ui.main_window import MainWindow
from desktop.ui.tabs.quote.household_model import COL_CATEGORY, COL_ID
from desktop.ui.widgets.fields import DateField, TypedDateEdit

TODAY = dt.date(2026, 11, 23)
CHILD_ID = "320483201506010029"  # born 2015-06-01: 11 years old, the ID suggests 未成年居民
_MNEMONIC = re.compile(r"&([A-Za-z0-9])")


@pytest.fixture
def window(qtbot, policies: PolicySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    # every dialog an action opens answers at once: the test is about the key reaching the action
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    from desktop.ui.compare_dialog import CompareDialog

    monkeypatch.setattr(CompareDialog, "exec", lambda self: 0)
    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: 0)
    font = QFont(QApplication.font())
    w = MainWindow(policies, today=TODAY, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 698)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    QTest.qWaitForWindowActive(w)
    yield w
    w.menus.large_text_action.setChecked(False)
    QApplication.setFont(font)


def alt(window: QWidget, letter: str) -> None:
    QTest.keyClick(window, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)


def test_toolbar_letters_work_with_alt(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.quote_tab.add_member()  # so printing has a slip
    fired: list[str] = []
    toolbar_actions = [
        window.menus.new_action,
        window.menus.open_action,
        window.menus.save_action,
        window.menus.print_action,
        window.menus.pdf_action,
        window.menus.compare_action,
    ]
    for action in toolbar_actions:
        text = action.text()
        action.triggered.connect(lambda *_, t=text: fired.append(t))
    for action in toolbar_actions:
        letter = _MNEMONIC.search(action.text())
        assert letter, action.text()
        alt(window, letter.group(1))
        assert fired and fired[-1] == action.text(), f"Alt+{letter.group(1)} did not reach {action.text()}"
    assert len(fired) == len(toolbar_actions)  # each key fired its own action, once
    # 大字模式(L) toggles both ways
    alt(window, "L")
    assert window.menus.large_text_action.isChecked()
    alt(window, "L")
    assert not window.menus.large_text_action.isChecked()
    # 政策年度(Y): the year list takes the focus
    alt(window, "Y")
    assert window.year_combo.hasFocus()


def test_menu_letters_open_the_menu_and_pick_the_entry(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.quote_tab.add_member()
    menus = {a.menu().title(): a.menu() for a in window.menuBar().actions() if a.menu() is not None}
    assert set(menus) == {"文件(&F)", "查看(&V)", "工具(&T)", "帮助(&H)"}
    skip = {
        "退出(&Q)",
        "政策包管理(&K)…",
        "打印预览(&V)…",
        "关于(&B)…",
    }  # would close the window or open a modal dialog
    for title, menu in menus.items():
        for action in menu.actions():
            found = _MNEMONIC.search(action.text())
            if action.isSeparator() or found is None or action.text() in skip:
                continue
            fired: list[bool] = []
            signal = action.toggled if action.isCheckable() else action.triggered
            signal.connect(lambda *_, f=fired: f.append(True))
            alt(window, _MNEMONIC.search(title).group(1))  # type: ignore[union-attr]
            qtbot.waitUntil(lambda m=menu: QApplication.activePopupWidget() is m, timeout=2000)
            QTest.keyClick(menu, getattr(Qt.Key, f"Key_{found.group(1)}"))
            qtbot.waitUntil(lambda f=fired: bool(f), timeout=2000)
            if action is window.menus.large_text_action:
                action.setChecked(False)
            assert QApplication.activePopupWidget() is None


def mnemonic_widgets(root: QWidget) -> list[tuple[str, QWidget]]:
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or not isinstance(w, (QAbstractButton, QLabel)):
            continue
        match = _MNEMONIC.search(w.text().replace("&&", ""))
        if match:
            found.append((match.group(1).upper(), w))
    return found


def test_every_letter_in_every_tab_works(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.quote_tab.add_member()
    window.simulation_tab.add_event()
    chrome = {m for m, _ in mnemonic_widgets(window.findChild(QWidget, "main_toolbar"))}
    chrome |= {a.text()[a.text().index("&") + 1].upper() for a in window.actions() if "&" in a.text()}
    chrome |= {"F", "V", "T", "H"}
    tested = 0
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(20)
        page = window.tabs.currentWidget()
        letters = mnemonic_widgets(page)
        mine = [m for m, _ in letters]
        assert len(mine) == len(set(mine)), f"{window.tabs.tabText(i)}: one letter twice {mine}"
        assert not set(mine) & chrome, f"{window.tabs.tabText(i)}: a letter of the toolbar or menus {mine}"
        for letter, widget in letters:
            if isinstance(widget, QAbstractButton):
                if not widget.isEnabled():
                    continue
                clicked: list[bool] = []
                widget.clicked.connect(lambda *_, c=clicked: c.append(True))
                alt(window, letter)
                qtbot.waitUntil(lambda c=clicked: bool(c), timeout=2000)
            else:
                assert isinstance(widget, QLabel)
                buddy = widget.buddy()
                assert buddy is not None, widget.text()
                window.activateWindow()
                alt(window, letter)
                target = buddy.focusProxy() or buddy
                qtbot.waitUntil(target.hasFocus, timeout=2000)
            tested += 1
            window.tabs.setCurrentIndex(i)  # a button may have moved the focus elsewhere
    assert tested >= 7  # 所在区 添加成员 采纳建议 被代缴人 添加/复制/删除费用 按状态筛选 (some may be disabled)


def test_accept_suggestion_has_a_key_and_keeps_the_focus_on_the_row(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = window.quote_tab
    tab.add_member()
    tab.add_member()
    tab.model.setData(tab.model.index(1, COL_ID), CHILD_ID)
    tab.table.setCurrentIndex(tab.model.index(1, 0))
    assert tab.accept_button.isEnabled()
    assert "(&J)" in tab.accept_button.text()
    tab.table.setFocus()
    alt(window, "J")
    qtbot.waitUntil(lambda: tab.model.row(1).category == "minor", timeout=2000)
    qtbot.wait(50)
    assert not tab.accept_button.isEnabled()  # nothing more to accept for this row
    assert QApplication.focusWidget() is tab.table  # focus back on the household, not lost
    assert tab.table.currentIndex().row() == 1
    assert tab.table.currentIndex().column() == COL_CATEGORY


def _ring_pixels(widget: QWidget) -> int:
    """How many pixels of the focus ring's blue the widget shows along its left edge."""
    image = widget.grab().toImage()
    ring = QColor("#0b57d0")
    count = 0
    for x in range(0, 3):
        for y in range(image.height()):
            c = image.pixelColor(x, y)
            if abs(c.red() - ring.red()) + abs(c.green() - ring.green()) + abs(c.blue() - ring.blue()) < 60:
                count += 1
    return count


def test_focus_ring_is_clearly_visible(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.widgets.focus import FocusRingStyle

    assert isinstance(QApplication.style(), FocusRingStyle)
    tab = window.estimate_tab
    window.show_tab(tab)
    edit = tab.cost.edit
    assert isinstance(edit, QLineEdit)
    tab.kind.setFocus()
    qtbot.waitUntil(tab.kind.hasFocus)
    unfocused = _ring_pixels(edit)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.wait(20)
    assert _ring_pixels(edit) >= edit.height() - 4 > unfocused  # a solid line down the whole left edge
    # a style sheet keeps a widget's font from following QApplication.setFont unless re-applied
    base = QApplication.font().pointSizeF()
    window.menus.large_text_action.trigger()
    QApplication.processEvents()
    assert edit.font().pointSizeF() == pytest.approx(base * 1.3)
    assert tab.kind.font().pointSizeF() == pytest.approx(base * 1.3)


def test_big_totals_stay_bigger_than_the_text_in_large_mode(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    quote = window.quote_tab
    quote.add_member()
    sim = window.simulation_tab
    for large in (False, True):
        window.menus.large_text_action.setChecked(large)
        qtbot.wait(20)
        text_size = QApplication.font().pointSizeF()
        assert quote.total_label.font().pointSizeF() == pytest.approx(text_size * 1.3), large
        assert quote.total_label.font().bold()
        for label in sim.totals._big:
            assert label.font().pointSizeF() == pytest.approx(text_size * 1.3), large


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("20240615", dt.date(2024, 6, 15)), ("2023-12-31", dt.date(2023, 12, 31)), ("1999/1/15", dt.date(1999, 1, 15))],
)
def test_a_date_typed_after_clicking_replaces_the_date(qtbot, typed: str, expected: dt.date) -> None:  # type: ignore[no-untyped-def]
    box = QWidget()
    other = QLineEdit(box)
    field = DateField(box)
    field.move(0, 40)
    field.resize(200, 30)
    qtbot.addWidget(box)
    box.show()
    box.activateWindow()
    QTest.qWaitForWindowActive(box)
    for start in (dt.date(2025, 3, 1), None):  # a date already there, and 未填写
        field.set_value(start)
        other.setFocus()
        # a click in the middle of the text (the month) used to leave the cursor there
        QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(60, 15))
        qtbot.waitUntil(lambda: field.lineEdit().selectedText() == field.text())
        QTest.keyClicks(field, typed)
        assert field.value() == expected, (start, field.text())


def test_the_payment_date_takes_a_typed_date_too(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pay = window.quote_tab.pay_date
    assert isinstance(pay, TypedDateEdit)
    pay.setFocus()
    qtbot.waitUntil(lambda: pay.lineEdit().selectedText() == pay.text())
    QTest.keyClicks(pay, "2025-02-03")
    assert pay.date() == QDate(2025, 2, 3)


def test_a_window_opened_in_large_text_has_large_menus_and_tab_titles(
    qtbot, policies: PolicySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    font = QFont(QApplication.font())
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("large_text", True)
    w = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(w)
    simulation = w.simulation_tab  # built before the first show, as the last session's tab is
    w.show()
    qtbot.waitExposed(w)
    try:
        large = font.pointSizeF() * 1.3
        for part in (w.menuBar(), w.tabs.tabBar(), w.statusBar(), w.quote_tab.add_button, w.year_combo):
            assert part.font().pointSizeF() == pytest.approx(large), type(part).__name__
        # a tab built after the text size was set is in large text too, labels included
        for label in simulation.findChildren(QLabel):
            if label.text() and label not in simulation.totals._big:
                assert label.font().pointSizeF() == pytest.approx(large), label.text()
        # and back: a tab first opened after switching to normal text is normal
        w.menus.large_text_action.setChecked(False)
        for label in w.roster_tab.findChildren(QLabel):
            if label.text():
                assert label.font().pointSizeF() == pytest.approx(font.pointSizeF()), label.text()
    finally:
        w.menus.large_text_action.setChecked(False)
        QApplication.setFont(font)
