"""What every step of the roster shares: its errors, progress and cancel callbacks, and how a cell's
text and a label are compared."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

from desktop.core.policy.names import name_key

#: (rows done, rows expected; 0 when the file does not say)
Progress = Callable[[int, int], None]
#: polled while reading and checking; True stops the work with :class:`RosterCancelled`
CancelCheck = Callable[[], bool]

# How often the progress callback and the cancel check run: often enough for a smooth bar,
# rare enough not to cost anything on 10,000 rows.
TICK = 250


class RosterReadError(Exception):
    """The file cannot be read as a roster; the message is Chinese and names no resident."""


class RosterCancelled(Exception):
    """The clerk cancelled while the roster was loading."""


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file, whatever the spelling: ``./v.xlsx`` and ``V.XLSX`` on
    Windows, a symbolic or hard link, ``..`` in the path."""
    try:
        if os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b):
            return True
    except OSError:
        pass

    def key(p: str | Path) -> str:
        return os.path.normcase(os.path.realpath(os.path.abspath(p)))

    try:
        return key(a) == key(b)
    except (OSError, ValueError):
        return False


def refuse_own_source(source: str | Path | None, target: str | Path) -> None:
    """RosterReadError when ``target`` is the roster file ``source`` itself: writing the export
    there would replace the clerk's list (full ID numbers) with the export."""
    if source is not None and same_file(source, target):
        raise RosterReadError(
            f"不能导出到 {Path(target).name}:这正是读取的名册文件,导出会覆盖原名册(完整身份证号将无法找回);"
            "请另取一个文件名"
        )


def norm(text: object) -> str:
    """Lower-case, no spaces, ASCII brackets and slash, no required-field stars: how labels compare
    (one rule with the year's names, desktop/core/policy/names.py)."""
    return name_key(text)


def cell_text(value: object) -> str:
    """A cell as the clerk sees it: integral numbers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # NFKC: full-width digits and letters typed by a Chinese input method (户号 ３ is 3, Ｘ is X),
    # ideographic spaces as spaces, before anything is compared or checked
    text = str(value)
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()


def tick(n: int, total: int, progress: Progress | None, cancelled: CancelCheck | None) -> None:
    if cancelled is not None and cancelled():
        raise RosterCancelled
    if progress is not None:
        progress(n, total)
