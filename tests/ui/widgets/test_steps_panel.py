"""The steps panel replaces one set of steps by the next in place (less work per keystroke); what
it shows must be exactly what a fresh ``setHtml`` of the same steps shows."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from desktop.core.explain import Step
from desktop.core.policy.loader import PolicySet
from desktop.ui.tabs.estimate.tab import EstimateTab
from desktop.ui.widgets.fields import set_combo_value
from desktop.ui.widgets.steps_panel import StepsPanel, steps_html

Sections = list[tuple[str | None, Sequence[Step]]]


@pytest.fixture(scope="module")
def step_sets(policies: PolicySet) -> list[Sections]:
    """Real steps of several kinds of cost, and two of them under headings (as the year tab shows)."""
    tab = EstimateTab(policies)
    tab.set_policy_year(2025)
    set_combo_value(tab.category, "elderly")
    set_combo_value(tab.level, 3)
    found: list[Sections] = []
    for index in range(tab.kind.count()):
        tab.kind.setCurrentIndex(index)
        for cost in ("12000", "250000"):
            tab.cost.setText(cost)
            if tab.is_current():
                found.append([(None, tab.steps.steps())])
    tab.deleteLater()
    assert len(found) >= 6, "expected steps for most kinds of cost"
    found.append([("第一次费用", found[0][0][1]), ("全年合计", found[3][0][1])])
    found.append([("只有一组", found[-2][0][1])])
    return found


def fresh_html(sections: Sections) -> str:
    panel = StepsPanel()
    panel.browser.setHtml("".join(steps_html(group, heading) for heading, group in sections))
    html = panel.browser.toHtml()
    panel.deleteLater()
    return html


def test_steps_replaced_in_place_show_what_a_fresh_panel_shows(qtbot, step_sets: list[Sections]) -> None:
    panel = StepsPanel(min_lines=8)
    qtbot.addWidget(panel)
    panel.resize(500, 300)
    panel.show()
    # every set after every other, with a message in between now and then
    order = [(a, b) for a in range(len(step_sets)) for b in range(len(step_sets)) if a != b]
    for n, (a, b) in enumerate(order):
        panel.set_sections(step_sets[a])
        if n % 7 == 0:
            panel.set_message("输入不完整:请先填写合规医疗费用。")
        panel.browser.verticalScrollBar().setValue(40)
        panel.set_sections(step_sets[b])
        assert panel.browser.toHtml() == fresh_html(step_sets[b]), (a, b)
        assert panel.browser.verticalScrollBar().value() == 0  # back at the first step, as setHtml does
        assert panel.browser.textCursor().position() == 0
    assert not panel.browser.document().isUndoAvailable()  # no history piles up keystroke after keystroke


def test_new_steps_do_not_empty_the_view_first(qtbot, step_sets: list[Sections]) -> None:
    """setHtml emptied the document first: the scroll bar went to nothing and back, and the text was
    laid out twice (two widths) at every keystroke."""
    panel = StepsPanel(min_lines=4)
    qtbot.addWidget(panel)
    panel.resize(500, 200)
    panel.show()
    longest = max(step_sets, key=lambda s: sum(len(g) for _, g in s))
    panel.set_sections(longest)
    qtbot.wait(1)
    bar = panel.browser.verticalScrollBar()
    assert bar.maximum() > 0
    ranges: list[tuple[int, int]] = []
    bar.rangeChanged.connect(lambda lo, hi: ranges.append((lo, hi)))
    panel.set_sections(list(reversed(longest)) if len(longest) > 1 else [(None, longest[0][1][::-1])])
    qtbot.wait(1)
    assert (0, 0) not in ranges
    assert bar.isVisible()
