"""Sections 一 (能否参保), 二 (要不要办登记) and 四 (到哪里登记)."""

from __future__ import annotations

from desktop.core.checklist.common import answer_facts, applies, clause, silent
from desktop.core.checklist.model import ChecklistAnswers, ChecklistItem, ChecklistSection
from desktop.core.explain import cite
from desktop.core.identity import check_eligibility
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.names import category_label
from desktop.core.premium import AID_LABELS


def eligibility_section(policy: PolicyYear, a: ChecklistAnswers) -> tuple[bool, ChecklistSection]:
    # A minor's exact age is not asked: "under 18" is all the notices' age line needs.
    age = 0 if a.minor else None
    result = check_eligibility(policy, answer_facts(a), age)
    items = [
        ChecklistItem(
            text=("✓ " if result.eligible else "✗ ") + step.text,
            citations=step.citations,
            warning=not result.eligible,
        )
        for step in result.steps
    ]
    prem = policy.premiums
    cat_label = category_label(policy, a.category)
    items.append(
        ChecklistItem(
            text=f"参保类别:{cat_label}(由工作人员按参保登记身份确认)",
            citations=(cite(policy, prem.categories[a.category].individual, f"{cat_label}个人缴费"),),
        )
    )
    if a.category == "college_student" and not a.college_student:
        items.append(ChecklistItem(text=f"所选类别是“{cat_label}”,但未勾选“本市高校在校学生”,请核实", warning=True))
    if a.newborn and a.category != "minor":
        items.append(
            ChecklistItem(
                text=f"新生儿应按“{category_label(policy, 'minor')}”参保,所选类别是“{cat_label}”,请核实", warning=True
            )
        )
    if a.category == "minor" and not a.minor:
        items.append(ChecklistItem(text=f"所选类别是“{cat_label}”,但未勾选“未满18周岁”,请核实", warning=True))
    if a.aid_status != "none":
        items.append(
            ChecklistItem(
                text=f"{AID_LABELS[a.aid_status]}:个人缴费部分由政府全额承担,本人不用缴费",
                citations=(cite(policy, prem.aid_exemption, "困难群众免缴"),),
            )
        )
    return result.eligible, ChecklistSection(key="eligibility", title="一、能否参保", items=tuple(items))


def registration_sections(policy: PolicyYear, a: ChecklistAnswers) -> tuple[bool, ChecklistSection, ChecklistSection]:
    enr = policy.enrolment
    rule = cite(policy, enr.continuing_rule, "延续参保规定")
    needs = a.new_enrolment or a.info_changed or a.newborn
    if not needs:
        decision = ChecklistItem(
            text="上一年度正常缴费且参保信息没有变化:视作延续参保,不用重新登记,按时缴费即可",
            citations=(rule,),
        )
    else:
        why = "新生儿第一次参保" if a.newborn else ("新参保或上一年度没有缴费" if a.new_enrolment else "参保信息有变化")
        decision = ChecklistItem(text=f"{why}:需要办理参保登记或变更登记", citations=(rule,))
    where: list[ChecklistItem] = []
    if not needs:
        where.append(
            ChecklistItem(
                text="本年度不用办理登记;以后信息有变化(身份类型、姓名、身份证号、电话等)再办理变更",
                citations=(rule,),
            )
        )
    else:
        channels = [c for c in enr.registration_channels if applies(c, a)]
        # students the school registers are registered there only (the notices give them no other way)
        school = [c for c in channels if c.requires_any]
        channels = school or channels
        if a.school_student and not school:
            where.append(
                ChecklistItem(
                    text="中小学生不由学校统一办理:通知只规定高等院校、职业院校(含技工学校)在校学生由学校统一办理,"
                    "中小学生按未成年居民由家长办理参保登记",
                    citations=(clause(policy, enr.registration_cite, "参保登记办理", "学校统一办理的范围"),),
                )
            )
        for ch in channels:
            where.append(
                ChecklistItem(
                    text=f"{ch.label}:{ch.detail}",
                    citations=(clause(policy, enr.registration_cite, "参保登记办理", ch.label),),
                )
            )
        if not where:
            where.append(
                ChecklistItem(
                    text="通知没有为所选类别列出登记方式,请向街道(镇)便民服务中心咨询",
                    citations=(silent(policy, enr.registration_cite, "登记方式", "通知未为此类别列出登记方式"),),
                    silent=True,
                )
            )
    return (
        needs,
        ChecklistSection(key="registration", title="二、要不要办登记", items=(decision,)),
        ChecklistSection(key="where", title="四、到哪里登记", items=tuple(where)),
    )
