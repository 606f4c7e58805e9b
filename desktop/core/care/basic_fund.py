"""The basic fund's payment for one event, kind by kind: the 住院 table with the 35万 cap, the
childbirth top-up, special blood, the general-outpatient bands, chronic disease, PKU and the
dual-channel drugs; and what an amount taken from a settlement slip moves in the ledgers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from desktop.core.care.events import LEVEL_LABELS, REFERRAL_LABELS, Event
from desktop.core.care.kinds import FACILITY_LABELS, EventKind, facility_labels, spec
from desktop.core.care.ledgers import over_cap_text
from desktop.core.care.state import YearSoFar, money_range
from desktop.core.errors import InputProblem
from desktop.core.explain import Citation, Step, source_text
from desktop.core.identity import age_on
from desktop.core.money import ZERO, fmt_points, fmt_rate, fmt_yuan, to_money
from desktop.core.policy.kinds import HospitalLevel
from desktop.core.policy.required import need

#: the chronic-disease table's own column names (both notices): not 基层/二级以上 as for general outpatient
CHRONIC_COLUMNS = facility_labels(EventKind.OUTPATIENT_CHRONIC)


class BasicFund:
    """The basic fund's payment kind by kind over the year so far: each rule appends its steps and
    moves the ledgers it uses."""

    def __init__(self, year: YearSoFar):
        self.year = year
        self.benefits = year.policy.benefits

    def _cap_room(self) -> Decimal:
        cap = need(self.benefits.inpatient.annual_cap, "benefits.inpatient.annual_cap")
        return max(ZERO, cap - self.year.ledgers.capped_fund_paid)

    def _apply_cap(self, raw: Decimal, steps: list[Step]) -> Decimal:
        room = self._cap_room()
        cap_fig = self.benefits.inpatient.annual_cap
        if raw > room:
            steps.append(
                Step(
                    layer="basic_fund",
                    text=(
                        f"年度最高支付限额 {fmt_yuan(cap_fig.value)},本年已付 {fmt_yuan(self.year.ledgers.capped_fund_paid)},"
                        f"本次最多还能付 {fmt_yuan(room)}(超出部分统筹基金不予支付)"
                    ),
                    amount=room,
                    citations=(
                        self.year.cite(cap_fig, "年度最高支付限额"),
                        self.year.cite(self.benefits.inpatient.annual_cap_basis, "限额含义", "基金支付额上限"),
                    ),
                )
            )
            return room
        return raw

    def _inpatient_cell(self, level: HospitalLevel):  # type: ignore[no-untyped-def]
        row = self.benefits.inpatient.levels[level]
        column = self.benefits.inpatient.column_of[self.year.person.category]
        return getattr(row, column), column

    @staticmethod
    def _cell_path(level: HospitalLevel, column: str, name: str) -> str:
        return f"benefits.inpatient.levels.{level}.{column}.{name}"

    def inpatient(self, ev: Event, steps: list[Step], *, childbirth: bool = False) -> Decimal:
        """住院 by the hospital level's cell; ``childbirth``: 住院分娩, topped up to the childbirth ratio."""
        assert ev.hospital_level is not None
        cell, column = self._inpatient_cell(ev.hospital_level)
        ded = need(cell.deductible, self._cell_path(ev.hospital_level, column, "deductible"))
        ratio = need(cell.ratio, self._cell_path(ev.hospital_level, column, "ratio"))
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
                citations=(self.year.cite(cell.deductible, "起付标准"), self.year.cite(cell.ratio, "支付比例")),
            )
        )
        self.year.ledgers = self.year.ledgers.bump(
            deductibles=self.year.ledgers.deductibles + min(cost, ded), admissions=self.year.ledgers.admissions + 1
        )
        if childbirth:
            raw = self._childbirth_top_up(cost, raw, steps)
        return self._apply_cap(raw, steps)

    def _childbirth_top_up(self, cost: Decimal, raw: Decimal, steps: list[Step]) -> Decimal:
        cb = self.benefits.childbirth
        years = need(cb.min_continuous_years, "benefits.childbirth.min_continuous_years")
        target_ratio = need(cb.top_up_ratio, "benefits.childbirth.top_up_ratio")
        if self.year.person.continuous_enrolment_years < years:
            steps.append(
                Step(
                    layer="basic_fund",
                    text=f"连续参保不满 {years} 年,住院分娩按普通住院结算,不补足至 {fmt_rate(target_ratio)}",
                    citations=(
                        self.year.cite(cb.min_continuous_years, "生育待遇连续参保要求", f"满{years}年"),
                        self.year.cite(cb.without_continuity, "不满一年的处理"),
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
                        self.year.cite(cb.top_up_ratio, "生育补足比例"),
                        self.year.cite(cb.min_continuous_years, "连续参保满一年", f"{years}年"),
                    ),
                )
            )
            return target
        steps.append(
            Step(
                layer="basic_fund",
                text=f"住院分娩实际补偿比例已不低于 {fmt_rate(target_ratio)},无需补足",
                citations=(self.year.cite(cb.top_up_ratio, "生育补足比例"),),
            )
        )
        return raw

    def special_blood(self, ev: Event, steps: list[Step]) -> tuple[Decimal, Decimal]:
        """(fund, the 60 % part that enters insurance); the 40 % pre-payment is the person's."""
        assert ev.hospital_level is not None
        sb = self.benefits.special_blood
        self_ratio = need(sb.self_pay_ratio, "benefits.special_blood.self_pay_ratio")
        prepay = to_money(ev.compliant_cost * self_ratio)
        part = ev.compliant_cost - prepay
        cell, column = self._inpatient_cell(ev.hospital_level)
        ratio = need(cell.ratio, self._cell_path(ev.hospital_level, column, "ratio"))
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
                    self.year.cite(sb.self_pay_ratio, "自付比例"),
                    self.year.cite(sb.reading, "计算方法"),
                    self.year.cite(cell.ratio, "住院支付比例"),
                ),
            )
        )
        return self._apply_cap(raw, steps), part

    def outpatient_general(self, ev: Event, steps: list[Step]) -> Decimal:
        assert ev.facility is not None
        fig = self.benefits.outpatient_general.bands
        before = self.year.ledgers.outpatient_general_cost
        after = before + ev.compliant_cost
        total = ZERO
        pieces = []
        for band in need(fig, "benefits.outpatient_general.bands"):
            top = min(after, band.upper)
            overlap = top - max(before, band.lower)
            if overlap > 0:
                rate = band.rate_primary if ev.facility == "primary" else band.rate_secondary_plus
                total += overlap * rate
                pieces.append(f"{fmt_yuan(overlap)}落在 {money_range(band.lower, band.upper)} 段 × {fmt_rate(rate)}")
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
                citations=(self.year.cite(fig, "普通门诊分段", "200–1500元 基层50%/二级以上40%;6000元–10万元 40%"),),
            )
        )
        self.year.ledgers = self.year.ledgers.bump(outpatient_general_cost=after)
        return fund

    def chronic(self, ev: Event, steps: list[Step]) -> Decimal:
        assert ev.facility is not None
        column = CHRONIC_COLUMNS[ev.facility]
        ch = self.benefits.outpatient_chronic
        rate_fig = ch.rate_primary if ev.facility == "primary" else ch.rate_secondary_plus
        rate = need(
            rate_fig,
            "benefits.outpatient_chronic." + ("rate_primary" if ev.facility == "primary" else "rate_secondary_plus"),
        )
        cap_fig = ch.cap_one if ev.disease_count == 1 else ch.cap_two_plus
        cap = need(cap_fig, "benefits.outpatient_chronic." + ("cap_one" if ev.disease_count == 1 else "cap_two_plus"))
        cost = ev.compliant_cost
        if need(ch.cap_basis, "benefits.outpatient_chronic.cap_basis") == "compliant_cost":
            room = max(ZERO, cap - self.year.ledgers.chronic_cost_counted)
            counted = min(cost, room)
            fund = to_money(counted * rate)
            text = (
                f"门诊慢性病({ev.disease_count}个病种,{column}):年度计入费用限额 {fmt_yuan(cap)},"
                f"本次计入 {fmt_yuan(counted)} × {fmt_rate(rate)} = {fmt_yuan(fund)}"
            )
            self.year.ledgers = self.year.ledgers.bump(
                chronic_cost_counted=self.year.ledgers.chronic_cost_counted + counted
            )
        else:
            raw = to_money(cost * rate)
            room = max(ZERO, cap - self.year.ledgers.chronic_fund_paid)
            fund = min(raw, room)
            text = (
                f"门诊慢性病({ev.disease_count}个病种,{column}):{fmt_yuan(cost)} × {fmt_rate(rate)}"
                f" = {fmt_yuan(raw)};年度基金支付限额 {fmt_yuan(cap)},本年已付 {fmt_yuan(self.year.ledgers.chronic_fund_paid)},"
                f"本次支付 {fmt_yuan(fund)}"
            )
        steps.append(
            Step(
                layer="basic_fund",
                text=text,
                amount=fund,
                citations=(
                    self.year.cite(rate_fig, f"支付比例({column})"),
                    self.year.cite(cap_fig, "支付限额"),
                    self.year.cite(ch.cap_basis, "限额含义"),
                ),
            )
        )
        self.year.ledgers = self.year.ledgers.bump(chronic_fund_paid=self.year.ledgers.chronic_fund_paid + fund)
        return fund

    def pku(self, ev: Event, index: int, on: dt.date, steps: list[Step]) -> Decimal:
        pku = self.benefits.pku
        allowed = need(pku.categories, "benefits.pku.categories")
        if self.year.person.category not in allowed:
            steps.append(
                Step(
                    layer="basic_fund",
                    text="苯丙酮尿症待遇只适用于未成年居民,本人类别不适用,基金不支付",
                    amount=ZERO,
                    citations=(self.year.cite(pku.categories, "适用人群", "未成年居民"),),
                )
            )
            return ZERO
        if self.year.person.birth_date is None:
            raise InputProblem("person.birth_date", "苯丙酮尿症按年龄段(0-6、7-13、14-18岁)设支付限额,请填写出生日期")
        age = age_on(self.year.person.birth_date, on)
        band = next((b for b in need(pku.age_caps, "benefits.pku.age_caps") if b.min_age <= age <= b.max_age), None)
        if band is None:
            steps.append(
                Step(
                    layer="basic_fund",
                    text=f"{on:%Y-%m-%d} 时 {age} 岁,不在苯丙酮尿症待遇年龄段内,基金不支付",
                    amount=ZERO,
                    citations=(self.year.cite(pku.age_caps, "年龄段限额"),),
                )
            )
            return ZERO
        rate = need(pku.rate, "benefits.pku.rate")
        cost = ev.compliant_cost
        if need(pku.cap_basis, "benefits.pku.cap_basis") == "compliant_cost":
            counted = min(cost, max(ZERO, band.cap - self.year.ledgers.pku_cost_counted))
            fund = to_money(counted * rate)
            self.year.ledgers = self.year.ledgers.bump(pku_cost_counted=self.year.ledgers.pku_cost_counted + counted)
            text = f"苯丙酮尿症({age}岁):计入费用 {fmt_yuan(counted)} × {fmt_rate(rate)} = {fmt_yuan(fund)}"
        else:
            raw = to_money(cost * rate)
            fund = min(raw, max(ZERO, band.cap - self.year.ledgers.pku_fund_paid))
            text = (
                f"苯丙酮尿症({age}岁,{band.min_age}-{band.max_age}岁段):{fmt_yuan(cost)} × {fmt_rate(rate)} = {fmt_yuan(raw)};"
                f"年度支付限额 {fmt_yuan(band.cap)},本年已付 {fmt_yuan(self.year.ledgers.pku_fund_paid)},本次支付 {fmt_yuan(fund)}"
            )
        steps.append(
            Step(
                layer="basic_fund",
                text=text,
                amount=fund,
                citations=(
                    self.year.cite(pku.rate, "支付比例"),
                    self.year.cite(pku.age_caps, "年龄段限额", f"{band.min_age}-{band.max_age}岁 {band.cap:,} 元"),
                    self.year.cite(pku.cap_basis, "限额含义"),
                    *((self.year.cite(pku.diagnoses, "诊断条件"),) if pku.diagnoses is not None else ()),
                ),
            )
        )
        self.year.ledgers = self.year.ledgers.bump(pku_fund_paid=self.year.ledgers.pku_fund_paid + fund)
        return fund

    def dual_channel_drug(self, ev: Event, steps: list[Step]) -> Decimal:
        dc = self.benefits.dual_channel_drug
        rate_fig = dc.rare_rate if ev.rare_disease_drug else dc.rate
        rate = need(rate_fig, "benefits.dual_channel_drug." + ("rare_rate" if ev.rare_disease_drug else "rate"))
        citations = [self.year.cite(rate_fig, "罕见病药品支付比例" if ev.rare_disease_drug else "支付比例")]
        reduction = ZERO
        if ev.referral == "approved_out_of_city":
            reduction = need(dc.reduction_approved, "benefits.dual_channel_drug.reduction_approved")
            citations.append(self.year.cite(dc.reduction_approved, "市外转院(诊)降低"))
        elif ev.referral == "unapproved_out_of_city":
            reduction = need(dc.reduction_unapproved, "benefits.dual_channel_drug.reduction_unapproved")
            citations.append(self.year.cite(dc.reduction_unapproved, "未经审批市外转院(诊)降低"))
        effective = max(ZERO, rate - reduction)
        fund = to_money(ev.compliant_cost * effective)
        steps.append(
            Step(
                layer="basic_fund",
                text=(
                    f"{spec(ev.kind).label}({REFERRAL_LABELS[ev.referral]}):支付比例 {fmt_rate(rate)}"
                    + (f" − {fmt_points(reduction)}" if reduction else "")
                    + f",{fmt_yuan(ev.compliant_cost)} × {fmt_rate(effective)} = {fmt_yuan(fund)}(不计入35万元限额)"
                ),
                amount=fund,
                citations=tuple(citations),
            )
        )
        return fund

    def slip_citation(self) -> Citation:
        """What a settlement-slip amount rests on: the product's reading (解读:门诊特殊病按结算单录入),
        found through the figure that names it (the notices give no 门诊特殊病 ratio)."""
        fig = self.benefits.outpatient_special.ratio
        reading = self.year.policy.reading(fig.reading)
        if reading is None:
            return self.year.cite(fig, "结算单金额", "按医院结算单填写")
        return Citation(
            label="结算单金额",
            value="按医院结算单填写",
            status="interpretation",
            source=source_text(self.year.policy, fig),
            note=None,
            reading=reading.title,
            reading_text=reading.reading,
        )

    def slip_over_cap(self) -> Step | None:
        """The warning step when a slip amount has taken the capped basic fund past the annual cap."""
        cap_fig = self.benefits.inpatient.annual_cap
        if cap_fig.value is None:
            return None
        text = over_cap_text(self.year.ledgers.capped_fund_paid, cap_fig.value)
        if text is None:
            return None
        return Step(
            layer="basic_fund",
            text=text,
            amount=self.year.ledgers.capped_fund_paid,
            citations=(
                self.year.cite(cap_fig, "年度最高支付限额"),
                self.year.cite(self.benefits.inpatient.annual_cap_basis, "限额含义", "基金支付额上限"),
            ),
        )

    def rare_disease_remainder(self, ev: Event, steps: list[Step]) -> Decimal:
        steps.append(
            Step(
                layer="basic_fund",
                text="罕见病用药经省医保罕见病用药保障资金支付后的剩余费用:基本医保和大病保险不再支付,只计算医疗救助",
                amount=ZERO,
                citations=(
                    self.year.cite(self.benefits.medical_aid.rare_disease_remainder_rate, "罕见病剩余费用救助"),
                ),
            )
        )
        return ZERO

    def blood_slip_part(self, ev: Event, index: int, given: Decimal) -> Decimal:
        """The part of a blood cost insurance works on when the slip gives the fund's payment."""
        cost = ev.compliant_cost
        part = cost - to_money(
            cost * need(self.benefits.special_blood.self_pay_ratio, "benefits.special_blood.self_pay_ratio")
        )
        if given > part:
            raise InputProblem(
                f"events[{index}].basic_fund_paid",
                f"特殊用血的基本医保支付不能超过纳入医保范围的部分 {fmt_yuan(part)}",
            )
        return part


