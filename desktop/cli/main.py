"""``python -m desktop <command>``: the command line's parser and dispatch. Never imports Qt.

JSON in, JSON out (docs/CLI.md is the contract); bad input exits 2 with Chinese messages naming
the field. The commands live beside this module, one module per group: desktop.cli.calculate
(quote, simulate, waiting, checklist, compare) with its requests in desktop.cli.requests,
desktop.cli.policy (policy, diff), desktop.cli.roster and desktop.cli.pack (which parse their own
arguments).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.app_info import APP_TITLE, program_name
from desktop.cli import calculate
from desktop.cli.args import ChineseArgumentParser
from desktop.cli.commands import COMMANDS, JSON_COMMANDS
from desktop.cli.policy import diff_json, policy_json
from desktop.cli.requests import InputError, input_error, schema
from desktop.core.errors import InputProblem, os_error_message
from desktop.core.identity import mask_ids_in_text
from desktop.core.policy.loader import PolicyLoadError


def _read_json(source: str) -> Any:
    """The input file (or standard input, ``-``), bounded in size and checked before parsing."""
    from desktop.core import limits
    from desktop.core.jsonsafe import JsonLimitError, loads_limited

    try:
        if source == "-":
            raw = limits.read_bounded(sys.stdin.buffer, "标准输入")
        else:
            with Path(source).open("rb") as fh:
                raw = limits.read_bounded(fh, f"文件 {source}")
    except OSError as exc:
        raise InputError([{"field": "FILE", "message": os_error_message(exc, source)}]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        where = "标准输入" if source == "-" else f"文件 {source}"
        raise InputError([{"field": "FILE", "message": f"{where}不是 UTF-8 编码,请另存为 UTF-8"}]) from None
    try:
        return loads_limited(text, max_bytes=limits.MAX_JSON_BYTES, cli=True)
    except JsonLimitError as exc:
        raise InputProblem(exc.field, exc.reason) from None


def _print(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def _roster(argv: list[str]) -> int:
    from desktop.cli import roster

    return roster.main(argv)


def _pack(argv: list[str]) -> int:
    from desktop.cli import pack

    return pack.main(argv)


#: subcommands that own their argument parsing. Each is imported by name inside its function:
#: loaded only when asked for, and seen by PyInstaller (importlib with a variable name is not,
#: and the executable then had no `roster` or `pack`)
DELEGATED: dict[str, Callable[[list[str]], int]] = {"roster": _roster, "pack": _pack}


def _unknown_command(word: str) -> int:
    """A first word that is no command: say so, suggest the nearest, never open the window."""
    import difflib

    near = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.5)
    hint = f"是不是要用 {near[0]}?" if near else ""
    shown = mask_ids_in_text(word[:40])
    sys.stderr.write(f"未知命令“{shown}”。{hint}可用的命令:{'、'.join(COMMANDS)}({program_name()} -h 查看说明)\n")
    return 2


def _quiet_streams() -> None:
    """Output that a console cannot encode is escaped, not a crash; warnings from libraries
    (English, for developers) stay out of the user's terminal."""
    import logging

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


def _parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog=program_name(), description=f"{APP_TITLE} 命令行")
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="{" + ",".join(COMMANDS) + "}")
    for name in JSON_COMMANDS:
        sub.add_parser(name, help=f"{name}: 读 JSON 输入文件(- 为标准输入),输出 JSON").add_argument(
            "file", help="JSON 输入文件,- 为标准输入"
        )
    sub.add_parser("schema", help="输出各命令输入的 JSON Schema")
    sub.add_parser("policy", help="输出某政策年度的全部数据").add_argument("year", type=int, help="政策年度")
    d = sub.add_parser("diff", help="两个政策年度的差异")
    d.add_argument("old", type=int, help="较早的年度")
    d.add_argument("new", type=int, help="较新的年度")
    for name in DELEGATED:
        sub.add_parser(name, help=f"{name} 子命令({program_name()} {name} -h)", add_help=False)
    return parser


def main(argv: list[str]) -> int:
    _quiet_streams()
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (`... | head`): nothing more can be said on that pipe; stop quietly
        # rather than with a traceback, and let the interpreter's final flush go nowhere
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: list[str]) -> int:
    if argv:
        argv = [unicodedata.normalize("NFKC", argv[0]).strip(), *argv[1:]]
    if argv and argv[0] in DELEGATED:
        return DELEGATED[argv[0]](argv[1:])
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        return _unknown_command(argv[0])
    args = _parser().parse_args(argv)
    try:
        policies = calculate.load_years(dt.date.today(), report=True)
    except PolicyLoadError as exc:
        sys.stderr.write("政策数据有误:\n" + "\n".join(str(p) for p in exc.problems) + "\n")
        return 3
    try:
        if args.command in JSON_COMMANDS:
            try:
                payload = _read_json(args.file)
            except InputProblem as exc:
                raise input_error(exc) from None
            _print(calculate.run_command(args.command, payload, policies))
        elif args.command == "schema":
            _print(schema())
        elif args.command == "policy":
            _print(policy_json(policies, args.year))
        elif args.command == "diff":
            _print(diff_json(policies, args.old, args.new))
    except InputError as exc:
        # a field path can hold a key the user wrote (an unknown field), a message a value: mask both
        errors = [
            {"field": mask_ids_in_text(e["field"]), "message": mask_ids_in_text(e["message"])} for e in exc.errors
        ]
        sys.stderr.write(json.dumps({"errors": errors}, ensure_ascii=False, indent=2) + "\n")
        return 2
    return 0
