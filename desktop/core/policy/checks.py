"""What a policy-year document must satisfy beyond its model: the checks no single figure can make.

Called by the one validation entry point of a document (``desktop.core.packs.document.
check_policy_text``: ``pack check``, ``pack build``, ``pack install``, the pack editor) and by
every validation of a document the program loads (``loader.validate_document``), so a document
that fails here never answers a question. Every problem names the figure in Chinese with its
field path. The checks:

* **Needed figures** (``required.py``): a figure a calculation computes with may not be empty
  (通知未规定); it would count as zero.
* **Sums the notices state**: 个人缴费 = 医保个人部分 + 长护险个人缴费, for every category and every
  district that has its own amount; 筹资标准 = 医保个人部分 + 财政补助, where the year states all
  three (a district with its own 筹资标准 or 财政补助 is checked against its own parts).
* **Readings that restate the data**: an equation ``A = B + C`` written with plain numbers in a
  reading (the form reading 1 uses, “730 = 700 + 30”) must add up, and each of its numbers must
  still be a value in the document; a derivation from another year's notice (“1250 − 150 =
  1100”) or an example (“800 × 50% = 400”) is not of that form and is not checked.
* **Plausibility** (:data:`BOUNDS`): a period that ends before it starts, a premium or cap of 0,
  an amount no notice could give (9,999,999,999.99 元 for a premium), a ratio of 0 where it is
  the payment itself, a waiting period of years.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop.core.policy.labels import path_label, year_path_label
from desktop.core.policy.required import conditional_needs, is_required, missing_message

if TYPE_CHECKING:
    from desktop.core.policy.model import PolicyYear

#: one problem: the field path and the Chinese message (the caller adds the file: a loader Problem)
Problem = tuple[str, str]


#: plausibility bounds, (lowest, highest) inclusive; None: no bound on that side. A path pattern's
#: ``*`` stands for one segment. Money in 元, ratios as fractions, counts in months or years.
#: The real years are far inside them (2025: premiums 260–880 元, 筹资标准 1,410–1,950 元, cap
#: 350,000 元, 救助限额 10,000/200,000 元, waiting 3 months): a value outside is a typing slip.
BOUNDS: tuple[tuple[str, Decimal | int | None, Decimal | int | None, str], ...] = (
    ("premiums.categories.*.individual", Decimal("1"), Decimal("10000"), "个人缴费应在 1 到 10,000 元之间"),
    (
        "premiums.categories.*.individual_by_district.*",
        Decimal("1"),
        Decimal("10000"),
        "个人缴费应在 1 到 10,000 元之间",
    ),
    ("premiums.categories.*.medical_individual", Decimal("1"), Decimal("10000"), "医保个人部分应在 1 到 10,000 元之间"),
    (
        "premiums.categories.*.medical_individual_by_district.*",
        Decimal("1"),
        Decimal("10000"),
        "医保个人部分应在 1 到 10,000 元之间",
    ),
    ("premiums.categories.*.government_subsidy", Decimal("1"), Decimal("100000"), "财政补助应在 1 到 100,000 元之间"),
    (
        "premiums.categories.*.subsidy_by_district.*",
        Decimal("1"),
        Decimal("100000"),
        "财政补助应在 1 到 100,000 元之间",
    ),
    ("premiums.categories.*.funding_standard", Decimal("1"), Decimal("100000"), "筹资标准应在 1 到 100,000 元之间"),
    (
        "premiums.categories.*.funding_by_district.*",
        Decimal("1"),
        Decimal("100000"),
        "筹资标准应在 1 到 100,000 元之间",
    ),
    ("premiums.ltc_individual", Decimal("0"), Decimal("1000"), "长护险个人缴费应在 0 到 1,000 元之间"),
    ("premiums.ltc_government_subsidy", Decimal("0"), Decimal("10000"), "长护险政府补助应在 0 到 10,000 元之间"),
    ("benefits.inpatient.levels.*.*.deductible", Decimal("0"), Decimal("100000"), "起付标准应在 0 到 100,000 元之间"),
    ("benefits.inpatient.levels.*.*.ratio", Decimal("0.01"), None, "住院支付比例不能为 0"),
    (
        "benefits.inpatient.annual_cap",
        Decimal("1000"),
        Decimal("10000000"),
        "年度最高支付限额应在 1,000 到 10,000,000 元之间",
    ),
    ("benefits.outpatient_chronic.rate_*", Decimal("0.01"), None, "门诊慢性病支付比例不能为 0"),
    (
        "benefits.outpatient_chronic.cap_*",
        Decimal("1"),
        Decimal("1000000"),
        "门诊慢性病支付限额应在 1 到 1,000,000 元之间",
    ),
    ("benefits.dual_channel_drug.rate", Decimal("0.01"), None, "双通道药品支付比例不能为 0"),
    ("benefits.dual_channel_drug.rare_rate", Decimal("0.01"), None, "罕见病药品支付比例不能为 0"),
    ("benefits.childbirth.top_up_ratio", Decimal("0.01"), None, "生育补足比例不能为 0"),
    ("benefits.childbirth.min_continuous_years", 0, 10, "生育待遇连续参保年限应在 0 到 10 年之间"),
    ("benefits.pku.rate", Decimal("0.01"), None, "苯丙酮尿症支付比例不能为 0"),
    ("benefits.special_blood.self_pay_ratio", None, Decimal("0.99"), "特殊人员用血先行自付比例不能为 100%"),
    ("benefits.medical_aid.rates.*", Decimal("0.01"), None, "医疗救助比例不能为 0"),
    ("benefits.medical_aid.rare_disease_remainder_rate", Decimal("0.01"), None, "罕见病剩余费用救助比例不能为 0"),
    ("benefits.medical_aid.cap_*", Decimal("1"), Decimal("10000000"), "医疗救助年度限额应在 1 到 10,000,000 元之间"),
    ("waiting.late_fixed_months", 0, 24, "固定等待期应在 0 到 24 个月之间"),
    ("waiting.per_year_broken_months", 0, 12, "每断保1年增加的等待期应在 0 到 12 个月之间"),
    ("waiting.repair_months_per_year", 0, 12, "每补缴1年减少的等待期应在 0 到 12 个月之间"),
    ("waiting.long_break_years", 1, 50, "长期断保年数应在 1 到 50 年之间"),
    ("waiting.long_break_min_months", 0, 36, "长期断保最少等待期应在 0 到 36 个月之间"),
)

#: the highest amount a band bound may have (大病保险 and 普通门诊 bands; PKU age caps)
MAX_BAND_AMOUNT = Decimal("10000000")


def _pattern(p: str) -> re.Pattern[str]:
    return re.compile("^" + r"\.".join("[^.]+" if part == "*" else re.escape(part) for part in p.split(".")) + "$")


def _glob(p: str) -> re.Pattern[str]:
    """A bound's pattern: ``*`` one segment, ``rate_*`` / ``cap_*`` a name's beginning."""
    parts = []
    for part in p.split("."):
        if part == "*":
            parts.append("[^.]+")
        elif part.endswith("*"):
            parts.append(re.escape(part[:-1]) + "[^.]*")
        else:
            parts.append(re.escape(part))
    return re.compile("^" + r"\.".join(parts) + "$")


_BOUNDS = tuple((_glob(p), lo, hi, msg) for p, lo, hi, msg in BOUNDS)


def _money(value: Decimal) -> str:
    return f"{value:,} 元"


def document_problems(policy: PolicyYear, source: str = "") -> list[Problem]:
    """Every problem of a document that its model validated: needed figures, sums, readings, bounds,
    each as (field path, Chinese message)."""
    from desktop.core.policy.model import iter_figures

    figures = dict(iter_figures(policy))
    return (
        _needed(figures, source)
        + _bounds(figures, source)
        + _periods(policy, source)
        + _sums(policy, source)
        + _readings(policy, figures, source)
    )


def _problem(source: str, field: str, message: str) -> Problem:
    return (field, message)


def figure_name(path: str, policy: Any = None) -> str:
    """A figure's Chinese name (as the 政策 tab shows it, in the year's own names of its districts and
    categories when ``policy`` is given) with its field path."""
    return f"{year_path_label(policy, path) if policy is not None else path_label(path)}({path})"


def _needed(figures: dict[str, Any], source: str) -> list[Problem]:
    problems = [
        _problem(source, f"{path}.value", missing_message(path))
        for path, fig in figures.items()
        if fig.value is None and is_required(path)
    ]
    for path, why in conditional_needs(figures):
        fig = figures.get(path)
        if fig is None or fig.value is None:
            problems.append(_problem(source, f"{path}.value", missing_message(path, why)))
    return problems


def _bounds(figures: dict[str, Any], source: str) -> list[Problem]:
    problems: list[Problem] = []
    for path, fig in figures.items():
        value = fig.value
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, (Decimal, int)):
            for rx, lo, hi, message in _BOUNDS:
                if rx.match(path) and ((lo is not None and value < lo) or (hi is not None and value > hi)):
                    problems.append(_problem(source, f"{path}.value", f"{figure_name(path)} 为 {value}:{message}"))
                    break
        elif isinstance(value, tuple):
            problems.extend(_band_bounds(path, value, source))
    return problems


def _band_bounds(path: str, items: tuple[Any, ...], source: str) -> list[Problem]:
    problems: list[Problem] = []
    for i, item in enumerate(items):
        for name in ("lower", "upper", "cap"):
            amount = getattr(item, name, None)
            if isinstance(amount, Decimal) and amount > MAX_BAND_AMOUNT:
                problems.append(
                    _problem(
                        source,
                        f"{path}.value[{i}].{name}",
                        f"{figure_name(path)} 第{i + 1}段的金额 {_money(amount)} 超过 {_money(MAX_BAND_AMOUNT)},不是通知会给出的数额",
                    )
                )
        if getattr(item, "cap", None) == 0:
            problems.append(
                _problem(source, f"{path}.value[{i}].cap", f"{figure_name(path)} 第{i + 1}段的限额为 0,等于不支付")
            )
        for name in ("rate", "rate_primary", "rate_secondary_plus"):
            rate = getattr(item, name, None)
            if isinstance(rate, Decimal) and rate == 0 and path.startswith("benefits.critical_illness"):
                problems.append(
                    _problem(source, f"{path}.value[{i}].{name}", f"{figure_name(path)} 第{i + 1}段的比例为 0")
                )
        lo_age, hi_age = getattr(item, "min_age", None), getattr(item, "max_age", None)
        if isinstance(lo_age, int) and isinstance(hi_age, int) and (lo_age > hi_age or hi_age > 120):
            problems.append(
                _problem(
                    source,
                    f"{path}.value[{i}]",
                    f"{figure_name(path)} 第{i + 1}段的年龄 {lo_age}-{hi_age} 岁不成立(起始不能大于结束,最大 120 岁)",
                )
            )
    return problems


def _periods(policy: PolicyYear, source: str) -> list[Problem]:
    """Periods that end before they start; reductions larger than the rate they reduce."""
    problems: list[Problem] = []
    enr = policy.enrolment
    start, end = enr.benefit_start.value, enr.benefit_end.value
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        problems.append(
            _problem(
                source,
                "enrolment.benefit_end.value",
                f"待遇享受期的结束日 {end.isoformat()} 早于开始日 {start.isoformat()}:每个日期都会被拒绝,请核对",
            )
        )
    dc = policy.benefits.dual_channel_drug
    for name in ("reduction_approved", "reduction_unapproved"):
        cut = getattr(dc, name).value
        for rate_name in ("rate", "rare_rate"):
            rate = getattr(dc, rate_name).value
            if cut is not None and rate is not None and cut >= rate:
                problems.append(
                    _problem(
                        source,
                        f"benefits.dual_channel_drug.{name}.value",
                        f"{figure_name(f'benefits.dual_channel_drug.{name}')} {cut} 不小于"
                        f"{figure_name(f'benefits.dual_channel_drug.{rate_name}')} {rate}:降低后比例为 0 或负数",
                    )
                )
    return problems


def _part(cat: Any, base: str, name: str, district: str | None) -> tuple[Decimal | None, str]:
    """A premium part for ``district`` (its own figure where it has one) and that figure's path."""
    key = {"government_subsidy": "subsidy", "funding_standard": "funding"}.get(name, name)
    table = getattr(cat, f"{key}_by_district")
    if district is not None and district in table:
        return table[district].value, f"{base}.{key}_by_district.{district}"
    return getattr(cat, name).value, f"{base}.{name}"


