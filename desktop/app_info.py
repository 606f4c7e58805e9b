"""The program's name, id and font: the few facts every layer may need, in one Qt-free module.

Anything in ``desktop`` may import this (core, the command line, the window, the build); it imports
nothing of the project (only the standard library, inside a function), so it can never close an
import circle.
"""

from __future__ import annotations

#: the folder name of the user data, log and cache folders, and Qt's organisation/application name
APP_ID = "changzhou-insurance-desk"
#: the name a clerk sees: window title, message boxes, printed slips, PDFs
APP_TITLE = "常州居民医保测算台"
#: the bundled Chinese font, under resources/ (``desktop.resources.resource(*FONT_FILE)``)
FONT_FILE = ("fonts", "NotoSansSC-Subset.otf")


def program_name() -> str:
    """How the clerk starts this program, for help and error messages: the executable's own file
    name (“常州居民医保测算台.exe”) in the built program, ``python -m desktop`` from source."""
    import os
    import sys

    if getattr(sys, "frozen", False):
        return os.path.basename(sys.executable) or APP_TITLE
    return "python -m desktop"
