"""The window, given a year with an empty figure a calculation needs, says which figure in Chinese
instead of computing with zero (issue 21 point 2). Such a year cannot pass the document check;
these tests hand the tabs one directly, as an old stored form could."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from desktop.core.policy.freeze import freeze, thaw
from desktop.core.policy.loader import LoadedYear, PolicySet
from desktop.ui.tabs.estimate.tab import EstimateTab
from desktop.ui.tabs.quote.tab import QuoteTab
from desktop.ui.widgets.fields import set_combo_value


def _with_gap(policies: PolicySet, path: str) -> PolicySet:
    from tests.core.policy.test_required import emptied

    entry = policies.entry(2025)
    year = freeze(emptied(thaw(policies[2025]), path))
    return PolicySet((LoadedYear(year, entry.path, entry.sha256),))


@pytest.fixture
def estimate(qtbot, policies: PolicySet) -> EstimateTab:  # type: ignore[no-untyped-def]
    widget = EstimateTab(_with_gap(policies, "benefits.inpatient.annual_cap"))
    qtbot.addWidget(widget)
    widget.set_policy_year(2025)
    set_combo_value(widget.category, "elderly")
    set_combo_value(widget.kind, "inpatient")
    set_combo_value(widget.level, 3)
    return widget


def test_the_estimate_names_the_empty_cap_instead_of_paying_nothing(qtbot, estimate: EstimateTab) -> None:  # type: ignore[no-untyped-def]
    # the case: a 20,000 admission answered basic fund 0.00, out of pocket 20,000.00
    qtbot.keyClicks(estimate.cost.edit, "20000")
    assert "住院年度最高支付限额(benefits.inpatient.annual_cap)" in estimate.status.text()
    assert "不能按 0 计算" in estimate.status.text()
    assert estimate.result() is None  # nothing printable


def test_the_quote_names_the_empty_premium_instead_of_charging_nothing(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    tab = QuoteTab(_with_gap(policies, "premiums.categories.non_employed.individual"), today=dt.date(2025, 6, 1))
    qtbot.addWidget(tab)
    tab.add_member()  # a new member starts as 非从业居民 (武进区: 880 in 2025, now empty)
    assert tab.total_label.text() == "无法计算"
    assert "premiums.categories.non_employed.individual" in tab.message.text()
    assert tab.quote is None and tab.slip() is None


def test_the_waiting_box_names_an_empty_fixed_wait(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    tab = QuoteTab(_with_gap(policies, "waiting.late_fixed_months"), today=dt.date(2025, 6, 1))
    qtbot.addWidget(tab)
    tab.pay_date.setDate(QDate(2025, 3, 15))  # late: the fixed wait applies, and it is empty
    assert "固定待遇等待期(月)(waiting.late_fixed_months)" in tab.waiting_result.text()
    assert tab.waiting is None
