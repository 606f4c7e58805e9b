"""Limits of an .xlsx/.xlsm package, checked before python-calamine reads any of it.

calamine reads a worksheet into one dense block of (rows spanned) × (columns spanned) cells: a
single stray value at XFD1048576 asks for some 17 billion of them, and the process dies (an
allocation failure aborts; no exception reaches Python). A zip also holds a gigabyte of XML in a
megabyte. So the declared sizes of the parts, the number of shared strings and every worksheet's
rows and cells are checked here first, by scanning the bytes as they are unpacked (no XML parser,
no object per cell), and a file beyond any roster is refused with a Chinese message.

The same scan keeps the cells holding an Excel error value (``t="e"``: #N/A, #DIV/0! …), which
calamine reads as empty: the reader before it gave their text, and the roster's messages quote
it (参保类别“#N/A”无法识别). Only a block of rows that holds one is looked at cell by cell.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile


class WorkbookTooLarge(Exception):
    """A part or a count beyond any real roster: refused before calamine reads the file.

    A zip's declared sizes are what zipfile will unpack at most, so they are checked first.
    ``message`` is Chinese.
    """

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


#: one worksheet's XML, unpacked: scanned in chunks, never held; a 60,000-row roster is about 30 MB
MAX_SHEET_BYTES = 200_000_000
#: any other part (shared strings, styles, workbook), unpacked
MAX_PART_BYTES = 30_000_000
#: all parts together, unpacked
MAX_PACKAGE_BYTES = 400_000_000
#: distinct strings of the workbook (a roster has a few per row)
MAX_SHARED_STRINGS = 500_000
#: rows of a worksheet, empty ones included, and cells of one row: Excel's own limits
MAX_ROWS = 1_048_576
_EXCEL_COLUMNS = 16_384
#: the block calamine builds, rows × columns up to the last value: 60,000 rows of 50 columns or
#: 15,000 of 200 (a real roster has about ten columns). Measured (tools/bench_roster_limits.py):
#: about 75 bytes and 2 µs a cell, all told; 3 million cells stay under the budget of 500 MB and
#: 10 s, 12 million (this limit before) took 900 MB and 28 s
MAX_AREA_CELLS = 3_000_000
#: all the sheets of a workbook together (calamine is asked for every sheet, to find the roster
#: among them): the largest roster and a 说明 sheet beside it
MAX_TOTAL_AREA_CELLS = 3_500_000
#: cells holding an error value, in all sheets: a failed lookup column gives one a row, so this is
#: a few such columns of a 60,000-row roster; each is kept until calamine's rows are read
MAX_ERROR_CELLS = 200_000
#: bytes of one error value: Excel's longest (#GETTING_DATA) has 13
MAX_ERROR_BYTES = 64

#: the error cells of one worksheet: row number -> [(column number, the error's text)]
ErrorCells = dict[int, list[tuple[int, str]]]

_CHUNK = 1 << 22
_SI = re.compile(rb"<(?:\w+:)?si[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_CELL_WHOLE = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_CELL_COLUMN = re.compile(rb'\br="([A-Z]{1,3})\d*"')
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)[\s>]")
_ERROR_MARKS = (b't="e"', b"t='e'")
_ERROR_TYPE = re.compile(rb"""\bt\s*=\s*["']e["']""")
_ANY_CELL_COLUMN = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})\d*["']""")
_VALUE_TEXT = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>([^<]*)</(?:\w+:)?v>")


