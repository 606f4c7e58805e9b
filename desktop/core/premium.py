"""Household premium quote: what each member and the household pay, with the full split."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop.core.explain import Step, cite
from desktop.core.money import ZERO, fmt_yuan, to_money
from desktop.core.policy.frozen import MoneyFig, PolicyYear
from desktop.core.policy.kinds import AidStatus, Category, District
from desktop.core.policy.names import category_label, district_ids, district_name, unknown_district
from desktop.core.policy.required import need

#: The categories' names for the places that have no policy year at hand (the estimate and
#: simulation tabs' lists, the ID checks' messages). Where a year is at hand its own names are used
#: (premiums.categories.<id>.label, desktop/core/policy/names.py); the districts are the year's only.
CATEGORY_LABELS: dict[str, str] = {
    "elderly": "老年居民",
    "minor": "未成年居民",
    "college_student": "高校大学生",
    "non_employed": "非从业居民",
}
AID_LABELS: dict[str, str] = {
    "none": "非救助对象",
    "extreme_poverty": "特困供养人员/孤儿/事实无人抚养儿童",
    "other_aid": "其他救助对象",  # the notices' own words: neither names 低保 or 低保边缘
}
#: The notices give no age line for 老年居民 (the reading 解读:参保类别由工作人员确认). From this age the product PROMPTS
#: the clerk that the person may be 老年居民 (never decides it): the product's own line, not the notice's.
#: Here, with the categories, so the ID checks (identity.py) and the quote's prompt share it without a circle.
ELDERLY_PROMPT_AGE = 60


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    """One person to quote. Made from input already checked where it was typed or read (the CLI's
    request model, the roster's row checks, the window's lists), so this holds no checks itself."""

    name: str = ""  # 姓名
    category: Category  # 参保类别
    # 所在区(市); None only for a category whose figures are the same in every district (the
    # CLI lets a tester leave it out for elderly/minor/college_student; see depends_on_district)
    district: District | None
    aid_status: AidStatus = "none"  # 医疗救助身份
    id_number: str | None = None  # 身份证号(可不填)


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberQuote:
    member: Member
    individual: Decimal
    standard_individual: Decimal
    medical_individual: Decimal
    ltc_individual: Decimal
    government_subsidy: Decimal | None
    ltc_government_subsidy: Decimal | None
    funding_standard: Decimal | None
    government_pays_individual: Decimal
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseholdQuote:
    policy_year: int
    data_version: str
    members: tuple[MemberQuote, ...]
    total_individual: Decimal
    total_government_pays_individual: Decimal
    steps: tuple[Step, ...]


def _pick(default: MoneyFig, by_district: dict[District, MoneyFig], district: District | None) -> MoneyFig:
    return default if district is None else by_district.get(district, default)


def _path(category: Category, name: str, by_district: dict[District, MoneyFig], district: District | None) -> str:
    """The field path of the figure :func:`_pick` chose, for a refusal that names it."""
    if district is not None and district in by_district:
        return f"premiums.categories.{category}.{name}_by_district.{district}"
    return f"premiums.categories.{category}.{name}"


def depends_on_district(policy: PolicyYear, category: Category) -> bool:
    """Whether any premium figure of ``category`` differs by district in ``policy`` (2024/2025:
    only 非从业居民, 930/880 in 武进等 vs 730 in 溧阳/金坛); only then must a district be given."""
    cat = policy.premiums.categories[category]
    return bool(
        cat.individual_by_district
        or cat.medical_individual_by_district
        or cat.subsidy_by_district
        or cat.funding_by_district
    )


def district_label(policy: PolicyYear, district: District | None) -> str:
    """The district's name in ``policy``'s own list (各区相同 for None)."""
    return district_name(policy, district)


def quote_member(policy: PolicyYear, member: Member) -> MemberQuote:
    prem = policy.premiums
    cat = prem.categories[member.category]
    d = member.district
    if d is not None and d not in district_ids(policy):
        raise ValueError(unknown_district(policy, d))
    individual_fig = _pick(cat.individual, cat.individual_by_district, d)
    medical_fig = _pick(cat.medical_individual, cat.medical_individual_by_district, d)
    individual_path = _path(member.category, "individual", cat.individual_by_district, d)
    medical_path = _path(member.category, "medical_individual", cat.medical_individual_by_district, d)
    subsidy_fig = _pick(cat.government_subsidy, cat.subsidy_by_district, d)
    funding_fig = _pick(cat.funding_standard, cat.funding_by_district, d)
    standard = to_money(need(individual_fig, individual_path))
    ltc = to_money(need(prem.ltc_individual, "premiums.ltc_individual"))
    medical = to_money(need(medical_fig, medical_path))
    who = f"{category_label(policy, member.category)}({district_name(policy, d)})"
    steps = [
        Step(
            layer="premium",
            text=f"{policy.policy_year}年度{who}个人缴费标准 {fmt_yuan(standard)}(含长护险 {fmt_yuan(ltc)})",
            amount=standard,
            citations=(
                cite(policy, individual_fig, "个人缴费标准"),
                cite(policy, prem.ltc_individual, "其中长护险个人缴费"),
            ),
        ),
        Step(
            layer="premium",
            text=(
                f"其中医保个人部分 {fmt_yuan(medical)};财政补助 {fmt_yuan(subsidy_fig.value)};"
                f"筹资标准 {fmt_yuan(funding_fig.value)};长护险政府补助 {fmt_yuan(prem.ltc_government_subsidy.value)}"
            ),
            citations=(
                cite(policy, medical_fig, "医保个人缴费部分"),
                cite(policy, subsidy_fig, "财政补助"),
                cite(policy, funding_fig, "筹资标准"),
                cite(policy, prem.ltc_government_subsidy, "长护险政府补助"),
            ),
        ),
    ]
    if member.aid_status != "none":
        individual = ZERO
        paid_by_government = standard
        steps.append(
            Step(
                layer="premium",
                text=f"{AID_LABELS[member.aid_status]}:个人缴费部分 {fmt_yuan(standard)} 由政府全额承担,本人缴 0 元",
                amount=ZERO,
                citations=(cite(policy, prem.aid_exemption, "困难群众免缴", "个人缴费部分由政府全额承担"),),
            )
        )
    else:
        individual = standard
        paid_by_government = ZERO
    return MemberQuote(
        member=member,
        individual=to_money(individual),
        standard_individual=standard,
        medical_individual=medical,
        ltc_individual=ltc,
        government_subsidy=None if subsidy_fig.value is None else to_money(subsidy_fig.value),
        ltc_government_subsidy=(
            None if prem.ltc_government_subsidy.value is None else to_money(prem.ltc_government_subsidy.value)
        ),
        funding_standard=None if funding_fig.value is None else to_money(funding_fig.value),
        government_pays_individual=to_money(paid_by_government),
        steps=tuple(steps),
    )


def standard_amount(policy: PolicyYear, category: Category, district: District) -> Decimal:
    """A category's individual amount (长护险 included) in ``district``, before any aid exemption."""
    cat = policy.premiums.categories[category]
    fig = _pick(cat.individual, cat.individual_by_district, district)
    return to_money(need(fig, _path(category, "individual", cat.individual_by_district, district)))


