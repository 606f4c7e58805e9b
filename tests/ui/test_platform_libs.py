"""Before the window opens on Linux: missing xcb libraries are named in Chinese, with their packages.

The ldd output below is what a bare Debian desktop gave for the xcb plugin (trimmed): the real
missing libraries are icccm and keysyms, while Qt itself only says "xcb-cursor0 is needed".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.ui import app
from desktop.ui.platform_libs import PACKAGES, missing_libraries, package_for, uses_xcb, xcb_problem

BARE_DEBIAN_LDD = """\
\tlinux-vdso.so.1 (0x00007ffd5a1f2000)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f2)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f3)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibX11.so.6 => /lib/x86_64-linux-gnu/libX11.so.6 (0x00007f4)
"""
ALL_FOUND_LDD = "\tlibxcb-icccm.so.4 => /lib/x86_64-linux-gnu/libxcb-icccm.so.4 (0x00007f5)\n"
PLUGIN = Path("/opt/PySide6/Qt/plugins/platforms/libqxcb.so")


def test_missing_libraries_are_read_from_ldd_once_each() -> None:
    assert missing_libraries(BARE_DEBIAN_LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing_libraries(ALL_FOUND_LDD) == []


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        # not in the table: Debian's rule, with a hyphen after a trailing digit
        ("libxcb-ewmh.so.2", "libxcb-ewmh2"),
        ("libfoo3.so.1", "libfoo3-1"),
    ],
)
def test_package_names_follow_debian(soname: str, package: str) -> None:
    assert package_for(soname) == package


def test_the_message_names_libraries_and_one_apt_line() -> None:
    message = xcb_problem({"DISPLAY": ":0"}, platform="linux", plugin=PLUGIN, ldd=lambda _p: BARE_DEBIAN_LDD)
    assert message is not None
    assert "缺少以下系统库" in message
    assert "libxcb-icccm.so.4" in message and "libxcb-keysyms.so.1" in message
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "cursor" not in message  # found, so not blamed


def test_no_message_when_nothing_is_missing_or_xcb_is_not_used() -> None:
    fake = {"ldd": lambda _p: BARE_DEBIAN_LDD, "plugin": PLUGIN}
    assert xcb_problem({}, platform="linux", plugin=PLUGIN, ldd=lambda _p: ALL_FOUND_LDD) is None
    assert xcb_problem({}, platform="win32", **fake) is None  # type: ignore[arg-type]
    assert xcb_problem({"QT_QPA_PLATFORM": "offscreen"}, platform="linux", **fake) is None  # type: ignore[arg-type]
    assert xcb_problem({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux", **fake) is None  # type: ignore[arg-type]
    assert xcb_problem({}, platform="linux", plugin=PLUGIN, ldd=lambda _p: None) is None  # no ldd: no claim
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}) and uses_xcb({})


def test_ldd_runs_only_when_the_plugin_does_not_load() -> None:
    """ldd is a process start (40-60 ms) at every start of the window: asked only when loading fails."""

    def no_ldd(_p: Path) -> str:
        raise AssertionError("ldd run although the plugin loads")

    assert xcb_problem({}, platform="linux", plugin=PLUGIN, ldd=no_ldd, loads=lambda _p: True) is None
    message = xcb_problem({}, platform="linux", plugin=PLUGIN, ldd=lambda _p: BARE_DEBIAN_LDD, loads=lambda _p: False)
    assert message is not None and "libxcb-keysyms.so.1" in message


def test_a_plugin_that_cannot_be_loaded_is_reported_as_such() -> None:
    from desktop.ui.platform_libs import plugin_loads

    assert not plugin_loads(PLUGIN)  # no such file
    assert not plugin_loads(Path(__file__))  # not a library


def test_main_stops_with_the_message_before_making_a_qapplication(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(app, "_qt_app_running", lambda: False)
    monkeypatch.setattr(app, "configure_logging", lambda: None)
    monkeypatch.setattr("desktop.ui.platform_libs.xcb_plugin", lambda: PLUGIN)
    monkeypatch.setattr("desktop.ui.platform_libs.run_ldd", lambda _p: BARE_DEBIAN_LDD)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    assert app.main([]) == 1
    err = capsys.readouterr().err
    assert "libxcb-keysyms.so.1" in err and "apt-get install libxcb-icccm4 libxcb-keysyms1" in err


def test_readme_apt_line_is_ci_list_minus_test_and_build_tools() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if line.startswith("sudo apt-get install --no-install-recommends")]
    assert len(lines) == 1, "one apt-get line for running the window"
    readme_packages = set(lines[0].split()[4:])
    block = ci.split("apt-get install -y -qq --no-install-recommends", 1)[1].split(">/dev/null", 1)[0]
    ci_packages = set(block.replace("\\", " ").split())
    assert readme_packages == ci_packages - {"xvfb", "xauth", "poppler-utils", "binutils", "strace", "ca-certificates"}
    # every library the xcb check can name has its package on that line (libgl1 pulls the GL dispatchers)
    assert set(PACKAGES.values()) - {"libglx0", "libopengl0", "libglvnd0"} <= readme_packages


def test_no_display_is_said_in_chinese_not_by_qts_abort() -> None:
    """`python -m desktop` with no DISPLAY on Linux: Qt's English xcb message and exit 134 before."""
    import os
    import subprocess
    import sys

    from desktop.ui.platform_libs import display_problem

    assert display_problem({"DISPLAY": ":0"}, platform="linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None
    assert display_problem({}, platform="win32") is None
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(root)
    done = subprocess.run(
        [sys.executable, "-m", "desktop"], env=env, capture_output=True, text=True, timeout=120, check=False, cwd=root
    )
    assert done.returncode == 1, done.stderr
    assert "没有可用的图形显示" in done.stderr and "python -m desktop -h" in done.stderr
    assert "xcb" not in done.stderr
