"""The checklist tab: ticking answers changes the resident's list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.policy.loader import PolicySet
from desktop.ui.tabs.checklist.tab import ChecklistTab


@pytest.fixture
def tab(qtbot, policies: PolicySet) -> ChecklistTab:  # type: ignore[no-untyped-def]
    widget = ChecklistTab(policies)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_answers_change_the_list(qtbot, tab: ChecklistTab) -> None:  # type: ignore[no-untyped-def]
    text = tab.view.toPlainText()
    assert "2025年度 参保清单" in text
    assert "视作延续参保" in text
    with qtbot.waitSignal(tab.changed):
        qtbot.keyClick(tab.status_buttons["new"], Qt.Key.Key_Space)
    text = tab.view.toPlainText()
    assert "需要办理参保登记" in text
    assert "现场办理" in text


def test_employee_insured_is_told_no(qtbot, tab: ChecklistTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(tab.checks["employee_insured"], Qt.Key.Key_Space)
    assert tab.checks["employee_insured"].isChecked()
    assert "不能参加本市居民医保" in tab.view.toPlainText()


def test_payment_choice_and_year(qtbot, tab: ChecklistTab) -> None:  # type: ignore[no-untyped-def]
    tab.payment_buttons["family"].setChecked(True)
    assert "兄弟姐妹" in tab.view.toPlainText()
    assert "11月15日前" in tab.view.toPlainText()
    tab.set_policy_year(2024)
    text = tab.view.toPlainText()
    assert "2024年度 参保清单" in text
    assert "兄弟姐妹" not in text


def test_slip_and_case(qtbot, tab: ChecklistTab, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    tab.category_buttons["minor"].setChecked(True)
    tab.checks["minor"].setChecked(True)
    tab.checks["flexible_pension"].setChecked(True)  # 2025: only then does the bank want papers
    slip = tab.slip()
    assert slip is not None
    assert slip.title == "居民医保参保清单"
    assert ("参保类别", "未成年居民") in slip.inputs
    assert any("法定监护人" in row[1] for row in slip.table[1:])
    other = ChecklistTab(policies)
    qtbot.addWidget(other)
    other.load_case(tab.to_case())
    assert other.answers() == tab.answers()
    other.clear()
    assert other.answers().category == "elderly"


def test_bank_condition_question_follows_the_year(qtbot, tab: ChecklistTab) -> None:  # type: ignore[no-untyped-def]
    # 2025 五(一)1 asks about 灵活就业人员养老保险; 2024 三(一) about the first use of the card
    assert not tab.checks["flexible_pension"].isHidden() and tab.checks["first_bank_debit"].isHidden()
    assert "参保人身份证原件" not in tab.view.toPlainText()
    tab.checks["flexible_pension"].setChecked(True)
    assert "参保人身份证原件" in tab.view.toPlainText()
    tab.set_policy_year(2024)
    assert tab.checks["flexible_pension"].isHidden() and not tab.checks["first_bank_debit"].isHidden()
    assert "参保人身份证原件" not in tab.view.toPlainText()
    tab.checks["first_bank_debit"].setChecked(True)
    assert "参保人身份证原件" in tab.view.toPlainText()


def test_pupil_and_vocational_student_are_asked_apart(qtbot, tab: ChecklistTab) -> None:  # type: ignore[no-untyped-def]
    tab.status_buttons["new"].setChecked(True)
    tab.category_buttons["minor"].setChecked(True)
    tab.checks["minor"].setChecked(True)
    tab.checks["school_student"].setChecked(True)
    assert "中小学生不由学校统一办理" in tab.view.toPlainText()
    tab.checks["school_student"].setChecked(False)
    tab.checks["vocational_student"].setChecked(True)
    assert "学校统一办理:" in tab.view.toPlainText() and "现场办理" not in tab.view.toPlainText()


def test_newborn_and_late_payer_dates_are_in_the_checklist_tab_itself(qtbot, tab: ChecklistTab) -> None:  # type: ignore[no-untyped-def]
    import json

    from PySide6.QtCore import QDate

    qtbot.keyClick(tab.newborn, Qt.Key.Key_Space)
    tab.payment_date.setDate(QDate(2025, 6, 1))
    assert "出生日期" in tab.timing_errors["birth_date"][0].text()  # asked for, at its field
    tab.birth_date.setDate(QDate(2025, 5, 10))
    text = tab.view.toPlainText()
    # 2025 通告 变化三 exempts newborns; cover from birth (the product's labelled reading)
    assert "除新生儿等特殊群体外" in text and "不设等待期,自 2025-05-10 起享受待遇" in text
    assert "保费测算" not in text
    tab.years_broken.setValue(2)  # a newborn has no break
    assert tab.timing_errors["years_broken"][0].isVisible() and "新生儿" in tab.timing_errors["years_broken"][0].text()
    tab.years_broken.setValue(0)
    slip = tab.slip()
    assert slip is not None and ("出生日期", "2025-05-10") in slip.inputs and ("缴费日期", "2025-06-01") in slip.inputs
    data = json.loads(json.dumps(tab.to_case()))  # a case file holds plain JSON
    again = ChecklistTab(tab.policies)
    qtbot.addWidget(again)
    again.load_case(data)
    assert again.birth_date.value() is not None and again.birth_date.value().isoformat() == "2025-05-10"  # type: ignore[union-attr]
    assert "自 2025-05-10 起享受待遇" in again.view.toPlainText()


def test_the_short_form_prints_on_one_page_and_the_long_form_is_one_click_away(qtbot, tab: ChecklistTab) -> None:  # type: ignore[no-untyped-def]
    """A newborn's checklist ran to three pages, repeating items; the short form is the default."""
    from desktop.ui.printing import slip_document

    tab.load_case(
        {
            "new_enrolment": True,
            "category": "minor",
            "minor": True,
            "newborn": True,
            "birth_date": "2025-03-10",
            "payment_date": "2025-03-20",
            "payment": "bank_debit",
        }
    )
    assert not tab.full_form.isChecked()
    short = tab.slip()
    assert short is not None
    assert slip_document(short).pageCount() == 1
    assert "六、怎样拿缴费凭证" not in tab.view.toPlainText()
    from PySide6.QtCore import QPoint

    # one click on the box (its left end: a wide check box takes clicks on its box and text only)
    qtbot.mouseClick(tab.full_form, Qt.MouseButton.LeftButton, pos=QPoint(8, tab.full_form.height() // 2))
    assert tab.full_form.isChecked() and "六、怎样拿缴费凭证" in tab.view.toPlainText()
    full = tab.slip()
    assert full is not None and len(full.table) > len(short.table)
