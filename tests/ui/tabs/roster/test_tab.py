"""The 村组名册 tab: import in the worker, the mapping step, totals, filter, export, print, cancel.

Roster (2025, 武进区; amounts from the 2025 notice §三): two 非从业居民 880 + one 未成年居民 390 +
one 老年居民 on 低保 0 (730 paid by the government) = 2150.00, exempted 730.00; plus one row
with a wrong check digit and one 未成年居民 aged 30, both listed and not quoted.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.core.policy.loader import PolicySet
from desktop.core.roster import ColumnMapping, detect_mapping, read_table
from desktop.ui.tabs.roster.mapping_dialog import RosterMappingDialog
from desktop.ui.tabs.roster.model import BAD_BACKGROUND, RosterModel
from desktop.ui.tabs.roster.tab import RosterTab
from tests.sheet_cells import cell, records, row_where, screen_column

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    """GB 11643 check character, computed here independently of the code under test."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


ID_A = make_id("32041219800101001")
ID_B = make_id("32041219820315002")
ID_C = make_id("32041220150720003")
ID_D = make_id("32041219500505004")
_E = make_id("32041219600101005")
ID_WRONG = _E[:17] + ("1" if _E[17] != "1" else "2")
ID_ADULT = make_id("32041219940615007")

HEADERS = ["户号", "姓名", "身份证号", "参保类别", "救助身份", "所属区"]
ROWS = [
    ["H1", "张一", ID_A, "非从业居民", "", "武进区"],
    ["H1", "张二", ID_B, "非从业居民", "", "武进区"],
    ["H1", "张小", ID_C, "未成年居民", "", "武进区"],
    ["H2", "李老", ID_D, "老年居民", "低保", "武进区"],
    ["H2", "李错", ID_WRONG, "老年居民", "", "武进区"],
    ["H3", "王某", ID_ADULT, "未成年居民", "", "武进区"],
]


def write_xlsx(path: Path, headers: list[str] = HEADERS, rows: list[list[str]] = ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def tab(qtbot, policies: PolicySet) -> RosterTab:  # type: ignore[no-untyped-def]
    widget = RosterTab(policies)
    qtbot.addWidget(widget)
    widget.resize(1280, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.wait_idle()


def import_and_wait(qtbot, tab: RosterTab, path: Path, mapping: ColumnMapping | None = None) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.import_file(path, mapping)


def test_import_shows_rows_and_totals(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "村名册.xlsx")
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.import_file(path)
        assert tab.progress_row.isVisible()  # the worker runs; the window keeps painting
        assert not tab.import_button.isEnabled()
    assert not tab.progress_row.isVisible()
    assert tab.model.rowCount() == 6
    totals = tab.totals.text()
    assert "2,150.00 元" in totals and "730.00 元" in totals
    assert "共 6 行,可计费 4 人,问题行 2 行" in tab.message.text()
    assert tab.export_button.isEnabled() and tab.print_button.isEnabled()
    model = tab.model
    col_id, col_status = screen_column(model, "身份证号"), screen_column(model, "核对结果")
    assert model.index(0, col_id).data() == ID_A[:6] + "********" + ID_A[-4:]
    assert model.index(0, screen_column(model, "个人缴费(元)")).data() == "880.00"
    assert model.index(4, col_status).data().startswith("身份证号的校验位(第18位)与前17位对不上")
    assert model.index(4, 0).data(Qt.ItemDataRole.BackgroundRole).color() == BAD_BACKGROUND
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    # 李老, 老年居民 on 低保: 730 incl. 长护险 30 (2025 通告 §三), paid by the government
    assert model.index(3, col_status).data() == "已计费;个人缴费 730.00(含长护险 30.00)由政府代缴,本人缴 0 元"
    assert tab.result is not None and tab.result.total.individual == Decimal("2150.00")


def test_problem_filter_and_row_detail(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "r.xlsx"))
    qtbot.mouseClick(tab.only_bad, Qt.MouseButton.LeftButton)
    assert tab.proxy.rowCount() == 2
    tab.view.selectRow(1)
    assert "第7行未计费" in tab.row_detail.text() and "30周岁" in tab.row_detail.text()
    qtbot.mouseClick(tab.only_bad, Qt.MouseButton.LeftButton)
    assert tab.proxy.rowCount() == 6


def test_year_switch_requotes(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "r.xlsx"))
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.set_policy_year(2024)
    # 2024 notice 一(一): 非从业居民 in 武进区 930, 未成年居民 390 → 930 × 2 + 390 + 0
    assert "2,250.00 元" in tab.totals.text()