def _sums(policy: PolicyYear, source: str) -> list[Problem]:
    """个人缴费 = 医保个人部分 + 长护险; 筹资标准 = 医保个人部分 + 财政补助 (where all three are stated)."""
    problems: list[Problem] = []
    ltc = policy.premiums.ltc_individual.value
    for key, cat in policy.premiums.categories.items():
        base = f"premiums.categories.{key}"
        districts: list[str | None] = [None]
        for table in (
            cat.individual_by_district,
            cat.medical_individual_by_district,
            cat.subsidy_by_district,
            cat.funding_by_district,
        ):
            districts.extend(d for d in table if d not in districts)
        for d in districts:
            individual, ind_path = _part(cat, base, "individual", d)
            medical, med_path = _part(cat, base, "medical_individual", d)
            subsidy, sub_path = _part(cat, base, "government_subsidy", d)
            funding, fund_path = _part(cat, base, "funding_standard", d)
            if individual is not None and medical is not None and ltc is not None and individual != medical + ltc:
                problems.append(
                    _problem(
                        source,
                        f"{ind_path}.value",
                        f"各部分之和不符:{figure_name(ind_path, policy)} {individual} ≠ {figure_name(med_path, policy)} {medical}"
                        f" + {figure_name('premiums.ltc_individual', policy)} {ltc}(= {medical + ltc})",
                    )
                )
            if funding is not None and medical is not None and subsidy is not None and funding != medical + subsidy:
                problems.append(
                    _problem(
                        source,
                        f"{fund_path}.value",
                        f"各部分之和不符:{figure_name(fund_path, policy)} {funding} ≠ {figure_name(med_path, policy)} {medical}"
                        f" + {figure_name(sub_path, policy)} {subsidy}(= {medical + subsidy})",
                    )
                )
    return problems


