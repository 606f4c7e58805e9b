"""Excel error values (#N/A, #DIV/0! …) of an .xlsx given back as their text.

python-calamine reads an error cell as empty; the reader before it gave the error's text, so a
row whose 参保类别 is a failed lookup said 参保类别“#N/A”无法识别, not 缺少参保类别, and a clerk
sees where the spreadsheet went wrong. The cells are kept by worksheet part while the package is
scanned for its limits (xlsx_limits); here the workbook's own lists say which sheet each part is,
and the texts are put into calamine's rows. (An .xls error cell read as empty before too: xlrd's
error cells were taken as empty, and calamine gives them empty.)

calamine knows only the seven classic error values: a newer one (#SPILL! and #CALC! of Excel's
dynamic arrays, #GETTING_DATA …) makes it refuse the whole file. A package holding one is copied
part by part, those values written as #N/A, before calamine reads it; their texts come back here.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import shutil
import zipfile
from collections.abc import Iterator

from desktop.core.roster.xlsx_limits import ErrorCells

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: the error values calamine reads (as empty); any other makes it refuse the file
CALAMINE_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
# a cell whose open tag says t="e" (not a self-closed one), its content, its close tag
_ERROR_CELL = re.compile(rb"""(<(?:\w+:)?c\s[^>]*?\bt\s*=\s*["']e["'][^>]*(?<!/)>)(.*?)(</(?:\w+:)?c>)""", re.S)
_ERROR_VALUE = re.compile(rb"(<(?:\w+:)?v(?:\s[^>]*)?>)[^<]*(</(?:\w+:)?v>)")
_WORKSHEET_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")
_CHUNK = 1 << 22


def _attributes(tag: bytes) -> dict[str, str]:
    """A tag's attributes by local name (``r:id`` is ``id``), their values unescaped."""
    out: dict[str, str] = {}
    for name, double, single in _ATTRIBUTE.findall(tag):
        value = (double or single).decode("utf-8", "replace")
        out[name.decode("ascii", "replace").rpartition(":")[2]] = html.unescape(value) if "&" in value else value
    return out


def sheet_errors(archive: zipfile.ZipFile, by_part: dict[str, ErrorCells]) -> dict[str, ErrorCells]:
    """The error cells by sheet name (as calamine names the sheets), from those by part name.

    The workbook part and its relationships are small parts, already within the package's limits.
    """
    names = {n.lower(): n for n in archive.namelist()}
    book = next((n for n in archive.namelist() if n.lower().endswith("workbook.xml")), None)
    if book is None:
        return {}
    folder, base = posixpath.split(book)
    rels = names.get(posixpath.join(folder, "_rels", base + ".rels").lower())
    if rels is None:
        return {}
    targets: dict[str, str] = {}
    for tag in _RELATIONSHIP.finditer(archive.read(rels)):
        found = _attributes(tag.group(1))
        target = found.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        targets[found.get("Id", "")] = part.lower()
    parts = {name.lower(): cells for name, cells in by_part.items()}
    out: dict[str, ErrorCells] = {}
    for tag in _SHEET.finditer(archive.read(book)):
        found = _attributes(tag.group(1))
        cells = parts.get(targets.get(found.get("id", ""), ""))
        if cells and "name" in found:
            out[found["name"]] = cells
    return out


def with_errors(
    rows: Iterator[tuple[int, tuple[object, ...]]], errors: ErrorCells
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """calamine's rows with the error texts in their cells (a row is widened to reach one)."""
    for number, cells in rows:
        marks = errors.get(number)
        if marks:
            out = list(cells)
            out.extend([None] * (max(column for column, _ in marks) - len(out)))
            for column, text in marks:
                out[column - 1] = text
            cells = tuple(out)
        yield number, cells


def parts_calamine_refuses(by_part: dict[str, ErrorCells]) -> set[str]:
    """The worksheet parts holding an error value calamine does not know."""
    return {
        part
        for part, cells in by_part.items()
        if any(text not in CALAMINE_ERRORS for marks in cells.values() for _, text in marks)
    }


def _as_na(cell: re.Match[bytes]) -> bytes:
    return cell.group(1) + _ERROR_VALUE.sub(rb"\1#N/A\2", cell.group(2)) + cell.group(3)


def calamine_readable(archive: zipfile.ZipFile, parts: set[str]) -> bytes:
    """The package again, every error value of ``parts`` written as #N/A (a value calamine reads).

    Streamed part by part and, within a worksheet, a block of whole rows at a time: memory stays
    within the chunk and the longest row, as for the limits' scan; the parts' sizes were checked."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in archive.infolist():
            with archive.open(info) as src, copy.open(info.filename, "w") as dst:
                if info.filename not in parts:
                    shutil.copyfileobj(src, dst, _CHUNK)
                    continue
                rest = b""
                row_end = b""
                while chunk := src.read(_CHUNK):
                    rest += chunk
                    if not row_end:
                        found = _WORKSHEET_PREFIX.search(rest)
                        row_end = b"</" + ((found.group(1) or b"") if found else b"") + b"row>"
                    end = rest.rfind(row_end)
                    if end >= 0:
                        end += len(row_end)
                        dst.write(_ERROR_CELL.sub(_as_na, rest[:end]))
                        rest = rest[end:]
                dst.write(_ERROR_CELL.sub(_as_na, rest))
    return out.getvalue()
