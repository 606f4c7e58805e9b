"""The printed 居民医保保费测算单 of a household: amounts, the members' table, dates, notes and readings.

Built from what the tab shows (the core's quote, the answers in the right-hand column); ID numbers
are masked. Lines resting on one of the product's readings name it, and the slip ends with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt

from desktop.core.identity import mask_id
from desktop.core.money import fmt_yuan
from desktop.core.policy.names import category_label, district_name
from desktop.core.premium import AID_LABELS
from desktop.core.slip import Slip, SlipAmount
from desktop.ui.tabs.quote.household_model import ltc_text
from desktop.ui.tabs.quote.messages import price_compare

if TYPE_CHECKING:
    from desktop.ui.tabs.quote.tab import QuoteTab


def tr(text: str) -> str:
    return QCoreApplication.translate("QuoteTab", text)


def quote_slip(tab: QuoteTab) -> Slip | None:
    """The slip of the tab's current quote; None before a member is added."""
    if tab.quote is None:
        return None
    q = tab.quote
    amounts = [SlipAmount(tr("全家个人缴费合计"), q.total_individual, emphasis=True)]
    if q.total_government_pays_individual:
        amounts.append(SlipAmount(tr("政府代缴困难群众个人部分"), q.total_government_pays_individual))
    table: list[tuple[str, ...]] = [tuple(str(tab.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(7))]
    for i, mq in enumerate(q.members):
        m = mq.member
        who = m.name or tr("成员{n}").format(n=i + 1)
        amounts.append(SlipAmount(tr("{who} 个人缴费").format(who=who), mq.individual))
        table.append(
            (
                who,
                mask_id(m.id_number),
                category_label(tab.policy, m.category),
                AID_LABELS[m.aid_status].split("(")[0],
                fmt_yuan(mq.individual),
                fmt_yuan(mq.government_subsidy),
                ltc_text(mq),
            )
        )
    policy = tab.policy
    enr = policy.enrolment
    inputs = [
        (tr("所在区(市)"), district_name(policy, tab.district_key)),
        (tr("家庭人数"), str(len(q.members))),
        (tr("集中参保缴费期"), tab.period_label.text()),
        (enr.debit_dates_label, "、".join(f"{d:%Y-%m-%d}" for d in enr.debit_dates.value or ())),
    ]
    # slip lines that rest on one of the product's readings name it, and the slip ends with it
    debit_reading = policy.reading(enr.debit_dates.reading)
    used = [debit_reading] if debit_reading is not None else []
    if debit_reading is not None:
        inputs[-1] = (inputs[-1][0], f"{inputs[-1][1]}({debit_reading.title})")
    notes: list[str] = []
    for i, row in enumerate(tab.model.rows):
        pending = tab.model.pending(row)
        if pending is None:
            continue
        who = row.name or tr("成员{n}").format(n=i + 1)
        text = tr("⚠ {who}:{reason}").format(who=who, reason=pending.reason)
        if pending.category is not None:
            text += tr("。{price}").format(price=price_compare(policy, row, pending.category))
        notes.append(text + tr("(参保类别建议尚未确认,以参保登记身份为准)"))
    if any(mq.government_pays_individual for mq in q.members):
        notes.append(tr("困难群众的个人缴费(含其中的长护险个人缴费)由政府全额承担,本人不用缴费。"))
    family = tab.family_check
    if family is not None:
        verdict = {
            None: tr("关系在可代缴范围内,还须核实代缴人参加江苏省内职工医保"),
            True: tr("可以代缴"),
        }
        family_reading = policy.reading(enr.family_relations.reading)
        notes.append(
            tr("家庭共济:被代缴人是代缴人的{rel},{ok}").format(
                rel=tab.relation.currentText(), ok=verdict.get(family.allowed, tr("不能代缴"))
            )
            + (f"({family_reading.title})" if family_reading is not None else "")
        )
        used += [family_reading] if family_reading is not None else []
    if tab.waiting is not None:
        notes.append(tr("待遇等待期:") + tab.waiting_result.text().replace("<b>", "").replace("</b>", ""))
    return Slip(
        title=tr("居民医保保费测算单"),
        policy_year=policy.policy_year,
        data_version=policy.data_version,
        data_hash=tab.entry.short_hash,
        inputs=tuple(inputs),
        amounts=tuple(amounts),
        steps=tab.steps(),
        notes=tuple(notes),
        table=tuple(table),
        readings=tuple((r.title, r.reading) for r in used),
    )
