"""A damaged session never stops the window, is never lost, and the clerk is told once in Chinese.

Each variant is a file the program could meet after a power cut, a full disk, a bad USB copy or
a hand edit. The window must start clean, keep the damaged bytes as
``session.damaged-<time>.json`` (never overwritten), and say so where it stays visible.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from desktop.core import atomic
from desktop.core.policy.loader import PolicySet
from desktop.ui import main_window
from desktop.ui.main_window import MainWindow
from desktop.ui.window import session_file

TODAY = dt.date(2026, 11, 23)
FULL_ID = "320483195005010014"
GOOD = {
    "version": 1,
    "policy_year": 2024,
    "current_tab": 0,
    "tabs": {"quote": {"members": [{"name": "张三", "id_number": FULL_ID, "category": "elderly"}]}},
}
DAMAGED = re.compile(r"^session\.damaged-\d{8}-\d{6}(-\d+)?\.json$")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    return tmp_path


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def start(qtbot, policies: PolicySet, settings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(w)
    return w


def damaged_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if DAMAGED.match(p.name))


VARIANTS: dict[str, bytes] = {
    "truncated": json.dumps(GOOD, ensure_ascii=False).encode()[:60],
    "empty": b"",
    "nul bytes": b"\x00" * 40,
    "nul inside": json.dumps(GOOD).encode().replace(b'"elderly"', b'"eld\x00erly"'),
    "not utf-8": '{"tabs": {"quote": {"name": "张三"}}}'.encode("gbk"),
    "utf-16": json.dumps(GOOD).encode("utf-16"),
    "nested 2000": b"[" * 2000 + b"]" * 2000,
    "nested in a tab": b'{"tabs": {"quote": ' + b'{"a":' * 3000 + b"1" + b"}" * 3001 + b"}",
    "5000 digits": b'{"policy_year": ' + b"9" * 5000 + b"}",
    "huge float": b'{"policy_year": 1e400}',
    "NaN": b'{"current_tab": NaN}',
    "a list": b"[1, 2, 3]",
    "a string": b'"session"',
    "tabs a list": b'{"tabs": [1]}',
    "a tab a list": b'{"tabs": {"quote": [], "estimate": {}}}',
    "year a string": b'{"policy_year": "2025", "tabs": {}}',
    "year a bool": b'{"policy_year": true, "tabs": {}}',
    "year of 39 digits": b'{"policy_year": ' + b"9" * 39 + b', "tabs": {}}',
    "tab -1": b'{"current_tab": -1, "tabs": {}}',
    "tab a float": b'{"current_tab": 1.5, "tabs": {}}',
    "version a string": b'{"version": "1", "tabs": {}}',
    "newer version": b'{"version": 99, "tabs": {}}',
    "lone surrogate": b'{"tabs": {"quote": {"members": [{"name": "\\ud800"}]}}}',
    "20000 members": json.dumps({"tabs": {"quote": {"members": [{"name": "张三"}] * 20000}}}).encode(),
    "too large": b'{"tabs": {}, "x": "' + b"a" * (session_file.MAX_SESSION_BYTES + 10) + b'"}',
}


@pytest.mark.parametrize("content", list(VARIANTS.values()), ids=list(VARIANTS))
def test_a_damaged_session_is_kept_aside_the_clerk_is_told_and_the_window_starts_clean(
    qtbot, policies: PolicySet, data_dir: Path, settings: QSettings, content: bytes
) -> None:  # type: ignore[no-untyped-def]
    (data_dir / "session.json").write_bytes(content)
    w = start(qtbot, policies, settings)

    assert w.quote_tab.model.rowCount() == 0 and w.selected_year == 2025  # clean: today's default year
    (aside,) = damaged_files(data_dir)
    assert aside.read_bytes() == content  # the damaged bytes, whole, for whoever looks into it
    assert not (data_dir / "session.json").exists()
    notice = w.session.session_notice
    assert notice is not None and aside.name in notice and "损坏" in notice
    assert w.statusBar().currentMessage() == notice  # stays: no timeout, not replaced by 就绪
    qtbot.waitUntil(lambda: w.session.session_box is not None and w.session.session_box.isVisible(), timeout=3000)
    assert w.session.session_box.text() == notice and w.session.session_box.isModal() is False  # never blocks the start

    # the next save does not touch the damaged copy; the next start is quiet
    w.quote_tab.add_member()
    w.close()
    assert aside.read_bytes() == content
    assert json.loads((data_dir / "session.json").read_text(encoding="utf-8"))["tabs"]["quote"]["members"]
    again = start(qtbot, policies, settings)
    assert again.session.session_notice is None and again.quote_tab.model.rowCount() == 1
    assert damaged_files(data_dir) == [aside]


def test_a_folder_where_the_session_should_be_is_moved_aside(
    qtbot, policies: PolicySet, data_dir: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    (data_dir / "session.json").mkdir()
    (data_dir / "session.json" / "inside.txt").write_text("x", encoding="utf-8")
    w = start(qtbot, policies, settings)
    (aside,) = damaged_files(data_dir)
    assert (aside / "inside.txt").read_text(encoding="utf-8") == "x"
    assert w.session.session_notice is not None and "损坏" in w.session.session_notice
    w.quote_tab.add_member()
    w.close()
    assert (data_dir / "session.json").is_file()


def test_a_damaged_session_that_cannot_be_moved_is_never_overwritten(
    qtbot, policies: PolicySet, data_dir: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A read-only data folder (the test runs as root, so the refusal is injected at the rename)."""
    content = b'{"tabs": {"quote": {"members": [{"name": "'
    (data_dir / "session.json").write_bytes(content)

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(session_file.os, "rename", refuse)
    w = start(qtbot, policies, settings)
    monkeypatch.undo()
    assert w.session.session_notice is not None and "不会自动保存" in w.session.session_notice
    assert "Permission" not in w.session.session_notice
    w.quote_tab.add_member()
    w.session.save_session()
    w.close()
    assert (data_dir / "session.json").read_bytes() == content
    assert damaged_files(data_dir) == []


