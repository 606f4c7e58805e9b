"""What a printed or exported slip holds: plain data, rendered by the UI's printer or an exporter.

Resident ID numbers arrive here already masked (``identity.mask_id``): a slip never carries them whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.explain import Citation, Step

DISCLAIMER = (
    "本单为按政策通知测算的估算结果,仅供参考,实际以医保经办机构和定点医疗机构结算为准。"
    "标注“解读”“沿用上年”“外部依据”的数值不是通知原文,请留意。"
)


@dataclass(frozen=True)
class SlipAmount:
    """A money line: printed with its Chinese capitals (大写)."""

    label: str
    amount: Decimal | None
    emphasis: bool = False


@dataclass(frozen=True)
class Slip:
    title: str
    policy_year: int
    data_version: str
    data_hash: str
    inputs: tuple[tuple[str, str], ...]
    amounts: tuple[SlipAmount, ...]
    steps: tuple[Step, ...] = ()
    notes: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = field(default=())  # optional rows, first row = header
    printed_on: dt.date = field(default_factory=dt.date.today)
    stale_warning: str | None = None
    readings: tuple[tuple[str, str], ...] = ()  # (title, reading) used by lines that are not steps (e.g. a checklist)


def readings_of(citations: Iterable[Citation]) -> tuple[tuple[str, str], ...]:
    """The product's readings these citations rest on, once each, in first-use order."""
    seen: dict[str, str] = {}
    for c in citations:
        if c.reading and c.reading not in seen:
            seen[c.reading] = c.reading_text or ""
    return tuple(seen.items())


def slip_readings(slip: Slip) -> tuple[tuple[str, str], ...]:
    """Every reading the slip used: its steps' and the ones it was given, once each (a slip ends with them)."""
    steps = readings_of(c for s in slip.steps for c in s.citations)
    return tuple(dict((*slip.readings, *steps)).items())
