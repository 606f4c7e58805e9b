"""高校大学生 enrol and pay through their college: their premium is shown apart from the counter's."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.policy.loader import PolicySet
from desktop.core.premium import Member, quote_household


def test_the_college_condition_and_the_school_payment_are_in_the_steps(policies: PolicySet) -> None:
    for year, colleges in ((2025, "本市各类全日制高等学校"), (2024, "在本市高等院校就读")):
        q = quote_household(
            policies[year],
            [
                Member(name="爸爸", category="elderly", district=None),
                Member(name="哥哥", category="college_student", district=None),
            ],
        )
        # 2025: 730 + 260 = 990, of which 260 through the college; 2024: 730 + 230 = 960, 230 through it
        school = Decimal("260.00") if year == 2025 else Decimal("230.00")
        assert (q.school_individual, q.counter_individual) == (school, Decimal("730.00"))
        assert colleges in q.school_condition and "学校统一收取" in q.school_condition
        texts = " ".join(s.text for s in q.steps)
        assert "不在本柜台缴纳" in texts and "哥哥" in texts
        cited = [c.value for s in q.steps for c in s.citations]
        assert any(colleges in v for v in cited)


def test_a_household_without_students_pays_everything_at_the_counter(policies: PolicySet) -> None:
    q = quote_household(policies[2025], [Member(category="minor", district=None)])
    assert (q.counter_individual, q.school_individual, q.school_condition) == (Decimal("390.00"), Decimal("0"), "")
