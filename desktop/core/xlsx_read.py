"""A small streaming .xlsx reader: cell values row by row, as openpyxl's read-only mode gives them.

openpyxl builds an object for every shared string and parses every cell through its descriptor
machinery, and its read-only worksheet parses the whole sheet once more just to find its size
when the file does not record it: for a 10,000-row roster that was about half the import time.
This reader walks the same XML with ElementTree's C parser and gives the same values (strings,
int or float by openpyxl's rule, booleans, error codes, dates for date-formatted numbers, using
openpyxl's own date-format and serial-date helpers). Anything it does not recognise raises
``UnsupportedWorkbook`` and the caller falls back to openpyxl.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, fromstring, iterparse

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?\"")


class UnsupportedWorkbook(Exception):
    """Something this reader does not handle (strict OOXML, a missing part, ...): use openpyxl."""


class WorkbookTooLarge(Exception):
    """A part or a count beyond any real roster: refused before it is read (by either reader).

    A zip can hold a gigabyte of XML in a megabyte; its declared sizes are what zipfile will read
    at most, so they are checked first. ``message`` is Chinese.
    """

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


#: one worksheet's XML, unpacked: streamed, never held; a 60,000-row roster is about 30 MB
MAX_SHEET_BYTES = 200_000_000
#: any other part (shared strings, styles, workbook), unpacked: these are held in memory
MAX_PART_BYTES = 30_000_000
#: all parts together, unpacked
MAX_PACKAGE_BYTES = 400_000_000
#: distinct strings of the workbook (a roster has a few per row)
MAX_SHARED_STRINGS = 500_000
#: rows of a worksheet, empty ones included, and cells of one row: Excel's own limits
MAX_ROWS = 1_048_576
_EXCEL_COLUMNS = 16_384


def check_package(archive: zipfile.ZipFile) -> None:
    """Refuse a package whose parts unpack to more than any roster needs, before reading any."""
    total = 0
    for info in archive.infolist():
        limit = MAX_SHEET_BYTES if "/worksheets/" in info.filename else MAX_PART_BYTES
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
    for info in archive.infolist():
        if info.filename.lower().endswith("sharedstrings.xml"):
            _check_shared_string_count(archive, info)


_SI = re.compile(rb"<(?:\w+:)?si[\s>/]")


def _check_shared_string_count(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Count the strings by scanning the bytes (bounded by the part limit), before either reader
    builds an object for each; a tag split across two chunks is missed, which a limit can afford."""
    count = 0
    with archive.open(info) as src:
        while chunk := src.read(1 << 20):
            count += len(_SI.findall(chunk))
            if count > MAX_SHARED_STRINGS:
                raise WorkbookTooLarge(
                    f"有超过 {MAX_SHARED_STRINGS:,} 个不同的文字,超出一份名册的上限(可能是损坏或恶意的文件)"
                )


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _cast_number(text: str) -> int | float:
    """openpyxl's rule: an int unless the text has a decimal point or an exponent. A cell value as
    the spreadsheet holds it, never money: a roster carries no amounts, and the rest is text."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _text_of(element: Element) -> str:
    """The text of a shared or inline string: plain <t>, or the runs' <t>s; phonetic runs left out."""
    plain = element.find(f"{_MAIN}t")
    if plain is not None:
        return plain.text or ""
    return "".join(t.text or "" for r in element.iterfind(f"{_MAIN}r") for t in r.iterfind(f"{_MAIN}t"))


