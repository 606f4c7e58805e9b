"""issue 25 §2 §3: tiny generated files that asked calamine for gigabytes (or aborted the process)
are refused before parsing, every sheet the workbook names and their total bounded, for .xlsx and
.xls; spreadsheets are parsed in a child process under a hard memory and time limit, so whatever
slips past costs only the child and the clerk reads 文件异常,无法读取."""

from __future__ import annotations

import posixpath
import struct
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlwt

from desktop.core.roster import RosterCancelled, RosterReadError, isolate, read_table
from desktop.core.roster.xls_limits import check_xls
from desktop.core.roster.xlsx_limits import WorkbookTooLarge, sheet_parts

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>{rows}</sheetData></worksheet>"
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>参保类别</t></is></c></row>'
)


def far_value(reference: str, row: int) -> str:
    return f'<row r="{row}"><c r="{reference}{row}"><v>1</v></c></row>'


def workbook(path: Path, sheets: list[tuple[str, str]]) -> Path:
    """An .xlsx whose sheets are stored at the given part names (``xl/data/s1.xml`` …): the
    workbook's relationships give the paths, as the OOXML standard allows."""
    names = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
    book = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{names}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="{posixpath.relpath(part, "xl")}"/>'
        for i, (part, _) in enumerate(sheets, 1)
    )
    overrides = "".join(
        f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for part, _ in sheets
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(overrides=overrides))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", book)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for part, rows in sheets:
            z.writestr(part, SHEET.format(rows=rows))
    return path


def refused_quickly(path: Path, match: str) -> str:
    started = time.perf_counter()
    with pytest.raises(RosterReadError, match=match) as info:
        read_table(path)
    assert time.perf_counter() - started < 10
    return str(info.value)


def test_a_sheet_stored_outside_worksheets_is_bounded(tmp_path: Path) -> None:
    # the 1.7 KB file of the issue: one value at XFD1048576 in xl/data/s1.xml; calamine asked for
    # 1,048,576 × 16,384 cells (512 GiB) and aborted the CLI, the window and the .exe
    path = workbook(tmp_path / "bomb.xlsx", [("xl/data/s1.xml", HEADER_ROW + far_value("XFD", 1048576))])
    assert path.stat().st_size < 2500
    with zipfile.ZipFile(path) as z:
        assert sheet_parts(z) == {"xl/data/s1.xml"}
    refused_quickly(path, "bomb.xlsx 第1048576行在第200列以后还有内容")


def test_the_sheets_together_are_bounded(tmp_path: Path) -> None:
    # 16 sheets each just within one sheet's area (14,900 rows × 200 columns = 2.98 million
    # cells, under 3 million) are 47.7 million together: the 16-sheet file of the issue took 5.6 GB
    rows = HEADER_ROW + far_value("GR", 14900)  # GR is column 200
    path = workbook(tmp_path / "many.xlsx", [(f"xl/worksheets/sheet{i}.xml", rows) for i in range(1, 17)])
    assert path.stat().st_size < 20_000
    refused_quickly(path, "合计超过")
    one = workbook(tmp_path / "one.xlsx", [("xl/worksheets/sheet1.xml", rows)])
    assert read_table(one).headers[:3] == ("姓名", "身份证号", "参保类别")  # one such sheet is legal


def test_relationship_targets_resolve_wherever_they_point(tmp_path: Path) -> None:
    # the target is "../custom/Deep/s.xml", relative to xl/; the sheet's root tag is not a
    # worksheet's, so only the relationship finds it
    path = workbook(tmp_path / "odd.xlsx", [("custom/Deep/s.xml", HEADER_ROW)])
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("custom/Deep/t.xml", "<other/>")
    with zipfile.ZipFile(path) as z:
        assert sheet_parts(z) == {"custom/Deep/s.xml"}


def xls_with(path: Path, cells: list[tuple[int, int, int]]) -> Path:
    """An .xls with one sheet per distinct sheet number: (sheet, row, column) values."""
    book = xlwt.Workbook()
    sheets: dict[int, Any] = {}
    for sheet, row, column in cells:
        if sheet not in sheets:
            sheets[sheet] = book.add_sheet(f"S{sheet}")
            sheets[sheet].write(0, 0, "姓名")
        sheets[sheet].write(row, column, 1)
    book.save(str(path))
    return path


