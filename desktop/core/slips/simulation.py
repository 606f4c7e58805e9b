"""The printed slip of 医疗救助模拟: the person, every cost with what each layer paid, the year's
totals, every step, and the ledgers at the year's end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.care import OVER_CAP_MARK, Ledgers, YearResult, over_cap, spec
from desktop.core.explain import Step
from desktop.core.money import fmt_yuan
from desktop.core.slip import Slip
from desktop.core.slips import PolicyStamp
from desktop.core.slips.care import slip_amounts

TABLE_HEADER = ("序号", "日期", "类别", "医院/机构", "合规费用", "基本医保", "大病保险", "医疗救助", "个人自付")


@dataclass(frozen=True)
class SimulationAnswers:
    """The clerk's answers in 医疗救助模拟; a list's answer in the chosen item's words."""

    category: str
    aid_status: str
    birth_date: dt.date | None
    continuous_years: int
    #: where each cost was incurred as its row says it (医院等级, 机构类别…), by the cost's index
    places: tuple[str, ...]


def simulation_slip(r: YearResult, answers: SimulationAnswers, stamp: PolicyStamp) -> Slip:
    """The slip of ``r``, the year computed from ``answers``."""
    t = r.totals
    birth = answers.birth_date
    inputs = (
        ("参保类别", answers.category),
        ("医疗救助身份", answers.aid_status),
        ("出生日期", birth.isoformat() if birth else "未填写"),
        ("连续参保年数", str(answers.continuous_years)),
        ("费用笔数", str(len(r.events))),
    )
    rows: list[tuple[str, ...]] = [TABLE_HEADER]
    steps: list[Step] = []
    for ev in r.events:
        lay = ev.layers
        rows.append(
            (
                str(ev.index + 1),
                ev.event.date.isoformat() if ev.event.date else "",
                spec(ev.event.kind).label,
                answers.places[ev.index],
                *(
                    f"{v:,.2f}"
                    for v in (
                        lay.compliant_cost,
                        lay.basic_fund,
                        lay.critical_illness,
                        lay.medical_aid,
                        lay.out_of_pocket,
                    )
                ),
            )
        )
        steps.extend(ev.steps)
    rows.append(
        (
            "合计",
            "",
            "",
            "",
            *(
                f"{v:,.2f}"
                for v in (t.compliant_cost, t.basic_fund, t.critical_illness, t.medical_aid, t.out_of_pocket)
            ),
        )
    )
    steps.extend(r.steps)
    notes = (
        *r.warnings,
        *(
            f"年末 {label}:{_ledger_text(getattr(r.ledgers, key))}"
            + (OVER_CAP_MARK if key == "capped_fund_paid" and over_cap(r, r.ledgers) else "")
            for key, label in Ledgers.LABELS.items()
        ),
    )
    return Slip(
        title="医疗救助模拟(全年)",
        policy_year=r.policy_year,
        data_version=stamp.data_version,
        data_hash=stamp.data_hash,
        inputs=inputs,
        amounts=slip_amounts("全年合规费用", t),
        steps=tuple(steps),
        notes=notes,
        table=tuple(rows),
        stale_warning=stamp.stale_warning,
    )


def _ledger_text(value: object) -> str:
    return str(value) if isinstance(value, int) else fmt_yuan(value)  # type: ignore[arg-type]
