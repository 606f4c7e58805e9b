"""Input limits: the one set every JSON document is read within (by desktop.core.jsonsafe, the
one bounded JSON reader), the size of a CLI input read before parsing, and the shape of a CLI
payload (``bounded_payload``: lists, texts, fields, integers).

Every limit is far beyond what a real household, person or year reaches (docs/CLI.md lists
them) and beyond anything the program writes itself (a session or case file nests 5 levels);
beyond it the input is refused with a Chinese message instead of being parsed for minutes, or
raising RecursionError / ValueError deep inside the standard library.
"""

from __future__ import annotations

import unicodedata
from typing import IO, Any

from desktop.core.errors import InputProblem

#: a quote or a year of events is a few kilobytes; 1 MB is hundreds of times that
MAX_JSON_BYTES = 1_000_000
#: the deepest real input is 3 levels (object → events list → event), the deepest file the
#: program writes 5 (a session: document → tabs → tab → events list → event)
MAX_JSON_DEPTH = 20
#: characters of one JSON number: money has at most 10 whole digits and 2 decimals
MAX_NUMBER_CHARS = 30
#: characters of one text value (names are at most 40, identifiers much shorter)
MAX_TEXT_CHARS = 200
#: members of one household in a quote (a collective household included)
MAX_MEMBERS = 100
#: medical events of one person in one year (a visit every day is 366)
MAX_EVENTS = 1000
#: items of any other list in an input (and of any list in a session or case file)
MAX_LIST_ITEMS = MAX_EVENTS
#: keys of one object of a CLI input (the widest has 10 fields). Not a limit of a file the window
#: wrote: a session or case file keeps the clerk's corrections of a roster by row, thousands of them
MAX_OBJECT_KEYS = 50

#: the refusal of nesting beyond MAX_JSON_DEPTH, by the reader and by ``bounded_payload``
TOO_DEEP = f"JSON 嵌套层数过多(超过 {MAX_JSON_DEPTH} 层),不是本程序的输入格式"


def read_bounded(stream: IO[bytes], name: str) -> bytes:
    """At most MAX_JSON_BYTES of a file or standard input; more is refused without reading it all."""
    data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise InputProblem(
            "FILE",
            f"{name} 过大(超过 {MAX_JSON_BYTES // 1_000_000} MB);一户或一年的输入只有几 KB,请检查是否选错了文件",
        )
    return data


def field_path(base: str, key: str | int) -> str:
    """Where a value sits, as the CLI's messages name it: ``events[3].name``."""
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
        raise InputProblem("FILE", TOO_DEEP)
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
        return [bounded_payload(v, field_path(where, i), depth + 1) for i, v in enumerate(value)]
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
            out[name] = bounded_payload(v, field_path(where, name), depth + 1)
        return out
    return value
