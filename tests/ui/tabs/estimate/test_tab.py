"""The reimbursement-estimate tab, driven like a clerk would: pick, type, read the totals.

Expected amounts are worked by hand from the notices (see each test's comment).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.policy.loader import PolicySet
from desktop.ui.tabs.estimate.tab import EstimateTab
from desktop.ui.widgets.fields import set_combo_value


@pytest.fixture
def tab(qtbot, policies: PolicySet) -> EstimateTab:
    widget = EstimateTab(policies)
    qtbot.addWidget(widget)
    widget.set_policy_year(2025)
    set_combo_value(widget.category, "elderly")
    set_combo_value(widget.kind, "inpatient")
    set_combo_value(widget.level, 3)
    return widget


def amounts(tab: EstimateTab) -> dict[str, str]:
    return {key: label.text() for key, label in tab.amount_labels.items()}


def test_typing_a_cost_updates_the_totals(qtbot, tab: EstimateTab) -> None:
    # 2025 elderly, level-3 inpatient (2024 table carried over: 1000 per admission, 70 %):
    # fund (12000 - 1000) x 70 % = 7700.00; 大病 base 4300 < 20000 threshold: 0; self 4300.00
    with qtbot.waitSignal(tab.changed):
        qtbot.keyClicks(tab.cost.edit, "12000")
    got = amounts(tab)
    assert got["basic_fund"] == "7,700.00 元"
    assert got["critical_illness"] == "0.00 元"
    assert got["medical_aid"] == "0.00 元"
    assert got["out_of_pocket"] == "4,300.00 元"
    assert tab.chart.layers()[0] == 7700
    assert "起付标准" in tab.steps.plain_text()
    assert "沿用上年" in tab.steps.plain_text()


def test_other_aid_person_gets_critical_and_aid(qtbot, tab: EstimateTab) -> None:
    # 困难群众 大病 table, no threshold: 4300 x 60 % = 2580.00;
    # aid (4300 - 2580) x 80 % = 1376.00; self 1720 - 1376 = 344.00
    set_combo_value(tab.aid_status, "other_aid")
    qtbot.keyClicks(tab.cost.edit, "12000")
    got = amounts(tab)
    assert got["basic_fund"] == "7,700.00 元"
    assert got["critical_illness"] == "2,580.00 元"
    assert got["medical_aid"] == "1,376.00 元"
    assert got["out_of_pocket"] == "344.00 元"


def test_switching_year_recomputes_with_that_years_citations(qtbot, tab: EstimateTab) -> None:
    qtbot.keyClicks(tab.cost.edit, "12000")
    assert "沿用上年" in tab.steps.plain_text()
    tab.set_policy_year(2024)
    # The 2024 notice states the table itself: 三级 1000元/次 70% -> the same 7700.00, now official.
    assert amounts(tab)["basic_fund"] == "7,700.00 元"
    slip = tab.slip()
    assert slip is not None and slip.policy_year == 2024
    assert "沿用上年" not in tab.steps.plain_text()
    assert "通知原文" in tab.steps.plain_text()


def test_pasted_amount_forms_are_accepted(qtbot, tab: EstimateTab) -> None:
    # QTest cannot type non-Latin keys; a paste inserts the text the same way.
    tab.cost.edit.insert("１２，０００元")
    assert tab.cost.problem() is None
    assert amounts(tab)["basic_fund"] == "7,700.00 元"


def test_bad_input_is_flagged_at_the_field_and_kept(qtbot, tab: EstimateTab) -> None:
    qtbot.keyClicks(tab.cost.edit, "12000")
    qtbot.keyClicks(tab.cost.edit, "x")
    assert tab.cost.text() == "12000x"
    assert not tab.cost.error.isHidden()
    assert "请输入数字" in tab.cost.error.text()
    # The last valid result stays visible, greyed, and is not printable.
    assert amounts(tab)["basic_fund"] == "7,700.00 元"
    assert not tab.amounts_frame.isEnabled()
    assert "请先更正" in tab.status.text()
    assert tab.slip() is None
    qtbot.keyClick(tab.cost.edit, Qt.Key.Key_Backspace)
    assert tab.cost.error.isHidden()
    assert tab.amounts_frame.isEnabled()
    assert tab.slip() is not None


@pytest.mark.parametrize(
    ("typed", "message"),
    [("-5", "不能为负数"), ("1.234", "两位小数"), ("abc", "请输入数字")],
)
def test_each_kind_of_bad_amount_has_its_message(qtbot, tab: EstimateTab, typed: str, message: str) -> None:
    qtbot.keyClicks(tab.cost.edit, typed)
    assert message in tab.cost.error.text()
    assert tab.cost.text() == typed


def test_missing_hospital_level_is_flagged_at_the_level(qtbot, tab: EstimateTab) -> None:
    tab.level.setCurrentIndex(0)  # the "请选择" placeholder
    qtbot.keyClicks(tab.cost.edit, "12000")
    assert not tab.level_msg.isHidden()
    assert "医院等级" in tab.level_msg.text()
    assert tab.slip() is None


def test_special_disease_needs_the_settlement_slip_amount(qtbot, tab: EstimateTab) -> None:
    set_combo_value(tab.kind, "outpatient_special")
    assert "必须填写" in tab.slip_paid.hint.text()
    qtbot.keyClicks(tab.cost.edit, "5000")
    assert not tab.slip_paid.error.isHidden()
    assert "结算单" in tab.slip_paid.error.text()
    assert "basic_fund_paid" not in tab.slip_paid.error.text()
    qtbot.keyClicks(tab.slip_paid.edit, "3000")
    # fund 3000 from the slip; 大病 base 2000 below the 20000 threshold: 0; self 2000.00
    got = amounts(tab)
    assert got["basic_fund"] == "3,000.00 元"
    assert got["critical_illness"] == "0.00 元"
    assert got["out_of_pocket"] == "2,000.00 元"


def test_only_the_fields_the_kind_needs_are_shown(tab: EstimateTab) -> None:
    tab.show()
    assert tab.level.isVisible() and not tab.facility.isVisible()
    set_combo_value(tab.kind, "outpatient_general")
    assert tab.facility.isVisible() and not tab.level.isVisible()
    assert tab.opening_fields["outpatient_general_cost"].isVisible()
    assert not tab.opening_fields["capped_fund_paid"].isVisible()
    set_combo_value(tab.kind, "pku")
    assert tab.birth_date.isVisible()


def test_earlier_outpatient_spending_moves_the_band(qtbot, tab: EstimateTab) -> None:
    # Earlier this year 1000; this visit 1000 at a primary facility: cumulative 1000 -> 2000.
    # Only 1000..1500 lies in the paid band (200, 1500]: 500 x 50 % = 250.00.
    set_combo_value(tab.kind, "outpatient_general")
    set_combo_value(tab.facility, "primary")
    qtbot.keyClicks(tab.opening_fields["outpatient_general_cost"].edit, "1000")
    qtbot.keyClicks(tab.cost.edit, "1000")
    assert amounts(tab)["basic_fund"] == "250.00 元"
    assert amounts(tab)["out_of_pocket"] == "750.00 元"


def test_case_round_trip_restores_inputs(qtbot, tab: EstimateTab, policies: PolicySet) -> None:
    set_combo_value(tab.aid_status, "other_aid")
    qtbot.keyClicks(tab.cost.edit, "12000")
    data = tab.to_case()
    other = EstimateTab(policies)
    qtbot.addWidget(other)
    other.load_case(data)
    assert amounts(other) == amounts(tab)
    other.clear()
    assert other.cost.text() == ""
    assert other.slip() is None


def test_chronic_facility_choices_use_the_notices_words(qtbot, tab: EstimateTab) -> None:  # type: ignore[no-untyped-def]
    """门诊慢性病 showed 基层/二级以上 where its table says 社区卫生服务机构/其他定点医疗机构单位."""
    set_combo_value(tab.kind, "outpatient_chronic")
    items = [tab.facility.itemText(i) for i in range(1, tab.facility.count())]
    assert items == ["社区卫生服务机构(基层)", "其他定点医疗机构单位"]
    set_combo_value(tab.kind, "outpatient_general")
    items = [tab.facility.itemText(i) for i in range(1, tab.facility.count())]
    assert items == ["基层医疗机构", "二级以上医疗机构"]


def test_special_blood_says_who_qualifies(tab: EstimateTab) -> None:
    # issue 21, 15: 2024 二(五)3 “经由市中心血站核准不能享受血站免费用血,或者超出免费用血额度的”
    set_combo_value(tab.kind, "special_blood")
    assert "经由市中心血站核准不能享受血站免费用血,或者超出免费用血额度的" in tab.cost.hint.text()
    set_combo_value(tab.kind, "inpatient")
    assert "血站" not in tab.cost.hint.text()


def test_wrapped_labels_break_between_phrases_not_inside_a_word() -> None:
    """Windows: the 大病 base label broke “门诊 / 特殊病” (Qt breaks Chinese anywhere)."""
    from desktop.ui.widgets.fields import phrase_html

    text = phrase_html("本年此前大病保险累计计算基数(住院、门诊特殊病合规费用中基本医保未付部分)")
    spans = text.split("</span>")
    assert any("门诊特殊病" in s for s in spans) and not any(s.endswith("门诊") for s in spans)
    assert any(s.endswith("累计计算基数") for s in spans)  # the bracket starts the next line, if any
