"""Newborns and contradictory waiting-period inputs (2025 通告 变化三: “除新生儿等特殊群体外”).

The notices exempt newborns from the waiting period but do not say from which day their cover
runs; the product's reading (waiting.NEWBORN_START_READING): from the day of birth, never before
the policy year's first benefit day. Whatever the rules, cover never starts before birth.
"""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.errors import InputProblem
from desktop.core.policy.loader import PolicySet
from desktop.core.waiting import WaitingInput, waiting_period


def run(policies: PolicySet, **kw):  # type: ignore[no-untyped-def]
    return waiting_period(policies[2025], WaitingInput(policy_year=2025, **kw))


def test_newborn_born_in_may_is_covered_from_birth_not_january(policies: PolicySet) -> None:
    # born 2025-05-10, paid 2025-06-01 (after the collection period): exempt, so 0 months;
    # cover from the birth date 2025-05-10 — not 2025-01-01, months before the child existed
    w = run(policies, payment_date=dt.date(2025, 6, 1), newborn=True, birth_date=dt.date(2025, 5, 10))
    assert w.waiting_months == 0 and w.benefit_start == dt.date(2025, 5, 10) and w.benefit_this_year
    assert any("解读" in s.text and "出生当日" in s.text for s in w.steps)


def test_newborn_born_before_the_year_starts_with_the_year(policies: PolicySet) -> None:
    # born 2024-11-03, paid 2024-12-01 inside the 2025 collection period: from 2025-01-01
    w = run(policies, payment_date=dt.date(2024, 12, 1), newborn=True, birth_date=dt.date(2024, 11, 3))
    assert w.benefit_start == dt.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("kw", "field", "words"),
    [
        ({"newborn": True, "years_broken": 2}, "years_broken", "新生儿"),
        ({"newborn": True, "years_repaid": 1}, "years_repaid", "新生儿"),
        ({"newborn": True, "birth_date": dt.date(2025, 6, 2)}, "birth_date", "晚于缴费日期"),
    ],
)
def test_contradictions_are_refused_at_their_field(policies: PolicySet, kw, field: str, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputProblem) as caught:
        run(policies, payment_date=dt.date(2025, 6, 1), **kw)
    assert caught.value.field == field and words in caught.value.message


def test_a_birth_date_never_moves_cover_earlier(policies: PolicySet) -> None:
    # paid 2024-12-20 in the collection period, continuous: from 2025-01-01 by the rules; a birth
    # date of 2024-12-15 (no newborn tick) is earlier than that, so the rules' date stands
    w = run(policies, payment_date=dt.date(2024, 12, 20), birth_date=dt.date(2024, 12, 15))
    assert w.benefit_start == dt.date(2025, 1, 1)


def test_the_newborn_start_rests_on_a_numbered_reading_that_says_so(policies: PolicySet) -> None:
    w = run(policies, payment_date=dt.date(2025, 6, 1), newborn=True, birth_date=dt.date(2025, 5, 10))
    step = next(s for s in w.steps if "出生当日" in s.text)
    cited = [c for c in step.citations if c.reading]
    assert cited and "出生当日起算" in (cited[0].reading_text or "")
    # the category prompt's age line is in the readings too: it is the product's, not the notice's
    prompt = next(r for r in policies[2025].readings if r.id == 14)
    assert "60是本工具的提示线,不是通知规定" in prompt.reading


# ---- issue 21 point 1: with no wait, cover starts at the payment, never before 1 January ----


def test_a_new_aid_recipient_paying_late_is_covered_from_the_payment_not_january(policies: PolicySet) -> None:
    # 2025, newly recognised aid recipient, paid 2025-07-20: exempt from the months (国办发〔2024〕38号),
    # but nothing covers anyone before paying except the newborn's 追溯报销 -> from 2025-07-20
    w = run(policies, payment_date=dt.date(2025, 7, 20), new_aid_recipient=True)
    assert (w.waiting_months, w.benefit_start) == (0, dt.date(2025, 7, 20))
    assert any("缴费之日 2025-07-20" in s.text for s in w.steps)


def test_a_newborn_without_a_birth_date_is_asked_for_it(policies: PolicySet) -> None:
    # not answered 2025-01-01, which would be before a child born in, say, March
    with pytest.raises(InputProblem) as caught:
        run(policies, payment_date=dt.date(2025, 3, 15), newborn=True)
    assert caught.value.field == "birth_date" and "出生日期" in caught.value.message


def test_the_checklist_asks_a_newborns_birth_date_before_any_date(policies: PolicySet) -> None:
    from desktop.core.checklist import ChecklistAnswers, build_checklist

    c = build_checklist(policies[2025], ChecklistAnswers(newborn=True))
    assert "出生日期" in c.section("timing").all_text() and c.benefit_start is None
    c = build_checklist(policies[2025], ChecklistAnswers(newborn=True, payment_date=dt.date(2025, 3, 15)))
    assert c.timing_problem is not None and c.timing_problem[0] == "birth_date" and c.benefit_start is None
    assert "2025-01-01 起享受" not in c.section("timing").all_text()
