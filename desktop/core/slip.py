"""What a printed or exported slip holds: plain data, rendered by the UI's printer or an exporter.

Resident ID numbers arrive here already masked (``identity.mask_id``): a slip never carries them whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.explain import Step

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
