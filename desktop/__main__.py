"""`python -m desktop` opens the window; `python -m desktop <command>` runs the headless CLI.

The CLI path never imports Qt, so batch calls start fast.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from desktop.cli.commands import is_command

    if is_command(args):
        from desktop.cli.main import main as cli_main

        return cli_main(args)
    from desktop.ui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
