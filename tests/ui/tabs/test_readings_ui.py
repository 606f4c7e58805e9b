"""The readings on screen and paper, and the PKU condition where PKU is chosen (issue 13, 11-12)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.core.policy.loader import PolicySet
from desktop.ui.printing import save_slip_pdf, slip_html
from desktop.ui.tabs.checklist.tab import ChecklistTab
from desktop.ui.tabs.estimate.tab import EstimateTab
from desktop.ui.tabs.policy.tab import PolicyTab
from desktop.ui.tabs.simulation.tab import SimulationTab
from desktop.ui.widgets.fields import set_combo_value

INPATIENT_2025 = "解读:住院待遇沿用2024年表"


def _estimate(qtbot, policies: PolicySet) -> EstimateTab:  # type: ignore[no-untyped-def]
    tab = EstimateTab(policies)
    qtbot.addWidget(tab)
    tab.set_policy_year(2025)
    set_combo_value(tab.category, "elderly")
    set_combo_value(tab.kind, "inpatient")
    set_combo_value(tab.level, 3)
    qtbot.keyClicks(tab.cost.edit, "12000")
    return tab


def test_steps_and_printed_slip_name_the_reading(qtbot, policies: PolicySet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = _estimate(qtbot, policies)
    assert INPATIENT_2025 in tab.steps.plain_text()
    slip = tab.slip()
    assert slip is not None
    body = slip_html(slip)
    # the slip ends with the readings it used, after everything else
    end = body.rindex("本单用到的解读")
    assert INPATIENT_2025 in body[end:] and "沿用2024年须知的表" in body[end:]
    assert body.index("声明") < end
    assert "DOMAIN" not in body
    pdf = save_slip_pdf(slip, tmp_path / "slip.pdf")
    assert pdf.stat().st_size > 1000


def test_policy_tab_lists_the_readings_and_names_them_beside_figures(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    tab = PolicyTab(policies)
    qtbot.addWidget(tab)
    text = tab.readings_view.toPlainText()
    assert INPATIENT_2025 in text and "通知原文" in text and "其他可能的理解" in text and "用在" in text
    assert "15条" in tab.pages.tabText(2)
    reasons = [tab.figures.row(r).reason for r in range(tab.figures.rowCount())]
    assert any(r.startswith(INPATIENT_2025) for r in reasons)
    tab.set_policy_year(2024)
    assert "解读:2024年批量扣款日按月末" in tab.readings_view.toPlainText()
    assert INPATIENT_2025 not in tab.readings_view.toPlainText()


def test_checklist_slip_ends_with_its_readings(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    tab = ChecklistTab(policies)
    qtbot.addWidget(tab)
    tab.set_policy_year(2024)
    slip = tab.slip()
    assert slip is not None
    titles = [t for t, _ in slip.readings]
    assert "解读:2024年批量扣款日按月末" in titles
    assert any("解读:2024年批量扣款日按月末" in row[2] for row in slip.table[1:])
    assert "解读:2024年批量扣款日按月末" in tab.view.toPlainText()


def test_pku_shows_its_diagnosis_codes_where_it_is_chosen(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    est = _estimate(qtbot, policies)
    assert est.cost.hint.isHidden()
    set_combo_value(est.kind, "pku")
    assert not est.cost.hint.isHidden()
    assert "ICD-10:E70.0" in est.cost.hint.text() and "ICD-10:E70.1" in est.cost.hint.text()
    sim = SimulationTab(policies)
    qtbot.addWidget(sim)
    qtbot.mouseClick(sim.add_button, Qt.MouseButton.LeftButton)
    set_combo_value(sim.editor.kind, "pku")
    assert "ICD-10:E70.0" in sim.editor.cost.hint.text() and not sim.editor.cost.hint.isHidden()
    set_combo_value(sim.editor.kind, "inpatient")
    assert sim.editor.cost.hint.isHidden()


def test_policy_tables_show_no_field_paths(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    import re

    from PySide6.QtCore import Qt as _Qt

    identifier = re.compile(r"(?<![A-Za-z])[a-z][a-z_]{2,}")
    tab = PolicyTab(policies)
    qtbot.addWidget(tab)
    for model in (tab.figures, tab.changes):
        assert model.rowCount() > 10
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                for role in (_Qt.ItemDataRole.DisplayRole, _Qt.ItemDataRole.ToolTipRole):
                    shown = str(model.index(r, c).data(role) or "")
                    assert identifier.search(shown) is None, shown
