"""The premium-quote tab driven like a clerk would: buttons, typing, combo boxes, year switches."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox

from desktop.core.policy.loader import PolicySet
from desktop.ui.tabs.quote.household_model import COL_AID, COL_CATEGORY, COL_ID, COL_INDIVIDUAL, COL_LTC
from desktop.ui.tabs.quote.tab import QuoteTab

TODAY = dt.date(2026, 11, 23)
CHILD_ID = "320483201506010029"


@pytest.fixture
def tab(qtbot, policies: PolicySet) -> QuoteTab:  # type: ignore[no-untyped-def]
    widget = QuoteTab(policies, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1260, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_editor(tab: QuoteTab, row: int, col: int, kind: type) -> Any:
    """Start editing a cell as F2 would, and return the delegate's editor."""
    index = tab.model.index(row, col)
    tab.table.setCurrentIndex(index)
    tab.table.edit(index)
    editors = [w for w in tab.table.viewport().findChildren(kind) if w.isVisible()]
    assert len(editors) == 1
    return editors[0]


def edit_combo(qtbot, tab: QuoteTab, row: int, col: int, key: str) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(tab, row, col, QComboBox)
    editor.setCurrentIndex(editor.findData(key))
    editor.activated.emit(editor.currentIndex())  # as when the clerk picks an entry
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())


