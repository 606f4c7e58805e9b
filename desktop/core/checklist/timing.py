"""Section 九 (待遇从哪天开始): the waiting period from the payment date the clerk enters."""

from __future__ import annotations

import datetime as dt

from desktop.core.checklist.model import ChecklistAnswers, ChecklistItem, ChecklistSection
from desktop.core.errors import InputProblem
from desktop.core.explain import cite
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.required import need
from desktop.core.waiting import NEWBORN_BIRTH_DATE_NEEDED, NEWBORN_START_READING, WaitingInput, waiting_period


def timing_section(
    policy: PolicyYear, a: ChecklistAnswers
) -> tuple[ChecklistSection, tuple[str, str] | None, dt.date | None]:
    """When benefits start: the year's first day for a continuing payer in time; for a newborn or a
    late payer, from the payment date the clerk enters (the same calculation as 保费测算)."""
    enr, rules = policy.enrolment, policy.waiting
    items: list[ChecklistItem] = []
    start, c_end = enr.benefit_start.value, enr.collection_end.value
    if a.newborn:
        exempt = [
            f
            for name, f in (("exempt", rules.exempt), ("exempt_other", rules.exempt_other))
            if f is not None and "newborn" in need(f, f"waiting.{name}")
        ]
        if exempt:
            # each year in its own words: the quote of the clause it rests on goes with the citation;
            # where the year's notice does not itself exempt newborns (2024), the line says it is a reading
            stated = next(
                (f for f in exempt if f.status == "official" and (f.notice or policy.notice_id) == policy.notice_id),
                None,
            )
            if stated is not None:
                words = f"(通知:“{stated.quote}”)" if stated.quote else ""
                text = f"新生儿不设待遇等待期{words},出生后尽快办理参保缴费"
            else:
                text = (
                    f"【解读】新生儿按不设待遇等待期处理:{policy.policy_year}年度通知没有写新生儿免除等待期,"
                    "本工具依据新生儿追溯报销(参保缴费成功前的合规费用可回医院重新结算)这样理解;出生后尽快办理参保缴费"
                )
            items.append(
                ChecklistItem(
                    text=text,
                    citations=tuple(cite(policy, f, "免等待人群", "新生儿") for f in exempt),
                )
            )
        else:
            items.append(
                ChecklistItem(
                    text=f"{policy.policy_year}年度通知没有规定新生儿免除待遇等待期",
                    citations=(cite(policy, rules.late_fixed_months, "待遇等待期"),),
                    silent=True,
                )
            )
        items.append(
            ChecklistItem(
                text=f"新生儿的待遇从哪天开始:{NEWBORN_START_READING}",
                citations=(cite(policy, rules.counting, "新生儿待遇开始日", "出生当日"),),
            )
        )
        guide = policy.guidance.newborn
        items.append(
            ChecklistItem(
                text=f"新生儿追溯报销:{guide.value}", citations=(cite(policy, guide, "新生儿追溯报销", "办理方法"),)
            )
        )
    if a.payment_date is None:
        if a.newborn and a.birth_date is None:
            text = "请在左侧填写新生儿的出生日期和缴费日期(已缴或打算缴费的日期),这里算出待遇从哪天开始"
        elif a.newborn or a.new_enrolment or a.years_broken:
            text = "请在左侧填写缴费日期(已缴或打算缴费的日期),这里算出待遇从哪天开始"
        else:
            text = (
                f"在集中参保缴费期内(至{c_end:%Y-%m-%d})缴费且连续参保的,自{start:%Y-%m-%d}起享受待遇;"
                "补缴或断保的,填写缴费日期算出起始日"
            )
        items.append(ChecklistItem(text=text, citations=(cite(policy, enr.benefit_start, "待遇享受期开始"),)))
        return ChecklistSection(key="timing", title="九、待遇从哪天开始", items=tuple(items)), None, None
    try:
        result = waiting_period(
            policy,
            WaitingInput(
                policy_year=policy.policy_year,
                payment_date=a.payment_date,
                years_broken=a.years_broken,
                years_repaid=a.years_repaid,
                newborn=a.newborn,
                new_aid_recipient=False,
                birth_date=a.birth_date if a.newborn else None,
            ),
        )
    except InputProblem as exc:
        # a newborn without a birth date is asked for it (never answered 1 January, which can be
        # before the birth); anything else the calculation cannot use is said as such
        asked = exc.message == NEWBORN_BIRTH_DATE_NEEDED
        items.append(ChecklistItem(text=exc.message if asked else f"无法计算:{exc.message}", warning=True))
        section = ChecklistSection(key="timing", title="九、待遇从哪天开始", items=tuple(items))
        return section, (exc.field, exc.message), None
    head = f"{a.payment_date:%Y-%m-%d} 缴费:" + (
        "不设等待期" if result.waiting_months == 0 else f"等待期 {result.waiting_months} 个月"
    )
    head += f",自 {result.benefit_start:%Y-%m-%d} 起享受待遇"
    if not result.benefit_this_year:
        head += f"({policy.policy_year}年度内享受不到)"
    items.append(ChecklistItem(text=head, warning=result.waiting_months > 0 or not result.benefit_this_year))
    items.extend(ChecklistItem(text=step.text, citations=step.citations) for step in result.steps)
    section = ChecklistSection(key="timing", title="九、待遇从哪天开始", items=tuple(items))
    return section, None, result.benefit_start
