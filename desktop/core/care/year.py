"""The year driver: each event in date order through basic fund → 大病保险 → 医疗救助 → the
person, the ledgers carried from one event to the next."""

from __future__ import annotations

from desktop.core.care.basic_fund import BasicFund
from desktop.core.care.events import CAPPED, SPECIAL_NEEDS_SLIP, Event, Person, check_events
from desktop.core.care.ledgers import OVER_CAP_STATUS, EventResult, Layers, Ledgers, YearResult, over_cap_text
from desktop.core.care.upper_layers import UpperLayers
from desktop.core.errors import InputProblem
from desktop.core.explain import Step
from desktop.core.money import ZERO, fmt_yuan, to_money
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.required import need


class _Year(BasicFund, UpperLayers):
    """One simulation: the basic-fund rules and the layers above them over one working state."""

    def run_event(self, index: int, ev: Event) -> EventResult:
        steps: list[Step] = []
        cost = ev.compliant_cost
        on = ev.date or need(self.p.enrolment.benefit_start, "enrolment.benefit_start")
        insured_part = cost  # the part of the cost that the fund, 大病 and aid work on
        given = ev.basic_fund_paid

        if given is not None:
            fund = given
            if ev.kind == "special_blood":
                insured_part = cost - to_money(
                    cost * need(self.b.special_blood.self_pay_ratio, "benefits.special_blood.self_pay_ratio")
                )
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
                    citations=(self.slip_citation(),),
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
            raise InputProblem(f"events[{index}].basic_fund_paid", SPECIAL_NEEDS_SLIP)

        if ev.kind in CAPPED:
            self.led = self.led.bump(capped_fund_paid=self.led.capped_fund_paid + fund)
            if given is not None:
                warning = self.slip_over_cap()
                if warning is not None:
                    steps.append(warning)

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


def simulate_year(
    policy: PolicyYear,
    person: Person,
    events: list[Event] | tuple[Event, ...],
    opening: Ledgers | None = None,
) -> YearResult:
    check_events(policy, events, person)
    first_day = need(policy.enrolment.benefit_start, "enrolment.benefit_start")
    order = sorted(range(len(events)), key=lambda i: (events[i].date or first_day, i))
    start = opening or Ledgers()
    year = _Year(policy, person, start)
    results = tuple(year.run_event(i, events[i]) for i in order)
    totals = sum((r.layers for r in results), Layers())
    cap = policy.benefits.inpatient.annual_cap.value
    over = over_cap_text(year.led.capped_fund_paid, cap) if cap is not None else None
    steps = (
        *((Step(layer="total", text=over, amount=year.led.capped_fund_paid),) if over else ()),
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
        annual_cap=cap,
        warnings=(over,) if over else (),
        status_warnings=(OVER_CAP_STATUS,) if over else (),
    )
