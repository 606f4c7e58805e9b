"""The printed slip of 报销测算: what was entered (only the lines the kind of cost uses) and the result."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop.core.care import YearResult, spec
from desktop.core.care.kinds import Input
from desktop.core.money import fmt_yuan
from desktop.core.slip import Slip
from desktop.core.staleness import staleness_message
from desktop.ui.widgets.care_totals import slip_amounts
from desktop.ui.widgets.fields import DateField

if TYPE_CHECKING:
    from desktop.ui.tabs.estimate.tab import EstimateTab


def _tr(text: str) -> str:
    return QCoreApplication.translate("EstimateTab", text)


def estimate_slip(tab: EstimateTab, result: YearResult) -> Slip:
    """The slip of ``result``, the tab's current result."""
    totals = result.totals
    ev = tab.event_inputs
    kind = ev.current_kind()
    row = spec(kind)
    inputs: list[tuple[str, str]] = [
        (_tr("参保类别"), tab.category.currentText()),
        (_tr("医疗救助身份"), tab.aid_status.currentText()),
        (_tr("费用类别"), ev.kind.currentText()),
    ]
    if row.needs("hospital_level"):
        inputs.append((_tr("医院等级"), ev.level.currentText()))
    if row.needs("facility"):
        inputs.append((_tr("机构类别"), ev.facility.currentText()))
    if row.needs("disease_count"):
        inputs.append((_tr("慢性病病种数"), str(ev.disease_count.value())))
    if row.needs("rare_disease_drug"):
        inputs.append((_tr("药品"), _tr("省定罕见病用药") if ev.rare.isChecked() else _tr("一般药品")))
    if row.needs("referral"):
        inputs.append((_tr("就医地"), ev.referral.currentText()))
    dates: tuple[tuple[Input, str, DateField], ...] = (
        ("birth_date", _tr("出生日期"), tab.birth_date),
        ("visit_date", _tr("就诊日期"), tab.visit_date),
    )
    for name, label, field in dates:
        if row.needs(name):
            day = field.value()
            inputs.append((label, day.isoformat() if day else _tr("未填写")))
    if row.needs("continuous_enrolment_years"):
        inputs.append((_tr("连续参保年数"), str(tab.continuous_years.value())))
    inputs.append((tab.cost_label.text(), fmt_yuan(totals.compliant_cost)))
    paid = tab.slip_paid.value() if row.needs("basic_fund_paid") else None
    if paid is not None:
        inputs.append((_tr("结算单上的基本医保支付"), fmt_yuan(paid)))
    inputs.extend((label, fmt_yuan(value)) for label, value in tab.opening_group.slip_lines(kind, tab.has_aid()))
    return Slip(
        title=_tr("报销测算"),
        policy_year=result.policy_year,
        data_version=tab.policy.data_version,
        data_hash=tab.entry.sha256,
        inputs=tuple(inputs),
        amounts=slip_amounts(_tr("合规医疗费用"), totals),
        steps=result.events[0].steps,
        notes=result.warnings,
        stale_warning=staleness_message(tab.policies, result.policy_year, dt.date.today()),
    )
