"""The .xlsx export of a checked roster: 名册, 户汇总, 分类汇总 and 问题行."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from desktop.core.errors import os_reason
from desktop.core.identity import mask_id, mask_ids_in_text
from desktop.core.policy.kinds import District
from desktop.core.roster import table_columns
from desktop.core.roster import xlsx_writer as xs
from desktop.core.roster.common import RosterReadError, refuse_own_source
from desktop.core.roster.result import RosterResult, RosterRow, Totals, household_shown
from desktop.core.slip import DISCLAIMER


def export_xlsx(
    result: RosterResult, path: str | Path, *, full_id: bool = False, source: str | Path | None = None
) -> None:
    """Write the formatted workbook: 名册, 户汇总, 分类汇总, 问题行. IDs are masked unless ``full_id``.
    ``source``, the roster file read, is never written over (RosterReadError).

    Sums are written as numbers (values, not formulas): a file opened read-only or previewed
    on a phone shows them too.
    """

    refuse_own_source(source, path)

    def show_id(number: str) -> str:
        return number if full_id else mask_id(number)

    def show_hh(text: str) -> str:
        return text if full_id else household_shown(text)

    def head(sheet: xs.Sheet, headers: Sequence[str]) -> None:
        sheet.append(xs.Cell(h, xs.HEADER) for h in headers)

    def money(value: object, style: int = xs.MONEY) -> object:
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

    extras = result.extra_headers
    columns = table_columns.exported()
    sheets = [c.sheet for c in columns if c.sheet is not None]
    roster = xs.Sheet("名册", tuple(s.width for s in sheets) + (14,) * len(extras), auto_filter=True)
    roster.print_title_rows = 1
    head(roster, tuple(s.header for s in sheets) + extras)

    def carried(r: RosterRow) -> tuple[str, ...]:
        """The file's other columns, as written (an ID number in one masked like the ID column)."""
        return tuple(r.extra) if full_id else tuple(mask_ids_in_text(v) for v in r.extra)

    for r in result.rows:
        # the cells the clerk corrected in the window in the CORRECTED style
        corrected = {f for f, _ in r.corrected}
        cells: list[object] = []
        for column in columns:
            sheet = column.sheet
            assert sheet is not None
            if r.quote is not None:
                value = sheet.quoted(r, result, full_id)
                if sheet.money:
                    cells.append(money(value))
                    continue
                style = xs.PLAIN
            else:
                value = sheet.problem(r, result, full_id)
                style = xs.BAD
            cells.append(xs.Cell(value, xs.CORRECTED if column.field in corrected else style))
        roster.append(cells + list(carried(r)))
    roster.auto_filter_rows = roster.row_count
    total_row: list[object] = []
    for s in sheets:
        if s.total is None:
            total_row.append(None)
        elif s.money:
            total_row.append(money(s.total(result), xs.SUM_MONEY))
        else:
            total_row.append(xs.Cell(s.total(result), xs.SUM_TEXT))
    roster.append(total_row)
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
    fixed = sum(1 for r in result.rows if r.corrected)
    if fixed:
        summary.append(("在本机更正的行数", xs.Cell(fixed, xs.CORRECTED)))
        summary.append(("", "黄色单元格为在本机更正过的内容,原名册文件未改动;原文见“状态”栏"))
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

    totals_table("按参保类别", ((result.category_name(c), tt) for c, tt in result.by_category))
    totals_table("按所属区", ((result.district_name(d), tt) for d, tt in result.by_district))
    summary.append((xs.Cell("困难群众(医疗救助对象)", xs.SUM_TEXT),))
    summary.append(("人数", t.aid_members))
    summary.append(("个人部分由政府代缴(元)", money(t.exempted)))
    summary.append(())
    summary.append((xs.Cell("各类别每人缴费构成", xs.SUM_TEXT),))
    head(summary, SPLIT_COLUMNS)
    for c, ds, q in result.category_splits:
        summary.append(
            (
                f"{result.category_name(c)}({district_list(result, ds)})", money(q.standard_individual),
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


HOUSEHOLD_COLUMNS = (
    "户号", "首行行号", "计费人数", "成员", "个人缴费合计(元)", "政府代缴合计(元)", "缴费标准合计(元)", "问题行数",
)  # fmt: skip
TOTALS_COLUMNS = ("", "计费人数", "个人缴费(元)", "政府代缴(元)", "缴费标准(元)", "困难群众人数")
SPLIT_COLUMNS = (
    "参保类别(所属区)", "缴费标准(元)", "其中医保(元)", "其中长护险(元)", "财政补助(元)", "长护险政府补助(元)",
    "筹资标准(元)",
)  # fmt: skip
PROBLEM_COLUMNS = ("行号", "户号", "姓名", "身份证号", "参保类别(原文)", "所属区(原文)", "救助身份(原文)", "问题")


def district_list(result: RosterResult, districts: Sequence[District]) -> str:
    """“各区(市)” when a line applies to every district of the roster's year, else the districts' names."""
    if len(set(districts)) == len(result.district_names):
        return "各区(市)"
    return "、".join(result.district_name(d) for d in districts)
