"""Portable mode: a 测算台数据 folder beside the executable holds everything (issue 24, point 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import userdirs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A USB stick as E:\\测算台\\ with the .exe in it, the program frozen, no overrides."""
    folder = tmp_path / "U盘" / "测算台"
    folder.mkdir(parents=True)
    exe = folder / "changzhou-insurance-0.1.0.exe"
    exe.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv(userdirs.DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(userdirs.CACHE_DIR_ENV, raising=False)
    return folder


def test_the_folder_beside_the_exe_holds_data_log_and_cache(stick: Path) -> None:
    portable = stick / "测算台数据"
    portable.mkdir()
    assert userdirs.portable_dir() == portable.resolve()
    assert userdirs.data_dir() == portable.resolve()
    assert userdirs.log_dir() == portable.resolve() / "Logs"
    assert userdirs.cache_dir() == portable.resolve() / "cache"
    # and every user of the data folder follows: packs, the window's session and settings, the log
    from desktop.core import packs
    from desktop.core.policy import loader

    assert packs.data_dir() == portable.resolve()
    assert packs.packs_dir() == portable.resolve() / "packs"
    assert loader.cache_dir() == portable.resolve() / "cache"


def test_without_the_folder_the_profile_is_used(stick: Path) -> None:
    assert userdirs.portable_dir() is None
    assert not userdirs.data_dir().is_relative_to(stick)
    assert userdirs.data_dir().name == "changzhou-insurance-desk"


def test_a_file_of_that_name_is_not_the_folder(stick: Path) -> None:
    (stick / "测算台数据").write_text("x", encoding="utf-8")
    assert userdirs.portable_dir() is None


def test_from_source_the_folder_is_never_used(stick: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (stick / "测算台数据").mkdir()
    monkeypatch.setattr(sys, "frozen", False)
    assert userdirs.portable_dir() is None


def test_the_environment_still_wins(stick: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (stick / "测算台数据").mkdir()
    monkeypatch.setenv(userdirs.DATA_DIR_ENV, str(tmp_path / "elsewhere"))
    assert userdirs.data_dir() == tmp_path / "elsewhere"


_RUN_WINDOW = r"""
import sys
from pathlib import Path
sys.frozen = True
sys.executable = sys.argv[1]
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["czdesk"])

def close():
    for w in QApplication.topLevelWidgets():
        if hasattr(w, "quote_tab"):
            w.quote_tab.add_member()  # an edit, so the session has something to keep
            w.menus.large_text_action.trigger()  # a setting
            w.settings.sync()
            w.close()
    app.quit()

QTimer.singleShot(1500, close)
from desktop.ui.app import main
status = main([])
from desktop.cli.main import main as cli
cli(["pack", "list"])
print("EXIT", status)
"""


@pytest.mark.slow  # start-up machinery: the window started in a fresh interpreter
def test_the_window_writes_nothing_to_the_profile(tmp_path: Path) -> None:
    """The window started from a stick, an edit, closed: its files are on the stick, none in the profile."""
    stick = tmp_path / "stick"
    portable = stick / "测算台数据"
    portable.mkdir(parents=True)
    exe = stick / "changzhou-insurance-0.1.0.exe"
    exe.write_bytes(b"MZ")
    profile = tmp_path / "profile"
    profile.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CZDESK_"))}
    env.update(HOME=str(profile), USERPROFILE=str(profile), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", _RUN_WINDOW, str(exe)], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0 and "EXIT 0" in done.stdout, done.stdout + done.stderr[-3000:]
    written = sorted(str(p.relative_to(portable)) for p in portable.rglob("*") if p.is_file())
    assert "settings.ini" in written and "session.json" in written, written
    assert any(p.startswith("Logs/desk.log") for p in written), written
    ours = [p for p in profile.rglob("*") if "changzhou" in str(p) or "测算" in str(p)]
    assert ours == [], f"written to the profile: {ours}"
