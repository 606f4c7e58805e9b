"""What the CLI refuses, and how: strict JSON types, one reading of amounts, ID numbers checked
by the roster's age rule, limits checked before parsing, Chinese messages naming the real cause."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.calculate import run_command
from desktop.cli.main import main
from desktop.cli.requests import InputError
from desktop.core.inputs import AmountError, parse_amount
from desktop.core.policy.loader import PolicySet

ROOT = Path(__file__).resolve().parents[2]
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ENGLISH = re.compile(r"Input should|Value error|Field required|valid |Traceback|error:|usage:")


def make_id(first17: str) -> str:
    """GB 11643 by hand: weighted sum of the first 17 digits mod 11 picks the check character."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def errors_of(command: str, payload: Any, policies: PolicySet) -> list[dict[str, str]]:
    with pytest.raises(InputError) as info:
        run_command(command, payload, policies)
    for e in info.value.errors:
        assert not ENGLISH.search(e["message"]), e
    return info.value.errors


def cli(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """main() in-process, with standard input given as text."""
    out, err = io.StringIO(), io.StringIO()
    fake_in = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    old_in = sys.stdin
    sys.stdin = fake_in
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's own exit
                code = int(exc.code or 0)
    finally:
        sys.stdin = old_in
    return code, out.getvalue(), err.getvalue()


def event(**changes: Any) -> dict[str, Any]:
    return {"date": "2025-03-02", "kind": "inpatient", "compliant_cost": 12000, "hospital_level": 3} | changes


def simulate(person: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    return {"policy_year": 2025, "person": person or {"category": "elderly"}, "events": [event(**changes)]}


# ------------------------------------------------------------------ strict JSON types


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        (simulate(hospital_level=True), "events[0].hospital_level", "1、2 或 3"),
        (simulate(hospital_level=1.0), "events[0].hospital_level", "1、2 或 3"),
        (simulate(date=1740000000), "events[0].date", "不能写成数字"),
        (simulate(date="2025-02-30"), "events[0].date", "2025-02-30 不存在"),
        (simulate(date="2025-13-01"), "events[0].date", "不存在"),
        (simulate(date="2025/03/02"), "events[0].date", "YYYY-MM-DD"),
        (simulate(kind="dual_channel_drug", rare_disease_drug=0), "events[0].rare_disease_drug", "true 或 false"),
        (simulate(compliant_cost=True), "events[0].compliant_cost", "true/false"),
        (
            simulate({"category": "elderly", "continuous_enrolment_years": True}),
            "person.continuous_enrolment_years",
            "整数",
        ),
        ({"policy_year": "2025", "person": {"category": "elderly"}, "events": [event()]}, "policy_year", "整数"),
        ({"policy_year": True, "person": {"category": "elderly"}, "events": [event()]}, "policy_year", "整数"),
    ],
)
def test_wrong_json_types_are_refused(policies: PolicySet, payload: dict[str, Any], field: str, words: str) -> None:
    errors = errors_of("simulate", payload, policies)
    assert any(e["field"] == field and words in e["message"] for e in errors), errors


def test_waiting_flags_and_counts_are_strict(policies: PolicySet) -> None:
    base = {"policy_year": 2025, "payment_date": "2025-03-15"}
    assert errors_of("waiting", base | {"newborn": 1}, policies)[0]["field"] == "newborn"
    assert errors_of("waiting", base | {"years_broken": True}, policies)[0]["field"] == "years_broken"
    (error,) = errors_of("waiting", base | {"years_broken": 1, "years_repaid": 2}, policies)
    assert error["field"] == "years_repaid" and "不能多于断保年数" in error["message"]


def test_birth_after_the_event_is_refused_with_a_reason(policies: PolicySet) -> None:
    payload = simulate({"category": "minor", "birth_date": "2025-06-01"}, kind="pku", date="2025-03-01")
    payload["events"][0].pop("hospital_level")
    (error,) = errors_of("simulate", payload, policies)
    assert error["field"] == "person.birth_date" and "晚于" in error["message"] and "2025-03-01" in error["message"]


# ------------------------------------------------------------------ ID numbers in a quote


