"""The one bounded JSON reader (desktop/core/jsonsafe.py): one set of limits (desktop/core/limits.py)
for a CLI input, the session and a case file, one error type, each refusal worded for its reader."""

from __future__ import annotations

import collections
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core import limits
from desktop.core.jsonsafe import WORDS, JsonLimitError, loads_limited

BIG = 5_000_000


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("[" * 2000 + "]" * 2000, "嵌套"),
        ('{"a":' * 500 + "1" + "}" * 500, "嵌套"),
        ('{"n": ' + "9" * 5000 + "}", "位的数字"),
        ('{"n": 1' + "0" * 60 + ".5}", "位的数字"),
        ('{"n": 1e999}', "超出范围"),
        ('{"n": 1e9999999999999999999}', "超出范围"),  # past Decimal's exponent: was a traceback
        ('{"n": NaN}', "不是数字"),
        ('{"n": -Infinity}', "不是数字"),
        ('{"a": 1', "不完整"),
        ('{"a": "x\x00"}', "不完整"),
        ("", "不完整"),
        (b"\xff\xfe{}", "UTF-8"),
        (b"{" + b" " * 6_000_000, "太大"),
        ('{"members": [' + ",".join(["{}"] * 1001) + "]}", "超过 1000 项"),
        ("[[" + ",".join(["1"] * 1001) + "]]", "超过 1000 项"),
        ('{"a": "\\udc00"}', "无法识别的字符编码"),
        ('{"a": "\\ud83d"}', "无法识别的字符编码"),
    ],
    ids=lambda v: repr(v)[:30] if isinstance(v, str | bytes) and len(v) > 30 else None,
)
def test_json_beyond_the_limits_is_refused_in_chinese(data: str | bytes, reason: str) -> None:
    with pytest.raises(JsonLimitError) as info:
        loads_limited(data, max_bytes=BIG)
    assert reason in info.value.reason


def test_json_within_the_limits_is_read_and_brackets_in_strings_do_not_count() -> None:
    text = (
        '\ufeff{"a": "'
        + "[" * 3000
        + '", "n": 12345678901234567890, "x": 1.25, "t": [[[true]]], "e": "\\ud83d\\ude00"}'
    )
    data = loads_limited(text, max_bytes=BIG)
    assert data["n"] == 12345678901234567890 and data["x"] == 1.25 and data["t"] == [[[True]]]
    assert data["e"] == "\U0001f600"  # a whole surrogate pair is one character, kept


# ------------------------------------------------------------------ one set of limits


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def number(chars: int) -> str:
    return "1" * chars


@pytest.mark.parametrize("cli", [False, True], ids=["file", "cli"])
def test_the_same_limits_for_a_cli_input_and_a_file_the_window_wrote(cli: bool) -> None:
    # depth: 20 levels read, 21 refused (before: a session or case file was allowed 40)
    assert loads_limited(nested(limits.MAX_JSON_DEPTH), max_bytes=BIG, cli=cli)
    with pytest.raises(JsonLimitError) as info:
        loads_limited(nested(limits.MAX_JSON_DEPTH + 1), max_bytes=BIG, cli=cli)
    assert info.value.code == "depth" and "20 层" in info.value.reason
    # one number: 30 characters read, 31 refused (before: 40 in a session or case file)
    assert loads_limited(f"[{number(30)}]", max_bytes=BIG, cli=cli) == [int(number(30))]
    with pytest.raises(JsonLimitError) as info:
        loads_limited(f"[{number(31)}]", max_bytes=BIG, cli=cli)
    assert info.value.code == "number" and "30 位" in info.value.reason
    # a key written twice is refused, not silently overwritten (before: the last one won in a case file)
    with pytest.raises(JsonLimitError) as info:
        loads_limited('{"tabs": 1, "tabs": 2}', max_bytes=BIG, cli=cli)
    assert info.value.code == "duplicate"


def test_the_deepest_and_widest_file_the_program_writes_is_read() -> None:
    # a session: document → tabs → simulation → events list → event (5 levels), and the roster
    # tab's corrections keyed by row: thousands of keys in one object (a CLI object has at most 50)
    session = {
        "version": 1,
        "policy_year": 2025,
        "current_tab": 0,
        "tabs": {
            "simulation": {"person": {"category": "adult"}, "events": [{"kind": "inpatient", "date": None}] * 1000},
            "roster": {"corrections": {str(row): {"id_number": "x"} for row in range(20_000)}, "mapping": None},
        },
    }
    raw = json.dumps(session, ensure_ascii=False, indent=2).encode("utf-8")
    assert loads_limited(raw, max_bytes=BIG) == session


