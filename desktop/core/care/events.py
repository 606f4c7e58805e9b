"""What the simulation takes in: the person, the events and their kinds, and the checks that
refuse, naming the field, an event the chain cannot compute from the notices."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, WithJsonSchema

from desktop.core.care.kinds import EventKind, facility_labels, spec
from desktop.core.errors import InputProblem
from desktop.core.inputs import Amount, InputDate, LevelInput
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import AidStatus, Category, Facility, Referral
from desktop.core.policy.required import need

REFERRAL_LABELS = {
    "in_city": "市内",
    "approved_out_of_city": "经审批市外转院(诊)",
    "unapproved_out_of_city": "未经审批市外转院(诊)",
}
LEVEL_LABELS = {1: "一级医疗机构", 2: "二级医疗机构", 3: "三级医疗机构"}

#: the kind as the command line and case files write it (its value), its schema the plain list of values
KindField = Annotated[
    EventKind,
    Strict(False),
    WithJsonSchema({"enum": [k.value for k in EventKind], "title": "Kind", "type": "string"}),
]

CostField = Field(ge=0, max_digits=12, decimal_places=2, description="合规医疗费用(元)")


class Person(BaseModel):
    # strict: true is not 1 and 0 is not false; dates and amounts through desktop.core.inputs
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    category: Category = Field(description="参保类别")
    aid_status: AidStatus = Field("none", description="医疗救助身份")
    birth_date: InputDate | None = Field(None, description="出生日期(苯丙酮尿症按年龄段设限额)")
    continuous_enrolment_years: int = Field(0, ge=0, le=120, description="连续参加居民医保年数")


class Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    date: InputDate | None = Field(None, description="就诊/出院日期")
    kind: KindField = Field(description="费用类别")
    compliant_cost: Amount = CostField
    hospital_level: LevelInput | None = Field(None, description="医院等级 1/2/3(住院、生育、用血)")
    facility: Facility | None = Field(None, description="primary 基层 / secondary_plus 二级以上(门诊)")
    disease_count: int = Field(1, ge=1, le=20, description="门诊慢性病病种数")
    rare_disease_drug: bool = Field(False, description="是否罕见病药品(双通道)")
    referral: Referral = Field("in_city", description="市内 / 经审批市外 / 未经审批市外")
    basic_fund_paid: Amount | None = Field(
        None, ge=0, max_digits=12, decimal_places=2, description="结算单上的基本医保支付金额(可不填)"
    )


def check_events(policy: PolicyYear, events: list[Event] | tuple[Event, ...], person: Person | None = None) -> None:
    """Refuse, naming the field, what the chain cannot compute from the notices."""
    # the benefit period bounds every date: an empty one is refused by name, never skipped
    start = need(policy.enrolment.benefit_start, "enrolment.benefit_start")
    end = need(policy.enrolment.benefit_end, "enrolment.benefit_end")
    for i, ev in enumerate(events):
        if person is not None and person.birth_date is not None:
            on = ev.date or start
            if person.birth_date > on:
                when = "就诊日期" if ev.date else "年度第一天(未填就诊日期)"
                raise InputProblem(
                    "person.birth_date",
                    f"出生日期 {person.birth_date.isoformat()} 晚于第{i + 1}笔费用的{when} {on.isoformat()},请核对",
                )
        if ev.date is not None and not (start <= ev.date <= end):
            raise InputProblem(
                f"events[{i}].date",
                f"日期 {ev.date:%Y-%m-%d} 不在{policy.policy_year}年度待遇享受期({start:%Y-%m-%d}至{end:%Y-%m-%d})内",
            )
        row = spec(ev.kind)
        if row.needs("hospital_level") and ev.hospital_level is None:
            raise InputProblem(f"events[{i}].hospital_level", f"{row.label}请选择医院等级(1、2、3级)")
        if row.needs("facility") and ev.facility is None:
            raise InputProblem(
                f"events[{i}].facility",
                f"{row.label}请选择机构类别:{'或'.join(facility_labels(ev.kind).values())}",
            )
        if row.slip_required is not None and ev.basic_fund_paid is None:
            raise InputProblem(f"events[{i}].basic_fund_paid", row.slip_required.refusal)
        if ev.basic_fund_paid is not None and ev.basic_fund_paid > ev.compliant_cost:
            raise InputProblem(f"events[{i}].basic_fund_paid", "基本医保支付金额不能大于合规医疗费用")