def test_an_xls_sheet_is_bounded(tmp_path: Path) -> None:
    # one value at row 65,536, column 256: a 6 KB file that peaked at 836 MB
    path = xls_with(tmp_path / "far.xls", [(1, 65535, 255)])
    assert path.stat().st_size < 8000
    message = refused_quickly(path, "far.xls 第1个表格用到的区域")
    assert "65,536 行 × 256 列" in message


def test_xls_sheets_together_are_bounded(tmp_path: Path) -> None:
    # 4 sheets of 10,000 rows × 256 columns (2.56 million cells each, within one sheet's limit;
    # 10.2 million together): 4 such sheets peaked at 3.2 GB
    path = xls_with(tmp_path / "four.xls", [(s, 9999, 255) for s in range(1, 5)])
    refused_quickly(path, "合计超过")


def test_an_xls_dimensions_record_that_lies_is_bounded(tmp_path: Path) -> None:
    path = xls_with(tmp_path / "dims.xls", [(1, 3, 3)])
    data = bytearray(path.read_bytes())
    at = data.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, 14 bytes: first row, last row + 1 (4 bytes each), ...
    assert at > 0
    struct.pack_into("<I", data, at + 8, 0xFFFFFFF0)
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookTooLarge):
        check_xls(bytes(data))
    refused_quickly(path, "dims.xls .*区域")


def test_a_damaged_compound_file_is_a_message_not_a_loop(tmp_path: Path) -> None:
    path = xls_with(tmp_path / "loop.xls", [(1, 2, 2)])
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 0x30, 0)  # the directory starts at sector 0 ...
    struct.pack_into("<I", data, 512, 0)  # ... whose FAT entry points to itself (if sector 0 is a FAT entry)
    with pytest.raises(WorkbookTooLarge):
        check_xls(bytes(data[:600]))
    with pytest.raises(WorkbookTooLarge):
        check_xls(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600)


def test_blank_csv_lines_are_refused_at_once(tmp_path: Path) -> None:
    # 29 MB of blank lines took 35–89 s
    path = tmp_path / "blank.csv"
    path.write_bytes("姓名,身份证号,参保类别\n".encode() + b"\n" * 29_000_000)
    refused_quickly(path, "空行")
    many = tmp_path / "many_blank.csv"  # within Excel's rows: read, and soon
    many.write_bytes("姓名,身份证号,参保类别\n".encode() + b"\r\n" * 1_000_000 + "张一,1,非从业居民\r\n".encode())
    started = time.perf_counter()
    table = read_table(many)
    assert time.perf_counter() - started < 10
    assert table.rows[0][0] == 1_000_002


# ------------------------------------------------------------------ the child process


