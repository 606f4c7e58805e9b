"""Waiting period after late or broken enrolment (the readings: 解读:等待期按整月计算)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.dates import cn_month
from desktop.core.errors import InputProblem
from desktop.core.explain import Step, cite
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.required import need

EXEMPT_LABELS = {"newborn": "新生儿", "new_aid_recipient": "新认定的医疗救助对象"}

#: The one place the product decides when a newborn's cover starts. The notices say newborns have no
#: waiting period (2025: “除新生儿等特殊群体外”) and that costs between birth and payment are
#: reimbursed afterwards (新生儿追溯报销), but not from which day cover runs. Reading: from the day of
#: birth, never before the policy year's first benefit day; never before birth in any case.
NEWBORN_START_READING = (
    "【解读】通知没有写新生儿的待遇从哪天开始(只写了新生儿参保缴费成功前的合规费用可追溯报销);"
    "本程序按出生当日起算(不早于本年度待遇享受期第一天)"
)


def fixed_months_caveat(policy: PolicyYear) -> str:
    """Beside the fixed waiting months wherever they are shown: when the months are not the notice's
    own (2025: the national document's 3 months), that the provinces set the real figure."""
    fig = policy.waiting.late_fixed_months
    if fig.status == "official":
        return ""
    where = f"是{fig.outside_source.split('《')[0]}的全国规定," if fig.outside_source else ""
    return f"(月数{where}不是通知原文;通知写明“等待期具体标准由各省份根据自身情况确定”,以经办机构为准)"


def newborn_start(birth: dt.date, start_of_year: dt.date) -> dt.date:
    """When a newborn's benefits start, by :data:`NEWBORN_START_READING`."""
    return max(birth, start_of_year)


#: asked for instead of answering 1 January, which can be before the child was born
NEWBORN_BIRTH_DATE_NEEDED = (
    "请填写新生儿的出生日期:新生儿的待遇从出生之日起算(不早于本年度待遇享受期第一天),不填无法确定从哪天开始"
)

#: who waits no months but is not a newborn: cover from the payment date, not from 1 January
NO_WAIT_START_NOTE = "只有新生儿缴费前的合规费用可以追溯报销"

#: the most years of break or repayment an input may give (the CLI's request model and the
#: window's spin boxes hold the same limit; waiting_period checks it again)
MAX_YEARS = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitingInput:
    """What the waiting period depends on. A plain dataclass so the window's first tab needs no
    pydantic; the CLI checks its JSON strictly with its own request model (desktop/cli/requests.py)."""

    policy_year: int  # 政策年度
    payment_date: dt.date  # 缴费日期
    in_collection_period: bool | None = None  # 是否在集中参保期内缴费;不填则按缴费日期判断
    years_broken: int = 0  # 断保年数
    years_repaid: int = 0  # 补缴年数
    newborn: bool = False  # 新生儿
    new_aid_recipient: bool = False  # 新认定的医疗救助对象
    birth_date: dt.date | None = None  # 出生日期(新生儿必填:待遇从出生之日起算,不早于1月1日)


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitingResult:
    benefit_start: dt.date
    waiting_months: int
    benefit_this_year: bool
    in_collection_period: bool
    steps: tuple[Step, ...]


def _add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def waiting_period(policy: PolicyYear, inp: WaitingInput) -> WaitingResult:
    for name, years in (("years_broken", inp.years_broken), ("years_repaid", inp.years_repaid)):
        if not 0 <= years <= MAX_YEARS:
            raise InputProblem(name, f"年数应在 0 到 {MAX_YEARS} 之间")
    enr = policy.enrolment
    rules = policy.waiting
    start_of_year = need(enr.benefit_start, "enrolment.benefit_start")
    end_of_year = need(enr.benefit_end, "enrolment.benefit_end")
    c_start = need(enr.collection_start, "enrolment.collection_start")
    c_end = need(enr.collection_end, "enrolment.collection_end")
    if inp.newborn and inp.years_broken:
        raise InputProblem("years_broken", "新生儿是第一次参保,没有断保:断保年数应为 0")
    if inp.newborn and inp.years_repaid:
        raise InputProblem("years_repaid", "新生儿没有断保,不用补缴:补缴年数应为 0")
    if inp.years_repaid > inp.years_broken:
        raise InputProblem("years_repaid", f"补缴年数({inp.years_repaid})不能多于断保年数({inp.years_broken})")
    if inp.payment_date < c_start:
        raise InputProblem("payment_date", f"缴费日期早于{policy.policy_year}年度集中参保期开始日 {c_start:%Y-%m-%d}")
    if inp.payment_date > end_of_year:
        raise InputProblem(
            "payment_date", f"缴费日期晚于{policy.policy_year}年度待遇享受期结束日 {end_of_year:%Y-%m-%d}"
        )
    _refuse_birth_contradictions(policy, inp, end_of_year)
    if inp.newborn and inp.birth_date is None:
        # 1 January would be an answer, and a wrong one for a child born later in the year
        raise InputProblem("birth_date", NEWBORN_BIRTH_DATE_NEEDED)
    derived = c_start <= inp.payment_date <= c_end
    in_period = derived if inp.in_collection_period is None else inp.in_collection_period
    period_cite = cite(policy, enr.collection_start, "集中参保期", f"{c_start:%Y-%m-%d}至{c_end:%Y-%m-%d}")
    steps = [
        Step(
            layer="waiting",
            text=f"{inp.payment_date:%Y-%m-%d} 缴费," + ("在" if in_period else "不在") + "集中参保期内",
            citations=(period_cite,),
        )
    ]
    if inp.in_collection_period is not None and inp.in_collection_period != derived:
        steps.append(Step(layer="waiting", text="注意:所填“是否在集中参保期内”与缴费日期不一致,按所填情况计算"))

    # the notice's own exempt groups, then those that only another document names (cited as such)
    exempt_figs = [
        (f, need(f, f"waiting.{name}"))
        for name, f in (("exempt", rules.exempt), ("exempt_other", rules.exempt_other))
        if f is not None
    ]
    flags = [k for k in ("newborn", "new_aid_recipient") if getattr(inp, k)]
    exempt_hit = [k for k in flags if any(k in groups for _, groups in exempt_figs)]
    exempt_cites = tuple(
        cite(policy, f, "免等待人群") for f, groups in exempt_figs if any(k in groups for k in exempt_hit)
    )
    broken = inp.years_broken
    # 通知未规定 is a legal state here: the year has no 断保变动等待期 (2024), so a break adds nothing;
    # but a year that counts repaid years or long breaks has that rule, and an empty one is refused
    modifiers = (rules.repair_months_per_year, rules.long_break_years, rules.long_break_min_months)
    if broken and any(f is not None and f.value is not None for f in modifiers):
        need(rules.per_year_broken_months, "waiting.per_year_broken_months", "本年度有补缴减少或长期断保的等待期规定")
    per_year = rules.per_year_broken_months.value  # None: the year has no such rule (said below)
    repair = (
        need(rules.repair_months_per_year, "waiting.repair_months_per_year", "本年度有“每断保1年增加”等待期")
        if per_year and broken
        else 0
    )
    waits = (not in_period) or (rules.applies_to_broken_in_period and broken > 0)

    if exempt_hit:
        who = "、".join(EXEMPT_LABELS[k] for k in exempt_hit)
        steps.append(Step(layer="waiting", text=f"{who}不设待遇等待期", citations=exempt_cites))
        months = 0
    elif not waits:
        steps.append(
            Step(
                layer="waiting",
                text="集中参保期内缴费" + ("且连续参保" if broken == 0 else "") + ",不设等待期",
                citations=(cite(policy, enr.benefit_start, "待遇享受期开始"),),
            )
        )
        months = 0
    else:
        if flags:
            who = "、".join(EXEMPT_LABELS[k] for k in flags)
            steps.append(Step(layer="waiting", text=f"{policy.policy_year}年度政策数据未把{who}列为免等待人群"))
        fixed = need(rules.late_fixed_months, "waiting.late_fixed_months")
        months = fixed
        steps.append(
            Step(
                layer="waiting",
                text=f"固定待遇等待期 {fixed} 个月{fixed_months_caveat(policy)}",
                citations=(cite(policy, rules.late_fixed_months, "固定等待期", f"{fixed}个月"),),
            )
        )
        if per_year and broken:
            reduction = min(broken, inp.years_repaid) * repair
            variable = max(0, broken * per_year - reduction)
            months += variable
            steps.append(
                Step(
                    layer="waiting",
                    text=(
                        f"断保 {broken} 年,变动等待期 {broken}×{per_year} 个月;补缴 {inp.years_repaid} 年,"
                        f"减少 {reduction} 个月(补缴超过断保年数的部分不再减少),变动等待期 {variable} 个月"
                    ),
                    citations=(
                        cite(policy, rules.per_year_broken_months, "每断保1年增加", f"{per_year}个月"),
                        cite(policy, rules.repair_months_per_year, "每补缴1年减少", f"{repair}个月"),
                    ),
                )
            )
            lb, lm = rules.long_break_years, rules.long_break_min_months
            lb_years = need(lb, "waiting.long_break_years") if lb is not None else None
            lm_months = need(lm, "waiting.long_break_min_months") if lm is not None else None
            if (
                lb is not None
                and lm is not None
                and lb_years
                and lm_months
                and broken >= lb_years
                and months < lm_months
            ):
                months = lm_months
                steps.append(
                    Step(
                        layer="waiting",
                        text=f"连续断保 {broken} 年(≥{lb_years}年),修复后等待期合计不少于 {lm_months} 个月",
                        citations=(
                            cite(policy, lb, "长期断保", f"{lb_years}年及以上"),
                            cite(policy, lm, "最少等待", f"{lm_months}个月"),
                        ),
                    )
                )
        elif broken and not per_year:
            steps.append(
                Step(layer="waiting", text=f"{policy.policy_year}年度通知没有断保变动等待期,断保年数不影响等待期")
            )
    if months == 0:
        # no wait: cover starts once the payment is made, never before the year's first benefit day
        # (2024 须知 五(二) ties the start to 参保缴费成功; no text covers anyone before paying
        # except the newborn's 追溯报销, handled below)
        benefit_start = max(inp.payment_date, start_of_year)
        if inp.newborn and inp.birth_date is not None:
            benefit_start = newborn_start(inp.birth_date, start_of_year)
            steps.append(
                Step(
                    layer="waiting",
                    text=f"新生儿 {inp.birth_date:%Y-%m-%d} 出生,自 {benefit_start:%Y-%m-%d} 起享受待遇。"
                    + NEWBORN_START_READING,
                    citations=(*exempt_cites, cite(policy, rules.counting, "新生儿待遇开始日", "出生当日")),
                )
            )
        elif benefit_start > start_of_year:
            steps.append(
                Step(
                    layer="waiting",
                    text=(
                        f"不设等待期:待遇自缴费之日 {benefit_start:%Y-%m-%d} 起享受"
                        f"(参保缴费成功后才享受待遇,不会早于缴费之日;{NO_WAIT_START_NOTE})"
                    ),
                    citations=(
                        cite(policy, enr.benefit_start, "待遇享受期开始"),
                        cite(policy, rules.counting, "不设等待期的起始日", "缴费之日(不早于待遇享受期首日)"),
                    ),
                )
            )
        else:
            steps.append(
                Step(
                    layer="waiting",
                    text=f"自待遇享受期首日 {benefit_start:%Y-%m-%d} 起享受待遇",
                    citations=(cite(policy, enr.benefit_start, "待遇享受期开始"),),
                )
            )
    else:
        first = max(dt.date(inp.payment_date.year, inp.payment_date.month, 1), start_of_year)
        benefit_start = _add_months(first, months)
        last = _add_months(first, months - 1)
        steps.append(
            Step(
                layer="waiting",
                text=(
                    f"等待期共 {months} 个月,从 {cn_month(first)} 起算(缴费当月算第1个月,最早从本年度1月算)"
                    f"到 {cn_month(last)},自 {benefit_start:%Y-%m-%d} 起享受待遇"
                ),
                citations=(cite(policy, rules.counting, "计算方法", "整月计算"),),
            )
        )
    if inp.birth_date is not None and benefit_start < inp.birth_date:
        # nobody is covered before being born, whatever the waiting rules give
        benefit_start = inp.birth_date
        steps.append(Step(layer="waiting", text=f"待遇不早于出生之日:自 {benefit_start:%Y-%m-%d} 起"))
    this_year = benefit_start <= end_of_year
    if not this_year:
        steps.append(
            Step(
                layer="waiting",
                text=f"等待期结束时{policy.policy_year}年度待遇享受期(至{end_of_year:%Y-%m-%d})已过,本年度不能享受待遇",
            )
        )
    return WaitingResult(
        benefit_start=benefit_start,
        waiting_months=months,
        benefit_this_year=this_year,
        in_collection_period=in_period,
        steps=tuple(steps),
    )


def _refuse_birth_contradictions(policy: PolicyYear, inp: WaitingInput, end_of_year: dt.date) -> None:
    """A birth date that cannot go with the payment: refused, with the field to correct."""
    birth = inp.birth_date
    if birth is None:
        return
    if birth > inp.payment_date:
        raise InputProblem(
            "birth_date", f"出生日期 {birth:%Y-%m-%d} 晚于缴费日期 {inp.payment_date:%Y-%m-%d}:应先出生、后缴费,请核对"
        )
    if birth > end_of_year:
        raise InputProblem("birth_date", f"出生日期晚于{policy.policy_year}年度待遇享受期结束日 {end_of_year:%Y-%m-%d}")
