"""Each printed slip, built from the core's result and the clerk's answers as plain data.

One module per tab that prints (``quote``, ``estimate``, ``simulation``, ``checklist``, ``roster``)
and for 年度对比 (``compare``): a frozen dataclass of the answers the slip prints (a list's answer in
the chosen item's words) and a builder ``<name>_slip`` taking the core's result, those answers and
which data it was computed with. No Qt here: a slip is made and tested without a window; the tab
only gathers its answers. The program ships no translation of its own words (only Qt's own
qtbase_zh_CN is loaded), so the slips' words stand here as they are printed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyStamp:
    """Which policy data a slip was computed with, as its header and footer print it."""

    data_version: str
    data_hash: str  # the whole or the short hash, as the tab's slip has always printed it
    stale_warning: str | None = None
