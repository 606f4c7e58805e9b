"""Village rosters: read a household list, check every row, quote the good ones, total and export.

The steps are separate so the window can run the slow one (reading) in a worker and ask the clerk
about columns in between: :func:`read_table` → :func:`detect_mapping` → :func:`build_roster` →
:func:`export_xlsx` / :func:`register_html`. :func:`load_roster` chains them for the CLI.

Resident data never goes to a log: errors carry row numbers and reasons, never names or ID numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

from desktop.core import xlsx_stream as xs
from desktop.core.errors import os_reason
from desktop.core.identity import (
    IdNumberError,
    age_in_policy_year,
    age_rule_text,
    category_age_problem,
    looks_like_id,
    mask_id,
    mask_ids_in_text,
    normalise_id,
    parse_id,
)
from desktop.core.money import ZERO, fmt_yuan
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import CATEGORIES, DISTRICTS, AidStatus, Category, District
from desktop.core.premium import (
    AID_LABELS,
    CATEGORY_LABELS,
    DISTRICT_LABELS,
    Member,
    MemberQuote,
    district_label,
    elderly_prompt,
    quote_member,
)
from desktop.core.slip import DISCLAIMER

#: (rows done, rows expected; 0 when the file does not say)
Progress = Callable[[int, int], None]
#: polled while reading and checking; True stops the work with :class:`RosterCancelled`
CancelCheck = Callable[[], bool]

_K = TypeVar("_K", bound=str)

# How often the progress callback and the cancel check run: often enough for a smooth bar,
# rare enough not to cost anything on 10,000 rows.
_TICK = 250


class RosterReadError(Exception):
    """The file cannot be read as a roster; the message is Chinese and names no resident."""


class RosterCancelled(Exception):
    """The clerk cancelled while the roster was loading."""


# ---------------------------------------------------------------- columns

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "id_number": "身份证号",
    "household": "户号",
    "category": "参保类别",
    "aid_status": "救助身份",
    "district": "所属区",
}
#: without these a row cannot be quoted; 户号 and 救助身份 may be absent (own household, not aid),
#: 所属区 may come from the default district the clerk picks
REQUIRED_FIELDS: tuple[str, ...] = ("name", "id_number", "category")

_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "参保人姓名", "参保人", "居民姓名", "成员姓名", "人员姓名", "name"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "身份证",
        "证件号码",
        "证件号",
        "公民身份号码",
        "身份证件号码",
        "社会保障号码",
        "社保卡号",
        "idnumber",
        "id_number",
    ),
    "household": ("户号", "户编号", "家庭户号", "户籍编号", "家庭编号", "户代码", "household"),
    "category": (
        "参保类别",
        "类别",
        "参保身份",
        "人员类别",
        "参保人员类别",
        "居民类别",
        "参保类型",
        "人员类型",
        "category",
    ),
    "aid_status": (
        "救助身份",
        "救助类别",
        "救助对象",
        "救助对象类别",
        "救助类型",
        "医疗救助身份",
        "困难类别",
        "困难群众类别",
        "困难类型",
        "特殊人员类别",
        "aid_status",
        "aidstatus",
    ),
    "district": (
        "区/街道",
        "区",
        "街道",
        "所属区",
        "所在区",
        "所属区(市)",
        "所在区(市)",
        "区(市)",
        "区县",
        "县区",
        "辖区",
        "所属辖区",
        "所属街道",
        "所在街道",
        "district",
    ),
}


def _norm(text: object) -> str:
    """Lower-case, no spaces, ASCII brackets and slash, no required-field stars: how labels compare."""
    s = str(text).strip().lower()
    s = s.translate(_NORM_TABLE)
    return re.sub(r"[\s*＊:：]", "", s)


_NORM_TABLE = str.maketrans({"（": "(", "）": ")", "／": "/", "、": "/", "\u3000": " "})

_HEADER_INDEX: dict[str, str] = {_norm(alias): f for f, aliases in _HEADER_ALIASES.items() for alias in aliases}


def header_field(header: object) -> str | None:
    """The field a column header stands for, or None when it is not one we know."""
    if header is None:
        return None
    return _HEADER_INDEX.get(_norm(header))


@dataclass(frozen=True)
class ColumnMapping:
    """Which column (0-based) holds each field; None when the file has no such column."""

    name: int | None = None
    id_number: int | None = None
    household: int | None = None
    category: int | None = None
    aid_status: int | None = None
    district: int | None = None

    def get(self, field_name: str) -> int | None:
        return getattr(self, field_name)  # type: ignore[no-any-return]

    def missing_required(self, *, district_default: bool) -> tuple[str, ...]:
        """Required fields without a column (所属区 counts unless a default district is set)."""
        need = REQUIRED_FIELDS + (() if district_default else ("district",))
        return tuple(f for f in need if self.get(f) is None)

    def as_dict(self) -> dict[str, int | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMapping:
        known = {f.name for f in fields(cls)}
        return cls(**{k: (None if v is None else int(v)) for k, v in data.items() if k in known})


@dataclass(frozen=True)
class MappingGuess:
    mapping: ColumnMapping
    #: headers (column index, text) that name none of the fields
    unrecognised: tuple[tuple[int, str], ...]

    def complete(self, *, district_default: bool) -> bool:
        """Every required column found, and no unknown column left that could be a missing field."""
        m = self.mapping
        if m.missing_required(district_default=district_default):
            return False
        optional_missing = any(m.get(f) is None for f in FIELD_LABELS if f not in REQUIRED_FIELDS)
        return not (optional_missing and self.unrecognised)


def detect_mapping(headers: Sequence[object]) -> MappingGuess:
    """Map columns by their header text; the first column naming a field wins."""
    found: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for idx, header in enumerate(headers):
        text = "" if header is None else str(header).strip()
        if not text:
            continue
        f = header_field(text)
        if f is None or f in found:
            unknown.append((idx, text))
        else:
            found[f] = idx
    return MappingGuess(ColumnMapping(**found), tuple(unknown))


# ---------------------------------------------------------------- values


def _index(labels: Mapping[str, str], extra: Mapping[str, _K]) -> dict[str, _K]:
    """Identifier, Chinese label and the variants in ``extra``, all normalised, to the identifier."""
    out: dict[str, _K] = {_norm(k): cast(_K, k) for k in labels}
    out.update({_norm(v): cast(_K, k) for k, v in labels.items()})
    out.update({_norm(k): v for k, v in extra.items()})
    return out


_CATEGORY_INDEX: dict[str, Category] = _index(
    CATEGORY_LABELS,
    {
        "老年": "elderly",
        "老年人": "elderly",
        "老人": "elderly",
        "未成年": "minor",
        "未成年人": "minor",
        "少年儿童": "minor",
        "少儿": "minor",
        "儿童": "minor",
        "中小学生": "minor",
        "大学生": "college_student",
        "在校大学生": "college_student",
        "在常高校大学生": "college_student",
        "高校学生": "college_student",
        "非从业": "non_employed",
        "非从业人员": "non_employed",
    },
)

_AID_INDEX: dict[str, AidStatus] = _index(
    AID_LABELS,
    {
        "": "none",
        "无": "none",
        "否": "none",
        "不是": "none",
        "非": "none",
        "普通": "none",
        "一般": "none",
        "-": "none",
        "—": "none",
        "/": "none",
        "特困": "extreme_poverty",
        "特困供养": "extreme_poverty",
        "特困供养人员": "extreme_poverty",
        "特困人员": "extreme_poverty",
        "孤儿": "extreme_poverty",
        "事实无人抚养儿童": "extreme_poverty",
        "低保": "other_aid",
        "低保对象": "other_aid",
        "低保户": "other_aid",
        "低保家庭": "other_aid",
        "低保边缘": "other_aid",
        "低保边缘户": "other_aid",
        "低保边缘对象": "other_aid",
        "低保边缘家庭": "other_aid",
        "支出型困难": "other_aid",
        "支出型困难家庭": "other_aid",
        "支出型贫困": "other_aid",
        "其他救助对象": "other_aid",
        "其他": "other_aid",
    },
)

_DISTRICT_INDEX: dict[str, District] = _index(DISTRICT_LABELS, {"经开区": "jingkai", "常州经济开发区": "jingkai"})
# A 区/街道 column often holds the street or town too ("武进区湖塘镇"): its district name decides.
_DISTRICT_STEMS: tuple[tuple[str, District], ...] = (
    ("武进", "wujin"),
    ("新北", "xinbei"),
    ("天宁", "tianning"),
    ("钟楼", "zhonglou"),
    ("经开", "jingkai"),
    ("经济开发区", "jingkai"),
    ("溧阳", "liyang"),
    ("金坛", "jintan"),
)


def parse_category(text: str) -> Category | None:
    return _CATEGORY_INDEX.get(_norm(text))


def parse_aid_status(text: str) -> AidStatus | None:
    return _AID_INDEX.get(_norm(text))


def parse_district(text: str) -> District | None:
    key = _norm(text)
    if key in _DISTRICT_INDEX:
        return _DISTRICT_INDEX[key]
    hits = {d for stem, d in _DISTRICT_STEMS if stem in key}
    return hits.pop() if len(hits) == 1 else None


def _cell_text(value: object) -> str:
    """A cell as the clerk sees it: integral numbers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # NFKC: full-width digits and letters typed by a Chinese input method (户号 ３ is 3, Ｘ is X),
    # ideographic spaces as spaces, before anything is compared or checked
    text = str(value)
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()


