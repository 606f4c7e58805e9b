"""What the clerk is told when a file cannot be written or read: Chinese, the real cause, no hang."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.policy.loader import PolicySet
from desktop.ui import main_window
from desktop.ui.case_file import CaseFileError, load_case
from desktop.ui.main_window import MainWindow


def test_a_pdf_export_onto_a_folder_says_so_in_chinese_and_leaves_nothing(
    qtbot, policies: PolicySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path / "data")
    w = MainWindow(
        policies,
        today=dt.date(2025, 6, 1),
        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(w)
    w.quote_tab.add_member()
    target = tmp_path / "out" / "slip.pdf"
    target.mkdir(parents=True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: told.append(text)))
    w.slips.export_pdf()
    assert len(told) == 1 and "文件夹" in told[0], told
    assert "directory" not in told[0].lower() and "Errno" not in told[0]
    assert sorted(p.name for p in target.parent.iterdir()) == ["slip.pdf"] and target.is_dir()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_instead_of_waiting_forever(tmp_path: Path) -> None:
    pipe = tmp_path / "case.czcase"
    os.mkfifo(pipe)
    with pytest.raises(CaseFileError) as info:
        load_case(pipe)
    assert "不是普通文件" in info.value.message


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_saved_case_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """A case may hold full ID numbers: on a shared Linux machine other users cannot read it."""
    from desktop.ui.case_file import save_case

    path = save_case(tmp_path / "a", {"quote": {}})
    assert load_case(path)["tabs"] == {"quote": {}}
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("year", "said"),
    [
        # 30 digits, the longest number a file may hold: past Qt's 64-bit int, a year not loaded
        (10**29, "本程序没有该年度的政策数据"),
        # 40 digits: the file is refused by the JSON reader's limit before any field is read
        (10**39, "内容中有超过 30 位的数字"),
    ],
)
def test_opening_a_case_with_an_impossible_year_is_refused_with_a_message(
    qtbot, policies: PolicySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, year: int, said: str
) -> None:  # type: ignore[no-untyped-def]
    import json

    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path / "data")
    w = MainWindow(
        policies, today=dt.date(2025, 6, 1), settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(w)
    case = tmp_path / "case.czcase"
    members = [{"name": "张三", "category": "elderly"}]
    case.write_text(
        json.dumps(
            {"format": "czdesk-case", "version": 1, "policy_year": year, "tabs": {"quote": {"members": members}}}
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(case), "")))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    w.session.open_case()  # raised OverflowError inside Qt's findData before
    # issue 25 §7: a year not loaded is refused, named (shortened), never quoted under another year
    assert len(warned) == 1 and said in warned[0], warned
    if year == 10**29:
        assert "10000000000" in warned[0]  # named (shortened)
    assert w.selected_year == 2025 and w.quote_tab.model.rowCount() == 0
