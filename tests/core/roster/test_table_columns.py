"""The one list of roster columns (desktop/core/roster/table_columns.py): the export's 名册 sheet and
the printed register are built from it, so a column added to the list appears in both with no
other change; and the list as it stands gives the layout the clerks know.

Roster (2025, 武进区; amounts from the 2025 notice §三, 非从业居民 880, 未成年居民 390, 老年居民 730
incl. 长护险 30): H1 张一 非从业居民 880 + 张小 未成年居民 390 = 1270; H2 李老 老年居民 on 低保 730,
paid by the government; one row with an unknown category, listed and not quoted.
Totals: 880 + 390 + 0 = 1270 paid by residents, 730 by the government.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from desktop.core.policy.loader import PolicySet
from desktop.core.roster import ColumnMapping, RosterResult, build_roster, export_xlsx, register_html, table_columns
from desktop.core.roster.columns import FIELD_LABELS
from desktop.core.roster.read import RawTable
from desktop.core.roster.table_columns import Paper, RosterColumn, Screen, Sheet
from tests.sheet_cells import cell, column, letter, records, row_where

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    """GB 11643 check character, computed here independently of the code under test."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


ID_A = make_id("32041219800101001")  # 1980: 非从业居民
ID_C = make_id("32041220150720003")  # 2015: 未成年居民
ID_D = make_id("32041219500505004")  # 1950: 老年居民
ID_G = make_id("32041219940615007")  # 1994: an adult

HEADERS = ("户号", "姓名", "身份证号", "参保类别", "救助身份", "所属区")
ROWS = (
    (2, ("H1", "张一", ID_A, "非从业居民", "", "武进区")),
    (3, ("H1", "张小", ID_C, "未成年居民", "", "武进区")),
    (4, ("H2", "李老", ID_D, "老年居民", "低保", "武进区")),
    (5, ("H3", "王某", ID_G, "学生", "", "武进区")),
)


def sample_roster(policies: PolicySet) -> RosterResult:
    table = RawTable("村.xlsx", "名册", 1, HEADERS, ROWS)
    mapping = ColumnMapping(household=0, name=1, id_number=2, category=3, aid_status=4, district=5)
    return build_roster(policies[2025], table, mapping)


@pytest.fixture
def result(policies: PolicySet) -> RosterResult:
    return sample_roster(policies)


def _checked(r, res, *_):  # type: ignore[no-untyped-def]
    return "已核" if r.ok else "未核"


#: a column no code knows of: who checked the row
DUMMY = RosterColumn(
    "checked_by",
    sheet=Sheet("核对人", 9, _checked, _checked, total=lambda res: f"核 {res.total.members} 人"),
    paper=Paper("核对人", 6, _checked),
    screen=Screen("核对人", "已核", _checked),
)


