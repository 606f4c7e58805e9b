"""The printed 居民医保参保清单: the clerk's answers, the checklist's items with their clauses, the verdict."""

from __future__ import annotations

from desktop.core.checklist import PAYMENT_LABELS, Checklist, ChecklistAnswers
from desktop.core.policy.frozen import PolicyYear
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS
from desktop.core.slip import Slip, readings_of

#: 户籍, as the tab asks it: key -> the answer's words
RESIDENCE_CHOICES = (
    ("huji", "本市户籍"),
    ("permit", "外地户籍,持本市有效居住证"),
    ("other", "外地户籍,没有本市居住证"),
)

#: the yes/no questions (ChecklistAnswers' fields), as the tab asks them and the slip lists the ticked ones
CHECKBOXES = (
    ("info_changed", "参保信息有变化(身份类型、姓名、身份证号、电话等)"),
    ("previously_insured_here", "以前参加过本市基本医保"),
    ("insured_elsewhere", "已参加其他地区的基本医保或长护险"),
    ("hmt_permit_unemployed", "持港澳台居民居住证且未就业"),
    ("minor", "未满18周岁"),
    ("college_student", "本市高校在校学生"),
    ("school_student", "本市中小学在校学生"),
    ("vocational_student", "本市职业院校(含技工学校)在校学生"),
    ("preschool", "入学前儿童"),
    ("parent_employee_12m", "父母一方参加本市职工医保且缴费满12个月"),
    ("employee_insured", "本人在职工医保参保"),
    # the notice's condition for the bank visit: only the current year's one is shown
    ("first_bank_debit", "首次使用省保卡扣费"),
    ("flexible_pension", "同时参加灵活就业人员养老保险"),
)
#: answers that only one year's notice asks about (its bank_debit_setup condition)
BANK_SETUP_CHECKS = ("first_bank_debit", "flexible_pension")


def asked(policy: PolicyYear, key: str) -> bool:
    """Whether the year's questions include ``key``: a bank-setup question only in the year naming it."""
    if key not in BANK_SETUP_CHECKS:
        return True
    setup = policy.enrolment.bank_debit_setup
    return setup is not None and setup.fact == key


def residence_key(a: ChecklistAnswers) -> str:
    return "huji" if a.huji else ("permit" if a.residence_permit else "other")


def checklist_slip(
    policy: PolicyYear, checklist: Checklist, a: ChecklistAnswers, data_hash: str, *, full_form: bool = False
) -> Slip:
    """The slip of ``checklist``, built from answers ``a``: the one-page short form unless ``full_form``."""
    c = checklist if full_form else checklist.short()
    inputs = [
        ("参保情况", "新参保" if a.new_enrolment else "续保"),
        ("参保类别", CATEGORY_LABELS[a.category]),
        ("户籍", dict(RESIDENCE_CHOICES)[residence_key(a)]),
        ("医疗救助身份", AID_LABELS[a.aid_status]),
        ("缴费方式", PAYMENT_LABELS[a.payment]),
    ]
    ticked = [label for key, label in CHECKBOXES if getattr(a, key) and asked(policy, key)]
    if a.newborn:
        ticked.append("新生儿")
    for label, value in (
        ("出生日期", a.birth_date.isoformat() if a.birth_date and a.newborn else ""),
        ("缴费日期", a.payment_date.isoformat() if a.payment_date else ""),
        ("断保年数", str(a.years_broken) if a.years_broken else ""),
        ("补缴年数", str(a.years_repaid) if a.years_repaid else ""),
    ):
        if value:
            inputs.append((label, value))
    if ticked:
        inputs.append(("其他情况", "、".join(ticked)))
    table: list[tuple[str, ...]] = [("事项", "内容", "依据")]
    for section in c.sections:
        for item in section.items:
            # the short form names each clause; the long form quotes the notice's words too
            source = ";".join(
                ci.source
                + ("" if ci.status == "official" else f"({ci.status_label})")
                + (f" {ci.quoted}" if ci.quote and full_form else "")
                + (f" {ci.reading}" if ci.reading else "")
                for ci in item.citations
            )
            table.append((section.title, ("[通知未规定] " if item.silent else "") + item.text, source))
    verdict = "可以参保" if c.eligible else "按所答情况不能参保,请核实"
    return Slip(
        title="居民医保参保清单",
        policy_year=c.policy_year,
        data_version=c.data_version,
        data_hash=data_hash,
        inputs=tuple(inputs),
        amounts=(),
        notes=(verdict,),
        table=tuple(table),
        readings=readings_of(ci for s in c.sections for item in s.items for ci in item.citations),
    )
