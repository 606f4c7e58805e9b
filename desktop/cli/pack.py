"""`python -m desktop pack ...`: write, check, build and manage policy packs, and propose a new
year's figures from its notice. Never imports Qt.

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
        prog="python -m desktop pack",
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
    _signing_options(b)

    g = sub.add_parser("sign", help="用本单位的签名密钥给政策包签名")
    g.add_argument("file", type=Path, help="要签名的 .czpack")
    g.add_argument("-o", "--output", type=Path, help="签好名的政策包写到这里,默认改写原文件")
    g.add_argument("--key", type=Path, help="签名私钥备份文件(.czsecret),默认用本机的签名密钥")

    k = sub.add_parser("key", help="签名密钥:生成、导出、信任、列出")
    ksub = k.add_subparsers(dest="key_action", required=True)
    kn = ksub.add_parser("new", help="生成本单位的签名密钥(每个单位只需一次)")
    kn.add_argument("--office", required=True, help="单位名称,会写在公钥和每个签名里")
    ke = ksub.add_parser("export", help="导出公钥(.czkey,发给各窗口);加 --private 导出私钥备份")
    ke.add_argument("-o", "--output", required=True, type=Path, help="写出的文件")
    ke.add_argument("--private", action="store_true", help="导出签名私钥的备份(.czsecret),请妥善保管")
    kt = ksub.add_parser("trust", help="信任一个单位的公钥(.czkey),此后它签名的政策包可直接安装")
    kt.add_argument("file", type=Path)
    ku = ksub.add_parser("untrust", help="不再信任一个导入的公钥(内置公钥不能移除)")
    ku.add_argument("fingerprint", help="公钥指纹,如 3F2A-91C0-7D4E-B815")
    kr = ksub.add_parser("restore", help="从私钥备份恢复本单位的签名密钥(换电脑时)")
    kr.add_argument("file", type=Path)
    ksub.add_parser("list", help="列出本机的签名密钥和信任的公钥")

    sub.add_parser("list", help="列出内置年度和已安装的政策包")

    pr = sub.add_parser("propose", help="对照新通知的文字,为底稿年度的每个数值提出新数值(找不到的写“未找到”)")
    pr.add_argument("--base", type=int, help="底稿年度,默认本机最新年度")
    pr.add_argument("--notice", required=True, type=Path, help="新通知文件:.txt、.docx、.pdf 或 .html")
    pr.add_argument("--json", action="store_true", help="输出 JSON 而不是表格")

    i = sub.add_parser("inspect", help="检查一个政策包并列出它相对上一年度的变化(不安装)")
    i.add_argument("file", type=Path)

    n = sub.add_parser("install", help="检查并安装政策包")
    n.add_argument("file", type=Path)
    n.add_argument("--quiet", action="store_true", help="不列出与上一年度的差异")
    n.add_argument(
        "--allow-unconfirmed",
        action="store_true",
        help=f"政策包未签名或签名单位未经本机信任时仍然安装(算出的结果都标注“{packs.UNCONFIRMED}”)",
    )

    for name, text in (("remove", "删除"), ("disable", "停用"), ("enable", "启用")):
        s = sub.add_parser(name, help=f"{text}已安装的政策包(内置年度不能{text})")
        s.add_argument("year", type=int)
        s.add_argument("version", nargs="?", help="数据版本;该年度只装了一个版本时可省略")
    return parser


def _signing_options(b: argparse.ArgumentParser) -> None:
    b.add_argument("--sign", action="store_true", help="用本机的签名密钥签名(没有密钥时先运行 pack key new)")
    b.add_argument("--key", type=Path, help="用签名私钥备份文件(.czsecret)签名")


def _signing_key(args: argparse.Namespace) -> packs.OfficeKey | None:
    """The key the command signs with: a backup file given by --key, else this PC's with --sign."""
    from desktop.core.packs import signing

    if getattr(args, "key", None) is not None:
        return signing.read_office_key(args.key)
    if getattr(args, "sign", True):
        key = packs.load_office_key()
        if key is None:
            raise packs.PackError("本机还没有签名密钥:先运行 pack key new --office 单位名称")
        return key
    return None


