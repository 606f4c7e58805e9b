"""Resident ID numbers (GB 11643), eligibility groups and a suggested category.

The suggestion is never a decision: the notices give no age line for 老年居民 (DOMAIN reading 14),
so the clerk confirms every category.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.explain import Step, cite
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import Category

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


class IdNumberError(ValueError):
    """The ID number is malformed; the message is Chinese and says what is wrong."""


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    sex: str  # "男" / "女"
    region_code: str

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` (a birthday counts on the day itself)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def parse_id(raw: str, today: dt.date | None = None) -> IdInfo:
    number = raw.strip().replace(" ", "").upper()
    if not number:
        raise IdNumberError("请填写身份证号")
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为18位,现在是{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("身份证号前17位应为数字,最后一位为数字或X")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期 {number[6:14]} 不是有效日期") from None
    if birth.year < 1900 or (today is not None and birth > today):
        raise IdNumberError(f"身份证号中的出生日期 {birth:%Y-%m-%d} 不合理")
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError("身份证号校验位不对,请逐位核对(可能有一位输错)")
    return IdInfo(number, birth, "男" if int(number[16]) % 2 else "女", number[:6])


def mask_id(number: str | None) -> str:
    """Show the first 6 and last 4 characters only, as slips and exports print it."""
    if not number:
        return ""
    n = number.strip()
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


@dataclass(frozen=True)
class CategorySuggestion:
    category: Category | None
    confirmed: bool
    reason: str


def suggest_category(info: IdInfo, on: dt.date, *, college_student: bool = False) -> CategorySuggestion:
    """A starting point from the age on ``on``; always unconfirmed, the clerk decides."""
    age = info.age_on(on)
    if college_student:
        return CategorySuggestion("college_student", False, f"{age}岁,在常高校在校学生 → 建议“高校大学生”,请核实学籍")
    if age < 18:
        return CategorySuggestion("minor", False, f"{age}岁,未满18周岁 → 建议“未成年居民”,请核实")
    return CategorySuggestion(
        None,
        False,
        f"{age}岁:通知未规定“老年居民”的年龄线,请按参保登记身份选择“老年居民”或“非从业居民”",
    )


FACT_LABELS: dict[str, str] = {
    "huji": "有本市户籍",
    "residence_permit": "持有本市有效居住证",
    "previously_insured_here": "以前参加过本市基本医保",
    "college_student_here": "本市高校在校学生",
    "school_student_here": "本市中小学/职业院校在校学生",
    "preschool": "入学前儿童",
    "parent_employee_insured_12m": "父母一方参加本市职工医保且缴费满12个月",
    "insured_elsewhere": "已参加其他地区基本医保或长护险",
    "hmt_permit_unemployed": "持港澳台居民居住证且未就业",
    "employee_insured": "属于职工医保覆盖范围(在职工医保参保)",
}


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    groups: tuple[str, ...]
    steps: tuple[Step, ...]
    missing: tuple[str, ...] = ()


def check_eligibility(policy: PolicyYear, facts: dict[str, bool], age: int | None = None) -> Eligibility:
    """Which 参保对象 groups of the year the facts meet. Unknown facts count as not met."""
    enr = policy.enrolment
    steps: list[Step] = []
    for fact, wanted in enr.scope_requires.items():
        if facts.get(fact, False) != wanted:
            steps.append(
                Step(
                    layer="eligibility",
                    text=f"不符合:{FACT_LABELS.get(fact, fact)} —— 居民医保只面向职工医保覆盖范围以外的城乡居民",
                    citations=(cite(policy, enr.scope, "参保对象范围", "职工医保覆盖范围以外"),),
                )
            )
            return Eligibility(False, (), tuple(steps))
    matched: list[str] = []
    for group in enr.eligibility_groups:
        ok = all(facts.get(f, False) == want for f, want in group.requires.items())
        if ok and group.max_age is not None:
            ok = age is not None and age <= group.max_age
        if ok:
            matched.append(group.id)
            steps.append(
                Step(
                    layer="eligibility",
                    text=f"符合参保对象:{group.label}",
                    citations=(cite(policy, enr.scope, "参保对象范围", group.label),),
                )
            )
    if not matched:
        steps.append(
            Step(
                layer="eligibility",
                text=f"按所答情况不属于{policy.policy_year}年度通知列出的任何一类参保对象,请核实户籍、居住证、学籍等情况",
                citations=(cite(policy, enr.scope, "参保对象范围"),),
            )
        )
    return Eligibility(bool(matched), tuple(matched), tuple(steps))
