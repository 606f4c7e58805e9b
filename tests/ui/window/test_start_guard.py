"""issue 25 §1: no boot loop. A start never reads a roster file on its own, and a start that did
not reach the window makes the next one open without the tab that was in front."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.core.policy.loader import PolicySet
from desktop.core.roster import RosterReadError
from desktop.ui import main_window
from desktop.ui.main_window import MainWindow
from desktop.ui.window.session_file import START_MARKER, begin_start, end_start

TODAY = dt.date(2026, 11, 23)
ROSTER_INDEX = 4  # 保费测算, 参保清单, 报销测算, 医疗救助模拟, 村组名册, 政策


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    return tmp_path


def roster_session(data_dir: Path, roster_file: Path) -> None:
    session = {
        "version": 1,
        "policy_year": 2025,
        "current_tab": ROSTER_INDEX,
        "tabs": {"roster": {"path": str(roster_file), "mapping": None, "default_district": None, "full_id": False}},
    }
    (data_dir / "session.json").write_text(json.dumps(session), encoding="utf-8")


def test_the_sessions_roster_file_is_not_read_at_start(
    qtbot, policies: PolicySet, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    hostile = tmp_path / "v.xlsx"
    hostile.write_bytes(b"PK\x03\x04 anything at all")
    roster_session(data_dir, hostile)
    reads: list[object] = []

    def read(*args: object, **kwargs: object) -> None:
        reads.append(args)
        raise RosterReadError("文件异常,无法读取")

    monkeypatch.setattr("desktop.ui.tabs.roster.job.read_table", read)
    window = MainWindow(policies, today=TODAY, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    tab = window.roster_tab
    assert window.current_work_tab() is tab
    assert not tab.busy and reads == []  # old code: the import worker was already running
    assert "v.xlsx" in tab.message.text() and "重新读取" in tab.message.text()
    assert tab.reread_button.isVisibleTo(tab)
    window.session.save_session()  # the roster stays in the session, untouched, until the clerk asks
    saved = json.loads((data_dir / "session.json").read_text(encoding="utf-8"))
    assert saved["tabs"]["roster"]["path"] == str(hostile) and "_from_session" not in saved["tabs"]["roster"]
    with qtbot.waitSignal(tab.import_failed, timeout=20000):
        tab.reread_button.click()  # the clerk's own click reads it
    assert len(reads) == 1


def test_a_start_that_did_not_reach_the_window_skips_the_front_tab(
    qtbot, policies: PolicySet, data_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    roster_file = tmp_path / "v.csv"
    roster_file.write_text("姓名,身份证号,参保类别\n", encoding="utf-8")
    roster_session(data_dir, roster_file)
    assert begin_start(data_dir) is False  # the start that is then killed
    assert begin_start(data_dir) is True  # the next one finds its marker
    window = MainWindow(
        policies,
        today=TODAY,
        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        safe_start=True,
    )
    qtbot.addWidget(window)
    assert window.tabs.currentIndex() == 0
    notice = window.session.session_notice or ""
    assert "上次启动没有完成" in notice and "村组名册" in notice
    aside = list(data_dir.glob("session.damaged-*.json"))
    assert len(aside) == 1 and json.loads(aside[0].read_text(encoding="utf-8"))["tabs"]["roster"]["path"]
    assert window.roster_tab.to_case()["path"] is None
    end_start(data_dir)
    assert not (data_dir / START_MARKER).exists()
    assert begin_start(data_dir) is False


def test_app_writes_the_marker_before_the_window_and_clears_it_after(
    qtbot, policies: PolicySet, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui import app

    monkeypatch.setenv("CZDESK_DATA_DIR", str(data_dir))
    seen: dict[str, object] = {}

    class Probe(MainWindow):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen["marker_while_building"] = (data_dir / START_MARKER).exists()
            seen["safe_start"] = kwargs.get("safe_start")
            super().__init__(*args, **kwargs)
            seen["window"] = self

    monkeypatch.setattr(main_window, "MainWindow", Probe)
    monkeypatch.setattr(app, "START_SETTLED_MS", 0)
    from PySide6.QtWidgets import QApplication

    instance = QApplication.instance()
    assert instance is not None
    monkeypatch.setattr(type(instance), "exec", lambda self: (qtbot.wait(50), 0)[1])
    (data_dir / START_MARKER).write_text("1\n", encoding="utf-8")  # the last start never got there
    assert app.main([]) == 0
    assert seen["marker_while_building"] is True and seen["safe_start"] is True
    assert not (data_dir / START_MARKER).exists()
    window = seen["window"]
    assert isinstance(window, MainWindow)
    window.close()


def test_a_second_window_on_the_same_data_folder_is_not_opened(
    qtbot, policies: PolicySet, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # issue 25 §6: two windows on one data folder lost one window's inputs (whichever closed last won)
    import subprocess
    import sys

    from desktop.ui import app

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from desktop.core.filelock import hold_for_process; "
         f"assert hold_for_process({str(data_dir / app.WINDOW_LOCK)!r}); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("CZDESK_DATA_DIR", str(data_dir))
        told: list[str] = []
        monkeypatch.setattr(app, "_already_running", lambda: told.append("running"))
        from desktop.ui import single_instance

        monkeypatch.setattr(single_instance, "ask_running_to_show", lambda folder: False)  # that one never listens
        built: list[object] = []
        monkeypatch.setattr(main_window, "MainWindow", lambda *a, **k: built.append(a))
        assert app.main([]) == 0
        assert told == ["running"] and built == []
        assert not (data_dir / START_MARKER).exists()
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()


def test_a_second_start_brings_the_running_window_to_the_front(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # issue 25 §6: the first window looks for a request file in its data folder; a second start
    # (here another process) leaves one, sees it taken, and opens nothing
    import subprocess
    import sys

    from PySide6.QtWidgets import QWidget

    from desktop.ui import single_instance

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    shown: list[str] = []
    requests = single_instance.ShowRequests(data_dir, window)
    requests.bring_to_front = lambda: shown.append("front")  # type: ignore[method-assign]
    second = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; "
         "from desktop.ui.single_instance import ask_running_to_show; "
         f"sys.exit(0 if ask_running_to_show(Path({str(data_dir)!r})) else 1)"],
    )  # fmt: skip
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
    assert second.returncode == 0
    qtbot.waitUntil(lambda: shown == ["front"], timeout=5000)
    assert not (data_dir / single_instance.REQUEST_NAME).exists()
    requests.stop()


def test_a_request_nobody_takes_is_said_and_leaves_nothing(data_dir: Path) -> None:
    from desktop.ui import single_instance

    assert single_instance.ask_running_to_show(data_dir, timeout_ms=300) is False
    assert not (data_dir / single_instance.REQUEST_NAME).exists()


def test_a_stale_request_is_not_taken_for_the_new_window(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from desktop.ui import single_instance

    (data_dir / single_instance.REQUEST_NAME).write_bytes(single_instance.SHOW_REQUEST)  # a killed start's
    window = QWidget()
    qtbot.addWidget(window)
    requests = single_instance.ShowRequests(data_dir, window)
    shown: list[str] = []
    requests.bring_to_front = lambda: shown.append("front")  # type: ignore[method-assign]
    qtbot.wait(single_instance.POLL_MS * 2)
    assert shown == [] and not (data_dir / single_instance.REQUEST_NAME).exists()
    requests.stop()


def test_bring_to_front_restores_a_minimised_window(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from desktop.ui import single_instance

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowMinimized)
    requests = single_instance.ShowRequests(data_dir, window)
    requests.bring_to_front()
    assert not window.windowState() & Qt.WindowState.WindowMinimized and window.isVisible()
    requests.stop()


def test_listen_keeps_the_server_for_the_windows_life(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    import gc

    from PySide6.QtWidgets import QWidget

    from desktop.ui import single_instance

    window = QWidget()
    qtbot.addWidget(window)
    requests = single_instance.listen(data_dir, window)
    assert requests is not None
    del requests
    gc.collect()
    assert single_instance._KEPT[id(window)].listening
    assert single_instance.listen(data_dir, object()) is None  # not a window: nothing, no error
    single_instance._KEPT.pop(id(window)).stop()


def test_the_window_start_sweeps_a_killed_exports_temporary_file(
    qtbot, policies: PolicySet, data_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # issue 25 §11: a temporary file of an export with full IDs, left by a kill in a folder the
    # program never writes again, is deleted at the next start of the window
    import subprocess
    import sys

    from desktop.core import atomic

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    village = tmp_path / "village"
    village.mkdir()
    left = village / f"导出.xlsx.{pid}-abcdefgh{atomic.TEMP_SUFFIX}"
    left.write_bytes(b"PK full IDs")
    (data_dir / atomic.JOURNAL_NAME).write_text(f"{pid}\t{left}\n", encoding="utf-8")
    window = MainWindow(policies, today=TODAY, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert not left.exists() and not (data_dir / atomic.JOURNAL_NAME).exists()
