"""Sections 三 (要带什么), 五 (怎样缴费、什么时候缴) and 六 (怎样拿缴费凭证): what paying takes,
channel by channel, and nothing at all for an aid recipient the government pays for."""

from __future__ import annotations

from desktop.core.checklist.common import STUDENT_LABELS, applies, clause, exempt, silent
from desktop.core.checklist.model import PAYMENT_LABELS, ChecklistAnswers, ChecklistItem, ChecklistSection
from desktop.core.dates import cn_date
from desktop.core.explain import Citation, cite
from desktop.core.family import RELATION_LABELS
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.names import category_label
from desktop.core.policy.required import need
from desktop.core.premium import AID_LABELS


def documents_section(policy: PolicyYear, a: ChecklistAnswers, needs_registration: bool) -> ChecklistSection:
    enr = policy.enrolment
    items: list[ChecklistItem] = []
    if needs_registration and a.newborn:
        items.append(
            ChecklistItem(
                text="新生儿参保登记:通知没有列出要带的材料;【解读】建议由父母(监护人)带本人身份证、新生儿的户口簿"
                "(未落户的带出生医学证明),到窗口以经办人员要求为准",
                citations=(silent(policy, enr.registration_cite, "新生儿登记材料", "通知未列出新生儿参保登记材料"),),
                silent=True,
            )
        )
    elif needs_registration:
        items.append(
            ChecklistItem(
                text="通知没有列出办理参保登记要带的材料;【解读】建议带上本人身份证(或户口簿),"
                + ("居住证," if a.residence_permit else "")
                + ("学籍证明," if a.college_student or a.school_student else "")
                + "到窗口以经办人员要求为准",
                citations=(silent(policy, enr.registration_cite, "登记所需材料", "通知未列出参保登记所需材料"),),
                silent=True,
            )
        )
    if exempt(a):
        pass  # nothing to pay, so nothing to bring for paying
    elif a.payment == "bank_debit":
        setup = enr.bank_debit_setup
        if setup is None or getattr(a, setup.fact):
            # 通知未规定 is legal for these lists (nothing is computed from them): said, never left blank
            listed = enr.documents_for_bank_debit.value
            docs = list(listed) if listed is not None else ["通知未列出所需资料,请向银行网点咨询"]
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
            # the notice's own clause for a minor's guardian (a newborn's parents): quoted as it stands,
            # and in the short form in place of the general line
            listed = enr.documents_for_bank_debit.value
            guardian = [d for d in listed if "未成年" in d or "父母" in d] if listed is not None else []
            guardian = guardian if a.minor or a.newborn else []
            items.append(
                ChecklistItem(
                    text=f"省社保卡扣款:通知只要求{setup.condition.value}到银行网点办理激活和签约并带齐资料;"
                    "【解读】不属于这种情况的,通知没有列出要另带的材料,按时存足保费即可",
                    citations=(cite(policy, setup.condition, "到银行办理的条件"),),
                    detail=bool(guardian),
                )
            )
            if guardian:
                items.append(
                    ChecklistItem(
                        text="为未成年人(含新生儿)到银行办理的,通知写明:" + ";".join(guardian),
                        citations=(cite(policy, enr.documents_for_bank_debit, "银行扣款所需资料"),),
                    )
                )
    elif a.payment == "counter":
        items.append(
            ChecklistItem(
                text="窗口缴费:到税务办税服务窗口带银联卡;到银行网点带本人身份证",
                citations=(clause(policy, enr.payment_cite, "线下缴费", "银联卡、身份证"),),
            )
        )
    elif a.payment in ("online", "family"):
        items.append(
            ChecklistItem(
                text="线上缴费或家庭共济缴费:通知没有列出要带的材料;【解读】用手机办理即可",
                citations=(silent(policy, enr.payment_cite, "缴费所需材料", "通知未列出线上缴费所需材料"),),
                silent=True,
            )
        )
    elif a.payment == "school":
        items.append(
            ChecklistItem(
                text="学校代缴:通知没有列出本人要带的材料;【解读】按学校的通知办理",
                citations=(silent(policy, enr.payment_cite, "缴费所需材料", "通知未列出学校代缴所需材料"),),
                silent=True,
            )
        )
    return ChecklistSection(key="documents", title="三、要带什么", items=tuple(items))


def pays_after_period(policy: PolicyYear, a: ChecklistAnswers) -> bool:
    """The payment falls after the collection period: a late payer, or a newborn born after it
    (or with no birth date yet): the period's dates and debit days are past for them."""
    end = policy.enrolment.collection_end.value
    if end is None:
        return False
    if a.payment_date is not None and a.payment_date > end:
        return True
    return a.newborn and (a.birth_date is None or a.birth_date > end)


