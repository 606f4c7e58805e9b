"""Dates written the Chinese way, built from the date's numbers.

Never through ``strftime`` or a format spec holding Chinese text (``f"{d:%Y年%m月}"``): CPython
on Windows encodes such a format with the ANSI code page, and on an English Windows (cp1252) it
raises ``UnicodeEncodeError`` before the window opens. tests/project/test_no_locale_formats.py guards it.
"""

from __future__ import annotations

import datetime as dt

#: what a date the notice does not give reads as (a policy figure may be "not stated")
NOT_STATED = "(通知未写明)"


def cn_month(d: dt.date | None) -> str:
    """2025-03-02 -> '2025年03月'."""
    return NOT_STATED if d is None else f"{d.year}年{d.month:02d}月"


def cn_date(d: dt.date | None) -> str:
    """2025-03-02 -> '2025年03月02日'."""
    return NOT_STATED if d is None else f"{cn_month(d)}{d.day:02d}日"