def test_a_bom_before_a_good_session_is_read(qtbot, policies: PolicySet, data_dir: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    (data_dir / "session.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode())
    w = start(qtbot, policies, settings)
    assert w.session.session_notice is None and damaged_files(data_dir) == []
    assert w.selected_year == 2024 and w.quote_tab.model.row(0).id_number == FULL_ID


def test_a_tab_that_cannot_take_its_inputs_is_reported_and_the_file_copied_aside(
    qtbot, policies: PolicySet, data_dir: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.tabs.quote.tab import QuoteTab

    (data_dir / "session.json").write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")

    def broken(self: QuoteTab, data: dict[str, object]) -> None:  # a tab's bug, injected
        raise KeyError("members")

    monkeypatch.setattr(QuoteTab, "load_case", broken)
    w = start(qtbot, policies, settings)
    assert w.selected_year == 2024  # the rest was restored
    (aside,) = damaged_files(data_dir)
    assert json.loads(aside.read_text(encoding="utf-8"))["tabs"] == {"quote": GOOD["tabs"]["quote"]}
    assert (
        w.session.session_notice is not None
        and "保费测算" in w.session.session_notice
        and aside.name in w.session.session_notice
    )
    if sys.platform != "win32":
        assert aside.stat().st_mode & 0o777 == 0o600  # it holds a full ID number


def test_start_cleans_what_killed_saves_left_in_the_data_folder(
    qtbot, policies: PolicySet, data_dir: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True).stdout)
    leftovers = [
        data_dir / f"session.json.{dead}-abcd1234{atomic.TEMP_SUFFIX}",
        data_dir / "session.jsonx7k2_9qa.tmp",  # what versions before this one left
        data_dir / "packs" / f"state.json.{dead}-abcd1234{atomic.TEMP_SUFFIX}",
        data_dir / "packs" / "2026" / "2026.1" / f"stored.json.{dead}-abcd1234{atomic.TEMP_SUFFIX}",
    ]
    (data_dir / "packs" / "2026" / "2026.1").mkdir(parents=True)
    for path in leftovers:
        path.write_text(json.dumps(GOOD), encoding="utf-8")
    old = (dt.datetime.now() - dt.timedelta(hours=1)).timestamp()
    os.utime(leftovers[1], (old, old))
    start(qtbot, policies, settings)
    assert [p for p in leftovers if p.exists()] == []


def test_damaged_names_are_built_from_digits() -> None:
    assert session_file.damaged_name(dt.datetime(2026, 1, 2, 3, 4, 5)) == "session.damaged-20260102-030405.json"


def test_no_message_box_is_modal_at_start(qtbot, policies: PolicySet, data_dir: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    (data_dir / "session.json").write_bytes(b"[" * 5000)
    w = start(qtbot, policies, settings)
    w.show()
    qtbot.waitUntil(lambda: w.session.session_box is not None and w.session.session_box.isVisible(), timeout=3000)
    assert isinstance(w.session.session_box, QMessageBox)
    assert QMessageBox.StandardButton.Ok in [
        w.session.session_box.standardButton(b) for b in w.session.session_box.buttons()
    ]


def test_an_empty_settings_lock_left_by_a_kill_is_deleted_at_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Killed between creating settings.ini.lock and writing its process id, Qt leaves an empty
    lock; the next settings save then waits out Qt's 30 s stale-lock time (a frozen window).
    Start deletes such a lock once it is a few seconds old, and never a lock that holds a pid."""
    import os
    import time

    from desktop.ui.window.session_file import EMPTY_LOCK_STALE_S, clean_data_folder

    lock = tmp_path / "settings.ini.lock"
    lock.write_bytes(b"")
    old = time.time() - EMPTY_LOCK_STALE_S - 1
    os.utime(lock, (old, old))
    clean_data_folder(tmp_path)
    assert not lock.exists()

    lock.write_bytes(b"")  # just made: its writer may be about to write its pid
    clean_data_folder(tmp_path)
    assert lock.exists()

    lock.write_bytes(b"4242\nczdesk\nhost\n")  # a real lock, however old
    os.utime(lock, (old, old))
    clean_data_folder(tmp_path)
    assert lock.exists()


def test_the_rmlock_chain_a_kill_left_is_deleted_at_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Qt breaks a stale settings lock under settings.ini.lock.rmlock (and that one under
    .rmlock.rmlock); a kill while one is held leaves it, and Qt removes it only when it next
    breaks a stale lock. Start deletes the chain once a few seconds old, and no fresh link of it."""
    import os
    import time

    from desktop.ui.window.session_file import EMPTY_LOCK_STALE_S, clean_data_folder

    old = time.time() - EMPTY_LOCK_STALE_S - 1
    lock = tmp_path / "settings.ini.lock"
    lock.write_bytes(b"4242\nczdesk\nhost\n")  # a lock holding a pid is Qt's to judge
    chain = [tmp_path / "settings.ini.lock.rmlock", tmp_path / "settings.ini.lock.rmlock.rmlock"]
    for link in chain:
        link.write_bytes(b"4243\nczdesk\nhost\n")
        os.utime(link, (old, old))
    clean_data_folder(tmp_path)
    assert [link.exists() for link in chain] == [False, False] and lock.exists()

    chain[0].write_bytes(b"4244\nczdesk\nhost\n")  # just made: a save may be breaking a stale lock now
    clean_data_folder(tmp_path)
    assert chain[0].exists()