def check_package(archive: zipfile.ZipFile, *, max_columns: int) -> dict[str, ErrorCells]:
    """Refuse a package whose parts unpack to more than any roster needs, before calamine reads it;
    a value beyond ``max_columns`` is refused here too (formatted empty cells there are common).

    Returns the error cells of each worksheet part holding any, by the part's name in the zip."""
    # spreadsheet programs store parts plain or deflated; any other method (bzip2, lzma, …) is not
    # theirs, and the executable carries no decoder for it: refused before a part is opened
    for info in archive.infolist():
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookTooLarge(f"其中的 {info.filename[-60:]} 用了表格软件不用的压缩方式(可能是损坏或恶意的文件)")
    # a sheet stored outside worksheets/ (its path given by the relationships) gets the sheet's
    # limit, and is scanned below like any other
    sheets = sheet_parts(archive)
    total = 0
    for info in archive.infolist():
        limit = MAX_SHEET_BYTES if info.filename in sheets else MAX_PART_BYTES
        if info.file_size > limit:
            raise WorkbookTooLarge(
                f"其中的 {info.filename[-60:]} 解压后有 {info.file_size // 1_000_000:,} MB,"
                f"超过 {limit // 1_000_000} MB 的上限(可能是损坏或恶意的文件)"
            )
        total += info.file_size
    if total > MAX_PACKAGE_BYTES:
        raise WorkbookTooLarge(
            f"解压后共有 {total // 1_000_000:,} MB,超过 {MAX_PACKAGE_BYTES // 1_000_000} MB 的上限(可能是损坏或恶意的文件)"
        )
    errors: dict[str, ErrorCells] = {}
    errors_allowed = MAX_ERROR_CELLS
    area = 0
    for info in archive.infolist():
        name = info.filename.lower()
        if name.endswith("sharedstrings.xml"):
            _check_shared_string_count(archive, info)
        elif info.filename in sheets:
            sheet = _SheetScan(max_columns, errors_allowed)
            sheet.scan(archive, info)
            area += sheet.value_row * sheet.value_columns
            if area > MAX_TOTAL_AREA_CELLS:
                raise WorkbookTooLarge(
                    f"各个表格用到的区域合计超过 {MAX_TOTAL_AREA_CELLS:,} 个格子,超出一份名册的上限"
                    "(可能是损坏或恶意的文件);请只保留名册所在的表格后另存"
                )
            if sheet.errors:
                errors[info.filename] = sheet.errors
                errors_allowed -= sheet.error_count
    return errors


_TARGET = re.compile(rb"""<(?:\w+:)?Relationship\b[^>]*?\bTarget\s*=\s*["']([^"']*)["']""")
_OFFICE_DOCUMENT = re.compile(
    rb"""<(?:\w+:)?Relationship\b(?=[^>]*officeDocument)[^>]*?\bTarget\s*=\s*["']([^"']*)["']"""
)
_SHEET_ROOT = re.compile(rb"<(?:\w+:)?(?:worksheet|sheetData|chartsheet|dialogsheet)\b")
#: how much of a part is looked at for a worksheet's root tag
_SNIFF = 1 << 16


def _resolve(base: str, target: str) -> str:
    """A relationship's target as a part name: relative to the folder of the part it belongs to,
    or from the package root when it starts with a slash."""
    target = target.replace("\\", "/")
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(joined).lstrip("/")


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as src:
        return src.read(MAX_PART_BYTES)


def sheet_parts(archive: zipfile.ZipFile) -> set[str]:
    """The part names of every sheet the workbook may name, wherever the package stores them:
    every target of the workbook's relationships (found from the package's own relationships, and
    at the usual ``xl/workbook.xml``) that is not one of its known non-sheet parts, every part
    under a ``worksheets/`` folder, and every part whose first bytes open a worksheet. Names
    are matched without regard to case, as the readers of a zip do."""
    by_lower = {info.filename.lower(): info for info in archive.infolist()}
    found: set[str] = set()
    workbooks = {"xl/workbook.xml"}
    root_rels = by_lower.get("_rels/.rels")
    if root_rels is not None:
        for target in _OFFICE_DOCUMENT.findall(_read_small(archive, root_rels)):
            workbooks.add(_resolve("", target.decode("utf-8", "replace")).lower())
    for workbook in workbooks:
        folder, name = posixpath.split(workbook)
        rels = by_lower.get(posixpath.join(folder, "_rels", name + ".rels"))
        if rels is None:
            continue
        for target in _TARGET.findall(_read_small(archive, rels)):
            part = by_lower.get(_resolve(folder, target.decode("utf-8", "replace")).lower())
            if part is not None and not _NOT_A_SHEET.search(part.filename.lower()):
                found.add(part.filename)
    for lower, info in by_lower.items():
        if lower.endswith(".rels") or info.filename in found:
            continue
        if "/worksheets/" in "/" + lower:
            found.add(info.filename)
            continue
        if info.is_dir() or _NOT_A_SHEET.search(lower):
            continue
        with archive.open(info) as src:
            head = src.read(_SNIFF)
        if _SHEET_ROOT.search(head):
            found.add(info.filename)
    return found