Pay = Callable[[BasicFund, Event, int, dt.date, list[Step]], tuple[Decimal, Decimal]]


def _whole_cost(basic: BasicFund, ev: Event, index: int, given: Decimal) -> Decimal:
    return ev.compliant_cost


def _moves_nothing(basic: BasicFund, ev: Event, given: Decimal) -> None:
    return None


def _admission(basic: BasicFund, ev: Event, given: Decimal) -> None:
    basic.year.ledgers = basic.year.ledgers.bump(admissions=basic.year.ledgers.admissions + 1)


def _general_outpatient_cost(basic: BasicFund, ev: Event, given: Decimal) -> None:
    basic.year.ledgers = basic.year.ledgers.bump(
        outpatient_general_cost=basic.year.ledgers.outpatient_general_cost + ev.compliant_cost
    )


def _chronic_paid(basic: BasicFund, ev: Event, given: Decimal) -> None:
    basic.year.ledgers = basic.year.ledgers.bump(chronic_fund_paid=basic.year.ledgers.chronic_fund_paid + given)


def _pku_paid(basic: BasicFund, ev: Event, given: Decimal) -> None:
    basic.year.ledgers = basic.year.ledgers.bump(pku_fund_paid=basic.year.ledgers.pku_fund_paid + given)


def _slip_required(basic: BasicFund, ev: Event, index: int, on: dt.date, steps: list[Step]) -> tuple[Decimal, Decimal]:
    """A kind the notices give no rate for: refused without the slip's amount (check_events refuses first)."""
    hints = spec(ev.kind).slip_required
    raise InputProblem(f"events[{index}].basic_fund_paid", hints.refusal if hints else "请照医院结算单填写")


