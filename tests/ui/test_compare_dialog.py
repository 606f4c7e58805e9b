from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from desktop.core.policy.loader import PolicySet
from desktop.core.premium import Member
from desktop.ui.compare_dialog import CompareDialog
from desktop.ui.tabs.estimate.tab import EstimateTab
from desktop.ui.tabs.simulation.tab import SimulationTab
from desktop.ui.widgets.fields import set_combo_value


def test_estimate_compared_under_both_years(qtbot, policies: PolicySet) -> None:
    tab = EstimateTab(policies)
    qtbot.addWidget(tab)
    set_combo_value(tab.aid_status, "other_aid")
    set_combo_value(tab.level, 3)
    qtbot.keyClicks(tab.cost.edit, "12000")
    dialog = CompareDialog(policies, tab)
    qtbot.addWidget(dialog)
    headers = dialog.model.headers()
    assert "2024年度" in headers and "2025年度" in headers
    rows = {r.label: r for r in dialog.model.rows()}
    # Both years: 1000 per admission at 70 % (2024 stated, 2025 carried over) -> 7700.00.
    assert rows["基本医保统筹基金"].values == {2024: Decimal("7700.00"), 2025: Decimal("7700.00")}
    assert rows["个人自付"].values[2025] == Decimal("344.00")
    assert dialog.model.text(0, 3) == "0.00"
    slip = dialog.slip()
    assert slip is not None and slip.table[0][1] == "2024年度"


def test_quote_differences_are_marked_without_colour(qtbot, policies: PolicySet) -> None:
    class FakeQuoteTab:
        case_key = "quote"

        def members(self) -> list[Member]:
            return [Member(name="甲", category="elderly", district="wujin")]

        def slip(self) -> None:
            return None

    dialog = CompareDialog(policies, FakeQuoteTab())  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    rows = dialog.model.rows()
    labels = [r.label for r in rows]
    # Elderly individual premium 730 in both notices (2025: 700 + 30 长护险): no mark.
    same = labels.index("甲 个人缴费")
    assert dialog.model.text(same, 1) == "730.00" and dialog.model.text(same, 2) == "730.00"
    assert dialog.model.text(same, 4) == ""
    # Subsidy: 2025 notice 1250, "财政补助增加 150 元" -> 2024 1100; +150.00, bold and marked.
    changed = labels.index("甲 财政补助")
    assert dialog.model.text(changed, 3) == "+150.00"
    assert dialog.model.text(changed, 4) == "◆ 有变化"
    font = dialog.model.data(dialog.model.index(changed, 0), Qt.ItemDataRole.FontRole)
    assert font.bold()


def test_incomplete_case_gives_a_note(qtbot, policies: PolicySet) -> None:
    tab = SimulationTab(policies)
    qtbot.addWidget(tab)
    dialog = CompareDialog(policies, tab)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert "还没有添加费用" in dialog.note.text()
    assert not dialog.print_button.isEnabled()


def test_year_that_cannot_be_computed_is_named(qtbot, policies: PolicySet) -> None:
    tab = SimulationTab(policies)
    qtbot.addWidget(tab)
    tab.add_event()
    set_combo_value(tab.editor.kind, "outpatient_special")
    qtbot.keyClicks(tab.editor.cost.edit, "5000")
    # Without the slip amount no year can compute; the dialog says so instead of failing.
    dialog = CompareDialog(policies, tab)
    qtbot.addWidget(dialog)
    assert "请先把这一页的内容填写完整" in dialog.note.text() or "无法计算" in dialog.note.text()