def test_missing_district_uses_the_default(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "r.xlsx", ["姓名", "身份证号", "参保类别"], [["张一", ID_A, "非从业居民"]])
    tab.district_combo.setCurrentIndex(tab.district_combo.findText("武进区"))
    import_and_wait(qtbot, tab, path)
    assert "880.00 元" in tab.totals.text()
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.district_combo.setCurrentIndex(tab.district_combo.findText("溧阳市"))
    assert "730.00 元" in tab.totals.text()  # 2025 notice §三: 溧阳市、金坛区 非从业居民 730


def test_unknown_headers_ask_the_clerk(qtbot, tab: RosterTab, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(
        tmp_path / "odd.xlsx", ["成员名称", "公民号", "人员身份", "所在地"], [["张一", ID_A, "非从业居民", "新北区"]]
    )
    asked: list[str] = []

    def answer(table, guess):  # type: ignore[no-untyped-def]
        asked.append(table.source)
        return ColumnMapping(name=0, id_number=1, category=2, district=3), None

    monkeypatch.setattr(tab, "ask_mapping", answer)
    import_and_wait(qtbot, tab, path)
    assert asked == ["odd.xlsx"]
    assert "880.00 元" in tab.totals.text()

    monkeypatch.setattr(tab, "ask_mapping", lambda table, guess: None)
    with qtbot.waitSignal(tab.import_failed, timeout=20000) as blocker:
        tab.import_file(path)
    assert "已取消导入" in blocker.args[0]
    assert "880.00 元" in tab.totals.text()  # the previous roster stays


def test_mapping_dialog(qtbot, tmp_path: Path, policies) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.policy.names import district_names

    path = write_xlsx(
        tmp_path / "odd.xlsx", ["户", "成员名称", "公民号", "人员身份"], [["1", "张一", ID_A, "非从业居民"]]
    )
    table = read_table(path)
    dialog = RosterMappingDialog(table, detect_mapping(table.headers), districts=district_names(policies[2025]))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert "姓名" in dialog.problem.text()
    for field, col in (("household", 0), ("name", 1), ("id_number", 2), ("category", 3)):
        dialog.combos[field].setCurrentIndex(col + 1)
    assert dialog.samples["name"].text() == "张一"
    assert not ok.isEnabled() and "所属区" in dialog.problem.text()
    dialog.district.setCurrentIndex(dialog.district.findText("金坛区"))
    assert ok.isEnabled()
    assert dialog.mapping() == ColumnMapping(household=0, name=1, id_number=2, category=3)
    assert dialog.default_district() == "jintan"
    dialog.combos["aid_status"].setCurrentIndex(2)  # the same column as 姓名
    assert not ok.isEnabled() and "同一列" in dialog.problem.text()


def test_cancel_keeps_the_window_usable(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.csv"
    with path.open("w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        w.writerows(ROWS * 20000)
    with qtbot.waitSignal(tab.import_failed, timeout=20000) as blocker:
        tab.import_file(path)
        qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert "已取消导入" in blocker.args[0]
    assert not tab.progress_row.isVisible() and tab.import_button.isEnabled()
    assert tab.result is None
    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "r.xlsx"))
    assert tab.model.rowCount() == 6


def test_unreadable_file_is_a_message(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    with qtbot.waitSignal(tab.import_failed, timeout=20000):
        tab.import_file(bad)
    assert "坏.xlsx" in tab.message.text()
    assert not tab.export_button.isEnabled()


def test_worker_errors_always_report_back(qtbot, tab: RosterTab, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "r.xlsx")
    with qtbot.waitSignal(tab.import_failed, timeout=20000) as blocker:
        tab.import_file(path, ColumnMapping(name=1, id_number=2, category=9, district=5))
    assert "名册只有6列" in blocker.args[0]

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("张一 320412…")

    monkeypatch.setattr("desktop.ui.tabs.roster.job.read_table", broken)
    with qtbot.waitSignal(tab.import_failed, timeout=20000) as blocker:
        tab.import_file(path)
    assert blocker.args[0] == "名册处理出错,未能导入;请检查文件后重试"
    assert not tab.busy and tab.import_button.isEnabled()


def test_export_and_register(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "r.xlsx"))
    out = tmp_path / "out.xlsx"
    assert tab.export_to(out)
    ws = openpyxl.load_workbook(out)["名册"]
    assert cell(ws, "身份证号", row_where(ws, "行号", 2)).value == ID_A[:6] + "********" + ID_A[-4:]
    total = row_where(ws, "行号", "合计")
    assert total == 8 and cell(ws, "个人缴费(元)", total).value == 2150  # 合计 row after six data rows
    tab.full_id.setChecked(True)
    assert tab.export_to(tmp_path / "full")
    full = openpyxl.load_workbook(tmp_path / "full.xlsx")["名册"]
    assert cell(full, "身份证号", row_where(full, "行号", 2)).value == ID_A
    doc = tab.register_document()
    assert doc is not None
    text = doc.toPlainText()
    assert ID_A not in text and ID_A[:6] + "********" + ID_A[-4:] in text
    assert "合计 2 户 4 人" in text
    printer = tab.register_printer()
    assert printer.pageLayout().orientation().name == "Landscape"


def test_case_round_trip_and_slip(qtbot, tab: RosterTab, tmp_path: Path, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "r.xlsx")
    import_and_wait(qtbot, tab, path)
    slip = tab.slip()
    assert slip is not None
    assert slip.amounts[0].amount == Decimal("2150.00") and slip.amounts[1].amount == Decimal("730.00")
    flat = repr(slip)
    assert ID_A not in flat and "张一" not in flat
    case = tab.to_case()
    assert case["path"] == str(path)

    other = RosterTab(policies)
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.imported, timeout=20000):
        other.load_case(case)
    assert other.result is not None and other.result.total.individual == Decimal("2150.00")
    other.clear()
    assert other.model.rowCount() == 0 and other.slip() is None
    assert "尚未导入名册" in other.totals.text()


