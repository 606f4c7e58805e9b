"""报销测算's answers for its slip, gathered from the tab; the slip itself is ``core.slips.estimate``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.core.care import YearResult
from desktop.core.slip import Slip
from desktop.core.slips import PolicyStamp
from desktop.core.slips.estimate import EstimateAnswers, estimate_slip
from desktop.core.staleness import staleness_message

if TYPE_CHECKING:
    from desktop.ui.tabs.estimate.tab import EstimateTab


def estimate_answers(tab: EstimateTab) -> EstimateAnswers:
    """What the clerk entered, as the slip prints it (only the lines the kind of cost uses are printed)."""
    ev = tab.event_inputs
    kind = ev.current_kind()
    return EstimateAnswers(
        category=tab.category.currentText(),
        aid_status=tab.aid_status.currentText(),
        kind=kind,
        kind_label=ev.kind.currentText(),
        cost_label=tab.cost_label.text(),
        level=ev.level.currentText(),
        facility=ev.facility.currentText(),
        disease_count=ev.disease_count.value(),
        rare_drug=ev.rare.isChecked(),
        referral=ev.referral.currentText(),
        birth_date=tab.birth_date.value(),
        visit_date=tab.visit_date.value(),
        continuous_years=tab.continuous_years.value(),
        slip_paid=tab.slip_paid.value(),
        earlier=tuple(tab.opening_group.slip_lines(kind, tab.has_aid())),
    )


def tab_slip(tab: EstimateTab, result: YearResult) -> Slip:
    """The slip of ``result``, the tab's current result."""
    stamp = PolicyStamp(
        tab.policy.data_version,
        tab.entry.sha256,
        staleness_message(tab.policies, result.policy_year, dt.date.today()),
    )
    return estimate_slip(result, estimate_answers(tab), stamp)
