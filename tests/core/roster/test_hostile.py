"""Rosters that are broken, hostile or typed with a Chinese input method: refused with a message
naming the real cause, never leaking an ID number, never read for minutes."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt

from desktop.core.policy.loader import PolicySet
from desktop.core.roster import RosterReadError, export_xlsx, isolate, load_roster, read_table, register_html
from desktop.core.roster import read as roster
from tests.core.roster.test_roster import ID_A, ID_B, ID_C, ID_D, make_id

WIDE = {ord(c): ord(c) + 0xFEE0 for c in "0123456789X"}
HEAD = "户号,姓名,身份证号,参保类别,救助身份,所属区"


def csv_file(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_full_width_household_numbers_and_ids_are_the_plain_ones(tmp_path: Path, policies: PolicySet) -> None:
    path = csv_file(
        tmp_path / "w.csv",
        HEAD,
        f"3,张一,{ID_A},非从业居民,,武进区",
        f"３,张二,{ID_B.translate(WIDE)},非从业居民,,武进区",
        f"１５,张小,{ID_C[:6]}\u3000{ID_C[6:].translate(WIDE)},未成年居民,,武进区",
        f"15,李老,{ID_D},老年居民,,武进区",
    )
    result = load_roster(policies[2025], path)
    assert [r.problems for r in result.rows] == [()] * 4
    assert [h.household for h in result.households] == ["3", "15"]
    assert result.quoted_households == 2


def test_an_unbalanced_quote_is_reported_not_swallowed(tmp_path: Path) -> None:
    # the quote before 张二 is never closed: the csv module would put the rest of the file,
    # IDs included, into one name cell
    path = csv_file(
        tmp_path / "q.csv",
        HEAD,
        f"1,张一,{ID_A},非从业居民,,武进区",
        f'1,"张二,{ID_B},非从业居民,,武进区',
        f"2,李老,{ID_D},老年居民,,武进区",
    )
    with pytest.raises(RosterReadError, match="第3行起的引号不成对") as info:
        read_table(path)
    assert ID_B not in str(info.value) and ID_D not in str(info.value)


def test_a_quote_closed_lines_later_is_reported(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "q2.csv", HEAD, f'1,"张一,{ID_A},非从业居民,,武进区', f'2,李老",{ID_D},老年居民,,武进区')
    with pytest.raises(RosterReadError, match="跨了几行") as info:
        read_table(path)
    assert ID_A not in str(info.value)


def test_a_huge_cell_says_it_is_too_long(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "long.csv", HEAD, f"1,{'张' * 200_000},{ID_A},非从业居民,,武进区")
    with pytest.raises(RosterReadError, match="个字符") as info:
        read_table(path)
    assert "引号不成对(或" not in str(info.value)
    path = csv_file(tmp_path / "long2.csv", HEAD, f"1,{'张' * 5_000},{ID_A},非从业居民,,武进区")
    with pytest.raises(RosterReadError, match="第2行第2列的格子有 5,000 个字符"):
        read_table(path)


def test_an_id_in_another_column_is_masked_everywhere(tmp_path: Path, policies: PolicySet) -> None:
    path = csv_file(tmp_path / "shift.csv", HEAD, f"1,{ID_A},{ID_A},非从业居民,,{ID_B}")
    result = load_roster(policies[2025], path)
    (row,) = result.rows
    assert ID_A not in row.name and ID_B not in row.district_text and ID_B not in row.reason
    assert "姓名栏里有像身份证号的内容" in row.reason
    out = tmp_path / "out.xlsx"
    export_xlsx(result, out)
    with zipfile.ZipFile(out) as z:
        everything = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
    assert ID_A not in everything and ID_B not in everything
    assert ID_A not in register_html(result)


def test_roster_cli_never_prints_a_residents_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli.roster import main

    # no header row, and the ID written with a leading apostrophe so it is not taken for a number
    path = csv_file(tmp_path / "nohead.csv", f"张三,'{ID_A},老年居民,武进区", f"李四,'{ID_B},老年居民,武进区")
    assert main([str(path), "-o", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err
    assert ID_A not in err and "张三" not in err
    # a header row that names nothing: its cells are not repeated either
    path = csv_file(tmp_path / "odd.csv", "甲,乙,丙", f"张三,{ID_A},老年居民")
    assert main([str(path), "-o", str(tmp_path / "o.xlsx"), "--map", "姓名=丁"]) == 2
    err = capsys.readouterr().err
    assert "没有认出任何表头" in err and ID_A not in err


def test_a_folder_named_like_a_roster_is_called_a_folder(tmp_path: Path) -> None:
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(RosterReadError, match="是一个文件夹"):
        read_table(tmp_path / "dir.xlsx")


def test_xls_warnings_never_reach_stdout(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sh = book.add_sheet("名册")
    for c, h in enumerate(HEAD.split(",")):
        sh.write(0, c, h)
    for c, v in enumerate(["1", "张一", ID_A, "非从业居民", "", "武进区"]):
        sh.write(1, c, v)
    path = tmp_path / "r.xls"
    book.save(str(path))
    with path.open("ab") as fh:
        fh.write(b"\0" * 100)  # no longer a multiple of the sector size: xlrd warns
    read_table(path)
    out, err = capfd.readouterr()
    assert "WARNING" not in out and "WARNING" not in err


def _xlsx_with_shared_strings(path: Path, count: int) -> Path:
    """A real workbook whose shared-strings part is replaced by ``count`` empty strings."""
    wb = openpyxl.Workbook()
    wb.active.append(HEAD.split(","))
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = b"<si><t></t></si>" * count
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + body
        + b"</sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_xlsx_bombs_are_refused_before_reading(tmp_path: Path) -> None:
    # 2.5 million shared strings: 40 MB of XML in a small zip, beyond the part limit
    bomb = _xlsx_with_shared_strings(tmp_path / "bomb.xlsx", 2_500_000)
    assert bomb.stat().st_size < 1_000_000
    started = time.perf_counter()
    with pytest.raises(RosterReadError, match="上限"):
        read_table(bomb)
    assert time.perf_counter() - started < 10  # not a timing test: reading it all takes far longer


def test_shared_string_count_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.core.roster import xlsx_limits as xlsx_read

    monkeypatch.setattr(xlsx_read, "MAX_SHARED_STRINGS", 1000)
    monkeypatch.setattr(isolate, "IN_PROCESS", True)  # the limit is replaced in this process only
    with pytest.raises(RosterReadError, match="不同的文字"):
        read_table(_xlsx_with_shared_strings(tmp_path / "many.xlsx", 1001))


def test_row_and_column_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roster, "MAX_ROWS", 5)
    lines = [HEAD] + [f"{i},人{i},{make_id(f'3204122015072{i:04d}')},未成年居民,,武进区" for i in range(6)]
    with pytest.raises(RosterReadError, match="超过 5 行"):
        read_table(csv_file(tmp_path / "rows.csv", *lines))
    wb = openpyxl.Workbook()
    wb.active.append(HEAD.split(","))
    wb.active.append(["1", "张一", ID_A, "非从业居民", "", "武进区"])
    wb.active.cell(row=2, column=5000, value="x")
    wb.save(tmp_path / "wide.xlsx")
    with pytest.raises(RosterReadError, match="第200列以后还有内容"):
        read_table(tmp_path / "wide.xlsx")


def test_a_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roster, "MAX_FILE_BYTES", 1000)
    path = csv_file(tmp_path / "big.csv", HEAD, *[f"1,张一,{ID_A},非从业居民,,武进区"] * 100)
    with pytest.raises(RosterReadError, match="超过名册文件"):
        read_table(path)


def test_household_numbered_by_the_heads_id_is_kept_and_masked_when_shown(tmp_path: Path, policies: PolicySet) -> None:
    code = "320412001002003"  # a 15-digit village household code: not an ID, shown as it is
    path = csv_file(
        tmp_path / "hh.csv",
        HEAD,
        f"{ID_A},张一,{ID_A},非从业居民,,武进区",
        f"{ID_A},张二,{ID_B},非从业居民,,武进区",
        f"{code},李老,{ID_D},老年居民,,武进区",
    )
    result = load_roster(policies[2025], path)
    assert all(r.ok for r in result.rows) and result.quoted_households == 2
    out = tmp_path / "out.xlsx"
    export_xlsx(result, out)
    with zipfile.ZipFile(out) as z:
        everything = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
    assert ID_A not in everything and "320412********" in everything and code in everything
    html = register_html(result)
    assert ID_A not in html
    full = tmp_path / "full.xlsx"
    export_xlsx(result, full, full_id=True)
    with zipfile.ZipFile(full) as z:
        assert ID_A in b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")


def test_a_line_of_millions_of_columns_is_refused_before_it_is_split(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "wide.csv", HEAD, "1" + "," * 3_000_000)
    with pytest.raises(RosterReadError, match="第2行有 3,000,001 列"):
        read_table(path)
    # padding up to the columns in use, as Excel writes a CSV, is read
    padded = csv_file(tmp_path / "padded.csv", HEAD + "," * 300, f"1,张一,{ID_A},非从业居民,,武进区" + "," * 300)
    assert len(read_table(padded).rows) == 1


def test_a_row_of_too_many_cells_is_refused_without_holding_it(tmp_path: Path) -> None:
    path = tmp_path / "cells.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append([1])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    header = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEAD.split(","))
    parts["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{header}</row><row r="2">{"<c/>" * 20_000}</row></sheetData></worksheet>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(RosterReadError, match="第2行有超过 16,384 个格子"):
        read_table(path)
