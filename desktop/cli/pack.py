"""`python -m desktop pack ...`: write, check, build and manage policy packs. Never imports Qt.

Output is plain Chinese text for a policy officer or an administrator, not JSON: results on
standard output, problems on standard error. Exit 0 on success, 2 when the input is refused
(a document with problems, a broken pack, a bundled year asked to be removed), 3 when the
bundled policy data itself cannot load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.app_info import program_name
from desktop.cli.args import ChineseArgumentParser
from desktop.core import packs
from desktop.core.atomic import atomic_write_text
from desktop.core.errors import os_reason
from desktop.core.policy.diff import Change, diff_years
from desktop.core.policy.loader import PolicyLoadError, Problem

ORIGIN_LABELS = {"bundled": "内置", "pack": "政策包"}


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _problem_lines(problems: Sequence[Problem]) -> list[str]:
    return [f"  {p.field or '(整个文件)'}: {p.message}" for p in problems]


def _date(text: str) -> dt.date:
    from desktop.core.inputs import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:  # says whether the form is wrong or the day does not exist
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog=f"{program_name()} pack",
        description="政策包:新年度政策数据的模板、检查、打包与安装管理",
    )
    sub = parser.add_subparsers(dest="action", required=True)

    t = sub.add_parser("template", help="由已有年度生成下一年度的政策数据模板(每个数值都待核对)")
    t.add_argument("--from", dest="source_year", type=int, help="作为底稿的年度,默认本机最新年度")
    t.add_argument("-o", "--output", required=True, type=Path, help="写出的 YAML 文件")
    t.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")

    c = sub.add_parser("check", help="检查政策数据 YAML 文件,列出每个问题及其字段")
    c.add_argument("file", type=Path)

    b = sub.add_parser("build", help="检查并打包成政策包(.czpack)")
    b.add_argument("file", type=Path)
    b.add_argument("-o", "--output", required=True, type=Path, help="输出的 .czpack 文件")
    b.add_argument("--notice-title", help="发布通知的标题,默认取文件中本年度通知的标题")
    b.add_argument("--notice-issuer", help="发文单位,默认取文件中本年度通知的发文单位")
    b.add_argument("--notice-issued", type=_date, help="发文日期 YYYY-MM-DD")

    sub.add_parser("list", help="列出内置年度和已安装的政策包")

    i = sub.add_parser("inspect", help="检查一个政策包并列出它相对上一年度的变化(不安装)")
    i.add_argument("file", type=Path)

    n = sub.add_parser("install", help="检查并安装政策包")
    n.add_argument("file", type=Path)
    n.add_argument("--quiet", action="store_true", help="不列出与上一年度的差异")

    for name, text in (("remove", "删除"), ("disable", "停用"), ("enable", "启用")):
        s = sub.add_parser(name, help=f"{text}已安装的政策包(内置年度不能{text})")
        s.add_argument("year", type=int)
        s.add_argument("version", nargs="?", help="数据版本;该年度只装了一个版本时可省略")
    return parser


def _pack_summary(pack: packs.Pack) -> list[str]:
    m = pack.manifest
    issued = f",{m.notice.issued:%Y-%m-%d}" if m.notice.issued else ""
    return [
        f"年度:{pack.year}",
        f"数据版本:{pack.data_version}",
        f"校验值:{pack.short_hash}(sha256 {pack.sha256})",
        f"依据通知:{m.notice.title}({m.notice.issuer}{issued})",
        f"打包时间:{m.created:%Y-%m-%d %H:%M}",
    ]


def _change_lines(changes: Sequence[Change]) -> list[str]:
    lines = []
    for c in changes:
        label = c.new_citation.label if c.new_citation else (c.old_citation.label if c.old_citation else c.path)
        lines.append(f"  [{c.kind_label}] {c.section} {label}:{c.old or '—'} → {c.new or '—'}")
    return lines


def _diff_report(pack: packs.Pack) -> list[str]:
    loaded = packs.load_all(dt.date.today())
    base = packs.baseline_for(pack, loaded.policies)
    if base is None:
        return ["本机没有更早的年度,无法比较差异。"]
    changes = diff_years(base.policy, pack.policy)
    what = "本机现有的同一年度数据" if base.policy.policy_year == pack.year else f"{base.policy.policy_year} 年度"
    head = f"与{what}({base.policy.data_version},校验值 {base.short_hash})相比:" + (
        f"{len(changes)} 处变化" if changes else "没有变化"
    )
    return [head, *_change_lines(changes)]


def _template(args: argparse.Namespace) -> int:
    policies = packs.load_all(dt.date.today()).policies
    year = args.source_year if args.source_year is not None else policies.years[-1]
    if year not in policies:
        _err(f"本机没有 {year} 年度的政策数据;可用年度:{'、'.join(str(y) for y in policies.years)}")
        return 2
    if args.output.exists() and not args.force:
        _err(f"{args.output} 已存在;如要覆盖请加 --force")
        return 2
    entry = policies.entry(year)
    try:
        atomic_write_text(args.output, packs.make_template(entry.policy))
    except OSError as exc:
        _err(f"无法写出模板 {args.output}:{os_reason(exc)}")
        return 2
    _out(
        f"已写出 {year + 1} 年度模板:{args.output}"
        f"(底稿 {year} 年度 {entry.policy.data_version},校验值 {entry.short_hash})"
    )
    _out("模板中每个数值都标为“待核对”,对照新通知逐项改好后运行 pack check 检查。")
    return 0


def _check(args: argparse.Namespace) -> int:
    policy, problems = packs.check_policy_file(args.file)
    if problems or policy is None:
        _err(f"{args.file}:发现 {len(problems)} 个问题")
        for line in _problem_lines(problems):
            _err(line)
        return 2
    _out(f"{args.file}:检查通过({policy.policy_year} 年度,数据版本 {policy.data_version})")
    return 0


def _build(args: argparse.Namespace) -> int:
    try:
        pack = packs.build_pack(args.file, args.output, args.notice_title, args.notice_issuer, args.notice_issued)
    except packs.PackError as exc:
        _err(f"{args.file}:{exc.reason}")
        for line in _problem_lines(exc.problems):
            _err(line)
        return 2
    _out(f"已生成政策包:{args.output}")
    for line in _pack_summary(pack):
        _out("  " + line)
    return 0


def _list(_: argparse.Namespace) -> int:
    result = packs.load_all(dt.date.today())
    _out(f"{'年度':<6}{'数据版本':<12}{'来源':<8}{'校验值':<14}状态")
    for row in result.rows:
        if row.problem:
            state = "已损坏,未使用"
        elif not row.enabled:
            state = "已停用"
        elif row.active:
            state = "使用中"
        else:
            state = "未使用(有更新的版本)"
        _out(f"{row.year:<8}{row.data_version:<14}{ORIGIN_LABELS[row.origin]:<8}{row.short_hash:<16}{state}")
    _out(f"政策包目录:{packs.packs_dir()}")
    for problem in result.problems:
        _err(f"问题:{problem.file}:{problem.message}")
    # the listing is shown either way; a script learns from the exit code that something is wrong
    return 2 if result.problems else 0


def _read(path: Path) -> packs.Pack | None:
    try:
        return packs.read_pack(path)
    except packs.PackError as exc:
        _err(f"{path}:不能使用这个政策包:{exc.reason}")
        for line in _problem_lines(exc.problems):
            _err(line)
        return None


def _inspect(args: argparse.Namespace) -> int:
    pack = _read(args.file)
    if pack is None:
        return 2
    _out(f"{args.file}:检查通过")
    for line in _pack_summary(pack):
        _out("  " + line)
    for line in _diff_report(pack):
        _out(line)
    return 0


def _install(args: argparse.Namespace) -> int:
    pack = _read(args.file)
    if pack is None:
        return 2
    report = [] if args.quiet else _diff_report(pack)
    try:
        installed = packs.install(pack)
    except packs.PackError as exc:
        _err(exc.reason)
        return 2
    _out(f"已安装 {pack.year} 年度政策数据 {pack.data_version}(校验值 {pack.short_hash})→ {installed.path}")
    for line in report:
        _out(line)
    return 0


def _manage(args: argparse.Namespace) -> int:
    try:
        if args.action == "remove":
            pack = packs.remove(args.year, args.version)
            _out(f"已删除 {pack.year} 年度政策包 {pack.data_version}(校验值 {pack.short_hash})")
        else:
            pack = packs.set_enabled(args.year, args.version, args.action == "enable")
            state = "启用" if pack.enabled else "停用"
            _out(f"已{state} {pack.year} 年度政策包 {pack.data_version}(校验值 {pack.short_hash})")
    except packs.PackError as exc:
        _err(exc.reason)
        return 2
    return 0


ACTIONS = {
    "template": _template,
    "check": _check,
    "build": _build,
    "list": _list,
    "inspect": _inspect,
    "install": _install,
    "remove": _manage,
    "disable": _manage,
    "enable": _manage,
}


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        return ACTIONS[args.action](args)
    except packs.PackError as exc:
        _err(str(exc))
        return 2
    except PolicyLoadError as exc:
        _err("内置政策数据有误:\n" + "\n".join(str(p) for p in exc.problems))
        return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
