"""Settlement-slip amounts (结算单上的基本医保支付): kept as the hospital paid them, cited on the
product's reading 8 (解读:门诊特殊病按结算单录入), and a year whose basic fund a slip amount takes
past the 35万 annual cap says so (issue 21 points 3 and 16)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.care import Event, Person, simulate_year
from desktop.core.policy.loader import PolicySet

D = Decimal


def _year(policies: PolicySet, slip: str):  # type: ignore[no-untyped-def]
    # 2025, 老年居民 (adult column). Event 1, 2025-03-01, 一级 hospital, 20,000 computed by the table:
    # (20,000 − 400 起付线) × 90% = 17,640.00 (居民医保政策介绍 一、住院待遇 表, carried into 2025).
    # Event 2, 2025-06-01, 三级, 400,000 with the slip's basic-fund amount ``slip``.
    events = [
        Event(date=dt.date(2025, 3, 1), kind="inpatient", compliant_cost=D("20000"), hospital_level=1),
        Event(
            date=dt.date(2025, 6, 1),
            kind="inpatient",
            compliant_cost=D("400000"),
            hospital_level=3,
            basic_fund_paid=D(slip),
        ),
    ]
    return simulate_year(policies[2025], Person(category="elderly"), events)


def test_a_slip_amount_past_the_annual_cap_is_kept_and_said(policies: PolicySet) -> None:
    r = _year(policies, "350000")
    # the slip amount stands: 350,000.00 is what the hospital paid
    assert r.events[1].layers.basic_fund == D("350000.00")
    # 17,640.00 + 350,000.00 = 367,640.00 > 350,000.00 by 17,640.00
    assert r.ledgers.capped_fund_paid == D("367640.00")
    assert r.warnings and "367,640.00 元" in r.warnings[0] and "17,640.00 元" in r.warnings[0]
    assert "请核对结算单金额" in r.warnings[0]
    event_texts = [s.text for s in r.events[1].steps]
    assert any("已超过年度最高支付限额 350,000.00 元" in t for t in event_texts)
    assert any("请核对结算单金额" in s.text for s in r.steps)  # the year's steps (on the slip) too


def test_a_slip_amount_within_the_cap_says_nothing(policies: PolicySet) -> None:
    # 17,640.00 + 332,360.00 = 350,000.00: exactly the cap, not past it
    r = _year(policies, "332360")
    assert r.ledgers.capped_fund_paid == D("350000.00") and r.warnings == ()
    assert not any("超过年度最高支付限额" in s.text for e in r.events for s in e.steps)


def test_the_slip_amount_step_cites_reading_8(policies: PolicySet) -> None:
    for year in (2024, 2025):
        ev = Event(kind="outpatient_special", compliant_cost=D("5000"), basic_fund_paid=D("3000"))
        r = simulate_year(policies[year], Person(category="elderly"), [ev])
        step = next(s for s in r.events[0].steps if "结算单" in s.text)
        titles = [c.reading for c in step.citations]
        assert "解读:门诊特殊病按结算单录入" in titles
        assert all(c.status_label == "解读" for c in step.citations if c.reading)


def test_the_cli_answer_carries_the_warning(policies: PolicySet) -> None:
    from desktop.cli.calculate import simulation_json

    out = simulation_json(_year(policies, "350000"))
    assert out["warnings"] and "请核对结算单金额" in out["warnings"][0]