# ---------------------------------------------------------------- reading


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
            text = _cell_text(cells[column]) if column < len(cells) else ""
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
#: characters of a name; longer is a problem row
MAX_NAME_CHARS = 40
#: columns of a worksheet in Excel and WPS
_SPREADSHEET_COLUMNS = 16_384


def _tick(n: int, total: int, progress: Progress | None, cancelled: CancelCheck | None) -> None:
    if cancelled is not None and cancelled():
        raise RosterCancelled
    if progress is not None:
        progress(n, total)


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
        if n % _TICK == 0:
            _tick(n, total, progress, cancelled)
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
    headers = tuple(_cell_text(c) for c in header_cells)
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
        if kind == "xlsx":
            return _read_xlsx(p, progress, cancelled)
        if kind == "xls":
            return _read_xls(p, progress, cancelled)
        if suffix in {".xlsx", ".xlsm", ".xls"}:
            raise RosterReadError(f"{p.name} 不是有效的 Excel 文件(可能已损坏),请用 Excel 或 WPS 打开后另存为 .xlsx")
        return _read_csv(p, progress, cancelled)
    except (RosterReadError, RosterCancelled):
        raise
    except OSError as exc:
        raise RosterReadError(f"无法读取 {p.name}:{os_reason(exc)}") from None
    except Exception:
        # openpyxl/xlrd raise many kinds of errors on a damaged file; the clerk needs one sentence
        raise RosterReadError(f"{p.name} 已损坏或不是名册表格,无法读取;请用 Excel 或 WPS 打开检查后另存") from None


