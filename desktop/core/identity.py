"""Resident ID numbers (GB 11643), eligibility groups and a suggested category.

The suggestion is never a decision: the notices give no age line for 老年居民 (the readings: 解读:参保类别由工作人员确认),
so the clerk confirms every category.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from desktop.core.explain import Step, cite
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import Category
from desktop.core.premium import CATEGORY_LABELS, ELDERLY_PROMPT_AGE

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


def normalise_id(raw: str) -> str:
    """What the clerk meant: full-width digits and Ｘ (a Chinese input method types them),
    spaces of any width and a lower-case x are all the same number."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split()).upper()


_CHECK_HINT = "请核对身份证号码是否抄错"


def parse_id(raw: str, today: dt.date | None = None) -> IdInfo:
    """The number's parts, or IdNumberError naming the rule it breaks, in words a clerk can act on
    (which position holds what; never the whole number)."""
    number = normalise_id(raw)
    if not number:
        raise IdNumberError("请填写身份证号")
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为18位,现在是{len(number)}位;{_CHECK_HINT}(是否多输或漏输了一位)")
    for position, ch in enumerate(number[:17], 1):
        if not ("0" <= ch <= "9"):
            raise IdNumberError(f"身份证号第{position}位是“{ch}”,前17位只能是数字0-9;{_CHECK_HINT}")
    if not ("0" <= number[17] <= "9" or number[17] == "X"):
        raise IdNumberError(f"身份证号最后一位是“{number[17]}”,只能是数字或X;{_CHECK_HINT}")
    digits = number[6:14]
    shown = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    try:
        birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdNumberError(f"身份证号第7-14位是出生日期,{shown} 这一天不存在;{_CHECK_HINT}") from None
    if birth.year < 1900 or (today is not None and birth > today):
        raise IdNumberError(f"身份证号第7-14位是出生日期,{shown} 不合理(早于1900年或晚于今天);{_CHECK_HINT}")
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"身份证号的校验位(第18位)与前17位对不上,可能有一位抄错或两位颠倒;{_CHECK_HINT}")
    return IdInfo(number, birth, "男" if int(number[16]) % 2 else "女", number[:6])


def mask_id(number: str | None) -> str:
    """Show the first 6 and last 4 characters only, as slips and exports print it."""
    if not number:
        return ""
    n = number.strip()
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


# An 18- or 15-digit run (full-width digits too) not inside a longer one: anything that may be
# an ID number, checked or not, is masked wherever a message or a cell quotes text.
_ID_IN_TEXT = re.compile(r"(?<![0-9０-９])[0-9０-９]{15}(?:[0-9０-９]{2}[0-9０-９XxＸｘ])?(?![0-9０-９XxＸｘ])")


def mask_ids_in_text(text: str) -> str:
    """``text`` with every run that looks like an ID number masked as slips mask it."""
    return _ID_IN_TEXT.sub(lambda m: mask_id(m.group()), text)


def looks_like_id(text: str) -> bool:
    return _ID_IN_TEXT.search(text) is not None


#: The product's prompt line for 未成年居民: no notice defines the category by age (the 2025 notice
#: writes “18 周岁以下” only for the non-local minors who may enrol; reading 14)
MINOR_AGE_LIMIT = 18


def age_in_policy_year(birth: dt.date, year: int) -> int:
    """Whole years of age on 1 January of the policy year (the first day of the benefit period);
    a baby born during the year counts as 0."""
    return max(age_on(birth, dt.date(year, 1, 1)), 0)


def age_rule_text(year: int) -> str:
    """The age check, in words: printed in the roster export, shown in the window, used by the CLI."""
    return (
        f"年龄按身份证上的出生日期算到{year}年1月1日(待遇期第一天),保费测算页同此规则。"
        f"18周岁是本程序的提示线(通知没有按年龄界定“未成年居民”,2025年通告只在外地户籍未成年人的参保条件里写了“18周岁以下”):"
        f"登记为“未成年居民”但已满18周岁,或未满18周岁却登记为“老年居民”“非从业居民”,列为问题行;"
        f"{year}年内出生的新生儿按未满18周岁看待。通知没有规定“老年居民”的年龄线,"
        f"“高校大学生”也没有年龄限制,这两类不按年龄判断,由经办人核实;"
        f"满{ELDERLY_PROMPT_AGE}周岁登记为“非从业居民”且两类缴费不同的,在核对结果中提示(不算问题行)。"
    )


def category_age_problem(category: Category, birth: dt.date, year: int) -> str | None:
    """The one age rule of the roster and the CLI: why the category cannot be the person's, or None."""
    age = age_in_policy_year(birth, year)
    if category == "minor" and age >= MINOR_AGE_LIMIT:
        return f"登记为“未成年居民”,但到{year}年1月1日已满{age}周岁(本程序以满18周岁为提示线,请核实)"
    if category in ("elderly", "non_employed") and age < MINOR_AGE_LIMIT:
        shown = "不满1" if age < 1 else str(age)
        return f"登记为“{CATEGORY_LABELS[category]}”,但到{year}年1月1日{shown}周岁,未满18周岁应按“未成年居民”参保"
    return None


def age_rule_line(policy_year: int) -> str:
    """The age rule in one line, as the 保费测算 tab says it under the household."""
    return f"年龄一律算到{policy_year}年1月1日(待遇享受期第一天),{policy_year}年内出生按0岁"


def age_phrase(birth: dt.date, policy_year: int) -> str:
    """“到2025年1月1日76周岁” (or “2025年内出生”)."""
    if birth >= dt.date(policy_year, 1, 1):
        return f"{policy_year}年内出生"
    return f"到{policy_year}年1月1日{age_in_policy_year(birth, policy_year)}周岁"


@dataclass(frozen=True)
class CategorySuggestion:
    category: Category | None
    confirmed: bool
    reason: str


def suggest_category(info: IdInfo, policy_year: int, *, college_student: bool = False) -> CategorySuggestion | None:
    """A starting point from the age (:func:`age_in_policy_year`); always unconfirmed, the clerk decides.

    None when the age says nothing useful (an adult under the elderly prompt line: 非从业居民 or a
    category the clerk knows from the person's registration).
    """
    age = age_in_policy_year(info.birth_date, policy_year)
    when = age_phrase(info.birth_date, policy_year)
    if college_student:
        return CategorySuggestion("college_student", False, f"{when},在常高校在校学生 → 建议“高校大学生”,请核实学籍")
    if age < MINOR_AGE_LIMIT:
        return CategorySuggestion("minor", False, f"{when},未满18周岁 → 建议“未成年居民”,请核实")
    if age >= ELDERLY_PROMPT_AGE:
        return CategorySuggestion(
            "elderly",
            False,
            f"{when}:可能属于“老年居民”。通知未规定“老年居民”的年龄线,"
            f"本程序从{ELDERLY_PROMPT_AGE}周岁起提示,请按参保登记身份核实",
        )
    return None


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
