"""Entry script of the one-file executable (see build.spec).

It does what `python -m desktop` does: a CLI command runs headless, anything else opens the
window (`--self-test` included). Frozen-build concerns handled here: a Windows build without a
console has no sys.stdout/sys.stderr, and a stray write must not kill the program; a console
whose encoding cannot show Chinese (a bare C locale in CI) must not either.

The Windows .exe is built without a console (double-clicked, no black window may appear), so
typed in cmd.exe or PowerShell with arguments (`... pack check 2026.yaml`) it would print
nothing: it attaches to the console it was started from instead (attach_parent_console).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

#: AttachConsole's "the console of the parent process" ((DWORD)-1)
ATTACH_PARENT_PROCESS = 0xFFFFFFFF
ERROR_ACCESS_DENIED = 5


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
