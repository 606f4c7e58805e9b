"""The year driver: each event in date order through basic fund → 大病保险 → 医疗救助 → the
person, the ledgers carried from one event to the next."""

from __future__ import annotations

from desktop.core.care.basic_fund import RULES, BasicFund
from desktop.core.care.events import Event, Person, check_events
from desktop.core.care.kinds import spec
from desktop.core.care.ledgers import OVER_CAP_STATUS, EventResult, Layers, Ledgers, YearResult, over_cap_text
from desktop.core.care.upper_layers import UpperLayers
from desktop.core.explain import Step
from desktop.core.money import fmt_yuan
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.required import need


class _Year(BasicFund, UpperLayers):
    """One simulation: the basic-fund rules and the layers above them over one working state."""

    def run_event(self, index: int, ev: Event) -> EventResult:
        steps: list[Step] = []
        cost = ev.compliant_cost
        on = ev.date or need(self.p.enrolment.benefit_start, "enrolment.benefit_start")
        given = ev.basic_fund_paid
        # insured_part: the part of the cost that the fund, 大病 and aid work on

        rule = RULES[ev.kind]
        if given is not None:
            fund = given
            insured_part = rule.slip_part(self, ev, index, given)
            steps.append(
                Step(
                    layer="basic_fund",
                    text=f"基本医保支付按医院结算单填写的金额:{fmt_yuan(given)}(不按比例测算)",
                    amount=given,
                    citations=(self.slip_citation(),),
                )
            )
            rule.slip_moves(self, ev, given)
        else:
            fund, insured_part = rule.pay(self, ev, index, on, steps)

        if spec(ev.kind).capped:
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
