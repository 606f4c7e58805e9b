"""Sections 七 (特别提醒: the waiting period and the notice's reminders) and 八 (看病待遇怎么申请)."""

from __future__ import annotations

from desktop.core.care import pku_condition, special_blood_condition
from desktop.core.checklist.model import ChecklistAnswers, ChecklistItem, ChecklistSection
from desktop.core.checklist.payment import pays_after_period
from desktop.core.explain import cite
from desktop.core.policy.frozen import PolicyYear, TextFig
from desktop.core.policy.required import need
from desktop.core.waiting import fixed_months_caveat


def warnings_section(policy: PolicyYear, a: ChecklistAnswers) -> ChecklistSection:
    """The waiting period and the notice's reminders. A newborn's list has no waiting-period lines
    (新生儿 wait no months: section 九 says so); for anyone not paying late they are long-form detail."""
    enr = policy.enrolment
    rules = policy.waiting
    items: list[ChecklistItem] = []
    months = rules.late_fixed_months.value
    late = pays_after_period(policy, a) or a.years_broken > 0
    if not a.newborn:
        items.append(
            ChecklistItem(
                text=f"错过集中参保缴费期再补缴的,要等待 {months} 个月才能享受待遇(在“待遇从哪天开始”填写缴费日期即可算出)"
                + fixed_months_caveat(policy),
                citations=(cite(policy, rules.late_fixed_months, "待遇等待期", f"{months}个月"),),
                warning=True,
                detail=not late,
            )
        )
    if a.newborn:
        pass
    elif rules.per_year_broken_months.value:
        # where the notice only quotes a national principle, the clerk is told so beside the months
        caveat = ""
        if rules.per_year_broken_months.status != "official":
            caveat = "(通知转述的是国家“原则上”的规定,具体标准由各省份确定,以经办机构为准)"
        items.append(
            ChecklistItem(
                text=(
                    f"断保的:每断保1年,等待期再加 {rules.per_year_broken_months.value} 个月;"
                    f"每补缴1年,减少 {need(rules.repair_months_per_year, 'waiting.repair_months_per_year')} 个月{caveat}"
                ),
                citations=(
                    cite(policy, rules.per_year_broken_months, "每断保1年增加"),
                    cite(policy, rules.repair_months_per_year, "每补缴1年减少"),
                ),
                warning=True,
                detail=a.years_broken == 0,
            )
        )
    else:
        items.append(
            ChecklistItem(
                text=f"{policy.policy_year}年度通知没有断保年数增加等待期的规定",
                citations=(cite(policy, rules.per_year_broken_months, "断保变动等待期"),),
                silent=True,
                detail=True,
            )
        )
    for reminder in enr.reminders:
        if reminder.value is None:  # 通知未规定: nothing to remind of, no empty line
            continue
        items.append(
            ChecklistItem(
                text=reminder.value,
                citations=(cite(policy, reminder, "特别提醒", "见通知原文"),),
                warning=True,
                detail=True,
            )
        )
    return ChecklistSection(key="warnings", title="七、特别提醒", items=tuple(items))


def benefits_section(policy: PolicyYear, a: ChecklistAnswers) -> ChecklistSection:
    """How benefits are claimed: long-form detail, but for the hotline. A newborn's 追溯报销 is
    said once, under 待遇从哪天开始, not again here."""
    b = policy.benefits
    g = policy.guidance
    entries: list[tuple[str, TextFig]] = [
        ("门诊慢性病", b.outpatient_chronic.application),
        ("门诊特殊病", b.outpatient_special.application),
        ("“双通道”药品", b.dual_channel_drug.application),
        (pku_condition(policy), b.pku.application),
        (special_blood_condition(policy) or "特殊人员用血", b.special_blood.application),
        ("异地就医备案", g.out_of_area),
        ("医保电子凭证", g.e_voucher),
    ]
    if not a.newborn:
        entries.append(("新生儿追溯报销", g.newborn))
    items = [
        ChecklistItem(text=f"{label}:{fig.value}", citations=(cite(policy, fig, label, "办理方法"),), detail=True)
        for label, fig in entries
    ]
    if b.pku.diagnoses is not None:  # the diagnosis condition is cited beside the PKU application
        pku_item = next(i for i in items if i.text.startswith("苯丙酮尿症待遇限"))
        items[items.index(pku_item)] = pku_item.model_copy(
            update={"citations": (*pku_item.citations, cite(policy, b.pku.diagnoses, "诊断条件"))}
        )
    if b.special_blood.qualifying is not None and b.special_blood.qualifying.value:
        # who qualifies is cited beside the blood application
        blood = next(i for i in items if i.text.startswith("特殊人员用血待遇限"))
        items[items.index(blood)] = blood.model_copy(
            update={"citations": (*blood.citations, cite(policy, b.special_blood.qualifying, "享受条件"))}
        )
    hotline = policy.enrolment.hotline
    items.append(
        ChecklistItem(text=f"医保服务咨询热线:{hotline.value}", citations=(cite(policy, hotline, "咨询热线"),))
    )
    return ChecklistSection(key="benefits", title="八、看病待遇怎么申请", items=tuple(items))