def test_model_without_a_view() -> None:
    model = RosterModel()
    assert model.rowCount() == 0 and model.columnCount() == 10
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "身份证号" in headers and "核对结果" in headers


def test_export_from_the_tab_carries_hash_and_stale_warning(qtbot, policies: PolicySet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt
    import hashlib

    digest = hashlib.sha256(
        (Path(__file__).resolve().parents[4] / "policy_data" / "2025.yaml").read_bytes()
    ).hexdigest()
    tab = RosterTab(policies, today=dt.date(2026, 11, 29))
    qtbot.addWidget(tab)
    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "r.xlsx"))
    out = tmp_path / "out.xlsx"
    assert tab.export_to(out)
    text = " ".join(
        str(c.value) for ws in openpyxl.load_workbook(out) for row in ws.iter_rows() for c in row if c.value is not None
    )
    assert f"校验码 {digest[:12]}" in text
    # 2026-11-29 is past 2025's benefit period (2025 notice 七.2: to 2025-12-31)
    assert "注意:2025年度待遇享受期已于2025-12-31结束" in text
    doc = tab.register_document()
    assert doc is not None and digest[:12] in doc.toPlainText() and "2025-12-31结束" in doc.toPlainText()
    tab.wait_idle()


def test_another_file_clears_the_previous_files_messages(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "甲村.xlsx"))
    tab.view.selectRow(4)
    assert "第6行未计费" in tab.row_detail.text()
    good = write_xlsx(tmp_path / "乙村.xlsx", HEADERS, [ROWS[0]])
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.import_file(good)
        assert tab.row_detail.text() == "" and tab.message.text() == ""  # gone as soon as the next file starts
    assert "乙村.xlsx" in tab.message.text() and "甲村" not in tab.message.text()
    assert tab.row_detail.text() == ""