def type_id(qtbot, tab: QuoteTab, row: int, text: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    editor = open_editor(tab, row, COL_ID, QLineEdit)
    qtbot.keyClicks(editor, text)
    return editor


def test_household_totals_by_year(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 2
    edit_combo(qtbot, tab, 1, COL_CATEGORY, "minor")
    # 2025 wujin: non-employed 880 + minor 390 = 1270 (2025 通告 §三)
    assert tab.total_label.text() == "1,270.00 元"
    assert tab.ltc_label.text() == "60.00 元"  # 30 + 30
    with qtbot.waitSignal(tab.changed):
        tab.set_policy_year(2024)
    # 2024 wujin: non-employed 930 + minor 390 = 1320 (2024 须知 §一(一) table)
    assert tab.total_label.text() == "1,320.00 元"
    # 溧阳: non-employed 730 in both years → 730 + 390 = 1120
    tab.district.setCurrentIndex(tab.district.findData("liyang"))
    assert tab.total_label.text() == "1,120.00 元"


def test_aid_recipient_pays_nothing(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    tab.add_member()
    tab.add_member()
    edit_combo(qtbot, tab, 1, COL_CATEGORY, "minor")
    edit_combo(qtbot, tab, 0, COL_AID, "other_aid")
    # the non-employed member's 880 is paid by the government; the household pays the minor's 390
    assert tab.total_label.text() == "390.00 元"
    assert tab.exempt_label.text() == "880.00 元"


def test_wrong_id_shows_message_and_keeps_quoting(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    tab.add_member()
    editor = type_id(qtbot, tab, 0, "12345")
    assert "18位" in editor.toolTip()  # live, while typing
    assert "现在是5位" in tab.message.text()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "第 1 行身份证号" in tab.message.text())
    assert "现在是5位" in tab.model.data(tab.model.index(0, COL_ID), Qt.ItemDataRole.ToolTipRole)
    assert tab.total_label.text() == "880.00 元"  # the wrong number blocks nothing else


def test_valid_id_suggests_category_for_the_clerk_to_accept(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    tab.add_member()
    editor = type_id(qtbot, tab, 0, CHILD_ID)
    assert "2015-06-01" in editor.toolTip()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.row(0).id_info is not None)  # the delegate commits on the next loop turn
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    # age by the one rule: on 2025-01-01 (policy year 2025) a child born 2015-06-01 is 9
    assert "到2025年1月1日9周岁" in tab.message.text() and "建议“未成年居民”" in tab.message.text()
    assert "按 Alt+J 采纳" in tab.message.text()
    assert tab.model.row(0).category == "non_employed"  # never applied silently
    assert tab.total_label.text() == "880.00 元"
    assert tab.accept_button.isEnabled()
    qtbot.mouseClick(tab.accept_button, Qt.MouseButton.LeftButton)
    assert tab.model.row(0).category == "minor"
    assert tab.total_label.text() == "390.00 元"
    assert tab.model.data(tab.model.index(0, COL_ID)) == "320483********0029"


def test_slip_masks_ids_and_lists_amounts(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    assert tab.slip() is None  # nothing to print before a member is added
    tab.add_member()
    tab.model.setData(tab.model.index(0, 0), "王芳")
    tab.model.setData(tab.model.index(0, COL_ID), CHILD_ID)
    slip = tab.slip()
    assert slip is not None
    assert slip.policy_year == 2025
    assert slip.amounts[0].amount == 880 and slip.amounts[0].emphasis
    assert slip.table[1][1] == "320483********0029"
    assert CHILD_ID not in repr(slip)
    assert any("建议" in n for n in slip.notes)


def test_waiting_period_calculator(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    # reading 12 (政策 tab 解读): 2025, paid 2025-03-15, broke 2 years, repaid 1 → 3 + (2 − 1) = 4 months → 2025-07-01
    tab.pay_date.setDate(QDate(2025, 3, 15))
    tab.years_broken.setValue(2)
    tab.years_repaid.setValue(1)
    assert "等待期 4 个月" in tab.waiting_result.text()
    assert "2025-07-01" in tab.waiting_result.text()
    # a newborn has no break: 断保 2 年 is refused at its field, nothing is computed
    qtbot.keyClick(tab.newborn, Qt.Key.Key_Space)
    assert tab.waiting is None and tab.waiting_result.text() == ""
    assert "新生儿" in tab.waiting_errors["years_broken"][0].text()
    tab.years_repaid.setValue(0)
    tab.years_broken.setValue(0)
    tab.birth_date.setDate(QDate(2025, 2, 20))
    assert "不设等待期" in tab.waiting_result.text()
    # a date before the 2025 collection period is flagged at the field and blocks only this box
    tab.pay_date.setDate(QDate(2024, 5, 1))
    assert "早于" in tab.waiting_errors["payment_date"][0].text()
    assert tab.waiting_result.text() == ""


def test_family_check_follows_the_year(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    tab.relation.setCurrentIndex(tab.relation.findData("sibling"))
    tab.payer_employee.setCurrentIndex(tab.payer_employee.findData(True))
    assert "可以代缴" in tab.family_result.text()  # 2025: near relatives (changes §五)
    tab.set_policy_year(2024)
    assert "不能代缴" in tab.family_result.text()  # 2024: spouse, parents, children only
    tab.payer_employee.setCurrentIndex(tab.payer_employee.findData(False))
    tab.relation.setCurrentIndex(tab.relation.findData("spouse"))
    assert "不能代缴" in tab.family_result.text()


def test_schedule_dates(tab: QuoteTab) -> None:
    assert tab.period_label.text() == "2024-10-01 至 2024-12-31"
    # 2025 五(一)4 gives only the first batch debit: "11 月 15 日前(税务部门首次批量扣费日)"
    assert tab.debit_label.text() == "税务部门首次批量扣费日:2024-11-15"
    tab.set_policy_year(2024)
    assert "2023-10-31、2023-11-30、2023-12-31" in tab.debit_label.text()
    assert "解读:2024年批量扣款日按月末" in tab.debit_label.text()  # 须知 三(一) only says 月底
    assert tab.online_label.text() == "2023-11-01"


def test_delete_asks_when_row_has_data(qtbot, tab: QuoteTab, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab.add_member()
    tab.model.setData(tab.model.index(0, 0), "张三")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 0
    tab.add_member()  # an empty row goes without asking
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked for an empty row"))
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 0


def test_case_round_trip_and_bad_case(qtbot, tab: QuoteTab, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    tab.add_member()
    tab.model.setData(tab.model.index(0, COL_ID), CHILD_ID)
    tab.years_broken.setValue(3)
    data = tab.to_case()
    other = QuoteTab(policies, today=TODAY)
    qtbot.addWidget(other)
    other.load_case(data)
    assert other.model.row(0).id_number == CHILD_ID
    assert other.model.row(0).open_suggestion is not None
    assert other.years_broken.value() == 3
    other.load_case({"district": 7, "members": ["x", {"category": "alien", "id_number": 12}], "waiting": "?"})
    assert other.model.rowCount() == 1
    assert other.model.row(0).category == "non_employed"
    other.clear()
    assert other.model.rowCount() == 0


def test_extreme_poverty_ltc_part_says_the_government_pays_it(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    """特困 grandfather, 老年居民 2025: 730 (700 + 长护险 30, 2025 通告 §三) all paid by the government."""
    tab.add_member()
    tab.model.setData(tab.model.index(0, 0), "王爷爷")
    edit_combo(qtbot, tab, 0, COL_CATEGORY, "elderly")
    edit_combo(qtbot, tab, 0, COL_AID, "extreme_poverty")
    assert tab.model.index(0, COL_INDIVIDUAL).data() == "0.00 元(政府代缴)"
    assert tab.model.index(0, COL_LTC).data() == "30.00 元(政府代缴)"
    assert "含长护险 30.00 元" in tab.model.index(0, COL_LTC).data(Qt.ItemDataRole.ToolTipRole)
    slip = tab.slip()
    assert slip is not None
    assert slip.table[1][4:] == ("0.00 元", "1,250.00 元", "30.00 元(政府代缴)")


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    """GB 11643 check character, computed here independently of the code under test."""
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


OLD_ID = make_id("32048319480601001")  # born 1948-06-01: 76 on 2025-01-01
YOUNG_ID = make_id("32048320031010001")  # born 2003-10-10: 21 on 2025-01-01


def test_optional_sections_stay_off_screen_and_paper_until_filled(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    tab.add_member()
    slip = tab.slip()
    assert slip is not None
    text = " ".join(slip.notes) + " ".join(s.text for s in slip.steps)
    assert "家庭共济" not in text and "等待期" not in text and "享受待遇" not in text
    assert "✓" not in tab.family_result.text() and "✗" not in tab.family_result.text()
    assert "选填" in tab.waiting_result.text() and "起享受" not in tab.waiting_result.text()
    assert tab.pay_date.value() is None and tab.pay_date.text() == "未填写"
    # the clerk fills them in: now they appear
    tab.relation.setCurrentIndex(tab.relation.findData("parent"))
    tab.pay_date.setDate(QDate(2025, 3, 15))
    slip = tab.slip()
    assert slip is not None
    notes = " ".join(slip.notes)
    assert "家庭共济:被代缴人是代缴人的父母,关系在可代缴范围内,还须核实代缴人参加江苏省内职工医保" in notes
    # 2025, paid 2025-03-15, no break: fixed 3 months March..May -> 2025-06-01 (DOMAIN reading 12)
    assert "待遇等待期:等待期 3 个月,自 2025-06-01 起享受待遇" in notes
    # a slip's answer never came from an untouched default: a 2-year break typed without a date
    tab.pay_date.set_value(None)
    tab.years_broken.setValue(2)
    assert tab.waiting is None and "请填写缴费日期" in tab.waiting_result.text()


def test_old_case_files_open_and_their_untouched_defaults_are_not_answers(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    old_default = {
        "district": "wujin",
        "members": [{"name": "张三", "category": "non_employed", "aid_status": "none"}],
        "family": {"payer_employee": True, "relation": "spouse"},
        "waiting": {"payment_date": None, "in_collection_period": None, "years_broken": 0, "years_repaid": 0},
    }
    tab.load_case(old_default)
    assert tab.model.rowCount() == 1 and tab.relation.currentData() is None and tab.pay_date.value() is None
    assert not any("家庭共济" in n for n in tab.slip().notes)  # type: ignore[union-attr]
    old_answer = dict(old_default, family={"payer_employee": True, "relation": "parent"})
    old_answer["waiting"] = {"payment_date": "2025-03-15"}
    tab.load_case(old_answer)
    assert tab.relation.currentData() == "parent" and tab.payer_employee.currentData() is True
    assert tab.pay_date.value() == dt.date(2025, 3, 15)
    again = QuoteTab(tab.policies, today=TODAY)
    qtbot.addWidget(again)
    again.load_case(tab.to_case())
    assert again.to_case() == tab.to_case()


def test_a_likely_elderly_person_is_prompted_on_screen_and_slip_and_one_key_accepts(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    tab.add_member()
    tab.model.setData(tab.model.index(0, 0), "李爷爷")
    tab.model.setData(tab.model.index(0, COL_ID), OLD_ID)
    tab.table.setCurrentIndex(QModelIndex())  # nothing selected: the prompt and the button stay
    tab._refresh_message()
    assert tab.model.row(0).category == "non_employed"
    assert tab.model.index(0, COL_CATEGORY).data() == "非从业居民 ⚠待确认"
    assert "建议:老年居民,待确认" in tab.model.index(0, COL_CATEGORY).data(Qt.ItemDataRole.ToolTipRole)
    # 2025 通告 §三 武进区: 非从业居民 880, 老年居民 730
    assert "到2025年1月1日76周岁" in tab.message.text()
    assert "现按“非从业居民”880.00 元计算,“老年居民”为 730.00 元" in tab.message.text()
    assert tab.accept_button.isEnabled()
    slip = tab.slip()
    assert slip is not None
    assert any("李爷爷" in n and "730.00 元" in n and "880.00 元" in n for n in slip.notes)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    qtbot.keyClick(tab.focusWidget() or tab, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: tab.model.row(0).category == "elderly")  # a mnemonic clicks after a short flash
    assert tab.total_label.text() == "730.00 元"
    assert tab.table.hasFocus() and tab.table.currentIndex().row() == 0
    assert not tab.accept_button.isEnabled() and "Alt+J" not in tab.message.text()


def test_no_category_hint_where_the_choice_changes_nothing(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    tab.add_member()
    tab.model.setData(tab.model.index(0, COL_ID), YOUNG_ID)
    tab._refresh_message()
    assert "年龄线" not in tab.message.text() and not tab.accept_button.isEnabled()
    # 溧阳市 2025: 非从业居民 730 = 老年居民 730 (2025 通告 §三): the 76-year-old needs no prompt there
    tab.district.setCurrentIndex(tab.district.findData("liyang"))
    tab.model.setData(tab.model.index(0, COL_ID), OLD_ID)
    tab._refresh_message()
    assert "年龄线" not in tab.message.text() and "建议" not in tab.model.index(0, COL_CATEGORY).data()
    assert not any("老年居民" in n for n in tab.slip().notes)  # type: ignore[union-attr]


def test_newborn_cover_never_starts_before_birth_and_contradictions_are_refused(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    tab.newborn.setChecked(True)
    tab.pay_date.setDate(QDate(2025, 6, 1))
    assert "出生日期" in tab.waiting_errors["birth_date"][0].text() and tab.waiting is None
    tab.birth_date.setDate(QDate(2025, 5, 10))
    # newborns have no waiting period (2025 通告 变化三); cover from the day of birth (the product's reading)
    assert "不设等待期,自 2025-05-10 起享受待遇" in tab.waiting_result.text()
    tab.birth_date.setDate(QDate(2025, 6, 2))  # born after the payment
    assert "晚于缴费日期" in tab.waiting_errors["birth_date"][0].text() and tab.waiting is None
    tab.newborn.setChecked(False)
    tab.years_broken.setValue(1)
    tab.years_repaid.setValue(2)
    assert "不能多于断保年数" in tab.waiting_errors["years_repaid"][0].text() and tab.waiting is None


def test_no_wait_starts_on_the_payment_date_not_january(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    # issue 21 point 1: a 2025 new aid recipient paying 2025-07-20 waits no months, and with no wait
    # cover starts on the payment (nothing covers anyone before paying but a newborn's 追溯报销)
    tab.pay_date.setDate(QDate(2025, 7, 20))
    tab.new_aid.setChecked(True)
    assert "不设等待期,自 2025-07-20 起享受待遇" in tab.waiting_result.text()
    assert tab.waiting is not None and tab.waiting.benefit_start.isoformat() == "2025-07-20"


def test_slip_lines_on_a_reading_name_it(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    # 2024 须知 三(一) only says "10月底、11月底和12月底": the month ends shown are a reading
    tab.set_policy_year(2024)
    tab.add_member()
    tab.model.setData(tab.model.index(0, 0), "王芳")
    slip = tab.slip()
    assert slip is not None
    debit = dict(slip.inputs)["批量扣费时间"]  # the 2024 须知's own words (issue 21, 6)
    assert "2023-10-31" in debit and "解读:2024年批量扣款日按月末" in debit
    assert "解读:2024年批量扣款日按月末" in [title for title, _ in slip.readings]
    tab.set_policy_year(2025)  # 2025 五(一)4 states its date: no reading
    slip = tab.slip()
    assert slip is not None and "解读" not in dict(slip.inputs)["税务部门首次批量扣费日"]


def test_a_college_student_is_shown_apart_from_the_counter_total(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    tab.add_member()
    tab.add_member()
    tab.model.setData(tab.model.index(1, 0), "哥哥")
    edit_combo(qtbot, tab, 1, COL_CATEGORY, "college_student")
    # 2025 武进: 非从业居民 880 at the counter; the college student's 260 goes through the college
    # (通告 五(二):由学校统一收取缴费后代缴), so the counter total is 880, the household's 880 + 260 = 1,140
    assert tab.total_label.text() == "880.00 元"
    assert "本柜台" in tab.total_caption.text()
    assert tab.school_label.isVisible()
    school = tab.school_label.text()
    assert "260.00 元" in school and "1,140.00 元" in school and "本市各类全日制高等学校" in school
    slip = tab.slip()
    assert slip is not None
    assert (slip.amounts[0].amount, slip.amounts[0].emphasis) == (880, True)
    assert "本柜台" in slip.amounts[0].label
    assert any(a.amount == 260 and "学校" in a.label for a in slip.amounts)
    assert any("本市各类全日制高等学校" in n for n in slip.notes)
    edit_combo(qtbot, tab, 1, COL_CATEGORY, "minor")
    assert not tab.school_label.isVisible() and tab.total_caption.text() == "全家个人缴费合计:"


def test_a_new_members_category_is_marked_not_chosen_until_the_clerk_chooses(qtbot, tab: QuoteTab) -> None:  # type: ignore[no-untyped-def]
    """Every new member started as 非从业居民 as if the clerk had chosen it."""
    tab.add_member()
    cell = tab.model.data(tab.model.index(0, COL_CATEGORY))
    assert "未选" in cell and "尚未选择" in tab.message.text()
    slip = tab.slip()
    assert slip is not None and any("尚未选择" in n for n in slip.notes)
    edit_combo(qtbot, tab, 0, COL_CATEGORY, "non_employed")  # the same category, now chosen
    assert "未选" not in tab.model.data(tab.model.index(0, COL_CATEGORY))
    assert "尚未选择" not in tab.message.text()
    # a saved case keeps which members still wait for a choice
    tab.add_member()
    data = tab.to_case()
    assert [m["category_chosen"] for m in data["members"]] == [True, False]