def test_a_cli_input_reads_money_as_decimal_and_is_worded_for_the_command_line() -> None:
    assert loads_limited('{"cost": 12000.50}', max_bytes=limits.MAX_JSON_BYTES, cli=True) == {
        "cost": Decimal("12000.50")
    }
    # a file the window reads too: a number with a fraction is never a float
    assert loads_limited('{"cost": 0.1}', max_bytes=BIG) == {"cost": Decimal("0.1")}
    assert type(loads_limited("[0.1]", max_bytes=BIG)[0]) is Decimal
    with pytest.raises(JsonLimitError) as info:
        loads_limited('{"cost": 1e9999999999999999999}', max_bytes=BIG, cli=True)
    assert info.value.field == "FILE" and "超出范围" in info.value.reason
    with pytest.raises(JsonLimitError) as info:
        loads_limited('{"n": NaN}', max_bytes=BIG, cli=True)
    assert info.value.reason == "JSON 中不能写 NaN,请写具体的数字" and info.value.field == "FILE"
    with pytest.raises(JsonLimitError) as info:
        loads_limited('{"events": [' + ",".join(["{}"] * 1001) + "]}", max_bytes=BIG, cli=True)
    assert (info.value.field, info.value.reason) == ("events", "列表有 1001 项,最多 1000 项")
    wide = "{" + ",".join(f'"k{i}": {i}' for i in range(51)) + "}"
    with pytest.raises(JsonLimitError) as info:
        loads_limited(wide, max_bytes=BIG, cli=True)
    assert info.value.reason == "JSON 的一个对象有 51 个字段(最多 50 个),不是本程序的输入格式"
    assert len(loads_limited(wide, max_bytes=BIG)) == 51  # a file the window wrote: roster rows
    with pytest.raises(JsonLimitError) as info:
        loads_limited('{"members": [{"name": "\\ud800"}]}', max_bytes=BIG, cli=True)
    assert (info.value.field, info.value.reason) == ("members[0].name", "含有控制字符或无法显示的字符,请重新输入")


@pytest.mark.parametrize("code", sorted(WORDS))
def test_every_refusal_the_clerk_sees_has_no_latin_word(code: str) -> None:
    clerk = WORDS[code][0].format_map(collections.defaultdict(lambda: "1"))
    assert not any("a" <= ch.lower() <= "z" for ch in clerk.replace("UTF-8", ""))


# ------------------------------------------------------------------ every reader of the program's JSON

#: the JSON read without the one reader, and why
NOT_THROUGH_THE_READER = {
    # a backup's manifest lists up to 20,000 files (backup.MAX_MEMBERS), beyond the reader's 1000
    # items; it is bounded by its own size and count before and after parsing
    "desktop/core/backup.py",
    # the pre-validated policy snapshot, on the start-up path: its body is read only once its hash
    # matches the one the program wrote in its header
    "desktop/core/policy/snapshot.py",
    # the self-test's round trip of what it has just written itself
    "desktop/ui/selftest.py",
}


def test_every_json_the_program_reads_goes_through_the_one_reader() -> None:
    root = Path(__file__).resolve().parents[2]
    readers = sorted(
        path.relative_to(root).as_posix()
        for path in (root / "desktop").rglob("*.py")
        if re.search(r"\bjson\.loads?\(", path.read_text(encoding="utf-8"))
    )
    assert readers == sorted(NOT_THROUGH_THE_READER | {"desktop/core/jsonsafe.py"})


def test_a_key_file_with_a_field_written_twice_is_refused() -> None:
    from desktop.core.packs import PackError
    from desktop.core.packs.signing import PublicKey, public_key_from_bytes

    raw = PublicKey("常州市医疗保障局", bytes(range(32))).to_bytes()
    assert public_key_from_bytes(raw).office == "常州市医疗保障局"
    # before: the first "office" was silently overwritten by the second, and the file accepted
    twice = raw.replace(b"{", b'{\n  "office": "\xe5\x88\xab\xe7\x9a\x84\xe5\x8d\x95\xe4\xbd\x8d",', 1)
    with pytest.raises(PackError) as info:
        public_key_from_bytes(twice)
    assert info.value.reason == "公钥文件不是有效的文件,可能已损坏或未复制完整"
