"""A year of care through the whole chain: basic fund → 大病保险 → 医疗救助 → what the person pays.

Events are applied in date order. Running ledgers carry what earlier events used up: the 35万
cap, the general-outpatient bands, the chronic and PKU caps, the 大病 base and the aid caps.
Each layer's payment for an event is rounded to the fen with ROUND_HALF_UP. The single-visit
reimbursement estimate is this with one event and the year's earlier spending as the opening
ledgers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from desktop.core.errors import InputProblem
from desktop.core.explain import Citation, Step, cite, describe_value
from desktop.core.identity import age_on
from desktop.core.inputs import Amount, InputDate, LevelInput
from desktop.core.money import ZERO, fmt_rate, fmt_yuan, to_money
from desktop.core.policy.frozen import Band, PolicyYear
from desktop.core.policy.kinds import AidStatus, Category, Facility, HospitalLevel, Referral

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


@dataclass(frozen=True)
class Layers:
    compliant_cost: Decimal = ZERO
    basic_fund: Decimal = ZERO
    critical_illness: Decimal = ZERO
    medical_aid: Decimal = ZERO
    out_of_pocket: Decimal = ZERO

    def __add__(self, other: Layers) -> Layers:
        return Layers(
            self.compliant_cost + other.compliant_cost,
            self.basic_fund + other.basic_fund,
            self.critical_illness + other.critical_illness,
            self.medical_aid + other.medical_aid,
            self.out_of_pocket + other.out_of_pocket,
        )


@dataclass(frozen=True)
class Ledgers:
    """What the year has used so far. Also the 'earlier spending this year' of a single estimate."""

    capped_fund_paid: Decimal = ZERO  # basic fund for 住院 + 门诊特殊病, against the 35万 cap
    outpatient_general_cost: Decimal = ZERO  # cumulative compliant general-outpatient cost
    chronic_fund_paid: Decimal = ZERO
    chronic_cost_counted: Decimal = ZERO  # only used when the chronic cap is read as a cost cap
    pku_fund_paid: Decimal = ZERO
    pku_cost_counted: Decimal = ZERO
    critical_base: Decimal = ZERO  # cumulative 大病 base
    critical_paid: Decimal = ZERO
    aid_outpatient_general_paid: Decimal = ZERO
    aid_other_paid: Decimal = ZERO
    deductibles: Decimal = ZERO  # 起付标准 borne by the person this year (for the ledger view)
    admissions: int = 0

    LABELS = {
        "capped_fund_paid": "住院+门诊特殊病 基本医保已付(35万元限额)",
        "outpatient_general_cost": "普通门诊 年度累计合规费用",
        "chronic_fund_paid": "门诊慢性病 基金已付",
        "pku_fund_paid": "苯丙酮尿症 基金已付",
        "critical_base": "大病保险 累计计算基数",
        "critical_paid": "大病保险 已付",
        "aid_outpatient_general_paid": "医疗救助 普通门诊已付(1万元限额)",
        "aid_other_paid": "医疗救助 住院等已付(20万元限额)",
        "deductibles": "住院起付标准 累计",
        "admissions": "住院次数",
    }

    def bump(self, **changes: Decimal | int) -> Ledgers:
        """A copy with some ledgers changed: dataclasses.replace without its per-call overhead.

        The chain moves the ledgers about a hundred times in a 50-event year; replace() re-runs
        __init__ through fields() each time and was a sixth of the simulation's time.
        """
        unknown = changes.keys() - self.__dict__.keys()
        if unknown:
            raise TypeError(f"Ledgers has no field {sorted(unknown)}")
        new = object.__new__(Ledgers)
        new.__dict__.update(self.__dict__, **changes)
        return new


@dataclass(frozen=True)
class EventResult:
    index: int
    event: Event
    layers: Layers
    steps: tuple[Step, ...]
    ledgers_after: Ledgers


@dataclass(frozen=True)
class YearResult:
    policy_year: int
    data_version: str
    person: Person
    totals: Layers
    events: tuple[EventResult, ...]
    opening: Ledgers
    ledgers: Ledgers
    steps: tuple[Step, ...]


# ------------------------------------------------------------------------------------------


def band_payment(before: Decimal, after: Decimal, bands: tuple[Band, ...]) -> list[tuple[Band, Decimal]]:
    """The slices of the cumulative range (before, after] that fall in each band."""
    out = []
    for band in bands:
        top = after if band.upper is None else min(after, band.upper)
        overlap = top - max(before, band.lower)
        if overlap > 0:
            out.append((band, overlap))
    return out


def _money_range(lo: Decimal, hi: Decimal | None) -> str:
    return f"{lo:,.0f}–{hi:,.0f} 元" if hi is not None else f"{lo:,.0f} 元以上"


class _Year:
    """The mutable working state of one simulation; results leave it frozen."""

    def __init__(self, policy: PolicyYear, person: Person, opening: Ledgers):
        self.p = policy
        self.b = policy.benefits
        self.person = person
        self.led = opening

    def c(self, fig, label: str, value: str | None = None) -> Citation:  # type: ignore[no-untyped-def]
        return cite(self.p, fig, label, value)

    # -------------------------------------------------------------- basic fund

    def _cap_room(self) -> Decimal:
        cap = self.b.inpatient.annual_cap.value or ZERO
        return max(ZERO, cap - self.led.capped_fund_paid)

    def _apply_cap(self, raw: Decimal, steps: list[Step]) -> Decimal:
        room = self._cap_room()
        cap_fig = self.b.inpatient.annual_cap
        if raw > room:
            steps.append(
                Step(
                    layer="basic_fund",
                    text=(
                        f"年度最高支付限额 {fmt_yuan(cap_fig.value)},本年已付 {fmt_yuan(self.led.capped_fund_paid)},"
                        f"本次最多还能付 {fmt_yuan(room)}(超出部分统筹基金不予支付)"
                    ),
                    amount=room,
                    citations=(
                        self.c(cap_fig, "年度最高支付限额"),
                        self.c(self.b.inpatient.annual_cap_basis, "限额含义", "基金支付额上限"),
                    ),
                )
            )
            return room
        return raw

    def _inpatient_cell(self, level: HospitalLevel):  # type: ignore[no-untyped-def]
        row = self.b.inpatient.levels[level]
        column = self.b.inpatient.column_of[self.person.category]
        return getattr(row, column), column

    def basic_inpatient(self, ev: Event, steps: list[Step]) -> Decimal:
        assert ev.hospital_level is not None
        cell, column = self._inpatient_cell(ev.hospital_level)
        ded = cell.deductible.value or ZERO
        ratio = cell.ratio.value or ZERO
        cost = ev.compliant_cost
        eligible = max(ZERO, cost - ded)
        raw = to_money(eligible * ratio)
        who = "老年居民/非从业居民" if column == "adult" else "未成年居民/大学生"
        steps.append(
            Step(
                layer="basic_fund",
                text=(
                    f"{LEVEL_LABELS[ev.hospital_level]}住院({who}):起付标准 {fmt_yuan(ded)}/次,"
                    f"({fmt_yuan(cost)} − {fmt_yuan(min(cost, ded))})× {fmt_rate(ratio)} = {fmt_yuan(raw)}"
                ),
                amount=raw,
                citations=(self.c(cell.deductible, "起付标准"), self.c(cell.ratio, "支付比例")),
            )
        )
        self.led = self.led.bump(deductibles=self.led.deductibles + min(cost, ded), admissions=self.led.admissions + 1)
        if ev.kind == "childbirth":
            raw = self._childbirth_top_up(cost, raw, steps)
        return self._apply_cap(raw, steps)

    def _childbirth_top_up(self, cost: Decimal, raw: Decimal, steps: list[Step]) -> Decimal:
        cb = self.b.childbirth
        years = cb.min_continuous_years.value or 0
        target_ratio = cb.top_up_ratio.value or ZERO
        if self.person.continuous_enrolment_years < years:
            steps.append(
                Step(
                    layer="basic_fund",
                    text=f"连续参保不满 {years} 年,住院分娩按普通住院结算,不补足至 {fmt_rate(target_ratio)}",
                    citations=(
                        self.c(cb.min_continuous_years, "生育待遇连续参保要求", f"满{years}年"),
                        self.c(cb.without_continuity, "不满一年的处理"),
                    ),
                )
            )
            return raw
        target = to_money(cost * target_ratio)
        if raw < target:
            steps.append(
                Step(
                    layer="basic_fund",
                    text=(
                        f"住院分娩实际补偿比例低于 {fmt_rate(target_ratio)},补足至 "
                        f"{fmt_yuan(cost)} × {fmt_rate(target_ratio)} = {fmt_yuan(target)}"
                    ),
                    amount=target,
                    citations=(
                        self.c(cb.top_up_ratio, "生育补足比例"),
                        self.c(cb.min_continuous_years, "连续参保满一年", f"{years}年"),
                    ),
                )
            )
            return target
        steps.append(
            Step(
                layer="basic_fund",
                text=f"住院分娩实际补偿比例已不低于 {fmt_rate(target_ratio)},无需补足",
                citations=(self.c(cb.top_up_ratio, "生育补足比例"),),
            )
        )
        return raw

    def basic_blood(self, ev: Event, steps: list[Step]) -> tuple[Decimal, Decimal]:
        """(fund, the 60 % part that enters insurance); the 40 % pre-payment is the person's."""
        assert ev.hospital_level is not None
        sb = self.b.special_blood
        self_ratio = sb.self_pay_ratio.value or ZERO
        prepay = to_money(ev.compliant_cost * self_ratio)
        part = ev.compliant_cost - prepay
        cell, _ = self._inpatient_cell(ev.hospital_level)
        ratio = cell.ratio.value or ZERO
        raw = to_money(part * ratio)
        steps.append(
            Step(
                layer="basic_fund",
                text=(
                    f"特殊人员用血:个人先自付 {fmt_rate(self_ratio)} = {fmt_yuan(prepay)};其余 {fmt_yuan(part)} 按"
                    f"{LEVEL_LABELS[ev.hospital_level]}住院比例 {fmt_rate(ratio)} 支付(不再扣起付标准) = {fmt_yuan(raw)}"
                ),
                amount=raw,
                citations=(
                    self.c(sb.self_pay_ratio, "先行自付比例"),
                    self.c(sb.reading, "计算方法"),
                    self.c(cell.ratio, "住院支付比例"),
                ),
            )
        )
        return self._apply_cap(raw, steps), part

    def basic_outpatient_general(self, ev: Event, steps: list[Step]) -> Decimal:
        assert ev.facility is not None
        fig = self.b.outpatient_general.bands
        before = self.led.outpatient_general_cost
        after = before + ev.compliant_cost
        total = ZERO
        pieces = []
        for band in fig.value or ():
            top = min(after, band.upper)
            overlap = top - max(before, band.lower)
            if overlap > 0:
                rate = band.rate_primary if ev.facility == "primary" else band.rate_secondary_plus
                total += overlap * rate
                pieces.append(f"{fmt_yuan(overlap)}落在 {_money_range(band.lower, band.upper)} 段 × {fmt_rate(rate)}")
        fund = to_money(total)
        text = (
            f"普通门诊({FACILITY_LABELS[ev.facility]}):年度累计合规费用由 {fmt_yuan(before)} 增至 {fmt_yuan(after)};"
            + (";".join(pieces) if pieces else "本次费用不在任何支付段内(200元以下、1500–6000元、10万元以上不支付)")
            + f",基金支付 {fmt_yuan(fund)}"
        )
        steps.append(
            Step(
                layer="basic_fund",
                text=text,
                amount=fund,
                citations=(self.c(fig, "普通门诊分段", "200–1500元 基层50%/二级以上40%;6000元–10万元 40%"),),
            )
        )
        self.led = self.led.bump(outpatient_general_cost=after)
        return fund

    def basic_chronic(self, ev: Event, steps: list[Step]) -> Decimal:
        assert ev.facility is not None
        ch = self.b.outpatient_chronic
        rate_fig = ch.rate_primary if ev.facility == "primary" else ch.rate_secondary_plus
        rate = rate_fig.value or ZERO
        cap_fig = ch.cap_one if ev.disease_count == 1 else ch.cap_two_plus
        cap = cap_fig.value or ZERO
        cost = ev.compliant_cost
        if ch.cap_basis.value == "compliant_cost":
            room = max(ZERO, cap - self.led.chronic_cost_counted)
            counted = min(cost, room)
            fund = to_money(counted * rate)
            text = (
                f"门诊慢性病({ev.disease_count}个病种,{FACILITY_LABELS[ev.facility]}):年度计入费用限额 {fmt_yuan(cap)},"
                f"本次计入 {fmt_yuan(counted)} × {fmt_rate(rate)} = {fmt_yuan(fund)}"
            )
            self.led = self.led.bump(chronic_cost_counted=self.led.chronic_cost_counted + counted)
        else:
            raw = to_money(cost * rate)
            room = max(ZERO, cap - self.led.chronic_fund_paid)
            fund = min(raw, room)
            text = (
                f"门诊慢性病({ev.disease_count}个病种,{FACILITY_LABELS[ev.facility]}):{fmt_yuan(cost)} × {fmt_rate(rate)}"
                f" = {fmt_yuan(raw)};年度基金支付限额 {fmt_yuan(cap)},本年已付 {fmt_yuan(self.led.chronic_fund_paid)},"
                f"本次支付 {fmt_yuan(fund)}"
            )
        steps.append(
            Step(
                layer="basic_fund",
                text=text,
                amount=fund,
                citations=(self.c(rate_fig, "支付比例"), self.c(cap_fig, "支付限额"), self.c(ch.cap_basis, "限额含义")),
            )
        )
        self.led = self.led.bump(chronic_fund_paid=self.led.chronic_fund_paid + fund)
        return fund

    def basic_pku(self, ev: Event, index: int, on: dt.date, steps: list[Step]) -> Decimal:
        pku = self.b.pku
        allowed = pku.categories.value or ()
        if self.person.category not in allowed:
            steps.append(
                Step(
                    layer="basic_fund",
                    text="苯丙酮尿症待遇只适用于未成年居民,本人类别不适用,基金不支付",
                    amount=ZERO,
                    citations=(self.c(pku.categories, "适用人群", "未成年居民"),),
                )
            )
            return ZERO
        if self.person.birth_date is None:
            raise InputProblem("person.birth_date", "苯丙酮尿症按年龄段(0-6、7-13、14-18岁)设支付限额,请填写出生日期")
        age = age_on(self.person.birth_date, on)
        band = next((b for b in pku.age_caps.value or () if b.min_age <= age <= b.max_age), None)
        if band is None:
            steps.append(
                Step(
                    layer="basic_fund",
                    text=f"{on:%Y-%m-%d} 时 {age} 岁,不在苯丙酮尿症待遇年龄段内,基金不支付",
                    amount=ZERO,
                    citations=(self.c(pku.age_caps, "年龄段限额"),),
                )
            )
            return ZERO
        rate = pku.rate.value or ZERO
        cost = ev.compliant_cost
        if pku.cap_basis.value == "compliant_cost":
            counted = min(cost, max(ZERO, band.cap - self.led.pku_cost_counted))
            fund = to_money(counted * rate)
            self.led = self.led.bump(pku_cost_counted=self.led.pku_cost_counted + counted)
            text = f"苯丙酮尿症({age}岁):计入费用 {fmt_yuan(counted)} × {fmt_rate(rate)} = {fmt_yuan(fund)}"
        else:
            raw = to_money(cost * rate)
            fund = min(raw, max(ZERO, band.cap - self.led.pku_fund_paid))
            text = (
                f"苯丙酮尿症({age}岁,{band.min_age}-{band.max_age}岁段):{fmt_yuan(cost)} × {fmt_rate(rate)} = {fmt_yuan(raw)};"
                f"年度支付限额 {fmt_yuan(band.cap)},本年已付 {fmt_yuan(self.led.pku_fund_paid)},本次支付 {fmt_yuan(fund)}"
            )
        steps.append(
            Step(
                layer="basic_fund",
                text=text,
                amount=fund,
                citations=(
                    self.c(pku.rate, "支付比例"),
                    self.c(pku.age_caps, "年龄段限额", f"{band.min_age}-{band.max_age}岁 {band.cap:,} 元"),
                    self.c(pku.cap_basis, "限额含义"),
                    *((self.c(pku.diagnoses, "诊断条件"),) if pku.diagnoses is not None else ()),
                ),
            )
        )
        self.led = self.led.bump(pku_fund_paid=self.led.pku_fund_paid + fund)
        return fund

    def basic_dual(self, ev: Event, steps: list[Step]) -> Decimal:
        dc = self.b.dual_channel_drug
        rate_fig = dc.rare_rate if ev.rare_disease_drug else dc.rate
        rate = rate_fig.value or ZERO
        citations = [self.c(rate_fig, "罕见病药品支付比例" if ev.rare_disease_drug else "支付比例")]
        reduction = ZERO
        if ev.referral == "approved_out_of_city":
            reduction = dc.reduction_approved.value or ZERO
            citations.append(self.c(dc.reduction_approved, "市外转院(诊)降低"))
        elif ev.referral == "unapproved_out_of_city":
            reduction = dc.reduction_unapproved.value or ZERO
            citations.append(self.c(dc.reduction_unapproved, "未经审批市外转院(诊)降低"))
        effective = max(ZERO, rate - reduction)
        fund = to_money(ev.compliant_cost * effective)
        steps.append(
            Step(
                layer="basic_fund",
                text=(
                    f"{KIND_LABELS['dual_channel_drug']}({REFERRAL_LABELS[ev.referral]}):支付比例 {fmt_rate(rate)}"
                    + (f" − {fmt_rate(reduction)}" if reduction else "")
                    + f",{fmt_yuan(ev.compliant_cost)} × {fmt_rate(effective)} = {fmt_yuan(fund)}(不计入35万元限额)"
                ),
                amount=fund,
                citations=tuple(citations),
            )
        )
        return fund

    # -------------------------------------------------------------- the chain for one event

    def run_event(self, index: int, ev: Event) -> EventResult:
        steps: list[Step] = []
        cost = ev.compliant_cost
        on = ev.date or (self.p.enrolment.benefit_start.value or dt.date(self.p.policy_year, 1, 1))
        insured_part = cost  # the part of the cost that the fund, 大病 and aid work on
        given = ev.basic_fund_paid

        if given is not None:
            fund = given
            if ev.kind == "special_blood":
                insured_part = cost - to_money(cost * (self.b.special_blood.self_pay_ratio.value or ZERO))
                if given > insured_part:
                    raise InputProblem(
                        f"events[{index}].basic_fund_paid",
                        f"特殊用血的基本医保支付不能超过纳入医保范围的部分 {fmt_yuan(insured_part)}",
                    )
            steps.append(
                Step(
                    layer="basic_fund",
                    text=f"基本医保支付按医院结算单填写的金额:{fmt_yuan(given)}(不按比例测算)",
                    amount=given,
                )
            )
            self._record_given(ev, given)
        elif ev.kind in ("inpatient", "childbirth"):
            fund = self.basic_inpatient(ev, steps)
        elif ev.kind == "special_blood":
            fund, insured_part = self.basic_blood(ev, steps)
        elif ev.kind == "outpatient_general":
            fund = self.basic_outpatient_general(ev, steps)
        elif ev.kind == "outpatient_chronic":
            fund = self.basic_chronic(ev, steps)
        elif ev.kind == "pku":
            fund = self.basic_pku(ev, index, on, steps)
        elif ev.kind == "dual_channel_drug":
            fund = self.basic_dual(ev, steps)
        elif ev.kind == "rare_disease_remainder":
            fund = ZERO
            steps.append(
                Step(
                    layer="basic_fund",
                    text="罕见病用药经省医保罕见病用药保障资金支付后的剩余费用:基本医保和大病保险不再支付,只计算医疗救助",
                    amount=ZERO,
                    citations=(self.c(self.b.medical_aid.rare_disease_remainder_rate, "罕见病剩余费用救助"),),
                )
            )
        else:  # outpatient_special without a slip amount is refused before we get here
            raise InputProblem(f"events[{index}].basic_fund_paid", _SPECIAL_NEEDS_SLIP)

        if ev.kind in CAPPED:
            self.led = self.led.bump(capped_fund_paid=self.led.capped_fund_paid + fund)

        critical = self.critical(ev, insured_part - fund, steps)
        aid = self.aid(ev, insured_part - fund - critical, steps)
        pocket = cost - fund - critical - aid
        steps.append(
            Step(
                layer="out_of_pocket",
                text=(
                    f"个人自付 = {fmt_yuan(cost)} − 基本医保 {fmt_yuan(fund)} − 大病保险 {fmt_yuan(critical)}"
                    f" − 医疗救助 {fmt_yuan(aid)} = {fmt_yuan(pocket)}"
                ),
                amount=pocket,
            )
        )
        layers = Layers(cost, fund, critical, aid, pocket)
        return EventResult(index, ev, layers, tuple(steps), self.led)

    def _record_given(self, ev: Event, given: Decimal) -> None:
        if ev.kind == "outpatient_general":
            self.led = self.led.bump(outpatient_general_cost=self.led.outpatient_general_cost + ev.compliant_cost)
        elif ev.kind == "outpatient_chronic":
            self.led = self.led.bump(chronic_fund_paid=self.led.chronic_fund_paid + given)
        elif ev.kind == "pku":
            self.led = self.led.bump(pku_fund_paid=self.led.pku_fund_paid + given)
        elif ev.kind in INPATIENT_LIKE:
            self.led = self.led.bump(admissions=self.led.admissions + 1)

    def critical(self, ev: Event, increment: Decimal, steps: list[Step]) -> Decimal:
        ci = self.b.critical_illness
        if ev.kind not in CAPPED:
            return ZERO
        increment = max(ZERO, increment)
        poor = self.person.aid_status != "none"
        fig = ci.poor_bands if poor else ci.regular_bands
        before = self.led.critical_base
        after = before + increment
        slices = band_payment(before, after, fig.value or ())
        pay = to_money(sum((s * band.rate for band, s in slices), ZERO))
        table = "城乡困难群众" if poor else "一般参保人员"
        detail = ";".join(
            f"{fmt_yuan(s)}在 {_money_range(band.lower, band.upper)} 段 × {fmt_rate(band.rate)}" for band, s in slices
        )
        steps.append(
            Step(
                layer="critical_illness",
                text=(
                    f"大病保险({table}):本次个人负担的合规费用 {fmt_yuan(increment)} 计入年度基数,"
                    f"累计由 {fmt_yuan(before)} 增至 {fmt_yuan(after)};"
                    + (detail if detail else "未超过起付标准,不支付")
                    + f",大病保险支付 {fmt_yuan(pay)}"
                ),
                amount=pay,
                citations=(
                    self.c(fig, "大病保险分段"),
                    self.c(ci.base_reading, "计算基数"),
                    self.c(ci.cap, "最高限额"),
                ),
            )
        )
        self.led = self.led.bump(critical_base=after, critical_paid=self.led.critical_paid + pay)
        return pay

    def aid(self, ev: Event, remainder: Decimal, steps: list[Step]) -> Decimal:
        ma = self.b.medical_aid
        status = self.person.aid_status
        if status == "none":
            return ZERO
        if ev.kind == "pku":
            steps.append(
                Step(
                    layer="medical_aid",
                    text="医疗救助表未列苯丙酮尿症,不计算救助",
                    amount=ZERO,
                    citations=(self.c(ma.pku_note, "说明"),),
                )
            )
            return ZERO
        remainder = max(ZERO, remainder)
        if ev.kind == "rare_disease_remainder":
            rate_fig = ma.rare_disease_remainder_rate
        else:
            rate_fig = ma.rates[status]
        rate = rate_fig.value or ZERO
        if ev.kind == "outpatient_general":
            cap_fig, paid, key = (
                ma.cap_outpatient_general,
                self.led.aid_outpatient_general_paid,
                "aid_outpatient_general_paid",
            )
        else:
            cap_fig, paid, key = ma.cap_other, self.led.aid_other_paid, "aid_other_paid"
        cap = cap_fig.value or ZERO
        raw = to_money(remainder * rate)
        room = max(ZERO, cap - paid)
        pay = min(raw, room)
        text = f"医疗救助:剩余个人负担 {fmt_yuan(remainder)} × {fmt_rate(rate)} = {fmt_yuan(raw)}"
        if raw > room:
            text += f";年度救助限额 {fmt_yuan(cap)},本年已救助 {fmt_yuan(paid)},本次只能救助 {fmt_yuan(pay)}"
        steps.append(
            Step(
                layer="medical_aid",
                text=text,
                amount=pay,
                citations=(
                    self.c(rate_fig, "救助比例"),
                    self.c(cap_fig, "年度救助限额"),
                    self.c(ma.base_reading, "救助基数"),
                ),
            )
        )
        if key == "aid_outpatient_general_paid":
            self.led = self.led.bump(aid_outpatient_general_paid=paid + pay)
        else:
            self.led = self.led.bump(aid_other_paid=paid + pay)
        return pay


