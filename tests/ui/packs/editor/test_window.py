"""工具 → 制作政策包…: the officer's editor window and its table model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.core import packs
from desktop.core.packs.draft import Draft, default_path
from desktop.core.policy.loader import PolicySet

NOTICE_2025 = Path(__file__).resolve().parents[5] / "shared" / "seeds" / "000_cc822a5554eeeeca.txt"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(packs.DATA_DIR_ENV, str(folder))
    return folder


def test_table_model_without_a_view(policies: PolicySet) -> None:
    from desktop.ui.packs.editor.model import DraftModel

    draft = Draft.next_year(policies[2024])
    model = DraftModel(draft)
    # a heading line per section, then its rows
    assert model.rowCount() == len(draft.rows) + len({r.section for r in draft.rows})
    # the year's districts (所在区(市)) head the 缴费标准 rows, as the notice lists them in its premium clause
    assert model.data(model.index(0, DraftModel.COL_NAME)) == "所在区(市)"
    assert "缴费标准" in [model.data(model.index(i, DraftModel.COL_NAME)) for i in range(model.rowCount())]
    line = model.line_of(draft.row("premiums.categories.elderly.individual"))
    assert model.data(model.index(line, DraftModel.COL_NAME)) == "老年居民 · 个人缴费"
    assert model.data(model.index(line, DraftModel.COL_OLD)) == "730【通知原文】"
    assert model.data(model.index(line, DraftModel.COL_STATUS)) == "沿用上年"
    assert model.data(model.index(line, DraftModel.COL_DONE)) == "待核对"
    draft.confirm(draft.row("premiums.categories.elderly.individual"))
    assert model.data(model.index(line, DraftModel.COL_DONE)) == "✓ 已核对"
    draft.edit(draft.row("premiums.categories.elderly.individual"), value="abc")
    model.set_check(draft.check())
    assert model.data(model.index(line, DraftModel.COL_PROBLEM)) == "“abc”不是数字"
    assert model.data(model.index(line, DraftModel.COL_DONE)) == "有问题"
    # only the rows still to do: here the one with a problem, under its section's heading
    model.set_filter("problems")
    assert model.rowCount() == 2 and model.row_at(1) is draft.row("premiums.categories.elderly.individual")
    model.set_filter("unconfirmed")
    assert model.rowCount() == len(draft.rows) + len({r.section for r in draft.rows})  # nothing confirmed now
    model.set_filter("all")


def test_editor_confirms_with_one_key_checks_as_typed_and_saves(
    qtbot: QtBot, data_dir: Path, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.packs.editor.window import PackEditor

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(str(a[2])))
    editor = PackEditor(today=dt.date(2026, 12, 7), draft=Draft.next_year(policies[2024]))
    qtbot.addWidget(editor)
    editor.show()
    total = len(editor.draft.rows)
    assert editor.progress_label.text().startswith(f"已核对 0 / {total}")

    editor.select_path("premiums.categories.elderly.individual")
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Space)
    assert editor.draft.row("premiums.categories.elderly.individual").confirmed
    assert editor.progress_label.text().startswith(f"已核对 1 / {total}")
    # the next row is selected, ready for its own key press
    assert editor.current_row() is editor.draft.row("premiums.categories.elderly.medical_individual")

    # typing voids the confirmation, and the check shows the problem at the row, in Chinese
    editor.select_path("premiums.categories.elderly.individual")
    editor.value_edit.setPlainText("七百六")
    assert not editor.draft.row("premiums.categories.elderly.individual").confirmed
    editor.check_and_save()
    assert editor.row_problem.text() == "“七百六”不是数字"
    # saved to the data folder, and it comes back
    assert default_path().exists()
    assert Draft.load().row("premiums.categories.elderly.individual").value == "七百六"

    # what was typed just before closing is saved too (the check waits for a pause in typing)
    editor.value_edit.setPlainText("760")
    editor.close()
    assert Draft.load().row("premiums.categories.elderly.individual").value == "760"

    # unconfirmed rows block the build
    editor.build()
    assert warnings and "没有核对确认" in warnings[-1]


@pytest.mark.skipif(not NOTICE_2025.exists(), reason="the 2025 notice's text is not beside the repository")
def test_selecting_a_row_marks_its_sentence_and_selected_text_fills_the_quote(
    qtbot: QtBot, data_dir: Path, policies: PolicySet
) -> None:
    from PySide6.QtGui import QTextCursor

    from desktop.ui.packs.editor.window import PackEditor

    editor = PackEditor(today=dt.date(2026, 12, 7), draft=Draft.next_year(policies[2024]))
    qtbot.addWidget(editor)
    text = NOTICE_2025.read_text(encoding="utf-8")
    editor.set_notice(text, "2025.txt")
    found = [r for r in editor.draft.rows if r.found]
    assert found
    row = found[0]
    editor.select_path(row.path)
    assert row.span is not None and editor.notice_view.textCursor().position() == row.span[0]

    # the officer selects words in the notice: once the selection settles they are the row's quote
    editor.show()
    editor.activateWindow()
    editor.notice_view.setFocus()
    qtbot.waitUntil(editor.notice_view.hasFocus)
    start = text.index("个人缴费 730 元")
    cursor = editor.notice_view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("个人缴费 730 元"), QTextCursor.MoveMode.KeepAnchor)
    editor.notice_view.setTextCursor(cursor)
    qtbot.waitUntil(lambda: editor.draft.row(row.path).quote == "个人缴费 730 元")
    assert editor.quote_edit.toPlainText() == "个人缴费 730 元"
    assert not editor.draft.row(row.path).confirmed


def test_the_tools_menu_opens_the_editor(qtbot: QtBot, data_dir: Path, policies: PolicySet) -> None:
    from desktop.ui.main_window import MainWindow

    window = MainWindow(policies, today=dt.date(2026, 12, 7))
    qtbot.addWidget(window)
    assert window.menus.make_pack_action.text() == "制作政策包(&M)…"
    window.menus.make_pack_action.trigger()
    editor = window.reload.pack_editor
    qtbot.addWidget(editor)
    assert editor.isVisible() and editor.draft.year == policies.years[-1] + 1


@pytest.mark.skipif(not NOTICE_2025.exists(), reason="the 2025 notice's text is not beside the repository")
def test_build_signs_with_a_key_made_on_first_use_and_installs(
    qtbot: QtBot, data_dir: Path, policies: PolicySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

    from desktop.core.packs import signing
    from desktop.ui.packs.editor.window import PackEditor
    from tests.core.packs.test_draft import _as_2025

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(str(a[2])))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(str(a[2])))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("常州市医疗保障局", True))
    out = tmp_path / "2025.9.czpack"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)  # the changes, seen

    draft = Draft.next_year(policies[2024])
    editor = PackEditor(today=dt.date(2026, 12, 7), draft=draft)
    qtbot.addWidget(editor)
    editor.set_notice(NOTICE_2025.read_text(encoding="utf-8"), "2025.txt")
    draft.data_version = "2025.9"
    _as_2025(draft, policies)
    editor.check_and_save()
    assert editor.progress_label.text() == f"已核对 {len(draft.rows)} / {len(draft.rows)}"

    assert signing.load_office_key(None) is None
    editor.build()
    key = signing.load_office_key(None)
    assert key is not None and key.office == "常州市医疗保障局"
    assert any(key.fingerprint in text for text in shown)  # said once, with what to do next
    pack = packs.read_pack(out)
    assert pack.data_version == "2025.9" and signing.verify(pack).trusted

    with qtbot.waitSignal(editor.packs_changed):
        assert editor.install()
    assert [p.data_version for p in packs.list_installed()] == ["2025.9"]


def test_the_editor_survives_the_window_rebuilt_after_its_install(
    qtbot: QtBot, data_dir: Path, policies: PolicySet
) -> None:
    """Installing from the editor rebuilds the main window on the new data; the editor, its
    draft and the officer's place in it stay, now belonging to the new window."""
    import shiboken6

    from desktop.ui.main_window import MainWindow

    window = MainWindow(policies, today=dt.date(2026, 12, 7))  # Qt deletes it: not given to qtbot
    window.show()
    window.menus.make_pack_action.trigger()
    editor = window.reload.pack_editor
    window.menus.make_pack_action.trigger()  # a second time: the same editor, raised
    assert window.reload.pack_editor is editor
    editor.packs_changed.emit()
    successor = editor.parent()
    assert isinstance(successor, MainWindow) and successor is not window
    qtbot.addWidget(successor)
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))  # the old window, deleted after the event
    assert shiboken6.isValid(editor) and editor.isVisible() and successor.reload.pack_editor is editor


