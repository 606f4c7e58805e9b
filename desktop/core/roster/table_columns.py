"""The columns of a checked roster, in one list: the 名册 sheet of the export, the printed register's
household table and the window's table are each built from :data:`COLUMNS`, in its order.

A column says, for each place it appears, its header, its width, what a quoted row shows, what a
problem row and the total rows show, and its style; a place it has no entry for does not show it
(the register's 序号 and 签字 are only on paper, the quote's parts only in the export). ``field`` is
the field of the file a clerk may correct in the column (its cell is marked when corrected).

A new column is one entry here; the export, the register and the window read the list when they
build (``exported``, ``printed``, ``on_screen``), never a position of their own. Not from this list:
the export's 户汇总, 分类汇总 and 问题行 sheets and the register's 汇总 and 问题行 tables, which are
tables of their own.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from desktop.core.identity import mask_id
from desktop.core.premium import AID_LABELS, MemberQuote
from desktop.core.roster.result import RosterResult, RosterRow, Totals, corrected_note, household_shown, row_note

_e = html.escape


# ---------------------------------------------------------------- the export's 名册 sheet


@dataclass(frozen=True, slots=True)
class Sheet:
    """A column of the export's 名册 sheet.

    ``quoted``: a quoted row's value; ``problem``: a refused row's (styled as a problem row);
    ``total``: the 合计 row's (None: the cell stays empty). ``money``: written as a number with two
    decimals (0.00), a figure the notices do not give as “通知未规定”; else written as it is. ``full_id``
    is the clerk's 完整身份证号 choice (ID numbers masked without it).
    """

    header: str
    width: float
    quoted: Callable[[RosterRow, RosterResult, bool], object]
    problem: Callable[[RosterRow, RosterResult, bool], object] = lambda r, res, full: None
    total: Callable[[RosterResult], object] | None = None
    money: bool = False


# ---------------------------------------------------------------- the printed register


@dataclass(frozen=True, slots=True)
class Paper:
    """A column of the printed register's household table (HTML; ``width`` in % of the page).

    ``cell``: a row's text, already HTML-escaped, ``seq`` its 序号; ``attrs`` the attributes of its
    ``<td>``. The 小计 and 合计 rows: ``subtotal`` / ``total`` give the cell's HTML (None: empty);
    the ``label`` columns, side by side, are one cell holding the row's label (本户 n 人小计, 合计 …).
    """

    header: str
    width: int
    cell: Callable[[RosterRow, RosterResult, int], str]
    attrs: str = ""
    subtotal: Callable[[Totals], str] | None = None
    total: Callable[[Totals], str] | None = None
    label: bool = False


# ---------------------------------------------------------------- the window's table


@dataclass(frozen=True, slots=True)
class Screen:
    """A column of the window's table: ``display`` the cell's text (``result`` None before a
    roster is read), ``sample`` the widest text it usually holds (its width follows the font),
    ``right`` aligned right (numbers)."""

    header: str
    sample: str
    display: Callable[[RosterRow, RosterResult | None], str | int]
    right: bool = False


@dataclass(frozen=True, slots=True)
class RosterColumn:
    key: str
    #: the field of the file a clerk may correct in this column (FIELD_LABELS), else None
    field: str | None = None
    sheet: Sheet | None = None
    paper: Paper | None = None
    screen: Screen | None = None


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _show_id(r: RosterRow, full_id: bool) -> str:
    return r.id_number if full_id else mask_id(r.id_number)


def _show_household(r: RosterRow, full_id: bool) -> str:
    return r.household if full_id else household_shown(r.household)


def _quote(r: RosterRow) -> MemberQuote:
    """A quoted row's quote (the sheet's ``quoted`` and the register are given quoted rows only)."""
    q = r.quote
    assert q is not None
    return q


def _problem_note(r: RosterRow) -> str:
    return "问题行,未计费:" + r.reason + (f";{corrected_note(r)}" if r.corrected else "")


def _screen_category(r: RosterRow, result: RosterResult | None) -> str:
    if not r.category:
        return r.category_text
    return result.category_name(r.category) if result is not None else r.category


def _screen_district(r: RosterRow, result: RosterResult | None) -> str:
    if not r.district:
        return r.district_text
    return result.district_name(r.district) if result is not None else r.district


def _screen_status(r: RosterRow, result: RosterResult | None) -> str:
    if not r.ok:
        return r.reason
    note = row_note(r)
    return "已计费" + (f";{note}" if note else "")


#: the full aid labels (AID_LABELS) are long: the window shows these (the full one as a tooltip) …
SCREEN_AID = {"none": "", "extreme_poverty": "特困供养等", "other_aid": "其他救助"}
#: … and the register these
PAPER_AID = {"none": "", "extreme_poverty": "特困/孤儿等", "other_aid": "其他救助"}

COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn(
        "seq",
        paper=Paper("序号", 4, lambda r, res, seq: str(seq), attrs=" align='right'"),
    ),
    RosterColumn(
        "row",
        sheet=Sheet("行号", 7, lambda r, res, full: r.row, lambda r, res, full: r.row, total=lambda res: "合计"),
        screen=Screen("行号", "9999", lambda r, res: r.row, right=True),
    ),
    RosterColumn(
        "household",
        field="household",
        sheet=Sheet(
            "户号",
            12,
            lambda r, res, full: _show_household(r, full),
            lambda r, res, full: _show_household(r, full),
            total=lambda res: f"{res.quoted_households}户",
        ),
        paper=Paper("户号", 7, lambda r, res, seq: _e(household_shown(r.household)), label=True),
        screen=Screen("户号", "999", lambda r, res: household_shown(r.household)),
    ),
    RosterColumn(
        "name",
        field="name",
        sheet=Sheet(
            "姓名",
            10,
            lambda r, res, full: r.name,
            lambda r, res, full: r.name,
            total=lambda res: f"{res.total.members}人",
        ),
        paper=Paper("姓名", 7, lambda r, res, seq: _e(r.name), label=True),
        screen=Screen("姓名", "欧阳建国", lambda r, res: r.name),
    ),
    RosterColumn(
        "id_number",
        field="id_number",
        sheet=Sheet("身份证号", 21, lambda r, res, full: _show_id(r, full), lambda r, res, full: _show_id(r, full)),
        paper=Paper("身份证号", 16, lambda r, res, seq: _e(r.masked_id), attrs=" nowrap", label=True),
        screen=Screen("身份证号", "320483********0013", lambda r, res: r.masked_id),
    ),
    RosterColumn(
        "category",
        field="category",
        sheet=Sheet(
            "参保类别",
            12,
            lambda r, res, full: res.category_name(_quote(r).member.category),
            lambda r, res, full: r.category_text,
        ),
        paper=Paper("参保类别", 8, lambda r, res, seq: res.category_name(_quote(r).member.category), label=True),
        screen=Screen("参保类别", "非从业居民", _screen_category),
    ),
    RosterColumn(
        "district",
        field="district",
        sheet=Sheet(
            "所属区",
            11,
            lambda r, res, full: res.district_name(_quote(r).member.district),
            lambda r, res, full: r.district_text,
        ),
        paper=Paper("所属区", 7, lambda r, res, seq: res.district_name(_quote(r).member.district), label=True),
        screen=Screen("所属区", "常州经开区", _screen_district),
    ),
    RosterColumn(
        "aid_status",
        field="aid_status",
        sheet=Sheet(
            "救助身份",
            16,
            lambda r, res, full: AID_LABELS[_quote(r).member.aid_status],
            lambda r, res, full: r.aid_text,
        ),
        paper=Paper("救助身份", 7, lambda r, res, seq: PAPER_AID[_quote(r).member.aid_status], label=True),
        screen=Screen(
            "救助身份", "特困人员等", lambda r, res: r.aid_text if r.aid_status is None else SCREEN_AID[r.aid_status]
        ),
    ),
    RosterColumn(
        "standard",
        sheet=Sheet(
            "缴费标准(元)",
            12,
            lambda r, res, full: _quote(r).standard_individual,
            total=lambda res: res.total.standard,
            money=True,
        ),
    ),
    RosterColumn(
        "medical",
        sheet=Sheet("其中医保(元)", 12, lambda r, res, full: _quote(r).medical_individual, money=True),
    ),
    RosterColumn(
        "ltc",
        sheet=Sheet("其中长护险(元)", 13, lambda r, res, full: _quote(r).ltc_individual, money=True),
    ),
    RosterColumn(
        "individual",
        sheet=Sheet(
            "个人缴费(元)",
            12,
            lambda r, res, full: _quote(r).individual,
            total=lambda res: res.total.individual,
            money=True,
        ),
        paper=Paper(
            "个人缴费(元)",
            8,
            lambda r, res, seq: _money(_quote(r).individual),
            attrs=" align='right'",
            subtotal=lambda t: f"<b>{_money(t.individual)}</b>",
            total=lambda t: f"<b>{_money(t.individual)}</b>",
        ),
        screen=Screen(
            "个人缴费(元)", "1,250.00", lambda r, res: f"{r.quote.individual:,.2f}" if r.quote else "", right=True
        ),
    ),
    RosterColumn(
        "exempted",
        sheet=Sheet(
            "政府代缴(元)",
            12,
            lambda r, res, full: _quote(r).government_pays_individual,
            total=lambda res: res.total.exempted,
            money=True,
        ),
        paper=Paper(
            "政府代缴(元)",
            8,
            lambda r, res, seq: _money(_quote(r).government_pays_individual),
            attrs=" align='right'",
            subtotal=lambda t: _money(t.exempted),
            total=lambda t: f"<b>{_money(t.exempted)}</b>",
        ),
        screen=Screen(
            "政府代缴(元)",
            "1,250.00",
            lambda r, res: (
                f"{r.quote.government_pays_individual:,.2f}" if r.quote and r.quote.government_pays_individual else ""
            ),
            right=True,
        ),
    ),
    RosterColumn(
        "status",
        sheet=Sheet(
            "状态",
            44,
            lambda r, res, full: row_note(r),
            lambda r, res, full: _problem_note(r),
            total=lambda res: f"问题行 {len(res.bad_rows)} 行未计费",
        ),
        paper=Paper("核对结果", 18, lambda r, res, seq: _e(row_note(r) or "")),
        # the last column on screen stretches; its sample is its least width
        screen=Screen("核对结果", "请填写身份证号", _screen_status),
    ),
    RosterColumn("signature", paper=Paper("签字", 10, lambda r, res, seq: "")),
)


def exported() -> tuple[RosterColumn, ...]:
    """The 名册 sheet's columns, in order (before the file's own other columns)."""
    return tuple(c for c in COLUMNS if c.sheet is not None)


def printed() -> tuple[RosterColumn, ...]:
    """The register's household table's columns, in order."""
    return tuple(c for c in COLUMNS if c.paper is not None)


def on_screen() -> tuple[RosterColumn, ...]:
    """The window's table's columns, in order."""
    return tuple(c for c in COLUMNS if c.screen is not None)


def file_text(r: RosterRow, field: str) -> str:
    """The cell of ``field`` as the file has it (the ID number whole: for the window, only while
    the clerk corrects it)."""
    return {
        "household": r.household,
        "name": r.name,
        "id_number": r.id_number,
        "category": r.category_text,
        "district": r.district_text,
        "aid_status": r.aid_text,
    }.get(field, "")


def correctable_fields() -> tuple[str, ...]:
    """The fields a clerk may correct in the window, in the list's order."""
    return tuple(c.field for c in COLUMNS if c.field is not None)
