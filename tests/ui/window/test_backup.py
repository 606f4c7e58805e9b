"""文件 → 备份数据 / 恢复数据 in the window (issue 24, point 6)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from desktop.core.backup import write_backup
from desktop.core.policy.loader import PolicySet
from desktop.ui import main_window
from desktop.ui.main_window import MainWindow

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "pc" / "changzhou-insurance-desk"
    folder.mkdir(parents=True)
    monkeypatch.setattr(main_window, "data_dir", lambda: folder)
    return folder


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox, kind, staticmethod(lambda parent, title, text, *a, _k=kind: shown.append((_k, text)))
        )
    return shown


@pytest.fixture
def window(qtbot, policies: PolicySet, data: Path):  # type: ignore[no-untyped-def]
    settings = QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_the_file_menu_has_both(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]  # type: ignore[union-attr]
    assert "备份数据(&B)…" in texts and "恢复数据(&H)…" in texts
    assert texts.index("恢复数据(&H)…") < texts.index("退出(&Q)")


def test_backup_holds_what_was_just_typed(window: MainWindow, data: Path, tmp_path: Path, boxes) -> None:  # type: ignore[no-untyped-def]
    window.quote_tab.add_member()  # an edit still waiting for its autosave
    target = tmp_path / "U盘" / "备份.zip"
    target.parent.mkdir()
    assert window.backup.backup_data_to(target)
    with zipfile.ZipFile(target) as z:
        session = json.loads(z.read("session.json"))
    assert session == json.loads((data / "session.json").read_text(encoding="utf-8"))
    assert boxes and boxes[-1][0] == "information" and "已备份" in boxes[-1][1]


def test_restore_replaces_the_data_and_closes_without_overwriting_it(
    qtbot,
    window: MainWindow,
    data: Path,
    tmp_path: Path,
    boxes,  # type: ignore[no-untyped-def]
) -> None:
    other = tmp_path / "other-pc"
    other.mkdir()
    (other / "session.json").write_text('{"restored": "𠮷野"}', encoding="utf-8")
    (other / "settings.ini").write_text("[General]\nlarge_text=true\n", encoding="utf-8")
    write_backup(other, tmp_path / "b.zip")
    window.quote_tab.add_member()
    window.session.save_session()
    mine = (data / "session.json").read_text(encoding="utf-8")

    assert window.backup.restore_data_from(tmp_path / "b.zip", confirm=False)
    assert not window.isVisible()  # closed, to be opened again on the restored data
    # closing did not write this window's session over the restored one
    assert (data / "session.json").read_text(encoding="utf-8") == '{"restored": "𠮷野"}'
    assert "large_text=true" in (data / "settings.ini").read_text(encoding="utf-8")
    aside = [p for p in data.parent.iterdir() if ".恢复前-" in p.name]
    assert len(aside) == 1 and (aside[0] / "session.json").read_text(encoding="utf-8") == mine
    assert "已恢复 2 个文件" in boxes[-1][1] and str(aside[0]) in boxes[-1][1]


def test_a_bad_file_is_told_and_changes_nothing(window: MainWindow, data: Path, tmp_path: Path, boxes) -> None:  # type: ignore[no-untyped-def]
    window.session.save_session()
    before = sorted(p.name for p in data.iterdir())
    (tmp_path / "bad.zip").write_bytes(b"not a zip at all")
    assert not window.backup.restore_data_from(tmp_path / "bad.zip", confirm=False)
    assert boxes[-1][0] == "warning" and "不是完整的 zip" in boxes[-1][1]
    assert window.isVisible()
    assert sorted(p.name for p in data.iterdir()) == before