def quote(category: str, id_number: str, year: int = 2025) -> dict[str, Any]:
    return {"policy_year": year, "district": "wujin", "members": [{"category": category, "id_number": id_number}]}


def test_a_childs_id_cannot_buy_the_elderly_premium(policies: PolicySet) -> None:
    child = make_id("32041220150720003")  # born 2015-07-20: 9 on 2025-01-01
    (error,) = errors_of("quote", quote("elderly", child), policies)
    assert error["field"] == "members[0].category" and "未满18周岁" in error["message"]
    # the roster's own rule: the same person is a minor, and the quote goes through
    assert run_command("quote", quote("minor", child), policies)["total_individual"] == "390.00"


def test_the_quote_uses_the_rosters_age_day(policies: PolicySet) -> None:
    # born 2007-01-01: 18 on 2025-01-01 (the roster's day), so no longer 未成年居民 in 2025
    adult = make_id("32041220070101002")
    (error,) = errors_of("quote", quote("minor", adult), policies)
    assert "已满18周岁" in error["message"]
    assert run_command("quote", quote("minor", adult, 2024), policies)["total_individual"] != ""


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("32041220150720", "应为18位,现在是14位"),
        ("3204122015O720003X", "第11位是“O”"),
        ("320412201502300031", "2015-02-30 这一天不存在"),
        ("320412201507200031", "校验位(第18位)与前17位对不上"),
    ],
)
def test_a_wrong_id_says_which_rule_failed(policies: PolicySet, raw: str, words: str) -> None:
    (error,) = errors_of("quote", quote("minor", raw), policies)
    assert error["field"] == "members[0].id_number"
    assert words in error["message"] and "请核对身份证号码是否抄错" in error["message"]
    assert raw not in error["message"]


def test_full_width_id_and_values_are_what_they_look_like(policies: PolicySet) -> None:
    child = make_id("32041220150720003")
    wide = child.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    payload = quote("ｍｉｎｏｒ", wide) | {"district": "ｗｕｊｉｎ"}
    assert run_command("quote", payload, policies)["total_individual"] == "390.00"


# ------------------------------------------------------------------ amounts


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1_2000", "例如 12000"),
        ("٣٠٠٠", "阿拉伯数字"),
        (".5", "小数点前请写 0"),
        ("1e3", "例如 12000"),
        ("NaN", "例如 12000"),
        ("Infinity", "例如 12000"),
        ("-5", "不能为负数"),
        ("12.345", "两位小数"),
        ("12345678901", "过大"),
        ("1,23,4", "逗号"),
    ],
)
def test_amount_text_is_refused_the_same_way_everywhere(policies: PolicySet, text: str, words: str) -> None:
    from desktop.ui.widgets.fields import MoneyInputError, parse_money

    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert words in info.value.message
    with pytest.raises(MoneyInputError) as typed:  # the window's money fields
        parse_money(text)
    assert typed.value.message == info.value.message
    (error,) = errors_of("simulate", simulate(compliant_cost=text), policies)
    assert error["field"] == "events[0].compliant_cost" and words in error["message"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12000", "12000.00"),
        ("１２０００", "12000.00"),
        ("1,234.5", "1234.50"),
        ("¥ 800 元", "800.00"),
        ("0.5", "0.50"),
    ],
)
def test_amount_text_that_is_read(text: str, value: str) -> None:
    from desktop.ui.widgets.fields import parse_money

    assert parse_amount(text) == Decimal(value) == parse_money(text)


def test_json_number_amounts(policies: PolicySet) -> None:
    # (12000 - 1000) x 70% = 7700 (elderly, level 3, 2025)
    out = run_command("simulate", simulate(compliant_cost=Decimal("12000.00")), policies)
    assert out["totals"]["basic_fund"] == "7700.00"
    (error,) = errors_of("simulate", simulate(compliant_cost=Decimal("12000.005")), policies)
    assert "两位小数" in error["message"]
    zero = run_command("simulate", simulate(compliant_cost=Decimal("-0.0")), policies)
    assert zero["totals"]["compliant_cost"] == "0.00" and "-0.00" not in json.dumps(zero, ensure_ascii=False)