def elderly_prompt(policy: PolicyYear, category: Category, district: District, age: int) -> str | None:
    """The prompt for a person old enough to be 老年居民 but entered as 非从业居民, where the two differ.

    The notices give no age line for 老年居民 (解读:参保类别由工作人员确认): the product only prompts, from
    ``ELDERLY_PROMPT_AGE``; in 溧阳市/金坛区 (2025) both categories pay 730, so it says nothing there.
    """
    if category != "non_employed" or age < ELDERLY_PROMPT_AGE:
        return None
    elderly, current = standard_amount(policy, "elderly", district), standard_amount(policy, category, district)
    if elderly == current:
        return None
    old, now = category_label(policy, "elderly"), category_label(policy, category)
    return (
        f"{age}周岁,可能属于“{old}”({fmt_yuan(elderly)}),现按“{now}”{fmt_yuan(current)}计算;"
        f"通知未规定“{old}”的年龄线,请按参保登记身份核实"
    )


def quote_household(policy: PolicyYear, members: list[Member] | tuple[Member, ...]) -> HouseholdQuote:
    quotes = tuple(quote_member(policy, m) for m in members)
    total = sum((q.individual for q in quotes), ZERO)
    exempt = sum((q.government_pays_individual for q in quotes), ZERO)
    names = "、".join(q.member.name or f"成员{i + 1}" for i, q in enumerate(quotes))
    steps = (
        Step(
            layer="premium",
            text=f"全家 {len(quotes)} 人({names})个人缴费合计 {fmt_yuan(total)};政府代缴困难群众个人部分 {fmt_yuan(exempt)}",
            amount=to_money(total),
        ),
    )
    return HouseholdQuote(
        policy_year=policy.policy_year,
        data_version=policy.data_version,
        members=quotes,
        total_individual=to_money(total),
        total_government_pays_individual=to_money(exempt),
        steps=steps,
    )
