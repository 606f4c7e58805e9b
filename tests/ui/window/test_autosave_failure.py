"""issue 25 §5: an autosave that fails is said at once (status bar and one dialog offering
另存为), the inputs stay in the window, and a full disk is called 磁盘空间不足."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from desktop.core import atomic
from desktop.core.policy.loader import PolicySet
from desktop.ui import main_window
from desktop.ui.main_window import MainWindow


def test_a_full_disk_is_said_at_once_and_the_input_kept(
    qtbot, policies: PolicySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    window = MainWindow(
        policies, today=dt.date(2025, 6, 1), settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    tab = window.quote_tab
    tab.add_member()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "atomic_write_text", full)
    window.session.save_session()
    window.session.save_session()  # a second failure: no second dialog
    assert "磁盘空间不足" in window.statusBar().currentMessage()
    assert window.session.autosave_problem == "磁盘空间不足"
    qtbot.waitUntil(lambda: window.session.autosave_box is not None and window.session.autosave_box.isVisible())
    boxes = [w for w in window.findChildren(QMessageBox) if "无法自动保存" in w.text()]
    assert len(boxes) == 1 and "磁盘空间不足" in boxes[0].text()
    assert any(b.text() == "另存为…" for b in boxes[0].buttons())
    assert tab.model.rowCount() == 1  # the input stays in the window

    saved_to: list[str] = []
    monkeypatch.setattr(window.session, "save_case", lambda: saved_to.append("另存为"))
    save_as = next(b for b in boxes[0].buttons() if b.text() == "另存为…")
    save_as.click()
    qtbot.waitUntil(lambda: saved_to == ["另存为"])

    monkeypatch.undo()
    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    window.session.save_session()  # the disk has room again
    assert window.session.autosave_problem is None and (tmp_path / "session.json").exists()
