"""What the simulation takes in: the person, the events and their kinds, and the checks that
refuse, naming the field, an event the chain cannot compute from the notices."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from desktop.core.errors import InputProblem
from desktop.core.explain import describe_value
from desktop.core.inputs import Amount, InputDate, LevelInput
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import AidStatus, Category, Facility, Referral
from desktop.core.policy.required import need

Kind = Literal[
    "inpatient",
    "outpatient_general",
    "outpatient_chronic",
    "outpatient_special",
    "dual_channel_drug",
    "childbirth",
    "pku",
    "special_blood",
    "rare_disease_remainder",
]

KIND_LABELS: dict[str, str] = {
    "inpatient": "住院",
    "outpatient_general": "普通门诊",
    "outpatient_chronic": "门诊慢性病",
    "outpatient_special": "门诊特殊病",
    "dual_channel_drug": "双通道/单独支付/特定病药品",
    "childbirth": "住院分娩(生育)",
    "pku": "苯丙酮尿症",
    "special_blood": "特殊人员用血",
    "rare_disease_remainder": "罕见病用药剩余费用(省保障资金支付后)",
}
FACILITY_LABELS = {"primary": "基层医疗机构", "secondary_plus": "二级以上医疗机构"}
REFERRAL_LABELS = {
    "in_city": "市内",
    "approved_out_of_city": "经审批市外转院(诊)",
    "unapproved_out_of_city": "未经审批市外转院(诊)",
}
LEVEL_LABELS = {1: "一级医疗机构", 2: "二级医疗机构", 3: "三级医疗机构"}

#: kinds settled as 住院 (the 35万 cap counts them, 大病 and aid carry them on)
INPATIENT_LIKE = frozenset({"inpatient", "childbirth", "special_blood"})
#: kinds whose basic-fund payment counts against the 35万 cap and whose remainder enters 大病
CAPPED = INPATIENT_LIKE | {"outpatient_special"}
NEEDS_LEVEL = INPATIENT_LIKE
NEEDS_FACILITY = frozenset({"outpatient_general", "outpatient_chronic"})

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
    kind: Kind = Field(description="费用类别")
    compliant_cost: Amount = CostField
    hospital_level: LevelInput | None = Field(None, description="医院等级 1/2/3(住院、生育、用血)")
    facility: Facility | None = Field(None, description="primary 基层 / secondary_plus 二级以上(门诊)")
    disease_count: int = Field(1, ge=1, le=20, description="门诊慢性病病种数")
    rare_disease_drug: bool = Field(False, description="是否罕见病药品(双通道)")
    referral: Referral = Field("in_city", description="市内 / 经审批市外 / 未经审批市外")
    basic_fund_paid: Amount | None = Field(
        None, ge=0, max_digits=12, decimal_places=2, description="结算单上的基本医保支付金额(可不填)"
    )


SPECIAL_NEEDS_SLIP = "门诊特殊病的基本医保支付比例通知未规定(“按规定标准支付”),请照医院结算单填写“结算单基本医保”金额"


def pku_condition(policy: PolicyYear) -> str:
    """Who the PKU benefit is for, in the notice's words with the ICD-10 codes: shown where PKU is chosen."""
    pku = policy.benefits.pku
    who = describe_value(pku.categories.value)
    if pku.diagnoses is None or not pku.diagnoses.value:
        return f"苯丙酮尿症待遇限{who}"
    dx = "或".join(describe_value(d) for d in pku.diagnoses.value)
    return f"苯丙酮尿症待遇限{who}中第一诊断为{dx}的患者"


def special_blood_condition(policy: PolicyYear) -> str:
    """Who the special-blood benefit is for, in the notice's words: shown where special blood is chosen
    (a clerk must know who qualifies before entering the blood cost)."""
    who = policy.benefits.special_blood.qualifying
    if who is None or not who.value:
        return ""
    return f"特殊人员用血待遇限{who.value}参保人员"


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
        if ev.kind in NEEDS_LEVEL and ev.hospital_level is None:
            raise InputProblem(f"events[{i}].hospital_level", f"{KIND_LABELS[ev.kind]}请选择医院等级(1、2、3级)")
        if ev.kind in NEEDS_FACILITY and ev.facility is None:
            raise InputProblem(
                f"events[{i}].facility",
                f"{KIND_LABELS[ev.kind]}请选择机构类别:基层医疗机构或二级以上医疗机构",
            )
        if ev.kind == "outpatient_special" and ev.basic_fund_paid is None:
            raise InputProblem(f"events[{i}].basic_fund_paid", SPECIAL_NEEDS_SLIP)
        if ev.basic_fund_paid is not None and ev.basic_fund_paid > ev.compliant_cost:
            raise InputProblem(f"events[{i}].basic_fund_paid", "基本医保支付金额不能大于合规医疗费用")
