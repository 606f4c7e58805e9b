"""Reading a JSON file the program wrote itself (session, case file) without trusting it.

Such a file may be truncated by a power cut, damaged on a USB stick or made by hand. Python's
``json`` recurses once per nesting level (``[`` × 2000 raises RecursionError) and converts a
number of any length (over 4,300 digits raises a ValueError with English text, and fewer still
take quadratic time). Every limit here is checked BEFORE the parser sees the text, and every
refusal is a :class:`JsonLimitError` with a Chinese reason.
"""

from __future__ import annotations

import json
import re
from typing import Any

from desktop.core.limits import MAX_LIST_ITEMS

#: far beyond what a household, a year of events or a roster tab's settings need
DEFAULT_MAX_BYTES = 5_000_000
#: our documents nest about five levels; anything near Python's recursion limit is refused
DEFAULT_MAX_DEPTH = 40
#: the longest number literal accepted (an amount, a year, a tab index): 40 characters
DEFAULT_MAX_NUMBER = 40

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_NUMBER_RUN = re.compile(r"[-+0-9.eE]{%d,}")
#: a UTF-16 surrogate escape without its partner: Python reads it into a str that can never be
#: written back as UTF-8, so every later save of the session or case would fail
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


class JsonLimitError(ValueError):
    """The text is not a JSON document within the limits; ``reason`` says why, in Chinese."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def _depth(text: str) -> int:
    deepest = depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _longest_list(value: Any) -> int:
    """The most items in any one list (the depth is already bounded, so recursion is safe)."""
    if isinstance(value, list):
        return max([len(value), *(_longest_list(v) for v in value)])
    if isinstance(value, dict):
        return max([0, *(_longest_list(v) for v in value.values())])
    return 0


def loads_limited(
    data: bytes | str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_number: int = DEFAULT_MAX_NUMBER,
    max_items: int = MAX_LIST_ITEMS,
) -> Any:
    """Parse ``data`` (UTF-8, a BOM allowed) as JSON, refusing what is too large, too deep, has an
    over-long number, NaN/Infinity, a list longer than any household or year (``max_items``:
    thousands of members would take the window minutes to show), or is not JSON at all."""
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        raise JsonLimitError(f"文件太大({size} 字节,上限 {max_bytes} 字节)")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonLimitError("内容不是 UTF-8 文本") from None
    else:
        text = data
    text = text.removeprefix("\ufeff")
    if _depth(text) > max_depth:
        raise JsonLimitError(f"内容嵌套超过 {max_depth} 层")
    outside = _STRING.sub('""', text)
    if re.search(_NUMBER_RUN.pattern % (max_number + 1), outside):
        raise JsonLimitError(f"内容中有超过 {max_number} 位的数字")
    if _LONE_SURROGATE.search(text):
        raise JsonLimitError("内容中有无法识别的字符编码")

    def refuse_constant(name: str) -> Any:
        raise JsonLimitError("内容中有不是数字的数值")

    def finite_float(literal: str) -> float:
        value = float(literal)
        if value in (float("inf"), float("-inf")):
            raise JsonLimitError("内容中有超出范围的数字")
        return value

    try:
        value = json.loads(text, parse_constant=refuse_constant, parse_float=finite_float)
    except json.JSONDecodeError as exc:
        raise JsonLimitError(f"内容不完整或格式错误(第 {exc.lineno} 行第 {exc.colno} 列)") from None
    except RecursionError:  # the depth check should make this impossible; never a traceback if not
        raise JsonLimitError(f"内容嵌套超过 {max_depth} 层") from None
    if _longest_list(value) > max_items:
        raise JsonLimitError(f"内容中有一个列表超过 {max_items} 项(一户人或一年的就诊远没有这么多)")
    return value
