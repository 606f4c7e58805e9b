"""Reading a roster file: the first sheet of an .xlsx/.xls, or a .csv in UTF-8 or GBK, into a :class:`RawTable`.

The header is found among the top rows (a title line or two often sits above it); every limit is
checked before or while the file is read, never after it is all in memory."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import os_reason
from desktop.core.identity import looks_like_id, mask_ids_in_text
from desktop.core.roster.columns import header_field
from desktop.core.roster.common import TICK, CancelCheck, Progress, RosterCancelled, RosterReadError, cell_text, tick
from desktop.core.roster.xls_limits import check_xls
from desktop.core.roster.xlsx_errors import calamine_readable, parts_calamine_refuses, sheet_errors, with_errors
from desktop.core.roster.xlsx_limits import ErrorCells, WorkbookTooLarge, check_package


@dataclass(frozen=True)
class RawTable:
    """A sheet as read: header row and data rows, cells as the reader gave them."""

    source: str  # the file's name (never its content)
    sheet: str
    header_row: int  # 1-based row number of the header in the file
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (row number in the file, cells)

    def sample(self, column: int, count: int = 3) -> tuple[str, ...]:
        """The first non-empty values of a column, for the mapping dialog."""
        out: list[str] = []
        for _, cells in self.rows:
            text = cell_text(cells[column]) if column < len(cells) else ""
            if text:
                out.append(mask_ids_in_text(text))  # a sample is on screen, not being edited
                if len(out) == count:
                    break
        return tuple(out)


_HEADER_SCAN = 10  # WPS/Excel rosters often carry a title row or two above the header

# Limits checked while reading, far beyond a real roster (a town's is some thousands of rows):
#: the file itself, before anything is read
MAX_FILE_BYTES = 30_000_000
#: data rows with content
MAX_ROWS = 60_000
#: columns with content (a roster has about ten)
MAX_COLUMNS = 200
#: characters in one cell (a remark column included)
MAX_CELL_CHARS = 2_000
#: columns and rows of a worksheet in Excel and WPS
_SPREADSHEET_COLUMNS = 16_384
_SPREADSHEET_ROWS = 1_048_576
#: what str.splitlines breaks a line at
_LINE_BREAKS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _to_table(
    source: str,
    sheet: str,
    numbered: Iterable[tuple[int, Sequence[object]]],
    total: int,
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> RawTable:
    """Find the header among the first rows, keep the non-empty rows below it."""
    head: list[tuple[int, tuple[object, ...]]] = []
    rows: list[tuple[int, tuple[object, ...]]] = []
    header_at = -1
    kept = 0
    for n, (rownum, raw) in enumerate(numbered, 1):
        if n % TICK == 0:
            tick(n, total, progress, cancelled)
        cells = tuple(raw)
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        cells = _bounded_row(source, rownum, cells)
        kept += 1
        if kept > MAX_ROWS:
            raise RosterReadError(f"{source} 超过 {MAX_ROWS:,} 行,超出一份名册的上限;请按村组拆成几份分别导入")
        if header_at < 0:
            head.append((rownum, cells))
            if len(head) < _HEADER_SCAN:
                continue
            header_at, rows = _split_header(head)
            continue
        rows.append((rownum, cells))
    if header_at < 0:
        if not head:
            raise RosterReadError(f"{source} 中没有内容(表格是空的)")
        header_at, rows = _split_header(head)
    header_num, header_cells = next((r, c) for r, c in head if r == header_at)
    headers = tuple(cell_text(c) for c in header_cells)
    if any(looks_like_id(h) for h in headers):
        # No header row: the first row is a resident. Say so without repeating their data.
        raise RosterReadError(
            f"{source} 第{header_num}行像是居民信息而不是表头。请在名册最上面加一行表头"
            f"(姓名、身份证号、参保类别,可加户号、救助身份、所属区),或使用空白名册模板"
        )
    width = len(headers)
    fixed = tuple((r, c[:width] if len(c) >= width else c + (None,) * (width - len(c))) for r, c in rows)
    if progress is not None:
        progress(total or len(fixed), total or len(fixed))
    return RawTable(source, sheet, header_num, headers, fixed)


def _bounded_row(source: str, rownum: int, cells: tuple[object, ...]) -> tuple[object, ...]:
    """The row without empty cells beyond MAX_COLUMNS; a cell too long or too far right is refused."""
    # the row's repr is at least as long as its longest text (a character gives one or more), and
    # is built in C: a usual row of short cells is passed without a Python step per cell
    if len(cells) <= MAX_COLUMNS and len(repr(cells)) <= MAX_CELL_CHARS:
        return cells
    for column, cell in enumerate(cells, 1):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise RosterReadError(
                f"{source} 第{rownum}行第{column}列的格子有 {len(cell):,} 个字符,超过 {MAX_CELL_CHARS:,} 个的上限;"
                "请检查这一格(可能是引号不成对,把后面的内容都并进了这一格)"
            )
    if len(cells) > MAX_COLUMNS:
        if any(c is not None and str(c).strip() for c in cells[MAX_COLUMNS:]):
            raise RosterReadError(f"{source} 第{rownum}行在第{MAX_COLUMNS}列以后还有内容,名册最多 {MAX_COLUMNS} 列")
        cells = cells[:MAX_COLUMNS]
    return cells


def _best_sheet(heads: Sequence[Sequence[Sequence[object]]]) -> int:
    """The first sheet whose top rows name the most fields: the roster, not a 说明 sheet."""
    scores = [max((len({header_field(c) for c in row} - {None}) for row in rows), default=0) for rows in heads]
    return scores.index(max(scores)) if scores else 0


def _split_header(
    head: list[tuple[int, tuple[object, ...]]],
) -> tuple[int, list[tuple[int, tuple[object, ...]]]]:
    """The header is the first row naming the most fields (at least two); failing that, the first
    of the widest rows (a title row above the header fills one cell only)."""
    best, best_score = -1, 1
    for i, (_, cells) in enumerate(head):
        score = len({header_field(c) for c in cells if header_field(c)})
        if score > best_score:
            best, best_score = i, score
    if best < 0:
        widths = [sum(1 for c in cells if c is not None and str(c).strip()) for _, cells in head]
        best = widths.index(max(widths))
    return head[best][0], head[best + 1 :]


def _sniff_kind(path: Path) -> str:
    """xlsx / xls / csv from the file's first bytes: WPS often saves one under the other's name."""
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"PK\x03\x04"):
        return "xlsx"
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    return "csv"


def read_table(
    path: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> RawTable:
    """Read the first sheet of an .xlsx/.xls, or a .csv in UTF-8 (with or without BOM) or GBK."""
    p = Path(path)
    if p.is_dir():
        raise RosterReadError(f"{p.name} 是一个文件夹,不是名册文件;请选择文件夹里的 Excel 或 CSV 文件")
    if not p.is_file():
        raise RosterReadError(f"找不到文件 {p.name}")
    suffix = p.suffix.lower()
    if suffix not in {".xlsx", ".xlsm", ".xls", ".csv", ".txt"}:
        raise RosterReadError(f"{p.name}:不支持的文件类型,请用 Excel(.xlsx/.xls)或 CSV 文件")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RosterReadError(
                f"{p.name} 有 {size // 1_000_000} MB,超过名册文件 {MAX_FILE_BYTES // 1_000_000} MB 的上限;"
                "请检查是否选错了文件,或按村组拆成几份"
            )
        kind = _sniff_kind(p)
        if kind in ("xlsx", "xls"):
            # in a child process under a hard memory and time limit (isolate.py): whatever slips
            # past the checks of the workbook costs the child, never the window or the command
            from desktop.core.roster import isolate

            if isolate.IN_PROCESS:
                return read_workbook_here(p, kind, progress, cancelled)
            table: RawTable = isolate.read_workbook_isolated(p, kind, progress, cancelled)
            return table
        if suffix in {".xlsx", ".xlsm", ".xls"}:
            raise RosterReadError(f"{p.name} 不是有效的 Excel 文件(可能已损坏),请用 Excel 或 WPS 打开后另存为 .xlsx")
        return _read_csv(p, progress, cancelled)
    except (RosterReadError, RosterCancelled):
        raise
    except OSError as exc:
        raise RosterReadError(f"无法读取 {p.name}:{os_reason(exc)}") from None
    except BaseException as exc:
        # calamine raises many kinds of errors on a damaged file, and a panic inside it arrives as
        # pyo3's PanicException, a BaseException: the clerk needs one sentence either way
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # KeyboardInterrupt, SystemExit
        raise RosterReadError(f"{p.name} 已损坏或不是名册表格,无法读取;请用 Excel 或 WPS 打开检查后另存") from None


def read_workbook_here(p: Path, kind: str, progress: Progress | None, cancelled: CancelCheck | None) -> RawTable:
    """:func:`_read_workbook` with its errors said as :func:`read_table` says them; run by the
    child process of isolate.py (and by nothing else: calamine is only ever asked there)."""
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise RosterReadError(f"{p.name} 超过名册文件 {MAX_FILE_BYTES // 1_000_000} MB 的上限")
        return _read_workbook(p, kind, progress, cancelled)
    except (RosterReadError, RosterCancelled, MemoryError):
        raise
    except OSError as exc:
        raise RosterReadError(f"无法读取 {p.name}:{os_reason(exc)}") from None
    except BaseException as exc:
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        raise RosterReadError(f"{p.name} 已损坏或不是名册表格,无法读取;请用 Excel 或 WPS 打开检查后另存") from None


def _read_workbook(p: Path, kind: str, progress: Progress | None, cancelled: CancelCheck | None) -> RawTable:
    """An .xlsx/.xlsm (``kind`` "xlsx") or .xls ("xls") through python-calamine, the best sheet of it."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    data = p.read_bytes()  # at most MAX_FILE_BYTES, checked by the caller
    damaged = False
    if kind == "xls":
        try:
            check_xls(data)  # every sheet's area and their total, before calamine sizes anything
        except WorkbookTooLarge as exc:
            raise RosterReadError(f"{p.name} {exc.message}") from None
    errors: dict[str, ErrorCells] = {}  # by sheet name: the error cells calamine reads as empty
    if kind == "xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                by_part = check_package(archive, max_columns=MAX_COLUMNS)
                errors = sheet_errors(archive, by_part) if by_part else {}
                refused = parts_calamine_refuses(by_part)
                if refused:  # #SPILL! and the like: calamine would call the whole file damaged
                    data = calamine_readable(archive, refused)
                # no sheets and no workbook part: damaged, not empty (calamine calls it empty)
                damaged = not any(n.lower().endswith("workbook.xml") for n in archive.namelist())
        except zipfile.BadZipFile:
            raise RosterReadError(f"{p.name} 不是有效的 Excel 文件(可能已损坏)") from None
        except WorkbookTooLarge as exc:
            raise RosterReadError(f"{p.name} {exc.message}") from None
    # a file object, not the path: calamine then goes by the content, not by the name (WPS saves
    # one format under the other's suffix)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        if not names and damaged:
            raise RosterReadError(f"{p.name} 已损坏或不是名册表格,无法读取;请用 Excel 或 WPS 打开检查后另存")
        if not names:
            raise RosterReadError(f"{p.name} 中没有工作表")

        def rows(sheet: Any) -> Iterator[tuple[int, tuple[object, ...]]]:
            marks = errors.get(sheet.name)
            return with_errors(_sheet_rows(sheet, kind), marks) if marks else _sheet_rows(sheet, kind)

        # one sheet in memory at a time: its top rows are kept, the sheet itself let go
        heads = [_head(rows(book.get_sheet_by_name(name)), _HEADER_SCAN) for name in names]
        index = _best_sheet(heads)
        sheet = book.get_sheet_by_name(names[index])
        total = sheet.start[0] + sheet.height if sheet.start is not None else 0
        return _to_table(p.name, sheet.name, rows(sheet), total, progress, cancelled)
    finally:
        book.close()


