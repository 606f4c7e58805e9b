"""Input limits, checked before anything is parsed, and the one bounded JSON reader.

Every limit is far beyond what a real household, person or year reaches (docs/CLI.md lists
them); beyond it the input is refused with a Chinese message instead of being parsed for
minutes, or raising RecursionError / ValueError deep inside the standard library.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from typing import IO, Any

from desktop.core.errors import InputProblem

#: a quote or a year of events is a few kilobytes; 1 MB is hundreds of times that
MAX_JSON_BYTES = 1_000_000
#: the deepest real input is 3 levels (object → events list → event)
MAX_JSON_DEPTH = 20
#: characters of one JSON number: money has at most 10 whole digits and 2 decimals
MAX_NUMBER_CHARS = 30
#: characters of one text value (names are at most 40, identifiers much shorter)
MAX_TEXT_CHARS = 200
#: members of one household in a quote (a collective household included)
MAX_MEMBERS = 100
#: medical events of one person in one year (a visit every day is 366)
MAX_EVENTS = 1000
#: items of any other list in an input
MAX_LIST_ITEMS = MAX_EVENTS
#: keys of one JSON object (the widest input object has 10 fields)
MAX_OBJECT_KEYS = 50

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


class _Refused(Exception):
    """Raised from inside json.loads' hooks; turned into an InputProblem outside."""

    def __init__(self, message: str):
        self.message = message


def read_bounded(stream: IO[bytes], name: str) -> bytes:
    """At most MAX_JSON_BYTES of a file or standard input; more is refused without reading it all."""
    data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise InputProblem(
            "FILE",
            f"{name} 过大(超过 {MAX_JSON_BYTES // 1_000_000} MB);一户或一年的输入只有几 KB,请检查是否选错了文件",
        )
    return data


def check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH by scanning the brackets outside strings, before
    json.loads would recurse into them."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise InputProblem("FILE", f"JSON 嵌套层数过多(超过 {MAX_JSON_DEPTH} 层),不是本程序的输入格式")
        else:
            depth -= 1


def _number(text: str) -> str:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(f"JSON 中有一个数字长达 {len(text)} 位(最多 {MAX_NUMBER_CHARS} 位),请检查输入")
    return text


def _int(text: str) -> int:
    return int(_number(text))


def _decimal(text: str) -> Decimal:
    return Decimal(_number(text))


def _constant(text: str) -> Any:
    raise _Refused(f"JSON 中不能写 {text},请写具体的数字")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) > MAX_OBJECT_KEYS:
        raise _Refused(f"JSON 的一个对象有 {len(pairs)} 个字段(最多 {MAX_OBJECT_KEYS} 个),不是本程序的输入格式")
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"字段 {key[:MAX_TEXT_CHARS]} 写了两次,请只保留一个")
        out[key] = value
    return out


def loads(text: str) -> Any:
    """JSON with money as Decimal, after the depth check; numbers too long to be real, NaN,
    Infinity and a key written twice are refused rather than read."""
    check_depth(text)
    try:
        return json.loads(
            text, parse_int=_int, parse_float=_decimal, parse_constant=_constant, object_pairs_hook=_object
        )
    except _Refused as exc:
        raise InputProblem("FILE", exc.message) from None
    except RecursionError:  # the depth check comes first; this is its safety net
        raise InputProblem("FILE", f"JSON 嵌套层数过多(超过 {MAX_JSON_DEPTH} 层),不是本程序的输入格式") from None
    except json.JSONDecodeError as exc:
        raise InputProblem("FILE", f"JSON 格式错误:第 {exc.lineno} 行第 {exc.colno} 列") from None


def _path(base: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


def _text(value: str, where: str) -> str:
    if len(value) > MAX_TEXT_CHARS:
        raise InputProblem(where, f"文字过长({len(value)} 个字,最多 {MAX_TEXT_CHARS} 个)")
    normal = unicodedata.normalize("NFKC", value)
    if any(unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} for ch in normal):
        raise InputProblem(where, "含有控制字符或无法显示的字符,请重新输入")
    return normal


def bounded_payload(value: Any, where: str = "", depth: int = 0) -> Any:
    """A copy of a parsed input with every text NFKC-normalised (full-width digits and letters,
    ideographic spaces), after checking depth, list and text lengths and integer sizes: the same
    checks for a file read by the CLI and a payload handed to it in-process."""
    if depth > MAX_JSON_DEPTH:
        raise InputProblem("FILE", f"JSON 嵌套层数过多(超过 {MAX_JSON_DEPTH} 层),不是本程序的输入格式")
    if isinstance(value, str):
        return _text(value, where)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        # bit_length, not str(): str() of a 5,000-digit int raises ValueError on Python 3.11+
        if value.bit_length() > 100:
            raise InputProblem(where, "数字过大,请检查输入")
        return value
    if isinstance(value, list | tuple):
        if len(value) > MAX_LIST_ITEMS:
            raise InputProblem(where, f"列表有 {len(value)} 项,最多 {MAX_LIST_ITEMS} 项")
        return [bounded_payload(v, _path(where, i), depth + 1) for i, v in enumerate(value)]
    if isinstance(value, dict):
        if len(value) > MAX_OBJECT_KEYS:
            raise InputProblem(where, f"对象有 {len(value)} 个字段,最多 {MAX_OBJECT_KEYS} 个")
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise InputProblem(where, "字段名应为文字")
            name = _text(key, where)
            if name in out:
                raise InputProblem(where, f"字段 {name} 写了两次(全角与半角算同一个),请只保留一个")
            out[name] = bounded_payload(v, _path(where, name), depth + 1)
        return out
    return value