def _read_xlsx(p: Path, progress: Progress | None, cancelled: CancelCheck | None) -> RawTable:
    from desktop.core.xlsx_read import Workbook, WorkbookTooLarge

    try:
        with p.open("rb") as fh, Workbook(fh, max_columns=MAX_COLUMNS) as wb:
            if not wb.sheets:
                raise RosterReadError(f"{p.name} 中没有工作表")
            index = _best_sheet([wb.head(i, _HEADER_SCAN) for i in range(len(wb.sheets))])
            return _to_table(p.name, wb.sheets[index][0], wb.rows(index), wb.row_count_hint(index), progress, cancelled)
    except zipfile.BadZipFile:
        raise RosterReadError(f"{p.name} 不是有效的 Excel 文件(可能已损坏)") from None
    except WorkbookTooLarge as exc:
        raise RosterReadError(f"{p.name} {exc.message}") from None
    except (RosterReadError, RosterCancelled, OSError):
        raise
    except Exception:  # noqa: BLE001 - whatever the small reader does not handle, openpyxl reads (or says why not)
        return _read_xlsx_openpyxl(p, progress, cancelled)


def _read_xlsx_openpyxl(p: Path, progress: Progress | None, cancelled: CancelCheck | None) -> RawTable:
    import openpyxl

    from desktop.core.xlsx_read import WorkbookTooLarge, check_package

    # A file object, not the path: openpyxl refuses an .xlsx saved under an .xls name by its suffix.
    with p.open("rb") as fh:
        try:
            with zipfile.ZipFile(fh) as archive:
                check_package(archive)  # openpyxl would unpack shared strings whatever their size
            fh.seek(0)
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except zipfile.BadZipFile:
            raise RosterReadError(f"{p.name} 不是有效的 Excel 文件(可能已损坏)") from None
        except WorkbookTooLarge as exc:
            raise RosterReadError(f"{p.name} {exc.message}") from None
        try:
            ws = wb.worksheets[_best_sheet([list(w.iter_rows(max_row=_HEADER_SCAN, values_only=True)) for w in wb])]
            total = ws.max_row or 0
            # read-only iter_rows starts at row 1 and yields gaps as empty rows: position = row number
            # one column beyond the limit, so content there is seen and refused; max_col pads
            # every row to that width, so the padding is dropped again
            numbered = (
                (n, _without_trailing_empty(row))
                for n, row in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), 1)
            )
            return _to_table(p.name, ws.title, numbered, total, progress, cancelled)
        finally:
            wb.close()


def _without_trailing_empty(row: Sequence[object]) -> tuple[object, ...]:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return tuple(row[:end])


def _read_xls(p: Path, progress: Progress | None, cancelled: CancelCheck | None) -> RawTable:
    import xlrd

    # xlrd writes warnings ("WARNING *** file size ...") to its log file, stdout by default:
    # English, and on the CLI mixed into the clerk's output
    book = xlrd.open_workbook(str(p), on_demand=True, logfile=io.StringIO())
    try:
        heads = [
            [s.row_values(r) for r in range(min(s.nrows, _HEADER_SCAN))]
            for s in (book.sheet_by_index(i) for i in range(book.nsheets))
        ]
        sh = book.sheet_by_index(_best_sheet(heads))
        datemode = book.datemode

        def cell(c: Any) -> object:
            if c.ctype == xlrd.XL_CELL_EMPTY or c.ctype == xlrd.XL_CELL_BLANK:
                return None
            if c.ctype == xlrd.XL_CELL_DATE:
                return xlrd.xldate.xldate_as_datetime(c.value, datemode)
            if c.ctype == xlrd.XL_CELL_ERROR:
                return None
            return c.value

        numbered = ((r + 1, [cell(c) for c in sh.row(r)]) for r in range(sh.nrows))
        return _to_table(p.name, sh.name, numbered, sh.nrows, progress, cancelled)
    finally:
        book.release_resources()


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


