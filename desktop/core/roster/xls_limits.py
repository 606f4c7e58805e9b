"""Limits of an .xls (BIFF5/BIFF8 in an OLE compound file), checked before python-calamine reads it.

calamine builds each worksheet as one dense block, sized by the sheet's DIMENSIONS record and by
the cells it finds: a 5 KB file with one value at row 65,536, column 256 (or a DIMENSIONS record
claiming four billion rows) asks for hundreds of megabytes per sheet, and sixteen such sheets for
gigabytes. So the compound file's own tables are read here (bounded by the file's size), the
workbook stream is walked record by record (no object per cell), and every sheet's area and the
workbook's total are checked against the limits of an .xlsx (xlsx_limits) before calamine starts.
"""

from __future__ import annotations

import struct

from desktop.core.roster.xlsx_limits import MAX_AREA_CELLS, MAX_SHARED_STRINGS, MAX_TOTAL_AREA_CELLS, WorkbookTooLarge

_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
#: records holding one value: row (2 bytes), column (2 bytes), ...
_VALUE_RECORDS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x00D6, 0x0201})
_MULTI_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first column, ..., last column
_DIMENSIONS = 0x0200
_BOF = 0x0809
_SST = 0x00FC
#: BIFF8's own grid: 65,536 rows and 256 columns
XLS_ROWS = 65_536
XLS_COLUMNS = 256


class _Damaged(Exception):
    pass


def _damaged() -> WorkbookTooLarge:
    return WorkbookTooLarge("不是有效的 Excel 文件(结构已损坏,可能是损坏或恶意的文件)")


def workbook_stream(data: bytes) -> bytes:
    """The ``Workbook`` (BIFF8) or ``Book`` (BIFF5) stream of a compound file; WorkbookTooLarge
    (damaged) when the file's tables do not hold together. Every chain is bounded by the number
    of sectors the file has, so a loop in the tables ends."""
    try:
        return _workbook_stream(data)
    except (_Damaged, struct.error, IndexError, ValueError, OverflowError):
        raise _damaged() from None


def _workbook_stream(data: bytes) -> bytes:
    if len(data) < 512 or not data.startswith(_MAGIC):
        raise _Damaged
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise _Damaged
    size = 1 << sector_shift
    fat_count, dir_start = struct.unpack_from("<II", data, 0x2C)
    (cutoff,) = struct.unpack_from("<I", data, 0x38)
    minifat_start, minifat_count, difat_start, difat_count = struct.unpack_from("<IIII", data, 0x3C)
    sectors = (len(data) - size) // size + 1
    if fat_count > sectors or difat_count > sectors or minifat_count > sectors:
        raise _Damaged

    def sector(n: int) -> bytes:
        if n >= sectors:
            raise _Damaged
        start = size * (n + 1)
        return data[start : start + size]

    fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
    n, seen = difat_start, 0
    while n not in (_END, _FREE) and seen < difat_count:
        block = sector(n)
        words = struct.unpack(f"<{size // 4}I", block)
        fat_sectors.extend(words[:-1])
        n, seen = words[-1], seen + 1
    fat: list[int] = []
    for n in fat_sectors[:fat_count]:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(n)))

    def chain(first: int, table: list[int], limit: int) -> list[int]:
        out: list[int] = []
        n = first
        while n not in (_END, _FREE):
            if n >= len(table) or len(out) > limit:
                raise _Damaged
            out.append(n)
            n = table[n]
        return out

    directory = b"".join(sector(n) for n in chain(dir_start, fat, sectors))
    entries = []
    for at in range(0, len(directory) - 127, 128):
        name_len = struct.unpack_from("<H", directory, at + 0x40)[0]
        name = directory[at : at + max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
        kind = directory[at + 0x42]
        start, stream_size = struct.unpack_from("<IQ", directory, at + 0x74)
        entries.append((name, kind, start, stream_size))
    if not entries:
        raise _Damaged
    root = entries[0]
    wanted = next((e for e in entries if e[1] == 2 and e[0] in ("Workbook", "Book")), None)
    if wanted is None:
        raise _Damaged
    _, _, start, stream_size = wanted
    if stream_size > len(data):
        raise _Damaged  # a stream cannot be larger than the file holding it
    if stream_size < cutoff:
        minifat: list[int] = []
        for n in chain(minifat_start, fat, sectors):
            minifat.extend(struct.unpack(f"<{size // 4}I", sector(n)))
        mini = b"".join(sector(n) for n in chain(root[2], fat, sectors))
        blocks = chain(start, minifat, len(minifat))
        stream = b"".join(mini[64 * n : 64 * n + 64] for n in blocks)
    else:
        stream = b"".join(sector(n) for n in chain(start, fat, sectors))
    return stream[:stream_size]


def check_xls(data: bytes) -> None:
    """Refuse an .xls whose sheets (by their DIMENSIONS records and by their cells), or all of
    them together, span more cells than any roster, or that declares more shared strings than
    the limit; before calamine sizes anything by them."""
    stream = workbook_stream(data)
    total = 0
    sheet = -1  # the first BOF opens the workbook's globals, the next ones its sheets (1, 2, ...)
    rows = columns = 0
    dim_rows = dim_columns = 0
    at, end = 0, len(stream)

    def close() -> int:
        area = max(rows * columns, dim_rows * dim_columns)
        if area > MAX_AREA_CELLS:
            raise WorkbookTooLarge(
                f"第{sheet}个表格用到的区域({max(rows, dim_rows):,} 行 × {max(columns, dim_columns)} 列)"
                "超出一份名册的上限(可能是损坏或恶意的文件);请删除表格下方和右侧多余的内容后另存"
            )
        return area

    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4 : at + 4 + length]
        at += 4 + length
        if kind == _BOF:
            total += close()
            sheet += 1
            rows = columns = dim_rows = dim_columns = 0
        elif kind in _VALUE_RECORDS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind in _MULTI_RECORDS and len(body) >= 6:
            row, _first = struct.unpack_from("<HH", body)
            (last,) = struct.unpack_from("<H", body, len(body) - 2)
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == _DIMENSIONS:
            if len(body) >= 14:  # BIFF8: rows as 4 bytes
                first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
            elif len(body) >= 10:  # BIFF5
                first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
            else:
                continue
            dim_rows = max(dim_rows, last_row - first_row if last_row > first_row else 0, last_row)
            dim_columns = max(dim_columns, last_col)
        elif kind == _SST and len(body) >= 8:
            _total, unique = struct.unpack_from("<II", body)
            if unique > MAX_SHARED_STRINGS:
                raise WorkbookTooLarge(f"声明有 {unique:,} 个不同的文字,超出一份名册的上限(可能是损坏或恶意的文件)")
        if total > MAX_TOTAL_AREA_CELLS:
            break
    total += close()
    if total > MAX_TOTAL_AREA_CELLS:
        raise WorkbookTooLarge(
            f"各个表格用到的区域合计超过 {MAX_TOTAL_AREA_CELLS:,} 个格子,超出一份名册的上限"
            "(可能是损坏或恶意的文件);请只保留名册所在的表格后另存"
        )
