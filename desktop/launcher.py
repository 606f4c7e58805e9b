"""Entry script of the one-file executable (see build.spec).

It does what `python -m desktop` does: a CLI command runs headless, anything else opens the
window (`--self-test` included). Frozen-build concerns handled here: a Windows build without a
console has no sys.stdout/sys.stderr, and a stray write must not kill the program; a console
whose encoding cannot show Chinese (a bare C locale in CI) must not either.

The Windows .exe is built without a console (double-clicked, no black window may appear), so
typed in cmd.exe or PowerShell with arguments (`... pack check 2026.yaml`) it would print
nothing: it attaches to the console it was started from instead (attach_parent_console).

Qt 6 needs 64-bit Windows 10 1809 (build 17763) or later: on an older Windows Qt6Core.dll does not
load and the program would die without a word. refuse_old_windows says so in Chinese, in a
message box made with ctypes, before PySide6 is imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

#: AttachConsole's "the console of the parent process" ((DWORD)-1)
ATTACH_PARENT_PROCESS = 0xFFFFFFFF
ERROR_ACCESS_DENIED = 5
#: Windows 10 1809 (October 2018 Update): the oldest Windows Qt 6 supports
MIN_WINDOWS_BUILD = 17763
MB_OK_ICONERROR_FOREGROUND = 0x00000000 | 0x00000010 | 0x00010000


def _windows_name(major: int, minor: int, build: int) -> str:
    names = {(6, 0): "Windows Vista", (6, 1): "Windows 7", (6, 2): "Windows 8", (6, 3): "Windows 8.1"}
    return names.get((major, minor), f"Windows {major}")


def old_windows_message(version: Any) -> str | None:
    """The Chinese explanation when this Windows is too old for the program, else None.

    version is sys.getwindowsversion(): major, minor and build are GetVersionEx's answer, the
    Windows the program is told it runs on (the .exe's manifest declares Windows 10, so a real
    Windows 10/11 answers truly; Wine answers its configured version). platform_version is
    kernel32.dll's own file version: when it is new while GetVersionEx says old, the program was
    set to run in a compatibility mode (or, under Wine, an old Windows is being played), and the
    message says how to turn that off.
    """
    major, minor, build = tuple(version[:3])
    if (major, minor, build) >= (10, 0, MIN_WINDOWS_BUILD):
        return None
    this = f"{_windows_name(major, minor, build)}(版本号 {major}.{minor}.{build})"
    text = (
        "本程序不能在这台电脑的 Windows 上运行。\n\n"
        "需要:64 位 Windows 10 1809(2018 年 10 月更新,版本号 10.0.17763)或更高版本,或 Windows 11。\n"
        f"这台电脑是:{this}。Windows 7、Windows 8.1 和更早的 Windows 10 都不能运行。\n\n"
        "请告诉单位的信息技术(IT)联系人:“常州居民医保测算台需要 64 位 Windows 10 1809 或更高版本"
        "(或 Windows 11),这台电脑的 Windows 版本太旧,需要升级 Windows 或换一台电脑。”"
    )
    kernel = tuple(getattr(version, "platform_version", None) or ())[:3]
    if len(kernel) == 3 and kernel >= (10, 0, MIN_WINDOWS_BUILD):
        text += (
            "\n\n如果这台电脑其实是 Windows 10 或 11:可能给本程序设置了兼容模式。右键单击本程序 →"
            "“属性” → “兼容性”,取消勾选“以兼容模式运行这个程序”,再打开。"
        )
    return text


def refuse_old_windows(
    args: list[str],
    *,
    platform: str | None = None,
    version: Any = None,
    message_box: Callable[[str, str], object] | None = None,
) -> bool:
    """On a Windows older than 10 1809 tell the clerk why the program cannot run; True then.

    The window (a double click) gets a message box; a command or the self-test, which run in a
    console or in CI with nobody to click, get the text on stderr.
    """
    if (platform or sys.platform) != "win32":
        return False
    if version is None:
        version = sys.getwindowsversion()  # type: ignore[attr-defined,unused-ignore]
    text = old_windows_message(version)
    if text is None:
        return False
    from desktop.app_info import APP_TITLE

    if sys.stderr is not None:
        try:
            print(text, file=sys.stderr)
        except (OSError, ValueError):
            pass
    from desktop.cli.commands import is_command

    if is_command(args) or "--self-test" in args or "--self-test-files" in args:
        return True
    if message_box is None:
        import ctypes

        def message_box(body: str, title: str) -> object:
            return ctypes.windll.user32.MessageBoxW(None, body, title, MB_OK_ICONERROR_FOREGROUND)  # type: ignore[attr-defined,unused-ignore]

    message_box(text, f"{APP_TITLE}:Windows 版本过旧")
    return True


def attach_parent_console(
    args: list[str],
    *,
    platform: str = sys.platform,
    kernel32: Any = None,
    last_error: Callable[[], int] = lambda: 0,
) -> bool:
    """On Windows, with arguments, show output on the console the .exe was started from.

    Only streams that are missing are replaced: output redirected to a file or a pipe (`> out.json`,
    `| more`, CI) already has a handle and keeps it. Without arguments (the window; a double
    click, whose parent has no console) nothing happens, so no console window ever appears.
    CONOUT$ opened by Python is a console stream that writes UTF-16 (WriteConsoleW): Chinese shows
    whatever the console's code page (936, 437, 1252). True when a console was attached.
    """
    if platform != "win32" or not args or (sys.stdout is not None and sys.stderr is not None):
        return False
    if kernel32 is None:
        # ctypes has WinDLL only on Windows; only a test passes platform="win32" elsewhere, with
        # its own kernel32 (the check also tells mypy, which reads the branch below as Windows-only)
        if sys.platform != "win32":
            raise OSError("AttachConsole exists only on Windows")
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        last_error = ctypes.get_last_error
    # ERROR_ACCESS_DENIED: already attached to a console (Wine hands its console to a windowed
    # child; so may a launcher on Windows); CONOUT$ is that console
    if not kernel32.AttachConsole(ATTACH_PARENT_PROCESS) and last_error() != ERROR_ACCESS_DENIED:
        return False  # started from Explorer, or the parent has no console
    try:
        if sys.stdout is None:
            sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115 - process-long
        if sys.stderr is None:
            sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError:
        return False  # the console went away: _ensure_streams gives the missing ones os.devnull
    return True


def _ensure_streams() -> None:
    if sys.stdin is None:
        # `quote -` typed without a redirect reads nothing and says so, instead of crashing
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def guard_none_refcount() -> bool:
    """Keep a PySide6 reference-count bug from killing the window; True when it was needed.

    PySide6 6.12.0 on Python 3.11: every call of a C++ method returning void (setText,
    QPainter.save, ...) takes a reference from None that it never took, so after some tens of
    thousands of calls (a few hundred edits in the reimbursement tab) CPython aborts with
    "Fatal Python error: none_dealloc". Python 3.12+ makes None immortal and is unaffected, as is
    PySide6 6.11.3. Measured, not assumed: if void calls leak, None's count is raised far beyond
    reach, which is what 3.12's immortality does.
    """
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QPointF

    point = QPointF()
    before = sys.getrefcount(None)
    for _ in range(100):
        point.setX(1.0)
    if before - sys.getrefcount(None) < 90:
        return False
    import ctypes

    # ob_refcnt is the first field of every CPython object (3.11 and earlier)
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    return True


def run() -> int:
    from desktop import start_costs

    if getattr(sys, "frozen", False):
        start_costs.keep_archive_open()
    args = sys.argv[1:]
    if args[:1] == ["--czdesk-read-workbook"]:
        # the child that parses one spreadsheet under hard limits (desktop/core/roster/isolate.py):
        # no console, no Qt, nothing else
        from desktop.core.roster.child import child_main
        from desktop.core.roster.isolate import CHILD_FLAG

        assert args[0] == CHILD_FLAG
        return child_main()
    attach_parent_console(args)
    _ensure_streams()
    if refuse_old_windows(args):
        return 3
    from desktop.cli.commands import is_command

    if not is_command(args):
        guard_none_refcount()
        import PySide6.QtCore  # noqa: F401 - first here, so its import hook is quieted before the rest loads

        start_costs.skip_pyside_source_scan()
    if os.environ.get("CZDESK_BENCH_FIRST_PAINT") == "1":
        # tools/benchmark.py is timing the start; Qt is imported only on this path
        from desktop.ui.bench_hook import arm_on_exec

        arm_on_exec()
    from desktop.__main__ import main

    return main(args)


if __name__ == "__main__":
    sys.exit(run())
