"""The printed register of a checked roster: HTML grouped by household, IDs masked, a signature column."""

from __future__ import annotations

import html

from desktop.core.policy.kinds import AidStatus
from desktop.core.roster.result import RosterResult, RosterRow, household_shown
from desktop.core.slip import DISCLAIMER


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
                f"<td nowrap>{e(r.masked_id)}</td><td>{result.category_name(q.member.category)}</td>"
                f"<td>{result.district_name(q.member.district)}</td><td>{_short_aid(q.member.aid_status)}</td>"
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

_SHORT_AID = {"none": "", "extreme_poverty": "特困/孤儿等", "other_aid": "其他救助"}


def _short_aid(aid: AidStatus) -> str:
    return _SHORT_AID[aid]
