"""The window's roster table is built from the core's one list of roster columns: a column added to
the list (desktop/core/roster/table_columns.py) is on screen, with its header, its cells and its
width, and the columns after it keep what they do (correcting, the choice lists) — no other change.

Roster as in tests/core/roster/test_table_columns.py (2025, 武进区): three residents quoted, 王某's
category “学生” unknown (a problem row).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from desktop.core.policy.loader import PolicySet
from desktop.core.roster import RosterResult
from desktop.ui.tabs.roster.model import RosterModel
from desktop.ui.tabs.roster.view import RosterResults
from desktop.ui.widgets.columns import column_width
from tests.core.roster.test_table_columns import sample_roster, with_dummy
from tests.sheet_cells import screen_column


@pytest.fixture
def result(policies: PolicySet) -> RosterResult:
    return sample_roster(policies)


EVERY_FIELD = frozenset({"household", "name", "id_number", "category", "district", "aid_status"})


def test_a_new_column_is_on_screen(qtbot, result: RosterResult, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert "核对人" not in [RosterModel().headerData(c, Qt.Orientation.Horizontal) for c in range(10)]
    with_dummy(monkeypatch)
    results = RosterResults()
    qtbot.addWidget(results)
    results.show_result(result, EVERY_FIELD)
    model = results.model
    assert model.columnCount() == 11
    col = screen_column(model, "核对人")
    assert col == screen_column(model, "核对结果") - 1
    assert [model.index(r, col).data() for r in range(model.rowCount())] == ["已核", "已核", "已核", "未核"]
    # as wide as its sample, like every column
    assert results.view.columnWidth(col) == column_width(results.view, col, "已核")
    # not a field of the file: never editable, nothing to correct
    assert not model.flags(model.index(3, col)) & Qt.ItemFlag.ItemIsEditable
    # the columns keep their jobs: 王某's category is corrected from its list, as a category
    category = model.index(3, screen_column(model, "参保类别"))
    assert model.flags(category) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.corrected) as said:
        assert model.setData(category, "非从业居民")
    assert said.args == [5, "category", "非从业居民"]
    view = results.view
    index = results.proxy.mapFromSource(category)
    view.setCurrentIndex(index)
    view.edit(index)
    (combo,) = [w for w in view.viewport().findChildren(QComboBox)]
    assert combo.findText("非从业居民") >= 0 and combo.accessibleName() == "参保类别"
