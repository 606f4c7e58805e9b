"""argparse in Chinese: help, usage and every error a user of the command line can meet.

argparse builds its messages from English templates; the titles and the -h help are replaced
when the parser is made, and an error's English sentence is matched against those templates and
said again in Chinese. An error no template matches is never shown in English: the user is sent
to -h instead.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

EXIT_USAGE = 2

_TYPE_NAMES = {"int": "整数", "float": "数字", "Path": "文件路径", "_date": "日期(YYYY-MM-DD)"}

_ARG = r"argument (?P<arg>.+?): "
_TRANSLATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + r"\Z", re.S), chinese)
    for pattern, chinese in (
        (r"the following arguments are required: (?P<v>.*)", "缺少参数:{v}"),
        (r"unrecognized arguments: (?P<v>.*)", "不认识的参数:{v}"),
        (_ARG + r"invalid choice: (?P<v>.*?) \(choose from (?P<c>.*)\)", "参数 {arg} 的取值 {v} 无效,可选:{c}"),
        (_ARG + r"invalid (?P<t>\w+) value: (?P<v>.*)", "参数 {arg} 的值 {v} 无效,应为{t}"),
        (_ARG + r"expected one argument", "参数 {arg} 后面应跟一个值"),
        (_ARG + r"expected at most one argument", "参数 {arg} 后面最多跟一个值"),
        (_ARG + r"expected at least one argument", "参数 {arg} 后面至少跟一个值"),
        (_ARG + r"expected (?P<v>\d+) arguments?", "参数 {arg} 后面应跟 {v} 个值"),
        (_ARG + r"not allowed with argument (?P<v>.*)", "参数 {arg} 不能与 {v} 同时使用"),
        (_ARG + r"ignored explicit argument (?P<v>.*)", "参数 {arg} 不接受值 {v}"),
        (r"one of the arguments (?P<v>.*) is required", "以下参数须给出其中一个:{v}"),
        (r"ambiguous option: (?P<arg>\S+) could match (?P<v>.*)", "选项 {arg} 不明确,可能是:{v}"),
        (r"unexpected option string: (?P<v>.*)", "不认识的选项:{v}"),
        (r"can't open '(?P<v>.*)': .*", "无法打开文件 {v}"),
        # an argparse.ArgumentTypeError raised by our own converters is Chinese already
        (_ARG + r"(?P<v>[^\x00-\x7f].*)", "参数 {arg}:{v}"),
    )
)


def translate(message: str) -> str:
    """argparse's English error sentence in Chinese; never English."""
    for pattern, chinese in _TRANSLATIONS:
        match = pattern.match(message)
        if match:
            parts = match.groupdict()
            if "t" in parts:
                parts["t"] = _TYPE_NAMES.get(parts["t"], "有效的值")
            return chinese.format(**parts)
    return "参数有误,请用 -h 查看用法"


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法:" if prefix is None else prefix)


#: placeholders shown in usage and errors instead of an argument's English name
_METAVARS = {
    "file": "文件",
    "output": "文件",
    "year": "年度",
    "source_year": "年度",
    "old": "较早年度",
    "new": "较新年度",
    "version": "版本",
    "notice_title": "标题",
    "notice_issuer": "发文单位",
    "notice_issued": "日期",
}


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, usage and errors are Chinese; errors exit 2."""

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        if action.metavar is None and action.dest in _METAVARS and action.nargs != 0:
            action.metavar = _METAVARS[action.dest]
        return action

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("title", "命令")
        kwargs.setdefault("metavar", "命令")
        return super().add_subparsers(**kwargs)

    def __init__(self, prog: str | None = None, *, add_help: bool = True, **kwargs: Any):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(prog, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"参数错误:{translate(message)}\n")
        raise SystemExit(EXIT_USAGE)