def test_replacing_a_draft_with_confirmed_rows_is_asked_first(
    qtbot: QtBot, data_dir: Path, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from desktop.ui.packs.editor.window import PackEditor

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(str(a[2])) or QMessageBox.StandardButton.No
    )
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: pytest.fail("asked for a base without asking first"))
    editor = PackEditor(today=dt.date(2026, 12, 7), draft=Draft.next_year(policies[2024]))
    qtbot.addWidget(editor)
    editor.draft.confirm(editor.draft.rows[0])
    editor.choose_base()
    assert asked and "已核对 1 /" in asked[0] and editor.draft.progress[0] == 1

    # with nothing confirmed yet there is nothing to lose: the choice comes at once
    chosen: list[str] = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (chosen.append("x"), ("", False))[1])
    editor.draft.confirm(editor.draft.rows[0], False)
    editor.choose_base()
    assert chosen == ["x"] and len(asked) == 1


@pytest.mark.skipif(not NOTICE_2025.exists(), reason="the 2025 notice's text is not beside the repository")
def test_a_reading_shows_its_quotes_clause_and_note_and_takes_words_from_the_notice(
    qtbot: QtBot, data_dir: Path, policies: PolicySet
) -> None:
    """Reading 3 (35万元) quotes the 2024 須知: shown with its notice and clause, editable; the
    officer adds the 2025 notice's words by selecting them, and writes the note."""
    from PySide6.QtGui import QTextCursor

    from desktop.ui.packs.editor.window import PackEditor

    editor = PackEditor(today=dt.date(2026, 12, 7), draft=Draft.next_year(policies[2024]))
    qtbot.addWidget(editor)
    editor.show()
    text = NOTICE_2025.read_text(encoding="utf-8")
    editor.set_notice(text, "2025.txt")
    row = next(r for r in editor.draft.rows if r.reading == 3)
    editor.select_path(row.path)
    bundled = policies[2024].reading(3)
    assert bundled is not None
    table = editor.reading_quotes
    assert editor.reading_sources.isVisible() and editor.reading_note_edit.isVisible()
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(3)] == [
        "2024年度参保须知",
        bundled.quotes[0].clause,
        bundled.quotes[0].quote,
    ]
    # the clause typed in its cell is the reading's, and the rows resting on it are to be confirmed again
    editor.draft.confirm(row)
    table.item(0, 1).setText("居民医保政策介绍 一、住院待遇 注释")
    assert editor.draft.reading_quotes(3)[0]["clause"] == "居民医保政策介绍 一、住院待遇 注释"
    assert not row.confirmed

    # words selected in the notice: once settled they fill the row's quote; added to the reading, the
    # row's own quote is given back (the selection was made for the reading)
    before = row.quote
    words = "待遇享受期为 2025 年 1 月 1 日起至 2025 年 12 月 31 日。"
    start = text.index(words)
    end = start + len(words)
    editor.activateWindow()
    editor.notice_view.setFocus()
    qtbot.waitUntil(editor.notice_view.hasFocus)
    cursor = editor.notice_view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.notice_view.setTextCursor(cursor)
    qtbot.waitUntil(lambda: row.quote == text[start:end].strip())
    editor.add_reading_quote_button.click()
    assert row.quote == before and not row.confirmed  # the reading changed: its rows are confirmed again
    added = editor.draft.reading_quotes(3)[1]
    assert added == {"notice": None, "clause": "七、特别提醒 2", "quote": text[start:end].strip()}
    assert table.rowCount() == 2 and table.item(1, 0).text() == "新通知"

    # the note, and a quote removed
    editor.reading_note_edit.insert("2025年通告没有重述35万元")  # as typed (textEdited)
    assert editor.draft.reading(3)["note"] == "2025年通告没有重述35万元"  # type: ignore[index]
    table.selectRow(1)
    editor.remove_reading_quote_button.click()
    assert len(editor.draft.reading_quotes(3)) == 1 and table.rowCount() == 1
    # a quote typed that the new notice does not hold is told where the officer looks
    editor.draft.add_reading_quote(3, "通知里没有的话", "七、特别提醒 2")
    editor.check_and_save()
    assert any(m.startswith("解读 3:所读原文第 2 条在新通知中找不到") for m in editor.general_label.text().split(";"))