_NONE_FOR_EMPTY: dict[object, object] = {"": None}


def _sheet_rows(sheet: Any, kind: str) -> Iterator[tuple[int, tuple[object, ...]]]:
    """(row number, cells) of every row down to the last value, as the old readers gave them.

    calamine gives "" for an empty cell (None here, as Excel has nothing there) and pads rows from
    row 1 but columns only from the first used one (padded here). An .xlsx row ends at its last
    value (the header's width is what the file shows); an .xls row keeps the sheet's width and a
    TRUE/FALSE cell reads 1/0, as xlrd gave them: the summaries and exports stay what they were.
    """
    if sheet.start is None:  # an empty sheet
        return
    pad: tuple[object, ...] = (None,) * sheet.start[1]
    for number, row in enumerate(sheet.iter_rows(), 1):
        cells = pad + tuple(map(_NONE_FOR_EMPTY.get, row, row))  # in C: "" -> None, the rest as it is
        if kind == "xls":
            cells = tuple(int(c) if c.__class__ is bool else c for c in cells)
        else:
            end = len(cells)
            while end and cells[end - 1] is None:
                end -= 1
            cells = cells[:end]
        yield number, cells


def _head(rows: Iterator[tuple[int, tuple[object, ...]]], count: int) -> list[tuple[object, ...]]:
    """The first ``count`` rows holding anything: where a header would be."""
    out: list[tuple[object, ...]] = []
    for _, cells in rows:
        if any(c is not None for c in cells):
            out.append(cells)
            if len(out) == count:
                break
    return out