#: ``A = B + C (+ D …)`` written with plain numbers: a reading restating the data's sums
#: (numbers without thousands separators: a reading's “30,880” is a list, “30” then “880”)
_SUM = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*=\s*(\d+(?:\.\d+)?(?:\s*\+\s*\d+(?:\.\d+)?)+)(?![\d.])")


def _number(text: str) -> Decimal:
    return Decimal(text)


def _values(figures: dict[str, Any]) -> set[Decimal]:
    """Every number the document holds: figure values and the amounts inside bands and age caps."""
    found: set[Decimal] = set()
    for fig in figures.values():
        value = fig.value
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, (Decimal, int)) and not isinstance(item, bool):
                found.add(Decimal(item))
            for name in ("lower", "upper", "cap"):
                amount = getattr(item, name, None)
                if isinstance(amount, Decimal):
                    found.add(amount)
    return found


def _readings(policy: PolicyYear, figures: dict[str, Any], source: str) -> list[Problem]:
    problems: list[Problem] = []
    values = _values(figures)
    for i, reading in enumerate(policy.readings):
        for match in _SUM.finditer(reading.reading):
            total = _number(match.group(1))
            parts = [_number(p) for p in match.group(2).split("+")]
            where = f"readings[{i}].reading"
            quoted = match.group(0)
            if sum(parts) != total:
                problems.append(
                    _problem(
                        source,
                        where,
                        f"解读 {reading.id} 的算式“{quoted}”不成立({'+'.join(map(str, parts))} = {sum(parts)})",
                    )
                )
                continue
            stale = [n for n in (total, *parts) if n not in values]
            if stale:
                problems.append(
                    _problem(
                        source,
                        where,
                        f"解读 {reading.id} 的算式“{quoted}”中的 {'、'.join(str(n) for n in stale)} 不是本年度数据中的数值(数值改了而解读没改?):"
                        "请按现在的数值改写解读",
                    )
                )
    return problems