#: parts a workbook's relationships name that are not sheets (their content is checked otherwise)
_NOT_A_SHEET = re.compile(
    r"(sharedstrings|styles|theme\d*|calcchain|vbaproject|connections|externallink\d*|metadata|volatiledependencies)"
    r"\.(xml|bin)$|/(media|printersettings|customxml|pivotcache)/"
)


def _check_shared_string_count(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Count the strings by scanning the bytes (bounded by the part limit), before calamine builds
    an object for each; a tag split across two chunks is missed, which a limit can afford."""
    count = 0
    with archive.open(info) as src:
        while chunk := src.read(1 << 20):
            count += len(_SI.findall(chunk))
            if count > MAX_SHARED_STRINGS:
                raise WorkbookTooLarge(
                    f"有超过 {MAX_SHARED_STRINGS:,} 个不同的文字,超出一份名册的上限(可能是损坏或恶意的文件)"
                )


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class _SheetScan:
    """One worksheet's rows, counted chunk by chunk: the last row with a value and the widest
    column holding one give the block calamine will build."""

    def __init__(self, max_columns: int, errors_allowed: int = MAX_ERROR_CELLS):
        self.max_columns = max_columns
        self.errors: ErrorCells = {}
        self.error_count = 0
        self.errors_allowed = errors_allowed
        self.error_texts: dict[bytes, str] = {}  # one str per distinct error value
        self.last_row = 0  # the last row number seen
        self.rows_seen = 0
        self.value_row = 0  # the last row holding a value
        self.value_columns = 0  # the widest column holding a value
        self.row_end = b"</row>"
        self.fast: tuple[tuple[bytes, ...], tuple[bytes, ...], re.Pattern[bytes], re.Pattern[bytes]] | None = None

    def scan(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        rest = b""
        pending = 0  # cells of the row still open at the end of what was read
        with archive.open(info) as src:
            while chunk := src.read(_CHUNK):
                if not rest and self.fast is None:
                    self._prefix(chunk)
                rest += chunk
                end = rest.rfind(self.row_end)
                if end >= 0:
                    end += len(self.row_end)
                    self._rows(rest[:end])
                    rest = rest[end:]
                    pending = len(_CELL.findall(rest))
                else:
                    pending += len(_CELL.findall(chunk))
                if pending > _EXCEL_COLUMNS:
                    self._too_many_cells(self.last_row + 1)
        self._rows(rest)
        if self.value_row * self.value_columns > MAX_AREA_CELLS:
            raise WorkbookTooLarge(
                f"第{self.value_row}行还有内容,表格用到的区域({self.value_row:,} 行 × {self.value_columns} 列)"
                f"超出一份名册的上限;请删除表格下方多余的内容后另存"
            )

    def _prefix(self, chunk: bytes) -> None:
        """The namespace prefix the part writes its tags with ("" or "x:"): the fast counts below
        look for literal tags, which the regular expressions' scanner finds far faster."""
        found = re.search(rb"<(\w+:)?worksheet\b", chunk)
        p = (found.group(1) or b"") if found else b""
        self.row_end = b"</" + p + b"row>"
        self.fast = (
            (b"<" + p + b"c ", b"<" + p + b"c>", b"<" + p + b"c/>"),
            (b"<" + p + b"row ", b"<" + p + b"row>"),
            re.compile(b"<" + re.escape(p) + rb'c r="([A-Z]{1,3})\d'),
            re.compile(b"<" + re.escape(p) + rb'row r="(\d+)"'),
        )

    def _too_many_cells(self, row: int) -> None:
        raise WorkbookTooLarge(f"第{row}行有超过 {_EXCEL_COLUMNS:,} 个格子,超出表格软件的上限(可能是损坏或恶意的文件)")

    def _rows(self, block: bytes) -> None:
        """Whole-block counts first (a few scans in C, no Python per cell); row by row only when
        they cannot settle it: cells without a reference, a cell beyond ``max_columns``, or a
        row so far down that the block calamine builds could be too large."""
        if self.fast is None:
            self._prefix(block)
        assert self.fast is not None
        if _ERROR_MARKS[0] in block or _ERROR_MARKS[1] in block:
            self._errors(block)  # before the counts below move last_row past the block
        cell_tags, row_tags, cell_columns, row_numbers = self.fast
        cells = sum(block.count(tag) for tag in cell_tags)
        letters = cell_columns.findall(block)
        numbers = row_numbers.findall(block)
        if len(letters) == cells and len(numbers) == sum(block.count(tag) for tag in row_tags) and numbers:
            widest = max(map(_column_number, set(letters)), default=0)
            lowest = max(map(int, numbers))
            rows_seen = self.rows_seen + len(numbers)
            width = max(widest, self.value_columns)
            if widest <= self.max_columns and lowest <= MAX_ROWS and rows_seen <= MAX_ROWS:
                if lowest * width <= MAX_AREA_CELLS:
                    # rows with no value are counted too: an over-estimate that stays in bounds
                    self.rows_seen, self.last_row = rows_seen, int(numbers[-1])
                    self.value_row, self.value_columns = max(self.value_row, lowest), width
                    return
        self._rows_one_by_one(block)

    def _rows_one_by_one(self, block: bytes) -> None:
        for row in _ROW.finditer(block):
            found = _ROW_NUMBER.search(row.group(1))
            number = int(found.group(1)) if found else self.last_row + 1
            self.last_row = number
            self.rows_seen += 1
            if self.rows_seen > MAX_ROWS or number > MAX_ROWS:
                raise WorkbookTooLarge(f"超过 {MAX_ROWS:,} 行,超出表格软件的上限(可能是损坏或恶意的文件)")
            body = row.group(2)
            if not body:
                continue
            cells = len(_CELL.findall(body))
            if cells > _EXCEL_COLUMNS:
                self._too_many_cells(number)
            if _VALUE.search(body) is None:
                continue
            letters = set(_CELL_COLUMN.findall(body))
            widest = max(map(_column_number, letters)) if letters else cells
            if widest > self.max_columns:
                widest = self._columns_with_values(body, number)
            self.value_row = max(self.value_row, number)
            self.value_columns = max(self.value_columns, widest)

    def _columns_with_values(self, body: bytes, number: int) -> int:
        """The widest column holding a value, in a row that has cells beyond ``max_columns``."""
        widest = 0
        for position, cell in enumerate(_CELL_WHOLE.finditer(body), 1):
            found = _CELL_COLUMN.search(cell.group(1))
            column = _column_number(found.group(1)) if found else position
            if cell.group(2) and _VALUE.search(cell.group(2)):
                if column > self.max_columns:
                    raise WorkbookTooLarge(
                        f"第{number}行在第{self.max_columns}列以后还有内容,名册最多 {self.max_columns} 列"
                    )
                widest = max(widest, column)
        return widest

    def _errors(self, block: bytes) -> None:
        """Keep the error cells of a block of whole rows, numbered as calamine numbers them: a row
        or cell without its reference follows the one before it."""
        number = self.last_row
        for row in _ROW.finditer(block):
            found = _ROW_NUMBER.search(row.group(1))
            number = int(found.group(1)) if found else number + 1
            body = row.group(2)
            if not body or (_ERROR_MARKS[0] not in body and _ERROR_MARKS[1] not in body):
                continue
            column = 0
            for cell in _CELL_WHOLE.finditer(body):
                reference = _ANY_CELL_COLUMN.search(cell.group(1))
                column = _column_number(reference.group(1)) if reference else column + 1
                if cell.group(2) and _ERROR_TYPE.search(cell.group(1)):
                    value = _VALUE_TEXT.search(cell.group(2))
                    if value is not None and value.group(1):
                        self._keep_error(number, column, value.group(1))

    def _keep_error(self, row: int, column: int, raw: bytes) -> None:
        if len(raw) > MAX_ERROR_BYTES:
            raise WorkbookTooLarge(
                f"第{row}行有一个标为错误值的格子,内容却有 {len(raw):,} 个字节,"
                "不是 Excel 写的错误值(可能是损坏或恶意的文件)"
            )
        self.error_count += 1
        if self.error_count > self.errors_allowed:
            raise WorkbookTooLarge(
                f"有超过 {MAX_ERROR_CELLS:,} 个显示错误值(如 #N/A)的格子,超出一份名册的上限;"
                "请把公式算出的列复制后“粘贴为数值”,改正错误值后另存"
            )
        text = self.error_texts.get(raw)
        if text is None:
            # the XML's text as a parser gives it (&amp; and the like undone)
            text = raw.decode("utf-8", "replace")
            text = self.error_texts[raw] = html.unescape(text) if "&" in text else text
        self.errors.setdefault(row, []).append((column, text))
