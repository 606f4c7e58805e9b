"""Excel error values (#N/A, #DIV/0! …) in a roster read as their text, as before calamine.

The reader before python-calamine (desktop/core/xlsx_read.py, to commit 9844725) gave a ``t="e"``
cell its text, and the row's problem quoted it: 参保类别“#N/A”无法识别 (roster.py at 9844725:
``f"参保类别“{_quoted(category_text)}”无法识别" if category_text else "缺少参保类别"``). calamine
reads such a cell as empty, which turned the message into 缺少参保类别; these tests pin the old
text. The old .xls reader (xlrd) took an error cell as empty, and so does calamine: pinned too.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt

from desktop.core.roster import RosterReadError, isolate, load_roster, read_table, xlsx_errors, xlsx_limits
from tests.core.roster.test_read import HEAD, _with_sheet
from tests.core.roster.test_roster import ID_A, ID_B, ID_D, TITLE

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _error(cell: openpyxl.cell.Cell, text: str) -> None:
    cell.value = text
    cell.data_type = "e"  # openpyxl writes <c t="e"><v>#N/A</v></c>, as Excel does


def test_an_error_cell_is_quoted_in_the_rows_problem(tmp_path: Path, policies) -> None:  # type: ignore[no-untyped-def]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(["户号", "姓名", "身份证号码", "参保身份", "救助类别", "所属区"])
    ws.append(["H1", "张一", ID_A, None, "", "武进区"])
    _error(ws["D3"], "#N/A")  # a VLOOKUP that found nothing
    ws.append(["H1", "张二", ID_B, "非从业居民", "", None])
    _error(ws["F4"], "#REF!")
    ws.append(["H2", "李老", ID_D, "老年居民", None, "武进区"])
    _error(ws["E5"], "#VALUE!")
    path = tmp_path / "errors.xlsx"
    wb.save(path)
    reasons = {r.row: r.reason for r in load_roster(policies[2025], path).bad_rows}
    assert "参保类别“#N/A”无法识别" in reasons[3] and "缺少参保类别" not in reasons[3]
    assert "所属区“#REF!”无法识别" in reasons[4]
    assert "救助身份“#VALUE!”无法识别" in reasons[5]


def test_newer_error_values_do_not_make_the_file_damaged(tmp_path: Path, policies) -> None:  # type: ignore[no-untyped-def]
    # Excel 365's dynamic arrays write #SPILL! and #CALC!; calamine knows only the seven classic
    # values and called such a file damaged. The old reader gave their text like any other.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["户号", "姓名", "身份证号码", "参保身份", "救助类别", "所属区"])
    ws.append(["H1", "张一", ID_A, None, "", "武进区"])
    _error(ws["D2"], "#SPILL!")
    ws.append(["H1", "张二", ID_B, "非从业居民", "", "武进区"])
    _error(ws["G3"], "#CALC!")  # a column no field is mapped to
    lookup = wb.create_sheet("类别")
    lookup.append(["张一", None])
    _error(lookup["B1"], "#GETTING_DATA")
    path = tmp_path / "spill.xlsx"
    wb.save(path)
    assert read_table(path).rows == (
        (2, ("H1", "张一", ID_A, "#SPILL!", None, "武进区")),
        (3, ("H1", "张二", ID_B, "非从业居民", None, "武进区")),
    )
    result = load_roster(policies[2025], path)
    assert [(r.row, r.reason) for r in result.bad_rows] == [(2, "参保类别“#SPILL!”无法识别")]
    assert len(result.rows) == 2


def _book_of_two_sheets(path: Path, first: str, second: str) -> Path:
    """A workbook whose sheet 名册&表 is stored in the part sheet1.xml but listed second: the
    error cells must follow the workbook's list, not the parts' names."""
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.create_sheet("名册&表")
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    head = f'<?xml version="1.0"?><x:worksheet xmlns:x="{_MAIN}"><x:sheetData>'
    parts["xl/worksheets/sheet1.xml"] = (head + first + "</x:sheetData></x:worksheet>").encode()
    parts["xl/worksheets/sheet2.xml"] = (head + second + "</x:sheetData></x:worksheet>").encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("sheet1.xml", "TMP").replace("sheet2.xml", "sheet1.xml").replace("TMP", "sheet2.xml")
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _text_row(number: int, values: list[str]) -> str:
    return f'<x:row r="{number}">' + "".join(f'<x:c t="inlineStr"><x:is><x:t>{v}</x:t></x:is></x:c>' for v in values)


@pytest.mark.parametrize("chunk", [None, 37])
def test_error_cells_land_in_their_sheet_row_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int | None
) -> None:
    if chunk is not None:  # the sheets read in small chunks: rows split across them
        monkeypatch.setattr(xlsx_limits, "_CHUNK", chunk)
        monkeypatch.setattr(xlsx_errors, "_CHUNK", chunk)
        monkeypatch.setattr(isolate, "IN_PROCESS", True)  # the limit is replaced in this process only
    roster = (
        _text_row(1, HEAD[:4])
        + '<x:c t="e"><x:v>#NAME?</x:v></x:c></x:row>'  # a header cell, no reference: column 5
        + _text_row(2, ["1", "张一", ID_A])
        + '<x:c r="D2" t="e"><x:f>VLOOKUP(B2,类别!A:B,2,0)</x:f><x:v>#N/A</x:v></x:c>'
        + '<x:c r="G2" t="e"><x:v>#DIV/0!</x:v></x:c></x:row>'  # beyond the header: cut as before
        + '<x:row><x:c r="A3" t="e"><x:v>#NULL!</x:v></x:c><x:c t="e"/>'  # row 3 by position
        + '<x:c r="C3" t="e"><x:v></x:v></x:c></x:row>'  # an error with no text: empty, as before
        + '<x:row r="5"><x:c r="E5" t="e"><x:v>#NUM!</x:v></x:c></x:row>'
        + '<x:row r="6"><x:c r="B6" t="e"><x:v>#CALC!</x:v></x:c></x:row>'  # calamine refuses this one
    )
    notes = '<x:row r="1"><x:c r="A1" t="e"><x:v>#REF!</x:v></x:c></x:row>'
    table = read_table(_book_of_two_sheets(tmp_path / "two.xlsx", roster, notes))
    assert table.sheet == "名册&表" and table.headers == (*HEAD[:4], "#NAME?")
    assert table.rows == (
        (2, ("1", "张一", ID_A, "#N/A", None)),
        (3, ("#NULL!", None, None, None, None)),
        (5, (None, None, None, None, "#NUM!")),
        (6, (None, "#CALC!", None, None, None)),
    )


def test_error_cells_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long = _with_sheet(
        tmp_path / "long.xlsx",
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="e"><v>#{"N" * 100}</v></c></row>',
    )
    with pytest.raises(RosterReadError, match="long.xlsx 第1行有一个标为错误值的格子,内容却有 101 个字节"):
        read_table(long)
    monkeypatch.setattr(xlsx_limits, "MAX_ERROR_CELLS", 3)
    monkeypatch.setattr(isolate, "IN_PROCESS", True)  # the limit is replaced in this process only
    many = _with_sheet(
        tmp_path / "many.xlsx",
        "".join(f'<row r="{r}"><c r="A{r}" t="e"><v>#N/A</v></c></row>' for r in range(1, 5)),
    )
    with pytest.raises(RosterReadError, match="many.xlsx 有超过 3 个显示错误值"):
        read_table(many)


def test_xls_error_cells_stay_empty_as_xlrd_read_them(tmp_path: Path) -> None:
    # a pin, not a fix: roster.py at 9844725 took xlrd's XL_CELL_ERROR as None
    book = xlwt.Workbook(encoding="utf-8")
    sh = book.add_sheet("名册")
    for c, h in enumerate(HEAD[:4]):
        sh.write(0, c, h)
    sh.write(1, 0, 1)
    sh.write(1, 1, "张一")
    sh.row(1).set_cell_error(3, 0x2A)  # #N/A
    path = tmp_path / "old.xls"
    book.save(str(path))
    assert read_table(path).rows == ((2, (1.0, "张一", None, None)),)
