"""The layers above the basic fund: 大病保险 on the year's cumulative base, then 医疗救助 on what
is left, each within its yearly cap."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.care.events import Event
from desktop.core.care.kinds import AID_CAP, AID_LEDGER, spec
from desktop.core.care.state import YearSoFar, band_payment, money_range
from desktop.core.explain import Step
from desktop.core.money import ZERO, fmt_rate, fmt_yuan, to_money
from desktop.core.policy.required import need


class CriticalIllness:
    """大病保险 for one event, on the part of its cost the basic fund left, over the year's base."""

    def __init__(self, year: YearSoFar):
        self.year = year

    def pay(self, ev: Event, increment: Decimal, steps: list[Step]) -> Decimal:
        ci = self.year.policy.benefits.critical_illness
        if not spec(ev.kind).critical_illness:
            return ZERO
        increment = max(ZERO, increment)
        poor = self.year.person.aid_status != "none"
        fig = ci.poor_bands if poor else ci.regular_bands
        before = self.year.ledgers.critical_base
        after = before + increment
        slices = band_payment(
            before, after, need(fig, "benefits.critical_illness." + ("poor_bands" if poor else "regular_bands"))
        )
        pay = to_money(sum((s * band.rate for band, s in slices), ZERO))
        table = "城乡困难群众" if poor else "一般参保人员"
        detail = ";".join(
            f"{fmt_yuan(s)}在 {money_range(band.lower, band.upper)} 段 × {fmt_rate(band.rate)}" for band, s in slices
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
                    self.year.cite(fig, "大病保险分段"),
                    self.year.cite(ci.base_reading, "计算基数"),
                    self.year.cite(ci.cap, "最高限额"),
                ),
            )
        )
        self.year.ledgers = self.year.ledgers.bump(
            critical_base=after, critical_paid=self.year.ledgers.critical_paid + pay
        )
        return pay


class MedicalAid:
    """医疗救助 for one event, on what the person still bears, within the bucket's yearly cap."""

    def __init__(self, year: YearSoFar):
        self.year = year

    def pay(self, ev: Event, remainder: Decimal, steps: list[Step]) -> Decimal:
        ma = self.year.policy.benefits.medical_aid
        status = self.year.person.aid_status
        if status == "none":
            return ZERO
        row = spec(ev.kind)
        if row.aid_bucket is None:
            steps.append(
                Step(
                    layer="medical_aid",
                    text=f"医疗救助表未列{row.label},不计算救助",
                    amount=ZERO,
                    citations=(self.year.cite(getattr(ma, row.aid_note), "说明"),) if row.aid_note else (),
                )
            )
            return ZERO
        remainder = max(ZERO, remainder)
        if row.aid_rate is not None:
            rate_fig, rate_path = getattr(ma, row.aid_rate), f"benefits.medical_aid.{row.aid_rate}"
        else:
            rate_fig, rate_path = ma.rates[status], f"benefits.medical_aid.rates.{status}"
        rate = need(rate_fig, rate_path)
        cap_name, key = AID_CAP[row.aid_bucket], AID_LEDGER[row.aid_bucket]
        cap_fig, paid = getattr(ma, cap_name), getattr(self.year.ledgers, key)
        cap = need(cap_fig, f"benefits.medical_aid.{cap_name}")
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
                    self.year.cite(rate_fig, "救助比例"),
                    self.year.cite(cap_fig, "年度救助限额"),
                    self.year.cite(ma.base_reading, "救助基数"),
                ),
            )
        )
        self.year.ledgers = self.year.ledgers.bump(**{key: paid + pay})
        return pay