# ---------------------------------------------------------------- checking and quoting


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One data row of the file: what it says, what we understood, and its quote or its problems."""

    row: int  # row number in the file, as Excel or WPS shows it
    name: str
    id_number: str
    household: str  # as written; empty when the file has no 户号
    category_text: str
    district_text: str
    aid_text: str
    category: Category | None
    district: District | None
    aid_status: AidStatus | None
    age: int | None  # whole years on 1 January of the policy year
    problems: tuple[str, ...]
    quote: MemberQuote | None  # None for a bad row
    notes: tuple[str, ...] = ()  # prompts that do not stop the quote (a likely 老年居民, ...)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def household_key(self) -> str:
        return self.household or f"(第{self.row}行,未填户号)"

    @property
    def reason(self) -> str:
        return ";".join(self.problems)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)


@dataclass(frozen=True)
class Totals:
    members: int = 0
    individual: Decimal = ZERO  # what residents pay
    standard: Decimal = ZERO  # the categories' amounts before exemption
    exempted: Decimal = ZERO  # individual part paid by the government for aid recipients
    aid_members: int = 0

    def add(self, q: MemberQuote) -> Totals:
        return Totals(
            self.members + 1,
            self.individual + q.individual,
            self.standard + q.standard_individual,
            self.exempted + q.government_pays_individual,
            self.aid_members + (q.member.aid_status != "none"),
        )


@dataclass(frozen=True)
class HouseholdTotal:
    household: str
    first_row: int
    names: tuple[str, ...]
    totals: Totals
    bad_rows: int  # rows of this household left out of the total


@dataclass(frozen=True)
class RosterResult:
    policy_year: int
    data_version: str
    source: str
    sheet: str
    header_row: int
    mapping: ColumnMapping
    default_district: District | None
    rows: tuple[RosterRow, ...]
    households: tuple[HouseholdTotal, ...]
    by_category: tuple[tuple[Category, Totals], ...]
    by_district: tuple[tuple[District, Totals], ...]
    total: Totals
    #: each category's per-person split, with the districts of the roster it applies to
    category_splits: tuple[tuple[Category, tuple[District, ...], MemberQuote], ...]
    age_rule: str
    created: dt.date = field(default_factory=dt.date.today)
    #: what a slip carries besides the version: the data file's hash (first 12 hex digits printed)
    #: and, when the year is not today's, the stale-year warning (``staleness.staleness_message``)
    data_hash: str = ""
    stale_warning: str | None = None

    @property
    def provenance(self) -> str:
        """“政策数据版本 2025.1(校验码 0123456789ab)”, as every slip prints it."""
        check = f"(校验码 {self.data_hash[:12]})" if self.data_hash else ""
        return f"{self.policy_year}年度政策数据版本 {self.data_version}{check}"

    @property
    def good_rows(self) -> tuple[RosterRow, ...]:
        return tuple(r for r in self.rows if r.ok)

    @property
    def bad_rows(self) -> tuple[RosterRow, ...]:
        return tuple(r for r in self.rows if not r.ok)

    @property
    def quoted_households(self) -> int:
        """Households with at least one quoted member (a household of bad rows only is not counted)."""
        return sum(1 for h in self.households if h.totals.members)


_EIGHTEEN = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")


def household_shown(text: str) -> str:
    """户号 as shown on screen, in exports and on paper: an ID number used as 户号 (a valid one:
    a long village household code is not an ID and stays readable) is masked."""

    def mask_if_id(match: re.Match[str]) -> str:
        try:
            parse_id(match.group())
        except IdNumberError:
            return match.group()
        return mask_id(match.group())

    return _EIGHTEEN.sub(mask_if_id, text)


def _quoted(text: str, limit: int = 20) -> str:
    """A cell quoted in a reason: short, so a runaway cell does not fill the problem column."""
    return text if len(text) <= limit else text[:limit] + "…"


def build_roster(
    policy: PolicyYear,
    table: RawTable,
    mapping: ColumnMapping,
    *,
    default_district: District | None = None,
    data_hash: str = "",
    stale_warning: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> RosterResult:
    """Check every row and quote the good ones under ``policy``; bad rows stay, with their reasons.

    ``data_hash`` and ``stale_warning`` are carried to the export and the register as on slips."""
    missing = mapping.missing_required(district_default=default_district is not None)
    if missing:
        names = "、".join(FIELD_LABELS[f] for f in missing)
        raise RosterReadError(f"名册缺少必需的列:{names}。请在列对应中指定,或选择默认所属区")
    width = len(table.headers)
    beyond = [FIELD_LABELS[f] for f, i in mapping.as_dict().items() if i is not None and not 0 <= i < width]
    if beyond:
        raise RosterReadError(f"名册只有{width}列,指定给{'、'.join(beyond)}的列不存在;请重新选择名册的列")
    year = policy.policy_year
    last_day = dt.date(year, 12, 31)
    # A quote depends only on (category, district, aid status), never on the person: quote each once.
    cache: dict[tuple[Category, District, AidStatus], MemberQuote] = {}
    seen_ids: dict[str, int] = {}
    out: list[RosterRow] = []
    total_rows = len(table.rows)

    def col(cells: tuple[object, ...], f: str) -> object:
        i = mapping.get(f)
        return None if i is None else cells[i]

    for n, (rownum, cells) in enumerate(table.rows, 1):
        if n % _TICK == 0:
            _tick(n, total_rows, progress, cancelled)
        problems: list[str] = []
        # Outside the ID column an ID number is a sign of shifted columns (or a broken quote):
        # it is masked before it is kept, quoted in a reason or exported, and the row is flagged.
        # 户号 is not flagged: some villages number households by the head's ID or a long code;
        # it is kept whole for grouping and masked wherever it is shown (household_shown).
        texts = {f: _cell_text(col(cells, f)) for f in ("name", "household", "category", "district", "aid_status")}
        for f, text in texts.items():
            if f != "household" and len(text) >= 15 and looks_like_id(text):
                texts[f] = mask_ids_in_text(text)
                problems.append(f"{FIELD_LABELS[f]}栏里有像身份证号的内容(已遮挡),请检查这一行的各列是否错位")
        name = texts["name"]
        if not name:
            problems.append("缺少姓名")
        elif len(name) > MAX_NAME_CHARS:
            problems.append(f"姓名有 {len(name)} 个字,超过 {MAX_NAME_CHARS} 个,请检查这一格")

        raw_id = col(cells, "id_number")
        id_number = normalise_id(_cell_text(raw_id))
        age: int | None = None
        birth: dt.date | None = None
        if isinstance(raw_id, float | int) and not isinstance(raw_id, bool) and len(id_number) > 15:
            # Excel keeps 15 significant digits: an ID typed into a number cell has lost its tail
            problems.append("身份证号被表格存成了数字,后几位已丢失;请把该列设为“文本”后重新录入")
        else:
            try:
                info = parse_id(id_number, today=last_day)
            except IdNumberError as exc:
                problems.append(str(exc))
            else:
                age = age_in_policy_year(info.birth_date, year)
                birth = info.birth_date
        if id_number:
            first = seen_ids.setdefault(id_number, rownum)
            if first != rownum:
                problems.append(f"身份证号与第{first}行重复(只按第{first}行计费)")

        category_text = texts["category"]
        category = parse_category(category_text)
        if category is None:
            problems.append(f"参保类别“{_quoted(category_text)}”无法识别" if category_text else "缺少参保类别")
        elif birth is not None:
            problem = category_age_problem(category, birth, year)
            if problem:
                problems.append(problem)

        district_text = texts["district"]
        district = parse_district(district_text) if district_text else default_district
        if district is None:
            problems.append(f"所属区“{_quoted(district_text)}”无法识别" if district_text else "缺少所属区")

        aid_text = texts["aid_status"]
        aid = parse_aid_status(aid_text)
        if aid is None:
            problems.append(f"救助身份“{_quoted(aid_text)}”无法识别")

        household = texts["household"]
        quote: MemberQuote | None = None
        notes: tuple[str, ...] = ()
        if not problems:
            assert category is not None and district is not None and aid is not None
            key = (category, district, aid)
            quote = cache.get(key)
            if quote is None:
                quote = cache[key] = quote_member(policy, Member(category=category, district=district, aid_status=aid))
            prompt = elderly_prompt(policy, category, district, age) if age is not None else None
            if prompt is not None:
                notes = (f"提示:{prompt}",)
        out.append(
            RosterRow(
                rownum,
                name,
                id_number,
                household,
                category_text,
                district_text,
                aid_text,
                category,
                district,
                aid,
                age,
                tuple(problems),
                quote,
                notes,
            )
        )
    if progress is not None:
        progress(total_rows, total_rows)
    result = _summarise(policy, table, mapping, default_district, tuple(out), cache)
    return replace(result, data_hash=data_hash, stale_warning=stale_warning)


def _summarise(
    policy: PolicyYear,
    table: RawTable,
    mapping: ColumnMapping,
    default_district: District | None,
    rows: tuple[RosterRow, ...],
    cache: Mapping[tuple[Category, District, AidStatus], MemberQuote],
) -> RosterResult:
    by_cat: dict[Category, Totals] = {}
    by_dist: dict[District, Totals] = {}
    households: dict[str, tuple[int, list[str], Totals, int]] = {}
    total = Totals()
    for r in rows:
        key = r.household_key
        first, names, ht, bad = households.get(key) or (r.row, [], Totals(), 0)
        if r.quote is None:
            households[key] = (first, names, ht, bad + 1)
            continue
        assert r.category is not None and r.district is not None
        names.append(r.name)
        households[key] = (first, names, ht.add(r.quote), bad)
        by_cat[r.category] = by_cat.get(r.category, Totals()).add(r.quote)
        by_dist[r.district] = by_dist.get(r.district, Totals()).add(r.quote)
        total = total.add(r.quote)
    # The split of a category's amount (standard, medical, 长护险, subsidy, funding) does not
    # depend on aid status; districts with the same split share one line.
    by_split: dict[tuple[Category, tuple[object, ...]], tuple[list[District], MemberQuote]] = {}
    for c, d in sorted({(c, d) for c, d, _ in cache}, key=lambda k: (CATEGORIES.index(k[0]), DISTRICTS.index(k[1]))):
        q = next(q for (qc, qd, _), q in cache.items() if (qc, qd) == (c, d))
        split = (
            q.standard_individual,
            q.medical_individual,
            q.ltc_individual,
            q.government_subsidy,
            q.ltc_government_subsidy,
            q.funding_standard,
        )
        by_split.setdefault((c, split), ([], q))[0].append(d)
    return RosterResult(
        policy_year=policy.policy_year,
        data_version=policy.data_version,
        source=table.source,
        sheet=table.sheet,
        header_row=table.header_row,
        mapping=mapping,
        default_district=default_district,
        rows=rows,
        households=tuple(
            HouseholdTotal(k, first, tuple(names), t, bad) for k, (first, names, t, bad) in households.items()
        ),
        by_category=tuple((c, by_cat[c]) for c in CATEGORIES if c in by_cat),
        by_district=tuple((d, by_dist[d]) for d in DISTRICTS if d in by_dist),
        total=total,
        category_splits=tuple((c, tuple(ds), q) for (c, _), (ds, q) in by_split.items()),
        age_rule=age_rule_text(policy.policy_year),
    )


def load_roster(
    policy: PolicyYear,
    path: str | Path,
    *,
    default_district: District | None = None,
    overrides: Mapping[str, int | None] | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> RosterResult:
    """Read, map by header (with ``overrides`` field → column), check and quote in one call."""
    table = read_table(path, progress=progress, cancelled=cancelled)
    mapping = detect_mapping(table.headers).mapping
    if overrides:
        mapping = ColumnMapping.from_dict({**mapping.as_dict(), **overrides})
    return build_roster(policy, table, mapping, default_district=default_district, cancelled=cancelled)


def summary_lines(result: RosterResult) -> list[str]:
    """A short Chinese summary with counts and money only: no names, no ID numbers."""
    t = result.total
    bad = len(result.bad_rows)
    lines = [
        f"{result.policy_year}年度名册 {result.source}:共 {len(result.rows)} 行,"
        f"可计费 {t.members} 人,问题行 {bad} 行,{result.quoted_households} 户",
        f"个人缴费合计 {fmt_yuan(t.individual)};缴费标准合计 {fmt_yuan(t.standard)}",
        f"困难群众 {t.aid_members} 人,个人部分由政府代缴 {fmt_yuan(t.exempted)}",
    ]
    for c, ct in result.by_category:
        lines.append(f"  {CATEGORY_LABELS[c]}:{ct.members} 人,个人缴费 {fmt_yuan(ct.individual)}")
    for d, dtot in result.by_district:
        lines.append(f"  {DISTRICT_LABELS[d]}:{dtot.members} 人,个人缴费 {fmt_yuan(dtot.individual)}")
    if bad:
        first = ",".join(str(r.row) for r in result.bad_rows[:10])
        more = " 等" if bad > 10 else ""
        lines.append(f"问题行(未计费)见导出文件“问题行”表:第 {first}{more} 行")
    return lines


# ---------------------------------------------------------------- export


def export_xlsx(result: RosterResult, path: str | Path, *, full_id: bool = False) -> None:
    """Write the formatted workbook: 名册, 户汇总, 分类汇总, 问题行. IDs are masked unless ``full_id``.

    Sums are written as numbers (values, not formulas): a file opened read-only or previewed
    on a phone shows them too.
    """

    def show_id(number: str) -> str:
        return number if full_id else mask_id(number)

    def show_hh(text: str) -> str:
        return text if full_id else household_shown(text)

    def head(sheet: xs.Sheet, headers: Sequence[str]) -> None:
        sheet.append(xs.Cell(h, xs.HEADER) for h in headers)

    def money(value: Decimal | None, style: int = xs.MONEY) -> object:
        return "通知未规定" if value is None else xs.Cell(value, style)

    def provenance(sheet: xs.Sheet) -> None:
        """Below a sheet's table, and in its printed footer: version, hash and the stale-year warning."""
        sheet.footer = f"{result.provenance} 生成日期 {result.created.isoformat()}"
        sheet.append(())
        sheet.append((xs.Cell(result.provenance, xs.SUM_TEXT),))
        if result.stale_warning:
            sheet.append((xs.Cell("⚠ " + result.stale_warning, xs.BAD),))

    t = result.total
    bad_count = len(result.bad_rows)

    roster = xs.Sheet("名册", (7, 12, 10, 21, 12, 11, 16, 12, 12, 13, 12, 12, 44), auto_filter=True)
    roster.print_title_rows = 1
    head(roster, ROSTER_COLUMNS)
    for r in result.rows:
        q = r.quote
        if q is not None:
            m = q.member
            roster.append(
                (
                    r.row, show_hh(r.household), r.name, show_id(r.id_number),
                    CATEGORY_LABELS[m.category], district_label(m.district), AID_LABELS[m.aid_status],
                    money(q.standard_individual), money(q.medical_individual), money(q.ltc_individual),
                    money(q.individual), money(q.government_pays_individual), row_note(r),
                )
            )  # fmt: skip
        else:
            roster.append(
                xs.Cell(v, xs.BAD)
                for v in (
                    r.row, show_hh(r.household), r.name, show_id(r.id_number), r.category_text, r.district_text,
                    r.aid_text, None, None, None, None, None, "问题行,未计费:" + r.reason,
                )
            )  # fmt: skip
    roster.auto_filter_rows = roster.row_count
    roster.append(
        (
            xs.Cell("合计", xs.SUM_TEXT), xs.Cell(f"{result.quoted_households}户", xs.SUM_TEXT),
            xs.Cell(f"{t.members}人", xs.SUM_TEXT), None, None, None, None,
            money(t.standard, xs.SUM_MONEY), None, None, money(t.individual, xs.SUM_MONEY),
            money(t.exempted, xs.SUM_MONEY), xs.Cell(f"问题行 {bad_count} 行未计费", xs.SUM_TEXT),
        )
    )  # fmt: skip
    provenance(roster)

    houses = xs.Sheet("户汇总", (16, 9, 9, 34, 16, 16, 16, 9), auto_filter=True)
    houses.print_title_rows = 1
    head(houses, HOUSEHOLD_COLUMNS)
    for h in result.households:
        ht = h.totals
        houses.append(
            (
                show_hh(h.household), h.first_row, ht.members, "、".join(h.names),
                money(ht.individual), money(ht.exempted), money(ht.standard),
                xs.Cell(h.bad_rows, xs.BAD) if h.bad_rows else 0,
            )
        )  # fmt: skip
    houses.auto_filter_rows = houses.row_count
    houses.append(
        (
            xs.Cell(f"合计 {result.quoted_households} 户", xs.SUM_TEXT), None, xs.Cell(t.members, xs.SUM_TEXT),
            None, money(t.individual, xs.SUM_MONEY), money(t.exempted, xs.SUM_MONEY),
            money(t.standard, xs.SUM_MONEY), xs.Cell(bad_count, xs.SUM_TEXT),
        )
    )  # fmt: skip
    provenance(houses)

    summary = xs.Sheet("分类汇总", (24, 12, 16, 16, 16, 18, 14), freeze_header=False)
    summary.append((xs.Cell(f"{result.policy_year}年度居民医保(含长护险)名册汇总", xs.TITLE),))
    summary.append(("名册文件", result.source))
    if result.stale_warning:
        summary.append((xs.Cell("⚠ " + result.stale_warning, xs.BAD),))
    summary.append(("政策数据版本", result.data_version))
    summary.append(("校验码(前12位)", result.data_hash[:12] or "—"))
    summary.append(("生成日期", result.created.isoformat()))
    summary.append(("身份证号", "完整显示" if full_id else "已遮挡(只显示前6位和后4位)"))
    summary.append(("共有行数", len(result.rows)))
    summary.append(("可计费人数", t.members))
    summary.append(("问题行数(未计费)", xs.Cell(bad_count, xs.BAD) if bad_count else 0))
    summary.append(())

    def totals_table(caption: str, items: Iterable[tuple[str, Totals]]) -> None:
        summary.append((xs.Cell(caption, xs.SUM_TEXT),))
        head(summary, TOTALS_COLUMNS)
        for label, tt in items:
            summary.append(
                (label, tt.members, money(tt.individual), money(tt.exempted), money(tt.standard), tt.aid_members)
            )
        summary.append(
            (
                xs.Cell("合计", xs.SUM_TEXT), xs.Cell(t.members, xs.SUM_TEXT), money(t.individual, xs.SUM_MONEY),
                money(t.exempted, xs.SUM_MONEY), money(t.standard, xs.SUM_MONEY),
                xs.Cell(t.aid_members, xs.SUM_TEXT),
            )
        )  # fmt: skip
        summary.append(())

    totals_table("按参保类别", ((CATEGORY_LABELS[c], tt) for c, tt in result.by_category))
    totals_table("按所属区", ((DISTRICT_LABELS[d], tt) for d, tt in result.by_district))
    summary.append((xs.Cell("困难群众(医疗救助对象)", xs.SUM_TEXT),))
    summary.append(("人数", t.aid_members))
    summary.append(("个人部分由政府代缴(元)", money(t.exempted)))
    summary.append(())
    summary.append((xs.Cell("各类别每人缴费构成", xs.SUM_TEXT),))
    head(summary, SPLIT_COLUMNS)
    for c, ds, q in result.category_splits:
        summary.append(
            (
                f"{CATEGORY_LABELS[c]}({district_list(ds)})", money(q.standard_individual),
                money(q.medical_individual), money(q.ltc_individual), money(q.government_subsidy),
                money(q.ltc_government_subsidy), money(q.funding_standard),
            )
        )  # fmt: skip
    summary.append(())
    summary.append(("年龄核对规则", xs.Cell(result.age_rule, xs.WRAP)))
    summary.append(("说明", xs.Cell(DISCLAIMER, xs.WRAP)))
    summary.footer = f"{result.provenance} 生成日期 {result.created.isoformat()}"

    problems = xs.Sheet("问题行", (7, 12, 10, 21, 14, 14, 16, 70), auto_filter=True)
    problems.print_title_rows = 1
    head(problems, PROBLEM_COLUMNS)
    for r in result.bad_rows:
        problems.append(
            (r.row, show_hh(r.household), r.name, show_id(r.id_number), r.category_text, r.district_text, r.aid_text)
            + (r.reason,)
        )
    if not result.bad_rows:
        problems.append((None, None, None, None, None, None, None, "没有问题行"))
    problems.auto_filter_rows = problems.row_count
    provenance(problems)

    try:
        xs.write_workbook(path, (roster, houses, summary, problems))
    except PermissionError:
        if Path(path).is_dir():
            raise RosterReadError(f"无法写入 {Path(path).name}:这是一个文件夹,请另取一个文件名") from None
        raise RosterReadError(f"无法写入 {Path(path).name}:文件可能正被 Excel/WPS 打开,请关闭后重试") from None
    except OSError as exc:
        raise RosterReadError(f"无法写入 {Path(path).name}:{os_reason(exc)}") from None


