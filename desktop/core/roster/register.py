"""The printed register of a checked roster: HTML grouped by household, IDs masked, a signature column."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.roster import table_columns
from desktop.core.roster.result import RosterResult, RosterRow, Totals, household_shown, row_note
from desktop.core.slip import DISCLAIMER


@dataclass(frozen=True, slots=True)
class RegisterPage:
    """What one printed page holds, as the printing side measured it: table rows of one line, and
    characters on one line of the 核对结果 column. A household never splits across two pages."""

    lines: int
    note_chars: int

    def row_lines(self, note: str | None) -> int:
        return max(1, math.ceil(len(note or "") / max(self.note_chars, 1)))


#: lines the title, the file line and a stale-year warning take above the first table
_FIRST_PAGE_HEAD = 6


def register_html(result: RosterResult, *, title: str | None = None, page: RegisterPage | None = None) -> str:
    """The printable register, grouped by household, IDs always masked, with a signature column.

    Plain HTML 4 tables with attributes rather than CSS: Qt's QTextDocument (print preview) and
    any browser render it the same way. With ``page``, a household that would not fit on the rest
    of a page starts the next one (its rows and its 小计 stay together).
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
    columns = [c.paper for c in table_columns.printed() if c.paper is not None]
    fields = [c.field for c in table_columns.printed()]
    head = _register_head(columns)
    seq = 0
    used = _FIRST_PAGE_HEAD
    for n, (key, members) in enumerate(by_house.items()):
        need = 1 + (sum(page.row_lines(row_note(r)) for r in members) if page is not None else 0)
        if page is not None and n and used + need > page.lines:
            # the household goes to the next page whole, under the header again
            out.append("</tbody></table>" + head.replace("<table ", _PAGE_BREAK, 1))
            used = 1
        elif n % _REGISTER_CHUNK == 0:
            out.append(("</tbody></table>" if n else "") + head)
            used += 1
        used += need
        for r in members:
            seq += 1
            fixed = {f for f, _ in r.corrected}
            out.append(
                "<tr>"
                + "".join(
                    _cell(p.attrs, p.cell(r, result, seq), f in fixed) for p, f in zip(columns, fields, strict=True)
                )
                + "</tr>"
            )
        ht = totals[key]
        out.append(_sum_row(columns, "#eeeeee", f"本户 {ht.members} 人小计", ht, subtotal=True))
    t = result.total
    out.append(
        ("" if by_house else head)
        + _sum_row(columns, "#dddddd", f"<b>合计 {result.quoted_households} 户 {t.members} 人</b>", t, subtotal=False)
        + "</tbody></table>"
    )
    out.append("<h3>汇总</h3><table border='1' cellspacing='0' cellpadding='3'>")
    out.append("<tr><th></th><th>人数</th><th>个人缴费(元)</th><th>政府代缴(元)</th></tr>")
    for label, tt in [(result.category_name(c), x) for c, x in result.by_category] + [
        (result.district_name(d), x) for d, x in result.by_district
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
    if any(r.corrected for r in result.rows):
        out.append("<p>※ 带下划线的内容已在本机更正(原名册文件未改动),原文见“核对结果”栏。</p>")
    out.append(f"<p>{e(result.age_rule)}</p><p>{e(DISCLAIMER)}</p><p>{e(result.provenance)}</p>")
    out.append("<p>经办人签字:______________ 日期:______________</p></body></html>")
    return "".join(out)


def _register_head(columns: Sequence[table_columns.Paper]) -> str:
    """The household table's opening and header row: widths fixed, so every table lines up."""
    return (
        "<table border='1' cellspacing='0' cellpadding='2' width='100%'><thead><tr>"
        + "".join(f"<th width='{p.width}%'>{p.header}</th>" for p in columns)
        + "</tr></thead><tbody>"
    )


def note_share() -> float:
    """The 核对结果 column's share of the page width."""
    return next(c.paper.width for c in table_columns.printed() if c.key == "status" and c.paper) / 100


_PAGE_BREAK = "<table style='page-break-before: always' "
# Qt lays out one long table far more slowly than many short ones (10,000 rows: ~40 s against a
# few seconds); households never split across two tables, widths are fixed so the columns line up.
_REGISTER_CHUNK = 20


def _cell(attrs: str, text: str, corrected: bool) -> str:
    """A register cell; a corrected one underlined and marked ※ (on black-and-white paper too)."""
    return f"<td{attrs}><u>{text}</u>※</td>" if corrected else f"<td{attrs}>{text}</td>"


def _sum_row(columns: Sequence[table_columns.Paper], colour: str, label: str, t: Totals, *, subtotal: bool) -> str:
    """A household's 小计 or the 合计 row: the label across the label columns, each column's sum."""
    cells: list[str] = []
    span = 0
    for p in columns:
        if p.label:
            span += 1
            continue
        if span:
            cells.append(f"<td colspan='{span}'>{label}</td>")
            span = 0
        figure = p.subtotal if subtotal else p.total
        cells.append("<td></td>" if figure is None else f"<td{p.attrs}>{figure(t)}</td>")
    if span:
        cells.append(f"<td colspan='{span}'>{label}</td>")
    return f"<tr bgcolor='{colour}'>" + "".join(cells) + "</tr>"
