"""Spreadsheets read through python-calamine: every kind of cell as the clerk sees it (the text
openpyxl, an independent reader, gives for the same file), and the checks made before calamine
is handed a file (a single far-away value would make it build a block of billions of cells and
abort the process)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from desktop.core.roster import RosterReadError, export_xlsx, isolate, load_roster, read_table
from desktop.core.roster.common import cell_text
from tests.core.roster.test_roster import ID_A

ROOT = Path(__file__).resolve().parents[3]
HEAD = ["户号", "姓名", "身份证号", "参保类别", "金额", "登记日期", "是否", "备注"]


def texts(rows: list[tuple[int, tuple[object, ...]]]) -> list[tuple[int, tuple[str, ...]]]:
    """Rows as the clerk reads them, empty cells at the right and empty rows left out."""
    out = []
    for number, cells in rows:
        values = [cell_text(c) for c in cells]
        while values and not values[-1]:
            values.pop()
        if values:
            out.append((number, tuple(values)))
    return out


def openpyxl_texts(path: Path, sheet: str) -> list[tuple[int, tuple[str, ...]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return texts(list(enumerate(wb[sheet].iter_rows(values_only=True), 1)))
    finally:
        wb.close()


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes.append(["请按下一张表填写"])  # a first sheet that is not the roster
    ws = wb.create_sheet("名册")
    ws.append(["湖塘镇某村名册"])  # a title line above the header
    ws.append(HEAD)
    ws.append([1, "张三", "320483195003150013", "老年居民", 730, dt.date(2025, 3, 1), True, None])
    ws.append([2, "李四", 320483201506010029, "未成年居民", 390.5, dt.datetime(2025, 3, 1, 8, 30), False, "=1/0"])
    ws.append([3.0, " 王五 ", 3.2048319500315e17, "", -0.25, None, None, "0012"])
    ws["H5"] = CellRichText([TextBlock(InlineFont(b=True), "粗体"), "和普通"])
    ws.cell(row=8, column=2, value="隔了两行")  # rows 6 and 7 are empty
    ws.cell(row=9, column=6, value="只有第六列")
    ws["E10"] = "=SUM(E3:E5)"  # a formula openpyxl saved without its value: empty for both
    ws["F11"] = dt.date(1900, 3, 1)
    ws["F11"].number_format = "yyyy年m月d日"  # a custom date format
    ws["E12"] = 1234.5
    ws["E12"].number_format = "0.00"  # a number format that is not a date
    path = tmp_path / "kinds.xlsx"
    wb.save(path)

    table = read_table(path)
    assert (table.sheet, table.header_row, table.headers) == ("名册", 2, tuple(HEAD))
    ours = texts(list(table.rows))
    assert ours == [r for r in openpyxl_texts(path, "名册") if r[0] > 2]
    rows = dict(ours)
    # written out by hand: the clerk's view of each kind of cell
    assert rows[3] == ("1", "张三", "320483195003150013", "老年居民", "730", "2025-03-01", "True")
    # an ID typed into a number cell holds about 16 significant digits: its tail is lost
    assert rows[4][2] != "320483201506010029" and rows[4][2][:12] == "320483201506"
    assert rows[4][4:7] == ("390.5", "2025-03-01", "False")
    assert rows[5][:2] == ("3", "王五") and rows[5][4] == "-0.25" and rows[5][7] == "粗体和普通"
    assert rows[8] == ("", "隔了两行") and rows[11][5] == "1900-03-01" and rows[12][4] == "1234.5"
    # an ID typed into a number cell is a number, not text: the check flags it (test_roster)
    assert isinstance(dict(table.rows)[5][2], float)


def test_1904_dates_and_numbers_stored_as_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904  # an old Mac Excel workbook
    ws = wb.active
    ws.append(["姓名", "身份证号", "参保类别", "出生日期", "户号"])
    ws.append(["张一", ID_A, "非从业居民", dt.date(1980, 1, 1), "007"])
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    (row,) = read_table(path).rows
    assert row[0] == 2 and tuple(cell_text(c) for c in row[1]) == ("张一", ID_A, "非从业居民", "1980-01-01", "007")


def test_xls_cells_read_as_before(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sh = book.add_sheet("名册")
    for c, h in enumerate(["户号", "姓名", "身份证号", "参保类别", "出生日期", "是否"]):
        sh.write(0, c, h)
    for c, v in enumerate([5, "张一", ID_A, "非从业居民"]):
        sh.write(1, c, v)
    sh.write(1, 4, dt.date(1980, 1, 1), xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    sh.write(1, 5, True)
    path = tmp_path / "r.xls"
    book.save(str(path))
    (row,) = read_table(path).rows
    # TRUE in an .xls reads 1, as xlrd gave it: a roster re-imported keeps its texts
    assert tuple(cell_text(c) for c in row[1]) == ("5", "张一", ID_A, "非从业居民", "1980-01-01", "1")


def test_our_own_export_reads_back_as_openpyxl_reads_it(tmp_path: Path, policies) -> None:  # type: ignore[no-untyped-def]
    # the export is written by desktop/core/roster/xlsx_writer.py: inline strings, styled cells
    src = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "参保类别", "所属区"])
    ws.append(["张三", "320483195003150013", "老年居民", "武进区"])
    ws.append(["宝宝", "320483201506010029", "未成年居民", "武进区"])
    wb.save(src)
    out = tmp_path / "out.xlsx"
    export_xlsx(load_roster(policies[2025], src), out)
    table = read_table(out)  # the 名册 sheet names the most fields
    assert table.sheet == "名册" and table.headers[:4] == ("行号", "户号", "姓名", "身份证号")
    assert texts(list(table.rows)) == [r for r in openpyxl_texts(out, "名册") if r[0] > 1]


def _sheet_xml(body: str) -> bytes:
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def _with_sheet(path: Path, body: str) -> Path:
    """A real workbook whose first sheet's data is ``body`` (rows of XML)."""
    wb = openpyxl.Workbook()
    wb.active.append([1])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(body)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