def decode_text(raw: bytes) -> str:
    """UTF-8 (BOM or not) first; otherwise GB18030, the superset of GBK that WPS and old Excel write."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise RosterReadError("CSV 文件的编码无法识别(应为 UTF-8 或 GBK),请用 Excel 或 WPS 另存为 .xlsx") from None


def _read_csv(p: Path, progress: Progress | None, cancelled: CancelCheck | None) -> RawTable:
    text = decode_text(p.read_bytes())
    # Counted in C before any line is split off: Excel and WPS write at most 1,048,576 rows, and
    # millions of blank lines would otherwise take a Python step (and an object) each
    breaks = sum(text.count(c) for c in _LINE_BREAKS) - text.count("\r\n")
    if breaks > _SPREADSHEET_ROWS:
        raise RosterReadError(
            f"{p.name} 有 {breaks:,} 行(其中多是空行),超过表格软件 {_SPREADSHEET_ROWS:,} 行的上限,不是名册;"
            "请检查是否选错了文件"
        )
    lines = text.splitlines()
    # judged on the top lines together: a title line above the header has no delimiter at all
    top = "\n".join(lines[:_HEADER_SCAN])
    delimiter = max((",", "\t", ";"), key=top.count)
    # Before the csv module builds a list of every field: a line of millions of delimiters is no
    # spreadsheet's (Excel stops at 16,384 columns, and pads a CSV only to the columns in use).
    for number, line in enumerate(lines, 1):
        if line.count(delimiter) >= _SPREADSHEET_COLUMNS:
            raise RosterReadError(
                f"{p.name} 第{number}行有 {line.count(delimiter) + 1:,} 列,超过表格软件的上限,不是名册;请检查是否选错了文件"
            )
    # strict: a quote that is never closed, or closed in mid-cell, is an error instead of the
    # rest of the file silently swallowed into one cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    total = text.count("\n") + 1
    start = [1]

    def numbered() -> Iterator[tuple[int, list[str | None]]]:
        for rec in reader:
            # reader.line_num is the file line a record ends on; the row is where it starts
            first, start[0] = start[0], reader.line_num + 1
            if any("\n" in c or "\r" in c for c in rec):
                raise RosterReadError(
                    f"{p.name} 第{first}行有一个格子跨了几行(第{first}-{reader.line_num}行):多半是引号不成对,"
                    "把下面几行并进了一个格子;请用 Excel 或 WPS 打开检查这几行后另存"
                )
            # reader.line_num is the file line a record ends on: the row number the clerk sees in Excel
            yield reader.line_num, [c if c.strip() else None for c in rec]

    try:
        return _to_table(p.name, p.stem, numbered(), total, progress, cancelled)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise RosterReadError(
                f"{p.name} 第{start[0]}行起有一个格子超过 {csv.field_size_limit():,} 个字符,远超名册的格子;"
                "多半是引号不成对,把后面的内容都并进了这一格,请用 Excel 或 WPS 打开检查"
            ) from None
        raise RosterReadError(
            f"{p.name} 第{start[0]}行起的引号不成对(或引号后面紧跟着别的字),无法分清格子;"
            "请用 Excel 或 WPS 打开检查这一行后另存"
        ) from None