class Workbook:
    """The sheets of one .xlsx file, read on demand; ``close()`` (or ``with``) when done."""

    def __init__(self, fh: IO[bytes], *, max_columns: int | None = None):
        self._zip = zipfile.ZipFile(fh)
        self._max_columns = max_columns
        try:
            check_package(self._zip)
            self._names = set(self._zip.namelist())
            book_part = self._office_document()
            rels = self._rels(book_part)
            book = self._parse(book_part)
            if book.tag != f"{_MAIN}workbook":
                raise UnsupportedWorkbook(f"workbook root {book.tag}")
            pr = book.find(f"{_MAIN}workbookPr")
            self._epoch_1904 = pr is not None and pr.get("date1904") in ("1", "true")
            self.sheets: list[tuple[str, str]] = []
            for sheet in book.iterfind(f"{_MAIN}sheets/{_MAIN}sheet"):
                target = rels.get(sheet.get(f"{_REL}id", ""))
                if target is None or target[1] not in self._names:
                    raise UnsupportedWorkbook("sheet without its part")
                if target[0].endswith("/worksheet"):
                    self.sheets.append((sheet.get("name", ""), target[1]))
            by_type = {kind.rsplit("/", 1)[-1]: path for kind, path in rels.values()}
            self._shared = self._shared_strings(by_type.get("sharedStrings"))
            self._date_styles = self._styles(by_type.get("styles"))
        except BaseException:
            self._zip.close()
            raise

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ package parts

    def _parse(self, name: str) -> Element:
        return fromstring(self._zip.read(name))

    def _office_document(self) -> str:
        if "_rels/.rels" not in self._names:
            raise UnsupportedWorkbook("no package relationships")
        for rel in self._parse("_rels/.rels").iterfind(f"{_PKG_REL}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                name = rel.get("Target", "").lstrip("/")
                if name in self._names:
                    return name
        raise UnsupportedWorkbook("no workbook part")

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, part name) of one part."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self._names:
            raise UnsupportedWorkbook("no workbook relationships")
        out = {}
        for rel in self._parse(rels_name).iterfind(f"{_PKG_REL}Relationship"):
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", ""), name)
        return out

    def _shared_strings(self, name: str | None) -> list[str]:
        if name is None or name not in self._names:
            return []
        out: list[str] = []
        with self._zip.open(name) as src:
            for _, element in iterparse(src):
                if element.tag == f"{_MAIN}si":
                    out.append(_text_of(element))
                    element.clear()

        return out

    def _styles(self, name: str | None) -> frozenset[int]:
        """Indices of the cell formats (cellXfs) whose number format shows a date."""
        if name is None or name not in self._names:
            return frozenset()
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        root = self._parse(name)
        custom = {
            int(f.get("numFmtId", "-1")): f.get("formatCode", "")
            for f in root.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt")
        }
        dates = set()
        for i, xf in enumerate(root.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf")):
            fmt_id = int(xf.get("numFmtId", "0"))
            code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
            if code and is_date_format(code):
                dates.add(i)
        return frozenset(dates)

    # ------------------------------------------------------------------ cells

    def row_count_hint(self, sheet: int) -> int:
        """The last row the sheet says it uses (its <dimension>), or 0 when it does not say."""
        with self._zip.open(self.sheets[sheet][1]) as src:
            match = _DIMENSION.search(src.read(4096))
        return int(match.group(1)) if match and match.group(1) else 0

    def head(self, sheet: int, rows: int) -> list[tuple[object, ...]]:
        out = []
        for _, cells in self.rows(sheet):
            out.append(cells)
            if len(out) == rows:
                break
        return out

    def rows(self, sheet: int) -> Iterator[tuple[int, tuple[object, ...]]]:
        """(row number, cell values) of every row that has a cell, in file order."""
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        epoch = CALENDAR_MAC_1904 if self._epoch_1904 else CALENDAR_WINDOWS_1900
        shared, date_styles, max_columns = self._shared, self._date_styles, self._max_columns
        row_tag, cell_tag, v_tag, is_tag = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}is"
        last_row = 0
        rows_seen = 0
        pending = 0  # cells of the open row: ElementTree holds them until the row ends
        with self._zip.open(self.sheets[sheet][1]) as src:
            for _, element in iterparse(src):
                if element.tag == cell_tag:
                    pending += 1
                    if pending > _EXCEL_COLUMNS:
                        raise WorkbookTooLarge(
                            f"第{last_row + 1}行有超过 {_EXCEL_COLUMNS:,} 个格子,超出表格软件的上限(可能是损坏或恶意的文件)"
                        )
                    continue
                if element.tag != row_tag:
                    continue
                pending = 0
                number = int(element.get("r") or last_row + 1)
                last_row = number
                rows_seen += 1
                if rows_seen > MAX_ROWS:
                    raise WorkbookTooLarge(f"超过 {MAX_ROWS:,} 行,超出表格软件的上限(可能是损坏或恶意的文件)")
                values: list[object] = []
                for cell in element.iterfind(cell_tag):
                    ref = cell.get("r")
                    column = len(values) + 1
                    if ref:
                        match = _CELL_REF.match(ref)
                        if match is None:
                            raise UnsupportedWorkbook(f"cell reference {ref!r}")
                        column = _column_number(match.group(1))
                        if column <= len(values):
                            raise UnsupportedWorkbook("cells out of order")
                    if max_columns is not None and column > max_columns:
                        # a formatted but empty cell far right is common; content there is not
                        if cell.find(v_tag) is not None or cell.find(is_tag) is not None:
                            raise WorkbookTooLarge(
                                f"第{number}行在第{max_columns}列以后还有内容,名册最多 {max_columns} 列"
                            )
                        continue
                    values.extend([None] * (column - 1 - len(values)))
                    kind = cell.get("t", "n")
                    if kind == "inlineStr":
                        inline = cell.find(is_tag)
                        values.append(_text_of(inline) if inline is not None else None)
                        continue
                    v = cell.find(v_tag)
                    text = v.text if v is not None else None
                    if text is None:
                        values.append(None)
                    elif kind == "s":
                        values.append(shared[int(text)])
                    elif kind == "n":
                        number_value = _cast_number(text)
                        style = int(cell.get("s") or 0)
                        values.append(from_excel(number_value, epoch) if style in date_styles else number_value)
                    elif kind == "b":
                        values.append(text.strip() in ("1", "true"))
                    elif kind in ("str", "e"):
                        values.append(text)
                    else:  # "d" (ISO dates) and anything newer: leave to openpyxl
                        raise UnsupportedWorkbook(f"cell type {kind!r}")
                element.clear()
                yield number, tuple(values)