# ------------------------------------------------------------------ limits before parsing


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 100_000, "嵌套层数过多"),
        ('{"policy_year": ' + "1" * 5000 + "}", "数字长达 5000 位"),
        ('{"policy_year": 2025, "policy_year": 2024}', "写了两次"),
        ('{"policy_year": NaN}', "不能写 NaN"),
        ('{"policy_year": -Infinity}', "不能写 -Infinity"),
    ],
)
def test_hostile_json_is_refused_before_parsing(text: str, words: str) -> None:
    code, out, err = cli(["quote", "-"], text)
    assert code == 2 and out == ""
    (error,) = json.loads(err)["errors"]
    assert error["field"] == "FILE" and words in error["message"]


def test_a_50_mb_input_is_refused_at_once(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    member = '{"category": "minor"},'
    with big.open("w", encoding="utf-8") as fh:
        fh.write('{"policy_year": 2025, "district": "wujin", "members": [')
        fh.write(member * (50_000_000 // len(member)))
        fh.write('{"category": "minor"}]}')
    started = time.perf_counter()
    code, _, err = cli(["quote", str(big)])
    # not a timing test: a read of the whole file would take many seconds and gigabytes
    assert time.perf_counter() - started < 20
    assert code == 2 and "过大" in json.loads(err)["errors"][0]["message"]


def test_household_and_text_limits(policies: PolicySet) -> None:
    many = {"policy_year": 2025, "district": "wujin", "members": [{"category": "minor"}] * 101}
    (error,) = errors_of("quote", many, policies)
    assert error["field"] == "members" and "最多 100 项" in error["message"]
    long_name = {"policy_year": 2025, "district": "wujin", "members": [{"category": "minor", "name": "张" * 300}]}
    (error,) = errors_of("quote", long_name, policies)
    assert error["field"] == "members[0].name" and "文字过长" in error["message"]
    broken = {"policy_year": 2025, "district": "wujin", "members": [{"category": "minor", "name": "\ud800"}]}
    assert "无法显示的字符" in errors_of("quote", broken, policies)[0]["message"]
    events = simulate() | {"events": [event()] * 1001}
    assert "最多 1000 项" in errors_of("simulate", events, policies)[0]["message"]


def test_a_folder_is_called_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "dir.json"
    folder.mkdir()
    code, _, err = cli(["quote", str(folder)])
    assert code == 2 and "是一个文件夹" in json.loads(err)["errors"][0]["message"]


# ------------------------------------------------------------------ commands and arguments


def test_a_mistyped_command_is_named_and_never_opens_the_window(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "qoute", "x.json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert out.returncode == 2, out.stderr
    assert "未知命令“qoute”" in out.stderr and "是不是要用 quote" in out.stderr


def test_argument_errors_and_help_are_chinese() -> None:
    code, _, err = cli(["policy", "abc"])
    assert code == 2 and "参数 年度 的值 'abc' 无效,应为整数" in err and not ENGLISH.search(err)
    code, _, err = cli(["quote"])
    assert code == 2 and "缺少参数" in err and not ENGLISH.search(err)
    code, _, err = cli(["diff", "2024", "2025", "--bogus"])
    assert code == 2 and "不认识的参数:--bogus" in err
    code, out, _ = cli(["-h"])
    assert code == 0 and "用法:" in out and "显示本帮助并退出" in out and "options" not in out
    code, _, err = cli(["pack"])
    assert code == 2 and "缺少参数:命令" in err and "action" not in err
    code, _, err = cli(["pack", "build", "x.yaml", "-o", "y.czpack", "--notice-issued", "2025-02-30"])
    assert code == 2 and "2025-02-30 不存在" in err and "格式" not in err
    code, out, _ = cli(["roster", "-h"])
    assert code == 0 and "用法:" in out and "选项" in out and "show this help" not in out


def test_a_reader_that_goes_away_is_no_traceback() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "policy", "2025"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `| true` does, long before the program has started to write
    err = proc.stderr.read().decode("utf-8")
    proc.stderr.close()
    assert proc.wait(timeout=60) in (0, 1) and "Traceback" not in err
