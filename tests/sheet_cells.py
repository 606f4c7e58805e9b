"""Finding a cell of a written workbook, or of the window's table, by its column's header.

The tests never address a cell by its letter (``ws["K13"]``): a column added to the roster's list
of columns (desktop/core/roster/table_columns.py) moves the letters, never the headers.
"""

from __future__ import annotations

from typing import Any

#: how far down the header row is looked for (a title or a note may stand above it)
_HEADER_SEARCH = 10


def header_row(ws: Any, header: str) -> int:
    """The number of the first row holding ``header`` (the sheet's header row)."""
    for n, row in enumerate(ws.iter_rows(max_row=_HEADER_SEARCH, values_only=True), 1):
        if header in row:
            return n
    raise AssertionError(f"no header {header!r} in the first {_HEADER_SEARCH} rows of {ws.title}")


def column(ws: Any, header: str) -> int:
    """The number (from 1) of the column headed ``header``."""
    row = next(ws.iter_rows(min_row=header_row(ws, header), max_row=header_row(ws, header), values_only=True))
    return row.index(header) + 1


def letter(ws: Any, header: str) -> str:
    """The letter of the column headed ``header`` (for column widths)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(column(ws, header))


def row_where(ws: Any, header: str, value: object) -> int:
    """The number of the first row below the header row whose ``header`` cell holds ``value``."""
    col = column(ws, header)
    for n in range(header_row(ws, header) + 1, ws.max_row + 1):
        if ws.cell(row=n, column=col).value == value:
            return n
    raise AssertionError(f"no row with {header} = {value!r} in {ws.title}")


def cell(ws: Any, header: str, row: int) -> Any:
    """The cell of row ``row`` in the column headed ``header``."""
    return ws.cell(row=row, column=column(ws, header))


def records(ws: Any, first: str) -> list[dict[str, Any]]:
    """Each row of the table under the header row (the one holding ``first``) as {header: value}:
    up to the first empty row or the 合计 row (left out)."""
    top = header_row(ws, first)
    rows = ws.iter_rows(min_row=top, values_only=True)
    headers = next(rows)
    out = []
    for row in rows:
        if all(v is None for v in row) or str(row[0]).startswith("合计"):
            break
        out.append({h: v for h, v in zip(headers, row, strict=False) if h is not None})
    return out


def screen_column(model: Any, header: str) -> int:
    """The position of the window table's column headed ``header``."""
    from PySide6.QtCore import Qt

    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return headers.index(header)
