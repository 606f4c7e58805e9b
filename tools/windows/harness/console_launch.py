"""Start a windowed program the way cmd.exe on real Windows does (test harness, run by Windows Python).

On Windows a GUI-subsystem program typed in cmd.exe or PowerShell gets no standard handles; it
must attach to its parent's console to be seen (desktop/launcher.py). Wine's cmd.exe hands
its console handles to such a child, which would hide a missing attach, so this console program
starts the child itself with no standard handles and no inherited handles, and waits for it:

    wine python.exe console_launch.py EXE ARGS...     (inside a terminal: tools/windows/run.sh)

Its exit code is the child's.
"""

from __future__ import annotations

import subprocess
import sys


def main(argv: list[str]) -> int:
    info = subprocess.STARTUPINFO()
    info.dwFlags |= subprocess.STARTF_USESTDHANDLES
    info.hStdInput = info.hStdOutput = info.hStdError = 0  # NULL: no handles at all
    child = subprocess.Popen(argv, startupinfo=info, close_fds=True)  # close_fds: bInheritHandles=False
    return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
