"""The household table model, without a view."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop.core.policy.loader import PolicySet
from desktop.core.premium import quote_household
from desktop.ui.tabs.quote.household_model import (
    COL_CATEGORY,
    COL_ID,
    COL_INDIVIDUAL,
    COL_LTC,
    COL_SUBSIDY,
    HouseholdModel,
    HouseholdRow,
    KeyRole,
)

TODAY = dt.date(2026, 11, 23)
CHILD_ID = "320483201506010029"  # born 2015-06-01, check digit 9


def test_columns_and_headers(qapp) -> None:  # type: ignore[no-untyped-def]
    model = HouseholdModel(TODAY)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["姓名", "身份证号", "参保类别", "救助身份", "个人缴费", "财政补助", "其中长护险"]


def test_id_masked_for_display_whole_for_editing(qapp) -> None:  # type: ignore[no-untyped-def]
    model = HouseholdModel(TODAY)
    model.add_row(HouseholdRow())
    assert model.setData(model.index(0, COL_ID), CHILD_ID)
    assert model.data(model.index(0, COL_ID)) == "320483********0029"
    assert model.data(model.index(0, COL_ID), Qt.ItemDataRole.EditRole) == CHILD_ID


def test_wrong_id_keeps_text_and_message(qapp) -> None:  # type: ignore[no-untyped-def]
    model = HouseholdModel(TODAY)
    model.add_row(HouseholdRow())
    model.setData(model.index(0, COL_ID), "320483201506010028")  # last digit wrong
    assert "校验位" in model.data(model.index(0, COL_ID), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, COL_ID), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.problems() == [(0, model.row(0).id_error)]
    assert model.row(0).member().id_number is None  # a wrong number never reaches the core


def test_suggestion_is_not_applied_until_accepted(qapp) -> None:  # type: ignore[no-untyped-def]
    model = HouseholdModel(TODAY)
    model.add_row(HouseholdRow(category="non_employed"))
    model.setData(model.index(0, COL_ID), CHILD_ID)
    assert model.row(0).category == "non_employed"
    assert model.data(model.index(0, COL_CATEGORY)) == "非从业居民 ⚠待确认"
    assert "建议:未成年居民,待确认" in model.data(model.index(0, COL_CATEGORY), Qt.ItemDataRole.ToolTipRole)
    assert model.accept_suggestion(0)
    assert model.row(0).category == "minor"
    assert model.data(model.index(0, COL_CATEGORY)) == "未成年居民"
    assert model.data(model.index(0, COL_CATEGORY), KeyRole) == "minor"


def test_choosing_a_category_settles_the_suggestion(qapp) -> None:  # type: ignore[no-untyped-def]
    model = HouseholdModel(TODAY)
    model.add_row(HouseholdRow())
    model.setData(model.index(0, COL_ID), CHILD_ID)
    model.setData(model.index(0, COL_CATEGORY), "college_student")
    assert model.row(0).open_suggestion is None
    assert not model.setData(model.index(0, COL_CATEGORY), "retired")  # unknown keys are refused


def test_money_columns_show_core_results(qapp, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    model = HouseholdModel(TODAY)
    model.add_row(HouseholdRow(category="non_employed"))
    model.add_row(HouseholdRow(category="minor", aid_status="extreme_poverty"))
    quote = quote_household(policies[2025], [r.member() for r in model.rows])
    model.set_quotes(list(quote.members))
    # 2025 §三: non-employed (five districts) 880, of which 长护险 30; subsidy 1100 (changes §二(二))
    assert model.data(model.index(0, COL_INDIVIDUAL)) == "880.00 元"
    assert model.data(model.index(0, COL_SUBSIDY)) == "1,100.00 元"
    assert model.data(model.index(0, COL_LTC)) == "30.00 元"
    assert model.data(model.index(1, COL_INDIVIDUAL)) == "0.00 元(政府代缴)"


def test_duplicate_drops_id_and_reset_on_set_rows(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = HouseholdModel(TODAY)
    model.add_row(HouseholdRow(name="张三"))
    model.setData(model.index(0, COL_ID), CHILD_ID)
    model.duplicate_row(0)
    assert model.row(1).name == "张三" and model.row(1).id_number == ""
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([])
    assert model.rowCount() == 0


def test_full_width_id_typed_by_an_input_method_is_the_same_number(qapp) -> None:  # type: ignore[no-untyped-def]
    model = HouseholdModel(TODAY)
    model.add_row(HouseholdRow())
    wide = CHILD_ID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert model.setData(model.index(0, COL_ID), "\u3000" + wide[:6] + " " + wide[6:])
    row = model.rows[0]
    assert row.id_error is None and row.id_number == CHILD_ID
    assert model.data(model.index(0, COL_ID)) == "320483********0029"
    assert model.setData(model.index(0, 0), "Ｌｉ\u3000Ｌｅｉ")
    assert model.rows[0].name == "Li Lei"
