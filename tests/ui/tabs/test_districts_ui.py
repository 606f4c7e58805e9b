"""The window's district lists are the year's (issue 22, point 2): a year that adds 新区 shows it
in 保费测算 and 名册, quotes it, and another year without it falls back to its own list.

Amounts by hand: 2025 非从业居民 in 新区 800 (the test document, see tests/core/policy/test_names.py);
in 武进区 2024 930 (2024 须知 一(一) table)."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.core.policy.loader import load_policies
from desktop.resources import policy_dir
from desktop.ui.tabs.quote.tab import QuoteTab
from desktop.ui.tabs.roster.tab import RosterTab
from tests.core.policy.test_names import TODAY, as_text, bundled_2025, with_new_district


def _policies(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "policy"
    folder.mkdir()
    shutil.copy(policy_dir() / "2024.yaml", folder / "2024.yaml")
    (folder / "2025.yaml").write_text(as_text(with_new_district(bundled_2025())), encoding="utf-8")
    return load_policies([folder])


def test_quote_tab_lists_the_years_districts(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = QuoteTab(_policies(tmp_path), today=TODAY)
    qtbot.addWidget(tab)
    tab.set_policy_year(2025)
    names = [tab.district.itemText(i) for i in range(tab.district.count())]
    assert names[-1] == "新区" and "金坛新城" in names and "金坛区" not in names
    tab.district.setCurrentIndex(tab.district.findData("xinqu"))
    tab.add_member()
    assert tab.total_label.text() == "800.00 元"
    # 2024 has no 新区: its own list, the first district chosen, and the member follows it (930)
    tab.set_policy_year(2024)
    names = [tab.district.itemText(i) for i in range(tab.district.count())]
    assert "新区" not in names and "金坛区" in names
    assert tab.district_key == "wujin"
    assert tab.total_label.text() == "930.00 元"


def test_roster_tab_lists_the_years_districts(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = RosterTab(_policies(tmp_path), today=TODAY)
    qtbot.addWidget(tab)
    tab.set_policy_year(2025)
    combo = tab.district_combo
    combo.setCurrentIndex(combo.findData("xinqu"))
    assert tab.default_district() == "xinqu"
    tab.set_policy_year(2024)
    assert combo.findData("xinqu") < 0 and tab.default_district() is None


def test_quote_tab_names_categories_as_the_year_does(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.policy.loader import load_policies as load
    from desktop.ui.tabs.quote.household_model import COL_CATEGORY

    folder = tmp_path / "renamed"
    folder.mkdir()
    data = bundled_2025()
    data["premiums"]["categories"]["college_student"]["label"] = "在常高校大学生"  # a year's own name
    (folder / "2025.yaml").write_text(as_text(data), encoding="utf-8")
    tab = QuoteTab(load([folder]), today=TODAY)
    qtbot.addWidget(tab)
    tab.add_member()
    tab.model.setData(tab.model.index(0, COL_CATEGORY), "college_student")
    assert tab.model.index(0, COL_CATEGORY).data() == "在常高校大学生"
    assert ("college_student", "在常高校大学生") in tab.table.category_delegate.choices
