"""The launcher refuses a Windows older than 10 1809 in Chinese, before PySide6 (issue 24, point 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop import launcher

ROOT = Path(__file__).resolve().parents[1]


def _version(major: int, minor: int, build: int, platform_version: tuple[int, int, int] | None = None):
    # the shape of sys.getwindowsversion(): a tuple whose first three are major, minor, build
    class Version(tuple):
        pass

    v = Version((major, minor, build, 2, ""))
    v.platform_version = platform_version or (major, minor, build)
    return v


@pytest.mark.parametrize(
    ("version", "name"),
    [
        ((6, 1, 7601), "Windows 7"),
        ((6, 3, 9600), "Windows 8.1"),
        ((10, 0, 10240), "Windows 10"),  # 1507
        ((10, 0, 17134), "Windows 10"),  # 1803, the last one below 1809
    ],
)
def test_too_old_windows_gets_a_chinese_message_box_and_exit(version, name):
    shown: list[tuple[str, str]] = []
    refused = launcher.refuse_old_windows(
        [], platform="win32", version=_version(*version), message_box=lambda body, title: shown.append((body, title))
    )
    assert refused
    [(body, title)] = shown
    assert "Windows 版本过旧" in title and "常州居民医保测算台" in title
    assert "64 位 Windows 10 1809" in body and "Windows 11" in body
    assert f"{name}(版本号 {version[0]}.{version[1]}.{version[2]})" in body
    assert "信息技术(IT)联系人" in body


@pytest.mark.parametrize("build", [17763, 19045, 22631, 26100])
def test_supported_windows_runs(build):
    shown: list[object] = []
    assert not launcher.refuse_old_windows(
        [], platform="win32", version=_version(10, 0, build), message_box=lambda *a: shown.append(a)
    )
    assert launcher.old_windows_message(_version(10, 0, build)) is None
    assert shown == []


def test_compatibility_mode_is_named_when_the_kernel_is_new():
    # GetVersionEx says Windows 7 while kernel32.dll is Windows 10's: the program was set to a
    # compatibility mode; it is still refused (Qt would be told Windows 7 too) and told how to undo it
    text = launcher.old_windows_message(_version(6, 1, 7601, platform_version=(10, 0, 19045)))
    assert text is not None and "兼容模式" in text and "Windows 7" in text
    plain = launcher.old_windows_message(_version(6, 1, 7601))
    assert plain is not None and "兼容模式" not in plain


def test_not_windows_is_never_refused():
    assert not launcher.refuse_old_windows([], platform="linux", version=_version(6, 1, 7601), message_box=None)


@pytest.mark.parametrize("args", [["--self-test"], ["quote", "-"], ["--self-test-files", "D:\\x"]])
def test_commands_and_self_test_print_instead_of_a_box(args, capsys):
    boxes: list[object] = []
    assert launcher.refuse_old_windows(
        args, platform="win32", version=_version(6, 1, 7601), message_box=lambda *a: boxes.append(a)
    )
    assert boxes == []  # nobody is there to click it in CI or a batch file
    assert "64 位 Windows 10 1809" in capsys.readouterr().err


def test_run_refuses_before_pyside6_is_imported():
    # a fresh interpreter that pretends to be Windows 8.1: run() must show the box and return 3
    # without PySide6 ever being imported (Qt6Core.dll would not load on that Windows)
    code = f"""
import sys, ctypes
sys.path.insert(0, {str(ROOT)!r})
shown = []
class User32:
    @staticmethod
    def MessageBoxW(hwnd, body, title, flags):
        shown.append((body, title, flags))
        return 1
ctypes.windll = type("W", (), {{"user32": User32}})
class V(tuple):
    pass
v = V((6, 3, 9600, 2, ""))
v.platform_version = (6, 3, 9600)
sys.getwindowsversion = lambda: v
sys.argv = ["changzhou-insurance.exe"]
from desktop import launcher
sys.platform = "win32"
status = launcher.run()
sys.platform = "linux"
assert status == 3, status
assert len(shown) == 1 and "Windows 8.1" in shown[0][0] and shown[0][2] & 0x10, shown
assert not [m for m in sys.modules if m.startswith("PySide6")], "PySide6 imported"
print("REFUSED")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "REFUSED" in done.stdout


def test_run_checks_the_version_first(monkeypatch):
    # run() stops at the check: nothing after it (Qt, the CLI) is reached
    calls: list[str] = []
    monkeypatch.setattr(launcher, "refuse_old_windows", lambda args: calls.append("checked") or True)
    monkeypatch.setattr(launcher, "guard_none_refcount", lambda: calls.append("qt") or False)
    monkeypatch.setattr(sys, "argv", ["x"])
    assert launcher.run() == 3
    assert calls == ["checked"]


def test_readme_states_the_real_minimum():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## 系统要求" in readme
    section = readme.split("## 系统要求", 1)[1].split("\n## ", 1)[0]
    assert "Windows 10 1809" in section and "Windows 11" in section and "64 位" in section
    assert "Windows 7" in section and "Windows 8.1" in section