@dataclass(frozen=True)
class Rule:
    """A kind's basic-fund rule."""

    #: (the fund's payment, the part of the cost the fund, 大病 and aid work on); appends its steps
    pay: Pay
    #: what a basic-fund amount taken from the settlement slip moves in the ledgers (as the rule would have)
    slip_moves: Callable[[BasicFund, Event, Decimal], None] = _moves_nothing
    #: the part of the cost the layers work on when the slip gives the fund's payment (checks it)
    slip_part: Callable[[BasicFund, Event, int, Decimal], Decimal] = _whole_cost


#: each kind's basic-fund rule (a test checks every kind of the table has one)
RULES: dict[EventKind, Rule] = {
    EventKind.INPATIENT: Rule(
        lambda basic, ev, i, on, steps: (basic.inpatient(ev, steps), ev.compliant_cost), slip_moves=_admission
    ),
    EventKind.OUTPATIENT_GENERAL: Rule(
        lambda basic, ev, i, on, steps: (basic.outpatient_general(ev, steps), ev.compliant_cost),
        slip_moves=_general_outpatient_cost,
    ),
    EventKind.OUTPATIENT_CHRONIC: Rule(
        lambda basic, ev, i, on, steps: (basic.chronic(ev, steps), ev.compliant_cost),
        slip_moves=_chronic_paid,
    ),
    EventKind.OUTPATIENT_SPECIAL: Rule(_slip_required),
    EventKind.DUAL_CHANNEL_DRUG: Rule(
        lambda basic, ev, i, on, steps: (basic.dual_channel_drug(ev, steps), ev.compliant_cost)
    ),
    EventKind.CHILDBIRTH: Rule(
        lambda basic, ev, i, on, steps: (basic.inpatient(ev, steps, childbirth=True), ev.compliant_cost),
        slip_moves=_admission,
    ),
    EventKind.PKU: Rule(
        lambda basic, ev, i, on, steps: (basic.pku(ev, i, on, steps), ev.compliant_cost),
        slip_moves=_pku_paid,
    ),
    EventKind.SPECIAL_BLOOD: Rule(
        lambda basic, ev, i, on, steps: basic.special_blood(ev, steps),
        slip_moves=_admission,
        slip_part=lambda basic, ev, i, given: basic.blood_slip_part(ev, i, given),
    ),
    EventKind.RARE_DISEASE_REMAINDER: Rule(
        lambda basic, ev, i, on, steps: (basic.rare_disease_remainder(ev, steps), ev.compliant_cost)
    ),
}
