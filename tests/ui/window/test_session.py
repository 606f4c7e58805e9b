"""The window's session part made on its own: a bare QMainWindow and a host giving what SessionHost names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QMainWindow, QTabWidget

from desktop.core.policy.loader import PolicySet
from desktop.ui.tab_base import WorkTab
from desktop.ui.window.session import Session
from desktop.ui.window.session_file import SESSION_VERSION


class _Host:
    """No tabs at all: only what the session reads of a window."""

    def __init__(self, policies: PolicySet, folder: Path) -> None:
        self.policies = policies
        self.today = dt.date(2025, 6, 1)
        self.tabs = QTabWidget()
        self.year_combo = QComboBox()
        self.folder = folder

    @property
    def selected_year(self) -> int:
        return 2025

    def work_tabs(self) -> list[WorkTab]:
        return []

    def tab_keys(self) -> list[str]:
        return []

    def tab_title(self, key: str) -> str:
        return key

    def session_path(self) -> Path:
        return self.folder / "session.json"


def _session(qtbot, policies: PolicySet, folder: Path) -> Session:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    host = _Host(policies, folder)
    return Session(window, host)


def test_a_session_is_written_from_what_the_host_gives(qtbot, policies: PolicySet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session = _session(qtbot, policies, tmp_path)
    session.restoring = False
    session.pending["roster"] = {"path": "名册.csv"}  # a tab not built keeps what it had
    session.save_session()
    saved = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))
    assert saved == {
        "version": SESSION_VERSION,
        "policy_year": 2025,
        "current_tab": -1,  # an empty tab widget has no current tab
        "tabs": {"roster": {"path": "名册.csv"}},
    }


def test_a_damaged_session_is_set_aside_and_said(qtbot, policies: PolicySet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "session.json").write_text("{", encoding="utf-8")
    session = _session(qtbot, policies, tmp_path)
    assert session.restore_session() is False
    assert session.session_notice is not None and "已损坏" in session.session_notice
    assert [p.name.startswith("session.damaged-") for p in tmp_path.iterdir()] == [True]
