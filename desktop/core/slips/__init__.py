"""Each tab's printed slip, built from the core's result and the clerk's answers as plain data.

One module per tab (``quote``, ``estimate``, ``simulation``, ``checklist``, ``roster``) and per
dialog that prints (``compare``, 年度对比): a frozen
dataclass of the answers the slip prints (each as the clerk chose it, the chosen item's words where
a list offered them) and a builder, ``<tab>_slip(result, answers, stamp)``. No Qt here: a slip is made
and tested without a window; the tab only gathers its answers. The program ships no translation of
its own words, so the slips' words stand here as they are printed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyStamp:
    """Which policy data a slip was computed with, as its header and footer print it."""

    data_version: str
    data_hash: str  # the whole or the short hash, as the tab's slip has always printed it
    stale_warning: str | None = None
