"""Eligibility groups, 家庭共济 and the waiting period, year by year as the notices word them."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.errors import InputProblem
from desktop.core.family import family_payment_check
from desktop.core.identity import check_eligibility
from desktop.core.policy import load_policies
from desktop.core.waiting import WaitingInput, waiting_period

P = load_policies()


def test_non_local_child_2024_needs_a_parent_in_employee_insurance():
    # 2024 须知 一(二)5: 入学前来常儿童, parent insured 12 months; 2025 通告 一 第5项: any minor with a permit
    child = {"residence_permit": True, "preschool": True}
    assert not check_eligibility(P[2024], child, age=4).eligible
    assert check_eligibility(P[2024], {**child, "parent_employee_insured_12m": True}, age=4).groups == (
        "nonlocal_preschool_child",
    )
    assert check_eligibility(P[2025], child, age=4).groups == ("nonlocal_minor",)
    assert not check_eligibility(P[2025], {**child, "insured_elsewhere": True}, age=4).eligible
    assert not check_eligibility(P[2025], {"residence_permit": True}, age=18).eligible


def test_employee_insured_people_are_outside_the_scheme():
    result = check_eligibility(P[2025], {"huji": True, "employee_insured": True}, age=40)
    assert not result.eligible and "职工医保" in result.steps[0].text


def test_residence_permit_needs_earlier_enrolment_here():
    assert not check_eligibility(P[2025], {"residence_permit": True}, age=40).eligible
    ok = check_eligibility(P[2025], {"residence_permit": True, "previously_insured_here": True}, age=40)
    assert ok.groups == ("residence_permit",)


@pytest.mark.parametrize(
    ("year", "relation", "allowed"),
    [
        (2024, "spouse", True),
        (2024, "parent", True),
        (2024, "child", True),
        (2024, "sibling", False),
        (2024, "maternal_grandparent", False),
        (2025, "sibling", True),
        (2025, "grandparent", True),
        (2025, "maternal_grandchild", True),
    ],
)
def test_family_mutual_aid_relatives(year, relation, allowed):
    assert family_payment_check(P[year], relation, payer_in_jiangsu_employee=True).allowed is allowed


def test_family_payer_must_be_in_jiangsu_employee_insurance():
    assert not family_payment_check(P[2025], "spouse", payer_in_jiangsu_employee=False).allowed


def test_2025_family_payment_warns_about_the_first_debit_date():
    check = family_payment_check(P[2025], "child", payer_in_jiangsu_employee=True)
    assert any("11月15日" in s.text for s in check.steps)


def _wait(year: int, paid: str, **kw):  # type: ignore[no-untyped-def]
    return waiting_period(P[year], WaitingInput(policy_year=year, payment_date=dt.date.fromisoformat(paid), **kw))


def test_domain_waiting_examples():
    # reading 12: 2025-03-15, broke 2, repaid 1 → 3 + (2 - 1) = 4 months, March..June → 2025-07-01
    r = _wait(2025, "2025-03-15", years_broken=2, years_repaid=1)
    assert (r.waiting_months, r.benefit_start) == (4, dt.date(2025, 7, 1))
    # 2024-11-20 inside the collection period after a 2-year break: 3 + 2 = 5, Jan..May → 2025-06-01
    r = _wait(2025, "2024-11-20", years_broken=2)
    assert (r.waiting_months, r.benefit_start, r.in_collection_period) == (5, dt.date(2025, 6, 1), True)
    # 2024: paid 2024-03-15 → March and April → 2024-05-01
    assert _wait(2024, "2024-03-15").benefit_start == dt.date(2024, 5, 1)


def test_long_break_waits_at_least_six_months():
    # broke 5 years, repaid all 5: 3 + 0 = 3, but 5 ≥ 4 years → at least 6: Feb..Jul → 2025-08-01
    r = _wait(2025, "2025-02-10", years_broken=5, years_repaid=5)
    assert (r.waiting_months, r.benefit_start) == (6, dt.date(2025, 8, 1))


def test_late_payment_near_year_end_gets_nothing_this_year():
    # 2025-11-10, continuous: 3 months Nov, Dec, Jan → 2026-02-01, after the benefit period
    r = _wait(2025, "2025-11-10")
    assert r.benefit_start == dt.date(2026, 2, 1) and not r.benefit_this_year


def test_newborn_is_exempt_and_payment_outside_the_year_is_refused():
    # born 2025-05-20, paid 2025-06-01: exempt, 0 months, from the birth date
    born = dt.date(2025, 5, 20)
    assert (_wait(2025, "2025-06-01", newborn=True, birth_date=born).waiting_months) == 0
    with pytest.raises(InputProblem) as info:
        _wait(2025, "2024-09-30")
    assert info.value.field == "payment_date"
