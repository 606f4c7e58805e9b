"""The one bounded JSON reader: every JSON document the program reads from outside (a CLI input,
the session, a case file, a pack's manifest and signature, the packs' state, a key file, the
officer's draft, the build's facts) goes through :func:`loads_limited`, within the one set of
limits in :mod:`desktop.core.limits`, and every refusal is a :class:`JsonLimitError` (a
ValueError) with a Chinese reason; a caller with a message of its own says that instead. Not
through it: a backup's manifest (up to 20,000 files listed, beyond the 1000 items here; bounded
by its own size and count) and the policy snapshot (read at start once its hash matches).

Such a file may be truncated by a power cut, damaged on a USB stick, made by hand or hostile.
Python's ``json`` recurses once per nesting level (``[`` × 2000 raises RecursionError) and
converts a number of any length (over 4,300 digits raises a ValueError with English text, and
fewer still take quadratic time). The size, the encoding and the nesting are checked BEFORE the
parser sees the text; a number's length as the parser meets it (before it is converted); the
lists and texts of what was read, before the caller sees it.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.core.limits import (
    MAX_JSON_DEPTH,
    MAX_LIST_ITEMS,
    MAX_NUMBER_CHARS,
    MAX_OBJECT_KEYS,
    MAX_TEXT_CHARS,
    TOO_DEEP,
    field_path,
)

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")

#: each refusal's words, by code: (for the clerk, of a file the window wrote: no Latin letters
#: but UTF-8; for the command line, whose contract is JSON: the literal and the counts)
WORDS: dict[str, tuple[str, str]] = {
    "size": ("文件太大({size} 字节,上限 {limit} 字节)", "文件太大({size} 字节,上限 {limit} 字节)"),
    "encoding": ("内容不是 UTF-8 文本", "内容不是 UTF-8 文本"),
    "depth": ("内容嵌套超过 {limit} 层", TOO_DEEP),
    "number": ("内容中有超过 {limit} 位的数字", "JSON 中有一个数字长达 {length} 位(最多 {limit} 位),请检查输入"),
    "constant": ("内容中有不是数字的数值", "JSON 中不能写 {literal},请写具体的数字"),
    "infinite": ("内容中有超出范围的数字", "内容中有超出范围的数字"),
    "duplicate": ("内容中有一个字段写了两次", "字段 {key} 写了两次,请只保留一个"),
    "keys": (
        "内容中有一个对象超过 {limit} 个字段",
        "JSON 的一个对象有 {keys} 个字段(最多 {limit} 个),不是本程序的输入格式",
    ),
    "syntax": ("内容不完整或格式错误(第 {line} 行第 {column} 列)", "JSON 格式错误:第 {line} 行第 {column} 列"),
    "list": ("内容中有一个列表超过 {limit} 项(一户人或一年的就诊远没有这么多)", "列表有 {items} 项,最多 {limit} 项"),
    # a text holding half of a UTF-16 surrogate pair could never be written back as UTF-8, so
    # every later save of the session or case would fail (the CLI's text check words it the same)
    "unshowable": ("内容中有无法识别的字符编码", "含有控制字符或无法显示的字符,请重新输入"),
}


class JsonLimitError(ValueError):
    """The text is not a JSON document within the limits. ``code`` names the fault (a key of
    WORDS), ``reason`` says it in Chinese for its reader (see ``loads_limited``'s ``cli``),
    ``field`` is where (a path such as ``events[3].name``), or ``FILE`` for the whole text."""

    def __init__(self, code: str, field: str = "FILE", **facts: object):
        self.code = code
        self.field = field
        self.facts = facts
        self.reason = WORDS[code][0].format(**facts)
        super().__init__(self.reason)

    def for_cli(self) -> JsonLimitError:
        """The same refusal in the command line's words."""
        self.reason = WORDS[self.code][1].format(**self.facts)
        self.args = (self.reason,)
        return self


def check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH by scanning the brackets outside strings, before
    json.loads would recurse into them."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise JsonLimitError("depth", limit=MAX_JSON_DEPTH)
        else:
            depth -= 1


def _number(text: str) -> str:
    if len(text) > MAX_NUMBER_CHARS:
        raise JsonLimitError("number", length=len(text), limit=MAX_NUMBER_CHARS)
    return text


def _int(text: str) -> int:
    return int(_number(text))


def _decimal(text: str) -> Decimal:
    """A number with a fraction or an exponent, exactly as written (money is never a float).
    One larger than the longest number a file may write out (``1e999``, or an exponent past what
    Decimal holds at all) is refused as out of range, not left to a field or a traceback."""
    try:
        value = Decimal(_number(text))
    except InvalidOperation:
        raise JsonLimitError("infinite") from None
    if value.is_finite() and value and value.adjusted() >= MAX_NUMBER_CHARS:
        raise JsonLimitError("infinite")
    return value


def _constant(text: str) -> Any:
    raise JsonLimitError("constant", literal=text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise JsonLimitError("duplicate", key=key[:MAX_TEXT_CHARS])
        out[key] = value
    return out


def _cli_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object of a CLI input: at most MAX_OBJECT_KEYS fields (its widest has 10). Not a limit
    of a file the window wrote, which keeps a roster's corrections by row, thousands of them."""
    if len(pairs) > MAX_OBJECT_KEYS:
        raise JsonLimitError("keys", keys=len(pairs), limit=MAX_OBJECT_KEYS)
    return _object(pairs)


def _unshowable(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _check_values(value: Any, where: str) -> None:
    """Every list within MAX_LIST_ITEMS and no text a save could not write back (the depth is
    already bounded, so the recursion is too)."""
    if isinstance(value, str):
        if _unshowable(value):
            raise JsonLimitError("unshowable", where or "FILE")
    elif isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            raise JsonLimitError("list", where or "FILE", items=len(value), limit=MAX_LIST_ITEMS)
        for i, item in enumerate(value):
            _check_values(item, field_path(where, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            if _unshowable(key):
                raise JsonLimitError("unshowable", where or "FILE")
            _check_values(item, field_path(where, key))


def loads_limited(data: bytes | str, *, max_bytes: int, cli: bool = False) -> Any:
    """Parse ``data`` (UTF-8, a BOM allowed) as JSON within the limits, refusing what is larger
    than ``max_bytes`` (the caller's kind of file), nested too deep, has an over-long number,
    NaN/Infinity, a key written twice, a list longer than any household or year (thousands of
    members would take the window minutes to show), a text that could not be saved again, or is
    not JSON at all.

    ``cli``: a command-line input: non-integer numbers are read as Decimal (money), an object has
    at most MAX_OBJECT_KEYS fields, and a refusal is worded for the command line; else (a file the
    window wrote) numbers as float, one too large for a float refused, and worded for the clerk."""
    try:
        return _loads(data, max_bytes=max_bytes, cli=cli)
    except JsonLimitError as exc:
        raise (exc.for_cli() if cli else exc) from None


def _loads(data: bytes | str, *, max_bytes: int, cli: bool) -> Any:
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        raise JsonLimitError("size", size=size, limit=max_bytes)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonLimitError("encoding") from None
    else:
        text = data
    text = text.removeprefix("\ufeff")
    check_depth(text)
    try:
        value = json.loads(
            text,
            parse_int=_int,
            parse_float=_decimal,
            parse_constant=_constant,
            object_pairs_hook=_cli_object if cli else _object,
        )
    except json.JSONDecodeError as exc:
        raise JsonLimitError("syntax", line=exc.lineno, column=exc.colno) from None
    except RecursionError:  # the depth check comes first; this is its safety net
        raise JsonLimitError("depth", limit=MAX_JSON_DEPTH) from None
    _check_values(value, "")
    return value
