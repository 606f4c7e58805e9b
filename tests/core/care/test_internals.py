"""The shortcuts the chain takes for speed give exactly what the plain way gives."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from desktop.core.care import Ledgers
from desktop.core.explain import _make_citation, cite
from desktop.core.policy import load_policies

POLICIES = load_policies()


def test_bump_is_replace_and_leaves_the_original_alone() -> None:
    start = Ledgers(capped_fund_paid=Decimal("100.00"), admissions=1)
    bumped = start.bump(capped_fund_paid=Decimal("250.50"), admissions=2)
    assert bumped == dataclasses.replace(start, capped_fund_paid=Decimal("250.50"), admissions=2)
    assert bumped.capped_fund_paid == Decimal("250.50") and bumped.admissions == 2
    assert start.capped_fund_paid == Decimal("100.00") and start.admissions == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        bumped.admissions = 3  # type: ignore[misc]
    with pytest.raises(TypeError, match="no_such_ledger"):
        start.bump(no_such_ledger=Decimal(1))


def test_citations_are_remembered_per_policy_year() -> None:
    for year in (2024, 2025):
        policy = POLICIES[year]
        cap = policy.benefits.inpatient.annual_cap
        first = cite(policy, cap, "年度最高支付限额")
        assert cite(policy, cap, "年度最高支付限额") is first
        assert first == _make_citation(policy, cap, "年度最高支付限额", None)
        # a different label or value is a different citation, not the remembered one
        assert cite(policy, cap, "限额").label == "限额"
        assert cite(policy, cap, "年度最高支付限额", "35万元").value == "35万元"
    # the same figure in the two years is cited as each year has it: 2025's notice does not
    # restate the inpatient table, so its cap is carried over from 2024 (reading 2 (政策 tab 解读))
    a = cite(POLICIES[2024], POLICIES[2024].benefits.inpatient.annual_cap, "年度最高支付限额")
    b = cite(POLICIES[2025], POLICIES[2025].benefits.inpatient.annual_cap, "年度最高支付限额")
    assert (a.status, b.status) == ("official", "carried_over")
    assert b.note is not None and "2024" in b.note


def test_chronic_outpatient_facilities_are_named_as_the_notice_names_them(policies) -> None:  # type: ignore[no-untyped-def]
    """门诊慢性病 2.3 表 columns: 社区卫生服务机构 / 其他定点医疗机构单位 (not 基层/二级以上)."""
    import datetime as dt

    from desktop.core.care import Event, Person, facility_labels, simulate_year

    assert facility_labels("outpatient_chronic") == {
        "primary": "社区卫生服务机构(基层)",
        "secondary_plus": "其他定点医疗机构单位",
    }
    assert facility_labels("outpatient_general")["primary"] == "基层医疗机构"
    event = Event(date=dt.date(2025, 3, 1), kind="outpatient_chronic", facility="secondary_plus", compliant_cost=1000)
    result = simulate_year(policies[2025], Person(category="elderly"), [event])
    texts = " ".join(s.text for e in result.events for s in e.steps)
    assert "其他定点医疗机构单位" in texts and "二级以上" not in texts
