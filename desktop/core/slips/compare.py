"""The printed 年度对比: the same case under every loaded policy year, one column a year.

One column per year plus the difference (last − first) and a change mark, so a changed line shows
without colour; the window's table shows the same headers and cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from desktop.core.compare import CompareRow
from desktop.core.money import to_money
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import Slip

CHANGED = "◆ 有变化"


def money_text(value: Decimal | None) -> str:
    return "无法计算" if value is None else f"{to_money(value):,.2f}"


def signed_text(value: Decimal | None) -> str:
    if value is None:
        return "—"
    value = to_money(value)
    if value > 0:
        return f"+{value:,.2f}"
    if value < 0:
        return f"−{-value:,.2f}"
    return "0.00"


def compare_headers(years: tuple[int, ...]) -> list[str]:
    """项目, one column a year, 差额(new−old), 变化."""
    diff = f"差额({years[-1]}−{years[0]})"
    return ["项目", *(f"{y}年度" for y in years), diff, "变化"]


def compare_cell(row: CompareRow, years: tuple[int, ...], col: int) -> str:
    """The text of column ``col`` of ``row`` (columns as ``compare_headers``)."""
    if col == 0:
        return row.label
    if col <= len(years):
        return money_text(row.values.get(years[col - 1]))
    if col == len(years) + 1:
        return signed_text(row.difference(years[0], years[-1]))
    return CHANGED if row.differs else ""


@dataclass(frozen=True)
class CompareAnswers:
    """What was compared: the tab's title, its slip's inputs (what the clerk entered), the notes shown."""

    what: str
    inputs: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()


def compare_slip(policies: PolicySet, rows: list[CompareRow], answers: CompareAnswers, today: dt.date) -> Slip | None:
    """The comparison on paper, stamped with the latest year's data and every year's version; None without rows."""
    if not rows:
        return None
    years = policies.years
    latest = years[-1]
    entry = policies.entry(latest)
    table = [tuple(compare_headers(years))]
    table.extend(tuple(compare_cell(r, years, c) for c in range(len(years) + 3)) for r in rows)
    versions = tuple(
        f"{y}年度政策数据 {policies[y].data_version}(校验码 {policies.entry(y).short_hash})" for y in years
    )
    return Slip(
        title=f"年度对比 — {answers.what}",
        policy_year=latest,
        data_version=entry.policy.data_version,
        data_hash=entry.sha256,
        inputs=answers.inputs,
        amounts=(),
        notes=answers.notes + versions,
        table=tuple(table),
        printed_on=today,
    )