_SPECIAL_NEEDS_SLIP = "门诊特殊病的基本医保支付比例通知未规定(“按规定标准支付”),请照医院结算单填写“结算单基本医保”金额"


def pku_condition(policy: PolicyYear) -> str:
    """Who the PKU benefit is for, in the notice's words with the ICD-10 codes: shown where PKU is chosen."""
    pku = policy.benefits.pku
    who = describe_value(pku.categories.value)
    if pku.diagnoses is None or not pku.diagnoses.value:
        return f"苯丙酮尿症待遇限{who}"
    dx = "或".join(describe_value(d) for d in pku.diagnoses.value)
    return f"苯丙酮尿症待遇限{who}中第一诊断为{dx}的患者"


def check_events(policy: PolicyYear, events: list[Event] | tuple[Event, ...], person: Person | None = None) -> None:
    """Refuse, naming the field, what the chain cannot compute from the notices."""
    start, end = policy.enrolment.benefit_start.value, policy.enrolment.benefit_end.value
    for i, ev in enumerate(events):
        if person is not None and person.birth_date is not None:
            on = ev.date or start or dt.date(policy.policy_year, 1, 1)
            if person.birth_date > on:
                when = "就诊日期" if ev.date else "年度第一天(未填就诊日期)"
                raise InputProblem(
                    "person.birth_date",
                    f"出生日期 {person.birth_date.isoformat()} 晚于第{i + 1}笔费用的{when} {on.isoformat()},请核对",
                )
        if ev.date is not None and start and end and not (start <= ev.date <= end):
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
            raise InputProblem(f"events[{i}].basic_fund_paid", _SPECIAL_NEEDS_SLIP)
        if ev.basic_fund_paid is not None and ev.basic_fund_paid > ev.compliant_cost:
            raise InputProblem(f"events[{i}].basic_fund_paid", "基本医保支付金额不能大于合规医疗费用")