ROSTER_COLUMNS = (
    "行号", "户号", "姓名", "身份证号", "参保类别", "所属区", "救助身份",
    "缴费标准(元)", "其中医保(元)", "其中长护险(元)", "个人缴费(元)", "政府代缴(元)", "状态",
)  # fmt: skip
HOUSEHOLD_COLUMNS = (
    "户号", "首行行号", "计费人数", "成员", "个人缴费合计(元)", "政府代缴合计(元)", "缴费标准合计(元)", "问题行数",
)  # fmt: skip
TOTALS_COLUMNS = ("", "计费人数", "个人缴费(元)", "政府代缴(元)", "缴费标准(元)", "困难群众人数")
SPLIT_COLUMNS = (
    "参保类别(所属区)", "缴费标准(元)", "其中医保(元)", "其中长护险(元)", "财政补助(元)", "长护险政府补助(元)",
    "筹资标准(元)",
)  # fmt: skip
PROBLEM_COLUMNS = ("行号", "户号", "姓名", "身份证号", "参保类别(原文)", "所属区(原文)", "救助身份(原文)", "问题")


def government_note(q: MemberQuote) -> str | None:
    """Who pays an aid recipient's amount, 长护险 part included (the row shows 其中长护险 30 beside 个人缴费 0)."""
    if not q.government_pays_individual:
        return None
    return f"个人缴费 {q.government_pays_individual:.2f}(含长护险 {q.ltc_individual:.2f})由政府代缴,本人缴 0 元"


