"""The printed 居民医保保费测算单 of a household: amounts, the members' table, dates, notes and readings.

Built from the core's quote and the clerk's answers (the members as entered, the 家庭共济 and
待遇等待期 answers); ID numbers are masked. Lines resting on one of the product's readings name it,
and the slip ends with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.explain import Step
from desktop.core.family import RELATION_LABELS, FamilyCheck
from desktop.core.identity import CategorySuggestion, mask_id
from desktop.core.money import fmt_yuan
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import Category, District
from desktop.core.policy.names import category_label, district_name
from desktop.core.premium import AID_LABELS, HouseholdQuote, MemberQuote, standard_amount
from desktop.core.slip import Slip, SlipAmount
from desktop.core.waiting import WaitingResult

#: the household table's columns, on screen and on the slip
HOUSEHOLD_HEADERS = ("姓名", "身份证号", "参保类别", "救助身份", "个人缴费", "财政补助", "其中长护险")

#: a step group's heading, one to a group: the whole household's steps, then each member's, 家庭共济, 待遇等待期
Sections = list[tuple[str | None, list[Step]]]


@dataclass(frozen=True)
class MemberAnswer:
    """One member as the clerk entered it, for the slip's notes."""

    name: str
    category: Category
    district: District
    #: the clerk chose the category (a new member's is a placeholder until then)
    category_chosen: bool = True
    #: the category suggestion still open for the clerk (one that would change the premium), if any
    open_suggestion: CategorySuggestion | None = None


@dataclass(frozen=True)
class QuoteAnswers:
    """The clerk's answers in 保费测算, beside the core's quote of the household."""

    district: str
    members: tuple[MemberAnswer, ...]
    #: 家庭共济: the relation chosen (a key of ``RELATION_LABELS``) and its answer; None until chosen
    relation: str | None = None
    family: FamilyCheck | None = None
    #: 待遇等待期 from the payment date entered; None until one is
    waiting: WaitingResult | None = None


def member_name(name: str, i: int) -> str:
    """A member as the tab and the slip name it: the name, or 成员N when none was typed."""
    return name or f"成员{i + 1}"


def ltc_text(quote: MemberQuote) -> str:
    """The 长护险 part of the individual amount, and who pays it when the government pays the whole."""
    if quote.government_pays_individual:
        return f"{fmt_yuan(quote.ltc_individual)}(政府代缴)"
    return fmt_yuan(quote.ltc_individual)


def price_compare(policy: PolicyYear, current: Category, district: District, suggested: Category) -> str:
    """“现按“非从业居民”880.00 元计算,“老年居民”为 730.00 元”."""
    cur, sug = category_label(policy, current), category_label(policy, suggested)
    cur_amount = fmt_yuan(standard_amount(policy, current, district))
    sug_amount = fmt_yuan(standard_amount(policy, suggested, district))
    return f"现按“{cur}”{cur_amount}计算,“{sug}”为 {sug_amount}"


def collection_period(policy: PolicyYear) -> str:
    """集中参保缴费期: “2024-09-01 至 2024-12-31”."""
    enr = policy.enrolment
    return f"{enr.collection_start.value:%Y-%m-%d} 至 {enr.collection_end.value:%Y-%m-%d}"


def debit_dates_text(policy: PolicyYear) -> str:
    """The batch debit dates as the quote shows them (screen and slip), or 通知未规定 when the
    year's notice gives none (2025 gives only the first); a reading they rest on is named by its
    title (2024's "月底" shown as month ends)."""
    days = policy.enrolment.debit_dates.value
    text = "、".join(f"{d:%Y-%m-%d}" for d in days) if days else "通知未规定"
    reading = policy.reading(policy.enrolment.debit_dates.reading)
    return f"{text}({reading.title})" if reading is not None else text


def waiting_headline(w: WaitingResult) -> str:
    """The waiting period's one line: how long, from which day, and whether this year still gets any."""
    if w.waiting_months == 0:
        head = "不设等待期,自 {d} 起享受待遇".format(d=f"{w.benefit_start:%Y-%m-%d}")
    else:
        head = "等待期 {m} 个月,自 {d} 起享受待遇".format(m=w.waiting_months, d=f"{w.benefit_start:%Y-%m-%d}")
    if not w.benefit_this_year:
        head += "(本年度已享受不到)"
    return head


def quote_sections(
    policy: PolicyYear, quote: HouseholdQuote | None, family: FamilyCheck | None, waiting: WaitingResult | None
) -> Sections:
    """Every step shown, in groups: the household's, each member's, 家庭共济's, 待遇等待期's."""
    sections: Sections = []
    if quote is not None:
        sections.append(("全家", list(quote.steps)))
        for i, mq in enumerate(quote.members):
            who = member_name(mq.member.name, i)
            sections.append((f"{who}({category_label(policy, mq.member.category)})", list(mq.steps)))
    if family is not None:
        sections.append(("家庭共济", list(family.steps)))
    if waiting is not None:
        sections.append(("待遇等待期", list(waiting.steps)))
    return sections