def simulate_year(
    policy: PolicyYear,
    person: Person,
    events: list[Event] | tuple[Event, ...],
    opening: Ledgers | None = None,
) -> YearResult:
    check_events(policy, events, person)
    first_day = policy.enrolment.benefit_start.value or dt.date(policy.policy_year, 1, 1)
    order = sorted(range(len(events)), key=lambda i: (events[i].date or first_day, i))
    start = opening or Ledgers()
    year = _Year(policy, person, start)
    results = tuple(year.run_event(i, events[i]) for i in order)
    totals = sum((r.layers for r in results), Layers())
    steps = (
        Step(
            layer="total",
            text=(
                f"{policy.policy_year}年度共 {len(results)} 笔费用,合规费用 {fmt_yuan(totals.compliant_cost)}:"
                f"基本医保 {fmt_yuan(totals.basic_fund)},大病保险 {fmt_yuan(totals.critical_illness)},"
                f"医疗救助 {fmt_yuan(totals.medical_aid)},个人自付 {fmt_yuan(totals.out_of_pocket)}"
            ),
            amount=totals.out_of_pocket,
        ),
    )
    return YearResult(
        policy_year=policy.policy_year,
        data_version=policy.data_version,
        person=person,
        totals=totals,
        events=results,
        opening=start,
        ledgers=year.led,
        steps=steps,
    )
