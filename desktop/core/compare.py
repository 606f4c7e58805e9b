"""The same household or year of care under every loaded policy year, line by line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from desktop.core.care import Event, Person, simulate_year
from desktop.core.errors import InputProblem
from desktop.core.policy.loader import PolicySet
from desktop.core.premium import Member, quote_household


@dataclass(frozen=True)
class CompareRow:
    label: str
    values: dict[int, Decimal | None]
    error: dict[int, str] | None = None

    @property
    def differs(self) -> bool:
        return len(set(self.values.values())) > 1

    def difference(self, old: int, new: int) -> Decimal | None:
        a, b = self.values.get(old), self.values.get(new)
        if a is None or b is None:
            return None
        return b - a


def compare_quote(policies: PolicySet, members: list[Member]) -> list[CompareRow]:
    by_year = {y: quote_household(policies[y], members) for y in policies.years}
    rows = []
    for i, m in enumerate(members):
        label = f"{m.name or f'成员{i + 1}'} 个人缴费"
        rows.append(CompareRow(label, {y: q.members[i].individual for y, q in by_year.items()}))
        rows.append(
            CompareRow(
                f"{m.name or f'成员{i + 1}'} 财政补助", {y: q.members[i].government_subsidy for y, q in by_year.items()}
            )
        )
    rows.append(CompareRow("全家个人缴费合计", {y: q.total_individual for y, q in by_year.items()}))
    if any(q.school_individual for q in by_year.values()):
        rows.append(CompareRow("其中高校大学生由学校代收", {y: q.school_individual for y, q in by_year.items()}))
        rows.append(CompareRow("家庭在本柜台缴费", {y: q.counter_individual for y, q in by_year.items()}))
    rows.append(
        CompareRow("政府代缴困难群众个人部分", {y: q.total_government_pays_individual for y, q in by_year.items()})
    )
    return rows


_LAYER_LABELS = (
    ("compliant_cost", "合规费用"),
    ("basic_fund", "基本医保统筹基金"),
    ("critical_illness", "大病保险"),
    ("medical_aid", "医疗救助"),
    ("out_of_pocket", "个人自付"),
)


def compare_simulation(policies: PolicySet, person: Person, events: list[Event]) -> list[CompareRow]:
    """Dates are moved into each year (same month and day), so a 2025 case can run under 2024."""
    rows: dict[str, dict[int, Decimal | None]] = {label: {} for _, label in _LAYER_LABELS}
    errors: dict[int, str] = {}
    for year in policies.years:
        moved = [e.model_copy(update={"date": _move(e.date, year)}) for e in events]
        try:
            result = simulate_year(policies[year], person, moved)
        except InputProblem as exc:
            errors[year] = exc.message
            for _, label in _LAYER_LABELS:
                rows[label][year] = None
            continue
        for key, label in _LAYER_LABELS:
            rows[label][year] = getattr(result.totals, key)
    return [CompareRow(label, values, errors or None) for label, values in rows.items()]


def _move(day: dt.date | None, year: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)