def flat_steps(sections: Sections) -> tuple[Step, ...]:
    """The slip prints one flat list, so each group keeps its heading as a step of its own."""
    return tuple(
        step
        for heading, group in sections
        for step in ([Step(layer="note", text=f"【{heading}】")] if heading else []) + group
    )


def quote_slip(policy: PolicyYear, quote: HouseholdQuote, answers: QuoteAnswers, data_hash: str) -> Slip:
    """The slip of ``quote``, the household ``answers`` describe, computed with ``policy``."""
    q = quote
    if q.school_individual:
        amounts = [
            SlipAmount("家庭在本柜台缴费合计", q.counter_individual, emphasis=True),
            SlipAmount("高校大学生个人缴费(由学校代收代缴,不在本柜台缴纳)", q.school_individual),
            SlipAmount("全家个人缴费合计(含高校大学生)", q.total_individual),
        ]
    else:
        amounts = [SlipAmount("全家个人缴费合计", q.total_individual, emphasis=True)]
    if q.total_government_pays_individual:
        amounts.append(SlipAmount("政府代缴困难群众个人部分", q.total_government_pays_individual))
    table: list[tuple[str, ...]] = [HOUSEHOLD_HEADERS]
    for i, mq in enumerate(q.members):
        m = mq.member
        who = member_name(m.name, i)
        paid = "{who} 个人缴费(交给学校)" if mq.paid_by_school else "{who} 个人缴费"
        amounts.append(SlipAmount(paid.format(who=who), mq.individual))
        table.append(
            (
                who,
                mask_id(m.id_number),
                category_label(policy, m.category),
                AID_LABELS[m.aid_status].split("(")[0],
                fmt_yuan(mq.individual),
                fmt_yuan(mq.government_subsidy),
                ltc_text(mq),
            )
        )
    enr = policy.enrolment
    inputs = [
        ("所在区(市)", district_name(policy, answers.district)),
        ("家庭人数", str(len(q.members))),
        ("集中参保缴费期", collection_period(policy)),
        (enr.debit_dates_label, debit_dates_text(policy)),
    ]
    # slip lines that rest on one of the product's readings name it, and the slip ends with it
    debit_reading = policy.reading(enr.debit_dates.reading)
    used = [debit_reading] if debit_reading is not None else []
    notes: list[str] = []
    for i, row in enumerate(answers.members):
        pending = row.open_suggestion
        if pending is None and not row.category_chosen:
            notes.append(
                f"⚠ {member_name(row.name, i)}:参保类别尚未选择,暂按“{category_label(policy, row.category)}”计算,以参保登记身份为准"
            )
        if pending is None:
            continue
        text = f"⚠ {member_name(row.name, i)}:{pending.reason}"
        if pending.category is not None:
            text += f"。{price_compare(policy, row.category, row.district, pending.category)}"
        notes.append(text + "(参保类别建议尚未确认,以参保登记身份为准)")
    if q.school_individual:
        notes.append("高校大学生由学校统一办理参保登记、统一收取缴费后代缴,不在本柜台缴纳:" + q.school_condition + "。")
    if any(mq.government_pays_individual for mq in q.members):
        notes.append("困难群众的个人缴费(含其中的长护险个人缴费)由政府全额承担,本人不用缴费。")
    family = answers.family
    if family is not None:
        verdict = {
            None: "关系在可代缴范围内,还须核实代缴人参加江苏省内职工医保",
            True: "可以代缴",
        }
        family_reading = policy.reading(enr.family_relations.reading)
        notes.append(
            "家庭共济:被代缴人是代缴人的{rel},{ok}".format(
                rel=RELATION_LABELS.get(answers.relation or "", ""), ok=verdict.get(family.allowed, "不能代缴")
            )
            + (f"({family_reading.title})" if family_reading is not None else "")
        )
        used += [family_reading] if family_reading is not None else []
    if answers.waiting is not None:
        notes.append("待遇等待期:" + waiting_headline(answers.waiting))
    return Slip(
        title="居民医保保费测算单",
        policy_year=policy.policy_year,
        data_version=policy.data_version,
        data_hash=data_hash,
        inputs=tuple(inputs),
        amounts=tuple(amounts),
        steps=flat_steps(quote_sections(policy, q, family, answers.waiting)),
        notes=tuple(notes),
        table=tuple(table),
        readings=tuple((r.title, r.reading) for r in used),
    )