_HEADER_ROW = '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEAD[:4]) + "</row>"
_RESIDENT_ROW = '<row r="2">' + "".join(
    f'<c r="{col}2" t="inlineStr"><is><t>{v}</t></is></c>'
    for col, v in zip("ABCD", ["1", "张一", ID_A, "非从业居民"], strict=True)
)


def _read_in_a_child(path: Path) -> str:
    """read_table in a process of its own: were a check missing, calamine would abort that
    process (no exception reaches Python), and this test would say so instead of dying."""
    code = (
        "import sys\nfrom desktop.core.roster import RosterReadError, read_table\n"
        "try:\n    t = read_table(sys.argv[1])\nexcept RosterReadError as e:\n    print('ERR', e)\n"
        "else:\n    print('OK', len(t.rows))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "PATH": ""},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()


def test_a_value_at_the_far_corner_is_refused_before_calamine_reads(tmp_path: Path) -> None:
    # XFD1048576, Excel's last cell: 17 billion cells for calamine, which aborts the process
    path = _with_sheet(
        tmp_path / "corner.xlsx",
        _HEADER_ROW + _RESIDENT_ROW + '</row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    )
    assert _read_in_a_child(path) == "ERR corner.xlsx 第1048576行在第200列以后还有内容,名册最多 200 列"
    far_down = _with_sheet(
        tmp_path / "down.xlsx",
        _HEADER_ROW + _RESIDENT_ROW + '</row><row r="1000000"><c r="T1000000"><v>1</v></c></row>',
    )
    # 1,000,000 rows × 20 columns: beyond the 60,000 × 200 a roster may fill
    assert _read_in_a_child(far_down).startswith("ERR down.xlsx 第1000000行还有内容")


def test_formatted_empty_cells_far_right_are_no_content(tmp_path: Path) -> None:
    # Excel writes a formatted but empty cell where a row was coloured to the edge
    path = _with_sheet(tmp_path / "coloured.xlsx", _HEADER_ROW + _RESIDENT_ROW + '<c r="XFD2" s="0"/></row>')
    table = read_table(path)
    assert table.headers == tuple(HEAD[:4]) and len(table.rows) == 1


def test_a_package_without_its_workbook_is_called_damaged(tmp_path: Path) -> None:
    path = _with_sheet(tmp_path / "nobook.xlsx", _HEADER_ROW)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "xl/workbook.xml"}
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(RosterReadError, match="nobook.xlsx 已损坏或不是名册表格"):
        read_table(path)


def test_a_panic_inside_calamine_is_the_damaged_file_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a Rust panic reaches Python as pyo3's PanicException, a BaseException, not an Exception
    import python_calamine

    class PanicException(BaseException):
        pass

    class Panicking:
        @staticmethod
        def from_filelike(_fh: object) -> None:
            raise PanicException("index out of bounds")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Panicking)
    monkeypatch.setattr(isolate, "IN_PROCESS", True)  # the limit is replaced in this process only
    path = _with_sheet(tmp_path / "panic.xlsx", _HEADER_ROW)
    with pytest.raises(RosterReadError, match="panic.xlsx 已损坏或不是名册表格"):
        read_table(path)
    # Ctrl+C is not a damaged file
    monkeypatch.setattr(Panicking, "from_filelike", staticmethod(lambda _fh: (_ for _ in ()).throw(KeyboardInterrupt)))
    with pytest.raises(KeyboardInterrupt):
        read_table(path)
