"""The small .xlsx reader gives what openpyxl's read-only mode gives, cell for cell."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from desktop.core import roster
from desktop.core.roster import read as roster_read
from desktop.core.xlsx_read import UnsupportedWorkbook, Workbook


def trimmed(rows: Iterable[tuple[int, Iterable[object]]]) -> list[tuple[int, tuple[object, ...]]]:
    """Rows without the empty cells at their right end; empty rows left out."""
    out = []
    for number, cells in rows:
        values = list(cells)
        while values and values[-1] is None:
            values.pop()
        if values:
            out.append((number, tuple(values)))
    return out


def openpyxl_rows(path: Path, sheet: int) -> list[tuple[int, tuple[object, ...]]]:
    """openpyxl's rows (its read-only mode pads every row to the sheet's width)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return trimmed(enumerate(wb.worksheets[sheet].iter_rows(values_only=True), 1))
    finally:
        wb.close()


def ours(path: Path, sheet: int) -> list[tuple[int, tuple[object, ...]]]:
    with path.open("rb") as fh, Workbook(fh) as wb:
        return trimmed(wb.rows(sheet))


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(["户号", "姓名", "身份证号", "参保类别", "金额", "登记日期", "是否", "备注"])
    ws.append([1, "张三", "320483195003150013", "老年居民", 730, dt.date(2025, 3, 1), True, None])
    ws.append([2, "李四", 320483201506010029, "未成年居民", 390.5, dt.datetime(2025, 3, 1, 8, 30), False, "=1/0"])
    ws.append([3.0, " 王五 ", 3.2048319500315e17, "", -0.25, None, None, "#N/A"])
    ws["H4"] = CellRichText([TextBlock(InlineFont(b=True), "粗体"), "和普通"])
    ws.cell(row=7, column=2, value="隔了两行")  # rows 5 and 6 are empty
    ws.cell(row=8, column=6, value="只有第六列")
    ws["E9"] = "=SUM(E2:E4)"
    ws["F10"] = dt.date(1900, 3, 1)
    ws["F10"].number_format = "yyyy年m月d日"  # a custom date format
    ws["E11"] = 1234.5
    ws["E11"].number_format = "0.00"  # a number format that is not a date
    notes = wb.create_sheet("说明")
    notes.append(["第二张表"])
    path = tmp_path / "kinds.xlsx"
    wb.save(path)

    with path.open("rb") as fh, Workbook(fh) as book:
        assert book.sheets == [("名册", "xl/worksheets/sheet1.xml"), ("说明", "xl/worksheets/sheet2.xml")]
        assert book.row_count_hint(0) == 11
    for sheet in (0, 1):
        assert ours(path, sheet) == openpyxl_rows(path, sheet)
    rows = dict(ours(path, 0))
    # an ID typed as a number has lost its last digits, as in Excel: a float, flagged later
    assert isinstance(rows[3][2], float) and rows[2][5] == dt.datetime(2025, 3, 1)
    assert rows[4][7] == "粗体和普通" and rows[7] == (None, "隔了两行")
    assert rows[10][5] == dt.datetime(1900, 3, 1) and rows[11][4] == 1234.5


def test_our_own_export_reads_back_the_same(tmp_path: Path, policies) -> None:  # type: ignore[no-untyped-def]
    # the roster export is written by desktop/core/roster/xlsx_writer.py with inline strings
    src = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "参保类别", "所属区"])
    ws.append(["张三", "320483195003150013", "老年居民", "武进区"])
    ws.append(["宝宝", "320483201506010029", "未成年居民", "武进区"])
    wb.save(src)
    out = tmp_path / "out.xlsx"
    roster.export_xlsx(roster.load_roster(policies[2025], src), out)
    with out.open("rb") as fh, Workbook(fh) as book:
        count = len(book.sheets)
    assert count >= 2
    for sheet in range(count):
        assert ours(out, sheet) == openpyxl_rows(out, sheet)


def test_what_it_does_not_know_goes_to_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "参保类别"])
    wb.active.append(["张三", "320483195003150013", "老年居民"])
    wb.save(path)
    # an ISO-date cell (t="d"), which Excel writes only in strict files: the small reader declines
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("</row></sheetData>", '<c r="D2" t="d"><v>2025-03-01T00:00:00</v></c></row></sheetData>')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(odd, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with odd.open("rb") as fh, Workbook(fh) as book, pytest.raises(UnsupportedWorkbook):
        list(book.rows(0))
    used: list[Path] = []
    real = roster_read._read_xlsx_openpyxl
    monkeypatch.setattr(roster_read, "_read_xlsx_openpyxl", lambda p, *a: used.append(p) or real(p, *a))
    table = roster.read_table(odd)
    assert used == [odd]
    assert table.headers == ("姓名", "身份证号", "参保类别") and len(table.rows) == 1
    # a usual file never needs the fallback
    roster.read_table(path)
    assert used == [odd]
