"""The policy tab: every figure with its status and source, filters, and the 2024→2025 changes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.policy.loader import PolicySet
from desktop.core.policy.model import iter_figures
from desktop.ui.tabs.policy.figures_model import COL_ITEM, COL_SOURCE, COL_STATUS, COL_VALUE, FiguresModel, path_label
from desktop.ui.tabs.policy.tab import PolicyTab


def test_figures_model_lists_every_figure(qapp, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    model = FiguresModel()
    model.set_policy(policies[2025])
    assert model.rowCount() == len(iter_figures(policies[2025]))
    labels = [model.index(r, COL_ITEM).data() for r in range(model.rowCount())]
    row = labels.index("缴费标准 · 老年居民 · 个人缴费")
    assert model.index(row, COL_VALUE).data() == "730 元"
    assert model.index(row, COL_STATUS).data() == "● 通知原文"
    assert "2025年度通告" in model.index(row, COL_SOURCE).data()


def test_path_labels_read_like_the_notice() -> None:
    assert path_label("benefits.inpatient.levels.3.adult.deductible") == "待遇 · 住院 · 3级医院 · 老年/非从业 · 起付线"


def test_policy_tab_filters_by_status(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    tab = PolicyTab(policies)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    total = tab.proxy.rowCount()
    assert total == len(iter_figures(policies[2025]))
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("carried_over"))
    shown = tab.proxy.rowCount()
    assert 0 < shown < total
    for r in range(shown):
        assert tab.proxy.index(r, COL_STATUS).data() == "▲ 沿用上年"
    tab.status_combo.setCurrentIndex(0)
    qtbot.keyClicks(tab.search, "12393")  # QTest types ASCII only; the hotline is a number
    assert tab.proxy.rowCount() == 1
    assert tab.proxy.index(0, COL_ITEM).data() == "参保缴费 · 咨询热线"
    tab.search.setText("起付线")
    assert 0 < tab.proxy.rowCount() < total
    assert "已安装的政策年度" in tab.years_label.text() and "2024年度" in tab.years_label.text()


def test_changes_2024_to_2025(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    tab = PolicyTab(policies)
    qtbot.addWidget(tab)
    assert tab.pages.tabText(1) == "2024→2025 有何变化"
    model = tab.changes
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    r = rows["缴费标准 · 非从业居民 · 个人缴费"]
    # 2024 须知: 930; 2025 通告 §三: 880
    assert model.index(r, 2).data() == "930 元"
    assert model.index(r, 3).data() == "880 元"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "2024年度"


def test_the_notices_words_stand_beside_the_clause(qapp, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    # issue 21, 18: 来源 names the clause, 通知原文 gives the words (2025 通告 三: “老年居民”个人缴费 730 元/人)
    from desktop.ui.tabs.policy.figures_model import COL_QUOTE

    model = FiguresModel()
    model.set_policy(policies[2025])
    labels = [model.index(r, COL_ITEM).data() for r in range(model.rowCount())]
    row = labels.index("缴费标准 · 老年居民 · 个人缴费")
    assert model.index(row, COL_SOURCE).data() == "2025年度通告 三、个人缴费标准"
    assert model.index(row, COL_QUOTE).data() == "“老年居民”个人缴费 730 元/人;"
    tab = PolicyTab(policies)  # the chosen row whole, below the table
    tab.figures_view.setCurrentIndex(tab.proxy.index(row, COL_ITEM))
    assert "通知原文" in tab.detail.text() and "“老年居民”个人缴费 730 元/人;" in tab.detail.text()
    cut = labels.index("待遇 · 双通道药品 · 未经审批市外转院(诊)降低")
    assert model.index(cut, COL_VALUE).data() == "20个百分点"  # 二(四)2: 降低20个百分点, not 20%


def test_changes_show_each_years_status(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    # issue 21, 12: 2024's 家庭共济 range is a reading (of the 2025 通告's “原来”), 2025's its own words
    tab = PolicyTab(policies)
    qtbot.addWidget(tab)
    model = tab.changes
    assert model.headerData(4, Qt.Orientation.Horizontal) == "2024年度状态"
    assert model.headerData(5, Qt.Orientation.Horizontal) == "2025年度状态"
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    r = rows["参保缴费 · 家庭共济亲属范围"]
    assert model.index(r, 4).data() == "◆ 解读" and model.index(r, 5).data() == "● 通知原文"
    readings = tab.readings_view.toPlainText()
    assert "通知原文(2024年度参保须知 居民医保政策介绍 一、住院待遇 注)" in readings
