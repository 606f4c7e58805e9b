"""What each figure claims about its source: only what the notice text supports (issue 13, 1-6).

Each expectation is read from the notices: where the notice does not say it, the figure must not
be labelled as the notice's own words.
"""

from __future__ import annotations

import datetime as dt

from desktop.core.checklist import ChecklistAnswers, build_checklist
from desktop.core.policy import load_policies
from desktop.core.premium import Member, quote_member
from desktop.core.waiting import WaitingInput, waiting_period

P = load_policies()


def test_2024_family_relations_are_a_reading_of_the_2025_notice():
    # The 2024 notice says nothing of 家庭共济; "由原来的直系亲属…" is the 2025 notice's word.
    fig = P[2024].enrolment.family_relations
    assert fig.status == "interpretation"
    assert fig.reason and "2024年通知" in fig.reason


def test_2025_aid_exemption_is_a_reading_and_the_quote_says_so():
    # 2025 三: "符合免缴条件的困难群众…由政府全额承担" never says who meets 免缴条件.
    fig = P[2025].premiums.aid_exemption
    assert fig.status == "interpretation" and "免缴条件" in (fig.reason or "")
    # 2024 一(三) names 城乡困难群众医疗救助对象: its own words.
    assert P[2024].premiums.aid_exemption.status == "official"
    q = quote_member(P[2025], Member(name="甲", category="elderly", district="wujin", aid_status="other_aid"))
    (aid_step,) = [s for s in q.steps if "政府全额承担" in s.text]
    assert aid_step.citations[0].status == "interpretation"
    assert "免缴条件" in (aid_step.citations[0].note or "")


def test_2025_new_aid_recipients_exempt_from_waiting_only_by_the_national_document():
    w = P[2025].waiting
    assert w.exempt.status == "official" and tuple(w.exempt.value or ()) == ("newborn",)
    assert w.exempt_other is not None
    assert w.exempt_other.status == "outside_fact" and tuple(w.exempt_other.value or ()) == ("new_aid_recipient",)
    assert "国办发〔2024〕38号" in (w.exempt_other.outside_source or "")
    # the calculation still exempts them, and says on what
    r = waiting_period(
        P[2025], WaitingInput(policy_year=2025, payment_date=dt.date(2025, 3, 15), new_aid_recipient=True)
    )
    assert r.waiting_months == 0
    cites = [c for s in r.steps for c in s.citations if c.status == "outside_fact"]
    assert any("国办发〔2024〕38号" in c.source for c in cites)


def test_2025_break_rules_carry_the_national_principle_caveat():
    w = P[2025].waiting
    for fig in (w.per_year_broken_months, w.repair_months_per_year, w.long_break_years, w.long_break_min_months):
        assert fig is not None
        assert fig.status != "official"
        assert "原则上" in (fig.reason or "") and "各省份" in (fig.reason or "")
    r = waiting_period(
        P[2025], WaitingInput(policy_year=2025, payment_date=dt.date(2025, 3, 15), years_broken=2, years_repaid=1)
    )
    notes = " ".join(c.note or "" for s in r.steps for c in s.citations)
    assert "原则上" in notes and "各省份" in notes
    warnings = "\n".join(i.text for i in build_checklist(P[2025], ChecklistAnswers()).section("warnings").items)
    assert "原则上" in warnings


def test_2025_debit_date_is_the_first_batch_debit():
    # 2025 五(一)4: "11 月 15 日前(税务部门首次批量扣费日)"
    assert "首次批量扣费日" in P[2025].enrolment.debit_dates_label
    pay = "\n".join(i.text for i in build_checklist(P[2025], ChecklistAnswers()).section("payment").items)
    assert "首次批量扣费日" in pay and "2024-11-15" in pay
    assert "批量扣款日:2024-11-15" not in pay


def test_2024_chronic_primary_rate_is_a_reading():
    # 2024 二(二)3: the column is "社区卫生服务机构"; the 基层 definition sits under the general table only.
    fig = P[2024].benefits.outpatient_chronic.rate_primary
    assert fig.status == "interpretation" and "社区卫生服务机构" in (fig.reason or "")
    # 2025 restates 基层 under its chronic table: stays official.
    assert P[2025].benefits.outpatient_chronic.rate_primary.status == "official"
