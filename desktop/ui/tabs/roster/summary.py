"""What the roster tab says about a checked roster: the totals column, the message line, a row's
detail (the one-page slip is ``core.slips.roster``).

Text only, built from the core's ``RosterResult``; the tab puts it on screen.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from desktop.core.money import fmt_yuan
from desktop.core.roster import RosterResult, RosterRow


def tr(text: str) -> str:
    return QCoreApplication.translate("RosterTab", text)


def empty_html() -> str:
    """The totals column before a roster is imported: what to do first."""
    return tr(
        "<p><b>尚未导入名册</b></p><p>点“导入名册…”选择村组名册(Excel 或 CSV)。"
        "表头应有:姓名、身份证号、参保类别,以及户号、救助身份、所属区(可选)。</p>"
        "<p>没有名册时,可点“空白名册模板…”另存一份填写。</p>"
    )


def result_message(r: RosterResult, corrected_rows: Iterable[int]) -> str:
    """The message line: the year, the file, how many rows were quoted and which were corrected here."""
    message = tr("{year}年度 · 名册 {file}(第{header}行为表头):共 {rows} 行,可计费 {good} 人,问题行 {bad} 行").format(
        year=r.policy_year,
        file=r.source,
        header=r.header_row,
        rows=len(r.rows),
        good=r.total.members,
        bad=len(r.bad_rows),
    )
    if r.bad_rows:
        message += tr(";问题行可双击单元格直接改正")
    corrected = sorted(corrected_rows)
    if corrected:
        message += tr(";已在程序中改正第 {rows} 行(原文件未改动,导出和打印按改正后的内容)").format(
            rows="、".join(str(n) for n in corrected)
        )
    return message


def row_detail(r: RosterRow) -> str:
    """The selected row's whole check result, which the table's column may cut short."""
    if r.ok:
        return tr("第{row}行:已计费").format(row=r.row)
    return tr("第{row}行未计费:{reason}。双击该行的单元格可直接改正,改后自动重新核对和测算").format(
        row=r.row, reason=r.reason
    )


def totals_html(r: RosterResult) -> str:
    t = r.total
    lines = [
        f"<p>{tr('个人缴费合计')}<br><span style='font-size:16pt; font-weight:bold'>"
        f"{fmt_yuan(t.individual)}</span></p>",
        "<table cellspacing='0' cellpadding='2'>",
        _line(tr("计费人数"), f"{t.members}"),
        _line(tr("户数"), f"{r.quoted_households}"),
        _line(tr("问题行(未计费)"), f"{len(r.bad_rows)}", bad=bool(r.bad_rows)),
        _line(tr("困难群众人数"), f"{t.aid_members}"),
        _line(tr("政府代缴个人部分"), fmt_yuan(t.exempted)),
        _line(tr("缴费标准合计"), fmt_yuan(t.standard)),
        "</table>",
        f"<p><b>{tr('按参保类别')}</b></p><table cellspacing='0' cellpadding='2'>",
    ]
    for c, ct in r.by_category:
        lines.append(_line(r.category_name(c), fmt_yuan(ct.individual), tr("{n}人").format(n=ct.members)))
    lines.append(f"</table><p><b>{tr('按所属区')}</b></p><table cellspacing='0' cellpadding='2'>")
    for d, dtot in r.by_district:
        lines.append(_line(r.district_name(d), fmt_yuan(dtot.individual), tr("{n}人").format(n=dtot.members)))
    lines.append("</table>")
    lines.append(f"<p style='color:#555'>{r.age_rule}</p>")
    return "".join(lines)


def _line(label: str, value: str, count: str = "", *, bad: bool = False) -> str:
    style = " style='color:#a4000f'" if bad else ""
    return (
        f"<tr><td>{label}</td><td align='right'>&nbsp;{count}</td>"
        f"<td align='right'{style}>&nbsp;&nbsp;{value}</td></tr>"
    )
