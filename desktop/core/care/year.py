"""The year driver: each event in date order through basic fund → 大病保险 → 医疗救助 → the
person, the ledgers carried from one event to the next."""

from __future__ import annotations

from desktop.core.care.basic_fund import RULES, BasicFund
from desktop.core.care.events import Event, Person, check_events
from desktop.core.care.kinds import spec
from desktop.core.care.ledgers import OVER_CAP_STATUS, EventResult, Layers, Ledgers, YearResult, over_cap_text
from desktop.core.care.state import YearSoFar
from desktop.core.care.upper_layers import CriticalIllness, MedicalAid
from desktop.core.explain import Step
from desktop.core.money import fmt_yuan
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.required import need


class YearOfCare:
    """One simulation: the year so far, and the layers that pay each event over it in turn."""

    def __init__(self, policy: PolicyYear, person: Person, opening: Ledgers):
        self.year = YearSoFar(policy, person, opening)
        self.basic_fund = BasicFund(self.year)
        self.critical_illness = CriticalIllness(self.year)
        self.medical_aid = MedicalAid(self.year)

    def run_event(self, index: int, ev: Event) -> EventResult:
        """``ev`` (the ``index``-th as entered) through basic fund → 大病保险 → 医疗救助 → the person."""
        steps: list[Step] = []
        cost = ev.compliant_cost
        on = ev.date or need(self.year.policy.enrolment.benefit_start, "enrolment.benefit_start")
        given = ev.basic_fund_paid
        # insured_part: the part of the cost that the fund, 大病 and aid work on

        rule = RULES[ev.kind]
        if given is not None:
            fund = given
            insured_part = rule.slip_part(self.basic_fund, ev, index, given)
            steps.append(
                Step(
                    layer="basic_fund",
                    text=f"基本医保支付按医院结算单填写的金额:{fmt_yuan(given)}(不按比例测算)",
                    amount=given,
                    citations=(self.basic_fund.slip_citation(),),
                )
            )
            rule.slip_moves(self.basic_fund, ev, given)
        else:
            fund, insured_part = rule.pay(self.basic_fund, ev, index, on, steps)

        if spec(ev.kind).capped:
            ledgers = self.year.ledgers
            self.year.ledgers = ledgers.bump(capped_fund_paid=ledgers.capped_fund_paid + fund)
            if given is not None:
                warning = self.basic_fund.slip_over_cap()
                if warning is not None:
                    steps.append(warning)

        critical = self.critical_illness.pay(ev, insured_part - fund, steps)
        aid = self.medical_aid.pay(ev, insured_part - fund - critical, steps)
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
        return EventResult(index, ev, layers, tuple(steps), self.year.ledgers)


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
    care = YearOfCare(policy, person, start)
    results = tuple(care.run_event(i, events[i]) for i in order)
    end = care.year.ledgers
    totals = sum((r.layers for r in results), Layers())
    cap = policy.benefits.inpatient.annual_cap.value
    over = over_cap_text(end.capped_fund_paid, cap) if cap is not None else None
    steps = (
        *((Step(layer="total", text=over, amount=end.capped_fund_paid),) if over else ()),
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
        ledgers=end,
        steps=steps,
        annual_cap=cap,
        warnings=(over,) if over else (),
        status_warnings=(OVER_CAP_STATUS,) if over else (),
    )