def test_a_problem_row_is_corrected_in_place_and_quoted_again(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "r.xlsx"))
    model = tab.model
    col_id = screen_column(model, "身份证号")
    assert not (model.flags(model.index(0, col_id)) & Qt.ItemFlag.ItemIsEditable)  # a good row stays as read
    wrong = model.index(4, col_id)  # 李错: wrong check digit
    assert model.flags(wrong) & Qt.ItemFlag.ItemIsEditable
    assert wrong.data(Qt.ItemDataRole.EditRole) == ID_WRONG  # whole, while being corrected
    with qtbot.waitSignal(tab.imported, timeout=20000):
        # the right check digit, typed by a Chinese input method in full-width digits (NFKC applies)
        model.setData(wrong, _E.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")))
    # 李错, 老年居民 born 1960 (65 on 2025-01-01), 武进区: 730 (2025 通告 §三); 2150 + 730 = 2880
    assert tab.result is not None and tab.result.total.individual == Decimal("2880.00")
    assert tab.model.row_at(4).ok and "第6行:已计费" in tab.row_detail.text()
    assert "已在程序中改正第 6 行" in tab.message.text()
    # 王某: 未成年居民 but 30 -> 非从业居民, 880 more: 3760
    with qtbot.waitSignal(tab.imported, timeout=20000):
        model.setData(model.index(5, screen_column(model, "参保类别")), "非从业居民")
    assert tab.result.total.individual == Decimal("3760.00") and not tab.result.bad_rows
    out = tmp_path / "out.xlsx"
    assert tab.export_to(out)
    names = [r["姓名"] for r in records(openpyxl.load_workbook(out)["名册"], "姓名")]
    assert "李错" in names and "王某" in names
    # the corrections come back with a saved case
    data = tab.to_case()
    again = RosterTab(tab.policies)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.imported, timeout=20000):
        again.load_case(data)
    assert again.result is not None and again.result.total.individual == Decimal("3760.00")
    again.wait_idle()


def test_export_dialog_opens_in_the_rosters_folder(qtbot, tab: RosterTab, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "湖塘村"
    folder.mkdir()
    import_and_wait(qtbot, tab, write_xlsx(folder / "名册.xlsx"))
    seen: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (seen.append(a[2]), ("", ""))[1])
    tab.choose_export()
    assert Path(seen[0]).parent == folder and Path(seen[0]).name == "名册_2025年度测算.xlsx"


def test_corrections_are_marked_carried_and_never_dropped_silently(
    qtbot, tab: RosterTab, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    headers = [*HEADERS, "联系电话"]
    rows = [[*r, f"1380000000{i}"] for i, r in enumerate(ROWS)]
    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "r.xlsx", headers, rows))
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.model.setData(tab.model.index(4, screen_column(tab.model, "身份证号")), _E)  # 李错's check digit corrected
    out = tmp_path / "out.xlsx"
    assert tab.export_to(out)
    ws = openpyxl.load_workbook(out)["名册"]
    first, li = row_where(ws, "行号", 2), row_where(ws, "行号", 6)
    assert cell(ws, "联系电话", first).value == "13800000000"  # the file's other column, carried
    assert cell(ws, "联系电话", li).value == "13800000004"
    # row 6 of the file is 李错 (sheet row 6): the corrected ID cell marked, the status says what it was
    assert cell(ws, "身份证号", li).fill.fgColor.rgb == "FFFFF2A8"
    assert cell(ws, "身份证号", first).fill.fgColor.rgb != "FFFFF2A8"
    status = cell(ws, "状态", li).value
    assert "已在本机更正:身份证号" in status and ID_WRONG not in status
    text = tab.register_document().toPlainText()  # type: ignore[union-attr]
    assert "※" in text and "已在本机更正" in text
    # importing another file asks first; 取消 keeps the corrections
    asked: list[str] = []

    def answer(label: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == label).click()

    opened: list[int] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (opened.append(1), ("", ""))[1])
    QTimer.singleShot(0, lambda: answer("取消"))
    tab.choose_file()
    assert asked and "更正" in asked[0] and not opened and tab.corrections
    QTimer.singleShot(0, lambda: answer("放弃更正,继续导入"))
    tab.choose_file()
    assert opened == [1]