def _period_items(policy: PolicyYear, a: ChecklistAnswers) -> list[ChecklistItem]:
    """When to pay: within the collection period, or, once it is over, now, as the notice's
    reminder says for those who missed it (a newborn: as soon as the birth is registered)."""
    enr = policy.enrolment
    start, end = enr.collection_start.value, enr.collection_end.value
    period = cite(policy, enr.collection_start, "集中参保缴费期", f"{start:%Y-%m-%d}至{end:%Y-%m-%d}")
    if not pays_after_period(policy, a):
        return [
            ChecklistItem(text=f"集中参保缴费期:{cn_date(start)}至{cn_date(end)},请在此期间缴费", citations=(period,))
        ]
    late = next((r for r in enr.reminders if r.value and "补办" in r.value), None)
    late_cite = (cite(policy, late, "补办参保缴费"),) if late is not None else ()
    if a.newborn:
        return [
            ChecklistItem(
                text=f"集中参保缴费期({cn_date(start)}至{cn_date(end)})在出生前已经结束,不用等下一个缴费期:"
                "【解读】通知没有写新生儿的缴费时间,本工具理解为出生后办理参保登记,随即用下列方式缴纳当年个人缴费",
                citations=(period, silent(policy, enr.payment_cite, "新生儿缴费时间", "通知未写新生儿的缴费时间")),
            )
        ]
    return [
        ChecklistItem(
            text=f"集中参保缴费期({cn_date(start)}至{cn_date(end)})已经结束:现在申请补办当年参保缴费手续,"
            "补缴全年个人缴费部分,用下列方式缴费",
            citations=(period, *late_cite),
            warning=True,
        )
    ]


def payment_section(policy: PolicyYear, a: ChecklistAnswers) -> ChecklistSection:
    enr = policy.enrolment
    start, end = enr.collection_start.value, enr.collection_end.value
    after = pays_after_period(policy, a)
    if exempt(a):
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
    items = _period_items(policy, a)
    way = a.payment
    channel = next((c for c in enr.payment_channels if c.id == way), None)
    pay_cite = clause(policy, enr.payment_cite, "缴费方式", PAYMENT_LABELS[way])
    if channel is None:
        items.append(
            ChecklistItem(
                text=f"{policy.policy_year}年度通知没有列出“{PAYMENT_LABELS[way]}”这种缴费方式",
                citations=(pay_cite,),
                silent=True,
                warning=True,
            )
        )
    elif a.category in channel.for_categories and not applies(channel, a):
        allowed = "、".join(STUDENT_LABELS.get(f, f) for f in channel.requires_any)
        items.append(
            ChecklistItem(
                text=f"“{channel.label}”只适用于{allowed};中小学生请选其他缴费方式",
                citations=(pay_cite,),
                warning=True,
            )
        )
    elif a.category not in channel.for_categories:
        allowed = "、".join(category_label(policy, c) for c in channel.for_categories)
        items.append(
            ChecklistItem(
                text=f"“{channel.label}”只适用于{allowed},与所选类别不符,请换一种方式",
                citations=(pay_cite,),
                warning=True,
            )
        )
    else:
        # after the period a bank debit is not how to pay now (the line below says so): long form only
        items.append(
            ChecklistItem(
                text=f"{channel.label}:{channel.detail}",
                citations=(pay_cite,),
                detail=after and way == "bank_debit",
            )
        )
        school = next((c for c in enr.payment_channels if c.id == "school"), None)
        if way != "school" and school is not None and applies(school, a):
            # the notice does not bar this channel to the student; it does say who collects from students
            items.append(
                ChecklistItem(
                    text=f"通知同时写明:{school.detail};请先向学校确认是否已由学校代缴",
                    citations=(clause(policy, enr.payment_cite, "学校代缴", school.label),),
                )
            )
    if way in ("bank_debit", "counter"):
        banks = "、".join(enr.banks.value) if enr.banks.value is not None else "通知未规定"
        items.append(
            ChecklistItem(text=f"合作银行:{banks}", citations=(cite(policy, enr.banks, "合作银行"),), detail=True)
        )
    if way == "bank_debit":
        days = enr.debit_dates.value
        dates = "、".join(f"{d:%Y-%m-%d}" for d in days) if days is not None else "通知未规定"
        label = enr.debit_dates_label
        if after:
            # the notice's debit days fall in the collection period, which is over for this payer
            items.append(
                ChecklistItem(
                    text=f"通知写的{label}({dates})在集中参保缴费期内,已经过了;通知没有写之后的扣款日,"
                    "请改用线上缴费或到税务、银行窗口缴费(或到窗口问清能否扣款)",
                    citations=(cite(policy, enr.debit_dates, label, dates),),
                    silent=True,
                    warning=True,
                )
            )
        else:
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
                    text="通知没有写线上缴费从哪天开始" + ("" if after else ",集中参保缴费期内均可尝试"),
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
        relations = "、".join(RELATION_LABELS[r] for r in need(enr.family_relations, "enrolment.family_relations"))
        items.append(
            ChecklistItem(
                text=f"代缴人须是江苏省内职工医保参保人员;{policy.policy_year}年度可为这些亲属代缴:{relations}",
                citations=(
                    cite(policy, enr.family_payer_rule, "代缴人条件"),
                    cite(policy, enr.family_relations, "家庭共济亲属范围", relations),
                ),
            )
        )
    if way in ("family", "bank_debit") and enr.family_debit_warning.value and not after:
        items.append(
            ChecklistItem(
                text=enr.family_debit_warning.value,
                citations=(cite(policy, enr.family_debit_warning, "委托扣款提醒"),),
                warning=True,
            )
        )
    return ChecklistSection(key="payment", title="五、怎样缴费、什么时候缴", items=tuple(items))


def receipts_section(policy: PolicyYear) -> ChecklistSection:
    enr = policy.enrolment
    items = tuple(
        ChecklistItem(
            text=f"{ch.label}:{ch.detail}",
            citations=(clause(policy, enr.receipt_cite, "缴费凭证", ch.label),),
            detail=True,
        )
        for ch in enr.receipt_channels
    )
    return ChecklistSection(key="receipts", title="六、怎样拿缴费凭证", items=items)
