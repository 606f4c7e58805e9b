"""The main window: year switch, stale banner, larger text, session restore, bad input."""

from __future__ import annotations

import datetime as dt
import gc
import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.policy.loader import PolicySet
from desktop.ui import main_window
from desktop.ui.main_window import MainWindow
from desktop.ui.tabs.quote.household_model import COL_CATEGORY, COL_ID
from desktop.ui.window import reload, session

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    return tmp_path


def saved_session(data_dir: Path) -> dict | None:  # type: ignore[type-arg]
    """The session file as written so far, or None before the first write."""
    try:
        return json.loads((data_dir / "session.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except FileNotFoundError:
        return None


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, policies: PolicySet, data_dir: Path, settings: QSettings):  # type: ignore[no-untyped-def]
    font = QFont(QApplication.font())
    w = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    QApplication.setFont(font)


def test_tabs_in_order(window: MainWindow) -> None:
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:2] == ["保费测算", "参保清单"]
    assert titles[-1] == "政策"


def test_window_opens_sized_to_the_screen_not_to_a_fixed_1280x720(window: MainWindow) -> None:
    from PySide6.QtCore import QRect, QSize

    from desktop.ui.window.geometry import initial_size

    minimum = window.minimumSize()
    assert minimum.width() <= 1024 and minimum.height() <= 640
    # a counter's 1366x768 screen less its taskbar: all of it, less the frame (16 x 39; the window
    # is shown maximised there anyway)
    assert initial_size(QRect(0, 0, 1366, 728), minimum) == QSize(1350, 689)
    assert initial_size(QRect(0, 0, 1600, 860), minimum) == QSize(1584, 821)
    # a large screen: 90 % of it, centred
    assert initial_size(QRect(0, 0, 1920, 1040), minimum) == QSize(1728, 936)
    # what the layouts are drawn for, where the screen has room for it …
    assert initial_size(QRect(0, 0, 1280, 720), QSize(1024, 640)) == QSize(1264, 681)
    # … and never beyond a smaller screen: 800 - 16, 600 - 39 (the pages scroll instead)
    assert initial_size(QRect(0, 0, 800, 600), QSize(1024, 640)) == QSize(784, 561)
    available = window.screen().availableGeometry()
    assert window.size() == initial_size(available, minimum)
    assert window.should_maximise() == (available.width() <= 1600 or available.height() <= 900)


def test_stale_banner_for_2025_on_2026_11_23(window: MainWindow) -> None:
    assert window.year_combo.currentText() == "2025年度 (数据版本 2025.1)"
    text = window.banner.text()
    assert "当前按 2025年度 政策计算" in text
    assert "没有安装2026年度" in text


