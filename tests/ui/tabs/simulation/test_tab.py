"""The medical-aid simulation tab: add events with the buttons, fill the editor, read totals and ledgers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from desktop.core.policy.loader import PolicySet
from desktop.ui.tabs.simulation.events_model import (
    COL_COST,
    COL_FUND,
    COL_PLACE,
    COL_POCKET,
    COL_PROBLEM,
    EventDraft,
    EventsModel,
    build_event,
    problem_location,
)
from desktop.ui.tabs.simulation.tab import SimulationTab
from desktop.ui.widgets.fields import set_combo_value


@pytest.fixture
def tab(qtbot, policies: PolicySet) -> SimulationTab:
    widget = SimulationTab(policies)
    qtbot.addWidget(widget)
    widget.set_policy_year(2025)
    set_combo_value(widget.category, "elderly")
    set_combo_value(widget.aid_status, "other_aid")
    return widget


def add_inpatient_and_outpatient(qtbot, tab: SimulationTab) -> None:
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    tab.editor.date.set_value(dt.date(2025, 2, 10))
    set_combo_value(tab.editor.kind, "inpatient")
    set_combo_value(tab.editor.level, 3)
    qtbot.keyClicks(tab.editor.cost.edit, "12000")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    tab.editor.date.set_value(dt.date(2025, 3, 5))
    set_combo_value(tab.editor.kind, "outpatient_general")
    set_combo_value(tab.editor.facility, "primary")
    qtbot.keyClicks(tab.editor.cost.edit, "1000")


def test_year_totals_and_per_event_rows(qtbot, tab: SimulationTab) -> None:
    # Event 1, level-3 inpatient 12000 (other_aid): fund 7700, 大病 2580, aid 1376, self 344 (see estimate tab).
    # Event 2, primary general outpatient 1000: (1000 - 200) x 50 % = 400; outside 大病;
    #   aid 600 x 80 % = 480; self 120.
    # Year: fund 8100, 大病 2580, aid 1856, self 464.
    add_inpatient_and_outpatient(qtbot, tab)
    assert tab.model.rowCount() == 2
    assert tab.model.data(tab.model.index(0, COL_FUND)) == "7,700.00"
    assert tab.model.data(tab.model.index(1, COL_FUND)) == "400.00"
    assert tab.model.data(tab.model.index(1, COL_POCKET)) == "120.00"
    totals = {key: label.text() for key, label in tab.total_labels.items()}
    assert totals == {
        "compliant_cost": "13,000.00 元",
        "basic_fund": "8,100.00 元",
        "critical_illness": "2,580.00 元",
        "medical_aid": "1,856.00 元",
        "out_of_pocket": "464.00 元",
    }
    assert tab.chart.layers() == (Decimal("8100.00"), Decimal("2580.00"), Decimal("1856.00"), Decimal("464.00"))


def test_running_ledgers_after_each_event(qtbot, tab: SimulationTab) -> None:
    add_inpatient_and_outpatient(qtbot, tab)
    ledgers = tab.ledgers_model
    assert ledgers.columnCount() == 2
    year_end = ledgers.year_end()
    assert year_end is not None
    assert year_end.capped_fund_paid == Decimal("7700.00")
    assert year_end.outpatient_general_cost == Decimal("1000.00")
    assert year_end.critical_base == Decimal("4300.00")
    assert year_end.aid_outpatient_general_paid == Decimal("480.00")
    assert year_end.aid_other_paid == Decimal("1376.00")
    assert "(年末)" in ledgers.headerData(1, Qt.Orientation.Horizontal)


def test_selected_event_steps_and_year_summary(qtbot, tab: SimulationTab) -> None:
    add_inpatient_and_outpatient(qtbot, tab)
    tab.select_row(0)
    text = tab.steps.plain_text()
    assert "第 1 笔" in text and "三级医疗机构住院" in text
    assert "全年合计" in text


def test_row_problem_shows_in_its_row_and_at_the_editor(qtbot, tab: SimulationTab) -> None:
    add_inpatient_and_outpatient(qtbot, tab)
    tab.select_row(0)
    set_combo_value(tab.editor.level, None)
    problems = tab.model.problems()
    assert problems[0][0] == COL_PLACE
    assert tab.model.data(tab.model.index(0, COL_PLACE)).startswith("⚠")
    assert "医院等级" in tab.model.data(tab.model.index(0, COL_PROBLEM))
    assert not tab.editor.level_msg.isHidden()
    assert "第 1 笔" in tab.status.text()
    assert tab.slip() is None
    # The last valid totals stay, greyed.
    assert tab.total_labels["basic_fund"].text() == "8,100.00 元"
    assert not tab.totals_frame.isEnabled()


def test_bad_amount_keeps_its_text_in_the_row(qtbot, tab: SimulationTab) -> None:
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    set_combo_value(tab.editor.level, 2)
    qtbot.keyClicks(tab.editor.cost.edit, "5,0o0")
    assert tab.model.data(tab.model.index(0, COL_COST)) == "⚠ 5,0o0"
    assert "请输入数字" in tab.editor.cost.error.text()


def test_duplicate_and_remove(qtbot, tab: SimulationTab) -> None:
    add_inpatient_and_outpatient(qtbot, tab)
    tab.select_row(0)
    qtbot.mouseClick(tab.duplicate_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 3
    # Two admissions: the second 大病 base continues from 4300 -> 8600, all under 20000 at 60 %.
    assert tab.total_labels["critical_illness"].text() == "5,160.00 元"
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 2
    assert tab.total_labels["basic_fund"].text() == "8,100.00 元"


def test_case_round_trip_and_year_switch(qtbot, tab: SimulationTab, policies: PolicySet) -> None:
    add_inpatient_and_outpatient(qtbot, tab)
    data = tab.to_case()
    other = SimulationTab(policies)
    qtbot.addWidget(other)
    other.load_case(data)
    assert other.total_labels["out_of_pocket"].text() == "464.00 元"
    other.set_policy_year(2024)
    # Dates move into 2024 with the same month and day; 2024's tables give the same amounts here.
    assert other.model.draft(0).date == dt.date(2024, 2, 10)
    assert other.total_labels["out_of_pocket"].text() == "464.00 元"
    slip = other.slip()
    assert slip is not None and slip.policy_year == 2024
    assert slip.table[-1][0] == "合计"


def test_events_model_without_a_view() -> None:
    model = EventsModel()
    drafts = [EventDraft(kind="outpatient_general", facility="primary", cost_text="1000"), EventDraft(cost_text="x")]
    model.set_state(drafts, {}, {1: (COL_COST, "请输入数字金额")})
    assert model.rowCount() == 2 and model.columnCount() == 10
    assert model.headerData(COL_FUND, Qt.Orientation.Horizontal) == "基本医保"
    assert model.data(model.index(0, COL_COST)) == "1,000.00"
    assert model.data(model.index(1, COL_COST)) == "⚠ x"
    assert model.data(model.index(1, COL_PROBLEM)) == "请输入数字金额"
    assert model.data(model.index(0, COL_FUND)) == "—"
    assert build_event(drafts[0], 0).compliant_cost == Decimal("1000.00")
    with pytest.raises(Exception) as info:
        build_event(drafts[1], 1)
    assert problem_location(info.value.field) == (1, COL_COST)  # type: ignore[attr-defined]
    assert problem_location("person.birth_date") is None
    assert EventDraft.from_case(drafts[0].to_case()) == drafts[0]
    assert EventDraft.from_case({"kind": "nonsense", "hospital_level": 9}) == EventDraft()


def test_a_slip_amount_past_the_cap_is_said_on_screen_in_the_ledger_and_on_the_slip(qtbot, tab: SimulationTab) -> None:
    # issue 21 point 3. 2025 老年居民: event 1, 2025-03-01, 一级 inpatient 20,000 by the table:
    # (20,000 − 400) × 90% = 17,640.00; event 2, 2025-06-01, 三级 inpatient 400,000 with the slip's
    # basic-fund amount 350,000 (kept): 17,640.00 + 350,000.00 = 367,640.00 > the 350,000.00 cap
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    tab.editor.date.set_value(dt.date(2025, 3, 1))
    set_combo_value(tab.editor.kind, "inpatient")
    set_combo_value(tab.editor.level, 1)
    qtbot.keyClicks(tab.editor.cost.edit, "20000")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    tab.editor.date.set_value(dt.date(2025, 6, 1))
    set_combo_value(tab.editor.kind, "inpatient")
    set_combo_value(tab.editor.level, 3)
    qtbot.keyClicks(tab.editor.cost.edit, "400000")
    qtbot.keyClicks(tab.editor.slip.edit, "350000")
    assert tab.model.data(tab.model.index(1, COL_FUND)) == "350,000.00"
    assert "已超过年度最高支付限额,请核对结算单金额" in tab.status.text()
    ledgers = tab.ledgers_model
    row = list(ledgers._keys).index("capped_fund_paid")
    cell = ledgers.data(ledgers.index(row, 1))
    assert cell.startswith("367,640.00 元") and "超过年度最高支付限额" in cell
    assert "超过" not in ledgers.data(ledgers.index(row, 0))  # 17,640.00 after the first: within the cap
    slip = tab.slip()
    assert slip is not None
    assert any("367,640.00 元" in n and "请核对结算单金额" in n for n in slip.notes)
    # the slip-amount step names the reading it rests on, and the printed slip lists it
    from desktop.core.slip import slip_readings

    assert "解读:门诊特殊病按结算单录入" in [title for title, _ in slip_readings(slip)]
