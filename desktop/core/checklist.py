"""The enrolment checklist: from a few answers, the resident's own list of what to do this year.

Every item carries the clause it rests on (``explain.cite``). Where the notice says nothing, the
item says so instead of guessing, and is marked ``silent``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from desktop.core.care import pku_condition
from desktop.core.dates import cn_date
from desktop.core.errors import InputProblem
from desktop.core.explain import Citation, cite, cite_text
from desktop.core.family import RELATION_LABELS
from desktop.core.identity import check_eligibility
from desktop.core.policy.frozen import Channel, PolicyYear, TextFig
from desktop.core.policy.kinds import AidStatus, Category
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS
from desktop.core.waiting import NEWBORN_START_READING, WaitingInput, waiting_period

PaymentWay = Literal["bank_debit", "online", "counter", "family", "school"]

PAYMENT_LABELS: dict[str, str] = {
    "bank_debit": "省社保卡(银行)扣款",
    "online": "线上缴费(微信、支付宝、App)",
    "counter": "到税务或银行窗口缴费",
    "family": "亲属用职工医保个人账户代缴(家庭共济)",
    "school": "学校代缴",
}


class ChecklistAnswers(BaseModel):
    """What the clerk asks the resident at the counter."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    new_enrolment: bool = Field(False, description="新参保(或上一年度没有缴费)")
    info_changed: bool = Field(False, description="参保信息(身份类型、姓名、身份证号、电话等)有变化")
    category: Category = Field("elderly", description="参保类别")
    huji: bool = Field(True, description="有本市户籍")
    residence_permit: bool = Field(False, description="外地户籍,持本市有效居住证")
    previously_insured_here: bool = Field(False, description="以前参加过本市基本医保")
    insured_elsewhere: bool = Field(False, description="已参加其他地区基本医保或长护险")
    college_student: bool = Field(False, description="本市高校在校学生")
    school_student: bool = Field(False, description="本市中小学在校学生(随家庭按未成年居民参保)")
    vocational_student: bool = Field(False, description="本市职业院校(含技工学校)在校学生(由学校统一办理)")
    minor: bool = Field(False, description="未满18周岁")
    preschool: bool = Field(False, description="入学前儿童")
    parent_employee_12m: bool = Field(False, description="父母一方参加本市职工医保且缴费满12个月")
    hmt_permit_unemployed: bool = Field(False, description="持港澳台居民居住证且未就业")
    employee_insured: bool = Field(False, description="在职工医保参保")
    aid_status: AidStatus = Field("none", description="医疗救助身份")
    payment: PaymentWay = Field("bank_debit", description="打算怎样缴费")
    first_bank_debit: bool = Field(False, description="首次使用省保卡扣费(2024年度通知的银行办理条件)")
    flexible_pension: bool = Field(False, description="同时参加灵活就业人员养老保险(2025年度通知的银行办理条件)")
    newborn: bool = Field(False, description="新生儿(出生后第一次参保)")
    birth_date: dt.date | None = Field(None, description="新生儿出生日期")
    payment_date: dt.date | None = Field(None, description="缴费日期(补缴、断保后再参保或新生儿时填写)")
    years_broken: int = Field(0, ge=0, le=50, description="断保年数")
    years_repaid: int = Field(0, ge=0, le=50, description="补缴年数")


class ChecklistItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    citations: tuple[Citation, ...] = ()
    silent: bool = Field(False, description="the notice says nothing here; the text says so")
    warning: bool = False


