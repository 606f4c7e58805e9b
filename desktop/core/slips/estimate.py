"""The printed slip of 报销测算: what was entered (only the lines the kind of cost uses) and the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from desktop.core.care import YearResult, spec
from desktop.core.care.kinds import EventKind, Input
from desktop.core.money import fmt_yuan
from desktop.core.slip import Slip
from desktop.core.slips import PolicyStamp
from desktop.core.slips.care import slip_amounts


@dataclass(frozen=True)
class EstimateAnswers:
    """The clerk's answers in 报销测算; a list's answer in the chosen item's words."""

    category: str
    aid_status: str
    kind: EventKind  # the kind of cost
    kind_label: str
    cost_label: str  # the cost field's own label, which names what the kind counts as its cost
    level: str = ""
    facility: str = ""
    disease_count: int = 0
    rare_drug: bool = False
    referral: str = ""
    birth_date: dt.date | None = None
    visit_date: dt.date | None = None
    continuous_years: int = 0
    slip_paid: Decimal | None = None  # 结算单上的基本医保支付, when the kind asks for it
    #: (label, amount) of each earlier-spending field shown that holds an amount
    earlier: tuple[tuple[str, Decimal], ...] = ()


def estimate_slip(result: YearResult, answers: EstimateAnswers, stamp: PolicyStamp) -> Slip:
    """The slip of ``result``, computed from ``answers``."""
    totals = result.totals
    a = answers
    row = spec(a.kind)
    inputs: list[tuple[str, str]] = [
        ("参保类别", a.category),
        ("医疗救助身份", a.aid_status),
        ("费用类别", a.kind_label),
    ]
    if row.needs("hospital_level"):
        inputs.append(("医院等级", a.level))
    if row.needs("facility"):
        inputs.append(("机构类别", a.facility))
    if row.needs("disease_count"):
        inputs.append(("慢性病病种数", str(a.disease_count)))
    if row.needs("rare_disease_drug"):
        inputs.append(("药品", "省定罕见病用药" if a.rare_drug else "一般药品"))
    if row.needs("referral"):
        inputs.append(("就医地", a.referral))
    dates: tuple[tuple[Input, str, dt.date | None], ...] = (
        ("birth_date", "出生日期", a.birth_date),
        ("visit_date", "就诊日期", a.visit_date),
    )
    for name, label, day in dates:
        if row.needs(name):
            inputs.append((label, day.isoformat() if day else "未填写"))
    if row.needs("continuous_enrolment_years"):
        inputs.append(("连续参保年数", str(a.continuous_years)))
    inputs.append((a.cost_label, fmt_yuan(totals.compliant_cost)))
    paid = a.slip_paid if row.needs("basic_fund_paid") else None
    if paid is not None:
        inputs.append(("结算单上的基本医保支付", fmt_yuan(paid)))
    inputs.extend((label, fmt_yuan(value)) for label, value in a.earlier)
    return Slip(
        title="报销测算",
        policy_year=result.policy_year,
        data_version=stamp.data_version,
        data_hash=stamp.data_hash,
        inputs=tuple(inputs),
        amounts=slip_amounts("合规医疗费用", totals),
        steps=result.events[0].steps,
        notes=result.warnings,
        stale_warning=stamp.stale_warning,
    )
