"""The printed slip of 医疗救助模拟: the person, every cost with what each layer paid, the year's
totals, every step, and the ledgers at the year's end."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop.core.care import OVER_CAP_MARK, Ledgers, YearResult, over_cap, spec
from desktop.core.explain import Step
from desktop.core.money import fmt_yuan
from desktop.core.slip import Slip
from desktop.core.staleness import staleness_message
from desktop.ui.widgets.care_totals import slip_amounts

if TYPE_CHECKING:
    from desktop.ui.tabs.simulation.tab import SimulationTab


def _tr(text: str) -> str:
    return QCoreApplication.translate("SimulationTab", text)


def simulation_slip(tab: SimulationTab, r: YearResult) -> Slip:
    """The slip of ``r``, the tab's current result."""
    t = r.totals
    birth = tab.person_row.birth_date.value()
    inputs = (
        (_tr("参保类别"), tab.category.currentText()),
        (_tr("医疗救助身份"), tab.aid_status.currentText()),
        (_tr("出生日期"), birth.isoformat() if birth else _tr("未填写")),
        (_tr("连续参保年数"), str(tab.person_row.continuous_years.value())),
        (_tr("费用笔数"), str(len(r.events))),
    )
    header = (
        _tr("序号"),
        _tr("日期"),
        _tr("类别"),
        _tr("医院/机构"),
        _tr("合规费用"),
        _tr("基本医保"),
        _tr("大病保险"),
        _tr("医疗救助"),
        _tr("个人自付"),
    )
    rows: list[tuple[str, ...]] = [header]
    steps: list[Step] = []
    for ev in r.events:
        draft = tab.model.draft(ev.index)
        lay = ev.layers
        rows.append(
            (
                str(ev.index + 1),
                ev.event.date.isoformat() if ev.event.date else "",
                spec(ev.event.kind).label,
                draft.place_text(),
                *(
                    f"{v:,.2f}"
                    for v in (
                        lay.compliant_cost,
                        lay.basic_fund,
                        lay.critical_illness,
                        lay.medical_aid,
                        lay.out_of_pocket,
                    )
                ),
            )
        )
        steps.extend(ev.steps)
    rows.append(
        (
            _tr("合计"),
            "",
            "",
            "",
            *(
                f"{v:,.2f}"
                for v in (t.compliant_cost, t.basic_fund, t.critical_illness, t.medical_aid, t.out_of_pocket)
            ),
        )
    )
    steps.extend(r.steps)
    notes = (
        *r.warnings,
        *(
            f"{_tr('年末')} {_tr(label)}:{_ledger_text(getattr(r.ledgers, key))}"
            + (_tr(OVER_CAP_MARK) if key == "capped_fund_paid" and over_cap(r, r.ledgers) else "")
            for key, label in Ledgers.LABELS.items()
        ),
    )
    return Slip(
        title=_tr("医疗救助模拟(全年)"),
        policy_year=r.policy_year,
        data_version=tab.policy.data_version,
        data_hash=tab.entry.sha256,
        inputs=inputs,
        amounts=slip_amounts(_tr("全年合规费用"), t),
        steps=tuple(steps),
        notes=notes,
        table=tuple(rows),
        stale_warning=staleness_message(tab.policies, r.policy_year, dt.date.today()),
    )


def _ledger_text(value: object) -> str:
    return str(value) if isinstance(value, int) else fmt_yuan(value)  # type: ignore[arg-type]