class ChecklistSection(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    items: tuple[ChecklistItem, ...]

    def all_text(self) -> str:
        return "\n".join(item.text for item in self.items)


class Checklist(BaseModel):
    model_config = ConfigDict(frozen=True)

    policy_year: int
    data_version: str
    eligible: bool
    needs_registration: bool
    sections: tuple[ChecklistSection, ...]
    #: the waiting-period inputs that cannot go together: (field, Chinese reason), shown at that field
    timing_problem: tuple[str, str] | None = None
    #: when benefits start, once a payment date is given and the inputs agree
    benefit_start: dt.date | None = None

    def section(self, key: str) -> ChecklistSection:
        return next(s for s in self.sections if s.key == key)

    def all_text(self) -> str:
        return "\n".join(item.text for s in self.sections for item in s.items)


def _clause(policy: PolicyYear, clause: str, label: str, value: str) -> Citation:
    """A citation for text that sits under a section heading rather than in one figure."""
    return cite_text(policy, TextFig(value=value, cite=clause), label, value)


def _silent(policy: PolicyYear, clause: str, label: str, reason: str) -> Citation:
    """The clause that would have said it, marked 通知未规定."""
    return cite_text(policy, TextFig(value=None, status="not_stated", cite=clause, reason=reason), label, "通知未规定")


def _applies(channel: Channel, a: ChecklistAnswers) -> bool:
    """The channel is for this category and, where it names students, for this kind of student."""
    if a.category not in channel.for_categories:
        return False
    facts = _facts(a)
    facts["college_student_here"] = facts["college_student_here"] or a.category == "college_student"
    return not channel.requires_any or any(facts.get(f, False) for f in channel.requires_any)


def _exempt(a: ChecklistAnswers) -> bool:
    """An aid recipient: the government pays the individual part, so there is nothing to pay."""
    return a.aid_status != "none"


#: who a channel's requires_any names, in the notices' words
_STUDENT_LABELS = {
    "college_student_here": "高等院校在校学生",
    "vocational_student_here": "职业院校(含技工学校)在校学生",
}


def _facts(a: ChecklistAnswers) -> dict[str, bool]:
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


def _eligibility(policy: PolicyYear, a: ChecklistAnswers) -> tuple[bool, ChecklistSection]:
    # A minor's exact age is not asked: "under 18" is all the notices' age line needs.
    age = 0 if a.minor else None
    result = check_eligibility(policy, _facts(a), age)
    items = [
        ChecklistItem(
            text=("✓ " if result.eligible else "✗ ") + step.text,
            citations=step.citations,
            warning=not result.eligible,
        )
        for step in result.steps
    ]
    prem = policy.premiums
    cat_label = CATEGORY_LABELS[a.category]
    items.append(
        ChecklistItem(
            text=f"参保类别:{cat_label}(由工作人员按参保登记身份确认)",
            citations=(cite(policy, prem.categories[a.category].individual, f"{cat_label}个人缴费"),),
        )
    )
    if a.category == "college_student" and not a.college_student:
        items.append(ChecklistItem(text="所选类别是“高校大学生”,但未勾选“本市高校在校学生”,请核实", warning=True))
    if a.newborn and a.category != "minor":
        items.append(ChecklistItem(text=f"新生儿应按“未成年居民”参保,所选类别是“{cat_label}”,请核实", warning=True))
    if a.category == "minor" and not a.minor:
        items.append(ChecklistItem(text="所选类别是“未成年居民”,但未勾选“未满18周岁”,请核实", warning=True))
    if a.aid_status != "none":
        items.append(
            ChecklistItem(
                text=f"{AID_LABELS[a.aid_status]}:个人缴费部分由政府全额承担,本人不用缴费",
                citations=(cite(policy, prem.aid_exemption, "困难群众免缴"),),
            )
        )
    return result.eligible, ChecklistSection(key="eligibility", title="一、能否参保", items=tuple(items))


def _registration(policy: PolicyYear, a: ChecklistAnswers) -> tuple[bool, ChecklistSection, ChecklistSection]:
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
        channels = [c for c in enr.registration_channels if _applies(c, a)]
        # students the school registers are registered there only (the notices give them no other way)
        school = [c for c in channels if c.requires_any]
        channels = school or channels
        if a.school_student and not school:
            where.append(
                ChecklistItem(
                    text="中小学生不由学校统一办理:通知只规定高等院校、职业院校(含技工学校)在校学生由学校统一办理,"
                    "中小学生按未成年居民由家长办理参保登记",
                    citations=(_clause(policy, enr.registration_cite, "参保登记办理", "学校统一办理的范围"),),
                )
            )
        for ch in channels:
            where.append(
                ChecklistItem(
                    text=f"{ch.label}:{ch.detail}",
                    citations=(_clause(policy, enr.registration_cite, "参保登记办理", ch.label),),
                )
            )
        if not where:
            where.append(
                ChecklistItem(
                    text="通知没有为所选类别列出登记方式,请向街道(镇)便民服务中心咨询",
                    citations=(_silent(policy, enr.registration_cite, "登记方式", "通知未为此类别列出登记方式"),),
                    silent=True,
                )
            )
    return (
        needs,
        ChecklistSection(key="registration", title="二、要不要办登记", items=(decision,)),
        ChecklistSection(key="where", title="四、到哪里登记", items=tuple(where)),
    )


def _documents(policy: PolicyYear, a: ChecklistAnswers, needs_registration: bool) -> ChecklistSection:
    enr = policy.enrolment
    items: list[ChecklistItem] = []
    if needs_registration and a.newborn:
        items.append(
            ChecklistItem(
                text="新生儿参保登记:通知没有列出要带的材料;建议由父母(监护人)带本人身份证、新生儿的户口簿"
                "(未落户的带出生医学证明),到窗口以经办人员要求为准",
                citations=(_silent(policy, enr.registration_cite, "新生儿登记材料", "通知未列出新生儿参保登记材料"),),
                silent=True,
            )
        )
    elif needs_registration:
        items.append(
            ChecklistItem(
                text="通知没有列出办理参保登记要带的材料;建议带上本人身份证(或户口簿),"
                + ("居住证," if a.residence_permit else "")
                + ("学籍证明," if a.college_student or a.school_student else "")
                + "到窗口以经办人员要求为准",
                citations=(_silent(policy, enr.registration_cite, "登记所需材料", "通知未列出参保登记所需材料"),),
                silent=True,
            )
        )
    if _exempt(a):
        pass  # nothing to pay, so nothing to bring for paying
    elif a.payment == "bank_debit":
        setup = enr.bank_debit_setup
        if setup is None or getattr(a, setup.fact):
            docs = list(enr.documents_for_bank_debit.value or ())
            if not a.minor:
                docs = [d for d in docs if "未成年" not in d and "父母" not in d]
            who = f"{setup.condition.value}," if setup is not None else ""
            citations: tuple[Citation, ...] = (cite(policy, enr.documents_for_bank_debit, "银行扣款所需资料"),)
            if setup is not None:
                citations = (cite(policy, setup.condition, "到银行办理的条件"), *citations)
            items.append(
                ChecklistItem(
                    text=f"{who}到银行网点办理省社保卡扣款(激活金融功能、签委托扣款协议)要带:" + ";".join(docs),
                    citations=citations,
                )
            )
        else:
            items.append(
                ChecklistItem(
                    text=f"省社保卡扣款:通知只要求{setup.condition.value}到银行网点办理激活和签约并带齐资料;"
                    "不属于这种情况的,通知没有要求另带材料,在扣款日前存足保费即可",
                    citations=(cite(policy, setup.condition, "到银行办理的条件"),),
                )
            )
    elif a.payment == "counter":
        items.append(
            ChecklistItem(
                text="窗口缴费:到税务办税服务窗口带银联卡;到银行网点带本人身份证",
                citations=(_clause(policy, enr.payment_cite, "线下缴费", "银联卡、身份证"),),
            )
        )
    elif a.payment in ("online", "family"):
        items.append(
            ChecklistItem(
                text="线上缴费或家庭共济缴费:通知没有要求另带材料,用手机办理",
                citations=(_silent(policy, enr.payment_cite, "缴费所需材料", "通知未列出线上缴费所需材料"),),
                silent=True,
            )
        )
    elif a.payment == "school":
        items.append(
            ChecklistItem(
                text="学校代缴:按学校通知办理,通知没有要求本人另带材料",
                citations=(_silent(policy, enr.payment_cite, "缴费所需材料", "通知未列出学校代缴所需材料"),),
                silent=True,
            )
        )
    return ChecklistSection(key="documents", title="三、要带什么", items=tuple(items))


def _payment(policy: PolicyYear, a: ChecklistAnswers) -> ChecklistSection:
    enr = policy.enrolment
    start, end = enr.collection_start.value, enr.collection_end.value
    if _exempt(a):
        # an exempt person pays nothing: no channel, bank, date or debit warning applies
        return ChecklistSection(
            key="payment",
            title="五、怎样缴费、什么时候缴",
            items=(
                ChecklistItem(
                    text=f"集中参保缴费期:{cn_date(start)}至{cn_date(end)}",
                    citations=(
                        cite(policy, enr.collection_start, "集中参保缴费期", f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"),
                    ),
                ),
                ChecklistItem(
                    text=f"{AID_LABELS[a.aid_status]}:个人缴费部分由政府全额承担,本人不用缴费,"
                    "不用办理任何缴费手续;请确认救助身份已经认定",
                    citations=(cite(policy, policy.premiums.aid_exemption, "困难群众免缴"),),
                ),
            ),
        )
    items = [
        ChecklistItem(
            text=f"集中参保缴费期:{cn_date(start)}至{cn_date(end)},请在此期间缴费",
            citations=(cite(policy, enr.collection_start, "集中参保缴费期", f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"),),
        )
    ]
    way = a.payment
    channel = next((c for c in enr.payment_channels if c.id == way), None)
    pay_cite = _clause(policy, enr.payment_cite, "缴费方式", PAYMENT_LABELS[way])
    if channel is None:
        items.append(
            ChecklistItem(
                text=f"{policy.policy_year}年度通知没有列出“{PAYMENT_LABELS[way]}”这种缴费方式",
                citations=(pay_cite,),
                silent=True,
                warning=True,
            )
        )
    elif a.category in channel.for_categories and not _applies(channel, a):
        allowed = "、".join(_STUDENT_LABELS.get(f, f) for f in channel.requires_any)
        items.append(
            ChecklistItem(
                text=f"“{channel.label}”只适用于{allowed};中小学生请选其他缴费方式",
                citations=(pay_cite,),
                warning=True,
            )
        )
    elif a.category not in channel.for_categories:
        allowed = "、".join(CATEGORY_LABELS[c] for c in channel.for_categories)
        items.append(
            ChecklistItem(
                text=f"“{channel.label}”只适用于{allowed},与所选类别不符,请换一种方式",
                citations=(pay_cite,),
                warning=True,
            )
        )
    else:
        items.append(ChecklistItem(text=f"{channel.label}:{channel.detail}", citations=(pay_cite,)))
    if way in ("bank_debit", "counter"):
        banks = "、".join(enr.banks.value or ())
        items.append(ChecklistItem(text=f"合作银行:{banks}", citations=(cite(policy, enr.banks, "合作银行"),)))
    if way == "bank_debit":
        dates = "、".join(f"{d:%Y-%m-%d}" for d in enr.debit_dates.value or ())
        label = enr.debit_dates_label
        items.append(
            ChecklistItem(
                text=f"{label}:{dates};请在扣款日前把保费存到省社保卡对应的银行账户",
                citations=(cite(policy, enr.debit_dates, label, dates),),
            )
        )
    if way == "online":
        frm = enr.online_payment_from
        if frm.value is None:
            items.append(
                ChecklistItem(
                    text="通知没有写线上缴费从哪天开始,集中参保缴费期内均可尝试",
                    citations=(cite(policy, frm, "线上缴费开始日"),),
                    silent=True,
                )
            )
        else:
            items.append(
                ChecklistItem(
                    text=f"线上缴费从{cn_date(frm.value)}起可以办理",
                    citations=(cite(policy, frm, "线上缴费开始日", f"{frm.value:%Y-%m-%d}"),),
                )
            )
    if way == "family":
        relations = "、".join(RELATION_LABELS[r] for r in enr.family_relations.value or ())
        items.append(
            ChecklistItem(
                text=f"代缴人须是江苏省内职工医保参保人员;{policy.policy_year}年度可为这些亲属代缴:{relations}",
                citations=(
                    cite(policy, enr.family_payer_rule, "代缴人条件"),
                    cite(policy, enr.family_relations, "家庭共济亲属范围", relations),
                ),
            )
        )
    if way in ("family", "bank_debit") and enr.family_debit_warning.value:
        items.append(
            ChecklistItem(
                text=enr.family_debit_warning.value,
                citations=(cite(policy, enr.family_debit_warning, "委托扣款提醒"),),
                warning=True,
            )
        )
    return ChecklistSection(key="payment", title="五、怎样缴费、什么时候缴", items=tuple(items))


def _receipts(policy: PolicyYear) -> ChecklistSection:
    enr = policy.enrolment
    items = tuple(
        ChecklistItem(
            text=f"{ch.label}:{ch.detail}",
            citations=(_clause(policy, enr.receipt_cite, "缴费凭证", ch.label),),
        )
        for ch in enr.receipt_channels
    )
    return ChecklistSection(key="receipts", title="六、怎样拿缴费凭证", items=items)


def _warnings(policy: PolicyYear) -> ChecklistSection:
    enr = policy.enrolment
    rules = policy.waiting
    items: list[ChecklistItem] = []
    months = rules.late_fixed_months.value
    items.append(
        ChecklistItem(
            text=f"错过集中参保缴费期再补缴的,要等待 {months} 个月才能享受待遇(在“待遇从哪天开始”填写缴费日期即可算出)",
            citations=(cite(policy, rules.late_fixed_months, "待遇等待期", f"{months}个月"),),
            warning=True,
        )
    )
    if rules.per_year_broken_months.value:
        # where the notice only quotes a national principle, the clerk is told so beside the months
        caveat = ""
        if rules.per_year_broken_months.status != "official":
            caveat = "(通知转述的是国家“原则上”的规定,具体标准由各省份确定,以经办机构为准)"
        items.append(
            ChecklistItem(
                text=(
                    f"断保的:每断保1年,等待期再加 {rules.per_year_broken_months.value} 个月;"
                    f"每补缴1年,减少 {rules.repair_months_per_year.value or 0} 个月{caveat}"
                ),
                citations=(
                    cite(policy, rules.per_year_broken_months, "每断保1年增加"),
                    cite(policy, rules.repair_months_per_year, "每补缴1年减少"),
                ),
                warning=True,
            )
        )
    else:
        items.append(
            ChecklistItem(
                text=f"{policy.policy_year}年度通知没有断保年数增加等待期的规定",
                citations=(cite(policy, rules.per_year_broken_months, "断保变动等待期"),),
                silent=True,
            )
        )
    for reminder in enr.reminders:
        items.append(
            ChecklistItem(
                text=reminder.value or "",
                citations=(cite(policy, reminder, "特别提醒", "见通知原文"),),
                warning=True,
            )
        )
    return ChecklistSection(key="warnings", title="七、特别提醒", items=tuple(items))


def _benefits(policy: PolicyYear) -> ChecklistSection:
    b = policy.benefits
    g = policy.guidance
    entries: list[tuple[str, TextFig]] = [
        ("门诊慢性病", b.outpatient_chronic.application),
        ("门诊特殊病", b.outpatient_special.application),
        ("“双通道”药品", b.dual_channel_drug.application),
        (pku_condition(policy), b.pku.application),
        ("特殊人员用血", b.special_blood.application),
        ("异地就医备案", g.out_of_area),
        ("医保电子凭证", g.e_voucher),
        ("新生儿追溯报销", g.newborn),
    ]
    items = [
        ChecklistItem(text=f"{label}:{fig.value}", citations=(cite(policy, fig, label, "办理方法"),))
        for label, fig in entries
    ]
    if b.pku.diagnoses is not None:  # the diagnosis condition is cited beside the PKU application
        pku_item = next(i for i in items if i.text.startswith("苯丙酮尿症待遇限"))
        items[items.index(pku_item)] = pku_item.model_copy(
            update={"citations": (*pku_item.citations, cite(policy, b.pku.diagnoses, "诊断条件"))}
        )
    hotline = policy.enrolment.hotline
    items.append(
        ChecklistItem(text=f"医保服务咨询热线:{hotline.value}", citations=(cite(policy, hotline, "咨询热线"),))
    )
    return ChecklistSection(key="benefits", title="八、看病待遇怎么申请", items=tuple(items))


def _timing(policy: PolicyYear, a: ChecklistAnswers) -> tuple[ChecklistSection, tuple[str, str] | None, dt.date | None]:
    """When benefits start: the year's first day for a continuing payer in time; for a newborn or a
    late payer, from the payment date the clerk enters (the same calculation as 保费测算)."""
    enr, rules = policy.enrolment, policy.waiting
    items: list[ChecklistItem] = []
    start, c_end = enr.benefit_start.value, enr.collection_end.value
    if a.newborn:
        exempt = [f for f in (rules.exempt, rules.exempt_other) if f is not None and "newborn" in (f.value or ())]
        if exempt:
            items.append(
                ChecklistItem(
                    text="新生儿不设待遇等待期(通知:“除新生儿等特殊群体外”设置待遇等待期),出生后尽快办理参保缴费",
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
        if a.newborn or a.new_enrolment or a.years_broken:
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
        items.append(ChecklistItem(text=f"无法计算:{exc.message}", warning=True))
        section = ChecklistSection(key="timing", title="九、待遇从哪天开始", items=tuple(items))
        return section, (exc.field, exc.message), None
    if a.newborn and a.birth_date is None:
        problem = ("birth_date", "请填写新生儿的出生日期:待遇不会早于出生之日")
        items.append(ChecklistItem(text=problem[1], warning=True))
        return ChecklistSection(key="timing", title="九、待遇从哪天开始", items=tuple(items)), problem, None
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


def build_checklist(policy: PolicyYear, answers: ChecklistAnswers) -> Checklist:
    eligible, eligibility = _eligibility(policy, answers)
    needs, registration, where = _registration(policy, answers)
    timing, problem, benefit_start = _timing(policy, answers)
    sections = (
        eligibility,
        registration,
        _documents(policy, answers, needs),
        where,
        _payment(policy, answers),
        _receipts(policy),
        _warnings(policy),
        _benefits(policy),
        timing,
    )
    return Checklist(
        policy_year=policy.policy_year,
        data_version=policy.data_version,
        eligible=eligible,
        needs_registration=needs,
        sections=sections,
        timing_problem=problem,
        benefit_start=benefit_start,
    )