def with_dummy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dummy column inserted before the status column, in the one list only."""
    columns = list(table_columns.COLUMNS)
    at = next(i for i, c in enumerate(columns) if c.key == "status")
    monkeypatch.setattr(table_columns, "COLUMNS", (*columns[:at], DUMMY, *columns[at:]))


def test_the_sheet_and_the_register_as_the_clerks_know_them() -> None:
    sheet = [c.sheet for c in table_columns.exported() if c.sheet]
    assert [s.header for s in sheet] == [
        "行号", "户号", "姓名", "身份证号", "参保类别", "所属区", "救助身份",
        "缴费标准(元)", "其中医保(元)", "其中长护险(元)", "个人缴费(元)", "政府代缴(元)", "状态",
    ]  # fmt: skip
    assert [s.width for s in sheet] == [7, 12, 10, 21, 12, 11, 16, 12, 12, 13, 12, 12, 44]
    paper = [c.paper for c in table_columns.printed() if c.paper]
    assert [(p.header, p.width) for p in paper] == [
        ("序号", 4), ("户号", 7), ("姓名", 7), ("身份证号", 16), ("参保类别", 8), ("所属区", 7),
        ("救助身份", 7), ("个人缴费(元)", 8), ("政府代缴(元)", 8), ("核对结果", 18), ("签字", 10),
    ]  # fmt: skip
    assert sum(p.width for p in paper) == 100  # the page's width, whole
    screen = [c.screen.header for c in table_columns.on_screen() if c.screen]
    assert screen == [
        "行号", "户号", "姓名", "身份证号", "参保类别", "所属区", "救助身份", "个人缴费(元)", "政府代缴(元)", "核对结果",
    ]  # fmt: skip


def test_every_field_a_clerk_corrects_has_its_column() -> None:
    assert sorted(table_columns.correctable_fields()) == sorted(FIELD_LABELS)
    keys = [c.key for c in table_columns.COLUMNS]
    assert len(keys) == len(set(keys))
    # the register's label columns (本户 n 人小计, 合计) stand side by side
    labels = [i for i, c in enumerate(table_columns.printed()) if c.paper and c.paper.label]
    assert labels == list(range(labels[0], labels[-1] + 1))


def test_a_new_column_appears_in_the_export(
    result: RosterResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_dummy(monkeypatch)
    out = tmp_path / "out.xlsx"
    export_xlsx(result, out)
    ws = openpyxl.load_workbook(out)["名册"]
    rows = records(ws, "核对人")
    assert [(r["姓名"], r["核对人"], r["状态"] is None or "问题行" not in r["状态"]) for r in rows] == [
        ("张一", "已核", True), ("张小", "已核", True), ("李老", "已核", True), ("王某", "未核", False),
    ]  # fmt: skip
    assert cell(ws, "核对人", row_where(ws, "行号", 5)).fill.fgColor.rgb == "FFF8D7DA"  # a problem row's colour
    total = row_where(ws, "行号", "合计")
    assert cell(ws, "核对人", total).value == "核 3 人"
    # the columns after it moved, their contents did not: 880 + 390 + 0 = 1270
    assert cell(ws, "个人缴费(元)", total).value == 1270 and cell(ws, "政府代缴(元)", total).value == 730
    assert cell(ws, "状态", total).value == "问题行 1 行未计费"
    assert ws.column_dimensions[letter(ws, "核对人")].width == 9
    assert column(ws, "状态") == column(ws, "核对人") + 1 == column(ws, "政府代缴(元)") + 2


def test_a_new_column_appears_in_the_register(result: RosterResult, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = register_html(result)
    with_dummy(monkeypatch)
    page = register_html(result)
    assert "<th width='6%'>核对人</th><th width='18%'>核对结果</th>" in page
    assert "核对人" not in plain
    # each of the three quoted residents' rows has the new cell, before its 核对结果
    assert page.count("<td>已核</td><td>") == 3 and "未核" not in page  # problem rows are not in this table
    # a household's 小计 and the 合计 have an (empty) cell for it: 12 cells across, the label over 6
    subtotals = re.findall(r"<tr bgcolor='#eeeeee'>(.*?)</tr>", page)
    assert len(subtotals) == 2
    for row in subtotals:
        assert row.count("<td") == 12 - 5 and "<td colspan='6'>本户" in row
    (total,) = re.findall(r"<tr bgcolor='#dddddd'>(.*?)</tr>", page)
    assert total == (
        "<td></td><td colspan='6'><b>合计 2 户 3 人</b></td><td align='right'><b>1270.00</b></td>"
        "<td align='right'><b>730.00</b></td><td></td><td></td><td></td>"
    )


def test_a_corrected_cell_is_marked_in_its_column(policies: PolicySet, tmp_path: Path) -> None:
    # 王某's category corrected in the window to 非从业居民 (880): the row is quoted, its cell marked
    table = RawTable("村.xlsx", "名册", 1, HEADERS, (*ROWS[:3], (5, replace_cell(ROWS[3][1], 3, "非从业居民"))))
    mapping = ColumnMapping(household=0, name=1, id_number=2, category=3, aid_status=4, district=5)
    fixed = build_roster(policies[2025], table, mapping, corrected={5: {"category": "学生"}})
    out = tmp_path / "out.xlsx"
    export_xlsx(fixed, out)
    ws = openpyxl.load_workbook(out)["名册"]
    wang = row_where(ws, "行号", 5)
    assert cell(ws, "参保类别", wang).fill.fgColor.rgb == "FFFFF2A8"
    assert cell(ws, "姓名", wang).fill.fgColor.rgb != "FFFFF2A8"
    assert "<td><u>非从业居民</u>※</td>" in register_html(fixed)


def replace_cell(cells: tuple[object, ...], at: int, text: str) -> tuple[object, ...]:
    return (*cells[:at], text, *cells[at + 1 :])
