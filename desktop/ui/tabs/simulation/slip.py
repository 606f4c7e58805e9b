"""医疗救助模拟's answers for its slip, gathered from the tab; the slip itself is ``core.slips.simulation``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.core.care import YearResult
from desktop.core.slip import Slip
from desktop.core.slips import PolicyStamp
from desktop.core.slips.simulation import SimulationAnswers, simulation_slip
from desktop.core.staleness import staleness_message

if TYPE_CHECKING:
    from desktop.ui.tabs.simulation.tab import SimulationTab


def simulation_answers(tab: SimulationTab) -> SimulationAnswers:
    """The person as entered and where each cost was incurred, as its row says it."""
    return SimulationAnswers(
        category=tab.category.currentText(),
        aid_status=tab.aid_status.currentText(),
        birth_date=tab.person_row.birth_date.value(),
        continuous_years=tab.person_row.continuous_years.value(),
        places=tuple(draft.place_text() for draft in tab.model.drafts()),
    )


def tab_slip(tab: SimulationTab, r: YearResult) -> Slip:
    """The slip of ``r``, the tab's current result."""
    stamp = PolicyStamp(
        tab.policy.data_version,
        tab.entry.sha256,
        staleness_message(tab.policies, r.policy_year, dt.date.today()),
    )
    return simulation_slip(r, simulation_answers(tab), stamp)
