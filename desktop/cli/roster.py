"""``python -m desktop roster IN -o OUT.xlsx``: quote a village roster and write the workbook.

Prints a short Chinese summary (counts and money only). Names and ID numbers go only into the
files the clerk names with ``-o`` / ``--register``; never to the terminal or a log.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from desktop.app_info import program_name
from desktop.cli.args import ChineseArgumentParser
from desktop.core.atomic import atomic_write_text
from desktop.core.errors import os_reason
from desktop.core.identity import mask_ids_in_text
from desktop.core.packs import load_all
from desktop.core.policy.kinds import District
from desktop.core.policy.loader import PolicyLoadError
from desktop.core.policy.names import district_index, name_key, unknown_district
from desktop.core.roster import (
    FIELD_LABELS,
    ColumnMapping,
    RawTable,
    RosterReadError,
    build_roster,
    detect_mapping,
    export_xlsx,
    header_field,
    read_table,
    register_html,
    summary_lines,
)
from desktop.core.roster.common import refuse_own_source, same_file
from desktop.core.staleness import staleness_message

EXIT_OK = 0
EXIT_INPUT = 2


def _parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(
        prog=f"{program_name()} roster",
        description="读取村组名册(.xlsx/.xls/.csv),逐行核对并测算个人缴费,导出 Excel 汇总和可打印的登记册。",
    )
    p.add_argument("input", metavar="IN", help="名册文件:.xlsx、.xls,或 UTF-8/GBK 编码的 .csv")
    p.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--year", type=int, help="政策年度(默认为已载入的最新年度)")
    p.add_argument(
        "--district",
        metavar="区",
        help="名册未填所属区时使用的区(市):所选年度政策数据所列的区,写 id 或名称(如 wujin 或 武进区)",
    )
    p.add_argument("--full-id", action="store_true", help="导出完整身份证号(默认只显示前6位和后4位)")
    p.add_argument("--register", metavar="REGISTER.html", help="另存可打印的登记册(HTML,身份证号始终遮挡)")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="字段=表头",
        help="表头不标准时指定列,如 --map 姓名=成员名称;字段:" + "、".join(FIELD_LABELS.values()),
    )
    return p


def _fail(message: str) -> int:
    # a message may quote a cell or a header; an ID number in it is masked whatever its source
    print(f"错误:{mask_ids_in_text(message)}", file=sys.stderr)
    return EXIT_INPUT


def _headers_text(table: RawTable) -> str:
    """The header row as the clerk would check it; not quoted when no cell of it is a known
    header, since the row taken for the header may then be a resident's."""
    if not any(header_field(h) for h in table.headers):
        return f"第{table.header_row}行没有认出任何表头,未列出其内容"
    return "、".join(mask_ids_in_text(h) for h in table.headers if h)


def _journal_temps() -> None:
    """An export with full ID numbers is written to a temporary file first: note it in the data
    folder's journal (deleted at the next start if this process is killed), sweep what a killed
    run left, and turn a polite kill (SIGTERM) into an exit that deletes the temporary file."""
    import signal

    from desktop.core import atomic, packs

    folder = packs.data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    atomic.sweep_journal(folder)
    atomic.journal_temps_in(folder)
    if hasattr(signal, "SIGTERM"):
        try:
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        except ValueError:  # not the main thread (a test calling main in a thread)
            pass


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    _journal_temps()
    try:
        loaded = load_all(dt.date.today())
    except PolicyLoadError as exc:
        return _fail("政策数据无法载入:\n" + str(exc))
    for problem in loaded.problems:
        print(f"注意:{problem}", file=sys.stderr)
    policies = loaded.policies
    year = args.year if args.year is not None else policies.years[-1]
    if year not in policies:
        return _fail(f"没有 {year} 年度的政策数据;已载入:{'、'.join(str(y) for y in policies.years)}")
    district: District | None = None
    if args.district is not None:
        district = district_index(policies[year]).get(name_key(args.district))
        if district is None:
            return _fail("--district:" + unknown_district(policies[year], args.district))
    try:
        table = read_table(args.input)
    except RosterReadError as exc:
        return _fail(str(exc))
    headers = _headers_text(table)
    mapping = detect_mapping(table.headers).mapping.as_dict()
    by_label = {v: k for k, v in FIELD_LABELS.items()} | {k: k for k in FIELD_LABELS}
    for item in args.map:
        label, sep, header = item.partition("=")
        if not sep or label.strip() not in by_label:
            return _fail(f"--map {item}:应写成 字段=表头,字段为 {'、'.join(FIELD_LABELS.values())}")
        if header.strip() not in table.headers:
            return _fail(f"--map {item}:名册中没有表头“{header.strip()}”;表头:{headers}")
        mapping[by_label[label.strip()]] = table.headers.index(header.strip())
    try:
        result = build_roster(
            policies[year],
            table,
            ColumnMapping.from_dict(mapping),
            default_district=district,
            data_hash=policies.entry(year).sha256,
            stale_warning=staleness_message(policies, year, dt.date.today()),
        )
    except RosterReadError as exc:
        return _fail(f"{exc}(表头:{headers};可用 --map 字段=表头 指定列,或用 --district 指定所属区)")
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        out = out.with_suffix(".xlsx")
    try:
        refuse_own_source(args.input, out)
        if args.register:
            refuse_own_source(args.input, args.register)
            if same_file(out, args.register):
                return _fail("--register 与 -o 是同一个文件,请给登记册另取一个文件名")
        export_xlsx(result, out, full_id=args.full_id, source=args.input)
        if args.register:
            atomic_write_text(Path(args.register), register_html(result))
    except RosterReadError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"无法写入 {args.register}:{os_reason(exc)}")
    for line in summary_lines(result):
        print(line)
    print(f"已导出:{out}" + (f";登记册:{args.register}" if args.register else ""))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
