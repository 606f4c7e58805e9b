"""What every section builder uses: citations of clauses (and of a notice's silence), and the
facts the answers give to the eligibility rules and the channels."""

from __future__ import annotations

from desktop.core.checklist.model import ChecklistAnswers
from desktop.core.explain import Citation, cite_text
from desktop.core.policy.frozen import Channel, PolicyYear, TextFig


def clause(policy: PolicyYear, clause: str, label: str, value: str) -> Citation:
    """A citation for text that sits under a section heading rather than in one figure."""
    return cite_text(policy, TextFig(value=value, cite=clause), label, value)


def silent(policy: PolicyYear, clause: str, label: str, reason: str) -> Citation:
    """The clause that would have said it, marked 通知未规定."""
    return cite_text(policy, TextFig(value=None, status="not_stated", cite=clause, reason=reason), label, "通知未规定")


def applies(channel: Channel, a: ChecklistAnswers) -> bool:
    """The channel is for this category and, where it names students, for this kind of student."""
    if a.category not in channel.for_categories:
        return False
    facts = answer_facts(a)
    facts["college_student_here"] = facts["college_student_here"] or a.category == "college_student"
    return not channel.requires_any or any(facts.get(f, False) for f in channel.requires_any)


def exempt(a: ChecklistAnswers) -> bool:
    """An aid recipient: the government pays the individual part, so there is nothing to pay."""
    return a.aid_status != "none"


#: who a channel's requires_any names, in the notices' words
STUDENT_LABELS = {
    "college_student_here": "高等院校在校学生",
    "vocational_student_here": "职业院校(含技工学校)在校学生",
}


def answer_facts(a: ChecklistAnswers) -> dict[str, bool]:
    return {
        "huji": a.huji,
        "residence_permit": a.residence_permit,
        "previously_insured_here": a.previously_insured_here,
        "college_student_here": a.college_student,
        # 参保对象: 中小学 pupils and vocational students are one group; only the latter enrol at school
        "school_student_here": a.school_student or a.vocational_student,
        "vocational_student_here": a.vocational_student,
        "preschool": a.preschool,
        "parent_employee_insured_12m": a.parent_employee_12m,
        "insured_elsewhere": a.insured_elsewhere,
        "hmt_permit_unemployed": a.hmt_permit_unemployed,
        "employee_insured": a.employee_insured,
    }
