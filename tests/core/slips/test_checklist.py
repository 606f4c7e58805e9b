"""参保清单's slip made from plain data: the core's checklist and the clerk's answers, no window."""

from __future__ import annotations

import datetime as dt

from desktop.core.checklist import ChecklistAnswers, build_checklist
from desktop.core.policy.loader import PolicySet
from desktop.core.slips.checklist import checklist_slip


def test_a_checklist_slip_from_data(policies: PolicySet) -> None:
    p = policies[2025]
    a = ChecklistAnswers(
        new_enrolment=True,
        category="elderly",
        huji=False,
        residence_permit=True,
        aid_status="none",
        payment="online",
        info_changed=True,
        previously_insured_here=True,
        first_bank_debit=True,  # asked only in 2024 (its bank_debit_setup): not printed for 2025
        flexible_pension=True,  # 2025's bank question: printed
        newborn=False,
        birth_date=dt.date(2025, 1, 2),  # printed only for a newborn
        payment_date=dt.date(2025, 2, 3),
        years_broken=2,
        years_repaid=0,  # none: no line
    )
    c = build_checklist(p, a)
    slip = checklist_slip(p, c, a, "abc123")
    assert slip.title == "居民医保参保清单"
    assert (slip.policy_year, slip.data_hash) == (2025, "abc123")
    assert slip.inputs == (
        ("参保情况", "新参保"),
        ("参保类别", "老年居民"),
        ("户籍", "外地户籍,持本市有效居住证"),
        ("医疗救助身份", "非救助对象"),
        ("缴费方式", "线上缴费(微信、支付宝、App)"),
        ("缴费日期", "2025-02-03"),
        ("断保年数", "2"),
        (
            "其他情况",
            "参保信息有变化(身份类型、姓名、身份证号、电话等)、以前参加过本市基本医保、同时参加灵活就业人员养老保险",
        ),
    )
    assert slip.table[0] == ("事项", "内容", "依据")
    short = c.short()
    # one row per item of the short form, each under its section's title
    assert [row[0] for row in slip.table[1:]] == [s.title for s in short.sections for _ in s.items]
    # 一、参保对象: 持有本市有效居住证的城乡居民(需既往曾参加过我市基本医疗保险) may enrol
    assert short.eligible and slip.notes == ("可以参保",)
    full = checklist_slip(p, c, a, "abc123", full_form=True)
    assert len(full.table) - 1 == sum(len(s.items) for s in c.sections) > len(slip.table) - 1


def test_a_newborn_in_2024(policies: PolicySet) -> None:
    p = policies[2024]
    a = ChecklistAnswers(newborn=True, birth_date=dt.date(2024, 3, 4), first_bank_debit=True, flexible_pension=True)
    slip = checklist_slip(p, build_checklist(p, a), a, "h")
    # continuing (续保) by default; 2024 asks about the first bank debit, not the pension
    assert slip.inputs[0] == ("参保情况", "续保")
    assert ("出生日期", "2024-03-04") in slip.inputs
    assert slip.inputs[-1] == ("其他情况", "首次使用省保卡扣费、新生儿")