def test_year_switch_reaches_every_tab(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.quote_tab.add_member()
    assert window.quote_tab.total_label.text() == "880.00 元"
    window.year_combo.setCurrentIndex(window.year_combo.findData(2024))
    assert window.quote_tab.total_label.text() == "930.00 元"  # 2024 须知 §一(一): non-employed, wujin
    assert window.checklist_tab.checklist is not None and window.checklist_tab.checklist.policy_year == 2024
    assert window.policy_tab.year == 2024
    assert "当前按 2024年度" in window.banner.text()
    assert "最新的是2025年度" in window.banner.text()


def test_larger_text_toggle_is_remembered(qtbot, window: MainWindow, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    base = QApplication.font().pointSizeF()
    id_width = window.quote_tab.table.columnWidth(COL_ID)
    window.menus.large_text_action.trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.3)
    QApplication.processEvents()  # Qt hands the new font to the widgets through the event loop
    # the ID column widens with the text instead of cutting "320483********0013" short
    assert window.quote_tab.table.columnWidth(COL_ID) >= id_width * 1.2
    assert window.banner.font().pointSizeF() == pytest.approx(base * 1.3)
    assert settings.value("large_text", type=bool) is True
    window.menus.large_text_action.trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    assert settings.value("large_text", type=bool) is False


def test_settings_live_in_the_user_data_folder(qtbot, policies: PolicySet, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """Not the Windows registry: the data folder README names holds settings too."""
    font = QFont(QApplication.font())
    w = MainWindow(policies, today=TODAY)
    qtbot.addWidget(w)
    try:
        w.menus.large_text_action.trigger()
        w.settings.sync()
        ini = data_dir / "settings.ini"
        assert ini.is_file() and "large_text=true" in ini.read_text(encoding="utf-8")
    finally:
        QApplication.setFont(font)


def test_next_tab_shortcut_action(window: MainWindow) -> None:
    window.tabs.setCurrentIndex(0)
    window.menus.next_tab_action.trigger()
    assert window.tabs.currentIndex() == 1
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    window.menus.next_tab_action.trigger()
    assert window.tabs.currentIndex() == 0
    assert "Ctrl+Tab" in [s.toString() for s in window.menus.next_tab_action.shortcuts()]


def test_session_restore_round_trip(qtbot, policies: PolicySet, data_dir: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(first)
    first.quote_tab.add_member()
    first.quote_tab.add_member()
    first.quote_tab.model.setData(first.quote_tab.model.index(1, COL_CATEGORY), "minor")
    first.quote_tab.model.setData(first.quote_tab.model.index(0, COL_ID), "320483201506010029")
    first.year_combo.setCurrentIndex(first.year_combo.findData(2024))
    first.checklist_tab.payment_buttons["online"].setChecked(True)
    first.tabs.setCurrentIndex(1)
    # written shortly after the last edit (AUTOSAVE_DELAY_MS), not on every keystroke
    qtbot.waitUntil(lambda: (saved_session(data_dir) or {}).get("current_tab") == 1, timeout=3000)
    saved = saved_session(data_dir)
    assert saved is not None and saved["policy_year"] == 2024
    assert not list(data_dir.glob("*.tmp"))  # written through a temporary file, then renamed

    second = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(second)
    assert second.selected_year == 2024
    assert second.tabs.currentIndex() == 1
    assert second.quote_tab.model.rowCount() == 2
    assert second.quote_tab.model.row(0).id_number == "320483201506010029"
    assert second.quote_tab.total_label.text() == "1,320.00 元"  # 2024: 930 + 390
    assert second.checklist_tab.answers().payment == "online"


def test_typing_a_number_writes_the_session_once_after_the_pause(
    qtbot, window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    writes: list[str] = []
    real = session.atomic.atomic_write_text
    monkeypatch.setattr(
        session.atomic, "atomic_write_text", lambda path, text, **kw: writes.append(text) or real(path, text, **kw)
    )
    window.show_tab(window.estimate_tab)
    qtbot.waitUntil(lambda: not window.session._autosave.isActive(), timeout=3000)  # the tab switch's own save
    writes.clear()
    QTest.keyClicks(window.estimate_tab.cost.edit, "12000")
    assert writes == []  # nothing written between keystrokes
    qtbot.waitUntil(lambda: len(writes) == 1, timeout=3000)
    qtbot.wait(session.AUTOSAVE_DELAY_MS + 200)
    assert len(writes) == 1
    assert json.loads(writes[0])["tabs"]["estimate"]["compliant_cost"] == "12000"
    # closing writes at once whatever is still waiting
    QTest.keyClicks(window.estimate_tab.cost.edit, "5")
    window.close()
    assert len(writes) == 2 and json.loads(writes[1])["tabs"]["estimate"]["compliant_cost"] == "120005"


def test_broken_session_file_is_ignored(qtbot, policies: PolicySet, data_dir: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    (data_dir / "session.json").write_text('{"policy_year": 2024, "tabs": {"quote": "x"', encoding="utf-8")
    w = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(w)
    assert w.selected_year == 2025
    (data_dir / "session.json").write_text(
        json.dumps({"policy_year": 1999, "current_tab": 99, "tabs": {"quote": {"members": 5}, "checklist": []}}),
        encoding="utf-8",
    )
    w2 = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(w2)
    assert w2.quote_tab.model.rowCount() == 0
    # The first window is garbage now (nothing holds it but a cycle). Collect it here, not at an
    # arbitrary allocation inside w2's closeEvent at teardown, where destroying it crashed Qt
    # (QWidgetAction::releaseWidget on a dangling focus chain) depending on the folder's path length.
    gc.collect()


def test_new_asks_before_clearing(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window.quote_tab.add_member()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.menus.new_action.trigger()
    assert window.quote_tab.model.rowCount() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.menus.new_action.trigger()
    assert window.quote_tab.model.rowCount() == 0


def test_print_without_input_explains_instead_of_failing(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window.tabs.setCurrentIndex(0)
    assert window.slips.current_slip() is None
    assert "填写完整" in shown[-1]
    window.quote_tab.add_member()
    slip = window.slips.current_slip()
    assert slip is not None and slip.stale_warning and "2026" in slip.stale_warning
    assert slip.printed_on == TODAY


def test_bad_input_never_raises(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = window.quote_tab
    tab.add_member()
    for text in ("", "x" * 30, "11010519491231002X", "110105194912310021", "abc", "３２０４"):
        tab.model.setData(tab.model.index(0, COL_ID), text)
        tab.model.setData(tab.model.index(0, 0), text)
    tab.model.setData(tab.model.index(0, COL_CATEGORY), None)
    tab.years_repaid.setValue(50)
    tab.years_broken.setValue(50)
    assert tab.slip() is not None
    for tab_case in ({}, {"members": None}, {"district": None, "waiting": {"payment_date": "2025-13-45"}}):
        tab.load_case(tab_case)
    window.checklist_tab.load_case({"category": "nobody", "payment": 3})
    assert window.checklist_tab.answers().category == "elderly"


def test_roster_tab_sits_before_policy_and_keeps_its_state(
    qtbot, policies: PolicySet, data_dir: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(first)
    titles = [first.tabs.tabText(i) for i in range(first.tabs.count())]
    assert titles == ["保费测算", "参保清单", "报销测算", "医疗救助模拟", "村组名册", "政策"]
    assert first.roster_tab in first.work_tabs()
    first.show_tab(first.roster_tab)
    first.session.save_session()
    second = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(second)
    assert second.current_work_tab() is second.roster_tab
    assert "roster" in json.loads((data_dir / "session.json").read_text(encoding="utf-8"))["tabs"]


def test_compare_years_uses_the_household_typed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.compare_dialog import CompareDialog

    window.quote_tab.add_member()  # default row: 非从业居民, 武进区
    dialog = CompareDialog(window.policies, window.quote_tab, window)
    qtbot.addWidget(dialog)
    rows = {r.label: r for r in dialog.model.rows()}
    # 2024 须知 §一(一): non-employed individual 930; 2025 通告: 880 -> one member, totals the same.
    assert {y: str(v) for y, v in rows["全家个人缴费合计"].values.items()} == {2024: "930.00", 2025: "880.00"}


def test_installing_a_pack_reopens_the_window_on_the_new_year_with_inputs_kept(
    qtbot, policies: PolicySet, data_dir: Path, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from desktop.core import packs
    from tests.ui.packs.test_dialog import fake_2026

    monkeypatch.setenv(packs.DATA_DIR_ENV, str(tmp_path / "userdata"))
    old = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(old)
    old.show()
    old.quote_tab.add_member()
    old.quote_tab.model.setData(old.quote_tab.model.index(0, COL_CATEGORY), "elderly")
    doc = tmp_path / "2026.yaml"
    doc.write_text(packs.policy_to_yaml(fake_2026(policies[2025])), encoding="utf-8")
    packs.install(packs.build_pack(doc, tmp_path / "2026.czpack", notice_title="测试"))
    new = old.reload.reload_policies()
    assert new is not None
    qtbot.addWidget(new)
    assert not old.isVisible() and new.isVisible()
    assert 2026 in new.policies.years
    # the session carried the household across; the year stays the one the clerk had chosen
    assert new.quote_tab.model.rowCount() == 1 and new.selected_year == 2025
    assert packs.UNCONFIRMED not in new.banner.text()  # the bundled year is confirmed by definition
    new.year_combo.setCurrentIndex(new.year_combo.findData(2026))
    # the pack is unsigned: every screen computed from it says so (the banner heads the window)
    assert packs.UNCONFIRMED in new.banner.text()
    assert new.quote_tab.total_label.text() == "760.00 元"  # the fake 2026 pack: 老年居民 730 -> 760
    # 2026 now runs, but on 23 Nov 2026 the 2027 collection is under way: still said
    assert "当前按 2026年度" in new.banner.text() and "没有安装2027年度" in new.banner.text()


def test_save_then_open_a_case_through_the_menus(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    window.quote_tab.add_member()
    window.quote_tab.model.setData(window.quote_tab.model.index(0, COL_CATEGORY), "elderly")
    window.year_combo.setCurrentIndex(window.year_combo.findData(2024))
    target = tmp_path / "王家"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.menus.save_action.trigger()
    saved = tmp_path / "王家.czcase"
    assert saved.is_file() and "已保存" in window.statusBar().currentMessage()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.menus.new_action.trigger()
    window.year_combo.setCurrentIndex(window.year_combo.findData(2025))
    assert window.quote_tab.model.rowCount() == 0

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    window.menus.open_action.trigger()
    assert window.selected_year == 2024
    assert window.quote_tab.model.rowCount() == 1
    assert window.quote_tab.total_label.text() == "730.00 元"  # 2024 须知: 老年居民 individual 730


def test_a_foreign_file_is_refused_with_a_message(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    window.quote_tab.add_member()
    junk = tmp_path / "照片.czcase"
    junk.write_bytes(b"\x89PNG\r\n")
    warned: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window.menus.open_action.trigger()
    assert warned and "不是有效的案例文件" in warned[0]
    assert window.quote_tab.model.rowCount() == 1  # what was typed is kept


def test_only_the_tab_on_screen_is_built_and_unopened_tabs_keep_their_inputs(
    qtbot, policies: PolicySet, data_dir: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.window.tab_slot import TabSlot

    session = {
        "policy_year": 2024,
        "current_tab": 0,
        "tabs": {"estimate": {"kind": "inpatient", "hospital_level": 3, "compliant_cost": "12000"}},
    }
    (data_dir / "session.json").write_text(json.dumps(session), encoding="utf-8")
    w = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(w)
    slots = [w.tabs.widget(i) for i in range(w.tabs.count())]
    assert all(isinstance(s, TabSlot) for s in slots)
    assert [s.content is not None for s in slots] == [True, False, False, False, False, False]
    # an edit elsewhere saves the session; the unopened reimbursement tab's inputs stay in it
    (data_dir / "session.json").unlink()
    w.quote_tab.add_member()
    qtbot.waitUntil(lambda: saved_session(data_dir) is not None, timeout=3000)
    saved = saved_session(data_dir)
    assert saved is not None and saved["tabs"]["estimate"]["compliant_cost"] == "12000"
    assert len(saved["tabs"]["quote"]["members"]) == 1
    # opened later, it shows them under the year chosen before it existed
    w.tabs.setCurrentIndex(2)
    assert w.estimate_tab.policy.policy_year == 2024
    assert w.estimate_tab.cost.edit.text() == "12000"
    # 2024 须知, 住院 三级: (12000 − 1000 起付) × 70 % = 7700.00
    assert w.estimate_tab.amount_labels["basic_fund"].text() == "7,700.00 元"


@pytest.fixture
def large_text_window(qtbot, policies: PolicySet, data_dir: Path, settings: QSettings):  # type: ignore[no-untyped-def]
    """The window as at the counter in 大字模式 on a 1366x768 screen: the app's own font first."""
    from desktop.ui.font import register_font

    font = QFont(QApplication.font())
    register_font()
    window = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(1366, 740)
    window.menus.large_text_action.trigger()
    yield window
    window.menus.large_text_action.trigger()
    QApplication.setFont(font)


def test_reimbursement_figures_are_whole_in_large_text_on_a_1366x768_screen(
    qtbot, large_text_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window = large_text_window
    tab = window.estimate_tab  # built now, in large text
    window.show_tab(tab)
    tab.kind.setCurrentIndex(tab.kind.findData("inpatient"))
    tab.level.setCurrentIndex(tab.level.findData(3))
    tab.cost.setText("50000")
    scroll = tab._results_scroll

    # the figures are never cut off at the right: the splitter gives the results the width they need
    def whole() -> bool:
        rights = [lb.mapTo(scroll.viewport(), lb.rect().topRight()).x() for lb in tab.amount_labels.values()]
        return max(rights) <= scroll.viewport().width()

    qtbot.wait(100)  # let the layout settle: a first, narrower pass may show before the figures
    qtbot.waitUntil(whole, timeout=3000)
    assert tab.amount_labels["out_of_pocket"].text() != "—"
    # and the steps keep a few readable lines
    assert tab.steps.browser.height() >= 4 * tab.steps.browser.fontMetrics().lineSpacing()


def test_no_explanation_overlaps_its_legend_in_large_text(qtbot, large_text_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = large_text_window
    for tab, panel in (
        (window.quote_tab, window.quote_tab.steps_view),
        (window.estimate_tab, window.estimate_tab.steps),
        (window.simulation_tab, window.simulation_tab.steps),
    ):
        window.show_tab(tab)
        qtbot.wait(50)
        # a layout squeezed below its minimum draws its widgets over each other
        assert panel.browser.geometry().bottom() < panel.legend.geometry().top(), tab.case_key
        assert panel.title.geometry().bottom() < panel.browser.geometry().top(), tab.case_key


def test_a_replaced_window_is_deleted_after_its_menu_click_not_during_it(
    qtbot, policies: PolicySet, data_dir: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """工具 → 政策包管理 replaces the window from inside a click on that window's own menu.

    The replaced window used to be dropped there and then: its last reference went with the
    menu's handler still running, so Qt deleted the window (menu included) under QMenu's own
    key press — a use-after-free that segfaulted the suite. It must outlive the click and be
    deleted by the event loop afterwards (not leaked, not left to the garbage collector).
    """
    import shiboken6
    from PySide6.QtCore import Qt

    from desktop.ui.packs.dialog import PackDialog

    def exec_installing(dialog: PackDialog) -> int:  # a pack was "installed": the window reloads
        dialog.packs_changed.emit()
        return 0

    monkeypatch.setattr(PackDialog, "exec", exec_installing)
    first = MainWindow(policies, today=TODAY, settings=settings)  # Qt deletes it: not given to qtbot
    first.show()
    second = first.reload.reload_policies()  # a window only the window list holds, as in the program
    assert second is not None
    menu = next(a.menu() for a in second.menuBar().actions() if second.menus.packs_action in a.menu().actions())
    action = second.menus.packs_action
    second.menuBar().setActiveAction(menu.menuAction())
    qtbot.waitUntil(menu.isVisible)
    menu.setActiveAction(action)
    del second
    gc.collect()
    qtbot.keyClick(menu, Qt.Key.Key_Return)  # the clerk presses Enter on 政策包管理
    assert shiboken6.isValid(menu), "the window was deleted inside its own menu's key handler"
    third = reload._windows[-1]
    qtbot.addWidget(third)
    assert third.isVisible() and menu.parent() is not None
    qtbot.waitUntil(lambda: not shiboken6.isValid(menu))  # then the event loop deletes it
    gc.collect()
    assert third.isVisible() and third.quote_tab.model.rowCount() == 0


def test_help_about_shows_version_and_each_years_data(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from desktop import __version__

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    assert window.menus.about_action in help_menu.actions()
    window.menus.about_action.trigger()
    box = window.findChild(QMessageBox, "about_box")
    assert box is not None and box.isVisible()
    text = box.informativeText()
    assert f"程序版本:{__version__}" in text and "构建日期:从源代码运行" in text
    for year in window.policies.years:
        entry = window.policies.entry(year)
        assert f"{year} 年度  数据版本 {entry.policy.data_version}" in text and entry.short_hash in text
    box.close()


@pytest.mark.parametrize("action", ["print_current", "preview_current"])
def test_with_no_printer_the_window_says_so_and_offers_a_pdf(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:  # type: ignore[no-untyped-def]
    """Under Wine (no printer) 打印 and 打印预览 did nothing and said nothing."""
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui import printing

    monkeypatch.setattr(printing, "printer_available", lambda: False)
    monkeypatch.setattr(printing, "print_slip", lambda *a: pytest.fail("the print dialog opened"))
    monkeypatch.setattr(printing, "preview_slip", lambda *a: pytest.fail("the preview opened"))
    target = tmp_path / "测算单.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.quote_tab.add_member()
    said: list[str] = []

    def answer(parent, title, text, *rest):  # type: ignore[no-untyped-def]
        said.append(text)
        return QMessageBox.StandardButton.Yes  # 现在导出PDF吗? 是

    monkeypatch.setattr(QMessageBox, "information", answer)
    getattr(window.slips, action)()
    assert said and "没有安装打印机" in said[0]
    assert target.is_file() and target.read_bytes().startswith(b"%PDF")


def test_save_offers_the_households_first_name_and_the_date_and_dialogs_remember_the_folder(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    window.quote_tab.add_member()
    window.quote_tab.model.setData(window.quote_tab.model.index(0, 0), "张建国")
    folder = tmp_path / "村委会"
    folder.mkdir()
    offered: list[str] = []

    def save_dialog(parent, title, start, *rest):  # type: ignore[no-untyped-def]
        offered.append(start)
        return str(folder / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.session.save_case()
    assert Path(offered[0]).name == "张建国-20261123.czcase"  # TODAY is 2026-11-23
    assert (folder / "张建国-20261123.czcase").is_file()
    # the next dialog opens where the clerk saved, this start and the next
    opened: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda p, t, start, *r: (opened.append(start), ("", ""))[1])
    window.session.open_case()
    assert Path(opened[0]) == folder
    assert window.settings.value("last_folder") == str(folder)


def test_a_run_of_visits_is_carried_into_the_year_and_the_limits_left_are_said(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Each visit's running totals were copied by hand from visit to visit."""
    from desktop.ui.widgets.fields import set_combo_value

    estimate = window.estimate_tab
    set_combo_value(estimate.category, "elderly")
    set_combo_value(estimate.kind, "outpatient_general")
    set_combo_value(estimate.facility, "primary")
    estimate.cost.setText("1000")
    estimate.recompute()
    # 2025 普通门诊, 基层: (1000 - 200 起付) × 50% = 400.00 (居民医保政策介绍 (二)1 表)
    assert estimate.amount_labels["basic_fund"].text() == "400.00 元"
    qtbot.mouseClick(estimate.carry_button, Qt.MouseButton.LeftButton)
    assert window.simulation_tab.model.rowCount() == 1
    assert estimate.opening_fields["outpatient_general_cost"].text() == "1000.00"
    said = estimate.year_label.text()
    assert "350,000.00 元" in said and "还可支付" in said  # the 35万 cap, none of it used by outpatient care
    # the second visit continues from the year: 1000 more, of which only 1500 - 1000 = 500 is in the
    # 200–1500 band: 500 × 50% = 250.00; the simulation now holds both, 400 + 250 = 650 from the fund
    estimate.cost.setText("1000")
    estimate.recompute()
    assert estimate.amount_labels["basic_fund"].text() == "250.00 元"
    qtbot.mouseClick(estimate.carry_button, Qt.MouseButton.LeftButton)
    result = window.simulation_tab.result()
    assert result is not None and len(result.events) == 2
    assert result.totals.basic_fund == Decimal("650.00")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"aid_status": "new_kind_of_aid"}, "“new_kind_of_aid”不是本程序认识的医疗救助身份"),
        ({"category": "retired_2027"}, "“retired_2027”不是本程序认识的参保类别"),
        ({"district": "suzhou"}, "“suzhou”不是本程序认识的所属区"),
        (2027, "案例的政策年度是 2027,本程序没有该年度的政策数据"),
    ],
)
def test_a_case_with_values_this_version_does_not_know_is_refused_by_name(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object, expected: str
) -> None:  # type: ignore[no-untyped-def]
    # issue 25 §7: before, an unknown aid status opened as 无 (an aid recipient paying the full
    # premium), an unknown category as 非从业居民, a district as 武进, a 2027 case as 2025, under "已打开"
    from PySide6.QtWidgets import QFileDialog

    window.quote_tab.add_member()
    window.quote_tab.model.setData(window.quote_tab.model.index(0, COL_CATEGORY), "elderly")
    saved = tmp_path / "王家.czcase"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    window.menus.save_action.trigger()
    document = json.loads(saved.read_text(encoding="utf-8"))
    if isinstance(change, int):
        document["policy_year"] = change
    elif "district" in change:
        document["tabs"]["quote"]["district"] = change["district"]
    else:
        document["tabs"]["quote"]["members"][0].update(change)
    saved.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    warned: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window.quote_tab.model.setData(window.quote_tab.model.index(0, COL_CATEGORY), "minor")
    window.menus.open_action.trigger()
    assert len(warned) == 1 and expected in warned[0] and "没有打开" in warned[0]
    assert "“保费测算”页签" in warned[0] or isinstance(change, int)
    assert "已打开" not in window.statusBar().currentMessage()
    assert window.quote_tab.model.index(0, COL_CATEGORY).data() != "老年居民"  # nothing of the case was applied
