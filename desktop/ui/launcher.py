"""Entry script of the one-file executable (see build.spec).

It does what `python -m desktop` does: a CLI command runs headless, anything else opens the
window (`--self-test` included). Frozen-build concerns handled here: a Windows build without a
console has no sys.stdout/sys.stderr, and a stray write must not kill the program; a console
whose encoding cannot show Chinese (a bare C locale in CI) must not either.
"""

from __future__ import annotations

import os
import sys


def _ensure_streams() -> None:
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def run() -> int:
    _ensure_streams()
    if os.environ.get("CZDESK_BENCH_FIRST_PAINT") == "1":
        # tools/benchmark.py is timing the start; Qt is imported only on this path
        from desktop.ui.bench_hook import arm_on_exec

        arm_on_exec()
    from desktop.__main__ import main

    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(run())