def test_printing_the_register_with_no_printer_says_so(qtbot, tab: RosterTab, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui import printing
    from desktop.ui.tabs.roster import output

    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "r.xlsx"))
    monkeypatch.setattr(printing, "printer_available", lambda: False)
    monkeypatch.setattr(output, "QPrintPreviewDialog", lambda *a: pytest.fail("the preview opened"))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    tab.preview_register()
    assert said and "没有安装打印机" in said[0] and "导出Excel" in said[0]


def test_a_category_is_corrected_from_the_list(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The category of a problem row was typed free text; now the list of categories is offered."""
    from PySide6.QtWidgets import QComboBox

    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "r.xlsx"))
    index = tab.proxy.mapFromSource(tab.model.index(5, screen_column(tab.model, "参保类别")))  # 王某: 未成年居民 at 30
    tab.view.setCurrentIndex(index)
    tab.view.edit(index)
    (combo,) = [w for w in tab.view.viewport().findChildren(QComboBox) if w.isVisible()]
    assert [combo.itemText(i) for i in range(combo.count())] == ["老年居民", "未成年居民", "高校大学生", "非从业居民"]
    assert combo.currentText() == "未成年居民"  # as the file had it, until the clerk picks
    combo.setCurrentIndex(combo.findText("非从业居民"))
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.view.commitData(combo)
    # 王某 now 非从业居民 in 武进区: 880 more than the 2150 of the good rows (2025 通告 §三)
    assert tab.result is not None and tab.result.total.individual == Decimal("3030.00")


def test_a_household_and_its_subtotal_stay_on_one_printed_page(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The printed register split a household's 小计 across two pages (amounts on one, label on the next)."""
    import re

    from PySide6.QtGui import QTextDocument

    rows = []
    for h in range(80):
        for m in range(h % 6 + 1):
            rows.append(
                [
                    f"H{h:03d}",
                    f"成员{m}",
                    make_id(f"3204121980{h % 12 + 1:02d}{m + 10:02d}{h:03d}"),
                    "非从业居民",
                    "",
                    "武进区",
                ]
            )
    import_and_wait(qtbot, tab, write_xlsx(tmp_path / "big.xlsx", HEADERS, rows))
    assert tab.result is not None and not tab.result.bad_rows
    doc = tab.register_document()
    assert isinstance(doc, QTextDocument)
    page_height = doc.pageSize().height()
    layout = doc.documentLayout()
    pages: dict[str, set[int]] = {}
    current = None
    after_subtotal = 0
    block = doc.begin()
    while block.isValid():
        text = block.text().strip()
        page = int(layout.blockBoundingRect(block).top() // page_height)
        if re.fullmatch(r"H\d{3}", text):
            current = text
            pages.setdefault(current, set()).add(page)
        elif text.startswith("本户") and current is not None:
            pages[current].add(page)
            after_subtotal = 2  # its two amounts follow
        elif after_subtotal and current is not None:
            pages[current].add(page)
            after_subtotal -= 1
        block = block.next()
    assert len(pages) == 80 and doc.pageCount() > 3
    split = {h: p for h, p in pages.items() if len(p) > 1}
    assert not split, split


def test_export_onto_the_roster_itself_is_refused(qtbot, tab: RosterTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # issue 25 §4: 导出Excel onto the file read replaced the clerk's list with the masked export
    src = write_xlsx(tmp_path / "v.xlsx")
    before = src.read_bytes()
    import_and_wait(qtbot, tab, src)
    assert not tab.export_to(tmp_path / "." / "v.xlsx")
    assert "覆盖原名册" in tab.message.text()
    assert not tab.export_to(tmp_path / "v")  # ".xlsx" is added: the same file again
    assert src.read_bytes() == before
    assert tab.export_to(tmp_path / "w.xlsx")
