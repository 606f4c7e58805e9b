"""Which figures a calculation cannot do without, and the refusal when one is empty.

A figure may be ``value: null, status: not_stated`` (通知未规定) where the product can say so and
go on: a breakdown it only shows (财政补助, 筹资标准, their district amounts, 长护险政府补助), a
rule the year does not have (2024: no 断保变动等待期), a date or text the notice leaves out, or the
门诊特殊病 ratio (its basic payment comes from the settlement slip, reading 8). Every figure
below is one a calculation computes with: empty, it would count as zero (a cap of 0 pays nothing,
a premium of 0 charges nothing, an empty exemption list makes a newborn wait), so

* ``pack check`` (and every validation of a document: ``desktop.core.packs.document``,
  ``desktop.core.policy.loader.validate_document``) refuses a document where one is empty,
  naming the figure in Chinese with its field path, and
* the calculation itself (a year that reached it anyway, e.g. through an old stored form) refuses
  with :class:`MissingFigure`, never computing with zero.

Qt-free and pydantic-free: the window's calculations import it at start.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.core.errors import InputProblem

#: the figures a calculation needs, by path with their Chinese names; ``*`` stands for one segment
#: (a category, district, hospital level, column or aid status). Conditional needs are in
#: :func:`conditional_needs`.
REQUIRED: dict[str, str] = {
    # 保费测算 and the roster: what a resident pays and its 长护险 part
    "premiums.ltc_individual": "长护险个人缴费",
    "premiums.categories.*.individual": "个人缴费标准",
    "premiums.categories.*.individual_by_district.*": "分区个人缴费标准",
    "premiums.categories.*.medical_individual": "医保个人部分",
    "premiums.categories.*.medical_individual_by_district.*": "分区医保个人部分",
    # the year's dates: the waiting period, the checklist, every dated input
    "enrolment.collection_start": "集中参保期开始日",
    "enrolment.collection_end": "集中参保期结束日",
    "enrolment.benefit_start": "待遇享受期开始日",
    "enrolment.benefit_end": "待遇享受期结束日",
    # 家庭共济: who may pay for whom
    "enrolment.family_relations": "家庭共济亲属范围",
    # the waiting period
    "waiting.late_fixed_months": "固定待遇等待期(月)",
    "waiting.exempt": "免等待人群",
    "waiting.exempt_other": "免等待人群(通知以外的文件)",
    "waiting.long_break_years": "长期断保年数",
    "waiting.long_break_min_months": "长期断保最少等待期(月)",
    # the basic fund
    "benefits.inpatient.levels.*.*.deductible": "住院起付标准",
    "benefits.inpatient.levels.*.*.ratio": "住院支付比例",
    "benefits.inpatient.annual_cap": "住院年度最高支付限额",
    "benefits.inpatient.annual_cap_basis": "住院限额含义",
    "benefits.outpatient_general.bands": "普通门诊分段",
    "benefits.outpatient_chronic.rate_primary": "门诊慢性病基层比例",
    "benefits.outpatient_chronic.rate_secondary_plus": "门诊慢性病其他机构比例",
    "benefits.outpatient_chronic.cap_one": "门诊慢性病一个病种限额",
    "benefits.outpatient_chronic.cap_two_plus": "门诊慢性病两个及以上病种限额",
    "benefits.outpatient_chronic.cap_basis": "门诊慢性病限额含义",
    "benefits.dual_channel_drug.rate": "双通道药品支付比例",
    "benefits.dual_channel_drug.rare_rate": "罕见病药品支付比例",
    "benefits.dual_channel_drug.reduction_approved": "经审批市外转院(诊)降低的百分点",
    "benefits.dual_channel_drug.reduction_unapproved": "未经审批市外转院(诊)降低的百分点",
    "benefits.childbirth.top_up_ratio": "生育补足比例",
    "benefits.childbirth.min_continuous_years": "生育待遇连续参保年限",
    "benefits.pku.rate": "苯丙酮尿症支付比例",
    "benefits.pku.age_caps": "苯丙酮尿症年龄段限额",
    "benefits.pku.cap_basis": "苯丙酮尿症限额含义",
    "benefits.pku.categories": "苯丙酮尿症适用人群",
    "benefits.special_blood.self_pay_ratio": "特殊人员用血个人自付比例",
    # 大病保险 and 医疗救助
    "benefits.critical_illness.regular_bands": "大病保险普通分段",
    "benefits.critical_illness.poor_bands": "大病保险困难群众分段",
    "benefits.medical_aid.rates.*": "医疗救助比例",
    "benefits.medical_aid.cap_outpatient_general": "医疗救助普通门诊年度限额",
    "benefits.medical_aid.cap_other": "医疗救助其他年度限额",
    "benefits.medical_aid.rare_disease_remainder_rate": "罕见病剩余费用救助比例",
    # needed only with another (conditional_needs)
}

#: needed when the year has the rule they belong to (see conditional_needs)
CONDITIONAL: dict[str, str] = {
    "waiting.repair_months_per_year": "每补缴1年减少的等待期(月)",
    "waiting.per_year_broken_months": "每断保1年增加的等待期(月)",
}

_COMPILED = tuple(
    (re.compile("^" + r"\.".join("[^.]+" if part == "*" else re.escape(part) for part in p.split(".")) + "$"), name)
    for p, name in {**REQUIRED, **CONDITIONAL}.items()
)


def is_required(path: str) -> bool:
    """Whether the figure at ``path`` is one a calculation computes with (never 通知未规定)."""
    return any(rx.match(path) for rx, _ in _COMPILED[: len(REQUIRED)])


def conditional_needs(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, why) of figures needed because another is stated: 每补缴1年减少 goes with 每断保1年增加.

    ``figures`` maps every figure's path to the figure (either form: model or frozen).
    """
    needs: list[tuple[str, str]] = []
    per_year = figures.get("waiting.per_year_broken_months")
    if per_year is not None and per_year.value is not None:
        needs.append(("waiting.repair_months_per_year", "本年度有“每断保1年增加”等待期,补缴可减少的月数也须给出"))
    # a year that counts repaid years or long breaks has the per-year rule they modify: empty, a
    # break would add nothing (2024, which has none of them, leaves all three empty)
    others = [
        p for p in ("waiting.repair_months_per_year", "waiting.long_break_years", "waiting.long_break_min_months")
    ]
    if any(figures.get(p) is not None and figures[p].value is not None for p in others):
        needs.append(
            ("waiting.per_year_broken_months", "本年度有补缴减少或长期断保的等待期规定,每断保1年增加的月数也须给出")
        )
    return needs


def figure_name(path: str) -> str:
    """The figure's Chinese name with its field path, as every refusal shows it."""
    name = next((name for rx, name in _COMPILED if rx.match(path)), None)
    return f"{name}({path})" if name else path


def missing_message(path: str, why: str | None = None) -> str:
    return (
        f"{figure_name(path)}为空(通知未规定),但计算需要这个数值"
        + (f":{why}" if why else "")
        + "。不能按 0 计算,请在政策数据中填写"
    )


class MissingFigure(InputProblem):
    """A calculation met an empty figure it needs: refused, naming the figure (never computed as 0).

    An InputProblem so that every caller (CLI, window, roster) already shows it as a Chinese
    message instead of a traceback; ``field`` is the figure's path in the policy document.
    """

    def __init__(self, path: str, why: str | None = None):
        self.path = path
        super().__init__(path, "政策数据不完整,无法计算:" + missing_message(path, why))


def need(figure: Any, path: str, why: str | None = None) -> Any:
    """The value of a figure the calculation needs; :class:`MissingFigure` when it is empty."""
    if figure is None or figure.value is None:
        raise MissingFigure(path, why)
    return figure.value