def row_note(r: RosterRow) -> str | None:
    """A quoted row's remarks: who pays an aid recipient's amount, and any prompt."""
    parts = [p for p in (government_note(r.quote) if r.quote else None, *r.notes) if p]
    return ";".join(parts) or None


def district_list(districts: Sequence[District]) -> str:
    """“各区(市)” when a line applies everywhere, else the districts' names."""
    if len(districts) == len(DISTRICTS):
        return "各区(市)"
    return "、".join(DISTRICT_LABELS[d] for d in districts)


def register_html(result: RosterResult, *, title: str | None = None) -> str:
    """The printable register, grouped by household, IDs always masked, with a signature column.

    Plain HTML 4 tables with attributes rather than CSS: Qt's QTextDocument (print preview) and
    any browser render it the same way.
    """
    e = html.escape
    heading = title or f"{result.policy_year}年度城乡居民医保(含长护险)参保缴费登记册"
    out: list[str] = [
        "<html><head><meta charset='utf-8'><title>",
        e(heading),
        "</title></head><body style='font-size:10pt'>",
        f"<h2 align='center'>{e(heading)}</h2>",
        f"<p>名册:{e(result.source)} {e(result.provenance)} 打印日期:{result.created.isoformat()}</p>",
    ]
    if result.stale_warning:
        out.append(
            "<table width='100%' cellpadding='4' cellspacing='0' border='1'>"
            f"<tr><td><b>⚠ {e(result.stale_warning)}</b></td></tr></table>"
        )
    by_house: dict[str, list[RosterRow]] = {}
    for r in result.rows:
        if r.ok:
            by_house.setdefault(r.household_key, []).append(r)
    totals = {h.household: h.totals for h in result.households}
    seq = 0
    for n, (key, members) in enumerate(by_house.items()):
        if n % _REGISTER_CHUNK == 0:
            out.append(("</tbody></table>" if n else "") + _REGISTER_HEAD)
        for r in members:
            q = r.quote
            assert q is not None
            seq += 1
            out.append(
                f"<tr><td align='right'>{seq}</td><td>{e(household_shown(r.household))}</td><td>{e(r.name)}</td>"
                f"<td nowrap>{e(r.masked_id)}</td><td>{CATEGORY_LABELS[q.member.category]}</td>"
                f"<td>{district_label(q.member.district)}</td><td>{_short_aid(q.member.aid_status)}</td>"
                f"<td align='right'>{q.individual:.2f}</td>"
                f"<td align='right'>{q.government_pays_individual:.2f}</td><td></td></tr>"
            )
        ht = totals[key]
        out.append(
            f"<tr bgcolor='#eeeeee'><td></td><td colspan='6'>本户 {ht.members} 人小计</td>"
            f"<td align='right'><b>{ht.individual:.2f}</b></td>"
            f"<td align='right'>{ht.exempted:.2f}</td><td></td></tr>"
        )
    t = result.total
    out.append(
        ("" if by_house else _REGISTER_HEAD) + "<tr bgcolor='#dddddd'><td></td>"
        f"<td colspan='6'><b>合计 {result.quoted_households} 户 {t.members} 人</b></td>"
        f"<td align='right'><b>{t.individual:.2f}</b></td>"
        f"<td align='right'><b>{t.exempted:.2f}</b></td><td></td></tr>"
        "</tbody></table>"
    )
    out.append("<h3>汇总</h3><table border='1' cellspacing='0' cellpadding='3'>")
    out.append("<tr><th></th><th>人数</th><th>个人缴费(元)</th><th>政府代缴(元)</th></tr>")
    for label, tt in [(CATEGORY_LABELS[c], x) for c, x in result.by_category] + [
        (DISTRICT_LABELS[d], x) for d, x in result.by_district
    ]:
        out.append(
            f"<tr><td>{label}</td><td align='right'>{tt.members}</td>"
            f"<td align='right'>{tt.individual:.2f}</td><td align='right'>{tt.exempted:.2f}</td></tr>"
        )
    out.append(
        f"<tr><td><b>困难群众</b></td><td align='right'>{t.aid_members}</td><td align='right'>0.00</td>"
        f"<td align='right'>{t.exempted:.2f}</td></tr></table>"
    )
    bad = result.bad_rows
    if bad:
        out.append(f"<h3>问题行(共 {len(bad)} 行,未计费,请核实后补录)</h3>")
        out.append("<table border='1' cellspacing='0' cellpadding='3' width='100%'>")
        out.append("<thead><tr><th>行号</th><th>户号</th><th>姓名</th><th>身份证号</th><th>问题</th></tr></thead>")
        for r in bad:
            out.append(
                f"<tr><td align='right'>{r.row}</td><td>{e(household_shown(r.household))}</td><td>{e(r.name)}</td>"
                f"<td>{e(r.masked_id)}</td><td>{e(r.reason)}</td></tr>"
            )
        out.append("</table>")
    out.append(f"<p>{e(result.age_rule)}</p><p>{e(DISCLAIMER)}</p><p>{e(result.provenance)}</p>")
    out.append("<p>经办人签字:______________ 日期:______________</p></body></html>")
    return "".join(out)


_REGISTER_COLUMNS = (
    ("序号", 4),
    ("户号", 8),
    ("姓名", 8),
    ("身份证号", 19),
    ("参保类别", 10),
    ("所属区", 9),
    ("救助身份", 8),
    ("个人缴费(元)", 10),
    ("政府代缴(元)", 10),
    ("签字", 14),
)
_REGISTER_HEAD = (
    "<table border='1' cellspacing='0' cellpadding='2' width='100%'><thead><tr>"
    + "".join(f"<th width='{w}%'>{h}</th>" for h, w in _REGISTER_COLUMNS)
    + "</tr></thead><tbody>"
)
# Qt lays out one long table far more slowly than many short ones (10,000 rows: ~40 s against a
# few seconds); households never split across two tables, widths are fixed so the columns line up.
_REGISTER_CHUNK = 20

_SHORT_AID = {"none": "", "extreme_poverty": "特困/孤儿等", "other_aid": "低保等"}


def _short_aid(aid: AidStatus) -> str:
    return _SHORT_AID[aid]