def _signature_lines(pack: packs.Pack) -> list[str]:
    status = packs.verify(pack)
    if not status.signed:
        return ["签名:未签名"]
    trusted = "本机信任这把公钥" if status.trusted else "本机未信任这把公钥"
    return [f"签名:{status.office}(指纹 {status.fingerprint}),{trusted}"]


def _pack_summary(pack: packs.Pack) -> list[str]:
    m = pack.manifest
    issued = f",{m.notice.issued:%Y-%m-%d}" if m.notice.issued else ""
    return [
        f"年度:{pack.year}",
        f"数据版本:{pack.data_version}",
        f"校验值:{pack.short_hash}(sha256 {pack.sha256})",
        f"依据通知:{m.notice.title}({m.notice.issuer}{issued})",
        f"打包时间:{m.created:%Y-%m-%d %H:%M}",
        *_signature_lines(pack),
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
    _out(
        "模板中每个数值都标为“待核对”,并且要逐项确认后 pack check 才会通过;"
        "逐项核对、确认、生成政策包请用程序的“工具 → 制作政策包…”窗口(它从同一底稿年度开始)。"
    )
    return 0


def _shown(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k}={_shown(v)}" for k, v in value.items())
    return str(value)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _propose(args: argparse.Namespace) -> int:
    from desktop.core.packs import notice_text, propose

    policies = packs.load_all(dt.date.today()).policies
    year = args.base if args.base is not None else policies.years[-1]
    if year not in policies:
        _err(f"本机没有 {year} 年度的政策数据;可用年度:{'、'.join(str(y) for y in policies.years)}")
        return 2
    try:
        text = notice_text.read_notice(args.notice)
    except notice_text.NoticeError as exc:
        _err(str(exc))
        return 2
    entry = policies.entry(year)
    proposals = propose.propose(propose.policy_document(entry.policy), text)
    found = propose.found_count(proposals)
    if args.json:
        import json

        data = {
            "base_year": year,
            "base_data_version": entry.policy.data_version,
            "notice": str(args.notice),
            "found": found,
            "figures": len(proposals),
            "proposals": [propose.proposal_json(p) for p in proposals],
        }
        _out(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    _out(f"底稿 {year} 年度({entry.policy.data_version}),新通知 {args.notice}:{len(proposals)} 个数值,找到 {found} 个")
    _out("找到的只是提议,每一项都要对照通知核对;未找到的请自己填写。各列以制表符分隔,可粘贴到表格软件。")
    _out("\t".join(("状态", "数值", "路径", "上年", "提议", "新通知原文 / 说明")))
    for p in proposals:
        row = (
            "找到" if p.found else propose.NOT_FOUND,
            p.label,
            p.path,
            _short(_shown(p.old_value), 40),
            _short(_shown(p.proposed), 40) if p.found else "",
            _short(p.sentence, 80) if p.found else (f"{p.note}:{_short(p.sentence, 60)}" if p.sentence else p.note),
        )
        _out("\t".join(row))
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
        key = _signing_key(args)
        pack = packs.build_pack(
            args.file, args.output, args.notice_title, args.notice_issuer, args.notice_issued, key=key
        )
    except packs.PackError as exc:
        _err(f"{args.file}:{exc.reason}")
        for line in _problem_lines(exc.problems):
            _err(line)
        return 2
    _out(f"已生成政策包:{args.output}")
    for line in _pack_summary(pack):
        _out("  " + line)
    return 0


TRUST_LABELS = {"bundled": "内置", "trusted": "已签名,本机信任", "untrusted": "已签名,本机未信任", "unsigned": "未签名"}


def _list(_: argparse.Namespace) -> int:
    result = packs.load_all(dt.date.today())
    _out(f"{'年度':<6}{'数据版本':<12}{'来源':<8}{'校验值':<14}{'状态':<12}签名")
    for row in result.rows:
        if row.problem:
            state = "已损坏,未使用"
        elif not row.enabled:
            state = "已停用"
        elif row.active:
            state = "使用中"
        else:
            state = "未使用(有更新的版本)"
        signed = TRUST_LABELS.get(row.trust, row.trust) + (f":{row.signer}" if row.signer else "")
        _out(
            f"{row.year:<8}{row.data_version:<14}{ORIGIN_LABELS[row.origin]:<8}{row.short_hash:<16}{state:<12}{signed}"
        )
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
    try:
        packs.check_installable(pack)  # refused anyway: say the real reason, not the warning
    except packs.PackError as exc:
        _err(exc.reason)
        return 2
    warning = packs.install_warning(packs.verify(pack))
    if warning and not args.allow_unconfirmed:
        _err(f"{args.file}:未安装。{warning}")
        _err("确认仍要安装,请加 --allow-unconfirmed。")
        return 2
    report = [] if args.quiet else _diff_report(pack)
    try:
        installed = packs.install(pack)
    except packs.PackError as exc:
        _err(exc.reason)
        return 2
    _out(f"已安装 {pack.year} 年度政策数据 {pack.data_version}(校验值 {pack.short_hash})→ {installed.path}")
    for line in _signature_lines(pack):
        _out(line)
    if warning:
        _err(
            f"注意:这份数据来源未确认,用它算出的每个界面、打印单和导出文件都标注“{packs.UNCONFIRMED}”;"
            "核对指纹并信任发包单位的公钥(pack key trust 公钥文件)后,标注消失。"
        )
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


def _sign(args: argparse.Namespace) -> int:
    key = _signing_key(args)
    if key is None:  # not reached: signing is what the command is for
        return 2
    out = args.output or args.file
    pack = packs.sign_pack(args.file, key, out)
    _out(f"已签名:{out}(签名单位 {key.office},指纹 {key.fingerprint})")
    for line in _pack_summary(pack):
        _out("  " + line)
    return 0


def _key(args: argparse.Namespace) -> int:
    from desktop.core.packs import signing

    action = args.key_action
    if action == "new":
        key = packs.new_office_key(None, args.office)
        _out(f"已生成签名密钥:{key.office},指纹 {key.fingerprint}")
        _out(f"私钥保存在 {signing.office_key_path()}")
        _out("下一步:pack key export -o 公钥文件.czkey 导出公钥发给各窗口;pack key export --private 备份私钥。")
    elif action == "export" and args.private:
        key = signing.export_private_key(None, args.output)
        _out(f"已导出签名私钥备份:{args.output}({key.office},指纹 {key.fingerprint})")
        _err("警告:" + packs.PRIVATE_KEY_WARNING)
    elif action == "export":
        public = packs.export_public_key(None, args.output)
        _out(f"已导出公钥:{args.output}({public.office},指纹 {public.fingerprint})")
        _out("把这个文件随程序发给各窗口;窗口导入前请电话核对指纹。")
    elif action == "trust":
        public = packs.trust_key(None, args.file)
        _out(f"已信任公钥:{public.office},指纹 {public.fingerprint}")
        _out("请确认这个指纹与发包单位电话告知的一致。")
    elif action == "untrust":
        public = signing.untrust_key(None, args.fingerprint)
        _out(f"已不再信任:{public.office},指纹 {public.fingerprint}")
    elif action == "restore":
        key = packs.restore_office_key(None, args.file)
        _out(f"已恢复签名密钥:{key.office},指纹 {key.fingerprint}")
    else:
        return _key_list()
    return 0


def _key_list() -> int:
    from desktop.core.packs import signing

    own = packs.load_office_key()
    _out(f"本机签名密钥:{own.office},指纹 {own.fingerprint}" if own else "本机签名密钥:无")
    keys, problems = packs.trusted_keys()
    _out(f"信任的公钥({len(keys)} 个):")
    for k in keys:
        origin = "随程序内置" if k.origin == "bundled" else "本机导入"
        _out(f"  {k.key.fingerprint}  {k.key.office}({origin})")
    _out(f"公钥目录:{signing.trusted_dir()}")
    for problem in problems:
        _err(f"问题:{problem}")
    return 2 if problems else 0


ACTIONS = {
    "template": _template,
    "check": _check,
    "build": _build,
    "list": _list,
    "inspect": _inspect,
    "propose": _propose,
    "install": _install,
    "sign": _sign,
    "key": _key,
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
