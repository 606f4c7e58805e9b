"""Village rosters: real .xlsx/.xls/.csv files made here, totals counted by hand from the notices.

The roster used throughout (2025 policy year, 武进区; amounts from the 2025 notice §三):

    row  户号 who                                     expected
    3    H1   non_employed, born 1980                 880.00
    4    H1   non_employed, born 1982                 880.00
    5    H1   minor, born 2015                        390.00
    6    H2   elderly, 低保 (other_aid), born 1950    0.00 (730.00 paid by the government)
    7    H2   wrong check digit                       bad
    8    H3   same ID as row 3                        bad (duplicate)
    9    H3   minor, born 1994-06-15 (30 on 2025-01-01)  bad (age)
    10   H3   category “学生”                          bad (unknown category)
    11   H4   district “南京市”                        bad (unknown district)
    12   H4   aid status “残疾”                        bad (unknown aid status)
    13   H4   elderly, born 2010-01-01 (15 that day)  bad (age)

Good rows: 880 × 2 + 390 + 0 = 2150.00 paid by residents; 730.00 exempted; 1 aid recipient;
standard amounts 880 + 880 + 390 + 730 = 2880.00. Row 1 is a title, row 2 the header.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlwt

from desktop.cli.roster import main as roster_main
from desktop.core.policy.loader import PolicySet
from desktop.core.roster import (
    ColumnMapping,
    RosterCancelled,
    RosterReadError,
    build_roster,
    decode_text,
    detect_mapping,
    export_xlsx,
    load_roster,
    parse_aid_status,
    read_table,
    register_html,
    summary_lines,
)
from desktop.core.roster import parse_category as roster_parse_category
from desktop.core.roster import parse_district as roster_parse_district
from desktop.resources import resource
from tests.sheet_cells import cell, header_row, letter, records, row_where

ROOT = Path(__file__).resolve().parents[3]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    """GB 11643: weighted sum of the first 17 digits mod 11 picks the check character."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


ID_A = make_id("32041219800101001")
ID_B = make_id("32041219820315002")
ID_C = make_id("32041220150720003")
ID_D = make_id("32041219500505004")
_E = make_id("32041219600101005")
ID_E_WRONG = _E[:17] + ("1" if _E[17] != "1" else "2")
ID_G = make_id("32041219940615007")
ID_H = make_id("32041219880808008")
ID_I = make_id("32041219700101009")
ID_J = make_id("32041219650101010")
ID_K = make_id("32041220100101011")

TITLE = "湖塘镇某村2025年度居民医保参保名册"
HEADERS = ["户号", "姓名", "身份证号码", "参保身份", "救助类别", "所属区"]
ROWS = [
    ["H1", "张一", ID_A, "非从业居民", "", "武进区"],
    ["H1", "张二", ID_B, "non_employed", "无", "武进"],
    ["H1", "张小", ID_C, "未成年居民", "", "常州市武进区湖塘镇"],
    ["H2", "李老", ID_D, "老年居民", "低保", "wujin"],
    ["H2", "李错", ID_E_WRONG, "老年居民", "", "武进区"],
    ["H3", "王重", ID_A, "非从业居民", "", "武进区"],
    ["H3", "王某", ID_G, "未成年居民", "", "武进区"],
    ["H3", "赵某", ID_H, "学生", "", "武进区"],
    ["H4", "孙某", ID_I, "非从业居民", "", "南京市"],
    ["H4", "周某", ID_J, "非从业居民", "残疾", "武进区"],
    ["H4", "吴某", ID_K, "老年居民", "", "武进区"],
]
BAD_ROWS = [7, 8, 9, 10, 11, 12, 13]