def test_a_child_that_dies_is_the_abnormal_file_message(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04")
    killed = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"]
    if sys.platform == "win32":
        killed = [sys.executable, "-c", "import os; os._exit(9)"]
    with pytest.raises(RosterReadError, match="x.xlsx 文件异常,无法读取"):
        isolate.read_workbook_isolated(path, "xlsx", command=killed)


def test_a_child_over_its_memory_limit_costs_only_the_child(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04")
    greedy = (
        "from desktop.core.roster.isolate import limit_self; limit_self(400 * 1024 * 1024, 30); "
        "block = bytearray(3 * 1024 ** 3); print('survived')"
    )
    with pytest.raises(RosterReadError, match="文件异常,无法读取"):
        isolate.read_workbook_isolated(path, "xlsx", command=[sys.executable, "-c", greedy])


def test_a_child_past_its_time_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04")
    started = time.perf_counter()
    with pytest.raises(RosterReadError, match="文件异常,无法读取"):
        isolate.read_workbook_isolated(
            path, "xlsx", wall_seconds=1.0, command=[sys.executable, "-c", "import time; time.sleep(60)"]
        )
    assert time.perf_counter() - started < 5


def test_cancelling_kills_the_child(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04")
    started = time.perf_counter()
    with pytest.raises(RosterCancelled):
        isolate.read_workbook_isolated(
            path, "xlsx", cancelled=lambda: time.perf_counter() - started > 0.3,
            command=[sys.executable, "-c", "import time; time.sleep(60)"],
        )  # fmt: skip
    assert time.perf_counter() - started < 5


@pytest.mark.skipif(sys.platform != "linux", reason="setrlimit's address-space limit is Linux's")
def test_the_real_child_limits_itself_before_reading() -> None:
    import subprocess

    code = (
        "import resource; from desktop.core.roster.isolate import limit_self, CHILD_MEMORY_BYTES; "
        "print(limit_self()); print(resource.getrlimit(resource.RLIMIT_AS)[0] == CHILD_MEMORY_BYTES); "
        "print(resource.getrlimit(resource.RLIMIT_CPU)[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["rlimit", "True", str(isolate.CHILD_CPU_SECONDS)]


def test_the_windows_job_object_path_sets_memory_and_time_limits() -> None:
    """The Windows branch, run against a recording kernel32 (the real one only exists there):
    the job is created, limited in process memory and CPU time, and the process put into it."""
    import ctypes

    calls: list[tuple[str, Any]] = []

    class Kernel32:
        def CreateJobObjectW(self, attributes: object, name: object) -> int:
            calls.append(("create", (attributes, name)))
            return 77

        def SetInformationJobObject(self, job: int, kind: int, address: int, size: int) -> int:
            info = isolate.job_limit_structure()
            ctypes.memmove(ctypes.addressof(info), address, size)
            calls.append(("set", (job, kind, size, info)))
            return 1

        def GetCurrentProcess(self) -> int:
            return -1

        def AssignProcessToJobObject(self, job: int, process: int) -> int:
            calls.append(("assign", (job, process)))
            return 1

    assert isolate.limit_self(500_000_000, 12, platform="win32", kernel32=Kernel32()) == "job"
    assert [c[0] for c in calls] == ["create", "set", "assign"]
    job, kind, size, info = calls[1][1]
    assert job == 77 and kind == 9 and size == ctypes.sizeof(info)
    flags = info.BasicLimitInformation.LimitFlags
    assert flags & isolate.JOB_OBJECT_LIMIT_PROCESS_MEMORY and flags & isolate.JOB_OBJECT_LIMIT_PROCESS_TIME
    assert flags & isolate.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    assert info.ProcessMemoryLimit == 500_000_000
    assert info.BasicLimitInformation.PerProcessUserTimeLimit == 12 * 10_000_000
    assert calls[2][1] == (77, -1)
    # on 64-bit Windows the structure is 144 bytes (winnt.h); a wrong layout would set nothing
    if ctypes.sizeof(ctypes.c_void_p) == 8:
        assert ctypes.sizeof(info) == 144

    class Refusing(Kernel32):
        def AssignProcessToJobObject(self, job: int, process: int) -> int:
            return 0

    with pytest.raises(OSError):
        isolate.limit_self(500_000_000, 12, platform="win32", kernel32=Refusing())


def test_the_frozen_executable_starts_the_child_before_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import launcher

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "C:/czdesk/czdesk.exe")
    assert isolate.child_command() == ["C:/czdesk/czdesk.exe", isolate.CHILD_FLAG]
    ran: list[str] = []
    from desktop.core.roster import child

    monkeypatch.setattr(child, "child_main", lambda: ran.append("child") or 0)
    monkeypatch.setattr(launcher, "attach_parent_console", lambda args: ran.append("console"))
    monkeypatch.setattr("desktop.start_costs.keep_archive_open", lambda: None)
    monkeypatch.setattr(sys, "argv", ["czdesk.exe", isolate.CHILD_FLAG])
    assert launcher.run() == 0
    assert ran == ["child"]


def test_a_part_compressed_in_a_way_spreadsheet_programs_never_use_is_refused(tmp_path: Path) -> None:
    # the executable carries no bzip2/lzma decoder (build_support/bundle.py): such a part is refused by
    # name before anything is opened, in source and frozen alike
    import zipfile

    from desktop.core.roster.xlsx_limits import WorkbookTooLarge, check_package

    path = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>", compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>", compress_type=zipfile.ZIP_BZIP2)
    with zipfile.ZipFile(path) as archive, pytest.raises(WorkbookTooLarge, match="压缩方式"):
        check_package(archive, max_columns=50)