def write_xlsx(path: Path, headers: list[str] = HEADERS, rows: list[list[object]] = ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def write_xls(path: Path, rows: list[list[object]] = ROWS) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sh = book.add_sheet("名册")
    sh.write(0, 0, TITLE)
    for c, h in enumerate(HEADERS):
        sh.write(1, c, h)
    for r, row in enumerate(rows, 2):
        for c, v in enumerate(row):
            sh.write(r, c, v)
    book.save(str(path))
    return path


def write_csv(path: Path, encoding: str, rows: list[list[object]] = ROWS) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([TITLE])
    w.writerow(HEADERS)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


@pytest.fixture
def policy2025(policies: PolicySet):  # type: ignore[no-untyped-def]
    return policies[2025]


def _check_totals(result) -> None:  # type: ignore[no-untyped-def]
    assert len(result.rows) == 11
    assert [r.row for r in result.bad_rows] == BAD_ROWS
    assert [r.row for r in result.good_rows] == [3, 4, 5, 6]
    t = result.total
    assert (t.members, t.individual, t.exempted, t.standard, t.aid_members) == (
        4,
        Decimal("2150.00"),
        Decimal("730.00"),
        Decimal("2880.00"),
        1,
    )
    cats = {c: (tt.members, tt.individual, tt.exempted) for c, tt in result.by_category}
    assert cats == {
        "non_employed": (2, Decimal("1760.00"), Decimal("0.00")),
        "minor": (1, Decimal("390.00"), Decimal("0.00")),
        "elderly": (1, Decimal("0.00"), Decimal("730.00")),
    }
    assert [(d, tt.members, tt.individual) for d, tt in result.by_district] == [("wujin", 4, Decimal("2150.00"))]
    houses = {
        h.household: (h.totals.members, h.totals.individual, h.totals.exempted, h.bad_rows) for h in result.households
    }
    assert houses == {
        "H1": (3, Decimal("2150.00"), Decimal("0.00"), 0),
        "H2": (1, Decimal("0.00"), Decimal("730.00"), 1),
        "H3": (0, Decimal("0.00"), Decimal("0.00"), 3),
        "H4": (0, Decimal("0.00"), Decimal("0.00"), 3),
    }


def test_xlsx_with_title_row_and_header_variants(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    result = load_roster(policy2025, write_xlsx(tmp_path / "村名册.xlsx"))
    assert result.header_row == 2
    _check_totals(result)
    zhang = result.rows[0]
    assert zhang.quote is not None
    q = zhang.quote
    # 2025 notice: 非从业居民 880 = 850 medical + 30 长护险; subsidy 1100; funding 1950
    assert (q.individual, q.medical_individual, q.ltc_individual) == (
        Decimal("880.00"),
        Decimal("850.00"),
        Decimal("30.00"),
    )
    assert (q.government_subsidy, q.funding_standard) == (Decimal("1100.00"), Decimal("1950.00"))


def test_every_bad_row_has_its_reason(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    result = load_roster(policy2025, write_xlsx(tmp_path / "r.xlsx"))
    reasons = {r.row: r.reason for r in result.bad_rows}
    assert "校验位" in reasons[7]
    assert "与第3行重复" in reasons[8]
    assert "未成年居民" in reasons[9] and "已满30周岁" in reasons[9] and "2025年1月1日" in reasons[9]
    assert "参保类别“学生”无法识别" in reasons[10]
    assert "所属区“南京市”无法识别" in reasons[11]
    assert "救助身份“残疾”无法识别" in reasons[12]
    assert "15周岁" in reasons[13] and "未满18周岁" in reasons[13]
    assert all(r.quote is None for r in result.bad_rows)


def test_xls_from_old_excel(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    _check_totals(load_roster(policy2025, write_xls(tmp_path / "old.xls")))


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_each_encoding(tmp_path: Path, policy2025, encoding: str) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "r.csv", encoding)
    if encoding == "gbk":
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    _check_totals(load_roster(policy2025, path))


def test_tab_separated_text_with_a_title_line(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    lines = [TITLE, "\t".join(HEADERS)] + ["\t".join(r) for r in ROWS]
    path = tmp_path / "导出.txt"
    path.write_text("\n".join(lines), encoding="gb18030")
    _check_totals(load_roster(policy2025, path))


def test_decode_text_prefers_utf8_and_strips_bom() -> None:
    assert decode_text("\ufeff姓名".encode()) == "姓名"
    assert decode_text("姓名".encode("gbk")) == "姓名"


def test_xlsx_saved_under_xls_name_is_still_read(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    src = write_xlsx(tmp_path / "a.xlsx")
    renamed = src.rename(tmp_path / "wps.xls")
    _check_totals(load_roster(policy2025, renamed))


def test_id_stored_as_a_number_is_flagged(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    rows: list[list[object]] = [["H1", "张一", 320412198001010010, "非从业居民", "", "武进区"]]
    result = load_roster(policy2025, write_xls(tmp_path / "n.xls", rows))
    assert result.rows[0].problems == ("身份证号被表格存成了数字,后几位已丢失;请把该列设为“文本”后重新录入",)


def test_default_district_and_no_household_column(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(
        tmp_path / "liyang.xlsx",
        ["姓名", "证件号码", "类别"],
        [["张一", ID_A, "非从业居民"], ["张二", ID_B, "老年居民"]],
    )
    table = read_table(path)
    guess = detect_mapping(table.headers)
    assert guess.mapping.missing_required(district_default=False) == ("district",)
    assert guess.complete(district_default=True)
    with pytest.raises(RosterReadError, match="所属区"):
        build_roster(policy2025, table, guess.mapping)
    result = build_roster(policy2025, table, guess.mapping, default_district="liyang")
    # 2025 notice §三: 溧阳市 非从业居民 730; 老年居民 730 → 1460.00; each row is its own household
    assert result.total.individual == Decimal("1460.00")
    assert len(result.households) == 2
    assert result.households[0].household == "(第3行,未填户号)"


def test_unknown_headers_need_an_explicit_mapping(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(
        tmp_path / "odd.xlsx",
        ["户", "成员名称", "公民号", "人员身份", "所在地"],
        [["1", "张一", ID_A, "非从业居民", "新北区"], ["1", "张小", ID_C, "未成年居民", "新北区"]],
    )
    table = read_table(path)
    guess = detect_mapping(table.headers)
    assert not guess.complete(district_default=False)
    assert {t for _, t in guess.unrecognised} == {"户", "成员名称", "公民号", "人员身份", "所在地"}
    mapping = ColumnMapping(household=0, name=1, id_number=2, category=3, district=4)
    assert table.sample(1) == ("张一", "张小")
    result = build_roster(policy2025, table, mapping)
    assert result.total.individual == Decimal("1270.00")  # 880 + 390 in 新北区
    assert ColumnMapping.from_dict(mapping.as_dict()) == mapping
    with pytest.raises(RosterReadError, match="名册只有5列"):
        build_roster(policy2025, table, ColumnMapping(name=1, id_number=2, category=7, district=4))


def test_value_variants(policy2025) -> None:  # type: ignore[no-untyped-def]
    def parse_category(text: str) -> str | None:
        return roster_parse_category(policy2025, text)

    def parse_district(text: str) -> str | None:
        return roster_parse_district(policy2025, text)

    assert parse_category("老年居民") == parse_category(" elderly ") == "elderly"
    assert parse_category("非从业") == "non_employed"
    assert parse_category("高校大学生") == "college_student"
    assert parse_category("学生") is None
    assert parse_district("武进区") == parse_district("武进") == parse_district("常州市武进区湖塘镇") == "wujin"
    assert parse_district("常州经开区") == parse_district("经开区") == "jingkai"
    assert parse_district("金坛区") == "jintan"
    assert parse_district("武进区新北区") is None
    assert parse_aid_status("") == parse_aid_status("无") == "none"
    assert (
        parse_aid_status("特困") == parse_aid_status("孤儿") == parse_aid_status("extreme_poverty") == "extreme_poverty"
    )
    assert parse_aid_status("低保") == parse_aid_status("低保边缘") == parse_aid_status("other_aid") == "other_aid"


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(RosterReadError, match="找不到文件"):
        read_table(tmp_path / "none.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RosterReadError, match="broken.xlsx"):
        read_table(broken)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(RosterReadError, match="不支持的文件类型"):
        read_table(pdf)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(RosterReadError, match="没有内容"):
        read_table(empty)


def test_roster_sheet_is_found_and_a_missing_header_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表为某村名册"])
    ws = wb.create_sheet("名册")
    ws.append(HEADERS)
    ws.append(ROWS[0])
    wb.save(tmp_path / "two.xlsx")
    assert read_table(tmp_path / "two.xlsx").sheet == "名册"

    headless = tmp_path / "headless.csv"
    headless.write_text("\n".join(",".join(r) for r in ROWS[:2]), encoding="utf-8")
    with pytest.raises(RosterReadError, match="像是居民信息而不是表头") as info:
        read_table(headless)
    assert ID_A not in str(info.value) and "张一" not in str(info.value)


def test_cancel_stops_reading(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", "utf-8", ROWS * 100)
    seen: list[tuple[int, int]] = []
    with pytest.raises(RosterCancelled):
        read_table(path, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) >= 2)
    assert len(seen) == 2


def test_export_workbook(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    result = load_roster(policy2025, write_xlsx(tmp_path / "r.xlsx"))
    out = tmp_path / "out.xlsx"
    export_xlsx(result, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["名册", "户汇总", "分类汇总", "问题行"]
    ws = wb["名册"]
    assert header_row(ws, "行号") == 1 and cell(ws, "行号", 1).font.b
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions[letter(ws, "身份证号")].width > 15
    first = row_where(ws, "行号", 3)
    assert first == 2  # the file's first resident, right under the header
    assert [cell(ws, h, first).value for h in ("户号", "姓名", "身份证号")] == [
        "H1", "张一", ID_A[:6] + "********" + ID_A[-4:]
    ]  # fmt: skip
    paid = cell(ws, "个人缴费(元)", first)
    assert paid.value == 880 and paid.number_format == "0.00"
    status = cell(ws, "状态", row_where(ws, "行号", 10))  # 赵某: 学生 is not a category
    assert status.value.startswith("问题行,未计费:") and status.fill.fgColor.rgb == "FFF8D7DA"
    total = row_where(ws, "行号", "合计")
    assert total == 13  # under the header and the eleven rows of the file
    assert cell(ws, "个人缴费(元)", total).value == 2150 and cell(ws, "政府代缴(元)", total).value == 730
    assert cell(ws, "缴费标准(元)", total).value == 2880
    assert cell(ws, "个人缴费(元)", total).number_format == "0.00"
    everything = " ".join(str(c.value) for sheet in wb for row in sheet.iter_rows() for c in row)
    assert ID_A not in everything and ID_D not in everything
    problems = list(wb["问题行"].iter_rows(min_row=2, values_only=True))
    assert [p[0] for p in problems if isinstance(p[0], int)] == BAD_ROWS
    houses = {r["户号"]: r for r in records(wb["户汇总"], "户号")}
    h1, h2 = houses["H1"], houses["H2"]
    assert (h1["计费人数"], h1["成员"], h1["个人缴费合计(元)"]) == (3, "张一、张二、张小", 2150)
    assert (h2["个人缴费合计(元)"], h2["政府代缴合计(元)"]) == (0, 730)
    summary = {r[0]: r[1:] for r in wb["分类汇总"].iter_rows(values_only=True) if r[0]}
    assert summary["非从业居民"][:5] == (2, 1760, 0, 1760, 0)
    assert summary["老年居民"][:5] == (1, 0, 730, 730, 1)
    assert summary["人数"][0] == 1
    # row 6, 老年居民 on 低保: 730 = 700 + 长护险 30 (2025 通告 §三), all paid by the government
    aid_row = row_where(ws, "行号", 6)
    assert [cell(ws, h, aid_row).value for h in ("其中长护险(元)", "个人缴费(元)", "政府代缴(元)", "状态")] == [
        30, 0, 730, "个人缴费 730.00(含长护险 30.00)由政府代缴,本人缴 0 元"
    ]  # fmt: skip


def test_export_full_ids_on_request(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    result = load_roster(policy2025, write_xlsx(tmp_path / "r.xlsx"))
    out = tmp_path / "full.xlsx"
    export_xlsx(result, out, full_id=True)
    ws = openpyxl.load_workbook(out)["名册"]
    number = cell(ws, "身份证号", row_where(ws, "行号", 3))
    assert number.value == ID_A
    assert number.data_type == "s"  # text, so Excel keeps all 18 digits


def test_register_masks_ids_and_lists_problems(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    result = load_roster(policy2025, write_xlsx(tmp_path / "r.xlsx"))
    page = register_html(result)
    for number in (ID_A, ID_B, ID_C, ID_D, ID_G):
        assert number not in page
    assert ID_A[:6] + "********" + ID_A[-4:] in page
    assert "2150.00" in page and "730.00" in page
    assert "问题行(共 7 行" in page
    assert "合计 2 户 4 人" in page  # H3 and H4 have bad rows only
    assert "签字" in page


def test_summary_names_no_resident(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    result = load_roster(policy2025, write_xlsx(tmp_path / "r.xlsx"))
    text = "\n".join(summary_lines(result))
    assert "2,150.00 元" in text and "问题行 7 行" in text
    for r in result.rows:
        assert r.name not in text and r.id_number[-4:] not in text.replace(" ", "")


def test_cli_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_csv(tmp_path / "名册.csv", "gbk")
    out = tmp_path / "结果.xlsx"
    page = tmp_path / "登记册.html"
    assert roster_main([str(src), "-o", str(out), "--year", "2025", "--register", str(page)]) == 0
    printed = capsys.readouterr()
    assert "共 11 行" in printed.out and "可计费 4 人" in printed.out and "问题行 7 行" in printed.out
    assert "2,150.00 元" in printed.out and "730.00 元" in printed.out
    for row in ROWS:
        assert str(row[1]) not in printed.out + printed.err
        assert str(row[2])[-6:] not in printed.out + printed.err
    ws = openpyxl.load_workbook(out)["名册"]
    assert cell(ws, "个人缴费(元)", row_where(ws, "行号", "合计")).value == 2150
    assert "登记册" in page.read_text(encoding="utf-8")


def test_cli_year_2024_and_default_district(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_xlsx(tmp_path / "r.xlsx", ["姓名", "身份证号", "参保类别"], [["张一", ID_A, "非从业居民"]])
    out = tmp_path / "o.xlsx"
    assert roster_main([str(src), "-o", str(out), "--year", "2024", "--district", "wujin"]) == 0
    # 2024 notice 一(一): 非从业居民 in 武进区 930 (900 medical + 30 长护险)
    assert "930.00 元" in capsys.readouterr().out


def test_cli_map_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_xlsx(tmp_path / "r.xlsx", ["成员名称", "身份证号", "参保类别"], [["张一", ID_A, "非从业居民"]])
    out = tmp_path / "o.xlsx"
    assert roster_main([str(src), "-o", str(out), "--district", "wujin"]) == 2
    assert "姓名" in capsys.readouterr().err
    assert roster_main([str(src), "-o", str(out), "--district", "wujin", "--map", "姓名=成员名称"]) == 0


def test_cli_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"not a workbook")
    assert roster_main([str(bad), "-o", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "坏文件.xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "o.xlsx").exists()
    assert roster_main([str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.xlsx")]) == 2


def test_cli_as_module(tmp_path: Path) -> None:
    src = write_xlsx(tmp_path / "r.xlsx")
    out = tmp_path / "o.xlsx"
    proc = subprocess.run(
        [sys.executable, "-m", "desktop.cli.roster", str(src), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "可计费 4 人" in proc.stdout
    qt_free = "import sys, desktop.cli.roster; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", qt_free], cwd=ROOT, timeout=60).returncode == 0


def test_template_is_recognised_and_matches_its_script(tmp_path: Path) -> None:
    path = resource("roster_template.xlsx")
    table = read_table(path)
    guess = detect_mapping(table.headers)
    assert guess.complete(district_default=False) and not guess.unrecognised
    assert table.rows == ()
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_roster_template
    finally:
        sys.path.remove(str(ROOT / "tools"))
    fresh = tmp_path / "t.xlsx"
    make_roster_template.build(fresh)
    assert read_table(fresh).headers == table.headers
    template = openpyxl.load_workbook(path)["名册"]
    assert cell(template, "身份证号", 2).number_format == "@"


def test_benchmark_roster_is_a_real_roster(tmp_path: Path, policies: PolicySet) -> None:
    # The 10,000-row timing is the benchmark's job (tools/benchmark.py reports it against the
    # 3 s target); here: the roster it times is imported, checked and exported like a real one,
    # and the script runs and reports. Its generator spoils the check digit of rows 0, 97, 194 …
    # (file rows 2, 99, 196 …) and nothing else, so exactly those rows are bad.
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import bench_roster
    finally:
        sys.path.remove(str(ROOT / "tools"))
    src = tmp_path / "roster.xlsx"
    bench_roster.make_roster_file(src, 400)
    result = load_roster(policies[2025], src)
    assert len(result.rows) == 400
    assert [r.row for r in result.bad_rows] == [2, 99, 196, 293, 390]
    assert all(any("校验" in p for p in r.problems) for r in result.bad_rows)
    assert result.total.members == 395
    out = tmp_path / "out.xlsx"
    export_xlsx(result, out)
    assert openpyxl.load_workbook(out, read_only=True).sheetnames

    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "bench_roster.py"), "--rows", "200", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["rows"] == 200 and report["roster_10k_seconds"] > 0


def test_birth_after_policy_year_is_refused(tmp_path: Path, policies: PolicySet) -> None:
    baby = make_id("32041220250301001")
    path = write_xlsx(
        tmp_path / "b.xlsx", ["姓名", "身份证号", "参保类别", "所属区"], [["宝宝", baby, "未成年居民", "武进区"]]
    )
    assert load_roster(policies[2024], path).rows[0].problems[0].startswith("身份证号第7-14位是出生日期")
    born_in_year = load_roster(policies[2025], path).rows[0]
    assert born_in_year.ok and born_in_year.age == 0


def test_export_and_register_carry_version_hash_and_stale_warning(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    """What a slip carries: data version, the first 12 hex digits of the data hash, the stale-year warning."""
    import dataclasses
    import hashlib

    digest = hashlib.sha256((ROOT / "policy_data" / "2025.yaml").read_bytes()).hexdigest()
    warning = "注意:2025年度待遇享受期已于2025-12-31结束"
    base = load_roster(policy2025, write_xlsx(tmp_path / "r.xlsx"))
    result = dataclasses.replace(base, data_hash=digest, stale_warning=warning)
    out = tmp_path / "out.xlsx"
    export_xlsx(result, out)
    wb = openpyxl.load_workbook(out)
    for sheet in wb:
        text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
        if sheet.title == "分类汇总":
            assert f"政策数据版本 2025.1 校验码(前12位) {digest[:12]}" in text
        else:
            assert f"2025年度政策数据版本 2025.1(校验码 {digest[:12]})" in text, sheet.title
        assert digest[:13] not in text  # the first 12 digits, as on slips
        assert warning in text, sheet.title
        assert digest[:12] in sheet.oddFooter.left.text  # on every printed page too
    page = register_html(result)
    assert f"校验码 {digest[:12]}" in page and warning in page and "2025.1" in page
    # a current year: no warning anywhere
    fresh = dataclasses.replace(base, data_hash=digest)
    assert "⚠" not in register_html(fresh)


def test_cli_export_carries_the_hash_and_the_stale_year_warning(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    digest = hashlib.sha256((ROOT / "policy_data" / "2024.yaml").read_bytes()).hexdigest()
    src = write_xlsx(tmp_path / "r.xlsx", ["姓名", "身份证号", "参保类别"], [["张一", ID_A, "非从业居民"]])
    out, page = tmp_path / "o.xlsx", tmp_path / "p.html"
    assert (
        roster_main([str(src), "-o", str(out), "--year", "2024", "--district", "wujin", "--register", str(page)]) == 0
    )
    summary = [r for r in openpyxl.load_workbook(out)["分类汇总"].iter_rows(values_only=True) if r[0]]
    assert ("校验码(前12位)", digest[:12]) in [r[:2] for r in summary]
    # 2024's benefits ended on 2024-12-31: every run after that is warned (the clock here is past 2025)
    assert any(str(r[0]).startswith("⚠ 注意:2024年度待遇享受期已于2024-12-31结束") for r in summary)
    assert "2024年度待遇享受期已于2024-12-31结束" in page.read_text(encoding="utf-8")


def test_a_likely_elderly_resident_is_prompted_not_refused(tmp_path: Path, policy2025) -> None:  # type: ignore[no-untyped-def]
    # both born 1948-06-01: 76 on 2025-01-01 (the one age rule)
    rows = [
        ["H1", "李爷", make_id("32041219480601002"), "非从业居民", "", "武进区"],
        ["H2", "周爷", make_id("32041219480601013"), "非从业居民", "", "溧阳市"],
    ]
    result = load_roster(policy2025, write_xlsx(tmp_path / "r.xlsx", HEADERS, rows))
    wujin, liyang = result.rows
    # quoted as entered (880, 2025 通告 §三 武进区) with a prompt naming 老年居民's 730; not a problem row
    assert wujin.ok and wujin.quote is not None and wujin.quote.individual == Decimal("880.00")
    assert wujin.notes and "76周岁,可能属于“老年居民”(730.00 元)" in wujin.notes[0]
    # 溧阳市: 非从业居民 730 = 老年居民 730, so the choice changes nothing and nothing is said
    assert liyang.ok and liyang.notes == ()
    out = tmp_path / "o.xlsx"
    export_xlsx(result, out)
    ws = openpyxl.load_workbook(out)["名册"]
    status = [r["状态"] for r in records(ws, "状态")]
    assert any(v and "可能属于“老年居民”" in v for v in status)
